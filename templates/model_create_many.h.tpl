/*
 * Insert ROWS[0..N), all or nothing (a transaction or savepoint). On
 * PostgreSQL, from SC_COPY_MIN_ROWS rows on, by COPY FROM STDIN, up to the
 * first row that leaves a field with a database default unset (from there
 * on multi-row INSERTs); elsewhere multi-row INSERTs. A failure names the
 * row (or a batch's rows) in the error message.
 */
int {{model}}_create_many(sc_conn *conn, const {{model}} *rows, size_t n);
