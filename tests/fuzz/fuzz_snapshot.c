/*
 * fuzz_snapshot.c - libFuzzer target for migration snapshots (schema.json):
 * ir_from_json, then what `migrate diff` and the DDL writer do with a model
 * read from one.
 *
 * The input is one snapshot, or two separated by a 0xFF byte (the last
 * migration's and the next one's). For each model ir_from_json accepts:
 *   - ir_to_json is byte-stable: to_json(from_json(to_json(x))) == to_json(x),
 *     the model read back is ir_equal to x, and diffing x with itself or with
 *     the model read back finds no step;
 *   - the DDL that creates it (ddl_create_script) scans without an
 *     unterminated token or a comment, and splits into statements that each
 *     start with CREATE or ALTER: no name, default or expression ends a
 *     statement or starts another;
 * and for each change from the empty model to x, from x to the empty model
 * and between the two snapshots (same provider), as `migrate diff` writes it
 * (diff, safety warnings, plan, migrate_render_sql):
 *   - the file splits with migrate_split_sections; what comes before its
 *     first section marker is only comments and blanks;
 *   - the flags the runner reads (data-loss, sqlite-rebuild) are the ones
 *     the writer meant, and each section holds exactly the SQL tokens the
 *     plan put in it (comments aside).
 */
#include "fuzz_util.h"

#include <stdbool.h>

#include "ddl/ddl.h"
#include "migrate/diff.h"
#include "model/ir.h"
#include "migrate/migrate.h"
#include "migrate/plan.h"
#include "migrate/safety.h"
#include "base/sqlscan.h"

static bool fuzz__code(sqltok_kind k)
{
    return k != SQLTOK_SPACE && k != SQLTOK_LINE_COMMENT && k != SQLTOK_BLOCK_COMMENT;
}

static sqlscan_dialect fuzz__dialect(ir_provider p)
{
    return p == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE;
}

/* The SQL tokens of A and B (comments and blanks aside) are the same, in the same order. */
static void fuzz__same_code(sqlscan_dialect d, const char *x, const char *y, const char *what)
{
    sqlscan s, t;
    sqlscan_init(&s, d, x, strlen(x));
    sqlscan_init(&t, d, y, strlen(y));
    for (;;) {
        sqltok a, b;
        do
            a = sqlscan_next(&s);
        while (!fuzz__code(a.kind));
        do
            b = sqlscan_next(&t);
        while (!fuzz__code(b.kind));
        FUZZ_CHECK(a.kind != SQLTOK_ERROR && b.kind != SQLTOK_ERROR, "%s: an unterminated token", what);
        FUZZ_CHECK(a.kind == b.kind && a.len == b.len && memcmp(x + a.start, y + b.start, a.len) == 0,
                   "%s: the runner would run %.*s where the plan wrote %.*s", what, (int)b.len, y + b.start,
                   (int)a.len, x + a.start);
        if (a.kind == SQLTOK_END)
            return;
    }
}

static void fuzz__ddl(arena *a, const ir_schema *x)
{
    const ddl_dialect *dd = ddl_dialect_for(x->provider);
    if (!dd)
        return;
    const char *sql = ddl_create_script(a, dd, x);
    sqlscan s;
    sqlscan_init(&s, fuzz__dialect(x->provider), sql, strlen(sql));
    for (sqltok t = sqlscan_next(&s); t.kind != SQLTOK_END; t = sqlscan_next(&s)) {
        FUZZ_CHECK(t.kind != SQLTOK_ERROR, "the DDL holds an unterminated token: %s", s.error);
        FUZZ_CHECK(t.kind != SQLTOK_LINE_COMMENT && t.kind != SQLTOK_BLOCK_COMMENT, "the DDL holds a comment: %.*s",
                   (int)t.len, sql + t.start);
    }
    const char **stmts = NULL;
    size_t n = 0;
    const char *err = NULL;
    FUZZ_CHECK(migrate_split_statements(&stmts, &n, a, x->provider, sql, &err) == 0, "the DDL does not split: %s",
               err);
    for (size_t i = 0; i < n; i++) {
        sqlscan_init(&s, fuzz__dialect(x->provider), stmts[i], strlen(stmts[i]));
        sqltok t;
        do
            t = sqlscan_next(&s);
        while (t.kind == SQLTOK_SPACE);
        bool ok = t.kind == SQLTOK_WORD && ((t.len == 6 && memcmp(stmts[i] + t.start, "CREATE", 6) == 0) ||
                                            (t.len == 5 && memcmp(stmts[i] + t.start, "ALTER", 5) == 0));
        FUZZ_CHECK(ok, "DDL statement %zu starts with something else than CREATE or ALTER: %s", i, stmts[i]);
    }
}

/* What `migrate diff` writes for FROM -> TO, and what the runner reads of it. */
static void fuzz__migration(arena *a, const ir_schema *from, const ir_schema *to, bool down, size_t seed)
{
    const plan_dialect *pd = plan_dialect_for(to->provider);
    if (!pd)
        return;
    diff_options dopt = DIFF_OPTIONS_INIT;
    diff_result d;
    const char *err = NULL;
    FUZZ_CHECK(diff_schemas(&d, a, from, to, &dopt, &err) == 0, "diff without renames failed: %s", err);
    plan_options po = PLAN_OPTIONS_INIT;
    po.low_lock = seed & 1;
    po.no_concurrently = seed & 2;
    po.fill_required = down;
    safety_context ctx = {pd->provider, pd->concurrent_index(&po), po.low_lock, down};
    safety_report w;
    safety_check(&w, a, &d, &ctx);
    plan_script script;
    pd->plan(&script, a, &d, from, to, &po);
    for (size_t i = 0; i < script.npre_enum_values; i++)
        safety_note_enum_value_before_tx(&w, a, script.pre_enum_values[i]);
    const char *sql = migrate_render_sql(a, "migration 20260101000000_fuzz: up", pd, &d, &w, &script);

    migrate_sections sec;
    FUZZ_CHECK(migrate_split_sections(&sec, a, to->provider, "up.sql", sql, &err) == 0,
               "a written migration does not split: %s\n%s", err, sql);
    FUZZ_CHECK(sec.data_loss == w.data_loss, "data-loss flag read %d, written %d\n%s", sec.data_loss, w.data_loss,
               sql);
    FUZZ_CHECK(sec.rebuild == script.rebuild, "rebuild flag read %d, written %d\n%s", sec.rebuild, script.rebuild,
               sql);
    sqlscan_dialect sd = fuzz__dialect(to->provider);
    fuzz__same_code(sd, script.pre, sec.pre, "section pre");
    fuzz__same_code(sd, script.tx, sec.tx, "section tx");
    fuzz__same_code(sd, script.post, sec.post, "section post");

    /* The header: comments and blanks up to the first marker. */
    sqlscan s;
    sqlscan_init(&s, sd, sql, strlen(sql));
    for (sqltok t = sqlscan_next(&s); t.kind != SQLTOK_END; t = sqlscan_next(&s)) {
        if (t.kind == SQLTOK_LINE_COMMENT && sqlscan_at_line_start(&s, &t) &&
            strncmp(sql + t.start, "-- schemac:section ", 19) == 0)
            break;
        FUZZ_CHECK(t.kind == SQLTOK_SPACE || t.kind == SQLTOK_LINE_COMMENT,
                   "the header holds a token of kind %d: %.*s", (int)t.kind, (int)t.len, sql + t.start);
    }
    /* The runner splits pre and post into statements on PostgreSQL. */
    const char **stmts = NULL;
    size_t n = 0;
    FUZZ_CHECK(migrate_split_statements(&stmts, &n, a, to->provider, sec.pre, &err) == 0, "pre: %s", err);
    FUZZ_CHECK(migrate_split_statements(&stmts, &n, a, to->provider, sec.post, &err) == 0, "post: %s", err);
}

/* One snapshot: the JSON round trip, the DDL, and the migrations from and to nothing. */
static bool fuzz__snapshot(ir_schema *x, arena *a, const char *text, size_t len, size_t seed)
{
    const char *err = NULL;
    if (ir_from_json(x, a, text, len, &err) != 0) {
        FUZZ_CHECK(err != NULL, "refused without a reason");
        return false;
    }
    const char *j1 = ir_to_json(a, x);
    ir_schema y;
    FUZZ_CHECK(ir_from_json(&y, a, j1, strlen(j1), &err) == 0, "ir_to_json wrote text ir_from_json refuses: %s\n%s",
               err, j1);
    const char *j2 = ir_to_json(a, &y);
    FUZZ_CHECK(strcmp(j1, j2) == 0, "ir_to_json is not stable:\n%s\n---\n%s", j1, j2);
    FUZZ_CHECK(ir_equal(x, &y), "the model read back differs from the one written");
    diff_options dopt = DIFF_OPTIONS_INIT;
    diff_result d;
    FUZZ_CHECK(diff_schemas(&d, a, x, x, &dopt, &err) == 0 && d.nsteps == 0, "a model differs from itself");
    FUZZ_CHECK(diff_schemas(&d, a, x, &y, &dopt, &err) == 0 && d.nsteps == 0,
               "a model differs from its JSON read back (%zu steps, first: %s)", d.nsteps,
               d.nsteps ? diff_step_describe(a, &d.steps[0]) : "");

    fuzz__ddl(a, x);
    ir_schema empty;
    memset(&empty, 0, sizeof empty);
    empty.provider = x->provider;
    fuzz__migration(a, &empty, x, false, seed);
    fuzz__migration(a, x, &empty, true, seed);
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    fuzz_parts p;
    fuzz_split(&p, &a, data, size);
    ir_schema x, z;
    bool have_x = fuzz__snapshot(&x, &a, p.text[0], p.len[0], size);
    if (p.n > 1 && fuzz__snapshot(&z, &a, p.text[1], p.len[1], size >> 2) && have_x && x.provider == z.provider) {
        fuzz__migration(&a, &x, &z, false, size);
        fuzz__migration(&a, &z, &x, true, size);
    }
    arena_free(&a);
    return 0;
}
