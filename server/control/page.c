/*
 * The admin page: /__admin/ and its assets (the files of admin/, embedded in the binary by
 * tools/embed.c). Static files only; the page itself speaks to the JSON endpoints of the
 * control plane like any other client (docs/control-plane.md "Admin page").
 */
#include "control/control_int.h"
#include "core/embed.h"

#include <stdio.h>
#include <string.h>

/* F-CTL-071: only these types; an embedded admin/ file of another kind is not served. */
static const struct {
    const char *suffix;
    const char *type;
} asset_types[] = {
    { ".html", "text/html; charset=utf-8" },
    { ".css", "text/css; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" },
};

static const char *asset_type(const char *name)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < RM_ARRAY_LEN(asset_types); i++) {
        size_t slen = strlen(asset_types[i].suffix);
        if (len > slen && strcmp(name + len - slen, asset_types[i].suffix) == 0)
            return asset_types[i].type;
    }
    return NULL;
}

/* F-CTL-070: revalidated on every load (no-cache: the page of another rmmsim build on the
 * same port is never shown stale), and the page may load nothing from elsewhere: the CSP
 * allows only its own assets and its own origin's endpoints, no inline script or style. */
static void reply_asset(struct http_req *req, struct http_res *res, const char *name)
{
    char path[96];
    const struct rm_embedded_file *f = NULL;
    const char *type = asset_type(name);
    if (type && !strchr(name, '/') && snprintf(path, sizeof path, "admin/%s", name) < (int)sizeof path)
        f = rm_embed_find(path);
    if (!f) {
        http_res_error_json(req, res, 404, "no such admin page asset (the page is at /__admin/)");
        return;
    }
    http_res_set(res, 200, type, f->data, f->len);
    http_res_header(res, "Cache-Control", "no-cache");
    http_res_header(res, "X-Content-Type-Options", "nosniff");
    http_res_header(res, "Content-Security-Policy",
                    "default-src 'none'; script-src 'self'; style-src 'self'; "
                    "connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
                    "form-action 'none'; frame-ancestors 'none'");
}

void ctl__page_index(struct http_req *req, struct http_res *res)
{
    reply_asset(req, res, "index.html");
}

void ctl__page_asset(struct http_req *req, struct http_res *res)
{
    reply_asset(req, res, req->path_params[0]);
}

/* The page itself (admin/admin.js) polls the journal and names tenants by header: F-CTL-073.
 * GET /__admin: the page's assets are relative to /__admin/ (F-CTL-072). A relative
 * Location keeps a /t/{id} prefix the request came with. */
void ctl__page_redirect(struct http_req *req, struct http_res *res)
{
    (void)req;
    http_res_set(res, 301, "text/plain; charset=utf-8", "see /__admin/\n", 14);
    res->reason = "Moved Permanently";
    http_res_header(res, "Location", "__admin/");
}
