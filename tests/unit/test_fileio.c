/*
 * test_fileio.c - the reader of user files (regular files only, never
 * blocking, capped) and the all-or-nothing writer of output files.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/fileio.h"
#include "testutil.h"

static char g_dir[512];

static const char *in_dir(const char *name)
{
    static char buf[4][640];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", g_dir, name);
    return p;
}

static void put(const char *path, const char *text, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

static char *get(const char *path)
{
    char *t = testutil_read_file(path, NULL);
    assert_non_null(t);
    return t;
}

/* The names in g_dir, sorted and joined by spaces: what a failed write may not leave behind. */
static char *listing(void)
{
    DIR *d = opendir(g_dir);
    assert_non_null(d);
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && n < 64)
            names[n++] = strdup(e->d_name);
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    static char out[4096];
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, " ");
        strcat(out, names[i]);
        free(names[i]);
    }
    return out;
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "%s/fileio.XXXXXX", testutil_tmp_dir());
    assert_non_null(mkdtemp(g_dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---------------------------------------------------------------- reading */

static void test_read_regular(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    put(in_dir("x.sql"), "ab\0cd", 5);
    char *text = NULL;
    size_t len = 0;
    const char *err = NULL;
    assert_int_equal(fileio_read(&a, in_dir("x.sql"), 100, &text, &len, &err), 0);
    assert_int_equal(len, 5);
    assert_memory_equal(text, "ab\0cd", 6); /* and the NUL after the last byte */
    /* An empty file is an empty string. */
    put(in_dir("empty"), "", 0);
    assert_int_equal(fileio_read(&a, in_dir("empty"), 100, &text, &len, &err), 0);
    assert_int_equal(len, 0);
    assert_string_equal(text, "");
    /* A symlink to a regular file is read through. */
    assert_int_equal(symlink(in_dir("x.sql"), in_dir("link.sql")), 0);
    assert_int_equal(fileio_read(&a, in_dir("link.sql"), 100, &text, &len, &err), 0);
    assert_int_equal(len, 5);
    /* A file larger than the buffer's first guess, read in several steps. */
    size_t big = 100000;
    char *data = malloc(big);
    assert_non_null(data);
    for (size_t i = 0; i < big; i++)
        data[i] = (char)('a' + i % 26);
    put(in_dir("big"), data, big);
    assert_int_equal(fileio_read(&a, in_dir("big"), big, &text, &len, &err), 0);
    assert_int_equal(len, big);
    assert_memory_equal(text, data, big);
    free(data);
    arena_free(&a);
}

static void test_read_missing(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    char *text = (char *)"x";
    size_t len = 7;
    const char *err = NULL;
    assert_int_equal(fileio_read(&a, in_dir("none"), 100, &text, &len, &err), -1);
    assert_int_equal(errno, ENOENT);
    assert_null(text);
    assert_non_null(strstr(err, "cannot open"));
    assert_non_null(strstr(err, "/none"));
    /* Below a regular file: ENOTDIR, which callers read as missing too. */
    put(in_dir("plain"), "p", 1);
    assert_int_equal(fileio_read(&a, in_dir("plain/up.sql"), 100, &text, &len, &err), -1);
    assert_int_equal(errno, ENOTDIR);
    arena_free(&a);
}

static void on_alarm(int sig)
{
    (void)sig;
    static const char msg[] = "FAIL: reading a FIFO blocked\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(1);
}

static void test_read_not_regular(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    char *text = NULL;
    size_t len = 0;
    const char *err = NULL;
    /* A FIFO with no writer: opening it for a blocking read would wait forever. */
    signal(SIGALRM, on_alarm);
    alarm(30);
    assert_int_equal(mkfifo(in_dir("fifo.sql"), 0600), 0);
    assert_int_equal(fileio_read(&a, in_dir("fifo.sql"), 100, &text, &len, &err), -1);
    assert_int_equal(errno, EINVAL);
    assert_null(text);
    assert_non_null(strstr(err, "fifo.sql: not a regular file (a FIFO)"));
    alarm(0);
    /* /dev/zero never ends: refused before a byte is read, through a symlink too. */
    assert_int_equal(symlink("/dev/zero", in_dir("zero.sql")), 0);
    assert_int_equal(fileio_read(&a, in_dir("zero.sql"), 100, &text, &len, &err), -1);
    assert_non_null(strstr(err, "zero.sql: not a regular file (a character device)"));
    /* A folder. */
    assert_int_equal(fileio_read(&a, g_dir, 100, &text, &len, &err), -1);
    assert_int_equal(errno, EISDIR);
    assert_non_null(strstr(err, ": not a regular file (a folder)"));
    arena_free(&a);
}

static void test_read_cap(void **state)
{
    (void)state;
    arena a;
    arena_init(&a);
    char *text = NULL;
    size_t len = 0;
    const char *err = NULL;
    put(in_dir("ten"), "0123456789", 10);
    assert_int_equal(fileio_read(&a, in_dir("ten"), 10, &text, &len, &err), 0);
    assert_int_equal(len, 10);
    assert_int_equal(fileio_read(&a, in_dir("ten"), 9, &text, &len, &err), -1);
    assert_int_equal(errno, EFBIG);
    assert_null(text);
    assert_non_null(strstr(err, "ten: too large (10 bytes; the limit is 9 bytes)"));
    /* The message speaks in MiB for the real caps. */
    assert_int_equal(FILEIO_MAX_INPUT_BYTES, 64u * 1024 * 1024);
    assert_int_equal(truncate(in_dir("ten"), (off_t)FILEIO_MAX_INPUT_BYTES + 1), 0);
    assert_int_equal(fileio_read(&a, in_dir("ten"), FILEIO_MAX_INPUT_BYTES, &text, &len, &err), -1);
    assert_non_null(strstr(err, "the limit is 64 MiB"));
    assert_true(a.total < 1024 * 1024); /* refused before reading */
    arena_free(&a);
}

static void test_kind(void **state)
{
    (void)state;
    assert_string_equal(fileio_kind(S_IFIFO), "a FIFO");
    assert_string_equal(fileio_kind(S_IFCHR), "a character device");
    assert_string_equal(fileio_kind(S_IFBLK), "a block device");
    assert_string_equal(fileio_kind(S_IFSOCK), "a socket");
    assert_string_equal(fileio_kind(S_IFDIR), "a folder");
}

/* ---------------------------------------------------------------- writing */

static void test_write_new_and_unchanged(void **state)
{
    (void)state;
    mode_t mask = umask(022);
    fileio_file f[2] = {{in_dir("a.h"), "header\n", 7}, {in_dir("a.c"), "source\n", 7}};
    assert_int_equal(fileio_write_files(f, 2, NULL), 0);
    char *t = get(in_dir("a.h"));
    assert_string_equal(t, "header\n");
    free(t);
    t = get(in_dir("a.c"));
    assert_string_equal(t, "source\n");
    free(t);
    struct stat st;
    assert_int_equal(stat(in_dir("a.h"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    assert_string_equal(listing(), "a.c a.h");
    /* Same content: the file is not touched (same inode). */
    ino_t ino = st.st_ino;
    assert_int_equal(fileio_write_files(f, 2, NULL), 0);
    assert_int_equal(stat(in_dir("a.h"), &st), 0);
    assert_int_equal(st.st_ino, ino);
    /* A replaced file keeps its mode. */
    assert_int_equal(chmod(in_dir("a.c"), 0600), 0);
    assert_int_equal(fileio_write_file(in_dir("a.c"), "new\n", 4), 0);
    assert_int_equal(stat(in_dir("a.c"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    t = get(in_dir("a.c"));
    assert_string_equal(t, "new\n");
    free(t);
    assert_string_equal(listing(), "a.c a.h");
    umask(mask);
}

static void test_write_fails_before_rename(void **state)
{
    (void)state;
    put(in_dir("a.h"), "old h\n", 6);
    put(in_dir("a.c"), "old c\n", 6);
    /* The second file cannot be written (its folder is missing): the first is not replaced either. */
    fileio_file f[3] = {{in_dir("a.h"), "new h\n", 6}, {in_dir("a.c"), "new c\n", 6}, {in_dir("no/x.c"), "x", 1}};
    const char *failed = NULL;
    assert_int_equal(fileio_write_files(f, 3, &failed), -1);
    assert_int_equal(errno, ENOENT);
    assert_string_equal(failed, in_dir("no/x.c"));
    char *t = get(in_dir("a.h"));
    assert_string_equal(t, "old h\n");
    free(t);
    t = get(in_dir("a.c"));
    assert_string_equal(t, "old c\n");
    free(t);
    assert_string_equal(listing(), "a.c a.h"); /* no temporary file left */
}

static void test_write_fails_at_rename(void **state)
{
    (void)state;
    put(in_dir("a.h"), "old h\n", 6);
    /* The second target is a folder: its rename fails after the first one succeeded. */
    assert_int_equal(mkdir(in_dir("b.c"), 0700), 0);
    assert_int_equal(mkdir(in_dir("b.c/inside"), 0700), 0);
    fileio_file f[3] = {{in_dir("a.h"), "new h\n", 6}, {in_dir("n.h"), "new n\n", 6}, {in_dir("b.c"), "c\n", 2}};
    const char *failed = NULL;
    assert_int_equal(fileio_write_files(f, 3, &failed), -1);
    assert_string_equal(failed, in_dir("b.c"));
    /* Put back: the old a.h, no n.h (it did not exist), nothing else left behind. */
    char *t = get(in_dir("a.h"));
    assert_string_equal(t, "old h\n");
    free(t);
    assert_string_equal(listing(), "a.h b.c");
}

static void test_write_through_symlink(void **state)
{
    (void)state;
    assert_int_equal(mkdir(in_dir("real"), 0700), 0);
    put(in_dir("real/s.prisma"), "old\n", 4);
    assert_int_equal(symlink("real/s.prisma", in_dir("s.prisma")), 0);
    assert_int_equal(fileio_write_file(in_dir("s.prisma"), "new\n", 4), 0);
    struct stat st;
    assert_int_equal(lstat(in_dir("s.prisma"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *t = get(in_dir("real/s.prisma"));
    assert_string_equal(t, "new\n");
    free(t);
}

static void test_write_replaces_fifo_without_blocking(void **state)
{
    (void)state;
    /* Comparing with the old content must not open a FIFO for reading. */
    signal(SIGALRM, on_alarm);
    alarm(30);
    assert_int_equal(mkfifo(in_dir("out.h"), 0600), 0);
    assert_int_equal(fileio_write_file(in_dir("out.h"), "x\n", 2), 0);
    alarm(0);
    char *t = get(in_dir("out.h"));
    assert_string_equal(t, "x\n");
    free(t);
}

/* A set written one file at a time: each file's content is taken when it is added, nothing replaced before commit. */
static void test_set_streamed(void **state)
{
    (void)state;
    put(in_dir("a.h"), "old h\n", 6);
    fileio_set *w = fileio_set_begin();
    assert_non_null(w);
    char buf[16];
    strcpy(buf, "new h\n");
    assert_int_equal(fileio_set_add(w, in_dir("a.h"), buf, 6), 0);
    memset(buf, 'x', sizeof buf); /* the caller's text may go as soon as it is added */
    strcpy(buf, "new c\n");
    assert_int_equal(fileio_set_add(w, in_dir("a.c"), buf, 6), 0);
    memset(buf, 'x', sizeof buf);
    /* Before the commit: the old a.h, no a.c, the new contents under temporary names. */
    char *t = get(in_dir("a.h"));
    assert_string_equal(t, "old h\n");
    free(t);
    struct stat st;
    assert_int_not_equal(stat(in_dir("a.c"), &st), 0);
    const char *failed = "not set";
    assert_int_equal(fileio_set_commit(w, &failed), 0);
    assert_null(failed);
    t = get(in_dir("a.h"));
    assert_string_equal(t, "new h\n");
    free(t);
    t = get(in_dir("a.c"));
    assert_string_equal(t, "new c\n");
    free(t);
    assert_string_equal(listing(), "a.c a.h");
}

static void test_set_abort(void **state)
{
    (void)state;
    put(in_dir("a.h"), "old h\n", 6);
    fileio_set *w = fileio_set_begin();
    assert_non_null(w);
    assert_int_equal(fileio_set_add(w, in_dir("a.h"), "new h\n", 6), 0);
    assert_int_equal(fileio_set_add(w, in_dir("n.c"), "new n\n", 6), 0);
    assert_string_not_equal(listing(), "a.h"); /* the temporary files */
    fileio_set_abort(w);
    char *t = get(in_dir("a.h"));
    assert_string_equal(t, "old h\n");
    free(t);
    assert_string_equal(listing(), "a.h");
    fileio_set_abort(NULL);
}

static void test_set_add_fails(void **state)
{
    (void)state;
    put(in_dir("a.h"), "old h\n", 6);
    fileio_set *w = fileio_set_begin();
    assert_non_null(w);
    assert_int_equal(fileio_set_add(w, in_dir("a.h"), "new h\n", 6), 0);
    /* A file that cannot be written: the temporary files already written go at once. */
    assert_int_equal(fileio_set_add(w, in_dir("no/x.c"), "x", 1), -1);
    assert_int_equal(errno, ENOENT);
    assert_string_equal(listing(), "a.h");
    /* Later adds are refused; the commit fails naming the file, and replaces nothing. */
    assert_int_equal(fileio_set_add(w, in_dir("b.c"), "b\n", 2), -1);
    const char *failed = NULL;
    assert_int_equal(fileio_set_commit(w, &failed), -1);
    assert_string_equal(failed, in_dir("no/x.c"));
    char *t = get(in_dir("a.h"));
    assert_string_equal(t, "old h\n");
    free(t);
    assert_string_equal(listing(), "a.h");
}

static void test_sync_parent(void **state)
{
    (void)state;
    assert_int_equal(fileio_sync_parent(in_dir("a.h")), 0);
    assert_int_equal(fileio_sync_parent("relative-name"), 0);
    assert_int_equal(fileio_sync_parent("/etc"), 0);
    assert_int_equal(fileio_sync_parent(in_dir("missing/x")), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_read_regular, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_missing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_not_regular, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_cap, setup, teardown),
        cmocka_unit_test(test_kind),
        cmocka_unit_test_setup_teardown(test_write_new_and_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_fails_before_rename, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_fails_at_rename, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_through_symlink, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_replaces_fifo_without_blocking, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_streamed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_abort, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_add_fails, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sync_parent, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
