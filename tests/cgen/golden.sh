#!/bin/sh
# golden.sh - compare `schemac generate` output with tests/cgen/golden/.
#
#   golden.sh SCHEMAC            check every case (exit 1 and a diff on change)
#   golden.sh SCHEMAC --update   rewrite the expectations (review the git diff)
#
# A case is NAME SCHEMA PREFIX; the expectation is golden/NAME/PREFIX.{h,c},
# and golden/NAME/notes.txt what generate says (the C names it gave; absent
# when it says nothing).
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
    (cd "$ROOT" && "$SCHEMAC" --no-color generate "$schema" -o "$out" --prefix "$prefix" 2>"$out/notes.txt")
    [ -s "$out/notes.txt" ] || rm -f "$out/notes.txt"
    if [ "$UPDATE" = "--update" ]; then
        rm -f "$HERE/golden/$name/notes.txt"
        [ ! -f "$out/notes.txt" ] || { mkdir -p "$HERE/golden/$name"; cp "$out/notes.txt" "$HERE/golden/$name/notes.txt"; }
    elif [ -f "$out/notes.txt" ] || [ -f "$HERE/golden/$name/notes.txt" ]; then
        if ! diff -u "$HERE/golden/$name/notes.txt" "$out/notes.txt"; then
            echo "golden mismatch: $name/notes.txt (run tests/cgen/golden.sh SCHEMAC --update and review)" >&2
            status=1
        fi
    fi
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
names tests/cgen/schemas/names.prisma hz
CASES
exit $status
