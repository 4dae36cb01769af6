/*
 * rt_probe.c - a tiny libschemac client for the shell tests: opens a URL with
 * sc_conn_open, as a program would, and runs SQL on it.
 *
 *   rt_probe URL open          print "ok sqlite" or "ok postgresql"
 *   rt_probe URL exec SQL      run SQL text (sc_conn_exec), print "ok"
 *   rt_probe URL query SQL     print each row, columns joined by '|' (NULL as "NULL")
 *
 * On failure prints "error: CODE: MESSAGE" (the sc_error, which must never
 * show a password) on stderr and exits 1; a bad command line exits 2.
 */
#include <stdio.h>
#include <string.h>

#include "schemac/schemac.h"

static int report(const sc_error *e)
{
    fprintf(stderr, "error: %s: %s\n", sc_strerror(e->code), e->message);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 3 || (strcmp(argv[2], "open") != 0 && argc < 4)) {
        fprintf(stderr, "usage: rt_probe URL open|exec SQL|query SQL\n");
        return 2;
    }
    sc_conn *c = NULL;
    sc_error err = SC_ERROR_INIT;
    if (sc_conn_open(&c, argv[1], NULL, &err) != SC_OK)
        return report(&err);
    int rc = 0;
    if (strcmp(argv[2], "open") == 0) {
        printf("ok %s\n", sc_conn_dialect(c) == SC_DIALECT_SQLITE ? "sqlite" : "postgresql");
    } else if (strcmp(argv[2], "exec") == 0) {
        if (sc_conn_exec(c, argv[3]) != SC_OK)
            rc = report(sc_conn_error(c));
        else
            printf("ok\n");
    } else if (strcmp(argv[2], "query") == 0) {
        sc_stmt *st = NULL;
        int s = sc_stmt_prepare(&st, c, argv[3]);
        /* every row: the prepare's SC_OK starts the loop, each step's SC_ROW continues it */
        while (s >= 0 && (s = sc_stmt_step(st)) == SC_ROW) {
            for (int i = 0; i < sc_stmt_column_count(st); i++) {
                const char *v = NULL;
                int r = sc_stmt_column_text(&v, NULL, st, i);
                printf("%s%s", i ? "|" : "", r == SC_OK ? v : "NULL");
            }
            printf("\n");
        }
        if (s < 0)
            rc = report(sc_conn_error(c));
        if (st)
            sc_stmt_release(st);
    } else {
        fprintf(stderr, "rt_probe: unknown command %s\n", argv[2]);
        rc = 2;
    }
    sc_conn_close(c);
    return rc;
}
