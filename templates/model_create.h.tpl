/*
 * Insert ROW; *OUT (may be NULL) gets the stored row with what the database
 * and the client filled in (ids, defaults, timestamps). With OUT NULL nothing
 * is read back (no RETURNING).
 */
int {{model}}_create({{model}} **out, sc_conn *conn, const {{model}} *row);
