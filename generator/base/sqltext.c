/*
 * sqltext.c - quoting and comment escaping for SQL (sqltext.h).
 */
#include "base/sqltext.h"

#include <stdio.h>
#include <string.h>

#include "base/strbuf.h"

static const char *sqltext__quote(arena *a, const char *s, char q)
{
    size_t n = 2;
    for (const char *p = s; *p; p++)
        n += *p == q ? 2 : 1;
    char *out = arena_alloc(a, n + 1);
    size_t o = 0;
    out[o++] = q;
    for (const char *p = s; *p; p++) {
        out[o++] = *p;
        if (*p == q)
            out[o++] = q;
    }
    out[o++] = q;
    out[o] = '\0';
    return out;
}

const char *sqltext_ident(arena *a, const char *name)
{
    return sqltext__quote(a, name ? name : "", '"');
}

void sqltext_put_ident(strbuf *b, const char *name)
{
    const char *p = name ? name : "";
    strbuf_putc(b, '"');
    for (const char *q; (q = strchr(p, '"')) != NULL; p = q + 1) {
        strbuf_putn(b, p, (size_t)(q - p) + 1);
        strbuf_putc(b, '"');
    }
    strbuf_puts(b, p);
    strbuf_putc(b, '"');
}

const char *sqltext_string(arena *a, const char *text)
{
    return sqltext__quote(a, text ? text : "", '\'');
}

const char *sqltext_comment(arena *a, const char *text)
{
    strbuf b;
    strbuf_init(&b, a);
    const char *run = text;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p >= 0x20 && *p != 0x7f)
            continue;
        strbuf_putn(&b, run, (size_t)((const char *)p - run));
        if (*p == '\n')
            strbuf_puts(&b, "\\n");
        else if (*p == '\r')
            strbuf_puts(&b, "\\r");
        else if (*p == '\t')
            strbuf_puts(&b, "\\t");
        else
            strbuf_printf(&b, "\\x%02x", *p);
        run = (const char *)p + 1;
    }
    strbuf_puts(&b, run);
    return strbuf_str(&b);
}
