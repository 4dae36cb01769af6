/* Fill .{{relation}} (a {{target}}, or NULL) of ROWS[0..N) with one query, replacing what was loaded. */
int {{model}}_load_{{relation}}(sc_conn *conn, {{model}} *rows, size_t n);
