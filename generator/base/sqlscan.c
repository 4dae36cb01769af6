/*
 * sqlscan.c - where SQL tokens end, as SQLite's and PostgreSQL's own
 * tokenizers decide it (sqlscan.h). The rules follow SQLite's tokenize.c and
 * PostgreSQL's scan.l for the tokens that can hide text: literals, quoted
 * names, comments.
 */
#include "base/sqlscan.h"

#include <string.h>

void sqlscan_init(sqlscan *s, sqlscan_dialect d, const char *text, size_t len)
{
    memset(s, 0, sizeof *s);
    s->dialect = d;
    s->text = text;
    s->len = len;
}

static bool sqlscan__ident_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

static bool sqlscan__ident_char(unsigned char c)
{
    return sqlscan__ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static bool sqlscan__digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static unsigned char sqlscan__at(const sqlscan *s, size_t i)
{
    return i < s->len ? (unsigned char)s->text[i] : 0;
}

static sqltok sqlscan__tok(sqlscan *s, sqltok_kind kind, size_t start, size_t end)
{
    sqltok t = {kind, start, end - start};
    s->pos = end;
    return t;
}

static sqltok sqlscan__error(sqlscan *s, size_t start, const char *what)
{
    s->error = what;
    sqltok t = {SQLTOK_ERROR, start, s->len - start};
    s->pos = s->len;
    return t;
}

/* A literal or name closed by QUOTE, where a doubled QUOTE stands for one; BACKSLASH: \ escapes the next byte. */
static sqltok sqlscan__quoted(sqlscan *s, size_t start, size_t body, char quote, sqltok_kind kind, bool backslash,
                              const char *what)
{
    size_t i = body;
    while (i < s->len) {
        char c = s->text[i];
        if (backslash && c == '\\') {
            i += 2;
            continue;
        }
        if (c == quote) {
            if (sqlscan__at(s, i + 1) == (unsigned char)quote) {
                i += 2;
                continue;
            }
            return sqlscan__tok(s, kind, start, i + 1);
        }
        i++;
    }
    return sqlscan__error(s, start, what);
}

/* PostgreSQL: $tag$ ... $tag$, where the tag is empty or an identifier without '$'. 0 when START is no opening. */
static size_t sqlscan__dollar_tag(const sqlscan *s, size_t start)
{
    size_t i = start + 1;
    if (sqlscan__at(s, i) == '$')
        return 2;
    if (!sqlscan__ident_start(sqlscan__at(s, i)))
        return 0;
    while (i < s->len && sqlscan__ident_char(sqlscan__at(s, i)) && s->text[i] != '$')
        i++;
    return sqlscan__at(s, i) == '$' ? i + 1 - start : 0;
}

static sqltok sqlscan__dollar(sqlscan *s, size_t start, size_t taglen)
{
    const char *tag = s->text + start;
    for (size_t i = start + taglen; i + taglen <= s->len; i++)
        if (s->text[i] == '$' && memcmp(s->text + i, tag, taglen) == 0)
            return sqlscan__tok(s, SQLTOK_STRING, start, i + taglen);
    return sqlscan__error(s, start, "an unterminated dollar-quoted string");
}

static sqltok sqlscan__block_comment(sqlscan *s, size_t start)
{
    bool nest = s->dialect == SQLSCAN_POSTGRES;
    int depth = 1;
    size_t i = start + 2;
    while (i + 1 < s->len) {
        if (s->text[i] == '*' && s->text[i + 1] == '/') {
            i += 2;
            if (--depth == 0)
                return sqlscan__tok(s, SQLTOK_BLOCK_COMMENT, start, i);
            continue;
        }
        if (nest && s->text[i] == '/' && s->text[i + 1] == '*') {
            depth++;
            i += 2;
            continue;
        }
        i++;
    }
    return sqlscan__error(s, start, "an unterminated /* comment");
}

static sqltok sqlscan__number(sqlscan *s, size_t start)
{
    size_t i = start;
    while (i < s->len) {
        unsigned char c = sqlscan__at(s, i);
        if (sqlscan__digit(c) || c == '.' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            bool exp = (c == 'e' || c == 'E') && i > start && sqlscan__digit(sqlscan__at(s, i - 1));
            i++;
            if (exp && (sqlscan__at(s, i) == '+' || sqlscan__at(s, i) == '-'))
                i++;
            continue;
        }
        break;
    }
    return sqlscan__tok(s, SQLTOK_NUMBER, start, i);
}

sqltok sqlscan_next(sqlscan *s)
{
    size_t start = s->pos;
    if (start >= s->len) {
        sqltok t = {SQLTOK_END, s->len, 0};
        return t;
    }
    bool pg = s->dialect == SQLSCAN_POSTGRES;
    unsigned char c = sqlscan__at(s, start);
    unsigned char n1 = sqlscan__at(s, start + 1);

    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        size_t i = start;
        while (i < s->len && strchr(" \t\n\r\f\v", s->text[i]) && s->text[i])
            i++;
        return sqlscan__tok(s, SQLTOK_SPACE, start, i);
    }
    if (c == '-' && n1 == '-') {
        size_t i = start + 2;
        while (i < s->len && s->text[i] != '\n' && !(pg && s->text[i] == '\r'))
            i++;
        return sqlscan__tok(s, SQLTOK_LINE_COMMENT, start, i);
    }
    if (c == '/' && n1 == '*')
        return sqlscan__block_comment(s, start);
    if (c == '\'')
        return sqlscan__quoted(s, start, start + 1, '\'', SQLTOK_STRING, false, "an unterminated string literal");
    if (c == '"')
        return sqlscan__quoted(s, start, start + 1, '"', SQLTOK_QUOTED_IDENT, false, "an unterminated quoted name");
    if (!pg && c == '`')
        return sqlscan__quoted(s, start, start + 1, '`', SQLTOK_QUOTED_IDENT, false, "an unterminated quoted name");
    if (!pg && c == '[') {
        const char *end = memchr(s->text + start, ']', s->len - start);
        if (!end)
            return sqlscan__error(s, start, "an unterminated [quoted name]");
        return sqlscan__tok(s, SQLTOK_QUOTED_IDENT, start, (size_t)(end - s->text) + 1);
    }
    /* Prefixed literals: E'...' (PostgreSQL: backslash escapes), X'...', B'...', N'...', U&'...', U&"...". */
    if (n1 == '\'' && strchr("eEbBxXnN", (int)c) && c) {
        bool esc = pg && (c == 'e' || c == 'E');
        if (pg || c == 'x' || c == 'X')
            return sqlscan__quoted(s, start, start + 2, '\'', SQLTOK_STRING, esc, "an unterminated string literal");
    }
    if (pg && (c == 'u' || c == 'U') && n1 == '&') {
        unsigned char q = sqlscan__at(s, start + 2);
        if (q == '\'')
            return sqlscan__quoted(s, start, start + 3, '\'', SQLTOK_STRING, false, "an unterminated string literal");
        if (q == '"')
            return sqlscan__quoted(s, start, start + 3, '"', SQLTOK_QUOTED_IDENT, false,
                                   "an unterminated quoted name");
    }
    if (c == '$') {
        if (pg) {
            if (sqlscan__digit(n1)) {
                size_t i = start + 1;
                while (sqlscan__digit(sqlscan__at(s, i)))
                    i++;
                return sqlscan__tok(s, SQLTOK_PARAM, start, i);
            }
            size_t taglen = sqlscan__dollar_tag(s, start);
            if (taglen)
                return sqlscan__dollar(s, start, taglen);
        } else if (sqlscan__ident_char(n1)) {
            size_t i = start + 1;
            while (sqlscan__ident_char(sqlscan__at(s, i)))
                i++;
            return sqlscan__tok(s, SQLTOK_PARAM, start, i);
        }
        return sqlscan__tok(s, SQLTOK_OTHER, start, start + 1);
    }
    if (!pg && c == '?') {
        size_t i = start + 1;
        while (sqlscan__digit(sqlscan__at(s, i)))
            i++;
        return sqlscan__tok(s, SQLTOK_PARAM, start, i);
    }
    if (!pg && (c == ':' || c == '@') && sqlscan__ident_char(n1)) {
        size_t i = start + 1;
        while (sqlscan__ident_char(sqlscan__at(s, i)))
            i++;
        return sqlscan__tok(s, SQLTOK_PARAM, start, i);
    }
    if (sqlscan__ident_start(c)) {
        size_t i = start + 1;
        while (i < s->len && sqlscan__ident_char(sqlscan__at(s, i)))
            i++;
        return sqlscan__tok(s, SQLTOK_WORD, start, i);
    }
    if (sqlscan__digit(c) || (c == '.' && sqlscan__digit(n1)))
        return sqlscan__number(s, start);
    if (c == ';')
        return sqlscan__tok(s, SQLTOK_SEMICOLON, start, start + 1);
    if (c == '(')
        return sqlscan__tok(s, SQLTOK_LPAREN, start, start + 1);
    if (c == ')')
        return sqlscan__tok(s, SQLTOK_RPAREN, start, start + 1);
    /* Operators and punctuation: a run of them, stopping where a comment or another token would start. */
    size_t i = start + 1;
    while (i < s->len) {
        unsigned char d = sqlscan__at(s, i);
        if (!d || !strchr("+-*/<>=~!@#%^&|`?:,.[]{}", (int)d))
            break;
        if ((d == '-' && sqlscan__at(s, i + 1) == '-') || (d == '/' && sqlscan__at(s, i + 1) == '*'))
            break;
        if (!pg && (d == '`' || d == '[' || d == '?' || d == ':' || d == '@'))
            break;
        if (d == ',' || d == '.' || d == '[' || d == ']' || d == '{' || d == '}')
            break;
        i++;
    }
    return sqlscan__tok(s, SQLTOK_OTHER, start, i);
}

bool sqlscan_at_line_start(const sqlscan *s, const sqltok *t)
{
    return t->start == 0 || s->text[t->start - 1] == '\n';
}

const char *sqlscan_fragment_check(sqlscan_dialect d, const char *text, size_t len, size_t *at)
{
    *at = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
            *at = i;
            return c == 0 ? "a NUL byte" : "a control character";
        }
    }
    sqlscan s;
    sqlscan_init(&s, d, text, len);
    size_t depth = 0, open_at = 0;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        *at = t.start;
        switch (t.kind) {
        case SQLTOK_END:
            if (depth) {
                *at = open_at;
                return "a '(' that is never closed";
            }
            return NULL;
        case SQLTOK_ERROR:
            return s.error;
        case SQLTOK_LINE_COMMENT:
        case SQLTOK_BLOCK_COMMENT:
            return "a comment";
        case SQLTOK_SEMICOLON:
            return "';', which would end the statement";
        case SQLTOK_LPAREN:
            if (depth++ == 0)
                open_at = t.start;
            break;
        case SQLTOK_RPAREN:
            if (depth == 0)
                return "a ')' without its '('";
            depth--;
            break;
        default:
            break;
        }
    }
}
