/*
 * main.c - the program of the schemac_generate_sqlc() consumer test: creates
 * the table from the SQLite migration given as argument (its up part), then
 * calls the sqlc project's generated queries on in-memory SQLite. Exits 0
 * only when every check holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lite_queries.h"
#include "pg_queries.h" /* the other package, in the same library */

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "notes: %s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            return 1;                                                                        \
        }                                                                                    \
    } while (0)

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = malloc(1 << 16);
    size_t n = buf ? fread(buf, 1, (1 << 16) - 1, fp) : 0;
    fclose(fp);
    if (buf)
        buf[n] = '\0';
    return buf;
}

static int run(sc_conn *conn, char *ddl)
{
    char *down = strstr(ddl, "-- +goose Down");
    if (down)
        *down = '\0';
    CHECK(sc_conn_exec(conn, ddl) == SC_OK);

    lite_note *made = NULL;
    CHECK(lite_create_note(&made, conn, "first", true, "hello") == SC_OK);
    CHECK(made != NULL && made->id == 1 && made->has_body && strcmp(made->body, "hello") == 0);
    lite_note_free(made);
    CHECK(lite_create_note(NULL, conn, "second", false, NULL) == SC_OK);

    lite_note *found = NULL;
    CHECK(lite_get_note(&found, conn, 2) == SC_OK);
    CHECK(strcmp(found->title, "second") == 0 && !found->has_body);
    lite_note_free(found);
    CHECK(lite_get_note(&found, conn, 9) == SC_ENOTFOUND);

    lite_note_list all = {0};
    CHECK(lite_list_notes(&all, conn) == SC_OK);
    CHECK(all.count == 2 && strcmp(all.items[0].title, "first") == 0);
    lite_note_list_free(&all);
    /* The PostgreSQL package is linked too (not run here): its function exists. */
    int (*volatile pg_list)(pg_note_list *, sc_conn *) = pg_list_notes;
    CHECK(pg_list != NULL);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: notes SQLITE-MIGRATION\n");
        return 2;
    }
    char *ddl = slurp(argv[1]);
    if (!ddl) {
        fprintf(stderr, "notes: cannot read %s\n", argv[1]);
        return 2;
    }
    sc_conn *conn = NULL;
    sc_error err;
    if (sc_conn_open(&conn, "sqlite::memory:", NULL, &err) != SC_OK) {
        fprintf(stderr, "notes: cannot open the database: %s\n", err.message);
        free(ddl);
        return 1;
    }
    int rc = run(conn, ddl);
    sc_conn_close(conn);
    free(ddl);
    if (rc == 0)
        printf("notes: ok\n");
    return rc;
}
