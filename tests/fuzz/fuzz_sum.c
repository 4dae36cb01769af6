/*
 * fuzz_sum.c - libFuzzer target for the sum file (schemac.sum): the text
 * migrate_sum_text writes and migrate_sum_verify checks against a
 * migrations folder.
 *
 * The input is the sum file's text, then the folder's migrations, each
 * after a 0xFF byte: its folder name, a NUL byte, then its up.sql (the
 * other two files are fixed). The folder is built in memory as
 * migrate_dir_read would list it: only names it takes for migrations
 * (14 digits and '_'), without the names it refuses (a control character),
 * sorted, without duplicates; every text ends at its first NUL.
 * Invariants:
 *   - the sum text written for the folder verifies, and reads back line by
 *     line as exactly the folder's names and checksums, in order (so no two
 *     folders have the same sum file);
 *   - a fuzzed sum text verifies only if it reads back the same way; when
 *     it does not verify, the message names every migration it does not
 *     list, and blames the first line alone when only that one is wrong;
 *   - no sum file verifies only for an empty folder.
 */
#include "fuzz_util.h"

#include <stdbool.h>

#include "migrate/migrate.h"

/* A name migrate_dir_read lists and accepts (see migrate.c). */
static bool fuzz__name_ok(const char *name)
{
    for (int i = 0; i < 14; i++)
        if (name[i] < '0' || name[i] > '9')
            return false;
    if (name[14] != '_')
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p < ' ' || *p == 0x7f || *p == '/')
            return false;
    return true;
}

static int fuzz__cmp(const void *x, const void *y)
{
    return strcmp(((const migrate_entry *)x)->name, ((const migrate_entry *)y)->name);
}

static bool fuzz__hex(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
            return false;
    return true;
}

/*
 * Whether the lines of SUM after its first read back as D's names and
 * checksums in order: "NAME h1:HEX", the name being all before the last
 * blank. With HEAD, the first line must be a well-formed total line too.
 */
static bool fuzz__reads_back(const migrate_dir *d, const char *sum, bool head)
{
    static const char first[] = "schemac-sum v1 h1:";
    const char *p = strchr(sum, '\n');
    if (!p)
        return false;
    if (head && ((size_t)(p - sum) != sizeof first - 1 + SHA256_HEX_LEN || strncmp(sum, first, sizeof first - 1) != 0 ||
                 !fuzz__hex(sum + sizeof first - 1, SHA256_HEX_LEN)))
        return false;
    p++;
    for (size_t i = 0; i < d->n; i++) {
        const char *nl = strchr(p, '\n');
        if (!nl)
            return false;
        size_t n = (size_t)(nl - p), nlen = strlen(d->items[i].name);
        if (n != nlen + 4 + SHA256_HEX_LEN || strncmp(p, d->items[i].name, nlen) != 0 ||
            strncmp(p + nlen, " h1:", 4) != 0 || strncmp(p + nlen + 4, d->items[i].checksum, SHA256_HEX_LEN) != 0)
            return false;
        p = nl + 1;
    }
    return *p == '\0';
}

/* Whether NAME is the name of a line of SUM after its first (all before the line's last blank). */
static bool fuzz__listed(const char *sum, const char *name)
{
    const char *p = strchr(sum, '\n');
    size_t nlen = strlen(name);
    while (p && p[1]) {
        const char *line = p + 1;
        p = strchr(line, '\n');
        size_t n = p ? (size_t)(p - line) : strlen(line);
        size_t k = n;
        while (k > 0 && line[k - 1] != ' ')
            k--;
        if (k > 0 && k - 1 == nlen && strncmp(line, name, nlen) == 0)
            return true;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    arena a;
    arena_init(&a);
    fuzz_parts p;
    fuzz_split(&p, &a, data, size);

    migrate_dir d;
    memset(&d, 0, sizeof d);
    d.path = "migrations";
    d.items = ARENA_ARRAY(&a, migrate_entry, p.n);
    for (size_t i = 1; i < p.n; i++) {
        const char *name = p.text[i];
        size_t nlen = strlen(name);
        if (!fuzz__name_ok(name))
            continue;
        migrate_entry *e = &d.items[d.n++];
        e->name = name;
        e->path = arena_printf(&a, "migrations/%s", name);
        e->up = nlen < p.len[i] ? p.text[i] + nlen + 1 : "";
        e->down = "-- down\n";
        e->snapshot = "{}\n";
        migrate_checksum(e->checksum, e->up, e->down, e->snapshot);
        migrate_apply_checksum(e->apply_checksum, e->up, e->snapshot);
    }
    if (d.n)
        qsort(d.items, d.n, sizeof *d.items, fuzz__cmp);
    size_t kept = 0;
    for (size_t i = 0; i < d.n; i++)
        if (!kept || strcmp(d.items[kept - 1].name, d.items[i].name) != 0)
            d.items[kept++] = d.items[i];
    d.n = kept;

    const char *err = NULL;
    const char *right = migrate_sum_text(&a, &d);
    FUZZ_CHECK(fuzz__reads_back(&d, right, true), "the sum text does not read back as its folder:\n%s", right);
    d.sum = right;
    FUZZ_CHECK(migrate_sum_verify(&d, &a, &err) == 0, "the sum text written for a folder fails: %s", err);

    d.sum = NULL;
    err = NULL;
    int rc = migrate_sum_verify(&d, &a, &err);
    FUZZ_CHECK(rc == (d.n ? -1 : 0), "no sum file: %d for %zu migrations", rc, d.n);
    FUZZ_CHECK(rc == 0 || err, "refused without a reason");

    d.sum = p.text[0];
    err = NULL;
    rc = migrate_sum_verify(&d, &a, &err);
    if (rc == 0) {
        FUZZ_CHECK(fuzz__reads_back(&d, d.sum, true), "a sum text that does not list the folder verifies:\n%s", d.sum);
    } else {
        FUZZ_CHECK(err && strstr(err, "does not match"), "refused without the reason: %s", err ? err : "(none)");
        /* The message names each migration the sum file does not list, and blames the first line only when the rest is right. */
        for (size_t i = 0; i < d.n; i++)
            if (!fuzz__listed(d.sum, d.items[i].name))
                FUZZ_CHECK(strstr(err, arena_printf(&a, "  %s: not in the sum file", d.items[i].name)),
                           "%s is not listed, and the message does not say so:\n%s", d.items[i].name, err);
        if (fuzz__reads_back(&d, d.sum, false))
            FUZZ_CHECK(strstr(err, "the sum file itself was edited") && !strstr(err, ": listed") &&
                           !strstr(err, ": edited") && !strstr(err, ": not in"),
                       "only the first line differs, but the message says:\n%s", err);
    }
    arena_free(&a);
    return 0;
}
