/*
 * Insert ROWS[0..N) and put each new row's id into IDS[i] (may be NULL), in
 * the rows' order: one INSERT per row, on PostgreSQL all of them in one
 * pipeline (one round trip). All or nothing (a transaction or savepoint);
 * a failure names the row in the error message.
 */
int {{model}}_create_many_ids({{id_type}} *ids, sc_conn *conn, const {{model}} *rows, size_t n);
