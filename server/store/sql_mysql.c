/*
 * MySQL/MariaDB functions for SQLite (see sql_mysql.h): the clock functions read rmmsim's
 * simulated clock, the string functions follow MariaDB 10.11 (the server of reference/oco.md)
 * in their NULL handling and counting.
 */
#include "store/sql_mysql.h"

#include "core/rm.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- clock ---- */

/* Now as broken-down UTC time. rmmsim's "server local time" is UTC. */
static void now_tm(struct tm *tm)
{
    int64_t ms = rm_clock_now_ms();
    int64_t secs = ms / 1000 - (ms % 1000 < 0); /* floor, also before 1970 */
    time_t t = (time_t)secs;
    gmtime_r(&t, tm);
}

static void result_now(sqlite3_context *ctx, const char *format)
{
    struct tm tm;
    char out[64];
    now_tm(&tm);
    size_t len = strftime(out, sizeof out, format, &tm);
    sqlite3_result_text(ctx, out, (int)len, SQLITE_TRANSIENT);
}

static void fn_now(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc, (void)argv;
    result_now(ctx, "%Y-%m-%d %H:%M:%S");
}

static void fn_curdate(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc, (void)argv;
    result_now(ctx, "%Y-%m-%d");
}

static void fn_curtime(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc, (void)argv;
    result_now(ctx, "%H:%M:%S");
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int64_t)era * 146097 + (int64_t)doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* 'YYYY-MM-DD', optionally followed by ' HH:MM:SS' (or 'T') and a fraction of up to six
 * digits. *frac_digits is 0 without a fraction. Returns false when malformed. */
static bool parse_datetime(const char *text, int64_t *secs, double *frac, int *frac_digits)
{
    int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
    if (sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
        return false;
    const char *rest = text + n;
    *frac = 0;
    *frac_digits = 0;
    if (*rest == ' ' || *rest == 'T') {
        if (sscanf(rest + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &n) != 3 || n != 8)
            return false;
        rest += 1 + n;
        if (*rest == '.') {
            for (double scale = 0.1; rest[1] >= '0' && rest[1] <= '9'; scale /= 10, rest++)
                *frac += (rest[1] - '0') * scale, ++*frac_digits;
            if (*frac_digits == 0 || *frac_digits > 6)
                return false;
            rest++;
        }
    }
    /* %2d also takes "-1" and " 1": the fields must be digits, so none is negative. */
    if (*rest || y < 0 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h < 0 ||
        h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
        return false;
    *secs = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60 + s;
    return true;
}

/* UNIX_TIMESTAMP(): now in seconds. UNIX_TIMESTAMP(dt): dt read as UTC; a fraction gives a
 * REAL. Like MariaDB, malformed values and times before 1970 give NULL; numbers such as
 * 20260101 (MySQL reads them as dates) are not understood and give NULL too. */
static void fn_unix_timestamp(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc == 0) {
        int64_t ms = rm_clock_now_ms();
        sqlite3_result_int64(ctx, ms / 1000 - (ms % 1000 < 0));
        return;
    }
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    int64_t secs;
    double frac;
    int digits;
    if (!text || !parse_datetime(text, &secs, &frac, &digits) || secs < 0)
        sqlite3_result_null(ctx);
    else if (digits)
        sqlite3_result_double(ctx, (double)secs + frac);
    else
        sqlite3_result_int64(ctx, secs);
}

/* ---- strings ---- */

/* Hands the built string to SQLite ("" when nothing was appended: sqlite3_str_finish then
 * returns NULL). */
static void result_str(sqlite3_context *ctx, sqlite3_str *s)
{
    int err = sqlite3_str_errcode(s);
    int len = sqlite3_str_length(s);
    char *text = sqlite3_str_finish(s);
    if (err == SQLITE_NOMEM)
        sqlite3_result_error_nomem(ctx);
    else if (err != SQLITE_OK)
        sqlite3_result_error_toobig(ctx);
    else if (!text)
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    else {
        sqlite3_result_text(ctx, text, len, sqlite3_free);
        return;
    }
    sqlite3_free(text);
}

static void append_value(sqlite3_str *s, sqlite3_value *v)
{
    const char *text = (const char *)sqlite3_value_text(v);
    if (text)
        sqlite3_str_append(s, text, sqlite3_value_bytes(v));
}

/* CONCAT: NULL as soon as one argument is NULL (SQLite 3.44's own concat() skips them). */
static void fn_concat(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc == 0) {
        sqlite3_result_error(ctx, "wrong number of arguments to function CONCAT()", -1);
        return;
    }
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            sqlite3_result_null(ctx);
            return;
        }
    sqlite3_str *s = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    for (int i = 0; i < argc; i++)
        append_value(s, argv[i]);
    result_str(ctx, s);
}

/* CONCAT_WS: NULL separator gives NULL; NULL values are skipped with their separator, empty
 * strings are not. */
static void fn_concat_ws(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    if (argc < 2) {
        sqlite3_result_error(ctx, "wrong number of arguments to function CONCAT_WS()", -1);
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_str *s = sqlite3_str_new(sqlite3_context_db_handle(ctx));
    bool first = true;
    for (int i = 1; i < argc; i++) {
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL)
            continue;
        if (!first)
            append_value(s, argv[0]);
        append_value(s, argv[i]);
        first = false;
    }
    result_str(ctx, s);
}

/* IF(cond, a, b): cond is true when not NULL and numerically non-zero; text counts by its
 * numeric prefix as in MySQL ('1abc' is true, 'abc' false). Returns a or b unchanged. */
static void fn_if(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sqlite3_value *cond = argv[0];
    bool yes;
    switch (sqlite3_value_type(cond)) {
    case SQLITE_NULL: yes = false; break;
    case SQLITE_INTEGER: yes = sqlite3_value_int64(cond) != 0; break;
    default: yes = sqlite3_value_double(cond) != 0.0; break;
    }
    sqlite3_result_value(ctx, argv[yes ? 1 : 2]);
}

/* Offset of the first occurrence of needle in hay[from..len), or -1. */
static int64_t find_from(const char *hay, int64_t len, const char *needle, int64_t nlen,
                         int64_t from)
{
    for (int64_t i = from; i + nlen <= len; i++)
        if (memcmp(hay + i, needle, (size_t)nlen) == 0)
            return i;
    return -1;
}

/* Offset of the last occurrence of needle lying wholly within hay[0..end), or -1. */
static int64_t find_before(const char *hay, int64_t end, const char *needle, int64_t nlen)
{
    for (int64_t i = end - nlen; i >= 0; i--)
        if (memcmp(hay + i, needle, (size_t)nlen) == 0)
            return i;
    return -1;
}

/* SUBSTRING_INDEX(str, delim, count): the part of str before the count-th delim from the
 * left, or (count < 0) after the count-th delim from the right; the whole string when there
 * are fewer delimiters; '' for count 0 or an empty delim. Delimiters are matched exactly
 * (MySQL too: this one compares bytes, whatever the collation). */
static void fn_substring_index(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    for (int i = 0; i < 3; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            sqlite3_result_null(ctx);
            return;
        }
    const char *str = (const char *)sqlite3_value_text(argv[0]);
    int64_t len = sqlite3_value_bytes(argv[0]);
    const char *delim = (const char *)sqlite3_value_text(argv[1]);
    int64_t dlen = sqlite3_value_bytes(argv[1]);
    int64_t count = sqlite3_value_int64(argv[2]);
    if (!str || !delim) /* zero-length blobs */
        str = str ? str : "", delim = delim ? delim : "";
    if (count == 0 || dlen == 0) {
        sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
        return;
    }
    uint64_t left = count > 0 ? (uint64_t)count : 0 - (uint64_t)count;
    int64_t at;
    if (count > 0) {
        for (int64_t from = 0; (at = find_from(str, len, delim, dlen, from)) >= 0; from = at + dlen)
            if (--left == 0) {
                sqlite3_result_text(ctx, str, (int)at, SQLITE_TRANSIENT);
                return;
            }
    } else {
        for (int64_t end = len; (at = find_before(str, end, delim, dlen)) >= 0; end = at)
            if (--left == 0) {
                sqlite3_result_text(ctx, str + at + dlen, (int)(len - at - dlen),
                                    SQLITE_TRANSIENT);
                return;
            }
    }
    sqlite3_result_text(ctx, str, (int)len, SQLITE_TRANSIENT);
}

static bool ascii_ieq(const char *a, const char *b, int64_t n)
{
    for (int64_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

/* LOCATE(substr, str[, pos]): 1-based character position of substr in str at or after
 * character pos, 0 when absent or pos < 1. Case-insensitive as under utf8mb4_general_ci,
 * but only for ASCII letters (general_ci also folds accented ones). */
static void fn_locate(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
            sqlite3_result_null(ctx);
            return;
        }
    const char *sub = (const char *)sqlite3_value_text(argv[0]);
    int64_t slen = sqlite3_value_bytes(argv[0]);
    const char *str = (const char *)sqlite3_value_text(argv[1]);
    int64_t len = sqlite3_value_bytes(argv[1]);
    int64_t pos = argc == 3 ? sqlite3_value_int64(argv[2]) : 1;
    if (!sub || !str) /* zero-length blobs */
        sub = sub ? sub : "", str = str ? str : "";
    int64_t chr = 0; /* characters before offset i */
    for (int64_t i = 0; pos >= 1 && i <= len; i++) {
        if (i < len && ((unsigned char)str[i] & 0xC0) == 0x80)
            continue; /* inside a UTF-8 sequence */
        chr++;
        if (chr >= pos && i + slen <= len && ascii_ieq(str + i, sub, slen)) {
            sqlite3_result_int64(ctx, chr);
            return;
        }
    }
    sqlite3_result_int64(ctx, 0);
}

/* ---- registration ---- */

struct mysql_fn {
    const char *name;
    int nargs; /* -1: any number */
    bool deterministic;
    void (*fn)(sqlite3_context *, int, sqlite3_value **);
};

static const struct mysql_fn mysql_fns[] = {
    { "NOW", 0, false, fn_now },
    { "CURDATE", 0, false, fn_curdate },
    { "CURRENT_TIME", 0, false, fn_curtime },
    /* The keywords CURRENT_DATE and CURRENT_TIMESTAMP call these: same text as SQLite's
     * own, but from the simulated clock. */
    { "CURRENT_DATE", 0, false, fn_curdate },
    { "CURRENT_TIMESTAMP", 0, false, fn_now },
    { "UNIX_TIMESTAMP", 0, false, fn_unix_timestamp },
    { "UNIX_TIMESTAMP", 1, true, fn_unix_timestamp },
    { "CONCAT", -1, true, fn_concat },
    { "CONCAT_WS", -1, true, fn_concat_ws },
    { "IF", 3, true, fn_if },
    { "SUBSTRING_INDEX", 3, true, fn_substring_index },
    { "LOCATE", 2, true, fn_locate },
    { "LOCATE", 3, true, fn_locate },
};

int store_mysql_functions(sqlite3 *db)
{
    for (size_t i = 0; i < RM_ARRAY_LEN(mysql_fns); i++) {
        const struct mysql_fn *f = &mysql_fns[i];
        int flags = SQLITE_UTF8 | SQLITE_INNOCUOUS | (f->deterministic ? SQLITE_DETERMINISTIC : 0);
        if (sqlite3_create_function(db, f->name, f->nargs, flags, NULL, f->fn, NULL, NULL) !=
            SQLITE_OK)
            return RM_EDB;
    }
    return RM_OK;
}
