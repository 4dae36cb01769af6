/*
 * fuzz_pg_ddl.c - libFuzzer target for SQL DDL on PostgreSQL
 * (introspect_ddl_postgres: PostgreSQL's parser, then every statement
 * applied to the model).
 *
 * The input is one schema file. Checked:
 *   - the error count returned is the number of errors recorded, and every
 *     diagnostic lies inside the file;
 *   - the model holds together: names set, every key, index and foreign key
 *     names columns its table has, every foreign key points at a table of
 *     the model and at columns it has, every enum column names an enum of
 *     the model, each view's SELECT lies inside the file;
 *   - the model's JSON form and PostgreSQL DDL are written without failing.
 */
#include "fuzz_util.h"

#include "ddl/ddl.h"
#include "introspect/introspect.h"
#include "model/ir.h"

static void fuzz__has(const ir_table *t, const char *col, const char *what)
{
    FUZZ_CHECK(col != NULL, "%s: a column without a name in %s", what, t->name);
    FUZZ_CHECK(ir_find_column(t, col) != NULL, "%s: %s names column %s it does not have", what, t->name, col);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    sc_sources src;
    memset(&src, 0, sizeof src);
    sc_diags diags;
    diag_init(&diags, &a);
    char *text = arena_strndup(&a, (const char *)data, size);
    size_t len = strlen(text);
    uint32_t f = source_add(&src, &a, "schema.sql", text, len);
    introspect_ddl_file file = {f, len};
    ir_schema s;
    introspect_views views;
    size_t errors = introspect_ddl_postgres(&s, &views, &a, &src, &diags, &file, 1);
    FUZZ_CHECK(errors == diags.nerrors, "%zu errors returned, %u recorded", errors, diags.nerrors);
    for (const sc_diag *d = diags.first; d; d = d->next)
        FUZZ_CHECK(!d->has_span || (d->span.start <= len && d->span.end <= len + 1), "a diagnostic outside the file");
    for (size_t i = 0; i < s.ntables; i++) {
        const ir_table *t = &s.tables[i];
        FUZZ_CHECK(t->name != NULL, "a table without a name");
        for (size_t c = 0; c < t->ncolumns; c++) {
            FUZZ_CHECK(t->columns[c].name != NULL, "a column without a name in %s", t->name);
            if (t->columns[c].enum_name)
                FUZZ_CHECK(ir_find_enum(&s, t->columns[c].enum_name) != NULL, "%s.%s: enum %s is not in the model",
                           t->name, t->columns[c].name, t->columns[c].enum_name);
        }
        for (size_t k = 0; t->has_pk && k < t->pk.ncolumns; k++)
            fuzz__has(t, t->pk.columns[k], "primary key");
        for (size_t k = 0; k < t->nindexes; k++) {
            FUZZ_CHECK(t->indexes[k].name != NULL, "an index without a name on %s", t->name);
            for (size_t c = 0; c < t->indexes[k].ncolumns; c++)
                FUZZ_CHECK(t->indexes[k].columns[c].name != NULL, "an index key without a name");
        }
        for (size_t k = 0; k < t->nfks; k++) {
            const ir_foreign_key *fk = &t->fks[k];
            FUZZ_CHECK(fk->name != NULL, "a foreign key without a name on %s", t->name);
            const ir_table *ref = ir_find_table(&s, fk->ref_table);
            FUZZ_CHECK(ref != NULL, "%s: foreign key %s points at missing table %s", t->name, fk->name, fk->ref_table);
            for (size_t c = 0; c < fk->ncolumns; c++) {
                fuzz__has(t, fk->columns[c], "foreign key");
                fuzz__has(ref, fk->ref_columns[c], "referenced key");
            }
        }
        for (size_t k = 0; k < t->nchecks; k++)
            FUZZ_CHECK(t->checks[k].name != NULL && t->checks[k].expr != NULL, "a check without a name or text");
    }
    for (size_t i = 0; i < views.n; i++)
        FUZZ_CHECK(views.items[i].file == f && views.items[i].at + views.items[i].len <= len,
                   "view %s: its query lies outside the file", views.items[i].name);
    fputs(ir_to_json(&a, &s), fuzz_sink());
    fputs(ddl_create_script(&a, &ddl_postgres_dialect, &s), fuzz_sink());
    arena_free(&a);
    return 0;
}
