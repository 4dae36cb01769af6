#!/usr/bin/env bash
# The `schemac migrate` command line on SQLite: exit codes and messages of
# diff (--check, empty diff, rename question, --dialect, --format json, a
# schema with errors, --lock-timeout), apply (data-loss refusal and backup, a
# folder for the other database, --wait-timeout), status (text and JSON),
# rollback, check (drift) and hash. The lock wait and the drift refusal are
# checked on both databases in test_migrate_db.c.
#   cli_migrate.sh SCHEMAC TMPDIR
set -euo pipefail
schemac=${1:?usage: cli_migrate.sh SCHEMAC TMPDIR}
work=${2:?usage: cli_migrate.sh SCHEMAC TMPDIR}/cli_migrate.$$
rm -rf "$work"
mkdir -p "$work"
cd "$work"
export DATABASE_URL="sqlite:$work/app.db"

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect CODE CMD...: run CMD, require exit code CODE; output in out.txt
expect() {
  local want=$1; shift
  set +e
  "$@" >out.txt 2>&1
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || { cat out.txt >&2; fail "$* exited $got, expected $want"; }
}
has() { grep -q -- "$1" out.txt || { cat out.txt >&2; fail "output lacks: $1"; }; }

head='datasource db {
  provider = "sqlite"
  url      = "file:app.db"
}
'
printf '%s' "$head" > v1.prisma
cat >> v1.prisma <<'S'
model User {
  id   Int     @id @default(autoincrement())
  name String?
}
S
printf '%s' "$head" > v2.prisma
cat >> v2.prisma <<'S'
model User {
  id       Int     @id @default(autoincrement())
  fullName String?
}
S

# Before the first diff there is no folder: the commands that read one say so (the wrong --dir or working
# directory) instead of answering "up to date", and create no database file.
for sub in apply status rollback check; do
  expect 2 "$schemac" migrate $sub
  has "schemac migrate $sub: no migrations folder migrations (pass --dir"
done
[ ! -e app.db ] || fail "a command on a missing folder created the database"
expect 1 "$schemac" migrate diff --schema v1.prisma --check
has "no migration"
expect 0 "$schemac" migrate diff --schema v1.prisma --name init
has "wrote migrations/"
[ -f migrations/schemac.sum ] || fail "no sum file"
expect 0 "$schemac" migrate diff --schema v1.prisma --name again
has "no changes"
expect 0 "$schemac" migrate diff --schema v1.prisma --check
expect 1 "$schemac" migrate status
has "pending"
expect 0 "$schemac" migrate apply
has "applied 1 migration"
expect 0 "$schemac" migrate status
has "1 applied, 0 pending"
expect 0 "$schemac" migrate check
has "no drift"

# A drop and an add of the same type: a question, and a data-loss refusal.
expect 0 "$schemac" migrate diff --schema v2.prisma --name rename
has "question: column \"User\".\"name\" is dropped"
has "rename-column User.name=fullName"
has "warning\[drop-column\] (data loss)"
# ... and the way back, which must include re-summing the folder.
has "if a question above is a rename: rm -r migrations/.*_rename && schemac migrate hash --dir migrations"
expect 1 "$schemac" migrate apply
has "allow-data-loss"
# Replace it with the stated rename.
rm -rf migrations/*_rename
expect 1 "$schemac" migrate apply
has "schemac.sum does not match"
expect 0 "$schemac" migrate hash
expect 0 "$schemac" migrate diff --schema v2.prisma --name rename --rename-column User.name=fullName
has "warning\[rename\]"
grep -q 'RENAME COLUMN "name" TO "fullName"' migrations/*_rename/up.sql || fail "no RENAME COLUMN"
expect 0 "$schemac" migrate apply
expect 0 "$schemac" migrate check

# Rollback of the first migration drops the table: refused, then allowed with a backup.
expect 0 "$schemac" migrate rollback
has "rolled back 1 migration"
expect 1 "$schemac" migrate rollback
has "refusing to roll back"
expect 0 "$schemac" migrate rollback --allow-data-loss
has "backup of the database"
ls app.db.*_init.bak >/dev/null || fail "no backup file"

# Drift.
expect 0 "$schemac" migrate apply
if command -v sqlite3 >/dev/null; then
  sqlite3 app.db 'CREATE TABLE "Stray" (x INTEGER)'
  expect 1 "$schemac" migrate check
  has "Stray"
fi

# JSON for CI: status and diff --check.
expect 0 "$schemac" migrate status --format json
has '"applied":2,"pending":0,"problems":0'
has '"state":"applied"'
expect 0 "$schemac" --format json migrate diff --schema v2.prisma --check
has '"changes":false'
printf '%s' "$head" > v3.prisma
cat >> v3.prisma <<'S'
model User {
  id       Int     @id @default(autoincrement())
  fullName String?
  email    String  @unique
}
S
expect 1 "$schemac" migrate diff --schema v3.prisma --check --format json
has '"changes":true'
has '"kind":"add-column","description":"add column'
has '"kind":"add-index"'
[ "$(wc -l < out.txt)" -eq 1 ] || fail "diff --format json printed more than one line"
has '"code":"not-null-no-default"'
has '"written":null'

# A schema with errors writes nothing, not even a folder.
printf '%s' "$head" > broken.prisma
printf 'model User {\n  id Int @id\n  email Strin\n}\n' >> broken.prisma
before=$(ls -A migrations | sort | tr '\n' ' ')
expect 1 "$schemac" migrate diff --schema broken.prisma --name broken
has "no migration written"
[ "$(ls -A migrations | sort | tr '\n' ' ')" = "$before" ] || fail "diff of a broken schema changed the folder"
expect 0 "$schemac" migrate diff --schema v2.prisma --check

# One folder per database: --dialect writes PostgreSQL migrations from the SQLite schema, and the
# SQLite database refuses them.
expect 0 "$schemac" migrate diff --schema v2.prisma --dialect postgresql --dir migrations-pg --name init
has "wrote migrations-pg/"
grep -q '(postgresql)' migrations-pg/*_init/up.sql || fail "not a PostgreSQL migration"
grep -q '"provider": *"postgresql"' migrations-pg/*_init/schema.json || fail "snapshot not for PostgreSQL"
expect 0 "$schemac" migrate diff --schema v2.prisma --dialect postgresql --dir migrations-pg --check
expect 2 "$schemac" migrate diff --schema v3.prisma --dir migrations-pg --name mixed
has "are for postgresql but this diff is for sqlite"
[ "$(ls migrations-pg | grep -c _)" -eq 1 ] || fail "a mixed-dialect diff wrote a migration"
expect 2 "$schemac" migrate diff --schema v2.prisma --dialect oracle
has "unknown dialect"
# Durations: --lock-timeout takes the --wait-timeout syntax and is written as PostgreSQL spells it.
expect 0 "$schemac" migrate diff --schema v2.prisma --dialect postgresql --dir migrations-lt --name init --lock-timeout 5m
grep -q "SET lock_timeout = '5min';" migrations-lt/*_init/up.sql || fail "--lock-timeout 5m not written as 5min"
expect 2 "$schemac" migrate diff --schema v2.prisma --dialect postgresql --dir migrations-lt --lock-timeout 5x --check
has "lock-timeout needs a duration"
expect 2 "$schemac" migrate apply --wait-timeout soon
has "wait-timeout needs a duration"
expect 2 "$schemac" migrate apply --wait-timeout=-1s
expect 1 "$schemac" migrate apply --dir migrations-pg
has "written for postgresql"
expect 2 "$schemac" migrate status --format yaml

expect 2 "$schemac" migrate diff
has "missing --schema"
expect 2 "$schemac" migrate frobnicate
expect 2 "$schemac" migrate apply --url nosuch:thing
has 'unknown scheme "nosuch"'
# a number without a unit is refused (5 would be 5 ms)
expect 2 "$schemac" migrate apply --wait-timeout 5
has "wait-timeout needs a duration"
# commands that only read leave no file behind a mistyped path; baseline wants the database
expect 1 "$schemac" migrate status --url "sqlite:$work/typo.db"
has "pending"
expect 0 "$schemac" migrate check --url "sqlite:$work/typo.db"
expect 0 "$schemac" migrate rollback --url "sqlite:$work/typo.db"
[ ! -e "$work/typo.db" ] || fail "a read-only command created $work/typo.db"
expect 2 "$schemac" migrate baseline --url "sqlite:$work/typo.db"
has "no database at $work/typo.db"
[ ! -e "$work/typo.db" ] || fail "baseline created $work/typo.db"

# diff prints the rollback's warnings too: a dropped required column comes back with placeholders.
mkdir rb && cd rb
printf '%s' "$head" > r1.prisma
cat >> r1.prisma <<'S'
model Item {
  id   Int    @id @default(autoincrement())
  name String
}
S
printf '%s' "$head" > r2.prisma
cat >> r2.prisma <<'S'
model Item {
  id Int @id @default(autoincrement())
}
S
expect 0 "$schemac" migrate diff --schema r1.prisma --name init
expect 0 "$schemac" migrate diff --schema r2.prisma --name drop_name
has "warning\[drop-column\] (data loss)"
has "rollback (down.sql): warning\[placeholder-values\]"
expect 1 "$schemac" migrate diff --schema r1.prisma --check --format json
expect 0 "$schemac" migrate diff --schema r1.prisma --name back --format json
grep -q '"down_warnings":\[{"code":"drop-column"' out.txt || { cat out.txt; fail "no down_warnings in JSON"; }

# Many warnings of one kind: three printed, the rest counted in one line; JSON keeps them all.
mkdir many && cd many
printf '%s' "$head" > m.prisma
for t in A B C D E F; do printf 'model T%s {\n  id Int @id\n}\n' "$t" >> m.prisma; done
expect 0 "$schemac" migrate diff --schema m.prisma --name init
[ "$(grep -c 'rollback (down.sql): warning\[drop-table\]' out.txt)" = 3 ] || { cat out.txt; fail "not three drop-table warnings printed"; }
has "rollback (down.sql): ... and 3 more warning\[drop-table\] like these"
rm -r migrations
expect 0 "$schemac" migrate diff --schema m.prisma --name init --format json
[ "$(grep -o '"code":"drop-table"' out.txt | wc -l)" = 6 ] || { cat out.txt; fail "JSON does not list every warning"; }
cd ..

# resolve: usage, and the way out of a failed migration whose folder was replaced
expect 2 "$schemac" migrate resolve
has "exactly one of --rolled-back NAME or --applied NAME"
expect 2 "$schemac" migrate resolve --applied a --rolled-back b
export DATABASE_URL="sqlite:$work/rb/app.db"
expect 0 "$schemac" migrate apply --allow-data-loss
bad=$(ls -d migrations/*_back)
expect 0 "$schemac" migrate rollback --allow-data-loss
echo 'SELECT * FROM "no_such_table";' >> "$bad/up.sql"
expect 0 "$schemac" migrate hash
expect 1 "$schemac" migrate apply
has "no such table"
expect 1 "$schemac" migrate status
has "failed   $(basename "$bad")"
has "resolve --rolled-back NAME"
expect 1 "$schemac" migrate resolve --rolled-back "$(ls -d migrations/*_init | xargs basename)"
has "migrate rollback"
expect 0 "$schemac" migrate resolve --rolled-back "$(basename "$bad")"
has "recorded $(basename "$bad") as rolled back (it was failed)"
expect 1 "$schemac" migrate status
has "pending  $(basename "$bad")"
cd ..

# A snapshot that cannot be read (re-hashed, so the sum holds) is the folder's fault: exit 2 from every command,
# as from diff, never 1 (which from check means drift); nothing runs, the history is untouched.
mkdir corrupt && cd corrupt
export DATABASE_URL="sqlite:$work/corrupt/app.db"
printf '%s' "$head" > c.prisma
printf 'model T {\n  id Int @id\n}\n' >> c.prisma
expect 0 "$schemac" migrate diff --schema c.prisma --name init
expect 0 "$schemac" migrate apply
snap=$(ls migrations/*_init/schema.json)
echo '{"version": 2, "tables": [1]}' > "$snap"
expect 0 "$schemac" migrate hash
for sub in check apply "rollback --allow-data-loss" baseline "resolve --applied $(basename "$(dirname "$snap")")"; do
  # shellcheck disable=SC2086
  expect 2 "$schemac" migrate $sub
  has "schema.json"
done
expect 2 "$schemac" migrate diff --schema c.prisma --name next
[ "$(sqlite3 app.db 'SELECT count(*) FROM _schemac_migrations')" = 1 ] || fail "a command on a bad snapshot changed the history"
# The same when the broken snapshot is an applied migration's with a newer one pending: apply and rollback find the
# edit in the history and exit 2 too (not 1, "edited"), naming the file.
rm -rf migrations app.db
expect 0 "$schemac" migrate diff --schema c.prisma --name init
expect 0 "$schemac" migrate apply
printf 'model U {\n  id Int @id\n}\n' >> c.prisma
expect 0 "$schemac" migrate diff --schema c.prisma --name next
echo '{"version": 2, "tables": [1]}' > "$(ls migrations/*_init/schema.json)"
expect 0 "$schemac" migrate hash
for sub in check apply "rollback --allow-data-loss"; do
  # shellcheck disable=SC2086
  expect 2 "$schemac" migrate $sub
  has "_init/schema.json"
done
[ "$(sqlite3 app.db 'SELECT count(*) FROM _schemac_migrations')" = 1 ] || fail "a command on a bad snapshot changed the history"
# check with the applied migration's folder gone cannot compare anything: 2, not drift.
rm -r migrations/*_init
expect 0 "$schemac" migrate hash
expect 2 "$schemac" migrate check
has "folder is missing"
cd ..

cd /
rm -rf "$work"
echo "cli_migrate: ok"
