/*
 * fuzz_history.c - libFuzzer target for the history table's rows as the
 * database hands them back, against a migrations folder: what `migrate
 * status` reports of them (migrate_history_states) and what apply and
 * rollback require before they run anything (migrate_history_verify).
 *
 * The input is the folder, then one history row after each 0xFF byte.
 * The folder is one migration name per line (names migrate_dir_read would
 * not take are left out); each row is its columns name, checksum, status,
 * started_at, finished_at, duration_ms and error separated by NUL bytes
 * (a missing column, or one that is just 0x01, is SQL NULL). So that the
 * fuzzer reaches rows that match the folder: a name "#K" stands for the
 * K-th migration's name, a checksum "=K" for its history checksum and "~K"
 * for its checksum of the older form. Rows are sorted by name and unique,
 * as the table's primary key and ORDER BY give them. Invariants:
 *   - migrate_history_check refuses exactly the rows without a name,
 *     checksum or status, or with a status schemac does not write, and then
 *     states and verify refuse them too;
 *   - states lists every migration of the folder in order, then every row
 *     whose folder is missing; pending are the migrations without a row;
 *     the counts add up;
 *   - verify refuses whenever states reports an edited or missing
 *     migration, and a history whose applied rows are not in front;
 *   - a checksum matches a migration only when it is one of its two.
 */
#include "fuzz_util.h"

#include <stdbool.h>

#include "migrate/migrate.h"

static bool fuzz__name_ok(const char *name)
{
    for (int i = 0; i < 14; i++)
        if (name[i] < '0' || name[i] > '9')
            return false;
    if (name[14] != '_')
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == '/')
            return false;
    return true;
}

static int fuzz__entry_cmp(const void *x, const void *y)
{
    return strcmp(((const migrate_entry *)x)->name, ((const migrate_entry *)y)->name);
}

static int fuzz__row_cmp(const void *x, const void *y)
{
    const migrate_history_row *a = x, *b = y;
    if (!a->name || !b->name)
        return (a->name != NULL) - (b->name != NULL);
    return strcmp(a->name, b->name);
}

static const migrate_entry *fuzz__entry(const migrate_dir *d, const char *name)
{
    for (size_t i = 0; name && i < d->n; i++)
        if (strcmp(d->items[i].name, name) == 0)
            return &d->items[i];
    return NULL;
}

static const migrate_history_row *fuzz__row(const migrate_history_row *rows, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (rows[i].name && strcmp(rows[i].name, name) == 0)
            return &rows[i];
    return NULL;
}

/* "#K", "=K", "~K": the K-th migration's name, history checksum, older checksum. */
static const char *fuzz__field(const migrate_dir *d, const char *text, char sigil)
{
    if (!text || text[0] != sigil || text[1] < '0' || text[1] > '9' || text[2])
        return text;
    size_t k = (size_t)(text[1] - '0');
    if (k >= d->n)
        return text;
    const migrate_entry *e = &d->items[k];
    return sigil == '#' ? e->name : sigil == '=' ? e->apply_checksum : e->checksum;
}

static void fuzz__dir(migrate_dir *d, arena *a, const char *text)
{
    memset(d, 0, sizeof *d);
    d->path = "migrations";
    size_t cap = 0;
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char *name = arena_strndup(a, p, len);
        p += len + (nl ? 1 : 0);
        if (!fuzz__name_ok(name))
            continue;
        d->items = arena_reserve(a, d->items, d->n, &cap, sizeof *d->items, 8);
        migrate_entry *e = &d->items[d->n++];
        memset(e, 0, sizeof *e);
        e->name = name;
        e->path = arena_printf(a, "migrations/%s", name);
        e->up = arena_printf(a, "-- %s\nCREATE TABLE t (id INT);\n", name);
        e->down = "DROP TABLE t;\n";
        e->snapshot = "{}\n";
        migrate_checksum(e->checksum, e->up, e->down, e->snapshot);
        migrate_apply_checksum(e->apply_checksum, e->up, e->snapshot);
    }
    if (d->n)
        qsort(d->items, d->n, sizeof *d->items, fuzz__entry_cmp);
    size_t kept = 0;
    for (size_t i = 0; i < d->n; i++)
        if (!kept || strcmp(d->items[kept - 1].name, d->items[i].name) != 0)
            d->items[kept++] = d->items[i];
    d->n = kept;
}

static bool fuzz__status_known(const char *s)
{
    return strcmp(s, "applied") == 0 || strcmp(s, "failed") == 0 || strcmp(s, "partial") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    fuzz_parts p;
    fuzz_split(&p, &a, data, size);
    migrate_dir d;
    fuzz__dir(&d, &a, p.text[0]);

    migrate_history_row *rows = ARENA_ARRAY(&a, migrate_history_row, p.n);
    size_t n = 0;
    bool valid = true;
    for (size_t i = 1; i < p.n; i++) {
        const char *cols[7] = {NULL};
        size_t at = 0;
        for (int c = 0; c < 7 && at <= p.len[i]; c++) {
            const char *f = p.text[i] + at;
            cols[c] = f[0] == '\x01' && f[1] == '\0' ? NULL : f;
            at += strlen(f) + 1;
        }
        migrate_history_row r = {fuzz__field(&d, cols[0], '#'), cols[1], cols[2], cols[3], cols[4], cols[5], cols[6]};
        if (r.checksum && r.checksum[0] == '~')
            r.checksum = fuzz__field(&d, r.checksum, '~');
        else
            r.checksum = fuzz__field(&d, r.checksum, '=');
        /* The primary key: one row per name. */
        if (r.name && fuzz__row(rows, n, r.name))
            continue;
        rows[n++] = r;
        if (!r.name || !r.checksum || !r.status || !fuzz__status_known(r.status))
            valid = false;
    }
    if (n)
        qsort(rows, n, sizeof *rows, fuzz__row_cmp);

    const char *err = NULL;
    int rc = migrate_history_check(rows, n, &a, &err);
    FUZZ_CHECK((rc == 0) == valid, "history_check says %d for rows that are %s", rc, valid ? "valid" : "invalid");
    FUZZ_CHECK(rc == 0 || err, "refused without a reason");
    migrate_status_result st;
    err = NULL;
    int src = migrate_history_states(&st, &a, &d, rows, n, &err);
    err = NULL;
    int vrc = migrate_history_verify(&d, rows, n, &a, &err);
    FUZZ_CHECK(vrc == 0 || err, "verify refused without a reason");
    if (!valid) {
        FUZZ_CHECK(src != 0 && vrc != 0, "invalid rows read: states %d, verify %d", src, vrc);
        arena_free(&a);
        return 0;
    }
    FUZZ_CHECK(src == 0, "states refused valid rows");

    size_t missing = 0;
    for (size_t i = 0; i < n; i++)
        missing += fuzz__entry(&d, rows[i].name) == NULL;
    FUZZ_CHECK(st.n == d.n + missing, "%zu states for %zu migrations and %zu missing", st.n, d.n, missing);
    FUZZ_CHECK(st.npending + st.napplied + st.nproblems == st.n, "the counts do not add up");
    bool bad = false;
    const char *last_applied = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].status, "applied") == 0)
            last_applied = rows[i].name;
    for (size_t i = 0; i < st.n; i++) {
        const migrate_status_row *s = &st.rows[i];
        if (i < d.n) {
            const migrate_entry *e = &d.items[i];
            FUZZ_CHECK(s->name == e->name, "state %zu is not the folder's migration %zu", i, i);
            const migrate_history_row *h = fuzz__row(rows, n, e->name);
            FUZZ_CHECK((s->state == MIGRATE_PENDING) == (h == NULL), "pending is not \"without a row\"");
            if (h && strcmp(h->status, "failed") != 0) {
                bool same = strcmp(h->checksum, e->apply_checksum) == 0 || strcmp(h->checksum, e->checksum) == 0;
                FUZZ_CHECK(migrate_entry_matches(e, h->checksum) == same, "checksum match is not equality");
                FUZZ_CHECK((s->state == MIGRATE_EDITED) == !same, "edited is not \"checksum differs\"");
            }
            if ((!h || strcmp(h->status, "applied") != 0) && last_applied && strcmp(e->name, last_applied) < 0)
                bad = true;
        } else {
            FUZZ_CHECK(s->state == MIGRATE_MISSING && !fuzz__entry(&d, s->name), "state %zu after the folder is "
                                                                                  "not a missing one", i);
        }
        if (s->state == MIGRATE_EDITED || s->state == MIGRATE_MISSING)
            bad = true;
        (void)migrate_state_name(s->state);
    }
    FUZZ_CHECK((vrc != 0) == bad, "verify says %d where the states say %s", vrc, bad ? "refuse" : "go on");
    arena_free(&a);
    return 0;
}
