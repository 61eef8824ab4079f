/*
 * Enterprise computers and groups: assign, unassign, group create and move, remove,
 * comments, the device lists and the web-viewer connect URL (seed 000 sections 5-13).
 */
#include "apis/remotepc/remotepc_int.h"

#include <string.h>

/* The computers named, all of them or none (RM_ENOTFOUND). ids and online are arena arrays. */
static int find_computers(struct http_req *req, const struct rp_caller *who, const char **names,
                          size_t count, int64_t **ids, bool **online)
{
    *ids = rm_arena_calloc(&req->arena, count + 1, sizeof **ids);
    *online = rm_arena_calloc(&req->arena, count + 1, sizeof **online);
    if (!*ids || !*online)
        return RM_ENOMEM;
    for (size_t i = 0; i < count; i++) {
        struct store_rp_computer c;
        int rc = store_rp_computer_find(req->tenant, &req->arena, who->account_id, names[i], &c);
        if (rc != RM_OK)
            return rc;
        (*ids)[i] = c.id;
        (*online)[i] = c.online;
    }
    return RM_OK;
}

/* assign and unassign: the same checks, then one of two store calls per computer. */
static void assignment(struct http_req *req, struct http_res *res,
                       int (*apply)(struct store_tenant *, int64_t, int64_t))
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    if (!body)
        return;
    struct rp_errors errors = { 0 };
    const char *username = NULL, **names = NULL;
    size_t count = 0;
    enum rp_field f = rp_field_string(req, body, "username", &username);
    if (f != RP_FIELD_OK || rp_blank(username))
        rp_errors_add(&errors, RP_MSG_USERNAME_REQUIRED_E);
    if (rp_field_strings(req, body, "computer_names", &names, &count) != RP_FIELD_OK || !count)
        rp_errors_add(&errors, RP_MSG_COMPUTER_NAMES_MISSING);
    if (errors.count) {
        rp_reply_errors(req, res, RP_API_ENTERPRISE, &errors);
        return;
    }
    struct store_rp_user user;
    int rc = store_rp_user_find(req->tenant, &req->arena, who.account_id, username, &user);
    /* F-RP-031: only active users have computers; an invited one is "not found". */
    if (rc == RM_ENOTFOUND || (rc == RM_OK && !user.active)) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_USER_NOT_FOUND);
        return;
    }
    int64_t *ids;
    bool *online;
    if (rc == RM_OK)
        rc = find_computers(req, &who, names, count, &ids, &online);
    if (rc == RM_ENOTFOUND) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_COMPUTERS_NOT_FOUND);
        return;
    }
    for (size_t i = 0; rc == RM_OK && i < count; i++)
        rc = apply(req->tenant, user.id, ids[i]);
    if (rc != RM_OK) {
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
        return;
    }
    rp_reply_success(req, res);
}

void rp_ent_computer_assign(struct http_req *req, struct http_res *res)
{
    assignment(req, res, store_rp_assign);
}

void rp_ent_computer_unassign(struct http_req *req, struct http_res *res)
{
    assignment(req, res, store_rp_unassign);
}

/* F-RP-040 (PROPOSED): at most 50 characters of letters, digits, space and - _ . , ( ) & ' #. */
static bool group_name_valid(const char *s)
{
    static const char extra[] = " -_.,()&'#";
    size_t n = 0;
    for (; *s; s++, n++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr(extra, *s)))
            return false;
    return n <= 50;
}

/* group_name: blank or invalid are collected; the caller decides what a name must match. */
static const char *read_group_name(struct http_req *req, const cJSON *body,
                                   struct rp_errors *errors)
{
    const char *name = NULL;
    enum rp_field f = rp_field_string(req, body, "group_name", &name);
    if (f == RP_FIELD_ABSENT || (f == RP_FIELD_OK && rp_blank(name)))
        rp_errors_add(errors, RP_MSG_GROUP_NAME_BLANK);
    else if (f == RP_FIELD_BAD || !group_name_valid(name))
        rp_errors_add(errors, RP_MSG_GROUP_NAME_INVALID);
    return name;
}

/* Moves every named computer into the group; unknown names (F-RP-042) leave all unmoved. */
static int move_into_group(struct http_req *req, const struct rp_caller *who, const char **names,
                           size_t count, int64_t group_id)
{
    int64_t *ids;
    bool *online;
    int rc = find_computers(req, who, names, count, &ids, &online);
    for (size_t i = 0; rc == RM_OK && i < count; i++)
        rc = store_rp_computer_set_group(req->tenant, ids[i], group_id);
    return rc;
}

void rp_ent_group_create(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    if (!body)
        return;
    struct rp_errors errors = { 0 };
    const char *name = read_group_name(req, body, &errors);
    const char **names = NULL;
    size_t count = 0;
    if (rp_field_strings(req, body, "computer_names", &names, &count) == RP_FIELD_BAD)
        rp_errors_add(&errors, RP_MSG_COMPUTER_NAMES_MISSING);
    if (errors.count) {
        rp_reply_errors(req, res, RP_API_ENTERPRISE, &errors);
        return;
    }
    int64_t group_id;
    int rc = store_rp_group_find(req->tenant, who.account_id, name, &group_id);
    if (rc == RM_OK) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_GROUP_NAME_EXISTS);
        return;
    }
    if (rc == RM_ENOTFOUND)
        rc = store_rp_group_insert(req->tenant, who.account_id, name, &group_id);
    if (rc == RM_OK)
        rc = move_into_group(req, &who, names, count, group_id);
    if (rc == RM_ENOTFOUND) /* the group is rolled back with the rest of the transaction */
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_COMPUTER_NAMES_MISSING);
    else if (rc != RM_OK)
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
    else
        rp_reply_success(req, res);
}

void rp_ent_group_move(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    if (!body)
        return;
    struct rp_errors errors = { 0 };
    const char *name = read_group_name(req, body, &errors);
    const char **names = NULL;
    size_t count = 0;
    if (rp_field_strings(req, body, "computer_names", &names, &count) != RP_FIELD_OK || !count)
        rp_errors_add(&errors, RP_MSG_COMPUTER_NAMES_MISSING);
    if (errors.count) {
        rp_reply_errors(req, res, RP_API_ENTERPRISE, &errors);
        return;
    }
    int64_t group_id;
    int rc = store_rp_group_find(req->tenant, who.account_id, name, &group_id);
    if (rc == RM_ENOTFOUND) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_GROUP_NAME_UNKNOWN);
        return;
    }
    if (rc == RM_OK)
        rc = move_into_group(req, &who, names, count, group_id);
    if (rc == RM_ENOTFOUND)
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_COMPUTER_NAMES_MISSING);
    else if (rc != RM_OK)
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
    else
        rp_reply_success(req, res);
}

#define REMOVE_LIMIT 50

void rp_ent_computer_remove(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    if (!body)
        return;
    const char **names = NULL;
    size_t count = 0;
    enum rp_field f = rp_field_strings(req, body, "computer_names", &names, &count);
    const cJSON *raw = cJSON_GetObjectItemCaseSensitive(body, "computer_names");
    /* F-RP-043: the cap counts distinct names; a list too long to read is over it too. */
    if ((f == RP_FIELD_OK && count > REMOVE_LIMIT) ||
        (f == RP_FIELD_BAD && cJSON_GetArraySize(raw) > RP_MAX_ARRAY)) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_EXCEEDED_COMPUTERS_LIMIT);
        return;
    }
    if (f != RP_FIELD_OK || !count) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_COMPUTER_NAMES_MISSING);
        return;
    }
    int64_t *ids;
    bool *online;
    int rc = find_computers(req, &who, names, count, &ids, &online);
    if (rc == RM_ENOTFOUND) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_COMPUTERS_NOT_FOUND);
        return;
    }
    /* F-RP-044: only offline computers are removed; online ones stay, and the reply (which
     * has no per-computer status) is still SUCCESS. */
    for (size_t i = 0; rc == RM_OK && i < count; i++)
        if (!online[i])
            rc = store_rp_computer_delete(req->tenant, ids[i]);
    if (rc != RM_OK) {
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
        return;
    }
    rp_reply_success(req, res);
}

void rp_ent_computer_comment(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    if (!body)
        return;
    struct rp_errors errors = { 0 };
    const char *name = NULL, *comment = NULL;
    enum rp_field f = rp_field_string(req, body, "computer_name", &name);
    if (f != RP_FIELD_OK || rp_blank(name))
        rp_errors_add(&errors, RP_MSG_COMPUTER_NAME_BLANK);
    /* F-RP-045: the comment is not trimmed; its length counts characters (code points). */
    f = rp_field_string(req, body, "comment_desc", &comment);
    if (f == RP_FIELD_ABSENT || (f == RP_FIELD_OK && !*comment))
        rp_errors_add(&errors, RP_MSG_COMMENTS_BLANK);
    else if (f == RP_FIELD_BAD || rm_utf8_length(comment) < 6 || rm_utf8_length(comment) > 250)
        rp_errors_add(&errors, RP_MSG_COMMENTS_LENGTH);
    if (errors.count) {
        rp_reply_errors(req, res, RP_API_ENTERPRISE, &errors);
        return;
    }
    struct store_rp_computer c;
    int rc = store_rp_computer_find(req->tenant, &req->arena, who.account_id, name, &c);
    if (rc == RM_ENOTFOUND) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_COMPUTER_NOT_FOUND);
        return;
    }
    if (rc == RM_OK)
        rc = store_rp_computer_set_comments(req->tenant, c.id, comment);
    if (rc != RM_OK) {
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
        return;
    }
    rp_reply_success(req, res);
}

/* One device, fields in the seed's order. */
static int add_device(void *ctx, const struct store_rp_computer *c)
{
    struct http_jw *w = ctx;
    http_jw_object(w);
    http_jw_key(w, "machine_id");
    http_jw_string(w, c->machine_id);
    http_jw_key(w, "host_name");
    http_jw_string(w, c->host_name);
    http_jw_key(w, "host_os_version");
    http_jw_string(w, c->host_os_version);
    http_jw_key(w, "host_ip");
    http_jw_string(w, c->host_ip);
    /* F-RP-025: a computer never connected to has an empty last-session time. */
    http_jw_key(w, "viewer_last_session_time");
    http_jw_string(w, c->last_session ? c->last_session : "");
    http_jw_key(w, "comments");
    http_jw_string(w, c->comments);
    http_jw_key(w, "host_os_text");
    http_jw_string(w, c->host_os_text);
    http_jw_key(w, "host_status_text");
    http_jw_string(w, c->online ? "Online" : "Offline");
    http_jw_object_end(w);
    return 0;
}

/* {"devices": [...], "pagination": {...}} of the account's computers, or a user's, written
 * straight from the rows (the list is the hot path of RemotePC clients). */
static void device_list(struct http_req *req, struct http_res *res, const struct rp_caller *who,
                        const struct rp_page *page, int64_t user_id)
{
    int64_t total;
    int rc = store_rp_computer_count(req->tenant, who->account_id, user_id, &total);
    struct http_jw w;
    rp_ok_begin(&w, req);
    http_jw_object(&w);
    http_jw_key(&w, "devices");
    http_jw_array(&w);
    if (rc == RM_OK)
        rc = store_rp_computer_page(req->tenant, &req->arena, who->account_id, user_id,
                                    page->per_page, (page->index - 1) * page->per_page,
                                    add_device, &w);
    http_jw_array_end(&w);
    rp_page_write(&w, page, rc == RM_OK ? total : 0);
    http_jw_object_end(&w);
    if (rc != RM_OK) {
        http_jw_discard(&w);
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
        return;
    }
    rp_ok_finish(&w, res, RP_API_ENTERPRISE);
}

void rp_ent_computer_list(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    struct rp_page page;
    if (body && rp_page_read(req, res, body, &page) == 0)
        device_list(req, res, &who, &page, 0);
}

void rp_ent_computer_list_user(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    struct rp_page page;
    if (!body || rp_page_read(req, res, body, &page) != 0)
        return;
    /* The path segment arrives percent-decoded, with '+' kept as '+' (F-RP-026). */
    const char *username = req->path_params[0];
    struct store_rp_user user;
    int rc = store_rp_user_find(req->tenant, &req->arena, who.account_id, username, &user);
    if (rc == RM_ENOTFOUND || (rc == RM_OK && !user.active))
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_INVALID_USERNAME);
    else if (rc != RM_OK)
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
    else
        device_list(req, res, &who, &page, user.id);
}

/* F-RP-050: connect URLs are served by rmmsim, valid for this long. */
#define LINK_LIFETIME_MS (5 * 60 * 1000)

void rp_ent_connect_url(struct http_req *req, struct http_res *res)
{
    struct rp_caller who;
    const cJSON *body = rp_ent_enter(req, res, &who);
    if (!body)
        return;
    struct rp_errors errors = { 0 };
    const char *machine_id = NULL, *username = NULL;
    if (rp_field_string(req, body, "machine_id", &machine_id) != RP_FIELD_OK ||
        rp_blank(machine_id))
        rp_errors_add(&errors, RP_MSG_INVALID_MACHINE_ID);
    if (rp_field_string(req, body, "username", &username) != RP_FIELD_OK || rp_blank(username))
        rp_errors_add(&errors, RP_MSG_INVALID_USERNAME);
    if (errors.count) {
        rp_reply_errors(req, res, RP_API_ENTERPRISE, &errors);
        return;
    }
    struct store_rp_computer c;
    struct store_rp_user u;
    int rc = store_rp_computer_find_machine(req->tenant, &req->arena, who.account_id, machine_id,
                                            &c);
    if (rc == RM_ENOTFOUND) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_INVALID_MACHINE_ID);
        return;
    }
    if (rc == RM_OK)
        rc = store_rp_user_find(req->tenant, &req->arena, who.account_id, username, &u);
    if (rc == RM_ENOTFOUND || (rc == RM_OK && !u.active)) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_INVALID_USERNAME);
        return;
    }
    if (rc == RM_OK && (rc = store_rp_is_assigned(req->tenant, u.id, c.id)) == RM_ENOTFOUND) {
        rp_reply_error(req, res, RP_API_ENTERPRISE, 400, RP_MSG_INVALID_MACHINE_OR_USER);
        return;
    }
    char token[33];
    if (rc == RM_OK)
        rc = rm_random_hex(token, 16);
    if (rc == RM_OK)
        rc = store_rp_link_insert(req->tenant, token, false, u.username, c.machine_id,
                                  rm_clock_now_ms() + LINK_LIFETIME_MS);
    const char *url = rc == RM_OK ? rm_arena_printf(&req->arena,
                                                    "%s/rpcnew/viewer/redirect/msp/connect/process/%s",
                                                    rp_link_base(req), token)
                                  : NULL;
    if (!url) {
        rp_reply_internal(req, res, RP_API_ENTERPRISE);
        return;
    }
    rp_reply_ok(req, res, cJSON_CreateString(url));
}
