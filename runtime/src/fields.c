/*
 * fields.c - rows read, bound and freed from a table of their columns
 * (schemac/fields.h).
 */
#include "schemac/fields.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "schemac/array.h"
#include "schemac/errors.h"
#include "schemac/id.h"
#include "schemac/rows.h"

#include "driver_pg_hot.h"
#include "internal.h"
#include "schemac/pg_rows.h"

#define AT(row, off) ((char *)(row) + (off))
#define CAT(row, off) ((const char *)(row) + (off))

static bool is_text(int type)
{
    return type == SC_FIELD_TEXT || type == SC_FIELD_DECIMAL || type == SC_FIELD_JSON;
}

/* ---------------------------------------------------------------- enums */

static uint64_t enum_get(const void *v, size_t size)
{
    switch (size) {
    case 1: {
        uint8_t x;
        memcpy(&x, v, 1);
        return x;
    }
    case 2: {
        uint16_t x;
        memcpy(&x, v, 2);
        return x;
    }
    case 8: {
        uint64_t x;
        memcpy(&x, v, 8);
        return x;
    }
    default: {
        uint32_t x;
        memcpy(&x, v, 4);
        return x;
    }
    }
}

static void enum_put(void *v, size_t size, size_t value)
{
    switch (size) {
    case 1: {
        uint8_t x = (uint8_t)value;
        memcpy(v, &x, 1);
        break;
    }
    case 2: {
        uint16_t x = (uint16_t)value;
        memcpy(v, &x, 2);
        break;
    }
    case 8: {
        uint64_t x = value;
        memcpy(v, &x, 8);
        break;
    }
    default: {
        uint32_t x = (uint32_t)value;
        memcpy(v, &x, 4);
        break;
    }
    }
}

const char *sc_enum_name(const sc_enum_type *t, const void *v, size_t size)
{
    uint64_t x = enum_get(v, size);
    return x < t->count ? t->names[x] : NULL;
}

/* The value named S into V: SC_OK, or SC_ETYPE when T has no such name. */
static int enum_parse(void *v, size_t size, const sc_enum_type *t, const char *s)
{
    for (size_t i = 0; s && i < t->count; i++) {
        if (strcmp(t->names[i], s) == 0) {
            enum_put(v, size, i);
            return SC_OK;
        }
    }
    return SC_ETYPE;
}

/* ---------------------------------------------------------------- reading */

static int read_list(void *row, sc_stmt *st, const sc_field *f, int col)
{
    void *v = AT(row, f->at);
    size_t *count = (size_t *)(void *)AT(row, f->len_at);
    switch (f->type) {
    case SC_FIELD_BOOL: return sc_stmt_column_bools((bool **)v, count, st, col);
    case SC_FIELD_INT32: return sc_stmt_column_int32s((int32_t **)v, count, st, col);
    case SC_FIELD_INT64: return sc_stmt_column_int64s((int64_t **)v, count, st, col);
    case SC_FIELD_DOUBLE: return sc_stmt_column_doubles((double **)v, count, st, col);
    case SC_FIELD_TIMESTAMP: return sc_stmt_column_times((sc_timestamp **)v, count, st, col);
    case SC_FIELD_JSON: return sc_stmt_column_jsons((char ***)v, count, st, col);
    case SC_FIELD_BYTES: return sc_stmt_column_blobs((uint8_t ***)v, (size_t **)(void *)AT(row, f->lens_at), count, st, col);
    case SC_FIELD_ENUM: {
        char **labels = NULL;
        size_t n = 0;
        int rc = sc_stmt_column_texts(&labels, &n, st, col);
        char *vals = rc == SC_OK && n ? malloc(n * f->value_size) : NULL;
        if (rc == SC_OK && n && !vals)
            rc = SC_ENOMEM;
        for (size_t i = 0; rc == SC_OK && i < n; i++)
            rc = enum_parse(vals + i * f->value_size, f->value_size, f->enum_type, labels[i]);
        sc_texts_free(labels, n);
        if (rc != SC_OK) {
            free(vals);
            return rc;
        }
        memcpy(v, &vals, sizeof vals);
        *count = n;
        return SC_OK;
    }
    default: return sc_stmt_column_texts((char ***)v, count, st, col);
    }
}

/* Field F from column COL of ST's current row, the row zeroed (the generic path: any engine, any conversion). */
static SC__NOINLINE int read_field(void *row, sc_stmt *st, const sc_field *f, int col)
{
    void *v = AT(row, f->at);
    int rc;
    switch (f->type | (f->flags & SC_FIELD_LIST ? 0x80 : 0)) {
    case SC_FIELD_BOOL: rc = sc_stmt_column_bool((bool *)v, st, col); break;
    case SC_FIELD_INT32: rc = sc_stmt_column_int32((int32_t *)v, st, col); break;
    case SC_FIELD_INT64: rc = sc_stmt_column_int64((int64_t *)v, st, col); break;
    case SC_FIELD_DOUBLE: rc = sc_stmt_column_double((double *)v, st, col); break;
    case SC_FIELD_TIMESTAMP: rc = sc_stmt_column_timestamp((sc_timestamp *)v, st, col); break;
    case SC_FIELD_TEXT:
    case SC_FIELD_DECIMAL:
    case SC_FIELD_JSON: rc = sc_stmt_column_text_dup((char **)v, st, col); break;
    case SC_FIELD_BYTES: rc = sc_stmt_column_blob_dup((uint8_t **)v, (size_t *)(void *)AT(row, f->len_at), st, col); break;
    case SC_FIELD_ENUM: {
        const char *s = NULL;
        rc = sc_stmt_column_text(&s, NULL, st, col);
        if (rc == SC_OK)
            rc = enum_parse(v, f->value_size, f->enum_type, s);
        break;
    }
    default: rc = read_list(row, st, f, col); break;
    }
    /* a nullable column is read directly: SC_ENULL is its NULL */
    if (f->flags & SC_FIELD_NULLABLE)
        rc = sc_nullable(rc, (bool *)(void *)AT(row, f->has_at));
    return rc;
}

/* ---------------------------------------------------------------- reading many rows */

/*
 * What a plan does with one column (sc__rowplan): decided once per result
 * from the field's type and, on PostgreSQL, the column's class; then every
 * row is one switch per column. Anything else (a conversion, SQL NULL where
 * the field cannot hold it, a list, an enum, an unknown class, bytes) is
 * OP_SLOW: read_field, with the same result and error as ever.
 */
enum {
    OP_SLOW = 0,
    OP_PG_INT4,   /* INT32 field, binary int4 */
    OP_PG_INT4_64, /* INT64 field, binary int4 */
    OP_PG_INT8,   /* INT64 field, binary int8 */
    OP_PG_BOOL,   /* BOOL field, binary bool */
    OP_PG_FLOAT8, /* DOUBLE field, binary float8 */
    OP_PG_TS,     /* TIMESTAMP field, binary timestamp(tz) */
    OP_PG_TEXT,   /* TEXT/DECIMAL/JSON field, a text-like column */
    OP_PG_JSONB,  /* TEXT/JSON field, binary jsonb */
    OP_SQ_INT32,
    OP_SQ_INT64,
    OP_SQ_BOOL,
    OP_SQ_DOUBLE,
    OP_SQ_TEXT,
    OP_NONE = 255, /* what no column's plan is (natural_op: no such form) */
};

static unsigned char plan_op(const sc_stmt *st, const sc_field *f, int col, bool pg)
{
    if (f->flags & SC_FIELD_LIST)
        return OP_SLOW;
    if (!pg) {
        switch (f->type) {
        case SC_FIELD_INT32: return OP_SQ_INT32;
        case SC_FIELD_INT64: return OP_SQ_INT64;
        case SC_FIELD_BOOL: return OP_SQ_BOOL;
        case SC_FIELD_DOUBLE: return OP_SQ_DOUBLE;
        case SC_FIELD_TEXT:
        case SC_FIELD_DECIMAL:
        case SC_FIELD_JSON: return OP_SQ_TEXT;
        default: return OP_SLOW;
        }
    }
    int c = col < st->pgcls_n ? st->pgcls[col] : SC__PGC_SLOW;
    switch (f->type) {
    case SC_FIELD_INT32: return c == SC__PGC_INT4 ? OP_PG_INT4 : OP_SLOW;
    case SC_FIELD_INT64: return c == SC__PGC_INT4 ? OP_PG_INT4_64 : c == SC__PGC_INT8 ? OP_PG_INT8 : OP_SLOW;
    case SC_FIELD_BOOL: return c == SC__PGC_BOOL ? OP_PG_BOOL : OP_SLOW;
    case SC_FIELD_DOUBLE: return c == SC__PGC_FLOAT8 ? OP_PG_FLOAT8 : OP_SLOW;
    case SC_FIELD_TIMESTAMP: return c == SC__PGC_TIMESTAMP ? OP_PG_TS : OP_SLOW;
    case SC_FIELD_TEXT:
    case SC_FIELD_DECIMAL:
    case SC_FIELD_JSON: return c == SC__PGC_TEXT ? OP_PG_TEXT : c == SC__PGC_JSONB ? OP_PG_JSONB : OP_SLOW;
    default: return OP_SLOW;
    }
}

/* The op of field F's type from the binary form it reads as it is (what a generated read_pg reads), or OP_NONE. */
static unsigned char natural_op(const sc_field *f)
{
    if (f->flags & SC_FIELD_LIST)
        return OP_NONE;
    switch (f->type) {
    case SC_FIELD_INT32: return OP_PG_INT4;
    case SC_FIELD_INT64: return OP_PG_INT8;
    case SC_FIELD_BOOL: return OP_PG_BOOL;
    case SC_FIELD_DOUBLE: return OP_PG_FLOAT8;
    case SC_FIELD_TIMESTAMP: return OP_PG_TS;
    case SC_FIELD_TEXT: return OP_PG_TEXT;
    default: return OP_NONE;
    }
}

int sc__value_offsets(const sc_model *m, uint32_t *at)
{
    if (!m->fields || m->nfields > SC__ROWPLAN_MAX)
        return -1;
    int n = 0;
    for (size_t i = 0; i < m->nfields; i++) {
        const sc_field *f = &m->fields[i];
        if (f->at > UINT32_MAX)
            return -1;
        if (!(f->flags & SC_FIELD_LIST) && sc__field_type_owns(f->type))
            at[n++] = (uint32_t)f->at;
    }
    return n;
}

void sc__rowplan_init(sc__rowplan *p, const sc_stmt *st, const sc_model *m)
{
    p->m = m;
    p->key = NULL;
    p->packs = sc__model_packs(m);
    p->n = -1;
    p->ntext = 0;
    p->direct = false;
    p->natural = false;
    p->nown = -1;
    if (!st)
        return;
    bool pg = !st->h.sq;
    if (pg && !(st->pgcls_n > 0 && (unsigned)st->row < (unsigned)st->nrows))
        return; /* not a classified PostgreSQL row: field by field, and planned again next time */
    p->key = m;
    p->nown = sc__value_offsets(m, p->own_at);
    /* SQLite: a generated reader is straight-line code over the inline reads, cheaper than any table */
    if (!m->fields || m->nfields > SC__ROWPLAN_MAX || (!pg && m->read))
        return;
    p->pg = pg;
    for (size_t i = 0; i < m->nfields; i++) {
        const sc_field *f = &m->fields[i];
        if (f->at > UINT32_MAX || f->has_at > UINT32_MAX)
            return;
        p->op[i].code = plan_op(st, f, (int)i, pg);
        p->op[i].nullable = (f->flags & SC_FIELD_NULLABLE) != 0;
        p->op[i].at = (uint32_t)f->at;
        p->op[i].has_at = (uint32_t)f->has_at;
    }
    p->n = (int)m->nfields;
    p->direct = pg;
    p->natural = pg && m->read_pg && p->packs;
    for (size_t i = 0; i < m->nfields; i++) {
        const sc_field *f = &m->fields[i];
        const bool text = p->op[i].code == OP_PG_TEXT || p->op[i].code == OP_PG_JSONB;
        if (p->natural)
            p->natural = p->op[i].code == natural_op(f);
        if (!(f->flags & SC_FIELD_LIST) && sc__field_type_owns(f->type) && !text)
            p->direct = false;
        if (text)
            p->text_k[p->ntext++] = (unsigned char)i;
    }
}

/* Room for NEED lengths where connection C keeps them between reads: NULL when out of memory. */
static int *conn_lens(sc_conn *c, size_t need)
{
    if (need > c->lens_cap) {
        if (need > ((size_t)-1) / sizeof *c->lens)
            return NULL;
        int *grown = realloc(c->lens, need * sizeof *grown);
        if (!grown)
            return NULL;
        c->lens = grown;
        c->lens_cap = need;
    }
    return c->lens;
}

int *sc__x_pg_lens(sc_stmt *st, size_t n)
{
    return conn_lens(st->conn, n ? n : 1);
}

size_t sc__rowplan_pg_text(const sc__rowplan *plan, sc_stmt *st, int nrows)
{
    /* the lengths kept where the connection keeps them between reads (none kept: asked again); a single row is
       read row-wise, which asks anyway */
    int *lens = NULL;
    const size_t ntext = nrows > 1 ? (size_t)plan->ntext : 0;
    if (ntext && ntext <= ((size_t)-1) / sizeof *lens / (size_t)nrows)
        lens = conn_lens(st->conn, ntext * (size_t)nrows);
    size_t text = 0;
    for (int j = 0; j < plan->ntext; j++) {
        const int k = plan->text_k[j];
        /* jsonb's binary value is a version byte and the text: LEN covers the text and its NUL */
        const size_t nul = plan->op[k].code == OP_PG_TEXT;
        int *l = lens ? lens + (size_t)j * (size_t)nrows : NULL;
        for (int i = 0; i < nrows; i++) {
            int len = PQgetlength(st->res, st->row + i, k);
            if (l)
                l[i] = len;
            text += (size_t)len + nul;
        }
    }
    st->pack_lens = lens;
    return text;
}

/* A copy of N bytes at P, NUL-terminated, into the char * at V of ROW (malloc'd, or with ROW's text when packed). */
static inline int copy_text(sc_stmt *st, void *row, void *v, const void *p, size_t n)
{
    if (st->pack_tail) {
        /* measured first: straight into the final block */
        char *at = st->pack_tail;
        memcpy(at, p, n);
        at[n] = '\0';
        st->pack_tail += n + 1;
        memcpy(v, &at, sizeof at);
        memcpy((unsigned char *)row + st->pack_at, &st->pack_mark, sizeof st->pack_mark);
        return SC_OK;
    }
    char *copy = st->pack_at ? sc__row_bytes(st, row, p, n) : sc__text_copy(p, n);
    if (!copy)
        return SC_ENOMEM;
    memcpy(v, &copy, sizeof copy);
    return SC_OK;
}

/*
 * Fields of PLAN from a PostgreSQL row (ROW zeroed): SC_OK, SC_ENOMEM (not
 * yet reported) or read_field's failure. LENS: the row's value lengths,
 * measured first (sc__rowplan_pg_lens); NULL: asked here.
 */
static SC__INLINE int plan_read_pg(const sc__rowplan *plan, void *row, sc_stmt *st, const int *lens)
{
    const sc__rowop *op = plan->op;
    const PGresult *res = st->res;
    const int r = st->row, n = plan->n;
    for (int k = 0; k < n; k++) {
        char *v = AT(row, op[k].at);
        int len;
        switch (op[k].code) {
        case OP_PG_INT4: {
            len = lens ? lens[k] : PQgetlength(res, r, k);
            if (len != 4)
                goto odd;
            uint32_t x = sc__pg_be32((const unsigned char *)PQgetvalue(res, r, k));
            memcpy(v, &x, sizeof x); /* the int32_t's bits */
            break;
        }
        case OP_PG_INT4_64: {
            len = lens ? lens[k] : PQgetlength(res, r, k);
            if (len != 4)
                goto odd;
            int64_t x = (int32_t)sc__pg_be32((const unsigned char *)PQgetvalue(res, r, k));
            memcpy(v, &x, sizeof x);
            break;
        }
        case OP_PG_INT8:
        case OP_PG_FLOAT8: {
            len = lens ? lens[k] : PQgetlength(res, r, k);
            if (len != 8)
                goto odd;
            uint64_t x = sc__pg_be64((const unsigned char *)PQgetvalue(res, r, k));
            memcpy(v, &x, sizeof x); /* an int64's or a double's bits */
            break;
        }
        case OP_PG_TS: {
            len = lens ? lens[k] : PQgetlength(res, r, k);
            if (len != 8)
                goto odd;
            uint64_t x = sc__pg_be64((const unsigned char *)PQgetvalue(res, r, k)) + (uint64_t)SC__PG_EPOCH_US;
            memcpy(v, &x, sizeof x);
            break;
        }
        case OP_PG_BOOL:
            len = lens ? lens[k] : PQgetlength(res, r, k);
            if (len != 1)
                goto odd;
            *(bool *)(void *)v = *PQgetvalue(res, r, k) != 0;
            break;
        case OP_PG_TEXT:
            len = lens ? lens[k] : PQgetlength(res, r, k);
            /* PQgetlength says 0 for NULL: only an empty value needs the second question */
            if (len == 0 && PQgetisnull(res, r, k))
                goto null;
            if (copy_text(st, row, v, PQgetvalue(res, r, k), (size_t)len) != SC_OK)
                return SC_ENOMEM;
            break;
        case OP_PG_JSONB: {
            len = lens ? lens[k] : PQgetlength(res, r, k);
            if (len == 0 && PQgetisnull(res, r, k))
                goto null;
            const unsigned char *p = (const unsigned char *)PQgetvalue(res, r, k);
            size_t tn = (size_t)len;
            sc__pg_text(SC__PGC_JSONB, &p, &tn);
            if (copy_text(st, row, v, p, tn) != SC_OK)
                return SC_ENOMEM;
            break;
        }
        default:
            goto slow;
        }
        if (op[k].nullable)
            *(bool *)(void *)AT(row, op[k].has_at) = true;
        continue;
    odd:
        /* a fixed-size binary value of another length: SQL NULL, or for read_field to judge */
        if (len != 0 || !PQgetisnull(res, r, k))
            goto slow;
    null:
        if (op[k].nullable)
            continue; /* the flag stays false */
    slow: {
        int rc = read_field(row, st, &plan->m->fields[k], k);
        if (rc != SC_OK)
            return rc;
    }
    }
    return SC_OK;
}

/* The same from an SQLite row, through the inline reads of schemac/stmt_inline.h. */
static int plan_read_sq(const sc__rowplan *plan, void *row, sc_stmt *st)
{
    const sc_field *f = plan->m->fields;
    const sc__rowop *op = plan->op;
    for (int k = 0; k < plan->n; k++) {
        char *v = AT(row, op[k].at);
        int rc;
        switch (op[k].code) {
        case OP_SQ_INT32: rc = sc__i_column_int32((int32_t *)(void *)v, st, k); break;
        case OP_SQ_INT64: rc = sc__i_column_int64((int64_t *)(void *)v, st, k); break;
        case OP_SQ_BOOL: rc = sc__i_column_bool((bool *)(void *)v, st, k); break;
        case OP_SQ_DOUBLE: rc = sc__i_column_double((double *)(void *)v, st, k); break;
        case OP_SQ_TEXT: {
            const char *s;
            size_t n;
            rc = sc__i_column_text(&s, &n, st, k);
            if (rc == SC_OK && copy_text(st, row, v, s, n) != SC_OK)
                return SC_ENOMEM;
            break;
        }
        default:
            rc = read_field(row, st, &f[k], k);
            if (rc != SC_OK)
                return rc;
            continue; /* read_field set the flag */
        }
        if (op[k].nullable)
            rc = sc_nullable(rc, (bool *)(void *)AT(row, op[k].has_at));
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

/*
 * Many PostgreSQL rows at once (sc__rowplan_read_pg_rows), column by column:
 * the switch is made once per column, not once per value, and each column
 * is a tight loop over the rows. A value the loop does not read itself
 * (SQL NULL, another length, a slow column) goes through cell_other, which
 * does what plan_read_pg does with it.
 */
static int cell_other(const sc__rowplan *plan, unsigned char *row, sc_stmt *st, int r, int k, int len)
{
    if (len == 0 && plan->op[k].nullable && PQgetisnull(st->res, r, k))
        return SC_OK; /* NULL into a nullable field: the flag stays false */
    int at = st->row;
    unsigned char *was = st->pack_row;
    st->row = r;
    st->pack_row = st->pack_at ? row : NULL;
    int rc = read_field(row, st, &plan->m->fields[k], k);
    st->row = at;
    st->pack_row = was;
    return rc;
}

/*
 * Each row I of the NROWS from ST's current one: LEN the value's length
 * (measured before when LENS), P its bytes when LEN == WANT (-1: any).
 */
#define EACH_VALUE(WANT, READ)                                                                    \
    for (int i = 0; i < nrows; i++, v += size) {                                                  \
        const int r = r0 + i;                                                                     \
        const int len = lens ? lens[i] : PQgetlength(res, r, k);                                  \
        if ((WANT) >= 0 ? len != (WANT) : len == 0 && PQgetisnull(res, r, k)) {                   \
            int rc = cell_other(plan, v - op->at, st, r, k, len);                                 \
            if (rc != SC_OK)                                                                      \
                return rc;                                                                        \
            continue;                                                                             \
        }                                                                                         \
        const unsigned char *p = (const unsigned char *)PQgetvalue(res, r, k);                    \
        READ;                                                                                     \
        if (op->nullable)                                                                         \
            *(bool *)(void *)(v + flag) = true;                                                   \
    }

static int column_pg(const sc__rowplan *plan, unsigned char *block, size_t size, int nrows, sc_stmt *st, int k, const int *lens)
{
    const sc__rowop *op = &plan->op[k];
    const PGresult *res = st->res;
    const int r0 = st->row;
    const ptrdiff_t flag = (ptrdiff_t)op->has_at - (ptrdiff_t)op->at;
    unsigned char *v = block + op->at;
    switch (op->code) {
    case OP_PG_INT4:
        EACH_VALUE(4, {
            uint32_t x = sc__pg_be32(p); /* the int32_t's bits */
            memcpy(v, &x, sizeof x);
        })
        break;
    case OP_PG_INT4_64:
        EACH_VALUE(4, {
            int64_t x = (int32_t)sc__pg_be32(p);
            memcpy(v, &x, sizeof x);
        })
        break;
    case OP_PG_INT8:
    case OP_PG_FLOAT8:
        EACH_VALUE(8, {
            uint64_t x = sc__pg_be64(p); /* an int64's or a double's bits */
            memcpy(v, &x, sizeof x);
        })
        break;
    case OP_PG_TS:
        EACH_VALUE(8, {
            uint64_t x = sc__pg_be64(p) + (uint64_t)SC__PG_EPOCH_US;
            memcpy(v, &x, sizeof x);
        })
        break;
    case OP_PG_BOOL:
        EACH_VALUE(1, *(bool *)(void *)v = *p != 0;)
        break;
    case OP_PG_TEXT:
        EACH_VALUE(-1, {
            if (copy_text(st, v - op->at, v, p, (size_t)len) != SC_OK)
                return SC_ENOMEM;
        })
        break;
    case OP_PG_JSONB:
        EACH_VALUE(-1, {
            size_t tn = (size_t)len;
            sc__pg_text(SC__PGC_JSONB, &p, &tn);
            if (copy_text(st, v - op->at, v, p, tn) != SC_OK)
                return SC_ENOMEM;
        })
        break;
    default:
        for (int i = 0; i < nrows; i++, v += size) {
            int rc = cell_other(plan, v - op->at, st, r0 + i, k, -1);
            if (rc != SC_OK)
                return rc;
        }
        break;
    }
    return SC_OK;
}

#undef EACH_VALUE

int sc__rowplan_read_pg_rows(const sc__rowplan *plan, void *block, size_t size, int nrows, sc_stmt *st)
{
    const sc_model *m = plan->m;
    unsigned char *rows = block;
    /* a row at a time: cheaper than one long memset for rows of a few dozen bytes */
    for (int i = 0; i < nrows; i++)
        memset(rows + (size_t)i * size, 0, size);
    int rc = SC_OK;
    size_t j = 0; /* text column j's lengths, when measured: pack_lens[j * nrows ...] */
    for (int k = 0; k < plan->n && rc == SC_OK; k++) {
        const bool text = plan->op[k].code == OP_PG_TEXT || plan->op[k].code == OP_PG_JSONB;
        rc = column_pg(plan, rows, size, nrows, st, k, text && st->pack_lens ? st->pack_lens + j * (size_t)nrows : NULL);
        j += text;
    }
    st->pack_lens = NULL;
    if (rc == SC_OK) {
        st->row += nrows - 1; /* on the last row read */
        return SC_OK;
    }
    for (int i = 0; i < nrows; i++)
        sc__model_clear(m, rows + (size_t)i * size);
    if (rc == SC_ENOMEM) {
        rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    } else {
        /* the error a row at a time gives: the first row's, not the first column's (its text not in a measured block) */
        st->pack_tail = NULL;
        const int r0 = st->row;
        for (int i = 0; i < nrows; i++) {
            st->row = r0 + i;
            int again = sc__rowplan_read(plan, rows, st);
            if (again != SC_OK) {
                rc = again;
                break;
            }
            sc__model_clear(m, rows);
        }
        st->row = r0;
    }
    memset(rows, 0, (size_t)nrows * size);
    return rc;
}

int sc__rowplan_read(const sc__rowplan *plan, void *row, sc_stmt *st)
{
    const sc_model *m = plan->m;
    if (plan->n < 0)
        return sc__model_read(m, row, st);
    memset(row, 0, m->size);
    int rc = plan->pg ? plan_read_pg(plan, row, st, NULL) : plan_read_sq(plan, row, st);
    if (rc != SC_OK) {
        if (rc == SC_ENOMEM)
            rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        sc__model_clear(m, row);
        memset(row, 0, m->size);
    }
    return rc;
}

/* Row R's value lengths into LENS (PLAN's N of them); the bytes its text takes in a block. */
static size_t row_pg_lens(const sc__rowplan *plan, const PGresult *res, int r, int *lens)
{
    for (int k = 0; k < plan->n; k++)
        lens[k] = PQgetlength(res, r, k);
    size_t text = 0;
    for (int j = 0; j < plan->ntext; j++) {
        const int k = plan->text_k[j];
        /* jsonb's binary value is a version byte and the text: LEN covers the text and its NUL */
        text += (size_t)lens[k] + (plan->op[k].code == OP_PG_TEXT);
    }
    return text;
}

size_t sc__rowplan_pg_lens(const sc__rowplan *plan, sc_stmt *st, int *lens)
{
    return row_pg_lens(plan, st->res, st->row, lens);
}

int sc__rowplan_pg_keys(const sc__rowplan *plan, sc_stmt *st, int nrows, uint32_t key_at, int *lens, int64_t *keys,
                        size_t *text)
{
    const PGresult *res = st->res;
    const int n = plan->n;
    int kc = -1;
    for (int k = 0; k < n && kc < 0; k++)
        if (plan->op[k].at == key_at)
            kc = k;
    if (kc < 0)
        return SC__READ_OTHER;
    const unsigned char code = plan->op[kc].code;
    const int width = code == OP_PG_INT4 || code == OP_PG_INT4_64 ? 4 : code == OP_PG_INT8 ? 8 : 0;
    if (!width)
        return SC__READ_OTHER;
    for (int i = 0; i < nrows; i++) {
        const int r = st->row + i;
        int *l = lens + (size_t)i * (size_t)n;
        text[i] = row_pg_lens(plan, res, r, l);
        if (l[kc] != width)
            return SC__READ_OTHER; /* a NULL key: the plan's way, with its error */
        const unsigned char *v = (const unsigned char *)PQgetvalue(res, r, kc);
        keys[i] = width == 4 ? (int64_t)(int32_t)sc__pg_be32(v) : (int64_t)sc__pg_be64(v);
    }
    return SC_OK;
}

int sc__rowplan_read_pg_one(const sc__rowplan *plan, void *row, sc_stmt *st, const int *lens)
{
    const sc_model *m = plan->m;
    memset(row, 0, m->size);
    int rc = plan_read_pg(plan, row, st, lens);
    if (rc != SC_OK) {
        if (rc == SC_ENOMEM)
            rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
        sc__model_clear(m, row);
        memset(row, 0, m->size);
    }
    return rc;
}

int sc_fields_read(void *row, size_t size, sc_stmt *st, const sc_field *f, size_t n)
{
    sc_model m = {size, 0, NULL, NULL, f, n, 0, NULL};
    sc__rowplan plan;
    sc__rowplan_init(&plan, st, &m);
    if (plan.n >= 0)
        return sc__rowplan_read(&plan, row, st);
    memset(row, 0, size);
    int rc = SC_OK;
    for (size_t i = 0; rc == SC_OK && i < n; i++)
        rc = read_field(row, st, &f[i], (int)i);
    if (rc != SC_OK) {
        sc_fields_clear(row, f, n);
        memset(row, 0, size);
    }
    return rc;
}

/* ---------------------------------------------------------------- freeing */

void sc__model_clear_fields(const sc_model *m, void *row)
{
    sc_fields_clear(row, m->fields, m->nfields);
    memset(row, 0, m->size);
}

void sc_fields_clear(void *row, const sc_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!(f[i].flags & SC_FIELD_LIST) && !sc__field_type_owns(f[i].type))
            continue; /* owns nothing */
        void *v = AT(row, f[i].at);
        void *p;
        memcpy(&p, v, sizeof p);
        if (f[i].flags & SC_FIELD_LIST) {
            size_t *count = (size_t *)(void *)AT(row, f[i].len_at);
            if (f[i].type == SC_FIELD_BYTES) {
                size_t *lens;
                memcpy(&lens, AT(row, f[i].lens_at), sizeof lens);
                sc_blobs_free(p, lens, *count);
                memset(AT(row, f[i].lens_at), 0, sizeof lens);
            } else if (is_text(f[i].type)) {
                sc_texts_free(p, *count);
            } else {
                free(p);
            }
            *count = 0;
        } else {
            free(p);
            if (f[i].type == SC_FIELD_BYTES)
                *(size_t *)(void *)AT(row, f[i].len_at) = 0;
        }
        p = NULL;
        memcpy(v, &p, sizeof p);
    }
}

/* ---------------------------------------------------------------- binding */

static int bind_list(sc_stmt *st, int idx, const void *row, const sc_field *f)
{
    const void *v;
    memcpy(&v, CAT(row, f->at), sizeof v);
    size_t n = *(const size_t *)(const void *)CAT(row, f->len_at);
    switch (f->type) {
    case SC_FIELD_BOOL: return sc_stmt_bind_bools(st, idx, v, n);
    case SC_FIELD_INT32: return sc_stmt_bind_int32s(st, idx, v, n);
    case SC_FIELD_INT64: return sc_stmt_bind_int64s(st, idx, v, n);
    case SC_FIELD_DOUBLE: return sc_stmt_bind_doubles(st, idx, v, n);
    case SC_FIELD_TIMESTAMP: return sc_stmt_bind_times(st, idx, v, n);
    case SC_FIELD_BYTES: {
        const size_t *lens;
        memcpy(&lens, CAT(row, f->lens_at), sizeof lens);
        return sc_stmt_bind_blobs(st, idx, v, lens, n);
    }
    case SC_FIELD_ENUM: {
        sc_array a;
        sc_array_init(&a, SC_ARRAY_JSON);
        for (size_t i = 0; i < n; i++)
            sc_array_label(&a, sc_enum_name(f->enum_type, (const char *)v + i * f->value_size, f->value_size));
        return sc_stmt_bind_array(st, idx, &a);
    }
    /* text, and Decimal and Json values as their text: the cast on the other side parses them */
    default: return sc_stmt_bind_texts(st, idx, v, n);
    }
}

static int bind_value(sc_stmt *st, int idx, const void *row, const sc_field *f)
{
    const void *v = CAT(row, f->at);
    if (f->flags & SC_FIELD_LIST)
        return bind_list(st, idx, row, f);
    /* the inline binds of schemac/stmt_inline.h: an SQLite value goes straight to sqlite3_bind_* */
    if ((f->flags & SC_FIELD_NULLABLE) && !*(const bool *)CAT(row, f->has_at))
        return sc__i_bind_null(st, idx);
    switch (f->type) {
    case SC_FIELD_BOOL: return sc__i_bind_bool(st, idx, *(const bool *)v);
    case SC_FIELD_INT32: return sc__i_bind_int64(st, idx, *(const int32_t *)v);
    case SC_FIELD_INT64: return sc__i_bind_int64(st, idx, *(const int64_t *)v);
    case SC_FIELD_DOUBLE: return sc__i_bind_double(st, idx, *(const double *)v);
    case SC_FIELD_TIMESTAMP: return sc_stmt_bind_timestamp(st, idx, *(const sc_timestamp *)v);
    case SC_FIELD_ENUM: return sc_stmt_bind_label(st, idx, sc_enum_name(f->enum_type, v, f->value_size));
    default: break;
    }
    const char *p;
    memcpy(&p, v, sizeof p);
    switch (f->type) {
    case SC_FIELD_DECIMAL: return sc_stmt_bind_decimal(st, idx, p);
    case SC_FIELD_JSON: return sc_stmt_bind_json(st, idx, p);
    case SC_FIELD_BYTES:
        return p ? sc_stmt_bind_blob(st, idx, p, *(const size_t *)(const void *)CAT(row, f->len_at)) : sc_stmt_bind_null(st, idx);
    /* NULL text binds SQL NULL; the row's text outlives the statement's use: no copy */
    default: return sc__i_bind_text(st, idx, p, -1, 0);
    }
}

/* bind_value's common cases (an integer or text, neither NULL-able nor a list) in the caller, the rest in it. */
static inline int bind_field(sc_stmt *st, int idx, const void *row, const sc_field *f)
{
    if (!(f->flags & (SC_FIELD_LIST | SC_FIELD_NULLABLE))) {
        const void *v = CAT(row, f->at);
        if (f->type == SC_FIELD_INT32)
            return sc__i_bind_int64(st, idx, *(const int32_t *)v);
        if (f->type == SC_FIELD_INT64)
            return sc__i_bind_int64(st, idx, *(const int64_t *)v);
        if (f->type == SC_FIELD_TEXT) {
            const char *p;
            memcpy(&p, v, sizeof p);
            return sc__i_bind_text(st, idx, p, -1, 0);
        }
    }
    return bind_value(st, idx, row, f);
}

/* A client-side id into BUF (at least 256 bytes). */
static int generate(char *buf, const sc_field *f)
{
    switch (f->gen) {
    case SC_GEN_UUID4: return sc_id_uuid4(buf);
    case SC_GEN_UUID7: return sc_id_uuid7(buf);
    case SC_GEN_CUID: return sc_id_cuid(buf);
    case SC_GEN_CUID2: return sc_id_cuid2(buf);
    case SC_GEN_NANOID: return sc_id_nanoid(buf, f->gen_len ? f->gen_len : 21);
    case SC_GEN_ULID: return sc_id_ulid(buf);
    default: return SC_EINVAL;
    }
}

/* Whether an insert binds F its own way: a default-now() field, or a client-side id (not a list). */
static inline bool insert_special(const sc_field *f)
{
    return (f->flags & SC_FIELD_NOW) || (f->gen && !(f->flags & SC_FIELD_LIST));
}

/* The value an insert binds for default-now() field F of ROW: the client clock NOW when it holds 0 (or is not there). */
static inline sc_timestamp insert_now(const void *row, const sc_field *f, sc_timestamp now)
{
    sc_timestamp v;
    memcpy(&v, CAT(row, f->at), sizeof v);
    bool there = (f->flags & SC_FIELD_NULLABLE) ? *(const bool *)CAT(row, f->has_at) : v != 0;
    return there ? v : now;
}

/* An insert's bind of a default-now() field, or of a client-side id (F->gen, not a list). */
static SC__NOINLINE int bind_insert_special(sc_stmt *st, int idx, const void *row, const sc_field *f, sc_timestamp now)
{
    /* now() comes from the client clock, in the runtime's format on both engines */
    if (f->flags & SC_FIELD_NOW)
        return sc_stmt_bind_timestamp(st, idx, insert_now(row, f, now));
    const char *p;
    memcpy(&p, CAT(row, f->at), sizeof p);
    if (p)
        return bind_value(st, idx, row, f);
    char buf[256] = "";
    int rc = generate(buf, f);
    return rc == SC_OK ? sc_stmt_bind_text(st, idx, buf, -1) : rc;
}

int sc_fields_bind_insert(sc_stmt *st, int base, const void *row, const sc_field *f, size_t n, sc_timestamp now)
{
    int rc = SC_OK;
    int idx = base;
    for (size_t i = 0; rc == SC_OK && i < n; i++) {
        if (!(f[i].flags & SC_FIELD_INSERT))
            continue;
        idx++;
        if (f[i].flags & SC_FIELD_UPDATED_AT)
            rc = sc_stmt_bind_timestamp(st, idx, now);
        else if (insert_special(&f[i]))
            rc = bind_insert_special(st, idx, row, &f[i], now);
        else
            rc = bind_field(st, idx, row, &f[i]);
    }
    return rc;
}

/* ---------------------------------------------------------------- bind plans */

/*
 * What to do with each parameter of a row, decided once for many rows
 * (sc_fields_bind_inserts, sc_update_many): the tests sc_fields_bind_insert,
 * sc_fields_bind_set and sc_fields_bind_row make per field and row are made
 * per field, and each row is then a switch per parameter.
 */
enum { BIND_I32, BIND_I64, BIND_TEXT, BIND_BOOL, BIND_DOUBLE, BIND_TIME, BIND_NOW, BIND_CLOCK, BIND_SPECIAL, BIND_VALUE };

/* How F's value is bound: a plain value of its own code (NULL-able ones by their flag first), the rest by bind_value. */
static unsigned char bind_code(const sc_field *f)
{
    if (f->flags & SC_FIELD_LIST)
        return BIND_VALUE;
    switch (f->type) {
    case SC_FIELD_INT32: return BIND_I32;
    case SC_FIELD_INT64: return BIND_I64;
    case SC_FIELD_TEXT: return BIND_TEXT;
    case SC_FIELD_BOOL: return BIND_BOOL;
    case SC_FIELD_DOUBLE: return BIND_DOUBLE;
    case SC_FIELD_TIMESTAMP: return BIND_TIME;
    default: return BIND_VALUE;
    }
}

static bool plan_add(sc__bindplan *p, unsigned char code, const sc_field *f)
{
    if (p->n < 0 || p->n >= SC__BINDPLAN_MAX) {
        p->n = -1;
        return false;
    }
    sc__bindop *op = &p->op[p->n++];
    op->code = code;
    /* the flag is tested before the switch for the plain values; the others test it themselves */
    op->nullable = code <= BIND_TIME && (f->flags & SC_FIELD_NULLABLE);
    op->at = (uint32_t)f->at;
    op->has_at = (uint32_t)f->has_at;
    op->f = f;
    p->clock |= code == BIND_CLOCK;
    return true;
}

void sc__bindplan_insert(sc__bindplan *p, const sc_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!(f[i].flags & SC_FIELD_INSERT))
            continue;
        unsigned char code = (f[i].flags & SC_FIELD_UPDATED_AT) ? BIND_CLOCK
                             : (f[i].flags & SC_FIELD_NOW)       ? BIND_NOW
                             : insert_special(&f[i])             ? BIND_SPECIAL
                                                                 : bind_code(&f[i]);
        if (!plan_add(p, code, &f[i]))
            return;
    }
}

void sc__bindplan_set(sc__bindplan *p, const sc_field *f, size_t n, uint64_t mask)
{
    for (size_t i = 0; i < n; i++) {
        if (!(f[i].flags & SC_FIELD_SET))
            continue;
        if (f[i].flags & SC_FIELD_UPDATED_AT) {
            if (!plan_add(p, BIND_CLOCK, &f[i]))
                return;
        } else if ((mask & f[i].mask) && !plan_add(p, bind_code(&f[i]), &f[i])) {
            return;
        }
    }
}

void sc__bindplan_row(sc__bindplan *p, const sc_field *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!plan_add(p, bind_code(&f[i]), &f[i]))
            return;
}

/* ROW's parameters by plan P from BASE + 1 on (P->n >= 0); NOW for the clock's. */
static inline int plan_bind(const sc__bindplan *p, sc_stmt *st, int base, const void *row, sc_timestamp now)
{
    const unsigned char *r = row;
    const int n = p->n;
    for (int k = 0; k < n; k++) {
        const sc__bindop *op = &p->op[k];
        const unsigned char *v = r + op->at;
        const int idx = base + k + 1;
        const char *s;
        int rc;
        if (op->nullable && !*(const bool *)(r + op->has_at)) {
            rc = sc__i_bind_null(st, idx);
        } else {
            switch (op->code) {
            case BIND_I32: rc = sc__i_bind_int64(st, idx, *(const int32_t *)(const void *)v); break;
            case BIND_I64: rc = sc__i_bind_int64(st, idx, *(const int64_t *)(const void *)v); break;
            case BIND_TEXT:
                /* NULL text binds SQL NULL; the row's text outlives the statement's use: no copy */
                memcpy(&s, v, sizeof s);
                rc = sc__i_bind_text(st, idx, s, -1, 0);
                break;
            case BIND_BOOL: rc = sc__i_bind_bool(st, idx, *(const bool *)v); break;
            case BIND_DOUBLE: rc = sc__i_bind_double(st, idx, *(const double *)(const void *)v); break;
            case BIND_TIME: rc = sc_stmt_bind_timestamp(st, idx, *(const sc_timestamp *)(const void *)v); break;
            case BIND_NOW: rc = sc_stmt_bind_timestamp(st, idx, insert_now(row, op->f, now)); break;
            case BIND_CLOCK: rc = sc_stmt_bind_timestamp(st, idx, now); break;
            case BIND_SPECIAL: rc = bind_insert_special(st, idx, row, op->f, now); break;
            default: rc = bind_value(st, idx, row, op->f); break;
            }
        }
        if (rc != SC_OK)
            return rc;
    }
    return SC_OK;
}

int sc__bindplan_bind(const sc__bindplan *p, sc_stmt *st, int base, const void *row, sc_timestamp now)
{
    return plan_bind(p, st, base, row, now);
}

int sc_fields_bind_inserts(sc_stmt *st, const void *rows, size_t n, size_t row_size, const sc_field *f, size_t nf,
                           sc_timestamp now)
{
    /* one row: the table walked once costs what planning it does */
    if (n == 1)
        return sc_fields_bind_insert(st, 0, rows, f, nf, now);
    sc__bindplan plan = {0, false, {{0, 0, 0, 0, NULL}}};
    sc__bindplan_insert(&plan, f, nf);
    int rc = SC_OK;
    if (plan.n < 0) {
        /* more parameters a row than a plan holds: the table walked for each */
        int k = 0;
        for (size_t i = 0; i < nf; i++)
            k += (f[i].flags & SC_FIELD_INSERT) != 0;
        for (size_t r = 0; rc == SC_OK && r < n; r++)
            rc = sc_fields_bind_insert(st, (int)r * k, CAT(rows, r * row_size), f, nf, now);
        return rc;
    }
    for (size_t r = 0; rc == SC_OK && r < n; r++)
        rc = plan_bind(&plan, st, (int)r * plan.n, CAT(rows, r * row_size), now);
    return rc;
}

int sc_fields_bind_set(sc_stmt *st, const void *row, const sc_field *f, size_t n, uint64_t mask, int *idx)
{
    int rc = SC_OK;
    for (size_t i = 0; rc == SC_OK && i < n; i++) {
        if (!(f[i].flags & SC_FIELD_SET))
            continue;
        if (f[i].flags & SC_FIELD_UPDATED_AT)
            rc = sc_stmt_bind_timestamp(st, ++*idx, sc_timestamp_now());
        else if (mask & f[i].mask)
            rc = bind_field(st, ++*idx, row, &f[i]);
    }
    return rc;
}

/* ---------------------------------------------------------------- whole calls over a key */

int sc_fields_bind_args(sc_stmt *st, int base, const void *const *vals, const sc_field *f, size_t n)
{
    int rc = SC_OK;
    for (size_t i = 0; rc == SC_OK && i < n; i++)
        rc = bind_field(st, base + (int)i + 1, vals[i], &f[i]);
    return rc;
}

int sc_fields_bind_row(sc_stmt *st, int base, const void *row, const sc_field *f, size_t n)
{
    int rc = SC_OK;
    for (size_t i = 0; rc == SC_OK && i < n; i++)
        rc = bind_field(st, base + (int)i + 1, row, &f[i]);
    return rc;
}

/* SITE prepared and the key values bound; the statement in *ST (the caller ends it). */
static int keyed(sc_stmt **st, sc_conn *conn, sc_stmt_site *site, const sc_field *key, size_t n, const void *const *vals)
{
    int rc = sc_stmt_prepare_site(st, conn, site);
    return rc == SC_OK ? sc_fields_bind_args(*st, 0, vals, key, n) : rc;
}

int sc_find_by(void *out, sc_conn *conn, sc_stmt_site *site, const sc_field *key, size_t n, const void *const *vals,
               const sc_model *m)
{
    sc_stmt *st = NULL;
    int rc = keyed(&st, conn, site, key, n, vals);
    return sc_stmt_fetch_one(out, st, rc, m);
}

int sc_find_by_int(void *out, sc_conn *conn, sc_stmt_site *site, int64_t key, const sc_model *m)
{
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, conn, site);
    if (rc == SC_OK)
        rc = sc__i_bind_int64(st, 1, key);
    return sc_stmt_fetch_one(out, st, rc, m);
}

int sc_list_by(void *list, sc_conn *conn, sc_stmt_site *site, const sc_field *key, size_t n, const void *const *vals,
               const sc_model *m)
{
    sc_stmt *st = NULL;
    int rc = keyed(&st, conn, site, key, n, vals);
    return sc_stmt_fetch_list(list, st, rc, 0, m);
}

int sc_count_by(int64_t *out, sc_conn *conn, sc_stmt_site *site, const sc_field *key, size_t n, const void *const *vals)
{
    sc_stmt *st = NULL;
    int rc = keyed(&st, conn, site, key, n, vals);
    return sc_stmt_fetch_int64(out, st, rc);
}

int sc_exec_by(sc_conn *conn, sc_stmt_site *site, const sc_field *key, size_t n, const void *const *vals, sc_finish how)
{
    sc_stmt *st = NULL;
    int rc = keyed(&st, conn, site, key, n, vals);
    return sc_stmt_finish(st, rc, how);
}

int sc_list_page_in(void *list, sc_conn *conn, sc_stmt_site *sites, const sc_field *scope, size_t nscope, const void *const *vals,
                    const sc_field *key, size_t n, const void *after, int64_t limit, bool descending, const sc_model *m)
{
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, conn, &sites[(after ? 2 : 0) + (descending ? 1 : 0)]);
    if (rc == SC_OK && nscope)
        rc = sc_fields_bind_args(st, 0, vals, scope, nscope);
    if (rc == SC_OK && after)
        rc = sc_fields_bind_row(st, (int)nscope, after, key, n);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int64(st, (int)nscope + (after ? (int)n : 0) + 1, limit);
    return sc_stmt_fetch_list(list, st, rc, limit > 0 ? (size_t)limit : 0, m);
}

int sc_list_page(void *list, sc_conn *conn, sc_stmt_site *sites, const sc_field *key, size_t n, const void *after,
                 int64_t limit, bool descending, const sc_model *m)
{
    return sc_list_page_in(list, conn, sites, NULL, 0, NULL, key, n, after, limit, descending, m);
}

/* Element I of the C array KEYS of KEY's type onto A. */
static void key_element(sc_array *a, const sc_field *key, const void *keys, size_t i)
{
    switch (key->type) {
    case SC_FIELD_INT32: sc_array_int(a, ((const int32_t *)keys)[i]); break;
    case SC_FIELD_INT64: sc_array_int(a, ((const int64_t *)keys)[i]); break;
    default: sc_array_text(a, ((const char *const *)keys)[i]); break;
    }
}

int sc_find_many(void *list, bool *found, sc_conn *conn, sc_stmt_site *site, const sc_field *key, const void *keys, size_t n,
                 int index_column, const sc_model *m)
{
    if (!conn || !list || (n && !keys)) {
        sc__list_empty(list, m, found, n);
        return conn ? sc__conn_fail(conn, SC_EINVAL, "find_many_by: the list or the keys (with a count of %zu) are NULL", n) : SC_EINVAL;
    }
    if (index_column < 0)
        return sc__find_keyed(list, found, conn, site, key, keys, n, m);
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, conn, site);
    if (rc == SC_OK) {
        sc_array a;
        sc_array_init(&a, sc_array_style_for(conn));
        for (size_t i = 0; i < n; i++)
            key_element(&a, key, keys, i);
        rc = sc_stmt_bind_array(st, 1, &a);
    }
    return sc_stmt_fetch_placed(list, found, st, rc, n, index_column, m);
}

/* ROW's value of key field F onto A: NULL when a nullable one is unset. */
static void key_value(sc_array *a, const void *row, const sc_field *f)
{
    if ((f->flags & SC_FIELD_NULLABLE) && !*(const bool *)CAT(row, f->has_at)) {
        sc_array_null(a);
        return;
    }
    key_element(a, f, CAT(row, f->at), 0);
}

/*
 * The keys of a loader's rows: one element per row, or with NKEY > 1 one
 * JSON array per row; none yet for SPEC's SC_LOAD_BY_KEY (the load writes
 * each key once).
 */
void sc__load_keys(sc_array *a, sc_conn *conn, const void *rows, void *const *ptrs, size_t n, const sc_load_spec *spec,
                   const sc_field *key, size_t nkey)
{
    sc_array_init(a, nkey > 1 ? SC_ARRAY_JSON : sc_array_style_for(conn));
    for (size_t i = 0; spec->index_column != SC_LOAD_BY_KEY && i < n; i++) {
        const void *row = ptrs ? ptrs[i] : CAT(rows, i * spec->row_size);
        if (!row)
            continue; /* sc_load_ptrs refuses the call */
        if (nkey > 1)
            sc_array_open(a);
        for (size_t k = 0; k < nkey; k++)
            key_value(a, row, &key[k]);
        if (nkey > 1)
            sc_array_close(a);
    }
}

int sc_load_by(sc_conn *conn, sc_stmt_site *site, void *rows, size_t n, const sc_load_spec *spec, const sc_field *key, size_t nkey)
{
    sc_array a;
    sc__load_keys(&a, conn, rows, NULL, n, spec, key, nkey);
    return sc__load_keyed(conn, site, &a, rows, NULL, n, spec, nkey == 1 ? key : NULL);
}

int sc_load_by_ptrs(sc_conn *conn, sc_stmt_site *site, void *const *rows, size_t n, const sc_load_spec *spec, const sc_field *key,
                    size_t nkey)
{
    sc_array a;
    sc__load_keys(&a, conn, NULL, rows, n, spec, key, nkey);
    return sc__load_keyed(conn, site, &a, NULL, rows, n, spec, nkey == 1 ? key : NULL);
}

int sc_insert_row(void *out, sc_conn *conn, sc_stmt_site *site, sc_stmt_site *bare, const void *row, sc_rows_bind_fn bind,
                  const sc_model *m, sc_timestamp now)
{
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, conn, out ? site : bare);
    if (rc == SC_OK)
        rc = bind(st, row, 1, now);
    return out ? sc_stmt_fetch_one(out, st, rc, m) : sc_stmt_finish(st, rc, SC_FINISH_EXEC);
}

int sc_insert_row_id(int64_t *id, sc_conn *conn, sc_stmt_site *site, const void *row, sc_rows_bind_fn bind, sc_timestamp now)
{
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, conn, site);
    int64_t v = 0;
    if (rc == SC_OK)
        rc = bind(st, row, 1, now);
    rc = sc_stmt_insert_id(&v, st, rc);
    if (rc == SC_OK && id)
        *id = v;
    return rc;
}

int sc_update_end(void *out, sc_stmt *st, int rc, const void *row, const sc_field *key, size_t n, int base, const sc_model *m)
{
    if (rc == SC_OK)
        rc = sc_fields_bind_row(st, base, row, key, n);
    return out ? sc_stmt_fetch_one(out, st, rc, m) : sc_stmt_finish(st, rc, SC_FINISH_CHANGED);
}
