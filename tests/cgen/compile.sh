#!/bin/sh
# compile.sh - generate code for a schema and compile it with CC under
# -Wall -Wextra -Wpedantic -Werror (and the project's stricter warnings).
#
#   compile.sh SCHEMAC CC RUNTIME_INCLUDE_DIR SCHEMA PREFIX [--split]
# With --split every source of the split output (one per model) compiles on
# its own, and the objects link together without a duplicate or missing
# symbol of the generated code.
set -eu
SCHEMAC=$1 CC=$2 INC=$3 SCHEMA=$4 PREFIX=$5 SPLIT=${6:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$SCHEMAC" --no-color generate "$SCHEMA" -o "$TMP" --prefix "$PREFIX" $SPLIT
for src in "$TMP"/*.c; do
    # gnu11: GNU modes predefine linux and unix (CMake's default C standard mode).
    for std in c11 c17 gnu11; do
        "$CC" -std=$std -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
            -Wmissing-prototypes -Wformat=2 -Wconversion -Wno-sign-conversion -Wunused-macros \
            -I"$INC" -c "$src" -o "${src%.c}.o"
    done
done
if [ -n "$SPLIT" ]; then
    [ "$(ls "$TMP"/*.c | wc -l)" -gt 1 ] || { echo "compile.sh: --split wrote one source" >&2; exit 1; }
    # Every generated symbol defined once; those used across sources defined somewhere.
    ld -r -o "$TMP/all.o" "$TMP"/*.o
    undefined=$(nm -u "$TMP/all.o" | awk '{print $2}' | grep "^${PREFIX}_" || true)
    [ -z "$undefined" ] || { echo "compile.sh: undefined after linking the split sources: $undefined" >&2; exit 1; }
fi
# The header stands alone.
printf '#include "%s.h"\n' "$PREFIX" > "$TMP/only_header.c"
"$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror -I"$INC" -I"$TMP" -c "$TMP/only_header.c" -o "$TMP/h.o"
echo "$CC: $PREFIX compiles cleanly"
