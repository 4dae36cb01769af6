/*
 * errors.c - the sc_error object, code names, and small clock helpers that
 * every other file needs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "internal.h"

void sc_error_clear(sc_error *err)
{
    if (!err)
        return;
    err->code = SC_OK;
    err->sqlite_code = 0;
    err->sqlstate[0] = '\0';
    err->constraint[0] = '\0';
    err->table[0] = '\0';
    err->column[0] = '\0';
    err->message[0] = '\0';
}

void sc_error_copy(sc_error *dst, const sc_error *src)
{
    if (dst && src && dst != src)
        memcpy(dst, src, sizeof *dst);
}

const char *sc_strerror(int code)
{
    switch (code) {
    case SC_OK: return "ok";
    case SC_ROW: return "row";
    case SC_ERROR: return "error";
    case SC_EINVAL: return "invalid argument";
    case SC_ENOMEM: return "out of memory";
    case SC_ENOTFOUND: return "not found";
    case SC_EUNIQUE: return "unique violation";
    case SC_EPRIMARYKEY: return "primary key violation";
    case SC_EFOREIGNKEY: return "foreign key violation";
    case SC_ENOTNULL: return "not null violation";
    case SC_ECHECK: return "check violation";
    case SC_ECONFLICT: return "version conflict";
    case SC_ESERIALIZATION: return "serialization failure";
    case SC_EDEADLOCK: return "deadlock detected";
    case SC_EBUSY: return "database busy";
    case SC_ELOCKTIMEOUT: return "lock timeout";
    case SC_ECONNECTION: return "connection error";
    case SC_ECANCELED: return "canceled";
    case SC_ESYNTAX: return "syntax error";
    case SC_ETIMEOUT: return "timed out";
    case SC_ENULL: return "null value";
    case SC_ETYPE: return "type mismatch";
    case SC_ERANGE: return "out of range";
    case SC_ETXFAILED: return "transaction failed";
    case SC_ESTMTTIMEOUT: return "statement timeout";
    case SC_ECOMMITUNKNOWN: return "commit outcome unknown";
    default: return "unknown error";
    }
}

int sc_code_is_retryable(int code)
{
    return code == SC_ESERIALIZATION || code == SC_EDEADLOCK || code == SC_EBUSY;
}

int sc__error_stale(const sc_error *e)
{
    return strcmp(e->sqlstate, "26000") == 0 || (strcmp(e->sqlstate, "0A000") == 0 && strstr(e->message, "cached plan") != NULL);
}

/* Copy at most LEN bytes of SRC (stopping at NUL) into DST, always terminated. */
void sc__copy_name(char *dst, size_t size, const char *src, size_t len)
{
    if (size == 0)
        return;
    size_t n = 0;
    while (src && n < len && n + 1 < size && src[n])
        n++;
    if (n)
        memcpy(dst, src, n);
    dst[n] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 3, 0)))
#endif
static void error_vset(sc_error *err, int code, const char *fmt, va_list ap)
{
    sc_error_clear(err);
    err->code = code;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    /* one line: driver messages may carry newlines and detail lines */
    for (char *p = err->message; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            *p = '\0';
            break;
        }
    }
}

int sc__error_set(sc_error *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, code, fmt, ap);
    va_end(ap);
    return code;
}

int sc__conn_fail(sc_conn *c, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(&c->err, code, fmt, ap);
    va_end(ap);
    if (code == SC_ECONNECTION)
        c->saw_conn_error = 1;
    return code;
}

int64_t sc__mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t sc__mono_ms(void)
{
    return sc__mono_us() / 1000;
}

void sc__sleep_us(int64_t us)
{
    if (us <= 0)
        return;
    struct timespec ts = { (time_t)(us / 1000000), (long)(us % 1000000) * 1000 };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

const char *sc_version(void)
{
    return "0.1.0";
}
