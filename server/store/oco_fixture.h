/*
 * The "oco" fixture section: rows for the tables of schema/oco.sql (reference/oco.md
 * section 3), loaded generically so fixtures can hold any state a real OCO server can.
 */
#ifndef RMMSIM_STORE_OCO_FIXTURE_H
#define RMMSIM_STORE_OCO_FIXTURE_H

#include "store/store.h"

/* Section "oco", schema "schema/oco.sql", no load_absent (a fixture without "oco" leaves the
 * tables empty). The JSON it reads:
 *   "settings": { "<key>": "<value>", ... }          rows of table setting
 *   "tables":   { "<table>": [ { "<column>": value, ... }, ... ], ... }
 *   "nextIds":  { "<table>": <id the next insert gets>, ... }
 * Tables are filled in schema order (parents first), whatever the key order; values are
 * strings, numbers (integral ones as INTEGER), true/false (1/0), null or {"base64": "..."}
 * for a BLOB (F-CTL-058). nextIds may not go
 * below a table's highest id + 1. Errors name the JSON path ("$.oco.tables.computer[3]
 * .hostnme: unknown column") and, for constraint failures, SQLite's message. */
extern const struct store_section store_oco_section;

#endif
