/* The same, writing only the fields in MASK ({{MODEL}}_F_*); SC_EINVAL when MASK names none. */
int {{model}}_update_fields({{model}} **out, sc_conn *conn, const {{model}} *row, uint64_t mask);
