/*
 * cgen_query.c - the query functions of each model: create (one and many),
 * upsert, find by every unique key, update (whole row and by field mask),
 * delete (soft when the model has @deletedAt, with restore and purge), list
 * by foreign keys and index prefixes, count, keyset pages, relation loaders
 * and many-to-many link/unlink; and their declarations in the header, each
 * from a template with its doc comment.
 *
 * A generated function holds what is specific to the schema: its SQL in a
 * static sc_stmt_site (one text when PostgreSQL's differs only in its
 * placeholders) and its binds. The rest is the runtime's (schemac/rows.h,
 * array.h, sql.h): reading rows into structs, ending the statement,
 * multi-row INSERTs, batch loaders, list parameters. Binds chain on `rc`
 * and stop at the first failure; every statement is released on every
 * path (the runtime's fetch and finish functions release it).
 */
#include "cgen/cgen_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <schemac/sql.h>

/* ---------------------------------------------------------------- statement sites */

/* ISO C promises string literals of 4095 characters; longer SQL is kept in pieces and joined at run time. */
enum { Q_LITERAL_MAX = 4000, Q_PIECE = 1000 };

static const char *q__lit(cgen_ctx *c, const char *sql)
{
    return cgen_c_string(c->a, sql);
}

/*
 * Whether PG is SQLITE with its placeholders written $N, exactly as the
 * runtime's sc_sql_to_pg writes them (a ?N outside quotes becomes $N,
 * nothing in a '...' or "..." run changes): the site then carries one text.
 * The two have the same length then; SQLITE is walked for its ?N outside
 * quotes, and the runs between them compared whole.
 */
bool cgen_pg_derived(const char *sqlite, const char *pg)
{
    size_t n = strlen(sqlite);
    if (strlen(pg) != n)
        return false;
    static const unsigned char stop[256] = {[0] = 1, ['\''] = 1, ['"'] = 1, ['?'] = 1};
    const unsigned char *l = (const unsigned char *)sqlite;
    size_t i = 0, same = 0; /* [same, i) is still to be compared */
    for (;;) {
        while (!stop[l[i]])
            i++;
        unsigned char ch = l[i];
        if (!ch)
            break;
        if (ch == '?') {
            if (l[i + 1] >= '0' && l[i + 1] <= '9') {
                if (memcmp(sqlite + same, pg + same, i - same) != 0 || pg[i] != '$')
                    return false;
                same = i + 1;
            }
            i++;
            continue;
        }
        /* A quoted run as the runtime's skip_quoted reads it: doubled quotes inside, maybe unterminated. */
        for (i++; l[i]; i++) {
            if (l[i] != ch)
                continue;
            if (l[i + 1] != ch) {
                i++;
                break;
            }
            i++;
        }
    }
    return memcmp(sqlite + same, pg + same, n - same) == 0;
}

static bool q__pg_derived(const cgen_sql sql)
{
    return cgen_pg_derived(sql.sqlite, sql.pg);
}

/* "piece",\n ... NULL of TEXT, each piece short enough to stay a legal literal after escaping. */
static const char *q__pieces(cgen_ctx *c, const char *text, const char *in)
{
    strbuf b;
    strbuf_init(&b, c->a);
    size_t len = strlen(text);
    for (size_t off = 0, n; off < len; off += n) {
        n = len - off < Q_PIECE ? len - off : Q_PIECE;
        /* Cut between characters: a piece that ends inside one is not valid UTF-8 (clang's
           -Winvalid-source-encoding), although the joined text would be. */
        while (n > 1 && off + n < len && ((unsigned char)text[off + n] & 0xC0) == 0x80)
            n--;
        strbuf_printf(&b, "%s%s,\n", in, q__lit(c, arena_strndup(c->a, text + off, n)));
    }
    strbuf_printf(&b, "%sNULL", in);
    return strbuf_str(&b);
}

/*
 * TEXT as a string literal appended to DST. Where the select list of the
 * model being written (c->cols) follows a leading "SELECT " or ends the text
 * after " RETURNING " - where every statement that reads the model's rows has
 * it - the list's macro (c->cols_macro) stands in its place between literals,
 * which the compiler joins into one: each model's list is written once.
 * Returns the length of the one literal it makes, which C's limit is on.
 */
static size_t q__lit_put(cgen_ctx *c, strbuf *dst, const char *text)
{
    if (!c->cols)
        return cgen_c_string_put(dst, text);
    size_t n = strlen(text), k = c->ncols, hits[2], nhits = 0;
    if (n >= k + 7 && memcmp(text, "SELECT ", 7) == 0 && memcmp(text + 7, c->cols, k) == 0)
        hits[nhits++] = 7;
    if (n >= k + 11 && memcmp(text + n - k, c->cols, k) == 0 && memcmp(text + n - k - 11, " RETURNING ", 11) == 0 &&
        (!nhits || n - k >= 7 + k))
        hits[nhits++] = n - k;
    if (!nhits)
        return cgen_c_string_putn(dst, text, n);
    size_t total = 2, at = 0;
    for (size_t i = 0; i < nhits; i++) {
        if (hits[i] > at) {
            total += cgen_c_string_putn(dst, text + at, hits[i] - at) - 2;
            strbuf_putc(dst, ' ');
        }
        strbuf_puts(dst, c->cols_macro);
        total += c->cols_lit - 2;
        c->cols_uses++;
        at = hits[i] + k;
        if (at < n)
            strbuf_putc(dst, ' ');
    }
    if (at < n)
        total += cgen_c_string_putn(dst, text + at, n - at) - 2;
    return total;
}

/*
 * The initializer of a site for SQL appended to DST, between PRE and POST:
 * SC_STMT_SITE(text, NULL) when one text serves both dialects, both texts
 * otherwise (on lines indented IN), or, for text too long for a literal,
 * SC_STMT_SITE_PARTS over pieces declared into DECLS (indented DIN) under
 * NAME - before PRE when DECLS is DST. The literals are written straight
 * into DST: they are most of a generated source's bytes.
 */
static void q__site_init(cgen_ctx *c, strbuf *dst, strbuf *decls, cgen_sql sql, const char *name, const char *din,
                         const char *in, const char *pre, const char *post)
{
    arena *a = c->a;
    bool derived = q__pg_derived(sql);
    /* The literals are written as they are measured (the PostgreSQL one only when it is used); a literal too long
       for C takes the text back out and writes pieces instead. */
    size_t mark = dst->len, uses = c->cols_uses;
    strbuf_puts(dst, pre);
    bool fits;
    if (derived) {
        strbuf_putlit(dst, "SC_STMT_SITE(");
        fits = q__lit_put(c, dst, sql.sqlite) <= Q_LITERAL_MAX;
        strbuf_putlit(dst, ", NULL)");
    } else {
        strbuf_putlit(dst, "SC_STMT_SITE(\n");
        strbuf_puts(dst, in);
        strbuf_putlit(dst, "    ");
        fits = q__lit_put(c, dst, sql.sqlite) <= Q_LITERAL_MAX;
        strbuf_putlit(dst, ",\n");
        strbuf_puts(dst, in);
        strbuf_putlit(dst, "    ");
        fits = q__lit_put(c, dst, sql.pg) <= Q_LITERAL_MAX && fits;
        strbuf_putc(dst, ')');
    }
    if (fits) {
        strbuf_puts(dst, post);
        return;
    }
    dst->len = mark;
    dst->s[mark] = '\0';
    c->cols_uses = uses;
    const char *in2 = arena_printf(a, "%s    ", din);
    strbuf_printf(decls, "%sstatic const char *const %s_lite[] = {\n%s};\n", din, name, q__pieces(c, sql.sqlite, in2));
    if (!derived)
        strbuf_printf(decls, "%sstatic const char *const %s_pg[] = {\n%s};\n", din, name, q__pieces(c, sql.pg, in2));
    strbuf_printf(decls, "%sstatic const sc_stmt_parts %s_parts = {%s_lite, %s};\n", din, name, name,
                  derived ? "NULL" : arena_printf(a, "%s_pg", name));
    strbuf_printf(dst, "%sSC_STMT_SITE_PARTS(&%s_parts)%s", pre, name, post);
}

/* `static sc_stmt_site NAME = ...;` for SQL. */
static void q__site(cgen_ctx *c, strbuf *o, cgen_sql sql, const char *name)
{
    q__site_init(c, o, o, sql, name, "    ", "    ", arena_printf(c->a, "    static sc_stmt_site %s = ", name), ";\n");
}

/* The site of SQL, then `st` prepared from it with `rc` its result. */
static void q__prepare(cgen_ctx *c, strbuf *o, cgen_sql sql)
{
    q__site(c, o, sql, "site");
    strbuf_puts(o, "    sc_stmt *st = NULL;\n    int rc = sc_stmt_prepare_site(&st, conn, &site);\n");
}

/* ---------------------------------------------------------------- chains of binds and reads */

/* Where a chain of `rc = ...` steps stands: `rc` not declared yet, known to be SC_OK, or anything. */
typedef enum q_state { Q_DECLARE, Q_OK, Q_ANY } q_state;

typedef struct q_chain {
    strbuf *o;
    const char *in;
    q_state state;
} q_chain;

/* One step `rc = EXPR`, run only while everything before it succeeded. */
static void q__step(q_chain *ch, const char *expr)
{
    if (ch->state == Q_DECLARE)
        strbuf_printf(ch->o, "%sint rc = %s;\n", ch->in, expr);
    else if (ch->state == Q_OK)
        strbuf_printf(ch->o, "%src = %s;\n", ch->in, expr);
    else
        strbuf_printf(ch->o, "%sif (rc == SC_OK)\n%s    rc = %s;\n", ch->in, ch->in, expr);
    ch->state = Q_ANY;
}

/* `rc` declared (SC_OK) before a step that is not one assignment. */
static void q__declare(q_chain *ch)
{
    if (ch->state == Q_DECLARE)
        strbuf_printf(ch->o, "%sint rc = SC_OK;\n", ch->in);
    if (ch->state != Q_ANY)
        ch->state = Q_OK;
}

/* The call binding value EXPR of field F (one value, not a list) to parameter IDX. */
static const char *q__bind_value(cgen_ctx *c, const cgen_field *f, const char *expr, const char *len_expr, const char *idx)
{
    arena *a = c->a;
    switch (f->kind) {
    case CGEN_BOOL: return arena_printf(a, "sc_stmt_bind_bool(st, %s, %s)", idx, expr);
    case CGEN_I32: return arena_printf(a, "sc_stmt_bind_int32(st, %s, %s)", idx, expr);
    case CGEN_I64: return arena_printf(a, "sc_stmt_bind_int64(st, %s, %s)", idx, expr);
    case CGEN_F64: return arena_printf(a, "sc_stmt_bind_double(st, %s, %s)", idx, expr);
    case CGEN_TIME: return arena_printf(a, "sc_stmt_bind_timestamp(st, %s, %s)", idx, expr);
    /* NULL text binds SQL NULL; the row's text outlives the statement's use: no copy */
    case CGEN_TEXT: return arena_printf(a, "sc_stmt_bind_text_ref(st, %s, %s, -1)", idx, expr);
    case CGEN_DECIMAL: return arena_printf(a, "sc_stmt_bind_decimal(st, %s, %s)", idx, expr);
    case CGEN_JSON: return arena_printf(a, "sc_stmt_bind_json(st, %s, %s)", idx, expr);
    case CGEN_BYTES:
        return arena_printf(a, "(%s ? sc_stmt_bind_blob(st, %s, %s, %s) : sc_stmt_bind_null(st, %s))", expr, idx, expr,
                            len_expr, idx);
    case CGEN_ENUM: return arena_printf(a, "sc_stmt_bind_label(st, %s, %s_to_string(%s))", idx, f->enum_c, expr);
    }
    return "SC_EINVAL";
}

/* The call binding field F of ROW (a pointer expression) to IDX: a list as one JSON array, a nullable one by its flag. */
static const char *q__bind_field(cgen_ctx *c, const cgen_field *f, const char *row, const char *idx)
{
    arena *a = c->a;
    const char *v = arena_printf(a, "%s->%s", row, f->member);
    if (f->col->list) {
        const char *n = arena_printf(a, "%s_count", v);
        switch (f->kind) {
        case CGEN_BOOL: return arena_printf(a, "sc_stmt_bind_bools(st, %s, %s, %s)", idx, v, n);
        case CGEN_I32: return arena_printf(a, "sc_stmt_bind_int32s(st, %s, %s, %s)", idx, v, n);
        case CGEN_I64: return arena_printf(a, "sc_stmt_bind_int64s(st, %s, %s, %s)", idx, v, n);
        case CGEN_F64: return arena_printf(a, "sc_stmt_bind_doubles(st, %s, %s, %s)", idx, v, n);
        case CGEN_TIME: return arena_printf(a, "sc_stmt_bind_times(st, %s, %s, %s)", idx, v, n);
        case CGEN_BYTES: return arena_printf(a, "sc_stmt_bind_blobs(st, %s, %s, %s_lens, %s)", idx, v, v, n);
        case CGEN_ENUM: return arena_printf(a, "%s__bind_list(st, %s, %s, %s)", f->enum_c, idx, v, n);
        /* text, and Decimal and Json values as their text: the cast on the other side parses them */
        default: return arena_printf(a, "sc_stmt_bind_texts(st, %s, %s, %s)", idx, v, n);
        }
    }
    const char *call = q__bind_value(c, f, v, arena_printf(a, "%s_len", v), idx);
    if (f->col->nullable)
        return arena_printf(a, "%s->has_%s ? %s : sc_stmt_bind_null(st, %s)", row, f->member, call, idx);
    return call;
}

/* Bind the key arguments of K (function parameters named after the fields), from parameter FIRST. */
static void q__bind_key_args(cgen_ctx *c, q_chain *ch, const cgen_model *m, const cgen_key *k, int first)
{
    for (size_t i = 0; i < k->nfields; i++) {
        const cgen_field *f = &m->fields[k->fields[i]];
        q__step(ch, q__bind_value(c, f, f->param, arena_printf(c->a, "%s_len", f->param),
                                  arena_printf(c->a, "%d", first + (int)i)));
    }
}

/* ", int32_t id" / ", const char *email" / ", const uint8_t *h, size_t h_len". */
static const char *q__key_params(cgen_ctx *c, const cgen_model *m, const cgen_key *k)
{
    strbuf b;
    strbuf_init(&b, c->a);
    for (size_t i = 0; i < k->nfields; i++) {
        const cgen_field *f = &m->fields[k->fields[i]];
        switch (f->kind) {
        case CGEN_TEXT:
        case CGEN_DECIMAL:
        case CGEN_JSON: strbuf_printf(&b, ", const char *%s", f->param); break;
        case CGEN_BYTES: strbuf_printf(&b, ", const uint8_t *%s, size_t %s_len", f->param, f->param); break;
        default: strbuf_printf(&b, ", %s %s", f->ctype, f->param); break;
        }
    }
    return strbuf_str(&b);
}

/* "email" / "tenant_id, code": K's members, for doc comments. */
static const char *q__key_names(cgen_ctx *c, const cgen_model *m, const cgen_key *k)
{
    strbuf b;
    strbuf_init(&b, c->a);
    for (size_t i = 0; i < k->nfields; i++)
        strbuf_printf(&b, "%s%s", i ? ", " : "", m->fields[k->fields[i]].member);
    return strbuf_str(&b);
}

static bool q__key_ok(const cgen_model *m, const cgen_key *k)
{
    for (size_t i = 0; i < k->nfields; i++)
        if (!cgen_in_sql(&m->fields[k->fields[i]]))
            return false;
    return k->nfields > 0;
}

/* SC_FIELD_<type> names by field kind. */
static const char *const q__types[] = {
    [CGEN_TEXT] = "TEXT", [CGEN_DECIMAL] = "DECIMAL", [CGEN_JSON] = "JSON", [CGEN_BYTES] = "BYTES", [CGEN_BOOL] = "BOOL",
    [CGEN_I32] = "INT32", [CGEN_I64] = "INT64",  [CGEN_F64] = "DOUBLE", [CGEN_TIME] = "TIMESTAMP", [CGEN_ENUM] = "ENUM",
};

/*
 * Where field F lives in a row of M, as sc_field members (", .at = offsetof(...)", its
 * has_ flag, count or length, the lengths of a bytes list), and an enum's size and type.
 * M NULL: the value is a function argument (AT 0), only the enum part.
 */
static void q__field_place(strbuf *b, const cgen_model *m, const cgen_field *f)
{
    const ir_column *col = f->col;
    if (m) {
        strbuf_printf(b, ", .at = offsetof(%s, %s)", m->cname, f->member);
        if (col->nullable && !col->list)
            strbuf_printf(b, ", .has_at = offsetof(%s, has_%s)", m->cname, f->member);
        if (col->list)
            strbuf_printf(b, ", .len_at = offsetof(%s, %s_count)", m->cname, f->member);
        else if (f->kind == CGEN_BYTES)
            strbuf_printf(b, ", .len_at = offsetof(%s, %s_len)", m->cname, f->member);
        if (col->list && f->kind == CGEN_BYTES)
            strbuf_printf(b, ", .lens_at = offsetof(%s, %s_lens)", m->cname, f->member);
    }
    if (f->kind == CGEN_ENUM)
        strbuf_printf(b, ", .value_size = sizeof(%s), .enum_type = &%s__type", f->enum_c, f->enum_c);
}

/*
 * The sc_field initializer of field F as a key value (schemac/fields.h):
 * from a function argument (M NULL: AT 0), or from a row of M (offsets,
 * a nullable field by its flag).
 */
static const char *q__key_entry(cgen_ctx *c, const cgen_model *m, const cgen_field *f)
{
    strbuf b;
    strbuf_init(&b, c->a);
    strbuf_printf(&b, "{.type = SC_FIELD_%s", q__types[f->kind]);
    if (m && f->col->nullable && !f->col->list)
        strbuf_puts(&b, ", .flags = SC_FIELD_NULLABLE");
    else if (m && f->col->list)
        strbuf_puts(&b, ", .flags = SC_FIELD_LIST");
    q__field_place(&b, m, f);
    strbuf_puts(&b, "}");
    return strbuf_str(&b);
}

/* `static const sc_field NAME[] = {...};`: K's fields as key values, from arguments or (FROM_ROW) from a row of M. */
static void q__key_decl(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k, bool from_row, const char *name)
{
    strbuf_printf(o, "    static const sc_field %s[] = {", name);
    for (size_t i = 0; i < k->nfields; i++)
        strbuf_printf(o, "%s%s", i ? ", " : "", q__key_entry(c, from_row ? m : NULL, &m->fields[k->fields[i]]));
    strbuf_puts(o, "};\n");
}

/* Whether K's values can be passed as argument addresses: one variable each (no bytes with their length, no list). */
static bool q__key_args_ok(const cgen_model *m, const cgen_key *k)
{
    for (size_t i = 0; i < k->nfields; i++) {
        const cgen_field *f = &m->fields[k->fields[i]];
        if (f->kind == CGEN_BYTES || f->col->list)
            return false;
    }
    return true;
}

/* "NAME, 2, (const void *const[]){&tenant_id, &code}": K's table NAME and the addresses of its arguments. */
static const char *q__key_args(cgen_ctx *c, const cgen_model *m, const cgen_key *k, const char *name)
{
    strbuf b;
    strbuf_init(&b, c->a);
    strbuf_printf(&b, "%s, %zu, (const void *const[]){", name, k->nfields);
    for (size_t i = 0; i < k->nfields; i++)
        strbuf_printf(&b, "%s&%s", i ? ", " : "", m->fields[k->fields[i]].param);
    strbuf_puts(&b, "}");
    return strbuf_str(&b);
}

/* SELECT <cols> FROM "t" */
static void q__select_from(cgen_sqlb *b, const cgen_model *m)
{
    cgen_sqlb_puts(b, "SELECT ");
    cgen_sqlb_puts(b, m->sql_cols);
    cgen_sqlb_puts(b, " FROM ");
    cgen_sqlb_table(b, m->t);
}

static const char *q__returning(cgen_ctx *c, const cgen_model *m)
{
    return arena_printf(c->a, " RETURNING %s", m->sql_cols);
}

static const char *q__order_pk(cgen_ctx *c, const cgen_model *m, const char *alias)
{
    if (!m->pk.nfields)
        return "";
    return arena_printf(c->a, " ORDER BY %s", cgen_sql_key_columns(c->a, m, &m->pk, alias, NULL));
}

/* ---------------------------------------------------------------- reading rows */

/* The call reading column IX of ST into field F of ROW (the nullable flag aside). */
static const char *q__read_call(cgen_ctx *c, const cgen_field *f, int ix)
{
    arena *a = c->a;
    const char *v = arena_printf(a, "&row->%s", f->member);
    if (f->col->list) {
        switch (f->kind) {
        case CGEN_BOOL: return arena_printf(a, "sc_stmt_column_bools(%s, %s_count, st, %d)", v, v, ix);
        case CGEN_I32: return arena_printf(a, "sc_stmt_column_int32s(%s, %s_count, st, %d)", v, v, ix);
        case CGEN_I64: return arena_printf(a, "sc_stmt_column_int64s(%s, %s_count, st, %d)", v, v, ix);
        case CGEN_F64: return arena_printf(a, "sc_stmt_column_doubles(%s, %s_count, st, %d)", v, v, ix);
        case CGEN_TIME: return arena_printf(a, "sc_stmt_column_times(%s, %s_count, st, %d)", v, v, ix);
        case CGEN_JSON: return arena_printf(a, "sc_stmt_column_jsons(%s, %s_count, st, %d)", v, v, ix);
        case CGEN_BYTES: return arena_printf(a, "sc_stmt_column_blobs(%s, %s_lens, %s_count, st, %d)", v, v, v, ix);
        case CGEN_ENUM: return arena_printf(a, "%s__column_list(%s, %s_count, st, %d)", f->enum_c, v, v, ix);
        default: return arena_printf(a, "sc_stmt_column_texts(%s, %s_count, st, %d)", v, v, ix);
        }
    }
    switch (f->kind) {
    case CGEN_BOOL: return arena_printf(a, "sc_stmt_column_bool(%s, st, %d)", v, ix);
    case CGEN_I32: return arena_printf(a, "sc_stmt_column_int32(%s, st, %d)", v, ix);
    case CGEN_I64: return arena_printf(a, "sc_stmt_column_int64(%s, st, %d)", v, ix);
    case CGEN_F64: return arena_printf(a, "sc_stmt_column_double(%s, st, %d)", v, ix);
    case CGEN_TIME: return arena_printf(a, "sc_stmt_column_timestamp(%s, st, %d)", v, ix);
    case CGEN_BYTES: return arena_printf(a, "sc_stmt_column_blob_dup(%s, %s_len, st, %d)", v, v, ix);
    case CGEN_ENUM: return arena_printf(a, "%s__column(%s, st, %d)", f->enum_c, v, ix);
    default: return arena_printf(a, "sc_stmt_column_text_dup(%s, st, %d)", v, ix);
    }
}

/* M's reader: the current row of ST (columns in field order from 0) into the struct at P, zeroed first. */
static void q__read_fn(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    strbuf_printf(o, "static int %s__read(void *p, sc_stmt *st)\n{\n    %s *row = p;\n    memset(row, 0, sizeof *row);\n", m->cname,
                  m->cname);
    q_chain ch = {o, "    ", Q_DECLARE};
    int col = 0;
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        if (!cgen_in_sql(f))
            continue;
        const char *call = q__read_call(c, f, col++);
        /* a nullable column is read directly: SC_ENULL is its NULL */
        if (f->col->nullable && !f->col->list)
            call = arena_printf(c->a, "sc_nullable(%s, &row->has_%s)", call, f->member);
        q__step(&ch, call);
    }
    q__declare(&ch);
    strbuf_printf(o, "    if (rc != SC_OK)\n        %s__clear(row);\n    return rc;\n}\n\n", m->cname);
}

/* ---------------------------------------------------------------- create */

/* The column gets a database default when the row leaves it unset. */
static bool q__db_default(const cgen_field *f)
{
    const ir_default *d = &f->col->dflt;
    if (d->kind == IR_DEFAULT_NONE || d->kind == IR_DEFAULT_AUTOINCREMENT || d->kind == IR_DEFAULT_NOW)
        return false;
    /* Numbers, booleans and enums always hold a value in C: _init() puts the default there. */
    if ((f->kind == CGEN_BOOL || f->kind == CGEN_I32 || f->kind == CGEN_I64 || f->kind == CGEN_F64 || f->kind == CGEN_ENUM ||
         f->kind == CGEN_TIME) &&
        !f->col->nullable)
        return false;
    return true;
}

/* The sc_field_gen of F's client-side id, or NULL when it has none. */
static const char *q__client_gen(const cgen_field *f)
{
    const ir_column *col = f->col;
    if (f->kind != CGEN_TEXT || col->list)
        return NULL;
    switch (col->client_default) {
    case IR_CLIENT_UUID: return col->client_arg == 7 ? "SC_GEN_UUID7" : "SC_GEN_UUID4";
    case IR_CLIENT_CUID: return col->client_arg == 2 ? "SC_GEN_CUID2" : "SC_GEN_CUID";
    case IR_CLIENT_NANOID: return "SC_GEN_NANOID";
    case IR_CLIENT_ULID: return "SC_GEN_ULID";
    default: return NULL;
    }
}

/* The columns an INSERT writes: every SQL field except autoincrement ones. */
static bool q__inserted(const cgen_field *f)
{
    return cgen_in_sql(f) && f->col->dflt.kind != IR_DEFAULT_AUTOINCREMENT;
}

static size_t q__ninserted(const cgen_model *m)
{
    size_t k = 0;
    for (size_t i = 0; i < m->nfields; i++)
        k += q__inserted(&m->fields[i]);
    return k;
}

/*
 * The value expression of a parameter for field F, as the text before and
 * after the parameter's number: "?" and "", or COALESCE with the database
 * default when the row may leave the field unset.
 */
static void q__insert_frag(cgen_ctx *c, const cgen_field *f, bool pg, const char **pre, const char **post)
{
    arena *a = c->a;
    *pre = pg ? "$" : "?";
    *post = "";
    if (f->col->list) {
        /* The JSON array text back into the column's array type (lists exist on PostgreSQL only). */
        if (pg) {
            *pre = "CAST(ARRAY(SELECT json_array_elements_text(CAST($";
            *post = arena_printf(c->a, " AS JSON))) AS %s)", cgen_sql_list_type(c->a, c->s, f));
        }
        return;
    }
    if (!q__db_default(f))
        return;
    const ddl_dialect *d = pg ? &ddl_postgres_dialect : &ddl_sqlite_dialect;
    const char *dflt = d->default_sql(a, c->s, f->col);
    if (!dflt)
        return;
    /* The parameter's type must not come from the default's (0 would make a DECIMAL parameter an integer). */
    if (pg) {
        *pre = "COALESCE(CAST($";
        *post = arena_printf(a, " AS %s), %s)", d->column_type(a, c->s, f->col), dflt);
    } else {
        *pre = "COALESCE(?";
        *post = arena_printf(a, ", %s)", dflt);
    }
}

/* INSERT INTO "t" ("a", "b") VALUES (rows of values) without RETURNING; parameters numbered from 1 row by row. */
static cgen_sql q__insert_sql(cgen_ctx *c, const cgen_model *m, size_t nrows)
{
    arena *a = c->a;
    strbuf cols, lite, pg;
    strbuf_init(&cols, a);
    strbuf_init(&lite, a);
    strbuf_init(&pg, a);
    /* Each inserted field's text around its parameter number, per dialect, found once for all rows. */
    const char **frag = ARENA_ARRAY(a, const char *, 4 * (m->nfields ? m->nfields : 1));
    size_t ncols = 0;
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        if (!q__inserted(f))
            continue;
        if (ncols)
            strbuf_putlit(&cols, ", ");
        strbuf_puts(&cols, f->sql);
        q__insert_frag(c, f, false, &frag[4 * ncols], &frag[4 * ncols + 1]);
        q__insert_frag(c, f, true, &frag[4 * ncols + 2], &frag[4 * ncols + 3]);
        ncols++;
    }
    const char *head = arena_printf(a, "INSERT INTO %s", ddl_qualified(a, m->t->schema, m->t->name));
    if (ncols == 0) {
        cgen_sql s = {arena_printf(a, "%s DEFAULT VALUES", head), arena_printf(a, "%s DEFAULT VALUES", head)};
        return s;
    }
    strbuf *out[2] = {&lite, &pg};
    for (int d = 0; d < 2; d++) {
        strbuf *b = out[d];
        strbuf_printf(b, "%s (%s) VALUES ", head, strbuf_str(&cols));
        unsigned long long n = 0;
        for (size_t r = 0; r < nrows; r++) {
            strbuf_puts(b, r ? ", (" : "(");
            for (size_t k = 0; k < ncols; k++) {
                if (k)
                    strbuf_putlit(b, ", ");
                strbuf_puts(b, frag[4 * k + 2 * (size_t)d]);
                strbuf_putu(b, ++n);
                strbuf_puts(b, frag[4 * k + 2 * (size_t)d + 1]);
            }
            strbuf_putc(b, ')');
        }
    }
    cgen_sql s = {strbuf_str(&lite), strbuf_str(&pg)};
    return s;
}

/* Whether inserting a row of M reads the clock (@updatedAt, @default(now())). */
static bool q__insert_needs_now(const cgen_model *m)
{
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        if (q__inserted(f) && (f->col->client_default == IR_CLIENT_UPDATED_AT ||
                               (f->kind == CGEN_TIME && f->col->dflt.kind == IR_DEFAULT_NOW)))
            return true;
    }
    return false;
}

/* The clock argument of an insert: read only when a field needs it. */
static const char *q__now_arg(const cgen_model *m)
{
    return q__insert_needs_now(m) ? "sc_timestamp_now()" : "0";
}

/*
 * M's insert binder: the inserted fields of ROWS[0..N), row r's from
 * parameter r * K + 1 on, shared by create, create_many and the upserts.
 * Client-side ids fill a buffer when the row leaves the field NULL;
 * @updatedAt and unset @default(now()) take NOW.
 */
static void q__bind_insert_fn(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    (void)c;
    size_t k = q__ninserted(m);
    strbuf_printf(o,
                  "/* Bind the inserted fields of ROWS[0..N), row r's from parameter r * %zu + 1 on (create, create_many, upsert). */\n"
                  "static int %s__bind_insert(sc_stmt *st, const void *rows, size_t n, sc_timestamp now)\n{\n",
                  k, m->cname);
    if (k == 0) {
        strbuf_puts(o, "    (void)st;\n    (void)rows;\n    (void)n;\n    (void)now;\n    return SC_OK;\n}\n\n");
        return;
    }
    strbuf_printf(o, "    return sc_fields_bind_inserts(st, rows, n, sizeof(%s), %s__fields, %zu, now);\n}\n\n", m->cname,
                  m->cname, m->nfields);
}

/*
 * create: RETURNING every column only when the caller wants the row (OUT
 * not NULL); without it the INSERT is a plain one (on SQLite RETURNING
 * costs a temporary table per statement).
 */
static void q__create(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    cgen_sql bare = q__insert_sql(c, m, 1), sql = bare;
    const char *ret = q__returning(c, m);
    sql.sqlite = arena_printf(c->a, "%s%s", sql.sqlite, ret);
    sql.pg = arena_printf(c->a, "%s%s", sql.pg, ret);
    strbuf_printf(o, "int %s_create(%s **out, sc_conn *conn, const %s *row)\n{\n", m->cname, m->cname, m->cname);
    q__site(c, o, sql, "site");
    q__site(c, o, bare, "bare");
    strbuf_printf(o, "    return sc_insert_row(out, conn, &site, &bare, row, %s__bind_insert, &%s__model, %s);\n}\n\n", m->cname,
                  m->cname, q__now_arg(m));
}

/* The autoincrement integer primary key field of M, or NULL (create_id exists for these models only). */
static const cgen_field *q__autoinc_pk(const cgen_model *m)
{
    if (m->pk.nfields != 1)
        return NULL;
    const cgen_field *f = &m->fields[m->pk.fields[0]];
    if (f->col->dflt.kind != IR_DEFAULT_AUTOINCREMENT || f->col->list || (f->kind != CGEN_I32 && f->kind != CGEN_I64))
        return NULL;
    return f;
}

/*
 * create_id: the INSERT without RETURNING on SQLite (the id is
 * sqlite3_last_insert_rowid), RETURNING the id alone on PostgreSQL.
 */
static void q__create_id(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    const cgen_field *f = q__autoinc_pk(m);
    if (!f)
        return;
    cgen_sql sql = q__insert_sql(c, m, 1);
    sql.pg = arena_printf(c->a, "%s RETURNING %s", sql.pg, f->sql);
    strbuf_printf(o, "int %s_create_id(%s *id, sc_conn *conn, const %s *row)\n{\n", m->cname, f->ctype, m->cname);
    q__site(c, o, sql, "site");
    if (f->kind == CGEN_I64) {
        strbuf_printf(o, "    return sc_insert_row_id(id, conn, &site, row, %s__bind_insert, %s);\n}\n\n", m->cname, q__now_arg(m));
        return;
    }
    strbuf_printf(o,
                  "    int64_t v = 0;\n    int rc = sc_insert_row_id(&v, conn, &site, row, %s__bind_insert, %s);\n"
                  "    if (rc == SC_OK && id)\n        *id = (%s)v;\n    return rc;\n}\n\n",
                  m->cname, q__now_arg(m), f->ctype);
}

/* Rows per multi-row INSERT: at most 100, within SQLite's 32766 parameters and a text budget per dialect. */
enum { Q_BATCH_MAX = 100, Q_SQLITE_PARAMS = 32766, Q_BATCH_TEXT = 16000 };

static size_t q__batch_rows_find(cgen_ctx *c, const cgen_model *m);

/* q__batch_rows_find once per model: create_many and create_many_skip_duplicates both ask. */
static size_t q__batch_rows(cgen_ctx *c, const cgen_model *m)
{
    if (c->batch_model != m) {
        c->batch_rows = q__batch_rows_find(c, m);
        c->batch_model = m;
    }
    return c->batch_rows;
}

static size_t q__batch_rows_find(cgen_ctx *c, const cgen_model *m)
{
    size_t k = q__ninserted(m);
    size_t rows = k ? Q_SQLITE_PARAMS / k : Q_BATCH_MAX;
    if (rows > Q_BATCH_MAX)
        rows = Q_BATCH_MAX;
    /* The PostgreSQL text is the longer one (casts, COALESCE); its one-row length bounds the batch. */
    cgen_sql one = q__insert_sql(c, m, 1);
    size_t per_row = strlen(one.pg) + 8;
    if (rows * per_row > Q_BATCH_TEXT)
        rows = Q_BATCH_TEXT / per_row;
    if (rows < 2)
        return 1;
    /*
     * The runtime writes the batch's text from the one-row INSERT (sc_sql_insert_rows);
     * it must be exactly the text schemac would write, on both engines, or rows go one by one.
     * Comparing two rows decides it for any number: the runtime's row r is the first row with
     * each placeholder number v written as v + r * (the first row's largest), schemac's is
     * the same fragments with each number p written as p + r * (the columns per row), so
     * both are affine in r, and texts that agree for r = 0 and r = 1 agree for every r.
     * (Writing and comparing the whole batch was a fifth of `generate`.)
     */
    cgen_sql batch = q__insert_sql(c, m, 2);
    char *lite = sc_sql_insert_rows(one.sqlite, 2);
    char *pg_one = sc_sql_to_pg(one.sqlite);
    char *pg = sc_sql_insert_rows(q__pg_derived(one) ? pg_one : one.pg, 2);
    bool same = lite && pg && strcmp(lite, batch.sqlite) == 0 && strcmp(pg, batch.pg) == 0;
    free(lite);
    free(pg_one);
    free(pg);
    return same ? rows : 1;
}

/*
 * What COPY must know of each parameter of M's one-row INSERT
 * (sc_insert_many_copy): "NULL" when every value goes as bound, else a
 * string with '-' for those, 'D' where a NULL gives the column its
 * database default (COALESCE) and 'L' for a list (JSON text).
 */
static const char *q__copy_columns(cgen_ctx *c, const cgen_model *m)
{
    strbuf b;
    strbuf_init(&b, c->a);
    bool plain = true;
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        if (!q__inserted(f))
            continue;
        const char *pre, *post;
        q__insert_frag(c, f, true, &pre, &post);
        char k = f->col->list ? 'L' : *post ? 'D' : '-';
        plain = plain && k == '-';
        strbuf_printf(&b, "%c", k);
    }
    return plain ? "NULL" : arena_printf(c->a, "\"%s\"", strbuf_str(&b));
}

/*
 * create_many_ids: create_id's INSERT once per row through
 * sc_insert_many_ids (one pipeline on PostgreSQL), the ids in the rows'
 * order.
 */
static void q__create_many_ids(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    const cgen_field *f = q__autoinc_pk(m);
    if (!f || q__ninserted(m) == 0)
        return;
    cgen_sql sql = q__insert_sql(c, m, 1);
    sql.pg = arena_printf(c->a, "%s RETURNING %s", sql.pg, f->sql);
    strbuf_printf(o, "int %s_create_many_ids(%s *ids, sc_conn *conn, const %s *rows, size_t n)\n{\n", m->cname, f->ctype,
                  m->cname);
    q__site(c, o, sql, "one");
    strbuf_printf(o,
                  "    static const sc_insert_spec spec = {&one, NULL, 1, %zu, sizeof *rows, %s__bind_insert};\n"
                  "    return sc_insert_many_ids(ids, sizeof *ids, conn, &spec, rows, n, %s);\n}\n\n",
                  q__ninserted(m), m->cname, q__now_arg(m));
}

/*
 * create_many: the runtime's sc_insert_many over the one-row INSERT (the
 * batch's text is written from it), binding each row with __bind_insert;
 * all rows or none, in one transaction or savepoint.
 */
static void q__create_many(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    size_t k = q__ninserted(m);
    if (k == 0)
        return;
    strbuf_printf(o, "int %s_create_many(sc_conn *conn, const %s *rows, size_t n)\n{\n", m->cname, m->cname);
    q__site(c, o, q__insert_sql(c, m, 1), "one");
    strbuf_printf(o,
                  "    static sc_stmt_site batch = SC_STMT_SITE(NULL, NULL);\n"
                  "    static const sc_insert_spec spec = {&one, &batch, %zu, %zu, sizeof *rows, %s__bind_insert};\n"
                  "    return sc_insert_many_copy(conn, &spec, %s, rows, n, %s, NULL);\n}\n\n",
                  q__batch_rows(c, m), k, m->cname, q__copy_columns(c, m), q__now_arg(m));
}

/*
 * create_many_skip_duplicates: create_many's batches with ON CONFLICT DO
 * NOTHING at the end of each INSERT (no conflict target: any unique
 * constraint or the primary key), the rows stored counted
 * (sc_insert_many_count); the runtime keeps the tail after a batch's last
 * tuple.
 */
static void q__create_many_skip(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    size_t k = q__ninserted(m);
    if (k == 0)
        return;
    static const char tail[] = " ON CONFLICT DO NOTHING";
    cgen_sql one = q__insert_sql(c, m, 1);
    one.sqlite = arena_printf(c->a, "%s%s", one.sqlite, tail);
    one.pg = arena_printf(c->a, "%s%s", one.pg, tail);
    strbuf_printf(o, "int %s_create_many_skip_duplicates(sc_conn *conn, const %s *rows, size_t n, int64_t *inserted)\n{\n",
                  m->cname, m->cname);
    q__site(c, o, one, "one");
    strbuf_printf(o,
                  "    static sc_stmt_site batch = SC_STMT_SITE(NULL, NULL);\n"
                  "    static const sc_insert_spec spec = {&one, &batch, %zu, %zu, sizeof *rows, %s__bind_insert};\n"
                  "    return sc_insert_many_count(conn, &spec, \"%s\", rows, n, %s, inserted);\n}\n\n",
                  q__batch_rows(c, m), k, m->cname, tail, q__now_arg(m));
}

/* Whether field F is written when an upsert on K finds the row: not the keys, not ids or creation stamps. */
static bool q__upsert_sets(const cgen_model *m, const cgen_key *k, size_t i)
{
    const cgen_field *f = &m->fields[i];
    if (!q__inserted(f) || f->pk || (int)i == m->version)
        return false;
    if (f->col->client_default != IR_CLIENT_NONE && f->col->client_default != IR_CLIENT_UPDATED_AT)
        return false;
    if (f->col->dflt.kind == IR_DEFAULT_NOW)
        return false;
    for (size_t j = 0; j < k->nfields; j++)
        if (k->fields[j] == (int)i)
            return false;
    return true;
}

static const char *q__key_call(cgen_ctx *c, const cgen_model *m, const cgen_key *k, const char *prefix);

/* Insert ROW, or when a row with the same K exists, write ROW's other fields to it. */
static void q__upsert(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k)
{
    arena *a = c->a;
    cgen_sql sql = q__insert_sql(c, m, 1);
    strbuf set;
    strbuf_init(&set, a);
    size_t nset = 0;
    for (size_t i = 0; i < m->nfields; i++) {
        if (!q__upsert_sets(m, k, i))
            continue;
        const char *col = m->fields[i].sql;
        strbuf_printf(&set, "%s%s = excluded.%s", nset++ ? ", " : "", col, col);
    }
    if (m->version >= 0) {
        const char *v = m->fields[m->version].sql;
        strbuf_printf(&set, "%s%s = %s.%s + 1", nset++ ? ", " : "", v, ddl_qualified(a, m->t->schema, m->t->name), v);
    }
    const char *conflict = arena_printf(a, " ON CONFLICT (%s) DO %s%s", cgen_sql_key_columns(a, m, k, NULL, NULL),
                                        nset ? "UPDATE SET " : "NOTHING", strbuf_str(&set));
    cgen_sql bare = {arena_printf(a, "%s%s", sql.sqlite, conflict), arena_printf(a, "%s%s", sql.pg, conflict)};
    const char *ret = q__returning(c, m);
    sql.sqlite = arena_printf(a, "%s%s", bare.sqlite, ret);
    sql.pg = arena_printf(a, "%s%s", bare.pg, ret);
    strbuf_printf(o, "int %s_upsert_by_%s(%s **out, sc_conn *conn, const %s *row)\n{\n", m->cname, k->suffix, m->cname, m->cname);
    q__site(c, o, sql, "site");
    q__site(c, o, bare, "bare");
    if (nset) {
        strbuf_printf(o, "    return sc_insert_row(out, conn, &site, &bare, row, %s__bind_insert, &%s__model, %s);\n}\n\n", m->cname,
                      m->cname, q__now_arg(m));
        return;
    }
    /* DO NOTHING answers no row when the row exists: the stored row is then read by its key */
    strbuf_printf(o,
                  "    int rc = sc_insert_row(out, conn, &site, &bare, row, %s__bind_insert, &%s__model, %s);\n"
                  "    return out && rc == SC_ENOTFOUND ? %s_find_by_%s(out, conn%s) : rc;\n}\n\n",
                  m->cname, m->cname, q__now_arg(m), m->cname, k->suffix, q__key_call(c, m, k, "row->"));
}

/* Upserts exist for unique constraints, and for the primary key when the client chooses it. */
static bool q__upsert_ok(const cgen_model *m, const cgen_key *k)
{
    if (!q__key_ok(m, k) || k->live_only)
        return false;
    for (size_t i = 0; i < k->nfields; i++)
        if (!q__inserted(&m->fields[k->fields[i]]))
            return false;
    return true;
}

/* ---------------------------------------------------------------- find, list, count */

/* find_by_K; WITH_DELETED (a @deletedAt model's find_by_<pk>_with_deleted): soft-deleted rows found too. */
static void q__find(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k, bool with_deleted)
{
    cgen_sqlb b;
    cgen_sqlb_init(&b, c->a);
    q__select_from(&b, m);
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, k);
    if (!with_deleted)
        cgen_sqlb_puts(&b, cgen_sql_live(c->a, m, NULL));
    strbuf_printf(o, "int %s_find_by_%s%s(%s **out, sc_conn *conn%s)\n{\n", m->cname, k->suffix, with_deleted ? "_with_deleted" : "",
                  m->cname, q__key_params(c, m, k));
    const cgen_field *k0 = &m->fields[k->fields[0]];
    if (k->nfields == 1 && (k0->kind == CGEN_I32 || k0->kind == CGEN_I64) && !k0->col->nullable && !k0->col->list) {
        /* one integer key (find by id, the most common call): bound without a field table */
        q__site(c, o, cgen_sqlb_done(&b), "site");
        strbuf_printf(o, "    return sc_find_by_int(out, conn, &site, %s, &%s__model);\n}\n\n", k0->param, m->cname);
        return;
    }
    if (q__key_args_ok(m, k)) {
        q__site(c, o, cgen_sqlb_done(&b), "site");
        q__key_decl(c, o, m, k, false, "key_fields");
        strbuf_printf(o, "    return sc_find_by(out, conn, &site, %s, &%s__model);\n}\n\n", q__key_args(c, m, k, "key_fields"),
                      m->cname);
        return;
    }
    q__prepare(c, o, cgen_sqlb_done(&b));
    q_chain ch = {o, "    ", Q_ANY};
    q__bind_key_args(c, &ch, m, k, 1);
    strbuf_printf(o, "    return sc_stmt_fetch_one(out, st, rc, &%s__model);\n}\n\n", m->cname);
}

static const char *q__pg_array_type(const cgen_field *f);

/* The one field of K when rows can be fetched by a list of K's values (find_many_by_*), else NULL. */
static const cgen_field *q__many_key(const cgen_model *m, const cgen_key *k)
{
    if (k->nfields != 1 || !q__key_ok(m, k))
        return NULL;
    const cgen_field *f = &m->fields[k->fields[0]];
    return !f->col->list && q__pg_array_type(f) ? f : NULL;
}

/*
 * Whether rows of T can be matched to keys by their own value of TF (the
 * key values being of KF's kind): an integer key, one C type on both
 * sides, and T's rows packed in one block by the runtime (a field table of
 * at most 64 fields, no list fields), where a key asked for twice can
 * share its row's copy. The runtime sends each key once, and the statement
 * answers each row once: on PostgreSQL by a plain `= ANY` filter the
 * planner serves from one index scan instead of a join on the keys'
 * positions; on SQLite by the join on json_each (probing the index key by
 * key, cheaper there than `IN (SELECT ...)`) (bench/README.md, W5).
 */
static bool q__by_key(cgen_ctx *c, const cgen_model *t, const cgen_field *kf, const cgen_field *tf)
{
    if (c->o->types_only || t->nfields == 0 || t->nfields > 64 || (kf->kind != CGEN_I32 && kf->kind != CGEN_I64) ||
        tf->kind != kf->kind || strcmp(tf->ctype, kf->ctype) != 0 || kf->col->list || tf->col->list)
        return false;
    for (size_t i = 0; i < t->nfields; i++)
        if (t->fields[i].col->list)
            return false;
    return true;
}

/* The statement of rows matched by key (q__by_key): TCOLS of TABLE whose COL is one of the keys, LIVE appended. */
static cgen_sql q__sql_by_key(arena *a, const char *tcols, const char *table, const char *col, const char *arr, const char *live)
{
    return (cgen_sql){
        arena_printf(a, "SELECT %s FROM json_each(?1) AS k JOIN %s AS t ON t.%s = k.\"value\"%s", tcols, table, col, live),
        arena_printf(a, "SELECT %s FROM %s AS t WHERE t.%s = ANY(CAST($1 AS %s))%s", tcols, table, col, arr, live)};
}

static bool q__loader_ok(const cgen_model *m, const cgen_rel *r);

/*
 * M's relations that its WITH flags name (those with a loader, Q_WITH_BITS
 * at most), bit K being relation c->with_rel[K]; how many. Worked out once
 * per model and kept in the context by value (the arenas of a model's text
 * are reset).
 */
enum { Q_WITH_BITS = 31 };
static size_t q__with_count(cgen_ctx *c, const cgen_model *m)
{
    if (c->with_model != m) {
        c->with_model = m;
        c->with_count = 0;
        for (size_t i = 0; i < m->nrels && c->with_count < Q_WITH_BITS; i++)
            if (q__loader_ok(m, &m->rels[i]))
                c->with_rel[c->with_count++] = i;
    }
    return c->with_count;
}

/*
 * M's relations as sc_with entries (<model>__with: flag, loader statement,
 * spec, key fields), external: <model>_load over them is a static inline
 * function of the header (model_load_with.h.tpl).
 */
static void q__with_table(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    size_t n = q__with_count(c, m);
    if (!n)
        return;
    strbuf_printf(o, "const sc_with %s__with[] = {", m->cname);
    for (size_t k = 0; k < n; k++) {
        const cgen_rel *r = &m->rels[c->with_rel[k]];
        const char *fn = arena_printf(a, "%s_load_%s", m->cname, r->member);
        strbuf_printf(o, "%s\n    {%s_WITH_%s, &%s__site, &%s__spec, %s__key, %zu}", k ? "," : "", m->upper, cgen_upper(a, r->member),
                      fn, fn, fn, r->rel->ncolumns);
    }
    strbuf_puts(o, "};\n\n");
}

/* M's WITH flags, comma-separated (for the doc comments). */
static const char *q__with_flags(cgen_ctx *c, const cgen_model *m)
{
    strbuf b;
    strbuf_init(&b, c->a);
    for (size_t k = 0; k < q__with_count(c, m); k++)
        strbuf_printf(&b, "%s%s_WITH_%s", k ? ", " : "", m->upper, cgen_upper(c->a, m->rels[c->with_rel[k]].member));
    return strbuf_str(&b);
}

/*
 * find_many_by_K: the rows for a list of keys in one query, in the
 * caller's order, keys without a row reported through FOUND: the keys go
 * as one array parameter, each row comes back with its key's position
 * (no ORDER BY; sc_stmt_fetch_placed puts each row in its place). On
 * PostgreSQL the array is also a filter (= ANY) on the key column, so the
 * table is scanned once for all keys rather than probed key by key. An
 * integer key needs no positions at all: each row comes once and the
 * runtime places it by its key (q__by_key).
 */
static void q__find_many(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k)
{
    arena *a = c->a;
    const cgen_field *f = q__many_key(m, k);
    if (!f)
        return;
    const char *tcols = cgen_sql_columns_as(a, m, "t");
    const char *live = cgen_sql_live(a, m, "t");
    const char *col = f->sql, *tab = ddl_qualified(a, m->t->schema, m->t->name);
    /* an integer key: each row once, placed on the client by its own key (q__by_key) */
    const bool by_key = q__by_key(c, m, f, f);
    cgen_sql sql = by_key ? q__sql_by_key(a, tcols, tab, col, q__pg_array_type(f), live) : (cgen_sql){
        arena_printf(a, "SELECT %s, k.\"key\" AS idx FROM json_each(?1) AS k JOIN %s AS t ON t.%s = k.\"value\"%s", tcols, tab,
                     col, live),
        arena_printf(a,
                     "SELECT %s, k.ord - 1 AS idx FROM unnest(CAST($1 AS %s)) WITH ORDINALITY AS k(v, ord) JOIN %s AS t ON t.%s = k.v"
                     " AND t.%s = ANY(CAST($1 AS %s))%s",
                     tcols, q__pg_array_type(f), tab, col, col, q__pg_array_type(f), live)};
    int ncols = 0;
    for (size_t i = 0; i < m->nfields; i++)
        ncols += cgen_in_sql(&m->fields[i]);
    bool text = f->kind == CGEN_TEXT;
    const char *param = arena_printf(a, "%s%s *%s", text ? "const char *const" : "const ", text ? "" : f->ctype, f->param);
    if (q__with_count(c, m) && !k->no_with) {
        /* with the model's relations: the plain function is the one with none */
        strbuf_printf(o, "int %s_find_many_by_%s_with(%s_list *out, sc_conn *conn, %s, size_t n, bool *found, unsigned with)\n{\n",
                      m->cname, k->suffix, m->cname, param);
        q__site(c, o, sql, "site");
        strbuf_printf(o, "    static const sc_field key_field = %s;\n", q__key_entry(c, by_key ? m : NULL, f));
        strbuf_printf(o, "    return sc_find_many_with(out, found, conn, &site, &key_field, %s, n, %d, &%s__model, %s__with, %zu, with);\n}\n\n",
                      f->param, by_key ? -1 : ncols, m->cname, m->cname, q__with_count(c, m));
        strbuf_printf(o, "int %s_find_many_by_%s(%s_list *out, sc_conn *conn, %s, size_t n, bool *found)\n{\n", m->cname, k->suffix,
                      m->cname, param);
        strbuf_printf(o, "    return %s_find_many_by_%s_with(out, conn, %s, n, found, 0);\n}\n\n", m->cname, k->suffix, f->param);
        return;
    }
    strbuf_printf(o, "int %s_find_many_by_%s(%s_list *out, sc_conn *conn, %s, size_t n, bool *found)\n{\n", m->cname, k->suffix,
                  m->cname, param);
    q__site(c, o, sql, "site");
    strbuf_printf(o, "    static const sc_field key_field = %s;\n", q__key_entry(c, by_key ? m : NULL, f));
    strbuf_printf(o, "    return sc_find_many(out, found, conn, &site, &key_field, %s, n, %d, &%s__model);\n}\n\n", f->param,
                  by_key ? -1 : ncols, m->cname);
}

/* list_by_K; WITH_DELETED (a @deletedAt model's list_by_<fk>_with_deleted): soft-deleted rows listed too. */
static void q__list_by(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k, bool with_deleted)
{
    cgen_sqlb b;
    cgen_sqlb_init(&b, c->a);
    q__select_from(&b, m);
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, k);
    if (!with_deleted)
        cgen_sqlb_puts(&b, cgen_sql_live(c->a, m, NULL));
    cgen_sqlb_puts(&b, q__order_pk(c, m, NULL));
    strbuf_printf(o, "int %s_list_by_%s%s(%s_list *out, sc_conn *conn%s)\n{\n", m->cname, k->suffix,
                  with_deleted ? "_with_deleted" : "", m->cname, q__key_params(c, m, k));
    if (q__key_args_ok(m, k)) {
        q__site(c, o, cgen_sqlb_done(&b), "site");
        q__key_decl(c, o, m, k, false, "key_fields");
        strbuf_printf(o, "    return sc_list_by(out, conn, &site, %s, &%s__model);\n}\n\n", q__key_args(c, m, k, "key_fields"),
                      m->cname);
        return;
    }
    q__prepare(c, o, cgen_sqlb_done(&b));
    q_chain ch = {o, "    ", Q_ANY};
    q__bind_key_args(c, &ch, m, k, 1);
    strbuf_printf(o, "    return sc_stmt_fetch_list(out, st, rc, 0, &%s__model);\n}\n\n", m->cname);
}

/* count_by_<fk>: the rows of one parent (not soft-deleted), counted by the database. */
static void q__count_by(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k)
{
    cgen_sqlb b;
    cgen_sqlb_init(&b, c->a);
    cgen_sqlb_puts(&b, "SELECT COUNT(*) FROM ");
    cgen_sqlb_table(&b, m->t);
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, k);
    cgen_sqlb_puts(&b, cgen_sql_live(c->a, m, NULL));
    strbuf_printf(o, "int %s_count_by_%s(int64_t *out, sc_conn *conn%s)\n{\n", m->cname, k->suffix, q__key_params(c, m, k));
    if (q__key_args_ok(m, k)) {
        q__site(c, o, cgen_sqlb_done(&b), "site");
        q__key_decl(c, o, m, k, false, "key_fields");
        strbuf_printf(o, "    return sc_count_by(out, conn, &site, %s);\n}\n\n", q__key_args(c, m, k, "key_fields"));
        return;
    }
    q__prepare(c, o, cgen_sqlb_done(&b));
    q_chain ch = {o, "    ", Q_ANY};
    q__bind_key_args(c, &ch, m, k, 1);
    strbuf_puts(o, "    return sc_stmt_fetch_int64(out, st, rc);\n}\n\n");
}

static void q__count(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    cgen_sqlb b;
    cgen_sqlb_init(&b, c->a);
    cgen_sqlb_puts(&b, "SELECT COUNT(*) FROM ");
    cgen_sqlb_table(&b, m->t);
    if (m->deleted_at >= 0)
        cgen_sqlb_puts(&b, arena_printf(c->a, " WHERE %s IS NULL", m->fields[m->deleted_at].sql));
    strbuf_printf(o, "int %s_count(int64_t *out, sc_conn *conn)\n{\n", m->cname);
    q__site(c, o, cgen_sqlb_done(&b), "site");
    strbuf_puts(o, "    return sc_query_int64(out, conn, &site);\n}\n\n");
}

/* Whether column I of K runs descending in a page read in direction DESC (the index's order reversed). */
static bool q__col_desc(const cgen_key *k, size_t i, bool desc)
{
    return desc != (k->desc && k->desc[i]);
}

/*
 * The cursor condition of a keyset page over K: rows strictly after (or,
 * DESC, before) the cursor's values ?1..?n in K's order. Over required
 * columns that is one row-value comparison, which both engines answer from
 * the index. A nullable column sorts its NULLs lowest on both engines (NULLS
 * FIRST ascending, NULLS LAST descending), so the comparison is spelled out
 * column by column with NULL-aware equality; so is an order whose columns
 * run in different directions (an index with a DESC column).
 */
static void q__page_after(cgen_sqlb *b, const cgen_model *m, const cgen_key *k, bool desc)
{
    arena *a = b->a;
    /* One row-value comparison needs required columns that all run the same way. */
    bool simple = true;
    for (size_t i = 0; i < k->nfields; i++)
        simple = simple && !m->fields[k->fields[i]].col->nullable && q__col_desc(k, i, desc) == q__col_desc(k, 0, desc);
    if (simple) {
        const char *cols = cgen_sql_key_columns(a, m, k, NULL, NULL);
        const char *op = q__col_desc(k, 0, desc) ? "<" : ">";
        cgen_sqlb_puts(b, k->nfields > 1 ? arena_printf(a, "(%s) %s (", cols, op) : arena_printf(a, "%s %s ", cols, op));
        for (size_t i = 0; i < k->nfields; i++) {
            if (i)
                cgen_sqlb_puts(b, ", ");
            cgen_sqlb_param(b);
        }
        if (k->nfields > 1)
            cgen_sqlb_puts(b, ")");
        return;
    }
    /* Parameter base+i+1 holds the cursor's value of column i; every term reuses it. */
    int base = b->nparams;
    cgen_sqlb_puts(b, "(");
    for (size_t i = 0; i < k->nfields; i++) {
        cgen_sqlb_puts(b, i ? " OR (" : "(");
        for (size_t j = 0; j <= i; j++) {
            const cgen_field *f = &m->fields[k->fields[j]];
            const char *c = f->sql;
            const char *lp = cgen_sql_param(a, IR_PROVIDER_SQLITE, base + (int)j + 1);
            const char *pp = cgen_sql_param(a, IR_PROVIDER_POSTGRESQL, base + (int)j + 1);
            bool down = q__col_desc(k, j, desc);
            const char *op = down ? "<" : ">";
            if (j)
                cgen_sqlb_puts(b, " AND ");
            if (j < i && f->col->nullable)
                cgen_sqlb_puts2(b, arena_printf(a, "%s IS %s", c, lp), arena_printf(a, "%s IS NOT DISTINCT FROM %s", c, pp));
            else if (j < i)
                cgen_sqlb_puts2(b, arena_printf(a, "%s = %s", c, lp), arena_printf(a, "%s = %s", c, pp));
            else if (!f->col->nullable)
                cgen_sqlb_puts2(b, arena_printf(a, "%s %s %s", c, op, lp), arena_printf(a, "%s %s %s", c, op, pp));
            else if (down)
                cgen_sqlb_puts2(b, arena_printf(a, "(%s < %s OR (%s IS NULL AND %s IS NOT NULL))", c, lp, c, lp),
                                arena_printf(a, "(%s < %s OR (%s IS NULL AND %s IS NOT NULL))", c, pp, c, pp));
            else
                cgen_sqlb_puts2(b, arena_printf(a, "(%s > %s OR (%s IS NULL AND %s IS NOT NULL))", c, lp, lp, c),
                                arena_printf(a, "(%s > %s OR (%s IS NULL AND %s IS NOT NULL))", c, pp, pp, c));
        }
        cgen_sqlb_puts(b, ")");
    }
    cgen_sqlb_puts(b, ")");
    b->nparams = base + (int)k->nfields;
}

/* ORDER BY over K, each column in its index's direction (reversed when DESC), NULLs lowest on both engines. */
static const char *q__page_order(arena *a, const cgen_model *m, const cgen_key *k, bool desc)
{
    strbuf b;
    strbuf_init(&b, a);
    for (size_t i = 0; i < k->nfields; i++) {
        const cgen_field *f = &m->fields[k->fields[i]];
        bool down = q__col_desc(k, i, desc);
        strbuf_printf(&b, "%s%s%s%s", i ? ", " : "", f->sql, down ? " DESC" : "",
                      f->col->nullable ? (down ? " NULLS LAST" : " NULLS FIRST") : "");
    }
    return strbuf_str(&b);
}

/*
 * Keyset pagination in the order of K (the primary key for list_page, an
 * index's order for list_page_by_*): four statements, without and with a
 * cursor, each direction, in one array of sites. With PREFIX > 0
 * (list_page_of_*) the first PREFIX columns of K are equalities on the
 * function's arguments (parameters 1..PREFIX) and the page runs in the
 * order of the rest.
 */
static void q__page(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k, const char *fname, size_t prefix,
                    bool with_deleted)
{
    arena *a = c->a;
    cgen_key scope = *k, rest = *k;
    scope.nfields = prefix;
    scope.desc = NULL;
    rest.fields = k->fields + prefix;
    rest.nfields = k->nfields - prefix;
    rest.desc = k->desc ? k->desc + prefix : NULL;
    strbuf decls, inits;
    strbuf_init(&decls, a);
    strbuf_init(&inits, a);
    for (int cur = 0; cur < 2; cur++) {
        for (int desc = 0; desc < 2; desc++) {
            cgen_sqlb b;
            cgen_sqlb_init(&b, a);
            q__select_from(&b, m);
            const char *live = m->deleted_at >= 0 && !with_deleted
                                   ? arena_printf(a, "%s IS NULL", m->fields[m->deleted_at].sql)
                                   : NULL;
            const char *sep = " WHERE ";
            if (prefix) {
                cgen_sqlb_puts(&b, sep);
                cgen_sqlb_key_match(&b, m, &scope);
                sep = " AND ";
            }
            if (cur) {
                cgen_sqlb_puts(&b, sep);
                q__page_after(&b, m, &rest, desc);
                sep = " AND ";
            }
            if (live)
                cgen_sqlb_puts(&b, arena_printf(a, "%s%s", sep, live));
            cgen_sqlb_puts(&b, arena_printf(a, " ORDER BY %s LIMIT ", q__page_order(a, m, &rest, desc)));
            cgen_sqlb_param(&b);
            q__site_init(c, &inits, &decls, cgen_sqlb_done(&b), arena_printf(a, "site%d", cur * 2 + desc), "    ",
                         "        ", "        ", ",\n");
        }
    }
    strbuf_printf(o, "int %s_%s(%s_list *out, sc_conn *conn%s, const %s *after, int64_t limit, bool descending)\n{\n",
                  m->cname, fname, m->cname, prefix ? q__key_params(c, m, &scope) : "", m->cname);
    strbuf_puts(o, strbuf_str(&decls));
    strbuf_printf(o, "    static sc_stmt_site sites[4] = {\n%s    };\n", strbuf_str(&inits));
    q__key_decl(c, o, m, &rest, true, "key_fields");
    if (!prefix) {
        strbuf_printf(o, "    return sc_list_page(out, conn, sites, key_fields, %zu, after, limit, descending, &%s__model);\n}\n\n",
                      rest.nfields, m->cname);
        return;
    }
    q__key_decl(c, o, m, &scope, false, "scope_fields");
    strbuf_printf(o, "    return sc_list_page_in(out, conn, sites, %s, key_fields, %zu, after, limit, descending, &%s__model);\n}\n\n",
                  q__key_args(c, m, &scope, "scope_fields"), rest.nfields, m->cname);
}

/* Whether a scoped page can be generated: its columns in SQL, its prefix passed as plain arguments. */
static bool q__scoped_ok(const cgen_model *m, const cgen_scoped *s)
{
    cgen_key scope = s->order;
    scope.nfields = s->prefix;
    return q__key_ok(m, &s->order) && q__key_args_ok(m, &scope);
}

/* ---------------------------------------------------------------- update */

/* ", row->id" / ", email" / ", row->h, row->h_len": K's values as arguments, each named PREFIX member. */
static const char *q__key_call(cgen_ctx *c, const cgen_model *m, const cgen_key *k, const char *prefix)
{
    strbuf b;
    strbuf_init(&b, c->a);
    for (size_t i = 0; i < k->nfields; i++) {
        const cgen_field *f = &m->fields[k->fields[i]];
        const char *v = *prefix ? f->member : f->param; /* a member of a row, or the function's parameter */
        strbuf_printf(&b, ", %s%s", prefix, v);
        if (f->kind == CGEN_BYTES)
            strbuf_printf(&b, ", %s%s_len", prefix, v);
    }
    return strbuf_str(&b);
}

/*
 * For a @version model: after a versioned write matched no row, tell a
 * stale version (SC_ECONFLICT) from a row that is gone (SC_ENOTFOUND) with
 * one lookup by primary key; only the failure path pays for it.
 */
static void q__stale_fn(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    cgen_sqlb b;
    cgen_sqlb_init(&b, a);
    cgen_sqlb_puts(&b, "SELECT 1 FROM ");
    cgen_sqlb_table(&b, m->t);
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, &m->pk);
    if (m->deleted_at >= 0)
        cgen_sqlb_puts(&b, cgen_sql_live(a, m, NULL));
    strbuf_printf(o, "/* A versioned write matched no row: SC_ENOTFOUND when the row is gone, else SC_ECONFLICT. */\n"
                     "static int %s__stale(sc_conn *conn%s)\n{\n",
                  m->cname, q__key_params(c, m, &m->pk));
    q__prepare(c, o, cgen_sqlb_done(&b));
    q_chain ch = {o, "    ", Q_ANY};
    q__bind_key_args(c, &ch, m, &m->pk, 1);
    q__step(&ch, "sc_stmt_step_one(st)");
    strbuf_puts(o, "    sc_stmt_release(st);\n"
                   "    return rc == SC_ROW ? sc_conn_set_error(conn, SC_ECONFLICT, \"version conflict: the row changed since it was read\") : rc;\n"
                   "}\n\n");
}

static bool q__settable(const cgen_model *m, size_t i)
{
    const cgen_field *f = &m->fields[i];
    return cgen_in_sql(f) && !f->pk && (int)i != m->version;
}

/* Whether an update has anything to write besides the key. */
static bool q__has_settable(const cgen_model *m)
{
    if (m->version >= 0)
        return true;
    for (size_t i = 0; i < m->nfields; i++)
        if (q__settable(m, i))
            return true;
    return false;
}

/* Whether the model has field masks (update_fields exists). */
static bool q__masks(const cgen_model *m)
{
    return cgen_mask_fields(m) <= CGEN_MASK_BITS;
}

/*
 * The end both updates share: ROW's key (and version) bound after parameter
 * N, the UPDATE run and, when OUT asks for it, the row its RETURNING
 * answers handed out; a versioned miss told apart by __stale.
 */
static void q__update_end_fn(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    strbuf_printf(o,
                  "/* Bind ROW's key%s after parameter N, run the UPDATE and hand the row out. */\n"
                  "static int %s__update_end(%s **out, sc_conn *conn, sc_stmt *st, int rc, const %s *row, int n)\n{\n",
                  m->version >= 0 ? " and version" : "", m->cname, m->cname, m->cname);
    q_chain ch = {o, "    ", Q_ANY};
    for (size_t i = 0; i < m->pk.nfields; i++)
        q__step(&ch, q__bind_field(c, &m->fields[m->pk.fields[i]], "row", arena_printf(c->a, "n + %zu", i + 1)));
    if (m->version < 0) {
        strbuf_printf(o,
                      "    (void)conn;\n"
                      "    return out ? sc_stmt_fetch_one(out, st, rc, &%s__model) : sc_stmt_finish(st, rc, SC_FINISH_CHANGED);\n}\n\n",
                      m->cname);
        return;
    }
    q__step(&ch, q__bind_field(c, &m->fields[m->version], "row", arena_printf(c->a, "n + %zu", m->pk.nfields + 1)));
    strbuf_printf(o,
                  "    rc = out ? sc_stmt_fetch_versioned(out, st, rc, &%s__model) : sc_stmt_finish(st, rc, SC_FINISH_VERSIONED);\n"
                  "    return rc == SC_ECONFLICT ? %s__stale(conn%s) : rc;\n}\n\n",
                  m->cname, m->cname, q__key_call(c, m, &m->pk, "row->"));
}

/*
 * The end of update and update_fields (`st`, `rc`, `row` and `n` the last SET
 * parameter in hand): the primary key bound and the row handed out; a
 * @version model through its __update_end (stale or gone), the others in one
 * libschemac call.
 */
static void q__update_return(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    if (m->version >= 0) {
        strbuf_printf(o, "    return %s__update_end(out, conn, st, rc, row, n);\n}\n\n", m->cname);
        return;
    }
    q__key_decl(c, o, m, &m->pk, true, "key_fields");
    strbuf_printf(o, "    return sc_update_end(out, st, rc, row, key_fields, %zu, n, &%s__model);\n}\n\n", m->pk.nfields, m->cname);
}

static void q__update(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    cgen_sqlb b;
    cgen_sqlb_init(&b, a);
    cgen_sqlb_puts(&b, "UPDATE ");
    cgen_sqlb_table(&b, m->t);
    cgen_sqlb_puts(&b, " SET ");
    bool any = false;
    for (size_t i = 0; i < m->nfields; i++) {
        if (!q__settable(m, i))
            continue;
        const cgen_field *f = &m->fields[i];
        cgen_sqlb_puts(&b, any ? ", " : "");
        cgen_sqlb_puts(&b, f->sql);
        cgen_sqlb_puts(&b, " = ");
        const char *pre, *post;
        q__insert_frag(c, f, true, &pre, &post);
        (void)pre;
        bool wrap = f->col->list;
        if (wrap)
            cgen_sqlb_puts2(&b, "", "CAST(ARRAY(SELECT json_array_elements_text(CAST(");
        cgen_sqlb_param(&b);
        if (wrap)
            cgen_sqlb_puts2(&b, "", post);
        any = true;
    }
    if (m->version >= 0) {
        const char *v = m->fields[m->version].sql;
        cgen_sqlb_puts(&b, arena_printf(a, "%s%s = %s + 1", any ? ", " : "", v, v));
        any = true;
    }
    if (!any)
        return;
    int nset = b.nparams;
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, &m->pk);
    if (m->version >= 0) {
        cgen_sqlb_puts(&b, " AND ");
        cgen_sqlb_puts(&b, m->fields[m->version].sql);
        cgen_sqlb_puts(&b, " = ");
        cgen_sqlb_param(&b);
    }
    cgen_sql bare = cgen_sqlb_done(&b), sql = bare;
    const char *ret = q__returning(c, m);
    sql.sqlite = arena_printf(a, "%s%s", bare.sqlite, ret);
    sql.pg = arena_printf(a, "%s%s", bare.pg, ret);
    strbuf_printf(o, "int %s_update(%s **out, sc_conn *conn, const %s *row)\n{\n", m->cname, m->cname, m->cname);
    q__site(c, o, sql, "site");
    q__site(c, o, bare, "bare");
    strbuf_puts(o, "    sc_stmt *st = NULL;\n    int rc = sc_stmt_prepare_site(&st, conn, out ? &site : &bare);\n");
    (void)nset;
    strbuf_puts(o, "    int n = 0;\n");
    strbuf_printf(o, "    if (rc == SC_OK)\n        rc = sc_fields_bind_set(st, row, %s__fields, %zu, ~UINT64_C(0), &n);\n", m->cname,
                  m->nfields);
    q__update_return(c, o, m);
}

/* What q__update_tables declares besides `set` and `where`. */
typedef struct q_update_tables {
    size_t nset;      /* entries of set[] */
    bool always;      /* something is written whatever the mask (version, @updatedAt) */
    uint64_t all;     /* every mask bit */
    const char *raw;  /* the version's assignment as a C literal, or "NULL" */
    const char *head; /* "UPDATE \"t\" SET " as a C literal */
} q_update_tables;

/* The SET columns (`set`) and WHERE columns (`where`) of M's partial updates (sc_update_spec), declared into O. */
static q_update_tables q__update_tables(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    q_update_tables t = {0, m->version >= 0, 0, "NULL", NULL};
    unsigned bit = 0;
    for (size_t i = 0; i < m->nfields; i++) {
        if (m->fields[i].pk || (int)i == m->version)
            continue;
        if (q__settable(m, i) && m->fields[i].col->client_default == IR_CLIENT_UPDATED_AT)
            t.always = true;
        t.all |= UINT64_C(1) << bit++;
    }
    strbuf_puts(o, "    static const sc_set_column set[] = {\n");
    for (size_t i = 0; i < m->nfields; i++) {
        if (!q__settable(m, i))
            continue;
        const cgen_field *f = &m->fields[i];
        const char *col = q__lit(c, f->sql);
        const char *bitname = f->col->client_default == IR_CLIENT_UPDATED_AT ? "0" : arena_printf(a, "%s_F_%s", m->upper, f->upper);
        if (f->col->list) {
            const char *pre, *post;
            q__insert_frag(c, f, true, &pre, &post);
            /* The parameter is JSON text, cast back to the column's array type. */
            strbuf_printf(o, "        {%s, %s, %s, %s},\n", col, bitname,
                          q__lit(c, "CAST(ARRAY(SELECT json_array_elements_text(CAST("), q__lit(c, post));
        } else {
            strbuf_printf(o, "        {%s, %s, NULL, NULL},\n", col, bitname);
        }
        t.nset++;
    }
    strbuf_puts(o, "    };\n    static const char *const where[] = {");
    for (size_t i = 0; i < m->pk.nfields; i++)
        strbuf_printf(o, "%s, ", q__lit(c, m->fields[m->pk.fields[i]].sql));
    if (m->version >= 0)
        strbuf_printf(o, "%s, ", q__lit(c, m->fields[m->version].sql));
    strbuf_puts(o, "NULL};\n");
    if (m->version >= 0) {
        const char *v = m->fields[m->version].sql;
        t.raw = q__lit(c, arena_printf(a, "%s = %s + 1", v, v));
    }
    t.head = q__lit(c, arena_printf(a, "UPDATE %s SET ", ddl_qualified(a, m->t->schema, m->t->name)));
    return t;
}

/*
 * Partial update: the SET list is built from the mask at run time (a
 * handful of cached texts in practice) by the runtime, from a table of the
 * columns (sc_stmt_prepare_update); the binds are sc_fields_bind_set's.
 */
static void q__update_fields(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    strbuf_printf(o, "int %s_update_fields(%s **out, sc_conn *conn, const %s *row, uint64_t mask)\n{\n", m->cname, m->cname,
                  m->cname);
    q_update_tables t = q__update_tables(c, o, m);
    size_t nset = t.nset;
    bool always = t.always;
    uint64_t all = t.all;
    const char *raw = t.raw, *head = t.head;
    strbuf_puts(o, "    static const char *const tail[] = {\n");
    const char *ret = q__returning(c, m);
    strbuf_printf(o, "%s};\n", q__pieces(c, ret, "        "));
    /* one spec with RETURNING (OUT wanted), one without; each with its cache of statements by mask */
    strbuf_printf(o,
                  "    static sc_update_cache cache[2];\n"
                  "    static const sc_update_spec spec[2] = {\n"
                  "        {%s, set, %zu, %s, where, tail, &cache[0]},\n"
                  "        {%s, set, %zu, %s, where, NULL, &cache[1]},\n    };\n",
                  head, nset, raw, head, nset, raw);
    if (!always)
        strbuf_printf(o, "    if ((mask & UINT64_C(0x%llx)) == 0)\n        return SC_EINVAL; /* nothing to set */\n",
                      (unsigned long long)all);
    strbuf_printf(o,
                  "    sc_stmt *st = NULL;\n    int n = 0;\n    int rc = sc_stmt_prepare_update(&st, conn, &spec[out == NULL], mask);\n"
                  "    if (rc == SC_OK)\n        rc = sc_fields_bind_set(st, row, %s__fields, %zu, mask, &n);\n",
                  m->cname, m->nfields);
    q__update_return(c, o, m);
}

/*
 * update_many: update_fields' UPDATE without RETURNING for every row,
 * through sc_update_many (one pipeline on PostgreSQL); a versioned
 * model's misses told apart by __stale's lookup as a site.
 */
static void q__update_many(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    strbuf_printf(o, "int %s_update_many(sc_conn *conn, const %s *rows, size_t n, uint64_t mask, int *outcome)\n{\n", m->cname,
                  m->cname);
    q_update_tables t = q__update_tables(c, o, m);
    strbuf_printf(o,
                  "    static sc_update_cache cache;\n"
                  "    static const sc_update_spec update = {%s, set, %zu, %s, where, NULL, &cache};\n"
                  "    static const sc_field key[] = {",
                  t.head, t.nset, t.raw);
    for (size_t i = 0; i < m->pk.nfields; i++)
        strbuf_printf(o, "%s%s", i ? ", " : "", q__key_entry(c, m, &m->fields[m->pk.fields[i]]));
    if (m->version >= 0)
        strbuf_printf(o, ", %s", q__key_entry(c, m, &m->fields[m->version]));
    strbuf_puts(o, "};\n");
    if (m->version >= 0) {
        cgen_sqlb b;
        cgen_sqlb_init(&b, a);
        cgen_sqlb_puts(&b, "SELECT 1 FROM ");
        cgen_sqlb_table(&b, m->t);
        cgen_sqlb_puts(&b, " WHERE ");
        cgen_sqlb_key_match(&b, m, &m->pk);
        if (m->deleted_at >= 0)
            cgen_sqlb_puts(&b, cgen_sql_live(a, m, NULL));
        q__site(c, o, cgen_sqlb_done(&b), "stale");
    }
    size_t nkey = m->pk.nfields + (m->version >= 0);
    strbuf_printf(o, "    static const sc_update_many_spec spec = {&update, %s__fields, %zu, key, %zu, %s, sizeof *rows};\n",
                  m->cname, m->nfields, nkey, m->version >= 0 ? "&stale" : "NULL");
    if (!t.always)
        strbuf_printf(o, "    if ((mask & UINT64_C(0x%llx)) == 0)\n        return SC_EINVAL; /* nothing to set */\n",
                      (unsigned long long)t.all);
    strbuf_puts(o, "    return sc_update_many(conn, &spec, rows, n, mask, outcome);\n}\n\n");
}

/* ---------------------------------------------------------------- delete, restore, purge */

static const char *q__version_param(cgen_ctx *c, const cgen_model *m)
{
    if (m->version < 0)
        return "";
    return arena_printf(c->a, ", %s expected_%s", m->fields[m->version].ctype, m->fields[m->version].member);
}

static void q__delete(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    cgen_sqlb b;
    cgen_sqlb_init(&b, a);
    strbuf binds;
    strbuf_init(&binds, a);
    q_chain ch = {&binds, "    ", Q_ANY};
    bool soft = m->deleted_at >= 0;
    if (soft) {
        cgen_sqlb_puts(&b, "UPDATE ");
        cgen_sqlb_table(&b, m->t);
        cgen_sqlb_puts(&b, " SET ");
        cgen_sqlb_puts(&b, m->fields[m->deleted_at].sql);
        cgen_sqlb_puts(&b, " = ");
        int n = cgen_sqlb_param(&b);
        q__step(&ch, arena_printf(a, "sc_stmt_bind_timestamp(st, %d, now)", n));
        for (size_t i = 0; i < m->nfields; i++) {
            if (m->fields[i].col->client_default != IR_CLIENT_UPDATED_AT || !cgen_in_sql(&m->fields[i]))
                continue;
            cgen_sqlb_puts(&b, ", ");
            cgen_sqlb_puts(&b, m->fields[i].sql);
            cgen_sqlb_puts(&b, " = ");
            n = cgen_sqlb_param(&b);
            q__step(&ch, arena_printf(a, "sc_stmt_bind_timestamp(st, %d, now)", n));
        }
        if (m->version >= 0) {
            const char *v = m->fields[m->version].sql;
            cgen_sqlb_puts(&b, arena_printf(a, ", %s = %s + 1", v, v));
        }
    } else {
        cgen_sqlb_puts(&b, "DELETE FROM ");
        cgen_sqlb_table(&b, m->t);
    }
    cgen_sqlb_puts(&b, " WHERE ");
    int first = b.nparams + 1;
    cgen_sqlb_key_match(&b, m, &m->pk);
    q__bind_key_args(c, &ch, m, &m->pk, first);
    if (m->version >= 0) {
        cgen_sqlb_puts(&b, " AND ");
        cgen_sqlb_puts(&b, m->fields[m->version].sql);
        cgen_sqlb_puts(&b, " = ");
        int n = cgen_sqlb_param(&b);
        const cgen_field *vf = &m->fields[m->version];
        q__step(&ch, q__bind_value(c, vf, arena_printf(a, "expected_%s", vf->member), "0", arena_printf(a, "%d", n)));
    }
    if (soft)
        cgen_sqlb_puts(&b, cgen_sql_live(a, m, NULL));
    strbuf_printf(o, "int %s_delete(sc_conn *conn%s%s)\n{\n", m->cname, q__key_params(c, m, &m->pk), q__version_param(c, m));
    if (!soft && m->version < 0 && q__key_args_ok(m, &m->pk)) {
        q__site(c, o, cgen_sqlb_done(&b), "site");
        q__key_decl(c, o, m, &m->pk, false, "key_fields");
        strbuf_printf(o, "    return sc_exec_by(conn, &site, %s, SC_FINISH_CHANGED);\n}\n\n",
                      q__key_args(c, m, &m->pk, "key_fields"));
        return;
    }
    if (soft)
        strbuf_puts(o, "    sc_timestamp now = sc_timestamp_now();\n");
    q__prepare(c, o, cgen_sqlb_done(&b));
    strbuf_puts(o, strbuf_str(&binds));
    if (m->version >= 0)
        strbuf_printf(o, "    rc = sc_stmt_finish(st, rc, SC_FINISH_VERSIONED);\n    return rc == SC_ECONFLICT ? %s__stale(conn%s) : rc;\n}\n\n",
                      m->cname, q__key_call(c, m, &m->pk, ""));
    else
        strbuf_puts(o, "    return sc_stmt_finish(st, rc, SC_FINISH_CHANGED);\n}\n\n");
}

/* Restore clears the soft-delete mark; purge removes the row for good. */
static void q__restore_purge(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    const char *del = m->fields[m->deleted_at].sql;
    cgen_sqlb b;
    cgen_sqlb_init(&b, a);
    strbuf binds;
    strbuf_init(&binds, a);
    q_chain ch = {&binds, "    ", Q_ANY};
    cgen_sqlb_puts(&b, arena_printf(a, "UPDATE %s SET %s = NULL", ddl_qualified(a, m->t->schema, m->t->name), del));
    for (size_t i = 0; i < m->nfields; i++) {
        if (m->fields[i].col->client_default != IR_CLIENT_UPDATED_AT || !cgen_in_sql(&m->fields[i]))
            continue;
        cgen_sqlb_puts(&b, ", ");
        cgen_sqlb_puts(&b, m->fields[i].sql);
        cgen_sqlb_puts(&b, " = ");
        int n = cgen_sqlb_param(&b);
        q__step(&ch, arena_printf(a, "sc_stmt_bind_timestamp(st, %d, sc_timestamp_now())", n));
    }
    if (m->version >= 0) {
        const char *v = m->fields[m->version].sql;
        cgen_sqlb_puts(&b, arena_printf(a, ", %s = %s + 1", v, v));
    }
    cgen_sqlb_puts(&b, " WHERE ");
    int first = b.nparams + 1;
    cgen_sqlb_key_match(&b, m, &m->pk);
    q__bind_key_args(c, &ch, m, &m->pk, first);
    cgen_sqlb_puts(&b, arena_printf(a, " AND %s IS NOT NULL", del));
    strbuf_printf(o, "int %s_restore(sc_conn *conn%s)\n{\n", m->cname, q__key_params(c, m, &m->pk));
    q__prepare(c, o, cgen_sqlb_done(&b));
    strbuf_puts(o, strbuf_str(&binds));
    strbuf_puts(o, "    return sc_stmt_finish(st, rc, SC_FINISH_CHANGED);\n}\n\n");

    cgen_sqlb_init(&b, a);
    cgen_sqlb_puts(&b, "DELETE FROM ");
    cgen_sqlb_table(&b, m->t);
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, &m->pk);
    strbuf_printf(o, "int %s_purge(sc_conn *conn%s)\n{\n", m->cname, q__key_params(c, m, &m->pk));
    if (q__key_args_ok(m, &m->pk)) {
        q__site(c, o, cgen_sqlb_done(&b), "site");
        q__key_decl(c, o, m, &m->pk, false, "key_fields");
        strbuf_printf(o, "    return sc_exec_by(conn, &site, %s, SC_FINISH_CHANGED);\n}\n\n",
                      q__key_args(c, m, &m->pk, "key_fields"));
        return;
    }
    q__prepare(c, o, cgen_sqlb_done(&b));
    q_chain pc = {o, "    ", Q_ANY};
    q__bind_key_args(c, &pc, m, &m->pk, 1);
    strbuf_puts(o, "    return sc_stmt_finish(st, rc, SC_FINISH_CHANGED);\n}\n\n");
}

/* ---------------------------------------------------------------- relation loaders */

/* The PostgreSQL array type a key of field F travels as, or NULL when loaders cannot batch it. */
static const char *q__pg_array_type(const cgen_field *f)
{
    switch (f->kind) {
    case CGEN_I32: return "INTEGER[]";
    case CGEN_I64: return "BIGINT[]";
    case CGEN_TEXT: return f->col->native ? NULL : "TEXT[]";
    default: return NULL;
    }
}

static int q__field_of(const cgen_model *m, const char *column)
{
    for (size_t i = 0; i < m->nfields; i++)
        if (strcmp(m->fields[i].col->name, column) == 0)
            return (int)i;
    return -1;
}

/* A compound key part travels inside a JSON array; numbers and text have one exact JSON form. */
static bool q__json_key_kind(const cgen_field *f)
{
    return !f->col->list && (f->kind == CGEN_I32 || f->kind == CGEN_I64 || f->kind == CGEN_TEXT);
}

/*
 * A loader fills one relation field of N rows with one query: the rows' key
 * values travel as one array parameter (json_each on SQLite, unnest ... WITH
 * ORDINALITY on PostgreSQL) and every result row carries the index of the
 * row it belongs to, so no row is matched twice and none is copied. A
 * compound key travels as a JSON array of arrays on both engines. The
 * runtime's sc_load runs it and files the rows.
 */
static void q__loader(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_rel *r, bool with_deleted)
{
    arena *a = c->a;
    const ir_relation *rel = r->rel;
    const cgen_model *t = r->target;
    if (rel->ncolumns < 1 || !t->pk.nfields)
        return;
    bool compound = rel->ncolumns > 1;
    if (compound && rel->kind == IR_REL_JOIN)
        return;
    /* The source fields whose values are the keys. */
    const cgen_field **sfs = ARENA_ARRAY(a, const cgen_field *, rel->ncolumns);
    for (size_t i = 0; i < rel->ncolumns; i++) {
        int fi = q__field_of(m, rel->columns[i]);
        if (fi < 0 || (compound && !q__json_key_kind(&m->fields[fi])))
            return;
        sfs[i] = &m->fields[fi];
    }
    const cgen_field *sf = sfs[0];
    const char *arr = q__pg_array_type(sf);
    if (!arr)
        return;
    const char *tcols = cgen_sql_columns_as(a, t, "t");
    const char *live = with_deleted ? "" : cgen_sql_live(a, t, "t");
    /* The join from the key table k (its key column named KEYCOL) to the target rows. */
    const char *join;
    if (rel->kind == IR_REL_JOIN)
        join = arena_printf(a, " JOIN %s AS j ON j.%s = k.", ddl_qualified(a, rel->join_schema, rel->join_table),
                            sqltext_ident(a, rel->join_self_column));
    else
        join = arena_printf(a, " JOIN %s AS t ON t.%s = k.", ddl_qualified(a, rel->target_schema, rel->target_table),
                            sqltext_ident(a, rel->target_columns[0]));
    const char *rest = rel->kind == IR_REL_JOIN
                           ? arena_printf(a, " JOIN %s AS t ON t.%s = j.%s%s",
                                          ddl_qualified(a, rel->target_schema, rel->target_table),
                                          sqltext_ident(a, rel->target_columns[0]), sqltext_ident(a, rel->join_target_column), live)
                           : live;
    /* no ORDER BY: sorting every row cost more than the load; sc_load groups the rows by idx */
    const char *order = "";
    /* one integer key column on the target itself: each target row once, given to its parents by its key (q__by_key) */
    int tfi = !compound && rel->kind != IR_REL_JOIN ? q__field_of(t, rel->target_columns[0]) : -1;
    const bool by_key = tfi >= 0 && q__by_key(c, t, sf, &t->fields[tfi]);
    const char *lite, *pg;
    if (by_key) {
        cgen_sql keyed = q__sql_by_key(a, tcols, ddl_qualified(a, rel->target_schema, rel->target_table),
                                       sqltext_ident(a, rel->target_columns[0]), arr, live);
        lite = keyed.sqlite;
        pg = keyed.pg;
    } else if (!compound) {
        lite = arena_printf(a, "SELECT %s, k.\"key\" AS idx FROM json_each(?1) AS k%s\"value\"%s%s", tcols, join, rest, order);
        /* the same keys as a filter on the keyed column: PostgreSQL then scans the index once for all of them
           (a bitmap scan) instead of probing it key by key through the join (bench/README.md, W5) */
        const char *keyed = rel->kind == IR_REL_JOIN ? arena_printf(a, "j.%s", sqltext_ident(a, rel->join_self_column))
                                                     : arena_printf(a, "t.%s", sqltext_ident(a, rel->target_columns[0]));
        pg = arena_printf(a, "SELECT %s, k.ord - 1 AS idx FROM unnest(CAST($1 AS %s)) WITH ORDINALITY AS k(v, ord)%sv AND %s = ANY(CAST($1 AS %s))%s%s",
                          tcols, arr, join, keyed, arr, rest, order);
    } else {
        /* Element i of each key array against target column i, in the target column's type on PostgreSQL. */
        strbuf jl, jp;
        strbuf_init(&jl, a);
        strbuf_init(&jp, a);
        for (size_t i = 0; i < rel->ncolumns; i++) {
            const char *tc = sqltext_ident(a, rel->target_columns[i]);
            int ti = q__field_of(t, rel->target_columns[i]);
            const char *ty = ti >= 0 ? ddl_postgres_dialect.column_type(a, c->s, t->fields[ti].col) : "TEXT";
            strbuf_printf(&jl, "%st.%s = json_extract(k.\"value\", '$[%zu]')", i ? " AND " : "", tc, i);
            strbuf_printf(&jp, "%st.%s = CAST(k.v ->> %zu AS %s)", i ? " AND " : "", tc, i, ty);
        }
        const char *tt = ddl_qualified(a, rel->target_schema, rel->target_table);
        lite = arena_printf(a, "SELECT %s, k.\"key\" AS idx FROM json_each(?1) AS k JOIN %s AS t ON %s%s%s", tcols, tt,
                            strbuf_str(&jl), live, order);
        pg = arena_printf(a,
                          "SELECT %s, k.ord - 1 AS idx FROM json_array_elements(CAST($1 AS JSON)) WITH ORDINALITY AS k(v, ord)"
                          " JOIN %s AS t ON %s%s%s",
                          tcols, tt, strbuf_str(&jp), live, order);
    }
    int ncols = 0;
    for (size_t i = 0; i < t->nfields; i++)
        ncols += cgen_in_sql(&t->fields[i]);

    cgen_sql sql = {lite, pg};
    const char *spec = arena_printf(a, "{sizeof(%s), offsetof(%s, %s), %s, %s, &%s__model, %s}", m->cname, m->cname, r->member,
                                    r->many ? arena_printf(a, "offsetof(%s, %s_count)", m->cname, r->member) : "SC_LOAD_ONE",
                                    by_key ? "SC_LOAD_BY_KEY" : arena_printf(a, "%d", ncols), t->cname,
                                    by_key ? arena_printf(a, "%d", tfi) : "0");
    strbuf keys;
    strbuf_init(&keys, a);
    for (size_t i = 0; i < rel->ncolumns; i++)
        strbuf_printf(&keys, "%s%s", i ? ", " : "", q__key_entry(c, m, sfs[i]));
    if (with_deleted) {
        strbuf_printf(o, "int %s_load_%s_with_deleted(sc_conn *conn, %s *rows, size_t n)\n{\n", m->cname, r->member, m->cname);
        q__site(c, o, sql, "site");
        strbuf_printf(o, "    static const sc_load_spec spec = %s;\n", spec);
        strbuf_printf(o, "    static const sc_field key_fields[] = {%s};\n", strbuf_str(&keys));
        strbuf_printf(o, "    return sc_load_by(conn, &site, rows, n, &spec, key_fields, %zu);\n}\n\n", rel->ncolumns);
        return;
    }
    /* the loader over an array of rows and the one over row pointers share the statement and its tables */
    const char *fn = arena_printf(a, "%s_load_%s", m->cname, r->member);
    /* External: load_<relation> and load_<relation>_ptrs are static inline functions of the header over them
       (model_load_one/many/ptrs.h.tpl), compiled only by a program that calls one - 2,400 one-call functions of
       the 300-model schema's build. */
    q__site_init(c, o, o, sql, arena_printf(a, "%s__site", fn), "", "", arena_printf(a, "sc_stmt_site %s__site = ", fn), ";\n");
    strbuf_printf(o, "const sc_load_spec %s__spec = %s;\n", fn, spec);
    strbuf_printf(o, "const sc_field %s__key[] = {%s};\n\n", fn, strbuf_str(&keys));
}

/* The C type of a many-to-many link's target key parameter. */
static const char *q__link_target(cgen_ctx *c, const cgen_rel *r)
{
    const cgen_model *t = r->target;
    const cgen_field *tf = &t->fields[t->pk.fields[0]];
    bool text = tf->kind == CGEN_TEXT || tf->kind == CGEN_DECIMAL || tf->kind == CGEN_JSON;
    return arena_printf(c->a, "%s%s%s", text ? "const char *" : tf->ctype, text ? "" : " ", r->link_param);
}

/* ", int32_t id, int32_t tag_id": this row's key, then the target's, named after its model. */
static const char *q__link_params(cgen_ctx *c, const cgen_model *m, const cgen_rel *r)
{
    return arena_printf(c->a, "%s, %s", q__key_params(c, m, &m->pk), q__link_target(c, r));
}

/* link/unlink of an implicit many-to-many relation, by both primary keys. */
static void q__link(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_rel *r)
{
    arena *a = c->a;
    const ir_relation *rel = r->rel;
    const cgen_model *t = r->target;
    const cgen_field *sf = &m->fields[m->pk.fields[0]];
    const cgen_field *tf = &t->fields[t->pk.fields[0]];
    const char *jt = ddl_qualified(a, rel->join_schema, rel->join_table);
    const char *js = sqltext_ident(a, rel->join_self_column);
    const char *jg = sqltext_ident(a, rel->join_target_column);
    const char *params = q__link_params(c, m, r);
    /* The parameter names: this row's key, then the target's named after its model (cgen.c gives both). */
    const char *tname = r->link_param;
    for (int unlink = 0; unlink < 2; unlink++) {
        cgen_sqlb b;
        cgen_sqlb_init(&b, a);
        if (unlink)
            cgen_sqlb_puts(&b, arena_printf(a, "DELETE FROM %s WHERE %s = ", jt, js));
        else
            cgen_sqlb_puts(&b, arena_printf(a, "INSERT INTO %s (%s, %s) VALUES (", jt, js, jg));
        cgen_sqlb_param(&b);
        cgen_sqlb_puts(&b, unlink ? arena_printf(a, " AND %s = ", jg) : ", ");
        cgen_sqlb_param(&b);
        if (!unlink)
            cgen_sqlb_puts(&b, ")");
        strbuf_printf(o, "int %s_%s_%s(sc_conn *conn%s)\n{\n", m->cname, unlink ? "unlink" : "link", r->member, params);
        q__site(c, o, cgen_sqlb_done(&b), "site");
        strbuf_printf(o, "    static const sc_field key_fields[] = {%s, %s};\n", q__key_entry(c, NULL, sf), q__key_entry(c, NULL, tf));
        strbuf_printf(o, "    return sc_exec_by(conn, &site, key_fields, 2, (const void *const[]){&%s, &%s}, %s);\n}\n\n", sf->param, tname,
                      unlink ? "SC_FINISH_CHANGED" : "SC_FINISH_EXEC");
    }
}

/* ---------------------------------------------------------------- which functions a model gets */

static bool q__loader_ok(const cgen_model *m, const cgen_rel *r)
{
    const ir_relation *rel = r->rel;
    if (rel->ncolumns < 1 || !r->target->pk.nfields || (rel->ncolumns > 1 && rel->kind == IR_REL_JOIN))
        return false;
    for (size_t i = 0; i < rel->ncolumns; i++) {
        int fi = q__field_of(m, rel->columns[i]);
        if (fi < 0 || (rel->ncolumns > 1 && !q__json_key_kind(&m->fields[fi])))
            return false;
    }
    return q__pg_array_type(&m->fields[q__field_of(m, rel->columns[0])]) != NULL;
}

static bool q__link_ok(const cgen_model *m, const cgen_rel *r)
{
    const cgen_model *t = r->target;
    return r->rel->kind == IR_REL_JOIN && m->pk.nfields == 1 && t->pk.nfields == 1 &&
           m->fields[m->pk.fields[0]].kind != CGEN_BYTES && t->fields[t->pk.fields[0]].kind != CGEN_BYTES;
}

/* ---------------------------------------------------------------- declarations */

/* The declaration of one function from template TPL with M's keys and the pairs of EXTRA (NULL-terminated). */
static void q__decl(cgen_ctx *c, strbuf *h, const char *tpl, const cgen_model *m, const char *const *extra)
{
    const char *vars[32];
    size_t n = 0;
    const char *base[] = {"prefix", c->prefix, "PREFIX", c->upper_prefix, "model", m->cname, "Model", m->t->model, "MODEL", m->upper};
    for (size_t i = 0; i < sizeof base / sizeof *base; i++)
        vars[n++] = base[i];
    for (size_t i = 0; extra && extra[i] && n + 2 < sizeof vars / sizeof *vars; i++)
        vars[n++] = extra[i];
    vars[n] = NULL;
    cgen_emit(c, h, tpl, vars);
}

/* The line the update and delete docs add for a @version model (VERSION names the version it checks), or "". */
static const char *q__version_note(cgen_ctx *c, const cgen_model *m, const char *version)
{
    if (m->version < 0)
        return "";
    return arena_printf(c->a, "\n * %s must be the stored version: else SC_ECONFLICT, and nothing is written.", version);
}

void cgen_query_decls(cgen_ctx *c, strbuf *h, const cgen_model *m)
{
    arena *a = c->a;
    bool pk = q__key_ok(m, &m->pk);
    if (!m->no_insert) {
        q__decl(c, h, "model_create.h.tpl", m, NULL);
        if (q__autoinc_pk(m)) {
            const char *extra[] = {"id_type", q__autoinc_pk(m)->ctype, NULL};
            q__decl(c, h, "model_create_id.h.tpl", m, extra);
        }
    }
    if (!m->no_insert && q__ninserted(m)) {
        q__decl(c, h, "model_create_many.h.tpl", m, NULL);
        if (q__autoinc_pk(m)) {
            const char *extra[] = {"id_type", q__autoinc_pk(m)->ctype, NULL};
            q__decl(c, h, "model_create_many_ids.h.tpl", m, extra);
        }
        q__decl(c, h, "model_create_many_skip.h.tpl", m, NULL);
    }
    for (size_t i = 0; i <= m->nuniques; i++) {
        const cgen_key *k = i == 0 ? &m->pk : &m->uniques[i - 1];
        if (m->no_insert || !q__upsert_ok(m, k))
            continue;
        const char *extra[] = {"key", k->suffix, "fields", q__key_names(c, m, k), NULL};
        q__decl(c, h, "model_upsert.h.tpl", m, extra);
    }
    for (size_t i = 0; i <= m->nuniques; i++) {
        const cgen_key *k = i == 0 ? &m->pk : &m->uniques[i - 1];
        if (!q__key_ok(m, k))
            continue;
        const char *extra[] = {"key", k->suffix, "fields", q__key_names(c, m, k), "params", q__key_params(c, m, k), NULL};
        q__decl(c, h, "model_find.h.tpl", m, extra);
        if (i == 0 && m->deleted_at >= 0 && !k->no_with_deleted)
            q__decl(c, h, "model_find_with_deleted.h.tpl", m, extra);
    }
    if (q__with_count(c, m)) {
        /* the flags of the relations, and _load over them, before the functions taking them */
        strbuf_puts(h, "/* The relations of a row: what _load and _find_many_by_<key>_with load, or'ed together (unsigned). */\n");
        for (size_t k = 0; k < c->with_count; k++)
            strbuf_printf(h, "#define %s_WITH_%s (1u << %zu)\n", m->upper, cgen_upper(a, m->rels[c->with_rel[k]].member), k);
        strbuf_puts(h, "\n");
        const char *extra[] = {"flags", q__with_flags(c, m), "nwith", arena_printf(a, "%zu", q__with_count(c, m)), NULL};
        q__decl(c, h, "model_load_with.h.tpl", m, extra);
    }
    for (size_t i = 0; i <= m->nuniques; i++) {
        const cgen_key *k = i == 0 ? &m->pk : &m->uniques[i - 1];
        const cgen_field *f = q__many_key(m, k);
        if (!f || (i == 0 && !pk))
            continue;
        bool text = f->kind == CGEN_TEXT;
        const char *param = arena_printf(a, "%s%s *%s", text ? "const char *const" : "const ", text ? "" : f->ctype, f->param);
        const char *extra[] = {"key", k->suffix, "fields", f->param, "param", param, NULL};
        q__decl(c, h, "model_find_many.h.tpl", m, extra);
        if (!q__with_count(c, m) || k->no_with)
            continue;
        const char *with[] = {"key", k->suffix, "fields", f->param, "param", param, "flags", q__with_flags(c, m), NULL};
        q__decl(c, h, "model_find_many_with.h.tpl", m, with);
    }
    if (pk && q__has_settable(m)) {
        const char *extra[] = {"version_note", q__version_note(c, m, "ROW's version"), NULL};
        q__decl(c, h, "model_update.h.tpl", m, extra);
        if (q__masks(m)) {
            q__decl(c, h, "model_update_fields.h.tpl", m, extra);
            const char *many[] = {"conflict_note", m->version >= 0 ? " or SC_ECONFLICT (another version is stored)" : "", NULL};
            q__decl(c, h, "model_update_many.h.tpl", m, many);
        }
    }
    if (pk) {
        const char *params = arena_printf(a, "%s%s", q__key_params(c, m, &m->pk), q__version_param(c, m));
        const char *extra[] = {"params", params, "key_params", q__key_params(c, m, &m->pk), "version_note",
                               q__version_note(c, m, m->version >= 0 ? cgen_upper(a, arena_printf(a, "expected_%s", m->fields[m->version].member)) : ""),
                               NULL};
        q__decl(c, h, m->deleted_at >= 0 ? "model_soft_delete.h.tpl" : "model_delete.h.tpl", m, extra);
    }
    for (size_t i = 0; i < m->nfks + m->nidxs; i++) {
        const cgen_key *k = i < m->nfks ? &m->fks[i] : &m->idxs[i - m->nfks];
        if (!q__key_ok(m, k))
            continue;
        const char *extra[] = {"key", k->suffix, "fields", q__key_names(c, m, k), "params", q__key_params(c, m, k), NULL};
        q__decl(c, h, "model_list_by.h.tpl", m, extra);
        if (i < m->nfks && m->deleted_at >= 0 && !k->no_with_deleted)
            q__decl(c, h, "model_list_by_with_deleted.h.tpl", m, extra);
    }
    const char *count_extra[] = {"live_note", m->deleted_at >= 0 ? " not soft-deleted" : "", NULL};
    q__decl(c, h, "model_count.h.tpl", m, count_extra);
    for (size_t i = 0; i < m->nfks; i++) {
        const cgen_key *k = &m->fks[i];
        if (!q__key_ok(m, k))
            continue;
        const char *extra[] = {"key", k->suffix, "fields", q__key_names(c, m, k), "params", q__key_params(c, m, k),
                               "live_note", m->deleted_at >= 0 ? " not soft-deleted" : "", NULL};
        q__decl(c, h, "model_count_by.h.tpl", m, extra);
    }
    if (pk) {
        const char *extra[] = {"key", "", "order", q__key_names(c, m, &m->pk), NULL};
        q__decl(c, h, "model_list_page.h.tpl", m, extra);
        if (m->deleted_at >= 0)
            q__decl(c, h, "model_list_page_with_deleted.h.tpl", m, extra);
    }
    for (size_t i = 0; i < m->norders; i++) {
        const cgen_key *k = &m->orders[i];
        if (!q__key_ok(m, k))
            continue;
        strbuf order;
        strbuf_init(&order, a);
        for (size_t j = 0; j < k->nfields; j++)
            strbuf_printf(&order, "%s%s%s", j ? ", " : "", m->fields[k->fields[j]].member, k->desc && k->desc[j] ? " DESC" : "");
        const char *extra[] = {"key", k->suffix, "order", strbuf_str(&order), NULL};
        q__decl(c, h, "model_list_page_by.h.tpl", m, extra);
    }
    for (size_t i = 0; i < m->nscoped; i++) {
        const cgen_scoped *sc = &m->scoped[i];
        if (!q__scoped_ok(m, sc))
            continue;
        cgen_key scope = sc->order;
        scope.nfields = sc->prefix;
        strbuf order;
        strbuf_init(&order, a);
        for (size_t j = sc->prefix; j < sc->order.nfields; j++)
            strbuf_printf(&order, "%s%s%s", j > sc->prefix ? ", " : "", m->fields[sc->order.fields[j]].member,
                          sc->order.desc && sc->order.desc[j] ? " DESC" : "");
        const char *extra[] = {"key", sc->suffix, "fields", q__key_names(c, m, &scope), "params", q__key_params(c, m, &scope),
                               "order", strbuf_str(&order), "live_note", m->deleted_at >= 0 ? " not soft-deleted" : "", NULL};
        q__decl(c, h, "model_list_page_of.h.tpl", m, extra);
    }
    for (size_t i = 0; i < m->nrels; i++) {
        const cgen_rel *r = &m->rels[i];
        const char *extra[] = {"relation", r->member, "target", r->target->cname, "Target", r->target->t->model,
                               "params", r->link_param ? q__link_params(c, m, r) : "",
                               "nkeys", arena_printf(c->a, "%zu", r->rel->ncolumns), NULL};
        if (q__loader_ok(m, r)) {
            q__decl(c, h, r->many ? "model_load_many.h.tpl" : "model_load_one.h.tpl", m, extra);
            if (!r->no_ptrs)
                q__decl(c, h, "model_load_ptrs.h.tpl", m, extra);
        }
        if (q__loader_ok(m, r) && r->target->deleted_at >= 0 && !r->no_with_deleted)
            q__decl(c, h, "model_load_with_deleted.h.tpl", m, extra);
        if (q__link_ok(m, r))
            q__decl(c, h, "model_link.h.tpl", m, extra);
    }
}

/* ---------------------------------------------------------------- definitions */

/*
 * M's field table, X__fields: one sc_field per column in SELECT order, which
 * the insert and SET binders hand to libschemac
 * (schemac/fields.h); none when the model has no binder. A model without
 * field masks marks every SET field with every bit (update binds them all).
 */
bool cgen_query_fields(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    /* the binders and the model (the runtime's reads on PostgreSQL) read it */
    if (c->o->types_only || m->nfields == 0)
        return false;
    bool masks = q__masks(m);
    strbuf_printf(o, "static const sc_field %s__fields[] = {\n", m->cname);
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        const ir_column *col = f->col;
        strbuf flags;
        strbuf_init(&flags, a);
        bool upd = col->client_default == IR_CLIENT_UPDATED_AT;
        const char *flag[6] = {
            col->nullable && !col->list ? "SC_FIELD_NULLABLE" : NULL,
            col->list ? "SC_FIELD_LIST" : NULL,
            q__inserted(f) ? "SC_FIELD_INSERT" : NULL,
            q__settable(m, i) ? "SC_FIELD_SET" : NULL,
            upd ? "SC_FIELD_UPDATED_AT" : NULL,
            !upd && f->kind == CGEN_TIME && col->dflt.kind == IR_DEFAULT_NOW && !col->list ? "SC_FIELD_NOW" : NULL,
        };
        for (size_t j = 0; j < 6; j++)
            if (flag[j])
                strbuf_printf(&flags, "%s%s", flags.len ? " | " : "", flag[j]);
        strbuf_printf(o, "    {.type = SC_FIELD_%s", q__types[f->kind]);
        if (flags.len)
            strbuf_printf(o, ", .flags = %s", strbuf_str(&flags));
        const char *gen = q__inserted(f) ? q__client_gen(f) : NULL;
        if (gen) {
            strbuf_printf(o, ", .gen = %s", gen);
            if (col->client_default == IR_CLIENT_NANOID && col->client_arg > 0)
                strbuf_printf(o, ", .gen_len = %d", col->client_arg);
        }
        q__field_place(o, m, f);
        if (q__settable(m, i) && !upd)
            strbuf_printf(o, ", .mask = %s", masks ? arena_printf(a, "%s_F_%s", m->upper, f->upper) : "~UINT64_C(0)");
        strbuf_puts(o, "},\n");
    }
    strbuf_puts(o, "};\n\n");
    return true;
}

void cgen_query_defs(cgen_ctx *c, strbuf *out, const cgen_model *m)
{
    bool pk = q__key_ok(m, &m->pk);
    q__read_fn(c, out, m);
    if (c->o->types_only)
        return; /* the row type's reader only (sc_model): no query functions */
    /* The select list, once, defined before the model's functions when one of them uses it (a short list is left in
       the statements, where it is shorter than the macro's name; one too long to join any statement that fits a
       literal goes unused). */
    const char *macro = arena_printf(c->a, "%s__columns", m->cname);
    size_t ncols = strlen(m->sql_cols), mark = out->len;
    bool cols = ncols > strlen(macro) + 8;
    if (cols) {
        c->cols_text = cgen_c_string(c->a, m->sql_cols);
        c->cols_lit = strlen(c->cols_text);
        c->cols = m->sql_cols;
        c->ncols = ncols;
        c->cols_macro = macro;
        c->cols_uses = 0;
    }
    if (!m->no_insert) {
        q__bind_insert_fn(c, out, m);
        q__create(c, out, m);
        q__create_id(c, out, m);
        q__create_many(c, out, m);
        q__create_many_ids(c, out, m);
        q__create_many_skip(c, out, m);
        if (q__upsert_ok(m, &m->pk))
            q__upsert(c, out, m, &m->pk);
        for (size_t i = 0; i < m->nuniques; i++)
            if (q__upsert_ok(m, &m->uniques[i]))
                q__upsert(c, out, m, &m->uniques[i]);
    }
    if (pk)
        q__find(c, out, m, &m->pk, false);
    if (pk && m->deleted_at >= 0 && !m->pk.no_with_deleted)
        q__find(c, out, m, &m->pk, true);
    for (size_t i = 0; i < m->nuniques; i++)
        if (q__key_ok(m, &m->uniques[i]))
            q__find(c, out, m, &m->uniques[i], false);
    q__with_table(c, out, m);
    if (pk)
        q__find_many(c, out, m, &m->pk);
    for (size_t i = 0; i < m->nuniques; i++)
        q__find_many(c, out, m, &m->uniques[i]);
    if (pk && m->version >= 0)
        q__stale_fn(c, out, m);
    if (pk && q__has_settable(m)) {
        if (m->version >= 0)
            q__update_end_fn(c, out, m);
        q__update(c, out, m);
        if (q__masks(m)) {
            q__update_fields(c, out, m);
            q__update_many(c, out, m);
        }
    }
    if (pk) {
        q__delete(c, out, m);
        if (m->deleted_at >= 0)
            q__restore_purge(c, out, m);
    }
    for (size_t i = 0; i < m->nfks; i++)
        if (q__key_ok(m, &m->fks[i])) {
            q__list_by(c, out, m, &m->fks[i], false);
            if (m->deleted_at >= 0 && !m->fks[i].no_with_deleted)
                q__list_by(c, out, m, &m->fks[i], true);
        }
    for (size_t i = 0; i < m->nidxs; i++)
        if (q__key_ok(m, &m->idxs[i]))
            q__list_by(c, out, m, &m->idxs[i], false);
    q__count(c, out, m);
    for (size_t i = 0; i < m->nfks; i++)
        if (q__key_ok(m, &m->fks[i]))
            q__count_by(c, out, m, &m->fks[i]);
    if (pk)
        q__page(c, out, m, &m->pk, "list_page", 0, false);
    if (pk && m->deleted_at >= 0)
        q__page(c, out, m, &m->pk, "list_page_with_deleted", 0, true);
    for (size_t i = 0; i < m->norders; i++)
        if (q__key_ok(m, &m->orders[i]))
            q__page(c, out, m, &m->orders[i], arena_printf(c->a, "list_page_by_%s", m->orders[i].suffix), 0, false);
    for (size_t i = 0; i < m->nscoped; i++)
        if (q__scoped_ok(m, &m->scoped[i]))
            q__page(c, out, m, &m->scoped[i].order, arena_printf(c->a, "list_page_of_%s", m->scoped[i].suffix),
                    m->scoped[i].prefix, false);
    for (size_t i = 0; i < m->nrels; i++) {
        if (q__loader_ok(m, &m->rels[i]))
            q__loader(c, out, m, &m->rels[i], false);
        if (q__loader_ok(m, &m->rels[i]) && m->rels[i].target->deleted_at >= 0 && !m->rels[i].no_with_deleted)
            q__loader(c, out, m, &m->rels[i], true);
        if (q__link_ok(m, &m->rels[i]))
            q__link(c, out, m, &m->rels[i]);
    }
    if (cols && c->cols_uses) {
        const char *def = arena_printf(c->a, "/* The columns %s's queries read, in the order %s__read takes them. */\n"
                                             "#define %s %s\n\n", m->t->model, m->cname, macro, c->cols_text);
        strbuf_insert(out, mark, def);
        strbuf_printf(out, "#undef %s\n\n", macro);
    }
    c->cols = c->cols_macro = NULL;
}

/* Whether a model of this schema reads or writes enum E as a list (its list helpers are then generated). */
bool cgen_enum_in_list(const cgen_ctx *c, const char *enum_c)
{
    for (size_t i = 0; i < c->nmodels; i++)
        for (size_t j = 0; j < c->models[i].nfields; j++) {
            const cgen_field *f = &c->models[i].fields[j];
            if (f->kind == CGEN_ENUM && f->col->list && strcmp(f->enum_c, enum_c) == 0)
                return true;
        }
    return false;
}
