/*
 * MySQL/MariaDB functions for SQLite connections, so OCO report SQL (reference/oco.md section
 * 2, oco.report.execute) can keep MySQL's spelling where SQLite's grammar allows it.
 */
#ifndef RMMSIM_STORE_SQL_MYSQL_H
#define RMMSIM_STORE_SQL_MYSQL_H

#include <sqlite3.h>

/* Registers on db (functions belong to the connection, so call it once per connection; a
 * later sqlite3_deserialize keeps them):
 *   NOW(), CURDATE(), CURRENT_TIME(), UNIX_TIMESTAMP([datetime]): rmmsim's simulated clock
 *     (rm_clock_now_ms), UTC, 'YYYY-MM-DD HH:MM:SS' / 'YYYY-MM-DD' / 'HH:MM:SS';
 *   CONCAT(...), CONCAT_WS(sep, ...), IF(cond, a, b), SUBSTRING_INDEX(str, delim, count),
 *   LOCATE(substr, str[, pos]) with MySQL's NULL and counting rules.
 * SQRT/POW are SQLite's own math functions (built in since 3.35 unless disabled).
 * Registering current_time also redirects SQLite's CURRENT_TIME keyword to the simulated
 * clock (the keyword is a call of that function); CURRENT_DATE and CURRENT_TIMESTAMP are
 * redirected the same way. SQLite's datetime('now') still reads the real clock.
 * MySQL's `expr - INTERVAL n DAY` cannot be parsed by SQLite: write
 * datetime(NOW(), '-n days') instead; no DATE_SUB/DATE_ADD is provided.
 * Returns 0 or RM_EDB. */
int store_mysql_functions(sqlite3 *db);

#endif
