/*
 * OCO oco.info and oco.computer.* over real HTTP, on "oco-parity" (and "default" where a
 * test needs inventory): shapes and key order (reference/oco.md "Object shapes"), ids as
 * JSON numbers and new ids as strings, every error path, the free-licence rule, host name
 * collation, the force flag of computer.remove, group membership and WOL.
 */
#include "oco_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ oco.info */

/* F-OCO-050: version 1.2.2, the observed versions, the free licence (20 computers). */
static void info_shows_the_free_licence(void **state)
{
    (void)state;
    for (int german = 0; german <= 1; german++) {
        cJSON *j = rpc_lang(german ? GERMAN : NULL, "oco.info", NULL, NULL);
        cJSON *d = jget(j, "result.data");
        expect_keys(d, KEYS("version", "wol_satellites", "extensions", "license_computers",
                            "license_company", "license_expiration", "webserver", "database",
                            "php"),
                    "oco.info");
        expect_str(d, "version", "1.2.2", "oco.info");
        expect_str(d, "wol_satellites", NULL, "oco.info");
        expect_json(d, "extensions", "[]", "oco.info");
        expect_num(d, "license_computers", 20, "oco.info");
        expect_str(d, "license_company", german ? "Nicht registriert" : "NOT REGISTERED",
                   "oco.info");
        expect_num(d, "license_expiration", 0, "oco.info");
        const char *web = cJSON_GetStringValue(jget(d, "webserver"));
        const char *db = cJSON_GetStringValue(jget(d, "database"));
        const char *php = cJSON_GetStringValue(jget(d, "php"));
        if (!web || strncmp(web, "Apache/2.4.", 11) != 0 || !strstr(web, "(Debian)"))
            mismatch("webserver %s, want Apache/2.4.x (Debian)", web ? web : "(none)");
        if (!db || strncmp(db, "10.11.", 6) != 0 || !strstr(db, "-MariaDB-0+deb12u1"))
            mismatch("database %s, want 10.11.x-MariaDB-0+deb12u1", db ? db : "(none)");
        if (!php || strncmp(php, "8.2.", 4) != 0)
            mismatch("php %s, want 8.2.x", php ? php : "(none)");
        cJSON_Delete(j);
    }
    soft_end();
}

/* F-OCO-050, oco-fresh-install.md: up to 20 computers the free licence holds; with 21 it is
 * invalid: license_computers 0 and package.create fails with -32000. */
static void more_than_twenty_computers_invalidate_the_licence(void **state)
{
    (void)state;
    const char *pkg = "{\"package_family_name\":\"L\",\"version\":\"1\",\"install_procedure\":\"x\"}";
    for (int i = 2; i <= 20; i++) { /* SEED-PC is computer 1 */
        char *data = fmt("{\"hostname\":\"LIC-%02d\"}", i);
        ok_new_id("oco.computer.create", data);
        free(data);
    }
    cJSON *info = ok("oco.info", NULL);
    expect_num(info, "license_computers", 20, "20 computers");
    cJSON_Delete(info);
    ok_new_id("oco.computer.create", "{\"hostname\":\"LIC-21\"}"); /* no licence check here */
    info = ok("oco.info", NULL);
    expect_num(info, "license_computers", 0, "21 computers");
    cJSON_Delete(info);
    expect_rpc_error("oco.package.create", pkg, -32000, T_LICENSE, T_LICENSE_DE);
    /* the payload check comes first (reference 2 package.create order 1 before 2) */
    expect_rpc_error("oco.package.create",
                     "{\"package_family_name\":\"L\",\"version\":\"1\",\"install_procedure\":"
                     "\"x\",\"files\":[{\"name\":\"a.txt\",\"content\":\"@@@\"}]}",
                     -32001, T_PAYLOAD, T_PAYLOAD_DE);
    /* the licence check comes before the required fields */
    expect_rpc_error("oco.package.create", "{}", -32000, T_LICENSE, T_LICENSE_DE);
    /* back to 20: valid again */
    ok_empty("oco.computer.remove", "{\"id\":21}");
    int64_t id = ok_new_id("oco.package.create", pkg);
    if (id != 3)
        mismatch("package id %lld, want 3", (long long)id);
    soft_end();
}

/* ------------------------------------------------------------------ oco.computer.list */

/* reference 2 computer.list, fresh-install oco-parity rows: all computers by hostname and
 * the root groups by name; ids are JSON numbers. */
static void list_all_and_root_groups(void **state)
{
    (void)state;
    const char *const empties[] = { NULL, "{}", "{\"computer_group_id\":null}",
                                    "{\"computer_group_id\":0}", "{\"computer_group_id\":\"\"}",
                                    "{\"computer_group_id\":\"0\"}", "[]" };
    for (size_t i = 0; i < sizeof empties / sizeof *empties; i++) {
        cJSON *d = ok("oco.computer.list", empties[i]);
        char label[200];
        snprintf(label, sizeof label, "computer.list %s", empties[i] ? empties[i] : "(no data)");
        expect_keys(d, KEYS("computers", "groups"), label);
        expect_len(d, "computers", 1, label);
        expect_keys_each(jget(d, "computers"), COMPUTER_KEYS, label);
        expect_json(d, "groups",
                    "[{\"id\":3,\"parent_computer_group_id\":null,\"name\":\"Lab\"},"
                    "{\"id\":1,\"parent_computer_group_id\":null,\"name\":\"Office\"}]",
                    label);
        expect_json(d, "computers.0",
                    "{\"id\":1,\"uid\":\"seed-pc-uid\",\"hostname\":\"SEED-PC\",\"os\":\"Windows\","
                    "\"os_version\":\"10\",\"os_license\":\"\",\"os_locale\":\"\","
                    "\"kernel_version\":\"\",\"architecture\":\"x64\",\"cpu\":\"\",\"gpu\":\"\","
                    "\"ram\":\"8589934592\",\"agent_version\":\"1.1.0\",\"remote_address\":\"\","
                    "\"serial\":\"SN-SEED\",\"manufacturer\":\"\",\"model\":\"\","
                    "\"bios_version\":\"\",\"battery_level\":null,\"battery_status\":null,"
                    "\"uptime\":0,\"boot_type\":\"UEFI\",\"domain\":\"\",\"secure_boot\":\"1\","
                    "\"last_ping\":\"2024-01-01 12:00:00\",\"last_update\":\"2024-01-01 "
                    "12:00:00\",\"force_update\":0,\"notes\":\"seeded computer\","
                    "\"agent_key\":\"\",\"server_key\":\"\",\"created\":\"2024-01-01 12:00:00\","
                    "\"created_by_system_user_id\":1,\"software_id\":null,\"software_name\":null,"
                    "\"software_version\":null,\"computer_network_mac\":null,"
                    "\"created_by_system_user_username\":null,\"agent_timestamp\":0}",
                    label);
        cJSON_Delete(d);
    }
    soft_end();
}

/* F-OCO-021: ORDER BY hostname with MariaDB's case-insensitive collation. */
static void list_is_ordered_by_hostname_without_case(void **state)
{
    (void)state;
    const char *const names[] = { "b-pc", "A-PC", "c-PC", "Z1" };
    for (size_t i = 0; i < 4; i++) {
        char *data = fmt("{\"hostname\":\"%s\"}", names[i]);
        ok_new_id("oco.computer.create", data);
        free(data);
    }
    cJSON *d = ok("oco.computer.list", "{}");
    const char *want[] = { "A-PC", "b-pc", "c-PC", "SEED-PC", "Z1" };
    for (int i = 0; i < 5; i++) {
        char path[40];
        snprintf(path, sizeof path, "computers.%d.hostname", i);
        expect_str(d, path, want[i], "order by hostname");
    }
    cJSON_Delete(d);
    soft_end();
}

/* reference 2 computer.list with a group: {name, computers (direct members only, by
 * hostname), groups (children)}; a missing group is -32003. */
static void list_of_a_group(void **state)
{
    (void)state;
    ok_empty("oco.computer.add_to_group", "{\"computer_id\":1,\"computer_group_id\":2}");
    int64_t b = ok_new_id("oco.computer.create", "{\"hostname\":\"b-office\"}");
    int64_t a = ok_new_id("oco.computer.create", "{\"hostname\":\"A-office\"}");
    cJSON_Delete(okf("oco.computer.add_to_group", "{\"computer_id\":%lld,\"computer_group_id\":1}",
                     (long long)b));
    cJSON_Delete(okf("oco.computer.add_to_group", "{\"computer_id\":\"%lld\","
                     "\"computer_group_id\":\"1\"}", (long long)a));
    cJSON *d = ok("oco.computer.list", "{\"computer_group_id\":1}");
    expect_keys(d, KEYS("name", "computers", "groups"), "group 1");
    expect_str(d, "name", "Office", "group 1");
    expect_len(d, "computers", 2, "group 1 (SEED-PC is in the subgroup only)");
    expect_str(d, "computers.0.hostname", "A-office", "group 1");
    expect_str(d, "computers.1.hostname", "b-office", "group 1");
    expect_keys_each(jget(d, "computers"), COMPUTER_KEYS, "group 1");
    expect_json(d, "groups", "[{\"id\":2,\"parent_computer_group_id\":1,\"name\":\"Office Floor 2\"}]",
                "group 1");
    cJSON_Delete(d);
    d = ok("oco.computer.list", "{\"computer_group_id\":\"2\"}");
    expect_str(d, "name", "Office Floor 2", "group 2");
    expect_len(d, "computers", 1, "group 2");
    expect_str(d, "computers.0.hostname", "SEED-PC", "group 2");
    expect_json(d, "groups", "[]", "group 2");
    cJSON_Delete(d);
    expect_rpc_error("oco.computer.list", "{\"computer_group_id\":99}", -32003, T_NOT_FOUND,
                     T_NOT_FOUND_DE);
    expect_rpc_error("oco.computer.list", "{\"computer_group_id\":-1}", -32003, T_NOT_FOUND,
                     T_NOT_FOUND_DE);
    soft_end();
}

/* ------------------------------------------------------------------ oco.computer.get */

/* reference 2 computer.get: the sections in order, general = Computer with the creator's
 * user name, installed_packages = ComputerPackage rows. */
static void get_on_parity(void **state)
{
    (void)state;
    const char *const ids[] = { "{\"id\":1}", "{\"id\":\"1\"}", "{\"id\":\"1abc\"}",
                                "{\"id\":1.0}" };
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        cJSON *d = ok("oco.computer.get", ids[i]);
        char label[100];
        snprintf(label, sizeof label, "computer.get %s", ids[i]);
        expect_keys(d, KEYS("general", "groups", "logins", "networks", "screens", "printers",
                            "filesystems", "recognised_software", "installed_packages",
                            "pending_jobs"),
                    label);
        expect_keys(jget(d, "general"), COMPUTER_GET_KEYS, label);
        expect_num(d, "general.id", 1, label);
        expect_str(d, "general.created_by_system_user_username", "admin", label);
        expect_str(d, "general.hostname", "SEED-PC", label);
        const char *const empty[] = { "groups",   "logins",      "networks",
                                      "screens",  "printers",    "filesystems",
                                      "recognised_software",     "pending_jobs" };
        for (size_t k = 0; k < sizeof empty / sizeof *empty; k++)
            expect_json(d, empty[k], "[]", label);
        expect_json(d, "installed_packages",
                    "[{\"id\":1,\"computer_id\":1,\"package_id\":1,\"installed_procedure\":"
                    "\"seedapp-setup.exe /S\",\"installed_by_system_user_id\":1,"
                    "\"installed_by_domain_user_id\":null,\"installed\":\"2024-01-01 12:00:00\","
                    "\"computer_hostname\":\"SEED-PC\",\"package_family_id\":1,"
                    "\"package_family_name\":\"SeedApp\",\"package_version\":\"1.0\","
                    "\"installed_by_system_user_username\":\"admin\","
                    "\"installed_by_domain_user_username\":null}]",
                    label);
        cJSON_Delete(d);
    }
    const char *const missing[] = { "{\"id\":99}", "{}", "{\"id\":null}", "{\"id\":0}",
                                    "{\"id\":\"abc\"}", "{\"id\":-1}", NULL };
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
        expect_rpc_error("oco.computer.get", missing[i], -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    soft_end();
}

/* ------------------------------------------------------------------ oco.computer.create */

/* reference 2 computer.create: {"id":"2"} (a string), the hostname trimmed, every inventory
 * text column '', last_ping/last_update null, the caller as creator. */
static void create_pre_registers_a_computer(void **state)
{
    (void)state;
    int64_t id = ok_new_id("oco.computer.create", "{\"hostname\":\"  NEW-PC \\t\",\"notes\":\"n\"}");
    assert_int_equal(id, 2);
    cJSON *d = ok("oco.computer.get", "{\"id\":2}");
    cJSON *g = jget(d, "general");
    expect_keys(g, COMPUTER_GET_KEYS, "new computer");
    expect_num(g, "id", 2, "new computer");
    expect_str(g, "hostname", "NEW-PC", "new computer");
    expect_str(g, "notes", "n", "new computer");
    const char *const text[] = { "os", "os_version", "os_license", "os_locale",
                                 "kernel_version", "architecture", "cpu", "gpu", "ram",
                                 "agent_version", "serial", "manufacturer", "model",
                                 "bios_version", "boot_type", "domain", "secure_boot",
                                 "agent_key", "server_key" };
    for (size_t i = 0; i < sizeof text / sizeof *text; i++)
        expect_str(g, text[i], "", "new computer inventory");
    expect_str(g, "last_ping", NULL, "new computer");
    expect_str(g, "last_update", NULL, "new computer");
    expect_num(g, "created_by_system_user_id", 1, "new computer");
    expect_str(g, "created_by_system_user_username", "admin", "new computer");
    if (!cJSON_IsString(jget(g, "created")))
        mismatch("created must be a date string");
    cJSON_Delete(d);
    /* notes default '' */
    ok_new_id("oco.computer.create", "{\"hostname\":\"N2\"}");
    d = ok("oco.computer.get", "{\"id\":3}");
    expect_str(d, "general.notes", "", "notes default");
    cJSON_Delete(d);
    /* a number is read as text (F-OCO-020) */
    ok_new_id("oco.computer.create", "{\"hostname\":123,\"notes\":4.5}");
    d = ok("oco.computer.get", "{\"id\":4}");
    expect_str(d, "general.hostname", "123", "numeric hostname");
    expect_str(d, "general.notes", "4.5", "numeric notes");
    cJSON_Delete(d);
    /* ids are not reused after a delete (reference 3: AUTO_INCREMENT) */
    ok_empty("oco.computer.remove", "{\"id\":4}");
    id = ok_new_id("oco.computer.create", "{\"hostname\":\"N5\"}");
    if (id != 5)
        mismatch("id after deleting 4: %lld, want 5", (long long)id);
    soft_end();
}

/* reference 2 computer.create; reference 1 localized messages; F-OCO-021 (collation). */
static void create_rejects_empty_and_duplicate_hostnames(void **state)
{
    (void)state;
    const char *const empty[] = { "{}", "{\"hostname\":\"\"}", "{\"hostname\":\"   \"}",
                                  "{\"hostname\":null}", "{\"hostname\":\"\\t\\n\"}", NULL,
                                  "{\"notes\":\"x\"}",
                                  /* F-OCO-022: empty(trim("0")) is true */
                                  "{\"hostname\":\"0\"}", "{\"hostname\":\" 0 \"}",
                                  "{\"hostname\":0}", "{\"hostname\":false}" };
    for (size_t i = 0; i < sizeof empty / sizeof *empty; i++)
        expect_rpc_error("oco.computer.create", empty[i], -32001, T_HOST_EMPTY, T_HOST_EMPTY_DE);
    const char *const dups[] = { "SEED-PC", "seed-pc", "Seed-Pc", "SEED-PC ", " SEED-PC",
                                 "seed-pc   " };
    for (size_t i = 0; i < sizeof dups / sizeof *dups; i++) {
        char *data = fmt("{\"hostname\":\"%s\"}", dups[i]);
        expect_rpc_error("oco.computer.create", data, -32001, T_HOST_EXISTS, T_HOST_EXISTS_DE);
        free(data);
    }
    /* near misses are new host names, not LIKE patterns */
    const char *const fresh[] = { "SEED-PC2", "SEED_PC", "SEED%", "SEED-P", "SEED-PC.x" };
    for (size_t i = 0; i < sizeof fresh / sizeof *fresh; i++) {
        char *data = fmt("{\"hostname\":\"%s\"}", fresh[i]);
        ok_new_id("oco.computer.create", data);
        free(data);
    }
    /* the rejected ones used no id */
    cJSON *d = ok("oco.computer.list", "{}");
    expect_len(d, "computers", 6, "after the creates");
    cJSON_Delete(d);
    soft_end();
}

/* ------------------------------------------------------------------ groups */

/* reference 2 add_to_group/remove_from_group: computer then group must exist (-32003);
 * add is idempotent, removing a non-member succeeds; data []. */
static void add_and_remove_group_membership(void **state)
{
    (void)state;
    ok_empty("oco.computer.add_to_group", "{\"computer_id\":1,\"computer_group_id\":3}");
    ok_empty("oco.computer.add_to_group", "{\"computer_id\":1,\"computer_group_id\":3}");
    ok_empty("oco.computer.add_to_group", "{\"computer_id\":\"1\",\"computer_group_id\":1}");
    cJSON *d = ok("oco.computer.get", "{\"id\":1}");
    expect_len(d, "groups", 2, "after adding twice to 3 and once to 1");
    expect_keys_each(jget(d, "groups"), COMPUTER_GROUP_KEYS, "computer.get groups");
    cJSON_Delete(d);
    d = ok("oco.computer.list", "{\"computer_group_id\":3}");
    expect_len(d, "computers", 1, "group 3 members (no duplicate row)");
    cJSON_Delete(d);
    ok_empty("oco.computer.remove_from_group", "{\"computer_id\":1,\"computer_group_id\":3}");
    ok_empty("oco.computer.remove_from_group", "{\"computer_id\":1,\"computer_group_id\":3}");
    ok_empty("oco.computer.remove_from_group", "{\"computer_id\":1,\"computer_group_id\":2}");
    d = ok("oco.computer.get", "{\"id\":1}");
    expect_json(d, "groups", "[{\"id\":1,\"parent_computer_group_id\":null,\"name\":\"Office\"}]",
                "after removing from 3");
    cJSON_Delete(d);
    const char *const methods[] = { "oco.computer.add_to_group",
                                    "oco.computer.remove_from_group" };
    const char *const bad[] = {
        "{\"computer_id\":99,\"computer_group_id\":1}",
        "{\"computer_id\":1,\"computer_group_id\":99}",
        "{\"computer_id\":99,\"computer_group_id\":99}",
        "{\"computer_group_id\":1}",
        "{\"computer_id\":1}",
        "{}",
    };
    for (size_t m = 0; m < 2; m++)
        for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
            expect_rpc_error(methods[m], bad[i], -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    soft_end();
}

/* ------------------------------------------------------------------ oco.computer.wol */

/* reference 2 computer.wol; F-OCO-051: no packet is sent, the replies are the real ones.
 * Computers with MAC addresses: default_test.c. */
static void wol_needs_a_mac_address(void **state)
{
    (void)state;
    expect_rpc_error("oco.computer.wol", "{\"id\":1}", -32000, T_NO_MAC, T_NO_MAC_DE);
    expect_rpc_error("oco.computer.wol", "{\"id\":99}", -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    expect_rpc_error("oco.computer.wol", "{}", -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    soft_end();
}

/* ------------------------------------------------------------------ oco.computer.remove */

static const struct force_row {
    const char *force; /* the JSON value, NULL: absent */
    bool removes;
} force_rows[] = {
    { NULL, true },       { "null", true },    { "true", true },     { "1", true },
    { "\"1\"", true },    { "\"false\"", true }, { "\"no\"", true }, { "\"0.0\"", true },
    { "2", true },        { "[1]", true },     { "false", false },   { "0", false },
    { "\"0\"", false },   { "\"\"", false },   { "0.0", false },     { "[]", false },
};

/* reference 2 computer.remove: force defaults to true (missing or null), then PHP
 * truthiness: only false, 0, "0", "" (and 0.0, []) disable it; then pending jobs block. */
static void remove_force_table_with_pending_jobs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof force_rows / sizeof *force_rows; i++) {
        oco_use("oco-parity");
        /* a pending job (state 0) for SEED-PC: package 2 is not installed */
        ok_new_id("oco.job_container.deploy",
                  "{\"name\":\"p\",\"computer_ids\":[1],\"package_ids\":[2]}");
        char *data = force_rows[i].force ? fmt("{\"id\":1,\"force\":%s}", force_rows[i].force)
                                         : fmt("{\"id\":1}");
        if (force_rows[i].removes) {
            ok_empty("oco.computer.remove", data);
            expect_rpc_error("oco.computer.get", "{\"id\":1}", -32003, T_NOT_FOUND, NULL);
            /* its jobs went with it (FK cascade) */
            cJSON *jobs = ok("oco.job_container.job.list", "{\"id\":1}");
            expect_len(jobs, "", 0, data);
            cJSON_Delete(jobs);
        } else {
            expect_rpc_error("oco.computer.remove", data, -32001, T_ACTIVE_JOBS, T_ACTIVE_JOBS_DE);
            cJSON_Delete(ok("oco.computer.get", "{\"id\":1}"));
        }
        free(data);
    }
    soft_end();
}

/* reference 2 computer.remove: without pending jobs force=false removes; memberships,
 * installations go with it; a missing id is -32003 (intval). */
static void remove_without_pending_jobs(void **state)
{
    (void)state;
    ok_empty("oco.computer.add_to_group", "{\"computer_id\":1,\"computer_group_id\":3}");
    /* a job in state -5 (already installed) is not pending */
    ok_new_id("oco.job_container.deploy",
              "{\"name\":\"p\",\"computer_ids\":[1],\"package_ids\":[1],\"force_install_same_version\":0}");
    ok_empty("oco.job_container.job.remove", "{\"id\":1}"); /* the dependency's state-0 job */
    ok_empty("oco.computer.remove", "{\"id\":\"1xyz\",\"force\":false}");
    cJSON *d = ok("oco.computer.list", "{\"computer_group_id\":3}");
    expect_len(d, "computers", 0, "group 3 after remove");
    cJSON_Delete(d);
    d = ok("oco.package.get", "{\"id\":1}");
    expect_len(d, "installations", 0, "package 1 installations after remove");
    cJSON_Delete(d);
    const char *const missing[] = { "{\"id\":1}", "{\"id\":99}", "{}", "{\"id\":\"x\"}" };
    for (size_t i = 0; i < sizeof missing / sizeof *missing; i++)
        expect_rpc_error("oco.computer.remove", missing[i], -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    soft_end();
}

/* reference 2 computer.remove: dynamic (rule) jobs in state 0 are pending too. */
static void remove_is_blocked_by_rule_jobs(void **state)
{
    (void)state;
    ok_empty("oco.package.add_to_group", "{\"package_id\":2,\"package_group_id\":1}");
    ok_empty("oco.computer.add_to_group", "{\"computer_id\":1,\"computer_group_id\":1}");
    expect_rpc_error("oco.computer.remove", "{\"id\":1,\"force\":0}", -32001, T_ACTIVE_JOBS,
                     T_ACTIVE_JOBS_DE);
    ok_empty("oco.computer.remove", "{\"id\":1}");
    cJSON *jobs = ok("oco.deployment_rule.job.list", "{\"id\":1}");
    expect_len(jobs, "", 0, "rule jobs after the computer is gone");
    cJSON_Delete(jobs);
    soft_end();
}

int main(void)
{
    oco.fixture = "oco-parity";
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, oco_fresh)
        T(info_shows_the_free_licence),
        T(more_than_twenty_computers_invalidate_the_licence),
        T(list_all_and_root_groups),
        T(list_is_ordered_by_hostname_without_case),
        T(list_of_a_group),
        T(get_on_parity),
        T(create_pre_registers_a_computer),
        T(create_rejects_empty_and_duplicate_hostnames),
        T(add_and_remove_group_membership),
        T(wol_needs_a_mac_address),
        T(remove_force_table_with_pending_jobs),
        T(remove_without_pending_jobs),
        T(remove_is_blocked_by_rule_jobs),
#undef T
    };
    return OCO_RUN(tests);
}
