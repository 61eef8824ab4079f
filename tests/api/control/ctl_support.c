/* Helpers of the control-plane API tests (ctl_support.h). */
#include "ctl_support.h"

#include <stdio.h>
#include <string.h>

struct rmmsim *ctl_sim;

int ctl_setup(void **state)
{
    (void)state;
    ctl_sim = tl_start("default");
    return 0;
}

int ctl_teardown(void **state)
{
    (void)state;
    tl_stop(ctl_sim);
    return 0;
}

const cJSON *ctl_get(const cJSON *v, const char *a)
{
    return cJSON_GetObjectItemCaseSensitive(v, a);
}

/* Sends a request routed as route asks; the reply parsed into *json. */
static long send(struct rmmsim *sim, struct ctl_route route, const char *method, const char *path,
                 const char *body, const char *const *headers, cJSON **json)
{
    char full[512], tenant[128];
    snprintf(full, sizeof full, "%s%s%s", route.prefix ? "/t/" : "",
             route.prefix ? route.prefix : "", path);
    struct tl_request req = {.method = method, .path = full, .body = body};
    size_t n = 0;
    if (route.header) {
        snprintf(tenant, sizeof tenant, "X-Rmmsim-Tenant: %s", route.header);
        req.headers[n++] = tenant;
    }
    for (; headers && *headers; headers++)
        req.headers[n++] = *headers;
    struct tl_response res;
    tl_do(sim, &req, &res);
    long status = res.status;
    if (json)
        *json = cJSON_ParseWithLength(res.body, res.body_len);
    tl_response_free(&res);
    return status;
}

static void copy_string(char *dst, size_t size, const cJSON *obj, const char *a, const char *b)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, a);
    if (b)
        v = cJSON_GetObjectItemCaseSensitive(v, b);
    snprintf(dst, size, "%s", cJSON_IsString(v) ? v->valuestring : "");
}

long ctl_tenant_create(struct rmmsim *sim, const char *body, struct ctl_tenant *t)
{
    cJSON *j;
    long status = ctl_admin(sim, (struct ctl_route){0}, "POST", "/__admin/tenants", body, &j);
    if (status == 201) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "credentials");
        copy_string(t->id, sizeof t->id, j, "id", NULL);
        copy_string(t->base_url, sizeof t->base_url, j, "baseUrl", NULL);
        copy_string(t->ent_key, sizeof t->ent_key, c, "remotepc-enterprise", "apiKey");
        copy_string(t->rsl_key, sizeof t->rsl_key, c, "remotepc-reseller", "apiKey");
        copy_string(t->oco_key, sizeof t->oco_key, c, "oco", "apiKey");
        copy_string(t->pcv_integrator, sizeof t->pcv_integrator, c, "pcvisit",
                    "integratorApiToken");
        copy_string(t->pcv_user, sizeof t->pcv_user, c, "pcvisit", "userApiToken");
    }
    cJSON_Delete(j);
    return status;
}

void ctl_tenant_delete(struct rmmsim *sim, const char *id)
{
    char path[128];
    snprintf(path, sizeof path, "/__admin/tenants/%s", id);
    ctl_admin(sim, (struct ctl_route){0}, "DELETE", path, NULL, NULL);
}

long ctl_rp(struct rmmsim *sim, struct ctl_route route, const char *key, const char *method,
            const char *path, const char *body, cJSON **json)
{
    char auth[256];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
    const char *const headers[] = {auth, "Content-Type: application/json", NULL};
    return send(sim, route, method, path, body, headers, json);
}

long ctl_oco(struct rmmsim *sim, struct ctl_route route, const char *key, const char *method,
             const char *data_json, cJSON **json)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":{\"api_key\":\"%s\","
             "\"data\":%s}}",
             method, key, data_json ? data_json : "{}");
    static const char *const headers[] = {"Authorization: Basic YWRtaW46YWRtaW4=", /* admin:admin */
                                          "Content-Type: application/json", NULL};
    return send(sim, route, "POST", "/api-client.php", body, headers, json);
}

long ctl_admin(struct rmmsim *sim, struct ctl_route route, const char *method, const char *path,
               const char *body, cJSON **json)
{
    static const char *const headers[] = {"Content-Type: application/json", NULL};
    return send(sim, route, method, path, body, headers, json);
}
