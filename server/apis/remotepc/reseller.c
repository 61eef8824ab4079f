/*
 * The Reseller API (seed 001): add, invite, signin and list of the reseller's users,
 * under /rpc-api/reseller/private/user/.
 */
#include "apis/remotepc/remotepc_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* F-RP-050: sign-in links live this long (the clock of /__admin/clock applies). */
#define SIGNIN_LINK_LIFETIME_MS (5 * 60 * 1000)

static int enter(struct http_req *req, struct http_res *res, struct rp_caller *who)
{
    return rp_authenticate(req, res, RP_API_RESELLER, RP_MSG_R_NOT_AUTHORIZED, who);
}

/* A required string: absent, mistyped or blank is the field's *_REQUIRED code. */
static const char *required(struct http_req *req, const cJSON *body, const char *key,
                            enum rp_msg missing, struct rp_errors *errors)
{
    const char *value = NULL;
    if (rp_field_string(req, body, key, &value) != RP_FIELD_OK || rp_blank(value)) {
        rp_errors_add(errors, missing);
        return NULL;
    }
    return value;
}

static bool password_ok(const char *p)
{
    size_t len = strlen(p);
    return len >= 6 && len <= 20 && rp_password_chars_ok(p);
}

static void add(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    if (enter(req, res, &who) != 0)
        return;
    const cJSON *body = rp_body(req, res, RP_API_RESELLER, cJSON_Object, true);
    if (!body)
        return;
    struct rp_errors errors = { 0 };
    const char *first = required(req, body, "firstName", RP_MSG_R_FIRSTNAME_REQUIRED, &errors);
    const char *last = required(req, body, "lastName", RP_MSG_R_LASTNAME_REQUIRED, &errors);
    const char *email = required(req, body, "invitedUserEmailId", RP_MSG_R_EMAILID_REQUIRED,
                                 &errors);
    if (email && !rm_email_valid(email))
        rp_errors_add(&errors, RP_MSG_R_ENTER_VALID_EMAIL);
    const char *password = required(req, body, "password", RP_MSG_R_PASSWORD_REQUIRED, &errors);
    if (password && !password_ok(password))
        rp_errors_add(&errors, RP_MSG_R_INVALID_PASSWORD); /* F-RP-060: the Enterprise rule */
    int64_t alloted = 0;
    bool send_email = false;
    enum rp_field f = rp_field_int(body, "allotedComputers", &alloted);
    /* F-RP-061: bad optional values have no documented code: INVALID_REQUEST (PROPOSED). */
    if (f == RP_FIELD_BAD || alloted < 0 || rp_field_bool(body, "sendEmailToUser", &send_email) ==
                                                RP_FIELD_BAD)
        rp_errors_add(&errors, RP_MSG_R_INVALID_REQUEST);
    if (errors.count) {
        rp_reply_errors(req, res, RP_API_RESELLER, &errors);
        return;
    }
    struct store_rp_ruser existing;
    int rc = store_rp_ruser_find(req->tenant, &req->arena, who.account_id, email, &existing);
    if (rc == RM_OK) {
        rp_reply_error(req, res, RP_API_RESELLER, 400, RP_MSG_R_EMAIL_EXISTS);
        return;
    }
    if (rc == RM_ENOTFOUND)
        rc = store_rp_ruser_insert(req->tenant, who.account_id, email, first, last, password,
                                   alloted, true, rm_clock_now_ms());
    if (rc != RM_OK) {
        rp_reply_internal(req, res, RP_API_RESELLER);
        return;
    }
    rp_reply_success(req, res);
}

/* Invites one item; returns its documented status word, or NULL on a store failure. */
static const char *invite_one(struct http_req *req, const struct rp_caller *who, const char *email,
                              int64_t alloted)
{
    if (!rm_email_valid(email))
        return "INVALID_EMAIL"; /* F-RP-062 (PROPOSED): per item, like the other outcomes */
    struct store_rp_ruser u;
    int rc = store_rp_ruser_find(req->tenant, &req->arena, who->account_id, email, &u);
    if (rc == RM_OK)
        return u.state == STORE_RP_RUSER_INVITED ? "ALREADY_INVITED" : "EXISTS";
    if (rc == RM_ENOTFOUND &&
        store_rp_ruser_insert(req->tenant, who->account_id, email, "", "", NULL, alloted, false,
                              rm_clock_now_ms()) == RM_OK)
        return "INVITED";
    return NULL;
}

static void invite(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    if (enter(req, res, &who) != 0)
        return;
    /* The body is an array of invitations (F-RP-063: an object is a bad body). */
    const cJSON *body = rp_body(req, res, RP_API_RESELLER, cJSON_Array, false);
    if (!body)
        return;
    int n = cJSON_GetArraySize(body);
    if (n > RP_MAX_ARRAY) {
        rp_reply_error(req, res, RP_API_RESELLER, 400, RP_MSG_R_INVALID_REQUEST);
        return;
    }
    /* Every item is checked before anything is written: a bad item fails the whole request,
     * a missing address with EMAILID_REQUIRED, a bad allotment with INVALID_REQUEST
     * (F-RP-061, F-RP-062). */
    enum rp_msg bad = n > 0 ? RP_MSG_COUNT : RP_MSG_R_EMAILID_REQUIRED;
    for (const cJSON *item = body->child; bad == RP_MSG_COUNT && item; item = item->next) {
        const char *email = NULL;
        int64_t alloted = 0;
        if (!cJSON_IsObject(item) ||
            rp_field_string(req, item, "invitedUserEmailId", &email) != RP_FIELD_OK ||
            rp_blank(email))
            bad = RP_MSG_R_EMAILID_REQUIRED;
        else if (rp_field_int(item, "allotedComputers", &alloted) == RP_FIELD_BAD || alloted < 0)
            bad = RP_MSG_R_INVALID_REQUEST;
    }
    if (bad != RP_MSG_COUNT) {
        rp_reply_error(req, res, RP_API_RESELLER, 400, bad);
        return;
    }
    cJSON *message = cJSON_CreateArray();
    for (const cJSON *item = body->child; item; item = item->next) {
        const char *email = NULL;
        int64_t alloted = 0;
        rp_field_string(req, item, "invitedUserEmailId", &email);
        rp_field_int(item, "allotedComputers", &alloted);
        const char *status = invite_one(req, &who, email, alloted);
        if (!status) {
            cJSON_Delete(message);
            rp_reply_internal(req, res, RP_API_RESELLER);
            return;
        }
        cJSON *entry = cJSON_CreateObject();
        cJSON_AddStringToObject(entry, "username", email);
        cJSON_AddStringToObject(entry, "status", status);
        cJSON_AddItemToArray(message, entry);
    }
    rp_reply_ok(req, res, message);
}

/* The sign-in refusal for a user's state, or -1 when the state allows signing in. */
static int state_refusal(enum store_rp_ruser_state state)
{
    switch (state) {
    case STORE_RP_RUSER_ACTIVE: return -1;
    case STORE_RP_RUSER_INVITED: return RP_MSG_R_USERNAME_DOES_NOT_EXIST; /* F-RP-064 */
    case STORE_RP_RUSER_CANCELLED: return RP_MSG_R_CANCELLED_ACCOUNT;
    case STORE_RP_RUSER_PARENT_SUSPENDED: return RP_MSG_R_PARENT_SUSPENDED;
    case STORE_RP_RUSER_IP_BLOCKED: return RP_MSG_R_IP_ADDRESS_BLOCKED;
    }
    return RP_MSG_INTERNAL_SERVER_ERROR;
}

static void signin(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    if (enter(req, res, &who) != 0)
        return;
    const cJSON *body = rp_body(req, res, RP_API_RESELLER, cJSON_Object, true);
    if (!body)
        return;
    struct rp_errors errors = { 0 };
    const char *username = NULL, *password = NULL;
    /* F-RP-065: no username at all is USERNAME_REQUIRED; an empty one EMAILID_REQUIRED. */
    enum rp_field f = rp_field_string(req, body, "username", &username);
    if (f != RP_FIELD_OK)
        rp_errors_add(&errors, RP_MSG_R_USERNAME_REQUIRED);
    else if (rp_blank(username))
        rp_errors_add(&errors, RP_MSG_R_EMAILID_REQUIRED);
    else if (!rm_email_valid(username))
        rp_errors_add(&errors, RP_MSG_R_INVALID_EMAIL);
    if (rp_field_string(req, body, "password", &password) != RP_FIELD_OK || rp_blank(password))
        rp_errors_add(&errors, RP_MSG_R_PASSWORD_REQUIRED);
    if (errors.count) {
        rp_reply_errors(req, res, RP_API_RESELLER, &errors);
        return;
    }
    struct store_rp_ruser u;
    int rc = store_rp_ruser_find(req->tenant, &req->arena, who.account_id, username, &u);
    if (rc == RM_ENOTFOUND) {
        rp_reply_error(req, res, RP_API_RESELLER, 400, RP_MSG_R_USERNAME_DOES_NOT_EXIST);
        return;
    }
    int refusal = rc == RM_OK ? state_refusal(u.state) : -1;
    if (refusal >= 0) {
        rp_reply_error(req, res, RP_API_RESELLER, 400, (enum rp_msg)refusal);
        return;
    }
    if (rc == RM_OK && (!u.password || strcmp(u.password, password) != 0)) {
        rp_reply_error(req, res, RP_API_RESELLER, 400, RP_MSG_R_INVALID_PASSWORD); /* F-RP-066 */
        return;
    }
    char token[33];
    if (rc == RM_OK)
        rc = rm_random_hex(token, 16);
    if (rc == RM_OK)
        rc = store_rp_link_insert(req->tenant, token, true, u.username, NULL,
                                  rm_clock_now_ms() + SIGNIN_LINK_LIFETIME_MS);
    const char *url = rc == RM_OK ? rm_arena_printf(&req->arena, "%s/rpcnew/process/autologin/%s",
                                                    rp_link_base(req), token)
                                  : NULL;
    if (!url) {
        rp_reply_internal(req, res, RP_API_RESELLER);
        return;
    }
    cJSON *message = cJSON_CreateObject();
    cJSON_AddStringToObject(message, "rpc_redirect_link", url);
    rp_reply_ok(req, res, message);
}

static int add_listed(void *ctx, const struct store_rp_ruser *u)
{
    char date[16];
    time_t secs = (time_t)(u->created_ms / 1000);
    struct tm tm;
    gmtime_r(&secs, &tm);
    /* MM-DD-YYYY, as the seed's sample shows */
    snprintf(date, sizeof date, "%02u-%02u-%04u", (unsigned)(tm.tm_mon + 1) % 100u,
             (unsigned)tm.tm_mday % 100u, (unsigned)(tm.tm_year + 1900) % 10000u);
    cJSON *item = cJSON_CreateObject();
    cJSON_AddNumberToObject(item, "alloted_computers", (double)u->alloted_computers);
    cJSON_AddStringToObject(item, "created_date", date);
    cJSON_AddBoolToObject(item, "isActive", u->state == STORE_RP_RUSER_ACTIVE);
    cJSON_AddNumberToObject(item, "utilized_computers", (double)u->utilized_computers);
    cJSON_AddStringToObject(item, "username", u->username);
    cJSON_AddItemToArray(ctx, item);
    return 0;
}

static void list(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    /* The list's own 401 word (seed 001 section 4); it takes no parameters, so the body is
     * not read (F-RP-067). */
    if (rp_authenticate(req, res, RP_API_RESELLER, RP_MSG_R_UNAUTHORIZED_ACCESS, &who) != 0)
        return;
    cJSON *users = cJSON_CreateArray();
    if (store_rp_ruser_list(req->tenant, &req->arena, who.account_id, add_listed, users) !=
        RM_OK) {
        cJSON_Delete(users);
        rp_reply_internal(req, res, RP_API_RESELLER);
        return;
    }
    cJSON *message = cJSON_CreateObject();
    cJSON_AddItemToObject(message, "resellerUsersList", users);
    rp_reply_ok(req, res, message);
}

#define W HTTP_ROUTE_DB_WRITE
#define R HTTP_ROUTE_DB_READ

static const struct http_route rp_reseller_routes[] = {
    { HTTP_POST, "/rpc-api/reseller/private/user/add", add, W, NULL },
    { HTTP_POST, "/rpc-api/reseller/private/user/invite", invite, W, NULL },
    { HTTP_POST, "/rpc-api/reseller/private/user/signin", signin, W, NULL },
    { HTTP_POST, "/rpc-api/reseller/private/user/list", list, R, NULL },
};

static void reseller_error(struct http_req *req, struct http_res *res, int status,
                           const char *message)
{
    rp_reply_core_error(req, res, RP_API_RESELLER, status, message);
}

const struct http_api rp_reseller_api = {
    .name = "remotepc-reseller",
    .mount = "/rpc-api/reseller/private/user", /* also owns ".../user" itself */
    .routes = rp_reseller_routes,
    .nroutes = RM_ARRAY_LEN(rp_reseller_routes),
    .error = reseller_error,
    .tenant_keys = rp_tenant_keys,
    .vendor_errors = rp_rsl_vendor_errors,
    .vendor_error_reply = rp_rsl_vendor_error_reply,
};
