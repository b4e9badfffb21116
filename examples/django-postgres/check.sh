#!/usr/bin/env bash
# django-postgres (seed 003): the corrected file comes up health-gated (web starts once db is healthy,
# migrates, serves on 8000), with the fixed container names, restart policy and three named volumes;
# the file as printed in the tutorial is refused with a located error.
# The tutorial fixes container_name (lms_postgres, lms_django): two runs at once would clash.
. "$(dirname "$0")/../check-lib.sh"
export WEB_PORT=$(free_port) PG_PORT=$(free_port)

COMPOSE_FILE_NAME=compose.as-printed.yaml
step_rc_nonzero() { local s; s=$(date +%s); if C "$@" >"$LOG" 2>&1; then fail "config of the file as printed succeeded"; fi; echo "ok   the file as printed is refused ($(( $(date +%s) - s ))s)"; }
step_rc_nonzero config
# Compose v2 says "yaml: line 2: ..."; SharpCompose says "FILE:2:COL: yaml: ...": both locate line 2.
expect_in "the error is located (line 2: \`version = '3.8'\` then \`services:\`)" 'line 2|compose\.as-printed\.yaml:2:[0-9]+'
COMPOSE_FILE_NAME=compose.yaml

step "config of the corrected file" C config
expect_in "postgres:15-alpine" 'image: postgres:15-alpine'
step "up --build -d --wait" C up --build -d --wait
step "ps" C ps
expect_in "container lms_postgres" 'lms_postgres'
expect_in "container lms_django" 'lms_django'
expect_in "db healthy" 'healthy'
http_get "http://127.0.0.1:$WEB_PORT/" 90 '"database": "postgresql"' || fail "GET / on port $WEB_PORT"
expect_in "GET / answers from Django on PostgreSQL via DB_HOST=db" '"db_host": "db"'
echo "     $BODY"
step "POST /api/courses/" curl -fsS -X POST -d '{"title": "Docker Compose 101"}' "http://127.0.0.1:$WEB_PORT/api/courses/"
expect_in "course created" '"title": "Docker Compose 101"'
step "the migrations ran (exec web manage.py showmigrations)" C exec -T web python manage.py showmigrations courses
expect_in "courses.0001_initial applied" '\[X\] 0001_initial'
step "the row is in lms_database" C exec -T db psql -U lms_user -d lms_database -tAc 'SELECT title FROM courses_course'
expect_in "row" '^Docker Compose 101$'
step "restart policies" docker inspect -f '{{.Name}} {{.HostConfig.RestartPolicy.Name}}' lms_postgres lms_django
[ "$(grep -c ' unless-stopped$' "$LOG")" -eq 2 ] || fail "restart: unless-stopped expected on both: $(cat "$LOG")"
echo "ok   restart: unless-stopped on both"
step "three named volumes" docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT"
for v in postgres_data static_volume media_volume; do expect_in "volume $v" "^${PROJECT}_$v\$"; done
step "restart web (migrate runs again, no-op)" C restart -t 3 web
http_get "http://127.0.0.1:$WEB_PORT/api/courses/" 90 'Docker Compose 101' || fail "GET /api/courses/ after restart"
echo "ok   data still served after restart"
