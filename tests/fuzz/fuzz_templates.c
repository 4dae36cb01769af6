/*
 * fuzz_templates.c - libFuzzer target for the code templates that
 * `schemac generate --templates DIR` reads: {{key}} expansion (cgen_expand)
 * and the whole generator with user templates in place of built-in ones.
 *
 * The input is one or more templates separated by 0xFF bytes: the first
 * byte of each picks the built-in template it replaces (modulo their
 * number), the rest is its text (up to a NUL byte, which the template
 * reader refuses). The schema is fixed and small (the generator is the
 * slow part), yet uses every template: an enum, also as a list, a model
 * with client-set ids, one with soft delete, an index and a relation to
 * load both ways, and a many-to-many link. Invariants:
 *   - cgen_expand of text without "{{" is the text; any expansion that
 *     succeeds with values free of braces leaves no "{{" behind; a failure
 *     comes with a reason;
 *   - cgen_generate either writes both files or fails with a reason; a
 *     replaced template without "{{" appears verbatim in its output.
 */
#include "fuzz_util.h"

#include <stdbool.h>

#include "cgen/cgen.h"
#include "base/diag.h"
#include "model/ir.h"
#include "front/parser.h"
#include "sema/sema.h"
#include "base/source.h"
#include "sema/lower.h"

static const char fuzz__schema_text[] =
    "datasource db {\n  provider = \"postgresql\"\n  url = \"x\"\n}\n"
    "enum Role {\n  READER\n  ADMIN\n}\n"
    "model User {\n  id Int @id\n  role Role\n  roles Role[]\n  posts Post[]\n  tags Tag[]\n}\n"
    "model Post {\n  id Int @id @default(autoincrement())\n  authorId Int\n"
    "  author User @relation(fields: [authorId], references: [id])\n  deletedAt DateTime? @deletedAt\n"
    "  @@index([authorId])\n}\n"
    "model Tag {\n  id Int @id\n  users User[]\n}\n";

static const ir_schema *fuzz__ir;

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The fixed schema's model, built once before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static arena a;
    arena_init(&a);
    sc_sources *src = ARENA_NEW(&a, sc_sources);
    sc_diags *diags = ARENA_NEW(&a, sc_diags);
    ast_schema *ast = ARENA_NEW(&a, ast_schema);
    diag_init(diags, &a);
    source_add(src, &a, "fuzz.prisma", fuzz__schema_text, sizeof fuzz__schema_text - 1);
    ir_schema *out = ARENA_NEW(&a, ir_schema);
    FUZZ_CHECK(parse_schema(ast, &a, src, diags) == 0 && sema_check(ast, &a, src, diags) == 0 && !diags->nerrors &&
                   lower_schema(out, &a, ast, IR_PROVIDER_NONE) == 0,
               "the fixed schema does not compile");
    fuzz__ir = out;
    return 0;
}

static void fuzz__expand(arena *a, const char *text)
{
    static const char *const vars[] = {"prefix", "blog", "PREFIX", "BLOG", "model", "blog_user", "Model", "User",
                                       "enum", "blog_role", "header", "blog.h", "schema_file", "schema.prisma",
                                       NULL};
    const char *err = NULL;
    char *out = cgen_expand(a, text, vars, &err);
    if (!out) {
        FUZZ_CHECK(err != NULL, "expansion failed without a reason");
        FUZZ_CHECK(strstr(text, "{{") != NULL, "text without {{ failed to expand: %s", err);
        return;
    }
    if (!strstr(text, "{{"))
        FUZZ_CHECK(strcmp(out, text) == 0, "text without {{ changed in expansion");
    FUZZ_CHECK(!strstr(out, "{{"), "a placeholder survived expansion: %s", out);
    /* An empty key set: only text without placeholders expands. */
    err = NULL;
    out = cgen_expand(a, text, NULL, &err);
    FUZZ_CHECK((out != NULL) == (strstr(text, "{{") == NULL), "expansion without keys: %s", err ? err : "ok");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const ir_schema *ir = fuzz__ir;
    cgen_templates base = cgen_builtin_templates();
    if (base.count == 0)
        return 0;
    arena a;
    arena_init(&a);
    fuzz_parts p;
    fuzz_split(&p, &a, data, size);
    cgen_template *items = ARENA_ARRAY(&a, cgen_template, base.count + p.n);
    size_t n = 0;
    for (size_t i = 0; i < base.count; i++)
        items[n++] = base.items[i];
    const char *plain[FUZZ_MAX_PARTS]; /* replaced templates without placeholders */
    size_t nplain = 0;
    for (size_t i = 0; i < p.n; i++) {
        if (p.len[i] == 0)
            continue;
        const char *text = p.text[i] + 1;
        fuzz__expand(&a, text);
        items[n].name = base.items[(unsigned char)p.text[i][0] % base.count].name;
        items[n].text = text;
        n++;
        if (*text && !strstr(text, "{{"))
            plain[nplain++] = text;
    }
    /* Later entries win, as with a loaded folder; a later replacement of the same template hides an earlier one. */
    cgen_options o = CGEN_OPTIONS_INIT;
    o.prefix = "blog";
    o.schema_name = "schema.prisma";
    o.templates.items = items;
    o.templates.count = n;
    cgen_output out;
    const char *err = NULL;
    if (cgen_generate(&out, &a, ir, &o, &err) == 0) {
        FUZZ_CHECK(out.header && out.source && out.header_name && out.source_name, "a file is missing");
        for (size_t i = 0; i < nplain; i++) {
            bool used = false;
            for (size_t k = base.count; k < n; k++)
                if (items[k].text == plain[i])
                    used = cgen_template_find(&o.templates, items[k].name) == plain[i];
            FUZZ_CHECK(!used || strstr(out.header, plain[i]) || strstr(out.source, plain[i]),
                       "template text without placeholders is not in the output: %s", plain[i]);
        }
    } else {
        FUZZ_CHECK(err != NULL, "generation failed without a reason");
    }
    arena_free(&a);
    return 0;
}
