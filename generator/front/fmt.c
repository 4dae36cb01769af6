/*
 * fmt.c - the canonical layout of a schema; see fmt.h.
 *
 * The tree has no comments and no blank lines, so fmt merges three sources
 * by byte offset: the blocks and members of the tree, the comments the lexer
 * kept (ast_schema.comments), and the gaps of source text between them
 * (which tell where a blank line was and whether a comment shares a line
 * with what precedes it).
 *
 * Each block becomes a list of entries (member or comment line, with the
 * comments that trail it on its line and whether a blank line preceded it),
 * then a table of rows whose cells are aligned per run of rows without a
 * blank line, the way Prisma's TableFormat does it.
 */
#include "front/fmt.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "front/parser.h"

/* ---------------------------------------------------------------- text buffer */

typedef struct fmt_buf {
    arena *a;
    char *data;
    size_t len;
    size_t cap;
} fmt_buf;

static void fmt_buf_init(fmt_buf *b, arena *a)
{
    b->a = a;
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

static void fmt_put(fmt_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 128;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = arena_grow(b->a, b->data, b->cap, cap);
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void fmt_puts(fmt_buf *b, const char *s)
{
    fmt_put(b, s, strlen(s));
}

static void fmt_spaces(fmt_buf *b, size_t n)
{
    static const char sp[] = "                                ";
    while (n > 0) {
        size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
        fmt_put(b, sp, k);
        n -= k;
    }
}

/* The buffer's text as an arena string ("" when nothing was written). */
static const char *fmt_buf_str(fmt_buf *b)
{
    return b->data ? b->data : "";
}

/* Display width: UTF-8 characters, so non-ASCII names still line up. */
static size_t fmt_width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/* ---------------------------------------------------------------- expressions */

static void fmt_expr(fmt_buf *b, const ast_expr *e);

static void fmt_args(fmt_buf *b, const ast_arg_list *args)
{
    for (const ast_arg *g = args->first; g; g = g->next) {
        if (g != args->first)
            fmt_puts(b, ", ");
        if (g->name) {
            fmt_puts(b, g->name);
            fmt_puts(b, ": ");
        }
        if (g->value)
            fmt_expr(b, g->value);
    }
}

/* A string literal as written; the unescaped value re-quoted only if the raw text is missing. */
static void fmt_string(fmt_buf *b, const ast_expr *e)
{
    if (e->raw) {
        fmt_puts(b, e->raw);
        return;
    }
    fmt_put(b, "\"", 1);
    for (size_t i = 0; i < e->value_len; i++) {
        char ch = e->value[i];
        if (ch == '"' || ch == '\\')
            fmt_put(b, "\\", 1);
        if (ch == '\n')
            fmt_put(b, "\\n", 2);
        else
            fmt_put(b, &ch, 1);
    }
    fmt_put(b, "\"", 1);
}

static void fmt_expr(fmt_buf *b, const ast_expr *e)
{
    switch (e->kind) {
    case AST_EXPR_STRING:
        fmt_string(b, e);
        break;
    case AST_EXPR_NUMBER:
    case AST_EXPR_IDENT:
        fmt_puts(b, e->value ? e->value : "");
        break;
    case AST_EXPR_CALL:
        fmt_puts(b, e->value ? e->value : "");
        fmt_put(b, "(", 1);
        fmt_args(b, &e->args);
        fmt_put(b, ")", 1);
        break;
    case AST_EXPR_ARRAY:
        fmt_put(b, "[", 1);
        for (const ast_expr *it = e->items.first; it; it = it->next) {
            if (it != e->items.first)
                fmt_puts(b, ", ");
            fmt_expr(b, it);
        }
        fmt_put(b, "]", 1);
        break;
    case AST_EXPR_OBJECT:
        if (!e->args.first) {
            fmt_puts(b, "{}");
            break;
        }
        fmt_puts(b, "{ ");
        fmt_args(b, &e->args);
        fmt_puts(b, " }");
        break;
    }
}

static void fmt_attr(fmt_buf *b, const ast_attr *at)
{
    fmt_puts(b, at->block ? "@@" : "@");
    fmt_puts(b, at->name);
    if (at->has_parens) {
        fmt_put(b, "(", 1);
        fmt_args(b, &at->args);
        fmt_put(b, ")", 1);
    }
}

/* ---------------------------------------------------------------- rows and tables */

typedef enum fmt_row_kind {
    FMT_ROW_CELLS, /* aligned cells: field, enum value, property */
    FMT_ROW_TEXT,  /* one unaligned line: comment, block attribute */
    FMT_ROW_BLANK, /* an empty line; ends an alignment group */
} fmt_row_kind;

enum { FMT_MAX_CELLS = 3 };

typedef struct fmt_row {
    fmt_row_kind kind;
    const char *cells[FMT_MAX_CELLS];
    int ncells;
    const char *text;
    const char *suffix; /* trailing comments, never aligned */
} fmt_row;

typedef struct fmt_table {
    arena *a;
    fmt_row *rows;
    size_t n;
    size_t cap;
} fmt_table;

static fmt_row *fmt_table_add(fmt_table *t, fmt_row_kind kind)
{
    t->rows = arena_reserve(t->a, t->rows, t->n, &t->cap, sizeof(fmt_row), 16);
    fmt_row *r = &t->rows[t->n++];
    memset(r, 0, sizeof(*r));
    r->kind = kind;
    return r;
}

/* Render rows [from, to): one alignment group, no blank rows inside. */
static void fmt_render_group(fmt_buf *out, const fmt_row *rows, size_t from, size_t to, const char *indent)
{
    size_t width[FMT_MAX_CELLS] = {0};
    for (size_t i = from; i < to; i++) {
        if (rows[i].kind != FMT_ROW_CELLS)
            continue;
        for (int c = 0; c < rows[i].ncells; c++) {
            size_t w = fmt_width(rows[i].cells[c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    for (size_t i = from; i < to; i++) {
        const fmt_row *r = &rows[i];
        fmt_puts(out, indent);
        bool any = false;
        if (r->kind == FMT_ROW_CELLS) {
            for (int c = 0; c < r->ncells; c++) {
                fmt_puts(out, r->cells[c]);
                /* The last cell is never padded: no trailing blanks. */
                if (c + 1 < r->ncells)
                    fmt_spaces(out, width[c] - fmt_width(r->cells[c]) + 1);
            }
            any = r->ncells > 0;
        } else if (r->text) {
            fmt_puts(out, r->text);
            any = r->text[0] != '\0';
        }
        if (r->suffix) {
            if (any)
                fmt_put(out, " ", 1);
            fmt_puts(out, r->suffix);
        }
        fmt_put(out, "\n", 1);
    }
}

static void fmt_table_render(fmt_buf *out, const fmt_table *t, const char *indent)
{
    size_t start = 0;
    for (size_t i = 0; i <= t->n; i++) {
        if (i < t->n && t->rows[i].kind != FMT_ROW_BLANK)
            continue;
        fmt_render_group(out, t->rows, start, i, indent);
        if (i < t->n)
            fmt_put(out, "\n", 1);
        start = i + 1;
    }
}

/* ---------------------------------------------------------------- entries */

typedef struct fmt_ctx {
    arena *a;
    const sc_file *file;
    const ast_comment **comments; /* this file's comments by start offset */
    size_t ncomments;
} fmt_ctx;

typedef enum fmt_entry_kind {
    FMT_ENTRY_MEMBER,
    FMT_ENTRY_BLOCK,
    FMT_ENTRY_COMMENT,
} fmt_entry_kind;

typedef struct fmt_entry {
    fmt_entry_kind kind;
    const ast_member *member;
    const ast_block *block;
    const ast_comment *comment;
    const char *suffix; /* comments that follow on the same line */
    bool blank_before;
    size_t cm_lo, cm_hi; /* BLOCK: its comments, indexes into fmt_ctx.comments */
} fmt_entry;

typedef struct fmt_entries {
    arena *a;
    fmt_entry *v;
    size_t n;
    size_t cap;
} fmt_entries;

static fmt_entry *fmt_entries_add(fmt_entries *es, fmt_entry_kind kind, bool blank_before)
{
    es->v = arena_reserve(es->a, es->v, es->n, &es->cap, sizeof(fmt_entry), 16);
    fmt_entry *e = &es->v[es->n++];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->blank_before = blank_before;
    return e;
}

/* Newlines in the source between byte offsets FROM and TO. */
static size_t fmt_newlines(const fmt_ctx *c, uint32_t from, uint32_t to)
{
    size_t n = 0;
    if (to > c->file->len)
        to = (uint32_t)c->file->len;
    for (uint32_t i = from; i < to; i++)
        if (c->file->text[i] == '\n')
            n++;
    return n;
}

/* A comment's text without trailing blanks (a line comment's span may hold a '\r'). */
static const char *fmt_comment_text(const fmt_ctx *c, const ast_comment *cm)
{
    const char *t = cm->text;
    size_t n;
    if (t) {
        n = strlen(t);
    } else {
        t = c->file->text + cm->span.start;
        n = cm->span.end - cm->span.start;
    }
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r' || t[n - 1] == '\n'))
        n--;
    return arena_strndup(c->a, t, n);
}

static void fmt_append_suffix(const fmt_ctx *c, const char **suffix, const ast_comment *cm)
{
    const char *text = fmt_comment_text(c, cm);
    *suffix = *suffix ? arena_printf(c->a, "%s %s", *suffix, text) : text;
}

/*
 * The walk shared by the top level and block bodies: ITEMS (blocks or
 * members) interleaved with the comments in [*ci, cm_end). A comment on the
 * line of what precedes it trails that (before any entry: the line that
 * opened the walk, e.g. `model A {`); a comment inside an item's
 * HOIST region (a member, a block header) cannot stay there and goes on its
 * own line above the item; any other comment gets its own line.
 */
typedef struct fmt_walk {
    fmt_ctx *c;
    fmt_entries *out;
    size_t ci, cm_end;
    uint32_t prev_end;
    const char **opening_suffix; /* the opening line's trailing comments, NULL if none */
    size_t prev;                 /* 1 + index of the previous entry; 0: none yet */
} fmt_walk;

/* Where a comment on the line of what precedes it goes, or NULL. */
static const char **fmt_walk_prev_suffix(fmt_walk *w)
{
    /* An index, not a pointer: the entry array moves when it grows. */
    return w->prev ? &w->out->v[w->prev - 1].suffix : w->opening_suffix;
}

static void fmt_walk_comment(fmt_walk *w, const ast_comment *cm)
{
    const char **suffix = fmt_walk_prev_suffix(w);
    if (suffix && fmt_newlines(w->c, w->prev_end, cm->span.start) == 0) {
        fmt_append_suffix(w->c, suffix, cm);
    } else {
        bool blank = fmt_newlines(w->c, w->prev_end, cm->span.start) >= 2;
        fmt_entry *e = fmt_entries_add(w->out, FMT_ENTRY_COMMENT, blank);
        e->comment = cm;
        w->prev = w->out->n;
    }
    w->prev_end = cm->span.end;
}

/* Comments that start before offset LIMIT. */
static void fmt_walk_comments_before(fmt_walk *w, uint32_t limit)
{
    while (w->ci < w->cm_end && w->c->comments[w->ci]->span.start < limit)
        fmt_walk_comment(w, w->c->comments[w->ci++]);
}

/* Add an item spanning [start, end) whose comments before HOIST_END move above it. */
static fmt_entry *fmt_walk_item(fmt_walk *w, fmt_entry_kind kind, uint32_t start, uint32_t end,
                                uint32_t hoist_end)
{
    fmt_walk_comments_before(w, start);
    bool blank = fmt_newlines(w->c, w->prev_end, start) >= 2;
    while (w->ci < w->cm_end && w->c->comments[w->ci]->span.start < hoist_end) {
        fmt_entry *e = fmt_entries_add(w->out, FMT_ENTRY_COMMENT, blank);
        e->comment = w->c->comments[w->ci++];
        blank = false;
    }
    fmt_entry *e = fmt_entries_add(w->out, kind, blank);
    w->prev_end = end;
    w->prev = w->out->n;
    return e;
}

/* ---------------------------------------------------------------- blocks */

static const char *fmt_block_keyword(ast_block_kind k)
{
    switch (k) {
    case AST_BLOCK_DATASOURCE:
        return "datasource";
    case AST_BLOCK_GENERATOR:
        return "generator";
    case AST_BLOCK_MODEL:
        return "model";
    case AST_BLOCK_VIEW:
        return "view";
    case AST_BLOCK_ENUM:
        return "enum";
    case AST_BLOCK_TYPE:
        return "type";
    }
    return "model";
}

/*
 * The string literal of Unsupported("...") as written. The tree keeps only
 * its unescaped value, so take the first literal after the type name.
 */
static const char *fmt_unsupported_raw(const fmt_ctx *c, const ast_member *m)
{
    const char *t = c->file->text;
    uint32_t end = m->span.end <= c->file->len ? m->span.end : (uint32_t)c->file->len;
    for (uint32_t i = m->type_span.start; i < end; i++) {
        if (t[i] != '"')
            continue;
        for (uint32_t j = i + 1; j < end; j++) {
            if (t[j] == '\\' && j + 1 < end) {
                j++;
                continue;
            }
            if (t[j] == '"')
                return arena_strndup(c->a, t + i, j + 1 - i);
        }
        break;
    }
    return arena_printf(c->a, "\"%s\"", m->unsupported);
}

static const char *fmt_field_type(const fmt_ctx *c, const ast_member *m)
{
    fmt_buf b;
    fmt_buf_init(&b, c->a);
    fmt_puts(&b, m->type_name ? m->type_name : "");
    if (m->unsupported) {
        fmt_put(&b, "(", 1);
        fmt_puts(&b, fmt_unsupported_raw(c, m));
        fmt_put(&b, ")", 1);
    }
    switch (m->type_mod) {
    case AST_TYPE_REQUIRED:
        break;
    case AST_TYPE_OPTIONAL:
        fmt_put(&b, "?", 1);
        break;
    case AST_TYPE_LIST:
        fmt_puts(&b, "[]");
        break;
    case AST_TYPE_OPTIONAL_LIST:
        fmt_puts(&b, "[]?");
        break;
    }
    return fmt_buf_str(&b);
}

static const char *fmt_attrs(const fmt_ctx *c, const ast_attr_list *attrs)
{
    fmt_buf b;
    fmt_buf_init(&b, c->a);
    for (const ast_attr *at = attrs->first; at; at = at->next) {
        if (at != attrs->first)
            fmt_put(&b, " ", 1);
        fmt_attr(&b, at);
    }
    return fmt_buf_str(&b);
}

static const char *fmt_block_attr_text(const fmt_ctx *c, const ast_member *m)
{
    fmt_buf b;
    fmt_buf_init(&b, c->a);
    if (m->attr)
        fmt_attr(&b, m->attr);
    return fmt_buf_str(&b);
}

/* The row of one member: aligned cells, or a text line for a block attribute. */
static void fmt_member_row(const fmt_ctx *c, fmt_table *t, const fmt_entry *e)
{
    const ast_member *m = e->member;
    fmt_row *r;
    switch (m->kind) {
    case AST_MEMBER_FIELD:
        if (!m->type_name) {
            /* A field without a type (sema reports it): name and attributes only. */
            r = fmt_table_add(t, FMT_ROW_CELLS);
            r->cells[0] = m->name;
            r->ncells = 1;
            if (m->attrs.first)
                r->cells[r->ncells++] = fmt_attrs(c, &m->attrs);
            break;
        }
        r = fmt_table_add(t, FMT_ROW_CELLS);
        r->cells[0] = m->name;
        r->cells[1] = fmt_field_type(c, m);
        r->ncells = 2;
        if (m->attrs.first)
            r->cells[r->ncells++] = fmt_attrs(c, &m->attrs);
        break;
    case AST_MEMBER_ENUM_VALUE:
        r = fmt_table_add(t, FMT_ROW_CELLS);
        r->cells[0] = m->name;
        r->ncells = 1;
        if (m->attrs.first)
            r->cells[r->ncells++] = fmt_attrs(c, &m->attrs);
        break;
    case AST_MEMBER_PROPERTY: {
        fmt_buf b;
        fmt_buf_init(&b, c->a);
        fmt_puts(&b, "= ");
        if (m->value)
            fmt_expr(&b, m->value);
        r = fmt_table_add(t, FMT_ROW_CELLS);
        r->cells[0] = m->name;
        r->cells[1] = fmt_buf_str(&b);
        r->ncells = 2;
        break;
    }
    case AST_MEMBER_BLOCK_ATTR:
    default:
        r = fmt_table_add(t, FMT_ROW_TEXT);
        r->text = fmt_block_attr_text(c, m);
        break;
    }
    r->suffix = e->suffix;
}

static void fmt_entry_row(const fmt_ctx *c, fmt_table *t, const fmt_entry *e)
{
    if (e->kind == FMT_ENTRY_COMMENT) {
        fmt_row *r = fmt_table_add(t, FMT_ROW_TEXT);
        r->text = fmt_comment_text(c, e->comment);
        r->suffix = e->suffix;
    } else {
        fmt_member_row(c, t, e);
    }
}

static bool fmt_is_block_attr(const fmt_entry *e)
{
    return e->kind == FMT_ENTRY_MEMBER && e->member->kind == AST_MEMBER_BLOCK_ATTR;
}

/*
 * The body of a block. Blank lines are kept (one at most) and end an
 * alignment group. The block attributes after the last field form the tail:
 * one blank line before it and none inside it, as Prisma does, except that a
 * blank line after a comment stays so a `///` never attaches to a different
 * attribute.
 */
static void fmt_block_body(const fmt_ctx *c, fmt_buf *out, const fmt_entries *es)
{
    size_t last_item = es->n; /* the last field, enum value or property */
    for (size_t i = 0; i < es->n; i++)
        if (es->v[i].kind == FMT_ENTRY_MEMBER && !fmt_is_block_attr(&es->v[i]))
            last_item = i;
    size_t tail = last_item == es->n ? 0 : last_item + 1;
    bool tail_has_attr = false;
    for (size_t i = tail; i < es->n; i++)
        if (fmt_is_block_attr(&es->v[i]))
            tail_has_attr = true;
    if (!tail_has_attr)
        tail = es->n;

    fmt_table t = {c->a, NULL, 0, 0};
    for (size_t i = 0; i < tail; i++) {
        if (es->v[i].blank_before && t.n > 0)
            fmt_table_add(&t, FMT_ROW_BLANK);
        fmt_entry_row(c, &t, &es->v[i]);
    }
    for (size_t i = tail; i < es->n; i++) {
        if (i == tail) {
            if (t.n > 0)
                fmt_table_add(&t, FMT_ROW_BLANK);
        } else if (es->v[i].blank_before && es->v[i - 1].kind == FMT_ENTRY_COMMENT) {
            fmt_table_add(&t, FMT_ROW_BLANK);
        }
        fmt_entry_row(c, &t, &es->v[i]);
    }
    fmt_table_render(out, &t, "  ");
}

static void fmt_block(fmt_ctx *c, fmt_buf *out, const fmt_entry *be)
{
    const ast_block *b = be->block;
    fmt_entries es = {c->a, NULL, 0, 0};
    const char *header_suffix = NULL;
    fmt_walk w = {c, &es, be->cm_lo, be->cm_hi, b->name_span.end, &header_suffix, 0};
    for (const ast_member *m = b->members.first; m; m = m->next) {
        fmt_entry *e = fmt_walk_item(&w, FMT_ENTRY_MEMBER, m->span.start, m->span.end, m->span.end);
        e->member = m;
    }
    fmt_walk_comments_before(&w, UINT32_MAX);

    fmt_puts(out, fmt_block_keyword(b->kind));
    fmt_put(out, " ", 1);
    fmt_puts(out, b->name ? b->name : "");
    fmt_puts(out, " {");
    if (header_suffix) {
        fmt_put(out, " ", 1);
        fmt_puts(out, header_suffix);
    }
    fmt_put(out, "\n", 1);
    fmt_block_body(c, out, &es);
    fmt_put(out, "}", 1);
    if (be->suffix) {
        fmt_put(out, " ", 1);
        fmt_puts(out, be->suffix);
    }
    fmt_put(out, "\n", 1);
}

/* ---------------------------------------------------------------- files */

static int fmt_comment_cmp(const void *pa, const void *pb)
{
    const ast_comment *a = *(const ast_comment *const *)pa;
    const ast_comment *b = *(const ast_comment *const *)pb;
    return a->span.start < b->span.start ? -1 : a->span.start > b->span.start;
}

int fmt_file(char **out, size_t *len_out, arena *a, const ast_schema *s, const sc_sources *src,
             uint32_t file)
{
    *out = NULL;
    *len_out = 0;
    if (file >= src->nfiles)
        return -1;
    fmt_ctx c = {a, &src->files[file], NULL, 0};

    const ast_comment_list *cl = s->comments && file < s->nfiles ? &s->comments[file] : NULL;
    if (cl && cl->count) {
        c.comments = ARENA_ARRAY(a, const ast_comment *, cl->count);
        for (const ast_comment *cm = cl->first; cm && c.ncomments < cl->count; cm = cm->next)
            c.comments[c.ncomments++] = cm;
        /* The lexer appends in source order; sorting only guards the invariant fmt needs. */
        qsort(c.comments, c.ncomments, sizeof(c.comments[0]), fmt_comment_cmp);
    }

    /* Top level: blocks, and the comments between them. */
    fmt_entries top = {a, NULL, 0, 0};
    fmt_walk w = {&c, &top, 0, c.ncomments, 0, NULL, 0};
    for (const ast_block *b = s->blocks.first; b; b = b->next) {
        if (b->file != file)
            continue;
        /* A comment between the keyword and the name goes above the block. */
        fmt_entry *e = fmt_walk_item(&w, FMT_ENTRY_BLOCK, b->span.start, b->span.end, b->name_span.end);
        e->block = b;
        e->cm_lo = w.ci;
        while (w.ci < w.cm_end && c.comments[w.ci]->span.start < b->span.end)
            w.ci++;
        e->cm_hi = w.ci;
    }
    fmt_walk_comments_before(&w, UINT32_MAX);

    fmt_buf buf;
    fmt_buf_init(&buf, a);
    for (size_t i = 0; i < top.n; i++) {
        const fmt_entry *e = &top.v[i];
        /* One blank line after every block; elsewhere only where there was one. */
        if (i > 0 && (top.v[i - 1].kind == FMT_ENTRY_BLOCK || e->blank_before))
            fmt_put(&buf, "\n", 1);
        if (e->kind == FMT_ENTRY_BLOCK) {
            fmt_block(&c, &buf, e);
        } else {
            fmt_puts(&buf, fmt_comment_text(&c, e->comment));
            if (e->suffix) {
                fmt_put(&buf, " ", 1);
                fmt_puts(&buf, e->suffix);
            }
            fmt_put(&buf, "\n", 1);
        }
    }
    if (!buf.data)
        fmt_put(&buf, "", 0);
    *out = buf.data;
    *len_out = buf.len;
    return 0;
}

int fmt_text(char **out, size_t *len_out, arena *a, sc_diags *diags, const char *path,
             const char *text, size_t len)
{
    *out = NULL;
    *len_out = 0;
    sc_sources src;
    memset(&src, 0, sizeof(src));
    source_add(&src, a, path, text, len);
    ast_schema s;
    memset(&s, 0, sizeof(s));
    if (parse_schema(&s, a, &src, diags) != 0)
        return -1;
    return fmt_file(out, len_out, a, &s, &src, 0);
}
