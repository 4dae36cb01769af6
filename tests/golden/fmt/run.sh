#!/usr/bin/env bash
# run.sh SCHEMAC WORKDIR [--update] - golden tests of `schemac fmt`.
#
# For every NAME.prisma here, `schemac fmt NAME.prisma` must print exactly
# NAME.expected (--update rewrites the .expected files instead; review the
# diff). Each case also checks idempotence (the expected text formats to
# itself), the exit codes of --check and what --write does to a copy.
# errors/ holds files with syntax errors, which fmt must refuse to touch;
# folder/ is a multi-file schema for --check/--write on a folder.
set -uo pipefail
schemac=${1:?usage: run.sh SCHEMAC WORKDIR [--update]}
work=${2:?usage: run.sh SCHEMAC WORKDIR [--update]}
update=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work" && mkdir -p "$work" || exit 2

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

ncases=0
for input in "$here"/*.prisma; do
  name=$(basename "$input" .prisma)
  expected="$here/$name.expected"
  ncases=$((ncases + 1))

  if ! "$schemac" fmt "$input" >"$work/$name.out" 2>"$work/$name.err"; then
    fail "$name: schemac fmt exited non-zero: $(cat "$work/$name.err")"
    continue
  fi
  if [[ $update == --update ]]; then
    cp "$work/$name.out" "$expected"
  fi
  if [[ ! -f $expected ]]; then
    fail "$name: no $name.expected (run with --update)"
    continue
  fi
  if ! diff -u "$expected" "$work/$name.out"; then
    fail "$name: output differs from $name.expected"
  fi

  # Idempotence: formatted text formats to itself.
  "$schemac" fmt "$expected" >"$work/$name.again" 2>/dev/null
  if ! cmp -s "$expected" "$work/$name.again"; then
    fail "$name: formatting $name.expected changes it (not idempotent)"
  fi

  # --check: 0 and silent on formatted text; 1 and the path on stderr otherwise.
  "$schemac" fmt --check "$expected" >"$work/$name.chk.out" 2>"$work/$name.chk.err"
  rc=$?
  if [[ $rc -ne 0 || -s $work/$name.chk.out || -s $work/$name.chk.err ]]; then
    fail "$name: fmt --check on the expected output: exit $rc, output: $(cat "$work/$name.chk.out" "$work/$name.chk.err")"
  fi
  "$schemac" fmt --check "$input" >"$work/$name.chk.out" 2>"$work/$name.chk.err"
  rc=$?
  if cmp -s "$input" "$expected"; then
    want=0
  else
    want=1
  fi
  if [[ $rc -ne $want || -s $work/$name.chk.out ]]; then
    fail "$name: fmt --check on the input: exit $rc (want $want), stdout: $(cat "$work/$name.chk.out")"
  fi
  if [[ $want -eq 1 ]] && ! grep -qF "$input: not formatted (\`schemac fmt --write" "$work/$name.chk.err"; then
    fail "$name: fmt --check did not name the unformatted file and the fix: $(cat "$work/$name.chk.err")"
  fi

  # --write: a copy of the input ends up as the expected text.
  cp "$input" "$work/$name.prisma"
  if ! "$schemac" fmt --write "$work/$name.prisma" >"$work/$name.w.out" 2>&1; then
    fail "$name: fmt --write failed: $(cat "$work/$name.w.out")"
  elif ! cmp -s "$expected" "$work/$name.prisma"; then
    fail "$name: fmt --write result differs from $name.expected"
  fi
done

# Syntax errors: diagnostics, exit 1, and the file is never rewritten.
for input in "$here"/errors/*.prisma; do
  name=errors_$(basename "$input" .prisma)
  cp "$input" "$work/$name.prisma"
  for mode in "" --check --write; do
    "$schemac" fmt $mode "$work/$name.prisma" >"$work/$name.out" 2>"$work/$name.err"
    rc=$?
    if [[ $rc -ne 1 ]]; then
      fail "$name: fmt $mode exited $rc on a syntax error (want 1)"
    fi
    if ! grep -q "error" "$work/$name.err"; then
      fail "$name: fmt $mode printed no diagnostic"
    fi
    if ! cmp -s "$input" "$work/$name.prisma"; then
      fail "$name: fmt $mode modified a file with syntax errors"
      cp "$input" "$work/$name.prisma"
    fi
  done
done

# A folder: --check names only the unformatted file; --write fixes it alone.
mkdir -p "$work/folder"
cp "$here"/folder/*.prisma "$work/folder/"
printf 'model   B   {\nid Int   @id\n}\n' >"$work/folder/b.prisma"
a_before=$(stat -c %Y.%i "$work/folder/a.prisma")
"$schemac" fmt --check "$work/folder" >"$work/folder.out" 2>"$work/folder.err"
rc=$?
if [[ $rc -ne 1 ]] || ! grep -q 'b\.prisma' "$work/folder.err" || grep -q 'a\.prisma' "$work/folder.err"; then
  fail "folder: fmt --check exit $rc, stderr: $(cat "$work/folder.err")"
fi
if ! "$schemac" fmt --write "$work/folder" >"$work/folder.out" 2>&1; then
  fail "folder: fmt --write failed: $(cat "$work/folder.out")"
fi
if ! cmp -s "$here/folder/b.prisma" "$work/folder/b.prisma"; then
  fail "folder: fmt --write did not format b.prisma"
fi
if [[ $(stat -c %Y.%i "$work/folder/a.prisma") != "$a_before" ]]; then
  fail "folder: fmt --write touched the already formatted a.prisma"
fi
if ! "$schemac" fmt --check "$work/folder" >/dev/null 2>&1; then
  fail "folder: fmt --check still fails after --write"
fi
# Printing a folder is ambiguous: a usage error.
"$schemac" fmt "$work/folder" >/dev/null 2>&1
rc=$?
if [[ $rc -ne 2 ]]; then
  fail "folder: fmt without --check/--write on a folder exited $rc (want 2)"
fi

# Usage errors exit 2.
"$schemac" fmt >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "usage: fmt without a path did not exit 2"
"$schemac" fmt --check --write "$here/01_messy_spacing.prisma" >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "usage: --check with --write did not exit 2"
"$schemac" fmt "$work/does-not-exist.prisma" >/dev/null 2>&1
[[ $? -eq 2 ]] || fail "usage: a missing file did not exit 2"

if [[ $ncases -lt 15 ]]; then
  fail "only $ncases golden cases"
fi
if [[ $failures -ne 0 ]]; then
  echo "$failures failure(s) in $ncases fmt golden cases"
  exit 1
fi
echo "all $ncases fmt golden cases passed"
