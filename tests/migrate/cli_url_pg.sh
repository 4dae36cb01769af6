#!/usr/bin/env bash
# Database URLs and sessions on PostgreSQL, through `schemac migrate` and the
# runtime (rt_probe): the URI forms and a libpq keyword string open the same
# database in both; on a database whose time zone is America/New_York,
# migrate applies in UTC (a time zone-less timestamptz default means UTC),
# its drift check finds nothing, and the runtime reads now() defaults
# UTC-correct.
#   cli_url_pg.sh SCHEMAC RT_PROBE TMPDIR PG_URLFILE
set -euo pipefail
schemac=${1:?usage: cli_url_pg.sh SCHEMAC RT_PROBE TMPDIR PG_URLFILE}
probe=${2:?}
work=${3:?}/cli_url_pg.$$
base=$(cat "${4:?}")
rm -rf "$work"
mkdir -p "$work"
cd "$work"
unset DATABASE_URL PGTZ PGOPTIONS

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

db=cli_url_$$
hostport=${base#postgresql://postgres@}
hostport=${hostport%%/*}
host=${hostport%:*}
port=${hostport##*:}
uri="postgresql://postgres@$hostport/$db"
uri2="postgres://postgres@$host:$port/$db?sslmode=disable"
kw="host=$host port=$port user=postgres dbname='$db'"
expect 0 "$probe" "$base" exec "CREATE DATABASE \"$db\""
trap '"$probe" "$base" exec "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
expect 0 "$probe" "$base" exec "ALTER DATABASE \"$db\" SET timezone = 'America/New_York'"
# what a session gets without schemac: the database's zone
expect 0 "$probe" "$uri?options=-c%20TimeZone%3DAmerica/New_York" query "SHOW TimeZone"
has "^America/New_York$"

cat > schema.prisma <<'S'
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
model Ev {
  id    Int      @id @default(autoincrement())
  at    DateTime @default(now())
  fixed DateTime @default(dbgenerated("'2024-01-01 00:00:00'::timestamptz")) @db.Timestamptz(3)
  lit   DateTime @default("2024-01-01T00:00:00Z")
}
S
expect 0 "$schemac" migrate diff --schema schema.prisma --name init

# one form applies, the others (and the runtime) see the same database
expect 0 "$schemac" migrate apply --url "$kw"
has "applied 1 migration"
for u in "$uri" "$uri2" "$kw"; do
  expect 0 "$schemac" migrate status --url "$u"
  has "1 applied, 0 pending"
  expect 0 "$probe" "$u" query "SELECT count(*) FROM \"Ev\""
  has "^0$"
  expect 0 "$probe" "$u" query "SHOW TimeZone"
  has "^UTC$"
done

# migrate ran in UTC: the time zone-less literal of "fixed" is midnight UTC, not New York's; and the
# runtime reads the defaults UTC-correct: now() is the server's instant, the literal midnight UTC
expect 0 "$probe" "$uri" query \
  "INSERT INTO \"Ev\" DEFAULT VALUES RETURNING extract(epoch FROM \"fixed\")::bigint,
   \"at\" = (now() AT TIME ZONE 'UTC')::timestamp(3), extract(epoch FROM \"lit\" AT TIME ZONE 'UTC')::bigint"
has "^1704067200|true|1704067200$"
# and the drift check, in UTC too, sees no difference
for u in "$uri" "$kw"; do
  expect 0 "$schemac" migrate check --url "$u"
  has "no drift"
done
expect 0 "$schemac" migrate check --url "$uri2"
has "no drift"

# a zone chosen in the URL is kept
expect 0 "$probe" "$uri?options=-c%20TimeZone%3DAsia/Tokyo" query "SHOW TimeZone"
has "^Asia/Tokyo$"

# Prisma's DATABASE_URL names its schema: ?schema=public is PostgreSQL's default, and another schema is
# where migrate creates, checks and reads the tables, and where the runtime's unqualified names go
expect 0 "$schemac" migrate status --url "$uri?schema=public"
has "1 applied, 0 pending"
expect 0 "$probe" "$uri" exec "CREATE SCHEMA \"MyApp\""
mkdir other
cp schema.prisma other/
(cd other && expect 0 "$schemac" migrate diff --schema schema.prisma --name init)
expect 0 "$schemac" migrate apply --dir other/migrations --url "$uri?sslmode=disable&schema=MyApp"
has "applied 1 migration"
expect 0 "$schemac" migrate check --dir other/migrations --url "$uri?schema=MyApp"
has "no drift"
expect 0 "$probe" "$uri?schema=MyApp" query "SELECT current_schema(), count(*) FROM \"Ev\""
has "^MyApp|0$"
expect 0 "$probe" "$uri" query "SELECT count(*) FROM pg_tables WHERE schemaname = 'MyApp' AND tablename IN ('Ev', '_schemac_migrations')"
has "^2$"
# a table dropped from it is drift there, not in public
expect 0 "$probe" "$uri" exec "ALTER TABLE \"MyApp\".\"Ev\" DROP COLUMN \"lit\""
expect 1 "$schemac" migrate check --dir other/migrations --url "$uri?schema=MyApp"
expect 0 "$schemac" migrate check --url "$uri"
has "no drift"
# names the URL cannot carry, and two ways of setting the options, are refused before connecting
expect 2 "$schemac" migrate status --url "$uri?schema=my-app"
has "schema is not a schema name"
expect 2 "$schemac" migrate status --url "$uri?schema=x&options=-c%20work_mem%3D1MB"
has "schema and options both"

cd /
rm -rf "$work"
echo "cli_url_pg: ok"
