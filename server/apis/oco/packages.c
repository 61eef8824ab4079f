/*
 * oco.package_family.list and oco.package.*: list, get, create, add_to_group,
 * remove_from_group, remove (reference/oco.md section 2).
 */
#include "apis/oco/oco_int.h"

#include <string.h>

/* The free licence covers this many computers (oco-fresh-install.md). */
#define FREE_LICENSE_COMPUTERS 20

static enum oco_err from_rc(int rc)
{
    return rc == RM_OK ? OCO_OK : rc == RM_ENOTFOUND ? OCO_E_NOT_FOUND : OCO_E_DATABASE_ERROR;
}

static enum oco_err family_list(struct oco_call *call)
{
    call->result = store_oco_families(call->tenant, oco_param_bool(call, "show_icons", false));
    return call->result ? OCO_OK : OCO_E_DATABASE_ERROR;
}

static enum oco_err package_list(struct oco_call *call)
{
    int64_t family = oco_truthy(oco_param(call, "package_family_id"))
                         ? oco_param_int(call, "package_family_id", 0)
                         : 0;
    int64_t group = oco_truthy(oco_param(call, "package_group_id"))
                        ? oco_param_int(call, "package_group_id", 0)
                        : 0;
    if (!family && !group)
        return OCO_E_FAMILY_OR_GROUP_REQUIRED;
    const char *name;
    /* The group wins when both are given (reference/oco.md). */
    int rc = group ? store_oco_package_group_name(call->tenant, &call->req->arena, group, &name)
                   : store_oco_family_name(call->tenant, &call->req->arena, family, &name);
    if (rc != RM_OK)
        return from_rc(rc);
    cJSON *d = cJSON_CreateObject();
    call->result = d;
    cJSON_AddStringToObject(d, "name", name);
    cJSON *packages = group ? store_oco_group_packages(call->tenant, group)
                            : store_oco_family_packages(call->tenant, family);
    /* A family lists the ROOT package groups, a group its children (the real server). */
    cJSON *groups = store_oco_package_groups(call->tenant, group);
    cJSON_AddItemToObject(d, "packages", packages);
    cJSON_AddItemToObject(d, "groups", groups);
    return packages && groups ? OCO_OK : OCO_E_DATABASE_ERROR;
}

static enum oco_err package_get(struct oco_call *call)
{
    int rc;
    call->result = store_oco_package_details(call->tenant, oco_param_int(call, "id", 0), &rc);
    return call->result ? OCO_OK : from_rc(rc);
}

/* The package, then the group, must exist (-32003 each); the group's rules follow. */
static enum oco_err membership(struct oco_call *call, bool add)
{
    int64_t package_id = oco_param_int(call, "package_id", 0);
    int64_t group_id = oco_param_int(call, "package_group_id", 0);
    struct store_oco_package pkg;
    const char *name;
    int rc = store_oco_package_load(call->tenant, &call->req->arena, package_id, &pkg);
    if (rc == RM_OK)
        rc = store_oco_package_group_name(call->tenant, &call->req->arena, group_id, &name);
    if (rc == RM_OK)
        rc = add ? store_oco_package_group_add(call->tenant, package_id, group_id)
                 : store_oco_package_group_remove(call->tenant, package_id, group_id);
    if (rc != RM_OK)
        return from_rc(rc);
    return oco_rules_evaluate_package_group(call, group_id);
}

static enum oco_err package_add_to_group(struct oco_call *call)
{
    return membership(call, true);
}

static enum oco_err package_remove_from_group(struct oco_call *call)
{
    return membership(call, false);
}

/* Step 1 of package.create: every file's content is strict base64 of something PHP calls
 * non-empty (not "" nor "0"), else Payload corrupt; entries without name or content are
 * skipped. The payload is kept as the files' JSON (F-OCO-090). */
static enum oco_err read_files(struct oco_call *call, const char **payload)
{
    const cJSON *files = oco_param(call, "files");
    *payload = NULL;
    if (!cJSON_IsArray(files))
        return OCO_OK;
    cJSON *kept = http_req_own_json(call->req, cJSON_CreateArray());
    for (const cJSON *f = files->child; f; f = f->next) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(f, "name");
        const cJSON *content = cJSON_GetObjectItemCaseSensitive(f, "content");
        if (!oco_truthy(name) || !oco_truthy(content))
            continue;
        if (!cJSON_IsString(content))
            return OCO_E_PAYLOAD_CORRUPT;
        size_t len = strlen(content->valuestring), n;
        unsigned char *decoded = rm_arena_alloc(&call->req->arena, len / 4 * 3 + 4);
        if (!decoded)
            return OCO_E_DATABASE_ERROR;
        if (rm_base64_decode(content->valuestring, len, decoded, &n) != RM_OK || n == 0 ||
            (n == 1 && decoded[0] == '0'))
            return OCO_E_PAYLOAD_CORRUPT;
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddItemToObject(entry, "name", cJSON_Duplicate(name, 1));
        cJSON_AddNumberToObject(entry, "size", (double)n);
        cJSON_AddStringToObject(entry, "content", content->valuestring);
        cJSON_AddItemToArray(kept, entry);
    }
    if (kept && kept->child) {
        char *text = cJSON_PrintUnformatted(kept);
        if (!text || rm_arena_defer(&call->req->arena, cJSON_free, text) != RM_OK)
            return OCO_E_DATABASE_ERROR;
        *payload = text;
    }
    return OCO_OK;
}

static enum oco_err package_create(struct oco_call *call)
{
    const char *payload;
    enum oco_err err = read_files(call, &payload);
    if (err != OCO_OK)
        return err;
    int64_t computers;
    if (store_oco_computer_count(call->tenant, &computers) != RM_OK)
        return OCO_E_DATABASE_ERROR;
    if (computers > FREE_LICENSE_COMPUTERS)
        return OCO_E_LICENSE_INVALID;
    struct store_oco_package_in p = {
        .version = oco_param_str(call, "version", ""),
        .notes = oco_param_str(call, "description", ""),
        .install_procedure = oco_param_str(call, "install_procedure", ""),
        .install_codes = oco_param_str(call, "install_procedure_success_return_codes", "0"),
        .install_post_action = (int)oco_param_int(call, "install_procedure_post_action", 0),
        .upgrade_behavior = (int)oco_param_int(call, "upgrade_behavior", 0), /* not 2 (OBSERVED) */
        .uninstall_procedure = oco_param_str(call, "uninstall_procedure", ""),
        .uninstall_codes = oco_param_str(call, "uninstall_procedure_success_return_codes", "0"),
        .download_for_uninstall = oco_param_bool(call, "download_for_uninstall", false),
        .uninstall_post_action = (int)oco_param_int(call, "uninstall_procedure_post_action", 0),
        .line_endings = oco_param_str(call, "line_endings", NULL),
        .compatible_os = oco_param_str(call, "compatible_os", ""),
        .compatible_os_version = oco_param_str(call, "compatible_os_version", ""),
        .compatible_architecture = oco_param_str(call, "compatible_architecture", ""),
        .payload = payload,
        .created_by = call->user_id,
    };
    const char *family = oco_param_str(call, "package_family_name", "");
    if (!p.version || !p.notes || !p.install_procedure || !p.install_codes ||
        !p.uninstall_procedure || !p.uninstall_codes || !p.compatible_os ||
        !p.compatible_os_version || !p.compatible_architecture || !family)
        return OCO_FATAL; /* an array where PHP wants a string */
    if (p.line_endings && !*p.line_endings)
        p.line_endings = NULL; /* empty is stored as NULL */
    const cJSON *license = oco_param(call, "license_count");
    p.has_license_count = license && oco_intval(license) >= 0; /* negative: NULL */
    p.license_count = license ? oco_intval(license) : 0;
    if (oco_php_empty_string(family) || oco_php_empty_string(p.install_procedure) ||
        oco_php_empty_string(p.version)) /* PHP empty() (F-OCO-022) */
        return OCO_E_FILL_REQUIRED;
    int rc = store_oco_family_find(call->tenant, family, &p.family_id);
    if (rc == RM_OK && store_oco_package_version_taken(call->tenant, p.family_id, p.version) ==
                           RM_OK)
        return OCO_E_PACKAGE_EXISTS;
    /* Every value is checked before anything is written: a family is not left behind by a
     * package the database refuses (F-OCO-117). */
    const struct oco_column columns[] = {
        {"name", rc == RM_ENOTFOUND ? family : NULL, 0},
        {"version", p.version, 0},
        {"notes", p.notes, 0},
        {"install_procedure", p.install_procedure, 0},
        {"install_procedure_success_return_codes", p.install_codes, 0},
        {"uninstall_procedure", p.uninstall_procedure, 0},
        {"uninstall_procedure_success_return_codes", p.uninstall_codes, 0},
        {"line_endings", p.line_endings, 0},
        {"compatible_os", p.compatible_os, 0},
        {"compatible_os_version", p.compatible_os_version, 0},
        {"compatible_architecture", p.compatible_architecture, 0},
    };
    err = oco_columns_fit(call, columns, RM_ARRAY_LEN(columns));
    if (err != OCO_OK)
        return err;
    /* An unknown family is created (reference/oco.md step 7). */
    if (rc == RM_ENOTFOUND)
        rc = store_oco_family_insert(call->tenant, family, &p.family_id);
    char now[20];
    oco_now(now);
    p.created = now;
    int64_t id;
    if (rc == RM_OK)
        rc = store_oco_package_insert(call->tenant, &p, &id);
    if (rc != RM_OK)
        return OCO_E_DATABASE_ERROR;
    call->result = oco_new_id(id);
    return OCO_OK;
}

static enum oco_err package_remove(struct oco_call *call)
{
    int64_t id = oco_param_int(call, "id", 0), count = 0;
    struct store_oco_package pkg;
    int rc = store_oco_package_load(call->tenant, &call->req->arena, id, &pkg);
    if (rc != RM_OK)
        return from_rc(rc);
    if (!oco_force(call)) {
        if (store_oco_package_pending_jobs(call->tenant, id, &count) != RM_OK)
            return OCO_E_DATABASE_ERROR;
        if (count)
            return OCO_E_DELETE_FAILED_ACTIVE_JOBS;
        if (store_oco_package_dependents(call->tenant, id, &count) != RM_OK)
            return OCO_E_DATABASE_ERROR;
        if (count)
            return OCO_E_DELETE_FAILED_DEPENDENT_PACKAGES;
    }
    /* The family stays, even when it has no package left (OBSERVED). */
    return from_rc(store_oco_package_delete(call->tenant, id));
}

const struct oco_method oco_package_methods[] = {
    { "oco.package_family.list", family_list, true },
    { "oco.package.list", package_list, true },
    { "oco.package.get", package_get, true },
    { "oco.package.create", package_create, false },
    { "oco.package.add_to_group", package_add_to_group, false },
    { "oco.package.remove_from_group", package_remove_from_group, false },
    { "oco.package.remove", package_remove, false },
    { NULL, NULL, false },
};
