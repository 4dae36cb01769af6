#!/bin/sh
# cli_usage.sh - the top-level command line of schemac: no arguments, a bad
# flag and a misspelt command are usage errors (exit 2) that say what was
# wrong; help and version succeed.
#   cli_usage.sh SCHEMAC
set -u
SCHEMAC=${1:?usage: cli_usage.sh SCHEMAC}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# run CODE ARGS...: require exit code CODE; stderr in $TMP/err, stdout in $TMP/out
run() {
  want=$1; shift
  "$SCHEMAC" "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  [ "$got" -eq "$want" ] || { cat "$TMP/err" >&2; fail "schemac $* exited $got, expected $want"; }
}
has() { grep -q -- "$2" "$TMP/$1" || { cat "$TMP/$1" >&2; fail "$1 lacks: $2"; }; }
lacks() { ! grep -q -- "$2" "$TMP/$1" || { cat "$TMP/$1" >&2; fail "$1 has: $2"; }; }

run 2
has err "usage: schemac"
run 2 --bogus
has err "unknown option '--bogus'"
lacks err "unknown command"
run 2 chek schema.prisma
has err "unknown command 'chek' (did you mean 'check'?)"
run 2 migrat status
has err "did you mean 'migrate'?"
run 2 xyzzy
has err "unknown command 'xyzzy'"
lacks err "did you mean"
run 0 help
has out "usage: schemac"
run 0 --version
has out "schemac "
# COMMAND --help (or -h): that command's lines of the usage, exit 0
run 0 generate --help
has out "generate SCHEMA -o DIR"
has out "generate --sqlc sqlc.yaml"
lacks out "  pull --url"
run 0 sql -h
has out "sql \[--dialect sqlite|postgresql\] PATH"
lacks out "generate SCHEMA"
# --format without a value: the message names the values the command takes
run 2 --format
has err "^schemac: --format needs a value (text or json)"
run 2 diagram --format
has err "^schemac: --format needs a value (mermaid or dot)"
# A schema without a datasource is valid; commands that need its database ask for --dialect.
cat > "$TMP/nods.prisma" <<'EOF2'
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
EOF2
run 0 check "$TMP/nods.prisma"
run 2 sql "$TMP/nods.prisma"
has err "the schema has no datasource naming its database; pass --dialect sqlite|postgresql"
run 0 sql --dialect postgresql "$TMP/nods.prisma"
has out 'CREATE TABLE "User"'
has out '"id" SERIAL NOT NULL'
run 0 sql --dialect sqlite "$TMP/nods.prisma"
has out 'AUTOINCREMENT'
run 2 migrate diff --schema "$TMP/nods.prisma" --dir "$TMP/migrations"
has err "the schema has no datasource naming its database: pass --dialect sqlite|postgresql"
run 0 migrate diff --schema "$TMP/nods.prisma" --dir "$TMP/migrations" --dialect sqlite
run 0 generate "$TMP/nods.prisma" -o "$TMP/gen" --prefix nods
run 0 lint "$TMP/nods.prisma"
# --dialect applies the database's own rules: SQLite ignores case in names.
printf 'model Thing {\n  id Int @id\n}\nmodel thing {\n  id Int @id\n}\n' > "$TMP/nods_case.prisma"
run 0 check "$TMP/nods_case.prisma"
run 0 sql --dialect postgresql "$TMP/nods_case.prisma"
run 1 sql --dialect sqlite "$TMP/nods_case.prisma"
has err "the schema has no datasource and --dialect sqlite was requested"
echo "cli usage ok"
