/*
 * The HTTP layer every API is written against: a parsed request, a reply to fill, route
 * tables and the dispatcher. Handlers never see civetweb; only core/server.c does.
 */
#ifndef RMMSIM_HTTP_H
#define RMMSIM_HTTP_H

#include "core/rm.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* Methods as bits, so a route can accept several. */
enum {
    HTTP_GET = 1u << 0,
    HTTP_HEAD = 1u << 1,
    HTTP_POST = 1u << 2,
    HTTP_PUT = 1u << 3,
    HTTP_DELETE = 1u << 4,
    HTTP_PATCH = 1u << 5,
    HTTP_OPTIONS = 1u << 6,
    HTTP_OTHER = 1u << 7, /* any other token a client sends */
    HTTP_ANY = 0xffu,
};

struct http_header {
    const char *name;
    const char *value;
};

struct http_param {
    const char *name;  /* URL-decoded, NUL-terminated */
    const char *value; /* URL-decoded; may hold NULs, see value_len */
    size_t value_len;
};

#define HTTP_MAX_PATH_PARAMS 4
#define HTTP_MAX_RES_HEADERS 8

struct http_api;
struct http_route;
struct store_tenant;

/* How a request chose its tenant, strongest first (F-CTL-002): the path prefix
 * /t/{id}/, the X-Rmmsim-Tenant header, one of a tenant's own credentials, else default. */
enum http_tenant_via {
    HTTP_TENANT_DEFAULT,
    HTTP_TENANT_PREFIX,
    HTTP_TENANT_HEADER,
    HTTP_TENANT_CREDENTIAL,
};

/* A request's identity: what a cached reply is looked up by (cache.c). */
struct http_cache_key {
    const char *key; /* arena */
    size_t len;
    uint64_t hash;
};

struct http_req {
    unsigned method;                               /* one HTTP_* bit */
    const char *method_name;                       /* as the client sent it */
    const char *path;                              /* URL-decoded, tenant prefix removed */
    const char *query;                             /* raw query string; "" when none */
    struct http_param *params;                     /* decoded query parameters, arena */
    size_t nparams;
    const char *path_params[HTTP_MAX_PATH_PARAMS]; /* values of {name} segments, in order */
    size_t npath_params;
    const struct http_header *headers;             /* borrowed for the request's lifetime */
    size_t nheaders;
    const char *body;                              /* NUL-terminated (arena); "" when none */
    size_t body_len;
    const char *remote_addr;                       /* the peer's IP address */
    const char *tenant_id;                         /* as named (/t/{id}/, X-Rmmsim-Tenant), then
                                                      the tenant chosen; NULL = default */
    enum http_tenant_via tenant_via;               /* how the tenant was chosen */
    struct store_tenant *tenant;                   /* set by the app before the handler runs */
    const struct http_api *api;                    /* the API that owns the path */
    const struct http_route *route;                /* the matched route */
    void *app;                                     /* the embedding application (struct rmmsim) */
    struct http_cache *cache;                      /* the app's reply cache (from http_app) */
    struct http_cache_key cache_key;               /* HTTP_ROUTE_CACHE routes: the identity */
    uint64_t cache_generation;                     /* ... and the data generation read */
    int64_t time_ms;                               /* the tenant's clock when the request
                                                      reached its tenant; 0: it never did */
    bool cached;                                   /* the reply was reused (cache.c) */
    cJSON *body_json;                              /* http_req_body_json's tree, once parsed */
    bool body_parsed;                              /* ... and whether it was (NULL: not JSON) */
    struct rm_arena arena;                         /* everything the request allocates;
                                                      last: server.c clears the fields before it */
};

struct http_res {
    int status;                                     /* 0 until a reply is set */
    const char *reason;                             /* reason phrase; NULL: the standard one */
    const char *content_type;                       /* static or arena */
    struct http_header headers[HTTP_MAX_RES_HEADERS]; /* extra headers: static or arena */
    size_t nheaders;
    const char *body;                               /* static or arena */
    size_t body_len;
    bool close;    /* close the connection after replying */
    bool rollback; /* undo the request's writes although the status is below 400 */
    /* Fault injection (control/faults.c) ends the connection badly: */
    bool drop;       /* close without writing a byte */
    bool truncated;  /* write the head (true Content-Length) and body_cut bytes, then close */
    size_t body_cut;
};

typedef void (*http_handler_fn)(struct http_req *req, struct http_res *res);

/* Route flags: what the dispatcher does around the handler. */
#define HTTP_ROUTE_DB_READ (1u << 0)  /* run inside a read transaction on the tenant */
#define HTTP_ROUTE_DB_WRITE (1u << 1) /* BEGIN IMMEDIATE; commit below 400, else roll back */
#define HTTP_ROUTE_PREFIX (1u << 2)   /* the pattern matches any path that starts with it */
#define HTTP_ROUTE_CACHE (1u << 3)    /* a read whose reply depends only on the tenant's data and
                                         the request: reused until the next write (cache.c) */

struct http_route {
    unsigned methods;       /* HTTP_* bits the route accepts; others get 405 */
    const char *pattern;    /* "/__admin/tenants/{id}/reset": {x} matches one segment */
    http_handler_fn handler;
    unsigned flags;         /* HTTP_ROUTE_* */
    const void *rules;      /* the API's own validation table for the handler, or NULL */
};

/* A vendor error a fault may name (GET /__admin/errors): what an API answers with it. */
struct http_vendor_error {
    const char *name;  /* what a fault gives: "INVALID_USER_PLAN", "PERMISSION_DENIED", "TimeOut" */
    int status;        /* the HTTP status the client sees */
    int id;            /* the API's own id of the error (its message enum, ...) */
    const char *shows; /* one line: what the client reads (description, message, ErrorIDs) */
};

/* One API (or the control plane): the paths it owns and how it words core errors. */
struct http_api {
    const char *name;  /* "remotepc-enterprise", "oco", "admin", ... */
    const char *mount; /* path prefix the API owns: an unknown path under it is its 404 */
    const struct http_route *routes;
    size_t nroutes;
    /* Writes a core-level error (404, 405, 413, 400, 500) in the API's own format. */
    void (*error)(struct http_req *req, struct http_res *res, int status, const char *message);
    /* The operation(s) req asks for, comma-separated (OCO's JSON-RPC methods, pcvisit's
     * GraphQL fields; arena or static), for the request journal. Asked after the handler ran,
     * only for a matched route; NULL (or a NULL hook): the route's pattern names it. */
    const char *(*operation)(struct http_req *req);
    /* Headers that belong to a request's identity for HTTP_ROUTE_CACHE routes (NULL-ended). */
    const char *const *cache_headers;
    /* The values in req that may be credentials a created tenant was issued (an API key),
     * best first, into keys (at most max; borrowed from req or its arena). Asked only when
     * the request names no tenant; the application looks each up. NULL: the API has none. */
    size_t (*tenant_keys)(struct http_req *req, const char **keys, size_t max);
    /* Fault injection: every vendor error the API can produce, into *out (kept for the
     * process); and the reply of one in the API's exact format, made without the handler
     * and without the database (comment: a free text some APIs carry, or NULL). */
    size_t (*vendor_errors)(const struct http_vendor_error **out);
    void (*vendor_error_reply)(struct http_req *req, struct http_res *res,
                               const struct http_vendor_error *e, const char *comment);
};

/* The application the dispatcher serves: its APIs and the hooks around each handler. */
struct http_app {
    const struct http_api *const *apis; /* searched by longest matching mount */
    size_t napis;
    void *ctx; /* copied to http_req.app */
    struct http_cache *cache; /* copied to http_req.cache; NULL: nothing is reused */
    /* Before the handler: pick the tenant, begin the transaction the route asks for.
     * Returns 0 to go on, or non-zero after writing an error reply into res. */
    int (*enter)(struct http_req *req, struct http_res *res);
    /* After the handler (only when enter returned 0): commit or roll back, release. */
    void (*leave)(struct http_req *req, struct http_res *res);
    /* With the reply made, just before it is sent, for every request server.c answers
     * (errors before routing, civetweb's refusals and reused replies too): the request
     * journal. NULL: nothing is recorded. */
    void (*record)(struct http_req *req, const struct http_res *res, uint64_t latency_ns);
};

/* ---- dispatch.c ---- */

/* Finds the API whose mount is the longest prefix of path (an API with mount "" catches
 * everything). NULL when none matches. */
const struct http_api *http_api_find(const struct http_app *app, const char *path);
/* Matches req->path against api's routes, filling req->route and req->path_params.
 * Returns 0, RM_ENOTFOUND (no pattern fits) or RM_EINVAL (a pattern fits, the method
 * does not; *allowed gets the union of methods the fitting patterns accept). */
int http_route_match(struct http_req *req, const struct http_api *api, unsigned *allowed);
/* Runs a request whose head and body are read: route, hooks, handler, errors. Always
 * leaves a reply in res. */
void http_dispatch(const struct http_app *app, struct http_req *req, struct http_res *res);
/* Writes "GET, POST" for a method mask into buf. */
void http_methods_format(unsigned methods, char *buf, size_t size);
unsigned http_method_parse(const char *name);

/* ---- request.c ---- */

/* Case-insensitive header lookup; NULL when absent. */
const char *http_req_header(const struct http_req *req, const char *name);
/* First query parameter called name; NULL when absent. */
const struct http_param *http_req_param(const struct http_req *req, const char *name);
/* "http://HOST" from the Host header (arena), or "http://localhost" when there is no Host
 * or it cannot be part of a URL. NULL when memory ran out. */
const char *http_req_origin(struct http_req *req);
/* Decodes a query string ("a=1&b=%20x") into req->params (arena). RM_ENOMEM on failure. */
int http_req_parse_query(struct http_req *req, const char *query);
/* Percent-decodes src[0..len) into dst (at least len + 1 bytes); '+' becomes a space when
 * plus_is_space. Returns the decoded length; invalid escapes are kept as they are. */
size_t http_url_decode(char *dst, const char *src, size_t len, bool plus_is_space);
/* Nesting limit of request JSON (F-CORE-005). */
#define HTTP_JSON_MAX_DEPTH 64

/* json.c */
/* Strict RFC 8259 check of text: no trailing data, no raw control characters or "\u0000"
 * in strings, no leading zeros, at most max_depth nested containers (iterative: a hostile
 * depth costs no stack). RM_OK, RM_ELIMIT (too deep) or RM_EINVAL; *why says what. */
int http_json_check(const char *text, size_t len, int max_depth, const char **why);
/* The *why of a "\u0000" escape, the one finding http_json_check_fix_nul repairs; compare
 * the pointer. */
extern const char http_json_nul[];
/* The same check, rewriting each "\u0000" escape in text as "\ufffd" instead of failing. */
int http_json_check_fix_nul(char *text, size_t len, int max_depth, const char **why);

/* Parses the body as JSON after http_json_check; the tree belongs to the request (freed
 * with its arena). Parsed once: every call returns the same tree, which callers must not
 * change (the tenant choice, the handler, faults and the journal all read it). NULL when
 * the body is not (strict) JSON, or memory ran out. A "\u0000" in a string is read as
 * U+FFFD (F-CORE-006): C strings cannot hold NUL, no field of any API accepts it, and every
 * field rule then refuses it as the real server refuses NUL. */
cJSON *http_req_body_json(struct http_req *req);
/* The same for any text of the request (a query parameter). NULL with *rc RM_EINVAL (not
 * strict JSON), RM_ELIMIT (nested deeper than HTTP_JSON_MAX_DEPTH) or RM_ENOMEM. */
cJSON *http_req_parse_json(struct http_req *req, const char *text, size_t len, int *rc);
/* Hands a cJSON tree to the request: deleted when the request ends. Returns json, or
 * NULL (json already deleted) when that could not be arranged. */
cJSON *http_req_own_json(struct http_req *req, cJSON *json);

/* ---- response.c ---- */

/* Sets status, content type and body; the body must outlive the request (static or arena). */
void http_res_set(struct http_res *res, int status, const char *content_type, const char *body,
                  size_t len);
/* Adds a header; name and value must outlive the request. Extra headers past the
 * limit are dropped (a bug: the limit covers every reply rmmsim makes). */
void http_res_header(struct http_res *res, const char *name, const char *value);
/* Serialises json (borrowed) as the reply body with Content-Type application/json. */
void http_res_json(struct http_req *req, struct http_res *res, int status, const cJSON *json);
/* Same, and deletes json on every path. */
void http_res_json_take(struct http_req *req, struct http_res *res, int status, cJSON *json);
/* The reply rmmsim's own paths use for errors: {"error": message, "status": status}. */
void http_res_error_json(struct http_req *req, struct http_res *res, int status,
                         const char *message);
/* Standard reason phrase ("Not Found"), or "Unknown". */
const char *http_status_text(int status);

/* ---- jsonw.c: a streaming JSON writer for large replies ---- */

#define HTTP_JW_MAX_DEPTH 16

struct http_jw {
    struct http_req *req;
    char *buf;                          /* malloc; handed to the arena by http_jw_reply */
    size_t len, cap;
    bool failed;                        /* sticky: memory ran out or nesting went too deep */
    bool after_key;                     /* the next value follows a key: no comma */
    int depth;
    unsigned count[HTTP_JW_MAX_DEPTH];  /* values written in each open container */
};

void http_jw_init(struct http_jw *w, struct http_req *req);
void http_jw_object(struct http_jw *w);
void http_jw_object_end(struct http_jw *w);
void http_jw_array(struct http_jw *w);
void http_jw_array_end(struct http_jw *w);
void http_jw_key(struct http_jw *w, const char *key);
/* A string value (escaped as JSON needs); NULL writes null. */
void http_jw_string(struct http_jw *w, const char *s);
void http_jw_int(struct http_jw *w, int64_t v);
void http_jw_bool(struct http_jw *w, bool v);
/* JSON text written as it is (the caller vouches for it). */
void http_jw_raw(struct http_jw *w, const char *json);
/* Sets the written text as res's application/json body; RM_ENOMEM (nothing set) if writing
 * failed or a container is still open. Either way the writer gives up its buffer. */
int http_jw_reply(struct http_jw *w, struct http_res *res, int status);
/* Drops what was written (an error reply follows instead). */
void http_jw_discard(struct http_jw *w);

/* ---- cache.c: reuse of read replies ---- */

struct http_cache;

struct http_cache *http_cache_new(void);
void http_cache_free(struct http_cache *c);
/* The identity of req within scope (e.g. the tenant id): method, path, query, caller
 * address, the named headers (NULL-terminated list) and the body. */
int http_cache_key(struct http_req *req, const char *scope, const char *const *headers,
                   struct http_cache_key *out);
/* The identity made of n NUL-terminated parts (an API's own notion of "the same call"). */
int http_cache_key_parts(struct rm_arena *a, const char *const *parts, size_t n,
                         struct http_cache_key *out);
/* Fills res with the stored reply of k made at this generation; false when there is none. */
bool http_cache_get(struct http_cache *c, const struct http_cache_key *k, uint64_t generation,
                    struct http_req *req, struct http_res *res);
/* Keeps res (status, content type, body) as the reply of k at this generation. */
void http_cache_put(struct http_cache *c, const struct http_cache_key *k, uint64_t generation,
                    const struct http_res *res);

/* ---- server.c: the only file that knows civetweb ---- */

struct http_server;

struct http_server_config {
    const char *listen; /* "127.0.0.1:8080", "[::1]:0", "0.0.0.0:8080"; port 0 = ephemeral */
    int threads;        /* worker threads = connections served at once */
    size_t max_body;    /* larger request bodies get 413 */
    size_t arena_cap;   /* per-request memory cap (0 = none) */
    bool access_log;    /* one info line per request */
};

/* Starts serving app (borrowed: it must outlive the server). On failure returns a negative
 * RM_E* code and a one-line reason in err. */
int http_server_start(const struct http_server_config *cfg, const struct http_app *app,
                      struct http_server **out, char *err, size_t errlen);
/* The port actually bound (the ephemeral one when asked for 0). */
int http_server_port(const struct http_server *srv);
/* Stops accepting, waits for requests in flight, frees the server. NULL is a no-op. */
void http_server_stop(struct http_server *srv);

#endif
