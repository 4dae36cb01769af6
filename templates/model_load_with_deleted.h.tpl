/* The same, soft-deleted {{target}} rows loaded too (history: an order's product after it was deleted). */
int {{model}}_load_{{relation}}_with_deleted(sc_conn *conn, {{model}} *rows, size_t n);
