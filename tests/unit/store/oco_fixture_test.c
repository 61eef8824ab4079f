/* Tests server/store/oco_fixture.c (the "oco" fixture section) and the three fixtures made by
 * scripts/fixtures/gen_oco.py: the fresh-install state, the parity rows and next ids, and the
 * 14 predefined reports run against the default estate with the clock at FIXTURE_NOW. */
#include "store/oco_fixture.h"
#include "store/pcvisit.h"
#include "store/remotepc.h"
#include "store/sql_mysql.h"
#include "store/store.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The sections the built-in fixtures hold. */
static const struct store_section *const sections[] = { &store_rp_section, &store_oco_section,
                                                         &store_pcv_section };

static struct store *open_store(const char *fixture)
{
    struct store_options opts = { .default_fixture = fixture, .sections = sections,
                                  .nsections = RM_ARRAY_LEN(sections) };
    struct store *st = NULL;
    char err[512];
    if (store_open(&opts, &st, err, sizeof err) != RM_OK)
        fail_msg("store_open: %s", err);
    return st;
}

static void expect_open_error(const char *fixture, const char *needle)
{
    struct store_options opts = { .default_fixture = fixture, .sections = sections,
                                  .nsections = RM_ARRAY_LEN(sections) };
    struct store *st = NULL;
    char err[512] = "";
    assert_int_not_equal(store_open(&opts, &st, err, sizeof err), RM_OK);
    assert_null(st);
    if (!strstr(err, needle))
        fail_msg("error '%s' does not contain '%s'", err, needle);
}

static void assert_prefix(const char *line, const char *prefix)
{
    if (strncmp(line, prefix, strlen(prefix)) != 0)
        fail_msg("'%s' does not start with '%s'", line, prefix);
}

/* A query's result as text: line 0 the column names, then one line per row, values joined
 * by "|" (NULL as "NULL"); types holds a letter per column of the first row (i r t n). */
struct result {
    char lines[64][1024];
    size_t nlines;
    char types[32];
};

static void run_sql(sqlite3 *db, const char *sql, struct result *r)
{
    sqlite3_stmt *stmt = NULL;
    memset(r, 0, sizeof *r);
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    int ncols = sqlite3_column_count(stmt);
    for (int i = 0; i < ncols; i++)
        snprintf(r->lines[0] + strlen(r->lines[0]), sizeof r->lines[0] - strlen(r->lines[0]),
                 "%s%s", i ? "|" : "", sqlite3_column_name(stmt, i));
    r->nlines = 1;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        assert_true(r->nlines < RM_ARRAY_LEN(r->lines));
        char *line = r->lines[r->nlines];
        for (int i = 0; i < ncols; i++) {
            const char *v = (const char *)sqlite3_column_text(stmt, i);
            snprintf(line + strlen(line), sizeof r->lines[0] - strlen(line), "%s%s",
                     i ? "|" : "", v ? v : "NULL");
            if (r->nlines == 1 && i < (int)sizeof r->types - 1)
                r->types[i] = "?irtbn"[sqlite3_column_type(stmt, i)];
        }
        r->nlines++;
    }
    if (rc != SQLITE_DONE)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
}

/* Runs the stored query of report id, checking it passes oco.report.execute's guard. */
static void run_report(sqlite3 *db, int id, struct result *r)
{
    char sql[64];
    snprintf(sql, sizeof sql, "SELECT query FROM report WHERE id = %d", id);
    struct result q;
    run_sql(db, sql, &q);
    assert_int_equal(q.nlines, 2);
    assert_prefix(q.lines[1], "SELECT ");
    run_sql(db, q.lines[1], r);
}

static void assert_lines(const struct result *r, const char *const *expected, size_t n)
{
    for (size_t i = 0; i < n && i < r->nlines; i++)
        assert_string_equal(r->lines[i], expected[i]);
    assert_int_equal(r->nlines, n);
}

#define ASSERT_LINES(r, ...)                                                                     \
    do {                                                                                         \
        static const char *const want_[] = { __VA_ARGS__ };                                      \
        assert_lines(r, want_, RM_ARRAY_LEN(want_));                                             \
    } while (0)

static sqlite3 *lock_with_functions(struct store_tenant *t)
{
    sqlite3 *db = store_tenant_lock(t);
    assert_int_equal(store_mysql_functions(db), RM_OK);
    return db;
}

static void freeze_at_fixture_now(void)
{
    int64_t ms;
    assert_int_equal(store_fx_parse_time("2026-11-20T12:00:00Z", &ms), RM_OK);
    rm_clock_freeze(ms);
}

static const char *const monitor_cols =
    "hostname|id|computer_id|name|manufacturer|type|resolution|size|manufactured|serialno|active";

/* Pins F-OCO-101, F-OCO-103, F-OCO-104, F-OCO-105, F-OCO-106, F-OCO-107, F-OCO-108,
 * F-OCO-109, F-OCO-110, F-OCO-111. */
static void predefined_reports_on_the_default_estate(void **state)
{
    (void)state;
    freeze_at_fixture_now();
    struct store *st = open_store("default");
    struct store_tenant *t = store_tenant_acquire(st, NULL);
    sqlite3 *db = lock_with_functions(t);
    struct result r;

    run_report(db, 1, &r); /* '' counts as 0, like MariaDB's numeric comparison */
    ASSERT_LINES(&r, "computer_id|hostname|os|os_version", "9|ENG-MAC-04|macOS|15.1.1",
                 "11|SALES-LT-02|Microsoft Windows 10 Pro|10.0.19045",
                 "13|RECEPTION-01|Microsoft Windows 10 Pro|10.0.19045", "18|NB-2026-018||");
    assert_string_equal(r.types, "ittt");

    run_report(db, 2, &r);
    ASSERT_LINES(&r, "package_id|name|version|install_count", "4|Mozilla Firefox|128.5.0esr|0",
                 "16|Company Wallpaper|2026.1|0");
    assert_string_equal(r.types, "itti");

    run_report(db, 3, &r);
    ASSERT_LINES(&r, "software_id|name", "1|Google Chrome", "2|Google Chrome",
                 "3|Chrome Remote Desktop Host", "22|Google Chrome.app");

    run_report(db, 4, &r);
    ASSERT_LINES(&r, "domain_user_id|username|computer_count", "1|adm.kowalski|4", "2|j.miller|2",
                 "6|t.berger|2", "7|mchen|2", "8|s.nowak|2", "12|lab.trainee|2");

    run_report(db, 5, &r);
    ASSERT_LINES(&r, "job_container_id|name|end_time", "1|7-Zip 24.08 rollout|2026-08-29 18:00:00");

    run_report(db, 6, &r);
    ASSERT_LINES(&r, "computer_id|hostname", "18|NB-2026-018");

    run_report(db, 7, &r); /* screens with a serial number: built-in panels have none */
    assert_string_equal(r.lines[0], monitor_cols);
    assert_int_equal(r.nlines, 15);
    assert_prefix(r.lines[1], "ACC-WS-01|1|1|DELL P2422H|DEL||1920 x 1080|53 x 30|");
    assert_non_null(strstr(r.lines[11], "SALES-LT-03|18|12|DELL P2723DE|"));
    assert_string_equal(r.types, "tiittttttti");

    run_report(db, 8, &r);
    ASSERT_LINES(&r, "computer_id|hostname|os|os_version|last_ping",
                 "11|SALES-LT-02|Microsoft Windows 10 Pro|10.0.19045|2026-09-22 17:21:00",
                 "15|LAB-PC-02|Microsoft Windows 11 Pro|10.0.22631|2026-10-24 16:45:00",
                 "18|NB-2026-018|||NULL");

    run_report(db, 9, &r); /* DECIMAL in MariaDB: strings */
    ASSERT_LINES(&r, "Free Space (TiB)|Total Space (TiB)", "6.30|15.16");
    assert_string_equal(r.types, "tt");

    run_report(db, 10, &r); /* ram is TEXT, summed as DOUBLE: a number */
    ASSERT_LINES(&r, "Total RAM (GiB)", "366.01");
    assert_string_equal(r.types, "r");

    run_report(db, 11, &r);
    assert_int_equal(r.nlines, 5);
    char cols11[256];
    snprintf(cols11, sizeof cols11, "%s|Size (inches)", monitor_cols);
    assert_string_equal(r.lines[0], cols11);
    assert_prefix(r.lines[1], "HR-WS-01|6|4|HP P174|HWP||1280 x 1024|34 x 27|");
    assert_non_null(strstr(r.lines[1], "|1|17.0"));
    assert_prefix(r.lines[2], "RECEPTION-01|19|13|EIZO S1934|");
    assert_non_null(strstr(r.lines[2], "|1|19.0"));
    assert_prefix(r.lines[3], "LAB-PC-01|20|14|");
    assert_prefix(r.lines[4], "LAB-PC-02|21|15|");
    assert_int_equal(r.types[11], 'r');

    /* LAB-PC-02 has 19.6 GiB free: rounded to 20, not less than 20. */
    run_report(db, 12, &r);
    ASSERT_LINES(&r, "computer_id|hostname|Free Space (GiB)", "13|RECEPTION-01|12");
    assert_string_equal(r.types, "itt");

    run_report(db, 13, &r); /* the latest record per service; ACC-WS-01's is OK again */
    ASSERT_LINES(&r, "computer_id|hostname|status|timestamp|updated|details",
                 "4|HR-WS-01|1|2026-11-20 06:00:00|2026-11-20 06:02:00|upgrade to Windows 11",
                 "15|LAB-PC-02|3|2026-10-24 16:00:00|2026-10-24 16:02:00|Defender status unknown",
                 "13|RECEPTION-01|2|2026-11-20 06:00:00|2026-11-20 06:02:00|12.4 GiB free (10 %)",
                 "16|SRV-DC-01|2|2026-11-20 06:05:00|2026-11-20 06:07:00|"
                 "LDAPS certificate expires in 4 days",
                 "17|SRV-FILE-01|1|2026-11-20 02:00:00|2026-11-20 02:02:00|"
                 "last backup 26 hours ago");

    run_report(db, 14, &r); /* newest first; level 1 is neither ERROR nor WARNING */
    assert_string_equal(r.lines[0], "timestamp|computer_id|hostname|event_id|level|Error Description");
    assert_int_equal(r.nlines, 11);
    assert_string_equal(r.lines[1], "2026-11-20 11:06:40|2|ACC-WS-02|11708|ERROR|"
                                    "{\"Message\": \"Product: Mozilla Firefox -- Installation failed.\"}");
    assert_prefix(r.lines[3], "2026-11-20 01:12:40|17|SRV-FILE-01|153|WARNING|");
    assert_prefix(r.lines[10], "2026-09-20 08:12:44|11|SALES-LT-02|41|1|");
    assert_string_equal(r.types, "tititt");

    /* A week later every computer but the pre-registered one is "7 days without agent". */
    rm_clock_advance(7LL * 86400000);
    run_report(db, 8, &r);
    assert_int_equal(r.nlines, 19);

    store_tenant_unlock(t);
    store_tenant_release(t);
    store_free(st);
    rm_clock_unfreeze();
}

/* Pins F-OCO-114, F-OCO-115, F-OCO-116. */
static void default_estate_shape(void **state)
{
    (void)state;
    struct store *st = open_store("default");
    struct store_tenant *t = store_tenant_acquire(st, NULL);
    sqlite3 *db = store_tenant_lock(t);
    struct result r;
    run_sql(db, "SELECT count(*) FROM computer", &r); /* at most 20: the free licence */
    ASSERT_LINES(&r, "count(*)", "18");
    run_sql(db, "SELECT group_concat(s) FROM (SELECT DISTINCT state AS s FROM "
                "(SELECT state FROM job_container_job UNION ALL SELECT state FROM "
                "deployment_rule_job) ORDER BY s)", &r);
    ASSERT_LINES(&r, "group_concat(s)", "-5,-4,-3,-2,-1,0,1,2,3");
    run_sql(db, "SELECT count(*) FROM package_family WHERE icon IS NOT NULL", &r);
    ASSERT_LINES(&r, "count(*)", "0");
    run_sql(db, "SELECT count(*) FROM computer_group WHERE parent_computer_group_id IN "
                "(SELECT id FROM computer_group WHERE parent_computer_group_id IS NOT NULL)", &r);
    ASSERT_LINES(&r, "count(*)", "1"); /* Build Agents in Engineering in Headquarters */
    run_sql(db, "SELECT value FROM setting ORDER BY key", &r);
    ASSERT_LINES(&r, "value", "1", "demo-oco-api-key");
    /* nextIds: the next rows get the ids after the fixture's. */
    run_sql(db, "SELECT name, seq FROM sqlite_sequence WHERE name IN ('computer', 'report', "
                "'job_container') ORDER BY name", &r);
    ASSERT_LINES(&r, "name|seq", "computer|18", "job_container|6", "report|1001");
    store_tenant_unlock(t);
    store_tenant_release(t);
    store_free(st);
}

static void empty_is_a_fresh_installation(void **state)
{
    (void)state;
    struct store *st = open_store("empty");
    struct store_tenant *t = store_tenant_acquire(st, NULL);
    sqlite3 *db = lock_with_functions(t);
    struct result r;
    run_sql(db, "SELECT id, username, password, locked, system_user_role_id FROM system_user", &r);
    ASSERT_LINES(&r, "id|username|password|locked|system_user_role_id", "1|admin|admin|0|1");
    run_sql(db, "SELECT id, name, instr(permissions, '\"Special' || char(92, 92) || "
                "'ClientApi\": true') > 0 AS api FROM system_user_role", &r);
    ASSERT_LINES(&r, "id|name|api", "1|Superadmin|1");
    run_sql(db, "SELECT id, parent_report_group_id, name FROM report_group", &r);
    ASSERT_LINES(&r, "id|parent_report_group_id|name", "1|NULL|report_predefined");
    run_sql(db, "SELECT min(id), max(id), count(*), group_concat(DISTINCT report_group_id), "
                "group_concat(DISTINCT notes) FROM report", &r);
    ASSERT_LINES(&r, "min(id)|max(id)|count(*)|group_concat(DISTINCT report_group_id)|"
                     "group_concat(DISTINCT notes)", "1|14|14|1|");
    run_sql(db, "SELECT name FROM report WHERE id IN (1, 14) ORDER BY id", &r);
    ASSERT_LINES(&r, "name", "report_secureboot_disabled", "report_critical_events");
    run_sql(db, "SELECT (SELECT count(*) FROM computer) + (SELECT count(*) FROM package) + "
                "(SELECT count(*) FROM job_container) + (SELECT count(*) FROM computer_group) "
                "+ (SELECT count(*) FROM deployment_rule) AS n", &r);
    ASSERT_LINES(&r, "n", "0");
    /* Every report runs on the empty estate: aggregates give one row of NULLs. */
    for (int id = 1; id <= 14; id++) {
        run_report(db, id, &r);
        assert_int_equal(r.nlines, id == 9 || id == 10 ? 2 : 1);
    }
    run_report(db, 9, &r);
    ASSERT_LINES(&r, "Free Space (TiB)|Total Space (TiB)", "NULL|NULL");
    /* New reports get ids from 1000 on, everything else from 1. */
    assert_int_equal(sqlite3_exec(db, "INSERT INTO report(name, query) VALUES ('r', 'SELECT 1');"
                                      "INSERT INTO computer(hostname, created) VALUES ('x', '')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    run_sql(db, "SELECT (SELECT max(id) FROM report), (SELECT id FROM computer)", &r);
    ASSERT_LINES(&r, "(SELECT max(id) FROM report)|(SELECT id FROM computer)", "1000|1");
    store_tenant_unlock(t);
    store_tenant_release(t);
    store_free(st);
}

/* Pins F-OCO-113. */
static void parity_matches_the_fresh_install_reference(void **state)
{
    (void)state;
    freeze_at_fixture_now();
    struct store *st = open_store("oco-parity");
    struct store_tenant *t = store_tenant_acquire(st, NULL);
    sqlite3 *db = lock_with_functions(t);
    struct result r;
    run_sql(db, "SELECT id, username, password, locked, system_user_role_id FROM system_user "
                "ORDER BY id", &r);
    ASSERT_LINES(&r, "id|username|password|locked|system_user_role_id", "1|admin|admin|0|1",
                 "2|noapi|noapi|0|2", "3|locked|locked|1|1");
    run_sql(db, "SELECT id, hostname, uid, os, os_version, architecture, ram, agent_version, "
                "serial, boot_type, secure_boot, last_ping, notes, cpu, uptime FROM computer", &r);
    ASSERT_LINES(&r, "id|hostname|uid|os|os_version|architecture|ram|agent_version|serial|"
                     "boot_type|secure_boot|last_ping|notes|cpu|uptime",
                 "1|SEED-PC|seed-pc-uid|Windows|10|x64|8589934592|1.1.0|SN-SEED|UEFI|1|"
                 "2024-01-01 12:00:00|seeded computer||0");
    run_sql(db, "SELECT id, package_family_id, version, upgrade_behavior, "
                "uninstall_procedure_success_return_codes, quote(compatible_os), "
                "quote(compatible_os_version) FROM package ORDER BY id", &r);
    ASSERT_LINES(&r, "id|package_family_id|version|upgrade_behavior|"
                     "uninstall_procedure_success_return_codes|quote(compatible_os)|"
                     "quote(compatible_os_version)",
                 "1|1|1.0|2|0,3010|'Windows'|''", "2|2|2.0|0|0|NULL|NULL");
    run_sql(db, "SELECT id, report_group_id, name, query FROM report WHERE id >= 1000", &r);
    ASSERT_LINES(&r, "id|report_group_id|name|query",
                 "1000|2|All computers|SELECT id AS computer_id, hostname FROM computer ORDER BY id",
                 "1001|2|All packages|SELECT id AS package_id, version FROM package ORDER BY id",
                 "1002|3|Delete attempt|DELETE FROM computer", "1003|3|Broken|SELECT * FROM nowhere",
                 "1004|NULL|CTE|WITH x AS (SELECT 1 AS a) SELECT a FROM x");
    run_sql(db, "SELECT name, seq FROM sqlite_sequence WHERE name IN ('computer', 'package', "
                "'package_family', 'job_container', 'job_container_job', 'deployment_rule_job', "
                "'computer_package', 'report') ORDER BY name", &r);
    ASSERT_LINES(&r, "name|seq", "computer|1", "computer_package|1", "deployment_rule_job|0",
                 "job_container|0", "job_container_job|0", "package|2", "package_family|2",
                 "report|1004");
    run_report(db, 2, &r);
    ASSERT_LINES(&r, "package_id|name|version|install_count", "2|SeedRuntime|2.0|0");
    run_report(db, 8, &r); /* last ping 2024: older than 7 days */
    ASSERT_LINES(&r, "computer_id|hostname|os|os_version|last_ping",
                 "1|SEED-PC|Windows|10|2024-01-01 12:00:00");
    run_report(db, 10, &r); /* "8 GiB comes back as the number 8" */
    ASSERT_LINES(&r, "Total RAM (GiB)", "8.0");
    assert_string_equal(r.types, "r");
    run_report(db, 1, &r);
    assert_int_equal(r.nlines, 1);
    store_tenant_unlock(t);
    store_tenant_release(t);
    store_free(st);
    rm_clock_unfreeze();
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void loader_names_the_path_of_bad_values(void **state)
{
    (void)state;
    char dir[] = "/tmp/rmmsim-oco-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/oco.json", dir);
#define OK_ROW "{\"hostname\": \"a\", \"created\": \"\"}"
    static const struct {
        const char *json, *error;
    } cases[] = {
        { "[]", "$.oco: must be an object" },
        { "{\"rows\": {}}", "$.oco.rows: unknown key (settings, tables or nextIds)" },
        { "{\"settings\": {\"client-api-key\": 5}}",
          "$.oco.settings.client-api-key: must be a string" },
        { "{\"tables\": []}", "$.oco.tables: must be an object" },
        { "{\"tables\": {\"nowhere\": []}}", "$.oco.tables.nowhere: unknown table" },
        { "{\"tables\": {\"rmmsim_meta\": []}}", "$.oco.tables.rmmsim_meta: unknown table" },
        { "{\"tables\": {\"sqlite_sequence\": []}}", "$.oco.tables.sqlite_sequence: unknown table" },
        { "{\"tables\": {\"computer\": {}}}", "$.oco.tables.computer: must be an array" },
        { "{\"tables\": {\"computer\": [], \"computer\": []}}",
          "$.oco.tables.computer: duplicate table" },
        { "{\"tables\": {\"computer\": [{\"hostname\": \"a\", \"created\": \"\"}, 1]}}",
          "$.oco.tables.computer[1]: must be an object" },
        { "{\"tables\": {\"computer\": [" OK_ROW ", " OK_ROW ", " OK_ROW ", "
          "{\"hostnme\": \"x\"}]}}",
          "$.oco.tables.computer[3].hostnme: unknown column" },
        { "{\"tables\": {\"computer\": [{\"id\\\" FROM x; --\": 1}]}}",
          "$.oco.tables.computer[0].id\" FROM x; --: unknown column" },
        { "{\"tables\": {\"computer\": [{\"hostname\": \"a\", \"hostname\": \"b\"}]}}",
          "$.oco.tables.computer[0].hostname: duplicate column" },
        { "{\"tables\": {\"computer\": [{\"hostname\": [\"a\"]}]}}",
          "$.oco.tables.computer[0].hostname: must be a string, number, boolean or null" },
        { "{\"tables\": {\"computer\": [{\"hostname\": \"a\"}]}}",
          "$.oco.tables.computer[0]: NOT NULL constraint failed: computer.created" },
        { "{\"tables\": {\"computer_group\": [{\"id\": 2, \"parent_computer_group_id\": 1, "
          "\"name\": \"x\"}]}}",
          "$.oco.tables.computer_group[0]: FOREIGN KEY constraint failed" },
        { "{\"tables\": {\"computer\": [{\"id\": 1, \"hostname\": \"a\", \"created\": \"\"}, "
          "{\"id\": 1, \"hostname\": \"b\", \"created\": \"\"}]}}",
          "$.oco.tables.computer[1]: UNIQUE constraint failed: computer.id" },
        { "{\"nextIds\": []}", "$.oco.nextIds: must be an object" },
        { "{\"nextIds\": {\"nowhere\": 5}}", "$.oco.nextIds.nowhere: unknown table" },
        { "{\"nextIds\": {\"computer\": \"5\"}}", "$.oco.nextIds.computer: must be an integer" },
        { "{\"nextIds\": {\"setting\": 5}}", "$.oco.nextIds.setting: has no AUTOINCREMENT id" },
        { "{\"nextIds\": {\"computer\": 0}}",
          "$.oco.nextIds.computer: must be above the highest id (0)" },
        { "{\"tables\": {\"computer\": [{\"id\": 7, \"hostname\": \"a\", \"created\": \"\"}]}, "
          "\"nextIds\": {\"computer\": 7}}",
          "$.oco.nextIds.computer: must be above the highest id (7)" },
    };
    for (size_t i = 0; i < RM_ARRAY_LEN(cases); i++) {
        char text[1024];
        snprintf(text, sizeof text, "{\"oco\": %s}", cases[i].json);
        write_file(path, text);
        expect_open_error(path, cases[i].error);
    }

    /* Children before parents in the JSON still load: tables go in schema order. Values:
     * integral numbers are INTEGER, others REAL, booleans 1/0, null NULL. */
    write_file(path, "{\"oco\": {\"nextIds\": {\"computer\": 10},"
                     "\"tables\": {\"computer_group_member\": [{\"computer_id\": 3, "
                     "\"computer_group_id\": 1}], \"computer_group\": [{\"id\": 1, \"name\": "
                     "\"g\"}], \"computer\": [{\"id\": 3, \"hostname\": \"h\", \"created\": "
                     "\"2026-01-01 00:00:00\", \"uptime\": 5.0, \"battery_level\": 0.5, "
                     "\"force_update\": true, \"uid\": null}]}}}");
    struct store *st = open_store(path);
    struct store_tenant *t = store_tenant_acquire(st, NULL);
    sqlite3 *db = store_tenant_lock(t);
    struct result r;
    run_sql(db, "SELECT typeof(uptime), typeof(battery_level), force_update, typeof(uid) "
                "FROM computer", &r);
    ASSERT_LINES(&r, "typeof(uptime)|typeof(battery_level)|force_update|typeof(uid)",
                 "integer|real|1|null");
    assert_int_equal(sqlite3_exec(db, "INSERT INTO computer(hostname, created) VALUES ('n', '')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    run_sql(db, "SELECT max(id) FROM computer", &r);
    ASSERT_LINES(&r, "max(id)", "10");
    store_tenant_unlock(t);
    store_tenant_release(t);
    store_free(st);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(predefined_reports_on_the_default_estate),
        cmocka_unit_test(default_estate_shape),
        cmocka_unit_test(empty_is_a_fresh_installation),
        cmocka_unit_test(parity_matches_the_fresh_install_reference),
        cmocka_unit_test(loader_names_the_path_of_bad_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
