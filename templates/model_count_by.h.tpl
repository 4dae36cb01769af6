/* The number of rows{{live_note}} with the given {{fields}} into *OUT (one COUNT, no row read). */
int {{model}}_count_by_{{key}}(int64_t *out, sc_conn *conn{{params}});
