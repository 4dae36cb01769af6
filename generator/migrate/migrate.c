/*
 * migrate.c - the migrations folder, its sum file, and `migrate diff`:
 * the next migration from the latest snapshot and the current model.
 * The database side (apply, rollback, status, check, baseline) is in
 * migrate_db.c.
 */
#include "migrate/migrate.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/fileio.h"
#include "base/source.h"
#include "ddl/ddl.h"
#include "base/sqlscan.h"

/* ---------------------------------------------------------------- files */

/*
 * The file as a string in *TEXT, or NULL when it does not exist; *LEN (if
 * given) gets its size in bytes, which a NUL inside makes exceed strlen.
 * Anything but a regular file (symlinks followed), and a file over
 * FILEIO_MAX_INPUT_BYTES, is an error: 0, or -1 with *ERR.
 */
static int migrate__read(arena *a, const char *path, char **text, size_t *len_out, const char **err)
{
    if (fileio_read(a, path, FILEIO_MAX_INPUT_BYTES, text, len_out, err) == 0)
        return 0;
    return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
}

/* A migration folder's name: 14 digits, '_', then anything. */
static bool migrate__is_name(const char *name)
{
    for (int i = 0; i < 14; i++)
        if (!isdigit((unsigned char)name[i]))
            return false;
    return name[14] == '_';
}

static int name__cmp(const void *x, const void *y)
{
    const migrate_entry *a = x, *b = y;
    return strcmp(a->name, b->name);
}

void migrate_checksum(char out[SHA256_HEX_LEN + 1], const char *up, const char *down, const char *snapshot)
{
    /* Length-prefixed, so moving text from one file to another changes the sum. */
    const char *names[3] = {"up.sql", "down.sql", "schema.json"};
    const char *texts[3] = {up, down, snapshot};
    sha256_ctx c;
    unsigned char d[SHA256_DIGEST_LEN];
    sha256_init(&c);
    sha256_update(&c, "schemac-migration-v1\n", 21);
    for (int i = 0; i < 3; i++) {
        char head[96];
        size_t len = texts[i] ? strlen(texts[i]) : 0;
        int n = snprintf(head, sizeof head, "%s %zu\n", names[i], len);
        sha256_update(&c, head, (size_t)n);
        if (len)
            sha256_update(&c, texts[i], len);
    }
    sha256_final(&c, d);
    sha256_to_hex(out, d);
}

void migrate_apply_checksum(char out[sizeof MIGRATE_APPLY_PREFIX + SHA256_HEX_LEN], const char *up,
                            const char *snapshot)
{
    const char *names[2] = {"up.sql", "schema.json"};
    const char *texts[2] = {up, snapshot};
    sha256_ctx c;
    unsigned char d[SHA256_DIGEST_LEN];
    sha256_init(&c);
    sha256_update(&c, "schemac-migration-apply-v2\n", 27);
    for (int i = 0; i < 2; i++) {
        char head[96];
        size_t len = texts[i] ? strlen(texts[i]) : 0;
        int n = snprintf(head, sizeof head, "%s %zu\n", names[i], len);
        sha256_update(&c, head, (size_t)n);
        if (len)
            sha256_update(&c, texts[i], len);
    }
    sha256_final(&c, d);
    memcpy(out, MIGRATE_APPLY_PREFIX, sizeof MIGRATE_APPLY_PREFIX - 1);
    sha256_to_hex(out + sizeof MIGRATE_APPLY_PREFIX - 1, d);
}

bool migrate_entry_matches(const migrate_entry *e, const char *recorded)
{
    if (!recorded)
        return false;
    if (strncmp(recorded, MIGRATE_APPLY_PREFIX, sizeof MIGRATE_APPLY_PREFIX - 1) == 0)
        return strcmp(recorded, e->apply_checksum) == 0;
    return strcmp(recorded, e->checksum) == 0;
}

int migrate_dir_read(migrate_dir *out, arena *a, const char *dir, const char **err)
{
    memset(out, 0, sizeof *out);
    out->path = arena_strdup(a, dir);
    DIR *dp = opendir(dir);
    if (!dp) {
        if (errno == ENOENT)
            return 0;
        *err = arena_printf(a, "cannot read migrations folder %s: %s", dir, strerror(errno));
        return -1;
    }
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        if (!migrate__is_name(de->d_name))
            continue;
        /* A line break in a name would split its line of the sum file in two (and forge lines of output). */
        for (const unsigned char *p = (const unsigned char *)de->d_name; *p; p++) {
            if (*p >= 0x20 && *p != 0x7f)
                continue;
            char *shown = arena_strdup(a, de->d_name);
            for (char *q = shown; *q; q++)
                if ((unsigned char)*q < 0x20 || *q == 0x7f)
                    *q = '?';
            *err = arena_printf(a, "migration folder %s/%s has a control character in its name: rename it "
                                   "(`schemac migrate diff` writes letters, digits and '_' only)",
                                dir, shown);
            closedir(dp);
            return -1;
        }
        if (out->n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            out->items = arena_grow(a, out->items, cap * sizeof *out->items, ncap * sizeof *out->items);
            cap = ncap;
        }
        migrate_entry *e = &out->items[out->n++];
        memset(e, 0, sizeof *e);
        e->name = arena_strdup(a, de->d_name);
        e->path = arena_printf(a, "%s/%s", dir, de->d_name);
    }
    closedir(dp);
    if (out->n)
        qsort(out->items, out->n, sizeof *out->items, name__cmp);
    for (size_t i = 0; i < out->n; i++) {
        migrate_entry *e = &out->items[i];
        static const char *const files[3] = {"up.sql", "down.sql", "schema.json"};
        const char **texts[3] = {&e->up, &e->down, &e->snapshot};
        for (int f = 0; f < 3; f++) {
            size_t len = 0;
            char *text = NULL;
            if (migrate__read(a, arena_printf(a, "%s/%s", e->path, files[f]), &text, &len, err) != 0)
                return -1;
            *texts[f] = text;
            /* The checksum and the SQL run both stop at a NUL: bytes after one could change unnoticed. */
            if (*texts[f] && strlen(*texts[f]) != len) {
                *err = arena_printf(a, "%s/%s holds a NUL byte at offset %zu: migrations are text; remove it",
                                    e->path, files[f], strlen(*texts[f]));
                return -1;
            }
        }
        if (!e->up || !e->down || !e->snapshot) {
            *err = arena_printf(a, "migration %s is incomplete: it needs up.sql, down.sql and schema.json", e->path);
            return -1;
        }
        migrate_checksum(e->checksum, e->up, e->down, e->snapshot);
        migrate_apply_checksum(e->apply_checksum, e->up, e->snapshot);
    }
    char *sum = NULL;
    if (migrate__read(a, arena_printf(a, "%s/%s", dir, MIGRATE_SUM_FILE), &sum, NULL, err) != 0)
        return -1;
    out->sum = sum;
    return 0;
}

int migrate_entry_snapshot(ir_schema *out, arena *a, const migrate_entry *e, const char **err)
{
    const char *why = NULL;
    if (ir_from_json(out, a, e->snapshot, strlen(e->snapshot), &why) != 0) {
        *err = arena_printf(a, "%s/schema.json: %s", e->path, why ? why : "not a schema snapshot");
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- sum file */

/* The hash over every migration line in order: the chain that makes order and membership count. */
static void migrate__sum_total(char out[SHA256_HEX_LEN + 1], const migrate_dir *d)
{
    sha256_ctx c;
    unsigned char dg[SHA256_DIGEST_LEN];
    sha256_init(&c);
    for (size_t i = 0; i < d->n; i++) {
        sha256_update(&c, d->items[i].name, strlen(d->items[i].name));
        sha256_update(&c, " ", 1);
        sha256_update(&c, d->items[i].checksum, SHA256_HEX_LEN);
        sha256_update(&c, "\n", 1);
    }
    sha256_final(&c, dg);
    sha256_to_hex(out, dg);
}

char *migrate_sum_text(arena *a, const migrate_dir *d)
{
    char total[SHA256_HEX_LEN + 1];
    migrate__sum_total(total, d);
    strbuf b;
    strbuf_init(&b, a);
    strbuf_printf(&b, "schemac-sum v1 h1:%s\n", total);
    for (size_t i = 0; i < d->n; i++)
        strbuf_printf(&b, "%s h1:%s\n", d->items[i].name, d->items[i].checksum);
    return strbuf_str(&b);
}

static const migrate_entry *migrate__find(const migrate_dir *d, const char *name, size_t len)
{
    for (size_t i = 0; i < d->n; i++)
        if (strlen(d->items[i].name) == len && strncmp(d->items[i].name, name, len) == 0)
            return &d->items[i];
    return NULL;
}

int migrate_sum_verify(const migrate_dir *d, arena *a, const char **err)
{
    if (!d->sum) {
        if (d->n == 0)
            return 0;
        *err = arena_printf(a, "%s/%s is missing: the folder was not written by `schemac migrate diff`; "
                               "run `schemac migrate hash` if its migrations are what you want",
                            d->path, MIGRATE_SUM_FILE);
        return -1;
    }
    const char *want = migrate_sum_text(a, d);
    if (strcmp(want, d->sum) == 0)
        return 0;
    strbuf b;
    strbuf_init(&b, a);
    strbuf_printf(&b, "%s/%s does not match the migrations folder:\n", d->path, MIGRATE_SUM_FILE);
    /* Walk the listed lines: what is missing, edited or out of order. */
    const char *p = strchr(d->sum, '\n');
    size_t listed = 0, problems = 0;
    bool *seen = ARENA_ARRAY(a, bool, d->n + 1);
    while (p && p[1]) {
        const char *line = p + 1;
        p = strchr(line, '\n');
        size_t n = p ? (size_t)(p - line) : strlen(line);
        /* The name is everything before the line's last blank: it may hold blanks of its own. */
        const char *sp = NULL;
        for (size_t k = n; k-- > 0 && !sp;)
            if (line[k] == ' ')
                sp = line + k;
        if (!sp)
            continue;
        size_t nlen = (size_t)(sp - line);
        const migrate_entry *e = migrate__find(d, line, nlen);
        if (e)
            seen[e - d->items] = true;
        if (!e) {
            strbuf_printf(&b, "  %.*s: listed but its folder is gone\n", (int)nlen, line);
            problems++;
        } else if (n - nlen - 1 != 3 + SHA256_HEX_LEN || strncmp(sp + 4, e->checksum, SHA256_HEX_LEN) != 0) {
            strbuf_printf(&b, "  %s: edited after it was written (checksum differs)\n", e->name);
            problems++;
        } else if (listed >= d->n || strcmp(d->items[listed].name, e->name) != 0) {
            strbuf_printf(&b, "  %s: listed out of order\n", e->name);
            problems++;
        }
        listed++;
    }
    for (size_t i = 0; i < d->n; i++) {
        if (seen[i])
            continue;
        strbuf_printf(&b, "  %s: not in the sum file (added by hand, or by another branch)\n", d->items[i].name);
        problems++;
    }
    if (!problems)
        strbuf_puts(&b, "  the sum file itself was edited\n");
    strbuf_puts(&b, "if two branches each added a migration, delete yours and re-create it on top with "
                     "`schemac migrate diff`; if the edit is deliberate and nothing applied it yet, run "
                     "`schemac migrate hash`");
    *err = strbuf_str(&b);
    return -1;
}

int migrate_sum_write(const migrate_dir *d, arena *a, const char **err)
{
    const char *text = migrate_sum_text(a, d);
    const char *path = arena_printf(a, "%s/%s", d->path, MIGRATE_SUM_FILE);
    if (fileio_write_file(path, text, strlen(text)) != 0) {
        *err = arena_printf(a, "cannot write %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- SQL files */

/* The line and column of byte OFF in TEXT, for messages. */
static const char *migrate__where(arena *a, const char *text, size_t off)
{
    size_t line = 1, col = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    return arena_printf(a, "line %zu, column %zu", line, col);
}

/* Markers and flags: migrate.h. */
int migrate_split_sections(migrate_sections *out, arena *a, ir_provider provider, const char *file, const char *text,
                           const char **err)
{
    memset(out, 0, sizeof *out);
    strbuf parts[3], warn;
    for (int i = 0; i < 3; i++)
        strbuf_init(&parts[i], a);
    strbuf_init(&warn, a);
    int cur = 1; /* a file without markers is one transaction */
    sqlscan s;
    sqlscan_init(&s, provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE, text, strlen(text));
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_END)
            break;
        if (t.kind == SQLTOK_ERROR) {
            *err = arena_printf(a, "%s: %s at %s: the file cannot be split into statements safely, so nothing "
                                   "of it runs",
                                file, s.error, migrate__where(a, text, t.start));
            return -1;
        }
        const char *tok = text + t.start;
        size_t len = t.len;
        if (t.kind == SQLTOK_LINE_COMMENT && sqlscan_at_line_start(&s, &t)) {
            while (len > 2 && (tok[len - 1] == ' ' || tok[len - 1] == '\t' || tok[len - 1] == '\r'))
                len--;
            const char *body = arena_strndup(a, tok, len);
            if (strncmp(body, "-- schemac:", 11) == 0) {
                const char *d = body + 11;
                if (strcmp(d, "section pre") == 0)
                    cur = 0;
                else if (strcmp(d, "section tx") == 0)
                    cur = 1;
                else if (strcmp(d, "section post") == 0)
                    cur = 2;
                else if (strcmp(d, "data-loss") == 0)
                    out->data_loss = true;
                else if (strcmp(d, "sqlite-rebuild") == 0)
                    out->rebuild = true;
                else {
                    *err = arena_printf(a, "%s: unknown directive \"%s\" at %s (known: section pre|tx|post, "
                                           "data-loss, sqlite-rebuild)",
                                        file, body, migrate__where(a, text, t.start));
                    return -1;
                }
                if (strncmp(d, "section ", 8) == 0) {
                    /* the marker's line end goes with it */
                    if (s.pos < s.len && text[s.pos] == '\r')
                        s.pos++;
                    if (s.pos < s.len && text[s.pos] == '\n')
                        s.pos++;
                    continue;
                }
            } else if (strncmp(body, "-- warning[", 11) == 0 && strstr(body, "(data loss)")) {
                strbuf_printf(&warn, "  %s\n", body + 3);
            }
        }
        strbuf_puts(&parts[cur], arena_strndup(a, tok, t.len));
    }
    out->pre = strbuf_str(&parts[0]);
    out->tx = strbuf_str(&parts[1]);
    out->post = strbuf_str(&parts[2]);
    out->warnings = strbuf_str(&warn);
    return 0;
}

int migrate_split_statements(const char ***out, size_t *n, arena *a, ir_provider provider, const char *text,
                             const char **err)
{
    size_t len = strlen(text), count = 0, cap = 0;
    const char **list = NULL;
    sqlscan s;
    sqlscan_init(&s, provider == IR_PROVIDER_POSTGRESQL ? SQLSCAN_POSTGRES : SQLSCAN_SQLITE, text, len);
    size_t from = 0;
    bool code = false;
    for (;;) {
        sqltok t = sqlscan_next(&s);
        if (t.kind == SQLTOK_ERROR) {
            *err = arena_printf(a, "%s in an autocommit section", s.error);
            return -1;
        }
        bool end = t.kind == SQLTOK_END || t.kind == SQLTOK_SEMICOLON;
        if (!end && t.kind != SQLTOK_SPACE && t.kind != SQLTOK_LINE_COMMENT && t.kind != SQLTOK_BLOCK_COMMENT)
            code = true;
        if (!end)
            continue;
        size_t to = t.start + t.len;
        if (code) {
            list = arena_reserve(a, list, count + 1, &cap, sizeof *list, 8);
            list[count++] = arena_strndup(a, text + from, to - from);
        }
        if (t.kind == SQLTOK_END)
            break;
        from = to;
        code = false;
    }
    if (!list)
        list = ARENA_ARRAY(a, const char *, 1);
    list[count] = NULL;
    *out = list;
    *n = count;
    return 0;
}

static void migrate__section(strbuf *b, const char *name, const char *body)
{
    if (!body || !*body)
        return;
    strbuf_printf(b, "\n-- schemac:section %s\n", name);
    strbuf_puts(b, body);
}

char *migrate_render_sql(arena *a, const char *title, const plan_dialect *pd, const diff_result *d,
                         const safety_report *w, const plan_script *script)
{
    strbuf b;
    strbuf_init(&b, a);
    strbuf_printf(&b, "-- %s (%s)\n", sqltext_comment(a, title), pd->name);
    strbuf_puts(&b, "-- Written by `schemac migrate diff`. Editing it changes its checksum: run "
                     "`schemac migrate hash` before anyone applies it.\n");
    if (w->n) {
        strbuf_puts(&b, "--\n");
        for (size_t i = 0; i < w->n; i++) {
            strbuf_printf(&b, "-- warning[%s]%s: %s\n", w->items[i].code, w->items[i].data_loss ? " (data loss)" : "",
                           sqltext_comment(a, w->items[i].message));
            strbuf_printf(&b, "--   fix: %s\n", sqltext_comment(a, w->items[i].fix));
        }
    }
    strbuf_puts(&b, "--\n-- steps:\n");
    for (size_t i = 0; i < d->nsteps; i++)
        strbuf_printf(&b, "--   %s\n", sqltext_comment(a, diff_step_describe(a, &d->steps[i])));
    if (w->data_loss)
        strbuf_puts(&b, "-- schemac:data-loss\n");
    if (script->rebuild) {
        strbuf_puts(&b, "-- Tables are rebuilt: `schemac migrate apply` turns foreign_keys off before the transaction,\n"
                         "-- saves and re-creates views and triggers, and runs PRAGMA foreign_key_check before COMMIT.\n");
        strbuf_puts(&b, "-- schemac:sqlite-rebuild\n");
    }
    migrate__section(&b, "pre", script->pre);
    migrate__section(&b, "tx", script->tx);
    migrate__section(&b, "post", script->post);
    return strbuf_str(&b);
}

/* ---------------------------------------------------------------- diff */

static const char *migrate__now(arena *a)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
    return arena_strdup(a, buf);
}

/* A folder-safe version of NAME: letters, digits and '_' only. */
static const char *migrate__clean_name(arena *a, const char *name)
{
    char *s = arena_strdup(a, name && *name ? name : "migration");
    for (char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '_')
            *p = '_';
    return s;
}

/* Remove the hidden folder of a diff that failed: its files, then the folder. */
static void migrate__remove_tmp(arena *a, const char *tmp)
{
    static const char *const names[] = {"up.sql", "down.sql", "schema.json"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        remove(arena_printf(a, "%s/%s", tmp, names[i]));
    rmdir(tmp);
}

/* TS, or the latest migration's timestamp plus one when TS would not sort after it. */
static const char *migrate__next_stamp(arena *a, const migrate_dir *d, const char *ts)
{
    if (d->n == 0 || strncmp(ts, d->items[d->n - 1].name, 14) > 0)
        return ts;
    char last[15];
    memcpy(last, d->items[d->n - 1].name, 14);
    last[14] = '\0';
    long long v = strtoll(last, NULL, 10) + 1;
    return arena_printf(a, "%014lld", v);
}

static safety_context migrate__safety_ctx(const plan_dialect *pd, const plan_options *po)
{
    safety_context ctx = {pd->provider, pd->concurrent_index(po), po->low_lock, false};
    return ctx;
}

int migrate_diff(migrate_diff_result *out, arena *a, const ir_schema *current, const migrate_diff_options *opt,
                 const char **err)
{
    memset(out, 0, sizeof *out);
    const plan_dialect *pd = plan_dialect_for(current->provider);
    if (!pd) {
        *err = "the schema has no datasource naming its database: pass --dialect sqlite|postgresql";
        return -1;
    }
    migrate_dir dir;
    if (migrate_dir_read(&dir, a, opt->dir, err) != 0 || migrate_sum_verify(&dir, a, err) != 0)
        return -1;
    ir_schema *from = ARENA_NEW(a, ir_schema);
    from->provider = current->provider;
    if (dir.n) {
        if (migrate_entry_snapshot(from, a, &dir.items[dir.n - 1], err) != 0)
            return -1;
        if (from->provider != current->provider) {
            *err = arena_printf(a,
                                "the migrations in %s are for %s but this diff is for %s: keep one folder per "
                                "database and pass the matching --dialect and --dir",
                                opt->dir, ir_provider_name(from->provider), ir_provider_name(current->provider));
            return -1;
        }
    }
    diff_options dopt = DIFF_OPTIONS_INIT;
    dopt.renames = opt->renames;
    dopt.nrenames = opt->nrenames;
    if (diff_schemas(&out->diff, a, from, current, &dopt, err) != 0)
        return -1;
    if (out->diff.nsteps == 0) {
        out->empty = true;
        return 0;
    }
    /* Down: the same diff the other way round, with every rename reversed. */
    diff_rename *back = ARENA_ARRAY(a, diff_rename, opt->nrenames + 1);
    for (size_t i = 0; i < opt->nrenames; i++) {
        const diff_rename *r = &opt->renames[i];
        back[i].from = r->to;
        back[i].to = r->from;
        back[i].table = NULL;
        if (r->table) {
            /* The column's table under its FROM name, which is TO's name in the reverse direction. */
            back[i].table = r->table;
            for (size_t k = 0; k < opt->nrenames; k++)
                if (!opt->renames[k].table && strcmp(opt->renames[k].to, r->table) == 0)
                    back[i].table = opt->renames[k].from;
        }
    }
    diff_options ropt = DIFF_OPTIONS_INIT;
    ropt.renames = back;
    ropt.nrenames = opt->nrenames;
    diff_result down;
    if (diff_schemas(&down, a, current, from, &ropt, err) != 0)
        return -1;
    safety_context ctx = migrate__safety_ctx(pd, &opt->plan);
    safety_context down_ctx = ctx;
    down_ctx.fill_required = true;
    safety_report down_w;
    safety_check(&out->warnings, a, &out->diff, &ctx);
    safety_check(&down_w, a, &down, &down_ctx);
    plan_script up_s, down_s;
    pd->plan(&up_s, a, &out->diff, from, current, &opt->plan);
    plan_options down_opt = opt->plan;
    down_opt.fill_required = true;
    pd->plan(&down_s, a, &down, current, from, &down_opt);
    for (size_t i = 0; i < up_s.npre_enum_values; i++)
        safety_note_enum_value_before_tx(&out->warnings, a, up_s.pre_enum_values[i]);
    for (size_t i = 0; i < down_s.npre_enum_values; i++)
        safety_note_enum_value_before_tx(&down_w, a, down_s.pre_enum_values[i]);

    const char *stamp = migrate__next_stamp(a, &dir, opt->timestamp ? opt->timestamp : migrate__now(a));
    const char *name = arena_printf(a, "%s_%s", stamp, migrate__clean_name(a, opt->name));
    out->up_sql = migrate_render_sql(a, arena_printf(a, "migration %s: up", name), pd, &out->diff, &out->warnings, &up_s);
    out->down_sql = migrate_render_sql(a, arena_printf(a, "migration %s: down", name), pd, &down, &down_w, &down_s);
    out->down_warnings = down_w;
    if (opt->check_only)
        return 0;

    const char *folder = arena_printf(a, "%s/%s", opt->dir, name);
    if (source_mkdirs(a, opt->dir) != 0) {
        *err = arena_printf(a, "cannot create %s: %s", opt->dir, strerror(errno));
        return -1;
    }
    /*
     * The files go into a hidden folder first (its name is not a migration's,
     * so a reader never sees it) and the folder is renamed into place: a diff
     * that fails or is killed half-way never leaves a half-written migration.
     */
    const char *tmp = arena_printf(a, "%s/.%s.tmp%ld", opt->dir, name, (long)getpid());
    if (mkdir(tmp, 0777) != 0) {
        *err = arena_printf(a, "cannot create %s: %s", tmp, strerror(errno));
        return -1;
    }
    const char *snapshot = ir_to_json(a, current);
    const char *files[3][2] = {{"up.sql", out->up_sql}, {"down.sql", out->down_sql}, {"schema.json", snapshot}};
    for (int i = 0; i < 3; i++) {
        const char *path = arena_printf(a, "%s/%s", tmp, files[i][0]);
        if (fileio_write_file(path, files[i][1], strlen(files[i][1])) != 0) {
            *err = arena_printf(a, "cannot write %s: %s", path, strerror(errno));
            migrate__remove_tmp(a, tmp);
            return -1;
        }
    }
    if (rename(tmp, folder) != 0) {
        *err = arena_printf(a, "cannot move %s to %s: %s", tmp, folder, strerror(errno));
        migrate__remove_tmp(a, tmp);
        return -1;
    }
    out->folder = folder;
    /* The sum file: the migrations read and verified above, then this one (its name sorts last), checksummed
       from the texts just written rather than read back and hashed again. */
    migrate_dir now = dir;
    now.items = ARENA_ARRAY(a, migrate_entry, dir.n + 1);
    if (dir.n)
        memcpy(now.items, dir.items, dir.n * sizeof *dir.items);
    migrate_entry *e = &now.items[now.n++];
    e->name = name;
    e->path = folder;
    e->up = out->up_sql;
    e->down = out->down_sql;
    e->snapshot = snapshot;
    migrate_checksum(e->checksum, e->up, e->down, e->snapshot);
    migrate_apply_checksum(e->apply_checksum, e->up, e->snapshot);
    return migrate_sum_write(&now, a, err);
}

int migrate_parse_rename(diff_rename *r, arena *a, const char *text, bool column)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text || !eq[1])
        return -1;
    r->to = arena_strdup(a, eq + 1);
    if (!column) {
        r->table = NULL;
        r->from = arena_strndup(a, text, (size_t)(eq - text));
        return strchr(r->to, '=') ? -1 : 0;
    }
    const char *dot = memchr(text, '.', (size_t)(eq - text));
    if (!dot || dot == text || dot + 1 == eq)
        return -1;
    r->table = arena_strndup(a, text, (size_t)(dot - text));
    r->from = arena_strndup(a, dot + 1, (size_t)(eq - dot - 1));
    return 0;
}

/* ---------------------------------------------------------------- durations */

static const struct {
    const char *unit;
    long long ms;
} migrate__units[] = {{"ms", 1}, {"s", 1000}, {"min", 60000}, {"m", 60000}, {"h", 3600000}};

/*
 * One syntax for every timeout option, close to PostgreSQL's (which --lock-timeout
 * ends up in): a bare number is milliseconds, as lock_timeout reads it. "m" is
 * accepted for minutes because people write "5m"; PostgreSQL itself wants "min".
 */
int migrate_parse_duration(long long *ms, const char *text)
{
    if (!text || !isdigit((unsigned char)text[0]))
        return -1;
    errno = 0;
    char *end = NULL;
    long long n = strtoll(text, &end, 10);
    if (errno != 0 || n < 0)
        return -1;
    long long scale = 0;
    if (*end == '\0') {
        /* a bare number is only 0: "5" read as 5 ms (PostgreSQL's reading) is a trap */
        scale = n == 0 ? 1 : 0;
    } else {
        for (size_t i = 0; i < sizeof migrate__units / sizeof migrate__units[0]; i++)
            if (strcmp(end, migrate__units[i].unit) == 0)
                scale = migrate__units[i].ms;
    }
    const long long max = 24LL * 3600000;
    if (scale == 0 || n > max / scale)
        return -1;
    *ms = n * scale;
    return 0;
}

static const char *migrate__duration(arena *a, long long ms, const char *minutes)
{
    if (ms > 0 && ms % 3600000 == 0)
        return arena_printf(a, "%lldh", ms / 3600000);
    if (ms > 0 && ms % 60000 == 0)
        return arena_printf(a, "%lld%s", ms / 60000, minutes);
    if (ms > 0 && ms % 1000 == 0)
        return arena_printf(a, "%llds", ms / 1000);
    return arena_printf(a, "%lldms", ms);
}

const char *migrate_format_duration(arena *a, long long ms)
{
    return migrate__duration(a, ms, "m");
}

const char *migrate_pg_duration(arena *a, long long ms)
{
    return migrate__duration(a, ms, "min");
}

char *migrate_drift_text(arena *a, size_t n, const char *report)
{
    return arena_printf(a,
                        "drift: the database differs from the last applied migration (%zu difference%s; "
                        "\"A != B\" reads: the migrations say A, the database has B):\n%s",
                        n, n == 1 ? "" : "s", report ? report : "");
}
