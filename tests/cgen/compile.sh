#!/bin/sh
# compile.sh - generate code for a schema and compile it with CC under
# -Wall -Wextra -Wpedantic -Werror (and the project's stricter warnings).
#
#   compile.sh SCHEMAC CC RUNTIME_INCLUDE_DIR SCHEMA PREFIX
set -eu
SCHEMAC=$1 CC=$2 INC=$3 SCHEMA=$4 PREFIX=$5
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
"$SCHEMAC" --no-color generate "$SCHEMA" -o "$TMP" --prefix "$PREFIX"
for std in c11 c17; do
    "$CC" -std=$std -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes \
        -Wmissing-prototypes -Wformat=2 -Wconversion -Wno-sign-conversion \
        -I"$INC" -c "$TMP/$PREFIX.c" -o "$TMP/$PREFIX.o"
done
# The header stands alone.
printf '#include "%s.h"\n' "$PREFIX" > "$TMP/only_header.c"
"$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror -I"$INC" -I"$TMP" -c "$TMP/only_header.c" -o "$TMP/h.o"
echo "$CC: $PREFIX compiles cleanly"
