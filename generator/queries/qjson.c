/*
 * qjson.c - the queries as JSON (`schemac queries --format json`), the
 * documented form tools and tests read (docs/queries.md):
 *   {"queries": [{"name", "command", "file", "line", "doc",
 *                 "dialects": ["sqlite", "postgresql"], "not_emitted": text|null,
 *                 "sql": {"sqlite": text|null, "postgresql": text|null},
 *                 "params": [{"number", "name", "type", "nullable", "list", "doc"}],
 *                 "columns": [{"name", "type", "nullable", "list", "table", "column", "embed"}],
 *                 "model_row": name|null}]}
 * Types are named as the schema language names them: Int, BigInt, String,
 * DateTime, Decimal, Json, Bytes, Boolean, Float, an enum's name; "list"
 * says T[].
 */
#include "queries/query.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *qj_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

static const char *qj_type(arena *a, const q_type *t)
{
    q_type base = *t;
    base.list = false;
    return q_type_name(a, &base);
}

char *q_to_json(arena *a, const q_set *set)
{
    json_t *root = json_object();
    json_t *arr = json_array();
    for (size_t i = 0; i < set->n; i++) {
        const q_query *q = &set->items[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(q->name));
        json_object_set_new(o, "command", json_string(q_cmd_name(q->cmd)));
        json_object_set_new(o, "file", json_string(q->file));
        json_object_set_new(o, "line", json_integer(q->span.line));
        json_object_set_new(o, "doc", qj_str(q->doc));
        json_t *d = json_array();
        if (q->dialects & Q_SQLITE)
            json_array_append_new(d, json_string("sqlite"));
        if (q->dialects & Q_POSTGRES)
            json_array_append_new(d, json_string("postgresql"));
        json_object_set_new(o, "dialects", d);
        json_object_set_new(o, "not_emitted", qj_str(q->why_not));
        json_t *sql = json_object();
        json_object_set_new(sql, "sqlite", qj_str(q->sql_sqlite));
        json_object_set_new(sql, "postgresql", qj_str(q->sql_postgres));
        json_object_set_new(o, "sql", sql);
        json_t *ps = json_array();
        for (size_t k = 0; k < q->nparams; k++) {
            const q_param *p = &q->params[k];
            json_t *po = json_object();
            json_object_set_new(po, "number", json_integer(p->number));
            json_object_set_new(po, "name", json_string(p->name ? p->name : ""));
            json_object_set_new(po, "type", json_string(qj_type(a, &p->type)));
            json_object_set_new(po, "nullable", json_boolean(p->nullable));
            json_object_set_new(po, "list", json_boolean(p->type.list));
            json_object_set_new(po, "doc", qj_str(p->doc));
            json_array_append_new(ps, po);
        }
        json_object_set_new(o, "params", ps);
        json_t *cs = json_array();
        for (size_t k = 0; k < q->ncolumns; k++) {
            const q_column *c = &q->columns[k];
            json_t *co = json_object();
            json_object_set_new(co, "name", json_string(c->name));
            json_object_set_new(co, "type", c->embed ? json_string(c->embed) : json_string(qj_type(a, &c->type)));
            json_object_set_new(co, "nullable", json_boolean(c->nullable));
            json_object_set_new(co, "list", json_boolean(c->type.list));
            json_object_set_new(co, "table", qj_str(c->table));
            json_object_set_new(co, "column", qj_str(c->embed ? NULL : c->column));
            json_object_set_new(co, "embed", qj_str(c->embed));
            json_array_append_new(cs, co);
        }
        json_object_set_new(o, "columns", cs);
        json_object_set_new(o, "model_row", qj_str(q->model_row));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "queries", arr);
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    char *out = arena_printf(a, "%s\n", text ? text : "{}");
    free(text);
    return out;
}
