/*
 * The Enterprise API's routes (seed 000): 13 endpoints under /rpcnew/api/msp/, each
 * answered in one transaction on the tenant.
 */
#include "apis/remotepc/remotepc_int.h"

#define W HTTP_ROUTE_DB_WRITE
#define R HTTP_ROUTE_DB_READ
/* The lists: pure reads of the tenant's data, so their replies are reused until the next
 * write (F-CORE-008). */
#define L (HTTP_ROUTE_DB_READ | HTTP_ROUTE_CACHE)

static const struct http_route rp_enterprise_routes[] = {
    { HTTP_POST, "/rpcnew/api/msp/user/invite", rp_ent_user_invite, W, NULL },
    { HTTP_POST, "/rpcnew/api/msp/user/create", rp_ent_user_create, W, NULL },
    { HTTP_POST, "/rpcnew/api/msp/user/delete", rp_ent_user_delete, W, NULL },
    { HTTP_GET, "/rpcnew/api/msp/user/list", rp_ent_user_list, L, NULL },
    { HTTP_POST, "/rpcnew/api/msp/computer/assign", rp_ent_computer_assign, W, NULL },
    { HTTP_POST, "/rpcnew/api/msp/computer/unassign", rp_ent_computer_unassign, W, NULL },
    { HTTP_POST, "/rpcnew/api/msp/computer/group/create", rp_ent_group_create, W, NULL },
    { HTTP_POST, "/rpcnew/api/msp/computer/remove", rp_ent_computer_remove, W, NULL },
    { HTTP_POST, "/rpcnew/api/msp/computer/comments/add", rp_ent_computer_comment, W, NULL },
    { HTTP_GET, "/rpcnew/api/msp/computer/list", rp_ent_computer_list, L, NULL },
    { HTTP_GET, "/rpcnew/api/msp/computer/list/{username}", rp_ent_computer_list_user, L, NULL },
    { HTTP_POST, "/rpcnew/api/msp/computer/group/move", rp_ent_group_move, W, NULL },
    { HTTP_POST, "/rpcnew/api/msp/computer/get/connectUrl", rp_ent_connect_url, W, NULL },
};

static void enterprise_error(struct http_req *req, struct http_res *res, int status,
                             const char *message)
{
    rp_reply_core_error(req, res, RP_API_ENTERPRISE, status, message);
}

const struct http_api rp_enterprise_api = {
    .name = "remotepc-enterprise",
    .mount = "/rpcnew/api/msp", /* also owns "/rpcnew/api/msp" itself */
    .routes = rp_enterprise_routes,
    .nroutes = RM_ARRAY_LEN(rp_enterprise_routes),
    .error = enterprise_error,
    /* The key picks the account; nothing else a list reads comes from headers. */
    .cache_headers = (const char *const[]){ "Authorization", NULL },
    .tenant_keys = rp_tenant_keys,
    .vendor_errors = rp_ent_vendor_errors,
    .vendor_error_reply = rp_ent_vendor_error_reply,
};
