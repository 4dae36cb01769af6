/*
 * test_diagram.c - the pieces of `schemac diagram`: crow's-foot cardinality
 * from a foreign key's columns, the escaping of names for Mermaid and for
 * Graphviz HTML labels, column types with and without a dialect, and whole
 * diagrams of small schemas (markers, relationship lines, determinism).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ddl/ddl.h"
#include "intel/diagram.h"
#include "model/ir.h"
#include "front/parser.h"
#include "sema/sema.h"
#include "sema/lower.h"

/* Parse, check and lower TEXT into OUT; the schema must be valid. */
static void lower_text(arena *a, const char *text, ir_provider provider, ir_schema *out)
{
    sc_sources src = {0};
    sc_diags diags;
    ast_schema ast;
    diag_init(&diags, a);
    source_add(&src, a, "test.prisma", text, strlen(text));
    int prc = parse_schema(&ast, a, &src, &diags);
    int rc = prc == 0 ? sema_check(&ast, a, &src, &diags) : -1;
    for (const sc_diag *d = diags.first; d; d = d->next)
        fprintf(stderr, "%u:%u: %s\n", d->span.line, d->span.col, d->message);
    assert_int_equal(rc, 0);
    assert_int_equal(lower_schema(out, a, &ast, provider), 0);
}

/* ---------------------------------------------------------------- cardinality */

/* A table of columns a, b, c (c nullable) with primary key PK (NPK columns) and the given indexes. */
typedef struct fixture {
    ir_column cols[3];
    const char *pk[3];
    ir_index_column ixcols[4][3];
    ir_index ix[4];
    ir_table t;
} fixture;

static void fixture_init(fixture *f, const char *const *pk, size_t npk)
{
    memset(f, 0, sizeof *f);
    static const char *names[] = {"a", "b", "c"};
    for (size_t i = 0; i < 3; i++) {
        f->cols[i].name = names[i];
        f->cols[i].scalar = SC_SCALAR_INT;
        f->cols[i].nullable = i == 2;
    }
    for (size_t i = 0; i < npk; i++)
        f->pk[i] = pk[i];
    f->t.name = "t";
    f->t.columns = f->cols;
    f->t.ncolumns = 3;
    f->t.has_pk = npk > 0;
    f->t.pk.columns = f->pk;
    f->t.pk.ncolumns = npk;
    f->t.indexes = f->ix;
}

static void fixture_index(fixture *f, bool unique, const char *where, const char *c1, const char *c2)
{
    size_t i = f->t.nindexes++;
    f->ixcols[i][0].name = c1;
    f->ixcols[i][1].name = c2;
    f->ix[i].name = "ix";
    f->ix[i].unique = unique;
    f->ix[i].where = where;
    f->ix[i].columns = f->ixcols[i];
    f->ix[i].ncolumns = c2 ? 2 : 1;
}

static void test_link_many(void **state)
{
    (void)state;
    fixture f;
    static const char *pk[] = {"a"};
    fixture_init(&f, pk, 1);
    static const char *fk[] = {"b"};
    diagram_link l = diagram_link_of(&f.t, fk, 1);
    assert_int_equal(l.parent, DIAGRAM_CARD_ONE);
    assert_int_equal(l.child, DIAGRAM_CARD_MANY);
    assert_false(l.identifying);
    /* An ordinary index does not make the key unique. */
    fixture_index(&f, false, NULL, "b", NULL);
    l = diagram_link_of(&f.t, fk, 1);
    assert_int_equal(l.child, DIAGRAM_CARD_MANY);
}

static void test_link_optional(void **state)
{
    (void)state;
    fixture f;
    static const char *pk[] = {"a"};
    fixture_init(&f, pk, 1);
    static const char *fk[] = {"c"};
    diagram_link l = diagram_link_of(&f.t, fk, 1);
    assert_int_equal(l.parent, DIAGRAM_CARD_ZERO_OR_ONE);
    assert_int_equal(l.child, DIAGRAM_CARD_MANY);
    /* One nullable column in a composite key is enough: MATCH SIMPLE checks nothing then. */
    static const char *fk2[] = {"b", "c"};
    l = diagram_link_of(&f.t, fk2, 2);
    assert_int_equal(l.parent, DIAGRAM_CARD_ZERO_OR_ONE);
}

static void test_link_unique(void **state)
{
    (void)state;
    fixture f;
    static const char *pk[] = {"a"};
    fixture_init(&f, pk, 1);
    fixture_index(&f, true, NULL, "b", NULL);
    static const char *fk[] = {"b"};
    diagram_link l = diagram_link_of(&f.t, fk, 1);
    assert_int_equal(l.parent, DIAGRAM_CARD_ONE);
    assert_int_equal(l.child, DIAGRAM_CARD_ZERO_OR_ONE);
    assert_false(l.identifying);
    /* A composite key that contains a unique column is unique too. */
    static const char *fk2[] = {"b", "c"};
    l = diagram_link_of(&f.t, fk2, 2);
    assert_int_equal(l.child, DIAGRAM_CARD_ZERO_OR_ONE);
}

static void test_link_composite_unique(void **state)
{
    (void)state;
    fixture f;
    static const char *pk[] = {"a"};
    fixture_init(&f, pk, 1);
    fixture_index(&f, true, NULL, "b", "c");
    /* Unique as a pair does not make one of the pair unique. */
    static const char *fk[] = {"b"};
    assert_int_equal(diagram_link_of(&f.t, fk, 1).child, DIAGRAM_CARD_MANY);
    static const char *fk2[] = {"c", "b"};
    assert_int_equal(diagram_link_of(&f.t, fk2, 2).child, DIAGRAM_CARD_ZERO_OR_ONE);
}

static void test_link_partial_unique(void **state)
{
    (void)state;
    fixture f;
    static const char *pk[] = {"a"};
    fixture_init(&f, pk, 1);
    fixture_index(&f, true, "c IS NULL", "b", NULL);
    static const char *fk[] = {"b"};
    assert_int_equal(diagram_link_of(&f.t, fk, 1).child, DIAGRAM_CARD_MANY);
}

static void test_link_identifying(void **state)
{
    (void)state;
    fixture f;
    /* The key is the primary key: one child at most, and it takes its identity from the parent. */
    static const char *pk1[] = {"b"};
    fixture_init(&f, pk1, 1);
    static const char *fk[] = {"b"};
    diagram_link l = diagram_link_of(&f.t, fk, 1);
    assert_int_equal(l.child, DIAGRAM_CARD_ZERO_OR_ONE);
    assert_true(l.identifying);
    /* A join table: each key is part of the composite primary key, many rows per parent. */
    static const char *pk2[] = {"a", "b"};
    fixture_init(&f, pk2, 2);
    static const char *fa[] = {"a"};
    l = diagram_link_of(&f.t, fa, 1);
    assert_int_equal(l.child, DIAGRAM_CARD_MANY);
    assert_true(l.identifying);
    /* No primary key: never identifying. */
    fixture_init(&f, NULL, 0);
    l = diagram_link_of(&f.t, fa, 1);
    assert_false(l.identifying);
    assert_int_equal(l.child, DIAGRAM_CARD_MANY);
}

/* ---------------------------------------------------------------- escaping */

static void test_mermaid_text(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    assert_string_equal(diagram_mermaid_text(&a, "users"), "users");
    assert_string_equal(diagram_mermaid_text(&a, "naïve name"), "naïve name");
    assert_string_equal(diagram_mermaid_text(&a, "Wh\"ere's"), "Wh'ere's");
    assert_string_equal(diagram_mermaid_text(&a, "50% #35; a\\b ~x~"), "50_ _35; a_b _x_");
    assert_string_equal(diagram_mermaid_text(&a, "line\nbreak\ttab"), "line_break_tab");
    /* "direction" and whitespace is a layout statement wherever it stands on a line. */
    assert_string_equal(diagram_mermaid_text(&a, "sort direction lr"), "sort direction_lr");
    assert_string_equal(diagram_mermaid_text(&a, "DIRECTION  TB"), "DIRECTION__TB");
    assert_string_equal(diagram_mermaid_text(&a, "dirdirection\xC2\xA0rl"), "dirdirection_rl");
    assert_string_equal(diagram_mermaid_text(&a, "directions are fine"), "directions are fine");
    assert_string_equal(diagram_mermaid_text(&a, ""), "");
    arena_free(&a);
}

static void test_mermaid_word(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    bool changed = true;
    assert_string_equal(diagram_mermaid_word(&a, "created_at", &changed), "created_at");
    assert_false(changed);
    assert_string_equal(diagram_mermaid_word(&a, "VARCHAR(10,2)[]", &changed), "VARCHAR(10,2)[]");
    assert_false(changed);
    assert_string_equal(diagram_mermaid_word(&a, "größe", &changed), "größe");
    assert_false(changed);
    assert_string_equal(diagram_mermaid_word(&a, "\xF0\x9F\x99\x82", &changed), "\xF0\x9F\x99\x82");
    assert_false(changed);
    assert_string_equal(diagram_mermaid_word(&a, "select id", &changed), "select_id");
    assert_true(changed);
    assert_string_equal(diagram_mermaid_word(&a, "from \"here\"", NULL), "from__here_");
    assert_string_equal(diagram_mermaid_word(&a, "1st", NULL), "_1st");
    assert_string_equal(diagram_mermaid_word(&a, "-x", NULL), "_-x");
    /* Key markers, in any case, at a word boundary. */
    assert_string_equal(diagram_mermaid_word(&a, "pk", &changed), "_pk");
    assert_true(changed);
    assert_string_equal(diagram_mermaid_word(&a, "Fk-x", NULL), "_Fk-x");
    assert_string_equal(diagram_mermaid_word(&a, "UK", NULL), "_UK");
    assert_string_equal(diagram_mermaid_word(&a, "pké", NULL), "_pké");
    assert_string_equal(diagram_mermaid_word(&a, "pkey", &changed), "pkey");
    assert_false(changed);
    assert_string_equal(diagram_mermaid_word(&a, "uk_1", NULL), "uk_1");
    /* U+0080..U+00BF and broken UTF-8 are outside Mermaid's word. */
    assert_string_equal(diagram_mermaid_word(&a, "a\xC2\xA0" "b", NULL), "a_b");
    assert_string_equal(diagram_mermaid_word(&a, "a\xFF", NULL), "a_");
    assert_string_equal(diagram_mermaid_word(&a, "\xC3", NULL), "__");
    assert_string_equal(diagram_mermaid_word(&a, "", &changed), "_");
    assert_true(changed);
    /* Unicode spaces from U+00C0 on are JavaScript whitespace: Mermaid's lexer would skip a leading one. */
    assert_string_equal(diagram_mermaid_word(&a, "\xE2\x80\x83lead", &changed), "__lead");
    assert_true(changed);
    assert_string_equal(diagram_mermaid_word(&a, "\xE3\x80\x80x", NULL), "__x");
    assert_string_equal(diagram_mermaid_word(&a, "\xEF\xBB\xBF" "bom", NULL), "__bom");
    assert_string_equal(diagram_mermaid_word(&a, "mid\xE2\x80\xA8" "dle", &changed), "mid_dle");
    assert_true(changed);
    assert_string_equal(diagram_mermaid_word(&a, "\xE1\x9A\x80\xE2\x80\xAF\xE2\x81\x9F", NULL), "____");
    arena_free(&a);
}

static void test_html_text(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    assert_string_equal(diagram_html_text(&a, "users"), "users");
    assert_string_equal(diagram_html_text(&a, "<b>&\"'"), "&lt;b&gt;&amp;&quot;&#39;");
    assert_string_equal(diagram_html_text(&a, "naïve"), "naïve");
    assert_string_equal(diagram_html_text(&a, "a\nb"), "a\xEF\xBF\xBD" "b");
    assert_string_equal(diagram_html_text(&a, "a\xFF"), "a\xEF\xBF\xBD");
    /* U+FFFE and U+FFFF are not XML characters: Graphviz refuses a label holding one. */
    assert_string_equal(diagram_html_text(&a, "a\xEF\xBF\xBF" "b\xEF\xBF\xBE"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    assert_string_equal(diagram_html_text(&a, "\xEF\xBF\xBD\xEF\xB7\x90"), "\xEF\xBF\xBD\xEF\xB7\x90");
    arena_free(&a);
}

static void test_format_names(void **state)
{
    (void)state;
    diagram_format f = DIAGRAM_DOT;
    assert_int_equal(diagram_format_from_name(&f, "mermaid"), 0);
    assert_int_equal(f, DIAGRAM_MERMAID);
    assert_int_equal(diagram_format_from_name(&f, "dot"), 0);
    assert_int_equal(f, DIAGRAM_DOT);
    assert_int_equal(diagram_format_from_name(&f, "svg"), -1);
}

/* ---------------------------------------------------------------- types and whole diagrams */

static const char *typed =
    "datasource db {\n  provider = \"postgresql\"\n}\n"
    "enum Mood {\n  happy\n  sad\n  @@map(\"mood type\")\n}\n"
    "model T {\n"
    "  id    Int      @id @default(autoincrement())\n"
    "  price Decimal  @db.Decimal(10, 2)\n"
    "  moods Mood[]\n"
    "  mood  Mood?\n"
    "  shape Unsupported(\"circle\")?\n"
    "  at    DateTime @db.Timestamptz(3)\n"
    "}\n";

static void test_column_types(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s;
    lower_text(&a, typed, IR_PROVIDER_NONE, &s);
    const ir_table *t = ir_find_table(&s, "T");
    assert_non_null(t);
    const char *prisma[] = {"Int", "Decimal", "Mood[]", "Mood", "Unsupported(\"circle\")", "DateTime"};
    const char *pg[] = {"SERIAL", "DECIMAL(10,2)", "mood type[]", "mood type", "circle", "TIMESTAMPTZ(3)"};
    assert_int_equal(t->ncolumns, 6);
    for (size_t i = 0; i < t->ncolumns; i++) {
        assert_string_equal(diagram_column_type(&a, &s, &t->columns[i], NULL), prisma[i]);
        assert_string_equal(diagram_column_type(&a, &s, &t->columns[i], &ddl_postgres_dialect), pg[i]);
    }
    assert_string_equal(diagram_column_type(&a, &s, &t->columns[3], &ddl_sqlite_dialect), "TEXT");

    diagram_options opt = DIAGRAM_OPTIONS_INIT;
    const char *m = diagram_render(&a, &s, &opt);
    /* The Prisma name differs from the enum's database name: the note says which enum. */
    assert_non_null(strstr(m, "        Mood mood \"nullable, enum mood type\"\n"));
    assert_non_null(strstr(m, "        Unsupported(circle) shape \"nullable\"\n"));
    assert_non_null(strstr(m, "    \"mood type\" {\n        value happy\n        value sad\n    }\n"));
    opt.dialect = &ddl_postgres_dialect;
    m = diagram_render(&a, &s, &opt);
    /* Escaping turned the type into mood_type, which is not the entity's name: the note says which enum. */
    assert_non_null(strstr(m, "        mood_type mood \"nullable, enum mood type\"\n"));
    assert_non_null(strstr(m, "        DECIMAL(10,2) price\n"));
    opt.dialect = &ddl_sqlite_dialect;
    m = diagram_render(&a, &s, &opt);
    assert_non_null(strstr(m, "        TEXT mood \"nullable, enum mood type\"\n"));
    arena_free(&a);
}

static const char *related =
    "datasource db {\n  provider = \"postgresql\"\n}\n"
    "model User {\n"
    "  id       Int       @id\n"
    "  email    String    @unique\n"
    "  posts    Post[]\n"
    "  profile  Profile?\n"
    "  settings Settings? @relation(\"Prefs\")\n"
    "  tags     Tag[]\n"
    "}\n"
    "model Post {\n"
    "  id       Int  @id\n"
    "  authorId Int\n"
    "  author   User @relation(fields: [authorId], references: [id])\n"
    "}\n"
    "model Profile {\n"
    "  id     Int  @id\n"
    "  userId Int  @unique\n"
    "  user   User @relation(fields: [userId], references: [id])\n"
    "}\n"
    "model Settings {\n"
    "  userId Int  @id\n"
    "  user   User @relation(\"Prefs\", fields: [userId], references: [id])\n"
    "}\n"
    "model Tag {\n"
    "  id    Int    @id\n"
    "  users User[]\n"
    "}\n";

static void test_relationships_mermaid(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s;
    lower_text(&a, related, IR_PROVIDER_NONE, &s);
    diagram_options opt = DIAGRAM_OPTIONS_INIT;
    const char *m = diagram_render(&a, &s, &opt);
    assert_true(strncmp(m, "erDiagram\n", 10) == 0);
    /* many, 1:1 through a unique column, 1:1 through the primary key (identifying), the join table's two keys */
    assert_non_null(strstr(m, "    \"User\" ||..o{ \"Post\" : \"PostToUser\"\n"));
    assert_non_null(strstr(m, "    \"User\" ||..o| \"Profile\" : \"ProfileToUser\"\n"));
    assert_non_null(strstr(m, "    \"User\" ||--o| \"Settings\" : \"Prefs\"\n"));
    assert_non_null(strstr(m, "    \"Tag\" ||--o{ \"_TagToUser\" : \"_TagToUser_A_fkey\"\n"));
    assert_non_null(strstr(m, "    \"User\" ||--o{ \"_TagToUser\" : \"_TagToUser_B_fkey\"\n"));
    assert_non_null(strstr(m, "        Int userId PK, FK\n"));
    assert_non_null(strstr(m, "        Int userId FK, UK\n"));
    assert_non_null(strstr(m, "        String email UK\n"));
    assert_non_null(strstr(m, "    \"_TagToUser\" {\n        Int A PK, FK\n        Int B PK, FK\n    }\n"));
    /* Tables in canonical order, relationships after every entity. */
    const char *post = strstr(m, "    \"Post\" {");
    const char *user = strstr(m, "    \"User\" {");
    const char *rel = strstr(m, " : \"");
    assert_true(post && user && rel && post < user && user < rel);
    /* Deterministic: a second rendering is byte for byte the same. */
    assert_string_equal(m, diagram_render(&a, &s, &opt));
    arena_free(&a);
}

static void test_relationships_dot(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s;
    lower_text(&a, related, IR_PROVIDER_NONE, &s);
    diagram_options opt = DIAGRAM_OPTIONS_INIT;
    opt.format = DIAGRAM_DOT;
    const char *d = diagram_render(&a, &s, &opt);
    assert_true(strncmp(d, "digraph schema {\n", 17) == 0);
    assert_non_null(strstr(d, "  \"Post\":c1 -> \"User\":c0 [dir=both, arrowtail=crowodot, arrowhead=teetee, "
                              "style=dashed, label=<PostToUser>];\n"));
    assert_non_null(strstr(d, "  \"Profile\":c1 -> \"User\":c0 [dir=both, arrowtail=teeodot, arrowhead=teetee, "
                              "style=dashed, label=<ProfileToUser>];\n"));
    assert_non_null(strstr(d, "  \"Settings\":c0 -> \"User\":c0 [dir=both, arrowtail=teeodot, arrowhead=teetee, "
                              "label=<Prefs>];\n"));
    assert_non_null(strstr(d, "<TR><TD PORT=\"c1\" ALIGN=\"LEFT\">email</TD><TD ALIGN=\"LEFT\">String</TD>"
                              "<TD>UK</TD><TD ALIGN=\"LEFT\"></TD></TR>"));
    assert_string_equal(d + strlen(d) - 2, "}\n");
    arena_free(&a);
}

static const char *optional_fk =
    "datasource db {\n  provider = \"sqlite\"\n}\n"
    "model A {\n  id Int @id\n  bs B[]\n}\n"
    "model B {\n  id Int @id\n  aId Int?\n  a A? @relation(fields: [aId], references: [id])\n}\n";

static void test_optional_parent(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s;
    lower_text(&a, optional_fk, IR_PROVIDER_NONE, &s);
    diagram_options opt = DIAGRAM_OPTIONS_INIT;
    const char *m = diagram_render(&a, &s, &opt);
    assert_non_null(strstr(m, "    \"A\" |o..o{ \"B\" : \"AToB\"\n"));
    assert_non_null(strstr(m, "        Int aId FK \"nullable\"\n"));
    opt.format = DIAGRAM_DOT;
    m = diagram_render(&a, &s, &opt);
    assert_non_null(strstr(m, "arrowtail=crowodot, arrowhead=teeodot, style=dashed, label=<AToB>"));
    arena_free(&a);
}

/* Names that escape to the same Mermaid text stay apart; DOT gets generated IDs for names it cannot quote. */
static const char *colliding =
    "datasource db {\n  provider = \"sqlite\"\n}\n"
    "enum E {\n  x\n  @@map(\"a'b\")\n}\n"
    "model Q {\n  id Int @id\n  e E\n  @@map(\"a\\\"b\")\n}\n"
    "model P {\n  id Int @id\n  @@map(\"a'b\")\n}\n";

static void test_collisions(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s;
    lower_text(&a, colliding, IR_PROVIDER_NONE, &s);
    diagram_options opt = DIAGRAM_OPTIONS_INIT;
    const char *m = diagram_render(&a, &s, &opt);
    /* Tables sort as a"b, a'b; the enum comes last. */
    assert_non_null(strstr(m, "    \"a'b\" {\n        Int id PK\n        E e \"enum a'b_3\"\n"));
    assert_non_null(strstr(m, "    \"a'b_2\" {\n        Int id PK\n    }\n"));
    assert_non_null(strstr(m, "    \"a'b_3\" {\n        value x\n    }\n"));
    opt.format = DIAGRAM_DOT;
    m = diagram_render(&a, &s, &opt);
    assert_non_null(strstr(m, "  \"#t1\" [label=<\n"));
    assert_non_null(strstr(m, "<B>a&quot;b</B>"));
    assert_non_null(strstr(m, "  \"a'b\" [label=<\n"));
    assert_non_null(strstr(m, "  \"enum:a'b\" [label=<\n"));
    arena_free(&a);
}

/* An enum whose type word escaping changes (a key marker, a space) is named in the note. */
static void test_enum_type_word(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    ir_schema s;
    lower_text(&a,
               "datasource db {\n  provider = \"postgresql\"\n}\n"
               "enum PK {\n  A\n}\n"
               "enum Mood {\n  HAPPY\n  @@map(\"mood type\")\n}\n"
               "model T {\n  id Int @id\n  p PK\n  ms Mood[]\n}\n",
               IR_PROVIDER_POSTGRESQL, &s);
    diagram_options opt = DIAGRAM_OPTIONS_INIT;
    const char *m = diagram_render(&a, &s, &opt);
    assert_non_null(strstr(m, "        _PK p \"enum PK\"\n"));
    assert_non_null(strstr(m, "        Mood[] ms \"enum mood type\"\n"));
    opt.dialect = &ddl_postgres_dialect;
    m = diagram_render(&a, &s, &opt);
    assert_non_null(strstr(m, "        _PK p \"enum PK\"\n"));
    assert_non_null(strstr(m, "        mood_type[] ms \"enum mood type\"\n"));
    /* DOT keeps the names as they are: the type names the enum's box, no note. */
    opt.format = DIAGRAM_DOT;
    m = diagram_render(&a, &s, &opt);
    assert_non_null(strstr(m, "<TD ALIGN=\"LEFT\">PK</TD><TD></TD><TD ALIGN=\"LEFT\"></TD>"));
    assert_non_null(strstr(m, "<TD ALIGN=\"LEFT\">mood type[]</TD><TD></TD><TD ALIGN=\"LEFT\"></TD>"));
    arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_link_many),
        cmocka_unit_test(test_link_optional),
        cmocka_unit_test(test_link_unique),
        cmocka_unit_test(test_link_composite_unique),
        cmocka_unit_test(test_link_partial_unique),
        cmocka_unit_test(test_link_identifying),
        cmocka_unit_test(test_mermaid_text),
        cmocka_unit_test(test_mermaid_word),
        cmocka_unit_test(test_html_text),
        cmocka_unit_test(test_format_names),
        cmocka_unit_test(test_column_types),
        cmocka_unit_test(test_relationships_mermaid),
        cmocka_unit_test(test_relationships_dot),
        cmocka_unit_test(test_optional_parent),
        cmocka_unit_test(test_collisions),
        cmocka_unit_test(test_enum_type_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
