#!/usr/bin/env bash
# run.sh - the workload benchmark W1-W7 (bench/README.md, "Workloads W1-W7"):
# generated code against the best hand-written sqlite3 / libpq code, on
# SQLite and PostgreSQL, wall time (median of runs) and callgrind
# instruction counts side by side.
#
#   bench/workloads/run.sh [--quick] [--runs R] [--users N] [--posts M]
#                          [--engine sqlite|pg|both] [--no-callgrind] [--build DIR]
#
# --quick: N = 2,000 users, 10,000 posts, 3 runs. Default: N = 20,000 users,
# 100,000 posts, 5 runs. The build (default build-bench) is configured in
# Release (-O3). PostgreSQL: a throwaway loopback cluster from
# tests/support/pg_cluster.sh (BENCH_PG_URL instead uses that database: the
# benchmark drops and creates "User" and "Post" there). The client and the
# server are pinned to one CPU (taskset), so the client's own work is not
# hidden behind the server's: every microsecond either side spends counts.
# Callgrind runs each side once at a tenth of the size (at least 1,000 users)
# and reports instructions per workload of the client (the server is not
# counted).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build-bench
users=20000 posts=100000 runs=5 engine=both callgrind=1
while [ $# -gt 0 ]; do
  case $1 in
    --quick) users=2000 posts=10000 runs=3 ;;
    --runs) runs=$2; shift ;;
    --users) users=$2; shift ;;
    --posts) posts=$2; shift ;;
    --engine) engine=$2; shift ;;
    --no-callgrind) callgrind=0 ;;
    --build) build=$2; shift ;;
    *) sed -n '2,19p' "$0" >&2; exit 2 ;;
  esac
  shift
done
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCHEMAC_TESTS=OFF >/dev/null
# BENCH_BASELINE=1: the program on the API before the workloads; BENCH_SEQUENTIAL=1: W1 and W6
# through the per-row functions instead of create_many_ids / update_many (see CMakeLists.txt)
target=bench_workloads${BENCH_BASELINE:+_baseline}
[ -n "${BENCH_SEQUENTIAL:-}" ] && target=bench_workloads_sequential
cmake --build "$build" --target "$target" >/dev/null
bin=$build/bench/workloads/$target
cpu=$(taskset -pc $$ | sed 's/.*: //; s/[,-].*//')
pin="taskset -c $cpu"

state=""
cleanup() { if [ -n "$state" ]; then "$root/tests/support/pg_cluster.sh" stop "$state" >/dev/null; rm -rf "$state"; fi; }
trap cleanup EXIT INT TERM
url=${BENCH_PG_URL:-}
if [ "$engine" != sqlite ] && [ -z "$url" ]; then
  state=$(mktemp -d /tmp/bench-workloads-pg.XXXXXX)
  "$root/tests/support/pg_cluster.sh" start "$state" >/dev/null
  url=$(cat "$state/url")
  # the postmaster and its children (backends fork from it later, inheriting the CPU)
  pm=$(head -1 "$(cat "$state/datadir")/postmaster.pid")
  for p in $pm $(pgrep -P "$pm"); do taskset -a -pc "$cpu" "$p" >/dev/null; done
fi

engines=()
case $engine in
  sqlite) engines=(sqlite) ;;
  pg) engines=(pg) ;;
  both) engines=(sqlite pg) ;;
esac

echo "# bench_workloads: $users users, $posts posts, median of $runs runs; $(uname -m), $(nproc) cores, CPU $cpu; $(date -u +%Y-%m-%d)"
for e in "${engines[@]}"; do
  $pin "$bin" "$e" --url "$url" --users "$users" --posts "$posts" --runs "$runs"
done

[ "$callgrind" = 1 ] || exit 0
command -v valgrind >/dev/null || { echo "# valgrind not installed: no instruction counts"; exit 0; }
cu=$(( users / 10 < 1000 ? 1000 : users / 10 )) cp=$(( posts / 10 < 1 ? 1 : posts / 10 ))
echo
echo "# instructions (callgrind, client only): $cu users, $cp posts, one run per side; millions per workload"
printf '%-11s %-5s %14s %14s %8s\n' engine wl hand gen ratio
for e in "${engines[@]}"; do
  hp=hand_lite; [ "$e" = pg ] && hp=hand_pg
  toggles=()
  for w in 1 2 3 4 5 6 7; do toggles+=(--toggle-collect="${hp}_w$w" --toggle-collect="gen_w$w"); done
  out=$(mktemp /tmp/bench-workloads-cg.XXXXXX)
  $pin valgrind --tool=callgrind --callgrind-out-file="$out" "${toggles[@]}" \
    "$bin" "$e" --url "$url" --users "$cu" --posts "$cp" --runs 1 >/dev/null 2>&1
  callgrind_annotate --inclusive=yes --threshold=100 "$out" 2>/dev/null | awk -v e="$e" -v hp="$hp" '
    match($0, /:(hand_(lite|pg)|gen)_w[1-7] /) {
      f = substr($0, RSTART + 1, RLENGTH - 2); c = $1; gsub(",", "", c)
      if (!(f in n)) n[f] = c
    }
    END {
      for (w = 1; w <= 7; w++) {
        h = n[hp "_w" w]; g = n["gen_w" w]
        printf "%-11s W%-4d %14.2f %14.2f %8.3f\n", (e == "pg" ? "postgresql" : "sqlite"), w, h / 1e6, g / 1e6, (h > 0 ? g / h : 0)
      }
    }'
  rm -f "$out"
done
