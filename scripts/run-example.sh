#!/usr/bin/env bash
# The main job of `make run`: schemac over the blog example, then the example
# program itself on a fresh SQLite database.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
schemac="$root/$build/generator/schemac"
blog="$root/$build/examples/blog/blog"
schema="$root/examples/blog/schema.prisma"

step() { printf '\n== %s\n' "$*"; }

step "schemac check examples/blog/schema.prisma"
"$schemac" check "$schema"
step "schemac fmt --check examples/blog/schema.prisma"
"$schemac" fmt --check "$schema" && echo "formatted"
step "schemac sql --dialect sqlite examples/blog/schema.prisma"
"$schemac" sql --dialect sqlite "$schema"
step "the blog example on SQLite (examples/blog/demo.sh)"
mkdir -p "$root/$build/run"
SCHEMAC_TEST_TMP="$root/$build/run" sh "$root/examples/blog/demo.sh" "$blog" sqlite
