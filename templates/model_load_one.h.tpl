/* Fill .{{relation}} (a {{target}}, or NULL) of ROWS[0..N) with one query, replacing what was loaded.
 * This loader and the next are defined here, over the statement and tables the source defines, so that only a
 * program that calls one compiles it. */
extern sc_stmt_site {{model}}_load_{{relation}}__site;
extern const sc_load_spec {{model}}_load_{{relation}}__spec;
extern const sc_field {{model}}_load_{{relation}}__key[];
static inline int {{model}}_load_{{relation}}(sc_conn *conn, {{model}} *rows, size_t n)
{
    return sc_load_by(conn, &{{model}}_load_{{relation}}__site, rows, n, &{{model}}_load_{{relation}}__spec,
                      {{model}}_load_{{relation}}__key, {{nkeys}});
}
