/*
 * Internals shared by the files of apis/pcvisit/: the per-request context resolvers get,
 * Failure values, authentication, the session-history pipeline and the export documents.
 */
#ifndef RMMSIM_PCV_INT_H
#define RMMSIM_PCV_INT_H

#include "apis/pcvisit/pcvisit.h"
#include "graphql/gql.h"
#include "store/pcvisit.h"

#include <cjson/cJSON.h>
#include <pthread.h>

/* Who called: the claims of a valid JWT (strings in the request arena). */
struct pcv__caller {
    const char *sub;           /* the user's Auth0 id */
    const char *customer_uuid; /* the company the token pair stands for */
    const char *email;
    int64_t pair_id; /* the token pair, for the rate limit */
};

/* What every resolver of one request shares (gql_http_endpoint.context). */
struct pcv__ctx {
    struct http_req *req;
    struct store_tenant *tenant;
    const struct gql_schema *schema;
    bool locked;              /* the tenant is locked, in a read transaction */
    uint64_t generation;      /* the tenant's data generation, read under the lock */
    bool auth_checked;        /* the Authorization header was looked at */
    bool authenticated;       /* ... and held a valid JWT: caller is set */
    const char *auth_error;   /* else the ErrorIDs value (AccessDenied, TokenExpired) */
    const char *auth_comment; /* ... and its comment_for_dev */
    struct pcv__caller caller;
    const char *fault_error;   /* fault injection: every root field answers this ErrorIDs */
    const char *fault_comment; /* ... with this comment_for_dev (F-CTL-033) */
};

/* api.c */
/* A Failure value for the execution: {"__typename":"Failure","error","comment_for_dev",
 * "comment_for_user"} (comment may be NULL). NULL when memory ran out. */
const cJSON *pcv__failure(const struct gql_resolve_info *info, const char *error,
                          const char *comment);
/* A new object of the GraphQL type typename ({"__typename": typename}, which the union
 * results are resolved by); NULL when memory ran out. */
cJSON *pcv__object(const char *typename);
/* Hands obj (taken) to the execution; returns it, or NULL when memory ran out. */
const cJSON *pcv__keep(const struct gql_resolve_info *info, cJSON *obj);
/* The failure a resolver returns when the store failed. */
const cJSON *pcv__internal(const struct gql_resolve_info *info);

/* Locks the tenant and begins a read transaction, if not done yet: RM_OK or RM_EDB. Resolvers
 * hold it only for their database work, so execution runs in parallel (F-PCV-081). */
int pcv__lock(struct pcv__ctx *ctx);
/* Ends the transaction and unlocks; a no-op when not locked. */
void pcv__unlock(struct pcv__ctx *ctx);

/* auth.c */
/* The caller of a field that needs a JWT, after the rate limit took one unit; NULL with
 * *failure set (AccessDenied, TokenExpired, TimeOut) otherwise. */
const struct pcv__caller *pcv__authorize(const struct gql_resolve_info *info,
                                         const cJSON **failure);
/* The claim of a created tenant's JWTs that routes them to it (F-CTL-005). */
#define PCV__ROUTE_CLAIM "rmmsimTenant"
/* The bytes base64url (padding optional) text[0..len) stands for, NUL-terminated (arena);
 * NULL when it is not base64url or memory ran out. */
char *pcv__base64url_decode(struct rm_arena *a, const char *text, size_t len);
/* base64url without padding of in[0..len) (request arena); NULL when memory ran out. */
char *pcv__base64url(struct rm_arena *a, const unsigned char *in, size_t len);
const cJSON *pcv__si_retrieve_signed_jwt(const struct gql_resolve_info *info);
const cJSON *pcv__si_retrieve_signed_token_payload(const struct gql_resolve_info *info);

/* ratelimit.c */
/* Takes one unit of the tenant's pair's budget for the current minute of rmmsim's clock: 0,
 * or the seconds until the budget refills when it is used up (F-PCV-077). */
int pcv__ratelimit_take(const struct store_tenant *tenant, int64_t pair_id, int64_t budget);

/* company.c */
const cJSON *pcv__ca_retrieve_public_company_data(const struct gql_resolve_info *info);
const cJSON *pcv__si_find_user_by_mail(const struct gql_resolve_info *info);

/* cache.c: the parsed protocols of a tenant, and selections made over them, per data
 * generation (F-PCV-082). */

#define PCV__MEMO_MAX 16 /* selections remembered per list */

/* One session protocol, parsed. */
struct pcv__rec {
    const cJSON *doc;    /* the SessionProtocol */
    const char *company; /* sessionCompanyUuid */
    double created;      /* sessionCreatedAt */
    char *haystack;      /* the searched fields, lower-case, joined by \x1f (F-PCV-064) */
};

/* A selection made before: its arguments (JSON text) and the records it chose, in order. */
struct pcv__memo {
    char *key;      /* malloc; NULL: a free slot */
    uint32_t *rows; /* malloc; indexes into the list's recs */
    size_t n;
    uint64_t used; /* memo_clock when last used */
};

/* A tenant's protocols at one data generation; immutable but for memos (under memo_lock). */
struct pcv__list {
    char tenant[STORE_TENANT_ID_MAX];
    uint64_t generation; /* store_tenant_generation it was read at */
    int refs;            /* the table's reference plus one per request using it */
    cJSON *root;         /* an array of every protocol, newest first */
    struct pcv__rec *recs;
    size_t n;
    pthread_mutex_t memo_lock;             /* guards memos and memo_clock */
    struct pcv__memo memos[PCV__MEMO_MAX]; /* recent selections over this data */
    uint64_t memo_clock;                   /* stamps for least-recently-used replacement */
};

/* The tenant's protocols at the data generation ctx read under its lock (which the caller
 * holds); released when the request ends. NULL when they could not be read. */
struct pcv__list *pcv__list_acquire(struct pcv__ctx *ctx);
/* The child of object o called name[0..len) (not NUL-terminated), or NULL. */
const cJSON *pcv__json_child(const cJSON *o, const char *name, size_t len);
/* The value at "x.y.z" under o, or NULL. */
const cJSON *pcv__json_path(const cJSON *o, const char *path);
/* What a selection depends on besides the data (every argument but pagination and export
 * options) as JSON text (arena); NULL when memory ran out. */
const char *pcv__memo_key(const cJSON *args, struct rm_arena *a);
/* The rows (arena) of a selection remembered under key; false when there is none. */
bool pcv__memo_get(struct pcv__list *l, const char *key, struct rm_arena *a,
                   struct pcv__rec ***rows, size_t *n);
/* Remembers rows[0..n) of l under key (nothing when memory runs out). */
void pcv__memo_put(struct pcv__list *l, const char *key, struct pcv__rec *const *rows, size_t n);

/* sessions.c */
const cJSON *pcv__ac_query_sessions_history(const struct gql_resolve_info *info);
const cJSON *pcv__ac_export_sessions_history(const struct gql_resolve_info *info);

/* downloads.c */
/* Keeps a document rendered at generated_ms (data taken: malloc'd, freed on every path) for
 * the tenant and returns its file name "<id>.<ext>" (arena), or NULL. */
const char *pcv__download_put(struct rm_arena *a, const char *tenant_id, int format, char *data,
                              size_t len, int64_t generated_ms);
void pcv__download_serve(struct http_req *req, struct http_res *res);

#endif
