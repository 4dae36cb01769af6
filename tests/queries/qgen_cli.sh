#!/usr/bin/env bash
# qgen_cli.sh SCHEMAC RUNTIME_INCLUDE - `schemac generate --queries` from the
# command line: the generated C of the wide query set compiles warning-free
# under gcc and clang (-Werror, C11 and C17); C names a query would share
# with the CRUD API or another query are located errors and nothing is
# written; a bad command is a located error, and the other queries are still
# checked (every error in one run); --list-outputs names the
# queries' files; the schema's `queries` setting is read relative to the
# schema; files of queries no longer given are removed.
set -u
schemac=${1:?usage: qgen_cli.sh SCHEMAC RUNTIME_INCLUDE}
inc=${2:?usage: qgen_cli.sh SCHEMAC RUNTIME_INCLUDE}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # NAME CONDITION...
  local name=$1
  shift
  if ! "$@"; then
    echo "FAIL: $name"
    fail=1
  fi
}

# ---- the wide set compiles under both compilers
flags="-Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wconversion -Wno-sign-conversion"
pgi=$(pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
for set in "schema.prisma sqlite_only.sql" "schema_pg.prisma postgresql_only.sql"; do
  read -r schema only <<<"$set"
  out=$tmp/wide_${only%.sql}
  if ! "$schemac" --no-color generate "$here/wide/$schema" -o "$out" --prefix inv --queries "$here/wide/common.sql" "$here/wide/$only" 2>"$tmp/err"; then
    echo "FAIL: generate wide/$schema"; cat "$tmp/err"; fail=1; continue
  fi
  for cc in gcc clang; do
    command -v $cc >/dev/null || continue
    for std in c11 c17; do
      check "$cc -std=$std inv_queries.c ($schema)" $cc -std=$std $flags -I"$inc" -I"$pgi" -I"$out" -c "$out/inv_queries.c" -o "$tmp/q.o"
    done
    printf '#include "inv_queries.h"\n' >"$tmp/h.c"
    check "$cc: the queries header alone ($schema)" $cc -std=c11 $flags -I"$inc" -I"$out" -c "$tmp/h.c" -o "$tmp/h.o"
  done
  check "the doc comment names the query file relative to the schema" grep -q "LowStock :many (common.sql:1)" "$out/inv_queries.h"
done

# ---- text from the query file reaches C escaped: doc comments and SQL that would end a comment,
# trigraphs, backslashes, quotes and non-ASCII text
cat >"$tmp/hostile.sql" <<'SQL'
-- name: Hostile :many
-- Ends a comment */ early? Opens /* another, a trigraph ??/ and "quotes" \ back\slashes. Ünïcödé.
SELECT id, '*/ ??/ "x" \ /*' AS junk, title FROM posts WHERE title <> 'it''s */' ORDER BY id;
SQL
if "$schemac" --no-color generate "$here/run/schema.prisma" -o "$tmp/hostile" --prefix h --queries "$tmp/hostile.sql" 2>"$tmp/err"; then
  for cc in gcc clang; do
    command -v $cc >/dev/null || continue
    check "$cc: hostile query text compiles" $cc -std=c11 $flags -Wcomment -Wtrigraphs -I"$inc" -I"$pgi" -I"$tmp/hostile" \
      -c "$tmp/hostile/h_queries.c" -o "$tmp/h.o"
  done
else
  echo "FAIL: generate hostile.sql"; cat "$tmp/err"; fail=1
fi

# ---- name clashes: located errors, nothing written
expect_error() { # NAME QUERYTEXT PATTERN...
  local name=$1 text=$2
  shift 2
  local out=$tmp/out_$name
  mkdir -p "$out"
  printf '%s\n' "$text" >"$tmp/$name.sql"
  "$schemac" --no-color generate "$here/run/schema.prisma" -o "$out" --prefix qrun --queries "$tmp/$name.sql" 2>"$tmp/err"
  local rc=$?
  check "$name: exit 1 (got $rc)" test "$rc" -eq 1
  for pat in "$@"; do
    check "$name: stderr has '$pat'" grep -qF -- "$pat" "$tmp/err"
  done
  check "$name: nothing written" test -z "$(ls -A "$out")"
}
expect_error crud "-- name: AuthorCount :one
SELECT count(*) AS n FROM authors;" \
  "crud.sql:1:10: error: query \"AuthorCount\": its function would be the C name qrun_author_count, which is already a name of the generated CRUD API (qrun.h)"
expect_error twice "-- name: GetPost :one
SELECT id FROM posts WHERE id = \$1;

-- name: Get_Post :one
SELECT id FROM posts WHERE id = \$1;" \
  "twice.sql:4:10: error: query \"Get_Post\": its function would be the C name qrun_get_post, which is already the function of query \"GetPost\""
expect_error row "-- name: Titles :many
SELECT title FROM posts;

-- name: TitlesRow :exec
DELETE FROM posts;" \
  "row.sql:4:10: error: query \"TitlesRow\": its function would be the C name qrun_titles_row, which is already the row struct of query \"Titles\""
expect_error model "-- name: Post :one
SELECT title FROM posts WHERE id = \$1;" \
  "model.sql:1:10: error: query \"Post\": its function would be the C name qrun_post, which is already a name of the generated CRUD API"
expect_error command "-- name: Titles :manyy
SELECT title FROM posts;" "command.sql:1:" "invalid query type"
# An unknown command leaves its query out, not the rest: the other queries of
# its file and of the other files are still checked, every error in one run.
printf -- '-- name: Gone :fetchall\nSELECT title FROM posts;\n\n-- name: NoColumn :many\nSELECT nosuch FROM posts;\n' >"$tmp/first.sql"
printf -- '-- name: NoTable :many\nSELECT id FROM nosuch_table;\n' >"$tmp/second.sql"
mkdir -p "$tmp/out_rest"
"$schemac" --no-color generate "$here/run/schema.prisma" -o "$tmp/out_rest" --prefix qrun --queries "$tmp/first.sql" "$tmp/second.sql" 2>"$tmp/err"
rc=$?
check "unknown command and others: exit 1 (got $rc)" test "$rc" -eq 1
check "unknown command and others: the command's error" grep -qF "first.sql:1:15: error: invalid query type: :fetchall" "$tmp/err"
check "unknown command and others: the same file's next query checked" grep -qF "first.sql:5:8: error: column \"nosuch\" does not exist" "$tmp/err"
check "unknown command and others: the next file checked" grep -qF "second.sql:2:16: error: relation \"nosuch_table\" does not exist" "$tmp/err"
check "unknown command and others: three errors" grep -qx "3 errors generated." "$tmp/err"
check "unknown command and others: nothing written" test -z "$(ls -A "$tmp/out_rest")"

# ---- --list-outputs, the schema's queries setting, stale files
mkdir -p "$tmp/proj/q"
sed 's|provider = "schemac"|provider = "schemac"\n  queries  = "q"|' "$here/run/schema.prisma" >"$tmp/proj/schema.prisma"
printf -- '-- name: Titles :many\nSELECT title FROM posts ORDER BY id;\n' >"$tmp/proj/q/titles.sql"
(cd / && "$schemac" --no-color generate "$tmp/proj/schema.prisma" --prefix app --list-outputs -o /gen) >"$tmp/list"
check "--list-outputs names the queries' files" grep -qx "/gen/app_queries.c" "$tmp/list"
check "--list-outputs names the queries' header" grep -qx "/gen/app_queries.h" "$tmp/list"
(cd / && "$schemac" --no-color generate "$tmp/proj/schema.prisma" --prefix app -o "$tmp/gen") 2>"$tmp/err"
check "the queries setting is read relative to the schema" grep -q "int app_titles(app_titles_row_list \*out, sc_conn \*conn);" "$tmp/gen/app_queries.h"
"$schemac" --no-color generate "$here/run/schema.prisma" --prefix app -o "$tmp/gen" 2>"$tmp/err"
check "the queries' files go when no queries are given" test ! -e "$tmp/gen/app_queries.c"
check "the CRUD files stay" test -e "$tmp/gen/app.c"

[ "$fail" -eq 0 ] && echo "qgen_cli: all checks passed"
exit "$fail"
