/*
 * introspect_internal.h - what the files of the introspect stage share (not
 * part of its interface).
 */
#ifndef SCHEMAC_INTROSPECT_INTERNAL_H
#define SCHEMAC_INTROSPECT_INTERNAL_H

#include <sqlite3.h>

#include "base/arena.h"
#include "model/ir.h"

/*
 * PostgreSQL's format_type() text ("character varying(10)", "timestamp(3)
 * without time zone") -> COL's scalar, native type and arguments, or an
 * unsupported type (introspect_postgres.c).
 */
void introspect_pg_map_type(arena *a, ir_column *col, const char *type);

/* SCHEMAS as a PostgreSQL text[] literal ({"a","b"}), for `n.nspname = ANY($1::text[])`. */
const char *introspect_pg_schema_array(arena *a, const char *const *schemas, size_t n);

/*
 * A SQLite declared type -> scalar: SC_SCALAR_UNSUPPORTED when the reader
 * does not know it.
 */
typedef sc_scalar (*introspect_sqlite_type_fn)(const char *decl);

/* introspect_sqlite() with declared types read by MAP instead of the exact names schemac's DDL writes. */
int introspect_sqlite_mapped(ir_schema *out, arena *a, sqlite3 *db, introspect_sqlite_type_fn map, const char **err);

#endif
