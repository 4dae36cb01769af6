/*
 * arena.c - bump allocator; see arena.h.
 */
#include "base/arena.h"

#include "base/textfmt.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

struct arena_chunk {
    arena_chunk *next;
    size_t used;
    size_t cap;
    max_align_t data[];
};

/*
 * Chunks are 64 KiB until the arena has handed out ARENA_BIG_AFTER bytes,
 * then ARENA_CHUNK_BIG, whose 2 MiB-aligned part is offered to the kernel
 * for transparent huge pages (MADV_HUGEPAGE, where the system has them):
 * `schemac sql` on the 300-model schema spent a third of its CPU time in
 * 4,000 page faults of 4 KiB, one per page of its 16 MB of compiler data.
 * Small arenas (a scratch arena, a test) never get a big chunk.
 */
enum {
    ARENA_CHUNK_MIN = 64 * 1024,
    ARENA_BIG_AFTER = 1024 * 1024,
    ARENA_CHUNK_BIG = 4 * 1024 * 1024,
    ARENA_HUGE_PAGE = 2 * 1024 * 1024,
};

static void arena__huge_pages(void *p, size_t size)
{
#if defined(MADV_HUGEPAGE)
    uintptr_t start = ((uintptr_t)p + ARENA_HUGE_PAGE - 1) & ~(uintptr_t)(ARENA_HUGE_PAGE - 1);
    uintptr_t end = ((uintptr_t)p + size) & ~(uintptr_t)(ARENA_HUGE_PAGE - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE); /* a hint: failure changes nothing */
#else
    (void)p;
    (void)size;
#endif
}

void arena_init(arena *a)
{
    a->head = NULL;
    a->total = 0;
    a->spare = NULL;
}

static void arena__free_list(arena_chunk *c)
{
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
}

void arena_free(arena *a)
{
    arena__free_list(a->head);
    arena__free_list(a->spare);
    a->head = NULL;
    a->total = 0;
    a->spare = NULL;
}

void arena_reset(arena *a)
{
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        c->next = a->spare;
        a->spare = c;
        c = next;
    }
    a->head = NULL;
    a->total = 0;
}

/* A kept chunk with room for NEED bytes, unlinked from the spare list, or NULL. */
static arena_chunk *arena__spare(arena *a, size_t need)
{
    for (arena_chunk **at = &a->spare; *at; at = &(*at)->next)
        if ((*at)->cap >= need) {
            arena_chunk *c = *at;
            *at = c->next;
            return c;
        }
    return NULL;
}

static void arena__oom(void)
{
    fputs("schemac: out of memory\n", stderr);
    abort();
}

static size_t arena__round(size_t size)
{
    const size_t align = sizeof(max_align_t);
    size_t need = (size + align - 1) / align * align;
    if (need < size)
        arena__oom();
    return need ? need : align;
}

/* SIZE bytes, aligned, not zeroed: for callers that write every byte. */
static void *arena__take(arena *a, size_t size)
{
    size_t need = arena__round(size);
    arena_chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        size_t cap = need > ARENA_CHUNK_MIN ? need : ARENA_CHUNK_MIN;
        if (cap > SIZE_MAX - sizeof(arena_chunk))
            arena__oom();
        if ((c = arena__spare(a, need)) != NULL) {
            cap = c->cap;
        } else if (need <= ARENA_CHUNK_MIN && a->total >= ARENA_BIG_AFTER) {
            /* Aligned, so that all of it can be huge pages. */
            void *big = NULL;
            if (posix_memalign(&big, ARENA_HUGE_PAGE, ARENA_CHUNK_BIG) != 0)
                arena__oom();
            arena__huge_pages(big, ARENA_CHUNK_BIG);
            c = big;
            cap = ARENA_CHUNK_BIG - sizeof(arena_chunk);
        } else if (cap >= ARENA_HUGE_PAGE) {
            /* A block of its own of 2 MiB or more (a snapshot, a generated source): the same. */
            void *big = NULL;
            if (posix_memalign(&big, ARENA_HUGE_PAGE, sizeof(arena_chunk) + cap) != 0)
                arena__oom();
            arena__huge_pages(big, sizeof(arena_chunk) + cap);
            c = big;
        } else {
            c = malloc(sizeof(arena_chunk) + cap);
            if (!c)
                arena__oom();
        }
        c->used = 0;
        c->cap = cap;
        /* A large block goes behind the current chunk so the rest of the
         * current chunk is still used for small allocations. */
        if (a->head && need > ARENA_CHUNK_MIN) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
    }
    void *p = (char *)c->data + c->used;
    c->used += need;
    a->total += need;
    return p;
}

void *arena_alloc(arena *a, size_t size)
{
    void *p = arena__take(a, size);
    memset(p, 0, size);
    return p;
}

static void *arena__grow(arena *a, void *old, size_t old_size, size_t new_size, bool zero)
{
    if (old && old_size && new_size >= old_size) {
        /* The last block of the current chunk grows where it is when the
         * chunk has room: a string or array built up while nothing else is
         * allocated costs no copies and leaves no dead copies behind. */
        arena_chunk *c = a->head;
        size_t have = arena__round(old_size), need = arena__round(new_size);
        if (c && (char *)old + have == (char *)c->data + c->used && c->cap - c->used >= need - have) {
            c->used += need - have;
            a->total += need - have;
            if (zero)
                memset((char *)old + old_size, 0, new_size - old_size);
            return old;
        }
    }
    if (old && old_size && new_size >= old_size && arena__round(old_size) > ARENA_CHUNK_MIN) {
        /* A large block has a chunk of its own right behind the current one (or is the current
           one): that chunk is reallocated, which moves no bytes for a block malloc mapped (a
           long generated source doubling its buffer) and leaves no dead copy. */
        size_t have = arena__round(old_size), need = arena__round(new_size);
        arena_chunk **at = a->head && a->head->next ? &a->head->next : &a->head;
        for (int i = 0; i < 2 && *at; i++, at = &a->head) {
            arena_chunk *c = *at;
            if ((char *)old != (char *)c->data || c->used != have)
                continue;
            if (need > SIZE_MAX - sizeof(arena_chunk))
                arena__oom();
            arena_chunk *grown = realloc(c, sizeof(arena_chunk) + need);
            if (!grown)
                arena__oom();
            grown->cap = grown->used = need;
            *at = grown;
            a->total += need - have;
            if (zero)
                memset((char *)grown->data + old_size, 0, new_size - old_size);
            return grown->data;
        }
    }
    void *p = arena__take(a, new_size);
    size_t keep = old && old_size ? (old_size < new_size ? old_size : new_size) : 0;
    if (keep)
        memcpy(p, old, keep);
    if (zero)
        memset((char *)p + keep, 0, new_size - keep);
    return p;
}

void *arena_grow(arena *a, void *old, size_t old_size, size_t new_size)
{
    return arena__grow(a, old, old_size, new_size, true);
}

void *arena_grow_uninit(arena *a, void *old, size_t old_size, size_t new_size)
{
    return arena__grow(a, old, old_size, new_size, false);
}

void arena_release(arena *a, void *p, size_t size)
{
    if (!p || arena__round(size) <= ARENA_CHUNK_MIN)
        return;
    /* A large block has a chunk of its own, put right behind the current one when it was
       taken; a few more large blocks may have been taken since. */
    arena_chunk **at = &a->head;
    for (int i = 0; i < 6 && *at; i++, at = &(*at)->next) {
        arena_chunk *c = *at;
        if ((char *)p == (char *)c->data && c->used == arena__round(size)) {
            *at = c->next;
            a->total -= c->used;
            free(c);
            return;
        }
    }
}

/* The growth step that lower.c and fmt.c each wrote out per array: one copy
 * keeps the doubling and the byte-size arithmetic in one place. */
void *arena_reserve(arena *a, void *array, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap)
        return array;
    size_t ncap = *cap ? *cap * 2 : first;
    array = arena_grow(a, array, *cap * size, ncap * size);
    *cap = ncap;
    return array;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena__take(a, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(arena *a, const char *fmt, va_list ap)
{
    /* Print into the free end of the current chunk and keep what was
     * written when it fit; else take a block of the right size and print
     * again. */
    va_list cp;
    va_copy(cp, ap);
    arena_chunk *c = a->head;
    char *room = c ? (char *)c->data + c->used : NULL;
    size_t cap = c ? c->cap - c->used : 0;
    int n = text_vformat(room, cap, fmt, ap);
    if (n < 0) {
        va_end(cp);
        return arena_strdup(a, "");
    }
    if ((size_t)n < cap) {
        va_end(cp);
        size_t need = arena__round((size_t)n + 1);
        c->used += need;
        a->total += need;
        return room;
    }
    char *p = arena__take(a, (size_t)n + 1);
    text_vformat(p, (size_t)n + 1, fmt, cp);
    va_end(cp);
    return p;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}
