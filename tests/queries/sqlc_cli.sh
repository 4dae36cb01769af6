#!/bin/sh
# sqlc_cli.sh - `schemac queries --sqlc`: a project's problems are located
# diagnostics (in sqlc.yaml, a schema file or a query file) with exit code 1,
# a missing configuration or bad usage exits 2, nothing goes to stdout then;
# text output lists each package; `generate --sqlc` needs -o, lists the files
# it writes (--list-outputs) and reads (--list-inputs).
#   sqlc_cli.sh SCHEMAC
set -u
SCHEMAC=${1:?usage: sqlc_cli.sh SCHEMAC}
HERE=$(cd "$(dirname "$0")" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# run CODE ARGS...: require exit code CODE; stdout in $TMP/out, stderr in $TMP/err
run() {
  want=$1; shift
  NO_COLOR=1 "$SCHEMAC" "$@" >"$TMP/out" 2>"$TMP/err"
  got=$?
  [ "$got" -eq "$want" ] || { cat "$TMP/err" >&2; fail "schemac $* exited $got, expected $want"; }
}
has() { grep -qF -- "$2" "$TMP/$1" || { cat "$TMP/$1" >&2; fail "$1 lacks: $2"; }; }
empty() { [ ! -s "$TMP/$1" ] || { cat "$TMP/$1" >&2; fail "$1 is not empty"; }; }
# project NAME: a fresh copy of a small PostgreSQL project in $TMP/NAME
project() {
  mkdir -p "$TMP/$1/schema" "$TMP/$1/queries"
  printf -- '-- +goose Up\nCREATE TABLE authors (id bigserial PRIMARY KEY, name text NOT NULL);\n-- +goose Down\nDROP TABLE authors;\n' >"$TMP/$1/schema/001_init.sql"
  printf -- '-- name: GetAuthor :one\nSELECT * FROM authors WHERE id = $1;\n' >"$TMP/$1/queries/authors.sql"
  printf 'version: "2"\nsql:\n  - engine: postgresql\n    schema: schema\n    queries: queries\n    gen:\n      go:\n        out: db\n' >"$TMP/$1/sqlc.yaml"
}

# A clean project: text output names each package; the folder finds its sqlc.yaml.
run 0 queries --sqlc "$HERE/sqlc_project/sqlc.yaml"
has out "package bookstore  (postgresql, 3 tables, 1 views, 1 enums)"
has out "package notes  (sqlite, 3 tables, 1 views, 0 enums)"
has out "GetAuthor :one"
empty err
project ok
run 0 queries --sqlc "$TMP/ok"
has out "GetAuthor :one"
# a package without a name is named as generate --sqlc names its files: after out (gen.go's package)
has out "package db  (postgresql, 1 tables, 0 views, 0 enums)"
run 0 --format json queries --sqlc "$TMP/ok/sqlc.yaml"
has out '"model_row": "Author"'

# An unknown key, at its line and column, with sqlc's wording alongside.
project unknown
printf 'version: "2"\nsql:\n  - engine: postgresql\n    schema: schema\n    queries: queries\n    emit_json_tags: true\n' >"$TMP/unknown/sqlc.yaml"
run 1 queries --sqlc "$TMP/unknown/sqlc.yaml"
empty out
has err "sqlc.yaml:6:5: error: unknown key \"emit_json_tags\" in sql[0] (sqlc: field emit_json_tags not found)"
has err "    emit_json_tags: true"
# ... also as JSON diagnostics on stdout.
run 1 --format json queries --sqlc "$TMP/unknown/sqlc.yaml"
has out '"code": "sqlc-config"'
has out '"line": 6'

# The engine: required in version 2; mysql is not supported.
project engine
printf 'version: "2"\nsql:\n  - schema: schema\n    queries: queries\n' >"$TMP/engine/sqlc.yaml"
run 1 queries --sqlc "$TMP/engine/sqlc.yaml"
has err "sqlc.yaml:3:5: error: sql[0]: engine is required: sqlite or postgresql"
printf 'version: "2"\nsql:\n  - schema: schema\n    queries: queries\n    engine: mysql\n' >"$TMP/engine/sqlc.yaml"
run 1 queries --sqlc "$TMP/engine/sqlc.yaml"
has err "sqlc.yaml:5:13: error: sql[0]: engine mysql is not supported by schemac: the engines are sqlite and postgresql"

# A path that is not there, at its value.
project path
printf 'version: "2"\nsql:\n  - engine: postgresql\n    schema: [schema, migrations]\n    queries: queries\n' >"$TMP/path/sqlc.yaml"
run 1 queries --sqlc "$TMP/path/sqlc.yaml"
has err "sqlc.yaml:4:22: error: sql[0].schema: path error: stat $TMP/path/migrations: No such file or directory"

# DDL errors point into the schema file; query errors into the query file.
project ddl
printf -- '-- +goose Up\nCREATE TABLE authors (id bigserial PRIMARY KEY,\n  name text NOT NULL REFERENCES writers);\n' >"$TMP/ddl/schema/001_init.sql"
run 1 queries --sqlc "$TMP/ddl"
has err "schema/001_init.sql:3:33: error: relation \"writers\" does not exist"
project query
printf -- '-- name: GetAuthor :one\nSELECT * FROM authors WHERE emial = $1;\n' >"$TMP/query/queries/authors.sql"
run 1 queries --sqlc "$TMP/query"
has err "queries/authors.sql:2:29: error: column \"emial\" does not exist"
# The rollback part of a migration is never read.
project down
printf -- '-- +goose Up\nCREATE TABLE authors (id bigserial PRIMARY KEY, name text NOT NULL);\n-- +goose Down\nDROP TABLE nowhere CASCADE; not sql at all\n' >"$TMP/down/schema/001_init.sql"
run 0 queries --sqlc "$TMP/down"

# Two packages of one name (as sqlc allows: one Go package name, two `out` folders) would write the
# same C files: an error at the second, nothing written.
project twins
printf 'version: "2"\nsql:\n  - engine: postgresql\n    schema: schema\n    queries: queries\n    gen:\n      go:\n        package: db\n        out: a/db\n  - engine: postgresql\n    schema: schema\n    queries: queries\n    gen:\n      go:\n        out: b/db\n' >"$TMP/twins/sqlc.yaml"
run 1 generate --sqlc "$TMP/twins/sqlc.yaml" -o "$TMP/twins/gen"
has err "sqlc.yaml:10:5: error: packages sql[0] and sql[1] are both named \"db\": both would write db.h, db.c, db_queries.h and db_queries.c in the output folder"
has err "sqlc.yaml:3:5: note: sql[0] is here"
[ ! -e "$TMP/twins/gen" ] || fail "generate wrote files for packages that clash"
run 1 generate --sqlc "$TMP/twins/sqlc.yaml" -o "$TMP/twins/gen" --list-outputs
sed -i 's|out: b/db|out: b/db2|' "$TMP/twins/sqlc.yaml"
run 0 generate --sqlc "$TMP/twins/sqlc.yaml" -o "$TMP/twins/gen"
[ -f "$TMP/twins/gen/db.h" ] && [ -f "$TMP/twins/gen/db2_queries.h" ] || fail "two packages of two names: not both generated"

# --list-outputs and --list-inputs (what a build system lists at configure time): the files written,
# bare names without -o; the files read, then the folders and glob patterns they came from.
project lists
mkdir -p "$TMP/lists/lite"
printf -- '-- +goose Up\nCREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n' >"$TMP/lists/lite/001.sql"
printf -- '-- +goose Down\nDROP TABLE notes;\n' >"$TMP/lists/lite/001.down.sql"
printf -- '-- name: GetNote :one\nSELECT * FROM notes WHERE id = ?;\n' >"$TMP/lists/lite.sql"
printf '  - name: lite\n    engine: sqlite\n    schema: "lite/*.sql"\n    queries: lite.sql\n' >>"$TMP/lists/sqlc.yaml"
run 0 generate --sqlc "$TMP/lists/sqlc.yaml" --list-outputs
printf 'db.h\ndb.c\ndb_queries.h\ndb_queries.c\nlite.h\nlite.c\nlite_queries.h\nlite_queries.c\n' >"$TMP/want"
cmp -s "$TMP/want" "$TMP/out" || { cat "$TMP/out" >&2; fail "--list-outputs without -o: not the bare names"; }
run 0 generate --sqlc "$TMP/lists/sqlc.yaml" --list-inputs
d=$TMP/lists
printf '%s\n' "$d/sqlc.yaml" "$d/schema/001_init.sql" "$d/queries/authors.sql" "$d/lite/001.sql" "$d/lite.sql" \
  "$d/schema/" "$d/queries/" "$d/lite/*.sql" >"$TMP/want"
cmp -s "$TMP/want" "$TMP/out" || { diff "$TMP/want" "$TMP/out" >&2; fail "--list-inputs: not the files, folders and patterns read"; }
run 2 generate --sqlc "$TMP/lists/sqlc.yaml" --list-inputs --list-outputs
run 2 generate "$HERE/wide/schema.prisma" --list-inputs
has err "--list-inputs lists the files of a sqlc project"
# Without -o: a usage error that names -o (the packages' gen.go.out folders are sqlc's Go output).
run 2 generate --sqlc "$TMP/lists/sqlc.yaml"
has err "--sqlc needs -o DIR"
empty out

# No configuration, bad usage: exit 2.
mkdir -p "$TMP/none"
run 2 queries --sqlc "$TMP/none"
has err "no sqlc.yaml, sqlc.yml or sqlc.json in this folder"
run 2 queries --sqlc "$TMP/none/sqlc.yaml"
run 2 queries --sqlc
run 2 queries "$HERE/sqlc_project/sqlc.yaml" --sqlc "$HERE/sqlc_project/sqlc.yaml"
has err "--sqlc takes the schema and queries from the sqlc configuration"
echo "sqlc cli: ok"
