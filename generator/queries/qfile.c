/*
 * qfile.c - query files cut into queries (query.h).
 *
 * sqlc's rules (docs/queries.md): a file holds statements separated by ';'
 * (found among top-level tokens, base/sqlscan.h); a statement belongs to a
 * query when a line of the text before it (after the previous ';') starts
 * at column 0 with "-- name: Name :cmd" or "/" "* name: Name :cmd *" "/", in
 * exactly that spacing. The first such line wins. Other comment lines at
 * column 0 become the query's documentation and are taken out of its SQL;
 * "-- @param" and "-- @description" lines are annotations. Prisma
 * TypedSQL's files hold one statement; the file name is the query's name.
 */
#include "queries/query.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/fileio.h"
#include "base/sqlscan.h"
#include "base/strbuf.h"
#include "base/strmap.h"

static const char *const q__cmds[] = {
    [Q_CMD_NONE] = "",           [Q_CMD_ONE] = ":one",           [Q_CMD_MANY] = ":many",
    [Q_CMD_EXEC] = ":exec",      [Q_CMD_EXECROWS] = ":execrows", [Q_CMD_EXECRESULT] = ":execresult",
    [Q_CMD_EXECLASTID] = ":execlastid", [Q_CMD_COPYFROM] = ":copyfrom", [Q_CMD_BATCHEXEC] = ":batchexec",
    [Q_CMD_BATCHMANY] = ":batchmany",   [Q_CMD_BATCHONE] = ":batchone",
};

const char *q_cmd_name(q_cmd c)
{
    return (size_t)c < sizeof q__cmds / sizeof q__cmds[0] ? q__cmds[c] : "";
}

q_cmd q_cmd_from_name(const char *name, size_t len)
{
    for (size_t i = 1; i < sizeof q__cmds / sizeof q__cmds[0]; i++)
        if (strlen(q__cmds[i]) == len && memcmp(q__cmds[i], name, len) == 0)
            return (q_cmd)i;
    return Q_CMD_NONE;
}

/* ---------------------------------------------------------------- spans */

typedef struct qf {
    arena *a;
    const sc_sources *src;
    sc_diags *diags;
    uint32_t file;
    const char *text;
    size_t len;
    size_t errors;
    q_set *out;
    size_t cap;
} qf;

static sc_span qf__span(const qf *f, size_t start, size_t end)
{
    sc_span s = {f->file, (uint32_t)start, (uint32_t)end, 0, 0};
    source_position(&f->src->files[f->file], start, &s.line, &s.col);
    return s;
}

static sc_diag *qf__error(qf *f, size_t start, size_t end, const char *code, const char *msg)
{
    f->errors++;
    return diag_error(f->diags, qf__span(f, start, end), code, "%s", msg);
}

static bool qf__ident(const char *s, size_t n)
{
    if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '_'))
            return false;
    return true;
}

/* ---------------------------------------------------------------- annotations */

static const char *qf__trim(arena *a, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return arena_strndup(a, s, n);
}

/*
 * "-- @param {Type} $N:alias? doc" (TEXT is what follows "@param"), with
 * Prisma's messages. Returns false after reporting.
 */
static bool qf__param(qf *f, q_query *q, const char *text, size_t start, size_t end)
{
    q_annot an;
    memset(&an, 0, sizeof an);
    an.span = qf__span(f, start, end);
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    bool any = false;
    if (*p == '{') {
        const char *close = strchr(p, '}');
        if (!close) {
            qf__error(f, start, end, "invalid-annotation", "@param: missing closing bracket");
            return false;
        }
        an.type = qf__trim(f->a, p + 1, (size_t)(close - p - 1));
        if (!*an.type) {
            qf__error(f, start, end, "invalid-annotation",
                      "@param: missing type (accepted types are: 'Int', 'BigInt', 'Float', 'Boolean', 'String', "
                      "'DateTime', 'Json', 'Bytes', 'Decimal', or an enum)");
            return false;
        }
        p = close + 1;
        any = true;
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '$') {
        const char *q0 = ++p;
        while (*p && *p != ':' && !isspace((unsigned char)*p))
            p++;
        char *endp = NULL;
        long n = strtol(q0, &endp, 10);
        if (p == q0 || endp != p || n < 1 || n > 65535) {
            qf__error(f, start, end, "invalid-annotation",
                      arena_printf(f->a, "@param: invalid position. Expected a number found: %.*s", (int)(p - q0), q0));
            return false;
        }
        an.position = (int)n;
        any = true;
    }
    if (*p == ':') {
        const char *q0 = ++p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        size_t n = (size_t)(p - q0);
        if (n && q0[n - 1] == '?') {
            an.nullable = true;
            n--;
        }
        if (n) {
            if (!qf__ident(q0, n)) {
                qf__error(f, start, end, "invalid-annotation",
                          arena_printf(f->a, "@param: the name \"%.*s\" is not a C identifier", (int)n, q0));
                return false;
            }
            an.alias = arena_strndup(f->a, q0, n);
        }
        any = true;
    }
    an.doc = qf__trim(f->a, p, strlen(p));
    if (!any) {
        /* `@param Int $1:x`: the type written without its braces */
        const char *w = p;
        while (isalnum((unsigned char)*w) || *w == '_')
            w++;
        bool bare_type = w > p && isalpha((unsigned char)*p) && isspace((unsigned char)*w);
        qf__error(f, start, end, "invalid-annotation",
                  bare_type ? arena_printf(f->a, "@param: could not parse any information (a type goes in braces: "
                                                 "@param {%.*s} ...)",
                                           (int)(w - p), p)
                            : "@param: could not parse any information");
        return false;
    }
    if (!an.position && !an.alias) {
        qf__error(f, start, end, "invalid-annotation", "@param: missing position or alias (eg: $1:alias)");
        return false;
    }
    for (size_t i = 0; i < q->nannots; i++) {
        const q_annot *o = &q->annots[i];
        if ((an.position && o->position == an.position) || (an.alias && o->alias && strcmp(o->alias, an.alias) == 0)) {
            sc_diag *dg = qf__error(f, start, end, "invalid-annotation",
                                    "@param: duplicate parameter (position or alias is already used)");
            diag_note(f->diags, dg, &o->span, "the first @param for it");
            return false;
        }
    }
    q->annots = arena_grow(f->a, q->annots, q->nannots * sizeof *q->annots, (q->nannots + 1) * sizeof *q->annots);
    q->annots[q->nannots++] = an;
    return true;
}

/* ---------------------------------------------------------------- the name line */

/*
 * LINE (LEN bytes, at column 0) as sqlc reads a name line: 1 when it is one
 * (name and command filled), 0 when it is an ordinary comment, -1 after an
 * error.
 */
static int qf__name_line(qf *f, size_t at, const char *line, size_t len, q_query *q)
{
    bool block = len >= 2 && line[0] == '/' && line[1] == '*';
    if (!(len >= 2 && ((line[0] == '-' && line[1] == '-') || block)))
        return 0;
    const char *rest = line + 2;
    size_t rlen = len - 2;
    size_t k = 0;
    while (k < rlen && isspace((unsigned char)rest[k]))
        k++;
    if (rlen - k < 4 || strncmp(rest + k, "name", 4) != 0 || !memchr(rest, ':', rlen))
        return 0;
    if (rlen < 7 || strncmp(rest, " name: ", 7) != 0) {
        qf__error(f, at, at + len, "invalid-query-name",
                  arena_printf(f->a, "invalid metadata: %.*s (write \"-- name: Name :command\", one space apart)",
                               (int)len, line));
        return -1;
    }
    /* TrimSpace, then split on single spaces. */
    size_t s = 0, e = len;
    while (s < e && isspace((unsigned char)line[s]))
        s++;
    while (e > s && isspace((unsigned char)line[e - 1]))
        e--;
    const char *parts[8];
    size_t plen[8];
    size_t np = 0;
    size_t i = s;
    while (i <= e && np < 8) {
        size_t j = i;
        while (j < e && line[j] != ' ')
            j++;
        parts[np] = line + i;
        plen[np++] = j - i;
        i = j + 1;
    }
    if (block && np && plen[np - 1] == 2 && strncmp(parts[np - 1], "*/", 2) == 0)
        np--;
    if (np == 3) {
        qf__error(f, at, at + len, "invalid-query-name",
                  arena_printf(f->a, "missing query type [':one', ':many', ':exec', ':execrows', ':execlastid', "
                                     "':execresult', ':copyfrom', ':batchexec', ':batchmany', ':batchone']: %.*s",
                               (int)len, line));
        return -1;
    }
    if (np != 4) {
        qf__error(f, at, at + len, "invalid-query-name", arena_printf(f->a, "invalid query comment: %.*s", (int)len, line));
        return -1;
    }
    q_cmd cmd = q_cmd_from_name(parts[3], plen[3]);
    if (cmd == Q_CMD_NONE) {
        size_t off = (size_t)(parts[3] - line);
        sc_diag *d = qf__error(f, at + off, at + off + plen[3], "invalid-query-name",
                               arena_printf(f->a, "invalid query type: %.*s", (int)plen[3], parts[3]));
        const char *cmds[sizeof q__cmds / sizeof q__cmds[0] - 1];
        for (size_t c = 1; c < sizeof q__cmds / sizeof q__cmds[0]; c++)
            cmds[c - 1] = q__cmds[c];
        const char *near = diag_suggest(arena_strndup(f->a, parts[3], plen[3]), cmds, sizeof cmds / sizeof cmds[0]);
        if (d && near)
            diag_note(f->diags, d, NULL, "did you mean \"%s\"?", near);
        else if (d)
            diag_note(f->diags, d, NULL,
                      "the commands are :one, :many, :exec, :execrows, :execresult, :execlastid, :copyfrom, "
                      ":batchexec, :batchmany and :batchone");
        return -1;
    }
    if (!qf__ident(parts[2], plen[2])) {
        size_t off = (size_t)(parts[2] - line);
        qf__error(f, at + off, at + off + plen[2], "invalid-query-name",
                  arena_printf(f->a, "invalid query name \"%.*s\": a query's name must be a C identifier (letters, "
                                     "digits, '_', not starting with a digit)",
                               (int)plen[2], parts[2]));
        return -1;
    }
    q->name = arena_strndup(f->a, parts[2], plen[2]);
    q->cmd = cmd;
    q->span = qf__span(f, at + (size_t)(parts[2] - line), at + (size_t)(parts[2] - line) + plen[2]);
    return 1;
}

/* ---------------------------------------------------------------- statements */

/* Whether [from, to) holds anything but blanks and comments. */
typedef struct qf_stmt {
    size_t from, to;       /* the raw text: after the previous ';' up to (not including) this one */
    size_t code_from, code_to; /* the first and last code token */
    bool code;
} qf_stmt;

static q_query *qf__new(qf *f)
{
    if (f->out->n == f->cap) {
        size_t ncap = f->cap ? f->cap * 2 : 16;
        f->out->items = arena_grow(f->a, f->out->items, f->cap * sizeof *f->out->items, ncap * sizeof *f->out->items);
        f->cap = ncap;
    }
    q_query *q = &f->out->items[f->out->n++];
    memset(q, 0, sizeof *q);
    q->file = f->src->files[f->file].path;
    q->source = f->file;
    return q;
}

/*
 * Take one statement's raw text apart: comment lines at column 0 (the name
 * line, annotations, documentation) and the SQL. Q gets what it finds.
 * Returns 1 when a name line was found, 0 when none, -1 after an error.
 */
static int qf__statement(qf *f, const qf_stmt *st, q_query *q, sqlscan_dialect dialect, bool want_name)
{
    strbuf sql, doc;
    strbuf_init(&sql, f->a);
    /* Where each byte of the SQL comes from in the file. */
    uint32_t *map = arena_alloc(f->a, (st->to - st->from + 1) * sizeof *map);
    size_t nmap = 0;
    strbuf_init(&doc, f->a);
    sqlscan s;
    sqlscan_init(&s, dialect, f->text + st->from, st->to - st->from);
    int named = 0;
    bool bad = false;
    size_t copied = st->from; /* text before this offset is in SQL or dropped */
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END)
            break;
        size_t at = st->from + t.start;
        bool comment = t.kind == SQLTOK_LINE_COMMENT ||
                       (t.kind == SQLTOK_BLOCK_COMMENT && !memchr(f->text + at, '\n', t.len));
        if (!comment || !(at == 0 || f->text[at - 1] == '\n'))
            continue;
        /* A comment at column 0: a whole line when only blanks follow it on its line. */
        size_t end = at + t.len;
        size_t eol = end;
        while (eol < st->to && (f->text[eol] == ' ' || f->text[eol] == '\t' || f->text[eol] == '\r'))
            eol++;
        if (eol < st->to && f->text[eol] != '\n')
            continue;
        const char *line = f->text + at;
        size_t len = t.len;
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
            len--;
        int r = 0;
        if (want_name && !named)
            r = qf__name_line(f, at, line, len, q);
        if (r < 0)
            bad = true;
        else if (r > 0)
            named = 1;
        else {
            const char *body = line + 2;
            size_t blen = len - 2;
            if (t.kind == SQLTOK_BLOCK_COMMENT && blen >= 2)
                blen -= 2;
            const char *trimmed = qf__trim(f->a, body, blen);
            if (strncmp(trimmed, "@param", 6) == 0 && (!trimmed[6] || isspace((unsigned char)trimmed[6]))) {
                if (!qf__param(f, q, trimmed + 6, at, at + len))
                    bad = true;
            } else if (strncmp(trimmed, "@description", 12) == 0 &&
                       (!trimmed[12] || isspace((unsigned char)trimmed[12]))) {
                strbuf_printf(&doc, "%s%s", doc.len ? "\n" : "", qf__trim(f->a, trimmed + 12, strlen(trimmed + 12)));
            } else if (trimmed[0] != '@') {
                strbuf_printf(&doc, "%s%s", doc.len ? "\n" : "", trimmed);
            }
        }
        /* The line leaves the SQL, with its line end. */
        for (size_t k = copied; k < at; k++)
            map[nmap++] = (uint32_t)k;
        strbuf_putn(&sql, f->text + copied, at - copied);
        copied = eol < st->to ? eol + 1 : eol;
        sqlscan_init(&s, dialect, f->text + st->from, st->to - st->from);
        s.pos = copied - st->from;
    }
    for (size_t k = copied; k < st->to; k++)
        map[nmap++] = (uint32_t)k;
    strbuf_putn(&sql, f->text + copied, st->to - copied);
    const char *all = strbuf_str(&sql);
    size_t b = 0, e = sql.len;
    while (b < e && isspace((unsigned char)all[b]))
        b++;
    while (e > b && isspace((unsigned char)all[e - 1]))
        e--;
    q->sql = arena_strndup(f->a, all + b, e - b);
    q->sql_map = map + b;
    q->sql_len = e - b;
    q->doc = doc.len ? strbuf_str(&doc) : NULL;
    q->sql_span = qf__span(f, st->code_from, st->code_to);
    return bad ? -1 : named;
}

/* The statements of the file: raw text between top-level ';'. Returns -1 after reporting an unterminated token. */
static int qf__split(qf *f, sqlscan_dialect dialect, qf_stmt **out, size_t *n)
{
    size_t cap = 8;
    *out = arena_alloc(f->a, cap * sizeof **out);
    *n = 0;
    sqlscan s;
    sqlscan_init(&s, dialect, f->text, f->len);
    qf_stmt cur = {0, 0, 0, 0, false};
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_ERROR) {
            qf__error(f, t.start, t.start + 1, "invalid-query",
                      arena_printf(f->a, "%s: the file cannot be split into statements", s.error));
            return -1;
        }
        bool end = t.kind == SQLTOK_END || t.kind == SQLTOK_SEMICOLON;
        if (!end) {
            if (t.kind != SQLTOK_SPACE && t.kind != SQLTOK_LINE_COMMENT && t.kind != SQLTOK_BLOCK_COMMENT) {
                if (!cur.code)
                    cur.code_from = t.start;
                cur.code = true;
                cur.code_to = t.start + t.len;
            }
            continue;
        }
        cur.to = t.start;
        if (*n == cap) {
            *out = arena_grow(f->a, *out, cap * sizeof **out, cap * 2 * sizeof **out);
            cap *= 2;
        }
        (*out)[(*n)++] = cur;
        if (t.kind == SQLTOK_END)
            return 0;
        memset(&cur, 0, sizeof cur);
        cur.from = t.start + t.len;
    }
}

/* "dir/getUsersByAge.sql" -> "getUsersByAge"; NULL when the stem is no C identifier. */
static const char *qf__stem(arena *a, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".sql") == 0)
        n -= 4;
    return qf__ident(base, n) ? arena_strndup(a, base, n) : NULL;
}

size_t q_read_text(q_set *out, arena *a, const sc_sources *src, sc_diags *diags, uint32_t file, q_format format,
                   ir_provider provider)
{
    qf f = {a, src, diags, file, src->files[file].text, src->files[file].len, 0, out, out->n};
    if (strlen(f.text) != f.len) {
        qf__error(&f, strlen(f.text), strlen(f.text) + 1, "invalid-query", "a query file is text: this one holds a NUL byte");
        return f.errors;
    }
    sqlscan_dialect dialect = provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE;
    qf_stmt *stmts = NULL;
    size_t n = 0;
    if (qf__split(&f, dialect, &stmts, &n) != 0)
        return f.errors;
    if (format == Q_FORMAT_AUTO) {
        format = Q_FORMAT_TYPEDSQL;
        for (size_t i = 0; i < f.len; i++) {
            if ((i == 0 || f.text[i - 1] == '\n') &&
                (strncmp(f.text + i, "-- name:", 8) == 0 || strncmp(f.text + i, "/* name:", 8) == 0)) {
                format = Q_FORMAT_SQLC;
                break;
            }
        }
    }
    if (format == Q_FORMAT_TYPEDSQL) {
        const qf_stmt *only = NULL;
        for (size_t i = 0; i < n; i++) {
            if (!stmts[i].code)
                continue;
            if (only) {
                qf__error(&f, stmts[i].code_from, stmts[i].code_to, "invalid-query",
                          "a TypedSQL query file holds one statement (its file name is the query's name); put this "
                          "one in a file of its own, or name each query with \"-- name: Name :command\" lines");
                return f.errors;
            }
            only = &stmts[i];
        }
        const char *name = qf__stem(a, src->files[file].path);
        if (!only) {
            qf__error(&f, 0, f.len ? 1 : 0, "invalid-query", "the query file holds no statement");
            return f.errors;
        }
        if (!name) {
            qf__error(&f, 0, 0, "invalid-query-name",
                      "the file name of a TypedSQL query is the query's name and must be a C identifier (letters, "
                      "digits, '_', not starting with a digit), followed by .sql");
            return f.errors;
        }
        q_query *q = qf__new(&f);
        q->format = Q_FORMAT_TYPEDSQL;
        q->name = name;
        q->cmd = Q_CMD_MANY;
        q->span = qf__span(&f, only->code_from, only->code_from);
        if (qf__statement(&f, only, q, dialect, false) < 0)
            out->n--;
        return f.errors;
    }
    for (size_t i = 0; i < n; i++) {
        if (!stmts[i].code) {
            /* Comments after the last statement: a name line there names nothing. */
            q_query tmp;
            memset(&tmp, 0, sizeof tmp);
            if (qf__statement(&f, &stmts[i], &tmp, dialect, true) > 0)
                qf__error(&f, tmp.span.start, tmp.span.end, "invalid-query",
                          arena_printf(a, "query %s has no statement after its name line", tmp.name));
            continue;
        }
        q_query *q = qf__new(&f);
        q->format = Q_FORMAT_SQLC;
        int r = qf__statement(&f, &stmts[i], q, dialect, true);
        if (r <= 0) {
            out->n--;
            if (r == 0)
                diag_warning(diags, qf__span(&f, stmts[i].code_from, stmts[i].code_to), "unnamed-query",
                             "this statement has no \"-- name: Name :command\" line before it, so no function is "
                             "made for it (sqlc skips it too)");
        }
    }
    return f.errors;
}

/* ---------------------------------------------------------------- files and folders */

static int qf__cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static size_t q__read_file(q_set *out, arena *a, sc_sources *src, sc_diags *diags, const char *path, q_format format,
                           ir_provider provider)
{
    char *text = NULL;
    size_t len = 0;
    const char *err = NULL;
    if (fileio_read(a, path, FILEIO_MAX_INPUT_BYTES, &text, &len, &err) != 0) {
        diag_io_error(diags, "%s", err);
        return 1;
    }
    uint32_t idx = source_add(src, a, path, text, len);
    return q_read_text(out, a, src, diags, idx, format, provider);
}

size_t q_read(q_set *out, arena *a, sc_sources *src, sc_diags *diags, const char *const *paths, size_t npaths,
              q_format format, ir_provider provider)
{
    size_t errors = 0;
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            diag_io_error(diags, "cannot open query path %s: %s", paths[i], strerror(errno));
            errors++;
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            errors += q__read_file(out, a, src, diags, paths[i], format, provider);
            continue;
        }
        DIR *dp = opendir(paths[i]);
        if (!dp) {
            diag_io_error(diags, "cannot open folder %s: %s", paths[i], strerror(errno));
            errors++;
            continue;
        }
        size_t n = 0, cap = 16;
        const char **names = arena_alloc(a, cap * sizeof *names);
        struct dirent *de;
        while ((de = readdir(dp)) != NULL) {
            size_t l = strlen(de->d_name);
            if (de->d_name[0] == '.' || l < 5 || strcmp(de->d_name + l - 4, ".sql") != 0)
                continue;
            if (n == cap) {
                names = arena_grow(a, names, cap * sizeof *names, cap * 2 * sizeof *names);
                cap *= 2;
            }
            names[n++] = arena_printf(a, "%s%s%s", paths[i], paths[i][strlen(paths[i]) - 1] == '/' ? "" : "/", de->d_name);
        }
        closedir(dp);
        qsort(names, n, sizeof *names, qf__cmp);
        if (n == 0) {
            diag_io_error(diags, "query folder %s holds no .sql file", paths[i]);
            errors++;
        }
        for (size_t k = 0; k < n; k++)
            errors += q__read_file(out, a, src, diags, names[k], format, provider);
    }
    /* One name per function: across every file. */
    strmap seen;
    strmap_init(&seen, a);
    for (size_t i = 0; i < out->n; i++) {
        q_query *first = strmap_adds(&seen, out->items[i].name, &out->items[i]);
        if (!first)
            continue;
        sc_diag *d = diag_error(diags, out->items[i].span, "duplicate-query", "duplicate query name: %s",
                                out->items[i].name);
        diag_note(diags, d, &first->span, "%s is first defined here", first->name);
        errors++;
    }
    return errors;
}
