/*
 * bench_pg_bulk.c - four ways to store many rows in PostgreSQL with libpq,
 * to decide how generated create_many should insert on PostgreSQL:
 *
 *   a  one prepared single-row INSERT per row (PQexecPrepared), one transaction
 *   b  prepared multi-row INSERT of 100 rows (what generated create_many sends)
 *   c  pipeline mode (PQenterPipelineMode) with the prepared single-row INSERT
 *   d  COPY ... FROM STDIN, text format, escaped here (PQputCopyData/End)
 *
 *   bench_pg_bulk [--runs R] [--narrow] URL [N ...]   (default: 5 runs, N = 10000 100000)
 *
 * --narrow shortens the long text to 16-90 bytes, to see how the ranking
 * moves when per-row protocol overhead weighs more than the data.
 *
 * Every variant gets the same rows as C values (int, Unix microseconds,
 * strings) and formats them inside the timed region, as generated code
 * would. Each timed run is TRUNCATE ... RESTART IDENTITY (untimed), then
 * BEGIN .. rows .. COMMIT (timed). After every run the table is read back and
 * compared byte for byte with the source rows, and a hash of the whole text
 * result is compared across variants, so a faster variant cannot be a wrong
 * one. Runs interleave the variants (a b c d, a b c d, ...) so machine load
 * drifts over all of them alike; the median of R runs is printed.
 */
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

enum { BATCH = 100, NCOLS = 5, PIPE_CHUNK = 512, MAX_RUNS = 31 };

static const char *const TABLE_DDL =
    "DROP TABLE IF EXISTS bulk_item;"
    "CREATE TABLE bulk_item (id bigserial PRIMARY KEY, name text NOT NULL, body text NOT NULL,"
    " qty integer NOT NULL, at timestamptz NOT NULL, price numeric(12,4))";

static const char *const INSERT1 =
    "INSERT INTO bulk_item (name, body, qty, at, price) VALUES ($1, $2, $3, $4, $5)";

/* One source row as the application holds it; price is a decimal string or NULL. */
typedef struct {
    char *name;
    char *body;
    size_t name_len, body_len;
    int32_t qty;
    int64_t at_us;
    char *price;
} bulk_row;

/* Text forms of the non-string columns, formatted per row inside the timed loop. */
typedef struct {
    char qty[16];
    char at[48];
} row_text;

static void die(const char *what, PGconn *c)
{
    fprintf(stderr, "bench_pg_bulk: %s: %s\n", what, c ? PQerrorMessage(c) : "");
    exit(1);
}

static void exec_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        fprintf(stderr, "bench_pg_bulk: %s: %s\n", sql, PQresultErrorMessage(r));
        exit(1);
    }
    PQclear(r);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds this process (the client) has used, user + system. */
static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec * 1e-6;
}

static char *xstrdup_len(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        die("out of memory", NULL);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/*
 * Row I of the data set. The long text mixes every byte COPY text format has
 * to escape (backslash, tab, newline, carriage return), quotes, UTF-8, and
 * the two sequences that mean something to COPY ("\N" and "\."), at lengths
 * from ~150 to ~1000 bytes (16 to ~90 with --narrow).
 */
static void make_row(bulk_row *r, size_t i, bool narrow)
{
    static const char *const pieces[] = {
        "It's a \"quoted\" word; ",  "back\\slash and C:\\path\\file ", "tab\there\t",
        "new\nline\n",               "crlf\r\n",                         "\xc3\xbcn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9 \xe2\x82\xac ",
        "a literal \\N here ",        "\\.\n",                            "plain text lorem ipsum dolor sit amet ",
        "'single' \"double\" `back` ",
    };
    enum { NPIECES = sizeof pieces / sizeof pieces[0] };
    char buf[2048];
    size_t len = 0;
    size_t want = narrow ? 16 + (i * 7919) % 48 : 150 + (i * 7919) % 850;
    for (size_t k = 0; len < want; k++) {
        const char *p = pieces[(i + k * 3 + k / 7) % NPIECES];
        size_t pl = strlen(p);
        if (len + pl >= sizeof buf)
            break;
        memcpy(buf + len, p, pl);
        len += pl;
    }
    r->body = xstrdup_len(buf, len);
    r->body_len = len;
    int n = snprintf(buf, sizeof buf, "item-%zu", i);
    r->name = xstrdup_len(buf, (size_t)n);
    r->name_len = (size_t)n;
    r->qty = (int32_t)((i * 2654435761u) % 2000001) - 1000000;
    /* 2026-01-01T00:00:00Z plus an irregular step, with sub-second digits. */
    r->at_us = INT64_C(1767225600000000) + (int64_t)i * INT64_C(1234567891);
    if (i % 5 == 3) {
        r->price = NULL;
    } else {
        long v = (long)((i * 7919u) % 100000000u) - 50000000L;
        long a = v < 0 ? -v : v;
        n = snprintf(buf, sizeof buf, "%s%ld.%04ld", v < 0 ? "-" : "", a / 10000, a % 10000);
        r->price = xstrdup_len(buf, (size_t)n);
    }
}

/* The text PostgreSQL reads for a timestamptz: ISO 8601 in UTC with microseconds. */
static void fmt_row(row_text *t, const bulk_row *r)
{
    snprintf(t->qty, sizeof t->qty, "%d", (int)r->qty);
    int64_t secs = r->at_us / 1000000;
    long us = (long)(r->at_us % 1000000);
    time_t tt = (time_t)secs;
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(t->at, sizeof t->at, "%04d-%02d-%02d %02d:%02d:%02d.%06ld+00", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, us);
}

static void row_params(const char **v, const bulk_row *r, const row_text *t)
{
    v[0] = r->name;
    v[1] = r->body;
    v[2] = t->qty;
    v[3] = t->at;
    v[4] = r->price;
}

static void expect_cmd(PGconn *c, PGresult *r, const char *what)
{
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        fprintf(stderr, "bench_pg_bulk: %s: %s\n", what, PQresultErrorMessage(r));
        PQclear(r);
        (void)c;
        exit(1);
    }
    PQclear(r);
}

/* (a) one PQexecPrepared round trip per row. */
static void run_single(PGconn *c, const bulk_row *rows, size_t n)
{
    exec_ok(c, "BEGIN");
    for (size_t i = 0; i < n; i++) {
        row_text t;
        const char *v[NCOLS];
        fmt_row(&t, &rows[i]);
        row_params(v, &rows[i], &t);
        expect_cmd(c, PQexecPrepared(c, "ins1", NCOLS, v, NULL, NULL, 0), "insert");
    }
    exec_ok(c, "COMMIT");
}

/* (b) full batches through the 100-row statement, the rest row by row, as generated create_many does. */
static void run_batch(PGconn *c, const bulk_row *rows, size_t n)
{
    static row_text t[BATCH];
    static const char *v[BATCH * NCOLS];
    exec_ok(c, "BEGIN");
    size_t done = 0;
    while (done < n) {
        size_t take = n - done >= BATCH ? BATCH : 1;
        for (size_t r = 0; r < take; r++) {
            fmt_row(&t[r], &rows[done + r]);
            row_params(&v[r * NCOLS], &rows[done + r], &t[r]);
        }
        const char *stmt = take == BATCH ? "insb" : "ins1";
        expect_cmd(c, PQexecPrepared(c, stmt, (int)(take * NCOLS), v, NULL, NULL, 0), "insert batch");
        done += take;
    }
    exec_ok(c, "COMMIT");
}

/* Read the result of one pipelined query: its result, then the NULL that ends it. */
static void pipe_read_one(PGconn *c)
{
    PGresult *r = PQgetResult(c);
    if (!r)
        die("pipeline: missing result", c);
    expect_cmd(c, r, "pipelined insert");
    r = PQgetResult(c);
    if (r) {
        PQclear(r);
        die("pipeline: more than one result per query", c);
    }
}

/*
 * (c) pipeline mode. Queries go out in chunks of PIPE_CHUNK, each followed by
 * a flush request so the server sends its results; the client reads a
 * chunk's results only after sending the next one, so at most two chunks are
 * in flight. That bounds what each side buffers (a blocking connection that
 * only writes would deadlock once both socket buffers fill) while the
 * network never waits on the client.
 */
static void run_pipeline(PGconn *c, const bulk_row *rows, size_t n)
{
    if (!PQenterPipelineMode(c))
        die("PQenterPipelineMode", c);
    size_t pending = 0;
    if (!PQsendQueryParams(c, "BEGIN", 0, NULL, NULL, NULL, NULL, 0))
        die("pipeline BEGIN", c);
    pending++;
    for (size_t i = 0; i < n; i++) {
        row_text t;
        const char *v[NCOLS];
        fmt_row(&t, &rows[i]);
        row_params(v, &rows[i], &t);
        if (!PQsendQueryPrepared(c, "ins1", NCOLS, v, NULL, NULL, 0))
            die("PQsendQueryPrepared", c);
        pending++;
        if ((i + 1) % PIPE_CHUNK == 0) {
            if (!PQsendFlushRequest(c) || PQflush(c) != 0)
                die("pipeline flush", c);
            while (pending > PIPE_CHUNK) {
                pipe_read_one(c);
                pending--;
            }
        }
    }
    if (!PQsendQueryParams(c, "COMMIT", 0, NULL, NULL, NULL, NULL, 0))
        die("pipeline COMMIT", c);
    pending++;
    if (!PQpipelineSync(c))
        die("PQpipelineSync", c);
    for (; pending > 0; pending--)
        pipe_read_one(c);
    PGresult *r = PQgetResult(c);
    if (PQresultStatus(r) != PGRES_PIPELINE_SYNC)
        die("pipeline: expected the sync result", c);
    PQclear(r);
    if (!PQexitPipelineMode(c))
        die("PQexitPipelineMode", c);
}

/* A growing buffer of COPY text. */
typedef struct {
    char *p;
    size_t len, cap;
} copy_buf;

static void cb_reserve(copy_buf *b, size_t more)
{
    if (b->len + more <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 65536;
    while (cap < b->len + more)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        die("out of memory", NULL);
    b->p = p;
    b->cap = cap;
}

/*
 * One field in COPY text format: backslash, newline, carriage return and the
 * tab delimiter become backslash escapes; every other byte (UTF-8 included)
 * goes through as is. With the backslash escaped, "\N" and "\." in the data
 * can no longer be read as NULL or as the end marker.
 */
static void cb_field(copy_buf *b, const char *s, size_t n)
{
    cb_reserve(b, 2 * n + 1);
    char *o = b->p + b->len;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        switch (ch) {
        case '\\': *o++ = '\\'; *o++ = '\\'; break;
        case '\n': *o++ = '\\'; *o++ = 'n'; break;
        case '\r': *o++ = '\\'; *o++ = 'r'; break;
        case '\t': *o++ = '\\'; *o++ = 't'; break;
        default: *o++ = ch; break;
        }
    }
    b->len = (size_t)(o - b->p);
}

static void cb_raw(copy_buf *b, const char *s, size_t n)
{
    cb_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

/* (d) COPY FROM STDIN in text format, sent in ~64 KB messages. */
static void run_copy(PGconn *c, const bulk_row *rows, size_t n)
{
    static copy_buf b;
    exec_ok(c, "BEGIN");
    PGresult *r = PQexec(c, "COPY bulk_item (name, body, qty, at, price) FROM STDIN");
    if (PQresultStatus(r) != PGRES_COPY_IN)
        die("COPY FROM STDIN", c);
    PQclear(r);
    b.len = 0;
    for (size_t i = 0; i < n; i++) {
        const bulk_row *row = &rows[i];
        row_text t;
        fmt_row(&t, row);
        cb_field(&b, row->name, row->name_len);
        cb_raw(&b, "\t", 1);
        cb_field(&b, row->body, row->body_len);
        cb_raw(&b, "\t", 1);
        cb_raw(&b, t.qty, strlen(t.qty));
        cb_raw(&b, "\t", 1);
        cb_raw(&b, t.at, strlen(t.at));
        cb_raw(&b, "\t", 1);
        if (row->price)
            cb_raw(&b, row->price, strlen(row->price));
        else
            cb_raw(&b, "\\N", 2);
        cb_raw(&b, "\n", 1);
        if (b.len >= 65536) {
            if (PQputCopyData(c, b.p, (int)b.len) != 1)
                die("PQputCopyData", c);
            b.len = 0;
        }
    }
    if (b.len && PQputCopyData(c, b.p, (int)b.len) != 1)
        die("PQputCopyData", c);
    if (PQputCopyEnd(c, NULL) != 1)
        die("PQputCopyEnd", c);
    r = PQgetResult(c);
    expect_cmd(c, r, "COPY");
    r = PQgetResult(c);
    if (r) {
        PQclear(r);
        die("COPY: unexpected second result", c);
    }
    exec_ok(c, "COMMIT");
}

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static bool field_is(const PGresult *r, int row, int col, const char *want, size_t want_len)
{
    if (!want)
        return PQgetisnull(r, row, col);
    return !PQgetisnull(r, row, col) && (size_t)PQgetlength(r, row, col) == want_len &&
           memcmp(PQgetvalue(r, row, col), want, want_len) == 0;
}

/*
 * Read the table back and compare it with the source rows byte for byte
 * (timestamps as exact Unix microseconds, so the server's output format does
 * not matter); return a hash of the whole text result, timestamps in the
 * server's own text form included, to compare variants with each other.
 */
static uint64_t verify(PGconn *c, const bulk_row *rows, size_t n, const char *variant)
{
    PGresult *r = PQexec(c, "SELECT id, name, body, qty, (extract(epoch FROM at) * 1000000)::bigint, price::text,"
                            " at::text FROM bulk_item ORDER BY id");
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        die("verify SELECT", c);
    if ((size_t)PQntuples(r) != n) {
        fprintf(stderr, "bench_pg_bulk: %s: %d rows stored, %zu sent\n", variant, PQntuples(r), n);
        exit(1);
    }
    uint64_t h = UINT64_C(1469598103934665603);
    for (size_t i = 0; i < n; i++) {
        const bulk_row *s = &rows[i];
        char id[24], qty[16], us[24];
        int il = snprintf(id, sizeof id, "%zu", i + 1);
        int ql = snprintf(qty, sizeof qty, "%d", (int)s->qty);
        int ul = snprintf(us, sizeof us, "%lld", (long long)s->at_us);
        int row = (int)i;
        if (!field_is(r, row, 0, id, (size_t)il) || !field_is(r, row, 1, s->name, s->name_len) ||
            !field_is(r, row, 2, s->body, s->body_len) || !field_is(r, row, 3, qty, (size_t)ql) ||
            !field_is(r, row, 4, us, (size_t)ul) ||
            !field_is(r, row, 5, s->price, s->price ? strlen(s->price) : 0)) {
            fprintf(stderr, "bench_pg_bulk: %s: row %zu differs from its source\n", variant, i + 1);
            exit(1);
        }
        for (int col = 0; col < 7; col++) {
            char null_flag = PQgetisnull(r, row, col) ? 'N' : 'V';
            h = fnv(h, &null_flag, 1);
            h = fnv(h, PQgetvalue(r, row, col), (size_t)PQgetlength(r, row, col));
        }
    }
    PQclear(r);
    return h;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef void (*bulk_fn)(PGconn *, const bulk_row *, size_t);

/* Mean loopback round trip of a prepared SELECT 1, for scale. */
static double round_trip_us(PGconn *c)
{
    enum { TRIPS = 2000 };
    PGresult *r = PQprepare(c, "one", "SELECT 1", 0, NULL);
    expect_cmd(c, r, "prepare SELECT 1");
    double t0 = now_s();
    for (int i = 0; i < TRIPS; i++) {
        r = PQexecPrepared(c, "one", 0, NULL, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            die("SELECT 1", c);
        PQclear(r);
    }
    return (now_s() - t0) * 1e6 / TRIPS;
}

static void prepare_all(PGconn *c)
{
    expect_cmd(c, PQprepare(c, "ins1", INSERT1, NCOLS, NULL), "prepare ins1");
    /* INSERT ... VALUES ($1, ..., $5), ($6, ...), ... for BATCH rows. */
    size_t cap = 128 + (size_t)BATCH * NCOLS * 8;
    char *sql = malloc(cap);
    if (!sql)
        die("out of memory", NULL);
    size_t len = (size_t)snprintf(sql, cap, "INSERT INTO bulk_item (name, body, qty, at, price) VALUES ");
    for (int r = 0; r < BATCH; r++)
        for (int k = 0; k < NCOLS; k++) {
            int p = r * NCOLS + k + 1;
            len += (size_t)snprintf(sql + len, cap - len, "%s$%d%s", k == 0 ? (r ? ", (" : "(") : ", ", p,
                                    k == NCOLS - 1 ? ")" : "");
        }
    expect_cmd(c, PQprepare(c, "insb", sql, BATCH * NCOLS, NULL), "prepare insb");
    free(sql);
}

int main(int argc, char **argv)
{
    int runs = 5;
    bool narrow = false;
    const char *url = NULL;
    size_t ns[8] = {10000, 100000};
    size_t nn = 0;
    /* Options may come anywhere; the first other argument is the URL, the rest are row counts. */
    for (int ai = 1; ai < argc; ai++) {
        char *end = NULL;
        if (strcmp(argv[ai], "--narrow") == 0) {
            narrow = true;
        } else if (strcmp(argv[ai], "--runs") == 0 && ai + 1 < argc) {
            long v = strtol(argv[++ai], &end, 10);
            if (!end || *end || v < 1 || v > MAX_RUNS) {
                fprintf(stderr, "bench_pg_bulk: --runs must be 1..%d\n", MAX_RUNS);
                return 2;
            }
            runs = (int)v;
        } else if (!url) {
            url = argv[ai];
        } else {
            long long v = strtoll(argv[ai], &end, 10);
            if (!end || *end || v < 1 || nn == sizeof ns / sizeof ns[0]) {
                fprintf(stderr, "bench_pg_bulk: bad N '%s'\n", argv[ai]);
                return 2;
            }
            ns[nn++] = (size_t)v;
        }
    }
    if (!url) {
        fprintf(stderr, "usage: bench_pg_bulk [--runs R] [--narrow] URL [N ...]\n");
        return 2;
    }
    if (nn == 0)
        nn = 2;
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK)
        die("connect", c);
    exec_ok(c, "SET TimeZone = 'UTC'");
    exec_ok(c, "SET client_min_messages = warning");
    exec_ok(c, TABLE_DDL);
    prepare_all(c);
    printf("server %d, libpq %d, loopback round trip %.1f us, median of %d runs, %s rows\n\n",
           PQserverVersion(c), PQlibVersion(), round_trip_us(c), runs, narrow ? "narrow" : "wide");

    static const struct {
        const char *name;
        bulk_fn fn;
    } variants[] = {
        {"a single-row INSERT", run_single},
        {"b 100-row INSERT", run_batch},
        {"c pipeline, single-row", run_pipeline},
        {"d COPY text", run_copy},
    };
    enum { NV = sizeof variants / sizeof variants[0] };

    printf("| N | variant | median ms | min-max ms | rows/s | vs b | client CPU ms |\n"
           "|---|---|---|---|---|---|---|\n");
    for (size_t ni = 0; ni < nn; ni++) {
        size_t n = ns[ni];
        bulk_row *rows = calloc(n, sizeof *rows);
        if (!rows)
            die("out of memory", NULL);
        for (size_t i = 0; i < n; i++)
            make_row(&rows[i], i, narrow);
        double t[NV][MAX_RUNS], cpu[NV][MAX_RUNS];
        uint64_t ref = 0;
        for (int run = 0; run < runs; run++)
            for (int v = 0; v < NV; v++) {
                exec_ok(c, "TRUNCATE bulk_item RESTART IDENTITY");
                double t0 = now_s(), c0 = cpu_s();
                variants[v].fn(c, rows, n);
                t[v][run] = now_s() - t0;
                cpu[v][run] = cpu_s() - c0;
                uint64_t h = verify(c, rows, n, variants[v].name);
                if (run == 0 && v == 0)
                    ref = h;
                else if (h != ref) {
                    fprintf(stderr, "bench_pg_bulk: %s stored different bytes than variant a\n",
                            variants[v].name);
                    return 1;
                }
            }
        double med[NV];
        for (int v = 0; v < NV; v++) {
            qsort(t[v], (size_t)runs, sizeof t[v][0], cmp_double);
            qsort(cpu[v], (size_t)runs, sizeof cpu[v][0], cmp_double);
            med[v] = t[v][runs / 2];
        }
        for (int v = 0; v < NV; v++)
            printf("| %zu | %s | %.1f | %.1f-%.1f | %.0f | %.2fx | %.1f |\n", n, variants[v].name, med[v] * 1e3,
                   t[v][0] * 1e3, t[v][runs - 1] * 1e3, (double)n / med[v], med[1] / med[v],
                   cpu[v][runs / 2] * 1e3);
        for (size_t i = 0; i < n; i++) {
            free(rows[i].name);
            free(rows[i].body);
            free(rows[i].price);
        }
        free(rows);
    }
    printf("\nall variants verified: every row byte-identical to its source and to variant a\n");
    exec_ok(c, "DROP TABLE bulk_item");
    PQfinish(c);
    return 0;
}
