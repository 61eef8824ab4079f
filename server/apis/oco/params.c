/*
 * Parameters as the real server's PHP sees them (reference/oco.md section 2 "Conventions"):
 * no type validation, PHP truthiness and intval(), absent values take defaults (F-OCO-020).
 */
#include "apis/oco/oco_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const cJSON *oco_param(const struct oco_call *call, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(call->data, key);
    return v && !cJSON_IsNull(v) ? v : NULL;
}

bool oco_truthy(const cJSON *v)
{
    if (!v || cJSON_IsNull(v) || cJSON_IsFalse(v))
        return false;
    if (cJSON_IsNumber(v))
        return v->valuedouble != 0;
    if (cJSON_IsString(v))
        return v->valuestring[0] && strcmp(v->valuestring, "0") != 0;
    if (cJSON_IsArray(v) || cJSON_IsObject(v))
        return v->child != NULL;
    return true;
}

int64_t oco_intval(const cJSON *v)
{
    if (!v)
        return 0;
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        return d >= 9.2e18 || d <= -9.2e18 ? 0 : (int64_t)d;
    }
    if (cJSON_IsString(v)) {
        /* PHP reads the leading integer, after leading white space ("12abc" -> 12). */
        errno = 0;
        long long n = strtoll(v->valuestring, NULL, 10);
        return errno ? 0 : n;
    }
    if (cJSON_IsArray(v) || cJSON_IsObject(v))
        return v->child != NULL;
    return cJSON_IsTrue(v);
}

int64_t oco_param_int(const struct oco_call *call, const char *key, int64_t def)
{
    const cJSON *v = oco_param(call, key);
    return v ? oco_intval(v) : def;
}

const char *oco_param_str(struct oco_call *call, const char *key, const char *def)
{
    const cJSON *v = oco_param(call, key);
    if (!v)
        return def;
    if (cJSON_IsString(v))
        return v->valuestring;
    if (cJSON_IsTrue(v))
        return "1";
    if (cJSON_IsFalse(v))
        return "";
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d == (double)(int64_t)d)
            return rm_arena_printf(&call->req->arena, "%lld", (long long)d);
        return rm_arena_printf(&call->req->arena, "%.17g", d);
    }
    return NULL;
}

bool oco_param_bool(const struct oco_call *call, const char *key, bool def)
{
    const cJSON *v = oco_param(call, key);
    return v ? oco_truthy(v) : def;
}

int oco_param_ids(struct oco_call *call, const char *key, int64_t **ids, size_t *count)
{
    const cJSON *v = oco_param(call, key);
    *ids = NULL;
    *count = 0;
    if (!v)
        return 0;
    if (!cJSON_IsArray(v))
        return -1;
    size_t n = (size_t)cJSON_GetArraySize(v);
    *ids = rm_arena_calloc(&call->req->arena, n + 1, sizeof **ids);
    if (!*ids)
        return -1;
    for (const cJSON *e = v->child; e; e = e->next)
        (*ids)[(*count)++] = oco_intval(e);
    return 0;
}

void oco_now(char out[20])
{
    int64_t ms = rm_clock_now_ms();
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}
