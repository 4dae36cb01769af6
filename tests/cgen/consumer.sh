#!/bin/sh
# consumer.sh BUILD_DIR CC [CFLAGS] - the installed product, used as a new
# user would: `cmake --install` BUILD_DIR into a temporary prefix, then
#  1. configure and build tests/cgen/consumer (find_package(schemac) +
#     schemac_generate) against it and run the program on SQLite; a second
#     build must do nothing (the generate step re-runs only on change);
#  2. the same program through pkg-config and a plain cc command line.
# CFLAGS (the sanitizer flags of an ASan build) go to every compile and link.
set -eu
build=$1
cc=$2
cflags=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
base=${SCHEMAC_TEST_TMP:-${TMPDIR:-/tmp}}
mkdir -p "$base"
tmp=$(mktemp -d "$base/cgen-consumer.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() { echo "consumer.sh: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
prefix=$tmp/prefix
[ -x "$prefix/bin/schemac" ] || fail "schemac was not installed"
"$prefix/bin/schemac" --no-color sql --dialect sqlite "$here/consumer/shop.prisma" >"$tmp/shop.sql"
# The installed shared runtime is found the way a user of a private prefix finds it.
libdir=$(dirname "$(find "$prefix" -name 'libschemac.so' | head -n 1)")
[ -n "$libdir" ] || fail "libschemac.so was not installed"
LD_LIBRARY_PATH=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH

# 1. CMake: find_package(schemac) + schemac_generate().
gen=
command -v ninja >/dev/null 2>&1 && gen="-G Ninja"
# PATH does not hold the prefix: the package must find its own schemac.
# shellcheck disable=SC2086
cmake -S "$here/consumer" -B "$tmp/cmake" $gen -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$cflags" >"$tmp/configure.log" 2>&1 ||
    { cat "$tmp/configure.log" >&2; fail "configuring the consumer project failed"; }
cmake --build "$tmp/cmake" >"$tmp/build.log" 2>&1 ||
    { cat "$tmp/build.log" >&2; fail "building the consumer project failed"; }
grep -q "schemac generate" "$tmp/build.log" || fail "the build did not run schemac generate"
"$tmp/cmake/shop" "$tmp/shop.sql" || fail "the CMake-built program failed"
cmake --build "$tmp/cmake" >"$tmp/rebuild.log" 2>&1 || fail "the second build failed"
if grep -q "schemac generate" "$tmp/rebuild.log"; then
    cat "$tmp/rebuild.log" >&2
    fail "an unchanged schema re-ran schemac generate"
fi

# 2. pkg-config and a plain compiler command line.
pcdir=$(dirname "$(find "$prefix" -name schemac.pc | head -n 1)")
[ -n "$pcdir" ] || fail "schemac.pc was not installed"
mkdir -p "$tmp/pc"
"$prefix/bin/schemac" --no-color generate "$here/consumer/shop.prisma" -o "$tmp/pc" --prefix shop \
    --queries "$here/consumer/queries.sql"
# schemac.pc finds its prefix from where it lies (installed elsewhere with
# --prefix, only PKG_CONFIG_PATH is needed); it requires sqlite3 and libpq,
# whose own .pc files give their flags (so no --define-variable=prefix here:
# it would move theirs too).
flags=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags --libs schemac) ||
    fail "pkg-config does not know schemac"
# shellcheck disable=SC2086
"$cc" -std=c11 -Wall -Wextra -Wpedantic -Werror $cflags -I"$tmp/pc" -o "$tmp/pc/shop" \
    "$here/consumer/main.c" "$tmp/pc/shop.c" "$tmp/pc/shop_queries.c" $flags || fail "cc with pkg-config flags failed"
"$tmp/pc/shop" "$tmp/shop.sql" || fail "the pkg-config-built program failed"
echo "consumer.sh: ok"
