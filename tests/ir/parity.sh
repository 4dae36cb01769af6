#!/usr/bin/env bash
# parity.sh BUILD [SCHEMA_OR_DIR...] — compare schemac with Prisma Migrate on many schemas at once.
#
# A development tool, not part of the test suite: it needs node and Prisma's
# offline engine (../shared/prisma-oracle, or SCHEMAC_PRISMA_DDL), and its
# findings are to be read, not stored (never commit Prisma's output as an
# expectation). Each schema (a .prisma file, or a folder of them) is taken
# with its datasource's provider, sqlite or postgresql (a file without a
# datasource on both, with one added); a folder holding a
# schema.prisma is one multi-file schema, any other folder is searched for
# schemas. Without arguments: tests/ir/parity (probes of every DDL feature).
#
# For every schema it does, on a fresh SQLite file or a database of a
# throwaway PostgreSQL cluster:
#   db     Prisma's DDL and ours applied to two fresh databases, both read
#          back and compared with the model and with each other
#          (ir_schemas oracle-*, SCHEMAC_IR_SCHEMAS);
#   drift  tests/corpus/roundtrip.sh: check, migrate diff + apply, migrate
#          check finds no drift, a second diff finds no change, generate,
#          and the C compiles with gcc and clang at -std=c11 and -std=gnu11
#          under -Werror.
# Prisma's own verdict (prisma-validate, SCHEMAC_PRISMA_VALIDATE) sorts the
# schemas: those Prisma rejects (schemac's own extensions, retired or
# unknown features) are no parity question and are tallied apart with
# schemac's verdict; a database the cluster cannot build for either script
# (an extension, or an Unsupported("...") type, it does not have) is
# reported as such.
# Prints one line per schema and a tally; work files stay in $PARITY_WORK
# (default /tmp/schemac-parity). Exit 0 when every schema Prisma accepts agrees.
set -uo pipefail
build=$(cd "${1:?usage: parity.sh BUILD [SCHEMA_OR_DIR...]}" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
[ $# -gt 0 ] || set -- "$here/parity"
work=${PARITY_WORK:-/tmp/schemac-parity}
oracle=${SCHEMAC_PRISMA_DDL:-$root/../shared/prisma-oracle/prisma-ddl}
validate=${SCHEMAC_PRISMA_VALIDATE:-$root/../shared/prisma-oracle/prisma-validate}
rm -rf "$work"
mkdir -p "$work/sqlite" "$work/postgresql" "$work/tmp" "$work/logs"

provider_of() {
  grep -rhoE --include='*.prisma' 'provider *= *"(sqlite|postgresql|postgres)"' "$1" 2>/dev/null | head -1 |
    sed -E 's/.*"(.*)"/\1/; s/^postgres$/postgresql/'
}
add() {
  local p prov name
  p=$(realpath "$1")
  prov=$(provider_of "$p")
  if [ -z "$prov" ] && [ -f "$p" ] && ! grep -q '^[[:space:]]*datasource' "$p"; then
    # no datasource: a schema for any database; taken on each with one added
    local e c
    for e in sqlite postgresql; do
      c="$work/nods/$e/$(basename "$p")"
      mkdir -p "$(dirname "$c")"
      { printf 'datasource db {\n  provider = "%s"\n}\n' "$e"; cat "$p"; } >"$c"
      add "$c"
    done
    return
  fi
  [ -n "$prov" ] || { echo "skip (no sqlite/postgresql datasource): $1"; return; }
  name=$(basename "$p" .prisma | tr -c 'A-Za-z0-9_\n' '_' | cut -c1-40)
  while [ -e "$work/$prov/$name" ] || [ -e "$work/$prov/$name.prisma" ]; do name="${name}_"; done
  if [ -d "$p" ]; then ln -s "$p" "$work/$prov/$name"; else ln -s "$p" "$work/$prov/$name.prisma"; fi
}
# A folder with a schema.prisma is one (multi-file) schema; any other folder
# holds schemas: its .prisma files, and its sub-folders taken the same way.
walk() {
  if [ ! -d "$1" ] || [ -f "$1/schema.prisma" ]; then
    add "$1"
    return
  fi
  local e
  for e in "$1"/*; do
    case $e in
      */migrations) ;;
      *.prisma) [ -f "$e" ] && add "$e" ;;
      *) [ -d "$e" ] && walk "$e" ;;
    esac
  done
}
for a in "$@"; do walk "$a"; done

pgdir=$work/pg
bash "$root/tests/support/pg_cluster.sh" start "$pgdir" >/dev/null || { echo "no PostgreSQL cluster"; exit 2; }
trap 'bash "$root/tests/support/pg_cluster.sh" stop "$pgdir" >/dev/null 2>&1' EXIT
export SCHEMAC_TEST_DATA=$root/tests SCHEMAC_TEST_TMP=$work/tmp SCHEMAC_PRISMA_DDL=$oracle
export SCHEMAC_TEST_PG_URLFILE=$pgdir/url

total=0 agree=0 rejected=0 rejected_too=0 env=0
for eng in sqlite postgresql; do
  [ -n "$(ls -A "$work/$eng")" ] || continue
  SCHEMAC_IR_SCHEMAS=$work/$eng "$build/tests/ir_schemas" "oracle-$eng" >"$work/logs/db-$eng.txt" 2>&1
  for s in "$work/$eng"/*; do
    n=$(basename "$s" .prisma)
    if ! "$validate" "$s" >/dev/null 2>&1; then
      rejected=$((rejected + 1))
      if "$build/generator/schemac" check "$s" >/dev/null 2>&1; then verdict="schemac accepts"; else
        verdict="schemac rejects too"
        rejected_too=$((rejected_too + 1))
      fi
      printf '%-11s %-45s Prisma rejects it: %s\n' "$eng" "$n" "$verdict"
      continue
    fi
    total=$((total + 1))
    # the database's lines of this schema's test, up to the next one
    sed -n "/^\[ RUN      \] $n\$/,/^\[ *\(OK\|FAILED\) *\] $n\$/p" "$work/logs/db-$eng.txt" >"$work/logs/db-$n.txt"
    if grep -qxF "[       OK ] $n" "$work/logs/db-$eng.txt"; then db=ok
    elif grep -qE 'extension "[^"]*" is not available|has no installation script|type "[^"]*" does not exist' "$work/logs/db-$n.txt"; then
      db="n/a (an extension or Unsupported type the cluster lacks)"
      env=$((env + 1))
      total=$((total - 1))
      printf '%-11s %-45s %s\n' "$eng" "$n" "$db"
      continue
    else db=DIFFERS; fi
    if bash "$root/tests/corpus/roundtrip.sh" "$build/generator/schemac" "$root/runtime/include" "$work/rt/$n" \
         "$s" "$eng" full gcc clang >"$work/logs/rt-$n.txt" 2>&1; then
      drift=ok
    else
      drift="FAILS ($(grep -o 'FAIL ([^)]*): .*' "$work/logs/rt-$n.txt" | tail -1 | sed 's/^FAIL ([^)]*): //'))"
    fi
    [ "$db" = ok ] && [ "$drift" = ok ] && agree=$((agree + 1))
    printf '%-11s %-45s db %-8s drift+C %s\n' "$eng" "$n" "$db" "$drift"
  done
done
echo "parity: $agree of $total schemas Prisma accepts agree; $env not built (an extension or type the cluster lacks);" \
  "$rejected rejected by Prisma ($rejected_too rejected by schemac too) (details: $work/logs)"
[ "$agree" -eq "$total" ]
