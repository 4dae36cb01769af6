/*
 * ir_default.c - turning a default expression, as a database spells it,
 * back into the model's default (introspection, and ddl_db_view).
 */
#include "model/ir.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is__numeric(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    bool digits = false;
    while (i < n && isdigit((unsigned char)s[i])) {
        i++;
        digits = true;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && isdigit((unsigned char)s[i])) {
            i++;
            digits = true;
        }
    }
    if (digits && i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        if (i >= n || !isdigit((unsigned char)s[i]))
            return false;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
    }
    return digits && i == n;
}

const char *ir_number_text(arena *a, const char *text, bool value_only)
{
    if (!text)
        return NULL;
    const char *p = text;
    bool neg = false;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    size_t nint = strspn(p, "0123456789");
    const char *ip = p;
    p += nint;
    const char *fp = p;
    size_t nfrac = 0;
    if (*p == '.') {
        fp = ++p;
        nfrac = strspn(p, "0123456789");
        p += nfrac;
    }
    if (nint + nfrac == 0)
        return NULL;
    long exp = 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        bool eneg = false;
        if (*p == '+' || *p == '-')
            eneg = *p++ == '-';
        size_t ne = strspn(p, "0123456789");
        if (!ne)
            return NULL;
        for (size_t i = 0; i < ne; i++) {
            exp = exp * 10 + (p[i] - '0');
            if (exp > 4096)
                return NULL;
        }
        exp = eneg ? -exp : exp;
        p += ne;
    }
    if (*p)
        return NULL;
    /* digits D (integer then fraction digits), scale = fraction digits - exponent */
    size_t nd = nint + nfrac;
    long scale = (long)nfrac - exp;
    size_t zeros = scale < 0 ? (size_t)-scale : 0;
    if (scale < 0)
        scale = 0;
    size_t cap = nd + zeros + (size_t)scale + 4;
    if (cap > 8192)
        return NULL;
    char *digits = arena_alloc(a, nd + zeros + 1);
    memcpy(digits, ip, nint);
    memcpy(digits + nint, fp, nfrac);
    memset(digits + nd, '0', zeros);
    nd += zeros;
    digits[nd] = '\0';
    /* integer part: the first nd - scale digits (none if scale >= nd), fraction: the last scale digits */
    size_t sc = (size_t)scale;
    size_t nip = nd > sc ? nd - sc : 0;
    char *out = arena_alloc(a, cap + sc);
    size_t o = 0;
    bool zero = strspn(digits, "0") == nd;
    if (neg && !zero)
        out[o++] = '-';
    size_t lead = 0;
    while (lead + 1 < nip && digits[lead] == '0')
        lead++;
    if (nip == 0) {
        out[o++] = '0';
    } else {
        memcpy(out + o, digits + lead, nip - lead);
        o += nip - lead;
    }
    size_t nf = sc;
    char *frac = arena_alloc(a, sc + 1);
    /* the fraction, left-padded with zeros when the digits are fewer than the scale */
    size_t pad = sc > nd ? sc - nd : 0;
    memset(frac, '0', pad);
    memcpy(frac + pad, digits + (nd > sc ? nd - sc : 0), sc - pad);
    if (value_only)
        while (nf && frac[nf - 1] == '0')
            nf--;
    if (nf) {
        out[o++] = '.';
        memcpy(out + o, frac, nf);
        o += nf;
    }
    out[o] = '\0';
    if (value_only && strcmp(out, "-0") == 0)
        return "0";
    return out;
}

static bool is__number_scalar(sc_scalar s)
{
    return s == SC_SCALAR_INT || s == SC_SCALAR_BIGINT || s == SC_SCALAR_FLOAT || s == SC_SCALAR_DECIMAL;
}

/* The length of a quoted literal starting at S[0] (a quote), or 0 if it does not end. */
static size_t quoted__len(const char *s, size_t n)
{
    char q = s[0];
    for (size_t i = 1; i < n; i++) {
        if (s[i] == q) {
            if (i + 1 < n && s[i + 1] == q) {
                i++;
                continue;
            }
            return i + 1;
        }
    }
    return 0;
}

static char *unquote(arena *a, const char *s, size_t len)
{
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 1; i + 1 < len; i++) {
        out[o++] = s[i];
        if (s[i] == s[0] && s[i + 1] == s[0])
            i++;
    }
    out[o] = '\0';
    return out;
}

static int hex__value(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/*
 * A Bytes default as the database keeps it ('\x68656c6c6f' on PostgreSQL,
 * '68656c6c6f' on SQLite, as Prisma writes them) back into the schema's
 * base64; NULL when V is not hex digits.
 */
static const char *bytes__base64(arena *a, const char *v)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (v[0] == '\\' && v[1] == 'x')
        v += 2;
    size_t n = strlen(v);
    if (n % 2)
        return NULL;
    char *out = arena_alloc(a, n / 6 * 4 + 8);
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i += 2) {
        int hi = hex__value(v[i]), lo = hex__value(v[i + 1]);
        if (hi < 0 || lo < 0)
            return NULL;
        acc = (acc << 8) | (unsigned)(hi << 4 | lo);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out[o++] = alphabet[(acc >> bits) & 0x3Fu];
        }
    }
    if (bits)
        out[o++] = alphabet[(acc << (6 - bits)) & 0x3Fu];
    while (o % 4)
        out[o++] = '=';
    out[o] = '\0';
    return out;
}

/* Where the parenthesis opening S[0] closes, or 0. */
static size_t paren__close(const char *s, size_t n)
{
    size_t depth = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'' || s[i] == '"') {
            size_t q = quoted__len(s + i, n - i);
            if (!q)
                return 0;
            i += q - 1;
        } else if (s[i] == '(') {
            depth++;
        } else if (s[i] == ')' && --depth == 0) {
            return i;
        }
    }
    return 0;
}

/* True when S[0..N) is nothing but a cast to a type name: "::double precision", "::numeric(5,3)". */
static bool is__cast(const char *s, size_t n)
{
    if (n < 3 || s[0] != ':' || s[1] != ':')
        return false;
    for (size_t i = 2; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr(" _,()[]\"", s[i]))
            return false;
    return true;
}

/* One literal element (no lists) of length N at S. */
static void parse__literal(ir_default *d, arena *a, const char *s, size_t n, sc_scalar scalar, bool is_enum)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    /* PostgreSQL wraps array elements it had to cast: (1.5)::double precision, ('-2'::integer)::bigint. */
    if (n && s[0] == '(') {
        size_t close = paren__close(s, n);
        if (close && (close + 1 == n || is__cast(s + close + 1, n - close - 1))) {
            parse__literal(d, a, s + 1, close - 1, scalar, is_enum);
            if (d->kind != IR_DEFAULT_EXPR)
                return;
        }
    }
    /* Drop a trailing cast: 'x'::text, 5::bigint, '{}'::jsonb. */
    size_t body = n;
    if (n && (s[0] == '\'' || s[0] == '"')) {
        size_t q = quoted__len(s, n);
        if (q && (q == n || (q + 1 < n && s[q] == ':' && s[q + 1] == ':')))
            body = q;
    } else {
        for (size_t i = 0; i + 1 < n; i++) {
            if (s[i] == ':' && s[i + 1] == ':') {
                body = i;
                break;
            }
        }
        /* Only a plain number or boolean may shed its cast. */
        if (body != n && !is__numeric(s, body) && !(body == 4 && strncasecmp(s, "true", 4) == 0) &&
            !(body == 5 && strncasecmp(s, "false", 5) == 0))
            body = n;
    }
    if (body && s[0] == '\'' && quoted__len(s, n) == body) {
        char *v = unquote(a, s, body);
        d->value = v;
        if (is_enum)
            d->kind = IR_DEFAULT_ENUM;
        else if (is__number_scalar(scalar) && is__numeric(v, strlen(v)) && ir_number_text(a, v, false)) {
            d->kind = IR_DEFAULT_NUMBER;
            d->value = ir_number_text(a, v, false);
        }
        else if (scalar == SC_SCALAR_BOOLEAN && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0))
            d->kind = IR_DEFAULT_BOOLEAN;
        else
            d->kind = IR_DEFAULT_STRING;
        if (d->kind == IR_DEFAULT_STRING && scalar == SC_SCALAR_BYTES) {
            const char *b64 = bytes__base64(a, v);
            if (b64)
                d->value = b64;
        }
        return;
    }
    if ((body == 4 && strncasecmp(s, "true", 4) == 0) || (body == 5 && strncasecmp(s, "false", 5) == 0)) {
        d->kind = IR_DEFAULT_BOOLEAN;
        d->value = body == 4 ? "true" : "false";
        return;
    }
    if (is__numeric(s, body)) {
        d->kind = IR_DEFAULT_NUMBER;
        d->value = arena_strndup(a, s, body);
        /* One spelling for one number: 1e-10, +2 and .5 as the model writes them. */
        const char *canon = ir_number_text(a, d->value, false);
        if (canon)
            d->value = canon;
        return;
    }
    d->kind = IR_DEFAULT_EXPR;
    d->value = arena_strndup(a, s, n);
}

void ir_default_parse(ir_default *d, arena *a, const char *text, sc_scalar scalar, bool is_enum)
{
    memset(d, 0, sizeof(*d));
    if (!text)
        return;
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    if (n == 0 || (n == 4 && strncasecmp(text, "NULL", 4) == 0))
        return;
    if (strncmp(text, "nextval(", 8) == 0) {
        d->kind = IR_DEFAULT_AUTOINCREMENT;
        return;
    }
    if ((n == 17 && strncasecmp(text, "CURRENT_TIMESTAMP", 17) == 0) || (n == 5 && strncmp(text, "now()", 5) == 0)) {
        d->kind = IR_DEFAULT_NOW;
        return;
    }
    if (n > 6 && strncmp(text, "ARRAY[", 6) == 0) {
        /* ARRAY[1, 2] or ARRAY['a'::text]::text[]: split the elements at top-level commas. */
        size_t depth = 0, start = 6, end = 0;
        size_t cap = 4, count = 0;
        ir_default *items = ARENA_ARRAY(a, ir_default, cap);
        for (size_t i = 6; i < n && !end; i++) {
            char c = text[i];
            if (c == '\'' || c == '"') {
                size_t q = quoted__len(text + i, n - i);
                if (!q)
                    break;
                i += q - 1;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && depth) {
                depth--;
            } else if ((c == ',' || c == ']') && depth == 0) {
                if (count == cap) {
                    items = arena_grow(a, items, cap * sizeof(ir_default), cap * 2 * sizeof(ir_default));
                    cap *= 2;
                }
                if (i > start || c == ',')
                    parse__literal(&items[count++], a, text + start, i - start, scalar, is_enum);
                start = i + 1;
                if (c == ']')
                    end = i;
            }
        }
        if (end) {
            d->kind = IR_DEFAULT_LIST;
            d->items = items;
            d->nitems = count;
            return;
        }
    }
    parse__literal(d, a, text, n, scalar, is_enum);
}
