/*
 * textfmt.h - printf-style formatting without the cost of vsnprintf for
 * the conversions the compiler uses on every name it writes.
 *
 * glibc's vsnprintf spends about 800 instructions setting up a string
 * stream before it looks at the format; arena_printf and strbuf_printf
 * call it tens of thousands of times for short text ("%s_%s_fkey"). This
 * formatter handles the common subset itself and hands anything else to
 * vsnprintf, so the text is byte for byte what vsnprintf would write:
 *
 *   %s  %.Ns  %.*s                 (a NULL string goes to vsnprintf)
 *   %d %i %u %x %X %o              with hh, h, l, ll, z, j, t; width; flags 0 and -
 *   %c  %%
 *
 * Anything else (floats, %p, %m, flags + # and space, integer precision,
 * a width on %s or %c) makes the whole call go to vsnprintf.
 */
#ifndef SCHEMAC_TEXTFMT_H
#define SCHEMAC_TEXTFMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * vsnprintf's contract: write at most CAP bytes of the text (the last one
 * NUL when CAP > 0) to DST, and return the length of the whole text, or a
 * negative value on an encoding error (only vsnprintf can report one).
 */
int text_vformat(char *dst, size_t cap, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 0)))
#endif
    ;

/* The decimal digits of V (with '-' when negative) into OUT (room for 21
 * bytes); returns their number, no NUL written. */
size_t text_i64(char *out, long long v);
size_t text_u64(char *out, unsigned long long v);

#endif
