#!/bin/sh
# golden.sh - compare `schemac generate` output with tests/cgen/golden/.
#
#   golden.sh SCHEMAC            check every case (exit 1 and a diff on change)
#   golden.sh SCHEMAC --update   rewrite the expectations (review the git diff)
#
# A case is NAME SCHEMA PREFIX; the expectation is golden/NAME/PREFIX.{h,c}.
set -eu
SCHEMAC=$1
UPDATE=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

status=0
while read -r name schema prefix; do
    [ -z "$name" ] && continue
    out="$TMP/$name"
    mkdir -p "$out"
    "$SCHEMAC" --no-color generate "$ROOT/$schema" -o "$out" --prefix "$prefix"
    for f in "$prefix.h" "$prefix.c"; do
        if [ "$UPDATE" = "--update" ]; then
            mkdir -p "$HERE/golden/$name"
            cp "$out/$f" "$HERE/golden/$name/$f"
        elif ! diff -u "$HERE/golden/$name/$f" "$out/$f"; then
            echo "golden mismatch: $name/$f (run tests/cgen/golden.sh SCHEMAC --update and review)" >&2
            status=1
        fi
    done
done <<CASES
blog examples/blog/schema.prisma blog
kitchen tests/cgen/schemas/kitchen.prisma kitchen
CASES
exit $status
