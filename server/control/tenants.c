/*
 * /__admin/tenants: create, list, show, delete and reset tenants (docs/control-plane.md
 * "Tenants"). Each answer describes a tenant as {id, fixture, baseUrl, credentials}.
 */
#include "control/control_int.h"
#include "control/faults.h"

#include <stdlib.h>
#include <string.h>

/* The tenant as the create, list and show answers give it; NULL when memory ran out. */
static cJSON *describe(struct http_req *req, struct store_tenant *t)
{
    const char *id = store_tenant_id(t);
    const char *origin = http_req_origin(req);
    const char *base = !origin ? NULL
                       : strcmp(id, STORE_DEFAULT_TENANT) == 0
                           ? origin
                           : rm_arena_printf(&req->arena, "%s/t/%s", origin, id);
    cJSON *out = cJSON_CreateObject();
    cJSON *credentials = cJSON_Parse(store_tenant_credentials(t));
    char fixture[STORE_FIXTURE_NAME_MAX];
    if (!out || !base || !credentials || !cJSON_AddStringToObject(out, "id", id) ||
        !cJSON_AddStringToObject(out, "fixture", store_tenant_fixture(t, fixture)) ||
        !cJSON_AddStringToObject(out, "baseUrl", base)) {
        cJSON_Delete(credentials);
        cJSON_Delete(out);
        return NULL;
    }
    cJSON_AddItemToObject(out, "credentials", credentials);
    return out;
}

static void reply_tenant(struct http_req *req, struct http_res *res, int status,
                         struct store_tenant *t)
{
    cJSON *out = describe(req, t);
    if (!out) {
        http_res_error_json(req, res, 500, "out of memory");
        return;
    }
    http_res_json_take(req, res, status, out);
}

/* The optional "fixture" of the body (empty, or a JSON object; other keys are ignored, as
 * /__admin/reset always did). Returns false after answering 400. */
static bool body_fixture(struct http_req *req, struct http_res *res, const char **fixture)
{
    *fixture = NULL;
    if (!req->body_len)
        return true;
    const cJSON *body = http_req_body_json(req);
    if (!cJSON_IsObject(body)) {
        http_res_error_json(req, res, 400,
                            "body must be a JSON object like {\"fixture\":\"empty\"}");
        return false;
    }
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(body, "fixture");
    if (f && !cJSON_IsString(f)) {
        http_res_error_json(req, res, 400, "fixture must be a string");
        return false;
    }
    *fixture = f ? f->valuestring : NULL;
    return true;
}

/* A store error as the control plane's JSON error. */
static void reply_store_error(struct http_req *req, struct http_res *res, int rc, const char *err)
{
    int status = rc == RM_ENOTFOUND ? 404 : rc == RM_EINVAL ? 400 : rc == RM_ELIMIT ? 409 : 500;
    http_res_error_json(req, res, status, rm_arena_strdup(&req->arena, err));
}

/* The tenant named by the path ({id}), with a reference; NULL after answering 404. */
static struct store_tenant *path_tenant(struct http_req *req, struct http_res *res)
{
    struct store_tenant *t = store_tenant_acquire(ctl_store_of(req->app), req->path_params[0]);
    if (!t) {
        const char *msg = rm_arena_printf(
            &req->arena, "no tenant '%s' (GET /__admin/tenants lists them)", req->path_params[0]);
        http_res_error_json(req, res, 404, msg ? msg : "no such tenant");
    }
    return t;
}

/* POST /__admin/tenants, optional body {"fixture": NAME}: 201 and the new tenant. */
void ctl__tenant_create(struct http_req *req, struct http_res *res)
{
    const char *fixture;
    if (!body_fixture(req, res, &fixture))
        return;
    struct store *st = ctl_store_of(req->app);
    char id[STORE_TENANT_ID_MAX], err[512];
    int rc = store_tenant_create(st, fixture ? fixture : "default", id, err, sizeof err);
    if (rc != RM_OK) {
        reply_store_error(req, res, rc, err);
        return;
    }
    struct store_tenant *t = store_tenant_acquire(st, id);
    if (!t) { /* deleted by someone else already */
        http_res_error_json(req, res, 409, "the tenant was deleted while being created");
        return;
    }
    reply_tenant(req, res, 201, t);
    const char *location = rm_arena_printf(&req->arena, "/__admin/tenants/%s", id);
    if (location && res->status == 201)
        http_res_header(res, "Location", location);
    store_tenant_release(t);
}

/* GET /__admin/tenants: {"tenants": [...]}, the default tenant first. */
void ctl__tenant_list(struct http_req *req, struct http_res *res)
{
    struct store *st = ctl_store_of(req->app);
    char **ids;
    size_t n;
    if (store_tenant_list(st, &ids, &n) != RM_OK) {
        http_res_error_json(req, res, 500, "out of memory");
        return;
    }
    cJSON *out = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(out, "tenants");
    bool ok = list != NULL;
    for (size_t i = 0; i < n; i++) {
        struct store_tenant *t = store_tenant_acquire(st, ids[i]);
        if (t) { /* gone since the list was made: not listed */
            cJSON *one = describe(req, t);
            ok = ok && one && cJSON_AddItemToArray(list, one);
            store_tenant_release(t);
        }
        free(ids[i]);
    }
    free(ids);
    if (!ok) {
        cJSON_Delete(out);
        http_res_error_json(req, res, 500, "out of memory");
        return;
    }
    http_res_json_take(req, res, 200, out);
}

/* GET /__admin/tenants/{id} */
void ctl__tenant_show(struct http_req *req, struct http_res *res)
{
    struct store_tenant *t = path_tenant(req, res);
    if (!t)
        return;
    reply_tenant(req, res, 200, t);
    store_tenant_release(t);
}

/* DELETE /__admin/tenants/{id}: requests using it finish first (the store counts them);
 * F-CTL-001: the default tenant always exists. F-CTL-074: its faults go with it. */
void ctl__tenant_delete(struct http_req *req, struct http_res *res)
{
    const char *id = req->path_params[0];
    int rc = store_tenant_delete(ctl_store_of(req->app), id);
    if (rc == RM_EINVAL) {
        http_res_error_json(req, res, 409,
                            "the default tenant cannot be deleted (reset it instead: POST "
                            "/__admin/tenants/default/reset)");
        return;
    }
    if (rc == RM_ENOTFOUND) {
        path_tenant(req, res); /* answers the 404 */
        return;
    }
    ctl_faults_forget_tenant(ctl_faults_of(req->app), id);
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "status", "ok");
    cJSON_AddStringToObject(out, "deleted", id);
    http_res_json_take(req, res, 200, out);
}

void ctl__tenant_reset(struct http_req *req, struct http_res *res, struct store_tenant *t)
{
    const char *fixture;
    if (!body_fixture(req, res, &fixture))
        return;
    char err[512];
    int rc = store_tenant_reset(t, fixture, err, sizeof err);
    if (rc != RM_OK) {
        reply_store_error(req, res, rc, err);
        return;
    }
    /* F-CTL-011: a reset gives a clean world, and that includes the time. */
    rm_clock_set_real(store_tenant_clock(t));
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "status", "ok");
    cJSON_AddStringToObject(out, "tenant", store_tenant_id(t));
    char name[STORE_FIXTURE_NAME_MAX];
    cJSON_AddStringToObject(out, "fixture", fixture ? fixture : store_tenant_fixture(t, name));
    http_res_json_take(req, res, 200, out);
}

/* POST /__admin/tenants/{id}/reset */
void ctl__tenant_reset_named(struct http_req *req, struct http_res *res)
{
    struct store_tenant *t = path_tenant(req, res);
    if (!t)
        return;
    ctl__tenant_reset(req, res, t);
    store_tenant_release(t);
}
