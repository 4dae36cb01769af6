/*
 * schemac/errors.h - result codes and the error object of libschemac.
 *
 * Every fallible function returns an int: SC_OK (0) on success, a negative
 * SC_E* code on failure. A few functions also return positive values that are
 * not errors (SC_ROW from sc_stmt_step). The same violation yields the same
 * code on SQLite and PostgreSQL; engine detail (SQLSTATE or SQLite extended
 * result code, constraint, table and column names, message) goes into an
 * sc_error, which is a plain value with fixed-size buffers: no allocation,
 * no _free, safe to copy and to keep on the stack.
 */
#ifndef SCHEMAC_ERRORS_H
#define SCHEMAC_ERRORS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum sc_code {
    SC_OK = 0,
    SC_DONE = 0,             /* sc_stmt_step: no (more) rows */
    SC_ROW = 1,              /* sc_stmt_step: a row is ready to read */

    SC_ERROR = -1,           /* anything not listed below */
    SC_EINVAL = -2,          /* misuse: bad argument, bad URL, wrong options version */
    SC_ENOMEM = -3,          /* out of memory */
    SC_ENOTFOUND = -4,       /* no row where exactly one was expected */
    SC_EUNIQUE = -5,         /* unique constraint violated */
    SC_EPRIMARYKEY = -6,     /* primary key violated (a duplicate key) */
    SC_EFOREIGNKEY = -7,     /* foreign key violated */
    SC_ENOTNULL = -8,        /* NOT NULL violated */
    SC_ECHECK = -9,          /* CHECK constraint violated */
    SC_ECONFLICT = -10,      /* optimistic lock: the row's version changed */
    SC_ESERIALIZATION = -11, /* PostgreSQL 40001; retry the transaction */
    SC_EDEADLOCK = -12,      /* PostgreSQL 40P01; retry the transaction */
    SC_EBUSY = -13,          /* SQLite BUSY / BUSY_SNAPSHOT / LOCKED; retry */
    SC_ELOCKTIMEOUT = -14,   /* PostgreSQL 55P03: lock_timeout or NOWAIT */
    SC_ECONNECTION = -15,    /* connection failed or lost */
    SC_ECANCELED = -16,      /* statement canceled: sc_conn_cancel, or the server's 57014 */
    SC_ESYNTAX = -17,        /* SQL syntax error */
    SC_ETIMEOUT = -18,       /* pool acquire timed out */
    SC_ENULL = -19,          /* a typed column read found SQL NULL */
    SC_ETYPE = -20,          /* a column value cannot be converted to the asked type */
    SC_ERANGE = -21,         /* a value does not fit the asked type */
    SC_ETXFAILED = -22,      /* a statement failed earlier in this transaction level: roll it back */
    SC_ESTMTTIMEOUT = -23,   /* the connection's statement timeout expired: the statement was stopped */
    SC_ECOMMITUNKNOWN = -24, /* the connection was lost during COMMIT: it may or may not have committed */
} sc_code;

enum {
    SC_ERROR_MESSAGE_SIZE = 512,
    SC_ERROR_NAME_SIZE = 128,
};

typedef struct sc_error {
    int code;                               /* SC_E*; SC_OK when clear */
    int sqlite_code;                        /* SQLite extended result code, 0 otherwise */
    char sqlstate[6];                       /* PostgreSQL SQLSTATE, "" otherwise */
    char constraint[SC_ERROR_NAME_SIZE];    /* constraint or index name, when known */
    char table[SC_ERROR_NAME_SIZE];         /* table name, when known */
    char column[SC_ERROR_NAME_SIZE];        /* column name(s), comma separated, when known */
    char message[SC_ERROR_MESSAGE_SIZE];    /* one line; never contains a password */
} sc_error;

/* A cleared error, for `sc_error err = SC_ERROR_INIT;`. */
#define SC_ERROR_INIT { 0, 0, "", "", "", "", "" }

/* Reset ERR to SC_OK with empty fields. ERR may be NULL. */
void sc_error_clear(sc_error *err);

/* Copy SRC into DST (either may be NULL: then nothing happens). */
void sc_error_copy(sc_error *dst, const sc_error *src);

/* A short static English name for CODE, e.g. "unique violation". */
const char *sc_strerror(int code);

/*
 * Whether re-running the whole transaction may succeed: serialization
 * failure, deadlock, busy. sc_tx_run() retries exactly these.
 */
int sc_code_is_retryable(int code);

#ifdef __cplusplus
}
#endif
#endif
