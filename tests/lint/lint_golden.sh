#!/usr/bin/env bash
# lint_golden.sh SCHEMAC [--update] [NAME...]
#
# The `schemac lint` golden suite: every tests/lint/cases/*.prisma is linted
# from inside that folder (no colour) and the exit code, stdout and stderr
# must equal NAME.expected byte for byte. A first line
#   // lint-args: ARGS
# adds ARGS to the command line (--strict, --dialect D, --format json).
# --update rewrites the .expected files from the current output; review the
# diff by eye, the expectations are the spec. NAME... limits the run.
# Then the usage errors: each must exit 2.
set -u
. "$(dirname "$0")/../golden/golden_lib.sh"
golden_init cases "$@"

total=0
failed=0
for f in "${cases[@]}"; do
  base=${f%.prisma}
  total=$((total + 1))
  args=$(sed -n '1s|^// lint-args: ||p' "$f")
  # shellcheck disable=SC2086 # ARGS are words on purpose
  NO_COLOR=1 "$schemac" --no-color lint $args "$f" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  {
    echo "exit: $rc"
    echo "--- stdout"
    cat "$tmp/out"
    echo "--- stderr"
    cat "$tmp/err"
  } >"$tmp/got"
  if [ "$update" -eq 1 ]; then
    cp "$tmp/got" "$base.expected"
  fi
  if [ ! -f "$base.expected" ]; then
    failed=$((failed + 1))
    echo "FAIL $f: no $base.expected (run with --update)"
    head -40 "$tmp/got"
  elif ! cmp -s "$tmp/got" "$base.expected"; then
    failed=$((failed + 1))
    echo "FAIL $f: output differs from $base.expected"
    diff -u "$base.expected" "$tmp/got" | head -60
  fi
done

# Every expectation must belong to a schema, or it silently stops being checked.
if [ "$named" -eq 0 ]; then
  for e in *.expected; do
    [ -e "$e" ] || continue
    if [ ! -f "${e%.expected}.prisma" ]; then
      failed=$((failed + 1))
      echo "FAIL $e: no matching .prisma"
    fi
  done

  usage_case() {
    total=$((total + 1))
    "$schemac" lint "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 2 ] || ! grep -q "schemac lint" "$tmp/err"; then
      failed=$((failed + 1))
      echo "FAIL lint $*: exit $rc, expected 2 with a 'schemac lint' message"
      cat "$tmp/err"
    fi
  }
  usage_case
  usage_case --bogus clean.prisma
  usage_case --dialect oracle clean.prisma
  usage_case --dialect
  usage_case clean.prisma json.prisma
  # A path that does not exist is an I/O error: exit 2 as well.
  total=$((total + 1))
  "$schemac" lint does-not-exist.prisma >/dev/null 2>&1
  rc=$?
  if [ "$rc" -ne 2 ]; then
    failed=$((failed + 1))
    echo "FAIL lint does-not-exist.prisma: exit $rc, expected 2"
  fi
fi

echo "lint golden: $((total - failed))/$total passed"
[ "$failed" -eq 0 ]
