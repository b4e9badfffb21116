#!/usr/bin/env bash
# Entrypoint of the postgres stand-in: first start initialises $PGDATA the way the official image does,
# then postgres runs as PID 1 (exec) as the postgres user.
set -Eeo pipefail

log() { echo "stand-in postgres: $*" >&2; }
die() { log "error: $*"; exit 1; }

# `docker run postgres:14 -c shared_buffers=256MB` means `postgres -c ...`
if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi

if [ "$1" != postgres ]; then exec "$@"; fi

# VAR_FILE=/run/secrets/x gives VAR the file's content (compose secrets), as in the official image
for var in POSTGRES_USER POSTGRES_PASSWORD POSTGRES_DB POSTGRES_INITDB_ARGS; do
  fvar="${var}_FILE"
  if [ -n "${!fvar:-}" ]; then
    [ -z "${!var:-}" ] || die "both $var and $fvar are set (but are exclusive)"
    [ -r "${!fvar}" ] || die "$fvar=${!fvar} cannot be read"
    export "$var=$(< "${!fvar}")"
  fi
  unset "$fvar"
done

: "${PGDATA:=/var/lib/postgresql/data}"
export PGDATA

if [ "$(id -u)" = 0 ]; then
  # As root: make the data and socket directories the postgres user's, then drop privileges.
  mkdir -p "$PGDATA"
  chmod 00700 "$PGDATA" || :
  find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' + || :
  mkdir -p /var/run/postgresql
  chown postgres:postgres /var/run/postgresql || :
  chmod 3777 /var/run/postgresql || :
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_USER:=postgres}"
  : "${POSTGRES_DB:=$POSTGRES_USER}"
  : "${POSTGRES_HOST_AUTH_METHOD:=}"
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    die "Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the superuser, or
       set POSTGRES_HOST_AUTH_METHOD=trust to allow all connections without a password (not recommended)."
  fi
  [ -w "$PGDATA" ] || die "$PGDATA is not writable by $(id -un)"

  log "initialising $PGDATA (user $POSTGRES_USER, database $POSTGRES_DB)"
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$pwfile"
  # shellcheck disable=SC2086
  initdb --username="$POSTGRES_USER" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    $POSTGRES_INITDB_ARGS -D "$PGDATA" >/dev/null
  rm -f "$pwfile"

  auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
  printf '\n# stand-in: every remote host, like the official image\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"
  printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"

  # A temporary server reachable only through a private socket directory, so that a health check
  # (pg_isready on the default socket) cannot report ready before the initialisation is over.
  initsock=$(mktemp -d)
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories='$initsock'" -w start >/dev/null
  export PGHOST=$initsock PGUSER=$POSTGRES_USER PGPASSWORD=${POSTGRES_PASSWORD:-}
  psql_() { psql -v ON_ERROR_STOP=1 --no-password --no-psqlrc "$@"; }
  if [ "$POSTGRES_DB" != postgres ]; then
    psql_ --dbname postgres --set db="$POSTGRES_DB" -q <<<'CREATE DATABASE :"db";'
    log "created database $POSTGRES_DB"
  fi
  shopt -s nullglob
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh)
        if [ -x "$f" ]; then log "running $f"; "$f"; else log "sourcing $f"; . "$f"; fi ;;
      *.sql)    log "running $f"; psql_ --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) log "running $f"; gunzip -c "$f" | psql_ --dbname "$POSTGRES_DB" ;;
      *)        log "ignoring $f" ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  rmdir "$initsock" 2>/dev/null || :
  unset PGHOST PGUSER PGPASSWORD
  log "initialisation complete; ready for start up"
else
  log "$PGDATA already holds a database; skipping initialisation"
fi

exec "$@"
