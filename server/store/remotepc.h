/*
 * RemotePC data access (schema/remotepc.sql): accounts and keys, Enterprise users, groups,
 * computers and assignments, Reseller users, served links, and the fixture section loader.
 * Every function works on a tenant the caller has locked (inside the request transaction)
 * and returns 0 or a negative RM_E* code. Strings handed out are copied into the arena.
 */
#ifndef RMMSIM_STORE_REMOTEPC_H
#define RMMSIM_STORE_REMOTEPC_H

#include "store/store.h"

enum store_rp_kind { STORE_RP_ENTERPRISE, STORE_RP_RESELLER };

struct store_rp_key {
    int64_t account_id;
    enum store_rp_kind kind;
    bool owner;             /* false: a non-owner's key */
    bool plan_expired;
    bool sso_configured;
    const char *allowlist;  /* space-separated addresses, "" = everyone (arena) */
};

struct store_rp_user {
    int64_t id;
    const char *username, *firstname, *lastname; /* arena */
    bool active;                                 /* false: invited */
};

struct store_rp_computer {
    int64_t id;
    const char *machine_id, *host_name, *host_os_text, *host_os_version, *host_ip; /* arena */
    const char *last_session; /* NULL = never */
    const char *comments;
    bool online;
};

enum store_rp_ruser_state {
    STORE_RP_RUSER_ACTIVE,
    STORE_RP_RUSER_INVITED,
    STORE_RP_RUSER_CANCELLED,
    STORE_RP_RUSER_PARENT_SUSPENDED,
    STORE_RP_RUSER_IP_BLOCKED,
};

struct store_rp_ruser {
    int64_t id;
    const char *username;  /* arena */
    const char *password;  /* arena; NULL for invited users */
    enum store_rp_ruser_state state;
    int64_t alloted_computers;
    int64_t utilized_computers; /* computers assigned to an Enterprise user of that name */
    int64_t created_ms;
};

struct store_rp_link {
    bool signin;            /* false: a connect link */
    const char *username;   /* arena */
    const char *machine_id; /* arena; connect links */
    int64_t expires_ms;
    bool used;
};

/* Row callbacks of the list functions; return non-zero to stop. The page functions' rows
 * hold SQLite's own strings, valid only during the callback (no copy per column). */
typedef int (*store_rp_user_fn)(void *ctx, const struct store_rp_user *u);
typedef int (*store_rp_computer_fn)(void *ctx, const struct store_rp_computer *c);
typedef int (*store_rp_ruser_fn)(void *ctx, const struct store_rp_ruser *u);

/* The fixture section "remotepc" (and its absence: nothing to load). */
extern const struct store_section store_rp_section;

int store_rp_key_find(struct store_tenant *t, struct rm_arena *a, const char *key,
                      struct store_rp_key *out);

/* ---- Enterprise users ---- */
int store_rp_user_find(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                       const char *username, struct store_rp_user *out);
/* RM_OK when an Enterprise account other than account_id has a user of that name. */
int store_rp_user_find_elsewhere(struct store_tenant *t, int64_t account_id, const char *username);
int store_rp_user_insert(struct store_tenant *t, int64_t account_id, const char *username,
                         const char *firstname, const char *lastname, const char *password,
                         bool active, int status_2fa, int sso, int64_t created_ms);
int store_rp_user_delete(struct store_tenant *t, int64_t user_id);
int store_rp_user_count(struct store_tenant *t, int64_t account_id, int64_t *out);
int store_rp_user_page(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                       int64_t limit, int64_t offset, store_rp_user_fn fn, void *ctx);

/* ---- groups ---- */
int store_rp_group_find(struct store_tenant *t, int64_t account_id, const char *name,
                        int64_t *id_out);
int store_rp_group_insert(struct store_tenant *t, int64_t account_id, const char *name,
                          int64_t *id_out);

/* ---- computers ---- */
int store_rp_computer_find(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                           const char *host_name, struct store_rp_computer *out);
int store_rp_computer_find_machine(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                                   const char *machine_id, struct store_rp_computer *out);
/* user_id 0: all computers of the account; else those assigned to that user. */
int store_rp_computer_count(struct store_tenant *t, int64_t account_id, int64_t user_id,
                            int64_t *out);
int store_rp_computer_page(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                           int64_t user_id, int64_t limit, int64_t offset, store_rp_computer_fn fn,
                           void *ctx);
int store_rp_computer_set_comments(struct store_tenant *t, int64_t computer_id, const char *text);
int store_rp_computer_set_group(struct store_tenant *t, int64_t computer_id, int64_t group_id);
int store_rp_computer_delete(struct store_tenant *t, int64_t computer_id);
int store_rp_assign(struct store_tenant *t, int64_t user_id, int64_t computer_id);
int store_rp_unassign(struct store_tenant *t, int64_t user_id, int64_t computer_id);
/* RM_OK when assigned, RM_ENOTFOUND when not. */
int store_rp_is_assigned(struct store_tenant *t, int64_t user_id, int64_t computer_id);

/* ---- Reseller users ---- */
int store_rp_ruser_find(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                        const char *username, struct store_rp_ruser *out);
int store_rp_ruser_insert(struct store_tenant *t, int64_t account_id, const char *username,
                          const char *firstname, const char *lastname, const char *password,
                          int64_t alloted, bool active, int64_t created_ms);
int store_rp_ruser_list(struct store_tenant *t, struct rm_arena *a, int64_t account_id,
                        store_rp_ruser_fn fn, void *ctx);

/* ---- served links ---- */
int store_rp_link_insert(struct store_tenant *t, const char *token, bool signin,
                         const char *username, const char *machine_id, int64_t expires_ms);
int store_rp_link_find(struct store_tenant *t, struct rm_arena *a, const char *token,
                       struct store_rp_link *out);
int store_rp_link_mark_used(struct store_tenant *t, const char *token);

#endif
