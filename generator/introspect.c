/*
 * introspect.c - what both database readers share: turning a default
 * expression, as the database spells it, back into the model's default.
 */
#include "introspect.h"

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

/* One literal element (no lists) of length N at S. */
static void parse__literal(ir_default *d, arena *a, const char *s, size_t n, sc_scalar scalar, bool is_enum)
{
    while (n && isspace((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
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
        else if (is__number_scalar(scalar) && is__numeric(v, strlen(v)))
            d->kind = IR_DEFAULT_NUMBER;
        else if (scalar == SC_SCALAR_BOOLEAN && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0))
            d->kind = IR_DEFAULT_BOOLEAN;
        else
            d->kind = IR_DEFAULT_STRING;
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
        return;
    }
    d->kind = IR_DEFAULT_EXPR;
    d->value = arena_strndup(a, s, n);
}

void introspect_parse_default(ir_default *d, arena *a, const char *text, sc_scalar scalar, bool is_enum)
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
