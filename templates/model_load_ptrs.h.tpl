/* The same for rows anywhere, ROWS[0..N) pointing at them (each row once): nested loading without gathering rows first.
 * Defined here, over the loader's statement and tables (which {{model}}_load_{{relation}} shares), so that only a
 * program that calls it compiles it. */
extern sc_stmt_site {{model}}_load_{{relation}}__site;
extern const sc_load_spec {{model}}_load_{{relation}}__spec;
extern const sc_field {{model}}_load_{{relation}}__key[];
static inline int {{model}}_load_{{relation}}_ptrs(sc_conn *conn, {{model}} *const *rows, size_t n)
{
    return sc_load_by_ptrs(conn, &{{model}}_load_{{relation}}__site, (void *const *)rows, n, &{{model}}_load_{{relation}}__spec,
                           {{model}}_load_{{relation}}__key, {{nkeys}});
}
