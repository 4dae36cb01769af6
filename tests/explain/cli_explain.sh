#!/usr/bin/env bash
# `schemac explain` on SQLite (in memory) or PostgreSQL (--url of the test
# server): tests/explain/missing.prisma has findings (full scans, a sort no
# index gives, foreign keys without an index), each naming the generated
# function, the plan line and a verified @@index proposal; fixed.prisma (the
# proposals added) has none; --strict fails on findings; --format json; the
# server keeps nothing of the scratch schema.
#   cli_explain.sh sqlite|postgresql SCHEMAC RT_PROBE SRCDIR TMPDIR [PG_URLFILE]
set -euo pipefail
engine=${1:?usage: cli_explain.sh sqlite|postgresql SCHEMAC RT_PROBE SRCDIR TMPDIR [PG_URLFILE]}
schemac=${2:?}
probe=${3:?}
src=${4:?}
work=${5:?}/cli_explain_$engine.$$
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
# one JSON document (one top-level object) holding TEXT
one_doc() { [ "$(grep -c '^{' "$1")" = 1 ] && [ "$(grep -c '^}' "$1")" = 1 ] && grep -qF -- "$2" "$1"; }
lacks() { ! grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 has: $2"; }; }

# rt_probe query prints every row
if [ "$engine" = postgresql ]; then purl=$(cat "${6:?}"); else purl=sqlite::memory:; fi
[ "$("$probe" "$purl" query "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3" | tr '\n' ,)" = "1,2,3," ] ||
  fail "rt_probe query: not every row printed"

url=()
for f in missing fixed; do
  sed "s/provider = \"sqlite\"/provider = \"$engine\"/" "$src/tests/explain/$f.prisma" >$f.prisma
done
if [ "$engine" = postgresql ]; then
  base=$(cat "${6:?}")
  url=(--url "$base")
fi

# A page function runs several statements (first and later pages, both orders): one finding of each kind.
cat > pages.prisma <<EOF
datasource db {
  provider = "$engine"
  url      = env("DATABASE_URL")
}
model Order {
  id       Int      @id @default(autoincrement())
  placedAt DateTime
  status   String
  @@index([placedAt], where: raw("status = 'open'"))
}
EOF
expect 0 "$schemac" explain pages.prisma "${url[@]}"
n=$(grep -c '^pages_order_list_page_by_placed_at: full scan' out.txt || true)
[ "$n" -le 1 ] || { cat out.txt >&2; fail "list_page_by_placed_at's full scan reported $n times"; }

expect 0 "$schemac" explain missing.prisma "${url[@]}"
cp out.txt missing.txt
has missing.txt "missing_task_list_by_assignee_id: full scan of Task (full-scan)"
has missing.txt "missing_user_load_tasks: full scan of Task (full-scan)"
has missing.txt "add to model Task: @@index([assigneeId, id])"
has missing.txt "foreign key Task_assigneeId_fkey: no index for the key, on Task (fk-without-index)"
has missing.txt "add to model Task: @@index([assigneeId])"
has missing.txt "foreign key User_tenantId_fkey: no index for the key, on User (fk-without-index)"
has missing.txt "add to model User: @@index([tenantId, id])"
lacks missing.txt "not verified"
if [ "$engine" = sqlite ]; then
  has missing.txt "plan: SCAN Task"
  has missing.txt "with it: SEARCH Task USING INDEX schemac_explain_probe (assigneeId=?)"
  has missing.txt "missing_task_list_by_tenant_id: sort no index gives, on Task (temp-sort)"
  has missing.txt "plan: USE TEMP B-TREE FOR ORDER BY"
else
  has missing.txt "plan: Seq Scan on Task"
  has missing.txt "with it: Index Scan on Task"
fi
has err.txt "queries planned on"
# count_by_<fk> over a key without an index scans too
has missing.txt "missing_task_count_by_assignee_id: full scan of Task (full-scan)"
has missing.txt "missing_user_count_by_tenant_id: full scan of User (full-scan)"
# a page scoped to one parent: one finding for its four statements, an index read either way
has missing.txt "missing_task_list_page_of_assignee_id: full scan of Task (full-scan)"
n=$(grep -c '^missing_task_list_page_of_assignee_id:' missing.txt || true)
[ "$n" = 1 ] || { cat missing.txt >&2; fail "list_page_of_assignee_id reported $n times"; }
lacks missing.txt "id(sort: Desc)"
has err.txt "12 findings"

# functions are named as `generate` names them: the schemac generator block's prefix, --prefix over it
{ cat missing.prisma; printf 'generator c {\n  provider = "schemac"\n  prefix   = "board"\n}\n'; } >board.prisma
expect 0 "$schemac" explain board.prisma "${url[@]}"
has out.txt "board_task_list_by_assignee_id: full scan of Task (full-scan)"
lacks out.txt "missing_task"
lacks out.txt "app_task"
expect 0 "$schemac" explain board.prisma --prefix acme "${url[@]}"
has out.txt "acme_task_list_by_assignee_id: full scan of Task (full-scan)"
lacks out.txt "board_task"
expect 2 "$schemac" explain board.prisma --prefix 9lives "${url[@]}"
has err.txt "prefix '9lives' is not a C identifier"

expect 1 "$schemac" explain --strict missing.prisma "${url[@]}"
expect 0 "$schemac" explain --strict fixed.prisma "${url[@]}"
[ -s out.txt ] && fail "findings on the fixed schema: $(cat out.txt)"
has err.txt "0 findings"

expect 0 "$schemac" explain missing.prisma --format json "${url[@]}"
has out.txt '"kind": "fk-without-index"'
has out.txt '"query": "missing_task_list_by_assignee_id"'
has out.txt '"proposal": "@@index([assigneeId, id])"'
has out.txt '"verified": true'
has out.txt "\"database\": \"$engine\""
# stdout is one JSON document: the findings, not the (empty) diagnostics before them
one_doc out.txt '"findings": [' ||
  fail "--format json: stdout is not one JSON document of findings: $(cat out.txt)"
expect 0 "$schemac" --format json explain missing.prisma "${url[@]}"
one_doc out.txt '"findings": [' ||
  fail "global --format json: stdout is not one JSON document of findings: $(cat out.txt)"
# a schema with errors: the diagnostics are the document
printf 'datasource db {\n  provider = "%s"\n}\nmodel A {\n  id Int @id\n  b Strin\n}\n' "$engine" >bad.prisma
expect 1 "$schemac" explain bad.prisma --format json "${url[@]}"
one_doc out.txt '"errors": 1,' ||
  fail "--format json on a bad schema: $(cat out.txt)"

# typed queries are planned too, named by file:line
cat >tasks.sql <<'Q'
-- name: TasksOfAssignee :many
SELECT id, title FROM "Task" WHERE "assigneeId" = ? ORDER BY "createdAt" DESC;
Q
if [ "$engine" = postgresql ]; then sed -i 's/= ?/= $1/' tasks.sql; fi
expect 1 "$schemac" explain --strict fixed.prisma --queries tasks.sql "${url[@]}"
has out.txt "TasksOfAssignee at tasks.sql:1: sort no index gives, on Task (temp-sort)"
has out.txt "add to model Task: @@index([assigneeId, createdAt])"

expect 2 "$schemac" explain
expect 2 "$schemac" explain missing.prisma --format yaml
if [ "$engine" = postgresql ]; then
  [ "$("$probe" "$base" query "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'schemac_explain%'")" = 0 ] ||
    fail "the scratch schema was kept"
  # multi-schema, on a database that already holds the schema: the scratch objects go to stand-ins of
  # the listed schemas (the enum type and tables exist already), and one table name in two schemas is
  # told apart (the sales one lacks the index the base one has)
  cat >ms.prisma <<'EOF'
datasource db {
  provider = "postgresql"
  schemas  = ["explain_ms_base", "explain_ms_sales"]
}
model Owner {
  id    Int         @id
  base  BaseItem[]
  sales SalesItem[]
  @@schema("explain_ms_base")
}
model BaseItem {
  id      Int   @id
  ownerId Int
  owner   Owner @relation(fields: [ownerId], references: [id])
  @@index([ownerId])
  @@map("Item")
  @@schema("explain_ms_base")
}
model SalesItem {
  id      Int   @id
  ownerId Int
  state   State
  owner   Owner @relation(fields: [ownerId], references: [id])
  @@map("Item")
  @@schema("explain_ms_sales")
}
enum State {
  OPEN
  DONE
  @@schema("explain_ms_sales")
}
EOF
  "$probe" "$base" exec "DROP SCHEMA IF EXISTS explain_ms_base, explain_ms_sales CASCADE" >/dev/null
  "$schemac" sql ms.prisma >ms.sql
  "$probe" "$base" exec "$(cat ms.sql)" >/dev/null || fail "ms.prisma's DDL did not apply"
  expect 0 "$schemac" explain ms.prisma "${url[@]}"
  has out.txt "ms_sales_item_list_by_owner_id: full scan of explain_ms_sales.Item (full-scan)"
  has out.txt "add to model SalesItem: @@index([ownerId, id])"
  has out.txt "foreign key Item_ownerId_fkey: no index for the key, on explain_ms_sales.Item (fk-without-index)"
  lacks out.txt "no index for the key, on explain_ms_base.Item"
  has out.txt "ms_base_item_list_by_owner_id: full scan of explain_ms_base.Item (full-scan)"
  has out.txt "add to model BaseItem: @@index([ownerId, id])"
  lacks out.txt "add to model BaseItem: @@index([ownerId])"
  # the database's own schemas are as they were, no scratch schema is left
  [ "$("$probe" "$base" query "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'explain_ms_%' AND c.relkind = 'r'")" = 3 ] ||
    fail "explain changed the listed schemas"
  [ "$("$probe" "$base" query "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'schemac_explain%'")" = 0 ] ||
    fail "a scratch schema was kept"
  "$probe" "$base" exec "DROP SCHEMA explain_ms_base, explain_ms_sales CASCADE" >/dev/null
  # without --url a PostgreSQL schema is a usage error that asks for one, not dialect errors
  expect 2 "$schemac" explain missing.prisma
  has err.txt "missing.prisma is a PostgreSQL schema: give --url of a PostgreSQL server"
  lacks err.txt "--dialect sqlite"
else
  expect 2 "$schemac" explain missing.prisma --url "sqlite:$work/x.db"
fi
echo "cli_explain $engine: ok"
