/*
 * cgen.c - C code generation: the per-model view of the schema, the types
 * of the generated header (enums, structs, lists, field masks) and the
 * assembly of the two files from templates.
 *
 * Nullability has one rule everywhere: a nullable field `x` comes with a
 * `bool has_x` flag, and the value is only meaningful when the flag is
 * set (the flag, not a NULL pointer, says NULL, even for text).
 */
#include "cgen/cgen_internal.h"

#include <ctype.h>
#include <string.h>

#include "base/strmap.h"

/* ---------------------------------------------------------------- names */

const char *cgen_snake(arena *a, const char *name)
{
    size_t n = strlen(name);
    char *out = arena_alloc(a, 2 * n + 1);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)name[i];
        bool up = isupper(ch);
        /* A word starts at an upper-case letter after a lower-case letter or
         * digit, or before a lower-case letter inside a run of capitals (HTTPServer). */
        if (up && i > 0 && j > 0 && out[j - 1] != '_' &&
            (islower((unsigned char)name[i - 1]) || isdigit((unsigned char)name[i - 1]) ||
             (i + 1 < n && islower((unsigned char)name[i + 1]) && isupper((unsigned char)name[i - 1]))))
            out[j++] = '_';
        out[j++] = isalnum(ch) ? (char)tolower(ch) : '_';
    }
    out[j] = '\0';
    return out;
}

const char *cgen_upper(arena *a, const char *name)
{
    char *s = arena_strdup(a, cgen_snake(a, name));
    for (char *p = s; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return s;
}

const char *cgen_c_string(arena *a, const char *text)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_puts(&b, "\"");
    /* Plain characters go out in runs: a formatted append per byte made long SQL texts
       (a select list of many thousand columns) cost a small allocation per character. */
    const char *run = text;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        bool quote = *p == '"' || *p == '\\';
        bool trigraph = *p == '?' && p[1] == '?';
        bool control = *p == '\n' || *p < 0x20 || *p == 0x7f;
        if (!quote && !trigraph && !control)
            continue;
        if ((const char *)p > run)
            strbuf_puts(&b, arena_strndup(a, run, (size_t)((const char *)p - run)));
        run = (const char *)p + 1;
        if (quote)
            strbuf_printf(&b, "\\%c", *p);
        else if (*p == '\n')
            strbuf_puts(&b, "\\n");
        else if (trigraph)
            strbuf_puts(&b, "?\\"); /* no trigraphs */
        else
            strbuf_printf(&b, "\\%03o", *p);
    }
    if (*run)
        strbuf_puts(&b, run);
    strbuf_puts(&b, "\"");
    return strbuf_str(&b);
}

static const char *const cgen__reserved[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum",
    "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return",
    "short", "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void",
    "volatile", "while", "bool", "true", "false", "errno", "_Bool", "NULL", NULL};

/* A member name that is a valid C identifier and no keyword. */
static const char *cgen__member(arena *a, const char *field)
{
    const char *s = cgen_snake(a, field);
    for (size_t i = 0; cgen__reserved[i]; i++)
        if (strcmp(s, cgen__reserved[i]) == 0)
            return arena_printf(a, "%s_", s);
    if (isdigit((unsigned char)s[0]))
        return arena_printf(a, "f_%s", s);
    return s;
}

bool cgen_prefix_valid(const char *name)
{
    if (!name || !*name || !(isalpha((unsigned char)name[0]) || name[0] == '_'))
        return false;
    for (const char *p = name; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_'))
            return false;
    return strncmp(name, "sc_", 3) != 0 && strcmp(name, "sc") != 0;
}

cgen_model *cgen_model_of(cgen_ctx *c, const char *model)
{
    for (size_t i = 0; i < c->nmodels; i++)
        if (strcmp(c->models[i].t->model, model) == 0)
            return &c->models[i];
    return NULL;
}

/* ---------------------------------------------------------------- the model view */

size_t cgen_mask_fields(const cgen_model *m)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nfields; i++)
        n += !m->fields[i].pk && (int)i != m->version;
    return n;
}

static void cgen__field_type(cgen_ctx *c, cgen_field *f)
{
    const ir_column *col = f->col;
    if (col->enum_name) {
        const ir_enum *e = ir_find_enum(c->s, col->enum_name);
        f->kind = CGEN_ENUM;
        f->enum_c = arena_printf(c->a, "%s_%s", c->prefix, cgen_snake(c->a, e && e->name ? e->name : col->enum_name));
        f->ctype = f->enum_c;
        return;
    }
    switch (col->scalar) {
    case SC_SCALAR_BOOLEAN: f->kind = CGEN_BOOL; f->ctype = "bool"; break;
    case SC_SCALAR_INT: f->kind = CGEN_I32; f->ctype = "int32_t"; break;
    case SC_SCALAR_BIGINT: f->kind = CGEN_I64; f->ctype = "int64_t"; break;
    case SC_SCALAR_FLOAT: f->kind = CGEN_F64; f->ctype = "double"; break;
    case SC_SCALAR_DATETIME: f->kind = CGEN_TIME; f->ctype = "sc_timestamp"; break;
    case SC_SCALAR_BYTES: f->kind = CGEN_BYTES; f->ctype = "uint8_t *"; break;
    case SC_SCALAR_DECIMAL: f->kind = CGEN_DECIMAL; f->ctype = "char *"; break;
    case SC_SCALAR_JSON: f->kind = CGEN_JSON; f->ctype = "char *"; break;
    default: f->kind = CGEN_TEXT; f->ctype = "char *"; break;
    }
}

static int cgen__field_index(const cgen_model *m, const char *column)
{
    for (size_t i = 0; i < m->nfields; i++)
        if (strcmp(m->fields[i].col->name, column) == 0)
            return (int)i;
    return -1;
}

/* A key over COLUMNS, or false when one of them is not a generated field. */
static bool cgen__key(cgen_ctx *c, cgen_model *m, cgen_key *k, const char *const *columns, size_t n)
{
    k->fields = ARENA_ARRAY(c->a, int, n ? n : 1);
    k->nfields = n;
    k->desc = NULL;
    k->live_only = false;
    strbuf b;
    strbuf_init(&b, c->a);
    for (size_t i = 0; i < n; i++) {
        int fi = cgen__field_index(m, columns[i]);
        if (fi < 0)
            return false;
        k->fields[i] = fi;
        strbuf_printf(&b, "%s%s", i ? "_" : "", m->fields[fi].member);
    }
    k->suffix = strbuf_str(&b);
    return true;
}

static bool cgen__same_key(const cgen_key *a, const cgen_key *b)
{
    if (a->nfields != b->nfields)
        return false;
    for (size_t i = 0; i < a->nfields; i++)
        if (a->fields[i] != b->fields[i])
            return false;
    return true;
}

static bool cgen__has_key(const cgen_key *keys, size_t n, const cgen_key *k)
{
    for (size_t i = 0; i < n; i++)
        if (cgen__same_key(&keys[i], k))
            return true;
    return false;
}

static void cgen__model(cgen_ctx *c, cgen_model *m, const ir_table *t)
{
    arena *a = c->a;
    m->t = t;
    m->cname = arena_printf(a, "%s_%s", c->prefix, cgen_snake(a, t->model));
    m->upper = cgen_upper(a, m->cname);
    m->doc = t->doc;
    m->version = m->deleted_at = -1;
    m->fields = ARENA_ARRAY(a, cgen_field, t->ncolumns + 1);
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *col = &t->columns[i];
        /* Unsupported types have no C form; the database fills them. */
        if (col->scalar == SC_SCALAR_UNSUPPORTED)
            continue;
        cgen_field *f = &m->fields[m->nfields];
        f->col = col;
        f->member = cgen__member(a, col->field ? col->field : col->name);
        f->upper = cgen_upper(a, f->member);
        f->pk = col->is_id;
        cgen__field_type(c, f);
        if (col->version)
            m->version = (int)m->nfields;
        if (col->deleted_at)
            m->deleted_at = (int)m->nfields;
        if (col->dflt.kind == IR_DEFAULT_AUTOINCREMENT)
            m->has_autoinc = true;
        m->nfields++;
    }
    if (t->has_pk && !cgen__key(c, m, &m->pk, t->pk.columns, t->pk.ncolumns))
        m->pk.nfields = 0;

    m->uniques = ARENA_ARRAY(a, cgen_key, t->nindexes + 1);
    size_t nprefix = 0;
    for (size_t i = 0; i < t->nindexes; i++)
        nprefix += t->indexes[i].ncolumns;
    m->idxs = ARENA_ARRAY(a, cgen_key, nprefix + 1);
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *x = &t->indexes[i];
        const char **cols = ARENA_ARRAY(a, const char *, x->ncolumns + 1);
        for (size_t j = 0; j < x->ncolumns; j++)
            cols[j] = x->columns[j].name;
        cgen_key k;
        /*
         * A unique index restricted to the rows that are not soft-deleted
         * (@unique(where: { deletedAt: null }) next to @deletedAt) is unique
         * for everything generated code reads, which skips deleted rows: it
         * gets find_by_ too (not upsert_by_: ON CONFLICT would need its WHERE).
         */
        bool live_unique = x->unique && x->where && m->deleted_at >= 0 &&
                           strcmp(x->where, arena_printf(a, "%s IS NULL",
                                                         sqltext_ident(a, m->fields[m->deleted_at].col->name))) == 0;
        bool full_unique = (x->unique && !x->where) || live_unique;
        if (full_unique && cgen__key(c, m, &k, cols, x->ncolumns) && !cgen__same_key(&k, &m->pk) &&
            !cgen__has_key(m->uniques, m->nuniques, &k)) {
            k.live_only = live_unique;
            m->uniques[m->nuniques++] = k;
        }
        /* Every leading run of an index's columns answers a list query cheaply. */
        for (size_t len = 1; len <= x->ncolumns; len++) {
            if (full_unique && len == x->ncolumns)
                break;
            if (cgen__key(c, m, &k, cols, len) && !cgen__has_key(m->idxs, m->nidxs, &k))
                m->idxs[m->nidxs++] = k;
        }
    }
    m->fks = ARENA_ARRAY(a, cgen_key, t->nfks + 1);
    for (size_t i = 0; i < t->nfks; i++) {
        cgen_key k;
        /* A foreign key that is also unique (one-to-one) is found by its find_by_ function. */
        if (cgen__key(c, m, &k, t->fks[i].columns, t->fks[i].ncolumns) && !cgen__has_key(m->fks, m->nfks, &k) &&
            !cgen__has_key(m->uniques, m->nuniques, &k) && !cgen__same_key(&k, &m->pk))
            m->fks[m->nfks++] = k;
    }
    /* A prefix that is a foreign key, a unique key or the primary key has its function already. */
    size_t keep = 0;
    for (size_t i = 0; i < m->nidxs; i++)
        if (!cgen__has_key(m->fks, m->nfks, &m->idxs[i]) && !cgen__has_key(m->uniques, m->nuniques, &m->idxs[i]) &&
            !cgen__same_key(&m->idxs[i], &m->pk))
            m->idxs[keep++] = m->idxs[i];
    m->nidxs = keep;
}

/*
 * The orders list_page_by_<index> pages through: the columns of each index
 * (unique or not), followed by the primary key columns they lack unless the
 * index is a full unique one over required columns, so that the order is
 * total and a cursor names one position. The suffix names only the index's
 * columns; the first index wins when two give the same name.
 */
static void cgen__orders(cgen_ctx *c, cgen_model *m)
{
    arena *a = c->a;
    const ir_table *t = m->t;
    m->orders = ARENA_ARRAY(a, cgen_key, t->nindexes + 1);
    if (!m->pk.nfields)
        return;
    for (size_t i = 0; i < t->nindexes; i++) {
        const ir_index *x = &t->indexes[i];
        const char **cols = ARENA_ARRAY(a, const char *, x->ncolumns + 1);
        for (size_t j = 0; j < x->ncolumns; j++)
            cols[j] = x->columns[j].name;
        cgen_key k;
        if (!cgen__key(c, m, &k, cols, x->ncolumns))
            continue;
        bool total = x->unique && !x->where;
        for (size_t j = 0; j < k.nfields; j++) {
            const cgen_field *f = &m->fields[k.fields[j]];
            /* NULLs repeat under a unique index; lists and JSON have no order both engines share. */
            if (f->col->nullable)
                total = false;
            if (f->col->list || f->kind == CGEN_JSON)
                k.nfields = 0;
        }
        if (!k.nfields)
            continue;
        /* The index's own sort order; the primary key columns appended below break ties ascending. */
        bool *desc = ARENA_ARRAY(a, bool, k.nfields + m->pk.nfields);
        memset(desc, 0, (k.nfields + m->pk.nfields) * sizeof *desc);
        for (size_t j = 0; j < k.nfields; j++)
            desc[j] = x->columns[j].sort == IR_SORT_DESC;
        k.desc = desc;
        if (!total) {
            int *fields = ARENA_ARRAY(a, int, k.nfields + m->pk.nfields);
            memcpy(fields, k.fields, k.nfields * sizeof *fields);
            size_t n = k.nfields;
            for (size_t p = 0; p < m->pk.nfields; p++) {
                bool have = false;
                for (size_t j = 0; j < k.nfields; j++)
                    have = have || k.fields[j] == m->pk.fields[p];
                if (!have)
                    fields[n++] = m->pk.fields[p];
            }
            k.fields = fields;
            k.nfields = n;
        }
        bool dup = cgen__same_key(&k, &m->pk) || strcmp(k.suffix, m->pk.suffix) == 0;
        for (size_t j = 0; j < m->norders && !dup; j++)
            dup = strcmp(m->orders[j].suffix, k.suffix) == 0;
        if (!dup)
            m->orders[m->norders++] = k;
    }
}

static void cgen__relations(cgen_ctx *c, cgen_model *m)
{
    size_t n = 0;
    const ir_relation *rels = ir_model_relations(c->s, m->t->model, &n);
    m->rels = ARENA_ARRAY(c->a, cgen_rel, n + 1);
    for (size_t i = 0; i < n; i++) {
        cgen_model *target = cgen_model_of(c, rels[i].target);
        if (!target)
            continue;
        cgen_rel *r = &m->rels[m->nrels++];
        r->rel = &rels[i];
        r->member = cgen__member(c->a, rels[i].field);
        r->target = target;
        r->many = rels[i].list;
    }
}

/* ---------------------------------------------------------------- helpers */

int cgen_emit(cgen_ctx *c, strbuf *out, const char *tpl, const char *const *vars)
{
    const char *text = cgen_template_find(&c->o->templates, tpl);
    if (!text && c->o->templates.count == 0) {
        c->err = "this schemac has no built-in templates (built without generator/cgen/templates.cmake); pass --templates DIR";
        return -1;
    }
    if (!text) {
        c->err = arena_printf(c->a, "template '%s' is missing", tpl);
        return -1;
    }
    const char *err = NULL;
    char *r = cgen_expand(c->a, text, vars, &err);
    if (!r) {
        c->err = arena_printf(c->a, "%s: %s", tpl, err);
        return -1;
    }
    strbuf_puts(out, r);
    return 0;
}

int cgen_emit_model(cgen_ctx *c, strbuf *out, const char *tpl, const cgen_model *m)
{
    const char *vars[] = {"prefix", c->prefix, "PREFIX", c->upper_prefix, "model", m->cname, "Model", m->t->model, NULL};
    return cgen_emit(c, out, tpl, vars);
}

/* A `///` doc as a C comment at INDENT; nothing when DOC is NULL. */
static void cgen__doc(strbuf *b, const char *doc, const char *indent)
{
    if (!doc || !*doc)
        return;
    strbuf_printf(b, "%s/*", indent);
    const char *p = doc;
    bool multi = strchr(doc, '\n') != NULL;
    if (multi)
        strbuf_printf(b, "\n");
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len > 0 && *p == ' ') {
            p++;
            len--;
        }
        /* A doc line must not end the comment early ("*" "/"), nor hold what compilers
           warn about in a comment: "/" "*" (-Wcomment) and the trigraph "??" "/" (-Wtrigraphs
           in ISO modes). Each is written with a space inside. */
        strbuf_printf(b, multi ? "%s * " : " ", indent);
        for (size_t i = 0; i < len; i++) {
            strbuf_printf(b, "%c", p[i]);
            bool close = p[i] == '*' && i + 1 < len && p[i + 1] == '/';
            bool open = p[i] == '/' && i + 1 < len && p[i + 1] == '*';
            bool trigraph = p[i] == '?' && i + 2 < len && p[i + 1] == '?' && p[i + 2] == '/';
            if (close || open) {
                strbuf_puts(b, " ");
            } else if (trigraph) {
                strbuf_puts(b, "? ");
                i++;
            }
        }
        if (multi)
            strbuf_puts(b, "\n");
        p += len;
        if (*p == '\n')
            p++;
    }
    strbuf_printf(b, multi ? "%s */\n" : " */\n", indent);
}

/* ---------------------------------------------------------------- enums */

static void cgen__emit_enum(cgen_ctx *c, strbuf *out, const char *tpl, const char *name)
{
    const char *vars[] = {"prefix", c->prefix, "PREFIX", c->upper_prefix, "enum", name, NULL};
    cgen_emit(c, out, tpl, vars);
}

static void cgen__enum_decl(cgen_ctx *c, strbuf *h, const ir_enum *e)
{
    const char *name = arena_printf(c->a, "%s_%s", c->prefix, cgen_snake(c->a, e->name ? e->name : e->db_name));
    const char *upper = cgen_upper(c->a, name);
    cgen__doc(h, e->doc, "");
    strbuf_printf(h, "typedef enum %s {\n", name);
    for (size_t i = 0; i < e->nvalues; i++) {
        cgen__doc(h, e->values[i].doc, "    ");
        strbuf_printf(h, "    %s_%s = %zu,\n", upper, cgen_upper(c->a, e->values[i].name), i);
    }
    strbuf_printf(h, "} %s;\n\n", name);
    /* The value count as an enum constant: no macro needed for a number. */
    strbuf_printf(h, "enum { %s_COUNT = %zu };\n\n", upper, e->nvalues);
    cgen__emit_enum(c, h, "enum.h.tpl", name);
}

static const char *cgen__enum_name(cgen_ctx *c, const ir_enum *e)
{
    return arena_printf(c->a, "%s_%s", c->prefix, cgen_snake(c->a, e->name ? e->name : e->db_name));
}

static void cgen__enum_def(cgen_ctx *c, strbuf *out, const ir_enum *e)
{
    const char *name = cgen__enum_name(c, e);
    strbuf names;
    strbuf_init(&names, c->a);
    for (size_t i = 0; i < e->nvalues; i++)
        strbuf_printf(&names, "%s%s", i ? ", " : "", cgen_c_string(c->a, e->values[i].db_name));
    const char *one = arena_printf(c->a, "static const char *const %s__names[] = {%s};\n\n", name, strbuf_str(&names));
    if (strlen(one) <= 110) {
        strbuf_puts(out, one);
    } else {
        strbuf_printf(out, "static const char *const %s__names[] = {\n", name);
        for (size_t i = 0; i < e->nvalues; i++)
            strbuf_printf(out, "    %s,\n", cgen_c_string(c->a, e->values[i].db_name));
        strbuf_printf(out, "};\n\n");
    }
    cgen__emit_enum(c, out, "enum.c.tpl", name);
    if (cgen_enum_in_list(c, name))
        cgen__emit_enum(c, out, "enum_list.c.tpl", name);
}

/* What the generated sources use across files: enum column readers and every model's row type. Not API. */
static void cgen__internal_decls(cgen_ctx *c, strbuf *h)
{
    strbuf_puts(h, "/* ---------------------------------------------------------------- internal */\n\n"
                   "/* Used by the generated sources (enum columns, each model's row type); not API. */\n");
    for (size_t i = 0; i < c->s->nenums; i++) {
        const char *name = cgen__enum_name(c, &c->s->enums[i]);
        strbuf_printf(h, "int %s__column(%s *out, sc_stmt *st, int col);\n", name, name);
        if (cgen_enum_in_list(c, name))
            strbuf_printf(h, "int %s__column_list(%s **out, size_t *count, sc_stmt *st, int col);\n"
                             "int %s__bind_list(sc_stmt *st, int idx, const %s *v, size_t n);\n",
                          name, name, name, name);
    }
    for (size_t i = 0; i < c->nmodels; i++)
        strbuf_printf(h, "extern const sc_model %s__model;\n", c->models[i].cname);
    strbuf_puts(h, "\n");
}

/* What a split schema's model source defines before its header: no inline statement paths, its own model header only. */
static const char *cgen__model_defines(cgen_ctx *c)
{
    return arena_printf(c->a,
                        "/*\n * A split schema's source: it calls libschemac's statement functions rather\n"
                        " * than compiling their inline SQLite paths (it compiles in about half the\n"
                        " * time), and reads its own model's header, not every model's.\n */\n"
                        "#ifndef SC_NO_INLINE\n#define SC_NO_INLINE 1\n#endif\n"
                        "#define %s_MODEL_SOURCE 1\n",
                        c->upper_prefix);
}

/* ---------------------------------------------------------------- structs */

static void cgen__struct_decl(cgen_ctx *c, strbuf *h, const cgen_model *m)
{
    cgen__doc(h, m->doc, "");
    strbuf_printf(h, "struct %s {\n", m->cname);
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        const ir_column *col = f->col;
        cgen__doc(h, col->doc, "    ");
        if (col->nullable)
            strbuf_printf(h, "    bool has_%s;\n", f->member);
        const char *sp = f->ctype[strlen(f->ctype) - 1] == '*' ? "" : " ";
        if (col->list) {
            strbuf_printf(h, "    %s%s*%s; /* array of %s_count */\n", f->ctype, sp, f->member, f->member);
            if (f->kind == CGEN_BYTES)
                strbuf_printf(h, "    size_t *%s_lens; /* the length of each element */\n", f->member);
            strbuf_printf(h, "    size_t %s_count;\n", f->member);
        } else {
            strbuf_printf(h, "    %s%s%s;\n", f->ctype, sp, f->member);
        }
        if (f->kind == CGEN_BYTES && !col->list)
            strbuf_printf(h, "    size_t %s_len;\n", f->member);
    }
    if (m->nrels) {
        strbuf_puts(h, "    /* Relations: NULL / empty until a loader fills them; owned by the row. */\n");
        for (size_t i = 0; i < m->nrels; i++) {
            const cgen_rel *r = &m->rels[i];
            if (r->many)
                strbuf_printf(h, "    struct %s *%s; /* array of %s_count */\n    size_t %s_count;\n", r->target->cname,
                               r->member, r->member, r->member);
            else
                strbuf_printf(h, "    struct %s *%s;\n", r->target->cname, r->member);
        }
    }
    strbuf_puts(h, "};\n\n");
    cgen_emit_model(c, h, "model_list.h.tpl", m);
    /* Field masks for partial updates; a model with more fields than a mask has bits gets none (see _update_fields). */
    unsigned bit = 0;
    if (cgen_mask_fields(m) <= CGEN_MASK_BITS)
        for (size_t i = 0; i < m->nfields; i++) {
            if (!m->fields[i].pk && (int)i != m->version)
                strbuf_printf(h, "#define %s_F_%s (UINT64_C(1) << %u)\n", m->upper, m->fields[i].upper, bit++);
        }
    if (bit)
        strbuf_puts(h, "\n");
}

/* The statements freeing what ROW owns. */
static void cgen__clear_body(cgen_ctx *c, strbuf *out, const cgen_model *m)
{
    (void)c;
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        bool ptr = f->kind == CGEN_TEXT || f->kind == CGEN_DECIMAL || f->kind == CGEN_JSON;
        const char *v = f->member;
        if (f->col->list && f->kind == CGEN_BYTES)
            strbuf_printf(out, "    sc_blobs_free(row->%s, row->%s_lens, row->%s_count);\n", v, v, v);
        else if (f->col->list && ptr)
            strbuf_printf(out, "    sc_texts_free(row->%s, row->%s_count);\n", v, v);
        else if (f->col->list || ptr || f->kind == CGEN_BYTES)
            strbuf_printf(out, "    free(row->%s);\n", v);
    }
    for (size_t i = 0; i < m->nrels; i++) {
        const cgen_rel *r = &m->rels[i];
        if (r->many)
            strbuf_printf(out, "    sc_rows_free(row->%s, row->%s_count, &%s__model);\n", r->member, r->member, r->target->cname);
        else
            strbuf_printf(out, "    sc_row_free(row->%s, &%s__model);\n", r->member, r->target->cname);
    }
    strbuf_puts(out, "    memset(row, 0, sizeof *row);\n");
}

static void cgen__type_decls(cgen_ctx *c, strbuf *h, const cgen_model *m)
{
    cgen_emit_model(c, h, "model_lifecycle.h.tpl", m);
}

static const char *cgen__literal_c(cgen_ctx *c, const cgen_field *f)
{
    const ir_default *d = &f->col->dflt;
    if (f->col->list)
        return NULL;
    switch (d->kind) {
    case IR_DEFAULT_NUMBER:
        if (f->kind == CGEN_I32 || f->kind == CGEN_I64 || f->kind == CGEN_F64)
            return d->value;
        return NULL;
    case IR_DEFAULT_BOOLEAN:
        return f->kind == CGEN_BOOL ? d->value : NULL;
    case IR_DEFAULT_ENUM: {
        const ir_enum *e = ir_find_enum(c->s, f->col->enum_name);
        for (size_t i = 0; e && i < e->nvalues; i++)
            if (strcmp(e->values[i].db_name, d->value) == 0 || strcmp(e->values[i].name, d->value) == 0)
                return arena_printf(c->a, "%s_%s", cgen_upper(c->a, f->enum_c), cgen_upper(c->a, e->values[i].name));
        return NULL;
    }
    default:
        return NULL;
    }
}

static void cgen__type_defs(cgen_ctx *c, strbuf *out, const cgen_model *m)
{
    strbuf_printf(out, "static int %s__read(void *p, sc_stmt *st);\n\nstatic void %s__clear(void *p)\n{\n    %s *row = p;\n",
                  m->cname, m->cname, m->cname);
    cgen__clear_body(c, out, m);
    strbuf_puts(out, "}\n\n");
    strbuf_printf(out, "const sc_model %s__model = {sizeof(%s), offsetof(%s_list, count), %s__read, %s__clear};\n\n", m->cname,
                  m->cname, m->cname, m->cname, m->cname);
    strbuf_printf(out, "void %s_init(%s *row)\n{\n    memset(row, 0, sizeof *row);\n", m->cname, m->cname);
    for (size_t i = 0; i < m->nfields; i++) {
        const char *lit = cgen__literal_c(c, &m->fields[i]);
        if (!lit)
            continue;
        if (m->fields[i].col->nullable)
            strbuf_printf(out, "    row->has_%s = true;\n", m->fields[i].member);
        strbuf_printf(out, "    row->%s = %s;\n", m->fields[i].member, lit);
    }
    strbuf_puts(out, "}\n\n");
    cgen_emit_model(c, out, "model_lifecycle.c.tpl", m);
}

/* ---------------------------------------------------------------- C names that clash */

typedef struct cgen__names {
    cgen_ctx *c;
    strmap seen; /* C name -> the schema name that took it */
    cgen_clash *out;
    size_t n, cap;
    const char *owner;
} cgen__names;

/* Take CNAME for WHAT (a schema name); a second taker is a clash. */
static void cgen__take(cgen__names *x, const char *cname, const char *what)
{
    const char *first = strmap_adds(&x->seen, cname, (void *)what);
    if (!first)
        return;
    if (x->n == x->cap) {
        size_t ncap = x->cap ? 2 * x->cap : 8;
        x->out = arena_grow(x->c->a, x->out, x->cap * sizeof *x->out, ncap * sizeof *x->out);
        x->cap = ncap;
    }
    cgen_clash k = {x->owner, first, what, cname};
    x->out[x->n++] = k;
}

size_t cgen_name_clashes(arena *a, const ir_schema *s, const char *prefix, cgen_clash **out)
{
    cgen_options o = CGEN_OPTIONS_INIT;
    o.prefix = prefix;
    cgen_ctx c = {a, s, &o, prefix, cgen_upper(a, prefix), NULL, 0, NULL};
    c.models = ARENA_ARRAY(a, cgen_model, s->ntables + 1);
    for (size_t i = 0; i < s->ntables; i++)
        if (s->tables[i].kind == IR_TABLE_MODEL && s->tables[i].model)
            cgen__model(&c, &c.models[c.nmodels++], &s->tables[i]);
    for (size_t i = 0; i < c.nmodels; i++)
        cgen__relations(&c, &c.models[i]);

    cgen__names x = {&c, {0}, NULL, 0, 0, NULL};
    /* Struct members of each model: fields with their companions, and relations. */
    for (size_t i = 0; i < c.nmodels; i++) {
        const cgen_model *m = &c.models[i];
        strmap_init(&x.seen, a);
        x.owner = m->t->model;
        for (size_t k = 0; k < m->nfields; k++) {
            const cgen_field *f = &m->fields[k];
            const char *field = f->col->field ? f->col->field : f->col->name;
            cgen__take(&x, f->member, field);
            if (f->col->nullable)
                cgen__take(&x, arena_printf(a, "has_%s", f->member), field);
            if (f->col->list)
                cgen__take(&x, arena_printf(a, "%s_count", f->member), field);
            if (f->col->list && f->kind == CGEN_BYTES)
                cgen__take(&x, arena_printf(a, "%s_lens", f->member), field);
            if (!f->col->list && f->kind == CGEN_BYTES)
                cgen__take(&x, arena_printf(a, "%s_len", f->member), field);
        }
        for (size_t k = 0; k < m->nrels; k++) {
            cgen__take(&x, m->rels[k].member, m->rels[k].rel->field);
            if (m->rels[k].many)
                cgen__take(&x, arena_printf(a, "%s_count", m->rels[k].member), m->rels[k].rel->field);
        }
    }
    /* The constants of each enum, and its count. */
    for (size_t i = 0; i < s->nenums; i++) {
        const ir_enum *e = &s->enums[i];
        strmap_init(&x.seen, a);
        x.owner = e->name ? e->name : e->db_name;
        cgen__take(&x, "COUNT", "");
        for (size_t k = 0; k < e->nvalues; k++)
            cgen__take(&x, cgen_upper(a, e->values[k].name), e->values[k].name);
    }
    /* The types: a model's struct and its list, an enum. */
    strmap_init(&x.seen, a);
    x.owner = NULL;
    for (size_t i = 0; i < s->nenums; i++) {
        const char *name = s->enums[i].name ? s->enums[i].name : s->enums[i].db_name;
        cgen__take(&x, arena_printf(a, "%s_%s", prefix, cgen_snake(a, name)), name);
    }
    for (size_t i = 0; i < c.nmodels; i++)
        cgen__take(&x, c.models[i].cname, c.models[i].t->model);
    /* A model's list type against the other types (two equal models' lists clash already). */
    for (size_t i = 0; i < c.nmodels; i++) {
        const char *list = arena_printf(a, "%s_list", c.models[i].cname);
        if (strmap_gets(&x.seen, list))
            cgen__take(&x, list, c.models[i].t->model);
    }
    *out = x.out;
    return x.n;
}

/* ---------------------------------------------------------------- files */

/* The models of S in the context, with their relations and keyset orders. */
static void cgen__models(cgen_ctx *c)
{
    const ir_schema *s = c->s;
    c->models = ARENA_ARRAY(c->a, cgen_model, s->ntables + 1);
    for (size_t i = 0; i < s->ntables; i++)
        if (s->tables[i].kind == IR_TABLE_MODEL && s->tables[i].model)
            cgen__model(c, &c->models[c->nmodels++], &s->tables[i]);
    for (size_t i = 0; i < c->nmodels; i++) {
        cgen__relations(c, &c->models[i]);
        cgen__orders(c, &c->models[i]);
    }
}

/* Whether a schema of NMODELS models is written one source per model. */
static bool cgen__split(const cgen_options *o, size_t nmodels)
{
    return o->split == CGEN_SPLIT_ALWAYS || (o->split == CGEN_SPLIT_AUTO && nmodels > CGEN_SPLIT_MODELS);
}

/* A model's file in split output: its C type name and EXT, "blog_post.c", "blog_post.h". */
static const char *cgen__model_file(arena *a, const char *prefix, const char *model, const char *ext)
{
    return arena_printf(a, "%s_%s.%s", prefix, cgen_snake(a, model), ext);
}

int cgen_list_outputs(const char ***names, size_t *count, arena *a, const ir_schema *s, const cgen_options *o,
                      const char **err)
{
    if (!cgen_prefix_valid(o->prefix)) {
        *err = arena_printf(a, "prefix '%s' is not a C identifier", o->prefix ? o->prefix : "");
        return -1;
    }
    size_t nmodels = 0;
    for (size_t i = 0; i < s->ntables; i++)
        nmodels += s->tables[i].kind == IR_TABLE_MODEL && s->tables[i].model;
    bool split = cgen__split(o, nmodels);
    const char **list = ARENA_ARRAY(a, const char *, 2 + (split ? 2 * nmodels : 0));
    size_t n = 0;
    list[n++] = arena_printf(a, "%s.h", o->prefix);
    list[n++] = arena_printf(a, "%s.c", o->prefix);
    for (size_t i = 0; split && i < s->ntables; i++)
        if (s->tables[i].kind == IR_TABLE_MODEL && s->tables[i].model) {
            list[n++] = cgen__model_file(a, o->prefix, s->tables[i].model, "h");
            list[n++] = cgen__model_file(a, o->prefix, s->tables[i].model, "c");
        }
    *names = list;
    *count = n;
    return 0;
}

int cgen_generate(cgen_output *out, arena *a, const ir_schema *s, const cgen_options *opt, const char **err)
{
    cgen_options o = *opt;
    if (o.templates.count == 0)
        o.templates = cgen_builtin_templates();
    cgen_ctx c = {a, s, &o, o.prefix, NULL, NULL, 0, NULL};
    if (!cgen_prefix_valid(o.prefix)) {
        *err = arena_printf(a, "prefix '%s' is not a C identifier", o.prefix ? o.prefix : "");
        return -1;
    }
    c.upper_prefix = cgen_upper(a, o.prefix);
    cgen__models(&c);
    bool split = cgen__split(&o, c.nmodels);

    memset(out, 0, sizeof *out);
    out->header_name = arena_printf(a, "%s.h", o.prefix);
    out->source_name = arena_printf(a, "%s.c", o.prefix);
    const char *schema = o.schema_name ? o.schema_name : "schema";
    /* Only the base name: generated text must not depend on where the build runs. */
    const char *slash = strrchr(schema, '/');
    if (slash && slash[1])
        schema = slash + 1;
    const char *vars[] = {"prefix", o.prefix, "PREFIX", c.upper_prefix, "schema", cgen_c_string(a, schema) + 0,
                          "schema_file", schema, "header", out->header_name, "source", out->source_name,
                          "defines", split ? arena_printf(a, "/* The enums: no model's header is needed. */\n#define %s_MODEL_SOURCE 1\n",
                                                          c.upper_prefix)
                                           : "",
                          NULL};

    strbuf h;
    strbuf_init(&h, a);
    if (cgen_emit(&c, &h, "header_begin.h.tpl", vars) != 0)
        goto fail;
    for (size_t i = 0; i < s->nenums; i++)
        cgen__enum_decl(&c, &h, &s->enums[i]);
    for (size_t i = 0; i < c.nmodels; i++)
        strbuf_printf(&h, "typedef struct %s %s;\n", c.models[i].cname, c.models[i].cname);
    if (c.nmodels)
        strbuf_puts(&h, "\n");
    if (split) {
        out->headers = ARENA_ARRAY(a, cgen_file, c.nmodels + 1);
        out->models = ARENA_ARRAY(a, cgen_file, c.nmodels + 1);
    }
    for (size_t i = 0; i < c.nmodels; i++) {
        const cgen_model *m = &c.models[i];
        strbuf mh;
        strbuf *dst = &h;
        if (split) {
            /* A model's declarations in a header of their own, which P.h includes. */
            cgen_file *f = &out->headers[out->nheaders++];
            f->name = (char *)cgen__model_file(a, o.prefix, m->t->model, "h");
            const char *guard = arena_printf(a, "%s_GENERATED_H", m->upper);
            strbuf_init(&mh, a);
            dst = &mh;
            strbuf_printf(dst,
                          "/*\n * %s - generated by schemac from %s. Do not edit.\n *\n"
                          " * Model %s of %s, which includes this header: include that one.\n */\n"
                          "#ifndef %s\n#define %s\n\n#include \"%s\"\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n",
                          f->name, schema, m->t->model, out->header_name, guard, guard, out->header_name);
        }
        strbuf_printf(dst, "/* ---------------------------------------------------------------- %s */\n\n", m->t->model);
        cgen__struct_decl(&c, dst, m);
        cgen__type_decls(&c, dst, m);
        cgen_query_decls(&c, dst, m);
        if (split) {
            strbuf_printf(dst, "#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s_GENERATED_H */\n", m->upper);
            out->headers[out->nheaders - 1].text = strbuf_str(dst);
        } else {
            strbuf_puts(dst, "\n");
        }
    }
    cgen__internal_decls(&c, &h);
    if (split) {
        strbuf_printf(&h, "/* ---------------------------------------------------------------- models */\n\n"
                          "/* One header per model; the source of a model reads only its own (%s_MODEL_SOURCE). */\n"
                          "#ifndef %s_MODEL_SOURCE\n",
                      c.upper_prefix, c.upper_prefix);
        for (size_t i = 0; i < out->nheaders; i++)
            strbuf_printf(&h, "#include \"%s\"\n", out->headers[i].name);
        strbuf_puts(&h, "#endif\n\n");
    }
    /* A template failing inside a model or enum left its message in c.err. */
    if (c.err || cgen_emit(&c, &h, "header_end.h.tpl", vars) != 0)
        goto fail;

    strbuf src;
    strbuf_init(&src, a);
    if (cgen_emit(&c, &src, "source_begin.c.tpl", vars) != 0)
        goto fail;
    for (size_t i = 0; i < s->nenums; i++)
        cgen__enum_def(&c, &src, &s->enums[i]);
    for (size_t i = 0; i < c.nmodels; i++) {
        const cgen_model *m = &c.models[i];
        strbuf ms;
        strbuf *dst = &src;
        if (split) {
            cgen_file *f = &out->models[out->nmodels++];
            f->name = (char *)cgen__model_file(a, o.prefix, m->t->model, "c");
            const char *mvars[] = {"prefix", o.prefix, "PREFIX", c.upper_prefix, "schema_file", schema,
                                   "header", out->headers[i].name, "source", f->name,
                                   "defines", cgen__model_defines(&c), NULL};
            strbuf_init(&ms, a);
            dst = &ms;
            if (cgen_emit(&c, dst, "source_begin.c.tpl", mvars) != 0)
                goto fail;
        }
        strbuf_printf(dst, "/* ---------------------------------------------------------------- %s */\n\n", m->t->model);
        cgen__type_defs(&c, dst, m);
        cgen_query_defs(&c, dst, m);
        if (c.err)
            goto fail;
        if (split) {
            if (cgen_emit(&c, dst, "source_end.c.tpl", vars) != 0)
                goto fail;
            out->models[out->nmodels - 1].text = strbuf_str(dst);
        }
    }
    if (c.err || cgen_emit(&c, &src, "source_end.c.tpl", vars) != 0)
        goto fail;
    out->header = strbuf_str(&h);
    out->source = strbuf_str(&src);
    return 0;
fail:
    *err = c.err;
    return -1;
}
