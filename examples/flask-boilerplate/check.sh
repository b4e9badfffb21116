#!/usr/bin/env bash
# flask-boilerplate (seed 004): version 2.1 file with ${POSTGRES_*} from .env, `build`, `up -d`,
# `exec app python manage.py recreate_db`, the API on 5000 reads and writes PostgreSQL, whose data lives
# in the bind-mounted ./postgres-data/postgres and survives down/up.
. "$(dirname "$0")/../check-lib.sh"
export WEB_PORT=$(free_port) PG_PORT=$(free_port)
url="http://127.0.0.1:$WEB_PORT"

step "config interpolates .env" C config
expect_in "POSTGRES_USER from .env" 'POSTGRES_USER: testusr'
expect_in "POSTGRES_DB from .env" 'POSTGRES_DB: testdb'
step "build" C build
step "up -d" C up -d
http_get "$url/" 90 'Hello World' || fail "GET / on port $WEB_PORT"
echo "ok   GET / answers: $BODY"
wait_for 60 "postgres accepts connections" C exec -T postgres pg_isready -U testusr -d testdb
step "exec app python manage.py recreate_db" C exec -T app python manage.py recreate_db
expect_in "recreate_db ran" 'tables dropped and created'
step "POST /persons" curl -fsS -X POST -H 'Content-Type: application/json' \
  -d '{"name": "Tim", "emails": ["tim@example.com"]}' "$url/persons"
expect_in "person created" '"name": ?"Tim"'
step "GET /persons" curl -fsS "$url/persons"
expect_in "person listed" 'tim@example.com'
step "the data lives in the bind-mounted ./postgres-data/postgres" test -s "$WORK/postgres-data/postgres/PG_VERSION"
step "down" C down
step "up -d again" C up -d
http_get "$url/persons" 90 'tim@example.com' || fail "GET /persons after down/up"
echo "ok   the person survived down/up (bind mount)"
