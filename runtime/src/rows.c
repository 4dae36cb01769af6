/*
 * rows.c - rows into structs and out of them, the end of a statement, many
 * rows in one INSERT and batch loaders (schemac/rows.h): what every
 * generated function shares.
 *
 * The statement calls here use the inline paths of schemac/stmt_inline.h,
 * as generated code does, so a read loop in the library costs what it cost
 * inlined into the generated source, plus one indirect call per row.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "driver_pg_hot.h"
#include "internal.h"

/* ---------------------------------------------------------------- columns */

int sc_stmt_column_text_dup(char **out, sc_stmt *st, int col)
{
    const char *s = NULL;
    size_t len = 0;
    *out = NULL;
    int rc = sc_stmt_column_text(&s, &len, st, col);
    if (rc != SC_OK)
        return rc;
    char *copy = sc__text_copy(s, len);
    if (!copy)
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    *out = copy;
    return SC_OK;
}

int sc_stmt_column_blob_dup(uint8_t **out, size_t *len, sc_stmt *st, int col)
{
    const void *p = NULL;
    *out = NULL;
    *len = 0;
    int rc = sc_stmt_column_blob(&p, len, st, col);
    if (rc != SC_OK)
        return rc;
    uint8_t *copy = malloc(*len ? *len : 1);
    if (!copy) {
        *len = 0;
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    }
    if (*len)
        memcpy(copy, p, *len);
    *out = copy;
    return SC_OK;
}

int sc_stmt_bind_label(sc_stmt *st, int idx, const char *label)
{
    if (!label) {
        if (st)
            sc__conn_fail(st->conn, SC_EINVAL, "parameter %d: an enum value out of range", idx);
        return SC_EINVAL;
    }
    /* labels are the generated code's constant strings: no copy */
    return sc_stmt_bind_text_ref(st, idx, label, -1);
}

/* ---------------------------------------------------------------- ending a statement */

int sc_stmt_finish(sc_stmt *st, int rc, sc_finish how)
{
    if (rc == SC_OK) {
        if (how == SC_FINISH_VERSIONED) {
            rc = sc_stmt_step_versioned(st);
            if (rc == SC_ROW)
                rc = SC_OK;
        } else {
            rc = sc_stmt_exec(st);
            if (rc == SC_OK && how == SC_FINISH_CHANGED && sc_stmt_changes(st) == 0)
                rc = sc__conn_fail(st->conn, SC_ENOTFOUND, "no row found");
        }
    }
    sc_stmt_release(st);
    return rc;
}

/* After a step gave SC_ROW: the row into a new block, its address into OUT (NULL: nothing read). */
static int read_new(void *out, sc_stmt *st, const sc_model *m)
{
    if (!out)
        return SC_OK;
    void *row = malloc(m->size);
    if (!row)
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    int rc = sc__rowplan_row(sc__rowplan_for(st, m), row, st);
    if (rc != SC_OK) {
        free(row);
        return rc;
    }
    memcpy(out, &row, sizeof row);
    return SC_OK;
}

int sc_stmt_fetch_one(void *out, sc_stmt *st, int rc, const sc_model *m)
{
    if (rc == SC_OK) {
        rc = sc_stmt_step(st);
        if (rc == SC_ROW)
            rc = read_new(out, st, m);
        else if (rc == SC_DONE)
            rc = SC_ENOTFOUND;
    }
    sc_stmt_release(st);
    return rc;
}

int sc_stmt_fetch_versioned(void *out, sc_stmt *st, int rc, const sc_model *m)
{
    if (rc == SC_OK) {
        rc = sc_stmt_step_versioned(st);
        if (rc == SC_ROW)
            rc = read_new(out, st, m);
        else if (rc == SC_DONE)
            rc = SC_ECONFLICT;
    }
    sc_stmt_release(st);
    return rc;
}

int sc_stmt_insert_id(int64_t *out, sc_stmt *st, int rc)
{
    if (rc == SC_OK) {
        if (st->h.sq) {
            rc = sc_stmt_exec(st);
            if (rc == SC_OK)
                *out = sqlite3_last_insert_rowid(sqlite3_db_handle(st->h.sq));
        } else {
            rc = sc_stmt_step(st);
            if (rc == SC_ROW)
                rc = sc_stmt_column_int64(out, st, 0);
            else if (rc == SC_DONE)
                rc = sc__conn_fail(st->conn, SC_ERROR, "the INSERT answered no id");
        }
    }
    sc_stmt_release(st);
    return rc;
}

int sc_stmt_fetch_list(void *list, sc_stmt *st, int rc, size_t expected, const sc_model *m)
{
    unsigned char *block = NULL;
    size_t n = 0, cap = 0, size = m->size;
    const sc__rowplan *plan = NULL;
    if (rc == SC_OK) {
        if (expected > SC_FETCH_PREALLOC_MAX)
            expected = SC_FETCH_PREALLOC_MAX;
        rc = sc_stmt_step(st);
        if (rc == SC_ROW)
            plan = sc__rowplan_for(st, m);
        while (rc == SC_ROW) {
            if (n == cap) {
                size_t ncap = cap ? 2 * cap : expected ? expected : 16;
                /* PostgreSQL holds the whole result already: room for exactly its rows */
                if (st->res && st->row < st->nrows)
                    ncap = n + (size_t)(st->nrows - st->row);
                unsigned char *grown = ncap <= ((size_t)-1) / size ? realloc(block, ncap * size) : NULL;
                if (!grown) {
                    rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
                    break;
                }
                block = grown;
                cap = ncap;
            }
            int left = plan->pg && plan->n >= 0 ? sc__pg_rows_left(st) : 0;
            if (left > 1 && cap - n >= (size_t)left) {
                /* the rest of a PostgreSQL result, column by column */
                rc = sc__rowplan_read_pg_rows(plan, block + n * size, size, left, st);
                if (rc != SC_OK)
                    break;
                n += (size_t)left;
                rc = sc_stmt_step(st);
                continue;
            }
            rc = sc__rowplan_row(plan, block + n * size, st);
            if (rc != SC_OK)
                break;
            n++;
            rc = sc__pg_next_row(st) ? SC_ROW : sc_stmt_step(st);
        }
    }
    sc_stmt_release(st);
    if (rc != SC_DONE) {
        sc_rows_free(block, n, m);
        return rc;
    }
    void *items = block;
    memcpy(list, &items, sizeof items);
    memcpy((unsigned char *)list + m->list_count, &n, sizeof n);
    return SC_OK;
}

int sc_stmt_fetch_placed(void *list, bool *found, sc_stmt *st, int rc, size_t n, int index_column, const sc_model *m)
{
    size_t size = m->size;
    unsigned char *block = NULL, *have = NULL;
    if (rc == SC_OK && n > 0) {
        block = n <= ((size_t)-1) / size ? malloc(n * size) : NULL;
        have = calloc(n, 1);
        if (!block || !have)
            rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    }
    while (rc == SC_OK && (rc = sc_stmt_step(st)) == SC_ROW) {
        const sc__rowplan *plan = sc__rowplan_for(st, m);
        int64_t idx = -1;
        rc = sc_stmt_column_int64(&idx, st, index_column);
        if (rc != SC_OK)
            break;
        if (idx < 0 || (uint64_t)idx >= n || have[idx]) {
            rc = sc__conn_fail(st->conn, SC_ERROR, "a fetched row names key %lld of %zu twice or out of range", (long long)idx, n);
            break;
        }
        rc = sc__rowplan_row(plan, block + (size_t)idx * size, st);
        if (rc != SC_OK)
            break;
        have[idx] = 1;
    }
    if (rc == SC_OK)
        rc = SC_DONE; /* n == 0: nothing was run */
    sc_stmt_release(st);
    size_t count = 0;
    for (size_t i = 0; i < n && have; i++) {
        if (!have[i])
            continue;
        if (rc != SC_DONE)
            sc__model_clear(m, block + i * size);
        else if (i != count)
            memcpy(block + count * size, block + i * size, size);
        count++;
    }
    if (rc != SC_DONE) {
        free(block);
        free(have);
        return rc;
    }
    for (size_t i = 0; found && i < n; i++)
        found[i] = have[i] != 0;
    free(have);
    if (count == 0) {
        free(block);
        block = NULL;
    }
    void *items = block;
    memcpy(list, &items, sizeof items);
    memcpy((unsigned char *)list + m->list_count, &count, sizeof count);
    return SC_OK;
}

int sc_query_int64(int64_t *out, sc_conn *conn, sc_stmt_site *site)
{
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, conn, site);
    return sc_stmt_fetch_int64(out, st, rc);
}

int sc_stmt_fetch_int64(int64_t *out, sc_stmt *st, int rc)
{
    if (rc == SC_OK) {
        rc = sc_stmt_step(st);
        if (rc == SC_ROW)
            rc = sc_stmt_column_int64(out, st, 0);
        else if (rc == SC_DONE)
            rc = sc__conn_fail(st->conn, SC_ERROR, "the query answered no row");
    }
    sc_stmt_release(st);
    return rc;
}

/* ---------------------------------------------------------------- freeing */

void sc_row_free(void *row, const sc_model *m)
{
    sc_rows_free(row, 1, m);
}

/*
 * The offsets of the pointers a row of M owns, into OWN (SC__ROWPLAN_MAX):
 * their count, or -1 when M's rows need their clear function or the field
 * table's whole clear (a clear function, lists, too many fields).
 */
static int owned_pointers(const sc_model *m, size_t *own)
{
    if (m->clear || !m->fields || m->nfields > SC__ROWPLAN_MAX)
        return -1;
    int n = 0;
    for (size_t i = 0; i < m->nfields; i++) {
        const sc_field *f = &m->fields[i];
        if (f->flags & SC_FIELD_LIST)
            return -1;
        if (sc__field_type_owns(f->type))
            own[n++] = f->at;
    }
    return n;
}

void sc_rows_free(void *items, size_t count, const sc_model *m)
{
    if (!items)
        return;
    size_t own[SC__ROWPLAN_MAX];
    int nown = owned_pointers(m, own);
    if (nown >= 0) {
        /* the block goes too: its rows' pointers are freed, nothing is zeroed */
        for (size_t i = 0; i < count; i++) {
            const unsigned char *row = (const unsigned char *)items + i * m->size;
            for (int k = 0; k < nown; k++) {
                void *p;
                memcpy(&p, row + own[k], sizeof p);
                free(p);
            }
        }
        free(items);
        return;
    }
    for (size_t i = 0; i < count; i++)
        sc__model_clear(m, (unsigned char *)items + i * m->size);
    free(items);
}

void sc_list_free(void *list, const sc_model *m)
{
    if (!list)
        return;
    void *items;
    size_t count;
    memcpy(&items, list, sizeof items);
    memcpy(&count, (unsigned char *)list + m->list_count, sizeof count);
    sc_rows_free(items, count, m);
    items = NULL;
    count = 0;
    memcpy(list, &items, sizeof items);
    memcpy((unsigned char *)list + m->list_count, &count, sizeof count);
}

/* ---------------------------------------------------------------- many rows */

/* The statement of the BATCH-row INSERT: found by the batch site's number, written from the one-row text once. */
static int prepare_batch(sc_stmt **out, sc_conn *conn, const sc_insert_spec *spec, const char *tail)
{
    /* the batch site holds no text: only its number is used, on the fast path */
    sc_stmt_site *site = spec->batch;
    int rc = sc__stmt_prepare_site_cached(out, conn, site);
    if (rc != SC_ENOTFOUND)
        return rc;
    char *owned = NULL;
    const char *one = sc__site_text(conn, spec->one, &owned);
    if (!one) {
        free(owned);
        return sc__conn_fail(conn, SC_ENOMEM, "out of memory");
    }
    /* a tail after the VALUES tuple (ON CONFLICT ...) goes after the batch's last tuple */
    size_t tl = tail ? strlen(tail) : 0, ol = strlen(one);
    if (tl && (ol < tl || strcmp(one + ol - tl, tail) != 0)) {
        free(owned);
        return sc__conn_fail(conn, SC_EINVAL, "create_many: the INSERT does not end with its tail");
    }
    char *head = strndup(one, ol - tl);
    free(owned);
    char *text = head ? sc_sql_insert_rows(head, spec->batch_rows) : NULL;
    free(head);
    if (text && tl) {
        size_t rl = strlen(text);
        char *grown = realloc(text, rl + tl + 1);
        if (grown)
            memcpy(grown + rl, tail, tl + 1);
        else
            free(text);
        text = grown;
    }
    if (!text)
        return sc__conn_fail(conn, SC_ENOMEM, "create_many: cannot write the %zu-row INSERT", spec->batch_rows);
    rc = sc__stmt_prepare_site_text(out, conn, site, text);
    free(text);
    return rc;
}

int sc_insert_many(sc_conn *conn, const sc_insert_spec *spec, const void *rows, size_t n, sc_timestamp now)
{
    return sc_insert_many_count(conn, spec, NULL, rows, n, now, NULL);
}

int sc__insert_rows(sc_conn *conn, const sc_insert_spec *spec, const char *tail, const void *rows, size_t n, sc_timestamp now,
                    int64_t *stored, size_t *failed, size_t *failed_rows)
{
    int rc = SC_OK;
    size_t batch = spec->batch_rows > 1 ? spec->batch_rows : 1;
    for (size_t done = 0, take; rc == SC_OK && done < n; done += take) {
        take = n - done >= batch ? batch : 1;
        sc_stmt *st = NULL;
        rc = take > 1 ? prepare_batch(&st, conn, spec, tail) : sc_stmt_prepare_site(&st, conn, spec->one);
        if (rc == SC_OK)
            rc = spec->bind(st, (const unsigned char *)rows + done * spec->row_size, take, now);
        if (rc == SC_OK)
            rc = sc_stmt_exec(st);
        if (rc == SC_OK)
            *stored += sc_stmt_changes(st);
        sc_stmt_release(st);
        if (rc != SC_OK && failed) {
            *failed = done;
            *failed_rows = take;
        }
    }
    return rc;
}

int sc_insert_many_count(sc_conn *conn, const sc_insert_spec *spec, const char *tail, const void *rows, size_t n, sc_timestamp now,
                         int64_t *inserted)
{
    int64_t stored = 0;
    if (n == 0) {
        if (inserted)
            *inserted = 0;
        return SC_OK;
    }
    int rc = sc_tx_begin(conn, SC_TX_DEFAULT);
    if (rc != SC_OK)
        return rc;
    rc = sc__insert_rows(conn, spec, tail, rows, n, now, &stored, NULL, NULL);
    if (rc != SC_OK) {
        sc_tx_rollback(conn);
        return rc;
    }
    rc = sc_tx_commit(conn);
    if (rc == SC_OK && inserted)
        *inserted = stored;
    return rc;
}

/* ---------------------------------------------------------------- batch loaders */

/* Empty the relation of ROW (freeing what it held). */
static void load_reset(unsigned char *row, const sc_load_spec *spec)
{
    void *held;
    memcpy(&held, row + spec->member, sizeof held);
    if (spec->count_member == SC_LOAD_ONE) {
        sc_row_free(held, spec->target);
    } else {
        size_t count;
        memcpy(&count, row + spec->count_member, sizeof count);
        sc_rows_free(held, count, spec->target);
        count = 0;
        memcpy(row + spec->count_member, &count, sizeof count);
    }
    held = NULL;
    memcpy(row + spec->member, &held, sizeof held);
}

/* Rows read but not yet handed to their parents: one growing block, with the parent index of each. */
typedef struct load_buf {
    unsigned char *items;
    size_t *idx;
    size_t n, cap;
} load_buf;

/* Source row I of a loader's rows: BASE[I] of SPEC's size, or what PTRS[I] points at. */
#define LOAD_ROW(i) (ptrs ? (unsigned char *)ptrs[i] : base + (i) * spec->row_size)

static int load_impl(sc_conn *conn, sc_stmt_site *site, sc_array *keys, unsigned char *base, void *const *ptrs, size_t n,
                     const sc_load_spec *spec)
{
    for (size_t i = 0; ptrs && i < n; i++) {
        if (!ptrs[i]) {
            sc_array_free(keys);
            return sc__conn_fail(conn, SC_EINVAL, "a loader's row pointer %zu is NULL", i);
        }
    }
    for (size_t i = 0; i < n; i++)
        load_reset(LOAD_ROW(i), spec);
    if (n == 0) {
        sc_array_free(keys);
        return SC_OK;
    }
    if (keys->rc != SC_OK) {
        int rc = keys->rc;
        sc_array_free(keys);
        return sc__conn_fail(conn, rc, rc == SC_ENOMEM ? "out of memory" : "a loader key cannot be written");
    }
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, conn, site);
    if (rc == SC_OK)
        rc = sc_stmt_bind_array(st, 1, keys);
    else
        sc_array_free(keys);
    if (rc != SC_OK) {
        sc_stmt_release(st);
        return rc;
    }
    const sc_model *t = spec->target;
    bool one = spec->count_member == SC_LOAD_ONE;
    load_buf b = {NULL, NULL, 0, 0};
    while ((rc = sc_stmt_step(st)) == SC_ROW) {
        const sc__rowplan *plan = sc__rowplan_for(st, t);
        int64_t idx = -1;
        rc = sc_stmt_column_int64(&idx, st, spec->index_column);
        if (rc != SC_OK)
            break;
        if (idx < 0 || (uint64_t)idx >= n) {
            rc = sc__conn_fail(conn, SC_ERROR, "a loaded row names row %lld of %zu", (long long)idx, n);
            break;
        }
        if (one) {
            /* a single row per parent: read straight into its own block */
            unsigned char *row = LOAD_ROW((size_t)idx);
            void *item = malloc(t->size);
            if (!item) {
                rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
                break;
            }
            rc = sc__rowplan_row(plan, item, st);
            if (rc != SC_OK) {
                free(item);
                break;
            }
            void *held;
            memcpy(&held, row + spec->member, sizeof held);
            sc_row_free(held, t);
            memcpy(row + spec->member, &item, sizeof item);
            continue;
        }
        if (b.n == b.cap) {
            size_t cap = b.cap ? 2 * b.cap : 64;
            unsigned char *items = cap <= ((size_t)-1) / t->size ? realloc(b.items, cap * t->size) : NULL;
            size_t *ix = items ? realloc(b.idx, cap * sizeof *ix) : NULL;
            if (items)
                b.items = items;
            if (!ix) {
                rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
                break;
            }
            b.idx = ix;
            b.cap = cap;
        }
        rc = sc__rowplan_row(plan, b.items + b.n * t->size, st);
        if (rc != SC_OK)
            break;
        b.idx[b.n++] = (size_t)idx;
    }
    sc_stmt_release(st);
    if (rc == SC_DONE && !one) {
        /* count per parent, then give each parent its array in one allocation, rows in the order read */
        rc = SC_OK;
        size_t *count = calloc(n, sizeof *count);
        if (!count)
            rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
        for (size_t i = 0; rc == SC_OK && i < b.n; i++)
            count[b.idx[i]]++;
        for (size_t p = 0; rc == SC_OK && p < n; p++) {
            if (!count[p])
                continue;
            void *held;
            memcpy(&held, LOAD_ROW(p) + spec->member, sizeof held);
            if (held) {
                /* the row was handed its array under another index: a row pointer given twice */
                rc = sc__conn_fail(conn, SC_EINVAL, "a loader's row %zu is given twice", p);
                break;
            }
            void *arr = malloc(count[p] * t->size);
            if (!arr) {
                rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
                break;
            }
            memcpy(LOAD_ROW(p) + spec->member, &arr, sizeof arr);
        }
        if (rc == SC_OK) {
            memset(count, 0, n * sizeof *count);
            for (size_t i = 0; i < b.n; i++) {
                unsigned char *row = LOAD_ROW(b.idx[i]);
                unsigned char *arr;
                memcpy(&arr, row + spec->member, sizeof arr);
                memcpy(arr + count[b.idx[i]]++ * t->size, b.items + i * t->size, t->size);
            }
            for (size_t p = 0; p < n; p++)
                memcpy(LOAD_ROW(p) + spec->count_member, &count[p], sizeof count[p]);
            b.n = 0; /* the rows belong to their parents now */
        } else {
            for (size_t p = 0; p < n; p++) {
                void *arr;
                memcpy(&arr, LOAD_ROW(p) + spec->member, sizeof arr);
                free(arr);
                arr = NULL;
                memcpy(LOAD_ROW(p) + spec->member, &arr, sizeof arr);
            }
        }
        free(count);
    } else if (rc == SC_DONE) {
        rc = SC_OK;
    }
    /* on failure: the rows read so far are cleared (parents keep empty relations) */
    for (size_t i = 0; i < b.n; i++)
        sc__model_clear(t, b.items + i * t->size);
    free(b.items);
    free(b.idx);
    return rc;
}

int sc_load(sc_conn *conn, sc_stmt_site *site, sc_array *keys, void *rows, size_t n, const sc_load_spec *spec)
{
    return load_impl(conn, site, keys, rows, NULL, n, spec);
}

int sc_load_ptrs(sc_conn *conn, sc_stmt_site *site, sc_array *keys, void *const *rows, size_t n, const sc_load_spec *spec)
{
    return load_impl(conn, site, keys, NULL, rows, n, spec);
}
