/*
 * OCO data access over schema/oco.sql: settings, system users, computers and their
 * inventory. Each SELECT lists its columns in the real server's JSON key order, so
 * store_rows_json() gives the object shapes of reference/oco.md section 2 directly.
 */
#include "store/oco.h"

#include "store/store_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- settings and users ---- */

int store_oco_setting(struct store_tenant *t, struct rm_arena *a, const char *key,
                      const char **value)
{
    static const char sql[] = "SELECT value FROM setting WHERE key = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = store__col_text_or_null(a, s, 0, value);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_oco_user_find(struct store_tenant *t, struct rm_arena *a, const char *username,
                        struct store_oco_user *out)
{
    /* The role's JSON grants the API with "Special\ClientApi": true. SQLite matches a quoted
     * path label against the key as escaped in the JSON text, hence the doubled backslash. */
    static const char sql[] =
        "SELECT u.id, u.password, u.locked, "
        "coalesce(json_extract(r.permissions, '$.\"Special\\\\ClientApi\"'), 0) "
        "FROM system_user u JOIN system_user_role r ON r.id = u.system_user_role_id "
        "WHERE u.username = ? ORDER BY u.id LIMIT 1";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, username);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->id = sqlite3_column_int64(s, 0);
        out->password = store_col_text(a, s, 1);
        out->locked = sqlite3_column_int(s, 2);
        out->client_api = sqlite3_column_int(s, 3);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_oco_user_touch(struct store_tenant *t, int64_t user_id, const char *now)
{
    /* last_login has second resolution: writing the same value again changes nothing, so it
     * is not written (with --db PATH every write is an fsync). */
    static const char sql[] =
        "UPDATE system_user SET last_login = ?2 WHERE id = ?1 AND last_login IS NOT ?2";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, user_id);
    store_bind_text(s, 2, now);
    return store_step_done(s);
}

/* ---- computers ---- */

/* The Computer model's properties in order; the username is only filled by computer.get. */
#define COMPUTER_COLUMNS(username)                                                                \
    "c.id, c.uid, c.hostname, c.os, c.os_version, c.os_license, c.os_locale, c.kernel_version, "  \
    "c.architecture, c.cpu, c.gpu, c.ram, c.agent_version, c.remote_address, c.serial, "           \
    "c.manufacturer, c.model, c.bios_version, c.battery_level, c.battery_status, c.uptime, "       \
    "c.boot_type, c.domain, c.secure_boot, c.last_ping, c.last_update, c.force_update, c.notes, "  \
    "c.agent_key, c.server_key, c.created, c.created_by_system_user_id, NULL AS software_id, "     \
    "NULL AS software_name, NULL AS software_version, NULL AS computer_network_mac, " username    \
    " AS created_by_system_user_username, c.agent_timestamp"

cJSON *store_oco_computers(struct store_tenant *t, int64_t group_id)
{
    static const char all[] =
        "SELECT " COMPUTER_COLUMNS("NULL") " FROM computer c ORDER BY c.hostname, c.id";
    static const char members[] =
        "SELECT " COMPUTER_COLUMNS("NULL") " FROM computer c "
        "JOIN computer_group_member m ON m.computer_id = c.id WHERE m.computer_group_id = ? "
        "ORDER BY c.hostname, c.id";
    return store__rows(t, group_id ? members : all, group_id, 0);
}

cJSON *store_oco_computer_groups(struct store_tenant *t, int64_t parent_id)
{
    static const char roots[] = "SELECT id, parent_computer_group_id, name FROM computer_group "
                                "WHERE parent_computer_group_id IS NULL ORDER BY name, id";
    static const char children[] = "SELECT id, parent_computer_group_id, name FROM computer_group "
                                   "WHERE parent_computer_group_id = ? ORDER BY name, id";
    return store__rows(t, parent_id ? children : roots, parent_id, 0);
}

int store_oco_computer_group_name(struct store_tenant *t, struct rm_arena *a, int64_t id,
                                  const char **name)
{
    static const char sql[] = "SELECT name FROM computer_group WHERE id = ?";
    return store__text(t, a, sql, id, name);
}

/* pending_jobs of computer.get: static and dynamic jobs in state 0-2, only the fields the
 * real server selects filled (reference/oco.md "pending_jobs"). */
static const char pending_static[] =
    "SELECT j.id, NULL AS computer_id, j.package_id, j.procedure, NULL AS success_return_codes, "
    "NULL AS upgrade_behavior, j.is_uninstall, j.download, j.post_action, j.post_action_timeout, "
    "j.sequence, j.state, NULL AS download_progress, NULL AS return_code, NULL AS message, "
    "NULL AS wol_shutdown_set, NULL AS download_started, NULL AS execution_started, "
    "NULL AS execution_finished, NULL AS computer_hostname, pf.name AS package_family_name, "
    "p.version AS package_version, jc.id AS job_container_id, "
    "jc.start_time AS job_container_start_time, "
    "NULL AS job_container_created_by_system_user_id, "
    "NULL AS job_container_created_by_domain_user_id, jc.enabled AS job_container_enabled, "
    "NULL AS job_container_sequence_mode, jc.priority AS job_container_priority, "
    "NULL AS job_container_agent_ip_ranges, NULL AS job_container_time_frames, "
    "jc.self_service AS job_container_self_service, jc.name AS job_container_name "
    "FROM job_container_job j JOIN job_container jc ON jc.id = j.job_container_id "
    "JOIN package p ON p.id = j.package_id JOIN package_family pf ON pf.id = p.package_family_id "
    "WHERE j.computer_id = ? AND j.state IN (0, 1, 2) ORDER BY j.id";
static const char pending_dynamic[] =
    "SELECT j.id, NULL AS computer_id, j.package_id, j.procedure, NULL AS success_return_codes, "
    "NULL AS upgrade_behavior, j.is_uninstall, j.download, j.post_action, j.post_action_timeout, "
    "j.sequence, j.state, NULL AS download_progress, NULL AS return_code, NULL AS message, "
    "NULL AS wol_shutdown_set, NULL AS download_started, NULL AS execution_started, "
    "NULL AS execution_finished, NULL AS computer_hostname, pf.name AS package_family_name, "
    "p.version AS package_version, dr.id AS deployment_rule_id, "
    "dr.name AS deployment_rule_name, NULL AS deployment_rule_created_by_system_user_id, "
    "dr.enabled AS deployment_rule_enabled, NULL AS deployment_rule_sequence_mode, "
    "dr.priority AS deployment_rule_priority "
    "FROM deployment_rule_job j JOIN deployment_rule dr ON dr.id = j.deployment_rule_id "
    "JOIN package p ON p.id = j.package_id JOIN package_family pf ON pf.id = p.package_family_id "
    "WHERE j.computer_id = ? AND j.state IN (0, 1, 2) ORDER BY j.id";

static int job_priority(const cJSON *job)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(job, "job_container_priority");
    if (!p)
        p = cJSON_GetObjectItemCaseSensitive(job, "deployment_rule_priority");
    double v = p ? p->valuedouble : 0; /* a fixture may hold any number: clamp, then convert */
    return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

static int job_order(const void *x, const void *y)
{
    const cJSON *a = *(const cJSON *const *)x, *b = *(const cJSON *const *)y;
    int pa = job_priority(a), pb = job_priority(b);
    if (pa != pb)
        return pa < pb ? 1 : -1; /* priority descending (pb - pa overflows at the extremes) */
    double sa = cJSON_GetObjectItemCaseSensitive(a, "sequence")->valuedouble;
    double sb = cJSON_GetObjectItemCaseSensitive(b, "sequence")->valuedouble;
    return (sa > sb) - (sa < sb);
}

/* Static and dynamic pending jobs merged, by priority descending then sequence. */
static cJSON *pending_jobs(struct store_tenant *t, const char *static_sql, const char *dynamic_sql,
                           int64_t id)
{
    cJSON *st = store__rows(t, static_sql, id, 0), *dyn = store__rows(t, dynamic_sql, id, 0);
    cJSON *merged = NULL;
    size_t n = (size_t)cJSON_GetArraySize(st) + (size_t)cJSON_GetArraySize(dyn);
    cJSON **items = st && dyn ? calloc(n + 1, sizeof *items) : NULL;
    if (items) {
        size_t k = 0;
        cJSON *src[] = { st, dyn };
        for (int i = 0; i < 2; i++)
            while (src[i]->child)
                items[k++] = cJSON_DetachItemViaPointer(src[i], src[i]->child);
        /* qsort is not stable; equal keys keep static before dynamic by id via a tie on
         * sequence only, which matches the real server's usort closely enough (F-OCO-040). */
        qsort(items, n, sizeof *items, job_order);
        merged = cJSON_CreateArray();
        for (size_t i = 0; i < n; i++)
            cJSON_AddItemToArray(merged, items[i]);
    }
    free(items);
    cJSON_Delete(st);
    cJSON_Delete(dyn);
    return merged;
}

cJSON *store_oco_computer_details(struct store_tenant *t, int64_t id, int *rc)
{
    static const char general[] =
        "SELECT " COMPUTER_COLUMNS("u.username") " FROM computer c "
        "LEFT JOIN system_user u ON u.id = c.created_by_system_user_id WHERE c.id = ?";
    static const char groups[] =
        "SELECT g.id, g.parent_computer_group_id, g.name FROM computer_group g "
        "JOIN computer_group_member m ON m.computer_group_id = g.id WHERE m.computer_id = ? "
        "ORDER BY g.name, g.id";
    /* One row per domain user: latest logon and how many (reference: "grouped per user"). */
    static const char logins[] =
        "SELECT NULL AS id, NULL AS computer_id, l.domain_user_id, NULL AS console, "
        "max(l.timestamp) AS timestamp, count(*) AS logon_amount, NULL AS computer_hostname, "
        "du.username AS domain_user_username, du.display_name AS domain_user_display_name, "
        "du.uid AS domain_user_uid FROM domain_user_logon l "
        "JOIN domain_user du ON du.id = l.domain_user_id WHERE l.computer_id = ? "
        "GROUP BY l.domain_user_id ORDER BY timestamp DESC";
    static const char networks[] = "SELECT * FROM computer_network WHERE computer_id = ? ORDER BY id";
    static const char screens[] =
        "SELECT * FROM computer_screen WHERE computer_id = ? ORDER BY active DESC, id";
    static const char printers[] = "SELECT * FROM computer_printer WHERE computer_id = ? ORDER BY id";
    static const char filesystems[] =
        "SELECT * FROM computer_partition WHERE computer_id = ? ORDER BY id";
    static const char software[] =
        "SELECT cs.id, NULL AS computer_id, cs.software_id, cs.installed, s.name AS software_name, "
        "s.version AS software_version, s.description AS software_description "
        "FROM computer_software cs JOIN software s ON s.id = cs.software_id "
        "WHERE cs.computer_id = ? ORDER BY s.name, s.version, cs.id";
    static const char packages[] =
        "SELECT cp.id, cp.computer_id, cp.package_id, cp.installed_procedure, "
        "cp.installed_by_system_user_id, cp.installed_by_domain_user_id, cp.installed, "
        "c.hostname AS computer_hostname, p.package_family_id, pf.name AS package_family_name, "
        "p.version AS package_version, su.username AS installed_by_system_user_username, "
        "du.username AS installed_by_domain_user_username FROM computer_package cp "
        "JOIN computer c ON c.id = cp.computer_id JOIN package p ON p.id = cp.package_id "
        "JOIN package_family pf ON pf.id = p.package_family_id "
        "LEFT JOIN system_user su ON su.id = cp.installed_by_system_user_id "
        "LEFT JOIN domain_user du ON du.id = cp.installed_by_domain_user_id "
        "WHERE cp.computer_id = ? ORDER BY pf.name, p.version, cp.id";

    cJSON *general_rows = store__rows(t, general, id, 0);
    if (!general_rows || !general_rows->child) {
        *rc = general_rows ? RM_ENOTFOUND : RM_EDB;
        cJSON_Delete(general_rows);
        return NULL;
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "general", cJSON_DetachItemViaPointer(general_rows,
                                                                     general_rows->child));
    cJSON_Delete(general_rows);
    static const struct {
        const char *key;
        const char *sql;
    } parts[] = {
        { "groups", groups },           { "logins", logins },     { "networks", networks },
        { "screens", screens },         { "printers", printers }, { "filesystems", filesystems },
        { "recognised_software", software }, { "installed_packages", packages },
    };
    *rc = RM_OK;
    for (size_t i = 0; *rc == RM_OK && i < RM_ARRAY_LEN(parts); i++) {
        cJSON *part = store__rows(t, parts[i].sql, id, 0);
        if (!part)
            *rc = RM_EDB;
        cJSON_AddItemToObject(out, parts[i].key, part);
    }
    cJSON *pending = *rc == RM_OK ? pending_jobs(t, pending_static, pending_dynamic, id) : NULL;
    if (!pending)
        *rc = RM_EDB;
    cJSON_AddItemToObject(out, "pending_jobs", pending);
    if (*rc != RM_OK) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

int store_oco_computer_exists(struct store_tenant *t, int64_t id)
{
    static const char sql[] = "SELECT 1 FROM computer WHERE id = ?";
    int64_t one;
    return store__int(t, sql, id, 0, &one);
}

int store_oco_computer_hostname_taken(struct store_tenant *t, const char *hostname)
{
    /* utf8mb4_general_ci: no case, no trailing spaces (F-OCO-021) */
    static const char sql[] =
        "SELECT 1 FROM computer WHERE rtrim(hostname) = rtrim(?) COLLATE NOCASE LIMIT 1";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, hostname);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_oco_computer_insert(struct store_tenant *t, const char *hostname, const char *notes,
                              int64_t user_id, const char *now, int64_t *id_out)
{
    static const char sql[] = "INSERT INTO computer(hostname, notes, created, "
                              "created_by_system_user_id) VALUES (?, ?, ?, ?)";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, hostname);
    store_bind_text(s, 2, notes);
    store_bind_text(s, 3, now);
    sqlite3_bind_int64(s, 4, user_id);
    int rc = store_step_done(s);
    if (rc == RM_OK)
        *id_out = sqlite3_last_insert_rowid(sqlite3_db_handle(s));
    return rc;
}

int store_oco_computer_delete(struct store_tenant *t, int64_t id)
{
    static const char sql[] = "DELETE FROM computer WHERE id = ?";
    return store__exec(t, sql, id, 0);
}

int store_oco_computer_pending_jobs(struct store_tenant *t, int64_t id, int64_t *count)
{
    static const char sql[] =
        "SELECT (SELECT count(*) FROM job_container_job WHERE computer_id = ?1 AND state IN "
        "(0, 1, 2)) + (SELECT count(*) FROM deployment_rule_job WHERE computer_id = ?1 AND "
        "state IN (0, 1, 2))";
    return store__int(t, sql, id, 0, count);
}

int store_oco_computer_macs(struct store_tenant *t, int64_t id, int64_t *count)
{
    static const char sql[] = "SELECT count(*) FROM computer_network WHERE computer_id = ? AND "
                              "mac IS NOT NULL AND mac NOT IN ('', '-', '?')";
    return store__int(t, sql, id, 0, count);
}

int store_oco_computer_group_add(struct store_tenant *t, int64_t computer_id, int64_t group_id)
{
    /* Idempotent: a computer is a member once (OBSERVED). */
    static const char sql[] =
        "INSERT INTO computer_group_member(computer_id, computer_group_id) SELECT ?1, ?2 "
        "WHERE NOT EXISTS (SELECT 1 FROM computer_group_member WHERE computer_id = ?1 AND "
        "computer_group_id = ?2)";
    return store__exec(t, sql, computer_id, group_id);
}

int store_oco_computer_group_remove(struct store_tenant *t, int64_t computer_id,
                                    int64_t group_id)
{
    static const char sql[] =
        "DELETE FROM computer_group_member WHERE computer_id = ? AND computer_group_id = ?";
    return store__exec(t, sql, computer_id, group_id);
}

int store_oco_computer_count(struct store_tenant *t, int64_t *count)
{
    static const char sql[] = "SELECT count(*) FROM computer";
    return store__int(t, sql, 0, 0, count);
}

/* ---- reports ---- */

cJSON *store_oco_reports(struct store_tenant *t, int64_t group_id)
{
    static const char all[] = "SELECT id, report_group_id, name, notes, query FROM report ORDER BY id";
    static const char of_group[] = "SELECT id, report_group_id, name, notes, query FROM report "
                                   "WHERE report_group_id = ? ORDER BY id";
    return store__rows(t, group_id ? of_group : all, group_id, 0);
}

cJSON *store_oco_report_groups(struct store_tenant *t, int64_t parent_id)
{
    static const char roots[] = "SELECT id, parent_report_group_id, name FROM report_group "
                                "WHERE parent_report_group_id IS NULL ORDER BY id";
    static const char children[] = "SELECT id, parent_report_group_id, name FROM report_group "
                                   "WHERE parent_report_group_id = ? ORDER BY id";
    return store__rows(t, parent_id ? children : roots, parent_id, 0);
}

int store_oco_report_group_name(struct store_tenant *t, struct rm_arena *a, int64_t id,
                                const char **name)
{
    static const char sql[] = "SELECT name FROM report_group WHERE id = ?";
    return store__text(t, a, sql, id, name);
}

int store_oco_report_query(struct store_tenant *t, struct rm_arena *a, int64_t id,
                           const char **query)
{
    static const char sql[] = "SELECT query FROM report WHERE id = ?";
    return store__text(t, a, sql, id, query);
}

/* Reports may read and compute, nothing else: no writes, no ATTACH (other tenants' files),
 * no PRAGMA, no transaction control (issue: report.execute is read-only, F-OCO-070). */
static int read_only(void *ctx, int action, const char *a, const char *b, const char *c,
                     const char *d)
{
    (void)ctx, (void)a, (void)b, (void)c, (void)d;
    switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_FUNCTION:
    case SQLITE_RECURSIVE:
        return SQLITE_OK;
    default:
        return SQLITE_DENY;
    }
}

/* F-CORE-012: what one report may cost. A report holds its tenant's lock while it runs, so
 * a runaway one would stall every other request of the tenant and could eat the memory of
 * the whole server. */
#define REPORT_MAX_MS 5000          /* wall time; then -32000 "interrupted" */
#define REPORT_MAX_ROWS 100000      /* rows in the reply */
#define REPORT_MAX_LENGTH (16 << 20) /* bytes of one string or blob value */
#define REPORT_MAX_BYTES (64 << 20)  /* bytes of all values together */

static int64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int past_deadline(void *ctx)
{
    return monotonic_ms() > *(const int64_t *)ctx;
}

int store_oco_report_run(struct store_tenant *t, struct rm_arena *a, const char *query,
                         cJSON **out, const char **error)
{
    sqlite3 *db = t->db;
    *out = NULL;
    /* The MySQL-compatible functions were registered when the connection opened. */
    if (store_exec(db, "SAVEPOINT report") != RM_OK)
        return RM_EDB;
    sqlite3_set_authorizer(db, read_only, NULL);
    int64_t deadline = monotonic_ms() + REPORT_MAX_MS;
    sqlite3_progress_handler(db, 10000, past_deadline, &deadline);
    int old_length = sqlite3_limit(db, SQLITE_LIMIT_LENGTH, REPORT_MAX_LENGTH);
    sqlite3_stmt *stmt = NULL;
    bool too_many = false;
    /* Only the first statement is compiled: text after it is never run. */
    int rc = sqlite3_prepare_v2(db, query, -1, &stmt, NULL);
    if (rc == SQLITE_OK && stmt) {
        *out = store_rows_json_max(stmt, REPORT_MAX_ROWS, REPORT_MAX_BYTES, &too_many);
        rc = *out ? SQLITE_OK : SQLITE_ERROR;
    }
    if (too_many)
        *error = rm_arena_printf(a, "rmmsim: a report may return at most %d rows and %d MiB",
                                 REPORT_MAX_ROWS, REPORT_MAX_BYTES >> 20);
    else if (rc != SQLITE_OK && sqlite3_errcode(db) == SQLITE_INTERRUPT)
        *error = rm_arena_printf(a, "rmmsim: the report ran longer than %d ms and was stopped",
                                 REPORT_MAX_MS);
    else if (rc != SQLITE_OK)
        *error = rm_arena_strdup(a, sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, old_length);
    sqlite3_progress_handler(db, 0, NULL, NULL);
    sqlite3_set_authorizer(db, NULL, NULL);
    store_exec(db, "ROLLBACK TO report");
    store_exec(db, "RELEASE report");
    if (rc == SQLITE_OK && !*out)
        *out = cJSON_CreateArray(); /* an empty query text: no statement, no rows */
    return rc == SQLITE_OK ? RM_OK : RM_EINVAL;
}
