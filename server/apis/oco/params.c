/*
 * Parameters as the real server's PHP sees them (reference/oco.md section 2 "Conventions"):
 * no type validation, PHP truthiness and intval(), absent values take defaults (F-OCO-020).
 */
#include "apis/oco/oco_int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        char text[RM_NUMBER_TEXT_MAX];
        rm_number_text(v->valuedouble, text);
        return rm_arena_strdup(&call->req->arena, text);
    }
    return NULL;
}

enum oco_err oco_columns_fit(struct oco_call *call, const struct oco_column *columns, size_t n)
{
    enum { TEXT_MAX_BYTES = 65535 };
    for (const struct oco_column *c = columns; c < columns + n; c++) {
        if (!c->value || (c->max_chars ? rm_utf8_length(c->value) <= c->max_chars
                                       : strlen(c->value) <= TEXT_MAX_BYTES))
            continue;
        call->message = rm_arena_printf(&call->req->arena,
                                        "SQLSTATE[22001]: String data, right truncated: 1406 "
                                        "Data too long for column '%s' at row 1",
                                        c->name);
        return call->message ? OCO_E_SQL_ERROR : OCO_E_DATABASE_ERROR;
    }
    return OCO_OK;
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

void oco_format_time(int64_t ms, char out[20])
{
    /* Not strftime, which past year 9999 fails and leaves out unterminated: the ISO form's
     * "YYYY-MM-DDTHH:MM:SS" with a space for the 'T'. */
    char iso[32];
    rm_clock_format_iso(ms, iso);
    memcpy(out, iso, 19);
    out[10] = ' ';
    out[19] = '\0';
}

void oco_now(char out[20])
{
    oco_format_time(rm_clock_now_ms(), out);
}

bool oco_php_empty_string(const char *s)
{
    return !*s || strcmp(s, "0") == 0;
}

/* PHP 8's numeric strings: optional leading and trailing white space around a number. */
static bool numeric_string(const char *s, double *out)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\v' || *s == '\f')
        s++;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno || isnan(v) || strncasecmp(s, "inf", 3) == 0 ||
        strncasecmp(s, "nan", 3) == 0 || (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')))
        return false;
    while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r' || *end == '\v' ||
           *end == '\f')
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

static int sign(double d)
{
    return (d > 0) - (d < 0);
}

int oco_php_compare(const cJSON *v, double n)
{
    double d;
    if (cJSON_IsNumber(v))
        return sign(v->valuedouble - n);
    if (cJSON_IsString(v)) {
        if (numeric_string(v->valuestring, &d))
            return sign(d - n);
        char text[RM_NUMBER_TEXT_MAX]; /* the number as PHP prints it */
        rm_number_text(n, text);
        return sign((double)strcmp(v->valuestring, text));
    }
    /* bool and null compare as booleans; arrays are always greater than numbers */
    if (cJSON_IsArray(v) || cJSON_IsObject(v))
        return 1;
    return (int)oco_truthy(v) - (int)(n != 0);
}

cJSON *oco_php_roundtrip(const cJSON *v)
{
    if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
        return cJSON_Duplicate(v, 0);
    /* An object whose keys are exactly "0", "1", ... in order is a PHP list. */
    bool list = cJSON_IsArray(v) || !v->child;
    if (!list) {
        list = true;
        int i = 0;
        for (const cJSON *c = v->child; c && list; c = c->next, i++) {
            char key[16];
            snprintf(key, sizeof key, "%d", i);
            list = strcmp(c->string, key) == 0;
        }
    }
    cJSON *out = list ? cJSON_CreateArray() : cJSON_CreateObject();
    for (const cJSON *c = v->child; out && c; c = c->next) {
        cJSON *item = oco_php_roundtrip(c);
        if (list)
            cJSON_AddItemToArray(out, item);
        else
            cJSON_AddItemToObject(out, c->string, item);
    }
    return out;
}
