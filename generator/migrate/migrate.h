/*
 * migrate.h - migrations: the folder format, the sum file, writing the next
 * migration, and running migrations against a database.
 *
 * Folder format (docs/migrations.md):
 *   DIR/<14-digit UTC timestamp>_<name>/up.sql      the change
 *   DIR/<...>/down.sql                              its inverse
 *   DIR/<...>/schema.json                           the model it leads to (ir_to_json)
 *   DIR/schemac.sum                                 one line per migration with its
 *                                                   checksum, and a first line hashing
 *                                                   them all in order
 * A migration's checksum is SHA-256 over its three files. The sum file
 * catches a migration folder added without `migrate diff` (two branches
 * that each added one) and any edit; the history table in the database
 * (_schemac_migrations) catches an applied migration edited afterwards.
 *
 * SQL files: comment lines at the top name every warning; marker comments
 * split the body into sections (plan.h): "-- schemac:section pre|tx|post".
 * "-- schemac:data-loss" marks a migration apply refuses without
 * --allow-data-loss; "-- schemac:sqlite-rebuild" tells the runner that a
 * table is rebuilt.
 *
 * Nothing here prints: progress goes to the log callback, errors to *ERR
 * (one or more lines, allocated in the arena).
 */
#ifndef SCHEMAC_MIGRATE_H
#define SCHEMAC_MIGRATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "migrate/diff.h"
#include "model/ir.h"
#include "migrate/plan.h"
#include "migrate/safety.h"
#include "base/sha256.h"

#define MIGRATE_SUM_FILE "schemac.sum"
/* History checksums of the form that covers up.sql and schema.json; older rows hold the plain hex of all three. */
#define MIGRATE_APPLY_PREFIX "up:"
#define MIGRATE_HISTORY_TABLE "_schemac_migrations"
#define MIGRATE_DEFAULT_DIR "migrations"

/* ---------------------------------------------------------------- folder */

typedef struct migrate_entry {
    const char *name; /* folder name: "20261123120000_add_users" */
    const char *path; /* DIR/name */
    const char *up, *down, *snapshot;
    char checksum[SHA256_HEX_LEN + 1]; /* all three files: the sum file's */
    /*
     * What the history table records: MIGRATE_APPLY_PREFIX and a SHA-256
     * over up.sql and schema.json only, so down.sql can be corrected (then
     * `migrate hash`) while the migration is applied and its down never ran.
     */
    char apply_checksum[sizeof MIGRATE_APPLY_PREFIX + SHA256_HEX_LEN];
} migrate_entry;

typedef struct migrate_dir {
    const char *path;
    migrate_entry *items; /* sorted by name */
    size_t n;
    const char *sum; /* the sum file's text, NULL when there is none */
} migrate_dir;

/* Read DIR. A missing folder is an empty one. Returns 0, or -1 with *ERR. */
int migrate_dir_read(migrate_dir *out, arena *a, const char *dir, const char **err);

/* The checksum of one migration's files. */
void migrate_checksum(char out[SHA256_HEX_LEN + 1], const char *up, const char *down, const char *snapshot);
/* The history checksum: MIGRATE_APPLY_PREFIX, then the SHA-256 over up.sql and schema.json. */
void migrate_apply_checksum(char out[sizeof MIGRATE_APPLY_PREFIX + SHA256_HEX_LEN], const char *up,
                            const char *snapshot);
/*
 * Whether a history row's checksum RECORDED still describes E: an "up:" one
 * against E's up.sql and schema.json, an older plain one against all three.
 */
bool migrate_entry_matches(const migrate_entry *e, const char *recorded);

/* The sum file text for D's migrations as they are now. */
char *migrate_sum_text(arena *a, const migrate_dir *d);

/*
 * Compare D's sum file with its migrations. Returns 0 when they agree (or
 * the folder is empty and has no sum file), else -1 with one line per
 * problem and what to do in *ERR.
 */
int migrate_sum_verify(const migrate_dir *d, arena *a, const char **err);

/* Rewrite DIR's sum file from its migrations (`migrate hash`). */
int migrate_sum_write(const migrate_dir *d, arena *a, const char **err);

/* The model a migration leads to. Returns 0, or -1 with *ERR. */
int migrate_entry_snapshot(ir_schema *out, arena *a, const migrate_entry *e, const char **err);

/* ---------------------------------------------------------------- diff */

typedef struct migrate_diff_options {
    unsigned version;
    const char *dir;
    const char *name;          /* the migration's name; "migration" if NULL */
    const diff_rename *renames;
    size_t nrenames;
    plan_options plan;
    bool check_only;           /* write nothing: report whether a migration is needed */
    const char *timestamp;     /* 14 digits; NULL: now (UTC) */
} migrate_diff_options;

#define MIGRATE_DIFF_OPTIONS_VERSION 1
#define MIGRATE_DIFF_OPTIONS_INIT {MIGRATE_DIFF_OPTIONS_VERSION, MIGRATE_DEFAULT_DIR, NULL, NULL, 0, PLAN_OPTIONS_INIT, false, NULL}

typedef struct migrate_diff_result {
    bool empty;             /* no database-level change: nothing written */
    const char *folder;     /* the new migration's folder (not set with check_only) */
    diff_result diff;
    safety_report warnings; /* of the up migration */
    safety_report down_warnings; /* of its rollback (down.sql) */
    const char *up_sql;
    const char *down_sql;
} migrate_diff_result;

/*
 * Diff the latest snapshot in opt->dir with CURRENT and write the next
 * migration (up.sql, down.sql, schema.json) and the sum file. Returns 0,
 * or -1 with *ERR.
 */
int migrate_diff(migrate_diff_result *out, arena *a, const ir_schema *current, const migrate_diff_options *opt,
                 const char **err);

/*
 * The up or down SQL file text for D planned by PD: header comments with
 * TITLE, every warning and the markers, then the sections.
 */
char *migrate_render_sql(arena *a, const char *title, const plan_dialect *pd, const diff_result *d,
                         const safety_report *warnings, const plan_script *script);

/* A migration file split into its sections (see migrate_split_sections). */
typedef struct migrate_sections {
    const char *pre, *tx, *post; /* "" when empty */
    bool data_loss;              /* -- schemac:data-loss */
    bool rebuild;                /* -- schemac:sqlite-rebuild */
    const char *warnings;        /* the "(data loss)" warning lines, for messages */
} migrate_sections;

/*
 * Split TEXT (a migration file named FILE, for messages) into its sections,
 * reading it as PROVIDER's tokenizer does (sqlscan.h): markers and flags are
 * comments of their own line among the top-level tokens only, so text
 * inside a literal, a quoted name or another comment is never structure. An
 * unknown "-- schemac:" directive or an unterminated token refuses the file.
 * A file without markers is one transactional section. Returns 0, or -1
 * with *ERR.
 */
int migrate_split_sections(migrate_sections *out, arena *a, ir_provider provider, const char *file, const char *text,
                           const char **err);

/*
 * The statements of an autocommit section TEXT (pre or post), which the
 * runner runs one at a time, read as PROVIDER's tokenizer does: each ends
 * at a top-level ';' (kept) or at the end of the text; a ';' inside a
 * literal, a quoted name, a comment or a dollar quote is part of the
 * statement. Text holding only blanks and comments is no statement.
 * Returns 0 with *OUT (N strings in A, NULL-terminated), or -1 with *ERR
 * when a token is unterminated.
 */
int migrate_split_statements(const char ***out, size_t *n, arena *a, ir_provider provider, const char *text,
                             const char **err);

/* ---------------------------------------------------------------- database */

typedef void (*migrate_log_fn)(void *payload, const char *line);

typedef struct migrate_options {
    unsigned version;
    const char *dir;
    const char *url;         /* sqlite:PATH, sqlite::memory:, postgresql://... */
    bool allow_data_loss;
    int steps;               /* rollback: how many (default 1) */
    const char *to;          /* baseline: the migration to adopt up to (NULL: the latest) */
    bool force;              /* baseline: even if the database differs from the snapshot */
    /*
     * How long to wait for the deployer lock (PostgreSQL: the advisory lock;
     * SQLite: the database's write lock, as its busy timeout), in ms, each
     * time it is taken. 0: try once. Then the command gives up with
     * MIGRATE_ELOCKED having done nothing. Default 300000 (5 minutes).
     */
    int wait_timeout_ms;
    const char *tool_version;
    migrate_log_fn log;
    void *payload;
    /* apply, rollback: run even when the database differs from the last applied snapshot */
    bool allow_drift;
} migrate_options;

#define MIGRATE_DEFAULT_WAIT_TIMEOUT_MS 300000
#define MIGRATE_OPTIONS_VERSION 2
#define MIGRATE_OPTIONS_INIT                                                                                          \
    {MIGRATE_OPTIONS_VERSION, MIGRATE_DEFAULT_DIR, NULL, false, 1, NULL, false, MIGRATE_DEFAULT_WAIT_TIMEOUT_MS,     \
     NULL, NULL, NULL, false}

/*
 * The PostgreSQL advisory lock key every deployer takes ("schemac migrate"
 * in a bigint). pg_locks shows it as classid 29541, objid 1751998819: the
 * session holding it is the deployer others wait for.
 */
#define MIGRATE_PG_LOCK_KEY 0x7365686d6163LL

typedef enum migrate_state {
    MIGRATE_PENDING = 0,
    MIGRATE_APPLIED,
    MIGRATE_FAILED,  /* the last attempt failed and was rolled back */
    MIGRATE_PARTIAL, /* the transaction committed; autocommit statements after it did not all run */
    MIGRATE_EDITED,  /* applied, but the files changed since */
    MIGRATE_MISSING, /* in the history, not in the folder */
} migrate_state;

typedef struct migrate_status_row {
    const char *name;
    migrate_state state;
    const char *started_at;
    const char *finished_at;
    long long duration_ms;
    const char *error;
} migrate_status_row;

typedef struct migrate_status_result {
    migrate_status_row *rows; /* folder order, then missing ones */
    size_t n;
    size_t npending, napplied, nproblems; /* problems: failed, partial, edited, missing */
} migrate_status_result;

const char *migrate_state_name(migrate_state s);

/*
 * A row of the history table as the database hands it back: every column
 * as text (duration_ms too), NULL for SQL NULL. Rows come in name order.
 */
typedef struct migrate_history_row {
    const char *name, *checksum, *status, *started_at, *finished_at, *duration, *error;
} migrate_history_row;

/*
 * Whether schemac can read the history ROWS: every row has a name, a
 * checksum and a status, and the status is one schemac writes (applied,
 * failed, partial). A table created or edited by hand can hold anything:
 * such a row is refused, with the row and what to do, never guessed at.
 * Returns 0, or -1 with *ERR.
 */
int migrate_history_check(const migrate_history_row *rows, size_t n, arena *a, const char **err);

/*
 * The state of each migration of D, then of each history row whose folder
 * is missing, as migrate_status reports them. Returns 0, or -1 with *ERR
 * when migrate_history_check refuses ROWS.
 */
int migrate_history_states(migrate_status_result *out, arena *a, const migrate_dir *d,
                           const migrate_history_row *rows, size_t n, const char **err);

/*
 * What apply and rollback require of the history before anything runs:
 * every recorded migration is in D and unchanged since it ran (a failed one
 * may have been edited), and nothing without an applied row sorts before
 * the last applied one. Returns 0, or -1 with *ERR saying what to do;
 * MIGRATE_EFOLDER (below) when an applied migration was edited into a
 * snapshot that cannot be read. (A recorded migration whose folder is
 * missing is -1: resolve is the way out of a failed one removed.)
 */
int migrate_history_verify(const migrate_dir *d, const migrate_history_row *rows, size_t n, arena *a,
                           const char **err);

/*
 * The database functions below return 0; MIGRATE_ECONNECT when the database
 * cannot be reached (the URL is wrong, the server is down); or -1 when a
 * migration failed or was refused. *ERR says what happened and what to do.
 */
#define MIGRATE_ECONNECT (-2)
/* Another deployer held the lock for longer than opt->wait_timeout_ms: nothing was done. */
#define MIGRATE_ELOCKED (-3)
/*
 * The migrations folder, or a snapshot in it, cannot be read (a missing
 * folder, a file that is not a snapshot): nothing was done. A folder that
 * reads but was edited after it was written is a refusal (-1).
 */
#define MIGRATE_EFOLDER (-4)

/* Apply pending migrations. */
int migrate_apply(arena *a, const migrate_options *opt, size_t *applied, const char **err);
/* Run down.sql of the last opt->steps applied migrations, newest first. */
int migrate_rollback(arena *a, const migrate_options *opt, size_t *rolled_back, const char **err);
/* Compare the folder with the history. */
int migrate_status(migrate_status_result *out, arena *a, const migrate_options *opt, const char **err);
/*
 * Drift: introspect the database and compare it with the snapshot of the
 * last applied migration. *NDIFF gets the number of differences and
 * *REPORT one line each. Returns 0 (even with drift), or -1 with *ERR.
 */
int migrate_check(arena *a, const migrate_options *opt, size_t *ndiff, char **report, const char **err);
/* Record migrations up to opt->to as applied without running them. */
int migrate_baseline(arena *a, const migrate_options *opt, size_t *recorded, const char **err);

/*
 * `migrate resolve`: the way out of a state apply cannot get past, by
 * saying what the database is, without running any SQL of the migration.
 *   MIGRATE_RESOLVE_ROLLED_BACK: NAME did not take effect (it failed and was
 *     rolled back, or its changes were undone by hand): its history row goes,
 *     so it is pending again, or can be deleted from the folder and replaced.
 *     Allowed for a failed or partial migration, and for one whose folder is
 *     gone; an applied one is rolled back with migrate_rollback.
 *   MIGRATE_RESOLVE_APPLIED: NAME's changes are in the database (finished by
 *     hand, or the file was edited in a way that changes nothing it holds):
 *     it is recorded as applied with its current checksum. Every migration
 *     before it must be applied. When NAME is then the newest applied one,
 *     the database must match its snapshot (drift), unless opt->allow_drift.
 * *WHAT gets one line on what was recorded. Returns 0, MIGRATE_ECONNECT,
 * MIGRATE_ELOCKED or -1 with *ERR.
 */
typedef enum migrate_resolution {
    MIGRATE_RESOLVE_ROLLED_BACK = 1,
    MIGRATE_RESOLVE_APPLIED = 2,
} migrate_resolution;

int migrate_resolve(arena *a, const migrate_options *opt, const char *name, migrate_resolution how,
                    const char **what, const char **err);

/*
 * The line `migrate check` prints before the drift REPORT (N differences);
 * apply and rollback refuse with the same text.
 */
char *migrate_drift_text(arena *a, size_t n, const char *report);

/*
 * A CHECK or index-predicate expression in the form PostgreSQL hands it
 * back (pg_get_constraintdef, pg_get_expr): BETWEEN spelt as two
 * comparisons, IN lists as = ANY (ARRAY[...]), LIKE as ~~, != as <>, and a
 * negative number unquoted. Drift detection rewrites both sides with it
 * before comparing them (ir_normalize_expr then drops the parentheses and
 * casts PostgreSQL adds). An expression it cannot read comes back as is.
 */
const char *migrate_pg_expr(arena *a, const char *expr);

/*
 * Parse a duration for --wait-timeout and --lock-timeout: a whole number
 * and a unit ms, s, m or min, h; without a unit only 0 (a bare 5 would be
 * 5 ms to PostgreSQL, rarely what was meant). At most 24 hours. Returns 0
 * and *MS, or -1.
 */
int migrate_parse_duration(long long *ms, const char *text);
/* MS as the shortest exact duration text: "5m", "1s", "1500ms". */
const char *migrate_format_duration(arena *a, long long ms);
/* MS as PostgreSQL spells a duration setting: "10s", "5min", "1500ms". */
const char *migrate_pg_duration(arena *a, long long ms);

/* Parse "Old=New" (table) or "Table.old=new" (column) into R (strings in A). Returns 0 or -1. */
int migrate_parse_rename(diff_rename *r, arena *a, const char *text, bool column);

#endif
