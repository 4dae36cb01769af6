/*
 * textfmt.c - printf-style formatting, the common subset done here and the
 * rest by vsnprintf (textfmt.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* strchrnul, where the C library has it */
#endif
#include "base/textfmt.h"

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef struct tf_out {
    char *dst;
    size_t avail; /* bytes that may be written before the NUL */
    size_t len;   /* bytes of the whole text so far */
} tf_out;

static inline void tf_put(tf_out *o, const char *s, size_t n)
{
    if (o->len < o->avail) {
        size_t k = o->avail - o->len;
        if (k > n)
            k = n;
        char *d = o->dst + o->len;
        /* Short copies (most of them) as two overlapping fixed-size ones: no call, no loop. */
        if (k > 16) {
            memcpy(d, s, k);
        } else if (k >= 8) {
            uint64_t head, tail;
            memcpy(&head, s, 8);
            memcpy(&tail, s + k - 8, 8);
            memcpy(d, &head, 8);
            memcpy(d + k - 8, &tail, 8);
        } else if (k >= 4) {
            uint32_t head, tail;
            memcpy(&head, s, 4);
            memcpy(&tail, s + k - 4, 4);
            memcpy(d, &head, 4);
            memcpy(d + k - 4, &tail, 4);
        } else {
            for (size_t i = 0; i < k; i++)
                d[i] = s[i];
        }
    }
    o->len += n;
}

static void tf_pad(tf_out *o, char c, size_t n)
{
    while (n) {
        static const char spaces[] = "                                ";
        static const char zeros[] = "00000000000000000000000000000000";
        size_t k = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
        tf_put(o, c == '0' ? zeros : spaces, k);
        n -= k;
    }
}

/* Digits of V in BASE, written backwards ending at END; returns the first. */
static char *tf_digits(char *end, unsigned long long v, unsigned base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char *p = end;
    if (base == 10) {
        do {
            *--p = (char)('0' + v % 10);
            v /= 10;
        } while (v);
    } else {
        do {
            *--p = digits[v % base];
            v /= base;
        } while (v);
    }
    return p;
}

size_t text_u64(char *out, unsigned long long v)
{
    char buf[24];
    char *end = buf + sizeof buf;
    char *p = tf_digits(end, v, 10, false);
    size_t n = (size_t)(end - p);
    memcpy(out, p, n);
    return n;
}

size_t text_i64(char *out, long long v)
{
    if (v >= 0)
        return text_u64(out, (unsigned long long)v);
    out[0] = '-';
    return 1 + text_u64(out + 1, 0ULL - (unsigned long long)v);
}

enum tf_len { TF_NONE, TF_HH, TF_H, TF_L, TF_LL, TF_Z, TF_J, TF_T };

/* The next '%' of P, or its end. */
static inline const char *tf_next_conv(const char *p)
{
#ifdef __GLIBC__
    return strchrnul(p, '%');
#else
    while (*p && *p != '%')
        p++;
    return p;
#endif
}

/* The fast path: false when FMT needs something only vsnprintf does. */
static bool tf_format(tf_out *o, const char *fmt, va_list ap)
{
    const char *p = fmt;
    for (;;) {
        /* Literal text up to the next conversion: most runs in our formats are a few bytes. */
        const char *lit = p;
        p = tf_next_conv(p);
        if (p > lit)
            tf_put(o, lit, (size_t)(p - lit));
        if (!*p)
            return true;
        p++;
        /* The conversions nearly every call uses, without the general parse. */
        if (*p == 's') {
            const char *s = va_arg(ap, const char *);
            if (!s)
                return false;
            tf_put(o, s, strlen(s));
            p++;
            continue;
        }
        if (*p == '%') {
            tf_put(o, "%", 1);
            p++;
            continue;
        }
        if (*p == 'c') {
            char c = (char)(unsigned char)va_arg(ap, int);
            tf_put(o, &c, 1);
            p++;
            continue;
        }
        if (*p == 'd' || (p[0] == 'z' && p[1] == 'u')) {
            char buf[24];
            size_t n = *p == 'd' ? text_i64(buf, va_arg(ap, int)) : text_u64(buf, va_arg(ap, size_t));
            tf_put(o, buf, n);
            p += *p == 'd' ? 1 : 2;
            continue;
        }
        bool left = false, zero = false;
        for (;; p++) {
            if (*p == '-')
                left = true;
            else if (*p == '0')
                zero = true;
            else if (*p == '+' || *p == ' ' || *p == '#' || *p == '\'' || *p == 'I')
                return false;
            else
                break;
        }
        size_t width = 0;
        if (*p == '*') {
            int w = va_arg(ap, int);
            if (w < 0) {
                left = true;
                width = (size_t)(-(long long)w);
            } else {
                width = (size_t)w;
            }
            p++;
        } else {
            while (*p >= '0' && *p <= '9') {
                width = width * 10 + (size_t)(*p - '0');
                if (width > INT_MAX)
                    return false;
                p++;
            }
        }
        if (*p == '$')
            return false;
        bool has_prec = false;
        size_t prec = 0;
        if (*p == '.') {
            has_prec = true;
            p++;
            if (*p == '*') {
                int pr = va_arg(ap, int);
                if (pr < 0)
                    has_prec = false;
                else
                    prec = (size_t)pr;
                p++;
            } else {
                while (*p >= '0' && *p <= '9') {
                    prec = prec * 10 + (size_t)(*p - '0');
                    if (prec > INT_MAX)
                        return false;
                    p++;
                }
            }
        }
        enum tf_len len = TF_NONE;
        switch (*p) {
        case 'h':
            len = p[1] == 'h' ? TF_HH : TF_H;
            p += len == TF_HH ? 2 : 1;
            break;
        case 'l':
            len = p[1] == 'l' ? TF_LL : TF_L;
            p += len == TF_LL ? 2 : 1;
            break;
        case 'z': len = TF_Z; p++; break;
        case 'j': len = TF_J; p++; break;
        case 't': len = TF_T; p++; break;
        default: break;
        }
        if (left)
            zero = false;
        char conv = *p++;
        switch (conv) {
        case 's': {
            if (len != TF_NONE || zero)
                return false;
            const char *s = va_arg(ap, const char *);
            if (!s)
                return false;
            size_t n;
            if (has_prec) {
                const char *nul = memchr(s, '\0', prec);
                n = nul ? (size_t)(nul - s) : prec;
            } else {
                n = strlen(s);
            }
            if (!left && width > n)
                tf_pad(o, ' ', width - n);
            tf_put(o, s, n);
            if (left && width > n)
                tf_pad(o, ' ', width - n);
            break;
        }
        case 'c': {
            if (len != TF_NONE || zero || has_prec)
                return false;
            char c = (char)(unsigned char)va_arg(ap, int);
            if (!left && width > 1)
                tf_pad(o, ' ', width - 1);
            tf_put(o, &c, 1);
            if (left && width > 1)
                tf_pad(o, ' ', width - 1);
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            if (has_prec)
                return false;
            bool neg = false;
            unsigned long long v;
            if (conv == 'd' || conv == 'i') {
                long long sv;
                switch (len) {
                case TF_HH: sv = (signed char)va_arg(ap, int); break;
                case TF_H: sv = (short)va_arg(ap, int); break;
                case TF_L: sv = va_arg(ap, long); break;
                case TF_LL: sv = va_arg(ap, long long); break;
                case TF_Z: sv = (long long)(ptrdiff_t)va_arg(ap, size_t); break;
                case TF_J: sv = (long long)va_arg(ap, intmax_t); break;
                case TF_T: sv = (long long)va_arg(ap, ptrdiff_t); break;
                default: sv = va_arg(ap, int); break;
                }
                neg = sv < 0;
                v = neg ? 0ULL - (unsigned long long)sv : (unsigned long long)sv;
            } else {
                switch (len) {
                case TF_HH: v = (unsigned char)va_arg(ap, unsigned); break;
                case TF_H: v = (unsigned short)va_arg(ap, unsigned); break;
                case TF_L: v = va_arg(ap, unsigned long); break;
                case TF_LL: v = va_arg(ap, unsigned long long); break;
                case TF_Z: v = va_arg(ap, size_t); break;
                case TF_J: v = (unsigned long long)va_arg(ap, uintmax_t); break;
                case TF_T: v = (unsigned long long)(size_t)va_arg(ap, ptrdiff_t); break;
                default: v = va_arg(ap, unsigned); break;
                }
            }
            unsigned base = conv == 'o' ? 8 : (conv == 'x' || conv == 'X') ? 16 : 10;
            char buf[32];
            char *end = buf + sizeof buf;
            char *d = tf_digits(end, v, base, conv == 'X');
            size_t n = (size_t)(end - d) + (neg ? 1 : 0);
            size_t pad = width > n ? width - n : 0;
            if (pad && !left && !zero)
                tf_pad(o, ' ', pad);
            if (neg)
                tf_put(o, "-", 1);
            if (pad && zero)
                tf_pad(o, '0', pad);
            tf_put(o, d, (size_t)(end - d));
            if (pad && left)
                tf_pad(o, ' ', pad);
            break;
        }
        default:
            return false;
        }
    }
}

int text_vformat(char *dst, size_t cap, const char *fmt, va_list ap)
{
    va_list cp;
    va_copy(cp, ap);
    tf_out o = {dst, cap ? cap - 1 : 0, 0};
    if (!tf_format(&o, fmt, ap) || o.len > INT_MAX) {
        int n = vsnprintf(dst, cap, fmt, cp);
        va_end(cp);
        return n;
    }
    va_end(cp);
    if (cap)
        dst[o.len < o.avail ? o.len : o.avail] = '\0';
    return (int)o.len;
}
