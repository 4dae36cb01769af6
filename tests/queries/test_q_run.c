/*
 * test_q_run.c - the typed query functions generated from
 * tests/queries/run/run.sql (and, on PostgreSQL, run/pg/arrays.sql) run
 * against real rows: each returns exactly the rows and NULLs its SQL gives,
 * on SQLite and on PostgreSQL, every command kind included.
 *
 *   test_q_run sqlite DDL          an in-memory SQLite database
 *   test_q_run pg DDL PG_ARRAYS_DDL  a fresh database in the test cluster
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

#include "qpg_queries.h"
#include "qrun_queries.h"
#include "testutil.h"

static const char *g_dialect;
static const char *g_ddl;
static const char *g_pg_ddl;
static sc_conn *g_conn;

#define OK(call)                                                                                                  \
    do {                                                                                                          \
        int rc_ = (call);                                                                                         \
        if (rc_ != SC_OK)                                                                                         \
            fprintf(stderr, "%s:%d: %s: %d %s\n", __FILE__, __LINE__, #call, rc_, sc_conn_error(g_conn)->message); \
        assert_int_equal(rc_, SC_OK);                                                                             \
    } while (0)

static bool is_pg(void)
{
    return sc_conn_dialect(g_conn) == SC_DIALECT_POSTGRES;
}

/* ---------------------------------------------------------------- setup */

static int open_pg(void)
{
    char base[512];
    if (!testutil_pg_url(base, sizeof base))
        return -1;
    sc_conn *admin = NULL;
    if (sc_conn_open(&admin, base, NULL, NULL) != SC_OK)
        return -1;
    char name[64], sql[256];
    snprintf(name, sizeof name, "q_run_%ld", (long)getpid());
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

static int exec_file(const char *path)
{
    char *ddl = testutil_read_file(path, NULL);
    if (!ddl)
        return -1;
    int rc = sc_conn_exec(g_conn, ddl);
    free(ddl);
    if (rc != SC_OK)
        fprintf(stderr, "%s: %s\n", path, sc_conn_error(g_conn)->message);
    return rc;
}

static const char *const rows_sql =
    "INSERT INTO authors (name, bio) VALUES ('ann', 'writes'), ('bob', NULL), ('cy', NULL);"
    "INSERT INTO posts (author_id, title, status, score, price, meta, views, created_at) VALUES"
    " (1, 'Hello world', 'LIVE', 4.5, 12.5, '{\"a\": 1}', 10, '2024-01-01T10:00:00.000Z'),"
    " (1, 'Hello again', 'DRAFT', NULL, NULL, NULL, 0, '2024-01-02T10:00:00.000Z'),"
    " (2, 'Bye', 'LIVE', 2, NULL, '[1, 2]', 5, '2024-01-03T10:00:00.000Z');"
    "INSERT INTO comments (post_id, author_id, body) VALUES (1, 2, 'nice'), (1, NULL, 'anon'), (3, 1, 'ok');";

static int group_setup(void **state)
{
    (void)state;
    int rc = strcmp(g_dialect, "pg") == 0 ? open_pg() : sc_conn_open(&g_conn, "sqlite::memory:", NULL, NULL);
    if (rc != SC_OK) {
        fprintf(stderr, "cannot open the %s database (%d)\n", g_dialect, rc);
        return -1;
    }
    if (exec_file(g_ddl) != SC_OK || (g_pg_ddl && exec_file(g_pg_ddl) != SC_OK))
        return -1;
    if (sc_conn_exec(g_conn, rows_sql) != SC_OK) {
        fprintf(stderr, "rows: %s\n", sc_conn_error(g_conn)->message);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    sc_conn_close(g_conn);
    return 0;
}

/* ---------------------------------------------------------------- reads */

static void test_one(void **state)
{
    (void)state;
    qrun_author *a = NULL;
    OK(qrun_author_by_id(&a, g_conn, 1));
    assert_int_equal(a->id, 1);
    assert_string_equal(a->name, "ann");
    assert_true(a->has_bio);
    assert_string_equal(a->bio, "writes");
    assert_false(a->has_avatar);
    qrun_author_free(a);
    a = NULL;
    assert_int_equal(qrun_author_by_id(&a, g_conn, 99), SC_ENOTFOUND);
    assert_null(a);

    qrun_author_by_name_row *r = NULL;
    OK(qrun_author_by_name(&r, g_conn, "bob"));
    assert_int_equal(r->id, 2);
    assert_string_equal(r->name, "bob");
    assert_false(r->has_bio);
    qrun_author_by_name_row_free(r);
    assert_int_equal(qrun_author_by_name(NULL, g_conn, "nobody"), SC_ENOTFOUND);
}

static void test_embeds(void **state)
{
    (void)state;
    qrun_posts_with_authors_row_list l = {0};
    OK(qrun_posts_with_authors(&l, g_conn));
    assert_int_equal(l.count, 3);
    assert_int_equal(l.items[0].post.id, 1);
    assert_string_equal(l.items[0].post.title, "Hello world");
    assert_int_equal(l.items[0].post.status, QRUN_STATUS_LIVE);
    assert_true(l.items[0].post.has_score);
    assert_true(l.items[0].post.score == 4.5);
    assert_int_equal(l.items[0].post.views, 10);
    assert_string_equal(l.items[0].author.name, "ann");
    assert_false(l.items[1].post.has_score);
    assert_false(l.items[1].post.has_meta);
    assert_string_equal(l.items[2].author.name, "bob");
    assert_false(l.items[2].author.has_bio);
    char buf[SC_TIMESTAMP_BUFSIZE];
    sc_timestamp_format(buf, sizeof buf, l.items[2].post.created_at, SC_TIME_ISO_MS);
    assert_string_equal(buf, "2024-01-03T10:00:00.000Z");
    qrun_posts_with_authors_row_list_free(&l);
    assert_null(l.items);

    /* An optional embed: the author without posts has no post. */
    qrun_authors_maybe_post_row_list m = {0};
    OK(qrun_authors_maybe_post(&m, g_conn));
    assert_int_equal(m.count, 4);
    assert_true(m.items[0].has_post);
    assert_string_equal(m.items[0].post.title, "Hello world");
    assert_true(m.items[2].has_post);
    assert_string_equal(m.items[2].name, "bob");
    assert_string_equal(m.items[3].name, "cy");
    assert_false(m.items[3].has_post);
    assert_null(m.items[3].post.title);
    qrun_authors_maybe_post_row_list_free(&m);
}

static void test_outer_join(void **state)
{
    (void)state;
    qrun_authors_and_posts_row_list l = {0};
    OK(qrun_authors_and_posts(&l, g_conn));
    assert_int_equal(l.count, 4);
    assert_true(l.items[1].has_post_id);
    assert_int_equal(l.items[1].post_id, 2);
    assert_string_equal(l.items[1].title, "Hello again");
    assert_string_equal(l.items[3].name, "cy");
    assert_false(l.items[3].has_post_id);
    assert_false(l.items[3].has_title);
    qrun_authors_and_posts_row_list_free(&l);
}

/* 2024-01-0D 10:00:00 UTC */
static sc_timestamp jan(int d)
{
    return (INT64_C(1704103200) + (int64_t)(d - 1) * 86400) * 1000000;
}

/* Every kind of value a row of plain values holds (on PostgreSQL, read by the query's own reader), set and NULL. */
static void test_value_kinds(void **state)
{
    (void)state;
    qrun_author_post_kinds_row_list l = {0};
    OK(qrun_author_post_kinds(&l, g_conn));
    assert_int_equal(l.count, 4);
    const qrun_author_post_kinds_row *r = l.items;
    assert_int_equal(r[0].id, 1);
    assert_true(r[0].has_post_id && r[0].has_title && r[0].has_score && r[0].has_views && r[0].has_created_at && r[0].has_high);
    assert_int_equal(r[0].post_id, 1);
    assert_string_equal(r[0].title, "Hello world");
    assert_true(r[0].score == 4.5);
    assert_int_equal(r[0].views, 10);
    assert_int_equal(r[0].created_at, jan(1));
    assert_true(r[0].high);
    /* a NULL score, and so a NULL comparison */
    assert_int_equal(r[1].post_id, 2);
    assert_false(r[1].has_score);
    assert_false(r[1].has_high);
    assert_int_equal(r[1].views, 0);
    assert_true(r[1].has_views);
    assert_int_equal(r[1].created_at, jan(2));
    assert_int_equal(r[2].id, 2);
    assert_true(r[2].score == 2);
    assert_true(r[2].has_high);
    assert_false(r[2].high);
    assert_int_equal(r[2].created_at, jan(3));
    /* the author without posts: every value of the optional side NULL */
    assert_int_equal(r[3].id, 3);
    assert_false(r[3].has_post_id || r[3].has_title || r[3].has_score || r[3].has_views || r[3].has_created_at || r[3].has_high);
    /* a NULL's value is zero, as every reader leaves it */
    assert_null(r[3].title);
    assert_int_equal(r[3].post_id, 0);
    assert_true(r[3].score == 0);
    assert_int_equal(r[3].views, 0);
    assert_int_equal(r[3].created_at, 0);
    assert_false(r[3].high);
    qrun_author_post_kinds_row_list_free(&l);

    qrun_author_post_kind_row *one = NULL;
    OK(qrun_author_post_kind(&one, g_conn, 1));
    assert_int_equal(one->post_id, 1);
    assert_string_equal(one->title, "Hello world");
    assert_true(one->high);
    assert_int_equal(one->created_at, jan(1));
    qrun_author_post_kind_row_free(one);
    one = NULL;
    OK(qrun_author_post_kind(&one, g_conn, 3));
    assert_false(one->has_post_id || one->has_title || one->has_score || one->has_views || one->has_created_at || one->has_high);
    qrun_author_post_kind_row_free(one);
    one = NULL;
    assert_int_equal(qrun_author_post_kind(&one, g_conn, 99), SC_ENOTFOUND);
    assert_null(one);
}

/*
 * A database that lets a column be NULL where the schema says NOT NULL
 * (PostgreSQL; last, since the rolled-back INSERT takes a key): the query's
 * own reader gives the rows back, and the field table's reader says
 * SC_ENULL, as for any typed read (under valgrind: nothing left allocated).
 */
static void test_null_where_none(void **state)
{
    (void)state;
    if (!is_pg())
        skip();
    OK(sc_tx_begin(g_conn, SC_TX_DEFAULT));
    OK(sc_conn_exec(g_conn, "ALTER TABLE authors ALTER COLUMN name DROP NOT NULL"));
    qrun_create_author_row *made = NULL;
    assert_int_equal(qrun_create_author(&made, g_conn, NULL, false, NULL), SC_ENULL);
    assert_null(made);
    qrun_labels_row_list u = {0};
    assert_int_equal(qrun_labels(&u, g_conn), SC_ENULL);
    assert_null(u.items);
    OK(sc_tx_rollback(g_conn));
    OK(qrun_labels(&u, g_conn));
    assert_true(u.count > 0);
    qrun_labels_row_list_free(&u);
}

static void test_aggregates(void **state)
{
    (void)state;
    qrun_post_stats_row_list l = {0};
    OK(qrun_post_stats(&l, g_conn, 1));
    assert_int_equal(l.count, 2);
    assert_int_equal(l.items[0].author_id, 1);
    assert_int_equal(l.items[0].posts, 2);
    assert_true(l.items[0].has_views);
    assert_int_equal(l.items[0].views, 10);
    assert_true(l.items[0].has_best);
    assert_true(l.items[0].best == 4.5);
    assert_int_equal(l.items[1].posts, 1);
    qrun_post_stats_row_list_free(&l);
    OK(qrun_post_stats(&l, g_conn, 2)); /* HAVING */
    assert_int_equal(l.count, 1);
    assert_int_equal(l.items[0].author_id, 1);
    qrun_post_stats_row_list_free(&l);

    qrun_active_authors_row_list s = {0};
    OK(qrun_active_authors(&s, g_conn));
    assert_int_equal(s.count, 2);
    assert_string_equal(s.items[0].name, "ann");
    assert_int_equal(s.items[0].n, 2);
    assert_string_equal(s.items[1].name, "bob");
    assert_int_equal(s.items[1].n, 1);
    qrun_active_authors_row_list_free(&s);

    qrun_top_authors_row_list t = {0};
    OK(qrun_top_authors(&t, g_conn));
    assert_int_equal(t.count, 2);
    assert_string_equal(t.items[0].name, "ann");
    assert_int_equal(t.items[0].n, 2);
    qrun_top_authors_row_list_free(&t);

    qrun_labels_row_list u = {0};
    OK(qrun_labels(&u, g_conn));
    const char *want[] = {"Bye", "Hello again", "Hello world", "ann", "bob", "cy"};
    assert_int_equal(u.count, 6);
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(u.items[i].label, want[i]);
    qrun_labels_row_list_free(&u);
}

static void test_filters(void **state)
{
    (void)state;
    qrun_posts_by_status_row_list l = {0};
    OK(qrun_posts_by_status(&l, g_conn, QRUN_STATUS_LIVE));
    assert_int_equal(l.count, 2);
    assert_int_equal(l.items[1].id, 3);
    assert_int_equal(l.items[1].status, QRUN_STATUS_LIVE);
    qrun_posts_by_status_row_list_free(&l);

    qrun_post_meta_row_list m = {0};
    OK(qrun_post_meta(&m, g_conn));
    assert_int_equal(m.count, 3);
    assert_true(m.items[0].has_meta);
    assert_string_equal(m.items[0].meta, "{\"a\": 1}");
    assert_true(m.items[0].has_price);
    assert_true(strtod(m.items[0].price, NULL) == 12.5);
    assert_false(m.items[1].has_meta);
    assert_false(m.items[1].has_price);
    assert_string_equal(m.items[2].meta, "[1, 2]");
    qrun_post_meta_row_list_free(&m);

    qrun_title_like_row_list t = {0};
    OK(qrun_title_like(&t, g_conn, "Hello%"));
    assert_int_equal(t.count, 2);
    qrun_title_like_row_list_free(&t);

    qrun_posts_in_row_list in = {0};
    OK(qrun_posts_in(&in, g_conn, 3, 1));
    assert_int_equal(in.count, 2);
    assert_int_equal(in.items[0].id, 1);
    assert_int_equal(in.items[1].id, 3);
    qrun_posts_in_row_list_free(&in);

    int32_t ids[] = {3, 2, 42};
    qrun_posts_in_slice_row_list s = {0};
    OK(qrun_posts_in_slice(&s, g_conn, ids, 3));
    assert_int_equal(s.count, 2);
    assert_int_equal(s.items[0].id, 2);
    assert_string_equal(s.items[1].title, "Bye");
    qrun_posts_in_slice_row_list_free(&s);
    OK(qrun_posts_in_slice(&s, g_conn, NULL, 0)); /* an empty list matches nothing */
    assert_int_equal(s.count, 0);
    assert_null(s.items);

    qrun_posts_not_in_slice_row_list ns = {0};
    OK(qrun_posts_not_in_slice(&ns, g_conn, ids, 3));
    assert_int_equal(ns.count, 1);
    assert_int_equal(ns.items[0].id, 1);
    qrun_posts_not_in_slice_row_list_free(&ns);
    OK(qrun_posts_not_in_slice(&ns, g_conn, NULL, 0)); /* NOT IN nothing: everything */
    assert_int_equal(ns.count, 3);
    qrun_posts_not_in_slice_row_list_free(&ns);

    qrun_status statuses[] = {QRUN_STATUS_DRAFT, QRUN_STATUS_GONE};
    qrun_status_in_row_list st = {0};
    OK(qrun_status_in(&st, g_conn, statuses, 2));
    assert_int_equal(st.count, 1);
    assert_int_equal(st.items[0].id, 2);
    qrun_status_in_row_list_free(&st);

    qrun_post_page_row_list p = {0};
    OK(qrun_post_page(&p, g_conn, 2, 1));
    assert_int_equal(p.count, 2);
    assert_int_equal(p.items[0].id, 2);
    assert_int_equal(p.items[1].id, 3);
    qrun_post_page_row_list_free(&p);

    qrun_post_filter_params fp = {1, 0, "Hello world"};
    qrun_post_filter_row_list f = {0};
    OK(qrun_post_filter(&f, g_conn, &fp));
    assert_int_equal(f.count, 1);
    assert_int_equal(f.items[0].id, 2);
    qrun_post_filter_row_list_free(&f);

    sc_timestamp from, to;
    assert_int_equal(sc_timestamp_parse(&from, "2024-01-02T00:00:00Z", -1), SC_OK);
    assert_int_equal(sc_timestamp_parse(&to, "2024-01-03T10:00:00Z", -1), SC_OK);
    qrun_posts_between_row_list b = {0};
    OK(qrun_posts_between(&b, g_conn, from, to));
    assert_int_equal(b.count, 1);
    assert_int_equal(b.items[0].id, 2);
    qrun_posts_between_row_list_free(&b);

    /* sqlc.narg(min_views) IS NULL in the select list, typed only by WHERE (which PostgreSQL reads later). */
    qrun_posts_min_views_row_list mv = {0};
    OK(qrun_posts_min_views(&mv, g_conn, false, 0, 1));
    assert_int_equal(mv.count, 2);
    assert_int_equal(mv.items[0].id, 1);
    assert_true(mv.items[0].every_post);
    assert_int_equal(mv.items[1].id, 2);
    qrun_posts_min_views_row_list_free(&mv);
    OK(qrun_posts_min_views(&mv, g_conn, true, 5, 1));
    assert_int_equal(mv.count, 1);
    assert_int_equal(mv.items[0].id, 1);
    assert_false(mv.items[0].every_post);
    qrun_posts_min_views_row_list_free(&mv);
    /* the same, IS NULL written first (sqlc's idiom): unset gives every post of the author, set filters */
    qrun_posts_min_views_first_row_list mf = {0};
    OK(qrun_posts_min_views_first(&mf, g_conn, 1, false, 0));
    assert_int_equal(mf.count, 2);
    assert_int_equal(mf.items[0].id, 1);
    assert_int_equal(mf.items[1].id, 2);
    qrun_posts_min_views_first_row_list_free(&mf);
    OK(qrun_posts_min_views_first(&mf, g_conn, 1, true, 5));
    assert_int_equal(mf.count, 1);
    assert_int_equal(mf.items[0].id, 1);
    qrun_posts_min_views_first_row_list_free(&mf);
}

static void test_typedsql(void **state)
{
    (void)state;
    /* A Prisma TypedSQL file: its name is the function's, a nullable @param has its flag. */
    qrun_posts_of_author_row_list l = {0};
    OK(qrun_posts_of_author(&l, g_conn, 1, false, NULL));
    assert_int_equal(l.count, 2);
    assert_true(l.items[0].has_score);
    assert_false(l.items[1].has_score);
    qrun_posts_of_author_row_list_free(&l);
    OK(qrun_posts_of_author(&l, g_conn, 1, true, "%again"));
    assert_int_equal(l.count, 1);
    assert_string_equal(l.items[0].title, "Hello again");
    qrun_posts_of_author_row_list_free(&l);

    /* Types known from @param only ("$2 IS NULL OR p.id >= $2"): PostgreSQL gets them as casts. */
    qrun_posts_of_author_from_row_list f = {0};
    OK(qrun_posts_of_author_from(&f, g_conn, 1, false, 0));
    assert_int_equal(f.count, 2);
    assert_int_equal(f.items[0].id, 1);
    assert_int_equal(f.items[1].id, 2);
    qrun_posts_of_author_from_row_list_free(&f);
    OK(qrun_posts_of_author_from(&f, g_conn, 1, true, 2));
    assert_int_equal(f.count, 1);
    assert_int_equal(f.items[0].id, 2);
    qrun_posts_of_author_from_row_list_free(&f);
    OK(qrun_posts_of_author_from(&f, g_conn, 2, true, 4));
    assert_int_equal(f.count, 0);
    qrun_posts_of_author_from_row_list_free(&f);

    qrun_authors_by_prefix_row_list p = {0};
    OK(qrun_authors_by_prefix(&p, g_conn, false, NULL));
    assert_int_equal(p.count, 3);
    qrun_authors_by_prefix_row_list_free(&p);
    OK(qrun_authors_by_prefix(&p, g_conn, true, "b"));
    assert_int_equal(p.count, 1);
    assert_int_equal(p.items[0].id, 2);
    qrun_authors_by_prefix_row_list_free(&p);
    OK(qrun_authors_by_prefix(&p, g_conn, true, "z"));
    assert_int_equal(p.count, 0);
    qrun_authors_by_prefix_row_list_free(&p);
}

/* ---------------------------------------------------------------- writes */

static void test_returning_upsert(void **state)
{
    (void)state;
    qrun_create_author_row *c = NULL;
    OK(qrun_create_author(&c, g_conn, "dee", true, "tab\there"));
    assert_int_equal(c->id, 4);
    assert_string_equal(c->bio, "tab\there");
    qrun_create_author_row_free(c);
    OK(qrun_create_author(&c, g_conn, "eve", false, "ignored"));
    assert_false(c->has_bio);
    qrun_create_author_row_free(c);
    assert_int_equal(qrun_create_author(NULL, g_conn, "eve", false, NULL), SC_EUNIQUE);

    const uint8_t bytes[] = {0, 1, 0xff};
    qrun_upsert_author_params up = {"dee", true, "new bio", true, (uint8_t *)bytes, 3};
    qrun_author *a = NULL;
    OK(qrun_upsert_author(&a, g_conn, &up));
    assert_int_equal(a->id, 4);
    assert_string_equal(a->bio, "new bio");
    assert_true(a->has_avatar);
    assert_int_equal(a->avatar_len, 3);
    assert_memory_equal(a->avatar, bytes, 3);
    qrun_author_free(a);
    up.has_bio = false;
    up.has_avatar = false;
    OK(qrun_upsert_author(&a, g_conn, &up));
    assert_false(a->has_bio);
    assert_false(a->has_avatar);
    qrun_author_free(a);
}

static void test_exec_kinds(void **state)
{
    (void)state;
    OK(qrun_bump_views(g_conn, 2));
    int64_t n = -1;
    OK(qrun_set_status(&n, g_conn, QRUN_STATUS_GONE, 1));
    assert_int_equal(n, 2);
    OK(qrun_set_status(&n, g_conn, QRUN_STATUS_GONE, 77));
    assert_int_equal(n, 0);
    qrun_post_stats_row_list l = {0};
    OK(qrun_post_stats(&l, g_conn, 2));
    assert_int_equal(l.items[0].views, 11);
    qrun_post_stats_row_list_free(&l);

    sc_exec_result r = {-1, -1};
    OK(qrun_delete_comments(&r, g_conn, 3));
    assert_int_equal(r.rows_affected, 1);
    assert_int_equal(r.last_insert_id, is_pg() ? 0 : r.last_insert_id);

    int64_t id = 0;
    if (is_pg()) {
        /* SQLite's own syntax: on PostgreSQL the function refuses, with the reason. */
        assert_int_equal(qrun_add_comment(&id, g_conn, 3, "x"), SC_EINVAL);
        assert_non_null(strstr(sc_conn_error(g_conn)->message, "SQLite only"));
    } else {
        OK(qrun_add_comment(&id, g_conn, 3, "lastid"));
        assert_int_equal(id, 4);
    }
}

static void test_copyfrom(void **state)
{
    (void)state;
    /* Text COPY's escaping must carry: tabs, newlines, backslashes, \N, a lone \. line. */
    qrun_copy_comments_params rows[] = {
        {2, "plain", true, 1},
        {2, "tab\there\nnew line\\back\\N \\.\r\n", false, 0},
        {2, "\\.", true, 3},
    };
    int64_t n = 0;
    OK(qrun_copy_comments(&n, g_conn, rows, 3));
    assert_int_equal(n, 3);
    qrun_comments_of_post_row_list l = {0};
    OK(qrun_comments_of_post(&l, g_conn, 2));
    assert_int_equal(l.count, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(l.items[i].body, rows[i].body);
        assert_int_equal(l.items[i].has_author_id, rows[i].has_author_id);
        if (rows[i].has_author_id)
            assert_int_equal(l.items[i].author_id, rows[i].author_id);
    }
    qrun_comments_of_post_row_list_free(&l);
    /* All or nothing: a row breaking a foreign key stores none. */
    qrun_copy_comments_params bad[] = {{2, "kept?", false, 0}, {999, "no such post", false, 0}};
    assert_int_equal(qrun_copy_comments(&n, g_conn, bad, 2), SC_EFOREIGNKEY);
    /* the failure is still the connection's after the batch's rollback */
    assert_int_equal(sc_conn_error(g_conn)->code, SC_EFOREIGNKEY);
    assert_true(sc_conn_error(g_conn)->message[0] != '\0');
    OK(qrun_comments_of_post(&l, g_conn, 2));
    assert_int_equal(l.count, 3);
    qrun_comments_of_post_row_list_free(&l);
    OK(qrun_copy_comments(&n, g_conn, NULL, 0));
    assert_int_equal(n, 0);
    /* Many rows: several multi-row INSERTs on SQLite, chunks on PostgreSQL. */
    enum { MANY = 2500 };
    qrun_copy_comments_params *many = calloc(MANY, sizeof *many);
    char(*bodies)[16] = calloc(MANY, sizeof *bodies);
    assert_non_null(many);
    for (int i = 0; i < MANY; i++) {
        snprintf(bodies[i], sizeof bodies[i], "c%d", i);
        many[i].post_id = 3;
        many[i].body = bodies[i];
    }
    OK(qrun_copy_comments(&n, g_conn, many, MANY));
    assert_int_equal(n, MANY);
    OK(qrun_comments_of_post(&l, g_conn, 3));
    assert_int_equal(l.count, MANY + (is_pg() ? 0 : 1));
    assert_string_equal(l.items[l.count - 1].body, "c2499");
    qrun_comments_of_post_row_list_free(&l);
    free(many);
    free(bodies);
    /* Inside the caller's transaction: a savepoint on both engines. */
    OK(sc_tx_begin(g_conn, SC_TX_DEFAULT));
    OK(qrun_copy_comments(&n, g_conn, rows, 1));
    OK(sc_tx_rollback(g_conn));
    OK(qrun_comments_of_post(&l, g_conn, 2));
    assert_int_equal(l.count, 3);
    qrun_comments_of_post_row_list_free(&l);
    /* a failing one undoes itself alone: the caller's transaction goes on and commits what came before and after */
    OK(sc_tx_begin(g_conn, SC_TX_DEFAULT));
    OK(qrun_copy_comments(&n, g_conn, rows, 1));
    assert_int_equal(qrun_copy_comments(&n, g_conn, bad, 2), SC_EFOREIGNKEY);
    assert_int_equal(sc_conn_error(g_conn)->code, SC_EFOREIGNKEY);
    OK(qrun_copy_comments(&n, g_conn, rows + 2, 1));
    OK(sc_tx_commit(g_conn));
    OK(qrun_comments_of_post(&l, g_conn, 2));
    assert_int_equal(l.count, 5);
    for (size_t i = 0; i < l.count; i++)
        assert_string_not_equal(l.items[i].body, "kept?");
    qrun_comments_of_post_row_list_free(&l);
    /* inside a savepoint of the caller's own: that level stays, and commits */
    OK(sc_tx_begin(g_conn, SC_TX_DEFAULT));
    OK(sc_tx_begin(g_conn, SC_TX_DEFAULT));
    assert_int_equal(qrun_copy_comments(&n, g_conn, bad, 2), SC_EFOREIGNKEY);
    OK(qrun_copy_comments(&n, g_conn, rows, 1));
    OK(sc_tx_commit(g_conn));
    OK(sc_tx_commit(g_conn));
    OK(qrun_comments_of_post(&l, g_conn, 2));
    assert_int_equal(l.count, 6);
    qrun_comments_of_post_row_list_free(&l);
    /* and a batch of many rows (COPY on PostgreSQL) the same way */
    OK(sc_tx_begin(g_conn, SC_TX_DEFAULT));
    qrun_copy_comments_params *more = calloc(MANY, sizeof *more);
    assert_non_null(more);
    for (int i = 0; i < MANY; i++) {
        more[i].post_id = i == MANY / 2 ? 999 : 2;
        more[i].body = "bulk";
    }
    assert_int_equal(qrun_copy_comments(&n, g_conn, more, MANY), SC_EFOREIGNKEY);
    free(more);
    OK(qrun_comments_of_post(&l, g_conn, 2));
    assert_int_equal(l.count, 6);
    qrun_comments_of_post_row_list_free(&l);
    OK(sc_tx_commit(g_conn));
}

static void test_batches(void **state)
{
    (void)state;
    qrun_add_views_params add[] = {{100, 1}, {1000, 3}};
    OK(qrun_add_views(g_conn, add, 2));
    qrun_post_titles_params ids[] = {{3}, {1}};
    qrun_post_titles_row_list t = {0};
    OK(qrun_post_titles(&t, g_conn, ids, 2));
    assert_int_equal(t.count, 2);
    assert_int_equal(t.items[0].id, 3);
    assert_string_equal(t.items[0].title, "Bye");
    assert_string_equal(t.items[1].title, "Hello world");
    qrun_post_titles_row_list_free(&t);
    qrun_post_titles_params missing[] = {{1}, {404}};
    assert_int_equal(qrun_post_titles(&t, g_conn, missing, 2), SC_ENOTFOUND);
    assert_null(t.items);

    qrun_comments_of_params of[] = {{1}, {404}, {1}};
    qrun_comments_of_row_list c = {0};
    size_t counts[3] = {9, 9, 9};
    OK(qrun_comments_of(&c, counts, g_conn, of, 3));
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 0);
    assert_int_equal(counts[2], 2);
    assert_int_equal(c.count, 4);
    assert_string_equal(c.items[0].body, "nice");
    assert_int_equal(c.items[0].author_id, 2);
    assert_false(c.items[1].has_author_id);
    assert_string_equal(c.items[3].body, "anon");
    qrun_comments_of_row_list_free(&c);

    /* All or nothing: the second item breaks a foreign key, the first is undone. */
    qrun_move_posts_params boom[] = {{3, 2}, {999, 3}};
    assert_int_equal(qrun_move_posts(g_conn, boom, 2), SC_EFOREIGNKEY);
    assert_int_equal(sc_conn_error(g_conn)->code, SC_EFOREIGNKEY);
    assert_true(sc_conn_error(g_conn)->message[0] != '\0');
    qrun_author *a = NULL;
    qrun_posts_with_authors_row_list l = {0};
    OK(qrun_posts_with_authors(&l, g_conn));
    assert_int_equal(l.items[1].post.author_id, 1);
    qrun_posts_with_authors_row_list_free(&l);
    (void)a;
    /* Inside the caller's transaction a failed batch rolls back its savepoint only (SQLite, PostgreSQL alike). */
    OK(sc_tx_begin(g_conn, SC_TX_DEFAULT));
    OK(qrun_bump_views(g_conn, 1));
    assert_int_equal(qrun_move_posts(g_conn, boom, 2), SC_EFOREIGNKEY);
    OK(sc_tx_commit(g_conn));
    OK(qrun_add_views(g_conn, NULL, 0));
}

/* ---------------------------------------------------------------- PostgreSQL lists */

/* A caller's NULL where the function needs a pointer: SC_EINVAL with a message, never a crash; nothing runs. */
static void test_null_arguments(void **state)
{
    (void)state;
    int32_t ids[] = {1, 2};
    assert_int_equal(qrun_posts_in_slice(NULL, g_conn, ids, 2), SC_EINVAL);
    assert_non_null(strstr(sc_conn_error(g_conn)->message, "out pointer is NULL"));
    qrun_posts_in_slice_row_list l = {0};
    assert_int_equal(qrun_posts_in_slice(&l, g_conn, NULL, 2), SC_EINVAL);
    assert_non_null(strstr(sc_conn_error(g_conn)->message, "NULL with a count"));
    assert_null(l.items);
    /* NULL with no items is an empty list */
    OK(qrun_posts_in_slice(&l, g_conn, NULL, 0));
    assert_int_equal(l.count, 0);
    qrun_posts_in_slice_row_list_free(&l);
    qrun_post_filter_row_list f = {0};
    assert_int_equal(qrun_post_filter(&f, g_conn, NULL), SC_EINVAL);
    assert_string_equal(sc_conn_error(g_conn)->message, "qrun_post_filter: params is NULL");
    qrun_post_titles_params one[] = {{1}};
    assert_int_equal(qrun_post_titles(NULL, g_conn, one, 1), SC_EINVAL);
    assert_non_null(strstr(sc_conn_error(g_conn)->message, "out pointer is NULL"));
    qrun_post_titles_row_list t = {0};
    assert_int_equal(qrun_post_titles(&t, g_conn, NULL, 3), SC_EINVAL);
    assert_non_null(strstr(sc_conn_error(g_conn)->message, "no items"));
    int64_t n = -1;
    assert_int_equal(qrun_copy_comments(&n, g_conn, NULL, 2), SC_EINVAL);
    assert_non_null(strstr(sc_conn_error(g_conn)->message, "no rows"));
    /* the connection is fine afterwards */
    OK(qrun_posts_in_slice(&l, g_conn, ids, 2));
    assert_int_equal(l.count, 2);
    qrun_posts_in_slice_row_list_free(&l);
}

static void test_pg_arrays(void **state)
{
    (void)state;
    if (!is_pg()) {
        /* A query checked for PostgreSQL only refuses SQLite, never sends it SQL. */
        qpg_docs_tagged_row_list l = {0};
        assert_int_equal(qpg_docs_tagged(&l, g_conn, "x"), SC_EINVAL);
        assert_non_null(strstr(sc_conn_error(g_conn)->message, "PostgreSQL only"));
        return;
    }
    char *tags[] = {"a", "b,\"c\"", NULL, "{x}"};
    int32_t scores[] = {3, 1, 2};
    qpg_color colors[] = {QPG_COLOR_BLUE, QPG_COLOR_RED};
    qpg_create_doc_params p = {"one", tags, 4, scores, 3, colors, 2};
    qpg_create_doc_row *c = NULL;
    OK(qpg_create_doc(&c, g_conn, &p));
    assert_int_equal(c->tags_count, 4);
    assert_string_equal(c->tags[1], "b,\"c\"");
    assert_null(c->tags[2]);
    assert_string_equal(c->tags[3], "{x}");
    assert_int_equal(c->colors_count, 2);
    assert_int_equal(c->colors[0], QPG_COLOR_BLUE);
    int32_t id = c->id;
    qpg_create_doc_row_free(c);

    qpg_doc *d = NULL;
    OK(qpg_doc_by_id(&d, g_conn, id));
    assert_string_equal(d->title, "one");
    assert_int_equal(d->scores_count, 3);
    assert_int_equal(d->scores[2], 2);
    assert_int_equal(d->colors[1], QPG_COLOR_RED);
    qpg_doc_free(d);

    /* COPY with array values and text that needs escaping twice (array literal, then COPY). */
    char *t2[] = {"tab\there", "back\\slash", "new\nline"};
    int32_t s2[] = {7};
    qpg_copy_docs_params rows[] = {{"two", t2, 3, s2, 1, NULL, 0}, {"three\\N", NULL, 0, NULL, 0, colors, 1}};
    int64_t n = 0;
    OK(qpg_copy_docs(&n, g_conn, rows, 2));
    assert_int_equal(n, 2);

    qpg_docs_tagged_row_list l = {0};
    OK(qpg_docs_tagged(&l, g_conn, "back\\slash"));
    assert_int_equal(l.count, 1);
    assert_int_equal(l.items[0].tags_count, 3);
    assert_string_equal(l.items[0].tags[0], "tab\there");
    assert_string_equal(l.items[0].tags[2], "new\nline");
    assert_int_equal(l.items[0].scores[0], 7);
    qpg_docs_tagged_row_list_free(&l);

    qpg_doc_ids_row *ids = NULL;
    OK(qpg_doc_ids(&ids, g_conn, "t%"));
    assert_true(ids->has_ids);
    assert_int_equal(ids->ids_count, 2);
    qpg_doc_ids_row_free(ids);
    OK(qpg_doc_ids(&ids, g_conn, "nothing%"));
    assert_false(ids->has_ids); /* array_agg over no rows is NULL */
    assert_int_equal(ids->ids_count, 0);
    qpg_doc_ids_row_free(ids);

    int32_t want[] = {1, 7};
    qpg_docs_with_score_row_list w = {0};
    OK(qpg_docs_with_score(&w, g_conn, want, 2));
    assert_int_equal(w.count, 2);
    qpg_docs_with_score_row_list_free(&w);

    int32_t some[] = {id, 999};
    qpg_docs_by_ids_row_list b = {0};
    OK(qpg_docs_by_ids(&b, g_conn, some, 2));
    assert_int_equal(b.count, 1);
    assert_string_equal(b.items[0].title, "one");
    qpg_docs_by_ids_row_list_free(&b);

    qpg_doc_list all = {0};
    qpg_doc_list_free(&all);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: test_q_run sqlite|pg DDL [PG_ARRAYS_DDL]\n");
        return 2;
    }
    g_dialect = argv[1];
    g_ddl = argv[2];
    g_pg_ddl = argc > 3 ? argv[3] : NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_one),          cmocka_unit_test(test_embeds),
        cmocka_unit_test(test_outer_join),   cmocka_unit_test(test_value_kinds),
        cmocka_unit_test(test_aggregates),
        cmocka_unit_test(test_filters),      cmocka_unit_test(test_typedsql),
        cmocka_unit_test(test_returning_upsert),
        cmocka_unit_test(test_exec_kinds),   cmocka_unit_test(test_copyfrom),
        cmocka_unit_test(test_batches),      cmocka_unit_test(test_pg_arrays),
        cmocka_unit_test(test_null_where_none),
        cmocka_unit_test(test_null_arguments),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
