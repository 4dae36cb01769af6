/* Insert ROWS[0..N) in multi-row batches, all or nothing (a transaction or savepoint). */
int {{model}}_create_many(sc_conn *conn, const {{model}} *rows, size_t n);
