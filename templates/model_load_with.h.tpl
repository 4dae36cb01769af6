/*
 * The relations WITH names loaded into ROWS[0..N), each as its _load_
 * would, in one call: on PostgreSQL their queries go in one pipeline (one
 * round trip), on SQLite one after the other. WITH is an OR of
 *     {{flags}}
 * Each named relation is emptied first. All or nothing: on failure no row
 * holds any of them. Defined here, over the table of relations the source
 * defines, so that only a program that calls it compiles it.
 */
extern const sc_with {{model}}__with[];
static inline int {{model}}_load(sc_conn *conn, {{model}} *rows, size_t n, unsigned with)
{
    return sc_load_with(conn, rows, n, {{model}}__with, {{nwith}}, with);
}
