/*
 * url.c - the database URL parser (schemac/url.h): which engine, what its
 * driver opens, a display form with the passwords masked, and the passwords
 * themselves, so that a driver message that echoes part of the URL can be
 * scrubbed.
 *
 * PostgreSQL URIs and keyword strings are checked here first, the way libpq
 * reads them (where libpq would echo a token or the whole URL in its error,
 * this parser names the problem itself), then by libpq's own parser
 * (PQconninfoParse), whose messages are scrubbed of every password. The
 * driver later hands libpq the same text, so what was checked is what
 * connects. SQLite URLs become a "file:" URI that SQLite parses one way.
 *
 * Error messages show the URL through a loose redaction that masks more than
 * the password whenever the URL is malformed (from the first ':' of the user
 * info to the last '@', and every password= value to the next '&'), never
 * less; libpq keyword strings are never shown in errors at all.
 */
#include <ctype.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- a growable string ---- */

typedef struct ubuf {
    char *p;
    size_t n, cap;
    int oom;
} ubuf;

static void ub_putn(ubuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void ub_putc(ubuf *b, char c)
{
    ub_putn(b, &c, 1);
}

static void ub_puts(ubuf *b, const char *s)
{
    ub_putn(b, s, strlen(s));
}

/* The string (never NULL unless out of memory); B is emptied. */
static char *ub_take(ubuf *b)
{
    ub_putn(b, "", 0);
    char *p = b->oom ? NULL : b->p;
    if (b->oom)
        free(b->p);
    memset(b, 0, sizeof *b);
    return p;
}

/* ---- the parse ---- */

typedef struct span {
    size_t off, len;
} span;

enum { MAX_MASKS = 32 };

typedef struct uparse {
    const char *url;
    size_t len;
    int keywords;           /* a libpq keyword string */
    int hide;               /* show no part of the text in errors (keyword strings, control characters) */
    span mask[MAX_MASKS];   /* the password spans of URL, in order */
    size_t nmask;
    ubuf secrets;           /* the passwords, each NUL-terminated */
    sc_error *err;
    char schema[64];        /* schema=NAME (Prisma's form), NUL-terminated; "" when absent */
    int has_options;        /* libpq's own options= is given */
} uparse;

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Percent-decode S (N bytes) into B; invalid escapes are copied as they are. */
static void pct_decode(ubuf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = s[i] == '%' && i + 2 < n ? hexval(s[i + 1]) : -1;
        int lo = hi >= 0 ? hexval(s[i + 2]) : -1;
        if (lo >= 0) {
            ub_putc(b, (char)(hi * 16 + lo));
            i += 2;
        } else {
            ub_putc(b, s[i]);
        }
    }
}

static void add_secret(uparse *P, const char *s, size_t n)
{
    if (n == 0)
        return;
    ub_putn(&P->secrets, s, n);
    ub_putc(&P->secrets, '\0');
}

/* Record a password at URL[OFF, OFF+LEN): masked in the display, scrubbed raw and decoded. */
static int add_mask(uparse *P, size_t off, size_t len, int decode)
{
    if (P->nmask == MAX_MASKS)
        return -1;
    P->mask[P->nmask].off = off;
    P->mask[P->nmask].len = len;
    P->nmask++;
    add_secret(P, P->url + off, len);
    if (decode) {
        ubuf d = { 0 };
        pct_decode(&d, P->url + off, len);
        if (d.p && (d.n != len || memcmp(d.p, P->url + off, len) != 0))
            add_secret(P, d.p, d.n);
        free(d.p);
    }
    return 0;
}

/* Replace every occurrence of SECRET (N bytes) in MSG (SIZE bytes) with "***". */
static void scrub_one(char *msg, size_t size, const char *secret, size_t n)
{
    if (n == 0 || size < 4)
        return;
    char *p = msg;
    while (*p) {
        if (strncmp(p, secret, n) != 0) {
            p++;
            continue;
        }
        size_t rest = strlen(p + n);
        size_t keep = (size_t)(p - msg);
        if (keep + 4 > size) {
            *p = '\0'; /* no room for the mask: the message ends before the secret */
            return;
        }
        if (keep + 3 + rest + 1 > size)
            rest = size - keep - 4; /* the mask wins over the tail */
        memmove(p + 3, p + n, rest);
        p[3 + rest] = '\0';
        memcpy(p, "***", 3);
        p += 3;
    }
}

static void scrub_list(const char *list, char *msg, size_t size)
{
    if (!list || !msg)
        return;
    for (const char *s = list; *s; s += strlen(s) + 1)
        scrub_one(msg, size, s, strlen(s));
}

void sc_url_scrub(const sc_url *url, char *msg, size_t size)
{
    if (url)
        scrub_list(url->sc__secrets, msg, size);
}

/* ---- display forms ---- */

static int span_cmp(const void *a, const void *b)
{
    const span *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* S with every occurrence of SECRET (N bytes) replaced by "***" (a new string; S is freed). */
static char *scrub_alloc(char *s, const char *secret, size_t n)
{
    n = strnlen(secret, n); /* a decoded %00 ends it: S cannot hold the rest */
    if (!s || n == 0 || !strstr(s, secret))
        return s;
    ubuf b = { 0 };
    for (const char *p = s; *p;) {
        if (strncmp(p, secret, n) == 0) {
            ub_puts(&b, "***");
            p += n;
        } else {
            ub_putc(&b, *p++);
        }
    }
    free(s);
    return ub_take(&b);
}

/*
 * A password also shown elsewhere in a display (as another parameter's value)
 * is masked there when it has at least this many bytes; a shorter one would
 * mask every such letter of the URL. Driver messages are scrubbed of
 * passwords of any length (sc_url_scrub).
 */
enum { MIN_ECHO = 4 };

/*
 * URL with the spans in MASK (any order, may overlap) replaced by "***", and
 * then every other appearance of their text, or of a password in SECRETS
 * (may be NULL), too: a password is never shown, even as some other value.
 */
static char *masked(const char *url, size_t len, span *mask, size_t nmask, const char *secrets)
{
    qsort(mask, nmask, sizeof *mask, span_cmp);
    ubuf b = { 0 };
    size_t at = 0;
    for (size_t k = 0; k < nmask; k++) {
        size_t off = mask[k].off, end = mask[k].off + mask[k].len;
        if (end <= at)
            continue;
        if (off > at)
            ub_putn(&b, url + at, off - at);
        if (off >= at || k == 0) /* an overlapping span only extends the mask before it */
            ub_puts(&b, "***");
        at = end;
    }
    if (at < len)
        ub_putn(&b, url + at, len - at);
    char *out = ub_take(&b);
    for (size_t k = 0; k < nmask && out; k++) {
        char *text = malloc(mask[k].len + 1);
        if (!text) {
            free(out);
            return NULL;
        }
        memcpy(text, url + mask[k].off, mask[k].len);
        text[mask[k].len] = '\0';
        ubuf d = { 0 };
        pct_decode(&d, text, mask[k].len);
        if (mask[k].len >= MIN_ECHO)
            out = scrub_alloc(out, text, mask[k].len);
        if (d.p && d.n >= MIN_ECHO)
            out = scrub_alloc(out, d.p, d.n);
        free(d.p);
        free(text);
    }
    for (const char *sec = secrets; sec && *sec && out; sec += strlen(sec) + 1)
        if (strlen(sec) >= MIN_ECHO)
            out = scrub_alloc(out, sec, strlen(sec));
    return out;
}

static int ci_prefix(const char *s, const char *word)
{
    for (; *word; s++, word++)
        if (tolower((unsigned char)*s) != *word)
            return 0;
    return 1;
}

/*
 * The display of a URL that did not parse: mask from the first ':' after the
 * scheme's "//" (or the start) to the last '@', and every password value
 * (up to the next '&' in a URI; to the end of the text otherwise).
 */
static char *loose_display(const char *url, const char *secrets)
{
    size_t len = strlen(url);
    span mask[MAX_MASKS];
    size_t nmask = 0;
    const char *sep = strstr(url, "://");
    size_t rest = sep ? (size_t)(sep - url) + 3 : 0;
    /* the last '@', and libpq's reading: the first '@' before any '/' (its text is masked elsewhere too) */
    const char *ats[2] = { strrchr(url + rest, '@'), NULL };
    size_t head = strcspn(url + rest, "@/");
    if (url[rest + head] == '@')
        ats[1] = url + rest + head;
    for (int k = 0; k < 2; k++) {
        const char *at = ats[k];
        const char *colon = at ? memchr(url + rest, ':', (size_t)(at - (url + rest))) : NULL;
        if (colon) {
            mask[nmask].off = (size_t)(colon + 1 - url);
            mask[nmask].len = (size_t)(at - colon - 1);
            nmask++;
        }
    }
    for (size_t i = 0; i < len && nmask < MAX_MASKS; i++) {
        if (!ci_prefix(url + i, "password"))
            continue;
        size_t j = i + 8;
        while (j < len && isspace((unsigned char)url[j]))
            j++;
        if (j >= len || url[j] != '=')
            continue;
        j++;
        size_t end = len;
        if (sep && nmask + 1 < MAX_MASKS) { /* the last mask left runs to the end */
            const char *amp = strchr(url + j, '&');
            if (amp)
                end = (size_t)(amp - url);
        }
        mask[nmask].off = j;
        mask[nmask].len = end - j;
        nmask++;
        i = end;
    }
    return masked(url, len, mask, nmask, secrets);
}

/* ---- errors ---- */

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static int fail(uparse *P, const char *fmt, ...)
{
    char why[SC_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (P->keywords || P->hide) {
        sc__error_set(P->err, SC_EINVAL, "database %s: %s", P->keywords ? "connection string" : "URL",
                      why);
    } else {
        char *shown = loose_display(P->url, NULL);
        if (!shown)
            return sc__error_set(P->err, SC_ENOMEM, "out of memory");
        /* a long URL is cut so that the reason still fits */
        size_t n = strlen(shown);
        sc__error_set(P->err, SC_EINVAL, "database URL \"%.*s%s\": %s", n > 200 ? 200 : (int)n, shown,
                      n > 200 ? "..." : "", why);
        free(shown);
    }
    return SC_EINVAL;
}

/* Check the percent escapes of S (N bytes), part WHAT of the URL. */
static int check_pct(uparse *P, const char *s, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%')
            continue;
        if (i + 2 >= n || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0)
            return fail(P, "a bad percent escape in %s (a %% is written %%25)", what);
        if (hexval(s[i + 1]) == 0 && hexval(s[i + 2]) == 0)
            return fail(P, "%%00 (a NUL byte) in %s", what);
        i += 2;
    }
    return SC_OK;
}

static int has_byte(const char *s, size_t n, char c)
{
    return memchr(s, c, n) != NULL;
}

/* libpq's own reading of TEXT: its error (scrubbed), and the password it found. */
static int libpq_check(uparse *P, const char *what)
{
    char *emsg = NULL;
    PQconninfoOption *opts = PQconninfoParse(P->url, &emsg);
    if (!opts) {
        char m[SC_ERROR_MESSAGE_SIZE];
        snprintf(m, sizeof m, "%s", emsg ? emsg : "out of memory");
        if (emsg)
            PQfreemem(emsg);
        size_t n = strlen(m);
        while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
            m[--n] = '\0';
        scrub_list(P->secrets.p, m, sizeof m);
        return fail(P, "%s (libpq: %s)", what, m);
    }
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val)
            add_secret(P, o->val, strlen(o->val));
    PQconninfoFree(opts);
    return SC_OK;
}

/* ---- PostgreSQL ---- */

/* postgresql://[user[:password]@][host][:port][,host[:port]...][/dbname][?key=value&...] */
static int parse_pg_uri(uparse *P, size_t prefix)
{
    const char *u = P->url;
    size_t n = P->len, i = prefix;
    /* the user info ends at the first '@' before any '/' (libpq's reading) */
    size_t j = i;
    while (j < n && u[j] != '@' && u[j] != '/')
        j++;
    if (j < n && u[j] == '@') {
        size_t colon = i;
        while (colon < j && u[colon] != ':')
            colon++;
        if (colon < j && add_mask(P, colon + 1, j - colon - 1, 1) != 0)
            return fail(P, "too many passwords");
        int rc = check_pct(P, u + i, colon - i, "the user name");
        if (rc == SC_OK && colon < j)
            rc = check_pct(P, u + colon + 1, j - colon - 1, "the password");
        if (rc != SC_OK)
            return rc;
        i = j + 1;
    }
    /* the password= parameters are secrets even when something before them is wrong */
    const char *q = memchr(u + i, '?', n - i);
    for (size_t k = q ? (size_t)(q - u) + 1 : n; k < n;) {
        size_t e = k;
        while (e < n && u[e] != '&')
            e++;
        if (e - k > 9 && memcmp(u + k, "password=", 9) == 0 && add_mask(P, k + 9, e - k - 9, 1) != 0)
            return fail(P, "too many passwords");
        k = e + 1;
    }
    for (int host = 1;; host++) {
        if (i < n && u[i] == '[') {
            size_t s = ++i;
            while (i < n && u[i] != ']')
                i++;
            if (i >= n)
                return fail(P, "a '[' that no ']' closes (an IPv6 address is written [::1])");
            if (i == s)
                return fail(P, "an empty IPv6 address \"[]\"");
            for (size_t k = s; k < i; k++)
                if (!isxdigit((unsigned char)u[k]) && u[k] != ':' && u[k] != '.' && u[k] != '%')
                    return fail(P, "a character that is not part of an IPv6 address inside \"[...]\"");
            i++;
            if (i < n && u[i] != ':' && u[i] != '/' && u[i] != '?' && u[i] != ',')
                return fail(P, "unexpected text after the IPv6 address \"[...]\" (expected ':', '/' or '?')");
        } else {
            size_t s = i;
            while (i < n && u[i] != ':' && u[i] != '/' && u[i] != '?' && u[i] != ',')
                i++;
            if (has_byte(u + s, i - s, '@'))
                return fail(P, "a second '@' after the user info: write an '@' in the user name or "
                               "password as %%40");
            if (has_byte(u + s, i - s, '[') || has_byte(u + s, i - s, ']'))
                return fail(P, "'[' or ']' inside a host name (an IPv6 address is written [::1])");
            int rc = check_pct(P, u + s, i - s, "a host name");
            if (rc != SC_OK)
                return rc;
        }
        if (i < n && u[i] == ':') {
            size_t s = ++i;
            long port = 0;
            while (i < n && u[i] != '/' && u[i] != '?' && u[i] != ',') {
                if (!isdigit((unsigned char)u[i]) || port > 65535)
                    return fail(P, "the port of host %d is not a number from 1 to 65535 (a ':' in "
                                   "the password before a '/'? write '/' as %%2F)",
                                host);
                port = port * 10 + (u[i] - '0');
                i++;
            }
            if (i > s && (port < 1 || port > 65535))
                return fail(P, "the port of host %d is not a number from 1 to 65535", host);
        }
        if (i < n && u[i] == ',') {
            i++;
            continue;
        }
        break;
    }
    if (i < n && u[i] == '/') {
        size_t s = ++i;
        while (i < n && u[i] != '?')
            i++;
        if (has_byte(u + s, i - s, '@'))
            return fail(P, "an '@' after the host (a '/' in the password? write '/' as %%2F and "
                           "'@' as %%40)");
        int rc = check_pct(P, u + s, i - s, "the database name");
        if (rc != SC_OK)
            return rc;
    }
    if (i < n && u[i] == '?') {
        i++;
        for (int nparam = 1;; nparam++) {
            size_t s = i;
            while (i < n && u[i] != '&')
                i++;
            if (i == s)
                return fail(P, "an empty query parameter (\"&&\", or a '?' or '&' at the end)");
            const char *eq = memchr(u + s, '=', i - s);
            if (!eq)
                return fail(P, "query parameter %d has no '=' (write key=value)", nparam);
            size_t ke = (size_t)(eq - u);
            if (ke == s)
                return fail(P, "query parameter %d has no name before its '='", nparam);
            if (has_byte(eq + 1, i - ke - 1, '='))
                return fail(P, "query parameter %d has a second '=' (write it in the value as %%3D)",
                            nparam);
            int rc = check_pct(P, u + s, ke - s, "a query parameter's name");
            if (rc == SC_OK)
                rc = check_pct(P, eq + 1, i - ke - 1, "a query parameter's value");
            if (rc != SC_OK)
                return rc;
            if (i >= n)
                break;
            i++;
        }
    }
    return libpq_check(P, "not a valid PostgreSQL URL");
}

/* host=... dbname=... in libpq's keyword/value syntax (values may be 'quoted'). */
static int parse_pg_keywords(uparse *P)
{
    const char *u = P->url;
    size_t n = P->len, i = 0;
    /* first the passwords, so that no message below can show one */
    for (int pass = 0; pass < 2; pass++) {
        i = 0;
        for (int word = 1;; word++) {
            while (i < n && isspace((unsigned char)u[i]))
                i++;
            if (i >= n)
                break;
            size_t ks = i;
            while (i < n && u[i] != '=' && !isspace((unsigned char)u[i]))
                i++;
            size_t ke = i;
            while (i < n && isspace((unsigned char)u[i]))
                i++;
            if (i >= n || u[i] != '=') {
                if (pass == 0)
                    break;
                return fail(P, "word %d has no '=' (write keyword=value, and quote a value with "
                               "spaces: 'a b')",
                            word);
            }
            if (ke == ks && pass == 1)
                return fail(P, "an '=' with no keyword before it (word %d)", word);
            i++;
            while (i < n && isspace((unsigned char)u[i]))
                i++;
            size_t vs = i;
            ubuf val = { 0 };
            int unterminated = 0;
            if (i < n && u[i] == '\'') {
                for (i++;; i++) {
                    if (i >= n) {
                        unterminated = 1;
                        break;
                    }
                    if (u[i] == '\\') {
                        if (++i < n)
                            ub_putc(&val, u[i]);
                        continue;
                    }
                    if (u[i] == '\'') {
                        i++;
                        break;
                    }
                    ub_putc(&val, u[i]);
                }
            } else {
                for (; i < n && !isspace((unsigned char)u[i]); i++) {
                    if (u[i] == '\\' && i + 1 < n)
                        i++;
                    ub_putc(&val, u[i]);
                }
            }
            size_t ve = i;
            int is_password = ke - ks == 8 && memcmp(u + ks, "password", 8) == 0;
            if (pass == 0 && is_password) {
                if (add_mask(P, vs, ve - vs, 0) != 0) {
                    free(val.p);
                    return fail(P, "too many passwords");
                }
                if (val.p)
                    add_secret(P, val.p, val.n);
            }
            if (pass == 1) {
                const char *v = val.p ? val.p : "";
                int nested = ke - ks == 6 && memcmp(u + ks, "dbname", 6) == 0 &&
                             (strncmp(v, "postgresql://", 13) == 0 ||
                              strncmp(v, "postgres://", 11) == 0 || strchr(v, '='));
                if (unterminated || nested || val.oom) {
                    free(val.p);
                    if (val.oom)
                        return sc__error_set(P->err, SC_ENOMEM, "out of memory");
                    if (nested)
                        return fail(P, "dbname holds a connection string: give its settings as "
                                       "keyword=value pairs instead");
                    return fail(P, "the quoted value of word %d has no closing quote", word);
                }
            }
            free(val.p);
            if (unterminated)
                break;
        }
    }
    return libpq_check(P, "not a valid libpq connection string");
}

/* ---- SQLite ---- */

static int own_param(uparse *P, sc_url *out, const char *k, size_t kl, const char *v, size_t vl);

/* SQLite URI parameters (the text after '?', up to a '#'), at offset OFF of the URL. */
static int sqlite_params(uparse *P, sc_url *out, size_t off, size_t end)
{
    const char *u = P->url;
    size_t i = off;
    while (i < end) {
        size_t s = i;
        while (i < end && u[i] != '&')
            i++;
        const char *eq = memchr(u + s, '=', i - s);
        size_t ke = eq ? (size_t)(eq - u) : i;
        size_t vs = eq ? ke + 1 : i;
        int rc = check_pct(P, u + s, ke - s, "a parameter name");
        if (rc == SC_OK)
            rc = check_pct(P, u + vs, i - vs, "a parameter value");
        if (rc != SC_OK)
            return rc;
        size_t kl = ke - s, vl = i - vs;
        const char *v = u + vs;
        if (kl == 4 && memcmp(u + s, "mode", 4) == 0) {
            if (vl == 2 && memcmp(v, "ro", 2) == 0)
                out->sqlite_readonly = 1;
            else if (vl == 6 && memcmp(v, "memory", 6) == 0)
                out->sqlite_memory = 1;
            else if (!(vl == 2 && memcmp(v, "rw", 2) == 0) && !(vl == 3 && memcmp(v, "rwc", 3) == 0))
                return fail(P, "the mode parameter is not one of ro, rw, rwc, memory");
        } else if (kl == 5 && memcmp(u + s, "cache", 5) == 0) {
            if (!(vl == 6 && memcmp(v, "shared", 6) == 0) && !(vl == 7 && memcmp(v, "private", 7) == 0))
                return fail(P, "the cache parameter is not one of shared, private");
        } else if ((rc = own_param(P, out, u + s, kl, v, vl)) != 0) {
            if (rc < 0)
                return rc;
        } else if ((kl == 8 && memcmp(u + s, "password", 8) == 0) ||
                   (kl == 3 && memcmp(u + s, "key", 3) == 0) ||
                   (kl == 6 && memcmp(u + s, "hexkey", 6) == 0)) {
            /* no SQLite parameter, but an encryption extension's key is a secret too */
            if (add_mask(P, vs, vl, 1) != 0)
                return fail(P, "too many passwords");
        }
        if (i < end)
            i++;
    }
    return SC_OK;
}

static const char sqlite_no_file[] =
    "it names no database file (an unset variable?): use sqlite:PATH, sqlite:///ABSOLUTE/PATH "
    "or sqlite::memory:";

/* sqlite:PATH[?params], sqlite:///abs, sqlite::memory: (START: after "sqlite:"). */
static int parse_sqlite(uparse *P, sc_url *out, size_t start)
{
    const char *u = P->url;
    size_t n = P->len, i = start;
    if (n - i >= 2 && u[i] == '/' && u[i + 1] == '/')
        i += 2;
    size_t ps = i;
    while (i < n && u[i] != '?')
        i++;
    size_t pe = i;
    int has_params = i < n;
    /* mask secrets first */
    if (has_params) {
        int rc = sqlite_params(P, out, pe + 1, n);
        if (rc != SC_OK)
            return rc;
    }
    if (pe == ps)
        return fail(P, "%s", sqlite_no_file);
    if (pe - ps == 8 && memcmp(u + ps, ":memory:", 8) == 0)
        out->sqlite_memory = 1;
    ubuf t = { 0 };
    if (out->sqlite_memory && !has_params && pe - ps == 8 && u[ps] == ':') {
        ub_puts(&t, ":memory:");
    } else {
        /* a file: URI, so SQLite reads the parameters; the path is literal, so escape what URIs read */
        ub_puts(&t, "file:");
        if (u[ps] == '/')
            ub_puts(&t, "//");
        for (size_t k = ps; k < pe; k++) {
            char c = u[k];
            if (c == '%' || c == '?' || c == '#') {
                char esc[4];
                snprintf(esc, sizeof esc, "%%%02X", (unsigned char)c);
                ub_puts(&t, esc);
            } else {
                ub_putc(&t, c);
            }
        }
        if (has_params)
            ub_putn(&t, u + pe, n - pe);
    }
    out->target = ub_take(&t);
    if (!out->sqlite_memory) {
        ubuf p = { 0 };
        ub_putn(&p, u + ps, pe - ps);
        out->sqlite_path = ub_take(&p);
        if (!out->sqlite_path)
            return sc__error_set(P->err, SC_ENOMEM, "out of memory");
    }
    return out->target ? SC_OK : sc__error_set(P->err, SC_ENOMEM, "out of memory");
}

/* file:PATH[?params][#fragment], file:///abs, file://localhost/abs: an SQLite URI. */
static int parse_file_uri(uparse *P, sc_url *out)
{
    const char *u = P->url;
    size_t n = P->len, i = 5;
    size_t qs = i;
    while (qs < n && u[qs] != '?' && u[qs] != '#')
        qs++;
    size_t qe = qs;
    if (qs < n && u[qs] == '?') {
        while (qe < n && u[qe] != '#')
            qe++;
        int rc = sqlite_params(P, out, qs + 1, qe);
        if (rc != SC_OK)
            return rc;
    }
    if (n - i >= 2 && u[i] == '/' && u[i + 1] == '/') {
        size_t a = i + 2, e = a;
        while (e < qs && u[e] != '/')
            e++;
        if (!(e == a || (e - a == 9 && memcmp(u + a, "localhost", 9) == 0)))
            return fail(P, "a file: URL names a host; write file:///ABSOLUTE/PATH or file:PATH");
        i = e;
    }
    if (i == qs)
        return fail(P, "%s", sqlite_no_file);
    int rc = check_pct(P, u + i, qs - i, "the file name");
    if (rc != SC_OK)
        return rc;
    ubuf p = { 0 };
    pct_decode(&p, u + i, qs - i);
    char *path = ub_take(&p);
    if (!path)
        return sc__error_set(P->err, SC_ENOMEM, "out of memory");
    if (strcmp(path, ":memory:") == 0)
        out->sqlite_memory = 1;
    if (out->sqlite_memory)
        free(path);
    else
        out->sqlite_path = path;
    ubuf t = { 0 };
    ub_putn(&t, u, n);
    out->target = ub_take(&t);
    return out->target ? SC_OK : sc__error_set(P->err, SC_ENOMEM, "out of memory");
}

/* ---- schemac's own parameters ---- */

/*
 * statement_timeout=MS and pgbouncer=true|false in any URL: libschemac's
 * settings, not libpq's (which refuses unknown parameters) nor SQLite's.
 * Returns 1 when K is one of them (its value recorded in OUT), 0 when not,
 * or a negative code for a bad value.
 */
static int own_param(uparse *P, sc_url *out, const char *k, size_t kl, const char *v, size_t vl)
{
    if (kl == 17 && memcmp(k, "statement_timeout", 17) == 0) {
        long long ms = 0;
        if (vl == 0 || vl > 12)
            return fail(P, "statement_timeout is not a number of milliseconds");
        for (size_t i = 0; i < vl; i++) {
            if (!isdigit((unsigned char)v[i]))
                return fail(P, "statement_timeout is not a number of milliseconds");
            ms = ms * 10 + (v[i] - '0');
        }
        out->statement_timeout_ms = ms;
        return 1;
    }
    if (kl == 9 && memcmp(k, "pgbouncer", 9) == 0) {
        static const char *const yes[] = { "true", "1", "on", "yes" };
        static const char *const no[] = { "false", "0", "off", "no" };
        for (size_t i = 0; i < 4; i++) {
            if (strlen(yes[i]) == vl && memcmp(v, yes[i], vl) == 0) {
                out->pgbouncer = 1;
                return 1;
            }
            if (strlen(no[i]) == vl && memcmp(v, no[i], vl) == 0) {
                out->pgbouncer = 0;
                return 1;
            }
        }
        return fail(P, "pgbouncer is not one of true, false");
    }
    if ((kl == 16 && memcmp(k, "connection_limit", 16) == 0) || (kl == 12 && memcmp(k, "pool_timeout", 12) == 0)) {
        /* Prisma's pool settings: a pool opened on the URL takes them */
        bool limit = kl == 16;
        long long x = 0;
        for (size_t i = 0; i < vl; i++) {
            if (!isdigit((unsigned char)v[i]) || i >= 9)
                return fail(P, limit ? "connection_limit is not a number of connections"
                                     : "pool_timeout is not a number of seconds");
            x = x * 10 + (v[i] - '0');
        }
        if (vl == 0 || (limit && x == 0))
            return fail(P, limit ? "connection_limit is not a number of connections (1 or more)"
                                 : "pool_timeout is not a number of seconds");
        if (limit)
            out->pool_max = (unsigned)x;
        else
            out->pool_timeout_ms = x * 1000;
        return 1;
    }
    if (kl == 6 && memcmp(k, "schema", 6) == 0) {
        /* Prisma's DATABASE_URL names the schema its tables live in: search_path, given to the server at connect */
        if (vl == 0 || vl >= sizeof P->schema)
            return fail(P, "schema is not a schema name (1 to 63 letters, digits and _)");
        for (size_t i = 0; i < vl; i++)
            if (!isalnum((unsigned char)v[i]) && v[i] != '_')
                return fail(P, "schema is not a schema name (1 to 63 letters, digits and _; "
                               "set search_path through options= for any other)");
        memcpy(P->schema, v, vl);
        P->schema[vl] = '\0';
        return 1;
    }
    if (kl == 7 && memcmp(k, "options", 7) == 0)
        P->has_options = 1; /* libpq's: kept */
    return 0;
}

/*
 * The libpq options a schema= parameter stands for, appended to the
 * connection string in B (a URI query when !KEYWORDS, QUERY_OPEN telling
 * whether it has one already). public is PostgreSQL's default and adds
 * nothing, so a URL written for Prisma connects exactly as it does there.
 */
static int schema_options(uparse *P, ubuf *b, int query_open)
{
    if (!P->schema[0] || strcmp(P->schema, "public") == 0)
        return SC_OK;
    if (P->has_options)
        return fail(P, "schema and options both set the connection's options: put search_path in options");
    /* the name quoted, so its case is kept as Prisma keeps it */
    if (P->keywords) {
        static const char open[] = " options='-c search_path=\"";
        ub_putn(b, open, sizeof open - 1);
        ub_putn(b, P->schema, strlen(P->schema));
        ub_putn(b, "\"'", 2);
    } else {
        ub_putc(b, query_open ? '&' : '?');
        static const char open[] = "options=-c%20search_path%3D%22";
        ub_putn(b, open, sizeof open - 1);
        ub_putn(b, P->schema, strlen(P->schema));
        ub_putn(b, "%22", 3);
    }
    return SC_OK;
}

/*
 * Take schemac's own parameters out of a PostgreSQL URI or keyword string:
 * *STRIPPED is the text handed to libpq (NULL when nothing was taken out).
 */
static int take_own_params(uparse *P, sc_url *out, char **stripped)
{
    const char *u = P->url;
    size_t n = P->len;
    *stripped = NULL;
    ubuf b = { 0 };
    int took = 0;
    if (!P->keywords) {
        size_t i = 0;
        while (i < n && u[i] != '@' && u[i] != '/')
            i++;
        const char *q = memchr(u, '?', n);
        if (i < n && u[i] == '@')
            q = memchr(u + i, '?', n - i);
        if (!q)
            return SC_OK;
        size_t qs = (size_t)(q - u);
        ub_putn(&b, u, qs);
        int kept = 0;
        for (size_t k = qs + 1; k <= n;) {
            size_t e = k;
            while (e < n && u[e] != '&')
                e++;
            const char *eq = memchr(u + k, '=', e - k);
            int own = eq ? own_param(P, out, u + k, (size_t)(eq - u) - k, eq + 1,
                                     e - (size_t)(eq - u) - 1)
                         : 0;
            if (own < 0) {
                free(b.p);
                return own;
            }
            if (own) {
                took = 1;
            } else {
                ub_putc(&b, kept++ ? '&' : '?');
                ub_putn(&b, u + k, e - k);
            }
            k = e + 1;
        }
        int rc = took ? schema_options(P, &b, kept > 0) : SC_OK;
        if (rc != SC_OK) {
            free(b.p);
            return rc;
        }
    } else {
        size_t i = 0, copied = 0;
        for (;;) {
            while (i < n && isspace((unsigned char)u[i]))
                i++;
            if (i >= n)
                break;
            size_t ks = i;
            while (i < n && u[i] != '=' && !isspace((unsigned char)u[i]))
                i++;
            size_t ke = i;
            while (i < n && isspace((unsigned char)u[i]))
                i++;
            if (i >= n || u[i] != '=')
                break; /* the full parser reports it */
            i++;
            while (i < n && isspace((unsigned char)u[i]))
                i++;
            ubuf val = { 0 };
            if (i < n && u[i] == '\'') {
                for (i++; i < n && u[i] != '\''; i++) {
                    if (u[i] == '\\' && i + 1 < n)
                        i++;
                    ub_putc(&val, u[i]);
                }
                if (i < n)
                    i++;
            } else {
                for (; i < n && !isspace((unsigned char)u[i]); i++) {
                    if (u[i] == '\\' && i + 1 < n)
                        i++;
                    ub_putc(&val, u[i]);
                }
            }
            int own = own_param(P, out, u + ks, ke - ks, val.p ? val.p : "", val.n);
            free(val.p);
            if (own < 0) {
                free(b.p);
                return own;
            }
            if (own) {
                ub_putn(&b, u + copied, ks - copied);
                copied = i;
                took = 1;
            }
        }
        if (took) {
            ub_putn(&b, u + copied, n - copied);
            int rc = schema_options(P, &b, 0);
            if (rc != SC_OK) {
                free(b.p);
                return rc;
            }
        }
    }
    if (!took) {
        free(b.p);
        return SC_OK;
    }
    *stripped = ub_take(&b);
    return *stripped ? SC_OK : sc__error_set(P->err, SC_ENOMEM, "out of memory");
}

/* ---- the entry point ---- */

static int has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "word =" at the start (after white space): a libpq keyword/value string. */
static int looks_like_keywords(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    const char *w = s;
    while (isalnum((unsigned char)*s) || *s == '_')
        s++;
    if (s == w)
        return 0;
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '=';
}

/* The scheme of URL ("mysql" of "mysql://..."), or 0 when it has none. */
static size_t scheme_len(const char *s)
{
    size_t i = 0;
    if (!isalpha((unsigned char)s[0]))
        return 0;
    while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    return s[i] == ':' ? i : 0;
}

void sc_url_free(sc_url *url)
{
    if (!url)
        return;
    free(url->target);
    free(url->sqlite_path);
    free(url->display);
    free(url->sc__secrets);
    sc_url empty = SC_URL_INIT;
    *url = empty;
}

int sc_url_parse(sc_url *out, const char *url, sc_error *err)
{
    sc_error_clear(err);
    if (!out)
        return sc__error_set(err, SC_EINVAL, "sc_url_parse: out is NULL");
    sc_url empty = SC_URL_INIT;
    *out = empty;
    if (!url)
        return sc__error_set(err, SC_EINVAL, "no database URL");
    if (!*url)
        return sc__error_set(err, SC_EINVAL,
                             "the database URL is empty (an unset variable?): use "
                             "postgresql://..., sqlite:PATH or sqlite::memory:");
    char *stripped = NULL;
    uparse P;
    memset(&P, 0, sizeof P);
    P.url = url;
    P.len = strlen(url);
    P.err = err;
    int rc;
    int pg_uri = has_prefix(url, "postgresql://") ? 13 : has_prefix(url, "postgres://") ? 11 : 0;
    P.keywords = !pg_uri && !has_prefix(url, "sqlite:") && !has_prefix(url, "file:") &&
                 looks_like_keywords(url);
    for (size_t i = 0; i < P.len; i++) {
        unsigned char c = (unsigned char)url[i];
        if ((c < 0x20 && !(P.keywords && isspace(c))) || c == 0x7f) {
            P.hide = 1; /* the text shows the character itself */
            rc = fail(&P, "a control character (byte %zu%s)", i + 1,
                      c == '\n' || c == '\r' ? ", a line break" : "");
            goto done;
        }
    }
    if (!P.keywords && (isspace((unsigned char)url[0]) || isspace((unsigned char)url[P.len - 1]))) {
        rc = fail(&P, "white space at its start or end");
        goto done;
    }
    if (pg_uri || P.keywords) {
        rc = take_own_params(&P, out, &stripped);
        if (rc != SC_OK)
            goto done;
        if (stripped) {
            url = P.url = stripped;
            P.len = strlen(stripped);
        }
    }
    if (pg_uri) {
        out->dialect = SC_DIALECT_POSTGRES;
        rc = parse_pg_uri(&P, (size_t)pg_uri);
    } else if (P.keywords) {
        out->dialect = SC_DIALECT_POSTGRES;
        rc = parse_pg_keywords(&P);
    } else if (has_prefix(url, "sqlite:")) {
        out->dialect = SC_DIALECT_SQLITE;
        rc = parse_sqlite(&P, out, 7);
    } else if (has_prefix(url, "file:")) {
        out->dialect = SC_DIALECT_SQLITE;
        rc = parse_file_uri(&P, out);
    } else if (scheme_len(url)) {
        size_t sl = scheme_len(url);
        rc = fail(&P,
                  "unknown scheme \"%.*s\" (use postgresql://, postgres://, sqlite:, file: or a "
                  "libpq keyword string)",
                  (int)(sl < 32 ? sl : 32), url);
    } else {
        rc = fail(&P, "no scheme: write sqlite:PATH for an SQLite file, postgresql://... for "
                      "PostgreSQL");
    }
    if (rc == SC_OK && out->dialect == SC_DIALECT_POSTGRES) {
        ubuf t = { 0 };
        ub_putn(&t, url, P.len);
        out->target = ub_take(&t);
    }
    if (rc == SC_OK && out->dialect == SC_DIALECT_SQLITE)
        out->sqlite_flags = (out->sqlite_readonly ? SQLITE_OPEN_READONLY
                                                  : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                            SQLITE_OPEN_URI;
    if (rc == SC_OK) {
        ub_putn(&P.secrets, "", 1); /* the empty string that ends the list */
        out->display = masked(url, P.len, P.mask, P.nmask, P.secrets.p);
        out->sc__secrets = ub_take(&P.secrets);
        if (!out->display || !out->target || !out->sc__secrets)
            rc = sc__error_set(err, SC_ENOMEM, "out of memory");
    }
done:
    free(P.secrets.p);
    free(stripped);
    if (rc != SC_OK)
        sc_url_free(out);
    else
        sc_error_clear(err);
    return rc;
}

int sc_url_redact(char *buf, size_t size, const char *url)
{
    if (!buf || size == 0)
        return SC_EINVAL;
    buf[0] = '\0';
    if (!url)
        return SC_OK;
    sc_url u;
    char *shown = NULL;
    if (sc_url_parse(&u, url, NULL) == SC_OK) {
        shown = u.display;
        u.display = NULL;
        sc_url_free(&u);
    } else {
        /* a keyword string that does not parse: nothing from its first password on */
        size_t cut = strlen(url);
        if (looks_like_keywords(url))
            for (size_t i = 0; url[i]; i++)
                if (ci_prefix(url + i, "password")) {
                    cut = i;
                    break;
                }
        char *head = malloc(cut + 1);
        if (head) {
            memcpy(head, url, cut);
            head[cut] = '\0';
            shown = loose_display(head, NULL);
            free(head);
        }
        if (shown && url[cut]) {
            ubuf b = { 0 };
            ub_puts(&b, shown);
            ub_puts(&b, "password=***");
            free(shown);
            shown = ub_take(&b);
        }
    }
    if (!shown)
        return SC_ENOMEM;
    size_t n = strlen(shown);
    int rc = SC_OK;
    if (n + 1 > size) {
        n = size - 1;
        rc = SC_ERANGE;
    }
    memcpy(buf, shown, n);
    buf[n] = '\0';
    free(shown);
    return rc;
}
