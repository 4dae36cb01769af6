/*
 * cgen_internal.h - what the parts of the C code generator share: the
 * per-model view of the schema (C names and types of every field) and the
 * emitters of each part (cgen.c: types and files, cgen_sql.c: SQL text,
 * cgen_query.c: query functions).
 */
#ifndef SCHEMAC_CGEN_INTERNAL_H
#define SCHEMAC_CGEN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "cgen/cgen.h"
#include "ddl/ddl.h"
#include "model/ir.h"

/* How a value travels between C and the runtime's statement API. */
typedef enum cgen_kind {
    CGEN_TEXT = 0, /* char * (String) */
    CGEN_DECIMAL,  /* char *, exact decimal text */
    CGEN_JSON,     /* char *, JSON text */
    CGEN_BYTES,    /* uint8_t * + size_t length */
    CGEN_BOOL,
    CGEN_I32,
    CGEN_I64,
    CGEN_F64,
    CGEN_TIME,     /* sc_timestamp */
    CGEN_ENUM,     /* a generated C enum, text in the database */
} cgen_kind;

typedef struct cgen_field {
    const ir_column *col;
    const char *member; /* C member name (snake case) */
    const char *upper;  /* member in upper case, for mask constants */
    const char *ctype;  /* C type of one value */
    cgen_kind kind;
    const char *enum_c; /* CGEN_ENUM: the C enum type */
    bool pk;
} cgen_field;

typedef struct cgen_rel {
    const ir_relation *rel;
    const char *member;       /* C member name of the relation field */
    struct cgen_model *target;
    bool many;                /* an array (list relation) */
} cgen_rel;

/* A unique key the generated code can look rows up by. */
typedef struct cgen_key {
    const char *suffix;  /* "id", "email", "user_id_slug" */
    int *fields;         /* indexes into cgen_model.fields */
    size_t nfields;
    const bool *desc;    /* keyset orders: column i sorts descending in its index; NULL: all ascending */
    bool live_only;      /* unique among rows not soft-deleted only (where: { deletedAt: null }) */
} cgen_key;

typedef struct cgen_model {
    const ir_table *t;
    const char *cname;  /* prefix_model */
    const char *upper;  /* PREFIX_MODEL */
    const char *doc;
    cgen_field *fields;
    size_t nfields;
    cgen_rel *rels;
    size_t nrels;
    cgen_key pk;        /* nfields 0: no primary key */
    cgen_key *uniques;  /* other unique constraints (full, not partial) */
    size_t nuniques;
    cgen_key *fks;      /* list-by keys: each foreign key's columns */
    size_t nfks;
    cgen_key *idxs;     /* list-by keys: leading columns of non-unique indexes */
    size_t nidxs;
    cgen_key *orders;   /* keyset orders: each index's columns, then the primary key when not unique */
    size_t norders;
    int version;        /* field index of @version, -1 */
    int deleted_at;     /* field index of @deletedAt, -1 */
    bool has_autoinc;
} cgen_model;

typedef struct cgen_ctx {
    arena *a;
    const ir_schema *s;
    const cgen_options *o;
    const char *prefix;
    const char *upper_prefix;
    cgen_model *models;
    size_t nmodels;
    const char *err;
} cgen_ctx;

/* Fields a partial-update mask names (all but the key and the version); masks are uint64_t. */
enum { CGEN_MASK_BITS = 64 };
size_t cgen_mask_fields(const cgen_model *m);

/* Names */
const char *cgen_snake(arena *a, const char *name);
const char *cgen_upper(arena *a, const char *name);
const char *cgen_c_string(arena *a, const char *text); /* a C string literal, quotes included */
cgen_model *cgen_model_of(cgen_ctx *c, const char *model);

/* SQL text (cgen_sql.c): one per dialect; PG uses $n placeholders, SQLite ?n. */
typedef struct cgen_sql {
    const char *sqlite;
    const char *pg;
} cgen_sql;

bool cgen_in_sql(const cgen_field *f); /* the field is a column the queries read and write */
const char *cgen_sql_param(arena *a, ir_provider d, int n);      /* ?3 or $3 */
const char *cgen_sql_list_type(arena *a, const ir_schema *s, const cgen_field *f); /* "TEXT[]" */
const char *cgen_sql_columns(arena *a, const cgen_model *m);      /* "id", "email", ... */
const char *cgen_sql_columns_as(arena *a, const cgen_model *m, const char *alias); /* t."id", ... */
const char *cgen_sql_live(arena *a, const cgen_model *m, const char *alias); /* ' AND "deleted_at" IS NULL' or "" */
const char *cgen_sql_key_columns(arena *a, const cgen_model *m, const cgen_key *k, const char *alias, const char *dir);

/* Both dialects' texts of one statement, built together. */
typedef struct cgen_sqlb {
    arena *a;
    strbuf lite;
    strbuf pg;
    int nparams;
} cgen_sqlb;

void cgen_sqlb_init(cgen_sqlb *b, arena *a);
void cgen_sqlb_puts(cgen_sqlb *b, const char *s);
void cgen_sqlb_puts2(cgen_sqlb *b, const char *lite, const char *pg);
void cgen_sqlb_ident(cgen_sqlb *b, const char *name);
int cgen_sqlb_param(cgen_sqlb *b); /* appends the next placeholder; returns its number */
void cgen_sqlb_key_match(cgen_sqlb *b, const cgen_model *m, const cgen_key *k);
cgen_sql cgen_sqlb_done(cgen_sqlb *b);

/* Query functions (cgen_query.c). */
void cgen_query_decls(cgen_ctx *c, strbuf *h, const cgen_model *m);
void cgen_query_defs(cgen_ctx *c, strbuf *out, const cgen_model *m);
/* Whether a model reads or writes the enum of C type ENUM_C as a list (its list helpers are then generated). */
bool cgen_enum_in_list(const cgen_ctx *c, const char *enum_c);

/* Template expansion into OUT; on failure records c->err and returns -1. */
int cgen_emit(cgen_ctx *c, strbuf *out, const char *tpl, const char *const *vars);
/* The same with one model's keys: prefix, PREFIX, model (C type name), Model (schema name). */
int cgen_emit_model(cgen_ctx *c, strbuf *out, const char *tpl, const cgen_model *m);

#endif
