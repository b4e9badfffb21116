# Shared by examples/*/check.sh (sourced, not run). Usage of a check:
#   examples/<name>/check.sh COMPOSE_BIN [PROJECT]
# COMPOSE_BIN is a compose-compatible binary (sharpcompose, /opt/peers/compose-v2, or "docker compose");
# PROJECT defaults to sc-<name>-<pid>. The example is copied to a scratch directory (its bind mounts and
# the files containers write there stay out of the repository), run there, then `down -v` and the
# scratch directory are removed by an EXIT trap. Published host ports are free ones picked at random
# (the compose files take them from WEB_PORT / PG_PORT, the tutorial's ports being the defaults).
# Each step prints one line with its time; the first failed step prints "FAIL: ..." and exits 1.
set -uo pipefail

[ $# -ge 1 ] && [ -n "$1" ] || { echo "usage: $0 COMPOSE_BIN [PROJECT]" >&2; exit 2; }
read -r -a COMPOSE <<<"$1"
EXAMPLE_DIR=$(cd "$(dirname "${BASH_SOURCE[1]}")" && pwd)
EXAMPLE=$(basename "$EXAMPLE_DIR")
PROJECT=${2:-sc-$EXAMPLE-$$}
COMPOSE_FILE_NAME=${COMPOSE_FILE_NAME:-compose.yaml}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sc-example-$EXAMPLE.XXXXXX")
cp -a "$EXAMPLE_DIR/." "$WORK/"
LOG="$WORK/.check.log"
T0=$(date +%s)

# Never inherit the caller's values for what the example files interpolate.
unset POSTGRES_USER POSTGRES_PASSWORD POSTGRES_DB IMAGE_NAME STAGING_SERVER COMPOSE_FILE COMPOSE_PROJECT_NAME

C() { "${COMPOSE[@]}" -p "$PROJECT" -f "$WORK/$COMPOSE_FILE_NAME" "$@"; }

cleanup() {
  local rc=$?
  # --rmi local: the images built for this (unique) project name go too
  C down -v --remove-orphans --rmi local --timeout 5 >/dev/null 2>&1 \
    || C down -v --remove-orphans --timeout 5 >/dev/null 2>&1 || true
  # containers may have written root- or postgres-owned files into bind-mounted directories
  rm -rf "$WORK" 2>/dev/null || docker run --rm -v "$WORK:/w" busybox rm -rf /w/. >/dev/null 2>&1 || true
  rm -rf "$WORK" 2>/dev/null || true
  if [ $rc -eq 0 ]; then echo "PASS: $EXAMPLE ($(( $(date +%s) - T0 ))s)"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: $EXAMPLE: $*" >&2
  if [ -s "$LOG" ]; then echo "---- last output ----" >&2; tail -n 40 "$LOG" >&2; fi
  exit 1
}

# step "what" cmd...   runs cmd with output to $LOG; the step fails unless it exits 0
step() {
  local what=$1; shift
  local s; s=$(date +%s)
  "$@" >"$LOG" 2>&1 || fail "$what: exit code $? from: $*"
  echo "ok   $what ($(( $(date +%s) - s ))s)"
}

# step_rc N "what" cmd...   the step fails unless cmd exits with code N
step_rc() {
  local want=$1 what=$2; shift 2
  local s rc; s=$(date +%s)
  "$@" >"$LOG" 2>&1; rc=$?
  [ "$rc" -eq "$want" ] || fail "$what: wanted exit code $want, got $rc from: $*"
  echo "ok   $what ($(( $(date +%s) - s ))s)"
}

# expect_in "what" PATTERN   the last step's output ($LOG) holds PATTERN (grep -E)
expect_in() {
  grep -Eq -- "$2" "$LOG" || fail "$1: output does not match /$2/"
  echo "ok   $1"
}

# free_port: a TCP port nobody listens on at 127.0.0.1, below Linux's ephemeral range (32768-60999), so
# that no outgoing connection takes it between now and the `up` that publishes it
free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$(( 20000 + RANDOM % 12000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  echo "no free port found" >&2; return 1
}

# http_get URL [SECONDS] [PATTERN]: GET until it answers 200 (and, if given, the body matches PATTERN);
# the body ends in $LOG and on stdout-less $BODY
http_get() {
  local url=$1 secs=${2:-60} pat=${3:-} end body
  end=$(( $(date +%s) + secs ))
  while :; do
    if body=$(curl -fsS --max-time 5 "$url" 2>&1); then
      if [ -z "$pat" ] || grep -Eq -- "$pat" <<<"$body"; then BODY=$body; printf '%s\n' "$body" >"$LOG"; return 0; fi
    fi
    [ "$(date +%s)" -lt "$end" ] || { printf '%s\n' "$body" >"$LOG"; return 1; }
    sleep 1
  done
}

# wait_for SECONDS "what" cmd...   retry cmd (quietly) until it exits 0
wait_for() {
  local secs=$1 what=$2; shift 2
  local s end; s=$(date +%s); end=$(( s + secs ))
  until "$@" >"$LOG" 2>&1; do
    [ "$(date +%s)" -lt "$end" ] || fail "$what: not true after ${secs}s: $*"
    sleep 1
  done
  echo "ok   $what ($(( $(date +%s) - s ))s)"
}

echo "== $EXAMPLE: ${COMPOSE[*]} -p $PROJECT (in $WORK)"
