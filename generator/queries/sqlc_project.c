/*
 * sqlc_project.c - sqlc.yaml / sqlc.yml / sqlc.json read as sqlc reads it
 * (sqlc_project.h). libyaml reads both formats (JSON is YAML). Every object
 * of the file is checked against the keys sqlc knows for it, so an unknown
 * key is an error at its line and column, as sqlc's strict decoding makes
 * it; then the values schemac uses are taken: version, each package's
 * engine, schema and queries paths, output and naming options.
 *
 * Paths follow sqlc's sqlpath.Glob: relative to the configuration's folder;
 * a pattern with * ? [ is expanded (one path segment per wildcard, sorted,
 * no **; no match is not an error); a folder is listed, not recursively,
 * in name order; then only names ending in .sql are kept, except names
 * starting with '.' and names ending in .down.sql.
 */
#include "queries/sqlc_project.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "base/fileio.h"

/* ---------------------------------------------------------------- what sqlc accepts */

typedef enum ck_kind {
    CK_STR,     /* a scalar */
    CK_BOOL,
    CK_INT,
    CK_PATHS,   /* a string or a list of strings */
    CK_STRLIST,
    CK_STRMAP,  /* string -> string */
    CK_ANY,     /* anything (plugin options) */
    CK_OBJ,
    CK_LIST,    /* a list of objects */
    CK_GOTYPE,  /* a string or a go_type object */
} ck_kind;

typedef struct ck_shape ck_shape;

typedef struct ck_key {
    const char *name;
    ck_kind kind;
    const ck_shape *shape; /* CK_OBJ, CK_LIST, CK_GOTYPE */
} ck_key;

struct ck_shape {
    const char *what; /* for messages */
    const ck_key *keys;
    size_t nkeys;
};

#define CK_SHAPE(var, what, ...)                                                                                       \
    static const ck_key var##_keys[] = {__VA_ARGS__};                                                                  \
    static const ck_shape var = {what, var##_keys, sizeof var##_keys / sizeof var##_keys[0]}

CK_SHAPE(ck_cloud, "cloud", {"organization", CK_STR, NULL}, {"project", CK_STR, NULL}, {"hostname", CK_STR, NULL});
CK_SHAPE(ck_server, "a server", {"name", CK_STR, NULL}, {"engine", CK_STR, NULL}, {"uri", CK_STR, NULL});
CK_SHAPE(ck_database, "database", {"uri", CK_STR, NULL}, {"managed", CK_BOOL, NULL});
CK_SHAPE(ck_analyzer, "analyzer", {"database", CK_BOOL, NULL});
CK_SHAPE(ck_gotype, "go_type", {"import", CK_STR, NULL}, {"package", CK_STR, NULL}, {"type", CK_STR, NULL},
         {"pointer", CK_BOOL, NULL}, {"slice", CK_BOOL, NULL}, {"spec", CK_STR, NULL}, {"builtin", CK_BOOL, NULL});
CK_SHAPE(ck_override, "an override", {"go_type", CK_GOTYPE, &ck_gotype}, {"go_struct_tag", CK_STR, NULL},
         {"db_type", CK_STR, NULL}, {"postgres_type", CK_STR, NULL}, {"engine", CK_STR, NULL},
         {"nullable", CK_BOOL, NULL}, {"unsigned", CK_BOOL, NULL}, {"null", CK_BOOL, NULL}, {"column", CK_STR, NULL});

/* The emit_* and output options, shared by v2's gen.go and v1's packages. */
#define CK_GO_COMMON                                                                                                   \
    {"emit_interface", CK_BOOL, NULL}, {"emit_json_tags", CK_BOOL, NULL}, {"json_tags_id_uppercase", CK_BOOL, NULL},   \
        {"emit_db_tags", CK_BOOL, NULL}, {"emit_prepared_queries", CK_BOOL, NULL},                                     \
        {"emit_exact_table_names", CK_BOOL, NULL}, {"emit_empty_slices", CK_BOOL, NULL},                               \
        {"emit_exported_queries", CK_BOOL, NULL}, {"emit_result_struct_pointers", CK_BOOL, NULL},                      \
        {"emit_params_struct_pointers", CK_BOOL, NULL}, {"emit_methods_with_db_argument", CK_BOOL, NULL},              \
        {"emit_pointers_for_null_types", CK_BOOL, NULL}, {"emit_enum_valid_method", CK_BOOL, NULL},                    \
        {"emit_all_enum_values", CK_BOOL, NULL}, {"emit_sql_as_comment", CK_BOOL, NULL},                               \
        {"json_tags_case_style", CK_STR, NULL}, {"sql_package", CK_STR, NULL}, {"sql_driver", CK_STR, NULL},           \
        {"overrides", CK_LIST, &ck_override}, {"output_batch_file_name", CK_STR, NULL},                                \
        {"output_db_file_name", CK_STR, NULL}, {"output_models_file_name", CK_STR, NULL},                              \
        {"output_querier_file_name", CK_STR, NULL}, {"output_copyfrom_file_name", CK_STR, NULL},                       \
        {"output_files_suffix", CK_STR, NULL}, {"query_parameter_limit", CK_INT, NULL},                                \
        {"omit_sqlc_version", CK_BOOL, NULL}, {"omit_unused_structs", CK_BOOL, NULL}, {"build_tags", CK_STR, NULL}

CK_SHAPE(ck_go, "gen.go", CK_GO_COMMON, {"package", CK_STR, NULL}, {"out", CK_STR, NULL},
         {"rename", CK_STRMAP, NULL}, {"inflection_exclude_table_names", CK_STRLIST, NULL},
         {"wrap_errors", CK_BOOL, NULL}, {"initialisms", CK_STRLIST, NULL},
         {"emit_nullable_for_null_arrays", CK_BOOL, NULL}, {"emit_query_batch", CK_BOOL, NULL});
CK_SHAPE(ck_json, "gen.json", {"out", CK_STR, NULL}, {"indent", CK_STR, NULL}, {"filename", CK_STR, NULL});
CK_SHAPE(ck_gen, "gen", {"go", CK_OBJ, &ck_go}, {"json", CK_OBJ, &ck_json});
CK_SHAPE(ck_codegen, "codegen", {"out", CK_STR, NULL}, {"plugin", CK_STR, NULL}, {"options", CK_ANY, NULL});
CK_SHAPE(ck_sql, "a sql package", {"name", CK_STR, NULL}, {"engine", CK_STR, NULL}, {"schema", CK_PATHS, NULL},
         {"queries", CK_PATHS, NULL}, {"database", CK_OBJ, &ck_database}, {"analyzer", CK_OBJ, &ck_analyzer},
         {"strict_function_checks", CK_BOOL, NULL}, {"strict_order_by", CK_BOOL, NULL}, {"gen", CK_OBJ, &ck_gen},
         {"codegen", CK_LIST, &ck_codegen}, {"rules", CK_STRLIST, NULL});
CK_SHAPE(ck_global_go, "overrides.go", {"overrides", CK_LIST, &ck_override}, {"rename", CK_STRMAP, NULL});
CK_SHAPE(ck_global, "overrides", {"go", CK_OBJ, &ck_global_go});
CK_SHAPE(ck_process, "process", {"cmd", CK_STR, NULL}, {"format", CK_STR, NULL});
CK_SHAPE(ck_wasm, "wasm", {"url", CK_STR, NULL}, {"sha256", CK_STR, NULL});
CK_SHAPE(ck_plugin, "a plugin", {"name", CK_STR, NULL}, {"env", CK_STRLIST, NULL}, {"process", CK_OBJ, &ck_process},
         {"wasm", CK_OBJ, &ck_wasm});
CK_SHAPE(ck_rule, "a rule", {"name", CK_STR, NULL}, {"rule", CK_STR, NULL}, {"message", CK_STR, NULL});
CK_SHAPE(ck_v2, "the configuration (version 2)", {"version", CK_STR, NULL}, {"cloud", CK_OBJ, &ck_cloud},
         {"servers", CK_LIST, &ck_server}, {"sql", CK_LIST, &ck_sql}, {"overrides", CK_OBJ, &ck_global},
         {"plugins", CK_LIST, &ck_plugin}, {"rules", CK_LIST, &ck_rule}, {"options", CK_ANY, NULL});
CK_SHAPE(ck_v1_package, "a package", CK_GO_COMMON, {"name", CK_STR, NULL}, {"engine", CK_STR, NULL},
         {"database", CK_OBJ, &ck_database}, {"analyzer", CK_OBJ, &ck_analyzer}, {"path", CK_STR, NULL},
         {"schema", CK_PATHS, NULL}, {"queries", CK_PATHS, NULL}, {"strict_function_checks", CK_BOOL, NULL},
         {"strict_order_by", CK_BOOL, NULL}, {"rules", CK_STRLIST, NULL});
CK_SHAPE(ck_v1, "the configuration (version 1)", {"version", CK_STR, NULL}, {"cloud", CK_OBJ, &ck_cloud},
         {"packages", CK_LIST, &ck_v1_package}, {"overrides", CK_LIST, &ck_override}, {"rename", CK_STRMAP, NULL},
         {"rules", CK_LIST, &ck_rule});

/* ---------------------------------------------------------------- reading */

typedef struct cfg {
    arena *a;
    sc_sources *src;
    sc_diags *diags;
    uint32_t file;
    yaml_document_t doc;
    size_t errors;
    const char *dir;
    bool expand;
    sqlc_project *out;
} cfg;

/* The byte offset of libyaml's (0-based line, 0-based character column). */
static size_t cfg__offset(const cfg *c, size_t line, size_t col)
{
    const sc_file *f = &c->src->files[c->file];
    size_t i = 0;
    for (size_t l = 0; l < line && i < f->len; i++)
        if (f->text[i] == '\n')
            l++;
    for (size_t k = 0; k < col && i < f->len && f->text[i] != '\n'; k++) {
        i++;
        while (i < f->len && ((unsigned char)f->text[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}

static sc_span cfg__span(const cfg *c, const yaml_node_t *n)
{
    const sc_file *f = &c->src->files[c->file];
    size_t at = n ? cfg__offset(c, n->start_mark.line, n->start_mark.column) : 0;
    size_t end = n ? cfg__offset(c, n->end_mark.line, n->end_mark.column) : 1;
    if (n && n->type != YAML_SCALAR_NODE) {
        /* A block's end is far away: point at its first line only. */
        end = at;
        while (end < f->len && f->text[end] != '\n')
            end++;
    }
    if (at >= f->len)
        at = f->len ? f->len - 1 : 0;
    if (end <= at)
        end = at + 1;
    sc_span s = {c->file, (uint32_t)at, (uint32_t)end, 0, 0};
    source_position(f, at, &s.line, &s.col);
    return s;
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static sc_diag *cfg__error(cfg *c, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = arena_vprintf(c->a, fmt, ap);
    va_end(ap);
    c->errors++;
    return diag_error(c->diags, cfg__span(c, n), "sqlc-config", "%s", msg);
}

static yaml_node_t *cfg__node(cfg *c, int index)
{
    return yaml_document_get_node(&c->doc, index);
}

static const char *cfg__scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

/* A plain null ("", ~, null): the key is as good as absent. */
static bool cfg__null(const yaml_node_t *n)
{
    if (!n)
        return true;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = cfg__scalar(n);
    return !*v || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 || strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

static const char *cfg__path_of(cfg *c, const char *parent, const char *key)
{
    return *parent ? arena_printf(c->a, "%s.%s", parent, key) : key;
}

/* A boolean as sqlc's decoder takes it. */
static int cfg__bool_value(const yaml_node_t *n)
{
    const char *v = cfg__scalar(n);
    if (!v || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return -1;
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strcmp(v, yes[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        if (strcmp(v, no[i]) == 0)
            return 0;
    return -1;
}

static void cfg__check(cfg *c, yaml_node_t *n, const ck_shape *shape, const char *where, int depth);

/* N checked against KIND. */
static void cfg__check_value(cfg *c, yaml_node_t *n, const ck_key *k, const char *where, int depth)
{
    if (cfg__null(n) && k->kind != CK_STR)
        return;
    switch (k->kind) {
    case CK_STR:
        if (n->type != YAML_SCALAR_NODE)
            cfg__error(c, n, "%s: expected a string", where);
        break;
    case CK_BOOL:
        if (cfg__bool_value(n) < 0)
            cfg__error(c, n, "%s: expected true or false", where);
        break;
    case CK_INT: {
        const char *v = cfg__scalar(n);
        char *end = NULL;
        if (!v || !*v || (strtol(v, &end, 10), *end))
            cfg__error(c, n, "%s: expected an integer", where);
        break;
    }
    case CK_PATHS:
    case CK_STRLIST:
        if (n->type == YAML_SCALAR_NODE && k->kind == CK_PATHS)
            break;
        if (n->type != YAML_SEQUENCE_NODE) {
            cfg__error(c, n, "%s: expected %s", where,
                       k->kind == CK_PATHS ? "a path or a list of paths" : "a list of strings");
            break;
        }
        for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
            yaml_node_t *e = cfg__node(c, *i);
            if (!e || e->type != YAML_SCALAR_NODE)
                cfg__error(c, e ? e : n, "%s: expected a string in the list", where);
        }
        break;
    case CK_STRMAP:
        if (n->type != YAML_MAPPING_NODE) {
            cfg__error(c, n, "%s: expected a mapping of names to names", where);
            break;
        }
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
            yaml_node_t *v = cfg__node(c, p->value);
            if (!v || v->type != YAML_SCALAR_NODE)
                cfg__error(c, v ? v : n, "%s: expected a string", where);
        }
        break;
    case CK_ANY:
        break;
    case CK_OBJ:
        cfg__check(c, n, k->shape, where, depth + 1);
        break;
    case CK_GOTYPE:
        if (n->type != YAML_SCALAR_NODE)
            cfg__check(c, n, k->shape, where, depth + 1);
        break;
    case CK_LIST:
        if (n->type != YAML_SEQUENCE_NODE) {
            cfg__error(c, n, "%s: expected a list", where);
            break;
        }
        for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
            yaml_node_t *item = cfg__node(c, *i);
            const char *at = arena_printf(c->a, "%s[%d]", where, (int)(i - n->data.sequence.items.start));
            if (!item || cfg__null(item))
                cfg__error(c, item ? item : n, "%s: expected a mapping (key: value), found nothing", at);
            else
                cfg__check(c, item, k->shape, at, depth + 1);
        }
        break;
    }
}

/* Every key of mapping N must be one SHAPE knows; values are checked too. */
static void cfg__check(cfg *c, yaml_node_t *n, const ck_shape *shape, const char *where, int depth)
{
    if (!n || cfg__null(n))
        return;
    if (depth > 16) {
        cfg__error(c, n, "%s: nested too deeply", where);
        return;
    }
    if (n->type != YAML_MAPPING_NODE) {
        cfg__error(c, n, "%s: expected a mapping (key: value)", *where ? where : shape->what);
        return;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = cfg__node(c, p->key);
        const char *key = cfg__scalar(kn);
        if (!key) {
            cfg__error(c, kn ? kn : n, "%s: keys are names", *where ? where : shape->what);
            continue;
        }
        const ck_key *k = NULL;
        for (size_t i = 0; i < shape->nkeys && !k; i++)
            if (strcmp(shape->keys[i].name, key) == 0)
                k = &shape->keys[i];
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p && k; q++) {
            const char *other = cfg__scalar(cfg__node(c, q->key));
            if (other && strcmp(other, key) == 0) {
                cfg__error(c, kn, "key \"%s\" already set in %s", key, *where ? where : shape->what);
                k = NULL;
                break;
            }
        }
        if (!k) {
            bool dup = false;
            for (size_t i = 0; i < shape->nkeys; i++)
                dup |= strcmp(shape->keys[i].name, key) == 0;
            if (dup)
                continue;
            const char **names = ARENA_ARRAY(c->a, const char *, shape->nkeys);
            for (size_t i = 0; i < shape->nkeys; i++)
                names[i] = shape->keys[i].name;
            sc_diag *d = cfg__error(c, kn, "unknown key \"%s\" in %s (sqlc: field %s not found)", key,
                                    *where ? where : shape->what, key);
            const char *s = diag_suggest(key, names, shape->nkeys);
            if (s)
                diag_note(c->diags, d, NULL, "did you mean \"%s\"?", s);
            continue;
        }
        cfg__check_value(c, cfg__node(c, p->value), k, cfg__path_of(c, where, key), depth);
    }
}

/* The value of KEY in mapping N, or NULL. */
static yaml_node_t *cfg__get(cfg *c, yaml_node_t *n, const char *key)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = cfg__scalar(cfg__node(c, p->key));
        if (k && strcmp(k, key) == 0) {
            yaml_node_t *v = cfg__node(c, p->value);
            return cfg__null(v) ? NULL : v;
        }
    }
    return NULL;
}

static const char *cfg__str(cfg *c, yaml_node_t *n, const char *key)
{
    const char *v = cfg__scalar(cfg__get(c, n, key));
    return v ? arena_strdup(c->a, v) : NULL;
}

static bool cfg__flag(cfg *c, yaml_node_t *n, const char *key)
{
    return cfg__bool_value(cfg__get(c, n, key)) == 1;
}

static const char **cfg__strings(cfg *c, yaml_node_t *n, size_t *count)
{
    *count = 0;
    if (!n || n->type != YAML_SEQUENCE_NODE)
        return NULL;
    size_t len = (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
    const char **out = ARENA_ARRAY(c->a, const char *, len + 1);
    for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
        const char *v = cfg__scalar(cfg__node(c, *i));
        if (v)
            out[(*count)++] = arena_strdup(c->a, v);
    }
    return out;
}

static void cfg__renames(cfg *c, yaml_node_t *n, sqlc_package *pkg)
{
    if (!n || n->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const char *k = cfg__scalar(cfg__node(c, p->key));
        const char *v = cfg__scalar(cfg__node(c, p->value));
        if (!k || !v)
            continue;
        /* The new name becomes a C type name as written: an identifier or nothing. */
        bool ident = (isalpha((unsigned char)v[0]) || v[0] == '_');
        for (const char *q = v; ident && *q; q++)
            ident = isalnum((unsigned char)*q) || *q == '_';
        if (!ident) {
            cfg__error(c, cfg__node(c, p->value),
                       "rename: \"%s\" is not a C name (letters, digits and '_', not starting with a digit)", v);
            continue;
        }
        pkg->renames = arena_grow(c->a, pkg->renames, pkg->nrenames * sizeof *pkg->renames,
                                  (pkg->nrenames + 1) * sizeof *pkg->renames);
        pkg->renames[pkg->nrenames++] = (sqlc_rename){arena_strdup(c->a, k), arena_strdup(c->a, v)};
    }
}

/* ---------------------------------------------------------------- paths */

static int cfg__cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static const char *cfg__base(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static bool cfg__keep(const char *path)
{
    const char *b = cfg__base(path);
    size_t n = strlen(b);
    return b[0] != '.' && n >= 4 && strcmp(b + n - 4, ".sql") == 0 && !(n >= 9 && strcmp(b + n - 9, ".down.sql") == 0);
}

static void cfg__push(cfg *c, const char ***list, size_t *n, const char *path)
{
    *list = arena_grow(c->a, *list, *n * sizeof **list, (*n + 1) * sizeof **list);
    (*list)[(*n)++] = path;
}

/* One path of a schema or queries list (node N), expanded into LIST. */
static void cfg__expand(cfg *c, yaml_node_t *n, const char *what, const char ***list, size_t *count)
{
    const char *given = cfg__scalar(n);
    if (!given)
        return;
    const char *path = given[0] == '/' || !*c->dir ? arena_strdup(c->a, given)
                                                  : arena_printf(c->a, "%s/%s", c->dir, given);
    if (!c->expand) {
        cfg__push(c, list, count, path);
        return;
    }
    const char **found = NULL;
    size_t nfound = 0;
    if (strpbrk(given, "*?[]")) {
        cfg__push(c, &c->out->watch, &c->out->nwatch, path);
        glob_t g;
        memset(&g, 0, sizeof g);
        int rc = glob(path, GLOB_PERIOD, NULL, &g);
        if (rc == 0)
            for (size_t i = 0; i < g.gl_pathc; i++)
                cfg__push(c, &found, &nfound, arena_strdup(c->a, g.gl_pathv[i]));
        else if (rc != GLOB_NOMATCH)
            cfg__error(c, n, "%s: bad pattern %s", what, given);
        globfree(&g);
    } else {
        cfg__push(c, &found, &nfound, path);
    }
    for (size_t i = 0; i < nfound; i++) {
        struct stat st;
        if (stat(found[i], &st) != 0) {
            cfg__error(c, n, "%s: path error: stat %s: %s", what, found[i], strerror(errno));
            continue;
        }
        if (!S_ISDIR(st.st_mode)) {
            if (cfg__keep(found[i]))
                cfg__push(c, list, count, found[i]);
            else if (!strpbrk(given, "*?[]"))
                diag_warning(c->diags, cfg__span(c, n), "sqlc-config",
                             "%s: %s is skipped: sqlc reads only .sql files (and never *.down.sql or dot files)", what,
                             given);
            continue;
        }
        size_t fl = strlen(found[i]);
        cfg__push(c, &c->out->watch, &c->out->nwatch,
                  fl && found[i][fl - 1] == '/' ? found[i] : arena_printf(c->a, "%s/", found[i]));
        DIR *dp = opendir(found[i]);
        if (!dp) {
            cfg__error(c, n, "%s: cannot open folder %s: %s", what, found[i], strerror(errno));
            continue;
        }
        const char **names = NULL;
        size_t nnames = 0;
        struct dirent *de;
        while ((de = readdir(dp)) != NULL)
            if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
                cfg__push(c, &names, &nnames, arena_strdup(c->a, de->d_name));
        closedir(dp);
        if (nnames)
            qsort(names, nnames, sizeof *names, cfg__cmp);
        size_t l = strlen(found[i]);
        for (size_t k = 0; k < nnames; k++) {
            const char *full = arena_printf(c->a, "%s%s%s", found[i], l && found[i][l - 1] == '/' ? "" : "/", names[k]);
            if (cfg__keep(full))
                cfg__push(c, list, count, full);
        }
    }
}

static void cfg__paths(cfg *c, yaml_node_t *n, const char *what, const char ***list, size_t *count)
{
    *list = NULL;
    *count = 0;
    if (!n)
        return;
    if (n->type == YAML_SCALAR_NODE) {
        cfg__expand(c, n, what, list, count);
        return;
    }
    if (n->type != YAML_SEQUENCE_NODE)
        return;
    for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++)
        cfg__expand(c, cfg__node(c, *i), what, list, count);
}

/* ---------------------------------------------------------------- packages */

static bool cfg__engine(cfg *c, yaml_node_t *n, const char *where, sqlc_package *pkg)
{
    const char *e = cfg__scalar(n);
    if (!e) {
        cfg__error(c, n, "%s: engine is required: sqlite or postgresql (sqlc: unknown engine)", where);
        return false;
    }
    if (strcmp(e, "postgresql") == 0) {
        pkg->engine = IR_PROVIDER_POSTGRESQL;
        return true;
    }
    if (strcmp(e, "sqlite") == 0) {
        pkg->engine = IR_PROVIDER_SQLITE;
        return true;
    }
    if (strcmp(e, "mysql") == 0)
        cfg__error(c, n, "%s: engine mysql is not supported by schemac: the engines are sqlite and postgresql", where);
    else
        cfg__error(c, n, "%s: invalid engine \"%s\": sqlite or postgresql", where, e);
    return false;
}

static void cfg__naming(cfg *c, yaml_node_t *go, sqlc_package *pkg)
{
    pkg->exact_table_names = cfg__flag(c, go, "emit_exact_table_names");
    pkg->inflection_exclude = cfg__strings(c, cfg__get(c, go, "inflection_exclude_table_names"),
                                           &pkg->ninflection_exclude);
    yaml_node_t *init = cfg__get(c, go, "initialisms");
    if (init) {
        pkg->initialisms = cfg__strings(c, init, &pkg->ninitialisms);
    } else {
        pkg->initialisms = ARENA_ARRAY(c->a, const char *, 1);
        pkg->initialisms[0] = "id";
        pkg->ninitialisms = 1;
    }
    cfg__renames(c, cfg__get(c, go, "rename"), pkg);
}

static void cfg__package_files(cfg *c, yaml_node_t *entry, const char *where, sqlc_package *pkg)
{
    yaml_node_t *schema = cfg__get(c, entry, "schema");
    yaml_node_t *queries = cfg__get(c, entry, "queries");
    cfg__paths(c, schema, arena_printf(c->a, "%s.schema", where), &pkg->schema, &pkg->nschema);
    cfg__paths(c, queries, arena_printf(c->a, "%s.queries", where), &pkg->queries, &pkg->nqueries);
    if (!queries)
        cfg__error(c, entry, "%s: queries is required: the query files or folders", where);
    else if (c->expand && pkg->nqueries == 0 && c->errors == 0)
        cfg__error(c, queries, "%s: no queries contained in paths (only .sql files are read)", where);
}

static void cfg__v2(cfg *c, yaml_node_t *root, sqlc_project *out)
{
    yaml_node_t *sql = cfg__get(c, root, "sql");
    if (!sql || sql->type != YAML_SEQUENCE_NODE || sql->data.sequence.items.top == sql->data.sequence.items.start) {
        if (!sql || sql->type == YAML_SEQUENCE_NODE)
            cfg__error(c, sql ? sql : root, "no packages: the configuration needs a sql list with one entry or more");
        return;
    }
    size_t n = (size_t)(sql->data.sequence.items.top - sql->data.sequence.items.start);
    out->packages = ARENA_ARRAY(c->a, sqlc_package, n);
    yaml_node_t *global = cfg__get(c, cfg__get(c, root, "overrides"), "go");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *entry = cfg__node(c, sql->data.sequence.items.start[i]);
        if (!entry || entry->type != YAML_MAPPING_NODE)
            continue;
        const char *where = arena_printf(c->a, "sql[%zu]", i);
        sqlc_package *pkg = &out->packages[out->npackages];
        memset(pkg, 0, sizeof *pkg);
        pkg->span = cfg__span(c, entry);
        pkg->name = cfg__str(c, entry, "name");
        yaml_node_t *engine = cfg__get(c, entry, "engine");
        if (!engine) {
            cfg__error(c, entry, "%s: engine is required: sqlite or postgresql (sqlc: unknown engine)", where);
            continue;
        }
        if (!cfg__engine(c, engine, where, pkg))
            continue;
        yaml_node_t *gen = cfg__get(c, entry, "gen");
        yaml_node_t *go = cfg__get(c, gen, "go");
        if (go && !cfg__get(c, go, "out"))
            cfg__error(c, go, "%s.gen.go: out is required (sqlc: no output path)", where);
        yaml_node_t *json = cfg__get(c, gen, "json");
        if (json && !cfg__get(c, json, "out"))
            cfg__error(c, json, "%s.gen.json: out is required (sqlc: no output path)", where);
        pkg->out = cfg__str(c, go, "out");
        pkg->package = cfg__str(c, go, "package");
        if (!pkg->package && pkg->out)
            pkg->package = cfg__base(pkg->out);
        if (cfg__flag(c, go, "emit_methods_with_db_argument") && cfg__flag(c, go, "emit_prepared_queries"))
            cfg__error(c, go, "%s.gen.go: emit_methods_with_db_argument and emit_prepared_queries options are "
                              "mutually exclusive", where);
        cfg__naming(c, go, pkg);
        cfg__renames(c, cfg__get(c, global, "rename"), pkg);
        cfg__package_files(c, entry, where, pkg);
        out->npackages++;
    }
}

static void cfg__v1(cfg *c, yaml_node_t *root, sqlc_project *out)
{
    yaml_node_t *pkgs = cfg__get(c, root, "packages");
    if (!pkgs || pkgs->type != YAML_SEQUENCE_NODE ||
        pkgs->data.sequence.items.top == pkgs->data.sequence.items.start) {
        if (!pkgs || pkgs->type == YAML_SEQUENCE_NODE)
            cfg__error(c, pkgs ? pkgs : root, "no packages: the configuration needs a packages list with one entry or more");
        return;
    }
    size_t n = (size_t)(pkgs->data.sequence.items.top - pkgs->data.sequence.items.start);
    out->packages = ARENA_ARRAY(c->a, sqlc_package, n);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *entry = cfg__node(c, pkgs->data.sequence.items.start[i]);
        if (!entry || entry->type != YAML_MAPPING_NODE)
            continue;
        const char *where = arena_printf(c->a, "packages[%zu]", i);
        sqlc_package *pkg = &out->packages[out->npackages];
        memset(pkg, 0, sizeof *pkg);
        pkg->span = cfg__span(c, entry);
        pkg->out = cfg__str(c, entry, "path");
        if (!pkg->out) {
            cfg__error(c, entry, "%s: path is required (sqlc: missing package path)", where);
            continue;
        }
        pkg->name = cfg__str(c, entry, "name");
        if (!pkg->name)
            pkg->name = cfg__base(pkg->out);
        pkg->package = pkg->name;
        yaml_node_t *engine = cfg__get(c, entry, "engine");
        pkg->engine = IR_PROVIDER_POSTGRESQL;
        if (engine && !cfg__engine(c, engine, where, pkg))
            continue;
        if (cfg__flag(c, entry, "emit_methods_with_db_argument") && cfg__flag(c, entry, "emit_prepared_queries"))
            cfg__error(c, entry, "%s: emit_methods_with_db_argument and emit_prepared_queries options are mutually "
                                 "exclusive", where);
        cfg__naming(c, entry, pkg);
        pkg->ninflection_exclude = 0; /* a version 2 option */
        cfg__renames(c, cfg__get(c, root, "rename"), pkg);
        cfg__package_files(c, entry, where, pkg);
        out->npackages++;
    }
}

size_t sqlc_project_parse(sqlc_project *out, arena *a, sc_sources *src, sc_diags *diags, uint32_t file,
                          const char *dir, bool expand)
{
    memset(out, 0, sizeof *out);
    out->path = src->files[file].path;
    out->dir = dir;
    cfg c;
    memset(&c, 0, sizeof c);
    c.a = a;
    c.src = src;
    c.diags = diags;
    c.file = file;
    c.dir = dir;
    c.expand = expand;
    c.out = out;
    const sc_file *f = &src->files[file];
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        diag_io_error(diags, "%s: the YAML reader could not start", f->path);
        return 1;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)f->text, f->len);
    if (!yaml_parser_load(&parser, &c.doc)) {
        size_t at = cfg__offset(&c, parser.problem_mark.line, parser.problem_mark.column);
        sc_span s = {file, (uint32_t)at, (uint32_t)at + 1, 0, 0};
        if (at >= f->len && f->len)
            s.start = (uint32_t)(f->len - 1), s.end = (uint32_t)f->len;
        source_position(f, s.start, &s.line, &s.col);
        diag_error(diags, s, "sqlc-config", "YAML: %s%s%s", parser.problem ? parser.problem : "cannot read",
                   parser.context ? " " : "", parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        return 1;
    }
    yaml_parser_delete(&parser);
    yaml_node_t *root = yaml_document_get_root_node(&c.doc);
    yaml_node_t *version = cfg__get(&c, root, "version");
    const char *v = cfg__scalar(version);
    if (!root || (root->type != YAML_MAPPING_NODE && !cfg__null(root))) {
        cfg__error(&c, root, "the configuration must be a mapping (version: \"2\", sql: ...)");
    } else if (!v) {
        cfg__error(&c, version ? version : root, "the configuration has no version number: write version: \"2\"");
    } else if (strcmp(v, "1") != 0 && strcmp(v, "2") != 0) {
        cfg__error(&c, version, "invalid version number \"%s\": sqlc configurations are version \"1\" or \"2\"", v);
    } else {
        out->version = v[0] - '0';
        cfg__check(&c, root, out->version == 2 ? &ck_v2 : &ck_v1, "", 0);
        if (c.errors == 0) {
            if (out->version == 2)
                cfg__v2(&c, root, out);
            else
                cfg__v1(&c, root, out);
        }
    }
    yaml_document_delete(&c.doc);
    return c.errors;
}

size_t sqlc_project_read(sqlc_project *out, arena *a, sc_sources *src, sc_diags *diags, const char *path)
{
    memset(out, 0, sizeof *out);
    struct stat st;
    const char *file = path;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        static const char *const names[] = {"sqlc.yaml", "sqlc.yml", "sqlc.json"};
        const char *found[3] = {NULL, NULL, NULL};
        for (size_t i = 0; i < 3; i++) {
            const char *p = arena_printf(a, "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", names[i]);
            if (stat(p, &st) == 0)
                found[i] = p;
        }
        if (found[2] && (found[0] || found[1])) {
            diag_io_error(diags, "%s: sqlc.json and sqlc.yaml (or sqlc.yml) both present: keep one", path);
            return 1;
        }
        file = found[0] ? found[0] : found[1] ? found[1] : found[2];
        if (!file) {
            diag_io_error(diags, "%s: no sqlc.yaml, sqlc.yml or sqlc.json in this folder", path);
            return 1;
        }
    }
    char *text = NULL;
    size_t len = 0;
    const char *err = NULL;
    if (fileio_read(a, file, FILEIO_MAX_INPUT_BYTES, &text, &len, &err) != 0) {
        diag_io_error(diags, "%s", err);
        return 1;
    }
    uint32_t idx = source_add(src, a, file, text, len);
    const char *slash = strrchr(file, '/');
    const char *dir = slash ? arena_strndup(a, file, slash == file ? 1 : (size_t)(slash - file)) : "";
    return sqlc_project_parse(out, a, src, diags, idx, dir, true);
}
