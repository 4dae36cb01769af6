#!/usr/bin/env bash
# live.sh SCHEMAC TMPDIR ENGINE [URLFILE] - `schemac queries --database-url`:
# the wide query set agrees with a database built from the schema (exit 0);
# after a column changes type (or disappears) in the database, the queries
# that use it are refused with the database's view, located at the query.
set -euo pipefail
schemac=${1:?usage: live.sh SCHEMAC TMPDIR ENGINE [URLFILE]}
work=${2:?}/queries_live.$$
engine=${3:?}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
if [ "$engine" = postgresql ]; then
  base=$(cat "${4:?the PostgreSQL URL file}")
  db=queries_live_$$
  psql -q "$base" -c "CREATE DATABASE $db" >/dev/null
  url="${base%/*}/$db"
  trap 'psql -q "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  schema=$here/wide/schema_pg.prisma
  "$schemac" sql "$schema" | psql -q -v ON_ERROR_STOP=1 "$url" >/dev/null
  change() { psql -q -v ON_ERROR_STOP=1 "$url" -c "$1" >/dev/null; }
  queries=("$here/wide/common.sql" "$here/wide/postgresql_only.sql")
else
  trap 'rm -rf "$work"' EXIT
  url="sqlite:$work/live.db"
  schema=$here/wide/schema.prisma
  "$schemac" sql "$schema" | sqlite3 "$work/live.db"
  change() { sqlite3 "$work/live.db" "$1"; }
  queries=("$here/wide/common.sql" "$here/wide/sqlite_only.sql")
fi
"$schemac" --no-color queries "$schema" --queries "${queries[@]}" --database-url "$url" >"$work/out" 2>&1 ||
  { cat "$work/out"; fail "the queries disagree with a database built from their schema"; }
if [ "$engine" = sqlite ]; then
  # Checking leaves the database as it was: its journal mode stays the owner's choice.
  [ "$(sqlite3 "$work/live.db" 'PRAGMA journal_mode')" = delete ] ||
    fail "checking the queries changed the database's journal mode"
  # A mistyped path is a usage error that names it, and creates no empty database there.
  set +e
  "$schemac" --no-color queries "$schema" --queries "${queries[0]}" --database-url "sqlite:$work/typo.db" >"$work/out" 2>&1
  rc=$?
  set -e
  [ "$rc" -eq 2 ] || { cat "$work/out"; fail "exit $rc for a missing SQLite file, expected 2"; }
  grep -qF "no database at $work/typo.db" "$work/out" || { cat "$work/out"; fail "the missing file is not named"; }
  [ ! -e "$work/typo.db" ] || fail "checking against a missing SQLite file created it"
fi
if [ "$engine" = postgresql ]; then
  change 'ALTER TABLE products ALTER COLUMN stock TYPE text'
  want='LowStock: column 3 (stock) is text in the database, but schemac inferred Int'
else
  change 'ALTER TABLE products RENAME COLUMN stock TO qty'
  want='LowStock: the database refuses it: no such column: stock'
fi
set +e
"$schemac" --no-color queries "$schema" --queries "${queries[@]}" --database-url "$url" >"$work/out" 2>&1
rc=$?
set -e
[ "$rc" -eq 1 ] || { cat "$work/out"; fail "exit $rc after the database changed, expected 1"; }
grep -qF "$want" "$work/out" || { cat "$work/out"; fail "no report: $want"; }
grep -q "common.sql:1:10: error:" "$work/out" || { cat "$work/out"; fail "the report is not located at the query"; }
# A URL that leads nowhere is a usage error, and says why without a password.
set +e
"$schemac" queries "$schema" --queries "${queries[0]}" --database-url "sqlite:$work/missing/dir/x.db" >"$work/out" 2>&1
rc=$?
set -e
[ "$rc" -eq 2 ] || { cat "$work/out"; fail "exit $rc for an unreachable database, expected 2"; }
echo "queries live ($engine): ok"
