/*
 * sema.h - semantic checks: resolve types and relations, validate attributes.
 *
 * sema_check() walks a parsed schema, fills the "sema annotations" of the
 * AST (ast.h) and reports every problem into DIAGS. Lowering to the IR
 * (ir.h) only runs on a schema that sema accepted.
 *
 * What sema leaves behind for later stages, all in the arena:
 *   - every FIELD member: type_kind, scalar, type_block, owner, relation;
 *   - every model/view block: a sema_model in block->sema;
 *   - the datasource block: a sema_schema in block->sema, reachable from
 *     the ast_schema with sema_schema_info() (provider, relation mode and the
 *     list of every resolved relation).
 * The rules follow Prisma's validator for the relational providers; the
 * language reference is docs/language.md.
 */
#ifndef SCHEMAC_SEMA_H
#define SCHEMAC_SEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "front/ast.h"
#include "base/diag.h"
#include "base/source.h"

/* The database a schema targets (datasource `provider`). */
typedef enum sc_provider {
    SC_PROVIDER_NONE = 0,   /* no valid datasource: sema reported an error */
    SC_PROVIDER_SQLITE,
    SC_PROVIDER_POSTGRESQL, /* "postgresql" or its alias "postgres" */
} sc_provider;

/* datasource `relationMode`: real foreign keys, or relations emulated by the client. */
typedef enum sc_relation_mode {
    SC_RELMODE_FOREIGN_KEYS = 0,
    SC_RELMODE_PRISMA,
} sc_relation_mode;

/* Referential actions of @relation(onDelete:, onUpdate:). */
typedef enum sc_ref_action {
    SC_ACTION_CASCADE,
    SC_ACTION_RESTRICT,
    SC_ACTION_NO_ACTION,
    SC_ACTION_SET_NULL,
    SC_ACTION_SET_DEFAULT,
} sc_ref_action;

typedef enum sema_relation_kind {
    SEMA_REL_ONE_TO_ONE,
    SEMA_REL_ONE_TO_MANY,
    SEMA_REL_MANY_TO_MANY_IMPLICIT, /* both sides lists, no fields: a join table "_<name>" */
} sema_relation_kind;

/*
 * One relation between two models, as both relation fields describe it.
 * Each relation field's ast_member.relation points here.
 */
struct sema_relation {
    sema_relation *next;     /* next in sema_schema.relations (schema order of field[0]) */
    const char *name;        /* explicit @relation name, else the default: the two model
                                names sorted (strcmp) and joined by "To", e.g. "PostToUser" */
    bool name_explicit;      /* the name was written in the schema */
    sema_relation_kind kind;
    /*
     * The two relation fields. For 1:1 and 1:n, field[0] is the side that
     * owns the foreign key (the one with fields:/references:) and field[1]
     * the back-relation. For implicit m:n, field[0] belongs to the model whose
     * name sorts first (Prisma's join-table column "A"), field[1] to the
     * other ("B"); in a self m:n the field names decide the order.
     */
    ast_member *field[2];
    ast_block *model[2];     /* field[i]->owner */
    int fk_side;             /* index into field[] owning the foreign key: 0, or -1 for m:n */
    /* The FK columns on model[0] (fields:) and the columns they reference on model[1]
       (references:), same length, in written order. Empty for m:n. */
    ast_member **fields;
    ast_member **references;
    size_t nfields;
    /* Referential actions; for m:n both are Cascade (the join table's FKs). When not
       written: onDelete SetNull if any FK field is optional, else Restrict; onUpdate Cascade. */
    sc_ref_action on_delete;
    sc_ref_action on_update;
    bool on_delete_explicit;
    bool on_update_explicit;
    const char *map;         /* @relation(map: "...") foreign key name, or NULL */
};

/* Per model/view facts, in block->sema (NULL for enums, datasources, generators). */
typedef struct sema_model {
    const char *db_name;      /* @@map("...") or the model name */
    const char *schema_name;  /* @@schema("...") or NULL */
    bool ignored;             /* @@ignore */
    bool is_view;
    /* The primary key: the @id field, or the @@id fields in written order (0 if none). */
    ast_member **id_fields;
    size_t nid_fields;
    ast_attr *id_attr;        /* the @id or @@id attribute, or NULL */
    ast_member *version_field;    /* @version, or NULL */
    ast_member *deleted_at_field; /* @deletedAt, or NULL */
    /* sema's own lookup tables (sema_attrs.c), NULL until first used */
    struct strmap *block_ids;     /* fields named alone by an @@id */
    struct sema_criteria *criteria; /* the model's unique criteria */
} sema_model;

/*
 * One entry of the datasource's `extensions = [...]` (PostgreSQL, preview
 * feature postgresqlExtensions): NAME, or NAME(map: "...", schema: "...",
 * version: "..."). An empty schema or version counts as not given.
 */
typedef struct sema_extension {
    const char *name;    /* as written: pgcrypto, uuid_ossp */
    const char *map;     /* map: the database's name of the extension ("uuid-ossp"), or NULL */
    const char *schema;  /* schema: where CREATE EXTENSION puts its objects, or NULL */
    const char *version; /* version: the version to install, or NULL */
    sc_span span;        /* the entry */
} sema_extension;

/* Schema-wide facts, in ast_schema.sema (and the datasource block's ->sema, if any). */
typedef struct sema_schema {
    sc_provider provider;
    const char *provider_name;   /* as written: "postgresql", "postgres", "sqlite" */
    sc_relation_mode relation_mode;
    ast_block *datasource;
    const char *const *schemas;  /* datasource `schemas = [...]`, or NULL */
    size_t nschemas;
    const sema_extension *extensions; /* datasource `extensions = [...]`, in written order */
    size_t nextensions;
    const char *const *preview_features; /* union of every generator's previewFeatures */
    size_t npreview_features;
    sema_relation *relations;    /* every relation, once */
    size_t nrelations;
} sema_schema;

/* Returns 0 when the schema has no errors (warnings allowed), -1 otherwise. */
int sema_check(ast_schema *s, arena *a, const sc_sources *src, sc_diags *diags);

/*
 * Check a schema that passed sema_check against the rules of TARGET, the
 * database a command was asked to produce for (--dialect), when that differs
 * from the datasource provider. Every provider-dependent rule applies:
 * scalar lists, native types (@db.*: a schema used with both databases
 * cannot use native types of one), index methods, ops: and include:,
 * @@schema and `schemas`, autoincrement() placement, and the rest. Each error
 * carries a note at the datasource provider naming both. The AST's sema
 * annotations are left as sema_check left them. Returns 0 when the schema
 * also fits TARGET (or TARGET is NONE or the declared provider), -1 otherwise.
 */
int sema_check_dialect(ast_schema *s, arena *a, const sc_sources *src, sc_provider target,
                       sc_diags *diags);

/*
 * Before building DDL, migrations or code from a schema that passed
 * sema_check: refuse what schemac cannot build faithfully (today nothing:
 * see sema_build.c). Returns 0, or -1 with errors in DIAGS.
 */
int sema_check_buildable(const ast_schema *s, sc_diags *diags);

/*
 * The names schema S gives the database (tables, columns, keys, indexes,
 * constraints, enum types and labels) against the rules of PROVIDER's
 * engine: PostgreSQL cuts names to 63 bytes and shares namespaces between
 * tables, indexes and types, SQLite ignores case; both reserve prefixes
 * (pg_, sqlite_, and schemac's own _schemac_). sema_check applies them for
 * the datasource's provider; lint asks about the other one. S must have
 * passed sema_check. Errors go to DIAGS; returns 0 when there are none.
 */
int sema_check_names(const ast_schema *s, arena *a, sc_provider provider, sc_diags *diags);

/* The schema-wide facts sema recorded (with or without a datasource), or NULL before sema_check. */
const sema_schema *sema_schema_info(const ast_schema *s);
/* The provider of S (SC_PROVIDER_NONE when there is no valid datasource). */
sc_provider sema_provider(const ast_schema *s);
/* The sema_model of a model/view block, or NULL. */
const sema_model *sema_model_info(const ast_block *b);

/* "Cascade", "Restrict", "NoAction", "SetNull", "SetDefault". */
const char *sema_ref_action_name(sc_ref_action a);
/* "sqlite", "postgresql"; NULL for NONE. */
const char *sema_provider_name(sc_provider p);

#endif
