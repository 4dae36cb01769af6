/*
 * schemac/sql.h - SQL text at run time: placeholders between dialects,
 * multi-row INSERTs from a one-row INSERT, and statements assembled from
 * constant pieces (a partial update's SET list).
 *
 * The texts these functions read are SQL the program itself wrote (in
 * generated code, constant text from schemac): they are not for SQL from
 * untrusted sources. Scanning knows the SQL standard's quoting only:
 * '...' and "..." with doubled quotes inside; placeholders within them are
 * left alone. All functions are pure and thread-safe.
 */
#ifndef SCHEMAC_SQL_H
#define SCHEMAC_SQL_H

#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "stmt.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * SQL with SQLite's numbered placeholders (?1, ?2) written as PostgreSQL's
 * ($1, $2): a malloc'd text of the same length, or NULL when out of memory.
 * A ? that no digit follows stays as it is. This is how a statement site
 * with one text (SC_STMT_SITE(sql, NULL)) gets its PostgreSQL text.
 */
char *sc_sql_to_pg(const char *sql);

/*
 * The INSERT of ROWS rows written from the INSERT of one, ONE, whose text
 * ends in its VALUES tuple ("INSERT INTO t (a, b) VALUES (?1, ?2)"): the
 * tuple repeated ROWS times, separated by ", ", copy r with every
 * placeholder ?N or $N numbered N + r * P, P being the highest placeholder
 * number in the tuple. Returns a malloc'd text, or NULL when ONE has no
 * VALUES tuple at its end, ROWS is 0, or memory runs out.
 */
char *sc_sql_insert_rows(const char *one, size_t rows);

/*
 * A statement assembled at run time from constant pieces (identifiers the
 * program wrote) and numbered placeholders for every value; generated
 * partial updates build their SET list this way:
 *
 *     sc_sqlbuf q;
 *     sc_sqlbuf_init(&q, conn);                    // placeholders for CONN's dialect
 *     sc_sqlbuf_put(&q, "UPDATE \"t\" SET ");
 *     if (mask & F_NAME)
 *         sc_sqlbuf_set(&q, "\"name\"");           // "name" = ?1
 *     sc_sqlbuf_where(&q, "\"id\"");               // WHERE "id" = ?2
 *     rc = sc_sqlbuf_prepare(&st, conn, &q);       // prepares, then frees Q
 *
 * Placeholders are numbered in the order they are written. Short texts stay
 * inside the struct; longer ones move to the heap. A failed allocation is
 * remembered and reported by sc_sqlbuf_prepare. Do not copy an sc_sqlbuf.
 */
typedef struct sc_sqlbuf {
    char *heap;          /* the text once it outgrew SMALL, else NULL */
    size_t len;
    size_t cap;
    int rc;              /* SC_OK, or SC_ENOMEM */
    int pg;              /* $N placeholders (PostgreSQL) rather than ?N */
    int nparams;         /* placeholders written */
    int nset;            /* items of the SET list */
    int ncond;           /* conditions of the WHERE clause */
    char small[512];
} sc_sqlbuf;

/* An empty text with CONN's placeholder style. */
void sc_sqlbuf_init(sc_sqlbuf *q, const sc_conn *conn);
/* The text so far (NUL-terminated). */
const char *sc_sqlbuf_text(const sc_sqlbuf *q);
void sc_sqlbuf_put(sc_sqlbuf *q, const char *s);
/* The next placeholder; returns its number. */
int sc_sqlbuf_param(sc_sqlbuf *q);
/* An item of the SET list: ", " before all but the first, then ASSIGNMENT as it is. */
void sc_sqlbuf_set_raw(sc_sqlbuf *q, const char *assignment);
/* COLUMN = <next placeholder> as an item of the SET list. */
void sc_sqlbuf_set(sc_sqlbuf *q, const char *column);
/* COLUMN = PRE <next placeholder> POST on PostgreSQL (a cast around the value); as sc_sqlbuf_set on SQLite. */
void sc_sqlbuf_set_pg_expr(sc_sqlbuf *q, const char *column, const char *pre, const char *post);
/* " WHERE " before the first, " AND " before the others, then COLUMN = <next placeholder>. */
void sc_sqlbuf_where(sc_sqlbuf *q, const char *column);
/* Prepare the text on CONN (sc_stmt_prepare) and free Q; SC_ENOMEM when building it failed. */
int sc_sqlbuf_prepare(sc_stmt **out, sc_conn *conn, sc_sqlbuf *q);
/* Free Q's heap text (not needed after sc_sqlbuf_prepare). */
void sc_sqlbuf_free(sc_sqlbuf *q);

/*
 * A partial update (generated `update_fields`) described as data: the SET
 * list's columns, each set when MASK has its bit (bit 0: always, for
 * @updatedAt), then RAW assignments, WHERE over the key (and version)
 * columns, and the rest of the text (RETURNING ...) in pieces:
 *
 *     static const sc_set_column set[] = {{"\"title\"", F_TITLE, NULL, NULL},
 *                                         {"\"updated_at\"", 0, NULL, NULL}};
 *     static const char *const where[] = {"\"id\"", NULL};
 *     static const char *const tail[] = {" RETURNING \"id\", \"title\", ...", NULL};
 *     static const sc_update_spec spec = {"UPDATE \"posts\" SET ", set, 2, NULL, where, tail};
 *     rc = sc_stmt_prepare_update(&st, conn, &spec, mask);
 *
 * Placeholders are numbered in that order: the set columns, then the WHERE
 * columns. A column with PG_PRE is written on PostgreSQL as PG_PRE
 * <placeholder> PG_POST (a list's cast back from JSON text).
 */
typedef struct sc_set_column {
    const char *name;      /* the quoted column */
    uint64_t bit;          /* the mask bit that sets it; 0: always */
    const char *pg_pre;    /* NULL, or the text around the value on PostgreSQL */
    const char *pg_post;
} sc_set_column;

typedef struct sc_update_spec {
    const char *head;              /* "UPDATE \"t\" SET " */
    const sc_set_column *set;
    size_t nset;
    const char *raw;               /* an assignment without a parameter ("\"v\" = \"v\" + 1"), or NULL */
    const char *const *where;      /* NULL-terminated: key columns, then the version */
    const char *const *tail;       /* NULL-terminated pieces after the WHERE clause, or NULL */
} sc_update_spec;

/*
 * Build the UPDATE SPEC describes for MASK with CONN's placeholders and
 * prepare it (sc_stmt_prepare: one cached statement per distinct text).
 */
int sc_stmt_prepare_update(sc_stmt **out, sc_conn *conn, const sc_update_spec *spec, uint64_t mask);

#ifdef __cplusplus
}
#endif
#endif
