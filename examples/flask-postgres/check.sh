#!/usr/bin/env bash
# flask-postgres (seed 000): web starts once db is healthy; GET / answers with the PostgreSQL version;
# the data survives down/up (named volume) and goes with down -v.
. "$(dirname "$0")/../check-lib.sh"
export WEB_PORT=$(free_port) PG_PORT=$(free_port)

step "up --build -d --wait" C up --build -d --wait
step "ps" C ps
expect_in "db is healthy" 'healthy'
http_get "http://127.0.0.1:$WEB_PORT/" 60 'PostgreSQL version' || fail "GET / on port $WEB_PORT did not answer with the PostgreSQL version"
expect_in "GET / answers with the PostgreSQL version" '^Hello, World! PostgreSQL version: PostgreSQL [0-9]+'
echo "     $BODY"
step "psql through the db service (the tutorial's credentials)" \
  C exec -T -e PGPASSWORD=mypassword db psql -h 127.0.0.1 -U myuser -d mydatabase -tAc 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$);'
step "down (volumes kept)" C down
step "up again" C up -d --wait
step "the named volume kept the data" C exec -T db psql -U myuser -d mydatabase -tAc 'SELECT v FROM kept'
expect_in "row survived down/up" 'still here'
http_get "http://127.0.0.1:$WEB_PORT/" 60 'PostgreSQL version' || fail "GET / after restart"
echo "ok   GET / after down/up"
