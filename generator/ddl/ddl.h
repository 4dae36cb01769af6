/*
 * ddl.h - SQL DDL from the schema model, one dialect table per database.
 *
 * Each back end (ddl_sqlite.c, ddl_postgres.c) fills one ddl_dialect: how a
 * column's type and default are spelt, how a table, an index and a foreign
 * key are created, and what the database keeps of the model (db_view). The
 * shared code in ddl.c orders the statements and never asks which dialect
 * it is talking to. Migrations (diff) render single statements through the
 * same functions.
 *
 * Every identifier goes through sqltext_ident: always double-quoted, inner
 * double quotes doubled, so any name survives. Output is deterministic: the
 * model is canonical (ir.h) and the script follows its order.
 */
#ifndef SCHEMAC_DDL_H
#define SCHEMAC_DDL_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/sqltext.h"
#include "base/strbuf.h"
#include "model/ir.h"

typedef struct ddl_dialect ddl_dialect;

struct ddl_dialect {
    const char *name;      /* "sqlite", "postgresql" */
    ir_provider provider;
    size_t max_ident_len;  /* identifier length limit in bytes (0: none); constraint names are cut to fit */
    bool names_pk;         /* the database keeps primary-key constraint names */
    bool names_fk;         /* the database keeps foreign-key constraint names */

    /* The column's SQL type: "VARCHAR(200)", "SERIAL", "\"Role\"[]". */
    const char *(*column_type)(arena *a, const ir_schema *s, const ir_column *c);
    /* The DEFAULT expression, or NULL when the column gets no DEFAULT clause. */
    const char *(*default_sql)(arena *a, const ir_schema *s, const ir_column *c);
    /* Statements that must come before any table (PostgreSQL extensions, then enum types);
       may append nothing. */
    void (*preamble)(arena *a, const ir_schema *s, char **out);
    /* CREATE EXTENSION IF NOT EXISTS, as Prisma Migrate writes it; NULL where there are none (SQLite). */
    char *(*create_extension)(arena *a, const ir_extension *x);
    /* CREATE TABLE, with whatever constraints the dialect keeps inside it. */
    char *(*create_table)(arena *a, const ir_schema *s, const ir_table *t);
    /* CREATE [UNIQUE] INDEX. */
    char *(*create_index)(arena *a, const ir_schema *s, const ir_table *t, const ir_index *x);
    /* ALTER TABLE ... ADD CONSTRAINT ... FOREIGN KEY, or NULL when keys live inside CREATE TABLE. */
    char *(*add_foreign_key)(arena *a, const ir_schema *s, const ir_table *t, const ir_foreign_key *f);
    /* Reduce a copy of a model to what this database stores (see ddl_db_view). */
    void (*db_view)(arena *a, ir_schema *s);
};

extern const ddl_dialect ddl_sqlite_dialect;
extern const ddl_dialect ddl_postgres_dialect;

/* The dialect of PROVIDER, or NULL for IR_PROVIDER_NONE. */
const ddl_dialect *ddl_dialect_for(ir_provider provider);
/* The dialect named NAME ("sqlite", "postgresql", "postgres"), or NULL. */
const ddl_dialect *ddl_dialect_named(const char *name);

/* ---------------------------------------------------------------- whole scripts */

/*
 * The complete script that creates S in an empty database: extensions and
 * enum types, tables, indexes, then foreign keys (PostgreSQL), every statement ending
 * in ";\n" and separated by a blank line.
 */
char *ddl_create_script(arena *a, const ddl_dialect *d, const ir_schema *s);

/* ---------------------------------------------------------------- pieces */

/* "schema"."name", or "name" when SCHEMA is NULL (the connection's schema). */
const char *ddl_qualified(arena *a, const char *schema, const char *name);
/* CREATE SCHEMA IF NOT EXISTS "name";\n (PostgreSQL), as Prisma Migrate writes it. */
char *ddl_create_schema(arena *a, const char *name);
/* "a", "b" */
const char *ddl_ident_list(arena *a, const char *const *names, size_t n);
/* Default of a literal kind (string, number, boolean, enum) as SQL. */
const char *ddl_literal_sql(arena *a, const ir_default *d);
/* The bytes a base64 Bytes default stands for, as lowercase hex digits; NULL if not base64. */
const char *ddl_bytes_hex(arena *a, const char *base64);

/* ---------------------------------------------------------------- database-level view */

/*
 * A deep copy of S reduced to what a database of dialect D keeps, in the
 * form introspection reads it back: what the dialect cannot store is
 * dropped (SQLite: enum types, primary-key names, index methods, INCLUDE),
 * implied facts are made explicit (SQLite: a single-column INTEGER primary
 * key is AUTOINCREMENT) and model-level facts are cleared.
 */
ir_schema *ddl_db_view(arena *a, const ddl_dialect *d, const ir_schema *s);

/*
 * Compare two models at database level for dialect D (drift detection, the
 * introspection round trip): both go through ddl_db_view, types compare by
 * their rendering, expressions by ir_normalize_expr. Returns the number of
 * differences and one line per difference in *REPORT (see ir_diff_report).
 */
size_t ddl_db_diff(char **report, arena *a, const ddl_dialect *d, const ir_schema *expected,
                   const ir_schema *actual);

#endif
