#!/usr/bin/env bash
# The main job of `make run`: run schemac over the blog example on SQLite.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
schemac="$root/$build/generator/schemac"
schema="$root/examples/blog/schema.prisma"

echo "== schemac check examples/blog/schema.prisma"
"$schemac" check "$schema"
echo "== schemac fmt --check examples/blog/schema.prisma"
"$schemac" fmt --check "$schema" && echo "formatted"
if "$schemac" help | grep -q '^  sql '; then
  echo "== schemac sql examples/blog/schema.prisma (SQLite)"
  "$schemac" sql --dialect sqlite "$schema"
fi
