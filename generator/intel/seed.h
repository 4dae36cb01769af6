/*
 * seed.h - deterministic, realistic rows for a database (`schemac seed`,
 * docs/seed.md).
 *
 * Values come from the column's type and its name (email, name, title, url,
 * price, createdAt, body ...), from a generator seeded with (seed, table,
 * column, row): the same seed gives the same rows on SQLite and PostgreSQL,
 * whatever order the tables are filled in. Foreign keys are respected
 * (parents first; a cycle is broken at a nullable key, filled in a second
 * pass), unique constraints (compound too) hold, CHECK constraints are
 * satisfied (ranges, lengths and IN lists shape the values; other checks are
 * asked of the database and the row is made again), enums, @version
 * (1) and @deletedAt (mostly NULL) get fitting values.
 *
 * Rows go in through the connection in one transaction: COPY on
 * PostgreSQL, one prepared INSERT per table on SQLite. Seed fills empty
 * tables only.
 */
#ifndef SCHEMAC_SEED_H
#define SCHEMAC_SEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <schemac/conn.h>

#include "base/arena.h"
#include "model/ir.h"

/* Rows for one model (its model name or table name). */
typedef struct seed_count {
    const char *model;
    size_t rows;
} seed_count;

typedef struct seed_options {
    size_t rows;              /* rows per table not named in counts */
    const seed_count *counts; /* per-model counts (tables not named get `rows`) */
    size_t ncounts;
    uint64_t seed;
    /* called now and then with the rows written so far and the total; NULL: none */
    void (*progress)(void *arg, size_t done, size_t total);
    void *progress_arg;
} seed_options;

typedef struct seed_table_report {
    const char *table;
    size_t rows;
} seed_table_report;

typedef struct seed_result {
    seed_table_report *tables; /* in the order they were filled */
    size_t ntables;
    size_t rows;               /* all rows written */
    size_t updates;            /* rows of the second pass (keys of a cycle) */
} seed_result;

/*
 * Fill the tables of S (lowered for CONN's database) through CONN. Returns
 * 0, or -1 with *ERR (in A) saying why; nothing is kept then (one
 * transaction).
 */
int seed_database(seed_result *out, arena *a, sc_conn *conn, const ir_schema *s, const seed_options *o,
                  const char **err);

#endif
