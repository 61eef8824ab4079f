/*
 * The "empty" fixture over real HTTP: exactly what a fresh OCO v1.2.2 installation shows
 * through the client API (reference/oco-fresh-install.md "A fresh installation"): only user
 * admin, no computers, packages, families, groups, containers, rules or installations; the
 * 14 predefined reports in group 1; the free licence; first ids 1 (reports from 1000).
 */
#include "oco_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* oco-fresh-install.md: nothing exists but the predefined reports. */
static void nothing_but_the_predefined_reports(void **state)
{
    (void)state;
    cJSON *d = ok("oco.computer.list", NULL);
    expect_json(d, "", "{\"computers\":[],\"groups\":[]}", "computer.list");
    cJSON_Delete(d);
    ok_empty("oco.package_family.list", NULL);
    ok_empty("oco.job_container.list", NULL);
    ok_empty("oco.deployment_rule.list", NULL);
    static const struct {
        const char *method, *data;
    } missing[] = {
        { "oco.computer.get", "{\"id\":1}" },
        { "oco.computer.list", "{\"computer_group_id\":1}" },
        { "oco.package.get", "{\"id\":1}" },
        { "oco.package.list", "{\"package_family_id\":1}" },
        { "oco.package.list", "{\"package_group_id\":1}" },
        { "oco.job_container.job.list", "{\"id\":1}" },
        { "oco.deployment_rule.job.list", "{\"id\":1}" },
        { "oco.remove_installation_assignment", "{\"id\":1}" },
        { "oco.report.list", "{\"report_group_id\":2}" },
        { "oco.report.execute", "{\"id\":15}" },
        { "oco.report.execute", "{\"id\":1000}" },
    };
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
        expect_rpc_error(missing[i].method, missing[i].data, -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    expect_rpc_error("oco.job_container.uninstall", "{\"name\":\"u\",\"installation_ids\":[1]}",
                     -32001, T_NO_JOBS, T_NO_JOBS_DE);

    d = ok("oco.report.list", NULL);
    expect_len(d, "reports", 14, "reports");
    expect_keys_each(jget(d, "reports"), REPORT_KEYS, "reports");
    for (int id = 1; id <= 14; id++) {
        cJSON *r = find_id(jget(d, "reports"), id);
        char label[40];
        snprintf(label, sizeof label, "report %d", id);
        if (!r)
            mismatch("%s missing", label);
        expect_num(r, "report_group_id", 1, label);
        expect_str(r, "notes", "", label);
    }
    expect_json(d, "groups", "[{\"id\":1,\"parent_report_group_id\":null,\"name\":\"Predefined\"}]",
                "report groups");
    cJSON_Delete(d);
    soft_end();
}

/* oco-fresh-install.md: the free licence. */
static void free_licence(void **state)
{
    (void)state;
    cJSON *d = ok("oco.info", NULL);
    expect_num(d, "license_computers", 20, "info");
    expect_str(d, "license_company", "NOT REGISTERED", "info");
    expect_num(d, "license_expiration", 0, "info");
    expect_str(d, "wol_satellites", NULL, "info");
    expect_json(d, "extensions", "[]", "info");
    expect_str(d, "version", "1.2.2", "info");
    cJSON_Delete(d);
    soft_end();
}

/* oco-fresh-install.md: the only user is admin (the parity fixture's extra users are not
 * here). */
static void only_admin_exists(void **state)
{
    (void)state;
    expect_http(&(struct oco_http){ .auth = "noapi:noapi", .body = "{}" }, 401,
                "Client Not Authorized", "HTTP Basic Auth: User does not exist", "noapi");
    expect_http(&(struct oco_http){ .auth = "locked:locked", .body = "{}" }, 401,
                "Client Not Authorized", "HTTP Basic Auth: User does not exist", "locked");
    cJSON_Delete(ok("oco.info", NULL));
    soft_end();
}

/* Each predefined report runs on the empty database: no rows, except the sums (one row of
 * NULLs: SUM over no rows). */
static void predefined_reports_on_nothing(void **state)
{
    (void)state;
    for (int id = 1; id <= 14; id++) {
        cJSON *d = okf("oco.report.execute", "{\"id\":%d}", id);
        char label[40];
        snprintf(label, sizeof label, "report %d", id);
        const char *want = id == 9    ? "[{\"Free Space (TiB)\":null,\"Total Space (TiB)\":null}]"
                           : id == 10 ? "[{\"Total RAM (GiB)\":null}]"
                                      : "[]";
        expect_json(d, "", want, label);
        cJSON_Delete(d);
    }
    soft_end();
}

/* reference/oco-fresh-install.md: ids start at 1; new ids are strings. */
static void first_ids(void **state)
{
    (void)state;
    assert_int_equal(ok_new_id("oco.computer.create", "{\"hostname\":\"PC01\"}"), 1);
    assert_int_equal(ok_new_id("oco.package.create", "{\"package_family_name\":\"Firefox\","
                                                     "\"version\":\"1.0\",\"install_procedure\":"
                                                     "\"ff.exe\"}"),
                     1);
    cJSON *d = ok("oco.package_family.list", NULL);
    expect_num(d, "0.id", 1, "first family");
    expect_str(d, "0.name", "Firefox", "first family");
    cJSON_Delete(d);
    assert_int_equal(ok_new_id("oco.job_container.deploy",
                               "{\"name\":\"d\",\"computer_ids\":[1],\"package_ids\":[1]}"),
                     1);
    d = ok("oco.job_container.job.list", "{\"id\":1}");
    expect_len(d, "", 1, "jobs");
    expect_num(d, "0.id", 1, "first job");
    expect_num(d, "0.state", 0, "first job");
    cJSON_Delete(d);
    soft_end();
}

int main(void)
{
    oco.fixture = "empty";
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, oco_fresh)
        T(nothing_but_the_predefined_reports),
        T(free_licence),
        T(only_admin_exists),
        T(predefined_reports_on_nothing),
        T(first_ids),
#undef T
    };
    return OCO_RUN(tests);
}
