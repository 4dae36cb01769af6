#!/usr/bin/env bash
# Time schemac's front and back ends on very large schemas: every pass over
# fields, enum values, models, indexes and relations must stay linear (or
# n log n), so these finish in seconds, not minutes.
#
#   bench/sema_scale.sh [SCHEMAC] [SCALE]
#
# SCHEMAC defaults to build-bench/generator/schemac (a Release build made
# here when missing). SCALE (default 1) multiplies every size: 1 gives a
# model with 100k fields, an enum with 200k values and 20k related models;
# NFIELDS, NVALUES, NMODELS, NKEYS and NGEN (the width of the model
# generate runs on) in the environment set one size directly.
# Nothing here runs under ctest: timings are not test assertions.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
schemac=${1:-}
scale=${2:-1}
if [ -z "$schemac" ]; then
    build=$root/build-bench
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSCHEMAC_TESTS=OFF >/dev/null
    cmake --build "$build" --target schemac >/dev/null
    schemac=$build/generator/schemac
fi
work=$(mktemp -d /tmp/schemac-sema-scale.XXXXXX)
trap 'rm -rf "$work"' EXIT

nfields=${NFIELDS:-$((100000 * scale))}
nvalues=${NVALUES:-$((200000 * scale))}
nmodels=${NMODELS:-$((20000 * scale))}
nkeys=${NKEYS:-$((20000 * scale))}
# generate writes C whose size grows with the table's width (every query names every
# column: about 10 kB of C per column); its own run uses a narrower table.
ngen=${NGEN:-$((10000 * scale))}

# wide: one model, NFIELDS fields; every 10th mapped, every 250th with a
# default, every 500th with a @check; ten @unique fields, ten @@index and
# ten @@unique (the generated C has a function per key, each naming every
# column: many keys on a wide table make its size grow as keys x columns).
gen_wide() {
    awk -v n="$1" -v p="$2" 'BEGIN {
        printf "datasource db {\n  provider = \"%s\"\n}\n\n", p
        printf "model Wide {\n  id Int @id\n"
        for (i = 0; i < n; i++) {
            printf "  f%d String", i
            if (i % 10 == 0) printf " @map(\"col_%d\")", i
            if (i < 10) printf " @unique"
            if (i % 250 == 0) printf " @default(\"v%d\")", i
            if (i % 500 == 0) printf " @check(\"length(col_%d) < 100\")", i
            printf "\n"
        }
        for (i = 1; i < 40 && i + 3 < n; i += 4)
            printf "  @@index([f%d, f%d])\n  @@unique([f%d, f%d])\n", i, i + 1, i + 2, i + 3
        printf "}\n"
    }'
}

# keys: one model with NKEYS fields, each @unique, and NKEYS two-column
# @@index: every index and constraint name is checked against the others.
gen_keys() {
    awk -v n="$1" -v p="$2" 'BEGIN {
        printf "datasource db {\n  provider = \"%s\"\n}\n\n", p
        printf "model Keys {\n  id Int @id\n"
        for (i = 0; i < n; i++)
            printf "  k%d Int @unique\n", i
        for (i = 0; i + 1 < n; i++)
            printf "  @@index([k%d, k%d])\n", i, i + 1
        printf "}\n"
    }'
}

# enum: NVALUES values, every 10th mapped, used by one field.
gen_enum() {
    awk -v n="$1" -v p="$2" 'BEGIN {
        printf "datasource db {\n  provider = \"%s\"\n}\n\n", p
        printf "enum Big {\n"
        for (i = 0; i < n; i++) {
            printf "  V%d", i
            if (i % 10 == 0) printf " @map(\"v_%d\")", i
            printf "\n"
        }
        printf "}\n\nmodel Holder {\n  id Int @id\n  big Big @default(V0)\n}\n"
    }'
}

# models: NMODELS models in a chain, each with a foreign key to the one
# before (one-to-many, back-relation list), a unique and an index.
gen_models() {
    awk -v n="$1" -v p="$2" 'BEGIN {
        printf "datasource db {\n  provider = \"%s\"\n}\n\n", p
        for (i = 0; i < n; i++) {
            printf "model M%d {\n  id Int @id\n  name String @unique\n  at DateTime @default(now())\n", i
            if (i > 0)
                printf "  prevId Int\n  prev M%d @relation(fields: [prevId], references: [id])\n", i - 1
            if (i + 1 < n)
                printf "  next M%d[]\n", i + 1
            if (i > 0)
                printf "  @@index([prevId, at])\n"
            printf "  @@map(\"m_%d\")\n}\n\n", i
        }
    }'
}

timeit() {
    local label=$1
    shift
    local start end rc=0
    start=$(date +%s.%N)
    "$@" >"$work/out" 2>"$work/err" || rc=$?
    end=$(date +%s.%N)
    printf '%-40s %8.2f s  exit %d\n' "$label" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" "$rc"
    if [ "$rc" -gt 1 ]; then
        head -5 "$work/err" >&2
    fi
}

echo "# sema_scale on $(uname -srm), $(nproc) cores, $(date -u +%Y-%m-%d), scale $scale"
for provider in postgresql sqlite; do
    gen_wide "$nfields" "$provider" >"$work/wide.prisma"
    gen_enum "$nvalues" "$provider" >"$work/enum.prisma"
    gen_models "$nmodels" "$provider" >"$work/models.prisma"
    gen_keys "$nkeys" "$provider" >"$work/keys.prisma"
    gen_wide "$ngen" "$provider" >"$work/wide-gen.prisma"
    for s in wide enum models keys; do
        f=$work/$s.prisma
        timeit "$provider $s check" "$schemac" check "$f"
        timeit "$provider $s lint" "$schemac" lint "$f"
        timeit "$provider $s sql" "$schemac" sql "$f"
        timeit "$provider $s ir" "$schemac" ir "$f"
        if [ "$s" = enum ] || [ "$s" = models ]; then
            timeit "$provider $s generate" "$schemac" generate "$f" -o "$work/gen" --prefix big
            rm -rf "$work/gen"
        fi
    done
    timeit "$provider wide ($ngen fields) generate" "$schemac" generate "$work/wide-gen.prisma" \
        -o "$work/gen" --prefix big
    rm -rf "$work/gen"
done
