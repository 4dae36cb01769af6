/*
 * migrate_conn.h - the small connection layer migrations run on (internal).
 *
 * One table of operations per database (migrate_conn_sqlite.c,
 * migrate_conn_postgres.c), so the runner in migrate_db.c never asks which
 * database it talks to. Query results are text cells in an arena.
 */
#ifndef SCHEMAC_MIGRATE_CONN_H
#define SCHEMAC_MIGRATE_CONN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "model/ir.h"

typedef struct mconn mconn;

typedef struct mconn_rows {
    size_t nrows, ncols;
    const char **cells; /* row-major; NULL for SQL NULL */
} mconn_rows;

typedef struct mconn_ops {
    const char *name;
    ir_provider provider;
    /* The lock against other deployers is the write transaction itself (SQLite): every
       migration's pre and post statements then run inside that transaction. */
    bool tx_is_lock;
    const char *begin_sql;
    const char *history_exists_sql;
    int (*exec)(mconn *c, const char *sql);
    /* One statement with VALUES bound to $1..$N (NULL: SQL NULL): values never go into SQL text. */
    int (*exec_params)(mconn *c, const char *sql, size_t n, const char *const *values);
    int (*query)(mconn *c, const char *sql, mconn_rows *out);
    int (*lock)(mconn *c);   /* session-long lock, or nothing */
    void (*unlock)(mconn *c);
    int (*before_tx)(mconn *c);    /* outside any transaction, before a migration */
    void (*after_tx)(mconn *c);    /* outside any transaction, after it */
    int (*before_commit)(mconn *c); /* integrity checks that roll back on failure */
    /* Copy the database aside before a destructive change; *WHERE gets the path. NULL: not supported. */
    int (*backup)(mconn *c, const char *label, const char **where);
    /* Read the database: the NSCHEMAS schemas SCHEMAS (PostgreSQL multi-schema, objects qualified),
       or with none the connection's own schema. */
    int (*introspect)(mconn *c, ir_schema *out, const char *const *schemas, size_t nschemas);
    /*
     * Drift: give EXPECTED (a snapshot) the live database's spelling of what
     * LIVE holds wherever the two mean the same (migrate_drift.h). NULL: the
     * database keeps what it was given.
     */
    void (*respell)(mconn *c, ir_schema *expected, const ir_schema *live);
} mconn_ops;

/* What opening an SQLite file that does not exist does. */
typedef enum mconn_create {
    MCONN_CREATE,      /* create it (apply) */
    MCONN_MUST_EXIST,  /* fail, naming the path (baseline adopts an existing database) */
    MCONN_AS_EMPTY,    /* read it as an empty database, creating nothing (status, check,
                          rollback: a mistyped path must not leave an empty file behind) */
} mconn_create;

struct mconn {
    const mconn_ops *ops;
    arena *a;
    const char *err; /* the last error, one line */
    /* How long taking the deployer lock may wait (ms; 0: one try). SQLite: the busy timeout. */
    int wait_timeout_ms;
    /* The last failure was the lock wait running out: another connection holds the lock. */
    bool lock_busy;
    mconn_create create; /* SQLite: what a missing file means */
    struct sc_conn *conn; /* the runtime's connection (libschemac opens every URL) */
    void *handle;    /* its sqlite3 * or PGconn * */
    const char *path; /* SQLite: the file */
};

extern const mconn_ops mconn_sqlite_ops;
extern const mconn_ops mconn_postgres_ops;

/*
 * Open URL (any form libschemac's sc_url_parse accepts: sqlite:PATH,
 * file:PATH?mode=ro, postgresql://..., a libpq keyword string) through the
 * runtime's sc_conn_open, so migrate opens exactly the database a program
 * opens for the same URL, with the same session settings (SQLite without
 * double-quoted string literals, PostgreSQL in UTC) and the same password
 * redaction. An in-memory SQLite database is refused (it vanishes when
 * migrate exits). WAIT_TIMEOUT_MS < 0: the default. CREATE says what a
 * missing SQLite file means. Returns 0, or -1 with c->err.
 */
int mconn_open(mconn *c, arena *a, const char *url, int wait_timeout_ms, mconn_create create);
void mconn_close(mconn *c);

#endif
