#!/bin/sh
# unbuildable.sh - schemas Prisma accepts but schemac cannot build
# faithfully are refused by every command that builds (sql, ir, generate,
# migrate diff) with exit 1 and the reason, and nothing is written; `check`
# still accepts them. Today: models or enums in a database schema other
# than "public" (@@schema), which would be created in the default schema.
#   unbuildable.sh SCHEMAC
set -u
SCHEMAC=${1:?usage: unbuildable.sh SCHEMAC}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
run() {
  want=$1; shift
  "$SCHEMAC" --no-color "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  [ "$got" -eq "$want" ] || { cat "$TMP/err" >&2; fail "schemac $* exited $got, expected $want"; }
}
has() { grep -q -- "$2" "$TMP/$1" || { cat "$TMP/$1" >&2; fail "$1 lacks: $2"; }; }

cat >"$TMP/multi.prisma" <<'P'
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
  schemas  = ["base", "auth", "public"]
}

model User {
  id    Int    @id
  email String @unique
  posts Post[]

  @@schema("auth")
}

model Post {
  id     Int  @id
  userId Int
  user   User @relation(fields: [userId], references: [id])
  kind   Kind

  @@schema("public")
}

enum Kind {
  A
  B

  @@schema("base")
}
P
run 0 check "$TMP/multi.prisma"
for cmd in sql ir; do
  run 1 "$cmd" "$TMP/multi.prisma"
  has err 'multi.prisma:12:3: error: model "User" is in database schema "auth"'
  has err 'enum "Kind" is in database schema "base"'
  has err "2 errors generated"
  [ ! -s "$TMP/out" ] || fail "$cmd printed output for a refused schema"
done
run 1 generate "$TMP/multi.prisma" -o "$TMP/gen"
has err 'model "User" is in database schema "auth"'
[ ! -e "$TMP/gen" ] || [ -z "$(ls -A "$TMP/gen")" ] || fail "generate wrote files for a refused schema"
mkdir "$TMP/mig"
run 1 migrate diff --schema "$TMP/multi.prisma" --dir "$TMP/mig" --name init
has err 'model "User" is in database schema "auth"'
[ -z "$(ls -A "$TMP/mig")" ] || fail "migrate diff wrote into the folder for a refused schema"

# Everything in "public", named or not: built as usual.
sed -e 's/"base", "auth", "public"/"public"/' -e 's/@@schema("auth")/@@schema("public")/' \
    -e 's/@@schema("base")/@@schema("public")/' "$TMP/multi.prisma" >"$TMP/public.prisma"
run 0 sql "$TMP/public.prisma"
has out 'CREATE TABLE "User"'
has out 'CREATE TYPE "Kind"'
echo "unbuildable.sh: ok"
