/*
 * testutil.h - small helpers shared by the C tests (header-only).
 *
 * Tests find their data through SCHEMAC_TEST_DATA (the tests/ folder), write
 * scratch files under SCHEMAC_TEST_TMP, and find the throwaway PostgreSQL
 * cluster's URL in the file named by SCHEMAC_TEST_PG_URLFILE (set by ctest
 * for tests registered with PG).
 */
#ifndef SCHEMAC_TESTUTIL_H
#define SCHEMAC_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The tests/ source folder, or "." when run by hand. */
static inline const char *testutil_data_dir(void)
{
    const char *d = getenv("SCHEMAC_TEST_DATA");
    return d && *d ? d : ".";
}

/* A scratch folder that exists. */
static inline const char *testutil_tmp_dir(void)
{
    const char *d = getenv("SCHEMAC_TEST_TMP");
    return d && *d ? d : "/tmp";
}

/*
 * The PostgreSQL URL of the test cluster, read into BUF. Returns BUF, or NULL
 * when no cluster is configured (the test should then fail, not skip: every
 * PostgreSQL test is registered with the cluster fixture).
 */
static inline char *testutil_pg_url(char *buf, size_t size)
{
    const char *f = getenv("SCHEMAC_TEST_PG_URLFILE");
    if (!f || !*f)
        return NULL;
    FILE *fp = fopen(f, "r");
    if (!fp)
        return NULL;
    char *r = fgets(buf, (int)size, fp);
    fclose(fp);
    if (!r)
        return NULL;
    buf[strcspn(buf, "\r\n")] = '\0';
    return buf;
}

/* Read a whole file into a malloc'd NUL-terminated buffer (NULL on error). */
static inline char *testutil_read_file(const char *path, size_t *len_out)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    if (fseek(fp, 0, SEEK_END) != 0) {
        fclose(fp);
        return NULL;
    }
    long n = ftell(fp);
    if (n < 0 || fseek(fp, 0, SEEK_SET) != 0) {
        fclose(fp);
        return NULL;
    }
    char *buf = malloc((size_t)n + 1);
    if (!buf) {
        fclose(fp);
        return NULL;
    }
    size_t got = fread(buf, 1, (size_t)n, fp);
    fclose(fp);
    buf[got] = '\0';
    if (len_out)
        *len_out = got;
    return buf;
}

#endif
