#!/usr/bin/env bash
# The compiler itself on the ~300-model schema of tests/corpus/gen_large.sh:
# how long `schemac sql`, `schemac migrate diff` from an empty migrations
# folder and `schemac generate` take, and how much memory each needs.
#
#   bench/compiler.sh [SCHEMAC] [RUNS]
#
# SCHEMAC defaults to build-bench/generator/schemac (a Release build made
# here when missing); RUNS (default 10) runs per command. Every run is under
# /usr/bin/time: printed are the fastest wall time, the fastest CPU time
# (user + system; from `perf stat -e task-clock` when perf works here, as
# /usr/bin/time counts in 10 ms steps), the largest peak RSS and the page faults (minor faults
# of the last run: they repeat, and each costs microseconds of system time) over the runs. The fastest run is
# the one least disturbed by whatever else the machine does; on a shared
# machine compare CPU times, and instruction counts (CALLGRIND=1 adds one
# callgrind run per command, which needs valgrind) rather than wall times.
# Goals (#15): sql under 20 ms, migrate diff under 30 ms, generate under
# 100 ms of CPU and 50 MB peak. "migrate next" (no goal of its own) is the
# second diff, on top of the first. "generate shm" writes into a tmpfs instead
# (see there). Nothing here runs under ctest: timings are
# not test assertions. Results: bench/README.md (compiler).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
schemac=${1:-}
runs=${2:-10}
if [ -z "$schemac" ]; then
    build=$root/build-bench
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCHEMAC_TESTS=OFF >/dev/null
    cmake --build "$build" --target schemac >/dev/null
    schemac=$build/generator/schemac
fi
schemac=$(cd "$(dirname "$schemac")" && pwd)/$(basename "$schemac")
[ -x /usr/bin/time ] || { echo "compiler.sh: needs /usr/bin/time (Debian package time)" >&2; exit 2; }
work=$(mktemp -d /tmp/schemac-compiler.XXXXXX)
perf=0
if perf stat -x, -e task-clock -o /dev/null true >/dev/null 2>&1; then perf=1; fi
trap 'rm -rf "$work"' EXIT

bash "$root/tests/corpus/gen_large.sh" "$work/large.prisma"
echo "# compiler on $(uname -srm), $(nproc) cores, $(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# schema: $(grep -c '^model ' "$work/large.prisma") models, $(grep -c '^enum ' "$work/large.prisma") enums, $(wc -c <"$work/large.prisma") bytes; $runs runs each"
printf '%-14s %10s %10s %10s %10s %12s\n' command "wall ms" "CPU ms" "peak MB" "faults" "instructions"
[ "$perf" = 1 ] || echo "# (no perf here: CPU times from /usr/bin/time, in 10 ms steps)"

# measure LABEL SETUP COMMAND...: SETUP (a shell snippet) runs before each run, untimed.
measure() {
    local label=$1 setup=$2
    shift 2
    local best_wall='' best_cpu='' peak=0 faults=0 i
    for ((i = 0; i < runs; i++)); do
        (cd "$work" && eval "$setup")
        (cd "$work" && /usr/bin/time -f '%e %U %S %M %R' -o "$work/time" "$@" >"$work/out" 2>"$work/err") || {
            echo "compiler.sh: $label failed:" >&2
            head -5 "$work/err" >&2
            exit 1
        }
        read -r wall user sys rss faults <"$work/time"
        local cpu
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print (u + s) * 1000 }')
        if [ "$perf" = 1 ]; then
            # A second run under perf for the CPU time (perf's own memory would blur the peak RSS above).
            (cd "$work" && eval "$setup")
            (cd "$work" && perf stat -x, -e task-clock -o "$work/perf" "$@" >/dev/null 2>&1) || true
            cpu=$(awk -F, '$3 == "task-clock" { print $1 }' "$work/perf")
        fi
        wall=$(awk -v w="$wall" 'BEGIN { print w * 1000 }')
        if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then best_wall=$wall; fi
        if [ -z "$best_cpu" ] || awk -v a="$cpu" -v b="$best_cpu" 'BEGIN { exit !(a < b) }'; then best_cpu=$cpu; fi
        if [ "$rss" -gt "$peak" ]; then peak=$rss; fi
    done
    local ir=-
    if [ "${CALLGRIND:-0}" = 1 ]; then
        (cd "$work" && eval "$setup")
        (cd "$work" && valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$work/cg") || true
        ir=$(sed -n 's/.*refs: *//p' "$work/cg" | tr -d ,)
    fi
    printf '%-14s %10.0f %10.1f %10.1f %10s %12s\n' "$label" "$best_wall" "$best_cpu" "$(awk -v k="$peak" 'BEGIN { print k / 1024 }')" "$faults" "$ir"
}

measure version ':' "$schemac" version
measure sql ':' "$schemac" sql large.prisma
measure "migrate diff" 'rm -rf mig' "$schemac" migrate diff --schema large.prisma --dir mig --name init
# The diff users run most: the next one, on top of the first (one column added). It reads the first
# migration back (every file hashed for the sum check, its snapshot parsed) before it writes its own.
(cd "$work" && rm -rf base && "$schemac" migrate diff --schema large.prisma --dir base --name init >/dev/null 2>&1 &&
    sed 's/^model Tenant {/model Tenant {\n  extraNote String?/' large.prisma >next.prisma)
measure "migrate next" 'rm -rf mig && cp -r base mig' "$schemac" migrate diff --schema next.prisma --dir mig --name next
measure generate 'rm -rf gen' "$schemac" generate large.prisma -o gen --prefix big
# The same into a tmpfs (/dev/shm), where writing 600 files costs no disk work: what is left is the compiler's own
# CPU time. On a file system without a journal (ext4 as this machine has it) creating a file right after others
# were deleted scans every recently deleted inode, so the line above swings with what ran before it.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    shm=$(mktemp -d /dev/shm/schemac-compiler.XXXXXX)
    trap 'rm -rf "$work" "$shm"' EXIT
    measure "generate shm" "rm -rf $shm/gen" "$schemac" generate large.prisma -o "$shm/gen" --prefix big
fi
