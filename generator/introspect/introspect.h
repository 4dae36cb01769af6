/*
 * introspect.h - read a live database back into the schema model.
 *
 * SQLite: sqlite_schema, pragma_table_xinfo, pragma_index_list/xinfo and
 * pragma_foreign_key_list, plus the stored CREATE text for what the pragmas
 * do not tell (AUTOINCREMENT, CHECK constraints, constraint names, partial
 * index predicates). PostgreSQL: pg_catalog, one schema ("public" unless
 * told otherwise), plus the database's installed extensions (plpgsql aside);
 * tables and enum types that belong to an extension are left out.
 *
 * The result carries database-level facts only: no model or field names,
 * no client-side defaults, no relations. Compare it with a schema's model
 * through ddl_db_diff (ddl.h), which looks only at those facts. Tables whose
 * names start with "sqlite_" are SQLite's own and never reported.
 *
 * Errors: -1 and a one-line message in *ERR (allocated in the arena).
 * Nothing is printed.
 */
#ifndef SCHEMAC_INTROSPECT_H
#define SCHEMAC_INTROSPECT_H

#include <libpq-fe.h>
#include <sqlite3.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/source.h"
#include "model/ir.h"

/* Read the open SQLite database DB (its "main" schema). */
int introspect_sqlite(ir_schema *out, arena *a, sqlite3 *db, const char **err);
/* Open PATH read-only and read it. */
int introspect_sqlite_file(ir_schema *out, arena *a, const char *path, const char **err);

/* Read schema SCHEMA (NULL: "public") of the PostgreSQL connection CONN. */
int introspect_postgres(ir_schema *out, arena *a, PGconn *conn, const char *schema, const char **err);
/* Connect to URL, read, disconnect. */
int introspect_postgres_url(ir_schema *out, arena *a, const char *url, const char *schema, const char **err);

/*
 * What `schemac pull` reads besides the model above (introspect_pull.c),
 * added to S after introspect_sqlite / introspect_postgres filled it: views
 * (S->views, each with its columns and `definition`; SQLite view columns
 * carry their declared type as db_type and an Unsupported type for the
 * reader to map), identity columns as autoincrement defaults, and comments
 * (COMMENT ON tables, views, columns, enum types) as docs. The drift check
 * does not call these: an identity column is not a serial to it.
 */
int introspect_sqlite_extras(ir_schema *s, arena *a, sqlite3 *db, const char **err);
int introspect_postgres_extras(ir_schema *s, arena *a, PGconn *conn, const char *schema, const char **err);

/* ---------------------------------------------------------------- SQL DDL files (no server) */

/*
 * A schema written as SQL DDL (a sqlc project's schema files) read into the
 * model as the database would build it: statement by statement, in file
 * order. The model is what introspection of a database built from the same
 * DDL gives (docs/queries.md lists the differences), with db_type set.
 * Problems are diagnostics located in the DDL files; the return value is
 * the number of errors.
 */
typedef struct introspect_ddl_file {
    uint32_t file; /* its index in the sources */
    size_t len;    /* the bytes to read: the file up to its rollback part */
} introspect_ddl_file;

/*
 * A view. Its columns are what its SELECT returns, which the queries stage
 * infers (a view is a query); the DDL reader says where the SELECT is.
 */
typedef struct introspect_view {
    const char *name;
    uint32_t file;
    size_t at, len;       /* the SELECT: bytes of the file */
    const char **aliases; /* CREATE VIEW v (a, b): the names given to its columns */
    size_t naliases;
    ir_column *columns;   /* SQLite: the columns the database reports (declared types, nullable), for
                             a SELECT the resolver cannot read; NULL on PostgreSQL */
    size_t ncolumns;
    sc_span span;         /* its name in the CREATE statement */
} introspect_view;

typedef struct introspect_views {
    introspect_view *items; /* in creation order */
    size_t n;
} introspect_views;

/*
 * SQLite: the files run on an in-memory database (double-quoted strings
 * off), one statement at a time so an error points at its statement, then
 * the database is read back. Declared types map as sqlc maps them
 * (INT* -> BigInt, CHAR/CLOB/TEXT -> String, ...; docs/queries.md).
 */
size_t introspect_ddl_sqlite(ir_schema *out, introspect_views *views, arena *a, const sc_sources *src,
                             sc_diags *diags, const introspect_ddl_file *files, size_t nfiles);

/*
 * PostgreSQL: the files read by PostgreSQL's own parser (libpg_query) and
 * applied to the model: CREATE TABLE/TYPE/DOMAIN/INDEX/VIEW, ALTER TABLE,
 * ALTER TYPE, DROP, RENAME. Other statements are skipped (a warning for
 * those a schema does not usually hold).
 */
size_t introspect_ddl_postgres(ir_schema *out, introspect_views *views, arena *a, const sc_sources *src,
                               sc_diags *diags, const introspect_ddl_file *files, size_t nfiles);

#endif
