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

cd /
rm -rf "$work"
echo "cli_url_pg: ok"
