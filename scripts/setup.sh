#!/usr/bin/env bash
# Install the Debian packages schemac needs for building and testing.
# As root it runs apt-get for whatever is missing; otherwise it prints the
# exact command to run. It installs nothing that is already present.
set -euo pipefail

# package                 what for
PACKAGES=(
  cmake                   # build system
  ninja-build             # build tool used by the Makefile
  make
  gcc                     # main compiler
  clang                   # second compiler (warnings), ASan/UBSan build, libFuzzer
  libclang-rt-dev         # libFuzzer and sanitizer runtimes for clang
  re2c                    # lexer generator (generator/front/lexer.re)
  lemon                   # parser generator (generator/front/grammar.y)
  pkg-config
  libsqlite3-dev          # SQLite driver of the runtime, introspection, tests
  sqlite3                 # command-line shell, used by tests and the example
  libpq-dev               # PostgreSQL driver of the runtime, introspection
  postgresql              # throwaway test clusters (initdb + pg_ctl), streaming replicas
  pgbouncer               # transaction pooling tests (tests/support/pgbouncer.sh)
  libcmocka-dev           # unit tests
  libjansson-dev          # JSON output (diagnostics, IR snapshots)
  libpg-query-dev         # PostgreSQL's own parser: typed SQL queries and SQL DDL on PostgreSQL
  libyaml-dev             # sqlc.yaml project files
  valgrind                # leak checks of the runtime tests
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "schemac setup: missing packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "schemac setup: run this as root, then run make again:"
  echo "  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
