#!/bin/sh
# cmake_files.sh BUILD_DIR CC [CFLAGS] - the files a schemac_generate() (and a
# schemac_generate_sqlc()) build reads, added and deleted between builds, with
# the installed package as a user's project uses it (`cmake --install`
# BUILD_DIR into a temporary prefix, then tests/queries/cmake_files and
# tests/queries/cmake_sqlc configured against it):
#  1. QUERIES a folder: a query file added to it declares its function in
#     shop_queries.h and puts it in the library; deleted, the next build
#     regenerates and the function is gone from both (the folder is globbed
#     at configure time: the set of files is a dependency of the generate
#     step, not only each file's content); a build with nothing changed never
#     runs schemac generate;
#  2. SCHEMA a folder: a .prisma file deleted takes its model's functions out
#     of shop.h;
#  3. a `queries` setting in the schema's generator block without QUERIES:
#     configuring (schemac lists the outputs) or, with SPLIT OFF, building
#     fails with a message naming QUERIES, not later at link time;
#  4. schemac_generate_sqlc() over a sqlc project (tests/queries/cmake_sqlc):
#     it builds and runs on SQLite, and a query file or migration added or
#     deleted regenerates.
# CFLAGS (the sanitizer flags of an ASan build) go to every compile and link.
set -eu
build=$1
cc=$2
cflags=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
base=${SCHEMAC_TEST_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$base"
tmp=$(mktemp -d "$base/queries-cmake.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "cmake_files.sh: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
prefix=$tmp/prefix

gen=
command -v ninja >/dev/null 2>&1 && gen="-G Ninja"
# configure DIR SCHEMA QUERIES SPLIT
configure() {
    # shellcheck disable=SC2086
    cmake -S "$here/cmake_files" -B "$1" $gen -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
        -DCMAKE_C_FLAGS="$cflags" -DSCHEMA="$2" -DQUERIES="$3" -DSPLIT="$4" >"$1.configure.log" 2>&1
}
# build DIR WHAT: a build that must succeed; its log in DIR.WHAT.log
build() {
    cmake --build "$1" >"$1.$2.log" 2>&1 || { cat "$1.$2.log" >&2; fail "the build ($2) failed"; }
}
generated() { grep -q "schemac generate" "$1.$2.log"; }
# declared HEADER FUNCTION
declared() { grep -q "^[a-z].* $2(" "$1"; }
# in_lib DIR FUNCTION
in_lib() { nm "$(find "$1" -name 'libshop_db.a')" | grep -q " T $2\$"; }

cp "$here/../cgen/consumer/shop.prisma" "$tmp/shop.prisma"
mkdir "$tmp/queries"
cp "$here/../cgen/consumer/queries.sql" "$tmp/queries/customers.sql"
# shellcheck disable=SC2016
extra='-- name: OrderTotal :one
SELECT total FROM "Order" WHERE id = $1;'

# 1. A QUERIES folder.
b=$tmp/q
configure "$b" "$tmp/shop.prisma" "$tmp/queries" AUTO ||
    { cat "$b.configure.log" >&2; fail "configuring the project failed"; }
build "$b" first
generated "$b" first || fail "the first build did not run schemac generate"
h=$b/shop_db_generated/shop_queries.h
declared "$h" shop_customers_like || fail "shop_customers_like is not declared in $h"
declared "$h" shop_order_total && fail "shop_order_total is declared before its file exists"
build "$b" again
generated "$b" again && { cat "$b.again.log" >&2; fail "an unchanged schema and queries re-ran schemac generate"; }

printf '%s\n' "$extra" >"$tmp/queries/zz_extra.sql"
build "$b" added
generated "$b" added || fail "adding a query file did not run schemac generate"
declared "$h" shop_order_total || fail "the added query's shop_order_total is not declared"
in_lib "$b" shop_order_total || fail "the added query's shop_order_total is not in the library"
build "$b" added_again
generated "$b" added_again && { cat "$b.added_again.log" >&2; fail "a build after the added file re-ran schemac generate"; }

rm "$tmp/queries/zz_extra.sql"
build "$b" deleted
generated "$b" deleted || { cat "$b.deleted.log" >&2; fail "deleting a query file did not run schemac generate"; }
declared "$h" shop_order_total && fail "the deleted query's shop_order_total is still declared in $h"
in_lib "$b" shop_order_total && fail "the deleted query's shop_order_total is still in the library"
declared "$h" shop_customers_like || fail "shop_customers_like is gone with the deleted file"
build "$b" deleted_again
generated "$b" deleted_again &&
    { cat "$b.deleted_again.log" >&2; fail "a build after the deleted file re-ran schemac generate"; }

# 2. A SCHEMA folder: a deleted .prisma file takes its model away.
mkdir "$tmp/schema"
cp "$tmp/shop.prisma" "$tmp/schema/shop.prisma"
printf 'model Extra {\n  id   Int    @id @default(autoincrement())\n  note String\n}\n' >"$tmp/schema/extra.prisma"
b=$tmp/s
configure "$b" "$tmp/schema" "$tmp/queries" AUTO ||
    { cat "$b.configure.log" >&2; fail "configuring the project with a schema folder failed"; }
build "$b" first
declared "$b/shop_db_generated/shop.h" shop_extra_create || fail "shop_extra_create is not declared"
rm "$tmp/schema/extra.prisma"
build "$b" deleted
declared "$b/shop_db_generated/shop.h" shop_extra_create && fail "the deleted schema file's model is still in shop.h"
in_lib "$b" shop_extra_create && fail "the deleted schema file's model is still in the library"
build "$b" deleted_again
generated "$b" deleted_again &&
    { cat "$b.deleted_again.log" >&2; fail "a build after the deleted schema file re-ran schemac generate"; }

# 3. The schema's generator block names the queries, CMake does not.
sed 's|^datasource db {|generator c {\n  provider = "schemac"\n  queries  = "queries"\n}\n\ndatasource db {|' \
    "$tmp/shop.prisma" >"$tmp/setting.prisma"
grep -q 'queries  = "queries"' "$tmp/setting.prisma" || fail "test schema has no queries setting"
b=$tmp/n
configure "$b" "$tmp/setting.prisma" "" AUTO && fail "configuring without QUERIES for a schema's queries setting succeeded"
grep -q "QUERIES" "$b.configure.log" || { cat "$b.configure.log" >&2; fail "the configure error does not name QUERIES"; }
# Named in QUERIES too: it builds.
b=$tmp/y
configure "$b" "$tmp/setting.prisma" "$tmp/queries" AUTO ||
    { cat "$b.configure.log" >&2; fail "configuring with the queries named twice failed"; }
build "$b" first
in_lib "$b" shop_customers_like || fail "shop_customers_like is not in the library"
# SPLIT OFF lists nothing at configure time: the build refuses instead.
b=$tmp/o
configure "$b" "$tmp/setting.prisma" "" OFF ||
    { cat "$b.configure.log" >&2; fail "configuring with SPLIT OFF failed"; }
cmake --build "$b" >"$b.first.log" 2>&1 && fail "building without QUERIES for a schema's queries setting succeeded"
grep -q "QUERIES" "$b.first.log" || { cat "$b.first.log" >&2; fail "the build error does not name QUERIES"; }
# 4. schemac_generate_sqlc(): a sqlc project (tests/queries/cmake_sqlc: a
#    SQLite package whose schema is a glob, a PostgreSQL package whose schema
#    is a folder, one query folder for both) builds and runs on SQLite; the
#    package sets SCHEMAC_EXECUTABLE; a query file added to or deleted from
#    the folder, or a migration added to the glob, regenerates; an unchanged
#    build runs nothing.
p=$tmp/sqlc
cp -R "$here/cmake_sqlc" "$p"
b=$tmp/sq
# shellcheck disable=SC2086
cmake -S "$p" -B "$b" $gen -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" \
    >"$b.configure.log" 2>&1 || { cat "$b.configure.log" >&2; fail "configuring the sqlc project failed"; }
grep -q "SCHEMAC_EXECUTABLE: $prefix/bin/schemac" "$b.configure.log" ||
    { cat "$b.configure.log" >&2; fail "SCHEMAC_EXECUTABLE is not the prefix's schemac"; }
build "$b" first
generated "$b" first || fail "the sqlc project's first build did not run schemac generate"
libdir=$(dirname "$(find "$prefix" -name 'libschemac.so' | head -n 1)")
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH} "$b/notes" "$p/schema/sqlite/001_notes.sql" >"$b.run.log" 2>&1 ||
    { cat "$b.run.log" >&2; fail "the sqlc project's program failed"; }
build "$b" again
generated "$b" again && { cat "$b.again.log" >&2; fail "an unchanged sqlc project re-ran schemac generate"; }
lib() { nm "$b/libnotes_db.a" | grep -q " T $1\$"; }
h=$b/notes_db_generated/lite_queries.h
printf -- '-- name: CountNotes :one\nSELECT count(*) AS n FROM notes;\n' >"$p/queries/zz_count.sql"
build "$b" added
generated "$b" added || { cat "$b.added.log" >&2; fail "adding a query file to the sqlc project did not regenerate"; }
declared "$h" lite_count_notes || fail "the added query's lite_count_notes is not declared"
lib lite_count_notes || fail "the added query's lite_count_notes is not in the library"
lib pg_count_notes || fail "the added query's pg_count_notes is not in the library"
build "$b" added_again
generated "$b" added_again && { cat "$b.added_again.log" >&2; fail "a build after the added query file re-ran schemac"; }
rm "$p/queries/zz_count.sql"
build "$b" deleted
generated "$b" deleted || { cat "$b.deleted.log" >&2; fail "deleting a query file from the sqlc project did not regenerate"; }
declared "$h" lite_count_notes && fail "the deleted query's lite_count_notes is still declared"
lib lite_count_notes && fail "the deleted query's lite_count_notes is still in the library"
declared "$h" lite_list_notes || fail "lite_list_notes is gone with the deleted file"
printf -- '-- +goose Up\nCREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n' >"$p/schema/sqlite/002_tags.sql"
build "$b" migration
generated "$b" migration || { cat "$b.migration.log" >&2; fail "a migration added to the schema glob did not regenerate"; }
grep -q "^typedef struct lite_tag " "$b/notes_db_generated/lite.h" || fail "the added migration's table is not in lite.h"
build "$b" migration_again
generated "$b" migration_again && { cat "$b.migration_again.log" >&2; fail "a build after the added migration re-ran schemac"; }
echo "cmake_files.sh: ok"
