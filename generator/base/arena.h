/*
 * arena.h - bump allocator for compiler data (AST, IR, diagnostics text).
 *
 * Everything the compiler builds for one run lives in one arena and is
 * released with a single arena_free(): no per-node frees, no leaks by
 * construction. Allocation failure aborts the process with a message,
 * because a compiler that ran out of memory has nothing useful to do.
 */
#ifndef SCHEMAC_ARENA_H
#define SCHEMAC_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct arena_chunk arena_chunk;

typedef struct arena {
    arena_chunk *head;
    size_t total;        /* bytes handed out, for limits and statistics */
    arena_chunk *spare;  /* chunks arena_reset kept for reuse */
} arena;

void arena_init(arena *a);
void arena_free(arena *a);
/*
 * Forget everything allocated in A but keep its memory for what A hands out
 * next: a scratch arena reset per item (a generated model) costs no new
 * page faults after the first item, where arena_free + arena_init gave its
 * chunks back and faulted (and the kernel zeroed) them again per item.
 */
void arena_reset(arena *a);

/* Zeroed, aligned memory that lives until arena_free(). */
void *arena_alloc(arena *a, size_t size);
/* Grow an arena array: copies the old contents into a larger block. */
void *arena_grow(arena *a, void *old, size_t old_size, size_t new_size);
/* arena_grow without zeroing the new bytes (for text about to be written). */
void *arena_grow_uninit(arena *a, void *old, size_t old_size, size_t new_size);
/*
 * Room for one more element in a growable arena array: ARRAY holds N
 * elements of SIZE bytes in a capacity of *CAP. When full, the capacity
 * doubles (starting at FIRST) and the grown array is returned; otherwise
 * ARRAY itself. Index N is valid afterwards.
 */
void *arena_reserve(arena *a, void *array, size_t n, size_t *cap, size_t size, size_t first);
/*
 * Give back a block of SIZE bytes that nothing uses any more. Only a large
 * block (one with a chunk of its own, taken recently) is really freed; any
 * other stays until arena_free(), as it would without this call.
 */
void arena_release(arena *a, void *p, size_t size);
char *arena_strdup(arena *a, const char *s);
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
char *arena_vprintf(arena *a, const char *fmt, va_list ap)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 0)))
#endif
    ;

#define ARENA_NEW(a, type) ((type *)arena_alloc((a), sizeof(type)))
#define ARENA_ARRAY(a, type, n) ((type *)arena_alloc((a), sizeof(type) * (n)))

#endif
