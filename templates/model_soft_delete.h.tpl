/*
 * Soft delete: set the row's deletion mark; generated reads skip it until
 * _restore. SC_ENOTFOUND when there is no such row not deleted yet.{{version_note}}
 */
int {{model}}_delete(sc_conn *conn{{params}});
/* Clear the deletion mark; SC_ENOTFOUND when the row is not deleted. */
int {{model}}_restore(sc_conn *conn{{key_params}});
/* Remove the row for good, deleted or not; SC_ENOTFOUND when there is none. */
int {{model}}_purge(sc_conn *conn{{key_params}});
