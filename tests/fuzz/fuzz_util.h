/*
 * fuzz_util.h - what the libFuzzer targets share: invariant checks that
 * abort (so libFuzzer reports the input), splitting an input into parts,
 * and a sink for output nobody reads.
 *
 * Parts are separated by 0xFF bytes, which no UTF-8 text contains, so a
 * real file pasted into a seed stays one part.
 */
#ifndef SCHEMAC_FUZZ_UTIL_H
#define SCHEMAC_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant of the code under test: on violation, say which and abort. */
#define FUZZ_CHECK(cond, ...)                                                                                     \
    do {                                                                                                          \
        if (!(cond)) {                                                                                            \
            fprintf(stderr, "%s:%d: invariant failed: %s: ", __FILE__, __LINE__, #cond);                          \
            fprintf(stderr, __VA_ARGS__);                                                                         \
            fputc('\n', stderr);                                                                                  \
            abort();                                                                                              \
        }                                                                                                         \
    } while (0)

#define FUZZ_MAX_PARTS 16

typedef struct fuzz_parts {
    const char *text[FUZZ_MAX_PARTS]; /* NUL-terminated copies in the arena */
    size_t len[FUZZ_MAX_PARTS];       /* bytes up to the 0xFF (a NUL inside makes strlen shorter) */
    size_t n;
} fuzz_parts;

/* DATA split at 0xFF bytes into at most FUZZ_MAX_PARTS parts (the last one takes the rest). */
static inline void fuzz_split(fuzz_parts *p, arena *a, const uint8_t *data, size_t size)
{
    p->n = 0;
    size_t start = 0;
    for (;;) {
        const uint8_t *sep = NULL;
        if (p->n + 1 < FUZZ_MAX_PARTS && start < size)
            sep = memchr(data + start, 0xFF, size - start);
        size_t end = sep ? (size_t)(sep - data) : size;
        p->text[p->n] = arena_strndup(a, (const char *)data + start, end - start);
        p->len[p->n] = end - start;
        p->n++;
        if (!sep)
            break;
        start = end + 1;
    }
}

static inline FILE *fuzz_sink(void)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    return sink;
}

#endif
