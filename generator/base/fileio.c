/*
 * fileio.c - the one reader of user files and the one writer of output
 * files (see fileio.h for the rules).
 */
#include "base/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* ---------------------------------------------------------------- reading */

const char *fileio_kind(unsigned mode)
{
    mode_t m = (mode_t)mode;
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    if (S_ISLNK(m))
        return "a symlink";
    return "not a file";
}

/* "64 MiB" for a whole number of MiB, else the bytes. */
static const char *fileio__size(arena *a, size_t n)
{
    const size_t mib = (size_t)1024 * 1024;
    if (n >= mib && n % mib == 0)
        return arena_printf(a, "%zu MiB", n / mib);
    return arena_printf(a, "%zu bytes", n);
}

static int fileio__fail(const char **err, int e, const char *msg)
{
    *err = msg;
    errno = e;
    return -1;
}

/* The refusal of ST (not a regular file, or over MAX), or NULL when PATH may be read. */
static const char *fileio__refusal(arena *a, const char *path, const struct stat *st, size_t max, int *e)
{
    if (!S_ISREG(st->st_mode)) {
        *e = S_ISDIR(st->st_mode) ? EISDIR : EINVAL;
        return arena_printf(a, "%s: not a regular file (%s)", path, fileio_kind((unsigned)st->st_mode));
    }
    if ((unsigned long long)st->st_size > (unsigned long long)max) {
        *e = EFBIG;
        return arena_printf(a, "%s: too large (%lld bytes; the limit is %s)", path, (long long)st->st_size,
                            fileio__size(a, max));
    }
    return NULL;
}

int fileio_read(arena *a, const char *path, size_t max, char **text, size_t *len, const char **err)
{
    *text = NULL;
    if (len)
        *len = 0;
    if (max > SIZE_MAX / 2)
        max = SIZE_MAX / 2; /* room for the arithmetic below */
    /* stat first: a device or FIFO is refused without even opening it. */
    struct stat st;
    int e = 0;
    if (stat(path, &st) != 0) {
        e = errno;
        return fileio__fail(err, e, arena_printf(a, "cannot open %s: %s", path, strerror(e)));
    }
    const char *why = fileio__refusal(a, path, &st, max, &e);
    if (why)
        return fileio__fail(err, e, why);
    /* Non-blocking, and checked again on the descriptor: the path may have been swapped meanwhile. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        e = errno;
        return fileio__fail(err, e, arena_printf(a, "cannot open %s: %s", path, strerror(e)));
    }
    if (fstat(fd, &st) != 0) {
        e = errno;
        close(fd);
        return fileio__fail(err, e, arena_printf(a, "cannot read %s: %s", path, strerror(e)));
    }
    why = fileio__refusal(a, path, &st, max, &e);
    if (why) {
        close(fd);
        return fileio__fail(err, e, why);
    }
    /* The size is a hint: a file may grow while it is read, and some (under /proc) say 0. */
    size_t cap = (size_t)st.st_size + 2;
    if (cap < 4096)
        cap = 4096;
    if (cap > max + 2)
        cap = max + 2;
    char *buf = arena_grow_uninit(a, NULL, 0, cap); /* read() writes it: no zeroing first */
    size_t n = 0;
    for (;;) {
        if (cap - n < 2) {
            size_t ncap = cap > (max + 2) / 2 ? max + 2 : cap * 2;
            buf = arena_grow_uninit(a, buf, cap, ncap);
            cap = ncap;
        }
        ssize_t got = read(fd, buf + n, cap - 1 - n);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            e = errno;
            close(fd);
            return fileio__fail(err, e, arena_printf(a, "cannot read %s: %s", path, strerror(e)));
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > max) {
            close(fd);
            return fileio__fail(err, EFBIG,
                                arena_printf(a, "%s: too large (it grew past the limit of %s while read)", path,
                                             fileio__size(a, max)));
        }
    }
    close(fd);
    buf[n] = '\0';
    *text = buf;
    if (len)
        *len = n;
    return 0;
}

/* ---------------------------------------------------------------- writing */

/* True when PATH, whose stat is ST, is a regular file holding exactly DATA. Never blocks. */
static bool fileio__same(const char *path, const struct stat *st0, const char *data, size_t len)
{
    if (!S_ISREG(st0->st_mode) || (unsigned long long)st0->st_size != len)
        return false;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    bool same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    char buf[16384];
    size_t off = 0;
    while (same) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            same = n == 0 && off == len;
            break;
        }
        if ((size_t)n > len - off || memcmp(buf, data + off, (size_t)n) != 0)
            same = false;
        off += (size_t)n;
    }
    close(fd);
    return same;
}

static char *fileio__strcat(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = malloc(la + lb + 1);
    if (s) {
        memcpy(s, a, la);
        memcpy(s + la, b, lb + 1);
    }
    return s;
}

/* Where writing PATH lands: a symlink's target (so the link stays), else PATH itself. *KNOWN is set when *ST
   already holds the landing place's stat (or -1 in *KNOWN: it does not exist), to spare the caller a lookup. */
static char *fileio__target(const char *path, struct stat *st, int *known)
{
    *known = 0;
    if (lstat(path, st) == 0) {
        if (S_ISLNK(st->st_mode)) {
            char *real = realpath(path, NULL);
            if (real)
                return real;
        } else {
            *known = 1;
        }
    } else if (errno == ENOENT) {
        *known = -1;
    }
    return fileio__strcat(path, "");
}

/* Write DATA to a new temporary file next to TARGET with MODE, fsynced. Returns its malloc'ed name, or NULL with
   errno. */
static char *fileio__write_tmp(const char *target, mode_t mode, const char *data, size_t len)
{
    char *tmp = fileio__strcat(target, ".tmp.XXXXXX");
    if (!tmp)
        return NULL;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        errno = e;
        return NULL;
    }
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
    /* Synced right away: on ext4 without a journal an fsync also writes the inode table block, which keeps
       the next files' inode allocation cheap (fsyncing all files after the last one was written made
       generate slower there, not faster). */
    if (rc == 0 && fsync(fd) != 0)
        rc = -1;
    int e = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc != 0) {
        unlink(tmp);
        free(tmp);
        errno = e;
        return NULL;
    }
    return tmp;
}

int fileio_sync_parent(const char *path)
{
    char *dir = fileio__strcat(path, "");
    if (!dir)
        return -1;
    char *slash = strrchr(dir, '/');
    if (!slash) {
        dir[0] = '.';
        dir[1] = '\0';
    } else if (slash == dir) {
        slash[1] = '\0';
    } else {
        *slash = '\0';
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    /* Some file systems cannot sync a folder and say so with EINVAL: nothing more to do there. */
    int rc = fsync(fd) == 0 || errno == EINVAL ? 0 : -1;
    close(fd);
    return rc;
}

typedef struct fileio_slot {
    const char *path; /* as the caller named it */
    char *target;     /* where the file lands */
    char *tmp;        /* its new content, until renamed; NULL when unchanged */
    char *old;        /* a hard link to the old content, kept until every rename is done */
    bool exists;      /* the target existed before */
    bool renamed;
    bool keep_old;    /* a failed rename could not be undone: OLD is the only copy of the old content */
} fileio_slot;

struct fileio_set {
    fileio_slot *s;
    size_t n, cap;
    size_t nchanged;
    mode_t mode;      /* a new file's mode: 0666 minus the umask */
    int err;          /* errno of the add that failed, 0 */
    const char *bad;  /* the path it failed on */
};

fileio_set *fileio_set_begin(void)
{
    fileio_set *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    mode_t mask = umask(0);
    umask(mask);
    w->mode = 0666 & ~mask;
    return w;
}

static void fileio__free_set(fileio_set *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->s[i].target);
        free(w->s[i].tmp);
        free(w->s[i].old);
    }
    free(w->s);
    free(w);
}

/* Remove the temporary files of W (after a failure before the renames). */
static void fileio__unlink_tmps(fileio_set *w)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->s[i].tmp && !w->s[i].renamed) {
            unlink(w->s[i].tmp);
            free(w->s[i].tmp);
            w->s[i].tmp = NULL;
        }
}

/* Record that adding PATH failed with E: every temporary file goes. */
static int fileio__add_failed(fileio_set *w, const char *path, int e)
{
    w->err = e;
    w->bad = path;
    fileio__unlink_tmps(w);
    errno = e;
    return -1;
}

int fileio_set_add(fileio_set *w, const char *path, const char *data, size_t len)
{
    if (w->err) {
        errno = w->err;
        return -1;
    }
    if (w->n == w->cap) {
        size_t ncap = w->cap ? w->cap * 2 : 16;
        fileio_slot *grown = realloc(w->s, ncap * sizeof *grown);
        if (!grown)
            return fileio__add_failed(w, path, ENOMEM);
        w->s = grown;
        w->cap = ncap;
    }
    fileio_slot *s = &w->s[w->n];
    memset(s, 0, sizeof *s);
    s->path = path;
    struct stat st;
    int known = 0;
    s->target = fileio__target(path, &st, &known);
    if (!s->target)
        return fileio__add_failed(w, path, errno);
    w->n++;
    bool have = known == 1 || (known == 0 && stat(s->target, &st) == 0);
    if (have && fileio__same(s->target, &st, data, len))
        return 0;
    struct stat lst;
    s->exists = have || (known == 0 && lstat(s->target, &lst) == 0);
    s->tmp = fileio__write_tmp(s->target, have && S_ISREG(st.st_mode) ? st.st_mode & 07777 : w->mode, data, len);
    if (!s->tmp)
        return fileio__add_failed(w, path, errno);
    w->nchanged++;
    return 0;
}

void fileio_set_abort(fileio_set *w)
{
    if (!w)
        return;
    fileio__unlink_tmps(w);
    fileio__free_set(w);
}

/* The length of PATH's folder part with its slash ("a/b/" of "a/b/c", "/" of "/c"; 0 for a bare name). */
static size_t fileio__dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

int fileio_set_commit(fileio_set *w, const char **failed)
{
    if (failed)
        *failed = NULL;
    if (!w)
        return -1;
    if (w->err) {
        int e = w->err;
        if (failed)
            *failed = w->bad;
        fileio__free_set(w);
        errno = e;
        return -1;
    }
    fileio_slot *s = w->s;
    size_t n = w->n, bad = n;
    int e = 0;
    /* With more than one file to replace, keep the old ones reachable until all are renamed. */
    if (w->nchanged > 1) {
        for (size_t i = 0; i < n; i++) {
            if (!s[i].tmp || !s[i].exists)
                continue;
            s[i].old = fileio__strcat(s[i].tmp, ".old");
            if (s[i].old && link(s[i].target, s[i].old) != 0) {
                /* No hard links here (or a folder in the way): that file cannot be put back. */
                free(s[i].old);
                s[i].old = NULL;
            }
        }
    }
    /* The renames; a failure puts back what was renamed so far. */
    for (size_t i = 0; i < n; i++) {
        if (!s[i].tmp)
            continue;
        if (rename(s[i].tmp, s[i].target) != 0) {
            e = errno;
            bad = i;
            break;
        }
        s[i].renamed = true;
    }
    if (bad != n) {
        for (size_t i = 0; i < n; i++) {
            if (!s[i].tmp)
                continue;
            if (!s[i].renamed)
                unlink(s[i].tmp);
            else if (s[i].old && rename(s[i].old, s[i].target) != 0)
                s[i].keep_old = true; /* could not be put back: leave the old content where it is */
            else if (!s[i].old && !s[i].exists)
                unlink(s[i].target);
        }
    }
    for (size_t i = 0; i < n; i++)
        if (s[i].old && !s[i].keep_old)
            unlink(s[i].old);
    /* Each folder that got a file synced once, after all the renames into it (generate wrote 600
       files into one folder and synced it 600 times: most of its system time). */
    const char *synced = NULL; /* the folder synced last (files are mostly in one) */
    for (size_t i = 0; i < n && bad == n; i++) {
        if (!s[i].renamed)
            continue;
        size_t len = fileio__dir_len(s[i].target);
        bool seen = synced && fileio__dir_len(synced) == len && memcmp(synced, s[i].target, len) == 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = s[j].renamed && fileio__dir_len(s[j].target) == len && memcmp(s[j].target, s[i].target, len) == 0;
        if (seen)
            continue;
        fileio_sync_parent(s[i].target);
        synced = s[i].target;
    }
    if (bad != n && failed)
        *failed = s[bad].path;
    fileio__free_set(w);
    if (bad != n) {
        errno = e;
        return -1;
    }
    return 0;
}

int fileio_write_files(const fileio_file *files, size_t n, const char **failed)
{
    if (failed)
        *failed = NULL;
    fileio_set *w = fileio_set_begin();
    if (!w)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (fileio_set_add(w, files[i].path, files[i].data, files[i].len) != 0)
            break;
    return fileio_set_commit(w, failed);
}

int fileio_write_file(const char *path, const char *data, size_t len)
{
    fileio_file f = {path, data, len};
    return fileio_write_files(&f, 1, NULL);
}
