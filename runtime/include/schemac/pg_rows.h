/*
 * schemac/pg_rows.h - what generated PostgreSQL row readers use
 * (sc_model.read_pg): not API. The generated code of a typed query whose
 * columns are plain values reads its rows straight from libpq, as
 * hand-written code does: each value's length once, the text of all rows
 * measured first, then the rows and their text in one block laid out as
 * the runtime lays out every block it hands out (schemac/rows.h:
 * sc_block), so the same _free and _list_free free them.
 */
#ifndef SCHEMAC_PG_ROWS_H
#define SCHEMAC_PG_ROWS_H

#include <libpq-fe.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rows.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * N rows of SIZE bytes (SIZE > 0) and TEXT bytes of text after them in one
 * malloc'd block, its sc_block last: the block, *TEXT_AT where the text
 * goes, *MARK what each row's block member holds. NULL: out of memory, or
 * sizes past what memory holds.
 */
static inline void *sc__pgr_block(size_t n, size_t size, size_t text, char **text_at, void **mark)
{
    const size_t align = sizeof(uintptr_t); /* at least sc_block's alignment (two uintptr_t); C99 and C++ have no _Alignof */
    if (n > (SIZE_MAX - sizeof(sc_block) - align) / size || text > SIZE_MAX - sizeof(sc_block) - align - n * size)
        return NULL;
    const size_t at = (n * size + text + align - 1) / align * align;
    unsigned char *block = (unsigned char *)malloc(at + sizeof(sc_block));
    if (!block)
        return NULL;
    sc_block *b = (sc_block *)(void *)(block + at);
    b->begin = (uintptr_t)(block + n * size);
    b->end = b->begin + text;
    *text_at = (char *)block + n * size;
    *mark = b;
    return block;
}

/* Room for N lengths, ST's connection's and reused by its next reads: NULL when out of memory. */
int *sc__x_pg_lens(sc_stmt *st, size_t n);

/* The microseconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01 (binary timestamps count from it). */
#define SC__PGR_EPOCH_US INT64_C(946684800000000)

/* A big-endian 32-bit value at P (a binary int4). */
static inline uint32_t sc__pgr_be32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return __builtin_bswap32(v);
#else
    const unsigned char *b = (const unsigned char *)p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
#endif
}

/* A big-endian 64-bit value at P (a binary int8, float8's bits, a timestamp). */
static inline uint64_t sc__pgr_be64(const char *p)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return __builtin_bswap64(v);
#else
    return (uint64_t)sc__pgr_be32(p) << 32 | sc__pgr_be32(p + 4);
#endif
}

/* A binary float8 at P. */
static inline double sc__pgr_float8(const char *p)
{
    uint64_t bits = sc__pgr_be64(p);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* LEN bytes at P copied to *T with a NUL, *T moved past them: the copy. */
static inline char *sc__pgr_text(char **t, const char *p, int len)
{
    char *at = *t;
    memcpy(at, p, (size_t)len);
    at[len] = '\0';
    *t = at + len + 1;
    return at;
}

#ifdef __cplusplus
}
#endif

#endif
