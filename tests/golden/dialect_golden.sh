#!/usr/bin/env bash
# dialect_golden.sh SCHEMAC [--update] [NAME...]
#
# --dialect applies the target database's rules: every
# tests/golden/dialect/*.prisma is compiled for the database its name gives
# (pg_to_sqlite_* -> --dialect sqlite, sqlite_to_pg_* -> --dialect
# postgresql) by `schemac sql`, `schemac ir` and `schemac migrate diff`, from
# inside that folder. The stderr of `sql` must equal NAME.expected byte for
# byte, `ir` must print the same diagnostics, and all three commands must
# agree on the exit code: names containing "_ok" must pass (0), every other
# case must fail with schema errors (1) and migrate diff must write nothing.
# --update rewrites the .expected files; review the diff by eye.
set -u
. "$(dirname "$0")/golden_lib.sh"
golden_init dialect "$@"

total=0
failed=0
for f in "${cases[@]}"; do
  base=${f%.prisma}
  total=$((total + 1))
  case "$base" in
    pg_to_sqlite_*) dialect=sqlite ;;
    sqlite_to_pg_*) dialect=postgresql ;;
    *) echo "FAIL $f: name must start with pg_to_sqlite_ or sqlite_to_pg_"; failed=$((failed + 1)); continue ;;
  esac
  case "$base" in
    *_ok*) want=0 ;;
    *) want=1 ;;
  esac
  NO_COLOR=1 "$schemac" --no-color --format text sql --dialect "$dialect" "$f" >"$tmp/sql.out" 2>"$tmp/sql.err"
  rc_sql=$?
  NO_COLOR=1 "$schemac" --no-color --format text ir --dialect "$dialect" "$f" >"$tmp/ir.out" 2>"$tmp/ir.err"
  rc_ir=$?
  rm -rf "$tmp/mig"
  mkdir "$tmp/mig"
  NO_COLOR=1 "$schemac" --no-color --format text migrate diff --dialect "$dialect" --dir "$tmp/mig" \
    --name init --schema "$f" >"$tmp/mig.out" 2>"$tmp/mig.err"
  rc_mig=$?
  if [ "$update" -eq 1 ]; then
    cp "$tmp/sql.err" "$base.expected"
  fi
  bad=""
  if [ "$rc_sql" -ne "$want" ]; then
    bad="sql exit code $rc_sql, expected $want"
  elif [ "$rc_ir" -ne "$want" ]; then
    bad="ir exit code $rc_ir, expected $want"
  elif [ "$rc_mig" -ne "$want" ]; then
    bad="migrate diff exit code $rc_mig, expected $want"
  elif [ ! -f "$base.expected" ]; then
    bad="no $base.expected (run with --update)"
  elif ! cmp -s "$tmp/sql.err" "$base.expected"; then
    bad="sql stderr differs from $base.expected"
  elif ! cmp -s "$tmp/ir.err" "$base.expected"; then
    bad="ir stderr differs from $base.expected"
  elif [ "$want" -eq 1 ] && ! grep -qF -- "$(head -n 1 "$base.expected")" "$tmp/mig.err"; then
    bad="migrate diff does not report the first diagnostic"
  elif [ "$want" -eq 1 ] && [ -n "$(ls -A "$tmp/mig")" ]; then
    bad="migrate diff wrote a migration for a schema that does not fit $dialect"
  elif [ "$want" -eq 0 ] && [ ! -s "$tmp/sql.out" ]; then
    bad="sql printed no DDL"
  fi
  if [ -n "$bad" ]; then
    failed=$((failed + 1))
    echo "FAIL $f: $bad"
    if [ -f "$base.expected" ]; then diff -u "$base.expected" "$tmp/sql.err" | head -40; fi
  fi
done
echo "dialect_golden: $((total - failed))/$total passed"
[ "$failed" -eq 0 ]
