/*
 * lexer.re - the re2c lexer of the schema language.
 *
 * The whole file is in memory with a NUL sentinel after it (source.h), so
 * re2c runs without YYFILL and every rule stops at the sentinel. The driver
 * (parser.c) has already rejected NUL bytes and invalid UTF-8, so bytes >= 0x80
 * are well-formed characters here. Positions are advanced incrementally from
 * the previous token, which keeps line/column bookkeeping linear.
 */
#include "front/lex.h"

#include <string.h>

#include "base/uniletter.h"
#include "grammar.h"

void lex_init(lexer *lx, uint32_t file, const char *text, size_t len)
{
    memset(lx, 0, sizeof(*lx));
    lx->base = (const unsigned char *)text;
    lx->cur = lx->base;
    lx->lim = lx->base + len;
    lx->file = file;
    lx->pos_line = 1;
    lx->pos_col = 1;
}

/* Advance the remembered position to OFF, counting newlines and characters. */
static void lex__advance(lexer *lx, size_t off)
{
    const unsigned char *p = lx->base + lx->pos_off;
    const unsigned char *e = lx->base + off;
    /* In locals: the byte reads could alias LX's fields, which would keep them in memory. */
    uint32_t line = lx->pos_line, col = lx->pos_col;
    for (; p < e; p++) {
        if (*p == '\n') {
            line++;
            col = 1;
        } else if ((*p & 0xC0) != 0x80) {
            col++;
        }
    }
    lx->pos_line = line;
    lx->pos_col = col;
    lx->pos_off = off;
}

sc_span lex_point(lexer *lx, size_t off)
{
    if (off < lx->pos_off)
        off = lx->pos_off;
    lex__advance(lx, off);
    sc_span s;
    s.file = lx->file;
    s.start = (uint32_t)off;
    s.end = (uint32_t)off;
    s.line = lx->pos_line;
    s.col = lx->pos_col;
    return s;
}

static int lex__token(lexer *lx, parse_tok *t, const unsigned char *start, int code)
{
    t->text = (const char *)start;
    t->len = (uint32_t)(lx->cur - start);
    t->span = lex_point(lx, (size_t)(start - lx->base));
    t->span.end = (uint32_t)(lx->cur - lx->base);
    t->doc = NULL;
    t->first = false;
    return code;
}

/* The length of the whitespace character beyond ASCII at P (the `space` rule's), or 0. */
static size_t lex__wide_space(const unsigned char *p)
{
    if (p[0] == 0xC2 && p[1] == 0xA0)
        return 2;
    if ((p[0] == 0xE1 && p[1] == 0x9A && p[2] == 0x80) || (p[0] == 0xE2 && p[1] == 0x81 && p[2] == 0x9F) ||
        (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) || (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) ||
        (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x80 && p[2] <= 0x8A) || p[2] == 0xAF)))
        return 3;
    return 0;
}

/*
 * An identifier (or dotted path) from START to CUR as the `id` rule
 * matched it, characters beyond ASCII included: those must be letters
 * (Unicode category L), as in Prisma's grammar. The token ends before the
 * first one that is not; returns where that is (CUR when all are letters).
 */
static const unsigned char *lex__id_end(const unsigned char *start, const unsigned char *cur)
{
    for (const unsigned char *p = start; p < cur;) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        size_t n = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
        uint32_t cp = *p & (n == 4 ? 0x07u : n == 3 ? 0x0Fu : 0x1Fu);
        for (size_t i = 1; i < n; i++)
            cp = cp << 6 | (p[i] & 0x3Fu);
        if (!uniletter_is_letter(cp))
            return p;
        p += n;
    }
    return cur;
}

/*!re2c
    re2c:define:YYCTYPE = "unsigned char";
    re2c:define:YYCURSOR = "cur";
    re2c:define:YYMARKER = "mar";
    re2c:yyfill:enable = 0;

    /* A character beyond ASCII (well-formed: the driver checked); lex__id_end keeps letters only. */
    wide   = [\xC2-\xDF] [\x80-\xBF] | [\xE0-\xEF] [\x80-\xBF]{2} | [\xF0-\xF4] [\x80-\xBF]{3};
    id     = ([a-zA-Z0-9_] | wide) ([a-zA-Z0-9_-] | wide)*;
    path   = id ("." id)*;
    digits = [0-9]+;
    /* No exponent: Prisma's grammar has none, so 1e10 is not a number (it
       lexes as an identifier and sema reports it where a value is wanted). */
    number = "-"? digits ("." digits)?;
    schar  = [^"\\\n\r\x00] | "\\" [^\n\r\x00];
    space  = [ \t\v\f] | "\xC2\xA0" | "\xE1\x9A\x80" | "\xE2\x80" [\x80-\x8A\xAF]
           | "\xE2\x81\x9F" | "\xE3\x80\x80" | "\xEF\xBB\xBF";
    utf8   = [\xC0-\xFF] [\x80-\xBF]*;
*/

/* The cursor and marker are locals (kept in registers through the automaton); LX->cur is set from them
   when a token is returned. */
#define LEX_TOKEN(start, code) (lx->cur = cur, lex__token(lx, t, (start), (code)))

int lex_next(lexer *lx, parse_tok *t)
{
    const unsigned char *cur = lx->cur, *mar = cur;
    for (;;) {
        const unsigned char *start = cur;
        /*!re2c
            "\x00" {
                if (cur - 1 >= lx->lim) {
                    cur = lx->lim;
                    return LEX_TOKEN(lx->lim, LEX_EOF);
                }
                return LEX_TOKEN(start, LEX_BAD_CHAR);
            }
            space+ { continue; }
            "\r\n" | "\n" | "\r" { return LEX_TOKEN(start, TK_NL); }

            "//" [^\n\r\x00]* { return LEX_TOKEN(start, LEX_COMMENT); }
            "/*" ([^*\x00] | "*"+ [^*/\x00])* "*"+ "/" { return LEX_TOKEN(start, LEX_COMMENT); }
            "/*" ([^*\x00] | "*"+ [^*/\x00])* "*"* { return LEX_TOKEN(start, LEX_UNTERMINATED_COMMENT); }

            "\"" schar* "\"" { return LEX_TOKEN(start, TK_STRING); }
            "\"" schar* "\\"? { return LEX_TOKEN(start, LEX_UNTERMINATED_STRING); }

            number { return LEX_TOKEN(start, TK_NUMBER); }
            "model" { return LEX_TOKEN(start, TK_MODEL); }
            "view" { return LEX_TOKEN(start, TK_VIEW); }
            "enum" { return LEX_TOKEN(start, TK_ENUM); }
            "type" { return LEX_TOKEN(start, TK_TYPE); }
            "datasource" { return LEX_TOKEN(start, TK_DATASOURCE); }
            "generator" { return LEX_TOKEN(start, TK_GENERATOR); }
            path {
                const unsigned char *end = lex__id_end(start, cur);
                if (end == start) {
                    /* Not a letter: a wide space, or a character that starts no token. */
                    size_t n = lex__wide_space(start);
                    if (n) {
                        cur = start + n;
                        continue;
                    }
                    cur = start + (*start >= 0xF0 ? 4 : *start >= 0xE0 ? 3 : 2);
                    return LEX_TOKEN(start, LEX_BAD_CHAR);
                }
                /* A dot before the cut belongs to the next token. */
                while (end > start + 1 && end[-1] == '.')
                    end--;
                cur = end;
                return LEX_TOKEN(start, TK_IDENT);
            }

            "@@" { return LEX_TOKEN(start, TK_ATAT); }
            "@" { return LEX_TOKEN(start, TK_AT); }
            "{" { return LEX_TOKEN(start, TK_LBRACE); }
            "}" { return LEX_TOKEN(start, TK_RBRACE); }
            "(" { return LEX_TOKEN(start, TK_LPAREN); }
            ")" { return LEX_TOKEN(start, TK_RPAREN); }
            "[]" { return LEX_TOKEN(start, TK_LIST); }
            "[" { return LEX_TOKEN(start, TK_LBRACKET); }
            "]" { return LEX_TOKEN(start, TK_RBRACKET); }
            "," { return LEX_TOKEN(start, TK_COMMA); }
            ":" { return LEX_TOKEN(start, TK_COLON); }
            "=" { return LEX_TOKEN(start, TK_EQ); }
            "?" { return LEX_TOKEN(start, TK_QUESTION); }

            utf8 { return LEX_TOKEN(start, LEX_BAD_CHAR); }
            * { return LEX_TOKEN(start, LEX_BAD_CHAR); }
        */
    }
}

#undef LEX_TOKEN

static int lex__hex4(const char *s, size_t n, size_t i, unsigned *out)
{
    unsigned v = 0;
    if (i + 4 > n)
        return -1;
    for (size_t k = i; k < i + 4; k++) {
        char c = s[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t lex__put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * JSON-style escapes, as Prisma reads them. A \u escape never produces more
 * bytes than its six source characters, so the output fits in N + 1 bytes.
 * \u0000 is refused: no string of a schema may hold a NUL byte (raw NUL
 * bytes never reach the lexer), so every unescaped value is a C string.
 */
int lex_unescape(arena *a, const char *s, size_t n, char **out, size_t *out_len, size_t *bad_off,
                 const char **why)
{
    char *o = arena_alloc(a, n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            o[j++] = s[i];
            continue;
        }
        *bad_off = i;
        if (i + 1 >= n) {
            *why = "a backslash must be followed by an escape character";
            return -1;
        }
        char c = s[++i];
        switch (c) {
        case '"': o[j++] = '"'; break;
        case '\\': o[j++] = '\\'; break;
        case '/': o[j++] = '/'; break;
        case 'b': o[j++] = '\b'; break;
        case 'f': o[j++] = '\f'; break;
        case 'n': o[j++] = '\n'; break;
        case 'r': o[j++] = '\r'; break;
        case 't': o[j++] = '\t'; break;
        case 'u': {
            unsigned cp;
            if (lex__hex4(s, n, i + 1, &cp) != 0) {
                *why = "\\u must be followed by four hex digits";
                return -1;
            }
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (i + 2 < n && s[i + 1] == '\\' && s[i + 2] == 'u' &&
                    lex__hex4(s, n, i + 3, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                } else {
                    *why = "unpaired UTF-16 surrogate in \\u escape";
                    return -1;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                *why = "unpaired UTF-16 surrogate in \\u escape";
                return -1;
            }
            if (cp == 0) {
                /* The value would end there for every consumer (C strings, PostgreSQL
                   text), so it would be cut silently: refuse it here. */
                *why = "\\u0000 (NUL) cannot appear in a string";
                return -1;
            }
            j += lex__put_utf8(o + j, cp);
            break;
        }
        default:
            *why = "unknown escape sequence";
            return -1;
        }
    }
    o[j] = '\0';
    *out = o;
    *out_len = j;
    return 0;
}

size_t lex_check_utf8(const char *text, size_t len, bool *is_nul)
{
    const unsigned char *s = (const unsigned char *)text;
    *is_nul = false;
    size_t i = 0;
    while (i < len) {
        /* Eight bytes at a time while all are ASCII and none is NUL: a schema is nearly all such. */
        for (uint64_t w; len - i >= 8; i += 8) {
            memcpy(&w, s + i, 8);
            if (((w | ((w - 0x0101010101010101u) & ~w)) & 0x8080808080808080u) != 0)
                break;
        }
        if (i == len)
            break;
        unsigned char c = s[i];
        if (c == 0) {
            *is_nul = true;
            return i;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (len - i <= need)
            return i;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        /* Overlong forms, surrogates and code points past U+10FFFF. */
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return len;
}
