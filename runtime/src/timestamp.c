/*
 * timestamp.c - sc_timestamp (microseconds since 1970 UTC) to and from
 * calendar fields and ISO-8601 text. Calendar arithmetic uses Howard
 * Hinnant's days-from-civil algorithms, exact for the proleptic Gregorian
 * calendar, so no libc time zone state is touched.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#define USEC_PER_DAY (INT64_C(86400) * SC_USEC_PER_SEC)

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

static int days_in_month(int y, int m)
{
    static const int dm[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

sc_timestamp sc_timestamp_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (sc_timestamp)ts.tv_sec * SC_USEC_PER_SEC + ts.tv_nsec / 1000;
}

sc_timestamp sc_timestamp_from_unix_ms(int64_t ms)
{
    return ms * SC_USEC_PER_MSEC;
}

int64_t sc_timestamp_to_unix_ms(sc_timestamp ts)
{
    int64_t q = ts / SC_USEC_PER_MSEC;
    if (ts % SC_USEC_PER_MSEC < 0)
        q--;
    return q;
}

int sc_timestamp_from_parts(sc_timestamp *out, int year, int month, int day,
                            int hour, int min, int sec, int usec)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
        day > days_in_month(year, month) || hour < 0 || hour > 23 || min < 0 ||
        min > 59 || sec < 0 || sec > 60 || usec < 0 || usec > 999999)
        return SC_ERANGE;
    int64_t days = days_from_civil(year, month, day);
    *out = days * USEC_PER_DAY +
           ((int64_t)hour * 3600 + (int64_t)min * 60 + sec) * SC_USEC_PER_SEC + usec;
    return SC_OK;
}

/* Read exactly N digits at *P into *V. */
static int digits(const char **p, const char *end, int n, int *v)
{
    int r = 0;
    for (int i = 0; i < n; i++) {
        if (*p >= end || (**p < '0' || **p > '9'))
            return 0;
        r = r * 10 + (**p - '0');
        (*p)++;
    }
    *v = r;
    return 1;
}

/* The 8 bytes at P, the first the least significant (one load where the machine is little-endian). */
static inline uint64_t le64(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 | (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 |
           (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 | (uint64_t)u[7] << 56;
}

/* Bytes of X (XORed with '0's) under MASK that are not digits: nonzero when any. */
static inline uint64_t not_digits(uint64_t x, uint64_t mask)
{
    const uint64_t lo7 = UINT64_C(0x7f7f7f7f7f7f7f7f), high = UINT64_C(0x8080808080808080);
    /* a byte 0-9 stays below 0x80 when 0x76 is added; anything above 9, or with its high bit, does not */
    return (((x & lo7) + UINT64_C(0x7676767676767676)) | x) & high & mask;
}

/* Two-digit numbers of the digit bytes of X under MASK (0-9 each, others zeroed): byte I is 10 * byte I + byte I+1. */
static inline uint64_t pairs(uint64_t x, uint64_t mask)
{
    x &= mask;
    return x * 10 + (x >> 8);
}

/*
 * The form schemac and most drivers write, "YYYY-MM-DD HH:MM:SS[.f...][Z]"
 * (or with 'T'), up to six fraction digits and no other offset, in straight-line
 * code: a list of timestamps read from SQLite is mostly this. Anything else,
 * or a value out of range, is left to the full parser (false).
 *
 * DAY (may be NULL): the date of the last plain value, used when S has
 * the same first ten bytes, and kept for the next.
 */
static SC__INLINE bool parse_plain(sc_timestamp *out, const char *s, size_t n, sc__tsday *day)
{
    if (n > 19 && (s[n - 1] == 'Z' || s[n - 1] == 'z'))
        n--; /* UTC said outright, as schemac writes on SQLite */
    if (n < 19 || n > 26 || (n > 19 && (s[19] != '.' || n == 20)))
        return false;
    /*
     * "YYYY-MM-", "DD HH:MM" and "HH:MM:SS" (bytes 11-18) as three words,
     * their digits checked and turned into numbers a word at a time.
     */
    const uint64_t zeros = UINT64_C(0x3030303030303030);
    const uint64_t a = le64(s) ^ zeros, b = le64(s + 8) ^ zeros, c = le64(s + 11) ^ zeros;
    const uint64_t ymd = UINT64_C(0x00ffff00ffffffff), dhm = UINT64_C(0xffff00ffff00ffff);
    /* separators, XORed with '0': '-' 0x1d, ':' 0x0a, ' ' 0x10, 'T' 0x64 */
    const uint64_t sep_b = b & UINT64_C(0x0000ff0000ff0000), sep_c = c & UINT64_C(0x0000ff0000ff0000);
    if (not_digits(b, dhm) | not_digits(c, dhm) ||
        (sep_b != UINT64_C(0x00000a0000100000) && sep_b != UINT64_C(0x00000a0000640000)) ||
        sep_c != UINT64_C(0x00000a00000a0000))
        return false;
    /* the same date as the last value: checked and counted then */
    const uint32_t dd = (uint32_t)(b & 0xffff);
    const bool known = day && day->known && day->ymd == a && day->dd == dd;
    if (!known && (not_digits(a, ymd) || (a & UINT64_C(0xff0000ff00000000)) != UINT64_C(0x1d00001d00000000)))
        return false;
    static const int scale[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    int us = 0;
    for (size_t i = 20; i < n; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d > 9)
            return false;
        us = us * 10 + (int)d;
    }
    if (n > 20)
        us *= scale[n - 20];
    const uint64_t pb = pairs(b, dhm), pc = pairs(c, dhm);
    const unsigned h = (unsigned)(pb >> 24 & 0xff), mi = (unsigned)(pb >> 48 & 0xff);
    unsigned sec = (unsigned)(pc >> 48 & 0xff);
    if (h > 23 || mi > 59 || sec > 60)
        return false;
    if (sec == 60)
        sec = 59;
    int64_t days;
    if (known) {
        days = day->days;
    } else {
        const uint64_t pa = pairs(a, ymd);
        const unsigned y = (unsigned)(pa & 0xff) * 100 + (unsigned)(pa >> 16 & 0xff), mo = (unsigned)(pa >> 40 & 0xff),
                       d = (unsigned)(pb & 0xff);
        /* the month's length asked only past the 28th */
        if (y < 1 || mo < 1 || mo > 12 || d < 1 || (d > 28 && d > (unsigned)days_in_month((int)y, (int)mo)))
            return false;
        /* days_from_civil for years 1-9999: no negative era, so unsigned arithmetic (shifts and multiplies) */
        const unsigned yy = y - (mo <= 2), era = yy / 400, yoe = yy - era * 400;
        const unsigned doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
        days = (int64_t)era * 146097 + (int64_t)(yoe * 365 + yoe / 4 - yoe / 100 + doy) - 719468;
        if (day) {
            day->ymd = a;
            day->dd = dd;
            day->days = days;
            day->known = 1;
        }
    }
    *out = days * USEC_PER_DAY + (int64_t)(h * 3600 + mi * 60 + sec) * SC_USEC_PER_SEC + us;
    return true;
}

int sc__x_timestamp_parse_day(sc_timestamp *out, const char *text, long len, sc__tsday *day)
{
    if (out && text && len >= 0 && parse_plain(out, text, (size_t)len, day))
        return SC_OK;
    return sc_timestamp_parse(out, text, len);
}

int sc_timestamp_parse(sc_timestamp *out, const char *text, long len)
{
    if (!out || !text)
        return SC_EINVAL;
    size_t n = len < 0 ? strlen(text) : (size_t)len;
    if (parse_plain(out, text, n, NULL))
        return SC_OK;
    const char *p = text;
    const char *end = text + n;
    int y, mo, d, h = 0, mi = 0, s = 0, us = 0;
    if (!digits(&p, end, 4, &y) || p >= end || *p++ != '-' || !digits(&p, end, 2, &mo) ||
        p >= end || *p++ != '-' || !digits(&p, end, 2, &d))
        return SC_EINVAL;
    if (p < end && (*p == 'T' || *p == 't' || *p == ' ') && p + 1 < end && p[1] >= '0' &&
        p[1] <= '9') {
        p++;
        if (!digits(&p, end, 2, &h) || p >= end || *p++ != ':' || !digits(&p, end, 2, &mi))
            return SC_EINVAL;
        if (p < end && *p == ':') {
            p++;
            if (!digits(&p, end, 2, &s))
                return SC_EINVAL;
            if (p < end && (*p == '.' || *p == ',')) {
                p++;
                int nd = 0;
                while (p < end && *p >= '0' && *p <= '9') {
                    if (nd < 6)
                        us = us * 10 + (*p - '0');
                    nd++;
                    p++;
                }
                if (nd == 0)
                    return SC_EINVAL;
                for (; nd < 6; nd++)
                    us *= 10;
            }
        }
    }
    int64_t offset_s = 0;
    if (p < end && *p == ' ')
        p++;
    if (p < end && (*p == 'Z' || *p == 'z')) {
        p++;
    } else if (p < end && (*p == '+' || *p == '-')) {
        int sign = *p++ == '-' ? -1 : 1;
        int oh, om = 0;
        if (!digits(&p, end, 2, &oh))
            return SC_EINVAL;
        if (p < end && *p == ':')
            p++;
        if (p < end && !digits(&p, end, 2, &om))
            return SC_EINVAL;
        if (oh > 23 || om > 59)
            return SC_ERANGE;
        offset_s = sign * ((int64_t)oh * 3600 + om * 60);
    }
    if (p != end)
        return SC_EINVAL;
    sc_timestamp ts;
    int rc = sc_timestamp_from_parts(&ts, y, mo, d, h, mi, s == 60 ? 59 : s, us);
    if (rc != SC_OK)
        return rc;
    *out = ts - offset_s * SC_USEC_PER_SEC;
    return SC_OK;
}

/* "00" to "99": two digits copied at once. */
static const char digit_pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                     "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                     "8081828384858687888990919293949596979899";

/* Two digits of V (0-99) at P. */
static inline char *put2(char *p, unsigned v)
{
    memcpy(p, digit_pairs + 2 * v, 2);
    return p + 2;
}

/* V (0 <= V < 10^WIDTH, WIDTH 3, 4 or 6) as exactly WIDTH decimal digits at P; returns the end. */
static char *put_digits(char *p, unsigned v, int width)
{
    /* unsigned division by a constant is a multiply and a shift */
    if (width == 3) {
        *p = (char)('0' + v / 100);
        return put2(p + 1, v % 100);
    }
    if (width == 6) {
        p = put2(p, v / 10000);
        v %= 10000;
    }
    p = put2(p, v / 100);
    return put2(p, v % 100);
}

int sc_timestamp_format(char *buf, size_t size, sc_timestamp ts, sc_time_style style)
{
    int64_t days = ts / USEC_PER_DAY;
    int64_t rem = ts % USEC_PER_DAY;
    if (rem < 0) {
        rem += USEC_PER_DAY;
        days--;
    }
    int y, m, d;
    /* from 0000-03-01 on, civil_from_days in unsigned arithmetic (its divisions multiplies and shifts) */
    if (days >= -719468 && days < INT64_C(4000000)) {
        const uint32_t z = (uint32_t)(days + 719468), era = z / 146097, doe = z - era * 146097;
        const uint32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const uint32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
        d = (int)(doy - (153 * mp + 2) / 5 + 1);
        m = (int)(mp < 10 ? mp + 3 : mp - 9);
        y = (int)(yoe + era * 400 + (m <= 2));
    } else {
        civil_from_days(days, &y, &m, &d);
    }
    if (y < 1 || y > 9999)
        return SC_ERANGE;
    const unsigned secs = (unsigned)(rem / SC_USEC_PER_SEC);
    const unsigned us = (unsigned)(rem % SC_USEC_PER_SEC);
    /* fixed widths, written digit by digit (snprintf cost ~3.5k instructions per value) */
    size_t n;
    switch (style) {
    case SC_TIME_ISO_MS: n = 24; break;
    case SC_TIME_ISO_US: n = 27; break;
    case SC_TIME_SQL_US: n = 29; break;
    default: return SC_EINVAL;
    }
    if (n >= size)
        return SC_ERANGE;
    char *p = buf;
    p = put_digits(p, (unsigned)y, 4);
    *p++ = '-';
    p = put2(p, (unsigned)m);
    *p++ = '-';
    p = put2(p, (unsigned)d);
    *p++ = style == SC_TIME_SQL_US ? ' ' : 'T';
    p = put2(p, secs / 3600);
    *p++ = ':';
    p = put2(p, secs / 60 % 60);
    *p++ = ':';
    p = put2(p, secs % 60);
    *p++ = '.';
    if (style == SC_TIME_ISO_MS) {
        p = put_digits(p, us / 1000, 3);
        *p++ = 'Z';
    } else {
        p = put_digits(p, us, 6);
        if (style == SC_TIME_ISO_US) {
            *p++ = 'Z';
        } else {
            memcpy(p, "+00", 3);
            p += 3;
        }
    }
    *p = '\0';
    return (int)n;
}
