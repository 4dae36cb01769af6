/* Fill .{{relation}} / .{{relation}}_count ({{target}} rows) of ROWS[0..N) with one query, replacing what was loaded. */
int {{model}}_load_{{relation}}(sc_conn *conn, {{model}} *rows, size_t n);
