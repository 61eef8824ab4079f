/*
 * The dispatcher: finds the API and route for a request, runs the application's hooks
 * around the handler (tenant, transaction), and turns every failure into a reply in the
 * owning API's format. It is the only caller of handlers.
 */
#include "core/http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
    unsigned bit;
    const char *name;
} method_names[] = {
    { HTTP_GET, "GET" },         { HTTP_HEAD, "HEAD" },       { HTTP_POST, "POST" },
    { HTTP_PUT, "PUT" },         { HTTP_DELETE, "DELETE" },   { HTTP_PATCH, "PATCH" },
    { HTTP_OPTIONS, "OPTIONS" },
};

unsigned http_method_parse(const char *name)
{
    for (size_t i = 0; i < RM_ARRAY_LEN(method_names); i++)
        if (strcmp(name, method_names[i].name) == 0)
            return method_names[i].bit;
    return HTTP_OTHER;
}

void http_methods_format(unsigned methods, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < RM_ARRAY_LEN(method_names); i++) {
        if (!(methods & method_names[i].bit))
            continue;
        int n = snprintf(buf + used, size - used, "%s%s", used ? ", " : "", method_names[i].name);
        if (n < 0 || (size_t)n >= size - used)
            return;
        used += (size_t)n;
    }
}

const struct http_api *http_api_find(const struct http_app *app, const char *path)
{
    const struct http_api *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < app->napis; i++) {
        const struct http_api *api = app->apis[i];
        size_t len = strlen(api->mount);
        if (strncmp(path, api->mount, len) == 0 && (!best || len > best_len)) {
            best = api;
            best_len = len;
        }
    }
    return best;
}

/* Matches one pattern; on success records {x} segment values in req (arena copies). */
static bool pattern_match(struct http_req *req, const struct http_route *route)
{
    const char *pat = route->pattern;
    const char *path = req->path;
    if (route->flags & HTTP_ROUTE_PREFIX)
        return strncmp(path, pat, strlen(pat)) == 0;
    size_t nparams = 0;
    const char *values[HTTP_MAX_PATH_PARAMS];
    size_t lens[HTTP_MAX_PATH_PARAMS];
    while (*pat && *path) {
        if (*pat == '{') {
            const char *close = strchr(pat, '}');
            size_t seg = strcspn(path, "/");
            if (!close || seg == 0 || nparams == HTTP_MAX_PATH_PARAMS)
                return false;
            values[nparams] = path;
            lens[nparams++] = seg;
            pat = close + 1;
            path += seg;
        } else if (*pat++ != *path++) {
            return false;
        }
    }
    if (*pat || *path)
        return false;
    for (size_t i = 0; i < nparams; i++) {
        req->path_params[i] = rm_arena_strndup(&req->arena, values[i], lens[i]);
        if (!req->path_params[i])
            return false;
    }
    req->npath_params = nparams;
    return true;
}

int http_route_match(struct http_req *req, const struct http_api *api, unsigned *allowed)
{
    *allowed = 0;
    for (size_t i = 0; i < api->nroutes; i++) {
        const struct http_route *route = &api->routes[i];
        if (!pattern_match(req, route))
            continue;
        if (route->methods & req->method) {
            req->route = route;
            return RM_OK;
        }
        *allowed |= route->methods;
    }
    return *allowed ? RM_EINVAL : RM_ENOTFOUND;
}

static void reply_method_not_allowed(struct http_req *req, struct http_res *res, unsigned allowed)
{
    char list[96];
    /* HEAD is served wherever GET is: civetweb drops the body. */
    if (allowed & HTTP_GET)
        allowed |= HTTP_HEAD;
    http_methods_format(allowed, list, sizeof list);
    req->api->error(req, res, 405, "Method Not Allowed");
    const char *value = rm_arena_strdup(&req->arena, list);
    if (value)
        http_res_header(res, "Allow", value);
}

void http_dispatch(const struct http_app *app, struct http_req *req, struct http_res *res)
{
    if (!req->api)
        req->api = http_api_find(app, req->path);
    if (!req->api) {
        http_res_error_json(req, res, 404, "Not Found");
        return;
    }
    unsigned allowed;
    unsigned method = req->method;
    if (method == HTTP_HEAD) /* answer HEAD as GET; the server drops the body */
        req->method = HTTP_GET;
    int rc = http_route_match(req, req->api, &allowed);
    req->method = method;
    if (rc == RM_ENOTFOUND) {
        req->api->error(req, res, 404, "Not Found");
        return;
    }
    if (rc != RM_OK) {
        reply_method_not_allowed(req, res, allowed);
        return;
    }
    if (app->enter && app->enter(req, res) != 0)
        return;
    req->route->handler(req, res);
    if (req->arena.failed) {
        /* The per-request memory cap was reached: whatever the handler built is partial. */
        res->nheaders = 0;
        res->rollback = true;
        req->arena.failed = false; /* the small error reply may allocate past the cap */
        req->arena.cap = 0;
        req->api->error(req, res, 413, "The request needs more memory than rmmsim allows");
    } else if (res->status == 0) {
        res->rollback = true;
        req->api->error(req, res, 500, "The handler gave no reply");
    }
    if (app->leave)
        app->leave(req, res);
}
