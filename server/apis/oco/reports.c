/*
 * oco.report.list and oco.report.execute (reference/oco.md section 2; the predefined
 * reports of a fresh installation, oco-fresh-install.md).
 */
#include "apis/oco/oco_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Report and report-group names that are language keys, as the real server translates
 * them (English, German). Other names are shown as stored. */
static const struct {
    const char *key, *en, *de;
} names[] = {
    { "report_predefined", "Predefined", "Vordefiniert" },
    { "report_secureboot_disabled", "SecureBoot Disabled", "SecureBoot deaktiviert" },
    { "report_packages_without_installations", "Packages Without Installations",
      "Pakete ohne Installationen" },
    { "report_recognized_software_chrome", "Recognized Software Chrome",
      "Erkannte Software Chrome" },
    { "report_domain_users_multiple_computers", "Domain Users With Multiple PCs",
      "Dom\xc3\xa4nenbenutzer mit mehreren PCs" },
    { "report_expired_job_containers", "Expired Job Containers", "Abgelaufene Jobcontainer" },
    { "report_preregistered_computers", "Pre-Registered Computers", "Vorregistrierte Computer" },
    { "report_all_monitors", "All Monitors", "Alle Monitore" },
    { "report_7_days_no_agent", "7 Days No Agent Contact", "7 Tage keine Agentenmeldung" },
    { "report_total_disk_space", "Total Disk Space (All Computers)",
      "Gesamter Festplattenspeicher (alle Computer)" },
    { "report_total_ram_space", "Total RAM Space (All Computers)",
      "Gesamter Arbeitsspeicher (alle Computer)" },
    { "report_all_19_monitors", "All 19\" Monitors", "Alle 19\"-Monitore" },
    { "report_less_than_20gib_on_drive_c", "Computers with less than 20 GiB on Drive C:",
      "Computer mit weniger als 20 GiB Speicherplatz auf C:" },
    { "report_critical_services", "Critical Services", "Kritische Services" },
    { "report_critical_events", "Critical Events", "Kritische Ereignisse" },
};

/* Replaces each item's "name" by its translation. */
static void translate(cJSON *items, bool german)
{
    for (cJSON *item = items ? items->child : NULL; item; item = item->next) {
        cJSON *name = cJSON_GetObjectItemCaseSensitive(item, "name");
        for (size_t i = 0; cJSON_IsString(name) && i < RM_ARRAY_LEN(names); i++)
            if (strcmp(name->valuestring, names[i].key) == 0)
                cJSON_SetValuestring(name, german ? names[i].de : names[i].en);
    }
}

static const char *translated(const char *name, bool german)
{
    for (size_t i = 0; i < RM_ARRAY_LEN(names); i++)
        if (strcmp(name, names[i].key) == 0)
            return german ? names[i].de : names[i].en;
    return name;
}

/* PHP's strnatcmp: runs of digits compare by value, everything else byte by byte. */
static int natcmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
            while (*a == '0')
                a++;
            while (*b == '0')
                b++;
            size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
            if (la != lb)
                return la < lb ? -1 : 1;
            int c = strncmp(a, b, la);
            if (c)
                return c;
            a += la;
            b += lb;
        } else {
            if (*a != *b)
                return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
            a++, b++;
        }
    }
    return *a ? 1 : *b ? -1 : 0;
}

static int by_name(const void *x, const void *y)
{
    const cJSON *a = *(const cJSON *const *)x, *b = *(const cJSON *const *)y;
    return natcmp(cJSON_GetObjectItemCaseSensitive(a, "name")->valuestring,
                  cJSON_GetObjectItemCaseSensitive(b, "name")->valuestring);
}

/* Sorts an array of objects by their (translated) "name", as usort with strnatcmp. */
static void sort_by_name(cJSON *items)
{
    size_t n = (size_t)cJSON_GetArraySize(items), k = 0;
    cJSON **v = calloc(n + 1, sizeof *v);
    if (!v)
        return;
    while (items->child)
        v[k++] = cJSON_DetachItemViaPointer(items, items->child);
    qsort(v, n, sizeof *v, by_name);
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(items, v[i]);
    free(v);
}

static enum oco_err report_list(struct oco_call *call)
{
    int64_t group_id = oco_truthy(oco_param(call, "report_group_id"))
                           ? oco_param_int(call, "report_group_id", 0)
                           : 0;
    cJSON *d = cJSON_CreateObject();
    call->result = d;
    if (group_id) {
        const char *name;
        int rc = store_oco_report_group_name(call->tenant, &call->req->arena, group_id, &name);
        if (rc != RM_OK)
            return rc == RM_ENOTFOUND ? OCO_E_NOT_FOUND : OCO_E_DATABASE_ERROR;
        cJSON_AddStringToObject(d, "name", translated(name, call->german));
    }
    cJSON *reports = store_oco_reports(call->tenant, group_id);
    cJSON *groups = store_oco_report_groups(call->tenant, group_id);
    cJSON_AddItemToObject(d, "reports", reports);
    cJSON_AddItemToObject(d, "groups", groups);
    if (!reports || !groups)
        return OCO_E_DATABASE_ERROR;
    translate(reports, call->german);
    translate(groups, call->german);
    sort_by_name(reports);
    sort_by_name(groups);
    return OCO_OK;
}

/* The guard of v1.2.1+: after leading white space the whole word SELECT, any case. */
bool oco_report_is_select(const char *q)
{
    while (isspace((unsigned char)*q))
        q++;
    return strncasecmp(q, "SELECT", 6) == 0 && !(isalnum((unsigned char)q[6]) || q[6] == '_');
}

static enum oco_err report_execute(struct oco_call *call)
{
    const char *query, *error = NULL;
    int rc = store_oco_report_query(call->tenant, &call->req->arena,
                                    oco_param_int(call, "id", 0), &query);
    if (rc != RM_OK)
        return rc == RM_ENOTFOUND ? OCO_E_NOT_FOUND : OCO_E_DATABASE_ERROR;
    if (!oco_report_is_select(query))
        return OCO_E_ONLY_SELECT;
    rc = store_oco_report_run(call->tenant, &call->req->arena, query, &call->result, &error);
    if (rc == RM_EINVAL) {
        /* F-OCO-071: -32000 with the engine's message, as PDO's message is passed on */
        call->message = error;
        return OCO_E_SQL_ERROR;
    }
    return rc == RM_OK ? OCO_OK : OCO_E_DATABASE_ERROR;
}

const struct oco_method oco_report_methods[] = {
    { "oco.report.list", report_list, true },
    { "oco.report.execute", report_execute, false },
    { NULL, NULL, false },
};
