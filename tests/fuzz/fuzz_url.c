/*
 * fuzz_url.c - libFuzzer target for the database URL parser (runtime/src/url.c,
 * schemac/url.h), which reads untrusted text ($DATABASE_URL, --url).
 *
 * The first byte picks how the rest is used:
 *   0  the URL itself
 *   1  "postgresql://u:" SECRET "@" REST   (a password in the user info)
 *   2  "password=" SECRET " " REST         (a password in a keyword string)
 *   3  REST "?password=" SECRET            (a password parameter)
 * Besides finding crashes and undefined behaviour, each run checks that the
 * secret never shows: not in an error message, not in sc_url_redact's
 * output, not in the display form (forms 1 and 2, where it is always the
 * password), and not in a driver message after sc_url_scrub (form 3: unless
 * REST holds the secret too, where it is no password). Successful
 * parses must be complete (a target, a display, a dialect, a file or memory).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemac/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SECRET "Zq9SecretPw"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    int form = data[0] % 4;
    const char *rest = (const char *)data + 1;
    size_t n = strnlen(rest, size - 1);
    char *url = malloc(n + 64);
    if (!url)
        return 0;
    switch (form) {
    case 0: snprintf(url, n + 64, "%.*s", (int)n, rest); break;
    case 1: snprintf(url, n + 64, "postgresql://u:" SECRET "@%.*s", (int)n, rest); break;
    case 2: snprintf(url, n + 64, "password=" SECRET " %.*s", (int)n, rest); break;
    default: snprintf(url, n + 64, "%.*s?password=" SECRET, (int)n, rest); break;
    }
    /* form 3 only: the secret in REST too need not be a password there */
    const char *first = strstr(url, SECRET);
    int check = form == 1 || form == 2 || (form == 3 && first && (size_t)(first - url) >= n);
    sc_url u;
    sc_error err = SC_ERROR_INIT;
    int rc = sc_url_parse(&u, url, &err);
    if (rc != SC_OK) {
        if (rc != SC_EINVAL && rc != SC_ENOMEM)
            abort();
        if (u.target || u.display || err.code != rc || !err.message[0])
            abort();
        if (check && strstr(err.message, SECRET))
            abort();
    } else {
        if (!u.target || !u.display || !u.sc__secrets)
            abort();
        if (u.dialect != SC_DIALECT_SQLITE && u.dialect != SC_DIALECT_POSTGRES)
            abort();
        if (u.dialect == SC_DIALECT_SQLITE && (!u.sqlite_flags || !u.sqlite_memory != !!u.sqlite_path))
            abort();
        if ((form == 1 || form == 2) && strstr(u.display, SECRET))
            abort();
        char msg[128];
        snprintf(msg, sizeof msg, "driver says: \"%s\" at %s", SECRET, SECRET);
        sc_url_scrub(&u, msg, sizeof msg);
        if ((form == 1 || form == 2) && strstr(msg, SECRET))
            abort();
        sc_url_free(&u);
    }
    char red[256];
    sc_url_redact(red, sizeof red, url);
    if ((form == 1 || form == 2 || (check && rc != SC_OK)) && strstr(red, SECRET))
        abort();
    char tiny[8];
    sc_url_redact(tiny, sizeof tiny, url);
    if (strlen(tiny) >= sizeof tiny)
        abort();
    free(url);
    return 0;
}
