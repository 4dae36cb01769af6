#!/usr/bin/env bash
# Database URLs through `schemac migrate` and through the runtime (rt_probe, a
# program calling sc_conn_open): every SQLite form opens the same file in
# both (no file named after the URL's parameters), an empty or malformed URL
# is an error naming what is wrong, an in-memory database is refused, no
# password is ever printed, and SQLite migrations run without double-quoted
# string literals. PostgreSQL: tests/migrate/cli_url_pg.sh.
#   cli_url.sh SCHEMAC RT_PROBE TMPDIR
set -euo pipefail
schemac=${1:?usage: cli_url.sh SCHEMAC RT_PROBE TMPDIR}
probe=${2:?usage: cli_url.sh SCHEMAC RT_PROBE TMPDIR}
work=${3:?usage: cli_url.sh SCHEMAC RT_PROBE TMPDIR}/cli_url.$$
rm -rf "$work"
mkdir -p "$work"
cd "$work"
unset DATABASE_URL

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect CODE CMD...: run CMD, require exit code CODE; output (stdout and stderr) in out.txt
expect() {
  local want=$1; shift
  set +e
  "$@" >out.txt 2>&1
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || { cat out.txt >&2; fail "$* exited $got, expected $want"; }
}
has() { grep -q -- "$1" out.txt || { cat out.txt >&2; fail "output lacks: $1"; }; }
lacks() { if grep -q -- "$1" out.txt; then cat out.txt >&2; fail "output shows: $1"; fi; }
# only the database file (and SQLite's own side files): nothing named after a URL
only_db() {
  local stray
  stray=$(ls -A | grep -v -x -e app.db -e app.db-journal -e app.db-wal -e app.db-shm -e migrations \
          -e out.txt -e schema.prisma -e two.prisma || true)
  [ -z "$stray" ] || fail "stray files: $stray"
}

cat > schema.prisma <<'S'
datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}
model User {
  id   Int    @id @default(autoincrement())
  name String @default("x")
}
S
expect 0 "$schemac" migrate diff --schema schema.prisma --name init
has "wrote migrations/"

# ---- every form of the same file: migrate applies, the runtime sees the table, and the reverse ----
forms=("sqlite:app.db" "sqlite:./app.db" "sqlite:$work/app.db" "sqlite://$work/app.db"
       "sqlite:app.db?mode=rwc" "file:app.db" "file:./app.db?mode=rwc" "file:$work/app.db"
       "file://$work/app.db" "file://localhost$work/app.db")
for f in "${forms[@]}"; do
  rm -f app.db app.db-journal app.db-wal app.db-shm
  expect 0 "$schemac" migrate apply --url "$f"
  has "applied 1 migration"
  [ -f app.db ] || fail "migrate apply --url $f did not write app.db"
  only_db
  for g in "${forms[@]}"; do
    expect 0 "$probe" "$g" query "SELECT name FROM sqlite_schema WHERE name = 'User'"
    has "^User$"
  done
  expect 0 "$schemac" migrate status --url "$f"
  has "1 applied, 0 pending"
  only_db
done
# the runtime creates the file; migrate finds it under any other form
rm -f app.db app.db-journal app.db-wal app.db-shm
expect 0 "$probe" "file:app.db?mode=rwc" exec 'CREATE TABLE "Other" (x INTEGER)'
expect 1 "$schemac" migrate status --url "sqlite:$work/app.db"
has "0 applied, 1 pending"
expect 0 "$schemac" migrate apply --url "file:app.db"
expect 0 "$probe" "sqlite:app.db" query 'SELECT count(*) FROM "User"'
has "^0$"
expect 0 "$probe" "sqlite:$work/app.db" exec 'DROP TABLE "Other"'
only_db

# ---- read-only: mode=ro reads the same file, writes nothing, and names no new file ----
for f in "file:app.db?mode=ro" "sqlite:app.db?mode=ro" "file:$work/app.db?mode=ro"; do
  expect 0 "$schemac" migrate status --url "$f"
  has "1 applied, 0 pending"
  expect 0 "$schemac" migrate check --url "$f"
  has "no drift"
  expect 0 "$probe" "$f" query 'SELECT count(*) FROM "User"'
  has "^0$"
  expect 1 "$probe" "$f" exec 'INSERT INTO "User" DEFAULT VALUES'
  has "readonly"
  only_db
done
cat > two.prisma <<'S'
datasource db {
  provider = "sqlite"
  url      = env("DATABASE_URL")
}
model User {
  id    Int     @id @default(autoincrement())
  name  String  @default("x")
  email String?
}
S
expect 0 "$schemac" migrate diff --schema two.prisma --name email
expect 1 "$schemac" migrate apply --url "file:app.db?mode=ro"
has "readonly"
only_db
expect 1 "$schemac" migrate status --url "file:app.db?mode=ro"
has "1 applied, 1 pending"
only_db

# ---- a status on a missing file under a URI form creates nothing ----
expect 1 "$schemac" migrate status --url "file:typo.db?mode=rwc"
has "0 applied, 2 pending"
only_db
expect 2 "$schemac" migrate baseline --url "file:$work/typo.db"
has "no database at $work/typo.db"
only_db

# ---- empty and malformed URLs: exit 2 naming the problem, nothing created ----
expect 2 "$schemac" migrate apply --url "sqlite:"
has "names no database file (an unset variable?)"
expect 2 "$schemac" migrate status --url "file:"
has "names no database file"
expect 2 "$schemac" migrate apply --url ""
has "empty"
expect 2 env DATABASE_URL= "$schemac" migrate apply
has "empty"
expect 2 "$schemac" migrate apply --url 'sqlite:app.db?mode=bogus'
has "the mode parameter is not one of ro, rw, rwc, memory"
expect 2 "$schemac" migrate apply --url app.db
has "no scheme"
expect 2 "$schemac" migrate apply --url "$(printf 'sqlite:app.db\r')"
has "control character"
expect 2 "$schemac" migrate apply --url "sqlite::memory:"
has "in-memory database"
expect 2 "$schemac" migrate apply --url "file:mem?mode=memory&cache=shared"
has "in-memory database"
expect 1 "$probe" "sqlite:" open
has "names no database file"
only_db

# ---- passwords: never printed, by migrate (any command) or by the runtime, for any URL form ----
# (127.0.0.1 port 1 refuses at once: no server is needed)
pw=S3cr3tPw
bad_urls=(
  "postgresql://u:$pw@[::1/db"                        # malformed IPv6 host: libpq echoes the URI
  "postgresql://u:$pw@[::1]x/db"
  "mysql://u:$pw@h/db"                                 # unknown scheme
  "u:$pw@h/db"                                         # no scheme at all
  "postgresql://u:${pw}%zz@127.0.0.1:1/db"             # bad percent escape in the password
  "postgresql://u:${pw}%00@127.0.0.1:1/db"
  "postgresql://u:$pw@127.0.0.1:1/db?password=${pw}%zz"
  "host=127.0.0.1 port=1 password=$pw"                 # a keyword connection string
  "host=127.0.0.1 port=1 password = '$pw' connect_timeout=2"
  "host=127.0.0.1 password=$pw bogus=1"
  "host='127.0.0.1 password=$pw"
  "host=127.0.0.1 $pw"
  "postgresql://u:$pw@127.0.0.1:1/db"                  # refused
  "postgres://u:$pw@127.0.0.1:notaport/db"
  "postgres://u:$pw@127.0.0.1:1/db?bogus=$pw"
  "postgresql://u:p@$pw@127.0.0.1:1/db"                # an unencoded '@' in the password
  "postgresql://u:$pw/x@127.0.0.1:1/db"                # an unencoded '/' in the password
  "postgresql://u:$pw@127.0.0.1:1/db?sslmode"
  "postgresql://u:$pw@127.0.0.1:1/db
"
)
for url in "${bad_urls[@]}"; do
  for sub in status apply check rollback baseline; do
    expect 2 "$schemac" migrate $sub --url "$url"
    lacks "$pw"
    lacks "3cr3t"
    has "schemac migrate $sub: "
    expect 2 env DATABASE_URL="$url" "$schemac" migrate $sub --format json
    lacks "$pw"
  done
  expect 1 "$probe" "$url" open
  lacks "$pw"
  lacks "3cr3t"
done

# ---- SQLite migrations run without double-quoted string literals ----
rm -rf migrations app.db app.db-journal app.db-wal app.db-shm
expect 0 "$schemac" migrate diff --schema schema.prisma --name init
up=$(ls migrations/*_init/up.sql)
# with SQLite's compatibility setting on, "nosuch" would be the string 'nosuch' and this would pass
printf '\nUPDATE "User" SET "name" = "nosuch" WHERE "id" = 0;\n' >> "$up"
expect 0 "$schemac" migrate hash
expect 1 "$schemac" migrate apply --url sqlite:app.db
has "no such column: nosuch"
expect 1 "$probe" "sqlite:app.db" exec 'CREATE TABLE t (x TEXT CHECK (x <> "abc"))'
has "no such column"
expect 1 "$probe" "sqlite:app.db" query 'SELECT "nosuch"'
has "no such column"

cd /
rm -rf "$work"
echo "cli_url: ok"
