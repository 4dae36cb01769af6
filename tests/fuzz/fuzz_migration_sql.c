/*
 * fuzz_migration_sql.c - libFuzzer target for reading a migration's SQL
 * files: migrate_split_sections (header, "-- schemac:" markers and flags,
 * pre/tx/post sections) and migrate_split_statements (the statements of an
 * autocommit section, run one at a time), for both providers.
 *
 * The input is one up.sql or down.sql. As migrate_dir_read refuses a file
 * with a NUL byte, the text ends at the first NUL. Invariants:
 *   - every literal, quoted name and comment of each section is one of the
 *     file's own, intact and in order (no marker split one apart, no two
 *     were joined), and re-scanning a section finds no unterminated token;
 *   - the sections together are never longer than the file; a file without
 *     any "-- schemac:" text is one transactional section, unchanged;
 *   - each statement of a section re-scans to exactly one top-level ';', as
 *     its last token, or none at the very end of the section; it holds code,
 *     not only comments and ';'; together, the statements hold every token
 *     of the section that runs something (all but blanks, comments, ';');
 *   - the text as a migration writer puts user text in a file (in a header
 *     comment through sqltext_comment, as a quoted name and as a string
 *     literal) forges nothing: the file splits into the one statement of
 *     its tx section, with the name and the literal as single tokens and no
 *     flag set.
 */
#include "fuzz_util.h"

#include <stdbool.h>

#include "ddl/ddl.h"
#include "migrate/migrate.h"
#include "base/sqlscan.h"

static bool fuzz__keep(sqltok_kind k)
{
    return k == SQLTOK_STRING || k == SQLTOK_QUOTED_IDENT || k == SQLTOK_LINE_COMMENT || k == SQLTOK_BLOCK_COMMENT;
}

/* A token that runs something: not a blank, a comment or a ';' (an empty statement runs nothing). */
static bool fuzz__code(sqltok_kind k)
{
    return k != SQLTOK_SPACE && k != SQLTOK_LINE_COMMENT && k != SQLTOK_BLOCK_COMMENT && k != SQLTOK_SEMICOLON;
}

typedef struct toklist {
    sqltok *items;
    size_t n, cap;
} toklist;

/* The literals, quoted names and comments of TEXT; false when a token is unterminated. */
static bool fuzz__tokens(toklist *out, arena *a, sqlscan_dialect d, const char *text)
{
    memset(out, 0, sizeof *out);
    sqlscan s;
    sqlscan_init(&s, d, text, strlen(text));
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END)
            return true;
        if (t.kind == SQLTOK_ERROR)
            return false;
        if (!fuzz__keep(t.kind))
            continue;
        out->items = arena_reserve(a, out->items, out->n, &out->cap, sizeof *out->items, 16);
        out->items[out->n++] = t;
    }
}

/* SECTION's literals, quoted names and comments are a subsequence of the file's. */
static void fuzz__check_section(arena *a, sqlscan_dialect d, const char *file, const toklist *orig, const char *section,
                                const char *name)
{
    toklist mine;
    FUZZ_CHECK(fuzz__tokens(&mine, a, d, section), "section %s holds an unterminated token", name);
    size_t k = 0;
    for (size_t i = 0; i < mine.n; i++) {
        const sqltok *t = &mine.items[i];
        while (k < orig->n && !(orig->items[k].kind == t->kind && orig->items[k].len == t->len &&
                                memcmp(file + orig->items[k].start, section + t->start, t->len) == 0))
            k++;
        FUZZ_CHECK(k < orig->n, "section %s holds a token the file does not have at that place: %.*s", name,
                   (int)t->len, section + t->start);
        k++;
    }
}

static void fuzz__check_statements(arena *a, ir_provider provider, sqlscan_dialect d, const char *section,
                                   const char *name)
{
    const char **stmts = NULL;
    size_t n = 0;
    const char *err = NULL;
    FUZZ_CHECK(migrate_split_statements(&stmts, &n, a, provider, section, &err) == 0,
               "section %s scans, but its statements do not split: %s", name, err);
    FUZZ_CHECK(stmts && stmts[n] == NULL, "the statement list is not NULL-terminated");
    /* The code tokens of the section, in order, against those of the statements. */
    size_t ncode = 0;
    sqlscan s;
    sqlscan_init(&s, d, section, strlen(section));
    for (sqltok t = sqlscan_next(&s); t.kind != SQLTOK_END; t = sqlscan_next(&s))
        if (fuzz__code(t.kind))
            ncode++;
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        const char *st = stmts[i];
        size_t len = strlen(st), semis = 0, code = 0;
        sqltok last = {SQLTOK_END, 0, 0};
        sqlscan_init(&s, d, st, len);
        for (sqltok t = sqlscan_next(&s); t.kind != SQLTOK_END; t = sqlscan_next(&s)) {
            FUZZ_CHECK(t.kind != SQLTOK_ERROR, "statement %zu of section %s holds an unterminated token", i, name);
            if (t.kind == SQLTOK_SEMICOLON)
                semis++;
            if (fuzz__code(t.kind))
                code++;
            last = t;
        }
        FUZZ_CHECK(code > 0, "statement %zu of section %s is only blanks and comments", i, name);
        if (i + 1 < n)
            FUZZ_CHECK(semis == 1 && last.kind == SQLTOK_SEMICOLON,
                       "statement %zu of section %s has %zu top-level ';' (last token kind %d)", i, name, semis,
                       (int)last.kind);
        else
            FUZZ_CHECK(semis == 0 || (semis == 1 && last.kind == SQLTOK_SEMICOLON),
                       "the last statement of section %s has %zu top-level ';'", name, semis);
        seen += code;
    }
    FUZZ_CHECK(seen == ncode, "the statements of section %s hold %zu code tokens, the section %zu", name, seen,
               ncode);
}

static void fuzz__one(arena *a, ir_provider provider, const char *text)
{
    sqlscan_dialect d = provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE;
    migrate_sections sec;
    const char *err = NULL;
    toklist orig;
    bool scans = fuzz__tokens(&orig, a, d, text);
    if (migrate_split_sections(&sec, a, provider, "up.sql", text, &err) != 0) {
        FUZZ_CHECK(err != NULL, "refused without a reason");
        return;
    }
    FUZZ_CHECK(scans, "a file with an unterminated token was split");
    FUZZ_CHECK(sec.pre && sec.tx && sec.post && sec.warnings, "a section is NULL");
    const char *parts[3] = {sec.pre, sec.tx, sec.post};
    static const char *const names[3] = {"pre", "tx", "post"};
    size_t total = 0;
    for (int i = 0; i < 3; i++) {
        total += strlen(parts[i]);
        fuzz__check_section(a, d, text, &orig, parts[i], names[i]);
        fuzz__check_statements(a, provider, d, parts[i], names[i]);
    }
    FUZZ_CHECK(total <= strlen(text), "the sections hold %zu bytes, the file %zu", total, strlen(text));
    if (!strstr(text, "-- schemac:")) {
        FUZZ_CHECK(strcmp(sec.tx, text) == 0 && !*sec.pre && !*sec.post,
                   "a file without markers is not one transactional section");
        FUZZ_CHECK(!sec.data_loss && !sec.rebuild, "a flag without its marker");
    }
}

/* TEXT where `migrate diff` puts names, descriptions and defaults: it must stay data. */
static void fuzz__forge(arena *a, ir_provider provider, const char *text)
{
    sqlscan_dialect d = provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE;
    const char *ident = sqltext_ident(a, text), *literal = sqltext_string(a, text);
    const char *file = arena_printf(a,
                                    "-- migration %s: up\n--\n-- steps:\n--   add column %s\n\n"
                                    "-- schemac:section tx\nINSERT INTO %s VALUES (%s);\n",
                                    sqltext_comment(a, text), sqltext_comment(a, ident), ident, literal);
    migrate_sections sec;
    const char *err = NULL;
    FUZZ_CHECK(migrate_split_sections(&sec, a, provider, "up.sql", file, &err) == 0, "quoted text breaks the file: %s",
               err);
    FUZZ_CHECK(!*sec.pre && !*sec.post && !sec.data_loss && !sec.rebuild, "quoted text forged structure:\n%s", file);
    const struct {
        sqltok_kind kind;
        const char *text;
    } want[] = {{SQLTOK_WORD, "INSERT"}, {SQLTOK_WORD, "INTO"},  {SQLTOK_QUOTED_IDENT, ident}, {SQLTOK_WORD, "VALUES"},
                {SQLTOK_LPAREN, "("},    {SQLTOK_STRING, literal}, {SQLTOK_RPAREN, ")"},       {SQLTOK_SEMICOLON, ";"},
                {SQLTOK_END, ""}};
    sqlscan s;
    sqlscan_init(&s, d, sec.tx, strlen(sec.tx));
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        sqltok t;
        do
            t = sqlscan_next(&s);
        while (t.kind == SQLTOK_SPACE || t.kind == SQLTOK_LINE_COMMENT);
        FUZZ_CHECK(t.kind == want[i].kind && t.len == strlen(want[i].text) &&
                       memcmp(sec.tx + t.start, want[i].text, t.len) == 0,
                   "token %zu of the statement is %.*s, not %s:\n%s", i, (int)t.len, sec.tx + t.start, want[i].text,
                   file);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    const char *text = arena_strndup(&a, (const char *)data, size);
    fuzz__one(&a, IR_PROVIDER_SQLITE, text);
    fuzz__one(&a, IR_PROVIDER_POSTGRESQL, text);
    fuzz__forge(&a, IR_PROVIDER_SQLITE, text);
    fuzz__forge(&a, IR_PROVIDER_POSTGRESQL, text);
    /* The statement splitter on its own, on text no section splitter has seen. */
    const char **stmts = NULL;
    size_t n = 0;
    const char *err = NULL;
    (void)migrate_split_statements(&stmts, &n, &a, IR_PROVIDER_POSTGRESQL, text, &err);
    arena_free(&a);
    return 0;
}
