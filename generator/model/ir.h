/*
 * ir.h - the schema model: dialect-neutral tables, columns, keys, indexes,
 * enums and relations, with the mapping back to models and fields.
 *
 * Every back end (DDL, C code, migrations, lint, ERD) reads this model and
 * never the AST. Lowering (lower.c) makes everything explicit: database
 * names after @map/@@map, implicit many-to-many join tables, constraint and
 * index names, referential-action defaults. The model is canonical: tables,
 * enums, indexes, foreign keys, checks and relations are sorted by name, so
 * two schemas that mean the same thing give equal models, equal JSON text
 * (ir_to_json) and equal DDL.
 *
 * Columns keep field order, because that is the order CREATE TABLE gives
 * them and the order introspection finds them in.
 *
 * All strings and arrays live in the arena the model was built in. Names are
 * database names unless the field says otherwise (model, field, enum
 * client names are the schema's names).
 */
#ifndef SCHEMAC_IR_H
#define SCHEMAC_IR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/scalar.h"
#include "base/source.h"

/* The JSON form carries this version; ir_from_json reads it and the versions before it. */
#define IR_JSON_VERSION 2

/*
 * Where the schema wrote a model object, for diagnostics that point into the
 * source (lint). Lowering fills it; models read from JSON or from a database
 * have it zeroed (a span with end == 0 is "none"). It is no part of what the
 * model means: ir_to_json does not write it, ir_from_json leaves it zero,
 * ir_equal and ir_diff_report do not compare it, and the canonical order does
 * not look at it. The other source-only fields below are named src_* and
 * follow the same rule.
 */
typedef struct ir_src {
    sc_span span;              /* the object: a name, or the attribute that made it (see each struct) */
    sc_span decl;              /* the declaration holding it: the block, or the member (field, block
                                  attribute, enum value), attributes included */
    const char *const *ignore; /* lint codes named by `// schemac-lint-ignore` comments in the run of
                                  own-line comments directly above decl (lower_schema_src only) */
    size_t nignore;
} ir_src;

/* A `// schemac-lint-ignore CODE...` comment anywhere in the schema: lint checks its codes. */
typedef struct ir_src_comment {
    sc_span span;              /* the comment */
    const char *const *codes;  /* as written, separated by blanks or commas; none is an empty list */
    size_t ncodes;
} ir_src_comment;

typedef enum ir_provider {
    IR_PROVIDER_NONE = 0,
    IR_PROVIDER_SQLITE,
    IR_PROVIDER_POSTGRESQL,
} ir_provider;

/* What a database computes when a row leaves the column out. */
typedef enum ir_default_kind {
    IR_DEFAULT_NONE = 0,
    IR_DEFAULT_STRING,        /* value: the text, unescaped */
    IR_DEFAULT_NUMBER,        /* value: the literal as written (-1, 1.50) */
    IR_DEFAULT_BOOLEAN,       /* value: "true" or "false" */
    IR_DEFAULT_ENUM,          /* value: database name of the enum value */
    IR_DEFAULT_NOW,           /* now(): CURRENT_TIMESTAMP */
    IR_DEFAULT_AUTOINCREMENT, /* autoincrement(): SERIAL / AUTOINCREMENT */
    IR_DEFAULT_EXPR,          /* dbgenerated("..."): value: SQL text */
    IR_DEFAULT_LIST,          /* scalar list default: items */
} ir_default_kind;

typedef struct ir_default {
    ir_default_kind kind;
    const char *value;
    struct ir_default *items; /* LIST: one literal default per element */
    size_t nitems;
} ir_default;

/* Defaults the generated C computes, never the database. */
typedef enum ir_client_default {
    IR_CLIENT_NONE = 0,
    IR_CLIENT_UUID,       /* uuid() / uuid(4) / uuid(7): client_arg holds the version */
    IR_CLIENT_CUID,       /* cuid() / cuid(2) */
    IR_CLIENT_NANOID,     /* nanoid() / nanoid(n): client_arg holds the length */
    IR_CLIENT_ULID,       /* ulid() */
    IR_CLIENT_UPDATED_AT, /* @updatedAt */
} ir_client_default;

typedef enum ir_action {
    IR_ACTION_NO_ACTION = 0,
    IR_ACTION_RESTRICT,
    IR_ACTION_CASCADE,
    IR_ACTION_SET_NULL,
    IR_ACTION_SET_DEFAULT,
} ir_action;

typedef enum ir_sort {
    IR_SORT_ASC = 0,
    IR_SORT_DESC,
} ir_sort;

typedef enum ir_index_method {
    IR_METHOD_DEFAULT = 0, /* B-tree */
    IR_METHOD_HASH,
    IR_METHOD_GIN,
    IR_METHOD_GIST,
    IR_METHOD_BRIN,
    IR_METHOD_SPGIST,
} ir_index_method;

typedef struct ir_column {
    const char *name;        /* database name */
    const char *field;       /* model field name; NULL in join tables and introspected models */
    sc_scalar scalar;        /* logical type; SC_SCALAR_NONE for enum columns */
    const char *enum_name;   /* enum columns: the enum's database name */
    const char *enum_schema; /* enum columns: the enum's database schema (ir_enum.schema) */
    const char *native;      /* @db.X native type name without "db.", e.g. "VarChar"; NULL for the default */
    const char *native_args; /* its arguments without parentheses or spaces, e.g. "10,2"; NULL if none */
    const char *unsupported; /* Unsupported("...") type text; scalar is SC_SCALAR_UNSUPPORTED */
    const char *db_type;     /* introspected: the type as the database spells it (format_type(),
                                the declared type); NULL in models lowered from a schema */
    bool list;               /* scalar list (PostgreSQL array) */
    bool nullable;
    ir_default dflt;
    ir_client_default client_default;
    int client_arg;          /* see ir_client_default; 0 when not written */
    bool version;            /* @version: optimistic-locking counter */
    bool deleted_at;         /* @deletedAt: soft-delete marker */
    bool is_id;              /* part of the primary key */
    const char *doc;         /* `///` comment of the field */
    /* source only (see ir_src) */
    ir_src src;              /* span: the field's name; decl: the field */
    sc_span src_type;        /* the field's type, modifiers included */
    sc_span src_map;         /* the @map attribute; none without */
    bool src_dbgenerated;    /* @default(dbgenerated(...)), also without an expression (dflt stays empty) */
    bool src_ignored;        /* @ignore: the column stays in the database, out of generated code */
} ir_column;

typedef struct ir_primary_key {
    const char *name;     /* constraint name; NULL when the database keeps none (SQLite) */
    const char **columns; /* database names, in key order */
    size_t ncolumns;
    const char *client_name; /* @@id(name: ...): the name code generation uses; NULL if none */
    /* source only (see ir_src) */
    ir_src src;              /* span: the @id or @@id attribute; none in join tables */
    sc_span src_map;         /* its map: argument; none without */
} ir_primary_key;

typedef struct ir_index_column {
    const char *name;    /* database name of the column */
    ir_sort sort;
    const char *opclass; /* PostgreSQL operator class (jsonb_path_ops), NULL for the default */
} ir_index_column;

/* Indexes and unique constraints: Prisma creates both as (unique) indexes. */
typedef struct ir_index {
    const char *name;
    bool unique;
    ir_index_column *columns;
    size_t ncolumns;
    ir_index_method method;
    const char *where;     /* partial-index predicate (SQL), NULL if none */
    const char **include;  /* covering columns (PostgreSQL INCLUDE) */
    size_t ninclude;
    const char *client_name; /* @@unique(name: ...): the name code generation uses */
    /* source only (see ir_src) */
    ir_src src;              /* span: the @unique, @@unique or @@index attribute; none in join tables */
    sc_span src_map;         /* its map: argument; none without */
    bool src_field;          /* made by a field attribute (@unique), not a block attribute */
} ir_index;

typedef struct ir_foreign_key {
    const char *name;
    const char **columns;      /* in this table */
    size_t ncolumns;
    const char *ref_table;
    const char *ref_schema;    /* ref_table's database schema (ir_table.schema) */
    const char **ref_columns;  /* in ref_table, same count */
    ir_action on_delete;
    ir_action on_update;
    /* source only (see ir_src) */
    ir_src src;                /* span: the @relation attribute; decl: the relation field holding it */
    sc_span src_map;           /* its map: argument; none without */
} ir_foreign_key;

typedef struct ir_check {
    const char *name;
    const char *expr; /* SQL boolean expression, without the CHECK ( ) */
    /* source only (see ir_src) */
    ir_src src;       /* span: the @check or @@check attribute */
    sc_span src_map;  /* its map: argument, when the name came from it; none otherwise */
} ir_check;

typedef enum ir_table_kind {
    IR_TABLE_MODEL = 0,
    IR_TABLE_JOIN, /* implicit many-to-many join table (_AToB) */
} ir_table_kind;

typedef struct ir_table {
    const char *name;   /* database name */
    const char *schema; /* PostgreSQL schema (@@schema); NULL: the connection's (search_path) */
    const char *model;  /* model name; NULL for join tables and introspected tables */
    ir_table_kind kind;
    const char *doc;
    ir_column *columns;
    size_t ncolumns;
    bool has_pk;
    ir_primary_key pk;
    ir_index *indexes;  /* sorted by name */
    size_t nindexes;
    ir_foreign_key *fks; /* sorted by name */
    size_t nfks;
    ir_check *checks;   /* sorted by name */
    size_t nchecks;
    /* source only (see ir_src) */
    ir_src src;         /* models: span the model's name, decl the model block;
                           join tables: span and decl the relation field of column A's model */
    ir_src src_map;     /* the @@map attribute (span) and its line (decl); none without */
    bool src_ignored;   /* @@ignore: the model is left out of the client */
    const char *definition; /* views (ir_schema.views) only: the SELECT that defines the view */
} ir_table;

typedef struct ir_enum_value {
    const char *name;    /* as written in the schema */
    const char *db_name; /* after @map */
    const char *doc;
    ir_src src;          /* source only: span the value's name, decl the value's line */
} ir_enum_value;

typedef struct ir_enum {
    const char *name;    /* enum name in the schema; NULL when introspected */
    const char *db_name; /* after @@map */
    const char *schema;  /* PostgreSQL schema (@@schema); NULL: the connection's (search_path) */
    const char *doc;
    ir_enum_value *values; /* declaration order: it is the database's order */
    size_t nvalues;
    /* source only (see ir_src) */
    ir_src src;          /* span: the enum's name; decl: the enum block */
    ir_src src_map;      /* the @@map attribute (span) and its line (decl); none without */
} ir_enum;

/* How a relation field reaches the rows it names. */
typedef enum ir_relation_kind {
    IR_REL_FORWARD = 0, /* this model's table holds the foreign key */
    IR_REL_BACK,        /* the target's table holds the foreign key */
    IR_REL_JOIN,        /* through an implicit many-to-many join table */
} ir_relation_kind;

/*
 * One navigation: model.field points at target. Loaders join
 *   FORWARD/BACK: rows of `table` and `target_table` where
 *                 table.columns[i] = target_table.target_columns[i];
 *   JOIN:         table.columns[i] = join_table.join_self_column and
 *                 join_table.join_target_column = target_table.target_columns[i].
 */
typedef struct ir_relation {
    const char *name;         /* relation name ("PostToUser" by default) */
    const char *model;
    const char *field;
    const char *target;       /* target model */
    const char *back_field;   /* the opposite relation field; NULL if none */
    ir_relation_kind kind;
    bool list;                /* the field is a list (Post[]) */
    bool optional;            /* the field is optional (User?) */
    const char *table;        /* database name of model's table */
    const char *table_schema; /* its schema (ir_table.schema) */
    const char *target_table;
    const char *target_schema;
    const char *fk;           /* foreign key name (in table for FORWARD, target_table for BACK) */
    const char **columns;     /* in table */
    const char **target_columns; /* in target_table */
    size_t ncolumns;
    const char *join_table;   /* JOIN only */
    const char *join_schema;
    const char *join_self_column;
    const char *join_target_column;
    /* source only (see ir_src) */
    ir_src src;               /* span: the relation field's name; decl: the field */
    sc_span src_attr;         /* its @relation attribute; none without */
    sc_span src_on_delete_arg; /* the attribute's onDelete: argument; none without */
    ir_action src_on_delete;  /* FORWARD: the action on delete the schema gives the relation (written
                                 or defaulted), also under relationMode = "prisma" where no foreign
                                 key carries it */
    bool src_ignored;         /* @ignore on the relation field: no loader or member in generated code */
} ir_relation;

/*
 * A PostgreSQL extension the schema needs (datasource `extensions`): the
 * migration creates it with CREATE EXTENSION IF NOT EXISTS before anything
 * else. Schema and version are NULL when the schema leaves them to the
 * database; an introspected extension has both.
 */
typedef struct ir_extension {
    const char *name;    /* as the schema names it (uuid_ossp); introspected: the database name */
    const char *db_name; /* the database's name: map:, else name ("uuid-ossp") */
    const char *schema;  /* the schema its objects go to, NULL: the database chooses */
    const char *version; /* NULL: the default version */
} ir_extension;

typedef struct ir_schema {
    ir_provider provider;
    /*
     * PostgreSQL: the datasource's `schemas` (multi-schema), sorted, one of
     * each; none when it lists none. With schemas, every table and enum
     * names its schema; without, every schema field is NULL and objects
     * live in the connection's schema.
     */
    const char **schemas;
    size_t nschemas;
    ir_extension *extensions; /* PostgreSQL only; sorted by name, then db_name; one per db_name */
    size_t nextensions;
    ir_table *tables;       /* sorted by name */
    size_t ntables;
    ir_enum *enums;         /* sorted by db_name */
    size_t nenums;
    ir_relation *relations; /* sorted by model, field */
    size_t nrelations;
    /* source only (see ir_src): every lint-ignore comment, in file and source order */
    ir_src_comment *src_comments;
    size_t nsrc_comments;
    /*
     * Views read from SQL DDL (a sqlc project's schema): read-only relations
     * that queries may select from, in the order they were created (a view
     * may read an earlier one). Each is an ir_table with its columns (type
     * and nullability inferred from the SELECT) and `definition`; no keys.
     * Outside the JSON form and comparison: DDL, migrations, code for
     * tables and every other back end see only `tables`.
     */
    ir_table *views;
    size_t nviews;
} ir_schema;

/* ---------------------------------------------------------------- names */

/* Scalar names as the schema writes them; kept here so the JSON form never depends on another stage. */
const char *ir_scalar_name(sc_scalar s);              /* "String", ...; NULL for SC_SCALAR_NONE */
int ir_scalar_from_name(sc_scalar *out, const char *name);
const char *ir_provider_name(ir_provider p);          /* "sqlite", "postgresql", "none" */
int ir_provider_from_name(ir_provider *out, const char *name); /* 0, or -1 if unknown */
const char *ir_action_name(ir_action a);              /* "Cascade", "SetNull", ... */
int ir_action_from_name(ir_action *out, const char *name);
const char *ir_action_sql(ir_action a);               /* "CASCADE", "SET NULL", ... */
const char *ir_method_name(ir_index_method m);        /* "BTree", "Hash", "Gin", ... */
int ir_method_from_name(ir_index_method *out, const char *name);
const char *ir_default_kind_name(ir_default_kind k);  /* "string", "now", ... */
int ir_default_kind_from_name(ir_default_kind *out, const char *name);
const char *ir_client_default_name(ir_client_default c); /* "uuid", "updatedAt", ... */
int ir_client_default_from_name(ir_client_default *out, const char *name);

/* ---------------------------------------------------------------- lookup */

ir_table *ir_find_table(const ir_schema *s, const char *name); /* the first of that name, any schema */
/* The table NAME in database schema SCHEMA (NULL: the connection's), and the same for enums. */
ir_table *ir_find_table_in(const ir_schema *s, const char *schema, const char *name);
ir_enum *ir_find_enum_in(const ir_schema *s, const char *schema, const char *db_name);
/* True when two schema fields name the same schema (both NULL included). */
bool ir_same_schema(const char *a, const char *b);
ir_table *ir_find_model(const ir_schema *s, const char *model);
ir_table *ir_find_view(const ir_schema *s, const char *name);
ir_column *ir_find_column(const ir_table *t, const char *name);
ir_column *ir_find_field(const ir_table *t, const char *field);
ir_enum *ir_find_enum(const ir_schema *s, const char *db_name);
ir_extension *ir_find_extension(const ir_schema *s, const char *db_name);
ir_index *ir_find_index(const ir_table *t, const char *name);
ir_foreign_key *ir_find_fk(const ir_table *t, const char *name);
ir_check *ir_find_check(const ir_table *t, const char *name);
/* The relations of MODEL (a pointer into s->relations and their count). */
const ir_relation *ir_model_relations(const ir_schema *s, const char *model, size_t *count);

/* ---------------------------------------------------------------- building */

/* A table's or enum's name for messages: "schema.name", or the name alone without a schema. */
const char *ir_qualified_name(arena *a, const char *schema, const char *name);

/*
 * Put S in canonical order (extensions, tables, enums, indexes, foreign keys,
 * checks, relations sorted by name; is_id flags from the primary key). Builders
 * (lowering, introspection, ir_from_json) call it last.
 */
void ir_canonicalize(ir_schema *s);

/*
 * A constraint or index name of the kind Prisma gives: TABLE_COLS_SUFFIX,
 * with COLS joined by '_' (NULL/0 for none, e.g. "pkey"), truncated the way
 * Prisma truncates for a database whose identifier limit is MAX_LEN bytes
 * (63 on PostgreSQL, 0 for no limit).
 */
const char *ir_constraint_name(arena *a, const char *table, const char *const *cols, size_t ncols,
                               const char *suffix, size_t max_len);

/* NAME cut to MAX_LEN bytes (0: no limit) on a UTF-8 boundary, as PostgreSQL would keep it. */
const char *ir_identifier_cut(arena *a, const char *name, size_t max_len);

/*
 * Parse a default expression as a database hands it back (SQLite's
 * dflt_value, PostgreSQL's pg_get_expr) into D, for a column of type SCALAR
 * (enum columns: IS_ENUM set): literals, now(), sequences, and anything else
 * as an expression. Used by introspection and by the database-level view of
 * a model (ddl_db_view). ir_default.c.
 */
void ir_default_parse(ir_default *d, arena *a, const char *text, sc_scalar scalar, bool is_enum);

/*
 * A decimal number in the one spelling Prisma writes and the model keeps
 * (ir_default.c): [+-]digits[.digits][e[+-]digits], also "-.5" and "1.",
 * becomes its digits with the exponent worked in and the scale kept
 * ("1.50e1" -> "15.0", "1e3" -> "1000", "-.5" -> "-0.5", "007" -> "7",
 * "-0.0" -> "0.0"). NULL when TEXT is no such number (or its exponent would
 * write more than 4096 digits). With VALUE_ONLY, trailing zeros of the
 * fraction go too ("1.50" -> "1.5", "2.00" -> "2"): the value, as a
 * database compares numbers.
 */
const char *ir_number_text(arena *a, const char *text, bool value_only);

/* ---------------------------------------------------------------- JSON text form */

/*
 * The model as JSON text: every field, fixed key order, two-space indent,
 * UTF-8 as is, a final newline. Byte-stable: equal models give equal text.
 * Used for golden tests (`schemac ir`) and as the migration snapshot.
 * "extensions" is written only when there are any, and read as none when
 * missing: snapshots written before extensions existed load unchanged.
 */
char *ir_to_json(arena *a, const ir_schema *s);

/*
 * Read the JSON form back. Returns 0 and fills OUT (allocated in A), or -1
 * with a one-line reason in *ERR (allocated in A). ir_to_json(ir_from_json(t)) == t
 * for any text ir_to_json wrote.
 */
int ir_from_json(ir_schema *out, arena *a, const char *text, size_t len, const char **err);

/*
 * A deep copy of S in A (every field of the JSON form; the source-only
 * fields are left zero). S is a model already in memory, so it is not
 * validated again: a copy of anything introspection reads is complete.
 */
void ir_copy(ir_schema *out, arena *a, const ir_schema *s);

/*
 * Refuse a model no back end may write from (ir_validate.c): names with
 * control characters, SQL text (checks, index conditions, operator classes,
 * dbgenerated() defaults, Unsupported types) that is more than one
 * expression or type, number and boolean defaults that are not literals.
 * ir_from_json runs it. Returns 0, or -1 with one line in *ERR.
 */
int ir_validate(const ir_schema *s, arena *a, const char **err);

/* ---------------------------------------------------------------- comparison */

/* True when A and B are the same model, every field included. */
bool ir_equal(const ir_schema *a, const ir_schema *b);

/*
 * Type rendering used by database-level comparison: the column's SQL type as
 * the database would report it. The DDL dialects provide one (ddl.h).
 */
typedef const char *(*ir_type_fn)(arena *a, const ir_schema *s, const ir_column *c, void *payload);

typedef struct ir_compare_options {
    unsigned version;
    bool database_only;     /* ignore model-level facts: field/model names, client defaults, docs, relations */
    ir_type_fn column_type; /* database_only: compare columns by this rendering (NULL: compare IR types);
                               when both columns carry db_type, those are compared instead */
    void *payload;
    bool ignore_pk_names;   /* the database keeps no primary-key names (SQLite) */
    bool ignore_fk_names;
    bool normalize_exprs;   /* compare CHECK, predicate and default expressions ignoring
                               whitespace, parentheses, case outside quotes and ::casts */
} ir_compare_options;

#define IR_COMPARE_OPTIONS_VERSION 1
#define IR_COMPARE_OPTIONS_INIT {IR_COMPARE_OPTIONS_VERSION, false, NULL, NULL, false, false, false}

/*
 * Compare A (expected) with B (actual) object by object. Returns the number
 * of differences; when REPORT is not NULL, *REPORT gets one line per
 * difference ("table \"User\": column \"email\": nullable: false != true"),
 * or "" when equal. Allocated in A_ARENA.
 */
size_t ir_diff_report(char **report, arena *a_arena, const ir_schema *a, const ir_schema *b,
                      const ir_compare_options *opt);

/* Normalized expression text (see normalize_exprs), for comparisons and tests. */
const char *ir_normalize_expr(arena *a, const char *expr);

#endif
