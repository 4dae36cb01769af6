#!/usr/bin/env bash
# `schemac pull` as a command, on SQLite or PostgreSQL:
#   - a database built from a hand-laid schema pulls, with --schema, into that
#     very schema (fmt's layout): names, @map/@@map, relation names, comments
#     (a header, `///` docs, trailing `//`), field and block order all kept;
#   - after the database changes (a column added, one renamed, an index
#     replaced, a table and a view added; on PostgreSQL a default changed and a
#     comment written), pull --schema keeps all that did not change and follows
#     the database where it did;
#   - without --schema: Prisma's names, back-relations on both sides, and
#     unambiguous relation names for two relations between the same tables;
#   - -o writes the file all or nothing (a failed pull leaves it as it was);
#   - the pulled schema checks, and `migrate baseline` on the pulled database
#     records its first migration with no drift.
#   cli_pull.sh sqlite|postgresql SCHEMAC RT_PROBE TMPDIR [PG_URLFILE]
set -euo pipefail
engine=${1:?usage: cli_pull.sh sqlite|postgresql SCHEMAC RT_PROBE TMPDIR [PG_URLFILE]}
schemac=${2:?}
probe=${3:?}
work=${4:?}/cli_pull_$engine.$$
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
# runs of blanks count as one (the layout aligns columns)
has() { tr -s ' ' <"$1" | grep -qF -- "$(tr -s ' ' <<<"$2")" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }
lacks() { ! tr -s ' ' <"$1" | grep -qF -- "$(tr -s ' ' <<<"$2")" || { cat "$1" >&2; fail "$1 still has: $2"; }; }
# the lines of FILE matching a field name at the start, in order, joined by ' '
fields_of() { sed -n "/^model $2 {/,/^}/p" "$1" | awk 'NR>1 && $1 ~ /^[a-zA-Z]/ {printf "%s ", $1}'; }

if [ "$engine" = sqlite ]; then
  url="sqlite:$work/db.sqlite"
  : >"$work/db.sqlite"
else
  base=$(cat "${5:?cli_pull.sh postgresql needs PG_URLFILE}")
  db=cli_pull_$$
  url="${base%/*}/$db"
  expect 0 "$probe" "$base" exec "CREATE DATABASE \"$db\""
  trap '"$probe" "$base" exec "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
fi

cat >schema.prisma <<S
// The shop: customers and their orders.
// Kept on top by pull.

datasource db {
  provider = "$engine"
}

/// People who buy.
model Customer {
  id        Int      @id @default(autoincrement())
  /// Where we write to.
  emailAddr String   @unique @map("email")
  name      String? // as they give it
  createdAt DateTime @default(now()) @map("created_at")
  placed    Order[]  @relation("placed")
  referred  Order[]  @relation("referred")

  @@map("customers")
}

// Orders, newest first per buyer.
model Order {
  id         Int       @id @default(autoincrement())
  buyerId    Int
  buyer      Customer  @relation("placed", fields: [buyerId], references: [id], onDelete: Cascade)
  referrerId Int?
  referrer   Customer? @relation("referred", fields: [referrerId], references: [id])
  total      Int       @default(0) @check("total >= 0")
  note       String    @default("none")

  @@index([buyerId, id(sort: Desc)])
}
S
expect 0 "$schemac" fmt schema.prisma
cp out.txt formatted.prisma
cmp -s schema.prisma formatted.prisma || fail "the test schema is not in fmt's layout"
expect 0 "$schemac" sql schema.prisma
expect 0 "$probe" "$url" exec "$(cat out.txt)"

# 1. nothing changed: the schema comes back as written
expect 0 "$schemac" pull --url "$url" --schema schema.prisma
diff -u schema.prisma out.txt >&2 || fail "pull --schema on an unchanged database changed the schema"

# 2. a fresh pull: Prisma's names, both sides of each relation, distinct relation names
expect 0 "$schemac" pull --url "$url"
cp out.txt fresh.prisma
has fresh.prisma 'customers_Order_buyerIdTocustomers customers @relation("Order_buyerIdTocustomers", fields: [buyerId], references: [id], onDelete: Cascade)'
has fresh.prisma 'customers_Order_referrerIdTocustomers customers? @relation("Order_referrerIdTocustomers", fields: [referrerId], references: [id])'
has fresh.prisma 'Order_Order_buyerIdTocustomers Order[] @relation("Order_buyerIdTocustomers")'
has fresh.prisma 'Order_Order_referrerIdTocustomers Order[] @relation("Order_referrerIdTocustomers")'
has fresh.prisma '@@index([buyerId, id(sort: Desc)])'
has fresh.prisma 'total Int @default(0) @check("total >= 0")'
expect 0 "$schemac" check fresh.prisma

# 3. the database changes
changes='ALTER TABLE customers ADD COLUMN phone TEXT;
DROP INDEX "Order_buyerId_id_idx";
CREATE INDEX "Order_total_idx" ON "Order"(total);
ALTER TABLE "Order" RENAME COLUMN note TO remark;
CREATE TABLE "Tag" (id INTEGER PRIMARY KEY, label TEXT NOT NULL);
CREATE VIEW big AS SELECT id FROM "Order" WHERE total > 10;'
if [ "$engine" = postgresql ]; then
  changes="$changes
ALTER TABLE \"Order\" ALTER COLUMN total SET DEFAULT 5;
COMMENT ON COLUMN customers.email IS 'Changed in the database';"
fi
expect 0 "$probe" "$url" exec "$changes"
expect 0 "$schemac" pull --url "$url" --schema schema.prisma
cp out.txt again.prisma
# kept: header on top, comments, names, maps, relation fields as written, order
[ "$(head -2 again.prisma)" = "$(head -2 schema.prisma)" ] || fail "the header comment moved"
has again.prisma '/// People who buy.'
has again.prisma 'name      String? // as they give it'
has again.prisma '// Orders, newest first per buyer.'
has again.prisma '@@map("customers")'
has again.prisma 'emailAddr String   @unique @map("email")'
has again.prisma 'buyer      Customer  @relation("placed", fields: [buyerId], references: [id], onDelete: Cascade)'
has again.prisma 'referred  Order[]  @relation("referred")'
[ "$(fields_of again.prisma Customer)" = "id emailAddr name createdAt placed referred phone " ] ||
  fail "Customer's fields: $(fields_of again.prisma Customer)"
[ "$(fields_of again.prisma Order)" = "id buyerId buyer referrerId referrer total remark " ] ||
  fail "Order's fields: $(fields_of again.prisma Order)"
# followed: what the database changed
has again.prisma 'phone     String?'
has again.prisma 'remark     String    @default("none")'
lacks again.prisma 'note '
lacks again.prisma 'id(sort: Desc)'
has again.prisma '@@index([total])'
has again.prisma 'model Tag {'
has again.prisma 'view big {'
has again.prisma 'previewFeatures = ["views"]'
has err.txt 'preview feature "views"'
if [ "$engine" = postgresql ]; then
  has again.prisma 'total      Int       @default(5) @check("total >= 0")'
  has again.prisma '/// Changed in the database'
  lacks again.prisma '/// Where we write to.'
else
  has again.prisma 'total      Int       @default(0) @check("total >= 0")'
  has again.prisma '/// Where we write to.'
fi
expect 0 "$schemac" check again.prisma

# 4. -o: all or nothing
expect 0 "$schemac" pull --url "$url" --schema schema.prisma -o pulled.prisma
cmp -s pulled.prisma again.prisma || fail "-o wrote something else than stdout shows"
has err.txt "wrote pulled.prisma"
cp pulled.prisma before.prisma
if [ "$engine" = sqlite ]; then bad="sqlite:$work/missing.sqlite"; else bad="${url%/*}/no_such_db_$$"; fi
expect 2 "$schemac" pull --url "$bad" -o pulled.prisma
cmp -s pulled.prisma before.prisma || fail "a failed pull touched the output file"
[ -z "$(ls -A | grep -v -e '\.prisma$' -e '\.txt$' -e '\.sqlite$')" ] || fail "a temporary file was left: $(ls -A)"
expect 2 "$schemac" pull --url "$url" --bogus
expect 2 "$schemac" pull

# 5. migrate baseline on the pulled database: the pulled schema is its first migration, no drift
expect 0 "$schemac" migrate diff --schema pulled.prisma --name init --dir migrations
expect 0 "$schemac" migrate baseline --url "$url" --dir migrations
expect 0 "$schemac" migrate check --url "$url" --dir migrations
expect 0 "$schemac" migrate status --url "$url" --dir migrations
has out.txt "init"
expect 0 "$schemac" migrate diff --schema pulled.prisma --dir migrations --check
echo "cli_pull $engine: ok"
