/*
 * sqlscan.h - a token scanner for SQL text as SQLite or PostgreSQL reads it.
 *
 * It knows exactly what the engine's own tokenizer knows about where a
 * token ends: string literals ('...' with '' inside; PostgreSQL's E'...'
 * with backslash escapes and $tag$...$tag$ dollar quotes; SQLite's X'...'),
 * quoted identifiers ("..." with "" inside; SQLite's `...` and [...]), line
 * comments (PostgreSQL ends them at \n or \r, SQLite at \n only) and block
 * comments (nested on PostgreSQL, not on SQLite). It does not parse SQL.
 *
 * Its users:
 *   - the migration runner, which splits a migration file into sections and
 *     statements only at top-level tokens, so a marker written inside a
 *     literal or a quoted name is data, never structure;
 *   - the checks on SQL text a schema carries (@check, dbgenerated(),
 *     Unsupported("..."), where: text), which must stay one expression:
 *     sqlscan_fragment_check().
 *
 * PostgreSQL ordinary literals are read with standard_conforming_strings on
 * (a backslash is an ordinary character), which the migration runner pins
 * on its connection.
 */
#ifndef SCHEMAC_SQLSCAN_H
#define SCHEMAC_SQLSCAN_H

#include <stdbool.h>
#include <stddef.h>

typedef enum sqlscan_dialect {
    SQLSCAN_SQLITE = 1,
    SQLSCAN_POSTGRES = 2,
} sqlscan_dialect;

typedef enum sqltok_kind {
    SQLTOK_END = 0,
    SQLTOK_SPACE,         /* blanks, tabs, newlines */
    SQLTOK_LINE_COMMENT,  /* "--" up to (not including) the line end */
    SQLTOK_BLOCK_COMMENT, /* slash-star ... star-slash */
    SQLTOK_STRING,        /* any string or blob literal, dollar quotes included */
    SQLTOK_QUOTED_IDENT,  /* "name", `name`, [name] */
    SQLTOK_WORD,          /* keyword or bare identifier */
    SQLTOK_NUMBER,
    SQLTOK_PARAM,         /* $1, ?, ?NNN, :name, @name, $name (SQLite) */
    SQLTOK_SEMICOLON,
    SQLTOK_LPAREN,
    SQLTOK_RPAREN,
    SQLTOK_OTHER,         /* operators and punctuation, one token per run */
    SQLTOK_ERROR,         /* an unterminated literal, identifier or comment; see sqlscan.error */
} sqltok_kind;

typedef struct sqltok {
    sqltok_kind kind;
    size_t start, len; /* bytes of the text */
} sqltok;

typedef struct sqlscan {
    sqlscan_dialect dialect;
    const char *text;
    size_t len;
    size_t pos;
    const char *error; /* after SQLTOK_ERROR: what is unterminated */
} sqlscan;

void sqlscan_init(sqlscan *s, sqlscan_dialect d, const char *text, size_t len);

/* The next token; SQLTOK_END at the end, SQLTOK_ERROR (then END) on unterminated input. */
sqltok sqlscan_next(sqlscan *s);

/* Whether the token at T starts a line: at the start of the text or right after a newline. */
bool sqlscan_at_line_start(const sqlscan *s, const sqltok *t);

/*
 * What SQL text from a schema may be: one expression (or type) that cannot
 * end the statement it is put in, open or close a comment around what
 * follows, or reach past its own parentheses. Refused, with the byte offset
 * in *AT and the reason returned: NUL and other control characters except
 * tab, newline and CR; comments; ';'; a ')' without its '('; an unclosed
 * '(', literal or quoted name. NULL when TEXT is acceptable.
 */
const char *sqlscan_fragment_check(sqlscan_dialect d, const char *text, size_t len, size_t *at);

#endif
