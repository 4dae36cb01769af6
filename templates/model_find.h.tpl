/* The row with the given {{fields}} into a new *OUT (NULL: only check it exists); SC_ENOTFOUND when none. */
int {{model}}_find_by_{{key}}({{model}} **out, sc_conn *conn{{params}});
