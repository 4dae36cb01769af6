#!/usr/bin/env bash
# validation_parity.sh SCHEMAC DIR... — schemac's verdict against Prisma's on its validator fixtures.
#
# A development tool, not part of the test suite. Each FILE.prisma under DIR
# (recursively) is one of Prisma's validator fixtures (prisma-engines
# psl/psl/tests/validation): the schema, then Prisma's expected output as
# `// ` comment lines ("// error: ..." then "//   -->  schema.prisma:LINE").
# Fixtures whose datasource is neither sqlite nor postgresql (nor absent) are
# skipped. For the others it compares:
#   verdict  rejected (an error expected) or accepted (none, warnings allowed)
#            with `schemac check`'s exit status;
#   line     for a rejected schema, the line of Prisma's first error with the
#            line of schemac's first error.
# With SCHEMAC_PRISMA_VALIDATE (../shared/prisma-oracle/prisma-validate) the
# installed Prisma's verdict and first error line are the reference, and the
# fixture's expectation is printed beside a mismatch where it differs
# (fixtures trail Prisma releases). Prints one line per mismatch and a
# tally; exit 0 when every fixture agrees.
set -uo pipefail
schemac=${1:?usage: validation_parity.sh SCHEMAC DIR...}
shift
validate=${SCHEMAC_PRISMA_VALIDATE:-}
total=0 agree=0 skipped=0
while IFS= read -r -d '' f; do
  prov=$(grep -oE '^[[:space:]]*provider[[:space:]]*=[[:space:]]*"[a-z]+"' "$f" | grep -oE '"[a-z]+"' | tr -d '"' |
    grep -vE '^prisma-client' | head -1)
  if grep -q '^[[:space:]]*datasource' "$f"; then
    case $prov in sqlite|postgresql|postgres) ;; *) skipped=$((skipped + 1)); continue ;; esac
  fi
  total=$((total + 1))
  want_line=$(awk '/^\/\/ *error/ {e=1} e && /-->[[:space:]]*schema\.prisma:[0-9]+/ {sub(/.*schema\.prisma:/, ""); print; exit}' "$f")
  if grep -q '^// *error' "$f"; then want=rejected; else want=accepted; fi
  note=""
  if [ -n "$validate" ]; then
    # the installed Prisma has the last word; the fixture's own expectation is kept as a note
    fixture="$want${want_line:+ line $want_line}"
    vout=$("$validate" "$f" 2>&1)
    if [ $? -eq 0 ]; then want=accepted; want_line=""; else
      want=rejected
      want_line=$(printf '%s\n' "$vout" | grep -oE -- '-->[[:space:]]+[^ ]+:[0-9]+' | head -1 | grep -oE '[0-9]+$')
    fi
    [ "$fixture" = "$want${want_line:+ line $want_line}" ] || note=" (the fixture expects: $fixture)"
  fi
  out=$("$schemac" --no-color check "$f" 2>&1)
  rc=$?
  if [ $rc -eq 0 ]; then got=accepted; elif [ $rc -eq 1 ]; then got=rejected; else got="exit $rc"; fi
  got_line=$(printf '%s\n' "$out" | grep -m1 -oE ':[0-9]+:[0-9]+: error' | cut -d: -f2)
  ok=1
  [ "$want" = "$got" ] || ok=0
  [ "$want" = rejected ] && [ -n "$want_line" ] && [ "$want_line" != "$got_line" ] && ok=0
  if [ $ok = 1 ]; then
    agree=$((agree + 1))
    continue
  fi
  printf '%-80s Prisma %s%s, schemac %s%s%s\n' "$f" "$want" "${want_line:+ line $want_line}" "$got" \
    "${got_line:+ line $got_line}" "$note"
done < <(find "$@" -name '*.prisma' -print0 | sort -z)
echo "validation parity: $agree of $total fixtures agree ($skipped of other providers skipped)"
[ "$agree" -eq "$total" ]
