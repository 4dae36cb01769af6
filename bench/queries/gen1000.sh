#!/usr/bin/env bash
# gen1000.sh [SCHEMAC] [COPIES] - how long checking and generating 1,000
# queries takes: the wide query set of tests/queries/wide/common.sql (every
# join kind, aggregates, subqueries, CTEs, slices, embeds) copied COPIES
# times (default 30, 1,020 queries) under new names, against the wide
# schema, on SQLite (each query also tried on PostgreSQL). Prints the wall
# and CPU time of `schemac generate --queries` and of `schemac generate`
# without queries, the best of 5 runs each. Not a test: the goal (< 1 s)
# is in bench/README.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
schemac=${1:-$root/build-bench/generator/schemac}
copies=${2:-30}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq 1 "$copies"); do
  sed -E "s/^-- name: ([A-Za-z0-9_]+)/-- name: \\1V$i/" "$root/tests/queries/wide/common.sql"
  echo
done >"$tmp/q.sql"
n=$(grep -c '^-- name:' "$tmp/q.sql")
best() { # COMMAND...: the best of 5 wall times (s) and its user+sys CPU
  local bw=999 bc=0
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%e %U %S" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err"; exit 1; }
    read -r w u s <"$tmp/t"
    if awk "BEGIN{exit !($w < $bw)}"; then bw=$w; bc=$(awk "BEGIN{print $u + $s}"); fi
  done
  echo "$bw s wall, $bc s CPU"
}
echo "queries: $n ($(wc -c <"$tmp/q.sql") bytes)"
echo "generate with --queries:    $(best "$schemac" --no-color generate "$root/tests/queries/wide/schema.prisma" -o "$tmp/out" --prefix w --queries "$tmp/q.sql")"
echo "generate without queries:   $(best "$schemac" --no-color generate "$root/tests/queries/wide/schema.prisma" -o "$tmp/out2" --prefix w)"
echo "queries (check only):       $(best "$schemac" --no-color queries "$root/tests/queries/wide/schema.prisma" --queries "$tmp/q.sql")"
echo "generated: $(wc -l <"$tmp/out/w_queries.c") lines of C in w_queries.c, $(wc -l <"$tmp/out/w_queries.h") in w_queries.h"
