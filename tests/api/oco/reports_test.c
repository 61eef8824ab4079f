/*
 * OCO oco.report.list and oco.report.execute over real HTTP on "oco-parity" (14 predefined
 * reports in group 1 "Predefined", reports 1000-1004 in groups 2 "Custom" and 3 "Custom
 * Sub"), and hostile report queries from a fixture file (reports cannot be created through
 * the API): reference/oco.md report.*, oco-fresh-install.md, F-OCO-019, F-OCO-070,
 * F-OCO-071. The 14 reports on the "default" estate: default_test.c.
 */
#include "oco_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Soft: the "id"s of the array at path are exactly ids (n of them), in order. */
static void expect_ids(const cJSON *v, const char *path, const int *ids, int n, const char *label)
{
    const cJSON *a = *path ? jget(v, path) : v;
    char got[512] = "", want[512] = "";
    size_t gl = 0, wl = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
        gl += (size_t)snprintf(got + gl, sizeof got - gl, "%d ",
                               (int)cJSON_GetNumberValue(jget(e, "id")));
    for (int i = 0; i < n; i++)
        wl += (size_t)snprintf(want + wl, sizeof want - wl, "%d ", ids[i]);
    if (strcmp(got, want) != 0)
        mismatch("%s: ids\n      want %s\n      got  %s", label, want, got);
}

/* ------------------------------------------------------------------ report.list */

/* reference 2 report.list: all reports and the root groups; names translated; sorted with
 * strnatcmp (case-sensitive) on the translated name. */
static void list_is_sorted_by_translated_name(void **state)
{
    (void)state;
    static const int en_order[] = { 8,    11, 7, 1000, 1001, 1003, 1004, 12, 14, 13,
                                    1002, 4,  5, 2,    6,    3,    1,    9,  10 };
    static const int de_order[] = { 8, 5,  1000, 1001, 11, 7, 1003, 1004, 12, 1002,
                                    4, 3, 10,   9,    14, 13, 2, 1,    6 };
    const char *const datas[] = { NULL, "{}", "{\"report_group_id\":0}",
                                  "{\"report_group_id\":\"\"}", "{\"report_group_id\":null}" };
    for (size_t i = 0; i < sizeof datas / sizeof *datas; i++) {
        for (int german = 0; german <= 1; german++) {
            cJSON *j = rpc_lang(german ? GERMAN : NULL, "oco.report.list", datas[i], NULL);
            cJSON *d = jget(j, "result.data");
            char label[100];
            snprintf(label, sizeof label, "report.list %s (%s)", datas[i] ? datas[i] : "-",
                     german ? "de" : "en");
            expect_keys(d, KEYS("reports", "groups"), label);
            expect_keys_each(jget(d, "reports"), REPORT_KEYS, label);
            expect_ids(d, "reports", german ? de_order : en_order, 19, label);
            expect_json(d, "groups",
                        german ? "[{\"id\":2,\"parent_report_group_id\":null,\"name\":\"Custom\"},"
                                 "{\"id\":1,\"parent_report_group_id\":null,\"name\":\"Vordefiniert\"}]"
                               : "[{\"id\":2,\"parent_report_group_id\":null,\"name\":\"Custom\"},"
                                 "{\"id\":1,\"parent_report_group_id\":null,\"name\":\"Predefined\"}]",
                        label);
            const char *name8 = german ? "7 Tage keine Agentenmeldung" : "7 Days No Agent Contact";
            expect_str(d, "reports.0.name", name8, label);
            cJSON_Delete(j);
        }
    }
    soft_end();
}

/* oco-fresh-install.md: the 14 names in English and German; notes empty; group 1. */
static void predefined_names(void **state)
{
    (void)state;
    static const char *const names[14][2] = {
        { "SecureBoot Disabled", "SecureBoot deaktiviert" },
        { "Packages Without Installations", "Pakete ohne Installationen" },
        { "Recognized Software Chrome", "Erkannte Software Chrome" },
        { "Domain Users With Multiple PCs", "Dom\xc3\xa4nenbenutzer mit mehreren PCs" },
        { "Expired Job Containers", "Abgelaufene Jobcontainer" },
        { "Pre-Registered Computers", "Vorregistrierte Computer" },
        { "All Monitors", "Alle Monitore" },
        { "7 Days No Agent Contact", "7 Tage keine Agentenmeldung" },
        { "Total Disk Space (All Computers)", "Gesamter Festplattenspeicher (alle Computer)" },
        { "Total RAM Space (All Computers)", "Gesamter Arbeitsspeicher (alle Computer)" },
        { "All 19\" Monitors", "Alle 19\"-Monitore" },
        { "Computers with less than 20 GiB on Drive C:",
          "Computer mit weniger als 20 GiB Speicherplatz auf C:" },
        { "Critical Services", "Kritische Services" },
        { "Critical Events", "Kritische Ereignisse" },
    };
    for (int german = 0; german <= 1; german++) {
        cJSON *j = rpc_lang(german ? GERMAN : NULL, "oco.report.list", "{\"report_group_id\":1}",
                            NULL);
        cJSON *d = jget(j, "result.data");
        expect_keys(d, KEYS("name", "reports", "groups"), "group 1");
        expect_str(d, "name", german ? "Vordefiniert" : "Predefined", "group 1");
        expect_json(d, "groups", "[]", "group 1 children");
        expect_len(d, "reports", 14, "group 1");
        for (int id = 1; id <= 14; id++) {
            cJSON *r = find_id(jget(d, "reports"), id);
            char label[60];
            snprintf(label, sizeof label, "report %d (%s)", id, german ? "de" : "en");
            if (!r) {
                mismatch("%s missing", label);
                continue;
            }
            expect_str(r, "name", names[id - 1][german], label);
            expect_str(r, "notes", "", label);
            expect_num(r, "report_group_id", 1, label);
            if (!cJSON_IsString(jget(r, "query")) ||
                strncmp(cJSON_GetStringValue(jget(r, "query")), "SELECT", 6) != 0)
                mismatch("%s: query must be a SELECT", label);
        }
        cJSON_Delete(j);
    }
    soft_end();
}

/* oco-fresh-install.md: the custom groups and reports, queries exactly as stored. */
static void custom_groups_and_queries(void **state)
{
    (void)state;
    cJSON *d = ok("oco.report.list", "{\"report_group_id\":2}");
    expect_json(d, "",
                "{\"name\":\"Custom\",\"reports\":["
                "{\"id\":1000,\"report_group_id\":2,\"name\":\"All computers\",\"notes\":"
                "\"computer_id rows\",\"query\":\"SELECT id AS computer_id, hostname FROM computer "
                "ORDER BY id\"},"
                "{\"id\":1001,\"report_group_id\":2,\"name\":\"All packages\",\"notes\":"
                "\"package_id rows\",\"query\":\"SELECT id AS package_id, version FROM package "
                "ORDER BY id\"}],"
                "\"groups\":[{\"id\":3,\"parent_report_group_id\":2,\"name\":\"Custom Sub\"}]}",
                "group 2");
    cJSON_Delete(d);
    d = ok("oco.report.list", "{\"report_group_id\":\"3\"}");
    expect_json(d, "",
                "{\"name\":\"Custom Sub\",\"reports\":["
                "{\"id\":1003,\"report_group_id\":3,\"name\":\"Broken\",\"notes\":\"\",\"query\":"
                "\"SELECT * FROM nowhere\"},"
                "{\"id\":1002,\"report_group_id\":3,\"name\":\"Delete attempt\",\"notes\":\"\","
                "\"query\":\"DELETE FROM computer\"}],\"groups\":[]}",
                "group 3");
    cJSON_Delete(d);
    d = ok("oco.report.list", NULL);
    expect_json(find_id(jget(d, "reports"), 1004), "",
                "{\"id\":1004,\"report_group_id\":null,\"name\":\"CTE\",\"notes\":\"\",\"query\":"
                "\"WITH x AS (SELECT 1 AS a) SELECT a FROM x\"}",
                "report 1004");
    cJSON_Delete(d);
    /* the raw text writes "/" as "\/" in queries too (none here) and quotes as \" */
    expect_rpc_error("oco.report.list", "{\"report_group_id\":99}", -32003, T_NOT_FOUND,
                     T_NOT_FOUND_DE);
    expect_rpc_error("oco.report.list", "{\"report_group_id\":-1}", -32003, T_NOT_FOUND,
                     T_NOT_FOUND_DE);
    soft_end();
}

/* ------------------------------------------------------------------ report.execute */

static const struct exec_row {
    const char *data;
    const char *result; /* the data, or NULL for an error */
    int code;
    const char *en, *de;
} exec_rows[] = {
    { "{\"id\":1000}", "[{\"computer_id\":1,\"hostname\":\"SEED-PC\"}]", 0, NULL, NULL },
    { "{\"id\":\"1000abc\"}", "[{\"computer_id\":1,\"hostname\":\"SEED-PC\"}]", 0, NULL, NULL },
    { "{\"id\":1001}", "[{\"package_id\":1,\"version\":\"1.0\"},{\"package_id\":2,\"version\":"
                       "\"2.0\"}]", 0, NULL, NULL },
    { "{\"id\":1002}", NULL, -32001, T_ONLY_SELECT, T_ONLY_SELECT },
    { "{\"id\":1004}", NULL, -32001, T_ONLY_SELECT, T_ONLY_SELECT },
    { "{\"id\":99}", NULL, -32003, T_NOT_FOUND, T_NOT_FOUND_DE },
    { "{\"id\":1005}", NULL, -32003, T_NOT_FOUND, T_NOT_FOUND_DE },
    { "{}", NULL, -32003, T_NOT_FOUND, T_NOT_FOUND_DE },
    { NULL, NULL, -32003, T_NOT_FOUND, T_NOT_FOUND_DE },
    { "{\"id\":\"abc\"}", NULL, -32003, T_NOT_FOUND, T_NOT_FOUND_DE },
    /* the predefined reports on parity's one computer (secure boot on, updated in 2024) */
    { "{\"id\":1}", "[]", 0, NULL, NULL },
    { "{\"id\":2}", "[{\"package_id\":2,\"name\":\"SeedRuntime\",\"version\":\"2.0\","
                    "\"install_count\":0}]", 0, NULL, NULL },
    { "{\"id\":3}", "[]", 0, NULL, NULL },
    { "{\"id\":4}", "[]", 0, NULL, NULL },
    { "{\"id\":5}", "[]", 0, NULL, NULL },
    { "{\"id\":6}", "[]", 0, NULL, NULL },
    { "{\"id\":7}", "[]", 0, NULL, NULL },
    { "{\"id\":8}", "[{\"computer_id\":1,\"hostname\":\"SEED-PC\",\"os\":\"Windows\","
                    "\"os_version\":\"10\",\"last_ping\":\"2024-01-01 12:00:00\"}]", 0, NULL, NULL },
    { "{\"id\":9}", "[{\"Free Space (TiB)\":null,\"Total Space (TiB)\":null}]", 0, NULL, NULL },
    { "{\"id\":10}", "[{\"Total RAM (GiB)\":8}]", 0, NULL, NULL },
    { "{\"id\":11}", "[]", 0, NULL, NULL },
    { "{\"id\":12}", "[]", 0, NULL, NULL },
    { "{\"id\":13}", "[]", 0, NULL, NULL },
    { "{\"id\":14}", "[]", 0, NULL, NULL },
};

/* reference 2 report.execute, oco-fresh-install.md (oco-parity rows). */
static void execute_on_parity(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof exec_rows / sizeof *exec_rows; i++) {
        const struct exec_row *r = &exec_rows[i];
        if (r->result) {
            cJSON *d = ok("oco.report.execute", r->data);
            expect_json(d, "", r->result, r->data);
            cJSON_Delete(d);
        } else {
            expect_rpc_error("oco.report.execute", r->data, r->code, r->en, r->de);
        }
    }
    /* F-OCO-071: SQL errors are -32000 with the engine's message */
    for (int german = 0; german <= 1; german++) {
        cJSON *j = rpc_lang(german ? GERMAN : NULL, "oco.report.execute", "{\"id\":1003}", NULL);
        const char *m = cJSON_GetStringValue(jget(j, "error.message"));
        if (cJSON_GetNumberValue(jget(j, "error.code")) != -32000 || !m || !strstr(m, "nowhere"))
            mismatch("report 1003: want -32000 with a message naming nowhere");
        cJSON_Delete(j);
    }
    /* the DELETE report deleted nothing */
    cJSON *d = ok("oco.computer.list", NULL);
    expect_len(d, "computers", 1, "after report 1002");
    cJSON_Delete(d);
    soft_end();
}

/* reference 2 report.execute: reports follow the data (a pre-registered computer matches
 * 1, 6 and 8: empty secure_boot compares as 0, no update, no ping; an expired container 5). */
static void execute_follows_the_data(void **state)
{
    (void)state;
    oco_freeze_clock("2026-11-24 10:00:00");
    ok_new_id("oco.computer.create", "{\"hostname\":\"PRE\"}");
    ok_new_id("oco.job_container.deploy",
              "{\"name\":\"old\",\"computer_ids\":[1],\"package_ids\":[2],"
              "\"date_start\":\"2020-01-01 00:00:00\",\"date_end\":\"2020-01-02 00:00:00\"}");
    ok_new_id("oco.job_container.deploy",
              "{\"name\":\"future\",\"computer_ids\":[1],\"package_ids\":[2],"
              "\"date_end\":\"2030-01-02 00:00:00\"}");
    static const struct {
        int id;
        const char *want;
    } rows[] = {
        { 1, "[{\"computer_id\":2,\"hostname\":\"PRE\",\"os\":\"\",\"os_version\":\"\"}]" },
        { 6, "[{\"computer_id\":2,\"hostname\":\"PRE\"}]" },
        { 8, "[{\"computer_id\":1,\"hostname\":\"SEED-PC\",\"os\":\"Windows\",\"os_version\":"
             "\"10\",\"last_ping\":\"2024-01-01 12:00:00\"},{\"computer_id\":2,\"hostname\":"
             "\"PRE\",\"os\":\"\",\"os_version\":\"\",\"last_ping\":null}]" },
        { 5, "[{\"job_container_id\":1,\"name\":\"old\",\"end_time\":\"2020-01-02 00:00:00\"}]" },
        { 1000, "[{\"computer_id\":1,\"hostname\":\"SEED-PC\"},{\"computer_id\":2,\"hostname\":"
                "\"PRE\"}]" },
        { 10, "[{\"Total RAM (GiB)\":8}]" }, /* '' adds nothing */
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        cJSON *d = okf("oco.report.execute", "{\"id\":%d}", rows[i].id);
        char label[40];
        snprintf(label, sizeof label, "report %d", rows[i].id);
        expect_json(d, "", rows[i].want, label);
        cJSON_Delete(d);
    }
    soft_end();
}

/* ------------------------------------------------------------------ hostile reports */

#define ATTACK_DB "/tmp/rmmsim-oco-report-attack.db"
#define ATTACK_TXT "/tmp/rmmsim-oco-report-attack.txt"

static const struct hostile_row {
    int id;
    const char *query;
    const char *result; /* data, or NULL for an error with code */
    int code;
} hostile_rows[] = {
    /* F-OCO-070: only the first statement runs */
    { 2000, "SELECT 1 AS one; DELETE FROM computer", "[{\"one\":1}]", 0 },
    { 2001, "SELECT id AS computer_id FROM computer; DROP TABLE computer",
      "[{\"computer_id\":1}]", 0 },
    { 2002, "SELECT 1 AS a; ATTACH DATABASE '" ATTACK_DB "' AS x", "[{\"a\":1}]", 0 },
    { 2003, "SELECT 1 AS a -- c\n; UPDATE computer SET hostname = 'pwned'", "[{\"a\":1}]", 0 },
    { 2004, "SELECT 1 AS a; COMMIT; DELETE FROM package", "[{\"a\":1}]", 0 },
    /* the guard: leading white space, any case, the whole word SELECT */
    { 2010, "  \n\tselect id AS computer_id from computer", "[{\"computer_id\":1}]", 0 },
    { 2011, "SeLeCt 2 AS two", "[{\"two\":2}]", 0 },
    { 2012, "SELECT 1 AS a UNION ALL SELECT 2", "[{\"a\":1},{\"a\":2}]", 0 },
    { 2013, "SELECTX 1", NULL, -32001 },
    { 2014, "(SELECT 1)", NULL, -32001 },
    { 2015, "/* c */ SELECT 1", NULL, -32001 },
    { 2016, "ATTACH DATABASE '" ATTACK_DB "' AS x", NULL, -32001 },
    { 2017, "PRAGMA writable_schema = 1", NULL, -32001 },
    { 2018, "INSERT INTO computer (hostname) VALUES ('x')", NULL, -32001 },
    { 2019, "", NULL, -32001 },
    /* reads cannot reach files or extensions */
    { 2030, "SELECT load_extension('/tmp/nothing')", NULL, -32000 },
    { 2031, "SELECT writefile('" ATTACK_TXT "', 'x')", NULL, -32000 },
    { 2032, "SELECT * FROM nowhere", NULL, -32000 },
};

static void add_hostile_reports(cJSON *oco_section)
{
    cJSON *reports = jget(oco_section, "tables.report");
    for (size_t i = 0; i < sizeof hostile_rows / sizeof *hostile_rows; i++) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddNumberToObject(r, "id", hostile_rows[i].id);
        cJSON_AddNumberToObject(r, "report_group_id", 2);
        char name[32];
        snprintf(name, sizeof name, "Hostile %d", hostile_rows[i].id);
        cJSON_AddStringToObject(r, "name", name);
        cJSON_AddStringToObject(r, "notes", "");
        cJSON_AddStringToObject(r, "query", hostile_rows[i].query);
        cJSON_AddItemToArray(reports, r);
    }
    cJSON *next = cJSON_GetObjectItemCaseSensitive(oco_section, "nextIds");
    cJSON_ReplaceItemInObjectCaseSensitive(next, "report", cJSON_CreateNumber(3000));
}

/* F-OCO-070: a report runs only its first statement, read-only, and cannot attach, write
 * or load anything; the v1.2.1 guard (reference 2 report.execute). */
static void hostile_reports_cannot_write(void **state)
{
    (void)state;
    unlink(ATTACK_DB);
    unlink(ATTACK_TXT);
    oco_use(oco_fixture_variant("oco-parity", add_hostile_reports));
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < sizeof hostile_rows / sizeof *hostile_rows; i++) {
            const struct hostile_row *r = &hostile_rows[i];
            char data[40];
            snprintf(data, sizeof data, "{\"id\":%d}", r->id);
            if (r->result) {
                long status;
                cJSON *j = rpc("oco.report.execute", data, &status);
                if (!jget(j, "result")) {
                    char *p = j ? cJSON_PrintUnformatted(j) : NULL;
                    mismatch("report %d (%s): want %s, got %ld %.300s", r->id, r->query,
                             r->result, status, p ? p : "");
                    free(p);
                } else {
                    expect_json(j, "result.data", r->result, r->query);
                }
                cJSON_Delete(j);
            } else if (r->code == -32001) {
                expect_rpc_error("oco.report.execute", data, -32001, T_ONLY_SELECT, T_ONLY_SELECT);
            } else {
                cJSON *j = rpc("oco.report.execute", data, NULL);
                if (cJSON_GetNumberValue(jget(j, "error.code")) != r->code)
                    mismatch("report %d (%s): want error %d", r->id, r->query, r->code);
                cJSON_Delete(j);
            }
        }
    }
    /* nothing changed */
    cJSON *d = ok("oco.computer.list", NULL);
    expect_len(d, "computers", 1, "computers after hostile reports");
    expect_str(d, "computers.0.hostname", "SEED-PC", "hostname after hostile reports");
    cJSON_Delete(d);
    d = ok("oco.report.execute", "{\"id\":1001}");
    expect_len(d, "", 2, "packages after hostile reports");
    cJSON_Delete(d);
    if (access(ATTACK_DB, F_OK) == 0)
        mismatch("a report attached (created) %s", ATTACK_DB);
    if (access(ATTACK_TXT, F_OK) == 0)
        mismatch("a report wrote %s", ATTACK_TXT);
    unlink(ATTACK_DB);
    unlink(ATTACK_TXT);
    /* a hostile report as a deploy source: the same guard, nothing created */
    expect_rpc_error("oco.job_container.deploy",
                     "{\"name\":\"x\",\"computer_report_ids\":[2016],\"package_ids\":[2]}", -32001,
                     T_ONLY_SELECT, T_ONLY_SELECT);
    ok_empty("oco.job_container.list", NULL);
    /* ... and writes of the first statement stay impossible there too */
    cJSON *jobs = NULL;
    int64_t id = ok_new_id("oco.job_container.deploy",
                           "{\"name\":\"x\",\"computer_report_ids\":[2001],\"package_ids\":[2]}");
    jobs = okf("oco.job_container.job.list", "{\"id\":%lld}", (long long)id);
    expect_len(jobs, "", 1, "deploy from report 2001");
    cJSON_Delete(jobs);
    d = ok("oco.computer.list", NULL);
    expect_len(d, "computers", 1, "computers after deploy from a hostile report");
    cJSON_Delete(d);
    soft_end();
}

int main(void)
{
    oco.fixture = "oco-parity";
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, oco_fresh)
        T(list_is_sorted_by_translated_name),
        T(predefined_names),
        T(custom_groups_and_queries),
        T(execute_on_parity),
        T(execute_follows_the_data),
        T(hostile_reports_cannot_write),
#undef T
    };
    return OCO_RUN(tests);
}
