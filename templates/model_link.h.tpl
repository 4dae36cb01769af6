/* Link this row and a {{Target}} through .{{relation}} (a row of the join table). */
int {{model}}_link_{{relation}}(sc_conn *conn{{params}});
/* Remove that link; SC_ENOTFOUND when there was none. */
int {{model}}_unlink_{{relation}}(sc_conn *conn{{params}});
