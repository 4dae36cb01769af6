#!/usr/bin/env bash
# The main job of `make run`: schemac over the blog example, its migrations
# applied to a fresh SQLite database, then a short session of the example
# program on that database.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
schemac="$root/$build/generator/schemac"
blog="$root/$build/examples/blog/blog"
schema="$root/examples/blog/schema.prisma"
migrations="$root/examples/blog/migrations/sqlite"

step() { printf '\n== %s\n' "$*"; }

step "schemac check examples/blog/schema.prisma"
"$schemac" check "$schema"
step "schemac fmt --check examples/blog/schema.prisma"
"$schemac" fmt --check "$schema" && echo "formatted"
step "schemac sql --dialect sqlite examples/blog/schema.prisma"
"$schemac" sql --dialect sqlite "$schema"
step "schemac lint --strict --dialect postgresql examples/blog/schema.prisma"
"$schemac" lint --strict --dialect postgresql "$schema"
step "schemac diagram examples/blog/schema.prisma (Mermaid)"
"$schemac" diagram "$schema"
step "schemac explain --strict examples/blog/schema.prisma (every generated query planned, in-memory SQLite)"
"$schemac" explain --strict "$schema"

rundir="$root/$build/run"
mkdir -p "$rundir"
rm -f "$rundir"/blog.db*
export DATABASE_URL="sqlite:$rundir/blog.db"
step "schemac migrate diff --check (the committed migrations cover schema.prisma)"
"$schemac" migrate diff --dialect sqlite --dir "$migrations" --schema "$schema" --check
step "schemac migrate apply (examples/blog/migrations/sqlite -> $build/run/blog.db)"
"$schemac" migrate apply --dir "$migrations"
"$schemac" migrate status --dir "$migrations"
"$schemac" migrate check --dir "$migrations"

step "schemac pull (the migrated database read back as a schema)"
"$schemac" pull --url "$DATABASE_URL" --schema "$schema" | diff -u "$schema" - && echo "pulled: the same schema"

step "the blog example on the migrated database"
"$blog" add-user ada@example.com "Ada Lovelace" author
"$blog" add-user bob@example.com "Bob" reader
"$blog" post ada@example.com engines "The Analytical Engine" "Notes; with 'quotes' and \"more\"." history math
"$blog" post ada@example.com loops "On loops" "Bernoulli numbers." math
"$blog" comment engines bob@example.com "Great post!"
"$blog" feed
"$blog" edit engines 1 "The Analytical Engine, revised"
echo "(a second edit from the same stale version 1 is refused:)"
if "$blog" edit engines 1 "A stale title"; then
  echo "error: a stale edit was accepted" >&2
  exit 1
fi
"$blog" delete loops 1
"$blog" feed
