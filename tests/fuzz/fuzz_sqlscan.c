/*
 * fuzz_sqlscan.c - libFuzzer target for the SQL token scanner (sqlscan.h),
 * which decides where literals, quoted names and comments end for the
 * migration runner and for the SQL text a schema carries.
 *
 * The input is arbitrary bytes (NULs included), scanned for both dialects.
 * Invariants:
 *   - the tokens tile the input: each starts where the previous ended, none
 *     is empty, END comes at the length, ERROR runs to the end and is
 *     followed by END; so the scan ends within len + 1 tokens;
 *   - each token is what its kind says (a comment starts with "--" or a
 *     slash-star, a ';' is one byte, a line comment holds no line end, ...);
 *   - sqlscan_fragment_check accepting the text means a re-scan finds no
 *     comment, ';', unterminated token, control character or unbalanced
 *     parenthesis, and the text put between "(" and ")" in a statement
 *     cannot reach what follows: the ';' after it is a top-level token.
 *     Refusing it means the re-scan finds one of those.
 */
#include "fuzz_util.h"

#include <stdbool.h>

#include "base/sqlscan.h"

static bool fuzz__is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Scan TEXT; check the tiling and the token kinds. Returns what the scan says of the fragment rules. */
typedef struct scan_facts {
    bool error, comment, semicolon, unbalanced;
} scan_facts;

static scan_facts fuzz__scan(sqlscan_dialect d, const char *text, size_t len)
{
    bool pg = d == SQLSCAN_POSTGRES;
    scan_facts f = {false, false, false, false};
    sqlscan s;
    sqlscan_init(&s, d, text, len);
    size_t pos = 0, ntok = 0;
    long depth = 0;
    bool after_error = false;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        FUZZ_CHECK(++ntok <= len + 1, "more tokens than bytes: the scan does not advance");
        FUZZ_CHECK(t.start == pos, "token starts at %zu, the previous one ended at %zu", t.start, pos);
        if (t.kind == SQLTOK_END) {
            FUZZ_CHECK(t.start == len && t.len == 0, "END at %zu (len %zu) of %zu bytes", t.start, t.len, len);
            /* END stays END. */
            sqltok again = sqlscan_next(&s);
            FUZZ_CHECK(again.kind == SQLTOK_END, "a token after END");
            break;
        }
        FUZZ_CHECK(!after_error, "a token other than END after ERROR");
        FUZZ_CHECK(t.len > 0, "an empty token of kind %d at %zu", (int)t.kind, t.start);
        FUZZ_CHECK(t.start + t.len <= len, "token %zu+%zu past the end %zu", t.start, t.len, len);
        const char *p = text + t.start;
        (void)sqlscan_at_line_start(&s, &t);
        switch (t.kind) {
        case SQLTOK_SPACE:
            for (size_t i = 0; i < t.len; i++)
                FUZZ_CHECK(fuzz__is_space((unsigned char)p[i]), "a non-blank byte in a SPACE token");
            break;
        case SQLTOK_LINE_COMMENT:
            FUZZ_CHECK(t.len >= 2 && p[0] == '-' && p[1] == '-', "a line comment not starting with --");
            FUZZ_CHECK(!memchr(p, '\n', t.len), "a line comment holding a newline");
            FUZZ_CHECK(!pg || !memchr(p, '\r', t.len), "a PostgreSQL line comment holding a CR");
            FUZZ_CHECK(t.start + t.len == len || p[t.len] == '\n' || (pg && p[t.len] == '\r'),
                       "a line comment that stops before the line end");
            f.comment = true;
            break;
        case SQLTOK_BLOCK_COMMENT:
            FUZZ_CHECK(t.len >= 4 && p[0] == '/' && p[1] == '*' && p[t.len - 2] == '*' && p[t.len - 1] == '/',
                       "a block comment not delimited by slash-star, star-slash");
            f.comment = true;
            break;
        case SQLTOK_STRING:
            FUZZ_CHECK(p[t.len - 1] == '\'' || p[t.len - 1] == '$', "a string literal not ending in a quote");
            break;
        case SQLTOK_QUOTED_IDENT:
            FUZZ_CHECK(p[t.len - 1] == '"' || (!pg && (p[t.len - 1] == '`' || p[t.len - 1] == ']')),
                       "a quoted name not ending in its quote");
            break;
        case SQLTOK_SEMICOLON:
            FUZZ_CHECK(t.len == 1 && p[0] == ';', "a SEMICOLON token that is not ';'");
            f.semicolon = true;
            break;
        case SQLTOK_LPAREN:
            FUZZ_CHECK(t.len == 1 && p[0] == '(', "an LPAREN token that is not '('");
            depth++;
            break;
        case SQLTOK_RPAREN:
            FUZZ_CHECK(t.len == 1 && p[0] == ')', "an RPAREN token that is not ')'");
            if (--depth < 0)
                f.unbalanced = true;
            break;
        case SQLTOK_ERROR:
            FUZZ_CHECK(s.error != NULL, "ERROR without a reason");
            FUZZ_CHECK(t.start + t.len == len, "ERROR does not run to the end");
            f.error = true;
            after_error = true;
            break;
        case SQLTOK_WORD:
        case SQLTOK_NUMBER:
        case SQLTOK_PARAM:
        case SQLTOK_OTHER:
            /* None of these may swallow a byte that starts a comment, literal or statement end. */
            for (size_t i = 0; i < t.len; i++)
                FUZZ_CHECK(p[i] != ';' && p[i] != '\'' && p[i] != '"' && p[i] != '(' && p[i] != ')',
                           "a token of kind %d holds a quote, ';' or parenthesis", (int)t.kind);
            break;
        case SQLTOK_END:
            break;
        }
        pos = t.start + t.len;
    }
    if (depth != 0)
        f.unbalanced = true;
    return f;
}

static void fuzz__fragment(arena *a, sqlscan_dialect d, const char *text, size_t len)
{
    size_t at = 0;
    const char *why = sqlscan_fragment_check(d, text, len, &at);
    bool control = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            control = true;
    }
    scan_facts f = fuzz__scan(d, text, len);
    bool bad = control || f.error || f.comment || f.semicolon || f.unbalanced;
    if (why) {
        FUZZ_CHECK(at <= len, "refusal offset %zu past %zu", at, len);
        FUZZ_CHECK(bad, "fragment refused (%s at %zu) although a re-scan finds nothing wrong", why, at);
        return;
    }
    FUZZ_CHECK(!bad, "fragment accepted, but: control %d, error %d, comment %d, ';' %d, unbalanced %d", control,
               f.error, f.comment, f.semicolon, f.unbalanced);

    /* In place: CHECK (<text>); -- then more. The ';' must end the statement. */
    static const char head[] = "CHECK (";
    static const char tail[] = ");\n-- next\nSELECT 1;";
    size_t hl = sizeof head - 1, tl = sizeof tail - 1;
    char *stmt = arena_alloc(a, hl + len + tl + 1);
    memcpy(stmt, head, hl);
    memcpy(stmt + hl, text, len);
    memcpy(stmt + hl + len, tail, tl);
    size_t slen = hl + len + tl;
    sqlscan s;
    sqlscan_init(&s, d, stmt, slen);
    long depth = 0;
    bool found = false;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        FUZZ_CHECK(t.kind != SQLTOK_ERROR, "an accepted fragment leaves a token open in its statement");
        if (t.kind == SQLTOK_END)
            break;
        if (t.start >= hl + len) {
            found = t.kind == SQLTOK_RPAREN && t.start == hl + len;
            FUZZ_CHECK(found, "the ')' after an accepted fragment is not a token of its own");
            FUZZ_CHECK(depth == 1, "an accepted fragment leaves the parenthesis depth at %ld", depth);
            sqltok semi = sqlscan_next(&s);
            FUZZ_CHECK(semi.kind == SQLTOK_SEMICOLON && semi.start == hl + len + 1,
                       "the ';' after an accepted fragment does not end the statement");
            break;
        }
        FUZZ_CHECK(t.start + t.len <= hl + len, "a token of an accepted fragment reaches past it");
        if (t.kind == SQLTOK_LPAREN)
            depth++;
        else if (t.kind == SQLTOK_RPAREN)
            FUZZ_CHECK(--depth >= 1, "an accepted fragment closes the parenthesis around it");
    }
    FUZZ_CHECK(found, "the statement ended inside an accepted fragment");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    const char *text = (const char *)data;
    static const sqlscan_dialect dialects[2] = {SQLSCAN_SQLITE, SQLSCAN_POSTGRES};
    for (int i = 0; i < 2; i++) {
        fuzz__scan(dialects[i], text, size);
        fuzz__fragment(&a, dialects[i], text, size);
    }
    arena_free(&a);
    return 0;
}
