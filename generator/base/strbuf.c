/*
 * strbuf.c - a growing string in an arena (strbuf.h).
 */
#include "base/strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void strbuf_init(strbuf *b, arena *a)
{
    b->a = a;
    b->s = NULL;
    b->len = 0;
    b->cap = 0;
}

static void strbuf__reserve(strbuf *b, size_t more)
{
    if (b->len + more + 1 <= b->cap)
        return;
    size_t ncap = b->cap ? b->cap * 2 : 256;
    while (ncap < b->len + more + 1)
        ncap *= 2;
    b->s = arena_grow(b->a, b->s, b->cap, ncap);
    b->cap = ncap;
}

void strbuf_putn(strbuf *b, const char *s, size_t n)
{
    strbuf__reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void strbuf_puts(strbuf *b, const char *s)
{
    strbuf_putn(b, s, strlen(s));
}

void strbuf_putc(strbuf *b, char c)
{
    strbuf_putn(b, &c, 1);
}

void strbuf_printf(strbuf *b, const char *fmt, ...)
{
    /* Straight into the buffer when it fits; else grow once and print again. */
    va_list ap;
    va_start(ap, fmt);
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    int n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= room) {
        strbuf__reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

char *strbuf_str(strbuf *b)
{
    if (!b->s)
        return arena_strdup(b->a, "");
    return b->s;
}
