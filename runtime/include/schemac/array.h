/*
 * schemac/array.h - arrays as one text parameter, and JSON arrays read back.
 *
 * A PostgreSQL list column (String[], Int[], ...) and the keys of a batch
 * loader travel as one text parameter: a JSON array (["a",1,null]) that
 * the statement takes apart (json_each, json_array_elements_text), or a
 * PostgreSQL array literal ({"a",1,NULL}) for unnest(CAST($1 AS T[])).
 * sc_array writes either, element by element, and remembers the first
 * failure, so a loop of appends needs one check at the end (the bind):
 *
 *     sc_array a;
 *     sc_array_init(&a, SC_ARRAY_JSON);
 *     for (size_t i = 0; i < n; i++)
 *         sc_array_text(&a, names[i]);
 *     rc = sc_stmt_bind_array(st, 1, &a);   // binds and frees
 *
 * The other way, a list column selected as array_to_json(col) comes back
 * as JSON array text; sc_json_array_strings and sc_json_array_values split
 * it, and the sc_stmt_column_* list readers below convert the elements.
 * The JSON reader is strict (RFC 8259): anything else is SC_ETYPE, never a
 * guess. Strings are unescaped into UTF-8; a \u escape must name a
 * character (surrogates only in valid pairs, no U+0000). Other bytes pass
 * through as the database sent them.
 *
 * All functions are thread-safe on distinct arrays; none keeps state.
 */
#ifndef SCHEMAC_ARRAY_H
#define SCHEMAC_ARRAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conn.h"
#include "stmt.h"
#include "timestamp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sc_array_style {
    SC_ARRAY_JSON = 0, /* ["a",1,null]: json_each, json_array_elements(_text) */
    SC_ARRAY_PG = 1,   /* {"a",1,NULL}: a PostgreSQL array literal */
} sc_array_style;

/* Nested arrays (sc_array_open) deeper than this fail with SC_EINVAL. */
enum { SC_ARRAY_MAX_DEPTH = 8 };

typedef struct sc_array {
    char *text;           /* malloc'd, NUL-terminated text so far */
    size_t len;
    size_t cap;
    size_t count;         /* elements at the innermost open level */
    int rc;               /* SC_OK, or the first failure (SC_ENOMEM, SC_EINVAL) */
    sc_array_style style;
    int depth;            /* nested arrays open */
    size_t outer[SC_ARRAY_MAX_DEPTH]; /* element counts of the enclosing levels */
} sc_array;

/* Start an empty array in STYLE (writes its opening bracket). */
void sc_array_init(sc_array *a, sc_array_style style);

/* The style a batch loader's keys take on CONN: SC_ARRAY_PG on PostgreSQL, else SC_ARRAY_JSON. */
sc_array_style sc_array_style_for(const sc_conn *conn);

/* Elements. Text is quoted and escaped for the style; NULL text or data is a null element. */
void sc_array_int(sc_array *a, int64_t v);
/* NaN and infinities have no JSON form: they become null. */
void sc_array_double(sc_array *a, double v);
void sc_array_bool(sc_array *a, bool v);
void sc_array_text(sc_array *a, const char *s);
void sc_array_null(sc_array *a);
/* An enum value's database name; NULL (a C value out of range) fails the array with SC_EINVAL. */
void sc_array_label(sc_array *a, const char *label);
/* Bytes as bytea's hex input text, "\x0102" (a quoted element). */
void sc_array_bytes(sc_array *a, const uint8_t *data, size_t len);
/* A timestamp as ISO text in UTC with microseconds (a quoted element). */
void sc_array_time(sc_array *a, sc_timestamp ts);

/* A nested array as the next element (compound loader keys: [[1,"a"],[2,"b"]]), and its end. */
void sc_array_open(sc_array *a);
void sc_array_close(sc_array *a);

/* Drop the text (an array that will not be bound). */
void sc_array_free(sc_array *a);

/*
 * Close A and bind its text to parameter IDX of ST (a copy); A is freed in
 * every case. Returns the bind's result, or A's failure without binding
 * (recorded as ST's connection error).
 */
int sc_stmt_bind_array(sc_stmt *st, int idx, sc_array *a);

/*
 * A whole C array as a JSON array parameter: what a PostgreSQL list column
 * takes through CAST(ARRAY(SELECT json_array_elements_text(CAST($n AS
 * JSON))) AS T[]). N elements; a NULL text, decimal or JSON element is null.
 * _blobs: LENS (NULL: all empty) gives each element's length.
 */
int sc_stmt_bind_bools(sc_stmt *st, int idx, const bool *v, size_t n);
int sc_stmt_bind_int32s(sc_stmt *st, int idx, const int32_t *v, size_t n);
int sc_stmt_bind_int64s(sc_stmt *st, int idx, const int64_t *v, size_t n);
int sc_stmt_bind_doubles(sc_stmt *st, int idx, const double *v, size_t n);
int sc_stmt_bind_texts(sc_stmt *st, int idx, char *const *v, size_t n);
int sc_stmt_bind_times(sc_stmt *st, int idx, const sc_timestamp *v, size_t n);
int sc_stmt_bind_blobs(sc_stmt *st, int idx, uint8_t *const *v, const size_t *lens, size_t n);

/*
 * The elements of the JSON array TEXT (LEN bytes) as malloc'd strings in a
 * malloc'd array *OUT of *COUNT: strings unescaped, numbers, true and false
 * as written, null as a NULL element. A nested array or object is SC_ETYPE
 * (use sc_json_array_values). Returns SC_OK, SC_ETYPE (not such an array)
 * or SC_ENOMEM; on failure *OUT is NULL and *COUNT 0. An empty array gives
 * *OUT NULL.
 */
int sc_json_array_strings(char ***out, size_t *count, const char *text, size_t len);

/*
 * The elements of the JSON array TEXT as their own JSON text (strings keep
 * their quotes and escapes, objects and arrays nest), without surrounding
 * white space. Same results as sc_json_array_strings.
 */
int sc_json_array_values(char ***out, size_t *count, const char *text, size_t len);

/* Free an array of N malloc'd strings (NULL elements allowed) and the array. */
void sc_texts_free(char **v, size_t n);
/* Free N malloc'd blocks, the array holding them and LENS. */
void sc_blobs_free(uint8_t **v, size_t *lens, size_t n);

/*
 * List columns selected as array_to_json(col): the elements converted into
 * a malloc'd C array *OUT of *COUNT. SQL NULL is the empty list (*OUT NULL,
 * *COUNT 0, SC_OK). A null element is a NULL pointer for _texts, the text
 * "null" for _jsons and SC_ENULL for the others; an element that does not
 * convert is SC_ETYPE (SC_ERANGE when out of the type's range). On failure
 * nothing is handed out (*OUT NULL, *COUNT 0). _texts: strings unescaped
 * (String[], Decimal[], enum labels); _jsons: each element's JSON text
 * (Json[]); _times: ISO text; _blobs: bytea hex text ("\x0102"), each
 * element its own malloc'd block (never NULL) with its length in *LENS.
 */
int sc_stmt_column_bools(bool **out, size_t *count, sc_stmt *st, int col);
int sc_stmt_column_int32s(int32_t **out, size_t *count, sc_stmt *st, int col);
int sc_stmt_column_int64s(int64_t **out, size_t *count, sc_stmt *st, int col);
int sc_stmt_column_doubles(double **out, size_t *count, sc_stmt *st, int col);
int sc_stmt_column_texts(char ***out, size_t *count, sc_stmt *st, int col);
int sc_stmt_column_jsons(char ***out, size_t *count, sc_stmt *st, int col);
int sc_stmt_column_times(sc_timestamp **out, size_t *count, sc_stmt *st, int col);
int sc_stmt_column_blobs(uint8_t ***out, size_t **lens, size_t *count, sc_stmt *st, int col);

#ifdef __cplusplus
}
#endif
#endif
