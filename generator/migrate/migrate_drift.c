/*
 * migrate_drift.c - the spelling PostgreSQL gives back, for drift detection.
 *
 * PostgreSQL does not keep a CHECK constraint's or index predicate's text:
 * it parses it and prints the parse tree back (pg_get_constraintdef), so
 * `age BETWEEN 0 AND 150` returns as `((age >= 0) AND (age <= 150))` and
 * `role IN ('a', 'b')` as `(role = ANY (ARRAY['a'::text, 'b'::text]))`.
 * ir_normalize_expr already ignores parentheses, casts, whitespace and
 * case; the rewrites here bring the constructs the parser turns into other
 * constructs to the form it prints, on a token list, without a SQL parser.
 * Anything they do not recognise is left alone: at worst a difference is
 * reported that is none, never the other way round.
 */
#include "migrate/migrate_drift.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "introspect/introspect.h"
#include "migrate/migrate.h"

typedef enum tok_kind { TK_WORD, TK_QIDENT, TK_STRING, TK_NUMBER, TK_OP, TK_LPAREN, TK_RPAREN, TK_COMMA, TK_CAST, TK_OTHER } tok_kind;

typedef struct tok {
    tok_kind kind;
    const char *s;
    size_t n;
} tok;

typedef struct toks {
    arena *a;
    tok *t;
    size_t n, cap;
} toks;

static void toks_push(toks *v, tok_kind kind, const char *s, size_t n)
{
    if (v->n == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 32;
        v->t = arena_grow(v->a, v->t, v->cap * sizeof *v->t, ncap * sizeof *v->t);
        v->cap = ncap;
    }
    tok t = {kind, s, n};
    v->t[v->n++] = t;
}

static void toks_copy(toks *v, const tok *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        toks_push(v, t[i].kind, t[i].s, t[i].n);
}

static bool drift__opchar(char c)
{
    return c && strchr("+-*/<>=~!@#%^&|`?", c) != NULL;
}

static void drift__utf8(char *o, size_t *n, unsigned long cp)
{
    if (cp < 0x80) {
        o[(*n)++] = (char)cp;
    } else if (cp < 0x800) {
        o[(*n)++] = (char)(0xC0 | (cp >> 6));
        o[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        o[(*n)++] = (char)(0xE0 | (cp >> 12));
        o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        o[(*n)++] = (char)(0xF0 | (cp >> 18));
        o[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[(*n)++] = (char)(0x80 | (cp & 0x3F));
    }
}

/* Up to MAX digits of BASE at *P as a number, advancing *P. */
static unsigned long drift__digits(const char **p, int base, int max)
{
    unsigned long v = 0;
    for (int k = 0; k < max; k++) {
        char d = **p;
        int x = d >= '0' && d <= '9' ? d - '0' : d >= 'a' && d <= 'f' ? d - 'a' + 10 : d >= 'A' && d <= 'F' ? d - 'A' + 10 : 99;
        if (x >= base)
            break;
        v = v * (unsigned long)base + (unsigned long)x;
        (*p)++;
    }
    return v;
}

/*
 * The escape string E'...' at P (P at the quote) as the plain literal
 * PostgreSQL prints for it ('...' with ' doubled); *END after it. NULL when
 * it never ends.
 */
static const char *drift__estring(arena *a, const char *p, const char **end, size_t *len)
{
    char *o = arena_alloc(a, 2 * strlen(p) + 3);
    size_t n = 0;
    o[n++] = '\'';
    for (p++;;) {
        if (!*p)
            return NULL;
        char ch = *p++;
        if (ch == '\'') {
            if (*p != '\'')
                break;
            p++;
        } else if (ch == '\\') {
            if (!*p)
                return NULL;
            char e = *p++;
            switch (e) {
            case 'b': ch = '\b'; break;
            case 'f': ch = '\f'; break;
            case 'n': ch = '\n'; break;
            case 'r': ch = '\r'; break;
            case 't': ch = '\t'; break;
            case 'x': case 'u': case 'U': {
                const char *q = p;
                unsigned long cp = drift__digits(&q, 16, e == 'x' ? 2 : e == 'u' ? 4 : 8);
                if (q == p) {
                    ch = e;
                    break;
                }
                p = q;
                if (e == 'x') {
                    ch = (char)cp;
                    break;
                }
                drift__utf8(o, &n, cp);
                continue;
            }
            default:
                if (e >= '0' && e <= '7') {
                    p--;
                    ch = (char)drift__digits(&p, 8, 3);
                } else {
                    ch = e;
                }
                break;
            }
        }
        if (ch == '\'')
            o[n++] = '\'';
        o[n++] = ch;
    }
    o[n++] = '\'';
    o[n] = '\0';
    *end = p;
    *len = n;
    return o;
}

/* The dollar-quoted string $tag$...$tag$ at P as a plain literal, or NULL when P starts none. */
static const char *drift__dollar(arena *a, const char *p, const char **end, size_t *len)
{
    const char *t = p + 1;
    if (isalpha((unsigned char)*t) || *t == '_')
        while (isalnum((unsigned char)*t) || *t == '_')
            t++;
    if (*t != '$')
        return NULL;
    size_t tag = (size_t)(t - p) + 1;
    const char *body = t + 1, *close = body;
    while ((close = strchr(close, '$')) && strncmp(close, p, tag) != 0)
        close++;
    if (!close)
        return NULL;
    char *o = arena_alloc(a, 2 * (size_t)(close - body) + 3);
    size_t n = 0;
    o[n++] = '\'';
    for (const char *q = body; q < close; q++) {
        if (*q == '\'')
            o[n++] = '\'';
        o[n++] = *q;
    }
    o[n++] = '\'';
    o[n] = '\0';
    *end = close + tag;
    *len = n;
    return o;
}

/* Split EXPR into tokens as PostgreSQL's lexer would. Returns -1 on text it does not expect (an open quote). */
static int drift__lex(toks *v, const char *expr)
{
    const char *p = expr;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        const char *lit, *after;
        size_t litlen;
        if (isspace(c)) {
            p++;
        } else if ((c == 'E' || c == 'e') && p[1] == '\'' && (p == expr || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))) {
            /* An escape string, as the plain literal PostgreSQL prints back. */
            if (!(lit = drift__estring(v->a, p + 1, &after, &litlen)))
                return -1;
            toks_push(v, TK_STRING, lit, litlen);
            p = after;
        } else if (c == '$' && (lit = drift__dollar(v->a, p, &after, &litlen))) {
            toks_push(v, TK_STRING, lit, litlen);
            p = after;
        } else if (isalpha(c) || c == '_') {
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
                p++;
            toks_push(v, TK_WORD, s, (size_t)(p - s));
        } else if (isdigit(c) || (c == '.' && isdigit((unsigned char)p[1]))) {
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '.')
                p++;
            toks_push(v, TK_NUMBER, s, (size_t)(p - s));
        } else if (c == '\'' || c == '"') {
            const char *s = p++;
            for (;;) {
                if (!*p)
                    return -1;
                if (*p == (char)c) {
                    if (p[1] == (char)c) {
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                p++;
            }
            toks_push(v, c == '\'' ? TK_STRING : TK_QIDENT, s, (size_t)(p - s));
        } else if (c == ':' && p[1] == ':') {
            toks_push(v, TK_CAST, p, 2);
            p += 2;
        } else if (drift__opchar((char)c)) {
            const char *s = p;
            while (drift__opchar(*p))
                p++;
            size_t n = (size_t)(p - s);
            /* PostgreSQL's rule: a multi-character operator does not end in + or - unless it holds one of
               ~!@#%^&|`? ("a>=-1" is >= and -1). */
            bool special = false;
            for (size_t i = 0; i < n; i++)
                special = special || strchr("~!@#%^&|`?", s[i]) != NULL;
            while (n > 1 && !special && (s[n - 1] == '+' || s[n - 1] == '-'))
                n--;
            p = s + n;
            toks_push(v, TK_OP, s, n);
        } else {
            toks_push(v, c == '(' ? TK_LPAREN : c == ')' ? TK_RPAREN : c == ',' ? TK_COMMA : TK_OTHER, p, 1);
            p++;
        }
    }
    return 0;
}

static bool drift__word(const tok *t, const char *w)
{
    return t->kind == TK_WORD && t->n == strlen(w) && strncasecmp(t->s, w, t->n) == 0;
}

static bool drift__op(const tok *t, const char *op)
{
    return t->kind == TK_OP && t->n == strlen(op) && strncmp(t->s, op, t->n) == 0;
}

static bool drift__comparison(const tok *t)
{
    static const char *const ops[] = {"=", "<", ">", "<=", ">=", "<>", "!="};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (drift__op(t, ops[i]))
            return true;
    return false;
}

/* A word that ends an operand of BETWEEN: the operators that bind less tightly, and CASE's parts. */
static bool drift__stop_word(const tok *t)
{
    static const char *const words[] = {"and", "or", "not", "is", "case", "when", "then", "else", "end"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (drift__word(t, words[i]))
            return true;
    return false;
}

/* '-1'::integer -> -1::integer: PostgreSQL prints a negative constant quoted, with its type. */
static bool drift__quoted_number(const tok *t)
{
    if (t->kind != TK_STRING || t->n < 4 || (t->s[1] != '-' && t->s[1] != '+'))
        return false;
    bool digit = false;
    for (size_t i = 2; i + 1 < t->n; i++) {
        char c = t->s[i];
        if (isdigit((unsigned char)c))
            digit = true;
        else if (c != '.' && c != 'e' && c != 'E' && c != '-' && c != '+')
            return false;
    }
    return digit;
}

static size_t drift__close(const toks *v, size_t open);

/* trim(x) with one argument, which PostgreSQL prints as TRIM(BOTH FROM x). */
static bool drift__plain_trim(const toks *in, size_t i)
{
    if (!drift__word(&in->t[i], "trim") || i + 1 >= in->n || in->t[i + 1].kind != TK_LPAREN)
        return false;
    size_t close = drift__close(in, i + 1);
    if (close == in->n || close == i + 2)
        return false;
    const tok *first = &in->t[i + 2];
    if (drift__word(first, "both") || drift__word(first, "leading") || drift__word(first, "trailing"))
        return false;
    int depth = 0;
    for (size_t k = i + 2; k < close; k++) {
        const tok *t = &in->t[k];
        depth += t->kind == TK_LPAREN ? 1 : t->kind == TK_RPAREN ? -1 : 0;
        if (depth == 0 && (t->kind == TK_COMMA || drift__word(t, "from")))
            return false;
    }
    return true;
}

/*
 * The spelling PostgreSQL prints for operators its parser renames: LIKE
 * and ILIKE (~~, ~~*), != (<>), SIMILAR TO a literal (~ similar_to_escape()),
 * trim(x); and a negative constant, which it prints quoted with its type.
 */
static void drift__simple(toks *out, const toks *in)
{
    for (size_t i = 0; i < in->n; i++) {
        const tok *t = &in->t[i];
        bool not_similar = drift__word(t, "not") && i + 1 < in->n && drift__word(&in->t[i + 1], "similar");
        size_t sim = not_similar ? i + 1 : i;
        if (drift__word(&in->t[sim], "similar") && sim + 2 < in->n && drift__word(&in->t[sim + 1], "to") &&
            in->t[sim + 2].kind == TK_STRING) {
            toks_push(out, TK_OP, not_similar ? "!~" : "~", not_similar ? 2 : 1);
            toks_push(out, TK_WORD, "similar_to_escape", 17);
            toks_push(out, TK_LPAREN, "(", 1);
            toks_push(out, TK_STRING, in->t[sim + 2].s, in->t[sim + 2].n);
            toks_push(out, TK_RPAREN, ")", 1);
            i = sim + 2;
            continue;
        }
        if (drift__plain_trim(in, i)) {
            toks_push(out, TK_WORD, "TRIM", 4);
            toks_push(out, TK_LPAREN, "(", 1);
            toks_push(out, TK_WORD, "BOTH", 4);
            toks_push(out, TK_WORD, "FROM", 4);
            i++;
            continue;
        }
        bool neg = drift__word(t, "not") && i + 1 < in->n &&
                   (drift__word(&in->t[i + 1], "like") || drift__word(&in->t[i + 1], "ilike"));
        const tok *w = neg ? &in->t[i + 1] : t;
        if (drift__word(w, "like") || drift__word(w, "ilike")) {
            const char *op = drift__word(w, "like") ? (neg ? "!~~" : "~~") : (neg ? "!~~*" : "~~*");
            toks_push(out, TK_OP, op, strlen(op));
            i += neg ? 1 : 0;
        } else if (drift__op(t, "!=")) {
            toks_push(out, TK_OP, "<>", 2);
        } else if (drift__quoted_number(t) && i + 1 < in->n && in->t[i + 1].kind == TK_CAST) {
            toks_push(out, TK_NUMBER, t->s + 1, t->n - 2);
        } else {
            toks_push(out, t->kind, t->s, t->n);
        }
    }
}

/* The index of the parenthesis closing the one at OPEN, or N. */
static size_t drift__close(const toks *v, size_t open)
{
    int depth = 0;
    for (size_t i = open; i < v->n; i++) {
        if (v->t[i].kind == TK_LPAREN)
            depth++;
        else if (v->t[i].kind == TK_RPAREN && --depth == 0)
            return i;
    }
    return v->n;
}

/* An IN list element PostgreSQL folds into an array: a constant, perhaps signed or cast. */
static bool drift__constant(const tok *t, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (t[i].kind == TK_CAST && i + 1 < n) {
            i++; /* the type name */
            continue;
        }
        bool ok = t[i].kind == TK_STRING || t[i].kind == TK_NUMBER || drift__op(&t[i], "-") ||
                  drift__op(&t[i], "+") || drift__word(&t[i], "true") || drift__word(&t[i], "false");
        if (!ok)
            return false;
    }
    return true;
}

/* x IN (a, b) -> x = ANY (ARRAY[a, b]); x NOT IN (a, b) -> x <> ALL (ARRAY[a, b]); one element: = a, <> a. */
static void drift__in(toks *out, const toks *in)
{
    for (size_t i = 0; i < in->n; i++) {
        bool neg = drift__word(&in->t[i], "not") && i + 1 < in->n && drift__word(&in->t[i + 1], "in");
        size_t at = neg ? i + 1 : i;
        if (!drift__word(&in->t[at], "in") || at + 1 >= in->n || in->t[at + 1].kind != TK_LPAREN) {
            toks_push(out, in->t[i].kind, in->t[i].s, in->t[i].n);
            continue;
        }
        size_t open = at + 1, close = drift__close(in, open);
        if (close == in->n) {
            toks_push(out, in->t[i].kind, in->t[i].s, in->t[i].n);
            continue;
        }
        /* Every element must be a constant; a list with columns in it becomes something else. */
        size_t nelem = 0;
        bool consts = true;
        for (size_t s = open + 1, e = s; e <= close; e++) {
            if (e == close || (in->t[e].kind == TK_COMMA)) {
                consts = consts && drift__constant(&in->t[s], e - s);
                nelem++;
                s = e + 1;
            } else if (in->t[e].kind == TK_LPAREN) {
                consts = false;
            }
        }
        if (!consts) {
            toks_push(out, in->t[i].kind, in->t[i].s, in->t[i].n);
            continue;
        }
        if (nelem == 1) {
            toks_push(out, TK_OP, neg ? "<>" : "=", neg ? 2 : 1);
            toks_copy(out, &in->t[open + 1], close - open - 1);
        } else {
            toks_push(out, TK_OP, neg ? "<>" : "=", neg ? 2 : 1);
            toks_push(out, TK_WORD, neg ? "ALL" : "ANY", 3);
            toks_push(out, TK_LPAREN, "(", 1);
            toks_push(out, TK_WORD, "ARRAY", 5);
            toks_push(out, TK_OTHER, "[", 1);
            toks_copy(out, &in->t[open + 1], close - open - 1);
            toks_push(out, TK_OTHER, "]", 1);
            toks_push(out, TK_RPAREN, ")", 1);
        }
        i = close;
    }
}

/* Where the operand that ends just before END starts (scanning back to a looser operator). */
static size_t drift__operand_start(const toks *v, size_t end)
{
    int depth = 0;
    size_t i = end;
    while (i > 0) {
        const tok *t = &v->t[i - 1];
        if (t->kind == TK_RPAREN) {
            depth++;
        } else if (t->kind == TK_LPAREN) {
            if (depth == 0)
                break;
            depth--;
        } else if (depth == 0 && (t->kind == TK_COMMA || drift__stop_word(t) || drift__comparison(t))) {
            break;
        }
        i--;
    }
    return i;
}

/* Where the operand that starts at START ends (exclusive). */
static size_t drift__operand_end(const toks *v, size_t start)
{
    int depth = 0;
    size_t i = start;
    for (; i < v->n; i++) {
        const tok *t = &v->t[i];
        if (t->kind == TK_LPAREN) {
            depth++;
        } else if (t->kind == TK_RPAREN) {
            if (depth == 0)
                break;
            depth--;
        } else if (depth == 0 && (t->kind == TK_COMMA || drift__stop_word(t) || drift__comparison(t))) {
            break;
        }
    }
    return i;
}

/* Append "( X op1 A join X op2 B )". */
static void drift__pair(toks *out, const tok *x, size_t nx, const char *op1, const tok *lo, size_t nlo,
                        const char *join, const char *op2, const tok *hi, size_t nhi)
{
    toks_push(out, TK_LPAREN, "(", 1);
    toks_copy(out, x, nx);
    toks_push(out, TK_OP, op1, strlen(op1));
    toks_copy(out, lo, nlo);
    toks_push(out, TK_WORD, join, strlen(join));
    toks_copy(out, x, nx);
    toks_push(out, TK_OP, op2, strlen(op2));
    toks_copy(out, hi, nhi);
    toks_push(out, TK_RPAREN, ")", 1);
}

/*
 * Rewrite the first BETWEEN in IN into OUT as PostgreSQL's parser expands it.
 * Returns false (OUT untouched) when there is none it can read.
 */
static bool drift__between(toks *out, const toks *in)
{
    for (size_t b = 0; b < in->n; b++) {
        if (!drift__word(&in->t[b], "between"))
            continue;
        bool neg = b > 0 && drift__word(&in->t[b - 1], "not");
        size_t xend = neg ? b - 1 : b;
        size_t xstart = drift__operand_start(in, xend);
        size_t lo = b + 1;
        bool sym = lo < in->n && drift__word(&in->t[lo], "symmetric");
        if (sym || (lo < in->n && drift__word(&in->t[lo], "asymmetric")))
            lo++;
        /* The lower bound runs to the AND that belongs to BETWEEN. */
        size_t and = lo;
        int depth = 0;
        for (; and < in->n; and++) {
            const tok *t = &in->t[and];
            if (t->kind == TK_LPAREN)
                depth++;
            else if (t->kind == TK_RPAREN)
                depth--;
            else if (depth == 0 && drift__word(t, "and"))
                break;
            if (depth < 0)
                break;
        }
        if (xstart == xend || and >= in->n || and == lo || depth < 0)
            return false;
        size_t hi = and + 1, hend = drift__operand_end(in, hi);
        if (hend == hi)
            return false;
        const tok *x = &in->t[xstart], *l = &in->t[lo], *h = &in->t[hi];
        size_t nx = xend - xstart, nl = and - lo, nh = hend - hi;
        toks_copy(out, in->t, xstart);
        if (!sym && !neg) {
            drift__pair(out, x, nx, ">=", l, nl, "AND", "<=", h, nh);
        } else if (!sym) {
            drift__pair(out, x, nx, "<", l, nl, "OR", ">", h, nh);
        } else {
            toks_push(out, TK_LPAREN, "(", 1);
            drift__pair(out, x, nx, neg ? "<" : ">=", l, nl, neg ? "OR" : "AND", neg ? ">" : "<=", h, nh);
            toks_push(out, TK_WORD, neg ? "AND" : "OR", neg ? 3 : 2);
            drift__pair(out, x, nx, neg ? "<" : ">=", h, nh, neg ? "OR" : "AND", neg ? ">" : "<=", l, nl);
            toks_push(out, TK_RPAREN, ")", 1);
        }
        toks_copy(out, &in->t[hend], in->n - hend);
        return true;
    }
    return false;
}

/* Whether the token at I needs no space before it, so the text reads as PostgreSQL would print it. */
static bool drift__glued(const toks *v, size_t i)
{
    if (i == 0)
        return true;
    const tok *t = &v->t[i], *p = &v->t[i - 1];
    if (t->kind == TK_RPAREN || t->kind == TK_COMMA || t->kind == TK_CAST || p->kind == TK_LPAREN ||
        p->kind == TK_CAST || (t->kind == TK_OTHER && (t->s[0] == '[' || t->s[0] == ']')) ||
        (p->kind == TK_OTHER && p->s[0] == '['))
        return true;
    /* A function call: name(args); keywords keep their space ("ANY (ARRAY[...])", "AND (x)"). */
    if (t->kind == TK_LPAREN && p->kind == TK_WORD)
        return !(drift__stop_word(p) || drift__word(p, "any") || drift__word(p, "all") || drift__word(p, "in") ||
                 drift__word(p, "between") || drift__word(p, "or"));
    /* A sign: "- 5" after an operator, a parenthesis, a comma or a keyword is "-5". */
    if ((t->kind == TK_NUMBER || t->kind == TK_WORD) && (drift__op(p, "-") || drift__op(p, "+")) && i >= 2) {
        const tok *q = &v->t[i - 2];
        return q->kind == TK_OP || q->kind == TK_LPAREN || q->kind == TK_COMMA || drift__stop_word(q) ||
               (q->kind == TK_OTHER && q->s[0] == '[');
    }
    return false;
}

static const char *drift__text(arena *a, const toks *v)
{
    size_t len = 1;
    for (size_t i = 0; i < v->n; i++)
        len += v->t[i].n + 1;
    char *s = arena_alloc(a, len);
    size_t o = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (!drift__glued(v, i))
            s[o++] = ' ';
        memcpy(s + o, v->t[i].s, v->t[i].n);
        o += v->t[i].n;
    }
    s[o] = '\0';
    return s;
}

const char *migrate_pg_expr(arena *a, const char *expr)
{
    if (!expr)
        return NULL;
    toks lexed = {a, NULL, 0, 0};
    if (drift__lex(&lexed, expr) != 0)
        return expr;
    toks simple = {a, NULL, 0, 0}, in = {a, NULL, 0, 0};
    drift__simple(&simple, &lexed);
    drift__in(&in, &simple);
    toks cur = in;
    /* One BETWEEN per pass; a bound is at most as long as the expression, so this ends. */
    for (int pass = 0; pass < 64; pass++) {
        toks next = {a, NULL, 0, 0};
        if (!drift__between(&next, &cur))
            break;
        cur = next;
    }
    return drift__text(a, &cur);
}

/* ---------------------------------------------------------------- expected against live */

static bool drift__same(arena *a, const char *x, const char *y)
{
    if (!x || !y)
        return x == y;
    return strcmp(ir_normalize_expr(a, migrate_pg_expr(a, x)), ir_normalize_expr(a, migrate_pg_expr(a, y))) == 0;
}

/* PostgreSQL cuts identifiers to 63 bytes: a long expected name matches its cut form. */
static bool drift__same_name(const char *expected, const char *live)
{
    if (!expected || !live)
        return false;
    if (strcmp(expected, live) == 0)
        return true;
    size_t n = strlen(live);
    return n == 63 && strlen(expected) > n && strncmp(expected, live, n) == 0;
}

void mdrift_pg_exprs(arena *a, ir_schema *expected, const ir_schema *live)
{
    for (size_t i = 0; i < expected->ntables; i++) {
        ir_table *et = &expected->tables[i];
        const ir_table *lt = ir_find_table_in(live, et->schema, et->name);
        if (!lt)
            continue;
        for (size_t k = 0; k < et->nchecks; k++)
            for (size_t m = 0; m < lt->nchecks; m++)
                if (drift__same_name(et->checks[k].name, lt->checks[m].name) &&
                    drift__same(a, et->checks[k].expr, lt->checks[m].expr))
                    et->checks[k].expr = lt->checks[m].expr;
        for (size_t k = 0; k < et->nindexes; k++)
            for (size_t m = 0; m < lt->nindexes; m++)
                if (drift__same_name(et->indexes[k].name, lt->indexes[m].name) && et->indexes[k].where &&
                    drift__same(a, et->indexes[k].where, lt->indexes[m].where))
                    et->indexes[k].where = lt->indexes[m].where;
    }
}

static const ir_column *drift__column(const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return &t->columns[i];
    return NULL;
}

/* A list default as a PostgreSQL array literal ('{}', '{"a","b"}', '{1,2}'), or NULL for an item it cannot spell. */
static const char *drift__array_literal(arena *a, const ir_default *d)
{
    char *s = arena_strdup(a, "{");
    for (size_t i = 0; i < d->nitems; i++) {
        const ir_default *it = &d->items[i];
        if (!it->value)
            return NULL;
        const char *item;
        if (it->kind == IR_DEFAULT_NUMBER || it->kind == IR_DEFAULT_BOOLEAN) {
            item = it->value;
        } else if (it->kind == IR_DEFAULT_STRING || it->kind == IR_DEFAULT_ENUM) {
            char *q = arena_alloc(a, 2 * strlen(it->value) + 3);
            size_t n = 0;
            q[n++] = '"';
            for (const char *p = it->value; *p; p++) {
                if (*p == '"' || *p == '\\')
                    q[n++] = '\\';
                q[n++] = *p;
            }
            q[n++] = '"';
            q[n] = '\0';
            item = q;
        } else {
            return NULL;
        }
        s = arena_printf(a, "%s%s%s", s, i ? "," : "", item);
    }
    return arena_printf(a, "%s}", s);
}

/*
 * A list default written as a literal array ('{}'::text[], which the
 * database keeps as a string of the array type) is the default schemac
 * writes as ARRAY[...]: the same constant array, once both are spelt by the
 * database as the column's type.
 */
static void drift__list_default(arena *a, ir_schema *expected, ir_column *ec, const ir_column *lc,
                                const ddl_dialect *d, mdrift_canon_fn canon, void *payload)
{
    if (ec->dflt.kind != IR_DEFAULT_LIST || lc->dflt.kind != IR_DEFAULT_STRING || !lc->dflt.value)
        return;
    const char *mine = drift__array_literal(a, &ec->dflt);
    if (!mine)
        return;
    const char *type = d->column_type(a, expected, ec);
    const char *x = NULL, *y = NULL;
    if (canon(payload, type, mine, &x) == 0 && canon(payload, type, lc->dflt.value, &y) == 0 && strcmp(x, y) == 0)
        ec->dflt = lc->dflt;
}

void mdrift_defaults(arena *a, ir_schema *expected, const ir_schema *live, const ddl_dialect *d,
                     mdrift_canon_fn canon, void *payload)
{
    for (size_t i = 0; i < expected->ntables; i++) {
        ir_table *et = &expected->tables[i];
        const ir_table *lt = ir_find_table_in(live, et->schema, et->name);
        if (!lt)
            continue;
        for (size_t k = 0; k < et->ncolumns; k++) {
            ir_column *ec = &et->columns[k];
            const ir_column *lc = drift__column(lt, ec->name);
            if (lc && ec->list)
                drift__list_default(a, expected, ec, lc, d, canon, payload);
            if (!lc || ec->list || ec->dflt.kind != IR_DEFAULT_STRING || lc->dflt.kind != IR_DEFAULT_STRING ||
                !ec->dflt.value || !lc->dflt.value || strcmp(ec->dflt.value, lc->dflt.value) == 0)
                continue;
            const char *spelt = NULL;
            if (canon(payload, d->column_type(a, expected, ec), ec->dflt.value, &spelt) == 0 &&
                strcmp(spelt, lc->dflt.value) == 0)
                ec->dflt.value = lc->dflt.value;
        }
    }
}

/* ---------------------------------------------------------------- SQLite: hand-written forms */

static bool drift__same_cols(const char *const *x, const char *const *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!x[i] || !y[i] || strcmp(x[i], y[i]) != 0)
            return false;
    return true;
}

/* Whether NAME is the name lowering gives a check of T it was not told a name for. */
static bool drift__default_check_name(arena *a, const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++) {
        const char *col = t->columns[i].name;
        if (strcmp(name, ir_constraint_name(a, t->name, &col, 1, "check", 0)) == 0)
            return true;
    }
    const char *base = ir_constraint_name(a, t->name, NULL, 0, "check", 0);
    size_t n = strlen(base);
    if (strncmp(name, base, n) != 0)
        return false;
    if (!name[n])
        return true;
    for (const char *p = name + n; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    return name[n] != '0';
}

static void drift__sqlite_fks(arena *a, ir_table *et, const ir_table *lt)
{
    bool *used = ARENA_ARRAY(a, bool, lt->nfks + 1);
    for (size_t k = 0; k < et->nfks; k++) {
        ir_foreign_key *ef = &et->fks[k];
        if (!ef->name || ir_find_fk(lt, ef->name) ||
            strcmp(ef->name, ir_constraint_name(a, et->name, ef->columns, ef->ncolumns, "fkey", 0)) != 0)
            continue;
        for (size_t m = 0; m < lt->nfks; m++) {
            const ir_foreign_key *lf = &lt->fks[m];
            if (used[m] || lf->name || lf->ncolumns != ef->ncolumns || !lf->ref_table || !ef->ref_table ||
                strcmp(lf->ref_table, ef->ref_table) != 0 || !drift__same_cols(lf->columns, ef->columns, ef->ncolumns) ||
                !drift__same_cols(lf->ref_columns, ef->ref_columns, ef->ncolumns) || lf->on_delete != ef->on_delete ||
                lf->on_update != ef->on_update)
                continue;
            used[m] = true;
            ef->name = NULL;
            break;
        }
    }
}

static void drift__sqlite_checks(arena *a, ir_table *et, const ir_table *lt)
{
    bool *used = ARENA_ARRAY(a, bool, lt->nchecks + 1);
    for (size_t k = 0; k < et->nchecks; k++) {
        ir_check *ek = &et->checks[k];
        if (!ek->name || !ek->expr || ir_find_check(lt, ek->name) || !drift__default_check_name(a, et, ek->name))
            continue;
        const char *want = ir_normalize_expr(a, ek->expr);
        for (size_t m = 0; m < lt->nchecks; m++) {
            const ir_check *lk = &lt->checks[m];
            if (used[m] || lk->name || !lk->expr || strcmp(ir_normalize_expr(a, lk->expr), want) != 0)
                continue;
            used[m] = true;
            ek->name = NULL;
            break;
        }
    }
}

static bool drift__same_index_cols(const ir_index *x, const ir_index *y)
{
    if (x->ncolumns != y->ncolumns)
        return false;
    for (size_t i = 0; i < x->ncolumns; i++)
        if (!x->columns[i].name || !y->columns[i].name || strcmp(x->columns[i].name, y->columns[i].name) != 0 ||
            x->columns[i].sort != y->columns[i].sort)
            return false;
    return true;
}

static void drift__sqlite_autoindexes(arena *a, ir_table *et, const ir_table *lt)
{
    static const char auto_prefix[] = "sqlite_autoindex_";
    bool *used = ARENA_ARRAY(a, bool, lt->nindexes + 1);
    for (size_t k = 0; k < et->nindexes; k++) {
        ir_index *ex = &et->indexes[k];
        if (!ex->name || !ex->unique || ex->where || ir_find_index(lt, ex->name) || ex->ncolumns == 0)
            continue;
        const char **cols = ARENA_ARRAY(a, const char *, ex->ncolumns);
        for (size_t c = 0; c < ex->ncolumns; c++)
            cols[c] = ex->columns[c].name;
        if (strcmp(ex->name, ir_constraint_name(a, et->name, cols, ex->ncolumns, "key", 0)) != 0)
            continue;
        for (size_t m = 0; m < lt->nindexes; m++) {
            const ir_index *lx = &lt->indexes[m];
            if (used[m] || !lx->name || strncmp(lx->name, auto_prefix, sizeof auto_prefix - 1) != 0 || !lx->unique ||
                lx->where || !drift__same_index_cols(ex, lx))
                continue;
            used[m] = true;
            ex->name = lx->name;
            break;
        }
    }
}

static bool drift__is_sole_pk(const ir_table *t, const char *column)
{
    return t->has_pk && t->pk.ncolumns == 1 && strcmp(t->pk.columns[0], column) == 0;
}

static bool drift__same_default(const ir_default *x, const ir_default *y)
{
    if (x->kind != y->kind || x->kind == IR_DEFAULT_LIST)
        return false;
    if (!x->value || !y->value)
        return x->value == y->value;
    return strcmp(x->value, y->value) == 0;
}

static void drift__sqlite_columns(arena *a, ir_schema *expected, ir_table *et, const ir_table *lt,
                                  const ddl_dialect *d)
{
    for (size_t k = 0; k < et->ncolumns; k++) {
        ir_column *ec = &et->columns[k];
        const ir_column *lc = drift__column(lt, ec->name);
        if (!lc)
            continue;
        const char *want = d->column_type(a, expected, ec);
        if (lc->db_type && want && strcasecmp(lc->db_type, want) != 0 && !ec->list && !ec->enum_name &&
            ec->scalar != SC_SCALAR_UNSUPPORTED && !drift__is_sole_pk(lt, lc->name) &&
            introspect_sqlite_affinity_of(lc->db_type) == introspect_sqlite_affinity_of(want) &&
            introspect_sqlite_prisma_scalar(lc->db_type) == ec->scalar) {
            ec->db_type = lc->db_type;
            /* The default as the column's type reads it: the same stored text either way. */
            if (lc->dflt.kind == IR_DEFAULT_EXPR && lc->dflt.value) {
                ir_default again;
                ir_default_parse(&again, a, lc->dflt.value, ec->scalar, false);
                if (drift__same_default(&again, &ec->dflt))
                    ec->dflt = lc->dflt;
            }
        }
        if (ec->scalar == SC_SCALAR_BOOLEAN && !ec->list && ec->dflt.kind == IR_DEFAULT_BOOLEAN && ec->dflt.value &&
            lc->dflt.kind == IR_DEFAULT_NUMBER && lc->dflt.value) {
            bool t = strcmp(ec->dflt.value, "true") == 0;
            if (strcmp(lc->dflt.value, t ? "1" : "0") == 0)
                ec->dflt = lc->dflt;
        }
    }
}

void mdrift_sqlite(arena *a, ir_schema *expected, const ir_schema *live, const ddl_dialect *d)
{
    for (size_t i = 0; i < expected->ntables; i++) {
        ir_table *et = &expected->tables[i];
        const ir_table *lt = ir_find_table_in(live, et->schema, et->name);
        if (!lt)
            continue;
        drift__sqlite_columns(a, expected, et, lt, d);
        drift__sqlite_fks(a, et, lt);
        drift__sqlite_checks(a, et, lt);
        drift__sqlite_autoindexes(a, et, lt);
    }
}
