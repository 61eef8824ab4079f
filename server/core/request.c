/*
 * Reading a parsed request: headers, query parameters, URL decoding, JSON bodies.
 */
#include "core/http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *http_req_header(const struct http_req *req, const char *name)
{
    for (size_t i = 0; i < req->nheaders; i++)
        if (strcasecmp(req->headers[i].name, name) == 0)
            return req->headers[i].value;
    return NULL;
}

const char *http_req_origin(struct http_req *req)
{
    const char *host = http_req_header(req, "Host");
    if (!host || !*host || strpbrk(host, "/\\ \"<>"))
        host = "localhost"; /* a Host that cannot be part of a URL is not echoed */
    return rm_arena_printf(&req->arena, "http://%s", host);
}

const struct http_param *http_req_param(const struct http_req *req, const char *name)
{
    for (size_t i = 0; i < req->nparams; i++)
        if (strcmp(req->params[i].name, name) == 0)
            return &req->params[i];
    return NULL;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t http_url_decode(char *dst, const char *src, size_t len, bool plus_is_space)
{
    size_t out = 0;
    for (size_t i = 0; i < len; i++) {
        int hi, lo;
        if (src[i] == '%' && i + 2 < len && (hi = hex_value(src[i + 1])) >= 0 &&
            (lo = hex_value(src[i + 2])) >= 0) {
            dst[out++] = (char)(hi * 16 + lo);
            i += 2;
        } else if (src[i] == '+' && plus_is_space) {
            dst[out++] = ' ';
        } else {
            dst[out++] = src[i];
        }
    }
    dst[out] = '\0';
    return out;
}

int http_req_parse_query(struct http_req *req, const char *query)
{
    req->params = NULL;
    req->nparams = 0;
    if (!query || !*query)
        return RM_OK;
    size_t count = 1;
    for (const char *p = query; *p; p++)
        count += *p == '&';
    req->params = rm_arena_calloc(&req->arena, count, sizeof *req->params);
    if (!req->params)
        return RM_ENOMEM;
    const char *p = query;
    while (*p) {
        size_t len = strcspn(p, "&");
        size_t name_len = strcspn(p, "=");
        if (name_len > len)
            name_len = len;
        if (len > 0) { /* "a&&b" has an empty piece: skip it */
            char *name = rm_arena_alloc(&req->arena, name_len + 1);
            const char *raw_value = name_len < len ? p + name_len + 1 : p + len;
            size_t raw_value_len = (size_t)(p + len - raw_value);
            char *value = rm_arena_alloc(&req->arena, raw_value_len + 1);
            if (!name || !value)
                return RM_ENOMEM;
            struct http_param *param = &req->params[req->nparams++];
            param->name = name;
            http_url_decode(name, p, name_len, true);
            param->value = value;
            param->value_len = http_url_decode(value, raw_value, raw_value_len, true);
        }
        p += len;
        if (*p == '&')
            p++;
    }
    return RM_OK;
}

static void json_delete(void *p)
{
    cJSON_Delete(p);
}

cJSON *http_req_own_json(struct http_req *req, cJSON *json)
{
    if (!json || rm_arena_defer(&req->arena, json_delete, json) != RM_OK)
        return NULL;
    return json;
}

/* Objects with more members than this are deduplicated by sorting, not pair by pair. */
#define FEW_MEMBERS 32

/* Gives the member at first the value of the member at last (same key, later in the
 * document) and removes last: the first position, the last value. */
static void take_later_value(cJSON *object, cJSON **first, cJSON *last)
{
    cJSON_DetachItemViaPointer(object, last);
    cJSON_ReplaceItemViaPointer(object, *first, last); /* frees *first */
    *first = last;
}

struct member {
    cJSON *item;
    size_t index; /* document order */
};

static int by_key_then_order(const void *x, const void *y)
{
    const struct member *a = x, *b = y;
    int c = strcmp(a->item->string, b->item->string);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

/* F-CORE-019: a key named twice in an object keeps its first position and its last value,
 * as PHP's json_decode, JavaScript's JSON.parse and Jackson read it (cJSON alone keeps the
 * first value and both members). Recursion is bounded by HTTP_JSON_MAX_DEPTH. */
static bool last_value_wins(cJSON *json)
{
    size_t n = 0;
    for (cJSON *c = json->child; c; c = c->next) {
        n++;
        if ((cJSON_IsObject(c) || cJSON_IsArray(c)) && !last_value_wins(c))
            return false;
    }
    if (!cJSON_IsObject(json) || n < 2)
        return true;
    if (n <= FEW_MEMBERS) {
        for (cJSON *a = json->child; a; a = a->next)
            for (cJSON *b = a->next, *next; b; b = next) {
                next = b->next;
                if (strcmp(a->string, b->string) == 0)
                    take_later_value(json, &a, b);
            }
        return true;
    }
    struct member *m = malloc(n * sizeof *m);
    if (!m)
        return false;
    size_t i = 0;
    for (cJSON *c = json->child; c; c = c->next, i++)
        m[i] = (struct member){c, i};
    qsort(m, n, sizeof *m, by_key_then_order);
    for (size_t run = 0, end; run < n; run = end) {
        for (end = run + 1; end < n && strcmp(m[end].item->string, m[run].item->string) == 0;)
            end++;
        for (size_t k = run + 1; k + 1 < end; k++) /* the ones between first and last */
            cJSON_Delete(cJSON_DetachItemViaPointer(json, m[k].item));
        if (end - run > 1)
            take_later_value(json, &m[run].item, m[end - 1].item);
    }
    free(m);
    return true;
}

cJSON *http_req_parse_json(struct http_req *req, const char *text, size_t len, int *rc)
{
    const char *why;
    *rc = http_json_check(text, len, HTTP_JSON_MAX_DEPTH, &why);
    if (*rc == RM_EINVAL && why == http_json_nul) {
        char *copy = rm_arena_strndup(&req->arena, text, len);
        text = copy;
        *rc = copy ? http_json_check_fix_nul(copy, len, HTTP_JSON_MAX_DEPTH, &why) : RM_ENOMEM;
    }
    if (*rc != RM_OK)
        return NULL;
    cJSON *json = http_req_own_json(req, cJSON_ParseWithLength(text, len));
    if (!json) /* cJSON refuses lone surrogate escapes, or memory ran out */
        *rc = req->arena.failed ? RM_ENOMEM : RM_EINVAL;
    else if (!last_value_wins(json)) {
        *rc = RM_ENOMEM;
        json = NULL; /* the tree is the request's: freed with it */
    }
    return json;
}

cJSON *http_req_body_json(struct http_req *req)
{
    int rc;
    if (!req->body_parsed) {
        req->body_json = http_req_parse_json(req, req->body, req->body_len, &rc);
        req->body_parsed = true;
    }
    return req->body_json;
}
