/*
 * schemac/timestamp.h - timestamps: int64 microseconds since 1970-01-01T00:00:00Z.
 *
 * One explicit type for DateTime columns on both engines. PostgreSQL keeps
 * microseconds; SQLite keeps what sc_conn_options.sqlite_time_format says
 * (ISO-8601 text with milliseconds, or integer Unix milliseconds, as Prisma
 * does), so values written to SQLite are truncated to milliseconds.
 * All functions here are pure and thread-safe.
 */
#ifndef SCHEMAC_TIMESTAMP_H
#define SCHEMAC_TIMESTAMP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int64_t sc_timestamp;

#define SC_USEC_PER_SEC INT64_C(1000000)
#define SC_USEC_PER_MSEC INT64_C(1000)

/* Enough room for any text sc_timestamp_format writes, with the NUL. */
#define SC_TIMESTAMP_BUFSIZE 40

typedef enum sc_time_style {
    SC_TIME_ISO_MS = 0,  /* 2024-05-06T07:08:09.123Z (JavaScript toISOString, Prisma) */
    SC_TIME_ISO_US = 1,  /* 2024-05-06T07:08:09.123456Z */
    SC_TIME_SQL_US = 2,  /* 2024-05-06 07:08:09.123456+00 (PostgreSQL input) */
} sc_time_style;

/* The current time (CLOCK_REALTIME). */
sc_timestamp sc_timestamp_now(void);

/* From/to Unix milliseconds (truncating toward minus infinity). */
sc_timestamp sc_timestamp_from_unix_ms(int64_t ms);
int64_t sc_timestamp_to_unix_ms(sc_timestamp ts);

/*
 * Build a timestamp from UTC calendar fields (month 1-12, day 1-31,
 * usec 0-999999). Returns SC_OK or SC_ERANGE (years 1-9999 only).
 */
int sc_timestamp_from_parts(sc_timestamp *out, int year, int month, int day,
                            int hour, int min, int sec, int usec);

/*
 * Parse ISO-8601 / RFC 3339 text of LEN bytes (LEN -1: NUL-terminated):
 * "YYYY-MM-DD", then optionally 'T' or ' ' and "HH:MM[:SS[.fraction]]",
 * then optionally "Z", "+HH", "+HHMM", "+HH:MM" (or '-'), also after a
 * space. No offset means UTC. Returns SC_OK or SC_EINVAL / SC_ERANGE.
 */
int sc_timestamp_parse(sc_timestamp *out, const char *text, long len);

/*
 * Format TS in STYLE into BUF (at least SC_TIMESTAMP_BUFSIZE bytes is always
 * enough). Returns the length written, or SC_ERANGE (year outside 1-9999 or
 * BUF too small).
 */
int sc_timestamp_format(char *buf, size_t size, sc_timestamp ts, sc_time_style style);

#ifdef __cplusplus
}
#endif
#endif
