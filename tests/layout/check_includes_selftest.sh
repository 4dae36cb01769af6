#!/usr/bin/env bash
# check_includes_selftest.sh SRCDIR - check_includes.sh must catch a violation:
# on a copy of generator/ where the model includes sema (a dependency that
# points up the pipeline), it exits 1 and names the file and the include.
set -u
src=${1:?usage: check_includes_selftest.sh SRCDIR}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -R "$src/generator" "$tmp/generator"
printf '#include "sema/sema.h"\n' >>"$tmp/generator/model/ir.c"
out=$("$here/check_includes.sh" "$tmp")
rc=$?
if [ "$rc" -ne 1 ] || ! grep -q 'generator/model/ir.c: model may not include sema/sema.h' <<<"$out"; then
  echo "FAIL: check_includes.sh did not catch model/ir.c including sema/sema.h (exit $rc):"
  echo "$out"
  exit 1
fi
echo "check_includes.sh catches an include that points up the pipeline"
