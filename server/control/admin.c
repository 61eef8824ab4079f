/*
 * /__admin basics: health, memory stats, reset of a tenant to a fixture, the list of fixtures; and the
 * route table of the whole control plane (docs/control-plane.md).
 */
#include "control/control_int.h"
#include "control/faults.h"

#include <sqlite3.h>
#include <string.h>

static void health(struct http_req *req, struct http_res *res)
{
    static const char ok[] = "{\"status\":\"ok\"}";
    (void)req;
    http_res_set(res, 200, "application/json", ok, sizeof ok - 1);
}

/* GET /__admin/stats: SQLite's heap, which holds the rows of every in-memory tenant. A memory
 * check (scripts/load) subtracts its growth from the RSS growth, so that rows a test wrote
 * are not taken for a leak, nor hide one. */
static void stats(struct http_req *req, struct http_res *res)
{
    struct http_jw w;
    http_jw_init(&w, req);
    http_jw_object(&w);
    http_jw_key(&w, "sqliteMemoryBytes");
    http_jw_int(&w, sqlite3_memory_used());
    http_jw_key(&w, "sqliteMemoryHighwaterBytes");
    http_jw_int(&w, sqlite3_memory_highwater(0));
    http_jw_object_end(&w);
    if (http_jw_reply(&w, res, 200) != RM_OK)
        http_res_error_json(req, res, 500, "out of memory");
}

/* POST /__admin/reset, optional body {"fixture": NAME}: restores the request's tenant. */
static void reset(struct http_req *req, struct http_res *res)
{
    ctl__tenant_reset(req, res, req->tenant);
}

static void admin_error(struct http_req *req, struct http_res *res, int status, const char *message)
{
    http_res_error_json(req, res, status, message);
}

static const struct http_route admin_routes[] = {
    /* The admin page: opening it is not a request of a test, so not journaled (F-CTL-072). */
    { HTTP_GET, "/__admin/", ctl__page_index,
      CTL_ROUTE_NO_TENANT | CTL_ROUTE_NO_JOURNAL | CTL_ROUTE_OPEN, NULL },
    { HTTP_GET, "/__admin", ctl__page_redirect,
      CTL_ROUTE_NO_TENANT | CTL_ROUTE_NO_JOURNAL | CTL_ROUTE_OPEN, NULL },
    { HTTP_GET, "/__admin/assets/{name}", ctl__page_asset,
      CTL_ROUTE_NO_TENANT | CTL_ROUTE_NO_JOURNAL | CTL_ROUTE_OPEN, NULL },
    /* Open with --admin-token too: liveness probes and the Dockerfile HEALTHCHECK. */
    { HTTP_GET, "/__admin/health", health, CTL_ROUTE_NO_TENANT | CTL_ROUTE_OPEN, NULL },
    { HTTP_GET, "/__admin/stats", stats, CTL_ROUTE_NO_TENANT | CTL_ROUTE_NO_JOURNAL, NULL },
    { HTTP_POST, "/__admin/reset", reset, 0, NULL },
    { HTTP_GET, "/__admin/fixtures", ctl__fixture_list, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_POST, "/__admin/fixtures", ctl__fixture_upload, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_DELETE, "/__admin/fixtures/{name}", ctl__fixture_delete, CTL_ROUTE_NO_TENANT, NULL },
    /* The request's tenant as a fixture document (F-CTL-050). */
    { HTTP_GET, "/__admin/state", ctl__state_get, 0, NULL },
    /* Tenants are named by the path, not chosen like an API request's. */
    { HTTP_POST, "/__admin/tenants", ctl__tenant_create, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_GET, "/__admin/tenants", ctl__tenant_list, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_GET, "/__admin/tenants/{id}", ctl__tenant_show, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_DELETE, "/__admin/tenants/{id}", ctl__tenant_delete, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_POST, "/__admin/tenants/{id}/reset", ctl__tenant_reset_named, CTL_ROUTE_NO_TENANT,
      NULL },
    /* The clock of the request's tenant (F-CTL-010). */
    { HTTP_GET, "/__admin/clock", ctl__clock_get, 0, NULL },
    { HTTP_POST, "/__admin/clock", ctl__clock_set, 0, NULL },
    /* The request journal: reading it is not recorded, or polling would fill it (F-CTL-020). */
    { HTTP_GET, "/__admin/requests", ctl__journal_list, CTL_ROUTE_NO_TENANT | CTL_ROUTE_NO_JOURNAL,
      NULL },
    { HTTP_DELETE, "/__admin/requests", ctl__journal_clear,
      CTL_ROUTE_NO_TENANT | CTL_ROUTE_NO_JOURNAL, NULL },
    { HTTP_GET, "/__admin/requests/count", ctl__journal_count,
      CTL_ROUTE_NO_TENANT | CTL_ROUTE_NO_JOURNAL, NULL },
    /* Faults: a new one belongs to the request's tenant unless it names one (F-CTL-032). */
    { HTTP_POST, "/__admin/faults", ctl__faults_add, 0, NULL },
    { HTTP_GET, "/__admin/faults", ctl__faults_list, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_DELETE, "/__admin/faults", ctl__faults_clear, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_DELETE, "/__admin/faults/{id}", ctl__faults_delete, CTL_ROUTE_NO_TENANT, NULL },
    { HTTP_GET, "/__admin/errors", ctl__errors_list, CTL_ROUTE_NO_TENANT, NULL },
};

const struct http_api ctl_admin_api = {
    .name = "admin",
    .mount = "/__admin",
    .routes = admin_routes,
    .nroutes = RM_ARRAY_LEN(admin_routes),
    .error = admin_error,
};
