/*
 * The documented order of checks, steps 3-5 (reference/remotepc.md 4.2): API key, the
 * account's IP allowlist, then the account's state. Steps 1-2 (route, method) are the
 * dispatcher's; 6-8 (body, fields, rules) the handlers'.
 */
#include "apis/remotepc/remotepc_int.h"

#include <string.h>
#include <strings.h>

/* The key of "Authorization: Bearer KEY"; NULL when absent or malformed. */
static const char *bearer_key(struct http_req *req)
{
    const char *auth = http_req_header(req, "Authorization");
    if (!auth || strncasecmp(auth, "Bearer ", 7) != 0)
        return NULL;
    const char *key = auth + 7;
    while (*key == ' ')
        key++;
    return *key ? key : NULL;
}

/* Whether addr is one of the space-separated entries of list ("" = everyone). */
static bool allowed(const char *list, const char *addr)
{
    if (!*list)
        return true;
    size_t alen = strlen(addr);
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, " ");
        if (len == alen && strncmp(p, addr, len) == 0)
            return true;
        p += len;
        p += *p == ' ';
    }
    return false;
}

size_t rp_tenant_keys(struct http_req *req, const char **keys, size_t max)
{
    const char *key = bearer_key(req);
    if (!key || max == 0)
        return 0;
    keys[0] = key; /* F-CTL-003: a created tenant's own API key leads to it */
    return 1;
}

int rp_authenticate(struct http_req *req, struct http_res *res, enum rp_api api,
                    enum rp_msg unauthorized_msg, struct rp_caller *out)
{
    const char *key = bearer_key(req);
    struct store_rp_key k;
    int rc = key ? store_rp_key_find(req->tenant, &req->arena, key, &k) : RM_ENOTFOUND;
    if (rc != RM_OK && rc != RM_ENOTFOUND) {
        rp_reply_internal(req, res, api);
        return -1;
    }
    /* F-RP-002: a key of the other API is as unknown as no key. */
    enum store_rp_kind want = api == RP_API_ENTERPRISE ? STORE_RP_ENTERPRISE : STORE_RP_RESELLER;
    if (rc == RM_ENOTFOUND || k.kind != want) {
        rp_reply_error(req, res, api, 401, unauthorized_msg);
        return -1;
    }
    if (!allowed(k.allowlist, req->remote_addr)) {
        rp_reply_error(req, res, api, 403,
                       api == RP_API_ENTERPRISE ? RP_MSG_INVALID_REQUEST_403 : RP_MSG_R_FORBIDDEN);
        return -1;
    }
    /* F-RP-004: permission before plan, both 403. */
    if (!k.owner || k.plan_expired) {
        rp_reply_error(req, res, api, 403,
                       !k.owner ? RP_MSG_INVALID_USER_PERMISSION : RP_MSG_INVALID_USER_PLAN);
        return -1;
    }
    out->account_id = k.account_id;
    out->sso_configured = k.sso_configured;
    return 0;
}

const cJSON *rp_ent_enter(struct http_req *req, struct http_res *res, struct rp_caller *who)
{
    if (rp_authenticate(req, res, RP_API_ENTERPRISE, RP_MSG_INVALID_USER, who) != 0)
        return NULL;
    return rp_body(req, res, RP_API_ENTERPRISE, cJSON_Object, true);
}
