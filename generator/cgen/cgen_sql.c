/*
 * cgen_sql.c - SQL text for the generated functions.
 *
 * Every statement is built for both dialects at once (cgen_sqlb): the
 * shared parts are appended to both texts, parameters become ?N on SQLite
 * and $N on PostgreSQL with the same N, so one sequence of binds serves
 * both. Identifiers always go through sqltext_ident (a field's once, into
 * cgen_field.sql).
 */
#include "cgen/cgen_internal.h"

#include <string.h>

const char *cgen_sql_param(arena *a, ir_provider d, int n)
{
    return arena_printf(a, d == IR_PROVIDER_POSTGRESQL ? "$%d" : "?%d", n);
}

const char *cgen_sql_columns_as(arena *a, const cgen_model *m, const char *alias)
{
    strbuf b;
    strbuf_init(&b, a);
    bool first = true;
    for (size_t i = 0; i < m->nfields; i++) {
        if (!cgen_in_sql(&m->fields[i]))
            continue;
        /* PostgreSQL lists are read as JSON text: one format whatever the result mode. */
        bool list = m->fields[i].col->list;
        if (!first)
            strbuf_putlit(&b, ", ");
        if (list)
            strbuf_putlit(&b, "array_to_json(");
        if (alias) {
            strbuf_puts(&b, alias);
            strbuf_putc(&b, '.');
        }
        strbuf_puts(&b, m->fields[i].sql);
        if (list)
            strbuf_putc(&b, ')');
        first = false;
    }
    return strbuf_str(&b);
}

const char *cgen_sql_live(arena *a, const cgen_model *m, const char *alias)
{
    if (m->deleted_at < 0)
        return "";
    return arena_printf(a, " AND %s%s%s IS NULL", alias ? alias : "", alias ? "." : "",
                        m->fields[m->deleted_at].sql);
}

bool cgen_in_sql(const cgen_field *f)
{
    if (!f->col->list)
        return true;
    /*
     * Lists travel as JSON arrays, every element type in a form PostgreSQL
     * casts back exactly: numbers and booleans as such, timestamps as ISO
     * text, decimals and JSON values as text, bytes as bytea hex text.
     */
    (void)f;
    return true;
}

const char *cgen_sql_list_type(arena *a, const ir_schema *s, const cgen_field *f)
{
    return ddl_postgres_dialect.column_type(a, s, f->col);
}

void cgen_sqlb_init(cgen_sqlb *b, arena *a)
{
    b->a = a;
    strbuf_init(&b->lite, a);
    strbuf_init(&b->pg, a);
    b->nparams = 0;
}

void cgen_sqlb_puts(cgen_sqlb *b, const char *s)
{
    strbuf_puts(&b->lite, s);
    strbuf_puts(&b->pg, s);
}

void cgen_sqlb_puts2(cgen_sqlb *b, const char *lite, const char *pg)
{
    strbuf_puts(&b->lite, lite);
    strbuf_puts(&b->pg, pg);
}

void cgen_sqlb_table(cgen_sqlb *b, const ir_table *t)
{
    cgen_sqlb_puts(b, ddl_qualified(b->a, t->schema, t->name));
}

int cgen_sqlb_param(cgen_sqlb *b)
{
    int n = ++b->nparams;
    strbuf_putc(&b->lite, '?');
    strbuf_puti(&b->lite, n);
    strbuf_putc(&b->pg, '$');
    strbuf_puti(&b->pg, n);
    return n;
}

/* "col" = ?1 AND "col2" = ?2 over KEY. */
void cgen_sqlb_key_match(cgen_sqlb *b, const cgen_model *m, const cgen_key *k)
{
    for (size_t i = 0; i < k->nfields; i++) {
        if (i)
            cgen_sqlb_puts(b, " AND ");
        cgen_sqlb_puts(b, m->fields[k->fields[i]].sql);
        cgen_sqlb_puts(b, " = ");
        cgen_sqlb_param(b);
    }
}

/* "a", "b" of KEY. */
const char *cgen_sql_key_columns(arena *a, const cgen_model *m, const cgen_key *k, const char *alias, const char *dir)
{
    strbuf b;
    strbuf_init(&b, a);
    for (size_t i = 0; i < k->nfields; i++)
        strbuf_printf(&b, "%s%s%s%s%s", i ? ", " : "", alias ? alias : "", alias ? "." : "",
                       m->fields[k->fields[i]].sql, dir ? dir : "");
    return strbuf_str(&b);
}

cgen_sql cgen_sqlb_done(cgen_sqlb *b)
{
    cgen_sql s = {strbuf_str(&b->lite), strbuf_str(&b->pg)};
    return s;
}
