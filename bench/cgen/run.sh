#!/bin/sh
# run.sh - build and run the code-generation benchmark.
#   bench/cgen/run.sh [BUILD_DIR] [N]
# SQLite always (in memory); PostgreSQL too when BENCH_PG_URL names a
# database the benchmark may create a table in.
set -eu
build=${1:-build}
n=${2:-20000}
cmake --build "$build" --target bench_cgen
"$build/bench/cgen/bench_cgen" "$n"
