#!/usr/bin/env bash
# Multi-schema PostgreSQL through `schemac migrate` and the runtime: models
# in the datasource's schemas are created there (not in the URL's schema),
# the history table stays in the URL's schema, `migrate check` reads every
# listed schema and finds no drift after apply, and finds a change in any of
# them; a second version that moves a model to another schema, adds a
# schema and an enum value is one more migration (the moved table is
# dropped where it was and created where it goes, as Prisma Migrate does,
# with the foreign key that points at it moved along) that applies with no
# drift afterwards and no further change; `pull` reads the schema back and
# `seed` fills each model's table in its schema.
#   multischema_pg.sh SCHEMAC RT_PROBE TMPDIR PG_URLFILE
set -euo pipefail
schemac=${1:?usage: multischema_pg.sh SCHEMAC RT_PROBE TMPDIR PG_URLFILE}
probe=${2:?}
work=${3:?}/multischema_pg.$$
base=$(cat "${4:?}")
rm -rf "$work"
mkdir -p "$work"
cd "$work"
unset DATABASE_URL

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {
  local want=$1; shift
  set +e
  "$@" >out.txt 2>&1
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || { cat out.txt >&2; fail "$* exited $got, expected $want"; }
}
has() { grep -q -- "$1" out.txt || { cat out.txt >&2; fail "output lacks: $1"; }; }

db=mschema_$$
url="${base%/*}/$db"
expect 0 "$probe" "$base" exec "CREATE DATABASE \"$db\""
trap '"$probe" "$base" exec "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
tables() { # schema.table of every user table, sorted, on one line (rt_probe prints one row)
  expect 0 "$probe" "$url" query "SELECT string_agg(schemaname || '.' || tablename, ' ' ORDER BY schemaname, tablename) FROM pg_tables
    WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
}

cat > schema.prisma <<'S'
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
  schemas  = ["base", "sales"]
}
model User {
  id     Int     @id @default(autoincrement())
  email  String  @unique
  orders Order[]
  @@schema("base")
}
model Order {
  id     Int   @id @default(autoincrement())
  userId Int
  user   User  @relation(fields: [userId], references: [id])
  state  State @default(NEW)
  @@index([state])
  @@schema("sales")
}
enum State {
  NEW
  DONE
  @@schema("sales")
}
S
expect 0 "$schemac" migrate diff --schema schema.prisma --name init
expect 0 "$schemac" migrate apply --url "$url"
has "applied 1 migration"
tables
[ "$(cat out.txt)" = "base.User public._schemac_migrations sales.Order" ] || { cat out.txt >&2; fail "tables after init"; }
expect 0 "$probe" "$url" query "SELECT n.nspname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = 'State'"
has "^sales$"
expect 0 "$probe" "$url" query "SELECT schemaname FROM pg_indexes WHERE indexname = 'Order_state_idx'"
has "^sales$"
expect 0 "$schemac" migrate check --url "$url"
has "no drift"

# a change in any listed schema is drift; tables of other schemas are not the schema's
expect 0 "$probe" "$url" exec "CREATE TABLE sales.stray (id int); CREATE SCHEMA other; CREATE TABLE other.t (id int)"
expect 1 "$schemac" migrate check --url "$url"
has 'table "sales.stray" unexpected'
expect 0 "$probe" "$url" exec "DROP TABLE sales.stray; ALTER TABLE base.\"User\" ADD COLUMN x int"
expect 1 "$schemac" migrate check --url "$url"
has 'table "base.User": column "x" unexpected'
expect 0 "$probe" "$url" exec "ALTER TABLE base.\"User\" DROP COLUMN x"
expect 0 "$schemac" migrate check --url "$url"
has "no drift"

expect 0 "$probe" "$url" exec "INSERT INTO base.\"User\" (email) VALUES ('a@x'); INSERT INTO sales.\"Order\" (\"userId\") SELECT id FROM base.\"User\""

# version 2: User moves to a new schema "crm", "base" leaves the list, State gains a value
sed -e 's/schemas  = \["base", "sales"\]/schemas  = ["sales", "crm"]/' -e 's/@@schema("base")/@@schema("crm")/' \
    -e 's/^  DONE$/  DONE\n  LATE/' schema.prisma > v2.prisma
mv v2.prisma schema.prisma
expect 0 "$schemac" migrate diff --schema schema.prisma --name move
up=$(ls migrations/*_move/up.sql)
grep -q 'CREATE SCHEMA IF NOT EXISTS "crm";' "$up" || fail "no CREATE SCHEMA crm"
grep -q 'ALTER TYPE "sales"."State" ADD VALUE' "$up" || fail "no new enum value"
grep -q 'DROP TABLE "base"."User";' "$up" || fail "the moved table is not dropped where it was"
grep -q 'CREATE TABLE "crm"."User"' "$up" || fail "the moved table is not created where it goes"
grep -q 'REFERENCES "crm"."User"' "$up" || fail "the foreign key does not follow the moved table"
if grep -q 'rename-table' out.txt; then fail "a move is not a rename"; fi
# dropping a table loses its rows: refused without the flag
expect 1 "$schemac" migrate apply --url "$url"
has "data-loss\|can lose data"
expect 0 "$probe" "$url" exec "DELETE FROM sales.\"Order\""
expect 0 "$schemac" migrate apply --url "$url" --allow-data-loss
has "applied 1 migration"
tables
[ "$(cat out.txt)" = "crm.User other.t public._schemac_migrations sales.Order" ] || { cat out.txt >&2; fail "tables after move"; }
expect 0 "$schemac" migrate check --url "$url"
has "no drift"
expect 0 "$schemac" migrate diff --schema schema.prisma --name again
has "no changes"
expect 0 "$probe" "$url" query "SELECT count(*) FROM pg_namespace WHERE nspname = 'base'"
has "^1$"

# pull reads every schema the datasource lists back into the same schema (@@schema included), and
# without a schema file only the URL's schema
expect 0 "$schemac" pull --url "$url" --schema schema.prisma -o pulled.prisma
cp schema.prisma formatted.prisma
expect 0 "$schemac" fmt --write formatted.prisma
diff formatted.prisma pulled.prisma || fail "pull does not give the schema back"
expect 0 "$schemac" pull --url "$url"
if grep -q 'model' out.txt; then fail "pull without the schema read other schemas than the URL's"; fi
# views and comments are read in each listed schema
expect 0 "$probe" "$url" exec "CREATE VIEW sales.open_orders AS SELECT id, state FROM sales.\"Order\";
  COMMENT ON TABLE crm.\"User\" IS 'people'; CREATE TABLE other.\"User\" (id int); COMMENT ON TABLE other.\"User\" IS 'not ours'"
expect 0 "$schemac" pull --url "$url" --schema schema.prisma -o pulled.prisma
grep -q '^/// people$' pulled.prisma || { cat pulled.prisma >&2; fail "the comment of crm.User is not read"; }
if grep -q 'not ours' pulled.prisma; then fail "a comment of another schema was read"; fi
awk '/^view open_orders/,/^}/' pulled.prisma >view.txt
grep -q 'state State?' view.txt && grep -q '@@schema("sales")' view.txt || { cat pulled.prisma >&2; fail "the view is not read in its schema"; }
expect 0 "$probe" "$url" exec "DROP VIEW sales.open_orders"

# seed writes its rows into each model's schema
expect 0 "$schemac" seed --url "$url" --rows 3 --schema schema.prisma
expect 0 "$probe" "$url" query "SELECT (SELECT count(*) FROM crm.\"User\") || ' ' || (SELECT count(*) FROM sales.\"Order\")"
has "^3 3$"
expect 0 "$schemac" migrate check --url "$url"
has "no drift"

cd /
rm -rf "$work"
echo "multischema_pg: ok"
