/*
 * ast.c - lookups over the syntax tree, scalar names, and ast_dump().
 *
 * ast_dump() prints the tree as indented S-expressions without positions,
 * so two schemas that differ only in layout dump the same; the fmt
 * round-trip test and the parser tests compare dumps.
 */
#include "front/ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"

#define AST_NBLOCK_KINDS (AST_BLOCK_TYPE + 1)
#define AST_NMEMBER_KINDS (AST_MEMBER_BLOCK_ATTR + 1)

/* First block of each kind by name (schema), or first member by name and by kind (block). */
struct ast_names {
    strmap any;
    strmap kind[AST_NBLOCK_KINDS > AST_NMEMBER_KINDS ? AST_NBLOCK_KINDS : AST_NMEMBER_KINDS];
};

static ast_names *ast__names_new(arena *a)
{
    ast_names *n = ARENA_NEW(a, ast_names);
    strmap_init(&n->any, a);
    for (size_t i = 0; i < sizeof n->kind / sizeof n->kind[0]; i++)
        strmap_init(&n->kind[i], a);
    return n;
}

void ast_index(ast_schema *s, arena *a)
{
    s->names = ast__names_new(a);
    for (ast_block *b = s->blocks.first; b; b = b->next) {
        if (b->name) {
            strmap_adds(&s->names->any, b->name, b);
            strmap_adds(&s->names->kind[b->kind], b->name, b);
        }
        b->names = ast__names_new(a);
        for (ast_member *m = b->members.first; m; m = m->next) {
            if (!m->name)
                continue;
            strmap_adds(&b->names->any, m->name, m);
            strmap_adds(&b->names->kind[m->kind], m->name, m);
        }
    }
}

ast_attr *ast_find_attr(const ast_attr_list *attrs, const char *name, bool block)
{
    for (ast_attr *a = attrs->first; a; a = a->next) {
        if (a->block == block && a->name[0] == name[0] && strcmp(a->name, name) == 0)
            return a;
    }
    return NULL;
}

ast_arg *ast_find_arg(const ast_arg_list *args, const char *name, int pos)
{
    if (name) {
        for (ast_arg *g = args->first; g; g = g->next) {
            if (g->name && g->name[0] == name[0] && strcmp(g->name, name) == 0)
                return g;
        }
    }
    if (pos < 0)
        return NULL;
    int i = 0;
    for (ast_arg *g = args->first; g; g = g->next) {
        if (g->name)
            continue;
        if (i == pos)
            return g;
        i++;
    }
    return NULL;
}

/* Does block A come before block B in the schema (files in order, then source order)? */
static bool ast__block_before(const ast_block *a, const ast_block *b)
{
    if (a->file != b->file)
        return a->file < b->file;
    return a->span.start < b->span.start;
}

ast_block *ast_find_block(const ast_schema *s, const char *name, unsigned kind_mask)
{
    if (s->names) {
        ast_block *first = NULL;
        for (unsigned k = 0; k < AST_NBLOCK_KINDS; k++) {
            ast_block *b = (kind_mask & (1u << k)) ? strmap_gets(&s->names->kind[k], name) : NULL;
            if (b && (!first || ast__block_before(b, first)))
                first = b;
        }
        return first;
    }
    for (ast_block *b = s->blocks.first; b; b = b->next) {
        if ((kind_mask & (1u << b->kind)) && b->name && strcmp(b->name, name) == 0)
            return b;
    }
    return NULL;
}

ast_member *ast_find_member(const ast_block *b, const char *name)
{
    if (b->names)
        return strmap_gets(&b->names->any, name);
    for (ast_member *m = b->members.first; m; m = m->next) {
        if (m->name && strcmp(m->name, name) == 0)
            return m;
    }
    return NULL;
}

ast_member *ast_find_member_kind(const ast_block *b, const char *name, ast_member_kind kind)
{
    if (b->names)
        return strmap_gets(&b->names->kind[kind], name);
    for (ast_member *m = b->members.first; m; m = m->next) {
        if (m->kind == kind && m->name && strcmp(m->name, name) == 0)
            return m;
    }
    return NULL;
}

const char *ast_block_kind_name(ast_block_kind k)
{
    switch (k) {
    case AST_BLOCK_DATASOURCE: return "datasource";
    case AST_BLOCK_GENERATOR: return "generator";
    case AST_BLOCK_MODEL: return "model";
    case AST_BLOCK_VIEW: return "view";
    case AST_BLOCK_ENUM: return "enum";
    case AST_BLOCK_TYPE: return "type";
    }
    return "block";
}

/* ---------------------------------------------------------------- dump */

/* A growable text buffer on the heap; the result is copied into the arena. */
typedef struct ast__buf {
    char *p;
    size_t len, cap;
} ast__buf;

static void ast__put(ast__buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np)
            abort(); /* same policy as the arena: out of memory ends the compiler */
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void ast__puts(ast__buf *b, const char *s)
{
    ast__put(b, s, strlen(s));
}

static void ast__indent(ast__buf *b, int n)
{
    for (int i = 0; i < n; i++)
        ast__put(b, "  ", 2);
}

/* A quoted, escaped string: stable and printable whatever the bytes are. */
static void ast__quote(ast__buf *b, const char *s, size_t n)
{
    ast__put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char tmp[8];
        switch (c) {
        case '"': ast__put(b, "\\\"", 2); break;
        case '\\': ast__put(b, "\\\\", 2); break;
        case '\n': ast__put(b, "\\n", 2); break;
        case '\r': ast__put(b, "\\r", 2); break;
        case '\t': ast__put(b, "\\t", 2); break;
        default:
            if (c < 0x20 || c == 0x7F) {
                snprintf(tmp, sizeof(tmp), "\\x%02x", c);
                ast__puts(b, tmp);
            } else {
                ast__put(b, (const char *)&s[i], 1);
            }
        }
    }
    ast__put(b, "\"", 1);
}

static void ast__dump_expr(ast__buf *b, const ast_expr *e);

static void ast__dump_args(ast__buf *b, const ast_arg_list *args)
{
    for (const ast_arg *g = args->first; g; g = g->next) {
        ast__put(b, " ", 1);
        if (g->name) {
            ast__puts(b, g->name);
            ast__put(b, ": ", 2);
        }
        ast__dump_expr(b, g->value);
    }
}

static void ast__dump_expr(ast__buf *b, const ast_expr *e)
{
    if (!e) {
        ast__puts(b, "(none)");
        return;
    }
    switch (e->kind) {
    case AST_EXPR_STRING:
        ast__puts(b, "(string ");
        ast__quote(b, e->value, e->value_len);
        ast__puts(b, ")");
        break;
    case AST_EXPR_NUMBER:
        ast__puts(b, "(number ");
        ast__puts(b, e->value);
        ast__puts(b, ")");
        break;
    case AST_EXPR_IDENT:
        ast__puts(b, "(ident ");
        ast__puts(b, e->value);
        ast__puts(b, ")");
        break;
    case AST_EXPR_CALL:
        ast__puts(b, "(call ");
        ast__puts(b, e->value);
        ast__dump_args(b, &e->args);
        ast__puts(b, ")");
        break;
    case AST_EXPR_ARRAY:
        ast__puts(b, "(array");
        for (const ast_expr *x = e->items.first; x; x = x->next) {
            ast__put(b, " ", 1);
            ast__dump_expr(b, x);
        }
        ast__puts(b, ")");
        break;
    case AST_EXPR_OBJECT:
        ast__puts(b, "(object");
        ast__dump_args(b, &e->args);
        ast__puts(b, ")");
        break;
    }
}

static void ast__dump_attr(ast__buf *b, const ast_attr *a)
{
    ast__puts(b, a->block ? "(@@" : "(@");
    ast__puts(b, a->name);
    if (a->has_parens) {
        ast__puts(b, " (args");
        ast__dump_args(b, &a->args);
        ast__puts(b, ")");
    }
    ast__puts(b, ")");
}

static void ast__dump_doc(ast__buf *b, const char *doc, int indent)
{
    if (!doc)
        return;
    ast__indent(b, indent);
    ast__puts(b, "(doc ");
    ast__quote(b, doc, strlen(doc));
    ast__puts(b, ")\n");
}

static const char *const ast__mod_suffix[] = {
    [AST_TYPE_REQUIRED] = "",
    [AST_TYPE_OPTIONAL] = "?",
    [AST_TYPE_LIST] = "[]",
    [AST_TYPE_OPTIONAL_LIST] = "[]?",
};

static void ast__dump_member(ast__buf *b, const ast_member *m)
{
    ast__dump_doc(b, m->doc, 1);
    ast__indent(b, 1);
    switch (m->kind) {
    case AST_MEMBER_FIELD:
        ast__puts(b, "(field ");
        ast__puts(b, m->name);
        ast__put(b, " ", 1);
        ast__puts(b, m->type_name ? m->type_name : "?");
        if (m->unsupported) {
            ast__put(b, "(", 1);
            ast__quote(b, m->unsupported, strlen(m->unsupported));
            ast__put(b, ")", 1);
        }
        if ((size_t)m->type_mod < sizeof(ast__mod_suffix) / sizeof(ast__mod_suffix[0]))
            ast__puts(b, ast__mod_suffix[m->type_mod]);
        break;
    case AST_MEMBER_ENUM_VALUE:
        ast__puts(b, "(value ");
        ast__puts(b, m->name);
        break;
    case AST_MEMBER_PROPERTY:
        ast__puts(b, "(property ");
        ast__puts(b, m->name);
        ast__put(b, " ", 1);
        ast__dump_expr(b, m->value);
        break;
    case AST_MEMBER_BLOCK_ATTR:
        ast__puts(b, "(block-attr ");
        if (m->attr)
            ast__dump_attr(b, m->attr);
        break;
    }
    for (const ast_attr *a = m->attrs.first; a; a = a->next) {
        ast__put(b, " ", 1);
        ast__dump_attr(b, a);
    }
    ast__puts(b, ")\n");
}

char *ast_dump(arena *a, const ast_schema *s)
{
    ast__buf b = {0};
    ast__puts(&b, "");
    for (const ast_block *blk = s->blocks.first; blk; blk = blk->next) {
        ast__dump_doc(&b, blk->doc, 0);
        ast__put(&b, "(", 1);
        ast__puts(&b, ast_block_kind_name(blk->kind));
        ast__put(&b, " ", 1);
        ast__puts(&b, blk->name ? blk->name : "?");
        ast__put(&b, "\n", 1);
        for (const ast_member *m = blk->members.first; m; m = m->next)
            ast__dump_member(&b, m);
        ast__puts(&b, ")\n");
    }
    for (size_t f = 0; s->comments && f < s->nfiles; f++) {
        for (const ast_comment *c = s->comments[f].first; c; c = c->next) {
            ast__puts(&b, c->doc ? "(doc-comment " : c->block ? "(block-comment " : "(comment ");
            /* Trailing blanks carry no meaning (fmt drops them), so the dump leaves them out. */
            size_t n = strlen(c->text);
            while (n > 0 && (c->text[n - 1] == ' ' || c->text[n - 1] == '\t' || c->text[n - 1] == '\r'))
                n--;
            ast__quote(&b, c->text, n);
            ast__puts(&b, ")\n");
        }
    }
    char *out = arena_strndup(a, b.p, b.len);
    free(b.p);
    return out;
}
