/*
 * fuzz_sqlc_config.c - libFuzzer target for sqlc configurations
 * (sqlc.yaml / sqlc.json, sqlc_project_parse) and the name and migration
 * helpers of a sqlc project.
 *
 * The input is one configuration; paths are kept as written (the file
 * system is not looked at). Checked:
 *   - the error count returned is the number of errors recorded, and every
 *     diagnostic lies inside the file, on the line and column it names;
 *   - an accepted configuration is version 1 or 2 and has at least one
 *     package, each sqlite or postgresql with at least one query path;
 *   - the struct name sqlc_struct_name gives any line of the input (as a
 *     table and as an enum) is a C identifier (never empty);
 *   - sqlc_up_length cuts the input at a line start, never past its end.
 */
#include "fuzz_util.h"

#include <ctype.h>

#include "queries/sqlc_project.h"

static void fuzz__identifier(const char *s)
{
    size_t n = strlen(s);
    FUZZ_CHECK(n > 0, "an empty name");
    FUZZ_CHECK(!isdigit((unsigned char)s[0]), "a name starting with a digit: %s", s);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(isalnum((unsigned char)s[i]) || s[i] == '_' || (unsigned char)s[i] >= 0x80,
                   "a name with '%c': %s", s[i], s);
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
    uint32_t f = source_add(&src, &a, "sqlc.yaml", text, len);
    sqlc_project p;
    size_t errors = sqlc_project_parse(&p, &a, &src, &diags, f, "proj", false);
    FUZZ_CHECK(errors == diags.nerrors, "%zu errors returned, %u recorded", errors, diags.nerrors);
    for (const sc_diag *d = diags.first; d; d = d->next) {
        if (!d->has_span)
            continue;
        FUZZ_CHECK(d->span.start <= len && d->span.end <= len + 1 && d->span.start <= d->span.end,
                   "a diagnostic outside the file: %u..%u of %zu", d->span.start, d->span.end, len);
        uint32_t line, col;
        source_position(&src.files[f], d->span.start, &line, &col);
        FUZZ_CHECK(line == d->span.line && col == d->span.col, "a span names %u:%u for %u:%u", d->span.line,
                   d->span.col, line, col);
    }
    if (errors == 0) {
        FUZZ_CHECK(p.version == 1 || p.version == 2, "version %d accepted", p.version);
        FUZZ_CHECK(p.npackages > 0, "no package accepted");
        for (size_t i = 0; i < p.npackages; i++) {
            FUZZ_CHECK(p.packages[i].engine == IR_PROVIDER_SQLITE || p.packages[i].engine == IR_PROVIDER_POSTGRESQL,
                       "package %zu: no engine", i);
            FUZZ_CHECK(p.packages[i].nqueries > 0, "package %zu: no query path", i);
        }
    }
    /* Names and rollback markers, on each line of the input. */
    const sqlc_package *pkg = errors == 0 && p.npackages ? &p.packages[0] : NULL;
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        const char *name = arena_strndup(&a, line, n);
        fuzz__identifier(sqlc_struct_name(&a, pkg, name, true));
        fuzz__identifier(sqlc_struct_name(&a, pkg, name, false));
        FUZZ_CHECK(sqlc_singular(&a, name) != NULL, "no singular");
        line = nl ? nl + 1 : line + n;
    }
    size_t up = sqlc_up_length(text, len);
    FUZZ_CHECK(up <= len, "the up part is longer than the file");
    FUZZ_CHECK(up == len || up == 0 || text[up - 1] == '\n', "the up part ends inside a line");
    arena_free(&a);
    return 0;
}
