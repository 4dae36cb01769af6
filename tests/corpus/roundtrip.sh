#!/usr/bin/env bash
# roundtrip.sh SCHEMAC RUNTIME_INCLUDE WORK SCHEMA ENGINE COMPILE [CC...]
#
# One corpus schema (file or folder) all the way: `check` ok; its migration
# (`migrate diff`) applies to a fresh database of ENGINE (sqlite: a temp file;
# postgresql: a database in the test cluster, SCHEMAC_TEST_PG_URLFILE) and
# `migrate check` finds no drift afterwards; `generate` (the prefix from the
# schema's generator block, else "corpus") gives C that compiles with every
# CC at -std=c11 and -std=gnu11 (where linux and unix are macros) under
# -Wall -Wextra -Wpedantic -Werror. COMPILE says how: "full" compiles each
# source at -O0; "unity" compiles all sources as one translation unit
# (syntax only), as schemac_generate() batches a split schema, to keep a
# large schema's run short. Work files of a failure stay in WORK.
set -euo pipefail
schemac=$1 inc=$2 work=$3 schema=$4 engine=$5 mode=$6
shift 6
ccs=("$@")
fail() { echo "FAIL ($schema, $engine): $*" >&2; exit 1; }
rm -rf "$work"
mkdir -p "$work"

"$schemac" --no-color check "$schema" >"$work/check.txt" 2>&1 || { cat "$work/check.txt" >&2; fail "check"; }

# The database: the migration applies, and the database then matches the schema.
if [ "$engine" = postgresql ]; then
  base=$(cat "${SCHEMAC_TEST_PG_URLFILE:?the PostgreSQL URL file}")
  db="corpus_$(basename "$work" | tr -c 'a-zA-Z0-9_\n' '_')_$$"
  export PGOPTIONS="-c client_min_messages=warning"
  psql -q "$base" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  url="${base%/*}/$db"
  trap 'psql -q "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
else
  url="sqlite:$work/corpus.db"
fi
m() { "$schemac" --no-color migrate "$@" --dir "$work/migrations" --url "$url" >"$work/out.txt" 2>&1 ||
        { cat "$work/out.txt" >&2; fail "migrate $1"; }; }
m diff --schema "$schema" --dialect "$engine" --name init
# A schema that creates nothing (no models: only views, or nothing at all) has no migration to apply.
if ! grep -q "^no changes" "$work/out.txt"; then
  m apply
  m check
  grep -q "no drift" "$work/out.txt" || { cat "$work/out.txt" >&2; fail "migrate check found drift"; }
  m diff --schema "$schema" --dialect "$engine" --name again
  grep -q "no changes" "$work/out.txt" || { cat "$work/out.txt" >&2; fail "a second diff found changes"; }
fi

# The C: generated into gen/ (the generator block's prefix when it has one).
prefix=()
grep -rqs 'provider *= *"schemac"' "$schema" || prefix=(--prefix corpus)
"$schemac" --no-color generate "$schema" -o "$work/gen" "${prefix[@]}" >"$work/gen.txt" 2>&1 ||
  { cat "$work/gen.txt" >&2; fail "generate"; }
if grep -q "error:" "$work/gen.txt"; then cat "$work/gen.txt" >&2; fail "generate reported an error"; fi
srcs=("$work"/gen/*.c)
[ -e "${srcs[0]}" ] || fail "generate wrote no source"
if [ "$mode" = unity ]; then
  for s in "${srcs[@]}"; do printf '#include "%s"\n' "$s"; done >"$work/unity.c"
fi
warn=(-Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes)
for cc in "${ccs[@]}"; do
  [ -n "$cc" ] || continue
  for std in c11 gnu11; do
    if [ "$mode" = unity ]; then
      "$cc" -std=$std -O0 "${warn[@]}" -I"$inc" -I"$work/gen" -fsyntax-only "$work/unity.c" >"$work/cc.txt" 2>&1 ||
        { head -40 "$work/cc.txt" >&2; fail "$cc -std=$std: the generated C does not compile"; }
    else
      for s in "${srcs[@]}"; do
        "$cc" -std=$std -O0 "${warn[@]}" -I"$inc" -I"$work/gen" -c "$s" -o "$work/x.o" >"$work/cc.txt" 2>&1 ||
          { head -40 "$work/cc.txt" >&2; fail "$cc -std=$std: $(basename "$s") does not compile"; }
      done
    fi
  done
done
echo "corpus $(basename "$schema") on $engine: check, migrate apply, no drift, C compiles (${ccs[*]})"
rm -rf "$work"
