/*
 * strmap.h - a hash map from byte strings to pointers, in an arena.
 *
 * Name lookups over fields, enum values, models and constraints must stay
 * linear in the size of a schema (a model may have 100k fields), so every
 * "is this name already taken" question goes through one of these instead
 * of a walk over the earlier names. Keys are not copied: they must live as
 * long as the map (arena strings do). Keys are byte strings with a length,
 * so a prefix of a name (PostgreSQL keeps 63 bytes) or a key made of
 * several parts can be used without building a new string.
 *
 * Open addressing with linear probing, grown at half load; the map lives in
 * the arena given to strmap_init and is released with it.
 */
#ifndef SCHEMAC_STRMAP_H
#define SCHEMAC_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef struct strmap_slot {
    const char *key; /* NULL: empty */
    void *value;
    uint32_t len;  /* keys are shorter than 4 GiB */
    uint32_t hash; /* the low half of strmap_hash: all a table of 2^32 slots or fewer reads */
} strmap_slot;

typedef struct strmap {
    arena *a;
    strmap_slot *slots;
    size_t n, cap; /* cap is a power of two, or 0 */
} strmap;

void strmap_init(strmap *m, arena *a);

/* The value stored under KEY (LEN bytes), or NULL. */
void *strmap_get(const strmap *m, const char *key, size_t len);
/* strmap_get with a NUL-terminated key. */
void *strmap_gets(const strmap *m, const char *key);

/*
 * Store VALUE (not NULL) under KEY unless the key is present. Returns the
 * value already stored under KEY, or NULL when VALUE was added: so the first
 * of several equal names wins, and a caller learns of a duplicate in one call.
 */
void *strmap_add(strmap *m, const char *key, size_t len, void *value);
/* strmap_add with a NUL-terminated key. */
void *strmap_adds(strmap *m, const char *key, void *value);

/* Replace (or add) the value stored under KEY. */
void strmap_set(strmap *m, const char *key, size_t len, void *value);

/* The number of keys. */
size_t strmap_count(const strmap *m);

/* The hash of LEN bytes the map uses (a word at a time; not stable across byte orders, never stored). */
size_t strmap_hash(const char *key, size_t len);

#endif
