/*
 * fuzz_pull.c - libFuzzer target for `schemac pull`'s writer: a database
 * model (any that ir_from_json accepts, read as introspection would hand it
 * over: ddl_db_view of it, so names, defaults, CHECK and index conditions,
 * comments and enum labels are arbitrary text from a database) through
 * pull_schema, then its text through the formatter and the front end.
 * Checks: no crash and no sanitizer report anywhere on that path; pull
 * always returns a text.
 */
#include "fuzz_util.h"

#include <string.h>

#include "base/source.h"
#include "ddl/ddl.h"
#include "front/fmt.h"
#include "front/parser.h"
#include "intel/pull.h"
#include "introspect/introspect.h"
#include "model/ir.h"
#include "sema/sema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    ir_schema s;
    const char *err = NULL;
    if (ir_from_json(&s, &a, (const char *)data, size, &err) == 0 && s.provider != IR_PROVIDER_NONE) {
        const ddl_dialect *d = ddl_dialect_for(s.provider);
        ir_schema *db = d ? ddl_db_view(&a, d, &s) : NULL;
        if (db) {
            pull_result res;
            pull_options opt = PULL_OPTIONS_INIT;
            opt.sqlite_type = introspect_sqlite_prisma_scalar; /* as `schemac pull` reads SQLite's declared types */
            pull_schema(&res, &a, db, &opt);
            if (!res.text)
                __builtin_trap();
            sc_diags diags;
            diag_init(&diags, &a);
            char *out = NULL;
            size_t len = 0;
            if (fmt_text(&out, &len, &a, &diags, "pulled.prisma", res.text, strlen(res.text)) == 0) {
                sc_sources src;
                memset(&src, 0, sizeof src);
                source_add(&src, &a, "pulled.prisma", out, len);
                ast_schema ast;
                if (parse_schema(&ast, &a, &src, &diags) == 0)
                    sema_check(&ast, &a, &src, &diags);
            }
        }
    }
    arena_free(&a);
    return 0;
}
