#!/usr/bin/env bash
# diag_golden.sh SCHEMAC [--update] [NAME...]
#
# The diagnostics golden suite: every tests/golden/diagnostics/*.prisma is
# checked with `schemac check --format text` (no colour) from inside that
# folder, and its stderr must equal NAME.expected byte for byte. The exit
# code is checked too: ok_* and warn_* schemas must pass (exit 0), every
# other schema must fail with schema errors (exit 1).
# --update rewrites the .expected files from the current output; review the
# diff by eye, the expectations are the spec. NAME... limits the run.
set -u
. "$(dirname "$0")/golden_lib.sh"
golden_init diagnostics "$@"

total=0
failed=0
for f in "${cases[@]}"; do
  base=${f%.prisma}
  total=$((total + 1))
  NO_COLOR=1 "$schemac" --no-color --format text check "$f" >"$tmp/out" 2>"$tmp/err"
  rc=$?
  case "$base" in
    ok_* | warn_*) want=0 ;;
    *) want=1 ;;
  esac
  if [ "$update" -eq 1 ]; then
    cp "$tmp/err" "$base.expected"
  fi
  bad=""
  if [ "$rc" -ne "$want" ]; then
    bad="exit code $rc, expected $want"
  elif [ ! -f "$base.expected" ]; then
    bad="no $base.expected (run with --update)"
  elif ! cmp -s "$tmp/err" "$base.expected"; then
    bad="stderr differs from $base.expected"
  fi
  if [ -n "$bad" ]; then
    failed=$((failed + 1))
    echo "FAIL $f: $bad"
    if [ -f "$base.expected" ]; then
      diff -u "$base.expected" "$tmp/err" | head -40
    else
      head -40 "$tmp/err"
    fi
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
fi

echo "diagnostics golden: $((total - failed))/$total passed"
[ "$failed" -eq 0 ]
