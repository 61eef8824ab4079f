/*
 * A tenant's state as a fixture document (GET /__admin/state, docs/control-plane.md
 * "State"): each section writes its tables back in the format its loader reads, so that
 * uploading the document and filling a tenant from it gives the same state (F-CTL-050).
 */
#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

const char *store_export_credential(const struct store_export *ex, const char *value,
                                    const char *builtin, const char *suffix)
{
    /* F-CTL-051: a tenant's own credential goes out as the built-in one it replaced, so the
     * document loads into any tenant, which then issues its own again. */
    size_t n = ex->seed ? strlen(ex->seed) : 0;
    if (n && value && strncmp(value, ex->seed, n) == 0 && value[n] == '-' &&
        strcmp(value + n + 1, suffix) == 0)
        return builtin;
    return value;
}

bool store__export_rows(sqlite3 *db, const char *sql, int64_t id, const struct store_export *ex,
                        store__export_row_fn fn, cJSON *into)
{
    sqlite3_stmt *s = NULL;
    bool ok = into && sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK;
    if (ok && sqlite3_bind_parameter_count(s) > 0)
        sqlite3_bind_int64(s, 1, id);
    int step = SQLITE_DONE;
    while (ok && (step = sqlite3_step(s)) == SQLITE_ROW)
        ok = fn(db, s, ex, into);
    sqlite3_finalize(s);
    return ok && step == SQLITE_DONE;
}

cJSON *store__export_item(cJSON *into)
{
    cJSON *o = cJSON_CreateObject();
    if (o && !cJSON_AddItemToArray(into, o)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}

bool store__export_text(cJSON *o, const char *key, sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ||
           cJSON_AddStringToObject(o, key, (const char *)sqlite3_column_text(s, col));
}

bool store__export_string(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    (void)db;
    (void)ex;
    cJSON *v = cJSON_CreateString((const char *)sqlite3_column_text(s, 0));
    if (v && !cJSON_AddItemToArray(into, v)) {
        cJSON_Delete(v);
        v = NULL;
    }
    return v != NULL;
}

cJSON *store_tenant_export(struct store_tenant *t)
{
    struct store_export ex = {.seed = t->seed[0] ? t->seed : NULL};
    cJSON *doc = cJSON_CreateObject();
    char name[STORE_TENANT_ID_MAX + 8], description[512];
    sqlite3 *db = store_tenant_lock(t);
    /* F-CTL-056: the name is one an upload takes as it is; the tenant's own fixture name
     * would clash with a built-in one. */
    snprintf(name, sizeof name, "state-%s", t->id);
    snprintf(description, sizeof description,
             "State of tenant %s (filled from fixture %.200s), exported by GET /__admin/state",
             t->id, t->fixture);
    bool ok = doc && cJSON_AddStringToObject(doc, "name", name) &&
              cJSON_AddStringToObject(doc, "description", description);
    /* One read transaction: every section sees the same moment. */
    ok = ok && store_exec(db, "BEGIN") == RM_OK;
    for (size_t i = 0; ok && i < t->st->nsections; i++) {
        const struct store_section *sec = t->st->sections[i];
        if (!sec->export)
            continue;
        cJSON *part = sec->export(db, &ex);
        ok = part && cJSON_AddItemToObject(doc, sec->name, part);
        if (!ok)
            cJSON_Delete(part);
    }
    if (sqlite3_get_autocommit(db) == 0)
        store_exec(db, "COMMIT");
    store_tenant_unlock(t);
    if (!ok) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}
