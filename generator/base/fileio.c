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

/* True when PATH is a regular file holding exactly DATA. Never blocks. */
static bool fileio__same(const char *path, const char *data, size_t len)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || (unsigned long long)st.st_size != len)
        return false;
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return false;
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

/* Where writing PATH lands: a symlink's target (so the link stays), else PATH itself. */
static char *fileio__target(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *real = realpath(path, NULL);
        if (real)
            return real;
    }
    return fileio__strcat(path, "");
}

/* Write DATA to a new temporary file next to TARGET, fsynced. Returns its malloc'ed name, or NULL with errno. */
static char *fileio__write_tmp(const char *target, const char *data, size_t len)
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
    mode_t mode;
    struct stat st;
    if (stat(target, &st) == 0 && S_ISREG(st.st_mode)) {
        mode = st.st_mode & 07777;
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
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
    char *target; /* where the file lands */
    char *tmp;    /* its new content, until renamed; NULL when unchanged */
    char *old;    /* a hard link to the old content, kept until every rename is done */
    bool exists;  /* the target existed before */
    bool renamed;
    bool keep_old; /* a failed rename could not be undone: OLD is the only copy of the old content */
} fileio_slot;

static void fileio__free_slots(fileio_slot *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(s[i].target);
        free(s[i].tmp);
        free(s[i].old);
    }
    free(s);
}

/* The length of PATH's folder part with its slash ("a/b/" of "a/b/c", "/" of "/c"; 0 for a bare name). */
static size_t fileio__dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

/* Whether a file renamed before S[I] has the same folder (which is synced once for both). */
static bool fileio__parent_seen(const fileio_slot *s, size_t i)
{
    size_t len = fileio__dir_len(s[i].target);
    for (size_t j = 0; j < i; j++)
        if (s[j].renamed && fileio__dir_len(s[j].target) == len && memcmp(s[j].target, s[i].target, len) == 0)
            return true;
    return false;
}

int fileio_write_files(const fileio_file *files, size_t n, const char **failed)
{
    if (failed)
        *failed = NULL;
    fileio_slot *s = calloc(n ? n : 1, sizeof *s);
    if (!s)
        return -1;
    int e = 0;
    size_t bad = n, nchanged = 0;
    /* 1. Every changed file to a temporary name. */
    for (size_t i = 0; i < n && bad == n; i++) {
        s[i].target = fileio__target(files[i].path);
        if (!s[i].target) {
            e = errno;
            bad = i;
            break;
        }
        if (fileio__same(s[i].target, files[i].data, files[i].len))
            continue;
        struct stat st;
        s[i].exists = lstat(s[i].target, &st) == 0;
        s[i].tmp = fileio__write_tmp(s[i].target, files[i].data, files[i].len);
        if (!s[i].tmp) {
            e = errno;
            bad = i;
        }
        nchanged++;
    }
    if (bad != n) {
        for (size_t i = 0; i < n; i++)
            if (s[i].tmp)
                unlink(s[i].tmp);
        goto out;
    }
    /* 2. With more than one file to replace, keep the old ones reachable until all are renamed. */
    if (nchanged > 1) {
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
    /* 3. The renames; a failure puts back what was renamed so far. */
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
    for (size_t i = 0; i < n && bad == n; i++) {
        if (!s[i].renamed || fileio__parent_seen(s, i))
            continue;
        fileio_sync_parent(s[i].target);
    }
out:
    if (bad != n && failed)
        *failed = files[bad].path;
    fileio__free_slots(s, n);
    if (bad != n) {
        errno = e;
        return -1;
    }
    return 0;
}

int fileio_write_file(const char *path, const char *data, size_t len)
{
    fileio_file f = {path, data, len};
    return fileio_write_files(&f, 1, NULL);
}
