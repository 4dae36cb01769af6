#!/bin/sh
# split.sh BUILD_DIR CC [CFLAGS] - a schema generated one source per model,
# built with the installed package as a user's project builds it:
#  1. `cmake --install` BUILD_DIR into a temporary prefix;
#  2. configure tests/cgen/split (schemac_generate ... SPLIT ON) on a copy of
#     schemas/itest.prisma: the library holds every model's functions (its
#     sources compiled as schemac_generate() builds them, in unity batches), and
#     test_cgen_db (the integration test of the generated code) passes on
#     SQLite and, when SCHEMAC_TEST_PG_URLFILE names a running cluster, on
#     PostgreSQL;
#  3. a model added to the schema: the next build configures again, lists
#     the new model's header and source, compiles it and links its
#     functions; a model removed: its files are gone from the build and
#     from the folder.
# CFLAGS (the sanitizer flags of an ASan build) go to every compile and link.
set -eu
build=$1
cc=$2
cflags=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
base=${SCHEMAC_TEST_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$base"
tmp=$(mktemp -d "$base/cgen-split.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "split.sh: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
prefix=$tmp/prefix
libdir=$(dirname "$(find "$prefix" -name 'libschemac.so' | head -n 1)")
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH

cp "$here/schemas/itest.prisma" "$tmp/itest.prisma"
models=$(grep -c '^model ' "$tmp/itest.prisma")
for d in sqlite postgresql; do
    "$prefix/bin/schemac" --no-color sql --dialect $d "$tmp/itest.prisma" >"$tmp/itest_$d.sql"
done

gen=
command -v ninja >/dev/null 2>&1 && gen="-G Ninja"
# shellcheck disable=SC2086
cmake -S "$here/split" -B "$tmp/b" $gen -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_C_FLAGS="$cflags" -DSCHEMA="$tmp/itest.prisma" -DTEST_SOURCE="$here/test_cgen_db.c" \
    -DTEST_SUPPORT="$here/../support" >"$tmp/configure.log" 2>&1 ||
    { cat "$tmp/configure.log" >&2; fail "configuring the split project failed"; }
cmake --build "$tmp/b" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; fail "building the split project failed"; }
out=$tmp/b/itest_db_generated
lib=$(find "$tmp/b" -name 'libitest_db.a')
# A header and a source per model besides itest.h and itest.c, all in the library.
[ "$(ls "$out"/itest_*.c | wc -l)" -eq "$models" ] || fail "expected $models model sources, got: $(ls "$out")"
[ "$(ls "$out"/itest_*.h | wc -l)" -eq "$models" ] || fail "expected $models model headers, got: $(ls "$out")"
for m in $(sed -n 's/^model \([A-Za-z0-9]*\) {$/\1/p' "$tmp/itest.prisma"); do
    snake=$(printf '%s' "$m" | sed 's/\([a-z0-9]\)\([A-Z]\)/\1_\2/g' | tr 'A-Z' 'a-z')
    [ -f "$out/itest_$snake.c" ] || fail "no source for model $m"
    nm "$lib" | grep -q " T itest_${snake}_create\$" || fail "itest_${snake}_create is not in the library"
done

export SCHEMAC_TEST_TMP="$tmp"
"$tmp/b/test_cgen_db" sqlite "$tmp/itest_sqlite.sql" >"$tmp/sqlite.log" 2>&1 ||
    { cat "$tmp/sqlite.log" >&2; fail "test_cgen_db on SQLite failed with the split sources"; }
if [ -n "${SCHEMAC_TEST_PG_URLFILE:-}" ] && [ -s "$SCHEMAC_TEST_PG_URLFILE" ]; then
    "$tmp/b/test_cgen_db" pg "$tmp/itest_postgresql.sql" >"$tmp/pg.log" 2>&1 ||
        { cat "$tmp/pg.log" >&2; fail "test_cgen_db on PostgreSQL failed with the split sources"; }
else
    echo "split.sh: no PostgreSQL cluster (SCHEMAC_TEST_PG_URLFILE): SQLite only"
fi

# An unchanged schema: nothing to do.
cmake --build "$tmp/b" >"$tmp/rebuild.log" 2>&1 || fail "the second build failed"
if grep -q "schemac generate" "$tmp/rebuild.log"; then
    cat "$tmp/rebuild.log" >&2
    fail "an unchanged schema re-ran schemac generate"
fi

# A new model: configure runs again and lists its source, the build compiles it.
printf '\nmodel Extra {\n  id   Int    @id @default(autoincrement())\n  note String\n}\n' >>"$tmp/itest.prisma"
cmake --build "$tmp/b" >"$tmp/add.log" 2>&1 || { cat "$tmp/add.log" >&2; fail "the build after adding a model failed"; }
[ -f "$out/itest_extra.c" ] && [ -f "$out/itest_extra.h" ] || fail "no source or header for the new model"
nm "$lib" | grep -q ' T itest_extra_create$' || fail "the new model's source was not compiled into the library"

# The model removed again: its source leaves the folder and the build.
head -n -5 "$tmp/itest.prisma" >"$tmp/s" && mv "$tmp/s" "$tmp/itest.prisma"
grep -q 'model Extra' "$tmp/itest.prisma" && fail "test schema not restored"
cmake --build "$tmp/b" >"$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log" >&2; fail "the build after removing a model failed"; }
[ ! -e "$out/itest_extra.c" ] && [ ! -e "$out/itest_extra.h" ] || fail "the removed model's source or header is still there"
nm "$lib" | grep -q 'itest_extra_create' && fail "itest_extra_create is still in the library"
echo "split.sh: ok"
