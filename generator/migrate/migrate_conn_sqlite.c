/*
 * migrate_conn_sqlite.c - migrations on SQLite. The lock against other
 * deployers is BEGIN IMMEDIATE (a write transaction) with a busy timeout:
 * the wait timeout, after which a failure says lock_busy.
 * foreign_keys is turned off before each migration's transaction (it
 * cannot change inside one) and PRAGMA foreign_key_check runs before the
 * commit, as SQLite's table-rebuild procedure asks.
 */
#include "migrate/migrate_conn.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>

#include "base/fileio.h"
#include "introspect/introspect.h"
#include "migrate/migrate_drift.h"

static sqlite3 *sq(mconn *c)
{
    return c->handle;
}

/* Whether RC says another connection held a lock for longer than the busy timeout. */
static bool sqc_busy(int rc)
{
    return (rc & 0xff) == SQLITE_BUSY;
}

static int sqc_fail(mconn *c, const char *what)
{
    c->lock_busy = sq(c) && sqc_busy(sqlite3_errcode(sq(c)));
    c->err = arena_printf(c->a, "%s%s", what, sq(c) ? sqlite3_errmsg(sq(c)) : "out of memory");
    return -1;
}

static int sqc_exec(mconn *c, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(sq(c), sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK)
        return 0;
    c->lock_busy = sqc_busy(rc);
    c->err = arena_strdup(c->a, msg ? msg : sqlite3_errmsg(sq(c)));
    sqlite3_free(msg);
    return -1;
}

static int sqc_exec_params(mconn *c, const char *sql, size_t n, const char *const *values)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sq(c), sql, -1, &st, NULL) != SQLITE_OK)
        return sqc_fail(c, "");
    for (size_t i = 0; i < n; i++) {
        char name[24];
        snprintf(name, sizeof name, "$%zu", i + 1);
        int at = sqlite3_bind_parameter_index(st, name);
        if (at == 0)
            continue; /* the statement does not use this one */
        int rc = values[i] ? sqlite3_bind_text(st, at, values[i], -1, SQLITE_TRANSIENT) : sqlite3_bind_null(st, at);
        if (rc != SQLITE_OK) {
            sqc_fail(c, "");
            sqlite3_finalize(st);
            return -1;
        }
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        ;
    if (rc != SQLITE_DONE) {
        sqc_fail(c, "");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

static int sqc_query(mconn *c, const char *sql, mconn_rows *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(sq(c), sql, -1, &st, NULL) != SQLITE_OK)
        return sqc_fail(c, "");
    out->ncols = (size_t)sqlite3_column_count(st);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if ((out->nrows + 1) * out->ncols > cap) {
            size_t ncap = cap ? cap * 2 : 16 * (out->ncols ? out->ncols : 1);
            out->cells = arena_grow(c->a, out->cells, cap * sizeof *out->cells, ncap * sizeof *out->cells);
            cap = ncap;
        }
        for (size_t i = 0; i < out->ncols; i++) {
            const unsigned char *t = sqlite3_column_text(st, (int)i);
            out->cells[out->nrows * out->ncols + i] = t ? arena_strdup(c->a, (const char *)t) : NULL;
        }
        out->nrows++;
    }
    if (rc != SQLITE_DONE) {
        sqc_fail(c, "");
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

static int sqc_lock(mconn *c)
{
    (void)c;
    return 0;
}

static void sqc_unlock(mconn *c)
{
    (void)c;
}

static int sqc_before_tx(mconn *c)
{
    return sqc_exec(c, "PRAGMA foreign_keys = OFF;");
}

static void sqc_after_tx(mconn *c)
{
    sqlite3_exec(sq(c), "PRAGMA foreign_keys = ON;", NULL, NULL, NULL);
}

static int sqc_before_commit(mconn *c)
{
    mconn_rows r;
    if (sqc_query(c, "PRAGMA foreign_key_check;", &r) != 0)
        return -1;
    if (r.nrows == 0)
        return 0;
    /* table, rowid, parent, fkid */
    c->err = arena_printf(c->a, "foreign key violation after the change: a row of \"%s\" (rowid %s) points at a "
                                "missing row of \"%s\" (%zu violation%s in all)",
                          r.cells[0] ? r.cells[0] : "?", r.cells[1] ? r.cells[1] : "?", r.cells[2] ? r.cells[2] : "?",
                          r.nrows, r.nrows == 1 ? "" : "s");
    return -1;
}

/* Remove a backup that failed: the file and whatever journal SQLite left next to it. */
static void sqc_backup_remove(mconn *c, const char *tmp)
{
    static const char *const sfx[] = {"", "-journal", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++)
        unlink(arena_printf(c->a, "%s%s", tmp, sfx[i]));
}

/*
 * A copy of the database at PATH.LABEL.bak. It is written under a temporary
 * name and renamed into place only when complete, so a failure (a full disk)
 * leaves no partial or empty backup, and an older backup of that name stays.
 */
static int sqc_backup(mconn *c, const char *label, const char **where)
{
    const char *path = arena_printf(c->a, "%s.%s.bak", c->path, label);
    char *tmp = arena_printf(c->a, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        c->err = arena_printf(c->a, "cannot create backup %s: %s", tmp, strerror(errno));
        return -1;
    }
    close(fd); /* an empty file is an empty database */
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        c->err = arena_printf(c->a, "cannot create backup %s: %s", tmp, dst ? sqlite3_errmsg(dst) : "out of memory");
        sqlite3_close(dst);
        sqc_backup_remove(c, tmp);
        return -1;
    }
    /* Our connection holds the write lock, and a backup cannot read through a connection that is
       writing; a second, read-only connection can (readers coexist with a reserved lock). */
    sqlite3 *src = NULL;
    int rc = sqlite3_open_v2(c->path, &src, SQLITE_OPEN_READONLY, NULL);
    sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(dst, "main", src, "main") : NULL;
    rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
    int finish = b ? sqlite3_backup_finish(b) : SQLITE_ERROR;
    const char *why = rc != SQLITE_DONE || finish != SQLITE_OK ? arena_strdup(c->a, sqlite3_errmsg(dst)) : NULL;
    sqlite3_close(src);
    /* Closing writes nothing more (the backup committed, synchronously), but say so if it fails. */
    if (sqlite3_close(dst) != SQLITE_OK && !why)
        why = "cannot close the backup file";
    if (!why && rename(tmp, path) != 0)
        why = arena_printf(c->a, "cannot rename %s into place: %s", tmp, strerror(errno));
    if (why) {
        c->err = arena_printf(c->a, "backup to %s failed: %s", path, why);
        sqc_backup_remove(c, tmp);
        return -1;
    }
    fileio_sync_parent(path);
    *where = path;
    return 0;
}

static int sqc_introspect(mconn *c, ir_schema *out, const char *const *schemas, size_t nschemas)
{
    (void)schemas; /* SQLite has one schema: a model never lists any */
    (void)nschemas;
    const char *err = NULL;
    if (introspect_sqlite(out, c->a, sq(c), &err) != 0) {
        c->err = err ? err : "introspection failed";
        return -1;
    }
    return 0;
}

/* What a database written by hand holds in another form that means the same (migrate_drift.h). */
static void sqc_respell(mconn *c, ir_schema *expected, const ir_schema *live)
{
    mdrift_sqlite(c->a, expected, live, ddl_dialect_for(IR_PROVIDER_SQLITE));
}

const mconn_ops mconn_sqlite_ops = {
    .name = "sqlite",
    .provider = IR_PROVIDER_SQLITE,
    .tx_is_lock = true,
    .begin_sql = "BEGIN IMMEDIATE;",
    .history_exists_sql = "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '_schemac_migrations';",
    .exec = sqc_exec,
    .exec_params = sqc_exec_params,
    .query = sqc_query,
    .lock = sqc_lock,
    .unlock = sqc_unlock,
    .before_tx = sqc_before_tx,
    .after_tx = sqc_after_tx,
    .before_commit = sqc_before_commit,
    .backup = sqc_backup,
    .introspect = sqc_introspect,
    .respell = sqc_respell,
};
