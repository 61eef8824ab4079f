/*
 * The links rmmsim hands out in place of RemotePC's: the Reseller sign-in link and the
 * Enterprise web-viewer connect URL. Following one shows who it signs in (and to which
 * computer), once, until it expires (F-RP-050, F-RP-051).
 */
#include "apis/remotepc/remotepc_int.h"

#include <string.h>

/* Minimal HTML escaping of a value into the arena. */
static const char *html_escape(struct rm_arena *a, const char *s)
{
    size_t len = 0;
    for (const char *p = s; *p; p++)
        len += strchr("<>&\"'", *p) ? 6 : 1;
    char *out = rm_arena_alloc(a, len + 1), *o = out;
    if (!out)
        return "";
    for (; *s; s++) {
        switch (*s) {
        case '<': memcpy(o, "&lt;", 4), o += 4; break;
        case '>': memcpy(o, "&gt;", 4), o += 4; break;
        case '&': memcpy(o, "&amp;", 5), o += 5; break;
        case '"': memcpy(o, "&quot;", 6), o += 6; break;
        case '\'': memcpy(o, "&#39;", 5), o += 5; break;
        default: *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

static void page(struct http_req *req, struct http_res *res, int status, const char *title,
                 const char *text)
{
    const char *html = rm_arena_printf(&req->arena,
                                       "<!doctype html><meta charset=\"utf-8\"><title>%s - RemotePC "
                                       "(rmmsim)</title><h1>%s</h1><p>%s</p>\n",
                                       title, title, text);
    if (html)
        http_res_set(res, status, "text/html; charset=utf-8", html, strlen(html));
}

static void follow(struct http_req *req, struct http_res *res, bool signin)
{
    const char *token = req->path_params[0];
    struct store_rp_link link;
    int rc = store_rp_link_find(req->tenant, &req->arena, token, &link);
    if (rc == RM_ENOTFOUND || (rc == RM_OK && link.signin != signin)) {
        page(req, res, 404, "Unknown link", "This link was not issued by this server.");
        return;
    }
    if (rc == RM_OK && link.used) {
        page(req, res, 410, "Link already used", "This link works once and was already followed.");
        return;
    }
    if (rc == RM_OK && rm_clock_now_ms() >= link.expires_ms) {
        page(req, res, 410, "Link expired", "This link has expired.");
        return;
    }
    /* HEAD (a link preview, a monitoring probe) looks without using the link up (F-RP-051). */
    if (rc == RM_OK && req->method != HTTP_HEAD)
        rc = store_rp_link_mark_used(req->tenant, token);
    if (rc != RM_OK) {
        page(req, res, 500, "Server error", "The link could not be checked.");
        return;
    }
    const char *user = html_escape(&req->arena, link.username);
    http_res_header(res, "X-Rmmsim-Username", link.username);
    if (signin) {
        page(req, res, 200, "Signed in",
             rm_arena_printf(&req->arena, "Signed in to RemotePC as <b>%s</b>.", user));
    } else {
        http_res_header(res, "X-Rmmsim-Machine-Id", link.machine_id);
        page(req, res, 200, "Connecting",
             rm_arena_printf(&req->arena, "Connecting <b>%s</b> to computer <b>%s</b>.", user,
                             html_escape(&req->arena, link.machine_id)));
    }
}

static void follow_signin(struct http_req *req, struct http_res *res)
{
    follow(req, res, true);
}

static void follow_connect(struct http_req *req, struct http_res *res)
{
    follow(req, res, false);
}

static const struct http_route rp_link_routes[] = {
    { HTTP_GET, "/rpcnew/process/autologin/{token}", follow_signin, HTTP_ROUTE_DB_WRITE, NULL },
    { HTTP_GET, "/rpcnew/viewer/redirect/msp/connect/process/{token}", follow_connect,
      HTTP_ROUTE_DB_WRITE, NULL },
};

static void link_error(struct http_req *req, struct http_res *res, int status, const char *message)
{
    page(req, res, status, http_status_text(status), html_escape(&req->arena, message));
}

const struct http_api rp_links_api = {
    .name = "remotepc-links",
    .mount = "/rpcnew/",
    .routes = rp_link_routes,
    .nroutes = RM_ARRAY_LEN(rp_link_routes),
    .error = link_error,
};
