#!/usr/bin/env bash
# A database written by hand (tests/pull/handwritten/shop.<engine>.sql), not
# by schemac, adopted as `migrate baseline` adopts one, on SQLite or PostgreSQL:
#   - it pulls into a schema that checks (SQLite: a column CHECK stays on its
#     field);
#   - `migrate diff` of that schema, then `migrate baseline`, `check` and
#     `status` see no drift: the hand-written forms that mean what schemac's
#     DDL means (unnamed keys and checks, autoindexes of inline UNIQUE,
#     NUMERIC(10,2) for DECIMAL, identity BY DEFAULT for SERIAL, '{}' for
#     ARRAY[], ...) compare equal;
#   - a column changed by hand afterwards is drift;
#   - a database that differs from the pulled schema in what those forms do
#     not cover (another type, another ON DELETE, another check, a UNIQUE
#     left out, a name the schema does not give, identity ALWAYS, ...)
#     is refused by baseline, each difference reported.
#   cli_handwritten.sh sqlite|postgresql SCHEMAC RT_PROBE TMPDIR [PG_URLFILE]
set -euo pipefail
engine=${1:?usage: cli_handwritten.sh sqlite|postgresql SCHEMAC RT_PROBE TMPDIR [PG_URLFILE]}
schemac=${2:?}
probe=${3:?}
here=$(cd "$(dirname "$0")" && pwd)
work=${4:?}/cli_handwritten_$engine.$$
rm -rf "$work"
mkdir -p "$work"
cd "$work"
unset DATABASE_URL

fail() { echo "FAIL: $*" >&2; exit 1; }
expect() {
  local want=$1; shift
  set +e
  "$@" >out.txt 2>err.txt
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || { cat out.txt err.txt >&2; fail "$* exited $got, expected $want"; }
}
has() { tr -s ' ' <"$1" | grep -qF -- "$(tr -s ' ' <<<"$2")" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }
lacks() { ! tr -s ' ' <"$1" | grep -qF -- "$(tr -s ' ' <<<"$2")" || { cat "$1" >&2; fail "$1 still has: $2"; }; }

sql=$(cat "$here/handwritten/shop.$engine.sql")
dbs=()
# new_db NAME: a fresh empty database; prints its URL
new_db() {
  if [ "$engine" = sqlite ]; then
    : >"$work/$1.sqlite"
    echo "sqlite:$work/$1.sqlite"
  else
    local db=hw_$1_$$
    "$probe" "$base" exec "CREATE DATABASE \"$db\"" >/dev/null
    dbs+=("$db")
    echo "${base%/*}/$db"
  fi
}
if [ "$engine" = postgresql ]; then
  base=$(cat "${5:?cli_handwritten.sh postgresql needs PG_URLFILE}")
  cleanup() {
    for db in "${dbs[@]}"; do
      "$probe" "$base" exec "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
    done
  }
  trap cleanup EXIT
fi

# 1. the hand-written database pulls into a schema that checks
url=$(new_db shop)
expect 0 "$probe" "$url" exec "$sql"
expect 0 "$schemac" pull --url "$url" -o pulled.prisma
has err.txt "(3 tables, 0 views, 0 enums)"
expect 0 "$schemac" check pulled.prisma
if [ "$engine" = sqlite ]; then
  # a column CHECK that names only its column is the field's @check
  has pulled.prisma 'credit Decimal @default(0) @check("credit >= 0")'
  has pulled.prisma 'quantity Int @default(1) @check("quantity > 0")'
  has pulled.prisma '@@check("length(sku) = 8 AND vendor > 0")'
  lacks pulled.prisma '@@check("credit >= 0")'
else
  has pulled.prisma 'id BigInt @id @default(autoincrement())'
  has pulled.prisma 'tags String[] @default([])'
fi

# re-introspection gives the pulled schema back
expect 0 "$schemac" pull --url "$url" --schema pulled.prisma
diff -u pulled.prisma out.txt >&2 || fail "pull --schema changed the pulled schema"

# a table whose name needs @@map, checks the database keeps without names (SQLite), a view: the block
# attributes stay in their order through pull --schema, and the summary counts one table, one view
small=$(new_db small)
expect 0 "$probe" "$small" exec 'CREATE TABLE "order-items" (id INTEGER PRIMARY KEY, price INT NOT NULL,
  cost INT NOT NULL, CHECK (price >= cost), CHECK (price > 0));
CREATE VIEW dear AS SELECT id FROM "order-items" WHERE price > 100;'
expect 0 "$schemac" pull --url "$small" -o small.prisma
has err.txt "(1 table, 1 view, 0 enums)"
has small.prisma 'price Int @check("price > 0")'
[ "$(grep -n -e '@@check("price >= cost")' -e '@@map("order-items")' small.prisma | cut -d: -f2- | tr -s ' ')" = \
  "$(printf ' @@check("price >= cost")\n @@map("order-items")')" ] || { cat small.prisma >&2; fail "block attributes out of order"; }
# the author moves @@map first: pull --schema keeps that order
awk '/@@check\("price >= cost"\)/ {held=$0; next} /@@map\("order-items"\)/ {print; print held; next} {print}' \
  small.prisma >moved.prisma
expect 0 "$schemac" fmt --write moved.prisma
expect 0 "$schemac" pull --url "$small" --schema moved.prisma
diff -u moved.prisma out.txt >&2 || fail "pull --schema moved a block attribute"
expect 0 "$schemac" pull --url "$small" --schema small.prisma
diff -u small.prisma out.txt >&2 || fail "pull --schema moved a block attribute"

# 2. its first migration, adopted with no drift
expect 0 "$schemac" migrate diff --schema pulled.prisma --name init --dir migrations
expect 0 "$schemac" migrate baseline --url "$url" --dir migrations
has out.txt "recorded 1 migration as applied"
expect 0 "$schemac" migrate check --url "$url" --dir migrations
has out.txt "no drift"
expect 0 "$schemac" migrate status --url "$url" --dir migrations
has out.txt "init"
expect 0 "$schemac" migrate diff --schema pulled.prisma --dir migrations --check

# 3. a column changed by hand is drift
if [ "$engine" = sqlite ]; then
  expect 0 "$probe" "$url" exec 'ALTER TABLE customers RENAME COLUMN name TO full_name'
  expect 1 "$schemac" migrate check --url "$url" --dir migrations
  has out.txt 'table "customers": column "name" missing'
  has out.txt 'table "customers": column "full_name" unexpected'
else
  expect 0 "$probe" "$url" exec 'ALTER TABLE orders ALTER COLUMN quantity TYPE bigint'
  expect 1 "$schemac" migrate check --url "$url" --dir migrations
  has out.txt 'table "orders": column "quantity": type: INTEGER != BIGINT'
fi

# 4. what the equivalences do not cover stays a difference
if [ "$engine" = sqlite ]; then
  variant=$(sed -e 's/credit NUMERIC(10,2)/credit TEXT/' \
                -e 's/REFERENCES customers(id) ON DELETE CASCADE/REFERENCES customers(id) ON DELETE SET NULL/' \
                -e 's/CHECK (quantity > 0)/CHECK (quantity >= 0)/' \
                -e 's/email VARCHAR(200) NOT NULL UNIQUE/email VARCHAR(200) NOT NULL/' \
                -e 's/active BOOLEAN NOT NULL DEFAULT 1/active BOOLEAN NOT NULL DEFAULT 0/' \
                -e 's/  FOREIGN KEY (product_id)/  CONSTRAINT orders_product FOREIGN KEY (product_id)/' \
                -e '/CREATE TABLE products/,/);/s/id INTEGER PRIMARY KEY AUTOINCREMENT/id INT PRIMARY KEY/' \
                <<<"$sql")
else
  variant=$(sed -e 's/id integer GENERATED BY DEFAULT AS IDENTITY/id integer GENERATED ALWAYS AS IDENTITY/' \
                -e "s/tags text\[\] DEFAULT '{}'/tags text[] DEFAULT '{a}'/" \
                -e 's/CHECK (quantity > 0)/CHECK (quantity >= 0)/' \
                -e 's/credit numeric(10,2)/credit numeric(12,2)/' \
                -e 's/email varchar(200) NOT NULL UNIQUE/email varchar(200) NOT NULL/' \
                -e 's/REFERENCES products ON UPDATE CASCADE/REFERENCES products ON UPDATE NO ACTION/' \
                <<<"$sql")
fi
[ "$variant" != "$sql" ] || fail "the variant is the schema"
other=$(new_db variant)
expect 0 "$probe" "$other" exec "$variant"
expect 1 "$schemac" migrate baseline --url "$other" --dir migrations
cp err.txt refused.txt
has refused.txt 'table "customers": index "customers_email_key" missing'
has refused.txt 'table "orders": check "orders_quantity_check"'
if [ "$engine" = sqlite ]; then
  has refused.txt 'table "customers": column "credit": type: DECIMAL != TEXT'
  has refused.txt 'table "customers": column "active": default: boolean(true) != number(0)'
  has refused.txt 'table "orders": foreign key "orders_customer_id_fkey" missing'
  has refused.txt 'table "orders": foreign key "orders_product_id_fkey" missing'
  has refused.txt 'table "orders": foreign key "orders_product" unexpected'
  has refused.txt 'table "products": column "id": type: INTEGER != INT'
  n=$(grep -c '^table ' refused.txt)
  [ "$n" -eq 12 ] || fail "expected 12 differences, got $n"
else
  has refused.txt 'table "customers": column "credit": type: DECIMAL(10,2) != DECIMAL(12,2)'
  has refused.txt 'table "products": column "id": default: autoincrement() != dbgenerated(GENERATED ALWAYS AS IDENTITY)'
  has refused.txt 'table "products": column "tags": default: [] != string({a})'
  has refused.txt 'table "orders": foreign key "orders_product_id_fkey": on_update: Cascade != NoAction'
fi
expect 2 "$schemac" migrate status --url "$other" --dir migrations --bogus
echo "cli_handwritten $engine: ok"
