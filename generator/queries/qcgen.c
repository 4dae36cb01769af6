/*
 * qcgen.c - checked queries into C (`schemac generate --queries`): one
 * function per query in the conventions of the CRUD API (docs/queries.md,
 * "The generated C"), written into PREFIX_queries.h and PREFIX_queries.c
 * beside the schema's PREFIX.h and PREFIX.c.
 *
 * A function returns SC_OK or a negative SC_E* code; out parameters come
 * first, then the connection, then the arguments: up to two plain ones, a
 * params struct beyond that (and always for :copyfrom and :batch*, which
 * take an array of them). Rows come back as the model's own struct when the
 * columns are exactly a model's row, else as a row struct named after the
 * query with an sc_model, so the runtime's fetch functions read them. The
 * SQL lives in a static sc_stmt_site as in the CRUD code. A query checked
 * for one database only returns SC_EINVAL on the other, with the reason in
 * sc_conn_error(), and never sends it SQL.
 *
 * Every C name a query takes is checked against the CRUD API's names (read
 * from the generated header) and the other queries' names: a clash is an
 * error at the query's name line, never C that fails to compile.
 */
#include "queries/qinternal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/sql.h>

#include "base/strmap.h"
#include "base/sqltext.h"
#include "cgen/cgen_internal.h"

/* ISO C promises string literals of 4095 characters; longer SQL goes in pieces. */
enum { QG_LITERAL_MAX = 4000, QG_PIECE = 1000 };

/* One C value: a member of a row or params struct, or a plain argument. */
typedef struct qg_val {
    const char *member;  /* C name */
    cgen_kind kind;
    const char *ctype;   /* one value */
    const char *enum_c;  /* CGEN_ENUM: the C enum type */
    bool nullable;
    bool list;           /* an array (PostgreSQL list, or a slice): member + member_count */
    int index;           /* result column (0-based) or parameter number */
    const cgen_model *embed; /* sqlc.embed(): the model, its columns from index on */
    size_t embed_n;
} qg_val;

typedef struct qg_query {
    const q_query *q;
    const char *fn;       /* prefix_name */
    const char *params_t; /* prefix_name_params, or NULL (plain arguments) */
    const char *row_t;    /* the row type: a model's, or prefix_name_row; NULL without rows */
    const char *model;    /* the sc_model of a row: "prefix_m__model" or "fn__model" */
    bool own_row;         /* the row struct is the query's own */
    const cgen_model *row_model; /* else the model whose struct the rows are */
    qg_val *params;
    size_t nparams;
    qg_val *cols;
    size_t ncols;
    size_t nsql;          /* columns of the SQL (an embed stands for its table's) */
    const char *where;    /* file:line */
} qg_query;

typedef struct qg {
    cgen_ctx c;
    arena *a;
    sc_diags *diags;
    const sc_sources *src;
    strmap taken;         /* C name -> who took it (text for messages) */
    strmap embeds;        /* model C name -> the model, read at an offset */
    strmap enum_lists;    /* enum C type -> 1: a static list reader is needed */
    size_t errors;
} qg;

/* ---------------------------------------------------------------- names */

static const char *const qg__locals[] = {"conn", "out", "st", "rc", "site", "arr", "i", "params", "args", "n",
                                         "counts", "row", "rows", "p", "base", NULL};

static bool qg__is_local(const char *s)
{
    for (size_t i = 0; qg__locals[i]; i++)
        if (strcmp(s, qg__locals[i]) == 0)
            return true;
    return false;
}

/*
 * A query's name in snake case for C: as the CRUD code's names (cgen_snake),
 * except that a capital run's plural stays one word: "DocIDs" is doc_ids,
 * "ListURLs" list_urls (cgen_snake would write doc_i_ds).
 */
static const char *qg__snake(arena *a, const char *name)
{
    size_t n = strlen(name);
    char *copy = arena_strdup(a, name);
    for (size_t i = 2; i < n; i++) {
        bool end = i + 1 == n || !islower((unsigned char)name[i + 1]);
        if (name[i] != 's' || !end || !isupper((unsigned char)name[i - 1]) || !isupper((unsigned char)name[i - 2]))
            continue;
        /* the run "URL" of "URLs" becomes "Url": one word before the s */
        size_t j = i - 1;
        while (j > 0 && isupper((unsigned char)name[j - 1]))
            j--;
        for (size_t k = j + 1; k < i; k++)
            copy[k] = (char)tolower((unsigned char)copy[k]);
    }
    return cgen_snake(a, copy);
}

/* A member name not yet in SEEN, with its companions (has_, _len, _count, _lens) free too. */
static const char *qg__member(qg *g, strmap *seen, const char *want, bool arg)
{
    const char *base = cgen_member_name(g->a, want && *want ? want : "column");
    for (int n = 1;; n++) {
        const char *m = n == 1 ? base : arena_printf(g->a, "%s_%d", base, n);
        if (arg && qg__is_local(m))
            continue;
        const char *names[] = {m, arena_printf(g->a, "has_%s", m), arena_printf(g->a, "%s_len", m),
                               arena_printf(g->a, "%s_count", m), arena_printf(g->a, "%s_lens", m)};
        bool free_ = true;
        for (size_t k = 0; k < 5 && free_; k++)
            free_ = !strmap_gets(seen, names[k]);
        if (!free_)
            continue;
        for (size_t k = 0; k < 5; k++)
            strmap_adds(seen, names[k], (void *)m);
        return m;
    }
}

/* Take a global C NAME for query Q; a clash is an error at Q's name. */
static void qg__take(qg *g, const q_query *q, const char *name, const char *what)
{
    const char *who = arena_printf(g->a, "the %s of query \"%s\" (%s:%u)", what, q->name, q->file, q->span.line);
    const char *first = strmap_adds(&g->taken, name, (void *)who);
    if (!first)
        return;
    sc_diag *d = diag_error(g->diags, q->span, "c-name-clash", "query \"%s\": its %s would be the C name %s, which is already %s",
                            q->name, what, name, first);
    diag_note(g->diags, d, NULL, "rename the query (-- name: ...): its C names are the prefix, then the name in snake case");
    g->errors++;
}

/* Every identifier of TEXT (a generated header) that starts with PREFIX_ or UPPER_ is the CRUD API's. */
static void qg__crud_names(qg *g, const char *text)
{
    size_t pl = strlen(g->c.prefix);
    const char *up = g->c.upper_prefix;
    for (const char *p = text; *p;) {
        if (!(isalpha((unsigned char)*p) || *p == '_')) {
            p++;
            continue;
        }
        const char *s = p;
        while (isalnum((unsigned char)*p) || *p == '_')
            p++;
        size_t n = (size_t)(p - s);
        if (n > pl && s[pl] == '_' && (strncmp(s, g->c.prefix, pl) == 0 || strncmp(s, up, pl) == 0)) {
            const char *name = arena_strndup(g->a, s, n);
            strmap_adds(&g->taken, name, (void *)arena_printf(g->a, "a name of the generated CRUD API (%s.h)", g->c.prefix));
        }
    }
}

/* ---------------------------------------------------------------- types */

static void qg__type(qg *g, qg_val *v, const q_type *t)
{
    v->list = t->list;
    if (t->enum_name) {
        v->kind = CGEN_ENUM;
        v->enum_c = arena_printf(g->a, "%s_%s", g->c.prefix, cgen_snake(g->a, t->enum_name));
        v->ctype = v->enum_c;
        return;
    }
    switch (t->scalar) {
    case SC_SCALAR_BOOLEAN: v->kind = CGEN_BOOL; v->ctype = "bool"; break;
    case SC_SCALAR_INT: v->kind = CGEN_I32; v->ctype = "int32_t"; break;
    case SC_SCALAR_BIGINT: v->kind = CGEN_I64; v->ctype = "int64_t"; break;
    case SC_SCALAR_FLOAT: v->kind = CGEN_F64; v->ctype = "double"; break;
    case SC_SCALAR_DATETIME: v->kind = CGEN_TIME; v->ctype = "sc_timestamp"; break;
    case SC_SCALAR_BYTES: v->kind = CGEN_BYTES; v->ctype = "uint8_t *"; break;
    case SC_SCALAR_DECIMAL: v->kind = CGEN_DECIMAL; v->ctype = "char *"; break;
    case SC_SCALAR_JSON: v->kind = CGEN_JSON; v->ctype = "char *"; break;
    default: v->kind = CGEN_TEXT; v->ctype = "char *"; break;
    }
}

static bool qg__ptr(cgen_kind k)
{
    return k == CGEN_TEXT || k == CGEN_DECIMAL || k == CGEN_JSON || k == CGEN_BYTES;
}

/* "const char *" for an argument of a pointer type. */
static const char *qg__arg_type(qg *g, const qg_val *v)
{
    if (v->list)
        return arena_printf(g->a, "%s%s%s *", qg__ptr(v->kind) ? "" : "const ", v->ctype,
                            v->ctype[strlen(v->ctype) - 1] == '*' ? " const" : "");
    if (qg__ptr(v->kind))
        return v->kind == CGEN_BYTES ? "const uint8_t *" : "const char *";
    return v->ctype;
}

/* The declaration of V as struct members (INDENT), with its flag and lengths. */
static void qg__member_decl(qg *g, strbuf *b, const qg_val *v)
{
    (void)g;
    const char *sp = v->ctype[strlen(v->ctype) - 1] == '*' ? "" : " ";
    if (v->embed) {
        if (v->nullable)
            strbuf_printf(b, "    bool has_%s; /* false: the outer join found no row */\n", v->member);
        strbuf_printf(b, "    %s %s; /* sqlc.embed */\n", v->embed->cname, v->member);
        return;
    }
    if (v->nullable)
        strbuf_printf(b, "    bool has_%s;\n", v->member);
    if (v->list) {
        strbuf_printf(b, "    %s%s*%s; /* array of %s_count */\n", v->ctype, sp, v->member, v->member);
        if (v->kind == CGEN_BYTES)
            strbuf_printf(b, "    size_t *%s_lens;\n", v->member);
        strbuf_printf(b, "    size_t %s_count;\n", v->member);
        return;
    }
    strbuf_printf(b, "    %s%s%s;\n", v->ctype, sp, v->member);
    if (v->kind == CGEN_BYTES)
        strbuf_printf(b, "    size_t %s_len;\n", v->member);
}

/* The same as function arguments: ", bool has_x, const char *x". */
static void qg__arg_decl(qg *g, strbuf *b, const qg_val *v)
{
    if (v->nullable)
        strbuf_printf(b, ", bool has_%s", v->member);
    const char *t = qg__arg_type(g, v);
    const char *sp = t[strlen(t) - 1] == '*' ? "" : " ";
    strbuf_printf(b, ", %s%s%s", t, sp, v->member);
    if (v->list) {
        if (v->kind == CGEN_BYTES)
            strbuf_printf(b, ", const size_t *%s_lens", v->member);
        strbuf_printf(b, ", size_t %s_count", v->member);
    } else if (v->kind == CGEN_BYTES) {
        strbuf_printf(b, ", size_t %s_len", v->member);
    }
}

/* ---------------------------------------------------------------- reading columns */

/* The call reading column COL (an expression) of ST into LV (an lvalue such as row->x) as V says. */
static const char *qg__read_call(qg *g, cgen_kind kind, const char *enum_c, bool list, const char *lv, const char *col)
{
    arena *a = g->a;
    if (list) {
        switch (kind) {
        case CGEN_BOOL: return arena_printf(a, "sc_stmt_column_bools(&%s, &%s_count, st, %s)", lv, lv, col);
        case CGEN_I32: return arena_printf(a, "sc_stmt_column_int32s(&%s, &%s_count, st, %s)", lv, lv, col);
        case CGEN_I64: return arena_printf(a, "sc_stmt_column_int64s(&%s, &%s_count, st, %s)", lv, lv, col);
        case CGEN_F64: return arena_printf(a, "sc_stmt_column_doubles(&%s, &%s_count, st, %s)", lv, lv, col);
        case CGEN_TIME: return arena_printf(a, "sc_stmt_column_times(&%s, &%s_count, st, %s)", lv, lv, col);
        case CGEN_JSON: return arena_printf(a, "sc_stmt_column_jsons(&%s, &%s_count, st, %s)", lv, lv, col);
        case CGEN_BYTES: return arena_printf(a, "sc_stmt_column_blobs(&%s, &%s_lens, &%s_count, st, %s)", lv, lv, lv, col);
        case CGEN_ENUM:
            strmap_adds(&g->enum_lists, enum_c, (void *)enum_c);
            return arena_printf(a, "%s__query_list(&%s, &%s_count, st, %s)", enum_c, lv, lv, col);
        default: return arena_printf(a, "sc_stmt_column_texts(&%s, &%s_count, st, %s)", lv, lv, col);
        }
    }
    switch (kind) {
    case CGEN_BOOL: return arena_printf(a, "sc_stmt_column_bool(&%s, st, %s)", lv, col);
    case CGEN_I32: return arena_printf(a, "sc_stmt_column_int32(&%s, st, %s)", lv, col);
    case CGEN_I64: return arena_printf(a, "sc_stmt_column_int64(&%s, st, %s)", lv, col);
    case CGEN_F64: return arena_printf(a, "sc_stmt_column_double(&%s, st, %s)", lv, col);
    case CGEN_TIME: return arena_printf(a, "sc_stmt_column_timestamp(&%s, st, %s)", lv, col);
    case CGEN_BYTES: return arena_printf(a, "sc_stmt_column_blob_dup(&%s, &%s_len, st, %s)", lv, lv, col);
    case CGEN_ENUM: return arena_printf(a, "%s__column(&%s, st, %s)", enum_c, lv, col);
    default: return arena_printf(a, "sc_stmt_column_text_dup(&%s, st, %s)", lv, col);
    }
}

/* The read of one value with its NULL rule: a nullable scalar through sc_nullable, a nullable list by a check first. */
static const char *qg__read_value(qg *g, cgen_kind kind, const char *enum_c, bool list, bool nullable, const char *owner,
                                  const char *member, const char *col)
{
    const char *lv = arena_printf(g->a, "%s%s", owner, member);
    const char *call = qg__read_call(g, kind, enum_c, list, lv, col);
    if (!nullable)
        return call;
    const char *has = arena_printf(g->a, "%shas_%s", owner, member);
    if (list)
        return arena_printf(g->a, "(%s = !sc_stmt_column_is_null(st, %s)) ? %s : SC_OK", has, col, call);
    return arena_printf(g->a, "sc_nullable(%s, &%s)", call, has);
}

/* The free of what a value owns (OWNER "row->"). */
static void qg__clear_value(strbuf *b, cgen_kind kind, bool list, const char *owner, const char *m)
{
    if (list && kind == CGEN_BYTES)
        strbuf_printf(b, "    sc_blobs_free(%s%s, %s%s_lens, %s%s_count);\n", owner, m, owner, m, owner, m);
    else if (list && qg__ptr(kind))
        strbuf_printf(b, "    sc_texts_free(%s%s, %s%s_count);\n", owner, m, owner, m);
    else if (list || qg__ptr(kind))
        strbuf_printf(b, "    free(%s%s);\n", owner, m);
}

/* ---------------------------------------------------------------- binding values */

/* The call binding the one value EXPR (LEN_EXPR for bytes) of V to parameter IDX. */
static const char *qg__bind_scalar(qg *g, const qg_val *v, const char *expr, const char *len_expr, const char *idx)
{
    arena *a = g->a;
    switch (v->kind) {
    case CGEN_BOOL: return arena_printf(a, "sc_stmt_bind_bool(st, %s, %s)", idx, expr);
    case CGEN_I32: return arena_printf(a, "sc_stmt_bind_int32(st, %s, %s)", idx, expr);
    case CGEN_I64: return arena_printf(a, "sc_stmt_bind_int64(st, %s, %s)", idx, expr);
    case CGEN_F64: return arena_printf(a, "sc_stmt_bind_double(st, %s, %s)", idx, expr);
    case CGEN_TIME: return arena_printf(a, "sc_stmt_bind_timestamp(st, %s, %s)", idx, expr);
    case CGEN_TEXT: return arena_printf(a, "sc_stmt_bind_text(st, %s, %s, -1)", idx, expr);
    case CGEN_DECIMAL: return arena_printf(a, "sc_stmt_bind_decimal(st, %s, %s)", idx, expr);
    case CGEN_JSON: return arena_printf(a, "sc_stmt_bind_json(st, %s, %s)", idx, expr);
    case CGEN_BYTES:
        return arena_printf(a, "(%s ? sc_stmt_bind_blob(st, %s, %s, %s) : sc_stmt_bind_null(st, %s))", expr, idx, expr,
                            len_expr, idx);
    case CGEN_ENUM: return arena_printf(a, "sc_stmt_bind_label(st, %s, %s_to_string(%s))", idx, v->enum_c, expr);
    }
    return "SC_EINVAL";
}

/* The sc_array append of element EXPR[i] of V. */
static const char *qg__array_elem(qg *g, const qg_val *v, const char *e)
{
    arena *a = g->a;
    switch (v->kind) {
    case CGEN_BOOL: return arena_printf(a, "sc_array_bool(&arr, %s[i])", e);
    case CGEN_I32:
    case CGEN_I64: return arena_printf(a, "sc_array_int(&arr, %s[i])", e);
    case CGEN_F64: return arena_printf(a, "sc_array_double(&arr, %s[i])", e);
    case CGEN_TIME: return arena_printf(a, "sc_array_time(&arr, %s[i])", e);
    case CGEN_BYTES: return arena_printf(a, "sc_array_bytes(&arr, %s[i], %s_lens ? %s_lens[i] : 0)", e, e, e);
    case CGEN_ENUM: return arena_printf(a, "sc_array_label(&arr, %s_to_string(%s[i]))", v->enum_c, e);
    default: return arena_printf(a, "sc_array_text(&arr, %s[i])", e);
    }
}

/*
 * The statements binding V, whose value is OWNER + member (OWNER "" for an
 * argument, "params->" for a struct), to parameter IDX; a chain on rc.
 */
static void qg__bind(qg *g, strbuf *o, const qg_val *v, const char *owner, const char *idx, const char *in)
{
    arena *a = g->a;
    const char *e = arena_printf(a, "%s%s", owner, v->member);
    const char *has = v->nullable ? arena_printf(a, "%shas_%s", owner, v->member) : NULL;
    if (v->list) {
        /* A slice or PostgreSQL list: one parameter, JSON for SQLite's json_each, an array literal for PostgreSQL. */
        strbuf_printf(o, "%sif (rc == SC_OK) {\n", in);
        const char *in2 = arena_printf(a, "%s    ", in);
        if (has) {
            strbuf_printf(o, "%sif (!%s) {\n%s    rc = sc_stmt_bind_null(st, %s);\n%s} else {\n", in2, has, in2, idx, in2);
            in2 = arena_printf(a, "%s    ", in2);
        }
        strbuf_printf(o, "%ssc_array arr;\n%ssc_array_init(&arr, sc_stmt_array_style(st));\n", in2, in2);
        strbuf_printf(o, "%sif (!%s && %s_count)\n%s    arr.rc = SC_EINVAL; /* NULL with a count of items */\n", in2, e, e, in2);
        strbuf_printf(o, "%sfor (size_t i = 0; %s && i < %s_count; i++)\n%s    %s;\n", in2, e, e, in2, qg__array_elem(g, v, e));
        strbuf_printf(o, "%src = sc_stmt_bind_array(st, %s, &arr);\n", in2, idx);
        if (has)
            strbuf_printf(o, "%s    }\n", in);
        strbuf_printf(o, "%s}\n", in);
        return;
    }
    const char *call = qg__bind_scalar(g, v, e, arena_printf(a, "%s_len", e), idx);
    if (has)
        call = arena_printf(a, "%s ? %s : sc_stmt_bind_null(st, %s)", has, call, idx);
    strbuf_printf(o, "%sif (rc == SC_OK)\n%s    rc = %s;\n", in, in, call);
}

/* ---------------------------------------------------------------- SQL */

static const char *qg__pieces(qg *g, const char *text, const char *in)
{
    strbuf b;
    strbuf_init(&b, g->a);
    size_t len = strlen(text);
    for (size_t off = 0, n; off < len; off += n) {
        n = len - off < QG_PIECE ? len - off : QG_PIECE;
        while (n > 1 && off + n < len && ((unsigned char)text[off + n] & 0xC0) == 0x80)
            n--;
        strbuf_printf(&b, "%s%s,\n", in, cgen_c_string(g->a, arena_strndup(g->a, text + off, n)));
    }
    strbuf_printf(&b, "%sNULL", in);
    return strbuf_str(&b);
}

/* `static sc_stmt_site NAME = ...;` for LITE and PG (one of them may stand for both). */
static void qg__site(qg *g, strbuf *o, const char *name, const char *lite, const char *pg)
{
    arena *a = g->a;
    char *derived = sc_sql_to_pg(lite);
    bool one = derived && strcmp(derived, pg) == 0;
    free(derived);
    const char *ll = cgen_c_string(a, lite), *pl = cgen_c_string(a, pg);
    if (strlen(ll) <= QG_LITERAL_MAX && strlen(pl) <= QG_LITERAL_MAX) {
        if (one)
            strbuf_printf(o, "    static sc_stmt_site %s = SC_STMT_SITE(%s, NULL);\n", name, ll);
        else
            strbuf_printf(o, "    static sc_stmt_site %s = SC_STMT_SITE(\n        %s,\n        %s);\n", name, ll, pl);
        return;
    }
    strbuf_printf(o, "    static const char *const %s_lite[] = {\n%s};\n", name, qg__pieces(g, lite, "        "));
    if (!one)
        strbuf_printf(o, "    static const char *const %s_pg[] = {\n%s};\n", name, qg__pieces(g, pg, "        "));
    strbuf_printf(o, "    static const sc_stmt_parts %s_parts = {%s_lite, %s};\n", name, name,
                  one ? "NULL" : arena_printf(a, "%s_pg", name));
    strbuf_printf(o, "    static sc_stmt_site %s = SC_STMT_SITE_PARTS(&%s_parts);\n", name, name);
}

/* Whether a value of V needs array_to_json on PostgreSQL (a list column, or an embedded model's). */
static bool qg__has_list_column(const qg_query *x)
{
    for (size_t k = 0; x->row_model && k < x->row_model->nfields; k++)
        if (x->row_model->fields[k].col->list)
            return true;
    for (size_t i = 0; i < x->ncols; i++) {
        const qg_val *v = &x->cols[i];
        if (v->list)
            return true;
        for (size_t k = 0; v->embed && k < v->embed->nfields; k++)
            if (v->embed->fields[k].col->list)
                return true;
    }
    return false;
}

/*
 * PostgreSQL's text of X: list columns come back as JSON text
 * (array_to_json), one format whatever the result mode, as the CRUD code
 * reads them. The statement is wrapped in a CTE whose column list names the
 * columns by position: WITH q(c1, c2) AS (...) SELECT q.c1, array_to_json(q.c2) FROM q.
 */
static const char *qg__pg_text(qg *g, const qg_query *x, const char *pg)
{
    if (!qg__has_list_column(x))
        return pg;
    size_t n = x->nsql;
    bool *list = ARENA_ARRAY(g->a, bool, n + 1);
    for (size_t k = 0; x->row_model && k < x->row_model->nfields; k++)
        list[k] = x->row_model->fields[k].col->list;
    for (size_t i = 0; i < x->ncols; i++) {
        const qg_val *v = &x->cols[i];
        if (v->embed) {
            for (size_t k = 0; k < v->embed->nfields; k++)
                list[(size_t)v->index + (size_t)(v->embed->fields[k].col - v->embed->t->columns)] =
                    v->embed->fields[k].col->list;
        } else {
            list[v->index] = v->list;
        }
    }
    strbuf b;
    strbuf_init(&b, g->a);
    strbuf_puts(&b, "WITH q__(");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&b, "%sc%zu", i ? ", " : "", i + 1);
    strbuf_printf(&b, ") AS (%s) SELECT ", pg);
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&b, list[i] ? "%sarray_to_json(q__.c%zu)" : "%sq__.c%zu", i ? ", " : "", i + 1);
    strbuf_puts(&b, " FROM q__");
    return strbuf_str(&b);
}

/* ---------------------------------------------------------------- the view of one query */

/*
 * Q's file as generated text names it: relative to the schema's folder when
 * it lies inside, else its base name when absolute, so that the output does
 * not depend on where the build runs.
 */
static const char *qg__file(qg *g, const q_query *q)
{
    const char *schema = g->c.o->schema_name;
    const char *slash = schema ? strrchr(schema, '/') : NULL;
    if (slash) {
        size_t n = (size_t)(slash - schema) + 1;
        if (strncmp(q->file, schema, n) == 0)
            return q->file + n;
    }
    if (q->file[0] == '/') {
        const char *b = strrchr(q->file, '/');
        return b + 1;
    }
    return q->file;
}

static const char *qg__where(qg *g, const q_query *q)
{
    return arena_printf(g->a, "%s:%u", qg__file(g, q), q->span.line);
}

static bool qg__batch(q_cmd c)
{
    return c == Q_CMD_BATCHEXEC || c == Q_CMD_BATCHMANY || c == Q_CMD_BATCHONE;
}

static bool qg__rows(q_cmd c)
{
    return c == Q_CMD_ONE || c == Q_CMD_MANY || c == Q_CMD_BATCHONE || c == Q_CMD_BATCHMANY;
}

static void qg__view(qg *g, qg_query *x, const q_query *q)
{
    arena *a = g->a;
    memset(x, 0, sizeof *x);
    x->q = q;
    x->where = qg__where(g, q);
    x->fn = arena_printf(a, "%s_%s", g->c.prefix, qg__snake(a, q->name));
    bool structured = q->nparams > 2 || q->cmd == Q_CMD_COPYFROM || qg__batch(q->cmd);
    if (structured)
        x->params_t = arena_printf(a, "%s_params", x->fn);
    strmap seen;
    strmap_init(&seen, a);
    x->params = ARENA_ARRAY(a, qg_val, q->nparams + 1);
    for (size_t i = 0; i < q->nparams; i++) {
        const q_param *p = &q->params[i];
        qg_val *v = &x->params[x->nparams++];
        qg__type(g, v, &p->type);
        v->list = p->type.list || p->slice;
        v->nullable = p->nullable;
        v->index = p->number;
        v->member = qg__member(g, &seen, *p->name ? p->name : arena_printf(a, "column_%d", p->number), !structured);
    }
    if (!qg__rows(q->cmd))
        return;
    /* The model's own struct when the columns are its row (a table with generated CRUD code). */
    const cgen_model *mr = q->model_row ? cgen_model_of(&g->c, q->model_row) : NULL;
    if (mr && mr->nfields == q->ncolumns) {
        x->row_t = mr->cname;
        x->model = arena_printf(a, "%s__model", mr->cname);
        x->row_model = mr;
        x->nsql = q->ncolumns;
        return;
    }
    x->own_row = true;
    x->row_t = arena_printf(a, "%s_row", x->fn);
    x->model = arena_printf(a, "%s__row_model", x->fn);
    strmap_init(&seen, a);
    x->cols = ARENA_ARRAY(a, qg_val, q->ncolumns + 1);
    int sqlcol = 0; /* an embed is one column here and its table's columns in the SQL */
    for (size_t i = 0; i < q->ncolumns; i++) {
        const q_column *c = &q->columns[i];
        qg_val *v = &x->cols[x->ncols++];
        v->index = sqlcol++;
        if (c->embed) {
            cgen_model *m = cgen_model_of(&g->c, c->embed);
            if (!m) {
                diag_error(g->diags, q->span, "unsupported-query", "query \"%s\": sqlc.embed of %s, which has no C struct",
                           q->name, c->embed);
                g->errors++;
                continue;
            }
            v->embed = m;
            v->embed_n = m->t->ncolumns;
            v->nullable = c->nullable || c->embed_optional;
            v->ctype = m->cname;
            v->member = qg__member(g, &seen, c->embed, false);
            strmap_adds(&g->embeds, m->cname, (void *)m);
            sqlcol += (int)m->t->ncolumns - 1;
            continue;
        }
        qg__type(g, v, &c->type);
        v->nullable = c->nullable;
        v->member = qg__member(g, &seen, *c->name ? c->name : arena_printf(a, "column_%zu", i + 1), false);
    }
    x->nsql = (size_t)sqlcol;
}

/* ---------------------------------------------------------------- declarations */

/* "OUT, sc_conn *conn, ARGS" of X's function. */
static const char *qg__signature(qg *g, const qg_query *x)
{
    strbuf b;
    strbuf_init(&b, g->a);
    const q_query *q = x->q;
    strbuf_printf(&b, "int %s(", x->fn);
    switch (q->cmd) {
    case Q_CMD_ONE: strbuf_printf(&b, "%s **out, ", x->row_t); break;
    case Q_CMD_MANY:
    case Q_CMD_BATCHONE: strbuf_printf(&b, "%s_list *out, ", x->row_t); break;
    case Q_CMD_BATCHMANY: strbuf_printf(&b, "%s_list *out, size_t *counts, ", x->row_t); break;
    case Q_CMD_EXECROWS:
    case Q_CMD_EXECLASTID:
    case Q_CMD_COPYFROM: strbuf_puts(&b, "int64_t *out, "); break;
    case Q_CMD_EXECRESULT: strbuf_puts(&b, "sc_exec_result *out, "); break;
    default: break;
    }
    strbuf_puts(&b, "sc_conn *conn");
    if (q->cmd == Q_CMD_COPYFROM || qg__batch(q->cmd))
        strbuf_printf(&b, ", const %s *%s, size_t n", x->params_t, q->cmd == Q_CMD_COPYFROM ? "rows" : "args");
    else if (x->params_t)
        strbuf_printf(&b, ", const %s *params", x->params_t);
    else
        for (size_t i = 0; i < x->nparams; i++)
            qg__arg_decl(g, &b, &x->params[i]);
    strbuf_puts(&b, ")");
    return strbuf_str(&b);
}

static const char *qg__dialects_note(qg *g, const q_query *q)
{
    if (q->dialects == (Q_SQLITE | Q_POSTGRES))
        return "Runs on SQLite and PostgreSQL.";
    const char *only = q->dialects & Q_SQLITE ? "SQLite" : "PostgreSQL";
    const char *other = q->dialects & Q_SQLITE ? "PostgreSQL" : "SQLite";
    return arena_printf(g->a, "%s only: on %s it returns SC_EINVAL and sends nothing (%s).", only, other,
                        q->why_not ? q->why_not : "not checked there");
}

static const char *qg__what(q_cmd c)
{
    switch (c) {
    case Q_CMD_ONE: return "The one row into a new *OUT (free with its _free); SC_ENOTFOUND when there is none.";
    case Q_CMD_MANY: return "Every row into *OUT, one block (free with _list_free).";
    case Q_CMD_EXEC: return "Runs the statement.";
    case Q_CMD_EXECROWS: return "Runs the statement; *OUT (may be NULL) gets the number of rows it changed.";
    case Q_CMD_EXECLASTID: return "Runs the statement; *OUT (may be NULL) gets SQLite's last insert rowid.";
    case Q_CMD_EXECRESULT: return "Runs the statement; *OUT (may be NULL) gets the rows changed and (SQLite) the last insert rowid.";
    case Q_CMD_COPYFROM:
        return "Inserts ROWS[0..N), all or nothing (a savepoint inside the caller's transaction): COPY FROM STDIN\n"
               "on PostgreSQL, multi-row INSERTs in one transaction on SQLite; *OUT (may be NULL) gets N.";
    case Q_CMD_BATCHEXEC:
        return "Runs the statement for each of ARGS[0..N), all or nothing: one pipeline on PostgreSQL, a\n"
               "prepared loop in a transaction (a savepoint inside the caller's) on SQLite.";
    case Q_CMD_BATCHONE:
        return "The row of each of ARGS[0..N) into *OUT (item i for args[i]), all or nothing: one pipeline on\n"
               "PostgreSQL, a prepared loop in a transaction on SQLite. SC_ENOTFOUND when one gives no row.";
    case Q_CMD_BATCHMANY:
        return "The rows of each of ARGS[0..N) into *OUT, in order, all or nothing: one pipeline on PostgreSQL,\n"
               "a prepared loop in a transaction on SQLite. COUNTS (N entries, may be NULL) gets each one's number.";
    default: return "";
    }
}

static void qg__decl(qg *g, strbuf *h, const qg_query *x)
{
    const q_query *q = x->q;
    strbuf_printf(h, "/* ---------------------------------------------------------------- %s */\n\n", q->name);
    if (x->params_t) {
        strbuf_printf(h, "/* The arguments of %s. */\ntypedef struct %s {\n", q->name, x->params_t);
        for (size_t i = 0; i < x->nparams; i++) {
            if (x->q->params[i].doc)
                cgen_doc_comment(h, x->q->params[i].doc, "    ");
            qg__member_decl(g, h, &x->params[i]);
        }
        strbuf_printf(h, "} %s;\n\n", x->params_t);
    }
    if (x->own_row) {
        strbuf_printf(h, "/* A row of %s. */\ntypedef struct %s {\n", q->name, x->row_t);
        for (size_t i = 0; i < x->ncols; i++)
            qg__member_decl(g, h, &x->cols[i]);
        strbuf_puts(h, CGEN_BLOCK_MEMBER_DECL);
        strbuf_printf(h, "} %s;\n\n", x->row_t);
        strbuf_printf(h, "/* Rows of %s in one block: free with %s_list_free(). */\n", x->row_t, x->row_t);
        strbuf_printf(h, "typedef struct %s_list {\n    %s *items;\n    size_t count;\n} %s_list;\n\n", x->row_t, x->row_t,
                      x->row_t);
        strbuf_printf(h, "/* Free ROW and what it owns (NULL is a no-op). */\nvoid %s_free(%s *row);\n", x->row_t, x->row_t);
        strbuf_printf(h, "/* Free every row of LIST and the block; LIST itself is the caller's. */\nvoid %s_list_free(%s_list *list);\n\n",
                      x->row_t, x->row_t);
    }
    strbuf doc;
    strbuf_init(&doc, g->a);
    strbuf_printf(&doc, "%s %s (%s)\n", q->name, q_cmd_name(q->cmd), x->where);
    if (q->doc && *q->doc)
        strbuf_printf(&doc, "%s\n", q->doc);
    strbuf_printf(&doc, "%s\n%s\n", qg__what(q->cmd), qg__dialects_note(g, q));
    for (size_t i = 0; i < x->nparams; i++)
        if (q->params[i].doc && *q->params[i].doc)
            strbuf_printf(&doc, "%s: %s\n", x->params[i].member, q->params[i].doc);
    strbuf_printf(&doc, "\n%s", q->sql);
    cgen_doc_comment(h, strbuf_str(&doc), "");
    strbuf_printf(h, "%s;\n\n", qg__signature(g, x));
}

/* ---------------------------------------------------------------- definitions */

static const char *const qg__field_types[] = {
    [CGEN_TEXT] = "TEXT", [CGEN_DECIMAL] = "DECIMAL", [CGEN_JSON] = "JSON", [CGEN_BYTES] = "BYTES", [CGEN_BOOL] = "BOOL",
    [CGEN_I32] = "INT32", [CGEN_I64] = "INT64",  [CGEN_F64] = "DOUBLE", [CGEN_TIME] = "TIMESTAMP", [CGEN_ENUM] = "ENUM",
};

/*
 * Whether X's row is read by the runtime from a table of its columns
 * (schemac/fields.h), column i into value i: no sqlc.embed, no nullable
 * list (its flag is the NULL test of the whole array) and no list of enum
 * labels (a NULL label is SC_ENULL here).
 */
static bool qg__table_row(const qg_query *x)
{
    for (size_t i = 0; i < x->ncols; i++) {
        const qg_val *v = &x->cols[i];
        if (v->embed || (v->list && (v->nullable || v->kind == CGEN_ENUM)) || v->index != (int)i)
            return false;
    }
    return true;
}

/* X's row type as a column table (the runtime's reads on PostgreSQL). */
static void qg__row_table(qg *g, strbuf *o, const qg_query *x)
{
    (void)g;
    const char *t = x->row_t;
    strbuf_printf(o, "static const sc_field %s__fields[] = {\n", x->fn);
    for (size_t i = 0; i < x->ncols; i++) {
        const qg_val *v = &x->cols[i];
        strbuf_printf(o, "    {.type = SC_FIELD_%s", qg__field_types[v->kind]);
        if (v->list)
            strbuf_puts(o, ", .flags = SC_FIELD_LIST");
        else if (v->nullable)
            strbuf_puts(o, ", .flags = SC_FIELD_NULLABLE");
        strbuf_printf(o, ", .at = offsetof(%s, %s)", t, v->member);
        if (v->nullable && !v->list)
            strbuf_printf(o, ", .has_at = offsetof(%s, has_%s)", t, v->member);
        if (v->list)
            strbuf_printf(o, ", .len_at = offsetof(%s, %s_count)", t, v->member);
        else if (v->kind == CGEN_BYTES)
            strbuf_printf(o, ", .len_at = offsetof(%s, %s_len)", t, v->member);
        if (v->list && v->kind == CGEN_BYTES)
            strbuf_printf(o, ", .lens_at = offsetof(%s, %s_lens)", t, v->member);
        if (v->kind == CGEN_ENUM)
            strbuf_printf(o, ", .value_size = sizeof(%s), .enum_type = &%s__type", v->enum_c, v->enum_c);
        strbuf_puts(o, "},\n");
    }
    strbuf_puts(o, "};\n\n");
}

/* The values a row of plain values owns, freed (those in its block stay with it), each line indented by IND. */
static void qg__free_values(strbuf *o, const qg_query *x, const char *ind, const char *row)
{
    for (size_t i = 0; i < x->ncols; i++) {
        const qg_val *v = &x->cols[i];
        if (qg__ptr(v->kind) || v->kind == CGEN_BYTES)
            strbuf_printf(o, "%ssc_value_free(%s%s, %s%s);\n", ind, row, v->member, row, CGEN_BLOCK_MEMBER);
    }
}

/*
 * Whether X's rows get a PostgreSQL reader of their own (sc_model.read_pg):
 * its own row of plain values (integers, doubles, booleans, timestamps,
 * text), each a column PostgreSQL sends in the binary form the value reads
 * as it is.
 */
static bool qg__pg_reader(const qg_query *x)
{
    if (!x->own_row || !(x->q->dialects & Q_POSTGRES) || x->ncols == 0 || x->ncols > 64 || !qg__table_row(x))
        return false;
    for (size_t i = 0; i < x->ncols; i++) {
        const qg_val *v = &x->cols[i];
        if (v->list || v->embed)
            return false;
        switch (v->kind) {
        case CGEN_TEXT:
        case CGEN_BOOL:
        case CGEN_I32:
        case CGEN_I64:
        case CGEN_F64:
        case CGEN_TIME: break;
        default: return false;
        }
    }
    return true;
}

/*
 * X's PostgreSQL reader: the text of all rows measured first (each text
 * value's length asked once and kept), one block for the rows and their
 * text, then each row straight from the result. A value it does not read
 * (SQL NULL where the field holds none, a length its type does not have)
 * gives SC__READ_OTHER: the runtime reads the rows by the table instead.
 */
static void qg__pg_reader_fn(qg *g, strbuf *o, const qg_query *x)
{
    size_t ntext = 0;
    for (size_t i = 0; i < x->ncols; i++)
        ntext += x->cols[i].kind == CGEN_TEXT;
    strbuf_printf(o, "static int %s__read_pg(void **out, const void *result, int r0, size_t n, sc_stmt *st)\n{\n"
                     "    const PGresult *res = result;\n",
                  x->fn);
    if (ntext) {
        strbuf_printf(o, "    int one[%zu];\n    int *lens = n == 1 ? one : sc__x_pg_lens(st, n * %zu);\n"
                         "    if (!lens)\n        return SC_ENOMEM;\n    size_t text = 0;\n"
                         "    for (size_t i = 0; i < n; i++) {\n        const int r = r0 + (int)i;\n        int *l = lens + i * %zu;\n",
                      ntext, ntext, ntext);
        size_t j = 0;
        for (size_t i = 0; i < x->ncols; i++)
            if (x->cols[i].kind == CGEN_TEXT)
                strbuf_printf(o, "        l[%zu] = PQgetlength(res, r, %d);\n", j++, x->cols[i].index);
        strbuf_puts(o, "        text += ");
        for (j = 0; j < ntext; j++)
            strbuf_printf(o, "%s(size_t)l[%zu]", j ? " + " : "", j);
        strbuf_printf(o, ";\n    }\n    char *t;\n    void *mark;\n    %s *rows = sc__pgr_block(n, sizeof *rows, text + n * %zu, &t, &mark);\n",
                      x->row_t, ntext);
    } else {
        strbuf_printf(o, "    (void)st;\n    char *t;\n    void *mark;\n    %s *rows = sc__pgr_block(n, sizeof *rows, 0, &t, &mark);\n"
                         "    (void)t;\n",
                      x->row_t);
    }
    strbuf_puts(o, "    if (!rows)\n        return SC_ENOMEM;\n");
    strbuf_printf(o, "    for (size_t i = 0; i < n; i++) {\n        const int r = r0 + (int)i;\n        %s *row = &rows[i];\n", x->row_t);
    if (ntext)
        strbuf_printf(o, "        const int *l = lens + i * %zu;\n", ntext);
    size_t j = 0;
    bool other = false; /* a value may be given back (the label is written only then) */
    for (size_t i = 0; i < x->ncols; i++) {
        const qg_val *v = &x->cols[i];
        const int k = v->index;
        const char *m = v->member;
        other = other || v->kind != CGEN_TEXT || !v->nullable;
        if (v->kind == CGEN_TEXT) {
            const char *copy = arena_printf(g->a, "sc__pgr_text(&t, PQgetvalue(res, r, %d), l[%zu])", k, j);
            if (v->nullable)
                strbuf_printf(o, "        row->has_%s = !(l[%zu] == 0 && PQgetisnull(res, r, %d));\n"
                                 "        row->%s = row->has_%s ? %s : NULL;\n",
                              m, j, k, m, m, copy);
            else
                strbuf_printf(o, "        if (l[%zu] == 0 && PQgetisnull(res, r, %d))\n            goto other;\n        row->%s = %s;\n", j, k,
                              m, copy);
            j++;
            continue;
        }
        int w = v->kind == CGEN_BOOL ? 1 : v->kind == CGEN_I32 ? 4 : 8;
        const char *val = v->kind == CGEN_BOOL  ? arena_printf(g->a, "*PQgetvalue(res, r, %d) != 0", k)
                          : v->kind == CGEN_I32 ? arena_printf(g->a, "(int32_t)sc__pgr_be32(PQgetvalue(res, r, %d))", k)
                          : v->kind == CGEN_I64 ? arena_printf(g->a, "(int64_t)sc__pgr_be64(PQgetvalue(res, r, %d))", k)
                          : v->kind == CGEN_F64 ? arena_printf(g->a, "sc__pgr_float8(PQgetvalue(res, r, %d))", k)
                                                : arena_printf(g->a, "(sc_timestamp)(sc__pgr_be64(PQgetvalue(res, r, %d)) + (uint64_t)SC__PGR_EPOCH_US)", k);
        strbuf_printf(o, "        const int l%zu = PQgetlength(res, r, %d);\n", i, k);
        if (v->nullable)
            strbuf_printf(o, "        if (l%zu == %d) {\n            row->%s = %s;\n            row->has_%s = true;\n"
                             "        } else if (l%zu == 0 && PQgetisnull(res, r, %d)) {\n            row->%s = 0;\n"
                             "            row->has_%s = false;\n        } else {\n            goto other;\n        }\n",
                          i, w, m, val, m, i, k, m, m);
        else
            strbuf_printf(o, "        if (l%zu != %d)\n            goto other;\n        row->%s = %s;\n", i, w, m, val);
    }
    strbuf_printf(o, "        row->%s = mark;\n    }\n    *out = rows;\n    return SC_OK;\n", CGEN_BLOCK_MEMBER);
    strbuf_puts(o, other ? "other:\n    free(rows);\n    return SC__READ_OTHER;\n}\n\n" : "}\n\n");
}

static void qg__row_fns(qg *g, strbuf *o, const qg_query *x)
{
    bool table = qg__table_row(x);
    bool pg = qg__pg_reader(x);
    if (pg)
        qg__pg_reader_fn(g, o, x);
    if (table)
        qg__row_table(g, o, x);
    strbuf_printf(o, "static int %s__read(void *p, sc_stmt *st);\n\nstatic void %s__clear(void *p)\n{\n    %s *row = p;\n", x->fn,
                  x->fn, x->row_t);
    for (size_t i = 0; i < x->ncols; i++) {
        const qg_val *v = &x->cols[i];
        if (v->embed)
            strbuf_printf(o, "    %s__model.clear(&row->%s);\n", v->embed->cname, v->member);
        else if (!v->list && (qg__ptr(v->kind) || v->kind == CGEN_BYTES))
            /* a value in the row's block (a row the runtime read) goes with the block */
            strbuf_printf(o, "    sc_value_free(row->%s, row->%s);\n", v->member, CGEN_BLOCK_MEMBER);
        else
            qg__clear_value(o, v->kind, v->list, "row->", v->member);
    }
    strbuf_puts(o, "    memset(row, 0, sizeof *row);\n}\n\n");
    strbuf_printf(o, "static const sc_model %s = {sizeof(%s), offsetof(%s_list, count), %s__read, %s__clear", x->model, x->row_t,
                  x->row_t, x->fn, x->fn);
    if (table)
        strbuf_printf(o, ", %s__fields, %zu, offsetof(%s, %s), %s};\n\n", x->fn, x->ncols, x->row_t, CGEN_BLOCK_MEMBER,
                      pg ? arena_printf(g->a, "%s__read_pg", x->fn) : "NULL");
    else
        strbuf_puts(o, ", NULL, 0, 0, NULL};\n\n");
    /* rows of plain values: freed here (no clear call per row, no zeroing rows about to go) */
    bool plain = true, owns = false;
    for (size_t i = 0; i < x->ncols; i++) {
        plain = plain && !x->cols[i].embed && !x->cols[i].list;
        owns = owns || qg__ptr(x->cols[i].kind) || x->cols[i].kind == CGEN_BYTES;
    }
    if (!plain) {
        strbuf_printf(o, "void %s_free(%s *row)\n{\n    sc_row_free(row, &%s);\n}\n\n", x->row_t, x->row_t, x->model);
        strbuf_printf(o, "void %s_list_free(%s_list *list)\n{\n    sc_list_free(list, &%s);\n}\n\n", x->row_t, x->row_t, x->model);
    } else {
        strbuf_printf(o, "void %s_free(%s *row)\n{\n    if (!row)\n        return;\n", x->row_t, x->row_t);
        qg__free_values(o, x, "    ", "row->");
        strbuf_puts(o, "    free(row);\n}\n\n");
        strbuf_printf(o, "void %s_list_free(%s_list *list)\n{\n    if (!list)\n        return;\n", x->row_t, x->row_t);
        if (owns) {
            strbuf_printf(o, "    for (size_t i = 0; i < list->count; i++) {\n        %s *row = &list->items[i];\n", x->row_t);
            qg__free_values(o, x, "        ", "row->");
            strbuf_puts(o, "    }\n");
        }
        strbuf_puts(o, "    free(list->items);\n    list->items = NULL;\n    list->count = 0;\n}\n\n");
    }
    strbuf_printf(o, "static int %s__read(void *p, sc_stmt *st)\n{\n    %s *row = p;\n    memset(row, 0, sizeof *row);\n    int rc = SC_OK;\n",
                  x->fn, x->row_t);
    for (size_t i = 0; i < x->ncols; i++) {
        const qg_val *v = &x->cols[i];
        const char *call;
        if (v->embed)
            call = arena_printf(g->a, "%s__query_read(&row->%s, %s, st, %d)", v->embed->cname, v->member,
                                v->nullable ? arena_printf(g->a, "&row->has_%s", v->member) : "NULL", v->index);
        else
            call = qg__read_value(g, v->kind, v->enum_c, v->list, v->nullable, "row->", v->member,
                                  arena_printf(g->a, "%d", v->index));
        strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s;\n", call);
    }
    strbuf_printf(o, "    if (rc != SC_OK)\n        %s__clear(row);\n    return rc;\n}\n\n", x->fn);
}

/* The reader of model M's row from column BASE on (sqlc.embed), shared by the queries that embed it. */
static void qg__embed_reader(qg *g, strbuf *o, const cgen_model *m)
{
    strbuf_printf(o, "/* A %s row from column BASE on (sqlc.embed); HAS (NULL: the row is always there) says whether an outer join found one. */\n",
                  m->t->model);
    strbuf_printf(o, "static int %s__query_read(%s *row, bool *has, sc_stmt *st, int base)\n{\n    memset(row, 0, sizeof *row);\n",
                  m->cname, m->cname);
    strbuf_printf(o, "    if (has) {\n        *has = false;\n        for (int i = 0; i < %zu && !*has; i++)\n"
                     "            *has = !sc_stmt_column_is_null(st, base + i);\n        if (!*has)\n            return SC_OK;\n    }\n",
                  m->t->ncolumns);
    strbuf_puts(o, "    int rc = SC_OK;\n");
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        size_t at = (size_t)(f->col - m->t->columns);
        const char *call = qg__read_value(g, f->kind, f->enum_c, f->col->list, f->col->nullable && !f->col->list, "row->",
                                          f->member, arena_printf(g->a, "base + %zu", at));
        strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s;\n", call);
    }
    strbuf_printf(o, "    if (rc != SC_OK)\n        %s__model.clear(row);\n    return rc;\n}\n\n", m->cname);
}

/* A list of enum labels (array_to_json text) into a malloc'd array of the C enum. */
static void qg__enum_list_reader(qg *g, strbuf *o, const char *e)
{
    (void)g;
    strbuf_printf(o, "static int %s__query_list(%s **out, size_t *count, sc_stmt *st, int col)\n{\n", e, e);
    strbuf_printf(o, "    char **labels = NULL;\n    size_t n = 0;\n    *out = NULL;\n    *count = 0;\n"
                     "    int rc = sc_stmt_column_texts(&labels, &n, st, col);\n    if (rc != SC_OK || n == 0)\n        return rc;\n"
                     "    %s *v = malloc(n * sizeof *v);\n    if (!v)\n        rc = SC_ENOMEM;\n"
                     "    for (size_t i = 0; rc == SC_OK && i < n; i++)\n"
                     "        rc = labels[i] ? %s_from_string(&v[i], labels[i]) : SC_ENULL;\n"
                     "    sc_texts_free(labels, n);\n    if (rc != SC_OK) {\n        free(v);\n        return rc;\n    }\n"
                     "    *out = v;\n    *count = n;\n    return SC_OK;\n}\n\n",
                  e, e);
}

/* The guard of a query checked for one database only. */
static void qg__guard(qg *g, strbuf *o, const q_query *q)
{
    if (q->dialects == (Q_SQLITE | Q_POSTGRES))
        return;
    bool lite = q->dialects & Q_SQLITE;
    const char *msg = arena_printf(g->a, "%s (%s) is a query for %s only%s%s", q->name, qg__where(g, q),
                                   lite ? "SQLite" : "PostgreSQL", q->why_not ? ": " : "", q->why_not ? q->why_not : "");
    strbuf_printf(o, "    if (sc_conn_dialect(conn) != %s)\n        return sc_conn_set_error(conn, SC_EINVAL, %s);\n",
                  lite ? "SC_DIALECT_SQLITE" : "SC_DIALECT_POSTGRES", cgen_c_string(g->a, msg));
}

/* The site of X's statement, named NAME. */
static void qg__query_site(qg *g, strbuf *o, const qg_query *x, const char *name)
{
    const q_query *q = x->q;
    const char *lite = q->sql_sqlite, *pg = q->sql_postgres;
    if (pg && qg__rows(q->cmd))
        pg = qg__pg_text(g, x, pg);
    /* One database only: the other slot holds the same text, never sent (the guard returns first). */
    if (!lite) {
        lite = pg; /* $N stays $N when the site derives PostgreSQL's text: one literal */
    } else if (!pg) {
        char *derived = sc_sql_to_pg(lite);
        pg = derived ? arena_strdup(g->a, derived) : lite;
        free(derived);
    }
    qg__site(g, o, name, lite, pg);
}

/* Binds of every parameter of X from OWNER ("" or "params->"), numbered from BASE + number. */
static void qg__binds(qg *g, strbuf *o, const qg_query *x, const char *owner, const char *base, const char *in)
{
    for (size_t i = 0; i < x->nparams; i++) {
        const qg_val *v = &x->params[i];
        const char *idx = base ? arena_printf(g->a, "%s + %d", base, v->index) : arena_printf(g->a, "%d", v->index);
        qg__bind(g, o, v, owner, idx, in);
    }
}

/* ---------------------------------------------------------------- :copyfrom */

/* The columns and values of INSERT INTO t (cols) VALUES ($a, $b): the table, the column list, parameter per column. */
static bool qg__copy_parts(qg *g, const char *sql, const char **table, const char **cols, int **nums, size_t *n)
{
    const char *into = q_strcasestr(sql, "INTO");
    if (!into)
        return false;
    const char *open = strchr(into, '(');
    if (!open)
        return false;
    const char *t0 = into + 4;
    while (t0 < open && isspace((unsigned char)*t0))
        t0++;
    const char *t1 = open;
    while (t1 > t0 && isspace((unsigned char)t1[-1]))
        t1--;
    const char *close = open;
    bool quoted = false;
    for (close = open + 1; *close && (quoted || *close != ')'); close++)
        if (*close == '"')
            quoted = !quoted;
    if (*close != ')')
        return false;
    const char *values = q_strcasestr(close, "VALUES");
    const char *vopen = values ? strchr(values, '(') : NULL;
    if (!vopen)
        return false;
    *table = arena_strndup(g->a, t0, (size_t)(t1 - t0));
    *cols = arena_strndup(g->a, open + 1, (size_t)(close - open - 1));
    size_t ncols = 1;
    quoted = false;
    for (const char *p = open + 1; p < close; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (*p == ',' && !quoted)
            ncols++;
    }
    int *v = ARENA_ARRAY(g->a, int, ncols + 1);
    size_t k = 0;
    const char *p = vopen + 1;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        if (*p != '$' || !isdigit((unsigned char)p[1]) || k >= ncols)
            return false;
        v[k++] = (int)strtol(p + 1, NULL, 10);
        p++;
        while (isdigit((unsigned char)*p))
            p++;
        while (isspace((unsigned char)*p))
            p++;
        if (*p == ')')
            break;
        if (*p != ',')
            return false;
        p++;
    }
    if (k != ncols)
        return false;
    *nums = v;
    *n = ncols;
    return true;
}

/* The COPY text of value V (OWNER + member) through the sc_copybuf B. */
static void qg__copy_value(qg *g, strbuf *o, const qg_val *v, const char *owner)
{
    arena *a = g->a;
    const char *e = arena_printf(a, "%s%s", owner, v->member);
    const char *in = "    ";
    if (v->nullable) {
        strbuf_printf(o, "    if (!%shas_%s) {\n        sc_copy_null(b);\n    } else {\n", owner, v->member);
        in = "        ";
    }
    if (v->list) {
        strbuf_printf(o, "%s{\n%s    sc_array arr;\n%s    sc_array_init(&arr, SC_ARRAY_PG);\n%s    for (size_t i = 0; i < %s_count; i++)\n"
                         "%s        %s;\n%s    sc_copy_array(b, &arr);\n%s}\n",
                      in, in, in, in, e, in, qg__array_elem(g, v, e), in, in);
    } else {
        const char *call;
        switch (v->kind) {
        case CGEN_BOOL: call = arena_printf(a, "sc_copy_bool(b, %s)", e); break;
        case CGEN_I32:
        case CGEN_I64: call = arena_printf(a, "sc_copy_int(b, %s)", e); break;
        case CGEN_F64: call = arena_printf(a, "sc_copy_double(b, %s)", e); break;
        case CGEN_TIME: call = arena_printf(a, "sc_copy_time(b, %s)", e); break;
        case CGEN_BYTES: call = arena_printf(a, "sc_copy_bytes(b, %s, %s_len)", e, e); break;
        case CGEN_ENUM: call = arena_printf(a, "sc_copy_label(b, %s_to_string(%s))", v->enum_c, e); break;
        default: call = arena_printf(a, "sc_copy_text(b, %s)", e); break;
        }
        strbuf_printf(o, "%s%s;\n", in, call);
    }
    if (v->nullable)
        strbuf_puts(o, "    }\n");
}

static void qg__copyfrom(qg *g, strbuf *o, const qg_query *x)
{
    const q_query *q = x->q;
    arena *a = g->a;
    int per_row = (int)x->nparams;
    /* SQLite: the rows of one multi-row INSERT, its parameters numbered row by row. */
    strbuf_printf(o, "static int %s__bind_rows(sc_stmt *st, const void *rows, size_t n, sc_timestamp now)\n{\n    int rc = SC_OK;\n"
                     "    (void)now;\n    for (size_t r = 0; rc == SC_OK && r < n; r++) {\n"
                     "        const %s *params = (const %s *)rows + r;\n        int base = (int)(r * %d);\n",
                  x->fn, x->params_t, x->params_t, per_row);
    qg__binds(g, o, x, "params->", "base", "        ");
    strbuf_puts(o, "    }\n    return rc;\n}\n\n");
    const char *table = NULL, *cols = NULL;
    int *nums = NULL;
    size_t ncols = 0;
    bool pg = q->sql_postgres && qg__copy_parts(g, q->sql_postgres, &table, &cols, &nums, &ncols);
    if (pg) {
        strbuf_printf(o, "/* One row of COPY's text format. */\nstatic int %s__copy_row(sc_copybuf *b, const void *p)\n{\n"
                         "    const %s *params = p;\n",
                      x->fn, x->params_t);
        for (size_t k = 0; k < ncols; k++)
            for (size_t i = 0; i < x->nparams; i++)
                if (x->params[i].index == nums[k])
                    qg__copy_value(g, o, &x->params[i], "params->");
        strbuf_puts(o, "    return sc_copy_end_row(b);\n}\n\n");
    }
    size_t batch = 32766 / (size_t)(per_row ? per_row : 1);
    if (batch > 100)
        batch = 100;
    strbuf_printf(o, "%s\n{\n", qg__signature(g, x));
    qg__guard(g, o, q);
    const char *lite = q->sql_sqlite ? q->sql_sqlite : q->sql_postgres;
    qg__site(g, o, "one", lite, q->sql_postgres ? q->sql_postgres : lite);
    strbuf_puts(o, "    static sc_stmt_site batch = SC_STMT_SITE(NULL, NULL);\n");
    strbuf_printf(o, "    static const sc_insert_spec insert = {&one, &batch, %zu, %d, sizeof *rows, %s__bind_rows};\n", batch,
                  per_row, x->fn);
    const char *copy = pg ? arena_printf(a, "COPY %s (%s) FROM STDIN", table, cols) : NULL;
    strbuf_printf(o, "    static const sc_copy_spec spec = {%s, %s, &insert, sizeof *rows};\n",
                  copy ? cgen_c_string(a, copy) : "NULL", pg ? arena_printf(a, "%s__copy_row", x->fn) : "NULL");
    strbuf_puts(o, "    return sc_copy_from(out, conn, &spec, rows, n);\n}\n\n");
}

/* ---------------------------------------------------------------- :batch* */

static void qg__batchfn(qg *g, strbuf *o, const qg_query *x)
{
    const q_query *q = x->q;
    strbuf_printf(o, "static int %s__bind(sc_stmt *st, const void *p)\n{\n    const %s *params = p;\n    int rc = SC_OK;\n", x->fn,
                  x->params_t);
    qg__binds(g, o, x, "params->", NULL, "    ");
    strbuf_puts(o, "    return rc;\n}\n\n");
    strbuf_printf(o, "%s\n{\n", qg__signature(g, x));
    qg__guard(g, o, q);
    qg__query_site(g, o, x, "site");
    strbuf_printf(o, "    static const sc_batch_spec spec = {&site, sizeof *args, %s__bind, %s};\n", x->fn,
                  x->model ? arena_printf(g->a, "&%s", x->model) : "NULL");
    if (q->cmd == Q_CMD_BATCHEXEC)
        strbuf_puts(o, "    return sc_batch_run(NULL, NULL, conn, &spec, args, n, SC_BATCH_EXEC);\n}\n\n");
    else if (q->cmd == Q_CMD_BATCHONE)
        strbuf_puts(o, "    return sc_batch_run(out, NULL, conn, &spec, args, n, SC_BATCH_ONE);\n}\n\n");
    else
        strbuf_puts(o, "    return sc_batch_run(out, counts, conn, &spec, args, n, SC_BATCH_MANY);\n}\n\n");
}

/* ---------------------------------------------------------------- the rest */

static void qg__def(qg *g, strbuf *o, const qg_query *x)
{
    const q_query *q = x->q;
    strbuf_printf(o, "/* ---------------------------------------------------------------- %s (%s) */\n\n", q->name, x->where);
    if (x->own_row)
        qg__row_fns(g, o, x);
    if (q->cmd == Q_CMD_COPYFROM) {
        qg__copyfrom(g, o, x);
        return;
    }
    if (qg__batch(q->cmd)) {
        qg__batchfn(g, o, x);
        return;
    }
    strbuf_printf(o, "%s\n{\n", qg__signature(g, x));
    qg__guard(g, o, q);
    if (x->params_t)
        strbuf_printf(o, "    if (!params)\n        return sc_conn_set_error(conn, SC_EINVAL, \"%s: params is NULL\");\n", x->fn);
    qg__query_site(g, o, x, "site");
    strbuf_puts(o, "    sc_stmt *st = NULL;\n    int rc = sc_stmt_prepare_site(&st, conn, &site);\n");
    qg__binds(g, o, x, x->params_t ? "params->" : "", NULL, "    ");
    switch (q->cmd) {
    case Q_CMD_ONE: strbuf_printf(o, "    return sc_stmt_fetch_one(out, st, rc, &%s);\n", x->model); break;
    case Q_CMD_MANY: {
        /* LIMIT $n: the list's first allocation holds that many rows (up to SC_FETCH_PREALLOC_MAX). */
        const char *expected = "0";
        for (size_t i = 0; i < x->nparams && !x->params_t; i++)
            if (strcmp(q->params[i].name, "limit") == 0 && !x->params[i].nullable && !x->params[i].list &&
                (x->params[i].kind == CGEN_I64 || x->params[i].kind == CGEN_I32))
                expected = arena_printf(g->a, "%s > 0 ? (size_t)%s : 0", x->params[i].member, x->params[i].member);
        strbuf_printf(o, "    return sc_stmt_fetch_list(out, st, rc, %s, &%s);\n", expected, x->model);
        break;
    }
    case Q_CMD_EXECROWS: strbuf_puts(o, "    return sc_stmt_finish_rows(out, st, rc);\n"); break;
    case Q_CMD_EXECLASTID: strbuf_puts(o, "    return sc_stmt_finish_lastid(out, st, rc);\n"); break;
    case Q_CMD_EXECRESULT: strbuf_puts(o, "    return sc_stmt_finish_result(out, st, rc);\n"); break;
    default: strbuf_puts(o, "    return sc_stmt_finish(st, rc, SC_FINISH_EXEC);\n"); break;
    }
    strbuf_puts(o, "}\n\n");
}

/* Every C name X takes, checked against what is taken. */
static void qg__names(qg *g, const qg_query *x)
{
    const q_query *q = x->q;
    qg__take(g, q, x->fn, "function");
    if (x->params_t)
        qg__take(g, q, x->params_t, "params struct");
    if (x->own_row) {
        qg__take(g, q, x->row_t, "row struct");
        qg__take(g, q, arena_printf(g->a, "%s_list", x->row_t), "row list");
        qg__take(g, q, arena_printf(g->a, "%s_free", x->row_t), "row free function");
        qg__take(g, q, arena_printf(g->a, "%s_list_free", x->row_t), "row list free function");
        qg__take(g, q, x->model, "row model (internal)");
        qg__take(g, q, arena_printf(g->a, "%s__read", x->fn), "row reader (internal)");
        qg__take(g, q, arena_printf(g->a, "%s__clear", x->fn), "row clear (internal)");
        qg__take(g, q, arena_printf(g->a, "%s__fields", x->fn), "row columns (internal)");
        qg__take(g, q, arena_printf(g->a, "%s__read_pg", x->fn), "PostgreSQL row reader (internal)");
    }
    if (qg__batch(q->cmd))
        qg__take(g, q, arena_printf(g->a, "%s__bind", x->fn), "binder (internal)");
    if (q->cmd == Q_CMD_COPYFROM) {
        qg__take(g, q, arena_printf(g->a, "%s__bind_rows", x->fn), "binder (internal)");
        qg__take(g, q, arena_printf(g->a, "%s__copy_row", x->fn), "COPY writer (internal)");
    }
}

const char *q_cgen_header_name(arena *a, const char *prefix)
{
    return arena_printf(a, "%s_queries.h", prefix);
}

size_t q_cgen(q_cgen_output *out, arena *a, sc_diags *diags, const q_set *set, const ir_schema *s, const cgen_options *o,
              const char *const *crud_headers, size_t ncrud)
{
    qg g;
    memset(&g, 0, sizeof g);
    g.a = a;
    g.diags = diags;
    cgen_context(&g.c, a, s, o);
    strmap_init(&g.taken, a);
    strmap_init(&g.embeds, a);
    strmap_init(&g.enum_lists, a);
    for (size_t i = 0; i < ncrud; i++)
        qg__crud_names(&g, crud_headers[i]);
    memset(out, 0, sizeof *out);
    qg_query *xs = ARENA_ARRAY(a, qg_query, set->n + 1);
    for (size_t i = 0; i < set->n; i++) {
        qg__view(&g, &xs[i], &set->items[i]);
        qg__names(&g, &xs[i]);
    }
    /* The helpers the source defines per model and enum. */
    for (size_t i = 0; i < g.c.nmodels; i++)
        if (strmap_gets(&g.embeds, g.c.models[i].cname))
            strmap_adds(&g.taken, arena_printf(a, "%s__query_read", g.c.models[i].cname), "internal");
    if (g.errors)
        return g.errors;

    const char *schema = o->schema_name ? o->schema_name : "schema";
    const char *slash = strrchr(schema, '/');
    if (slash && slash[1])
        schema = slash + 1;
    out->header_name = (char *)q_cgen_header_name(a, o->prefix);
    out->source_name = arena_printf(a, "%s_queries.c", o->prefix);
    const char *guard = arena_printf(a, "%s_QUERIES_GENERATED_H", g.c.upper_prefix);
    strbuf h;
    strbuf_init(&h, a);
    strbuf_printf(&h,
                  "/*\n * %s - generated by schemac from %s and its query files. Do not edit:\n"
                  " * run `schemac generate` again after changing the schema or a query.\n *\n"
                  " * The typed queries (docs/queries.md): one function per query, in the\n"
                  " * conventions of %s.h (SC_OK or a negative SC_E* code, out parameters\n"
                  " * first, then the connection, then the arguments; `has_x` for NULL).\n */\n"
                  "#ifndef %s\n#define %s\n\n#include \"%s.h\"\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n",
                  out->header_name, schema, o->prefix, guard, guard, o->prefix);
    for (size_t i = 0; i < set->n; i++)
        qg__decl(&g, &h, &xs[i]);
    strbuf_printf(&h, "#ifdef __cplusplus\n}\n#endif\n\n#endif /* %s */\n", guard);

    strbuf src, body;
    strbuf_init(&src, a);
    strbuf_init(&body, a);
    for (size_t i = 0; i < set->n; i++)
        qg__def(&g, &body, &xs[i]);
    strbuf_printf(&src,
                  "/*\n * %s - generated by schemac from %s and its query files. Do not edit.\n */\n"
                  "#include \"%s\"\n\n#include <stddef.h>\n#include <stdlib.h>\n#include <string.h>\n\n",
                  out->source_name, schema, out->header_name);
    bool pg_readers = false;
    for (size_t i = 0; i < set->n; i++)
        pg_readers = pg_readers || qg__pg_reader(&xs[i]);
    if (pg_readers)
        strbuf_puts(&src, "#include <schemac/pg_rows.h>\n\n");
    for (size_t i = 0; i < g.c.nmodels; i++)
        if (strmap_gets(&g.embeds, g.c.models[i].cname))
            qg__embed_reader(&g, &src, &g.c.models[i]);
    for (size_t i = 0; i < s->nenums; i++) {
        const ir_enum *e = &s->enums[i];
        const char *ec = arena_printf(a, "%s_%s", o->prefix, cgen_snake(a, e->name ? e->name : e->db_name));
        if (strmap_gets(&g.enum_lists, ec))
            qg__enum_list_reader(&g, &src, ec);
    }
    strbuf_puts(&src, strbuf_str(&body));
    out->header = strbuf_str(&h);
    out->source = strbuf_str(&src);
    return 0;
}
