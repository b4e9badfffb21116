#!/usr/bin/env bash
# nginx-flask-postgres (seed 002): db first, a one-off `run --rm flaskapp` creates the schema, nginx
# (on web_nw only) proxies to flaskapp by service name, a sign-up lands in PostgreSQL, the schema survives
# down/up (named volume), and `up -d --scale flaskapp=2` gives two replicas that both answer through nginx.
. "$(dirname "$0")/../check-lib.sh"
export WEB_PORT=$(free_port)
url="http://127.0.0.1:$WEB_PORT/"
psql_() { C exec -T db psql -U flaskapp -d flaskapp -tAc "$1"; }

step "up -d db" C up -d db
wait_for 60 "db accepts connections" C exec -T db pg_isready -U flaskapp -d flaskapp
step "run --rm flaskapp ... init_db() creates the schema" \
  C run --rm flaskapp /bin/bash -c "cd /opt/services/flaskapp/src && python -c  'import database; database.init_db()'"
step "the signups table exists" psql_ "SELECT count(*) FROM signups"
expect_in "empty signups table" '^0$'
step "up -d" C up -d
http_get "$url" 90 'Hello, please sign up!' || fail "GET / through nginx on port $WEB_PORT"
echo "ok   GET / through nginx: Hello, please sign up!"

# a sign-up through nginx (Flask-WTF form: CSRF token + session cookie)
jar="$WORK/.cookies"
token=$(curl -fsS -c "$jar" "$url" | sed -n 's/.*name="csrf_token" type="hidden" value="\([^"]*\)".*/\1/p')
[ -n "$token" ] || fail "no csrf_token in the sign-up form"
step "POST / signs up" curl -fsS -b "$jar" -c "$jar" -L --data-urlencode "csrf_token=$token" \
  --data-urlencode "name=Ada" --data-urlencode "email=ada@example.com" "$url"
expect_in "redirected to /success" 'Thank you for signing up!'
step "the sign-up is in PostgreSQL" psql_ "SELECT name || ' ' || email FROM signups"
expect_in "row Ada" '^Ada ada@example.com$'

step "nginx is not on db_nw: it cannot resolve db" bash -c "! $(printf '%q ' "${COMPOSE[@]}") -p $PROJECT -f $WORK/compose.yaml exec -T nginx getent hosts db"
step "flaskapp resolves db" C exec -T flaskapp getent hosts db

step "down (named volume kept)" C down
step "up -d again" C up -d
wait_for 60 "db accepts connections again" C exec -T db pg_isready -U flaskapp -d flaskapp
step "the schema and data survived down/up" psql_ "SELECT count(*) FROM signups"
expect_in "one row" '^1$'

step "up -d --scale flaskapp=2" C up -d --scale flaskapp=2
step "ps flaskapp" C ps flaskapp
[ "$(grep -c 'flaskapp-[0-9]' "$LOG")" -ge 2 ] || fail "two flaskapp containers expected: $(cat "$LOG")"
echo "ok   two flaskapp containers"
seen=""; end=$(( $(date +%s) + 90 ))
while [ "$(printf '%s\n' $seen | sort -u | grep -c .)" -lt 2 ]; do
  [ "$(date +%s)" -lt "$end" ] || fail "in 90s only these replicas answered through nginx: $(printf '%s ' $seen)"
  h=$(curl -fsS --max-time 5 "$url" 2>/dev/null | sed -n 's/.*<span id="hostname">\([^<]*\)<.*/\1/p') || true
  [ -n "$h" ] && seen="$seen $h" || sleep 0.5
done
echo "ok   both replicas answered through nginx: $(printf '%s\n' $seen | sort | uniq -c | awk '{printf "%s (%s) ", $2, $1}')"
