/*
 * test_cgen_lists.c - PostgreSQL scalar lists (schemas/lists.prisma): every
 * element type the generated code supports round-trips through create,
 * find, update and update_fields, text elements full of quotes, braces,
 * commas, backslashes and the word NULL included.
 *
 *   test_cgen_lists DDL_FILE    in a fresh database of the test cluster
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

#include "lists.h"
#include "testdb.h"

static const char *g_ddl;

static sc_conn *open_db(void)
{
    return testdb_open_pg("cgen_lists", g_ddl);
}

static void test_lists_round_trip(void **state)
{
    (void)state;
    sc_conn *conn = open_db();
    char *names[] = {"plain", "with \"quotes\" and 'single'", "{braces,commas}", "back\\slash", "NULL", "",
                     "line\nbreak \xc3\xa9\xf0\x9f\x98\x80"};
    int32_t counts[] = {0, -1, 2147483647};
    int64_t bigs[] = {INT64_C(-9007199254740993), 0};
    double ratios[] = {0.5, -1e-300, 3.141592653589793};
    bool flags[] = {true, false, true};
    lists_color colors[] = {LISTS_COLOR_GREEN, LISTS_COLOR_RED};

    lists_bag b;
    lists_bag_init(&b);
    b.label = "bag";
    b.names = names;
    b.names_count = sizeof names / sizeof names[0];
    b.counts = counts;
    b.counts_count = 3;
    b.bigs = bigs;
    b.bigs_count = 2;
    b.ratios = ratios;
    b.ratios_count = 3;
    b.flags = flags;
    b.flags_count = 3;
    b.colors = colors;
    b.colors_count = 2;
    lists_bag *out = NULL;
    int rc = lists_bag_create(&out, conn, &b);
    if (rc != SC_OK)
        fprintf(stderr, "create: %s\n", sc_conn_error(conn)->message);
    assert_int_equal(rc, SC_OK);

    lists_bag *f = NULL;
    assert_int_equal(lists_bag_find_by_id(&f, conn, out->id), SC_OK);
    assert_int_equal(f->names_count, b.names_count);
    for (size_t i = 0; i < b.names_count; i++)
        assert_string_equal(f->names[i], names[i]);
    assert_int_equal(f->counts_count, 3);
    assert_memory_equal(f->counts, counts, sizeof counts);
    assert_int_equal(f->bigs_count, 2);
    assert_true(f->bigs[0] == bigs[0]);
    assert_int_equal(f->ratios_count, 3);
    for (size_t i = 0; i < 3; i++)
        assert_true(f->ratios[i] == ratios[i]);
    assert_int_equal(f->flags_count, 3);
    assert_true(f->flags[0] && !f->flags[1] && f->flags[2]);
    assert_int_equal(f->colors_count, 2);
    assert_int_equal(f->colors[0], LISTS_COLOR_GREEN);
    assert_int_equal(f->colors[1], LISTS_COLOR_RED);

    /* find_many with the key twice: each copy of the row owns its own lists (freed once each: ASan, valgrind) */
    int32_t keys[3] = {out->id, 987654, out->id};
    bool found[3];
    lists_bag_list many = {0};
    assert_int_equal(lists_bag_find_many_by_id(&many, conn, keys, 3, found), SC_OK);
    assert_int_equal(many.count, 2);
    assert_true(found[0] && !found[1] && found[2]);
    for (size_t r = 0; r < 2; r++) {
        assert_int_equal(many.items[r].names_count, b.names_count);
        assert_string_equal(many.items[r].names[0], names[0]);
        assert_int_equal(many.items[r].counts_count, 3);
        assert_memory_equal(many.items[r].counts, counts, sizeof counts);
    }
    assert_true(many.items[0].names != many.items[1].names);
    lists_bag_list_free(&many);
    /* a result that names a key position twice fails after a row with lists was read: nothing leaks (ASan, valgrind) */
#define BAG_COLS "t.\"id\", t.\"label\", array_to_json(t.\"names\"), array_to_json(t.\"counts\"), array_to_json(t.\"bigs\"), " \
                 "array_to_json(t.\"ratios\"), array_to_json(t.\"flags\"), array_to_json(t.\"colors\"), 0 AS idx FROM \"Bag\" AS t WHERE t.\"id\" = $1"
    sc_stmt *twice = NULL;
    assert_int_equal(sc_stmt_prepare(&twice, conn, "SELECT " BAG_COLS " UNION ALL SELECT " BAG_COLS), SC_OK);
    assert_int_equal(sc_stmt_bind_int32(twice, 1, out->id), SC_OK);
    many.count = 99;
    assert_int_equal(sc_stmt_fetch_placed(&many, found, twice, SC_OK, 1, 8, &lists_bag__model), SC_ERROR);
    assert_int_equal(many.count, 99); /* left alone */
#undef BAG_COLS

    /* Whole-row update to empty lists, then a masked update of one list. */
    lists_bag e;
    lists_bag_init(&e);
    e.id = out->id;
    e.label = "empty";
    lists_bag *u = NULL;
    assert_int_equal(lists_bag_update(&u, conn, &e), SC_OK);
    assert_int_equal(u->names_count, 0);
    assert_int_equal(u->colors_count, 0);
    lists_bag_free(u);
    u = NULL;
    char *two[] = {"a,b", "}"};
    e.names = two;
    e.names_count = 2;
    e.label = "ignored";
    assert_int_equal(lists_bag_update_fields(&u, conn, &e, LISTS_BAG_F_NAMES), SC_OK);
    assert_int_equal(u->names_count, 2);
    assert_string_equal(u->names[0], "a,b");
    assert_string_equal(u->names[1], "}");
    assert_string_equal(u->label, "empty");

    /* An enum value out of range never reaches the database. */
    lists_color bad[] = {(lists_color)7};
    e.colors = bad;
    e.colors_count = 1;
    assert_int_equal(lists_bag_update(NULL, conn, &e), SC_EINVAL);

    lists_bag_free(u);
    lists_bag_free(f);
    lists_bag_free(out);
    sc_conn_close(conn);
}

/* DateTime[], Decimal[], Json[] and Bytes[]: every element back exactly, hostile text included. */
static void test_text_typed_lists(void **state)
{
    (void)state;
    sc_conn *conn = open_db();
    sc_timestamp times[3];
    assert_int_equal(sc_timestamp_from_parts(&times[0], 2024, 5, 6, 7, 8, 9, 123000), SC_OK);
    assert_int_equal(sc_timestamp_from_parts(&times[1], 1969, 12, 31, 23, 59, 59, 0), SC_OK);
    assert_int_equal(sc_timestamp_from_parts(&times[2], 9999, 1, 1, 0, 0, 0, 999000), SC_OK);
    char *prices[] = {"12.50", "-0.000000000000000000000000000001", "99999999999999999999999999999999999"};
    char *docs[] = {"{\"a\": [1, {\"b\": \"x,]}\"}]}", "[1, 2]", "\"it's \\\"quoted\\\"\"", "null", "3.5"};
    uint8_t b0[] = {0x00, 0xff, 0x5c, 0x22, 0x27};
    uint8_t *blobs[] = {b0, (uint8_t *)"", (uint8_t *)"\\x41"};
    size_t lens[] = {sizeof b0, 0, 4};

    lists_crate c;
    lists_crate_init(&c);
    c.times = times;
    c.times_count = 3;
    c.prices = prices;
    c.prices_count = 3;
    c.docs = docs;
    c.docs_count = 5;
    c.blobs = blobs;
    c.blobs_lens = lens;
    c.blobs_count = 3;
    lists_crate *out = NULL;
    int rc = lists_crate_create(&out, conn, &c);
    if (rc != SC_OK)
        fprintf(stderr, "create: %s\n", sc_conn_error(conn)->message);
    assert_int_equal(rc, SC_OK);

    lists_crate *f = NULL;
    assert_int_equal(lists_crate_find_by_id(&f, conn, out->id), SC_OK);
    assert_int_equal(f->times_count, 3);
    for (size_t i = 0; i < 3; i++)
        assert_true(f->times[i] == times[i]);
    assert_int_equal(f->prices_count, 3);
    /* DECIMAL(65,30) pads the scale: compare the values. */
    assert_true(strncmp(f->prices[0], "12.50", 5) == 0);
    assert_true(strncmp(f->prices[1], "-0.000000000000000000000000000001", 33) == 0);
    assert_true(strncmp(f->prices[2], "99999999999999999999999999999999999.", 36) == 0);
    /* JSONB normalizes spacing: the values must still be the same JSON. */
    assert_int_equal(f->docs_count, 5);
    assert_string_equal(f->docs[0], "{\"a\": [1, {\"b\": \"x,]}\"}]}");
    assert_string_equal(f->docs[1], "[1, 2]");
    assert_string_equal(f->docs[2], "\"it's \\\"quoted\\\"\"");
    assert_string_equal(f->docs[3], "null");
    assert_string_equal(f->docs[4], "3.5");
    assert_int_equal(f->blobs_count, 3);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(f->blobs_lens[i], lens[i]);
        if (lens[i])
            assert_memory_equal(f->blobs[i], blobs[i], lens[i]);
    }

    /* Emptied by a masked update. */
    lists_crate e;
    lists_crate_init(&e);
    e.id = out->id;
    lists_crate *u = NULL;
    assert_int_equal(lists_crate_update_fields(&u, conn, &e, LISTS_CRATE_F_BLOBS | LISTS_CRATE_F_TIMES), SC_OK);
    assert_int_equal(u->blobs_count, 0);
    assert_int_equal(u->times_count, 0);
    assert_int_equal(u->docs_count, 5);

    lists_crate_free(u);
    lists_crate_free(f);
    lists_crate_free(out);
    sc_conn_close(conn);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_cgen_lists DDL_FILE\n");
        return 2;
    }
    g_ddl = argv[1];
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_lists_round_trip),
                                       cmocka_unit_test(test_text_typed_lists)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
