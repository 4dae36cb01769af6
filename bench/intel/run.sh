#!/usr/bin/env bash
# bench/intel/run.sh BUILD_DIR PG_URL - seed and pull timings (not tests):
#   seed: bench/intel/five.prisma, 1M rows in all (200k per table), on SQLite
#         (a file) and PostgreSQL; rows/s as `schemac seed` reports it, and
#         seed's own CPU time (the server's is not in it)
#   pull: a 300-table database (tables with a key, 6 columns, an index and a
#         foreign key to the table before), wall time of `schemac pull`
set -euo pipefail
build=${1:?usage: run.sh BUILD_DIR PG_URL}
pg=${2:?}
here=$(cd "$(dirname "$0")" && pwd)
schemac="$build/generator/schemac"
tmp=$(mktemp -d)
timed() { if [ -x /usr/bin/time ]; then /usr/bin/time -f "  (seed: %e s wall, %U s user, %S s system)" "$@"; else "$@"; fi; }
trap 'rm -rf "$tmp"; psql -q "$pg" -c "DROP DATABASE IF EXISTS bench_seed" -c "DROP DATABASE IF EXISTS bench_pull" >/dev/null 2>&1 || true' EXIT

echo "== seed, SQLite"
"$schemac" sql "$here/five.prisma" | sqlite3 "$tmp/seed.db"
timed "$schemac" seed --url "sqlite:$tmp/seed.db" --schema "$here/five.prisma" --rows 200000 >/dev/null

echo "== seed, PostgreSQL"
sed 's/"sqlite"/"postgresql"/' "$here/five.prisma" >"$tmp/five_pg.prisma"
psql -q "$pg" -c "DROP DATABASE IF EXISTS bench_seed" -c "CREATE DATABASE bench_seed"
"$schemac" sql "$tmp/five_pg.prisma" | psql -q "${pg%/*}/bench_seed"
timed "$schemac" seed --url "${pg%/*}/bench_seed" --schema "$tmp/five_pg.prisma" --rows 200000 >/dev/null

echo "== pull, 300 tables"
{
  for i in $(seq 1 300); do
    echo "CREATE TABLE t$i (id serial PRIMARY KEY, name text NOT NULL, email text UNIQUE, price numeric(10,2),"
    echo "  created timestamptz NOT NULL DEFAULT now(), parent int$([ "$i" -gt 1 ] && echo " REFERENCES t$((i - 1))"));"
    echo "CREATE INDEX t${i}_created ON t$i (created DESC, id);"
  done
} >"$tmp/pull.sql"
psql -q "$pg" -c "DROP DATABASE IF EXISTS bench_pull" -c "CREATE DATABASE bench_pull"
psql -q "${pg%/*}/bench_pull" -f "$tmp/pull.sql"
"$schemac" pull --url "${pg%/*}/bench_pull" >/dev/null # warm
start=$(date +%s.%N)
"$schemac" pull --url "${pg%/*}/bench_pull" -o "$tmp/pulled.prisma"
end=$(date +%s.%N)
echo "pull of 300 tables (PostgreSQL): $(echo "$end - $start" | bc) s"
{
  for i in $(seq 1 300); do
    echo "CREATE TABLE t$i (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, price DECIMAL(10,2),"
    echo "  created DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, parent INTEGER$([ "$i" -gt 1 ] && echo " REFERENCES t$((i - 1))"));"
    echo "CREATE INDEX t${i}_created ON t$i (created DESC, id);"
  done
} | sqlite3 "$tmp/pull.db"
start=$(date +%s.%N)
"$schemac" pull --url "sqlite:$tmp/pull.db" -o "$tmp/pulled_sqlite.prisma"
end=$(date +%s.%N)
echo "pull of 300 tables (SQLite): $(echo "$end - $start" | bc) s"
