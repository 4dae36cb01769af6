/*
 * fuzz_timestamp.c - libFuzzer target for the timestamp reader
 * (runtime/src/timestamp.c), which reads the text of timestamp columns:
 * values another program may have written into an SQLite database.
 *
 * The input is up to 16 values, one a line. They are read in order through
 * one day memory (sc__x_timestamp_parse_day, what a statement's typed read
 * uses) and each also on its own (sc_timestamp_parse). Checked:
 *   - both give the same answer, and on success the same instant: what the
 *     previous values left in the memory never changes a result;
 *   - an answer is SC_OK, SC_EINVAL or SC_ERANGE;
 *   - an instant read is written again in each of the three text forms
 *     (sc_timestamp_format) and reads back as itself (the millisecond form
 *     as itself truncated to the millisecond), unless an offset took it
 *     out of the years 1-9999 (format's SC_ERANGE).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemac/schemac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                                    \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);                               \
            abort();                                                                                                   \
        }                                                                                                              \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sc__tsday day = {0, 0, 0, 0};
    const char *p = (const char *)data, *end = p + size;
    for (int k = 0; k < 16 && p < end; k++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        /* a value of its own, so that reading past it is the sanitizers' to see */
        char *v = malloc(n ? n : 1);
        if (!v)
            return 0;
        memcpy(v, p, n);
        sc_timestamp a = 0, b = 0;
        int ra = sc__x_timestamp_parse_day(&a, v, (long)n, &day);
        int rb = sc_timestamp_parse(&b, v, (long)n);
        CHECK(ra == rb);
        CHECK(ra == SC_OK || ra == SC_EINVAL || ra == SC_ERANGE);
        if (ra == SC_OK) {
            CHECK(a == b);
            for (int style = 0; style < 3; style++) {
                char buf[SC_TIMESTAMP_BUFSIZE];
                int len = sc_timestamp_format(buf, sizeof buf, a, (sc_time_style)style);
                /* an offset may carry a date at the ends of the calendar out of the years 1-9999 text has */
                if (len == SC_ERANGE) {
                    CHECK(a < INT64_C(-62135596800000000) || a >= INT64_C(253402300800000000));
                    break;
                }
                CHECK(len > 0);
                sc_timestamp c = 0;
                CHECK(sc_timestamp_parse(&c, buf, len) == SC_OK);
                int64_t want = style == SC_TIME_ISO_MS ? a - ((a % 1000) + 1000) % 1000 : a;
                CHECK(c == want);
            }
        }
        free(v);
        p += n + (nl != NULL);
    }
    return 0;
}
