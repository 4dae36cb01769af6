/*
 * parser.c - the front end's driver and the AST constructors the grammar calls.
 *
 * The driver pulls tokens from the lexer (lexer.re) and feeds the lemon
 * parser (grammar.y). It owns everything that is easier to decide with a
 * little context than in an LALR grammar:
 *   - newlines end members, except inside (), [] and {} of expressions;
 *   - `{` at top level opens a block, inside an argument list an object;
 *   - `///` comments directly above a node become its doc;
 *   - error recovery: after a syntax error it skips to the end of the member
 *     (or, at top level, to the end of the bad block or the next block
 *     keyword) and sends SYNC, which completes the grammar's `error SYNC`
 *     rule. One mistake gives one message, and later mistakes are still found;
 *   - limits: nesting depth, and NUL bytes / invalid UTF-8 checked up front.
 */
#include "front/parser.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "grammar.h"
#include "front/lex.h"

typedef enum parse_mode {
    PARSE_TOP,       /* between blocks, or in a block header */
    PARSE_TOP_SKIP,  /* after an error at top level */
    PARSE_BODY,      /* inside a block */
    PARSE_BODY_SKIP, /* after an error inside a block */
} parse_mode;

enum { PARSE_QUEUE = 4 };

struct parse_state {
    arena *a;
    sc_diags *diags;
    const sc_sources *src;
    ast_schema *schema;
    uint32_t file;
    lexer lx;
    void *parser;
    unsigned nerrors; /* errors this parse reported */

    /* tokens read ahead of the one being processed */
    parse_tok q[PARSE_QUEUE];
    int qcode[PARSE_QUEUE];
    int qhead, qlen;

    parse_mode mode;
    bool at_line_start;
    bool aborted;      /* the file is abandoned (nesting too deep) */
    bool error_fired;  /* the grammar reported a syntax error during the last feed */
    bool muted;        /* the driver already reported this error; stay quiet */
    bool refeeding;    /* a token is being given again after resynchronising */
    int last_fed;      /* code of the last token given to the grammar */
    int skip_braces;   /* PARSE_TOP_SKIP: block braces opened while skipping */
    uint32_t bad_char_line;
    uint32_t quiet_line; /* a lexical error was reported here: later errors on the line are noise */

    /* open brackets of expressions: '(', '[', '{' */
    char stack[SC_PARSE_MAX_DEPTH];
    sc_span stack_span[SC_PARSE_MAX_DEPTH];
    int depth;

    /* what the current top-level header or member has seen, for messages */
    int hdr;            /* 0 nothing, 1 keyword, 2 keyword and name */
    parse_tok hdr_kw, hdr_name;
    int mpos;           /* tokens of the current member fed so far */
    int m_code;         /* code of the member's first token */
    parse_tok m_name;

    ast_block *cur_block;
    const char *battr_doc; /* doc of the `@@` that starts the block attribute being built */

    /* the run of own-line comments directly above the next token */
    ast_comment *run_first;
    uint32_t run_last_line;
    bool run_has_doc;
};

/* ---------------------------------------------------------------- helpers */

static sc_span parse__point_after(const sc_span *s)
{
    sc_span r = *s;
    r.start = s->end;
    return r;
}

static bool parse__is_keyword(int code)
{
    return code >= TK_MODEL && code <= TK_GENERATOR;
}

static bool parse__is_name(int code)
{
    return code == TK_IDENT || parse__is_keyword(code);
}

static const char *parse__tok_str(parse_state *ps, const parse_tok *t)
{
    return arena_strndup(ps->a, t->text, t->len);
}

/* How a token is named in `near "X"`: long tokens are cut at a character boundary. */
static const char *parse__near(parse_state *ps, int major, const parse_tok *t)
{
    if (major == 0 || (t->len == 0 && t->span.start >= ps->src->files[ps->file].len))
        return "at end of file";
    if (major == TK_NL || major == TK_SYNC || t->len == 0)
        return "near end of line";
    size_t n = t->len;
    if (n > 40) {
        n = 40;
        while (n > 0 && ((unsigned char)t->text[n] & 0xC0) == 0x80)
            n--;
        return arena_printf(ps->a, "near \"%.*s...\"", (int)n, t->text);
    }
    return arena_printf(ps->a, "near \"%.*s\"", (int)n, t->text);
}

static sc_diag *parse__error(parse_state *ps, sc_span span, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static sc_diag *parse__error(parse_state *ps, sc_span span, const char *fmt, ...)
{
    ps->nerrors++;
    if (span.line == ps->quiet_line && span.file == ps->file)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vprintf(ps->a, fmt, ap);
    va_end(ap);
    return diag_error(ps->diags, span, "syntax", "%s", msg);
}

/* Names of blocks, fields, enum values and settings are single identifiers. */
static void parse__check_name(parse_state *ps, const parse_tok *t)
{
    if (memchr(t->text, '.', t->len))
        parse__error(ps, t->span, "invalid name \"%.*s\": a name cannot contain \".\"", (int)t->len,
                     t->text);
}

/* ---------------------------------------------------------------- constructors */

void parse_block_open(parse_state *ps, ast_block_kind kind, const parse_tok *kw, const parse_tok *name)
{
    ast_block *b = ARENA_NEW(ps->a, ast_block);
    b->kind = kind;
    b->keyword_span = kw->span;
    b->span = span_join(kw->span, name->span);
    b->name = parse__tok_str(ps, name);
    b->name_span = name->span;
    b->doc = kw->doc;
    b->file = ps->file;
    parse__check_name(ps, name);
    ast_block_list *l = &ps->schema->blocks;
    if (l->last)
        l->last->next = b;
    else
        l->first = b;
    l->last = b;
    l->count++;
    ps->cur_block = b;
}

void parse_block_close(parse_state *ps, const parse_tok *rbrace)
{
    if (!ps->cur_block)
        return;
    ps->cur_block->span = span_join(ps->cur_block->span, rbrace->span);
    ps->cur_block = NULL;
}

static void parse__add_member(parse_state *ps, ast_member *m)
{
    ast_block *b = ps->cur_block;
    m->owner = b;
    if (b->members.last)
        b->members.last->next = m;
    else
        b->members.first = m;
    b->members.last = m;
    b->members.count++;
}

static bool parse__is_config(const ast_block *b)
{
    return b->kind == AST_BLOCK_DATASOURCE || b->kind == AST_BLOCK_GENERATOR;
}

void parse_field(parse_state *ps, const parse_tok *name, const parse_ftype *type,
                 const ast_attr_list *attrs)
{
    ast_block *b = ps->cur_block;
    if (!b)
        return;
    if (parse__is_config(b)) {
        sc_span at = type ? type->span : parse__point_after(&name->span);
        parse__error(ps, at, "%s: syntax error, expected \"=\" after \"%.*s\" in %s block \"%s\"",
                     type ? arena_printf(ps->a, "near \"%s\"", type->name) : "near end of line",
                     (int)name->len, name->text, ast_block_kind_name(b->kind), b->name);
        return;
    }
    if (b->kind != AST_BLOCK_ENUM && !type) {
        parse__error(ps, name->span, "expected a field type after \"%.*s\"", (int)name->len, name->text);
        return;
    }
    if (b->kind == AST_BLOCK_ENUM && type) {
        parse__error(ps, type->span,
                     "near \"%s\": syntax error, expected an attribute or end of line after enum value \"%.*s\"",
                     type->name, (int)name->len, name->text);
    }
    parse__check_name(ps, name);
    ast_member *m = ARENA_NEW(ps->a, ast_member);
    m->kind = b->kind == AST_BLOCK_ENUM ? AST_MEMBER_ENUM_VALUE : AST_MEMBER_FIELD;
    m->name = parse__tok_str(ps, name);
    m->name_span = name->span;
    m->doc = name->doc;
    m->span = name->span;
    if (type && m->kind == AST_MEMBER_FIELD) {
        m->type_name = type->name;
        m->type_span = type->span;
        m->type_mod = type->mod;
        m->unsupported = type->unsupported;
        m->span = span_join(m->span, type->span);
    }
    m->attrs = *attrs;
    if (attrs->last)
        m->span = span_join(m->span, attrs->last->span);
    parse__add_member(ps, m);
}

void parse_property(parse_state *ps, const parse_tok *name, const parse_tok *eq, ast_expr *value)
{
    ast_block *b = ps->cur_block;
    if (!b)
        return;
    if (!parse__is_config(b)) {
        parse__error(ps, eq->span,
                     "near \"=\": syntax error, \"key = value\" settings belong in datasource and "
                     "generator blocks, not in %s \"%s\"",
                     ast_block_kind_name(b->kind), b->name);
        return;
    }
    parse__check_name(ps, name);
    ast_member *m = ARENA_NEW(ps->a, ast_member);
    m->kind = AST_MEMBER_PROPERTY;
    m->name = parse__tok_str(ps, name);
    m->name_span = name->span;
    m->doc = name->doc;
    m->value = value;
    m->span = span_join(name->span, value->span);
    parse__add_member(ps, m);
}

void parse_block_attr(parse_state *ps, ast_attr *attr)
{
    ast_block *b = ps->cur_block;
    const char *doc = ps->battr_doc;
    ps->battr_doc = NULL;
    if (!b)
        return;
    if (parse__is_config(b)) {
        parse__error(ps, attr->name_span, "block attribute \"@@%s\" is not allowed in %s block \"%s\"",
                     attr->name, ast_block_kind_name(b->kind), b->name);
        return;
    }
    ast_member *m = ARENA_NEW(ps->a, ast_member);
    m->kind = AST_MEMBER_BLOCK_ATTR;
    m->attr = attr;
    m->doc = doc;
    m->span = attr->span;
    parse__add_member(ps, m);
}

void parse_recovered(parse_state *ps)
{
    ps->muted = false;
}

parse_ftype parse_ftype_base(parse_state *ps, const parse_tok *name, const parse_tok *arg,
                             const parse_tok *rparen)
{
    parse_ftype t;
    memset(&t, 0, sizeof(t));
    t.name = parse__tok_str(ps, name);
    t.span = name->span;
    t.mod = AST_TYPE_REQUIRED;
    if (arg) {
        t.span = span_join(name->span, rparen->span);
        /* In a datasource `url env("X")` is a missing `=`, which parse_field reports. */
        if (strcmp(t.name, "Unsupported") != 0 && ps->cur_block && !parse__is_config(ps->cur_block)) {
            parse__error(ps, name->span,
                         "near \"%s(\": syntax error, only Unsupported(\"...\") takes an argument in a "
                         "field type",
                         t.name);
        }
        ast_expr *e = parse_expr_string(ps, arg);
        t.unsupported = e->value;
    }
    return t;
}

parse_ftype parse_ftype_mod(parse_ftype t, ast_type_mod mod, const parse_tok *last)
{
    t.mod = mod;
    t.span = span_join(t.span, last->span);
    return t;
}

ast_attr *parse_attr(parse_state *ps, bool block, const parse_tok *at, const parse_tok *name,
                     const ast_arg_list *args, const parse_tok *rparen)
{
    ast_attr *a = ARENA_NEW(ps->a, ast_attr);
    a->block = block;
    a->name = parse__tok_str(ps, name);
    a->name_span = span_join(at->span, name->span);
    a->span = a->name_span;
    if (args) {
        a->has_parens = true;
        a->args = *args;
        a->span = span_join(a->span, rparen->span);
    }
    if (block)
        ps->battr_doc = at->doc;
    return a;
}

void parse_attr_append(ast_attr_list *l, ast_attr *a)
{
    if (l->last)
        l->last->next = a;
    else
        l->first = a;
    l->last = a;
    l->count++;
}

ast_arg *parse_arg(parse_state *ps, const parse_tok *name, ast_expr *value)
{
    ast_arg *g = ARENA_NEW(ps->a, ast_arg);
    g->value = value;
    g->span = value->span;
    if (name) {
        g->name = parse__tok_str(ps, name);
        g->name_span = name->span;
        g->span = span_join(name->span, value->span);
        parse__check_name(ps, name);
    }
    return g;
}

void parse_trailing_comma(parse_state *ps, const parse_tok *comma)
{
    parse__error(ps, comma->span, "trailing comma: Prisma schemas allow none before \"]\", \")\" or \"}\"; "
                                  "remove it");
}

void parse_arg_append(ast_arg_list *l, ast_arg *a)
{
    if (l->last)
        l->last->next = a;
    else
        l->first = a;
    l->last = a;
    l->count++;
}

void parse_expr_append(ast_expr_list *l, ast_expr *e)
{
    if (l->last)
        l->last->next = e;
    else
        l->first = e;
    l->last = e;
    l->count++;
}

static ast_expr *parse__expr(parse_state *ps, ast_expr_kind kind, sc_span span)
{
    ast_expr *e = ARENA_NEW(ps->a, ast_expr);
    e->kind = kind;
    e->span = span;
    return e;
}

/* The span of byte OFF inside single-line token T. */
static sc_span parse__inside(const parse_tok *t, size_t off)
{
    sc_span s = t->span;
    uint32_t col = s.col;
    for (size_t i = 0; i < off && i < t->len; i++) {
        if (((unsigned char)t->text[i] & 0xC0) != 0x80)
            col++;
    }
    s.start = t->span.start + (uint32_t)off;
    s.end = s.start + 2 <= t->span.end ? s.start + 2 : t->span.end;
    s.col = col;
    return s;
}

ast_expr *parse_expr_string(parse_state *ps, const parse_tok *t)
{
    ast_expr *e = parse__expr(ps, AST_EXPR_STRING, t->span);
    e->raw = parse__tok_str(ps, t);
    size_t body_len = t->len - 2;
    char *out;
    size_t out_len, bad_off;
    const char *why;
    if (lex_unescape(ps->a, t->text + 1, body_len, &out, &out_len, &bad_off, &why) != 0) {
        parse__error(ps, parse__inside(t, bad_off + 1), "invalid string literal: %s", why);
        out = arena_strndup(ps->a, t->text + 1, body_len);
        out_len = body_len;
    }
    e->value = out;
    e->value_len = out_len;
    return e;
}

ast_expr *parse_expr_number(parse_state *ps, const parse_tok *t)
{
    ast_expr *e = parse__expr(ps, AST_EXPR_NUMBER, t->span);
    e->value = parse__tok_str(ps, t);
    e->value_len = t->len;
    return e;
}

ast_expr *parse_expr_ident(parse_state *ps, const parse_tok *t)
{
    ast_expr *e = parse__expr(ps, AST_EXPR_IDENT, t->span);
    e->value = parse__tok_str(ps, t);
    e->value_len = t->len;
    return e;
}

ast_expr *parse_expr_call(parse_state *ps, const parse_tok *callee, const ast_arg_list *args,
                          const parse_tok *rparen)
{
    ast_expr *e = parse__expr(ps, AST_EXPR_CALL, span_join(callee->span, rparen->span));
    e->value = parse__tok_str(ps, callee);
    e->value_len = callee->len;
    e->args = *args;
    return e;
}

ast_expr *parse_expr_array(parse_state *ps, const parse_tok *open, const ast_expr_list *items,
                           const parse_tok *close)
{
    ast_expr *e = parse__expr(ps, AST_EXPR_ARRAY, span_join(open->span, close->span));
    if (items)
        e->items = *items;
    return e;
}

ast_expr *parse_expr_object(parse_state *ps, const parse_tok *open, const ast_arg_list *entries,
                            const parse_tok *close)
{
    ast_expr *e = parse__expr(ps, AST_EXPR_OBJECT, span_join(open->span, close->span));
    e->args = *entries;
    return e;
}

/* ---------------------------------------------------------------- syntax errors */

static const char *parse__expected_member(const ast_block *b)
{
    if (!b)
        return "a member";
    switch (b->kind) {
    case AST_BLOCK_ENUM:
        return "an enum value or a block attribute";
    case AST_BLOCK_DATASOURCE:
    case AST_BLOCK_GENERATOR:
        return "a \"key = value\" setting";
    default:
        return "a field or a block attribute";
    }
}

void parse_syntax_error(parse_state *ps, int major, const parse_tok *t)
{
    ps->error_fired = true;
    if (ps->muted)
        return;
    const char *near = parse__near(ps, major, t);
    sc_span at = t->span;

    if (ps->mode == PARSE_TOP || ps->mode == PARSE_TOP_SKIP) {
        if (ps->hdr == 0 && major == TK_IDENT)
            parse__error(ps, at,
                         "unknown block type \"%.*s\": expected one of datasource, generator, "
                         "model, view, enum, type",
                         (int)t->len, t->text);
        else if (ps->hdr == 0)
            parse__error(ps, at,
                         "%s: syntax error, expected a block (datasource, generator, model, view, "
                         "enum or type)",
                         near);
        else if (ps->hdr == 1)
            parse__error(ps, at, "%s: syntax error, expected a name after \"%.*s\"", near,
                         (int)ps->hdr_kw.len, ps->hdr_kw.text);
        else
            parse__error(ps, at, "%s: syntax error, expected \"{\" after %.*s \"%.*s\"", near,
                         (int)ps->hdr_kw.len, ps->hdr_kw.text, (int)ps->hdr_name.len,
                         ps->hdr_name.text);
        return;
    }

    const ast_block *b = ps->cur_block;
    const char *what = "";
    if (ps->mpos == 0) {
        what = arena_printf(ps->a, ", expected %s", parse__expected_member(b));
    } else if (ps->last_fed == TK_AT || ps->last_fed == TK_ATAT) {
        what = arena_printf(ps->a, ", expected an attribute name after \"%s\"",
                            ps->last_fed == TK_AT ? "@" : "@@");
    } else if (ps->last_fed == TK_EQ && b && parse__is_config(b) && ps->mpos == 2 && parse__is_name(ps->m_code)) {
        /* A setting without its value: reported at the block, where Prisma reports it, and pointed at. */
        sc_diag *d = parse__error(ps, b->keyword_span, "%s \"%s\": setting \"%.*s\" has no value after \"=\"",
                                  b->kind == AST_BLOCK_DATASOURCE ? "datasource" : "generator", b->name ? b->name : "",
                                  (int)ps->m_name.len, ps->m_name.text);
        if (d)
            diag_note(ps->diags, d, &at, "%s: the value is missing here", near);
        return;
    } else if (ps->last_fed == TK_EQ) {
        what = ", expected a value after \"=\"";
    } else if (ps->mpos == 1 && parse__is_name(ps->m_code) && b) {
        int n = (int)ps->m_name.len;
        const char *name = ps->m_name.text;
        if (parse__is_config(b))
            what = arena_printf(ps->a, ", expected \"=\" after \"%.*s\"", n, name);
        else if (b->kind == AST_BLOCK_ENUM)
            what = arena_printf(ps->a, ", expected an attribute or end of line after enum value \"%.*s\"",
                                n, name);
        else if (major == TK_COLON)
            what = arena_printf(ps->a, ", expected a field type after \"%.*s\" (fields take no colon)",
                                n, name);
        else
            what = arena_printf(ps->a, ", expected a field type after \"%.*s\"", n, name);
    } else if (ps->depth == 0 && b && !parse__is_config(b) &&
               (parse__is_name(major) || major == TK_STRING || major == TK_NUMBER)) {
        what = ", expected an attribute or end of line";
    }
    sc_diag *d = parse__error(ps, at, "%s: syntax error%s", near, what);
    /* An error inside brackets opened on an earlier line usually means the
     * bracket was never closed. */
    if (d && ps->depth > 0 && t->span.line > ps->stack_span[ps->depth - 1].line) {
        int k = ps->depth - 1;
        diag_note(ps->diags, d, &ps->stack_span[k], "\"%c\" opened here is not closed", ps->stack[k]);
    }
}

void parse_stack_overflow(parse_state *ps)
{
    sc_span at = lex_point(&ps->lx, ps->lx.pos_off);
    parse__error(ps, at, "input nested too deeply");
    ps->aborted = true;
}

/* ---------------------------------------------------------------- comments and docs */

static void parse__comment(parse_state *ps, const parse_tok *t, bool first)
{
    ast_comment *c = ARENA_NEW(ps->a, ast_comment);
    c->span = t->span;
    c->text = parse__tok_str(ps, t);
    c->block = t->len >= 2 && t->text[1] == '*';
    c->doc = !c->block && t->len >= 3 && t->text[2] == '/' && (t->len == 3 || t->text[3] != '/');
    ast_comment_list *l = &ps->schema->comments[ps->file];
    if (l->last)
        l->last->next = c;
    else
        l->first = c;
    l->last = c;
    l->count++;

    /* Only whole-line `//` comments on consecutive lines form a run above a node. */
    if (!first || c->block) {
        ps->run_first = NULL;
        return;
    }
    if (!ps->run_first || t->span.line != ps->run_last_line + 1) {
        ps->run_first = c;
        ps->run_has_doc = false;
    }
    ps->run_last_line = t->span.line;
    if (c->doc)
        ps->run_has_doc = true;
}

/* The doc text of the pending run if it ends on the line above LINE. */
static const char *parse__take_doc(parse_state *ps, uint32_t line)
{
    ast_comment *c = ps->run_first;
    bool ok = c && ps->run_has_doc && ps->run_last_line + 1 == line;
    ps->run_first = NULL;
    if (!ok)
        return NULL;
    size_t total = 0;
    for (ast_comment *k = c; k; k = k->next)
        total += strlen(k->text) + 1;
    char *doc = arena_alloc(ps->a, total + 1);
    size_t n = 0;
    for (ast_comment *k = c; k; k = k->next) {
        if (!k->doc)
            continue;
        const char *s = k->text + 3;
        if (*s == ' ')
            s++;
        size_t len = strlen(s);
        if (n > 0)
            doc[n++] = '\n';
        memcpy(doc + n, s, len);
        n += len;
    }
    doc[n] = '\0';
    return doc;
}

/* ---------------------------------------------------------------- token supply */

static int parse__fill(parse_state *ps, int k)
{
    while (ps->qlen <= k) {
        int slot = (ps->qhead + ps->qlen) % PARSE_QUEUE;
        ps->qcode[slot] = lex_next(&ps->lx, &ps->q[slot]);
        ps->qlen++;
    }
    return ps->qcode[(ps->qhead + k) % PARSE_QUEUE];
}

static int parse__next(parse_state *ps, parse_tok *t)
{
    int code = parse__fill(ps, 0);
    *t = ps->q[ps->qhead];
    ps->qhead = (ps->qhead + 1) % PARSE_QUEUE;
    ps->qlen--;
    return code;
}

/* ---------------------------------------------------------------- feeding the grammar */

static bool parse__feed(parse_state *ps, int code, const parse_tok *t)
{
    ps->error_fired = false;
    parse_lemon(ps->parser, code, *t);
    ps->last_fed = code;
    if (ps->mode == PARSE_BODY) {
        if (code == TK_NL || code == TK_SYNC) {
            ps->mpos = 0;
        } else {
            if (ps->mpos == 0) {
                ps->m_name = *t;
                ps->m_code = code;
            }
            ps->mpos++;
        }
    }
    return ps->error_fired;
}

static parse_tok parse__synthetic(const parse_tok *at)
{
    parse_tok t;
    memset(&t, 0, sizeof(t));
    t.text = at->text;
    t.span = at->span;
    t.span.end = t.span.start;
    return t;
}

static void parse__sync(parse_state *ps, const parse_tok *at)
{
    parse_tok s = parse__synthetic(at);
    parse__feed(ps, TK_SYNC, &s);
    ps->muted = false;
    ps->mpos = 0;
}

static void parse__process_top(parse_state *ps, int code, const parse_tok *t);

static void parse__enter_top_skip(parse_state *ps, int code, const parse_tok *t)
{
    ps->hdr = 0;
    ps->mode = PARSE_TOP_SKIP;
    ps->skip_braces = code == TK_LBRACE ? 1 : 0;
    /* A stray `}` or a bad line at top level needs no further skipping. */
    if (code == TK_RBRACE || code == TK_NL) {
        parse__sync(ps, t);
        ps->mode = PARSE_TOP;
    } else if (t->first && parse__is_keyword(code) && !ps->refeeding) {
        /* The error was about the header before this line; this line starts afresh. */
        parse__sync(ps, t);
        ps->mode = PARSE_TOP;
        ps->refeeding = true;
        parse__process_top(ps, code, t);
        ps->refeeding = false;
    }
}

/* End the current block at AT: a NL to finish the member, then the `}`. */
static void parse__close_block(parse_state *ps, int code, const parse_tok *at)
{
    if (ps->last_fed != TK_NL && ps->last_fed != TK_SYNC && ps->last_fed != TK_LBRACE) {
        parse_tok nl = parse__synthetic(at);
        if (parse__feed(ps, TK_NL, &nl))
            parse__sync(ps, at);
    }
    parse_tok rb = code == TK_RBRACE ? *at : parse__synthetic(at);
    ps->mode = PARSE_TOP;
    ps->hdr = 0;
    ps->mpos = 0;
    if (parse__feed(ps, TK_RBRACE, &rb))
        parse__enter_top_skip(ps, TK_RBRACE, &rb);
}

/* Report the outermost bracket left open; what follows it is a consequence. */
static void parse__report_unclosed(parse_state *ps)
{
    if (ps->depth == 0)
        return;
    char open = ps->stack[0];
    char close = open == '(' ? ')' : open == '[' ? ']' : '}';
    parse__error(ps, ps->stack_span[0], "unclosed \"%c\": missing \"%c\"", open, close);
    ps->muted = true;
}

/* `model X {` at the start of a line inside a block: the block before lacks its `}`. */
static bool parse__starts_block(parse_state *ps, int code, const parse_tok *t)
{
    if (!t->first || !parse__is_keyword(code))
        return false;
    return parse__is_name(parse__fill(ps, 0)) && parse__fill(ps, 1) == TK_LBRACE;
}

static void parse__missing_close(parse_state *ps, const parse_tok *t)
{
    const ast_block *b = ps->cur_block;
    sc_diag *d;
    if (b) {
        d = parse__error(ps, t->span, "missing \"}\" to close %s \"%s\"", ast_block_kind_name(b->kind),
                         b->name);
        if (d)
            diag_note(ps->diags, d, &b->keyword_span, "%s \"%s\" starts here",
                      ast_block_kind_name(b->kind), b->name);
    } else {
        parse__error(ps, t->span, "missing \"}\" to close the block");
    }
}

static void parse__process(parse_state *ps, int code, const parse_tok *t);

static void parse__process_top(parse_state *ps, int code, const parse_tok *t)
{
    /* A block header may span lines: `model A` newline `{`. */
    if (code == TK_NL && ps->hdr >= 1)
        return;
    if (parse__feed(ps, code, t)) {
        parse__enter_top_skip(ps, code, t);
        return;
    }
    if (code == TK_NL) {
        ps->hdr = 0;
    } else if (code == TK_LBRACE) {
        ps->mode = PARSE_BODY;
        ps->mpos = 0;
        ps->hdr = 0;
    } else if (ps->hdr == 0) {
        ps->hdr_kw = *t;
        ps->hdr = 1;
    } else if (ps->hdr == 1) {
        ps->hdr_name = *t;
        ps->hdr = 2;
    }
}

static void parse__process(parse_state *ps, int code, const parse_tok *t)
{
    switch (ps->mode) {
    case PARSE_TOP:
        parse__process_top(ps, code, t);
        break;
    case PARSE_TOP_SKIP:
        if (t->first && parse__is_keyword(code) && ps->skip_braces <= 0 && ps->depth == 0) {
            parse__sync(ps, t);
            ps->mode = PARSE_TOP;
            parse__process_top(ps, code, t);
        } else if (code == TK_LBRACE) {
            ps->skip_braces++;
        } else if (code == TK_RBRACE) {
            if (--ps->skip_braces <= 0) {
                parse__sync(ps, t);
                ps->mode = PARSE_TOP;
            }
        }
        break;
    case PARSE_BODY:
        if (parse__starts_block(ps, code, t)) {
            parse__missing_close(ps, t);
            ps->depth = 0;
            parse__close_block(ps, 0, t);
            parse__process(ps, code, t);
        } else if (code == TK_RBRACE) {
            parse__close_block(ps, code, t);
        } else if (parse__feed(ps, code, t)) {
            if (code == TK_NL)
                parse__sync(ps, t);
            else
                ps->mode = PARSE_BODY_SKIP;
        }
        break;
    case PARSE_BODY_SKIP:
        if (parse__starts_block(ps, code, t)) {
            parse__sync(ps, t);
            ps->mode = PARSE_BODY;
            parse__process(ps, code, t);
        } else if (code == TK_NL) {
            parse__sync(ps, t);
            ps->mode = PARSE_BODY;
        } else if (code == TK_RBRACE) {
            parse__sync(ps, t);
            ps->mode = PARSE_BODY;
            parse__close_block(ps, code, t);
        }
        break;
    }
}

/*
 * Brackets: keep the stack of open expression brackets and tell block braces
 * from object braces. Returns the code to process, or -1 when the file must
 * be abandoned.
 */
static int parse__bracket(parse_state *ps, int code, const parse_tok *t)
{
    char open = 0, close = 0;
    switch (code) {
    case TK_LPAREN: open = '('; break;
    case TK_LBRACKET: open = '['; break;
    case TK_LBRACE:
        if ((ps->mode == PARSE_TOP || ps->mode == PARSE_TOP_SKIP) && ps->depth == 0)
            return code;
        open = '{';
        break;
    case TK_RPAREN: close = '('; break;
    case TK_RBRACKET: close = '['; break;
    case TK_RBRACE: close = '{'; break;
    default: return code;
    }
    if (open) {
        if (ps->depth >= SC_PARSE_MAX_DEPTH) {
            /* While skipping after an error the input is already reported as broken. */
            if (ps->mode == PARSE_BODY || ps->mode == PARSE_TOP)
                parse__error(ps, t->span, "nesting deeper than %d levels", SC_PARSE_MAX_DEPTH);
            return -1;
        }
        ps->stack[ps->depth] = open;
        ps->stack_span[ps->depth] = t->span;
        ps->depth++;
        return open == '{' ? TK_LCURLY : code;
    }
    int k = ps->depth - 1;
    while (k >= 0 && ps->stack[k] != close)
        k--;
    if (k < 0) {
        /* No opener: a block's `}` (reporting brackets left open), or a stray closer. */
        if (code == TK_RBRACE && ps->depth > 0) {
            if (ps->mode == PARSE_BODY)
                parse__report_unclosed(ps);
            ps->depth = 0;
        }
        return code;
    }
    /* Closers skipped over are reported by the grammar as the syntax error they cause. */
    ps->depth = k;
    return code == TK_RBRACE ? TK_RCURLY : code;
}

/*
 * After an error the driver reported itself (the grammar has not seen it),
 * skip to the end of the line, where SYNC puts the grammar back in step:
 * SYNC outside error recovery is a (muted) syntax error whose recovery
 * consumes that same SYNC.
 */
static void parse__force_skip(parse_state *ps)
{
    ps->muted = true;
    ps->depth = 0;
    if (ps->mode == PARSE_BODY)
        ps->mode = PARSE_BODY_SKIP;
    else if (ps->mode == PARSE_TOP) {
        ps->mode = PARSE_TOP_SKIP;
        ps->skip_braces = 0;
    }
}

static void parse__lex_error(parse_state *ps, int code, parse_tok *t)
{
    if (code == LEX_UNTERMINATED_STRING) {
        parse__error(ps, t->span, "unterminated string");
        ps->quiet_line = t->span.line;
        parse__force_skip(ps);
        return;
    }
    if (code == LEX_UNTERMINATED_COMMENT) {
        parse__error(ps, t->span, "unterminated comment");
        return;
    }
    if (ps->bad_char_line == t->span.line)
        return; /* one message per line is enough for a run of junk */
    ps->bad_char_line = t->span.line;
    unsigned char c = (unsigned char)t->text[0];
    if (c < 0x20 || c == 0x7F)
        parse__error(ps, t->span, "unexpected character U+%04X", c);
    else
        parse__error(ps, t->span, "unexpected character \"%.*s\"", (int)t->len, t->text);
    ps->quiet_line = t->span.line;
}

static void parse__finish(parse_state *ps, const parse_tok *eof)
{
    if (ps->depth > 0 && ps->mode == PARSE_BODY) {
        parse__report_unclosed(ps);
        parse_tok nl = parse__synthetic(eof);
        if (parse__feed(ps, TK_NL, &nl))
            parse__sync(ps, eof);
    }
    ps->depth = 0;
    switch (ps->mode) {
    case PARSE_TOP:
        if (ps->last_fed != TK_NL && ps->last_fed != 0) {
            parse_tok nl = parse__synthetic(eof);
            if (parse__feed(ps, TK_NL, &nl))
                parse__sync(ps, eof);
        }
        break;
    case PARSE_TOP_SKIP:
        parse__sync(ps, eof);
        break;
    case PARSE_BODY_SKIP:
        parse__sync(ps, eof);
        ps->mode = PARSE_BODY;
        /* fall through */
    case PARSE_BODY:
        /* The NL also completes the block header if `{` was the last token. */
        if (ps->last_fed != TK_NL && ps->last_fed != TK_SYNC) {
            parse_tok nl = parse__synthetic(eof);
            if (parse__feed(ps, TK_NL, &nl))
                parse__sync(ps, eof);
        }
        parse__missing_close(ps, eof);
        parse__close_block(ps, 0, eof);
        if (ps->mode == PARSE_TOP_SKIP)
            parse__sync(ps, eof);
        break;
    }
    ps->muted = true; /* anything left is a consequence of what was reported */
    parse_lemon(ps->parser, 0, *eof);
}

static void parse__file(parse_state *ps)
{
    const sc_file *f = &ps->src->files[ps->file];
    bool is_nul;
    size_t bad = lex_check_utf8(f->text, f->len, &is_nul);
    if (bad < f->len) {
        lex_init(&ps->lx, ps->file, f->text, f->len);
        sc_span at = lex_point(&ps->lx, bad);
        at.end = at.start + 1;
        if (is_nul)
            parse__error(ps, at, "NUL byte in schema file: this does not look like a text file");
        else
            parse__error(ps, at, "invalid UTF-8 (byte 0x%02X): a schema must be UTF-8 text",
                         (unsigned char)f->text[bad]);
        return;
    }

    lex_init(&ps->lx, ps->file, f->text, f->len);
    ps->parser = parse_lemonAlloc(malloc, ps);
    if (!ps->parser) {
        parse__error(ps, lex_point(&ps->lx, 0), "out of memory");
        return;
    }
    ps->mode = PARSE_TOP;
    ps->at_line_start = true;
    ps->last_fed = 0;
    ps->depth = 0;
    ps->hdr = 0;
    ps->mpos = 0;
    ps->muted = false;
    ps->aborted = false;
    ps->qhead = ps->qlen = 0;
    ps->run_first = NULL;
    ps->cur_block = NULL;
    ps->bad_char_line = 0;
    ps->quiet_line = 0;

    for (;;) {
        parse_tok t;
        int code = parse__next(ps, &t);
        if (code == LEX_EOF) {
            parse__finish(ps, &t);
            break;
        }
        if (code == LEX_COMMENT || code == LEX_UNTERMINATED_COMMENT) {
            parse__comment(ps, &t, ps->at_line_start);
            if (code == LEX_UNTERMINATED_COMMENT) {
                parse__lex_error(ps, code, &t);
            } else if (memchr(t.text, '\n', t.len)) {
                /* A comment spanning lines separates members like a line break. */
                ps->at_line_start = true;
                if (ps->depth == 0)
                    parse__process(ps, TK_NL, &t);
            }
            continue;
        }
        if (code == LEX_BAD_CHAR) {
            parse__lex_error(ps, code, &t);
            continue;
        }
        if (code == LEX_UNTERMINATED_STRING) {
            parse__lex_error(ps, code, &t);
            ps->at_line_start = false;
            continue;
        }
        if (code == TK_NL) {
            ps->at_line_start = true;
            if (ps->depth > 0)
                continue;
            parse__process(ps, code, &t);
            continue;
        }
        t.first = ps->at_line_start;
        ps->at_line_start = false;
        t.doc = t.first ? parse__take_doc(ps, t.span.line) : NULL;
        ps->run_first = NULL;
        code = parse__bracket(ps, code, &t);
        if (code < 0) {
            ps->aborted = true;
        } else {
            parse__process(ps, code, &t);
        }
        if (ps->aborted) {
            if (ps->cur_block)
                ps->cur_block->span = span_join(ps->cur_block->span, t.span);
            break;
        }
    }
    parse_lemonFree(ps->parser, free);
    ps->parser = NULL;
}

int parse_schema(ast_schema *out, arena *a, const sc_sources *src, sc_diags *diags)
{
    memset(out, 0, sizeof(*out));
    out->nfiles = src->nfiles;
    out->comments = ARENA_ARRAY(a, ast_comment_list, src->nfiles ? src->nfiles : 1);
    parse_state *ps = ARENA_NEW(a, parse_state);
    ps->a = a;
    ps->diags = diags;
    ps->src = src;
    ps->schema = out;
    for (size_t i = 0; i < src->nfiles; i++) {
        ps->file = (uint32_t)i;
        parse__file(ps);
    }
    ast_index(out, a);
    return ps->nerrors ? -1 : 0;
}
