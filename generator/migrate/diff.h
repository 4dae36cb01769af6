/*
 * diff.h - the difference between two schema models as migration steps.
 *
 * diff_schemas() compares FROM (the last snapshot) with TO (the current
 * schema) at database level and lists the steps that turn one into the
 * other, in an order a database can run them (new enum values and tables
 * before what uses them, drops of what depends on a table before the table).
 * The steps are dialect-neutral; plan.h turns them into SQL per database.
 *
 * Extensions follow Prisma Migrate: one the schema gains is created; one
 * whose version or schema changed (both sides giving one) is dropped and
 * created again; one the schema no longer names stays installed (no step).
 *
 * Multi-schema (PostgreSQL): tables and enums are matched by schema and
 * name, a schema that is not named (a datasource without `schemas`) being
 * "public". A model moved to another schema is a new table there and a
 * dropped one where it was (as Prisma Migrate does), with the foreign keys
 * that point at it dropped and added again. A schema the datasource gains
 * is created first; one it no longer lists stays (as with Prisma).
 *
 * Renames are never guessed: a dropped and an added table (or column) stay
 * a drop and an add unless diff_options names the rename. When a drop and
 * an add look alike, the diff records a question ("did you rename ...?")
 * that the CLI shows, so data loss is never silent.
 */
#ifndef SCHEMAC_DIFF_H
#define SCHEMAC_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "model/ir.h"

typedef enum diff_kind {
    DIFF_CREATE_SCHEMA = 0,  /* PostgreSQL: a schema the datasource's `schemas` gains */
    DIFF_DROP_EXTENSION, /* a version or schema changed: dropped, then created again */
    DIFF_CREATE_EXTENSION,
    DIFF_CREATE_ENUM,
    DIFF_ADD_ENUM_VALUE,
    DIFF_RENAME_TABLE,
    DIFF_DROP_FK,
    DIFF_DROP_INDEX,
    DIFF_DROP_CHECK,
    DIFF_RENAME_COLUMN,
    DIFF_CREATE_TABLE,
    DIFF_ADD_COLUMN,
    DIFF_ALTER_COLUMN,
    DIFF_DROP_COLUMN,
    DIFF_ALTER_PK,
    DIFF_RENAME_INDEX,
    DIFF_RENAME_CONSTRAINT, /* foreign key or check: same definition, new name */
    DIFF_ADD_CHECK,
    DIFF_ADD_INDEX,
    DIFF_ADD_FK,
    DIFF_DROP_TABLE,
    DIFF_REMOVE_ENUM_VALUE, /* the enum loses values (and may reorder): recreated */
    DIFF_DROP_ENUM,
    DIFF_KIND_COUNT
} diff_kind;

/* What an ALTER_COLUMN step changes. */
enum {
    DIFF_CHANGE_TYPE = 1u << 0,
    DIFF_CHANGE_NULLABLE = 1u << 1,
    DIFF_CHANGE_DEFAULT = 1u << 2,
};

typedef struct diff_step {
    diff_kind kind;
    const char *table;          /* the table's name in TO (in FROM for drops); NULL for enum steps */
    const char *schema;         /* the database schema of the table or enum (NULL: the connection's);
                                   CREATE_SCHEMA: the schema, also in name */
    const char *old_name;       /* renames: the name in FROM */
    const char *name;           /* the object: column, index, key, check, enum or enum value */
    const ir_table *from_table; /* the table in FROM, NULL when created */
    const ir_table *to_table;   /* the table in TO, NULL when dropped */
    const ir_column *from_col;
    const ir_column *to_col;
    const ir_index *index;      /* ADD/DROP/RENAME_INDEX: the index (TO's for add and rename) */
    const ir_foreign_key *fk;
    const ir_check *check;
    const ir_enum *from_enum;
    const ir_enum *to_enum;
    const ir_extension *extension; /* CREATE/DROP_EXTENSION: TO's (create) or FROM's (drop) */
    unsigned changes;           /* ALTER_COLUMN: DIFF_CHANGE_* bits */
} diff_step;

/* One rename the user stated: TABLE NULL for a table rename, else a column of TABLE (its TO name). */
typedef struct diff_rename {
    const char *table;
    const char *from;
    const char *to;
} diff_rename;

typedef struct diff_options {
    unsigned version;
    const diff_rename *renames;
    size_t nrenames;
} diff_options;

#define DIFF_OPTIONS_VERSION 1
#define DIFF_OPTIONS_INIT {DIFF_OPTIONS_VERSION, NULL, 0}

typedef struct diff_result {
    diff_step *steps;
    size_t nsteps;
    const char **questions; /* likely renames, one sentence each, with the flag that states it */
    size_t nquestions;
} diff_result;

/*
 * Compare FROM with TO. Returns 0, or -1 with a one-line reason in *ERR
 * when a stated rename names nothing that exists. Everything lives in A.
 */
int diff_schemas(diff_result *out, arena *a, const ir_schema *from, const ir_schema *to,
                 const diff_options *opt, const char **err);

/* A short name for KIND ("add-column"), for tests and reports. */
const char *diff_kind_name(diff_kind kind);
/* One line describing STEP ("add column \"User\".\"email\""). */
const char *diff_step_describe(arena *a, const diff_step *step);

/* Whether two columns have the same database type (scalar, enum, native type, list). */
bool diff_same_type(const ir_column *a, const ir_column *b);
/* Whether two defaults are the same. */
bool diff_same_default(const ir_default *a, const ir_default *b);

#endif
