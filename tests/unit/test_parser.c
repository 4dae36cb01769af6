/*
 * test_parser.c - unit tests of parse_schema(): every construct of the
 * language read into the AST (checked through ast_dump and directly through
 * spans, docs and owners), comments, multi-file schemas, the AST helpers,
 * and syntax errors: their messages, positions, recovery without cascades,
 * and the limits (NUL bytes, invalid UTF-8, nesting depth).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "front/ast.h"
#include "base/diag.h"
#include "front/parser.h"
#include "base/source.h"

typedef struct fixture {
    arena arena;
    sc_sources src;
    sc_diags diags;
    ast_schema ast;
    int rc;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(fixture));
    if (!fx)
        return -1;
    arena_init(&fx->arena);
    diag_init(&fx->diags, &fx->arena);
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    arena_free(&fx->arena);
    free(fx);
    return 0;
}

static void add_file(fixture *fx, const char *path, const char *text, size_t len)
{
    source_add(&fx->src, &fx->arena, path, text, len);
}

static void add_text(fixture *fx, const char *path, const char *text)
{
    add_file(fx, path, text, strlen(text));
}

static void parse_all(fixture *fx)
{
    fx->rc = parse_schema(&fx->ast, &fx->arena, &fx->src, &fx->diags);
}

static void parse_text(fixture *fx, const char *text)
{
    add_file(fx, "schema.prisma", text, strlen(text));
    parse_all(fx);
}

static const sc_diag *diag_n(const fixture *fx, unsigned n)
{
    const sc_diag *d = fx->diags.first;
    for (unsigned i = 0; d && i < n; i++)
        d = d->next;
    assert_non_null(d);
    return d;
}

static unsigned diag_count(const fixture *fx)
{
    unsigned n = 0;
    for (const sc_diag *d = fx->diags.first; d; d = d->next)
        n++;
    return n;
}

/* Diagnostic N is a syntax error at LINE:COL whose message contains WHAT. */
static void assert_diag(const fixture *fx, unsigned n, uint32_t line, uint32_t col, const char *what)
{
    const sc_diag *d = diag_n(fx, n);
    if (!strstr(d->message, what) || d->span.line != line || d->span.col != col)
        fail_msg("diagnostic %u: got %u:%u \"%s\", want %u:%u containing \"%s\"", n, d->span.line,
                 d->span.col, d->message, line, col, what);
    assert_int_equal(d->severity, SC_SEV_ERROR);
    assert_string_equal(d->code, "syntax");
    assert_true(d->has_span);
}

static void assert_dump(fixture *fx, const char *want)
{
    const char *got = ast_dump(&fx->arena, &fx->ast);
    if (strcmp(got, want) != 0)
        fail_msg("dump differs.\n--- got:\n%s--- want:\n%s", got, want);
}

static void assert_clean(fixture *fx)
{
    if (fx->rc != 0 || fx->diags.first)
        fail_msg("unexpected error %u:%u %s", fx->diags.first ? fx->diags.first->span.line : 0,
                 fx->diags.first ? fx->diags.first->span.col : 0,
                 fx->diags.first ? fx->diags.first->message : "(none)");
}

/* The text of span S in file 0. */
static char *span_text(fixture *fx, sc_span s)
{
    const sc_file *f = &fx->src.files[s.file];
    assert_true(s.end >= s.start && s.end <= f->len);
    return arena_strndup(&fx->arena, f->text + s.start, s.end - s.start);
}

/* ---------------------------------------------------------------- constructs */

static const char full_schema[] =
    "datasource db {\n"
    "  provider = \"postgresql\"\n"
    "  url      = env(\"DATABASE_URL\")\n"
    "  extensions = [pg_trgm, vector(schema: \"ext\")]\n"
    "}\n"
    "\n"
    "generator client {\n"
    "  provider        = \"prisma-client-js\"\n"
    "  previewFeatures = [\"fullTextSearchPostgres\"]\n"
    "}\n"
    "\n"
    "/// A person.\n"
    "/// Second line.\n"
    "model User {\n"
    "  id      Int      @id @default(autoincrement())\n"
    "  email   String   @unique @db.VarChar(255)\n"
    "  /// Display name\n"
    "  name    String?\n"
    "  tags    String[] @default([])\n"
    "  odd     Int[]?\n"
    "  search  Unsupported(\"tsvector\")?\n"
    "  score   Float    @default(-1500.5)\n"
    "  posts   Post[]\n"
    "  @@index([name(sort: Desc, length: 10), email], map: \"user_name_idx\", where: { name: \"x\", "
    "n: [1, 2] })\n"
    "  @@map(\"users\")\n"
    "}\n"
    "\n"
    "enum Role {\n"
    "  ADMIN @map(\"admin\")\n"
    "  USER\n"
    "  @@map(\"roles\")\n"
    "}\n"
    "\n"
    "view V {\n"
    "  id Int @unique\n"
    "}\n"
    "\n"
    "type Address {\n"
    "  street String\n"
    "}\n";

static const char full_dump[] =
    "(datasource db\n"
    "  (property provider (string \"postgresql\"))\n"
    "  (property url (call env (string \"DATABASE_URL\")))\n"
    "  (property extensions (array (ident pg_trgm) (call vector schema: (string \"ext\"))))\n"
    ")\n"
    "(generator client\n"
    "  (property provider (string \"prisma-client-js\"))\n"
    "  (property previewFeatures (array (string \"fullTextSearchPostgres\")))\n"
    ")\n"
    "(doc \"A person.\\nSecond line.\")\n"
    "(model User\n"
    "  (field id Int (@id) (@default (args (call autoincrement))))\n"
    "  (field email String (@unique) (@db.VarChar (args (number 255))))\n"
    "  (doc \"Display name\")\n"
    "  (field name String?)\n"
    "  (field tags String[] (@default (args (array))))\n"
    "  (field odd Int[]?)\n"
    "  (field search Unsupported(\"tsvector\")?)\n"
    "  (field score Float (@default (args (number -1500.5))))\n"
    "  (field posts Post[])\n"
    "  (block-attr (@@index (args (array (call name sort: (ident Desc) length: (number 10)) (ident "
    "email)) map: (string \"user_name_idx\") where: (object name: (string \"x\") n: (array (number 1) "
    "(number 2))))))\n"
    "  (block-attr (@@map (args (string \"users\"))))\n"
    ")\n"
    "(enum Role\n"
    "  (value ADMIN (@map (args (string \"admin\"))))\n"
    "  (value USER)\n"
    "  (block-attr (@@map (args (string \"roles\"))))\n"
    ")\n"
    "(view V\n"
    "  (field id Int (@unique))\n"
    ")\n"
    "(type Address\n"
    "  (field street String)\n"
    ")\n"
    "(doc-comment \"/// A person.\")\n"
    "(doc-comment \"/// Second line.\")\n"
    "(doc-comment \"/// Display name\")\n";

static void test_full_schema(void **state)
{
    fixture *fx = *state;
    parse_text(fx, full_schema);
    assert_clean(fx);
    assert_dump(fx, full_dump);
    assert_int_equal(fx->ast.blocks.count, 6);
    ast_block *kinds[6];
    int i = 0;
    for (ast_block *b = fx->ast.blocks.first; b; b = b->next)
        kinds[i++] = b;
    assert_int_equal(kinds[0]->kind, AST_BLOCK_DATASOURCE);
    assert_int_equal(kinds[1]->kind, AST_BLOCK_GENERATOR);
    assert_int_equal(kinds[2]->kind, AST_BLOCK_MODEL);
    assert_int_equal(kinds[3]->kind, AST_BLOCK_ENUM);
    assert_int_equal(kinds[4]->kind, AST_BLOCK_VIEW);
    assert_int_equal(kinds[5]->kind, AST_BLOCK_TYPE);
}

static void test_field_types(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model M {\n"
                   "  a String\n"
                   "  b String?\n"
                   "  c String[]\n"
                   "  d String[]?\n"
                   "  e Unsupported(\"circle\")\n"
                   "  f Unsupported(\"tsvector\")[]\n"
                   "}\n");
    assert_clean(fx);
    ast_block *m = fx->ast.blocks.first;
    ast_type_mod want[] = {AST_TYPE_REQUIRED, AST_TYPE_OPTIONAL, AST_TYPE_LIST,
                           AST_TYPE_OPTIONAL_LIST, AST_TYPE_REQUIRED, AST_TYPE_LIST};
    const char *span_want[] = {"String", "String?", "String[]", "String[]?",
                               "Unsupported(\"circle\")", "Unsupported(\"tsvector\")[]"};
    int i = 0;
    for (ast_member *f = m->members.first; f; f = f->next, i++) {
        assert_int_equal(f->kind, AST_MEMBER_FIELD);
        assert_int_equal(f->type_mod, want[i]);
        assert_string_equal(span_text(fx, f->type_span), span_want[i]);
        if (i < 4) {
            assert_string_equal(f->type_name, "String");
            assert_null(f->unsupported);
        } else {
            assert_string_equal(f->type_name, "Unsupported");
        }
    }
    assert_int_equal(i, 6);
    assert_string_equal(ast_find_member(m, "e")->unsupported, "circle");
    assert_string_equal(ast_find_member(m, "f")->unsupported, "tsvector");
}

static void test_attributes(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model M {\n"
                   "  id Int @id @default(autoincrement()) @db.Integer @map()\n"
                   "  @@unique(fields: [id], name: \"u\")\n"
                   "}\n");
    assert_clean(fx);
    ast_member *id = fx->ast.blocks.first->members.first;
    assert_int_equal(id->attrs.count, 4);
    ast_attr *a = id->attrs.first;
    assert_string_equal(a->name, "id");
    assert_false(a->has_parens);
    assert_false(a->block);
    assert_string_equal(span_text(fx, a->span), "@id");
    a = a->next;
    assert_string_equal(a->name, "default");
    assert_true(a->has_parens);
    assert_string_equal(span_text(fx, a->span), "@default(autoincrement())");
    assert_string_equal(span_text(fx, a->name_span), "@default");
    ast_arg *g = ast_find_arg(&a->args, NULL, 0);
    assert_non_null(g);
    assert_int_equal(g->value->kind, AST_EXPR_CALL);
    assert_string_equal(g->value->value, "autoincrement");
    assert_int_equal(g->value->args.count, 0);
    a = a->next;
    assert_string_equal(a->name, "db.Integer");
    a = a->next;
    assert_string_equal(a->name, "map");
    assert_true(a->has_parens);
    assert_int_equal(a->args.count, 0);
    assert_string_equal(span_text(fx, id->span), "id Int @id @default(autoincrement()) @db.Integer @map()");

    ast_member *u = id->next;
    assert_int_equal(u->kind, AST_MEMBER_BLOCK_ATTR);
    assert_null(u->name);
    assert_true(u->attr->block);
    assert_string_equal(u->attr->name, "unique");
    assert_string_equal(span_text(fx, u->attr->name_span), "@@unique");
    assert_string_equal(span_text(fx, u->span), "@@unique(fields: [id], name: \"u\")");
    ast_arg *fields = ast_find_arg(&u->attr->args, "fields", 0);
    assert_non_null(fields);
    assert_string_equal(span_text(fx, fields->span), "fields: [id]");
    assert_string_equal(span_text(fx, fields->name_span), "fields");
    assert_int_equal(fields->value->kind, AST_EXPR_ARRAY);
    assert_int_equal(fields->value->items.count, 1);
}

static void test_expressions(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "datasource d {\n"
                   "  s = \"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\\u001f!\"\n"
                   "  n = [0, -1, 3.25, -2.5, 10000000000]\n"
                   "  i = db.schema.Thing\n"
                   "  c = f(a, b: c, d: g() )\n"
                   "  a = [a, b(ops: raw(\"x\"))]\n"
                   "  e = [ ]\n"
                   "  o = x(where: { field: value, other: \"x\", nested: { k: [1] } })\n"
                   "}\n");
    assert_clean(fx);
    ast_block *b = fx->ast.blocks.first;
    ast_expr *s = ast_find_member(b, "s")->value;
    assert_int_equal(s->kind, AST_EXPR_STRING);
    const char want[] = "a\"b\\c\n\xC3\xA9\xF0\x9F\x98\x80\x1f!";
    assert_int_equal(s->value_len, sizeof(want) - 1);
    assert_memory_equal(s->value, want, sizeof(want) - 1);
    assert_string_equal(s->raw, "\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\\u001f!\"");

    ast_expr *n = ast_find_member(b, "n")->value;
    assert_int_equal(n->items.count, 5);
    const char *nums[] = {"0", "-1", "3.25", "-2.5", "10000000000"};
    int i = 0;
    for (ast_expr *x = n->items.first; x; x = x->next, i++) {
        assert_int_equal(x->kind, AST_EXPR_NUMBER);
        assert_string_equal(x->value, nums[i]);
    }
    ast_expr *id = ast_find_member(b, "i")->value;
    assert_int_equal(id->kind, AST_EXPR_IDENT);
    assert_string_equal(id->value, "db.schema.Thing");

    ast_expr *c = ast_find_member(b, "c")->value;
    assert_int_equal(c->kind, AST_EXPR_CALL);
    assert_int_equal(c->args.count, 3);
    assert_null(c->args.first->name);
    assert_string_equal(ast_find_arg(&c->args, "b", -1)->value->value, "c");
    assert_int_equal(ast_find_arg(&c->args, "d", -1)->value->kind, AST_EXPR_CALL);
    assert_string_equal(span_text(fx, c->span), "f(a, b: c, d: g() )");

    ast_expr *a = ast_find_member(b, "a")->value;
    assert_int_equal(a->items.count, 2);
    assert_string_equal(span_text(fx, a->span), "[a, b(ops: raw(\"x\"))]");
    assert_int_equal(ast_find_member(b, "e")->value->kind, AST_EXPR_ARRAY);
    assert_int_equal(ast_find_member(b, "e")->value->items.count, 0);

    ast_expr *o = ast_find_arg(&ast_find_member(b, "o")->value->args, "where", -1)->value;
    assert_int_equal(o->kind, AST_EXPR_OBJECT);
    assert_int_equal(o->args.count, 3);
    for (ast_arg *g = o->args.first; g; g = g->next)
        assert_non_null(g->name);
    ast_expr *nested = ast_find_arg(&o->args, "nested", -1)->value;
    assert_int_equal(nested->kind, AST_EXPR_OBJECT);
    assert_string_equal(span_text(fx, nested->span), "{ k: [1] }");
}

static void test_keywords_as_names(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model model {\n"
                   "  model      String\n"
                   "  enum       enum\n"
                   "  type       type?\n"
                   "  view       Int @map(type: view)\n"
                   "  datasource Int\n"
                   "  generator  Int @@index([model], type: Hash)\n"
                   "}\n"
                   "enum enum {\n"
                   "  model\n"
                   "  type\n"
                   "  generator\n"
                   "}\n"
                   "model type { id Int @id }\n");
    /* `@@index` after a field on the same line is an error; everything else is fine. */
    assert_int_equal(diag_count(fx), 1);
    assert_diag(fx, 0, 7, 18, "near \"@@\"");
    ast_block *m = fx->ast.blocks.first;
    assert_string_equal(m->name, "model");
    const char *names[] = {"model", "enum", "type", "view", "datasource"};
    int i = 0;
    for (ast_member *f = m->members.first; f; f = f->next, i++)
        assert_string_equal(f->name, names[i]);
    assert_int_equal(i, 5);
    assert_string_equal(ast_find_member(m, "enum")->type_name, "enum");
    assert_string_equal(ast_find_member(m, "type")->type_name, "type");
    ast_attr *map = ast_find_member(m, "view")->attrs.first;
    assert_string_equal(map->args.first->name, "type");
    assert_string_equal(map->args.first->value->value, "view");
    ast_block *e = m->next;
    assert_string_equal(e->name, "enum");
    assert_int_equal(e->members.count, 3);
    assert_string_equal(e->members.first->name, "model");
    assert_int_equal(e->members.first->kind, AST_MEMBER_ENUM_VALUE);
    assert_string_equal(e->next->name, "type");
    assert_int_equal(e->next->members.count, 1);
}

static void test_layout_freedom(void **state)
{
    fixture *fx = *state;
    /* One-line blocks, headers over two lines, arguments over several lines,
     * CRLF line ends and blank lines change nothing in the tree. */
    parse_text(fx, "model A { id Int @id }\r\n"
                   "model B\r\n"
                   "{\r\n"
                   "\r\n"
                   "  id Int @id @default(\r\n"
                   "    autoincrement()\r\n"
                   "  )\r\n"
                   "  @@index([\r\n"
                   "    id\r\n"
                   "  ], map: \"x\")\r\n"
                   "}");
    assert_clean(fx);
    assert_dump(fx, "(model A\n"
                    "  (field id Int (@id))\n"
                    ")\n"
                    "(model B\n"
                    "  (field id Int (@id) (@default (args (call autoincrement))))\n"
                    "  (block-attr (@@index (args (array (ident id)) map: (string \"x\"))))\n"
                    ")\n");
}

static void test_doc_comments(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "/// lost: a blank line follows\n"
                   "\n"
                   "///Block doc\n"
                   "/// with two lines\n"
                   "// and a plain comment between\n"
                   "model A {\n"
                   "  /// field doc\n"
                   "  id Int @id /// trailing, not a doc of the next field\n"
                   "  name String\n"
                   "  //// four slashes are not a doc\n"
                   "  other String\n"
                   "  /// block attribute doc\n"
                   "  @@map(\"a\")\n"
                   "}\n"
                   "enum E {\n"
                   "  /// value doc\n"
                   "  X\n"
                   "}\n"
                   "/* block comment */ model B {\n"
                   "  id Int @id\n"
                   "}\n");
    assert_clean(fx);
    ast_block *a = fx->ast.blocks.first;
    assert_string_equal(a->doc, "Block doc\nwith two lines");
    assert_string_equal(ast_find_member(a, "id")->doc, "field doc");
    assert_null(ast_find_member(a, "name")->doc);
    assert_null(ast_find_member(a, "other")->doc);
    assert_string_equal(a->members.last->doc, "block attribute doc");
    ast_block *e = a->next;
    assert_string_equal(e->members.first->doc, "value doc");
    assert_null(e->doc);
    assert_null(e->next->doc);

    ast_comment_list *cl = &fx->ast.comments[0];
    assert_int_equal(cl->count, 10);
    ast_comment *c = cl->first;
    assert_string_equal(c->text, "/// lost: a blank line follows");
    assert_true(c->doc);
    assert_int_equal(c->span.line, 1);
    assert_int_equal(c->span.col, 1);
    c = c->next->next->next;
    assert_string_equal(c->text, "// and a plain comment between");
    assert_false(c->doc);
    c = c->next->next;
    assert_string_equal(c->text, "/// trailing, not a doc of the next field");
    assert_int_equal(c->span.line, 8);
    assert_int_equal(c->span.col, 14);
    c = c->next;
    assert_string_equal(c->text, "//// four slashes are not a doc");
    assert_false(c->doc);
    assert_string_equal(cl->last->text, "/* block comment */");
    assert_true(cl->last->block);
    assert_false(cl->last->doc);
    assert_string_equal(span_text(fx, cl->last->span), "/* block comment */");
}

static void test_spans_and_owners(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "\n"
                   "  model  Café_is_not_ascii_so_use_B {\n"
                   "}\n"
                   "model B {\n"
                   "  s String @default(\"é€\") @map(\"x\")\n"
                   "}\n");
    /* The first block's name holds non-ASCII letters: one error, then B parses. */
    assert_int_equal(diag_count(fx), 1);
    assert_diag(fx, 0, 2, 13, "unexpected character \"é\"");

    ast_block *b = ast_find_block(&fx->ast, "B", 1u << AST_BLOCK_MODEL);
    assert_non_null(b);
    assert_int_equal(b->file, 0);
    assert_int_equal(b->span.line, 4);
    assert_int_equal(b->span.col, 1);
    assert_string_equal(span_text(fx, b->span), "model B {\n  s String @default(\"é€\") @map(\"x\")\n}");
    assert_string_equal(span_text(fx, b->keyword_span), "model");
    assert_string_equal(span_text(fx, b->name_span), "B");
    ast_member *s = b->members.first;
    assert_ptr_equal(s->owner, b);
    assert_int_equal(s->name_span.line, 5);
    assert_int_equal(s->name_span.col, 3);
    ast_attr *map = s->attrs.last;
    assert_int_equal(map->span.line, 5);
    assert_int_equal(map->span.col, 27); /* columns count characters, not bytes */
    assert_string_equal(span_text(fx, s->span), "s String @default(\"é€\") @map(\"x\")");
}

static void test_multi_file(void **state)
{
    fixture *fx = *state;
    const char *one = "// first file\nmodel A {\n  id Int @id\n  b B?\n}\n";
    const char *two = "/// B's doc\nmodel B {\n  id Int @id\n  x Int Int\n}\nenum E {\n  V\n}\n";
    add_file(fx, "a.prisma", one, strlen(one));
    add_file(fx, "b.prisma", two, strlen(two));
    parse_all(fx);
    assert_int_equal(fx->rc, -1);
    assert_int_equal(fx->ast.nfiles, 2);
    assert_int_equal(fx->ast.blocks.count, 3);
    ast_block *a = fx->ast.blocks.first, *b = a->next;
    assert_int_equal(a->file, 0);
    assert_int_equal(b->file, 1);
    assert_int_equal(b->next->file, 1);
    assert_string_equal(b->doc, "B's doc");
    assert_int_equal(b->span.file, 1);
    assert_int_equal(b->span.line, 2);
    assert_int_equal(fx->ast.comments[0].count, 1);
    assert_int_equal(fx->ast.comments[1].count, 1);
    assert_string_equal(fx->ast.comments[1].first->text, "/// B's doc");
    assert_int_equal(fx->ast.comments[1].first->span.file, 1);
    assert_int_equal(diag_count(fx), 1);
    assert_diag(fx, 0, 4, 9, "near \"Int\"");
    assert_int_equal(diag_n(fx, 0)->span.file, 1);
}

static void test_empty_inputs(void **state)
{
    fixture *fx = *state;
    add_file(fx, "empty.prisma", "", 0);
    add_file(fx, "blank.prisma", "\n  \n\t\r\n", 6);
    add_file(fx, "comments.prisma", "// only\n/* comments */", 22);
    parse_all(fx);
    assert_clean(fx);
    assert_int_equal(fx->ast.blocks.count, 0);
    assert_int_equal(fx->ast.comments[2].count, 2);
}

static void test_dump_ignores_layout(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model A {\n  id Int @id @default(1)\n  @@map(\"a\")\n}\n");
    char *first = ast_dump(&fx->arena, &fx->ast);
    fixture other;
    memset(&other, 0, sizeof(other));
    arena_init(&other.arena);
    diag_init(&other.diags, &other.arena);
    parse_text(&other, "\n\nmodel   A   {\n\n     id    Int    @id   @default( 1 )\n\n"
                       "   @@map( \"a\" )\n\n   }");
    assert_clean(&other);
    assert_string_equal(ast_dump(&other.arena, &other.ast), first);
    arena_free(&other.arena);
}

static void test_ast_helpers(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model User {\n  id Int @id\n  @@index([id], name: \"n\")\n}\nenum User2 {\n  A\n}\n");
    assert_clean(fx);
    ast_block *u = ast_find_block(&fx->ast, "User", 1u << AST_BLOCK_MODEL);
    assert_non_null(u);
    assert_null(ast_find_block(&fx->ast, "User", 1u << AST_BLOCK_ENUM));
    assert_non_null(ast_find_block(&fx->ast, "User2", (1u << AST_BLOCK_ENUM) | (1u << AST_BLOCK_MODEL)));
    assert_null(ast_find_block(&fx->ast, "Nope", ~0u));
    assert_non_null(ast_find_member(u, "id"));
    assert_null(ast_find_member(u, "nope"));
    ast_member *id = ast_find_member(u, "id");
    assert_non_null(ast_find_attr(&id->attrs, "id", false));
    assert_null(ast_find_attr(&id->attrs, "id", true));
    ast_attr *idx = u->members.last->attr;
    assert_ptr_equal(ast_find_arg(&idx->args, "name", 0), idx->args.last);
    assert_ptr_equal(ast_find_arg(&idx->args, "fields", 0), idx->args.first);
    assert_null(ast_find_arg(&idx->args, "fields", -1));
    assert_null(ast_find_arg(&idx->args, NULL, 1));

    assert_string_equal(ast_block_kind_name(AST_BLOCK_DATASOURCE), "datasource");
    assert_string_equal(ast_block_kind_name(AST_BLOCK_TYPE), "type");
    for (int s = SC_SCALAR_STRING; s <= SC_SCALAR_UNSUPPORTED; s++)
        assert_int_equal(sc_scalar_from_name(sc_scalar_name((sc_scalar)s)), s);
    assert_null(sc_scalar_name(SC_SCALAR_NONE));
    assert_int_equal(sc_scalar_from_name("DateTime"), SC_SCALAR_DATETIME);
    assert_int_equal(sc_scalar_from_name("string"), SC_SCALAR_NONE);
    assert_int_equal(sc_scalar_from_name("User"), SC_SCALAR_NONE);
}

/* ---------------------------------------------------------------- errors */

static void test_unknown_block_keyword(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "modle User {\n  id Int @id\n  name String\n}\nmodel Ok {\n  id Int @id\n}\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 1);
    assert_diag(fx, 0, 1, 1, "\"modle\"");
    const char *msg = diag_n(fx, 0)->message;
    for (const char *kw = "datasource\0generator\0model\0view\0enum\0type\0"; *kw; kw += strlen(kw) + 1)
        assert_non_null(strstr(msg, kw));
    /* Recovery skipped the whole bad block and kept the next one. */
    assert_int_equal(fx->ast.blocks.count, 1);
    assert_string_equal(fx->ast.blocks.first->name, "Ok");
}

static void test_field_without_type(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model A {\n  id Int @id\n  name\n  email String\n}\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 1);
    assert_diag(fx, 0, 3, 3, "expected a field type after \"name\"");
    assert_non_null(ast_find_member(fx->ast.blocks.first, "email"));
}

/* Prisma allows no trailing comma in arguments, lists or objects: each is an error at the comma, and the
   tree is still complete. */
static void test_trailing_commas(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model A {\n"
                   "  id Int @id @default(1,)\n"
                   "  a Int\n"
                   "  @@index([a,], where: { a: 1, })\n"
                   "}\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 3);
    assert_diag(fx, 0, 2, 24, "trailing comma");
    assert_diag(fx, 1, 4, 13, "trailing comma");
    assert_diag(fx, 2, 4, 30, "trailing comma");
    assert_non_null(ast_find_member(fx->ast.blocks.first, "a"));
}

static void test_several_errors_recovered(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model A {\n"                          /* 1 */
                   "  id Int @id @\n"                      /* 2 */
                   "  ok String\n"                         /* 3 */
                   "  bad Int Int\n"                       /* 4 */
                   "  email: String\n"                     /* 5 */
                   "  n Int @default([1, 2)\n"             /* 6 */
                   "  good Int\n"                          /* 7 */
                   "}\n"                                   /* 8 */
                   "}\n"                                   /* 9 */
                   "model {\n"                             /* 10 */
                   "  x Int\n"                             /* 11 */
                   "}\n"                                   /* 12 */
                   "enum E {\n"                            /* 13 */
                   "  A B\n"                               /* 14 */
                   "  C\n"                                 /* 15 */
                   "}\n"                                   /* 16 */
                   "datasource db {\n"                     /* 17 */
                   "  provider \"sqlite\"\n"               /* 18 */
                   "  url = env(\"X\")\n"                  /* 19 */
                   "}\n");
    assert_int_equal(fx->rc, -1);
    assert_diag(fx, 0, 2, 15, "expected an attribute name after \"@\"");
    assert_diag(fx, 1, 4, 11, "near \"Int\": syntax error, expected an attribute or end of line");
    assert_diag(fx, 2, 5, 8, "near \":\"");
    assert_diag(fx, 3, 6, 23, "near \")\"");
    assert_diag(fx, 4, 9, 1, "near \"}\"");
    assert_diag(fx, 5, 10, 7, "expected a name after \"model\"");
    assert_diag(fx, 6, 14, 5, "after enum value \"A\"");
    assert_diag(fx, 7, 18, 12, "expected \"=\" after \"provider\"");
    assert_int_equal(diag_count(fx), 8);
    /* The good members around the errors survived. */
    ast_block *a = fx->ast.blocks.first;
    assert_non_null(ast_find_member(a, "ok"));
    assert_non_null(ast_find_member(a, "good"));
    ast_block *e = ast_find_block(&fx->ast, "E", 1u << AST_BLOCK_ENUM);
    assert_non_null(e);
    assert_non_null(ast_find_member(e, "C"));
    ast_block *db = ast_find_block(&fx->ast, "db", 1u << AST_BLOCK_DATASOURCE);
    assert_non_null(db);
    assert_non_null(ast_find_member(db, "url"));
}

static void test_missing_close_brace(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model User {\n  id Int @id\nmodel Post {\n  id Int @id\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 2);
    assert_diag(fx, 0, 3, 1, "missing \"}\" to close model \"User\"");
    assert_non_null(diag_n(fx, 0)->notes);
    assert_int_equal(diag_n(fx, 0)->notes->span.line, 1);
    assert_diag(fx, 1, 5, 1, "missing \"}\" to close model \"Post\"");
    assert_int_equal(fx->ast.blocks.count, 2);
    assert_int_equal(fx->ast.blocks.first->members.count, 1);
    assert_int_equal(fx->ast.blocks.last->members.count, 1);
}

static void test_end_of_file_cases(void **state)
{
    fixture *fx = *state;
    add_text(fx, "open.prisma", "model A {");
    add_text(fx, "header.prisma", "model B");
    add_text(fx, "args.prisma", "model C {\n  id Int @default(");
    add_text(fx, "comment.prisma", "model D {\n  id Int /* never closed");
    parse_all(fx);
    assert_int_equal(fx->rc, -1);
    assert_diag(fx, 0, 1, 10, "missing \"}\" to close model \"A\"");
    assert_diag(fx, 1, 1, 8, "at end of file: syntax error, expected \"{\" after model \"B\"");
    assert_diag(fx, 2, 2, 18, "unclosed \"(\"");
    assert_diag(fx, 3, 2, 19, "missing \"}\" to close model \"C\"");
    assert_diag(fx, 4, 2, 10, "unterminated comment");
    assert_diag(fx, 5, 2, 25, "missing \"}\" to close model \"D\"");
    assert_int_equal(diag_count(fx), 6);
    assert_int_equal(fx->ast.comments[3].count, 1);
    /* The block read before the end is kept, with the member that was complete. */
    assert_non_null(ast_find_member(ast_find_block(&fx->ast, "D", ~0u), "id"));
}

static void test_multiline_block_comment_separates_members(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model A {\n  a Int /* spans\n  lines */ b Int\n  c Int /* one line */ @id\n}\n");
    assert_clean(fx);
    assert_dump(fx, "(model A\n  (field a Int)\n  (field b Int)\n  (field c Int (@id))\n)\n"
                    "(block-comment \"/* spans\\n  lines */\")\n"
                    "(block-comment \"/* one line */\")\n");
}

static void test_unclosed_bracket(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model A {\n  id Int @default(\n  name String\n}\nmodel B {\n  id Int @id\n}\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 1);
    assert_diag(fx, 0, 3, 8, "near \"String\"");
    const sc_note *n = diag_n(fx, 0)->notes;
    assert_non_null(n);
    assert_int_equal(n->span.line, 2);
    assert_int_equal(n->span.col, 18);
    assert_non_null(ast_find_block(&fx->ast, "B", ~0u));
}

static void test_unterminated_string(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model A {\n  t String @default(\"abc)\n  n Int\n}\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 1);
    assert_diag(fx, 0, 2, 21, "unterminated string");
    assert_non_null(ast_find_member(fx->ast.blocks.first, "n"));
}

static void test_bad_escape_and_characters(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "model A {\n  t String @default(\"ok \\q\")\n  u Int $$$ @id\n  v Int # x\n}\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 3);
    assert_diag(fx, 0, 2, 25, "invalid string literal: unknown escape sequence");
    assert_diag(fx, 1, 3, 9, "unexpected character \"$\"");
    assert_diag(fx, 2, 4, 9, "unexpected character \"#\"");
}

/* \u0000 in any string is an error at the escape, never a value cut short. */
static void test_nul_escape(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "datasource db {\n  url = \"x\\u0000y\"\n}\n"
                   "model A {\n  t String @default(\"ok\\u0000\")\n"
                   "  @@index([t], where: raw(\"t <> '\\u0000'\"))\n}\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 3);
    assert_diag(fx, 0, 2, 11, "invalid string literal: \\u0000 (NUL) cannot appear in a string");
    assert_diag(fx, 1, 5, 24, "NUL");
    assert_diag(fx, 2, 6, 34, "NUL");
}

static void test_config_block_rules(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "datasource db {\n  url String\n  @@map(\"x\")\n}\nmodel A {\n  k = 1\n}\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 3);
    assert_diag(fx, 0, 2, 7, "expected \"=\" after \"url\"");
    assert_diag(fx, 1, 3, 3, "not allowed in datasource block \"db\"");
    assert_diag(fx, 2, 6, 5, "belong in datasource and generator blocks");
}

static void test_nul_byte(void **state)
{
    fixture *fx = *state;
    const char bad[] = "model A {\n  id Int\0 @id\n}\n";
    const char good[] = "model B {\n  id Int @id\n}\n";
    add_file(fx, "bad.prisma", bad, sizeof(bad) - 1);
    add_file(fx, "good.prisma", good, sizeof(good) - 1);
    parse_all(fx);
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 1);
    assert_diag(fx, 0, 2, 9, "NUL byte");
    assert_int_equal(diag_n(fx, 0)->span.file, 0);
    /* The bad file contributes nothing; the good one still parses. */
    assert_int_equal(fx->ast.blocks.count, 1);
    assert_string_equal(fx->ast.blocks.first->name, "B");
}

static void test_invalid_utf8(void **state)
{
    fixture *fx = *state;
    parse_text(fx, "// café\nmodel A {\n  s String @default(\"caf\xE9\")\n}\n");
    assert_int_equal(fx->rc, -1);
    assert_int_equal(diag_count(fx), 1);
    assert_diag(fx, 0, 3, 25, "invalid UTF-8");
    assert_int_equal(fx->ast.blocks.count, 0);
}

/* HEAD, DEPTH copies of OPEN, "1", DEPTH copies of CLOSE, TAIL. */
static char *nested(const char *head, char open, char close, int depth, const char *tail)
{
    size_t n = strlen(head) + 2 * (size_t)depth + 1 + strlen(tail) + 1;
    char *s = malloc(n);
    assert_non_null(s);
    size_t k = strlen(head);
    memcpy(s, head, k);
    memset(s + k, open, (size_t)depth);
    k += (size_t)depth;
    s[k++] = '1';
    memset(s + k, close, (size_t)depth);
    k += (size_t)depth;
    memcpy(s + k, tail, strlen(tail) + 1);
    return s;
}

static void test_depth_limit(void **state)
{
    fixture *fx = *state;
    /* @default( is one level, so SC_PARSE_MAX_DEPTH - 1 brackets fit exactly;
     * the first "[" is in column 18. */
    char *ok = nested("model A {\n  x Int @default(", '[', ']', SC_PARSE_MAX_DEPTH - 1, ")\n}\n");
    parse_text(fx, ok);
    free(ok);
    assert_clean(fx);

    fixture deep;
    memset(&deep, 0, sizeof(deep));
    arena_init(&deep.arena);
    diag_init(&deep.diags, &deep.arena);
    char *bad = nested("model A {\n  x Int @default(", '[', ']', SC_PARSE_MAX_DEPTH, ")\n}\n");
    parse_text(&deep, bad);
    free(bad);
    assert_int_equal(deep.rc, -1);
    assert_int_equal(diag_count(&deep), 1);
    assert_diag(&deep, 0, 2, 18 + SC_PARSE_MAX_DEPTH - 1, "nesting deeper than");
    arena_free(&deep.arena);
}

static void test_very_deep_input_fails_cleanly(void **state)
{
    fixture *fx = *state;
    enum { DEPTH = 10000 };
    char *text = malloc(DEPTH + 1);
    assert_non_null(text);
    memset(text, '[', DEPTH);
    text[DEPTH] = '\0';
    add_file(fx, "deep.prisma", text, DEPTH);
    char *text2 = nested("model A {\n  x Int @default(", '[', ']', DEPTH, ")\n}\n");
    add_file(fx, "deep2.prisma", text2, strlen(text2));
    free(text);
    free(text2);
    parse_all(fx);
    assert_int_equal(fx->rc, -1);
    /* The first file is garbage at top level: one error; skipping then gives up
     * quietly at the depth limit. The second is nested too deeply. */
    assert_diag(fx, 0, 1, 1, "near \"[\"");
    assert_int_equal(diag_n(fx, 0)->span.file, 0);
    assert_diag(fx, 1, 2, 18 + SC_PARSE_MAX_DEPTH - 1, "nesting deeper than");
    assert_int_equal(diag_n(fx, 1)->span.file, 1);
    assert_int_equal(diag_count(fx), 2);
}

static void test_garbage_never_crashes(void **state)
{
    (void)state;
    /* Deterministic pseudo-random inputs built from schema fragments and junk. */
    static const char *const frags[] = {
        "model", "enum", "type", "view", "datasource", "generator", "A", "{", "}", "(", ")",
        "[", "]", "[]", "@", "@@", ",", ":", "=", "?", "\n", " ", "\"s\"", "\"", "1", "-2.5",
        "//c\n", "///d\n", "/*", "*/", "id", "Int", "@id", "\\", "$", "é", "\r", "\t",
    };
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        char buf[512];
        size_t n = 0;
        int parts = (int)(seed % 40);
        for (int i = 0; i < parts; i++) {
            seed = seed * 1103515245u + 12345u;
            const char *f = frags[(seed >> 8) % (sizeof(frags) / sizeof(frags[0]))];
            size_t l = strlen(f);
            if (n + l >= sizeof(buf))
                break;
            memcpy(buf + n, f, l);
            n += l;
        }
        seed = seed * 1103515245u + 12345u;
        arena a;
        arena_init(&a);
        sc_sources src = {0};
        sc_diags d;
        diag_init(&d, &a);
        source_add(&src, &a, "g.prisma", buf, n);
        ast_schema s;
        int rc = parse_schema(&s, &a, &src, &d);
        /* The result is consistent: errors iff -1, and the tree can be walked. */
        assert_int_equal(rc == 0, d.nerrors == 0);
        assert_non_null(ast_dump(&a, &s));
        for (ast_block *b = s.blocks.first; b; b = b->next) {
            assert_true(b->span.end <= n);
            for (ast_member *m = b->members.first; m; m = m->next)
                assert_ptr_equal(m->owner, b);
        }
        arena_free(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_full_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_types, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attributes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_expressions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keywords_as_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_layout_freedom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_doc_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_spans_and_owners, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multi_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_inputs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dump_ignores_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ast_helpers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_block_keyword, setup, teardown),
        cmocka_unit_test_setup_teardown(test_field_without_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_several_errors_recovered, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_commas, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_close_brace, setup, teardown),
        cmocka_unit_test_setup_teardown(test_end_of_file_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multiline_block_comment_separates_members, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unclosed_bracket, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unterminated_string, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_escape_and_characters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_escape, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_block_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nul_byte, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_very_deep_input_fails_cleanly, setup, teardown),
        cmocka_unit_test(test_garbage_never_crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
