/*
 * test_hostile.c - the hostile-schema test (#11): every place a schema holds
 * text, filled with hostile strings, through `check`, `sql`, `generate`,
 * `migrate diff` and `migrate apply`, on one engine per run.
 *
 *   test_hostile ENGINE SCHEMAC CASES WORKDIR RUNTIME_INCLUDE RUNTIME_LIB LINK_CC LINK_FLAGS CC...
 *
 * CASES (tests/hostile/cases) lists the strings and, for each kind of place,
 * whether a string is accepted there or refused with which diagnostic at
 * which character. Every schema has two canary models.
 *
 * Refused: a string's refused places of one kind go into one schema, each
 * place with names of its own (/// comments one per schema). `check`,
 * `sql`, `generate` and `migrate diff` must all exit 1 with an error at each
 * place's file:line:col, and write nothing.
 *
 * Accepted: all accepted strings go into one schema, one model per string
 * (with its enum, relations, indexes and checks) holding it in each place it
 * is accepted, and must give exactly the intended database:
 *   - the DDL of `sql`, and the migrations of `migrate diff` + `apply` (on a
 *     database already holding canary rows), each make exactly the intended
 *     tables, columns, indexes, constraints and enum labels (the last two on
 *     PostgreSQL), read from the catalog; defaults read back from an inserted
 *     row equal the strings; `migrate check` finds no drift; `rollback` and
 *     `apply` again run;
 *   - `generate` gives C that compiles under each CC with -std=c11 -Wall
 *     -Wextra -Wpedantic -Werror (text that escaped a C comment or string
 *     would fail a static assertion), and a program built on it stores the
 *     strings and reads them back (create, find, list; the checks and partial
 *     unique indexes the strings are part of; a many-to-many link);
 *   - the canary tables and rows are intact after every step.
 *
 * `cname` lines are schema text the database takes but whose names would be
 * one C name: only `generate` refuses them, located.
 *
 * PostgreSQL databases are created in the test cluster (SCHEMAC_TEST_PG_URLFILE)
 * with standard_conforming_strings off, as a hostile server could be set up.
 * Work files of a failing run stay in WORKDIR.
 */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <schemac/schemac.h>

#include "testutil.h"

/* ---------------------------------------------------------------- buffers */

typedef struct {
    char *p;
    size_t n, cap;
} buf;

static void b_put(buf *b, const void *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 256;
        while (c < b->n + n + 1)
            c *= 2;
        char *p = realloc(b->p, c);
        if (!p)
            abort();
        b->p = p;
        b->cap = c;
    }
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void b_puts(buf *b, const char *s)
{
    b_put(b, s, strlen(s));
}

__attribute__((format(printf, 2, 3))) static void b_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    char *tmp = malloc((size_t)n + 1);
    if (!tmp)
        abort();
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b_put(b, tmp, (size_t)n);
    free(tmp);
}

/* Append TPL with every FROM replaced by TO. */
static void b_subst(buf *b, const char *tpl, const char *from, const char *to)
{
    size_t fl = strlen(from);
    for (const char *p = tpl, *hit; *p; p = hit + fl) {
        hit = strstr(p, from);
        if (!hit) {
            b_puts(b, p);
            return;
        }
        b_put(b, p, (size_t)(hit - p));
        b_puts(b, to);
    }
}

static void b_free(buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* A string of bytes (may hold any byte; always NUL-terminated too). */
typedef struct {
    char *p;
    size_t n;
} str;

static str s_dup(const char *p, size_t n)
{
    str s;
    s.p = malloc(n + 1);
    if (!s.p)
        abort();
    if (n)
        memcpy(s.p, p, n);
    s.p[n] = '\0';
    s.n = n;
    return s;
}

static str s_cat3(const char *a, str mid, const char *c)
{
    buf b = {0};
    b_puts(&b, a);
    b_put(&b, mid.p, mid.n);
    b_puts(&b, c);
    str s = {b.p ? b.p : s_dup("", 0).p, b.n};
    return s;
}

__attribute__((format(printf, 1, 2))) static char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = malloc((size_t)n + 1);
    if (!p)
        abort();
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

static bool s_eq(str a, const char *p, size_t n)
{
    return a.n == n && (n == 0 || memcmp(a.p, p, n) == 0);
}

/* A short printable form of bytes for messages. */
static const char *show(const char *p, size_t n)
{
    static char out[4][200];
    static int k;
    char *o = out[k++ % 4];
    size_t j = 0;
    for (size_t i = 0; i < n && j < sizeof out[0] - 8; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f && c != '\\')
            o[j++] = (char)c;
        else
            j += (size_t)snprintf(o + j, 8, "\\x%02x", c);
    }
    if (n > 60 && j >= sizeof out[0] - 8)
        j += (size_t)snprintf(o + j, 8, "...");
    o[j] = '\0';
    return o;
}

/* ---------------------------------------------------------------- progress */

/* "NAME: N.N s" since the previous call: where the time of a run goes (information only). */
static void phase(const char *name)
{
    static double last;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    if (name)
        printf("  %-28s %6.1f s\n", name, t - last);
    fflush(stdout);
    last = t;
}

/* ---------------------------------------------------------------- failures */

static int g_failures;
static const char *g_where = "";

__attribute__((format(printf, 1, 2))) static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL [%s]: ", g_where);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    g_failures++;
}

/* ---------------------------------------------------------------- files and processes */

static char *read_all(const char *path, size_t *len)
{
    return testutil_read_file(path, len);
}

static void write_all(const char *path, const char *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s: %s\n", path, strerror(errno));
        exit(2);
    }
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Run ARGV in DIR with stdout and stderr to files; the exit status, or 128 + signal. */
static int run(const char *dir, const char *const *argv, const char *out, const char *err)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        if (dir && chdir(dir) != 0)
            _exit(126);
        int fo = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(err ? err : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
            _exit(126);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) {
            perror("waitpid");
            exit(2);
        }
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void rm_rf(const char *path)
{
    const char *argv[] = {"rm", "-rf", path, NULL};
    run(NULL, argv, NULL, NULL);
}

static void mkdir_p(const char *path)
{
    const char *argv[] = {"mkdir", "-p", path, NULL};
    if (run(NULL, argv, NULL, NULL) != 0) {
        fprintf(stderr, "cannot create %s\n", path);
        exit(2);
    }
}

/* The first lines of a file, for a failure message. */
static void dump(const char *path)
{
    size_t n = 0;
    char *t = read_all(path, &n);
    if (!t)
        return;
    size_t lim = n > 3000 ? 3000 : n;
    fprintf(stderr, "---- %s\n%.*s%s\n----\n", path, (int)lim, t, n > lim ? "\n[...]" : "");
    free(t);
}

/* ---------------------------------------------------------------- the cases file */

enum { CLS_NAME, CLS_LABEL, CLS_VALUE, CLS_SQL, CLS_DOC, NCLS };
static const char *const cls_names[NCLS] = {"name", "label", "value", "sql", "doc"};

enum { EX_SKIP, EX_OK, EX_REFUSE };

typedef struct {
    int kind;
    char code[64];
    long at; /* character offset into the payload as written, or -1: the string's opening quote */
} expect;

typedef struct {
    char id[64];
    int line;
    bool sqlrow; /* a `sql` line: TEXT is a whole SQL expression */
    bool cname;  /* a `cname` line: TEXT is schema text whose C names clash */
    char cell[NCLS][256]; /* the cells as written, read by expect_at */
    str written; /* as the schema holds it: schema string escapes for strings */
    str raw;     /* decoded */
} hcase;

static const char *g_engine;

/*
 * One cell for the place KEY (NULL: the choice for every place of the kind):
 * ok | - | CODE@AT, or a ','-separated list of choices where PLACE=... is for
 * one place, ENGINE=... for one engine and ENGINE:PLACE=... for one place on
 * one engine; the most specific one counts.
 */
static int parse_cell(expect *e, const char *cell, const char *key)
{
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", cell);
    const char *both = NULL, *at_place = NULL, *at_engine = NULL, *any = NULL;
    for (char *save = NULL, *t = strtok_r(tmp, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '=');
        if (!eq) {
            any = t;
            continue;
        }
        *eq = '\0';
        char *colon = strchr(t, ':');
        if (colon) {
            *colon = '\0';
            if (key && strcmp(t, g_engine) == 0 && strcmp(colon + 1, key) == 0)
                both = eq + 1;
        } else if (strcmp(t, g_engine) == 0) {
            at_engine = eq + 1;
        } else if (key && strcmp(t, key) == 0) {
            at_place = eq + 1;
        }
    }
    const char *v = both ? both : at_place ? at_place : at_engine ? at_engine : any;
    memset(e, 0, sizeof *e);
    if (!v || strcmp(v, "-") == 0) {
        e->kind = EX_SKIP;
        return 0;
    }
    if (strcmp(v, "ok") == 0) {
        e->kind = EX_OK;
        return 0;
    }
    const char *at = strchr(v, '@');
    if (!at || at == v || (size_t)(at - v) >= sizeof e->code)
        return -1;
    e->kind = EX_REFUSE;
    memcpy(e->code, v, (size_t)(at - v));
    if (strcmp(at + 1, "^") == 0) {
        e->at = -1;
    } else {
        char *end = NULL;
        e->at = strtol(at + 1, &end, 10);
        if (!end || *end || e->at < 0)
            return -1;
    }
    return 0;
}

/* What the case expects in the place KEY of kind CLS (KEY NULL: in every place of the kind). */
static expect expect_at(const hcase *c, int cls, const char *key)
{
    expect e;
    parse_cell(&e, c->cell[cls], key);
    return e;
}

static bool ok_at(const hcase *c, int cls, const char *key)
{
    return expect_at(c, cls, key).kind == EX_OK;
}

/* The next whitespace-separated token of *P, or a "..." token as a whole. */
static char *next_token(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s || *s == '\n')
        return NULL;
    char *start = s;
    if (*s == '"') {
        for (s++; *s && *s != '"'; s++)
            if (*s == '\\' && s[1])
                s++;
        if (*s == '"')
            s++;
    } else {
        while (*s && *s != ' ' && *s != '\t' && *s != '\n')
            s++;
    }
    if (*s)
        *s++ = '\0';
    *p = s;
    return start;
}

static str repeat(str s, long times)
{
    buf b = {0};
    b_put(&b, "", 0);
    for (long i = 0; i < times; i++)
        b_put(&b, s.p, s.n);
    str r = {b.p, b.n};
    return r;
}

static hcase *load_cases(const char *path, size_t *count)
{
    size_t len = 0;
    char *text = read_all(path, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    hcase *cases = calloc(512, sizeof *cases);
    size_t n = 0;
    int lineno = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *p = line;
        char *kind = next_token(&p);
        if (!kind || kind[0] == '#')
            continue;
        if (n == 512) {
            fprintf(stderr, "%s: too many cases\n", path);
            exit(2);
        }
        hcase *c = &cases[n];
        c->line = lineno;
        char *id = next_token(&p);
        int ncells = 0;
        const char *cells[NCLS] = {0};
        if (strcmp(kind, "str") == 0) {
            ncells = NCLS;
        } else if (strcmp(kind, "sql") == 0) {
            c->sqlrow = true;
            ncells = 1;
        } else if (strcmp(kind, "cname") == 0) {
            c->cname = true;
            ncells = 1;
        } else {
            fprintf(stderr, "%s:%d: unknown line kind '%s'\n", path, lineno, kind);
            exit(2);
        }
        for (int k = 0; k < ncells; k++)
            cells[k] = next_token(&p);
        char *payload = next_token(&p);
        char *times = next_token(&p);
        if (!id || !payload || payload[0] != '"' || !cells[ncells - 1]) {
            fprintf(stderr, "%s:%d: expected %s ID CELLS \"PAYLOAD\" [xN]\n", path, lineno, kind);
            exit(2);
        }
        snprintf(c->id, sizeof c->id, "%s", id);
        for (int k = 0; k < NCLS; k++) {
            const char *cell = c->sqlrow ? (k == CLS_SQL ? cells[0] : "-") : c->cname ? "-" : cells[k];
            expect e;
            if (strlen(cell) >= sizeof c->cell[k] || parse_cell(&e, cell, NULL) != 0) {
                fprintf(stderr, "%s:%d: bad cell '%s'\n", path, lineno, cell);
                exit(2);
            }
            snprintf(c->cell[k], sizeof c->cell[k], "%s", cell);
        }
        if (c->cname)
            snprintf(c->cell[0], sizeof c->cell[0], "%s", cells[0]);
        json_error_t jerr;
        json_t *j = json_loads(payload, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
        if (!j || !json_is_string(j)) {
            fprintf(stderr, "%s:%d: payload is not a JSON string: %s\n", path, lineno, jerr.text);
            exit(2);
        }
        str w = s_dup(payload + 1, strlen(payload) - 2);
        str r = s_dup(json_string_value(j), json_string_length(j));
        json_decref(j);
        long reps = 1;
        if (times) {
            if (times[0] != 'x' || (reps = strtol(times + 1, NULL, 10)) < 1) {
                fprintf(stderr, "%s:%d: bad repeat '%s'\n", path, lineno, times);
                exit(2);
            }
        }
        c->written = reps > 1 ? repeat(w, reps) : w;
        c->raw = reps > 1 ? repeat(r, reps) : r;
        if (reps > 1) {
            free(w.p);
            free(r.p);
        }
        n++;
    }
    free(text);
    *count = n;
    return cases;
}

/* The payload as it stands in a SQL literal inside a schema string: ' doubled. */
static str sql_quoted(str w)
{
    buf b = {0};
    b_put(&b, "", 0);
    for (size_t i = 0; i < w.n; i++) {
        if (w.p[i] == '\'')
            b_put(&b, "'", 1);
        b_put(&b, w.p + i, 1);
    }
    str r = {b.p, b.n};
    return r;
}

/* RAW as a schema string holds it: " and \\ escaped, control characters as \\u00XX. */
static str schema_escaped(const char *p, size_t n)
{
    buf b = {0};
    b_put(&b, "", 0);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '"' || ch == '\\') {
            b_put(&b, "\\", 1);
            b_put(&b, p + i, 1);
        } else if (ch < 0x20 || ch == 0x7f) {
            b_printf(&b, "\\u%04x", ch);
        } else {
            b_put(&b, p + i, 1);
        }
    }
    str r = {b.p, b.n};
    return r;
}

/* The JSON text {"k": RAW} as a schema string holds it (a Json default). */
static str json_written(str raw)
{
    json_t *o = json_pack("{s:s%}", "k", raw.p, raw.n);
    char *text = json_dumps(o, JSON_COMPACT);
    str r = schema_escaped(text, strlen(text));
    free(text);
    json_decref(o);
    return r;
}

/* ---------------------------------------------------------------- schema text */

static const char BOM[] = "\xEF\xBB\xBF";

static void datasource(buf *b, const char *url_w, size_t url_n)
{
    b_puts(b, BOM);
    b_printf(b, "datasource db {\n  provider = \"%s\"\n  url      = \"", g_engine);
    if (url_w)
        b_put(b, url_w, url_n);
    else
        b_puts(b, "env(\\\"DATABASE_URL\\\")");
    b_puts(b, "\"\n}\n\n");
}

static void canaries(buf *b)
{
    b_puts(b, "model canary_a {\n  id   Int    @id\n  note String\n}\n\n"
              "model canary_b {\n  id   Int    @id\n  note String\n}\n\n");
}

/* ---------------------------------------------------------------- refused cases */

/*
 * The places of a kind of string, each a small schema part with the payload
 * at PAYLOAD (written; for SQL as a SQL literal's content; for docs raw).
 * Writes the part into B and returns the payload's byte offset in B.
 */
typedef size_t (*place_fn)(buf *b, str payload, const char *k);

#define PUT_PAYLOAD(b, s) (off = (b)->n, b_put((b), (s).p, (s).n))

static size_t pl_table(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int @id\n  @@map(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_column(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String @map(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_pk(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int @id(map: \"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_unique(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String @unique(map: \"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_index(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String\n  @@index([c], map: \"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_fk(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id   Int @id\n  p_id Int\n  p    P%s  @relation(fields: [p_id], references: [id], map: \"", k, k);
    PUT_PAYLOAD(b, s);
    b_printf(b, "\")\n}\n\nmodel P%s {\n  id Int @id\n  ts T%s[]\n}\n", k, k);
    return off;
}
static size_t pl_check_name(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String @check(\"c <> ''\", map: \"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_enum_type(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "enum E%s {\n  A\n  @@map(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
/* P sorts first: its field is the relation's first side, where errors about the join table point. */
static size_t pl_relation(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model P%s {\n  id Int @id\n  ts T%s[]  @relation(\"", k, k);
    PUT_PAYLOAD(b, s);
    b_printf(b, "\")\n}\n\nmodel T%s {\n  id Int @id\n  ps P%s[]  @relation(\"", k, k);
    b_put(b, s.p, s.n);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_label(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "enum E%s {\n  A @map(\"", k);
    PUT_PAYLOAD(b, s);
    b_printf(b, "\")\n  B\n}\n\nmodel T%s {\n  id Int @id\n  e  E%s  @default(A)\n}\n", k, k);
    return off;
}
static size_t pl_default(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String @default(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_where(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String\n  @@index([c], where: { c: \"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\" })\n}\n");
    return off;
}
static size_t pl_generator(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "generator g%s {\n  provider = \"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\"\n}\n");
    return off;
}
static size_t pl_sql_check(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String @check(\"c <> '", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "'\")\n}\n");
    return off;
}
static size_t pl_sql_mcheck(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String\n  @@check(\"c <> '", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "'\")\n}\n");
    return off;
}
static size_t pl_sql_raw(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String\n  @@index([c], where: raw(\"c <> '", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "'\"))\n}\n");
    return off;
}
static size_t pl_doc_model(buf *b, str s, const char *k)
{
    size_t off;
    b_puts(b, "/// ");
    PUT_PAYLOAD(b, s);
    b_printf(b, "\nmodel T%s {\n  id Int @id\n}\n", k);
    return off;
}
static size_t pl_doc_field(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  /// ", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\n  c  String\n}\n");
    return off;
}
static size_t pl_doc_enum(buf *b, str s, const char *k)
{
    size_t off;
    b_puts(b, "/// ");
    PUT_PAYLOAD(b, s);
    b_printf(b, "\nenum E%s {\n  A\n}\n", k);
    return off;
}
static size_t pl_doc_value(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "enum E%s {\n  /// ", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\n  A\n}\n");
    return off;
}
static size_t pl_json(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int  @id\n  j  Json @default(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_sql_dbgen(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String @default(dbgenerated(\"'", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "'\"))\n}\n");
    return off;
}

/* A whole SQL text (a `sql` line) in the three places SQL text goes. */
static size_t pl_text_check(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String @check(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_text_mcheck(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String\n  @@check(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")\n}\n");
    return off;
}
static size_t pl_text_raw(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String\n  @@index([c], where: raw(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\"))\n}\n");
    return off;
}

/* A place: KEY names it in a cell (table=...), NAME in messages. */
/* Text SQL holds as written besides conditions: refused texts are tried there too. */
static size_t pl_text_dbgenerated(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String @default(dbgenerated(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\"))\n}\n");
    return off;
}
static size_t pl_text_unsupported(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  u  Unsupported(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\")?\n}\n");
    return off;
}
static size_t pl_text_ops(buf *b, str s, const char *k)
{
    size_t off;
    b_printf(b, "model T%s {\n  id Int    @id\n  c  String\n  @@index([c(ops: raw(\"", k);
    PUT_PAYLOAD(b, s);
    b_puts(b, "\"))])\n}\n");
    return off;
}

typedef struct {
    const char *key;
    const char *name;
    int cls;
    place_fn fn;
    const char *only; /* engine, or NULL */
} place;

static const place places[] = {
    {"table", "@@map", CLS_NAME, pl_table, NULL},
    {"column", "@map", CLS_NAME, pl_column, NULL},
    {"pk", "@id(map:)", CLS_NAME, pl_pk, "postgresql"},
    {"unique", "@unique(map:)", CLS_NAME, pl_unique, NULL},
    {"index", "@@index(map:)", CLS_NAME, pl_index, NULL},
    {"fk", "@relation(map:)", CLS_NAME, pl_fk, "postgresql"},
    {"checkname", "@check(map:)", CLS_NAME, pl_check_name, NULL},
    {"enumtype", "enum @@map", CLS_NAME, pl_enum_type, NULL},
    {"relation", "relation name", CLS_NAME, pl_relation, NULL},
    {"label", "enum value @map", CLS_LABEL, pl_label, NULL},
    {"default", "@default", CLS_VALUE, pl_default, NULL},
    {"json", "Json @default (a string in the JSON)", CLS_VALUE, pl_json, NULL},
    {"where", "where: value", CLS_VALUE, pl_where, NULL},
    {"url", "datasource url", CLS_VALUE, NULL, NULL},
    {"generator", "generator provider", CLS_VALUE, pl_generator, NULL},
    {"check", "@check literal", CLS_SQL, pl_sql_check, NULL},
    {"mcheck", "@@check literal", CLS_SQL, pl_sql_mcheck, NULL},
    {"raw", "where: raw() literal", CLS_SQL, pl_sql_raw, NULL},
    {"dbgen", "dbgenerated() literal", CLS_SQL, pl_sql_dbgen, NULL},
    {"docmodel", "model doc", CLS_DOC, pl_doc_model, NULL},
    {"docfield", "field doc", CLS_DOC, pl_doc_field, NULL},
    {"docenum", "enum doc", CLS_DOC, pl_doc_enum, NULL},
    {"docvalue", "enum value doc", CLS_DOC, pl_doc_value, NULL},
};

static const place text_places[] = {
    {"check", "@check", CLS_SQL, pl_text_check, NULL},
    {"mcheck", "@@check", CLS_SQL, pl_text_mcheck, NULL},
    {"raw", "where: raw()", CLS_SQL, pl_text_raw, NULL},
    /* refused texts only: an accepted condition is no default, type or operator class */
    {"dbgenerated", "dbgenerated()", CLS_SQL, pl_text_dbgenerated, NULL},
    {"unsupported", "Unsupported()", CLS_SQL, pl_text_unsupported, NULL},
    {"ops", "ops: raw()", CLS_SQL, pl_text_ops, "postgresql"},
};

/* Accepted in every place of kind CLS (on this engine)? */
static bool ok_everywhere(const hcase *c, int cls)
{
    const place *pls = c->sqlrow ? text_places : places;
    size_t n = c->sqlrow ? sizeof text_places / sizeof *text_places : sizeof places / sizeof *places;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (pls[i].cls != cls || (pls[i].only && strcmp(pls[i].only, g_engine) != 0))
            continue;
        if (!ok_at(c, cls, pls[i].key))
            return false;
        any = true;
    }
    return any;
}

/* Line and column (in characters, as schemac counts them) of byte OFF of TEXT. */
static void line_col(const char *text, size_t off, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)text[i];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Byte offset of character AT of the payload starting at byte START. */
static size_t char_offset(const char *text, size_t len, size_t start, long at)
{
    size_t i = start;
    long k = 0;
    while (i < len && k < at) {
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
        k++;
    }
    return i;
}

static int g_refused_schemas;

/* An error a refused schema must give: CODE at LINE:COL, for the place NAME. */
typedef struct {
    const char *code, *place;
    int line, col;
} want_error;

/* A refused schema: every command exits 1 with each of the errors located and writes nothing. */
static void expect_refused(const char *dir, const char *schemac, const want_error *we, size_t nwe)
{
    char *out = xprintf("%s/out.txt", dir), *err = xprintf("%s/err.txt", dir);

    const char *check[] = {schemac, "--no-color", "--format", "json", "check", "schema.prisma", NULL};
    int rc = run(dir, check, out, err);
    if (rc != 1) {
        fail("check exited %d, expected 1", rc);
        dump(err);
    } else {
        size_t n = 0;
        char *t = read_all(out, &n);
        json_error_t je;
        json_t *j = t ? json_loadb(t, n, 0, &je) : NULL;
        json_t *ds = j ? json_object_get(j, "diagnostics") : NULL;
        for (size_t w = 0; w < nwe; w++) {
            bool found = false;
            for (size_t i = 0; ds && i < json_array_size(ds); i++) {
                json_t *d = json_array_get(ds, i);
                const char *sev = json_string_value(json_object_get(d, "severity"));
                const char *dc = json_string_value(json_object_get(d, "code"));
                json_int_t l = json_integer_value(json_object_get(d, "line"));
                json_int_t c = json_integer_value(json_object_get(d, "column"));
                if (sev && strcmp(sev, "error") == 0 && dc && strcmp(dc, we[w].code) == 0 && l == we[w].line &&
                    c == we[w].col)
                    found = true;
            }
            if (!found) {
                fail("check: no error %s at %d:%d (%s)", we[w].code, we[w].line, we[w].col, we[w].place);
                dump(out);
            }
        }
        json_decref(j);
        free(t);
    }

    const char *sql[] = {schemac, "--no-color", "sql", "--dialect", g_engine, "schema.prisma", NULL};
    const char *gen[] = {schemac, "--no-color", "generate", "schema.prisma", "-o", "gen", "--prefix", "hz", NULL};
    const char *diff[] = {schemac, "--no-color", "migrate", "diff", "--schema", "schema.prisma", "--dir", "migrations",
                          "--name", "hostile", NULL};
    const char *const *cmds[] = {sql, gen, diff};
    const char *names[] = {"sql", "generate", "migrate diff"};
    for (int k = 0; k < 3; k++) {
        int before = g_failures;
        rc = run(dir, cmds[k], out, err);
        size_t n = 0;
        char *t = read_all(err, &n);
        if (rc != 1)
            fail("%s exited %d, expected 1", names[k], rc);
        for (size_t w = 0; w < nwe; w++) {
            char *loc = xprintf("schema.prisma:%d:%d: error: ", we[w].line, we[w].col);
            if (!t || !strstr(t, loc))
                fail("%s: no error at %d:%d (%s)", names[k], we[w].line, we[w].col, we[w].place);
            free(loc);
        }
        if (g_failures != before)
            dump(err);
        free(t);
        if (k == 0) {
            t = read_all(out, &n);
            if (n != 0)
                fail("sql wrote %zu bytes to stdout", n);
            free(t);
        }
    }
    char *gdir = xprintf("%s/gen", dir), *mdir = xprintf("%s/migrations", dir);
    if (exists(gdir))
        fail("generate left %s", gdir);
    if (exists(mdir))
        fail("migrate diff left %s", mdir);
    free(gdir);
    free(mdir);
    free(out);
    free(err);
}

/*
 * The refused places PLS[0..N) of one string, each with its own names, in
 * one schema (a /// comment's places one by one: a line end or NUL in one
 * turns what follows into other text).
 */
static void refused_group(const char *work, const char *schemac, const hcase *c, int cls, const place *const *pls,
                          size_t npl)
{
    g_where = xprintf("%s:%d %s", c->id, c->line, cls_names[cls]);
    str payload = cls == CLS_DOC ? c->raw : (cls == CLS_SQL && !c->sqlrow) ? sql_quoted(c->written) : c->written;
    str json = json_written(c->raw);
    buf b = {0};
    size_t offs[32];
    const place *url = NULL;
    for (size_t i = 0; i < npl; i++)
        if (!pls[i]->fn)
            url = pls[i];
    b_puts(&b, BOM);
    b_printf(&b, "datasource db {\n  provider = \"%s\"\n  url      = \"", g_engine);
    size_t url_off = b.n;
    if (url)
        b_put(&b, payload.p, payload.n);
    else
        b_puts(&b, "env(\\\"DATABASE_URL\\\")");
    b_puts(&b, "\"\n}\n\n");
    canaries(&b);
    for (size_t i = 0; i < npl; i++) {
        char k[16];
        snprintf(k, sizeof k, "%zu", i);
        offs[i] = pls[i]->fn ? pls[i]->fn(&b, pls[i]->fn == pl_json ? json : payload, k) : url_off;
        b_puts(&b, "\n");
    }
    want_error we[32];
    for (size_t i = 0; i < npl; i++) {
        expect e = expect_at(c, cls, pls[i]->key);
        size_t at;
        if (e.at < 0) {
            /* CODE@^: at the string holding the payload; for Unsupported("..."), at the type */
            const char *anchor = pls[i]->fn == pl_text_unsupported ? "Unsupported(" : "\"";
            size_t alen = strlen(anchor);
            at = offs[i] >= alen ? offs[i] - alen : 0;
            while (at > 0 && memcmp(b.p + at, anchor, alen) != 0)
                at--;
        } else {
            at = char_offset(b.p, b.n, offs[i], e.at);
        }
        we[i].code = xprintf("%s", e.code);
        we[i].place = pls[i]->name;
        line_col(b.p, at, &we[i].line, &we[i].col);
    }
    char *dir = xprintf("%s/refused/%s.%s.%s", work, c->id, cls_names[cls], npl == 1 ? pls[0]->key : "all");
    if (mkdir(dir, 0755) != 0) {
        fprintf(stderr, "cannot create %s: %s\n", dir, strerror(errno));
        exit(2);
    }
    char *schema = xprintf("%s/schema.prisma", dir);
    write_all(schema, b.p, b.n);
    int before = g_failures;
    expect_refused(dir, schemac, we, npl);
    if (g_failures == before) {
        /* the schema and the two output files, nothing else: kept for a look otherwise */
        static const char *const files[] = {"schema.prisma", "out.txt", "err.txt"};
        for (size_t k = 0; k < 3; k++) {
            char *f = xprintf("%s/%s", dir, files[k]);
            unlink(f);
            free(f);
        }
        rmdir(dir);
    }
    g_refused_schemas++;
    for (size_t i = 0; i < npl; i++)
        free((char *)we[i].code);
    if (payload.p != c->raw.p && payload.p != c->written.p)
        free(payload.p);
    free(json.p);
    free(schema);
    free(dir);
    b_free(&b);
}

/*
 * A `cname` line: schema text the database takes but whose C names clash.
 * check, sql and migrate diff accept it; generate refuses it at LINE:COL of
 * the text and writes nothing.
 */
static void cname_case(const char *work, const char *schemac, const hcase *c)
{
    g_where = xprintf("%s:%d C names", c->id, c->line);
    int line = 0, col = 0;
    if (sscanf(c->cell[0], "%d:%d", &line, &col) != 2) {
        fail("the cell of a cname line is LINE:COL");
        return;
    }
    buf b = {0};
    datasource(&b, NULL, 0);
    canaries(&b);
    int start, unused;
    line_col(b.p, b.n, &start, &unused);
    b_put(&b, c->raw.p, c->raw.n);
    char *dir = xprintf("%s/refused/%s", work, c->id);
    rm_rf(dir);
    mkdir_p(dir);
    char *schema = xprintf("%s/schema.prisma", dir), *out = xprintf("%s/out.txt", dir), *err = xprintf("%s/err.txt", dir);
    write_all(schema, b.p, b.n);
    int before = g_failures;
    const char *check[] = {schemac, "--no-color", "check", "schema.prisma", NULL};
    const char *sql[] = {schemac, "--no-color", "sql", "schema.prisma", NULL};
    const char *diff[] = {schemac, "--no-color", "migrate", "diff", "--schema", "schema.prisma", "--dir", "migrations",
                          "--name", "clash", NULL};
    const char *const *ok_cmds[] = {check, sql, diff};
    for (int k = 0; k < 3; k++) {
        int rc = run(dir, ok_cmds[k], out, err);
        if (rc != 0) {
            fail("%s exited %d: the database takes these names", ok_cmds[k][2], rc);
            dump(err);
        }
    }
    char *loc = xprintf("schema.prisma:%d:%d: error: ", start + line - 1, col);
    const char *gen[] = {schemac, "--no-color", "generate", "schema.prisma", "-o", "gen", "--prefix", "hz", NULL};
    int rc = run(dir, gen, out, err);
    size_t n = 0;
    char *t = read_all(err, &n);
    if (rc != 1 || !t || !strstr(t, loc)) {
        fail("generate exited %d, expected 1 with \"%s\"", rc, loc);
        dump(err);
    }
    free(t);
    char *gdir = xprintf("%s/gen", dir);
    if (exists(gdir))
        fail("generate left %s", gdir);
    if (g_failures == before)
        rm_rf(dir);
    free(gdir);
    free(loc);
    free(schema);
    free(out);
    free(err);
    free(dir);
    b_free(&b);
}

/* ---------------------------------------------------------------- the intended database */

typedef struct {
    str name;
    char type; /* PostgreSQL contype: p f c; 'i' for an index */
} named;

typedef struct {
    str name;
    str cols[16];
    int ncols;
    named idx[16]; /* indexes (the names the catalog lists) */
    int nidx;
    named cons[16]; /* PostgreSQL constraints p, f, c */
    int ncons;
    /* a row to insert and the defaults to read back from it */
    int case_no; /* >= 0: a case table (nm, ck, mc, kind, code, rk, rcode given; dv, tag read) */
    str dv, tag, js, dg;
} want_table;

typedef struct {
    str name;
    str labels[4];
    int nlabels;
} want_enum;

typedef struct {
    want_table tables[600];
    int ntables;
    want_enum enums[300];
    int nenums;
} want_db;

static str S(const char *s)
{
    return s_dup(s, strlen(s));
}

static want_table *add_table(want_db *w, str name)
{
    want_table *t = &w->tables[w->ntables++];
    memset(t, 0, sizeof *t);
    t->name = name;
    t->case_no = -1;
    return t;
}

static void add_cols(want_table *t, const char *const *cols)
{
    for (; *cols; cols++)
        t->cols[t->ncols++] = S(*cols);
}

static void add_idx(want_table *t, str name)
{
    t->idx[t->nidx].name = name;
    t->idx[t->nidx++].type = 'i';
}

static void add_con(want_table *t, str name, char type)
{
    t->cons[t->ncons].name = name;
    t->cons[t->ncons++].type = type;
}

/* ---------------------------------------------------------------- the accepted schema */

/* One accepted string: its model's names (raw) and the values it stores. */
typedef struct {
    const hcase *c;
    int no;
    bool name_ok, label_ok, default_ok, where_ok, generator_ok, json_ok, check_ok, mcheck_ok, raw_ok, dbgen_ok;
    str base;                     /* the table name, and the stem of the other names (raw) */
    str dv, wv, q, mq, rq, label; /* default, where: value, SQL literals of @check, @@check and raw(), label (raw) */
    str js, dg;                   /* the string in the Json default, and the dbgenerated() literal (raw) */
    str ck, mck, u, ru;  /* constraint and index names (raw) */
} acc;

static bool pg(void)
{
    return strcmp(g_engine, "postgresql") == 0;
}

/* The string as a /// line at INDENT, where the case accepts it in the doc place KEY. */
static void doc_line(buf *b, const acc *a, const char *indent, const char *key)
{
    if (!ok_at(a->c, CLS_DOC, key))
        return;
    b_printf(b, "%s/// ", indent);
    b_put(b, a->c->raw.p, a->c->raw.n);
    b_puts(b, "\n");
}

static void build_case_model(buf *b, want_db *w, acc *a)
{
    const hcase *c = a->c;
    int i = a->no;
    char fb[64];
    snprintf(fb, sizeof fb, "c%d", i);
    str bw = a->name_ok ? c->written : S(fb); /* the stem as written */
    str qw = a->check_ok ? sql_quoted(c->written) : S(xprintf("q%d", i));
    str mqw = a->mcheck_ok ? sql_quoted(c->written) : S(xprintf("m%d", i));
    str rqw = a->raw_ok ? sql_quoted(c->written) : S(xprintf("r%d", i));
    str dw = a->default_ok ? c->written : S(xprintf("d%d", i));
    str vw = a->where_ok ? c->written : S(xprintf("v%d", i));
    a->base = a->name_ok ? c->raw : S(fb);
    a->dv = a->default_ok ? c->raw : S(xprintf("d%d", i));
    a->wv = a->where_ok ? c->raw : S(xprintf("v%d", i));
    a->q = a->check_ok ? c->raw : S(xprintf("q%d", i));
    a->mq = a->mcheck_ok ? c->raw : S(xprintf("m%d", i));
    a->js = a->json_ok ? c->raw : S(xprintf("j%d", i));
    a->dg = a->dbgen_ok ? c->raw : S(xprintf("g%d", i));
    str jsw = json_written(a->js);
    str dgw = sql_quoted(a->dbgen_ok ? c->written : a->dg);
    a->rq = a->raw_ok ? c->raw : S(xprintf("r%d", i));
    a->label = a->label_ok ? c->raw : S("first");

    /* the enum */
    doc_line(b, a, "", "docenum");
    b_printf(b, "enum E_%d {\n", i);
    doc_line(b, a, "  ", "docvalue");
    b_puts(b, "  First");
    if (a->label_ok) {
        b_puts(b, " @map(\"");
        b_put(b, c->written.p, c->written.n);
        b_puts(b, "\")");
    } else {
        b_puts(b, " @map(\"first\")");
    }
    b_puts(b, "\n  Second\n  @@map(\"e_");
    b_put(b, bw.p, bw.n);
    b_puts(b, "\")\n}\n\n");
    if (pg()) {
        want_enum *e = &w->enums[w->nenums++];
        e->name = s_cat3("e_", a->base, "");
        e->labels[0] = a->label;
        e->labels[1] = S("Second");
        e->nlabels = 2;
    }

    /* the model */
    doc_line(b, a, "", "docmodel");
    b_printf(b, "model C_%d {\n", i);
    b_puts(b, "  id      Int     @id");
    if (pg()) {
        b_puts(b, "(map: \"");
        b_put(b, bw.p, bw.n);
        b_puts(b, "_pk\")");
    }
    b_puts(b, " @default(autoincrement())\n");
    doc_line(b, a, "  ", "docfield");
    b_puts(b, "  nm      String  @map(\"");
    b_put(b, bw.p, bw.n);
    b_puts(b, "\")\n  dv      String  @default(\"");
    b_put(b, dw.p, dw.n);
    b_puts(b, "\")\n  js      Json    @default(\"");
    b_put(b, jsw.p, jsw.n);
    b_puts(b, "\")\n  dg      String  @default(dbgenerated(\"'");
    b_put(b, dgw.p, dgw.n);
    b_puts(b, "'\"))\n  ck      String  @check(\"ck <> '");
    b_put(b, qw.p, qw.n);
    b_puts(b, "'\", map: \"ck_");
    b_put(b, bw.p, bw.n);
    b_puts(b, "\")\n  mc      String\n  kind    String\n  code    Int\n  rk      String\n  rcode   Int\n");
    b_printf(b, "  tag     E_%d    @default(First)\n  peer_id Int?\n", i);
    b_printf(b, "  peer    Peer?   @relation(\"r%d\", fields: [peer_id], references: [id]", i);
    if (pg()) {
        b_puts(b, ", map: \"fk_");
        b_put(b, bw.p, bw.n);
        b_puts(b, "\"");
    }
    b_puts(b, ")\n");
    doc_line(b, a, "  ", "docrelation");
    b_puts(b, "  peers   Peer[]  @relation(\"");
    b_put(b, bw.p, bw.n);
    b_puts(b, "_mn\")\n\n  @@map(\"");
    b_put(b, bw.p, bw.n);
    b_puts(b, "\")\n  @@check(\"mc <> '");
    b_put(b, mqw.p, mqw.n);
    b_puts(b, "'\", map: \"");
    b_put(b, bw.p, bw.n);
    b_puts(b, "_mck\")\n  @@unique([code], map: \"");
    b_put(b, bw.p, bw.n);
    b_puts(b, "_u\", where: { kind: \"");
    b_put(b, vw.p, vw.n);
    b_puts(b, "\" })\n  @@unique([rcode], map: \"");
    b_put(b, bw.p, bw.n);
    b_puts(b, "_ru\", where: raw(\"rk = '");
    b_put(b, rqw.p, rqw.n);
    b_puts(b, "'\"))\n  @@index([kind], map: \"ix_");
    b_put(b, bw.p, bw.n);
    b_puts(b, "\", where: { kind: { not: \"");
    b_put(b, vw.p, vw.n);
    b_puts(b, "\" } })\n}\n\n");

    if (a->generator_ok) {
        b_printf(b, "generator g_%d {\n  provider = \"", i);
        b_put(b, c->written.p, c->written.n);
        b_puts(b, "\"\n  output   = \"");
        b_put(b, c->written.p, c->written.n);
        b_puts(b, "\"\n}\n\n");
    }

    a->ck = s_cat3("ck_", a->base, "");
    a->mck = s_cat3("", a->base, "_mck");
    a->u = s_cat3("", a->base, "_u");
    a->ru = s_cat3("", a->base, "_ru");

    want_table *t = add_table(w, a->base);
    t->case_no = i;
    t->cols[t->ncols++] = S("id");
    t->cols[t->ncols++] = a->base;
    static const char *const rest[] = {"dv", "js", "dg", "ck", "mc", "kind", "code", "rk", "rcode", "tag", "peer_id", NULL};
    add_cols(t, rest);
    add_idx(t, a->u);
    add_idx(t, a->ru);
    add_idx(t, s_cat3("ix_", a->base, ""));
    t->dv = a->dv;
    t->js = a->js;
    t->dg = a->dg;
    t->tag = a->label;
    if (pg()) {
        str pk = s_cat3("", a->base, "_pk");
        add_idx(t, pk);
        add_con(t, pk, 'p');
        add_con(t, s_cat3("fk_", a->base, ""), 'f');
        add_con(t, a->ck, 'c');
        add_con(t, a->mck, 'c');
    }
    /* the implicit many-to-many join table */
    str rel = s_cat3("_", a->base, "_mn");
    want_table *j = add_table(w, rel);
    static const char *const ab[] = {"A", "B", NULL};
    add_cols(j, ab);
    add_idx(j, s_cat3("", rel, pg() ? "_AB_pkey" : "_AB_unique"));
    add_idx(j, s_cat3("", rel, "_B_index"));
    if (pg()) {
        add_con(j, s_cat3("", rel, "_AB_pkey"), 'p');
        add_con(j, s_cat3("", rel, "_A_fkey"), 'f');
        add_con(j, s_cat3("", rel, "_B_fkey"), 'f');
    }
    if (!a->name_ok)
        free(bw.p);
    if (!a->default_ok)
        free(dw.p);
    if (!a->where_ok)
        free(vw.p);
    free(qw.p);
    free(mqw.p);
    free(jsw.p);
    free(dgw.p);
    free(rqw.p);
}

/* A `sql` line: the whole text in a field check, a model check and an index condition. */
static void build_sql_model(buf *b, want_db *w, const hcase *c, int j)
{
    b_printf(b, "model S_%d {\n  id Int    @id\n  c  String @check(\"", j);
    b_put(b, c->written.p, c->written.n);
    b_printf(b, "\", map: \"s%d_fc\")\n  d  String\n  @@check(\"", j);
    b_put(b, c->written.p, c->written.n);
    b_printf(b, "\", map: \"s%d_mc\")\n  @@index([d], map: \"s%d_ix\", where: raw(\"", j, j);
    b_put(b, c->written.p, c->written.n);
    b_puts(b, "\"))\n}\n\n");
    want_table *t = add_table(w, S(xprintf("S_%d", j)));
    static const char *const cols[] = {"id", "c", "d", NULL};
    add_cols(t, cols);
    add_idx(t, S(xprintf("s%d_ix", j)));
    if (pg()) {
        add_idx(t, S(xprintf("S_%d_pkey", j)));
        add_con(t, S(xprintf("S_%d_pkey", j)), 'p');
        add_con(t, S(xprintf("s%d_fc", j)), 'c');
        add_con(t, S(xprintf("s%d_mc", j)), 'c');
    }
}

/* The canary tables in the intended database. */
static void want_canaries(want_db *w)
{
    static const char *const cn[] = {"id", "note", NULL};
    for (int k = 0; k < 2; k++) {
        want_table *t = add_table(w, S(k ? "canary_b" : "canary_a"));
        add_cols(t, cn);
        if (pg()) {
            add_idx(t, S(k ? "canary_b_pkey" : "canary_a_pkey"));
            add_con(t, S(k ? "canary_b_pkey" : "canary_a_pkey"), 'p');
        }
    }
}

static void fixed_tables(buf *b, want_db *w, const acc *accs, int nacc)
{
    canaries(b);
    want_canaries(w);
    /* Identifiers that are C keywords; database names that hold '-'. */
    b_puts(b, "model WeirdName {\n  id      Int     @id\n  int     String\n  default String?\n  errno   Int?\n"
              "  aB      String? @map(\"a-b\")\n  NULL    String?\n  static  Boolean @default(false)\n"
              "  @@map(\"Weird-Name\")\n}\n\n");
    want_table *t = add_table(w, S("Weird-Name"));
    static const char *const wc[] = {"id", "int", "default", "errno", "a-b", "NULL", "static", NULL};
    add_cols(t, wc);
    if (pg()) {
        add_idx(t, S("Weird-Name_pkey"));
        add_con(t, S("Weird-Name_pkey"), 'p');
    }
    b_puts(b, "model Peer {\n  id Int @id @default(autoincrement())\n");
    for (int k = 0; k < nacc; k++)
        b_printf(b, "  back_%d C_%d[] @relation(\"r%d\")\n", accs[k].no, accs[k].no, accs[k].no);
    for (int k = 0; k < nacc; k++) {
        b_printf(b, "  mm_%d C_%d[] @relation(\"", accs[k].no, accs[k].no);
        if (accs[k].name_ok)
            b_put(b, accs[k].c->written.p, accs[k].c->written.n);
        else
            b_printf(b, "c%d", accs[k].no);
        b_puts(b, "_mn\")\n");
    }
    b_puts(b, "}\n\n");
    t = add_table(w, S("Peer"));
    static const char *const pc[] = {"id", NULL};
    add_cols(t, pc);
    if (pg()) {
        add_idx(t, S("Peer_pkey"));
        add_con(t, S("Peer_pkey"), 'p');
    }
}

/* ---------------------------------------------------------------- the catalog */

typedef struct {
    str *v;
    size_t n, cap;
} strs;

static void strs_add(strs *l, const char *p, size_t n)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 16;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        if (!l->v)
            abort();
    }
    l->v[l->n++] = s_dup(p, n);
}

static void strs_free(strs *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].p);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
    const str *x = a, *y = b;
    size_t n = x->n < y->n ? x->n : y->n;
    int r = n ? memcmp(x->p, y->p, n) : 0;
    return r ? r : (x->n < y->n ? -1 : x->n > y->n);
}

/* The first column of every row of SQL (with text parameters), appended to OUT. */
static int q_col(sc_conn *db, strs *out, const char *sqlite_sql, const char *pg_sql, int np, const str *params)
{
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare2(&st, db, sqlite_sql, pg_sql);
    if (rc != SC_OK) {
        fail("prepare: %s", sc_conn_error(db)->message);
        return rc;
    }
    for (int i = 0; i < np; i++)
        sc_stmt_bind_text(st, i + 1, params[i].p, (long)params[i].n);
    while ((rc = sc_stmt_step(st)) == SC_ROW) {
        const char *s = NULL;
        size_t n = 0;
        sc_stmt_column_text(&s, &n, st, 0);
        strs_add(out, s ? s : "", s ? n : 0);
    }
    if (rc != SC_OK)
        fail("query: %s", sc_conn_error(db)->message);
    sc_stmt_release(st);
    return rc;
}

static void compare_sets(const char *what, const str *ctx, strs *got, str *want, int nwant, bool ordered)
{
    strs w = {0};
    for (int i = 0; i < nwant; i++)
        strs_add(&w, want[i].p, want[i].n);
    if (!ordered && got->n > 1)
        qsort(got->v, got->n, sizeof *got->v, cmp_str);
    if (!ordered && w.n > 1)
        qsort(w.v, w.n, sizeof *w.v, cmp_str);
    bool same = got->n == w.n;
    for (size_t i = 0; same && i < w.n; i++)
        same = cmp_str(&got->v[i], &w.v[i]) == 0;
    if (!same) {
        fail("%s of %s differ from the intent", what, ctx ? show(ctx->p, ctx->n) : "the database");
        for (size_t i = 0; i < w.n || i < got->n; i++)
            fprintf(stderr, "    want %-40s got %s\n", i < w.n ? show(w.v[i].p, w.v[i].n) : "-",
                    i < got->n ? show(got->v[i].p, got->v[i].n) : "-");
    }
    strs_free(&w);
}

static void check_catalog(sc_conn *db, const want_db *w, const char *label)
{
    g_where = label;
    strs got = {0};
    str *want = calloc((size_t)w->ntables + 1, sizeof *want);
    for (int i = 0; i < w->ntables; i++)
        want[i] = w->tables[i].name;
    q_col(db, &got,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('sqlite_sequence', "
          "'_schemac_migrations')",
          "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
          "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_schemac_migrations'",
          0, NULL);
    compare_sets("the tables", NULL, &got, want, w->ntables, false);
    strs_free(&got);
    free(want);

    for (int i = 0; i < w->ntables; i++) {
        const want_table *t = &w->tables[i];
        q_col(db, &got, "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
              "SELECT a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n "
              "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = $1 AND a.attnum > 0 AND NOT "
              "a.attisdropped ORDER BY a.attnum",
              1, &t->name);
        compare_sets("the columns", &t->name, &got, (str *)t->cols, t->ncols, true);
        strs_free(&got);

        str iw[16];
        for (int k = 0; k < t->nidx; k++)
            iw[k] = t->idx[k].name;
        q_col(db, &got, "SELECT name FROM pragma_index_list(?1) WHERE origin = 'c'",
              "SELECT ic.relname FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class c ON "
              "c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND "
              "c.relname = $1",
              1, &t->name);
        compare_sets("the indexes", &t->name, &got, iw, t->nidx, false);
        strs_free(&got);

        if (pg()) {
            str cw[16];
            for (int k = 0; k < t->ncons; k++)
                cw[k] = s_cat3((char[]){t->cons[k].type, ':', 0}, t->cons[k].name, "");
            q_col(db, &got, "SELECT 1",
                  "SELECT x.contype::text || ':' || x.conname::text FROM pg_constraint x JOIN pg_class c ON c.oid = x.conrelid "
                  "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relname = $1 "
                  "AND x.contype IN ('p', 'f', 'c', 'u')",
                  1, &t->name);
            compare_sets("the constraints", &t->name, &got, cw, t->ncons, false);
            strs_free(&got);
            for (int k = 0; k < t->ncons; k++)
                free(cw[k].p);
        }
    }

    if (pg()) {
        str *ew = calloc((size_t)w->nenums + 1, sizeof *ew);
        for (int i = 0; i < w->nenums; i++)
            ew[i] = w->enums[i].name;
        q_col(db, &got, "SELECT 1",
              "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = "
              "'public' AND t.typtype = 'e'",
              0, NULL);
        compare_sets("the enum types", NULL, &got, ew, w->nenums, false);
        strs_free(&got);
        free(ew);
        for (int i = 0; i < w->nenums; i++) {
            const want_enum *e = &w->enums[i];
            q_col(db, &got, "SELECT 1",
                  "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN pg_namespace n ON "
                  "n.oid = t.typnamespace WHERE n.nspname = 'public' AND t.typname = $1 ORDER BY e.enumsortorder",
                  1, &e->name);
            compare_sets("the labels", &e->name, &got, (str *)e->labels, e->nlabels, true);
            strs_free(&got);
        }
    }
}

/* An identifier in double quotes, for SQL text this test writes itself. */
static void quote_ident(buf *b, str s)
{
    b_puts(b, "\"");
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] == '"')
            b_puts(b, "\"");
        b_put(b, s.p + i, 1);
    }
    b_puts(b, "\"");
}

/* Defaults read back: insert a row naming only the columns without a default. */
static void check_defaults(sc_conn *db, const want_db *w, const char *label, int code)
{
    g_where = label;
    for (int i = 0; i < w->ntables; i++) {
        const want_table *t = &w->tables[i];
        if (t->case_no < 0)
            continue;
        buf lite = {0}, pq = {0};
        for (int d = 0; d < 2; d++) {
            buf *b = d ? &pq : &lite;
            b_puts(b, "INSERT INTO ");
            quote_ident(b, t->name);
            b_puts(b, " (");
            quote_ident(b, t->cols[1]);
            b_printf(b, ", \"ck\", \"mc\", \"kind\", \"code\", \"rk\", \"rcode\") VALUES ('filler', 'filler', "
                        "'filler', 'filler', %d, 'filler', %d) RETURNING \"dv\", \"tag\", \"dg\", \"js\"",
                     code, code);
        }
        sc_stmt *st = NULL;
        int rc = sc_stmt_prepare2(&st, db, lite.p, pq.p);
        if (rc == SC_OK)
            rc = sc_stmt_step(st);
        if (rc != SC_ROW) {
            fail("insert into %s: %s", show(t->name.p, t->name.n), sc_conn_error(db)->message);
        } else {
            const char *s = NULL;
            size_t n = 0;
            sc_stmt_column_text(&s, &n, st, 0);
            if (!s || !s_eq(t->dv, s, n))
                fail("default of %s.dv is %s, not %s", show(t->name.p, t->name.n), s ? show(s, n) : "NULL",
                     show(t->dv.p, t->dv.n));
            sc_stmt_column_text(&s, &n, st, 1);
            if (!s || !s_eq(t->tag, s, n))
                fail("default of %s.tag is %s, not %s", show(t->name.p, t->name.n), s ? show(s, n) : "NULL",
                     show(t->tag.p, t->tag.n));
            sc_stmt_column_text(&s, &n, st, 2);
            if (!s || !s_eq(t->dg, s, n))
                fail("default of %s.dg is %s, not %s", show(t->name.p, t->name.n), s ? show(s, n) : "NULL",
                     show(t->dg.p, t->dg.n));
            /* the Json default as JSON: its "k" holds the string (PostgreSQL respells the text) */
            sc_stmt_column_text(&s, &n, st, 3);
            json_t *j = s ? json_loadb(s, n, JSON_ALLOW_NUL, NULL) : NULL;
            json_t *k = j ? json_object_get(j, "k") : NULL;
            if (!k || !json_is_string(k) || !s_eq(t->js, json_string_value(k), json_string_length(k)))
                fail("default of %s.js is %s, not {\"k\": %s}", show(t->name.p, t->name.n), s ? show(s, n) : "NULL",
                     show(t->js.p, t->js.n));
            json_decref(j);
            sc_stmt_exec(st);
        }
        sc_stmt_release(st);
        b_free(&lite);
        b_free(&pq);
    }
}

static void put_canary_rows(sc_conn *db)
{
    if (sc_conn_exec(db, "INSERT INTO \"canary_a\" (\"id\", \"note\") VALUES (1, 'alpha'), (2, 'beta');"
                         "INSERT INTO \"canary_b\" (\"id\", \"note\") VALUES (1, 'gamma')") != SC_OK)
        fail("canary rows: %s", sc_conn_error(db)->message);
}

static void check_canaries(sc_conn *db, const char *label)
{
    g_where = label;
    static const char *const tabs[] = {"canary_a", "canary_b"};
    static const char *const rows[] = {"1:alpha,2:beta,", "1:gamma,"};
    for (int k = 0; k < 2; k++) {
        char *sql = xprintf("SELECT CAST(\"id\" AS TEXT) || ':' || \"note\" FROM \"%s\" ORDER BY \"id\"", tabs[k]);
        strs got = {0};
        q_col(db, &got, sql, sql, 0, NULL);
        buf b = {0};
        b_put(&b, "", 0);
        for (size_t i = 0; i < got.n; i++) {
            b_put(&b, got.v[i].p, got.v[i].n);
            b_puts(&b, ",");
        }
        if (strcmp(b.p, rows[k]) != 0)
            fail("canary %s holds \"%s\", not \"%s\"", tabs[k], b.p, rows[k]);
        b_free(&b);
        strs_free(&got);
        free(sql);
    }
}

/* ---------------------------------------------------------------- databases */

static char g_pg_base[1024];
static int g_dbs;

/* A fresh database: its URL (malloc'd). */
static char *fresh_db(const char *work)
{
    g_dbs++;
    if (!pg()) {
        char *path = xprintf("%s/db%d.sqlite", work, g_dbs);
        unlink(path);
        char *url = xprintf("sqlite:%s", path);
        free(path);
        return url;
    }
    char *name = xprintf("hostile_%ld_%d", (long)getpid(), g_dbs);
    sc_conn *admin = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_conn_open(&admin, g_pg_base, NULL, &err) != SC_OK) {
        fprintf(stderr, "cannot connect to %s: %s\n", g_pg_base, err.message);
        exit(2);
    }
    char *sql = xprintf("CREATE DATABASE \"%s\"", name);
    char *set = xprintf("ALTER DATABASE \"%s\" SET standard_conforming_strings = off", name);
    if (sc_conn_exec(admin, sql) != SC_OK || sc_conn_exec(admin, set) != SC_OK) {
        fprintf(stderr, "cannot create %s: %s\n", name, sc_conn_error(admin)->message);
        exit(2);
    }
    sc_conn_close(admin);
    free(sql);
    free(set);
    const char *slash = strrchr(g_pg_base, '/');
    char *url = xprintf("%.*s/%s", (int)(slash - g_pg_base), g_pg_base, name);
    free(name);
    return url;
}

static void drop_dbs(void)
{
    if (!pg() || !g_pg_base[0])
        return;
    sc_conn *admin = NULL;
    if (sc_conn_open(&admin, g_pg_base, NULL, NULL) != SC_OK)
        return;
    for (int i = 1; i <= g_dbs; i++) {
        char *sql = xprintf("DROP DATABASE IF EXISTS \"hostile_%ld_%d\" WITH (FORCE)", (long)getpid(), i);
        sc_conn_exec(admin, sql);
        free(sql);
    }
    sc_conn_close(admin);
}

static sc_conn *open_db(const char *url)
{
    sc_conn *db = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_conn_open(&db, url, NULL, &err) != SC_OK) {
        fprintf(stderr, "cannot open %s: %s\n", url, err.message);
        exit(2);
    }
    return db;
}

/* ---------------------------------------------------------------- the program on the generated code */

/* The values of each case, for the round-trip program: "LEN\nBYTES" records. */
static void put_record(buf *b, str s)
{
    b_printf(b, "%zu\n", s.n);
    b_put(b, s.p, s.n);
}

static void write_roundtrip(const char *path, const acc *accs, int nacc)
{
    buf b = {0};
    b_puts(&b, "/* The generated code round-trips each case's strings (written by test_hostile). */\n"
               "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include \"hz.h\"\n\n"
               "static int bad;\n"
               "#define EXPECT(cond, ...) do { if (!(cond)) { bad++; fprintf(stderr, \"case %d: \", no); "
               "fprintf(stderr, __VA_ARGS__); fprintf(stderr, \" (%s)\\n\", sc_conn_error(db)->message); } } while (0)\n"
               "static char *data;\nstatic size_t data_len, data_off;\n"
               "static char *next(size_t *len)\n{\n"
               "    char *end = NULL;\n    size_t n = strtoul(data + data_off, &end, 10);\n"
               "    char *p = end + 1;\n    data_off = (size_t)(p - data) + n;\n"
               "    char *s = malloc(n + 1);\n    memcpy(s, p, n);\n    s[n] = '\\0';\n"
               "    if (len) *len = n;\n    return s;\n}\n"
               "static int same(const char *a, const char *b)\n{\n    return a && b && strcmp(a, b) == 0;\n}\n"
               "/* The constraint the last error names, when the driver knows it. */\n"
               "static int named(sc_conn *db, const char *want)\n{\n"
               "    const char *got = sc_conn_error(db)->constraint;\n"
               "    return !got[0] || strncmp(got, want, sizeof sc_conn_error(db)->constraint - 1) == 0;\n}\n\n");
    for (int k = 0; k < nacc; k++) {
        int i = accs[k].no;
        char num[16];
        snprintf(num, sizeof num, "%d", i);
        b_subst(&b,
                 "static void case_@I@(sc_conn *db, int no)\n{\n"
                 "    char *dv = next(NULL), *v = next(NULL), *q = next(NULL), *mq = next(NULL), *rq = next(NULL), *dg = next(NULL);\n"
                 "    char *ck = next(NULL), *mck = next(NULL), *u = next(NULL);\n"
                 "    hz_c_@I@ row, *out = NULL, *found = NULL, *again = NULL;\n"
                 "    hz_c_@I@_init(&row);\n"
                 "    row.nm = v;\n    row.ck = (char *)\"filler\";\n    row.mc = (char *)\"filler\";\n"
                 "    row.kind = v;\n    row.code = 1;\n    row.rk = (char *)\"filler\";\n    row.rcode = 1;\n"
                 "    row.tag = HZ_E_@I@_FIRST;\n"
                 "    int rc = hz_c_@I@_create(&out, db, &row);\n"
                 "    EXPECT(rc == SC_OK && out, \"create: %d\", rc);\n"
                 "    if (out) {\n"
                 "        EXPECT(same(out->nm, v) && same(out->kind, v) && same(out->dv, dv) && same(out->dg, dg) && out->js,\n"
                 "               \"create returned other strings\");\n"
                 "        EXPECT(out->tag == HZ_E_@I@_FIRST, \"create returned tag %d\", (int)out->tag);\n"
                 "        rc = hz_c_@I@_find_by_id(&found, db, out->id);\n"
                 "        EXPECT(rc == SC_OK && found, \"find_by_id: %d\", rc);\n"
                 "        if (found) {\n"
                 "            EXPECT(same(found->nm, v) && same(found->kind, v) && same(found->dv, dv) && same(found->dg, dg) && found->js,\n"
                 "                   \"find returned other strings\");\n"
                 "            EXPECT(found->tag == HZ_E_@I@_FIRST, \"find returned tag %d\", (int)found->tag);\n"
                 "        }\n"
                 "        hz_c_@I@_list list = {0};\n"
                 "        rc = hz_c_@I@_list_by_kind(&list, db, v);\n"
                 "        EXPECT(rc == SC_OK && list.count == 1 && list.items[0].id == out->id, \"list_by_kind: %d, %zu rows\", rc, list.count);\n"
                 "        hz_c_@I@_list_free(&list);\n"
                 "        /* the partial unique index where kind = the value */\n"
                 "        rc = hz_c_@I@_create(&again, db, &row);\n"
                 "        EXPECT(rc == SC_EUNIQUE && named(db, u), \"same code and kind: %d\", rc);\n"
                 "        hz_c_@I@_free(again);\n        again = NULL;\n"
                 "        row.kind = (char *)\"filler\";\n"
                 "        rc = hz_c_@I@_create(&again, db, &row);\n"
                 "        EXPECT(rc == SC_OK, \"same code, other kind: %d\", rc);\n"
                 "        hz_c_@I@_free(again);\n        again = NULL;\n"
                 "        /* the checks hold the SQL literal */\n"
                 "        row.code = 2;\n        row.ck = q;\n"
                 "        rc = hz_c_@I@_create(&again, db, &row);\n"
                 "        EXPECT(rc == SC_ECHECK && named(db, ck), \"ck = the literal: %d\", rc);\n"
                 "        row.ck = (char *)\"filler\";\n        row.mc = mq;\n"
                 "        rc = hz_c_@I@_create(&again, db, &row);\n"
                 "        EXPECT(rc == SC_ECHECK && named(db, mck), \"mc = the literal: %d\", rc);\n"
                 "        row.mc = (char *)\"filler\";\n"
                 "        /* the raw() partial unique index where rk = the literal */\n"
                 "        row.rk = rq;\n        row.rcode = 7;\n"
                 "        rc = hz_c_@I@_create(&again, db, &row);\n"
                 "        EXPECT(rc == SC_OK, \"rk = the literal: %d\", rc);\n"
                 "        hz_c_@I@_free(again);\n        again = NULL;\n"
                 "        row.code = 3;\n"
                 "        rc = hz_c_@I@_create(&again, db, &row);\n"
                 "        EXPECT(rc == SC_EUNIQUE, \"rk = the literal twice: %d\", rc);\n"
                 "        hz_c_@I@_free(again);\n        again = NULL;\n"
                 "        /* the many-to-many join table */\n"
                 "        hz_peer peer, *p = NULL;\n        hz_peer_init(&peer);\n"
                 "        rc = hz_peer_create(&p, db, &peer);\n"
                 "        EXPECT(rc == SC_OK && p, \"peer: %d\", rc);\n"
                 "        if (p) {\n"
                 "            rc = hz_c_@I@_link_peers(db, out->id, p->id);\n"
                 "            EXPECT(rc == SC_OK, \"link_peers: %d\", rc);\n"
                 "            rc = hz_c_@I@_load_peers(db, out, 1);\n"
                 "            EXPECT(rc == SC_OK && out->peers_count == 1 && out->peers[0].id == p->id, \"load_peers: %d\", rc);\n"
                 "        }\n"
                 "        hz_peer_free(p);\n"
                 "    }\n"
                 "    hz_c_@I@_free(out);\n    hz_c_@I@_free(found);\n"
                 "    free(dv);\n    free(v);\n    free(q);\n    free(mq);\n    free(rq);\n    free(dg);\n    free(ck);\n    free(mck);\n    free(u);\n}\n\n",
                 "@I@", num);
    }
    b_puts(&b, "int main(int argc, char **argv)\n{\n"
               "    if (argc != 3) return 2;\n"
               "    FILE *f = fopen(argv[2], \"rb\");\n    if (!f) return 2;\n"
               "    fseek(f, 0, SEEK_END);\n    data_len = (size_t)ftell(f);\n    fseek(f, 0, SEEK_SET);\n"
               "    data = malloc(data_len + 1);\n    if (fread(data, 1, data_len, f) != data_len) return 2;\n"
               "    data[data_len] = '\\0';\n    fclose(f);\n"
               "    sc_conn *db = NULL;\n    sc_error err = SC_ERROR_INIT;\n"
               "    if (sc_conn_open(&db, argv[1], NULL, &err) != SC_OK) {\n"
               "        fprintf(stderr, \"open: %s\\n\", err.message);\n        return 2;\n    }\n"
               "    int no = 0;\n");
    for (int k = 0; k < nacc; k++)
        b_printf(&b, "    no = %d;\n    case_%d(db, no);\n", accs[k].no, accs[k].no);
    b_puts(&b, "    /* identifiers that are C keywords */\n"
               "    hz_weird_name wn, *wout = NULL;\n    hz_weird_name_init(&wn);\n"
               "    wn.id = 1;\n    wn.int_ = (char *)\"i\";\n"
               "    EXPECT(hz_weird_name_create(&wout, db, &wn) == SC_OK && wout && same(wout->int_, \"i\"), \"Weird-Name\");\n"
               "    hz_weird_name_free(wout);\n"
               "    (void)no;\n    sc_conn_close(db);\n    free(data);\n"
               "    if (bad) fprintf(stderr, \"%d checks failed\\n\", bad);\n"
               "    return bad ? 1 : 0;\n}\n");
    write_all(path, b.p, b.n);
    b_free(&b);
}

static void write_data(const char *path, const acc *accs, int nacc)
{
    buf b = {0};
    b_put(&b, "", 0);
    for (int k = 0; k < nacc; k++) {
        put_record(&b, accs[k].dv);
        put_record(&b, accs[k].wv);
        put_record(&b, accs[k].q);
        put_record(&b, accs[k].mq);
        put_record(&b, accs[k].rq);
        put_record(&b, accs[k].dg);
        put_record(&b, accs[k].ck);
        put_record(&b, accs[k].mck);
        put_record(&b, accs[k].u);
    }
    write_all(path, b.p, b.n);
    b_free(&b);
}

/* ---------------------------------------------------------------- steps of the accepted schema */

typedef struct {
    const char *schemac, *work, *include, *runtime_lib, *link_cc, *link_flags;
    const char *const *ccs;
    int nccs;
} env;

static int schemac_in(const env *e, const char *dir, const char *const *args, const char *what)
{
    const char *argv[24];
    int n = 0;
    argv[n++] = e->schemac;
    argv[n++] = "--no-color";
    for (; *args && n < 22; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    char *out = xprintf("%s/%s.out", dir, what), *err = xprintf("%s/%s.err", dir, what);
    int rc = run(dir, argv, out, err);
    if (rc != 0) {
        fail("%s exited %d", what, rc);
        dump(err);
    }
    free(out);
    free(err);
    return rc;
}

static void compile_generated(const env *e, const char *dir)
{
    g_where = "generated C";
    char *inc = xprintf("-I%s", e->include);
    char *gen = xprintf("-I%s/gen", dir);
    char *hdr = xprintf("%s/only_header.c", dir);
    write_all(hdr, "#include \"hz.h\"\n", strlen("#include \"hz.h\"\n"));
    for (int k = 0; k < e->nccs; k++) {
        const char *cc = e->ccs[k];
        /* Few errors and no source lines: a line of the generated C can be a megabyte long. */
        bool clang = strstr(cc, "clang") != NULL;
        const char *quiet1 = clang ? "-ferror-limit=3" : "-fmax-errors=3";
        const char *quiet2 = clang ? "-fno-caret-diagnostics" : "-fno-diagnostics-show-caret";
        const char *argv[] = {cc, "-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Werror", "-Wshadow",
                              "-Wstrict-prototypes", "-Wmissing-prototypes", "-Wformat=2", "-Wconversion",
                              "-Wno-sign-conversion", quiet1, quiet2, inc, "-fsyntax-only", "gen/hz.c", NULL};
        char *err = xprintf("%s/cc%d.err", dir, k);
        int rc = run(dir, argv, NULL, err);
        if (rc != 0) {
            fail("%s -std=c11 -Wall -Wextra -Wpedantic -Werror: gen/hz.c does not compile (%d)", cc, rc);
            dump(err);
        }
        const char *argh[] = {cc, "-std=c11", "-Wall", "-Wextra", "-Wpedantic", "-Werror", quiet1, quiet2, inc, gen,
                              "-fsyntax-only", "only_header.c", NULL};
        rc = run(dir, argh, NULL, err);
        if (rc != 0) {
            fail("%s: hz.h does not compile alone (%d)", cc, rc);
            dump(err);
        }
        free(err);
    }
    free(inc);
    free(gen);
    free(hdr);
}

static bool build_roundtrip(const env *e, const char *dir)
{
    g_where = "round-trip program";
    char *inc = xprintf("-I%s", e->include);
    char *libdir = xprintf("%s", e->runtime_lib);
    char *slash = strrchr(libdir, '/');
    if (slash)
        *slash = '\0';
    char *rpath = xprintf("-Wl,-rpath,%s", libdir);
    const char *argv[32];
    int n = 0;
    argv[n++] = e->link_cc;
    argv[n++] = "-std=c11";
    argv[n++] = "-g";
    char *flags = xprintf("%s", e->link_flags);
    for (char *save = NULL, *t = strtok_r(flags, " ", &save); t && n < 20; t = strtok_r(NULL, " ", &save))
        argv[n++] = t;
    argv[n++] = inc;
    argv[n++] = "-Igen";
    argv[n++] = "rt.c";
    argv[n++] = "gen/hz.c";
    argv[n++] = e->runtime_lib;
    argv[n++] = rpath;
    argv[n++] = "-lsqlite3";
    argv[n++] = "-o";
    argv[n++] = "rt";
    argv[n] = NULL;
    char *err = xprintf("%s/rt_build.err", dir);
    int rc = run(dir, argv, NULL, err);
    if (rc != 0) {
        fail("the round-trip program does not build (%d)", rc);
        dump(err);
    }
    free(err);
    free(inc);
    free(libdir);
    free(rpath);
    free(flags);
    return rc == 0;
}

static void run_roundtrip(const char *dir, const char *url)
{
    g_where = "round trip";
    char *rt = xprintf("%s/rt", dir), *data = xprintf("%s/data.bin", dir), *err = xprintf("%s/rt.err", dir);
    const char *argv[] = {rt, url, data, NULL};
    int rc = run(dir, argv, NULL, err);
    if (rc != 0) {
        fail("the generated code does not round-trip the strings (%d)", rc);
        dump(err);
    }
    free(rt);
    free(data);
    free(err);
}

static void accepted_schema(const env *e, hcase *cases, size_t ncases)
{
    acc *accs = calloc(ncases, sizeof *accs);
    int nacc = 0, nsql = 0;
    want_db *w = calloc(1, sizeof *w);
    buf b = {0};
    datasource(&b, NULL, 0);
    buf models = {0};
    b_put(&models, "", 0);
    for (size_t k = 0; k < ncases; k++) {
        hcase *c = &cases[k];
        if (c->cname)
            continue;
        if (c->sqlrow) {
            if (ok_everywhere(c, CLS_SQL))
                build_sql_model(&models, w, c, nsql++);
            continue;
        }
        acc *a = &accs[nacc];
        a->c = c;
        a->no = nacc;
        a->name_ok = ok_everywhere(c, CLS_NAME);
        a->label_ok = ok_everywhere(c, CLS_LABEL);
        a->default_ok = ok_at(c, CLS_VALUE, "default");
        a->where_ok = ok_at(c, CLS_VALUE, "where");
        a->json_ok = ok_at(c, CLS_VALUE, "json");
        a->dbgen_ok = ok_at(c, CLS_SQL, "dbgen");
        a->generator_ok = ok_at(c, CLS_VALUE, "generator");
        a->check_ok = ok_at(c, CLS_SQL, "check");
        a->mcheck_ok = ok_at(c, CLS_SQL, "mcheck");
        a->raw_ok = ok_at(c, CLS_SQL, "raw");
        bool doc_ok = ok_at(c, CLS_DOC, "docmodel") || ok_at(c, CLS_DOC, "docfield") ||
                      ok_at(c, CLS_DOC, "docenum") || ok_at(c, CLS_DOC, "docvalue");
        if (!a->name_ok && !a->label_ok && !a->default_ok && !a->where_ok && !a->generator_ok && !a->json_ok &&
            !a->check_ok && !a->mcheck_ok && !a->raw_ok && !a->dbgen_ok && !doc_ok)
            continue;
        build_case_model(&models, w, a);
        nacc++;
    }
    fixed_tables(&b, w, accs, nacc);
    b_put(&b, models.p, models.n);
    b_free(&models);

    char *dir = xprintf("%s/accepted", e->work);
    rm_rf(dir);
    mkdir_p(dir);
    char *schema = xprintf("%s/schema.prisma", dir);
    write_all(schema, b.p, b.n);
    printf("accepted schema: %d strings, %d SQL texts, %zu bytes\n", nacc, nsql, b.n);

    /* check */
    g_where = "check";
    const char *check[] = {"check", "schema.prisma", NULL};
    if (schemac_in(e, dir, check, "check") != 0)
        goto out;

    /* sql: the DDL on a fresh database */
    g_where = "sql";
    const char *sql[] = {"sql", "--dialect", g_engine, "schema.prisma", NULL};
    if (schemac_in(e, dir, sql, "sql") == 0) {
        char *ddl_path = xprintf("%s/sql.out", dir);
        char *ddl = read_all(ddl_path, NULL);
        char *url = fresh_db(e->work);
        sc_conn *db = open_db(url);
        if (sc_conn_exec(db, ddl) != SC_OK) {
            fail("the DDL of `sql` does not apply: %s", sc_conn_error(db)->message);
        } else {
            put_canary_rows(db);
            check_catalog(db, w, "sql: catalog");
            check_defaults(db, w, "sql: defaults", 100);
            check_canaries(db, "sql: canaries");
        }
        sc_conn_close(db);
        free(url);
        free(ddl);
        free(ddl_path);
    }

    /* generate, and compile */
    g_where = "generate";
    const char *gen[] = {"generate", "schema.prisma", "-o", "gen", "--prefix", "hz", NULL};
    phase("check, sql and its DDL");
    bool generated = schemac_in(e, dir, gen, "generate") == 0;
    if (generated)
        compile_generated(e, dir);
    phase("generate, gcc and clang");

    /* migrate: the canaries first, with rows; then the whole schema */
    char *url = fresh_db(e->work);
    const char *url_arg = url;
    {
        g_where = "migrate";
        buf cb = {0};
        datasource(&cb, NULL, 0);
        canaries(&cb);
        char *cpath = xprintf("%s/canaries.prisma", dir);
        write_all(cpath, cb.p, cb.n);
        b_free(&cb);
        free(cpath);
        const char *d1[] = {"migrate", "diff", "--schema", "canaries.prisma", "--dir", "migrations", "--name", "canaries", NULL};
        const char *ap[] = {"migrate", "apply", "--dir", "migrations", "--url", url_arg, NULL};
        if (schemac_in(e, dir, d1, "diff1") != 0 || schemac_in(e, dir, ap, "apply1") != 0)
            goto done;
        sc_conn *db = open_db(url);
        put_canary_rows(db);
        sc_conn_close(db);
        const char *d2[] = {"migrate", "diff", "--schema", "schema.prisma", "--dir", "migrations", "--name", "hostile", NULL};
        if (schemac_in(e, dir, d2, "diff2") != 0 || schemac_in(e, dir, ap, "apply2") != 0)
            goto done;
        db = open_db(url);
        check_catalog(db, w, "migrate apply: catalog");
        check_canaries(db, "migrate apply: canaries");
        sc_conn_close(db);
        g_where = "migrate check";
        const char *mc[] = {"migrate", "check", "--dir", "migrations", "--url", url_arg, NULL};
        schemac_in(e, dir, mc, "check_drift");

        phase("migrate diff, apply, check");
        if (generated) {
            char *rt = xprintf("%s/rt.c", dir), *data = xprintf("%s/data.bin", dir);
            write_roundtrip(rt, accs, nacc);
            write_data(data, accs, nacc);
            if (build_roundtrip(e, dir))
                run_roundtrip(dir, url);
            free(rt);
            free(data);
        }
        phase("round trip: build and run");
        db = open_db(url);
        check_defaults(db, w, "migrate apply: defaults", 200);
        check_canaries(db, "round trip: canaries");
        sc_conn_close(db);

        /* down.sql: back to the canaries alone */
        g_where = "migrate rollback";
        const char *rb[] = {"migrate", "rollback", "--dir", "migrations", "--allow-data-loss", "--url", url_arg, NULL};
        if (schemac_in(e, dir, rb, "rollback") == 0) {
            want_db *cw = calloc(1, sizeof *cw);
            want_canaries(cw);
            db = open_db(url);
            check_catalog(db, cw, "rollback: catalog");
            check_canaries(db, "rollback: canaries");
            sc_conn_close(db);
            free(cw);
        }
        phase("rollback");
    }
done:
    free(url);
out:
    free(schema);
    free(dir);
    b_free(&b);
    free(accs);
    free(w);
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    if (argc < 10) {
        fprintf(stderr, "usage: test_hostile ENGINE SCHEMAC CASES WORKDIR RUNTIME_INCLUDE RUNTIME_LIB LINK_CC "
                        "LINK_FLAGS CC...\n");
        return 2;
    }
    env e;
    g_engine = argv[1];
    e.schemac = argv[2];
    const char *cases_path = argv[3];
    e.work = argv[4];
    e.include = argv[5];
    e.runtime_lib = argv[6];
    e.link_cc = argv[7];
    e.link_flags = argv[8];
    e.ccs = (const char *const *)argv + 9;
    e.nccs = argc - 9;
    if (strcmp(g_engine, "sqlite") != 0 && strcmp(g_engine, "postgresql") != 0) {
        fprintf(stderr, "ENGINE is sqlite or postgresql\n");
        return 2;
    }
    if (pg() && !testutil_pg_url(g_pg_base, sizeof g_pg_base)) {
        fprintf(stderr, "no PostgreSQL test cluster (SCHEMAC_TEST_PG_URLFILE)\n");
        return 2;
    }
    unsetenv("DATABASE_URL");
    rm_rf(e.work);
    char *refused_dir = xprintf("%s/refused", e.work);
    mkdir_p(refused_dir);
    free(refused_dir);

    size_t ncases = 0;
    hcase *cases = load_cases(cases_path, &ncases);
    phase(NULL);

    /* refused: one schema per string and place */
    int nrefused = 0;
    for (size_t k = 0; k < ncases; k++) {
        const hcase *c = &cases[k];
        if (c->cname) {
            cname_case(e.work, e.schemac, c);
            nrefused++;
            continue;
        }
        const place *pls = c->sqlrow ? text_places : places;
        size_t npl = c->sqlrow ? sizeof text_places / sizeof *text_places : sizeof places / sizeof *places;
        /*
         * One schema per kind of place and diagnostic code (an error of one stage can hide those of a
         * later one), and one per place for the rules that compare names with each other (they run once
         * a schema has no other error, and the places would share one name).
         */
        bool done[32] = {false};
        for (size_t p = 0; p < npl; p++) {
            int cls = pls[p].cls;
            expect ep = expect_at(c, cls, pls[p].key);
            if (done[p] || ep.kind != EX_REFUSE || (pls[p].only && strcmp(pls[p].only, g_engine) != 0))
                continue;
            const place *group[32];
            size_t n = 0;
            bool alone = cls == CLS_DOC || strcmp(ep.code, "reserved-name") == 0 || strcmp(ep.code, "name-collision") == 0;
            for (size_t q = p; q < npl && (!alone || n == 0); q++) {
                expect eq = expect_at(c, pls[q].cls, pls[q].key);
                if (done[q] || pls[q].cls != cls || eq.kind != EX_REFUSE || strcmp(eq.code, ep.code) != 0 ||
                    (pls[q].only && strcmp(pls[q].only, g_engine) != 0))
                    continue;
                group[n++] = &pls[q];
                done[q] = true;
            }
            refused_group(e.work, e.schemac, c, cls, group, n);
            nrefused += (int)n;
        }
    }
    printf("refused: %d places in %d schemas\n", nrefused, g_refused_schemas);
    phase("refused schemas");

    accepted_schema(&e, cases, ncases);
    drop_dbs();

    for (size_t k = 0; k < ncases; k++) {
        free(cases[k].written.p);
        free(cases[k].raw.p);
    }
    free(cases);
    if (g_failures) {
        fprintf(stderr, "%d failures (work files kept in %s)\n", g_failures, e.work);
        return 1;
    }
    printf("hostile schemas on %s: %zu strings, all refused where expected and intact where accepted\n", g_engine,
           ncases);
    rm_rf(e.work);
    return 0;
}

/* The harness keeps its bookkeeping until exit: no leak report for it under ASan (the programs it runs keep theirs). */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}
