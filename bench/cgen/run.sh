#!/bin/sh
# run.sh - configure a Release (-O3) build, build the code-generation
# benchmark and run it on SQLite and PostgreSQL in one go.
#   bench/cgen/run.sh [BUILD_DIR] [N]
# BUILD_DIR (default build-bench) is configured with CMAKE_BUILD_TYPE=Release:
# a default (-O0) build makes the figures meaningless. PostgreSQL: the database
# BENCH_PG_URL names when set (the benchmark drops and creates table "Item"
# there), else a throwaway loopback cluster started by
# tests/support/pg_cluster.sh and stopped afterwards.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build-bench}
n=${2:-20000}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target bench_cgen
state=""
cleanup() { [ -n "$state" ] && "$root/tests/support/pg_cluster.sh" stop "$state" >/dev/null; rm -rf "$state"; }
if [ -z "${BENCH_PG_URL:-}" ] && command -v bash >/dev/null && ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  state=$(mktemp -d /tmp/bench-cgen-pg.XXXXXX)
  trap cleanup EXIT INT TERM
  "$root/tests/support/pg_cluster.sh" start "$state" >/dev/null
  BENCH_PG_URL=$(cat "$state/url")
fi
BENCH_PG_URL=${BENCH_PG_URL:-} "$build/bench/cgen/bench_cgen" "$n"
