/*
 * Insert ROW, or when a row with ROW's {{fields}} exists, write ROW's other
 * fields to it (not ids or creation stamps); *OUT (may be NULL) gets the stored row.
 */
int {{model}}_upsert_by_{{key}}({{model}} **out, sc_conn *conn, const {{model}} *row);
