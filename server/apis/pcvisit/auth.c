/*
 * Authentication (reference/pcvisit.md 1.4, "Authentication"): SiRetrieveSignedJwt turns a
 * token pair into an HS256 JWT, every other query field needs it as a Bearer token, and
 * SiRetrieveSignedTokenPayload signs a user's claims. Times come from rmmsim's clock.
 */
#include "apis/pcvisit/pcv_int.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* F-PCV-061: the fake's signing key and claims; fixed, so a test may verify a token. */
static const char jwt_secret[] = "rmmsim-pcvisit-hs256-test-secret";
#define JWT_LIFETIME_S 3600
#define JWT_ISSUER "rmmsim-pcvisit"
#define JWT_AUDIENCE "pcvisit-graphql"
#define EXP_MIN 0                         /* 1970-01-01T00:00:00Z */
#define EXP_MAX (RM_TIME_MAX_MS / 1000) /* 9999-12-31T23:59:59Z */
/* base64url of {"alg":"HS256","typ":"JWT"}: the only header rmmsim signs or accepts. */
static const char jwt_header[] = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9";

char *pcv__base64url(struct rm_arena *a, const unsigned char *in, size_t len)
{
    char *out = rm_arena_alloc(a, (len + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    rm_base64_encode(in, len, out);
    size_t n = 0;
    for (char *p = out; *p && *p != '='; p++, n++)
        *p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
    out[n] = '\0';
    return out;
}

/* Decodes base64url text[0..len) into a NUL-terminated arena string; NULL when malformed. */
char *pcv__base64url_decode(struct rm_arena *a, const char *text, size_t len)
{
    if (len % 4 == 1 || strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789-_") < len)
        return NULL;
    char *std = rm_arena_alloc(a, len + 4);
    unsigned char *out = rm_arena_alloc(a, len * 3 / 4 + 4);
    if (!std || !out)
        return NULL;
    size_t n = 0;
    for (; n < len; n++)
        std[n] = text[n] == '-' ? '+' : text[n] == '_' ? '/' : text[n];
    while (n % 4)
        std[n++] = '=';
    size_t out_len = 0;
    if (rm_base64_decode(std, n, out, &out_len) != RM_OK)
        return NULL;
    out[out_len] = '\0';
    return memchr(out, '\0', out_len) ? NULL : (char *)out;
}

/* base64url(HMAC-SHA256(secret, data)), arena. */
static char *sign(struct rm_arena *a, const char *data, size_t len)
{
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_len = 0;
    if (!HMAC(EVP_sha256(), jwt_secret, (int)strlen(jwt_secret), (const unsigned char *)data, len,
              mac, &mac_len))
        return NULL;
    return pcv__base64url(a, mac, mac_len);
}

/* header.payload.signature for the claims (borrowed); arena, NULL when memory ran out. */
static char *jwt_make(struct rm_arena *a, const cJSON *claims)
{
    char *json = cJSON_PrintUnformatted(claims);
    if (!json)
        return NULL;
    char *payload = pcv__base64url(a, (const unsigned char *)json, strlen(json));
    cJSON_free(json);
    char *unsigned_part = payload ? rm_arena_printf(a, "%s.%s", jwt_header, payload) : NULL;
    char *sig = unsigned_part ? sign(a, unsigned_part, strlen(unsigned_part)) : NULL;
    return sig ? rm_arena_printf(a, "%s.%s", unsigned_part, sig) : NULL;
}

static const char *claim_string(const cJSON *claims, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(claims, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void deny(struct pcv__ctx *ctx, const char *error, const char *comment)
{
    ctx->auth_error = error;
    ctx->auth_comment = comment;
}

/* F-PCV-060: `Authorization: Bearer <JWT>`, the scheme in any case. Sets ctx->caller or the
 * reason it is refused. */
static void authenticate(struct pcv__ctx *ctx)
{
    struct rm_arena *a = &ctx->req->arena;
    const char *h = http_req_header(ctx->req, "Authorization");
    ctx->auth_checked = true;
    if (!h) {
        deny(ctx, "AccessDenied",
             "missing header Authorization: Bearer <JWT> "
             "(get a JWT with SiRetrieveSignedJwt)");
        return;
    }
    while (*h == ' ')
        h++;
    if (strncasecmp(h, "Bearer ", 7) != 0) {
        deny(ctx, "AccessDenied", "the Authorization header must be Bearer <JWT>");
        return;
    }
    const char *token = h + 7;
    while (*token == ' ')
        token++;
    size_t len = strcspn(token, " \t");
    const char *dot1 = memchr(token, '.', len);
    const char *dot2 = dot1 ? memchr(dot1 + 1, '.', (size_t)(token + len - dot1 - 1)) : NULL;
    if (!dot2 || memchr(dot2 + 1, '.', (size_t)(token + len - dot2 - 1)) ||
        (size_t)(dot1 - token) != strlen(jwt_header) ||
        memcmp(token, jwt_header, strlen(jwt_header)) != 0) {
        deny(ctx, "AccessDenied", "the bearer token is not a JWT rmmsim issued");
        return;
    }
    char *expected = sign(a, token, (size_t)(dot2 - token));
    size_t sig_len = (size_t)(token + len - dot2 - 1);
    if (!expected || strlen(expected) != sig_len || CRYPTO_memcmp(expected, dot2 + 1, sig_len)) {
        deny(ctx, "AccessDenied", "the JWT's signature does not verify");
        return;
    }
    char *payload = pcv__base64url_decode(a, dot1 + 1, (size_t)(dot2 - dot1 - 1));
    cJSON *claims = payload ? cJSON_Parse(payload) : NULL;
    if (claims && rm_arena_defer(a, (void (*)(void *))cJSON_Delete, claims) != RM_OK)
        claims = NULL;
    const cJSON *exp = cJSON_GetObjectItemCaseSensitive(claims, "exp");
    const cJSON *pair = cJSON_GetObjectItemCaseSensitive(claims, "pair");
    const char *sub = claim_string(claims, "sub");
    const char *cuuid = claim_string(claims, "customerUuid");
    /* Signed with a key anyone can read, so claims are checked as hostile input: whole
     * numbers only, and an exp from 1970 to the last second of year 9999. */
    int64_t exp_s, pair_id;
    if (!cJSON_IsNumber(exp) || !rm_double_to_int64(exp->valuedouble, &exp_s) ||
        exp_s < EXP_MIN || exp_s > EXP_MAX || !cJSON_IsNumber(pair) ||
        !rm_double_to_int64(pair->valuedouble, &pair_id) || !sub || !cuuid) {
        deny(ctx, "AccessDenied", "the JWT lacks the claims rmmsim issues");
        return;
    }
    /* F-PCV-061: expired from the second exp names on (RFC 7519 4.1.4). */
    if (rm_clock_now_ms() / 1000 >= exp_s) {
        char when[32];
        rm_clock_format_iso(exp_s * 1000, when);
        deny(ctx, "TokenExpired",
             rm_arena_printf(a, "the JWT expired at %s; get a new one with SiRetrieveSignedJwt",
                             when));
        return;
    }
    ctx->caller = (struct pcv__caller){.sub = sub,
                                       .customer_uuid = cuuid,
                                       .email = claim_string(claims, "email"),
                                       .pair_id = pair_id};
    ctx->authenticated = true;
}

/* F-PCV-077: one unit of the pair's budget per call; TimeOut with Retry-After when spent. */
static const cJSON *take_budget(const struct gql_resolve_info *info, int64_t pair_id,
                                int64_t budget)
{
    struct pcv__ctx *ctx = info->context;
    int retry = pcv__ratelimit_take(ctx->tenant, pair_id, budget);
    if (retry <= 0)
        return NULL;
    return pcv__failure(info, "TimeOut",
                        rm_arena_printf(&ctx->req->arena, "Retry-After: %d", retry));
}

const struct pcv__caller *pcv__authorize(const struct gql_resolve_info *info, const cJSON **failure)
{
    struct pcv__ctx *ctx = info->context;
    if (!ctx->auth_checked)
        authenticate(ctx);
    if (!ctx->authenticated) {
        *failure = pcv__failure(info, ctx->auth_error, ctx->auth_comment);
        return NULL;
    }
    int64_t budget = 0;
    int rc = store_pcv_pair_budget(ctx->tenant, ctx->caller.pair_id, &budget);
    if (rc == RM_ENOTFOUND) {
        *failure = pcv__failure(info, "AccessDenied",
                                "the JWT's token pair no longer exists (the tenant was reset)");
        return NULL;
    }
    if (rc != RM_OK) {
        *failure = pcv__internal(info);
        return NULL;
    }
    if ((*failure = take_budget(info, ctx->caller.pair_id, budget)))
        return NULL;
    return &ctx->caller;
}

static const char *arg_string(const struct gql_resolve_info *info, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(info->args, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

const cJSON *pcv__si_retrieve_signed_jwt(const struct gql_resolve_info *info)
{
    struct pcv__ctx *ctx = info->context;
    struct rm_arena *a = &ctx->req->arena;
    const char *integrator = arg_string(info, "integratorApiToken");
    const char *user = arg_string(info, "userApiToken");
    struct store_pcv_pair pair;
    int rc = integrator && user ? store_pcv_pair_find(ctx->tenant, a, integrator, user, &pair)
                                : RM_ENOTFOUND;
    /* F-PCV-062: a pair that is not a fixture's, either token wrong, is AccessDenied. */
    if (rc == RM_ENOTFOUND)
        return pcv__failure(info, "AccessDenied",
                            "no token pair matches integratorApiToken and userApiToken");
    if (rc != RM_OK)
        return pcv__internal(info);
    const cJSON *busy = take_budget(info, pair.id, pair.budget_per_minute);
    if (busy)
        return busy;
    int64_t now = rm_clock_now_ms() / 1000;
    cJSON *claims = cJSON_CreateObject();
    if (!claims || !cJSON_AddStringToObject(claims, "iss", JWT_ISSUER) ||
        !cJSON_AddStringToObject(claims, "sub", pair.auth0_id) ||
        !cJSON_AddStringToObject(claims, "aud", JWT_AUDIENCE) ||
        !cJSON_AddNumberToObject(claims, "iat", (double)now) ||
        !cJSON_AddNumberToObject(claims, "exp", (double)(now + JWT_LIFETIME_S)) ||
        !cJSON_AddStringToObject(claims, "customerUuid", pair.customer_uuid) ||
        !cJSON_AddStringToObject(claims, "email", pair.email) ||
        !cJSON_AddNumberToObject(claims, "pair", (double)pair.id)) {
        cJSON_Delete(claims);
        return NULL;
    }
    const char *route = NULL;
    if (store_pcv_jwt_route(ctx->tenant, a, &route) != RM_OK) {
        cJSON_Delete(claims);
        return pcv__internal(info);
    }
    if (route && !cJSON_AddStringToObject(claims, PCV__ROUTE_CLAIM, route)) {
        cJSON_Delete(claims);
        return NULL;
    }
    char *jwt = jwt_make(a, claims);
    cJSON_Delete(claims);
    cJSON *res = jwt ? pcv__object("SignedJwtWasRetrieved") : NULL;
    if (res && (!cJSON_AddStringToObject(res, "customerUuid", pair.customer_uuid) ||
                !cJSON_AddStringToObject(res, "token", jwt))) {
        cJSON_Delete(res);
        res = NULL;
    }
    return pcv__keep(info, res);
}

/* F-PCV-076: the user's claims as JSON (payload), its base64url (base64) and the HMAC of
 * that (signature), the parts a JWT is made of; for the caller and users of its companies. */
const cJSON *pcv__si_retrieve_signed_token_payload(const struct gql_resolve_info *info)
{
    const cJSON *failure;
    const struct pcv__caller *caller = pcv__authorize(info, &failure);
    if (!caller)
        return failure;
    struct pcv__ctx *ctx = info->context;
    struct rm_arena *a = &ctx->req->arena;
    const char *id = arg_string(info, "id");
    struct store_pcv_user u;
    int rc = id ? store_pcv_user_by_auth0(ctx->tenant, a, id, &u) : RM_ENOTFOUND;
    if (rc == RM_OK && strcmp(id, caller->sub) != 0)
        rc = store_pcv_users_share_company(ctx->tenant, caller->sub, id);
    if (rc == RM_ENOTFOUND)
        return pcv__failure(
            info, "NotFound",
            rm_arena_printf(a, "no user with id %s in the caller's companies", id ? id : ""));
    const char **companies = NULL;
    size_t n = 0;
    if (rc == RM_OK)
        rc = store_pcv_user_companies(ctx->tenant, a, u.id, false, &companies, &n);
    if (rc != RM_OK)
        return pcv__internal(info);
    cJSON *claims = cJSON_CreateObject();
    cJSON *ids = cJSON_CreateStringArray(companies, (int)n);
    char *json = NULL;
    if (claims && ids && cJSON_AddStringToObject(claims, "iss", JWT_ISSUER) &&
        cJSON_AddStringToObject(claims, "sub", u.auth0_id) &&
        cJSON_AddStringToObject(claims, "email", u.email) &&
        cJSON_AddItemToObject(claims, "companyIds", ids) &&
        cJSON_AddNumberToObject(claims, "iat", (double)(rm_clock_now_ms() / 1000))) {
        ids = NULL;
        json = cJSON_PrintUnformatted(claims);
    }
    cJSON_Delete(ids);
    cJSON_Delete(claims);
    if (!json)
        return NULL;
    char *payload = rm_arena_strdup(a, json);
    cJSON_free(json);
    char *b64 = payload ? pcv__base64url(a, (const unsigned char *)payload, strlen(payload)) : NULL;
    char *sig = b64 ? sign(a, b64, strlen(b64)) : NULL;
    cJSON *res = sig ? pcv__object("SignedTokenPayload") : NULL;
    if (res && (!cJSON_AddStringToObject(res, "base64", b64) ||
                !cJSON_AddStringToObject(res, "payload", payload) ||
                !cJSON_AddStringToObject(res, "signature", sig))) {
        cJSON_Delete(res);
        res = NULL;
    }
    return pcv__keep(info, res);
}
