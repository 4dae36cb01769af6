#!/bin/sh
# sqlc_golden.sh - `schemac --format json queries --sqlc` on the sqlc projects
# of tests/queries/ against tests/queries/expected/<project>.json. Each run
# happens in the project's folder, so the paths in the output are the ones
# the configuration gives.
#   sqlc_golden.sh SCHEMAC            compare
#   sqlc_golden.sh SCHEMAC --update   rewrite the expected files (review the diff)
set -u
SCHEMAC=${1:?usage: sqlc_golden.sh SCHEMAC [--update]}
UPDATE=${2:-}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
bad=0
for entry in sqlc_project:sqlc.yaml sqlc_v1:sqlc.json; do
  project=${entry%%:*}
  config=${entry#*:}
  if ! (cd "$HERE/$project" && NO_COLOR=1 "$SCHEMAC" --format json queries --sqlc "$config") >"$TMP/out" 2>"$TMP/err"; then
    cat "$TMP/err" >&2
    echo "FAIL: $project: schemac queries --sqlc $config failed" >&2
    bad=1
    continue
  fi
  [ -s "$TMP/err" ] && { cat "$TMP/err" >&2; echo "FAIL: $project: diagnostics on a clean project" >&2; bad=1; }
  want="$HERE/expected/$project.json"
  if [ "$UPDATE" = "--update" ]; then
    mkdir -p "$HERE/expected"
    cp "$TMP/out" "$want"
  elif ! cmp -s "$TMP/out" "$want"; then
    diff -u "$want" "$TMP/out" >&2
    echo "FAIL: $project: output differs from expected/$project.json" >&2
    bad=1
  fi
done
[ "$bad" -eq 0 ] && echo "sqlc golden: 2 projects as expected"
exit "$bad"
