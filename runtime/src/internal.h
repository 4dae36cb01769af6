/*
 * internal.h - what the runtime's source files share: the connection and
 * statement structs, the driver vtable (one per engine, so dialect
 * differences live in driver_sqlite.c and driver_pg.c only) and helpers.
 * Internal names carry the sc__ prefix.
 */
#ifndef SCHEMAC_INTERNAL_H
#define SCHEMAC_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "schemac/schemac.h"

typedef struct sc__driver sc__driver;

/* Keeps a rare path out of its caller, so the hot path saves fewer registers. */
#if defined(__GNUC__)
#define SC__NOINLINE __attribute__((noinline))
/* A hot path's helper compiled into each caller (the compiler's own choice would call it). */
#define SC__INLINE inline __attribute__((always_inline))
#define SC__LIKELY(x) __builtin_expect(!!(x), 1)
#define SC__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define SC__NOINLINE
#define SC__INLINE inline
#define SC__LIKELY(x) (x)
#define SC__UNLIKELY(x) (x)
#endif

/* A value read from a column, before conversion to the type asked for. */
typedef enum sc__kind {
    SC__NULL,
    SC__INT,
    SC__FLOAT,
    SC__BOOL,
    SC__TEXT,
    SC__BLOB,
    SC__TIMESTAMP,  /* microseconds since 1970 UTC */
    SC__PG_BYTEA,   /* PostgreSQL text-format bytea ("\x..."), still encoded */
} sc__kind;

typedef struct sc__val {
    sc__kind kind;
    int64_t i;      /* SC__INT, SC__BOOL, SC__TIMESTAMP */
    double d;       /* SC__FLOAT */
    const char *p;  /* SC__TEXT (NUL-terminated), SC__BLOB, SC__PG_BYTEA */
    size_t n;
} sc__val;

/* Memory freed when the statement steps, resets or is released. */
typedef struct sc__chunk {
    struct sc__chunk *next;
    char data[];
} sc__chunk;

/* Text and bytes of rows being read, before they are packed with their rows (rows.c). */
typedef struct sc__tchunk {
    struct sc__tchunk *next;
    size_t cap;
    char data[];
} sc__tchunk;

/* One bound PostgreSQL parameter. */
typedef struct sc__pgparam {
    int heap;        /* its value (sc_stmt.pvals) is malloc'd, not inl */
    int num;         /* a number in the binary form of its described type (SC__INT, SC__FLOAT), or 0 */
    int width;       /* the described type's: 2, 4 or 8 for int2, int4 and int8 (in binary), -8 for float8, else 0 */
    char inl[48];
} sc__pgparam;

/* V's N low bytes at P, most significant first (PostgreSQL's binary form of a number). */
static inline void sc__put_be(char *p, uint64_t v, int n)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n == 4) {
        uint32_t be = __builtin_bswap32((uint32_t)v);
        memcpy(p, &be, sizeof be);
        return;
    }
    if (n == 8) {
        uint64_t be = __builtin_bswap64(v);
        memcpy(p, &be, sizeof be);
        return;
    }
#endif
    for (int k = n - 1; k >= 0; k--, v >>= 8)
        p[k] = (char)(unsigned char)v;
}

/*
 * Integer I into parameter K (0-based) of ST in binary when its described
 * type is an integer that holds it (and it holds no malloc'd value): false
 * for anything else. Defined after struct sc_stmt.
 */
static inline bool sc__pg_set_int(sc_stmt *st, int k, int64_t i);

/*
 * Rows of one result read by a plan (fields.c): for a model with a field
 * table, what to do with each column is decided once per result (from the
 * field types and, on PostgreSQL, the column classes), then each row is a
 * switch per column. Without a table, or with more than SC__ROWPLAN_MAX
 * fields, N is -1 and rows are read through sc__model_read.
 */
enum { SC__ROWPLAN_MAX = 64 };
typedef struct sc__rowop {
    unsigned char code;     /* what to do (fields.c) */
    unsigned char nullable; /* set the flag at HAS_AT when a value is there */
    uint32_t at;            /* offsetof the value */
    uint32_t has_at;
} sc__rowop;

typedef struct sc__rowplan {
    const sc_model *m;   /* the model planned for */
    const sc_model *key; /* a statement's cached plan: M while it holds (NULL: plan again) */
    int n;
    bool pg;
    bool packs; /* sc__model_packs(m) */
    /* PostgreSQL: every single text value is a text-like column copied as it is, so a result's text can be measured first */
    bool direct;
    /* PostgreSQL: every column in the binary form its field's type reads as it is (M's read_pg may read the rows) */
    bool natural;
    /* PostgreSQL: the columns read as text or jsonb (NTEXT of them), in order */
    int ntext;
    unsigned char text_k[SC__ROWPLAN_MAX];
    /* where M's single text and bytes values are (NOWN -1: not known), for packing rows */
    int nown;
    uint32_t own_at[SC__ROWPLAN_MAX];
    sc__rowop op[SC__ROWPLAN_MAX];
} sc__rowplan;

/*
 * The binds of many rows of one table by a plan (fields.c): what to do
 * with each parameter of a row decided once from the field table (the
 * tests sc_fields_bind_insert and sc_fields_bind_set make per field and
 * row), each row then a switch per parameter. Built by appending: an
 * insert's fields, or an update's SET fields for a mask and then its key;
 * N is -1 when a row has more than SC__BINDPLAN_MAX parameters.
 */
enum { SC__BINDPLAN_MAX = 64 };
typedef struct sc__bindop {
    unsigned char code;     /* what to do (fields.c) */
    unsigned char nullable; /* bind NULL when the flag at HAS_AT is false */
    uint32_t at;            /* offsetof the value */
    uint32_t has_at;
    const sc_field *f;
} sc__bindop;

typedef struct sc__bindplan {
    int n;
    bool clock; /* a parameter takes the clock (@updatedAt) */
    sc__bindop op[SC__BINDPLAN_MAX];
} sc__bindplan;

void sc__bindplan_insert(sc__bindplan *p, const sc_field *f, size_t n);
void sc__bindplan_set(sc__bindplan *p, const sc_field *f, size_t n, uint64_t mask);
void sc__bindplan_row(sc__bindplan *p, const sc_field *f, size_t n);
/* ROW's parameters by P (N >= 0) from BASE + 1 on; NOW is the clock's value. */
int sc__bindplan_bind(const sc__bindplan *p, sc_stmt *st, int base, const void *row, sc_timestamp now);

/* The offsets of M's single text and bytes values into AT (SC__ROWPLAN_MAX): their count, -1 without a usable table. */
int sc__value_offsets(const sc_model *m, uint32_t *at);
/* Plan the rows of M from ST's current result (ST on a row). */
void sc__rowplan_init(sc__rowplan *p, const sc_stmt *st, const sc_model *m);
/* ST's current row into ROW as sc__model_read does (ROW zeroed first; nothing left allocated on failure). */
int sc__rowplan_read(const sc__rowplan *p, void *row, sc_stmt *st);
/* NROWS PostgreSQL rows from ST's current one into BLOCK (SIZE bytes apart), as sc__rowplan_read
 * each (P planned for PostgreSQL, N >= 0); ST is left on the last of them. Nothing left allocated on failure. */
int sc__rowplan_read_pg_rows(const sc__rowplan *p, void *block, size_t size, int nrows, sc_stmt *st);
/* The bytes the text values of NROWS PostgreSQL rows from ST's current one take, NUL each (P direct); their
   lengths kept for sc__rowplan_read_pg_rows of the same rows (ST's pack_lens, until pack_direct_end). */
size_t sc__rowplan_pg_text(const sc__rowplan *p, sc_stmt *st, int nrows);
/* One PostgreSQL row (ST's current one, P planned for PostgreSQL, N >= 0): each value's length into LENS (P's N
   of them), and the bytes its text values take, a NUL each. */
size_t sc__rowplan_pg_lens(const sc__rowplan *p, sc_stmt *st, int *lens);
/*
 * NROWS rows of a PostgreSQL result from the current one, measured for a
 * loader (PLAN direct): each row's value lengths (PLAN's N a row) into LENS,
 * its key (the integer column of the field at KEY_AT) into KEYS and the
 * bytes its text takes into TEXT. SC__READ_OTHER (nothing reported): the
 * key is no binary integer column, or a key value is NULL.
 */
int sc__rowplan_pg_keys(const sc__rowplan *p, sc_stmt *st, int nrows, uint32_t key_at, int *lens, int64_t *keys, size_t *text);
/* That row read into ROW as sc__rowplan_read does, with the lengths sc__rowplan_pg_lens found. */
int sc__rowplan_read_pg_one(const sc__rowplan *p, void *row, sc_stmt *st, const int *lens);

struct sc_stmt {
    /*
     * First: the fields the inline fast paths of schemac/stmt_inline.h read
     * (the SQLite statement, the lazy bindings, column count, state).
     * SQLite clears bindings lazily: a released statement keeps its values
     * and the first step after the next acquire sets to NULL the parameters
     * in h.need that the new user did not bind (h.bound).
     */
    sc__stmt_hot h;
    sc_conn *conn;
    int dml;                            /* SQLite: an INSERT/UPDATE/DELETE (sqlite3_changes counts it) */
    int nparams;
    char *sql;
    const char *sql_ptr;                /* the caller's SQL address, for the fast lookup */
    size_t sql_len;
    uint64_t hash;
    unsigned site;                      /* the number of the sc_stmt_site it is cached under, or 0 */
    const sc_stmt_site *site_ptr;       /* that site (a copied site keeps the number, not the address) */
    struct sc_stmt *hnext;              /* cache bucket chain */
    struct sc_stmt *lprev, *lnext;      /* cache LRU list, most recent first */
    int64_t rows;
    int64_t exec_us;
    sc__chunk *scratch;
    /* reading rows that are packed (rows.c): the row's block member offset (0: off) and the row being read */
    size_t pack_at;
    unsigned char *pack_row;
    /* or, measured first (PostgreSQL), where the next value goes in the final block, and what rows point at */
    char *pack_tail;
    const void *pack_mark;
    /* PostgreSQL, measured first: the text values' lengths sc__rowplan_pg_text found (text column j of nrows rows at
       [j * nrows + i]), so reading them asks libpq once; NULL: ask again */
    const int *pack_lens;
    /* SQLite: the text of timestamp parameters 1..SC__TS_SLOTS (SC_TIMESTAMP_BUFSIZE each, made at the first),
       bound without a copy: it lives as long as the statement */
    char *tsbuf;
    /* SQLite, a list read straight into its block (rows.c): where its next value goes and where its room ends
       (NULL: not so); LIST_OVER: a value did not fit, and the row's later ones went to the text chunks;
       LIST_HINT: the text a row of its last such list took */
    char *list_text;
    char *list_end;
    bool list_over;
    size_t list_hint;
    /* failed binds (stmt.c): parameters 1..64 whose bind failed, any other failure, the first error */
    uint64_t bad;
    int bad_other;
    sc_error *bind_err;
    /* PostgreSQL */
    char pgname[24];
    void *res;                          /* PGresult * of the execution */
    void *desc;                         /* PGresult * of the description */
    int row;
    int nrows;
    /*
     * What the typed reads need of RES, found once per result with rows
     * (driver_pg_hot.h): one SC__PGC_* class per column. pgcls_n columns
     * are classified (0: none, and always 0 on SQLite), so a read of a
     * column below it is PostgreSQL with a result.
     */
    unsigned char *pgcls;
    int pgcls_n;
    int pgcls_cap;
    int pgcls_known;                    /* a named statement's classes, found once: their count + 1 (0: not yet) */
    int pgselect;                       /* its command tag is SELECT's (changes none): 1, another: 2, not yet seen: 0 */
    /*
     * The plan of the rows last read from it (fields.c): a statement reads
     * one model, so it is made once; on PostgreSQL it follows the classes
     * and is made again whenever they are (plan.key NULL).
     */
    sc__rowplan plan;
    /*
     * PostgreSQL parameters, one allocation: what the driver keeps of each,
     * and the three arrays libpq takes as they are (value NULL: SQL NULL;
     * length; 0 text, 1 binary).
     */
    sc__pgparam *params;
    const char **pvals;
    int *plens;
    int *pfmts;
};

static inline bool sc__pg_set_int(sc_stmt *st, int k, int64_t i)
{
    sc__pgparam *p = &st->params[k];
    const int w = p->width;
    if (w <= 0 || p->heap || (w == 4 && (i < INT32_MIN || i > INT32_MAX)) || (w == 2 && (i < INT16_MIN || i > INT16_MAX)))
        return false;
    sc__put_be(p->inl, (uint64_t)i, w); /* binary: its length says where it ends */
    p->num = SC__INT;
    st->pvals[k] = p->inl;
    st->plens[k] = w;
    st->pfmts[k] = 1;
    return true;
}


/* The plan for rows of M from ST's current row: the statement's own, made when it has none for M. */
static inline const sc__rowplan *sc__rowplan_for(sc_stmt *st, const sc_model *m)
{
    if (st->plan.key != m)
        sc__rowplan_init(&st->plan, st, m);
    return &st->plan;
}

/* Row I/O of an sc_model (schemac/rows.h): its functions when it has them, else its field table. */
static inline int sc__model_read(const sc_model *m, void *row, sc_stmt *st)
{
    return m->read ? m->read(row, st) : sc_fields_read(row, m->size, st, m->fields, m->nfields);
}

/*
 * A copy of the N bytes at P, NUL-terminated, for ROW being read from ST
 * (NULL: out of memory): in the connection's text chunks when ST's rows are
 * packed (ROW's block member then set, so its clear leaves the value), else
 * malloc'd. rows.c.
 */
void *sc__row_bytes(sc_stmt *st, void *row, const void *p, size_t n);

/*
 * sc_find_many's rows placed by their own value of KEY (INT32 or INT64 at
 * KEY->at of a row of M) among the N keys at KEYS (a C array of KEY's
 * type): SITE takes each key once, and a key given twice gets a copy of
 * its row. rows.c.
 */
int sc__find_keyed(void *list, bool *found, sc_conn *conn, sc_stmt_site *site, const sc_field *key, const void *keys, size_t n,
                   const sc_model *m);
/* sc_load / sc_load_ptrs (ROWS or PTRS), with the rows' key field KEY for SPEC->index_column SC_LOAD_BY_KEY (KEYS
   then written here: each key once). rows.c. */
int sc__load_keyed(sc_conn *conn, sc_stmt_site *site, sc_array *keys, void *rows, void *const *ptrs, size_t n,
                   const sc_load_spec *spec, const sc_field *key);

/* LIST (a T_list * of M, may be NULL) set empty without freeing what it held, and FOUND[0..N) (may be NULL) false. rows.c. */
void sc__list_empty(void *list, const sc_model *m, bool *found, size_t n);

/* The keys of a loader's rows into A (sc_load_by's: one element, or one JSON array, per row; none for SC_LOAD_BY_KEY). fields.c. */
void sc__load_keys(sc_array *a, sc_conn *conn, const void *rows, void *const *ptrs, size_t n, const sc_load_spec *spec,
                   const sc_field *key, size_t nkey);

/* D as PostgreSQL reads a double's text exactly (17 digits; NaN and the infinities by name) into BUF: its length. */
int sc__double_text(char *buf, size_t size, double d);

/* A malloc'd copy of the N bytes at P, NUL-terminated (NULL: out of memory). */
static inline char *sc__text_copy(const void *p, size_t n)
{
    char *copy = malloc(n + 1);
    if (copy) {
        memcpy(copy, p, n);
        copy[n] = '\0';
    }
    return copy;
}

/* Whether a single (not list) value of type TYPE is a pointer its row owns: text-like and bytes. */
static inline bool sc__field_type_owns(int type)
{
    return type == SC_FIELD_TEXT || type == SC_FIELD_DECIMAL || type == SC_FIELD_JSON || type == SC_FIELD_BYTES;
}

/* A row through its plan: the model's own reader when the plan has nothing to add. */
static inline int sc__rowplan_row(const sc__rowplan *p, void *row, sc_stmt *st)
{
    return p->n < 0 ? sc__model_read(p->m, row, st) : sc__rowplan_read(p, row, st);
}

void sc__model_clear_fields(const sc_model *m, void *row);

/* Whether rows of M are packed (sc_model.block_at): a table pack() can walk whole. */
static inline bool sc__model_packs(const sc_model *m)
{
    return m->block_at != 0 && m->fields != NULL && m->nfields <= SC__ROWPLAN_MAX && m->clear != NULL;
}

/* The text chunks and row buffer of C freed (sc_conn_close). */
void sc__conn_rows_free(sc_conn *c);

static inline void sc__model_clear(const sc_model *m, void *row)
{
    if (m->clear)
        m->clear(row);
    else
        sc__model_clear_fields(m, row);
}

/*
 * V in decimal, written backwards so that it ends at END (no NUL): returns
 * where it starts. 20 characters before END are enough for any V. Faster
 * than snprintf's "%lld" by a factor of about 20: every integer parameter
 * on PostgreSQL and every loader key goes through it.
 */
static inline char *sc__i64_text(char *end, int64_t v)
{
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        *--end = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--end = '-';
    return end;
}

enum { SC__CACHE_BUCKETS = 128, SC__PTR_SLOTS = 64 };

struct sc_conn {
    const sc__driver *drv;
    sc_conn_options opts;
    void *db;                   /* sqlite3 * or PGconn * */
    void *cancel;               /* PGcancel * */
    sc_error err;
    int depth;                  /* sc_tx nesting */
    int broken;                 /* the connection is lost */
    int tx_failed;              /* the sc_tx level a statement failed in (tx.c), or 0 */
    int saw_conn_error;         /* a connection error happened since the last check */
    int is_file;                /* SQLite: a file, not memory */
    int closing;                /* being closed: skip server round trips */
    unsigned next_name;         /* PostgreSQL statement names */
    sc_stmt *buckets[SC__CACHE_BUCKETS];
    /* last statement prepared from a given SQL address (generated code passes literals) */
    sc_stmt *by_ptr[SC__PTR_SLOTS];
    sc_stmt *lru_head, *lru_tail;
    unsigned ncached;
    /* statements by sc_stmt_site id (generated code), for the lookup without the text */
    sc_stmt **sites;
    unsigned nsites;
    /* bookkeeping for the pool */
    int64_t created_ms;
    int64_t last_used_ms;
    int64_t acquired_ms;
    int held_warned;
    struct sc_conn *pool_next, *pool_prev;
    sc_error tx_err;            /* the error of the statement that failed level tx_failed */
    sc_stmt *loose;             /* statements in use that are not in the cache (linked by lnext) */
    /* statement timeout (conn.c, drivers) */
    int64_t timeout_ms;         /* in force now; 0 = none */
    int64_t deadline_us;        /* SQLite: when the running statement times out (0: none) */
    int timer_fired;            /* the running statement was stopped by the timeout */
    int pipelining;                  /* PostgreSQL: in libpq's pipeline mode (sc__pg_pipeline_run): no other command may run */
    /* scale-out (pool.c, replica.c) */
    void *pool_host;            /* the pool (primary's or a replica's) it was acquired from */
    int wrote;                  /* a write may have happened since acquire (read-your-writes) */
    char *url;                  /* what it was opened with, for sc__conn_reconnect */
    /* rows being read (rows.c): text and bytes before they are packed with their rows, and the rows */
    sc__tchunk *text;           /* chunks, the one in use first; reused from read to read */
    size_t text_used;           /* of the first chunk */
    unsigned char *rowbuf;      /* rows read before they are packed */
    size_t rowbuf_cap;
    int *lens; /* the lengths of a result's text values, measured first (sc__rowplan_pg_text) */
    size_t lens_cap;
    /* the text room a row of HINT_MODEL took in the last direct read (for a statement that has read none yet) */
    const sc_model *hint_model;
    size_t hint_per;
};

struct sc__driver {
    sc_dialect dialect;
    int (*open)(sc_conn *c, const sc_url *url);
    void (*close)(sc_conn *c);
    int (*exec)(sc_conn *c, const char *sql);
    int (*ping)(sc_conn *c);
    /* A check without a round trip: has the peer visibly gone away? */
    int (*alive)(sc_conn *c);
    int (*cancel)(sc_conn *c);
    int (*in_tx)(const sc_conn *c);
    int (*prepare)(sc_stmt *st);
    void (*finalize)(sc_stmt *st);
    int (*bind)(sc_stmt *st, int idx, const sc__val *v);
    int (*clear_bindings)(sc_stmt *st);
    int (*step)(sc_stmt *st);
    int (*reset)(sc_stmt *st);
    const char *(*column_name)(sc_stmt *st, int col);
    /* Read COL of the current row; WANT hints the kind the caller wants. */
    int (*column)(sc_stmt *st, int col, sc__kind want, sc__val *out);
    /* C->timeout_ms changed: arm or disarm what enforces it. */
    int (*set_timeout)(sc_conn *c);
};

extern const sc__driver sc__driver_sqlite;
extern const sc__driver sc__driver_pg;

/* errors.c */
int sc__error_set(sc_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
void sc__copy_name(char *dst, size_t size, const char *src, size_t len);
/* Record a failure on C (and mark connection loss); returns CODE. */
int sc__conn_fail(sc_conn *c, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* clock.c */
int64_t sc__mono_us(void);
int64_t sc__mono_ms(void);
void sc__sleep_us(int64_t us);

/* stmt.c */
void *sc__scratch(sc_stmt *st, size_t size);
void sc__scratch_free(sc_stmt *st);
void sc__stmt_cache_clear(sc_conn *c);
void sc__stmt_evict(sc_stmt *st);
/* Every cached statement not in use evicted and freed (PostgreSQL: deallocated when no transaction is failed). */
void sc__stmt_cache_evict_idle(sc_conn *c);
/* Flag every statement in use on C (SC__SLOW_TXFAIL): its next step checks the transaction. */
void sc__stmt_flag_in_use(sc_conn *c);
void sc__emit(sc_conn *c, const sc_event *ev);
/* The statement filed under SITE on C and free to use: SC_OK, else SC_ENOTFOUND (nothing prepared). */
int sc__stmt_prepare_site_cached(sc_stmt **out, sc_conn *c, sc_stmt_site *site);
/*
 * The text of SITE for C's dialect: as written, or made (pieces joined,
 * placeholders written for PostgreSQL) into *OWNED for the caller to free.
 * NULL when out of memory or the site has no text.
 */
const char *sc__site_text(const sc_conn *c, const sc_stmt_site *site, char **owned);
/* Prepare TEXT on C (the text cache) and file the statement under SITE's number. */
int sc__stmt_prepare_site_text(sc_stmt **out, sc_conn *c, sc_stmt_site *site, const char *text);

/* tx.c: the transaction error rule */
/* A statement failed on C: inside an sc_tx transaction, that level is failed. */
void sc__tx_fail(sc_conn *c);
/* Roll back the level the library's own sc_tx_begin opened, the error that ended it kept as the connection's. */
void sc__tx_undo(sc_conn *c);
/* Refuse a statement (SQL, may be NULL) on C because its transaction level failed. */
int sc__tx_refuse(sc_conn *c, const char *sql);

/*
 * driver_pg.c: V[0..N) into parameter K of ST as PostgreSQL's binary array
 * when the parameter is described as int4[] (every value in its range) or
 * int8[]; SC__READ_OTHER, nothing bound, otherwise.
 */
int sc__pg_bind_int_array(sc_stmt *st, int k, const int64_t *v, size_t n);
/* stmt.c: V[0..N) as array parameter IDX of ST: binary where the driver takes it so, else an array literal. */
int sc__bind_int_keys(sc_stmt *st, int idx, const int64_t *v, size_t n);

/* query.c / driver_pg.c: typed queries' COPY and batches (schemac/query.h) */
/* Item I's rows: ST runs (SQLite) or holds the item's result (PostgreSQL). */
int sc__batch_result(void *ctx, sc_stmt *st, size_t i);
/* COPY SQL FROM STDIN with ROWS[0..N) written by WRITE; one statement. */
int sc__pg_copy(sc_conn *c, const char *sql, sc_copy_row_fn write, const void *rows, size_t n, size_t row_size);
/* Each item of ARGS[0..N) bound to the prepared ST and sent in one pipeline; ON_RESULT reads each item's result. */
int sc__pg_pipeline(sc_stmt *st, const void *args, size_t n, size_t arg_size, sc_batch_bind_fn bind,
                    int (*on_result)(void *ctx, sc_stmt *st, size_t i), void *ctx);

/* rows.c */
/*
 * The INSERTs of sc_insert_many_count without its transaction: ROWS[0..N)
 * in full batches, the rest one by one, the rows stored added to *STORED.
 * On failure *FAILED (may be NULL) gets the first row of the failing
 * statement and *FAILED_ROWS how many rows it held.
 */
int sc__insert_rows(sc_conn *conn, const sc_insert_spec *spec, const char *tail, const void *rows, size_t n, sc_timestamp now,
                    int64_t *stored, size_t *failed, size_t *failed_rows);

/* driver_pg.c: COPY and pipelines for generated writes (batch.c, schemac/batch.h) */
/* Start COPY ... FROM STDIN (SQL) on C. */
int sc__pg_copy_begin(sc_conn *c, const char *sql);
/* Send LEN bytes of COPY text. */
int sc__pg_copy_data(sc_conn *c, const char *data, size_t len);
/*
 * End the COPY: ABORT_MSG NULL ends the data, else cancels it (the caller's
 * error stays). *ROWS (may be NULL) gets the rows stored; on failure *LINE
 * the line of the data the server names (1-based), or 0.
 */
int sc__pg_copy_end(sc_conn *c, const char *abort_msg, int64_t *rows, long *line);
/* sc_pipeline_run on PostgreSQL. */
int sc__pg_pipeline_run(sc_conn *c, size_t n, sc_pipe_send_fn send, sc_pipe_result_fn result, void *ctx, size_t *failed);
/*
 * After a failure on C (PostgreSQL): 1 when it was a prepared statement made
 * stale by a changed table (26000, or 0A000 "cached plan ..."), which a new
 * prepare cures. sc__pg_in_tx: the server is inside a transaction block
 * (the caller's, however begun).
 */
int sc__pg_error_stale(const sc_conn *c);
/* E is PostgreSQL's failure of a statement prepared before a table it uses changed (26000, or 0A000 "cached plan"). */
int sc__error_stale(const sc_error *e);
int sc__pg_in_tx(const sc_conn *c);

/* conn.c */
int sc__conn_open_url(sc_conn **out, const char *url, const sc_conn_options *opts, sc_error *err);
/*
 * Replace C's lost connection by a new one to the same URL, in place (its
 * statements are gone). SC_OK, or the failure (C stays lost).
 */
int sc__conn_reconnect(sc_conn *c);

/* id.c / sha3.c */
void sc__sha3_512(const void *data, size_t len, unsigned char out[64]);
uint64_t sc__random_u64(void);

/*
 * sc_stmt_fetch_one's common case on PostgreSQL (a cached statement just
 * taken and bound; nothing blocked, pending or observed): run, the first
 * row read and the statement released in one function (driver_pg.c), with
 * the same results as the step, read and release it stands for.
 */
static inline bool sc__pg_fetch_quick(const sc_stmt *st)
{
    /* (h.slow covers scratch memory and a hook: a hooked connection's statements carry SC__SLOW_HOOK) */
    return !st->h.sq && !st->h.active && !st->h.slow && st->h.cached && !st->conn->tx_failed;
}
int sc__pg_fetch_one(void *out, sc_stmt *st, const sc_model *m);

/*
 * ST's current PostgreSQL row into a new block by M's own reader, when PLAN
 * says every column comes in the form its field reads as it is (OUT not
 * NULL): SC_OK with the row's address in OUT, SC_ENOMEM (reported), or
 * SC__READ_OTHER (not so, or a value it gave back: read it the plan's way).
 */
static inline int sc__read_natural(void *out, sc_stmt *st, const sc_model *m, const sc__rowplan *plan)
{
    if (!plan->natural)
        return SC__READ_OTHER;
    void *row; /* set by read_pg when it answers SC_OK */
    int rc = m->read_pg(&row, st->res, st->row, 1, st);
    if (rc == SC_OK)
        memcpy(out, &row, sizeof row);
    else if (rc == SC_ENOMEM)
        rc = sc__conn_fail(st->conn, SC_ENOMEM, "out of memory");
    return rc;
}
/* rows.c: after a step gave SC_ROW, the row into a new block, its address into OUT (NULL: nothing read), by the
   plan or the model's functions (its own PostgreSQL reader not asked). */
int sc__read_new_other(void *out, sc_stmt *st, const sc_model *m);

#endif
