/*
 * Reading RemotePC requests: the body, fields with the backends' leniency (numeric strings
 * for ints, F-RP-007), string arrays, and pagination from body or query string.
 */
#include "apis/remotepc/remotepc_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_INT_MAX 1000000000000000 /* 10^15: beyond what any integer field means */

const cJSON *rp_body(struct http_req *req, struct http_res *res, enum rp_api api, int type,
                     bool empty_ok)
{
    bool empty = true;
    for (size_t i = 0; i < req->body_len && empty; i++)
        empty = isspace((unsigned char)req->body[i]);
    if (empty && empty_ok) {
        cJSON *obj = http_req_own_json(req, cJSON_CreateObject());
        if (!obj)
            rp_reply_internal(req, res, api);
        return obj;
    }
    /* F-RP-006: invalid UTF-8 is refused before parsing; cJSON would pass it through. */
    const cJSON *json = rm_utf8_valid(req->body, req->body_len) ? http_req_body_json(req) : NULL;
    if (!json || (json->type & 0xff) != type) {
        rp_reply_bad_body(req, res, api);
        return NULL;
    }
    return json;
}

/* The seed prints the set as ...[];\'\"<>...: its backslashes escape the quotes, so a
 * backslash itself is not allowed (F-RP-015). */
bool rp_password_chars_ok(const char *s)
{
    static const char symbols[] = "~`!@#$%^&*()-_+={}|[];'\"<>,.?/";
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr(symbols, *s)))
            return false;
    return true;
}

bool rp_blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* JSON number text as the backends would see it: integers without a fraction. */
static const char *number_text(struct http_req *req, const cJSON *item)
{
    char text[RM_NUMBER_TEXT_MAX];
    rm_number_text(item->valuedouble, text);
    return rm_arena_strdup(&req->arena, text);
}

enum rp_field rp_field_string(struct http_req *req, const cJSON *obj, const char *key,
                              const char **out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item || cJSON_IsNull(item))
        return RP_FIELD_ABSENT;
    if (cJSON_IsString(item))
        *out = item->valuestring;
    else if (cJSON_IsNumber(item))
        *out = number_text(req, item);
    else if (cJSON_IsBool(item))
        *out = cJSON_IsTrue(item) ? "true" : "false";
    else
        return RP_FIELD_BAD;
    return *out ? RP_FIELD_OK : RP_FIELD_BAD;
}

/* A whole decimal integer string (optional sign, surrounding blanks allowed). */
static bool parse_int_text(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (end == s || errno)
        return false;
    while (isspace((unsigned char)*end))
        end++;
    if (*end)
        return false;
    *out = v;
    return true;
}

enum rp_field rp_field_int(const cJSON *obj, const char *key, int64_t *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item || cJSON_IsNull(item))
        return RP_FIELD_ABSENT;
    if (cJSON_IsNumber(item)) {
        int64_t whole;
        if (!rm_double_to_int64(item->valuedouble, &whole) || whole > FIELD_INT_MAX ||
            whole < -FIELD_INT_MAX)
            return RP_FIELD_BAD; /* a fraction, or beyond what any field means */
        *out = whole;
        return RP_FIELD_OK;
    }
    if (cJSON_IsString(item) && parse_int_text(item->valuestring, out))
        return RP_FIELD_OK;
    return RP_FIELD_BAD;
}

enum rp_field rp_field_bool(const cJSON *obj, const char *key, bool *out)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item || cJSON_IsNull(item))
        return RP_FIELD_ABSENT;
    if (cJSON_IsBool(item)) {
        *out = cJSON_IsTrue(item);
        return RP_FIELD_OK;
    }
    if (cJSON_IsNumber(item) && (item->valuedouble == 0 || item->valuedouble == 1)) {
        *out = item->valuedouble == 1;
        return RP_FIELD_OK;
    }
    if (cJSON_IsString(item) &&
        (strcmp(item->valuestring, "true") == 0 || strcmp(item->valuestring, "false") == 0)) {
        *out = item->valuestring[0] == 't';
        return RP_FIELD_OK;
    }
    return RP_FIELD_BAD;
}

enum rp_field rp_field_strings(struct http_req *req, const cJSON *obj, const char *key,
                               const char ***out, size_t *count)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item || cJSON_IsNull(item))
        return RP_FIELD_ABSENT;
    if (!cJSON_IsArray(item))
        return RP_FIELD_BAD;
    int n = cJSON_GetArraySize(item);
    if (n > RP_MAX_ARRAY)
        return RP_FIELD_BAD;
    const char **list = rm_arena_calloc(&req->arena, (size_t)n + 1, sizeof *list);
    if (!list)
        return RP_FIELD_BAD;
    size_t used = 0;
    for (const cJSON *e = item->child; e; e = e->next) {
        if (!cJSON_IsString(e))
            return RP_FIELD_BAD;
        bool seen = false;
        for (size_t i = 0; i < used && !seen; i++)
            seen = strcmp(list[i], e->valuestring) == 0;
        if (!seen)
            list[used++] = e->valuestring;
    }
    *out = list;
    *count = used;
    return RP_FIELD_OK;
}

/* One pagination parameter: the body's value wins over the query string's (F-RP-020). */
static enum rp_field page_param(struct http_req *req, const cJSON *body, const char *key,
                                int64_t *out)
{
    enum rp_field f = rp_field_int(body, key, out);
    if (f != RP_FIELD_ABSENT)
        return f;
    const struct http_param *p = http_req_param(req, key);
    if (!p)
        return RP_FIELD_ABSENT;
    return strlen(p->value) == p->value_len && parse_int_text(p->value, out) ? RP_FIELD_OK
                                                                             : RP_FIELD_BAD;
}

#define RP_MAX_PER_PAGE 500

int rp_page_read(struct http_req *req, struct http_res *res, const cJSON *body,
                 struct rp_page *out)
{
    out->index = 1;
    out->per_page = RP_MAX_PER_PAGE;
    enum rp_field fi = page_param(req, body, "pageIndex", &out->index);
    enum rp_field fp = page_param(req, body, "recordPerPage", &out->per_page);
    /* F-RP-021: pages count from 1; 0 is read as the first page for 0-based clients.
     * F-RP-022: recordPerPage above 500 is clamped; below 1 is refused with the only
     * pagination description the docs give. */
    /* F-RP-027: the docs type both "Int": beyond 32 bits the backend cannot read them. */
    if (fi == RP_FIELD_BAD || fp == RP_FIELD_BAD || out->index < 0 || out->per_page < 1 ||
        out->index > INT32_MAX || out->per_page > INT32_MAX) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_INVALID_PAGE_INDEX);
        return -1;
    }
    if (out->index == 0)
        out->index = 1;
    if (out->per_page > RP_MAX_PER_PAGE)
        out->per_page = RP_MAX_PER_PAGE;
    return 0;
}

void rp_page_write(struct http_jw *w, const struct rp_page *page, int64_t total)
{
    http_jw_key(w, "pagination");
    http_jw_object(w);
    http_jw_key(w, "records_per_page");
    http_jw_int(w, page->per_page);
    http_jw_key(w, "total_records");
    http_jw_int(w, total);
    http_jw_key(w, "total_page_count");
    http_jw_int(w, (total + page->per_page - 1) / page->per_page);
    http_jw_key(w, "current_page_index");
    http_jw_int(w, page->index);
    http_jw_object_end(w);
}

const char *rp_link_base(struct http_req *req)
{
    const char *origin = http_req_origin(req);
    const char *tenant = req->tenant_id;
    if (origin && tenant && strcmp(tenant, "default") != 0)
        return rm_arena_printf(&req->arena, "%s/t/%s", origin, tenant);
    return origin;
}
