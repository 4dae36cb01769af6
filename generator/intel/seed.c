/*
 * seed.c - deterministic, realistic rows (`schemac seed`, see seed.h and
 * docs/seed.md).
 *
 * Every value is drawn from a generator seeded with (seed, table, column,
 * row, attempt), so a row does not depend on the engine or on the order the
 * tables are filled in. A row is made, checked against what seed knows
 * (the recognised CHECK terms, the unique constraints seen so far, the
 * database for checks it cannot read), and made again with the next attempt
 * when it fails, up to SEED_ATTEMPTS times; then seed stops with an error
 * naming the constraint.
 */
#include "intel/seed.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/sqltext.h"
#include "base/textfmt.h"
#include "base/strbuf.h"
#include "ddl/ddl.h"

#define SEED_ATTEMPTS 64
#define SEED_CELL 4096 /* the longest text value, NUL included */
#define SEED_COPY_CHUNK (1 << 20) /* COPY data sent in chunks of about this size */
#define SEED_BATCH 32             /* SQLite: rows per INSERT statement */
#define SEED_BATCH_TEXT (1 << 18) /* SQLite: room for the text of the rows of a batch */

/* ---------------------------------------------------------------- random numbers */

static uint64_t sd__mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t sd__hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

typedef struct rng {
    uint64_t x;
} rng;

static rng sd__rng(uint64_t seed, uint64_t table, uint64_t what, size_t row, unsigned attempt)
{
    rng r;
    r.x = sd__mix(seed ^ sd__mix(table ^ sd__mix(what ^ sd__mix((uint64_t)row * 0x9E3779B97F4A7C15ull + attempt))));
    return r;
}

static uint64_t r_next(rng *r)
{
    r->x += 0x9E3779B97F4A7C15ull;
    return sd__mix(r->x);
}

static uint64_t r_below(rng *r, uint64_t n)
{
    return n ? r_next(r) % n : 0;
}

static double r_unit(rng *r)
{
    return (double)(r_next(r) >> 11) / 9007199254740992.0;
}

static int64_t r_range(rng *r, int64_t lo, int64_t hi)
{
    return hi <= lo ? lo : lo + (int64_t)r_below(r, (uint64_t)(hi - lo) + 1);
}

/* floor, ceil and 10^k without libm */
static double sd__floor(double x)
{
    double t = (double)(int64_t)x;
    return t > x ? t - 1 : t;
}

static double sd__ceil(double x)
{
    double t = (double)(int64_t)x;
    return t < x ? t + 1 : t;
}

static double sd__pow10(int k)
{
    double v = 1;
    for (int i = 0; i < (k < 0 ? -k : k); i++)
        v *= 10;
    return k < 0 ? 1 / v : v;
}

/* ---------------------------------------------------------------- text without printf */

/*
 * Values are written with these instead of snprintf: a row of the benchmark
 * schema formats a dozen values, and printf's machinery was a quarter of
 * seed's time. Each returns the end of what it wrote (no NUL).
 */
static char *sd__cpy(char *p, const char *s)
{
    size_t n = strlen(s);
    memcpy(p, s, n);
    return p + n;
}

/* S with its first letter in lower (LOWER) or upper case. */
static char *sd__cpy_first(char *p, const char *s, bool lower)
{
    if (!*s)
        return p;
    *p++ = (char)(lower ? tolower((unsigned char)*s) : toupper((unsigned char)*s));
    return sd__cpy(p, s + 1);
}

static char *sd__u64(char *p, uint64_t v)
{
    return p + text_u64(p, v);
}

static char *sd__i64(char *p, int64_t v)
{
    return p + text_i64(p, v);
}

/* V in at least WIDTH digits, zeros in front ("%0*u"). */
static char *sd__u0(char *p, uint64_t v, int width)
{
    char t[20];
    int n = 0;
    do
        t[n++] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    while (n < width)
        t[n++] = '0';
    while (n)
        *p++ = t[--n];
    return p;
}

/* V in WIDTH lower-case hex digits ("%0*x", V below 16^WIDTH). */
static char *sd__hex(char *p, uint64_t v, int width)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = width - 1; i >= 0; i--) {
        p[i] = digits[v & 15];
        v >>= 4;
    }
    return p + width;
}

/*
 * D with SCALE (0-2) digits after the point, as "%.*f" writes it, into P
 * (64 bytes at least). Values that are the nearest double to some k/10^SCALE
 * (all that seed makes) are written from k; others go to snprintf.
 */
static char *sd__fixed(char *p, double d, int scale)
{
    static const double pow10[] = {1, 10, 100};
    if (scale >= 0 && scale <= 2 && d > -1e15 && d < 1e15 && (d != 0 || !signbit(d))) {
        double m = pow10[scale] * d;
        int64_t k = (int64_t)(m < 0 ? m - 0.5 : m + 0.5);
        if ((double)k / pow10[scale] == d) {
            if (k < 0) {
                *p++ = '-';
                k = -k;
            }
            int64_t div = (int64_t)pow10[scale];
            p = sd__u64(p, (uint64_t)(k / div));
            if (scale) {
                *p++ = '.';
                p = sd__u0(p, (uint64_t)(k % div), scale);
            }
            return p;
        }
    }
    return p + snprintf(p, 64, "%.*f", scale, d);
}

/*
 * D as text: for a float column (FLOAT_COL), the digits of k/100 when D is
 * the nearest double to it (what seed makes), which PostgreSQL reads back as
 * the same double; else %.17g.
 */
static char *sd__real(char *p, double d, bool float_col)
{
    if (float_col && d > -1e13 && d < 1e13 && (d != 0 || !signbit(d))) {
        double m = d * 100;
        int64_t k = (int64_t)(m < 0 ? m - 0.5 : m + 0.5);
        if ((double)k / 100 == d) {
            if (k < 0) {
                *p++ = '-';
                k = -k;
            }
            p = sd__u64(p, (uint64_t)(k / 100));
            if (k % 100) {
                *p++ = '.';
                *p++ = (char)('0' + k % 100 / 10);
                if (k % 10)
                    *p++ = (char)('0' + k % 10);
            }
            return p;
        }
    }
    return p + snprintf(p, 32, "%.17g", d);
}

/* The civil date of a day count since 1970-01-01 (proleptic Gregorian, as gmtime). */
typedef struct sd_tm {
    int year, mon, day, hour, min, sec; /* mon 1-12 */
} sd_tm;

static sd_tm sd__gmtime(int64_t secs)
{
    sd_tm t;
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    t.hour = (int)(rem / 3600);
    t.min = (int)(rem % 3600 / 60);
    t.sec = (int)(rem % 60);
    /* H. Hinnant's civil_from_days */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    t.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    t.mon = (int)(mp < 10 ? mp + 3 : mp - 9);
    t.year = (int)(yoe + era * 400 + (t.mon <= 2));
    return t;
}

/* "YYYY-MM-DD" */
static char *sd__date(char *p, const sd_tm *t)
{
    p = sd__u0(p, (uint64_t)(t->year < 0 ? 0 : t->year), 4);
    *p++ = '-';
    p = sd__u0(p, (uint64_t)t->mon, 2);
    *p++ = '-';
    return sd__u0(p, (uint64_t)t->day, 2);
}

/* "HH:MM:SS" */
static char *sd__clock(char *p, const sd_tm *t)
{
    p = sd__u0(p, (uint64_t)t->hour, 2);
    *p++ = ':';
    p = sd__u0(p, (uint64_t)t->min, 2);
    *p++ = ':';
    return sd__u0(p, (uint64_t)t->sec, 2);
}

/* ---------------------------------------------------------------- words */

static const char *const first_names[] = {
    "Ada",   "Alan",   "Grace", "Linus",  "Margaret", "Dennis", "Barbara", "Ken",    "Frances", "Edsger",
    "Radia", "Donald", "Ellen", "Niklaus", "Sophie",  "Tim",    "Hedy",    "John",   "Lynn",    "Carl",
    "Mary",  "Peter",  "Anna",  "Luis",   "Mei",      "Omar",   "Priya",   "Kenji",  "Zoe",     "Ivan",
};
static const char *const last_names[] = {
    "Lovelace", "Turing",  "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen",  "Dijkstra",
    "Perlman",  "Knuth",   "Ochoa",  "Wirth",    "Wilson",   "Berners", "Lamarr", "Backus",   "Conway", "Sagan",
    "Keller",   "Naur",    "Borg",   "Garcia",   "Chen",     "Haddad",  "Patel",  "Tanaka",   "Novak",  "Petrov",
};
static const char *const words[] = {
    "river",  "stone",   "quiet", "garden", "light",  "north",  "silver", "market", "paper",  "window",
    "harbor", "morning", "field", "bright", "winter", "signal", "copper", "forest", "little", "open",
    "simple", "golden",  "hidden", "ocean",  "summer", "modern", "rapid",  "gentle", "urban",  "early",
    "story",  "guide",   "notes", "journey", "recipe", "design", "letter", "system", "theory", "practice",
    "city",   "music",   "table", "bridge", "craft",  "season", "voice",  "data",   "code",   "plan",
};
static const char *const cities[] = {"Lisbon", "Oslo", "Kyoto", "Austin", "Lyon", "Porto", "Tallinn",
                                     "Ghent", "Quebec", "Perth", "Cork", "Bergen", "Malmo", "Graz"};
static const char *const countries[] = {"Portugal", "Norway", "Japan", "United States", "France", "Estonia",
                                        "Belgium", "Canada", "Australia", "Ireland", "Sweden", "Austria"};
/* the same countries' ISO 3166 codes, for a country column of two or three characters */
static const char *const country_codes2[] = {"PT", "NO", "JP", "US", "FR", "EE", "BE", "CA", "AU", "IE", "SE", "AT"};
static const char *const country_codes3[] = {"PRT", "NOR", "JPN", "USA", "FRA", "EST",
                                             "BEL", "CAN", "AUS", "IRL", "SWE", "AUT"};
static const char *const domains[] = {"example.com", "example.org", "example.net", "mail.example", "test.example"};
static const char *const streets[] = {"Main St", "Oak Ave", "Maple Rd", "Harbor Way", "Hill St", "Park Ln", "Elm Ct"};
static const char *const currencies[] = {"USD", "EUR", "GBP", "JPY", "NOK", "CAD", "AUD"};
static const char *const locales[] = {"en-US", "en-GB", "fr-FR", "de-DE", "ja-JP", "pt-PT", "nb-NO"};
static const char *const company_kinds[] = {"Labs", "Works", "Systems", "Group", "Studio", "Partners", "Co"};

#define PICK(r, list) (list[r_below((r), sizeof(list) / sizeof(list[0]))])

/* ---------------------------------------------------------------- what a column holds, by its name */

typedef enum kind {
    K_GENERIC = 0, K_EMAIL, K_FIRST, K_LAST, K_NAME, K_USERNAME, K_COMPANY, K_TITLE, K_SLUG, K_URL, K_IMAGE,
    K_PHONE, K_CITY, K_COUNTRY, K_ADDRESS, K_ZIP, K_LONG, K_MEDIUM, K_COLOR, K_CURRENCY, K_LOCALE, K_IP,
    K_UUID, K_CODE, K_PRICE, K_QTY, K_AGE, K_RATING, K_YEAR, K_LAT, K_LNG, K_PERCENT, K_CREATED, K_UPDATED,
    K_BIRTH, K_FLAG_TRUE,
} kind;

static bool has(const char *n, const char *w)
{
    return strstr(n, w) != NULL;
}

static bool ends(const char *n, const char *w)
{
    size_t a = strlen(n), b = strlen(w);
    return a >= b && strcmp(n + a - b, w) == 0;
}

/* NAME in lower case without '_', '-' and spaces into N (SIZE bytes): created_at and createdAt read alike. */
static void sd__norm(char *n, size_t size, const char *name)
{
    size_t k = 0;
    for (const char *p = name; *p && k + 1 < size; p++)
        if (*p != '_' && *p != '-' && *p != ' ')
            n[k++] = (char)tolower((unsigned char)*p);
    n[k] = '\0';
}

/* Whether a String column's name says it holds a time (placed_at, createdAt, birth_date, ...). */
static bool sd__time_name(const char *name)
{
    char n[128];
    sd__norm(n, sizeof n, name);
    return ends(n, "edat") || ends(n, "date") || ends(n, "datetime") || ends(n, "timestamp") || ends(n, "edon");
}

static kind sd__kind(const char *name, sc_scalar scalar)
{
    char n[128];
    sd__norm(n, sizeof n, name);
    switch (scalar) {
    case SC_SCALAR_STRING:
        if (has(n, "email"))
            return K_EMAIL;
        if (has(n, "firstname") || has(n, "givenname") || strcmp(n, "first") == 0)
            return K_FIRST;
        if (has(n, "lastname") || has(n, "surname") || has(n, "familyname") || strcmp(n, "last") == 0)
            return K_LAST;
        if (has(n, "username") || has(n, "login") || has(n, "handle") || has(n, "nick"))
            return K_USERNAME;
        if (has(n, "company") || has(n, "organization") || has(n, "organisation") || strcmp(n, "org") == 0 ||
            has(n, "vendor") || has(n, "brand"))
            return K_COMPANY;
        if (has(n, "slug"))
            return K_SLUG;
        if (has(n, "avatar") || has(n, "image") || has(n, "photo") || has(n, "picture") || has(n, "logo") ||
            has(n, "thumbnail"))
            return K_IMAGE;
        if (has(n, "url") || has(n, "website") || has(n, "link") || has(n, "href") || has(n, "homepage"))
            return K_URL;
        if (has(n, "title") || has(n, "subject") || has(n, "headline") || has(n, "label") || has(n, "caption"))
            return K_TITLE;
        if (strcmp(n, "name") == 0 || has(n, "fullname") || has(n, "displayname") || ends(n, "authorname") ||
            ends(n, "customername") || ends(n, "username"))
            return K_NAME;
        if (has(n, "phone") || has(n, "mobile") || strcmp(n, "tel") == 0)
            return K_PHONE;
        if (has(n, "city") || has(n, "town"))
            return K_CITY;
        if (has(n, "country"))
            return K_COUNTRY;
        if (has(n, "address") || has(n, "street"))
            return K_ADDRESS;
        if (has(n, "zip") || has(n, "postal") || has(n, "postcode"))
            return K_ZIP;
        if (has(n, "body") || has(n, "content") || strcmp(n, "text") == 0 || has(n, "html") || has(n, "markdown"))
            return K_LONG;
        if (has(n, "description") || has(n, "bio") || has(n, "summary") || has(n, "comment") || has(n, "note") ||
            has(n, "message") || has(n, "about") || has(n, "excerpt") || has(n, "reason"))
            return K_MEDIUM;
        if (has(n, "color") || has(n, "colour"))
            return K_COLOR;
        if (has(n, "currency"))
            return K_CURRENCY;
        if (has(n, "locale") || has(n, "language") || strcmp(n, "lang") == 0)
            return K_LOCALE;
        if (strcmp(n, "ip") == 0 || ends(n, "ipaddress") || ends(n, "ip"))
            return K_IP;
        if (has(n, "uuid") || has(n, "guid"))
            return K_UUID;
        if (has(n, "sku") || has(n, "code") || has(n, "token") || has(n, "hash") || ends(n, "key") ||
            has(n, "secret") || has(n, "ref"))
            return K_CODE;
        if (ends(n, "name"))
            return K_TITLE;
        return K_GENERIC;
    case SC_SCALAR_INT:
    case SC_SCALAR_BIGINT:
    case SC_SCALAR_FLOAT:
    case SC_SCALAR_DECIMAL:
        if (has(n, "price") || has(n, "amount") || has(n, "cost") || has(n, "total") || has(n, "balance") ||
            has(n, "salary") || has(n, "fee") || has(n, "revenue") || has(n, "budget"))
            return K_PRICE;
        if (has(n, "quantity") || has(n, "qty") || has(n, "count") || has(n, "stock") || has(n, "views") ||
            has(n, "likes") || has(n, "votes") || has(n, "size"))
            return K_QTY;
        if (strcmp(n, "age") == 0)
            return K_AGE;
        if (has(n, "rating") || has(n, "score") || has(n, "stars") || has(n, "rank") || has(n, "priority"))
            return K_RATING;
        if (has(n, "year"))
            return K_YEAR;
        if (strcmp(n, "lat") == 0 || has(n, "latitude"))
            return K_LAT;
        if (strcmp(n, "lng") == 0 || strcmp(n, "lon") == 0 || has(n, "longitude"))
            return K_LNG;
        if (has(n, "percent") || has(n, "ratio") || has(n, "rate"))
            return K_PERCENT;
        return K_GENERIC;
    case SC_SCALAR_DATETIME:
        if (has(n, "birth") || strcmp(n, "dob") == 0)
            return K_BIRTH;
        if (has(n, "updated") || has(n, "modified") || has(n, "changed"))
            return K_UPDATED;
        if (has(n, "created") || has(n, "added") || has(n, "inserted") || has(n, "registered") ||
            has(n, "joined") || has(n, "signedup") || strcmp(n, "at") == 0 || has(n, "timestamp"))
            return K_CREATED;
        return K_GENERIC;
    case SC_SCALAR_BOOLEAN:
        if (has(n, "active") || has(n, "enabled") || has(n, "published") || has(n, "verified") ||
            has(n, "visible") || has(n, "available") || strncmp(n, "is", 2) == 0)
            return K_FLAG_TRUE;
        return K_GENERIC;
    default:
        return K_GENERIC;
    }
}

/* ---------------------------------------------------------------- CHECK constraints seed can read */

typedef enum opnd_kind { O_COL, O_LEN, O_NUM, O_STR } opnd_kind;

typedef struct opnd {
    opnd_kind k;
    int col;        /* O_COL, O_LEN: the column's index */
    double num;     /* O_NUM */
    const char *s;  /* O_STR */
} opnd;

typedef enum op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE, OP_IN, OP_NOTNULL } op;

typedef struct term {
    opnd l, r;
    op o;
    opnd *in; /* OP_IN: the list */
    size_t nin;
} term;

/* ---------------------------------------------------------------- tables and columns */

typedef enum role { R_GEN, R_SERIAL, R_FK, R_OMIT } role;

typedef enum vk { V_NULL, V_INT, V_BOOL, V_REAL, V_TEXT, V_BLOB, V_TIME } vk;

typedef struct sval {
    vk k;
    int64_t i;     /* V_INT, V_BOOL, V_TIME (microseconds since 1970) */
    double d;      /* V_REAL */
    const char *s; /* V_TEXT, V_BLOB; also the text form of V_REAL decimals */
    size_t n;
} sval;

struct stable;

typedef struct sfk {
    const ir_foreign_key *f;
    struct stable *parent;
    int *cols;        /* index in this table's columns */
    int *pcols;       /* index of the referenced columns in the parent */
    bool nullable;    /* some column may be NULL */
    bool deferred;    /* filled in the second pass (a cycle) */
    bool self;
    int digit;        /* >= 0: parent chosen by enumeration, this digit of the row number */
    size_t radix_below; /* the product of the radixes of the digits before it */
} sfk;

typedef struct scol {
    const ir_column *c;
    role role;
    int fk;              /* R_FK: the key that fills it */
    int fkpos;
    kind kind;
    bool unique;         /* part of the key or a unique index */
    bool numbered;       /* made unique by the row number (one column per unique constraint) */
    bool key;            /* its values are kept (referenced by a foreign key, or the key of a table with deferred keys) */
    bool pg_date, pg_time, uuid;
    bool text_time;      /* a String column named as a time (created_at TEXT): ISO text of a time */
    long maxlen;         /* VarChar(n), Char(n): n; else 0 */
    int scale;           /* Decimal: digits after the point */
    double dec_max;      /* Decimal(p, s): the largest value */
    bool has_lo, has_hi;
    double lo, hi;       /* from CHECK terms */
    long minlen, maxlen_ck;
    const opnd *in;      /* an IN list from a CHECK */
    size_t nin;
    const ir_enum *en;
    uint64_t h;
    char *buf;
    const char *pgtype;
    char iso[48];        /* SQLite: the text of a time value bound to a statement */
} scol;

typedef struct sset { /* 64-bit hashes, open addressing; 0 marks an empty slot */
    uint64_t *v;
    size_t n, cap;
} sset;

typedef struct suniq {
    const char *name;
    int *cols;
    size_t n;
    bool serial; /* holds a serial column (1, 2, 3 ...): unique whatever the other values */
    sset seen;
} suniq;

typedef struct stable {
    const ir_table *t;
    const char *label;   /* model name, or table name */
    size_t rows;
    uint64_t h;
    scol *cols;
    size_t ncols;
    sfk *fks;
    size_t nfks;
    suniq *uniqs;
    size_t nuniqs;
    term *terms;
    size_t nterms;
    const ir_check **db_checks; /* checks seed cannot read: asked of the database */
    size_t ndb_checks;
    bool done, ordered;
    sval **keys;         /* per column, its values of every row: key columns only, serials not (row + 1) */
    size_t nkeys;        /* rows stored */
    int created_col;     /* a K_CREATED column, or -1 */
} stable;

typedef struct sd {
    arena *a;
    arena *home; /* the caller's arena: errors live there */
    sc_conn *conn;
    bool pg;
    const ir_schema *s;
    const seed_options *o;
    stable *tabs;
    size_t ntabs;
    stable **order;
    size_t norder;
    const char *err;
    size_t done, total;
    sqlite3 *sq;
    PGconn *pq;
    strbuf line;
} sd;

static int sd__fail(sd *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sd__fail(sd *d, const char *fmt, ...)
{
    if (!d->err) {
        va_list ap;
        va_start(ap, fmt);
        d->err = arena_vprintf(d->home, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* ---------------------------------------------------------------- hash sets */

static bool sset_has(const sset *s, uint64_t h)
{
    if (!s->cap)
        return false;
    h = h ? h : 1;
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (s->v[i] == h)
            return true;
        if (!s->v[i])
            return false;
    }
}

static void sset_add(sset *s, uint64_t h)
{
    h = h ? h : 1;
    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *v = calloc(cap, sizeof *v);
        if (!v)
            abort();
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i])
                for (size_t k = s->v[i] & (cap - 1);; k = (k + 1) & (cap - 1))
                    if (!v[k]) {
                        v[k] = s->v[i];
                        break;
                    }
        free(s->v);
        s->v = v;
        s->cap = cap;
    }
    for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
        if (s->v[i] == h)
            return;
        if (!s->v[i]) {
            s->v[i] = h;
            s->n++;
            return;
        }
    }
}

static uint64_t sval_hash(const sval *v, uint64_t h)
{
    h = sd__mix(h ^ (uint64_t)v->k);
    switch (v->k) {
    case V_NULL: return h;
    case V_INT:
    case V_BOOL:
    case V_TIME: return sd__mix(h ^ (uint64_t)v->i);
    case V_REAL: {
        uint64_t b;
        memcpy(&b, &v->d, sizeof b);
        return sd__mix(h ^ b);
    }
    default:
        for (size_t i = 0; i < v->n; i++)
            h = (h ^ (unsigned char)v->s[i]) * 0x100000001b3ull;
        return sd__mix(h);
    }
}

/* ---------------------------------------------------------------- CHECK parsing */

typedef struct lex {
    const char *p;
    stable *t;
    arena *a;
} lex;

static void lx_ws(lex *x)
{
    while (isspace((unsigned char)*x->p))
        x->p++;
}

static bool lx_kw(lex *x, const char *kw)
{
    lx_ws(x);
    size_t n = strlen(kw);
    if (strncasecmp(x->p, kw, n) == 0 && !isalnum((unsigned char)x->p[n]) && x->p[n] != '_') {
        x->p += n;
        return true;
    }
    return false;
}

static bool lx_ch(lex *x, char c)
{
    lx_ws(x);
    if (*x->p == c) {
        x->p++;
        return true;
    }
    return false;
}

/* `::type` casts after an operand, skipped. */
static void lx_casts(lex *x)
{
    for (;;) {
        lx_ws(x);
        if (x->p[0] != ':' || x->p[1] != ':')
            return;
        x->p += 2;
        lx_ws(x);
        while (isalnum((unsigned char)*x->p) || *x->p == '_' || *x->p == ' ' || *x->p == '"') {
            if (*x->p == ' ') { /* "character varying", "double precision" */
                const char *q = x->p;
                while (*q == ' ')
                    q++;
                if (!isalpha((unsigned char)*q) || strncasecmp(q, "and", 3) == 0 || strncasecmp(q, "or", 2) == 0)
                    break;
            }
            x->p++;
        }
        if (*x->p == '(') {
            while (*x->p && *x->p != ')')
                x->p++;
            if (*x->p)
                x->p++;
        }
        if (x->p[0] == '[' && x->p[1] == ']')
            x->p += 2;
    }
}

static int sd__col_index(const stable *t, const char *name, size_t n)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strlen(t->cols[i].c->name) == n && strncmp(t->cols[i].c->name, name, n) == 0)
            return (int)i;
    return -1;
}

static bool lx_ident(lex *x, int *col)
{
    lx_ws(x);
    if (*x->p == '"') {
        const char *s = ++x->p;
        while (*x->p && *x->p != '"')
            x->p++;
        if (!*x->p)
            return false;
        *col = sd__col_index(x->t, s, (size_t)(x->p - s));
        x->p++;
        return *col >= 0;
    }
    if (!isalpha((unsigned char)*x->p) && *x->p != '_')
        return false;
    const char *s = x->p;
    while (isalnum((unsigned char)*x->p) || *x->p == '_')
        x->p++;
    *col = sd__col_index(x->t, s, (size_t)(x->p - s));
    return *col >= 0;
}

static bool lx_operand(lex *x, opnd *o)
{
    lx_ws(x);
    const char *save = x->p;
    if (*x->p == '(') { /* (0)::numeric, (length(x)) */
        x->p++;
        if (lx_operand(x, o) && lx_ch(x, ')')) {
            lx_casts(x);
            return true;
        }
        x->p = save;
        return false;
    }
    if (*x->p == '\'') {
        strbuf b;
        strbuf_init(&b, x->a);
        x->p++;
        for (;;) {
            if (!*x->p)
                return false;
            if (*x->p == '\'') {
                if (x->p[1] == '\'') {
                    strbuf_putc(&b, '\'');
                    x->p += 2;
                    continue;
                }
                x->p++;
                break;
            }
            strbuf_putc(&b, *x->p++);
        }
        o->k = O_STR;
        o->s = strbuf_str(&b);
        lx_casts(x);
        return true;
    }
    if (isdigit((unsigned char)*x->p) || ((*x->p == '-' || *x->p == '+') && isdigit((unsigned char)x->p[1])) ||
        (*x->p == '.' && isdigit((unsigned char)x->p[1]))) {
        char *end;
        o->num = strtod(x->p, &end);
        x->p = end;
        o->k = O_NUM;
        lx_casts(x);
        return true;
    }
    if (lx_kw(x, "length") || lx_kw(x, "char_length") || lx_kw(x, "character_length")) {
        if (!lx_ch(x, '(') || !lx_ident(x, &o->col))
            return false;
        lx_casts(x);
        if (!lx_ch(x, ')'))
            return false;
        o->k = O_LEN;
        lx_casts(x);
        return true;
    }
    if (lx_ident(x, &o->col)) {
        o->k = O_COL;
        lx_casts(x);
        return true;
    }
    x->p = save;
    return false;
}

static bool lx_term(lex *x, term **out, size_t *n, size_t *cap);

static bool lx_conj(lex *x, term **out, size_t *n, size_t *cap)
{
    do {
        if (!lx_term(x, out, n, cap))
            return false;
    } while (lx_kw(x, "AND"));
    return true;
}

static void sd__push(lex *x, term **out, size_t *n, size_t *cap, const term *t)
{
    *out = arena_reserve(x->a, *out, *n, cap, sizeof **out, 4);
    (*out)[(*n)++] = *t;
}

static bool lx_term(lex *x, term **out, size_t *n, size_t *cap)
{
    lx_ws(x);
    const char *save = x->p;
    if (*x->p == '(') {
        x->p++;
        size_t keep = *n;
        if (lx_conj(x, out, n, cap) && lx_ch(x, ')'))
            return true;
        *n = keep;
        x->p = save;
    }
    term t;
    memset(&t, 0, sizeof t);
    if (!lx_operand(x, &t.l))
        return false;
    if (lx_kw(x, "IS")) {
        if (!lx_kw(x, "NOT") || !lx_kw(x, "NULL"))
            return false;
        t.o = OP_NOTNULL;
        sd__push(x, out, n, cap, &t);
        return true;
    }
    if (lx_kw(x, "BETWEEN")) {
        term hi = t;
        if (!lx_operand(x, &t.r) || !lx_kw(x, "AND") || !lx_operand(x, &hi.r))
            return false;
        t.o = OP_GE;
        hi.o = OP_LE;
        sd__push(x, out, n, cap, &t);
        sd__push(x, out, n, cap, &hi);
        return true;
    }
    if (lx_kw(x, "IN")) {
        if (!lx_ch(x, '('))
            return false;
        size_t icap = 0;
        do {
            opnd o;
            if (!lx_operand(x, &o) || (o.k != O_NUM && o.k != O_STR))
                return false;
            t.in = arena_reserve(x->a, t.in, t.nin, &icap, sizeof *t.in, 4);
            t.in[t.nin++] = o;
        } while (lx_ch(x, ','));
        if (!lx_ch(x, ')'))
            return false;
        t.o = OP_IN;
        sd__push(x, out, n, cap, &t);
        return true;
    }
    if (lx_kw(x, "=") || (x->p[0] == '=' && (x->p++, true)))
        t.o = OP_EQ;
    else if (strncmp(x->p, "<>", 2) == 0 || strncmp(x->p, "!=", 2) == 0)
        t.o = OP_NE, x->p += 2;
    else if (strncmp(x->p, "<=", 2) == 0)
        t.o = OP_LE, x->p += 2;
    else if (strncmp(x->p, ">=", 2) == 0)
        t.o = OP_GE, x->p += 2;
    else if (*x->p == '<')
        t.o = OP_LT, x->p++;
    else if (*x->p == '>')
        t.o = OP_GT, x->p++;
    else
        return false;
    if (!lx_operand(x, &t.r))
        return false;
    sd__push(x, out, n, cap, &t);
    return true;
}

/* The terms of check CK of T, or false when seed cannot read it (the database then judges each row). */
static bool sd__parse_check(sd *d, stable *t, const ir_check *ck, size_t *cap)
{
    lex x = {ck->expr, t, d->a};
    size_t keep = t->nterms;
    if (!ck->expr || !lx_conj(&x, &t->terms, &t->nterms, cap) || (lx_ws(&x), *x.p)) {
        t->nterms = keep;
        return false;
    }
    return true;
}

/* What the terms say of single columns: ranges, lengths, lists. */
static void sd__shape(stable *t)
{
    for (size_t i = 0; i < t->nterms; i++) {
        term *m = &t->terms[i];
        opnd *l = &m->l, *r = &m->r;
        op o = m->o;
        if (o == OP_IN && l->k == O_COL) {
            t->cols[l->col].in = m->in;
            t->cols[l->col].nin = m->nin;
            continue;
        }
        if (l->k == O_NUM && (r->k == O_COL || r->k == O_LEN)) { /* 0 < x: x > 0 */
            opnd tmp = *l;
            *l = *r;
            *r = tmp;
            o = o == OP_LT ? OP_GT : o == OP_LE ? OP_GE : o == OP_GT ? OP_LT : o == OP_GE ? OP_LE : o;
            m->o = o;
        }
        if (r->k != O_NUM)
            continue;
        scol *c = &t->cols[l->col];
        bool integral = c->c->scalar == SC_SCALAR_INT || c->c->scalar == SC_SCALAR_BIGINT;
        double step = integral || l->k == O_LEN ? 1 : 0.01;
        if (l->k == O_LEN) {
            long v = (long)r->num;
            if (o == OP_GT || o == OP_GE || o == OP_EQ)
                c->minlen = c->minlen > v + (o == OP_GT) ? c->minlen : v + (o == OP_GT);
            if (o == OP_LT || o == OP_LE || o == OP_EQ) {
                long hi = v - (o == OP_LT);
                c->maxlen_ck = c->maxlen_ck && c->maxlen_ck < hi ? c->maxlen_ck : hi;
            }
            continue;
        }
        if (l->k != O_COL)
            continue;
        if (o == OP_GT || o == OP_GE || o == OP_EQ) {
            double v = r->num + (o == OP_GT ? step : 0);
            if (!c->has_lo || v > c->lo)
                c->lo = v, c->has_lo = true;
        }
        if (o == OP_LT || o == OP_LE || o == OP_EQ) {
            double v = r->num - (o == OP_LT ? step : 0);
            if (!c->has_hi || v < c->hi)
                c->hi = v, c->has_hi = true;
        }
    }
}

static int sval_cmp(const sval *a, const sval *b, bool *ok)
{
    *ok = true;
    double x, y;
    if ((a->k == V_TEXT && b->k == V_TEXT) || (a->k == V_BLOB && b->k == V_BLOB)) {
        size_t n = a->n < b->n ? a->n : b->n;
        int c = memcmp(a->s, b->s, n);
        return c ? c : (a->n > b->n) - (a->n < b->n);
    }
    if (a->k == V_TIME && b->k == V_TIME)
        return (a->i > b->i) - (a->i < b->i);
    if ((a->k == V_INT || a->k == V_BOOL || a->k == V_REAL || a->k == V_TEXT) &&
        (b->k == V_INT || b->k == V_BOOL || b->k == V_REAL || b->k == V_TEXT)) {
        x = a->k == V_REAL ? a->d : a->k == V_TEXT ? strtod(a->s, NULL) : (double)a->i;
        y = b->k == V_REAL ? b->d : b->k == V_TEXT ? strtod(b->s, NULL) : (double)b->i;
        return (x > y) - (x < y);
    }
    *ok = false;
    return 0;
}

static size_t sd__utf8_len(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* An operand's value in ROW (V_NULL: unknown, the term passes as SQL's CHECK does). */
static sval sd__opnd(const stable *t, const opnd *o, const sval *row)
{
    sval v;
    memset(&v, 0, sizeof v);
    switch (o->k) {
    case O_COL: return row[o->col];
    case O_LEN:
        if (row[o->col].k == V_TEXT)
            v.k = V_INT, v.i = (int64_t)sd__utf8_len(row[o->col].s, row[o->col].n);
        return v;
    case O_NUM:
        v.k = V_REAL;
        v.d = o->num;
        return v;
    case O_STR:
        v.k = V_TEXT;
        v.s = o->s;
        v.n = strlen(o->s);
        return v;
    }
    (void)t;
    return v;
}

static bool sd__terms_hold(const stable *t, const sval *row)
{
    for (size_t i = 0; i < t->nterms; i++) {
        const term *m = &t->terms[i];
        sval l = sd__opnd(t, &m->l, row);
        if (l.k == V_NULL) {
            if (m->o == OP_NOTNULL)
                return false;
            continue;
        }
        if (m->o == OP_NOTNULL)
            continue;
        if (m->o == OP_IN) {
            bool any = false;
            for (size_t k = 0; k < m->nin && !any; k++) {
                sval r = sd__opnd(t, &m->in[k], row);
                bool ok;
                any = sval_cmp(&l, &r, &ok) == 0 && ok;
            }
            if (!any)
                return false;
            continue;
        }
        sval r = sd__opnd(t, &m->r, row);
        if (r.k == V_NULL)
            continue;
        bool ok;
        int c = sval_cmp(&l, &r, &ok);
        if (!ok)
            continue;
        bool pass = m->o == OP_LT ? c < 0 : m->o == OP_LE ? c <= 0 : m->o == OP_GT ? c > 0 : m->o == OP_GE ? c >= 0
                  : m->o == OP_EQ ? c == 0 : c != 0;
        if (!pass)
            return false;
    }
    return true;
}

/*
 * Terms comparing two columns seed makes (leftAt > joinedAt, max >= min,
 * a <> b): the left one is moved to the right side of the other.
 */
static void sd__repair(const stable *t, sval *row, uint64_t seed, size_t i, unsigned attempt)
{
    for (size_t k = 0; k < t->nterms; k++) {
        const term *m = &t->terms[k];
        if (m->l.k != O_COL || m->r.k != O_COL || m->o == OP_IN || m->o == OP_NOTNULL || m->o == OP_EQ)
            continue;
        const scol *lc = &t->cols[m->l.col];
        sval *l = &row[m->l.col];
        const sval *r = &row[m->r.col];
        if (lc->role != R_GEN || lc->numbered || l->k != r->k || (l->k != V_INT && l->k != V_REAL && l->k != V_TIME))
            continue;
        bool ok;
        int c = sval_cmp(l, r, &ok);
        bool pass = m->o == OP_LT ? c < 0 : m->o == OP_LE ? c <= 0 : m->o == OP_GT ? c > 0 : m->o == OP_GE ? c >= 0
                                                                                                          : c != 0;
        if (!ok || pass)
            continue;
        rng g = sd__rng(seed, t->h, lc->h ^ 0xABCD, i, attempt);
        int64_t step = l->k == V_TIME ? (int64_t)(1 + r_below(&g, 90ull * 86400)) * 1000000 : 1 + (int64_t)r_below(&g, 10);
        int dir = m->o == OP_LT || m->o == OP_LE ? -1 : 1;
        if (m->o == OP_NE)
            dir = 1;
        if (l->k == V_REAL)
            l->d = r->d + dir * (double)step;
        else
            l->i = r->i + dir * step;
    }
}

/* ---------------------------------------------------------------- values */

#define T_BASE 1609459200LL /* 2021-01-01T00:00:00Z */
#define T_SPAN (3LL * 365 * 86400)

/* V is the text of C's buffer up to END (NUL-terminated there). */
static void sd__end(scol *c, sval *v, char *end)
{
    *end = '\0';
    v->k = V_TEXT;
    v->s = c->buf;
    v->n = (size_t)(end - c->buf);
}

/* V is S (a word list's or a CHECK's string), copied into C's buffer. */
static void sd__set(scol *c, sval *v, const char *s)
{
    size_t n = strlen(s);
    if (n > SEED_CELL - 1)
        n = SEED_CELL - 1;
    memcpy(c->buf, s, n);
    sd__end(c, v, c->buf + n);
}

static size_t sd__sentence(rng *r, char *out, size_t cap)
{
    size_t n = 0, w = 6 + r_below(r, 9);
    for (size_t i = 0; i < w && n + 16 < cap; i++) {
        const char *word = PICK(r, words);
        char *p = out + n;
        if (i) {
            *p++ = ' ';
            p = sd__cpy(p, word);
        } else {
            p = sd__cpy_first(p, word, false);
        }
        n = (size_t)(p - out);
    }
    if (n + 2 < cap)
        out[n++] = '.';
    out[n] = '\0';
    return n;
}

static void sd__text(scol *c, sval *v, rng *r, size_t sentences, bool paragraphs)
{
    size_t n = 0;
    for (size_t i = 0; i < sentences && n + 160 < SEED_CELL; i++) {
        if (i) {
            if (paragraphs && r_below(r, 4) == 0) {
                c->buf[n++] = '\n';
                c->buf[n++] = '\n';
            } else {
                c->buf[n++] = ' ';
            }
        }
        n += sd__sentence(r, c->buf + n, SEED_CELL - n);
    }
    c->buf[n] = '\0';
    v->k = V_TEXT;
    v->s = c->buf;
    v->n = n;
}

static void sd__uuid(scol *c, sval *v, rng *r)
{
    uint64_t a = r_next(r), b = r_next(r);
    a = (a & ~0xF000ull) | 0x4000ull;                       /* version 4 */
    b = (b & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull; /* variant */
    char *p = sd__hex(c->buf, a >> 32, 8);
    *p++ = '-';
    p = sd__hex(p, (a >> 16) & 0xFFFF, 4);
    *p++ = '-';
    p = sd__hex(p, a & 0xFFFF, 4);
    *p++ = '-';
    p = sd__hex(p, b >> 48, 4);
    *p++ = '-';
    sd__end(c, v, sd__hex(p, b & 0xFFFFFFFFFFFFull, 12));
}

static void sd__chars(scol *c, sval *v, rng *r, const char *alphabet, size_t n, const char *prefix)
{
    size_t al = strlen(alphabet), p = strlen(prefix);
    memcpy(c->buf, prefix, p);
    for (size_t i = 0; i < n && p + i + 1 < SEED_CELL; i++)
        c->buf[p + i] = alphabet[r_below(r, al)];
    c->buf[p + n] = '\0';
    v->k = V_TEXT;
    v->s = c->buf;
    v->n = p + n;
}

/* A string of kind c->kind for row ROW; NUM (> 0) makes it unique. */
static void sd__string(stable *t, scol *c, sval *v, rng *r, size_t row, uint64_t num)
{
    const ir_column *col = c->c;
    if (col->client_default == IR_CLIENT_UUID || c->uuid || c->kind == K_UUID) {
        sd__uuid(c, v, r);
        return;
    }
    if (col->client_default == IR_CLIENT_CUID) {
        sd__chars(c, v, r, "0123456789abcdefghijklmnopqrstuvwxyz", 24, "c");
        return;
    }
    if (col->client_default == IR_CLIENT_NANOID) {
        sd__chars(c, v, r, "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                  col->client_arg > 0 ? (size_t)col->client_arg : 21, "");
        return;
    }
    if (col->client_default == IR_CLIENT_ULID) {
        sd__chars(c, v, r, "0123456789ABCDEFGHJKMNPQRSTVWXYZ", 26, "");
        return;
    }
    const char *f = PICK(r, first_names), *l = PICK(r, last_names);
    /* the row number that makes the value unique ("" when none) */
    char u[24];
    *(num ? sd__u64(u, num) : u) = '\0';
    char *p = c->buf;
    /*
     * Where a value takes several random draws they are made in a fixed order
     * (the last part first), the order of the arguments of the printf this
     * replaced as gcc evaluated them: the same --seed keeps its rows.
     */
    switch (c->kind) {
    case K_EMAIL: {
        const char *dom = PICK(r, domains);
        p = sd__cpy_first(p, f, true);
        *p++ = '.';
        p = sd__cpy_first(p, l, true);
        p = sd__cpy(p, u);
        *p++ = '@';
        p = sd__cpy(p, dom);
        for (char *q = c->buf; q < p; q++)
            *q = (char)tolower((unsigned char)*q);
        sd__end(c, v, p);
        return;
    }
    case K_FIRST:
    case K_LAST:
        p = sd__cpy(p, c->kind == K_FIRST ? f : l);
        if (num)
            *p++ = ' ';
        sd__end(c, v, sd__cpy(p, u));
        return;
    case K_NAME:
        p = sd__cpy(p, f);
        *p++ = ' ';
        p = sd__cpy(p, l);
        if (num)
            *p++ = ' ';
        sd__end(c, v, sd__cpy(p, u));
        return;
    case K_USERNAME:
        p = sd__cpy_first(p, f, true);
        *p++ = '_';
        p = sd__cpy_first(p, l, true);
        sd__end(c, v, sd__cpy(p, u));
        return;
    case K_COMPANY:
        p = sd__cpy(p, l);
        *p++ = ' ';
        p = sd__cpy(p, PICK(r, company_kinds));
        if (num)
            *p++ = ' ';
        sd__end(c, v, sd__cpy(p, u));
        return;
    case K_SLUG: {
        const char *w3 = PICK(r, words), *w2 = PICK(r, words), *w1 = PICK(r, words);
        p = sd__cpy(p, w1);
        *p++ = '-';
        p = sd__cpy(p, w2);
        *p++ = '-';
        p = sd__cpy(p, w3);
        if (num)
            *p++ = '-';
        sd__end(c, v, sd__cpy(p, u));
        return;
    }
    case K_URL: {
        const char *w2 = PICK(r, words), *w1 = PICK(r, words), *dom = PICK(r, domains);
        p = sd__cpy(p, "https://");
        p = sd__cpy(p, dom);
        *p++ = '/';
        p = sd__cpy(p, w1);
        *p++ = '/';
        p = sd__cpy(p, w2);
        if (num)
            *p++ = '-';
        sd__end(c, v, sd__cpy(p, u));
        return;
    }
    case K_IMAGE: {
        uint64_t pic = r_below(r, 100000);
        const char *dom = PICK(r, domains);
        p = sd__cpy(p, "https://img.");
        p = sd__cpy(p, dom);
        *p++ = '/';
        p = sd__cpy(p, u);
        if (num)
            *p++ = '-';
        p = sd__u64(p, pic);
        sd__end(c, v, sd__cpy(p, ".jpg"));
        return;
    }
    case K_PHONE: {
        uint64_t b = r_below(r, 10000), a = r_below(r, 1000);
        p = sd__cpy(p, "+1 555-");
        p = sd__u0(p, a, 3);
        *p++ = '-';
        p = sd__u0(p, b, 4);
        if (num)
            p = sd__cpy(p, " x");
        sd__end(c, v, sd__cpy(p, u));
        return;
    }
    case K_CITY:
        p = sd__cpy(p, PICK(r, cities));
        if (num)
            *p++ = ' ';
        sd__end(c, v, sd__cpy(p, u));
        return;
    case K_COUNTRY: {
        /* Char(2), VarChar(3), length(x) = 2: an ISO code, not a country's name cut short */
        size_t i = r_below(r, sizeof countries / sizeof countries[0]);
        long max = c->maxlen && (!c->maxlen_ck || c->maxlen < c->maxlen_ck) ? c->maxlen : c->maxlen_ck;
        if (!num && max >= 2 && max <= 3) {
            sd__set(c, v, max == 2 ? country_codes2[i] : country_codes3[i]);
        } else {
            p = sd__cpy(p, countries[i]);
            if (num)
                *p++ = ' ';
            sd__end(c, v, sd__cpy(p, u));
        }
        return;
    }
    case K_ADDRESS: {
        const char *street = PICK(r, streets);
        p = sd__u64(p, 1 + r_below(r, 9999));
        p = sd__cpy(p, u);
        *p++ = ' ';
        sd__end(c, v, sd__cpy(p, street));
        return;
    }
    case K_ZIP:
        p = sd__u0(p, r_below(r, 100000), 5);
        if (num)
            *p++ = '-';
        sd__end(c, v, sd__cpy(p, u));
        return;
    case K_COLOR:
        *p++ = '#';
        p = sd__hex(p, r_below(r, 0x1000000), 6);
        sd__end(c, v, sd__cpy(p, u));
        return;
    case K_CURRENCY:
        p = sd__cpy(p, PICK(r, currencies));
        sd__end(c, v, sd__cpy(p, u));
        return;
    case K_LOCALE:
        p = sd__cpy(p, PICK(r, locales));
        if (num)
            *p++ = '-';
        sd__end(c, v, sd__cpy(p, u));
        return;
    case K_IP: {
        uint64_t d = num ? num & 0xFF : r_below(r, 256);
        uint64_t b = num ? (num >> 8) & 0xFF : r_below(r, 256);
        p = sd__cpy(p, "10.");
        p = sd__u64(p, (num >> 16) & 0xFF);
        *p++ = '.';
        p = sd__u64(p, b);
        *p++ = '.';
        sd__end(c, v, sd__u64(p, d));
        return;
    }
    case K_CODE:
        if (num) {
            char b = (char)('A' + r_below(r, 26)), a = (char)('A' + r_below(r, 26));
            *p++ = a;
            *p++ = b;
            *p++ = '-';
            sd__end(c, v, sd__u0(p, num, 6));
        } else {
            sd__chars(c, v, r, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 10, "");
        }
        return;
    case K_LONG: {
        sd__text(c, v, r, 4 + r_below(r, 10), true);
        break;
    }
    case K_MEDIUM: sd__text(c, v, r, 1 + r_below(r, 3), false); break;
    case K_TITLE:
    default: {
        size_t n = 2 + r_below(r, c->kind == K_TITLE ? 5 : 2);
        for (size_t i = 0; i < n; i++) {
            const char *w = PICK(r, words);
            if (i)
                *p++ = ' ';
            p = c->kind == K_TITLE || i == 0 ? sd__cpy_first(p, w, false) : sd__cpy(p, w);
        }
        if (num) {
            *p++ = ' ';
            p = sd__cpy(p, u);
        }
        sd__end(c, v, p);
        return;
    }
    }
    if (num) { /* long texts: the number in front */
        size_t k = strlen(u) + 2;
        if (v->n + k < SEED_CELL) {
            memmove(c->buf + k, c->buf, v->n + 1);
            memcpy(c->buf, u, k - 2);
            c->buf[k - 2] = '.';
            c->buf[k - 1] = ' ';
            v->n += k;
        }
    }
    (void)t;
    (void)row;
}

/* Length limits: VarChar(n), CHECK (length(x) ...). The unique number stays at the end. */
static void sd__fit_length(scol *c, sval *v, rng *r)
{
    long max = c->maxlen;
    if (c->maxlen_ck && (!max || c->maxlen_ck < max))
        max = c->maxlen_ck;
    size_t len = sd__utf8_len(v->s, v->n);
    while (c->minlen && (long)len < c->minlen && v->n + 8 < SEED_CELL) {
        const char *w = PICK(r, words);
        c->buf[v->n] = ' ';
        sd__end(c, v, sd__cpy(c->buf + v->n + 1, w));
        len = sd__utf8_len(v->s, v->n);
    }
    if (max > 0 && (long)len > max) {
        /* keep the tail (the unique number) when there is one */
        const char *digits = c->buf + v->n;
        while (digits > c->buf && isdigit((unsigned char)digits[-1]))
            digits--;
        size_t tail = c->unique ? (size_t)(c->buf + v->n - digits) : 0;
        if ((long)tail > max)
            tail = (size_t)max;
        size_t head = (size_t)max - tail; /* ASCII: our words are */
        memmove(c->buf + head, c->buf + v->n - tail, tail);
        v->n = head + tail;
        c->buf[v->n] = '\0';
    }
}

static double sd__number(scol *c, rng *r, bool integral)
{
    double lo, hi;
    switch (c->kind) {
    case K_PRICE: lo = 1, hi = 999.99; break;
    case K_QTY: lo = 0, hi = 500; break;
    case K_AGE: lo = 18, hi = 90; break;
    case K_RATING: lo = 1, hi = 5; break;
    case K_YEAR: lo = 1990, hi = 2024; break;
    case K_LAT: lo = -60, hi = 70; break;
    case K_LNG: lo = -180, hi = 180; break;
    case K_PERCENT: lo = 0, hi = 100; break;
    default: lo = 0, hi = c->c->scalar == SC_SCALAR_BIGINT ? 1000000 : 1000; break;
    }
    if (c->dec_max > 0 && hi > c->dec_max)
        hi = c->dec_max;
    if (c->has_lo && lo < c->lo)
        lo = c->lo;
    if (c->has_hi && hi > c->hi)
        hi = c->hi;
    if (lo > hi) { /* the check's range lies outside the usual one: the check's */
        lo = c->has_lo ? c->lo : c->hi - 1000;
        hi = c->has_hi ? c->hi : lo + 1000;
    }
    if (integral)
        return (double)r_range(r, (int64_t)sd__ceil(lo), (int64_t)sd__floor(hi));
    double v = lo + r_unit(r) * (hi - lo);
    v = sd__floor(v * 100 + 0.5) / 100;
    return v < lo ? lo : v > hi ? hi : v;
}

static int64_t sd__time(const stable *t, const scol *c, rng *r, size_t row)
{
    int64_t s;
    switch (c->kind) {
    case K_BIRTH: s = -631152000LL + (int64_t)r_below(r, 55ull * 365 * 86400); break;
    case K_CREATED: {
        size_t n = t->rows ? t->rows : 1;
        s = T_BASE + (int64_t)(((double)row + r_unit(r)) * (double)T_SPAN / (double)n);
        break;
    }
    case K_UPDATED: {
        size_t n = t->rows ? t->rows : 1;
        s = T_BASE + (int64_t)(((double)row + 1) * (double)T_SPAN / (double)n) + (int64_t)r_below(r, 90 * 86400);
        break;
    }
    default: s = T_BASE + (int64_t)r_below(r, (uint64_t)T_SPAN); break;
    }
    if (c->pg_date)
        s -= ((s % 86400) + 86400) % 86400;
    return s * 1000000 + (int64_t)r_below(r, 1000) * 1000;
}

/* One value of column C (not a key column), or of one element of its list. */
static void sd__scalar(stable *t, scol *c, sval *v, rng *r, size_t row, uint64_t num)
{
    const ir_column *col = c->c;
    memset(v, 0, sizeof *v);
    if (c->en) {
        if (c->nin) {
            const opnd *o = &c->in[r_below(r, c->nin)];
            sd__set(c, v, o->k == O_STR ? o->s : "");
        } else if (c->en->nvalues) {
            sd__set(c, v, c->en->values[r_below(r, c->en->nvalues)].db_name);
        }
        return;
    }
    if (c->nin) {
        const opnd *o = &c->in[r_below(r, c->nin)];
        if (o->k == O_STR) {
            sd__set(c, v, o->s);
        } else if (col->scalar == SC_SCALAR_INT || col->scalar == SC_SCALAR_BIGINT) {
            v->k = V_INT;
            v->i = (int64_t)o->num;
        } else {
            v->k = V_REAL;
            v->d = o->num;
        }
        if (col->scalar == SC_SCALAR_DECIMAL && v->k == V_REAL)
            sd__end(c, v, sd__fixed(c->buf, o->num, c->scale));
        return;
    }
    switch (col->scalar) {
    case SC_SCALAR_STRING:
        if (c->text_time && (!c->maxlen || c->maxlen >= 19)) {
            sd_tm tm = sd__gmtime((sd__time(t, c, r, row) / 1000000) + (int64_t)num);
            char *p = sd__date(c->buf, &tm);
            *p++ = ' ';
            sd__end(c, v, sd__clock(p, &tm));
            return;
        }
        sd__string(t, c, v, r, row, num);
        sd__fit_length(c, v, r);
        return;
    case SC_SCALAR_BOOLEAN:
        v->k = V_BOOL;
        v->i = c->kind == K_FLAG_TRUE ? r_below(r, 4) != 0 : (int64_t)r_below(r, 2);
        return;
    case SC_SCALAR_INT:
    case SC_SCALAR_BIGINT:
        v->k = V_INT;
        if (num) {
            v->i = (int64_t)num + (c->has_lo ? (int64_t)sd__ceil(c->lo) - 1 : 0);
        } else {
            v->i = (int64_t)sd__number(c, r, true);
        }
        if (col->native && strcmp(col->native, "SmallInt") == 0)
            v->i %= 32768;
        return;
    case SC_SCALAR_FLOAT:
        v->k = V_REAL;
        v->d = num ? (double)num + (c->has_lo ? c->lo : 0) + 0.5 : sd__number(c, r, false);
        return;
    case SC_SCALAR_DECIMAL: {
        double d = num ? (double)num + (c->has_lo ? c->lo : 0) : sd__number(c, r, false);
        sd__end(c, v, sd__fixed(c->buf, d, c->scale));
        return;
    }
    case SC_SCALAR_DATETIME:
        v->k = V_TIME;
        v->i = sd__time(t, c, r, row) + (int64_t)num * 1000000;
        return;
    case SC_SCALAR_JSON:
    {
        uint64_t score = r_below(r, 100), active = r_below(r, 2);
        const char *tag = PICK(r, words);
        char *p = sd__cpy(c->buf, "{\"id\": ");
        p = sd__u64(p, num ? num : row + 1);
        p = sd__cpy(p, ", \"tag\": \"");
        p = sd__cpy(p, tag);
        p = sd__cpy(p, active ? "\", \"active\": true, \"score\": " : "\", \"active\": false, \"score\": ");
        p = sd__u64(p, score);
        *p++ = '}';
        sd__end(c, v, p);
        return;
    }
    case SC_SCALAR_BYTES: {
        size_t n = 16;
        for (size_t i = 0; i < n; i++)
            c->buf[i] = (char)r_below(r, 256);
        if (num)
            memcpy(c->buf, &num, sizeof num);
        v->k = V_BLOB;
        v->s = c->buf;
        v->n = n;
        return;
    }
    default:
        v->k = V_NULL;
        return;
    }
}

/* ---------------------------------------------------------------- text forms */

/*
 * The time US (microseconds since 1970, UTC) as text at P, returning its end:
 * 2022-05-17T09:41:03.123Z for SQLite, 2022-05-17 09:41:03.123+00 for
 * PostgreSQL, a date or a time of day for @db.Date and @db.Time.
 */
static char *sd__iso(char *p, const scol *c, int64_t us, bool pg)
{
    int64_t s = us / 1000000, ms = (us % 1000000) / 1000;
    if (us < 0 && us % 1000000) {
        s--;
        ms = (us - s * 1000000) / 1000;
    }
    sd_tm tm = sd__gmtime(s);
    if (!c->pg_time) {
        p = sd__date(p, &tm);
        if (c->pg_date)
            return p;
        *p++ = pg ? ' ' : 'T';
    }
    p = sd__clock(p, &tm);
    *p++ = '.';
    p = sd__u0(p, (uint64_t)ms, 3);
    if (c->pg_time)
        return p;
    return sd__cpy(p, pg ? "+00" : "Z");
}

/* V as PostgreSQL input text into B (no COPY escaping). */
static void sd__pg_text(strbuf *b, const scol *c, const sval *v)
{
    char tmp[64];
    switch (v->k) {
    case V_NULL: break;
    case V_INT: strbuf_putn(b, tmp, (size_t)(sd__i64(tmp, v->i) - tmp)); break;
    case V_BOOL: strbuf_puts(b, v->i ? "t" : "f"); break;
    case V_REAL: strbuf_putn(b, tmp, (size_t)(sd__real(tmp, v->d, c->c->scalar == SC_SCALAR_FLOAT) - tmp)); break;
    case V_TIME: strbuf_putn(b, tmp, (size_t)(sd__iso(tmp, c, v->i, true) - tmp)); break;
    case V_TEXT: strbuf_putn(b, v->s, v->n); break;
    case V_BLOB:
        strbuf_puts(b, "\\x");
        for (size_t i = 0; i < v->n; i++)
            strbuf_putn(b, tmp, (size_t)(sd__hex(tmp, (unsigned char)v->s[i], 2) - tmp));
        break;
    }
}

/* A list value: PostgreSQL's array literal of N values of C. */
static const char *sd__pg_array(sd *d, scol *c, rng *r, stable *t, size_t row)
{
    strbuf b;
    strbuf_init(&b, d->a);
    size_t n = r_below(r, 4);
    strbuf_putc(&b, '{');
    for (size_t i = 0; i < n; i++) {
        sval e;
        sd__scalar(t, c, &e, r, row, 0);
        strbuf e_text;
        strbuf_init(&e_text, d->a);
        sd__pg_text(&e_text, c, &e);
        const char *s = strbuf_str(&e_text);
        if (i)
            strbuf_putc(&b, ',');
        strbuf_putc(&b, '"');
        for (; *s; s++) {
            if (*s == '"' || *s == '\\')
                strbuf_putc(&b, '\\');
            strbuf_putc(&b, *s);
        }
        strbuf_putc(&b, '"');
    }
    strbuf_putc(&b, '}');
    return strbuf_str(&b);
}

/* ---------------------------------------------------------------- setting tables up */

static stable *sd__find(sd *d, const char *schema, const char *table)
{
    for (size_t i = 0; i < d->ntabs; i++)
        if (strcmp(d->tabs[i].t->name, table) == 0 && ir_same_schema(d->tabs[i].t->schema, schema))
            return &d->tabs[i];
    return NULL;
}

static bool sd__uniquifiable(const scol *c)
{
    if (c->role == R_SERIAL)
        return true;
    if (c->role != R_GEN || c->en || c->nin || c->c->list)
        return false;
    switch (c->c->scalar) {
    case SC_SCALAR_STRING:
        return c->c->client_default == IR_CLIENT_NONE && !c->uuid && c->kind != K_UUID &&
               (!c->maxlen || c->maxlen >= 8) && (!c->maxlen_ck || c->maxlen_ck >= 8);
    case SC_SCALAR_INT:
    case SC_SCALAR_BIGINT:
    case SC_SCALAR_FLOAT:
    case SC_SCALAR_DECIMAL:
        return !c->has_hi;
    case SC_SCALAR_DATETIME:
    case SC_SCALAR_JSON:
    case SC_SCALAR_BYTES: return true;
    default: return false;
    }
}

/* Whether rows of a table named NAME are people (a "name" there is a person's). */
static bool sd__person(const char *name)
{
    static const char *const people[] = {"user", "person", "people", "customer", "author", "member", "employee",
                                         "player", "contact", "account", "student", "teacher", "owner", "admin",
                                         "staff", "client", "patient", "driver", "guest", "profile"};
    char n[128];
    size_t k = 0;
    for (const char *p = name; *p && k + 1 < sizeof n; p++)
        n[k++] = (char)tolower((unsigned char)*p);
    n[k] = '\0';
    for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
        if (strstr(n, people[i]))
            return true;
    return false;
}

static int sd__setup_table(sd *d, stable *st)
{
    const ir_table *t = st->t;
    const ddl_dialect *dd = d->pg ? &ddl_postgres_dialect : &ddl_sqlite_dialect;
    st->label = t->model ? t->model : t->name;
    st->h = sd__hash(t->name);
    st->ncols = t->ncolumns;
    st->cols = ARENA_ARRAY(d->a, scol, t->ncolumns ? t->ncolumns : 1);
    st->created_col = -1;
    for (size_t i = 0; i < t->ncolumns; i++) {
        scol *c = &st->cols[i];
        const ir_column *col = &t->columns[i];
        memset(c, 0, sizeof *c);
        c->c = col;
        c->fk = -1;
        c->h = sd__hash(col->name);
        c->buf = arena_alloc(d->a, SEED_CELL);
        c->kind = sd__kind(col->field ? col->field : col->name, col->scalar);
        if (col->scalar == SC_SCALAR_STRING && !col->list && sd__time_name(col->field ? col->field : col->name)) {
            /* SQLite keeps times as TEXT: a plausible time, in its CURRENT_TIMESTAMP form */
            c->text_time = true;
            c->kind = sd__kind(col->field ? col->field : col->name, SC_SCALAR_DATETIME);
        }
        if (c->kind == K_NAME && !sd__person(st->label))
            c->kind = K_TITLE; /* a team's or a product's name */
        if (col->enum_name)
            c->en = ir_find_enum_in(d->s, col->enum_schema, col->enum_name);
        c->scale = 2;
        if (col->native) {
            if ((strcmp(col->native, "VarChar") == 0 || strcmp(col->native, "Char") == 0) && col->native_args)
                c->maxlen = strtol(col->native_args, NULL, 10); /* VarChar(n): n, validated by sema */
            if (strcmp(col->native, "Uuid") == 0)
                c->uuid = true;
            if (strcmp(col->native, "Date") == 0)
                c->pg_date = true;
            if (strcmp(col->native, "Time") == 0 || strcmp(col->native, "Timetz") == 0)
                c->pg_time = true;
            if (col->scalar == SC_SCALAR_DECIMAL && col->native_args) {
                int p = (int)strtol(col->native_args, NULL, 10);
                const char *comma = strchr(col->native_args, ',');
                int s = comma ? (int)strtol(comma + 1, NULL, 10) : 0;
                c->scale = s < 2 ? s : 2;
                if (p > s && p - s < 15)
                    c->dec_max = sd__pow10(p - s) - sd__pow10(-c->scale);
            }
        }
        if (col->scalar == SC_SCALAR_UNSUPPORTED) {
            if (!col->nullable && col->dflt.kind == IR_DEFAULT_NONE)
                return sd__fail(d, "%s.%s: seed has no values of type %s (make it nullable or give it a default)",
                                st->label, col->field ? col->field : col->name, col->unsupported);
            c->role = R_OMIT;
        } else if (col->dflt.kind == IR_DEFAULT_AUTOINCREMENT) {
            c->role = R_SERIAL;
        }
        if (d->pg) {
            c->pgtype = dd->column_type(d->a, d->s, col);
            if (strcasecmp(c->pgtype, "SERIAL") == 0)
                c->pgtype = "integer";
            else if (strcasecmp(c->pgtype, "BIGSERIAL") == 0)
                c->pgtype = "bigint";
            else if (strcasecmp(c->pgtype, "SMALLSERIAL") == 0)
                c->pgtype = "smallint";
        }
        if (c->kind == K_CREATED && col->scalar == SC_SCALAR_DATETIME && st->created_col < 0)
            st->created_col = (int)i;
    }
    /* keys */
    st->nfks = t->nfks;
    st->fks = ARENA_ARRAY(d->a, sfk, t->nfks ? t->nfks : 1);
    for (size_t k = 0; k < t->nfks; k++) {
        sfk *f = &st->fks[k];
        memset(f, 0, sizeof *f);
        f->f = &t->fks[k];
        f->digit = -1;
        f->parent = sd__find(d, f->f->ref_schema, f->f->ref_table);
        if (!f->parent)
            return sd__fail(d, "%s: foreign key %s references %s, which is not a table of the schema", st->label,
                            f->f->name ? f->f->name : "", f->f->ref_table);
        f->self = f->parent == st;
        f->cols = ARENA_ARRAY(d->a, int, f->f->ncolumns);
        f->pcols = ARENA_ARRAY(d->a, int, f->f->ncolumns);
        for (size_t i = 0; i < f->f->ncolumns; i++) {
            f->cols[i] = sd__col_index(st, f->f->columns[i], strlen(f->f->columns[i]));
            f->pcols[i] = -1;
            if (f->cols[i] < 0)
                return sd__fail(d, "%s: foreign key %s names an unknown column", st->label, f->f->name);
            scol *c = &st->cols[f->cols[i]];
            f->nullable = f->nullable || c->c->nullable;
            if (c->role != R_FK) {
                c->role = R_FK;
                c->fk = (int)k;
                c->fkpos = (int)i;
            }
        }
    }
    /* unique constraints: the primary key and unique indexes without a condition */
    size_t ucap = 0;
    for (size_t x = 0; x <= t->nindexes; x++) {
        const char *const *names;
        size_t n;
        const char *name;
        if (x == t->nindexes) {
            if (!t->has_pk)
                break;
            names = (const char *const *)t->pk.columns;
            n = t->pk.ncolumns;
            name = t->pk.name ? t->pk.name : "primary key";
        } else {
            const ir_index *ix = &t->indexes[x];
            if (!ix->unique || ix->where)
                continue;
            n = ix->ncolumns;
            const char **v = ARENA_ARRAY(d->a, const char *, n ? n : 1);
            for (size_t i = 0; i < n; i++)
                v[i] = ix->columns[i].name;
            names = v;
            name = ix->name;
        }
        st->uniqs = arena_reserve(d->a, st->uniqs, st->nuniqs, &ucap, sizeof *st->uniqs, 4);
        suniq *u = &st->uniqs[st->nuniqs++];
        memset(u, 0, sizeof *u);
        u->name = name;
        u->n = n;
        u->cols = ARENA_ARRAY(d->a, int, n ? n : 1);
        for (size_t i = 0; i < n; i++) {
            u->cols[i] = sd__col_index(st, names[i], strlen(names[i]));
            if (u->cols[i] < 0)
                return sd__fail(d, "%s: unique constraint %s names an unknown column", st->label, name);
            st->cols[u->cols[i]].unique = true;
        }
    }
    /* checks */
    size_t tcap = 0, dcap = 0;
    for (size_t k = 0; k < t->nchecks; k++)
        if (!sd__parse_check(d, st, &t->checks[k], &tcap)) {
            st->db_checks = arena_reserve(d->a, st->db_checks, st->ndb_checks, &dcap, sizeof *st->db_checks, 2);
            st->db_checks[st->ndb_checks++] = &t->checks[k];
        }
    sd__shape(st);
    return 0;
}

/*
 * Parents of keys inside a unique constraint whose other columns cannot be
 * made unique (a join table's (A, B), a one-to-one key) are chosen by
 * enumeration: the row number in mixed radix, a digit per key.
 */
static void sd__plan_enumeration(stable *st)
{
    /* one column of each unique constraint carries the row number (single-column constraints first) */
    for (int pass = 0; pass < 2; pass++)
        for (size_t u = 0; u < st->nuniqs; u++) {
            const suniq *q = &st->uniqs[u];
            if ((pass == 0) != (q->n == 1))
                continue;
            bool done = false;
            for (size_t i = 0; i < q->n && !done; i++)
                done = st->cols[q->cols[i]].numbered;
            for (size_t i = 0; i < q->n && !done; i++) {
                scol *c = &st->cols[q->cols[i]];
                if (c->role != R_FK && sd__uniquifiable(c))
                    c->numbered = done = true;
            }
        }
    for (size_t u = 0; u < st->nuniqs; u++) {
        const suniq *q = &st->uniqs[u];
        bool free_col = false;
        for (size_t i = 0; i < q->n; i++) {
            const scol *c = &st->cols[q->cols[i]];
            if (c->role != R_FK && sd__uniquifiable(c))
                free_col = true;
        }
        if (free_col)
            continue;
        size_t radix = 1;
        int digit = 0;
        for (size_t i = 0; i < q->n; i++) {
            const scol *c = &st->cols[q->cols[i]];
            if (c->role != R_FK)
                continue;
            sfk *f = &st->fks[c->fk];
            if (f->digit >= 0 || f->self)
                continue;
            f->digit = digit++;
            f->radix_below = radix;
            radix *= f->parent->rows ? f->parent->rows : 1;
        }
    }
}

/* Tables in an order where parents come first; a cycle is broken at a nullable key (filled later). */
static int sd__order(sd *d)
{
    d->order = ARENA_ARRAY(d->a, stable *, d->ntabs ? d->ntabs : 1);
    while (d->norder < d->ntabs) {
        stable *next = NULL;
        for (size_t i = 0; i < d->ntabs && !next; i++) {
            stable *t = &d->tabs[i];
            if (t->ordered)
                continue;
            bool ready = true;
            for (size_t k = 0; k < t->nfks && ready; k++)
                ready = t->fks[k].self || t->fks[k].deferred || t->fks[k].parent->ordered;
            if (ready)
                next = t;
        }
        if (next) {
            next->ordered = true;
            d->order[d->norder++] = next;
            continue;
        }
        /* a cycle: defer a nullable key pointing at a table not yet placed */
        bool broke = false;
        for (size_t i = 0; i < d->ntabs && !broke; i++) {
            stable *t = &d->tabs[i];
            for (size_t k = 0; !t->ordered && k < t->nfks && !broke; k++) {
                sfk *f = &t->fks[k];
                if (!f->self && !f->deferred && !f->parent->ordered && f->nullable) {
                    bool all_nullable = true;
                    for (size_t c = 0; c < f->f->ncolumns; c++)
                        all_nullable = all_nullable && t->cols[f->cols[c]].c->nullable;
                    if (all_nullable)
                        f->deferred = broke = true;
                }
            }
        }
        if (!broke) {
            strbuf b;
            strbuf_init(&b, d->a);
            for (size_t i = 0; i < d->ntabs; i++)
                if (!d->tabs[i].ordered)
                    strbuf_printf(&b, "%s%s", b.len ? ", " : "", d->tabs[i].label);
            return sd__fail(d, "required foreign keys form a cycle among %s: seed cannot fill them (make one of "
                               "the keys optional)", strbuf_str(&b));
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- the database */

static int sd__sq_fail(sd *d, const char *what)
{
    return sd__fail(d, "sqlite: %s: %s", what, sqlite3_errmsg(d->sq));
}

static int sd__pg_exec(sd *d, const char *sql)
{
    PGresult *r = PQexec(d->pq, sql);
    ExecStatusType s = PQresultStatus(r);
    int rc = 0;
    if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
        rc = sd__fail(d, "postgresql: %s", PQresultErrorMessage(r));
    PQclear(r);
    return rc;
}

static int sd__exec(sd *d, const char *sql)
{
    if (d->pg)
        return sd__pg_exec(d, sql);
    char *msg = NULL;
    if (sqlite3_exec(d->sq, sql, NULL, NULL, &msg) != SQLITE_OK) {
        sd__fail(d, "sqlite: %s", msg ? msg : sqlite3_errmsg(d->sq));
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static int sd__empty(sd *d, stable *t)
{
    const char *sql = arena_printf(d->a, "SELECT 1 FROM %s LIMIT 1", ddl_qualified(d->a, t->t->schema, t->t->name));
    bool rows = false;
    if (d->pg) {
        PGresult *r = PQexec(d->pq, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            sd__fail(d, "postgresql: %s", PQresultErrorMessage(r));
            PQclear(r);
            return -1;
        }
        rows = PQntuples(r) > 0;
        PQclear(r);
    } else {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(d->sq, sql, -1, &st, NULL) != SQLITE_OK)
            return sd__sq_fail(d, t->t->name);
        rows = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
    }
    if (rows)
        return sd__fail(d, "table %s already holds rows: seed fills empty tables (start from an empty database)",
                        t->t->name);
    return 0;
}

/*
 * V bound natively: numbers as numbers, text and blobs by pointer (they live
 * until the next row is made). A time is written into C's iso buffer, which
 * outlives the statement's step; with COPY_TIME (one column bound twice in
 * an UPDATE) SQLite copies it.
 */
static void sd__bind_sqlite(sqlite3_stmt *st, int idx, scol *c, const sval *v, bool copy_time)
{
    switch (v->k) {
    case V_NULL: sqlite3_bind_null(st, idx); break;
    case V_INT:
    case V_BOOL: sqlite3_bind_int64(st, idx, v->i); break;
    case V_REAL: sqlite3_bind_double(st, idx, v->d); break;
    case V_TIME:
        sqlite3_bind_text(st, idx, c->iso, (int)(sd__iso(c->iso, c, v->i, false) - c->iso),
                          copy_time ? SQLITE_TRANSIENT : SQLITE_STATIC);
        break;
    case V_TEXT: sqlite3_bind_text(st, idx, v->s, (int)v->n, SQLITE_STATIC); break;
    case V_BLOB: sqlite3_bind_blob(st, idx, v->s, (int)v->n, SQLITE_STATIC); break;
    }
}

/* COPY's text format: the buffer of rows not yet sent (malloc'd: it is reused for every chunk). */
typedef struct cbuf {
    char *s;
    size_t len, cap;
} cbuf;

/* Room for N more bytes; returns where they go. */
static char *cbuf_room(cbuf *b, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < b->len + n)
            cap *= 2;
        char *s = realloc(b->s, cap);
        if (!s)
            abort();
        b->s = s;
        b->cap = cap;
    }
    return b->s + b->len;
}

/* S (N bytes) escaped for COPY's text format at P (room for 2N bytes); returns the end. */
static char *sd__copy_escape(char *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
            *p++ = '\\';
            ch = ch == '\t' ? 't' : ch == '\n' ? 'n' : ch == '\r' ? 'r' : '\\';
        }
        *p++ = ch;
    }
    return p;
}

/* ROW as one line of COPY's text format at the end of B. */
static void sd__copy_row(cbuf *b, stable *t, const int *bind, const sval *row)
{
    bool first = true;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!bind[c])
            continue;
        const sval *v = &row[c];
        size_t need = 2 + (v->k == V_TEXT ? 2 * v->n : v->k == V_BLOB ? 3 + 2 * v->n : 64);
        char *p = cbuf_room(b, need), *start = p;
        if (!first)
            *p++ = '\t';
        first = false;
        switch (v->k) {
        case V_NULL: *p++ = '\\', *p++ = 'N'; break;
        case V_TEXT: p = sd__copy_escape(p, v->s, v->n); break;
        case V_BLOB:
            p = sd__cpy(p, "\\\\x");
            for (size_t k = 0; k < v->n; k++)
                p = sd__hex(p, (unsigned char)v->s[k], 2);
            break;
        case V_TIME: p = sd__iso(p, &t->cols[c], v->i, true); break;
        case V_BOOL: *p++ = v->i ? 't' : 'f'; break;
        case V_INT: p = sd__i64(p, v->i); break;
        case V_REAL: p = sd__real(p, v->d, t->cols[c].c->scalar == SC_SCALAR_FLOAT); break;
        }
        b->len += (size_t)(p - start);
    }
    *cbuf_room(b, 1) = '\n';
    b->len++;
}

/* ---------------------------------------------------------------- one table */

typedef struct writer {
    sqlite3_stmt *ins;      /* SQLite: INSERT of one row */
    sqlite3_stmt *ins_n;    /* SQLite: INSERT of SEED_BATCH rows (NULL: one at a time) */
    int nparams;            /* SQLite: parameters of a row */
    sval *pend;             /* SQLite: rows made, not yet inserted (SEED_BATCH x ncols) */
    size_t npend, first;    /* how many, and the number of the first (from 0) */
    char *text;             /* their text, blobs and times (SEED_BATCH_TEXT bytes) */
    size_t ntext;
    sqlite3_stmt *check;    /* SQLite: the checks seed cannot read, as one SELECT */
    const char *pg_check;   /* PostgreSQL: the same */
    int *bind;              /* column -> parameter number (0: omitted) */
    cbuf copy;              /* PostgreSQL: COPY data not yet sent */
    const char *copy_sql;
    bool copying;           /* the COPY is open */
} writer;

static const char *sd__column_list(sd *d, const stable *t, bool values, int *bind)
{
    strbuf b;
    strbuf_init(&b, d->a);
    int n = 0;
    for (size_t i = 0; i < t->ncols; i++) {
        if (t->cols[i].role == R_OMIT)
            continue;
        bind[i] = ++n;
        if (values)
            strbuf_printf(&b, "%s?%d", n > 1 ? ", " : "", n);
        else
            strbuf_printf(&b, "%s%s", n > 1 ? ", " : "", sqltext_ident(d->a, t->cols[i].c->name));
    }
    return strbuf_str(&b);
}

static int sd__copy_open(sd *d, stable *t, writer *w)
{
    PGresult *r = PQexec(d->pq, w->copy_sql);
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        sd__fail(d, "postgresql: COPY %s: %s", t->t->name, PQresultErrorMessage(r));
        PQclear(r);
        return -1;
    }
    PQclear(r);
    w->copying = true;
    return 0;
}

static int sd__writer_open(sd *d, stable *t, writer *w)
{
    memset(w, 0, sizeof *w);
    w->bind = ARENA_ARRAY(d->a, int, t->ncols ? t->ncols : 1);
    const char *cols = sd__column_list(d, t, false, w->bind);
    const char *tbl = ddl_qualified(d->a, t->t->schema, t->t->name);
    if (t->ndb_checks) {
        strbuf b;
        strbuf_init(&b, d->a);
        strbuf_puts(&b, "SELECT ");
        for (size_t k = 0; k < t->ndb_checks; k++)
            strbuf_printf(&b, "%sCOALESCE((%s), true)", k ? " AND " : "", t->db_checks[k]->expr);
        strbuf_puts(&b, " FROM (SELECT ");
        for (size_t i = 0; i < t->ncols; i++)
            if (w->bind[i]) {
                if (d->pg)
                    strbuf_printf(&b, "%s$%d::%s AS %s", w->bind[i] > 1 ? ", " : "", w->bind[i], t->cols[i].pgtype,
                                  sqltext_ident(d->a, t->cols[i].c->name));
                else
                    strbuf_printf(&b, "%s?%d AS %s", w->bind[i] > 1 ? ", " : "", w->bind[i],
                                  sqltext_ident(d->a, t->cols[i].c->name));
            }
        strbuf_puts(&b, ") AS seed_row");
        if (d->pg) {
            w->pg_check = strbuf_str(&b);
        } else if (sqlite3_prepare_v2(d->sq, strbuf_str(&b), -1, &w->check, NULL) != SQLITE_OK) {
            return sd__sq_fail(d, arena_printf(d->a, "the checks of %s", t->t->name));
        }
    }
    if (d->pg) {
        w->copy_sql = arena_printf(d->a, "COPY %s (%s) FROM STDIN", tbl, cols);
        /* checks asked of the database need the connection: the COPY waits for the last row then */
        return t->rows && !t->ndb_checks ? sd__copy_open(d, t, w) : 0;
    }
    int *b2 = ARENA_ARRAY(d->a, int, t->ncols ? t->ncols : 1);

    const char *vals = sd__column_list(d, t, true, b2);
    if (sqlite3_prepare_v2(d->sq, arena_printf(d->a, "INSERT INTO %s (%s) VALUES (%s)", tbl, cols, vals), -1, &w->ins,
                           NULL) != SQLITE_OK)
        return sd__sq_fail(d, t->t->name);
    /*
     * Rows go in SEED_BATCH at a time: one statement's cursors, registers and
     * record buffer serve them all, where a statement per row opens, grows
     * and frees them every time.
     */
    for (size_t i = 0; i < t->ncols; i++)
        w->nparams += w->bind[i] != 0;
    if (w->nparams && t->rows >= SEED_BATCH &&
        SEED_BATCH * w->nparams <= sqlite3_limit(d->sq, SQLITE_LIMIT_VARIABLE_NUMBER, -1)) {
        strbuf b;
        strbuf_init(&b, d->a);
        /*
         * OR ROLLBACK: a row refused ends the transaction (seed rolls it back
         * anyway), so SQLite keeps no statement journal to undo just the
         * statement's rows, which it would write for every batch.
         */
        strbuf_printf(&b, "INSERT OR ROLLBACK INTO %s (%s) VALUES ", tbl, cols);
        for (int r = 0; r < SEED_BATCH; r++) {
            strbuf_puts(&b, r ? ", (" : "(");
            for (int k = 0; k < w->nparams; k++)
                strbuf_puts(&b, k ? ", ?" : "?");
            strbuf_putc(&b, ')');
        }
        if (sqlite3_prepare_v2(d->sq, strbuf_str(&b), -1, &w->ins_n, NULL) != SQLITE_OK)
            return sd__sq_fail(d, t->t->name);
        w->pend = ARENA_ARRAY(d->a, sval, SEED_BATCH * (t->ncols ? t->ncols : 1));
        w->text = arena_alloc(d->a, SEED_BATCH_TEXT);
    }
    return 0;
}

/* SQLite: the rows waiting in W, inserted (a batch when there are SEED_BATCH of them, else one by one). */
static int sd__flush_rows(sd *d, stable *t, writer *w)
{
    size_t n = w->npend;
    w->npend = 0;
    w->ntext = 0;
    if (n == SEED_BATCH) {
        for (size_t r = 0; r < n; r++)
            for (size_t c = 0; c < t->ncols; c++)
                if (w->bind[c])
                    sd__bind_sqlite(w->ins_n, (int)r * w->nparams + w->bind[c], &t->cols[c],
                                    &w->pend[r * t->ncols + c], false);
        int rc = sqlite3_step(w->ins_n);
        sqlite3_reset(w->ins_n);
        if (rc != SQLITE_DONE)
            return sd__fail(d, "sqlite: %s rows %zu-%zu: %s", t->label, w->first + 1, w->first + n,
                            sqlite3_errmsg(d->sq));
        return 0;
    }
    for (size_t r = 0; r < n; r++) {
        for (size_t c = 0; c < t->ncols; c++)
            if (w->bind[c])
                sd__bind_sqlite(w->ins, w->bind[c], &t->cols[c], &w->pend[r * t->ncols + c], false);
        int rc = sqlite3_step(w->ins);
        sqlite3_reset(w->ins);
        if (rc != SQLITE_DONE)
            return sd__fail(d, "sqlite: %s row %zu: %s", t->label, w->first + r + 1, sqlite3_errmsg(d->sq));
    }
    return 0;
}

/* SQLite: ROW (number I) into the next batch, its text copied (the column buffers are reused for the next row). */
static int sd__add_row(sd *d, stable *t, writer *w, const sval *row, size_t i)
{
    size_t need = 0;
    for (size_t c = 0; c < t->ncols; c++)
        need += row[c].k == V_TEXT || row[c].k == V_BLOB ? row[c].n : row[c].k == V_TIME ? sizeof t->cols[c].iso : 0;
    if (w->npend && w->ntext + need > SEED_BATCH_TEXT && sd__flush_rows(d, t, w) != 0)
        return -1;
    if (w->ntext + need > SEED_BATCH_TEXT) { /* a row larger than the room: alone */
        w->first = i;
        for (size_t c = 0; c < t->ncols; c++)
            if (w->bind[c])
                sd__bind_sqlite(w->ins, w->bind[c], &t->cols[c], &row[c], false);
        int rc = sqlite3_step(w->ins);
        sqlite3_reset(w->ins);
        return rc == SQLITE_DONE ? 0 : sd__fail(d, "sqlite: %s row %zu: %s", t->label, i + 1, sqlite3_errmsg(d->sq));
    }
    if (!w->npend)
        w->first = i;
    sval *p = &w->pend[w->npend * t->ncols];
    for (size_t c = 0; c < t->ncols; c++) {
        p[c] = row[c];
        if (row[c].k == V_TEXT || row[c].k == V_BLOB) {
            memcpy(w->text + w->ntext, row[c].s, row[c].n);
            p[c].s = w->text + w->ntext;
            w->ntext += row[c].n;
        } else if (row[c].k == V_TIME) {
            char *s = w->text + w->ntext;
            p[c].k = V_TEXT;
            p[c].s = s;
            p[c].n = (size_t)(sd__iso(s, &t->cols[c], row[c].i, false) - s);
            w->ntext += p[c].n;
        }
    }
    if (++w->npend == SEED_BATCH)
        return sd__flush_rows(d, t, w);
    return 0;
}

static int sd__flush_copy(sd *d, writer *w, bool end)
{
    for (size_t at = 0; at < w->copy.len; at += SEED_COPY_CHUNK) {
        size_t n = w->copy.len - at < SEED_COPY_CHUNK ? w->copy.len - at : SEED_COPY_CHUNK;
        if (PQputCopyData(d->pq, w->copy.s + at, (int)n) != 1)
            return sd__fail(d, "postgresql: COPY: %s", PQerrorMessage(d->pq));
    }
    w->copy.len = 0;
    if (!end)
        return 0;
    if (PQputCopyEnd(d->pq, NULL) != 1)
        return sd__fail(d, "postgresql: COPY: %s", PQerrorMessage(d->pq));
    int rc = 0;
    PGresult *r;
    while ((r = PQgetResult(d->pq))) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = sd__fail(d, "postgresql: %s", PQresultErrorMessage(r));
        PQclear(r);
    }
    return rc;
}

/* Whether the database's checks of T hold for ROW. */
static int sd__db_checks(sd *d, stable *t, writer *w, const sval *row, const char **lists, bool *ok)
{
    *ok = true;
    if (!t->ndb_checks)
        return 0;
    if (!d->pg) {
        for (size_t i = 0; i < t->ncols; i++)
            if (w->bind[i])
                sd__bind_sqlite(w->check, w->bind[i], &t->cols[i], &row[i], false);
        int rc = sqlite3_step(w->check);
        if (rc != SQLITE_ROW) {
            sqlite3_reset(w->check);
            return sd__sq_fail(d, arena_printf(d->a, "the checks of %s", t->t->name));
        }
        *ok = sqlite3_column_int(w->check, 0) != 0;
        sqlite3_reset(w->check);
        return 0;
    }
    /* PostgreSQL: the COPY of this table is open, so ask over nothing else: one check per row, text params */
    int n = 0;
    for (size_t i = 0; i < t->ncols; i++)
        n += w->bind[i] != 0;
    const char **params = ARENA_ARRAY(d->a, const char *, n ? (size_t)n : 1);
    for (size_t i = 0; i < t->ncols; i++) {
        if (!w->bind[i])
            continue;
        if (lists[i]) {
            params[w->bind[i] - 1] = lists[i];
            continue;
        }
        if (row[i].k == V_NULL) {
            params[w->bind[i] - 1] = NULL;
            continue;
        }
        strbuf b;
        strbuf_init(&b, d->a);
        sd__pg_text(&b, &t->cols[i], &row[i]);
        params[w->bind[i] - 1] = strbuf_str(&b);
    }
    PGresult *r = PQexecParams(d->pq, w->pg_check, n, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        sd__fail(d, "postgresql: the checks of %s: %s", t->t->name, PQresultErrorMessage(r));
        PQclear(r);
        return -1;
    }
    *ok = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    return 0;
}

static void sd__progress(sd *d, size_t add)
{
    size_t before = d->done;
    d->done += add;
    if (d->o->progress && (d->done / 4096 != before / 4096 || d->done == d->total))
        d->o->progress(d->o->progress_arg, d->done, d->total);
}

/* The value of key column COL of row ROW of T (a row already made). */
static sval sd__key(const stable *t, size_t row, int col)
{
    if (t->cols[col].role == R_SERIAL) {
        sval v;
        memset(&v, 0, sizeof v);
        v.k = V_INT;
        v.i = (int64_t)row + 1;
        return v;
    }
    return t->keys[col][row];
}

/* The parent row for key F of row ROW (attempt ATTEMPT); -1: NULL. */
static long sd__parent_row(const stable *t, const sfk *f, size_t k, size_t row, unsigned attempt, uint64_t seed)
{
    size_t n = f->self ? row + 1 : f->parent->nkeys;
    if (f->self && f->nullable)
        n = row; /* an earlier row */
    if (!n)
        return -1;
    if (f->digit >= 0 && !f->self) {
        size_t idx = row + (size_t)attempt * (t->rows ? t->rows : 1);
        return (long)((idx / f->radix_below) % n);
    }
    rng r = sd__rng(seed, t->h, 0xF00D + k, row, attempt);
    if (f->nullable && r_below(&r, 10) == 0)
        return -1;
    return (long)r_below(&r, n);
}

static int sd__fill(sd *d, stable *t)
{
    writer w;
    if (sd__writer_open(d, t, &w) != 0)
        return -1;
    /* the values of key columns, a column at a time (a serial's are its row numbers) */
    t->keys = ARENA_ARRAY(d->a, sval *, t->ncols ? t->ncols : 1);
    for (size_t i = 0; i < t->ncols; i++) {
        t->keys[i] = NULL;
        if (t->cols[i].key && t->cols[i].role != R_SERIAL && !(t->keys[i] = calloc(t->rows + 1, sizeof(sval))))
            abort();
    }
    sval *row = ARENA_ARRAY(d->a, sval, t->ncols ? t->ncols : 1);
    const char **lists = ARENA_ARRAY(d->a, const char *, t->ncols ? t->ncols : 1);
    uint64_t *uh = ARENA_ARRAY(d->a, uint64_t, t->nuniqs ? t->nuniqs : 1);
    for (size_t u = 0; u < t->nuniqs; u++) {
        suniq *q = &t->uniqs[u];
        q->serial = false;
        for (size_t c = 0; c < q->n; c++)
            q->serial = q->serial || t->cols[q->cols[c]].role == R_SERIAL;
        /* room for every row at half load: the set never grows while rows are made */
        size_t cap = 1024;
        while (!q->serial && cap < 2 * t->rows + 2)
            cap *= 2;
        if (!q->serial && !(q->seen.v = calloc(cap, sizeof *q->seen.v)))
            abort();
        q->seen.cap = q->serial ? 0 : cap;
        q->seen.n = 0;
    }
    arena scratch;
    arena_init(&scratch);
    arena *keep = d->a;
    int rc = 0;
    for (size_t i = 0; i < t->rows && rc == 0; i++) {
        unsigned attempt = 0;
        const char *why = NULL;
        for (;; attempt++) {
            if (attempt == SEED_ATTEMPTS) {
                rc = sd__fail(d, "%s: no row %zu after %d attempts: %s", t->label, i + 1, SEED_ATTEMPTS, why);
                break;
            }
            uint64_t num = i + 1 + (uint64_t)attempt * t->rows;
            d->a = &scratch;
            /* scalar columns */
            for (size_t c = 0; c < t->ncols; c++) {
                scol *sc = &t->cols[c];
                const ir_column *col = sc->c;
                lists[c] = NULL;
                memset(&row[c], 0, sizeof row[c]);
                if (sc->role == R_OMIT || sc->role == R_FK)
                    continue;
                rng r = sd__rng(d->o->seed, t->h, sc->h, i, attempt);
                if (sc->role == R_SERIAL) { /* 1, 2, 3 ...: unique whatever the attempt */
                    row[c].k = V_INT;
                    row[c].i = (int64_t)i + 1;
                    continue;
                }
                if (col->version) {
                    row[c].k = V_INT;
                    row[c].i = 1;
                    continue;
                }
                if (col->deleted_at) {
                    if (r_below(&r, 10) == 0) {
                        row[c].k = V_TIME;
                        row[c].i = sd__time(t, sc, &r, i);
                    }
                    continue;
                }
                if (col->nullable && !sc->numbered && r_below(&r, 7) == 0)
                    continue; /* NULL */
                if (col->list) {
                    lists[c] = sd__pg_array(d, sc, &r, t, i);
                    row[c].k = V_TEXT;
                    row[c].s = lists[c];
                    row[c].n = strlen(lists[c]);
                    continue;
                }
                sd__scalar(t, sc, &row[c], &r, i, sc->numbered ? num : 0);
                if (col->client_default == IR_CLIENT_UPDATED_AT || sc->kind == K_UPDATED) {
                    if (t->created_col >= 0 && row[t->created_col].k == V_TIME && row[c].k == V_TIME &&
                        row[c].i < row[t->created_col].i)
                        row[c].i = row[t->created_col].i + (int64_t)r_below(&r, 90ull * 86400) * 1000000;
                }
            }
            /* keys */
            for (size_t k = 0; k < t->nfks; k++) {
                sfk *f = &t->fks[k];
                if (f->deferred)
                    continue;
                long p = sd__parent_row(t, f, k, i, attempt, d->o->seed);
                if (p < 0 && !f->nullable) {
                    rc = sd__fail(d, "%s needs rows of %s (its key %s is required): ask for some", t->label,
                                  f->parent->label, f->f->name ? f->f->name : "");
                    break;
                }
                for (size_t c = 0; c < f->f->ncolumns; c++) {
                    if (t->cols[f->cols[c]].fk != (int)k)
                        continue;
                    if (p < 0)
                        row[f->cols[c]].k = V_NULL;
                    else if (f->self && (size_t)p == i)
                        row[f->cols[c]] = row[f->pcols[c]];
                    else
                        row[f->cols[c]] = sd__key(f->parent, (size_t)p, f->pcols[c]);
                }
            }
            if (rc)
                break;
            d->a = keep;
            sd__repair(t, row, d->o->seed, i, attempt);
            if (!sd__terms_hold(t, row)) {
                why = "a CHECK constraint seed reads fails for every value it tried";
                continue;
            }
            bool dup = false;
            for (size_t u = 0; u < t->nuniqs && !dup; u++) {
                const suniq *q = &t->uniqs[u];
                uh[u] = 0;
                if (q->serial)
                    continue;
                uint64_t h = 0x5eed;
                bool null = false;
                for (size_t c = 0; c < q->n; c++) {
                    null = null || row[q->cols[c]].k == V_NULL;
                    h = sval_hash(&row[q->cols[c]], h);
                }
                uh[u] = null ? 0 : h;
                if (!null && sset_has(&q->seen, h)) {
                    dup = true;
                    why = arena_printf(d->a, "unique constraint %s: no new value (are there enough parent rows?)",
                                       q->name);
                }
            }
            if (dup)
                continue;
            bool ok = true;
            d->a = &scratch;
            rc = sd__db_checks(d, t, &w, row, lists, &ok);
            d->a = keep;
            if (rc)
                break;
            if (!ok) {
                why = arena_printf(d->a, "CHECK %s fails for every value seed tried", t->db_checks[0]->name);
                if (t->ndb_checks > 1)
                    why = arena_printf(d->a, "one of the CHECK constraints %s ... fails for every value seed tried",
                                       t->db_checks[0]->name);
                continue;
            }
            break;
        }
        if (rc)
            break;
        for (size_t u = 0; u < t->nuniqs; u++)
            if (uh[u])
                sset_add(&t->uniqs[u].seen, uh[u]);
        /* keep the key values */
        for (size_t c = 0; c < t->ncols; c++) {
            if (!t->keys[c])
                continue;
            sval v = row[c];
            if (v.k == V_TEXT || v.k == V_BLOB) {
                char *s = arena_alloc(keep, v.n + 1);
                memcpy(s, v.s, v.n);
                s[v.n] = '\0';
                v.s = s;
            }
            t->keys[c][i] = v;
        }
        t->nkeys = i + 1;
        /* write */
        if (!d->pg && w.ins_n) {
            if ((rc = sd__add_row(d, t, &w, row, i)) != 0)
                break;
        } else if (!d->pg) {
            for (size_t c = 0; c < t->ncols; c++)
                if (w.bind[c])
                    sd__bind_sqlite(w.ins, w.bind[c], &t->cols[c], &row[c], false);
            if (sqlite3_step(w.ins) != SQLITE_DONE) {
                rc = sd__fail(d, "sqlite: %s row %zu: %s", t->label, i + 1, sqlite3_errmsg(d->sq));
                break;
            }
            sqlite3_reset(w.ins);
        } else {
            sd__copy_row(&w.copy, t, w.bind, row);
            if (w.copying && w.copy.len > SEED_COPY_CHUNK && (rc = sd__flush_copy(d, &w, false)) != 0)
                break;
        }
        arena_free(&scratch);
        arena_init(&scratch);
        sd__progress(d, 1);
    }
    d->a = keep;
    arena_free(&scratch);
    if (rc == 0 && w.npend)
        rc = sd__flush_rows(d, t, &w);
    if (w.ins_n)
        sqlite3_finalize(w.ins_n);
    if (w.ins)
        sqlite3_finalize(w.ins);
    if (w.check)
        sqlite3_finalize(w.check);
    if (d->pg && t->rows && rc == 0 && !w.copying)
        rc = sd__copy_open(d, t, &w);
    if (d->pg && w.copying) {
        int rc2 = sd__flush_copy(d, &w, true);
        rc = rc ? rc : rc2;
    }
    free(w.copy.s);
    for (size_t u = 0; u < t->nuniqs; u++) {
        free(t->uniqs[u].seen.v);
        memset(&t->uniqs[u].seen, 0, sizeof t->uniqs[u].seen);
    }
    if (rc == 0 && d->pg) {
        /* serial columns got their values from seed: move their sequences past them */
        for (size_t c = 0; c < t->ncols && rc == 0; c++)
            if (t->cols[c].role == R_SERIAL && t->rows) {
                const char *tbl = ddl_qualified(d->a, t->t->schema, t->t->name);
                const char *col = sqltext_ident(d->a, t->cols[c].c->name);
                rc = sd__pg_exec(d, arena_printf(d->a,
                                                 "SELECT setval(s, (SELECT max(%s) FROM %s)) FROM "
                                                 "pg_get_serial_sequence(%s, %s) AS s WHERE s IS NOT NULL",
                                                 col, tbl, sqltext_string(d->a, tbl),
                                                 sqltext_string(d->a, t->cols[c].c->name)));
            }
    }
    return rc;
}

/* The second pass: keys of a cycle, deferred at the first. */
static int sd__second_pass(sd *d, stable *t, size_t *updates)
{
    for (size_t k = 0; k < t->nfks; k++) {
        sfk *f = &t->fks[k];
        if (!f->deferred || !t->rows)
            continue;
        if (!t->t->has_pk)
            continue; /* no way to name a row: the key stays NULL */
        strbuf b;
        strbuf_init(&b, d->a);
        strbuf_printf(&b, "UPDATE %s SET ", ddl_qualified(d->a, t->t->schema, t->t->name));
        int n = 0;
        for (size_t c = 0; c < f->f->ncolumns; c++)
            strbuf_printf(&b, "%s%s = %s%d", c ? ", " : "", sqltext_ident(d->a, f->f->columns[c]), d->pg ? "$" : "?",
                          ++n);
        int *pk = ARENA_ARRAY(d->a, int, t->t->pk.ncolumns);
        for (size_t c = 0; c < t->t->pk.ncolumns; c++) {
            pk[c] = sd__col_index(t, t->t->pk.columns[c], strlen(t->t->pk.columns[c]));
            strbuf_printf(&b, "%s%s = %s%d", c ? " AND " : " WHERE ", sqltext_ident(d->a, t->t->pk.columns[c]),
                          d->pg ? "$" : "?", ++n);
        }
        sqlite3_stmt *st = NULL;
        if (d->pg) {
            PGresult *r = PQprepare(d->pq, "", strbuf_str(&b), 0, NULL);
            if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                sd__fail(d, "postgresql: %s", PQresultErrorMessage(r));
                PQclear(r);
                return -1;
            }
            PQclear(r);
        } else if (sqlite3_prepare_v2(d->sq, strbuf_str(&b), -1, &st, NULL) != SQLITE_OK) {
            return sd__sq_fail(d, t->t->name);
        }
        sset seen;
        memset(&seen, 0, sizeof seen);
        /* the key's columns alone unique (a one-to-one key): each parent once */
        bool alone = false;
        for (size_t u = 0; u < t->nuniqs && !alone; u++) {
            const suniq *q = &t->uniqs[u];
            bool all = q->n == f->f->ncolumns;
            for (size_t c = 0; c < q->n && all; c++) {
                bool in = false;
                for (size_t x = 0; x < f->f->ncolumns; x++)
                    in = in || q->cols[c] == f->cols[x];
                all = in;
            }
            alone = all;
        }
        for (size_t i = 0; i < t->rows; i++) {
            arena scratch;
            arena_init(&scratch);
            long p = -1;
            size_t np = f->parent->nkeys;
            for (unsigned attempt = 0; np && attempt < SEED_ATTEMPTS; attempt++) {
                rng r = sd__rng(d->o->seed, t->h, 0xBEEF + k, i, attempt);
                long x = (long)(alone || t->cols[f->cols[0]].unique ? (i + attempt) % np : r_below(&r, np));
                if (alone && sset_has(&seen, (uint64_t)x + 1))
                    continue;
                if (alone)
                    sset_add(&seen, (uint64_t)x + 1);
                p = x;
                break;
            }
            if (p < 0) {
                arena_free(&scratch);
                continue;
            }
            int rc = 0;
            if (d->pg) {
                const char **params = ARENA_ARRAY(&scratch, const char *, (size_t)n);
                int at = 0;
                for (size_t c = 0; c < f->f->ncolumns; c++) {
                    strbuf v;
                    strbuf_init(&v, &scratch);
                    sval pv = sd__key(f->parent, (size_t)p, f->pcols[c]);
                    sd__pg_text(&v, &f->parent->cols[f->pcols[c]], &pv);
                    params[at++] = strbuf_str(&v);
                }
                for (size_t c = 0; c < t->t->pk.ncolumns; c++) {
                    strbuf v;
                    strbuf_init(&v, &scratch);
                    sval mine = sd__key(t, i, pk[c]);
                    sd__pg_text(&v, &t->cols[pk[c]], &mine);
                    params[at++] = strbuf_str(&v);
                }
                PGresult *r = PQexecPrepared(d->pq, "", n, params, NULL, NULL, 0);
                if (PQresultStatus(r) != PGRES_COMMAND_OK)
                    rc = sd__fail(d, "postgresql: %s: %s", t->label, PQresultErrorMessage(r));
                PQclear(r);
            } else {
                int at = 0;
                for (size_t c = 0; c < f->f->ncolumns; c++) {
                    sval pv = sd__key(f->parent, (size_t)p, f->pcols[c]);
                    sd__bind_sqlite(st, ++at, &f->parent->cols[f->pcols[c]], &pv, true);
                }
                for (size_t c = 0; c < t->t->pk.ncolumns; c++) {
                    sval mine = sd__key(t, i, pk[c]);
                    sd__bind_sqlite(st, ++at, &t->cols[pk[c]], &mine, true);
                }
                if (sqlite3_step(st) != SQLITE_DONE)
                    rc = sd__fail(d, "sqlite: %s: %s", t->label, sqlite3_errmsg(d->sq));
                sqlite3_reset(st);
            }
            arena_free(&scratch);
            if (rc) {
                if (st)
                    sqlite3_finalize(st);
                free(seen.v);
                return -1;
            }
            (*updates)++;
        }
        free(seen.v);
        if (st)
            sqlite3_finalize(st);
    }
    return 0;
}

/* ---------------------------------------------------------------- foreign keys checked at the end */

/*
 * Checking a foreign key row by row costs a lookup of the parent for every
 * row (on PostgreSQL a query run by a trigger): most of the time of a large
 * seed. Both engines check them in bulk instead, inside seed's transaction,
 * before it commits: SQLite with foreign_keys off while the rows go in and
 * PRAGMA foreign_key_check after; PostgreSQL by dropping the foreign keys of
 * the tables seed fills and adding them again (with their definitions, names
 * and comments), which checks every row with one join per key. A failure
 * rolls everything back, as a row refused at once would.
 */
typedef struct sfk_saved {
    const char *table; /* quoted */
    const char *name;  /* quoted */
    const char *def;   /* pg_get_constraintdef */
    const char *comment;
} sfk_saved;

typedef struct sfk_defer {
    bool sqlite_on;    /* SQLite: foreign_keys was on (it is turned off for the load) */
    sfk_saved *pg;     /* PostgreSQL: the keys dropped, to add again */
    size_t npg;
} sfk_defer;

/* SQLite, before BEGIN: foreign_keys off while the rows go in, when it was on. */
static int sd__fk_defer_sqlite(sd *d, sfk_defer *x)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d->sq, "PRAGMA foreign_keys", -1, &st, NULL) != SQLITE_OK)
        return sd__sq_fail(d, "PRAGMA foreign_keys");
    x->sqlite_on = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) != 0;
    sqlite3_finalize(st);
    return x->sqlite_on ? sd__exec(d, "PRAGMA foreign_keys = OFF") : 0;
}

/* SQLite, before COMMIT: every foreign key of the tables seed filled holds. */
static int sd__fk_check_sqlite(sd *d, const sfk_defer *x)
{
    if (!x->sqlite_on)
        return 0;
    for (size_t i = 0; i < d->norder; i++) {
        stable *t = d->order[i];
        if (!t->rows) /* the database's keys, which the schema may not all show */
            continue;
        sqlite3_stmt *st;
        const char *sql = arena_printf(d->a, "PRAGMA foreign_key_check(%s)", sqltext_ident(d->a, t->t->name));
        if (sqlite3_prepare_v2(d->sq, sql, -1, &st, NULL) != SQLITE_OK)
            return sd__sq_fail(d, sql);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            const char *parent = (const char *)sqlite3_column_text(st, 2);
            rc = sd__fail(d, "%s: the row with rowid %lld has a foreign key to %s that finds no row", t->label,
                          (long long)sqlite3_column_int64(st, 1), parent ? parent : "?");
        } else if (rc != SQLITE_DONE) {
            rc = sd__sq_fail(d, sql);
        } else {
            rc = 0;
        }
        sqlite3_finalize(st);
        if (rc)
            return -1;
    }
    return 0;
}

/* SQLite, after COMMIT or ROLLBACK: foreign_keys as it was. */
static void sd__fk_restore_sqlite(sd *d, const sfk_defer *x)
{
    if (x->sqlite_on)
        sqlite3_exec(d->sq, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
}

/*
 * PostgreSQL, inside the transaction before the rows: drop the foreign keys
 * of the tables seed fills, remembering them. Where that is not allowed (the
 * user does not own a table) they stay, and are checked row by row.
 */
static int sd__fk_defer_pg(sd *d, sfk_defer *x)
{
    size_t cap = 0;
    for (size_t i = 0; i < d->norder; i++) {
        stable *t = d->order[i];
        if (!t->rows) /* the database's keys, which the schema may not all show */
            continue;
        const char *tbl = ddl_qualified(d->a, t->t->schema, t->t->name);
        const char *params[1] = {tbl};
        PGresult *r = PQexecParams(d->pq,
                                   "SELECT quote_ident(conname), pg_get_constraintdef(oid), "
                                   "obj_description(oid, 'pg_constraint') FROM pg_constraint "
                                   "WHERE conrelid = $1::regclass AND contype = 'f' AND conparentid = 0 ORDER BY oid",
                                   1, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            sd__fail(d, "postgresql: the foreign keys of %s: %s", t->t->name, PQresultErrorMessage(r));
            PQclear(r);
            return -1;
        }
        int n = PQntuples(r);
        if (n == 0) {
            PQclear(r);
            continue;
        }
        strbuf b;
        strbuf_init(&b, d->a);
        strbuf_printf(&b, "ALTER TABLE %s", tbl);
        size_t first = x->npg;
        for (int k = 0; k < n; k++) {
            x->pg = arena_reserve(d->a, x->pg, x->npg, &cap, sizeof *x->pg, 8);
            sfk_saved *f = &x->pg[x->npg++];
            f->table = tbl;
            f->name = arena_strdup(d->a, PQgetvalue(r, k, 0));
            f->def = arena_strdup(d->a, PQgetvalue(r, k, 1));
            f->comment = PQgetisnull(r, k, 2) ? NULL : arena_strdup(d->a, PQgetvalue(r, k, 2));
            strbuf_printf(&b, "%s DROP CONSTRAINT %s", k ? "," : "", f->name);
        }
        PQclear(r);
        if (sd__pg_exec(d, "SAVEPOINT seed_fk") != 0)
            return -1;
        r = PQexec(d->pq, strbuf_str(&b));
        bool dropped = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (sd__pg_exec(d, dropped ? "RELEASE SAVEPOINT seed_fk" : "ROLLBACK TO SAVEPOINT seed_fk") != 0)
            return -1;
        if (!dropped)
            x->npg = first; /* not ours to drop: checked row by row */
    }
    return 0;
}

/* PostgreSQL, before COMMIT: the foreign keys again, each checking every row. */
static int sd__fk_restore_pg(sd *d, const sfk_defer *x)
{
    for (size_t i = 0; i < x->npg; i++) {
        const sfk_saved *f = &x->pg[i];
        if (sd__pg_exec(d, arena_printf(d->a, "ALTER TABLE %s ADD CONSTRAINT %s %s", f->table, f->name, f->def)) != 0)
            return -1;
        if (f->comment && sd__pg_exec(d, arena_printf(d->a, "COMMENT ON CONSTRAINT %s ON %s IS %s", f->name, f->table,
                                                     sqltext_string(d->a, f->comment))) != 0)
            return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- driver */

static size_t sd__rows_for(const seed_options *o, const ir_table *t)
{
    for (size_t i = 0; i < o->ncounts; i++)
        if ((t->model && strcmp(o->counts[i].model, t->model) == 0) || strcmp(o->counts[i].model, t->name) == 0)
            return o->counts[i].rows;
    return o->rows;
}

int seed_database(seed_result *out, arena *a, sc_conn *conn, const ir_schema *s, const seed_options *o,
                  const char **err)
{
    memset(out, 0, sizeof *out);
    sd d;
    memset(&d, 0, sizeof d);
    d.a = a;
    d.home = a;
    d.conn = conn;
    d.s = s;
    d.o = o;
    d.pg = sc_conn_dialect(conn) == SC_DIALECT_POSTGRES;
    if (d.pg)
        d.pq = sc_conn_handle(conn);
    else
        d.sq = sc_conn_handle(conn);
    for (size_t i = 0; i < o->ncounts; i++) {
        bool known = false;
        for (size_t k = 0; k < s->ntables && !known; k++)
            known = (s->tables[k].model && strcmp(s->tables[k].model, o->counts[i].model) == 0) ||
                    strcmp(s->tables[k].name, o->counts[i].model) == 0;
        if (!known) {
            *err = arena_printf(a, "--rows names %s, which is no model or table of the schema", o->counts[i].model);
            return -1;
        }
    }
    d.ntabs = s->ntables;
    d.tabs = ARENA_ARRAY(a, stable, s->ntables ? s->ntables : 1);
    for (size_t i = 0; i < s->ntables; i++) {
        memset(&d.tabs[i], 0, sizeof d.tabs[i]);
        d.tabs[i].t = &s->tables[i];
        d.tabs[i].rows = sd__rows_for(o, &s->tables[i]);
        d.total += d.tabs[i].rows;
    }
    int rc = 0;
    for (size_t i = 0; i < d.ntabs && rc == 0; i++)
        rc = sd__setup_table(&d, &d.tabs[i]);
    if (rc == 0)
        rc = sd__order(&d);
    if (rc == 0) {
        /* which values are kept: those keys reference, and the keys of tables with deferred keys */
        for (size_t i = 0; i < d.ntabs; i++) {
            stable *t = &d.tabs[i];
            for (size_t k = 0; k < t->nfks; k++) {
                sfk *f = &t->fks[k];
                for (size_t c = 0; c < f->f->ncolumns; c++) {
                    f->pcols[c] = sd__col_index(f->parent, f->f->ref_columns[c], strlen(f->f->ref_columns[c]));
                    if (f->pcols[c] < 0) {
                        rc = sd__fail(&d, "%s: foreign key %s references an unknown column of %s", t->label,
                                      f->f->name ? f->f->name : "", f->parent->label);
                        break;
                    }
                    f->parent->cols[f->pcols[c]].key = true;
                }
                if (f->deferred && t->t->has_pk)
                    for (size_t c = 0; c < t->t->pk.ncolumns; c++) {
                        int x = sd__col_index(t, t->t->pk.columns[c], strlen(t->t->pk.columns[c]));
                        if (x >= 0)
                            t->cols[x].key = true;
                    }
            }
            sd__plan_enumeration(t);
        }
    }
    /* SQLite: a page cache the transaction does not spill (each spill syncs the journal) */
    if (rc == 0 && !d.pg)
        rc = sd__exec(&d, "PRAGMA cache_size = -262144");
    sfk_defer fks;
    memset(&fks, 0, sizeof fks);
    if (rc == 0 && !d.pg)
        rc = sd__fk_defer_sqlite(&d, &fks);
    if (rc == 0)
        rc = sd__exec(&d, "BEGIN");
    bool open = rc == 0;
    for (size_t i = 0; i < d.norder && rc == 0; i++)
        rc = sd__empty(&d, d.order[i]);
    if (rc == 0 && d.pg)
        rc = sd__fk_defer_pg(&d, &fks);
    if (d.o->progress && rc == 0)
        d.o->progress(d.o->progress_arg, 0, d.total);
    for (size_t i = 0; i < d.norder && rc == 0; i++)
        rc = sd__fill(&d, d.order[i]);
    for (size_t i = 0; i < d.norder && rc == 0; i++)
        rc = sd__second_pass(&d, d.order[i], &out->updates);
    if (rc == 0)
        rc = d.pg ? sd__fk_restore_pg(&d, &fks) : sd__fk_check_sqlite(&d, &fks);
    if (open) {
        if (rc == 0) {
            rc = sd__exec(&d, "COMMIT");
        } else {
            const char *keep = d.err;
            sd__exec(&d, "ROLLBACK");
            d.err = keep;
        }
    }
    if (!d.pg)
        sd__fk_restore_sqlite(&d, &fks);
    for (size_t i = 0; i < d.ntabs; i++)
        for (size_t c = 0; d.tabs[i].keys && c < d.tabs[i].ncols; c++)
            free(d.tabs[i].keys[c]);
    if (rc != 0) {
        *err = d.err ? d.err : "seed failed";
        return -1;
    }
    out->tables = ARENA_ARRAY(a, seed_table_report, d.norder ? d.norder : 1);
    for (size_t i = 0; i < d.norder; i++) {
        out->tables[out->ntables].table = d.order[i]->t->name;
        out->tables[out->ntables++].rows = d.order[i]->rows;
        out->rows += d.order[i]->rows;
    }
    return 0;
}
