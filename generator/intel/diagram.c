/*
 * diagram.c - ER diagrams from the schema model: Mermaid erDiagram and
 * Graphviz DOT (see diagram.h).
 *
 * The two renderers share everything that is not syntax: which columns
 * carry which key markers, what note a column gets, how a foreign key's
 * cardinality follows from its columns and what label it carries. Each
 * syntax has one escaping function, and every name goes through it.
 */
#include "intel/diagram.h"

#include <string.h>

/* ---------------------------------------------------------------- names */

int diagram_format_from_name(diagram_format *out, const char *name)
{
    if (strcmp(name, "mermaid") == 0) {
        *out = DIAGRAM_MERMAID;
        return 0;
    }
    if (strcmp(name, "dot") == 0) {
        *out = DIAGRAM_DOT;
        return 0;
    }
    return -1;
}

/* ---------------------------------------------------------------- cardinality */

static bool diagram__has(const char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* The columns of index X all lie within NAMES. */
static bool diagram__index_within(const ir_index *x, const char *const *names, size_t n)
{
    if (x->ncolumns == 0)
        return false;
    for (size_t i = 0; i < x->ncolumns; i++)
        if (!diagram__has(names, n, x->columns[i].name))
            return false;
    return true;
}

/* The columns NAMES of T cannot repeat: a key or an unconditional unique index lies within them. */
static bool diagram__unique(const ir_table *t, const char *const *names, size_t n)
{
    if (t->has_pk && t->pk.ncolumns > 0) {
        bool within = true;
        for (size_t i = 0; i < t->pk.ncolumns && within; i++)
            within = diagram__has(names, n, t->pk.columns[i]);
        if (within)
            return true;
    }
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *x = &t->indexes[i];
        /* A partial unique index only keeps the rows matching its predicate apart. */
        if (x->unique && !x->where && diagram__index_within(x, names, n))
            return true;
    }
    return false;
}

diagram_link diagram_link_of(const ir_table *t, const char *const *columns, size_t n)
{
    diagram_link l = {DIAGRAM_CARD_ONE, DIAGRAM_CARD_MANY, false};
    if (n == 0)
        return l;
    for (size_t i = 0; i < n; i++) {
        const ir_column *c = ir_find_column(t, columns[i]);
        /* One NULL in the key and the database checks nothing (MATCH SIMPLE): no parent. */
        if (c && c->nullable)
            l.parent = DIAGRAM_CARD_ZERO_OR_ONE;
    }
    if (diagram__unique(t, columns, n))
        l.child = DIAGRAM_CARD_ZERO_OR_ONE;
    l.identifying = t->has_pk;
    for (size_t i = 0; i < n && l.identifying; i++)
        l.identifying = diagram__has(t->pk.columns, t->pk.ncolumns, columns[i]);
    return l;
}

/* ---------------------------------------------------------------- UTF-8 */

/*
 * The code point at S (LEN bytes left) and its length in *SIZE; -1 with
 * *SIZE = 1 for a byte that does not start a well-formed sequence.
 */
static long diagram__utf8(const unsigned char *s, size_t len, size_t *size)
{
    *size = 1;
    if (s[0] < 0x80)
        return s[0];
    size_t n;
    long cp;
    long min;
    if ((s[0] & 0xE0) == 0xC0) {
        n = 2, cp = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        n = 3, cp = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        n = 4, cp = s[0] & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if (len < n)
        return -1;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *size = n;
    return cp;
}

static bool diagram__ascii_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int diagram__lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ---------------------------------------------------------------- Mermaid escaping */

/*
 * A Unicode space separator from U+00C0 on: JavaScript's \s, which
 * Mermaid's lexer skips between tokens, so a word starting with one loses it
 * silently (and inside a word it is invisible anyway).
 */
static bool diagram__wide_space(long cp)
{
    return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/*
 * The length of the whitespace character at S (LEN bytes left), as the
 * JavaScript \s that Mermaid's lexer uses sees it, or 0. Control
 * characters are replaced before this is asked, so only the visible
 * spaces matter: ASCII space, and Unicode's space separators.
 */
static size_t diagram__space(const unsigned char *s, size_t len)
{
    if (s[0] == ' ')
        return 1;
    size_t n;
    long cp = diagram__utf8(s, len, &n);
    if (cp == 0xA0 || diagram__wide_space(cp))
        return n;
    return 0;
}

const char *diagram_mermaid_text(arena *a, const char *text)
{
    static const char word[] = "direction";
    const size_t wl = sizeof word - 1;
    size_t len = strlen(text);
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    size_t match = 0; /* how much of "direction" (any case) the output ends with */
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        size_t sp = match == wl ? diagram__space((const unsigned char *)text + i, len - i) : 0;
        if (sp) {
            /* Mermaid reads "direction" and whitespace anywhere on a line as a layout statement. */
            out[o++] = '_';
            i += sp;
            continue;
        }
        bool bad = c < 0x20 || c == 0x7F || c == '%' || c == '\\' || c == '#' || c == '~';
        out[o++] = c == '"' ? '\'' : bad ? '_' : (char)c;
        i++;
        if (match < wl && diagram__lower(c) == word[match])
            match++;
        else
            match = diagram__lower(c) == word[0] ? 1 : 0;
    }
    out[o] = '\0';
    return out;
}

/* A character Mermaid allows in an attribute word after the first one. */
static bool diagram__word_char(long cp)
{
    if (cp >= 0xC0)
        return !diagram__wide_space(cp);
    if (cp <= 0)
        return false; /* not UTF-8; and strchr would find the terminator for 0 */
    return diagram__ascii_alnum((int)cp) || strchr("-_[]().,", (int)cp) != NULL;
}

const char *diagram_mermaid_word(arena *a, const char *text, bool *changed)
{
    size_t len = strlen(text);
    /* One byte of prefix, and at most one '_' per input byte. */
    char *out = arena_alloc(a, len + 2);
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)text;
    size_t n0 = 0;
    long first = len ? diagram__utf8(s, len, &n0) : -1;
    bool letter = (first >= 0xC0 && !diagram__wide_space(first)) || first == '_' || (first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z');
    bool prefix = !letter;
    /* Mermaid's lexer takes PK, FK or UK (any case) at a word boundary as a key marker first. */
    if (!prefix && len >= 2) {
        int c0 = diagram__lower(s[0]);
        int c1 = diagram__lower(s[1]);
        bool key = (c0 == 'p' || c0 == 'f' || c0 == 'u') && c1 == 'k';
        if (key && (len == 2 || !(diagram__ascii_alnum(s[2]) || s[2] == '_')))
            prefix = true;
    }
    bool diff = prefix;
    if (prefix)
        out[o++] = '_';
    for (size_t i = 0; i < len;) {
        size_t n;
        long cp = diagram__utf8(s + i, len - i, &n);
        if (diagram__word_char(cp)) {
            memcpy(out + o, s + i, n);
            o += n;
        } else {
            out[o++] = '_';
            diff = true;
        }
        i += n;
    }
    out[o] = '\0';
    if (changed)
        *changed = diff;
    return out;
}

/* ---------------------------------------------------------------- HTML escaping */

const char *diagram_html_text(arena *a, const char *text)
{
    strbuf b;
    strbuf_init(&b, a);
    size_t len = strlen(text);
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        size_t n;
        long cp = diagram__utf8(s + i, len - i, &n);
        char one[5] = {0};
        /* XML (and so Graphviz's HTML labels) has no U+FFFE or U+FFFF: dot refuses the whole label. */
        if (cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF) {
            strbuf_puts(&b, "\xEF\xBF\xBD"); /* U+FFFD */
        } else if (cp == '&') {
            strbuf_puts(&b, "&amp;");
        } else if (cp == '<') {
            strbuf_puts(&b, "&lt;");
        } else if (cp == '>') {
            strbuf_puts(&b, "&gt;");
        } else if (cp == '"') {
            strbuf_puts(&b, "&quot;");
        } else if (cp == '\'') {
            strbuf_puts(&b, "&#39;");
        } else {
            memcpy(one, s + i, n);
            strbuf_puts(&b, one);
        }
        i += n;
    }
    return strbuf_str(&b);
}

/* ---------------------------------------------------------------- shared facts */

/* Identifier quotes taken out of SQL type text: "mood type"[] -> mood type[]. */
static const char *diagram__unquote(arena *a, const char *sql)
{
    size_t len = strlen(sql);
    char *out = arena_alloc(a, len + 1);
    size_t o = 0;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (sql[i] != '"') {
            out[o++] = sql[i];
        } else if (quoted && sql[i + 1] == '"') {
            out[o++] = '"';
            i++;
        } else {
            quoted = !quoted;
        }
    }
    out[o] = '\0';
    return out;
}

/* The title of enum E: its database name, like the tables. */
static const char *diagram__enum_title(const ir_enum *e)
{
    return e->db_name ? e->db_name : e->name;
}

const char *diagram_column_type(arena *a, const ir_schema *s, const ir_column *c, const ddl_dialect *d)
{
    if (d)
        return diagram__unquote(a, d->column_type(a, s, c));
    const char *base;
    if (c->enum_name) {
        const ir_enum *e = ir_find_enum_in(s, c->enum_schema, c->enum_name);
        base = e && e->name ? e->name : c->enum_name;
    } else if (c->scalar == SC_SCALAR_UNSUPPORTED) {
        base = arena_printf(a, "Unsupported(\"%s\")", c->unsupported ? c->unsupported : "");
    } else {
        base = ir_scalar_name(c->scalar);
        if (!base)
            base = "Unknown";
    }
    return c->list ? arena_printf(a, "%s[]", base) : base;
}

static bool diagram__in_fk(const ir_table *t, const char *column)
{
    for (size_t i = 0; i < t->nfks; i++)
        if (diagram__has(t->fks[i].columns, t->fks[i].ncolumns, column))
            return true;
    return false;
}

/* Unique on its own: a one-column unique index without a predicate, when the column is not the key already. */
static bool diagram__unique_alone(const ir_table *t, const ir_column *c)
{
    if (c->is_id && t->pk.ncolumns == 1)
        return false;
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *x = &t->indexes[i];
        if (x->unique && !x->where && x->ncolumns == 1 && strcmp(x->columns[0].name, c->name) == 0)
            return true;
    }
    return false;
}

/* "PK, FK, UK" or a part of it; "" when the column carries no marker. */
static const char *diagram__keys(arena *a, const ir_table *t, const ir_column *c)
{
    strbuf b;
    strbuf_init(&b, a);
    if (c->is_id)
        strbuf_puts(&b, "PK");
    if (diagram__in_fk(t, c->name))
        strbuf_puts(&b, b.len ? ", FK" : "FK");
    if (diagram__unique_alone(t, c))
        strbuf_puts(&b, b.len ? ", UK" : "UK");
    return strbuf_str(&b);
}

/*
 * The note beside a column: "nullable", and for an enum column whose type
 * as drawn (TYPE) does not name the enum's entity (SQLite's TEXT, a Prisma
 * name that @@map changed, a type word or an entity renamed by escaping)
 * "enum ENTITY", ENTITY being the enum's entity name as the diagram draws
 * it: ENUM_IDS[i] for s->enums[i], or the enum's title when ENUM_IDS is
 * NULL. "" when there is nothing to say.
 */
static const char *diagram__note(arena *a, const ir_schema *s, const ir_column *c, const char *type,
                                 const char *const *enum_ids)
{
    strbuf b;
    strbuf_init(&b, a);
    if (c->nullable)
        strbuf_puts(&b, "nullable");
    if (c->enum_name) {
        const ir_enum *e = ir_find_enum_in(s, c->enum_schema, c->enum_name);
        const char *title = e ? diagram__enum_title(e) : c->enum_name;
        const char *entity = e && enum_ids ? enum_ids[e - s->enums] : title;
        size_t el = strlen(entity);
        bool shown = strncmp(type, entity, el) == 0 && (type[el] == '\0' || strcmp(type + el, "[]") == 0);
        if (!shown)
            strbuf_printf(&b, "%senum %s", b.len ? ", " : "", entity);
    }
    return strbuf_str(&b);
}

/* The label of foreign key F of T: the name of the relation it implements, else the constraint name. */
static const char *diagram__fk_label(const ir_schema *s, const ir_table *t, const ir_foreign_key *f)
{
    for (size_t i = 0; i < s->nrelations; i++) {
        const ir_relation *r = &s->relations[i];
        if (r->kind == IR_REL_FORWARD && r->fk && f->name && r->name && strcmp(r->fk, f->name) == 0 &&
            strcmp(r->table, t->name) == 0)
            return r->name;
    }
    return f->name ? f->name : "";
}

static size_t diagram__column_index(const ir_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (strcmp(t->columns[i].name, name) == 0)
            return i;
    return 0;
}

/* ---------------------------------------------------------------- Mermaid */

/* Entity names, tables first then enums, unique after escaping (a suffix _2, _3, ... where two meet). */
static const char **diagram__mermaid_entities(arena *a, const ir_schema *s)
{
    size_t n = s->ntables + s->nenums;
    const char **ids = ARENA_ARRAY(a, const char *, n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        const char *raw = i < s->ntables ? s->tables[i].name : diagram__enum_title(&s->enums[i - s->ntables]);
        const char *id = diagram_mermaid_text(a, raw);
        for (unsigned k = 2;; k++) {
            bool taken = false;
            for (size_t j = 0; j < i && !taken; j++)
                taken = strcmp(ids[j], id) == 0;
            if (!taken)
                break;
            id = arena_printf(a, "%s_%u", diagram_mermaid_text(a, raw), k);
        }
        ids[i] = id;
    }
    return ids;
}

static size_t diagram__table_index(const ir_schema *s, const char *name)
{
    for (size_t i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i].name, name) == 0)
            return i;
    return s->ntables;
}

/* A Mermaid type word: identifier quotes gone, then one attribute word. */
static const char *diagram__mermaid_type(arena *a, const char *type)
{
    size_t len = strlen(type);
    char *plain = arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++)
        if (type[i] != '"')
            plain[o++] = type[i];
    plain[o] = '\0';
    return diagram_mermaid_word(a, plain, NULL);
}

static void diagram__mermaid_column(strbuf *b, arena *a, const ir_schema *s, const ir_table *t, const ir_column *c,
                                    const ddl_dialect *d, const char *const *enum_ids)
{
    const char *type = diagram__mermaid_type(a, diagram_column_type(a, s, c, d));
    bool renamed;
    const char *name = diagram_mermaid_word(a, c->name, &renamed);
    const char *keys = diagram__keys(a, t, c);
    const char *note = diagram__note(a, s, c, type, enum_ids);
    strbuf_printf(b, "        %s %s", type, name);
    if (*keys)
        strbuf_printf(b, " %s", keys);
    if (renamed) /* the word could not carry the name: the note does */
        note = arena_printf(a, "name: %s%s%s", c->name, *note ? ", " : "", note);
    if (*note)
        strbuf_printf(b, " \"%s\"", diagram_mermaid_text(a, note));
    strbuf_puts(b, "\n");
}

static const char *diagram__mermaid_card(diagram_card c, bool left)
{
    switch (c) {
    case DIAGRAM_CARD_ONE: return "||";
    case DIAGRAM_CARD_ZERO_OR_ONE: return left ? "|o" : "o|";
    default: return left ? "}o" : "o{";
    }
}

static char *diagram__mermaid(arena *a, const ir_schema *s, const ddl_dialect *d)
{
    strbuf b;
    strbuf_init(&b, a);
    const char **ids = diagram__mermaid_entities(a, s);
    strbuf_puts(&b, "erDiagram\n");
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = &s->tables[i];
        strbuf_printf(&b, "    \"%s\" {\n", ids[i]);
        for (size_t k = 0; k < t->ncolumns; k++)
            diagram__mermaid_column(&b, a, s, t, &t->columns[k], d, ids + s->ntables);
        strbuf_puts(&b, "    }\n");
    }
    for (size_t i = 0; i < s->nenums; i++) {
        const ir_enum *e = &s->enums[i];
        strbuf_printf(&b, "    \"%s\" {\n", ids[s->ntables + i]);
        for (size_t v = 0; v < e->nvalues; v++) {
            bool renamed;
            const char *word = diagram_mermaid_word(a, e->values[v].db_name, &renamed);
            strbuf_printf(&b, "        value %s", word);
            if (renamed)
                strbuf_printf(&b, " \"%s\"", diagram_mermaid_text(a, arena_printf(a, "name: %s", e->values[v].db_name)));
            strbuf_puts(&b, "\n");
        }
        strbuf_puts(&b, "    }\n");
    }
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = &s->tables[i];
        for (size_t k = 0; k < t->nfks; k++) {
            const ir_foreign_key *f = &t->fks[k];
            size_t p = diagram__table_index(s, f->ref_table);
            if (p == s->ntables)
                continue; /* a key into a table outside the model has no entity to point at */
            const char *parent = ids[p];
            diagram_link l = diagram_link_of(t, f->columns, f->ncolumns);
            strbuf_printf(&b, "    \"%s\" %s%s%s \"%s\" : \"%s\"\n", parent, diagram__mermaid_card(l.parent, true),
                           l.identifying ? "--" : "..", diagram__mermaid_card(l.child, false), ids[i],
                           diagram_mermaid_text(a, diagram__fk_label(s, t, f)));
        }
    }
    return strbuf_str(&b);
}

/* ---------------------------------------------------------------- DOT */

/* A name DOT can carry inside a quoted ID as it is, and that no generated ID uses. */
static bool diagram__dot_plain(const char *name)
{
    size_t len = strlen(name);
    const unsigned char *s = (const unsigned char *)name;
    for (size_t i = 0; i < len;) {
        size_t n;
        long cp = diagram__utf8(s + i, len - i, &n);
        if (cp < 0x20 || cp == 0x7F || cp == '"' || cp == '\\' || cp == ':' || cp == '#')
            return false;
        i += n;
    }
    return len > 0;
}

static const char *diagram__dot_table_id(arena *a, const ir_schema *s, size_t i)
{
    const char *name = s->tables[i].name;
    return diagram__dot_plain(name) ? arena_printf(a, "\"%s\"", name) : arena_printf(a, "\"#t%zu\"", i + 1);
}

static const char *diagram__dot_enum_id(arena *a, const ir_schema *s, size_t i)
{
    const char *name = diagram__enum_title(&s->enums[i]);
    return diagram__dot_plain(name) ? arena_printf(a, "\"enum:%s\"", name) : arena_printf(a, "\"#e%zu\"", i + 1);
}

static const char *diagram__dot_arrow(diagram_card c)
{
    switch (c) {
    case DIAGRAM_CARD_ONE: return "teetee";
    case DIAGRAM_CARD_ZERO_OR_ONE: return "teeodot";
    default: return "crowodot";
    }
}

static void diagram__dot_open(strbuf *b, const char *id, const char *title_html)
{
    strbuf_printf(b, "  %s [label=<\n", id);
    strbuf_puts(b, "    <TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">\n");
    strbuf_printf(b, "      <TR><TD COLSPAN=\"4\" BGCOLOR=\"#dddddd\"><B>%s</B></TD></TR>\n", title_html);
}

static void diagram__dot_row(strbuf *b, size_t port, const char *name, const char *type, const char *keys,
                             const char *note)
{
    strbuf_printf(b,
                   "      <TR><TD PORT=\"c%zu\" ALIGN=\"LEFT\">%s</TD><TD ALIGN=\"LEFT\">%s</TD>"
                   "<TD>%s</TD><TD ALIGN=\"LEFT\">%s</TD></TR>\n",
                   port, name, type, keys, note);
}

static char *diagram__dot(arena *a, const ir_schema *s, const ddl_dialect *d)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_puts(&b, "digraph schema {\n");
    strbuf_puts(&b, "  graph [rankdir=LR];\n");
    strbuf_puts(&b, "  node [shape=plaintext, fontname=\"Helvetica\"];\n");
    strbuf_puts(&b, "  edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = &s->tables[i];
        strbuf_puts(&b, "\n");
        diagram__dot_open(&b, diagram__dot_table_id(a, s, i), diagram_html_text(a, t->name));
        for (size_t k = 0; k < t->ncolumns; k++) {
            const ir_column *c = &t->columns[k];
            const char *type = diagram_column_type(a, s, c, d);
            diagram__dot_row(&b, k, diagram_html_text(a, c->name), diagram_html_text(a, type),
                             diagram__keys(a, t, c), diagram_html_text(a, diagram__note(a, s, c, type, NULL)));
        }
        strbuf_puts(&b, "    </TABLE>>];\n");
    }
    for (size_t i = 0; i < s->nenums; i++) {
        const ir_enum *e = &s->enums[i];
        strbuf_puts(&b, "\n");
        diagram__dot_open(&b, diagram__dot_enum_id(a, s, i),
                          arena_printf(a, "enum %s", diagram_html_text(a, diagram__enum_title(e))));
        for (size_t v = 0; v < e->nvalues; v++)
            strbuf_printf(&b, "      <TR><TD PORT=\"c%zu\" ALIGN=\"LEFT\">%s</TD><TD COLSPAN=\"3\" ALIGN=\"LEFT\">value</TD></TR>\n",
                           v, diagram_html_text(a, e->values[v].db_name));
        strbuf_puts(&b, "    </TABLE>>];\n");
    }
    bool first = true;
    for (size_t i = 0; i < s->ntables; i++) {
        const ir_table *t = &s->tables[i];
        for (size_t k = 0; k < t->nfks; k++) {
            const ir_foreign_key *f = &t->fks[k];
            size_t p = diagram__table_index(s, f->ref_table);
            if (p == s->ntables || f->ncolumns == 0)
                continue; /* a key into a table outside the model has no node to point at */
            const ir_table *pt = &s->tables[p];
            diagram_link l = diagram_link_of(t, f->columns, f->ncolumns);
            if (first)
                strbuf_puts(&b, "\n");
            first = false;
            strbuf_printf(&b, "  %s:c%zu -> %s:c%zu [dir=both, arrowtail=%s, arrowhead=%s%s, label=<%s>];\n",
                           diagram__dot_table_id(a, s, i), diagram__column_index(t, f->columns[0]),
                           diagram__dot_table_id(a, s, p), diagram__column_index(pt, f->ref_columns[0]),
                           diagram__dot_arrow(l.child), diagram__dot_arrow(l.parent),
                           l.identifying ? "" : ", style=dashed", diagram_html_text(a, diagram__fk_label(s, t, f)));
        }
    }
    strbuf_puts(&b, "}\n");
    return strbuf_str(&b);
}

char *diagram_render(arena *a, const ir_schema *s, const diagram_options *opt)
{
    diagram_options def = DIAGRAM_OPTIONS_INIT;
    if (!opt)
        opt = &def;
    if (opt->format == DIAGRAM_DOT)
        return diagram__dot(a, s, opt->dialect);
    return diagram__mermaid(a, s, opt->dialect);
}
