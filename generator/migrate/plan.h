/*
 * plan.h - migration steps (diff.h) to SQL, one dialect table per database.
 *
 * A planned migration has up to three sections, because some statements
 * cannot run inside a transaction:
 *   pre   autocommit statements that must come first and are idempotent
 *         (PostgreSQL: ALTER TYPE ... ADD VALUE IF NOT EXISTS for a value the
 *         body uses; a value nothing uses is added inside the body);
 *   tx    the transactional body;
 *   post  autocommit statements that come last and are idempotent, so an
 *         interrupted run can resume them (CREATE INDEX CONCURRENTLY after
 *         DROP INDEX CONCURRENTLY IF EXISTS, VALIDATE CONSTRAINT).
 * Every statement ends with ";\n" at the end of a line; the runner relies on
 * that to split the autocommit sections.
 */
#ifndef SCHEMAC_PLAN_H
#define SCHEMAC_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "ddl/ddl.h"
#include "migrate/diff.h"
#include "model/ir.h"

typedef struct plan_options {
    unsigned version;
    bool low_lock;        /* PostgreSQL: FK, CHECK and NOT NULL added NOT VALID, then validated */
    bool no_concurrently; /* PostgreSQL: build indexes on existing tables inside the transaction */
    const char *lock_timeout; /* PostgreSQL lock_timeout ("10s"); NULL: the default */
    /*
     * A required column without a default that comes (back) into an existing
     * table, or a column that becomes required, takes plan_placeholder_sql()
     * on rows that have no value, so the script runs on a populated table.
     * Down migrations set it: a rollback re-adding a column up dropped must
     * be able to run; what the column held is gone either way.
     */
    bool fill_required;
} plan_options;

#define PLAN_OPTIONS_VERSION 1
#define PLAN_OPTIONS_INIT {PLAN_OPTIONS_VERSION, false, false, NULL, false}
#define PLAN_DEFAULT_LOCK_TIMEOUT "10s"

typedef struct plan_script {
    char *pre;  /* "" when empty */
    char *tx;
    char *post;
    bool rebuild; /* SQLite: some table is rebuilt (the runner saves and restores views and triggers) */
    /* PostgreSQL: new enum values ("Enum.VALUE") that the body uses, so they are added in pre. */
    const char **pre_enum_values;
    size_t npre_enum_values;
} plan_script;

typedef struct plan_dialect {
    const char *name;
    ir_provider provider;
    const ddl_dialect *ddl;
    /* Render D (FROM -> TO) as SQL. */
    void (*plan)(plan_script *out, arena *a, const diff_result *d, const ir_schema *from, const ir_schema *to,
                 const plan_options *opt);
    /* Whether indexes on existing tables are built without blocking writes under OPT. */
    bool (*concurrent_index)(const plan_options *opt);
} plan_dialect;

extern const plan_dialect plan_sqlite_dialect;
extern const plan_dialect plan_postgres_dialect;

/*
 * A value of C's type for rows that have none (plan_options.fill_required):
 * 0, '', false, the epoch, JSON null, no bytes, an enum's first value, an
 * empty array, the nil UUID. NULL when the type has no such value
 * (Unsupported, fixed-width bit strings).
 */
const char *plan_placeholder_sql(arena *a, const ir_schema *s, ir_provider p, const ir_column *c);

/* The planner for PROVIDER, or NULL. */
const plan_dialect *plan_dialect_for(ir_provider provider);

#endif
