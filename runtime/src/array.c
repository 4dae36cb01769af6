/*
 * array.c - arrays as one text parameter (sc_array), the whole-list binds
 * of PostgreSQL list columns, and the strict JSON array reader their
 * columns come back through (schemac/array.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------- writing */

static void arr_put(sc_array *a, const char *s, size_t n)
{
    if (a->rc != SC_OK)
        return;
    if (a->len + n + 1 > a->cap) {
        size_t cap = a->cap ? a->cap : 64;
        while (cap < a->len + n + 1) {
            if (cap > ((size_t)-1) / 2) {
                a->rc = SC_ENOMEM;
                return;
            }
            cap *= 2;
        }
        char *t = realloc(a->text, cap);
        if (!t) {
            a->rc = SC_ENOMEM;
            return;
        }
        a->text = t;
        a->cap = cap;
    }
    memcpy(a->text + a->len, s, n);
    a->len += n;
    a->text[a->len] = '\0';
}

static void arr_sep(sc_array *a)
{
    if (a->count++)
        arr_put(a, ",", 1);
}

static void arr_raw(sc_array *a, const char *token)
{
    arr_sep(a);
    arr_put(a, token, strlen(token));
}

void sc_array_init(sc_array *a, sc_array_style style)
{
    memset(a, 0, sizeof *a);
    a->style = style;
    arr_put(a, style == SC_ARRAY_PG ? "{" : "[", 1);
}

sc_array_style sc_array_style_for(const sc_conn *conn)
{
    return conn && sc_conn_dialect(conn) == SC_DIALECT_POSTGRES ? SC_ARRAY_PG : SC_ARRAY_JSON;
}

void sc_array_int(sc_array *a, int64_t v)
{
    /* digits written by hand: a loader's keys are thousands of these */
    char num[24];
    char *start = sc__i64_text(num + sizeof num, v);
    size_t n = (size_t)(num + sizeof num - start);
    if (a->rc == SC_OK && a->len + n + 2 <= a->cap) {
        /* room already: the separator and the digits in place */
        char *at = a->text + a->len;
        if (a->count++)
            *at++ = ',';
        memcpy(at, start, n);
        at[n] = '\0';
        a->len = (size_t)(at + n - a->text);
        return;
    }
    arr_sep(a);
    arr_put(a, start, n);
}

void sc_array_double(sc_array *a, double v)
{
    char num[40];
    if (v != v || v - v != 0) {
        sc_array_null(a);
        return;
    }
    snprintf(num, sizeof num, "%.17g", v);
    arr_raw(a, num);
}

void sc_array_bool(sc_array *a, bool v)
{
    arr_raw(a, v ? "true" : "false");
}

void sc_array_null(sc_array *a)
{
    arr_raw(a, a->style == SC_ARRAY_PG ? "NULL" : "null");
}

/* A quoted element: JSON string escapes, or the array literal's backslash escapes. */
void sc_array_text(sc_array *a, const char *s)
{
    if (!s) {
        sc_array_null(a);
        return;
    }
    bool pg = a->style == SC_ARRAY_PG;
    arr_sep(a);
    arr_put(a, "\"", 1);
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        bool quote = *p == '"' || *p == '\\';
        bool control = !pg && *p < 0x20;
        if (!quote && !control)
            continue;
        arr_put(a, run, (size_t)((const char *)p - run));
        run = (const char *)p + 1;
        char esc[8];
        if (quote) {
            esc[0] = '\\';
            esc[1] = (char)*p;
            arr_put(a, esc, 2);
        } else {
            int n = snprintf(esc, sizeof esc, "\\u%04x", *p);
            arr_put(a, esc, (size_t)n);
        }
    }
    arr_put(a, run, strlen(run));
    arr_put(a, "\"", 1);
}

void sc_array_label(sc_array *a, const char *label)
{
    if (!label) {
        if (a->rc == SC_OK)
            a->rc = SC_EINVAL;
        return;
    }
    sc_array_text(a, label);
}

void sc_array_bytes(sc_array *a, const uint8_t *data, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    if (!data) {
        sc_array_null(a);
        return;
    }
    arr_sep(a);
    /* "\\x": the backslash escaped, in JSON as in an array literal */
    arr_put(a, "\"\\\\x", 4);
    for (size_t i = 0; i < len; i++) {
        char pair[2] = {digits[data[i] >> 4], digits[data[i] & 15]};
        arr_put(a, pair, 2);
    }
    arr_put(a, "\"", 1);
}

void sc_array_time(sc_array *a, sc_timestamp ts)
{
    char buf[SC_TIMESTAMP_BUFSIZE];
    if (sc_timestamp_format(buf, sizeof buf, ts, SC_TIME_ISO_US) < 0) {
        if (a->rc == SC_OK)
            a->rc = SC_EINVAL;
        return;
    }
    sc_array_text(a, buf);
}

void sc_array_open(sc_array *a)
{
    if (a->depth >= SC_ARRAY_MAX_DEPTH) {
        if (a->rc == SC_OK)
            a->rc = SC_EINVAL;
        return;
    }
    arr_sep(a);
    arr_put(a, a->style == SC_ARRAY_PG ? "{" : "[", 1);
    a->outer[a->depth++] = a->count;
    a->count = 0;
}

void sc_array_close(sc_array *a)
{
    if (a->depth == 0) {
        if (a->rc == SC_OK)
            a->rc = SC_EINVAL;
        return;
    }
    arr_put(a, a->style == SC_ARRAY_PG ? "}" : "]", 1);
    a->count = a->outer[--a->depth];
}

void sc_array_free(sc_array *a)
{
    free(a->text);
    a->text = NULL;
    a->len = a->cap = 0;
}

int sc_stmt_bind_array(sc_stmt *st, int idx, sc_array *a)
{
    if (a->depth != 0 && a->rc == SC_OK)
        a->rc = SC_EINVAL;
    arr_put(a, a->style == SC_ARRAY_PG ? "}" : "]", 1);
    int rc = a->rc;
    if (rc == SC_OK)
        rc = sc_stmt_bind_text(st, idx, a->text, (long)a->len);
    else if (st)
        sc__conn_fail(st->conn, rc, rc == SC_ENOMEM ? "out of memory" : "an array parameter is NULL with a count of items, or holds a value it cannot write (an enum value out of range, a timestamp outside years 1-9999)");
    sc_array_free(a);
    return rc;
}

/* ---------------------------------------------------------------- whole lists */

int sc_stmt_bind_bools(sc_stmt *st, int idx, const bool *v, size_t n)
{
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    for (size_t i = 0; i < n; i++)
        sc_array_bool(&a, v[i]);
    return sc_stmt_bind_array(st, idx, &a);
}

int sc_stmt_bind_int32s(sc_stmt *st, int idx, const int32_t *v, size_t n)
{
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    for (size_t i = 0; i < n; i++)
        sc_array_int(&a, v[i]);
    return sc_stmt_bind_array(st, idx, &a);
}

int sc_stmt_bind_int64s(sc_stmt *st, int idx, const int64_t *v, size_t n)
{
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    for (size_t i = 0; i < n; i++)
        sc_array_int(&a, v[i]);
    return sc_stmt_bind_array(st, idx, &a);
}

int sc_stmt_bind_doubles(sc_stmt *st, int idx, const double *v, size_t n)
{
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    for (size_t i = 0; i < n; i++)
        sc_array_double(&a, v[i]);
    return sc_stmt_bind_array(st, idx, &a);
}

int sc_stmt_bind_texts(sc_stmt *st, int idx, char *const *v, size_t n)
{
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    for (size_t i = 0; i < n; i++)
        sc_array_text(&a, v[i]);
    return sc_stmt_bind_array(st, idx, &a);
}

int sc_stmt_bind_times(sc_stmt *st, int idx, const sc_timestamp *v, size_t n)
{
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    for (size_t i = 0; i < n; i++)
        sc_array_time(&a, v[i]);
    return sc_stmt_bind_array(st, idx, &a);
}

int sc_stmt_bind_blobs(sc_stmt *st, int idx, uint8_t *const *v, const size_t *lens, size_t n)
{
    sc_array a;
    sc_array_init(&a, SC_ARRAY_JSON);
    for (size_t i = 0; i < n; i++)
        sc_array_bytes(&a, v[i], lens ? lens[i] : 0);
    return sc_stmt_bind_array(st, idx, &a);
}

/* ---------------------------------------------------------------- reading JSON */

/* Nesting deeper than this is refused (the reader recurses). */
enum { JSON_MAX_DEPTH = 256 };

typedef struct jscan {
    const char *p;
    const char *end;
} jscan;

static void j_ws(jscan *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int j_hex4(const char *p, const char *end, unsigned long *out)
{
    if (end - p < 4)
        return -1;
    unsigned long v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v << 4 | (unsigned long)d;
    }
    *out = v;
    return 0;
}

/* The UTF-8 form of CP into DST (when not NULL); returns its length. */
static size_t j_utf8(char *dst, unsigned long cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xe0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else {
        b[0] = (char)(0xf0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    }
    if (dst)
        memcpy(dst, b, n);
    return n;
}

/*
 * The JSON string at J (its opening quote): unescaped into DST when not
 * NULL (room for the raw length: escapes only shrink), its decoded length
 * in *N. Moves J past the closing quote; -1 when the string is not valid.
 */
static int j_string(jscan *j, char *dst, size_t *n)
{
    const char *p = j->p + 1, *end = j->end;
    size_t k = 0;
    for (;;) {
        if (p >= end)
            return -1;
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c < 0x20)
            return -1;
        if (c != '\\') {
            if (dst)
                dst[k] = (char)c;
            k++;
            p++;
            continue;
        }
        if (end - p < 2)
            return -1;
        char e = p[1], out;
        p += 2;
        switch (e) {
        case '"': out = '"'; break;
        case '\\': out = '\\'; break;
        case '/': out = '/'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': {
            unsigned long cp, lo;
            if (j_hex4(p, end, &cp) != 0)
                return -1;
            p += 4;
            if (cp >= 0xd800 && cp < 0xdc00) {
                /* a high surrogate names a character only with the low one after it */
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || j_hex4(p + 2, end, &lo) != 0 || lo < 0xdc00 ||
                    lo > 0xdfff)
                    return -1;
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                p += 6;
            } else if ((cp >= 0xdc00 && cp <= 0xdfff) || cp == 0) {
                return -1; /* a lone low surrogate; NUL cannot be in C text */
            }
            k += j_utf8(dst ? dst + k : NULL, cp);
            continue;
        }
        default: return -1;
        }
        if (dst)
            dst[k] = out;
        k++;
    }
    j->p = p + 1;
    *n = k;
    return 0;
}

static bool j_digit(const char *p, const char *end)
{
    return p < end && *p >= '0' && *p <= '9';
}

static int j_number(jscan *j)
{
    const char *p = j->p, *end = j->end;
    if (p < end && *p == '-')
        p++;
    if (!j_digit(p, end))
        return -1;
    if (*p == '0')
        p++;
    else
        while (j_digit(p, end))
            p++;
    if (p < end && *p == '.') {
        p++;
        if (!j_digit(p, end))
            return -1;
        while (j_digit(p, end))
            p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        if (!j_digit(p, end))
            return -1;
        while (j_digit(p, end))
            p++;
    }
    j->p = p;
    return 0;
}

static int j_word(jscan *j, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
        return -1;
    j->p += n;
    return 0;
}

static int j_value(jscan *j, int depth);

/* An array or object at J, checked and skipped. */
static int j_compound(jscan *j, int depth)
{
    if (depth > JSON_MAX_DEPTH)
        return -1;
    bool object = *j->p == '{';
    char close = object ? '}' : ']';
    j->p++;
    j_ws(j);
    if (j->p < j->end && *j->p == close) {
        j->p++;
        return 0;
    }
    for (;;) {
        if (object) {
            size_t n;
            if (j->p >= j->end || *j->p != '"' || j_string(j, NULL, &n) != 0)
                return -1;
            j_ws(j);
            if (j->p >= j->end || *j->p != ':')
                return -1;
            j->p++;
            j_ws(j);
        }
        if (j_value(j, depth) != 0)
            return -1;
        j_ws(j);
        if (j->p >= j->end)
            return -1;
        if (*j->p == ',') {
            j->p++;
            j_ws(j);
            continue;
        }
        if (*j->p != close)
            return -1;
        j->p++;
        return 0;
    }
}

/* Any JSON value at J, checked and skipped. */
static int j_value(jscan *j, int depth)
{
    if (j->p >= j->end)
        return -1;
    switch (*j->p) {
    case '"': {
        size_t n;
        return j_string(j, NULL, &n);
    }
    case '[':
    case '{': return j_compound(j, depth + 1);
    case 't': return j_word(j, "true");
    case 'f': return j_word(j, "false");
    case 'n': return j_word(j, "null");
    default: return j_number(j);
    }
}

void sc_texts_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void sc_blobs_free(uint8_t **v, size_t *lens, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
    free(lens);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* The elements of the array TEXT: each one's JSON text (RAW) or its scalar value. */
static int j_array(char ***out, size_t *count, const char *text, size_t len, bool raw)
{
    *out = NULL;
    *count = 0;
    if (!text)
        return SC_ETYPE;
    jscan j = {text, text + len};
    j_ws(&j);
    if (j.p >= j.end || *j.p != '[')
        return SC_ETYPE;
    j.p++;
    j_ws(&j);
    char **items = NULL;
    size_t n = 0, cap = 0;
    int rc = SC_OK;
    bool empty = j.p < j.end && *j.p == ']';
    if (empty)
        j.p++;
    while (!empty) {
        const char *start = j.p;
        char *item = NULL;
        bool null = false;
        if (j.p >= j.end) {
            rc = SC_ETYPE;
            break;
        }
        if (raw || *start != '"') {
            if ((!raw && (*start == '[' || *start == '{')) || j_value(&j, 1) != 0) {
                rc = SC_ETYPE;
                break;
            }
            null = !raw && *start == 'n';
            if (!null && !(item = dup_n(start, (size_t)(j.p - start)))) {
                rc = SC_ENOMEM;
                break;
            }
        } else {
            size_t dn;
            if (j_string(&j, NULL, &dn) != 0) {
                rc = SC_ETYPE;
                break;
            }
            jscan again = {start, j.end};
            item = malloc(dn + 1);
            if (!item) {
                rc = SC_ENOMEM;
                break;
            }
            j_string(&again, item, &dn);
            item[dn] = '\0';
        }
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 8;
            char **grown = realloc(items, ncap * sizeof *grown);
            if (!grown) {
                free(item);
                rc = SC_ENOMEM;
                break;
            }
            items = grown;
            cap = ncap;
        }
        items[n++] = item;
        j_ws(&j);
        if (j.p < j.end && *j.p == ',') {
            j.p++;
            j_ws(&j);
            continue;
        }
        if (j.p < j.end && *j.p == ']') {
            j.p++;
            break;
        }
        rc = SC_ETYPE;
        break;
    }
    if (rc == SC_OK) {
        j_ws(&j);
        if (j.p != j.end)
            rc = SC_ETYPE; /* something after the array */
    }
    if (rc != SC_OK) {
        sc_texts_free(items, n);
        return rc;
    }
    *out = items;
    *count = n;
    return SC_OK;
}

int sc_json_array_strings(char ***out, size_t *count, const char *text, size_t len)
{
    return j_array(out, count, text, len, false);
}

int sc_json_array_values(char ***out, size_t *count, const char *text, size_t len)
{
    return j_array(out, count, text, len, true);
}

/* ---------------------------------------------------------------- list columns */

/* The elements of list column COL (array_to_json text); SQL NULL is the empty list. */
static int col_items(char ***out, size_t *count, sc_stmt *st, int col, bool raw)
{
    *out = NULL;
    *count = 0;
    if (sc_stmt_column_is_null(st, col))
        return SC_OK;
    const char *text = NULL;
    size_t len = 0;
    int rc = sc_stmt_column_text(&text, &len, st, col);
    if (rc != SC_OK)
        return rc;
    rc = j_array(out, count, text, len, raw);
    if (rc != SC_OK)
        sc__conn_fail(st->conn, rc, rc == SC_ENOMEM ? "out of memory" : "column %d: not a JSON array of list elements", col);
    return rc;
}

/* How one element's text becomes a C value; returns SC_OK, SC_ETYPE or SC_ERANGE. */
typedef int (*conv_fn)(void *dst, const char *s);

static int conv_bool(void *dst, const char *s)
{
    bool v;
    if (strcmp(s, "true") == 0)
        v = true;
    else if (strcmp(s, "false") == 0)
        v = false;
    else
        return SC_ETYPE;
    memcpy(dst, &v, sizeof v);
    return SC_OK;
}

static int conv_int(const char *s, long long lo, long long hi, long long *v)
{
    char *end = NULL;
    errno = 0;
    *v = strtoll(s, &end, 10);
    if (end == s || *end)
        return SC_ETYPE;
    if (errno == ERANGE || *v < lo || *v > hi)
        return SC_ERANGE;
    return SC_OK;
}

static int conv_i32(void *dst, const char *s)
{
    long long v;
    int rc = conv_int(s, INT32_MIN, INT32_MAX, &v);
    int32_t x = (int32_t)v;
    if (rc == SC_OK)
        memcpy(dst, &x, sizeof x);
    return rc;
}

static int conv_i64(void *dst, const char *s)
{
    long long v;
    int rc = conv_int(s, INT64_MIN, INT64_MAX, &v);
    int64_t x = (int64_t)v;
    if (rc == SC_OK)
        memcpy(dst, &x, sizeof x);
    return rc;
}

/* A JSON number, or the strings array_to_json writes for NaN and the infinities. */
static int conv_f64(void *dst, const char *s)
{
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || *end)
        return SC_ETYPE;
    memcpy(dst, &v, sizeof v);
    return SC_OK;
}

static int conv_time(void *dst, const char *s)
{
    sc_timestamp v;
    if (sc_timestamp_parse(&v, s, -1) != SC_OK)
        return SC_ETYPE;
    memcpy(dst, &v, sizeof v);
    return SC_OK;
}

/* A list column whose elements convert one by one into SIZE-byte values. */
static int col_scalars(void **out, size_t *count, sc_stmt *st, int col, size_t size, conv_fn conv)
{
    char **items = NULL;
    size_t n = 0;
    *out = NULL;
    *count = 0;
    int rc = col_items(&items, &n, st, col, false);
    if (rc != SC_OK || n == 0)
        return rc;
    unsigned char *values = malloc(n * size);
    if (!values)
        rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && rc == SC_OK; i++) {
        if (!items[i])
            rc = sc__conn_fail(st->conn, SC_ENULL, "column %d: list element %zu is NULL", col, i);
        else if ((rc = conv(values + i * size, items[i])) != SC_OK)
            sc__conn_fail(st->conn, rc, "column %d: list element %zu (\"%.40s\") does not convert", col, i, items[i]);
    }
    sc_texts_free(items, n);
    if (rc != SC_OK) {
        free(values);
        return rc;
    }
    *out = values;
    *count = n;
    return SC_OK;
}

int sc_stmt_column_bools(bool **out, size_t *count, sc_stmt *st, int col)
{
    void *v = NULL;
    int rc = col_scalars(&v, count, st, col, sizeof **out, conv_bool);
    *out = v;
    return rc;
}

int sc_stmt_column_int32s(int32_t **out, size_t *count, sc_stmt *st, int col)
{
    void *v = NULL;
    int rc = col_scalars(&v, count, st, col, sizeof **out, conv_i32);
    *out = v;
    return rc;
}

int sc_stmt_column_int64s(int64_t **out, size_t *count, sc_stmt *st, int col)
{
    void *v = NULL;
    int rc = col_scalars(&v, count, st, col, sizeof **out, conv_i64);
    *out = v;
    return rc;
}

int sc_stmt_column_doubles(double **out, size_t *count, sc_stmt *st, int col)
{
    void *v = NULL;
    int rc = col_scalars(&v, count, st, col, sizeof **out, conv_f64);
    *out = v;
    return rc;
}

int sc_stmt_column_times(sc_timestamp **out, size_t *count, sc_stmt *st, int col)
{
    void *v = NULL;
    int rc = col_scalars(&v, count, st, col, sizeof **out, conv_time);
    *out = v;
    return rc;
}

int sc_stmt_column_texts(char ***out, size_t *count, sc_stmt *st, int col)
{
    return col_items(out, count, st, col, false);
}

int sc_stmt_column_jsons(char ***out, size_t *count, sc_stmt *st, int col)
{
    return col_items(out, count, st, col, true);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

int sc_stmt_column_blobs(uint8_t ***out, size_t **lens, size_t *count, sc_stmt *st, int col)
{
    char **items = NULL;
    size_t n = 0;
    *out = NULL;
    *lens = NULL;
    *count = 0;
    int rc = col_items(&items, &n, st, col, false);
    if (rc != SC_OK || n == 0)
        return rc;
    uint8_t **values = calloc(n, sizeof *values);
    size_t *sizes = calloc(n, sizeof *sizes);
    if (!values || !sizes)
        rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && rc == SC_OK; i++) {
        const char *h = items[i];
        if (!h) {
            rc = sc__conn_fail(st->conn, SC_ENULL, "column %d: list element %zu is NULL", col, i);
            break;
        }
        size_t hl = strlen(h);
        if (hl < 2 || h[0] != '\\' || h[1] != 'x' || (hl - 2) % 2) {
            rc = sc__conn_fail(st->conn, SC_ETYPE, "column %d: list element %zu is not bytea hex text", col, i);
            break;
        }
        size_t len = (hl - 2) / 2;
        values[i] = malloc(len ? len : 1);
        if (!values[i]) {
            rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
            break;
        }
        sizes[i] = len;
        for (size_t k = 0; k < len; k++) {
            int hi = hexval(h[2 + 2 * k]), lo = hexval(h[3 + 2 * k]);
            if (hi < 0 || lo < 0) {
                rc = sc__conn_fail(st->conn, SC_ETYPE, "column %d: list element %zu is not bytea hex text", col, i);
                break;
            }
            values[i][k] = (uint8_t)(hi << 4 | lo);
        }
    }
    sc_texts_free(items, n);
    if (rc != SC_OK) {
        sc_blobs_free(values, sizes, values ? n : 0);
        return rc;
    }
    *out = values;
    *lens = sizes;
    *count = n;
    return SC_OK;
}
