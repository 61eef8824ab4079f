/*
 * OCO job data: what the job planner reads (packages, computers, installations, group
 * members, rules) and the deployment-rule job rows it writes.
 */
#include "store/oco.h"

#include "store/store_int.h"

#include <string.h>

int store_oco_package_load(struct store_tenant *t, struct rm_arena *a, int64_t id,
                           struct store_oco_package *out)
{
    static const char sql[] =
        "SELECT id, package_family_id, install_procedure, install_procedure_success_return_codes, "
        "uninstall_procedure, uninstall_procedure_success_return_codes, line_endings, "
        "compatible_os, compatible_os_version, compatible_architecture, "
        "install_procedure_post_action, upgrade_behavior, uninstall_procedure_post_action, "
        "download_for_uninstall, payload IS NOT NULL FROM package WHERE id = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->family_id = sqlite3_column_int64(s, 1);
        out->install_procedure = store_col_text(a, s, 2);
        out->install_codes = store_col_text(a, s, 3);
        out->uninstall_procedure = store_col_text(a, s, 4);
        out->uninstall_codes = store_col_text(a, s, 5);
        out->line_endings = store_col_text(a, s, 6);
        out->compatible_os = store_col_text(a, s, 7);
        out->compatible_os_version = store_col_text(a, s, 8);
        out->compatible_architecture = store_col_text(a, s, 9);
        out->install_post_action = sqlite3_column_int(s, 10);
        out->upgrade_behavior = sqlite3_column_int(s, 11);
        out->uninstall_post_action = sqlite3_column_int(s, 12);
        out->download_for_uninstall = sqlite3_column_int(s, 13);
        out->has_payload = sqlite3_column_int(s, 14);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_oco_computer_load(struct store_tenant *t, struct rm_arena *a, int64_t id,
                            struct store_oco_computer *out)
{
    static const char sql[] =
        "SELECT id, os, os_version, architecture, last_ping FROM computer WHERE id = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->os = store_col_text(a, s, 1);
        out->os_version = store_col_text(a, s, 2);
        out->architecture = store_col_text(a, s, 3);
        out->last_ping = store_col_text(a, s, 4);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_oco_installed(struct store_tenant *t, struct rm_arena *a, int64_t computer_id,
                        struct store_oco_installed **out, size_t *count)
{
    static const char count_sql[] = "SELECT count(*) FROM computer_package WHERE computer_id = ?";
    static const char sql[] =
        "SELECT cp.id, cp.package_id, p.package_family_id FROM computer_package cp "
        "JOIN package p ON p.id = cp.package_id WHERE cp.computer_id = ? ORDER BY cp.id";
    sqlite3_stmt *s = store_stmt(t, count_sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, computer_id);
    size_t n = sqlite3_step(s) == SQLITE_ROW ? (size_t)sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);
    *out = rm_arena_calloc(a, n + 1, sizeof **out);
    if (!*out || !(s = store_stmt(t, sql)))
        return RM_ENOMEM;
    sqlite3_bind_int64(s, 1, computer_id);
    size_t k = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW && k < n)
        (*out)[k++] = (struct store_oco_installed){ sqlite3_column_int64(s, 0),
                                                    sqlite3_column_int64(s, 1),
                                                    sqlite3_column_int64(s, 2) };
    sqlite3_reset(s);
    *count = k;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

int store_oco_ids(struct store_tenant *t, struct rm_arena *a, enum store_oco_ids which,
                  int64_t id, int64_t **out, size_t *count)
{
    static const char *const queries[] = {
        [STORE_OCO_COMPUTER_GROUP_MEMBERS] =
            "SELECT c.id FROM computer c JOIN computer_group_member m ON m.computer_id = c.id "
            "WHERE m.computer_group_id = ? ORDER BY c.hostname, c.id",
        [STORE_OCO_PACKAGE_GROUP_MEMBERS] =
            "SELECT package_id FROM package_group_member WHERE package_group_id = ? "
            "ORDER BY sequence, id",
        [STORE_OCO_PACKAGE_DEPENDENCIES] =
            "SELECT dependent_package_id FROM package_dependency WHERE package_id = ? ORDER BY id",
        [STORE_OCO_RULES_OF_COMPUTER_GROUP] =
            "SELECT id FROM deployment_rule WHERE computer_group_id = ? ORDER BY id",
        [STORE_OCO_RULES_OF_PACKAGE_GROUP] =
            "SELECT id FROM deployment_rule WHERE package_group_id = ? ORDER BY id",
        [STORE_OCO_GROUPS_OF_COMPUTER] =
            "SELECT DISTINCT computer_group_id FROM computer_group_member WHERE computer_id = ? "
            "ORDER BY computer_group_id",
    };
    sqlite3_stmt *s = store_stmt(t, queries[which]);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, id);
    size_t cap = 16, n = 0;
    int64_t *ids = rm_arena_alloc(a, cap * sizeof *ids);
    int rc;
    while (ids && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == cap) { /* grow within the arena: the old block is simply left behind */
            int64_t *grown = rm_arena_alloc(a, 2 * cap * sizeof *grown);
            if (grown)
                memcpy(grown, ids, n * sizeof *ids);
            ids = grown;
            cap *= 2;
            if (!ids)
                break;
        }
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    sqlite3_reset(s);
    if (!ids)
        return RM_ENOMEM;
    *out = ids;
    *count = n;
    return rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

int store_oco_rule_load(struct store_tenant *t, int64_t id, struct store_oco_rule *out)
{
    static const char sql[] = "SELECT id, computer_group_id, package_group_id, "
                              "post_action_timeout FROM deployment_rule WHERE id = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = (struct store_oco_rule){ sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
                                        sqlite3_column_int64(s, 2), sqlite3_column_int(s, 3) };
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

static bool kept_id(const int64_t *kept, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (kept[i] == id)
            return true;
    return false;
}

int store_oco_rule_jobs_replace(struct store_tenant *t, struct rm_arena *a, int64_t rule_id,
                                const struct store_oco_job *jobs, size_t count)
{
    /* The state rule: a job that succeeded stays 3 when it would become -5 (already
     * installed); one that failed or is running is not reset to waiting. */
    static const char update[] =
        "UPDATE deployment_rule_job SET procedure = ?5, success_return_codes = ?6, "
        "upgrade_behavior = ?7, download = ?8, post_action = ?9, post_action_timeout = ?10, "
        "sequence = ?11, state = CASE WHEN state = 3 AND ?12 = -5 THEN 3 "
        "WHEN ?12 = 0 AND state IN (-1, -2, -3, -4, 1, 2) THEN state ELSE ?12 END "
        "WHERE deployment_rule_id = ?1 AND computer_id = ?2 AND package_id = ?3 "
        "AND is_uninstall = ?4 RETURNING id";
    static const char insert[] =
        "INSERT INTO deployment_rule_job(deployment_rule_id, computer_id, package_id, "
        "is_uninstall, procedure, success_return_codes, upgrade_behavior, download, "
        "post_action, post_action_timeout, sequence, state) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id";
    static const char existing[] = "SELECT id FROM deployment_rule_job WHERE deployment_rule_id = ?";
    static const char remove[] = "DELETE FROM deployment_rule_job WHERE id = ?";
    int64_t *kept = rm_arena_alloc(a, (count + 1) * sizeof *kept);
    if (!kept)
        return RM_ENOMEM;
    int rc = RM_OK;
    for (size_t i = 0; rc == RM_OK && i < count; i++) {
        const struct store_oco_job *j = &jobs[i];
        int64_t id = -1;
        for (int pass = 0; pass < 2 && id < 0 && rc == RM_OK; pass++) {
            sqlite3_stmt *s = store_stmt(t, pass ? insert : update);
            if (!s) {
                rc = RM_EDB;
                break;
            }
            sqlite3_bind_int64(s, 1, rule_id);
            sqlite3_bind_int64(s, 2, j->computer_id);
            sqlite3_bind_int64(s, 3, j->package_id);
            sqlite3_bind_int(s, 4, j->is_uninstall);
            store_bind_text(s, 5, j->procedure);
            store_bind_text(s, 6, j->success_return_codes);
            sqlite3_bind_int(s, 7, j->upgrade_behavior);
            sqlite3_bind_int(s, 8, j->download);
            sqlite3_bind_int(s, 9, j->post_action);
            sqlite3_bind_int(s, 10, j->post_action_timeout);
            sqlite3_bind_int(s, 11, j->sequence);
            sqlite3_bind_int(s, 12, j->state);
            int step = sqlite3_step(s);
            if (step == SQLITE_ROW)
                id = sqlite3_column_int64(s, 0);
            else if (step != SQLITE_DONE)
                rc = RM_EDB;
            sqlite3_reset(s);
        }
        kept[i] = id;
    }
    /* Rows this evaluation did not produce again are gone. */
    int64_t *ids = NULL;
    size_t n = 0;
    if (rc == RM_OK) {
        sqlite3_stmt *s = store_stmt(t, existing);
        ids = s ? rm_arena_alloc(a, 16 * sizeof *ids) : NULL;
        size_t cap = 16;
        int step = SQLITE_DONE;
        if (s)
            sqlite3_bind_int64(s, 1, rule_id);
        while (ids && (step = sqlite3_step(s)) == SQLITE_ROW) {
            if (n == cap) {
                int64_t *grown = rm_arena_alloc(a, 2 * cap * sizeof *grown);
                if (grown)
                    memcpy(grown, ids, n * sizeof *ids);
                ids = grown;
                cap *= 2;
                if (!ids)
                    break;
            }
            ids[n++] = sqlite3_column_int64(s, 0);
        }
        if (s)
            sqlite3_reset(s);
        if (!ids || step != SQLITE_DONE)
            rc = ids ? RM_EDB : RM_ENOMEM;
    }
    for (size_t i = 0; rc == RM_OK && i < n; i++)
        if (!kept_id(kept, count, ids[i]))
            rc = store__exec(t, remove, ids[i], 0);
    return rc;
}

/* ---- job containers ---- */

int store_oco_container_insert(struct store_tenant *t, const struct store_oco_container *c,
                               int64_t *id_out)
{
    static const char sql[] =
        "INSERT INTO job_container(name, enabled, start_time, end_time, notes, wol_sent, "
        "shutdown_waked_after_completion, sequence_mode, priority, agent_ip_ranges, time_frames, "
        "self_service, created, created_by_system_user_id) "
        "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, c->name);
    store_bind_text(s, 2, c->start_time);
    store_bind_text(s, 3, c->end_time);
    store_bind_text(s, 4, c->notes);
    sqlite3_bind_int(s, 5, c->wol_sent);
    sqlite3_bind_int(s, 6, c->shutdown_waked_after_completion);
    sqlite3_bind_int(s, 7, c->sequence_mode);
    sqlite3_bind_int(s, 8, c->priority);
    store_bind_text(s, 9, c->agent_ip_ranges);
    store_bind_text(s, 10, c->time_frames);
    store_bind_text(s, 11, c->created);
    sqlite3_bind_int64(s, 12, c->created_by);
    int rc = store_step_done(s);
    if (rc == RM_OK)
        *id_out = sqlite3_last_insert_rowid(t->db);
    return rc;
}

int store_oco_static_job_insert(struct store_tenant *t, int64_t container_id,
                                const struct store_oco_job *j)
{
    static const char sql[] =
        "INSERT INTO job_container_job(job_container_id, computer_id, package_id, procedure, "
        "success_return_codes, upgrade_behavior, is_uninstall, download, post_action, "
        "post_action_timeout, sequence, state, message) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, container_id);
    sqlite3_bind_int64(s, 2, j->computer_id);
    sqlite3_bind_int64(s, 3, j->package_id);
    store_bind_text(s, 4, j->procedure);
    store_bind_text(s, 5, j->success_return_codes);
    sqlite3_bind_int(s, 6, j->upgrade_behavior);
    sqlite3_bind_int(s, 7, j->is_uninstall);
    sqlite3_bind_int(s, 8, j->download);
    sqlite3_bind_int(s, 9, j->post_action);
    sqlite3_bind_int(s, 10, j->post_action_timeout);
    sqlite3_bind_int(s, 11, j->sequence);
    sqlite3_bind_int(s, 12, j->state);
    return store_step_done(s);
}

int store_oco_container_shutdown_last(struct store_tenant *t, int64_t container_id,
                                      int64_t computer_id, const char *now)
{
    static const char sql[] =
        "UPDATE job_container_job SET post_action = 2, wol_shutdown_set = ?3 WHERE id = ("
        "SELECT id FROM job_container_job WHERE job_container_id = ?1 AND computer_id = ?2 "
        "ORDER BY sequence DESC, id DESC LIMIT 1) AND coalesce(post_action, 0) IN (0, 3)";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, container_id);
    sqlite3_bind_int64(s, 2, computer_id);
    store_bind_text(s, 3, now);
    return store_step_done(s);
}


cJSON *store_oco_containers(struct store_tenant *t)
{
    static const char sql[] =
        "SELECT jc.id, jc.name, jc.enabled, jc.start_time, jc.end_time, jc.notes, jc.wol_sent, "
        "jc.shutdown_waked_after_completion, jc.sequence_mode, jc.priority, jc.agent_ip_ranges, "
        "jc.time_frames, jc.self_service, jc.created, jc.created_by_system_user_id, "
        "jc.created_by_domain_user_id, su.username AS created_by_system_user_username, "
        "du.username AS created_by_domain_user_username, "
        "(SELECT max(execution_finished) FROM job_container_job j WHERE j.job_container_id = "
        "jc.id) AS execution_finished FROM job_container jc "
        "LEFT JOIN system_user su ON su.id = jc.created_by_system_user_id "
        "LEFT JOIN domain_user du ON du.id = jc.created_by_domain_user_id ORDER BY jc.id";
    return store__rows(t, sql, 0, 0);
}

/* The Job properties up to package_version, shared by static and dynamic jobs. */
#define JOB_COLUMNS                                                                               \
    "j.id, j.computer_id, j.package_id, j.procedure, j.success_return_codes, "                    \
    "j.upgrade_behavior, j.is_uninstall, j.download, j.post_action, j.post_action_timeout, "      \
    "j.sequence, j.state, j.download_progress, j.return_code, j.message, j.wol_shutdown_set, "    \
    "j.download_started, j.execution_started, j.execution_finished, "                             \
    "c.hostname AS computer_hostname, pf.name AS package_family_name, "                           \
    "p.version AS package_version"
#define JOB_JOINS                                                                                 \
    "JOIN computer c ON c.id = j.computer_id JOIN package p ON p.id = j.package_id "              \
    "JOIN package_family pf ON pf.id = p.package_family_id"

cJSON *store_oco_container_jobs(struct store_tenant *t, int64_t container_id)
{
    /* Of the job_container_* fields only the start time is selected (reference/oco.md). */
    static const char sql[] =
        "SELECT " JOB_COLUMNS ", j.job_container_id, jc.start_time AS job_container_start_time, "
        "NULL AS job_container_created_by_system_user_id, "
        "NULL AS job_container_created_by_domain_user_id, NULL AS job_container_enabled, "
        "NULL AS job_container_sequence_mode, NULL AS job_container_priority, "
        "NULL AS job_container_agent_ip_ranges, NULL AS job_container_time_frames, "
        "NULL AS job_container_self_service FROM job_container_job j "
        "JOIN job_container jc ON jc.id = j.job_container_id " JOB_JOINS
        " WHERE j.job_container_id = ? ORDER BY j.computer_id, j.sequence, j.id";
    return store__rows(t, sql, container_id, 0);
}



int store_oco_container_exists(struct store_tenant *t, int64_t id)
{
    static const char sql[] = "SELECT 1 FROM job_container WHERE id = ?";
    int64_t one;
    return store__int(t, sql, id, 0, &one);
}

int store_oco_container_delete(struct store_tenant *t, int64_t id)
{
    static const char sql[] = "DELETE FROM job_container WHERE id = ?";
    return store__exec(t, sql, id, 0);
}

int store_oco_static_job_exists(struct store_tenant *t, int64_t id)
{
    static const char sql[] = "SELECT 1 FROM job_container_job j "
                              "JOIN job_container jc ON jc.id = j.job_container_id WHERE j.id = ?";
    int64_t one;
    return store__int(t, sql, id, 0, &one);
}

int store_oco_static_job_delete(struct store_tenant *t, int64_t id)
{
    static const char sql[] = "DELETE FROM job_container_job WHERE id = ?";
    return store__exec(t, sql, id, 0);
}

int store_oco_installation(struct store_tenant *t, int64_t id, int64_t *computer_id,
                           int64_t *package_id)
{
    static const char sql[] = "SELECT cp.computer_id, cp.package_id FROM computer_package cp "
                              "JOIN computer c ON c.id = cp.computer_id "
                              "JOIN package p ON p.id = cp.package_id WHERE cp.id = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        *computer_id = sqlite3_column_int64(s, 0);
        *package_id = sqlite3_column_int64(s, 1);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_oco_installation_delete(struct store_tenant *t, int64_t id)
{
    static const char sql[] = "DELETE FROM computer_package WHERE id = ?";
    return store__exec(t, sql, id, 0);
}

cJSON *store_oco_rules(struct store_tenant *t)
{
    static const char sql[] =
        "SELECT r.id, r.name, r.notes, r.enabled, r.computer_group_id, r.package_group_id, "
        "r.sequence_mode, r.priority, r.post_action_timeout, r.created, "
        "r.created_by_system_user_id, su.username AS created_by_system_user_username "
        "FROM deployment_rule r LEFT JOIN system_user su ON su.id = r.created_by_system_user_id "
        "ORDER BY r.id";
    return store__rows(t, sql, 0, 0);
}

cJSON *store_oco_rule_jobs(struct store_tenant *t, int64_t rule_id)
{
    /* deployment_rule_name and the rest are not selected by the real server: null. */
    static const char sql[] =
        "SELECT " JOB_COLUMNS ", j.deployment_rule_id, NULL AS deployment_rule_name, "
        "NULL AS deployment_rule_created_by_system_user_id, NULL AS deployment_rule_enabled, "
        "NULL AS deployment_rule_sequence_mode, NULL AS deployment_rule_priority "
        "FROM deployment_rule_job j " JOB_JOINS
        " WHERE j.deployment_rule_id = ? ORDER BY j.computer_id, j.sequence, j.id";
    return store__rows(t, sql, rule_id, 0);
}
