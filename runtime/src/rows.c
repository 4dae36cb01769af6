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
#include "schemac/pg_rows.h"

/* ---------------------------------------------------------------- packed rows */

/*
 * Rows of a model with a block member (sc_model.block_at) are read with
 * their text and bytes copied into the connection's text chunks, not one
 * malloc each; then pack() gives the rows and those values one allocation:
 * a single row as its own block, a list as its items, a loader's array per
 * parent: [rows | text and bytes | sc_block]. The rows' block member points
 * at that sc_block, and their clear function (sc_value_free) leaves values
 * inside it alone and frees any other (one the program assigned). While a
 * row is read its member points at READING, which holds everything, so a
 * read that fails clears its rows the same way; the chunks are reused.
 */
static const sc_block reading = {0, UINTPTR_MAX};

/*
 * While an SQLite row is read into a packed row, the inline text copy
 * (schemac/stmt_inline.h) writes where ST's TPOS says; the connection's
 * text_used follows it when the library writes or the row is read.
 */
static inline void tpos_sync(sc_stmt *st)
{
    if (st->h.tpos)
        st->conn->text_used = (size_t)(st->h.tpos - st->conn->text->data);
}

/* The inline copy pointed at FROM (room up to END) for ROW, whose block member it marks. */
static inline void tpos_point(sc_stmt *st, unsigned char *row, char *from, char *end)
{
    st->h.tpos = from;
    st->h.tend = end;
    st->h.tmark = row + st->pack_at;
    st->h.tmv = &reading;
}

/* The inline copy pointed at ST's connection's chunk for ROW (on while packing an SQLite row with a chunk). */
static inline void tpos_set(sc_stmt *st, unsigned char *row)
{
    sc_conn *c = st->conn;
    if (st->h.sq && c->text)
        tpos_point(st, row, c->text->data + c->text_used, c->text->data + c->text->cap);
}

/* The N bytes at P and a NUL at D, for ROW being read (its block member marked): D. */
static char *put_value(sc_stmt *st, void *row, char *d, const void *p, size_t n)
{
    if (n)
        memcpy(d, p, n);
    d[n] = '\0';
    const void *mark = &reading;
    memcpy((unsigned char *)row + st->pack_at, &mark, sizeof mark);
    return d;
}

void *sc__row_bytes(sc_stmt *st, void *row, const void *p, size_t n)
{
    if (!st->pack_at)
        return sc__text_copy(p, n);
    sc_conn *c = st->conn;
    if (st->list_text && !st->list_over) {
        /* a list read straight into its block: there while it has room, then in the chunks until the row ends */
        if (st->h.tpos)
            st->list_text = st->h.tpos;
        if (n < (size_t)(st->list_end - st->list_text)) {
            char *d = put_value(st, row, st->list_text, p, n);
            st->list_text = d + n + 1;
            if (st->h.tpos)
                st->h.tpos = st->list_text;
            return d;
        }
        st->list_over = true;
        st->h.tpos = NULL;
    }
    tpos_sync(st);
    if (!c->text || c->text_used + n + 1 > c->text->cap) {
        size_t cap = c->text ? 2 * c->text->cap : 4096;
        if (cap < n + 1)
            cap = n + 1;
        sc__tchunk *ch = malloc(sizeof *ch + cap);
        if (!ch)
            return NULL;
        ch->next = c->text;
        ch->cap = cap;
        c->text = ch;
        c->text_used = 0;
    }
    char *d = put_value(st, row, c->text->data + c->text_used, p, n);
    c->text_used += n + 1;
    if (st->pack_row)
        tpos_set(st, st->pack_row);
    return d;
}

void sc__conn_rows_free(sc_conn *c)
{
    while (c->text) {
        sc__tchunk *next = c->text->next;
        free(c->text);
        c->text = next;
    }
    free(c->rowbuf);
    c->rowbuf = NULL;
    c->rowbuf_cap = 0;
    free(c->lens);
    c->lens = NULL;
    c->lens_cap = 0;
}

/* C's text chunks emptied: the newest (largest) kept. */
static void chunks_reset(sc_conn *c)
{
    while (c->text && c->text->next) {
        sc__tchunk *old = c->text->next;
        c->text->next = old->next;
        free(old);
    }
    c->text_used = 0;
}

/* Start reading rows of M from ST: packed when M's rows are (the text chunks emptied for them). */
static void pack_begin(sc_stmt *st, const sc_model *m)
{
    if (!st)
        return;
    st->pack_row = NULL;
    st->pack_at = 0;
    if (!sc__model_packs(m))
        return;
    chunks_reset(st->conn);
    st->pack_at = m->block_at;
}

/* What a connection keeps between reads (text chunks, row buffer): a large read's memory goes back. */
enum { KEEP_MAX = 1 << 20 };

static void pack_end(sc_stmt *st)
{
    if (st) {
        st->pack_at = 0;
        st->pack_row = NULL;
    }
}

/* After rows are packed (or given up): text chunks and row buffer a large read made big go back. */
static void rows_trim(sc_conn *c)
{
    if (!c)
        return;
    if (c->text && c->text->cap > KEEP_MAX) {
        while (c->text) {
            sc__tchunk *next = c->text->next;
            free(c->text);
            c->text = next;
        }
        c->text_used = 0;
    }
    if (c->rowbuf_cap > KEEP_MAX) {
        free(c->rowbuf);
        c->rowbuf = NULL;
        c->rowbuf_cap = 0;
    }
    if (c->lens_cap * sizeof *c->lens > KEEP_MAX) {
        free(c->lens);
        c->lens = NULL;
        c->lens_cap = 0;
    }
}

/* ROW of ST's current result through PLAN, text and bytes where pack_begin said. */
static inline int read_row(const sc__rowplan *plan, void *row, sc_stmt *st)
{
    st->pack_row = st->pack_at ? row : NULL;
    if (st->pack_row) {
        if (st->list_text)
            tpos_point(st, row, st->list_text, st->list_end);
        else
            tpos_set(st, row);
    }
    int rc = sc__rowplan_row(plan, row, st);
    if (st->list_text && !st->list_over)
        st->list_text = st->h.tpos ? st->h.tpos : st->list_text;
    else
        tpos_sync(st);
    st->h.tpos = NULL;
    st->pack_row = NULL;
    return rc;
}

/* The bytes single value F of ROW takes in the text chunks and the block (0: none, or not such a field). */
static size_t value_size(const unsigned char *row, const sc_field *f)
{
    if ((f->flags & SC_FIELD_LIST) || !sc__field_type_owns(f->type))
        return 0;
    const char *p;
    memcpy(&p, row + f->at, sizeof p);
    if (!p)
        return 0;
    if (f->type == SC_FIELD_BYTES) {
        size_t n;
        memcpy(&n, row + f->len_at, sizeof n);
        return n + 1;
    }
    return strlen(p) + 1;
}

/*
 * A new allocation for N rows of M and TEXT bytes of their values:
 * [rows | values | sc_block], the sc_block saying where the values are,
 * into *B. NULL: out of memory.
 */
/* N rows of M and TEXT bytes of their values in one allocation, laid out as every block (schemac/pg_rows.h). */
static inline unsigned char *block_new(const sc_model *m, size_t n, size_t text, sc_block **b)
{
    char *at;
    void *mark;
    unsigned char *block = sc__pgr_block(n, m->size, text, &at, &mark);
    if (block)
        *b = mark;
    return block;
}


/* ROW's values at the offsets AT[0..N), copies of a run that began at FROM, moved to the run now at TO. */
static void move_values(unsigned char *row, const uint32_t *at, int n, uintptr_t from, unsigned char *to)
{
    for (int k = 0; k < n; k++) {
        char *p;
        memcpy(&p, row + at[k], sizeof p);
        if (p) {
            p = (char *)to + ((uintptr_t)p - from);
            memcpy(row + at[k], &p, sizeof p);
        }
    }
}

/*
 * N rows of M at ROWS whose values (at the offsets AT[0..NOWN)) are the
 * TEXT bytes at FROM, into a new block of their size: the rows, the
 * values, the pointers moved and the block members set. NULL: out of memory.
 */
static unsigned char *block_of(const sc_model *m, const unsigned char *rows, size_t n, const char *from, size_t text,
                               const uint32_t *at, int nown)
{
    const size_t size = m->size;
    sc_block *b;
    unsigned char *block = block_new(m, n, text, &b);
    if (!block)
        return NULL;
    unsigned char *tail = block + n * size;
    void *mark = text ? b : NULL;
    if (n)
        memcpy(block, rows, n * size);
    if (text)
        memcpy(tail, from, text);
    for (size_t i = 0; i < n; i++) {
        unsigned char *row = block + i * size;
        if (text)
            move_values(row, at, nown, (uintptr_t)from, tail);
        memcpy(row + m->block_at, &mark, sizeof mark);
    }
    return block;
}

/* Whether LEFT unused bytes of an allocation of TOTAL are worth a copy into a block of the rows' size. */
static inline bool much_left(size_t left, size_t total)
{
    return left > 4096 && left > total / 4;
}

/*
 * N rows of M into one new allocation: the rows, then the text and bytes
 * they point to, the pointers and block members set. Row I is at
 * ROWS + (PICK ? PICK[I] : I) * size. NULL: out of memory (N > 0).
 *
 * WHOLE: the rows are every row read since pack_begin, so the values are
 * exactly what C's text chunks hold: when that is one chunk, it is copied
 * as it is and the pointers moved by its offset (no value measured twice;
 * the offsets the statement's PLAN keeps when it is M's).
 */
static unsigned char *pack(sc_conn *c, const sc__rowplan *plan, const sc_model *m, const unsigned char *rows, const size_t *pick,
                           size_t n, bool whole)
{
    const size_t size = m->size;
    sc_block *b;
    if (whole && !pick && (!c->text || !c->text->next)) {
        uint32_t own[SC__ROWPLAN_MAX];
        const bool planned = plan && plan->m == m && plan->nown >= 0;
        const uint32_t *at = planned ? plan->own_at : own;
        const int nown = planned ? plan->nown : sc__value_offsets(m, own);
        return block_of(m, rows, n, c->text ? c->text->data : NULL, c->text ? c->text_used : 0, at, nown);
    }
    /* value by value: measured, then copied */
    size_t text = 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *row = rows + (pick ? pick[i] : i) * size;
        for (size_t k = 0; k < m->nfields; k++)
            text += value_size(row, &m->fields[k]);
    }
    unsigned char *block = block_new(m, n, text, &b);
    if (!block)
        return NULL;
    unsigned char *tail = block + n * size;
    void *mark = text ? b : NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char *row = block + i * size;
        memcpy(row, rows + (pick ? pick[i] : i) * size, size);
        for (size_t k = 0; text && k < m->nfields; k++) {
            const sc_field *f = &m->fields[k];
            size_t len = value_size(row, f);
            if (!len)
                continue;
            const char *p;
            memcpy(&p, row + f->at, sizeof p);
            memcpy(tail, p, len);
            memcpy(row + f->at, &tail, sizeof tail);
            tail += len;
        }
        memcpy(row + m->block_at, &mark, sizeof mark);
    }
    return block;
}

/*
 * A block for N rows of M and TEXT bytes of values measured first
 * (PostgreSQL): ST then copies values straight into it (pack_direct_end
 * stops that). NULL: out of memory.
 */
static unsigned char *pack_direct_begin(sc_stmt *st, const sc_model *m, size_t n, size_t text)
{
    sc_block *b;
    unsigned char *block = block_new(m, n, text, &b);
    if (!block)
        return NULL;
    st->pack_at = m->block_at;
    st->pack_tail = (char *)block + n * m->size;
    st->pack_mark = b;
    return block;
}

static void pack_direct_end(sc_stmt *st)
{
    st->pack_tail = NULL;
    st->pack_lens = NULL;
    st->pack_mark = NULL;
    st->pack_at = 0;
}

/* A row's values as one run of the text chunks (LEN SIZE_MAX: read over two chunks, not one run). */
typedef struct load_span {
    const char *p;
    size_t len;
} load_span;

/*
 * N rows of M (row I at ROWS + PICK[I] * size) whose values are runs of the
 * text chunks (SPAN[PICK[I]]) into one new allocation, as pack() does, each
 * run copied whole and its pointers moved by its offset (M's NOWN value
 * offsets AT, sc__value_offsets). NULL: out of memory.
 */
static unsigned char *pack_runs(const sc_model *m, const unsigned char *rows, const size_t *pick, size_t n,
                                const load_span *span, const uint32_t *at, int nown)
{
    const size_t size = m->size;
    size_t text = 0;
    for (size_t i = 0; i < n; i++)
        text += span[pick[i]].len;
    sc_block *b;
    unsigned char *block = block_new(m, n, text, &b);
    if (!block)
        return NULL;
    unsigned char *tail = block + n * size;
    void *mark = text ? b : NULL;
    for (size_t i = 0; i < n; i++) {
        const load_span *s = &span[pick[i]];
        unsigned char *row = block + i * size;
        memcpy(row, rows + pick[i] * size, size);
        if (s->len) {
            memcpy(tail, s->p, s->len);
            move_values(row, at, nown, (uintptr_t)s->p, tail);
        }
        memcpy(row + m->block_at, &mark, sizeof mark);
        tail += s->len;
    }
    return block;
}

/* Room for N rows of SIZE in C's row buffer (NULL: out of memory). */
static unsigned char *rowbuf(sc_conn *c, size_t n, size_t size)
{
    if (n > ((size_t)-1) / size)
        return NULL;
    if (n * size > c->rowbuf_cap) {
        size_t cap = c->rowbuf_cap ? c->rowbuf_cap : 1024;
        while (cap < n * size)
            cap = cap > ((size_t)-1) / 2 ? n * size : 2 * cap;
        unsigned char *grown = realloc(c->rowbuf, cap);
        if (!grown)
            return NULL;
        c->rowbuf = grown;
        c->rowbuf_cap = cap;
    }
    return c->rowbuf;
}

/* ---------------------------------------------------------------- columns */

int sc__x_column_text_dup(char **out, sc_stmt *st, int col)
{
    const char *s = NULL;
    size_t len = 0;
    *out = NULL;
    int rc = sc__i_column_text(&s, &len, st, col);
    if (rc != SC_OK)
        return rc;
    char *copy = st->pack_row ? sc__row_bytes(st, st->pack_row, s, len) : sc__text_copy(s, len);
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
    int rc = sc__i_column_blob(&p, len, st, col);
    if (rc != SC_OK)
        return rc;
    uint8_t *copy = st->pack_row ? sc__row_bytes(st, st->pack_row, p, *len) : malloc(*len ? *len : 1);
    if (!copy) {
        *len = 0;
        return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    }
    if (*len && !st->pack_row)
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

static int read_one_direct(void *out, sc_stmt *st, const sc_model *m, const sc__rowplan *plan);

static int read_new_other(void *out, sc_stmt *st, const sc_model *m, const sc__rowplan *plan);

/* After a step gave SC_ROW: the row into a new block, its address into OUT (NULL: nothing read). */
static int read_new(void *out, sc_stmt *st, const sc_model *m)
{
    if (!out)
        return SC_OK;
    const sc__rowplan *plan = sc__rowplan_for(st, m);
    if (plan->packs && st->h.sq && plan->m == m && plan->nown >= 0)
        return read_one_direct(out, st, m, plan);
    /* PostgreSQL: the model's straight-line reader when the columns allow it, else the plan's way */
    int rc = sc__read_natural(out, st, m, plan);
    return rc != SC__READ_OTHER ? rc : read_new_other(out, st, m, plan);
}

/* read_new by the plan or the model's functions (not the model's own PostgreSQL reader), OUT not NULL. */
static int read_new_other(void *out, sc_stmt *st, const sc_model *m, const sc__rowplan *plan)
{
    if (plan->packs && plan->direct && plan->n >= 0) {
        /* PostgreSQL: the row's values measured (each asked once), then read straight into one block with its text */
        int lens[SC__ROWPLAN_MAX];
        unsigned char *row = pack_direct_begin(st, m, 1, sc__rowplan_pg_lens(plan, st, lens));
        if (!row)
            return sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        int rc = sc__rowplan_read_pg_one(plan, row, st, lens);
        pack_direct_end(st);
        if (rc != SC_OK) {
            free(row);
            return rc;
        }
        memcpy(out, &row, sizeof row);
        return SC_OK;
    }
    if (plan->packs) {
        /* read into the connection's row buffer, then the row and its text in one block */
        sc_conn *c = st->conn;
        unsigned char *tmp = rowbuf(c, 1, m->size);
        if (!tmp)
            return sc__conn_fail(c, SC_ENOMEM, "out of memory");
        pack_begin(st, m);
        int rc = read_row(plan, tmp, st);
        pack_end(st);
        void *row = NULL;
        if (rc == SC_OK) {
            /* the row moves: what it owns goes with it (one chunk: its values copied at once) */
            row = pack(c, plan, m, tmp, NULL, 1, true);
            if (!row) {
                sc__model_clear(m, tmp);
                rc = sc__conn_fail(c, SC_ENOMEM, "out of memory");
            }
        }
        if (c->text && c->text->cap > KEEP_MAX)
            rows_trim(c); /* a large row's text goes back (one row's buffer is never large) */
        if (rc != SC_OK)
            return rc;
        memcpy(out, &row, sizeof row);
        return SC_OK;
    }
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

int sc__read_new_other(void *out, sc_stmt *st, const sc_model *m)
{
    return out ? read_new_other(out, st, m, sc__rowplan_for(st, m)) : SC_OK;
}

static SC__NOINLINE int fetch_one(void *out, sc_stmt *st, int rc, const sc_model *m)
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

int sc_stmt_fetch_one(void *out, sc_stmt *st, int rc, const sc_model *m)
{
    /* PostgreSQL's common case in one function; anything else step, read and release (both tail calls) */
    if (st && rc == SC_OK && sc__pg_fetch_quick(st))
        return sc__pg_fetch_one(out, st, m);
    return fetch_one(out, st, rc, m);
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

/* The rows read into a list that is not yet its final block (see fetch_direct): cleared, the values they hold freed. */
static void rows_clear(const sc_model *m, unsigned char *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sc__model_clear(m, rows + i * m->size);
}

/* A direct list's block (fetch_direct): CAP rows, then ROOM bytes of text, then room for its sc_block. */
typedef struct direct_block {
    unsigned char *p;
    char *text;
    size_t room;
    size_t alloc;
} direct_block;

static bool direct_new(direct_block *d, size_t cap, size_t size, size_t room)
{
    const size_t align = _Alignof(sc_block);
    if (room > ((size_t)-1) / 4 || (cap > 1 && cap > (((size_t)-1) / 2 - room) / size) || size > ((size_t)-1) / 4)
        return false;
    d->alloc = cap * size + room + sizeof(sc_block) + align;
    d->p = malloc(d->alloc);
    d->text = d->p ? (char *)d->p + cap * size : NULL;
    d->room = room;
    return d->p != NULL;
}

/*
 * After row N - 1 of a direct list found no room for a value (its later
 * values went to the text chunks): a block with twice the room, the N rows
 * and the text so far copied into it, their pointers moved, and that row's
 * values from the chunks copied after the rest. False: out of memory.
 */
static bool direct_grow(sc_stmt *st, direct_block *d, size_t cap, size_t n, const sc_model *m)
{
    const size_t size = m->size, used = (size_t)(st->list_text - d->text);
    unsigned char *last = d->p + (n - 1) * size;
    size_t extra = 0;
    for (size_t k = 0; k < m->nfields; k++) {
        const sc_field *f = &m->fields[k];
        const char *p;
        memcpy(&p, last + f->at, sizeof p);
        if (value_size(last, f) && !((uintptr_t)p >= (uintptr_t)d->text && (uintptr_t)p < (uintptr_t)d->text + used))
            extra += value_size(last, f);
    }
    /* room for CAP rows like these so far, and a quarter more; at least twice what there was */
    direct_block g;
    if (used + extra > ((size_t)-1) / 8 / cap)
        return false;
    size_t room = (used + extra) / n * cap + (used + extra) / n * cap / 4;
    if (room < 2 * d->room)
        room = 2 * d->room;
    if (room < 2 * (used + extra))
        room = 2 * (used + extra);
    if (!direct_new(&g, cap, size, room))
        return false;
    memcpy(g.p, d->p, n * size);
    if (used)
        memcpy(g.text, d->text, used);
    char *tail = g.text + used;
    for (size_t i = 0; i < n; i++) {
        unsigned char *row = g.p + i * size;
        for (size_t k = 0; k < m->nfields; k++) {
            const sc_field *f = &m->fields[k];
            size_t len = value_size(row, f);
            if (!len)
                continue;
            char *p;
            memcpy(&p, row + f->at, sizeof p);
            if ((uintptr_t)p >= (uintptr_t)d->text && (uintptr_t)p < (uintptr_t)d->text + used) {
                p = g.text + ((uintptr_t)p - (uintptr_t)d->text);
            } else {
                memcpy(tail, p, len); /* the last row's value in the chunks */
                p = tail;
                tail += len;
            }
            memcpy(row + f->at, &p, sizeof p);
        }
    }
    free(d->p);
    *d = g;
    st->list_text = tail;
    st->list_end = g.text + g.room;
    st->list_over = false;
    st->conn->text_used = 0; /* what the chunks held is copied */
    return true;
}

/*
 * The text room a row of M asks for in ST's next direct read: what its last
 * took, and a quarter more (a page's text varies from page to page); before its first, what a row of M took in the
 * connection's last (another statement over the same model: the other page
 * statement, a find); 64 when nothing is known.
 */
static size_t direct_room(const sc_stmt *st, const sc_model *m)
{
    const size_t per = st->list_hint ? st->list_hint : st->conn->hint_model == m ? st->conn->hint_per : 0;
    return per ? per + per / 4 + 1 : 64;
}

/* The text room a row of M took in ST's direct read: for ST's next, and the connection's next first. */
static void direct_learn(sc_stmt *st, const sc_model *m, size_t per)
{
    st->list_hint = per;
    st->conn->hint_model = m;
    st->conn->hint_per = per;
}

/* ST's row values into D's text from here on. */
static void direct_start(sc_stmt *st, const direct_block *d)
{
    st->list_text = d->text;
    st->list_end = d->text ? d->text + d->room : NULL;
    st->list_over = false;
}

/* Values to the text chunks again: where D's text ended (the value direct_start's block held last). */
static const char *direct_stop(sc_stmt *st)
{
    const char *end = st->list_text;
    st->list_text = NULL;
    st->list_end = NULL;
    st->list_over = false;
    return end;
}

/*
 * The N rows at the head of D (room for CAP) and their TEXT bytes at D's
 * text, as their final block: in place (the text moved down to the rows
 * when fewer came; D's allocation then the caller's, D->p NULL), or copied
 * to a block of their size when much room is left. NULL: out of memory.
 */
static unsigned char *direct_end(direct_block *d, size_t cap, size_t n, size_t text, const sc_model *m, const sc__rowplan *plan)
{
    const size_t size = m->size, align = _Alignof(sc_block);
    const size_t at = (n * size + text + align - 1) / align * align;
    if (much_left(d->alloc - at - sizeof(sc_block), d->alloc))
        return block_of(m, d->p, n, d->text, text, plan->own_at, plan->nown);
    unsigned char *items = d->p;
    d->p = NULL;
    const bool moved = n < cap && text; /* else in place already */
    if (moved)
        memmove(items + n * size, d->text, text); /* before the sc_block is written where the text was */
    sc_block *b = (sc_block *)(void *)(items + at);
    b->begin = (uintptr_t)(items + n * size);
    b->end = b->begin + text;
    void *mark = text ? b : NULL;
    for (size_t i = 0; i < n; i++) {
        unsigned char *row = items + i * size;
        if (moved)
            move_values(row, plan->own_at, plan->nown, (uintptr_t)d->text, items + n * size);
        memcpy(row + m->block_at, &mark, sizeof mark);
    }
    return items;
}

/*
 * The rows of M an SQLite statement ST answers (on its first row; at most
 * CAP expected, PLAN M's with its values' offsets) straight into the list's
 * block: the rows at its head, their text after room for CAP rows, as much
 * room as the statement's last such list took a row. A value that finds no
 * room goes to the text chunks, and after its row the block is made twice
 * as large. At the end the text moves down to the rows when fewer came (or
 * rows and text go to a block of their size, when much room is left); in
 * the common case nothing is copied twice. A row past CAP ends that: the
 * rows go to the row buffer and the rest are read as sc_stmt_fetch_list
 * reads them, the block holding its values until they are packed.
 */
static int fetch_direct(void *list, sc_stmt *st, size_t cap, const sc_model *m, const sc__rowplan *plan)
{
    sc_conn *c = st->conn;
    const size_t size = m->size;
    size_t per = direct_room(st, m);
    if (per > ((size_t)-1) / 8 / cap)
        per = ((size_t)-1) / 8 / cap;
    direct_block d = {NULL, NULL, 0, 0};
    int rc = SC_ROW;
    if (!direct_new(&d, cap, size, per * cap < 512 ? 512 : per * cap))
        rc = sc__conn_fail(c, SC_ENOMEM, "out of memory");
    pack_begin(st, m);
    direct_start(st, &d);
    unsigned char *rows = d.p;
    size_t n = 0, rcap = cap;
    bool direct = true;
    while (rc == SC_ROW) {
        if (n == rcap) {
            /* more rows than room for them: the row buffer and the text chunks from here on */
            unsigned char *grown = rowbuf(c, 2 * rcap, size);
            if (!grown) {
                rc = sc__conn_fail(c, SC_ENOMEM, "out of memory");
                break;
            }
            if (direct)
                memcpy(grown, d.p, n * size);
            rows = grown;
            rcap *= 2;
            direct = false;
            st->list_text = NULL;
        }
        rc = read_row(plan, rows + n * size, st);
        if (rc != SC_OK)
            break;
        n++;
        if (direct && st->list_over && !direct_grow(st, &d, cap, n, m)) {
            rc = sc__conn_fail(c, SC_ENOMEM, "out of memory");
            break;
        }
        rows = direct ? d.p : rows;
        rc = sc_stmt_step(st);
    }
    const char *end = direct_stop(st);
    pack_end(st);
    unsigned char *items = NULL;
    if (rc == SC_DONE && n > 0) {
        if (direct) {
            const size_t text = (size_t)(end - d.text);
            direct_learn(st, m, (text + n - 1) / n);
            items = direct_end(&d, cap, n, text, m, plan);
        } else {
            /* values in the block and the text chunks: packed one by one */
            items = pack(c, plan, m, rows, NULL, n, false);
        }
        if (!items)
            rc = sc__conn_fail(c, SC_ENOMEM, "out of memory");
    }
    /* only now: PLAN is the statement's, and a statement that is not cached goes with its release */
    sc_stmt_release(st);
    if (rc != SC_DONE)
        rows_clear(m, rows, n);
    else
        rc = SC_OK;
    free(d.p);
    rows_trim(c);
    if (rc != SC_OK)
        return rc;
    memcpy(list, &items, sizeof items);
    memcpy((unsigned char *)list + m->list_count, &n, sizeof n);
    return SC_OK;
}

/*
 * An SQLite row of M (PLAN M's, with its values' offsets) straight into its
 * own block, its text right after it, as much room as the statement's last
 * such row took (trimmed to its size when much is left). A value that does
 * not fit sends the row's later values to the text chunks, and the row is
 * then packed value by value.
 */
static int read_one_direct(void *out, sc_stmt *st, const sc_model *m, const sc__rowplan *plan)
{
    sc_conn *c = st->conn;
    const size_t per = direct_room(st, m);
    direct_block d;
    if (!direct_new(&d, 1, m->size, per < 64 ? 64 : per))
        return sc__conn_fail(c, SC_ENOMEM, "out of memory");
    /* packed (PLAN says M packs); a value that finds no room goes after what the text chunks hold, emptied after */
    st->pack_row = NULL;
    st->pack_at = m->block_at;
    direct_start(st, &d);
    int rc = read_row(plan, d.p, st);
    const bool over = st->list_over;
    const char *end = direct_stop(st);
    pack_end(st);
    unsigned char *row = NULL;
    if (rc == SC_OK) {
        if (over) {
            /* values in the block and the text chunks: packed one by one, and the room it took learned */
            row = pack(c, plan, m, d.p, NULL, 1, false);
            if (row) {
                const sc_block *b;
                memcpy(&b, row + m->block_at, sizeof b);
                direct_learn(st, m, b ? (size_t)(b->end - b->begin) : 0);
            }
            chunks_reset(c);
        } else {
            direct_learn(st, m, (size_t)(end - d.text));
            row = direct_end(&d, 1, 1, st->list_hint, m, plan);
        }
        if (!row) {
            sc__model_clear(m, d.p);
            rc = sc__conn_fail(c, SC_ENOMEM, "out of memory");
        }
    }
    if (d.p)
        free(d.p);
    /* the text chunks took values only when the block had no room for one */
    if (over && c->text && c->text->cap > KEEP_MAX)
        rows_trim(c);
    if (rc != SC_OK)
        return rc;
    memcpy(out, &row, sizeof row);
    return SC_OK;
}

int sc_stmt_fetch_list(void *list, sc_stmt *st, int rc, size_t expected, const sc_model *m)
{
    if (!list) {
        /* nothing to read into: the statement ends unrun */
        if (rc == SC_OK && st)
            rc = sc__conn_fail(st->conn, SC_EINVAL, "a list's out pointer is NULL");
        sc_stmt_release(st);
        return rc == SC_OK ? SC_EINVAL : rc;
    }
    unsigned char *block = NULL;
    size_t n = 0, cap = 0, size = m->size;
    const sc__rowplan *plan = NULL;
    /* packed rows are read into the connection's row buffer, then packed with their text */
    const bool packed = sc__model_packs(m) && st;
    bool direct = false; /* BLOCK is the list's final block already */
    sc_conn *conn = st ? st->conn : NULL;
    if (rc == SC_OK) {
        if (expected > SC_FETCH_PREALLOC_MAX)
            expected = SC_FETCH_PREALLOC_MAX;
        rc = sc_stmt_step(st);
        if (rc == SC_ROW)
            plan = sc__rowplan_for(st, m);
        if (rc == SC_ROW && packed && st->h.sq && expected > 0 && plan->m == m && plan->nown >= 0)
            return fetch_direct(list, st, expected, m, plan);
        if (packed)
            pack_begin(st, m);
        while (rc == SC_ROW) {
            if (n == cap) {
                size_t ncap = cap ? 2 * cap : expected ? expected : 16;
                /* PostgreSQL holds the whole result already: room for exactly its rows */
                if (st->res && st->row < st->nrows)
                    ncap = n + (size_t)(st->nrows - st->row);
                unsigned char *grown = packed ? rowbuf(st->conn, ncap, size)
                                       : ncap <= ((size_t)-1) / size ? realloc(block, ncap * size) : NULL;
                if (!grown) {
                    rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
                    break;
                }
                block = grown;
                cap = ncap;
            }
            int left = plan->pg && plan->n >= 0 ? sc__pg_rows_left(st) : 0;
            if (plan->natural && n == 0 && left > 0) {
                /* PostgreSQL, every column in the form its field reads as it is: the model's straight-line reader */
                void *rows = NULL;
                rc = m->read_pg(&rows, st->res, st->row, (size_t)left, st);
                if (rc == SC_OK) {
                    block = rows;
                    n = (size_t)left;
                    direct = true;
                    st->row += left - 1; /* on the last row read */
                    rc = sc_stmt_step(st);
                    if (rc == SC_ROW)
                        rc = sc__conn_fail(conn, SC_ERROR, "a row past the end of a result");
                    break;
                }
                if (rc != SC__READ_OTHER) {
                    if (rc == SC_ENOMEM)
                        rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
                    break;
                }
                rc = SC_ROW; /* a value it does not read: the plan's way, with its error */
            }
            if (packed && plan->direct && n == 0 && left > 0) {
                /* PostgreSQL: the result's text measured, then every row read straight into the list's block */
                block = pack_direct_begin(st, m, (size_t)left, sc__rowplan_pg_text(plan, st, left));
                rc = block ? sc__rowplan_read_pg_rows(plan, block, size, left, st) : sc__conn_fail(conn, SC_ENOMEM, "out of memory");
                pack_direct_end(st);
                if (rc != SC_OK) {
                    free(block);
                    block = NULL;
                    break;
                }
                n = (size_t)left;
                direct = true;
                rc = sc_stmt_step(st);
                if (rc == SC_ROW)
                    rc = sc__conn_fail(conn, SC_ERROR, "a row past the end of a result");
                break;
            }
            if (left > 1 && cap - n >= (size_t)left) {
                /* the rest of a PostgreSQL result, column by column */
                rc = sc__rowplan_read_pg_rows(plan, block + n * size, size, left, st);
                if (rc != SC_OK)
                    break;
                n += (size_t)left;
                rc = sc_stmt_step(st);
                continue;
            }
            rc = read_row(plan, block + n * size, st);
            if (rc != SC_OK)
                break;
            n++;
            rc = sc__pg_next_row(st) ? SC_ROW : sc_stmt_step(st);
        }
    }
    pack_end(st);
    if (packed && rc == SC_DONE && n > 0 && !direct) {
        /* the rows move into the list's block: what they own goes with them (the plan still the statement's) */
        unsigned char *items = pack(conn, plan, m, block, NULL, n, true);
        if (!items)
            rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
        else
            block = items;
    }
    sc_stmt_release(st);
    if (rc != SC_DONE) {
        if (packed) {
            /* the row buffer stays the connection's; a block read straight into is freed */
            for (size_t i = 0; i < n; i++)
                sc__model_clear(m, block + i * size);
            if (direct)
                free(block);
            rows_trim(conn);
        } else {
            sc_rows_free(block, n, m);
        }
        return rc;
    }
    if (packed)
        rows_trim(conn);
    void *items = block;
    memcpy(list, &items, sizeof items);
    memcpy((unsigned char *)list + m->list_count, &n, sizeof n);
    return SC_OK;
}

/* ---------------------------------------------------------------- rows placed by their key */

/*
 * Positions 0..n by an integer key: open addressing (a slot holds a
 * position + 1, 0 empty), the positions sharing a key chained from the
 * first by NEXT (KEYMAP_NONE ends a chain). A position without a key (an
 * unset nullable one) is in no chain.
 */
enum { KEYMAP_NONE = -1 };
typedef struct keymap {
    size_t *slot;
    size_t *next; /* (size_t)KEYMAP_NONE: the chain ends */
    int64_t *key;
    size_t mask;
    int shift;
} keymap;

static size_t keymap_hash(const keymap *km, int64_t v)
{
    return (size_t)(((uint64_t)v * UINT64_C(0x9E3779B97F4A7C15)) >> km->shift) & km->mask;
}

static bool keymap_init(keymap *km, size_t n)
{
    size_t cap = 16;
    int bits = 4;
    while (cap < 2 * n && cap <= ((size_t)-1) / 4) {
        cap *= 2;
        bits++;
    }
    km->mask = cap - 1;
    km->shift = 64 - bits;
    km->slot = calloc(cap, sizeof *km->slot);
    km->next = malloc((n ? n : 1) * sizeof *km->next);
    km->key = malloc((n ? n : 1) * sizeof *km->key);
    return km->slot && km->next && km->key;
}

static void keymap_free(keymap *km)
{
    free(km->slot);
    free(km->next);
    free(km->key);
    km->slot = NULL;
    km->next = NULL;
    km->key = NULL;
}

/* Position POS holds key V: the first with V heads its chain (true: V is new), later ones follow it. */
static bool keymap_add(keymap *km, size_t pos, int64_t v)
{
    km->key[pos] = v;
    for (size_t h = keymap_hash(km, v);; h = (h + 1) & km->mask) {
        size_t at = km->slot[h];
        if (!at) {
            km->slot[h] = pos + 1;
            km->next[pos] = (size_t)KEYMAP_NONE;
            return true;
        }
        if (km->key[at - 1] == v) {
            km->next[pos] = km->next[at - 1];
            km->next[at - 1] = pos;
            return false;
        }
    }
}

/* The first position holding V, or (size_t)KEYMAP_NONE. */
static size_t keymap_find(const keymap *km, int64_t v)
{
    for (size_t h = keymap_hash(km, v);; h = (h + 1) & km->mask) {
        size_t at = km->slot[h];
        if (!at)
            return (size_t)KEYMAP_NONE;
        if (km->key[at - 1] == v)
            return at - 1;
    }
}

/* The INT32 or INT64 value at P. */
static int64_t key_at(const unsigned char *p, int type)
{
    if (type == SC_FIELD_INT32) {
        int32_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    int64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static int placed(void *list, bool *found, sc_stmt *st, int rc, size_t n, int index_column, const keymap *km,
                  const sc_field *key, const sc_model *m, bool keep);

int sc_stmt_fetch_placed(void *list, bool *found, sc_stmt *st, int rc, size_t n, int index_column, const sc_model *m)
{
    return placed(list, found, st, rc, n, index_column, NULL, NULL, m, false);
}

/*
 * Whether M's rows can be placed by key: packed (a row given to two
 * positions shares its values within the block) and without list fields
 * (each its own allocation, which two rows cannot share).
 */
static bool keyed_model(const sc_model *m)
{
    if (!sc__model_packs(m))
        return false;
    for (size_t i = 0; i < m->nfields; i++)
        if (m->fields[i].flags & SC_FIELD_LIST)
            return false;
    return true;
}

/*
 * The N keys at KEYS (of the integer KEY's C type) of a lookup placed by key
 * into KM (their positions) and, each once, into *UNIQ (*NUNIQ of them, malloc'd).
 */
static int find_keys(sc_conn *conn, keymap *km, int64_t **uniq, size_t *nuniq, const sc_field *key, const void *keys, size_t n,
                     const sc_model *m)
{
    *uniq = NULL;
    *nuniq = 0;
    if (!keyed_model(m) || (key->type != SC_FIELD_INT32 && key->type != SC_FIELD_INT64))
        return sc__conn_fail(conn, SC_EINVAL, "rows placed by key need an integer key, and rows in one block without list fields");
    if (!keymap_init(km, n))
        return sc__conn_fail(conn, SC_ENOMEM, "out of memory");
    /* the array parameter: each key once, so each row is answered once */
    int64_t *u = malloc((n ? n : 1) * sizeof *u);
    if (!u)
        return sc__conn_fail(conn, SC_ENOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t v = key->type == SC_FIELD_INT32 ? ((const int32_t *)keys)[i] : ((const int64_t *)keys)[i];
        if (keymap_add(km, i, v))
            u[k++] = v;
    }
    *uniq = u;
    *nuniq = k;
    return SC_OK;
}

int sc__find_keyed(void *list, bool *found, sc_conn *conn, sc_stmt_site *site, const sc_field *key, const void *keys, size_t n,
                   const sc_model *m)
{
    keymap km = {NULL, NULL, NULL, 0, 0};
    int64_t *uniq = NULL;
    size_t nuniq = 0;
    int rc = find_keys(conn, &km, &uniq, &nuniq, key, keys, n, m);
    sc_stmt *st = NULL;
    if (rc == SC_OK)
        rc = sc_stmt_prepare_site(&st, conn, site);
    if (rc == SC_OK)
        rc = sc__bind_int_keys(st, 1, uniq, nuniq);
    free(uniq);
    rc = placed(list, found, st, rc, n, -1, &km, key, m, false);
    keymap_free(&km);
    return rc;
}

/*
 * sc_stmt_fetch_placed; with KM, each row goes where its value of KEY says
 * (and is copied to the other positions with that key once all are read).
 * KEEP: ST is not released (a pipeline's item: its owner releases it).
 */
static int placed(void *list, bool *found, sc_stmt *st, int rc, size_t n, int index_column, const keymap *km,
                  const sc_field *key, const sc_model *m, bool keep)
{
    size_t size = m->size;
    unsigned char *block = NULL, *have = NULL;
    sc_conn *conn = st ? st->conn : NULL;
    const bool packed = sc__model_packs(m) && st;
    if (rc == SC_OK && n > 0) {
        /* packed rows are placed in the connection's row buffer, then packed */
        /* by key: each row is read into the slot after the N, then moved to its place */
        const size_t slots = km ? n + 1 : n;
        block = packed ? rowbuf(st->conn, slots, size) : n <= ((size_t)-1) / size ? malloc(n * size) : NULL;
        have = calloc(n, 1);
        if (!block || !have)
            rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    }
    if (rc == SC_OK && packed)
        pack_begin(st, m);
    /* PostgreSQL, values measured first: the rows read straight into the list's block (DIRECT), not packed after */
    bool direct = false;
    const sc__rowplan *dplan = NULL;
    char *text0 = NULL, *text1 = NULL; /* the block's text, and where it ended */
    while (rc == SC_OK && (rc = sc_stmt_step(st)) == SC_ROW) {
        const sc__rowplan *plan = sc__rowplan_for(st, m);
        /* (none left to count: a hook, a failed transaction; the rows are read one by one, as below) */
        const int left = packed && !direct && plan->pg && plan->direct && plan->n >= 0 ? sc__pg_rows_left(st) : 0;
        if (left > 0) {
            /* the block for the N slots (and the reading slot) and the whole result's text, in place of the row buffer */
            pack_end(st);
            block = pack_direct_begin(st, m, km ? n + 1 : n, sc__rowplan_pg_text(plan, st, left));
            if (!block) {
                rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
                break;
            }
            direct = true;
            dplan = plan;
            text0 = st->pack_tail;
        }
        if (km) {
            if (!block) {
                rc = sc__conn_fail(st->conn, SC_ERROR, "a fetched row for no key");
                break;
            }
            unsigned char *row = block + n * size;
            rc = direct ? sc__rowplan_read(plan, row, st) : read_row(plan, row, st);
            if (rc != SC_OK)
                break;
            int64_t v = key_at(row + key->at, key->type);
            size_t at = keymap_find(km, v);
            if (at == (size_t)KEYMAP_NONE || have[at]) {
                sc__model_clear(m, row);
                rc = sc__conn_fail(st->conn, SC_ERROR, "a fetched row's key %lld was %s", (long long)v,
                                   at == (size_t)KEYMAP_NONE ? "not asked for" : "answered twice");
                break;
            }
            /* at its first position, and a copy at every other position with its key (values shared in the block) */
            for (size_t p = at; p != (size_t)KEYMAP_NONE; p = km->next[p]) {
                memcpy(block + p * size, row, size);
                have[p] = 1;
            }
            continue;
        }
        int64_t idx = -1;
        rc = sc_stmt_column_int64(&idx, st, index_column);
        if (rc != SC_OK)
            break;
        if (idx < 0 || (uint64_t)idx >= n || have[idx]) {
            rc = sc__conn_fail(st->conn, SC_ERROR, "a fetched row names key %lld of %zu twice or out of range", (long long)idx, n);
            break;
        }
        rc = direct ? sc__rowplan_read(plan, block + (size_t)idx * size, st) : read_row(plan, block + (size_t)idx * size, st);
        if (rc != SC_OK)
            break;
        have[idx] = 1;
    }
    if (rc == SC_OK)
        rc = SC_DONE; /* n == 0: nothing was run */
    /* the plan's value offsets kept: a statement that is not cached goes with its release, its plan too */
    uint32_t own_at[SC__ROWPLAN_MAX];
    int nown = -1;
    if (direct) {
        text1 = st->pack_tail;
        pack_direct_end(st);
        nown = dplan->nown;
        if (nown > 0)
            memcpy(own_at, dplan->own_at, (size_t)nown * sizeof *own_at);
    } else {
        pack_end(st);
    }
    if (!keep)
        sc_stmt_release(st);
    if (direct) {
        size_t count = 0;
        if (rc == SC_DONE) {
            /* the values are in the block: the rows found move to its head, the rest of it is left as it is */
            for (size_t i = 0; i < n; i++) {
                if (!have[i])
                    continue;
                if (i != count)
                    memcpy(block + count * size, block + i * size, size);
                count++;
            }
        } else {
            /* what the rows read own outside the block (lists) goes too */
            for (size_t i = 0; i < n; i++)
                if (have[i])
                    sc__model_clear(m, block + i * size);
        }
        rows_trim(conn);
        /* many keys found no row: the rows and their text to a block of their size */
        const size_t slots = km ? n + 1 : n, spare = (slots - count) * size, text = (size_t)(text1 - text0);
        if (rc == SC_DONE && count > 0 && nown >= 0 && much_left(spare, slots * size + text)) {
            unsigned char *fit = block_of(m, block, count, text0, text, own_at, nown);
            if (!fit) {
                for (size_t i = 0; i < count; i++)
                    sc__model_clear(m, block + i * size);
                rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
            } else {
                free(block);
                block = fit;
            }
        }
        for (size_t i = 0; found && rc == SC_DONE && i < n; i++)
            found[i] = have[i] != 0;
        free(have);
        if (rc != SC_DONE || count == 0) {
            free(block);
            block = NULL;
            count = 0;
        }
        if (rc != SC_DONE)
            return rc;
        void *items = block;
        memcpy(list, &items, sizeof items);
        memcpy((unsigned char *)list + m->list_count, &count, sizeof count);
        return SC_OK;
    }
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
        if (!packed)
            free(block);
        else
            rows_trim(conn);
        free(have);
        return rc;
    }
    if (packed && count > 0) {
        /* the rows move into the list's block: what they own goes with them */
        unsigned char *items = pack(conn, NULL, m, block, NULL, count, true);
        if (!items) {
            for (size_t i = 0; i < count; i++)
                sc__model_clear(m, block + i * size);
            rows_trim(conn);
            free(have);
            return sc__conn_fail(conn, SC_ENOMEM, "out of memory");
        }
        block = items;
    } else if (packed) {
        block = NULL; /* nothing found: the row buffer stays the connection's */
    }
    if (packed)
        rows_trim(conn);
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

void sc__list_empty(void *list, const sc_model *m, bool *found, size_t n)
{
    if (list && m) {
        void *none = NULL;
        size_t zero = 0;
        memcpy(list, &none, sizeof none);
        memcpy((unsigned char *)list + m->list_count, &zero, sizeof zero);
    }
    if (found && n)
        memset(found, 0, n * sizeof *found);
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
    /*
     * The batch statement is held from one full batch to the next, each
     * binding every parameter: released once, not once a batch (a release
     * of a statement this large clears its bindings).
     */
    sc_stmt *big = NULL;
    for (size_t done = 0, take; rc == SC_OK && done < n; done += take) {
        take = n - done >= batch ? batch : 1;
        sc_stmt *st = NULL;
        if (take > 1 && big) {
            st = big;
            rc = sc_stmt_reset(st);
        } else if (take > 1) {
            rc = prepare_batch(&big, conn, spec, tail);
            st = big;
        } else {
            rc = sc_stmt_prepare_site(&st, conn, spec->one);
        }
        if (rc == SC_OK)
            rc = spec->bind(st, (const unsigned char *)rows + done * spec->row_size, take, now);
        if (rc == SC_OK)
            rc = sc_stmt_exec(st);
        if (rc == SC_OK)
            *stored += sc_stmt_changes(st);
        if (st != big)
            sc_stmt_release(st);
        if (rc != SC_OK && failed) {
            *failed = done;
            *failed_rows = take;
        }
    }
    sc_stmt_release(big);
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
        sc__tx_undo(conn); /* the failure stays what sc_conn_error says */
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
    load_span *span; /* packed rows: where each row's values are in the text chunks */
} load_buf;

/* Source row I of a loader's rows: BASE[I] of SPEC's size, or what PTRS[I] points at. */
#define LOAD_ROW(i) (ptrs ? (unsigned char *)ptrs[i] : base + (i) * spec->row_size)

/*
 * B's rows to their parents, packed: each parent's rows (in the order read)
 * and their text in one allocation. On success B is left empty (its rows
 * moved); on failure no parent holds an array and B's rows are B's to clear.
 */
static int load_packed(sc_conn *conn, load_buf *b, unsigned char *base, void *const *ptrs, size_t n, const sc_load_spec *spec,
                       const keymap *km)
{
    const sc_model *t = spec->target;
    /* by key, B->idx[i] is the first parent of row i: the others with its key follow in KM's chain */
#define EACH_PARENT(p, i) for (size_t p = b->idx[i]; p != (size_t)KEYMAP_NONE; p = km ? km->next[p] : (size_t)KEYMAP_NONE)
    size_t placed_rows = 0;
    for (size_t i = 0; i < b->n; i++)
        EACH_PARENT(p, i)
            placed_rows++;
    size_t *count = calloc(n + 1, sizeof *count);
    size_t *order = malloc((placed_rows ? placed_rows : 1) * sizeof *order);
    int rc = count && order ? SC_OK : sc__conn_fail(conn, SC_ENOMEM, "out of memory");
    /* count[p + 1] rows for parent p, then count[p] where its rows start in ORDER */
    for (size_t i = 0; rc == SC_OK && i < b->n; i++)
        EACH_PARENT(p, i)
            count[p + 1]++;
    for (size_t p = 0; rc == SC_OK && p < n; p++)
        count[p + 1] += count[p];
    for (size_t i = 0; rc == SC_OK && i < b->n; i++)
        EACH_PARENT(p, i)
            order[count[p]++] = i;
#undef EACH_PARENT
    uint32_t at[SC__ROWPLAN_MAX];
    const int nown = sc__value_offsets(t, at); /* once for all parents */
    /* now count[p] is where parent p's rows end, count[p - 1] (or 0) where they start */
    size_t done = 0;
    for (; rc == SC_OK && done < n; done++) {
        size_t from = done ? count[done - 1] : 0, k = count[done] - from;
        if (!k)
            continue; /* load_reset left it empty */
        unsigned char *row = LOAD_ROW(done);
        void *arr;
        memcpy(&arr, row + spec->member, sizeof arr);
        if (arr) {
            /* the row was handed its array under another index: a row pointer given twice */
            rc = sc__conn_fail(conn, SC_EINVAL, "a loader's row %zu is given twice", done);
            break;
        }
        bool runs = true;
        for (size_t i = 0; i < k && runs; i++)
            runs = b->span[order[from + i]].len != SIZE_MAX;
        arr = runs ? pack_runs(t, b->items, order + from, k, b->span, at, nown) : pack(conn, NULL, t, b->items, order + from, k, false);
        if (!arr) {
            rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
            break;
        }
        memcpy(row + spec->member, &arr, sizeof arr);
        memcpy(row + spec->count_member, &k, sizeof k);
    }
    if (rc != SC_OK) {
        /* the arrays hold copies: free them alone, B's rows keep what they own */
        for (size_t p = 0; p < done && p < n; p++) {
            unsigned char *row = LOAD_ROW(p);
            void *arr;
            memcpy(&arr, row + spec->member, sizeof arr);
            free(arr);
            arr = NULL;
            size_t zero = 0;
            memcpy(row + spec->member, &arr, sizeof arr);
            memcpy(row + spec->count_member, &zero, sizeof zero);
        }
    } else {
        b->n = 0; /* the rows belong to their parents now */
    }
    free(count);
    free(order);
    return rc;
}

/* A parent's rows while a loader places them straight into their block (load_direct_pg). */
typedef struct load_fill {
    size_t count, text, k;
    unsigned char *rows;
    char *tail;
    sc_block *mark;
} load_fill;

/*
 * PostgreSQL, a loader by key (KM) of many rows per parent, its whole result
 * here (LEFT rows from ST's current one) and its text measurable first: each
 * parent's rows and their text read straight into one block of their size,
 * in the order read (no text chunks, no packing after). SC_OK: every row
 * placed, ST on the last. SC__READ_OTHER: nothing read or placed (a key two
 * parents share, a key not a binary integer: the general way). Else a
 * failure, reported, no parent holding rows.
 */
static int load_direct_pg(sc_conn *conn, sc_stmt *st, const sc__rowplan *plan, unsigned char *base, void *const *ptrs, size_t n,
                          const sc_load_spec *spec, const keymap *km, int left, bool orphans)
{
    const sc_model *t = spec->target;
    const size_t size = t->size, ncol = (size_t)plan->n, rows = (size_t)left;
    if (!ncol || rows > ((size_t)-1) / sizeof(int) / ncol)
        return SC__READ_OTHER;
    int *lens = malloc(rows * ncol * sizeof *lens);
    int64_t *keys = malloc(rows * sizeof *keys);
    size_t *text = malloc(rows * sizeof *text), *where = malloc(rows * sizeof *where);
    load_fill *fill = calloc(n, sizeof *fill);
    int rc = lens && keys && text && where && fill ? SC_OK : sc__conn_fail(conn, SC_ENOMEM, "out of memory");
    if (rc == SC_OK)
        rc = sc__rowplan_pg_keys(plan, st, left, (uint32_t)t->fields[spec->match_field].at, lens, keys, text);
    for (size_t i = 0; rc == SC_OK && i < rows; i++) {
        size_t p = keymap_find(km, keys[i]);
        if (p == (size_t)KEYMAP_NONE && orphans) {
            where[i] = SIZE_MAX; /* a key no parent has: dropped */
        } else if (p == (size_t)KEYMAP_NONE) {
            rc = sc__conn_fail(conn, SC_ERROR, "a loaded row's key %lld is no row's", (long long)keys[i]);
        } else if (km->next[p] != (size_t)KEYMAP_NONE) {
            rc = SC__READ_OTHER; /* each parent with the key gets its own copy: the general way */
        } else {
            where[i] = p;
            fill[p].count++;
            fill[p].text += text[i];
        }
    }
    for (size_t p = 0; rc == SC_OK && p < n; p++) {
        load_fill *f = &fill[p];
        if (!f->count)
            continue;
        f->rows = block_new(t, f->count, f->text, &f->mark);
        if (!f->rows)
            rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
        else
            f->tail = (char *)f->rows + f->count * size;
    }
    const int r0 = st->row;
    if (rc == SC_OK) {
        st->pack_at = t->block_at;
        for (size_t i = 0; i < rows; i++) {
            if (where[i] == SIZE_MAX)
                continue;
            load_fill *f = &fill[where[i]];
            st->row = r0 + (int)i;
            st->pack_tail = f->tail;
            st->pack_mark = f->mark;
            rc = sc__rowplan_read_pg_one(plan, f->rows + f->k * size, st, lens + i * ncol);
            if (rc != SC_OK)
                break;
            f->tail = st->pack_tail;
            f->k++;
        }
        st->pack_tail = NULL;
        st->pack_mark = NULL;
    }
    for (size_t p = 0; fill && p < n; p++) {
        load_fill *f = &fill[p];
        if (!f->rows)
            continue;
        if (rc != SC_OK) {
            rows_clear(t, f->rows, f->k);
            free(f->rows);
            continue;
        }
        unsigned char *row = LOAD_ROW(p);
        memcpy(row + spec->member, &f->rows, sizeof f->rows);
        memcpy(row + spec->count_member, &f->count, sizeof f->count);
    }
    st->row = rc == SC_OK ? r0 + left - 1 : r0;
    free(lens);
    free(keys);
    free(text);
    free(where);
    free(fill);
    return rc;
}

/*
 * The rows of N parents by their KEY (SC_LOAD_BY_KEY) into KM, each key
 * once into KEYS (NULL: the map alone), *NKEYS of them; SC_OK, or
 * SC_EINVAL when the spec and key cannot be matched that way.
 */
static int load_keymap(sc_conn *conn, keymap *km, unsigned char *base, void *const *ptrs, size_t n, const sc_load_spec *spec,
                       const sc_field *key, int64_t *keys, size_t *nkeys)
{
    if (!key || (key->type != SC_FIELD_INT32 && key->type != SC_FIELD_INT64) || !keyed_model(spec->target) ||
        spec->match_field < 0 || (size_t)spec->match_field >= spec->target->nfields ||
        spec->target->fields[spec->match_field].type != key->type)
        return sc__conn_fail(conn, SC_EINVAL, "a loader by key needs one integer key, and target rows in one block without list fields");
    *nkeys = 0;
    if (!keymap_init(km, n))
        return sc__conn_fail(conn, SC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const unsigned char *row = LOAD_ROW(i);
        if ((key->flags & SC_FIELD_NULLABLE) && !*(const bool *)(const void *)(row + key->has_at)) {
            km->next[i] = (size_t)KEYMAP_NONE; /* no key: no rows */
            continue;
        }
        int64_t v = key_at(row + key->at, key->type);
        if (keymap_add(km, i, v) && keys)
            keys[(*nkeys)++] = v;
    }
    return SC_OK;
}

enum { LOAD_KEEP = 1, LOAD_ORPHANS = 2 };
static int load_rows(sc_conn *conn, sc_stmt *st, unsigned char *base, void *const *ptrs, size_t n, const sc_load_spec *spec,
                     const keymap *km, const sc_field *key, unsigned how);

static int load_impl(sc_conn *conn, sc_stmt_site *site, sc_array *keys, unsigned char *base, void *const *ptrs, size_t n,
                     const sc_load_spec *spec, const sc_field *key)
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
    keymap kmap = {NULL, NULL, NULL, 0, 0}, *km = NULL;
    int64_t *uniq = NULL; /* by key: each key once (KEYS, empty, unused) */
    size_t nuniq = 0;
    if (spec->index_column == SC_LOAD_BY_KEY) {
        /* each key once: a target row comes back once, however many rows share its key */
        km = &kmap;
        sc_array_free(keys);
        uniq = malloc(n * sizeof *uniq);
        int rc = uniq ? load_keymap(conn, km, base, ptrs, n, spec, key, uniq, &nuniq) : sc__conn_fail(conn, SC_ENOMEM, "out of memory");
        if (rc != SC_OK) {
            keymap_free(km);
            free(uniq);
            return rc;
        }
    }
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, conn, site);
    if (rc == SC_OK)
        rc = km ? sc__bind_int_keys(st, 1, uniq, nuniq) : sc_stmt_bind_array(st, 1, keys);
    else if (!km)
        sc_array_free(keys);
    free(uniq);
    if (rc != SC_OK) {
        sc_stmt_release(st);
        keymap_free(&kmap);
        return rc;
    }
    rc = load_rows(conn, st, base, ptrs, n, spec, km, key, 0);
    keymap_free(&kmap);
    return rc;
}

/*
 * The rows ST (prepared and bound) answers to the loader SPEC, for the N
 * source rows at BASE or PTRS (their relations empty): by key through KM,
 * or by the index column when KM is NULL. HOW: LOAD_KEEP leaves ST to its
 * owner (a pipeline's item), else it is released; LOAD_ORPHANS drops a row
 * whose key is no source row's (the keys sent were the caller's, not the
 * rows'), else that is an error.
 */
static int load_rows(sc_conn *conn, sc_stmt *st, unsigned char *base, void *const *ptrs, size_t n, const sc_load_spec *spec,
                     const keymap *km, const sc_field *key, unsigned how)
{
    int rc;
    const bool orphans = (how & LOAD_ORPHANS) != 0;
    const sc_model *t = spec->target;
    bool one = spec->count_member == SC_LOAD_ONE;
    const bool packed = sc__model_packs(t);
    const size_t match_at = km ? t->fields[spec->match_field].at : 0;
    load_buf b = {NULL, NULL, 0, 0, NULL};
    bool direct = false; /* the rows placed straight into their parents' blocks (load_direct_pg) */
    if (packed)
        pack_begin(st, t);
    while ((rc = sc_stmt_step(st)) == SC_ROW) {
        const sc__rowplan *plan = sc__rowplan_for(st, t);
        const int left = km && !one && packed && b.n == 0 && plan->pg && plan->direct && plan->n >= 0 ? sc__pg_rows_left(st) : 0;
        if (left > 0) {
            rc = load_direct_pg(conn, st, plan, base, ptrs, n, spec, km, left, orphans);
            if (rc == SC_OK) {
                direct = true;
                rc = sc_stmt_step(st);
                if (rc == SC_ROW)
                    rc = sc__conn_fail(conn, SC_ERROR, "a row past the end of a result");
                break;
            }
            if (rc != SC__READ_OTHER)
                break;
        }
        int64_t idx = -1;
        if (!km) {
            rc = sc_stmt_column_int64(&idx, st, spec->index_column);
            if (rc != SC_OK)
                break;
            if (idx < 0 || (uint64_t)idx >= n) {
                rc = sc__conn_fail(conn, SC_ERROR, "a loaded row names row %lld of %zu", (long long)idx, n);
                break;
            }
        }
        if (one) {
            /* a single row per parent: read straight into its own block */
            void *item = packed ? rowbuf(conn, 1, t->size) : malloc(t->size);
            if (!item) {
                rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
                break;
            }
            rc = read_row(plan, item, st);
            if (rc != SC_OK) {
                if (!packed)
                    free(item);
                break;
            }
            size_t p = (size_t)idx;
            if (km) {
                int64_t v = key_at((const unsigned char *)item + match_at, key->type);
                p = keymap_find(km, v);
                if (p == (size_t)KEYMAP_NONE) {
                    sc__model_clear(t, item);
                    if (!packed)
                        free(item);
                    if (orphans)
                        continue; /* a key no parent has: dropped */
                    rc = sc__conn_fail(conn, SC_ERROR, "a loaded row's key %lld is no row's", (long long)v);
                    break;
                }
            }
            /* by key, every parent with the key gets its own copy */
            for (; rc == SC_OK && p != (size_t)KEYMAP_NONE; p = km ? km->next[p] : (size_t)KEYMAP_NONE) {
                void *own = item;
                if (packed) {
                    /* the row's copy in its own block with its text */
                    own = pack(conn, plan, t, item, NULL, 1, false);
                    if (!own) {
                        rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
                        break;
                    }
                }
                unsigned char *row = LOAD_ROW(p);
                void *held;
                memcpy(&held, row + spec->member, sizeof held);
                sc_row_free(held, t);
                memcpy(row + spec->member, &own, sizeof own);
            }
            if (rc != SC_OK) {
                sc__model_clear(t, item);
                break;
            }
            continue;
        }
        if (b.n == b.cap) {
            size_t cap = b.cap ? 2 * b.cap : 64;
            unsigned char *items = cap <= ((size_t)-1) / t->size ? realloc(b.items, cap * t->size) : NULL;
            size_t *ix = items ? realloc(b.idx, cap * sizeof *ix) : NULL;
            if (items)
                b.items = items;
            if (ix)
                b.idx = ix;
            load_span *sp = ix && packed ? realloc(b.span, cap * sizeof *sp) : NULL;
            if (sp)
                b.span = sp;
            if (!ix || (packed && !sp)) {
                rc = sc__conn_fail(conn, SC_ENOMEM, "out of memory");
                break;
            }
            b.cap = cap;
        }
        sc__tchunk *chunk = conn->text;
        size_t used = conn->text_used;
        rc = read_row(plan, b.items + b.n * t->size, st);
        if (rc != SC_OK)
            break;
        if (packed) {
            /* a row's values are one run of the chunk it was read into */
            load_span *sp = &b.span[b.n];
            if (conn->text != chunk) {
                sp->len = SIZE_MAX;
            } else {
                sp->p = chunk ? chunk->data + used : NULL;
                sp->len = chunk ? conn->text_used - used : 0;
            }
        }
        if (km) {
            int64_t v = key_at(b.items + b.n * t->size + match_at, key->type);
            idx = (int64_t)keymap_find(km, v);
            if ((size_t)idx == (size_t)KEYMAP_NONE) {
                sc__model_clear(t, b.items + b.n * t->size);
                if (orphans)
                    continue; /* a key no parent has: dropped */
                rc = sc__conn_fail(conn, SC_ERROR, "a loaded row's key %lld is no row's", (long long)v);
                break;
            }
        }
        b.idx[b.n++] = (size_t)idx;
    }
    pack_end(st);
    if (!(how & LOAD_KEEP))
        sc_stmt_release(st);
    if (direct) {
        if (rc == SC_DONE)
            rc = SC_OK;
        else
            for (size_t p = 0; p < n; p++)
                load_reset(LOAD_ROW(p), spec); /* nothing half-loaded */
    } else if (rc == SC_DONE && !one && packed) {
        rc = load_packed(conn, &b, base, ptrs, n, spec, km);
    } else if (rc == SC_DONE && !one) {
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
    free(b.span);
    if (packed)
        rows_trim(conn);
    return rc;
}

int sc_load(sc_conn *conn, sc_stmt_site *site, sc_array *keys, void *rows, size_t n, const sc_load_spec *spec)
{
    return load_impl(conn, site, keys, rows, NULL, n, spec, NULL);
}

int sc_load_ptrs(sc_conn *conn, sc_stmt_site *site, sc_array *keys, void *const *rows, size_t n, const sc_load_spec *spec)
{
    return load_impl(conn, site, keys, NULL, rows, n, spec, NULL);
}

int sc__load_keyed(sc_conn *conn, sc_stmt_site *site, sc_array *keys, void *rows, void *const *ptrs, size_t n,
                   const sc_load_spec *spec, const sc_field *key)
{
    return load_impl(conn, site, keys, rows, ptrs, n, spec, key);
}

/* ---------------------------------------------------------------- relations in one pipeline */

/* One relation of a pipelined load: its keys (sent with its item), its statement. */
typedef struct load_job {
    const sc_with *w;
    bool by_key;    /* SC_LOAD_BY_KEY: each key once (UNIQ), the rows given to their parents through KM */
    keymap km;
    int64_t *uniq;
    size_t nuniq;
    sc_array keys;  /* by the index column: one element per source row */
    bool held;      /* KEYS not yet handed to a bind (which frees them) */
    sc_stmt *st;
} load_job;

/*
 * sc_load_with, and sc_find_many_with: the lookup by SITE (when not NULL) is
 * item 0, the loaders follow. With a lookup the loaders take its keys and
 * their parents are the rows it found, known only once its result is read.
 */
typedef struct with_run {
    sc_conn *conn;
    unsigned char *rows; /* the source rows (sc_load_with) */
    size_t n;
    sc_stmt_site *site;  /* the lookup */
    sc_stmt *st;
    void *list;
    bool *found;
    size_t nkeys;
    const sc_field *key;
    const sc_model *m;
    keymap km;
    int64_t *uniq;
    size_t nuniq;
    bool seq;            /* the items run one after the other (SQLite): a lookup's rows are known before its loaders go */
    load_job job[SC_WITH_MAX];
    size_t njob;
} with_run;

static int with_send(void *ctx, size_t i, sc_stmt **out)
{
    with_run *r = ctx;
    const size_t first = r->site ? 1 : 0; /* the item of job 0 */
    int rc = SC_OK;
    /* every statement prepared before the pipeline starts */
    if (i == 0 && r->site)
        rc = sc_stmt_prepare_site(&r->st, r->conn, r->site);
    for (size_t k = 0; i == 0 && rc == SC_OK && k < r->njob; k++)
        rc = sc_stmt_prepare_site(&r->job[k].st, r->conn, r->job[k].w->site);
    if (rc != SC_OK)
        return rc;
    if (i < first) {
        *out = r->st;
        return sc__bind_int_keys(r->st, 1, r->uniq, r->nuniq);
    }
    load_job *j = &r->job[i - first];
    *out = j->st;
    if (r->site && r->seq) {
        /* one after the other (SQLite): the lookup has answered, so the keys of the rows it found */
        if (r->n == 0)
            return SC_OK; /* none: the loader is not run (with_result) */
        j->uniq = malloc((r->n ? r->n : 1) * sizeof *j->uniq);
        if (!j->uniq)
            return sc__conn_fail(r->conn, SC_ENOMEM, "out of memory");
        rc = load_keymap(r->conn, &j->km, r->rows, NULL, r->n, j->w->spec, r->key, j->uniq, &j->nuniq);
        return rc == SC_OK ? sc__bind_int_keys(j->st, 1, j->uniq, j->nuniq) : rc;
    }
    if (r->site)
        return sc__bind_int_keys(j->st, 1, r->uniq, r->nuniq); /* the lookup's keys: sent with it */
    if (j->by_key)
        return sc__bind_int_keys(j->st, 1, j->uniq, j->nuniq);
    j->held = false;
    return sc_stmt_bind_array(j->st, 1, &j->keys);
}

static int with_result(void *ctx, size_t i, sc_stmt *st)
{
    with_run *r = ctx;
    if (r->site && i == 0) {
        int rc = placed(r->list, r->found, st, SC_OK, r->nkeys, -1, &r->km, r->key, r->m, true);
        if (rc == SC_OK) {
            memcpy(&r->rows, r->list, sizeof r->rows);
            memcpy(&r->n, (unsigned char *)r->list + r->m->list_count, sizeof r->n);
        }
        return rc;
    }
    load_job *j = &r->job[i - (r->site ? 1 : 0)];
    const sc_load_spec *spec = j->w->spec;
    if (r->n == 0)
        return SC_OK; /* no parent: nothing to read the rows into */
    int rc = SC_OK;
    if (r->site && !r->seq) {
        /* the parents are the rows found: their keys to them */
        size_t nk;
        rc = load_keymap(r->conn, &j->km, r->rows, NULL, r->n, spec, r->key, NULL, &nk);
    }
    if (rc == SC_OK)
        rc = load_rows(r->conn, st, r->rows, NULL, r->n, spec, j->by_key ? &j->km : NULL, j->w->nkey == 1 ? j->w->key : NULL,
                       LOAD_KEEP | (r->site ? LOAD_ORPHANS : 0));
    return rc;
}

/* Whether W loads its relation by the one integer field KEY of its source rows (its keys: a lookup's keys by KEY). */
static bool with_by(const sc_with *w, const sc_field *key)
{
    return w->spec->index_column == SC_LOAD_BY_KEY && w->nkey == 1 && w->key[0].at == key->at && w->key[0].type == key->type;
}

/* Release what R's jobs hold: statements, keys, maps. */
static void with_free_jobs(with_run *r)
{
    for (size_t k = 0; k < r->njob; k++) {
        load_job *j = &r->job[k];
        sc_stmt_release(j->st);
        j->st = NULL;
        keymap_free(&j->km);
        free(j->uniq);
        j->uniq = NULL;
        if (j->held)
            sc_array_free(&j->keys);
        j->held = false;
    }
}

/* Run R's items in one pipeline, then release their statements and what the jobs hold; SC_OK or the failure. */
static int with_run_all(with_run *r)
{
    int rc = sc_pipeline_run(r->conn, (r->site ? 1 : 0) + r->njob, with_send, with_result, r, NULL);
    sc_stmt_release(r->st);
    r->st = NULL;
    with_free_jobs(r);
    return rc;
}

/*
 * The entries of WITH[0..NWITH) FLAGS names as R's jobs (with BY, only those whose loading by that key is BY_LOOKUP);
 * SC_EINVAL for a flag no entry has.
 */
static int with_jobs(with_run *r, const sc_with *with, size_t nwith, unsigned flags, const sc_field *by, bool by_lookup)
{
    unsigned known = 0;
    for (size_t k = 0; k < nwith; k++) {
        known |= with[k].flag;
        if (!(with[k].flag & flags))
            continue;
        if (!with[k].site || !with[k].spec || !with[k].key || !with[k].nkey)
            return sc__conn_fail(r->conn, SC_EINVAL, "with: relation %zu has no loader", k);
        if (by && with_by(&with[k], by) != by_lookup)
            continue;
        if (r->njob == SC_WITH_MAX)
            return sc__conn_fail(r->conn, SC_EINVAL, "with: more than %d relations", SC_WITH_MAX);
        memset(&r->job[r->njob], 0, sizeof r->job[r->njob]);
        r->job[r->njob].w = &with[k];
        r->job[r->njob].by_key = with[k].spec->index_column == SC_LOAD_BY_KEY;
        r->njob++;
    }
    if (flags & ~known)
        return sc__conn_fail(r->conn, SC_EINVAL, "with: 0x%x is no relation flag of these rows (their model's _WITH_ flags)",
                             flags & ~known);
    return SC_OK;
}

/* Empty the relations of R's jobs in its N rows. */
static void with_reset(with_run *r)
{
    for (size_t k = 0; k < r->njob; k++) {
        const sc_load_spec *spec = r->job[k].w->spec;
        for (size_t i = 0; i < r->n; i++)
            load_reset(r->rows + i * spec->row_size, spec);
    }
}

/* After a failed pipeline: whether to run it once more (a table changed under a prepared statement, which the pipeline
   evicted; outside a transaction, as a single statement is run again). */
static bool with_again(sc_conn *conn, int attempt)
{
    return attempt == 0 && sc_conn_dialect(conn) == SC_DIALECT_POSTGRES && sc__pg_error_stale(conn) && !sc__pg_in_tx(conn);
}

int sc_load_with(sc_conn *conn, void *rows, size_t n, const sc_with *with, size_t nwith, unsigned flags)
{
    if (!conn || (n && !rows) || (nwith && !with))
        return conn ? sc__conn_fail(conn, SC_EINVAL, "load: NULL rows (with a count of %zu) or relations", n) : SC_EINVAL;
    with_run r;
    memset(&r, 0, sizeof r);
    r.conn = conn;
    r.rows = rows;
    r.n = n;
    int rc = with_jobs(&r, with, nwith, flags, NULL, false);
    if (rc != SC_OK)
        return rc;
    with_reset(&r);
    if (n == 0 || r.njob == 0)
        return SC_OK;
    for (int attempt = 0;; attempt++) {
        for (size_t k = 0; rc == SC_OK && k < r.njob; k++) {
            load_job *j = &r.job[k];
            const sc_load_spec *spec = j->w->spec;
            if (j->by_key) {
                j->uniq = malloc(n * sizeof *j->uniq);
                rc = j->uniq ? load_keymap(conn, &j->km, rows, NULL, n, spec, j->w->nkey == 1 ? j->w->key : NULL, j->uniq, &j->nuniq)
                             : sc__conn_fail(conn, SC_ENOMEM, "out of memory");
            } else {
                sc__load_keys(&j->keys, conn, rows, NULL, n, spec, j->w->key, j->w->nkey);
                j->held = true;
                if (j->keys.rc != SC_OK)
                    rc = sc__conn_fail(conn, j->keys.rc, j->keys.rc == SC_ENOMEM ? "out of memory" : "a loader key cannot be written");
            }
        }
        if (rc == SC_OK)
            rc = with_run_all(&r); /* PostgreSQL: one round trip for every relation */
        else
            with_free_jobs(&r); /* nothing sent: the jobs' keys go */
        if (rc == SC_OK)
            return SC_OK;
        with_reset(&r); /* nothing half-loaded */
        if (!with_again(conn, attempt))
            return rc;
        rc = SC_OK;
    }
}

int sc_find_many_with(void *list, bool *found, sc_conn *conn, sc_stmt_site *site, const sc_field *key, const void *keys, size_t n,
                      int index_column, const sc_model *m, const sc_with *with, size_t nwith, unsigned flags)
{
    /* whatever the outcome, nothing of an earlier call is left: the list empty, no key found (until found) */
    sc__list_empty(list, m, found, n);
    if (!conn || !list || !site || !key || !m || (nwith && !with) || (n && !keys))
        return conn ? sc__conn_fail(conn, SC_EINVAL, "find_many_by: the list or the keys (with a count of %zu) are NULL", n) : SC_EINVAL;
    with_run r;
    memset(&r, 0, sizeof r);
    r.conn = conn;
    /* the relations loaded by the lookup's own keys go with it; the others need the rows found */
    const bool keyed = index_column < 0;
    int rc = with_jobs(&r, with, nwith, flags, keyed ? key : NULL, true); /* (checks every flag) */
    if (rc != SC_OK)
        return rc;
    if (!keyed)
        r.njob = 0;
    unsigned later = 0;
    for (size_t k = 0; k < nwith; k++)
        if ((with[k].flag & flags) && !(keyed && with_by(&with[k], key)))
            later |= with[k].flag;
    if (!keyed) {
        rc = sc_find_many(list, found, conn, site, key, keys, n, index_column, m);
    } else if (r.njob == 0) {
        rc = sc__find_keyed(list, found, conn, site, key, keys, n, m);
    } else {
        r.site = site;
        r.seq = sc_conn_dialect(conn) != SC_DIALECT_POSTGRES;
        r.list = list;
        r.found = found;
        r.nkeys = n;
        r.key = key;
        r.m = m;
        rc = find_keys(conn, &r.km, &r.uniq, &r.nuniq, key, keys, n, m);
        for (int attempt = 0; rc == SC_OK && n > 0; attempt++) {
            /* PostgreSQL: one round trip for the rows and the relations loaded by their keys (one implicit transaction) */
            rc = with_run_all(&r);
            if (rc == SC_OK)
                break;
            /* all or nothing: the rows found and what was loaded into them go (the list left empty) */
            sc_list_free(list, m);
            r.rows = NULL;
            r.n = 0;
            if (!with_again(conn, attempt))
                break;
            rc = SC_OK;
        }
        free(r.uniq);
        keymap_free(&r.km);
    }
    if (rc != SC_OK || !later) {
        if (rc != SC_OK)
            sc__list_empty(list, m, found, n); /* nothing handed out */
        return rc;
    }
    /* the relations keyed by other values of the rows: a second round trip, over the rows found */
    void *items;
    size_t count;
    memcpy(&items, list, sizeof items);
    memcpy(&count, (unsigned char *)list + m->list_count, sizeof count);
    rc = sc_load_with(conn, items, count, with, nwith, later);
    if (rc != SC_OK) {
        sc_list_free(list, m);
        sc__list_empty(list, m, found, n);
    }
    return rc;
}
