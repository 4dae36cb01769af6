/*
 * Insert ROW; *OUT (may be NULL) gets the stored row with what the database
 * and the client filled in (ids, defaults, timestamps).
 */
int {{model}}_create({{model}} **out, sc_conn *conn, const {{model}} *row);
