/*
 * cli_seed.c - `schemac seed --url URL [--schema S] [--rows N | --rows
 * Model=N,...] [--seed K]`: deterministic, realistic rows (docs/seed.md).
 *
 * The schema is S, or without --schema the one `pull` writes for the
 * database. intel/seed.c makes and writes the rows; this file reads the
 * arguments, draws the progress bar (only when stderr is a terminal) and
 * reports what was written.
 */
#include "cli/cli_seed.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <schemac/conn.h>

#include "cli/cli_ir.h"
#include "cli/cli_pull.h"
#include "intel/seed.h"
#include "sema/lower.h"

static bool cli_seed__number(const char *s, unsigned long long *out)
{
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    char *end;
    errno = 0;
    *out = strtoull(s, &end, 10);
    return errno == 0 && *end == '\0';
}

/* "--rows N" or "--rows Model=N,Other=M" (several --rows add up). */
static int cli_seed__rows(arena *a, const char *v, seed_options *opt, seed_count **counts, size_t *cap)
{
    if (!strchr(v, '=')) {
        unsigned long long n;
        if (!cli_seed__number(v, &n) || n > 100000000ull)
            return cli_usage_error("seed", "--rows takes a number of rows or Model=N,... ('%s')", v);
        opt->rows = (size_t)n;
        return CLI_OK;
    }
    const char *p = v;
    while (*p) {
        size_t len = strcspn(p, ",");
        const char *item = arena_strndup(a, p, len);
        const char *eq = strchr(item, '=');
        unsigned long long n;
        if (!eq || eq == item || !cli_seed__number(eq + 1, &n) || n > 100000000ull)
            return cli_usage_error("seed", "--rows: expected Model=N, found '%s'", item);
        *counts = arena_reserve(a, *counts, opt->ncounts, cap, sizeof **counts, 4);
        (*counts)[opt->ncounts].model = arena_strndup(a, item, (size_t)(eq - item));
        (*counts)[opt->ncounts++].rows = (size_t)n;
        opt->counts = *counts;
        p += len;
        if (*p == ',')
            p++;
    }
    return CLI_OK;
}

static void cli_seed__bar(void *arg, size_t done, size_t total)
{
    (void)arg;
    int width = 30, fill = total ? (int)((double)done * width / (double)total) : width;
    fprintf(stderr, "\rseed [");
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, "] %3d%% %zu/%zu rows", total ? (int)(done * 100 / total) : 100, done, total);
    if (done == total)
        fputc('\n', stderr);
    fflush(stderr);
}

int cli_seed(const cli_options *o, int argc, char **argv)
{
    const char *url = getenv("DATABASE_URL"), *schema_path = NULL;
    arena a;
    arena_init(&a);
    seed_options opt;
    memset(&opt, 0, sizeof opt);
    opt.rows = 100;
    opt.seed = 1;
    seed_count *counts = NULL;
    size_t ccap = 0;
    int rc = CLI_OK;
    for (int i = 1; i < argc && rc == CLI_OK; i++) {
        const char *arg = argv[i], *val = NULL;
        const char *names[] = {"--url", "--schema", "--rows", "--seed"};
        int which = -1;
        for (int k = 0; k < 4 && which < 0; k++) {
            size_t n = strlen(names[k]);
            if (strcmp(arg, names[k]) == 0) {
                if (i + 1 >= argc) {
                    rc = cli_usage_error("seed", "%s needs a value", arg);
                    break;
                }
                which = k;
                val = argv[++i];
            } else if (strncmp(arg, names[k], n) == 0 && arg[n] == '=') {
                which = k;
                val = arg + n + 1;
            }
        }
        if (rc != CLI_OK)
            break;
        unsigned long long n = 0;
        switch (which) {
        case 0: url = val; break;
        case 1: schema_path = val; break;
        case 2: rc = cli_seed__rows(&a, val, &opt, &counts, &ccap); break;
        case 3:
            if (!cli_seed__number(val, &n))
                rc = cli_usage_error("seed", "--seed takes a number ('%s')", val);
            else
                opt.seed = n;
            break;
        default:
            rc = cli_usage_error("seed", "unexpected argument '%s' (usage: seed --url URL [--schema S] "
                                         "[--rows N | --rows Model=N,...] [--seed K])",
                                 arg);
        }
    }
    sc_conn *conn = NULL;
    ir_provider provider = IR_PROVIDER_NONE;
    const char *display = NULL;
    if (rc == CLI_OK)
        rc = cli_open_database(&a, "seed", url, &conn, &provider, &display);
    cli_schema s;
    memset(&s, 0, sizeof s);
    arena_init(&s.arena);
    ir_schema ir;
    if (rc == CLI_OK && schema_path) {
        cli_schema_free(&s);
        cli_schema_load(&s, schema_path);
        cli_check_dialect(&s, provider);
        cli_check_buildable(&s);
        rc = cli_report(o, &s);
        if (rc == CLI_OK && lower_schema(&ir, &s.arena, &s.ast, provider) != 0) {
            fprintf(stderr, "schemac seed: %s cannot be lowered for %s\n", schema_path, ir_provider_name(provider));
            rc = CLI_SCHEMA_ERROR;
        }
    } else if (rc == CLI_OK) {
        cli_schema_free(&s);
        rc = cli_pull_model(o, &s, "seed", conn, provider, &ir);
    }
    for (size_t i = 0; rc == CLI_OK && i < opt.ncounts; i++) {
        bool known = false;
        for (size_t k = 0; k < ir.ntables && !known; k++)
            known = (ir.tables[k].model && strcmp(ir.tables[k].model, opt.counts[i].model) == 0) ||
                    strcmp(ir.tables[k].name, opt.counts[i].model) == 0;
        if (!known)
            rc = cli_usage_error("seed", "--rows names %s, which is no model or table of the schema",
                                 opt.counts[i].model);
    }
    if (rc == CLI_OK) {
        if (isatty(fileno(stderr))) {
            opt.progress = cli_seed__bar;
            opt.progress_arg = NULL;
        }
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        seed_result res;
        const char *err = NULL;
        if (seed_database(&res, &a, conn, &ir, &opt, &err) != 0) {
            fprintf(stderr, "schemac seed: %s\n", err);
            rc = CLI_SCHEMA_ERROR;
        } else {
            clock_gettime(CLOCK_MONOTONIC, &t1);
            double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            for (size_t i = 0; i < res.ntables; i++)
                printf("%s\t%zu\n", res.tables[i].table, res.tables[i].rows);
            fprintf(stderr, "schemac seed: %zu rows in %zu tables of %s in %.2f s (%.0f rows/s), seed %llu%s\n",
                    res.rows, res.ntables, display, secs, secs > 0 ? (double)res.rows / secs : 0.0,
                    (unsigned long long)opt.seed,
                    res.updates ? arena_printf(&a, "; %zu keys of cycles set in a second pass", res.updates) : "");
        }
    }
    sc_conn_close(conn);
    cli_schema_free(&s);
    arena_free(&a);
    return rc;
}
