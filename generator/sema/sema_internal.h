/*
 * sema_internal.h - shared state and helpers of the sema_*.c files.
 *
 * sema is split by concern: sema.c (datasource, names, types, driver),
 * sema_attrs.c (field and block attributes, defaults, native types,
 * indexes, our extensions) and sema_relations.c (relations). They share the
 * context below; nothing here is part of the stage's public interface.
 */
#ifndef SCHEMAC_SEMA_INTERNAL_H
#define SCHEMAC_SEMA_INTERNAL_H

#include "sema/sema.h"
#include "base/strmap.h"

#include <string.h>

/* Whether A and B are the same string: the first bytes first, as most names checked against a
   list of attribute or argument names differ there (sema's dispatch chains call this a lot). */
static inline bool sema_streq(const char *a, const char *b)
{
    return a[0] == b[0] && strcmp(a, b) == 0;
}

typedef struct sema_ctx {
    ast_schema *schema;
    arena *arena;
    const sc_sources *src;
    sc_diags *diags;
    /*
     * Findings Prisma makes only on a schema free of other errors (its
     * validation pass runs after names, types and attributes are sound): the
     * views preview feature, a relation field without an opposite, a native
     * type prefix that names no datasource. Recorded here, and moved into
     * DIAGS at the end of the run only when nothing else failed, so the first
     * error reported is on the line Prisma reports first.
     */
    sc_diags late;
    sema_schema *info;     /* always allocated, hung on the datasource when there is one */
    sc_provider provider;  /* NONE when unknown: provider-specific checks are skipped */
    sc_provider declared;  /* the datasource's own provider; differs from PROVIDER only
                              under sema_check_dialect */
    sc_provider target;    /* sema_check_dialect's target, else NONE */
    const char *ds_name;   /* datasource name: the prefix of native type attributes */
    const ast_member *extensions; /* the datasource's `extensions` property, checked once the
                                     generators' preview features are known */
    strmap preview;        /* the preview features of every generator */
    size_t npreview_cap;
    const char **type_names; /* "did you mean" candidates for unknown types, made on first use */
    size_t ntype_names;
} sema_ctx;

/* One argument an attribute accepts. NAME is the named form; POSITIONAL says
   whether it may also be given as the first positional argument. */
typedef struct sema_argspec {
    const char *name;
    bool positional;
    bool required;
} sema_argspec;

/* Check the argument list of ATTR against SPEC: unknown names, duplicates, extra
   positional arguments and missing required ones. OUT[i] receives the value given
   for SPEC[i] (or NULL). Returns false when something was reported. */
bool sema_check_args(sema_ctx *c, const ast_attr *attr, const sema_argspec *spec, size_t n,
                     ast_expr **out);

/* A key for (database schema, name) in a strmap: SCHEMA may be NULL. */
const char *sema_db_key(sema_ctx *c, const char *schema, const char *name, size_t *len);

/* Refuse a database or client name (string literal E) holding a control character
   (U+0000-U+001F, U+007F), pointing at it; WHAT says whose name it is ("the name in
   @map"). Returns false after reporting. */
bool sema_check_name_string(sema_ctx *c, const ast_expr *e, const char *what);
/* Whether sema_check_name_string has nothing to say about E (so WHAT need not be written). */
bool sema_name_string_clean(const ast_expr *e);
/* A where: condition's string value: no control characters but tab and line ends, as in SQL text. */
bool sema_check_where_string(sema_ctx *c, const ast_expr *e);

/* "@name" or "@@name" as written, for messages. */
const char *sema_attr_display(sema_ctx *c, const ast_attr *attr);
/* The span that best shows an expression or, failing that, the attribute. */
bool sema_is_ident(const ast_expr *e, const char *name);
bool sema_is_call(const ast_expr *e, const char *name);
/* The field of a model by name (FIELD members only). */
ast_member *sema_find_field(const ast_block *b, const char *name);
/* True when the field is optional (Type?). */
bool sema_field_optional(const ast_member *f);
bool sema_field_list(const ast_member *f);
/* A "did you mean" note for NAME over CANDIDATES. */
void sema_suggest(sema_ctx *c, sc_diag *d, const char *name, const char *const *cands, size_t n);
/* The model's sema_model (allocated on first use). */
sema_model *sema_model_of(sema_ctx *c, ast_block *b);
bool sema_has_preview(const sema_ctx *c, const char *feature);
/* The schema has no datasource block (and no --dialect target): Prisma's rules for a
   schema without a provider apply, which every database can build (no scalar lists,
   Decimal, native types, index types, operator classes, named keys, @@schema, ...). */
bool sema_no_datasource(const sema_ctx *c);
/* The rules in force lack what only PostgreSQL has: SQLite, or no datasource. */
bool sema_no_pg(const sema_ctx *c);
/* "with SQLite" or "in a schema without a datasource", for sema_no_pg messages. */
const char *sema_no_pg_where(const sema_ctx *c);

/* Resolve the names of a field list argument ([a, b(sort: Desc)]) against MODEL;
   unknown names and relation fields are reported. Returns false on error. The
   resolved members go to *OUT (arena array) and their count to *N. */
bool sema_resolve_field_refs(sema_ctx *c, ast_block *model, const ast_attr *attr,
                             const ast_expr *list, bool allow_args, ast_member ***out, size_t *n);

/* sema_attrs.c */
void sema_attrs_field(sema_ctx *c, ast_block *model, ast_member *f);
void sema_attrs_block(sema_ctx *c, ast_block *model);
void sema_attrs_enum(sema_ctx *c, ast_block *en);
/* Explicit map: names of keys and indexes are unique per PostgreSQL schema (one namespace). */
void sema_check_index_names(sema_ctx *c);
/* Record MODEL's unique criteria and indexes for the three questions below (once its
   attributes are checked). */
void sema_index_criteria(sema_ctx *c, ast_block *model);
/* Does MODEL have a unique criterion made of exactly the fields FIELDS (any order)? */
bool sema_is_unique_criterion(const ast_block *model, ast_member *const *fields, size_t n);
/* Does MODEL have any unique criterion whose fields are all required? */
bool sema_has_required_unique(const ast_block *model);
/* Is FIELDS the leading part of some index, key or unique constraint of MODEL? */
bool sema_has_leading_index(const ast_block *model, ast_member *const *fields, size_t n);

/* sema_sqltext.c: SQL TEXT from the schema must be one expression (or type); WHAT names it. */
bool sema_check_sql_text(sema_ctx *c, const char *text, sc_span span, const char *what);
/* Prisma's refusal of Unsupported("T") where T reads as a native type of the provider. */
void sema_check_unsupported_native(sema_ctx *c, const ast_member *f);

/* sema_relations.c */
void sema_relations(sema_ctx *c);

/* sema_names.c: the database names of a schema without other errors, against the rules
   of c->provider (cut to 63 bytes, case folding, shared namespaces, reserved names). */
void sema_names(sema_ctx *c);

#endif
