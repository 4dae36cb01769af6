/*
 * libpq_load.c - libpq loaded on first use, for the schemac binary only.
 *
 * libpq pulls in GSSAPI, LDAP, OpenSSL and GnuTLS; resolving their symbols
 * at start-up was 10 of the 14 million instructions schemac spent before
 * main (callgrind), paid by `sql`, `generate` and every other command that
 * never connects. This file defines the libpq functions the binary calls;
 * each looks its function up in libpq (dlopen of SCHEMAC_LIBPQ_SONAME) the
 * first time it is called. The schemac executable links with --as-needed,
 * so with every symbol defined here libpq is not among its start-up
 * libraries (tests/layout checks that). libschemac and generated programs
 * link libpq as before; this object is part of the executable only.
 *
 * A libpq function the binary starts to use and this list lacks links to
 * libpq directly again: add it to PQ_FUNCTIONS (the prototype is checked
 * against libpq-fe.h by the compiler).
 */
#include <libpq-fe.h>

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef SCHEMAC_LIBPQ_SONAME
#define SCHEMAC_LIBPQ_SONAME "libpq.so.5"
#endif

static void *libpq_handle;
static pthread_once_t libpq_once = PTHREAD_ONCE_INIT;

static void libpq_open(void)
{
    libpq_handle = dlopen(SCHEMAC_LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL);
}

/* The address of libpq's NAME, or the process ends with a message: a
 * compiler that cannot load its PostgreSQL client has nothing useful to do. */
static void *libpq_symbol(const char *name)
{
    pthread_once(&libpq_once, libpq_open);
    if (!libpq_handle) {
        const char *why = dlerror();
        fprintf(stderr, "schemac: cannot load %s, needed to connect to PostgreSQL: %s\n",
                SCHEMAC_LIBPQ_SONAME, why ? why : "unknown error");
        exit(1);
    }
    void *p = dlsym(libpq_handle, name);
    if (!p) {
        fprintf(stderr, "schemac: %s has no %s (libpq 14 or later is needed)\n",
                SCHEMAC_LIBPQ_SONAME, name);
        exit(1);
    }
    return p;
}

/* X(return type, name, (parameters), (arguments)); V the same for a void function */
#define PQ_FUNCTIONS(X, V)                                                                           \
    X(int, PQbackendPID, (const PGconn *conn), (conn))                                             \
    X(int, PQbinaryTuples, (const PGresult *res), (res))                                           \
    X(int, PQcancel, (PGcancel *cancel, char *errbuf, int errbufsize), (cancel, errbuf, errbufsize)) \
    V(void, PQclear, (PGresult *res), (res))                                                       \
    X(char *, PQcmdStatus, (PGresult *res), (res))                                                 \
    X(char *, PQcmdTuples, (PGresult *res), (res))                                                 \
    X(PQconninfoOption *, PQconndefaults, (void), ())                                              \
    X(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))                                   \
    X(PGconn *, PQconnectdbParams,                                                                 \
      (const char *const *keywords, const char *const *values, int expand_dbname),                 \
      (keywords, values, expand_dbname))                                                           \
    X(PostgresPollingStatusType, PQconnectPoll, (PGconn *conn), (conn))                            \
    X(PGconn *, PQconnectStart, (const char *conninfo), (conninfo))                                \
    X(PGconn *, PQconnectStartParams,                                                              \
      (const char *const *keywords, const char *const *values, int expand_dbname),                 \
      (keywords, values, expand_dbname))                                                           \
    X(PQconninfoOption *, PQconninfo, (PGconn *conn), (conn))                                      \
    V(void, PQconninfoFree, (PQconninfoOption *connOptions), (connOptions))                        \
    X(PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg), (conninfo, errmsg)) \
    X(int, PQconsumeInput, (PGconn *conn), (conn))                                                 \
    X(char *, PQdb, (const PGconn *conn), (conn))                                                  \
    X(PGresult *, PQdescribePortal, (PGconn *conn, const char *portal), (conn, portal))           \
    X(PGresult *, PQdescribePrepared, (PGconn *conn, const char *stmt), (conn, stmt))             \
    X(int, PQenterPipelineMode, (PGconn *conn), (conn))                                            \
    X(char *, PQerrorMessage, (const PGconn *conn), (conn))                                        \
    X(unsigned char *, PQescapeByteaConn,                                                          \
      (PGconn *conn, const unsigned char *from, size_t from_length, size_t *to_length),            \
      (conn, from, from_length, to_length))                                                        \
    X(char *, PQescapeIdentifier, (PGconn *conn, const char *str, size_t len), (conn, str, len))  \
    X(char *, PQescapeLiteral, (PGconn *conn, const char *str, size_t len), (conn, str, len))     \
    X(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))                       \
    X(PGresult *, PQexecParams,                                                                    \
      (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,                      \
       const char *const *paramValues, const int *paramLengths, const int *paramFormats,           \
       int resultFormat),                                                                          \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))  \
    X(PGresult *, PQexecPrepared,                                                                  \
      (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,            \
       const int *paramLengths, const int *paramFormats, int resultFormat),                        \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))            \
    X(int, PQexitPipelineMode, (PGconn *conn), (conn))                                             \
    X(int, PQfformat, (const PGresult *res, int field_num), (res, field_num))                      \
    V(void, PQfinish, (PGconn *conn), (conn))                                                      \
    X(int, PQflush, (PGconn *conn), (conn))                                                        \
    X(int, PQfmod, (const PGresult *res, int field_num), (res, field_num))                         \
    X(char *, PQfname, (const PGresult *res, int field_num), (res, field_num))                     \
    X(int, PQfnumber, (const PGresult *res, const char *field_name), (res, field_name))            \
    V(void, PQfreeCancel, (PGcancel *cancel), (cancel))                                            \
    V(void, PQfreemem, (void *ptr), (ptr))                                                         \
    X(int, PQfsize, (const PGresult *res, int field_num), (res, field_num))                        \
    X(Oid, PQftable, (const PGresult *res, int field_num), (res, field_num))                       \
    X(int, PQftablecol, (const PGresult *res, int field_num), (res, field_num))                    \
    X(Oid, PQftype, (const PGresult *res, int field_num), (res, field_num))                        \
    X(PGcancel *, PQgetCancel, (PGconn *conn), (conn))                                             \
    X(int, PQgetCopyData, (PGconn *conn, char **buffer, int async), (conn, buffer, async))         \
    X(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(int, PQgetlength, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(PGresult *, PQgetResult, (PGconn *conn), (conn))                                             \
    X(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num), (res, tup_num, field_num)) \
    X(char *, PQhost, (const PGconn *conn), (conn))                                                \
    X(int, PQisBusy, (PGconn *conn), (conn))                                                       \
    X(int, PQisnonblocking, (const PGconn *conn), (conn))                                          \
    X(int, PQlibVersion, (void), ())                                                               \
    X(PGresult *, PQmakeEmptyPGresult, (PGconn *conn, ExecStatusType status), (conn, status))     \
    X(int, PQnfields, (const PGresult *res), (res))                                                \
    X(PGnotify *, PQnotifies, (PGconn *conn), (conn))                                              \
    X(int, PQnparams, (const PGresult *res), (res))                                                \
    X(int, PQntuples, (const PGresult *res), (res))                                                \
    X(Oid, PQoidValue, (const PGresult *res), (res))                                               \
    X(const char *, PQparameterStatus, (const PGconn *conn, const char *paramName), (conn, paramName)) \
    X(Oid, PQparamtype, (const PGresult *res, int param_num), (res, param_num))                    \
    X(PGPing, PQping, (const char *conninfo), (conninfo))                                          \
    X(PGpipelineStatus, PQpipelineStatus, (const PGconn *conn), (conn))                            \
    X(int, PQpipelineSync, (PGconn *conn), (conn))                                                 \
    X(char *, PQport, (const PGconn *conn), (conn))                                                \
    X(PGresult *, PQprepare,                                                                       \
      (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes), \
      (conn, stmtName, query, nParams, paramTypes))                                                \
    X(int, PQputCopyData, (PGconn *conn, const char *buffer, int nbytes), (conn, buffer, nbytes)) \
    X(int, PQputCopyEnd, (PGconn *conn, const char *errormsg), (conn, errormsg))                  \
    V(void, PQreset, (PGconn *conn), (conn))                                                       \
    X(char *, PQresStatus, (ExecStatusType status), (status))                                      \
    X(char *, PQresultErrorField, (const PGresult *res, int fieldcode), (res, fieldcode))          \
    X(char *, PQresultErrorMessage, (const PGresult *res), (res))                                  \
    X(ExecStatusType, PQresultStatus, (const PGresult *res), (res))                                \
    X(char *, PQresultVerboseErrorMessage,                                                         \
      (const PGresult *res, PGVerbosity verbosity, PGContextVisibility show_context),              \
      (res, verbosity, show_context))                                                              \
    X(int, PQsendDescribePortal, (PGconn *conn, const char *portal), (conn, portal))              \
    X(int, PQsendDescribePrepared, (PGconn *conn, const char *stmt), (conn, stmt))                \
    X(int, PQsendFlushRequest, (PGconn *conn), (conn))                                             \
    X(int, PQsendPrepare,                                                                          \
      (PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes), \
      (conn, stmtName, query, nParams, paramTypes))                                                \
    X(int, PQsendQuery, (PGconn *conn, const char *query), (conn, query))                          \
    X(int, PQsendQueryParams,                                                                      \
      (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,                      \
       const char *const *paramValues, const int *paramLengths, const int *paramFormats,           \
       int resultFormat),                                                                          \
      (conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat))  \
    X(int, PQsendQueryPrepared,                                                                    \
      (PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,            \
       const int *paramLengths, const int *paramFormats, int resultFormat),                        \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat))            \
    X(int, PQserverVersion, (const PGconn *conn), (conn))                                          \
    X(PGVerbosity, PQsetErrorVerbosity, (PGconn *conn, PGVerbosity verbosity), (conn, verbosity))  \
    X(int, PQsetnonblocking, (PGconn *conn, int arg), (conn, arg))                                 \
    X(PQnoticeProcessor, PQsetNoticeProcessor, (PGconn *conn, PQnoticeProcessor proc, void *arg), \
      (conn, proc, arg))                                                                           \
    X(int, PQsetSingleRowMode, (PGconn *conn), (conn))                                             \
    X(int, PQsocket, (const PGconn *conn), (conn))                                                 \
    X(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                                      \
    X(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn), (conn))                  \
    X(unsigned char *, PQunescapeBytea, (const unsigned char *strtext, size_t *retbuflen),         \
      (strtext, retbuflen))                                                                        \
    X(char *, PQuser, (const PGconn *conn), (conn))

/*
 * Each function keeps libpq's address in a pointer of its own, found on the
 * first call. Two threads finding it at once store the same value; the
 * atomic load and store keep that well defined.
 */
#define PQ_LOOKUP(ret, name, params)                                                               \
    typedef ret(*fn_t) params;                                                                     \
    static void *slot;                                                                             \
    void *p = __atomic_load_n(&slot, __ATOMIC_ACQUIRE);                                           \
    if (!p) {                                                                                      \
        p = libpq_symbol(#name);                                                                   \
        __atomic_store_n(&slot, p, __ATOMIC_RELEASE);                                              \
    }                                                                                              \
    fn_t f;                                                                                        \
    memcpy(&f, &p, sizeof f);

#define PQ_DEFINE(ret, name, params, args)                                                         \
    ret name params                                                                                \
    {                                                                                              \
        PQ_LOOKUP(ret, name, params)                                                               \
        return f args;                                                                             \
    }
#define PQ_DEFINE_VOID(ret, name, params, args)                                                    \
    ret name params                                                                                \
    {                                                                                              \
        PQ_LOOKUP(ret, name, params)                                                               \
        f args;                                                                                    \
    }

PQ_FUNCTIONS(PQ_DEFINE, PQ_DEFINE_VOID)
