/*
 * RemotePC data access over schema/remotepc.sql, and the "remotepc" fixture section.
 * SQL text is static so store_stmt() caches each statement per tenant.
 */
#include "store/remotepc.h"

#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* ---- fixture section ---- */

/* The loader's statements, prepared once per load on the fixture database. */
struct rp_loader {
    sqlite3 *db;
    sqlite3_stmt *account, *key, *user, *group, *computer, *assign, *ruser;
};

static const char SQL_FX_ACCOUNT[] =
    "INSERT INTO rp_account(kind, name, admin, plan_expired, sso_configured, ip_allowlist) "
    "VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_FX_KEY[] = "INSERT INTO rp_api_key(key, account_id, owner) VALUES (?, ?, ?)";
static const char SQL_FX_USER[] =
    "INSERT INTO rp_user(account_id, username, firstname, lastname, password, state, status_2fa, "
    "sso, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FX_GROUP[] = "INSERT INTO rp_group(account_id, name) VALUES (?, ?)";
static const char SQL_FX_COMPUTER[] =
    "INSERT INTO rp_computer(account_id, machine_id, host_name, host_os_text, host_os_version, "
    "host_ip, online, last_session, comments, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
    "(SELECT id FROM rp_group WHERE account_id = ?1 AND name = ?10))";
static const char SQL_FX_ASSIGN[] =
    "INSERT OR IGNORE INTO rp_assignment(user_id, computer_id) "
    "SELECT id, ? FROM rp_user WHERE account_id = ? AND username = ? AND state = 'active'";
static const char SQL_FX_RUSER[] =
    "INSERT INTO rp_reseller_user(account_id, username, firstname, lastname, password, "
    "alloted_computers, state, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

static int fx_step(sqlite3_stmt *stmt, struct store_fixture_error *err, const char *path)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc == SQLITE_DONE)
        return RM_OK;
    return store_fx_fail(err, path, NULL, sqlite3_errmsg(sqlite3_db_handle(stmt)));
}

static int fx_time(const cJSON *obj, const char *path, int64_t *ms, struct store_fixture_error *err)
{
    const char *text = NULL;
    int rc = store_fx_string(obj, path, "created", false, &text, err);
    if (rc == RM_OK && text && store_fx_parse_time(text, ms) != RM_OK)
        rc = store_fx_fail(err, path, "created", "must be a time like 2026-01-15T09:30:00Z");
    return rc;
}

/* Joins the ipAllowlist array into "a b c", checking each entry is a string. */
static int fx_allowlist(const cJSON *acct, const char *path, char *out, size_t size,
                        struct store_fixture_error *err)
{
    const cJSON *list;
    int rc = store_fx_array(acct, path, "ipAllowlist", false, &list, err);
    out[0] = '\0';
    size_t used = 0;
    for (const cJSON *ip = list ? list->child : NULL; rc == RM_OK && ip; ip = ip->next) {
        if (!cJSON_IsString(ip) || strchr(ip->valuestring, ' '))
            return store_fx_fail(err, path, "ipAllowlist", "must hold address strings");
        int n = snprintf(out + used, size - used, "%s%s", used ? " " : "", ip->valuestring);
        if (n < 0 || (size_t)n >= size - used)
            return store_fx_fail(err, path, "ipAllowlist", "is too long");
        used += (size_t)n;
    }
    return rc;
}

static int fx_keys(struct rp_loader *l, const cJSON *acct, const char *path, int64_t account_id,
                   struct store_fixture_error *err)
{
    const cJSON *keys;
    int rc = store_fx_array(acct, path, "keys", true, &keys, err);
    int i = 0;
    for (const cJSON *k = keys ? keys->child : NULL; rc == RM_OK && k; k = k->next, i++) {
        char kpath[200];
        snprintf(kpath, sizeof kpath, "%s.keys[%d]", path, i);
        const char *key = NULL;
        bool owner = true;
        rc = store_fx_string(k, kpath, "key", true, &key, err);
        if (rc == RM_OK)
            rc = store_fx_bool(k, kpath, "owner", false, &owner, err);
        if (rc != RM_OK)
            break;
        sqlite3_bind_text(l->key, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(l->key, 2, account_id);
        sqlite3_bind_int(l->key, 3, owner);
        rc = fx_step(l->key, err, kpath);
    }
    return rc;
}

static int fx_account(struct rp_loader *l, const cJSON *acct, const char *path, bool enterprise,
                      int64_t *id_out, struct store_fixture_error *err)
{
    const char *name = NULL, *admin = "";
    bool expired = false, sso = false;
    char allow[1024];
    if (!cJSON_IsObject(acct))
        return store_fx_fail(err, path, NULL, "must be an object");
    int rc = store_fx_string(acct, path, "name", true, &name, err);
    if (rc == RM_OK)
        rc = store_fx_string(acct, path, "admin", false, &admin, err);
    if (rc == RM_OK)
        rc = store_fx_bool(acct, path, "planExpired", false, &expired, err);
    if (rc == RM_OK)
        rc = store_fx_bool(acct, path, "ssoConfigured", false, &sso, err);
    if (rc == RM_OK)
        rc = fx_allowlist(acct, path, allow, sizeof allow, err);
    if (rc != RM_OK)
        return rc;
    sqlite3_stmt *s = l->account;
    sqlite3_bind_text(s, 1, enterprise ? "enterprise" : "reseller", -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, admin, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 4, expired);
    sqlite3_bind_int(s, 5, sso);
    sqlite3_bind_text(s, 6, allow, -1, SQLITE_STATIC);
    if ((rc = fx_step(s, err, path)) != RM_OK)
        return rc;
    *id_out = sqlite3_last_insert_rowid(l->db);
    return fx_keys(l, acct, path, *id_out, err);
}

static int fx_enterprise_user(struct rp_loader *l, const cJSON *u, const char *path,
                              int64_t account_id, struct store_fixture_error *err)
{
    const char *username = NULL, *first = "", *last = "", *password = NULL, *state = "active";
    int64_t twofa = 0, sso = 0, created = 0;
    int rc = store_fx_string(u, path, "username", true, &username, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "firstname", false, &first, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "lastname", false, &last, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "password", false, &password, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "state", false, &state, err);
    if (rc == RM_OK && strcmp(state, "active") != 0 && strcmp(state, "invited") != 0)
        rc = store_fx_fail(err, path, "state", "must be \"active\" or \"invited\"");
    if (rc == RM_OK)
        rc = store_fx_int(u, path, "status2FA", false, &twofa, err);
    if (rc == RM_OK)
        rc = store_fx_int(u, path, "sso", false, &sso, err);
    if (rc == RM_OK)
        rc = fx_time(u, path, &created, err);
    if (rc != RM_OK)
        return rc;
    sqlite3_stmt *s = l->user;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, username);
    store_bind_text(s, 3, first);
    store_bind_text(s, 4, last);
    store_bind_text(s, 5, password);
    store_bind_text(s, 6, state);
    sqlite3_bind_int64(s, 7, twofa);
    sqlite3_bind_int64(s, 8, sso);
    sqlite3_bind_int64(s, 9, created);
    return fx_step(s, err, path);
}

static int fx_computer(struct rp_loader *l, const cJSON *c, const char *path, int64_t account_id,
                       struct store_fixture_error *err)
{
    const char *machine = NULL, *host = NULL, *os = NULL, *version = "", *ip = "0.0.0.0";
    const char *last = NULL, *comments = "", *group = NULL;
    bool online = false;
    const cJSON *assigned;
    int rc = store_fx_string(c, path, "machineId", true, &machine, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "hostName", true, &host, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "osText", true, &os, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "osVersion", false, &version, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "ip", false, &ip, err);
    if (rc == RM_OK)
        rc = store_fx_bool(c, path, "online", false, &online, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "lastSession", false, &last, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "comments", false, &comments, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "group", false, &group, err);
    if (rc == RM_OK)
        rc = store_fx_array(c, path, "assignedTo", false, &assigned, err);
    if (rc != RM_OK)
        return rc;
    sqlite3_stmt *s = l->computer;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, machine);
    store_bind_text(s, 3, host);
    store_bind_text(s, 4, os);
    store_bind_text(s, 5, version);
    store_bind_text(s, 6, ip);
    sqlite3_bind_int(s, 7, online);
    store_bind_text(s, 8, last);
    store_bind_text(s, 9, comments);
    store_bind_text(s, 10, group);
    if ((rc = fx_step(s, err, path)) != RM_OK)
        return rc;
    int64_t computer_id = sqlite3_last_insert_rowid(l->db);
    for (const cJSON *u = assigned ? assigned->child : NULL; u; u = u->next) {
        if (!cJSON_IsString(u))
            return store_fx_fail(err, path, "assignedTo", "must hold usernames");
        sqlite3_bind_int64(l->assign, 1, computer_id);
        sqlite3_bind_int64(l->assign, 2, account_id);
        sqlite3_bind_text(l->assign, 3, u->valuestring, -1, SQLITE_STATIC);
        if ((rc = fx_step(l->assign, err, path)) != RM_OK)
            return rc;
        if (sqlite3_changes(l->db) == 0)
            return store_fx_fail(err, path, "assignedTo", "names a user who is not active here");
    }
    return RM_OK;
}

static const char *const ruser_states[] = {
    [STORE_RP_RUSER_ACTIVE] = "active",
    [STORE_RP_RUSER_INVITED] = "invited",
    [STORE_RP_RUSER_CANCELLED] = "cancelled",
    [STORE_RP_RUSER_PARENT_SUSPENDED] = "parent_suspended",
    [STORE_RP_RUSER_IP_BLOCKED] = "ip_blocked",
};

static int fx_reseller_user(struct rp_loader *l, const cJSON *u, const char *path,
                            int64_t account_id, struct store_fixture_error *err)
{
    const char *username = NULL, *first = "", *last = "", *password = NULL, *state = "active";
    int64_t alloted = 0, created = 0;
    int rc = store_fx_string(u, path, "username", true, &username, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "firstName", false, &first, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "lastName", false, &last, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "password", false, &password, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "state", false, &state, err);
    bool known = false;
    for (size_t i = 0; i < RM_ARRAY_LEN(ruser_states); i++)
        known |= strcmp(state, ruser_states[i]) == 0;
    if (rc == RM_OK && !known)
        rc = store_fx_fail(err, path, "state",
                           "must be active, invited, cancelled, parent_suspended or ip_blocked");
    if (rc == RM_OK)
        rc = store_fx_int(u, path, "allotedComputers", false, &alloted, err);
    if (rc == RM_OK)
        rc = fx_time(u, path, &created, err);
    if (rc != RM_OK)
        return rc;
    sqlite3_stmt *s = l->ruser;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, username);
    store_bind_text(s, 3, first);
    store_bind_text(s, 4, last);
    store_bind_text(s, 5, password);
    sqlite3_bind_int64(s, 6, alloted);
    store_bind_text(s, 7, state);
    sqlite3_bind_int64(s, 8, created);
    return fx_step(s, err, path);
}

typedef int (*fx_item_fn)(struct rp_loader *l, const cJSON *item, const char *path,
                          int64_t account_id, struct store_fixture_error *err);

/* Runs fn over every object of the array at key. */
static int fx_each(struct rp_loader *l, const cJSON *acct, const char *path, const char *key,
                   int64_t account_id, fx_item_fn fn, struct store_fixture_error *err)
{
    const cJSON *list;
    int rc = store_fx_array(acct, path, key, false, &list, err);
    int i = 0;
    for (const cJSON *item = list ? list->child : NULL; rc == RM_OK && item; item = item->next) {
        char ipath[200];
        snprintf(ipath, sizeof ipath, "%s.%s[%d]", path, key, i++);
        rc = cJSON_IsObject(item) ? fn(l, item, ipath, account_id, err)
                                  : store_fx_fail(err, ipath, NULL, "must be an object");
    }
    return rc;
}

static int fx_group(struct rp_loader *l, const cJSON *g, const char *path, int64_t account_id,
                    struct store_fixture_error *err)
{
    if (!cJSON_IsString(g))
        return store_fx_fail(err, path, NULL, "must be a group name");
    sqlite3_bind_int64(l->group, 1, account_id);
    sqlite3_bind_text(l->group, 2, g->valuestring, -1, SQLITE_STATIC);
    return fx_step(l->group, err, path);
}

static int fx_groups(struct rp_loader *l, const cJSON *acct, const char *path, int64_t account_id,
                     struct store_fixture_error *err)
{
    const cJSON *list;
    int rc = store_fx_array(acct, path, "groups", false, &list, err);
    int i = 0;
    for (const cJSON *g = list ? list->child : NULL; rc == RM_OK && g; g = g->next) {
        char gpath[200];
        snprintf(gpath, sizeof gpath, "%s.groups[%d]", path, i++);
        rc = fx_group(l, g, gpath, account_id, err);
    }
    return rc;
}

static int fx_accounts(struct rp_loader *l, const cJSON *section, bool enterprise,
                       struct store_fixture_error *err)
{
    const char *key = enterprise ? "enterprise" : "reseller";
    const cJSON *list;
    int rc = store_fx_array(section, "$.remotepc", key, false, &list, err);
    int i = 0;
    for (const cJSON *acct = list ? list->child : NULL; rc == RM_OK && acct; acct = acct->next) {
        char path[128];
        snprintf(path, sizeof path, "$.remotepc.%s[%d]", key, i++);
        int64_t id = 0;
        rc = fx_account(l, acct, path, enterprise, &id, err);
        if (rc == RM_OK && enterprise) {
            rc = fx_each(l, acct, path, "users", id, fx_enterprise_user, err);
            if (rc == RM_OK)
                rc = fx_groups(l, acct, path, id, err);
            if (rc == RM_OK)
                rc = fx_each(l, acct, path, "computers", id, fx_computer, err);
        } else if (rc == RM_OK) {
            rc = fx_each(l, acct, path, "users", id, fx_reseller_user, err);
        }
    }
    return rc;
}

static int load_section(sqlite3 *db, const cJSON *section, struct store_fixture_error *err)
{
    if (!cJSON_IsObject(section))
        return store_fx_fail(err, "$.remotepc", NULL, "must be an object");
    struct rp_loader l = { .db = db };
    struct {
        sqlite3_stmt **stmt;
        const char *sql;
    } prepare[] = {
        { &l.account, SQL_FX_ACCOUNT }, { &l.key, SQL_FX_KEY },
        { &l.user, SQL_FX_USER },       { &l.group, SQL_FX_GROUP },
        { &l.computer, SQL_FX_COMPUTER }, { &l.assign, SQL_FX_ASSIGN },
        { &l.ruser, SQL_FX_RUSER },
    };
    int rc = RM_OK;
    for (size_t i = 0; rc == RM_OK && i < RM_ARRAY_LEN(prepare); i++)
        if (sqlite3_prepare_v2(db, prepare[i].sql, -1, prepare[i].stmt, NULL) != SQLITE_OK)
            rc = store_fx_fail(err, "$.remotepc", NULL, sqlite3_errmsg(db));
    if (rc == RM_OK)
        rc = fx_accounts(&l, section, true, err);
    if (rc == RM_OK)
        rc = fx_accounts(&l, section, false, err);
    for (size_t i = 0; i < RM_ARRAY_LEN(prepare); i++)
        sqlite3_finalize(*prepare[i].stmt);
    return rc;
}

/* F-CTL-003: a created tenant's own API keys replace the fixture's built-in ones (the other
 * keys of the fixture, a sub-admin's or an expired plan's, stay as they are). */
static int issue(sqlite3 *db, struct store_issue *iss)
{
    static const struct {
        const char *api, *builtin, *suffix;
    } keys[] = {
        { "remotepc-enterprise", "demo-enterprise-key", "enterprise-key" },
        { "remotepc-reseller", "demo-reseller-key", "reseller-key" },
    };
    for (size_t i = 0; i < RM_ARRAY_LEN(keys); i++) {
        char key[STORE_CREDENTIAL_MAX];
        int rc = store_issue_replace(db, iss, "UPDATE rp_api_key SET key = ?1 WHERE key = ?2",
                                     "SELECT 1 FROM rp_api_key WHERE key = ?1", keys[i].builtin,
                                     keys[i].suffix, key);
        if (rc == RM_ENOTFOUND)
            continue;
        if (rc != RM_OK)
            return rc;
        cJSON *c = cJSON_AddObjectToObject(iss->credentials, keys[i].api);
        char header[STORE_CREDENTIAL_MAX + 8];
        snprintf(header, sizeof header, "Bearer %s", key);
        if (!c || !cJSON_AddStringToObject(c, "apiKey", key) ||
            !cJSON_AddStringToObject(c, "authorization", header))
            return RM_ENOMEM;
    }
    return RM_OK;
}

/* ---- export (F-CTL-050): the section back in the loader's format ---- */

static bool ex_time(cJSON *o, const char *key, int64_t ms)
{
    char text[32];
    rm_clock_format_iso(ms, text);
    return cJSON_AddStringToObject(o, key, text) != NULL;
}

/* Keys are a WITHOUT ROWID table (ordered by key): sorted by the written value, so a
 * tenant's export does not depend on its own key's spelling. */
static bool ex_key(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    static const struct {
        const char *builtin, *suffix;
    } issued[] = {{"demo-enterprise-key", "enterprise-key"}, {"demo-reseller-key", "reseller-key"}};
    (void)db;
    const char *key = (const char *)sqlite3_column_text(s, 0);
    for (size_t i = 0; i < RM_ARRAY_LEN(issued); i++)
        key = store_export_credential(ex, key, issued[i].builtin, issued[i].suffix);
    cJSON *k = cJSON_CreateObject();
    if (!k || !cJSON_AddStringToObject(k, "key", key) ||
        !cJSON_AddBoolToObject(k, "owner", sqlite3_column_int(s, 1))) {
        cJSON_Delete(k);
        return false;
    }
    int index = 0;
    for (const cJSON *o = into->child;
         o && strcmp(cJSON_GetObjectItemCaseSensitive(o, "key")->valuestring, key) < 0; o = o->next)
        index++;
    /* k goes at index. Not by cJSON_InsertItemInArray: Debian 12's cJSON (1.7.15 with the
     * CVE-2023-50471 fix backported) refuses every insert inside an array, as upstream 1.7.17
     * did. The keys after index move behind k instead. */
    cJSON *tail = cJSON_CreateArray();
    if (!tail) {
        cJSON_Delete(k);
        return false;
    }
    while (cJSON_GetArraySize(into) > index)
        cJSON_AddItemToArray(tail, cJSON_DetachItemFromArray(into, index));
    cJSON_AddItemToArray(into, k);
    while (tail->child)
        cJSON_AddItemToArray(into, cJSON_DetachItemFromArray(tail, 0));
    cJSON_Delete(tail);
    return true;
}

static bool ex_user(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    (void)db;
    (void)ex;
    cJSON *u = store__export_item(into);
    return u && store__export_text(u, "username", s, 0) &&
           store__export_text(u, "firstname", s, 1) && store__export_text(u, "lastname", s, 2) &&
           store__export_text(u, "password", s, 3) && store__export_text(u, "state", s, 4) &&
           cJSON_AddNumberToObject(u, "status2FA", sqlite3_column_int(s, 5)) &&
           cJSON_AddNumberToObject(u, "sso", sqlite3_column_int(s, 6)) &&
           ex_time(u, "created", sqlite3_column_int64(s, 7));
}

static bool ex_computer(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    static const char assigned_sql[] =
        "SELECT u.username FROM rp_assignment x JOIN rp_user u ON u.id = x.user_id "
        "WHERE x.computer_id = ? ORDER BY u.id";
    cJSON *c = store__export_item(into);
    return c && store__export_text(c, "machineId", s, 1) &&
           store__export_text(c, "hostName", s, 2) && store__export_text(c, "osText", s, 3) &&
           store__export_text(c, "osVersion", s, 4) && store__export_text(c, "ip", s, 5) &&
           cJSON_AddBoolToObject(c, "online", sqlite3_column_int(s, 6)) &&
           store__export_text(c, "lastSession", s, 7) && store__export_text(c, "comments", s, 8) &&
           store__export_text(c, "group", s, 9) &&
           store__export_rows(db, assigned_sql, sqlite3_column_int64(s, 0), ex,
                              store__export_string, cJSON_AddArrayToObject(c, "assignedTo"));
}

static bool ex_ruser(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    (void)db;
    (void)ex;
    cJSON *u = store__export_item(into);
    return u && store__export_text(u, "username", s, 0) &&
           store__export_text(u, "firstName", s, 1) && store__export_text(u, "lastName", s, 2) &&
           store__export_text(u, "password", s, 3) && store__export_text(u, "state", s, 4) &&
           cJSON_AddNumberToObject(u, "allotedComputers", (double)sqlite3_column_int64(s, 5)) &&
           ex_time(u, "created", sqlite3_column_int64(s, 6));
}

static bool ex_account(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    static const char keys_sql[] = "SELECT key, owner FROM rp_api_key WHERE account_id = ?";
    static const char users_sql[] =
        "SELECT username, firstname, lastname, password, state, status_2fa, sso, created_ms "
        "FROM rp_user WHERE account_id = ? ORDER BY id";
    static const char groups_sql[] = "SELECT name FROM rp_group WHERE account_id = ? ORDER BY id";
    static const char computers_sql[] =
        "SELECT c.id, c.machine_id, c.host_name, c.host_os_text, c.host_os_version, c.host_ip, "
        "c.online, c.last_session, c.comments, g.name FROM rp_computer c "
        "LEFT JOIN rp_group g ON g.id = c.group_id WHERE c.account_id = ? ORDER BY c.id";
    static const char rusers_sql[] =
        "SELECT username, firstname, lastname, password, state, alloted_computers, created_ms "
        "FROM rp_reseller_user WHERE account_id = ? ORDER BY id";
    int64_t id = sqlite3_column_int64(s, 0);
    bool enterprise = strcmp((const char *)sqlite3_column_text(s, 1), "enterprise") == 0;
    cJSON *a = store__export_item(into);
    if (!a)
        return false;
    cJSON *allow = cJSON_AddArrayToObject(a, "ipAllowlist");
    char list[1024];
    snprintf(list, sizeof list, "%s", (const char *)sqlite3_column_text(s, 6));
    for (char *save = NULL, *ip = strtok_r(list, " ", &save); allow && ip;
         ip = strtok_r(NULL, " ", &save))
        if (!cJSON_AddItemToArray(allow, cJSON_CreateString(ip)))
            return false;
    bool ok = allow && store__export_text(a, "name", s, 2) &&
              store__export_text(a, "admin", s, 3) &&
              cJSON_AddBoolToObject(a, "planExpired", sqlite3_column_int(s, 4)) &&
              cJSON_AddBoolToObject(a, "ssoConfigured", sqlite3_column_int(s, 5)) &&
              store__export_rows(db, keys_sql, id, ex, ex_key, cJSON_AddArrayToObject(a, "keys"));
    if (ok && enterprise)
        ok = store__export_rows(db, users_sql, id, ex, ex_user,
                                cJSON_AddArrayToObject(a, "users")) &&
             store__export_rows(db, groups_sql, id, ex, store__export_string,
                                cJSON_AddArrayToObject(a, "groups")) &&
             store__export_rows(db, computers_sql, id, ex, ex_computer,
                                cJSON_AddArrayToObject(a, "computers"));
    else if (ok)
        ok = store__export_rows(db, rusers_sql, id, ex, ex_ruser,
                                cJSON_AddArrayToObject(a, "users"));
    return ok;
}

/* Served links (rp_link) are not state a fixture holds: they live minutes (F-CTL-057). */
static cJSON *export_section(sqlite3 *db, const struct store_export *ex)
{
    static const char enterprise_sql[] =
        "SELECT id, kind, name, admin, plan_expired, sso_configured, ip_allowlist FROM rp_account "
        "WHERE kind = 'enterprise' ORDER BY id";
    static const char reseller_sql[] =
        "SELECT id, kind, name, admin, plan_expired, sso_configured, ip_allowlist FROM rp_account "
        "WHERE kind = 'reseller' ORDER BY id";
    cJSON *out = cJSON_CreateObject();
    if (!out ||
        !store__export_rows(db, enterprise_sql, 0, ex, ex_account,
                            cJSON_AddArrayToObject(out, "enterprise")) ||
        !store__export_rows(db, reseller_sql, 0, ex, ex_account,
                            cJSON_AddArrayToObject(out, "reseller"))) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

const struct store_section store_rp_section = {
    .name = "remotepc",
    .schema_sql = "schema/remotepc.sql",
    .load = load_section,
    .load_absent = NULL,
    .issue = issue,
    .export = export_section,
};

/* ---- accounts ---- */

int store_rp_key_find(struct store_tenant *t, struct rm_arena *a, const char *key,
                      struct store_rp_key *out)
{
    static const char sql[] =
        "SELECT a.id, a.kind, k.owner, a.plan_expired, a.sso_configured, a.ip_allowlist "
        "FROM rp_api_key k JOIN rp_account a ON a.id = k.account_id WHERE k.key = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, key);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->account_id = sqlite3_column_int64(s, 0);
        out->kind = strcmp((const char *)sqlite3_column_text(s, 1), "reseller") == 0
                        ? STORE_RP_RESELLER
                        : STORE_RP_ENTERPRISE;
        out->owner = sqlite3_column_int(s, 2);
        out->plan_expired = sqlite3_column_int(s, 3);
        out->sso_configured = sqlite3_column_int(s, 4);
        out->allowlist = store_col_text(a, s, 5);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? (out->allowlist ? RM_OK : RM_ENOMEM)
           : rc == SQLITE_DONE ? RM_ENOTFOUND
                               : RM_EDB;
}

/* ---- Enterprise users ---- */

/* Reads a row; with a NULL arena the strings are SQLite's own, valid until the next step
 * (the page callbacks' contract), else arena copies. */
static const char *col(struct rm_arena *a, sqlite3_stmt *s, int i)
{
    return a ? store_col_text(a, s, i) : (const char *)sqlite3_column_text(s, i);
}

static void read_user(struct rm_arena *a, sqlite3_stmt *s, struct store_rp_user *u)
{
    u->id = sqlite3_column_int64(s, 0);
    u->username = col(a, s, 1);
    u->firstname = col(a, s, 2);
    u->lastname = col(a, s, 3);
    u->active = strcmp((const char *)sqlite3_column_text(s, 4), "active") == 0;
}

#define USER_COLUMNS "id, username, firstname, lastname, state"

int store_rp_user_find(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                       const char *username, struct store_rp_user *out)
{
    static const char sql[] =
        "SELECT " USER_COLUMNS " FROM rp_user WHERE account_id = ? AND username = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, username);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_user(a, s, out);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_rp_user_find_elsewhere(struct store_tenant *t, int64_t account_id, const char *username)
{
    static const char sql[] =
        "SELECT 1 FROM rp_user WHERE username = ? AND account_id <> ? LIMIT 1";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, username);
    sqlite3_bind_int64(s, 2, account_id);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_rp_user_insert(struct store_tenant *t, int64_t account_id, const char *username,
                         const char *firstname, const char *lastname, const char *password,
                         bool active, int status_2fa, int sso, int64_t created_ms)
{
    static const char sql[] =
        "INSERT INTO rp_user(account_id, username, firstname, lastname, password, state, "
        "status_2fa, sso, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, username);
    store_bind_text(s, 3, firstname);
    store_bind_text(s, 4, lastname);
    store_bind_text(s, 5, password);
    store_bind_text(s, 6, active ? "active" : "invited");
    sqlite3_bind_int(s, 7, status_2fa);
    sqlite3_bind_int(s, 8, sso);
    sqlite3_bind_int64(s, 9, created_ms);
    return store_step_done(s);
}

int store_rp_user_delete(struct store_tenant *t, int64_t user_id)
{
    static const char sql[] = "DELETE FROM rp_user WHERE id = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, user_id);
    return store_step_done(s);
}

/* Runs a single-value count query bound to (account_id[, id]). */
static int count_query(struct store_tenant *t, const char *sql, int64_t account_id, int64_t id,
                       int64_t *out)
{
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    if (sqlite3_bind_parameter_count(s) > 1)
        sqlite3_bind_int64(s, 2, id);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : RM_EDB;
}

int store_rp_user_count(struct store_tenant *t, int64_t account_id, int64_t *out)
{
    static const char sql[] = "SELECT count(*) FROM rp_user WHERE account_id = ?";
    return count_query(t, sql, account_id, 0, out);
}

int store_rp_user_page(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                       int64_t limit, int64_t offset, store_rp_user_fn fn, void *ctx)
{
    static const char sql[] = "SELECT " USER_COLUMNS " FROM rp_user WHERE account_id = ? "
                              "ORDER BY id LIMIT ? OFFSET ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    sqlite3_bind_int64(s, 2, limit);
    sqlite3_bind_int64(s, 3, offset);
    int rc;
    (void)a;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_rp_user u;
        read_user(NULL, s, &u);
        if (fn(ctx, &u))
            break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

/* ---- groups ---- */

int store_rp_group_find(struct store_tenant *t, int64_t account_id, const char *name,
                        int64_t *id_out)
{
    static const char sql[] = "SELECT id FROM rp_group WHERE account_id = ? AND name = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, name);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *id_out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_rp_group_insert(struct store_tenant *t, int64_t account_id, const char *name,
                          int64_t *id_out)
{
    static const char sql[] = "INSERT INTO rp_group(account_id, name) VALUES (?, ?)";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, name);
    int rc = store_step_done(s);
    if (rc == RM_OK)
        *id_out = sqlite3_last_insert_rowid(sqlite3_db_handle(s));
    return rc;
}

/* ---- computers ---- */

#define COMPUTER_COLUMNS                                                                          \
    "c.id, c.machine_id, c.host_name, c.host_os_text, c.host_os_version, c.host_ip, "             \
    "c.last_session, c.comments, c.online"

static void read_computer(struct rm_arena *a, sqlite3_stmt *s, struct store_rp_computer *c)
{
    c->id = sqlite3_column_int64(s, 0);
    c->machine_id = col(a, s, 1);
    c->host_name = col(a, s, 2);
    c->host_os_text = col(a, s, 3);
    c->host_os_version = col(a, s, 4);
    c->host_ip = col(a, s, 5);
    c->last_session = col(a, s, 6);
    c->comments = col(a, s, 7);
    c->online = sqlite3_column_int(s, 8);
}

static int find_computer(struct store_tenant *t, struct rm_arena *a, const char *sql,
                         int64_t account_id, const char *value, struct store_rp_computer *out)
{
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, value);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_computer(a, s, out);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_rp_computer_find(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                           const char *host_name, struct store_rp_computer *out)
{
    /* Names are not unique in RemotePC; the oldest computer of a name is the one acted on. */
    static const char sql[] = "SELECT " COMPUTER_COLUMNS " FROM rp_computer c "
                              "WHERE c.account_id = ? AND c.host_name = ? ORDER BY c.id LIMIT 1";
    return find_computer(t, a, sql, account_id, host_name, out);
}

int store_rp_computer_find_machine(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                                   const char *machine_id, struct store_rp_computer *out)
{
    static const char sql[] = "SELECT " COMPUTER_COLUMNS " FROM rp_computer c "
                              "WHERE c.account_id = ? AND c.machine_id = ?";
    return find_computer(t, a, sql, account_id, machine_id, out);
}

int store_rp_computer_count(struct store_tenant *t, int64_t account_id, int64_t user_id,
                            int64_t *out)
{
    static const char all[] = "SELECT count(*) FROM rp_computer WHERE account_id = ?";
    static const char of_user[] =
        "SELECT count(*) FROM rp_computer c JOIN rp_assignment x ON x.computer_id = c.id "
        "WHERE c.account_id = ? AND x.user_id = ?";
    return count_query(t, user_id ? of_user : all, account_id, user_id, out);
}

int store_rp_computer_page(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                           int64_t user_id, int64_t limit, int64_t offset, store_rp_computer_fn fn,
                           void *ctx)
{
    static const char all[] = "SELECT " COMPUTER_COLUMNS " FROM rp_computer c "
                              "WHERE c.account_id = ?1 ORDER BY c.id LIMIT ?3 OFFSET ?4";
    static const char of_user[] =
        "SELECT " COMPUTER_COLUMNS " FROM rp_computer c "
        "JOIN rp_assignment x ON x.computer_id = c.id "
        "WHERE c.account_id = ?1 AND x.user_id = ?2 ORDER BY c.id LIMIT ?3 OFFSET ?4";
    sqlite3_stmt *s = store_stmt(t, user_id ? of_user : all);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    if (user_id)
        sqlite3_bind_int64(s, 2, user_id);
    sqlite3_bind_int64(s, 3, limit);
    sqlite3_bind_int64(s, 4, offset);
    int rc;
    (void)a;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_rp_computer c;
        read_computer(NULL, s, &c);
        if (fn(ctx, &c))
            break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

/* Runs an UPDATE/DELETE/INSERT bound to (a[, b]) given as int64 or text. */
static int exec_ids(struct store_tenant *t, const char *sql, int64_t a, int64_t b)
{
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, a);
    if (sqlite3_bind_parameter_count(s) > 1)
        sqlite3_bind_int64(s, 2, b);
    return store_step_done(s);
}

int store_rp_computer_set_comments(struct store_tenant *t, int64_t computer_id, const char *text)
{
    static const char sql[] = "UPDATE rp_computer SET comments = ?2 WHERE id = ?1";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, computer_id);
    store_bind_text(s, 2, text);
    return store_step_done(s);
}

int store_rp_computer_set_group(struct store_tenant *t, int64_t computer_id, int64_t group_id)
{
    static const char sql[] = "UPDATE rp_computer SET group_id = ?2 WHERE id = ?1";
    return exec_ids(t, sql, computer_id, group_id);
}

int store_rp_computer_delete(struct store_tenant *t, int64_t computer_id)
{
    static const char sql[] = "DELETE FROM rp_computer WHERE id = ?";
    return exec_ids(t, sql, computer_id, 0);
}

int store_rp_assign(struct store_tenant *t, int64_t user_id, int64_t computer_id)
{
    static const char sql[] =
        "INSERT OR IGNORE INTO rp_assignment(user_id, computer_id) VALUES (?, ?)";
    return exec_ids(t, sql, user_id, computer_id);
}

int store_rp_unassign(struct store_tenant *t, int64_t user_id, int64_t computer_id)
{
    static const char sql[] = "DELETE FROM rp_assignment WHERE user_id = ? AND computer_id = ?";
    return exec_ids(t, sql, user_id, computer_id);
}

int store_rp_is_assigned(struct store_tenant *t, int64_t user_id, int64_t computer_id)
{
    static const char sql[] =
        "SELECT count(*) FROM rp_assignment WHERE user_id = ? AND computer_id = ?";
    int64_t n = 0;
    int rc = count_query(t, sql, user_id, computer_id, &n);
    return rc != RM_OK ? rc : n ? RM_OK : RM_ENOTFOUND;
}

/* ---- Reseller users ---- */

/* utilized_computers: computers assigned to an Enterprise user of the same name (F-RP-030). */
#define RUSER_COLUMNS                                                                             \
    "r.id, r.username, r.password, r.state, r.alloted_computers, r.created_ms, "                 \
    "(SELECT count(DISTINCT x.computer_id) FROM rp_user u "                                      \
    " JOIN rp_assignment x ON x.user_id = u.id WHERE u.username = r.username)"

static void read_ruser(struct rm_arena *a, sqlite3_stmt *s, struct store_rp_ruser *u)
{
    u->id = sqlite3_column_int64(s, 0);
    u->username = store_col_text(a, s, 1);
    u->password = store_col_text(a, s, 2);
    const char *state = (const char *)sqlite3_column_text(s, 3);
    u->state = STORE_RP_RUSER_ACTIVE;
    for (size_t i = 0; i < RM_ARRAY_LEN(ruser_states); i++)
        if (strcmp(state, ruser_states[i]) == 0)
            u->state = (enum store_rp_ruser_state)i;
    u->alloted_computers = sqlite3_column_int64(s, 4);
    u->created_ms = sqlite3_column_int64(s, 5);
    u->utilized_computers = sqlite3_column_int64(s, 6);
}

int store_rp_ruser_find(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                        const char *username, struct store_rp_ruser *out)
{
    static const char sql[] = "SELECT " RUSER_COLUMNS " FROM rp_reseller_user r "
                              "WHERE r.account_id = ? AND r.username = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, username);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        read_ruser(a, s, out);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_rp_ruser_insert(struct store_tenant *t, int64_t account_id, const char *username,
                          const char *firstname, const char *lastname, const char *password,
                          int64_t alloted, bool active, int64_t created_ms)
{
    static const char sql[] =
        "INSERT INTO rp_reseller_user(account_id, username, firstname, lastname, password, "
        "alloted_computers, state, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    store_bind_text(s, 2, username);
    store_bind_text(s, 3, firstname);
    store_bind_text(s, 4, lastname);
    store_bind_text(s, 5, password);
    sqlite3_bind_int64(s, 6, alloted);
    store_bind_text(s, 7, active ? "active" : "invited");
    sqlite3_bind_int64(s, 8, created_ms);
    return store_step_done(s);
}

int store_rp_ruser_list(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                        store_rp_ruser_fn fn, void *ctx)
{
    static const char sql[] = "SELECT " RUSER_COLUMNS " FROM rp_reseller_user r "
                              "WHERE r.account_id = ? ORDER BY r.id";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, account_id);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        struct store_rp_ruser u;
        read_ruser(a, s, &u);
        if (fn(ctx, &u))
            break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

/* ---- served links ---- */

int store_rp_link_insert(struct store_tenant *t, const char *token, bool signin,
                         const char *username, const char *machine_id, int64_t expires_ms)
{
    static const char sql[] =
        "INSERT INTO rp_link(token, kind, username, machine_id, expires_ms) VALUES (?, ?, ?, ?, ?)";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, token);
    store_bind_text(s, 2, signin ? "signin" : "connect");
    store_bind_text(s, 3, username);
    store_bind_text(s, 4, machine_id);
    sqlite3_bind_int64(s, 5, expires_ms);
    return store_step_done(s);
}

int store_rp_link_find(struct store_tenant *t, struct rm_arena *a, const char *token,
                       struct store_rp_link *out)
{
    static const char sql[] =
        "SELECT kind, username, machine_id, expires_ms, used FROM rp_link WHERE token = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, token);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        out->signin = strcmp((const char *)sqlite3_column_text(s, 0), "signin") == 0;
        out->username = store_col_text(a, s, 1);
        out->machine_id = store_col_text(a, s, 2);
        out->expires_ms = sqlite3_column_int64(s, 3);
        out->used = sqlite3_column_int(s, 4);
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_rp_link_mark_used(struct store_tenant *t, const char *token)
{
    static const char sql[] = "UPDATE rp_link SET used = 1 WHERE token = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, token);
    return store_step_done(s);
}
