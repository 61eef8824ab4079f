/*
 * /__admin/fixtures and /__admin/state: list, upload and delete fixtures, export a tenant's state
 * as a fixture document (docs/control-plane.md "Fixtures" and "State").
 */
#include "control/control_int.h"

#include <stdio.h>

/* GET /__admin/fixtures: every name a tenant create or reset takes, and which were uploaded
 * (F-CTL-054). */
void ctl__fixture_list(struct http_req *req, struct http_res *res)
{
    cJSON *out = store_fixture_list(ctl_store_of(req->app));
    if (!out) {
        http_res_error_json(req, res, 500, "out of memory");
        return;
    }
    http_res_json_take(req, res, 200, out);
}

/* An invalid document: 400 (409 for a built-in's name) with the JSON path (F-CTL-055). */
static void reply_invalid(struct http_req *req, struct http_res *res, int status,
                          const struct store_fixture_error *ferr)
{
    cJSON *out = cJSON_CreateObject();
    const char *msg = rm_arena_printf(&req->arena, "%s: %s", ferr->path, ferr->message);
    if (!out || !msg || !cJSON_AddStringToObject(out, "error", msg) ||
        !cJSON_AddStringToObject(out, "path", ferr->path) ||
        !cJSON_AddNumberToObject(out, "status", status)) {
        cJSON_Delete(out);
        http_res_error_json(req, res, 500, "out of memory");
        return;
    }
    http_res_json_take(req, res, status, out);
}

/* POST /__admin/fixtures: the body is a fixture document; 201 {"status", "fixture",
 * "replaced"} once it loads. The size limit is the server's body limit (413, core). */
void ctl__fixture_upload(struct http_req *req, struct http_res *res)
{
    const cJSON *doc = req->body_len ? http_req_body_json(req) : NULL;
    if (!doc) {
        struct store_fixture_error ferr = {"$", ""};
        snprintf(ferr.message, sizeof ferr.message, "%s",
                 req->body_len ? "the body is not valid JSON"
                               : "the body must be a fixture document (fixtures/*.json)");
        reply_invalid(req, res, 400, &ferr);
        return;
    }
    struct store *st = ctl_store_of(req->app);
    struct store_fixture_error ferr;
    const char *name = NULL;
    bool replaced = false;
    int rc = store_fixture_upload(st, doc, &name, &replaced, &ferr);
    if (rc != RM_OK) {
        reply_invalid(req, res, rc == RM_EEXIST ? 409 : rc == RM_EINVAL ? 400 : 500, &ferr);
        return;
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "status", "ok");
    cJSON_AddStringToObject(out, "fixture", name);
    cJSON_AddBoolToObject(out, "replaced", replaced);
    http_res_json_take(req, res, replaced ? 200 : 201, out);
}

/* DELETE /__admin/fixtures/{name}: forgets an uploaded fixture (F-CTL-059). */
void ctl__fixture_delete(struct http_req *req, struct http_res *res)
{
    const char *name = req->path_params[0];
    int rc = store_fixture_delete(ctl_store_of(req->app), name);
    if (rc != RM_OK) {
        const char *msg =
            rc == RM_EEXIST
                ? rm_arena_printf(&req->arena, "'%s' is a built-in fixture and cannot be deleted",
                                  name)
                : rm_arena_printf(&req->arena,
                                  "no uploaded fixture '%s' (GET /__admin/fixtures lists them)",
                                  name);
        http_res_error_json(req, res, rc == RM_EEXIST ? 409 : 404, msg ? msg : "cannot delete");
        return;
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "status", "ok");
    cJSON_AddStringToObject(out, "deleted", name);
    http_res_json_take(req, res, 200, out);
}

/* GET /__admin/state: the request's tenant as a fixture document (F-CTL-050). */
void ctl__state_get(struct http_req *req, struct http_res *res)
{
    cJSON *doc = store_tenant_export(req->tenant);
    if (!doc) {
        http_res_error_json(req, res, 500, "the tenant's state could not be read");
        return;
    }
    http_res_json_take(req, res, 200, doc);
}
