/* The number of rows{{live_note}} into *OUT. */
int {{model}}_count(int64_t *out, sc_conn *conn);
