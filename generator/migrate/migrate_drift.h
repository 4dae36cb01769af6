/*
 * migrate_drift.h - drift detection helpers (internal to migrations).
 *
 * A database hands some objects back in another spelling than the one the
 * migration wrote; before comparing a snapshot with the live database, the
 * runner makes the snapshot use the database's spelling wherever the two
 * mean the same thing (migrate_pg_expr in migrate.h says which rewrites).
 */
#ifndef SCHEMAC_MIGRATE_DRIFT_H
#define SCHEMAC_MIGRATE_DRIFT_H

#include "base/arena.h"
#include "ddl/ddl.h"
#include "model/ir.h"

/*
 * PostgreSQL: every CHECK expression and index predicate of EXPECTED that
 * means what LIVE's object of the same name holds takes LIVE's text, so
 * the comparison after it sees no difference and a real one is reported in
 * the user's own words.
 */
void mdrift_pg_exprs(arena *a, ir_schema *expected, const ir_schema *live);

/* TEXT as a column of TYPE keeps and prints it (*OUT); -1 when the database cannot say. */
typedef int (*mdrift_canon_fn)(void *payload, const char *type, const char *text, const char **out);

/*
 * Every string-literal default of EXPECTED that differs in text from LIVE's
 * default of the same column but is the same value once CANON spells it
 * as the column's type (D renders the type) takes LIVE's text. Dates and
 * times are the reason: a DateTime default is written with a UTC offset,
 * and PostgreSQL prints a TIMESTAMP without it, a DATE without the time and
 * a TIMESTAMPTZ in the session's time zone; JSONB respaces its text.
 */
void mdrift_defaults(arena *a, ir_schema *expected, const ir_schema *live, const ddl_dialect *d,
                     mdrift_canon_fn canon, void *payload);

/*
 * SQLite: what a database written by hand (not by schemac's DDL) holds in
 * another form that means the same thing, taken into EXPECTED where LIVE's
 * object matches it in everything but that form. Each is exact:
 *   - a FOREIGN KEY written without CONSTRAINT name, against one of the
 *     default name (TABLE_COLS_fkey): same columns, referenced table and
 *     columns, ON DELETE and ON UPDATE. SQLite never shows a foreign key's
 *     name (no error message holds it, no ALTER can drop it);
 *   - a CHECK written without a name (in a column or in the table: SQLite
 *     treats both alike), against one of a default name (TABLE_COL_check,
 *     TABLE_check, TABLE_checkN): the same expression;
 *   - the index SQLite makes for an inline UNIQUE (sqlite_autoindex_T_N),
 *     against a unique index of the default name (TABLE_COLS_key): unique,
 *     no WHERE, the same columns in the same order and sort order;
 *   - a declared type of the same affinity that pull reads as the column's
 *     type (NUMERIC(10,2) for DECIMAL, VARCHAR(80) for TEXT, INT for
 *     INTEGER), except for the one-column primary key, where only INTEGER
 *     makes the rowid alias; the column's default is then read as that type;
 *   - DEFAULT 0 / 1 on a Boolean column for false / true (SQLite's FALSE and
 *     TRUE are the integers 0 and 1).
 * A name the schema gives (map:) is never matched with an unnamed object.
 */
void mdrift_sqlite(arena *a, ir_schema *expected, const ir_schema *live, const ddl_dialect *d);

#endif
