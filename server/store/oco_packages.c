/*
 * OCO packages: families, packages, package groups, and package.get's details. Selects list
 * their columns in the real server's JSON key order (reference/oco.md "Object shapes").
 */
#include "store/oco.h"

#include "store/store_int.h"

#include <stdlib.h>
#include <string.h>

cJSON *store_oco_families(struct store_tenant *t, bool with_icons)
{
    static const char sql[] =
        "SELECT f.id, f.name, f.license_count, f.notes, f.icon, "
        "(SELECT count(*) FROM package p WHERE p.package_family_id = f.id) AS package_count, "
        "(SELECT count(*) FROM computer_package cp JOIN package p ON p.id = cp.package_id "
        " WHERE p.package_family_id = f.id) AS install_count, "
        "(SELECT max(created) FROM package p WHERE p.package_family_id = f.id) "
        "AS newest_package_created, "
        "(SELECT min(created) FROM package p WHERE p.package_family_id = f.id) "
        "AS oldest_package_created FROM package_family f ORDER BY f.name, f.id";
    static const char icons[] = "SELECT icon FROM package_family ORDER BY name, id";
    cJSON *families = store__rows(t, sql, 0, 0);
    if (!families || !with_icons)
        return families; /* a binary icon is not JSON text: null, as json_encode gives */
    /* show_icons: the icon as base64 (the real server's base64_encode of the blob). */
    sqlite3_stmt *s = store_stmt(t, icons);
    if (!s) {
        cJSON_Delete(families);
        return NULL;
    }
    for (cJSON *f = families->child; f && sqlite3_step(s) == SQLITE_ROW; f = f->next) {
        int n = sqlite3_column_bytes(s, 0);
        const unsigned char *blob = sqlite3_column_blob(s, 0);
        if (!blob)
            continue;
        char *b64 = malloc((size_t)n / 3 * 4 + 5);
        if (!b64)
            break;
        rm_base64_encode(blob, (size_t)n, b64);
        cJSON_ReplaceItemInObjectCaseSensitive(f, "icon", cJSON_CreateString(b64));
        free(b64);
    }
    sqlite3_reset(s);
    return families;
}

/* The Package model's properties; the group listing fills the member sequence. */
#define PACKAGE_COLUMNS(sequence)                                                                 \
    "p.id, p.version, p.notes, p.install_procedure, p.install_procedure_success_return_codes, "   \
    "p.install_procedure_post_action, p.upgrade_behavior, p.uninstall_procedure, "                \
    "p.uninstall_procedure_success_return_codes, p.download_for_uninstall, "                      \
    "p.uninstall_procedure_post_action, p.line_endings, p.compatible_os, "                        \
    "p.compatible_os_version, p.compatible_architecture, p.license_count, p.created, "            \
    "p.created_by_system_user_id, p.updated, p.updated_by_system_user_id, " sequence              \
    " AS package_group_member_sequence, p.package_family_id, pf.name AS package_family_name, "    \
    "NULL AS package_family_icon, su.username AS created_by_system_user_username, "              \
    "(SELECT count(*) FROM computer_package cp WHERE cp.package_id = p.id) AS install_count"
#define PACKAGE_JOINS                                                                             \
    "JOIN package_family pf ON pf.id = p.package_family_id "                                     \
    "LEFT JOIN system_user su ON su.id = p.created_by_system_user_id"

cJSON *store_oco_family_packages(struct store_tenant *t, int64_t family_id)
{
    static const char sql[] = "SELECT " PACKAGE_COLUMNS("NULL") " FROM package p " PACKAGE_JOINS
                              " WHERE p.package_family_id = ? ORDER BY p.id";
    return store__rows(t, sql, family_id, 0);
}

cJSON *store_oco_group_packages(struct store_tenant *t, int64_t group_id)
{
    static const char sql[] =
        "SELECT " PACKAGE_COLUMNS("m.sequence") " FROM package p "
        "JOIN package_group_member m ON m.package_id = p.id " PACKAGE_JOINS
        " WHERE m.package_group_id = ? ORDER BY m.sequence, m.id";
    return store__rows(t, sql, group_id, 0);
}

cJSON *store_oco_package_groups(struct store_tenant *t, int64_t parent_id)
{
    static const char roots[] = "SELECT id, parent_package_group_id, name FROM package_group "
                                "WHERE parent_package_group_id IS NULL ORDER BY name, id";
    static const char children[] = "SELECT id, parent_package_group_id, name FROM package_group "
                                   "WHERE parent_package_group_id = ? ORDER BY name, id";
    return store__rows(t, parent_id ? children : roots, parent_id, 0);
}

int store_oco_family_name(struct store_tenant *t, struct rm_arena *a, int64_t id,
                          const char **name)
{
    static const char sql[] = "SELECT name FROM package_family WHERE id = ?";
    return store__text(t, a, sql, id, name);
}

int store_oco_package_group_name(struct store_tenant *t, struct rm_arena *a, int64_t id,
                                 const char **name)
{
    static const char sql[] = "SELECT name FROM package_group WHERE id = ?";
    return store__text(t, a, sql, id, name);
}

/* pending_jobs of package.get: computer id and hostname instead of the package's. */
static const char pending_static[] =
    "SELECT j.id, j.computer_id, NULL AS package_id, j.procedure, NULL AS success_return_codes, "
    "NULL AS upgrade_behavior, j.is_uninstall, j.download, j.post_action, j.post_action_timeout, "
    "j.sequence, j.state, NULL AS download_progress, NULL AS return_code, NULL AS message, "
    "NULL AS wol_shutdown_set, NULL AS download_started, NULL AS execution_started, "
    "NULL AS execution_finished, c.hostname AS computer_hostname, NULL AS package_family_name, "
    "NULL AS package_version, jc.id AS job_container_id, "
    "jc.start_time AS job_container_start_time, "
    "NULL AS job_container_created_by_system_user_id, "
    "NULL AS job_container_created_by_domain_user_id, jc.enabled AS job_container_enabled, "
    "NULL AS job_container_sequence_mode, jc.priority AS job_container_priority, "
    "NULL AS job_container_agent_ip_ranges, NULL AS job_container_time_frames, "
    "jc.self_service AS job_container_self_service, jc.name AS job_container_name "
    "FROM job_container_job j JOIN job_container jc ON jc.id = j.job_container_id "
    "JOIN computer c ON c.id = j.computer_id WHERE j.package_id = ? AND j.state IN (0, 1, 2) "
    "ORDER BY jc.priority DESC, j.sequence, j.id";

cJSON *store_oco_package_details(struct store_tenant *t, int64_t id, int *rc)
{
    static const char general[] =
        "SELECT " PACKAGE_COLUMNS("NULL") ", uu.username AS updated_by_system_user_username "
        "FROM package p " PACKAGE_JOINS
        " LEFT JOIN system_user uu ON uu.id = p.updated_by_system_user_id WHERE p.id = ?";
    static const char groups[] =
        "SELECT g.id, g.parent_package_group_id, g.name FROM package_group g "
        "JOIN package_group_member m ON m.package_group_id = g.id WHERE m.package_id = ? "
        "ORDER BY g.name, g.id";
    /* installations: family name and version are not selected here (null). */
    static const char installations[] =
        "SELECT cp.id, cp.computer_id, cp.package_id, cp.installed_procedure, "
        "cp.installed_by_system_user_id, cp.installed_by_domain_user_id, cp.installed, "
        "c.hostname AS computer_hostname, p.package_family_id, NULL AS package_family_name, "
        "NULL AS package_version, su.username AS installed_by_system_user_username, "
        "du.username AS installed_by_domain_user_username FROM computer_package cp "
        "JOIN computer c ON c.id = cp.computer_id JOIN package p ON p.id = cp.package_id "
        "LEFT JOIN system_user su ON su.id = cp.installed_by_system_user_id "
        "LEFT JOIN domain_user du ON du.id = cp.installed_by_domain_user_id "
        "WHERE cp.package_id = ? ORDER BY c.hostname, cp.id";
    static const char dynamic[] =
        "SELECT j.id, j.computer_id, NULL AS package_id, j.procedure, NULL AS success_return_codes, "
        "NULL AS upgrade_behavior, j.is_uninstall, j.download, j.post_action, "
        "j.post_action_timeout, j.sequence, j.state, NULL AS download_progress, "
        "NULL AS return_code, NULL AS message, NULL AS wol_shutdown_set, "
        "NULL AS download_started, NULL AS execution_started, NULL AS execution_finished, "
        "c.hostname AS computer_hostname, NULL AS package_family_name, NULL AS package_version, "
        "dr.id AS deployment_rule_id, dr.name AS deployment_rule_name, "
        "NULL AS deployment_rule_created_by_system_user_id, "
        "dr.enabled AS deployment_rule_enabled, NULL AS deployment_rule_sequence_mode, "
        "dr.priority AS deployment_rule_priority FROM deployment_rule_job j "
        "JOIN deployment_rule dr ON dr.id = j.deployment_rule_id "
        "JOIN computer c ON c.id = j.computer_id WHERE j.package_id = ? AND j.state IN (0, 1, 2) "
        "ORDER BY dr.priority DESC, j.sequence, j.id";
    cJSON *rows = store__rows(t, general, id, 0);
    if (!rows || !rows->child) {
        *rc = rows ? RM_ENOTFOUND : RM_EDB;
        cJSON_Delete(rows);
        return NULL;
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "general", cJSON_DetachItemViaPointer(rows, rows->child));
    cJSON_Delete(rows);
    cJSON *g = store__rows(t, groups, id, 0), *i = store__rows(t, installations, id, 0);
    cJSON *pending = store__rows(t, pending_static, id, 0), *dyn = store__rows(t, dynamic, id, 0);
    cJSON_AddItemToObject(out, "groups", g);
    cJSON_AddItemToObject(out, "installations", i);
    cJSON_AddItemToObject(out, "pending_jobs", pending);
    /* static and dynamic pending jobs together (F-OCO-040 orders within each kind) */
    while (pending && dyn && dyn->child)
        cJSON_AddItemToArray(pending, cJSON_DetachItemViaPointer(dyn, dyn->child));
    *rc = g && i && pending && dyn ? RM_OK : RM_EDB;
    cJSON_Delete(dyn);
    if (*rc != RM_OK) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

int store_oco_package_group_add(struct store_tenant *t, int64_t package_id, int64_t group_id)
{
    /* Idempotent; a new member goes last (max(sequence) + 1, the first gets 1). */
    static const char sql[] =
        "INSERT INTO package_group_member(package_id, package_group_id, sequence) "
        "SELECT ?1, ?2, coalesce((SELECT max(sequence) FROM package_group_member "
        "WHERE package_group_id = ?2), 0) + 1 WHERE NOT EXISTS (SELECT 1 FROM "
        "package_group_member WHERE package_id = ?1 AND package_group_id = ?2)";
    return store__exec(t, sql, package_id, group_id);
}

int store_oco_package_group_remove(struct store_tenant *t, int64_t package_id, int64_t group_id)
{
    static const char remove[] =
        "DELETE FROM package_group_member WHERE package_id = ? AND package_group_id = ?";
    /* Renumber 1..n in the old order. */
    static const char renumber[] =
        "UPDATE package_group_member SET sequence = (SELECT count(*) FROM package_group_member m2 "
        "WHERE m2.package_group_id = package_group_member.package_group_id AND "
        "(m2.sequence < package_group_member.sequence OR (m2.sequence = "
        "package_group_member.sequence AND m2.id <= package_group_member.id))) "
        "WHERE package_group_id = ?";
    int rc = store__exec(t, remove, package_id, group_id);
    return rc == RM_OK ? store__exec(t, renumber, group_id, 0) : rc;
}

/* One id by a text key compared as utf8mb4_general_ci would (no case, no trailing spaces). */
static int find_by_text(struct store_tenant *t, const char *sql, int64_t a, const char *text,
                        int64_t *id_out)
{
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    int n = sqlite3_bind_parameter_count(s);
    if (n == 2)
        sqlite3_bind_int64(s, 1, a);
    store_bind_text(s, n, text);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && id_out)
        *id_out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_oco_family_find(struct store_tenant *t, const char *name, int64_t *id_out)
{
    static const char sql[] = "SELECT id FROM package_family WHERE rtrim(name) = rtrim(?) "
                              "COLLATE NOCASE ORDER BY id LIMIT 1";
    return find_by_text(t, sql, 0, name, id_out);
}

int store_oco_family_insert(struct store_tenant *t, const char *name, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO package_family(name, notes) VALUES (?, '')";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, name);
    int rc = store_step_done(s);
    if (rc == RM_OK)
        *id_out = sqlite3_last_insert_rowid(t->db);
    return rc;
}

int store_oco_package_version_taken(struct store_tenant *t, int64_t family_id,
                                    const char *version)
{
    static const char sql[] = "SELECT id FROM package WHERE package_family_id = ? AND "
                              "rtrim(version) = rtrim(?) COLLATE NOCASE LIMIT 1";
    return find_by_text(t, sql, family_id, version, NULL);
}

int store_oco_package_insert(struct store_tenant *t, const struct store_oco_package_in *p,
                             int64_t *id_out)
{
    static const char sql[] =
        "INSERT INTO package(package_family_id, version, notes, install_procedure, "
        "install_procedure_success_return_codes, install_procedure_post_action, upgrade_behavior, "
        "uninstall_procedure, uninstall_procedure_success_return_codes, download_for_uninstall, "
        "uninstall_procedure_post_action, line_endings, compatible_os, compatible_os_version, "
        "compatible_architecture, license_count, created, created_by_system_user_id, payload) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, p->family_id);
    store_bind_text(s, 2, p->version);
    store_bind_text(s, 3, p->notes);
    store_bind_text(s, 4, p->install_procedure);
    store_bind_text(s, 5, p->install_codes);
    sqlite3_bind_int(s, 6, p->install_post_action);
    sqlite3_bind_int(s, 7, p->upgrade_behavior);
    store_bind_text(s, 8, p->uninstall_procedure);
    store_bind_text(s, 9, p->uninstall_codes);
    sqlite3_bind_int(s, 10, p->download_for_uninstall);
    sqlite3_bind_int(s, 11, p->uninstall_post_action);
    store_bind_text(s, 12, p->line_endings);
    store_bind_text(s, 13, p->compatible_os);
    store_bind_text(s, 14, p->compatible_os_version);
    store_bind_text(s, 15, p->compatible_architecture);
    if (p->has_license_count)
        sqlite3_bind_int64(s, 16, p->license_count);
    else
        sqlite3_bind_null(s, 16);
    store_bind_text(s, 17, p->created);
    sqlite3_bind_int64(s, 18, p->created_by);
    if (p->payload)
        sqlite3_bind_blob(s, 19, p->payload, (int)strlen(p->payload), SQLITE_STATIC);
    else
        sqlite3_bind_null(s, 19);
    int rc = store_step_done(s);
    if (rc == RM_OK)
        *id_out = sqlite3_last_insert_rowid(t->db);
    return rc;
}

int store_oco_package_delete(struct store_tenant *t, int64_t id)
{
    static const char sql[] = "DELETE FROM package WHERE id = ?";
    return store__exec(t, sql, id, 0);
}

int store_oco_package_pending_jobs(struct store_tenant *t, int64_t id, int64_t *count)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM job_container_job WHERE package_id = ?1 AND state IN "
        "(0, 1, 2)) + (SELECT count(*) FROM deployment_rule_job WHERE package_id = ?1 AND "
        "state IN (0, 1, 2))";
    return store__int(t, sql, id, 0, count);
}

int store_oco_package_dependents(struct store_tenant *t, int64_t id, int64_t *count)
{
    static const char sql[] =
        "SELECT count(*) FROM package_dependency WHERE dependent_package_id = ?";
    return store__int(t, sql, id, 0, count);
}
