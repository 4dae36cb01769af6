#!/usr/bin/env bash
# check_includes.sh SRCDIR - the dependency rule of docs/architecture.md, on
# the #include lines of generator/: a file may include headers of its own
# stage and of the stages listed for it below, nothing else. Headers are
# named by stage ("model/ir.h"); an unqualified include of a project header
# is an error too, so the rule cannot be dodged. Exit 1 with one line per
# violation.
set -u
src=${1:?usage: check_includes.sh SRCDIR}
cd "$src/generator" || exit 2

# stage: the stages it may include besides itself (down the pipeline only)
declare -A allowed=(
  [base]=""
  [front]="base"
  [model]="base"
  [sema]="base front model"
  [ddl]="base model"
  [introspect]="base model"
  [migrate]="base model ddl introspect"
  [cgen]="base model ddl"
  [intel]="base model ddl"
  [queries]="base model ddl introspect sema front cgen"
  [cli]="base front model sema ddl introspect migrate cgen intel queries"
)

bad=0
for dir in */; do
  stage=${dir%/}
  if [ -z "${allowed[$stage]+x}" ]; then
    echo "generator/$stage: a folder the dependency rule does not know (add it to tests/layout/check_includes.sh and docs/architecture.md)"
    bad=1
    continue
  fi
  for f in "$stage"/*.c "$stage"/*.h "$stage"/*.re "$stage"/*.y; do
    [ -e "$f" ] || continue
    while IFS= read -r line; do
      inc=${line#*\"}
      inc=${inc%%\"*}
      case "$inc" in
        */*) target=${inc%%/*} ;;
        grammar.h | cgen_templates.inc) continue ;; # generated into the build tree
        *) echo "generator/$f: #include \"$inc\" does not name its stage (write \"stage/$inc\")"; bad=1; continue ;;
      esac
      [ "$target" = "$stage" ] && continue
      case " ${allowed[$stage]} " in
        *" $target "*) ;;
        *) echo "generator/$f: $stage may not include $inc ($stage reaches: ${allowed[$stage]:-nothing})"; bad=1 ;;
      esac
    done < <(grep -h '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f")
  done
done
# Nothing in the generator includes the runtime's internals (its public headers are <schemac/...>).
if grep -rn '#include "\.\./' . >/dev/null; then
  grep -rn '#include "\.\./' . | sed 's/^/generator\//; s/$/: relative include/'
  bad=1
fi
[ "$bad" -eq 0 ] && echo "includes: every stage includes only what is below it"
exit "$bad"
