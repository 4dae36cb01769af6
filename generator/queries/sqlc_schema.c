/*
 * sqlc_schema.c - a sqlc package's schema (SQL DDL files) made into the
 * schema model (sqlc_project.h): rollback parts cut off as sqlc cuts them,
 * the DDL applied for the package's engine (introspect.h), each view typed
 * by resolving its SELECT as a query, and tables, views and enums named as
 * sqlc names their Go structs (singular, CamelCase, initialisms, renames).
 */
#include "queries/sqlc_project.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/fileio.h"
#include "base/strbuf.h"
#include "introspect/introspect.h"
#include "queries/qinternal.h"
#include "queries/qresolve.h"

/* ---------------------------------------------------------------- rollback parts */

size_t sqlc_up_length(const char *text, size_t len)
{
    static const char *const markers[] = {"-- +goose down", "-- +migrate down", "---- create above / drop below ----",
                                          "-- migrate:down"};
    size_t at = 0;
    while (at < len) {
        size_t end = at;
        while (end < len && text[end] != '\n')
            end++;
        for (size_t m = 0; m < sizeof markers / sizeof markers[0]; m++) {
            size_t ml = strlen(markers[m]);
            if (end - at >= ml && strncasecmp(text + at, markers[m], ml) == 0)
                return at;
        }
        at = end + 1;
    }
    return len;
}

/* ---------------------------------------------------------------- names */

static bool sn__ends(const char *lw, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(lw + n - k, suffix, k) == 0;
}

static bool sn__vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

/* S with its last CUT bytes replaced by ADD, in upper case when the replaced part is. */
static const char *sn__swap(arena *a, const char *s, size_t n, size_t cut, const char *add)
{
    bool upper = cut > 0;
    for (size_t i = n - cut; i < n && upper; i++)
        upper = !islower((unsigned char)s[i]);
    strbuf b;
    strbuf_init(&b, a);
    strbuf_putn(&b, s, n - cut);
    for (const char *c = add; *c; c++)
        strbuf_putc(&b, upper ? (char)toupper((unsigned char)*c) : *c);
    return strbuf_str(&b);
}

/*
 * jinzhu/inflection's Singular (the rules of Rails' ActiveSupport): whole
 * uncountable words stay; irregular plurals (people, men, children, ...)
 * at the end in lower, Title or upper case; then the first of the singular
 * rules (tried last-added first) whose pattern ends the word, ignoring case.
 */
static const char *sn__inflect(arena *a, const char *s)
{
    size_t n = strlen(s);
    char *lw = arena_strdup(a, s);
    for (size_t i = 0; i < n; i++)
        lw[i] = (char)tolower((unsigned char)lw[i]);
    static const char *const uncountable[] = {"equipment", "information", "rice",   "money",  "species", "series",
                                              "fish",      "sheep",       "jeans",  "police", "evidence"};
    for (size_t i = 0; i < sizeof uncountable / sizeof uncountable[0]; i++)
        if (strcmp(lw, uncountable[i]) == 0)
            return s;
    static const char *const irregular[][2] = {{"person", "people"}, {"man", "men"},       {"child", "children"},
                                               {"sex", "sexes"},     {"move", "moves"},    {"mombie", "mombies"}};
    for (size_t i = 0; i < sizeof irregular / sizeof irregular[0]; i++) {
        const char *pl = irregular[i][1], *sg = irregular[i][0];
        size_t k = strlen(pl);
        if (n < k)
            continue;
        const char *tail = s + n - k;
        bool lower = strcmp(tail, pl) == 0;
        bool title = toupper((unsigned char)pl[0]) == tail[0] && strcmp(tail + 1, pl + 1) == 0;
        bool upper = true;
        for (size_t j = 0; j < k && upper; j++)
            upper = tail[j] == toupper((unsigned char)pl[j]);
        if (!lower && !title && !upper)
            continue;
        strbuf b;
        strbuf_init(&b, a);
        strbuf_putn(&b, s, n - k);
        for (size_t j = 0; sg[j]; j++)
            strbuf_putc(&b, upper ? (char)toupper((unsigned char)sg[j])
                             : (title && j == 0) ? (char)toupper((unsigned char)sg[j])
                                                 : sg[j]);
        return strbuf_str(&b);
    }
    /* The singular rules, last first. */
    if (sn__ends(lw, n, "databases"))
        return sn__swap(a, s, n, 1, "");
    if (sn__ends(lw, n, "quizzes"))
        return sn__swap(a, s, n, 3, "");
    if (sn__ends(lw, n, "matrices"))
        return sn__swap(a, s, n, 4, "ix");
    if (sn__ends(lw, n, "vertices") || sn__ends(lw, n, "indices"))
        return sn__swap(a, s, n, 4, "ex");
    if (n >= 4 && strncmp(lw, "oxen", 4) == 0) {
        strbuf b;
        strbuf_init(&b, a);
        strbuf_putn(&b, s, 2);
        strbuf_puts(&b, s + 4);
        return strbuf_str(&b);
    }
    if (sn__ends(lw, n, "aliases") || sn__ends(lw, n, "statuses"))
        return sn__swap(a, s, n, 2, "");
    if (sn__ends(lw, n, "alias") || sn__ends(lw, n, "status"))
        return s;
    if (sn__ends(lw, n, "octopi") || sn__ends(lw, n, "viri"))
        return sn__swap(a, s, n, 1, "us");
    if (sn__ends(lw, n, "octopus") || sn__ends(lw, n, "virus"))
        return s;
    if (strcmp(lw, "axis") == 0 || strcmp(lw, "axes") == 0)
        return sn__swap(a, s, n, 3, "xis");
    if (sn__ends(lw, n, "crises") || sn__ends(lw, n, "testes"))
        return sn__swap(a, s, n, 2, "is");
    if (sn__ends(lw, n, "crisis") || sn__ends(lw, n, "testis"))
        return s;
    if (sn__ends(lw, n, "shoes"))
        return sn__swap(a, s, n, 1, "");
    if (sn__ends(lw, n, "oes"))
        return sn__swap(a, s, n, 2, "");
    if (sn__ends(lw, n, "buses"))
        return sn__swap(a, s, n, 2, "");
    if (sn__ends(lw, n, "bus"))
        return s;
    if (strcmp(lw, "mice") == 0 || strcmp(lw, "lice") == 0)
        return sn__swap(a, s, n, 3, "ouse");
    if (sn__ends(lw, n, "xes") || sn__ends(lw, n, "ches") || sn__ends(lw, n, "sses") || sn__ends(lw, n, "shes"))
        return sn__swap(a, s, n, 2, "");
    if (sn__ends(lw, n, "cookies") || sn__ends(lw, n, "movies"))
        return sn__swap(a, s, n, 1, "");
    if (sn__ends(lw, n, "series"))
        return s;
    if (n >= 5 && sn__ends(lw, n, "quies"))
        return sn__swap(a, s, n, 3, "y");
    if (n >= 4 && sn__ends(lw, n, "ies") && !sn__vowel(lw[n - 4]))
        return sn__swap(a, s, n, 3, "y");
    if (sn__ends(lw, n, "lves") || sn__ends(lw, n, "rves"))
        return sn__swap(a, s, n, 3, "f");
    if (sn__ends(lw, n, "tives") || sn__ends(lw, n, "hives"))
        return sn__swap(a, s, n, 1, "");
    if (n >= 4 && sn__ends(lw, n, "ves") && lw[n - 4] != 'f')
        return sn__swap(a, s, n, 3, "fe");
    if (strcmp(lw, "analysis") == 0 || strcmp(lw, "analyses") == 0)
        return sn__swap(a, s, n, 3, "sis");
    static const char *const stems[] = {"analy", "ba", "diagno", "parenthe", "progno", "synop", "the"};
    for (size_t i = 0; i < sizeof stems / sizeof stems[0]; i++) {
        size_t k = strlen(stems[i]);
        if (n >= k + 3 && memcmp(lw + n - k - 3, stems[i], k) == 0 &&
            (sn__ends(lw, n, "sis") || sn__ends(lw, n, "ses")))
            return sn__swap(a, s, n, 3, "sis");
    }
    if (sn__ends(lw, n, "ta") || sn__ends(lw, n, "ia"))
        return sn__swap(a, s, n, 1, "um");
    if (sn__ends(lw, n, "news") || sn__ends(lw, n, "ss"))
        return s;
    if (sn__ends(lw, n, "s"))
        return sn__swap(a, s, n, 1, "");
    return s;
}

const char *sqlc_singular(arena *a, const char *name)
{
    /* sqlc's own exceptions come first (internal/inflection/singular.go). */
    if (strcasecmp(name, "campus") == 0 || strcasecmp(name, "meta") == 0 || strcasecmp(name, "metadata") == 0)
        return name;
    if (strcasecmp(name, "calories") == 0)
        return "calorie";
    if (strcasecmp(name, "waves") == 0)
        return "wave";
    return sn__inflect(a, name);
}

const char *sqlc_struct_name(arena *a, const sqlc_package *pkg, const char *name, bool table)
{
    const char *n = name;
    bool exact = pkg && pkg->exact_table_names;
    for (size_t i = 0; pkg && i < pkg->ninflection_exclude && !exact; i++)
        exact = strcasecmp(pkg->inflection_exclude[i], name) == 0;
    if (table && !exact)
        n = sqlc_singular(a, name);
    for (size_t i = pkg ? pkg->nrenames : 0; i-- > 0;)
        if (strcmp(pkg->renames[i].from, n) == 0)
            return pkg->renames[i].to;
    /* Not a letter or a digit: '_'; each '_'-separated part in Title case, or upper case for an initialism. */
    strbuf b;
    strbuf_init(&b, a);
    char *mapped = arena_strdup(a, n);
    for (char *c = mapped; *c; c++)
        if (!isalnum((unsigned char)*c) && (unsigned char)*c < 0x80)
            *c = '_';
    for (char *part = mapped; part;) {
        char *next = strchr(part, '_');
        if (next)
            *next++ = '\0';
        bool init = false;
        for (size_t i = 0; pkg && i < pkg->ninitialisms && !init; i++)
            init = strcmp(pkg->initialisms[i], part) == 0;
        if (!pkg && strcmp(part, "id") == 0)
            init = true;
        for (size_t i = 0; part[i]; i++)
            strbuf_putc(&b, init || i == 0 ? (char)toupper((unsigned char)part[i]) : part[i]);
        part = next;
    }
    const char *out = strbuf_str(&b);
    /* A leading digit gets a '_'; so does a name with no letter or digit at all, which sqlc leaves empty. */
    if (isdigit((unsigned char)out[0]) || !out[0])
        out = arena_printf(a, "_%s", out);
    return out;
}

/* ---------------------------------------------------------------- views */

/* A view's columns from its SELECT (resolved as a query), else (SQLite) from the database. */
static void ss__view(ir_schema *s, arena *a, sc_sources *src, sc_diags *diags, const introspect_view *v,
                     ir_provider engine, size_t *errors)
{
    const sc_file *f = &src->files[v->file];
    q_query q;
    memset(&q, 0, sizeof q);
    q.name = v->name;
    q.cmd = Q_CMD_MANY;
    q.file = f->path;
    q.source = v->file;
    q.format = Q_FORMAT_SQLC;
    q.sql = arena_strndup(a, f->text + v->at, v->len);
    q.sql_len = v->len;
    uint32_t *map = ARENA_ARRAY(a, uint32_t, v->len + 1);
    for (size_t i = 0; i < v->len; i++)
        map[i] = (uint32_t)(v->at + i);
    q.sql_map = map;
    q.span = v->span;
    q.sql_span = (sc_span){v->file, (uint32_t)v->at, (uint32_t)(v->at + (v->len ? v->len : 1)), 0, 0};
    source_position(f, v->at, &q.sql_span.line, &q.sql_span.col);
    unsigned dialect = engine == IR_PROVIDER_POSTGRESQL ? Q_POSTGRES : Q_SQLITE;

    ir_table view;
    memset(&view, 0, sizeof view);
    view.name = v->name;
    view.kind = IR_TABLE_MODEL;
    view.definition = q.sql;
    q_text qt;
    q_resolution r;
    size_t before = diags->nerrors;
    sc_diags quiet;
    diag_init(&quiet, a);
    int rc = q_text_build(&qt, a, &quiet, src, &q, engine) ? q_resolve(&r, a, src, &quiet, &q, &qt, s, dialect, false)
                                                           : -1;
    if (rc != 0 && engine == IR_PROVIDER_SQLITE && v->columns) {
        /* SQLite built it: what it reports (nullable, declared types). */
        view.columns = v->columns;
        view.ncolumns = v->ncolumns;
    } else if (rc != 0) {
        /* Again, with the errors located in the schema file. */
        if (q_text_build(&qt, a, diags, src, &q, engine))
            rc = q_resolve(&r, a, src, diags, &q, &qt, s, dialect, true);
        if (diags->nerrors == before) {
            diag_error(diags, v->span, "schema-sql", "view %s: %s", v->name,
                       rc == -2 && r.syntax_error ? r.syntax_error : "its query cannot be read");
        }
        *errors += diags->nerrors - before;
        return;
    } else {
        view.ncolumns = r.ncolumns;
        view.columns = ARENA_ARRAY(a, ir_column, r.ncolumns + 1);
        for (size_t i = 0; i < r.ncolumns; i++) {
            const q_column *qc = &r.columns[i];
            ir_column *c = &view.columns[i];
            c->name = *qc->name ? qc->name : "?column?";
            c->scalar = qc->type.scalar;
            c->list = qc->type.list;
            c->enum_name = qc->type.enum_db;
            c->nullable = qc->nullable;
            if (!q_type_known(&qc->type)) {
                c->scalar = SC_SCALAR_UNSUPPORTED;
                c->unsupported = "unknown";
            }
        }
    }
    if (v->naliases > view.ncolumns) {
        diag_error(diags, v->span, "schema-sql", "CREATE VIEW %s specifies more column names than columns", v->name);
        (*errors)++;
        return;
    }
    if (v->naliases) {
        ir_column *cols = ARENA_ARRAY(a, ir_column, view.ncolumns + 1);
        memcpy(cols, view.columns, view.ncolumns * sizeof *cols);
        view.columns = cols;
        for (size_t i = 0; i < v->naliases; i++)
            view.columns[i].name = v->aliases[i];
    }
    s->views = arena_grow(a, s->views, s->nviews * sizeof *s->views, (s->nviews + 1) * sizeof *s->views);
    s->views[s->nviews++] = view;
}

/* ---------------------------------------------------------------- the package's schema */

static void ss__name(ir_schema *s, arena *a, sc_diags *diags, const sqlc_package *pkg, size_t *errors)
{
    size_t n = s->ntables + s->nviews + s->nenums;
    const char **names = ARENA_ARRAY(a, const char *, n + 1);
    const char **owners = ARENA_ARRAY(a, const char *, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < s->ntables; i++) {
        s->tables[i].model = sqlc_struct_name(a, pkg, s->tables[i].name, true);
        names[k] = s->tables[i].model;
        owners[k++] = arena_printf(a, "table %s", s->tables[i].name);
    }
    for (size_t i = 0; i < s->nviews; i++) {
        s->views[i].model = sqlc_struct_name(a, pkg, s->views[i].name, true);
        names[k] = s->views[i].model;
        owners[k++] = arena_printf(a, "view %s", s->views[i].name);
    }
    for (size_t i = 0; i < s->nenums; i++) {
        s->enums[i].name = sqlc_struct_name(a, pkg, s->enums[i].db_name, false);
        names[k] = s->enums[i].name;
        owners[k++] = arena_printf(a, "enum %s", s->enums[i].db_name);
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(names[i], names[j]) == 0) {
                sc_diag *d = diag_error(diags, pkg->span, "sqlc-names",
                                        "%s and %s both get the name %s (as sqlc names structs)", owners[j], owners[i],
                                        names[i]);
                diag_note(diags, d, NULL, "give one another name with rename: in gen.go (version 2) or the "
                                          "configuration (version 1), or set emit_exact_table_names");
                (*errors)++;
            }
}

size_t sqlc_package_schema(ir_schema *out, arena *a, sc_sources *src, sc_diags *diags, const sqlc_package *pkg)
{
    memset(out, 0, sizeof *out);
    out->provider = pkg->engine;
    size_t errors = 0;
    introspect_ddl_file *files = ARENA_ARRAY(a, introspect_ddl_file, pkg->nschema + 1);
    size_t nfiles = 0;
    for (size_t i = 0; i < pkg->nschema; i++) {
        char *text = NULL;
        size_t len = 0;
        const char *err = NULL;
        if (fileio_read(a, pkg->schema[i], FILEIO_MAX_INPUT_BYTES, &text, &len, &err) != 0) {
            diag_io_error(diags, "%s", err);
            errors++;
            continue;
        }
        uint32_t idx = source_add(src, a, pkg->schema[i], text, len);
        files[nfiles].file = idx;
        files[nfiles].len = sqlc_up_length(text, len);
        nfiles++;
    }
    if (errors)
        return errors;
    introspect_views views;
    if (pkg->engine == IR_PROVIDER_POSTGRESQL)
        errors += introspect_ddl_postgres(out, &views, a, src, diags, files, nfiles);
    else
        errors += introspect_ddl_sqlite(out, &views, a, src, diags, files, nfiles);
    if (errors)
        return errors;
    for (size_t i = 0; i < views.n; i++)
        ss__view(out, a, src, diags, &views.items[i], pkg->engine, &errors);
    ss__name(out, a, diags, pkg, &errors);
    return errors;
}
