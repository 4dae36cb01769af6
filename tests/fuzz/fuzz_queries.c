/*
 * fuzz_queries.c - query files (generator/queries/) are untrusted input:
 * the reader (name lines, annotations, statements), the placeholder
 * numbering and both databases' checks (PostgreSQL's parser and the
 * resolver; SQLite's prepare) run on arbitrary text against a small
 * schema, for both providers. Invariants: no crash or leak; a query that
 * checks has every parameter typed, and its emitted SQL re-reads as one
 * statement with as many placeholders as parameters.
 */
#include <string.h>

#include "base/diag.h"
#include "base/source.h"
#include "base/sqlscan.h"
#include "front/parser.h"
#include "fuzz_util.h"
#include "queries/query.h"
#include "sema/lower.h"
#include "sema/sema.h"

static const char *const schema_text =
    "datasource db {\n  provider = \"%s\"\n  url = \"x\"\n}\n"
    "enum Status {\n  A\n  B\n}\n"
    "model Tenant {\n  id Int @id @default(autoincrement())\n  name String @unique\n  items Item[]\n}\n"
    "model Item {\n  id Int @id @default(autoincrement())\n  tenantId Int\n  tenant Tenant @relation(fields: [tenantId], "
    "references: [id])\n  label String?\n  status Status\n  price Decimal\n  at DateTime\n}\n";

static ir_schema *fuzz_schema(arena *a, const char *provider)
{
    const char *text = arena_printf(a, schema_text, provider);
    sc_sources *src = ARENA_NEW(a, sc_sources);
    memset(src, 0, sizeof *src);
    sc_diags *diags = ARENA_NEW(a, sc_diags);
    ast_schema *ast = ARENA_NEW(a, ast_schema);
    diag_init(diags, a);
    source_add(src, a, "s.prisma", text, strlen(text));
    FUZZ_CHECK(parse_schema(ast, a, src, diags) == 0 && sema_check(ast, a, src, diags) == 0 && !diags->nerrors,
               "the fixed schema does not check");
    ir_schema *ir = ARENA_NEW(a, ir_schema);
    lower_schema(ir, a, ast, IR_PROVIDER_NONE);
    return ir;
}

/* Placeholders in TEXT: ?N on SQLite, $N on PostgreSQL. */
static int max_placeholder(sqlscan_dialect d, const char *text)
{
    sqlscan s;
    sqlscan_init(&s, d, text, strlen(text));
    int max = 0;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END || t.kind == SQLTOK_ERROR)
            break;
        if (t.kind == SQLTOK_PARAM && (text[t.start] == '?' || text[t.start] == '$') && t.len > 1) {
            int n = atoi(text + t.start + 1);
            if (n > max)
                max = n;
        }
    }
    return max;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int p = 0; p < 2; p++) {
        arena a;
        arena_init(&a);
        ir_schema *ir = fuzz_schema(&a, p ? "postgresql" : "sqlite");
        sc_sources src;
        memset(&src, 0, sizeof src);
        sc_diags diags;
        diag_init(&diags, &a);
        uint32_t f = source_add(&src, &a, "q.sql", (const char *)data, size);
        q_set set = {NULL, 0};
        size_t errs = q_read_text(&set, &a, &src, &diags, f, Q_FORMAT_AUTO, ir->provider);
        if (errs == 0)
            q_check(&set, &a, &src, &diags, ir);
        for (size_t i = 0; diags.nerrors == 0 && i < set.n; i++) {
            const q_query *q = &set.items[i];
            for (size_t k = 0; k < q->nparams; k++)
                FUZZ_CHECK(q_type_known(&q->params[k].type), "%s: parameter %zu has no type", q->name, k + 1);
            if (q->sql_sqlite && !q->has_slice)
                FUZZ_CHECK(max_placeholder(SQLSCAN_SQLITE, q->sql_sqlite) <= (int)q->nparams,
                           "%s: SQLite text uses more placeholders than parameters", q->name);
            if (q->sql_postgres)
                FUZZ_CHECK(max_placeholder(SQLSCAN_POSTGRES, q->sql_postgres) <= (int)q->nparams,
                           "%s: PostgreSQL text uses more placeholders than parameters", q->name);
        }
        q_to_json(&a, &set);
        arena_free(&a);
    }
    return 0;
}
