/*
 * strbuf.c - a growing string in an arena (strbuf.h).
 */
#include "base/strbuf.h"

#include <stdarg.h>
#include <string.h>

#include "base/textfmt.h"

void strbuf_init(strbuf *b, arena *a)
{
    b->a = a;
    b->s = NULL;
    b->len = 0;
    b->cap = 0;
}

void strbuf_reserve(strbuf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t ncap = b->cap ? b->cap * 2 : 256;
    while (ncap < b->len + more + 1)
        ncap *= 2;
    b->s = arena_grow_uninit(b->a, b->s, b->cap, ncap);
    b->cap = ncap;
}

void strbuf_insert(strbuf *b, size_t at, const char *s)
{
    size_t n = strlen(s);
    if (at > b->len)
        at = b->len;
    strbuf_reserve(b, n);
    memmove(b->s + at + n, b->s + at, b->len - at + 1);
    memcpy(b->s + at, s, n);
    b->len += n;
}

void strbuf_puti(strbuf *b, long long v)
{
    strbuf_reserve(b, 21);
    b->len += text_i64(b->s + b->len, v);
    b->s[b->len] = '\0';
}

void strbuf_putu(strbuf *b, unsigned long long v)
{
    strbuf_reserve(b, 21);
    b->len += text_u64(b->s + b->len, v);
    b->s[b->len] = '\0';
}

void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap)
{
    /* Straight into the buffer when it fits; else grow once and print again. */
    va_list cp;
    va_copy(cp, ap);
    /* A new or nearly full buffer grows first: most texts printed here are short, and one pass is enough. */
    if (b->cap - b->len < 128)
        strbuf_reserve(b, 128);
    size_t room = b->cap - b->len;
    int n = text_vformat(b->s + b->len, room, fmt, ap);
    if (n < 0) {
        va_end(cp);
        return;
    }
    if ((size_t)n >= room) {
        strbuf_reserve(b, (size_t)n);
        text_vformat(b->s + b->len, (size_t)n + 1, fmt, cp);
    }
    va_end(cp);
    b->len += (size_t)n;
}

void strbuf_printf(strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *strbuf_str(strbuf *b)
{
    if (!b->s)
        return arena_strdup(b->a, "");
    return b->s;
}
