/*
 * oco.info and oco.computer.*: list, get, create, add_to_group, remove_from_group, wol,
 * remove (reference/oco.md section 2).
 */
#include "apis/oco/oco_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The free licence covers this many computers (oco-fresh-install.md). */
#define FREE_LICENSE_COMPUTERS 20

static enum oco_err db_error(struct oco_call *call)
{
    (void)call;
    return OCO_E_DATABASE_ERROR;
}

/* {"id": "<id>"}: ids of new objects are strings, from PDO's lastInsertId (OBSERVED). */
cJSON *oco_new_id(int64_t id)
{
    char text[24];
    snprintf(text, sizeof text, "%lld", (long long)id);
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "id", text);
    return out;
}

/* PHP's trim(): " \t\n\r\0\x0B" from both ends; arena copy. */
const char *oco_trim(struct oco_call *call, const char *s)
{
    while (*s && strchr(" \t\n\r\v", *s))
        s++;
    size_t len = strlen(s);
    while (len && strchr(" \t\n\r\v", s[len - 1]))
        len--;
    return rm_arena_strndup(&call->req->arena, s, len);
}

static enum oco_err info(struct oco_call *call)
{
    int64_t computers = 0;
    if (store_oco_computer_count(call->tenant, &computers) != RM_OK)
        return db_error(call);
    cJSON *d = cJSON_CreateObject();
    /* F-OCO-050: the versions of the observed server; the free licence as a fresh install
     * shows it, 0 computers once there are more than it covers. */
    cJSON_AddStringToObject(d, "version", "1.2.2");
    cJSON_AddNullToObject(d, "wol_satellites");
    cJSON_AddArrayToObject(d, "extensions");
    cJSON_AddNumberToObject(d, "license_computers",
                            computers > FREE_LICENSE_COMPUTERS ? 0 : FREE_LICENSE_COMPUTERS);
    cJSON_AddStringToObject(d, "license_company",
                            call->german ? "Nicht registriert" : "NOT REGISTERED");
    cJSON_AddNumberToObject(d, "license_expiration", 0);
    cJSON_AddStringToObject(d, "webserver", "Apache/2.4.65 (Debian)");
    cJSON_AddStringToObject(d, "database", "10.11.19-MariaDB-0+deb12u1");
    cJSON_AddStringToObject(d, "php", "8.2.36");
    call->result = d;
    return OCO_OK;
}

static enum oco_err computer_list(struct oco_call *call)
{
    int64_t group_id = oco_truthy(oco_param(call, "computer_group_id"))
                           ? oco_param_int(call, "computer_group_id", 0)
                           : 0;
    cJSON *d = cJSON_CreateObject();
    const char *name = NULL;
    if (group_id) {
        int rc = store_oco_computer_group_name(call->tenant, &call->req->arena, group_id, &name);
        if (rc != RM_OK) {
            cJSON_Delete(d);
            return rc == RM_ENOTFOUND ? OCO_E_NOT_FOUND : db_error(call);
        }
        cJSON_AddStringToObject(d, "name", name);
    }
    cJSON *computers = store_oco_computers(call->tenant, group_id);
    cJSON *groups = store_oco_computer_groups(call->tenant, group_id);
    cJSON_AddItemToObject(d, "computers", computers);
    cJSON_AddItemToObject(d, "groups", groups);
    call->result = d;
    return computers && groups ? OCO_OK : db_error(call);
}

static enum oco_err computer_get(struct oco_call *call)
{
    int rc;
    call->result = store_oco_computer_details(call->tenant, oco_param_int(call, "id", 0), &rc);
    return call->result ? OCO_OK : rc == RM_ENOTFOUND ? OCO_E_NOT_FOUND : db_error(call);
}

static enum oco_err computer_create(struct oco_call *call)
{
    const char *hostname = oco_param_str(call, "hostname", "");
    const char *notes = oco_param_str(call, "notes", "");
    if (!hostname || !notes)
        return OCO_FATAL; /* an array where PHP wants a string: TypeError */
    hostname = oco_trim(call, hostname);
    if (!hostname)
        return db_error(call);
    if (oco_php_empty_string(hostname)) /* PHP empty(): "0" too (F-OCO-022) */
        return OCO_E_HOSTNAME_EMPTY;
    int rc = store_oco_computer_hostname_taken(call->tenant, hostname);
    if (rc == RM_OK)
        return OCO_E_HOSTNAME_EXISTS;
    const struct oco_column columns[] = {{"hostname", hostname, 200}, {"notes", notes, 0}};
    enum oco_err err = oco_columns_fit(call, columns, RM_ARRAY_LEN(columns));
    if (err != OCO_OK)
        return err;
    char now[20];
    oco_now(now);
    int64_t id;
    if (rc != RM_ENOTFOUND ||
        store_oco_computer_insert(call->tenant, hostname, notes, call->user_id, now, &id) != RM_OK)
        return db_error(call);
    call->result = oco_new_id(id);
    return OCO_OK;
}

/* The computer, then the group, must exist (-32003 each, in that order). */
static enum oco_err membership(struct oco_call *call, bool add)
{
    int64_t computer_id = oco_param_int(call, "computer_id", 0);
    int64_t group_id = oco_param_int(call, "computer_group_id", 0);
    const char *name;
    int rc = store_oco_computer_exists(call->tenant, computer_id);
    if (rc == RM_OK)
        rc = store_oco_computer_group_name(call->tenant, &call->req->arena, group_id, &name);
    if (rc != RM_OK)
        return rc == RM_ENOTFOUND ? OCO_E_NOT_FOUND : db_error(call);
    rc = add ? store_oco_computer_group_add(call->tenant, computer_id, group_id)
             : store_oco_computer_group_remove(call->tenant, computer_id, group_id);
    if (rc != RM_OK)
        return db_error(call);
    /* Rules targeting the group follow its new membership (OBSERVED, F-OCO-060). */
    return oco_rules_evaluate_computer_group(call, group_id);
}

static enum oco_err computer_add_to_group(struct oco_call *call)
{
    return membership(call, true);
}

static enum oco_err computer_remove_from_group(struct oco_call *call)
{
    return membership(call, false);
}

static enum oco_err computer_wol(struct oco_call *call)
{
    int64_t id = oco_param_int(call, "id", 0), macs = 0;
    int rc = store_oco_computer_exists(call->tenant, id);
    if (rc == RM_OK)
        rc = store_oco_computer_macs(call->tenant, id, &macs);
    if (rc != RM_OK)
        return rc == RM_ENOTFOUND ? OCO_E_NOT_FOUND : db_error(call);
    /* F-OCO-051: no packet leaves rmmsim; the reply is the real server's. */
    return macs ? OCO_OK : OCO_E_NO_MAC;
}

/* force: absent or null is true; otherwise PHP truthiness ("false" is true). */
bool oco_force(struct oco_call *call)
{
    return oco_param_bool(call, "force", true);
}

static enum oco_err computer_remove(struct oco_call *call)
{
    int64_t id = oco_param_int(call, "id", 0), pending = 0;
    int rc = store_oco_computer_exists(call->tenant, id);
    if (rc != RM_OK)
        return rc == RM_ENOTFOUND ? OCO_E_NOT_FOUND : db_error(call);
    if (!oco_force(call)) {
        if (store_oco_computer_pending_jobs(call->tenant, id, &pending) != RM_OK)
            return db_error(call);
        if (pending)
            return OCO_E_DELETE_FAILED_ACTIVE_JOBS;
    }
    return store_oco_computer_delete(call->tenant, id) == RM_OK ? OCO_OK : db_error(call);
}

const struct oco_method oco_computer_methods[] = {
    { "oco.info", info, true },
    { "oco.computer.list", computer_list, true },
    { "oco.computer.get", computer_get, true },
    { "oco.computer.create", computer_create, false },
    { "oco.computer.add_to_group", computer_add_to_group, false },
    { "oco.computer.remove_from_group", computer_remove_from_group, false },
    { "oco.computer.wol", computer_wol, false },
    { "oco.computer.remove", computer_remove, false },
    { NULL, NULL, false },
};
