/*
 * test_cgen_db.c - the generated code of tests/cgen/schemas/itest.prisma
 * against a real database: every generated function, constraint
 * violations with their SC_E* code and constraint name, and hostile text
 * round-tripping verbatim.
 *
 *   test_cgen_db sqlite DDL_FILE   a fresh SQLite file under SCHEMAC_TEST_TMP
 *   test_cgen_db pg DDL_FILE       a fresh database in the test cluster
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

/* Text no SQL string building would survive: quotes, semicolons, keywords, comments, UTF-8. */
static const char evil[] = "Robert'); DROP TABLE \"Author\"; -- \\ \"quoted\" 'single' ?1 $1 %s\n\tSELECT * FROM x; /* c */ \xc3\xa9\xe2\x82\xac";

/* ---------------------------------------------------------------- setup */

static int open_sqlite(void)
{
    char url[1024];
    snprintf(url, sizeof url, "sqlite:%s/cgen_db_%ld.sqlite", testutil_tmp_dir(), (long)getpid());
    unlink(url + 7);
    return sc_conn_open(&g_conn, url, NULL, NULL);
}

/* A database of our own in the cluster, so parallel tests never meet. */
static int open_pg(void)
{
    char base[512];
    if (!testutil_pg_url(base, sizeof base))
        return -1;
    sc_conn *admin = NULL;
    if (sc_conn_open(&admin, base, NULL, NULL) != SC_OK)
        return -1;
    char name[64], sql[256];
    snprintf(name, sizeof name, "cgen_itest_%ld", (long)getpid());
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%s\"", name);
    sc_conn_exec(admin, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE \"%s\"", name);
    int rc = sc_conn_exec(admin, sql);
    sc_conn_close(admin);
    if (rc != SC_OK)
        return rc;
    /* The fixture URL ends in "/postgres": swap the database name. */
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
    if (rc != SC_OK) {
        fprintf(stderr, "cannot open the %s database (%d)\n", g_dialect, rc);
        return -1;
    }
    char *ddl = testutil_read_file(g_ddl, NULL);
    if (!ddl)
        return -1;
    rc = sc_conn_exec(g_conn, ddl);
    free(ddl);
    if (rc != SC_OK) {
        fprintf(stderr, "DDL failed: %s\n", sc_conn_error(g_conn)->message);
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

static bool is_pg(void)
{
    return sc_conn_dialect(g_conn) == SC_DIALECT_POSTGRES;
}

static itest_author *make_author(const char *email, const char *name)
{
    itest_author a;
    itest_author_init(&a);
    a.email = (char *)email;
    a.name = (char *)name;
    itest_author *out = NULL;
    int rc = itest_author_create(&out, g_conn, &a);
    if (rc != SC_OK)
        fprintf(stderr, "create author: %d %s\n", rc, sc_conn_error(g_conn)->message);
    assert_int_equal(rc, SC_OK);
    return out;
}

static itest_article *make_article(const char *slug, const char *title, int32_t author)
{
    itest_article a;
    itest_article_init(&a);
    a.slug = (char *)slug;
    a.title = (char *)title;
    a.author_id = author;
    itest_article *out = NULL;
    int rc = itest_article_create(&out, g_conn, &a);
    if (rc != SC_OK)
        fprintf(stderr, "create article: %d %s\n", rc, sc_conn_error(g_conn)->message);
    assert_int_equal(rc, SC_OK);
    return out;
}

/* ---------------------------------------------------------------- tests */

static void test_create_and_find(void **state)
{
    (void)state;
    static const uint8_t avatar[] = {0, 1, 2, 0xff, 0, 'x'};
    itest_author a;
    itest_author_init(&a);
    assert_true(a.rating == 0.5 && a.active && a.kind == ITEST_KIND_PLAIN); /* literal defaults from _init */
    a.email = "ada@example.com";
    a.name = (char *)evil;
    a.kind = ITEST_KIND_FANCY;
    a.has_bio = true;
    a.bio = (char *)evil;
    a.has_avatar = true;
    a.avatar = (uint8_t *)avatar;
    a.avatar_len = sizeof avatar;
    a.karma = INT64_C(9007199254740993);
    a.balance = "12.5";
    sc_timestamp before = sc_timestamp_now();

    itest_author *c = NULL;
    int rc = itest_author_create(&c, g_conn, &a);
    if (rc != SC_OK)
        fprintf(stderr, "create: %s\n", sc_conn_error(g_conn)->message);
    assert_int_equal(rc, SC_OK);
    assert_true(c->id > 0);
    assert_string_equal(c->name, evil);
    assert_string_equal(c->bio, evil);
    assert_int_equal(c->kind, ITEST_KIND_FANCY);
    assert_true(c->has_avatar);
    assert_int_equal(c->avatar_len, sizeof avatar);
    assert_memory_equal(c->avatar, avatar, sizeof avatar);
    assert_true(c->karma == INT64_C(9007199254740993));
    assert_true(strtod(c->balance, NULL) == 12.5);
    /* now() and @updatedAt come from the client clock (SQLite keeps milliseconds). */
    assert_true(c->joined >= before - 1000 && c->updated_at >= before - 1000);

    itest_author *f = NULL;
    assert_int_equal(itest_author_find_by_id(&f, g_conn, c->id), SC_OK);
    assert_string_equal(f->email, "ada@example.com");
    assert_string_equal(f->name, evil);
    assert_memory_equal(f->avatar, avatar, sizeof avatar);
    assert_true(f->joined == c->joined);
    itest_author_free(f);
    f = NULL;
    assert_int_equal(itest_author_find_by_email(&f, g_conn, "ada@example.com"), SC_OK);
    assert_int_equal(f->id, c->id);
    itest_author_free(f);
    f = NULL;
    assert_int_equal(itest_author_find_by_name_kind(&f, g_conn, evil, ITEST_KIND_FANCY), SC_OK);
    assert_int_equal(f->id, c->id);
    itest_author_free(f);
    f = NULL;
    assert_int_equal(itest_author_find_by_name_kind(&f, g_conn, evil, ITEST_KIND_PLAIN), SC_ENOTFOUND);
    assert_null(f);
    assert_int_equal(itest_author_find_by_email(&f, g_conn, "nobody"), SC_ENOTFOUND);
    /* The hostile name did not hurt the table. */
    int64_t n = 0;
    assert_int_equal(itest_author_count(&n, g_conn), SC_OK);
    assert_true(n >= 1);
    assert_int_equal(itest_author_delete(g_conn, c->id), SC_OK);
    assert_int_equal(itest_author_delete(g_conn, c->id), SC_ENOTFOUND);
    itest_author_free(c);
}

static void test_nullable_and_defaults(void **state)
{
    (void)state;
    itest_author *c = make_author("nulls@example.com", "nulls");
    assert_false(c->has_bio);
    assert_false(c->has_avatar);
    assert_true(strtod(c->balance, NULL) == 0.0); /* database default through COALESCE */
    assert_true(c->active);
    assert_int_equal(itest_author_delete(g_conn, c->id), SC_OK);
    itest_author_free(c);
}

static void test_constraint_violations(void **state)
{
    (void)state;
    itest_author *a = make_author("dup@example.com", "dup");
    itest_author b;
    itest_author_init(&b);
    b.email = "dup@example.com";
    b.name = "other";
    itest_author *out = NULL;
    assert_int_equal(itest_author_create(&out, g_conn, &b), SC_EUNIQUE);
    assert_null(out);
    assert_int_equal(sc_conn_error(g_conn)->code, SC_EUNIQUE);
    assert_string_equal(sc_conn_error(g_conn)->constraint, "Author_email_key");

    /* Compound unique. */
    b.email = "dup2@example.com";
    b.name = "dup";
    assert_int_equal(itest_author_create(NULL, g_conn, &b), SC_EUNIQUE);
    assert_string_equal(sc_conn_error(g_conn)->constraint, "Author_name_kind_key");

    /* NOT NULL: a required text left NULL. */
    b.email = "dup3@example.com";
    b.name = NULL;
    assert_int_equal(itest_author_create(NULL, g_conn, &b), SC_ENOTNULL);

    /* CHECK, with its name. */
    itest_article art;
    itest_article_init(&art);
    art.slug = "empty-title";
    art.title = "";
    art.author_id = a->id;
    assert_int_equal(itest_article_create(NULL, g_conn, &art), SC_ECHECK);
    assert_string_equal(sc_conn_error(g_conn)->constraint, "Article_title_check");

    /* Foreign key. */
    art.title = "orphan";
    art.author_id = 999999;
    assert_int_equal(itest_article_create(NULL, g_conn, &art), SC_EFOREIGNKEY);
    if (is_pg())
        assert_string_equal(sc_conn_error(g_conn)->constraint, "Article_authorId_fkey");

    /* Enum out of range never reaches the database. */
    b.name = "x";
    b.kind = (itest_kind)42;
    assert_int_equal(itest_author_create(NULL, g_conn, &b), SC_EINVAL);

    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    itest_author_free(a);
}

static void test_update(void **state)
{
    (void)state;
    itest_author *a = make_author("upd@example.com", "before");
    itest_author row = *a;
    row.name = (char *)evil;
    row.has_bio = true;
    row.bio = "bio; DELETE FROM \"Author\";";
    itest_author *u = NULL;
    assert_int_equal(itest_author_update(&u, g_conn, &row), SC_OK);
    assert_string_equal(u->name, evil);
    assert_string_equal(u->bio, "bio; DELETE FROM \"Author\";");
    assert_true(u->updated_at >= a->updated_at);
    itest_author_free(u);
    u = NULL;

    /* Partial: only the masked field is written. */
    row.name = "ignored";
    row.has_bio = false;
    assert_int_equal(itest_author_update_fields(&u, g_conn, &row, ITEST_AUTHOR_F_BIO), SC_OK);
    assert_string_equal(u->name, evil);
    assert_false(u->has_bio);
    itest_author_free(u);
    u = NULL;
    row.name = "renamed";
    assert_int_equal(itest_author_update_fields(&u, g_conn, &row, ITEST_AUTHOR_F_NAME | ITEST_AUTHOR_F_KARMA), SC_OK);
    assert_string_equal(u->name, "renamed");
    itest_author_free(u);
    u = NULL;

    /* Unknown key. */
    row.id = 999999;
    assert_int_equal(itest_author_update(&u, g_conn, &row), SC_ENOTFOUND);
    assert_int_equal(itest_author_update_fields(&u, g_conn, &row, ITEST_AUTHOR_F_NAME), SC_ENOTFOUND);
    assert_null(u);
    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    itest_author_free(a);
}

static void test_version_and_soft_delete(void **state)
{
    (void)state;
    itest_author *a = make_author("ver@example.com", "ver");
    itest_article *p = make_article("ver-post", "Versioned", a->id);
    assert_int_equal(p->version, 1);
    assert_int_equal(strlen(p->id), 36); /* client-side uuid */

    itest_article row = *p;
    row.title = "Second";
    itest_article *u = NULL;
    assert_int_equal(itest_article_update(&u, g_conn, &row), SC_OK);
    assert_int_equal(u->version, 2);
    assert_string_equal(u->title, "Second");
    itest_article_free(u);
    u = NULL;

    /* Stale version: SC_ECONFLICT, nothing written. */
    row.title = "Lost";
    assert_int_equal(itest_article_update(&u, g_conn, &row), SC_ECONFLICT);
    assert_null(u);
    assert_int_equal(itest_article_update_fields(&u, g_conn, &row, ITEST_ARTICLE_F_TITLE), SC_ECONFLICT);
    assert_int_equal(itest_article_delete(g_conn, p->id, 1), SC_ECONFLICT);
    assert_int_equal(sc_conn_error(g_conn)->code, SC_ECONFLICT);
    /* A row that does not exist is SC_ENOTFOUND, not a conflict. */
    itest_article ghost = row;
    ghost.id = "00000000-0000-4000-8000-000000000000";
    assert_int_equal(itest_article_update(&u, g_conn, &ghost), SC_ENOTFOUND);
    assert_null(u);
    assert_int_equal(itest_article_update_fields(&u, g_conn, &ghost, ITEST_ARTICLE_F_TITLE), SC_ENOTFOUND);
    assert_int_equal(itest_article_delete(g_conn, ghost.id, 1), SC_ENOTFOUND);
    assert_int_equal(sc_conn_error(g_conn)->code, SC_ENOTFOUND);
    itest_article *f = NULL;
    assert_int_equal(itest_article_find_by_id(&f, g_conn, p->id), SC_OK);
    assert_string_equal(f->title, "Second");
    itest_article_free(f);
    f = NULL;

    /* Partial update with the current version also bumps it. */
    row.version = 2;
    row.title = "Third";
    assert_int_equal(itest_article_update_fields(&u, g_conn, &row, ITEST_ARTICLE_F_TITLE), SC_OK);
    assert_int_equal(u->version, 3);
    itest_article_free(u);
    u = NULL;

    /* Soft delete: reads skip the row; restore brings it back; purge removes it. */
    int64_t before = 0, after = 0;
    assert_int_equal(itest_article_count(&before, g_conn), SC_OK);
    assert_int_equal(itest_article_delete(g_conn, p->id, 3), SC_OK);
    /* deleted already (soft): gone for a versioned write too */
    assert_int_equal(itest_article_delete(g_conn, p->id, 4), SC_ENOTFOUND);
    assert_int_equal(itest_article_find_by_id(&f, g_conn, p->id), SC_ENOTFOUND);
    assert_int_equal(itest_article_find_by_slug(&f, g_conn, "ver-post"), SC_ENOTFOUND);
    assert_int_equal(itest_article_count(&after, g_conn), SC_OK);
    assert_true(after == before - 1);
    itest_article_list list = {NULL, 0};
    assert_int_equal(itest_article_list_by_author_id(&list, g_conn, a->id), SC_OK);
    assert_int_equal(list.count, 0);
    itest_article_list_free(&list);
    /* count_by_<fk> leaves soft-deleted rows out, as list_by does */
    int64_t n_author = -1;
    assert_int_equal(itest_article_count_by_author_id(&n_author, g_conn, a->id), SC_OK);
    assert_int_equal(n_author, 0);
    /* History: the _with_deleted forms still see it, its deletion time set */
    assert_int_equal(itest_article_find_by_id_with_deleted(&f, g_conn, p->id), SC_OK);
    assert_true(f->has_deleted_at);
    assert_string_equal(f->title, "Third");
    itest_article_free(f);
    f = NULL;
    assert_int_equal(itest_article_find_by_id_with_deleted(&f, g_conn, "00000000-0000-4000-8000-000000000000"), SC_ENOTFOUND);
    assert_int_equal(itest_author_load_articles(g_conn, a, 1), SC_OK);
    assert_int_equal(a->articles_count, 0);
    assert_int_equal(itest_author_load_articles_with_deleted(g_conn, a, 1), SC_OK);
    assert_int_equal(a->articles_count, 1);
    assert_string_equal(a->articles[0].id, p->id);
    assert_true(a->articles[0].has_deleted_at);
    assert_int_equal(itest_author_load_articles(g_conn, a, 1), SC_OK);
    assert_int_equal(a->articles_count, 0);
    assert_int_equal(itest_article_list_by_author_id_with_deleted(&list, g_conn, a->id), SC_OK);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].id, p->id);
    assert_true(list.items[0].has_deleted_at);
    itest_article_list_free(&list);
    assert_int_equal(itest_article_list_by_author_id_with_deleted(&list, g_conn, -42), SC_OK);
    assert_int_equal(list.count, 0);
    /* pages: the live ones skip it; _with_deleted walks past it, one row a page, both ways */
    for (int desc = 0; desc < 2; desc++) {
        for (int with = 0; with < 2; with++) {
            int seen = 0, pages = 0;
            itest_article *cursor = NULL;
            for (;;) {
                itest_article_list page = {0};
                int rc = with ? itest_article_list_page_with_deleted(&page, g_conn, cursor, 1, desc)
                              : itest_article_list_page(&page, g_conn, cursor, 1, desc);
                assert_int_equal(rc, SC_OK);
                itest_article_free(cursor);
                cursor = NULL;
                if (page.count == 0)
                    break;
                assert_int_equal(page.count, 1);
                pages++;
                seen += strcmp(page.items[0].id, p->id) == 0;
                /* the cursor: this page's row, kept beyond the list */
                assert_int_equal(itest_article_find_by_id_with_deleted(&cursor, g_conn, page.items[0].id), SC_OK);
                itest_article_list_free(&page);
            }
            assert_int_equal(seen, with);
            assert_true(pages >= with);
        }
    }
    assert_int_equal(itest_article_restore(g_conn, p->id), SC_OK);
    assert_int_equal(itest_article_count_by_author_id(&n_author, g_conn, a->id), SC_OK);
    assert_int_equal(n_author, 1);
    assert_int_equal(itest_article_restore(g_conn, p->id), SC_ENOTFOUND);
    assert_int_equal(itest_article_find_by_id(&f, g_conn, p->id), SC_OK);
    assert_false(f->has_deleted_at);
    itest_article_free(f);
    f = NULL;
    assert_int_equal(itest_article_purge(g_conn, p->id), SC_OK);
    assert_int_equal(itest_article_purge(g_conn, p->id), SC_ENOTFOUND);
    assert_int_equal(itest_article_restore(g_conn, p->id), SC_ENOTFOUND);

    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    itest_article_free(p);
    itest_author_free(a);
}

static void test_lists_and_pages(void **state)
{
    (void)state;
    itest_author *a = make_author("list@example.com", "list");
    itest_author *b = make_author("list2@example.com", "list2");
    const char *titles[] = {"b", "a", "c", "a"};
    for (int i = 0; i < 4; i++) {
        char slug[32];
        snprintf(slug, sizeof slug, "list-%d", i);
        itest_article_free(make_article(slug, titles[i], i == 3 ? b->id : a->id));
    }
    /* A page scoped to one author (list_page_of_): another author's rows never appear, in the
     * index's order (title, then id) or by primary key, pages of 1 and 2, both directions. */
    for (int desc = 0; desc < 2; desc++) {
        const char *want = desc ? "cba" : "abc";
        char seen[8] = "";
        size_t n = 0;
        itest_article cursor;
        itest_article_init(&cursor);
        char cid[64], ctitle[64];
        const itest_article *after = NULL;
        for (;;) {
            itest_article_list page = {NULL, 0};
            assert_int_equal(itest_article_list_page_of_author_id_by_title(&page, g_conn, a->id, after, 1, desc), SC_OK);
            if (!page.count)
                break;
            assert_int_equal(page.count, 1);
            assert_int_equal(page.items[0].author_id, a->id);
            assert_true(n < 3);
            seen[n++] = page.items[0].title[0];
            snprintf(cid, sizeof cid, "%s", page.items[0].id);
            snprintf(ctitle, sizeof ctitle, "%s", page.items[0].title);
            cursor.id = cid;
            cursor.title = ctitle;
            after = &cursor;
            itest_article_list_free(&page);
        }
        assert_string_equal(seen, want);
        char last[64] = "";
        n = 0;
        after = NULL;
        for (;;) {
            itest_article_list page = {NULL, 0};
            assert_int_equal(itest_article_list_page_of_author_id(&page, g_conn, a->id, after, 2, desc), SC_OK);
            if (!page.count)
                break;
            for (size_t i = 0; i < page.count; i++, n++) {
                assert_int_equal(page.items[i].author_id, a->id);
                if (*last)
                    assert_true(desc ? strcmp(page.items[i].id, last) < 0 : strcmp(page.items[i].id, last) > 0);
                snprintf(last, sizeof last, "%s", page.items[i].id);
            }
            snprintf(cid, sizeof cid, "%s", last);
            cursor.id = cid;
            after = &cursor;
            itest_article_list_free(&page);
        }
        assert_int_equal(n, 3);
    }
    itest_article_list list = {NULL, 0};
    assert_int_equal(itest_article_list_by_author_id(&list, g_conn, a->id), SC_OK);
    assert_int_equal(list.count, 3);
    itest_article_list_free(&list);
    /* count_by_<fk>: one parent's rows only, counted by the database; none for a parent without rows */
    int64_t na = -1, nb = -1, nz = -1;
    assert_int_equal(itest_article_count_by_author_id(&na, g_conn, a->id), SC_OK);
    assert_int_equal(itest_article_count_by_author_id(&nb, g_conn, b->id), SC_OK);
    assert_int_equal(itest_article_count_by_author_id(&nz, g_conn, -42), SC_OK);
    assert_int_equal(na, 3);
    assert_int_equal(nb, 1);
    assert_int_equal(nz, 0);
    assert_int_equal(list.count, 0);
    assert_int_equal(itest_article_list_by_author_id_title(&list, g_conn, a->id, "a"), SC_OK);
    assert_int_equal(list.count, 1);
    assert_string_equal(list.items[0].slug, "list-1");
    itest_article_list_free(&list);

    /* Keyset pages of 2 over 5 labels, both directions. */
    int32_t ids[5];
    for (int i = 0; i < 5; i++) {
        itest_label l;
        itest_label_init(&l);
        char name[32];
        snprintf(name, sizeof name, "page-%d", i);
        l.name = name;
        itest_label *out = NULL;
        assert_int_equal(itest_label_create(&out, g_conn, &l), SC_OK);
        ids[i] = out->id;
        itest_label_free(out);
    }
    itest_label_list page = {NULL, 0};
    itest_label cursor;
    int seen = 0;
    const itest_label *after = NULL;
    for (;;) {
        assert_int_equal(itest_label_list_page(&page, g_conn, after, 2, false), SC_OK);
        if (page.count == 0)
            break;
        for (size_t i = 0; i < page.count; i++)
            if (page.items[i].id >= ids[0])
                assert_int_equal(page.items[i].id, ids[seen++]);
        cursor.id = page.items[page.count - 1].id;
        after = &cursor;
        itest_label_list_free(&page);
    }
    assert_int_equal(seen, 5);
    assert_int_equal(itest_label_list_page(&page, g_conn, NULL, 2, true), SC_OK);
    assert_int_equal(page.count, 2);
    assert_int_equal(page.items[0].id, ids[4]);
    assert_int_equal(page.items[1].id, ids[3]);
    cursor.id = ids[3];
    itest_label_list_free(&page);
    assert_int_equal(itest_label_list_page(&page, g_conn, &cursor, 1, true), SC_OK);
    assert_int_equal(page.count, 1);
    assert_int_equal(page.items[0].id, ids[2]);
    itest_label_list_free(&page);

    /* A soft-deleted row leaves the scoped pages. */
    assert_int_equal(itest_article_list_page_of_author_id_by_title(&list, g_conn, a->id, NULL, 10, false), SC_OK);
    assert_int_equal(list.count, 3);
    assert_int_equal(itest_article_delete(g_conn, list.items[0].id, list.items[0].version), SC_OK);
    itest_article_list_free(&list);
    assert_int_equal(itest_article_list_page_of_author_id_by_title(&list, g_conn, a->id, NULL, 10, false), SC_OK);
    assert_int_equal(list.count, 2);
    assert_string_equal(list.items[0].title, "b");
    itest_article_list_free(&list);

    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    assert_int_equal(itest_author_delete(g_conn, b->id), SC_OK);
    itest_author_free(a);
    itest_author_free(b);
}

static void test_loaders_and_links(void **state)
{
    (void)state;
    itest_author *a = make_author("load@example.com", "load");
    itest_author *b = make_author("load2@example.com", "load2");
    itest_article *p1 = make_article("load-1", "one", a->id);
    itest_article *p2 = make_article("load-2", "two", b->id);
    itest_article *p3 = make_article("load-3", "three", a->id);
    itest_label l;
    itest_label_init(&l);
    l.name = "x\"y'z;";
    itest_label *lx = NULL;
    assert_int_equal(itest_label_create(&lx, g_conn, &l), SC_OK);
    l.name = "plain";
    itest_label *lp = NULL;
    assert_int_equal(itest_label_create(&lp, g_conn, &l), SC_OK);

    assert_int_equal(itest_article_link_labels(g_conn, p1->id, lx->id), SC_OK);
    assert_int_equal(itest_article_link_labels(g_conn, p1->id, lp->id), SC_OK);
    assert_int_equal(itest_article_link_labels(g_conn, p2->id, lp->id), SC_OK);
    /* The join table's key: SQLite says primary key, PostgreSQL a unique violation of the key index. */
    int dup = itest_article_link_labels(g_conn, p2->id, lp->id);
    assert_true(dup == SC_EPRIMARYKEY || dup == SC_EUNIQUE);

    itest_article_list list = {NULL, 0};
    assert_int_equal(itest_article_list_page(&list, g_conn, NULL, 1000, false), SC_OK);
    /* Articles to author: one query for all rows. */
    assert_int_equal(itest_article_load_author(g_conn, list.items, list.count), SC_OK);
    assert_int_equal(itest_article_load_labels(g_conn, list.items, list.count), SC_OK);
    int checked = 0;
    for (size_t i = 0; i < list.count; i++) {
        itest_article *r = &list.items[i];
        assert_non_null(r->author);
        assert_int_equal(r->author->id, r->author_id);
        if (strcmp(r->id, p1->id) == 0) {
            assert_int_equal(r->labels_count, 2);
            assert_string_equal(r->labels[0].name, "x\"y'z;");
            assert_string_equal(r->labels[1].name, "plain");
            checked++;
        } else if (strcmp(r->id, p2->id) == 0) {
            assert_int_equal(r->labels_count, 1);
            checked++;
        } else if (strcmp(r->id, p3->id) == 0) {
            assert_int_equal(r->labels_count, 0);
            checked++;
        }
    }
    assert_int_equal(checked, 3);
    /* Loading again replaces, never leaks or doubles. */
    assert_int_equal(itest_article_load_labels(g_conn, list.items, list.count), SC_OK);
    itest_article_list_free(&list);

    /* Author to articles, the same author twice in the batch: each row gets its own copies. */
    itest_author_list authors = {calloc(3, sizeof(itest_author)), 3};
    assert_non_null(authors.items);
    const itest_author *src[3] = {a, b, a};
    for (int i = 0; i < 3; i++) {
        authors.items[i].id = src[i]->id;
        authors.items[i].email = strdup(src[i]->email);
    }
    assert_int_equal(itest_author_load_articles(g_conn, authors.items, 3), SC_OK);
    assert_int_equal(authors.items[0].articles_count, 2);
    assert_int_equal(authors.items[1].articles_count, 1);
    assert_int_equal(authors.items[2].articles_count, 2);
    assert_string_equal(authors.items[1].articles[0].slug, "load-2");
    assert_true(authors.items[0].articles != authors.items[2].articles);
    itest_author_list_free(&authors);

    /* Label to articles through the join table. */
    itest_label_list labels = {calloc(1, sizeof(itest_label)), 1};
    assert_non_null(labels.items);
    labels.items[0].id = lp->id;
    assert_int_equal(itest_label_load_articles(g_conn, labels.items, 1), SC_OK);
    assert_int_equal(labels.items[0].articles_count, 2);
    itest_label_list_free(&labels);

    assert_int_equal(itest_article_unlink_labels(g_conn, p1->id, lx->id), SC_OK);
    assert_int_equal(itest_article_unlink_labels(g_conn, p1->id, lx->id), SC_ENOTFOUND);

    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    assert_int_equal(itest_author_delete(g_conn, b->id), SC_OK);
    itest_article_free(p1);
    itest_article_free(p2);
    itest_article_free(p3);
    itest_label_free(lx);
    itest_label_free(lp);
    itest_author_free(a);
    itest_author_free(b);
}

/*
 * Loaders over row pointers: articles spread over their authors' arrays
 * (nested loading: authors, their articles, the articles' labels and
 * authors) are loaded in one query each without copying them together.
 */
static void test_loaders_over_pointers(void **state)
{
    (void)state;
    itest_author *a = make_author("nest@example.com", "nest");
    itest_author *b = make_author("nest2@example.com", "nest2");
    itest_article *p1 = make_article("nest-1", "one", a->id);
    itest_article *p2 = make_article("nest-2", "two", b->id);
    itest_article *p3 = make_article("nest-3", "three", b->id);
    itest_label l;
    itest_label_init(&l);
    l.name = "nested";
    itest_label *lx = NULL;
    assert_int_equal(itest_label_create(&lx, g_conn, &l), SC_OK);
    assert_int_equal(itest_article_link_labels(g_conn, p2->id, lx->id), SC_OK);
    assert_int_equal(itest_article_link_labels(g_conn, p3->id, lx->id), SC_OK);

    itest_author_list authors = {calloc(2, sizeof(itest_author)), 2};
    assert_non_null(authors.items);
    authors.items[0].id = a->id;
    authors.items[1].id = b->id;
    assert_int_equal(itest_author_load_articles(g_conn, authors.items, 2), SC_OK);
    assert_int_equal(authors.items[0].articles_count, 1);
    assert_int_equal(authors.items[1].articles_count, 2);
    /* every article of every author, wherever its array is */
    itest_article *all[3];
    size_t n = 0;
    for (size_t i = 0; i < authors.count; i++)
        for (size_t j = 0; j < authors.items[i].articles_count; j++)
            all[n++] = &authors.items[i].articles[j];
    assert_int_equal(n, 3);
    assert_int_equal(itest_article_load_labels_ptrs(g_conn, all, n), SC_OK);
    assert_int_equal(itest_article_load_author_ptrs(g_conn, all, n), SC_OK);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(all[i]->author);
        assert_int_equal(all[i]->author->id, all[i]->author_id);
        bool labelled = strcmp(all[i]->slug, "nest-1") != 0;
        assert_int_equal(all[i]->labels_count, labelled ? 1 : 0);
        if (labelled)
            assert_string_equal(all[i]->labels[0].name, "nested");
    }
    /* loading again replaces what was loaded (valgrind: nothing leaks) */
    assert_int_equal(itest_article_load_labels_ptrs(g_conn, all, n), SC_OK);
    assert_int_equal(authors.items[1].articles[0].labels_count + authors.items[1].articles[1].labels_count, 2);
    /* the same row twice: fine for a single row, refused for an array (it would be handed two) */
    itest_article *twice[2] = {all[1], all[1]};
    assert_int_equal(itest_article_load_author_ptrs(g_conn, twice, 2), SC_OK);
    assert_non_null(all[1]->author);
    assert_int_equal(itest_article_load_labels_ptrs(g_conn, twice, 2), SC_EINVAL);
    assert_int_equal(all[1]->labels_count, 0);
    assert_null(all[1]->labels);
    /* a NULL pointer is refused before anything is run */
    itest_article *holes[2] = {all[0], NULL};
    assert_int_equal(itest_article_load_author_ptrs(g_conn, holes, 2), SC_EINVAL);
    assert_int_equal(itest_article_load_author_ptrs(g_conn, all, 0), SC_OK);
    itest_author_list_free(&authors);

    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    assert_int_equal(itest_author_delete(g_conn, b->id), SC_OK);
    assert_int_equal(itest_label_delete(g_conn, lx->id), SC_OK);
    itest_article_free(p1);
    itest_article_free(p2);
    itest_article_free(p3);
    itest_label_free(lx);
    itest_author_free(a);
    itest_author_free(b);
}

static void test_client_ids(void **state)
{
    (void)state;
    itest_token t;
    itest_token_init(&t);
    t.label = "ids";
    itest_token *o = NULL;
    assert_int_equal(itest_token_create(&o, g_conn, &t), SC_OK);
    assert_int_equal(strlen(o->code), 25);
    assert_int_equal(o->code[0], 'c');
    assert_int_equal(strlen(o->c2), 24);
    assert_int_equal(strlen(o->nano), 12);
    assert_int_equal(strlen(o->ulid), 26);
    assert_int_equal(strlen(o->v7), 36);
    assert_int_equal(o->v7[14], '7');
    /* A caller-given id wins over the generator. */
    t.code = "my-own-code";
    itest_token *o2 = NULL;
    assert_int_equal(itest_token_create(&o2, g_conn, &t), SC_OK);
    assert_string_equal(o2->code, "my-own-code");
    assert_string_not_equal(o2->nano, o->nano);
    itest_token *f = NULL;
    assert_int_equal(itest_token_find_by_code(&f, g_conn, o->code), SC_OK);
    assert_string_equal(f->ulid, o->ulid);
    itest_token_free(f);
    assert_int_equal(itest_token_delete(g_conn, o->code), SC_OK);
    assert_int_equal(itest_token_delete(g_conn, o2->code), SC_OK);
    itest_token_free(o);
    itest_token_free(o2);
}

static void test_create_many(void **state)
{
    (void)state;
    enum { N = 250 }; /* two full batches of 100 and 50 single rows */
    itest_label *rows = calloc(N, sizeof *rows);
    char (*names)[32] = calloc(N, sizeof *names);
    assert_non_null(rows);
    assert_non_null(names);
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "many-%d", i);
        itest_label_init(&rows[i]);
        rows[i].name = names[i];
    }
    int64_t before = 0, after = 0;
    assert_int_equal(itest_label_count(&before, g_conn), SC_OK);
    assert_int_equal(itest_label_create_many(g_conn, rows, N), SC_OK);
    assert_int_equal(itest_label_count(&after, g_conn), SC_OK);
    assert_true(after == before + N);
    itest_label *f = NULL;
    assert_int_equal(itest_label_find_by_name(&f, g_conn, "many-249"), SC_OK);
    itest_label_free(f);

    /* All or nothing: a duplicate in the second batch leaves no new row behind. */
    for (int i = 0; i < N; i++)
        snprintf(names[i], sizeof names[i], "again-%d", i);
    snprintf(names[150], sizeof names[150], "many-3");
    assert_int_equal(itest_label_create_many(g_conn, rows, N), SC_EUNIQUE);
    assert_int_equal(itest_label_count(&after, g_conn), SC_OK);
    assert_true(after == before + N);
    assert_int_equal(itest_label_find_by_name(&f, g_conn, "again-0"), SC_ENOTFOUND);
    assert_int_equal(itest_label_create_many(g_conn, rows, 0), SC_OK);

    /* Skipping duplicates: the same rows (a name already stored in the second batch, and one
     * repeated within the last single rows) store all but those two, and say how many. */
    snprintf(names[249], sizeof names[249], "again-240");
    int64_t inserted = -1;
    assert_int_equal(itest_label_create_many_skip_duplicates(g_conn, rows, N, &inserted), SC_OK);
    assert_int_equal(inserted, N - 2);
    assert_int_equal(itest_label_count(&after, g_conn), SC_OK);
    assert_true(after == before + N + N - 2);
    assert_int_equal(itest_label_find_by_name(&f, g_conn, "again-0"), SC_OK);
    itest_label_free(f);
    /* all of them again: nothing stored, count 0; an empty call stores nothing either */
    assert_int_equal(itest_label_create_many_skip_duplicates(g_conn, rows, N, &inserted), SC_OK);
    assert_int_equal(inserted, 0);
    assert_int_equal(itest_label_create_many_skip_duplicates(g_conn, rows, 0, &inserted), SC_OK);
    assert_int_equal(inserted, 0);
    assert_int_equal(itest_label_create_many_skip_duplicates(g_conn, rows, 3, NULL), SC_OK);
    assert_int_equal(itest_label_count(&after, g_conn), SC_OK);
    assert_true(after == before + N + N - 2);

    /* Wider rows with defaults, client clocks and NULLs. */
    itest_author authors[3];
    const char *emails[3] = {"m1@example.com", "m2@example.com", evil};
    for (int i = 0; i < 3; i++) {
        itest_author_init(&authors[i]);
        authors[i].email = (char *)emails[i];
        authors[i].name = (char *)emails[i];
    }
    authors[1].has_bio = true;
    authors[1].bio = "second";
    assert_int_equal(itest_author_create_many(g_conn, authors, 3), SC_OK);
    itest_author *a = NULL;
    assert_int_equal(itest_author_find_by_email(&a, g_conn, evil), SC_OK);
    assert_string_equal(a->name, evil);
    assert_true(a->joined > 0);
    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    itest_author_free(a);
    a = NULL;
    assert_int_equal(itest_author_find_by_email(&a, g_conn, "m2@example.com"), SC_OK);
    assert_string_equal(a->bio, "second");
    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    itest_author_free(a);
    a = NULL;
    assert_int_equal(itest_author_find_by_email(&a, g_conn, "m1@example.com"), SC_OK);
    assert_false(a->has_bio);
    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    itest_author_free(a);
    free(rows);
    free(names);
}

static void test_upsert(void **state)
{
    (void)state;
    itest_author a;
    itest_author_init(&a);
    a.email = "up@example.com";
    a.name = "first";
    itest_author *one = NULL, *two = NULL;
    assert_int_equal(itest_author_upsert_by_email(&one, g_conn, &a), SC_OK);
    a.name = "second";
    a.karma = 5;
    assert_int_equal(itest_author_upsert_by_email(&two, g_conn, &a), SC_OK);
    assert_int_equal(two->id, one->id); /* the same row, updated */
    assert_string_equal(two->name, "second");
    assert_true(two->karma == 5);
    assert_true(two->joined == one->joined); /* creation stamps stay */
    itest_author_free(two);
    two = NULL;
    /* Compound key. */
    a.email = "up2@example.com";
    a.karma = 6;
    assert_int_equal(itest_author_upsert_by_name_kind(&two, g_conn, &a), SC_OK);
    assert_int_equal(two->id, one->id);
    assert_string_equal(two->email, "up2@example.com");
    itest_author_free(two);
    two = NULL;

    /* A versioned row: every upsert that updates bumps the version. */
    itest_article p;
    itest_article_init(&p);
    p.slug = "up-post";
    p.title = "v1";
    p.author_id = one->id;
    itest_article *x = NULL, *y = NULL;
    assert_int_equal(itest_article_upsert_by_slug(&x, g_conn, &p), SC_OK);
    p.title = "v2";
    assert_int_equal(itest_article_upsert_by_slug(&y, g_conn, &p), SC_OK);
    assert_string_equal(y->id, x->id);
    assert_int_equal(y->version, x->version + 1);
    assert_string_equal(y->title, "v2");
    itest_article_free(x);
    itest_article_free(y);
    assert_int_equal(itest_author_delete(g_conn, one->id), SC_OK);
    itest_author_free(one);
}

/* Writes without a row back (OUT NULL: no RETURNING), create_id, the upsert that finds the stored row, find_many. */
static void test_returning_rules_and_find_many(void **state)
{
    (void)state;
    /* create with OUT NULL stores the row; create_id gives the new id */
    itest_author a;
    itest_author_init(&a);
    a.email = "rr1@example.com";
    a.name = "rr one";
    assert_int_equal(itest_author_create(NULL, g_conn, &a), SC_OK);
    itest_author *got = NULL;
    assert_int_equal(itest_author_find_by_email(&got, g_conn, "rr1@example.com"), SC_OK);
    int32_t id1 = got->id;
    itest_author_free(got);
    int32_t id2 = 0;
    a.email = "rr2@example.com";
    a.name = "rr two";
    a.has_bio = true;
    a.bio = "a bio";
    assert_int_equal(itest_author_create_id(&id2, g_conn, &a), SC_OK);
    assert_true(id2 > id1);
    assert_int_equal(itest_author_find_by_id(&got, g_conn, id2), SC_OK);
    assert_string_equal(got->email, "rr2@example.com");
    assert_string_equal(got->bio, "a bio");
    itest_author_free(got);
    /* a failing create_id: the unique violation, *ID untouched */
    int32_t same = -7;
    assert_int_equal(itest_author_create_id(&same, g_conn, &a), SC_EUNIQUE);
    assert_int_equal(same, -7);
    assert_int_equal(itest_author_create_id(NULL, g_conn, &(itest_author){.email = "rr3@example.com", .name = "rr three",
                                                                         .kind = ITEST_KIND_FANCY}),
                     SC_OK);

    /* update and update_fields with OUT NULL: written, versions checked, missing rows told apart */
    itest_author *row = NULL;
    assert_int_equal(itest_author_find_by_id(&row, g_conn, id1), SC_OK);
    row->karma = 41;
    assert_int_equal(itest_author_update(NULL, g_conn, row), SC_OK);
    row->karma = 42;
    assert_int_equal(itest_author_update_fields(NULL, g_conn, row, ITEST_AUTHOR_F_KARMA), SC_OK);
    assert_int_equal(itest_author_find_by_id(&got, g_conn, id1), SC_OK);
    assert_true(got->karma == 42);
    itest_author_free(got);
    row->id = 999999;
    assert_int_equal(itest_author_update(NULL, g_conn, row), SC_ENOTFOUND);
    assert_int_equal(itest_author_update_fields(NULL, g_conn, row, ITEST_AUTHOR_F_KARMA), SC_ENOTFOUND);
    itest_author_free(row);
    itest_article *art = make_article("rr-art", "first", id1);
    int32_t v = art->version;
    /* a row read keeps its text in its own block: a member is replaced, never freed alone */
    assert_non_null(art->sc__block);
    char *second = strdup("second");
    art->title = second;
    assert_int_equal(itest_article_update_fields(NULL, g_conn, art, ITEST_ARTICLE_F_TITLE), SC_OK);
    /* the same version again is stale now: a conflict, nothing written */
    free(second); /* the program's own value; the next one goes with the row's _free */
    art->title = strdup("third");
    assert_int_equal(itest_article_update_fields(NULL, g_conn, art, ITEST_ARTICLE_F_TITLE), SC_ECONFLICT);
    assert_int_equal(itest_article_update(NULL, g_conn, art), SC_ECONFLICT);
    art->version = v + 1;
    assert_int_equal(itest_article_update(NULL, g_conn, art), SC_OK);
    itest_article *back = NULL;
    assert_int_equal(itest_article_find_by_id(&back, g_conn, art->id), SC_OK);
    assert_string_equal(back->title, "third");
    assert_int_equal(back->version, v + 2);
    itest_article_free(back);

    /* upsert with OUT NULL, and the DO NOTHING upsert (Label: only an id besides the key) returns the stored row */
    a.email = "rr1@example.com";
    a.name = "rr one, upserted";
    a.has_bio = false;
    assert_int_equal(itest_author_upsert_by_email(NULL, g_conn, &a), SC_OK);
    assert_int_equal(itest_author_find_by_id(&got, g_conn, id1), SC_OK);
    assert_string_equal(got->name, "rr one, upserted");
    itest_author_free(got);
    itest_label l;
    itest_label_init(&l);
    l.name = "rr-label";
    itest_label *l1 = NULL, *l2 = NULL;
    assert_int_equal(itest_label_upsert_by_name(&l1, g_conn, &l), SC_OK);
    assert_int_equal(itest_label_upsert_by_name(&l2, g_conn, &l), SC_OK); /* exists: the stored row, not SC_ENOTFOUND */
    assert_int_equal(l2->id, l1->id);
    assert_string_equal(l2->name, "rr-label");
    assert_int_equal(itest_label_upsert_by_name(NULL, g_conn, &l), SC_OK);
    /*
     * Most of many keys missing (a model of text and integers: on PostgreSQL
     * read straight into the list's block, then moved to a block of its
     * size): the rows found, in order, their text intact (valgrind, ASan).
     */
    enum { MANY = 300 };
    int32_t many[MANY];
    bool many_found[MANY];
    for (int i = 0; i < MANY; i++)
        many[i] = 900000 + i;
    many[17] = l1->id;
    many[250] = l1->id;
    itest_label_list ll = {0};
    assert_int_equal(itest_label_find_many_by_id(&ll, g_conn, many, MANY, many_found), SC_OK);
    assert_int_equal(ll.count, 2);
    assert_int_equal(ll.items[0].id, l1->id);
    assert_int_equal(ll.items[1].id, l1->id);
    assert_string_equal(ll.items[0].name, "rr-label");
    assert_string_equal(ll.items[1].name, "rr-label");
    for (int i = 0; i < MANY; i++)
        assert_true(many_found[i] == (i == 17 || i == 250));
    itest_label_list_free(&ll);
    itest_label_free(l1);
    itest_label_free(l2);

    /* find_many_by_id: the caller's order, duplicates kept, missing keys reported */
    int32_t keys[5] = {id2, 123456789, id1, id2, -1};
    bool found[5];
    itest_author_list list = {0};
    assert_int_equal(itest_author_find_many_by_id(&list, g_conn, keys, 5, found), SC_OK);
    assert_int_equal(list.count, 3);
    assert_int_equal(list.items[0].id, id2);
    assert_int_equal(list.items[1].id, id1);
    assert_int_equal(list.items[2].id, id2);
    assert_string_equal(list.items[0].bio, "a bio");
    assert_false(list.items[1].has_bio); /* NULL stays NULL */
    assert_true(found[0] && !found[1] && found[2] && found[3] && !found[4]);
    itest_author_list_free(&list);
    /* by a unique text key, NULL FOUND, no keys */
    const char *emails[3] = {"nobody@example.com", "rr2@example.com", evil};
    assert_int_equal(itest_author_find_many_by_email(&list, g_conn, emails, 3, NULL), SC_OK);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.items[0].id, id2);
    itest_author_list_free(&list);
    assert_int_equal(itest_author_find_many_by_id(&list, g_conn, keys, 0, NULL), SC_OK);
    assert_int_equal(list.count, 0);
    assert_null(list.items);
    /* soft-deleted rows are not found */
    const char *ids[2] = {art->id, "no-such-id"};
    assert_int_equal(itest_article_find_many_by_id(&(itest_article_list){0}, g_conn, ids, 0, NULL), SC_OK);
    itest_article_list al = {0};
    assert_int_equal(itest_article_find_many_by_id(&al, g_conn, ids, 2, found), SC_OK);
    assert_int_equal(al.count, 1);
    assert_true(found[0] && !found[1]);
    itest_article_list_free(&al);
    assert_int_equal(itest_article_delete(g_conn, art->id, v + 2), SC_OK);
    assert_int_equal(itest_article_find_many_by_id(&al, g_conn, ids, 2, found), SC_OK);
    assert_int_equal(al.count, 0);
    assert_false(found[0]);
    assert_int_equal(itest_article_purge(g_conn, art->id), SC_OK);
    itest_article_free(art);

    /* the loader groups rows client-side: every parent gets exactly its rows, empty parents none */
    itest_author parents[3];
    for (int i = 0; i < 3; i++)
        itest_author_init(&parents[i]);
    parents[0].id = id2;
    parents[1].id = id1;
    parents[2].id = id2;
    char slug[32];
    for (int i = 0; i < 5; i++) {
        snprintf(slug, sizeof slug, "rr-load-%d", i);
        itest_article_free(make_article(slug, "t", i % 2 ? id1 : id2));
    }
    assert_int_equal(itest_author_load_articles(g_conn, parents, 3), SC_OK);
    assert_int_equal(parents[0].articles_count, 3);
    assert_int_equal(parents[1].articles_count, 2);
    assert_int_equal(parents[2].articles_count, 3);
    for (size_t k = 0; k < parents[1].articles_count; k++)
        assert_int_equal(parents[1].articles[k].author_id, id1);
    for (int i = 0; i < 3; i++)
        itest_author__model.clear(&parents[i]);
    assert_int_equal(itest_author_delete(g_conn, id1), SC_OK);
    assert_int_equal(itest_author_delete(g_conn, id2), SC_OK);
}

/*
 * A value a row cannot hold in the middle of a loader's rows (a version past
 * int32; PostgreSQL: the column widened to bigint): the load fails whole,
 * with the error, and no parent holds rows; both parents' rows are read
 * straight into their blocks on PostgreSQL, the failing row among them.
 */
static void test_loader_fails_whole(void **state)
{
    (void)state;
    itest_author *a = make_author("whole-a@example.com", "whole a");
    itest_author *b = make_author("whole-b@example.com", "whole b");
    char slug[32];
    for (int i = 0; i < 6; i++) {
        snprintf(slug, sizeof slug, "whole-%d", i);
        itest_article_free(make_article(slug, "a title", i % 2 ? a->id : b->id));
    }
    if (is_pg())
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Article\" ALTER COLUMN \"version\" TYPE bigint"), SC_OK);
    assert_int_equal(sc_conn_exec(g_conn, "UPDATE \"Article\" SET \"version\" = 5000000000 WHERE \"slug\" = 'whole-3'"), SC_OK);
    itest_author parents[2];
    itest_author_init(&parents[0]);
    itest_author_init(&parents[1]);
    parents[0].id = a->id;
    parents[1].id = b->id;
    assert_int_equal(itest_author_load_articles(g_conn, parents, 2), SC_ERANGE);
    assert_non_null(strstr(sc_conn_error(g_conn)->message, "int32"));
    for (int i = 0; i < 2; i++) {
        assert_null(parents[i].articles);
        assert_int_equal(parents[i].articles_count, 0);
    }
    /* the value back in range: the same parents load (valgrind: the failed load left nothing behind) */
    assert_int_equal(sc_conn_exec(g_conn, "UPDATE \"Article\" SET \"version\" = 1 WHERE \"slug\" = 'whole-3'"), SC_OK);
    if (is_pg())
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Article\" ALTER COLUMN \"version\" TYPE integer"), SC_OK);
    assert_int_equal(itest_author_load_articles(g_conn, parents, 2), SC_OK);
    assert_int_equal(parents[0].articles_count, 3);
    assert_int_equal(parents[1].articles_count, 3);
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(parents[0].articles[k].author_id, a->id);
        assert_int_equal(parents[1].articles[k].author_id, b->id);
        assert_string_equal(parents[1].articles[k].title, "a title");
    }
    itest_author__model.clear(&parents[0]);
    itest_author__model.clear(&parents[1]);
    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    assert_int_equal(itest_author_delete(g_conn, b->id), SC_OK);
    itest_author_free(a);
    itest_author_free(b);
}

/* find_many_by_id_with: the rows by key and their relations in one call (one pipeline on PostgreSQL) */
static void test_find_many_with(void **state)
{
    (void)state;
    itest_author *a1 = make_author("with-1@example.com", "with 1");
    itest_author *a2 = make_author("with-2@example.com", "with 2");
    itest_author *a3 = make_author("with-3@example.com", "with 3");
    char slug[32];
    for (int i = 0; i < 3; i++) {
        snprintf(slug, sizeof slug, "with-a1-%d", i);
        itest_article_free(make_article(slug, "one's", a1->id));
    }
    itest_article_free(make_article("with-a2-live", "two's", a2->id));
    itest_article *gone = make_article("with-a2-gone", "two's gone", a2->id);
    assert_int_equal(itest_article_delete(g_conn, gone->id, gone->version), SC_OK);

    /* the caller's order, a missing key, a key twice (each row its own articles), a row without any */
    int32_t keys[5] = {a2->id, 987654321, a1->id, a2->id, a3->id};
    bool found[5];
    itest_author_list list = {0};
    assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, keys, 5, found, ITEST_AUTHOR_WITH_ARTICLES), SC_OK);
    assert_true(found[0] && !found[1] && found[2] && found[3] && found[4]);
    assert_int_equal(list.count, 4);
    const int32_t want_id[4] = {a2->id, a1->id, a2->id, a3->id};
    const size_t want_n[4] = {1, 3, 1, 0};
    for (size_t i = 0; i < 4; i++) {
        const itest_author *x = &list.items[i];
        assert_int_equal(x->id, want_id[i]);
        assert_int_equal(x->articles_count, want_n[i]);
        for (size_t k = 0; k < x->articles_count; k++) {
            assert_int_equal(x->articles[k].author_id, x->id);
            assert_string_equal(x->articles[k].title, x->id == a1->id ? "one's" : "two's"); /* the soft-deleted one left out */
        }
    }
    assert_null(list.items[3].articles);
    assert_ptr_not_equal(list.items[0].articles, list.items[2].articles);
    assert_string_equal(list.items[1].email, "with-1@example.com");
    itest_author_list_free(&list);

    /* none asked for: the rows alone, as find_many_by_id */
    assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, keys, 5, NULL, 0), SC_OK);
    assert_int_equal(list.count, 4);
    assert_null(list.items[1].articles);
    itest_author_list_free(&list);
    /* a flag of no relation: refused, nothing handed out, no key found */
    list.count = 7;
    bool was[5] = {true, true, true, true, true};
    assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, keys, 5, was, 1u << 30), SC_EINVAL);
    assert_null(list.items);
    assert_int_equal(list.count, 0);
    for (int i = 0; i < 5; i++)
        assert_false(was[i]);
    /* NULL keys with a count: the same */
    list.count = 7;
    was[0] = true;
    assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, NULL, 5, was, ITEST_AUTHOR_WITH_ARTICLES), SC_EINVAL);
    assert_int_equal(list.count, 0);
    assert_false(was[0]);
    /* the flags are unsigned: a set is built and taken apart without conversions */
    unsigned set = ITEST_TEAM_WITH_CREST | ITEST_TEAM_WITH_PLAYERS;
    set &= ~ITEST_TEAM_WITH_CREST;
    assert_int_equal(set, ITEST_TEAM_WITH_PLAYERS);
    /* no keys; no key found */
    assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, keys, 0, NULL, ITEST_AUTHOR_WITH_ARTICLES), SC_OK);
    assert_int_equal(list.count, 0);
    assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, &keys[1], 1, found, ITEST_AUTHOR_WITH_ARTICLES), SC_OK);
    assert_int_equal(list.count, 0);
    assert_false(found[0]);

    /* inside the caller's transaction, which stays usable */
    assert_int_equal(sc_tx_begin(g_conn, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, &keys[2], 1, NULL, ITEST_AUTHOR_WITH_ARTICLES), SC_OK);
    assert_int_equal(list.items[0].articles_count, 3);
    itest_author_list_free(&list);
    assert_int_equal(sc_conn_exec(g_conn, "UPDATE \"Author\" SET \"name\" = 'with 1b' WHERE \"email\" = 'with-1@example.com'"), SC_OK);
    assert_int_equal(sc_tx_commit(g_conn), SC_OK);

    /* a row of a relation that cannot be read fails the whole call: nothing handed out */
    if (is_pg())
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Article\" ALTER COLUMN \"version\" TYPE bigint"), SC_OK);
    assert_int_equal(sc_conn_exec(g_conn, "UPDATE \"Article\" SET \"version\" = 5000000000 WHERE \"slug\" = 'with-a1-1'"), SC_OK);
    list.count = 3;
    assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, keys, 5, found, ITEST_AUTHOR_WITH_ARTICLES), SC_ERANGE);
    assert_non_null(strstr(sc_conn_error(g_conn)->message, "int32"));
    assert_null(list.items);
    assert_int_equal(list.count, 0);
    assert_int_equal(sc_conn_exec(g_conn, "UPDATE \"Article\" SET \"version\" = 1 WHERE \"slug\" = 'with-a1-1'"), SC_OK);
    if (is_pg())
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Article\" ALTER COLUMN \"version\" TYPE integer"), SC_OK);
    /* the connection goes on; FOUND said nothing of the failed call */
    assert_false(found[0] || found[2] || found[3] || found[4]);
    assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, keys, 5, NULL, ITEST_AUTHOR_WITH_ARTICLES), SC_OK);
    assert_int_equal(list.items[1].articles_count, 3);
    itest_author_list_free(&list);
    if (is_pg()) {
        /* both tables of the call changed under its prepared statements: every one prepared again, the call run once more */
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Author\" ALTER COLUMN \"name\" TYPE varchar(100000)"), SC_OK);
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Article\" ALTER COLUMN \"title\" TYPE varchar(100000)"), SC_OK);
        assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, keys, 5, NULL, ITEST_AUTHOR_WITH_ARTICLES), SC_OK);
        assert_int_equal(list.items[1].articles_count, 3);
        itest_author_list_free(&list);
        /* inside a transaction begun by hand the change is the caller's to see: its own error, not a second try */
        assert_int_equal(sc_conn_exec(g_conn, "BEGIN"), SC_OK);
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Author\" ALTER COLUMN \"name\" TYPE text"), SC_OK);
        assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, keys, 5, NULL, ITEST_AUTHOR_WITH_ARTICLES), SC_ERROR);
        assert_string_equal(sc_conn_error(g_conn)->sqlstate, "0A000");
        assert_null(list.items);
        assert_int_equal(sc_conn_exec(g_conn, "ROLLBACK"), SC_OK);
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Author\" ALTER COLUMN \"name\" TYPE text"), SC_OK);
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Article\" ALTER COLUMN \"title\" TYPE text"), SC_OK);
        assert_int_equal(itest_author_find_many_by_id_with(&list, g_conn, keys, 5, NULL, ITEST_AUTHOR_WITH_ARTICLES), SC_OK);
        itest_author_list_free(&list);
    }
    /* NULL keys with a count, through the plain lookup of a model without relations too */
    assert_int_equal(itest_author_find_many_by_id(&list, g_conn, NULL, 3, NULL), SC_EINVAL);
    itest_member_list ml = {0};
    assert_int_equal(itest_member_find_many_by_id(&ml, g_conn, NULL, 3, NULL), SC_EINVAL);
    assert_int_equal(itest_member_find_many_by_handle(&ml, g_conn, NULL, 3, NULL), SC_EINVAL);

    /* a soft-deleted parent is not found, and its related rows (which the loader's query answers) are left out */
    itest_team t;
    itest_team_init(&t);
    t.name = "live";
    int32_t live_id = 0, gone_id = 0;
    assert_int_equal(itest_team_create_id(&live_id, g_conn, &t), SC_OK);
    t.name = "gone";
    assert_int_equal(itest_team_create_id(&gone_id, g_conn, &t), SC_OK);
    for (int i = 0; i < 40; i++) {
        itest_player p;
        itest_player_init(&p);
        p.name = i % 4 ? "on the gone team" : "on the live team";
        p.team_id = i % 4 ? gone_id : live_id;
        assert_int_equal(itest_player_create(NULL, g_conn, &p), SC_OK);
    }
    const int32_t crest_of[2] = {live_id, gone_id};
    for (int i = 0; i < 2; i++) {
        itest_crest cr;
        itest_crest_init(&cr);
        cr.motto = i ? "gone" : "onward";
        cr.team_id = crest_of[i];
        assert_int_equal(itest_crest_create(NULL, g_conn, &cr), SC_OK);
    }
    assert_int_equal(itest_team_delete(g_conn, gone_id), SC_OK);
    int32_t tkeys[3] = {gone_id, live_id, gone_id};
    itest_team_list teams = {0};
    assert_int_equal(itest_team_find_many_by_id_with(&teams, g_conn, tkeys, 3, found, ITEST_TEAM_WITH_PLAYERS | ITEST_TEAM_WITH_CREST),
                     SC_OK);
    assert_true(!found[0] && found[1] && !found[2]);
    assert_int_equal(teams.count, 1);
    assert_int_equal(teams.items[0].players_count, 10);
    for (size_t k = 0; k < 10; k++)
        assert_string_equal(teams.items[0].players[k].name, "on the live team");
    assert_non_null(teams.items[0].crest);
    assert_string_equal(teams.items[0].crest->motto, "onward");
    itest_team_list_free(&teams);
    /* the to-one relation alone, and a team without a crest */
    int32_t lone = 0;
    itest_team t3;
    itest_team_init(&t3);
    t3.name = "no crest";
    assert_int_equal(itest_team_create_id(&lone, g_conn, &t3), SC_OK);
    int32_t both[2] = {lone, live_id};
    assert_int_equal(itest_team_find_many_by_id_with(&teams, g_conn, both, 2, NULL, ITEST_TEAM_WITH_CREST), SC_OK);
    assert_int_equal(teams.count, 2);
    assert_null(teams.items[0].crest);
    assert_string_equal(teams.items[1].crest->motto, "onward");
    assert_null(teams.items[1].players);
    itest_team_list_free(&teams);
    assert_int_equal(itest_team_purge(g_conn, lone), SC_OK);

    assert_int_equal(itest_team_purge(g_conn, gone_id), SC_OK);
    assert_int_equal(itest_team_purge(g_conn, live_id), SC_OK);
    assert_int_equal(itest_article_purge(g_conn, gone->id), SC_OK);
    itest_article_free(gone);
    assert_int_equal(itest_author_delete(g_conn, a1->id), SC_OK);
    assert_int_equal(itest_author_delete(g_conn, a2->id), SC_OK);
    assert_int_equal(itest_author_delete(g_conn, a3->id), SC_OK);
    itest_author_free(a1);
    itest_author_free(a2);
    itest_author_free(a3);
}

static itest_book *make_book(const char *title, const char *zone, int32_t num, bool has_rank, int32_t rank);

/* <model>_load: several relations of the same rows in one call (one pipeline on PostgreSQL), all or nothing */
static void test_load_with(void **state)
{
    (void)state;
    itest_author *a = make_author("lw-a@example.com", "lw a");
    itest_author *b = make_author("lw-b@example.com", "lw b");
    itest_article *x = make_article("lw-x", "x", a->id);
    itest_article *y = make_article("lw-y", "y", b->id);
    itest_article *z = make_article("lw-z", "z", a->id);
    itest_label l;
    itest_label_init(&l);
    itest_label *l1 = NULL, *l2 = NULL;
    l.name = "lw-one";
    assert_int_equal(itest_label_create(&l1, g_conn, &l), SC_OK);
    l.name = "lw-two";
    assert_int_equal(itest_label_create(&l2, g_conn, &l), SC_OK);
    assert_int_equal(itest_article_link_labels(g_conn, x->id, l1->id), SC_OK);
    assert_int_equal(itest_article_link_labels(g_conn, x->id, l2->id), SC_OK);
    assert_int_equal(itest_article_link_labels(g_conn, z->id, l1->id), SC_OK);

    /* a relation by key (author) and one through a join table (labels), together */
    const char *slugs[4] = {"lw-z", "lw-x", "nope", "lw-y"};
    itest_article_list arts = {0};
    bool found[4];
    assert_int_equal(itest_article_find_many_by_slug(&arts, g_conn, slugs, 4, found), SC_OK);
    assert_int_equal(arts.count, 3);
    assert_int_equal(itest_article_load(g_conn, arts.items, arts.count, ITEST_ARTICLE_WITH_AUTHOR | ITEST_ARTICLE_WITH_LABELS), SC_OK);
    const int32_t author_of[3] = {a->id, a->id, b->id};
    const size_t nlabels[3] = {1, 2, 0};
    for (size_t i = 0; i < 3; i++) {
        assert_non_null(arts.items[i].author);
        assert_int_equal(arts.items[i].author->id, author_of[i]);
        assert_int_equal(arts.items[i].labels_count, nlabels[i]);
    }
    assert_string_equal(arts.items[1].author->email, "lw-a@example.com");
    /* a relation not named stays as it was; a named one is loaded again */
    assert_int_equal(itest_article_load(g_conn, arts.items, arts.count, ITEST_ARTICLE_WITH_AUTHOR), SC_OK);
    assert_int_equal(arts.items[1].labels_count, 2);
    assert_int_equal(arts.items[2].author->id, b->id);
    /* no rows, no flags, a flag of no relation */
    assert_int_equal(itest_article_load(g_conn, arts.items, 0, ITEST_ARTICLE_WITH_AUTHOR), SC_OK);
    assert_int_equal(itest_article_load(g_conn, arts.items, arts.count, 0), SC_OK);
    assert_int_equal(arts.items[1].labels_count, 2);
    assert_int_equal(itest_article_load(g_conn, arts.items, arts.count, 1u << 20), SC_EINVAL);
    itest_article_list_free(&arts);

    /* a lookup by a text key: its rows first, then their relations (one more round trip) */
    assert_int_equal(itest_article_find_many_by_slug_with(&arts, g_conn, slugs, 4, found,
                                                          ITEST_ARTICLE_WITH_AUTHOR | ITEST_ARTICLE_WITH_LABELS),
                     SC_OK);
    assert_true(found[0] && found[1] && !found[2] && found[3]);
    assert_int_equal(arts.count, 3);
    assert_int_equal(arts.items[0].author->id, a->id);
    assert_int_equal(arts.items[1].labels_count, 2);
    assert_int_equal(arts.items[2].labels_count, 0);
    itest_article_list_free(&arts);

    /* by an integer key, a relation keyed by another column of the rows (the player's team) */
    itest_team t;
    itest_team_init(&t);
    t.name = "lw team";
    int32_t tid = 0;
    assert_int_equal(itest_team_create_id(&tid, g_conn, &t), SC_OK);
    int32_t pid[2];
    for (int i = 0; i < 2; i++) {
        itest_player p;
        itest_player_init(&p);
        p.name = "lw player";
        p.team_id = tid;
        assert_int_equal(itest_player_create_id(&pid[i], g_conn, &p), SC_OK);
    }
    int32_t pkeys[3] = {pid[1], -5, pid[0]};
    itest_player_list players = {0};
    assert_int_equal(itest_player_find_many_by_id_with(&players, g_conn, pkeys, 3, found, ITEST_PLAYER_WITH_TEAM), SC_OK);
    assert_int_equal(players.count, 2);
    assert_int_equal(players.items[0].id, pid[1]);
    assert_string_equal(players.items[0].team->name, "lw team");
    assert_string_equal(players.items[1].team->name, "lw team");
    itest_player_list_free(&players);

    /* both relations of a team; one that cannot be read fails the call, and the other is not left loaded */
    itest_crest cr;
    itest_crest_init(&cr);
    cr.motto = "lw";
    cr.team_id = tid;
    assert_int_equal(itest_crest_create(NULL, g_conn, &cr), SC_OK);
    itest_team *team = NULL;
    assert_int_equal(itest_team_find_by_id(&team, g_conn, tid), SC_OK);
    assert_int_equal(itest_team_load(g_conn, team, 1, ITEST_TEAM_WITH_CREST | ITEST_TEAM_WITH_PLAYERS), SC_OK);
    assert_string_equal(team->crest->motto, "lw");
    assert_int_equal(team->players_count, 2);
    if (is_pg())
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Player\" ALTER COLUMN \"id\" TYPE bigint"), SC_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE \"Player\" SET \"id\" = 5000000000 WHERE \"id\" = %d", (int)pid[1]);
    assert_int_equal(sc_conn_exec(g_conn, sql), SC_OK);
    assert_int_equal(itest_team_load(g_conn, team, 1, ITEST_TEAM_WITH_CREST | ITEST_TEAM_WITH_PLAYERS), SC_ERANGE);
    assert_non_null(strstr(sc_conn_error(g_conn)->message, "int32"));
    assert_null(team->crest);
    assert_null(team->players);
    assert_int_equal(team->players_count, 0);
    /* inside a transaction the same; the transaction is the caller's to end */
    assert_int_equal(sc_tx_begin(g_conn, SC_TX_DEFAULT), SC_OK);
    assert_int_equal(itest_team_load(g_conn, team, 1, ITEST_TEAM_WITH_PLAYERS), SC_ERANGE);
    assert_int_equal(sc_tx_rollback(g_conn), SC_OK);
    assert_int_equal(sc_conn_exec(g_conn, "DELETE FROM \"Player\" WHERE \"id\" = 5000000000"), SC_OK);
    if (is_pg())
        assert_int_equal(sc_conn_exec(g_conn, "ALTER TABLE \"Player\" ALTER COLUMN \"id\" TYPE integer"), SC_OK);
    /* the table changed under the prepared statements again: run once more, outside a transaction */
    assert_int_equal(itest_team_load(g_conn, team, 1, ITEST_TEAM_WITH_CREST | ITEST_TEAM_WITH_PLAYERS), SC_OK);
    assert_string_equal(team->crest->motto, "lw");
    assert_int_equal(team->players_count, 1);
    itest_team_free(team);

    /* compound keys, both directions */
    itest_shelf sh;
    itest_shelf_init(&sh);
    sh.zone = "lw";
    sh.num = 7;
    assert_int_equal(itest_shelf_create(NULL, g_conn, &sh), SC_OK);
    itest_book *bk = make_book("lw-book", "lw", 7, false, 0);
    assert_int_equal(itest_book_load(g_conn, bk, 1, ITEST_BOOK_WITH_SHELF), SC_OK);
    assert_int_equal(bk->shelf->num, 7);
    itest_shelf *shelf = NULL;
    assert_int_equal(itest_shelf_find_by_zone_num(&shelf, g_conn, "lw", 7), SC_OK);
    assert_int_equal(itest_shelf_load(g_conn, shelf, 1, ITEST_SHELF_WITH_BOOKS), SC_OK);
    assert_int_equal(shelf->books_count, 1);
    assert_string_equal(shelf->books[0].title, "lw-book");
    itest_shelf_free(shelf);
    assert_int_equal(itest_book_delete(g_conn, bk->id), SC_OK);
    itest_book_free(bk);
    assert_int_equal(itest_shelf_delete(g_conn, "lw", 7), SC_OK);

    assert_int_equal(itest_team_purge(g_conn, tid), SC_OK);
    itest_label_free(l1);
    itest_label_free(l2);
    itest_article_free(x);
    itest_article_free(y);
    itest_article_free(z);
    assert_int_equal(itest_author_delete(g_conn, a->id), SC_OK);
    assert_int_equal(itest_author_delete(g_conn, b->id), SC_OK);
    itest_author_free(a);
    itest_author_free(b);
}

/* ---------------------------------------------------------------- compound keys, index orders */

static itest_book *make_book(const char *title, const char *zone, int32_t num, bool has_rank, int32_t rank)
{
    itest_book b;
    itest_book_init(&b);
    b.title = (char *)title;
    b.zone = (char *)zone;
    b.num = num;
    b.has_rank = has_rank;
    b.rank = rank;
    itest_book *out = NULL;
    int rc = itest_book_create(&out, g_conn, &b);
    if (rc != SC_OK)
        fprintf(stderr, "create book: %d %s\n", rc, sc_conn_error(g_conn)->message);
    assert_int_equal(rc, SC_OK);
    return out;
}

/* Loaders over a compound foreign key, both directions, with one query each. */
static void test_compound_loaders(void **state)
{
    (void)state;
    itest_shelf sh[3];
    const char *zones[] = {"east", "east", "we\"st'"};
    const int32_t nums[] = {1, 2, 1};
    for (int i = 0; i < 3; i++) {
        itest_shelf_init(&sh[i]);
        sh[i].zone = (char *)zones[i];
        sh[i].num = nums[i];
        assert_int_equal(itest_shelf_create(NULL, g_conn, &sh[i]), SC_OK);
    }
    itest_book *b1 = make_book("cl-a", "east", 1, false, 0);
    itest_book *b2 = make_book("cl-b", "east", 2, false, 0);
    itest_book *b3 = make_book("cl-c", "east", 1, false, 0);
    itest_book *b4 = make_book("cl-d", "we\"st'", 1, false, 0);

    /* Shelf -> books: east/1 has b1 and b3, east/2 has b2, the hostile zone has b4. */
    assert_int_equal(itest_shelf_load_books(g_conn, sh, 3), SC_OK);
    assert_int_equal(sh[0].books_count, 2);
    assert_int_equal(sh[0].books[0].id, b1->id);
    assert_int_equal(sh[0].books[1].id, b3->id);
    assert_int_equal(sh[1].books_count, 1);
    assert_int_equal(sh[1].books[0].id, b2->id);
    assert_int_equal(sh[2].books_count, 1);
    assert_string_equal(sh[2].books[0].title, "cl-d");

    /* Book -> shelf: each book gets its own shelf back. */
    itest_book books[4] = {*b1, *b2, *b3, *b4};
    for (int i = 0; i < 4; i++)
        books[i].shelf = NULL;
    assert_int_equal(itest_book_load_shelf(g_conn, books, 4), SC_OK);
    for (int i = 0; i < 4; i++) {
        assert_non_null(books[i].shelf);
        assert_string_equal(books[i].shelf->zone, books[i].zone);
        assert_int_equal(books[i].shelf->num, books[i].num);
    }
    /* The copies share their text with b1..b4; only the loaded shelves are theirs. */
    for (int i = 0; i < 4; i++) {
        itest_shelf_free(books[i].shelf);
        books[i].shelf = NULL;
    }
    /* The shelves' text is ours (literals); the loaded books are theirs. */
    for (int i = 0; i < 3; i++) {
        itest_book_list loaded = {sh[i].books, sh[i].books_count};
        itest_book_list_free(&loaded);
    }
    itest_book_free(b1);
    itest_book_free(b2);
    itest_book_free(b3);
    itest_book_free(b4);
    for (int i = 0; i < 3; i++)
        assert_int_equal(itest_shelf_delete(g_conn, zones[i], nums[i]), SC_OK);
}

/* Walk every page of ORDER (1: rank, 2: title_zone, 3: rank DESC + title) and collect the titles. */
static size_t walk(const char **titles, size_t max, int order, bool desc, int64_t limit)
{
    itest_book cursor;
    itest_book_init(&cursor);
    char title[64] = "";
    char zone[64] = "";
    const itest_book *after = NULL;
    size_t n = 0;
    for (;;) {
        itest_book_list page = {NULL, 0};
        int rc = order == 1   ? itest_book_list_page_by_rank(&page, g_conn, after, limit, desc)
                 : order == 2 ? itest_book_list_page_by_title_zone(&page, g_conn, after, limit, desc)
                              : itest_book_list_page_by_rank_title(&page, g_conn, after, limit, desc);
        assert_int_equal(rc, SC_OK);
        if (page.count == 0)
            break;
        assert_true(page.count <= (size_t)limit);
        for (size_t i = 0; i < page.count && n < max; i++)
            titles[n++] = strcmp(page.items[i].title, "po-1") == 0 ? "po-1"
                          : strcmp(page.items[i].title, "po-2") == 0 ? "po-2"
                          : strcmp(page.items[i].title, "po-3") == 0 ? "po-3"
                          : strcmp(page.items[i].title, "po-4") == 0 ? "po-4"
                          : strcmp(page.items[i].title, "po-5") == 0 ? "po-5"
                                                                    : "?";
        const itest_book *last = &page.items[page.count - 1];
        cursor.id = last->id;
        cursor.has_rank = last->has_rank;
        cursor.rank = last->rank;
        snprintf(title, sizeof title, "%s", last->title);
        snprintf(zone, sizeof zone, "%s", last->zone);
        cursor.title = title;
        cursor.zone = zone;
        after = &cursor;
        itest_book_list_free(&page);
    }
    return n;
}

/* Keyset pages over a nullable index (ties broken by the id) and over a compound unique key. */
static void test_index_pages(void **state)
{
    (void)state;
    itest_shelf s;
    itest_shelf_init(&s);
    s.zone = "pages";
    s.num = 7;
    assert_int_equal(itest_shelf_create(NULL, g_conn, &s), SC_OK);
    /* Ranks: po-1 NULL, po-2 5, po-3 NULL, po-4 1, po-5 5 (ids ascend in that order). */
    itest_book *b[5];
    b[0] = make_book("po-1", "pages", 7, false, 0);
    b[1] = make_book("po-2", "pages", 7, true, 5);
    b[2] = make_book("po-3", "pages", 7, false, 0);
    b[3] = make_book("po-4", "pages", 7, true, 1);
    b[4] = make_book("po-5", "pages", 7, true, 5);

    const char *got[8];
    /* NULLs lowest, then rank, ties by id: po-1 po-3 po-4 po-2 po-5; pages of 2 cross every tie. */
    const char *asc[] = {"po-1", "po-3", "po-4", "po-2", "po-5"};
    for (int64_t limit = 1; limit <= 3; limit++) {
        assert_int_equal(walk(got, 8, 1, false, limit), 5);
        for (int i = 0; i < 5; i++)
            assert_string_equal(got[i], asc[i]);
        assert_int_equal(walk(got, 8, 1, true, limit), 5);
        for (int i = 0; i < 5; i++)
            assert_string_equal(got[i], asc[4 - i]);
    }
    /* (title, zone) is unique and required: plain title order. */
    assert_int_equal(walk(got, 8, 2, false, 2), 5);
    for (int i = 0; i < 5; i++) {
        char want[8];
        snprintf(want, sizeof want, "po-%d", i + 1);
        assert_string_equal(got[i], want);
    }
    assert_int_equal(walk(got, 8, 2, true, 4), 5);
    assert_string_equal(got[0], "po-5");
    assert_string_equal(got[4], "po-1");
    /* @@index([rank(sort: Desc), title]): the index's own order, rank high to low (NULLs, the
     * lowest, last), ties by title; descending reverses it. Pages of 1..3 cross every tie. */
    const char *by_rank_desc[] = {"po-2", "po-5", "po-4", "po-1", "po-3"};
    for (int64_t limit = 1; limit <= 3; limit++) {
        assert_int_equal(walk(got, 8, 3, false, limit), 5);
        for (int i = 0; i < 5; i++)
            assert_string_equal(got[i], by_rank_desc[i]);
        assert_int_equal(walk(got, 8, 3, true, limit), 5);
        for (int i = 0; i < 5; i++)
            assert_string_equal(got[i], by_rank_desc[4 - i]);
    }

    /* Scoped by the index's leading column (rank 5), in the order of the rest (title): only those rows. */
    itest_book_list scoped = {NULL, 0};
    assert_int_equal(itest_book_list_page_of_rank_by_title(&scoped, g_conn, 5, NULL, 1, false), SC_OK);
    assert_int_equal(scoped.count, 1);
    assert_string_equal(scoped.items[0].title, "po-2");
    itest_book_list more = {NULL, 0};
    assert_int_equal(itest_book_list_page_of_rank_by_title(&more, g_conn, 5, &scoped.items[0], 5, false), SC_OK);
    assert_int_equal(more.count, 1);
    assert_string_equal(more.items[0].title, "po-5");
    itest_book_list_free(&more);
    assert_int_equal(itest_book_list_page_of_rank_by_title(&more, g_conn, 5, &scoped.items[0], 5, true), SC_OK);
    assert_int_equal(more.count, 0);
    itest_book_list_free(&scoped);
    /* A compound foreign key's scope: the books of shelf (pages, 7), none of another shelf's. */
    itest_shelf s2;
    itest_shelf_init(&s2);
    s2.zone = "pages";
    s2.num = 8;
    assert_int_equal(itest_shelf_create(NULL, g_conn, &s2), SC_OK);
    itest_book *other = make_book("po-6", "pages", 8, true, 5);
    assert_int_equal(itest_book_list_page_of_zone_num(&scoped, g_conn, "pages", 7, NULL, 10, false), SC_OK);
    assert_int_equal(scoped.count, 5);
    for (size_t i = 0; i < scoped.count; i++)
        assert_int_equal(scoped.items[i].num, 7);
    itest_book_list_free(&scoped);
    assert_int_equal(itest_book_list_page_of_zone_num(&scoped, g_conn, "pages", 8, NULL, 10, true), SC_OK);
    assert_int_equal(scoped.count, 1);
    assert_string_equal(scoped.items[0].title, "po-6");
    itest_book_list_free(&scoped);
    assert_int_equal(itest_book_delete(g_conn, other->id), SC_OK);
    itest_book_free(other);
    assert_int_equal(itest_shelf_delete(g_conn, "pages", 8), SC_OK);

    /* Soft-deleted-free model, but a row gone is gone from the pages too. */
    assert_int_equal(itest_book_delete(g_conn, b[2]->id), SC_OK);
    assert_int_equal(walk(got, 8, 1, false, 2), 4);
    assert_string_equal(got[0], "po-1");
    assert_string_equal(got[1], "po-4");
    for (int i = 0; i < 5; i++)
        itest_book_free(b[i]);
    assert_int_equal(itest_shelf_delete(g_conn, "pages", 7), SC_OK);
}

/* A unique index over live rows (where: { deletedAt: null }): found by find_by_, reusable after a soft delete. */
static void test_live_unique(void **state)
{
    (void)state;
    itest_member m;
    itest_member_init(&m);
    m.handle = (char *)"ada";
    itest_member *a = NULL, *b = NULL, *f = NULL;
    assert_int_equal(itest_member_create(&a, g_conn, &m), SC_OK);
    assert_int_equal(itest_member_create(&b, g_conn, &m), SC_EUNIQUE);
    assert_null(b);
    assert_int_equal(itest_member_find_by_handle(&f, g_conn, "ada"), SC_OK);
    assert_int_equal(f->id, a->id);
    itest_member_free(f);
    f = NULL;
    assert_int_equal(itest_member_delete(g_conn, a->id), SC_OK);
    assert_int_equal(itest_member_find_by_handle(&f, g_conn, "ada"), SC_ENOTFOUND);
    assert_int_equal(itest_member_create(&b, g_conn, &m), SC_OK);
    assert_int_equal(itest_member_find_by_handle(&f, g_conn, "ada"), SC_OK);
    assert_int_equal(f->id, b->id);
    itest_member_free(f);
    assert_int_equal(itest_member_purge(g_conn, a->id), SC_OK);
    assert_int_equal(itest_member_purge(g_conn, b->id), SC_OK);
    itest_member_free(a);
    itest_member_free(b);
}


static int create_dup_author(sc_conn *conn, void *payload)
{
    itest_author a;
    itest_author_init(&a);
    a.email = (char *)payload;
    a.name = "dup";
    itest_author *out = NULL;
    int rc = itest_author_create(&out, conn, &a);
    itest_author_free(out);
    return rc;
}

/*
 * Generated code under the transaction error rule (the same on both
 * engines): a stale @version write is a conflict, not a failed statement,
 * so its follow-up lookup runs and the transaction goes on; a real
 * violation fails the transaction unless caught under sc_tx_try.
 */
/* Whether P lies in the block of a row whose block member is BLOCK. */
static bool in_block(const void *p, const void *block)
{
    const sc_block *b = block;
    return b && (uintptr_t)p >= b->begin && (uintptr_t)p < b->end;
}

/*
 * A row the runtime reads keeps its text and bytes in one allocation with
 * the row (a list with its items, a loader's array with the parent's rows):
 * every value inside the row's block, large values spread over several text
 * chunks while reading, bytes with their length (empty and NULL too), a
 * value the program assigns freed by _free / _list_free, and the same rows
 * read again (the chunks reused). Valgrind checks nothing leaks or is freed
 * twice.
 */
static void test_rows_in_one_block(void **state)
{
    (void)state;
    char *big = malloc(20001);
    assert_non_null(big);
    memset(big, 'b', 20000);
    big[20000] = '\0';
    itest_author a;
    itest_author_init(&a);
    a.email = "block@example.com";
    a.name = big;
    a.has_bio = true;
    a.bio = "";
    uint8_t bytes[3] = {0, 1, 2};
    a.has_avatar = true;
    a.avatar = bytes;
    a.avatar_len = 3;
    itest_author *got = NULL;
    assert_int_equal(itest_author_create(&got, g_conn, &a), SC_OK);
    assert_non_null(got->sc__block);
    assert_true(in_block(got->name, got->sc__block) && in_block(got->email, got->sc__block));
    assert_true(in_block(got->bio, got->sc__block) && in_block(got->avatar, got->sc__block));
    assert_true(in_block(got->balance, got->sc__block));
    assert_int_equal(strlen(got->name), 20000);
    assert_string_equal(got->email, "block@example.com");
    assert_true(got->has_bio && strcmp(got->bio, "") == 0);
    assert_true(got->has_avatar && got->avatar_len == 3 && memcmp(got->avatar, bytes, 3) == 0);
    int32_t author = got->id;
    /* a member the program assigns is its own: not in the block, freed with the row */
    got->email = strdup("mine@example.com");
    assert_false(in_block(got->email, got->sc__block));
    itest_author_free(got);

    /* a value over a megabyte: the connection gives its large text chunk back after the read */
    enum { HUGE = (1 << 20) + 4096 };
    char *huge = malloc(HUGE + 1);
    assert_non_null(huge);
    memset(huge, 'h', HUGE);
    huge[HUGE] = '\0';
    a.email = "huge@example.com";
    a.name = "huge"; /* name is in a unique index: PostgreSQL's btree takes no megabyte keys */
    a.has_bio = true;
    a.bio = huge;
    a.has_avatar = false;
    for (int round = 0; round < 2; round++) {
        itest_author *h = NULL;
        assert_int_equal(round ? itest_author_find_by_email(&h, g_conn, "huge@example.com") : itest_author_create(&h, g_conn, &a), SC_OK);
        assert_true(h->has_bio && in_block(h->bio, h->sc__block) && strlen(h->bio) == HUGE && h->bio[HUGE - 1] == 'h');
        itest_author_free(h);
    }
    free(huge);

    /* a row whose only text is its name */
    itest_label l;
    itest_label_init(&l);
    l.name = "block-label";
    itest_label *lab = NULL;
    assert_int_equal(itest_label_create(&lab, g_conn, &l), SC_OK);
    assert_true(in_block(lab->name, lab->sc__block));
    itest_label_free(lab);

    enum { N = 30 };
    char *titles[N];
    for (int i = 0; i < N; i++) {
        size_t len = (size_t)i * 100 + 1;
        titles[i] = malloc(len + 1);
        assert_non_null(titles[i]);
        memset(titles[i], 'a' + i % 26, len);
        titles[i][len] = '\0';
        char slug[32];
        snprintf(slug, sizeof slug, "blk-%02d", i);
        itest_article_free(make_article(slug, titles[i], author));
    }
    /*
     * A loader's array per parent, the parents read by find_many. Three times:
     * the first read outgrows the connection's text chunks in the middle of
     * rows (those arrays are measured value by value), later reads fit in
     * the chunk kept (each row's values copied as one run).
     */
    itest_author *other = make_author("block2@example.com", "block2");
    itest_article_free(make_article("blk-other", "other's", other->id));
    for (int round = 0; round < 3; round++) {
        itest_author_list authors = {0};
        bool found[3];
        int32_t ids[3] = {author, -1, other->id};
        assert_int_equal(itest_author_find_many_by_id(&authors, g_conn, ids, 3, found), SC_OK);
        assert_true(found[0] && !found[1] && found[2] && authors.count == 2);
        assert_true(in_block(authors.items[0].name, authors.items[0].sc__block));
        assert_int_equal(itest_author_load_articles(g_conn, authors.items, authors.count), SC_OK);
        assert_int_equal(authors.items[0].articles_count, N);
        const itest_article *arts = authors.items[0].articles;
        for (size_t i = 0; i < N; i++) {
            assert_true(in_block(arts[i].title, arts[i].sc__block) && in_block(arts[i].id, arts[i].sc__block));
            assert_string_equal(arts[i].title, titles[atoi(arts[i].slug + 4)]);
        }
        assert_int_equal(authors.items[1].articles_count, 1);
        assert_string_equal(authors.items[1].articles[0].title, "other's");
        assert_true(in_block(authors.items[1].articles[0].slug, authors.items[1].articles[0].sc__block));
        itest_author_list_free(&authors);
    }
    itest_author_free(other);
    /* twice: first over several chunks, then over the one kept from the first read */
    for (int round = 0; round < 2; round++) {
        itest_article_list list = {0};
        assert_int_equal(itest_article_list_by_author_id(&list, g_conn, author), SC_OK);
        assert_int_equal(list.count, N);
        for (size_t i = 0; i < list.count; i++) {
            const itest_article *r = &list.items[i];
            assert_ptr_equal(r->sc__block, list.items[0].sc__block);
            assert_true(in_block(r->title, r->sc__block) && in_block(r->slug, r->sc__block) && in_block(r->id, r->sc__block));
            int k = atoi(r->slug + 4);
            assert_string_equal(r->title, titles[k]);
            assert_true(!r->has_body && r->body == NULL);
        }
        list.items[3].title = strdup("replaced");
        itest_article_list_free(&list);
        assert_null(list.items);
    }

    for (int i = 0; i < N; i++)
        free(titles[i]);
    free(big);
}

static void test_version_in_transaction(void **state)
{
    (void)state;
    itest_author *a = make_author("txver@example.com", "txver");
    itest_article *p = make_article("txver-post", "Versioned", a->id);
    assert_int_equal(sc_tx_begin(g_conn, SC_TX_DEFAULT), SC_OK);
    itest_article row = *p;
    row.version = p->version + 5;
    row.title = "Lost";
    itest_article *u = NULL;
    assert_int_equal(itest_article_update(&u, g_conn, &row), SC_ECONFLICT);
    assert_int_equal(itest_article_update_fields(&u, g_conn, &row, ITEST_ARTICLE_F_TITLE), SC_ECONFLICT);
    assert_int_equal(itest_article_delete(g_conn, p->id, row.version), SC_ECONFLICT);
    itest_article ghost = row;
    ghost.id = "00000000-0000-4000-8000-000000000001";
    assert_int_equal(itest_article_update(&u, g_conn, &ghost), SC_ENOTFOUND);
    assert_int_equal(itest_article_delete(g_conn, ghost.id, 1), SC_ENOTFOUND);
    /* the transaction is not failed: the current version still updates */
    row.version = p->version;
    row.title = "Kept";
    assert_int_equal(itest_article_update(&u, g_conn, &row), SC_OK);
    itest_article_free(u);
    u = NULL;
    /* a violation caught under a savepoint: the transaction goes on */
    assert_int_equal(sc_tx_try(g_conn, create_dup_author, "txver@example.com"), SC_EUNIQUE);
    itest_article *f = NULL;
    assert_int_equal(itest_article_find_by_id(&f, g_conn, p->id), SC_OK);
    assert_string_equal(f->title, "Kept");
    itest_article_free(f);
    f = NULL;
    assert_int_equal(sc_tx_commit(g_conn), SC_OK);
    assert_int_equal(itest_article_find_by_id(&f, g_conn, p->id), SC_OK);
    assert_string_equal(f->title, "Kept");
    itest_article_free(f);
    f = NULL;

    /* uncaught, the violation fails the transaction: nothing else runs, nothing is kept */
    assert_int_equal(sc_tx_begin(g_conn, SC_TX_DEFAULT), SC_OK);
    row.version = p->version + 1;
    row.title = "Gone";
    assert_int_equal(itest_article_update(&u, g_conn, &row), SC_OK);
    itest_article_free(u);
    u = NULL;
    assert_int_equal(create_dup_author(g_conn, "txver@example.com"), SC_EUNIQUE);
    assert_int_equal(itest_article_find_by_id(&f, g_conn, p->id), SC_ETXFAILED);
    assert_int_equal(sc_tx_commit(g_conn), SC_ETXFAILED);
    assert_int_equal(itest_article_find_by_id(&f, g_conn, p->id), SC_OK);
    assert_string_equal(f->title, "Kept");
    itest_article_free(f);
    itest_article_free(p);
    itest_author_free(a);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: test_cgen_db sqlite|pg DDL_FILE\n");
        return 2;
    }
    g_dialect = argv[1];
    g_ddl = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_find),
        cmocka_unit_test(test_nullable_and_defaults),
        cmocka_unit_test(test_constraint_violations),
        cmocka_unit_test(test_update),
        cmocka_unit_test(test_version_and_soft_delete),
        cmocka_unit_test(test_lists_and_pages),
        cmocka_unit_test(test_loaders_and_links),
        cmocka_unit_test(test_loaders_over_pointers),
        cmocka_unit_test(test_client_ids),
        cmocka_unit_test(test_create_many),
        cmocka_unit_test(test_upsert),
        cmocka_unit_test(test_returning_rules_and_find_many),
        cmocka_unit_test(test_compound_loaders),
        cmocka_unit_test(test_index_pages),
        cmocka_unit_test(test_live_unique),
        cmocka_unit_test(test_version_in_transaction),
        cmocka_unit_test(test_rows_in_one_block),
        cmocka_unit_test(test_loader_fails_whole),
        cmocka_unit_test(test_find_many_with),
        cmocka_unit_test(test_load_with),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
