#!/usr/bin/env bash
# golden.sh SCHEMAC [--update] - typed queries against their expectations:
#   wide/common.sql with wide/<engine>_only.sql on SQLite and on PostgreSQL: `schemac --format json
#   queries` must print wide/expected_<engine>.json exactly (every query's
#   dialects, SQL per database, parameters and columns with types and
#   nullability);
#   errors/*.sql: each must be refused (exit 1; warn_*: accepted, exit 0)
#   with exactly errors/NAME.expected on stderr (located, gcc style).
#   pg_*.sql run against the PostgreSQL schema, the rest against SQLite's.
# --update rewrites the expectations from the current output; review the diff.
set -u
schemac=${1:?usage: golden.sh SCHEMAC [--update]}
update=0
[ "${2:-}" = "--update" ] && update=1
cd "$(dirname "$0")" || exit 2
fail=0
total=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for engine in sqlite postgresql; do
  schema=wide/schema.prisma
  [ "$engine" = postgresql ] && schema=wide/schema_pg.prisma
  total=$((total + 1))
  "$schemac" --no-color --format json queries "$schema" --queries wide/common.sql "wide/${engine}_only.sql" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ "$update" -eq 1 ] && [ "$rc" -eq 0 ]; then cp "$tmp/out" "wide/expected_$engine.json"; fi
  if [ "$rc" -ne 0 ] || ! cmp -s "$tmp/out" "wide/expected_$engine.json"; then
    echo "FAIL wide ($engine): exit $rc"
    cat "$tmp/err"
    diff -u "wide/expected_$engine.json" "$tmp/out" | head -60
    fail=$((fail + 1))
  fi
done
for f in errors/*.sql; do
  base=${f%.sql}
  name=$(basename "$base")
  schema=wide/schema.prisma
  case "$name" in pg_*) schema=wide/schema_pg.prisma ;; esac
  total=$((total + 1))
  NO_COLOR=1 "$schemac" --no-color queries "$schema" --queries "$f" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  if [ "$update" -eq 1 ]; then cp "$tmp/err" "$base.expected"; fi
  want=1
  case "$name" in warn_*) want=0 ;; esac
  if [ "$rc" -ne "$want" ] || ! cmp -s "$tmp/err" "$base.expected"; then
    echo "FAIL $f: exit $rc (want $want)"
    diff -u "$base.expected" "$tmp/err" | head -40
    fail=$((fail + 1))
  fi
done
echo "queries golden: $((total - fail))/$total passed"
[ "$fail" -eq 0 ]
