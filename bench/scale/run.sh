#!/bin/sh
# run.sh - build bench_scale (Release) and run it against a throwaway primary
# with a streaming replica (tests/support/pg_replica.sh) and a PgBouncer in
# transaction mode in front of the primary (tests/support/pgbouncer.sh, two
# server connections); everything is stopped afterwards.
#   bench/scale/run.sh [BUILD_DIR] [bench_scale options...]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-bench}
[ $# -gt 0 ] && shift
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCHEMAC_TESTS=OFF >/dev/null
cmake --build "$build" --target bench_scale >/dev/null
state=$(mktemp -d /tmp/bench-scale.XXXXXX)
cleanup() {
  "$root/tests/support/pgbouncer.sh" stop "$state/bouncer" >/dev/null 2>&1 || true
  "$root/tests/support/pg_replica.sh" stop "$state" >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT INT TERM
"$root/tests/support/pg_replica.sh" start "$state" >/dev/null
"$root/tests/support/pgbouncer.sh" start "$state/bouncer" "$state/primary_url" 2 >/dev/null
echo "# bench_scale on $(uname -srm), $(nproc) cores, $(date -u +%Y-%m-%d)"
"$build/bench/scale/bench_scale" "$(cat "$state/primary_url")" "$(cat "$state/replica_url")" \
  "$(cat "$state/bouncer/url")/postgres" "$@"
