/*
 * The RemotePC reply envelope (reference/remotepc.md 4.7): key order status, code,
 * errorsCount, errors / message; code always equals the HTTP status.
 */
#include "apis/remotepc/remotepc_int.h"

#include <pthread.h>
#include <string.h>

static const char *const messages[] = {
#define RP_MSG_TEXT(name, text) text,
    RP_MESSAGES(RP_MSG_TEXT)
#undef RP_MSG_TEXT
};

const char *rp_msg_text(enum rp_msg msg)
{
    return messages[msg];
}

/* The status word of each HTTP code. The Reseller 403 alone is mixed case, exactly as the
 * seed prints it (F-RP-003). */
static const char *status_name(enum rp_api api, int status)
{
    switch (status) {
    case 400: return "BAD_REQUEST";
    case 401: return "UNAUTHORIZED";
    case 403: return api == RP_API_RESELLER ? "Forbidden" : "FORBIDDEN";
    case 404: return "NOT_FOUND";
    case 405: return "METHOD_NOT_ALLOWED";
    case 413: return "PAYLOAD_TOO_LARGE";
    default: return "INTERNAL_SERVER_ERROR";
    }
}

void rp_reply_ok(struct http_req *req, struct http_res *res, cJSON *message)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "status", "OK");
    cJSON_AddNumberToObject(body, "code", 200);
    cJSON_AddItemToObject(body, "message", message);
    http_res_json_take(req, res, 200, body);
}

void rp_ok_begin(struct http_jw *w, struct http_req *req)
{
    http_jw_init(w, req);
    http_jw_object(w);
    http_jw_key(w, "status");
    http_jw_string(w, "OK");
    http_jw_key(w, "code");
    http_jw_int(w, 200);
    http_jw_key(w, "message");
}

void rp_ok_finish(struct http_jw *w, struct http_res *res, enum rp_api api)
{
    http_jw_object_end(w);
    if (http_jw_reply(w, res, 200) != RM_OK)
        rp_reply_internal(w->req, res, api);
}

void rp_reply_success(struct http_req *req, struct http_res *res)
{
    static const char success[] = "{\"status\":\"OK\",\"code\":200,\"message\":\"SUCCESS\"}";
    (void)req;
    http_res_set(res, 200, "application/json", success, sizeof success - 1);
}

/* The error envelope; descriptions are texts[0..count) or, if texts is NULL, msgs. */
static void reply_descriptions(struct http_req *req, struct http_res *res, enum rp_api api,
                               int status, const enum rp_msg *msgs, const char *const *texts,
                               size_t count)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "status", status_name(api, status));
    cJSON_AddNumberToObject(body, "code", status);
    cJSON_AddNumberToObject(body, "errorsCount", (double)count);
    cJSON *errors = cJSON_AddArrayToObject(body, "errors");
    for (size_t i = 0; i < count; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "description", texts ? texts[i] : messages[msgs[i]]);
        cJSON_AddItemToArray(errors, e);
    }
    http_res_json_take(req, res, status, body);
}

void rp_reply_error(struct http_req *req, struct http_res *res, enum rp_api api, int status,
                    enum rp_msg msg)
{
    reply_descriptions(req, res, api, status, &msg, NULL, 1);
}

void rp_reply_core_error(struct http_req *req, struct http_res *res, enum rp_api api, int status,
                         const char *message)
{
    if (status == 400)
        rp_reply_bad_body(req, res, api);
    else if (status >= 500)
        rp_reply_internal(req, res, api);
    else
        reply_descriptions(req, res, api, status, NULL, &message, 1);
}

void rp_reply_errors(struct http_req *req, struct http_res *res, enum rp_api api,
                     const struct rp_errors *errors)
{
    reply_descriptions(req, res, api, 400, errors->msgs, NULL, errors->count);
}

void rp_errors_add(struct rp_errors *errors, enum rp_msg msg)
{
    if (errors->count < RP_MAX_ERRORS)
        errors->msgs[errors->count++] = msg;
}

void rp_reply_bad_body(struct http_req *req, struct http_res *res, enum rp_api api)
{
    /* F-RP-005: Enterprise's only generic code is FAILED; Reseller documents none, so it
     * gets the PROPOSED INVALID_REQUEST. */
    rp_reply_error(req, res, api, 400,
                   api == RP_API_ENTERPRISE ? RP_MSG_FAILED : RP_MSG_R_INVALID_REQUEST);
}

void rp_reply_internal(struct http_req *req, struct http_res *res, enum rp_api api)
{
    rp_reply_error(req, res, api, 500, RP_MSG_INTERNAL_SERVER_ERROR);
}

/* ---- named errors for fault injection (GET /__admin/errors, F-CTL-033) ---- */

static const char *const msg_names[] = {
#define RP_MSG_NAME(name, text) #name,
    RP_MESSAGES(RP_MSG_NAME)
#undef RP_MSG_NAME
};

/* Each description an API answers, with the status it answers it with: one row per
 * rp_reply_error/rp_errors_add of the module (auth.c, ent_*.c, input.c, reseller.c). */
struct rp_error_row {
    enum rp_msg msg;
    int status;
};
static const struct rp_error_row ent_rows[] = {
    { RP_MSG_INVALID_USER, 401 },          { RP_MSG_INVALID_REQUEST_403, 403 },
    { RP_MSG_INVALID_USER_PERMISSION, 403 }, { RP_MSG_INVALID_USER_PLAN, 403 },
    { RP_MSG_FAILED, 400 },                { RP_MSG_INVALID_2FA, 400 },
    { RP_MSG_FIRST_NAME_BLANK, 400 },      { RP_MSG_FIRST_NAME_CHARS, 400 },
    { RP_MSG_LAST_NAME_BLANK, 400 },       { RP_MSG_LAST_NAME_CHARS, 400 },
    { RP_MSG_USERNAME_BLANK, 400 },        { RP_MSG_USERNAME_INVALID, 400 },
    { RP_MSG_PASSWORD_BLANK, 400 },        { RP_MSG_PASSWORD_CHARS, 400 },
    { RP_MSG_PASSWORD_LENGTH, 400 },       { RP_MSG_EMAIL_IN_USE, 400 },
    { RP_MSG_EMAIL_OTHER_ADMIN, 400 },     { RP_MSG_INVALID_PAGE_INDEX, 400 },
    { RP_MSG_USERNAME_REQUIRED_E, 400 },   { RP_MSG_COMPUTER_NAMES_MISSING, 400 },
    { RP_MSG_USER_NOT_FOUND, 400 },        { RP_MSG_COMPUTERS_NOT_FOUND, 400 },
    { RP_MSG_GROUP_NAME_BLANK, 400 },      { RP_MSG_GROUP_NAME_EXISTS, 400 },
    { RP_MSG_GROUP_NAME_INVALID, 400 },    { RP_MSG_GROUP_NAME_UNKNOWN, 400 },
    { RP_MSG_EXCEEDED_COMPUTERS_LIMIT, 400 }, { RP_MSG_COMPUTER_NAME_BLANK, 400 },
    { RP_MSG_COMMENTS_BLANK, 400 },        { RP_MSG_COMMENTS_LENGTH, 400 },
    { RP_MSG_COMPUTER_NOT_FOUND, 400 },    { RP_MSG_INVALID_USERNAME, 400 },
    { RP_MSG_INVALID_MACHINE_ID, 400 },    { RP_MSG_INVALID_MACHINE_OR_USER, 400 },
    { RP_MSG_INTERNAL_SERVER_ERROR, 500 },
};
static const struct rp_error_row rsl_rows[] = {
    { RP_MSG_R_NOT_AUTHORIZED, 401 },      { RP_MSG_R_UNAUTHORIZED_ACCESS, 401 },
    { RP_MSG_R_FORBIDDEN, 403 },           { RP_MSG_R_INVALID_REQUEST, 400 },
    { RP_MSG_R_FIRSTNAME_REQUIRED, 400 },  { RP_MSG_R_LASTNAME_REQUIRED, 400 },
    { RP_MSG_R_EMAILID_REQUIRED, 400 },    { RP_MSG_R_ENTER_VALID_EMAIL, 400 },
    { RP_MSG_R_PASSWORD_REQUIRED, 400 },   { RP_MSG_R_INVALID_PASSWORD, 400 },
    { RP_MSG_R_EMAIL_EXISTS, 400 },        { RP_MSG_R_INVALID_EMAIL, 400 },
    { RP_MSG_R_USERNAME_REQUIRED, 400 },   { RP_MSG_R_USERNAME_DOES_NOT_EXIST, 400 },
    { RP_MSG_R_PARENT_SUSPENDED, 400 },    { RP_MSG_R_IP_ADDRESS_BLOCKED, 400 },
    { RP_MSG_R_CANCELLED_ACCOUNT, 400 },   { RP_MSG_INTERNAL_SERVER_ERROR, 500 },
};

static struct http_vendor_error ent_errors[RM_ARRAY_LEN(ent_rows)];
static struct http_vendor_error rsl_errors[RM_ARRAY_LEN(rsl_rows)];
static pthread_once_t errors_once = PTHREAD_ONCE_INIT;

/* The name is the message id; the Reseller's R_ prefix (there only to keep the ids apart)
 * is dropped. */
static void fill_errors(struct http_vendor_error *out, const struct rp_error_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *name = msg_names[rows[i].msg];
        if (strncmp(name, "R_", 2) == 0)
            name += 2;
        out[i] = (struct http_vendor_error){ name, rows[i].status, (int)rows[i].msg,
                                             messages[rows[i].msg] };
    }
}

static void build_errors(void)
{
    fill_errors(ent_errors, ent_rows, RM_ARRAY_LEN(ent_rows));
    fill_errors(rsl_errors, rsl_rows, RM_ARRAY_LEN(rsl_rows));
}

static size_t errors_of(enum rp_api api, const struct http_vendor_error **out)
{
    pthread_once(&errors_once, build_errors);
    *out = api == RP_API_ENTERPRISE ? ent_errors : rsl_errors;
    return api == RP_API_ENTERPRISE ? RM_ARRAY_LEN(ent_errors) : RM_ARRAY_LEN(rsl_errors);
}

size_t rp_ent_vendor_errors(const struct http_vendor_error **out)
{
    return errors_of(RP_API_ENTERPRISE, out);
}

size_t rp_rsl_vendor_errors(const struct http_vendor_error **out)
{
    return errors_of(RP_API_RESELLER, out);
}

/* F-CTL-033: the same envelope as the real condition; RemotePC carries no comment. */
void rp_ent_vendor_error_reply(struct http_req *req, struct http_res *res,
                               const struct http_vendor_error *e, const char *comment)
{
    (void)comment;
    rp_reply_error(req, res, RP_API_ENTERPRISE, e->status, (enum rp_msg)e->id);
}

void rp_rsl_vendor_error_reply(struct http_req *req, struct http_res *res,
                               const struct http_vendor_error *e, const char *comment)
{
    (void)comment;
    rp_reply_error(req, res, RP_API_RESELLER, e->status, (enum rp_msg)e->id);
}
