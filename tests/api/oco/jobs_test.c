/*
 * OCO job containers, deployments, uninstalls, installation assignments and deployment
 * rules over real HTTP on "oco-parity" (SEED-PC has package 1 installed; package 1
 * depends on package 2; rule 1 targets computer group 1 x package group 1, both empty):
 * reference/oco.md section 2, F-OCO-040, F-OCO-051, F-OCO-060, F-OCO-080, F-OCO-081.
 */
#include "oco_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW "2026-11-24 10:00:00" /* the frozen clock of the tests that look at times */

/* Soft: jobs (ORDER BY computer_id, sequence) are exactly want, a space-separated list of
 * computer:package:is_uninstall:sequence:state. */
static void expect_jobs(const cJSON *jobs, const char *want, const char *label)
{
    char got[2048] = "";
    size_t len = 0;
    const cJSON *j;
    cJSON_ArrayForEach(j, jobs)
    {
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%d:%d:%d:%d:%d", len ? " " : "",
                                (int)cJSON_GetNumberValue(jget(j, "computer_id")),
                                (int)cJSON_GetNumberValue(jget(j, "package_id")),
                                (int)cJSON_GetNumberValue(jget(j, "is_uninstall")),
                                (int)cJSON_GetNumberValue(jget(j, "sequence")),
                                (int)cJSON_GetNumberValue(jget(j, "state")));
        if (len >= sizeof got)
            break;
    }
    if (strcmp(got, want) != 0)
        mismatch("%s: jobs (computer:package:uninstall:sequence:state)\n      want %s\n      got  %s",
                 label, want, got);
}

/* Deploys data (hard: success), returns the container's jobs. */
static cJSON *deploy_jobs(const char *data)
{
    int64_t id = ok_new_id("oco.job_container.deploy", data);
    return okf("oco.job_container.job.list", "{\"id\":%lld}", (long long)id);
}

/* ------------------------------------------------------------------ lists and shapes */

/* reference 2 job_container.list / job.list; deploy of package 1 to SEED-PC (parity):
 * the dependency (package 2) first in state 0, then package 1 already installed (-5). */
static void deploy_on_parity_and_list_shapes(void **state)
{
    (void)state;
    ok_empty("oco.job_container.list", NULL);
    oco_freeze_clock(NOW);
    int64_t id = ok_new_id("oco.job_container.deploy",
                           "{\"name\":\"API-Test\",\"description\":\"d/1\",\"computer_ids\":[1],"
                           "\"package_ids\":[1]}");
    assert_int_equal(id, 1);
    cJSON *list = ok("oco.job_container.list", NULL);
    expect_keys_each(list, CONTAINER_KEYS, "container");
    expect_json(list, "",
                "[{\"id\":1,\"name\":\"API-Test\",\"enabled\":1,\"start_time\":\"" NOW "\","
                "\"end_time\":null,\"notes\":\"d/1\",\"wol_sent\":1,"
                "\"shutdown_waked_after_completion\":0,\"sequence_mode\":0,\"priority\":0,"
                "\"agent_ip_ranges\":null,\"time_frames\":null,\"self_service\":0,\"created\":\"" NOW
                "\",\"created_by_system_user_id\":1,\"created_by_domain_user_id\":null,"
                "\"created_by_system_user_username\":\"admin\","
                "\"created_by_domain_user_username\":null,\"execution_finished\":null}]",
                "job_container.list");
    cJSON_Delete(list);
    cJSON *jobs = ok("oco.job_container.job.list", "{\"id\":1}");
    expect_keys_each(jobs, STATIC_JOB_KEYS, "job");
    expect_json(jobs, "",
                "[{\"id\":1,\"computer_id\":1,\"package_id\":2,\"procedure\":\"runtime-setup.exe\","
                "\"success_return_codes\":\"0\",\"upgrade_behavior\":0,\"is_uninstall\":0,"
                "\"download\":0,\"post_action\":0,\"post_action_timeout\":5,\"sequence\":1,"
                "\"state\":0,\"download_progress\":null,\"return_code\":null,\"message\":\"\","
                "\"wol_shutdown_set\":null,\"download_started\":null,\"execution_started\":null,"
                "\"execution_finished\":null,\"computer_hostname\":\"SEED-PC\","
                "\"package_family_name\":\"SeedRuntime\",\"package_version\":\"2.0\","
                "\"job_container_id\":1,\"job_container_start_time\":\"" NOW "\","
                "\"job_container_created_by_system_user_id\":null,"
                "\"job_container_created_by_domain_user_id\":null,\"job_container_enabled\":null,"
                "\"job_container_sequence_mode\":null,\"job_container_priority\":null,"
                "\"job_container_agent_ip_ranges\":null,\"job_container_time_frames\":null,"
                "\"job_container_self_service\":null},"
                "{\"id\":2,\"computer_id\":1,\"package_id\":1,\"procedure\":\"seedapp-setup.exe "
                "/S\",\"success_return_codes\":\"0\",\"upgrade_behavior\":2,\"is_uninstall\":0,"
                "\"download\":0,\"post_action\":0,\"post_action_timeout\":5,\"sequence\":2,"
                "\"state\":-5,\"download_progress\":null,\"return_code\":null,\"message\":\"\","
                "\"wol_shutdown_set\":null,\"download_started\":null,\"execution_started\":null,"
                "\"execution_finished\":null,\"computer_hostname\":\"SEED-PC\","
                "\"package_family_name\":\"SeedApp\",\"package_version\":\"1.0\","
                "\"job_container_id\":1,\"job_container_start_time\":\"" NOW "\","
                "\"job_container_created_by_system_user_id\":null,"
                "\"job_container_created_by_domain_user_id\":null,\"job_container_enabled\":null,"
                "\"job_container_sequence_mode\":null,\"job_container_priority\":null,"
                "\"job_container_agent_ip_ranges\":null,\"job_container_time_frames\":null,"
                "\"job_container_self_service\":null}]",
                "job.list");
    cJSON_Delete(jobs);
    /* raw id (MariaDB coerces "1abc") */
    jobs = ok("oco.job_container.job.list", "{\"id\":\"1abc\"}");
    expect_len(jobs, "", 2, "job.list \"1abc\"");
    cJSON_Delete(jobs);
    const char *const missing[] = { "{\"id\":2}", "{\"id\":99}", "{}", "{\"id\":0}" };
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
        expect_rpc_error("oco.job_container.job.list", missing[i], -32003, T_NOT_FOUND,
                         T_NOT_FOUND_DE);
    /* the next container is "2" */
    assert_int_equal(ok_new_id("oco.job_container.deploy",
                               "{\"name\":\"2\",\"computer_ids\":[1],\"package_ids\":[2]}"),
                     2);
    soft_end();
}

/* ------------------------------------------------------------------ expansion */

static const struct expansion_row {
    const char *label;
    const char *setup[4]; /* method|data calls before the deploy */
    const char *deploy;   /* the data minus name */
    const char *jobs;     /* expect_jobs format */
} expansion_rows[] = {
    { "package 1: dependency first", { NULL },
      "\"computer_ids\":[1],\"package_ids\":[1]", "1:2:0:1:0 1:1:0:2:-5" },
    { "package 2 then 1: deduplicated", { NULL },
      "\"computer_ids\":[1],\"package_ids\":[2,1]", "1:2:0:1:0 1:1:0:2:-5" },
    { "package 1 then 2: deduplicated", { NULL },
      "\"computer_ids\":[1],\"package_ids\":[1,2,1]", "1:2:0:1:0 1:1:0:2:-5" },
    { "ids as strings, duplicates and unknown ids", { NULL },
      "\"computer_ids\":[\"1\",1,99],\"package_ids\":[\"2\",99]", "1:2:0:1:0" },
    { "force_install_same_version: uninstall the installed version first", { NULL },
      "\"computer_ids\":[1],\"package_ids\":[1],\"force_install_same_version\":1",
      "1:2:0:1:0 1:1:1:2:0 1:1:0:3:0" },
    { "computer report 1000", { NULL },
      "\"computer_report_ids\":[1000],\"package_ids\":[2]", "1:2:0:1:0" },
    { "package report 1001 (packages 1, 2)", { NULL },
      "\"computer_ids\":[1],\"package_report_ids\":[1001]", "1:2:0:1:0 1:1:0:2:-5" },
    { "computer group 3 (direct member)",
      { "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":3}", NULL },
      "\"computer_group_ids\":[3],\"package_ids\":[2]", "1:2:0:1:0" },
    { "computer group 1 whose member is only in subgroup 2: no jobs",
      { "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":2}",
        "oco.computer.create|{\"hostname\":\"AAA\"}", NULL },
      "\"computer_group_ids\":[1,2],\"computer_ids\":[2],\"package_ids\":[2]",
      "1:2:0:1:0 2:2:0:1:0" },
    { "package group 1 in sequence order",
      { "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":1,\"package_group_id\":1}", NULL },
      "\"computer_ids\":[1],\"package_group_ids\":[1]", "1:2:0:1:0 1:1:0:2:-5" },
    { "two computers: sequences per computer",
      { "oco.computer.create|{\"hostname\":\"AAA\"}", NULL },
      "\"computer_ids\":[2,1],\"package_ids\":[1]", "1:2:0:1:0 1:1:0:2:-5 2:2:0:1:0 2:1:0:2:0" },
    { "incompatible OS: -3",
      { "oco.package.create|{\"package_family_name\":\"L\",\"version\":\"1\","
        "\"install_procedure\":\"x\",\"compatible_os\":\"Linux\"}", NULL },
      "\"computer_ids\":[1],\"package_ids\":[3]", "1:3:0:1:-3" },
    { "compatible: one line of several matches",
      { "oco.package.create|{\"package_family_name\":\"L\",\"version\":\"1\","
        "\"install_procedure\":\"x\",\"compatible_os\":\"Linux\\n Windows \"}", NULL },
      "\"computer_ids\":[1],\"package_ids\":[3]", "1:3:0:1:0" },
    { "incompatible OS version: -3",
      { "oco.package.create|{\"package_family_name\":\"L\",\"version\":\"1\","
        "\"install_procedure\":\"x\",\"compatible_os_version\":\"11\"}", NULL },
      "\"computer_ids\":[1],\"package_ids\":[3]", "1:3:0:1:-3" },
    { "incompatible architecture: -3",
      { "oco.package.create|{\"package_family_name\":\"L\",\"version\":\"1\","
        "\"install_procedure\":\"x\",\"compatible_architecture\":\"arm64\"}", NULL },
      "\"computer_ids\":[1],\"package_ids\":[3]", "1:3:0:1:-3" },
    { "a computer without inventory is compatible",
      { "oco.package.create|{\"package_family_name\":\"L\",\"version\":\"1\","
        "\"install_procedure\":\"x\",\"compatible_os\":\"Linux\"}",
        "oco.computer.create|{\"hostname\":\"NEW\"}", NULL },
      "\"computer_ids\":[2],\"package_ids\":[3]", "2:3:0:1:0" },
    { "upgrade_behavior 2: explicit uninstall of the installed version",
      { "oco.package.create|{\"package_family_name\":\"SeedApp\",\"version\":\"2.0\","
        "\"install_procedure\":\"x\",\"upgrade_behavior\":2}", NULL },
      "\"computer_ids\":[1],\"package_ids\":[3]", "1:1:1:1:0 1:3:0:2:0" },
    { "upgrade_behavior 0: no uninstall job",
      { "oco.package.create|{\"package_family_name\":\"SeedApp\",\"version\":\"2.0\","
        "\"install_procedure\":\"x\"}", NULL },
      "\"computer_ids\":[1],\"package_ids\":[3]", "1:3:0:1:0" },
};

/* reference 2 job_container.deploy "Expansion" and "Jobs". */
static void deploy_expansion_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof expansion_rows / sizeof *expansion_rows; i++) {
        const struct expansion_row *r = &expansion_rows[i];
        oco_use("oco-parity");
        for (size_t s = 0; s < 4 && r->setup[s]; s++) {
            char method[64];
            const char *bar = strchr(r->setup[s], '|');
            snprintf(method, sizeof method, "%.*s", (int)(bar - r->setup[s]), r->setup[s]);
            cJSON_Delete(ok(method, bar + 1));
        }
        char *data = fmt("{\"name\":\"x\",%s}", r->deploy);
        cJSON *jobs = deploy_jobs(data);
        expect_jobs(jobs, r->jobs, r->label);
        cJSON_Delete(jobs);
        free(data);
    }
    soft_end();
}

/* reference 2 deploy: the explicit uninstall job carries the installed package's uninstall
 * procedure, codes and post action, upgrade_behavior 0. */
static void uninstall_job_of_an_upgrade(void **state)
{
    (void)state;
    ok_new_id("oco.package.create", "{\"package_family_name\":\"SeedApp\",\"version\":\"2.0\","
                                    "\"install_procedure\":\"new.exe\",\"upgrade_behavior\":2,"
                                    "\"install_procedure_post_action\":1}");
    cJSON *jobs = deploy_jobs("{\"name\":\"u\",\"computer_ids\":[1],\"package_ids\":[3],"
                              "\"restart_timeout\":30}");
    expect_json(jobs, "0.procedure", "\"seedapp-uninstall.exe /S\"", "uninstall job");
    expect_json(jobs, "0.success_return_codes", "\"0,3010\"", "uninstall job");
    expect_json(jobs, "0.upgrade_behavior", "0", "uninstall job");
    expect_json(jobs, "0.is_uninstall", "1", "uninstall job");
    expect_json(jobs, "0.post_action", "0", "uninstall job");
    expect_json(jobs, "1.procedure", "\"new.exe\"", "install job");
    expect_json(jobs, "1.upgrade_behavior", "2", "install job");
    expect_json(jobs, "1.post_action", "1", "install job post action");
    expect_json(jobs, "1.post_action_timeout", "30", "restart_timeout");
    cJSON_Delete(jobs);
    soft_end();
}

/* ------------------------------------------------------------------ validation */

static const struct invalid_row {
    const char *data;
    int code;
    const char *en, *de;
} invalid_rows[] = {
    { "{\"computer_ids\":[1],\"package_ids\":[2]}", -32001, T_NAME_EMPTY, T_NAME_EMPTY_DE },
    { "{\"name\":\"\",\"computer_ids\":[1],\"package_ids\":[2]}", -32001, T_NAME_EMPTY,
      T_NAME_EMPTY_DE },
    { "{\"name\":\"  \",\"computer_ids\":[1],\"package_ids\":[2]}", -32001, T_NAME_EMPTY,
      T_NAME_EMPTY_DE },
    { "{\"name\":null,\"sequence_mode\":9}", -32001, T_NAME_EMPTY, T_NAME_EMPTY_DE },
    { "{\"name\":\"x\",\"restart_timeout\":0}", -32001, T_FILL, T_FILL_DE },
    { "{\"name\":\"x\",\"restart_timeout\":\"0\"}", -32001, T_FILL, T_FILL_DE },
    { "{\"name\":\"x\",\"restart_timeout\":\"\"}", -32001, T_FILL, T_FILL_DE },
    { "{\"name\":\"x\",\"restart_timeout\":false}", -32001, T_FILL, T_FILL_DE },
    { "{\"name\":\"x\",\"date_start\":\"\"}", -32001, T_FILL, T_FILL_DE },
    { "{\"name\":\"x\",\"date_start\":\"garbage\"}", -32001, T_FILL, T_FILL_DE },
    { "{\"name\":\"x\",\"restart_timeout\":0,\"date_end\":\"2000-01-01 00:00:00\"}", -32001,
      T_FILL, T_FILL_DE },
    { "{\"name\":\"x\",\"date_end\":\"2000-01-01 00:00:00\"}", -32001, T_END_BEFORE,
      T_END_BEFORE_DE },
    { "{\"name\":\"x\",\"date_start\":\"2030-01-01 10:00:00\",\"date_end\":\"2030-01-01 "
      "10:00:00\"}", -32001, T_END_BEFORE, T_END_BEFORE_DE },
    { "{\"name\":\"x\",\"date_start\":\"2030-01-01 10:00:00\",\"date_end\":\"2030-01-01 "
      "09:59:59\"}", -32001, T_END_BEFORE, T_END_BEFORE_DE },
    { "{\"name\":\"x\",\"date_end\":\"garbage\"}", -32001, T_END_BEFORE, T_END_BEFORE_DE },
    { "{\"name\":\"x\",\"date_end\":\"2000-01-01\",\"sequence_mode\":9}", -32001, T_END_BEFORE,
      T_END_BEFORE_DE },
    { "{\"name\":\"x\",\"sequence_mode\":2}", -32001, T_INVALID, T_INVALID_DE },
    { "{\"name\":\"x\",\"sequence_mode\":-1}", -32001, T_INVALID, T_INVALID_DE },
    /* F-OCO-022, PHP 8: "abc" != 0 and "abc" != 1 (CoreLogic::deploy compares with 0, 1) */
    { "{\"name\":\"x\",\"sequence_mode\":\"abc\"}", -32001, T_INVALID, T_INVALID_DE },
    { "{\"name\":\"x\",\"priority\":101}", -32001, T_INVALID, T_INVALID_DE },
    { "{\"name\":\"x\",\"priority\":-101}", -32001, T_INVALID, T_INVALID_DE },
    { "{\"name\":\"x\",\"priority\":\"500\"}", -32001, T_INVALID, T_INVALID_DE },
    /* PHP 8 compares a non-numeric string with a number as strings: "abc" > "100" */
    { "{\"name\":\"x\",\"priority\":\"abc\"}", -32001, T_INVALID, T_INVALID_DE },
    /* empty(trim("0")) is true in PHP */
    { "{\"name\":\"0\",\"computer_ids\":[1],\"package_ids\":[2]}", -32001, T_NAME_EMPTY,
      T_NAME_EMPTY_DE },
    { "{\"name\":\" 0 \",\"computer_ids\":[1],\"package_ids\":[2]}", -32001, T_NAME_EMPTY,
      T_NAME_EMPTY_DE },
    { "{\"name\":\"x\"}", -32001, T_NO_JOBS, T_NO_JOBS_DE },
    { "{\"name\":\"x\",\"computer_ids\":[1]}", -32001, T_NO_JOBS, T_NO_JOBS_DE },
    { "{\"name\":\"x\",\"package_ids\":[1]}", -32001, T_NO_JOBS, T_NO_JOBS_DE },
    { "{\"name\":\"x\",\"computer_ids\":[99],\"package_ids\":[1]}", -32001, T_NO_JOBS,
      T_NO_JOBS_DE },
    { "{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[99]}", -32001, T_NO_JOBS,
      T_NO_JOBS_DE },
    { "{\"name\":\"x\",\"computer_group_ids\":[1],\"package_ids\":[1]}", -32001, T_NO_JOBS,
      T_NO_JOBS_DE }, /* group 1 is empty */
    { "{\"name\":\"x\",\"computer_ids\":[1],\"package_group_ids\":[1]}", -32001, T_NO_JOBS,
      T_NO_JOBS_DE },
    { "{\"name\":\"x\",\"computer_report_ids\":[1002],\"package_ids\":[1]}", -32001,
      T_ONLY_SELECT, T_ONLY_SELECT },
    { "{\"name\":\"x\",\"computer_ids\":[1],\"package_report_ids\":[1004]}", -32001,
      T_ONLY_SELECT, T_ONLY_SELECT },
    { "{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[2],\"agent_ip_ranges\":[\"1.2.3\"]}",
      -32000, T_BAD_IP, T_BAD_IP_DE },
    { "{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[2],\"agent_ip_ranges\":"
      "[\"10.0.0.0/8\",\"nope\"]}", -32000, T_BAD_IP, T_BAD_IP_DE },
    { "{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[2],\"time_frames\":[\"always\"]}",
      -32000, T_BAD_TIME, T_BAD_TIME_DE },
};

/* reference 2 deploy "Validation order" 2-6, no_jobs_created, report guards, IP ranges and
 * time frames; nothing is created by a failed deploy (F-OCO-014). */
static void deploy_validation_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof invalid_rows / sizeof *invalid_rows; i++)
        expect_rpc_error("oco.job_container.deploy", invalid_rows[i].data, invalid_rows[i].code,
                         invalid_rows[i].en, invalid_rows[i].de);
    /* a broken report is -32000 with the SQL engine's message (F-OCO-071) */
    cJSON *j = rpc("oco.job_container.deploy",
                   "{\"name\":\"x\",\"computer_report_ids\":[1003],\"package_ids\":[1]}", NULL);
    if (jget(j, "error.code") == NULL || cJSON_GetNumberValue(jget(j, "error.code")) != -32000 ||
        !strstr(cJSON_GetStringValue(jget(j, "error.message")), "nowhere"))
        mismatch("deploy with report 1003: want -32000 naming the table nowhere");
    cJSON_Delete(j);
    ok_empty("oco.job_container.list", NULL);
    int64_t id = ok_new_id("oco.job_container.deploy",
                           "{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[2]}");
    if (id != 1)
        mismatch("first container after failed deploys: id %lld, want 1", (long long)id);
    soft_end();
}

/* reference 2 deploy: accepted edge values. */
static void deploy_accepts_edge_values(void **state)
{
    (void)state;
    const char *const datas[] = {
        "\"restart_timeout\":null", "\"sequence_mode\":1", "\"sequence_mode\":\"1\"",
        "\"sequence_mode\":\"0\"", "\"priority\":100", "\"priority\":-100", "\"priority\":\"7\"",
        "\"date_end\":\"\"", "\"date_end\":null", "\"date_start\":null", "\"name\":\" trimmed \"",
        "\"agent_ip_ranges\":[]", "\"time_frames\":[]", "\"restart_timeout\":\"15\"",
    };
    for (size_t i = 0; i < sizeof datas / sizeof *datas; i++) {
        oco_use("oco-parity");
        char *data = fmt("{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[2],%s}", datas[i]);
        long status;
        cJSON *j = rpc("oco.job_container.deploy", data, &status);
        if (!j || !jget(j, "result"))
            mismatch("deploy %s: want success, got HTTP %ld %s", datas[i], status,
                     j ? cJSON_GetStringValue(jget(j, "error.message")) : "");
        cJSON_Delete(j);
        free(data);
    }
    soft_end();
}

/* ------------------------------------------------------------------ times, WOL, container */

static const struct time_row {
    const char *extra;
    const char *start, *end; /* stored start_time / end_time (NULL: null) */
    int wol_sent;
} time_rows[] = {
    { "", NOW, NULL, 1 },
    { ",\"use_wol\":0", NOW, NULL, -1 },
    { ",\"use_wol\":\"0\"", NOW, NULL, -1 },
    { ",\"use_wol\":false", NOW, NULL, -1 },
    { ",\"use_wol\":\"yes\"", NOW, NULL, 1 },
    { ",\"date_start\":\"2030-01-01 08:00:00\"", "2030-01-01 08:00:00", NULL, 0 },
    { ",\"date_start\":\"2030-01-01 08:00:00\",\"use_wol\":0", "2030-01-01 08:00:00", NULL, -1 },
    { ",\"date_start\":\"2020-01-01 08:00:00\"", "2020-01-01 08:00:00", NULL, 1 },
    /* F-OCO-080: the forms clients send */
    { ",\"date_start\":\"2030-01-01 08:00\"", "2030-01-01 08:00:00", NULL, 0 },
    { ",\"date_start\":\"2030-01-01T08:00:00\"", "2030-01-01 08:00:00", NULL, 0 },
    { ",\"date_start\":\"2030-01-01T08:00:00Z\"", "2030-01-01 08:00:00", NULL, 0 },
    { ",\"date_start\":\"2030-01-01\"", "2030-01-01 00:00:00", NULL, 0 },
    { ",\"date_start\":\"now\"", NOW, NULL, 1 },
    { ",\"date_start\":\"@1893456000\"", "2030-01-01 00:00:00", NULL, 0 },
    { ",\"date_end\":\"2030-01-02\"", NOW, "2030-01-02 00:00:00", 1 },
    { ",\"date_start\":\"2030-01-01 08:00:00\",\"date_end\":\"2030-01-01 08:00:01\"",
      "2030-01-01 08:00:00", "2030-01-01 08:00:01", 0 },
};

/* reference 2 deploy: start/end times, wol_sent (1 sent now, 0 later, -1 off; F-OCO-051). */
static void deploy_times_and_wol(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof time_rows / sizeof *time_rows; i++) {
        oco_use("oco-parity");
        oco_freeze_clock(NOW);
        char *data = fmt("{\"name\":\"t\",\"computer_ids\":[1],\"package_ids\":[2]%s}",
                         time_rows[i].extra);
        ok_new_id("oco.job_container.deploy", data);
        cJSON *c = ok("oco.job_container.list", NULL);
        expect_str(c, "0.start_time", time_rows[i].start, data);
        expect_str(c, "0.end_time", time_rows[i].end, data);
        expect_num(c, "0.wol_sent", time_rows[i].wol_sent, data);
        expect_str(c, "0.created", NOW, data);
        cJSON_Delete(c);
        free(data);
    }
    soft_end();
}

/* reference 2 deploy: container columns from the parameters; IP ranges and time frames
 * joined with ", " (NULL when none). */
static void deploy_container_columns(void **state)
{
    (void)state;
    ok_new_id("oco.job_container.deploy",
              "{\"name\":\" Full \",\"description\":\"desc\",\"computer_ids\":[1],"
              "\"package_ids\":[2],\"sequence_mode\":1,\"priority\":-5,"
              "\"shutdown_waked_after_completion\":1,\"date_start\":\"2030-01-01 08:00:00\","
              "\"agent_ip_ranges\":[\"10.0.0.0/8\",\"\",\"!192.168.1.1\"],"
              "\"time_frames\":[\"MON 08:00-12:00\",\"13:00-17:30\"]}");
    cJSON *c = ok("oco.job_container.list", NULL);
    /* F-OCO-022: only the emptiness check trims (the name is stored as given) */
    expect_str(c, "0.name", " Full ", "name as given");
    expect_str(c, "0.notes", "desc", "description");
    expect_num(c, "0.sequence_mode", 1, "sequence_mode");
    expect_num(c, "0.priority", -5, "priority");
    expect_num(c, "0.shutdown_waked_after_completion", 1, "shutdown flag");
    expect_str(c, "0.agent_ip_ranges", "10.0.0.0/8, !192.168.1.1", "IP ranges");
    expect_str(c, "0.time_frames", "MON 08:00-12:00, 13:00-17:30", "time frames");
    expect_num(c, "0.enabled", 1, "enabled");
    expect_num(c, "0.self_service", 0, "self_service");
    cJSON_Delete(c);
    soft_end();
}

/* reference 2 deploy (OBSERVED): starting now with WOL and shutdown_waked_after_completion,
 * an offline computer's last job with post action 0 or 3 gets post action 2 and
 * wol_shutdown_set = now. SEED-PC last pinged in 2024: offline. */
static void deploy_shutdown_of_waked_computers(void **state)
{
    (void)state;
    static const struct {
        const char *extra;
        int last_post_action;
        bool set;
    } rows[] = {
        { ",\"shutdown_waked_after_completion\":1", 2, true },
        { ",\"shutdown_waked_after_completion\":1,\"use_wol\":0", 0, false },
        { ",\"shutdown_waked_after_completion\":1,\"date_start\":\"2030-01-01\"", 0, false },
        { ",\"shutdown_waked_after_completion\":0", 0, false },
        { "", 0, false },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        oco_use("oco-parity");
        oco_freeze_clock(NOW);
        char *data = fmt("{\"name\":\"s\",\"computer_ids\":[1],\"package_ids\":[1],"
                         "\"force_install_same_version\":1%s}",
                         rows[i].extra);
        cJSON *jobs = deploy_jobs(data);
        int n = cJSON_GetArraySize(jobs);
        char path[32];
        snprintf(path, sizeof path, "%d.post_action", n - 1);
        expect_num(jobs, path, rows[i].last_post_action, data);
        snprintf(path, sizeof path, "%d.wol_shutdown_set", n - 1);
        expect_str(jobs, path, rows[i].set ? NOW : NULL, data);
        expect_num(jobs, "0.post_action", 0, data); /* only the last job */
        cJSON_Delete(jobs);
        free(data);
    }
    soft_end();
}

/* ------------------------------------------------------------------ uninstall */

/* F-OCO-081, reference 2 job_container.uninstall: {"id":null}; one job per given id, no
 * dedupe, sequence 0, the uninstall procedure; the installation row stays; time_frames ''. */
static void uninstall_creates_jobs_and_returns_null(void **state)
{
    (void)state;
    oco_freeze_clock(NOW);
    cJSON *d = ok("oco.job_container.uninstall",
                  "{\"name\":\"U\",\"description\":\"un\",\"installation_ids\":[1,1,\"1\",99]}");
    expect_json(d, "", "{\"id\":null}", "uninstall reply");
    cJSON_Delete(d);
    cJSON *c = ok("oco.job_container.list", NULL);
    expect_len(c, "", 1, "containers");
    expect_num(c, "0.id", 1, "container id");
    expect_str(c, "0.name", "U", "container");
    expect_str(c, "0.notes", "un", "container");
    expect_str(c, "0.time_frames", "", "time_frames is '' for uninstall");
    expect_str(c, "0.agent_ip_ranges", NULL, "agent_ip_ranges");
    expect_num(c, "0.wol_sent", 1, "wol_sent");
    cJSON_Delete(c);
    cJSON *jobs = ok("oco.job_container.job.list", "{\"id\":1}");
    expect_jobs(jobs, "1:1:1:0:0 1:1:1:0:0 1:1:1:0:0", "uninstall jobs");
    expect_keys_each(jobs, STATIC_JOB_KEYS, "uninstall job");
    expect_json(jobs, "0.procedure", "\"seedapp-uninstall.exe /S\"", "uninstall job");
    expect_json(jobs, "0.success_return_codes", "\"0,3010\"", "uninstall job");
    expect_json(jobs, "0.upgrade_behavior", "0", "uninstall job");
    expect_json(jobs, "0.download", "0", "uninstall job");
    cJSON_Delete(jobs);
    d = ok("oco.computer.get", "{\"id\":1}");
    expect_len(d, "installed_packages", 1, "installation stays");
    expect_len(d, "pending_jobs", 3, "pending uninstall jobs");
    cJSON_Delete(d);
    /* the next container is 2 */
    assert_int_equal(ok_new_id("oco.job_container.deploy",
                               "{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[2]}"),
                     2);
    soft_end();
}

static void uninstall_validation(void **state)
{
    (void)state;
    static const struct invalid_row rows[] = {
        { "{\"installation_ids\":[1]}", -32001, T_NAME_EMPTY, T_NAME_EMPTY_DE },
        { "{\"name\":\" \",\"installation_ids\":[1]}", -32001, T_NAME_EMPTY, T_NAME_EMPTY_DE },
        { "{\"name\":\"u\",\"installation_ids\":[1],\"restart_timeout\":0}", -32001, T_FILL,
          T_FILL_DE },
        { "{\"name\":\"u\",\"installation_ids\":[1],\"date_start\":\"x\"}", -32001, T_FILL,
          T_FILL_DE },
        { "{\"name\":\"u\",\"installation_ids\":[1],\"date_end\":\"2000-01-01\"}", -32001,
          T_END_BEFORE, T_END_BEFORE_DE },
        { "{\"name\":\"u\",\"installation_ids\":[1],\"sequence_mode\":3}", -32001, T_INVALID,
          T_INVALID_DE },
        { "{\"name\":\"u\",\"installation_ids\":[1],\"priority\":1000}", -32001, T_INVALID,
          T_INVALID_DE },
        { "{\"name\":\"u\"}", -32001, T_NO_JOBS, T_NO_JOBS_DE },
        { "{\"name\":\"u\",\"installation_ids\":[]}", -32001, T_NO_JOBS, T_NO_JOBS_DE },
        { "{\"name\":\"u\",\"installation_ids\":[99,0]}", -32001, T_NO_JOBS, T_NO_JOBS_DE },
        { "{\"name\":\"u\",\"installation_ids\":[1],\"agent_ip_ranges\":[\"x\"]}", -32000,
          T_BAD_IP, T_BAD_IP_DE },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        expect_rpc_error("oco.job_container.uninstall", rows[i].data, rows[i].code, rows[i].en,
                         rows[i].de);
    ok_empty("oco.job_container.list", NULL);
    soft_end();
}

/* ------------------------------------------------------------------ removals */

/* reference 2 remove_installation_assignment: [], the row goes; a second call -32003. */
static void remove_installation_assignment(void **state)
{
    (void)state;
    ok_empty("oco.remove_installation_assignment", "{\"id\":\"1x\"}");
    cJSON *d = ok("oco.computer.get", "{\"id\":1}");
    expect_json(d, "installed_packages", "[]", "after removing the assignment");
    cJSON_Delete(d);
    const char *const missing[] = { "{\"id\":1}", "{\"id\":2}", "{}", "{\"id\":\"abc\"}" };
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
        expect_rpc_error("oco.remove_installation_assignment", missing[i], -32003, T_NOT_FOUND,
                         T_NOT_FOUND_DE);
    /* package 1 is no longer installed: deploying it gives state 0 */
    cJSON *jobs = deploy_jobs("{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[1]}");
    expect_jobs(jobs, "1:2:0:1:0 1:1:0:2:0", "after the assignment is gone");
    cJSON_Delete(jobs);
    soft_end();
}

/* reference 2 job_container.remove / job.remove. */
static void remove_containers_and_jobs(void **state)
{
    (void)state;
    ok_new_id("oco.job_container.deploy", "{\"name\":\"a\",\"computer_ids\":[1],\"package_ids\":[1]}");
    ok_new_id("oco.job_container.deploy", "{\"name\":\"b\",\"computer_ids\":[1],\"package_ids\":[2]}");
    ok_empty("oco.job_container.job.remove", "{\"id\":\"1\"}");
    cJSON *jobs = ok("oco.job_container.job.list", "{\"id\":1}");
    expect_jobs(jobs, "1:1:0:2:-5", "container 1 after removing job 1");
    cJSON_Delete(jobs);
    const char *const missing_jobs[] = { "{\"id\":1}", "{\"id\":99}", "{}" };
    for (size_t i = 0; i < 3; i++)
        expect_rpc_error("oco.job_container.job.remove", missing_jobs[i], -32003, T_NOT_FOUND,
                         T_NOT_FOUND_DE);
    ok_empty("oco.job_container.remove", "{\"id\":1}");
    cJSON *c = ok("oco.job_container.list", NULL);
    expect_len(c, "", 1, "containers after removing 1");
    expect_num(c, "0.id", 2, "remaining container");
    cJSON_Delete(c);
    expect_rpc_error("oco.job_container.job.list", "{\"id\":1}", -32003, T_NOT_FOUND, NULL);
    /* its jobs are gone: job 2 was in container 1 */
    expect_rpc_error("oco.job_container.job.remove", "{\"id\":2}", -32003, T_NOT_FOUND, NULL);
    const char *const missing[] = { "{\"id\":1}", "{\"id\":99}", "{}", "{\"id\":\"x\"}" };
    for (size_t i = 0; i < 4; i++)
        expect_rpc_error("oco.job_container.remove", missing[i], -32003, T_NOT_FOUND,
                         T_NOT_FOUND_DE);
    /* ids are not reused */
    assert_int_equal(ok_new_id("oco.job_container.deploy",
                               "{\"name\":\"c\",\"computer_ids\":[1],\"package_ids\":[2]}"),
                     3);
    jobs = ok("oco.job_container.job.list", "{\"id\":3}");
    expect_num(jobs, "0.id", 4, "job ids are not reused");
    cJSON_Delete(jobs);
    soft_end();
}

/* ------------------------------------------------------------------ deployment rules */

/* reference 2 deployment_rule.list / job.list on parity. */
static void rule_list_on_parity(void **state)
{
    (void)state;
    cJSON *d = ok("oco.deployment_rule.list", NULL);
    expect_keys_each(d, RULE_KEYS, "rule");
    expect_json(d, "",
                "[{\"id\":1,\"name\":\"Office Standard\",\"notes\":\"seeded rule\",\"enabled\":1,"
                "\"computer_group_id\":1,\"package_group_id\":1,\"sequence_mode\":0,"
                "\"priority\":0,\"post_action_timeout\":5,\"created\":\"2024-01-01 12:00:00\","
                "\"created_by_system_user_id\":1,\"created_by_system_user_username\":\"admin\"}]",
                "deployment_rule.list");
    cJSON_Delete(d);
    ok_empty("oco.deployment_rule.job.list", "{\"id\":1}");
    const char *const missing[] = { "{\"id\":2}", "{}", "{\"id\":0}" };
    for (size_t i = 0; i < 3; i++)
        expect_rpc_error("oco.deployment_rule.job.list", missing[i], -32003, T_NOT_FOUND,
                         T_NOT_FOUND_DE);
    soft_end();
}

static const struct rule_row {
    const char *label;
    const char *steps[6]; /* method|data, run in order */
    const char *jobs;     /* the rule's jobs afterwards (expect_jobs format) */
} rule_rows[] = {
    { "computer joins group 1, package group empty",
      { "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":1}", NULL }, "" },
    { "package group gains package 2, group 1 empty",
      { "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":1}", NULL }, "" },
    { "computer joins after the package",
      { "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":1}",
        "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":1}", NULL },
      "1:2:0:1:0" },
    { "package joins after the computer; installed package 1 is -5",
      { "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":1,\"package_group_id\":1}", NULL },
      "1:2:0:1:0 1:1:0:2:-5" },
    { "computer leaves group 1",
      { "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":1}",
        "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":1}",
        "oco.computer.remove_from_group|{\"computer_id\":1,\"computer_group_id\":1}", NULL },
      "" },
    { "package leaves package group 1",
      { "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":1,\"package_group_id\":1}",
        "oco.package.remove_from_group|{\"package_id\":2,\"package_group_id\":1}", NULL },
      "1:1:0:1:-5" },
    { "member of subgroup 2 only: not a direct member",
      { "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":1}",
        "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":2}", NULL },
      "" },
    { "package in subgroup 2 only",
      { "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":2}", NULL },
      "" },
    { "installation assignment removed: -5 becomes 0 (F-OCO-060)",
      { "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":1,\"package_group_id\":1}",
        "oco.remove_installation_assignment|{\"id\":1}", NULL },
      "1:1:0:1:0" },
    { "two computers, by computer then sequence",
      { "oco.computer.create|{\"hostname\":\"AAA\"}",
        "oco.computer.add_to_group|{\"computer_id\":2,\"computer_group_id\":1}",
        "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":1,\"package_group_id\":1}", NULL },
      "1:1:0:1:-5 2:1:0:1:0" },
    { "a removed computer's rule jobs go",
      { "oco.computer.create|{\"hostname\":\"AAA\"}",
        "oco.computer.add_to_group|{\"computer_id\":2,\"computer_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":1}",
        "oco.computer.remove|{\"id\":2}", NULL },
      "" },
    { "a removed package's rule jobs go",
      { "oco.computer.add_to_group|{\"computer_id\":1,\"computer_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":2,\"package_group_id\":1}",
        "oco.package.add_to_group|{\"package_id\":1,\"package_group_id\":1}",
        "oco.package.remove|{\"id\":1}", NULL },
      "1:2:0:1:0" },
};

/* F-OCO-060, reference 2 "Rule evaluation": membership changes recompute rule 1's jobs. */
static void rule_evaluation_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rule_rows / sizeof *rule_rows; i++) {
        const struct rule_row *r = &rule_rows[i];
        oco_use("oco-parity");
        for (size_t s = 0; s < 6 && r->steps[s]; s++) {
            char method[64];
            const char *bar = strchr(r->steps[s], '|');
            snprintf(method, sizeof method, "%.*s", (int)(bar - r->steps[s]), r->steps[s]);
            cJSON_Delete(ok(method, bar + 1));
        }
        cJSON *jobs = ok("oco.deployment_rule.job.list", "{\"id\":1}");
        expect_jobs(jobs, r->jobs, r->label);
        expect_keys_each(jobs, DYNAMIC_JOB_KEYS, r->label);
        cJSON_Delete(jobs);
    }
    soft_end();
}

/* reference 2 rule jobs: DynamicJob fields; deployment_rule_name etc. are null here. */
static void rule_job_fields(void **state)
{
    (void)state;
    ok_empty("oco.computer.add_to_group", "{\"computer_id\":1,\"computer_group_id\":1}");
    ok_empty("oco.package.add_to_group", "{\"package_id\":2,\"package_group_id\":1}");
    cJSON *jobs = ok("oco.deployment_rule.job.list", "{\"id\":\"1\"}");
    expect_json(jobs, "",
                "[{\"id\":1,\"computer_id\":1,\"package_id\":2,\"procedure\":\"runtime-setup.exe\","
                "\"success_return_codes\":\"0\",\"upgrade_behavior\":0,\"is_uninstall\":0,"
                "\"download\":0,\"post_action\":0,\"post_action_timeout\":5,\"sequence\":1,"
                "\"state\":0,\"download_progress\":null,\"return_code\":null,\"message\":\"\","
                "\"wol_shutdown_set\":null,\"download_started\":null,\"execution_started\":null,"
                "\"execution_finished\":null,\"computer_hostname\":\"SEED-PC\","
                "\"package_family_name\":\"SeedRuntime\",\"package_version\":\"2.0\","
                "\"deployment_rule_id\":1,\"deployment_rule_name\":null,"
                "\"deployment_rule_created_by_system_user_id\":null,"
                "\"deployment_rule_enabled\":null,\"deployment_rule_sequence_mode\":null,"
                "\"deployment_rule_priority\":null}]",
                "rule job");
    cJSON_Delete(jobs);
    soft_end();
}

/* F-OCO-040: pending_jobs of computer.get merge static and rule jobs in states 0-2, by
 * priority descending, then sequence. */
static void pending_jobs_merge_static_and_rule_jobs(void **state)
{
    (void)state;
    ok_empty("oco.computer.add_to_group", "{\"computer_id\":1,\"computer_group_id\":1}");
    ok_empty("oco.package.add_to_group", "{\"package_id\":2,\"package_group_id\":1}");
    /* a static job with priority 5: before the rule's (priority 0) */
    ok_new_id("oco.package.create", "{\"package_family_name\":\"P\",\"version\":\"1\","
                                    "\"install_procedure\":\"p.exe\"}");
    ok_new_id("oco.job_container.deploy", "{\"name\":\"prio\",\"computer_ids\":[1],"
                                          "\"package_ids\":[3],\"priority\":5}");
    /* and one with priority -5: after it */
    ok_new_id("oco.job_container.deploy", "{\"name\":\"low\",\"computer_ids\":[1],"
                                          "\"package_ids\":[2],\"priority\":-5}");
    cJSON *d = ok("oco.computer.get", "{\"id\":1}");
    cJSON *p = jget(d, "pending_jobs");
    expect_len(p, "", 3, "pending jobs");
    expect_num(p, "0.package_id", 3, "first: priority 5");
    expect_str(p, "0.job_container_name", "prio", "first");
    expect_num(p, "1.package_id", 2, "second: the rule's job, priority 0");
    expect_num(p, "1.deployment_rule_id", 1, "second");
    expect_num(p, "2.package_id", 2, "third: priority -5");
    expect_str(p, "2.job_container_name", "low", "third");
    cJSON_Delete(d);
    soft_end();
}

/* Two job containers for SEED-PC (computer 1), package 1, with priorities a fixture may
 * hold but the API never takes: past int's range both ways. */
static void add_extreme_priority_jobs(cJSON *oco_section)
{
    cJSON *tables = cJSON_GetObjectItemCaseSensitive(oco_section, "tables");
    cJSON *containers = cJSON_Parse(
        "[{\"id\":1,\"name\":\"lowest\",\"start_time\":\"2024-01-01 12:00:00\","
        "\"priority\":-1e300,\"created\":\"2024-01-01 12:00:00\"},"
        "{\"id\":2,\"name\":\"highest\",\"start_time\":\"2024-01-01 12:00:00\","
        "\"priority\":1e300,\"created\":\"2024-01-01 12:00:00\"}]");
    cJSON *jobs = cJSON_Parse(
        "[{\"id\":1,\"job_container_id\":1,\"computer_id\":1,\"package_id\":1,"
        "\"procedure\":\"low.exe\"},{\"id\":2,\"job_container_id\":2,\"computer_id\":1,"
        "\"package_id\":1,\"procedure\":\"high.exe\"}]");
    assert_non_null(containers);
    assert_non_null(jobs);
    cJSON_AddItemToObject(tables, "job_container", containers);
    cJSON_AddItemToObject(tables, "job_container_job", jobs);
    cJSON *next = cJSON_GetObjectItemCaseSensitive(oco_section, "nextIds");
    cJSON_ReplaceItemInObjectCaseSensitive(next, "job_container", cJSON_CreateNumber(3));
    cJSON_ReplaceItemInObjectCaseSensitive(next, "job_container_job", cJSON_CreateNumber(3));
}

/* F-OCO-040 with priorities past int's range (from a fixture): still highest first, and no
 * signed overflow while comparing them (UBSan in scripts/test's second pass). */
static void pending_jobs_with_extreme_priorities(void **state)
{
    (void)state;
    oco_use(oco_fixture_variant("oco-parity", add_extreme_priority_jobs));
    cJSON *d = ok("oco.computer.get", "{\"id\":1}");
    cJSON *p = jget(d, "pending_jobs");
    expect_len(p, "", 2, "pending jobs");
    expect_str(p, "0.job_container_name", "highest", "first");
    expect_str(p, "1.job_container_name", "lowest", "second");
    cJSON_Delete(d);
    soft_end();
}

int main(void)
{
    oco.fixture = "oco-parity";
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, oco_fresh)
        T(deploy_on_parity_and_list_shapes),
        T(deploy_expansion_table),
        T(uninstall_job_of_an_upgrade),
        T(deploy_validation_table),
        T(deploy_accepts_edge_values),
        T(deploy_times_and_wol),
        T(deploy_container_columns),
        T(deploy_shutdown_of_waked_computers),
        T(uninstall_creates_jobs_and_returns_null),
        T(uninstall_validation),
        T(remove_installation_assignment),
        T(remove_containers_and_jobs),
        T(rule_list_on_parity),
        T(rule_evaluation_table),
        T(rule_job_fields),
        T(pending_jobs_merge_static_and_rule_jobs),
        T(pending_jobs_with_extreme_priorities),
#undef T
    };
    return OCO_RUN(tests);
}
