/*
 * introspect.h - read a live database back into the schema model.
 *
 * SQLite: sqlite_schema, pragma_table_xinfo, pragma_index_list/xinfo and
 * pragma_foreign_key_list, plus the stored CREATE text for what the pragmas
 * do not tell (AUTOINCREMENT, CHECK constraints, constraint names, partial
 * index predicates). PostgreSQL: pg_catalog, one schema ("public" unless
 * told otherwise).
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
#include "model/ir.h"

/* Read the open SQLite database DB (its "main" schema). */
int introspect_sqlite(ir_schema *out, arena *a, sqlite3 *db, const char **err);
/* Open PATH read-only and read it. */
int introspect_sqlite_file(ir_schema *out, arena *a, const char *path, const char **err);

/* Read schema SCHEMA (NULL: "public") of the PostgreSQL connection CONN. */
int introspect_postgres(ir_schema *out, arena *a, PGconn *conn, const char *schema, const char **err);
/* Connect to URL, read, disconnect. */
int introspect_postgres_url(ir_schema *out, arena *a, const char *url, const char *schema, const char **err);

#endif
