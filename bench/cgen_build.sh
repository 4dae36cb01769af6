#!/usr/bin/env bash
# How long the C that schemac generates for a large schema takes to build:
# the ~300-model schema of tests/corpus/gen_large.sh, built as a user's
# project builds it (cmake/schemac_generate.cmake, -O2, -jJOBS), every
# compiler process run under /usr/bin/time -v for its CPU time and peak
# memory. Three layouts:
#   split   the default above 50 models: a source per model, compiled as
#           schemac_generate() builds it (unity batches of 8 sources);
#   alone   the same sources, one compiler process each (UNITY_BUILD OFF);
#   single  the whole schema in one source (SPLIT OFF).
#
#   bench/cgen_build.sh [SCHEMAC] [JOBS] [CC] [LAYOUT...]
#
# SCHEMAC defaults to build-bench/generator/schemac (a Release build made
# here when missing); JOBS to 2; CC to cc. Prints per layout the sources,
# lines of C, the build's wall time (generation excluded), the CPU time of
# all compiler processes together, the largest peak RSS of one, and the
# load average before: on a shared machine wall times swing with the load,
# the CPU sum much less. Nothing here runs under ctest: timings are not
# test assertions. Results: bench/README.md (cgen_build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
schemac=${1:-}
jobs=${2:-2}
cc=${3:-cc}
shift $(($# < 3 ? $# : 3))
layouts=${*:-split alone single}
if [ -z "$schemac" ]; then
    build=$root/build-bench
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCHEMAC_TESTS=OFF >/dev/null
    cmake --build "$build" --target schemac >/dev/null
    schemac=$build/generator/schemac
fi
schemac=$(cd "$(dirname "$schemac")" && pwd)/$(basename "$schemac")
[ -x /usr/bin/time ] || { echo "cgen_build.sh: needs /usr/bin/time (Debian package time)" >&2; exit 2; }
work=$(mktemp -d /tmp/schemac-cgen-build.XXXXXX)
trap 'rm -rf "$work"' EXIT

bash "$root/tests/corpus/gen_large.sh" "$work/large.prisma"
echo "schema: $(grep -c '^model ' "$work/large.prisma") models, $(grep -c '^enum ' "$work/large.prisma") enums; $(cc --version | head -n 1)"

# Each compiler process leaves its /usr/bin/time -v report in $TIMES.
cat > "$work/launch.sh" <<'EOF'
#!/bin/sh
exec /usr/bin/time -v -o "$TIMES/$$.time" "$@"
EOF
chmod +x "$work/launch.sh"

# The project: the runtime's headers (nothing is linked) and the generated library.
mkdir -p "$work/project"
cat > "$work/project/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.20)
project(cgen_build C)
include($root/cmake/schemac_generate.cmake)
add_library(rt INTERFACE)
target_include_directories(rt INTERFACE $root/runtime/include)
schemac_generate(TARGET big_db SCHEMA $work/large.prisma PREFIX big SCHEMAC $schemac RUNTIME rt SPLIT \${LAYOUT_SPLIT})
if(LAYOUT_ALONE)
  set_target_properties(big_db PROPERTIES UNITY_BUILD OFF)
endif()
EOF

for layout in $layouts; do
    split=ON
    alone=OFF
    case $layout in
        alone) alone=ON ;;
        single) split=OFF ;;
    esac
    b=$work/build-$layout
    export TIMES=$work/times-$layout
    mkdir -p "$TIMES"
    cmake -S "$work/project" -B "$b" -G Ninja -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="-O2" \
        -DCMAKE_C_COMPILER_LAUNCHER="$work/launch.sh" -DLAYOUT_SPLIT=$split -DLAYOUT_ALONE=$alone >/dev/null
    cmake --build "$b" --target big_db_codegen >/dev/null
    gen=$b/big_db_generated
    nsources=$(ls "$gen"/*.c | wc -l)
    lines=$(cat "$gen"/*.c "$gen"/*.h | wc -l)
    load=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    cmake --build "$b" -j "$jobs" --target big_db >/dev/null
    end=$(date +%s.%N)
    nproc=$(ls "$TIMES"/*.time | wc -l)
    cpu=$(cat "$TIMES"/*.time | awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}')
    rss=$(cat "$TIMES"/*.time | awk -F': ' '/Maximum resident set size/ {if ($2 > m) m = $2} END {printf "%.0f", m / 1024}')
    printf '%-7s %4d sources %7d lines %4d compiles  wall %6.1f s  cpu %6.1f s  max rss %4d MB  (-j%d, load before %s)\n' \
        "$layout" "$nsources" "$lines" "$nproc" "$(echo "$end - $start" | bc)" "$cpu" "$rss" "$jobs" "$load"
done
