/*
 * diag.c - collecting and rendering diagnostics; see diag.h.
 */
#include "base/diag.h"

#include <ctype.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { DIAG_DEFAULT_LIMIT = 200 };

void diag_init(sc_diags *d, arena *a)
{
    memset(d, 0, sizeof(*d));
    d->arena = a;
}

#if defined(__GNUC__)
__attribute__((format(printf, 6, 0)))
#endif
static sc_diag *diag__add(sc_diags *d, sc_severity sev, sc_diag_class klass, const sc_span *span,
                          const char *code, const char *fmt, va_list ap)
{
    unsigned limit = d->limit ? d->limit : DIAG_DEFAULT_LIMIT;
    if (sev == SC_SEV_ERROR && d->nerrors >= limit) {
        d->truncated = true;
        d->nerrors++;
        /* A throwaway record keeps callers that attach notes working. */
        sc_diag *sink = ARENA_NEW(d->arena, sc_diag);
        sink->message = "";
        sink->code = code;
        return sink;
    }
    sc_diag *x = ARENA_NEW(d->arena, sc_diag);
    x->severity = sev;
    x->klass = klass;
    x->has_span = span != NULL;
    if (span)
        x->span = *span;
    x->code = code ? code : "error";
    x->message = arena_vprintf(d->arena, fmt, ap);
    if (d->last)
        d->last->next = x;
    else
        d->first = x;
    d->last = x;
    if (sev == SC_SEV_ERROR)
        d->nerrors++;
    else if (sev == SC_SEV_WARNING)
        d->nwarnings++;
    return x;
}

sc_diag *diag_error(sc_diags *d, sc_span span, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sc_diag *x = diag__add(d, SC_SEV_ERROR, SC_DIAG_SCHEMA, &span, code, fmt, ap);
    va_end(ap);
    return x;
}

sc_diag *diag_warning(sc_diags *d, sc_span span, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sc_diag *x = diag__add(d, SC_SEV_WARNING, SC_DIAG_SCHEMA, &span, code, fmt, ap);
    va_end(ap);
    return x;
}

sc_diag *diag_info(sc_diags *d, sc_span span, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sc_diag *x = diag__add(d, SC_SEV_NOTE, SC_DIAG_SCHEMA, &span, code, fmt, ap);
    va_end(ap);
    return x;
}

sc_diag *diag_io_error(sc_diags *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sc_diag *x = diag__add(d, SC_SEV_ERROR, SC_DIAG_IO, NULL, "io", fmt, ap);
    va_end(ap);
    return x;
}

void diag_note(sc_diags *d, sc_diag *diag, const sc_span *span, const char *fmt, ...)
{
    sc_note *n = ARENA_NEW(d->arena, sc_note);
    va_list ap;
    va_start(ap, fmt);
    n->message = arena_vprintf(d->arena, fmt, ap);
    va_end(ap);
    n->has_span = span != NULL;
    if (span)
        n->span = *span;
    sc_note **tail = &diag->notes;
    while (*tail)
        tail = &(*tail)->next;
    *tail = n;
}

size_t diag_edit_distance(const char *a, const char *b)
{
    /* Levenshtein with adjacent transpositions ("emial" is one edit from "email"), ignoring ASCII case. */
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return (size_t)-1;
    size_t row[3][65];
    size_t *pp = row[0], *prev = row[1], *cur = row[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= m; j++) {
            int ai = tolower((unsigned char)a[i - 1]), bj = tolower((unsigned char)b[j - 1]);
            size_t best = prev[j - 1] + (ai == bj ? 0 : 1);
            if (prev[j] + 1 < best)
                best = prev[j] + 1;
            if (cur[j - 1] + 1 < best)
                best = cur[j - 1] + 1;
            if (i > 1 && j > 1 && ai == tolower((unsigned char)b[j - 2]) && tolower((unsigned char)a[i - 2]) == bj &&
                pp[j - 2] + 1 < best)
                best = pp[j - 2] + 1;
            cur[j] = best;
        }
        size_t *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

const char *diag_suggest(const char *name, const char *const *candidates, size_t n)
{
    /* A near miss is at most a third of the name's length away (min 1, max 3),
     * like the suggestions of most compilers. */
    size_t len = strlen(name);
    size_t limit = len / 3;
    if (limit < 1)
        limit = 1;
    if (limit > 3)
        limit = 3;
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (!candidates[i])
            continue;
        size_t dist = diag_edit_distance(name, candidates[i]);
        if (dist < best_d && strcmp(name, candidates[i]) != 0) {
            best = candidates[i];
            best_d = dist;
        }
    }
    return best;
}

/* ---------------------------------------------------------------- sorting */

static int diag__before(const sc_diag *a, const sc_diag *b)
{
    /* I/O errors first, then by file and position. */
    if (a->has_span != b->has_span)
        return !a->has_span;
    if (!a->has_span)
        return 1;
    if (a->span.file != b->span.file)
        return a->span.file < b->span.file;
    return a->span.start <= b->span.start;
}

/* Merge two sorted lists; on ties A's element goes first, which keeps the sort stable. */
static sc_diag *diag__merge(sc_diag *a, sc_diag *b)
{
    sc_diag *head = NULL, **tail = &head;
    while (a && b) {
        if (diag__before(a, b)) {
            *tail = a;
            a = a->next;
        } else {
            *tail = b;
            b = b->next;
        }
        tail = &(*tail)->next;
    }
    *tail = a ? a : b;
    return head;
}

/* Stable merge sort of a list of N diagnostics (lint can give one per field). */
static sc_diag *diag__msort(sc_diag *x, size_t n)
{
    if (n < 2) {
        if (x)
            x->next = NULL;
        return x;
    }
    size_t half = n / 2;
    sc_diag *mid = x;
    for (size_t i = 1; i < half; i++)
        mid = mid->next;
    sc_diag *second = mid->next;
    mid->next = NULL;
    return diag__merge(diag__msort(x, half), diag__msort(second, n - half));
}

void diag_sort(sc_diags *d)
{
    size_t n = 0;
    for (const sc_diag *x = d->first; x; x = x->next)
        n++;
    sc_diag *sorted = diag__msort(d->first, n);
    d->first = sorted;
    d->last = sorted;
    while (d->last && d->last->next)
        d->last = d->last->next;
}

/* ---------------------------------------------------------------- text rendering */

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_RESET "\033[0m"

/* Byte length of the UTF-8 sequence at P (1 for invalid bytes), never past END. */
static size_t diag__utf8_len(const unsigned char *p, const unsigned char *end)
{
    size_t n = 1;
    if (*p >= 0xF0 && *p < 0xF8)
        n = 4;
    else if (*p >= 0xE0)
        n = 3;
    else if (*p >= 0xC2 && *p < 0xE0)
        n = 2;
    if (n == 1 || (size_t)(end - p) < n)
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Print the source line, replacing control characters and invalid UTF-8 with '?'. */
static void diag__print_line(FILE *out, const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    while (p < end) {
        size_t n = diag__utf8_len(p, end);
        if (n == 1 && (*p >= 0x80 || (*p < 0x20 && *p != '\t') || *p == 0x7F))
            fputc('?', out);
        else
            fwrite(p, 1, n, out);
        p += n;
    }
}

/*
 * Line and column of byte offsets, as source_position() gives them, without
 * reading the file from its start for every diagnostic (lint may report one
 * finding per field of a very large schema): the offsets where lines start
 * are found once per file and searched.
 */
typedef struct diag_lines {
    const sc_sources *src;
    size_t **starts; /* per file, NULL until needed: offsets of line starts */
    size_t *n;
} diag_lines;

static void diag__lines_init(diag_lines *l, const sc_sources *src, arena *a)
{
    l->src = src;
    size_t nfiles = src ? src->nfiles : 0;
    l->starts = ARENA_ARRAY(a, size_t *, nfiles ? nfiles : 1);
    l->n = ARENA_ARRAY(a, size_t, nfiles ? nfiles : 1);
}

static void diag__position(diag_lines *l, arena *a, uint32_t file, size_t offset, uint32_t *line,
                           uint32_t *col)
{
    const sc_file *f = &l->src->files[file];
    if (!l->starts[file]) {
        size_t n = 1;
        for (size_t i = 0; i < f->len; i++)
            n += f->text[i] == '\n';
        size_t *st = ARENA_ARRAY(a, size_t, n);
        size_t k = 0;
        st[k++] = 0;
        for (size_t i = 0; i < f->len; i++)
            if (f->text[i] == '\n')
                st[k++] = i + 1;
        l->starts[file] = st;
        l->n[file] = n;
    }
    if (offset > f->len)
        offset = f->len;
    /* The last line start at or before OFFSET. */
    const size_t *st = l->starts[file];
    size_t lo = 0, hi = l->n[file];
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (st[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t c = 1;
    for (size_t i = st[lo]; i < offset; i++)
        if (((unsigned char)f->text[i] & 0xC0) != 0x80)
            c++; /* count characters, not continuation bytes */
    *line = (uint32_t)(lo + 1);
    *col = c;
}

static void diag__snippet(FILE *out, diag_lines *lines, arena *a, const sc_span *sp, bool color)
{
    const sc_sources *src = lines->src;
    if (!src || sp->file >= src->nfiles)
        return;
    const sc_file *f = &src->files[sp->file];
    size_t ls, le;
    source_line_bounds(f, sp->start, &ls, &le);
    uint32_t line, col;
    diag__position(lines, a, sp->file, sp->start, &line, &col);
    char num[16];
    int w = snprintf(num, sizeof num, "%u", line);
    fprintf(out, " %s | ", num);
    diag__print_line(out, f->text + ls, le - ls);
    fputc('\n', out);
    fprintf(out, " %*s | ", w, "");
    /* Keep tabs so the caret lines up under the same characters. */
    const unsigned char *p = (const unsigned char *)f->text + ls;
    const unsigned char *start = (const unsigned char *)f->text + (sp->start > le ? le : sp->start);
    const unsigned char *lend = (const unsigned char *)f->text + le;
    while (p < start) {
        fputc(*p == '\t' ? '\t' : ' ', out);
        p += diag__utf8_len(p, lend);
    }
    size_t stop = sp->end > le ? le : sp->end;
    const unsigned char *e = (const unsigned char *)f->text + stop;
    if (color)
        fputs(C_GREEN, out);
    fputc('^', out);
    if (p < e)
        p += diag__utf8_len(p, lend);
    while (p < e) {
        fputc('~', out);
        p += diag__utf8_len(p, lend);
    }
    if (color)
        fputs(C_RESET, out);
    fputc('\n', out);
}

static void diag__location(FILE *out, const sc_sources *src, const sc_span *sp, bool color)
{
    const char *path = src && sp->file < src->nfiles ? src->files[sp->file].path : "<input>";
    if (color)
        fputs(C_BOLD, out);
    fprintf(out, "%s:%u:%u: ", path, sp->line, sp->col);
    if (color)
        fputs(C_RESET, out);
}

static void diag__label(FILE *out, sc_severity sev, bool color)
{
    static const char *const names[] = {"error", "warning", "note"};
    static const char *const colors[] = {C_RED, C_MAGENTA, C_CYAN};
    if (color)
        fprintf(out, "%s%s:%s ", colors[sev], names[sev], C_RESET);
    else
        fprintf(out, "%s: ", names[sev]);
}

static void diag__render_text(const sc_diags *d, const sc_sources *src, FILE *out, bool color)
{
    diag_lines lines;
    diag__lines_init(&lines, src, d->arena);
    for (const sc_diag *x = d->first; x; x = x->next) {
        if (x->has_span)
            diag__location(out, src, &x->span, color);
        else
            fputs("schemac: ", out);
        diag__label(out, x->severity, color);
        if (color)
            fputs(C_BOLD, out);
        fputs(x->message, out);
        if (color)
            fputs(C_RESET, out);
        fputc('\n', out);
        if (x->has_span)
            diag__snippet(out, &lines, d->arena, &x->span, color);
        for (const sc_note *n = x->notes; n; n = n->next) {
            if (n->has_span)
                diag__location(out, src, &n->span, color);
            diag__label(out, SC_SEV_NOTE, color);
            fputs(n->message, out);
            fputc('\n', out);
            if (n->has_span)
                diag__snippet(out, &lines, d->arena, &n->span, color);
        }
    }
    if (d->truncated)
        fprintf(out, "schemac: too many errors; only the first %u are shown\n",
                d->limit ? d->limit : DIAG_DEFAULT_LIMIT);
    if (d->nerrors || d->nwarnings) {
        if (d->nwarnings && d->nerrors)
            fprintf(out, "%u warning%s and %u error%s generated.\n", d->nwarnings,
                    d->nwarnings == 1 ? "" : "s", d->nerrors, d->nerrors == 1 ? "" : "s");
        else if (d->nerrors)
            fprintf(out, "%u error%s generated.\n", d->nerrors, d->nerrors == 1 ? "" : "s");
        else
            fprintf(out, "%u warning%s generated.\n", d->nwarnings, d->nwarnings == 1 ? "" : "s");
    }
}

/* ---------------------------------------------------------------- JSON rendering */

static void diag__json_span(json_t *obj, diag_lines *lines, arena *a, const sc_span *sp)
{
    const sc_sources *src = lines->src;
    if (!src || sp->file >= src->nfiles)
        return;
    const sc_file *f = &src->files[sp->file];
    uint32_t el, ec;
    diag__position(lines, a, sp->file, sp->end, &el, &ec);
    json_object_set_new(obj, "file", json_string(f->path));
    json_object_set_new(obj, "line", json_integer(sp->line));
    json_object_set_new(obj, "column", json_integer(sp->col));
    json_object_set_new(obj, "end_line", json_integer(el));
    json_object_set_new(obj, "end_column", json_integer(ec));
}

/* jansson refuses invalid UTF-8; messages quote user input, so make them safe first. */
static json_t *diag__json_str(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (!copy)
        return json_string("");
    for (size_t i = 0; i < n; i++)
        copy[i] = (unsigned char)s[i] < 0x80 ? s[i] : '?';
    copy[n] = '\0';
    j = json_string(copy);
    free(copy);
    return j;
}

static void diag__render_json(const sc_diags *d, const sc_sources *src, FILE *out)
{
    static const char *const names[] = {"error", "warning", "note"};
    diag_lines lines;
    diag__lines_init(&lines, src, d->arena);
    json_t *root = json_object();
    json_t *arr = json_array();
    for (const sc_diag *x = d->first; x; x = x->next) {
        json_t *o = json_object();
        json_object_set_new(o, "severity", json_string(names[x->severity]));
        json_object_set_new(o, "code", json_string(x->code));
        json_object_set_new(o, "message", diag__json_str(x->message));
        if (x->has_span)
            diag__json_span(o, &lines, d->arena, &x->span);
        json_t *notes = json_array();
        for (const sc_note *n = x->notes; n; n = n->next) {
            json_t *no = json_object();
            json_object_set_new(no, "message", diag__json_str(n->message));
            if (n->has_span)
                diag__json_span(no, &lines, d->arena, &n->span);
            json_array_append_new(notes, no);
        }
        json_object_set_new(o, "notes", notes);
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "diagnostics", arr);
    json_object_set_new(root, "errors", json_integer(d->nerrors));
    json_object_set_new(root, "warnings", json_integer(d->nwarnings));
    json_object_set_new(root, "truncated", json_boolean(d->truncated));
    json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(root);
}

void diag_render(const sc_diags *d, const sc_sources *src, FILE *out, sc_diag_format fmt, bool color)
{
    if (fmt == SC_DIAG_JSON)
        diag__render_json(d, src, out);
    else
        diag__render_text(d, src, out, color);
}
