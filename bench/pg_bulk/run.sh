#!/bin/sh
# run.sh - build bench_pg_bulk in Release (-O3) and run it against a
# throwaway loopback cluster (tests/support/pg_cluster.sh, own state dir),
# stopped afterwards.
#   bench/pg_bulk/run.sh [BUILD_DIR] [--runs R] [--narrow] [N ...]
# BUILD_DIR (default build-pg-bulk) configures this folder on its own, so the
# benchmark builds whether or not the top CMakeLists.txt includes it.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build-pg-bulk}
[ $# -gt 0 ] && shift
cmake -S "$root/bench/pg_bulk" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target bench_pg_bulk
state=$(mktemp -d /tmp/bench-pg-bulk.XXXXXX)
cleanup() { "$root/tests/support/pg_cluster.sh" stop "$state" >/dev/null; rm -rf "$state"; }
trap cleanup EXIT INT TERM
"$root/tests/support/pg_cluster.sh" start "$state" >/dev/null
"$build/bench_pg_bulk" "$(cat "$state/url")" "$@"
