/*
 * Insert ROWS[0..N) as _create_many does, skipping every row that would
 * repeat the primary key or a unique constraint (ON CONFLICT DO NOTHING),
 * and the number of rows stored into *INSERTED (may be NULL). The rows
 * stored are all kept or none (a transaction, or a savepoint inside yours).
 */
int {{model}}_create_many_skip_duplicates(sc_conn *conn, const {{model}} *rows, size_t n, int64_t *inserted);
