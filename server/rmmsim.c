/*
 * The application: wires the store, the APIs and the control plane to the HTTP server,
 * and implements what happens around every handler (tenant choice, transaction).
 */
#include "rmmsim.h"

#include "apis/oco/oco.h"
#include "apis/pcvisit/pcvisit.h"
#include "apis/remotepc/remotepc.h"
#include "control/control.h"
#include "control/faults.h"
#include "control/journal.h"
#include "core/embed.h"
#include "core/http.h"
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rmmsim {
    struct store *store;
    struct http_cache *cache; /* replies of HTTP_ROUTE_CACHE routes */
    struct ctl_faults *faults; /* registered faults (F-CTL-030) */
    struct ctl_journal *journal; /* the last requests answered (F-CTL-024) */
    struct http_server *server;
    struct http_app app;
    const struct http_api *apis[8]; /* all_apis, less the control plane with --no-admin */
    char *admin_token; /* --admin-token; NULL: the control plane is open */
    bool no_admin;     /* --no-admin: no control plane, no X-Rmmsim-Fault either */
    char base_url[96];
};

/* Every API rmmsim serves; http_api_find picks by longest mount. */
static const struct http_api *const all_apis[] = {
    &ctl_admin_api,
    &rp_enterprise_api,
    &rp_reseller_api,
    &rp_links_api,
    &oco_api,
    &pcv_api,
};

_Static_assert(RM_ARRAY_LEN(all_apis) <= 8, "struct rmmsim.apis is too small");

/* The prebuilt fixture databases, by fixture name ("snapshots/NAME.db" in the table). */
static struct store_prebuilt prebuilt[16];
static size_t nprebuilt;
static pthread_once_t prebuilt_once = PTHREAD_ONCE_INIT;

static void collect_prebuilt(void)
{
    static char names[16][64];
    for (const struct rm_embedded_file *f = rm_embedded_snapshots; f->name; f++) {
        size_t len = strlen(f->name);
        if (nprebuilt == RM_ARRAY_LEN(prebuilt) || len < 14 || strncmp(f->name, "snapshots/", 10))
            continue;
        size_t i = nprebuilt++;
        snprintf(names[i], sizeof names[0], "%.*s", (int)(len - 13), f->name + 10);
        prebuilt[i] = (struct store_prebuilt){ names[i], (const unsigned char *)f->data, f->len };
    }
}

struct store *ctl_store_of(void *app)
{
    return ((struct rmmsim *)app)->store;
}

struct ctl_faults *ctl_faults_of(void *app)
{
    return ((struct rmmsim *)app)->faults;
}

const struct http_api *const *ctl_apis_of(void *app, size_t *n)
{
    (void)app;
    *n = RM_ARRAY_LEN(all_apis);
    return all_apis;
}

struct ctl_journal *ctl_journal_of(void *app)
{
    return ((struct rmmsim *)app)->journal;
}

static void record(struct http_req *req, const struct http_res *res, uint64_t latency_ns)
{
    ctl_journal_record(((struct rmmsim *)req->app)->journal, req, res, latency_ns);
}

static bool route_uses_db(const struct http_route *route)
{
    return route->flags & (HTTP_ROUTE_DB_READ | HTTP_ROUTE_DB_WRITE);
}

/* Gives the request's tenant back and unbinds its clock. */
static void release_tenant(struct http_req *req)
{
    rm_clock_bind(NULL);
    store_tenant_release(req->tenant);
    req->tenant = NULL;
}

/* The one place a request's tenant is chosen (F-CTL-002): the name it gives (the /t/{id}/
 * prefix, else the X-Rmmsim-Tenant header: server.c), else the tenant one of whose own
 * credentials it carries, else the default tenant. The tenant's clock becomes the thread's
 * (F-CTL-010). The request journal and fault injection hook in right after this. */
static int resolve_tenant(struct rmmsim *sim, struct http_req *req, struct http_res *res)
{
    if (req->tenant_id) {
        req->tenant = store_tenant_acquire(sim->store, req->tenant_id);
    } else if (req->api->tenant_keys && store_has_credentials(sim->store)) {
        const char *keys[8];
        size_t n = req->api->tenant_keys(req, keys, RM_ARRAY_LEN(keys));
        for (size_t i = 0; i < n && !req->tenant; i++)
            req->tenant = store_tenant_acquire_by_credential(sim->store, keys[i]);
        /* Copied: the access log reads the id after the tenant is released. */
        if (req->tenant) {
            req->tenant_via = HTTP_TENANT_CREDENTIAL;
            req->tenant_id = rm_arena_strdup(&req->arena, store_tenant_id(req->tenant));
        }
    }
    if (!req->tenant && !req->tenant_id)
        req->tenant = store_tenant_acquire(sim->store, NULL);
    if (!req->tenant) {
        /* The name as the client gave it, but only printable ASCII: it goes into a header. */
        char *id = rm_arena_strdup(&req->arena, req->tenant_id);
        for (char *p = id; p && *p; p++)
            if (*p < 0x20 || *p > 0x7e || *p == '\'')
                *p = '?';
        const char *msg = rm_arena_printf(&req->arena,
                                          "Unknown tenant '%s' (named by X-Rmmsim-Tenant or "
                                          "/t/{id}/; GET /__admin/tenants lists them)",
                                          id ? id : "");
        /* F-CTL-004: in the API's own error format; the header says why in every API. */
        req->api->error(req, res, 404, msg ? msg : "Unknown tenant");
        if (msg)
            http_res_header(res, "X-Rmmsim-Error", msg);
        return -1;
    }
    rm_clock_bind(store_tenant_clock(req->tenant));
    req->time_ms = rm_clock_now_ms(); /* F-CTL-022: the journal's time of the request */
    return 0;
}

/* Constant-time comparison of the token a request gives with the configured one. */
static bool token_equal(const char *given, size_t given_len, const char *want)
{
    size_t want_len = strlen(want);
    unsigned char diff = given_len != want_len;
    for (size_t i = 0; i < want_len; i++)
        diff |= (unsigned char)(want[i] ^ (i < given_len ? given[i] : 0));
    return diff == 0;
}

/* F-CORE-011: with --admin-token, a control-plane request needs "Authorization: Bearer
 * TOKEN" (health and the page's static files excepted: CTL_ROUTE_OPEN). */
static int check_admin_token(struct rmmsim *sim, struct http_req *req, struct http_res *res)
{
    if (!sim->admin_token || req->api != &ctl_admin_api || (req->route->flags & CTL_ROUTE_OPEN))
        return 0;
    const char *auth = http_req_header(req, "Authorization");
    if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
        const char *tok = auth + 7;
        while (*tok == ' ')
            tok++;
        size_t len = strlen(tok);
        while (len && (tok[len - 1] == ' ' || tok[len - 1] == '\t'))
            len--;
        if (token_equal(tok, len, sim->admin_token))
            return 0;
    }
    http_res_error_json(req, res, 401,
                        auth ? "The admin token is wrong (rmmsim runs with --admin-token)"
                             : "The control plane needs \"Authorization: Bearer TOKEN\" "
                               "(rmmsim runs with --admin-token)");
    http_res_header(res, "WWW-Authenticate", "Bearer realm=\"rmmsim admin\"");
    return -1;
}

static int enter(struct http_req *req, struct http_res *res)
{
    struct rmmsim *sim = req->app;
    if (check_admin_token(sim, req, res) != 0)
        return -1;
    if (req->route->flags & CTL_ROUTE_NO_TENANT)
        return 0;
    if (resolve_tenant(sim, req, res) != 0)
        return -1;
    /* F-CTL-030, F-CTL-037: a fault answers before the reply cache and the database. */
    if (!sim->no_admin && ctl_fault_apply(sim->faults, req, res) != 0) {
        release_tenant(req);
        return 1;
    }
    /* A reply made from the data as it is now is served again, without the database. */
    bool cached = req->route->flags & HTTP_ROUTE_CACHE;
    if (cached && http_cache_key(req, store_tenant_id(req->tenant), req->api->cache_headers,
                                 &req->cache_key) == RM_OK &&
        http_cache_get(req->cache, &req->cache_key, store_tenant_generation(req->tenant), req,
                       res)) {
        req->cached = true;
        release_tenant(req);
        return 1;
    }
    if (route_uses_db(req->route)) {
        store_tenant_lock(req->tenant);
        /* Read under the lock: the handler sees exactly the data of this generation. */
        req->cache_generation = store_tenant_generation(req->tenant);
        if (store_begin(req->tenant, req->route->flags & HTTP_ROUTE_DB_WRITE) != RM_OK) {
            store_tenant_unlock(req->tenant);
            release_tenant(req);
            req->api->error(req, res, 500, "The database could not start a transaction");
            return -1;
        }
    }
    return 0;
}

static void leave(struct http_req *req, struct http_res *res)
{
    if (!req->tenant)
        return;
    if (route_uses_db(req->route)) {
        if (res->status >= 400 || res->rollback) {
            store_rollback(req->tenant);
        } else if (store_commit(req->tenant) != RM_OK) {
            store_rollback(req->tenant);
            res->nheaders = 0;
            req->api->error(req, res, 500, "The database could not commit the change");
        } else if ((req->route->flags & HTTP_ROUTE_CACHE) && res->status == 200 &&
                   req->cache_key.key) {
            http_cache_put(req->cache, &req->cache_key,
                           req->cache_generation, res);
        }
        store_tenant_unlock(req->tenant);
    }
    release_tenant(req);
}

void rmmsim_options_init(struct rmmsim_options *opts)
{
    *opts = (struct rmmsim_options){
        .listen = "127.0.0.1:8080",
        .db_path = ":memory:",
        .fixture = "default",
        .threads = 64,
        .log_level = "info",
        .max_body = 1u << 20,
        .journal_size = 1000,
        .max_tenants = STORE_MAX_TENANTS,
    };
}

struct rmmsim *rmmsim_start(const struct rmmsim_options *opts, char *err, size_t errlen)
{
    enum rm_log_level level;
    if (rm_log_level_parse(opts->log_level ? opts->log_level : "info", &level) != RM_OK) {
        snprintf(err, errlen, "invalid log level '%s'", opts->log_level);
        return NULL;
    }
    rm_log_set_level(level);
    struct rmmsim *sim = calloc(1, sizeof *sim);
    if (!sim) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    pthread_once(&prebuilt_once, collect_prebuilt);
    struct store_options so = {
        .db_path = opts->db_path,
        .default_fixture = opts->fixture,
        .sections = store_sections,
        .nsections = store_nsections,
        .prebuilt = prebuilt,
        .nprebuilt = nprebuilt,
        .max_tenants = opts->max_tenants,
    };
    if (store_open(&so, &sim->store, err, errlen) != RM_OK)
        goto fail;
    if (!(sim->faults = ctl_faults_new())) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (!(sim->cache = http_cache_new())) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    if (opts->max_tenants > 100000) {
        snprintf(err, errlen, "max tenants %zu is over the limit of 100000", opts->max_tenants);
        goto fail;
    }
    if (opts->journal_size > 100000) {
        snprintf(err, errlen, "journal size %zu is over the limit of 100000", opts->journal_size);
        goto fail;
    }
    if (!(sim->journal = ctl_journal_new(opts->journal_size))) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    size_t napis = 0;
    sim->no_admin = opts->no_admin != 0;
    for (size_t i = 0; i < RM_ARRAY_LEN(all_apis); i++)
        if (!(opts->no_admin && all_apis[i] == &ctl_admin_api)) /* F-CORE-011 */
            sim->apis[napis++] = all_apis[i];
    if (opts->admin_token && *opts->admin_token && !(sim->admin_token = strdup(opts->admin_token))) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    sim->app = (struct http_app){
        .apis = sim->apis,
        .napis = napis,
        .ctx = sim,
        .cache = sim->cache,
        .enter = enter,
        .leave = leave,
        .record = opts->journal_size ? record : NULL, /* 0: no cost at all */
    };
    /* The per-request memory cap: room for the body and for building any reply. */
    size_t max_body = opts->max_body ? opts->max_body : 1u << 20;
    struct http_server_config hc = {
        .listen = opts->listen ? opts->listen : "127.0.0.1:8080",
        .threads = opts->threads > 0 ? opts->threads : 64,
        .max_body = max_body,
        .arena_cap = 64u << 20,
        .access_log = rm_log_enabled(RM_LOG_INFO),
    };
    if (http_server_start(&hc, &sim->app, &sim->server, err, errlen) != RM_OK)
        goto fail;
    const char *host = hc.listen;
    const char *colon = strrchr(host, ':');
    int host_len = (int)(colon - host);
    /* A wildcard address is not one a client can use: name the loopback instead. */
    if (strncmp(host, "0.0.0.0:", 8) == 0 || strncmp(host, "localhost:", 10) == 0)
        host = "127.0.0.1", host_len = 9;
    else if (strncmp(host, "[::]:", 5) == 0)
        host = "[::1]", host_len = 5;
    snprintf(sim->base_url, sizeof sim->base_url, "http://%.*s:%d", host_len, host,
             http_server_port(sim->server));
    return sim;
fail:
    free(sim->admin_token);
    ctl_faults_free(sim->faults);
    ctl_journal_free(sim->journal);
    http_cache_free(sim->cache);
    store_free(sim->store);
    free(sim);
    return NULL;
}

int rmmsim_port(const struct rmmsim *sim)
{
    return http_server_port(sim->server);
}

const char *rmmsim_base_url(const struct rmmsim *sim)
{
    return sim->base_url;
}

int rmmsim_reset(struct rmmsim *sim, const char *fixture, char *err, size_t errlen)
{
    struct store_tenant *t = store_tenant_acquire(sim->store, NULL);
    int rc = store_tenant_reset(t, fixture, err, errlen);
    store_tenant_release(t);
    return rc == RM_OK ? 0 : -1;
}

void rmmsim_stop(struct rmmsim *sim)
{
    if (!sim)
        return;
    http_server_stop(sim->server);
    ctl_faults_free(sim->faults);
    http_cache_free(sim->cache);
    ctl_journal_free(sim->journal);
    store_free(sim->store);
    free(sim->admin_token);
    free(sim);
}
