/* The same for rows anywhere, ROWS[0..N) pointing at them (each row once): nested loading without gathering rows first. */
static inline int {{model}}_load_{{relation}}_ptrs(sc_conn *conn, {{model}} *const *rows, size_t n)
{
    return sc_load_by_ptrs(conn, &{{model}}_load_{{relation}}__site, (void *const *)rows, n, &{{model}}_load_{{relation}}__spec,
                           {{model}}_load_{{relation}}__key, {{nkeys}});
}
