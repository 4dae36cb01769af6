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
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/strmap.h"

/* ---------------------------------------------------------------- names */

/* The code point of the UTF-8 sequence at S (its length into *LEN); a broken sequence is its first byte. */
static unsigned cgen__utf8(const unsigned char *s, size_t *len)
{
    unsigned c = s[0];
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    unsigned cp = n == 4 ? c & 0x07 : n == 3 ? c & 0x0F : n == 2 ? c & 0x1F : c;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *len = 1;
            return c;
        }
        cp = cp << 6 | (s[i] & 0x3F);
    }
    *len = n;
    return cp;
}

/*
 * snake_case: a word starts at an upper-case letter after a lower-case letter
 * or digit, or before a lower-case letter inside a run of capitals
 * (HTTPServer -> http_server). A character outside ASCII (schema names may
 * hold any letter) is a word of its own, u and its code point in four
 * lower-case hex digits (eight beyond U+FFFF): Straße -> stra_u00df_e.
 */
const char *cgen_snake(arena *a, const char *name)
{
    size_t n = strlen(name);
    char *out = arena_alloc(a, 4 * n + 2);
    size_t j = 0;
    bool mangled = false; /* the last word was a code point */
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)name[i];
        if (ch >= 0x80) {
            size_t len = 1;
            unsigned cp = cgen__utf8((const unsigned char *)name + i, &len);
            if (j > 0 && out[j - 1] != '_')
                out[j++] = '_';
            j += (size_t)snprintf(out + j, 10, cp > 0xFFFF ? "u%08x" : "u%04x", cp); /* within the 4 bytes OUT has per input byte */
            i += len - 1;
            mangled = true;
            continue;
        }
        bool up = isupper(ch);
        if (mangled && isalnum(ch))
            out[j++] = '_';
        else if (up && i > 0 && j > 0 && out[j - 1] != '_' &&
                 (islower((unsigned char)name[i - 1]) || isdigit((unsigned char)name[i - 1]) ||
                  (i + 1 < n && islower((unsigned char)name[i + 1]) && isupper((unsigned char)name[i - 1]))))
            out[j++] = '_';
        mangled = false;
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

/*
 * How cgen_c_string writes each byte: as it is (0), after a backslash (1: '"' and '\\'), as
 * \n (2), as a three-digit octal escape (3: other control bytes and DEL), '?' (4: "?\" before
 * another '?', so no trigraph can form), the end (5). Bytes above 0x7f are written as they are.
 */
static const unsigned char cgen__c_class[256] = {
    5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 3, 3, 3, /* 0x00: NUL, controls, \n */
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 0x10 */
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20: '"' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, /* 0x30: '?' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* 0x50: '\\' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x60 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, /* 0x70: DEL */
};

size_t cgen_c_string_len(const char *text)
{
    size_t n = 2;
    const unsigned char *p = (const unsigned char *)text;
    for (;; p++) {
        unsigned char k = cgen__c_class[*p];
        if (k == 0)
            n++;
        else if (k == 5)
            return n;
        else
            n += k == 3 ? 4 : k == 4 ? (p[1] == '?' ? 2 : 1) : 2;
    }
}

/*
 * The literal of the N bytes at TEXT (with a NUL after it) written at W, its
 * length returned. It takes at most 4 * N + 3 bytes (every byte an octal
 * escape). A '?' that ends the N bytes is written as it is: no trigraph forms
 * across two literals, which are joined after trigraphs are replaced.
 */
static size_t cgen__c_string_write(char *w, const char *text, size_t n)
{
    char *start = w;
    *w++ = '"';
    const unsigned char *p = (const unsigned char *)text, *end = p + n;
    while (p < end) {
        /* Plain bytes are copied as they are read: most runs are an identifier between two escaped quotes. */
        unsigned char ch = *p++, k = cgen__c_class[ch];
        if (k == 0) {
            *w++ = (char)ch;
            continue;
        }
        switch (k) {
        case 1:
            *w++ = '\\';
            *w++ = (char)ch;
            break;
        case 2:
            *w++ = '\\';
            *w++ = 'n';
            break;
        case 4:
            *w++ = '?';
            if (p < end && *p == '?')
                *w++ = '\\';
            break;
        default: /* 3, and a NUL (5) among the N bytes */
            *w++ = '\\';
            *w++ = (char)('0' + (ch >> 6));
            *w++ = (char)('0' + ((ch >> 3) & 7));
            *w++ = (char)('0' + (ch & 7));
            break;
        }
    }
    *w++ = '"';
    *w = '\0';
    return (size_t)(w - start);
}

const char *cgen_c_string(arena *a, const char *text)
{
    /* The length of the literal first, then its bytes written in place. */
    size_t n = cgen_c_string_len(text);
    char *out = arena_grow_uninit(a, NULL, 0, n + 1);
    cgen__c_string_write(out, text, strlen(text));
    return out;
}

size_t cgen_c_string_put(strbuf *b, const char *text)
{
    return cgen_c_string_putn(b, text, strlen(text));
}

size_t cgen_c_string_putn(strbuf *b, const char *text, size_t n)
{
    /* Room for the longest literal TEXT can make, then one pass: the literals are most of the output. */
    strbuf_reserve(b, 4 * n + 2);
    size_t len = cgen__c_string_write(b->s + b->len, text, n);
    b->len += len;
    return len;
}

/* The member name the rule gives a field: snake case, "f_" before a leading digit (keywords: the registry). */
static const char *cgen__member(arena *a, const char *field)
{
    const char *s = cgen_snake(a, field);
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
    return strncmp(name, "sc_", 3) != 0 && strcmp(name, "sc") != 0 && strncmp(name, "SC_", 3) != 0 &&
           !cgen_name_reserved(name);
}

const cgen_enum *cgen_enum_of(const cgen_ctx *c, const char *schema, const char *name)
{
    const ir_enum *e = name ? ir_find_enum_in(c->s, schema, name) : NULL;
    for (size_t i = 0; e && i < c->nenums; i++)
        if (c->enums[i].e == e)
            return &c->enums[i];
    return NULL;
}

cgen_model *cgen_model_of(cgen_ctx *c, const char *model)
{
    if (c->model_index)
        return strmap_gets(c->model_index, model);
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
        const cgen_enum *e = cgen_enum_of(c, col->enum_schema, col->enum_name);
        f->kind = CGEN_ENUM;
        f->enum_c = e ? e->cname : arena_printf(c->a, "%s_%s", c->prefix, cgen_snake(c->a, col->enum_name));
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

/* Whether A and B are one order: the same columns, each in the same direction. */
static bool cgen__same_order(const cgen_key *a, const cgen_key *b)
{
    if (!cgen__same_key(a, b))
        return false;
    for (size_t i = 0; i < a->nfields; i++)
        if ((a->desc && a->desc[i]) != (b->desc && b->desc[i]))
            return false;
    return true;
}

/* A claim in S; a name that cannot be given at all leaves an error in the context (and a usable name). */
static const char *cgen__claim(cgen_ctx *c, cgen_scope *s, const char *want, const char *const *forms, size_t n,
                               const cgen_rename *who)
{
    const char *r = cgen_names_claim(c->names, s, want, forms, n, who);
    if (!r) {
        c->err = arena_printf(c->a, "no C name is left for %s \"%s\"", who->what, who->name);
        return want;
    }
    return r;
}


/* A field's member and its companions (has_x, x_len, x_count, x_lens) in the struct's scope. */
static void cgen__field_member(cgen_ctx *c, cgen_model *m, cgen_field *f)
{
    const ir_column *col = f->col;
    const char *forms[4];
    size_t n = 0;
    forms[n++] = "%s";
    if (col->nullable)
        forms[n++] = "has_%s";
    if (col->list)
        forms[n++] = "%s_count";
    if (f->kind == CGEN_BYTES)
        forms[n++] = col->list ? "%s_lens" : "%s_len";
    const char *field = col->field ? col->field : col->name;
    cgen_rename who = {"field", m->t->model, field, NULL, NULL, NULL};
    f->member = cgen__claim(c, m->members, cgen__member(c->a, field), forms, n, &who);
    f->upper = cgen_upper(c->a, f->member);
}

/*
 * What the bodies of generated functions declare besides their key
 * parameters: the fixed parameters and the locals. A key parameter named
 * after a field takes none of them.
 */
static const char *const cgen__locals[] = {
    "out", "conn", "st", "rc", "n", "i", "r", "row", "rows", "mask", "after", "limit", "descending", "site", "sites",
    "batch", "now", "base", "keys", "key_fields", "key_field", "scope_fields", "inserted", "spec", "set", "bare", "cache", "found", "with", NULL};

static bool cgen__in_keys(const cgen_key *keys, size_t n, int field)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < keys[i].nfields; j++)
            if (keys[i].fields[j] == field)
                return true;
    return false;
}

/* The name of each key field as a parameter (and its _len), in the model's parameter scope; others keep the member. */
static void cgen__field_params(cgen_ctx *c, cgen_model *m)
{
    const char *holder = "a parameter or local of the generated functions";
    for (size_t i = 0; cgen__locals[i]; i++)
        cgen_names_take(c->names, m->params, cgen__locals[i], holder);
    for (size_t i = 0; i < 8; i++) { /* the statement sites of list_page_by_ (siteN, siteN_lite, ...) */
        cgen_names_take(c->names, m->params, arena_printf(c->a, "site%zu", i), holder);
        cgen_names_take(c->names, m->params, arena_printf(c->a, "site%zu_lite", i), holder);
        cgen_names_take(c->names, m->params, arena_printf(c->a, "site%zu_pg", i), holder);
        cgen_names_take(c->names, m->params, arena_printf(c->a, "site%zu_parts", i), holder);
    }
    if (m->version >= 0)
        cgen_names_take(c->names, m->params, arena_printf(c->a, "expected_%s", m->fields[m->version].member), holder);
    for (size_t i = 0; i < m->nfields; i++) {
        cgen_field *f = &m->fields[i];
        f->param = f->member;
        if (!cgen__in_keys(&m->pk, 1, (int)i) && !cgen__in_keys(m->uniques, m->nuniques, (int)i) &&
            !cgen__in_keys(m->fks, m->nfks, (int)i) && !cgen__in_keys(m->idxs, m->nidxs, (int)i))
            continue;
        static const char *const one[] = {"%s"}, *const bytes[] = {"%s", "%s_len"};
        const char *field = f->col->field ? f->col->field : f->col->name;
        cgen_rename who = {"parameter for field", m->t->model, field, NULL, NULL, NULL};
        f->param = cgen__claim(c, m->params, f->member, f->kind == CGEN_BYTES ? bytes : one, f->kind == CGEN_BYTES ? 2 : 1,
                               &who);
    }
}

/* "a, b": the schema names of K's fields. */
static const char *cgen__key_fields(cgen_ctx *c, const cgen_model *m, const cgen_key *k)
{
    strbuf b;
    strbuf_init(&b, c->a);
    for (size_t i = 0; i < k->nfields; i++) {
        const ir_column *col = m->fields[k->fields[i]].col;
        strbuf_printf(&b, "%s%s%s", i ? ", " : "", col->field ? col->field : col->name,
                      k->desc && k->desc[i] ? "(sort: Desc)" : "");
    }
    return strbuf_str(&b);
}

/*
 * The suffix of a keyset page (list_page_by_<suffix>, list_page_of_<suffix>)
 * claimed in S: a page whose name another page of the model already has
 * gets a numbered one, as keys do, and a note says so - unless the index's
 * own key was numbered the same way (find_by_a_b_2 and list_page_by_a_b_2),
 * which has said it already.
 */
static const char *cgen__page_suffix(cgen_ctx *c, cgen_model *m, cgen_scope *s, const char *fn, const char *want,
                                     const cgen_key *own)
{
    cgen_rename who = {"key", m->t->model, cgen__key_fields(c, m, own), NULL, NULL, NULL};
    size_t notes = c->names->nrenames;
    const char *given = cgen__claim(c, s, want, NULL, 0, &who);
    if (c->names->nrenames > notes && given != want) {
        const cgen_key *kinds[] = {m->uniques, m->idxs};
        size_t counts[] = {m->nuniques, m->nidxs};
        bool said = false;
        for (int kind = 0; kind < 2; kind++)
            for (size_t i = 0; i < counts[kind]; i++)
                said = said || (cgen__same_key(&kinds[kind][i], own) && strcmp(kinds[kind][i].suffix, given) == 0);
        cgen_rename *x = &c->names->renames[notes];
        if (said) {
            c->names->nrenames = notes;
        } else {
            /* The note names the page function: the key's other functions may keep the plain suffix. */
            x->wanted = arena_printf(c->a, "%s%s", fn, x->wanted);
            x->given = arena_printf(c->a, "%s%s", fn, x->given);
            x->holder = arena_printf(c->a, "%s%s", fn, x->holder);
        }
    }
    return given;
}

/* Two keys of one kind whose suffixes are equal (@unique on a_b and @@unique([a, b])): the later one's gets a number. */
static void cgen__key_suffixes(cgen_ctx *c, cgen_model *m)
{
    cgen_scope *find = cgen_names_scope(c->names), *list = cgen_names_scope(c->names);
    cgen_key *kinds[2][2] = {{&m->pk, m->uniques}, {m->fks, m->idxs}};
    size_t counts[2][2] = {{m->pk.nfields ? 1 : 0, m->nuniques}, {m->nfks, m->nidxs}};
    for (int kind = 0; kind < 2; kind++)
        for (int part = 0; part < 2; part++)
            for (size_t i = 0; i < counts[kind][part]; i++) {
                cgen_key *k = &kinds[kind][part][i];
                cgen_rename who = {"key", m->t->model, cgen__key_fields(c, m, k), NULL, NULL, NULL};
                k->suffix = cgen__claim(c, kind ? list : find, k->suffix, NULL, 0, &who);
            }
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
    m->members = cgen_names_scope(c->names);
    m->params = cgen_names_scope(c->names);
    for (size_t i = 0; i < t->ncolumns; i++) {
        const ir_column *col = &t->columns[i];
        /* Unsupported types have no C form; the database fills them: when it cannot (a required
           column without a default), the model gets no insert, as Prisma's client gets no create. */
        if (col->scalar == SC_SCALAR_UNSUPPORTED || col->src_ignored) { /* @ignore as Unsupported */
            if (!col->nullable && col->dflt.kind == IR_DEFAULT_NONE)
                m->no_insert = true;
            continue;
        }
        cgen_field *f = &m->fields[m->nfields];
        f->col = col;
        f->sql = sqltext_ident(a, col->name);
        f->pk = col->is_id;
        cgen__field_type(c, f);
        cgen__field_member(c, m, f);
        if (col->version)
            m->version = (int)m->nfields;
        if (col->deleted_at)
            m->deleted_at = (int)m->nfields;
        if (col->dflt.kind == IR_DEFAULT_AUTOINCREMENT)
            m->has_autoinc = true;
        m->nfields++;
    }
    m->sql_cols = cgen_sql_columns_as(a, m, NULL);
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
                                                         m->fields[m->deleted_at].sql)) == 0;
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
    cgen__key_suffixes(c, m);
    cgen__field_params(c, m);
}


/* "a_b": the members of fields [FROM, TO) of K. */
static const char *cgen__members(cgen_ctx *c, const cgen_model *m, const cgen_key *k, size_t from, size_t to)
{
    strbuf b;
    strbuf_init(&b, c->a);
    for (size_t i = from; i < to; i++)
        strbuf_printf(&b, "%s%s", i > from ? "_" : "", m->fields[k->fields[i]].member);
    return strbuf_str(&b);
}

/*
 * The keyset pages scoped by an equality prefix (list_page_of_<suffix>): a
 * foreign key's rows in primary-key order (a customer's orders), and for
 * each index of two or more columns the rows with the values of all its
 * columns but the last, in the order of the last (a tenant's products by
 * creation time), ties broken by the primary key. Without a primary key
 * there is no cursor, and none is made.
 */
static void cgen__scoped(cgen_ctx *c, cgen_model *m)
{
    arena *a = c->a;
    m->scoped = ARENA_ARRAY(a, cgen_scoped, m->nfks + m->norders + 1);
    if (!m->pk.nfields)
        return;
    cgen_scope *names = cgen_names_scope(c->names);
    const char **want = ARENA_ARRAY(a, const char *, m->nfks + m->norders + 1); /* each page's suffix before numbering */
    for (size_t i = 0; i < m->nfks + m->norders; i++) {
        cgen_scoped s;
        memset(&s, 0, sizeof s);
        if (i < m->nfks) {
            const cgen_key *f = &m->fks[i];
            int *fields = ARENA_ARRAY(a, int, f->nfields + m->pk.nfields);
            memcpy(fields, f->fields, f->nfields * sizeof *fields);
            size_t n = f->nfields;
            for (size_t p = 0; p < m->pk.nfields; p++)
                if (!cgen__in_keys(f, 1, m->pk.fields[p]))
                    fields[n++] = m->pk.fields[p];
            if (n == f->nfields)
                continue; /* the key holds the whole primary key: one row, no page */
            s.order = *f;
            s.order.fields = fields;
            s.order.nfields = n;
            s.order.desc = NULL;
            s.prefix = f->nfields;
            s.suffix = f->suffix;
        } else {
            const cgen_key *k = &m->orders[i - m->nfks];
            if (k->nown < 2)
                continue;
            s.order = *k;
            s.prefix = k->nown - 1;
            s.suffix = arena_printf(a, "%s_by_%s", cgen__members(c, m, k, 0, s.prefix), cgen__members(c, m, k, s.prefix, k->nown));
        }
        /* One scope paged in one order under one name needs one function. */
        bool dup = false;
        for (size_t j = 0; j < m->nscoped && !dup; j++)
            dup = strcmp(want[j], s.suffix) == 0 && m->scoped[j].prefix == s.prefix &&
                  cgen__same_order(&m->scoped[j].order, &s.order);
        if (dup)
            continue;
        want[m->nscoped] = s.suffix;
        cgen_key own = s.order;
        if (i >= m->nfks)
            own.nfields = own.nown;
        else
            own.nfields = s.prefix;
        s.suffix = cgen__page_suffix(c, m, names, "list_page_of_", s.suffix, &own);
        m->scoped[m->nscoped++] = s;
    }
}

/*
 * The orders list_page_by_<index> pages through: the columns of each index
 * (unique or not), followed by the primary key columns they lack unless the
 * index is a full unique one over required columns, so that the order is
 * total and a cursor names one position. The suffix names only the index's
 * columns; of two orders with one name the later is numbered (a_b_2), and
 * an order already paged (the primary key's, another index's) is not again.
 */
static void cgen__orders(cgen_ctx *c, cgen_model *m)
{
    arena *a = c->a;
    const ir_table *t = m->t;
    m->orders = ARENA_ARRAY(a, cgen_key, t->nindexes + 1);
    if (!m->pk.nfields)
        return;
    /* The primary key's suffix is taken, as it is among the keys: a unique index on (a, b) beside a key
       field aB is find_by_a_b_2 and list_page_by_a_b_2 alike. */
    cgen_scope *names = cgen_names_scope(c->names);
    cgen_names_take(c->names, names, m->pk.suffix,
                    arena_printf(a, "kept for the primary key (%s) of \"%s\", whose page is list_page",
                                 cgen__key_fields(c, m, &m->pk), t->model));
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
        k.nown = k.nfields;
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
        /* The primary key's order is list_page's; an index already paged (the same columns) is not again. */
        bool dup = cgen__same_key(&k, &m->pk);
        for (size_t j = 0; j < m->norders && !dup; j++)
            dup = m->orders[j].nown == k.nown && cgen__same_order(&m->orders[j], &k);
        if (dup)
            continue;
        cgen_key own = k;
        own.nfields = k.nown;
        k.suffix = cgen__page_suffix(c, m, names, "list_page_by_", k.suffix, &own);
        m->orders[m->norders++] = k;
    }
}

static void cgen__relations(cgen_ctx *c, cgen_model *m)
{
    size_t n = 0;
    const ir_relation *rels = ir_model_relations(c->s, m->t->model, &n);
    m->rels = ARENA_ARRAY(c->a, cgen_rel, n + 1);
    for (size_t i = 0; i < n; i++) {
        cgen_model *target = rels[i].src_ignored ? NULL : cgen_model_of(c, rels[i].target);
        if (!target)
            continue; /* @ignore, or a model left out (@@ignore) */
        cgen_rel *r = &m->rels[m->nrels++];
        r->rel = &rels[i];
        r->target = target;
        r->many = rels[i].list;
        static const char *const one[] = {"%s"}, *const many[] = {"%s", "%s_count"};
        cgen_rename who = {"relation field", m->t->model, rels[i].field, NULL, NULL, NULL};
        r->member = cgen__claim(c, m->members, cgen__member(c->a, rels[i].field), r->many ? many : one, r->many ? 2 : 1, &who);
    }
    /* The target's key as a parameter of _link_ / _unlink_: named after the target model. */
    for (size_t i = 0; i < m->nrels; i++) {
        cgen_rel *r = &m->rels[i];
        const cgen_model *t = r->target;
        if (r->rel->kind != IR_REL_JOIN || !t->pk.nfields)
            continue;
        const cgen_field *tf = &t->fields[t->pk.fields[0]];
        static const char *const one[] = {"%s"}, *const bytes[] = {"%s", "%s_len"};
        cgen_rename who = {"parameter for relation field", m->t->model, r->rel->field, NULL, NULL, NULL};
        r->link_param = cgen__claim(c, m->params, arena_printf(c->a, "%s_%s", cgen_snake(c->a, t->t->model), tf->member),
                                    tf->kind == CGEN_BYTES ? bytes : one, tf->kind == CGEN_BYTES ? 2 : 1, &who);
    }
}

/* ---------------------------------------------------------------- helpers */

int cgen_emit(cgen_ctx *c, strbuf *out, const char *tpl, const char *const *vars)
{
    /* TPL is one of a few dozen names: the last template found in its slot is checked with one strcmp, instead of
       a search of the set (12,000 emits for the 300-model schema). */
    const char *text = NULL;
    const cgen_templates *set = &c->o->templates;
    size_t slot = ((uintptr_t)tpl >> 3) % (sizeof c->tpl_cache / sizeof c->tpl_cache[0]);
    if (c->tpl_cache[slot].name && strcmp(c->tpl_cache[slot].name, tpl) == 0) {
        text = c->tpl_cache[slot].text;
    } else {
        /* Later entries win: a loaded folder appends to the built-in set (as cgen_template_find). */
        for (size_t i = set->count; i-- > 0 && !text;)
            if (strcmp(set->items[i].name, tpl) == 0) {
                text = set->items[i].text;
                c->tpl_cache[slot].name = set->items[i].name;
                c->tpl_cache[slot].text = text;
            }
    }
    if (!text && c->o->templates.count == 0) {
        c->err = "this schemac has no built-in templates (built without generator/cgen/templates.cmake); pass --templates DIR";
        return -1;
    }
    if (!text) {
        c->err = arena_printf(c->a, "template '%s' is missing", tpl);
        return -1;
    }
    const char *err = NULL;
    if (cgen_expand_into(out, c->a, text, vars, &err) != 0) {
        c->err = arena_printf(c->a, "%s: %s", tpl, err);
        return -1;
    }
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
        if (!multi)
            strbuf_puts(b, " ");
        else
            strbuf_printf(b, len ? "%s * " : "%s *", indent); /* no trailing space on an empty line */
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

static const cgen_enum *cgen__enum_c(const cgen_ctx *c, const ir_enum *e)
{
    for (size_t i = 0; i < c->nenums; i++)
        if (c->enums[i].e == e)
            return &c->enums[i];
    return NULL;
}

static void cgen__enum_decl(cgen_ctx *c, strbuf *h, const ir_enum *e)
{
    const cgen_enum *ce = cgen__enum_c(c, e);
    const char *name = ce->cname;
    const char *upper = ce->upper;
    cgen__doc(h, e->doc, "");
    strbuf_printf(h, "typedef enum %s {\n", name);
    for (size_t i = 0; i < e->nvalues; i++) {
        cgen__doc(h, e->values[i].doc, "    ");
        strbuf_printf(h, "    %s = %zu,\n", ce->values[i], i);
    }
    strbuf_printf(h, "} %s;\n\n", name);
    /* The value count as an enum constant: no macro needed for a number. */
    strbuf_printf(h, "enum { %s_COUNT = %zu };\n\n", upper, e->nvalues);
    cgen__emit_enum(c, h, "enum.h.tpl", name);
}

static const char *cgen__enum_name(cgen_ctx *c, const ir_enum *e)
{
    return cgen__enum_c(c, e)->cname;
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
        strbuf_printf(h, "extern const sc_enum_type %s__type;\nint %s__column(%s *out, sc_stmt *st, int col);\n", name, name, name);
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
    strbuf_puts(h, CGEN_BLOCK_MEMBER_DECL);
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
        else if (f->col->list)
            strbuf_printf(out, "    free(row->%s);\n", v);
        else if (ptr || f->kind == CGEN_BYTES)
            /* a value in the row's block (a row the runtime read) goes with the block */
            strbuf_printf(out, "    sc_value_free(row->%s, row->%s);\n", v, CGEN_BLOCK_MEMBER);
    }
    for (size_t i = 0; i < m->nrels; i++) {
        const cgen_rel *r = &m->rels[i];
        /* most rows carry no loaded relation: no call for those */
        if (r->many)
            strbuf_printf(out, "    if (row->%s)\n        sc_rows_free(row->%s, row->%s_count, &%s__model);\n", r->member, r->member,
                          r->member, r->target->cname);
        else
            strbuf_printf(out, "    if (row->%s)\n        sc_row_free(row->%s, &%s__model);\n", r->member, r->member, r->target->cname);
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
        /* A type's least value has no literal in C: -9223372036854775808 is the
           negation of a constant too large for any signed type. */
        if (f->kind == CGEN_I32 && strcmp(d->value, "-2147483648") == 0)
            return "INT32_MIN";
        if (f->kind == CGEN_I64 && strcmp(d->value, "-9223372036854775808") == 0)
            return "INT64_MIN";
        /* A Float written as an integer is a double constant in C too: an
           integer constant past 2^53 would change value on conversion. */
        if (f->kind == CGEN_F64 && !strpbrk(d->value, ".eE"))
            return arena_printf(c->a, "%s.0", d->value);
        if (f->kind == CGEN_I32 || f->kind == CGEN_I64 || f->kind == CGEN_F64)
            return d->value;
        return NULL;
    case IR_DEFAULT_BOOLEAN:
        return f->kind == CGEN_BOOL ? d->value : NULL;
    case IR_DEFAULT_ENUM: {
        const cgen_enum *ce = cgen_enum_of(c, f->col->enum_schema, f->col->enum_name);
        const ir_enum *e = ce ? ce->e : NULL;
        for (size_t i = 0; e && i < e->nvalues; i++)
            if (strcmp(e->values[i].db_name, d->value) == 0 || strcmp(e->values[i].name, d->value) == 0)
                return ce->values[i];
        return NULL;
    }
    default:
        return NULL;
    }
}

static void cgen__type_defs(cgen_ctx *c, strbuf *out, const cgen_model *m)
{
    bool fields = cgen_query_fields(c, out, m);
    strbuf_printf(out, "static int %s__read(void *p, sc_stmt *st);\n\nstatic void %s__clear(void *p)\n{\n    %s *row = p;\n",
                  m->cname, m->cname, m->cname);
    cgen__clear_body(c, out, m);
    strbuf_puts(out, "}\n\n");
    strbuf_printf(out, "const sc_model %s__model = {sizeof(%s), offsetof(%s_list, count), %s__read, %s__clear", m->cname, m->cname,
                  m->cname, m->cname, m->cname);
    if (fields)
        strbuf_printf(out, ", %s__fields, %zu", m->cname, m->nfields);
    else
        strbuf_puts(out, ", NULL, 0");
    strbuf_printf(out, ", offsetof(%s, %s), NULL};\n\n", m->cname, CGEN_BLOCK_MEMBER);
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

/* ---------------------------------------------------------------- files */

static int cgen__cmp_enum(const void *x, const void *y)
{
    const ir_enum *a = *(const ir_enum *const *)x, *b = *(const ir_enum *const *)y;
    return strcmp(a->name ? a->name : a->db_name, b->name ? b->name : b->db_name);
}

static int cgen__cmp_model(const void *x, const void *y)
{
    return strcmp((*(const cgen_model *const *)x)->t->model, (*(const cgen_model *const *)y)->t->model);
}

/*
 * The C names of the schema (docs/generated-api.md, "C names"), claimed in
 * this order: the names the generated files fix (PREFIX_GENERATED_H, ...);
 * each enum in the order of the enum names (bytewise) with its values; each
 * model's members (scalar fields in schema order, then relation fields), key
 * suffixes and key parameters; then each model in the order of the model
 * names with every name derived from it (type, list type, functions,
 * descriptors, field-mask macros, header guard and, split, its files).
 */
static void cgen__enums(cgen_ctx *c)
{
    const ir_schema *s = c->s;
    c->enums = ARENA_ARRAY(c->a, cgen_enum, s->nenums + 1);
    const ir_enum **order = ARENA_ARRAY(c->a, const ir_enum *, s->nenums + 1);
    for (size_t i = 0; i < s->nenums; i++)
        order[i] = &s->enums[i];
    qsort(order, s->nenums, sizeof *order, cgen__cmp_enum);
    for (size_t i = 0; i < s->nenums; i++) {
        const ir_enum *e = order[i];
        const char *name = e->name ? e->name : e->db_name;
        cgen_enum *ce = &c->enums[c->nenums++];
        ce->e = e;
        /* The value constants, COUNT first (it holds the number of values). */
        cgen_scope *vs = cgen_names_scope(c->names);
        size_t first_rename = c->names->nrenames;
        cgen_names_take(c->names, vs, "COUNT", "the constant holding the number of values");
        const char **values = ARENA_ARRAY(c->a, const char *, e->nvalues + 1);
        const char **forms = ARENA_ARRAY(c->a, const char *, e->nvalues + 9);
        size_t nforms = 0;
        for (size_t k = 0; k < e->nvalues; k++) {
            cgen_rename who = {"value", name, e->values[k].name, NULL, NULL, NULL};
            values[k] = cgen__claim(c, vs, cgen_upper(c->a, e->values[k].name), NULL, 0, &who);
            forms[nforms++] = arena_printf(c->a, "%%S_%s", values[k]);
        }
        static const char *const fixed[] = {"%s", "%s_to_string", "%s_from_string", "%s__column", "%s__names",
                                            "%s__column_list", "%s__bind_list", "%s__type", "%S_COUNT"};
        for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++)
            forms[nforms++] = fixed[k];
        cgen_rename who = {"enum", NULL, name, NULL, NULL, NULL};
        ce->cname = cgen__claim(c, c->names->file, arena_printf(c->a, "%s_%s", c->prefix, cgen_snake(c->a, name)), forms,
                                nforms, &who);
        ce->upper = cgen_upper(c->a, ce->cname);
        ce->values = ARENA_ARRAY(c->a, const char *, e->nvalues + 1);
        for (size_t k = 0; k < e->nvalues; k++)
            ce->values[k] = arena_printf(c->a, "%s_%s", ce->upper, values[k]);
        /* The notes of the values name whole constants. */
        for (size_t k = first_rename; k < c->names->nrenames; k++) {
            cgen_rename *r = &c->names->renames[k];
            if (strcmp(r->what, "value") != 0 || r->owner != name)
                continue;
            r->wanted = arena_printf(c->a, "%s_%s", ce->upper, r->wanted);
            r->given = arena_printf(c->a, "%s_%s", ce->upper, r->given);
            r->holder = arena_printf(c->a, "%s_%s", ce->upper, r->holder);
        }
    }
}

/* Whether NAME (NLEN bytes) is BASE (BLEN) followed by TAIL (TLEN): "id_with_deleted" of "id" and "_with_deleted". */
static bool cgen__tail_n(const char *name, size_t nlen, const char *base, size_t blen, const char *tail, size_t tlen)
{
    return nlen == blen + tlen && memcmp(name, base, blen) == 0 && memcmp(name + blen, tail, tlen) == 0;
}

static bool cgen__is_tail(const char *name, const char *base, const char *tail)
{
    return name && base && cgen__tail_n(name, strlen(name), base, strlen(base), tail, strlen(tail));
}

/* Whether one of the N keys at KEYS has the suffix BASE followed by TAIL. */
static bool cgen__key_tail(const cgen_key *keys, size_t n, const char *base, const char *tail)
{
    for (size_t i = 0; i < n; i++)
        if (cgen__is_tail(keys[i].suffix, base, tail))
            return true;
    return false;
}

/* A note that FN (of the key or relation WHAT, NAME) is not generated: HOLDER has its name. */
static void cgen__left_out(cgen_ctx *c, const cgen_model *m, const char *what, const char *name, const char *fn,
                           const char *holder)
{
    cgen_names_note(c->names, (cgen_rename){what, m->t->model, name, fn, NULL, holder});
}

/*
 * The functions a key or relation derives from another one's name
 * (find_many_by_<k>_with, find_by_<pk>_with_deleted, list_by_<fk>_with_deleted,
 * load_<r>_ptrs, load_<r>_with_deleted) are left out where that name is
 * already another key's or relation's own function (a unique field
 * `idWithDeleted` beside `id`, a relation `postsPtrs` beside `posts`): the
 * model keeps its name and every function the schema asks for by name.
 */
static void cgen__model_tails(cgen_ctx *c, arena *a, cgen_model *m)
{
    for (size_t i = 0; i <= m->nuniques; i++) {
        cgen_key *k = i == 0 ? &m->pk : &m->uniques[i - 1];
        k->no_with = k->suffix && (cgen__is_tail(m->pk.suffix, k->suffix, "_with") ||
                                   cgen__key_tail(m->uniques, m->nuniques, k->suffix, "_with"));
    }
    m->pk.no_with_deleted = m->pk.suffix && cgen__key_tail(m->uniques, m->nuniques, m->pk.suffix, "_with_deleted");
    for (size_t i = 0; i < m->nfks; i++) {
        const char *s = m->fks[i].suffix;
        m->fks[i].no_with_deleted = s && (cgen__key_tail(m->fks, m->nfks, s, "_with_deleted") ||
                                          cgen__key_tail(m->idxs, m->nidxs, s, "_with_deleted"));
    }
    /* Relations are many (every back relation): compared by length first. */
    size_t *len = ARENA_ARRAY(a, size_t, m->nrels + 1);
    for (size_t i = 0; i < m->nrels; i++)
        len[i] = strlen(m->rels[i].member);
    static const char ptrs[] = "_ptrs", deleted[] = "_with_deleted";
    for (size_t i = 0; i < m->nrels; i++) {
        cgen_rel *r = &m->rels[i];
        r->no_ptrs = r->no_with_deleted = false;
        for (size_t j = 0; j < m->nrels; j++) {
            const char *o = m->rels[j].member;
            r->no_ptrs = r->no_ptrs || cgen__tail_n(o, len[j], r->member, len[i], ptrs, sizeof ptrs - 1);
            r->no_with_deleted =
                r->no_with_deleted || cgen__tail_n(o, len[j], r->member, len[i], deleted, sizeof deleted - 1);
        }
    }
    /* Said where it matters: a function the model would have, left out. */
    if (m->pk.no_with_deleted && m->pk.nfields && m->deleted_at >= 0)
        cgen__left_out(c, m, "key", cgen__key_fields(c, m, &m->pk),
                       arena_printf(a, "find_by_%s_with_deleted", m->pk.suffix),
                       arena_printf(a, "it is the lookup by the unique key %s_with_deleted", m->pk.suffix));
    for (size_t i = 0; i < m->nfks; i++)
        if (m->fks[i].no_with_deleted && m->deleted_at >= 0)
            cgen__left_out(c, m, "key", cgen__key_fields(c, m, &m->fks[i]),
                           arena_printf(a, "list_by_%s_with_deleted", m->fks[i].suffix),
                           arena_printf(a, "it is the list by the key %s_with_deleted", m->fks[i].suffix));
    for (size_t i = 0; i < m->nrels; i++) {
        const cgen_rel *r = &m->rels[i];
        const char *field = r->rel->field ? r->rel->field : r->member;
        if (r->no_ptrs)
            cgen__left_out(c, m, "relation field", field, arena_printf(a, "load_%s_ptrs", r->member),
                           arena_printf(a, "it is the loader of the relation %s_ptrs", r->member));
        if (r->no_with_deleted && r->target && r->target->deleted_at >= 0)
            cgen__left_out(c, m, "relation field", field, arena_printf(a, "load_%s_with_deleted", r->member),
                           arena_printf(a, "it is the loader of the relation %s_with_deleted", r->member));
    }
}

/* A model's C name with every name derived from it. */
static void cgen__model_name(cgen_ctx *c, cgen_model *m)
{
    arena *a = c->a;
    size_t cap = 39 + 4 * m->nuniques + 3 * m->nfks + m->nidxs + m->norders + m->nscoped + 9 * m->nrels + m->nfields;
    const char **forms = ARENA_ARRAY(a, const char *, cap);
    size_t n = 0;
    static const char *const fixed[] = {
        "%s", "%s_list", "%s__model", "%s__read", "%s__clear", "%s_init", "%s_free", "%s_list_free", "%s_create",
        "%s_create_many", "%s_count", "%s_delete", "%s_restore", "%s_purge", "%s_update", "%s_update_fields",
        "%s__bind_insert", "%s__bind_set", "%s__update_end", "%s__stale", "%s_list_page", "%S_GENERATED_H", "%s__columns",
        "%s__fields", "%s_create_id", "%s_create_many_skip_duplicates", "%s_create_many_ids", "%s_update_many", "%s_load",
        "%s__with"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        forms[n++] = fixed[i];
    if (m->pk.nfields && m->deleted_at >= 0)
        forms[n++] = "%s_list_page_with_deleted";
    cgen__model_tails(c, a, m);
    if (m->pk.nfields) {
        forms[n++] = arena_printf(a, "%%s_find_by_%s", m->pk.suffix);
        if (!m->pk.no_with_deleted)
            forms[n++] = arena_printf(a, "%%s_find_by_%s_with_deleted", m->pk.suffix);
        forms[n++] = arena_printf(a, "%%s_find_many_by_%s", m->pk.suffix);
        if (!m->pk.no_with)
            forms[n++] = arena_printf(a, "%%s_find_many_by_%s_with", m->pk.suffix);
        forms[n++] = arena_printf(a, "%%s_upsert_by_%s", m->pk.suffix);
    }
    for (size_t i = 0; i < m->nuniques; i++) {
        forms[n++] = arena_printf(a, "%%s_find_by_%s", m->uniques[i].suffix);
        forms[n++] = arena_printf(a, "%%s_find_many_by_%s", m->uniques[i].suffix);
        if (!m->uniques[i].no_with)
            forms[n++] = arena_printf(a, "%%s_find_many_by_%s_with", m->uniques[i].suffix);
        forms[n++] = arena_printf(a, "%%s_upsert_by_%s", m->uniques[i].suffix);
    }
    for (size_t i = 0; i < m->nfks; i++) {
        forms[n++] = arena_printf(a, "%%s_list_by_%s", m->fks[i].suffix);
        if (!m->fks[i].no_with_deleted)
            forms[n++] = arena_printf(a, "%%s_list_by_%s_with_deleted", m->fks[i].suffix);
        forms[n++] = arena_printf(a, "%%s_count_by_%s", m->fks[i].suffix);
    }
    for (size_t i = 0; i < m->nidxs; i++)
        forms[n++] = arena_printf(a, "%%s_list_by_%s", m->idxs[i].suffix);
    for (size_t i = 0; i < m->norders; i++)
        forms[n++] = arena_printf(a, "%%s_list_page_by_%s", m->orders[i].suffix);
    for (size_t i = 0; i < m->nscoped; i++)
        forms[n++] = arena_printf(a, "%%s_list_page_of_%s", m->scoped[i].suffix);
    for (size_t i = 0; i < m->nrels; i++) {
        forms[n++] = arena_printf(a, "%%s_load_%s", m->rels[i].member);
        if (!m->rels[i].no_with_deleted)
            forms[n++] = arena_printf(a, "%%s_load_%s_with_deleted", m->rels[i].member);
        if (!m->rels[i].no_ptrs)
            forms[n++] = arena_printf(a, "%%s_load_%s_ptrs", m->rels[i].member);
        forms[n++] = arena_printf(a, "%%S_WITH_%s", cgen_upper(a, m->rels[i].member));
        /* the statement and tables the two loaders share */
        forms[n++] = arena_printf(a, "%%s_load_%s__site", m->rels[i].member);
        forms[n++] = arena_printf(a, "%%s_load_%s__spec", m->rels[i].member);
        forms[n++] = arena_printf(a, "%%s_load_%s__key", m->rels[i].member);
        if (m->rels[i].rel->kind == IR_REL_JOIN) {
            forms[n++] = arena_printf(a, "%%s_link_%s", m->rels[i].member);
            forms[n++] = arena_printf(a, "%%s_unlink_%s", m->rels[i].member);
        }
    }
    for (size_t i = 0; i < m->nfields; i++)
        if (!m->fields[i].pk && (int)i != m->version)
            forms[n++] = arena_printf(a, "%%S_F_%s", m->fields[i].upper);
    cgen_rename who = {"model", NULL, m->t->model, NULL, NULL, NULL};
    m->cname = cgen__claim(c, c->names->file, arena_printf(a, "%s_%s", c->prefix, cgen_snake(a, m->t->model)), forms, n,
                           &who);
    m->upper = cgen_upper(a, m->cname);
}

/* The models of S in the context, with their relations, keyset orders and C names. */
static void cgen__models(cgen_ctx *c)
{
    const ir_schema *s = c->s;
    if (!c->names) {
        c->names = ARENA_NEW(c->a, cgen_names);
        cgen_names_init(c->names, c->a);
    }
    const char *holder = "a name of the generated files";
    cgen_names_take(c->names, c->names->file, arena_printf(c->a, "%s_GENERATED_H", c->upper_prefix), holder);
    cgen_names_take(c->names, c->names->file, arena_printf(c->a, "%s_MODEL_SOURCE", c->upper_prefix), holder);
    cgen__enums(c);
    c->models = ARENA_ARRAY(c->a, cgen_model, s->ntables + 1);
    for (size_t i = 0; i < s->ntables; i++)
        if (s->tables[i].kind == IR_TABLE_MODEL && s->tables[i].model && !s->tables[i].src_ignored) /* @@ignore: none */
            cgen__model(c, &c->models[c->nmodels++], &s->tables[i]);
    /* Relations name their target model: found by name once per relation. The first of two equal names wins,
       as the scan it replaces found it. */
    strmap *index = ARENA_NEW(c->a, strmap);
    strmap_init(index, c->a);
    for (size_t i = 0; i < c->nmodels; i++)
        (void)strmap_adds(index, c->models[i].t->model, &c->models[i]);
    c->model_index = index;
    for (size_t i = 0; i < c->nmodels; i++) {
        cgen__relations(c, &c->models[i]);
        cgen__orders(c, &c->models[i]);
        cgen__scoped(c, &c->models[i]);
    }
    /* In the order of the model names (bytewise), not of the files a schema folder holds. */
    cgen_model **order = ARENA_ARRAY(c->a, cgen_model *, c->nmodels + 1);
    for (size_t i = 0; i < c->nmodels; i++)
        order[i] = &c->models[i];
    qsort(order, c->nmodels, sizeof *order, cgen__cmp_model);
    for (size_t i = 0; i < c->nmodels; i++)
        cgen__model_name(c, order[i]);
}

/* The context of S and O with every C name given; -1 with a reason in *ERR. */
static int cgen__context(cgen_ctx *c, arena *a, const ir_schema *s, const cgen_options *o, const char **err)
{
    memset(c, 0, sizeof *c);
    c->a = a;
    c->s = s;
    c->o = o;
    c->prefix = o->prefix;
    if (!cgen_prefix_valid(o->prefix)) {
        *err = arena_printf(a, "prefix '%s' is not a C identifier", o->prefix ? o->prefix : "");
        return -1;
    }
    c->upper_prefix = cgen_upper(a, o->prefix);
    cgen__models(c);
    if (c->err) {
        *err = c->err;
        return -1;
    }
    return 0;
}

static const char *cgen__keep(arena *a, const char *s)
{
    return s ? arena_strdup(a, s) : NULL;
}

size_t cgen_renames(arena *a, const ir_schema *s, const cgen_options *o, const cgen_rename **out, const char **err)
{
    /* The naming pass in an arena of its own (its registry is as large as the schema's C
       names); only the renames and an error are kept. */
    arena scratch;
    arena_init(&scratch);
    cgen_ctx c;
    size_t n = (size_t)-1;
    if (cgen__context(&c, &scratch, s, o, err) != 0) {
        *err = cgen__keep(a, *err);
    } else {
        n = c.names->nrenames;
        cgen_rename *copy = ARENA_ARRAY(a, cgen_rename, n ? n : 1);
        for (size_t i = 0; i < n; i++) {
            const cgen_rename *r = &c.names->renames[i];
            copy[i] = (cgen_rename){cgen__keep(a, r->what),   cgen__keep(a, r->owner), cgen__keep(a, r->name),
                                    cgen__keep(a, r->wanted), cgen__keep(a, r->given), cgen__keep(a, r->holder)};
        }
        *out = copy;
    }
    arena_free(&scratch);
    return n;
}

int cgen_names_for_schema(cgen_names *r, arena *a, const ir_schema *s, const cgen_options *o, const char **err)
{
    cgen_ctx c;
    if (cgen__context(&c, a, s, o, err) != 0)
        return -1;
    *r = *c.names;
    return 0;
}

/* Whether a schema of NMODELS models is written one source per model. */
static bool cgen__split(const cgen_options *o, size_t nmodels)
{
    return o->split == CGEN_SPLIT_ALWAYS || (o->split == CGEN_SPLIT_AUTO && nmodels > CGEN_SPLIT_MODELS);
}

/* A model's file in split output: its C type name and EXT, "blog_post.c", "blog_post.h". */
static const char *cgen__model_file(arena *a, const char *cname, const char *ext)
{
    return arena_printf(a, "%s.%s", cname, ext);
}

int cgen_list_outputs(const char ***names, size_t *count, arena *a, const ir_schema *s, const cgen_options *o,
                      const char **err)
{
    cgen_ctx c;
    if (cgen__context(&c, a, s, o, err) != 0)
        return -1;
    bool split = cgen__split(o, c.nmodels);
    const char **list = ARENA_ARRAY(a, const char *, 2 + (split ? 2 * c.nmodels : 0));
    size_t n = 0;
    list[n++] = arena_printf(a, "%s.h", o->prefix);
    list[n++] = arena_printf(a, "%s.c", o->prefix);
    for (size_t i = 0; split && i < c.nmodels; i++) {
        list[n++] = cgen__model_file(a, c.models[i].cname, "h");
        list[n++] = cgen__model_file(a, c.models[i].cname, "c");
    }
    *names = list;
    *count = n;
    return 0;
}

/* A model's declarations (header) and definitions (source). */
static void cgen__model_decls(cgen_ctx *c, strbuf *out, const cgen_model *m)
{
    cgen__struct_decl(c, out, m);
    cgen__type_decls(c, out, m);
    if (!c->o->types_only)
        cgen_query_decls(c, out, m);
}

static void cgen__model_defs(cgen_ctx *c, strbuf *out, const cgen_model *m)
{
    cgen__type_defs(c, out, m);
    cgen_query_defs(c, out, m);
}

/*
 * FN's text for M appended to OUT, every intermediate string of it in the
 * arena SCRATCH, which is reset afterwards: a model's code is built from
 * many short-lived pieces, and keeping them all until the end made
 * generate's memory grow with the schema (218 MB for 300 models). The
 * scratch arena is reset, not freed, so that its memory serves every model
 * (freeing it per model gave its huge pages back to the kernel, which
 * zeroed them again for the next model: half of generate's CPU time).
 * Nothing FN allocates outlives it but its text and an error message.
 */
static void cgen__in_scratch(cgen_ctx *c, arena *scratch, strbuf *out, const cgen_model *m,
                             void (*fn)(cgen_ctx *, strbuf *, const cgen_model *))
{
    /* FN writes into OUT itself (which grows in its own arena): no copy of the model's text. */
    arena *keep = c->a;
    c->a = scratch;
    fn(c, out, m);
    c->a = keep;
    if (c->err)
        c->err = arena_strdup(keep, c->err);
    arena_reset(scratch);
}

/* A split model's file F, made in TEXT: handed to the options' sink, or kept. False when the sink failed. */
static bool cgen__model_file_done(cgen_ctx *c, cgen_file *f, const strbuf *text)
{
    if (!c->o->sink) {
        f->text = arena_strndup(c->a, text->s ? text->s : "", text->len);
        return true;
    }
    f->text = NULL;
    if (c->o->sink(c->o->sink_ctx, f->name, text->s ? text->s : "", text->len) == 0)
        return true;
    c->err = "output not written";
    return false;
}

int cgen_generate(cgen_output *out, arena *a, const ir_schema *s, const cgen_options *opt, const char **err)
{
    cgen_options o = *opt;
    if (o.templates.count == 0)
        o.templates = cgen_builtin_templates();
    cgen_ctx c;
    if (cgen__context(&c, a, s, &o, err) != 0)
        return -1;
    bool split = cgen__split(&o, c.nmodels);
    /* A split model's file is built in FA, the pieces of its text in SCRATCH; both are reset per model. */
    arena fa, scratch;
    arena_init(&fa);
    arena_init(&scratch);

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
            f->name = (char *)cgen__model_file(a, m->cname, "h");
            const char *guard = arena_printf(a, "%s_GENERATED_H", m->upper);
            strbuf_init(&mh, &fa);
            dst = &mh;
            strbuf_printf(dst,
                          "/*\n * %s - generated by schemac from %s. Do not edit.\n *\n"
                          " * Model %s of %s, which includes this header: include that one.\n */\n"
                          "#ifndef %s\n#define %s\n\n#include \"%s\"\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n",
                          f->name, schema, m->t->model, out->header_name, guard, guard, out->header_name);
        }
        strbuf_printf(dst, "/* ---------------------------------------------------------------- %s */\n\n", m->t->model);
        cgen__in_scratch(&c, &scratch, dst, m, cgen__model_decls);
        if (split) {
            strbuf_printf(dst, "#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s_GENERATED_H */\n", m->upper);
            if (!c.err)
                (void)cgen__model_file_done(&c, &out->headers[out->nheaders - 1], dst);
        } else {
            strbuf_puts(dst, "\n");
        }
        arena_reset(&fa);
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
            f->name = (char *)cgen__model_file(a, m->cname, "c");
            const char *mvars[] = {"prefix", o.prefix, "PREFIX", c.upper_prefix, "schema_file", schema,
                                   "header", out->headers[i].name, "source", f->name,
                                   "defines", cgen__model_defines(&c), NULL};
            strbuf_init(&ms, &fa);
            dst = &ms;
            (void)cgen_emit(&c, dst, "source_begin.c.tpl", mvars); /* a failure leaves its reason in c.err */
        }
        if (!c.err) {
            strbuf_printf(dst, "/* ---------------------------------------------------------------- %s */\n\n", m->t->model);
            cgen__in_scratch(&c, &scratch, dst, m, cgen__model_defs);
        }
        if (!c.err && split && cgen_emit(&c, dst, "source_end.c.tpl", vars) == 0)
            (void)cgen__model_file_done(&c, &out->models[out->nmodels - 1], dst);
        arena_reset(&fa);
        if (c.err)
            goto fail;
    }
    if (c.err || cgen_emit(&c, &src, "source_end.c.tpl", vars) != 0)
        goto fail;
    out->header = strbuf_str(&h);
    out->source = strbuf_str(&src);
    out->renames = c.names->renames;
    out->nrenames = c.names->nrenames;
    arena_free(&fa);
    arena_free(&scratch);
    return 0;
fail:
    arena_free(&fa);
    arena_free(&scratch);
    *err = c.err;
    return -1;
}

/* ---------------------------------------------------------------- for the queries stage */

void cgen_context(cgen_ctx *c, arena *a, const ir_schema *s, const cgen_options *o)
{
    memset(c, 0, sizeof *c);
    c->a = a;
    c->s = s;
    c->o = o;
    c->prefix = o->prefix;
    c->upper_prefix = cgen_upper(a, o->prefix);
    cgen__models(c);
}

const char *cgen_member_name(arena *a, const char *name)
{
    return cgen__member(a, name);
}

void cgen_doc_comment(strbuf *b, const char *doc, const char *indent)
{
    cgen__doc(b, doc, indent);
}
