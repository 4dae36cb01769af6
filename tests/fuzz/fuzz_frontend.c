/*
 * fuzz_frontend.c - libFuzzer target for the front end.
 *
 * The input is one schema file, or several separated by 0xFF bytes (never
 * valid UTF-8, so no real schema contains one). Each run parses, runs sema
 * when the parse succeeded, dumps the tree and renders the diagnostics, so
 * every span the front end produced is also read back by the renderer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "front/ast.h"
#include "base/diag.h"
#include "front/parser.h"
#include "sema/sema.h"
#include "base/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *fuzz__sink(void)
{
    static FILE *sink;
    if (!sink)
        sink = fopen("/dev/null", "w");
    return sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    sc_sources src;
    memset(&src, 0, sizeof(src));
    sc_diags diags;
    diag_init(&diags, &a);

    const char *text = (const char *)data;
    size_t start = 0;
    for (int nfiles = 0; nfiles < 8; nfiles++) {
        const char *sep = start < size ? memchr(text + start, 0xFF, size - start) : NULL;
        size_t end = sep ? (size_t)(sep - text) : size;
        char path[32];
        snprintf(path, sizeof(path), "fuzz%d.prisma", nfiles);
        source_add(&src, &a, path, text + start, end - start);
        if (!sep)
            break;
        start = end + 1;
    }

    ast_schema schema;
    if (parse_schema(&schema, &a, &src, &diags) == 0)
        sema_check(&schema, &a, &src, &diags);
    (void)ast_dump(&a, &schema);
    FILE *sink = fuzz__sink();
    if (sink) {
        diag_sort(&diags);
        diag_render(&diags, &src, sink, SC_DIAG_TEXT, false);
        diag_render(&diags, &src, sink, SC_DIAG_JSON, false);
    }
    arena_free(&a);
    return 0;
}
