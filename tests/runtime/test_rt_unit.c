/*
 * test_rt_unit.c - engine-free parts of libschemac: timestamps, id
 * generators (formats, uniqueness, SHA3 vectors behind cuid2), URL handling
 * and redaction, error names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rt_test.h"

/* Internal, tested directly: the hash cuid2 is built on. */
void sc__sha3_512(const void *data, size_t len, unsigned char out[64]);

static void hex(char *out, const unsigned char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static void test_sha3_vectors(void **state)
{
    (void)state;
    unsigned char h[64];
    char s[129];
    sc__sha3_512("", 0, h);
    hex(s, h, 64);
    assert_string_equal(s, "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
                           "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26");
    sc__sha3_512("abc", 3, h);
    hex(s, h, 64);
    assert_string_equal(s, "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
                           "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0");
    char a200[200];
    memset(a200, 'a', sizeof a200); /* crosses the 72-byte rate twice */
    sc__sha3_512(a200, sizeof a200, h);
    hex(s, h, 64);
    assert_string_equal(s, "eae6c85c6904f11075de9f9d5e1064371d000510fa3d2d79d40cf9be34892fb0"
                           "1859d0a0234e138bcb0ad5c84f6c0dca226a414b0c9a2897cb695f5185fe36ec");
}

static void test_timestamp_roundtrip(void **state)
{
    (void)state;
    sc_timestamp ts;
    assert_int_equal(sc_timestamp_from_parts(&ts, 2024, 2, 29, 12, 34, 56, 789000), SC_OK);
    assert_true(ts == INT64_C(1709210096789000));
    char buf[SC_TIMESTAMP_BUFSIZE];
    assert_int_equal(sc_timestamp_format(buf, sizeof buf, ts, SC_TIME_ISO_MS), 24);
    assert_string_equal(buf, "2024-02-29T12:34:56.789Z");
    sc_timestamp_format(buf, sizeof buf, ts + 123, SC_TIME_ISO_US);
    assert_string_equal(buf, "2024-02-29T12:34:56.789123Z");
    sc_timestamp_format(buf, sizeof buf, ts, SC_TIME_SQL_US);
    assert_string_equal(buf, "2024-02-29 12:34:56.789000+00");

    sc_timestamp p;
    assert_int_equal(sc_timestamp_parse(&p, "2024-02-29T12:34:56.789Z", -1), SC_OK);
    assert_true(p == ts);
    assert_int_equal(sc_timestamp_parse(&p, "2024-02-29 12:34:56.789", -1), SC_OK);
    assert_true(p == ts);
    assert_int_equal(sc_timestamp_parse(&p, "2024-02-29 14:34:56.789+02", -1), SC_OK);
    assert_true(p == ts);
    assert_int_equal(sc_timestamp_parse(&p, "2024-02-29T07:04:56.789-05:30", -1), SC_OK);
    assert_true(p == ts);
    assert_int_equal(sc_timestamp_parse(&p, "2024-02-29 12:34:56.789 +00:00", -1), SC_OK);
    assert_true(p == ts);
    assert_int_equal(sc_timestamp_parse(&p, "1970-01-01", -1), SC_OK);
    assert_true(p == 0);
    assert_int_equal(sc_timestamp_parse(&p, "1969-12-31T23:59:59.999999Z", -1), SC_OK);
    assert_true(p == -1);
    sc_timestamp_format(buf, sizeof buf, -1, SC_TIME_ISO_US);
    assert_string_equal(buf, "1969-12-31T23:59:59.999999Z");
    assert_true(sc_timestamp_to_unix_ms(-1) == -1);
    assert_true(sc_timestamp_to_unix_ms(ts) == INT64_C(1709210096789));

    assert_int_equal(sc_timestamp_parse(&p, "2023-02-29", -1), SC_ERANGE);
    assert_int_equal(sc_timestamp_parse(&p, "2024-02-29T12", -1), SC_EINVAL);
    assert_int_equal(sc_timestamp_parse(&p, "2024-02-29Tx", -1), SC_EINVAL);
    assert_int_equal(sc_timestamp_parse(&p, "hello", -1), SC_EINVAL);
    assert_int_equal(sc_timestamp_format(buf, 10, ts, SC_TIME_ISO_MS), SC_ERANGE);

    /* days across years 1-9999 survive format + parse */
    for (int64_t d = -719162; d <= 2932896; d += 97) {
        sc_timestamp t = d * INT64_C(86400000000) + 3723000456;
        int n = sc_timestamp_format(buf, sizeof buf, t, SC_TIME_ISO_US);
        assert_true(n > 0);
        assert_int_equal(sc_timestamp_parse(&p, buf, n), SC_OK);
        assert_true(p == t);
    }
    sc_timestamp now = sc_timestamp_now();
    assert_true(now > INT64_C(1700000000000000));

    /* the plain "YYYY-MM-DD HH:MM:SS[.f]" form (read in straight-line code) agrees with the calendar */
    static const int fdiv[7] = {1000000, 100000, 10000, 1000, 100, 10, 1};
    unsigned seed = 12345;
    for (int i = 0; i < 100000; i++) {
        seed = seed * 1103515245u + 12345u;
        int y = 1 + (int)(seed % 9999), mo = 1 + (int)((seed >> 8) % 12), d = 1 + (int)((seed >> 12) % 31);
        int h = (int)((seed >> 3) % 24), mi = (int)((seed >> 7) % 60), sec = (int)((seed >> 11) % 61);
        int us = (int)((seed >> 5) % 1000000), digits = i % 7;
        int frac = digits ? us / fdiv[digits] : 0;
        int n = digits ? snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d.%0*d", y, mo, d, i & 1 ? 'T' : ' ', h, mi, sec, digits, frac)
                       : snprintf(buf, sizeof buf, "%04d-%02d-%02d%c%02d:%02d:%02d", y, mo, d, i & 1 ? 'T' : ' ', h, mi, sec);
        sc_timestamp want = 0;
        int wrc = sc_timestamp_from_parts(&want, y, mo, d, h, mi, sec == 60 ? 59 : sec, digits ? frac * fdiv[digits] : 0);
        if (i % 5 == 0)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "Z");
        int rc = sc_timestamp_parse(&p, buf, i % 3 ? n : -1);
        assert_int_equal(rc, wrc); /* SC_ERANGE for the 31st of a short month */
        if (rc == SC_OK)
            assert_true(p == want);
    }
    static const char *const bad_plain[] = {"2024-02-29 12:34:5x", "2024-02-29 12:34:56.", "2024-02-29 12:34:56.12x",
                                            "0000-01-01 00:00:00", "2024-00-01 00:00:00",
                                            "2024-02-29 24:00:00", "2024-02-29 23:60:00", "2024-02-29 23:59:61",
                                            "2024-02-29_12:34:56", "2024-02-29 12-34-56", "2024-02-29 12:34:56ZZ"};
    for (size_t i = 0; i < sizeof bad_plain / sizeof *bad_plain; i++)
        assert_int_not_equal(sc_timestamp_parse(&p, bad_plain[i], -1), SC_OK);
    /* any byte where the plain form has no room for it (a word at a time there): never read as a time */
    static const char good[] = "2024-02-28 12:34:56.789";
    for (int at = 0; at < (int)sizeof good - 1; at++) {
        for (int ch = 0; ch < 256; ch++) {
            bool digit = ch >= '0' && ch <= '9';
            if (ch == good[at] || (at != 4 && at != 7 && at != 10 && at != 13 && at != 16 && at != 19 && digit) ||
                (at == 10 && (ch == ' ' || ch == 'T' || ch == 't')) || (at == 19 && ch == ','))
                continue;
            memcpy(buf, good, sizeof good);
            buf[at] = (char)ch;
            if (at >= 20 && (ch == 'Z' || ch == 'z' || ch == '+' || ch == '-' || ch == ' ') && at == (int)sizeof good - 2)
                continue; /* "...56.78Z" and the like are times */
            int rc = sc_timestamp_parse(&p, buf, (long)sizeof good - 1);
            if (rc == SC_OK)
                fail_msg("byte %d at %d read as a time", ch, at);
        }
    }
    /* seven fraction digits and more: the first six count */
    assert_int_equal(sc_timestamp_parse(&p, "1970-01-01 00:00:00.1234567", -1), SC_OK);
    assert_true(p == 123456);
}

/* The digit-by-digit formatter writes exactly what the printf formats it replaced wrote, in every style. */
/*
 * A statement's day memory (sc__x_timestamp_parse_day): values of one day
 * and of days that share some of its bytes read exactly as without it, and
 * a bad value after a remembered day still refused.
 */
static void test_timestamp_day_memory(void **state)
{
    (void)state;
    sc__tsday day = {0, 0, 0, 0};
    char buf[SC_TIMESTAMP_BUFSIZE];
    sc_timestamp a, b;
    /* a walk over times where most neighbours share the day, some the month or the day of the month only */
    uint64_t x = 0x2545F4914F6CDD1Du;
    sc_timestamp t = INT64_C(1709210096789000);
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        switch (x % 8) {
        case 0: t += INT64_C(86400000000) * 31; break;  /* another month, often the same day of it */
        case 1: t += INT64_C(86400000000) * 365; break; /* another year */
        case 2: t -= INT64_C(86400000000); break;
        default: t += (int64_t)(x % 3600000000u); break; /* within about an hour */
        }
        int n = sc_timestamp_format(buf, sizeof buf, t, (sc_time_style)(x % 3));
        assert_true(n > 0);
        assert_int_equal(sc__x_timestamp_parse_day(&a, buf, n, &day), SC_OK);
        assert_int_equal(sc_timestamp_parse(&b, buf, n), SC_OK);
        assert_true(a == b);
        assert_true(a == t - t % (x % 3 == 0 ? 1000 : 1));
    }
    /* a day remembered, then values of that day that are not valid */
    assert_int_equal(sc__x_timestamp_parse_day(&a, "2024-02-29 10:00:00", 19, &day), SC_OK);
    static const char *const bad[] = {"2024-02-29 24:00:00", "2024-02-29 10:60:00", "2024-02-29 10:00:61", "2024-02-29x10:00:00",
                                      "2024-02-29 10:00:0a", "2024-02-29 10-00:00", "2024-02-29 10:00:00.",
                                      "2024-02-2a 10:00:00", "2024/02/28 10:00:00", "20a4-02-28 10:00:00", "2024-02-28:10:00:00"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_not_equal(sc__x_timestamp_parse_day(&a, bad[i], (long)strlen(bad[i]), &day), SC_OK);
    /* the same day of the month in another month and year, and a date that does not exist after a remembered one */
    assert_int_equal(sc__x_timestamp_parse_day(&a, "2024-03-29 10:00:00", 19, &day), SC_OK);
    assert_int_equal(sc_timestamp_parse(&b, "2024-03-29 10:00:00", 19), SC_OK);
    assert_true(a == b);
    assert_int_equal(sc__x_timestamp_parse_day(&a, "2023-03-29 10:00:00", 19, &day), SC_OK);
    assert_int_equal(sc_timestamp_parse(&b, "2023-03-29 10:00:00", 19), SC_OK);
    assert_true(a == b);
    assert_int_equal(sc__x_timestamp_parse_day(&a, "2023-02-29 10:00:00", 19, &day), SC_ERANGE);
    /* other forms go to the full parse (which reads six fraction digits of more) */
    assert_int_equal(sc__x_timestamp_parse_day(&a, "2024-02-29 10:00:00.1234567", 27, &day), SC_OK);
    assert_int_equal(sc_timestamp_parse(&b, "2024-02-29 10:00:00.1234567", 27), SC_OK);
    assert_true(a == b);
    assert_int_equal(sc__x_timestamp_parse_day(&a, "2024-02-29T07:04:56.789-05:30", 29, &day), SC_OK);
    assert_int_equal(sc_timestamp_parse(&b, "2024-02-29T07:04:56.789-05:30", -1), SC_OK);
    assert_true(a == b);
}

static void test_timestamp_format_exact(void **state)
{
    (void)state;
    static const int lens[3] = {24, 27, 29};
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        /* years 1-9999, any microsecond; every 1000th value at a day, second or millisecond boundary */
        int64_t span = INT64_C(253402300800000000) + INT64_C(62135596800000000);
        sc_timestamp t = (sc_timestamp)(x % (uint64_t)span) - INT64_C(62135596800000000);
        if (i % 1000 == 0)
            t -= t % INT64_C(86400000000);
        else if (i % 1000 == 1)
            t -= t % 1000;
        int64_t days = t / INT64_C(86400000000), rem = t % INT64_C(86400000000);
        if (rem < 0) {
            rem += INT64_C(86400000000);
            days--;
        }
        int y, mo, d, secs = (int)(rem / 1000000), us = (int)(rem % 1000000);
        /* the calendar date by the library's own parse of the date it formats, checked against from_parts */
        char got[SC_TIMESTAMP_BUFSIZE], want[64];
        int style = i % 3;
        assert_int_equal(sc_timestamp_format(got, sizeof got, t, (sc_time_style)style), lens[style]);
        assert_int_equal(sscanf(got, "%d-%d-%d", &y, &mo, &d), 3);
        sc_timestamp day0;
        assert_int_equal(sc_timestamp_from_parts(&day0, y, mo, d, 0, 0, 0, 0), SC_OK);
        assert_true(day0 == days * INT64_C(86400000000));
        if (style == 0)
            snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo, d, secs / 3600, secs / 60 % 60,
                     secs % 60, us / 1000);
        else if (style == 1)
            snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", y, mo, d, secs / 3600, secs / 60 % 60,
                     secs % 60, us);
        else
            snprintf(want, sizeof want, "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", y, mo, d, secs / 3600, secs / 60 % 60,
                     secs % 60, us);
        assert_string_equal(got, want);
        /* one byte short is SC_ERANGE, exactly enough fits */
        char small[30];
        assert_int_equal(sc_timestamp_format(small, (size_t)lens[style], t, (sc_time_style)style), SC_ERANGE);
        assert_int_equal(sc_timestamp_format(small, (size_t)lens[style] + 1, t, (sc_time_style)style), lens[style]);
        assert_string_equal(small, want);
    }
    char buf[SC_TIMESTAMP_BUFSIZE];
    assert_int_equal(sc_timestamp_format(buf, sizeof buf, INT64_C(253402300800000000), SC_TIME_ISO_MS), SC_ERANGE);
    assert_int_equal(sc_timestamp_format(buf, sizeof buf, -INT64_C(62135596800000001), SC_TIME_ISO_MS), SC_ERANGE);
    assert_int_equal(sc_timestamp_format(buf, sizeof buf, 0, (sc_time_style)7), SC_EINVAL);
}

static int all_in(const char *s, const char *alphabet)
{
    for (; *s; s++)
        if (!strchr(alphabet, *s))
            return 0;
    return 1;
}

static void test_uuid(void **state)
{
    (void)state;
    char a[SC_UUID_SIZE], b[SC_UUID_SIZE];
    assert_int_equal(sc_id_uuid4(a), SC_OK);
    assert_int_equal(sc_id_uuid4(b), SC_OK);
    assert_int_equal(strlen(a), 36);
    assert_string_not_equal(a, b);
    assert_true(a[8] == '-' && a[13] == '-' && a[18] == '-' && a[23] == '-');
    assert_int_equal(a[14], '4');
    assert_non_null(strchr("89ab", a[19]));
    assert_true(all_in(a, "0123456789abcdef-"));

    assert_int_equal(sc_id_uuid7(a), SC_OK);
    assert_int_equal(a[14], '7');
    assert_non_null(strchr("89ab", a[19]));
    /* the first 48 bits are the Unix time in ms */
    char tsh[13];
    memcpy(tsh, a, 8);
    memcpy(tsh + 8, a + 9, 4);
    tsh[12] = '\0';
    long long ms = strtoll(tsh, NULL, 16);
    long long now = (long long)sc_timestamp_to_unix_ms(sc_timestamp_now());
    assert_true(ms <= now && ms > now - 5000);
}

static void test_cuid(void **state)
{
    (void)state;
    char a[SC_CUID_SIZE], b[SC_CUID_SIZE];
    assert_int_equal(sc_id_cuid(a), SC_OK);
    assert_int_equal(sc_id_cuid(b), SC_OK);
    assert_int_equal(strlen(a), 25);
    assert_int_equal(a[0], 'c');
    assert_true(all_in(a, "0123456789abcdefghijklmnopqrstuvwxyz"));
    assert_string_not_equal(a, b);
    /* same ms time prefix region, same fingerprint, counter advances */
    assert_memory_equal(a + 13, b + 13, 4);
    long ca = strtol((char[5]){ a[9], a[10], a[11], a[12], 0 }, NULL, 36);
    long cb = strtol((char[5]){ b[9], b[10], b[11], b[12], 0 }, NULL, 36);
    assert_int_equal((ca + 1) % (36 * 36 * 36 * 36), cb);
    /* the timestamp decodes to now */
    char t[9];
    memcpy(t, a + 1, 8);
    t[8] = '\0';
    long long ms = strtoll(t, NULL, 36);
    long long now = (long long)sc_timestamp_to_unix_ms(sc_timestamp_now());
    assert_true(ms <= now && ms > now - 5000);
}

static void test_cuid2(void **state)
{
    (void)state;
    char a[SC_CUID2_SIZE];
    char seen[200][SC_CUID2_SIZE];
    for (int i = 0; i < 200; i++) {
        assert_int_equal(sc_id_cuid2(a), SC_OK);
        assert_int_equal(strlen(a), 24);
        assert_true(a[0] >= 'a' && a[0] <= 'z');
        assert_true(all_in(a, "0123456789abcdefghijklmnopqrstuvwxyz"));
        for (int j = 0; j < i; j++)
            assert_string_not_equal(seen[j], a);
        memcpy(seen[i], a, sizeof a);
    }
    char l[33];
    assert_int_equal(sc_id_cuid2_len(l, 32), SC_OK);
    assert_int_equal(strlen(l), 32);
    assert_int_equal(sc_id_cuid2_len(l, 2), SC_OK);
    assert_int_equal(strlen(l), 2);
    assert_int_equal(sc_id_cuid2_len(l, 33), SC_EINVAL);
    assert_int_equal(sc_id_cuid2_len(l, 1), SC_EINVAL);
}

static void test_nanoid_ulid(void **state)
{
    (void)state;
    char n[SC_NANOID_SIZE], m[SC_NANOID_SIZE];
    assert_int_equal(sc_id_nanoid(n, 21), SC_OK);
    assert_int_equal(sc_id_nanoid(m, 21), SC_OK);
    assert_int_equal(strlen(n), 21);
    assert_string_not_equal(n, m);
    assert_true(all_in(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"));
    char big[256];
    assert_int_equal(sc_id_nanoid(big, 255), SC_OK);
    assert_int_equal(strlen(big), 255);
    assert_int_equal(sc_id_nanoid(big, 0), SC_EINVAL);

    char u[SC_ULID_SIZE], v[SC_ULID_SIZE];
    assert_int_equal(sc_id_ulid(u), SC_OK);
    assert_int_equal(strlen(u), 26);
    assert_true(all_in(u, "0123456789ABCDEFGHJKMNPQRSTVWXYZ"));
    assert_true(u[0] <= '7');
    /* decode the 48-bit time */
    static const char crock[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    long long ms = 0;
    for (int i = 0; i < 10; i++)
        ms = ms * 32 + (strchr(crock, u[i]) - crock);
    long long now = (long long)sc_timestamp_to_unix_ms(sc_timestamp_now());
    assert_true(ms <= now && ms > now - 5000);
    assert_int_equal(sc_id_ulid(v), SC_OK);
    assert_string_not_equal(u, v);
}

static void test_url_redact(void **state)
{
    (void)state;
    char buf[256];
    assert_int_equal(sc_url_redact(buf, sizeof buf, "postgresql://bob:s3cr3t@db:5432/app"), SC_OK);
    assert_string_equal(buf, "postgresql://bob:***@db:5432/app");
    sc_url_redact(buf, sizeof buf, "postgres://bob@db/app?sslmode=require");
    assert_string_equal(buf, "postgres://bob@db/app?sslmode=require");
    sc_url_redact(buf, sizeof buf, "postgres://db/app?user=x&password=p&sslmode=disable");
    assert_string_equal(buf, "postgres://db/app?user=x&password=***&sslmode=disable");
    sc_url_redact(buf, sizeof buf, "postgres://u:p@ss@host/db");
    assert_string_equal(buf, "postgres://u:***@host/db");
    sc_url_redact(buf, sizeof buf, "sqlite:./dev.db");
    assert_string_equal(buf, "sqlite:./dev.db");
    assert_int_equal(sc_url_redact(buf, 12, "postgresql://bob:s3cr3t@db/app"), SC_ERANGE);
    assert_null(strstr(buf, "s3cr3t"));
}

static void test_url_errors(void **state)
{
    (void)state;
    sc_conn *c = (sc_conn *)1;
    sc_error err = SC_ERROR_INIT;
    assert_int_equal(sc_conn_open(&c, "mysql://root:hunter2@x/db", NULL, &err), SC_EINVAL);
    assert_null(c);
    assert_int_equal(err.code, SC_EINVAL);
    assert_null(strstr(err.message, "hunter2"));
    assert_non_null(strstr(err.message, "mysql://root:***@x/db"));
    assert_non_null(strstr(err.message, "unknown scheme \"mysql\""));

    /* a refused PostgreSQL connection reports the host, never the password */
    assert_int_equal(sc_conn_open(&c, "postgresql://u:topsecret@127.0.0.1:1/db", NULL, &err),
                     SC_ECONNECTION);
    assert_null(strstr(err.message, "topsecret"));

    /*
     * URLs libpq cannot parse: its messages quote the offending token or the
     * whole URL, which may be (or contain) the password. Each case must fail
     * with a message that names the problem but never the password, raw or
     * percent-decoded.
     */
    static const struct {
        const char *url, *secret, *also;
    } bad[] = {
        { "postgresql://u:sec%zzret@127.0.0.1:1/db", "sec%zzret", "zzret" },
        { "postgresql://u:abc%41def@[::1/db", "abc%41def", "abcAdef" },
        { "postgresql://u:pw9x@127.0.0.1:1/db?password=qs%zzcret", "qs%zzcret", "pw9x" },
        { "postgresql://u:hunter22@127.0.0.1:notaport/db", "hunter22", "hunter22" },
        { "postgres://u:opensesame@127.0.0.1:1/db?bogus=opensesame", "opensesame", "opensesame" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        c = (sc_conn *)1;
        sc_error_clear(&err);
        int rc = sc_conn_open(&c, bad[i].url, NULL, &err);
        assert_true(rc == SC_ECONNECTION || rc == SC_EINVAL);
        assert_null(c);
        assert_int_equal(err.code, rc);
        assert_true(strlen(err.message) > 10);
        if (strstr(err.message, bad[i].secret) || strstr(err.message, bad[i].also))
            fail_msg("password leaked for %s: %s", bad[i].url, err.message);
    }
    /* the message still says what was wrong */
    sc_conn_open(&c, "postgresql://u:sec%zzret@127.0.0.1:1/db", NULL, &err);
    assert_non_null(strstr(err.message, "bad percent escape in the password"));
    assert_non_null(strstr(err.message, "***"));

    /* NULL, empty and schemeless URLs */
    unsetenv("DATABASE_URL");
    assert_int_equal(sc_conn_open(&c, NULL, NULL, &err), SC_EINVAL);
    assert_non_null(strstr(err.message, "DATABASE_URL"));
    assert_int_equal(sc_conn_open(&c, "", NULL, &err), SC_EINVAL);
    assert_int_equal(sc_conn_open(&c, "u:pa55word@host/db", NULL, &err), SC_EINVAL);
    assert_null(strstr(err.message, "pa55word"));
    assert_non_null(strstr(err.message, "unknown scheme"));

    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.version = 99;
    assert_int_equal(sc_conn_open(&c, "sqlite::memory:", &o, &err), SC_EINVAL);

    /* DATABASE_URL is the default */
    setenv("DATABASE_URL", "sqlite::memory:", 1);
    assert_int_equal(sc_conn_open(&c, NULL, NULL, &err), SC_OK);
    assert_int_equal(sc_conn_dialect(c), SC_DIALECT_SQLITE);
    sc_conn_close(c);
    unsetenv("DATABASE_URL");
    assert_int_equal(sc_conn_open(&c, NULL, NULL, &err), SC_EINVAL);

    /* an SQLite file that cannot be opened is a connection error */
    assert_int_equal(sc_conn_open(&c, "sqlite:///nonexistent-dir/x/y.db", NULL, &err),
                     SC_ECONNECTION);
    assert_true(err.sqlite_code != 0);
}


/* The one URL parser (schemac/url.h): what each accepted form opens. */
static void test_url_parse_forms(void **state)
{
    (void)state;
    static const struct {
        const char *url;
        int dialect;
        const char *target, *path; /* path NULL: in memory (SQLite) or not SQLite */
        int memory, readonly;
        const char *display;
    } ok[] = {
        { "sqlite:app.db", SC_DIALECT_SQLITE, "file:app.db", "app.db", 0, 0, "sqlite:app.db" },
        { "sqlite:./dir/app.db", SC_DIALECT_SQLITE, "file:./dir/app.db", "./dir/app.db", 0, 0, NULL },
        { "sqlite:///var/x.db", SC_DIALECT_SQLITE, "file:///var/x.db", "/var/x.db", 0, 0, NULL },
        { "sqlite://rel.db", SC_DIALECT_SQLITE, "file:rel.db", "rel.db", 0, 0, NULL },
        { "sqlite:app.db?mode=ro", SC_DIALECT_SQLITE, "file:app.db?mode=ro", "app.db", 0, 1, NULL },
        /* sqlite: paths are literal: what a URI would read is escaped */
        { "sqlite:a%41b.db", SC_DIALECT_SQLITE, "file:a%2541b.db", "a%41b.db", 0, 0, NULL },
        { "sqlite:/tmp/x#y.db", SC_DIALECT_SQLITE, "file:///tmp/x%23y.db", "/tmp/x#y.db", 0, 0, NULL },
        { "sqlite::memory:", SC_DIALECT_SQLITE, ":memory:", NULL, 1, 0, NULL },
        { "sqlite://:memory:", SC_DIALECT_SQLITE, ":memory:", NULL, 1, 0, NULL },
        /* file: is an SQLite URI: SQLite decodes it, and the path is its decoded form */
        { "file:app.db?mode=ro", SC_DIALECT_SQLITE, "file:app.db?mode=ro", "app.db", 0, 1, NULL },
        { "file:///tmp/a%20b.db", SC_DIALECT_SQLITE, "file:///tmp/a%20b.db", "/tmp/a b.db", 0, 0, NULL },
        { "file://localhost/tmp/x.db", SC_DIALECT_SQLITE, "file://localhost/tmp/x.db", "/tmp/x.db", 0, 0,
          NULL },
        { "file:mem1?mode=memory&cache=shared", SC_DIALECT_SQLITE, "file:mem1?mode=memory&cache=shared",
          NULL, 1, 0, NULL },
        { "file::memory:", SC_DIALECT_SQLITE, "file::memory:", NULL, 1, 0, NULL },
        /* Prisma's own parameters mean nothing to SQLite, which ignores them */
        { "file:./dev.db?connection_limit=1", SC_DIALECT_SQLITE, "file:./dev.db?connection_limit=1",
          "./dev.db", 0, 0, NULL },
        { "postgresql://u:Hunter2x@h:5432/db?sslmode=disable", SC_DIALECT_POSTGRES,
          "postgresql://u:Hunter2x@h:5432/db?sslmode=disable", NULL, 0, 0,
          "postgresql://u:***@h:5432/db?sslmode=disable" },
        { "postgres://h/db?password=Hunter2x&application_name=x", SC_DIALECT_POSTGRES, NULL, NULL, 0, 0,
          "postgres://h/db?password=***&application_name=x" },
        { "postgresql://u:Hunter2x@[::1]:5432,h2:5433/db", SC_DIALECT_POSTGRES, NULL, NULL, 0, 0,
          "postgresql://u:***@[::1]:5432,h2:5433/db" },
        { "postgresql:///db?host=/tmp", SC_DIALECT_POSTGRES, NULL, NULL, 0, 0, NULL },
        /* a password seen elsewhere in the URL is masked there too */
        { "postgres://u:Hunter2x@h/db?application_name=Hunter2x", SC_DIALECT_POSTGRES, NULL, NULL, 0, 0,
          "postgres://u:***@h/db?application_name=***" },
        { "host=h port=5432 dbname=db password=Hunter2x", SC_DIALECT_POSTGRES,
          "host=h port=5432 dbname=db password=Hunter2x", NULL, 0, 0,
          "host=h port=5432 dbname=db password=***" },
        { "  host = h  dbname='my db' password = 'Hun ter2x' ", SC_DIALECT_POSTGRES, NULL, NULL, 0, 0,
          "  host = h  dbname='my db' password = *** " },
        /* Prisma's schema=: public is the default, another becomes the session's search_path (quoted: case kept) */
        /* (what is shown is what libpq is given) */
        { "postgresql://u@h/db?schema=public", SC_DIALECT_POSTGRES, "postgresql://u@h/db", NULL, 0, 0, "postgresql://u@h/db" },
        { "postgresql://u@h/db?schema=MyApp", SC_DIALECT_POSTGRES,
          "postgresql://u@h/db?options=-c%20search_path%3D%22MyApp%22", NULL, 0, 0,
          "postgresql://u@h/db?options=-c%20search_path%3D%22MyApp%22" },
        { "postgresql://u:Hunter2x@h/db?sslmode=disable&schema=app_2&connect_timeout=5", SC_DIALECT_POSTGRES,
          "postgresql://u:Hunter2x@h/db?sslmode=disable&connect_timeout=5&options=-c%20search_path%3D%22app_2%22", NULL, 0,
          0, "postgresql://u:***@h/db?sslmode=disable&connect_timeout=5&options=-c%20search_path%3D%22app_2%22" },
        { "host=h dbname=db schema=MyApp", SC_DIALECT_POSTGRES, "host=h dbname=db  options='-c search_path=\"MyApp\"'", NULL,
          0, 0, "host=h dbname=db  options='-c search_path=\"MyApp\"'" },
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        sc_url u;
        sc_error err = SC_ERROR_INIT;
        if (sc_url_parse(&u, ok[i].url, &err) != SC_OK)
            fail_msg("%s: %s", ok[i].url, err.message);
        assert_int_equal(u.dialect, ok[i].dialect);
        assert_non_null(u.target);
        if (ok[i].target)
            assert_string_equal(u.target, ok[i].target);
        if (ok[i].dialect == SC_DIALECT_SQLITE) {
            if (ok[i].path)
                assert_string_equal(u.sqlite_path, ok[i].path);
            else
                assert_null(u.sqlite_path);
            assert_int_equal(u.sqlite_memory, ok[i].memory);
            assert_int_equal(u.sqlite_readonly, ok[i].readonly);
            assert_true(u.sqlite_flags != 0);
        }
        assert_string_equal(u.display, ok[i].display ? ok[i].display : ok[i].url);
        assert_null(strstr(u.display, "Hunter2x"));
        assert_null(strstr(u.display, "Hun ter2x"));
        char red[256];
        assert_int_equal(sc_url_redact(red, sizeof red, ok[i].url), SC_OK);
        assert_string_equal(red, u.display);
        sc_url_free(&u);
        assert_null(u.target);
    }

    /* the passwords, raw and decoded, for scrubbing a driver's message */
    sc_url u;
    assert_int_equal(sc_url_parse(&u, "postgresql://u:a%41bXyz@h/db", NULL), SC_OK);
    char msg[64] = "token a%41bXyz or aAbXyz here";
    sc_url_scrub(&u, msg, sizeof msg);
    assert_string_equal(msg, "token *** or *** here");
    sc_url_free(&u);
    sc_url_free(NULL);

    /* Prisma's pool parameters: taken out of what libpq gets, kept for a pool */
    assert_int_equal(sc_url_parse(&u, "postgresql://h/db?connection_limit=5&pool_timeout=0&sslmode=disable", NULL), SC_OK);
    assert_int_equal(u.pool_max, 5);
    assert_true(u.pool_timeout_ms == 0);
    assert_string_equal(u.target, "postgresql://h/db?sslmode=disable");
    sc_url_free(&u);
    assert_int_equal(sc_url_parse(&u, "file:./dev.db?connection_limit=1&pool_timeout=20", NULL), SC_OK);
    assert_int_equal(u.pool_max, 1);
    assert_true(u.pool_timeout_ms == 20000);
    sc_url_free(&u);
    assert_int_equal(sc_url_parse(&u, "postgresql://h/db", NULL), SC_OK);
    assert_int_equal(u.pool_max, 0);
    assert_true(u.pool_timeout_ms == -1);
    sc_url_free(&u);
}

/* Empty and malformed URLs: an error that names the problem, never a password. */
static void test_url_parse_errors(void **state)
{
    (void)state;
    static const struct {
        const char *url, *says;
    } bad[] = {
        { "", "empty" },
        { "sqlite:", "names no database file" },
        { "sqlite:?mode=ro", "names no database file" },
        { "sqlite://", "names no database file" },
        { "file:", "names no database file" },
        { "file:?mode=ro", "names no database file" },
        { "file://host/x.db", "names a host" },
        { "sqlite:x.db?mode=rx", "the mode parameter is not one of" },
        { "sqlite:x.db?cache=wide", "the cache parameter is not one of" },
        { "sqlite:x.db?mode=r?password=Hunter2x", "the mode parameter" },
        { "file:a%zz.db", "bad percent escape in the file name" },
        { "file:a%00.db", "%00" },
        { "app.db", "no scheme" },
        { "/var/lib/app.db", "no scheme" },
        { "mysql://u:Hunter2x@h/db", "unknown scheme \"mysql\"" },
        { "u:Hunter2x@h/db", "unknown scheme" },
        { "sqlite:app.db\n", "a line break" },
        { "postgresql://u:Hunter2x@h/db\r", "control character" },
        { " postgresql://h/db", "white space" },
        { "sqlite:app.db ", "white space" },
        { "postgresql://u:Hunter2x@@h/db", "second '@'" },
        { "postgresql://u:Hun@ter2x@h/db", "second '@'" },
        { "postgresql://u:Hunter2x/y@h/db", "port of host 1" },
        { "postgresql://h/db@x", "'@' after the host" },
        { "postgresql://u:Hunter2x@[::1/db", "'[' that no ']' closes" },
        { "postgresql://u:Hunter2x@[]/db", "empty IPv6" },
        { "postgresql://u:Hunter2x@[::1]x/db", "unexpected text after the IPv6" },
        { "postgresql://u:Hunter2x@[zz]/db", "not part of an IPv6" },
        { "postgresql://u:Hunter2x@h:99999/db", "port of host 1" },
        { "postgresql://u:Hunter2x@h1,h2:0/db", "port of host 2" },
        { "postgresql://u:Hunter2x%zz@h/db", "bad percent escape in the password" },
        { "postgresql://u:Hunter2x%00@h/db", "%00" },
        { "postgresql://u:Hunter2x@h/d%zzb", "bad percent escape in the database name" },
        { "postgresql://u:Hunter2x@h/db?sslmode", "no '='" },
        { "postgresql://u:Hunter2x@h/db?options=-c a=b", "second '='" },
        { "postgresql://u:Hunter2x@h/db?&", "empty query parameter" },
        { "postgresql://u:Hunter2x@h/db?=x", "no name" },
        { "postgresql://h/db?password=Hunter2x%zz", "bad percent escape" },
        { "postgresql://u:Hunter2x@h/db?schema=my-app", "schema is not a schema name" },
        { "postgresql://u:Hunter2x@h/db?connection_limit=0", "connection_limit is not a number of connections" },
        { "postgresql://u:Hunter2x@h/db?connection_limit=x", "connection_limit is not a number of connections" },
        { "sqlite:dev.db?pool_timeout=-1", "pool_timeout is not a number of seconds" },
        { "postgresql://u:Hunter2x@h/db?schema=", "schema is not a schema name" },
        { "postgresql://u:Hunter2x@h/db?schema=x&options=-c%20a%3Db", "schema and options both" },
        { "postgresql://u:Hunter2x@h/db?bogus=Hunter2x", "invalid URI query parameter" },
        { "host=h password='Hunter2x", "no closing quote" },
        { "host=h password=Hunter2x Hunter2x", "word 3 has no '='" },
        { "host=h nosuch=1 password=Hunter2x", "invalid connection option" },
        { "host=h dbname=postgresql://u:Hunter2x@h/db", "dbname holds a connection string" },
        { "host=h password=Hunter2x\x01", "control character" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sc_url u;
        sc_error err = SC_ERROR_INIT;
        int rc = sc_url_parse(&u, bad[i].url, &err);
        if (rc != SC_EINVAL)
            fail_msg("%s: parsed (%d)", bad[i].url, rc);
        assert_null(u.target);
        assert_null(u.display);
        assert_int_equal(err.code, SC_EINVAL);
        if (!strstr(err.message, bad[i].says))
            fail_msg("%s: message lacks \"%s\": %s", bad[i].url, bad[i].says, err.message);
        if (strstr(err.message, "Hunter2x") || strstr(err.message, "ter2x"))
            fail_msg("%s: the password shows: %s", bad[i].url, err.message);
        char red[256];
        sc_url_redact(red, sizeof red, bad[i].url);
        if (strstr(red, "Hunter2x") || strstr(red, "ter2x"))
            fail_msg("%s: sc_url_redact shows the password: %s", bad[i].url, red);
        /* the same message from sc_conn_open */
        sc_conn *c = (sc_conn *)1;
        sc_error oerr = SC_ERROR_INIT;
        assert_int_equal(sc_conn_open(&c, bad[i].url, NULL, &oerr), SC_EINVAL);
        assert_null(c);
        assert_string_equal(oerr.message, err.message);
    }
    assert_int_equal(sc_url_parse(NULL, "sqlite:x", NULL), SC_EINVAL);
    sc_url u;
    assert_int_equal(sc_url_parse(&u, NULL, NULL), SC_EINVAL);
}

static void test_url_forms(void **state)
{
    (void)state;
    char path[512];
    snprintf(path, sizeof path, "%s/rt_unit_forms_%ld.db", testutil_tmp_dir(), (long)getpid());
    unlink(path);
    char url[600];
    const char *forms[][2] = { { "sqlite:", "" }, { "sqlite://", "" }, { "file:", "?mode=rwc" } };
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        snprintf(url, sizeof url, "%s%s%s", forms[i][0], path, forms[i][1]);
        sc_conn *c = NULL;
        sc_error err = SC_ERROR_INIT;
        assert_int_equal(sc_conn_open(&c, url, NULL, &err), SC_OK);
        assert_int_equal(sc_conn_exec(c, "CREATE TABLE IF NOT EXISTS t(x)"), SC_OK);
        sc_conn_close(c);
    }
    assert_int_equal(access(path, F_OK), 0);
    char side[600];
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(sc_strerror(SC_OK), "ok");
    assert_string_equal(sc_strerror(SC_EUNIQUE), "unique violation");
    assert_string_equal(sc_strerror(SC_ECONFLICT), "version conflict");
    assert_string_equal(sc_strerror(12345), "unknown error");
    assert_true(sc_code_is_retryable(SC_ESERIALIZATION));
    assert_true(sc_code_is_retryable(SC_EDEADLOCK));
    assert_true(sc_code_is_retryable(SC_EBUSY));
    assert_false(sc_code_is_retryable(SC_EUNIQUE));
    assert_string_equal(sc_version(), "0.1.0");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha3_vectors),   cmocka_unit_test(test_timestamp_roundtrip), cmocka_unit_test(test_timestamp_format_exact), cmocka_unit_test(test_timestamp_day_memory),
        cmocka_unit_test(test_uuid),           cmocka_unit_test(test_cuid),
        cmocka_unit_test(test_cuid2),          cmocka_unit_test(test_nanoid_ulid),
        cmocka_unit_test(test_url_redact),     cmocka_unit_test(test_url_errors),
        cmocka_unit_test(test_url_forms),      cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_url_parse_forms), cmocka_unit_test(test_url_parse_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
