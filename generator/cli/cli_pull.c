/*
 * cli_pull.c - `schemac pull --url URL [-o FILE] [--schema EXISTING]`:
 * a live database (SQLite or PostgreSQL) as a schema file (docs/pull.md).
 *
 * The database is opened through libschemac (sc_conn_open: the URL forms
 * and session settings of `migrate`), introspected, and handed to the pull
 * back end (intel/pull.h). Its text is laid out by the formatter and then
 * checked like any schema before a byte is written: a schema pull cannot
 * check is an internal error, never a file. Output goes to stdout, or to
 * FILE all or nothing (fileio). Notes (what pull renamed or left out) go to
 * stderr.
 */
#include "cli/cli_pull.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <schemac/conn.h>
#include <schemac/url.h>

#include "base/fileio.h"
#include "front/fmt.h"
#include "front/parser.h"
#include "intel/pull.h"
#include "introspect/introspect.h"
#include "sema/lower.h"
#include "sema/sema.h"

int cli_open_database(arena *a, const char *command, const char *url, sc_conn **out, ir_provider *provider,
                      const char **display)
{
    *out = NULL;
    if (!url || !*url) {
        fprintf(stderr, "schemac %s: no database URL: pass --url or set DATABASE_URL\n", command);
        return CLI_USAGE;
    }
    sc_url u;
    sc_error err = SC_ERROR_INIT;
    if (sc_url_parse(&u, url, &err) != SC_OK) {
        fprintf(stderr, "schemac %s: %s\n", command, err.message);
        return CLI_USAGE;
    }
    *display = arena_strdup(a, u.display);
    *provider = u.dialect == SC_DIALECT_SQLITE ? IR_PROVIDER_SQLITE : IR_PROVIDER_POSTGRESQL;
    /* A file that is not there is a mistyped path: opening it would create an empty database. */
    if (u.dialect == SC_DIALECT_SQLITE && !u.sqlite_memory && access(u.sqlite_path, F_OK) != 0) {
        fprintf(stderr, "schemac %s: sqlite: no database at %s: check the URL\n", command, u.sqlite_path);
        sc_url_free(&u);
        return CLI_USAGE;
    }
    sc_url_free(&u);
    sc_conn_options o = SC_CONN_OPTIONS_INIT;
    o.sqlite_wal = 0; /* the journal mode is the database owner's choice */
    o.stmt_cache_size = 4;
    if (sc_conn_open(out, url, &o, &err) != SC_OK) {
        fprintf(stderr, "schemac %s: cannot open %s: %s\n", command, *display, err.message);
        return CLI_USAGE;
    }
    return CLI_OK;
}

int cli_introspect_database(arena *a, const char *command, sc_conn *conn, ir_provider provider, ir_schema *out)
{
    return cli_introspect_database_in(a, command, conn, provider, NULL, 0, out);
}

int cli_introspect_database_in(arena *a, const char *command, sc_conn *conn, ir_provider provider,
                               const char *const *schemas, size_t nschemas, ir_schema *out)
{
    const char *err = NULL;
    int rc;
    if (provider == IR_PROVIDER_POSTGRESQL && nschemas) {
        /* every listed schema; views, comments and identity columns of each in turn */
        rc = introspect_postgres_in(out, a, sc_conn_handle(conn), schemas, nschemas, &err);
        for (size_t i = 0; rc == 0 && i < nschemas; i++)
            rc = introspect_postgres_extras(out, a, sc_conn_handle(conn), schemas[i], &err);
    } else if (provider == IR_PROVIDER_SQLITE) {
        rc = introspect_sqlite(out, a, sc_conn_handle(conn), &err);
        if (rc == 0)
            rc = introspect_sqlite_extras(out, a, sc_conn_handle(conn), &err);
    } else {
        /* the schema the connection's unqualified names create in: public, or a Prisma URL's schema= */
        const char *schema = introspect_pg_current_schema(a, sc_conn_handle(conn));
        rc = introspect_postgres(out, a, sc_conn_handle(conn), schema, &err);
        if (rc == 0)
            rc = introspect_postgres_extras(out, a, sc_conn_handle(conn), schema, &err);
    }
    if (rc != 0) {
        fprintf(stderr, "schemac %s: reading the database failed: %s\n", command, err ? err : "unknown error");
        return CLI_USAGE;
    }
    return CLI_OK;
}

/* The string value of the first argument of block attribute NAME of B, or NULL. */
static const char *cli_pull__block_attr_string(const ast_block *b, const char *name)
{
    for (const ast_member *m = b->members.first; m; m = m->next) {
        if (m->kind != AST_MEMBER_BLOCK_ATTR || !m->attr || strcmp(m->attr->name, name) != 0)
            continue;
        const ast_arg *arg = ast_find_arg(&m->attr->args, "name", 0);
        if (arg && arg->value && arg->value->kind == AST_EXPR_STRING)
            return arg->value->value;
    }
    return NULL;
}

/* What pull keeps of the existing schema S: blocks the model does not hold and @ignore fields. */
static void cli_pull__existing(cli_schema *s, pull_existing *ex, const ir_schema *model)
{
    memset(ex, 0, sizeof *ex);
    ex->model = model;
    ex->sources = &s->sources;
    size_t cap = 0, icap = 0;
    pull_block *blocks = NULL;
    const char **ignored = NULL;
    for (const ast_block *b = s->ast.blocks.first; b; b = b->next) {
        if (b->kind == AST_BLOCK_DATASOURCE || b->kind == AST_BLOCK_GENERATOR || b->kind == AST_BLOCK_VIEW) {
            const sc_file *f = &s->sources.files[b->span.file];
            blocks = arena_reserve(&s->arena, blocks, ex->nblocks, &cap, sizeof *blocks, 4);
            pull_block *k = &blocks[ex->nblocks++];
            memset(k, 0, sizeof *k);
            k->text = arena_strndup(&s->arena, f->text + b->span.start, b->span.end - b->span.start);
            k->at = b->span;
            if (b->kind == AST_BLOCK_VIEW) {
                const char *map = cli_pull__block_attr_string(b, "map");
                k->view = map ? map : b->name;
                k->name = b->name;
            }
        }
        if (b->kind != AST_BLOCK_MODEL)
            continue;
        for (const ast_member *m = b->members.first; m; m = m->next) {
            if (m->kind != AST_MEMBER_FIELD || !ast_find_attr(&m->attrs, "ignore", false))
                continue;
            ignored = arena_reserve(&s->arena, ignored, ex->nignored, &icap, sizeof *ignored, 8);
            ignored[ex->nignored++] = arena_printf(&s->arena, "%s.%s", b->name, m->name);
        }
    }
    ex->blocks = blocks;
    ex->ignored = ignored;
    const sema_schema *info = s->ast.sema;
    if (info) {
        ex->preview_features = info->preview_features;
        ex->npreview_features = info->npreview_features;
    }
}

/* Lay TEXT out and check it as a schema; *OUT gets the formatted text. CLI_OK, or an error printed. */
static int cli_pull__verify(const cli_options *o, arena *a, const char *text, const char **out)
{
    cli_schema s;
    memset(&s, 0, sizeof s);
    arena_init(&s.arena);
    diag_init(&s.diags, &s.arena);
    char *formatted = NULL;
    size_t len = 0;
    int rc = CLI_OK;
    if (fmt_text(&formatted, &len, &s.arena, &s.diags, "<pulled schema>", text, strlen(text)) != 0) {
        s.parse_failed = true;
    } else {
        source_add(&s.sources, &s.arena, "<pulled schema>", formatted, len);
        if (parse_schema(&s.ast, &s.arena, &s.sources, &s.diags) != 0)
            s.parse_failed = true;
        else if (sema_check(&s.ast, &s.arena, &s.sources, &s.diags) != 0)
            s.sema_failed = true;
    }
    if (s.diags.nerrors) {
        fprintf(stderr, "schemac pull: internal error: the schema written for this database does not check "
                        "(please report it, with the database's DDL):\n");
        cli_report(o, &s);
        fputs(text, stderr);
        rc = CLI_SCHEMA_ERROR;
    } else {
        *out = arena_strndup(a, formatted, len);
    }
    cli_schema_free(&s);
    return rc;
}

int cli_pull(const cli_options *o, int argc, char **argv)
{
    const char *url = getenv("DATABASE_URL"), *output = NULL, *schema_path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        const char **slot = NULL;
        if (strcmp(arg, "--url") == 0)
            slot = &url;
        else if (strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0)
            slot = &output;
        else if (strcmp(arg, "--schema") == 0)
            slot = &schema_path;
        else if (strncmp(arg, "--url=", 6) == 0) {
            url = arg + 6;
            continue;
        } else if (strncmp(arg, "--schema=", 9) == 0) {
            schema_path = arg + 9;
            continue;
        } else if (strncmp(arg, "--output=", 9) == 0) {
            output = arg + 9;
            continue;
        } else
            return cli_usage_error("pull", "unexpected argument '%s' (usage: pull --url URL [-o FILE] [--schema FILE])",
                                   arg);
        if (i + 1 >= argc)
            return cli_usage_error("pull", "%s needs a value", arg);
        *slot = argv[++i];
    }
    arena a;
    arena_init(&a);
    sc_conn *conn = NULL;
    ir_provider provider;
    const char *display = NULL;
    int rc = cli_open_database(&a, "pull", url, &conn, &provider, &display);
    ir_schema db;
    memset(&db, 0, sizeof db);

    cli_schema existing;
    memset(&existing, 0, sizeof existing);
    arena_init(&existing.arena);
    ir_schema old;
    pull_existing ex;
    pull_options opt = PULL_OPTIONS_INIT;
    opt.sqlite_type = introspect_sqlite_prisma_scalar;
    if (rc == CLI_OK && schema_path) {
        cli_schema_free(&existing);
        cli_schema_load(&existing, schema_path);
        rc = cli_report(o, &existing);
        if (rc == CLI_OK) {
            lower_schema_src(&old, &existing.arena, &existing.ast, IR_PROVIDER_NONE, &existing.sources);
            if (old.provider != provider) {
                fprintf(stderr, "schemac pull: %s is a %s schema, but the database is %s\n", schema_path,
                        ir_provider_name(old.provider), ir_provider_name(provider));
                rc = CLI_USAGE;
            } else {
                cli_pull__existing(&existing, &ex, &old);
                opt.existing = &ex;
            }
        }
    }
    /* A multi-schema datasource (`schemas`) is read in every schema it lists. */
    if (rc == CLI_OK)
        rc = cli_introspect_database_in(&a, "pull", conn, provider, opt.existing ? old.schemas : NULL,
                                        opt.existing ? old.nschemas : 0, &db);
    sc_conn_close(conn);
    const char *text = NULL;
    if (rc == CLI_OK) {
        pull_result res;
        pull_schema(&res, &a, &db, &opt);
        for (size_t i = 0; i < res.nnotes; i++)
            fprintf(stderr, "schemac pull: note: %s\n", res.notes[i]);
        rc = cli_pull__verify(o, &a, res.text, &text);
    }
    if (rc == CLI_OK) {
        if (output) {
            if (fileio_write_file(output, text, strlen(text)) != 0) {
                perror(output);
                rc = CLI_USAGE;
            } else {
                fprintf(stderr, "schemac pull: wrote %s from %s (%zu table%s, %zu view%s, %zu enum%s)\n", output,
                        display, db.ntables, db.ntables == 1 ? "" : "s", db.nviews, db.nviews == 1 ? "" : "s",
                        db.nenums, db.nenums == 1 ? "" : "s");
            }
        } else {
            fputs(text, stdout);
        }
    }
    cli_schema_free(&existing);
    arena_free(&a);
    return rc;
}

int cli_pull_model(const cli_options *o, cli_schema *s, const char *command, sc_conn *conn, ir_provider provider,
                   ir_schema *ir)
{
    memset(s, 0, sizeof *s);
    arena_init(&s->arena);
    diag_init(&s->diags, &s->arena);
    ir_schema db;
    int rc = cli_introspect_database(&s->arena, command, conn, provider, &db);
    if (rc != CLI_OK)
        return rc;
    pull_result res;
    pull_options opt = PULL_OPTIONS_INIT;
    opt.sqlite_type = introspect_sqlite_prisma_scalar;
    pull_schema(&res, &s->arena, &db, &opt);
    const char *text = NULL;
    rc = cli_pull__verify(o, &s->arena, res.text, &text);
    if (rc != CLI_OK)
        return rc;
    source_add(&s->sources, &s->arena, "<pulled schema>", text, strlen(text));
    if (parse_schema(&s->ast, &s->arena, &s->sources, &s->diags) != 0 ||
        sema_check(&s->ast, &s->arena, &s->sources, &s->diags) != 0) {
        rc = cli_report(o, s);
        return rc != CLI_OK ? rc : CLI_SCHEMA_ERROR;
    }
    if (lower_schema(ir, &s->arena, &s->ast, provider) != 0) {
        fprintf(stderr, "schemac %s: the database's schema cannot be lowered\n", command);
        return CLI_SCHEMA_ERROR;
    }
    return CLI_OK;
}
