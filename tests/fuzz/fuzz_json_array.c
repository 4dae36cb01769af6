/*
 * fuzz_json_array.c - libFuzzer target for the runtime's readers of text
 * that generated code gets back or writes (runtime/src/array.c and
 * sql.c): the JSON arrays PostgreSQL list columns come back as
 * (sc_json_array_strings, sc_json_array_values), and the SQL text
 * functions behind statement sites (sc_sql_to_pg, sc_sql_insert_rows).
 *
 * The first byte picks the case, the rest is the text (a NUL ends it):
 *   0-127    the JSON readers, both, on the text:
 *            - a reader answers SC_OK, SC_ETYPE or SC_ENOMEM, and on failure
 *              hands out nothing;
 *            - whatever strings accepts, values accepts, with as many elements;
 *            - each element of values is one JSON value: "[" element "]" reads
 *              back as exactly that element;
 *            - strings' elements, written again with sc_array_text (a NULL as
 *              null), read back as the same strings (the writer and the
 *              reader agree), and no element is longer than the input;
 *   128-255  SQL text, (byte - 128) % 8 + 1 rows:
 *            - sc_sql_to_pg keeps the length and changes only '?' into '$';
 *            - sc_sql_insert_rows of one row is the text itself when it is
 *              accepted, and N rows start with everything before the tuple
 *              and grow with N.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemac/array.h"
#include "schemac/sql.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                                    \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);                               \
            abort();                                                                                                   \
        }                                                                                                              \
    } while (0)

static void json_case(const char *text, size_t len)
{
    char **s = NULL, **v = NULL;
    size_t ns = 0, nv = 0;
    int rs = sc_json_array_strings(&s, &ns, text, len);
    int rv = sc_json_array_values(&v, &nv, text, len);
    CHECK(rs == SC_OK || rs == SC_ETYPE || rs == SC_ENOMEM);
    CHECK(rv == SC_OK || rv == SC_ETYPE || rv == SC_ENOMEM);
    if (rs != SC_OK)
        CHECK(!s && ns == 0);
    if (rv != SC_OK)
        CHECK(!v && nv == 0);
    if (rs == SC_OK)
        CHECK(rv == SC_OK && nv == ns);
    for (size_t i = 0; rv == SC_OK && i < nv; i++) {
        CHECK(v[i] && v[i][0]);
        size_t n = strlen(v[i]);
        CHECK(n <= len);
        char *wrapped = malloc(n + 3);
        CHECK(wrapped);
        wrapped[0] = '[';
        memcpy(wrapped + 1, v[i], n);
        wrapped[n + 1] = ']';
        wrapped[n + 2] = '\0';
        char **one = NULL;
        size_t none = 0;
        CHECK(sc_json_array_values(&one, &none, wrapped, n + 2) == SC_OK && none == 1);
        CHECK(strcmp(one[0], v[i]) == 0);
        sc_texts_free(one, none);
        free(wrapped);
    }
    if (rs == SC_OK) {
        sc_array a;
        sc_array_init(&a, SC_ARRAY_JSON);
        for (size_t i = 0; i < ns; i++) {
            CHECK(!s[i] || strlen(s[i]) <= len);
            sc_array_text(&a, s[i]);
        }
        if (a.rc == SC_OK) {
            /* close it as the bind does */
            size_t tl = a.len;
            char *t = malloc(tl + 2);
            CHECK(t);
            memcpy(t, a.text, tl);
            t[tl] = ']';
            t[tl + 1] = '\0';
            char **back = NULL;
            size_t nb = 0;
            CHECK(sc_json_array_strings(&back, &nb, t, tl + 1) == SC_OK && nb == ns);
            for (size_t i = 0; i < ns; i++)
                CHECK(s[i] ? back[i] && strcmp(back[i], s[i]) == 0 : !back[i]);
            sc_texts_free(back, nb);
            free(t);
        }
        sc_array_free(&a);
    }
    sc_texts_free(s, ns);
    sc_texts_free(v, nv);
}

static void sql_case(const char *sql, size_t rows)
{
    char *pg = sc_sql_to_pg(sql);
    if (pg) {
        CHECK(strlen(pg) == strlen(sql));
        for (size_t i = 0; sql[i]; i++)
            CHECK(pg[i] == sql[i] || (sql[i] == '?' && pg[i] == '$'));
        free(pg);
    }
    char *one = sc_sql_insert_rows(sql, 1);
    char *many = sc_sql_insert_rows(sql, rows);
    if (one)
        CHECK(strcmp(one, sql) == 0);
    if (many) {
        CHECK(one != NULL);
        CHECK(strlen(many) >= strlen(sql));
        /* everything up to the first "VALUES (" is kept as it is */
        const char *kw = strstr(sql, "VALUES (");
        if (kw)
            CHECK(strncmp(many, sql, (size_t)(kw - sql)) == 0);
    }
    free(one);
    free(many);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t n = strnlen((const char *)data + 1, size - 1);
    char *text = malloc(n + 1);
    if (!text)
        return 0;
    memcpy(text, data + 1, n);
    text[n] = '\0';
    if (data[0] < 128)
        json_case(text, n);
    else
        sql_case(text, (size_t)(data[0] - 128) % 8 + 1);
    free(text);
    return 0;
}
