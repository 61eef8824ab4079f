/*
 * OCO oco.package_family.list and oco.package.* over real HTTP on "oco-parity": shapes and
 * key order (reference/oco.md "Object shapes"), create with its defaults, order of checks,
 * strict base64 files and collation of family names and versions (F-OCO-021), groups with
 * sequences, remove with force and dependencies.
 */
#include "oco_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PKG(extra)                                                                                \
    "{\"package_family_name\":\"NewApp\",\"version\":\"1.0\",\"install_procedure\":\"setup.exe\"" \
    extra "}"

/* ------------------------------------------------------------------ families */

/* reference 2 package_family.list: PackageFamily objects by name; icon null (no blob). */
static void family_list_on_parity(void **state)
{
    (void)state;
    const char *const datas[] = { NULL, "{}", "{\"show_icons\":true}", "{\"show_icons\":false}" };
    for (size_t i = 0; i < sizeof datas / sizeof *datas; i++) {
        cJSON *d = ok("oco.package_family.list", datas[i]);
        expect_keys_each(d, FAMILY_KEYS, "family");
        expect_json(d, "",
                    "[{\"id\":1,\"name\":\"SeedApp\",\"license_count\":null,\"notes\":\"seeded "
                    "family\",\"icon\":null,\"package_count\":1,\"install_count\":1,"
                    "\"newest_package_created\":\"2024-01-01 12:00:00\","
                    "\"oldest_package_created\":\"2024-01-01 12:00:00\"},"
                    "{\"id\":2,\"name\":\"SeedRuntime\",\"license_count\":null,\"notes\":\"\","
                    "\"icon\":null,\"package_count\":1,\"install_count\":0,"
                    "\"newest_package_created\":\"2024-01-01 12:00:00\","
                    "\"oldest_package_created\":\"2024-01-01 12:00:00\"}]",
                    datas[i] ? datas[i] : "family.list");
        cJSON_Delete(d);
    }
    soft_end();
}

/* ------------------------------------------------------------------ package.list */

/* reference 2 package.list: family -> all its packages and the ROOT package groups; group ->
 * members by sequence and child groups; group wins; neither -> fixed English -32001. */
static void package_list_by_family_and_group(void **state)
{
    (void)state;
    cJSON *d = ok("oco.package.list", "{\"package_family_id\":1}");
    expect_keys(d, KEYS("name", "packages", "groups"), "family 1");
    expect_str(d, "name", "SeedApp", "family 1");
    expect_len(d, "packages", 1, "family 1");
    expect_keys_each(jget(d, "packages"), PACKAGE_KEYS, "family 1 packages");
    expect_json(d, "packages.0",
                "{\"id\":1,\"version\":\"1.0\",\"notes\":\"seeded package\",\"install_procedure\":"
                "\"seedapp-setup.exe /S\",\"install_procedure_success_return_codes\":\"0\","
                "\"install_procedure_post_action\":0,\"upgrade_behavior\":2,"
                "\"uninstall_procedure\":\"seedapp-uninstall.exe /S\","
                "\"uninstall_procedure_success_return_codes\":\"0,3010\","
                "\"download_for_uninstall\":0,\"uninstall_procedure_post_action\":0,"
                "\"line_endings\":null,\"compatible_os\":\"Windows\",\"compatible_os_version\":\"\","
                "\"compatible_architecture\":\"x64\",\"license_count\":null,\"created\":"
                "\"2024-01-01 12:00:00\",\"created_by_system_user_id\":1,\"updated\":null,"
                "\"updated_by_system_user_id\":null,\"package_group_member_sequence\":null,"
                "\"package_family_id\":1,\"package_family_name\":\"SeedApp\","
                "\"package_family_icon\":null,\"created_by_system_user_username\":\"admin\","
                "\"install_count\":1}",
                "family 1");
    expect_json(d, "groups", "[{\"id\":1,\"parent_package_group_id\":null,\"name\":\"Standard\"}]",
                "family 1 groups (root groups)");
    cJSON_Delete(d);
    d = ok("oco.package.list", "{\"package_family_id\":\"2\"}");
    expect_str(d, "packages.0.compatible_os", NULL, "family 2 package 2 compatible_os (NULL)");
    expect_num(d, "packages.0.upgrade_behavior", 0, "package 2");
    cJSON_Delete(d);

    /* group 1: members by sequence */
    ok_empty("oco.package.add_to_group", "{\"package_id\":2,\"package_group_id\":1}");
    ok_empty("oco.package.add_to_group", "{\"package_id\":1,\"package_group_id\":1}");
    ok_empty("oco.package.add_to_group", "{\"package_id\":2,\"package_group_id\":1}"); /* again */
    const char *const by_group[] = { "{\"package_group_id\":1}",
                                     "{\"package_group_id\":1,\"package_family_id\":2}",
                                     "{\"package_group_id\":\"1\",\"package_family_id\":99}" };
    for (size_t i = 0; i < 3; i++) {
        d = ok("oco.package.list", by_group[i]);
        expect_keys(d, KEYS("name", "packages", "groups"), by_group[i]);
        expect_str(d, "name", "Standard", by_group[i]);
        expect_len(d, "packages", 2, by_group[i]);
        expect_keys_each(jget(d, "packages"), PACKAGE_KEYS, by_group[i]);
        expect_num(d, "packages.0.id", 2, by_group[i]);
        expect_num(d, "packages.0.package_group_member_sequence", 1, by_group[i]);
        expect_num(d, "packages.1.id", 1, by_group[i]);
        expect_num(d, "packages.1.package_group_member_sequence", 2, by_group[i]);
        expect_json(d, "groups",
                    "[{\"id\":2,\"parent_package_group_id\":1,\"name\":\"Standard Extras\"}]",
                    by_group[i]);
        cJSON_Delete(d);
    }
    /* remove renumbers 1..n */
    ok_empty("oco.package.remove_from_group", "{\"package_id\":2,\"package_group_id\":1}");
    ok_empty("oco.package.remove_from_group", "{\"package_id\":2,\"package_group_id\":1}");
    d = ok("oco.package.list", "{\"package_group_id\":1}");
    expect_len(d, "packages", 1, "after remove");
    expect_num(d, "packages.0.id", 1, "after remove");
    expect_num(d, "packages.0.package_group_member_sequence", 1, "renumbered");
    cJSON_Delete(d);
    ok_empty("oco.package.add_to_group", "{\"package_id\":2,\"package_group_id\":1}");
    d = ok("oco.package.list", "{\"package_group_id\":1}");
    expect_num(d, "packages.1.id", 2, "appended");
    expect_num(d, "packages.1.package_group_member_sequence", 2, "max+1");
    cJSON_Delete(d);
    d = ok("oco.package.list", "{\"package_group_id\":2}");
    expect_json(d, "", "{\"name\":\"Standard Extras\",\"packages\":[],\"groups\":[]}", "group 2");
    cJSON_Delete(d);

    const char *const neither[] = { NULL, "{}", "{\"package_family_id\":0}",
                                    "{\"package_group_id\":\"\",\"package_family_id\":null}",
                                    "{\"package_family_id\":\"0\"}" };
    for (size_t i = 0; i < sizeof neither / sizeof *neither; i++)
        expect_rpc_error("oco.package.list", neither[i], -32001, T_FAMILY_OR_GROUP,
                         T_FAMILY_OR_GROUP);
    expect_rpc_error("oco.package.list", "{\"package_family_id\":99}", -32003, T_NOT_FOUND,
                     T_NOT_FOUND_DE);
    expect_rpc_error("oco.package.list", "{\"package_group_id\":99}", -32003, T_NOT_FOUND,
                     T_NOT_FOUND_DE);
    soft_end();
}

/* ------------------------------------------------------------------ package.get */

/* reference 2 package.get: general (+ updated_by_system_user_username), groups,
 * installations (family name and version null), pending_jobs. */
static void package_get_shape(void **state)
{
    (void)state;
    ok_empty("oco.package.add_to_group", "{\"package_id\":1,\"package_group_id\":2}");
    const char *const ids[] = { "{\"id\":1}", "{\"id\":\"1\"}", "{\"id\":1,\"show_icons\":true}" };
    for (size_t i = 0; i < 3; i++) {
        cJSON *d = ok("oco.package.get", ids[i]);
        expect_keys(d, KEYS("general", "groups", "installations", "pending_jobs"), ids[i]);
        expect_keys(jget(d, "general"), PACKAGE_GET_KEYS, ids[i]);
        expect_str(d, "general.updated_by_system_user_username", NULL, ids[i]);
        expect_str(d, "general.package_family_icon", NULL, ids[i]);
        expect_json(d, "groups",
                    "[{\"id\":2,\"parent_package_group_id\":1,\"name\":\"Standard Extras\"}]",
                    ids[i]);
        expect_json(d, "installations",
                    "[{\"id\":1,\"computer_id\":1,\"package_id\":1,\"installed_procedure\":"
                    "\"seedapp-setup.exe /S\",\"installed_by_system_user_id\":1,"
                    "\"installed_by_domain_user_id\":null,\"installed\":\"2024-01-01 12:00:00\","
                    "\"computer_hostname\":\"SEED-PC\",\"package_family_id\":1,"
                    "\"package_family_name\":null,\"package_version\":null,"
                    "\"installed_by_system_user_username\":\"admin\","
                    "\"installed_by_domain_user_username\":null}]",
                    ids[i]);
        expect_json(d, "pending_jobs", "[]", ids[i]);
        cJSON_Delete(d);
    }
    /* a pending job shows with computer_id and hostname filled */
    ok_new_id("oco.job_container.deploy", "{\"name\":\"j\",\"computer_ids\":[1],\"package_ids\":[2]}");
    cJSON *d = ok("oco.package.get", "{\"id\":2}");
    expect_len(d, "pending_jobs", 1, "package 2 pending");
    expect_num(d, "pending_jobs.0.computer_id", 1, "pending job");
    expect_str(d, "pending_jobs.0.computer_hostname", "SEED-PC", "pending job");
    expect_num(d, "pending_jobs.0.state", 0, "pending job");
    expect_str(d, "pending_jobs.0.job_container_name", "j", "pending job (last key)");
    cJSON *last = jget(d, "pending_jobs.0");
    if (last && last->child) {
        cJSON *k = last->child;
        while (k->next)
            k = k->next;
        if (strcmp(k->string, "job_container_name") != 0)
            mismatch("pending_jobs: the last key is %s, want job_container_name", k->string);
    }
    cJSON_Delete(d);
    const char *const missing[] = { "{\"id\":99}", "{}", "{\"id\":0}", "{\"id\":null}" };
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
        expect_rpc_error("oco.package.get", missing[i], -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    soft_end();
}

/* ------------------------------------------------------------------ package.create */

/* reference 2 package.create: {"id":"3"}, the API's defaults, description -> notes, an
 * unknown family is created with notes ''. */
static void create_with_defaults_and_new_family(void **state)
{
    (void)state;
    int64_t id = ok_new_id("oco.package.create", PKG(",\"description\":\"d/e\""));
    assert_int_equal(id, 3);
    cJSON *d = ok("oco.package.get", "{\"id\":3}");
    cJSON *g = jget(d, "general");
    expect_keys(g, PACKAGE_GET_KEYS, "new package");
    expect_json(g, "version", "\"1.0\"", "new package");
    expect_json(g, "notes", "\"d/e\"", "description -> notes");
    expect_json(g, "install_procedure", "\"setup.exe\"", "new package");
    expect_json(g, "install_procedure_success_return_codes", "\"0\"", "default");
    expect_json(g, "install_procedure_post_action", "0", "default");
    expect_json(g, "upgrade_behavior", "0", "default 0 via the API");
    expect_json(g, "uninstall_procedure", "\"\"", "default");
    expect_json(g, "uninstall_procedure_success_return_codes", "\"0\"", "default");
    expect_json(g, "download_for_uninstall", "0", "default");
    expect_json(g, "uninstall_procedure_post_action", "0", "default");
    expect_json(g, "line_endings", "null", "default");
    expect_json(g, "compatible_os", "\"\"", "default");
    expect_json(g, "compatible_os_version", "\"\"", "default");
    expect_json(g, "compatible_architecture", "\"\"", "default");
    expect_json(g, "license_count", "null", "default");
    expect_json(g, "created_by_system_user_id", "1", "creator");
    expect_json(g, "created_by_system_user_username", "\"admin\"", "creator");
    expect_json(g, "package_family_id", "3", "new family id");
    expect_json(g, "package_family_name", "\"NewApp\"", "new family");
    expect_json(g, "install_count", "0", "new package");
    cJSON_Delete(d);
    d = ok("oco.package_family.list", NULL);
    expect_len(d, "", 3, "families");
    expect_json(d, "0.name", "\"NewApp\"", "family 3 sorted by name");
    expect_json(d, "0.notes", "\"\"", "family 3 notes");
    expect_json(d, "0.id", "3", "family 3 id");
    expect_json(d, "0.package_count", "1", "family 3");
    cJSON_Delete(d);

    /* every parameter given */
    id = ok_new_id("oco.package.create",
                   "{\"package_family_name\":\"Full\",\"version\":\"2\",\"license_count\":7,"
                   "\"description\":\"x\",\"install_procedure\":\"i\","
                   "\"install_procedure_success_return_codes\":\"0,1\","
                   "\"install_procedure_post_action\":1,\"upgrade_behavior\":2,"
                   "\"uninstall_procedure\":\"u\",\"uninstall_procedure_success_return_codes\":\"3\","
                   "\"download_for_uninstall\":1,\"uninstall_procedure_post_action\":2,"
                   "\"compatible_os\":\"Windows\",\"compatible_os_version\":\"10\","
                   "\"compatible_architecture\":\"x64\"}");
    d = okf("oco.package.get", "{\"id\":%lld}", (long long)id);
    g = jget(d, "general");
    expect_json(g, "license_count", "7", "full");
    expect_json(g, "install_procedure_success_return_codes", "\"0,1\"", "full");
    expect_json(g, "install_procedure_post_action", "1", "full");
    expect_json(g, "upgrade_behavior", "2", "full");
    expect_json(g, "uninstall_procedure", "\"u\"", "full");
    expect_json(g, "uninstall_procedure_success_return_codes", "\"3\"", "full");
    expect_json(g, "download_for_uninstall", "1", "full");
    expect_json(g, "uninstall_procedure_post_action", "2", "full");
    expect_json(g, "compatible_os", "\"Windows\"", "full");
    expect_json(g, "compatible_os_version", "\"10\"", "full");
    expect_json(g, "compatible_architecture", "\"x64\"", "full");
    cJSON_Delete(d);
    /* a negative licence count is NULL */
    id = ok_new_id("oco.package.create", "{\"package_family_name\":\"Neg\",\"version\":\"1\","
                                         "\"install_procedure\":\"i\",\"license_count\":-5}");
    d = okf("oco.package.get", "{\"id\":%lld}", (long long)id);
    expect_json(d, "general.license_count", "null", "negative licence count");
    cJSON_Delete(d);
    soft_end();
}

/* F-OCO-021: the family is found without case and trailing spaces; the same family and
 * version (same collation) is rejected. */
static void families_and_versions_compare_without_case(void **state)
{
    (void)state;
    static const struct {
        const char *family, *version;
        int64_t family_id; /* 0: rejected as a duplicate */
    } rows[] = {
        { "SeedApp", "1.0", 0 },   { "seedapp", "1.0", 0 },   { "SEEDAPP", "1.0 ", 0 },
        { "SeedApp ", "1.0", 0 },  { "SeedApp", "1.0  ", 0 }, { "seedruntime", "2.0", 0 },
        { "SeedApp", "1.1", 1 },   { "SEEDAPP ", "1.2", 1 },  { "seedruntime", "3.0", 2 },
        { "SeedApp", "1.0.0", 1 }, { "SeedRuntime", "1.0", 2 }, { "SeedApp2", "1.0", 3 },
        { "SeedApp_", "1.0", 4 },  { "SeedAp%", "1.0", 5 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *data = fmt("{\"package_family_name\":\"%s\",\"version\":\"%s\","
                         "\"install_procedure\":\"x\"}",
                         rows[i].family, rows[i].version);
        if (!rows[i].family_id) {
            expect_rpc_error("oco.package.create", data, -32001, T_PKG_EXISTS, T_PKG_EXISTS_DE);
        } else {
            int64_t id = ok_new_id("oco.package.create", data);
            cJSON *d = okf("oco.package.get", "{\"id\":%lld}", (long long)id);
            char want[32];
            snprintf(want, sizeof want, "%lld", (long long)rows[i].family_id);
            expect_json(d, "general.package_family_id", want, data);
            cJSON_Delete(d);
        }
        free(data);
    }
    cJSON *d = ok("oco.package_family.list", NULL);
    expect_len(d, "", 5, "families after the creates");
    cJSON_Delete(d);
    soft_end();
}

/* reference 2 package.create order of checks 1 and 4: payload first, then the required
 * fields (family name, install procedure, version). */
static void create_requires_fields(void **state)
{
    (void)state;
    const char *const bad[] = {
        NULL,
        "{}",
        "{\"version\":\"1\",\"install_procedure\":\"x\"}",
        "{\"package_family_name\":\"\",\"version\":\"1\",\"install_procedure\":\"x\"}",
        "{\"package_family_name\":\"F\",\"install_procedure\":\"x\"}",
        "{\"package_family_name\":\"F\",\"version\":\"\",\"install_procedure\":\"x\"}",
        "{\"package_family_name\":\"F\",\"version\":\"1\"}",
        "{\"package_family_name\":\"F\",\"version\":\"1\",\"install_procedure\":\"\"}",
        "{\"package_family_name\":null,\"version\":\"1\",\"install_procedure\":\"x\"}",
        /* F-OCO-022, PHP's empty(): "0" is empty */
        "{\"package_family_name\":\"0\",\"version\":\"1\",\"install_procedure\":\"x\"}",
        "{\"package_family_name\":\"F\",\"version\":\"0\",\"install_procedure\":\"x\"}",
        "{\"package_family_name\":\"F\",\"version\":0,\"install_procedure\":\"x\"}",
        "{\"package_family_name\":\"F\",\"version\":\"1\",\"install_procedure\":\"0\"}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_rpc_error("oco.package.create", bad[i], -32001, T_FILL, T_FILL_DE);
    /* the payload is checked before anything else */
    expect_rpc_error("oco.package.create", "{\"files\":[{\"name\":\"a\",\"content\":\"@@@@\"}]}",
                     -32001, T_PAYLOAD, T_PAYLOAD_DE);
    /* and the duplicate check comes after the required fields */
    expect_rpc_error("oco.package.create", "{\"package_family_name\":\"SeedApp\",\"version\":\"1.0\"}",
                     -32001, T_FILL, T_FILL_DE);
    /* nothing was created */
    cJSON *d = ok("oco.package_family.list", NULL);
    expect_len(d, "", 2, "families after rejected creates");
    cJSON_Delete(d);
    assert_int_equal(ok_new_id("oco.package.create", PKG("")), 3);
    soft_end();
}

/* reference 2 package.create step 1 (PHP's base64_decode($s, true)): entries with an empty
 * name or content are skipped; other content must be strict base64 decoding to something
 * PHP calls non-empty (not "" nor "0"), else -32001 Payload corrupt. F-OCO-090: a payload
 * makes jobs download it. */
static void create_checks_files_strictly(void **state)
{
    (void)state;
    static const struct {
        const char *files;
        bool ok;
        int download; /* expected job download flag when ok */
    } rows[] = {
        { "[{\"name\":\"a.txt\",\"content\":\"aGVsbG8=\"}]", true, 1 },
        { "[{\"name\":\"a.txt\",\"content\":\"aGVsbG8\"}]", true, 1 },      /* no padding */
        { "[{\"name\":\"a.txt\",\"content\":\"aGVs bG8=\"}]", true, 1 },    /* whitespace */
        { "[{\"name\":\"a.txt\",\"content\":\"aGVsbG8=\"},{\"name\":\"dir/b.txt\","
          "\"content\":\"d29ybGQ=\"}]", true, 1 },
        { "[{\"name\":\"\",\"content\":\"@@@\"}]", true, 0 },  /* skipped: empty name */
        { "[{\"name\":\"a\",\"content\":\"\"}]", true, 0 },    /* skipped: empty content */
        { "[{\"name\":\"a\"}]", true, 0 },
        { "[]", true, 0 },
        { "\"\"", true, 0 },
        { "[{\"name\":\"a\",\"content\":\"@@@@\"}]", false, 0 },
        { "[{\"name\":\"a\",\"content\":\"aGVsbG8=!\"}]", false, 0 },
        { "[{\"name\":\"a\",\"content\":\"aGVsbG8=aGVs\"}]", false, 0 }, /* data after padding */
        { "[{\"name\":\"a\",\"content\":\"a\"}]", false, 0 },          /* truncated */
        { "[{\"name\":\"a\",\"content\":\"aGVsbG8===\"}]", false, 0 }, /* too much padding */
        { "[{\"name\":\"a\",\"content\":\"MA==\"}]", false, 0 },       /* decodes to "0" */
        { "[{\"name\":\"a\",\"content\":\"aGVsbG8=\"},{\"name\":\"b\",\"content\":\"*\"}]", false,
          0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        oco_use("oco-parity");
        char *data = fmt("{\"package_family_name\":\"F\",\"version\":\"1\",\"install_procedure\":"
                         "\"x\",\"files\":%s}",
                         rows[i].files);
        if (!rows[i].ok) {
            expect_rpc_error("oco.package.create", data, -32001, T_PAYLOAD, T_PAYLOAD_DE);
        } else {
            long status;
            cJSON *j = rpc("oco.package.create", data, &status);
            if (!j || !jget(j, "result")) {
                char *p = j ? cJSON_PrintUnformatted(j) : NULL;
                mismatch("files %s: want success, got %ld %.300s", rows[i].files, status,
                         p ? p : "");
                free(p);
            } else {
                ok_new_id("oco.job_container.deploy",
                          "{\"name\":\"d\",\"computer_ids\":[1],\"package_ids\":[3]}");
                cJSON *jobs = ok("oco.job_container.job.list", "{\"id\":1}");
                char want[8];
                snprintf(want, sizeof want, "%d", rows[i].download);
                expect_json(jobs, "0.download", want, rows[i].files);
                cJSON_Delete(jobs);
            }
            cJSON_Delete(j);
        }
        free(data);
    }
    soft_end();
}

/* ------------------------------------------------------------------ groups */

static void package_group_membership_errors(void **state)
{
    (void)state;
    const char *const methods[] = { "oco.package.add_to_group", "oco.package.remove_from_group" };
    const char *const bad[] = {
        "{\"package_id\":99,\"package_group_id\":1}", "{\"package_id\":1,\"package_group_id\":99}",
        "{\"package_id\":1}", "{\"package_group_id\":1}", "{}",
    };
    for (size_t m = 0; m < 2; m++)
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
            expect_rpc_error(methods[m], bad[i], -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    ok_empty("oco.package.remove_from_group", "{\"package_id\":1,\"package_group_id\":1}");
    soft_end();
}

/* ------------------------------------------------------------------ package.remove */

static const struct {
    const char *force;
    bool removes;
} force_rows[] = {
    { NULL, true },      { "null", true },    { "true", true },      { "1", true },
    { "\"1\"", true },   { "\"false\"", true }, { "\"off\"", true }, { "false", false },
    { "0", false },      { "\"0\"", false },  { "\"\"", false },
};

/* reference 2 package.remove: force defaults to true; without it pending jobs block
 * (delete_failed_active_jobs), then dependent packages (delete_failed_dependent_packages). */
static void remove_force_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof force_rows / sizeof *force_rows; i++) {
        /* package 3 (no dependents) with a pending job */
        oco_use("oco-parity");
        ok_new_id("oco.package.create", PKG(""));
        ok_new_id("oco.job_container.deploy", "{\"name\":\"p\",\"computer_ids\":[1],\"package_ids\":[3]}");
        char *data = force_rows[i].force ? fmt("{\"id\":3,\"force\":%s}", force_rows[i].force)
                                         : fmt("{\"id\":3}");
        if (force_rows[i].removes) {
            ok_empty("oco.package.remove", data);
            expect_rpc_error("oco.package.get", "{\"id\":3}", -32003, T_NOT_FOUND, NULL);
            cJSON *jobs = ok("oco.job_container.job.list", "{\"id\":1}");
            expect_len(jobs, "", 0, "jobs of a removed package");
            cJSON_Delete(jobs);
            /* the family stays, even empty */
            cJSON *fam = ok("oco.package_family.list", NULL);
            expect_json(fam, "0.name", "\"NewApp\"", "family after remove");
            expect_json(fam, "0.package_count", "0", "family after remove");
            cJSON_Delete(fam);
        } else {
            expect_rpc_error("oco.package.remove", data, -32001, T_ACTIVE_JOBS, T_ACTIVE_JOBS_DE);
            cJSON_Delete(ok("oco.package.get", "{\"id\":3}"));
        }
        free(data);
    }
    soft_end();
}

/* reference 2 package.remove: package 1 depends on package 2; without force package 2 may
 * not go; with force it goes; installations go with a removed package. */
static void remove_dependencies_and_cascades(void **state)
{
    (void)state;
    expect_rpc_error("oco.package.remove", "{\"id\":2,\"force\":false}", -32001, T_DEPENDENT,
                     T_DEPENDENT_DE);
    /* package 1 (the dependent one) has no pending jobs and no dependents */
    ok_empty("oco.package.add_to_group", "{\"package_id\":1,\"package_group_id\":1}");
    ok_empty("oco.package.remove", "{\"id\":\"1abc\",\"force\":false}");
    cJSON *d = ok("oco.computer.get", "{\"id\":1}");
    expect_json(d, "installed_packages", "[]", "installation removed with its package");
    cJSON_Delete(d);
    d = ok("oco.package.list", "{\"package_group_id\":1}");
    expect_json(d, "packages", "[]", "membership removed with its package");
    cJSON_Delete(d);
    ok_empty("oco.package.remove", "{\"id\":2,\"force\":false}"); /* no dependents any more */
    ok_new_id("oco.package.create", PKG(""));
    ok_new_id("oco.package.create", "{\"package_family_name\":\"B\",\"version\":\"1\","
                                    "\"install_procedure\":\"x\"}");
    ok_empty("oco.package.remove", "{\"id\":3}");
    const char *const missing[] = { "{\"id\":3}", "{\"id\":99}", "{}", "{\"id\":\"x\"}" };
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
        expect_rpc_error("oco.package.remove", missing[i], -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    /* ids are not reused */
    int64_t id = ok_new_id("oco.package.create", PKG(""));
    if (id != 5)
        mismatch("package id after deleting 3 of 4: %lld, want 5", (long long)id);
    soft_end();
}

int main(void)
{
    oco.fixture = "oco-parity";
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, oco_fresh)
        T(family_list_on_parity),
        T(package_list_by_family_and_group),
        T(package_get_shape),
        T(create_with_defaults_and_new_family),
        T(families_and_versions_compare_without_case),
        T(create_requires_fields),
        T(create_checks_files_strictly),
        T(package_group_membership_errors),
        T(remove_force_table),
        T(remove_dependencies_and_cascades),
#undef T
    };
    return OCO_RUN(tests);
}
