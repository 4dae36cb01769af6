/*
 * ir_json.c - the model's JSON text form, written and read.
 *
 * The writer emits the keys of every object in a fixed order and leaves out
 * each member whose value is the default: null, false, 0 or an empty list
 * (version 2; version 1 wrote every member, and is read the same way). The
 * reader takes a missing member as that default, so the round trip
 * text -> model -> text is the identity. The text is the golden form of
 * `schemac ir` and the migration snapshot, so its layout only changes with
 * IR_JSON_VERSION. Leaving the defaults out halves a snapshot, and with it
 * what every later `migrate diff` reads, parses and hashes.
 */
#include "model/ir.h"

#include "base/strbuf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- writing */

/*
 * Two writers of the same text. jansson's (a tree of json_t, dumped with
 * JSON_INDENT(2) | JSON_PRESERVE_ORDER) is the reference; the direct writer
 * below prints that layout straight into a strbuf, about ten times cheaper
 * for a 300-model schema's 3.5 MB snapshot. A string that is not valid
 * UTF-8 (which json_string refuses, dropping its key) sends the whole
 * schema to the jansson writer, so the text never depends on the writer.
 */

/* Set KEY of O to V (a new reference), unless V is a default the text leaves out: null, false, 0 or []. */
static void ir__jset(json_t *o, const char *key, json_t *v)
{
    if (!v || json_is_null(v) || json_is_false(v) || (json_is_integer(v) && json_integer_value(v) == 0) ||
        (json_is_array(v) && json_array_size(v) == 0)) {
        json_decref(v);
        return;
    }
    json_object_set_new(o, key, v);
}

static json_t *ir__jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *ir__jstrs(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, ir__jstr(v[i]));
    return a;
}

static json_t *ir__jdefault(const ir_default *d)
{
    if (d->kind == IR_DEFAULT_NONE)
        return json_null();
    json_t *o = json_object();
    ir__jset(o, "kind", json_string(ir_default_kind_name(d->kind)));
    ir__jset(o, "value", ir__jstr(d->value));
    if (d->kind == IR_DEFAULT_LIST) {
        json_t *items = json_array();
        for (size_t i = 0; i < d->nitems; i++)
            json_array_append_new(items, ir__jdefault(&d->items[i]));
        ir__jset(o, "items", items);
    }
    return o;
}

static json_t *ir__jcolumn(const ir_column *c)
{
    json_t *o = json_object();
    ir__jset(o, "name", ir__jstr(c->name));
    ir__jset(o, "field", ir__jstr(c->field));
    ir__jset(o, "type", ir__jstr(ir_scalar_name(c->scalar)));
    ir__jset(o, "enum", ir__jstr(c->enum_name));
    if (c->enum_schema)
        ir__jset(o, "enum_schema", ir__jstr(c->enum_schema));
    ir__jset(o, "native", ir__jstr(c->native));
    ir__jset(o, "native_args", ir__jstr(c->native_args));
    ir__jset(o, "unsupported", ir__jstr(c->unsupported));
    ir__jset(o, "db_type", ir__jstr(c->db_type));
    ir__jset(o, "list", json_boolean(c->list));
    ir__jset(o, "nullable", json_boolean(c->nullable));
    ir__jset(o, "default", ir__jdefault(&c->dflt));
    ir__jset(o, "client_default",
                        c->client_default == IR_CLIENT_NONE ? json_null()
                                                            : json_string(ir_client_default_name(c->client_default)));
    ir__jset(o, "client_arg", json_integer(c->client_arg));
    ir__jset(o, "version", json_boolean(c->version));
    ir__jset(o, "deleted_at", json_boolean(c->deleted_at));
    ir__jset(o, "doc", ir__jstr(c->doc));
    return o;
}

static json_t *ir__jindex(const ir_index *x)
{
    json_t *o = json_object();
    ir__jset(o, "name", ir__jstr(x->name));
    ir__jset(o, "unique", json_boolean(x->unique));
    json_t *cols = json_array();
    for (size_t i = 0; i < x->ncolumns; i++) {
        json_t *c = json_object();
        ir__jset(c, "name", ir__jstr(x->columns[i].name));
        ir__jset(c, "sort", json_string(x->columns[i].sort == IR_SORT_DESC ? "desc" : "asc"));
        ir__jset(c, "opclass", ir__jstr(x->columns[i].opclass));
        json_array_append_new(cols, c);
    }
    ir__jset(o, "columns", cols);
    ir__jset(o, "method", json_string(ir_method_name(x->method)));
    ir__jset(o, "where", ir__jstr(x->where));
    ir__jset(o, "include", ir__jstrs(x->include, x->ninclude));
    ir__jset(o, "client_name", ir__jstr(x->client_name));
    return o;
}

static json_t *ir__jfk(const ir_foreign_key *f)
{
    json_t *o = json_object();
    ir__jset(o, "name", ir__jstr(f->name));
    ir__jset(o, "columns", ir__jstrs(f->columns, f->ncolumns));
    ir__jset(o, "ref_table", ir__jstr(f->ref_table));
    if (f->ref_schema)
        ir__jset(o, "ref_schema", ir__jstr(f->ref_schema));
    ir__jset(o, "ref_columns", ir__jstrs(f->ref_columns, f->ncolumns));
    ir__jset(o, "on_delete", json_string(ir_action_name(f->on_delete)));
    ir__jset(o, "on_update", json_string(ir_action_name(f->on_update)));
    return o;
}

static json_t *ir__jtable(const ir_table *t)
{
    json_t *o = json_object();
    ir__jset(o, "name", ir__jstr(t->name));
    if (t->schema)
        ir__jset(o, "schema", ir__jstr(t->schema));
    ir__jset(o, "model", ir__jstr(t->model));
    ir__jset(o, "kind", json_string(t->kind == IR_TABLE_JOIN ? "join" : "model"));
    ir__jset(o, "doc", ir__jstr(t->doc));
    json_t *cols = json_array();
    for (size_t i = 0; i < t->ncolumns; i++)
        json_array_append_new(cols, ir__jcolumn(&t->columns[i]));
    ir__jset(o, "columns", cols);
    if (t->has_pk) {
        json_t *pk = json_object();
        ir__jset(pk, "name", ir__jstr(t->pk.name));
        ir__jset(pk, "columns", ir__jstrs(t->pk.columns, t->pk.ncolumns));
        ir__jset(pk, "client_name", ir__jstr(t->pk.client_name));
        ir__jset(o, "primary_key", pk);
    }
    json_t *idx = json_array();
    for (size_t i = 0; i < t->nindexes; i++)
        json_array_append_new(idx, ir__jindex(&t->indexes[i]));
    ir__jset(o, "indexes", idx);
    json_t *fks = json_array();
    for (size_t i = 0; i < t->nfks; i++)
        json_array_append_new(fks, ir__jfk(&t->fks[i]));
    ir__jset(o, "foreign_keys", fks);
    json_t *checks = json_array();
    for (size_t i = 0; i < t->nchecks; i++) {
        json_t *c = json_object();
        ir__jset(c, "name", ir__jstr(t->checks[i].name));
        ir__jset(c, "expr", ir__jstr(t->checks[i].expr));
        json_array_append_new(checks, c);
    }
    ir__jset(o, "checks", checks);
    return o;
}

static const char *ir__rel_kind_name(ir_relation_kind k)
{
    switch (k) {
    case IR_REL_FORWARD: return "forward";
    case IR_REL_BACK: return "back";
    case IR_REL_JOIN: return "join";
    }
    return "forward";
}

static json_t *ir__jrelation(const ir_relation *r)
{
    json_t *o = json_object();
    ir__jset(o, "name", ir__jstr(r->name));
    ir__jset(o, "model", ir__jstr(r->model));
    ir__jset(o, "field", ir__jstr(r->field));
    ir__jset(o, "target", ir__jstr(r->target));
    ir__jset(o, "back_field", ir__jstr(r->back_field));
    ir__jset(o, "kind", json_string(ir__rel_kind_name(r->kind)));
    ir__jset(o, "list", json_boolean(r->list));
    ir__jset(o, "optional", json_boolean(r->optional));
    ir__jset(o, "table", ir__jstr(r->table));
    if (r->table_schema)
        ir__jset(o, "table_schema", ir__jstr(r->table_schema));
    ir__jset(o, "target_table", ir__jstr(r->target_table));
    if (r->target_schema)
        ir__jset(o, "target_schema", ir__jstr(r->target_schema));
    ir__jset(o, "fk", ir__jstr(r->fk));
    ir__jset(o, "columns", ir__jstrs(r->columns, r->ncolumns));
    ir__jset(o, "target_columns", ir__jstrs(r->target_columns, r->ncolumns));
    ir__jset(o, "join_table", ir__jstr(r->join_table));
    if (r->join_schema)
        ir__jset(o, "join_schema", ir__jstr(r->join_schema));
    ir__jset(o, "join_self_column", ir__jstr(r->join_self_column));
    ir__jset(o, "join_target_column", ir__jstr(r->join_target_column));
    return o;
}

static char *ir__to_json_jansson(arena *a, const ir_schema *s)
{
    json_t *root = json_object();
    ir__jset(root, "version", json_integer(IR_JSON_VERSION));
    ir__jset(root, "provider", json_string(ir_provider_name(s->provider)));
    if (s->nextensions) {
        json_t *exts = json_array();
        for (size_t i = 0; i < s->nextensions; i++) {
            const ir_extension *x = &s->extensions[i];
            json_t *o = json_object();
            ir__jset(o, "name", ir__jstr(x->name));
            ir__jset(o, "db_name", ir__jstr(x->db_name));
            ir__jset(o, "schema", ir__jstr(x->schema));
            ir__jset(o, "version", ir__jstr(x->version));
            json_array_append_new(exts, o);
        }
        ir__jset(root, "extensions", exts);
    }
    if (s->nschemas)
        ir__jset(root, "schemas", ir__jstrs(s->schemas, s->nschemas));
    json_t *enums = json_array();
    for (size_t i = 0; i < s->nenums; i++) {
        const ir_enum *e = &s->enums[i];
        json_t *o = json_object();
        ir__jset(o, "name", ir__jstr(e->name));
        ir__jset(o, "db_name", ir__jstr(e->db_name));
        if (e->schema)
            ir__jset(o, "schema", ir__jstr(e->schema));
        ir__jset(o, "doc", ir__jstr(e->doc));
        json_t *vals = json_array();
        for (size_t v = 0; v < e->nvalues; v++) {
            json_t *val = json_object();
            ir__jset(val, "name", ir__jstr(e->values[v].name));
            ir__jset(val, "db_name", ir__jstr(e->values[v].db_name));
            ir__jset(val, "doc", ir__jstr(e->values[v].doc));
            json_array_append_new(vals, val);
        }
        ir__jset(o, "values", vals);
        json_array_append_new(enums, o);
    }
    ir__jset(root, "enums", enums);
    json_t *tables = json_array();
    for (size_t i = 0; i < s->ntables; i++)
        json_array_append_new(tables, ir__jtable(&s->tables[i]));
    ir__jset(root, "tables", tables);
    json_t *rels = json_array();
    for (size_t i = 0; i < s->nrelations; i++)
        json_array_append_new(rels, ir__jrelation(&s->relations[i]));
    ir__jset(root, "relations", rels);

    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    char *out = arena_printf(a, "%s\n", text ? text : "{}");
    free(text);
    return out;
}


typedef struct ir__jw {
    strbuf b;
    int depth;
    bool first[64];
    bool bad; /* a string jansson would refuse: use its writer */
} ir__jw;

static void ir__jw_indent(ir__jw *w, int depth)
{
    static const char nl[] = "\n                                                                ";
    /* Depth 32 at most in one piece (the spaces above); deeper levels in further pieces. */
    size_t n = 2 * (size_t)depth;
    size_t k = n < sizeof nl - 2 ? n : sizeof nl - 2;
    strbuf_putn(&w->b, nl, 1 + k);
    for (n -= k; n; n -= k) {
        k = n < sizeof nl - 2 ? n : sizeof nl - 2;
        strbuf_putn(&w->b, nl + 1, k);
    }
}

/* Before a member of the open object or array: its separator, its indent and then KEY (N bytes,
   none for an array's member), written with one check for room (a snapshot has ~100,000). */
static void ir__jw_sep_key(ir__jw *w, const char *key, size_t n)
{
    size_t ind = 2 * (size_t)w->depth;
    strbuf_reserve(&w->b, 2 + ind + n);
    char *d = w->b.s + w->b.len;
    if (w->first[w->depth])
        w->first[w->depth] = false;
    else
        *d++ = ',';
    *d++ = '\n';
    memset(d, ' ', ind);
    d += ind;
    memcpy(d, key, n);
    d += n;
    *d = '\0';
    w->b.len = (size_t)(d - w->b.s);
}

static void ir__jw_sep(ir__jw *w)
{
    ir__jw_sep_key(w, "", 0);
}

static void ir__jw_open(ir__jw *w, char c)
{
    strbuf_putc(&w->b, c);
    w->depth++;
    if (w->depth >= (int)(sizeof w->first / sizeof w->first[0]))
        abort();
    w->first[w->depth] = true;
}

static void ir__jw_close(ir__jw *w, char c)
{
    if (!w->first[w->depth])
        ir__jw_indent(w, w->depth - 1);
    w->depth--;
    strbuf_putc(&w->b, c);
}

/* The length of the UTF-8 character at P as jansson accepts it, or 0. */
static size_t ir__utf8_len(const unsigned char *p)
{
    unsigned c = p[0];
    size_t n;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        v = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        v = c & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (p[i] & 0x3Fu);
    }
    if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) || (n == 3 && v < 0x800) || (n == 4 && v < 0x10000))
        return 0;
    return n;
}

static void ir__jw_string(ir__jw *w, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    strbuf_putc(&w->b, '"');
    const unsigned char *run = s;
    for (;;) {
        unsigned c = *s;
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            s++;
            continue;
        }
        if (c >= 0x80) {
            size_t n = ir__utf8_len(s);
            if (!n) {
                w->bad = true;
                return;
            }
            s += n;
            continue;
        }
        if (s > run)
            strbuf_putn(&w->b, (const char *)run, (size_t)(s - run));
        if (c == 0)
            break;
        switch (c) {
        case '\\': strbuf_putlit(&w->b, "\\\\"); break;
        case '"': strbuf_putlit(&w->b, "\\\""); break;
        case '\b': strbuf_putlit(&w->b, "\\b"); break;
        case '\f': strbuf_putlit(&w->b, "\\f"); break;
        case '\n': strbuf_putlit(&w->b, "\\n"); break;
        case '\r': strbuf_putlit(&w->b, "\\r"); break;
        case '\t': strbuf_putlit(&w->b, "\\t"); break;
        default: strbuf_printf(&w->b, "\\u%04X", c); break;
        }
        s++;
        run = s;
    }
    strbuf_putc(&w->b, '"');
}

/* "KEY": (KEY is one of ours, plain ASCII, as the literal "\"key\": " with its length). */
static void ir__jw_keyn(ir__jw *w, const char *quoted, size_t n)
{
    ir__jw_sep_key(w, quoted, n);
}

#define IR__JKEY(key) "\"" key "\": ", sizeof("\"" key "\": ") - 1
#define ir__jw_key(w, key) ir__jw_keyn(w, IR__JKEY(key))
#define ir__jw_str(w, key, s) ir__jw_strn(w, IR__JKEY(key), s)
#define ir__jw_bool(w, key, v) ir__jw_booln(w, IR__JKEY(key), v)
#define ir__jw_strs(w, key, v, n) ir__jw_strsn(w, IR__JKEY(key), v, n)

/* The members below are left out at their defaults (null, false, an empty list), as ir__jset leaves them. */
static void ir__jw_strn(ir__jw *w, const char *key, size_t keylen, const char *s)
{
    if (!s)
        return;
    ir__jw_keyn(w, key, keylen);
    ir__jw_string(w, s);
}

static void ir__jw_booln(ir__jw *w, const char *key, size_t keylen, bool v)
{
    if (!v)
        return;
    ir__jw_keyn(w, key, keylen);
    strbuf_putlit(&w->b, "true");
}

/* "KEY": [ for a list of N members, or nothing when it is empty: true when the list is opened (close it). */
static bool ir__jw_listn(ir__jw *w, const char *key, size_t keylen, size_t n)
{
    if (!n)
        return false;
    ir__jw_keyn(w, key, keylen);
    ir__jw_open(w, '[');
    return true;
}
#define ir__jw_list(w, key, n) ir__jw_listn(w, IR__JKEY(key), n)

static void ir__jw_strsn(ir__jw *w, const char *key, size_t keylen, const char *const *v, size_t n)
{
    if (!ir__jw_listn(w, key, keylen, n))
        return;
    for (size_t i = 0; i < n; i++) {
        ir__jw_sep(w);
        if (v[i])
            ir__jw_string(w, v[i]);
        else
            strbuf_putlit(&w->b, "null");
    }
    ir__jw_close(w, ']');
}

static void ir__jw_default(ir__jw *w, const ir_default *d)
{
    /* List defaults nest without a bound in a snapshot read back: very deep ones go to jansson's writer. */
    if (w->depth >= 48) {
        w->bad = true;
        return;
    }
    if (d->kind == IR_DEFAULT_NONE) {
        strbuf_putlit(&w->b, "null");
        return;
    }
    ir__jw_open(w, '{');
    ir__jw_str(w, "kind", ir_default_kind_name(d->kind));
    ir__jw_str(w, "value", d->value);
    if (d->kind == IR_DEFAULT_LIST && ir__jw_list(w, "items", d->nitems)) {
        for (size_t i = 0; i < d->nitems; i++) {
            ir__jw_sep(w);
            ir__jw_default(w, &d->items[i]);
        }
        ir__jw_close(w, ']');
    }
    ir__jw_close(w, '}');
}

static void ir__jw_column(ir__jw *w, const ir_column *c)
{
    ir__jw_open(w, '{');
    ir__jw_str(w, "name", c->name);
    ir__jw_str(w, "field", c->field);
    ir__jw_str(w, "type", ir_scalar_name(c->scalar));
    ir__jw_str(w, "enum", c->enum_name);
    if (c->enum_schema)
        ir__jw_str(w, "enum_schema", c->enum_schema);
    ir__jw_str(w, "native", c->native);
    ir__jw_str(w, "native_args", c->native_args);
    ir__jw_str(w, "unsupported", c->unsupported);
    ir__jw_str(w, "db_type", c->db_type);
    ir__jw_bool(w, "list", c->list);
    ir__jw_bool(w, "nullable", c->nullable);
    if (c->dflt.kind != IR_DEFAULT_NONE) {
        ir__jw_key(w, "default");
        ir__jw_default(w, &c->dflt);
    }
    ir__jw_str(w, "client_default",
               c->client_default == IR_CLIENT_NONE ? NULL : ir_client_default_name(c->client_default));
    if (c->client_arg) {
        ir__jw_key(w, "client_arg");
        strbuf_puti(&w->b, (long long)c->client_arg);
    }
    ir__jw_bool(w, "version", c->version);
    ir__jw_bool(w, "deleted_at", c->deleted_at);
    ir__jw_str(w, "doc", c->doc);
    ir__jw_close(w, '}');
}

static void ir__jw_index(ir__jw *w, const ir_index *x)
{
    ir__jw_open(w, '{');
    ir__jw_str(w, "name", x->name);
    ir__jw_bool(w, "unique", x->unique);
    if (ir__jw_list(w, "columns", x->ncolumns)) {
        for (size_t i = 0; i < x->ncolumns; i++) {
            ir__jw_sep(w);
            ir__jw_open(w, '{');
            ir__jw_str(w, "name", x->columns[i].name);
            ir__jw_str(w, "sort", x->columns[i].sort == IR_SORT_DESC ? "desc" : "asc");
            ir__jw_str(w, "opclass", x->columns[i].opclass);
            ir__jw_close(w, '}');
        }
        ir__jw_close(w, ']');
    }
    ir__jw_str(w, "method", ir_method_name(x->method));
    ir__jw_str(w, "where", x->where);
    ir__jw_strs(w, "include", x->include, x->ninclude);
    ir__jw_str(w, "client_name", x->client_name);
    ir__jw_close(w, '}');
}

static void ir__jw_fk(ir__jw *w, const ir_foreign_key *f)
{
    ir__jw_open(w, '{');
    ir__jw_str(w, "name", f->name);
    ir__jw_strs(w, "columns", f->columns, f->ncolumns);
    ir__jw_str(w, "ref_table", f->ref_table);
    if (f->ref_schema)
        ir__jw_str(w, "ref_schema", f->ref_schema);
    ir__jw_strs(w, "ref_columns", f->ref_columns, f->ncolumns);
    ir__jw_str(w, "on_delete", ir_action_name(f->on_delete));
    ir__jw_str(w, "on_update", ir_action_name(f->on_update));
    ir__jw_close(w, '}');
}

static void ir__jw_table(ir__jw *w, const ir_table *t)
{
    ir__jw_open(w, '{');
    ir__jw_str(w, "name", t->name);
    if (t->schema)
        ir__jw_str(w, "schema", t->schema);
    ir__jw_str(w, "model", t->model);
    ir__jw_str(w, "kind", t->kind == IR_TABLE_JOIN ? "join" : "model");
    ir__jw_str(w, "doc", t->doc);
    if (ir__jw_list(w, "columns", t->ncolumns)) {
        for (size_t i = 0; i < t->ncolumns; i++) {
            ir__jw_sep(w);
            ir__jw_column(w, &t->columns[i]);
        }
        ir__jw_close(w, ']');
    }
    if (t->has_pk) {
        ir__jw_key(w, "primary_key");
        ir__jw_open(w, '{');
        ir__jw_str(w, "name", t->pk.name);
        ir__jw_strs(w, "columns", t->pk.columns, t->pk.ncolumns);
        ir__jw_str(w, "client_name", t->pk.client_name);
        ir__jw_close(w, '}');
    }
    if (ir__jw_list(w, "indexes", t->nindexes)) {
        for (size_t i = 0; i < t->nindexes; i++) {
            ir__jw_sep(w);
            ir__jw_index(w, &t->indexes[i]);
        }
        ir__jw_close(w, ']');
    }
    if (ir__jw_list(w, "foreign_keys", t->nfks)) {
        for (size_t i = 0; i < t->nfks; i++) {
            ir__jw_sep(w);
            ir__jw_fk(w, &t->fks[i]);
        }
        ir__jw_close(w, ']');
    }
    if (ir__jw_list(w, "checks", t->nchecks)) {
        for (size_t i = 0; i < t->nchecks; i++) {
            ir__jw_sep(w);
            ir__jw_open(w, '{');
            ir__jw_str(w, "name", t->checks[i].name);
            ir__jw_str(w, "expr", t->checks[i].expr);
            ir__jw_close(w, '}');
        }
        ir__jw_close(w, ']');
    }
    ir__jw_close(w, '}');
}

static void ir__jw_relation(ir__jw *w, const ir_relation *r)
{
    ir__jw_open(w, '{');
    ir__jw_str(w, "name", r->name);
    ir__jw_str(w, "model", r->model);
    ir__jw_str(w, "field", r->field);
    ir__jw_str(w, "target", r->target);
    ir__jw_str(w, "back_field", r->back_field);
    ir__jw_str(w, "kind", ir__rel_kind_name(r->kind));
    ir__jw_bool(w, "list", r->list);
    ir__jw_bool(w, "optional", r->optional);
    ir__jw_str(w, "table", r->table);
    if (r->table_schema)
        ir__jw_str(w, "table_schema", r->table_schema);
    ir__jw_str(w, "target_table", r->target_table);
    if (r->target_schema)
        ir__jw_str(w, "target_schema", r->target_schema);
    ir__jw_str(w, "fk", r->fk);
    ir__jw_strs(w, "columns", r->columns, r->ncolumns);
    ir__jw_strs(w, "target_columns", r->target_columns, r->ncolumns);
    ir__jw_str(w, "join_table", r->join_table);
    if (r->join_schema)
        ir__jw_str(w, "join_schema", r->join_schema);
    ir__jw_str(w, "join_self_column", r->join_self_column);
    ir__jw_str(w, "join_target_column", r->join_target_column);
    ir__jw_close(w, '}');
}

char *ir_to_json(arena *a, const ir_schema *s)
{
    /* The text is written into A: a large buffer grows by reallocating its own chunk, so its
       growth leaves no dead copies behind (and none is made at the end). */
    ir__jw w;
    memset(&w, 0, sizeof w);
    strbuf_init(&w.b, a);
    ir__jw_open(&w, '{');
    ir__jw_key(&w, "version");
    strbuf_puti(&w.b, IR_JSON_VERSION);
    ir__jw_str(&w, "provider", ir_provider_name(s->provider));
    if (ir__jw_list(&w, "extensions", s->nextensions)) {
        for (size_t i = 0; i < s->nextensions; i++) {
            const ir_extension *x = &s->extensions[i];
            ir__jw_sep(&w);
            ir__jw_open(&w, '{');
            ir__jw_str(&w, "name", x->name);
            ir__jw_str(&w, "db_name", x->db_name);
            ir__jw_str(&w, "schema", x->schema);
            ir__jw_str(&w, "version", x->version);
            ir__jw_close(&w, '}');
        }
        ir__jw_close(&w, ']');
    }
    ir__jw_strs(&w, "schemas", s->schemas, s->nschemas);
    if (ir__jw_list(&w, "enums", s->nenums)) {
        for (size_t i = 0; i < s->nenums && !w.bad; i++) {
            const ir_enum *e = &s->enums[i];
            ir__jw_sep(&w);
            ir__jw_open(&w, '{');
            ir__jw_str(&w, "name", e->name);
            ir__jw_str(&w, "db_name", e->db_name);
            if (e->schema)
                ir__jw_str(&w, "schema", e->schema);
            ir__jw_str(&w, "doc", e->doc);
            if (ir__jw_list(&w, "values", e->nvalues)) {
                for (size_t v = 0; v < e->nvalues; v++) {
                    ir__jw_sep(&w);
                    ir__jw_open(&w, '{');
                    ir__jw_str(&w, "name", e->values[v].name);
                    ir__jw_str(&w, "db_name", e->values[v].db_name);
                    ir__jw_str(&w, "doc", e->values[v].doc);
                    ir__jw_close(&w, '}');
                }
                ir__jw_close(&w, ']');
            }
            ir__jw_close(&w, '}');
        }
        ir__jw_close(&w, ']');
    }
    if (ir__jw_list(&w, "tables", s->ntables)) {
        for (size_t i = 0; i < s->ntables && !w.bad; i++) {
            ir__jw_sep(&w);
            ir__jw_table(&w, &s->tables[i]);
        }
        ir__jw_close(&w, ']');
    }
    if (ir__jw_list(&w, "relations", s->nrelations)) {
        for (size_t i = 0; i < s->nrelations && !w.bad; i++) {
            ir__jw_sep(&w);
            ir__jw_relation(&w, &s->relations[i]);
        }
        ir__jw_close(&w, ']');
    }
    ir__jw_close(&w, '}');
    strbuf_putc(&w.b, '\n');
    if (!w.bad)
        return strbuf_str(&w.b);
    arena_release(a, w.b.s, w.b.cap);
    return ir__to_json_jansson(a, s);
}

/* ---------------------------------------------------------------- reading */

typedef struct ir__reader {
    arena *a;
    const char *err; /* first error, allocated in a */
} ir__reader;

static void ir__fail(ir__reader *r, const char *what, const char *key)
{
    if (!r->err)
        r->err = arena_printf(r->a, "%s: bad or missing \"%s\"", what, key);
}

/* Member KEY of O, NULL when it is missing (its default: the writer leaves defaults out); O that is not an
   object is an error. */
static json_t *ir__member(ir__reader *r, json_t *o, const char *key, const char *what)
{
    if (!json_is_object(o)) {
        if (!r->err)
            r->err = arena_printf(r->a, "%s: must be an object", what);
        return NULL;
    }
    return json_object_get(o, key);
}

/* A string member; missing or null is NULL, another type is an error. */
static const char *ir__rstr(ir__reader *r, json_t *o, const char *key, const char *what)
{
    json_t *v = ir__member(r, o, key, what);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        ir__fail(r, what, key);
        return NULL;
    }
    if (strlen(json_string_value(v)) != json_string_length(v)) {
        if (!r->err)
            r->err = arena_printf(r->a, "%s: \"%s\" holds a NUL character", what, key);
        return NULL;
    }
    return arena_strndup(r->a, json_string_value(v), json_string_length(v));
}

/* A boolean member; missing is false. */
static bool ir__rbool(ir__reader *r, json_t *o, const char *key, const char *what)
{
    json_t *v = ir__member(r, o, key, what);
    if (!v)
        return false;
    if (!json_is_boolean(v)) {
        ir__fail(r, what, key);
        return false;
    }
    return json_is_true(v);
}

/* An array member; missing is NULL (no entries). */
static json_t *ir__rarray(ir__reader *r, json_t *o, const char *key, const char *what)
{
    json_t *v = ir__member(r, o, key, what);
    if (!v)
        return NULL;
    if (!json_is_array(v)) {
        ir__fail(r, what, key);
        return NULL;
    }
    return v;
}

static const char **ir__rstrs(ir__reader *r, json_t *o, const char *key, const char *what, size_t *n)
{
    json_t *arr = ir__rarray(r, o, key, what);
    *n = arr ? json_array_size(arr) : 0;
    const char **out = ARENA_ARRAY(r->a, const char *, *n ? *n : 1);
    for (size_t i = 0; i < *n; i++) {
        json_t *v = json_array_get(arr, i);
        if (!json_is_string(v)) {
            ir__fail(r, what, key);
            return out;
        }
        if (strlen(json_string_value(v)) != json_string_length(v)) {
            if (!r->err)
                r->err = arena_printf(r->a, "%s: \"%s\" holds a NUL character", what, key);
            return out;
        }
        out[i] = arena_strndup(r->a, json_string_value(v), json_string_length(v));
    }
    return out;
}

static void ir__rdefault(ir__reader *r, json_t *v, ir_default *d, const char *what)
{
    memset(d, 0, sizeof(*d));
    if (!v || json_is_null(v))
        return;
    if (!json_is_object(v)) {
        ir__fail(r, what, "default");
        return;
    }
    const char *kind = ir__rstr(r, v, "kind", what);
    if (ir_default_kind_from_name(&d->kind, kind) != 0) {
        ir__fail(r, what, "default.kind");
        return;
    }
    d->value = ir__rstr(r, v, "value", what);
    if (d->kind == IR_DEFAULT_LIST) {
        json_t *items = ir__rarray(r, v, "items", what);
        d->nitems = items ? json_array_size(items) : 0;
        d->items = ARENA_ARRAY(r->a, ir_default, d->nitems ? d->nitems : 1);
        for (size_t i = 0; i < d->nitems; i++)
            ir__rdefault(r, json_array_get(items, i), &d->items[i], what);
    }
}

static void ir__rcolumn(ir__reader *r, json_t *o, ir_column *c, const char *table)
{
    const char *what = arena_printf(r->a, "table \"%s\" column", table);
    c->name = ir__rstr(r, o, "name", what);
    c->field = ir__rstr(r, o, "field", what);
    const char *type = ir__rstr(r, o, "type", what);
    if (type && ir_scalar_from_name(&c->scalar, type) != 0)
        ir__fail(r, what, "type");
    c->enum_name = ir__rstr(r, o, "enum", what);
    c->enum_schema = ir__rstr(r, o, "enum_schema", what);
    c->native = ir__rstr(r, o, "native", what);
    c->native_args = ir__rstr(r, o, "native_args", what);
    c->unsupported = ir__rstr(r, o, "unsupported", what);
    c->db_type = ir__rstr(r, o, "db_type", what);
    c->list = ir__rbool(r, o, "list", what);
    c->nullable = ir__rbool(r, o, "nullable", what);
    ir__rdefault(r, ir__member(r, o, "default", what), &c->dflt, what);
    const char *cd = ir__rstr(r, o, "client_default", what);
    if (cd && ir_client_default_from_name(&c->client_default, cd) != 0)
        ir__fail(r, what, "client_default");
    json_t *arg = ir__member(r, o, "client_arg", what);
    if (arg && !json_is_integer(arg))
        ir__fail(r, what, "client_arg");
    else if (arg)
        c->client_arg = (int)json_integer_value(arg);
    c->version = ir__rbool(r, o, "version", what);
    c->deleted_at = ir__rbool(r, o, "deleted_at", what);
    c->doc = ir__rstr(r, o, "doc", what);
}

static void ir__rindex(ir__reader *r, json_t *o, ir_index *x, const char *what)
{
    x->name = ir__rstr(r, o, "name", what);
    x->unique = ir__rbool(r, o, "unique", what);
    json_t *cols = ir__rarray(r, o, "columns", what);
    x->ncolumns = cols ? json_array_size(cols) : 0;
    x->columns = ARENA_ARRAY(r->a, ir_index_column, x->ncolumns ? x->ncolumns : 1);
    for (size_t i = 0; i < x->ncolumns; i++) {
        json_t *c = json_array_get(cols, i);
        x->columns[i].name = ir__rstr(r, c, "name", what);
        const char *sort = ir__rstr(r, c, "sort", what);
        if (sort && strcmp(sort, "desc") == 0)
            x->columns[i].sort = IR_SORT_DESC;
        else if (!sort || strcmp(sort, "asc") != 0)
            ir__fail(r, what, "sort");
        x->columns[i].opclass = ir__rstr(r, c, "opclass", what);
    }
    const char *method = ir__rstr(r, o, "method", what);
    if (ir_method_from_name(&x->method, method) != 0)
        ir__fail(r, what, "method");
    x->where = ir__rstr(r, o, "where", what);
    x->include = ir__rstrs(r, o, "include", what, &x->ninclude);
    x->client_name = ir__rstr(r, o, "client_name", what);
}

static void ir__rfk(ir__reader *r, json_t *o, ir_foreign_key *f, const char *what)
{
    size_t nref = 0;
    f->name = ir__rstr(r, o, "name", what);
    f->columns = ir__rstrs(r, o, "columns", what, &f->ncolumns);
    f->ref_table = ir__rstr(r, o, "ref_table", what);
    f->ref_schema = ir__rstr(r, o, "ref_schema", what);
    f->ref_columns = ir__rstrs(r, o, "ref_columns", what, &nref);
    if (nref != f->ncolumns)
        ir__fail(r, what, "ref_columns");
    if (ir_action_from_name(&f->on_delete, ir__rstr(r, o, "on_delete", what)) != 0)
        ir__fail(r, what, "on_delete");
    if (ir_action_from_name(&f->on_update, ir__rstr(r, o, "on_update", what)) != 0)
        ir__fail(r, what, "on_update");
}

static void ir__rtable(ir__reader *r, json_t *o, ir_table *t)
{
    t->name = ir__rstr(r, o, "name", "table");
    const char *what = arena_printf(r->a, "table \"%s\"", t->name ? t->name : "?");
    t->schema = ir__rstr(r, o, "schema", what);
    t->model = ir__rstr(r, o, "model", what);
    const char *kind = ir__rstr(r, o, "kind", what);
    if (kind && strcmp(kind, "join") == 0)
        t->kind = IR_TABLE_JOIN;
    else if (!kind || strcmp(kind, "model") != 0)
        ir__fail(r, what, "kind");
    t->doc = ir__rstr(r, o, "doc", what);
    json_t *cols = ir__rarray(r, o, "columns", what);
    t->ncolumns = cols ? json_array_size(cols) : 0;
    t->columns = ARENA_ARRAY(r->a, ir_column, t->ncolumns ? t->ncolumns : 1);
    for (size_t i = 0; i < t->ncolumns; i++)
        ir__rcolumn(r, json_array_get(cols, i), &t->columns[i], t->name ? t->name : "?");
    json_t *pk = ir__member(r, o, "primary_key", what);
    if (pk && json_is_object(pk)) {
        t->has_pk = true;
        t->pk.name = ir__rstr(r, pk, "name", what);
        t->pk.columns = ir__rstrs(r, pk, "columns", what, &t->pk.ncolumns);
        t->pk.client_name = ir__rstr(r, pk, "client_name", what);
    } else if (pk && !json_is_null(pk)) {
        ir__fail(r, what, "primary_key");
    }
    json_t *idx = ir__rarray(r, o, "indexes", what);
    t->nindexes = idx ? json_array_size(idx) : 0;
    t->indexes = ARENA_ARRAY(r->a, ir_index, t->nindexes ? t->nindexes : 1);
    for (size_t i = 0; i < t->nindexes; i++)
        ir__rindex(r, json_array_get(idx, i), &t->indexes[i], what);
    json_t *fks = ir__rarray(r, o, "foreign_keys", what);
    t->nfks = fks ? json_array_size(fks) : 0;
    t->fks = ARENA_ARRAY(r->a, ir_foreign_key, t->nfks ? t->nfks : 1);
    for (size_t i = 0; i < t->nfks; i++)
        ir__rfk(r, json_array_get(fks, i), &t->fks[i], what);
    json_t *checks = ir__rarray(r, o, "checks", what);
    t->nchecks = checks ? json_array_size(checks) : 0;
    t->checks = ARENA_ARRAY(r->a, ir_check, t->nchecks ? t->nchecks : 1);
    for (size_t i = 0; i < t->nchecks; i++) {
        json_t *c = json_array_get(checks, i);
        t->checks[i].name = ir__rstr(r, c, "name", what);
        t->checks[i].expr = ir__rstr(r, c, "expr", what);
    }
}

static void ir__rrelation(ir__reader *r, json_t *o, ir_relation *rel)
{
    const char *what = "relation";
    size_t ntarget = 0;
    rel->name = ir__rstr(r, o, "name", what);
    rel->model = ir__rstr(r, o, "model", what);
    rel->field = ir__rstr(r, o, "field", what);
    rel->target = ir__rstr(r, o, "target", what);
    rel->back_field = ir__rstr(r, o, "back_field", what);
    const char *kind = ir__rstr(r, o, "kind", what);
    if (kind && strcmp(kind, "forward") == 0)
        rel->kind = IR_REL_FORWARD;
    else if (kind && strcmp(kind, "back") == 0)
        rel->kind = IR_REL_BACK;
    else if (kind && strcmp(kind, "join") == 0)
        rel->kind = IR_REL_JOIN;
    else
        ir__fail(r, what, "kind");
    rel->list = ir__rbool(r, o, "list", what);
    rel->optional = ir__rbool(r, o, "optional", what);
    rel->table = ir__rstr(r, o, "table", what);
    rel->table_schema = ir__rstr(r, o, "table_schema", what);
    rel->target_table = ir__rstr(r, o, "target_table", what);
    rel->target_schema = ir__rstr(r, o, "target_schema", what);
    rel->fk = ir__rstr(r, o, "fk", what);
    rel->columns = ir__rstrs(r, o, "columns", what, &rel->ncolumns);
    rel->target_columns = ir__rstrs(r, o, "target_columns", what, &ntarget);
    if (ntarget != rel->ncolumns)
        ir__fail(r, what, "target_columns");
    rel->join_table = ir__rstr(r, o, "join_table", what);
    rel->join_schema = ir__rstr(r, o, "join_schema", what);
    rel->join_self_column = ir__rstr(r, o, "join_self_column", what);
    rel->join_target_column = ir__rstr(r, o, "join_target_column", what);
}

static int ir__from_json(ir_schema *out, arena *a, const char *text, size_t len, const char **err, bool validate);

/*
 * While a text is read, jansson's values come from one arena that is freed
 * whole afterwards, and the tree is never freed value by value: a large
 * snapshot is hundreds of thousands of small values, whose mallocs and
 * frees were about a third of reading it. jansson's allocator is
 * process-wide; schemac reads models on one thread, and the caller's
 * allocator is put back before ir_from_json returns.
 */
static arena *ir__jalloc_arena;

static void *ir__jalloc(size_t n)
{
    return arena_grow_uninit(ir__jalloc_arena, NULL, 0, n);
}

static void ir__jfree(void *p)
{
    (void)p;
}

int ir_from_json(ir_schema *out, arena *a, const char *text, size_t len, const char **err)
{
    return ir__from_json(out, a, text, len, err, true);
}

void ir_copy(ir_schema *out, arena *a, const ir_schema *s)
{
    const char *text = ir_to_json(a, s);
    const char *err = NULL;
    ir__from_json(out, a, text, strlen(text), &err, false);
}

static int ir__from_json(ir_schema *out, arena *a, const char *text, size_t len, const char **err, bool validate)
{
    memset(out, 0, sizeof(*out));
    json_error_t jerr;
    json_malloc_t caller_malloc;
    json_free_t caller_free;
    json_get_alloc_funcs(&caller_malloc, &caller_free);
    arena values;
    arena_init(&values);
    ir__jalloc_arena = &values;
    json_set_alloc_funcs(ir__jalloc, ir__jfree);
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
    if (!root) {
        if (err)
            *err = arena_printf(a, "invalid JSON at line %d column %d: %s", jerr.line, jerr.column, jerr.text);
        json_set_alloc_funcs(caller_malloc, caller_free);
        arena_free(&values);
        return -1;
    }
    ir__reader r = {a, NULL};
    if (!json_is_object(root)) {
        r.err = "the schema model must be a JSON object";
        goto done;
    }
    json_t *version = json_object_get(root, "version");
    /* Version 1 wrote every member; it reads as version 2 does. */
    if (!version || !json_is_integer(version)) {
        r.err = arena_printf(a, "no \"version\" number: not a schema model (this schemac reads versions 1 to %d)",
                             IR_JSON_VERSION);
        goto done;
    }
    if (json_integer_value(version) > IR_JSON_VERSION) {
        r.err = arena_printf(a, "schema model version %lld was written by a newer schemac (this one reads 1 to %d)",
                             (long long)json_integer_value(version), IR_JSON_VERSION);
        goto done;
    }
    if (json_integer_value(version) < 1) {
        r.err = arena_printf(a, "unsupported schema model version %lld (this schemac reads 1 to %d)",
                             (long long)json_integer_value(version), IR_JSON_VERSION);
        goto done;
    }
    if (ir_provider_from_name(&out->provider, ir__rstr(&r, root, "provider", "schema")) != 0)
        ir__fail(&r, "schema", "provider");
    json_t *exts = json_object_get(root, "extensions"); /* missing: none (older snapshots) */
    if (exts && !json_is_array(exts))
        ir__fail(&r, "schema", "extensions");
    out->nextensions = exts && json_is_array(exts) ? json_array_size(exts) : 0;
    out->extensions = ARENA_ARRAY(a, ir_extension, out->nextensions ? out->nextensions : 1);
    for (size_t i = 0; i < out->nextensions && !r.err; i++) {
        json_t *o = json_array_get(exts, i);
        if (!json_is_object(o)) {
            r.err = "extensions: every entry must be an object";
            break;
        }
        ir_extension *x = &out->extensions[i];
        x->name = ir__rstr(&r, o, "name", "extension");
        x->db_name = ir__rstr(&r, o, "db_name", "extension");
        x->schema = ir__rstr(&r, o, "schema", "extension");
        x->version = ir__rstr(&r, o, "version", "extension");
    }
    if (json_object_get(root, "schemas")) /* missing: none (older snapshots) */
        out->schemas = ir__rstrs(&r, root, "schemas", "schema", &out->nschemas);
    json_t *enums = ir__rarray(&r, root, "enums", "schema");
    out->nenums = enums ? json_array_size(enums) : 0;
    out->enums = ARENA_ARRAY(a, ir_enum, out->nenums ? out->nenums : 1);
    for (size_t i = 0; i < out->nenums && !r.err; i++) {
        json_t *o = json_array_get(enums, i);
        ir_enum *e = &out->enums[i];
        e->name = ir__rstr(&r, o, "name", "enum");
        e->db_name = ir__rstr(&r, o, "db_name", "enum");
        e->schema = ir__rstr(&r, o, "schema", "enum");
        e->doc = ir__rstr(&r, o, "doc", "enum");
        json_t *vals = ir__rarray(&r, o, "values", "enum");
        e->nvalues = vals ? json_array_size(vals) : 0;
        e->values = ARENA_ARRAY(a, ir_enum_value, e->nvalues ? e->nvalues : 1);
        for (size_t v = 0; v < e->nvalues; v++) {
            json_t *val = json_array_get(vals, v);
            e->values[v].name = ir__rstr(&r, val, "name", "enum value");
            e->values[v].db_name = ir__rstr(&r, val, "db_name", "enum value");
            e->values[v].doc = ir__rstr(&r, val, "doc", "enum value");
        }
    }
    json_t *tables = ir__rarray(&r, root, "tables", "schema");
    out->ntables = tables ? json_array_size(tables) : 0;
    out->tables = ARENA_ARRAY(a, ir_table, out->ntables ? out->ntables : 1);
    for (size_t i = 0; i < out->ntables && !r.err; i++) {
        json_t *o = json_array_get(tables, i);
        if (!json_is_object(o)) {
            r.err = "tables: every entry must be an object";
            break;
        }
        ir__rtable(&r, o, &out->tables[i]);
    }
    json_t *rels = ir__rarray(&r, root, "relations", "schema");
    out->nrelations = rels ? json_array_size(rels) : 0;
    out->relations = ARENA_ARRAY(a, ir_relation, out->nrelations ? out->nrelations : 1);
    for (size_t i = 0; i < out->nrelations && !r.err; i++)
        ir__rrelation(&r, json_array_get(rels, i), &out->relations[i]);
done:
    /* Every value is in VALUES: no json_decref walk. */
    json_set_alloc_funcs(caller_malloc, caller_free);
    ir__jalloc_arena = NULL;
    arena_free(&values);
    if (r.err) {
        if (err)
            *err = r.err;
        memset(out, 0, sizeof(*out));
        return -1;
    }
    ir_canonicalize(out);
    const char *why = NULL;
    if (validate && ir_validate(out, a, &why) != 0) {
        if (err)
            *err = why;
        memset(out, 0, sizeof(*out));
        return -1;
    }
    return 0;
}
