/*
 * Enterprise users: invite, create, delete, list (seed 000 sections 1-4).
 */
#include "apis/remotepc/remotepc_int.h"

#include <string.h>
#include <strings.h>

/* status_2FA and sso_flag, shared by invite and create: 0 or 1, and SSO only where the
 * account has it configured (F-RP-012). */
static void read_flags(const cJSON *body, const struct rp_caller *who, struct rp_errors *errors,
                       int64_t *twofa, int64_t *sso)
{
    *twofa = 0;
    *sso = 0;
    enum rp_field f = rp_field_int(body, "status_2FA", twofa);
    if (f == RP_FIELD_BAD || (f == RP_FIELD_OK && *twofa != 0 && *twofa != 1))
        rp_errors_add(errors, RP_MSG_INVALID_2FA);
    f = rp_field_int(body, "sso_flag", sso);
    if (f == RP_FIELD_BAD || (f == RP_FIELD_OK && *sso != 0 && *sso != 1) ||
        (*sso == 1 && !who->sso_configured))
        rp_errors_add(errors, RP_MSG_FAILED);
}

static bool seen_before(const char *const *list, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (strcasecmp(list[k], list[i]) == 0)
            return true;
    return false;
}

void rp_ent_user_invite(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    if (!body)
        return;
    struct rp_errors errors = { 0 };
    const char **emails = NULL;
    size_t count = 0;
    /* F-RP-011: a missing, mistyped or empty list has no documented string: FAILED. */
    if (rp_field_strings(req, body, "email", &emails, &count) != RP_FIELD_OK || count == 0)
        rp_errors_add(&errors, RP_MSG_FAILED);
    int64_t twofa, sso;
    read_flags(body, &who, &errors, &twofa, &sso);
    if (errors.count) {
        rp_reply_errors(req, res, RP_API_ENTERPRISE, &errors);
        return;
    }
    cJSON *message = cJSON_CreateObject();
    cJSON *invalid = cJSON_AddArrayToObject(message, "invalid_list");
    cJSON *invited = cJSON_AddArrayToObject(message, "invited_list");
    int64_t now = rm_clock_now_ms();
    for (size_t i = 0; i < count; i++) {
        if (seen_before(emails, i))
            continue; /* F-RP-014: one entry per address, compared without case */
        struct store_rp_user existing;
        int rc = RM_EINVAL;
        /* F-RP-014: bad syntax, a user of this account, or one of another admin: invalid. */
        if (rm_email_valid(emails[i]) &&
            store_rp_user_find(req->tenant, &req->arena, who.account_id, emails[i], &existing) ==
                RM_ENOTFOUND &&
            store_rp_user_find_elsewhere(req->tenant, who.account_id, emails[i]) == RM_ENOTFOUND)
            rc = store_rp_user_insert(req->tenant, who.account_id, emails[i], "", "", NULL, false,
                                      (int)twofa, (int)sso, now);
        if (rc == RM_EDB) {
            cJSON_Delete(message);
            rp_reply_internal(req, res, RP_API_ENTERPRISE);
            return;
        }
        cJSON_AddItemToArray(rc == RM_OK ? invited : invalid, cJSON_CreateString(emails[i]));
    }
    rp_reply_ok(req, res, message);
}

/* Names: a-z, A-Z and space only (the seed's rule). */
static bool name_chars_ok(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == ' '))
            return false;
    return true;
}

/* One name field: blank, or outside the character set. */
static void check_name(struct http_req *req, const cJSON *body, const char *key, enum rp_msg blank,
                       enum rp_msg chars, struct rp_errors *errors, const char **out)
{
    enum rp_field f = rp_field_string(req, body, key, out);
    if (f == RP_FIELD_ABSENT || (f == RP_FIELD_OK && rp_blank(*out)))
        rp_errors_add(errors, blank);
    else if (f == RP_FIELD_BAD || !name_chars_ok(*out))
        rp_errors_add(errors, chars);
}

void rp_ent_user_create(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    if (!body)
        return;
    struct rp_errors errors = { 0 };
    const char *first = NULL, *last = NULL, *username = NULL, *password = NULL;
    check_name(req, body, "firstname", RP_MSG_FIRST_NAME_BLANK, RP_MSG_FIRST_NAME_CHARS, &errors,
               &first);
    check_name(req, body, "lastname", RP_MSG_LAST_NAME_BLANK, RP_MSG_LAST_NAME_CHARS, &errors,
               &last);
    enum rp_field f = rp_field_string(req, body, "username", &username);
    if (f == RP_FIELD_ABSENT || (f == RP_FIELD_OK && rp_blank(username)))
        rp_errors_add(&errors, RP_MSG_USERNAME_BLANK);
    else if (f == RP_FIELD_BAD || !rm_email_valid(username))
        rp_errors_add(&errors, RP_MSG_USERNAME_INVALID);
    f = rp_field_string(req, body, "password", &password);
    if (f == RP_FIELD_ABSENT || (f == RP_FIELD_OK && rp_blank(password)))
        rp_errors_add(&errors, RP_MSG_PASSWORD_BLANK);
    else if (f == RP_FIELD_BAD || !rp_password_chars_ok(password))
        rp_errors_add(&errors, RP_MSG_PASSWORD_CHARS);
    else if (strlen(password) < 6 || strlen(password) > 20)
        rp_errors_add(&errors, RP_MSG_PASSWORD_LENGTH);
    int64_t twofa, sso;
    read_flags(body, &who, &errors, &twofa, &sso);
    if (errors.count) {
        rp_reply_errors(req, res, RP_API_ENTERPRISE, &errors);
        return;
    }
    struct store_rp_user existing;
    int rc = store_rp_user_find(req->tenant, &req->arena, who.account_id, username, &existing);
    if (rc == RM_OK) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_EMAIL_IN_USE);
        return;
    }
    if (rc == RM_ENOTFOUND &&
        (rc = store_rp_user_find_elsewhere(req->tenant, who.account_id, username)) == RM_OK) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_EMAIL_OTHER_ADMIN);
        return;
    }
    if (rc == RM_ENOTFOUND)
        rc = store_rp_user_insert(req->tenant, who.account_id, username, first, last, password,
                                  true, (int)twofa, (int)sso, rm_clock_now_ms());
    if (rc != RM_OK) {
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
        return;
    }
    rp_reply_success(req, res);
}

/* Deletes each listed user that is in the wanted state; fills status {email: SUCCESS|FAILED}. */
static int delete_listed(struct http_req *req, const struct rp_caller *who, const char **emails,
                         size_t count, bool active, cJSON *status)
{
    for (size_t i = 0; i < count; i++) {
        struct store_rp_user u;
        int rc = store_rp_user_find(req->tenant, &req->arena, who->account_id, emails[i], &u);
        if (rc == RM_OK && u.active == active)
            rc = store_rp_user_delete(req->tenant, u.id);
        else if (rc == RM_OK)
            rc = RM_ENOTFOUND;
        if (rc == RM_EDB)
            return rc;
        cJSON_AddStringToObject(status, emails[i], rc == RM_OK ? "SUCCESS" : "FAILED");
    }
    return RM_OK;
}

void rp_ent_user_delete(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    if (!body)
        return;
    const char **subs = NULL, **invited = NULL;
    size_t nsubs = 0, ninvited = 0;
    /* F-RP-013: both lists are mandatory (they may be empty). */
    if (rp_field_strings(req, body, "sub_ids", &subs, &nsubs) != RP_FIELD_OK ||
        rp_field_strings(req, body, "invited_ids", &invited, &ninvited) != RP_FIELD_OK) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_FAILED);
        return;
    }
    cJSON *message = cJSON_CreateObject();
    cJSON *active_status = cJSON_AddObjectToObject(message, "active_user_delete_status");
    cJSON *invited_status = cJSON_AddObjectToObject(message, "invited_user_delete_status");
    if (delete_listed(req, &who, subs, nsubs, true, active_status) != RM_OK ||
        delete_listed(req, &who, invited, ninvited, false, invited_status) != RM_OK) {
        cJSON_Delete(message);
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
        return;
    }
    rp_reply_ok(req, res, message);
}

static int add_user(void *ctx, const struct store_rp_user *u)
{
    struct http_jw *w = ctx;
    http_jw_object(w);
    http_jw_key(w, "firstname");
    http_jw_string(w, u->firstname);
    http_jw_key(w, "username");
    http_jw_string(w, u->username);
    http_jw_key(w, "lastname");
    http_jw_string(w, u->lastname);
    http_jw_object_end(w);
    return 0;
}

void rp_ent_user_list(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    struct rp_page page;
    if (!body || rp_page_read(req, res, body, &page) != 0)
        return;
    int64_t total;
    int rc = store_rp_user_count(req->tenant, who.account_id, &total);
    struct http_jw w;
    rp_ok_begin(&w, req);
    http_jw_object(&w);
    rp_page_write(&w, &page, rc == RM_OK ? total : 0);
    http_jw_key(&w, "users");
    http_jw_array(&w);
    /* F-RP-024: invited users are listed too, with empty names. */
    if (rc == RM_OK)
        rc = store_rp_user_page(req->tenant, &req->arena, who.account_id, page.per_page,
                                (page.index - 1) * page.per_page, add_user, &w);
    http_jw_array_end(&w);
    http_jw_object_end(&w);
    if (rc != RM_OK) {
        http_jw_discard(&w);
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
        return;
    }
    rp_ok_finish(&w, res, RP_API_ENTERPRISE);
}
