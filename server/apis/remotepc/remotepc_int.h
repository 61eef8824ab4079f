/*
 * Shared by the files of apis/remotepc: the message table, the reply envelope, the
 * documented order of checks (reference/remotepc.md 4.2) and request-field helpers.
 */
#ifndef RMMSIM_REMOTEPC_INT_H
#define RMMSIM_REMOTEPC_INT_H

#include "apis/remotepc/remotepc.h"
#include "store/remotepc.h"

/* Every description string, exactly as the seeds print it (F-RP-001). */
#define RP_MESSAGES(X)                                                                            \
    X(FAILED, "FAILED")                                                                           \
    X(INTERNAL_SERVER_ERROR, "INTERNAL_SERVER_ERROR")                                             \
    X(INVALID_USER, "Invalid user")                                                               \
    X(INVALID_USER_PERMISSION, "Invalid user permission")                                         \
    X(INVALID_USER_PLAN, "Invalid user plan")                                                     \
    X(INVALID_REQUEST_403, "Invalid request")                                                     \
    X(INVALID_2FA, "Invalid two factor status")                                                   \
    X(FIRST_NAME_BLANK, "First name cannot be blank")                                             \
    X(FIRST_NAME_CHARS, "First name can contain a-z, A-Z and space")                              \
    X(LAST_NAME_BLANK, "Last name cannot be blank")                                               \
    X(LAST_NAME_CHARS, "Last name can contain a-z, A-Z and space")                                \
    X(USERNAME_BLANK, "Username/Email cannot be blank")                                           \
    X(USERNAME_INVALID, "Enter a valid Username/Email")                                           \
    X(PASSWORD_BLANK, "Password cannot be blank")                                                 \
    X(PASSWORD_CHARS,                                                                             \
      "Password can contain A-Z, a-z, 0-9 and ~`!@#$%^&*()-_+={}|[];\\'\\\"<>,.?/")               \
    X(PASSWORD_LENGTH, "Password should be between 6 - 20 characters")                           \
    X(EMAIL_IN_USE, "Email is already in use or already invited.")                                \
    X(EMAIL_OTHER_ADMIN, "Email in use with other Admin")                                         \
    X(INVALID_PAGE_INDEX, "Invalid page index")                                                   \
    X(USERNAME_REQUIRED_E, "Username is required")                                                \
    X(COMPUTER_NAMES_MISSING, "Computer names are not found in the request")                      \
    X(USER_NOT_FOUND, "User not found")                                                           \
    X(COMPUTERS_NOT_FOUND, "Computer(s) not found")                                               \
    X(GROUP_NAME_BLANK, "Group name can not be blank")                                            \
    X(GROUP_NAME_EXISTS, "Group name is already exists")                                          \
    X(GROUP_NAME_INVALID, "Invalid group name")                                                   \
    X(GROUP_NAME_UNKNOWN, "Group name does not exists")                                           \
    X(EXCEEDED_COMPUTERS_LIMIT, "Exceeded computers limit")                                       \
    X(COMPUTER_NAME_BLANK, "Computer name can not be blank")                                      \
    X(COMMENTS_BLANK, "Comments can not be blank")                                                \
    X(COMMENTS_LENGTH, "Comments length should be between 6 to 250")                              \
    X(COMPUTER_NOT_FOUND, "Computer not found")                                                   \
    X(INVALID_USERNAME, "Invalid username")                                                       \
    X(INVALID_MACHINE_ID, "Invalid machine_id")                                                   \
    X(INVALID_MACHINE_OR_USER, "invalid host_machine_id or username")                             \
    X(R_NOT_AUTHORIZED, "NOT_AUTHORIZED")                                                         \
    X(R_UNAUTHORIZED_ACCESS, "UNAUTHORIZED_ACCESS")                                               \
    X(R_FORBIDDEN, "Forbidden")                                                                   \
    X(R_INVALID_REQUEST, "INVALID_REQUEST")                                                       \
    X(R_FIRSTNAME_REQUIRED, "FIRSTNAME_REQUIRED")                                                 \
    X(R_LASTNAME_REQUIRED, "LASTNAME_REQUIRED")                                                   \
    X(R_EMAILID_REQUIRED, "EMAILID_REQUIRED")                                                     \
    X(R_ENTER_VALID_EMAIL, "ENTER_VALID_EMAIL")                                                   \
    X(R_PASSWORD_REQUIRED, "PASSWORD_REQUIRED")                                                   \
    X(R_INVALID_PASSWORD, "INVALID_PASSWORD")                                                     \
    X(R_EMAIL_EXISTS, "EMAIL_EXISTS")                                                             \
    X(R_INVALID_EMAIL, "INVALID_EMAIL")                                                           \
    X(R_USERNAME_REQUIRED, "USERNAME_REQUIRED")                                                   \
    X(R_USERNAME_DOES_NOT_EXIST, "USERNAME_DOES_NOT_EXIST")                                       \
    X(R_PARENT_SUSPENDED, "ACTION_PARENT_ACCOUNT_SUSPENDED")                                      \
    X(R_IP_ADDRESS_BLOCKED, "IP_ADDRESS_BLOCKED")                                                 \
    X(R_CANCELLED_ACCOUNT, "CANCELLED_ACCOUNT")

enum rp_msg {
#define RP_MSG_ENUM(name, text) RP_MSG_##name,
    RP_MESSAGES(RP_MSG_ENUM)
#undef RP_MSG_ENUM
        RP_MSG_COUNT
};

/* Which API a request belongs to: the 401/403 bodies and generic codes differ. */
enum rp_api { RP_API_ENTERPRISE, RP_API_RESELLER };

/* The authenticated caller. */
struct rp_caller {
    int64_t account_id;
    bool sso_configured;
};

/* Collected validation errors, reported together in field order (F-RP-010). */
#define RP_MAX_ERRORS 16
struct rp_errors {
    enum rp_msg msgs[RP_MAX_ERRORS];
    size_t count;
};

/* envelope.c */
const char *rp_msg_text(enum rp_msg msg);
/* {"status":"OK","code":200,"message":message}; takes message. */
void rp_reply_ok(struct http_req *req, struct http_res *res, cJSON *message);
/* {"status":"OK","code":200,"message":"SUCCESS"} */
void rp_reply_success(struct http_req *req, struct http_res *res);
/* The error envelope with one description. */
void rp_reply_error(struct http_req *req, struct http_res *res, enum rp_api api, int status,
                    enum rp_msg msg);
/* The 400 envelope with every collected description (errorsCount = their number). */
void rp_reply_errors(struct http_req *req, struct http_res *res, enum rp_api api,
                     const struct rp_errors *errors);
void rp_errors_add(struct rp_errors *errors, enum rp_msg msg);
/* Core errors (404, 405, 413, unknown tenant) in the envelope, with core's own wording as
 * the description: the docs give none for them (F-RP-008). Used as http_api.error. */
void rp_reply_core_error(struct http_req *req, struct http_res *res, enum rp_api api, int status,
                         const char *message);
/* The generic 400 of each API for a body it cannot read (F-RP-005). */
void rp_reply_bad_body(struct http_req *req, struct http_res *res, enum rp_api api);
/* The 500 of a failed store call. */
void rp_reply_internal(struct http_req *req, struct http_res *res, enum rp_api api);
/* The errors each API answers and their replies, for fault injection (http_api hooks). */
size_t rp_ent_vendor_errors(const struct http_vendor_error **out);
size_t rp_rsl_vendor_errors(const struct http_vendor_error **out);
void rp_ent_vendor_error_reply(struct http_req *req, struct http_res *res,
                               const struct http_vendor_error *e, const char *comment);
void rp_rsl_vendor_error_reply(struct http_req *req, struct http_res *res,
                               const struct http_vendor_error *e, const char *comment);

/* auth.c */
/* Documented checks 3-5: key (401 with unauthorized_msg), caller IP (403), account state
 * (Enterprise: permission, plan). On failure the reply is written and -1 returned. */
/* http_api.tenant_keys of both APIs: the Bearer key. */
size_t rp_tenant_keys(struct http_req *req, const char **keys, size_t max);
int rp_authenticate(struct http_req *req, struct http_res *res, enum rp_api api,
                    enum rp_msg unauthorized_msg, struct rp_caller *out);

/* Authenticates an Enterprise request and returns its body object (empty body = {}), or
 * NULL after writing the error reply. */
const cJSON *rp_ent_enter(struct http_req *req, struct http_res *res, struct rp_caller *who);

/* Enterprise handlers, routed in enterprise.c. */
void rp_ent_user_invite(struct http_req *req, struct http_res *res);
void rp_ent_user_create(struct http_req *req, struct http_res *res);
void rp_ent_user_delete(struct http_req *req, struct http_res *res);
void rp_ent_user_list(struct http_req *req, struct http_res *res);
void rp_ent_computer_assign(struct http_req *req, struct http_res *res);
void rp_ent_computer_unassign(struct http_req *req, struct http_res *res);
void rp_ent_computer_remove(struct http_req *req, struct http_res *res);
void rp_ent_computer_comment(struct http_req *req, struct http_res *res);
void rp_ent_computer_list(struct http_req *req, struct http_res *res);
void rp_ent_computer_list_user(struct http_req *req, struct http_res *res);
void rp_ent_connect_url(struct http_req *req, struct http_res *res);
void rp_ent_group_create(struct http_req *req, struct http_res *res);
void rp_ent_group_move(struct http_req *req, struct http_res *res);

/* input.c */

/* The request body as a JSON value of the wanted type (object or array). An empty body is
 * an empty object where empty_ok. On failure the generic 400 is written and NULL returned. */
const cJSON *rp_body(struct http_req *req, struct http_res *res, enum rp_api api, int type,
                     bool empty_ok);

enum rp_field { RP_FIELD_OK, RP_FIELD_ABSENT, RP_FIELD_BAD };

/* A string field: numbers and booleans read as their JSON text, as the backends coerce
 * them (F-RP-007); null or absent is RP_FIELD_ABSENT; objects and arrays RP_FIELD_BAD. */
enum rp_field rp_field_string(struct http_req *req, const cJSON *obj, const char *key,
                              const char **out);
/* An integer field: JSON integers or numeric strings (F-RP-007). */
enum rp_field rp_field_int(const cJSON *obj, const char *key, int64_t *out);
/* A boolean field: true/false, "true"/"false", 0/1 (F-RP-007). */
enum rp_field rp_field_bool(const cJSON *obj, const char *key, bool *out);
/* An array of strings, duplicates removed (case-sensitive), at most RP_MAX_ARRAY entries
 * (RP_FIELD_BAD beyond, F-RP-009). *count may be 0. */
#define RP_MAX_ARRAY 1000
enum rp_field rp_field_strings(struct http_req *req, const cJSON *obj, const char *key,
                               const char ***out, size_t *count);
/* Passwords: A-Z, a-z, 0-9 and ~`!@#$%^&*()-_+={}|[];'"<>,.?/ (F-RP-015). */
bool rp_password_chars_ok(const char *s);
/* Whether s is empty or only white space. */
bool rp_blank(const char *s);

struct rp_page {
    int64_t index; /* 1-based */
    int64_t per_page;
};
/* pageIndex and recordPerPage from the body, else the query string (F-RP-020..023). On a
 * bad value the 400 is written and -1 returned. */
int rp_page_read(struct http_req *req, struct http_res *res, const cJSON *body,
                 struct rp_page *out);
/* Writes "pagination": {"records_per_page":..,"total_records":..,"total_page_count":..,
 * "current_page_index":..} as a key and value into w. */
void rp_page_write(struct http_jw *w, const struct rp_page *page, int64_t total);
/* Starts {"status":"OK","code":200,"message": ... in w; rp_ok_finish closes and replies. */
void rp_ok_begin(struct http_jw *w, struct http_req *req);
void rp_ok_finish(struct http_jw *w, struct http_res *res, enum rp_api api);

/* The base URL for links rmmsim serves, as the client reached it (Host header, with the
 * /t/{id} prefix outside the default tenant). Arena. */
const char *rp_link_base(struct http_req *req);

#endif
