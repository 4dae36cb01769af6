/*
 * fileio.h - reading the files a user names, and writing output files
 * all or nothing.
 *
 * Every file schemac reads from a user goes through fileio_read: it never
 * blocks on a FIFO or a device (the file is opened non-blocking and checked
 * with fstat), refuses anything that is not a regular file once symlinks
 * are followed, and refuses a file larger than the caller's cap before
 * reading it (and stops reading one that grows past the cap).
 *
 * Every output file goes through fileio_write_files: each file is written
 * to a temporary name in its target's folder and fsynced, and only when all
 * of them are written are they renamed into place. A failure before the
 * renames removes the temporary files and leaves every old file untouched;
 * a failed rename puts the files already renamed back (the old ones are
 * kept as hard links until the end). What remains non-atomic is a process
 * killed between two renames: then some targets hold the new content and
 * some the old, and a temporary file (NAME.tmp.XXXXXX) may be left behind.
 */
#ifndef SCHEMAC_FILEIO_H
#define SCHEMAC_FILEIO_H

#include <stddef.h>

#include "base/arena.h"

/* The cap on one file a user hands to schemac: a schema file, a migration file, a template. */
#define FILEIO_MAX_INPUT_BYTES ((size_t)64 * 1024 * 1024)

/*
 * Read the regular file PATH (symlinks followed) whole into A, with a NUL
 * after the last byte. *LEN gets the size, which exceeds strlen(*TEXT) when
 * the file holds a NUL byte. A file larger than MAX bytes is refused.
 * Returns 0, or -1 with errno set (ENOENT or ENOTDIR when PATH does not
 * exist, EFBIG when it is too large, EINVAL when it is not a regular file)
 * and *ERR a message that names PATH, e.g. "x.sql: not a regular file (a FIFO)".
 */
int fileio_read(arena *a, const char *path, size_t max, char **text, size_t *len, const char **err);

/* "a FIFO", "a folder", "a character device", ... for a st_mode that is not a regular file. */
const char *fileio_kind(unsigned mode);

/* One file of a set written together. */
typedef struct fileio_file {
    const char *path;
    const char *data;
    size_t len;
} fileio_file;

/*
 * Write the N files all or nothing (see above). A target that already holds
 * exactly its new content is left untouched (same inode, same time stamp);
 * a new file gets mode 0666 minus the umask, a replaced one keeps its mode;
 * a target that is a symlink is written through (the link stays).
 * Returns 0, or -1 with errno set and *FAILED (if given) the path that
 * failed.
 */
int fileio_write_files(const fileio_file *files, size_t n, const char **failed);

/*
 * The same, one file at a time: a set of output files whose contents are
 * handed over as they are made, so that the caller needs not hold them all
 * (`schemac generate` writes 600 files for a 300-model schema).
 * fileio_set_add writes one file's content to its temporary name right away
 * (or notes that the target already holds it); DATA may be freed as soon as
 * it returns. fileio_set_commit renames every file into place as
 * fileio_write_files does; fileio_set_abort removes the temporary files
 * and leaves every target as it was. Commit and abort free the set. PATH
 * strings must live until then. A failed add has already removed every
 * temporary file of the set: the caller then only calls commit or abort
 * (commit returns -1, naming the path that failed).
 */
typedef struct fileio_set fileio_set;

fileio_set *fileio_set_begin(void); /* NULL when out of memory */
int fileio_set_add(fileio_set *w, const char *path, const char *data, size_t len);
int fileio_set_commit(fileio_set *w, const char **failed);
void fileio_set_abort(fileio_set *w);

/* fileio_write_files for one file. */
int fileio_write_file(const char *path, const char *data, size_t len);

/* fsync the folder holding PATH, so that a rename or new file in it survives a crash. 0 or -1. */
int fileio_sync_parent(const char *path);

#endif
