#!/usr/bin/env bash
# How long the C that schemac generates for a large schema takes to compile:
# the ~300-model schema of tests/corpus/gen_large.sh, generated split (one
# source per model, the default above 50 models) and compiled at -O2 with
# JOBS compilers at a time, each under /usr/bin/time -v (its peak memory).
# Then, for comparison, the same schema in one source (--no-split).
#
#   bench/cgen_build.sh [SCHEMAC] [JOBS] [CC]
#
# SCHEMAC defaults to build-bench/generator/schemac (a Release build made
# here when missing); JOBS to 2; CC to cc. Prints, per layout: the files and
# lines of C, the wall time of the whole compile, the CPU time of all
# compilers together, the largest peak RSS of one compiler, and the load
# average before (a shared machine inflates wall times; the CPU sum is the
# steadier figure). Nothing here runs under ctest: timings are not test
# assertions. Results: bench/README.md (cgen_build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
schemac=${1:-}
jobs=${2:-2}
cc=${3:-cc}
if [ -z "$schemac" ]; then
    build=$root/build-bench
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCHEMAC_TESTS=OFF >/dev/null
    cmake --build "$build" --target schemac >/dev/null
    schemac=$build/generator/schemac
fi
[ -x /usr/bin/time ] || { echo "cgen_build.sh: needs /usr/bin/time (Debian package time)" >&2; exit 2; }
work=$(mktemp -d /tmp/schemac-cgen-build.XXXXXX)
trap 'rm -rf "$work"' EXIT

bash "$root/tests/corpus/gen_large.sh" "$work/large.prisma"
echo "schema: $(grep -c '^model ' "$work/large.prisma") models, $(grep -c '^enum ' "$work/large.prisma") enums"

# compile LAYOUT FLAGS...: generate into $work/LAYOUT and compile every .c there.
compile() {
    local layout=$1
    shift
    local out=$work/$layout
    mkdir -p "$out/obj"
    "$schemac" --no-color generate "$work/large.prisma" -o "$out" --prefix big "$@"
    local nfiles lines
    nfiles=$(ls "$out"/*.c | wc -l)
    lines=$(cat "$out"/*.c "$out"/*.h | wc -l)
    local load
    load=$(cut -d' ' -f1 /proc/loadavg)
    local start end
    start=$(date +%s.%N)
    ls "$out"/*.c | xargs -P "$jobs" -I{} sh -c \
        '/usr/bin/time -v -o "$1.time" '"$cc"' -std=c11 -O2 -I"$2" -I"$3" -c "$1" -o "$3/obj/$(basename "$1" .c).o"' \
        sh {} "$root/runtime/include" "$out"
    end=$(date +%s.%N)
    local cpu rss
    cpu=$(cat "$out"/*.time | awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}')
    rss=$(cat "$out"/*.time | awk -F': ' '/Maximum resident set size/ {if ($2 > m) m = $2} END {printf "%.0f", m / 1024}')
    printf '%-8s %4d sources %7d lines  wall %6.1f s  cpu %6.1f s  max rss %4d MB  (jobs %d, load before %s)\n' \
        "$layout" "$nfiles" "$lines" "$(echo "$end - $start" | bc)" "$cpu" "$rss" "$jobs" "$load"
}

compile split
compile single --no-split
