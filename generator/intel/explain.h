/*
 * explain.h - the planner's view of every query (`schemac explain`,
 * docs/explain.md).
 *
 * The queries (the generated CRUD functions, typed queries: whatever the
 * caller lists) are planned on a scratch database built from the schema's
 * DDL: an in-memory SQLite database, or on PostgreSQL a schema of its own
 * inside one transaction that is rolled back (the server is left as it was).
 * Findings: a full scan of a table the query filters or joins, a temporary
 * sort (an order no index gives), a foreign key without an index. Each
 * proposes an index in schema syntax, and the proposal is verified: created
 * in the scratch database and the query planned again.
 */
#ifndef SCHEMAC_EXPLAIN_H
#define SCHEMAC_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include <schemac/conn.h>

#include "base/arena.h"
#include "model/ir.h"

/* One query to plan. */
typedef struct explain_query {
    const char *name;   /* the generated function, or the typed query's name */
    const char *where;  /* "file:line" of a typed query, or NULL */
    const char *sqlite; /* ?N placeholders; NULL: not for SQLite */
    const char *pg;     /* $N placeholders; NULL: not for PostgreSQL */
} explain_query;

typedef enum explain_kind {
    EXPLAIN_FULL_SCAN = 0, /* a filtered or joined table read whole */
    EXPLAIN_TEMP_SORT,     /* an ORDER BY no index gives (loaders, pages) */
    EXPLAIN_FK_NO_INDEX,   /* a foreign key whose columns no index starts with */
} explain_kind;

typedef struct explain_finding {
    explain_kind kind;
    const char *query;    /* the query's name, or "foreign key NAME" */
    const char *where;    /* file:line, or NULL */
    const char *table;
    const char *model;    /* the table's model (its schema name) */
    const char *plan;     /* the plan line that shows it */
    const char *proposal; /* "@@index([tenantId, createdAt(sort: Desc)])", or NULL */
    bool verified;        /* with the index, the plan no longer shows it */
    const char *after;    /* the plan line with the index */
} explain_finding;

typedef struct explain_result {
    explain_finding *findings;
    size_t nfindings;
    size_t nplanned; /* queries planned */
} explain_result;

/*
 * Plan QUERIES for S on a scratch database: PG NULL means in-memory SQLite,
 * else the PostgreSQL connection PG (nothing is kept there). Returns 0, or
 * -1 with *ERR (the schema's DDL or a query the database refused).
 */
int explain_run(explain_result *out, arena *a, sc_conn *pg, const ir_schema *s, const explain_query *queries,
                size_t n, const char **err);

const char *explain_kind_name(explain_kind k); /* "full-scan", "temp-sort", "fk-without-index" */

#endif
