/*
 * lower_src.c - the source-only facts of the model (see ir_src in ir.h):
 * spans of declarations, and the codes of `// schemac-lint-ignore` comments.
 *
 * An ignore comment applies to the declaration below it: it must stand on a
 * line of its own, in the run of own-line comments (doc comments included)
 * directly above the model's keyword or the member's first line. The run is
 * found through an index of the own-line comments by line, built once, so
 * each declaration costs constant time when no comment stands above it.
 */
#include "sema/lower_src.h"

#include <string.h>

struct lower_src {
    arena *a;
    const ast_schema *ast;
    const sc_sources *src;
    bool indexed;
    const ast_comment **own_line; /* per file and line: the own-line comment there, or NULL */
    size_t *base;                 /* per file: the index of its line 0 in own_line; [nfiles] the total */
};

lower_src *lower_src_new(arena *a, const ast_schema *ast, const sc_sources *src)
{
    lower_src *ls = ARENA_NEW(a, lower_src);
    ls->a = a;
    ls->ast = ast;
    ls->src = src;
    return ls;
}

sc_span lower_src_arg(const ast_attr *attr, const char *name)
{
    const ast_arg *arg = attr ? ast_find_arg(&attr->args, name, -1) : NULL;
    sc_span none = {0, 0, 0, 0, 0};
    return arg ? arg->span : none;
}

/* The codes after "schemac-lint-ignore" in comment TEXT, or NULL when it is not one. */
static const char *lower_src__ignore_text(const char *text)
{
    static const char key[] = "schemac-lint-ignore";
    if (strncmp(text, "//", 2) != 0)
        return NULL;
    const char *p = text + 2;
    while (*p == '/')
        p++;
    while (*p == ' ' || *p == '\t')
        p++;
    if (strncmp(p, key, sizeof key - 1) != 0)
        return NULL;
    p += sizeof key - 1;
    if (*p != '\0' && *p != ' ' && *p != '\t' && *p != ':')
        return NULL;
    return p;
}

/* Append the codes of LIST (separated by blanks or commas) to *CODES (*N of them, room *CAP). */
static void lower_src__codes(arena *a, const char *list, const char ***codes, size_t *n, size_t *cap)
{
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',' || *p == ':')
            p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t' && *p != ',')
            p++;
        if (p == s)
            continue;
        *codes = arena_reserve(a, *codes, *n, cap, sizeof **codes, 2);
        (*codes)[(*n)++] = arena_strndup(a, s, (size_t)(p - s));
    }
}

/* True when comment K stands alone on its line (only blanks before it). */
static bool lower_src__own_line(const lower_src *ls, const ast_comment *k)
{
    if (!ls->src || k->span.file >= ls->src->nfiles)
        return false;
    const sc_file *f = &ls->src->files[k->span.file];
    size_t i = k->span.start <= f->len ? k->span.start : f->len;
    while (i > 0 && (f->text[i - 1] == ' ' || f->text[i - 1] == '\t'))
        i--;
    return i == 0 || f->text[i - 1] == '\n';
}

/* Index the own-line line comments of every file by line: a line holds at most one. */
static void lower_src__index(lower_src *ls)
{
    ls->indexed = true;
    size_t nfiles = ls->ast->nfiles;
    ls->base = ARENA_ARRAY(ls->a, size_t, nfiles + 1);
    size_t total = 0;
    for (size_t f = 0; f < nfiles; f++) {
        ls->base[f] = total;
        uint32_t last = 0;
        for (const ast_comment *k = ls->ast->comments[f].first; k; k = k->next)
            if (k->span.line > last)
                last = k->span.line;
        total += (size_t)last + 1;
    }
    ls->base[nfiles] = total;
    ls->own_line = ARENA_ARRAY(ls->a, const ast_comment *, total + 1);
    for (size_t f = 0; f < nfiles; f++)
        for (const ast_comment *k = ls->ast->comments[f].first; k; k = k->next)
            if (!k->block && !ls->own_line[ls->base[f] + k->span.line] && lower_src__own_line(ls, k))
                ls->own_line[ls->base[f] + k->span.line] = k;
}

/* The codes of the ignore comments in the run of own-line comments directly above LINE of FILE. */
static void lower_src__ignore(lower_src *ls, ir_src *out, uint32_t file, uint32_t line)
{
    if (!ls->src || !ls->ast->comments || file >= ls->ast->nfiles || line < 2)
        return;
    if (!ls->indexed)
        lower_src__index(ls);
    size_t base = ls->base[file], nlines = ls->base[file + 1] - base, cap = 0, n = 0;
    const char **codes = NULL;
    for (uint32_t want = line - 1; want > 0 && want < nlines; want--) {
        const ast_comment *k = ls->own_line[base + want];
        if (!k)
            break;
        const char *list = lower_src__ignore_text(k->text);
        if (list)
            lower_src__codes(ls->a, list, &codes, &n, &cap);
    }
    out->ignore = codes;
    out->nignore = n;
}

ir_src lower_src_block(lower_src *ls, const ast_block *b)
{
    ir_src s;
    memset(&s, 0, sizeof s);
    s.span = b->name_span;
    s.decl = b->span;
    lower_src__ignore(ls, &s, b->name_span.file, b->keyword_span.line);
    return s;
}

ir_src lower_src_member(lower_src *ls, const ast_member *m, sc_span span)
{
    ir_src s;
    memset(&s, 0, sizeof s);
    s.span = span;
    s.decl = m->span;
    lower_src__ignore(ls, &s, m->span.file, m->span.line);
    return s;
}

void lower_src_comments(lower_src *ls, ir_schema *out)
{
    if (!ls->src || !ls->ast->comments)
        return;
    size_t cap = 0;
    for (size_t f = 0; f < ls->ast->nfiles; f++) {
        for (const ast_comment *k = ls->ast->comments[f].first; k; k = k->next) {
            const char *list = k->block ? NULL : lower_src__ignore_text(k->text);
            if (!list)
                continue;
            out->src_comments = arena_reserve(ls->a, out->src_comments, out->nsrc_comments, &cap,
                                              sizeof *out->src_comments, 4);
            ir_src_comment *c = &out->src_comments[out->nsrc_comments++];
            memset(c, 0, sizeof *c);
            c->span = k->span;
            const char **codes = NULL;
            size_t n = 0, ccap = 0;
            lower_src__codes(ls->a, list, &codes, &n, &ccap);
            c->codes = codes;
            c->ncodes = n;
        }
    }
}
