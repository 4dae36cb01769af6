/*
 * Insert ROW and put the new row's id into *ID (may be NULL): the cheapest
 * insert (no row read back; SQLite's last_insert_rowid, PostgreSQL's
 * RETURNING of the id alone).
 */
int {{model}}_create_id({{id_type}} *id, sc_conn *conn, const {{model}} *row);
