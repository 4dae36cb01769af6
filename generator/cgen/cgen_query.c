/*
 * cgen_query.c - the query functions of each model: create, find by every
 * unique key, update (whole row and by field mask), delete (soft when the
 * model has @deletedAt, with restore and purge), list by foreign keys and
 * index prefixes, count, keyset pages, relation loaders and many-to-many
 * link/unlink.
 *
 * Every generated function prepares its statement through the runtime's
 * per-connection cache: a static sc_stmt_site holds both dialects' texts and
 * finds the statement without comparing text (sc_stmt_prepare2 for SQL too
 * long for one literal, sc_stmt_prepare for SQL built at run time). It binds
 * every value and releases the statement on every path. Errors are the
 * runtime's SC_E* codes; the detail is in sc_conn_error(conn).
 */
#include "cgen/cgen_internal.h"

#include <string.h>

/* ---------------------------------------------------------------- small emitters */

static const char *q__lit(cgen_ctx *c, const char *sql)
{
    return cgen_c_string(c->a, sql);
}

/* ISO C promises string literals of 4095 characters; longer SQL is kept in pieces and joined at run time. */
enum { Q_LITERAL_MAX = 4000, Q_PIECE = 1000 };

/* "piece", "piece", ... of TEXT, each short enough to stay a legal literal after escaping. */
static const char *q__pieces(cgen_ctx *c, const char *text, const char *indent)
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
        strbuf_printf(&b, "%s%s,\n", indent, cgen_c_string(c->a, arena_strndup(c->a, text + off, n)));
    }
    return strbuf_str(&b);
}

static bool q__long(cgen_ctx *c, cgen_sql sql)
{
    return strlen(q__lit(c, sql.sqlite)) > Q_LITERAL_MAX || strlen(q__lit(c, sql.pg)) > Q_LITERAL_MAX;
}

/*
 * Prepare SQL into `st` and set `rc` (declared when DECLARE), at INDENT,
 * without returning: callers decide what a failure cleans up.
 */
static void q__prepare_at(cgen_ctx *c, strbuf *o, cgen_sql sql, bool declare, const char *in)
{
    if (declare)
        strbuf_printf(o, "%ssc_stmt *st = NULL;\n", in);
    if (!q__long(c, sql)) {
        /* a call site: the runtime finds the connection's statement by number, not by text */
        strbuf_printf(o, "%sstatic sc_stmt_site site = SC_STMT_SITE(\n%s    %s,\n%s    %s);\n", in, in,
                       q__lit(c, sql.sqlite), in, q__lit(c, sql.pg));
        strbuf_printf(o, "%s%src = sc_stmt_prepare_site(&st, conn, &site);\n", in, declare ? "int " : "");
        return;
    }
    const char *in2 = arena_printf(c->a, "%s    ", in);
    strbuf_printf(o, "%sstatic const char *const sqlite_parts[] = {\n%s%sNULL};\n", in, q__pieces(c, sql.sqlite, in2), in2);
    strbuf_printf(o, "%sstatic const char *const pg_parts[] = {\n%s%sNULL};\n", in, q__pieces(c, sql.pg, in2), in2);
    strbuf_printf(o,
                   "%schar *sqlite_sql = %s__join(sqlite_parts);\n"
                   "%schar *pg_sql = %s__join(pg_parts);\n"
                   "%s%src = sqlite_sql && pg_sql ? sc_stmt_prepare2(&st, conn, sqlite_sql, pg_sql) : SC_ENOMEM;\n"
                   "%sfree(sqlite_sql);\n%sfree(pg_sql);\n",
                   in, c->prefix, in, c->prefix, in, declare ? "int " : "", in, in);
}

/* Prepare the statement of SQL into `st`, returning from the function on failure. */
static void q__prepare(cgen_ctx *c, strbuf *o, cgen_sql sql)
{
    q__prepare_at(c, o, sql, true, "    ");
    strbuf_puts(o, "    if (rc != SC_OK)\n        return rc;\n");
}

/* Append TEXT to O with every line prefixed by INDENT (a block nested one level deeper). */
static void q__indent(strbuf *o, const char *text, const char *indent)
{
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        strbuf_printf(o, "%s%.*s\n", indent, (int)len, p);
        p += len + (e ? 1 : 0);
    }
}

/* The call binding value EXPR of field F to parameter IDX (an int or expression). */
static const char *q__bind_value(cgen_ctx *c, const cgen_field *f, const char *expr, const char *len_expr,
                                 const char *idx)
{
    arena *a = c->a;
    switch (f->kind) {
    case CGEN_BOOL: return arena_printf(a, "sc_stmt_bind_bool(st, %s, %s)", idx, expr);
    case CGEN_I32: return arena_printf(a, "sc_stmt_bind_int32(st, %s, %s)", idx, expr);
    case CGEN_I64: return arena_printf(a, "sc_stmt_bind_int64(st, %s, %s)", idx, expr);
    case CGEN_F64: return arena_printf(a, "sc_stmt_bind_double(st, %s, %s)", idx, expr);
    case CGEN_TIME: return arena_printf(a, "sc_stmt_bind_timestamp(st, %s, %s)", idx, expr);
    case CGEN_TEXT:
        /* every EXPR here is a field or parameter that outlives the statement's use: bind without a copy */
        return arena_printf(a, "(%s ? sc_stmt_bind_text_ref(st, %s, %s, -1) : sc_stmt_bind_null(st, %s))", expr, idx, expr,
                            idx);
    case CGEN_DECIMAL:
        return arena_printf(a, "(%s ? sc_stmt_bind_decimal(st, %s, %s) : sc_stmt_bind_null(st, %s))", expr, idx, expr, idx);
    case CGEN_JSON:
        return arena_printf(a, "(%s ? sc_stmt_bind_json(st, %s, %s) : sc_stmt_bind_null(st, %s))", expr, idx, expr, idx);
    case CGEN_BYTES:
        return arena_printf(a, "(%s ? sc_stmt_bind_blob(st, %s, %s, %s) : sc_stmt_bind_null(st, %s))", expr, idx, expr,
                            len_expr, idx);
    case CGEN_ENUM:
        return arena_printf(a, "%s__bind_label(st, %s, %s_to_string(%s))", c->prefix, idx, f->enum_c, expr);
    }
    return "SC_EINVAL";
}

/* Bind field F of ROW (a pointer expression), honouring its has_ flag. */
/* A list field: its elements as one JSON array text parameter. */
static void q__bind_list(cgen_ctx *c, strbuf *o, const cgen_field *f, const char *row, const char *idx)
{
    const char *p = c->prefix;
    const char *e = arena_printf(c->a, "%s->%s[i]", row, f->member);
    strbuf_printf(o, "    if (rc == SC_OK) {\n        %s__keys list;\n        %s__keys_begin(&list, false);\n", p, p);
    strbuf_printf(o, "        for (size_t i = 0; i < %s->%s_count; i++) {\n", row, f->member);
    switch (f->kind) {
    case CGEN_TEXT:
        strbuf_printf(o, "            if (%s)\n                %s__keys_text(&list, %s);\n            else\n                %s__keys_null(&list);\n", e, p, e, p);
        break;
    case CGEN_I32:
    case CGEN_I64: strbuf_printf(o, "            %s__keys_int(&list, %s);\n", p, e); break;
    case CGEN_F64: strbuf_printf(o, "            %s__keys_double(&list, %s);\n", p, e); break;
    case CGEN_BOOL: strbuf_printf(o, "            %s__keys_raw(&list, %s ? \"true\" : \"false\");\n", p, e); break;
    case CGEN_TIME: strbuf_printf(o, "            %s__keys_time(&list, %s);\n", p, e); break;
    case CGEN_DECIMAL:
    case CGEN_JSON:
        /* A JSON value travels as its text in a string element; the cast to JSONB parses it. */
        strbuf_printf(o, "            if (%s)\n                %s__keys_text(&list, %s);\n            else\n                %s__keys_null(&list);\n", e, p, e, p);
        break;
    case CGEN_BYTES:
        strbuf_printf(o,
                       "            if (%s)\n                %s__keys_hex(&list, %s, %s->%s_lens ? %s->%s_lens[i] : 0);\n"
                       "            else\n                %s__keys_null(&list);\n",
                       e, p, e, row, f->member, row, f->member, p);
        break;
    default:
        strbuf_printf(o,
                       "            const char *label = %s_to_string(%s);\n"
                       "            if (!label)\n                list.failed = 2;\n"
                       "            else\n                %s__keys_text(&list, label);\n",
                       f->enum_c, e, p);
        break;
    }
    strbuf_printf(o,
                   "        }\n        %s__keys_end(&list, false);\n"
                   "        rc = list.failed == 2 ? SC_EINVAL : list.failed ? SC_ENOMEM : sc_stmt_bind_text(st, %s, list.text, (long)list.len);\n"
                   "        free(list.text);\n    }\n",
                   p, idx);
}

static void q__bind_row_field(cgen_ctx *c, strbuf *o, const cgen_field *f, const char *row, const char *idx)
{
    if (f->col->list) {
        q__bind_list(c, o, f, row, idx);
        return;
    }
    const char *expr = arena_printf(c->a, "%s->%s", row, f->member);
    const char *len = arena_printf(c->a, "%s->%s_len", row, f->member);
    const char *call = q__bind_value(c, f, expr, len, idx);
    if (f->col->nullable)
        strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s->has_%s ? %s : sc_stmt_bind_null(st, %s);\n", row, f->member,
                       call, idx);
    else
        strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s;\n", call);
}

/* Bind the key arguments of K (function parameters named after the fields). */
static void q__bind_key_args(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k, int first)
{
    for (size_t i = 0; i < k->nfields; i++) {
        const cgen_field *f = &m->fields[k->fields[i]];
        const char *len = arena_printf(c->a, "%s_len", f->member);
        const char *idx = arena_printf(c->a, "%d", first + (int)i);
        strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s;\n", q__bind_value(c, f, f->member, len, idx));
    }
}

/* Bind the key fields of K read from ROW. */
static void q__bind_key_row(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k, const char *row, int first)
{
    for (size_t i = 0; i < k->nfields; i++)
        q__bind_row_field(c, o, &m->fields[k->fields[i]], row, arena_printf(c->a, "%d", first + (int)i));
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
        case CGEN_JSON: strbuf_printf(&b, ", const char *%s", f->member); break;
        case CGEN_BYTES: strbuf_printf(&b, ", const uint8_t *%s, size_t %s_len", f->member, f->member); break;
        default: strbuf_printf(&b, ", %s %s", f->ctype, f->member); break;
        }
    }
    return strbuf_str(&b);
}

static bool q__key_ok(const cgen_model *m, const cgen_key *k)
{
    for (size_t i = 0; i < k->nfields; i++)
        if (!cgen_in_sql(&m->fields[k->fields[i]]))
            return false;
    return k->nfields > 0;
}

/* SELECT <cols> FROM "t" */
static void q__select_from(cgen_sqlb *b, const cgen_model *m)
{
    cgen_sqlb_puts(b, "SELECT ");
    cgen_sqlb_puts(b, cgen_sql_columns(b->a, m));
    cgen_sqlb_puts(b, " FROM ");
    cgen_sqlb_ident(b, m->t->name);
}

static const char *q__returning(cgen_ctx *c, const cgen_model *m)
{
    return arena_printf(c->a, " RETURNING %s", cgen_sql_columns(c->a, m));
}

static const char *q__order_pk(cgen_ctx *c, const cgen_model *m, const char *alias)
{
    if (!m->pk.nfields)
        return "";
    return arena_printf(c->a, " ORDER BY %s", cgen_sql_key_columns(c->a, m, &m->pk, alias, NULL));
}

/* ---------------------------------------------------------------- reading rows */

static void q__read_fn(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    strbuf_printf(o,
                   "/* Read the current row of ST (columns in field order from FIRST) into ROW. */\n"
                   "static int %s__read(%s *row, sc_stmt *st, int first)\n{\n"
                   "    int rc = SC_OK;\n    memset(row, 0, sizeof *row);\n",
                   m->cname, m->cname);
    int col = 0;
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        if (!cgen_in_sql(f))
            continue;
        const char *ix = arena_printf(c->a, "first + %d", col++);
        const char *call;
        switch (f->kind) {
        case CGEN_BOOL: call = arena_printf(c->a, "sc_stmt_column_bool(&row->%s, st, %s)", f->member, ix); break;
        case CGEN_I32: call = arena_printf(c->a, "sc_stmt_column_int32(&row->%s, st, %s)", f->member, ix); break;
        case CGEN_I64: call = arena_printf(c->a, "sc_stmt_column_int64(&row->%s, st, %s)", f->member, ix); break;
        case CGEN_F64: call = arena_printf(c->a, "sc_stmt_column_double(&row->%s, st, %s)", f->member, ix); break;
        case CGEN_TIME: call = arena_printf(c->a, "sc_stmt_column_timestamp(&row->%s, st, %s)", f->member, ix); break;
        case CGEN_BYTES:
            call = arena_printf(c->a, "%s__column_blob(&row->%s, &row->%s_len, st, %s)", c->prefix, f->member, f->member, ix);
            break;
        case CGEN_ENUM:
            call = arena_printf(c->a, "%s__column_enum(&label, st, %s)", c->prefix, ix);
            break;
        default: call = arena_printf(c->a, "%s__column_text(&row->%s, st, %s)", c->prefix, f->member, ix); break;
        }
        if (f->col->list) {
            const char *fn = f->kind == CGEN_BOOL ? "bools"
                             : f->kind == CGEN_I32 ? "i32s"
                             : f->kind == CGEN_I64 ? "i64s"
                             : f->kind == CGEN_F64 ? "f64s"
                             : f->kind == CGEN_TIME ? "times"
                             : f->kind == CGEN_JSON ? "jsons"
                                                    : "strings";
            if (f->kind == CGEN_BYTES) {
                strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s__column_blobs(&row->%s, &row->%s_lens, &row->%s_count, st, %s);\n",
                               c->prefix, f->member, f->member, f->member, ix);
            } else if (f->kind == CGEN_ENUM) {
                strbuf_printf(o,
                               "    if (rc == SC_OK) {\n"
                               "        char **labels = NULL;\n        size_t nlabels = 0;\n"
                               "        rc = %s__column_strings(&labels, &nlabels, st, %s);\n"
                               "        if (rc == SC_OK && nlabels) {\n"
                               "            row->%s = malloc(nlabels * sizeof *row->%s);\n"
                               "            rc = row->%s ? SC_OK : SC_ENOMEM;\n"
                               "        }\n"
                               "        for (size_t i = 0; i < nlabels; i++) {\n"
                               "            if (rc == SC_OK && %s_from_string(&row->%s[i], labels[i]) != SC_OK)\n"
                               "                rc = SC_ETYPE;\n"
                               "            free(labels[i]);\n        }\n"
                               "        free(labels);\n"
                               "        if (rc == SC_OK)\n            row->%s_count = nlabels;\n    }\n",
                               c->prefix, ix, f->member, f->member, f->member, f->enum_c, f->member, f->member);
            } else {
                strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s__column_%s(&row->%s, &row->%s_count, st, %s);\n", c->prefix,
                               fn, f->member, f->member, ix);
            }
            continue;
        }
        if (!f->col->nullable && f->kind != CGEN_ENUM) {
            strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s;\n", call);
            continue;
        }
        const char *indent = "        ";
        if (f->col->nullable && f->kind != CGEN_ENUM && f->kind != CGEN_BYTES) {
            /* read it directly: SC_ENULL is the NULL case, so no separate is_null call */
            strbuf_printf(o,
                           "    if (rc == SC_OK) {\n        rc = %s;\n        if (rc == SC_OK)\n            row->has_%s = true;\n"
                           "        else if (rc == SC_ENULL)\n            rc = SC_OK;\n    }\n",
                           call, f->member);
            continue;
        }
        if (f->col->nullable)
            strbuf_printf(o, "    if (rc == SC_OK && !sc_stmt_column_is_null(st, %s)) {\n        row->has_%s = true;\n", ix,
                           f->member);
        else
            strbuf_printf(o, "    if (rc == SC_OK) {\n");
        if (f->kind == CGEN_ENUM) {
            strbuf_printf(o, "%sconst char *label = NULL;\n%src = %s;\n", indent, indent, call);
            strbuf_printf(o, "%sif (rc == SC_OK && %s_from_string(&row->%s, label) != SC_OK)\n%s    rc = SC_ETYPE;\n", indent,
                           f->enum_c, f->member, indent);
        } else {
            strbuf_printf(o, "%src = %s;\n", indent, call);
        }
        strbuf_puts(o, "    }\n");
    }
    strbuf_printf(o, "    if (rc != SC_OK)\n        %s__clear(row);\n    return rc;\n}\n\n", m->cname);

    cgen_emit_model(c, o, "model_fetch.c.tpl", m);
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

/* The runtime call that fills gen_<member> with a client-side id, or NULL. */
static const char *q__client_gen(cgen_ctx *c, const cgen_field *f)
{
    const ir_column *col = f->col;
    const char *m = f->member;
    switch (col->client_default) {
    case IR_CLIENT_UUID: return arena_printf(c->a, "sc_id_uuid%d(gen_%s)", col->client_arg == 7 ? 7 : 4, m);
    case IR_CLIENT_CUID:
        return col->client_arg == 2 ? arena_printf(c->a, "sc_id_cuid2(gen_%s)", m) : arena_printf(c->a, "sc_id_cuid(gen_%s)", m);
    case IR_CLIENT_NANOID: return arena_printf(c->a, "sc_id_nanoid(gen_%s, %d)", m, col->client_arg > 0 ? col->client_arg : 21);
    case IR_CLIENT_ULID: return arena_printf(c->a, "sc_id_ulid(gen_%s)", m);
    default: return NULL;
    }
}

/* The columns an INSERT writes: every SQL field except autoincrement ones. */
static bool q__inserted(const cgen_field *f)
{
    return cgen_in_sql(f) && f->col->dflt.kind != IR_DEFAULT_AUTOINCREMENT;
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

static const char *q__insert_value(cgen_ctx *c, const cgen_field *f, int n, bool pg)
{
    const char *pre, *post;
    q__insert_frag(c, f, pg, &pre, &post);
    return arena_printf(c->a, "%s%d%s", pre, n, post);
}

/* INSERT INTO "t" ("a", "b") VALUES (rows of values) without RETURNING; parameters numbered from 1 row by row. */
static cgen_sql q__insert_sql(cgen_ctx *c, const cgen_model *m, size_t nrows)
{
    arena *a = c->a;
    strbuf cols, lite, pg;
    strbuf_init(&cols, a);
    strbuf_init(&lite, a);
    strbuf_init(&pg, a);
    size_t ncols = 0;
    for (size_t i = 0; i < m->nfields; i++)
        if (q__inserted(&m->fields[i]))
            strbuf_printf(&cols, "%s%s", ncols++ ? ", " : "", sqltext_ident(a, m->fields[i].col->name));
    const char *head = arena_printf(a, "INSERT INTO %s", sqltext_ident(a, m->t->name));
    if (ncols == 0) {
        cgen_sql s = {arena_printf(a, "%s DEFAULT VALUES", head), arena_printf(a, "%s DEFAULT VALUES", head)};
        return s;
    }
    int n = 0;
    for (size_t r = 0; r < nrows; r++) {
        strbuf_puts(&lite, r ? ", (" : "(");
        strbuf_puts(&pg, r ? ", (" : "(");
        size_t k = 0;
        for (size_t i = 0; i < m->nfields; i++) {
            const cgen_field *f = &m->fields[i];
            if (!q__inserted(f))
                continue;
            n++;
            strbuf_printf(&lite, "%s%s", k ? ", " : "", q__insert_value(c, f, n, false));
            strbuf_printf(&pg, "%s%s", k ? ", " : "", q__insert_value(c, f, n, true));
            k++;
        }
        strbuf_puts(&lite, ")");
        strbuf_puts(&pg, ")");
    }
    cgen_sql s = {arena_printf(a, "%s (%s) VALUES %s", head, strbuf_str(&cols), strbuf_str(&lite)),
                  arena_printf(a, "%s (%s) VALUES %s", head, strbuf_str(&cols), strbuf_str(&pg))};
    return s;
}

static size_t q__ninserted(const cgen_model *m)
{
    size_t k = 0;
    for (size_t i = 0; i < m->nfields; i++)
        k += q__inserted(&m->fields[i]);
    return k;
}

/*
 * The binds of one inserted row ROW (a pointer expression), parameter i at
 * BASE + i; client-side ids go through gen_<member> buffers declared by
 * q__insert_locals. INDENT prefixes every line.
 */
static void q__insert_binds(cgen_ctx *c, strbuf *o, const cgen_model *m, const char *row, const char *base)
{
    arena *a = c->a;
    int n = 0;
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        if (!q__inserted(f))
            continue;
        n++;
        const char *idx = base ? arena_printf(a, "%s + %d", base, n) : arena_printf(a, "%d", n);
        const char *gen = q__client_gen(c, f);
        if (f->col->client_default == IR_CLIENT_UPDATED_AT) {
            strbuf_printf(o, "    if (rc == SC_OK)\n        rc = sc_stmt_bind_timestamp(st, %s, now);\n", idx);
        } else if (f->kind == CGEN_TIME && f->col->dflt.kind == IR_DEFAULT_NOW) {
            /* now() comes from the client clock, in the runtime's format on both engines; 0 means unset. */
            if (f->col->nullable)
                strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s->has_%s ? sc_stmt_bind_timestamp(st, %s, %s->%s) : sc_stmt_bind_timestamp(st, %s, now);\n",
                               row, f->member, idx, row, f->member, idx);
            else
                strbuf_printf(o, "    if (rc == SC_OK)\n        rc = sc_stmt_bind_timestamp(st, %s, %s->%s ? %s->%s : now);\n", idx, row,
                               f->member, row, f->member);
        } else if (gen && f->kind == CGEN_TEXT) {
            strbuf_printf(o, "    if (rc == SC_OK && !%s->%s) {\n        rc = %s;\n", row, f->member, gen);
            strbuf_printf(o, "        if (rc == SC_OK)\n            rc = sc_stmt_bind_text(st, %s, gen_%s, -1);\n    } else {\n", idx,
                           f->member);
            strbuf b2;
            strbuf_init(&b2, a);
            q__bind_row_field(c, &b2, f, row, idx);
            q__indent(o, strbuf_str(&b2), "    ");
            strbuf_puts(o, "    }\n");
        } else {
            q__bind_row_field(c, o, f, row, idx);
        }
    }
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

/* The clock reading every inserted row shares, when a field needs one. */
static void q__insert_clock(strbuf *o, const cgen_model *m)
{
    if (q__insert_needs_now(m))
        strbuf_puts(o, "    sc_timestamp now = sc_timestamp_now();\n");
}

/* Buffers for the client-side ids of one inserted row. */
static void q__insert_locals(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    for (size_t i = 0; i < m->nfields; i++) {
        const cgen_field *f = &m->fields[i];
        if (q__inserted(f) && q__client_gen(c, f) && f->kind == CGEN_TEXT)
            strbuf_printf(o, "    char gen_%s[%d] = \"\";\n", f->member,
                           f->col->client_default == IR_CLIENT_NANOID && f->col->client_arg > 0 ? f->col->client_arg + 1 : 40);
    }
}

static void q__create(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    cgen_sql sql = q__insert_sql(c, m, 1);
    const char *ret = q__returning(c, m);
    sql.sqlite = arena_printf(c->a, "%s%s", sql.sqlite, ret);
    sql.pg = arena_printf(c->a, "%s%s", sql.pg, ret);
    strbuf_printf(o, "int %s_create(%s **out, sc_conn *conn, const %s *row)\n{\n", m->cname, m->cname, m->cname);
    if (q__ninserted(m) == 0)
        strbuf_puts(o, "    (void)row; /* every column takes its default */\n");
    q__insert_clock(o, m);
    q__insert_locals(c, o, m);
    q__prepare(c, o, sql);
    q__insert_binds(c, o, m, "row", NULL);
    strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s__fetch_one(out, st);\n    sc_stmt_release(st);\n    return rc;\n}\n\n",
                   m->cname);
}

/* Rows per multi-row INSERT: at most 100, within SQLite's 32766 parameters and a text budget per dialect. */
enum { Q_BATCH_MAX = 100, Q_SQLITE_PARAMS = 32766, Q_BATCH_TEXT = 16000 };

static size_t q__batch_rows(cgen_ctx *c, const cgen_model *m)
{
    size_t k = q__ninserted(m);
    size_t rows = k ? Q_SQLITE_PARAMS / k : Q_BATCH_MAX;
    if (rows > Q_BATCH_MAX)
        rows = Q_BATCH_MAX;
    /* The PostgreSQL text is the longer one (casts, COALESCE); its one-row length bounds the batch. */
    size_t per_row = strlen(q__insert_sql(c, m, 1).pg) + 8;
    if (rows * per_row > Q_BATCH_TEXT)
        rows = Q_BATCH_TEXT / per_row;
    return rows < 1 ? 1 : rows;
}

/*
 * create_many: full batches through one multi-row INSERT, the rest row by
 * row, all inside one transaction (a savepoint when the caller has one
 * open), so either every row is stored or none. Both statements are
 * constant text, so the runtime's statement cache finds them by address.
 */
static void q__create_many(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    size_t k = q__ninserted(m);
    if (k == 0)
        return;
    size_t batch = q__batch_rows(c, m);
    strbuf_printf(o, "int %s_create_many(sc_conn *conn, const %s *rows, size_t n)\n{\n", m->cname, m->cname);
    strbuf_printf(o, "    /* Rows per multi-row INSERT, and parameters per row. */\n");
    strbuf_printf(o, "    enum { BATCH = %zu, PER_ROW = %zu };\n", batch, k);
    strbuf_puts(o,
                 "    if (n == 0)\n        return SC_OK;\n"
                 "    int rc = sc_tx_begin(conn, SC_TX_DEFAULT);\n"
                 "    if (rc != SC_OK)\n        return rc;\n");
    q__insert_clock(o, m);
    strbuf_puts(o,
                 "    size_t done = 0;\n"
                 "    while (rc == SC_OK && done < n) {\n"
                 "        size_t take = n - done >= BATCH ? BATCH : 1;\n"
                 "        sc_stmt *st = NULL;\n");
    if (batch > 1) {
        strbuf_puts(o, "        if (take == BATCH) {\n");
        q__prepare_at(c, o, q__insert_sql(c, m, batch), false, "            ");
        strbuf_puts(o, "        } else {\n");
        q__prepare_at(c, o, q__insert_sql(c, m, 1), false, "            ");
        strbuf_puts(o, "        }\n");
    } else {
        q__prepare_at(c, o, q__insert_sql(c, m, 1), false, "        ");
    }
    strbuf_printf(o,
                   "        for (size_t r = 0; rc == SC_OK && r < take; r++) {\n"
                   "            const %s *row = &rows[done + r];\n"
                   "            int base = (int)(r * PER_ROW);\n",
                   m->cname);
    strbuf inner;
    strbuf_init(&inner, a);
    q__insert_locals(c, &inner, m);
    q__insert_binds(c, &inner, m, "row", "base");
    q__indent(o, strbuf_str(&inner), "        ");
    strbuf_puts(o,
                 "        }\n"
                 "        if (rc == SC_OK)\n            rc = sc_stmt_exec(st);\n"
                 "        sc_stmt_release(st);\n"
                 "        done += take;\n"
                 "    }\n"
                 "    if (rc != SC_OK) {\n        sc_tx_rollback(conn);\n        return rc;\n    }\n"
                 "    return sc_tx_commit(conn);\n}\n\n");
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
        const char *col = sqltext_ident(a, m->fields[i].col->name);
        strbuf_printf(&set, "%s%s = excluded.%s", nset++ ? ", " : "", col, col);
    }
    if (m->version >= 0) {
        const char *v = sqltext_ident(a, m->fields[m->version].col->name);
        strbuf_printf(&set, "%s%s = %s.%s + 1", nset++ ? ", " : "", v, sqltext_ident(a, m->t->name), v);
    }
    const char *conflict = arena_printf(a, " ON CONFLICT (%s) DO %s%s%s", cgen_sql_key_columns(a, m, k, NULL, NULL),
                                        nset ? "UPDATE SET " : "NOTHING", strbuf_str(&set), q__returning(c, m));
    sql.sqlite = arena_printf(a, "%s%s", sql.sqlite, conflict);
    sql.pg = arena_printf(a, "%s%s", sql.pg, conflict);
    strbuf_printf(o, "int %s_upsert_by_%s(%s **out, sc_conn *conn, const %s *row)\n{\n", m->cname, k->suffix, m->cname, m->cname);
    q__insert_clock(o, m);
    q__insert_locals(c, o, m);
    q__prepare(c, o, sql);
    q__insert_binds(c, o, m, "row", NULL);
    strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s__fetch_one(out, st);\n    sc_stmt_release(st);\n    return rc;\n}\n\n",
                   m->cname);
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

static void q__find(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k)
{
    cgen_sqlb b;
    cgen_sqlb_init(&b, c->a);
    q__select_from(&b, m);
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, k);
    cgen_sqlb_puts(&b, cgen_sql_live(c->a, m, NULL));
    strbuf_printf(o, "int %s_find_by_%s(%s **out, sc_conn *conn%s)\n{\n", m->cname, k->suffix, m->cname, q__key_params(c, m, k));
    q__prepare(c, o, cgen_sqlb_done(&b));
    q__bind_key_args(c, o, m, k, 1);
    strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s__fetch_one(out, st);\n    sc_stmt_release(st);\n    return rc;\n}\n\n",
                   m->cname);
}

static void q__list_by(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k)
{
    cgen_sqlb b;
    cgen_sqlb_init(&b, c->a);
    q__select_from(&b, m);
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, k);
    cgen_sqlb_puts(&b, cgen_sql_live(c->a, m, NULL));
    cgen_sqlb_puts(&b, q__order_pk(c, m, NULL));
    strbuf_printf(o, "int %s_list_by_%s(%s_list *out, sc_conn *conn%s)\n{\n", m->cname, k->suffix, m->cname,
                   q__key_params(c, m, k));
    q__prepare(c, o, cgen_sqlb_done(&b));
    q__bind_key_args(c, o, m, k, 1);
    strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s__fetch_list(out, st, 0);\n    sc_stmt_release(st);\n    return rc;\n}\n\n",
                   m->cname);
}

static void q__count(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    cgen_sqlb b;
    cgen_sqlb_init(&b, c->a);
    cgen_sqlb_puts(&b, "SELECT COUNT(*) FROM ");
    cgen_sqlb_ident(&b, m->t->name);
    if (m->deleted_at >= 0)
        cgen_sqlb_puts(&b, arena_printf(c->a, " WHERE %s IS NULL", sqltext_ident(c->a, m->fields[m->deleted_at].col->name)));
    strbuf_printf(o, "int %s_count(int64_t *out, sc_conn *conn)\n{\n", m->cname);
    q__prepare(c, o, cgen_sqlb_done(&b));
    strbuf_puts(o,
                 "    rc = sc_stmt_step(st);\n"
                 "    if (rc == SC_ROW)\n        rc = sc_stmt_column_int64(out, st, 0);\n"
                 "    else if (rc == SC_DONE)\n        rc = SC_ERROR;\n"
                 "    sc_stmt_release(st);\n    return rc;\n}\n\n");
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
    /* Parameter i+1 holds the cursor's value of column i; every term reuses it. */
    cgen_sqlb_puts(b, "(");
    for (size_t i = 0; i < k->nfields; i++) {
        cgen_sqlb_puts(b, i ? " OR (" : "(");
        for (size_t j = 0; j <= i; j++) {
            const cgen_field *f = &m->fields[k->fields[j]];
            const char *c = sqltext_ident(a, f->col->name);
            const char *lp = cgen_sql_param(a, IR_PROVIDER_SQLITE, (int)j + 1);
            const char *pp = cgen_sql_param(a, IR_PROVIDER_POSTGRESQL, (int)j + 1);
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
    b->nparams = (int)k->nfields;
}

/* ORDER BY over K, each column in its index's direction (reversed when DESC), NULLs lowest on both engines. */
static const char *q__page_order(arena *a, const cgen_model *m, const cgen_key *k, bool desc)
{
    strbuf b;
    strbuf_init(&b, a);
    for (size_t i = 0; i < k->nfields; i++) {
        const cgen_field *f = &m->fields[k->fields[i]];
        bool down = q__col_desc(k, i, desc);
        strbuf_printf(&b, "%s%s%s%s", i ? ", " : "", sqltext_ident(a, f->col->name), down ? " DESC" : "",
                       f->col->nullable ? (down ? " NULLS LAST" : " NULLS FIRST") : "");
    }
    return strbuf_str(&b);
}

/*
 * Keyset pagination in the order of K (the primary key for list_page, an
 * index's order for list_page_by_*): four statements, with or without a
 * cursor, each direction.
 */
static void q__page(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_key *k, const char *fname)
{
    arena *a = c->a;
    cgen_sql sql[2][2];
    for (int cur = 0; cur < 2; cur++) {
        for (int desc = 0; desc < 2; desc++) {
            cgen_sqlb b;
            cgen_sqlb_init(&b, a);
            q__select_from(&b, m);
            const char *live = m->deleted_at >= 0
                                   ? arena_printf(a, "%s IS NULL", sqltext_ident(a, m->fields[m->deleted_at].col->name))
                                   : NULL;
            if (cur) {
                cgen_sqlb_puts(&b, " WHERE ");
                q__page_after(&b, m, k, desc);
                if (live)
                    cgen_sqlb_puts(&b, arena_printf(a, " AND %s", live));
            } else if (live) {
                cgen_sqlb_puts(&b, arena_printf(a, " WHERE %s", live));
            }
            cgen_sqlb_puts(&b, arena_printf(a, " ORDER BY %s LIMIT ", q__page_order(a, m, k, desc)));
            cgen_sqlb_param(&b);
            sql[cur][desc] = cgen_sqlb_done(&b);
        }
    }
    strbuf_printf(o, "int %s_%s(%s_list *out, sc_conn *conn, const %s *after, int64_t limit, bool descending)\n{\n",
                   m->cname, fname, m->cname, m->cname);
    strbuf_puts(o, "    sc_stmt *st = NULL;\n    int rc;\n");
    for (int cur = 0; cur < 2; cur++) {
        for (int desc = 0; desc < 2; desc++) {
            if (cur && desc)
                strbuf_puts(o, "    } else {\n");
            else
                strbuf_printf(o, "    %sif (%safter && %sdescending) {\n", cur || desc ? "} else " : "", cur ? "" : "!", desc ? "" : "!");
            q__prepare_at(c, o, sql[cur][desc], false, "        ");
        }
    }
    strbuf_puts(o, "    }\n    if (rc != SC_OK)\n        return rc;\n    int n = 1;\n    if (after) {\n");
    strbuf b2;
    strbuf_init(&b2, a);
    q__bind_key_row(c, &b2, m, k, "after", 1);
    q__indent(o, strbuf_str(&b2), "    ");
    strbuf_printf(o,
                   "        n += %zu;\n    }\n"
                   "    if (rc == SC_OK)\n        rc = sc_stmt_bind_int64(st, n, limit);\n"
                   "    if (rc == SC_OK)\n        rc = %s__fetch_list(out, st, limit > 0 && limit <= %s__PAGE_PREALLOC_MAX ? (size_t)limit : 0);\n"
                   "    sc_stmt_release(st);\n    return rc;\n}\n\n",
                   k->nfields, m->cname, c->upper_prefix);
}

/* ---------------------------------------------------------------- update */

/* ", row->id" / ", email" / ", row->h, row->h_len": K's values as arguments, each named PREFIX member. */
static const char *q__key_call(cgen_ctx *c, const cgen_model *m, const cgen_key *k, const char *prefix)
{
    strbuf b;
    strbuf_init(&b, c->a);
    for (size_t i = 0; i < k->nfields; i++) {
        const cgen_field *f = &m->fields[k->fields[i]];
        strbuf_printf(&b, ", %s%s", prefix, f->member);
        if (f->kind == CGEN_BYTES)
            strbuf_printf(&b, ", %s%s_len", prefix, f->member);
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
    cgen_sqlb_ident(&b, m->t->name);
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, &m->pk);
    if (m->deleted_at >= 0)
        cgen_sqlb_puts(&b, cgen_sql_live(a, m, NULL));
    strbuf binds;
    strbuf_init(&binds, a);
    q__bind_key_args(c, &binds, m, &m->pk, 1);
    strbuf_printf(o, "/* A versioned write matched no row: SC_ENOTFOUND when the row is gone, else SC_ECONFLICT. */\n"
                      "static int %s__stale(sc_conn *conn%s)\n{\n",
                   m->cname, q__key_params(c, m, &m->pk));
    q__prepare(c, o, cgen_sqlb_done(&b));
    strbuf_puts(o, strbuf_str(&binds));
    strbuf_puts(o, "    if (rc == SC_OK)\n        rc = sc_stmt_step_one(st);\n    sc_stmt_release(st);\n"
                    "    if (rc == SC_ROW)\n"
                    "        rc = sc_conn_set_error(conn, SC_ECONFLICT, \"version conflict: the row changed since it was read\");\n"
                    "    return rc;\n}\n\n");
}

/* Bind the new version check value and finish an UPDATE ... RETURNING into OUT. */
static void q__finish_update(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    if (m->version >= 0)
        strbuf_printf(o,
                       "    if (rc == SC_OK)\n        rc = sc_stmt_step_versioned(st);\n"
                       "    if (rc == SC_ROW) {\n        rc = SC_OK;\n"
                       "        if (out) {\n"
                       "            %s *res = malloc(sizeof *res);\n"
                       "            rc = res ? %s__read(res, st, 0) : SC_ENOMEM;\n"
                       "            if (rc == SC_OK)\n                *out = res;\n            else\n                free(res);\n"
                       "        }\n"
                       "    } else if (rc == SC_DONE) {\n        rc = SC_ECONFLICT;\n    }\n",
                       m->cname, m->cname);
    else
        strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s__fetch_one(out, st);\n", m->cname);
    strbuf_puts(o, "    sc_stmt_release(st);\n");
    if (m->version >= 0)
        strbuf_printf(o, "    if (rc == SC_ECONFLICT)\n        rc = %s__stale(conn%s);\n", m->cname,
                       q__key_call(c, m, &m->pk, "row->"));
    strbuf_puts(o, "    return rc;\n}\n\n");
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

static void q__update(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    cgen_sqlb b;
    cgen_sqlb_init(&b, a);
    cgen_sqlb_puts(&b, "UPDATE ");
    cgen_sqlb_ident(&b, m->t->name);
    cgen_sqlb_puts(&b, " SET ");
    strbuf binds;
    strbuf_init(&binds, a);
    bool any = false;
    for (size_t i = 0; i < m->nfields; i++) {
        if (!q__settable(m, i))
            continue;
        const cgen_field *f = &m->fields[i];
        cgen_sqlb_puts(&b, any ? ", " : "");
        cgen_sqlb_ident(&b, f->col->name);
        cgen_sqlb_puts(&b, " = ");
        const char *pre, *post;
        q__insert_frag(c, f, true, &pre, &post);
        (void)pre;
        bool wrap = f->col->list;
        if (wrap)
            cgen_sqlb_puts2(&b, "", "CAST(ARRAY(SELECT json_array_elements_text(CAST(");
        int n = cgen_sqlb_param(&b);
        if (wrap)
            cgen_sqlb_puts2(&b, "", post);
        if (f->col->client_default == IR_CLIENT_UPDATED_AT)
            strbuf_printf(&binds, "    if (rc == SC_OK)\n        rc = sc_stmt_bind_timestamp(st, %d, sc_timestamp_now());\n", n);
        else
            q__bind_row_field(c, &binds, f, "row", arena_printf(a, "%d", n));
        any = true;
    }
    if (m->version >= 0) {
        const char *v = sqltext_ident(a, m->fields[m->version].col->name);
        cgen_sqlb_puts(&b, arena_printf(a, "%s%s = %s + 1", any ? ", " : "", v, v));
        any = true;
    }
    if (!any)
        return;
    cgen_sqlb_puts(&b, " WHERE ");
    int first = b.nparams + 1;
    cgen_sqlb_key_match(&b, m, &m->pk);
    q__bind_key_row(c, &binds, m, &m->pk, "row", first);
    if (m->version >= 0) {
        cgen_sqlb_puts(&b, " AND ");
        cgen_sqlb_ident(&b, m->fields[m->version].col->name);
        cgen_sqlb_puts(&b, " = ");
        int n = cgen_sqlb_param(&b);
        q__bind_row_field(c, &binds, &m->fields[m->version], "row", arena_printf(a, "%d", n));
    }
    cgen_sqlb_puts(&b, q__returning(c, m));
    strbuf_printf(o, "int %s_update(%s **out, sc_conn *conn, const %s *row)\n{\n", m->cname, m->cname, m->cname);
    q__prepare(c, o, cgen_sqlb_done(&b));
    strbuf_puts(o, strbuf_str(&binds));
    q__finish_update(c, o, m);
}

/* Partial update: the SET list is built from the mask at run time (a handful of cached texts in practice). */
static void q__update_fields(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    strbuf_printf(o, "int %s_update_fields(%s **out, sc_conn *conn, const %s *row, uint64_t mask)\n{\n", m->cname, m->cname,
                   m->cname);
    strbuf_printf(o,
                   "    %s__sql q = {{0}, 0, 0, 0, 0};\n"
                   "    bool pg = sc_conn_dialect(conn) == SC_DIALECT_POSTGRES;\n"
                   "    int n = 0;\n"
                   "    %s__sql_put(&q, %s);\n",
                   c->prefix, c->prefix, q__lit(c, arena_printf(a, "UPDATE %s SET ", sqltext_ident(a, m->t->name))));
    bool always = m->version >= 0;
    for (size_t i = 0; i < m->nfields; i++)
        if (q__settable(m, i) && m->fields[i].col->client_default == IR_CLIENT_UPDATED_AT)
            always = true;
    for (size_t i = 0; i < m->nfields; i++) {
        if (!(cgen_in_sql(&m->fields[i]) && !m->fields[i].pk && (int)i != m->version))
            continue;
        const cgen_field *f = &m->fields[i];
        const char *col = q__lit(c, sqltext_ident(a, f->col->name));
        if (f->col->client_default == IR_CLIENT_UPDATED_AT) {
            strbuf_printf(o, "    %s__sql_set(&q, pg, %s, ++n);\n", c->prefix, col);
        } else if (f->col->list) {
            const char *pre, *post;
            q__insert_frag(c, f, true, &pre, &post);
            /* The parameter is JSON text, cast back to the column's array type. */
            strbuf_printf(o, "    if (mask & %s_F_%s)\n        %s__sql_set_wrapped(&q, pg, %s, %s, ++n, %s);\n", m->upper, f->upper,
                           c->prefix, col, q__lit(c, "CAST(ARRAY(SELECT json_array_elements_text(CAST($"), q__lit(c, post));
        } else
            strbuf_printf(o, "    if (mask & %s_F_%s)\n        %s__sql_set(&q, pg, %s, ++n);\n", m->upper, f->upper, c->prefix, col);
    }
    if (m->version >= 0) {
        const char *v = sqltext_ident(a, m->fields[m->version].col->name);
        strbuf_printf(o, "    %s__sql_set_raw(&q, %s);\n", c->prefix, q__lit(c, arena_printf(a, "%s = %s + 1", v, v)));
    }
    if (!always)
        strbuf_printf(o, "    if (n == 0)\n        return SC_EINVAL; /* nothing to set */\n");
    strbuf_printf(o, "    %s__sql_put(&q, \" WHERE \");\n", c->prefix);
    for (size_t i = 0; i < m->pk.nfields; i++)
        strbuf_printf(o, "    %s__sql_cond(&q, pg, %s, ++n);\n", c->prefix,
                       q__lit(c, sqltext_ident(a, m->fields[m->pk.fields[i]].col->name)));
    if (m->version >= 0)
        strbuf_printf(o, "    %s__sql_cond(&q, pg, %s, ++n);\n", c->prefix,
                       q__lit(c, sqltext_ident(a, m->fields[m->version].col->name)));
    {
        const char *ret = q__returning(c, m);
        size_t len = strlen(ret);
        for (size_t off = 0; off < len; off += Q_PIECE)
            strbuf_printf(o, "    %s__sql_put(&q, %s);\n", c->prefix,
                           q__lit(c, arena_strndup(c->a, ret + off, len - off < Q_PIECE ? len - off : Q_PIECE)));
    }
    strbuf_printf(o,
                   "    if (q.overflow)\n        return SC_ERANGE;\n"
                   "    sc_stmt *st = NULL;\n"
                   "    int rc = sc_stmt_prepare(&st, conn, q.text);\n"
                   "    if (rc != SC_OK)\n        return rc;\n"
                   "    int idx = 0;\n");
    for (size_t i = 0; i < m->nfields; i++) {
        if (!(cgen_in_sql(&m->fields[i]) && !m->fields[i].pk && (int)i != m->version))
            continue;
        const cgen_field *f = &m->fields[i];
        if (f->col->client_default == IR_CLIENT_UPDATED_AT) {
            strbuf_puts(o, "    if (rc == SC_OK)\n        rc = sc_stmt_bind_timestamp(st, ++idx, sc_timestamp_now());\n");
            continue;
        }
        strbuf_printf(o, "    if (mask & %s_F_%s) {\n        ++idx;\n    ", m->upper, f->upper);
        strbuf b2;
        strbuf_init(&b2, a);
        q__bind_row_field(c, &b2, f, "row", "idx");
        for (const char *p = strbuf_str(&b2); *p;) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            strbuf_printf(o, "%s%.*s\n", p == strbuf_str(&b2) ? "" : "    ", (int)len, p);
            p += len + (e ? 1 : 0);
        }
        strbuf_puts(o, "    }\n");
    }
    for (size_t i = 0; i < m->pk.nfields; i++)
        q__bind_row_field(c, o, &m->fields[m->pk.fields[i]], "row", "++idx");
    if (m->version >= 0)
        q__bind_row_field(c, o, &m->fields[m->version], "row", "++idx");
    q__finish_update(c, o, m);
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
    bool soft = m->deleted_at >= 0;
    if (soft) {
        cgen_sqlb_puts(&b, "UPDATE ");
        cgen_sqlb_ident(&b, m->t->name);
        cgen_sqlb_puts(&b, " SET ");
        cgen_sqlb_ident(&b, m->fields[m->deleted_at].col->name);
        cgen_sqlb_puts(&b, " = ");
        int n = cgen_sqlb_param(&b);
        strbuf_printf(&binds, "    if (rc == SC_OK)\n        rc = sc_stmt_bind_timestamp(st, %d, now);\n", n);
        for (size_t i = 0; i < m->nfields; i++) {
            if (m->fields[i].col->client_default != IR_CLIENT_UPDATED_AT || !cgen_in_sql(&m->fields[i]))
                continue;
            cgen_sqlb_puts(&b, ", ");
            cgen_sqlb_ident(&b, m->fields[i].col->name);
            cgen_sqlb_puts(&b, " = ");
            n = cgen_sqlb_param(&b);
            strbuf_printf(&binds, "    if (rc == SC_OK)\n        rc = sc_stmt_bind_timestamp(st, %d, now);\n", n);
        }
        if (m->version >= 0) {
            const char *v = sqltext_ident(a, m->fields[m->version].col->name);
            cgen_sqlb_puts(&b, arena_printf(a, ", %s = %s + 1", v, v));
        }
    } else {
        cgen_sqlb_puts(&b, "DELETE FROM ");
        cgen_sqlb_ident(&b, m->t->name);
    }
    cgen_sqlb_puts(&b, " WHERE ");
    int first = b.nparams + 1;
    cgen_sqlb_key_match(&b, m, &m->pk);
    q__bind_key_args(c, &binds, m, &m->pk, first);
    if (m->version >= 0) {
        cgen_sqlb_puts(&b, " AND ");
        cgen_sqlb_ident(&b, m->fields[m->version].col->name);
        cgen_sqlb_puts(&b, " = ");
        int n = cgen_sqlb_param(&b);
        const cgen_field *vf = &m->fields[m->version];
        strbuf_printf(&binds, "    if (rc == SC_OK)\n        rc = %s;\n",
                       q__bind_value(c, vf, arena_printf(a, "expected_%s", vf->member), "0", arena_printf(a, "%d", n)));
    }
    if (soft)
        cgen_sqlb_puts(&b, cgen_sql_live(a, m, NULL));
    strbuf_printf(o, "int %s_delete(sc_conn *conn%s%s)\n{\n", m->cname, q__key_params(c, m, &m->pk), q__version_param(c, m));
    if (soft)
        strbuf_puts(o, "    sc_timestamp now = sc_timestamp_now();\n");
    q__prepare(c, o, cgen_sqlb_done(&b));
    strbuf_puts(o, strbuf_str(&binds));
    if (m->version >= 0)
        strbuf_puts(o, "    if (rc == SC_OK)\n        rc = sc_stmt_step_versioned(st);\n");
    else
        strbuf_puts(o,
                     "    if (rc == SC_OK)\n        rc = sc_stmt_exec(st);\n"
                     "    if (rc == SC_OK && sc_stmt_changes(st) == 0)\n        rc = SC_ENOTFOUND;\n");
    strbuf_puts(o, "    sc_stmt_release(st);\n");
    if (m->version >= 0)
        strbuf_printf(o, "    if (rc == SC_ECONFLICT)\n        rc = %s__stale(conn%s);\n", m->cname,
                       q__key_call(c, m, &m->pk, ""));
    strbuf_puts(o, "    return rc;\n}\n\n");
}

/* Restore clears the soft-delete mark; purge removes the row for good. */
static void q__restore_purge(cgen_ctx *c, strbuf *o, const cgen_model *m)
{
    arena *a = c->a;
    const char *del = sqltext_ident(a, m->fields[m->deleted_at].col->name);
    cgen_sqlb b;
    cgen_sqlb_init(&b, a);
    strbuf binds;
    strbuf_init(&binds, a);
    cgen_sqlb_puts(&b, arena_printf(a, "UPDATE %s SET %s = NULL", sqltext_ident(a, m->t->name), del));
    for (size_t i = 0; i < m->nfields; i++) {
        if (m->fields[i].col->client_default != IR_CLIENT_UPDATED_AT || !cgen_in_sql(&m->fields[i]))
            continue;
        cgen_sqlb_puts(&b, ", ");
        cgen_sqlb_ident(&b, m->fields[i].col->name);
        cgen_sqlb_puts(&b, " = ");
        int n = cgen_sqlb_param(&b);
        strbuf_printf(&binds, "    if (rc == SC_OK)\n        rc = sc_stmt_bind_timestamp(st, %d, sc_timestamp_now());\n", n);
    }
    if (m->version >= 0) {
        const char *v = sqltext_ident(a, m->fields[m->version].col->name);
        cgen_sqlb_puts(&b, arena_printf(a, ", %s = %s + 1", v, v));
    }
    cgen_sqlb_puts(&b, " WHERE ");
    int first = b.nparams + 1;
    cgen_sqlb_key_match(&b, m, &m->pk);
    q__bind_key_args(c, &binds, m, &m->pk, first);
    cgen_sqlb_puts(&b, arena_printf(a, " AND %s IS NOT NULL", del));
    strbuf_printf(o, "int %s_restore(sc_conn *conn%s)\n{\n", m->cname, q__key_params(c, m, &m->pk));
    q__prepare(c, o, cgen_sqlb_done(&b));
    strbuf_puts(o, strbuf_str(&binds));
    strbuf_puts(o,
                 "    if (rc == SC_OK)\n        rc = sc_stmt_exec(st);\n"
                 "    if (rc == SC_OK && sc_stmt_changes(st) == 0)\n        rc = SC_ENOTFOUND;\n"
                 "    sc_stmt_release(st);\n    return rc;\n}\n\n");

    cgen_sqlb_init(&b, a);
    cgen_sqlb_puts(&b, "DELETE FROM ");
    cgen_sqlb_ident(&b, m->t->name);
    cgen_sqlb_puts(&b, " WHERE ");
    cgen_sqlb_key_match(&b, m, &m->pk);
    strbuf_printf(o, "int %s_purge(sc_conn *conn%s)\n{\n", m->cname, q__key_params(c, m, &m->pk));
    q__prepare(c, o, cgen_sqlb_done(&b));
    q__bind_key_args(c, o, m, &m->pk, 1);
    strbuf_puts(o,
                 "    if (rc == SC_OK)\n        rc = sc_stmt_exec(st);\n"
                 "    if (rc == SC_OK && sc_stmt_changes(st) == 0)\n        rc = SC_ENOTFOUND;\n"
                 "    sc_stmt_release(st);\n    return rc;\n}\n\n");
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

/*
 * A loader fills one relation field of N rows with one query: the rows' key
 * values travel as one array parameter (json_each on SQLite, unnest ... WITH
 * ORDINALITY on PostgreSQL) and every result row carries the index of the
 * row it belongs to, so no row is matched twice and none is copied.
 */
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

/* Emit the statements appending key part F of rows[i] to `keys`, or null when unset. */
static void q__loader_key(cgen_ctx *c, strbuf *o, const cgen_field *sf, const char *in)
{
    const char *val = arena_printf(c->a, "rows[i].%s", sf->member);
    const char *put = sf->kind == CGEN_TEXT ? arena_printf(c->a, "%s__keys_text(&keys, %s)", c->prefix, val)
                                            : arena_printf(c->a, "%s__keys_int(&keys, %s)", c->prefix, val);
    if (sf->col->nullable)
        strbuf_printf(o, "%sif (rows[i].has_%s)\n%s    %s;\n%selse\n%s    %s__keys_null(&keys);\n", in, sf->member, in, put,
                       in, in, c->prefix);
    else if (sf->kind == CGEN_TEXT)
        strbuf_printf(o, "%sif (%s)\n%s    %s;\n%selse\n%s    %s__keys_null(&keys);\n", in, val, in, put, in, in, c->prefix);
    else
        strbuf_printf(o, "%s%s;\n", in, put);
}

/*
 * A loader fills one relation field of N rows with one query: the rows' key
 * values travel as one array parameter (json_each on SQLite, unnest ... WITH
 * ORDINALITY on PostgreSQL) and every result row carries the index of the
 * row it belongs to, so no row is matched twice and none is copied. A
 * compound key travels as a JSON array of arrays on both engines.
 */
static void q__loader(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_rel *r)
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
    const char *live = cgen_sql_live(a, t, "t");
    /* The join from the key table k (its key column named KEYCOL) to the target rows. */
    const char *join;
    if (rel->kind == IR_REL_JOIN)
        join = arena_printf(a, " JOIN %s AS j ON j.%s = k.", sqltext_ident(a, rel->join_table),
                            sqltext_ident(a, rel->join_self_column));
    else
        join = arena_printf(a, " JOIN %s AS t ON t.%s = k.", sqltext_ident(a, rel->target_table),
                            sqltext_ident(a, rel->target_columns[0]));
    const char *rest = rel->kind == IR_REL_JOIN
                           ? arena_printf(a, " JOIN %s AS t ON t.%s = j.%s%s", sqltext_ident(a, rel->target_table),
                                          sqltext_ident(a, rel->target_columns[0]), sqltext_ident(a, rel->join_target_column), live)
                           : live;
    const char *order = arena_printf(a, " ORDER BY %s, %s", "idx", cgen_sql_key_columns(a, t, &t->pk, "t", NULL));
    const char *lite, *pg;
    if (!compound) {
        lite = arena_printf(a, "SELECT %s, k.\"key\" AS idx FROM json_each(?1) AS k%s\"value\"%s%s", tcols, join, rest, order);
        pg = arena_printf(a, "SELECT %s, k.ord - 1 AS idx FROM unnest(CAST($1 AS %s)) WITH ORDINALITY AS k(v, ord)%sv%s%s", tcols,
                          arr, join, rest, order);
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
        const char *tt = sqltext_ident(a, rel->target_table);
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

    strbuf_printf(o, "int %s_load_%s(sc_conn *conn, %s *rows, size_t n)\n{\n", m->cname, r->member, m->cname);
    strbuf_printf(o,
                   "    if (n == 0)\n        return SC_OK;\n"
                   "    bool pg = %s;\n"
                   "    %s__keys keys;\n    %s__keys_begin(&keys, pg);\n"
                   "    for (size_t i = 0; i < n; i++) {\n",
                   compound ? "false" : "sc_conn_dialect(conn) == SC_DIALECT_POSTGRES", c->prefix, c->prefix);
    if (compound) {
        /* One inner array per row: its own separator count inside the outer one. */
        strbuf_printf(o,
                       "        %s__keys_sep(&keys);\n        %s__keys_put(&keys, \"[\", 1);\n"
                       "        size_t outer = keys.count;\n        keys.count = 0;\n",
                       c->prefix, c->prefix);
        for (size_t i = 0; i < rel->ncolumns; i++)
            q__loader_key(c, o, sfs[i], "        ");
        strbuf_printf(o, "        %s__keys_put(&keys, \"]\", 1);\n        keys.count = outer;\n", c->prefix);
    } else {
        q__loader_key(c, o, sf, "        ");
    }
    /* Loading again replaces what an earlier load put there. */
    if (r->many)
        strbuf_printf(o,
                       "        for (size_t j = 0; j < rows[i].%s_count; j++)\n            %s__clear(&rows[i].%s[j]);\n"
                       "        free(rows[i].%s);\n        rows[i].%s = NULL;\n        rows[i].%s_count = 0;\n",
                       r->member, t->cname, r->member, r->member, r->member, r->member);
    else
        strbuf_printf(o, "        %s_free(rows[i].%s);\n        rows[i].%s = NULL;\n", t->cname, r->member, r->member);
    strbuf_printf(o, "    }\n    %s__keys_end(&keys, pg);\n    if (keys.failed) {\n        free(keys.text);\n        return SC_ENOMEM;\n    }\n",
                   c->prefix);
    cgen_sql sql = {lite, pg};
    q__prepare_at(c, o, sql, true, "    ");
    strbuf_printf(o,
                   "    if (rc == SC_OK)\n        rc = sc_stmt_bind_text(st, 1, keys.text, (long)keys.len);\n"
                   "    free(keys.text);\n"
                   "    if (rc != SC_OK) {\n        sc_stmt_release(st);\n        return rc;\n    }\n");
    strbuf_printf(o,
                   "    while ((rc = sc_stmt_step(st)) == SC_ROW) {\n"
                   "        int64_t idx = -1;\n"
                   "        rc = sc_stmt_column_int64(&idx, st, %d);\n"
                   "        if (rc != SC_OK)\n            break;\n"
                   "        if (idx < 0 || (uint64_t)idx >= n) {\n            rc = SC_ERROR;\n            break;\n        }\n"
                   "        %s *row = &rows[idx];\n",
                   ncols, m->cname);
    if (r->many)
        strbuf_printf(o,
                       "        %s *items = realloc(row->%s, (row->%s_count + 1) * sizeof *items);\n"
                       "        if (!items) {\n            rc = SC_ENOMEM;\n            break;\n        }\n"
                       "        row->%s = items;\n"
                       "        rc = %s__read(&items[row->%s_count], st, 0);\n"
                       "        if (rc != SC_OK)\n            break;\n"
                       "        row->%s_count++;\n    }\n",
                       t->cname, r->member, r->member, r->member, t->cname, r->member, r->member);
    else
        strbuf_printf(o,
                       "        %s *item = malloc(sizeof *item);\n"
                       "        if (!item) {\n            rc = SC_ENOMEM;\n            break;\n        }\n"
                       "        rc = %s__read(item, st, 0);\n"
                       "        if (rc != SC_OK) {\n            free(item);\n            break;\n        }\n"
                       "        %s_free(row->%s);\n        row->%s = item;\n    }\n",
                       t->cname, t->cname, t->cname, r->member, r->member);
    strbuf_puts(o, "    sc_stmt_release(st);\n    return rc == SC_DONE ? SC_OK : rc;\n}\n\n");
}

/* ", int32_t id, int32_t tag_id": this row's key, then the target's, named after its model. */
static const char *q__link_params(cgen_ctx *c, const cgen_model *m, const cgen_model *t)
{
    const cgen_field *tf = &t->fields[t->pk.fields[0]];
    bool text = tf->kind == CGEN_TEXT || tf->kind == CGEN_DECIMAL || tf->kind == CGEN_JSON;
    return arena_printf(c->a, "%s, %s%s%s_%s", q__key_params(c, m, &m->pk), text ? "const char *" : tf->ctype, text ? "" : " ",
                        cgen_snake(c->a, t->t->model), tf->member);
}

/* link/unlink of an implicit many-to-many relation, by both primary keys. */
static void q__link(cgen_ctx *c, strbuf *o, const cgen_model *m, const cgen_rel *r)
{
    arena *a = c->a;
    const ir_relation *rel = r->rel;
    const cgen_model *t = r->target;
    if (rel->kind != IR_REL_JOIN || m->pk.nfields != 1 || t->pk.nfields != 1)
        return;
    const cgen_field *sf = &m->fields[m->pk.fields[0]];
    const cgen_field *tf = &t->fields[t->pk.fields[0]];
    if (sf->kind == CGEN_BYTES || tf->kind == CGEN_BYTES)
        return;
    const char *jt = sqltext_ident(a, rel->join_table);
    const char *js = sqltext_ident(a, rel->join_self_column);
    const char *jg = sqltext_ident(a, rel->join_target_column);
    const char *params = q__link_params(c, m, t);
    /* The parameter names are the two primary key members, the second prefixed by the target model. */
    const char *tname = arena_printf(a, "%s_%s", cgen_snake(a, t->t->model), tf->member);
    const char *tlen = arena_printf(a, "%s_len", tname);
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
        q__prepare(c, o, cgen_sqlb_done(&b));
        strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s;\n", q__bind_value(c, sf, sf->member, arena_printf(a, "%s_len", sf->member), "1"));
        strbuf_printf(o, "    if (rc == SC_OK)\n        rc = %s;\n", q__bind_value(c, tf, tname, tlen, "2"));
        strbuf_puts(o, "    if (rc == SC_OK)\n        rc = sc_stmt_exec(st);\n");
        if (unlink)
            strbuf_puts(o, "    if (rc == SC_OK && sc_stmt_changes(st) == 0)\n        rc = SC_ENOTFOUND;\n");
        strbuf_puts(o, "    sc_stmt_release(st);\n    return rc;\n}\n\n");
    }
}

/* ---------------------------------------------------------------- declarations */

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

void cgen_query_decls(cgen_ctx *c, strbuf *h, const cgen_model *m)
{
    const char *n = m->cname;
    bool pk = q__key_ok(m, &m->pk);
    strbuf_printf(h,
                   "/*\n * Insert ROW; *OUT (may be NULL) gets the stored row with what the database\n"
                   " * and the client filled in (ids, defaults, timestamps).\n */\n"
                   "int %s_create(%s **out, sc_conn *conn, const %s *row);\n",
                   n, n, n);
    if (q__ninserted(m))
        strbuf_printf(h, "/* Insert ROWS[0..N) in multi-row batches, all or nothing (a transaction or savepoint). */\n"
                          "int %s_create_many(sc_conn *conn, const %s *rows, size_t n);\n", n, n);
    if (q__upsert_ok(m, &m->pk))
        strbuf_printf(h, "int %s_upsert_by_%s(%s **out, sc_conn *conn, const %s *row);\n", n, m->pk.suffix, n, n);
    for (size_t i = 0; i < m->nuniques; i++)
        if (q__upsert_ok(m, &m->uniques[i]))
            strbuf_printf(h, "int %s_upsert_by_%s(%s **out, sc_conn *conn, const %s *row);\n", n, m->uniques[i].suffix, n, n);
    if (pk) {
        strbuf_printf(h, "int %s_find_by_%s(%s **out, sc_conn *conn%s);\n", n, m->pk.suffix, n, q__key_params(c, m, &m->pk));
    }
    for (size_t i = 0; i < m->nuniques; i++)
        if (q__key_ok(m, &m->uniques[i]))
            strbuf_printf(h, "int %s_find_by_%s(%s **out, sc_conn *conn%s);\n", n, m->uniques[i].suffix, n,
                           q__key_params(c, m, &m->uniques[i]));
    if (pk && q__has_settable(m)) {
        strbuf_printf(h, "/* Write every field of ROW to the row with ROW's primary key%s. */\n"
                          "int %s_update(%s **out, sc_conn *conn, const %s *row);\n",
                       m->version >= 0 ? " (SC_ECONFLICT when ROW's version is stale, SC_ENOTFOUND when the row is gone)" : "", n, n, n);
        if (cgen_mask_fields(m) <= CGEN_MASK_BITS)
            strbuf_printf(h, "/* Write the fields in MASK (%s_F_*) only. */\n"
                              "int %s_update_fields(%s **out, sc_conn *conn, const %s *row, uint64_t mask);\n",
                           m->upper, n, n, n);
    }
    if (pk) {
        strbuf_printf(h, "%s"
                          "int %s_delete(sc_conn *conn%s%s);\n",
                       m->deleted_at >= 0 ? "/* Soft delete: sets the deletion mark; reads skip the row until _restore. */\n" : "",
                       n, q__key_params(c, m, &m->pk), q__version_param(c, m));
        if (m->deleted_at >= 0)
            strbuf_printf(h, "int %s_restore(sc_conn *conn%s);\n/* Remove the row for good, deleted or not. */\nint %s_purge(sc_conn *conn%s);\n",
                           n, q__key_params(c, m, &m->pk), n, q__key_params(c, m, &m->pk));
    }
    for (size_t i = 0; i < m->nfks; i++)
        if (q__key_ok(m, &m->fks[i]))
            strbuf_printf(h, "int %s_list_by_%s(%s_list *out, sc_conn *conn%s);\n", n, m->fks[i].suffix, n,
                           q__key_params(c, m, &m->fks[i]));
    for (size_t i = 0; i < m->nidxs; i++)
        if (q__key_ok(m, &m->idxs[i]))
            strbuf_printf(h, "int %s_list_by_%s(%s_list *out, sc_conn *conn%s);\n", n, m->idxs[i].suffix, n,
                           q__key_params(c, m, &m->idxs[i]));
    strbuf_printf(h, "int %s_count(int64_t *out, sc_conn *conn);\n", n);
    if (pk)
        strbuf_printf(h, "/* Up to LIMIT rows in primary-key order after AFTER's key (NULL: from the start). */\n"
                          "int %s_list_page(%s_list *out, sc_conn *conn, const %s *after, int64_t limit, bool descending);\n",
                       n, n, n);
    for (size_t i = 0; i < m->norders; i++) {
        const cgen_key *k = &m->orders[i];
        if (!q__key_ok(m, k))
            continue;
        strbuf order;
        strbuf_init(&order, c->a);
        for (size_t j = 0; j < k->nfields; j++)
            strbuf_printf(&order, "%s%s%s", j ? ", " : "", m->fields[k->fields[j]].member,
                           k->desc && k->desc[j] ? " DESC" : "");
        strbuf_printf(h, "/* Up to LIMIT rows in (%s) order after AFTER's values (NULL: from the start); NULLs sort lowest. */\n"
                          "int %s_list_page_by_%s(%s_list *out, sc_conn *conn, const %s *after, int64_t limit, bool descending);\n",
                       strbuf_str(&order), n, k->suffix, n, n);
    }
    for (size_t i = 0; i < m->nrels; i++) {
        const cgen_rel *r = &m->rels[i];
        if (q__loader_ok(m, r))
            strbuf_printf(h, "/* Fill .%s of ROWS[0..N) with one query. */\nint %s_load_%s(sc_conn *conn, %s *rows, size_t n);\n",
                           r->member, n, r->member, n);
        if (q__link_ok(m, r)) {
            const char *p = q__link_params(c, m, r->target);
            strbuf_printf(h, "int %s_link_%s(sc_conn *conn%s);\nint %s_unlink_%s(sc_conn *conn%s);\n", n, r->member, p, n,
                           r->member, p);
        }
    }
    strbuf_puts(h, "\n");
}

void cgen_query_defs(cgen_ctx *c, strbuf *out, const cgen_model *m)
{
    bool pk = q__key_ok(m, &m->pk);
    q__read_fn(c, out, m);
    q__create(c, out, m);
    q__create_many(c, out, m);
    if (q__upsert_ok(m, &m->pk))
        q__upsert(c, out, m, &m->pk);
    for (size_t i = 0; i < m->nuniques; i++)
        if (q__upsert_ok(m, &m->uniques[i]))
            q__upsert(c, out, m, &m->uniques[i]);
    if (pk)
        q__find(c, out, m, &m->pk);
    for (size_t i = 0; i < m->nuniques; i++)
        if (q__key_ok(m, &m->uniques[i]))
            q__find(c, out, m, &m->uniques[i]);
    if (pk && m->version >= 0)
        q__stale_fn(c, out, m);
    if (pk && q__has_settable(m)) {
        q__update(c, out, m);
        if (cgen_mask_fields(m) <= CGEN_MASK_BITS)
            q__update_fields(c, out, m);
    }
    if (pk) {
        q__delete(c, out, m);
        if (m->deleted_at >= 0)
            q__restore_purge(c, out, m);
    }
    for (size_t i = 0; i < m->nfks; i++)
        if (q__key_ok(m, &m->fks[i]))
            q__list_by(c, out, m, &m->fks[i]);
    for (size_t i = 0; i < m->nidxs; i++)
        if (q__key_ok(m, &m->idxs[i]))
            q__list_by(c, out, m, &m->idxs[i]);
    q__count(c, out, m);
    if (pk)
        q__page(c, out, m, &m->pk, "list_page");
    for (size_t i = 0; i < m->norders; i++)
        if (q__key_ok(m, &m->orders[i]))
            q__page(c, out, m, &m->orders[i], arena_printf(c->a, "list_page_by_%s", m->orders[i].suffix));
    for (size_t i = 0; i < m->nrels; i++) {
        if (q__loader_ok(m, &m->rels[i]))
            q__loader(c, out, m, &m->rels[i]);
        if (q__link_ok(m, &m->rels[i]))
            q__link(c, out, m, &m->rels[i]);
    }
}
