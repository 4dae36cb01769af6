/*
 * test_rt_fields.c - rows described by a table of sc_field (schemac/fields.h):
 * bound for INSERT and UPDATE ... SET, read back and freed, on SQLite or
 * PostgreSQL (argv[1] "pg"), under valgrind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "rt_test.h"

static int g_pg;
static char g_url[600];
static char g_dbname[128];

typedef enum color { COLOR_RED, COLOR_GREEN, COLOR_BLUE } color;
static const char *const color_names[] = {"red", "green", "blue"};
static const sc_enum_type color_type = {color_names, 3};

typedef struct row {
    int64_t id;
    char *code; /* client-side id when NULL */
    char *name;
    bool has_name;
    int32_t qty;
    double ratio;
    bool has_ratio;
    bool flag;
    color tint;
    char *price; /* Decimal */
    bool has_price;
    uint8_t *data;
    size_t data_len;
    bool has_data;
    sc_timestamp created; /* default now() */
    sc_timestamp updated; /* @updatedAt */
    char **tags;
    size_t tags_count;
    int64_t *nums;
    size_t nums_count;
    color *tints;
    size_t tints_count;
} row;

enum { F_CODE = 1, F_NAME = 2, F_QTY = 4, F_RATIO = 8, F_FLAG = 16, F_TINT = 32, F_PRICE = 64, F_DATA = 128, F_CREATED = 256,
       F_TAGS = 512, F_NUMS = 1024, F_TINTS = 2048 };

#define IS (SC_FIELD_INSERT | SC_FIELD_SET)
static const sc_field fields[] = {
    {.type = SC_FIELD_INT64, .at = offsetof(row, id)},
    {.type = SC_FIELD_TEXT, .flags = IS, .gen = SC_GEN_NANOID, .gen_len = 12, .at = offsetof(row, code), .mask = F_CODE},
    {.type = SC_FIELD_TEXT, .flags = IS | SC_FIELD_NULLABLE, .at = offsetof(row, name), .has_at = offsetof(row, has_name), .mask = F_NAME},
    {.type = SC_FIELD_INT32, .flags = IS, .at = offsetof(row, qty), .mask = F_QTY},
    {.type = SC_FIELD_DOUBLE, .flags = IS | SC_FIELD_NULLABLE, .at = offsetof(row, ratio), .has_at = offsetof(row, has_ratio), .mask = F_RATIO},
    {.type = SC_FIELD_BOOL, .flags = IS, .at = offsetof(row, flag), .mask = F_FLAG},
    {.type = SC_FIELD_ENUM, .flags = IS, .at = offsetof(row, tint), .value_size = sizeof(color), .enum_type = &color_type, .mask = F_TINT},
    {.type = SC_FIELD_DECIMAL, .flags = IS | SC_FIELD_NULLABLE, .at = offsetof(row, price), .has_at = offsetof(row, has_price), .mask = F_PRICE},
    {.type = SC_FIELD_BYTES, .flags = IS | SC_FIELD_NULLABLE, .at = offsetof(row, data), .has_at = offsetof(row, has_data),
     .len_at = offsetof(row, data_len), .mask = F_DATA},
    {.type = SC_FIELD_TIMESTAMP, .flags = IS | SC_FIELD_NOW, .at = offsetof(row, created), .mask = F_CREATED},
    {.type = SC_FIELD_TIMESTAMP, .flags = IS | SC_FIELD_UPDATED_AT, .at = offsetof(row, updated)},
    {.type = SC_FIELD_TEXT, .flags = IS | SC_FIELD_LIST, .at = offsetof(row, tags), .len_at = offsetof(row, tags_count), .mask = F_TAGS},
    {.type = SC_FIELD_INT64, .flags = IS | SC_FIELD_LIST, .at = offsetof(row, nums), .len_at = offsetof(row, nums_count), .mask = F_NUMS},
    {.type = SC_FIELD_ENUM, .flags = IS | SC_FIELD_LIST, .at = offsetof(row, tints), .len_at = offsetof(row, tints_count),
     .value_size = sizeof(color), .enum_type = &color_type, .mask = F_TINTS},
};
enum { NF = sizeof fields / sizeof *fields };

static const char *schema_sqlite =
    "DROP TABLE IF EXISTS \"F\";"
    "CREATE TABLE \"F\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT, \"code\" TEXT NOT NULL, \"name\" TEXT, \"qty\" INTEGER NOT NULL,"
    " \"ratio\" REAL, \"flag\" BOOLEAN NOT NULL, \"tint\" TEXT NOT NULL, \"price\" DECIMAL, \"data\" BLOB,"
    " \"created\" DATETIME NOT NULL, \"updated\" DATETIME NOT NULL, \"tags\" JSONB NOT NULL, \"nums\" JSONB NOT NULL,"
    " \"tints\" JSONB NOT NULL)";
static const char *schema_pg =
    "DROP TABLE IF EXISTS \"F\"; DROP TYPE IF EXISTS \"Color\"; CREATE TYPE \"Color\" AS ENUM ('red', 'green', 'blue');"
    "CREATE TABLE \"F\" (\"id\" BIGSERIAL PRIMARY KEY, \"code\" TEXT NOT NULL, \"name\" TEXT, \"qty\" INTEGER NOT NULL,"
    " \"ratio\" DOUBLE PRECISION, \"flag\" BOOLEAN NOT NULL, \"tint\" \"Color\" NOT NULL, \"price\" DECIMAL(10,2), \"data\" BYTEA,"
    " \"created\" TIMESTAMP(3) NOT NULL, \"updated\" TIMESTAMP(3) NOT NULL, \"tags\" TEXT[] NOT NULL, \"nums\" BIGINT[] NOT NULL,"
    " \"tints\" \"Color\"[] NOT NULL)";

#define COLS "\"id\", \"code\", \"name\", \"qty\", \"ratio\", \"flag\", \"tint\", \"price\", \"data\", \"created\", \"updated\""
static const char *insert_sqlite =
    "INSERT INTO \"F\" (\"code\", \"name\", \"qty\", \"ratio\", \"flag\", \"tint\", \"price\", \"data\", \"created\", \"updated\","
    " \"tags\", \"nums\", \"tints\") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) RETURNING \"id\"";
static const char *insert_pg =
    "INSERT INTO \"F\" (\"code\", \"name\", \"qty\", \"ratio\", \"flag\", \"tint\", \"price\", \"data\", \"created\", \"updated\","
    " \"tags\", \"nums\", \"tints\") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " CAST(ARRAY(SELECT json_array_elements_text(CAST($11 AS JSON))) AS TEXT[]),"
    " CAST(ARRAY(SELECT json_array_elements_text(CAST($12 AS JSON))) AS BIGINT[]),"
    " CAST(ARRAY(SELECT json_array_elements_text(CAST($13 AS JSON))) AS \"Color\"[])) RETURNING \"id\"";
static const char *select_sqlite = "SELECT " COLS ", \"tags\", \"nums\", \"tints\" FROM \"F\" WHERE \"id\" = ?1";
static const char *select_pg =
    "SELECT " COLS ", array_to_json(\"tags\"), array_to_json(\"nums\"), array_to_json(\"tints\") FROM \"F\" WHERE \"id\" = $1";

static sc_conn *open_conn(void)
{
    sc_conn *c = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_conn_open(&c, g_url, NULL, &err) != SC_OK)
        fail_msg("open: %s", err.message);
    if (sc_conn_exec(c, g_pg ? schema_pg : schema_sqlite) != SC_OK)
        fail_msg("schema: %s", sc_conn_error(c)->message);
    return c;
}

static int64_t insert(sc_conn *c, const row *r, sc_timestamp now)
{
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, g_pg ? insert_pg : insert_sqlite), SC_OK);
    assert_int_equal(sc_fields_bind_insert(st, 0, r, fields, NF, now), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int64_t id = 0;
    assert_int_equal(sc_stmt_column_int64(&id, st, 0), SC_OK);
    sc_stmt_release(st);
    return id;
}

static int fetch(row *out, sc_conn *c, int64_t id)
{
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, g_pg ? select_pg : select_sqlite), SC_OK);
    assert_int_equal(sc_stmt_bind_int64(st, 1, id), SC_OK);
    assert_int_equal(sc_stmt_step(st), SC_ROW);
    int rc = sc_fields_read(out, sizeof *out, st, fields, NF);
    sc_stmt_release(st);
    return rc;
}

static void test_insert_read_clear(void **state)
{
    (void)state;
    sc_conn *c = open_conn();
    char *tags[] = {"a", "b\"c", NULL};
    int64_t nums[] = {INT64_MIN, 0, 42};
    color tints[] = {COLOR_BLUE, COLOR_RED};
    uint8_t data[] = {0, 1, 255};
    row in = {.name = "Ann", .has_name = true, .qty = -7, .ratio = 0.5, .has_ratio = true, .flag = true, .tint = COLOR_GREEN,
              .price = "12.25", .has_price = true, .data = data, .data_len = 3, .has_data = true, .tags = tags, .tags_count = 3,
              .nums = nums, .nums_count = 3, .tints = tints, .tints_count = 2};
    sc_timestamp now = 1700000000123000LL; /* microseconds, ms precision */
    int64_t id = insert(c, &in, now);

    row out;
    assert_int_equal(fetch(&out, c, id), SC_OK);
    assert_int_equal(out.id, id);
    assert_non_null(out.code);
    assert_int_equal(strlen(out.code), 12); /* the nanoid the insert generated */
    assert_true(out.has_name);
    assert_string_equal(out.name, "Ann");
    assert_int_equal(out.qty, -7);
    assert_true(out.has_ratio);
    assert_true(out.ratio == 0.5);
    assert_true(out.flag);
    assert_int_equal(out.tint, COLOR_GREEN);
    assert_true(out.has_price);
    assert_string_equal(out.price, "12.25");
    assert_true(out.has_data);
    assert_int_equal(out.data_len, 3);
    assert_memory_equal(out.data, data, 3);
    assert_true(out.created == now); /* unset default now(): the clock the caller passed */
    assert_true(out.updated == now);
    assert_int_equal(out.tags_count, 3);
    assert_string_equal(out.tags[0], "a");
    assert_string_equal(out.tags[1], "b\"c");
    assert_null(out.tags[2]);
    assert_int_equal(out.nums_count, 3);
    assert_true(out.nums[0] == INT64_MIN && out.nums[2] == 42);
    assert_int_equal(out.tints_count, 2);
    assert_int_equal(out.tints[0], COLOR_BLUE);
    assert_int_equal(out.tints[1], COLOR_RED);
    sc_fields_clear(&out, fields, NF);
    assert_null(out.code);
    assert_null(out.tags);
    assert_int_equal(out.tags_count, 0);
    assert_null(out.data);
    assert_int_equal(out.data_len, 0);

    /* NULLs, a caller's code and creation time, empty lists */
    row in2 = {.code = "mine", .qty = 1, .tint = COLOR_RED, .created = 1000};
    int64_t id2 = insert(c, &in2, now);
    assert_int_equal(fetch(&out, c, id2), SC_OK);
    assert_string_equal(out.code, "mine");
    assert_false(out.has_name);
    assert_null(out.name);
    assert_false(out.has_ratio);
    assert_false(out.has_price);
    assert_false(out.has_data);
    assert_true(out.created == 1000);
    assert_int_equal(out.tags_count, 0);
    assert_int_equal(out.tints_count, 0);
    sc_fields_clear(&out, fields, NF);
    sc_conn_close(c);
}

static void test_set_by_mask(void **state)
{
    (void)state;
    sc_conn *c = open_conn();
    row in = {.name = "Ann", .has_name = true, .qty = 1, .tint = COLOR_RED};
    int64_t id = insert(c, &in, 5000);
    /* SET "name", "tint", "updated" (always): the mask picks two of the settable fields */
    const char *upd = g_pg ? "UPDATE \"F\" SET \"name\" = $1, \"tint\" = $2, \"updated\" = $3 WHERE \"id\" = $4"
                           : "UPDATE \"F\" SET \"name\" = ?1, \"tint\" = ?2, \"updated\" = ?3 WHERE \"id\" = ?4";
    row ch = {.name = NULL, .has_name = false, .qty = 99, .tint = COLOR_BLUE};
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, upd), SC_OK);
    int n = 0;
    assert_int_equal(sc_fields_bind_set(st, &ch, fields, NF, F_NAME | F_TINT, &n), SC_OK);
    assert_int_equal(n, 3);
    assert_int_equal(sc_stmt_bind_int64(st, ++n, id), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    sc_stmt_release(st);
    row out;
    assert_int_equal(fetch(&out, c, id), SC_OK);
    assert_false(out.has_name);
    assert_int_equal(out.tint, COLOR_BLUE);
    assert_int_equal(out.qty, 1); /* not in the mask */
    assert_true(out.updated > 5000);
    sc_fields_clear(&out, fields, NF);
    sc_conn_close(c);
}

static void test_bad_values(void **state)
{
    (void)state;
    sc_conn *c = open_conn();
    /* an enum value out of range binds as an error, never as another value */
    row bad = {.qty = 1, .tint = (color)7};
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, g_pg ? insert_pg : insert_sqlite), SC_OK);
    assert_int_equal(sc_fields_bind_insert(st, 0, &bad, fields, NF, 1), SC_EINVAL);
    sc_stmt_release(st);
    assert_null(sc_enum_name(&color_type, &bad.tint, sizeof bad.tint));
    /* an enum name the type does not know: SC_ETYPE, and nothing left allocated */
    if (!g_pg) {
        row in = {.name = "x", .has_name = true, .qty = 1};
        int64_t id = insert(c, &in, 1);
        char sql[128];
        snprintf(sql, sizeof sql, "UPDATE \"F\" SET \"tint\" = 'purple' WHERE \"id\" = %lld", (long long)id);
        assert_int_equal(sc_conn_exec(c, sql), SC_OK);
        row out;
        assert_int_equal(fetch(&out, c, id), SC_ETYPE);
        assert_null(out.code);
        assert_null(out.name);
    }
    sc_conn_close(c);
}

/* ---------------------------------------------------------------- whole calls over a key */

typedef struct row_list {
    row *items;
    size_t count;
} row_list;

static int row_read(void *p, sc_stmt *st)
{
    return sc_fields_read(p, sizeof(row), st, fields, NF);
}

static void row_clear(void *p)
{
    sc_fields_clear(p, fields, NF);
    memset(p, 0, sizeof(row));
}

static const sc_model fn_model = {sizeof(row), offsetof(row_list, count), row_read, row_clear, NULL, 0, 0, NULL};
/* the same rows read and freed by the runtime from the field table alone */
static const sc_model table_model = {sizeof(row), offsetof(row_list, count), NULL, NULL, fields, NF, 0, NULL};
/* the model test_keyed_calls runs with (both, in turn) */
static const sc_model *g_model = &fn_model;
#define row_model (*g_model)

static int bind_rows(sc_stmt *st, const void *rows, size_t n, sc_timestamp now)
{
    int rc = SC_OK;
    for (size_t r = 0; rc == SC_OK && r < n; r++)
        rc = sc_fields_bind_insert(st, (int)r * 13, (const row *)rows + r, fields, NF, now);
    return rc;
}

#define ALL_LITE COLS ", \"tags\", \"nums\", \"tints\""
#define ALL_PG COLS ", array_to_json(\"tags\"), array_to_json(\"nums\"), array_to_json(\"tints\")"
#define T_COLS "t.\"id\", t.\"code\", t.\"name\", t.\"qty\", t.\"ratio\", t.\"flag\", t.\"tint\", t.\"price\", t.\"data\", t.\"created\", t.\"updated\""
#define T_LITE T_COLS ", t.\"tags\", t.\"nums\", t.\"tints\""
#define T_PG T_COLS ", array_to_json(t.\"tags\"), array_to_json(t.\"nums\"), array_to_json(t.\"tints\")"
#define SITE_SEL(lite, pg) SC_STMT_SITE("SELECT " ALL_LITE " FROM \"F\"" lite, "SELECT " ALL_PG " FROM \"F\"" pg)

/* A row that points at another by id (nullable) and by id and quantity: what sc_load_by fills. */
typedef struct ref {
    int64_t id;
    bool has_id;
    int32_t qty;
    row *match;
} ref;

static void test_keyed_calls(void **state)
{
    (void)state;
    sc_conn *c = open_conn();
    char *tags[] = {"a"};
    row in[3] = {
        {.code = "c1", .name = "ann", .has_name = true, .qty = 5, .tint = COLOR_RED, .tags = tags, .tags_count = 1},
        {.code = "c2", .qty = 5, .tint = COLOR_BLUE},
        {.code = "c3", .name = "cy", .has_name = true, .qty = 9, .tint = COLOR_BLUE},
    };
    /* the INSERT with every column back, without, and (SQLite: last_insert_rowid; PostgreSQL: RETURNING) for the id */
    char ret[4096], bare[2048];
    const char *ins = g_pg ? insert_pg : insert_sqlite;
    int cut = (int)(strlen(ins) - strlen(" RETURNING \"id\""));
    snprintf(bare, sizeof bare, "%.*s", cut, ins);
    snprintf(ret, sizeof ret, "%s RETURNING %s", bare, g_pg ? ALL_PG : ALL_LITE);
    sc_stmt_site ins_ret = SC_STMT_SITE(ret, ret), ins_bare = SC_STMT_SITE(bare, bare), ins_id = SC_STMT_SITE(g_pg ? ins : bare, ins);

    /* insert: the stored row handed out, none, or only the id */
    row *got = NULL;
    assert_int_equal(sc_insert_row(&got, c, &ins_ret, &ins_bare, &in[0], bind_rows, &row_model, 1000), SC_OK);
    assert_non_null(got);
    assert_string_equal(got->name, "ann");
    assert_int_equal(got->tags_count, 1);
    int64_t id0 = got->id;
    sc_row_free(got, &row_model);
    assert_int_equal(sc_insert_row(NULL, c, &ins_ret, &ins_bare, &in[1], bind_rows, &row_model, 1000), SC_OK);
    int64_t id2 = 0;
    assert_int_equal(sc_insert_row_id(&id2, c, &ins_id, &in[2], bind_rows, 1000), SC_OK);
    assert_true(id2 > id0);

    /* find by two argument values (an int32 and a text) */
    static sc_stmt_site find = SITE_SEL(" WHERE \"qty\" = ?1 AND \"code\" = ?2", " WHERE \"qty\" = $1 AND \"code\" = $2");
    static const sc_field by_qty_code[] = {{.type = SC_FIELD_INT32}, {.type = SC_FIELD_TEXT}};
    int32_t qty = 9;
    const char *code = "c3";
    assert_int_equal(sc_find_by(&got, c, &find, by_qty_code, 2, (const void *const[]){&qty, &code}, &row_model), SC_OK);
    assert_int_equal(got->id, id2);
    assert_string_equal(got->name, "cy");
    sc_row_free(got, &row_model);
    code = "c1";
    got = NULL;
    assert_int_equal(sc_find_by(&got, c, &find, by_qty_code, 2, (const void *const[]){&qty, &code}, &row_model), SC_ENOTFOUND);
    assert_null(got);

    /* list and count by an enum argument */
    static sc_stmt_site list = SITE_SEL(" WHERE \"tint\" = ?1 ORDER BY \"id\"", " WHERE \"tint\" = $1 ORDER BY \"id\"");
    static sc_stmt_site count = SC_STMT_SITE("SELECT COUNT(*) FROM \"F\" WHERE \"tint\" = ?1", NULL);
    static const sc_field by_tint[] = {{.type = SC_FIELD_ENUM, .value_size = sizeof(color), .enum_type = &color_type}};
    color tint = COLOR_BLUE;
    row_list rows = {0};
    assert_int_equal(sc_list_by(&rows, c, &list, by_tint, 1, (const void *const[]){&tint}, &row_model), SC_OK);
    assert_int_equal(rows.count, 2);
    assert_string_equal(rows.items[0].code, "c2");
    assert_false(rows.items[0].has_name);
    assert_string_equal(rows.items[1].code, "c3");
    sc_list_free(&rows, &row_model);
    int64_t n = -1;
    assert_int_equal(sc_count_by(&n, c, &count, by_tint, 1, (const void *const[]){&tint}), SC_OK);
    assert_int_equal(n, 2);
    tint = COLOR_GREEN;
    assert_int_equal(sc_count_by(&n, c, &count, by_tint, 1, (const void *const[]){&tint}), SC_OK);
    assert_int_equal(n, 0);
    /* an enum value out of range is an error, not another value */
    tint = (color)9;
    assert_int_equal(sc_count_by(&n, c, &count, by_tint, 1, (const void *const[]){&tint}), SC_EINVAL);

    /* keyset pages over (qty, id), the cursor's values taken from a row */
    static sc_stmt_site pages[4] = {
        SITE_SEL(" ORDER BY \"qty\", \"id\" LIMIT ?1", " ORDER BY \"qty\", \"id\" LIMIT $1"),
        SITE_SEL(" ORDER BY \"qty\" DESC, \"id\" DESC LIMIT ?1", " ORDER BY \"qty\" DESC, \"id\" DESC LIMIT $1"),
        SITE_SEL(" WHERE (\"qty\", \"id\") > (?1, ?2) ORDER BY \"qty\", \"id\" LIMIT ?3", " WHERE (\"qty\", \"id\") > ($1, $2) ORDER BY \"qty\", \"id\" LIMIT $3"),
        SITE_SEL(" WHERE (\"qty\", \"id\") < (?1, ?2) ORDER BY \"qty\" DESC, \"id\" DESC LIMIT ?3", " WHERE (\"qty\", \"id\") < ($1, $2) ORDER BY \"qty\" DESC, \"id\" DESC LIMIT $3"),
    };
    static const sc_field page_key[] = {{.type = SC_FIELD_INT32, .at = offsetof(row, qty)}, {.type = SC_FIELD_INT64, .at = offsetof(row, id)}};
    assert_int_equal(sc_list_page(&rows, c, pages, page_key, 2, NULL, 2, false, &row_model), SC_OK);
    assert_int_equal(rows.count, 2);
    assert_int_equal(rows.items[0].id, id0);
    row_list next = {0};
    assert_int_equal(sc_list_page(&next, c, pages, page_key, 2, &rows.items[1], 2, false, &row_model), SC_OK);
    assert_int_equal(next.count, 1);
    assert_int_equal(next.items[0].id, id2);
    sc_list_free(&next, &row_model);
    assert_int_equal(sc_list_page(&next, c, pages, page_key, 2, &rows.items[1], 5, true, &row_model), SC_OK);
    assert_int_equal(next.count, 1);
    assert_int_equal(next.items[0].id, id0);
    sc_list_free(&next, &row_model);
    sc_list_free(&rows, &row_model);

    /* rows for a list of ids, in the caller's order, a missing one reported */
    static sc_stmt_site many = SC_STMT_SITE(
        "SELECT " T_LITE ", k.\"key\" AS idx FROM json_each(?1) AS k JOIN \"F\" AS t ON t.\"id\" = k.\"value\"",
        "SELECT " T_PG ", k.ord - 1 AS idx FROM unnest(CAST($1 AS BIGINT[])) WITH ORDINALITY AS k(v, ord) JOIN \"F\" AS t ON t.\"id\" = k.v");
    static const sc_field id_key = {.type = SC_FIELD_INT64};
    int64_t ids[3] = {id2, id2 + 100, id0};
    bool found[3];
    assert_int_equal(sc_find_many(&rows, found, c, &many, &id_key, ids, 3, (int)NF, &row_model), SC_OK);
    assert_int_equal(rows.count, 2);
    assert_true(found[0] && !found[1] && found[2]);
    assert_int_equal(rows.items[0].id, id2);
    assert_int_equal(rows.items[1].id, id0);
    sc_list_free(&rows, &row_model);

    /* a loader keyed by a nullable id: an unset one loads nothing */
    static sc_stmt_site load = SC_STMT_SITE(
        "SELECT " T_LITE ", k.\"key\" AS idx FROM json_each(?1) AS k JOIN \"F\" AS t ON t.\"id\" = k.\"value\"",
        "SELECT " T_PG ", k.ord - 1 AS idx FROM unnest(CAST($1 AS BIGINT[])) WITH ORDINALITY AS k(v, ord) JOIN \"F\" AS t ON t.\"id\" = k.v");
    const sc_load_spec spec = {sizeof(ref), offsetof(ref, match), SC_LOAD_ONE, (int)NF, &row_model, 0};
    static const sc_field ref_key[] = {{.type = SC_FIELD_INT64, .flags = SC_FIELD_NULLABLE, .at = offsetof(ref, id), .has_at = offsetof(ref, has_id)}};
    ref refs[3] = {{.id = id2, .has_id = true}, {.id = id0, .has_id = false}, {.id = id0, .has_id = true}};
    assert_int_equal(sc_load_by(c, &load, refs, 3, &spec, ref_key, 1), SC_OK);
    assert_non_null(refs[0].match);
    assert_int_equal(refs[0].match->id, id2);
    assert_null(refs[1].match);
    assert_non_null(refs[2].match);
    assert_string_equal(refs[2].match->code, "c1");
    for (int i = 0; i < 3; i++)
        sc_row_free(refs[i].match, &row_model);

    /* a compound key (id, qty) travels as one JSON array per row: only a pair that matches both loads */
    static sc_stmt_site load2 = SC_STMT_SITE(
        "SELECT " T_LITE ", k.\"key\" AS idx FROM json_each(?1) AS k JOIN \"F\" AS t ON t.\"id\" = json_extract(k.\"value\", '$[0]')"
        " AND t.\"qty\" = json_extract(k.\"value\", '$[1]')",
        "SELECT " T_PG ", k.ord - 1 AS idx FROM json_array_elements(CAST($1 AS JSON)) WITH ORDINALITY AS k(v, ord)"
        " JOIN \"F\" AS t ON t.\"id\" = CAST(k.v ->> 0 AS BIGINT) AND t.\"qty\" = CAST(k.v ->> 1 AS INTEGER)");
    static const sc_field pair_key[] = {{.type = SC_FIELD_INT64, .at = offsetof(ref, id)}, {.type = SC_FIELD_INT32, .at = offsetof(ref, qty)}};
    ref pairs[2] = {{.id = id2, .qty = 9}, {.id = id0, .qty = 9}};
    assert_int_equal(sc_load_by(c, &load2, pairs, 2, &spec, pair_key, 2), SC_OK);
    assert_non_null(pairs[0].match);
    assert_int_equal(pairs[0].match->id, id2);
    assert_null(pairs[1].match);
    sc_row_free(pairs[0].match, &row_model);

    /* a statement by key: SC_ENOTFOUND once the row is gone */
    static sc_stmt_site del = SC_STMT_SITE("DELETE FROM \"F\" WHERE \"id\" = ?1", NULL);
    static const sc_field by_id[] = {{.type = SC_FIELD_INT64}};
    assert_int_equal(sc_exec_by(c, &del, by_id, 1, (const void *const[]){&id0}, SC_FINISH_CHANGED), SC_OK);
    assert_int_equal(sc_exec_by(c, &del, by_id, 1, (const void *const[]){&id0}, SC_FINISH_CHANGED), SC_ENOTFOUND);
    assert_int_equal(sc_find_by(&got, c, &find, by_qty_code, 2, (const void *const[]){&qty, &code}, &row_model), SC_ENOTFOUND);
    sc_conn_close(c);
}

static void test_keyed_calls_table(void **state)
{
    g_model = &table_model;
    test_keyed_calls(state);
    g_model = &fn_model;
}

/* ---------------------------------------------------------------- rows read by the runtime from a field table */

typedef struct grow {
    int64_t id;
    char *name;
    bool has_name;
    int32_t qty;
    int64_t wide; /* an int4 column into an int64 field */
    double ratio;
    bool has_ratio;
    bool flag;
    sc_timestamp at;
    char *doc; /* Json */
    bool has_doc;
} grow;

typedef struct grow_list {
    grow *items;
    size_t count;
} grow_list;

static const sc_field gfields[] = {
    {.type = SC_FIELD_INT64, .at = offsetof(grow, id)},
    {.type = SC_FIELD_TEXT, .flags = SC_FIELD_NULLABLE, .at = offsetof(grow, name), .has_at = offsetof(grow, has_name)},
    {.type = SC_FIELD_INT32, .at = offsetof(grow, qty)},
    {.type = SC_FIELD_INT64, .at = offsetof(grow, wide)},
    {.type = SC_FIELD_DOUBLE, .flags = SC_FIELD_NULLABLE, .at = offsetof(grow, ratio), .has_at = offsetof(grow, has_ratio)},
    {.type = SC_FIELD_BOOL, .at = offsetof(grow, flag)},
    {.type = SC_FIELD_TIMESTAMP, .at = offsetof(grow, at)},
    {.type = SC_FIELD_JSON, .flags = SC_FIELD_NULLABLE, .at = offsetof(grow, doc), .has_at = offsetof(grow, has_doc)},
};
static const sc_model gmodel = {sizeof(grow), offsetof(grow_list, count), NULL, NULL, gfields, sizeof gfields / sizeof *gfields, 0, NULL};

/*
 * A model with a field table and no functions: rows of every column class
 * PostgreSQL's plan reads directly (int8, text, int4 into int32 and int64,
 * float8, bool, timestamp, jsonb) and SQLite's, with and without NULLs,
 * through fetch_one, fetch_list, sc_row_free and sc_list_free (valgrind
 * checks nothing leaks); SQL NULL where a field cannot hold it and a value
 * out of its range are errors with nothing left allocated; and a column
 * whose type changes between two runs of one statement is read right after
 * the statement is prepared again.
 */
static void test_table_rows(void **state)
{
    (void)state;
    sc_conn *c = open_conn();
    assert_int_equal(sc_conn_exec(c, g_pg ? "DROP TABLE IF EXISTS \"G\"; CREATE TABLE \"G\" (\"id\" BIGINT PRIMARY KEY, \"name\" TEXT,"
                                           " \"qty\" INTEGER NOT NULL, \"wide\" INTEGER NOT NULL, \"ratio\" DOUBLE PRECISION,"
                                           " \"flag\" BOOLEAN NOT NULL, \"at\" TIMESTAMP(6) NOT NULL, \"doc\" JSONB)"
                                         : "DROP TABLE IF EXISTS \"G\"; CREATE TABLE \"G\" (\"id\" INTEGER PRIMARY KEY, \"name\" TEXT,"
                                           " \"qty\" INTEGER NOT NULL, \"wide\" INTEGER NOT NULL, \"ratio\" REAL,"
                                           " \"flag\" BOOLEAN NOT NULL, \"at\" DATETIME NOT NULL, \"doc\" JSONB)"),
                     SC_OK);
    assert_int_equal(sc_conn_exec(c, "INSERT INTO \"G\" VALUES (1, 'ann', -5, 2147483647, 0.25, TRUE, '2024-02-29 12:34:56.123456', '{\"a\": 1}'),"
                                     " (2, NULL, 7, -2147483648, NULL, FALSE, '1970-01-01 00:00:00', NULL),"
                                     " (3, '', 0, 0, -1.5, TRUE, '2000-01-01 00:00:00.000001', '[]')"),
                     SC_OK);
    const sc_timestamp at1 = INT64_C(1709210096123456), at3 = INT64_C(946684800000001);
    static sc_stmt_site all = SC_STMT_SITE("SELECT \"id\", \"name\", \"qty\", \"wide\", \"ratio\", \"flag\", \"at\", \"doc\" FROM \"G\" ORDER BY \"id\"", NULL);
    for (int round = 0; round < 2; round++) {
        grow_list list = {0};
        sc_stmt *st = NULL;
        int rc = sc_stmt_prepare_site(&st, c, &all);
        assert_int_equal(sc_stmt_fetch_list(&list, st, rc, 0, &gmodel), SC_OK);
        assert_int_equal(list.count, 3);
        grow *r = list.items;
        assert_true(r[0].id == 1 && r[0].has_name && strcmp(r[0].name, "ann") == 0 && r[0].qty == -5 && r[0].wide == 2147483647);
        /* after the ALTER below, ratio holds the rounded values as integers (int8, read into the double) */
        bool altered = g_pg && round == 1;
        assert_true(r[0].has_ratio && r[0].ratio == (altered ? 0.0 : 0.25) && r[0].flag && r[0].at == at1);
        assert_true(r[0].has_doc && strstr(r[0].doc, "\"a\"") != NULL);
        assert_true(r[1].id == 2 && !r[1].has_name && r[1].name == NULL && r[1].qty == 7 && r[1].wide == INT64_C(-2147483648));
        assert_true(!r[1].has_ratio && !r[1].flag && r[1].at == 0 && !r[1].has_doc && r[1].doc == NULL);
        assert_true(r[2].id == 3 && r[2].has_name && strcmp(r[2].name, "") == 0 && r[2].qty == 0 && r[2].ratio == (altered ? -2.0 : -1.5));
        assert_true(r[2].at == at3 && r[2].has_doc && strcmp(r[2].doc, "[]") == 0);
        sc_list_free(&list, &gmodel);
        assert_null(list.items);
        if (g_pg && round == 0) {
            /* the statement's result changes type: it is prepared again and its rows planned again */
            assert_int_equal(sc_conn_exec(c, "ALTER TABLE \"G\" ALTER COLUMN \"wide\" TYPE BIGINT,"
                                             " ALTER COLUMN \"ratio\" TYPE BIGINT USING round(\"ratio\")"),
                             SC_OK);
        }
    }

    static sc_stmt_site one = SC_STMT_SITE("SELECT \"id\", \"name\", \"qty\", \"wide\", \"ratio\", \"flag\", \"at\", \"doc\" FROM \"G\" WHERE \"id\" = ?1", NULL);
    grow *g = NULL;
    sc_stmt *st = NULL;
    int rc = sc_stmt_prepare_site(&st, c, &one);
    if (rc == SC_OK)
        rc = sc_stmt_bind_int64(st, 1, 2);
    assert_int_equal(sc_stmt_fetch_one(&g, st, rc, &gmodel), SC_OK);
    assert_true(g->id == 2 && !g->has_name && g->qty == 7);
    sc_row_free(g, &gmodel);

    /* SQL NULL in a field that cannot hold it, after text was read into the row: SC_ENULL, nothing left */
    static sc_stmt_site null_qty = SC_STMT_SITE("SELECT \"id\", \"name\", CAST(NULL AS INTEGER), \"wide\", \"ratio\", \"flag\", \"at\", \"doc\" FROM \"G\" ORDER BY \"id\"", NULL);
    grow_list list = {0};
    rc = sc_stmt_prepare_site(&st, c, &null_qty);
    assert_int_equal(sc_stmt_fetch_list(&list, st, rc, 0, &gmodel), SC_ENULL);
    assert_null(list.items);
    /* a value out of its field's range: an error, never a truncated value */
    static sc_stmt_site big = SC_STMT_SITE("SELECT \"id\", \"name\", CAST(3000000000 AS BIGINT), \"wide\", \"ratio\", \"flag\", \"at\", \"doc\" FROM \"G\" ORDER BY \"id\"", NULL);
    rc = sc_stmt_prepare_site(&st, c, &big);
    rc = sc_stmt_fetch_list(&list, st, rc, 0, &gmodel);
    assert_true(rc == SC_ERANGE || rc == SC_ETYPE);
    assert_null(list.items);
    /*
     * Two bad values: row 3's qty out of range, row 2's wide NULL. PostgreSQL
     * reads a result column by column, but the error is the one a row at a
     * time meets first (row 2's), as on SQLite.
     */
    static sc_stmt_site two_bad = SC_STMT_SITE("SELECT \"id\", \"name\", CASE WHEN \"id\" = 3 THEN CAST(3000000000 AS BIGINT) ELSE \"qty\" END,"
                                               " CASE WHEN \"id\" = 2 THEN NULL ELSE \"wide\" END, \"ratio\", \"flag\", \"at\", \"doc\" FROM \"G\" ORDER BY \"id\"", NULL);
    rc = sc_stmt_prepare_site(&st, c, &two_bad);
    assert_int_equal(sc_stmt_fetch_list(&list, st, rc, 0, &gmodel), SC_ENULL);
    assert_null(list.items);
    assert_int_equal(list.count, 0);
    sc_conn_close(c);
}

/* ---------------------------------------------------------------- rows placed by their own key */

typedef struct krow {
    int64_t id;
    int64_t parent;
    char *name;
    void *sc__block;
} krow;

typedef struct krow_list {
    krow *items;
    size_t count;
} krow_list;

static void krow_clear(void *p)
{
    krow *r = p;
    sc_value_free(r->name, r->sc__block);
    memset(r, 0, sizeof *r);
}

static const sc_field kfields[] = {
    {.type = SC_FIELD_INT64, .at = offsetof(krow, id)},
    {.type = SC_FIELD_INT64, .at = offsetof(krow, parent)},
    {.type = SC_FIELD_TEXT, .at = offsetof(krow, name)},
};
static const sc_model kmodel = {sizeof(krow), offsetof(krow_list, count), NULL, krow_clear, kfields, 3, offsetof(krow, sc__block), NULL};

typedef struct kparent {
    int64_t id;
    bool has_id;
    krow *one;
    krow *kids;
    size_t kids_count;
} kparent;

/*
 * find_many and loaders whose statement answers each row once (the keys
 * sent once each), the runtime placing every row by its own key: the
 * caller's order, keys given twice (each position its own row), missing
 * and unset keys, and the misuses refused.
 */
static void test_placed_by_key(void **state)
{
    (void)state;
    sc_conn *c = open_conn();
    assert_int_equal(sc_conn_exec(c, "DROP TABLE IF EXISTS \"K\"; CREATE TABLE \"K\" (\"id\" BIGINT PRIMARY KEY, \"parent\" BIGINT NOT NULL,"
                                     " \"name\" TEXT NOT NULL);"
                                     "INSERT INTO \"K\" VALUES (1, 10, 'one'), (2, 20, 'two'), (3, 10, 'three'), (4, 30, 'four')"),
                     SC_OK);
    static sc_stmt_site by_id = SC_STMT_SITE(
        "SELECT t.\"id\", t.\"parent\", t.\"name\" FROM json_each(?1) AS k JOIN \"K\" AS t ON t.\"id\" = k.\"value\"",
        "SELECT t.\"id\", t.\"parent\", t.\"name\" FROM \"K\" AS t WHERE t.\"id\" = ANY(CAST($1 AS BIGINT[]))");
    static const sc_field id_key = {.type = SC_FIELD_INT64, .at = offsetof(krow, id)};
    int64_t ids[5] = {3, 99, 1, 3, 3};
    bool found[5];
    krow_list list = {0};
    assert_int_equal(sc_find_many(&list, found, c, &by_id, &id_key, ids, 5, -1, &kmodel), SC_OK);
    assert_int_equal(list.count, 4);
    assert_true(found[0] && !found[1] && found[2] && found[3] && found[4]);
    const int64_t want[4] = {3, 1, 3, 3};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(list.items[i].id, want[i]);
        assert_string_equal(list.items[i].name, want[i] == 3 ? "three" : "one");
    }
    /* a copy's value may be replaced on its own: freeing the list frees that one and nothing twice */
    list.items[3].name = strdup("mine");
    assert_string_equal(list.items[0].name, "three");
    sc_list_free(&list, &kmodel);
    assert_int_equal(sc_find_many(&list, NULL, c, &by_id, &id_key, ids, 0, -1, &kmodel), SC_OK);
    assert_int_equal(list.count, 0);

    /* to many: parents sharing a key each get their own array; an unset key loads nothing */
    static sc_stmt_site kids = SC_STMT_SITE(
        "SELECT t.\"id\", t.\"parent\", t.\"name\" FROM json_each(?1) AS k JOIN \"K\" AS t ON t.\"parent\" = k.\"value\"",
        "SELECT t.\"id\", t.\"parent\", t.\"name\" FROM \"K\" AS t WHERE t.\"parent\" = ANY(CAST($1 AS BIGINT[]))");
    static const sc_load_spec to_many = {sizeof(kparent), offsetof(kparent, kids), offsetof(kparent, kids_count), SC_LOAD_BY_KEY,
                                         &kmodel, 1};
    static const sc_field parent_key[] = {
        {.type = SC_FIELD_INT64, .flags = SC_FIELD_NULLABLE, .at = offsetof(kparent, id), .has_at = offsetof(kparent, has_id)}};
    kparent ps[5] = {{.id = 10, .has_id = true}, {.id = 20, .has_id = true}, {.id = 10, .has_id = true}, {.id = 10, .has_id = false},
                     {.id = 77, .has_id = true}};
    assert_int_equal(sc_load_by(c, &kids, ps, 5, &to_many, parent_key, 1), SC_OK);
    const size_t counts[5] = {2, 1, 2, 0, 0};
    for (int i = 0; i < 5; i++) {
        assert_int_equal(ps[i].kids_count, counts[i]);
        for (size_t k = 0; k < ps[i].kids_count; k++)
            assert_int_equal(ps[i].kids[k].parent, ps[i].id);
    }
    assert_ptr_not_equal(ps[0].kids, ps[2].kids);
    int64_t sum = 0;
    for (size_t k = 0; k < ps[2].kids_count; k++)
        sum += ps[2].kids[k].id;
    assert_int_equal(sum, 1 + 3);
    /* the same row pointer twice for an array relation is refused */
    kparent *twice[2] = {&ps[0], &ps[0]};
    assert_int_equal(sc_load_by_ptrs(c, &kids, (void *const *)twice, 2, &to_many, parent_key, 1), SC_EINVAL);
    kparent *ptrs[2] = {&ps[1], &ps[0]};
    assert_int_equal(sc_load_by_ptrs(c, &kids, (void *const *)ptrs, 2, &to_many, parent_key, 1), SC_OK);
    assert_int_equal(ps[1].kids_count, 1);
    assert_int_equal(ps[0].kids_count, 2);
    for (int i = 0; i < 5; i++)
        sc_rows_free(ps[i].kids, ps[i].kids_count, &kmodel);

    /* to one: every parent with the key gets its own copy of the row */
    static const sc_load_spec to_one = {sizeof(kparent), offsetof(kparent, one), SC_LOAD_ONE, SC_LOAD_BY_KEY, &kmodel, 0};
    kparent refs[3] = {{.id = 4, .has_id = true}, {.id = 4, .has_id = true}, {.id = 5, .has_id = true}};
    assert_int_equal(sc_load_by(c, &by_id, refs, 3, &to_one, parent_key, 1), SC_OK);
    assert_non_null(refs[0].one);
    assert_non_null(refs[1].one);
    assert_ptr_not_equal(refs[0].one, refs[1].one);
    assert_string_equal(refs[1].one->name, "four");
    assert_null(refs[2].one);
    for (int i = 0; i < 3; i++) {
        sc_row_free(refs[i].one, &kmodel);
        refs[i].one = NULL;
    }

    /* misuses: the array API has no key fields; rows with list fields or a text key cannot be placed by key */
    sc_array a;
    sc_array_init(&a, sc_array_style_for(c));
    sc_array_int(&a, 4);
    assert_int_equal(sc_load(c, &by_id, &a, refs, 1, &to_one), SC_EINVAL);
    static const sc_field row_id = {.type = SC_FIELD_INT64, .at = offsetof(row, id)};
    row_list rows = {0};
    assert_int_equal(sc_find_many(&rows, NULL, c, &by_id, &row_id, ids, 1, -1, &row_model), SC_EINVAL);
    static const sc_field name_key = {.type = SC_FIELD_TEXT, .at = offsetof(krow, name)};
    const char *names[1] = {"one"};
    assert_int_equal(sc_find_many(&list, NULL, c, &by_id, &name_key, names, 1, -1, &kmodel), SC_EINVAL);
    assert_null(list.items);
    sc_conn_close(c);
}

/* ---------------------------------------------------------------- a list read straight into its block */

/* The same rows read by a function (SQLite's inline text copy) rather than the table. */
static int krow_read(void *p, sc_stmt *st)
{
    krow *r = p;
    memset(r, 0, sizeof *r);
    int rc = sc_stmt_column_int64(&r->id, st, 0);
    if (rc == SC_OK)
        rc = sc_stmt_column_int64(&r->parent, st, 1);
    if (rc == SC_OK)
        rc = sc_stmt_column_text_dup(&r->name, st, 2);
    if (rc != SC_OK)
        krow_clear(r);
    return rc;
}

static const sc_model kmodel_read = {sizeof(krow), offsetof(krow_list, count), krow_read, krow_clear, kfields, 3,
                                     offsetof(krow, sc__block), NULL};

static bool in_block(const void *p, const void *block)
{
    const sc_block *b = block;
    return b && (uintptr_t)p >= b->begin && (uintptr_t)p < b->end;
}

/* Row I's name in the table of test_list_block: long every seventh row, NULL every eleventh. */
static void list_name(char *buf, int i)
{
    size_t len = i % 7 == 3 ? 3000 + (size_t)i : (size_t)(i % 13);
    for (size_t k = 0; k < len; k++)
        buf[k] = (char)('a' + (i + (int)k) % 26);
    buf[len] = '\0';
}

/*
 * Lists of rows with their text in one block (SQLite reads them straight
 * into it, with room for the rows expected): values longer than the room
 * (the block made larger between rows), fewer rows than expected, more
 * rows than expected (the row buffer from there on), the room learned from
 * one list to the next, a NULL where none may be in the middle of a list,
 * through a model's read function and through its table. Each row checked,
 * its value in the block; valgrind checks nothing leaks.
 */
static void test_list_block(void **state)
{
    (void)state;
    sc_conn *c = open_conn();
    assert_int_equal(sc_conn_exec(c, "DROP TABLE IF EXISTS \"L\"; CREATE TABLE \"L\" (\"id\" BIGINT PRIMARY KEY, \"name\" TEXT)"), SC_OK);
    enum { N = 60 };
    char *name = malloc(4096);
    assert_non_null(name);
    for (int i = 0; i < N; i++) {
        sc_stmt *st = NULL;
        list_name(name, i);
        assert_int_equal(sc_stmt_prepare(&st, c, g_pg ? "INSERT INTO \"L\" VALUES ($1, $2)" : "INSERT INTO \"L\" VALUES (?1, ?2)"), SC_OK);
        assert_int_equal(sc_stmt_bind_int64(st, 1, i), SC_OK);
        assert_int_equal(i % 11 == 5 ? sc_stmt_bind_null(st, 2) : sc_stmt_bind_text(st, 2, name, -1), SC_OK);
        assert_int_equal(sc_stmt_exec(st), SC_OK);
        sc_stmt_release(st);
    }
    /* one row apart, with a long value, for single rows */
    char *big = malloc(20001);
    assert_non_null(big);
    memset(big, 'z', 20000);
    big[20000] = '\0';
    sc_stmt *ins = NULL;
    assert_int_equal(sc_stmt_prepare(&ins, c, g_pg ? "INSERT INTO \"L\" VALUES (1000, $1)" : "INSERT INTO \"L\" VALUES (1000, ?1)"), SC_OK);
    assert_int_equal(sc_stmt_bind_text(ins, 1, big, -1), SC_OK);
    assert_int_equal(sc_stmt_exec(ins), SC_OK);
    sc_stmt_release(ins);
    free(big);
    const char *sql = g_pg ? "SELECT \"id\", \"id\" * 2, \"name\" FROM \"L\" WHERE \"name\" IS NOT NULL AND \"id\" >= $1 AND \"id\" < 1000 ORDER BY \"id\" LIMIT $2"
                           : "SELECT \"id\", \"id\" * 2, \"name\" FROM \"L\" WHERE \"name\" IS NOT NULL AND \"id\" >= ?1 AND \"id\" < 1000 ORDER BY \"id\" LIMIT ?2";
    const sc_model *models[2] = {&kmodel_read, &kmodel};
    /* rows from FROM, LIMIT rows at most, EXPECTED of them said to the runtime */
    static const struct { int from, limit, expected; } runs[] = {
        {40, 5, 5},   /* short text first: the room learned is small */
        {0, 100, 100}, /* then long values: the block made larger, several times */
        {0, 100, 100}, /* the room learned */
        {0, 100, 200}, /* far fewer rows than room for */
        {0, 100, 56},  /* a few fewer (54 come): the text moved down to the rows */
        {0, 100, 10},  /* more rows than room for */
        {50, 3, 3},
        {0, 100, 1},
    };
    for (int mi = 0; mi < 2; mi++) {
        for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
            sc_stmt *st = NULL;
            int rc = sc_stmt_prepare(&st, c, sql);
            if (rc == SC_OK)
                rc = sc_stmt_bind_int64(st, 1, runs[r].from);
            if (rc == SC_OK)
                rc = sc_stmt_bind_int64(st, 2, runs[r].limit);
            krow_list list = {0};
            assert_int_equal(sc_stmt_fetch_list(&list, st, rc, (size_t)runs[r].expected, models[mi]), SC_OK);
            size_t k = 0;
            for (int i = runs[r].from; i < N && k < (size_t)runs[r].limit; i++) {
                if (i % 11 == 5)
                    continue;
                assert_true(k < list.count);
                const krow *got = &list.items[k++];
                assert_int_equal(got->id, i);
                assert_int_equal(got->parent, 2 * i);
                list_name(name, i);
                assert_string_equal(got->name, name);
                assert_true(in_block(got->name, got->sc__block));
                assert_ptr_equal(got->sc__block, list.items[0].sc__block);
            }
            assert_int_equal(list.count, k);
            sc_list_free(&list, models[mi]);
        }
        /* single rows the same way: a value past the room learned, then room to spare, a NULL where none may be */
        static const int64_t ones[] = {1000, 1000, 1, 5, 3, 1};
        for (size_t i = 0; i < sizeof ones / sizeof *ones; i++) {
            sc_stmt *one = NULL;
            int orc = sc_stmt_prepare(&one, c, g_pg ? "SELECT \"id\", \"id\" * 2, \"name\" FROM \"L\" WHERE \"id\" = $1"
                                                    : "SELECT \"id\", \"id\" * 2, \"name\" FROM \"L\" WHERE \"id\" = ?1");
            if (orc == SC_OK)
                orc = sc_stmt_bind_int64(one, 1, ones[i]);
            krow *got = NULL;
            orc = sc_stmt_fetch_one(&got, one, orc, models[mi]);
            if (ones[i] == 5) {
                assert_int_equal(orc, SC_ENULL);
                assert_null(got);
                continue;
            }
            assert_int_equal(orc, SC_OK);
            assert_int_equal(got->id, ones[i]);
            assert_int_equal(got->parent, 2 * ones[i]);
            if (ones[i] == 1000) {
                assert_int_equal(strlen(got->name), 20000);
                assert_true(got->name[0] == 'z' && got->name[19999] == 'z');
            } else {
                list_name(name, (int)ones[i]);
                assert_string_equal(got->name, name);
            }
            assert_true(in_block(got->name, got->sc__block));
            sc_row_free(got, models[mi]);
        }
        /* a NULL in the middle of a list where none may be: the error, nothing left allocated */
        sc_stmt *st = NULL;
        int rc = sc_stmt_prepare(&st, c, g_pg ? "SELECT \"id\", \"id\", \"name\" FROM \"L\" ORDER BY \"id\" LIMIT $1"
                                              : "SELECT \"id\", \"id\", \"name\" FROM \"L\" ORDER BY \"id\" LIMIT ?1");
        if (rc == SC_OK)
            rc = sc_stmt_bind_int64(st, 1, N);
        krow_list list = {0};
        assert_int_equal(sc_stmt_fetch_list(&list, st, rc, N, models[mi]), SC_ENULL);
        assert_null(list.items);
        assert_int_equal(list.count, 0);
        /*
         * A second statement of the same SQL while the first is held is not
         * cached: it goes with its release, which must come after the read
         * used it and its plan (ASan, valgrind).
         */
        sc_stmt *held = NULL, *twin = NULL;
        assert_int_equal(sc_stmt_prepare(&held, c, sql), SC_OK);
        rc = sc_stmt_prepare(&twin, c, sql);
        if (rc == SC_OK)
            rc = sc_stmt_bind_int64(twin, 1, 0);
        if (rc == SC_OK)
            rc = sc_stmt_bind_int64(twin, 2, 20);
        assert_int_equal(sc_stmt_fetch_list(&list, twin, rc, 20, models[mi]), SC_OK);
        assert_int_equal(list.count, 20); /* the names that are not NULL, from id 0 */
        list_name(name, 1);
        assert_string_equal(list.items[1].name, name);
        sc_list_free(&list, models[mi]);
        sc_stmt_release(held);
        /* the same for a lookup by many keys whose rows move to a block of their size */
        const char *placed_sql = g_pg ? "SELECT \"id\", \"id\" * 2, \"name\", 5 AS idx FROM \"L\" WHERE \"id\" = $1"
                                        " UNION ALL SELECT \"id\", \"id\" * 2, \"name\", 250 AS idx FROM \"L\" WHERE \"id\" = $2"
                                      : "SELECT \"id\", \"id\" * 2, \"name\", 5 AS idx FROM \"L\" WHERE \"id\" = ?1"
                                        " UNION ALL SELECT \"id\", \"id\" * 2, \"name\", 250 AS idx FROM \"L\" WHERE \"id\" = ?2";
        bool found[300];
        assert_int_equal(sc_stmt_prepare(&held, c, placed_sql), SC_OK);
        rc = sc_stmt_prepare(&twin, c, placed_sql);
        if (rc == SC_OK)
            rc = sc_stmt_bind_int64(twin, 1, 7);
        if (rc == SC_OK)
            rc = sc_stmt_bind_int64(twin, 2, 8);
        assert_int_equal(sc_stmt_fetch_placed(&list, found, twin, rc, 300, 3, models[mi]), SC_OK);
        assert_int_equal(list.count, 2);
        assert_int_equal(list.items[0].id, 7);
        assert_int_equal(list.items[1].id, 8);
        list_name(name, 8);
        assert_string_equal(list.items[1].name, name);
        assert_true(in_block(list.items[1].name, list.items[1].sc__block));
        for (int i = 0; i < 300; i++)
            assert_true(found[i] == (i == 5 || i == 250));
        sc_list_free(&list, models[mi]);
        sc_stmt_release(held);
    }
    free(name);
    sc_conn_close(c);
}

/* ---------------------------------------------------------------- many rows bound by a plan */

/* A value of every kind the plan binds its own way (sc_fields_bind_inserts), NULL-able ones too. */
typedef struct prow {
    int64_t big;
    int32_t small;
    bool has_small;
    char *text;
    bool has_text;
    bool yes;
    bool has_yes;
    double real;
    sc_timestamp at;
    sc_timestamp maybe;
    bool has_maybe;
    sc_timestamp born; /* default now(), NULL-able */
    bool has_born;
    sc_timestamp made;    /* default now() */
    sc_timestamp touched; /* @updatedAt */
    color tint;           /* bound by the generic path */
    char *code;           /* a client-side id when NULL */
    char *word;
} prow;

#define PI SC_FIELD_INSERT
static const sc_field pfields[] = {
    {.type = SC_FIELD_INT64, .flags = PI, .at = offsetof(prow, big)},
    {.type = SC_FIELD_INT32, .flags = PI | SC_FIELD_NULLABLE, .at = offsetof(prow, small), .has_at = offsetof(prow, has_small)},
    {.type = SC_FIELD_TEXT, .flags = PI | SC_FIELD_NULLABLE, .at = offsetof(prow, text), .has_at = offsetof(prow, has_text)},
    {.type = SC_FIELD_BOOL, .flags = PI | SC_FIELD_NULLABLE, .at = offsetof(prow, yes), .has_at = offsetof(prow, has_yes)},
    {.type = SC_FIELD_DOUBLE, .flags = PI, .at = offsetof(prow, real)},
    {.type = SC_FIELD_TIMESTAMP, .flags = PI, .at = offsetof(prow, at)},
    {.type = SC_FIELD_TIMESTAMP, .flags = PI | SC_FIELD_NULLABLE, .at = offsetof(prow, maybe), .has_at = offsetof(prow, has_maybe)},
    {.type = SC_FIELD_TIMESTAMP, .flags = PI | SC_FIELD_NULLABLE | SC_FIELD_NOW, .at = offsetof(prow, born), .has_at = offsetof(prow, has_born)},
    {.type = SC_FIELD_TIMESTAMP, .flags = PI | SC_FIELD_NOW, .at = offsetof(prow, made)},
    {.type = SC_FIELD_TIMESTAMP, .flags = PI | SC_FIELD_UPDATED_AT, .at = offsetof(prow, touched)},
    {.type = SC_FIELD_ENUM, .flags = PI, .at = offsetof(prow, tint), .value_size = sizeof(color), .enum_type = &color_type},
    {.type = SC_FIELD_TEXT, .flags = PI, .gen = SC_GEN_NANOID, .gen_len = 12, .at = offsetof(prow, code)},
    {.type = SC_FIELD_TEXT, .at = offsetof(prow, word)}, /* not inserted */
};
enum { PNF = sizeof pfields / sizeof *pfields, PCOLS = PNF - 1 };
static const char *const pcols[PCOLS] = {"big", "small", "text", "yes", "real", "at", "maybe", "born", "made", "touched", "tint", "code"};

/* "INSERT INTO "P" (...) VALUES (...), ..." for NROWS rows, parameters numbered as the engine wants. */
static void p_insert_sql(char *buf, size_t size, int nrows)
{
    size_t n = (size_t)snprintf(buf, size, "INSERT INTO \"P\" (");
    for (int i = 0; i < PCOLS; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s\"%s\"", i ? ", " : "", pcols[i]);
    n += (size_t)snprintf(buf + n, size - n, ") VALUES ");
    for (int r = 0; r < nrows; r++) {
        for (int i = 0; i < PCOLS; i++) {
            int k = r * PCOLS + i + 1;
            if (g_pg && i == 10)
                n += (size_t)snprintf(buf + n, size - n, "%sCAST($%d AS \"Color\")", i ? ", " : r ? ", (" : "(", k);
            else
                n += (size_t)snprintf(buf + n, size - n, "%s%c%d", i ? ", " : r ? ", (" : "(", g_pg ? '$' : '?', k);
        }
        n += (size_t)snprintf(buf + n, size - n, ")");
    }
    assert_true(n < size);
}

/* Column I of every row of "P" by id, as text (NULL for SQL NULL), into OUT[row][I]. */
static int p_rows(sc_conn *c, char out[][PCOLS][64], int max)
{
    char sql[512];
    size_t n = (size_t)snprintf(sql, sizeof sql, "SELECT ");
    for (int i = 0; i < PCOLS; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s\"%s\"%s", i ? ", " : "", pcols[i], g_pg ? "::text" : "");
    snprintf(sql + n, sizeof sql - n, " FROM \"P\" ORDER BY \"id\"");
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, sql), SC_OK);
    int r = 0;
    while (sc_stmt_step(st) == SC_ROW) {
        assert_true(r < max);
        for (int i = 0; i < PCOLS; i++) {
            const char *t = NULL;
            int rc = sc_stmt_column_text(&t, NULL, st, i);
            snprintf(out[r][i], 64, "%s", rc == SC_OK && t ? t : "(null)");
        }
        r++;
    }
    sc_stmt_release(st);
    return r;
}

static void test_insert_plan(void **state)
{
    (void)state;
    sc_conn *c = open_conn();
    assert_int_equal(sc_conn_exec(c, g_pg ? "DROP TABLE IF EXISTS \"P\"; CREATE TABLE \"P\" (\"id\" BIGSERIAL PRIMARY KEY,"
                                            " \"big\" BIGINT NOT NULL, \"small\" INTEGER, \"text\" TEXT, \"yes\" BOOLEAN,"
                                            " \"real\" DOUBLE PRECISION NOT NULL, \"at\" TIMESTAMP(3) NOT NULL, \"maybe\" TIMESTAMP(3),"
                                            " \"born\" TIMESTAMP(3), \"made\" TIMESTAMP(3) NOT NULL, \"touched\" TIMESTAMP(3) NOT NULL,"
                                            " \"tint\" \"Color\" NOT NULL, \"code\" TEXT NOT NULL)"
                                          : "DROP TABLE IF EXISTS \"P\"; CREATE TABLE \"P\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT,"
                                            " \"big\" INTEGER NOT NULL, \"small\" INTEGER, \"text\" TEXT, \"yes\" BOOLEAN,"
                                            " \"real\" REAL NOT NULL, \"at\" DATETIME NOT NULL, \"maybe\" DATETIME, \"born\" DATETIME,"
                                            " \"made\" DATETIME NOT NULL, \"touched\" DATETIME NOT NULL, \"tint\" TEXT NOT NULL,"
                                            " \"code\" TEXT NOT NULL)"),
                     SC_OK);
    const sc_timestamp now = 1700000000123000LL, t1 = -86400000000LL * 400 + 5000, t2 = 1234567890000000LL;
    enum { NR = 5 };
    prow rows[NR] = {
        {.big = INT64_MAX, .small = -3, .has_small = true, .text = "one", .has_text = true, .yes = true, .has_yes = true,
         .real = 0.25, .at = t1, .maybe = t2, .has_maybe = true, .born = t2, .has_born = true, .made = t1, .tint = COLOR_BLUE,
         .code = "given", .word = "w"},
        /* NULLs: flags false (values behind them ignored), clocks unset, a generated code */
        {.big = INT64_MIN, .small = 99, .text = "ignored", .yes = true, .real = -1.5, .at = t2, .maybe = t1, .born = t1,
         .tint = COLOR_RED},
        /* text NULL with its flag set binds NULL; false where a NULL could be */
        {.big = 0, .small = 0, .has_small = true, .text = NULL, .has_text = true, .yes = false, .has_yes = true, .real = 1e300,
         .at = 0 + 1000, .has_maybe = false, .born = 0, .has_born = true, .made = 0, .tint = COLOR_GREEN, .code = "c3"},
        {.big = -1, .has_small = false, .text = "", .has_text = true, .real = 0, .at = t1, .maybe = t1, .has_maybe = true,
         .tint = COLOR_BLUE, .code = "c4"},
        {.big = 7, .small = INT32_MIN, .has_small = true, .text = "last", .has_text = true, .has_yes = false, .real = 3.5,
         .at = t2, .made = t2, .tint = COLOR_RED},
    };
    /* the reference: each row through sc_fields_bind_insert, the table walked */
    char sql[4096];
    p_insert_sql(sql, sizeof sql, 1);
    for (int r = 0; r < NR; r++) {
        sc_stmt *st = NULL;
        assert_int_equal(sc_stmt_prepare(&st, c, sql), SC_OK);
        assert_int_equal(sc_fields_bind_insert(st, 0, &rows[r], pfields, PNF, now), SC_OK);
        assert_int_equal(sc_stmt_exec(st), SC_OK);
        sc_stmt_release(st);
    }
    /* the same rows in one statement, bound by a plan */
    p_insert_sql(sql, sizeof sql, NR);
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, sql), SC_OK);
    assert_int_equal(sc_fields_bind_inserts(st, rows, NR, sizeof *rows, pfields, PNF, now), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    sc_stmt_release(st);

    static char got[2 * NR][PCOLS][64];
    assert_int_equal(p_rows(c, got, 2 * NR), 2 * NR);
    for (int r = 0; r < NR; r++)
        for (int i = 0; i < PCOLS; i++) {
            if (i == 11 && !rows[r].code) {
                /* a generated id each time: both there, of the asked length */
                assert_int_equal(strlen(got[r][i]), 12);
                assert_int_equal(strlen(got[NR + r][i]), 12);
                continue;
            }
            if (strcmp(got[r][i], got[NR + r][i]) != 0)
                fail_msg("row %d column %s: %s one by one, %s by the plan", r, pcols[i], got[r][i], got[NR + r][i]);
        }
    /* and what the reference holds is what the rows say */
    sc_stmt *q = NULL;
    assert_int_equal(sc_stmt_prepare(&q, c, g_pg ? "SELECT \"made\", \"born\", \"touched\", \"small\", \"text\", \"yes\" FROM \"P\" WHERE \"id\" = (SELECT MIN(\"id\") FROM \"P\") + $1"
                                                : "SELECT \"made\", \"born\", \"touched\", \"small\", \"text\", \"yes\" FROM \"P\" WHERE \"id\" = (SELECT MIN(\"id\") FROM \"P\") + ?1"),
                     SC_OK);
    for (int r = 0; r < 2 * NR; r++) {
        const prow *w = &rows[r % NR];
        assert_int_equal(sc_stmt_bind_int64(q, 1, r), SC_OK);
        assert_int_equal(sc_stmt_step(q), SC_ROW);
        sc_timestamp made = 0, born = 0, touched = 0;
        assert_int_equal(sc_stmt_column_timestamp(&made, q, 0), SC_OK);
        assert_true(made == (w->made ? w->made : now));
        int brc = sc_stmt_column_timestamp(&born, q, 1);
        assert_int_equal(brc, SC_OK); /* a NULL-able default now() takes the clock when not there */
        assert_true(born == (w->has_born ? w->born : now));
        assert_int_equal(sc_stmt_column_timestamp(&touched, q, 2), SC_OK);
        assert_true(touched == now);
        int32_t small = 0;
        assert_int_equal(sc_stmt_column_int32(&small, q, 3), w->has_small ? SC_OK : SC_ENULL);
        if (w->has_small)
            assert_int_equal(small, w->small);
        const char *t = NULL;
        assert_int_equal(sc_stmt_column_text(&t, NULL, q, 4), w->has_text && w->text ? SC_OK : SC_ENULL);
        if (w->has_text && w->text)
            assert_string_equal(t, w->text);
        bool yes = false;
        assert_int_equal(sc_stmt_column_bool(&yes, q, 5), w->has_yes ? SC_OK : SC_ENULL);
        if (w->has_yes)
            assert_true(yes == w->yes);
        assert_int_equal(sc_stmt_reset(q), SC_OK);
    }
    sc_stmt_release(q);
    assert_int_equal(sc_conn_exec(c, "DROP TABLE \"P\""), SC_OK); /* it uses the type the next schema drops */
    sc_conn_close(c);
}

/* More INSERT fields a row than a plan holds: every row through the table walk, the same values. */
static void test_insert_plan_wide(void **state)
{
    (void)state;
    enum { W = 70, NR = 3 };
    static sc_field wf[W];
    for (int i = 0; i < W; i++)
        wf[i] = (sc_field){.type = SC_FIELD_INT32, .flags = SC_FIELD_INSERT, .at = (size_t)i * sizeof(int32_t)};
    int32_t rows[NR][W];
    for (int r = 0; r < NR; r++)
        for (int i = 0; i < W; i++)
            rows[r][i] = r * 1000 + i;
    sc_conn *c = open_conn();
    char sql[8192];
    size_t n = (size_t)snprintf(sql, sizeof sql, "DROP TABLE IF EXISTS \"Wd\"; CREATE TABLE \"Wd\" (");
    for (int i = 0; i < W; i++)
        n += (size_t)snprintf(sql + n, sizeof sql - n, "%s\"c%d\" INTEGER NOT NULL", i ? ", " : "", i);
    snprintf(sql + n, sizeof sql - n, ")");
    assert_int_equal(sc_conn_exec(c, sql), SC_OK);
    n = (size_t)snprintf(sql, sizeof sql, "INSERT INTO \"Wd\" VALUES ");
    for (int r = 0; r < NR; r++)
        for (int i = 0; i < W; i++)
            n += (size_t)snprintf(sql + n, sizeof sql - n, "%s%c%d%s", i ? ", " : r ? ", (" : "(", g_pg ? '$' : '?', r * W + i + 1,
                                  i == W - 1 ? ")" : "");
    assert_true(n < sizeof sql);
    sc_stmt *st = NULL;
    assert_int_equal(sc_stmt_prepare(&st, c, sql), SC_OK);
    assert_int_equal(sc_fields_bind_inserts(st, rows, NR, sizeof rows[0], wf, W, 0), SC_OK);
    assert_int_equal(sc_stmt_exec(st), SC_OK);
    sc_stmt_release(st);
    assert_int_equal(sc_stmt_prepare(&st, c, "SELECT \"c0\", \"c37\", \"c69\" FROM \"Wd\" ORDER BY \"c0\""), SC_OK);
    for (int r = 0; r < NR; r++) {
        int32_t a = 0, b = 0, z = 0;
        assert_int_equal(sc_stmt_step(st), SC_ROW);
        assert_int_equal(sc_stmt_column_int32(&a, st, 0), SC_OK);
        assert_int_equal(sc_stmt_column_int32(&b, st, 1), SC_OK);
        assert_int_equal(sc_stmt_column_int32(&z, st, 2), SC_OK);
        assert_int_equal(a, r * 1000);
        assert_int_equal(b, r * 1000 + 37);
        assert_int_equal(z, r * 1000 + 69);
    }
    assert_int_equal(sc_stmt_step(st), SC_DONE);
    sc_stmt_release(st);
    sc_conn_close(c);
}

int main(int argc, char **argv)
{
    g_pg = argc > 1 && strcmp(argv[1], "pg") == 0;
    if (g_pg) {
        if (rt_pg_create_db(g_url, sizeof g_url, g_dbname, sizeof g_dbname, "rt_fields") != 0) {
            fprintf(stderr, "cannot create a test database on the fixture cluster\n");
            return 1;
        }
    } else {
        rt_sqlite_url(g_url, sizeof g_url, "fields");
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_insert_read_clear),
        cmocka_unit_test(test_set_by_mask),
        cmocka_unit_test(test_bad_values),
        cmocka_unit_test(test_keyed_calls),
        cmocka_unit_test(test_keyed_calls_table),
        cmocka_unit_test(test_table_rows),
        cmocka_unit_test(test_placed_by_key),
        cmocka_unit_test(test_list_block),
        cmocka_unit_test(test_insert_plan),
        cmocka_unit_test(test_insert_plan_wide),
    };
    return cmocka_run_group_tests_name(g_pg ? "fields pg" : "fields sqlite", tests, NULL, NULL);
}
