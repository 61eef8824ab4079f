/* Tests server/store/sql_mysql.c: each MySQL function, its NULL rules and the simulated clock. */
#include "store/sql_mysql.h"
#include "store/store.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sqlite3 *db;

static int setup(void **state)
{
    (void)state;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(store_mysql_functions(db), RM_OK);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sqlite3_close(db);
    rm_clock_unfreeze();
    return 0;
}

/* The single value of "SELECT <expr>" as text ("NULL" for NULL, "ERROR: msg" on error),
 * prefixed with its type letter: i, r, t or n. Static buffer: one result at a time. */
static const char *eval(const char *expr)
{
    static char out[512];
    char sql[512];
    snprintf(sql, sizeof sql, "SELECT %s", expr);
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        snprintf(out, sizeof out, "ERROR: %s", sqlite3_errmsg(db));
    } else {
        int type = sqlite3_column_type(stmt, 0);
        const char *text = (const char *)sqlite3_column_text(stmt, 0);
        snprintf(out, sizeof out, "%c:%s", "?irtbn"[type], text ? text : "NULL");
    }
    sqlite3_finalize(stmt);
    return out;
}

#define assert_eval(expr, expected) assert_string_equal(eval(expr), expected)

static void freeze_at(const char *iso)
{
    int64_t ms;
    assert_int_equal(store_fx_parse_time(iso, &ms), RM_OK);
    rm_clock_freeze(ms);
}

/* Pins F-OCO-102. */
static void clock_functions_follow_the_simulated_clock(void **state)
{
    (void)state;
    freeze_at("2026-02-03T04:05:06.789Z");
    assert_eval("NOW()", "t:2026-02-03 04:05:06");
    assert_eval("CURDATE()", "t:2026-02-03");
    assert_eval("\"CURRENT_TIME\"()", "t:04:05:06"); /* CURRENT_TIME() itself does not parse */
    assert_eval("UNIX_TIMESTAMP()", "i:1770091506");
    /* SQLite's own keywords call the same functions, so they follow the clock too. */
    assert_eval("CURRENT_TIME", "t:04:05:06");
    assert_eval("CURRENT_DATE", "t:2026-02-03");
    assert_eval("CURRENT_TIMESTAMP", "t:2026-02-03 04:05:06");
    /* The INTERVAL arithmetic of MySQL is written with datetime(). */
    assert_eval("datetime(NOW(), '-7 days')", "t:2026-01-27 04:05:06");
    assert_eval("now()", "t:2026-02-03 04:05:06"); /* names are case-insensitive */
    rm_clock_advance(86400000);
    assert_eval("NOW()", "t:2026-02-04 04:05:06");
    freeze_at("1969-12-31T23:59:58.500Z"); /* seconds are floored, also before 1970 */
    assert_eval("NOW()", "t:1969-12-31 23:59:58");
    assert_eval("UNIX_TIMESTAMP()", "i:-2");
}

static void unix_timestamp_of_a_datetime(void **state)
{
    (void)state;
    assert_eval("UNIX_TIMESTAMP('2026-01-01')", "i:1767225600");
    assert_eval("UNIX_TIMESTAMP('2026-01-01 00:00:01')", "i:1767225601");
    assert_eval("UNIX_TIMESTAMP('2026-01-01T00:00:01')", "i:1767225601");
    assert_eval("UNIX_TIMESTAMP('2026-01-01 00:00:01.5')", "r:1767225601.5");
    assert_eval("UNIX_TIMESTAMP('2024-02-29 12:00:00')", "i:1709208000");
    /* MariaDB: malformed or pre-1970 values give NULL. */
    assert_eval("UNIX_TIMESTAMP('2026-02-29 00:00:00')", "n:NULL");
    assert_eval("UNIX_TIMESTAMP('2026-01-01 24:00:00')", "n:NULL");
    assert_eval("UNIX_TIMESTAMP('2026-01-01 00:00')", "n:NULL");
    assert_eval("UNIX_TIMESTAMP('garbage')", "n:NULL");
    assert_eval("UNIX_TIMESTAMP('1969-12-31 23:59:59')", "n:NULL");
    assert_eval("UNIX_TIMESTAMP(NULL)", "n:NULL");
    /* sscanf's %2d takes a sign or a blank: neither is a time field */
    assert_eval("UNIX_TIMESTAMP('2026-01-01 -1:-1:-1')", "n:NULL");
    assert_eval("UNIX_TIMESTAMP('2026-01-01 00:00:-1')", "n:NULL");
}

static void concat_is_null_when_any_argument_is(void **state)
{
    (void)state;
    assert_eval("CONCAT('a', 'b', 'c')", "t:abc");
    assert_eval("CONCAT('n', 1, '-', 2.5)", "t:n1-2.5");
    assert_eval("CONCAT('')", "t:");
    assert_eval("CONCAT('a', NULL, 'b')", "n:NULL");
    assert_eval("CONCAT(NULL)", "n:NULL");
    assert_eval("CONCAT()", "ERROR: wrong number of arguments to function CONCAT()");
}

static void concat_ws_skips_nulls_but_not_empty_strings(void **state)
{
    (void)state;
    assert_eval("CONCAT_WS(', ', 'a', 'b')", "t:a, b");
    assert_eval("CONCAT_WS(',', 'a', NULL, '', 'b')", "t:a,,b");
    assert_eval("CONCAT_WS(',', NULL, 'a')", "t:a");
    assert_eval("CONCAT_WS(',', NULL)", "t:");
    assert_eval("CONCAT_WS(NULL, 'a', 'b')", "n:NULL");
    assert_eval("CONCAT_WS(',')", "ERROR: wrong number of arguments to function CONCAT_WS()");
}

static void if_uses_mysql_truthiness(void **state)
{
    (void)state;
    assert_eval("IF(1, 'yes', 'no')", "t:yes");
    assert_eval("IF(0, 'yes', 'no')", "t:no");
    assert_eval("IF(NULL, 'yes', 'no')", "t:no");
    assert_eval("IF(0.5, 'yes', 'no')", "t:yes");
    assert_eval("IF('1abc', 'yes', 'no')", "t:yes"); /* text counts by its numeric prefix */
    assert_eval("IF('abc', 'yes', 'no')", "t:no");
    assert_eval("IF(2 > 1, 7, 'x')", "i:7"); /* the chosen value keeps its type */
    assert_eval("IF(3 = 2, 'ERROR', IF(3 = 3, 'WARNING', 3))", "t:WARNING");
}

/* Pins F-OCO-112. */
static void substring_index_counts_from_either_end(void **state)
{
    (void)state;
    assert_eval("SUBSTRING_INDEX('www.mysql.com', '.', 2)", "t:www.mysql");
    assert_eval("SUBSTRING_INDEX('www.mysql.com', '.', -2)", "t:mysql.com");
    assert_eval("SUBSTRING_INDEX('www.mysql.com', '.', 1)", "t:www");
    assert_eval("SUBSTRING_INDEX('www.mysql.com', '.', -1)", "t:com");
    assert_eval("SUBSTRING_INDEX('www.mysql.com', '.', 3)", "t:www.mysql.com");
    assert_eval("SUBSTRING_INDEX('www.mysql.com', '.', -9)", "t:www.mysql.com");
    assert_eval("SUBSTRING_INDEX('www.mysql.com', '.', 0)", "t:");
    assert_eval("SUBSTRING_INDEX('www.mysql.com', '', 1)", "t:");
    assert_eval("SUBSTRING_INDEX('53 x 30', ' x ', 1)", "t:53");
    assert_eval("SUBSTRING_INDEX('53 x 30', ' x ', -1)", "t:30");
    assert_eval("SUBSTRING_INDEX('a::b::c', '::', -2)", "t:b::c");
    assert_eval("SUBSTRING_INDEX('A.b', 'a', 1)", "t:A.b"); /* delimiters match exactly */
    assert_eval("SUBSTRING_INDEX(12345, 3, 1)", "t:12");
    assert_eval("SUBSTRING_INDEX(NULL, '.', 1)", "n:NULL");
    assert_eval("SUBSTRING_INDEX('a.b', NULL, 1)", "n:NULL");
    assert_eval("SUBSTRING_INDEX('a.b', '.', NULL)", "n:NULL");
}

static void locate_counts_characters_and_ignores_case(void **state)
{
    (void)state;
    assert_eval("LOCATE('bar', 'foobarbar')", "i:4");
    assert_eval("LOCATE('xbar', 'foobar')", "i:0");
    assert_eval("LOCATE('bar', 'foobarbar', 5)", "i:7");
    assert_eval("LOCATE('BAR', 'foobar')", "i:4");
    assert_eval("LOCATE('l', 'K\xc3\xb6ln')", "i:3"); /* o-umlaut is one character */
    assert_eval("LOCATE('', 'abc')", "i:1");
    assert_eval("LOCATE('', 'abc', 4)", "i:4");
    assert_eval("LOCATE('', 'abc', 5)", "i:0");
    assert_eval("LOCATE('a', 'abc', 0)", "i:0");
    assert_eval("LOCATE('a', 'abc', -1)", "i:0");
    assert_eval("LOCATE(NULL, 'abc')", "n:NULL");
    assert_eval("LOCATE('a', NULL)", "n:NULL");
    assert_eval("LOCATE('a', 'abc', NULL)", "n:NULL");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clock_functions_follow_the_simulated_clock),
        cmocka_unit_test(unix_timestamp_of_a_datetime),
        cmocka_unit_test(concat_is_null_when_any_argument_is),
        cmocka_unit_test(concat_ws_skips_nulls_but_not_empty_strings),
        cmocka_unit_test(if_uses_mysql_truthiness),
        cmocka_unit_test(substring_index_counts_from_either_end),
        cmocka_unit_test(locate_counts_characters_and_ignores_case),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
