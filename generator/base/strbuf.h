/*
 * strbuf.h - a growing string in an arena: how every stage builds text
 * (DDL, migration files, generated C, reports).
 */
#ifndef SCHEMAC_STRBUF_H
#define SCHEMAC_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "base/arena.h"

typedef struct strbuf {
    arena *a;
    char *s;
    size_t len;
    size_t cap;
} strbuf;

void strbuf_init(strbuf *b, arena *a);
/* Room for MORE bytes (and the NUL) after the text: grows the buffer. */
void strbuf_reserve(strbuf *b, size_t more);

/* N bytes of S (which need not end there). */
static inline void strbuf_putn(strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap)
        strbuf_reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static inline void strbuf_puts(strbuf *b, const char *s)
{
    strbuf_putn(b, s, strlen(s));
}

static inline void strbuf_putc(strbuf *b, char c)
{
    if (b->len + 2 > b->cap)
        strbuf_reserve(b, 1);
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
}

/* A string literal, its length known at compile time. */
#define strbuf_putlit(b, lit) strbuf_putn((b), "" lit, sizeof(lit) - 1)

/* S inserted at byte AT (at most the length), what was from AT on moved after it. */
void strbuf_insert(strbuf *b, size_t at, const char *s);

/* V in decimal, as printf's %lld / %llu write it. */
void strbuf_puti(strbuf *b, long long v);
void strbuf_putu(strbuf *b, unsigned long long v);

void strbuf_printf(strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void strbuf_vprintf(strbuf *b, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;
/* The text so far (never NULL; "" when nothing was added). */
char *strbuf_str(strbuf *b);

#endif
