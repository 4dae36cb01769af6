/*
 * schemac/fields.h - a row type's columns described by a table, read,
 * bound and freed by libschemac.
 *
 * Generated code describes each model's columns once, in a static array of
 * sc_field (one entry per column, in the order its SELECTs name them), and
 * hands the table to the functions below instead of compiling one call per
 * column into every reader and binder. Hand-written code may use it too:
 *
 *     static const sc_field user_fields[] = {
 *         {.type = SC_FIELD_INT64, .at = offsetof(user, id)},
 *         {.type = SC_FIELD_TEXT, .flags = SC_FIELD_INSERT | SC_FIELD_SET, .at = offsetof(user, email), .mask = 1},
 *         {.type = SC_FIELD_TEXT, .flags = SC_FIELD_NULLABLE | SC_FIELD_INSERT | SC_FIELD_SET,
 *          .at = offsetof(user, name), .has_at = offsetof(user, has_name), .mask = 2},
 *     };
 *
 * How each type is stored in the row (at offset AT):
 *   BOOL bool; INT32 int32_t; INT64 int64_t; DOUBLE double; TIMESTAMP
 *   sc_timestamp; TEXT, DECIMAL, JSON char * (malloc'd when read; NULL binds
 *   SQL NULL); BYTES uint8_t * with its size_t length at LEN_AT; ENUM a C
 *   enum of VALUE_SIZE bytes whose values 0..count-1 are ENUM_TYPE's names.
 * A NULLABLE column has a bool at HAS_AT (false: SQL NULL). A LIST column
 * is a malloc'd array (of the type above; `char **` for TEXT, DECIMAL and
 * JSON; `uint8_t **` plus `size_t *` lengths at LENS_AT for BYTES) with its
 * size_t count at LEN_AT; lists travel as JSON arrays (see array.h).
 *
 * Thread safety: as for the statement used; the tables are read only.
 */
#ifndef SCHEMAC_FIELDS_H
#define SCHEMAC_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "rows.h"
#include "stmt.h"
#include "timestamp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An enum type's database names, value i's at NAMES[i]. */
typedef struct sc_enum_type {
    const char *const *names;
    size_t count;
} sc_enum_type;

typedef enum sc_field_type {
    SC_FIELD_BOOL = 1,
    SC_FIELD_INT32,
    SC_FIELD_INT64,
    SC_FIELD_DOUBLE,
    SC_FIELD_TIMESTAMP,
    SC_FIELD_TEXT,
    SC_FIELD_DECIMAL,
    SC_FIELD_JSON,
    SC_FIELD_BYTES,
    SC_FIELD_ENUM,
} sc_field_type;

enum {
    SC_FIELD_NULLABLE = 1 << 0,   /* a bool at HAS_AT says whether the value is there */
    SC_FIELD_LIST = 1 << 1,       /* an array with its count at LEN_AT */
    SC_FIELD_INSERT = 1 << 2,     /* sc_fields_bind_insert binds it */
    SC_FIELD_SET = 1 << 3,        /* sc_fields_bind_set binds it when MASK is in the caller's mask */
    SC_FIELD_UPDATED_AT = 1 << 4, /* @updatedAt: the clock on insert, and on every update (whatever the mask) */
    SC_FIELD_NOW = 1 << 5,        /* default now(): an insert binds the clock when the value is 0 (or not there) */
};

/* A client-side id an insert generates when a TEXT column is NULL. */
typedef enum sc_field_gen {
    SC_GEN_NONE = 0,
    SC_GEN_UUID4,
    SC_GEN_UUID7,
    SC_GEN_CUID,
    SC_GEN_CUID2,
    SC_GEN_NANOID, /* GEN_LEN characters (0: 21) */
    SC_GEN_ULID,
} sc_field_gen;

typedef struct sc_field {
    unsigned char type;         /* sc_field_type */
    unsigned char flags;        /* SC_FIELD_* */
    unsigned char gen;          /* sc_field_gen */
    unsigned char gen_len;      /* SC_GEN_NANOID's length (at most 255) */
    unsigned short value_size;  /* ENUM: sizeof the C enum (1, 2, 4 or 8) */
    size_t at;                  /* offsetof the value */
    size_t has_at;              /* NULLABLE: offsetof the bool */
    size_t len_at;              /* BYTES: offsetof the length; LIST: offsetof the count */
    size_t lens_at;             /* BYTES LIST: offsetof the lengths */
    const sc_enum_type *enum_type; /* ENUM */
    uint64_t mask;              /* SET: the bit of the caller's mask that selects it */
} sc_field;

/*
 * Zero the SIZE bytes of ROW and read the current row of ST into it: field
 * i from column i, N fields. SQL NULL in a nullable column clears its flag;
 * in another it is SC_ENULL; an enum name that is not one of the type's is
 * SC_ETYPE. On failure what was read is freed and ROW is zeroed again.
 */
int sc_fields_read(void *row, size_t size, sc_stmt *st, const sc_field *f, size_t n);

/* Free what the N fields of ROW own (text, bytes, lists) and set those members to NULL and 0. */
void sc_fields_clear(void *row, const sc_field *f, size_t n);

/*
 * Bind the INSERT fields of ROW in table order to parameters BASE + 1 on:
 * an @updatedAt field takes NOW, a default-now() field NOW when it holds 0
 * (or is not there), a TEXT field with a client-side id generated when it is
 * NULL. Returns SC_OK or the first failure.
 */
int sc_fields_bind_insert(sc_stmt *st, int base, const void *row, const sc_field *f, size_t n, sc_timestamp now);

/*
 * Bind N rows at ROWS (ROW_SIZE bytes apart) as sc_fields_bind_insert binds
 * each, row r's INSERT fields from parameter r * K + 1 on (K: the fields
 * with SC_FIELD_INSERT among the NF of F). What is done with each field is
 * decided once for all the rows. Returns SC_OK or the first failure.
 */
int sc_fields_bind_inserts(sc_stmt *st, const void *rows, size_t n, size_t row_size, const sc_field *f, size_t nf,
                           sc_timestamp now);

/*
 * Bind the SET fields of ROW whose bit is in MASK (and every @updatedAt
 * field, with the clock) in table order to parameters *IDX + 1 on; *IDX
 * ends at the last one bound.
 */
int sc_fields_bind_set(sc_stmt *st, const void *row, const sc_field *f, size_t n, uint64_t mask, int *idx);

/* ---- whole calls over a key ----
 *
 * What most generated functions do, in one call each: prepare a site, bind
 * a key, run it and hand out rows. A key is a table of N sc_field in
 * parameter order. Its values come either from a row (AT and HAS_AT are
 * offsets into it, as above) or from the function's own arguments: VALS[i]
 * is the address of value i, and key field i's AT is 0 (an int32_t for
 * INT32, a `const char *` for TEXT, the C enum for ENUM, ...). BYTES keys
 * are not taken from arguments. A generated lookup reads:
 *
 *     static const sc_field key[] = {{.type = SC_FIELD_INT32}, {.type = SC_FIELD_TEXT}};
 *     return sc_find_by(out, conn, &site, key, 2, (const void *const[]){&tenant_id, &code}, &shop_item__model);
 *
 * Each ends its statement as the functions of schemac/rows.h do and
 * returns their outcome.
 */

/* Bind the N values at VALS (see above) to parameters BASE + 1 on. */
int sc_fields_bind_args(sc_stmt *st, int base, const void *const *vals, const sc_field *f, size_t n);

/* Bind the N fields F of ROW, in table order, to parameters BASE + 1 on (nullable ones by their flag). */
int sc_fields_bind_row(sc_stmt *st, int base, const void *row, const sc_field *f, size_t n);

/* The one row of M that SITE answers for the key values: sc_stmt_fetch_one. */
int sc_find_by(void *out, sc_conn *conn, sc_stmt_site *site, const sc_field *key, size_t n, const void *const *vals,
               const sc_model *m);

/* sc_find_by for a key of one integer column (a find by id): KEY bound as parameter 1 without a field table. */
int sc_find_by_int(void *out, sc_conn *conn, sc_stmt_site *site, int64_t key, const sc_model *m);

/* Every row of M that SITE answers for the key values, into the list LIST: sc_stmt_fetch_list. */
int sc_list_by(void *list, sc_conn *conn, sc_stmt_site *site, const sc_field *key, size_t n, const void *const *vals,
               const sc_model *m);

/* The one int64 that SITE (a COUNT(*) ... WHERE) answers for the key values: sc_stmt_fetch_int64. */
int sc_count_by(int64_t *out, sc_conn *conn, sc_stmt_site *site, const sc_field *key, size_t n, const void *const *vals);

/* Run SITE with the key values as HOW says: sc_stmt_finish. */
int sc_exec_by(sc_conn *conn, sc_stmt_site *site, const sc_field *key, size_t n, const void *const *vals, sc_finish how);

/*
 * One keyset page of rows of M into the list LIST. SITES holds four
 * statements: [0] the first page ascending, [1] descending, [2] the page
 * after a cursor ascending, [3] descending; each ends with LIMIT ?. With
 * AFTER (a row) the page starts after its values of the N KEY fields
 * (parameters 1..N, LIMIT N + 1), else LIMIT is parameter 1.
 */
int sc_list_page(void *list, sc_conn *conn, sc_stmt_site *sites, const sc_field *key, size_t n, const void *after,
                 int64_t limit, bool descending, const sc_model *m);

/*
 * The same within a scope: the NSCOPE values at VALS (as for sc_find_by)
 * are parameters 1..NSCOPE of every statement of SITES (an equality on
 * leading columns), the cursor's values follow, then LIMIT.
 */
int sc_list_page_in(void *list, sc_conn *conn, sc_stmt_site *sites, const sc_field *scope, size_t nscope, const void *const *vals,
                    const sc_field *key, size_t n, const void *after, int64_t limit, bool descending, const sc_model *m);

/*
 * The rows of M for N keys at KEYS (a C array of key field KEY's type: int32_t,
 * int64_t or `const char *`), bound as one array parameter 1, placed in key
 * order with FOUND as sc_stmt_fetch_placed says (INDEX_COLUMN holds a row's key position).
 * INDEX_COLUMN -1: the statement answers each row once, and each is placed
 * by its own value of KEY (an INT32 or INT64 field at KEY->at of a row of M,
 * M's rows in one block): at every position whose key it holds.
 */
int sc_find_many(void *list, bool *found, sc_conn *conn, sc_stmt_site *site, const sc_field *key, const void *keys, size_t n,
                 int index_column, const sc_model *m);

/*
 * A relation that rows can come with (sc_load_with, sc_find_many_with): its
 * loader's statement, spec and the source rows' KEY fields (NKEY of them),
 * as sc_load_by takes them, and the caller's bit for it. Generated code
 * passes one per relation of a model (<model>__with).
 */
typedef struct sc_with {
    unsigned flag;
    sc_stmt_site *site;
    const sc_load_spec *spec;
    const sc_field *key;
    size_t nkey;
} sc_with;

enum { SC_WITH_MAX = 32 };

/*
 * The relations of WITH[0..NWITH) whose flag is in FLAGS loaded into
 * ROWS[0..N) (rows of SPEC->row_size), each as sc_load_by would, all in one
 * call: on PostgreSQL their queries go in one pipeline (one round trip), on
 * SQLite one after the other. Every named relation is emptied first. All or
 * nothing: on failure no row holds any of them. A flag no entry has is
 * SC_EINVAL.
 */
int sc_load_with(sc_conn *conn, void *rows, size_t n, const sc_with *with, size_t nwith, unsigned flags);

/*
 * sc_find_many, and the relations of WITH[0..NWITH) whose flag is in FLAGS
 * loaded into the rows found. With an integer KEY placed by its own value
 * (INDEX_COLUMN -1), the relations loaded by that same key (SC_LOAD_BY_KEY
 * on the one field KEY) take the caller's keys, so on PostgreSQL they go in
 * one pipeline with the lookup: one round trip, in one implicit transaction
 * (the caller's, when one is open); their rows of a key that found no row
 * (a soft-deleted one's) are left out. The other relations need the rows'
 * values: sc_load_with over the rows found, one more round trip. All or
 * nothing: on failure LIST is left empty. FLAGS 0 is sc_find_many.
 */
int sc_find_many_with(void *list, bool *found, sc_conn *conn, sc_stmt_site *site, const sc_field *key, const void *keys, size_t n,
                      int index_column, const sc_model *m, const sc_with *with, size_t nwith, unsigned flags);

/*
 * sc_load with the keys taken from ROWS: each row's values of the NKEY
 * fields KEY (INT32, INT64 or TEXT; an unset nullable one is NULL), one
 * element per row, or with NKEY > 1 one JSON array per row.
 */
int sc_load_by(sc_conn *conn, sc_stmt_site *site, void *rows, size_t n, const sc_load_spec *spec, const sc_field *key, size_t nkey);

/* sc_load_ptrs with the keys taken from the rows ROWS[0..N) point at, as sc_load_by takes them. */
int sc_load_by_ptrs(sc_conn *conn, sc_stmt_site *site, void *const *rows, size_t n, const sc_load_spec *spec, const sc_field *key,
                    size_t nkey);

/*
 * Insert ROW through BIND (the rows binder of sc_insert_spec, one row from
 * parameter 1): with OUT, SITE (the INSERT ... RETURNING) and the stored
 * row handed out as sc_stmt_fetch_one does; without, BARE (no RETURNING),
 * run to the end. NOW is the clock reading BIND gets. Serves create and upsert.
 */
int sc_insert_row(void *out, sc_conn *conn, sc_stmt_site *site, sc_stmt_site *bare, const void *row, sc_rows_bind_fn bind,
                  const sc_model *m, sc_timestamp now);

/*
 * End an UPDATE whose SET took parameters 1..BASE: bind ROW's values of the
 * N KEY fields after them, then hand the updated row out as
 * sc_stmt_fetch_one does (OUT given: the UPDATE has RETURNING) or run it
 * (SC_ENOTFOUND when it changed no row). RC and the end of ST as for
 * sc_stmt_finish.
 */
int sc_update_end(void *out, sc_stmt *st, int rc, const void *row, const sc_field *key, size_t n, int base, const sc_model *m);

/* Insert ROW through BIND and put its new integer id into *ID (may be NULL): sc_stmt_insert_id. */
int sc_insert_row_id(int64_t *id, sc_conn *conn, sc_stmt_site *site, const void *row, sc_rows_bind_fn bind, sc_timestamp now);

/* The value at V (a C enum of SIZE bytes) and its database name in T (NULL when out of range). */
const char *sc_enum_name(const sc_enum_type *t, const void *v, size_t size);

#ifdef __cplusplus
}
#endif
#endif
