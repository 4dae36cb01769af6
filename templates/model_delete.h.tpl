/*
 * Delete the row with this primary key; SC_ENOTFOUND when there is none.{{version_note}}
 */
int {{model}}_delete(sc_conn *conn{{params}});
