/*
 * update_fields for each of ROWS[0..N) (no row read back): on PostgreSQL
 * the UPDATEs go in one pipeline (one round trip). With OUTCOME (N ints)
 * a row that matched nothing is reported, not an error: OUTCOME[i] gets
 * SC_OK, SC_ENOTFOUND{{conflict_note}}, and the other rows are written.
 * With OUTCOME NULL the call is all or nothing: such a row fails it with
 * that code. Any other failure rolls every row back; a failure names the
 * row in the error message. SC_EINVAL when MASK names no field.
 */
int {{model}}_update_many(sc_conn *conn, const {{model}} *rows, size_t n, uint64_t mask, int *outcome);
