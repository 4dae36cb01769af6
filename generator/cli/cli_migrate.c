/*
 * cli_migrate.c - `schemac migrate diff|apply|status|rollback|check|baseline|hash|resolve`.
 *
 * Every subcommand takes --dir D (default "migrations"); those that touch
 * a database take --url U (default $DATABASE_URL), and those that take the
 * deployer lock --wait-timeout T. Exit codes: 0 ok, 1 the schema has
 * errors, a check found changes or drift, status found pending or broken
 * migrations, a migration failed or was refused, or the lock stayed taken;
 * 2 usage or I/O errors.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli/cli_ir.h"
#include "migrate/migrate.h"
#include "sema/lower.h"

#ifndef SCHEMAC_VERSION
#define SCHEMAC_VERSION "0.1.0"
#endif

typedef struct mig_args {
    const char *dir;
    const char *url;
    const char *schema;
    const char *name;
    const char *to;
    const char *rolled_back, *applied; /* resolve */
    const char *lock_timeout; /* PostgreSQL's spelling of --lock-timeout */
    int wait_timeout_ms;      /* --wait-timeout */
    const char *dialect; /* diff: plan for this database instead of the datasource's */
    bool json;           /* --format json: machine-readable results on stdout */
    bool check, allow_data_loss, allow_drift, force, low_lock, no_concurrently;
    int steps;
    diff_rename *renames;
    size_t nrenames;
} mig_args;

static const char *const mig_usage =
    "usage: schemac migrate COMMAND [options]\n"
    "  diff --schema S [--name N] [--rename-table Old=New] [--rename-column Table.old=new]\n"
    "       [--dialect sqlite|postgresql] [--low-lock] [--no-concurrently] [--lock-timeout T] [--check]\n"
    "                     write the next migration (or, with --check, exit 1 if one is needed)\n"
    "  apply [--allow-data-loss] [--allow-drift]\n"
    "                                 apply pending migrations (refused when the database drifted)\n"
    "  status                         applied, pending, failed and edited migrations\n"
    "  rollback [--steps N] [--allow-data-loss] [--allow-drift]\n"
    "                                 run down.sql of the last N applied migrations\n"
    "  check                          compare the database with the last applied snapshot (drift)\n"
    "  baseline [--to NAME] [--force] record migrations as applied without running them\n"
    "  hash                           rewrite schemac.sum after a deliberate edit\n"
    "  resolve --rolled-back NAME | --applied NAME [--allow-drift]\n"
    "                                 record what a failed, partial, edited or missing migration did,\n"
    "                                 without running it\n"
    "common: --dir D (default migrations), --url U (default $DATABASE_URL: sqlite:PATH, file:PATH?mode=ro,\n"
    "        postgresql://... or a libpq keyword string; docs/runtime.md)\n"
    "        --wait-timeout T (apply, rollback, baseline, check; default 5m): how long to wait for another\n"
    "        deployer's lock before giving up; T is 500ms, 30s, 5m, 1h\n"
    "        --format json (diff, status): one JSON document on stdout, for CI\n";

static void mig_log(void *payload, const char *line)
{
    (void)payload;
    fprintf(stderr, "%s\n", line);
}

/* The value of option ARGV[*I] ("--x v" or "--x=v"), or NULL if this is not option NAME. */
static const char *mig_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

static int mig_parse(mig_args *m, arena *a, const char *cmd, int argc, char **argv)
{
    memset(m, 0, sizeof *m);
    m->dir = MIGRATE_DEFAULT_DIR;
    m->url = getenv("DATABASE_URL");
    m->steps = 1;
    m->wait_timeout_ms = MIGRATE_DEFAULT_WAIT_TIMEOUT_MS;
    m->renames = ARENA_ARRAY(a, diff_rename, (size_t)argc + 1);
    for (int i = 2; i < argc; i++) {
        bool missing = false;
        const char *v;
        const char *arg = argv[i];
        if ((v = mig_value(argc, argv, &i, "--dir", &missing)))
            m->dir = v;
        else if ((v = mig_value(argc, argv, &i, "--url", &missing)))
            m->url = v;
        else if ((v = mig_value(argc, argv, &i, "--schema", &missing)))
            m->schema = v;
        else if ((v = mig_value(argc, argv, &i, "--name", &missing)))
            m->name = v;
        else if ((v = mig_value(argc, argv, &i, "--to", &missing)))
            m->to = v;
        else if ((v = mig_value(argc, argv, &i, "--rolled-back", &missing)))
            m->rolled_back = v;
        else if ((v = mig_value(argc, argv, &i, "--applied", &missing)))
            m->applied = v;
        else if ((v = mig_value(argc, argv, &i, "--lock-timeout", &missing))) {
            long long ms = 0;
            if (migrate_parse_duration(&ms, v) != 0)
                return cli_usage_error(cmd, "--lock-timeout needs a duration such as 10s, 500ms or 1m, got '%s'", v);
            m->lock_timeout = migrate_pg_duration(a, ms);
        } else if ((v = mig_value(argc, argv, &i, "--wait-timeout", &missing))) {
            long long ms = 0;
            if (migrate_parse_duration(&ms, v) != 0)
                return cli_usage_error(cmd, "--wait-timeout needs a duration such as 5m, 30s or 0, got '%s'", v);
            m->wait_timeout_ms = (int)ms;
        }
        else if ((v = mig_value(argc, argv, &i, "--dialect", &missing))) {
            ir_provider p;
            if (ir_provider_from_name(&p, v) != 0 || p == IR_PROVIDER_NONE)
                return cli_usage_error(cmd, "unknown dialect '%s' (expected sqlite or postgresql)", v);
            m->dialect = v;
        } else if ((v = mig_value(argc, argv, &i, "--format", &missing))) {
            if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
                return cli_usage_error(cmd, "unknown format '%s' (expected text or json)", v);
            m->json = strcmp(v, "json") == 0;
        }
        else if ((v = mig_value(argc, argv, &i, "--steps", &missing))) {
            char *end = NULL;
            long n = strtol(v, &end, 10);
            if (!end || *end || n < 1 || n > 1000000)
                return cli_usage_error(cmd, "--steps needs a positive number, got '%s'", v);
            m->steps = (int)n;
        } else if ((v = mig_value(argc, argv, &i, "--rename-table", &missing))) {
            if (migrate_parse_rename(&m->renames[m->nrenames++], a, v, false) != 0)
                return cli_usage_error(cmd, "--rename-table needs Old=New, got '%s'", v);
        } else if ((v = mig_value(argc, argv, &i, "--rename-column", &missing))) {
            if (migrate_parse_rename(&m->renames[m->nrenames++], a, v, true) != 0)
                return cli_usage_error(cmd, "--rename-column needs Table.old=new, got '%s'", v);
        } else if (missing)
            return cli_usage_error(cmd, "%s needs a value", arg);
        else if (strcmp(arg, "--check") == 0)
            m->check = true;
        else if (strcmp(arg, "--allow-data-loss") == 0)
            m->allow_data_loss = true;
        else if (strcmp(arg, "--allow-drift") == 0)
            m->allow_drift = true;
        else if (strcmp(arg, "--force") == 0)
            m->force = true;
        else if (strcmp(arg, "--low-lock") == 0)
            m->low_lock = true;
        else if (strcmp(arg, "--no-concurrently") == 0)
            m->no_concurrently = true;
        else
            return cli_usage_error(cmd, "unknown option '%s'", arg);
    }
    return 0;
}

/* Warnings of one code printed in full; the rest of that code is counted in one line (JSON lists all). */
enum { MIG_WARNINGS_PER_CODE = 3, MIG_WARNING_CODES = 64 };

static void mig_print_warnings(const safety_report *w, const char *side)
{
    /* The codes are a small fixed set: count each once, then print in order. */
    struct mig_code_count {
        const char *code;
        size_t total, seen;
    } codes[MIG_WARNING_CODES];
    size_t ncodes = 0;
    for (size_t i = 0; i < w->n; i++) {
        size_t k = 0;
        while (k < ncodes && strcmp(codes[k].code, w->items[i].code) != 0)
            k++;
        if (k == ncodes && ncodes < MIG_WARNING_CODES)
            codes[ncodes++] = (struct mig_code_count){w->items[i].code, 0, 0};
        if (k < ncodes)
            codes[k].total++;
    }
    for (size_t i = 0; i < w->n; i++) {
        const safety_finding *f = &w->items[i];
        size_t k = 0;
        while (k < ncodes && strcmp(codes[k].code, f->code) != 0)
            k++;
        size_t before = k < ncodes ? codes[k].seen++ : 0;
        if (before < MIG_WARNINGS_PER_CODE)
            fprintf(stderr, "%swarning[%s]%s: %s\n  fix: %s\n", side, f->code, f->data_loss ? " (data loss)" : "", f->message,
                    f->fix);
        else if (before == MIG_WARNINGS_PER_CODE)
            fprintf(stderr, "%s... and %zu more warning[%s] like these (--format json lists every one)\n", side,
                    codes[k].total - MIG_WARNINGS_PER_CODE, f->code);
    }
}

static json_t *mig_json_warnings(const safety_report *r)
{
    json_t *warn = json_array();
    for (size_t i = 0; i < r->n; i++) {
        const safety_finding *f = &r->items[i];
        json_t *w = json_object();
        json_object_set_new(w, "code", json_string(f->code));
        json_object_set_new(w, "message", json_string(f->message));
        json_object_set_new(w, "fix", json_string(f->fix));
        json_object_set_new(w, "data_loss", json_boolean(f->data_loss));
        json_array_append_new(warn, w);
    }
    return warn;
}

/* Print J on stdout as one line and release it. */
static void mig_json_print(json_t *j)
{
    char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (text) {
        puts(text);
        free(text);
    }
    json_decref(j);
}

static json_t *mig_json_str(const char *s)
{
    return s ? json_string(s) : json_null();
}

/*
 * `migrate diff --format json`: {"dir", "provider", "changes", "written",
 * "steps": [{"kind", "description"}], "warnings": [{"code", "message", "fix",
 * "data_loss"}], "down_warnings": [the same, for down.sql], "questions": [...]}.
 */
static void mig_diff_json(arena *a, const mig_args *m, const char *provider, const migrate_diff_result *res)
{
    json_t *j = json_object();
    json_object_set_new(j, "dir", json_string(m->dir));
    json_object_set_new(j, "provider", json_string(provider));
    json_object_set_new(j, "changes", json_boolean(!res->empty));
    json_object_set_new(j, "written", mig_json_str(res->folder));
    json_t *steps = json_array();
    for (size_t i = 0; !res->empty && i < res->diff.nsteps; i++) {
        json_t *st = json_object();
        json_object_set_new(st, "kind", json_string(diff_kind_name(res->diff.steps[i].kind)));
        json_object_set_new(st, "description", json_string(diff_step_describe(a, &res->diff.steps[i])));
        json_array_append_new(steps, st);
    }
    json_object_set_new(j, "steps", steps);
    safety_report none = {0};
    json_object_set_new(j, "warnings", mig_json_warnings(res->empty ? &none : &res->warnings));
    json_object_set_new(j, "down_warnings", mig_json_warnings(res->empty ? &none : &res->down_warnings));
    json_t *qs = json_array();
    for (size_t i = 0; i < res->diff.nquestions; i++)
        json_array_append_new(qs, json_string(res->diff.questions[i]));
    json_object_set_new(j, "questions", qs);
    mig_json_print(j);
}

static int mig_diff(const cli_options *o, arena *a, const mig_args *m)
{
    if (!m->schema)
        return cli_usage_error("migrate diff", "missing --schema PATH");
    cli_schema s;
    cli_schema_load(&s, m->schema);
    if (m->dialect) {
        ir_provider target = IR_PROVIDER_NONE;
        ir_provider_from_name(&target, m->dialect);
        cli_check_dialect(&s, target);
    }
    cli_check_buildable(&s);
    /*
     * A schema with errors never reaches the folder: nothing is written. With
     * JSON output, stdout carries one document: the diagnostics when there are
     * errors, else the diff (warnings about the schema go to stderr as text).
     */
    cli_options ro = *o;
    if (m->json && s.diags.nerrors == 0)
        ro.format = SC_DIAG_TEXT;
    int rc = cli_report(&ro, &s);
    if (rc != CLI_OK) {
        fprintf(stderr, "schemac migrate diff: %s has errors: no migration written\n", m->schema);
        cli_schema_free(&s);
        return rc;
    }
    ir_provider want = IR_PROVIDER_NONE;
    if (m->dialect)
        ir_provider_from_name(&want, m->dialect);
    ir_schema ir;
    lower_schema(&ir, &s.arena, &s.ast, want);
    if (m->dialect)
        ir.provider = want;
    migrate_diff_options opt = MIGRATE_DIFF_OPTIONS_INIT;
    opt.dir = m->dir;
    opt.name = m->name;
    opt.renames = m->renames;
    opt.nrenames = m->nrenames;
    opt.check_only = m->check;
    opt.plan.low_lock = m->low_lock;
    opt.plan.no_concurrently = m->no_concurrently;
    opt.plan.lock_timeout = m->lock_timeout;
    migrate_diff_result res;
    const char *err = NULL;
    if (migrate_diff(&res, a, &ir, &opt, &err) != 0) {
        fprintf(stderr, "schemac migrate diff: %s\n", err);
        cli_schema_free(&s);
        return CLI_USAGE;
    }
    if (m->json) {
        mig_diff_json(a, m, ir_provider_name(ir.provider), &res);
        cli_schema_free(&s);
        return !res.empty && m->check ? CLI_SCHEMA_ERROR : CLI_OK;
    }
    for (size_t i = 0; i < res.diff.nquestions; i++)
        fprintf(stderr, "question: %s\n", res.diff.questions[i]);
    if (res.empty) {
        printf("no changes: the schema matches the latest migration in %s\n", m->dir);
        rc = CLI_OK;
    } else if (m->check) {
        printf("the schema has changes that no migration in %s covers:\n", m->dir);
        for (size_t i = 0; i < res.diff.nsteps; i++)
            printf("  %s\n", diff_step_describe(a, &res.diff.steps[i]));
        rc = CLI_SCHEMA_ERROR;
    } else {
        mig_print_warnings(&res.warnings, "");
        mig_print_warnings(&res.down_warnings, "rollback (down.sql): ");
        printf("wrote %s (%zu step%s)\n", res.folder, res.diff.nsteps, res.diff.nsteps == 1 ? "" : "s");
        /* The written folder is already in schemac.sum: removing it alone makes the next diff refuse the folder. */
        if (res.diff.nquestions > 0)
            fprintf(stderr,
                    "if a question above is a rename: rm -r %s && schemac migrate hash --dir %s, "
                    "then run this diff again with the flag it names\n",
                    res.folder, m->dir);
        rc = CLI_OK;
    }
    cli_schema_free(&s);
    return rc;
}

static migrate_options mig_options(const mig_args *m)
{
    migrate_options opt = MIGRATE_OPTIONS_INIT;
    opt.dir = m->dir;
    opt.url = m->url;
    opt.allow_data_loss = m->allow_data_loss;
    opt.steps = m->steps;
    opt.to = m->to;
    opt.force = m->force;
    opt.allow_drift = m->allow_drift;
    opt.wait_timeout_ms = m->wait_timeout_ms;
    opt.tool_version = SCHEMAC_VERSION;
    opt.log = mig_log;
    return opt;
}

/*
 * `migrate status --format json`: {"dir", "migrations": [{"name", "state",
 * "started_at", "finished_at", "duration_ms", "error"}], "applied",
 * "pending", "problems"}.
 */
static void mig_status_json(const migrate_options *opt, const migrate_status_result *st)
{
    json_t *j = json_object();
    json_object_set_new(j, "dir", json_string(opt->dir));
    json_t *rows = json_array();
    for (size_t i = 0; i < st->n; i++) {
        const migrate_status_row *r = &st->rows[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(r->name));
        json_object_set_new(o, "state", json_string(migrate_state_name(r->state)));
        json_object_set_new(o, "started_at", mig_json_str(r->started_at));
        json_object_set_new(o, "finished_at", mig_json_str(r->finished_at));
        json_object_set_new(o, "duration_ms", r->started_at ? json_integer(r->duration_ms) : json_null());
        json_object_set_new(o, "error", mig_json_str(r->error));
        json_array_append_new(rows, o);
    }
    json_object_set_new(j, "migrations", rows);
    json_object_set_new(j, "applied", json_integer((json_int_t)st->napplied));
    json_object_set_new(j, "pending", json_integer((json_int_t)st->npending));
    json_object_set_new(j, "problems", json_integer((json_int_t)st->nproblems));
    mig_json_print(j);
}

static int mig_status(arena *a, const migrate_options *opt, bool json)
{
    migrate_status_result st;
    const char *err = NULL;
    if (migrate_status(&st, a, opt, &err) != 0) {
        fprintf(stderr, "schemac migrate status: %s\n", err);
        return CLI_USAGE;
    }
    if (json) {
        mig_status_json(opt, &st);
        return st.npending || st.nproblems ? CLI_SCHEMA_ERROR : CLI_OK;
    }
    for (size_t i = 0; i < st.n; i++) {
        const migrate_status_row *r = &st.rows[i];
        printf("%-8s %s", migrate_state_name(r->state), r->name);
        if (r->state == MIGRATE_APPLIED && r->finished_at)
            printf("  (%s, %lld ms)", r->finished_at, r->duration_ms);
        if (r->error && r->state != MIGRATE_APPLIED)
            printf("  error: %s", r->error);
        printf("\n");
    }
    printf("%zu applied, %zu pending, %zu with problems\n", st.napplied, st.npending, st.nproblems);
    if (st.nproblems) {
        /* The way out of each state present (docs/migrations.md, "Getting unstuck"). */
        bool seen[MIGRATE_MISSING + 1] = {false};
        for (size_t i = 0; i < st.n; i++)
            seen[st.rows[i].state] = true;
        printf("what to do (docs/migrations.md, \"Getting unstuck\"):\n");
        if (seen[MIGRATE_FAILED])
            printf("  failed   fix the cause and run apply again; or, to drop or replace the migration, "
                   "`schemac migrate resolve --rolled-back NAME`\n");
        if (seen[MIGRATE_PARTIAL])
            printf("  partial  run apply again to resume it; or, if you finished it by hand, "
                   "`schemac migrate resolve --applied NAME`\n");
        if (seen[MIGRATE_EDITED])
            printf("  edited   restore the applied files from version control; or, if the edit changes nothing the "
                   "database holds, `schemac migrate resolve --applied NAME`\n");
        if (seen[MIGRATE_MISSING])
            printf("  missing  restore the folder from version control; or, if the migration was abandoned and its "
                   "changes are not in the database, `schemac migrate resolve --rolled-back NAME`\n");
    }
    return st.npending || st.nproblems ? CLI_SCHEMA_ERROR : CLI_OK;
}

/* A database function's result as an exit code: unreachable database or unreadable folder 2, failure or refusal 1. */
static int mig_exit(int rc)
{
    return rc == 0 ? CLI_OK : rc == MIGRATE_ECONNECT || rc == MIGRATE_EFOLDER ? CLI_USAGE : CLI_SCHEMA_ERROR;
}

int cli_migrate(const cli_options *o, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(mig_usage, argc < 2 ? stderr : stdout);
        return argc < 2 ? CLI_USAGE : CLI_OK;
    }
    const char *sub = argv[1];
    const char *cmd = "migrate";
    arena a;
    arena_init(&a);
    mig_args m;
    int rc = mig_parse(&m, &a, cmd, argc, argv);
    if (rc) {
        arena_free(&a);
        return rc;
    }
    if (o->format == SC_DIAG_JSON)
        m.json = true;
    migrate_options opt = mig_options(&m);
    const char *err = NULL;
    size_t n = 0;
    /*
     * Only diff may start a folder. For the others a missing folder is almost
     * always the wrong --dir or working directory; treated as empty it would
     * answer "up to date" and create an empty SQLite file.
     */
    struct stat dst;
    if (strcmp(sub, "diff") != 0 && stat(m.dir, &dst) != 0 && errno == ENOENT &&
        (strcmp(sub, "apply") == 0 || strcmp(sub, "rollback") == 0 || strcmp(sub, "status") == 0 ||
         strcmp(sub, "check") == 0 || strcmp(sub, "baseline") == 0 || strcmp(sub, "hash") == 0 ||
         strcmp(sub, "resolve") == 0)) {
        rc = cli_usage_error(arena_printf(&a, "migrate %s", sub),
                             "no migrations folder %s (pass --dir, or write the first migration with "
                             "`schemac migrate diff --schema SCHEMA --dir %s`)",
                             m.dir, m.dir);
        arena_free(&a);
        return rc;
    }
    if (strcmp(sub, "diff") == 0) {
        rc = mig_diff(o, &a, &m);
    } else if (strcmp(sub, "apply") == 0) {
        rc = mig_exit(migrate_apply(&a, &opt, &n, &err));
        if (rc == CLI_OK)
            printf(n ? "applied %zu migration%s\n" : "nothing to apply: the database is up to date\n", n,
                   n == 1 ? "" : "s");
    } else if (strcmp(sub, "rollback") == 0) {
        rc = mig_exit(migrate_rollback(&a, &opt, &n, &err));
        if (rc == CLI_OK)
            printf("rolled back %zu migration%s\n", n, n == 1 ? "" : "s");
    } else if (strcmp(sub, "status") == 0) {
        rc = mig_status(&a, &opt, m.json);
    } else if (strcmp(sub, "check") == 0) {
        char *report = NULL;
        int crc = migrate_check(&a, &opt, &n, &report, &err);
        /* as apply: a problem with the migrations or the history is 1, no database is 2 */
        rc = mig_exit(crc);
        if (rc == CLI_OK && n) {
            fputs(migrate_drift_text(&a, n, report), stdout);
            rc = CLI_SCHEMA_ERROR;
        } else if (rc == CLI_OK) {
            printf("no drift: the database matches what the applied migrations describe\n");
        }
    } else if (strcmp(sub, "baseline") == 0) {
        rc = mig_exit(migrate_baseline(&a, &opt, &n, &err));
        if (rc == CLI_OK)
            printf("recorded %zu migration%s as applied\n", n, n == 1 ? "" : "s");
    } else if (strcmp(sub, "resolve") == 0) {
        if (!m.rolled_back == !m.applied) {
            rc = cli_usage_error("migrate resolve", "give exactly one of --rolled-back NAME or --applied NAME");
        } else {
            const char *what = NULL;
            rc = mig_exit(migrate_resolve(&a, &opt, m.applied ? m.applied : m.rolled_back,
                                          m.applied ? MIGRATE_RESOLVE_APPLIED : MIGRATE_RESOLVE_ROLLED_BACK, &what,
                                          &err));
            if (rc == CLI_OK)
                printf("%s\n", what);
        }
    } else if (strcmp(sub, "hash") == 0) {
        migrate_dir d;
        rc = migrate_dir_read(&d, &a, m.dir, &err) == 0 && migrate_sum_write(&d, &a, &err) == 0 ? CLI_OK : CLI_USAGE;
        if (rc == CLI_OK)
            printf("wrote %s/%s (%zu migration%s)\n", m.dir, MIGRATE_SUM_FILE, d.n, d.n == 1 ? "" : "s");
    } else {
        rc = cli_usage_error(cmd, "unknown subcommand '%s'\n%s", sub, mig_usage);
    }
    if (err)
        fprintf(stderr, "schemac migrate %s: %s\n", sub, err);
    arena_free(&a);
    return rc;
}
