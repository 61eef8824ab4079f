/*
 * civetweb glue: the listening socket, worker threads, and for each request the
 * translation between civetweb's connection and rmmsim's http_req/http_res.
 * Nothing outside this file includes civetweb.h.
 */
#include "core/http.h"

#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define TENANT_HEADER "X-Rmmsim-Tenant"
#define TENANT_PREFIX "/t/"

struct http_server {
    struct mg_context *ctx;
    const struct http_app *app;
    struct http_server_config cfg;
    int port;
    struct sockaddr_storage wake_addr; /* where a connection wakes the listener at stop */
    socklen_t wake_len;
    atomic_bool stopped;
};

static pthread_once_t library_once = PTHREAD_ONCE_INIT;

static void library_init(void)
{
    mg_init_library(0);
}

/* "/t/{id}/rest" selects tenant id and leaves "/rest" as the path. */
static int take_tenant_prefix(struct http_req *req)
{
    if (strncmp(req->path, TENANT_PREFIX, strlen(TENANT_PREFIX)) != 0)
        return RM_OK;
    const char *id = req->path + strlen(TENANT_PREFIX);
    size_t len = strcspn(id, "/");
    if (len == 0)
        return RM_OK;
    req->tenant_id = rm_arena_strndup(&req->arena, id, len);
    req->tenant_via = HTTP_TENANT_PREFIX;
    req->path = id[len] ? id + len : "/";
    return req->tenant_id ? RM_OK : RM_ENOMEM;
}

static void body_free(void *p)
{
    free(p);
}

/* Reads the whole body (Content-Length or chunked) into a heap buffer the arena frees. Returns RM_ELIMIT past max_body,
 * RM_EIO on a broken stream, RM_ENOMEM. */
/* Whether every Content-Length header is digits only and all say the same (RFC 9112 section
 * 6.3). civetweb reads "7-ti" as 7 and takes the first of two that differ: a request like that
 * is malformed, and guessing its body's end would misread it (F-CORE-018). */
static bool content_length_sound(const struct mg_request_info *ri)
{
    bool seen = false;
    unsigned long long length = 0;
    for (int i = 0; i < ri->num_headers; i++) {
        const char *value = ri->http_headers[i].value;
        if (strcasecmp(ri->http_headers[i].name, "Content-Length") != 0)
            continue;
        if (!value)
            return false;
        value += strspn(value, " \t"); /* optional whitespace around the value is allowed */
        size_t digits = strspn(value, "0123456789");
        if (digits == 0 || digits > 18 || value[digits + strspn(value + digits, " \t")] != '\0')
            return false;
        unsigned long long n = strtoull(value, NULL, 10);
        if (seen && n != length)
            return false;
        seen = true, length = n;
    }
    return true;
}

static int read_body(struct mg_connection *conn, struct http_req *req, size_t max_body)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    req->body = "";
    req->body_len = 0;
    if (!content_length_sound(ri))
        return RM_EIO;
    if (ri->content_length == 0)
        return RM_OK;
    if (ri->content_length > 0 && (unsigned long long)ri->content_length > max_body)
        return RM_ELIMIT; /* refuse before reading a byte */
    /* civetweb answers Expect: 100-continue only for its own file handlers: say it here,
     * once the body is known to be wanted, or the client waits its timeout out (curl: 1 s).
     * A body refused above gets its final status instead, as RFC 9110 section 10.1.1 allows. */
    const char *expect = mg_get_header(conn, "Expect");
    if (expect && strcasecmp(expect, "100-continue") == 0 && strcmp(ri->http_version, "1.1") == 0)
        mg_write(conn, "HTTP/1.1 100 Continue\r\n\r\n", 25);
    size_t cap = ri->content_length > 0 ? (size_t)ri->content_length + 1 : 4096;
    char *buf = malloc(cap);
    size_t len = 0;
    int rc = RM_ENOMEM;
    if (!buf)
        goto out;
    for (;;) {
        if (cap - len < 2) {
            /* Chunked: grow up to one byte past the limit, which tells it was exceeded. */
            size_t grown = cap * 2 > max_body + 2 ? max_body + 2 : cap * 2;
            char *p = realloc(buf, grown);
            if (!p)
                goto out;
            buf = p;
            cap = grown;
        }
        int n = mg_read(conn, buf + len, cap - len - 1);
        if (n < 0) {
            rc = RM_EIO;
            goto out;
        }
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > max_body) {
            rc = RM_ELIMIT;
            goto out;
        }
    }
    buf[len] = '\0';
    if (rm_arena_defer(&req->arena, body_free, buf) != RM_OK)
        return RM_ENOMEM; /* the defer freed buf */
    req->body = buf;
    req->body_len = len;
    return RM_OK;
out:
    free(buf);
    return rc;
}

/* Whether a comma-separated header value holds token (case-insensitive). */
static bool header_has_token(const char *value, const char *token)
{
    size_t tlen = strlen(token);
    while (*value) {
        value += strspn(value, " \t,");
        size_t len = strcspn(value, ",");
        size_t trimmed = len;
        while (trimmed && (value[trimmed - 1] == ' ' || value[trimmed - 1] == '\t'))
            trimmed--;
        if (trimmed == tlen && strncasecmp(value, token, tlen) == 0)
            return true;
        value += len;
    }
    return false;
}

/* Whether civetweb will keep the connection open after this request: its own rule
 * (should_keep_alive in civetweb.c), so the Connection header we write tells the truth. */
static bool keeps_alive(struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    const char *header = mg_get_header(conn, "Connection");
    if (header)
        return header_has_token(header, "keep-alive");
    return strcmp(ri->http_version, "1.1") == 0;
}

#define INLINE_BODY_MAX 65536

/* Writes the reply as one buffer (head and, if not large, body), so a reply is one send()
 * and, with TCP_NODELAY, one packet. The head is ours rather than mg_response_header_*'s,
 * which refuse to send once the 100 Continue interim response went out. */
static void send_reply(struct mg_connection *conn, const struct http_req *req,
                       const struct http_res *res)
{
    /* Faults (control/faults.c): a dropped or cut reply leaves the connection unusable. */
    bool keep = !res->close && !res->drop && !res->truncated && keeps_alive(conn);
    if (!keep)
        mg_disable_connection_keep_alive(conn);
    if (res->drop)
        return; /* closed without a byte: the client sees an empty reply */
    size_t body_len = req->method == HTTP_HEAD ? 0 : res->body_len;
    if (res->truncated && res->body_cut < body_len)
        body_len = res->body_cut; /* Content-Length still tells the whole length */
    /* Exact bound of the head: status line and fixed headers fit in 128 bytes. */
    size_t head_cap = 128 + (res->content_type ? strlen(res->content_type) + 16 : 0) +
                      (res->reason ? strlen(res->reason) : 0);
    for (size_t i = 0; i < res->nheaders; i++)
        head_cap += strlen(res->headers[i].name) + strlen(res->headers[i].value) + 4;
    size_t inline_len = body_len <= INLINE_BODY_MAX ? body_len : 0;
    char stack[8192];
    char *buf = head_cap + inline_len <= sizeof stack ? stack : malloc(head_cap + inline_len);
    if (!buf)
        return; /* the client sees the connection close: nothing better is possible */
    size_t len = (size_t)snprintf(buf, head_cap,
                                  "HTTP/1.1 %d %s\r\nContent-Length: %zu\r\nConnection: %s\r\n",
                                  res->status,
                                  res->reason ? res->reason : http_status_text(res->status),
                                  res->body_len,
                                  keep ? "keep-alive" : "close");
    if (res->content_type)
        len += (size_t)snprintf(buf + len, head_cap - len, "Content-Type: %s\r\n",
                                res->content_type);
    for (size_t i = 0; i < res->nheaders; i++)
        len += (size_t)snprintf(buf + len, head_cap - len, "%s: %s\r\n", res->headers[i].name,
                                res->headers[i].value);
    memcpy(buf + len, "\r\n", 2);
    len += 2;
    if (inline_len) { /* body may be NULL when empty */
        memcpy(buf + len, res->body, inline_len);
        len += inline_len;
    }
    mg_write(conn, buf, len);
    if (body_len > inline_len)
        mg_write(conn, res->body, body_len);
    if (buf != stack)
        free(buf);
}

static void access_log(const struct http_req *req, const struct http_res *res, uint64_t start_ns)
{
    double ms = (double)(rm_clock_mono_ns() - start_ns) / 1e6;
    rm_log(RM_LOG_INFO, "%s \"%s %s%s%s\" %d %zu %.3fms tenant=%s", req->remote_addr,
           req->method_name, req->path, *req->query ? "?" : "", req->query, res->status,
           res->body_len, ms, req->tenant_id ? req->tenant_id : "default");
}

/* Fills req from civetweb's parsed head. Returns 0, or the HTTP status of a reply that
 * core makes itself (the request is malformed or memory ran out). */
static int parse_head(struct mg_connection *conn, struct http_req *req)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    req->method_name = ri->request_method;
    req->method = http_method_parse(ri->request_method);
    req->remote_addr = ri->remote_addr;
    req->query = ri->query_string ? ri->query_string : "";
    req->path = ri->local_uri_raw ? ri->local_uri_raw : ri->local_uri;
    if (!req->path || req->path[0] != '/')
        return 400;
    struct http_header *headers = rm_arena_calloc(&req->arena, (size_t)ri->num_headers + 1,
                                                  sizeof *headers);
    if (!headers)
        return 500;
    for (int i = 0; i < ri->num_headers; i++)
        headers[i] = (struct http_header){ ri->http_headers[i].name, ri->http_headers[i].value };
    req->headers = headers;
    req->nheaders = (size_t)ri->num_headers;
    /* F-CTL-002: the prefix (taken next) wins over the header; an empty header names none. */
    req->tenant_id = http_req_header(req, TENANT_HEADER);
    if (req->tenant_id && !*req->tenant_id)
        req->tenant_id = NULL;
    req->tenant_via = req->tenant_id ? HTTP_TENANT_HEADER : HTTP_TENANT_DEFAULT;
    if (take_tenant_prefix(req) != RM_OK || http_req_parse_query(req, req->query) != RM_OK)
        return 500;
    return 0;
}

static int handle_request(struct mg_connection *conn, void *cbdata)
{
    struct http_server *srv = cbdata;
    uint64_t start_ns = rm_clock_mono_ns();
    /* Not "= { 0 }": that would clear the arena's 4 KiB inline chunk on every request.
     * Every field but the arena is set here; rm_arena_init sets the arena's own. */
    struct http_req req;
    memset(&req, 0, offsetof(struct http_req, arena));
    struct http_res res = { 0 };
    rm_arena_init(&req.arena, srv->cfg.arena_cap);
    req.app = srv->app->ctx;
    req.cache = srv->app->cache;

    int status = parse_head(conn, &req);
    if (status == 0) {
        req.api = http_api_find(srv->app, req.path);
        int rc = read_body(conn, &req, srv->cfg.max_body);
        if (rc == RM_OK) {
            http_dispatch(srv->app, &req, &res);
        } else {
            /* The rest of the body is unread: the connection cannot carry another request. */
            res.close = true;
            status = rc == RM_ELIMIT ? 413 : rc == RM_EIO ? 400 : 500;
        }
    }
    if (status) {
        const char *message = status == 413   ? "Request body exceeds the limit of --max-body"
                              : status == 400 ? "Malformed request"
                                              : "Internal Server Error";
        if (req.api)
            req.api->error(&req, &res, status, message);
        else
            http_res_error_json(&req, &res, status, message);
    }
    /* F-CTL-020: recorded before the reply goes out, so a client that has its reply finds
     * it in the journal, whichever connection it asks on. */
    if (srv->app->record)
        srv->app->record(&req, &res, rm_clock_mono_ns() - start_ns);
    send_reply(conn, &req, &res);
    if (srv->cfg.access_log)
        access_log(&req, &res, start_ns);
    int code = res.status;
    rm_arena_clear(&req.arena);
    return code;
}

/* Marks a connection (civetweb's user connection data) whose last request rmmsim answered
 * itself outside the route handlers. */
static char answered_outside_handlers;

/* Writes {"error": message, "status": status} and closes the connection: for requests that
 * civetweb itself refuses, so never reach handle_request. The journal sees them too
 * (F-CTL-020), with what civetweb parsed of the head. */
static void reply_outside_handlers(struct mg_connection *conn, int status, const char *message)
{
    char body[256];
    int n = snprintf(body, sizeof body, "{\"error\":\"%s\",\"status\":%d}", message, status);
    const struct http_server *srv = mg_get_user_data(mg_get_context(conn));
    if (srv && srv->app->record) {
        const struct mg_request_info *ri = mg_get_request_info(conn);
        struct http_req req;
        memset(&req, 0, offsetof(struct http_req, arena));
        rm_arena_init(&req.arena, 0);
        req.app = srv->app->ctx;
        req.method_name = ri && ri->request_method ? ri->request_method : "";
        req.path = ri && ri->local_uri ? ri->local_uri : "";
        req.query = "";
        req.body = "";
        struct http_res res = { .status = status, .content_type = "application/json",
                                .body = body, .body_len = (size_t)n, .close = true };
        srv->app->record(&req, &res, 0);
        rm_arena_clear(&req.arena);
    }
    mg_printf(conn,
              "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
              "Connection: close\r\n\r\n%s",
              status, http_status_text(status), n, body);
    mg_set_user_connection_data(conn, &answered_outside_handlers);
}

/* civetweb's own error replies: a request it cannot parse, a head too large. Its status line
 * prints the request's version field as parsed, which after a malformed request line is the
 * rest of that line and every header (found by tests/fuzz/fuzz_http): an answer that is not
 * HTTP and reflects the client's headers. rmmsim writes the whole reply instead, in its own
 * error format (F-CORE-009). */
static int http_error(struct mg_connection *conn, int status, const char *errmsg)
{
    (void)errmsg;
    reply_outside_handlers(conn, status, http_status_text(status));
    return 0;
}

/* civetweb 1.15 reads a request whose target is "*" or an absolute URI ("GET http://host/path",
 * the form a proxy gets) and closes the connection without answering: its source says "TODO"
 * there (found by tests/fuzz/fuzz_http). Such a request is the connection's last, and its
 * target is still in the request info when civetweb closes the connection: rmmsim answers it
 * 400 then (F-CORE-017). */
static void connection_close(const struct mg_connection *conn)
{
    const struct mg_request_info *ri = mg_get_request_info(conn);
    if (!ri || !ri->request_uri || ri->local_uri ||
        mg_get_user_connection_data(conn) == &answered_outside_handlers)
        return;
    /* civetweb's callback takes a const connection; writing the reply is still allowed here
     * (the socket is open until after this call). */
    reply_outside_handlers((struct mg_connection *)conn, 400,
                           "Bad Request: the request target must be a path, such as /graphql "
                           "(not * or an absolute URI)");
}

/* civetweb logs its own errors through this callback; route them into our log. */
static int log_message(const struct mg_connection *conn, const char *message)
{
    (void)conn;
    rm_log(RM_LOG_WARN, "http: %s", message);
    return 1;
}

/* Accepts "HOST:PORT", "[V6]:PORT" and "localhost:PORT"; writes civetweb's listening_ports
 * form. Returns RM_EINVAL for anything else. */
static int listen_spec(const char *listen, char *out, size_t size)
{
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen)
        return RM_EINVAL;
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end || port < 0 || port > 65535)
        return RM_EINVAL;
    char host[64];
    size_t hlen = (size_t)(colon - listen);
    if (hlen >= sizeof host)
        return RM_EINVAL;
    memcpy(host, listen, hlen);
    host[hlen] = '\0';
    unsigned char addr[16];
    if (strcmp(host, "localhost") == 0) {
        snprintf(out, size, "127.0.0.1:%ld", port);
    } else if (host[0] == '[' && host[hlen - 1] == ']') {
        host[hlen - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, addr) != 1)
            return RM_EINVAL;
        snprintf(out, size, "[%s]:%ld", host + 1, port);
    } else if (inet_pton(AF_INET, host, addr) == 1) {
        snprintf(out, size, "%s:%ld", host, port);
    } else {
        return RM_EINVAL;
    }
    return RM_OK;
}

/* The address a local client reaches the listener at: the bound address, or loopback
 * for a wildcard one. */
static void set_wake_address(struct http_server *srv, const char ports[96])
{
    char host[96];
    snprintf(host, sizeof host, "%s", ports);
    *strrchr(host, ':') = '\0';
    if (host[0] == '[') {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&srv->wake_addr;
        host[strlen(host) - 1] = '\0';
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)srv->port);
        inet_pton(AF_INET6, strcmp(host + 1, "::") == 0 ? "::1" : host + 1, &a->sin6_addr);
        srv->wake_len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&srv->wake_addr;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)srv->port);
        inet_pton(AF_INET, strcmp(host, "0.0.0.0") == 0 ? "127.0.0.1" : host, &a->sin_addr);
        srv->wake_len = sizeof *a;
    }
}

int http_server_start(const struct http_server_config *cfg, const struct http_app *app,
                      struct http_server **out, char *err, size_t errlen)
{
    char ports[96];
    if (listen_spec(cfg->listen, ports, sizeof ports) != RM_OK) {
        snprintf(err, errlen, "invalid listen address '%s' (want HOST:PORT)", cfg->listen);
        return RM_EINVAL;
    }
    pthread_once(&library_once, library_init);
    struct http_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        snprintf(err, errlen, "out of memory");
        return RM_ENOMEM;
    }
    srv->app = app;
    srv->cfg = *cfg;
    char threads[16];
    snprintf(threads, sizeof threads, "%d", cfg->threads);
    const char *options[] = {
        "listening_ports", ports,
        "num_threads", threads,
        /* Without TCP_NODELAY every keep-alive reply waits for the peer's delayed ACK. */
        "tcp_nodelay", "1",
        "enable_keep_alive", "yes",
        "keep_alive_timeout_ms", "30000",
        "request_timeout_ms", "30000",
        /* No linger_timeout_ms: 0 made civetweb close with a reset, which threw away the part
         * of a large reply still in the socket's send buffer when the connection closes
         * (F-CORE-010); the default lets the kernel deliver it. */
        NULL,
    };
    struct mg_callbacks callbacks = { 0 };
    callbacks.log_message = log_message;
    callbacks.http_error = http_error;
    callbacks.connection_close = connection_close;
    char mg_err[256] = "";
    struct mg_error_data error = { .text = mg_err, .text_buffer_size = sizeof mg_err };
    struct mg_init_data init = {
        .callbacks = &callbacks, .user_data = srv, .configuration_options = options,
    };
    srv->ctx = mg_start2(&init, &error);
    if (!srv->ctx) {
        snprintf(err, errlen, "cannot listen on %s: %s", cfg->listen,
                 mg_err[0] ? mg_err : "civetweb failed to start");
        free(srv);
        return RM_EIO;
    }
    mg_set_request_handler(srv->ctx, "/", handle_request, srv);
    struct mg_server_port bound[4];
    int n = mg_get_server_ports(srv->ctx, 4, bound);
    srv->port = n > 0 ? bound[0].port : -1;
    set_wake_address(srv, ports);
    *out = srv;
    return RM_OK;
}

int http_server_port(const struct http_server *srv)
{
    return srv->port;
}

static void *stop_thread(void *arg)
{
    struct http_server *srv = arg;
    mg_stop(srv->ctx);
    atomic_store(&srv->stopped, true);
    return NULL;
}

/* civetweb's listener sleeps in poll() for up to two seconds before it notices the stop
 * flag; mg_stop runs on a helper thread while this one connects to wake it, so a stop
 * takes milliseconds (tests and CI stages stop servers all the time). */
void http_server_stop(struct http_server *srv)
{
    if (!srv)
        return;
    pthread_t thread;
    if (pthread_create(&thread, NULL, stop_thread, srv) != 0) {
        mg_stop(srv->ctx);
        free(srv);
        return;
    }
    while (!atomic_load(&srv->stopped)) {
        int fd = socket(srv->wake_addr.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0) {
            connect(fd, (struct sockaddr *)&srv->wake_addr, srv->wake_len);
            close(fd);
        }
        usleep(2000);
    }
    pthread_join(thread, NULL);
    free(srv);
}
