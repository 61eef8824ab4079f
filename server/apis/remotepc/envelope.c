/*
 * The RemotePC reply envelope (reference/remotepc.md 4.7): key order status, code,
 * errorsCount, errors / message; code always equals the HTTP status.
 */
#include "apis/remotepc/remotepc_int.h"

static const char *const messages[] = {
#define RP_MSG_TEXT(name, text) text,
    RP_MESSAGES(RP_MSG_TEXT)
#undef RP_MSG_TEXT
};

const char *rp_msg_text(enum rp_msg msg)
{
    return messages[msg];
}

size_t rp_error_names(const char *const **out)
{
    *out = messages;
    return RP_MSG_COUNT;
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
