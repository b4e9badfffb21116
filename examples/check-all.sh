#!/usr/bin/env bash
# Runs every examples/*/check.sh with one compose binary, one after the other.
#   examples/check-all.sh COMPOSE_BIN [EXAMPLE...]
# Ends with the line "N passed, N failed"; exits 1 if any failed.
set -uo pipefail
[ $# -ge 1 ] || { echo "usage: $0 COMPOSE_BIN [EXAMPLE...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
bin=$1; shift
if [ $# -gt 0 ]; then names=("$@"); else names=(); for d in "$here"/*/check.sh; do names+=("$(basename "$(dirname "$d")")"); done; fi
passed=0; failed=0; failures=()
for n in "${names[@]}"; do
  if "$here/$n/check.sh" "$bin" "sc-$n-$$"; then passed=$((passed+1)); else failed=$((failed+1)); failures+=("$n"); fi
done
[ $failed -eq 0 ] || echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
