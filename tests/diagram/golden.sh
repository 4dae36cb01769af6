#!/bin/sh
# golden.sh - compare `schemac diagram` output with tests/diagram/golden/.
#
#   golden.sh SCHEMAC            check every case (exit 1 and a diff on change)
#   golden.sh SCHEMAC --update   rewrite the expectations (review the git diff)
#
# A case is NAME SCHEMA [DIALECT]; each case is drawn in both formats into
# golden/NAME.mmd (Mermaid) and golden/NAME.dot (Graphviz). When Graphviz's
# `dot` is installed, every DOT output must also lay out without a warning;
# without it that check is skipped (Graphviz is not a dependency).
set -eu
SCHEMAC=$1
UPDATE=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
DOT=$(command -v dot || true)
[ -n "$DOT" ] || echo "diagram golden: graphviz 'dot' not installed, DOT layout check skipped"

status=0
count=0
while read -r name schema dialect; do
    [ -z "$name" ] && continue
    for fmt in mermaid dot; do
        ext=mmd
        [ "$fmt" = dot ] && ext=dot
        out="$TMP/$name.$ext"
        if [ -n "$dialect" ]; then
            "$SCHEMAC" --no-color diagram --format "$fmt" --dialect "$dialect" "$ROOT/$schema" >"$out"
        else
            "$SCHEMAC" --no-color diagram --format "$fmt" "$ROOT/$schema" >"$out"
        fi
        count=$((count + 1))
        if [ "$UPDATE" = "--update" ]; then
            cp "$out" "$HERE/golden/$name.$ext"
        elif ! diff -u "$HERE/golden/$name.$ext" "$out"; then
            echo "golden mismatch: $name.$ext (run tests/diagram/golden.sh SCHEMAC --update and review)" >&2
            status=1
        fi
        if [ "$fmt" = dot ] && [ -n "$DOT" ]; then
            if ! "$DOT" -Tsvg -o "$TMP/out.svg" "$out" 2>"$TMP/dot.err" || [ -s "$TMP/dot.err" ]; then
                echo "graphviz rejects $name.dot:" >&2
                cat "$TMP/dot.err" >&2
                status=1
            fi
        fi
    done
done <<CASES
blog examples/blog/schema.prisma
blog.postgresql examples/blog/schema.prisma postgresql
blog.sqlite examples/blog/schema.prisma sqlite
identifiers tests/ir/schemas/identifiers.prisma
identifiers.postgresql tests/ir/schemas/identifiers.prisma postgresql
many_to_many tests/ir/schemas/many_to_many.prisma
one_to_one tests/ir/schemas/one_to_one.prisma
self_relations tests/ir/schemas/self_relations.prisma
composite tests/ir/schemas/composite.prisma
enums_pg tests/ir/schemas/enums_pg.prisma
scalars_pg.postgresql tests/ir/schemas/scalars_pg.prisma postgresql
hostile tests/diagram/schemas/hostile.prisma
CASES
[ $status -eq 0 ] && echo "diagram golden: $count outputs match"
exit $status
