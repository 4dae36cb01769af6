/*
 * cgen.h - C code generation from the schema model (`schemac generate`).
 *
 * One header and one source per schema (or, for a large schema, a header
 * and a source per model besides): a struct per model, a C enum per enum, and query
 * functions per model that carry SQL text for SQLite and PostgreSQL and let
 * the connection's dialect choose; the shared work is libschemac's. The fixed parts of the
 * output come from text templates (the .tpl files of templates/, embedded into schemac at
 * build time by generator/cgen/templates.cmake; `--templates DIR` replaces them);
 * cgen_*.c fills the per-model parts. See docs/generated-api.md for the
 * shape of the generated API.
 */
#ifndef SCHEMAC_CGEN_H
#define SCHEMAC_CGEN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "model/ir.h"

/*
 * Every generated row struct ends with this member: the runtime's, pointing
 * at the allocation a row it read keeps its text and bytes in (NULL for rows
 * the program builds), so the row's clear function leaves those values alone.
 * sc_model.block_at is its offset (docs/generated-api.md, "Ownership").
 */
#define CGEN_BLOCK_MEMBER "sc__block"
#define CGEN_BLOCK_MEMBER_DECL "    void *sc__block; /* the runtime's: the block a row read keeps its text in (NULL: rows you build) */\n"

/* ---------------------------------------------------------------- templates */

typedef struct cgen_template {
    const char *name; /* file name, e.g. "header_begin.h.tpl" */
    const char *text;
} cgen_template;

typedef struct cgen_templates {
    const cgen_template *items;
    size_t count;
} cgen_templates;

/* The templates compiled into schemac (count 0 when the build embedded none). */
cgen_templates cgen_builtin_templates(void);

/*
 * Load every *.tpl file of DIR, starting from the built-in set so that a
 * folder only needs the templates it changes. Returns 0, or -1 with a
 * one-line reason in *ERR (allocated in A).
 */
int cgen_templates_load_dir(cgen_templates *out, arena *a, const char *dir, const char **err);

/* The template named NAME, or NULL. */
const char *cgen_template_find(const cgen_templates *t, const char *name);

/*
 * Expand TEXT: every {{key}} is replaced by the value of KEY in the
 * NULL-terminated key/value array VARS. Returns the text, or NULL with a
 * reason in *ERR when a key is unknown or a {{ is not closed.
 */
char *cgen_expand(arena *a, const char *text, const char *const *vars, const char **err);
/* The same appended to B (nothing appended on failure); 0 or -1. */
struct strbuf;
int cgen_expand_into(struct strbuf *b, arena *a, const char *text, const char *const *vars, const char **err);

/* ---------------------------------------------------------------- generation */

/*
 * One source for the whole schema, or one per model (plus the shared one for
 * enums), so that a build compiles a large schema in parallel. AUTO splits
 * schemas of more than CGEN_SPLIT_MODELS models.
 */
typedef enum cgen_split {
    CGEN_SPLIT_AUTO = 0,
    CGEN_SPLIT_NEVER,
    CGEN_SPLIT_ALWAYS,
} cgen_split;

enum { CGEN_SPLIT_MODELS = 50 };

typedef struct cgen_options {
    unsigned version;
    const char *prefix;       /* identifier prefix and file base name ("blog") */
    const char *schema_name;  /* shown in the generated file comment */
    cgen_templates templates; /* count 0: the built-in set */
    cgen_split split;
    bool types_only;          /* the types and their lifecycle only, no query functions (sqlc projects) */
    /*
     * NULL, or where a split model's header and source go as soon as each is
     * made (NAME as in cgen_output, TEXT of LEN bytes, valid only during the
     * call): cgen_generate then keeps neither (their cgen_file has the name
     * and a NULL text), so that the output of a large schema is never held
     * whole. Returns 0, or -1 to stop generation (cgen_generate then fails
     * with "output not written").
     */
    int (*sink)(void *sink_ctx, const char *name, const char *text, size_t len);
    void *sink_ctx;
} cgen_options;

#define CGEN_OPTIONS_VERSION 1
#define CGEN_OPTIONS_INIT {CGEN_OPTIONS_VERSION, NULL, NULL, {NULL, 0}, CGEN_SPLIT_AUTO, false, NULL, NULL}

typedef struct cgen_file {
    char *name;
    char *text;
} cgen_file;

typedef struct cgen_output {
    char *header_name; /* "blog.h" */
    char *header;
    char *source_name; /* "blog.c": everything, or (split) the enums */
    char *source;
    cgen_file *models;  /* split: one source per model, "blog_post.c"; else NULL */
    size_t nmodels;
    cgen_file *headers; /* split: one header per model, "blog_post.h", which P.h includes */
    size_t nheaders;
    const struct cgen_rename *renames; /* what cgen_renames returns, found by the same naming pass */
    size_t nrenames;
} cgen_output;

/*
 * Generate the C code of S. Returns 0 and fills OUT (allocated in A), or -1
 * with a one-line reason in *ERR: a bad prefix, a missing or broken template.
 */
int cgen_generate(cgen_output *out, arena *a, const ir_schema *s, const cgen_options *o, const char **err);

/*
 * A thing of the schema whose C name is not the one the naming rule gives,
 * because an earlier thing (in the order of docs/generated-api.md, "C
 * names") holds that name, or it is a reserved word of C or the platform.
 */
typedef struct cgen_rename {
    const char *what;   /* "model", "enum", "field", "relation field", "value", "key" (or a caller's kind) */
    const char *owner;  /* the model or enum of a field, value or key; NULL for a model or enum */
    const char *name;   /* its schema name (a key: its fields, "a, b") */
    const char *wanted; /* the C name the rule gives */
    const char *given;  /* the C name it has */
    const char *holder; /* what holds WANTED: 'model "Thing"', "a C keyword", ... */
} cgen_rename;

/*
 * The renames cgen_generate will make for S and O, in schema order, into
 * *OUT (allocated in A); returns how many, or (size_t)-1 with a reason in
 * *ERR when a name cannot be given at all (a bad prefix).
 */
size_t cgen_renames(arena *a, const ir_schema *s, const cgen_options *o, const cgen_rename **out, const char **err);

/*
 * The names of the files cgen_generate writes for S and O, header first,
 * without generating them (for build systems: `schemac generate
 * --list-outputs`). Returns 0, or -1 with a reason in *ERR (a bad prefix).
 */
int cgen_list_outputs(const char ***names, size_t *count, arena *a, const ir_schema *s, const cgen_options *o,
                      const char **err);

/*
 * Every statement the generated code of S (under PREFIX) runs, as the
 * generated source carries it: the C function that runs it and its SQL text
 * per dialect (`schemac explain` plans them). Read back from cgen_generate's
 * output, so it is the SQL of the code, not a second builder of it. Returns
 * how many (in *OUT, allocated in A), or 0 with a reason in *ERR.
 */
typedef struct cgen_statement {
    const char *function; /* "blog_post_find_by_slug" */
    const char *sqlite;   /* ?N placeholders */
    const char *pg;       /* $N placeholders */
} cgen_statement;

size_t cgen_statements(arena *a, const ir_schema *s, const char *prefix, cgen_statement **out, const char **err);

/* True when NAME can be a generated-code prefix (a C identifier, not starting with "sc_"). */
bool cgen_prefix_valid(const char *name);

#endif
