/*
 * pull.h - a database read back into a schema file (`schemac pull`),
 * the way Prisma's `db pull` writes one.
 *
 * The input is the model introspection reads (database names only, no
 * relations) plus what introspect_*_extras add (views, comments, identity
 * columns). Pull names everything the schema needs a name for (models,
 * fields, enums, relations), finds the relations the foreign keys make and
 * the implicit many-to-many join tables, and writes the schema text. With
 * an existing schema, the names, comments and order its author chose stay
 * wherever the database did not change.
 *
 * Text from the database (names, defaults, CHECK and index conditions,
 * comments) is untrusted: every name is made a valid identifier (with
 * @map/@@map to the real one), strings are escaped, and what the schema
 * language cannot hold (a name with a control character, SQL text that is
 * not one expression, a value the type cannot take) is left out with a
 * comment in the schema and a note.
 */
#ifndef SCHEMAC_PULL_H
#define SCHEMAC_PULL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/source.h"
#include "model/ir.h"

/* A block of the existing schema the model does not hold, kept as written. */
typedef struct pull_block {
    const char *text;    /* the block, `//` and `///` comment lines directly above included */
    sc_span at;          /* where it was (its order among the other blocks) */
    const char *view;    /* a view block: the database name of the view (its @@map, else its name) */
    const char *name;    /* a view block: its name in the schema */
} pull_block;

/* An existing schema (re-introspection). */
typedef struct pull_existing {
    const ir_schema *model;     /* lowered with its sources (lower_schema_src): names, docs, spans */
    const sc_sources *sources;  /* the text, for comments and the fields pull keeps as written */
    const pull_block *blocks;   /* datasource, generator and view blocks, in source order */
    size_t nblocks;
    const char *const *ignored; /* fields marked @ignore, as "Model.field" */
    size_t nignored;
    const char *const *preview_features; /* its generators' previewFeatures */
    size_t npreview_features;
} pull_existing;

typedef struct pull_options {
    unsigned version;
    const pull_existing *existing; /* NULL: a new schema */
    /*
     * SQLite: a declared type introspection left Unsupported as the schema
     * type Prisma reads it as (introspect_sqlite_prisma_scalar), or
     * SC_SCALAR_UNSUPPORTED; NULL keeps every such type Unsupported. One
     * reading for pull and the drift check, which lives in introspect.
     */
    sc_scalar (*sqlite_type)(const char *decl);
} pull_options;

#define PULL_OPTIONS_VERSION 1
#define PULL_OPTIONS_INIT {PULL_OPTIONS_VERSION, NULL, NULL}

typedef struct pull_result {
    const char *text;    /* the schema (not aligned: `schemac fmt` lays it out) */
    const char **notes;  /* one line each: what pull changed or left out, and why */
    size_t nnotes;
} pull_result;

/*
 * DB (as introspection fills it, provider set) as a schema. Everything lives
 * in A. Never fails: what cannot be written becomes a comment and a note.
 */
void pull_schema(pull_result *out, arena *a, const ir_schema *db, const pull_options *opt);

/* The schema text of a string: quoted, with the schema language's escapes ("a\"b\n"). */
const char *pull_string(arena *a, const char *s);

#endif
