/* The same for rows anywhere, ROWS[0..N) pointing at them (each row once): nested loading without gathering rows first. */
int {{model}}_load_{{relation}}_ptrs(sc_conn *conn, {{model}} *const *rows, size_t n);
