#!/bin/sh
# Regenerates expected.json / expected.err of every case with the real peer (Compose v2.26.1).
# config-args: config flags (--no-normalize ...); args: global flags (--profile, -p, --env-file ...); env: extra VAR=value words.
# Usage: ./regen.sh [case...]   (run from anywhere)
set -u
here=$(cd "$(dirname "$0")" && pwd)
peer=${PEER:-/opt/peers/compose-v2}
cases=${*:-$(cd "$here" && ls -d */ | tr -d /)}
for c in $cases; do
  dir="$here/$c"
  args=""; [ -f "$dir/args" ] && args=$(cat "$dir/args")
  extra=""; [ -f "$dir/env" ] && extra=$(cat "$dir/env")
  cargs=""; [ -f "$dir/config-args" ] && cargs=$(cat "$dir/config-args")
  rm -f "$dir/expected.json" "$dir/expected.err"
  out=$(cd "$dir" && env -i PATH=/usr/bin:/bin HOME=/home/conformance $extra "$peer" -f compose.yaml $( [ -f "$dir/compose.override.yaml" ] && echo "-f compose.override.yaml" ) $args config --format json $cargs 2>/tmp/regen.err)
  rc=$?
  if [ $rc -eq 0 ]; then
    printf '%s\n' "$out" | sed "s#$dir#{{DIR}}#g" > "$dir/expected.json"
  else
    { echo "exit $rc"; sed "s#$dir#{{DIR}}#g" /tmp/regen.err; } > "$dir/expected.err"
  fi
  echo "$c: $rc"
done
