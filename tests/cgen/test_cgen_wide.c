/*
 * test_cgen_wide.c - a model whose statements are longer than a C string
 * literal may be (schemas/wide.prisma): the generated code keeps them in
 * pieces and joins them at run time. Every kind of statement runs once.
 *
 *   test_cgen_wide DDL_FILE    on a fresh SQLite file under SCHEMAC_TEST_TMP
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

#include "testutil.h"
#include "wide.h"

typedef wide_wide_record_with_a_very_long_name rec;

static const char *g_ddl;

static void test_wide_round_trip(void **state)
{
    (void)state;
    char url[1024];
    snprintf(url, sizeof url, "sqlite:%s/cgen_wide_%ld.sqlite", testutil_tmp_dir(), (long)getpid());
    unlink(url + 7);
    sc_conn *conn = NULL;
    assert_int_equal(sc_conn_open(&conn, url, NULL, NULL), SC_OK);
    char *ddl = testutil_read_file(g_ddl, NULL);
    assert_non_null(ddl);
    assert_int_equal(sc_conn_exec(conn, ddl), SC_OK);
    free(ddl);

    rec r;
    wide_wide_record_with_a_very_long_name_init(&r);
    r.has_measurement_column_number000 = true;
    r.measurement_column_number000 = "first";
    r.has_measurement_column_number149 = true;
    r.measurement_column_number149 = 149.5;
    rec *out = NULL;
    assert_int_equal(wide_wide_record_with_a_very_long_name_create(&out, conn, &r), SC_OK);
    assert_string_equal(out->measurement_column_number000, "first");
    assert_true(out->measurement_column_number149 == 149.5);
    assert_false(out->has_measurement_column_number001);

    rec *found = NULL;
    assert_int_equal(wide_wide_record_with_a_very_long_name_find_by_id(&found, conn, out->id), SC_OK);
    assert_true(found->has_measurement_column_number149);
    found->has_measurement_column_number001 = true;
    found->measurement_column_number001 = 42;
    rec *upd = NULL;
    assert_int_equal(wide_wide_record_with_a_very_long_name_update(&upd, conn, found), SC_OK);
    assert_int_equal(upd->measurement_column_number001, 42);

    rec many[3];
    for (int i = 0; i < 3; i++)
        wide_wide_record_with_a_very_long_name_init(&many[i]);
    assert_int_equal(wide_wide_record_with_a_very_long_name_create_many(conn, many, 3), SC_OK);
    int64_t n = 0;
    assert_int_equal(wide_wide_record_with_a_very_long_name_count(&n, conn), SC_OK);
    assert_true(n == 4);
    wide_wide_record_with_a_very_long_name_list page = {NULL, 0};
    assert_int_equal(wide_wide_record_with_a_very_long_name_list_page(&page, conn, out, 10, false), SC_OK);
    assert_int_equal(page.count, 3);
    wide_wide_record_with_a_very_long_name_list_free(&page);
    assert_int_equal(wide_wide_record_with_a_very_long_name_delete(conn, out->id), SC_OK);
    rec *gone = NULL;
    assert_int_equal(wide_wide_record_with_a_very_long_name_find_by_id(&gone, conn, out->id), SC_ENOTFOUND);
    assert_null(gone);

    wide_wide_record_with_a_very_long_name_free(found);
    wide_wide_record_with_a_very_long_name_free(upd);
    wide_wide_record_with_a_very_long_name_free(out);
    sc_conn_close(conn);
    unlink(url + 7);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_cgen_wide DDL_FILE\n");
        return 2;
    }
    g_ddl = argv[1];
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_wide_round_trip)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
