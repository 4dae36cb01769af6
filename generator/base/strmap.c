/*
 * strmap.c - the hash map of strmap.h.
 */
#include "base/strmap.h"

#include <stdint.h>
#include <string.h>

void strmap_init(strmap *m, arena *a)
{
    memset(m, 0, sizeof(*m));
    m->a = a;
}

size_t strmap_hash(const char *key, size_t len)
{
    /* Eight bytes per step (a multiply and a shift mix each word in), the tail as one more word:
       names are short, and a byte-at-a-time hash was a visible share of every lookup. */
    uint64_t h = 0x9E3779B97F4A7C15u ^ (uint64_t)len;
    while (len >= 8) {
        uint64_t v;
        memcpy(&v, key, 8);
        h = (h ^ v) * 0xFF51AFD7ED558CCDu;
        h ^= h >> 32;
        key += 8;
        len -= 8;
    }
    uint64_t v = 0;
    if (len)
        memcpy(&v, key, len);
    h = (h ^ v) * 0xC4CEB9FE1A85EC53u;
    h ^= h >> 29;
    return (size_t)h;
}

/* The slot holding KEY, or the empty slot where it would go. */
static strmap_slot *strmap__slot(const strmap *m, const char *key, size_t len, uint32_t hash)
{
    size_t mask = m->cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        strmap_slot *s = &m->slots[i];
        if (!s->key || (s->hash == hash && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static void strmap__grow(strmap *m)
{
    strmap bigger = *m;
    bigger.cap = m->cap ? m->cap * 2 : 16;
    bigger.slots = ARENA_ARRAY(m->a, strmap_slot, bigger.cap);
    for (size_t i = 0; i < m->cap; i++) {
        const strmap_slot *s = &m->slots[i];
        if (s->key)
            *strmap__slot(&bigger, s->key, s->len, s->hash) = *s;
    }
    arena_release(m->a, m->slots, m->cap * sizeof *m->slots);
    *m = bigger;
}

void *strmap_get(const strmap *m, const char *key, size_t len)
{
    if (m->n == 0)
        return NULL;
    const strmap_slot *s = strmap__slot(m, key, len, (uint32_t)strmap_hash(key, len));
    return s->key ? s->value : NULL;
}

void *strmap_gets(const strmap *m, const char *key)
{
    return strmap_get(m, key, strlen(key));
}

/* The slot for KEY, made room for: either its own or an empty one. The table is kept at most
   three quarters full (linear probing stays short; half full spent twice the memory on empty
   slots, 20 MB of generate's registry of C names). */
static strmap_slot *strmap__claim(strmap *m, const char *key, size_t len, uint32_t hash)
{
    if ((m->n + 1) * 4 > m->cap * 3)
        strmap__grow(m);
    return strmap__slot(m, key, len, hash);
}

void *strmap_add(strmap *m, const char *key, size_t len, void *value)
{
    uint32_t hash = (uint32_t)strmap_hash(key, len);
    strmap_slot *s = strmap__claim(m, key, len, hash);
    if (s->key)
        return s->value;
    s->key = key;
    s->len = (uint32_t)len;
    s->hash = hash;
    s->value = value;
    m->n++;
    return NULL;
}

void *strmap_adds(strmap *m, const char *key, void *value)
{
    return strmap_add(m, key, strlen(key), value);
}

void strmap_set(strmap *m, const char *key, size_t len, void *value)
{
    uint32_t hash = (uint32_t)strmap_hash(key, len);
    strmap_slot *s = strmap__claim(m, key, len, hash);
    if (!s->key) {
        s->key = key;
        s->len = (uint32_t)len;
        s->hash = hash;
        m->n++;
    }
    s->value = value;
}

size_t strmap_count(const strmap *m)
{
    return m->n;
}
