#!/bin/sh
# cli.sh - the command line of `schemac diagram`: formats and dialects are
# chosen as documented, and bad input gets the same diagnostics and exit
# codes as `schemac sql` (1 schema errors, 2 usage and I/O errors) with
# nothing on stdout.
#   cli.sh SCHEMAC
set -u
SCHEMAC=${1:?usage: cli.sh SCHEMAC}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BLOG="$ROOT/examples/blog/schema.prisma"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# run CODE ARGS...: require exit code CODE; stdout in $TMP/out, stderr in $TMP/err
run() {
  want=$1; shift
  NO_COLOR=1 "$SCHEMAC" "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  [ "$got" -eq "$want" ] || { cat "$TMP/err" >&2; fail "schemac $* exited $got, expected $want"; }
}
has() { grep -q -- "$2" "$TMP/$1" || { cat "$TMP/$1" >&2; fail "$1 lacks: $2"; }; }
empty() { [ ! -s "$TMP/$1" ] || { cat "$TMP/$1" >&2; fail "$1 is not empty"; }; }
# same_as_sql CODE ARGS...: diagram and sql on the same arguments agree on exit code and stderr, print nothing
same_as_sql() {
  want=$1; shift
  run "$want" --no-color diagram "$@"
  empty out
  cp "$TMP/err" "$TMP/diagram.err"
  run "$want" --no-color sql "$@"
  sed 's/^schemac sql:/schemac diagram:/' "$TMP/err" >"$TMP/sql.err"
  cmp -s "$TMP/diagram.err" "$TMP/sql.err" || { diff -u "$TMP/sql.err" "$TMP/diagram.err" >&2; fail "diagram and sql report $* differently"; }
  [ -s "$TMP/diagram.err" ] || fail "no diagnostic for $*"
}

# Formats: Mermaid by default, DOT on request, either spelling of --format, before or after the path.
run 0 diagram "$BLOG"
head -n 1 "$TMP/out" | grep -qx 'erDiagram' || fail "default format is not Mermaid"
run 0 diagram --format mermaid "$BLOG"
head -n 1 "$TMP/out" | grep -qx 'erDiagram' || fail "--format mermaid"
run 0 diagram --format dot "$BLOG"
head -n 1 "$TMP/out" | grep -qx 'digraph schema {' || fail "--format dot"
run 0 diagram "$BLOG" --format=dot
head -n 1 "$TMP/out" | grep -qx 'digraph schema {' || fail "--format=dot after the path"
# The global diagnostics format still works beside the diagram's own (JSON diagnostics go to stdout first, as with sql).
run 0 --format json diagram --format dot "$BLOG"
grep -qx 'digraph schema {' "$TMP/out" || fail "--format json before the command"
has out '"errors": 0'
run 0 diagram --format dot "$BLOG" --format json
grep -qx 'digraph schema {' "$TMP/out" || fail "--format json after the diagram's --format"
# Dialects change the type spelling only.
run 0 diagram --dialect postgresql "$BLOG"
has out '        SERIAL id PK'
run 0 diagram --dialect=sqlite "$BLOG"
has out '        INTEGER id PK'
run 0 help
has out 'diagram \[--format mermaid|dot\]'

# Usage errors: exit 2, a reason, nothing on stdout.
run 2 diagram
has err "missing schema path"
empty out
run 2 diagram --format svg "$BLOG"
has err "unknown diagram format 'svg' (expected mermaid or dot)"
empty out
run 2 diagram --format
empty out
run 2 diagram "$BLOG" --bogus
has err "unknown option '--bogus'"
empty out
run 2 diagram "$BLOG" "$BLOG"
has err "expected one schema path"

# Bad input: the same diagnostics and exit codes as `schemac sql`.
same_as_sql 2 --dialect oracle "$BLOG"
same_as_sql 2 "$TMP/missing.prisma"
cat >"$TMP/bad.prisma" <<'SCHEMA'
datasource db {
  provider = "sqlite"
}
model A {
  id Int @id
  b  Strng
}
SCHEMA
same_as_sql 1 "$TMP/bad.prisma"
has err 'unknown type'
cat >"$TMP/syntax.prisma" <<'SCHEMA'
model A {
  id Int @id
SCHEMA
same_as_sql 1 "$TMP/syntax.prisma"
# A PostgreSQL-only schema drawn for SQLite is refused as `sql --dialect sqlite` refuses it.
same_as_sql 1 --dialect sqlite "$ROOT/tests/ir/schemas/enums_pg.prisma"
# JSON diagnostics go to stdout as with every command; the diagram does not.
run 1 --format json diagram "$TMP/bad.prisma"
has out '"unknown-type"'
grep -q erDiagram "$TMP/out" && fail "a diagram was printed for a schema with errors"
# Multi-schema: one table name in two schemas is two entities titled with their schemas, and each
# relationship line joins the right pair (in DOT too, where node ids are titles).
cat >"$TMP/ms.prisma" <<'SCHEMA'
datasource db {
  provider = "postgresql"
  schemas  = ["base", "sales"]
}
model Owner {
  id    Int         @id
  base  BaseItem[]
  sales SalesItem[]
  @@schema("base")
}
model BaseItem {
  id      Int   @id
  ownerId Int
  owner   Owner @relation(fields: [ownerId], references: [id])
  @@map("Item")
  @@schema("base")
}
model SalesItem {
  id      Int   @id
  ownerId Int
  owner   Owner @relation(fields: [ownerId], references: [id])
  @@map("Item")
  @@schema("sales")
}
SCHEMA
run 0 diagram "$TMP/ms.prisma"
has out '"base.Owner" ||..o{ "base.Item" : "BaseItemToOwner"'
has out '"base.Owner" ||..o{ "sales.Item" : "OwnerToSalesItem"'
run 0 diagram --format dot "$TMP/ms.prisma"
has out '"base.Item":c1 -> "base.Owner":c0 .*label=<BaseItemToOwner>'
has out '"sales.Item":c1 -> "base.Owner":c0 .*label=<OwnerToSalesItem>'
echo "diagram cli ok"
