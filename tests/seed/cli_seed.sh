#!/usr/bin/env bash
# `schemac seed` on SQLite or PostgreSQL, with tests/seed/shop.prisma: a cycle
# through a nullable key, a self-relation, one-to-one, compound uniques, CHECK
# constraints seed reads and one it must ask the database about, an enum,
# @version, @deletedAt, an implicit many-to-many relation.
#   - the row counts asked for are there, the database accepted every row with
#     its keys, uniques and checks enforced, and its own checks find nothing
#     wrong afterwards (SQLite: foreign_key_check; both: queries over the
#     constraints);
#   - the cycle's keys are set in a second pass;
#   - the same --seed gives the same rows (on PostgreSQL: the same as SQLite);
#   - no progress bar when stderr is no terminal;
#   - clear errors: a table with rows, a check no value satisfies, required
#     keys in a cycle, an unknown model in --rows;
#   - without --schema, seed fills a hand-written database from its pulled schema.
#   cli_seed.sh sqlite|postgresql SCHEMAC RT_PROBE SRCDIR TMPDIR [PG_URLFILE]
set -euo pipefail
engine=${1:?usage: cli_seed.sh sqlite|postgresql SCHEMAC RT_PROBE SRCDIR TMPDIR [PG_URLFILE]}
schemac=${2:?}
probe=${3:?}
src=${4:?}
work=${5:?}/cli_seed_$engine.$$
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
has() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }
q() { "$probe" "$1" query "$2"; } # the first row
qall() { # every row, columns joined by '|', NULL as NULL
  case "$1" in
  sqlite:*) sqlite3 -batch -noheader -separator '|' -nullvalue NULL "${1#sqlite:}" "$2" ;;
  *) psql -X -q -At -F '|' -P null=NULL -d "$1" -c "$2" ;;
  esac
}
same() { [ "$(q "$1" "$2")" = "$3" ] || fail "$2 on $1: got '$(q "$1" "$2")', expected '$3'"; }

dbs=()
newdb() { # a fresh empty database of ENGINE; prints its URL
  local name=seed_$$_$1
  if [ "$2" = sqlite ]; then
    : >"$work/$name.sqlite"
    echo "sqlite:$work/$name.sqlite"
  else
    "$probe" "$base" exec "CREATE DATABASE \"$name\"" >/dev/null
    dbs+=("$name")
    echo "${base%/*}/$name"
  fi
}
if [ "$engine" = postgresql ]; then
  base=$(cat "${6:?cli_seed.sh postgresql needs PG_URLFILE}")
  trap 'for d in "${dbs[@]}"; do "$probe" "$base" exec "DROP DATABASE IF EXISTS \"$d\" WITH (FORCE)" >/dev/null 2>&1 || true; done' EXIT
fi
# NAME ENGINE SCHEMA: a database built from SCHEMA's DDL
built() {
  local url
  url=$(newdb "$1" "$2")
  "$schemac" sql "$3" >ddl.sql
  "$probe" "$url" exec "$(cat ddl.sql)" >/dev/null
  echo "$url"
}
qi() { if [ "$engine" = postgresql ]; then echo "\"$1\""; else echo "$1"; fi; }

sed "s/provider = \"sqlite\"/provider = \"$engine\"/" "$src/tests/seed/shop.prisma" >shop.prisma
url=$(built a "$engine" shop.prisma)

expect 0 "$schemac" seed --url "$url" --schema shop.prisma --rows 200 --rows Team=20,Match=300 --seed 7
cp out.txt counts.txt
has counts.txt "Player	200"
has counts.txt "Team	20"
has counts.txt "Match	300"
has counts.txt "_PlayerToTag	200"
has err.txt "1120 rows in 6 tables"
has err.txt "keys of cycles set in a second pass"
grep -q $'\r' err.txt && fail "a progress bar on a stderr that is no terminal"
grep -q 'seed \[' err.txt && fail "a progress bar on a stderr that is no terminal"
# parents first: Profile needs Player; the cycle Player <-> Team is broken at Player.team
[ "$(grep -n '^Profile' counts.txt | cut -d: -f1)" -gt "$(grep -n '^Player' counts.txt | cut -d: -f1)" ] ||
  fail "Profile was filled before Player: $(cat counts.txt)"

# the counts asked for
for t in Player:200 Team:20 Match:300 Profile:200 Tag:200 _PlayerToTag:200; do
  same "$url" "SELECT count(*) FROM \"${t%%:*}\"" "${t##*:}"
done
# the constraints, asked again of the database
if [ "$engine" = sqlite ]; then
  same "$url" "PRAGMA foreign_key_check" ""
  same "$url" "PRAGMA integrity_check" "ok"
fi
P=$(qi Player); T=$(qi Team); M=$(qi Match); PR=$(qi Profile)
same "$url" "SELECT count(*) FROM \"Player\" p LEFT JOIN \"Team\" t ON t.id = p.$(qi teamId) WHERE p.$(qi teamId) IS NOT NULL AND t.id IS NULL" 0
same "$url" "SELECT count(*) FROM \"Team\" t JOIN \"Player\" p ON p.id = t.$(qi captainId)" 20
same "$url" "SELECT count(DISTINCT $(qi captainId)) FROM \"Team\"" 20
same "$url" "SELECT count(*) FROM \"Player\" WHERE $(qi mentorId) IS NOT NULL AND $(qi mentorId) NOT IN (SELECT id FROM \"Player\")" 0
same "$url" "SELECT count(*) FROM (SELECT $(qi teamId), $(qi lastName), $(qi firstName) FROM \"Player\" GROUP BY 1, 2, 3 HAVING count(*) > 1) x" 0
same "$url" "SELECT count(*) FROM (SELECT $(qi homeId), $(qi awayId), round FROM \"Match\" GROUP BY 1, 2, 3 HAVING count(*) > 1) x" 0
same "$url" "SELECT count(DISTINCT email) FROM \"Player\"" 200
same "$url" "SELECT count(DISTINCT $(qi playerId)) FROM \"Profile\"" 200
same "$url" "SELECT count(*) FROM \"Player\" WHERE rating NOT BETWEEN 1 AND 5 OR salary < 1000 OR salary > 5000 OR length(nickname) < 3 OR (rating * 1000) % 7 = 3 OR $(qi leftAt) <= $(qi joinedAt)" 0
same "$url" "SELECT count(*) FROM \"Match\" WHERE $(qi homeId) = $(qi awayId) OR round < 1 OR round > 10" 0
# a String column named as a time holds times in SQLite's CURRENT_TIMESTAMP form
same "$url" "SELECT count(*) FROM \"Match\" WHERE played_at NOT LIKE '2%-%-% %:%:%' OR length(played_at) <> 19" 0
same "$url" "SELECT count(*) FROM \"Profile\" WHERE status NOT IN ('open', 'closed', 'away')" 0
same "$url" "SELECT count(*) FROM \"Player\" WHERE version <> 1" 0
same "$url" "SELECT min(id) || '-' || max(id) FROM \"Player\"" "1-200"
[ "$(q "$url" "SELECT count(*) FROM \"Player\" WHERE $(qi deletedAt) IS NOT NULL")" -lt 60 ] || fail "most players deleted"
[ "$(q "$url" "SELECT count(DISTINCT level) FROM \"Player\"")" -eq 3 ] || fail "not every enum value used"
[ "$(q "$url" "SELECT count(*) FROM \"Player\" WHERE email LIKE '%@%.%'")" -eq 200 ] || fail "emails that are no emails"
if [ "$engine" = postgresql ]; then
  # the serial's sequence continues after the rows seed wrote
  expect 0 "$probe" "$url" query "INSERT INTO \"Tag\" (label) VALUES ('new') RETURNING id"
  has out.txt "201"
fi

# the same seed, the same rows
dump() { # URL: the text of every Player, Match and Team row
  qall "$1" "SELECT id, email, $(qi firstName), $(qi lastName), level, rating, CAST(salary AS TEXT), nickname, $(qi teamId), $(qi mentorId) FROM \"Player\" ORDER BY id"
  qall "$1" "SELECT id, $(qi homeId), $(qi awayId), round, score FROM \"Match\" ORDER BY id"
  qall "$1" "SELECT id, $(qi captainId), name, city FROM \"Team\" ORDER BY id"
}
url2=$(built b "$engine" shop.prisma)
expect 0 "$schemac" seed --url "$url2" --schema shop.prisma --rows 200 --rows Team=20,Match=300 --seed 7
dump "$url" >one.txt
dump "$url2" >two.txt
[ "$(wc -l <one.txt)" -eq 520 ] || fail "the dump has $(wc -l <one.txt) rows, not 520"
cmp -s one.txt two.txt || { diff one.txt two.txt | head >&2; fail "the same seed gave other rows"; }
url3=$(built c "$engine" shop.prisma)
expect 0 "$schemac" seed --url "$url3" --schema shop.prisma --rows 200 --rows Team=20,Match=300 --seed 8
dump "$url3" >three.txt
cmp -s one.txt three.txt && fail "another seed gave the same rows"
if [ "$engine" = postgresql ]; then
  # ... and the same as on SQLite (decimals in PostgreSQL's scale aside)
  sed 's/provider = "postgresql"/provider = "sqlite"/' shop.prisma >shop_sqlite.prisma
  sq=$(newdb sq sqlite)
  "$schemac" sql shop_sqlite.prisma >ddl.sql
  "$probe" "$sq" exec "$(cat ddl.sql)" >/dev/null
  expect 0 "$schemac" seed --url "$sq" --schema shop_sqlite.prisma --rows 200 --rows Team=20,Match=300 --seed 7
  engine=sqlite dump "$sq" >sqlite.txt
  sed -E 's/\|([0-9]+\.[0-9]{2})0+\|/|\1|/; s/\|([0-9]+)\.0+\|/|\1|/' one.txt >pg.txt
  sed -E 's/\|([0-9]+)\.0\|/|\1|/; s/\|([0-9]+\.[0-9])\|/|\10|/' sqlite.txt >sq.txt
  cmp -s pg.txt sq.txt || { diff pg.txt sq.txt | head >&2; fail "the same seed gave other rows on SQLite"; }
fi

# the same rows as ever: the golden rows of tests/seed/golden.prisma, whatever the compiler (on
# PostgreSQL, the same rows as on SQLite are asserted above)
if [ "$engine" = sqlite ]; then
  gold=$(built gold sqlite "$src/tests/seed/golden.prisma")
  expect 0 "$schemac" seed --url "$gold" --schema "$src/tests/seed/golden.prisma" --rows 4 --seed 5
  sqlite3 "${gold#sqlite:}" ".mode insert Person" "SELECT * FROM Person ORDER BY id" >golden.sql
  cmp -s golden.sql "$src/tests/seed/golden.sqlite.sql" ||
    { diff "$src/tests/seed/golden.sqlite.sql" golden.sql | head -20 >&2; fail "--seed 5 no longer gives the golden rows"; }
fi

# foreign keys and uniques the database has but the schema does not: seed's rows break them, and
# the database refuses them (checked in bulk before COMMIT, batch by batch) with nothing kept
if [ "$engine" = postgresql ]; then serial="serial"; else serial="INTEGER"; fi
cat >loose.prisma <<S
datasource db {
  provider = "$engine"
}
model Owner {
  id Int @id @default(autoincrement())
}
model Item {
  id      Int @id @default(autoincrement())
  ownerId Int
  qty     Int
}
S
loose=$(newdb loose "$engine")
"$probe" "$loose" exec "CREATE TABLE \"Owner\" (id $serial PRIMARY KEY);
  CREATE TABLE \"Missing\" (id integer PRIMARY KEY);
  CREATE TABLE \"Item\" (id $serial PRIMARY KEY, \"ownerId\" integer NOT NULL
    CONSTRAINT item_owner REFERENCES \"Missing\" (id), qty integer NOT NULL)" >/dev/null
if [ "$engine" = postgresql ]; then
  "$probe" "$loose" exec "COMMENT ON CONSTRAINT item_owner ON \"Item\" IS 'kept'" >/dev/null
fi
expect 1 "$schemac" seed --url "$loose" --schema loose.prisma --rows 40
if [ "$engine" = sqlite ]; then has err.txt "Item: the row with rowid 1 has a foreign key to Missing that finds no row"; else
  has err.txt 'violates foreign key constraint "item_owner"'; fi
same "$loose" "SELECT count(*) FROM \"Item\"" 0
same "$loose" "SELECT count(*) FROM \"Owner\"" 0
if [ "$engine" = postgresql ]; then # the key seed dropped for the load is back, comment and all
  same "$loose" "SELECT pg_get_constraintdef(oid) || ' / ' || obj_description(oid, 'pg_constraint') FROM pg_constraint WHERE conname = 'item_owner'" \
    'FOREIGN KEY ("ownerId") REFERENCES "Missing"(id) / kept'
fi
"$probe" "$loose" exec "INSERT INTO \"Missing\" (id) SELECT id FROM \"Owner\"" >/dev/null
"$probe" "$loose" exec "CREATE UNIQUE INDEX item_qty ON \"Item\" (qty)" >/dev/null
"$probe" "$loose" exec "DROP TABLE \"Item\"" >/dev/null
"$probe" "$loose" exec "CREATE TABLE \"Item\" (id $serial PRIMARY KEY, \"ownerId\" integer NOT NULL, qty integer NOT NULL)" >/dev/null
"$probe" "$loose" exec "CREATE UNIQUE INDEX item_qty ON \"Item\" (qty)" >/dev/null
expect 1 "$schemac" seed --url "$loose" --schema loose.prisma --rows 600
if [ "$engine" = sqlite ]; then has err.txt "UNIQUE constraint failed: Item.qty"; else has err.txt 'item_qty'; fi
same "$loose" "SELECT count(*) FROM \"Item\"" 0
same "$loose" "SELECT count(*) FROM \"Owner\"" 0

# errors
expect 1 "$schemac" seed --url "$url" --schema shop.prisma --rows 5
has err.txt "already holds rows"
same "$url" "SELECT count(*) FROM \"Player\"" 200
expect 2 "$schemac" seed --url "$url" --schema shop.prisma --rows Nobody=3
has err.txt "--rows names Nobody"
expect 2 "$schemac" seed --url "$url" --rows -3
expect 2 "$schemac" seed --url "$url" --seed x

cat >bad_check.prisma <<S
datasource db {
  provider = "$engine"
}
model Box {
  id   Int @id @default(autoincrement())
  size Int @check("size > 5 AND size < 3")
}
S
bad=$(built d "$engine" bad_check.prisma)
expect 1 "$schemac" seed --url "$bad" --schema bad_check.prisma --rows 3
has err.txt "Box: no row 1 after 64 attempts: a CHECK constraint"
same "$bad" "SELECT count(*) FROM \"Box\"" 0

cat >bad_db_check.prisma <<S
datasource db {
  provider = "$engine"
}
model Box {
  id   Int @id @default(autoincrement())
  size Int

  @@check("size * 0 = 1", map: "never")
}
S
bad=$(built e "$engine" bad_db_check.prisma)
expect 1 "$schemac" seed --url "$bad" --schema bad_db_check.prisma --rows 3
has err.txt "CHECK never fails for every value seed tried"

cat >cycle.prisma <<S
datasource db {
  provider = "$engine"
}
model A {
  id  Int @id
  bId Int @unique
  b   B   @relation("ab", fields: [bId], references: [id])
  bs  B[] @relation("ba")
}
model B {
  id  Int @id
  aId Int
  a   A   @relation("ba", fields: [aId], references: [id])
  as  A?  @relation("ab")
}
S
cyc=$(built f "$engine" cycle.prisma)
expect 1 "$schemac" seed --url "$cyc" --schema cycle.prisma --rows 3
has err.txt "required foreign keys form a cycle among A, B"

# a country column of two or three characters holds ISO codes, not names cut short ("Fr")
if [ "$engine" = postgresql ]; then c2='@db.Char(2)'; c3='@db.VarChar(3)'; else
  c2='@check("length(country) <= 2")'; c3='@check("length(\"countryIso3\") <= 3")'; fi
cat >country.prisma <<S
datasource db {
  provider = "$engine"
}
model Addr {
  id          Int    @id @default(autoincrement())
  country     String $c2
  countryIso3 String $c3
  countryName String
}
S
ctry=$(built h "$engine" country.prisma)
expect 0 "$schemac" seed --url "$ctry" --schema country.prisma --rows 40
same "$ctry" "SELECT count(*) FROM \"Addr\" WHERE country NOT IN ('PT','NO','JP','US','FR','EE','BE','CA','AU','IE','SE','AT')" 0
same "$ctry" "SELECT count(*) FROM \"Addr\" WHERE \"countryIso3\" NOT IN ('PRT','NOR','JPN','USA','FRA','EST','BEL','CAN','AUS','IRL','SWE','AUT')" 0
same "$ctry" "SELECT CASE WHEN count(*) > 3 THEN 1 ELSE 0 END FROM (SELECT DISTINCT country FROM \"Addr\") d" 1
same "$ctry" "SELECT count(*) FROM \"Addr\" WHERE length(\"countryName\") < 5" 0

# without --schema: the pulled schema of a hand-written database
hand=$(newdb g "$engine")
"$probe" "$hand" exec "$(cat "$src/tests/pull/sql/shop.$engine.sql")" >/dev/null
expect 0 "$schemac" seed --url "$hand" --rows 50 --rows Category=10
has out.txt "Category	10"
same "$hand" "SELECT count(*) FROM \"Product\"" 50
same "$hand" "SELECT count(*) FROM \"_CategoryToProduct\"" 50
if [ "$engine" = sqlite ]; then
  same "$hand" "PRAGMA foreign_key_check" ""
fi
echo "cli_seed $engine: ok"
