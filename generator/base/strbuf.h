/*
 * strbuf.h - a growing string in an arena: how every stage builds text
 * (DDL, migration files, generated C, reports).
 */
#ifndef SCHEMAC_STRBUF_H
#define SCHEMAC_STRBUF_H

#include <stddef.h>

#include "base/arena.h"

typedef struct strbuf {
    arena *a;
    char *s;
    size_t len;
    size_t cap;
} strbuf;

void strbuf_init(strbuf *b, arena *a);
void strbuf_puts(strbuf *b, const char *s);
/* N bytes of S (which need not end there). */
void strbuf_putn(strbuf *b, const char *s, size_t n);
void strbuf_putc(strbuf *b, char c);
void strbuf_printf(strbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The text so far (never NULL; "" when nothing was added). */
char *strbuf_str(strbuf *b);

#endif
