#!/bin/sh
# multischema_build.sh - a multi-schema PostgreSQL schema (the datasource's
# `schemas`, @@schema on models and enums) is built by every command that
# builds (sql, ir, generate, migrate diff) with every table, type, index and
# foreign key qualified with its schema; a schema that starts naming "public"
# keeps its tables; rendered for SQLite (--dialect sqlite) it is refused with
# located errors and nothing is written.
#   multischema_build.sh SCHEMAC
set -u
SCHEMAC=${1:?usage: multischema_build.sh SCHEMAC}
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
lacks() { ! grep -q -- "$2" "$TMP/$1" || { cat "$TMP/$1" >&2; fail "$1 has: $2"; }; }
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
run 0 sql "$TMP/multi.prisma"
has out 'CREATE SCHEMA IF NOT EXISTS "auth";'
has out 'CREATE SCHEMA IF NOT EXISTS "base";'
has out 'CREATE SCHEMA IF NOT EXISTS "public";'
has out 'CREATE TYPE "base"."Kind" AS ENUM'
has out 'CREATE TABLE "auth"."User" ('
has out 'CREATE TABLE "public"."Post" ('
has out '"kind" "base"."Kind" NOT NULL'
has out 'CREATE UNIQUE INDEX "User_email_key" ON "auth"."User"("email");'
has out 'ALTER TABLE "public"."Post" ADD CONSTRAINT "Post_userId_fkey" FOREIGN KEY ("userId") REFERENCES "auth"."User"("id")'
lacks out 'CREATE TABLE "User"'

run 0 ir "$TMP/multi.prisma"
has out '"schemas": \['
has out '"schema": "auth"'
has out '"enum_schema": "base"'
has out '"ref_schema": "auth"'

run 0 generate "$TMP/multi.prisma" -o "$TMP/gen" --prefix m
grep -q 'INSERT INTO \\"auth\\".\\"User\\"' "$TMP/gen/m.c" || fail "generated code does not qualify \"auth\".\"User\""
grep -q 'FROM \\"public\\".\\"Post\\"' "$TMP/gen/m.c" || fail "generated code does not qualify \"public\".\"Post\""

# typed SQL names a table with its schema; unqualified, a name is looked up where PostgreSQL looks (public)
mkdir "$TMP/q"
cat >"$TMP/q/q.sql" <<'Q'
-- name: PostsOf :many
SELECT p.id, u.email FROM "public"."Post" p JOIN auth."User" u ON u.id = p."userId" WHERE u.id = $1;
-- name: Posts :many
SELECT id, kind FROM "Post";
-- name: Rename :exec
UPDATE auth."User" SET email = $2 WHERE id = $1;
Q
run 0 queries "$TMP/multi.prisma" --queries "$TMP/q"
has out 'PostsOf'
printf -- '-- name: Bad :many\nSELECT id FROM "User";\n' >"$TMP/q/q.sql"
run 1 queries "$TMP/multi.prisma" --queries "$TMP/q"
has err 'q.sql:2:16: error: relation "User" does not exist'
printf -- '-- name: Bad :many\nSELECT id FROM base."User";\n' >"$TMP/q/q.sql"
run 1 queries "$TMP/multi.prisma" --queries "$TMP/q"
has err 'q.sql:2:16: error: relation "User" does not exist'

mkdir "$TMP/mig"
run 0 migrate diff --schema "$TMP/multi.prisma" --dir "$TMP/mig" --name init
cat "$TMP"/mig/*/up.sql >"$TMP/up"
has up 'CREATE SCHEMA IF NOT EXISTS "auth";'
has up 'CREATE TABLE "auth"."User" ('

# A schema that had no `schemas` and now names "public": its tables were in "public" all along, so
# the next migration creates the new schemas and tables only.
cat >"$TMP/single.prisma" <<'P'
datasource db {
  provider = "postgresql"
}

model Post {
  id    Int    @id
  title String @unique
}
P
mkdir "$TMP/mig2"
run 0 migrate diff --schema "$TMP/single.prisma" --dir "$TMP/mig2" --name init
cat >"$TMP/single.prisma" <<'P'
datasource db {
  provider = "postgresql"
  schemas  = ["public", "audit"]
}

model Post {
  id    Int    @id
  title String @unique

  @@schema("public")
}

model Log {
  id Int @id

  @@schema("audit")
}
P
run 0 migrate diff --schema "$TMP/single.prisma" --dir "$TMP/mig2" --name multi
cat "$TMP"/mig2/*_multi/up.sql >"$TMP/up2"
has up2 'CREATE SCHEMA IF NOT EXISTS "audit";'
has up2 'CREATE TABLE "audit"."Log" ('
lacks up2 'DROP TABLE'
lacks up2 '"Post"'

# SQLite has no schemas: rendering for it is refused where they are written.
rm -rf "$TMP/gen2"
run 1 sql --dialect sqlite "$TMP/multi.prisma"
has err 'multi.prisma:4:3: error: "schemas" is only available with PostgreSQL'
has err 'multi.prisma:12:3: error: @@schema is only available with PostgreSQL'
[ ! -s "$TMP/out" ] || fail "sql --dialect sqlite printed output for a refused schema"
echo "multischema_build.sh: ok"
