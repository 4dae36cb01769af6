/*
 * cli_common.c - what every subcommand shares: loading a schema through the
 * front end, reporting diagnostics, atomic file output.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parser.h"
#include "sema.h"

int cli_schema_load(cli_schema *s, const char *path)
{
    memset(s, 0, sizeof(*s));
    arena_init(&s->arena);
    diag_init(&s->diags, &s->arena);
    if (source_load(&s->sources, &s->arena, &s->diags, path) != 0) {
        s->io_failed = true;
        return -1;
    }
    if (parse_schema(&s->ast, &s->arena, &s->sources, &s->diags) != 0) {
        /* Semantic checks on a broken tree would only repeat the syntax errors. */
        s->parse_failed = true;
        return -1;
    }
    if (sema_check(&s->ast, &s->arena, &s->sources, &s->diags) != 0) {
        s->sema_failed = true;
        return -1;
    }
    return 0;
}

void cli_schema_free(cli_schema *s)
{
    arena_free(&s->arena);
}

int cli_report(const cli_options *o, cli_schema *s)
{
    /* A stage that failed must have said why; never let a failure pass as success. */
    if ((s->parse_failed || s->sema_failed) && s->diags.nerrors == 0)
        diag_io_error(&s->diags, "internal error: the schema was rejected without a diagnostic");
    diag_sort(&s->diags);
    if (o->format == SC_DIAG_JSON)
        diag_render(&s->diags, &s->sources, stdout, SC_DIAG_JSON, false);
    else
        diag_render(&s->diags, &s->sources, stderr, SC_DIAG_TEXT, o->color);
    if (s->io_failed)
        return CLI_USAGE;
    if (s->parse_failed || s->sema_failed)
        return CLI_SCHEMA_ERROR;
    for (const sc_diag *d = s->diags.first; d; d = d->next)
        if (d->klass == SC_DIAG_IO && d->severity == SC_SEV_ERROR)
            return CLI_USAGE;
    return s->diags.nerrors ? CLI_SCHEMA_ERROR : CLI_OK;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (command && *command)
        fprintf(stderr, "schemac %s: ", command);
    else
        fprintf(stderr, "schemac: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'schemac help' for usage.\n");
    va_end(ap);
    return CLI_USAGE;
}

/* True when PATH already holds exactly DATA. */
static bool cli__same_content(const char *path, const char *data, size_t len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    bool same = true;
    char buf[8192];
    size_t off = 0, n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0) {
        if (off + n > len || memcmp(buf, data + off, n) != 0) {
            same = false;
            break;
        }
        off += n;
    }
    fclose(fp);
    return same && off == len;
}

int cli_write_file_atomic(const char *path, const char *data, size_t len)
{
    if (cli__same_content(path, data, len))
        return 0;
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp)
        return -1;
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return -1;
    }
    mode_t mode = 0644;
    struct stat st;
    if (stat(path, &st) == 0)
        mode = st.st_mode & 07777;
    int rc = 0;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            rc = -1;
            break;
        }
        off += (size_t)w;
    }
    if (rc == 0 && fchmod(fd, mode) != 0)
        rc = -1;
    if (rc == 0 && fsync(fd) != 0)
        rc = -1;
    int saved = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        rc = -1;
        saved = errno;
    }
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    errno = saved;
    return rc;
}
