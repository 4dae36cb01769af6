/*
 * migrate_db.c - running migrations: apply, rollback, status, check
 * (drift) and baseline, with the history table _schemac_migrations.
 *
 * Every run takes one lock against concurrent deployers (mconn_ops.lock,
 * or the write transaction itself on SQLite), waiting for it at most the
 * wait timeout, and re-reads the history under it, so eight processes
 * applying at once apply each migration exactly once. Under the lock, apply
 * and rollback compare the database with the last applied snapshot before
 * anything runs and refuse on drift. Each migration runs in its own
 * transaction; a failure rolls it back, and then records the failure in a
 * transaction of its own.
 */
#include "migrate/migrate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ddl/ddl.h"
#include "migrate/migrate_conn.h"
#include "migrate/migrate_drift.h"

#define HISTORY_DDL                                                                                               \
    "CREATE TABLE IF NOT EXISTS \"_schemac_migrations\" (\n"                                                      \
    "    \"name\" TEXT NOT NULL PRIMARY KEY,\n"                                                                   \
    "    \"checksum\" TEXT NOT NULL,\n"                                                                           \
    "    \"status\" TEXT NOT NULL,\n"                                                                             \
    "    \"started_at\" TEXT NOT NULL,\n"                                                                         \
    "    \"finished_at\" TEXT,\n"                                                                                 \
    "    \"duration_ms\" BIGINT,\n"                                                                               \
    "    \"schemac_version\" TEXT NOT NULL,\n"                                                                    \
    "    \"error\" TEXT\n"                                                                                        \
    ");"

typedef migrate_history_row hist_row;

typedef struct run_ctx {
    arena *a;
    const migrate_options *opt;
    mconn conn;
    migrate_dir dir;
    hist_row *hist;
    size_t nhist;
    size_t ndone; /* migrations this run applied or rolled back */
    const char *err;
    bool bad_folder; /* the folder or a snapshot in it could not be read: MIGRATE_EFOLDER */
} run_ctx;

static void run__log(run_ctx *r, const char *line)
{
    if (r->opt->log)
        r->opt->log(r->opt->payload, line);
}

static const char *run__version(const run_ctx *r)
{
    return r->opt->tool_version ? r->opt->tool_version : "unknown";
}

static const char *run__now(arena *a)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char buf[40];
    size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, sizeof buf - n, ".%03ldZ", ts.tv_nsec / 1000000);
    return arena_strdup(a, buf);
}

static long long run__ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


/* ---------------------------------------------------------------- history */

static int run__history_exists(run_ctx *r, bool *exists)
{
    mconn_rows rows;
    if (r->conn.ops->query(&r->conn, r->conn.ops->history_exists_sql, &rows) != 0)
        return -1;
    *exists = rows.nrows > 0;
    return 0;
}

static int run__read_history(run_ctx *r)
{
    r->hist = NULL;
    r->nhist = 0;
    mconn_rows rows;
    if (r->conn.ops->query(&r->conn,
                           "SELECT name, checksum, status, started_at, finished_at, CAST(duration_ms AS TEXT), error "
                           "FROM \"_schemac_migrations\" ORDER BY name;",
                           &rows) != 0)
        return -1;
    r->hist = ARENA_ARRAY(r->a, hist_row, rows.nrows + 1);
    for (size_t i = 0; i < rows.nrows; i++) {
        const char **c = &rows.cells[i * rows.ncols];
        hist_row h = {c[0], c[1], c[2], c[3], c[4], c[5], c[6]};
        r->hist[i] = h;
    }
    r->nhist = rows.nrows;
    return migrate_history_check(r->hist, r->nhist, r->a, &r->conn.err);
}

static const hist_row *hist__find(const hist_row *rows, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].name, name) == 0)
            return &rows[i];
    return NULL;
}

static const migrate_entry *dir__find(const migrate_dir *d, const char *name)
{
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->items[i].name, name) == 0)
            return &d->items[i];
    return NULL;
}

int migrate_history_check(const migrate_history_row *rows, size_t n, arena *a, const char **err)
{
    for (size_t i = 0; i < n; i++) {
        const hist_row *h = &rows[i];
        const char *missing = !h->name ? "name" : !h->checksum ? "checksum" : !h->status ? "status" : NULL;
        const char *which = h->name ? arena_printf(a, "name = %s", sqltext_string(a, h->name)) : "name IS NULL";
        if (missing)
            *err = arena_printf(a,
                                "the history table %s has a row without a %s (%s): it was not written by schemac. "
                                "Fix or delete that row by hand",
                                MIGRATE_HISTORY_TABLE, missing, which);
        else if (strcmp(h->status, "applied") != 0 && strcmp(h->status, "failed") != 0 &&
                 strcmp(h->status, "partial") != 0)
            *err = arena_printf(a,
                                "the history table %s has a row with status %s (%s), which schemac does not write "
                                "(applied, failed, partial): it was edited by hand or by a newer schemac. Fix or "
                                "delete that row by hand",
                                MIGRATE_HISTORY_TABLE, sqltext_string(a, h->status), which);
        else
            continue;
        return -1;
    }
    return 0;
}

static const hist_row *run__hist(const run_ctx *r, const char *name)
{
    return hist__find(r->hist, r->nhist, name);
}

static const migrate_entry *run__entry(const run_ctx *r, const char *name)
{
    return dir__find(&r->dir, name);
}

/*
 * Write E's history row. The values are bound, never spliced into the SQL:
 * an error message quotes row data, and on PostgreSQL with
 * standard_conforming_strings off a backslash in a quoted literal would
 * escape the quote that ends it.
 */
static int run__upsert(run_ctx *r, const migrate_entry *e, const char *status, const char *started,
                       const char *finished, long long ms, const char *error)
{
    const char *v[8] = {e->name, e->apply_checksum, status, started, finished, arena_printf(r->a, "%lld", ms),
                        run__version(r), error};
    return r->conn.ops->exec_params(
        &r->conn,
        "INSERT INTO \"_schemac_migrations\" (name, checksum, status, started_at, finished_at, "
        "duration_ms, schemac_version, error) VALUES ($1, $2, $3, $4, $5, CAST($6 AS BIGINT), $7, $8) "
        "ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, status = excluded.status, "
        "started_at = excluded.started_at, finished_at = excluded.finished_at, "
        "duration_ms = excluded.duration_ms, schemac_version = excluded.schemac_version, "
        "error = excluded.error",
        8, v);
}

/* Record a failure in a transaction of its own, after the migration's was rolled back. */
static void run__record_failure(run_ctx *r, const migrate_entry *e, const char *status, const char *started,
                                long long t0, const char *error)
{
    const char *saved = r->conn.err;
    if (r->conn.ops->exec(&r->conn, r->conn.ops->begin_sql) == 0) {
        if (run__upsert(r, e, status, started, run__now(r->a), run__ms() - t0, error) == 0)
            r->conn.ops->exec(&r->conn, "COMMIT;");
        else
            r->conn.ops->exec(&r->conn, "ROLLBACK;");
    }
    r->conn.err = saved;
}

/* ---------------------------------------------------------------- SQL files */

static int run__sections(run_ctx *r, const char *file, const char *text, migrate_sections *out)
{
    return migrate_split_sections(out, r->a, r->conn.ops->provider, file, text, &r->err);
}

/* Run each statement of an autocommit section on its own (migrate_split_statements). */
static int run__autocommit(run_ctx *r, const char *section)
{
    const char **stmts = NULL;
    size_t n = 0;
    if (migrate_split_statements(&stmts, &n, r->a, r->conn.ops->provider, section, &r->conn.err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (r->conn.ops->exec(&r->conn, stmts[i]) != 0)
            return -1;
    return 0;
}

/* SQLite's rebuild drops a table: save every view and trigger, drop them, and re-create them afterwards. */
static int run__save_views(run_ctx *r, mconn_rows *saved)
{
    if (r->conn.ops->query(&r->conn,
                           "SELECT type, name, sql, tbl_name FROM sqlite_schema WHERE type IN ('view', 'trigger') "
                           "AND sql IS NOT NULL ORDER BY type = 'trigger', name;",
                           saved) != 0)
        return -1;
    for (size_t i = 0; i < saved->nrows; i++) {
        const char **c = &saved->cells[i * 4];
        const char *sql = arena_printf(r->a, "DROP %s IF EXISTS %s;", strcmp(c[0], "view") == 0 ? "VIEW" : "TRIGGER",
                                       sqltext_ident(r->a, c[1]));
        if (r->conn.ops->exec(&r->conn, sql) != 0)
            return -1;
    }
    return 0;
}

static int run__restore_views(run_ctx *r, const mconn_rows *saved)
{
    /* A trigger on a table (or view) the migration dropped went with it, as a DROP TABLE takes its triggers. */
    mconn_rows live;
    if (r->conn.ops->query(&r->conn, "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view');", &live) != 0)
        return -1;
    for (size_t i = 0; i < saved->nrows; i++) {
        const char **c = &saved->cells[i * 4];
        if (strcmp(c[0], "trigger") == 0) {
            bool target = false;
            for (size_t k = 0; k < live.nrows && !target; k++)
                target = c[3] && live.cells[k] && strcasecmp(live.cells[k], c[3]) == 0; /* SQLite names ignore ASCII case */
            for (size_t k = 0; k < saved->nrows && !target; k++) /* a view re-created just before */
                target = c[3] && strcmp(saved->cells[k * 4], "view") == 0 && strcasecmp(saved->cells[k * 4 + 1], c[3]) == 0;
            if (!target)
                continue;
        }
        if (r->conn.ops->exec(&r->conn, c[2]) != 0) {
            r->conn.err = arena_printf(r->a, "re-creating %s \"%s\" after the table rebuild failed: %s", c[0], c[1],
                                       r->conn.err);
            return -1;
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- setup */

/* E's snapshot into OUT; one that cannot be read is the folder's fault, not the database's. */
static int run__snapshot(run_ctx *r, ir_schema *out, const migrate_entry *e)
{
    if (migrate_entry_snapshot(out, r->a, e, &r->err) == 0)
        return 0;
    r->bad_folder = true;
    return -1;
}

/* What a public function returns: RC, with a failure the folder caused told apart (MIGRATE_EFOLDER). */
static int run__result(const run_ctx *r, int rc)
{
    return rc == -1 && r->bad_folder ? MIGRATE_EFOLDER : rc;
}

/*
 * Migrations are SQL for one database: a folder written for SQLite must not
 * run on PostgreSQL. The latest snapshot names the database the folder is for.
 */
static int run__check_provider(run_ctx *r)
{
    ir_schema snap;
    if (run__snapshot(r, &snap, &r->dir.items[r->dir.n - 1]) != 0)
        return -1;
    if (snap.provider == r->conn.ops->provider)
        return 0;
    r->err = arena_printf(r->a,
                          "the migrations in %s are written for %s, but the database is %s: keep one folder per "
                          "database (migrations/sqlite, migrations/postgresql) and write each with "
                          "`schemac migrate diff --dialect D --dir migrations/D`",
                          r->dir.path, ir_provider_name(snap.provider), r->conn.ops->name);
    return -1;
}

/*
 * The lock wait ran out. Nothing was done: say who to look for. Returns
 * MIGRATE_ELOCKED.
 */
static int run__lock_error(run_ctx *r)
{
    const char *hint = r->conn.ops->tx_is_lock
                           ? "on SQLite the lock is the database's write lock: any connection with an open write "
                             "transaction holds it"
                           : "the holder is the session that `SELECT pid FROM pg_locks WHERE locktype = 'advisory' "
                             "AND classid = 29541 AND objid = 1751998819 AND objsubid = 1` names";
    r->err = arena_printf(r->a,
                          "another deployer holds the migration lock; gave up after %s (--wait-timeout)\n"
                          "%s: run it again once the other deployer has finished (%s)",
                          migrate_format_duration(r->a, r->conn.wait_timeout_ms),
                          r->ndone ? arena_printf(r->a, "%zu migration%s went through before that, the rest did not run",
                                                  r->ndone, r->ndone == 1 ? "" : "s")
                                   : "nothing was done",
                          hint);
    return MIGRATE_ELOCKED;
}

static int run__open(run_ctx *r, arena *a, const migrate_options *opt, bool need_dir, mconn_create create)
{
    memset(r, 0, sizeof *r);
    r->a = a;
    r->opt = opt;
    const char *dir = opt->dir ? opt->dir : MIGRATE_DEFAULT_DIR;
    if (need_dir) {
        if (migrate_dir_read(&r->dir, a, dir, &r->err) != 0) {
            r->bad_folder = true;
            return -1;
        }
        /* A folder that reads but does not match its sum was edited: a refusal (1), as documented. */
        if (migrate_sum_verify(&r->dir, a, &r->err) != 0)
            return -1;
    }
    if (mconn_open(&r->conn, a, opt->url, opt->wait_timeout_ms, create) != 0) {
        r->err = r->conn.err;
        return MIGRATE_ECONNECT;
    }
    if (need_dir && r->dir.n && run__check_provider(r) != 0)
        return -1;
    if (r->conn.ops->lock(&r->conn) != 0) {
        if (r->conn.lock_busy)
            return run__lock_error(r);
        r->err = arena_printf(a, "cannot take the migration lock: %s", r->conn.err);
        return -1;
    }
    return 0;
}

/*
 * Begin a migration's transaction. Where that transaction is the lock
 * (SQLite's BEGIN IMMEDIATE), this is where a deployer waits for another,
 * for at most the wait timeout. Returns 0, MIGRATE_ELOCKED or -1 with r->err.
 */
static int run__begin(run_ctx *r)
{
    if (r->conn.ops->exec(&r->conn, r->conn.ops->begin_sql) == 0)
        return 0;
    if (r->conn.ops->tx_is_lock && r->conn.lock_busy)
        return run__lock_error(r);
    r->err = r->conn.err;
    return -1;
}

static void run__close(run_ctx *r)
{
    if (r->conn.handle) {
        r->conn.ops->unlock(&r->conn);
        mconn_close(&r->conn);
    }
}

/* Create the history table if needed; on SQLite under the lock, so its wait is the lock's. */
static int run__ensure_history(run_ctx *r)
{
    const mconn_ops *ops = r->conn.ops;
    int rc = ops->tx_is_lock ? run__begin(r) : 0;
    if (rc != 0)
        return rc;
    if (ops->exec(&r->conn, HISTORY_DDL) != 0 || (ops->tx_is_lock && ops->exec(&r->conn, "COMMIT;") != 0)) {
        r->err = arena_printf(r->a, "cannot create the history table: %s", r->conn.err);
        if (ops->tx_is_lock)
            ops->exec(&r->conn, "ROLLBACK;");
        return -1;
    }
    return 0;
}

int migrate_history_verify(const migrate_dir *d, const migrate_history_row *rows, size_t n, arena *a,
                           const char **err)
{
    if (migrate_history_check(rows, n, a, err) != 0)
        return -1;
    const char *last_applied = NULL;
    for (size_t i = 0; i < n; i++) {
        const hist_row *h = &rows[i];
        const migrate_entry *e = dir__find(d, h->name);
        if (!e) {
            *err = arena_printf(a,
                                "migration %s is recorded in the database but its folder is missing from %s: "
                                "restore it from version control (the database was migrated by a newer checkout?)",
                                h->name, d->path);
            return -1;
        }
        if (strcmp(h->status, "failed") != 0 && !migrate_entry_matches(e, h->checksum)) {
            /* An edit that left the snapshot unreadable is the folder's fault, wherever the migration sits. */
            ir_schema snap;
            const char *why = NULL;
            if (migrate_entry_snapshot(&snap, a, e, &why) != 0) {
                *err = arena_printf(a, "%s (migration %s was edited after it was applied: restore it from version "
                                       "control)",
                                    why, h->name);
                return MIGRATE_EFOLDER;
            }
            *err = arena_printf(a,
                                "migration %s was edited after it was applied (its up.sql or schema.json differs "
                                "from what ran): restore the applied version from version control and put the "
                                "change in a new migration (`schemac migrate diff`); if the edit changes nothing "
                                "the database holds (a comment), record it with "
                                "`schemac migrate resolve --applied %s`",
                                h->name, h->name);
            return -1;
        }
        if (strcmp(h->status, "applied") == 0)
            last_applied = h->name;
    }
    for (size_t i = 0; i < d->n; i++) {
        const hist_row *h = hist__find(rows, n, d->items[i].name);
        if ((!h || strcmp(h->status, "applied") != 0) && last_applied && strcmp(d->items[i].name, last_applied) < 0) {
            *err = arena_printf(a,
                                "migration %s is pending but sorts before %s, which is already applied: it was "
                                "probably merged from another branch. Delete it and re-create the change on top "
                                "with `schemac migrate diff`",
                                d->items[i].name, last_applied);
            return -1;
        }
    }
    return 0;
}

/*
 * The history against the folder, under the lock (migrate_history_verify),
 * then rows of the older checksum form rewritten. Returns 0 or -1 with r->err.
 */
static int run__verify(run_ctx *r)
{
    int rc = migrate_history_verify(&r->dir, r->hist, r->nhist, r->a, &r->err);
    if (rc != 0) {
        r->bad_folder = rc == MIGRATE_EFOLDER;
        return -1;
    }
    for (size_t i = 0; i < r->nhist; i++) {
        const hist_row *h = &r->hist[i];
        const migrate_entry *e = run__entry(r, h->name);
        if (strcmp(h->checksum, e->apply_checksum) != 0) {
            /* A row of the older form (all three files): record the form that leaves down.sql free to fix. */
            const char *v[2] = {e->apply_checksum, h->name};
            if (r->conn.ops->exec_params(&r->conn,
                                         "UPDATE \"_schemac_migrations\" SET checksum = $1 WHERE name = $2", 2, v) != 0)
                return -1;
            r->hist[i].checksum = arena_strdup(r->a, e->apply_checksum);
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- one migration */

typedef enum run_dir { RUN_UP, RUN_DOWN } run_dir;

/*
 * Run E up or down. On entry, when the connection's transaction is the
 * lock, that transaction is open (history read under it). Returns 0 or -1
 * with r->err; either way no transaction is left open.
 */
static int run__one(run_ctx *r, const migrate_entry *e, run_dir dir, const hist_row *prev)
{
    const mconn_ops *ops = r->conn.ops;
    mconn *c = &r->conn;
    migrate_sections sec;
    const char *what = dir == RUN_UP ? "apply" : "roll back";
    if (run__sections(r, arena_printf(r->a, "%s/%s", e->path, dir == RUN_UP ? "up.sql" : "down.sql"),
                      dir == RUN_UP ? e->up : e->down, &sec) != 0) {
        if (ops->tx_is_lock)
            ops->exec(c, "ROLLBACK;");
        r->err = arena_printf(r->a, "refusing to %s %s: %s", what, e->name, r->err);
        return -1;
    }

    if (sec.data_loss && !r->opt->allow_data_loss) {
        if (ops->tx_is_lock)
            ops->exec(c, "ROLLBACK;");
        r->err = arena_printf(r->a,
                              "refusing to %s %s: it can lose data:\n%sback the data up and re-run with "
                              "--allow-data-loss",
                              what, e->name, sec.warnings);
        return -1;
    }
    if (sec.data_loss && ops->backup) {
        const char *where = NULL;
        if (ops->backup(c, e->name, &where) != 0) {
            r->err = arena_printf(r->a, "refusing to %s %s: %s", what, e->name, c->err);
            if (ops->tx_is_lock)
                ops->exec(c, "ROLLBACK;");
            return -1;
        }
        run__log(r, arena_printf(r->a, "backup of the database before %s: %s", e->name, where));
    }
    const char *started = run__now(r->a);
    long long t0 = run__ms();
    bool resume = prev && strcmp(prev->status, "partial") == 0 && dir == RUN_UP;
    const char *fail_stage = "";
    int rc = 0;

    if (!ops->tx_is_lock) {
        /* Autocommit statements run outside any transaction; pre is idempotent. */
        if (sec.pre[0] && run__autocommit(r, sec.pre) != 0) {
            fail_stage = "before its transaction";
            rc = -1;
            goto failed;
        }
        if (!resume) {
            if (ops->exec(c, ops->begin_sql) != 0) {
                rc = -1;
                goto failed;
            }
        }
    }
    if (!resume || ops->tx_is_lock) {
        mconn_rows views = {0};
        if (ops->tx_is_lock && sec.rebuild && run__save_views(r, &views) != 0)
            goto rollback;
        if (ops->tx_is_lock && sec.pre[0] && ops->exec(c, sec.pre) != 0)
            goto rollback;
        if (ops->exec(c, sec.tx) != 0)
            goto rollback;
        if (ops->tx_is_lock && sec.post[0] && ops->exec(c, sec.post) != 0)
            goto rollback;
        if (ops->tx_is_lock && sec.rebuild && run__restore_views(r, &views) != 0)
            goto rollback;
        if (ops->before_commit(c) != 0)
            goto rollback;
        bool more = !ops->tx_is_lock && sec.post[0];
        const char *name[1] = {e->name};
        int recorded = dir == RUN_DOWN
                           ? ops->exec_params(c, "DELETE FROM \"_schemac_migrations\" WHERE name = $1", 1, name)
                           : run__upsert(r, e, more ? "partial" : "applied", started, more ? NULL : run__now(r->a),
                                         run__ms() - t0, NULL);
        if (recorded != 0 || ops->exec(c, "COMMIT;") != 0)
            goto rollback;
    }
    if (!ops->tx_is_lock && sec.post[0]) {
        if (run__autocommit(r, sec.post) != 0) {
            const char *why = c->err;
            if (dir == RUN_UP)
                run__record_failure(r, e, "partial", started, t0, why);
            r->err = arena_printf(r->a,
                                  "%s: the transactional part of %s committed, but a statement after it failed: %s\n"
                                  "those statements are safe to repeat: fix the cause and run `schemac migrate %s` "
                                  "again to resume",
                                  e->name, dir == RUN_UP ? "the migration" : "its rollback", why,
                                  dir == RUN_UP ? "apply" : "rollback");
            return -1;
        }
        if (dir == RUN_UP) {
            const char *v[3] = {run__now(r->a), arena_printf(r->a, "%lld", run__ms() - t0), e->name};
            if (ops->exec_params(c,
                                 "UPDATE \"_schemac_migrations\" SET status = 'applied', finished_at = $1, "
                                 "duration_ms = CAST($2 AS BIGINT), error = NULL WHERE name = $3",
                                 3, v) != 0) {
                r->err = arena_printf(r->a, "%s ran but could not be recorded: %s", e->name, c->err);
                return -1;
            }
        }
    }
    return 0;

rollback:
    rc = -1;
    fail_stage = "";
    {
        const char *why = c->err;
        ops->exec(c, "ROLLBACK;");
        c->err = why;
    }
failed : {
    const char *why = c->err;
    if (dir == RUN_UP)
        run__record_failure(r, e, "failed", started, t0, why);
    if (dir == RUN_UP)
        r->err = arena_printf(r->a,
                              "migration %s failed%s%s: %s\n"
                              "it was rolled back: the database is as it was before it. Fix the cause (the data, or "
                              "the migration if nobody applied it yet: edit it, then `schemac migrate hash`) and run "
                              "`schemac migrate apply` again (`schemac migrate check` shows changes made to the database outside the "
                              "migrations)%s",
                              e->name, *fail_stage ? " " : "", fail_stage, why,
                              strstr(why, "already exists")
                                  ? ". If the database had this schema before it used migrations, adopt it with "
                                    "`schemac migrate baseline` instead of applying"
                                  : "");
    else
        r->err = arena_printf(r->a,
                              "rolling back %s failed: %s\nthe rollback was undone: %s is still applied. Fix the cause "
                              "and run `schemac migrate rollback` again",
                              e->name, why, e->name);
}
    return rc;
}

/* ---------------------------------------------------------------- commands */

static int run__guard_drift(run_ctx *r, const char *what);

int migrate_apply(arena *a, const migrate_options *opt, size_t *applied, const char **err)
{
    run_ctx r;
    *applied = 0;
    int rc = run__open(&r, a, opt, true, MCONN_CREATE);
    if (rc == 0)
        rc = run__ensure_history(&r);
    bool compared = false;
    while (rc == 0) {
        const mconn_ops *ops = r.conn.ops;
        if (ops->before_tx(&r.conn) != 0) {
            r.err = r.conn.err;
            rc = -1;
            break;
        }
        if (ops->tx_is_lock && (rc = run__begin(&r)) != 0) {
            ops->after_tx(&r.conn);
            break;
        }
        if (run__read_history(&r) != 0 || run__verify(&r) != 0) {
            if (!r.err)
                r.err = r.conn.err;
            if (ops->tx_is_lock)
                ops->exec(&r.conn, "ROLLBACK;");
            ops->after_tx(&r.conn);
            rc = -1;
            break;
        }
        const migrate_entry *next = NULL;
        const hist_row *prev = NULL;
        for (size_t i = 0; i < r.dir.n && !next; i++) {
            const hist_row *h = run__hist(&r, r.dir.items[i].name);
            if (!h || strcmp(h->status, "applied") != 0) {
                next = &r.dir.items[i];
                prev = h;
            }
        }
        if (!next) {
            if (ops->tx_is_lock)
                ops->exec(&r.conn, "COMMIT;");
            ops->after_tx(&r.conn);
            break;
        }
        /* Drift is compared once, before the first migration this run starts (a partial one is resumed first). */
        if (!compared && !(prev && strcmp(prev->status, "partial") == 0)) {
            compared = true;
            if (run__guard_drift(&r, "apply") != 0) {
                if (ops->tx_is_lock)
                    ops->exec(&r.conn, "ROLLBACK;");
                ops->after_tx(&r.conn);
                rc = -1;
                break;
            }
        }
        if (prev && strcmp(prev->status, "failed") == 0)
            run__log(&r, arena_printf(a, "retrying %s, which failed at %s: %s", next->name, prev->started_at,
                                      prev->error ? prev->error : "?"));
        else if (prev)
            run__log(&r, arena_printf(a, "resuming %s", next->name));
        rc = run__one(&r, next, RUN_UP, prev);
        ops->after_tx(&r.conn);
        if (rc == 0) {
            (*applied)++;
            r.ndone++;
            run__log(&r, arena_printf(a, "applied %s", next->name));
        }
    }
    run__close(&r);
    if (rc != 0)
        *err = r.err ? r.err : "migration failed";
    return run__result(&r, rc);
}

int migrate_rollback(arena *a, const migrate_options *opt, size_t *rolled_back, const char **err)
{
    run_ctx r;
    *rolled_back = 0;
    int steps = opt->steps > 0 ? opt->steps : 1;
    int rc = run__open(&r, a, opt, true, MCONN_AS_EMPTY);
    if (rc == 0)
        rc = run__ensure_history(&r);
    for (int i = 0; rc == 0 && i < steps; i++) {
        const mconn_ops *ops = r.conn.ops;
        if (ops->before_tx(&r.conn) != 0) {
            r.err = r.conn.err;
            rc = -1;
            break;
        }
        if (ops->tx_is_lock && (rc = run__begin(&r)) != 0) {
            ops->after_tx(&r.conn);
            break;
        }
        if (run__read_history(&r) != 0 || run__verify(&r) != 0) {
            if (!r.err)
                r.err = r.conn.err;
            if (ops->tx_is_lock)
                ops->exec(&r.conn, "ROLLBACK;");
            ops->after_tx(&r.conn);
            rc = -1;
            break;
        }
        const hist_row *last = NULL;
        for (size_t k = 0; k < r.nhist; k++)
            if (strcmp(r.hist[k].status, "failed") != 0)
                last = &r.hist[k];
        if (!last) {
            if (ops->tx_is_lock)
                ops->exec(&r.conn, "COMMIT;");
            ops->after_tx(&r.conn);
            if (i == 0)
                run__log(&r, "nothing to roll back: no migration is applied");
            break;
        }
        /* The down migration was written against the snapshot: the database must still be it. */
        if (i == 0 && run__guard_drift(&r, "roll back") != 0) {
            if (ops->tx_is_lock)
                ops->exec(&r.conn, "ROLLBACK;");
            ops->after_tx(&r.conn);
            rc = -1;
            break;
        }
        const migrate_entry *e = run__entry(&r, last->name);
        rc = run__one(&r, e, RUN_DOWN, last);
        ops->after_tx(&r.conn);
        if (rc == 0) {
            (*rolled_back)++;
            r.ndone++;
            run__log(&r, arena_printf(a, "rolled back %s", e->name));
        }
    }
    run__close(&r);
    if (rc != 0)
        *err = r.err ? r.err : "rollback failed";
    return run__result(&r, rc);
}

const char *migrate_state_name(migrate_state s)
{
    switch (s) {
    case MIGRATE_PENDING: return "pending";
    case MIGRATE_APPLIED: return "applied";
    case MIGRATE_FAILED: return "failed";
    case MIGRATE_PARTIAL: return "partial";
    case MIGRATE_EDITED: return "edited";
    case MIGRATE_MISSING: return "missing";
    }
    return "?";
}

int migrate_status(migrate_status_result *out, arena *a, const migrate_options *opt, const char **err)
{
    memset(out, 0, sizeof *out);
    run_ctx r;
    memset(&r, 0, sizeof r);
    r.a = a;
    r.opt = opt;
    if (migrate_dir_read(&r.dir, a, opt->dir ? opt->dir : MIGRATE_DEFAULT_DIR, err) != 0)
        return MIGRATE_EFOLDER;
    if (mconn_open(&r.conn, a, opt->url, opt->wait_timeout_ms, MCONN_AS_EMPTY) != 0) {
        *err = r.conn.err;
        return MIGRATE_ECONNECT;
    }
    bool exists = false;
    if (run__history_exists(&r, &exists) != 0 || (exists && run__read_history(&r) != 0)) {
        *err = r.conn.err;
        mconn_close(&r.conn);
        return -1;
    }
    mconn_close(&r.conn);
    return migrate_history_states(out, a, &r.dir, r.hist, r.nhist, err);
}

int migrate_history_states(migrate_status_result *out, arena *a, const migrate_dir *d,
                           const migrate_history_row *rows, size_t n, const char **err)
{
    memset(out, 0, sizeof *out);
    if (migrate_history_check(rows, n, a, err) != 0)
        return -1;
    out->rows = ARENA_ARRAY(a, migrate_status_row, d->n + n + 1);
    for (size_t i = 0; i < d->n; i++) {
        const migrate_entry *e = &d->items[i];
        const hist_row *h = hist__find(rows, n, e->name);
        migrate_status_row *row = &out->rows[out->n++];
        row->name = e->name;
        if (!h) {
            row->state = MIGRATE_PENDING;
            out->npending++;
            continue;
        }
        row->started_at = h->started_at;
        row->finished_at = h->finished_at;
        row->duration_ms = h->duration ? strtoll(h->duration, NULL, 10) : 0;
        row->error = h->error;
        if (strcmp(h->status, "failed") == 0)
            row->state = MIGRATE_FAILED;
        else if (!migrate_entry_matches(e, h->checksum))
            row->state = MIGRATE_EDITED;
        else if (strcmp(h->status, "partial") == 0)
            row->state = MIGRATE_PARTIAL;
        else
            row->state = MIGRATE_APPLIED;
        if (row->state == MIGRATE_APPLIED)
            out->napplied++;
        else
            out->nproblems++;
    }
    for (size_t i = 0; i < n; i++) {
        if (dir__find(d, rows[i].name))
            continue;
        migrate_status_row *row = &out->rows[out->n++];
        row->name = rows[i].name;
        row->state = MIGRATE_MISSING;
        row->started_at = rows[i].started_at;
        out->nproblems++;
    }
    return 0;
}

/* The live schema without the history table: the schemas EXPECTED lists (multi-schema), else the connection's. */
static int run__live(run_ctx *r, ir_schema *live, const ir_schema *expected)
{
    if (r->conn.ops->introspect(&r->conn, live, expected->schemas, expected->nschemas) != 0) {
        r->err = r->conn.err;
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < live->ntables; i++)
        if (strcmp(live->tables[i].name, MIGRATE_HISTORY_TABLE) != 0)
            live->tables[k++] = live->tables[i];
    live->ntables = k;
    return 0;
}

/* Whether the database's name LIVE is EXPECTED as the database keeps it (cut to MAX bytes; 0: no limit). */
static bool run__same_ident(arena *a, const char *expected, const char *live, size_t max)
{
    return strcmp(expected, live) == 0 || (max && strcmp(ir_identifier_cut(a, expected, max), live) == 0);
}

/* Where column NAME (the schema's spelling) stands in T, or T's column count when it is not there. */
static size_t run__col_pos(arena *a, const ir_table *t, const char *name, size_t max)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (run__same_ident(a, name, t->columns[i].name, max))
            return i;
    return t->ncolumns;
}

/*
 * Put LIVE's columns in EXPECTED's order. ALTER TABLE ADD COLUMN appends,
 * so a migrated table holds its columns in the order they were added; that
 * order is no drift (Prisma Migrate ignores it too). Names past the
 * database's identifier limit are matched in the form it keeps them.
 */
static void run__align_columns(arena *a, const ir_schema *expected, ir_schema *live, size_t max)
{
    for (size_t i = 0; i < live->ntables; i++) {
        ir_table *lt = &live->tables[i];
        const ir_table *et = NULL;
        for (size_t e = 0; e < expected->ntables && !et; e++)
            if (ir_same_schema(expected->tables[e].schema, lt->schema) &&
                run__same_ident(a, expected->tables[e].name, lt->name, max))
                et = &expected->tables[e];
        if (!et)
            continue;
        ir_column *sorted = ARENA_ARRAY(a, ir_column, lt->ncolumns + 1);
        bool *taken = ARENA_ARRAY(a, bool, lt->ncolumns + 1);
        size_t k = 0;
        for (size_t e = 0; e < et->ncolumns; e++) {
            size_t at = run__col_pos(a, lt, et->columns[e].name, max);
            if (at < lt->ncolumns && !taken[at]) {
                sorted[k++] = lt->columns[at];
                taken[at] = true;
            }
        }
        for (size_t c = 0; c < lt->ncolumns; c++)
            if (!taken[c])
                sorted[k++] = lt->columns[c];
        lt->columns = sorted;
    }
}

/*
 * Compare EXPECTED (a snapshot; respelt in place) with LIVE. Returns the
 * number of differences, one line each in *REPORT.
 */
static size_t run__drift(run_ctx *r, ir_schema *expected, ir_schema *live, char **report)
{
    const ddl_dialect *d = ddl_dialect_for(r->conn.ops->provider);
    run__align_columns(r->a, expected, live, d->max_ident_len);
    if (r->conn.ops->respell)
        r->conn.ops->respell(&r->conn, expected, live);
    return ddl_db_diff(report, r->a, d, expected, live);
}

/* The newest migration the history holds as run (applied or partial): what the database should be. */
static const hist_row *run__last_run(const run_ctx *r)
{
    const hist_row *last = NULL;
    for (size_t i = 0; i < r->nhist; i++)
        if (strcmp(r->hist[i].status, "failed") != 0)
            last = &r->hist[i];
    return last;
}

/*
 * A migration that failed after its pre section (PostgreSQL: new enum
 * values it uses, added before its transaction) leaves those values behind
 * by design; the retry skips them. They are no drift: let EXPECTED's enum
 * hold the live values when the only extra ones are values that failed
 * migration adds.
 */
static void run__allow_failed_pre(run_ctx *r, ir_schema *expected, const ir_schema *live)
{
    const migrate_entry *failed = NULL;
    for (size_t i = 0; i < r->dir.n; i++) {
        const hist_row *h = run__hist(r, r->dir.items[i].name);
        if (h && strcmp(h->status, "applied") == 0)
            continue;
        if (h && strcmp(h->status, "failed") == 0)
            failed = &r->dir.items[i];
        break;
    }
    if (!failed)
        return;
    migrate_sections sec;
    const char *saved = r->err;
    int bad = run__sections(r, failed->path, failed->up, &sec);
    r->err = saved;
    ir_schema next;
    const char *ignored = NULL;
    if (bad || !sec.pre[0] || migrate_entry_snapshot(&next, r->a, failed, &ignored) != 0)
        return;
    for (size_t i = 0; i < expected->nenums; i++) {
        ir_enum *ee = &expected->enums[i];
        const ir_enum *le = ir_find_enum_in(live, ee->schema, ee->db_name);
        const ir_enum *ne = ir_find_enum_in(&next, ee->schema, ee->db_name);
        if (!le || !ne || le->nvalues <= ee->nvalues)
            continue;
        bool only_added = true;
        for (size_t v = 0; v < le->nvalues && only_added; v++) {
            bool known = false, added = false;
            for (size_t k = 0; k < ee->nvalues && !known; k++)
                known = strcmp(ee->values[k].db_name, le->values[v].db_name) == 0;
            for (size_t k = 0; k < ne->nvalues && !known && !added; k++)
                added = strcmp(ne->values[k].db_name, le->values[v].db_name) == 0;
            only_added = known || added;
        }
        for (size_t k = 0; k < ee->nvalues && only_added; k++) {
            bool kept = false;
            for (size_t v = 0; v < le->nvalues && !kept; v++)
                kept = strcmp(ee->values[k].db_name, le->values[v].db_name) == 0;
            only_added = kept;
        }
        if (!only_added)
            continue;
        ir_enum_value *vals = ARENA_ARRAY(r->a, ir_enum_value, le->nvalues + 1);
        for (size_t v = 0; v < le->nvalues; v++) {
            vals[v] = le->values[v];
            vals[v].name = le->values[v].db_name;
        }
        ee->values = vals;
        ee->nvalues = le->nvalues;
    }
}

/*
 * What the database should be (the snapshot of the newest migration run)
 * against what it is. *EXPECTED stays empty when no migration ran.
 * Returns the number of differences, or -1 with r->err.
 */
static long run__compare(run_ctx *r, ir_schema *expected, char **report)
{
    memset(expected, 0, sizeof *expected);
    expected->provider = r->conn.ops->provider;
    const hist_row *last = run__last_run(r);
    const migrate_entry *e = last ? run__entry(r, last->name) : NULL;
    if (last && !e) {
        r->err = arena_printf(r->a, "migration %s is recorded in the database but its folder is missing from %s",
                              last->name, r->dir.path);
        r->bad_folder = true;
        return -1;
    }
    if (e && run__snapshot(r, expected, e) != 0)
        return -1;
    ir_schema live;
    if (run__live(r, &live, expected) != 0)
        return -1;
    run__allow_failed_pre(r, expected, &live);
    return (long)run__drift(r, expected, &live, report);
}

/*
 * Refuse to build on a database that is no longer what the applied
 * migrations made it: the next migration was written against the snapshot,
 * not against what someone changed by hand. Runs under the lock, after the
 * history was read and verified, before anything runs, and only when a
 * migration was applied. A partial one (PostgreSQL: its post section did not
 * finish) lies between two snapshots and matches neither: apply resumes it
 * first and compares after, rollback compares nothing. Returns 0, or -1 with
 * r->err holding the drift report.
 */
static int run__guard_drift(run_ctx *r, const char *what)
{
    const hist_row *last = run__last_run(r);
    if (r->opt->allow_drift || !last)
        return 0;
    if (strcmp(last->status, "applied") != 0) {
        run__log(r, arena_printf(r->a, "%s is partial: the database is not compared with its snapshot", last->name));
        return 0;
    }
    ir_schema expected;
    char *report = NULL;
    long n = run__compare(r, &expected, &report);
    if (n < 0) {
        r->err = arena_printf(r->a, "cannot compare the database with %s: %s", last->name, r->err ? r->err : r->conn.err);
        return -1;
    }
    if (n == 0)
        return 0;
    r->err = arena_printf(r->a,
                          "refusing to %s: the database was changed outside the migrations\n%s"
                          "nothing was done. Undo those changes, or write them into the schema and a migration "
                          "(`schemac migrate diff`), so the database matches %s again; or, if the changes are meant "
                          "to stay and the pending migrations do not touch them, re-run with --allow-drift",
                          what, migrate_drift_text(r->a, (size_t)n, report), last->name);
    return -1;
}

int migrate_check(arena *a, const migrate_options *opt, size_t *ndiff, char **report, const char **err)
{
    run_ctx r;
    *ndiff = 0;
    *report = NULL;
    int rc = run__open(&r, a, opt, true, MCONN_AS_EMPTY);
    bool exists = false;
    if (rc == 0 && (run__history_exists(&r, &exists) != 0 || (exists && run__read_history(&r) != 0))) {
        r.err = r.conn.err;
        rc = -1;
    }
    ir_schema expected;
    long n = rc == 0 ? run__compare(&r, &expected, report) : -1;
    if (rc == 0 && n < 0)
        rc = -1;
    if (rc == 0)
        *ndiff = (size_t)n;
    run__close(&r);
    if (rc != 0)
        *err = r.err ? r.err : "check failed";
    return run__result(&r, rc);
}

int migrate_baseline(arena *a, const migrate_options *opt, size_t *recorded, const char **err)
{
    run_ctx r;
    *recorded = 0;
    int rc = run__open(&r, a, opt, true, MCONN_MUST_EXIST);
    const migrate_entry *target = NULL;
    if (rc == 0) {
        if (r.dir.n == 0) {
            r.err = arena_printf(a, "%s holds no migration to adopt: write one first with `schemac migrate diff`",
                                 r.dir.path);
            rc = -1;
        } else if (opt->to) {
            target = run__entry(&r, opt->to);
            if (!target) {
                r.err = arena_printf(a, "no migration named %s in %s", opt->to, r.dir.path);
                rc = -1;
            }
        } else {
            target = &r.dir.items[r.dir.n - 1];
        }
    }
    if (rc == 0 && !opt->force) {
        /* Adopting is only safe when the database already is what the snapshot says. */
        ir_schema expected, live;
        char *report = NULL;
        if (run__snapshot(&r, &expected, target) != 0 || run__live(&r, &live, &expected) != 0) {
            rc = -1;
        } else if (run__drift(&r, &expected, &live, &report) > 0) {
            r.err = arena_printf(a,
                                 "the database differs from the snapshot of %s, so it cannot be adopted as is:\n%s"
                                 "make them agree (or pass --force to record it anyway)",
                                 target->name, report);
            rc = -1;
        }
    }
    if (rc == 0)
        rc = run__ensure_history(&r);
    const mconn_ops *ops = r.conn.ops;
    if (rc == 0)
        rc = run__begin(&r);
    bool open_tx = rc == 0;
    if (rc == 0 && run__read_history(&r) != 0)
        rc = -1;
    for (size_t i = 0; rc == 0 && i < r.dir.n; i++) {
        const migrate_entry *e = &r.dir.items[i];
        if (strcmp(e->name, target->name) > 0)
            break;
        const hist_row *h = run__hist(&r, e->name);
        if (h && strcmp(h->status, "applied") == 0)
            continue;
        const char *now = run__now(a);
        if (run__upsert(&r, e, "applied", now, now, 0, "baseline: recorded, not run") != 0)
            rc = -1;
        else
            (*recorded)++;
    }
    if (rc == 0 && ops->exec(&r.conn, "COMMIT;") != 0)
        rc = -1;
    if (rc != 0 && !r.err)
        r.err = r.conn.err;
    if (rc != 0 && open_tx)
        ops->exec(&r.conn, "ROLLBACK;");
    run__close(&r);
    if (rc != 0)
        *err = r.err ? r.err : "baseline failed";
    return run__result(&r, rc);
}

/* ---------------------------------------------------------------- resolve */

static int run__resolve(run_ctx *r, const char *name, migrate_resolution how, const char **what)
{
    arena *a = r->a;
    const hist_row *h = run__hist(r, name);
    const migrate_entry *e = run__entry(r, name);
    const mconn_ops *ops = r->conn.ops;
    if (!h && !e) {
        r->err = arena_printf(a, "no migration named %s in %s or in the database's history", name, r->dir.path);
        return -1;
    }
    if (how == MIGRATE_RESOLVE_ROLLED_BACK) {
        if (!h) {
            r->err = arena_printf(a, "%s is pending: there is nothing to mark as rolled back", name);
            return -1;
        }
        if (e && strcmp(h->status, "applied") == 0) {
            r->err = arena_printf(a,
                                  "%s is applied: `schemac migrate rollback` undoes it by running its down.sql. "
                                  "resolve --rolled-back is for a failed or partial migration, or one whose folder "
                                  "is gone",
                                  name);
            return -1;
        }
        const char *v[1] = {name};
        if (ops->exec_params(&r->conn, "DELETE FROM \"_schemac_migrations\" WHERE name = $1", 1, v) != 0) {
            r->err = r->conn.err;
            return -1;
        }
        *what = arena_printf(a,
                             "recorded %s as rolled back (it was %s%s): nothing was run; %s",
                             name, h->status, e ? "" : ", and its folder is gone",
                             e ? "it is pending again: fix it and apply, or delete its folder and run "
                                 "`schemac migrate hash`"
                               : "the history no longer mentions it");
        return 0;
    }
    if (!e) {
        r->err = arena_printf(a, "%s has no folder in %s: restore it from version control to record it as applied",
                              name, r->dir.path);
        return -1;
    }
    if (h && strcmp(h->status, "applied") == 0 && migrate_entry_matches(e, h->checksum)) {
        r->err = arena_printf(a, "%s is already applied, and its files are what ran: nothing to resolve", name);
        return -1;
    }
    for (size_t i = 0; i < r->dir.n && strcmp(r->dir.items[i].name, name) < 0; i++) {
        const hist_row *p = run__hist(r, r->dir.items[i].name);
        if (!p || strcmp(p->status, "applied") != 0) {
            r->err = arena_printf(a, "%s comes before %s and is not applied: apply or resolve it first",
                                  r->dir.items[i].name, name);
            return -1;
        }
    }
    const char *now = run__now(a);
    const char *was = h ? h->status : "pending";
    bool edited = h && strcmp(h->status, "applied") == 0;
    if (run__upsert(r, e, "applied", h && h->started_at ? h->started_at : now, now, 0,
                    arena_printf(a, "resolve --applied: recorded as applied, not run (it was %s)",
                                 edited ? "edited after it was applied" : was)) != 0) {
        r->err = r->conn.err;
        return -1;
    }
    *what = arena_printf(a, "recorded %s as applied (it was %s): nothing was run", name,
                         edited ? "edited after it was applied" : was);
    return 0;
}

int migrate_resolve(arena *a, const migrate_options *opt, const char *name, migrate_resolution how,
                    const char **what, const char **err)
{
    run_ctx r;
    *what = NULL;
    int rc = run__open(&r, a, opt, true, MCONN_MUST_EXIST);
    if (rc == 0)
        rc = run__ensure_history(&r);
    const mconn_ops *ops = r.conn.ops;
    bool open_tx = false;
    if (rc == 0 && (rc = run__begin(&r)) == 0)
        open_tx = true;
    if (rc == 0 && run__read_history(&r) != 0) {
        r.err = r.conn.err;
        rc = -1;
    }
    if (rc == 0)
        rc = run__resolve(&r, name, how, what);
    if (rc == 0 && how == MIGRATE_RESOLVE_APPLIED && !opt->allow_drift) {
        /* The claim is that the database is what NAME makes it: when NAME is now the newest, check that. */
        if (run__read_history(&r) != 0) {
            r.err = r.conn.err;
            rc = -1;
        } else {
            const hist_row *last = run__last_run(&r);
            if (last && strcmp(last->name, name) == 0) {
                ir_schema expected;
                char *report = NULL;
                long n = run__compare(&r, &expected, &report);
                if (n != 0) {
                    r.err = n < 0 ? arena_printf(a, "cannot compare the database with %s: %s", name, r.err)
                                  : arena_printf(a,
                                                 "refusing to record %s as applied: the database is not what it "
                                                 "makes it\n%snothing was recorded. Finish the migration's changes "
                                                 "by hand first, or re-run with --allow-drift",
                                                 name, migrate_drift_text(a, (size_t)n, report));
                    rc = -1;
                }
            }
        }
    }
    if (open_tx) {
        if (rc == 0 && ops->exec(&r.conn, "COMMIT;") != 0) {
            r.err = r.conn.err;
            rc = -1;
        }
        if (rc != 0)
            ops->exec(&r.conn, "ROLLBACK;");
    }
    run__close(&r);
    if (rc != 0)
        *err = r.err ? r.err : "resolve failed";
    return run__result(&r, rc);
}
