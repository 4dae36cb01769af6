# golden_lib.sh - sourced by the golden suites (diag_golden.sh,
# dialect_golden.sh), which take the same command line and walk their cases
# the same way; one copy keeps --update and NAME... meaning the same in both.
#
# golden_init SUBDIR "$@" parses `SCHEMAC [--update] [NAME...]`, then sets
#   schemac  the absolute path of SCHEMAC (the suite runs from SUBDIR)
#   update   1 with --update, else 0
#   named    how many NAMEs were given (0: the whole suite)
#   cases    the .prisma files to check
#   tmp      a scratch folder removed on exit
# and leaves the shell in tests/golden/SUBDIR.

golden_init() {
  sub=$1
  shift
  if [ $# -lt 1 ]; then
    echo "usage: $0 SCHEMAC [--update] [NAME...]" >&2
    exit 2
  fi
  schemac=$1
  shift
  case "$schemac" in /*) ;; *) schemac="$PWD/$schemac" ;; esac
  update=0
  if [ "${1:-}" = "--update" ]; then
    update=1
    shift
  fi
  named=$#
  cd "$(dirname "$0")/$sub" || exit 2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  if [ $# -gt 0 ]; then
    cases=()
    for n in "$@"; do cases+=("${n%.prisma}.prisma"); done
  else
    cases=(*.prisma)
  fi
}
