#!/bin/sh
# run.sh - the typed-query benchmarks: bench_queries (generated vs hand-written,
# wall on SQLite and PostgreSQL, instructions on both under callgrind) and
# gen1000.sh (checking and generating 1,000 queries).
#   bench/queries/run.sh [BUILD_DIR] [N]
# BUILD_DIR (default build-bench) is configured Release. PostgreSQL: BENCH_PG_URL
# when set, else a throwaway loopback cluster (tests/support/pg_cluster.sh)
# whose server (postmaster and every backend) runs pinned to one CPU with the
# client, so the client's own work adds to the wall time instead of hiding
# behind round-trip wake-ups. BENCH_ROUNDS sets the rounds per case.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build-bench}
n=${2:-20000}
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target bench_queries schemac >/dev/null
cpu=$(taskset -pc $$ | sed 's/.*: //; s/[,-].*//')
pin="taskset -c $cpu"
state=""
cleanup() { [ -n "$state" ] && "$root/tests/support/pg_cluster.sh" stop "$state" >/dev/null; rm -rf "$state"; }
if [ -z "${BENCH_PG_URL:-}" ] && ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  state=$(mktemp -d /tmp/bench-queries-pg.XXXXXX)
  trap cleanup EXIT INT TERM
  "$root/tests/support/pg_cluster.sh" start "$state" >/dev/null
  BENCH_PG_URL=$(cat "$state/url")
  # the postmaster and its children (backends fork from it later, inheriting the CPU)
  pm=$(head -1 "$(cat "$state/datadir")/postmaster.pid")
  for p in $pm $(pgrep -P "$pm"); do taskset -a -pc "$cpu" "$p" >/dev/null; done
fi
echo "# bench_queries on $(uname -srm), $(nproc) cores, CPU $cpu, $(date -u +%Y-%m-%d)"
BENCH_PG_URL=${BENCH_PG_URL:-} $pin "$build/bench/queries/bench_queries" "$n"
if command -v valgrind >/dev/null; then
  out=$(mktemp)
  c=2000
  BENCH_PG_URL= valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect=hand_one --toggle-collect=gen_one \
    --toggle-collect=hand_many --toggle-collect=gen_many "$build/bench/queries/bench_queries" --count $c >/dev/null 2>&1
  echo "# instructions per operation (callgrind, SQLite, $c operations each)"
  callgrind_annotate --inclusive=yes "$out" 2>/dev/null |
    grep -E '(hand|gen)_(one|many) ' | awk -v c=$c '{ gsub(",", "", $1); match($0, /:(hand|gen)_[a-z_]+/); printf "%-13s %d\n", substr($0, RSTART + 1, RLENGTH - 1), $1 / c }'
  if [ -n "${BENCH_PG_URL:-}" ]; then
    c=500
    BENCH_PG_URL=$BENCH_PG_URL valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect=hand_pg_one \
      --toggle-collect=gen_one --toggle-collect=hand_pg_many --toggle-collect=gen_many \
      "$build/bench/queries/bench_queries" --count $c >/dev/null 2>&1
    echo "# client instructions per operation (callgrind, PostgreSQL, $c operations each)"
    callgrind_annotate --inclusive=yes "$out" 2>/dev/null |
      grep -E '(hand_pg|gen)_(one|many) ' | awk -v c=$c '{ gsub(",", "", $1); match($0, /:(hand|gen)_[a-z_]+/); printf "%-13s %d\n", substr($0, RSTART + 1, RLENGTH - 1), $1 / c }'
  fi
  rm -f "$out"
fi
"$root/bench/queries/gen1000.sh" "$build/generator/schemac"
