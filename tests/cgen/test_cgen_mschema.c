/*
 * test_cgen_mschema.c - models in two PostgreSQL schemas (multi-schema,
 * schemas/mschema.prisma) through the generated code on a connection whose
 * search_path is the default ("public"): every statement names its table's
 * schema, so rows land in "auth" and "shop" and are read back from there.
 * Covers create (one, many by COPY, ids), find, find_many, update with a
 * version, upsert, loaders across schemas (forward, back, one-to-one and
 * the implicit many-to-many join table), pages, counts, soft delete,
 * restore, purge, two tables of one name in the two schemas, and two enum
 * types of one name there.
 *
 *   test_cgen_mschema DDL_FILE    in a fresh database of the test cluster
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

#include "ms.h"
#include "testdb.h"

static const char *g_ddl;

static sc_conn *open_db(void)
{
    return testdb_open_pg("cgen_mschema", g_ddl);
}

/* The one integer SQL returns. */
static int64_t scalar(sc_conn *conn, const char *sql)
{
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, conn, sql), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t v = -1;
    assert_int_equal(sc_stmt_column_int64(&v, st, 0), SC_OK);
    sc_stmt_release(st);
    return v;
}

static void check(sc_conn *conn, int rc)
{
    if (rc != SC_OK)
        fail_msg("rc %d: %s", rc, sc_conn_error(conn)->message);
}

static void test_rows_land_in_their_schemas(void **state)
{
    (void)state;
    sc_conn *conn = open_db();
    /* the connection creates in "public": nothing of the schema may land there */
    assert_int_equal(scalar(conn, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), 0);

    ms_account a;
    ms_account_init(&a);
    a.email = "ada@example.com";
    a.tier = MS_TIER_PRO;
    ms_account *ada = NULL;
    check(conn, ms_account_create(&ada, conn, &a));
    a.email = "bob@example.com";
    a.tier = MS_TIER_FREE;
    int32_t bob_id = 0;
    check(conn, ms_account_create_id(&bob_id, conn, &a));
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"auth\".\"Account\""), 2);

    /* many orders: COPY into "shop"."Order" */
    enum { NORDERS = 40 };
    ms_order orders[NORDERS];
    for (int i = 0; i < NORDERS; i++) {
        ms_order_init(&orders[i]);
        orders[i].account_id = i % 2 ? bob_id : ada->id;
        orders[i].tier = i % 3 ? MS_TIER_FREE : MS_TIER_PRO;
        orders[i].total = i;
    }
    orders[0].grade = MS_GRADE_LOW;
    check(conn, ms_order_create_many(conn, orders, NORDERS));
    int32_t ids[2];
    check(conn, ms_order_create_many_ids(ids, conn, orders, 2));
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"shop\".\"Order\""), NORDERS + 2);
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"shop\".\"Order\" WHERE tier = 'PRO'"), 14 + 1);
    /* "grade" is of the shop schema's type "Tier", not auth's */
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"shop\".\"Order\" WHERE grade = 'HIGH'"), NORDERS + 2 - 2);
    assert_int_equal(scalar(conn, "SELECT count(*) FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
                                  "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE a.attrelid = 'shop.\"Order\"'::regclass "
                                  "AND a.attname = 'grade' AND n.nspname = 'shop' AND t.typname = 'Tier'"),
                     1);
    int64_t n = 0;
    check(conn, ms_order_count_by_account_id(&n, conn, ada->id));
    assert_int_equal(n, NORDERS / 2 + 1);

    /* loaders across the two schemas */
    ms_account_list accounts = {0};
    check(conn, ms_account_list_page(&accounts, conn, NULL, 10, false));
    assert_int_equal(accounts.count, 2);
    check(conn, ms_account_load_orders(conn, accounts.items, accounts.count));
    assert_int_equal(accounts.items[0].orders_count, NORDERS / 2 + 1);
    assert_int_equal(accounts.items[1].orders_count, NORDERS / 2 + 1);
    ms_order *o = NULL;
    check(conn, ms_order_find_by_id(&o, conn, ids[0]));
    check(conn, ms_order_load_account(conn, o, 1));
    assert_non_null(o->account);
    assert_string_equal(o->account->email, "ada@example.com");
    assert_int_equal(o->account->tier, MS_TIER_PRO);

    /* soft delete, restore and purge in "shop" */
    check(conn, ms_order_delete(conn, o->id));
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"shop\".\"Order\" WHERE \"deletedAt\" IS NOT NULL"), 1);
    check(conn, ms_order_count(&n, conn));
    assert_int_equal(n, NORDERS + 1);
    check(conn, ms_order_restore(conn, o->id));
    check(conn, ms_order_purge(conn, o->id));
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"shop\".\"Order\""), NORDERS + 1);
    ms_order_free(o);

    /* the implicit many-to-many table lives in the schema of its first model ("auth") */
    ms_tag t;
    ms_tag_init(&t);
    t.name = "vip";
    ms_tag *vip = NULL;
    check(conn, ms_tag_upsert_by_name(&vip, conn, &t));
    check(conn, ms_account_link_tags(conn, ada->id, vip->id));
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"auth\".\"_AccountToTag\""), 1);
    check(conn, ms_account_load_tags(conn, accounts.items, accounts.count));
    assert_int_equal(accounts.items[0].tags_count, 1);
    assert_string_equal(accounts.items[0].tags[0].name, "vip");
    check(conn, ms_tag_load_accounts(conn, vip, 1));
    assert_int_equal(vip->accounts_count, 1);
    check(conn, ms_account_unlink_tags(conn, ada->id, vip->id));
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"auth\".\"_AccountToTag\""), 0);
    ms_tag_free(vip);

    /* one table name in both schemas: each model writes its own */
    ms_auth_note an;
    ms_auth_note_init(&an);
    an.text = "auth note";
    an.account_id = ada->id;
    check(conn, ms_auth_note_create(NULL, conn, &an));
    ms_shop_note sn;
    ms_shop_note_init(&sn);
    sn.text = "shop note";
    check(conn, ms_shop_note_create(NULL, conn, &sn));
    check(conn, ms_shop_note_create(NULL, conn, &sn));
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"auth\".\"notes\""), 1);
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"shop\".\"notes\""), 2);
    check(conn, ms_shop_note_count(&n, conn));
    assert_int_equal(n, 2);
    check(conn, ms_account_load_note(conn, accounts.items, accounts.count));
    assert_non_null(accounts.items[0].note);
    assert_string_equal(accounts.items[0].note->text, "auth note");

    /* update with the version check, then delete with it */
    ms_account up = accounts.items[1];
    up.tier = MS_TIER_PRO;
    ms_account *after = NULL;
    check(conn, ms_account_update_fields(&after, conn, &up, MS_ACCOUNT_F_TIER));
    assert_int_equal(after->tier, MS_TIER_PRO);
    assert_int_equal(after->version, up.version + 1);
    assert_int_equal(ms_account_update_fields(NULL, conn, &up, MS_ACCOUNT_F_TIER), SC_ECONFLICT);
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"auth\".\"Account\" WHERE tier = 'PRO'"), 2);
    const char *emails[] = {"ada@example.com", "nobody@example.com"};
    bool found[2];
    ms_account_list some = {0};
    check(conn, ms_account_find_many_by_email(&some, conn, emails, 2, found));
    assert_true(found[0]);
    assert_false(found[1]);
    ms_account_list_free(&some);
    ms_account c;
    ms_account_init(&c);
    c.email = "carol@example.com";
    int32_t carol = 0;
    check(conn, ms_account_create_id(&carol, conn, &c));
    assert_int_equal(ms_account_delete(conn, carol, 7), SC_ECONFLICT);
    check(conn, ms_account_delete(conn, carol, 0));
    assert_int_equal(scalar(conn, "SELECT count(*) FROM \"auth\".\"Account\""), 2);
    ms_account_free(after);
    ms_account_list_free(&accounts);
    ms_account_free(ada);
    sc_conn_close(conn);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_cgen_mschema DDL_FILE\n");
        return 2;
    }
    g_ddl = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_land_in_their_schemas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
