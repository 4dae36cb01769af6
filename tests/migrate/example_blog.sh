#!/usr/bin/env bash
# The blog example's committed migration history (examples/blog/migrations/
# sqlite and .../postgresql) on a fresh database: the folder covers
# schema.prisma, applies, has no drift, reports its status (text and JSON),
# keeps rows across a rollback and re-apply, rolls back completely and
# applies again; a folder for the other database is refused.
#   example_blog.sh SCHEMAC EXAMPLE_DIR TMPDIR sqlite
#   example_blog.sh SCHEMAC EXAMPLE_DIR TMPDIR postgresql PG_URLFILE
set -euo pipefail
schemac=${1:?usage: example_blog.sh SCHEMAC EXAMPLE_DIR TMPDIR sqlite|postgresql [PG_URLFILE]}
example=${2:?}
work=${3:?}/example_blog.$4.$$
dialect=$4
other=sqlite
[ "$dialect" = sqlite ] && other=postgresql
dir="$example/migrations/$dialect"
rm -rf "$work"
mkdir -p "$work"

fail() { echo "FAIL: $*" >&2; exit 1; }
# expect CODE CMD...: run CMD, require exit code CODE; output in $work/out.txt
expect() {
  local want=$1; shift
  set +e
  "$@" >"$work/out.txt" 2>&1
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || { cat "$work/out.txt" >&2; fail "$* exited $got, expected $want"; }
}
has() { grep -q -- "$1" "$work/out.txt" || { cat "$work/out.txt" >&2; fail "output lacks: $1"; }; }

if [ "$dialect" = postgresql ]; then
  base=$(cat "${5:?the PostgreSQL URL file}")
  db="mig_example_blog_$$"
  psql -q "$base" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  url="${base%/*}/$db"
  sql() { psql -qAt "$url" -c "$1"; }
  cleanup() { psql -q "$base" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; }
else
  url="sqlite:$work/blog.db"
  sql() { if command -v sqlite3 >/dev/null; then sqlite3 "$work/blog.db" "$1"; else echo skip; fi; }
  cleanup() { :; }
fi
trap cleanup EXIT
m() { "$schemac" migrate "$@" --dir "$dir" --url "$url"; }

# The committed history covers the schema as it is.
expect 0 "$schemac" migrate diff --dialect "$dialect" --dir "$dir" --schema "$example/schema.prisma" --check
has "no changes"
expect 0 "$schemac" --format json migrate diff --dialect "$dialect" --dir "$dir" --schema "$example/schema.prisma" --check
has '"changes":false'
n=$(ls -d "$dir"/[0-9]*_* | wc -l)
[ "$n" -ge 2 ] || fail "expected at least two migrations in $dir, found $n"

expect 1 m status
has "0 applied, $n pending"
expect 0 m apply
has "applied $n migrations"
expect 0 m check
has "no drift"
expect 0 m status
has "$n applied, 0 pending, 0 with problems"
expect 0 m status --format json
has "\"applied\":$n,\"pending\":0,\"problems\":0"
has '"state":"applied"'

# Rows survive rolling the last migration back (its down drops columns: data loss, allowed) and re-applying it.
if [ "$(sql "INSERT INTO users (email, name, updated_at) VALUES ('ada@example.com', 'Ada', CURRENT_TIMESTAMP)")" != skip ]; then
  sql "INSERT INTO posts (title, slug, body, author_id, updated_at) SELECT 'Engines', 'engines', 'Notes', id, CURRENT_TIMESTAMP FROM users" >/dev/null
fi
expect 1 m rollback
has "allow-data-loss"
expect 0 m rollback --allow-data-loss
has "rolled back 1 migration"
expect 0 m check
has "no drift"
expect 1 m status --format json
has "\"pending\":1"
expect 0 m apply
has "applied 1 migration"
expect 0 m check
case "$(sql "SELECT count(*) FROM posts p JOIN users u ON u.id = p.author_id WHERE p.version = 1")" in
  1 | skip) ;;
  *) fail "the post did not survive the rollback and re-apply" ;;
esac

# Everything down, then up again.
expect 0 m rollback --steps "$n" --allow-data-loss
has "rolled back $n migrations"
expect 1 m status
has "0 applied, $n pending"
expect 0 m apply
has "applied $n migrations"
expect 0 m check
has "no drift"

# The other database's folder is refused before anything runs.
expect 1 "$schemac" migrate status --dir "$example/migrations/$other" --url "$url"
expect 1 "$schemac" migrate apply --dir "$example/migrations/$other" --url "$url"
has "written for $other"
rm -rf "$work"
echo "example_blog ($dialect): ok"
