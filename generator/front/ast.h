/*
 * ast.h - the syntax tree of a schema, as written.
 *
 * The tree is deliberately generic: attributes are a name plus arguments,
 * and argument values are expressions (string, number, identifier path,
 * call, array, object). The grammar therefore never has to change when an
 * attribute is added; sema decides what each attribute means. Every node
 * carries a span. All nodes live in the parse arena.
 *
 * Lists are singly linked (first/last/count) so the grammar can append in
 * O(1); members keep source order, which fmt relies on.
 *
 * Section "sema annotations" at the end of some nodes is filled by sema
 * (sema.h); the parser leaves it zeroed.
 */
#ifndef SCHEMAC_AST_H
#define SCHEMAC_AST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/scalar.h"
#include "base/source.h"

typedef struct ast_expr ast_expr;
typedef struct ast_arg ast_arg;
typedef struct ast_attr ast_attr;
typedef struct ast_member ast_member;
typedef struct ast_block ast_block;
typedef struct ast_comment ast_comment;
typedef struct ast_names ast_names; /* name lookup tables, built by ast_index() */

/* ---------------------------------------------------------------- expressions */

typedef enum ast_expr_kind {
    AST_EXPR_STRING, /* "text": value holds the unescaped bytes, raw the source text with quotes */
    AST_EXPR_NUMBER, /* 42, -1, 3.14: value holds the literal text */
    AST_EXPR_IDENT,  /* Cascade, true, db.VarChar: value holds the (dotted) path */
    AST_EXPR_CALL,   /* now(), env("X"), title(sort: Desc): value holds the callee path */
    AST_EXPR_ARRAY,  /* [a, b]: items */
    AST_EXPR_OBJECT, /* { key: value }: args, every one named */
} ast_expr_kind;

typedef struct ast_arg_list {
    ast_arg *first;
    ast_arg *last;
    size_t count;
} ast_arg_list;

typedef struct ast_expr_list {
    ast_expr *first;
    ast_expr *last;
    size_t count;
} ast_expr_list;

struct ast_expr {
    ast_expr *next; /* sibling in an ast_expr_list */
    ast_expr_kind kind;
    sc_span span;
    const char *value;  /* see ast_expr_kind */
    size_t value_len;   /* bytes in value (no NUL inside: \u0000 is refused) */
    const char *raw;    /* exact source text of a string literal, quotes included (fmt keeps it) */
    ast_arg_list args;  /* CALL arguments, OBJECT entries */
    ast_expr_list items; /* ARRAY elements */
};

/* An argument: positional (name == NULL) or named (`fields: [a]`). */
struct ast_arg {
    ast_arg *next;
    const char *name;
    sc_span name_span;
    ast_expr *value;
    sc_span span; /* name (if any) through value */
};

/* ---------------------------------------------------------------- attributes */

struct ast_attr {
    ast_attr *next;
    bool block;          /* @@name rather than @name */
    const char *name;    /* without @ or @@: "id", "db.VarChar", "relation" */
    sc_span name_span;   /* the name, @ signs included */
    bool has_parens;     /* written with an argument list, even an empty one */
    ast_arg_list args;
    sc_span span;        /* @ through the closing parenthesis */
};

typedef struct ast_attr_list {
    ast_attr *first;
    ast_attr *last;
    size_t count;
} ast_attr_list;

/* ---------------------------------------------------------------- members */

typedef enum ast_member_kind {
    AST_MEMBER_FIELD,      /* model/view/type field: name Type? @attr */
    AST_MEMBER_ENUM_VALUE, /* enum value: NAME @map("x") */
    AST_MEMBER_PROPERTY,   /* datasource/generator: key = value */
    AST_MEMBER_BLOCK_ATTR, /* @@attr(...) inside any block */
} ast_member_kind;

typedef enum ast_type_mod {
    AST_TYPE_REQUIRED,
    AST_TYPE_OPTIONAL, /* Type? */
    AST_TYPE_LIST,     /* Type[] */
    AST_TYPE_OPTIONAL_LIST, /* Type[]? : parsed so sema can report it */
} ast_type_mod;


typedef enum ast_field_type_kind {
    AST_FIELDTYPE_UNRESOLVED = 0,
    AST_FIELDTYPE_SCALAR,
    AST_FIELDTYPE_ENUM,
    AST_FIELDTYPE_MODEL,     /* relation field */
    AST_FIELDTYPE_COMPOSITE, /* `type` block (MongoDB only): reported unsupported */
} ast_field_type_kind;

typedef struct sema_relation sema_relation; /* defined in sema.h */

struct ast_member {
    ast_member *next;
    ast_member_kind kind;
    sc_span span;      /* the whole member, attributes included */
    const char *doc;   /* `///` lines directly above, joined by '\n' without the slashes; NULL if none */
    const char *name;  /* field / enum value / property key; NULL for BLOCK_ATTR */
    sc_span name_span;

    /* FIELD */
    const char *type_name;      /* "String", "User", "Unsupported" */
    sc_span type_span;          /* the type name through its modifiers */
    ast_type_mod type_mod;
    const char *unsupported;    /* the string of Unsupported("..."), else NULL */

    /* FIELD, ENUM_VALUE: attributes after the name/type */
    ast_attr_list attrs;

    /* PROPERTY */
    ast_expr *value;

    /* BLOCK_ATTR */
    ast_attr *attr;

    /* ---- sema annotations (FIELD) ---- */
    ast_field_type_kind type_kind;
    sc_scalar scalar;           /* for SCALAR fields */
    ast_block *type_block;      /* the enum or model this field's type names */
    sema_relation *relation;    /* for MODEL fields: the resolved relation */
    ast_block *owner;           /* the block this member belongs to */
};

typedef struct ast_member_list {
    ast_member *first;
    ast_member *last;
    size_t count;
} ast_member_list;

/* ---------------------------------------------------------------- blocks */

typedef enum ast_block_kind {
    AST_BLOCK_DATASOURCE,
    AST_BLOCK_GENERATOR,
    AST_BLOCK_MODEL,
    AST_BLOCK_VIEW,
    AST_BLOCK_ENUM,
    AST_BLOCK_TYPE, /* composite type: MongoDB only */
} ast_block_kind;

struct ast_block {
    ast_block *next;
    ast_block_kind kind;
    sc_span span;         /* keyword through closing brace */
    sc_span keyword_span;
    const char *name;
    sc_span name_span;
    const char *doc;      /* `///` lines above the block */
    ast_member_list members;
    uint32_t file;        /* index of the file that holds it */
    ast_names *names;     /* its members by name (ast_index), or NULL */

    /* ---- sema annotations ---- */
    void *sema;           /* sema-private data (model info), see sema.h */
};

typedef struct ast_block_list {
    ast_block *first;
    ast_block *last;
    size_t count;
} ast_block_list;

/* A comment as written. Doc comments are also attached to the next node's doc. */
struct ast_comment {
    ast_comment *next;
    sc_span span;      /* from the slashes to the end of the comment */
    const char *text;  /* exact source text */
    bool doc;          /* starts with exactly "///" */
    bool block;        /* a slash-star comment */
};

typedef struct ast_comment_list {
    ast_comment *first;
    ast_comment *last;
    size_t count;
} ast_comment_list;

/* The whole schema: every block of every file, in file then source order. */
typedef struct ast_schema {
    ast_block_list blocks;
    ast_comment_list *comments; /* one list per file, indexed like sc_sources.files */
    size_t nfiles;
    ast_names *names;           /* the blocks by name (ast_index), or NULL */
    /* ---- sema annotations ---- */
    void *sema;                 /* sema's schema-wide facts (sema_schema), with or without a
                                   datasource; see sema.h */
} ast_schema;

/* ---------------------------------------------------------------- helpers */

/* The attribute named NAME ("id", "relation"; block attributes with block=true), or NULL. */
ast_attr *ast_find_attr(const ast_attr_list *attrs, const char *name, bool block);
/* The argument named NAME, or the positional argument at POS if no named one (POS < 0: none). */
ast_arg *ast_find_arg(const ast_arg_list *args, const char *name, int pos);
/*
 * Build the name tables that make the lookups below constant time (the
 * parser calls it once the tree is complete). Without them every lookup is a
 * walk over the blocks or members, which made checks over large schemas
 * quadratic. The tables are not updated: the tree must not gain blocks or
 * members afterwards (nothing after the parser adds any).
 */
void ast_index(ast_schema *s, arena *a);
/* The first block named NAME of a kind in MASK (bit 1 << kind), or NULL. */
ast_block *ast_find_block(const ast_schema *s, const char *name, unsigned kind_mask);
/* The first member named NAME in B, or NULL. */
ast_member *ast_find_member(const ast_block *b, const char *name);
/* The first member of kind KIND named NAME in B, or NULL. */
ast_member *ast_find_member_kind(const ast_block *b, const char *name, ast_member_kind kind);

const char *ast_block_kind_name(ast_block_kind k); /* "model", "enum", ... */

/* Debug/test dump of the tree as an S-expression-like text, stable for golden tests. */
char *ast_dump(arena *a, const ast_schema *s);

#endif
