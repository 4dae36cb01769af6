#!/usr/bin/env bash
# Build and run the benchmarks. Starts a private PostgreSQL cluster with
# tests/support/pg_cluster.sh (its own state dir) and stops it afterwards.
#   bench/run.sh [BUILD_DIR]     (default: build-bench, a Release build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-bench}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCHEMAC_TESTS=OFF >/dev/null
cmake --build "$build" --target bench_runtime >/dev/null
state=$(mktemp -d /tmp/schemac-bench.XXXXXX)
trap '"$root/tests/support/pg_cluster.sh" stop "$state" >/dev/null; rm -rf "$state"' EXIT
"$root/tests/support/pg_cluster.sh" start "$state" >/dev/null
echo "# bench_runtime on $(uname -srm), $(nproc) cores, $(date -u +%Y-%m-%d)"
"$build/runtime/bench/bench_runtime" "$(cat "$state/url")"
