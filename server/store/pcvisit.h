/*
 * pcvisit data access (schema/pcvisit.sql): companies and their imprint, users, token
 * pairs, session protocols and their comments, and the "pcvisit" fixture section loader.
 * Every function works on a tenant the caller has locked and returns 0 or a negative RM_E*
 * code (RM_ENOTFOUND when nothing matches). Strings handed out are copied into the arena.
 */
#ifndef RMMSIM_STORE_PCVISIT_H
#define RMMSIM_STORE_PCVISIT_H

#include "store/store.h"

struct store_pcv_company {
    int64_t id;
    const char *customer_uuid, *company_id; /* company_id NULL when the company has none */
    const char *company_name, *email, *phone, *picture, *vat_id;
    const char *street, *zip_code, *city, *country; /* NULL when unknown */
    bool is_picture_fallback;
    int64_t reporting_active_since;
    bool batch_loading;
};

struct store_pcv_user {
    int64_t id;
    const char *auth0_id, *email, *first_name, *last_name, *phone, *picture;
    bool is_picture_fallback, email_verified, team_account;
    int64_t created;
    bool has_last_login, has_last_password_reset;
    int64_t last_login, last_password_reset;
};

/* A token pair and whom it stands for. */
struct store_pcv_pair {
    int64_t id;
    int64_t budget_per_minute;
    int64_t user_id;
    const char *auth0_id, *email, *customer_uuid;
};

/* The fixture section "pcvisit" (absent: nothing to load). */
extern const struct store_section store_pcv_section;

int store_pcv_pair_find(struct store_tenant *t, struct rm_arena *a, const char *integrator_token,
                        const char *user_token, struct store_pcv_pair *out);
/* The route a created tenant's JWTs carry (F-CTL-005), or *route NULL (the default tenant). */
int store_pcv_jwt_route(struct store_tenant *t, struct rm_arena *a, const char **route);
/* The pair's budget; RM_ENOTFOUND when the pair is gone (a reset since the JWT). */
int store_pcv_pair_budget(struct store_tenant *t, int64_t pair_id, int64_t *budget);

/* The company whose customer uuid is key, or (when by_company_id) whose company id is. */
int store_pcv_company_find(struct store_tenant *t, struct rm_arena *a, const char *key,
                           bool by_company_id, struct store_pcv_company *out);

int store_pcv_user_by_auth0(struct store_tenant *t, struct rm_arena *a, const char *auth0_id,
                            struct store_pcv_user *out);
/* E-mail compared case-insensitively. */
int store_pcv_user_by_email(struct store_tenant *t, struct rm_arena *a, const char *email,
                            struct store_pcv_user *out);
/* The customer uuids of the user's companies (in_charge: those it is in charge of), as a
 * NULL-terminated arena array. */
int store_pcv_user_companies(struct store_tenant *t, struct rm_arena *a, int64_t user_id,
                             bool in_charge, const char ***uuids_out, size_t *n_out);
/* RM_OK when the user (by Auth0 id) belongs to, or is in charge of, the company. */
int store_pcv_user_sees_company(struct store_tenant *t, const char *auth0_id,
                                const char *customer_uuid);
/* RM_OK when the two users (Auth0 ids) share a company. */
int store_pcv_users_share_company(struct store_tenant *t, const char *auth0_a, const char *auth0_b);

/* Calls fn for every session protocol, newest first (then by id): its company's customer
 * uuid and its SessionProtocol JSON text (SQLite's strings, valid during the call). Return
 * non-zero from fn to stop. */
typedef int (*store_pcv_session_fn)(void *ctx, const char *customer_uuid, const char *doc,
                                    size_t len);
int store_pcv_sessions(struct store_tenant *t, store_pcv_session_fn fn, void *ctx);

/* Calls fn for each comment of the session (by SessionProtocol.id), oldest first. */
typedef int (*store_pcv_comment_fn)(void *ctx, int64_t created_at, const char *author,
                                    const char *text);
int store_pcv_comments(struct store_tenant *t, const char *session_uuid, store_pcv_comment_fn fn,
                       void *ctx);

#endif
