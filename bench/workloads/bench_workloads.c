/*
 * bench_workloads.c - seven application workloads, the functions schemac
 * generates for workloads.prisma against the best hand-written sqlite3 /
 * libpq code for the same user-visible result (see bench/README.md,
 * "Workloads W1-W7").
 *
 *   bench_workloads sqlite|pg [--url URL] [--users N] [--posts M] [--runs R]
 *
 * The hand-written side is what a database expert writes: statements
 * prepared once; no RETURNING unless the caller wants the row back
 * (sqlite3_last_insert_rowid; RETURNING "id" alone on PostgreSQL); one
 * `IN (SELECT value FROM json_each(?1))` / `= ANY($1)` query per batch of
 * keys, rows grouped on the client; multi-row INSERTs on SQLite and COPY on
 * PostgreSQL for bulk loads; result rows in one arena per call (on
 * PostgreSQL text points into the PGresult, which is the arena). On
 * PostgreSQL integers, timestamps and the keys' int4[] go as binary
 * parameters and come back as binary results (COPY stays text); on SQLite
 * timestamps are formatted and parsed by fixed-position digit code.
 *
 * Each run builds a fresh database per side (SQLite: in memory; PostgreSQL:
 * tables dropped and created) and runs W1..W7 in order on it, hand-written
 * and generated alternating which goes first. Both sides fold what they read
 * into a checksum per workload, and the two must agree, so neither side can
 * skip work. Output: per workload the median over runs of each side's time
 * and the median of the per-run ratios generated / hand-written.
 *
 * Every workload is one non-inlined function per side (hand_w1 .. hand_w7,
 * gen_w1 .. gen_w7), so `valgrind --tool=callgrind --toggle-collect=hand_w1
 * ...` counts each one's instructions (bench/workloads/run.sh does that).
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wl.h"

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

enum { NW = 7, MAX_RUNS = 64, PAGE = 100, BATCH_USERS = 1000, INSERT_BATCH = 100 };

static const char *const wnames[NW] = {
    "W1 insert 1-by-1 in a tx, ids back", "W2 bulk insert posts", "W3 users by id",
    "W4 users by unique email", "W5 posts of 1000 users + authors", "W6 versioned update",
    "W7 keyset pages of 100"};

/* The DDL `schemac sql` writes for workloads.prisma. */
static const char ddl_sqlite[] =
    "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"email\" TEXT NOT NULL, "
    "\"name\" TEXT NOT NULL, \"createdAt\" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP);"
    "CREATE TABLE \"Post\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"authorId\" INTEGER NOT NULL, "
    "\"title\" TEXT NOT NULL, \"body\" TEXT, \"version\" INTEGER NOT NULL DEFAULT 1, "
    "\"createdAt\" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY "
    "(\"authorId\") REFERENCES \"User\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE);"
    "CREATE INDEX \"Post_authorId_idx\" ON \"Post\" (\"authorId\");"
    "CREATE UNIQUE INDEX \"User_email_key\" ON \"User\" (\"email\");";
static const char ddl_pg[] =
    "SET client_min_messages = warning; DROP TABLE IF EXISTS \"PostSeq\"; DROP TABLE IF EXISTS \"Post\"; "
    "DROP TABLE IF EXISTS \"User\";"
    "CREATE TABLE \"User\" (\"id\" SERIAL NOT NULL, \"email\" TEXT NOT NULL, \"name\" TEXT NOT NULL, "
    "\"createdAt\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\"));"
    "CREATE TABLE \"Post\" (\"id\" SERIAL NOT NULL, \"authorId\" INTEGER NOT NULL, \"title\" TEXT NOT NULL, "
    "\"body\" TEXT, \"version\" INTEGER NOT NULL DEFAULT 1, \"createdAt\" TIMESTAMP(3) NOT NULL DEFAULT "
    "CURRENT_TIMESTAMP, CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\"));"
    "CREATE INDEX \"Post_authorId_idx\" ON \"Post\"(\"authorId\");"
    "CREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");"
    "ALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") REFERENCES "
    "\"User\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;";

/* ---------------------------------------------------------------- the data both sides write */

typedef struct dataset {
    long nusers, nposts;
    char **email, **name;          /* per user */
    int64_t *user_at;              /* per user: createdAt, Unix microseconds (whole ms) */
    int32_t *post_author_slot;     /* per post: the index of its author among the users */
    char **title, **body;          /* per post; body NULL for every fifth */
    int64_t *post_at;              /* per post: createdAt, Unix microseconds (whole ms) */
    char **new_title;              /* W6: the title each of the first nusers posts gets */
    long *perm;                    /* a permutation of 0..nusers-1 (W3, W4, W5) */
} dataset;

static uint64_t rng_state = 88172645463325252ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return memcpy(p, s, n);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

static void dataset_make(dataset *d, long nusers, long nposts)
{
    char buf[400];
    d->nusers = nusers;
    d->nposts = nposts;
    d->email = xmalloc(sizeof(char *) * (size_t)nusers);
    d->name = xmalloc(sizeof(char *) * (size_t)nusers);
    for (long i = 0; i < nusers; i++) {
        snprintf(buf, sizeof buf, "user%ld.%llx@example.com", i, (unsigned long long)(rng() & 0xffff));
        d->email[i] = xstrdup(buf);
        snprintf(buf, sizeof buf, "User Number %ld", i);
        d->name[i] = xstrdup(buf);
    }
    d->user_at = xmalloc(sizeof(int64_t) * (size_t)nusers);
    for (long i = 0; i < nusers; i++)
        d->user_at[i] = INT64_C(1735689600000000) + (int64_t)i * 7919000;
    d->post_author_slot = xmalloc(sizeof(int32_t) * (size_t)nposts);
    d->title = xmalloc(sizeof(char *) * (size_t)nposts);
    d->body = xmalloc(sizeof(char *) * (size_t)nposts);
    d->post_at = xmalloc(sizeof(int64_t) * (size_t)nposts);
    int64_t base = INT64_C(1767225600000000); /* 2026-01-01 */
    for (long j = 0; j < nposts; j++) {
        d->post_author_slot[j] = (int32_t)(rng() % (uint64_t)nusers);
        snprintf(buf, sizeof buf, "Post %ld: a title of middling length", j);
        d->title[j] = xstrdup(buf);
        if (j % 5 == 4) {
            d->body[j] = NULL;
        } else {
            int len = 40 + (int)(rng() % 200);
            for (int k = 0; k < len; k++)
                buf[k] = (char)('a' + (int)(rng() % 26));
            if (j % 7 == 0)
                buf[len / 2] = '\t'; /* COPY escapes it */
            buf[len] = '\0';
            d->body[j] = xstrdup(buf);
        }
        d->post_at[j] = base + (int64_t)j * 1000 * 61;
    }
    long nupd = nusers < nposts ? nusers : nposts;
    d->new_title = xmalloc(sizeof(char *) * (size_t)(nupd ? nupd : 1));
    for (long j = 0; j < nupd; j++) {
        snprintf(buf, sizeof buf, "Post %ld, retitled", j);
        d->new_title[j] = xstrdup(buf);
    }
    d->perm = xmalloc(sizeof(long) * (size_t)nusers);
    for (long i = 0; i < nusers; i++)
        d->perm[i] = i;
    for (long i = nusers - 1; i > 0; i--) {
        long k = (long)(rng() % (uint64_t)(i + 1));
        long t = d->perm[i];
        d->perm[i] = d->perm[k];
        d->perm[k] = t;
    }
}

/* ---------------------------------------------------------------- helpers of the hand-written side */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A bump arena: the rows of one call and their text, freed at once. */
typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
} arena_chunk;
typedef struct arena {
    arena_chunk *head;
} arena;

static void *arena_alloc(arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
    arena_chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > 65536 ? n : 65536;
        c = xmalloc(sizeof *c + cap);
        c->next = a->head;
        c->used = 0;
        c->cap = cap;
        a->head = c;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    return p;
}

static char *arena_text(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static void arena_free(arena *a)
{
    for (arena_chunk *c = a->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    a->head = NULL;
}

static int64_t days_from_civil(int y, int m, int d)
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
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static char *put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

/* "2026-01-01T00:00:00.000Z" (SQLite, as Prisma stores it) or "2026-01-01 00:00:00.000+00" (PostgreSQL); 24 or 26 bytes. */
static int fmt_time(char *out, int64_t us, bool pg)
{
    int64_t days = us / 86400000000LL, rem = us % 86400000000LL;
    if (rem < 0) {
        rem += 86400000000LL;
        days--;
    }
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    int secs = (int)(rem / 1000000), ms = (int)(rem % 1000000 / 1000);
    char *p = put2(put2(out, y / 100), y % 100);
    *p++ = '-';
    p = put2(p, m);
    *p++ = '-';
    p = put2(p, d);
    *p++ = pg ? ' ' : 'T';
    p = put2(p, secs / 3600);
    *p++ = ':';
    p = put2(p, secs / 60 % 60);
    *p++ = ':';
    p = put2(p, secs % 60);
    *p++ = '.';
    *p++ = (char)('0' + ms / 100);
    p = put2(p, ms % 100);
    if (pg) {
        memcpy(p, "+00", 3);
        p += 3;
    } else {
        *p++ = 'Z';
    }
    *p = '\0';
    return (int)(p - out);
}

static int dig(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* The fixed-position text of fmt_time or PostgreSQL's timestamp(3) output back to microseconds. */
static int64_t parse_time(const char *s, size_t len)
{
    if (len < 19)
        return -1;
    int64_t days = days_from_civil(dig(s, 4), dig(s + 5, 2), dig(s + 8, 2));
    int64_t us = ((int64_t)dig(s + 11, 2) * 3600 + dig(s + 14, 2) * 60 + dig(s + 17, 2)) * 1000000;
    if (len > 20 && s[19] == '.') {
        int64_t f = 0, scale = 100000;
        for (size_t i = 20; i < len && s[i] >= '0' && s[i] <= '9'; i++, scale /= 10)
            f += (s[i] - '0') * scale;
        us += f;
    }
    return days * 86400000000LL + us;
}

/* Decimal digits of V at P; returns the end. */
static char *put_int(char *p, int64_t v)
{
    char tmp[24];
    int n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *p++ = '-';
    while (n)
        *p++ = tmp[--n];
    return p;
}

/* The rows the hand-written side reads. */
typedef struct h_user {
    int32_t id;
    const char *email, *name;
    int64_t created_at;
    struct h_post *posts;
    size_t nposts;
} h_user;
typedef struct h_post {
    int32_t id, author_id, version;
    const char *title, *body; /* body NULL for SQL NULL */
    int64_t created_at;
} h_post;

static uint64_t sum_user(const char *email, const char *name, int32_t id, int64_t at)
{
    return (uint64_t)id * 31u + strlen(email) * 7u + strlen(name) + (uint64_t)(at % 1000003);
}
static uint64_t sum_post(int32_t id, int32_t author, const char *title, bool has_body, const char *body, int32_t version,
                         int64_t at)
{
    return (uint64_t)id * 17u + (uint64_t)author * 5u + strlen(title) + (has_body ? strlen(body) + 1 : 0) +
           (uint64_t)version * 3u + (uint64_t)(at % 1000003);
}

/* Open-addressing map from an id to a slot (W5's grouping on the client). */
typedef struct idmap {
    int32_t *keys;
    int32_t *vals;
    size_t mask;
} idmap;
static void idmap_init(idmap *m, size_t n)
{
    size_t cap = 16;
    while (cap < n * 2)
        cap <<= 1;
    m->keys = xmalloc(cap * sizeof *m->keys);
    m->vals = xmalloc(cap * sizeof *m->vals);
    memset(m->vals, 0xff, cap * sizeof *m->vals);
    m->mask = cap - 1;
}
static void idmap_put(idmap *m, int32_t k, int32_t v)
{
    size_t h = ((uint32_t)k * 2654435761u) & m->mask;
    while (m->vals[h] >= 0 && m->keys[h] != k)
        h = (h + 1) & m->mask;
    m->keys[h] = k;
    m->vals[h] = v;
}
static int32_t idmap_get(const idmap *m, int32_t k)
{
    size_t h = ((uint32_t)k * 2654435761u) & m->mask;
    while (m->vals[h] >= 0) {
        if (m->keys[h] == k)
            return m->vals[h];
        h = (h + 1) & m->mask;
    }
    return -1;
}
static void idmap_free(idmap *m)
{
    free(m->keys);
    free(m->vals);
}

/* Group POSTS[0..NP) under USERS[0..NU) (the users' map MAP): count, then place, in one block. */
static void group_posts(h_user *users, size_t nu, const idmap *map, h_post *posts, size_t np, arena *a)
{
    int32_t *slot = arena_alloc(a, sizeof(int32_t) * (np ? np : 1));
    for (size_t i = 0; i < np; i++) {
        slot[i] = idmap_get(map, posts[i].author_id);
        if (slot[i] >= 0)
            users[slot[i]].nposts++;
    }
    h_post *block = arena_alloc(a, sizeof(h_post) * (np ? np : 1));
    size_t off = 0;
    for (size_t u = 0; u < nu; u++) {
        users[u].posts = block + off;
        off += users[u].nposts;
        users[u].nposts = 0;
    }
    for (size_t i = 0; i < np; i++)
        if (slot[i] >= 0)
            users[slot[i]].posts[users[slot[i]].nposts++] = posts[i];
}

static uint64_t sum_w5(const h_user *users, size_t nu)
{
    uint64_t s = 0;
    for (size_t u = 0; u < nu; u++) {
        s += sum_user(users[u].email, users[u].name, users[u].id, users[u].created_at);
        for (size_t k = 0; k < users[u].nposts; k++) {
            const h_post *p = &users[u].posts[k];
            s += sum_post(p->id, p->author_id, p->title, p->body != NULL, p->body, p->version, p->created_at) *
                 (uint64_t)users[u].id;
        }
    }
    return s;
}

/* ---------------------------------------------------------------- hand-written SQLite */

typedef struct lite {
    sqlite3 *db;
    sqlite3_stmt *begin, *commit, *ins_user, *ins_posts, *ins_post, *by_id, *by_email, *users_in, *posts_in, *upd,
        *page_first, *page_after;
} lite;

static int lite_prep(sqlite3 *db, sqlite3_stmt **st, const char *sql)
{
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlite: %s\n  in %s\n", sqlite3_errmsg(db), sql);
        return -1;
    }
    return 0;
}

static char *insert_rows_sql(const char *head, int per_row, int rows, bool pg)
{
    size_t cap = strlen(head) + (size_t)rows * (size_t)per_row * 8 + 16;
    char *s = xmalloc(cap), *p = s;
    p += snprintf(p, cap, "%s", head);
    int n = 0;
    for (int r = 0; r < rows; r++) {
        *p++ = r ? ',' : ' ';
        *p++ = '(';
        for (int c = 0; c < per_row; c++)
            p += snprintf(p, cap - (size_t)(p - s), "%s%s%d", c ? "," : "", pg ? "$" : "?", ++n);
        *p++ = ')';
    }
    *p = '\0';
    return s;
}

static int lite_open(lite *l)
{
    memset(l, 0, sizeof *l);
    if (sqlite3_open_v2(":memory:", &l->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) !=
            SQLITE_OK ||
        sqlite3_exec(l->db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(l->db, ddl_sqlite, NULL, NULL, NULL) != SQLITE_OK)
        return -1;
    char *many = insert_rows_sql("INSERT INTO \"Post\" (\"authorId\", \"title\", \"body\", \"createdAt\") VALUES", 4,
                                 INSERT_BATCH, false);
    const char *cols = "\"id\", \"authorId\", \"title\", \"body\", \"version\", \"createdAt\"";
    char sql[512];
    int rc = lite_prep(l->db, &l->begin, "BEGIN") | lite_prep(l->db, &l->commit, "COMMIT") |
             lite_prep(l->db, &l->ins_user, "INSERT INTO \"User\" (\"email\", \"name\", \"createdAt\") VALUES (?1, ?2, ?3)") |
             lite_prep(l->db, &l->ins_posts, many) |
             lite_prep(l->db, &l->ins_post,
                       "INSERT INTO \"Post\" (\"authorId\", \"title\", \"body\", \"createdAt\") VALUES (?1, ?2, ?3, ?4)") |
             lite_prep(l->db, &l->by_id, "SELECT \"id\", \"email\", \"name\", \"createdAt\" FROM \"User\" WHERE \"id\" = ?1") |
             lite_prep(l->db, &l->by_email,
                       "SELECT \"id\", \"email\", \"name\", \"createdAt\" FROM \"User\" WHERE \"email\" = ?1") |
             lite_prep(l->db, &l->users_in,
                       "SELECT \"id\", \"email\", \"name\", \"createdAt\" FROM \"User\" WHERE \"id\" IN (SELECT "
                       "\"value\" FROM json_each(?1))") |
             lite_prep(l->db, &l->upd,
                       "UPDATE \"Post\" SET \"title\" = ?1, \"version\" = \"version\" + 1 WHERE \"id\" = ?2 AND "
                       "\"version\" = ?3");
    snprintf(sql, sizeof sql, "SELECT %s FROM \"Post\" WHERE \"authorId\" IN (SELECT \"value\" FROM json_each(?1))", cols);
    rc |= lite_prep(l->db, &l->posts_in, sql);
    snprintf(sql, sizeof sql, "SELECT %s FROM \"Post\" ORDER BY \"id\" LIMIT ?1", cols);
    rc |= lite_prep(l->db, &l->page_first, sql);
    snprintf(sql, sizeof sql, "SELECT %s FROM \"Post\" WHERE \"id\" > ?1 ORDER BY \"id\" LIMIT ?2", cols);
    rc |= lite_prep(l->db, &l->page_after, sql);
    free(many);
    return rc ? -1 : 0;
}

static void lite_close(lite *l)
{
    sqlite3_stmt *all[] = {l->begin, l->commit, l->ins_user, l->ins_posts, l->ins_post, l->by_id,
                           l->by_email, l->users_in, l->posts_in, l->upd, l->page_first, l->page_after};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        sqlite3_finalize(all[i]);
    sqlite3_close(l->db);
}

static int lite_exec(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

static NOINLINE int hand_lite_w1(lite *l, const dataset *d, int32_t *ids, uint64_t *sum)
{
    char at[32];
    if (lite_exec(l->begin))
        return -1;
    for (long i = 0; i < d->nusers; i++) {
        int n = fmt_time(at, d->user_at[i], false);
        sqlite3_bind_text(l->ins_user, 1, d->email[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(l->ins_user, 2, d->name[i], -1, SQLITE_STATIC);
        sqlite3_bind_text(l->ins_user, 3, at, n, SQLITE_STATIC);
        if (lite_exec(l->ins_user))
            return -1;
        ids[i] = (int32_t)sqlite3_last_insert_rowid(l->db);
        *sum += (uint64_t)ids[i];
    }
    return lite_exec(l->commit);
}

static void lite_bind_post(sqlite3_stmt *st, int base, const dataset *d, const int32_t *ids, long j, char *at)
{
    sqlite3_bind_int(st, base + 1, ids[d->post_author_slot[j]]);
    sqlite3_bind_text(st, base + 2, d->title[j], -1, SQLITE_STATIC);
    if (d->body[j])
        sqlite3_bind_text(st, base + 3, d->body[j], -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, base + 3);
    int n = fmt_time(at, d->post_at[j], false);
    sqlite3_bind_text(st, base + 4, at, n, SQLITE_TRANSIENT);
}

static NOINLINE int hand_lite_w2(lite *l, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    char at[32];
    if (lite_exec(l->begin))
        return -1;
    long j = 0;
    for (; j + INSERT_BATCH <= d->nposts; j += INSERT_BATCH) {
        for (int r = 0; r < INSERT_BATCH; r++)
            lite_bind_post(l->ins_posts, r * 4, d, ids, j + r, at);
        if (lite_exec(l->ins_posts))
            return -1;
    }
    for (; j < d->nposts; j++) {
        lite_bind_post(l->ins_post, 0, d, ids, j, at);
        if (lite_exec(l->ins_post))
            return -1;
    }
    *sum += (uint64_t)d->nposts;
    return lite_exec(l->commit);
}

/* The one user row ST answers, in one allocation with its text. */
static int lite_user_one(sqlite3_stmt *st, uint64_t *sum)
{
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        size_t le = (size_t)sqlite3_column_bytes(st, 1), ln = (size_t)sqlite3_column_bytes(st, 2);
        h_user *u = xmalloc(sizeof *u + le + ln + 2);
        char *p = (char *)(u + 1);
        u->id = sqlite3_column_int(st, 0);
        memcpy(p, sqlite3_column_text(st, 1), le + 1);
        u->email = p;
        memcpy(p + le + 1, sqlite3_column_text(st, 2), ln + 1);
        u->name = p + le + 1;
        u->created_at = parse_time((const char *)sqlite3_column_text(st, 3), (size_t)sqlite3_column_bytes(st, 3));
        *sum += sum_user(u->email, u->name, u->id, u->created_at);
        free(u);
    }
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : -1;
}

static NOINLINE int hand_lite_w3(lite *l, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    for (long k = 0; k < d->nusers; k++) {
        sqlite3_bind_int(l->by_id, 1, ids[d->perm[k]]);
        if (lite_user_one(l->by_id, sum))
            return -1;
    }
    return 0;
}

static NOINLINE int hand_lite_w4(lite *l, const dataset *d, uint64_t *sum)
{
    for (long k = 0; k < d->nusers; k++) {
        sqlite3_bind_text(l->by_email, 1, d->email[d->perm[k]], -1, SQLITE_STATIC);
        if (lite_user_one(l->by_email, sum))
            return -1;
    }
    return 0;
}

static void lite_post_read(h_post *p, sqlite3_stmt *st, arena *a)
{
    p->id = sqlite3_column_int(st, 0);
    p->author_id = sqlite3_column_int(st, 1);
    p->title = arena_text(a, (const char *)sqlite3_column_text(st, 2), (size_t)sqlite3_column_bytes(st, 2));
    p->body = sqlite3_column_type(st, 3) == SQLITE_NULL
                  ? NULL
                  : arena_text(a, (const char *)sqlite3_column_text(st, 3), (size_t)sqlite3_column_bytes(st, 3));
    p->version = sqlite3_column_int(st, 4);
    p->created_at = parse_time((const char *)sqlite3_column_text(st, 5), (size_t)sqlite3_column_bytes(st, 5));
}

static NOINLINE int hand_lite_w5(lite *l, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    char *keys = xmalloc((size_t)BATCH_USERS * 12 + 4);
    for (long b = 0; b + BATCH_USERS <= d->nusers; b += BATCH_USERS) {
        arena a = {NULL};
        char *p = keys;
        *p++ = '[';
        for (long k = 0; k < BATCH_USERS; k++) {
            if (k)
                *p++ = ',';
            p = put_int(p, ids[d->perm[b + k]]);
        }
        *p++ = ']';
        h_user *users = arena_alloc(&a, sizeof(h_user) * BATCH_USERS);
        idmap map;
        idmap_init(&map, BATCH_USERS);
        size_t nu = 0;
        sqlite3_bind_text(l->users_in, 1, keys, (int)(p - keys), SQLITE_STATIC);
        while (sqlite3_step(l->users_in) == SQLITE_ROW) {
            h_user *u = &users[nu];
            u->id = sqlite3_column_int(l->users_in, 0);
            u->email = arena_text(&a, (const char *)sqlite3_column_text(l->users_in, 1),
                                  (size_t)sqlite3_column_bytes(l->users_in, 1));
            u->name = arena_text(&a, (const char *)sqlite3_column_text(l->users_in, 2),
                                 (size_t)sqlite3_column_bytes(l->users_in, 2));
            u->created_at = parse_time((const char *)sqlite3_column_text(l->users_in, 3),
                                       (size_t)sqlite3_column_bytes(l->users_in, 3));
            u->posts = NULL;
            u->nposts = 0;
            idmap_put(&map, u->id, (int32_t)nu++);
        }
        sqlite3_reset(l->users_in);
        size_t cap = 4096, np = 0;
        h_post *posts = xmalloc(cap * sizeof *posts);
        sqlite3_bind_text(l->posts_in, 1, keys, (int)(p - keys), SQLITE_STATIC);
        while (sqlite3_step(l->posts_in) == SQLITE_ROW) {
            if (np == cap)
                posts = realloc(posts, (cap *= 2) * sizeof *posts);
            lite_post_read(&posts[np++], l->posts_in, &a);
        }
        sqlite3_reset(l->posts_in);
        group_posts(users, nu, &map, posts, np, &a);
        *sum += sum_w5(users, nu);
        free(posts);
        idmap_free(&map);
        arena_free(&a);
    }
    free(keys);
    return 0;
}

static NOINLINE int hand_lite_w6(lite *l, const dataset *d, uint64_t *sum)
{
    long n = d->nusers < d->nposts ? d->nusers : d->nposts;
    if (lite_exec(l->begin))
        return -1;
    for (long j = 0; j < n; j++) {
        sqlite3_bind_text(l->upd, 1, d->new_title[j], -1, SQLITE_STATIC);
        sqlite3_bind_int(l->upd, 2, (int)(j + 1));
        sqlite3_bind_int(l->upd, 3, 1);
        if (lite_exec(l->upd) || sqlite3_changes(l->db) != 1)
            return -1;
        *sum += 1;
    }
    return lite_exec(l->commit);
}

static NOINLINE int hand_lite_w7(lite *l, uint64_t *sum)
{
    int32_t after = 0;
    bool first = true;
    for (;;) {
        arena a = {NULL};
        sqlite3_stmt *st = first ? l->page_first : l->page_after;
        if (first) {
            sqlite3_bind_int(st, 1, PAGE);
        } else {
            sqlite3_bind_int(st, 1, after);
            sqlite3_bind_int(st, 2, PAGE);
        }
        h_post *rows = arena_alloc(&a, sizeof(h_post) * PAGE);
        size_t n = 0;
        while (sqlite3_step(st) == SQLITE_ROW)
            lite_post_read(&rows[n++], st, &a);
        sqlite3_reset(st);
        for (size_t i = 0; i < n; i++)
            *sum += sum_post(rows[i].id, rows[i].author_id, rows[i].title, rows[i].body != NULL, rows[i].body,
                             rows[i].version, rows[i].created_at);
        if (n)
            after = rows[n - 1].id;
        arena_free(&a);
        first = false;
        if (n < PAGE)
            break;
    }
    return 0;
}

/* ---------------------------------------------------------------- hand-written PostgreSQL */

static int pg_ok(PGresult *res, ExecStatusType want, const char *what)
{
    int ok = PQresultStatus(res) == want;
    if (!ok)
        fprintf(stderr, "pg %s: %s", what, PQresultErrorMessage(res));
    PQclear(res);
    return ok ? 0 : -1;
}

/* NAME prepared from SQL with its N parameters' types (0: the server's choice; the binary ones must be given). */
static int pg_prep(PGconn *pg, const char *name, const char *sql, int n, const Oid *types)
{
    return pg_ok(PQprepare(pg, name, sql, n, types), PGRES_COMMAND_OK, name);
}

/*
 * Binary parameters and results, as an expert after speed writes libpq
 * code: integers and timestamps as their bytes (nothing formatted on the
 * client, nothing parsed on the server), text as it is (libpq ends every
 * value with a NUL, binary or not).
 */
enum { OID_INT4 = 23, OID_INT8 = 20, OID_TEXT = 25, OID_TIMESTAMP = 1114, OID_INT4_ARRAY = 1007 };
#define PG_EPOCH_US INT64_C(946684800000000) /* 2000-01-01 in microseconds since 1970 */

static void put_be32(char *p, uint32_t v)
{
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
}

/*
 * A binary int4[] of N elements, its header written (one dimension, no
 * NULLs, N from 1): each element, at 20 + 8 * K, is a length and four bytes.
 */
static char *int4_keys_new(int n)
{
    char *keys = xmalloc((size_t)(20 + 8 * n));
    put_be32(keys, 1);
    put_be32(keys + 4, 0);
    put_be32(keys + 8, OID_INT4);
    put_be32(keys + 12, (uint32_t)n);
    put_be32(keys + 16, 1);
    return keys;
}

static void put_be64(char *p, uint64_t v)
{
    put_be32(p, (uint32_t)(v >> 32));
    put_be32(p + 4, (uint32_t)v);
}

static int32_t get_be32(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    return (int32_t)((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3]);
}

static int64_t get_be64(const char *s)
{
    return (int64_t)((uint64_t)(uint32_t)get_be32(s) << 32 | (uint32_t)get_be32(s + 4));
}

/* A timestamp(3) value of a binary result: microseconds since 2000, here since 1970. */
static int64_t get_time(const char *s)
{
    return get_be64(s) + PG_EPOCH_US;
}

static int pgh_open(PGconn **out, const char *url)
{
    PGconn *pg = PQconnectdb(url);
    *out = pg;
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "pg: %s", PQerrorMessage(pg));
        return -1;
    }
    if (pg_ok(PQexec(pg, ddl_pg), PGRES_COMMAND_OK, "ddl"))
        return -1;
    const char *cols = "\"id\", \"authorId\", \"title\", \"body\", \"version\", \"createdAt\"";
    char sql[512];
    static const Oid ins_t[3] = {OID_TEXT, OID_TEXT, OID_TIMESTAMP}, int4_t[1] = {OID_INT4}, text_t[1] = {OID_TEXT},
                     arr_t[1] = {OID_INT4_ARRAY}, upd_t[3] = {OID_TEXT, OID_INT4, OID_INT4}, page_t[2] = {OID_INT4, OID_INT8};
    int rc = pg_prep(pg, "ins_user", "INSERT INTO \"User\" (\"email\", \"name\", \"createdAt\") VALUES ($1, $2, $3) RETURNING \"id\"", 3,
                     ins_t) |
             pg_prep(pg, "by_id", "SELECT \"id\", \"email\", \"name\", \"createdAt\" FROM \"User\" WHERE \"id\" = $1", 1, int4_t) |
             pg_prep(pg, "by_email", "SELECT \"id\", \"email\", \"name\", \"createdAt\" FROM \"User\" WHERE \"email\" = $1", 1,
                     text_t) |
             pg_prep(pg, "users_in", "SELECT \"id\", \"email\", \"name\", \"createdAt\" FROM \"User\" WHERE \"id\" = ANY($1)", 1,
                     arr_t) |
             pg_prep(pg, "upd",
                     "UPDATE \"Post\" SET \"title\" = $1, \"version\" = \"version\" + 1 WHERE \"id\" = $2 AND \"version\" = $3", 3,
                     upd_t);
    snprintf(sql, sizeof sql, "SELECT %s FROM \"Post\" WHERE \"authorId\" = ANY($1)", cols);
    rc |= pg_prep(pg, "posts_in", sql, 1, arr_t);
    snprintf(sql, sizeof sql, "SELECT %s FROM \"Post\" WHERE \"id\" > $1 ORDER BY \"id\" LIMIT $2", cols);
    rc |= pg_prep(pg, "page", sql, 2, page_t);
    /* the sequential code the pipelines and COPY replace (hand_pg_seq_w2, hand_pg_seq_w5) */
    static const Oid seq_t[4] = {OID_INT4, OID_TEXT, OID_TEXT, OID_TIMESTAMP};
    rc |= pg_ok(PQexec(pg, "CREATE TABLE \"PostSeq\" (LIKE \"Post\" INCLUDING ALL); ALTER TABLE \"PostSeq\" ADD FOREIGN "
                           "KEY (\"authorId\") REFERENCES \"User\" (\"id\") ON DELETE RESTRICT ON UPDATE CASCADE"),
                PGRES_COMMAND_OK, "PostSeq");
    rc |= pg_prep(pg, "ins_post_seq",
                  "INSERT INTO \"PostSeq\" (\"authorId\", \"title\", \"body\", \"createdAt\") VALUES ($1, $2, $3, $4)", 4, seq_t);
    snprintf(sql, sizeof sql, "SELECT %s FROM \"Post\" WHERE \"authorId\" = $1", cols);
    rc |= pg_prep(pg, "posts_of", sql, 1, int4_t);
    return rc ? -1 : 0;
}

/*
 * PQexecPrepared without its start: sent, then its result (and the end of
 * results) taken. PQexecPrepared first drains results of earlier commands,
 * which a program that always takes its results never has.
 */
static PGresult *exec_prepared(PGconn *pg, const char *name, int n, const char *const *vals, const int *lens, const int *fmts,
                               int result_format)
{
    if (!PQsendQueryPrepared(pg, name, n, vals, lens, fmts, result_format))
        return NULL;
    PGresult *res = PQgetResult(pg), *r;
    while ((r = PQgetResult(pg))) {
        PQclear(res);
        res = r;
    }
    return res;
}

static int pg_cmd(PGconn *pg, const char *sql)
{
    return pg_ok(PQexec(pg, sql), PGRES_COMMAND_OK, sql);
}

static NOINLINE int hand_pg_w1(PGconn *pg, const dataset *d, int32_t *ids, uint64_t *sum)
{
    char at[8];
    static const int len[3] = {0, 0, 8}, fmt[3] = {0, 0, 1};
    if (pg_cmd(pg, "BEGIN"))
        return -1;
    for (long i = 0; i < d->nusers; i++) {
        put_be64(at, (uint64_t)(d->user_at[i] - PG_EPOCH_US));
        const char *v[3] = {d->email[i], d->name[i], at};
        PGresult *res = exec_prepared(pg, "ins_user", 3, v, len, fmt, 1);
        if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
            return pg_ok(res, PGRES_TUPLES_OK, "ins_user");
        ids[i] = get_be32(PQgetvalue(res, 0, 0));
        *sum += (uint64_t)ids[i];
        PQclear(res);
    }
    return pg_cmd(pg, "COMMIT");
}

/* COPY text: backslash, LF, CR and tab escaped. */
static char *copy_put(char *p, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\': *p++ = '\\'; *p++ = '\\'; break;
        case '\n': *p++ = '\\'; *p++ = 'n'; break;
        case '\r': *p++ = '\\'; *p++ = 'r'; break;
        case '\t': *p++ = '\\'; *p++ = 't'; break;
        default: *p++ = *s;
        }
    }
    return p;
}

static NOINLINE int hand_pg_w2(PGconn *pg, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    if (pg_ok(PQexec(pg, "COPY \"Post\" (\"authorId\", \"title\", \"body\", \"createdAt\") FROM STDIN"), PGRES_COPY_IN,
              "copy"))
        return -1;
    size_t cap = 1 << 16;
    char *buf = xmalloc(cap + 4096), *p = buf;
    for (long j = 0; j < d->nposts; j++) {
        p = put_int(p, ids[d->post_author_slot[j]]);
        *p++ = '\t';
        p = copy_put(p, d->title[j]);
        *p++ = '\t';
        if (d->body[j]) {
            p = copy_put(p, d->body[j]);
        } else {
            *p++ = '\\';
            *p++ = 'N';
        }
        *p++ = '\t';
        p += fmt_time(p, d->post_at[j], true);
        *p++ = '\n';
        if ((size_t)(p - buf) >= cap) {
            if (PQputCopyData(pg, buf, (int)(p - buf)) != 1)
                return -1;
            p = buf;
        }
    }
    if ((p > buf && PQputCopyData(pg, buf, (int)(p - buf)) != 1) || PQputCopyEnd(pg, NULL) != 1)
        return -1;
    free(buf);
    PGresult *res = PQgetResult(pg);
    int rc = pg_ok(res, PGRES_COMMAND_OK, "copy end");
    while ((res = PQgetResult(pg)))
        PQclear(res);
    *sum += (uint64_t)d->nposts;
    return rc;
}

/* The one user row of RES, in one allocation (its text in the PGresult). */
static int pg_user_one(PGresult *res, uint64_t *sum)
{
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        return pg_ok(res, PGRES_TUPLES_OK, "user");
    h_user *u = xmalloc(sizeof *u);
    u->id = get_be32(PQgetvalue(res, 0, 0));
    u->email = PQgetvalue(res, 0, 1);
    u->name = PQgetvalue(res, 0, 2);
    u->created_at = get_time(PQgetvalue(res, 0, 3));
    *sum += sum_user(u->email, u->name, u->id, u->created_at);
    free(u);
    PQclear(res);
    return 0;
}

static NOINLINE int hand_pg_w3(PGconn *pg, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    char key[4];
    static const int len[1] = {4}, fmt[1] = {1};
    for (long k = 0; k < d->nusers; k++) {
        put_be32(key, (uint32_t)ids[d->perm[k]]);
        const char *v[1] = {key};
        if (pg_user_one(exec_prepared(pg, "by_id", 1, v, len, fmt, 1), sum))
            return -1;
    }
    return 0;
}

static NOINLINE int hand_pg_w4(PGconn *pg, const dataset *d, uint64_t *sum)
{
    for (long k = 0; k < d->nusers; k++) {
        const char *v[1] = {d->email[d->perm[k]]};
        if (pg_user_one(exec_prepared(pg, "by_email", 1, v, NULL, NULL, 1), sum))
            return -1;
    }
    return 0;
}

static void pg_post_read(h_post *p, const PGresult *res, int r)
{
    p->id = get_be32(PQgetvalue(res, r, 0));
    p->author_id = get_be32(PQgetvalue(res, r, 1));
    p->title = PQgetvalue(res, r, 2);
    p->body = PQgetisnull(res, r, 3) ? NULL : PQgetvalue(res, r, 3);
    p->version = get_be32(PQgetvalue(res, r, 4));
    p->created_at = get_time(PQgetvalue(res, r, 5));
}

static NOINLINE int hand_pg_w5(PGconn *pg, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    /* the keys as a binary int4[]: one dimension, no NULLs, then a length and four bytes each */
    const int size = 20 + 8 * BATCH_USERS, fmt[1] = {1};
    char *keys = int4_keys_new(BATCH_USERS);
    for (long b = 0; b + BATCH_USERS <= d->nusers; b += BATCH_USERS) {
        arena a = {NULL};
        for (long k = 0; k < BATCH_USERS; k++) {
            put_be32(keys + 20 + 8 * k, 4);
            put_be32(keys + 24 + 8 * k, (uint32_t)ids[d->perm[b + k]]);
        }
        const char *v[1] = {keys};
        PGresult *ru = exec_prepared(pg, "users_in", 1, v, &size, fmt, 1);
        PGresult *rp = exec_prepared(pg, "posts_in", 1, v, &size, fmt, 1);
        if (PQresultStatus(ru) != PGRES_TUPLES_OK || PQresultStatus(rp) != PGRES_TUPLES_OK) {
            PQclear(rp);
            return pg_ok(ru, PGRES_TUPLES_OK, "w5");
        }
        int nu = PQntuples(ru), np = PQntuples(rp);
        h_user *users = arena_alloc(&a, sizeof(h_user) * (size_t)(nu ? nu : 1));
        idmap map;
        idmap_init(&map, (size_t)nu);
        for (int r = 0; r < nu; r++) {
            h_user *u = &users[r];
            u->id = get_be32(PQgetvalue(ru, r, 0));
            u->email = PQgetvalue(ru, r, 1);
            u->name = PQgetvalue(ru, r, 2);
            u->created_at = get_time(PQgetvalue(ru, r, 3));
            u->posts = NULL;
            u->nposts = 0;
            idmap_put(&map, u->id, r);
        }
        h_post *posts = arena_alloc(&a, sizeof(h_post) * (size_t)(np ? np : 1));
        for (int r = 0; r < np; r++)
            pg_post_read(&posts[r], rp, r);
        group_posts(users, (size_t)nu, &map, posts, (size_t)np, &a);
        *sum += sum_w5(users, (size_t)nu);
        idmap_free(&map);
        PQclear(ru);
        PQclear(rp);
        arena_free(&a);
    }
    free(keys);
    return 0;
}

/*
 * The sequential code most libpq programs hold, which COPY and the loaders
 * replace (#15's "against sequential hand-written code"; the same user-visible
 * result): W2 as one prepared INSERT per row in a transaction (into "PostSeq",
 * the same table and foreign key as "Post"), W5 as one query for a batch's
 * users and then one per user for its posts.
 */
static NOINLINE int hand_pg_seq_w2(PGconn *pg, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    char author[4], at[8];
    static const int len[4] = {4, 0, 0, 8}, fmt[4] = {1, 0, 0, 1};
    if (pg_cmd(pg, "BEGIN"))
        return -1;
    for (long j = 0; j < d->nposts; j++) {
        put_be32(author, (uint32_t)ids[d->post_author_slot[j]]);
        put_be64(at, (uint64_t)(d->post_at[j] - PG_EPOCH_US));
        const char *v[4] = {author, d->title[j], d->body[j], at};
        if (pg_ok(exec_prepared(pg, "ins_post_seq", 4, v, len, fmt, 1), PGRES_COMMAND_OK, "ins_post_seq"))
            return -1;
    }
    *sum += (uint64_t)d->nposts;
    return pg_cmd(pg, "COMMIT");
}

static NOINLINE int hand_pg_seq_w5(PGconn *pg, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    const int size = 20 + 8 * BATCH_USERS, fmt[1] = {1}, len4[1] = {4};
    char *keys = int4_keys_new(BATCH_USERS), key[4];
    for (long b = 0; b + BATCH_USERS <= d->nusers; b += BATCH_USERS) {
        for (long k = 0; k < BATCH_USERS; k++) {
            put_be32(keys + 20 + 8 * k, 4);
            put_be32(keys + 24 + 8 * k, (uint32_t)ids[d->perm[b + k]]);
        }
        const char *v[1] = {keys};
        PGresult *ru = exec_prepared(pg, "users_in", 1, v, &size, fmt, 1);
        if (PQresultStatus(ru) != PGRES_TUPLES_OK)
            return pg_ok(ru, PGRES_TUPLES_OK, "w5 users");
        for (int r = 0; r < PQntuples(ru); r++) {
            int32_t id = get_be32(PQgetvalue(ru, r, 0));
            *sum += sum_user(PQgetvalue(ru, r, 1), PQgetvalue(ru, r, 2), id, get_time(PQgetvalue(ru, r, 3)));
            put_be32(key, (uint32_t)id);
            const char *kv[1] = {key};
            PGresult *rp = exec_prepared(pg, "posts_of", 1, kv, len4, fmt, 1);
            if (PQresultStatus(rp) != PGRES_TUPLES_OK) {
                PQclear(ru);
                return pg_ok(rp, PGRES_TUPLES_OK, "w5 posts");
            }
            for (int q = 0; q < PQntuples(rp); q++) {
                h_post p;
                pg_post_read(&p, rp, q);
                *sum += sum_post(p.id, p.author_id, p.title, p.body != NULL, p.body, p.version, p.created_at) * (uint64_t)id;
            }
            PQclear(rp);
        }
        PQclear(ru);
    }
    free(keys);
    return 0;
}

static NOINLINE int hand_pg_w6(PGconn *pg, const dataset *d, uint64_t *sum)
{
    long n = d->nusers < d->nposts ? d->nusers : d->nposts;
    char key[4], one[4];
    static const int len[3] = {0, 4, 4}, fmt[3] = {0, 1, 1};
    put_be32(one, 1);
    if (pg_cmd(pg, "BEGIN"))
        return -1;
    for (long j = 0; j < n; j++) {
        put_be32(key, (uint32_t)(j + 1));
        const char *v[3] = {d->new_title[j], key, one};
        PGresult *res = exec_prepared(pg, "upd", 3, v, len, fmt, 0);
        if (PQresultStatus(res) != PGRES_COMMAND_OK || strcmp(PQcmdTuples(res), "1") != 0)
            return pg_ok(res, PGRES_TUPLES_OK, "upd");
        PQclear(res);
        *sum += 1;
    }
    return pg_cmd(pg, "COMMIT");
}

static NOINLINE int hand_pg_w7(PGconn *pg, uint64_t *sum)
{
    char after[4], limit[8];
    static const int len[2] = {4, 8}, fmt[2] = {1, 1};
    put_be32(after, 0);
    put_be64(limit, PAGE);
    for (;;) {
        const char *v[2] = {after, limit};
        PGresult *res = exec_prepared(pg, "page", 2, v, len, fmt, 1);
        if (PQresultStatus(res) != PGRES_TUPLES_OK)
            return pg_ok(res, PGRES_TUPLES_OK, "page");
        int n = PQntuples(res);
        h_post *rows = xmalloc(sizeof(h_post) * PAGE);
        for (int r = 0; r < n; r++) {
            pg_post_read(&rows[r], res, r);
            *sum += sum_post(rows[r].id, rows[r].author_id, rows[r].title, rows[r].body != NULL, rows[r].body,
                             rows[r].version, rows[r].created_at);
        }
        if (n)
            put_be32(after, (uint32_t)rows[n - 1].id);
        free(rows);
        PQclear(res);
        if (n < PAGE)
            break;
    }
    return 0;
}

/* ---------------------------------------------------------------- generated */

#if defined(BENCH_BASELINE_API) || defined(BENCH_ONE_BY_ONE)
static NOINLINE int gen_w1(sc_conn *c, const dataset *d, int32_t *ids, uint64_t *sum)
{
    if (sc_tx_begin(c, SC_TX_DEFAULT) != SC_OK)
        return -1;
    wl_user row;
    wl_user_init(&row);
    for (long i = 0; i < d->nusers; i++) {
        row.email = d->email[i];
        row.name = d->name[i];
        row.created_at = d->user_at[i];
#ifdef BENCH_BASELINE_API
        wl_user *out = NULL;
        if (wl_user_create(&out, c, &row) != SC_OK)
            return -1;
        ids[i] = out->id;
        wl_user_free(out);
#else
        if (wl_user_create_id(&ids[i], c, &row) != SC_OK)
            return -1;
#endif
        *sum += (uint64_t)ids[i];
    }
    return sc_tx_commit(c) == SC_OK ? 0 : -1;
}
#else
/* The users in one call, their ids back in order: one pipeline on PostgreSQL, one transaction either way. */
static NOINLINE int gen_w1(sc_conn *c, const dataset *d, int32_t *ids, uint64_t *sum)
{
    wl_user *rows = xmalloc(sizeof(wl_user) * (size_t)d->nusers);
    for (long i = 0; i < d->nusers; i++) {
        wl_user_init(&rows[i]);
        rows[i].email = d->email[i];
        rows[i].name = d->name[i];
        rows[i].created_at = d->user_at[i];
    }
    int rc = wl_user_create_many_ids(ids, c, rows, (size_t)d->nusers);
    free(rows);
    if (rc != SC_OK)
        return -1;
    for (long i = 0; i < d->nusers; i++)
        *sum += (uint64_t)ids[i];
    return 0;
}
#endif

static NOINLINE int gen_w2(sc_conn *c, const wl_post *rows, long n, uint64_t *sum)
{
    int rc = wl_post_create_many(c, rows, (size_t)n);
    if (rc < 0)
        return -1;
    *sum += (uint64_t)n;
    return 0;
}

static void gen_sum_user(const wl_user *u, uint64_t *sum)
{
    *sum += sum_user(u->email, u->name, u->id, u->created_at);
}

static NOINLINE int gen_w3(sc_conn *c, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    for (long k = 0; k < d->nusers; k++) {
        wl_user *u = NULL;
        if (wl_user_find_by_id(&u, c, ids[d->perm[k]]) != SC_OK)
            return -1;
        gen_sum_user(u, sum);
        wl_user_free(u);
    }
    return 0;
}

static NOINLINE int gen_w4(sc_conn *c, const dataset *d, uint64_t *sum)
{
    for (long k = 0; k < d->nusers; k++) {
        wl_user *u = NULL;
        if (wl_user_find_by_email(&u, c, d->email[d->perm[k]]) != SC_OK)
            return -1;
        gen_sum_user(u, sum);
        wl_user_free(u);
    }
    return 0;
}

static NOINLINE int gen_w5(sc_conn *c, const dataset *d, const int32_t *ids, uint64_t *sum)
{
    int32_t *keys = xmalloc(sizeof(int32_t) * BATCH_USERS);
    for (long b = 0; b + BATCH_USERS <= d->nusers; b += BATCH_USERS) {
        for (long k = 0; k < BATCH_USERS; k++)
            keys[k] = ids[d->perm[b + k]];
        wl_user_list users = {0};
#ifdef BENCH_BASELINE_API
        /* no fetch by a list of keys: key-only rows through the two loaders */
        wl_post *probe = xmalloc(sizeof(wl_post) * BATCH_USERS);
        wl_user *keyed = xmalloc(sizeof(wl_user) * BATCH_USERS);
        for (long k = 0; k < BATCH_USERS; k++) {
            wl_post_init(&probe[k]);
            probe[k].author_id = keys[k];
        }
        if (wl_post_load_author(c, probe, BATCH_USERS) != SC_OK)
            return -1;
        /* each loaded author is one block with its text: copied out, the blocks are kept until the list goes */
        for (long k = 0; k < BATCH_USERS; k++)
            keyed[k] = *probe[k].author;
        users.items = keyed;
        users.count = BATCH_USERS;
        if (wl_user_load_posts(c, users.items, users.count) != SC_OK)
            return -1;
#else
        /* the users and their posts: one round trip on PostgreSQL */
        if (wl_user_find_many_by_id_with(&users, c, keys, BATCH_USERS, NULL, WL_USER_WITH_POSTS) != SC_OK)
            return -1;
#endif
        for (size_t u = 0; u < users.count; u++) {
            const wl_user *x = &users.items[u];
            *sum += sum_user(x->email, x->name, x->id, x->created_at);
            for (size_t k = 0; k < x->posts_count; k++) {
                const wl_post *p = &x->posts[k];
                *sum += sum_post(p->id, p->author_id, p->title, p->has_body, p->body, p->version, p->created_at) *
                        (uint64_t)x->id;
            }
        }
        wl_user_list_free(&users);
#ifdef BENCH_BASELINE_API
        for (long k = 0; k < BATCH_USERS; k++)
            free(probe[k].author);
        free(probe);
#endif
    }
    free(keys);
    return 0;
}

#if defined(BENCH_BASELINE_API) || defined(BENCH_ONE_BY_ONE)
static NOINLINE int gen_w6(sc_conn *c, const dataset *d, uint64_t *sum)
{
    long n = d->nusers < d->nposts ? d->nusers : d->nposts;
    if (sc_tx_begin(c, SC_TX_DEFAULT) != SC_OK)
        return -1;
    wl_post row;
    wl_post_init(&row);
    for (long j = 0; j < n; j++) {
        row.id = (int32_t)(j + 1);
        row.version = 1;
        row.title = d->new_title[j];
        if (wl_post_update_fields(NULL, c, &row, WL_POST_F_TITLE) != SC_OK)
            return -1;
        *sum += 1;
    }
    return sc_tx_commit(c) == SC_OK ? 0 : -1;
}
#else
/* The versioned updates in one call, all or nothing (a version miss fails it): one pipeline on PostgreSQL. */
static NOINLINE int gen_w6(sc_conn *c, const dataset *d, uint64_t *sum)
{
    long n = d->nusers < d->nposts ? d->nusers : d->nposts;
    wl_post *rows = xmalloc(sizeof(wl_post) * (size_t)(n ? n : 1));
    for (long j = 0; j < n; j++) {
        wl_post_init(&rows[j]);
        rows[j].id = (int32_t)(j + 1);
        rows[j].version = 1;
        rows[j].title = d->new_title[j];
    }
    int rc = wl_post_update_many(c, rows, (size_t)n, WL_POST_F_TITLE, NULL);
    free(rows);
    if (rc != SC_OK)
        return -1;
    *sum += (uint64_t)n;
    return 0;
}
#endif

static NOINLINE int gen_w7(sc_conn *c, uint64_t *sum)
{
    wl_post_list page = {0};
    for (;;) {
        wl_post_list next = {0};
        if (wl_post_list_page(&next, c, page.count ? &page.items[page.count - 1] : NULL, PAGE, false) != SC_OK)
            return -1;
        wl_post_list_free(&page);
        page = next;
        for (size_t i = 0; i < page.count; i++) {
            const wl_post *p = &page.items[i];
            *sum += sum_post(p->id, p->author_id, p->title, p->has_body, p->body, p->version, p->created_at);
        }
        if (page.count < PAGE)
            break;
    }
    wl_post_list_free(&page);
    return 0;
}

/* ---------------------------------------------------------------- one run of one side */

typedef struct result {
    double secs[NW];
    uint64_t sum[NW];
    double seq_secs[2]; /* PostgreSQL, hand-written: W2 and W5 as sequential code (hand_pg_seq_w2, hand_pg_seq_w5) */
    uint64_t seq_sum[2];
} result;

#define TIMED(k, call)                                                                                                 \
    do {                                                                                                               \
        double t0_ = now_s();                                                                                          \
        if ((call) != 0) {                                                                                             \
            fprintf(stderr, "%s failed (%s side)\n", wnames[k], side);                                                 \
            return -1;                                                                                                 \
        }                                                                                                              \
        r->secs[k] = now_s() - t0_;                                                                                    \
    } while (0)

static int run_hand(bool pg, const char *url, const dataset *d, result *r)
{
    const char *side = "hand-written";
    int32_t *ids = xmalloc(sizeof(int32_t) * (size_t)d->nusers);
    memset(r, 0, sizeof *r);
    if (!pg) {
        lite l;
        if (lite_open(&l))
            return -1;
        TIMED(0, hand_lite_w1(&l, d, ids, &r->sum[0]));
        TIMED(1, hand_lite_w2(&l, d, ids, &r->sum[1]));
        TIMED(2, hand_lite_w3(&l, d, ids, &r->sum[2]));
        TIMED(3, hand_lite_w4(&l, d, &r->sum[3]));
        TIMED(4, hand_lite_w5(&l, d, ids, &r->sum[4]));
        TIMED(5, hand_lite_w6(&l, d, &r->sum[5]));
        TIMED(6, hand_lite_w7(&l, &r->sum[6]));
        lite_close(&l);
    } else {
        PGconn *c = NULL;
        if (pgh_open(&c, url))
            return -1;
        TIMED(0, hand_pg_w1(c, d, ids, &r->sum[0]));
        TIMED(1, hand_pg_w2(c, d, ids, &r->sum[1]));
        pg_cmd(c, "ANALYZE");
        TIMED(2, hand_pg_w3(c, d, ids, &r->sum[2]));
        TIMED(3, hand_pg_w4(c, d, &r->sum[3]));
        TIMED(4, hand_pg_w5(c, d, ids, &r->sum[4]));
        /* the sequential W5 on the same rows (before W6 changes them), then W2's into a table of its own */
        double t0 = now_s();
        if (hand_pg_seq_w5(c, d, ids, &r->seq_sum[1]))
            return -1;
        double t1 = now_s();
        if (hand_pg_seq_w2(c, d, ids, &r->seq_sum[0]))
            return -1;
        r->seq_secs[1] = t1 - t0;
        r->seq_secs[0] = now_s() - t1;
        TIMED(5, hand_pg_w6(c, d, &r->sum[5]));
        TIMED(6, hand_pg_w7(c, &r->sum[6]));
        PQfinish(c);
    }
    free(ids);
    return 0;
}

/*
 * The generated side's statements prepared before the clock starts, as the
 * hand-written side prepares its own when it opens the connection: every
 * function the workloads call runs once inside a transaction that is rolled
 * back (the runtime keeps the prepared statements), so both sides are timed
 * in their steady state. PostgreSQL keeps the sequence values the rolled-back
 * rows took: they are set back, since W6 updates posts 1..n by id.
 */
static int gen_warm(sc_conn *c, bool pg)
{
    if (sc_tx_begin(c, SC_TX_DEFAULT) != SC_OK)
        return -1;
    wl_user u;
    wl_user_init(&u);
    u.email = "warm@example.com";
    u.name = "warm";
    u.created_at = 1;
    wl_user *got = NULL;
    int ok = wl_user_create(&got, c, &u) == SC_OK;
    int32_t uid = ok ? got->id : 0;
    wl_user_free(got);
    got = NULL;
#ifndef BENCH_BASELINE_API
    u.email = "warm2@example.com";
    ok = ok && wl_user_create_id(&uid, c, &u) == SC_OK;
    u.email = "warm3@example.com";
    int32_t uid3 = 0;
    ok = ok && wl_user_create_many_ids(&uid3, c, &u, 1) == SC_OK;
#endif
    enum { W = INSERT_BATCH + 1 };
    wl_post *rows = xmalloc(sizeof(wl_post) * W);
    for (int j = 0; j < W; j++) {
        wl_post_init(&rows[j]);
        rows[j].author_id = uid;
        rows[j].title = "warm";
        rows[j].created_at = 1;
    }
    ok = ok && wl_post_create_many(c, rows, W) == SC_OK;
    free(rows);
    ok = ok && wl_user_find_by_id(&got, c, uid) == SC_OK && wl_user_find_by_email(NULL, c, "warm2@example.com") != SC_ERROR;
    wl_user_free(got);
    wl_user_list users = {0};
#ifdef BENCH_BASELINE_API
    wl_post probe;
    wl_post_init(&probe);
    probe.author_id = uid;
    ok = ok && wl_post_load_author(c, &probe, 1) == SC_OK;
    wl_user_free(probe.author);
#else
    ok = ok && wl_user_find_many_by_id(&users, c, &uid, 1, NULL) == SC_OK;
#endif
    ok = ok && wl_user_load_posts(c, users.items, users.count) == SC_OK;
    wl_user_list_free(&users);
    wl_post_list page = {0}, next = {0};
    ok = ok && wl_post_list_page(&page, c, NULL, PAGE, false) == SC_OK && page.count > 0 &&
         wl_post_list_page(&next, c, &page.items[0], PAGE, false) == SC_OK;
    if (ok) {
        wl_post row = page.items[0];
        row.title = "warmer";
        ok = wl_post_update_fields(NULL, c, &row, WL_POST_F_TITLE) == SC_OK;
#ifndef BENCH_BASELINE_API
        row.version++;
        ok = ok && wl_post_update_many(c, &row, 1, WL_POST_F_TITLE, NULL) == SC_OK;
#endif
    }
    wl_post_list_free(&page);
    wl_post_list_free(&next);
    ok = sc_tx_rollback(c) == SC_OK && ok;
    if (ok && pg)
        ok = sc_conn_exec(c, "SELECT setval(pg_get_serial_sequence('\"User\"', 'id'), 1, false),"
                             " setval(pg_get_serial_sequence('\"Post\"', 'id'), 1, false)") == SC_OK;
    return ok ? 0 : -1;
}

static int run_gen(bool pg, const char *url, const dataset *d, result *r)
{
    const char *side = "generated";
    int32_t *ids = xmalloc(sizeof(int32_t) * (size_t)d->nusers);
    memset(r, 0, sizeof *r);
    sc_conn *c = NULL;
    sc_error err;
    if (sc_conn_open(&c, pg ? url : "sqlite::memory:", NULL, &err) != SC_OK ||
        sc_conn_exec(c, pg ? ddl_pg : ddl_sqlite) != SC_OK) {
        fprintf(stderr, "generated side: cannot open %s\n", pg ? url : "sqlite::memory:");
        return -1;
    }
    if (gen_warm(c, pg) != 0) {
        fprintf(stderr, "generated side: preparing the statements failed: %s\n", sc_conn_error(c)->message);
        return -1;
    }
    TIMED(0, gen_w1(c, d, ids, &r->sum[0]));
    /* the rows create_many takes, made before the clock starts, as the caller has them */
    wl_post *rows = xmalloc(sizeof(wl_post) * (size_t)d->nposts);
    for (long j = 0; j < d->nposts; j++) {
        wl_post_init(&rows[j]);
        rows[j].author_id = ids[d->post_author_slot[j]];
        rows[j].title = d->title[j];
        rows[j].has_body = d->body[j] != NULL;
        rows[j].body = d->body[j];
        rows[j].created_at = d->post_at[j];
    }
    TIMED(1, gen_w2(c, rows, d->nposts, &r->sum[1]));
    free(rows);
    if (pg)
        sc_conn_exec(c, "ANALYZE");
    TIMED(2, gen_w3(c, d, ids, &r->sum[2]));
    TIMED(3, gen_w4(c, d, &r->sum[3]));
    TIMED(4, gen_w5(c, d, ids, &r->sum[4]));
    TIMED(5, gen_w6(c, d, &r->sum[5]));
    TIMED(6, gen_w7(c, &r->sum[6]));
    sc_conn_close(c);
    free(ids);
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    const char *engine = argc > 1 ? argv[1] : "";
    const char *url = getenv("BENCH_PG_URL");
    long nusers = 20000, nposts = 100000;
    int runs = 5;
    const char *only = NULL;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--url") && i + 1 < argc)
            url = argv[++i];
        else if (!strcmp(argv[i], "--users") && i + 1 < argc)
            nusers = atol(argv[++i]);
        else if (!strcmp(argv[i], "--posts") && i + 1 < argc)
            nposts = atol(argv[++i]);
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "--side") && i + 1 < argc)
            only = argv[++i];
        else {
            fprintf(stderr, "usage: bench_workloads sqlite|pg [--url URL] [--users N] [--posts M] [--runs R] "
                            "[--side hand|gen]\n");
            return 2;
        }
    }
    bool pg = !strcmp(engine, "pg");
    if ((!pg && strcmp(engine, "sqlite")) || (pg && !url) || nusers < BATCH_USERS || nposts < 1 || runs < 1 ||
        runs > MAX_RUNS) {
        fprintf(stderr, "bench_workloads: sqlite, or pg with --url / BENCH_PG_URL; users >= %d; 1-%d runs\n",
                BATCH_USERS, MAX_RUNS);
        return 2;
    }
    dataset d;
    dataset_make(&d, nusers, nposts);
    static double th[NW][MAX_RUNS], tg[NW][MAX_RUNS], ratio[NW][MAX_RUNS], tseq[2][MAX_RUNS], rseq[2][MAX_RUNS];
    for (int run = 0; run < runs; run++) {
        result h, g;
        bool hand_first = run % 2 == 0;
        for (int k = 0; k < 2; k++) {
            bool hand = hand_first == (k == 0);
            if (only && strcmp(only, hand ? "hand" : "gen"))
                continue;
            if (hand ? run_hand(pg, url, &d, &h) : run_gen(pg, url, &d, &g))
                return 1;
        }
        if (only)
            continue;
        for (int w = 0; w < NW; w++) {
            if (h.sum[w] != g.sum[w]) {
                fprintf(stderr, "%s: the two sides read different results (%llu vs %llu)\n", wnames[w],
                        (unsigned long long)h.sum[w], (unsigned long long)g.sum[w]);
                return 1;
            }
            th[w][run] = h.secs[w];
            tg[w][run] = g.secs[w];
            ratio[w][run] = g.secs[w] / h.secs[w];
        }
        for (int k = 0; pg && k < 2; k++) {
            const int w = k ? 4 : 1;
            if (h.seq_sum[k] != g.sum[w]) {
                fprintf(stderr, "%s: the sequential code read different results (%llu vs %llu)\n", wnames[w],
                        (unsigned long long)h.seq_sum[k], (unsigned long long)g.sum[w]);
                return 1;
            }
            tseq[k][run] = h.seq_secs[k];
            rseq[k][run] = g.secs[w] / h.seq_secs[k];
        }
    }
    if (only)
        return 0;
    printf("%-11s %-36s %12s %12s %8s %8s %8s\n", "engine", "workload", "hand ms", "gen ms", "ratio", "min", "max");
    for (int w = 0; w < NW; w++) {
        double lo = ratio[w][0], hi = ratio[w][0];
        for (int run = 1; run < runs; run++) {
            lo = ratio[w][run] < lo ? ratio[w][run] : lo;
            hi = ratio[w][run] > hi ? ratio[w][run] : hi;
        }
        printf("%-11s %-36s %12.2f %12.2f %8.3f %8.3f %8.3f\n", pg ? "postgresql" : "sqlite", wnames[w],
               median(th[w], runs) * 1e3, median(tg[w], runs) * 1e3, median(ratio[w], runs), lo, hi);
    }
    static const char *const seq_names[2] = {"W2 vs a prepared INSERT per row", "W5 vs a posts query per user"};
    for (int k = 0; pg && k < 2; k++) {
        double lo = rseq[k][0], hi = rseq[k][0];
        for (int run = 1; run < runs; run++) {
            lo = rseq[k][run] < lo ? rseq[k][run] : lo;
            hi = rseq[k][run] > hi ? rseq[k][run] : hi;
        }
        printf("%-11s %-36s %12.2f %12.2f %8.3f %8.3f %8.3f\n", "postgresql", seq_names[k], median(tseq[k], runs) * 1e3,
               median(tg[k ? 4 : 1], runs) * 1e3, median(rseq[k], runs), lo, hi);
    }
    return 0;
}
