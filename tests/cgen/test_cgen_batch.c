/*
 * test_cgen_batch.c - the batch functions generated for
 * tests/cgen/schemas/itest.prisma: create_many (COPY on PostgreSQL, with
 * the fallback for database defaults), create_many_ids and update_many
 * (one pipeline on PostgreSQL), on real rows; failures in the middle of a
 * batch leave nothing written, name the row and leave the connection
 * usable.
 *
 *   test_cgen_batch sqlite DDL_FILE   a fresh SQLite file under SCHEMAC_TEST_TMP
 *   test_cgen_batch pg DDL_FILE       a fresh database in the test cluster
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "itest.h"
#include "testutil.h"

static const char *g_dialect;
static const char *g_ddl;
static sc_conn *g_conn;

/* ---------------------------------------------------------------- setup */

static int open_sqlite(void)
{
    char url[1024];
    snprintf(url, sizeof url, "sqlite:%s/cgen_batch_%ld.sqlite", testutil_tmp_dir(), (long)getpid());
    unlink(url + 7);
    return sc_conn_open(&g_conn, url, NULL, NULL);
}

static int open_pg(void)
{
    char base[512];
    if (!testutil_pg_url(base, sizeof base))
        return -1;
    sc_conn *admin = NULL;
    if (sc_conn_open(&admin, base, NULL, NULL) != SC_OK)
        return -1;
    char name[64], sql[256];
    snprintf(name, sizeof name, "cgen_batch_%ld", (long)getpid());
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\"", name);
    sc_conn_exec(admin, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", name);
    int rc = sc_conn_exec(admin, sql);
    sc_conn_close(admin);
    if (rc != SC_OK)
        return rc;
    char url[640];
    char *slash = strrchr(base, '/');
    if (!slash)
        return -1;
    *slash = '\0';
    snprintf(url, sizeof url, "%s/%s", base, name);
    return sc_conn_open(&g_conn, url, NULL, NULL);
}

static int group_setup(void **state)
{
    (void)state;
    int rc = strcmp(g_dialect, "pg") == 0 ? open_pg() : open_sqlite();
    if (rc != SC_OK)
        return -1;
    char *ddl = testutil_read_file(g_ddl, NULL);
    if (!ddl)
        return -1;
    rc = sc_conn_exec(g_conn, ddl);
    free(ddl);
    return rc == SC_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    sc_conn_close(g_conn);
    return 0;
}

/* Every table empty before each test. */
static int empty(void **state)
{
    (void)state;
    static const char *const tables[] = {"_ArticleToLabel", "Article", "Author", "Label"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char sql[64];
        snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", tables[i]);
        if (sc_conn_exec(g_conn, sql) != SC_OK)
            return -1;
    }
    return 0;
}

static bool is_pg(void)
{
    return sc_conn_dialect(g_conn) == SC_DIALECT_POSTGRES;
}

#define assert_rc(call, want)                                                                                          \
    do {                                                                                                               \
        int rc_ = (call);                                                                                              \
        if (rc_ != (want))                                                                                             \
            fail_msg("%s: %d, want %d: %s", #call, rc_, (int)(want), sc_conn_error(g_conn)->message);                  \
    } while (0)

static void assert_message(const char *want)
{
    const char *msg = sc_conn_error(g_conn)->message;
    if (!strstr(msg, want))
        fail_msg("message \"%s\" does not contain \"%s\"", msg, want);
}

/* The message names row I: "row I: ", or a multi-row INSERT's "rows A-B: " with A <= I <= B. */
static void assert_names_row(size_t i)
{
    const char *msg = sc_conn_error(g_conn)->message;
    size_t a = 0, b = 0;
    char tail[4] = "";
    if (sscanf(msg, "row %zu%3[:]", &a, tail) == 2 && a == i)
        return;
    if (sscanf(msg, "rows %zu-%zu%3[:]", &a, &b, tail) == 3 && a <= i && i <= b)
        return;
    fail_msg("message \"%s\" does not name row %zu", msg, i);
}

static int64_t authors(void)
{
    int64_t n = -1;
    assert_rc(itest_author_count(&n, g_conn), SC_OK);
    return n;
}

/* ---------------------------------------------------------------- rows */

enum { N = 60 };

typedef struct author_set {
    itest_author rows[N];
    char email[N][48];
    char name[N][48];
    char bio[N][64];
    uint8_t avatar[N][6];
} author_set;

static const char *const texts[] = {"plain", "back\\slash", "tab\tand\nnewline\r", "\\N", "\\.", "quote'\"", "caf\xc3\xa9", ""};

static author_set *authors_make(void)
{
    author_set *s = calloc(1, sizeof *s);
    assert_non_null(s);
    for (int i = 0; i < N; i++) {
        itest_author *a = &s->rows[i];
        itest_author_init(a);
        snprintf(s->email[i], sizeof s->email[i], "a%d@example.com", i);
        snprintf(s->name[i], sizeof s->name[i], "name %d %s", i, texts[i % 8]);
        a->email = s->email[i];
        a->name = s->name[i];
        a->kind = i % 3 ? ITEST_KIND_PLAIN : ITEST_KIND_FANCY;
        if (i % 4 != 1) {
            snprintf(s->bio[i], sizeof s->bio[i], "bio %s|%d", texts[(i * 3) % 8], i);
            a->has_bio = true;
            a->bio = s->bio[i];
        }
        if (i % 5 != 2) {
            for (int j = 0; j < 6; j++)
                s->avatar[i][j] = (uint8_t)(i * 13 + j * 40);
            s->avatar[i][2] = '\\';
            a->has_avatar = true;
            a->avatar = s->avatar[i];
            a->avatar_len = (size_t)(i % 7);
        }
        a->rating = 0.25 * i;
        a->karma = INT64_C(1) << (i % 62);
        a->balance = i % 2 ? "12.5000" : "-3";
        a->active = i % 2 == 0;
        a->joined = INT64_C(1600000000000000) + (int64_t)i * 86400000000;
    }
    return s;
}

/* Author I of S is stored as written (BALANCE the one expected). */
static void assert_author(const author_set *s, int i, const char *balance)
{
    itest_author *got = NULL;
    assert_rc(itest_author_find_by_email(&got, g_conn, s->email[i]), SC_OK);
    const itest_author *a = &s->rows[i];
    assert_string_equal(got->name, a->name);
    assert_int_equal(got->kind, a->kind);
    assert_int_equal(got->has_bio, a->has_bio);
    if (a->has_bio)
        assert_string_equal(got->bio, a->bio);
    assert_int_equal(got->has_avatar, a->has_avatar);
    if (a->has_avatar) {
        assert_int_equal(got->avatar_len, a->avatar_len);
        assert_true(a->avatar_len == 0 || memcmp(got->avatar, a->avatar, a->avatar_len) == 0);
    }
    assert_true(got->rating == a->rating);
    assert_true(got->karma == a->karma);
    /* the decimal's text as the engine gives it back: compare its value */
    assert_true(strtod(got->balance, NULL) == strtod(balance, NULL));
    assert_int_equal(got->active, a->active);
    assert_true(got->joined == a->joined);
    itest_author_free(got);
}

/* ---------------------------------------------------------------- create_many */

static void test_create_many(void **state)
{
    (void)state;
    author_set *s = authors_make();
    /* rows from 40 on leave the balance to the database (COPY up to there on PostgreSQL, INSERTs after) */
    for (int i = 40; i < N; i += 3)
        s->rows[i].balance = NULL;
    assert_rc(itest_author_create_many(g_conn, s->rows, N), SC_OK);
    assert_int_equal(authors(), N);
    for (int i = 0; i < N; i++)
        assert_author(s, i, s->rows[i].balance ? s->rows[i].balance : "0");
    /* ids follow the rows' order */
    itest_author *first = NULL, *last = NULL;
    assert_rc(itest_author_find_by_email(&first, g_conn, s->email[0]), SC_OK);
    assert_rc(itest_author_find_by_email(&last, g_conn, s->email[N - 1]), SC_OK);
    assert_int_equal(last->id - first->id, N - 1);
    itest_author_free(first);
    itest_author_free(last);
    free(s);
}

static void test_create_many_error(void **state)
{
    (void)state;
    author_set *s = authors_make();
    s->rows[20].email = s->email[7];
    assert_rc(itest_author_create_many(g_conn, s->rows, N), SC_EUNIQUE);
    /* COPY names the row; multi-row INSERTs name the statement's rows */
    if (is_pg())
        assert_message("row 20: ");
    assert_names_row(20);
    assert_int_equal(authors(), 0);
    /* and with the fallback INSERTs on PostgreSQL too: the duplicate after a defaulted row */
    s->rows[10].balance = NULL;
    assert_rc(itest_author_create_many(g_conn, s->rows, N), SC_EUNIQUE);
    assert_names_row(20);
    assert_int_equal(authors(), 0);
    /* a value the client cannot write: an enum out of range */
    s->rows[20].email = s->email[20];
    s->rows[5].kind = (itest_kind)99;
    assert_rc(itest_author_create_many(g_conn, s->rows, N), SC_EINVAL);
    assert_names_row(5);
    assert_int_equal(authors(), 0);
    /* the connection is fine, and the rows go in */
    s->rows[5].kind = ITEST_KIND_PLAIN;
    assert_rc(itest_author_create_many(g_conn, s->rows, N), SC_OK);
    assert_int_equal(authors(), N);
    assert_author(s, 10, "0");
    free(s);
}

/* ---------------------------------------------------------------- create_many_ids */

static void test_create_many_ids(void **state)
{
    (void)state;
    author_set *s = authors_make();
    int32_t ids[N];
    assert_rc(itest_author_create_many_ids(ids, g_conn, s->rows, N), SC_OK);
    for (int i = 0; i < N; i++) {
        itest_author *got = NULL;
        assert_rc(itest_author_find_by_id(&got, g_conn, ids[i]), SC_OK);
        assert_string_equal(got->email, s->email[i]);
        itest_author_free(got);
        assert_author(s, i, s->rows[i].balance);
    }
    assert_int_equal(empty(NULL), 0);
    /* ids may be NULL; a duplicate in the middle: nothing written, the row named */
    s->rows[33].email = s->email[32];
    assert_rc(itest_author_create_many_ids(NULL, g_conn, s->rows, N), SC_EUNIQUE);
    assert_message("row 33: ");
    assert_int_equal(authors(), 0);
    s->rows[33].email = s->email[33];
    assert_rc(itest_author_create_many_ids(NULL, g_conn, s->rows, N), SC_OK);
    assert_int_equal(authors(), N);
    free(s);
}

/* ---------------------------------------------------------------- update_many */

static void test_update_many(void **state)
{
    (void)state;
    itest_author *who = NULL;
    itest_author a;
    itest_author_init(&a);
    a.email = "w@example.com";
    a.name = "writer";
    assert_rc(itest_author_create(&who, g_conn, &a), SC_OK);
    enum { M = 30 };
    itest_article rows[M];
    char slugs[M][16], titles[M][24];
    for (int i = 0; i < M; i++) {
        itest_article_init(&rows[i]);
        snprintf(slugs[i], sizeof slugs[i], "s%d", i);
        rows[i].slug = slugs[i];
        rows[i].title = "first";
        rows[i].author_id = who->id;
    }
    assert_rc(itest_article_create_many(g_conn, rows, M), SC_OK);
    itest_article_list list = {0};
    assert_rc(itest_article_list_by_author_id(&list, g_conn, who->id), SC_OK);
    assert_int_equal(list.count, M);
    for (size_t i = 0; i < list.count; i++) {
        snprintf(titles[i], sizeof titles[i], "t%zu", i);
        /* replaced, not freed: the old value lives in the list's block, the new one goes with _list_free */
        list.items[i].title = strdup(titles[i]);
    }
    int outcome[M];

    /* a CHECK violation (empty title) in the middle: nothing written, the row named */
    char *keep = list.items[12].title;
    list.items[12].title = "";
    assert_rc(itest_article_update_many(g_conn, list.items, M, ITEST_ARTICLE_F_TITLE, outcome), SC_ECHECK);
    assert_message("row 12: ");
    list.items[12].title = keep;
    itest_article *got = NULL;
    assert_rc(itest_article_find_by_id(&got, g_conn, list.items[0].id), SC_OK);
    assert_string_equal(got->title, "first");
    assert_int_equal(got->version, 1);
    itest_article_free(got);

    /* a stale version and a purged row: reported, the others written */
    list.items[4].version = 7;
    assert_rc(itest_article_purge(g_conn, list.items[9].id), SC_OK);
    assert_rc(itest_article_update_many(g_conn, list.items, M, ITEST_ARTICLE_F_TITLE, outcome), SC_OK);
    for (int i = 0; i < M; i++)
        assert_int_equal(outcome[i], i == 4 ? SC_ECONFLICT : i == 9 ? SC_ENOTFOUND : SC_OK);
    assert_rc(itest_article_find_by_id(&got, g_conn, list.items[M - 1].id), SC_OK);
    assert_string_equal(got->title, titles[M - 1]);
    assert_int_equal(got->version, 2);
    itest_article_free(got);
    assert_rc(itest_article_find_by_id(&got, g_conn, list.items[4].id), SC_OK);
    assert_string_equal(got->title, "first");
    itest_article_free(got);

    /* all or nothing without OUTCOME: the stale row fails the call */
    for (int i = 0; i < M; i++)
        list.items[i].version = 2;
    list.items[4].version = 1;
    assert_rc(itest_article_update_many(g_conn, list.items, 4, ITEST_ARTICLE_F_TITLE, NULL), SC_OK);
    assert_rc(itest_article_update_many(g_conn, list.items + 4, 5, ITEST_ARTICLE_F_TITLE, NULL), SC_OK);
    assert_rc(itest_article_update_many(g_conn, list.items, 9, ITEST_ARTICLE_F_TITLE, NULL), SC_ECONFLICT);
    assert_message("row 0: ");
    itest_article_list_free(&list);
    itest_author_free(who);

    /* an unversioned model: a missing row is SC_ENOTFOUND; a mask naming nothing SC_EINVAL */
    itest_label labels[3];
    char names[3][8];
    for (int i = 0; i < 3; i++) {
        itest_label_init(&labels[i]);
        snprintf(names[i], sizeof names[i], "l%d", i);
        labels[i].name = names[i];
    }
    int32_t lid[3];
    assert_rc(itest_label_create_many_ids(lid, g_conn, labels, 3), SC_OK);
    for (int i = 0; i < 3; i++)
        labels[i].id = lid[i];
    labels[1].id = lid[2] + 100;
    labels[2].name = "renamed";
    assert_rc(itest_label_update_many(g_conn, labels, 3, ITEST_LABEL_F_NAME, outcome), SC_OK);
    assert_int_equal(outcome[0], SC_OK);
    assert_int_equal(outcome[1], SC_ENOTFOUND);
    assert_int_equal(outcome[2], SC_OK);
    itest_label *l = NULL;
    assert_rc(itest_label_find_by_id(&l, g_conn, lid[2]), SC_OK);
    assert_string_equal(l->name, "renamed");
    itest_label_free(l);
    assert_rc(itest_label_update_many(g_conn, labels, 3, ITEST_LABEL_F_NAME, NULL), SC_ENOTFOUND);
    assert_message("row 1: ");
    assert_int_equal(itest_label_update_many(g_conn, labels, 3, 0, NULL), SC_EINVAL);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s sqlite|pg DDL_FILE\n", argv[0]);
        return 2;
    }
    g_dialect = argv[1];
    g_ddl = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_create_many, empty),
        cmocka_unit_test_setup(test_create_many_error, empty),
        cmocka_unit_test_setup(test_create_many_ids, empty),
        cmocka_unit_test_setup(test_update_many, empty),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
