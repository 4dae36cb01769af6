/*
 * Write every field of ROW to the row with ROW's primary key; *OUT (may be
 * NULL) gets the stored row. SC_ENOTFOUND when there is no such row.{{version_note}}
 */
int {{model}}_update({{model}} **out, sc_conn *conn, const {{model}} *row);
