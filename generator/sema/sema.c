/*
 * sema.c - the semantic pass's driver: datasource and generators, block and
 * field names, type resolution, unique criteria, and the helpers the other
 * sema_*.c files share.
 *
 * The order of the passes matters: names and types first (so attributes and
 * relations can look fields up and know their types), then attributes, then
 * relations (which need the unique criteria the attributes establish), then
 * the per-model checks that need both. Every pass keeps going after an error
 * and skips only what depends on the broken part, so independent problems
 * are all reported and each problem only once.
 */
#include "sema/sema_internal.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "base/strmap.h"

/* ---------------------------------------------------------------- helpers */

const char *sema_ref_action_name(sc_ref_action a)
{
    switch (a) {
    case SC_ACTION_CASCADE: return "Cascade";
    case SC_ACTION_RESTRICT: return "Restrict";
    case SC_ACTION_NO_ACTION: return "NoAction";
    case SC_ACTION_SET_NULL: return "SetNull";
    case SC_ACTION_SET_DEFAULT: return "SetDefault";
    }
    return "NoAction";
}

const char *sema_provider_name(sc_provider p)
{
    switch (p) {
    case SC_PROVIDER_SQLITE: return "sqlite";
    case SC_PROVIDER_POSTGRESQL: return "postgresql";
    case SC_PROVIDER_NONE: break;
    }
    return NULL;
}

const sema_schema *sema_schema_info(const ast_schema *s)
{
    return (const sema_schema *)s->sema;
}

sc_provider sema_provider(const ast_schema *s)
{
    const sema_schema *info = sema_schema_info(s);
    return info ? info->provider : SC_PROVIDER_NONE;
}

const sema_model *sema_model_info(const ast_block *b)
{
    if (!b || (b->kind != AST_BLOCK_MODEL && b->kind != AST_BLOCK_VIEW))
        return NULL;
    return (const sema_model *)b->sema;
}

sema_model *sema_model_of(sema_ctx *c, ast_block *b)
{
    if (!b->sema) {
        sema_model *m = ARENA_NEW(c->arena, sema_model);
        m->db_name = b->name;
        m->is_view = b->kind == AST_BLOCK_VIEW;
        b->sema = m;
    }
    return (sema_model *)b->sema;
}

const char *sema_attr_display(sema_ctx *c, const ast_attr *attr)
{
    return arena_printf(c->arena, "%s%s", attr->block ? "@@" : "@", attr->name);
}

bool sema_is_ident(const ast_expr *e, const char *name)
{
    return e && e->kind == AST_EXPR_IDENT && e->value && strcmp(e->value, name) == 0;
}

bool sema_is_call(const ast_expr *e, const char *name)
{
    return e && e->kind == AST_EXPR_CALL && e->value && strcmp(e->value, name) == 0;
}

ast_member *sema_find_field(const ast_block *b, const char *name)
{
    return ast_find_member_kind(b, name, AST_MEMBER_FIELD);
}

bool sema_field_optional(const ast_member *f)
{
    return f->type_mod == AST_TYPE_OPTIONAL || f->type_mod == AST_TYPE_OPTIONAL_LIST;
}

bool sema_field_list(const ast_member *f)
{
    return f->type_mod == AST_TYPE_LIST || f->type_mod == AST_TYPE_OPTIONAL_LIST;
}

void sema_suggest(sema_ctx *c, sc_diag *d, const char *name, const char *const *cands, size_t n)
{
    /* Past the error limit the diagnostic is not kept: spare the search. */
    if (!d || c->diags->truncated)
        return;
    const char *s = diag_suggest(name, cands, n);
    if (s && d)
        diag_note(c->diags, d, NULL, "did you mean \"%s\"?", s);
}

bool sema_no_datasource(const sema_ctx *c)
{
    return c->info->datasource == NULL && c->provider == SC_PROVIDER_NONE;
}

bool sema_no_pg(const sema_ctx *c)
{
    return c->provider == SC_PROVIDER_SQLITE || sema_no_datasource(c);
}

const char *sema_no_pg_where(const sema_ctx *c)
{
    return c->provider == SC_PROVIDER_SQLITE ? "with SQLite" : "in a schema without a datasource";
}

bool sema_has_preview(const sema_ctx *c, const char *feature)
{
    return strmap_gets(&c->preview, feature) != NULL;
}

bool sema_check_args(sema_ctx *c, const ast_attr *attr, const sema_argspec *spec, size_t n,
                     ast_expr **out)
{
    bool ok = true;
    size_t npos = 0;
    for (size_t i = 0; i < n; i++)
        out[i] = NULL;
    for (const ast_arg *arg = attr->args.first; arg; arg = arg->next) {
        size_t slot = n;
        if (!arg->name) {
            /* Positional arguments fill the positional slots in order. */
            size_t seen = 0;
            for (size_t i = 0; i < n; i++) {
                if (!spec[i].positional)
                    continue;
                if (seen++ == npos) {
                    slot = i;
                    break;
                }
            }
            npos++;
            if (slot == n) {
                diag_error(c->diags, arg->span, "invalid-argument",
                           "too many positional arguments for %s", sema_attr_display(c, attr));
                ok = false;
                continue;
            }
        } else {
            for (size_t i = 0; i < n && slot == n; i++)
                if (sema_streq(spec[i].name, arg->name))
                    slot = i;
            if (slot == n) {
                sc_diag *d = diag_error(c->diags, arg->name_span, "invalid-argument",
                                        "unknown argument \"%s\" for %s", arg->name, sema_attr_display(c, attr));
                const char *names[16];
                size_t k = 0;
                for (size_t i = 0; i < n && k < 16; i++)
                    names[k++] = spec[i].name;
                sema_suggest(c, d, arg->name, names, k);
                ok = false;
                continue;
            }
        }
        if (out[slot]) {
            diag_error(c->diags, arg->name ? arg->name_span : arg->span, "invalid-argument",
                       "argument \"%s\" of %s is given twice", spec[slot].name, sema_attr_display(c, attr));
            ok = false;
            continue;
        }
        out[slot] = arg->value;
    }
    for (size_t i = 0; i < n; i++) {
        if (spec[i].required && !out[i]) {
            diag_error(c->diags, attr->span, "invalid-argument", "%s needs the argument \"%s\"",
                       sema_attr_display(c, attr), spec[i].name);
            ok = false;
        }
    }
    return ok;
}

bool sema_resolve_field_refs(sema_ctx *c, ast_block *model, const ast_attr *attr,
                             const ast_expr *list, bool allow_args, ast_member ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!list || list->kind != AST_EXPR_ARRAY) {
        diag_error(c->diags, list ? list->span : attr->span, "invalid-argument",
                   "%s expects a list of field names, like [a, b]", sema_attr_display(c, attr));
        return false;
    }
    if (list->items.count == 0) {
        diag_error(c->diags, list->span, "invalid-argument", "%s needs at least one field", sema_attr_display(c, attr));
        return false;
    }
    ast_member **arr = ARENA_ARRAY(c->arena, ast_member *, list->items.count);
    bool ok = true;
    size_t k = 0;
    strmap seen; /* the fields listed so far, by name */
    strmap_init(&seen, c->arena);
    for (const ast_expr *e = list->items.first; e; e = e->next) {
        if (e->kind == AST_EXPR_CALL && !allow_args) {
            diag_error(c->diags, e->span, "invalid-argument",
                       "field arguments like \"%s(...)\" are not allowed in this list of %s",
                       e->value, sema_attr_display(c, attr));
            ok = false;
            continue;
        }
        if ((e->kind != AST_EXPR_IDENT && e->kind != AST_EXPR_CALL) || strchr(e->value, '.')) {
            diag_error(c->diags, e->span, "invalid-argument", "expected a field name in %s",
                       sema_attr_display(c, attr));
            ok = false;
            continue;
        }
        ast_member *f = sema_find_field(model, e->value);
        if (!f) {
            sc_diag *d = diag_error(c->diags, e->span, "unknown-field",
                                    "%s refers to unknown field \"%s\" of %s \"%s\"", sema_attr_display(c, attr),
                                    e->value, ast_block_kind_name(model->kind), model->name);
            const char *names[256];
            size_t m = 0;
            for (ast_member *g = model->members.first; g && m < 256; g = g->next)
                if (g->kind == AST_MEMBER_FIELD && g->type_kind != AST_FIELDTYPE_MODEL)
                    names[m++] = g->name;
            sema_suggest(c, d, e->value, names, m);
            ok = false;
            continue;
        }
        if (f->type_kind == AST_FIELDTYPE_MODEL) {
            sc_diag *d = diag_error(c->diags, e->span, "invalid-argument",
                                    "%s cannot use relation field \"%s\"; list its scalar "
                                    "foreign key fields instead",
                                    sema_attr_display(c, attr), f->name);
            diag_note(c->diags, d, &f->name_span, "\"%s\" is declared here", f->name);
            ok = false;
            continue;
        }
        if (strmap_adds(&seen, f->name, f)) {
            diag_error(c->diags, e->span, "invalid-argument", "field \"%s\" is listed twice in %s",
                       f->name, sema_attr_display(c, attr));
            ok = false;
        }
        arr[k++] = f;
    }
    *out = arr;
    *n = k;
    return ok;
}

/* ---------------------------------------------------------------- names in strings */

/* "a line feed (\\n)", "U+001B", ... for a control character C. */
static const char *sema__control_name(sema_ctx *c, unsigned char ch)
{
    switch (ch) {
    case '\n': return "a line feed (\\n)";
    case '\r': return "a carriage return (\\r)";
    case '\t': return "a tab (\\t)";
    case '\b': return "a backspace (\\b)";
    case '\f': return "a form feed (\\f)";
    case 0x7f: return "a delete character (U+007F)";
    default: break;
    }
    return arena_printf(c->arena, "a control character (U+%04X)", (unsigned)ch);
}

/* Is CH a control character no name may hold: C0 (U+0000-U+001F) or DEL? */
static bool sema__is_control(unsigned char ch)
{
    return ch < 0x20 || ch == 0x7f;
}

/*
 * The span, inside string literal E, of the first source piece (an escape or
 * a raw byte) that stands for a control character, so the error can point
 * at it. The literal is one line (the lexer allows no raw line break in it).
 */
static sc_span sema__control_span(const ast_expr *e, bool line_ends_ok)
{
    sc_span sp = e->span;
    const char *raw = e->raw;
    if (!raw || raw[0] != '"')
        return sp;
    uint32_t col = e->span.col + 1;
    for (size_t i = 1; raw[i] && raw[i] != '"';) {
        size_t len = 1;
        unsigned cp = (unsigned char)raw[i];
        if (raw[i] == '\\' && raw[i + 1]) {
            len = 2;
            switch (raw[i + 1]) {
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'u': {
                cp = 0;
                size_t k = 2;
                for (; k < 6 && raw[i + k]; k++) {
                    char h = raw[i + k];
                    cp = cp * 16 + (unsigned)(h >= '0' && h <= '9'   ? h - '0'
                                              : h >= 'a' && h <= 'f' ? h - 'a' + 10
                                              : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                                     : 0);
                }
                len = k;
                break;
            }
            default: cp = (unsigned char)raw[i + 1]; break;
            }
        }
        if ((cp < 0x20 || cp == 0x7f) && !(line_ends_ok && (cp == '\t' || cp == '\n' || cp == '\r'))) {
            sp.start = e->span.start + (uint32_t)i;
            sp.end = sp.start + (uint32_t)len;
            sp.col = col;
            return sp;
        }
        for (size_t k = 0; k < len; k++)
            if (((unsigned char)raw[i + k] & 0xC0) != 0x80)
                col++;
        i += len;
    }
    return sp;
}

bool sema_name_string_clean(const ast_expr *e)
{
    if (!e || e->kind != AST_EXPR_STRING || !e->value)
        return true;
    for (size_t i = 0; i < e->value_len; i++)
        if (sema__is_control((unsigned char)e->value[i]))
            return false;
    return true;
}

bool sema_check_name_string(sema_ctx *c, const ast_expr *e, const char *what)
{
    if (!e || e->kind != AST_EXPR_STRING || !e->value)
        return true;
    for (size_t i = 0; i < e->value_len; i++) {
        unsigned char ch = (unsigned char)e->value[i];
        if (!sema__is_control(ch))
            continue;
        sc_diag *d = diag_error(c->diags, sema__control_span(e, false), "invalid-name",
                                "%s contains %s: a name cannot hold control characters", what,
                                sema__control_name(c, ch));
        diag_note(c->diags, d, NULL,
                  "names are written into comments of generated SQL and C files, where a "
                  "control character would end the comment or hide text");
        return false;
    }
    return true;
}

bool sema_check_where_string(sema_ctx *c, const ast_expr *e)
{
    if (!e || e->kind != AST_EXPR_STRING || !e->value)
        return true;
    for (size_t i = 0; i < e->value_len; i++) {
        unsigned char ch = (unsigned char)e->value[i];
        if (!sema__is_control(ch) || ch == '\t' || ch == '\n' || ch == '\r')
            continue;
        sc_diag *d = diag_error(c->diags, sema__control_span(e, true), "invalid-sql-text",
                                "a where: string contains %s: it becomes a literal in the index's SQL "
                                "condition, which cannot hold control characters other than tab and line ends",
                                sema__control_name(c, ch));
        diag_note(c->diags, d, NULL, "use raw(\"...\") with a SQL expression that makes the character, "
                                     "such as char(1) on SQLite or chr(1) on PostgreSQL");
        return false;
    }
    return true;
}

static bool sema_bad_name_start(const char *name);

/* ---------------------------------------------------------------- datasource */

static const char *const known_providers[] = {"postgresql", "postgres", "sqlite"};
static const char *const other_providers[] = {"mysql", "sqlserver", "mongodb", "cockroachdb"};

/* An `url`-like property: a string, or env("NAME"). */
static void sema_check_url(sema_ctx *c, const ast_member *p)
{
    const ast_expr *v = p->value;
    if (v->kind == AST_EXPR_STRING)
        return;
    if (sema_is_call(v, "env")) {
        if (v->args.count != 1 || v->args.first->name ||
            v->args.first->value->kind != AST_EXPR_STRING) {
            diag_error(c->diags, v->span, "invalid-property",
                       "env() takes one string: the name of an environment variable");
        }
        return;
    }
    diag_error(c->diags, v->span, "invalid-property",
               "\"%s\" must be a string or env(\"VARIABLE\")", p->name);
}

static const char **sema_string_array(sema_ctx *c, const ast_member *p, size_t *n)
{
    const ast_expr *v = p->value;
    *n = 0;
    if (v->kind != AST_EXPR_ARRAY) {
        diag_error(c->diags, v->span, "invalid-property", "\"%s\" must be a list of strings",
                   p->name);
        return NULL;
    }
    const char **arr = ARENA_ARRAY(c->arena, const char *, v->items.count + 1);
    strmap seen;
    strmap_init(&seen, c->arena);
    for (const ast_expr *e = v->items.first; e; e = e->next) {
        if (e->kind != AST_EXPR_STRING) {
            diag_error(c->diags, e->span, "invalid-property", "\"%s\" must be a list of strings",
                       p->name);
            continue;
        }
        if (strmap_adds(&seen, e->value, (void *)e))
            diag_error(c->diags, e->span, "invalid-property", "\"%s\" is listed twice in %s",
                       e->value, p->name);
        arr[(*n)++] = e->value;
    }
    return arr;
}

/* The datasource names DECLARED; under sema_check_dialect the rules of the
   target apply from here on, the datasource's own properties included. */
static void sema__set_provider(sema_ctx *c, sc_provider declared)
{
    c->declared = declared;
    c->provider = c->target != SC_PROVIDER_NONE ? c->target : declared;
}

static void sema_check_provider(sema_ctx *c, const ast_member *p)
{
    const ast_expr *v = p->value;
    if (v->kind != AST_EXPR_STRING) {
        /* At the datasource, as Prisma reports it. */
        sc_diag *d = diag_error(c->diags, p->owner ? p->owner->keyword_span : v->span, "invalid-property",
                                "the datasource provider must be a string literal, like \"postgresql\"");
        diag_note(c->diags, d, &v->span, "%s here", sema_is_call(v, "env") ? "env() is not allowed" : "not a string");
        return;
    }
    c->info->provider_name = v->value;
    if (strcmp(v->value, "sqlite") == 0) {
        sema__set_provider(c, SC_PROVIDER_SQLITE);
        return;
    }
    if (strcmp(v->value, "postgresql") == 0 || strcmp(v->value, "postgres") == 0) {
        sema__set_provider(c, SC_PROVIDER_POSTGRESQL);
        return;
    }
    for (size_t i = 0; i < sizeof other_providers / sizeof other_providers[0]; i++) {
        if (strcmp(v->value, other_providers[i]) == 0) {
            diag_error(c->diags, v->span, "unsupported",
                       "provider \"%s\" is not supported by schemac (supported: \"postgresql\", "
                       "\"sqlite\")",
                       v->value);
            return;
        }
    }
    sc_diag *d = diag_error(c->diags, v->span, "unknown-provider", "unknown datasource provider \"%s\"",
                            v->value);
    sema_suggest(c, d, v->value, known_providers, 3);
}

static const char *const ds_properties[] = {"provider", "url", "directUrl", "shadowDatabaseUrl",
                                            "relationMode", "extensions", "schemas"};

static void sema_check_datasource(sema_ctx *c, ast_block *ds)
{
    const ast_member *seen[sizeof ds_properties / sizeof ds_properties[0]] = {0};
    const size_t nprops = sizeof ds_properties / sizeof ds_properties[0];
    const ast_member *rel_mode = NULL, *extensions = NULL, *schemas = NULL;

    for (ast_member *m = ds->members.first; m; m = m->next) {
        m->owner = ds;
        if (m->kind != AST_MEMBER_PROPERTY) {
            diag_error(c->diags, m->span, "invalid-property",
                       "a datasource block holds only properties like provider = \"sqlite\"");
            continue;
        }
        /* referentialIntegrity is Prisma's former name of relationMode; Prisma
           still takes it (with a warning), so it counts as relationMode here. */
        const char *pname = strcmp(m->name, "referentialIntegrity") == 0 ? "relationMode" : m->name;
        size_t k = nprops;
        for (size_t i = 0; i < nprops; i++)
            if (strcmp(pname, ds_properties[i]) == 0)
                k = i;
        if (k == nprops) {
            sc_diag *d = diag_error(c->diags, m->name_span, "unknown-property",
                                    "unknown datasource property \"%s\"", m->name);
            sema_suggest(c, d, m->name, ds_properties, nprops);
            continue;
        }
        if (seen[k]) {
            sc_diag *d = diag_error(c->diags, m->name_span, "duplicate-property",
                                    "datasource property \"%s\" is set twice", m->name);
            diag_note(c->diags, d, &seen[k]->name_span, "first set here");
            continue;
        }
        seen[k] = m;
        if (pname != m->name)
            diag_warning(c->diags, m->name_span, "deprecated-property",
                         "\"referentialIntegrity\" is the former name of \"relationMode\": use relationMode");
        if (!m->value)
            continue;
        if (strcmp(m->name, "provider") == 0) {
            sema_check_provider(c, m);
        } else if (strcmp(pname, "relationMode") == 0) {
            rel_mode = m;
        } else if (strcmp(m->name, "extensions") == 0) {
            extensions = m;
        } else if (strcmp(m->name, "schemas") == 0) {
            schemas = m;
        } else {
            sema_check_url(c, m);
        }
    }
    if (!seen[0]) {
        diag_error(c->diags, ds->name_span, "missing-property",
                   "datasource \"%s\" needs a provider, like provider = \"postgresql\"", ds->name);
    }
    if (rel_mode) {
        const ast_expr *v = rel_mode->value;
        if (v->kind == AST_EXPR_STRING && strcmp(v->value, "prisma") == 0) {
            c->info->relation_mode = SC_RELMODE_PRISMA;
        } else if (v->kind == AST_EXPR_STRING && strcmp(v->value, "foreignKeys") == 0) {
            c->info->relation_mode = SC_RELMODE_FOREIGN_KEYS;
        } else {
            sc_diag *d = diag_error(c->diags, ds->keyword_span, "invalid-property",
                                    "relationMode must be \"foreignKeys\" or \"prisma\"");
            diag_note(c->diags, d, &v->span, "set here");
        }
    }
    c->extensions = extensions;
    if (schemas) {
        if (c->provider == SC_PROVIDER_SQLITE) {
            diag_error(c->diags, schemas->name_span, "invalid-property",
                       "\"schemas\" is only available with PostgreSQL");
        } else {
            size_t n;
            const char **arr = sema_string_array(c, schemas, &n);
            for (const ast_expr *e = schemas->value->items.first; arr && e; e = e->next)
                sema_check_name_string(c, e, "a schema name in \"schemas\"");
            c->info->schemas = arr;
            c->info->nschemas = n;
            if (arr && n == 0)
                diag_error(c->diags, schemas->value->span, "invalid-property",
                           "\"schemas\" must name at least one schema");
        }
    }
}

/* The string value of an extension's argument A (NULL after reporting one that is not a string). */
static const char *sema__extension_arg(sema_ctx *c, const ast_arg *a)
{
    if (a->value->kind != AST_EXPR_STRING) {
        diag_error(c->diags, a->value->span, "invalid-property",
                   "the %s: argument of an extension must be a string, like %s: \"%s\"", a->name, a->name,
                   strcmp(a->name, "version") == 0 ? "1.1" : strcmp(a->name, "schema") == 0 ? "public" : "uuid-ossp");
        return NULL;
    }
    if (!sema_check_name_string(c, a->value, arena_printf(c->arena, "the %s: of an extension", a->name)))
        return NULL;
    return a->value->value;
}

/*
 * extensions = [pgcrypto, postgis(version: "3.4.2"), uuid_ossp(map: "uuid-ossp", schema: "ext")]
 * As Prisma reads it: a single entry may stand without brackets, each entry
 * is a name or a call with the named string arguments map:, schema: and
 * version:; PostgreSQL only, behind the postgresqlExtensions preview feature.
 */
static void sema_check_extensions(sema_ctx *c)
{
    const ast_member *p = c->extensions;
    if (!p)
        return;
    if (c->provider == SC_PROVIDER_SQLITE) {
        diag_error(c->diags, p->name_span, "invalid-property", "\"extensions\" is only available with PostgreSQL");
        return;
    }
    if (c->provider != SC_PROVIDER_POSTGRESQL)
        return;
    if (!sema_has_preview(c, "postgresqlExtensions")) {
        sc_diag *d = diag_error(c->diags, p->name_span, "invalid-property",
                                "\"extensions\" needs the preview feature \"postgresqlExtensions\"");
        diag_note(c->diags, d, NULL,
                  "add previewFeatures = [\"postgresqlExtensions\"] to the generator block, as Prisma asks");
    }
    const ast_expr *v = p->value;
    const ast_expr *one = v; /* a lone entry without brackets */
    const ast_expr *first = v->kind == AST_EXPR_ARRAY ? v->items.first : one;
    size_t n = v->kind == AST_EXPR_ARRAY ? v->items.count : 1;
    sema_extension *out = ARENA_ARRAY(c->arena, sema_extension, n + 1);
    size_t k = 0;
    strmap seen; /* database name -> the entry that named it first */
    strmap_init(&seen, c->arena);
    for (const ast_expr *e = first; e; e = v->kind == AST_EXPR_ARRAY ? e->next : NULL) {
        if (e->kind != AST_EXPR_IDENT && e->kind != AST_EXPR_CALL) {
            sc_diag *d = diag_error(c->diags, e->span, "invalid-property",
                                    "expected an extension name, like pgcrypto or postgis(version: \"3.4\"), found %s",
                                    e->kind == AST_EXPR_STRING   ? "a string"
                                    : e->kind == AST_EXPR_NUMBER ? "a number"
                                    : e->kind == AST_EXPR_ARRAY  ? "a list"
                                                                 : "an object");
            if (e->kind == AST_EXPR_STRING)
                diag_note(c->diags, d, NULL,
                          "a name that is no identifier goes in map:, like uuid_ossp(map: \"uuid-ossp\")");
            continue;
        }
        sema_extension *x = &out[k];
        memset(x, 0, sizeof *x);
        x->name = e->value;
        x->span = e->span;
        bool ok = true;
        /* Prisma's rules for the name itself; a database name of any form goes in map:. */
        if (strchr(e->value, '-') || sema_bad_name_start(e->value)) {
            sc_diag *d = diag_error(c->diags, e->span, "invalid-property",
                                    "extension name \"%s\" must start with a letter and hold no \"-\"", e->value);
            diag_note(c->diags, d, NULL, "give the database's name in map:, like uuid_ossp(map: \"uuid-ossp\")");
            ok = false;
        }
        const ast_arg *given[3] = {NULL, NULL, NULL};
        static const char *const names[] = {"map", "schema", "version"};
        for (const ast_arg *a = e->args.first; a; a = a->next) {
            if (!a->name) {
                sc_diag *d = diag_error(c->diags, a->span, "invalid-property",
                                        "the arguments of an extension are named: map:, schema:, version:");
                diag_note(c->diags, d, NULL, "write %s(version: %s) for a version", e->value,
                          a->value->raw ? a->value->raw : "\"...\"");
                ok = false;
                continue;
            }
            size_t i = 0;
            while (i < 3 && strcmp(a->name, names[i]) != 0)
                i++;
            if (i == 3) {
                sc_diag *d = diag_error(c->diags, a->name_span, "invalid-property",
                                        "unknown argument \"%s\" of extension %s (known: map, schema, version)",
                                        a->name, e->value);
                sema_suggest(c, d, a->name, names, 3);
                ok = false;
                continue;
            }
            if (given[i]) {
                sc_diag *d = diag_error(c->diags, a->name_span, "invalid-property",
                                        "argument \"%s\" of extension %s is given twice", a->name, e->value);
                diag_note(c->diags, d, &given[i]->name_span, "first given here");
                ok = false;
                continue;
            }
            given[i] = a;
            const char *val = sema__extension_arg(c, a);
            if (!val) {
                ok = false;
                continue;
            }
            if (i == 0 && !*val) {
                diag_error(c->diags, a->value->span, "invalid-property",
                           "the map: of extension %s must not be empty", e->value);
                ok = false;
                continue;
            }
            /* Prisma takes an empty schema or version as not given. */
            const char **slot = i == 0 ? &x->map : i == 1 ? &x->schema : &x->version;
            *slot = *val ? val : NULL;
        }
        if (!ok)
            continue;
        const char *db = x->map ? x->map : x->name;
        const sema_extension *prev = strmap_gets(&seen, db);
        if (prev) {
            /* Prisma keeps the last of them in the (stable) order of their names. */
            bool this_one = strcmp(x->name, prev->name) >= 0;
            sc_diag *d = diag_warning(c->diags, x->span, "duplicate-extension",
                                      "extension \"%s\" is listed twice; %s entry counts, as in Prisma", db,
                                      this_one ? "this" : "the first");
            diag_note(c->diags, d, &prev->span, "also listed here");
        } else {
            strmap_adds(&seen, db, x);
        }
        k++;
    }
    c->info->extensions = out;
    c->info->nextensions = k;
}

/*
 * Prisma's preview features (as Prisma 7 knows them): the ones it takes, and
 * the former ones whose functionality needs no flag any more (a warning).
 * Any other name is an error, as in Prisma (matched ignoring case).
 */
static const char *const preview_active[] = {
    "nativeDistinct", "partialIndexes", "postgresqlExtensions", "relationJoins", "schemaEngineDriverAdapters",
    "shardKeys", "strictUndefinedChecks", "typedSql", "views", "reactNative", "fullTextSearchPostgres",
};
static const char *const preview_deprecated[] = {
    "aggregateApi", "atomicNumberOperations", "clientExtensions", "cockroachdb", "connectOrCreate", "createMany",
    "dataProxy", "deno", "distinct", "driverAdapters", "extendedIndexes", "extendedWhereUnique", "fieldReference",
    "filterJson", "filteredRelationCount", "fullTextIndex", "fullTextSearch", "groupBy", "improvedQueryRaw",
    "interactiveTransactions", "jsonProtocol", "microsoftSqlServer", "middlewares", "mongoDb", "multiSchema",
    "nApi", "namedConstraints", "nativeTypes", "omitApi", "orderByAggregateGroup", "orderByNulls",
    "orderByRelation", "prismaSchemaFolder", "queryCompiler", "referentialActions", "referentialIntegrity",
    "selectRelationCount", "tracing", "transactionApi", "uncheckedScalarInputs",
};

static const char *sema__preview_find(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(list[i], name) == 0)
            return list[i];
    return NULL;
}

static void sema__check_preview_feature(sema_ctx *c, const ast_expr *e)
{
    if (e->kind != AST_EXPR_STRING)
        return;
    const char *name = e->value;
    size_t nactive = sizeof preview_active / sizeof preview_active[0];
    bool pg_only = strcasecmp(name, "fullTextSearchPostgres") == 0;
    if (sema__preview_find(preview_active, nactive, name) && (!pg_only || c->provider != SC_PROVIDER_SQLITE))
        return;
    if (strcasecmp(name, "fullTextSearch") == 0 && c->provider == SC_PROVIDER_POSTGRESQL) {
        diag_warning(c->diags, e->span, "deprecated-preview-feature",
                     "preview feature \"fullTextSearch\" is called \"fullTextSearchPostgres\" on PostgreSQL");
        return;
    }
    if (sema__preview_find(preview_deprecated, sizeof preview_deprecated / sizeof preview_deprecated[0], name)) {
        diag_warning(c->diags, e->span, "deprecated-preview-feature",
                     "preview feature \"%s\" is no longer needed: what it enabled works without it", name);
        return;
    }
    sc_diag *d = diag_error(c->diags, e->span, "unknown-preview-feature", "unknown preview feature \"%s\"", name);
    sema_suggest(c, d, name, preview_active, nactive - (c->provider == SC_PROVIDER_SQLITE ? 1 : 0));
    diag_note(c->diags, d, NULL,
              "Prisma knows nativeDistinct, partialIndexes, postgresqlExtensions, relationJoins, "
              "schemaEngineDriverAdapters, shardKeys, strictUndefinedChecks, typedSql, views%s",
              c->provider == SC_PROVIDER_SQLITE ? "" : " and fullTextSearchPostgres");
}

static void sema_check_generator(sema_ctx *c, ast_block *g)
{
    bool has_provider = false;
    for (ast_member *m = g->members.first; m; m = m->next) {
        m->owner = g;
        if (m->kind != AST_MEMBER_PROPERTY) {
            diag_error(c->diags, m->span, "invalid-property",
                       "a generator block holds only properties like provider = \"...\"");
            continue;
        }
        if (!m->value)
            continue;
        if (strcmp(m->name, "provider") == 0) {
            has_provider = true;
            if (m->value->kind != AST_EXPR_STRING && !sema_is_call(m->value, "env"))
                diag_error(c->diags, m->value->span, "invalid-property",
                           "the generator provider must be a string");
        } else if (strcmp(m->name, "previewFeatures") == 0) {
            size_t n = 1;
            const char **arr = &m->value->value;
            /* Prisma takes a lone string as a list of one feature. */
            if (m->value->kind != AST_EXPR_STRING)
                arr = sema_string_array(c, m, &n);
            if (!arr)
                continue;
            /* Several generators may each list features: keep the union. */
            if (m->value->kind == AST_EXPR_STRING)
                sema__check_preview_feature(c, m->value);
            else
                for (const ast_expr *e = m->value->items.first; e; e = e->next)
                    sema__check_preview_feature(c, e);
            const char **all = (const char **)c->info->preview_features;
            for (size_t i = 0; i < n; i++) {
                all = arena_reserve(c->arena, all, c->info->npreview_features,
                                    &c->npreview_cap, sizeof *all, 8);
                all[c->info->npreview_features++] = arr[i];
                /* Prisma matches names ignoring case: keep its spelling for the lookups. */
                const char *known = sema__preview_find(preview_active, sizeof preview_active / sizeof preview_active[0],
                                                       arr[i]);
                strmap_adds(&c->preview, known ? known : arr[i], (void *)arr[i]);
            }
            c->info->preview_features = all;
        }
    }
    if (!has_provider)
        diag_error(c->diags, g->name_span, "missing-property",
                   "generator \"%s\" needs a provider", g->name);
}

/* ---------------------------------------------------------------- names */

/* Names Prisma refuses for models and enums (the client's API would break). */
static const char *const reserved_names[] = {
    "PrismaClient", "async",   "await",      "break",      "case",   "catch",   "class",
    "const",        "continue", "debugger",  "default",    "delete", "do",      "else",
    "enum",         "export",  "extends",    "false",      "finally", "for",    "function",
    "if",           "implements", "import",  "in",         "instanceof", "interface", "let",
    "new",          "null",    "package",    "private",    "protected", "public", "return",
    "super",        "switch",  "this",       "throw",      "true",   "try",     "typeof",
    "var",          "void",    "while",      "with",       "yield",
};

/* The lexer lets names start with a digit or "_" (as Prisma's grammar does);
   Prisma then refuses such names of models, enums, fields and values. A byte
   beyond ASCII starts a letter (the lexer lets no other character into a name). */
static bool sema_bad_name_start(const char *name)
{
    return !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') ||
             (unsigned char)name[0] >= 0x80);
}

static void sema_check_block_names(sema_ctx *c)
{
    strmap names; /* the first model, view, enum or type of each name */
    strmap_init(&names, c->arena);
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        if (b->kind == AST_BLOCK_DATASOURCE || b->kind == AST_BLOCK_GENERATOR || !b->name)
            continue;
        const ast_block *first = strmap_adds(&names, b->name, b);
        const char *kind = ast_block_kind_name(b->kind);
        if (sema_bad_name_start(b->name)) {
            diag_error(c->diags, b->name_span, "invalid-name",
                       "the %s name \"%s\" must start with a letter", kind, b->name);
            continue;
        }
        if (strchr(b->name, '-')) {
            diag_error(c->diags, b->name_span, "invalid-name",
                       "the %s name \"%s\" must not hold \"-\" (give the database object such a name with @@map)",
                       kind, b->name);
            continue;
        }
        if (sc_scalar_from_name(b->name) != SC_SCALAR_NONE || strcmp(b->name, "Unsupported") == 0) {
            diag_error(c->diags, b->name_span, "reserved-name",
                       "\"%s\" is a built-in type name and cannot name a %s", b->name, kind);
            continue;
        }
        bool reserved = false;
        for (size_t i = 0; i < sizeof reserved_names / sizeof reserved_names[0]; i++)
            if (strcmp(b->name, reserved_names[i]) == 0)
                reserved = true;
        if (reserved) {
            diag_error(c->diags, b->name_span, "reserved-name",
                       "the %s name \"%s\" is reserved; choose another name", kind, b->name);
            continue;
        }
        if (first) {
            sc_diag *d = diag_error(c->diags, b->name_span, "duplicate-name",
                                    "the name \"%s\" is already used by a %s", b->name,
                                    ast_block_kind_name(first->kind));
            diag_note(c->diags, d, &first->name_span, "\"%s\" is first defined here", first->name);
        }
    }
    /* Datasources and generators have their own namespace. */
    strmap generators;
    strmap_init(&generators, c->arena);
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_GENERATOR || !b->name)
            continue;
        const ast_block *first = strmap_adds(&generators, b->name, b);
        if (first) {
            sc_diag *d = diag_error(c->diags, b->name_span, "duplicate-name",
                                    "generator \"%s\" is defined twice", b->name);
            diag_note(c->diags, d, &first->name_span, "first defined here");
        }
    }
}

static void sema_check_member_names(sema_ctx *c, ast_block *b)
{
    for (ast_member *m = b->members.first; m; m = m->next) {
        if (!m->name || (m->kind != AST_MEMBER_FIELD && m->kind != AST_MEMBER_ENUM_VALUE))
            continue;
        /* The first member of this kind and name: the parser indexed them. */
        const ast_member *o = ast_find_member_kind(b, m->name, m->kind);
        if (sema_bad_name_start(m->name)) {
            diag_error(c->diags, m->name_span, "invalid-name",
                       "the %s name \"%s\" must start with a letter",
                       m->kind == AST_MEMBER_FIELD ? "field" : "enum value", m->name);
            continue;
        }
        if (strchr(m->name, '-')) {
            diag_error(c->diags, m->name_span, "invalid-name", "the %s name \"%s\" must not hold \"-\"%s",
                       m->kind == AST_MEMBER_FIELD ? "field" : "enum value", m->name,
                       m->kind == AST_MEMBER_FIELD ? " (give the column such a name with @map)"
                                                   : " (give the label such a name with @map)");
            continue;
        }
        if (o && o != m) {
            sc_diag *d;
            if (m->kind == AST_MEMBER_FIELD)
                d = diag_error(c->diags, m->name_span, "duplicate-field",
                               "field \"%s\" is already defined in %s \"%s\"", m->name,
                               ast_block_kind_name(b->kind), b->name);
            else
                d = diag_error(c->diags, m->name_span, "duplicate-enum-value",
                               "value \"%s\" is already defined in enum \"%s\"", m->name, b->name);
            diag_note(c->diags, d, &o->name_span, "first defined here");
        }
    }
}

/* ---------------------------------------------------------------- types */

static const char *const scalar_names[] = {"String", "Boolean", "Int",   "BigInt", "Float",
                                           "Decimal", "DateTime", "Json", "Bytes"};

static void sema_unknown_type(sema_ctx *c, ast_member *f)
{
    /* The candidates once per run: a schema may have many unknown types. */
    if (!c->type_names) {
        size_t nblocks = c->schema->blocks.count;
        const char **cands = ARENA_ARRAY(c->arena, const char *, nblocks + 10);
        size_t n = 0;
        for (size_t i = 0; i < sizeof scalar_names / sizeof scalar_names[0]; i++)
            cands[n++] = scalar_names[i];
        for (ast_block *b = c->schema->blocks.first; b; b = b->next)
            if ((b->kind == AST_BLOCK_MODEL || b->kind == AST_BLOCK_VIEW ||
                 b->kind == AST_BLOCK_ENUM) &&
                b->name)
                cands[n++] = b->name;
        c->type_names = cands;
        c->ntype_names = n;
    }
    const char *const *cands = c->type_names;
    size_t n = c->ntype_names;
    sc_span sp = f->type_span;
    /* Point at the name alone, not the modifiers. */
    size_t len = strlen(f->type_name);
    if (sp.end - sp.start > len)
        sp.end = sp.start + (uint32_t)len;
    sc_diag *d = diag_error(c->diags, sp, "unknown-type", "unknown type \"%s\"", f->type_name);
    sema_suggest(c, d, f->type_name, cands, n);
}

static void sema_resolve_field_type(sema_ctx *c, ast_block *b, ast_member *f)
{
    if (!f->type_name)
        return;
    sc_scalar sc = sc_scalar_from_name(f->type_name);
    if (f->unsupported || strcmp(f->type_name, "Unsupported") == 0) {
        f->type_kind = AST_FIELDTYPE_SCALAR;
        f->scalar = SC_SCALAR_UNSUPPORTED;
        sema_check_sql_text(c, f->unsupported, f->type_span, "the type of Unsupported(\"...\")");
        sema_check_unsupported_native(c, f);
    } else if (sc != SC_SCALAR_NONE) {
        f->type_kind = AST_FIELDTYPE_SCALAR;
        f->scalar = sc;
    } else {
        ast_block *t = ast_find_block(c->schema, f->type_name,
                                      (1u << AST_BLOCK_MODEL) | (1u << AST_BLOCK_VIEW) |
                                          (1u << AST_BLOCK_ENUM) | (1u << AST_BLOCK_TYPE));
        if (!t) {
            sema_unknown_type(c, f);
            return;
        }
        f->type_block = t;
        if (t->kind == AST_BLOCK_ENUM)
            f->type_kind = AST_FIELDTYPE_ENUM;
        else if (t->kind == AST_BLOCK_TYPE)
            f->type_kind = AST_FIELDTYPE_COMPOSITE; /* the type block itself is reported */
        else
            f->type_kind = AST_FIELDTYPE_MODEL;
    }
    if (f->type_mod == AST_TYPE_OPTIONAL_LIST) {
        diag_error(c->diags, f->type_span, "invalid-type",
                   "optional lists are not supported: use \"%s[]\" or \"%s?\"", f->type_name,
                   f->type_name);
        return;
    }
    if (f->type_mod == AST_TYPE_LIST && sema_no_pg(c) &&
        (f->type_kind == AST_FIELDTYPE_SCALAR || f->type_kind == AST_FIELDTYPE_ENUM)) {
        diag_error(c->diags, f->type_span, "invalid-type",
                   "field \"%s\" of %s \"%s\" cannot be a list: %s", f->name,
                   ast_block_kind_name(b->kind), b->name,
                   c->provider == SC_PROVIDER_SQLITE ? "SQLite has no scalar lists"
                                                     : "scalar lists need a PostgreSQL datasource");
    }
    if (f->type_kind == AST_FIELDTYPE_SCALAR && f->scalar == SC_SCALAR_DECIMAL && sema_no_datasource(c)) {
        sc_diag *d = diag_error(c->diags, f->type_span, "invalid-type",
                                "field \"%s\" of %s \"%s\" cannot be Decimal in a schema without a "
                                "datasource",
                                f->name, ast_block_kind_name(b->kind), b->name);
        diag_note(c->diags, d, NULL,
                  "Prisma allows Decimal only with a provider that has it: add a datasource "
                  "block with provider = \"postgresql\" or \"sqlite\"");
    }
}

/* ---------------------------------------------------------------- blocks */

static void sema_check_model_members(sema_ctx *c, ast_block *b)
{
    sema_model_of(c, b);
    for (ast_member *m = b->members.first; m; m = m->next) {
        m->owner = b;
        if (m->kind == AST_MEMBER_FIELD) {
            sema_resolve_field_type(c, b, m);
        } else if (m->kind != AST_MEMBER_BLOCK_ATTR) {
            diag_error(c->diags, m->span, "invalid-member",
                       "a %s holds fields (name Type) and @@attributes only",
                       ast_block_kind_name(b->kind));
        }
    }
}

static void sema_check_enum_members(sema_ctx *c, ast_block *b)
{
    size_t nvalues = 0;
    for (ast_member *m = b->members.first; m; m = m->next) {
        m->owner = b;
        if (m->kind == AST_MEMBER_ENUM_VALUE)
            nvalues++;
        else if (m->kind != AST_MEMBER_BLOCK_ATTR)
            diag_error(c->diags, m->span, "invalid-member",
                       "an enum holds values and @@attributes only");
    }
    if (nvalues == 0)
        diag_error(c->diags, b->name_span, "invalid-enum", "enum \"%s\" must have at least one value",
                   b->name);
}

/* A model without any unique criterion cannot be addressed row by row. */
static void sema_check_unique_criterion(sema_ctx *c, ast_block *b)
{
    sema_model *m = sema_model_of(c, b);
    if (b->kind != AST_BLOCK_MODEL || m->ignored)
        return;
    /* As Prisma: a primary key over an Unsupported field does not count (the client cannot name rows by it). */
    bool id = m->nid_fields > 0 || m->id_attr;
    for (size_t i = 0; i < m->nid_fields; i++)
        if (m->id_fields[i] && m->id_fields[i]->unsupported)
            id = false;
    if (id || sema_has_required_unique(b))
        return;
    sc_diag *d = diag_error(c->diags, b->name_span, "missing-unique-criterion",
                            "model \"%s\" has no unique criterion", b->name);
    diag_note(c->diags, d, NULL,
              "mark a field with @id or @unique (on a required field), or add @@id([...]) or "
              "@@unique([...]) over required fields");
}

/* The value of an enum's block attribute @@NAME("..."), or NULL. */
static const char *sema_enum_block_string(const ast_block *en, const char *name)
{
    for (const ast_member *m = en->members.first; m; m = m->next) {
        const ast_attr *a = m->kind == AST_MEMBER_BLOCK_ATTR ? m->attr : NULL;
        if (a && a->block && strcmp(a->name, name) == 0 && a->args.first &&
            a->args.first->value && a->args.first->value->kind == AST_EXPR_STRING)
            return a->args.first->value->value;
    }
    return NULL;
}

/*
 * The blocks of one database name seen so far: the first, and the first
 * whose own (schema) name differs from the first's. Blocks that share their
 * schema name were reported as duplicate names; the earliest block of the
 * same database name and another schema name is then FIRST or OTHER.
 */
typedef struct sema_db_name {
    const ast_block *first;
    const ast_block *other;
} sema_db_name;

/* The key of (database schema, name): the two strings with a 0 byte between. */
const char *sema_db_key(sema_ctx *c, const char *schema, const char *name, size_t *len)
{
    size_t sl = schema ? strlen(schema) : 0, nl = strlen(name);
    char *k = arena_alloc(c->arena, sl + nl + 3);
    k[0] = schema ? 's' : '-';
    if (sl)
        memcpy(k + 1, schema, sl);
    k[sl + 1] = '\0';
    memcpy(k + sl + 2, name, nl);
    *len = sl + nl + 2;
    return k;
}

/* The earliest block before B with database name KEY and another schema name, or NULL;
   then B is recorded under KEY. */
static const ast_block *sema_db_name_clash(sema_ctx *c, strmap *seen, const char *key, size_t len,
                                           const ast_block *b)
{
    sema_db_name *e = strmap_get(seen, key, len);
    if (!e) {
        e = ARENA_NEW(c->arena, sema_db_name);
        e->first = b;
        strmap_add(seen, key, len, e);
        return NULL;
    }
    const ast_block *clash = strcmp(e->first->name, b->name) != 0 ? e->first : e->other;
    if (!e->other && strcmp(e->first->name, b->name) != 0)
        e->other = b;
    return clash;
}

/* Two enums mapped to one type name in one schema (Prisma refuses them on
   every provider; PostgreSQL could not create the second type). */
static void sema_check_enum_db_names(sema_ctx *c)
{
    strmap seen;
    strmap_init(&seen, c->arena);
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_ENUM || !b->name)
            continue;
        const char *map = sema_enum_block_string(b, "map");
        const char *db = map ? map : b->name;
        size_t len;
        const char *key = sema_db_key(c, sema_enum_block_string(b, "schema"), db, &len);
        const ast_block *o = sema_db_name_clash(c, &seen, key, len, b);
        if (o) {
            sc_diag *d = diag_error(c->diags, b->name_span, "duplicate-table",
                                    "enums \"%s\" and \"%s\" both map to the database name "
                                    "\"%s\"",
                                    o->name, b->name, db);
            diag_note(c->diags, d, &o->name_span, "\"%s\" is here", o->name);
        }
    }
}

/* The @@map attribute of block B, or NULL. */
static const ast_attr *sema__block_map(const ast_block *b)
{
    for (const ast_member *m = b->members.first; m; m = m->next)
        if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr && strcmp(m->attr->name, "map") == 0)
            return m->attr;
    return NULL;
}

/*
 * Two models (or views) mapped to one table in one schema would collide in
 * the database. As Prisma, the error goes to the @@map that makes the
 * clash: the second block's, or the first's when only it has one.
 */
static void sema_check_table_names(sema_ctx *c)
{
    strmap seen;
    strmap_init(&seen, c->arena);
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        const sema_model *m = sema_model_info(b);
        if (!m || !b->name)
            continue;
        size_t len;
        const char *key = sema_db_key(c, m->schema_name, m->db_name, &len);
        const ast_block *o = sema_db_name_clash(c, &seen, key, len, b);
        if (o) {
            const ast_attr *bmap = sema__block_map(b), *omap = sema__block_map(o);
            const ast_block *at = bmap || !omap ? b : o, *other = at == b ? o : b;
            const ast_attr *at_map = at == b ? bmap : omap, *other_map = at == b ? omap : bmap;
            sc_diag *d = diag_error(c->diags, at_map ? at_map->span : at->name_span, "duplicate-table",
                                    "%s \"%s\" and %s \"%s\" both map to table \"%s\"",
                                    ast_block_kind_name(o->kind), o->name,
                                    ast_block_kind_name(b->kind), b->name, m->db_name);
            diag_note(c->diags, d, other_map ? &other_map->span : &other->name_span, "\"%s\" is here", other->name);
        }
    }
}

/* ---------------------------------------------------------------- driver */

static void sema_check_datasources(sema_ctx *c)
{
    ast_block *first = NULL;
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_DATASOURCE)
            continue;
        if (first) {
            sc_diag *d = diag_error(c->diags, b->keyword_span, "duplicate-datasource",
                                    "a schema has exactly one datasource");
            diag_note(c->diags, d, &first->name_span, "the first datasource is here");
            continue;
        }
        first = b;
        c->ds_name = b->name;
        c->info->datasource = b;
        b->sema = c->info;
        sema_check_datasource(c, b);
    }
    /* No datasource is valid, as in Prisma: the schema keeps to rules every
       database shares (sema_no_pg), and commands that need a database take
       it from --dialect. Under sema_check_dialect the target's rules apply. */
    if (!first)
        c->provider = c->target;
    c->info->provider = c->provider;
}

/*
 * Prisma accepts a single field where a list of fields is expected
 * (@@index(title), @relation(fields: authorId, references: id)) and reads it
 * as a one-element list. Wrapping it here lets every later stage see lists only.
 */
static void sema__coerce_list(sema_ctx *c, ast_arg *a)
{
    if (!a || !a->value || (a->value->kind != AST_EXPR_IDENT && a->value->kind != AST_EXPR_CALL))
        return;
    ast_expr *item = a->value;
    ast_expr *list = ARENA_NEW(c->arena, ast_expr);
    list->kind = AST_EXPR_ARRAY;
    list->span = item->span;
    item->next = NULL;
    list->items.first = item;
    list->items.last = item;
    list->items.count = 1;
    a->value = list;
}

static void sema__coerce_field_lists(sema_ctx *c)
{
    static const char *const keyish[] = {"id", "unique", "index", "fulltext"};
    for (ast_block *b = c->schema->blocks.first; b; b = b->next) {
        if (b->kind != AST_BLOCK_MODEL && b->kind != AST_BLOCK_VIEW)
            continue;
        for (ast_member *m = b->members.first; m; m = m->next) {
            if (m->kind == AST_MEMBER_BLOCK_ATTR && m->attr) {
                for (size_t i = 0; i < sizeof keyish / sizeof keyish[0]; i++)
                    if (strcmp(m->attr->name, keyish[i]) == 0)
                        sema__coerce_list(c, ast_find_arg(&m->attr->args, "fields", 0));
            } else if (m->kind == AST_MEMBER_FIELD) {
                for (ast_attr *a = m->attrs.first; a; a = a->next) {
                    if (a->block || strcmp(a->name, "relation") != 0)
                        continue;
                    sema__coerce_list(c, ast_find_arg(&a->args, "fields", -1));
                    sema__coerce_list(c, ast_find_arg(&a->args, "references", -1));
                }
            }
        }
    }
}

/*
 * Clear what an earlier run left on the AST, so that sema can run again on
 * the same schema (sema_check_dialect does): per-model facts such as the
 * version field are filled once per run and a stale one would look like a
 * duplicate.
 */
static void sema__reset_annotations(ast_schema *s)
{
    s->sema = NULL;
    for (ast_block *b = s->blocks.first; b; b = b->next) {
        b->sema = NULL;
        for (ast_member *m = b->members.first; m; m = m->next) {
            m->type_kind = AST_FIELDTYPE_UNRESOLVED;
            m->scalar = SC_SCALAR_NONE;
            m->type_block = NULL;
            m->relation = NULL;
            m->owner = NULL;
        }
    }
}

/*
 * One full run of sema. TARGET, when not NONE, replaces the datasource's
 * provider for every provider-dependent rule; the datasource itself is still
 * read and checked as written.
 */
static int sema__run(ast_schema *s, arena *a, const sc_sources *src, sc_diags *diags,
                     sc_provider target)
{
    unsigned errors_before = diags->nerrors;
    sema_ctx ctx = {0};
    sema_ctx *c = &ctx;
    c->schema = s;
    c->arena = a;
    c->src = src;
    c->diags = diags;
    c->info = ARENA_NEW(a, sema_schema);
    c->target = target;
    strmap_init(&c->preview, a);
    diag_init(&c->late, a);
    c->late.limit = diags->limit;

    sema__reset_annotations(s);
    s->sema = c->info;
    sema__coerce_field_lists(c);
    sema_check_datasources(c);
    for (ast_block *b = s->blocks.first; b; b = b->next)
        if (b->kind == AST_BLOCK_GENERATOR)
            sema_check_generator(c, b);
    sema_check_extensions(c);
    sema_check_block_names(c);

    for (ast_block *b = s->blocks.first; b; b = b->next) {
        if (b->kind == AST_BLOCK_VIEW && !sema_has_preview(c, "views")) {
            sc_diag *d = diag_error(&c->late, b->keyword_span, "invalid-view",
                                    "view blocks need the preview feature \"views\"");
            diag_note(&c->late, d, NULL, "add previewFeatures = [\"views\"] to the generator block, as Prisma asks");
        }
        switch (b->kind) {
        case AST_BLOCK_MODEL:
        case AST_BLOCK_VIEW:
            sema_check_member_names(c, b);
            sema_check_model_members(c, b);
            break;
        case AST_BLOCK_ENUM:
            sema_check_member_names(c, b);
            sema_check_enum_members(c, b);
            break;
        case AST_BLOCK_TYPE:
            for (ast_member *m = b->members.first; m; m = m->next)
                m->owner = b;
            diag_error(c->diags, b->keyword_span, "unsupported",
                       "composite type \"%s\" is not supported by schemac (composite types "
                       "are MongoDB only)",
                       b->name ? b->name : "");
            break;
        case AST_BLOCK_DATASOURCE:
        case AST_BLOCK_GENERATOR:
            break;
        }
    }

    /* Attributes: fields first, so block attributes see @id/@unique facts. */
    for (ast_block *b = s->blocks.first; b; b = b->next) {
        if (b->kind == AST_BLOCK_MODEL || b->kind == AST_BLOCK_VIEW) {
            for (ast_member *m = b->members.first; m; m = m->next)
                if (m->kind == AST_MEMBER_FIELD)
                    sema_attrs_field(c, b, m);
            sema_attrs_block(c, b);
        } else if (b->kind == AST_BLOCK_ENUM) {
            sema_attrs_enum(c, b);
        }
    }
    for (ast_block *b = s->blocks.first; b; b = b->next)
        if (b->kind == AST_BLOCK_MODEL || b->kind == AST_BLOCK_VIEW)
            sema_index_criteria(c, b);

    sema_check_table_names(c);
    sema_check_enum_db_names(c);
    sema_check_index_names(c);
    sema_relations(c);

    for (ast_block *b = s->blocks.first; b; b = b->next)
        if (b->kind == AST_BLOCK_MODEL)
            sema_check_unique_criterion(c, b);

    /* Prisma's later findings count only on a schema without earlier errors. */
    if (diags->nerrors == errors_before && c->late.first) {
        if (diags->last)
            diags->last->next = c->late.first;
        else
            diags->first = c->late.first;
        diags->last = c->late.last;
        diags->nerrors += c->late.nerrors;
        diags->nwarnings += c->late.nwarnings;
    }

    /* The engine's own rules for names, on a schema whose names are complete. */
    if (diags->nerrors == errors_before)
        sema_names(c);

    return diags->nerrors > errors_before ? -1 : 0;
}

int sema_check(ast_schema *s, arena *a, const sc_sources *src, sc_diags *diags)
{
    return sema__run(s, a, src, diags, SC_PROVIDER_NONE);
}

/* The span of the datasource's `provider = "..."` value, for the dialect note. */
static bool sema__provider_span(const ast_schema *s, sc_span *out)
{
    const sema_schema *info = sema_schema_info(s);
    if (!info || !info->datasource)
        return false;
    for (const ast_member *m = info->datasource->members.first; m; m = m->next) {
        if (m->kind == AST_MEMBER_PROPERTY && m->name && strcmp(m->name, "provider") == 0 &&
            m->value) {
            *out = m->value->span;
            return true;
        }
    }
    return false;
}

/* The key that tells two diagnostics apart for sema_check_dialect: severity, code,
   position and message. */
static const char *sema__diag_key(arena *a, const sc_diag *d)
{
    return arena_printf(a, "%d %s %u %u %s", (int)d->severity, d->code, d->span.file,
                        d->span.start, d->message);
}

/*
 * The whole of sema runs again with TARGET as the provider, into a scratch
 * list, so every provider-dependent rule (there are many, spread over the
 * sema files) is applied to the target database without a second copy of
 * any of them. The schema already passed sema_check with its own provider,
 * so every error of that run comes from the target's rules; each is copied
 * with a note saying so, and so is every warning the first run did not
 * give. A last run with the declared provider puts the AST's annotations
 * back as sema_check left them.
 */
int sema_check_dialect(ast_schema *s, arena *a, const sc_sources *src, sc_provider target,
                       sc_diags *diags)
{
    sc_provider declared = sema_provider(s);
    const sema_schema *info = sema_schema_info(s);
    if (target == SC_PROVIDER_NONE || declared == target || (declared == SC_PROVIDER_NONE && info && info->datasource))
        return 0;
    sc_span provider_span;
    bool have_span = sema__provider_span(s, &provider_span);

    sc_diags scratch;
    diag_init(&scratch, a);
    sema__run(s, a, src, &scratch, target);

    /* What DIAGS already holds (warnings the declared provider's run gave too). */
    strmap have;
    strmap_init(&have, a);
    for (const sc_diag *x = diags->first; x; x = x->next)
        strmap_adds(&have, sema__diag_key(a, x), (void *)x);
    unsigned errors_before = diags->nerrors;
    for (const sc_diag *d = scratch.first; d; d = d->next) {
        if (d->severity == SC_SEV_NOTE || strmap_gets(&have, sema__diag_key(a, d)))
            continue;
        sc_diag *copy = d->severity == SC_SEV_ERROR
                            ? diag_error(diags, d->span, d->code, "%s", d->message)
                            : diag_warning(diags, d->span, d->code, "%s", d->message);
        copy->has_span = d->has_span;
        for (const sc_note *n = d->notes; n; n = n->next)
            diag_note(diags, copy, n->has_span ? &n->span : NULL, "%s", n->message);
        if (declared == SC_PROVIDER_NONE)
            diag_note(diags, copy, NULL,
                      "the schema has no datasource and --dialect %s was requested: the schema "
                      "must also keep to %s's rules",
                      sema_provider_name(target), target == SC_PROVIDER_SQLITE ? "SQLite" : "PostgreSQL");
        else
            diag_note(diags, copy, have_span ? &provider_span : NULL,
                      "the datasource provider is \"%s\" but --dialect %s was requested: the "
                      "schema must also keep to %s's rules",
                      sema_provider_name(declared), sema_provider_name(target),
                      target == SC_PROVIDER_SQLITE ? "SQLite" : "PostgreSQL");
    }

    sc_diags restore;
    diag_init(&restore, a);
    sema__run(s, a, src, &restore, SC_PROVIDER_NONE);
    return diags->nerrors > errors_before ? -1 : 0;
}
