/*
 * /__admin basics: health, reset of a tenant to a fixture, the list of fixtures.
 */
#include "control/control.h"

#include <string.h>

static void health(struct http_req *req, struct http_res *res)
{
    static const char ok[] = "{\"status\":\"ok\"}";
    (void)req;
    http_res_set(res, 200, "application/json", ok, sizeof ok - 1);
}

/* POST /__admin/reset, optional body {"fixture": NAME}: restores the request's tenant. */
static void reset(struct http_req *req, struct http_res *res)
{
    const char *fixture = NULL;
    const cJSON *body;
    if (req->body_len) {
        body = http_req_body_json(req);
        if (!cJSON_IsObject(body)) {
            http_res_error_json(req, res, 400, "body must be a JSON object like {\"fixture\":\"empty\"}");
            return;
        }
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(body, "fixture");
        if (f && !cJSON_IsString(f)) {
            http_res_error_json(req, res, 400, "fixture must be a string");
            return;
        }
        fixture = f ? f->valuestring : NULL;
    }
    char err[512];
    int rc = store_tenant_reset(req->tenant, fixture, err, sizeof err);
    if (rc != RM_OK) {
        http_res_error_json(req, res, rc == RM_ENOTFOUND ? 404 : rc == RM_EINVAL ? 400 : 500, err);
        return;
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "status", "ok");
    cJSON_AddStringToObject(out, "tenant", store_tenant_id(req->tenant));
    cJSON_AddStringToObject(out, "fixture", fixture ? fixture : store_tenant_fixture(req->tenant));
    http_res_json_take(req, res, 200, out);
}

static void fixtures(struct http_req *req, struct http_res *res)
{
    const char *const *names;
    size_t n = store_fixture_names(&names);
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "fixtures", cJSON_CreateStringArray(names, (int)n));
    http_res_json_take(req, res, 200, out);
}

static void admin_error(struct http_req *req, struct http_res *res, int status, const char *message)
{
    http_res_error_json(req, res, status, message);
}

static const struct http_route admin_routes[] = {
    { HTTP_GET, "/__admin/health", health, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_POST, "/__admin/reset", reset, 0, NULL },
    { HTTP_GET, "/__admin/fixtures", fixtures, CTL_ROUTE_NO_TENANT, NULL },
};

const struct http_api ctl_admin_api = {
    .name = "admin",
    .mount = "/__admin",
    .routes = admin_routes,
    .nroutes = RM_ARRAY_LEN(admin_routes),
    .error = admin_error,
};
