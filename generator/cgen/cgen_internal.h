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
    const char *sql;    /* the column's name quoted for SQL (sqltext_ident) */
    const char *member; /* C member name (snake case) */
    const char *param;  /* its name as a function parameter (a key argument): the member unless that is taken */
    const char *upper;  /* member in upper case, for mask constants */
    const char *ctype;  /* C type of one value */
    cgen_kind kind;
    const char *enum_c; /* CGEN_ENUM: the C enum type */
    bool pk;
} cgen_field;

typedef struct cgen_rel {
    const ir_relation *rel;
    const char *member;       /* C member name of the relation field */
    const char *link_param;   /* many-to-many: the parameter naming the target's key in _link/_unlink */
    struct cgen_model *target;
    bool many;                /* an array (list relation) */
    /* A form another relation's load_<member> already is (cgen.c): not generated. */
    bool no_ptrs;             /* another relation's member is "<member>_ptrs" */
    bool no_with_deleted;     /* another relation's member is "<member>_with_deleted" */
} cgen_rel;

/* A unique key the generated code can look rows up by. */
typedef struct cgen_key {
    const char *suffix;  /* "id", "email", "user_id_slug" */
    int *fields;         /* indexes into cgen_model.fields */
    size_t nfields;
    const bool *desc;    /* keyset orders: column i sorts descending in its index; NULL: all ascending */
    bool live_only;      /* unique among rows not soft-deleted only (where: { deletedAt: null }) */
    size_t nown;         /* keyset orders: the index's own columns, before the primary key columns appended */
    bool no_with;        /* no find_many_by_<suffix>_with: another key's suffix is "<suffix>_with" (cgen.c) */
    /* no find_by_<suffix>_with_deleted (primary key) or list_by_<suffix>_with_deleted (foreign key): another key's
       find_by_ or list_by_ has that name (cgen.c) */
    bool no_with_deleted;
} cgen_key;

/* A keyset page scoped by an equality prefix: list_page_of_<suffix>. */
typedef struct cgen_scoped {
    const char *suffix;  /* "author_id" (a foreign key's rows by primary key), "tenant_id_by_created_at" */
    cgen_key order;      /* the prefix's columns first, then the page's order (ties broken by the primary key) */
    size_t prefix;       /* how many leading columns of ORDER the caller gives */
} cgen_scoped;

typedef struct cgen_model {
    const ir_table *t;
    const char *cname;  /* prefix_model */
    const char *upper;  /* PREFIX_MODEL */
    const char *doc;
    cgen_field *fields;
    size_t nfields;
    const char *sql_cols; /* the columns queries read, for a select list: "id", "email", ... */
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
    cgen_scoped *scoped; /* keyset pages within an equality prefix (a foreign key's, an index's leading columns) */
    size_t nscoped;
    int version;        /* field index of @version, -1 */
    int deleted_at;     /* field index of @deletedAt, -1 */
    bool has_autoinc;
    bool no_insert;     /* a required Unsupported column without a default: no create, create_many or upsert */
    struct cgen_scope *members; /* the struct's members */
    struct cgen_scope *params;  /* the parameters and locals of its functions */
} cgen_model;

/* An enum's C names. */
typedef struct cgen_enum {
    const ir_enum *e;
    const char *cname;         /* prefix_enum: the type, and the base of its functions */
    const char *upper;         /* PREFIX_ENUM */
    const char **values;       /* the constant of each value, PREFIX_ENUM_VALUE */
} cgen_enum;

/* ---------------------------------------------------------------- the name registry */

/*
 * Every name the generated C declares is handed out by one registry, so that
 * no two things of a schema ever get one C name (docs/generated-api.md,
 * "C names"). A scope is a set of names that must differ:
 *   - the file scope (cgen_names.file): everything the generated files make
 *     visible to each other and to the user's code - types, struct tags,
 *     functions, objects, enum constants and macros (C puts macros over every
 *     name; ours are upper case, so they share the scope), and through a
 *     model's C name its split files;
 *   - an inner scope per struct (its members) and per model (the parameters
 *     of its functions, with the locals their bodies declare).
 * Every scope refuses the reserved names: C and C++ keywords, names C
 * reserves (leading "__" or "_" and a capital), macros compilers predefine
 * (linux, unix, i386, ... in GNU modes) and lower-case macros of the headers
 * the generated code includes (errno, stdin, ...); the file scope also
 * refuses "sc_"/"SC_" names (libschemac's).
 *
 * Contract of cgen_names_claim (for every generator that adds names, e.g.
 * typed queries into the file scope of a schema's registry from
 * cgen_names_for_schema):
 *   - WANT is the C name the naming rule gives; FORMS the whole family the
 *     thing declares, as patterns over the base ("%s" the base, "%S" the base
 *     upper-cased: {"%s", "%s_row", "%S_ROW_COLUMNS"}); NULL means {"%s"};
 *   - the result is the first base of WANT, WANT_ (only when WANT itself is a
 *     reserved word), WANT_2, WANT_3, ... whose every form is free; all
 *     forms are then taken, so no later claim can get one of them;
 *   - the result is deterministic: claims made in the same order on the same
 *     schema give the same names, and a later claim never changes an earlier
 *     one (so claim in a documented order: schema order);
 *   - when the result is neither WANT nor WANT_ for a reserved WANT, a
 *     cgen_rename records it (WHO says what for), to be reported to the
 *     user as a note naming the given name;
 *   - NULL only when no base up to WANT_9999 fits (then an error is due).
 * cgen_names_take takes one name as is (a name fixed by the templates); it
 * returns false when the name was taken already or is reserved.
 */
typedef struct cgen_scope cgen_scope;

typedef struct cgen_names {
    arena *a;
    struct strmap *reserved; /* C and C++ keywords, predefined macros, the row block member -> why they cannot be had */
    cgen_scope *file;
    cgen_rename *renames;
    size_t nrenames, cap;
} cgen_names;

void cgen_names_init(cgen_names *r, arena *a);
cgen_scope *cgen_names_scope(cgen_names *r);
const char *cgen_names_claim(cgen_names *r, cgen_scope *s, const char *want, const char *const *forms, size_t nforms,
                             const cgen_rename *who);
bool cgen_names_take(cgen_names *r, cgen_scope *s, const char *name, const char *holder);
/* Record X for the user's notes (a name given other than the rule's, or given up: X.given NULL). */
void cgen_names_note(cgen_names *r, cgen_rename x);
/* Whether NAME is free in S (not taken, not reserved). */
bool cgen_names_free(const cgen_names *r, const cgen_scope *s, const char *name);
/* Whether NAME is a reserved word of C, C++ or a platform (see above), whatever the scope. */
bool cgen_name_reserved(const char *name);

/*
 * The registry of a schema as cgen_generate fills it, for generators that
 * add names of their own afterwards (claims into R->file). Returns 0, or -1
 * with a reason in *ERR (a bad prefix, no C name left).
 */
int cgen_names_for_schema(cgen_names *r, arena *a, const ir_schema *s, const cgen_options *o, const char **err);

typedef struct cgen_ctx {
    arena *a;
    const ir_schema *s;
    const cgen_options *o;
    const char *prefix;
    const char *upper_prefix;
    cgen_model *models;
    size_t nmodels;
    const char *err;
    cgen_names *names;
    cgen_enum *enums;
    size_t nenums;
    const cgen_model *batch_model; /* the model whose create_many batch size is batch_rows */
    size_t batch_rows;
    struct strmap *model_index;    /* schema model name -> its cgen_model (cgen_model_of); NULL until all are made */
    const cgen_model *with_model;  /* the model whose relations' WITH bits are below (cgen_query.c) */
    size_t with_rel[31];           /* the relation of each bit, in bit order */
    size_t with_count;
    struct {
        const char *name, *text;   /* a template found before (its name in the set), by a hash of the name's address */
    } tpl_cache[8];
    /* While a model's functions are written: its select list (cgen_model.sql_cols) and the macro that stands for
       it in their SQL literals (cgen_query.c); NULL otherwise. */
    const char *cols, *cols_macro, *cols_text; /* cols_text: its literal */
    size_t ncols, cols_lit;        /* strlen of cols; the length of its literal */
    size_t cols_uses;              /* statements that took the macro (its #define is written when any did) */
} cgen_ctx;

/* Fields a partial-update mask names (all but the key and the version); masks are uint64_t. */
enum { CGEN_MASK_BITS = 64 };
size_t cgen_mask_fields(const cgen_model *m);

/* Names */
const char *cgen_snake(arena *a, const char *name);
const char *cgen_upper(arena *a, const char *name);
const char *cgen_c_string(arena *a, const char *text); /* a C string literal, quotes included */
size_t cgen_c_string_len(const char *text);            /* strlen of cgen_c_string(TEXT) */
size_t cgen_c_string_put(strbuf *b, const char *text); /* cgen_c_string(TEXT) appended to B; its length */
size_t cgen_c_string_putn(strbuf *b, const char *text, size_t n); /* the same for N bytes of TEXT */
cgen_model *cgen_model_of(cgen_ctx *c, const char *model);
/* by database name (in database schema SCHEMA: NULL without multi-schema) */
const cgen_enum *cgen_enum_of(const cgen_ctx *c, const char *schema, const char *name);

/* SQL text (cgen_sql.c): one per dialect; PG uses $n placeholders, SQLite ?n. */
typedef struct cgen_sql {
    const char *sqlite;
    const char *pg;
} cgen_sql;

bool cgen_in_sql(const cgen_field *f); /* the field is a column the queries read and write */
/* Whether PG is exactly what the runtime's sc_sql_to_pg makes of SQLITE (a site then carries one text). */
bool cgen_pg_derived(const char *sqlite, const char *pg);
const char *cgen_sql_param(arena *a, ir_provider d, int n);      /* ?3 or $3 */
const char *cgen_sql_list_type(arena *a, const ir_schema *s, const cgen_field *f); /* "TEXT[]" */
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
/* Table T's name, qualified with its database schema when it has one ("sales"."Order"). */
void cgen_sqlb_table(cgen_sqlb *b, const ir_table *t);
int cgen_sqlb_param(cgen_sqlb *b); /* appends the next placeholder; returns its number */
void cgen_sqlb_key_match(cgen_sqlb *b, const cgen_model *m, const cgen_key *k);
cgen_sql cgen_sqlb_done(cgen_sqlb *b);

/* Query functions (cgen_query.c). */
void cgen_query_decls(cgen_ctx *c, strbuf *h, const cgen_model *m);
void cgen_query_defs(cgen_ctx *c, strbuf *out, const cgen_model *m);
bool cgen_query_fields(cgen_ctx *c, strbuf *out, const cgen_model *m); /* the model's static sc_field table (false: none) */
/* Whether a model reads or writes the enum of C type ENUM_C as a list (its list helpers are then generated). */
bool cgen_enum_in_list(const cgen_ctx *c, const char *enum_c);

/*
 * For the queries stage (generator/queries/qcgen.c), which generates typed
 * query functions beside the CRUD API: the per-model view of S under O's
 * prefix, a member name as the structs name fields (snake case, no
 * keyword), and a doc comment as the generated code writes one (text that
 * would end or nest the comment is broken up).
 */
void cgen_context(cgen_ctx *c, arena *a, const ir_schema *s, const cgen_options *o);
const char *cgen_member_name(arena *a, const char *name);
void cgen_doc_comment(strbuf *b, const char *doc, const char *indent);

/* Template expansion into OUT; on failure records c->err and returns -1. */
int cgen_emit(cgen_ctx *c, strbuf *out, const char *tpl, const char *const *vars);
/* The same with one model's keys: prefix, PREFIX, model (C type name), Model (schema name). */
int cgen_emit_model(cgen_ctx *c, strbuf *out, const char *tpl, const cgen_model *m);

#endif
