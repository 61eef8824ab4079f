/*
 * The pcvisit endpoint: the schema of schema/pcvisit.graphql with its resolver table,
 * served by the GraphQL engine at /graphql, one read transaction per request; the domain
 * failures every resolver answers with (reference/pcvisit.md 1.4, "Errors").
 */
#include "apis/pcvisit/pcv_int.h"

#include "core/embed.h"
#include "graphql/gql_http.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

int pcv__lock(struct pcv__ctx *ctx)
{
    if (ctx->locked)
        return RM_OK;
    store_tenant_lock(ctx->tenant);
    ctx->generation = store_tenant_generation(ctx->tenant);
    if (store_begin(ctx->tenant, false) != RM_OK) {
        store_tenant_unlock(ctx->tenant);
        return RM_EDB;
    }
    ctx->locked = true;
    return RM_OK;
}

void pcv__unlock(struct pcv__ctx *ctx)
{
    if (!ctx->locked)
        return;
    store_rollback(ctx->tenant); /* a read: nothing to keep */
    store_tenant_unlock(ctx->tenant);
    ctx->locked = false;
}

/* Each resolver runs with the tenant locked, unless it lets go earlier itself. */
#define LOCKED(fn)                                                                                 \
    static const cJSON *locked_##fn(const struct gql_resolve_info *info)                           \
    {                                                                                              \
        struct pcv__ctx *ctx = info->context;                                                      \
        if (ctx->fault_error) /* F-CTL-033: before any database work */                            \
            return pcv__failure(info, ctx->fault_error, ctx->fault_comment);                       \
        if (pcv__lock(ctx) != RM_OK)                                                               \
            return pcv__internal(info);                                                            \
        const cJSON *v = fn(info);                                                                 \
        pcv__unlock(ctx);                                                                          \
        return v;                                                                                  \
    }
LOCKED(pcv__ac_export_sessions_history)
LOCKED(pcv__ac_query_sessions_history)
LOCKED(pcv__ca_retrieve_public_company_data)
LOCKED(pcv__si_find_user_by_mail)
LOCKED(pcv__si_retrieve_signed_jwt)
LOCKED(pcv__si_retrieve_signed_token_payload)

/* Every resolver of the API, keyed Type.field (STYLE.md 3). Fields without one read their
 * parent's property of that name. */
static const struct {
    const char *type, *field;
    gql_resolve_fn fn;
} pcv_resolvers[] = {
    {"Query", "AcExportSessionsHistory", locked_pcv__ac_export_sessions_history},
    {"Query", "AcQuerySessionsHistory", locked_pcv__ac_query_sessions_history},
    {"Query", "CaRetrievePublicCompanyData", locked_pcv__ca_retrieve_public_company_data},
    {"Query", "SiFindUserByMail", locked_pcv__si_find_user_by_mail},
    {"Query", "SiRetrieveSignedJwt", locked_pcv__si_retrieve_signed_jwt},
    {"Query", "SiRetrieveSignedTokenPayload", locked_pcv__si_retrieve_signed_token_payload},
};

/* The custom scalars that hold strings (F-PCV-078): ids, names, tokens, addresses. The
 * numbers (UnixTimeMs, DurationMs, Port) keep graphql-js's default of any value. */
static const char *const string_scalars[] = {
    "AssetUuid",
    "Auth0Uuid",
    "CompanyClientReferenceSign",
    "CompanyId",
    "CompanyIdOrCustomerUuid",
    "Cursor",
    "CustomerId",
    "CustomerUuid",
    "Description",
    "Domain",
    "Email",
    "EmailOrSpecialAccessGroups",
    "FilePath",
    "GroupName",
    "IP",
    "ImageURL",
    "IntegratorApiToken",
    "JWT",
    "Mac",
    "Name",
    "NoteId",
    "Password",
    "PhoneNumber",
    "ResourcePath",
    "Salt",
    "SerialNumber",
    "SessionName",
    "SessionUuid",
    "SubnetId",
    "TaskUuid",
    "Url",
    "UserApiToken",
    "UserIdentity",
    "VATID",
    "Version",
};

static struct gql_schema *schema;
static pthread_once_t schema_once = PTHREAD_ONCE_INIT;

/* Built once for the process; a failure is a bug of the embedded SDL (logged, then every
 * request gets a 500). */
static void build_schema(void)
{
    const struct rm_embedded_file *f = rm_embed_find("schema/pcvisit.graphql");
    char err[256] = "";
    struct gql_schema *s = f ? gql_schema_build(f->data, f->len, err, sizeof err) : NULL;
    int rc = s ? RM_OK : RM_EINVAL;
    for (size_t i = 0; rc == RM_OK && i < RM_ARRAY_LEN(pcv_resolvers); i++)
        rc = gql_schema_resolver(s, pcv_resolvers[i].type, pcv_resolvers[i].field,
                                 pcv_resolvers[i].fn);
    for (size_t i = 0; rc == RM_OK && i < RM_ARRAY_LEN(string_scalars); i++)
        rc = gql_schema_string_scalar(s, string_scalars[i]);
    if (rc != RM_OK) {
        rm_log(RM_LOG_ERROR, "pcvisit: the schema cannot be served: %s", err);
        gql_schema_free(s);
        return;
    }
    schema = s;
}

/* Serves a GraphQL request; with fault_error set, each root field resolves to that Failure
 * without touching the store. */
static void serve_as(struct http_req *req, struct http_res *res, const char *fault_error,
                     const char *fault_comment)
{
    pthread_once(&schema_once, build_schema);
    if (!schema) {
        gql_http_error(req, res, 500, "The pcvisit schema could not be built");
        return;
    }
    struct pcv__ctx ctx = {.req = req, .tenant = req->tenant, .schema = schema,
                           .fault_error = fault_error, .fault_comment = fault_comment};
    struct gql_http_endpoint ep = {.schema = schema, .context = &ctx};
    gql_http_serve(&ep, req, res);
    pcv__unlock(&ctx);
}

static void serve(struct http_req *req, struct http_res *res)
{
    serve_as(req, res, NULL, NULL);
}

/* ---- named errors for fault injection (GET /__admin/errors, F-CTL-033) ---- */

/* The values of the schema's ErrorIDs enum but NoError: the schema is the one source. */
static struct http_vendor_error fault_errors[64];
static size_t nfault_errors;
static pthread_once_t fault_errors_once = PTHREAD_ONCE_INIT;

static void build_fault_errors(void)
{
    pthread_once(&schema_once, build_schema);
    const struct gql_type *t = schema ? gql_schema_type(schema, "ErrorIDs", 8) : NULL;
    for (uint32_t i = 0; t && i < t->nvalues && nfault_errors < RM_ARRAY_LEN(fault_errors); i++)
        if (strcmp(t->values[i].name, "NoError") != 0)
            fault_errors[nfault_errors++] = (struct http_vendor_error){
                t->values[i].name, 200, (int)i, t->values[i].name};
}

static size_t vendor_errors(const struct http_vendor_error **out)
{
    pthread_once(&fault_errors_once, build_fault_errors);
    *out = fault_errors;
    return nfault_errors;
}

/* TimeOut and TryAgainLater tell when to retry, as the rate limit does (F-PCV-077). */
static void vendor_error_reply(struct http_req *req, struct http_res *res,
                               const struct http_vendor_error *e, const char *comment)
{
    if (!comment && (strcmp(e->name, "TimeOut") == 0 || strcmp(e->name, "TryAgainLater") == 0))
        comment = "Retry-After: 60";
    if (req->route && req->route->handler != serve) {
        /* An export download is no GraphQL reply: the failure has no Failure to be. */
        gql_http_error(req, res, 503, e->name);
        return;
    }
    serve_as(req, res, e->name, comment);
}

static const struct http_route pcv_routes[] = {
    /* Every method reaches the engine: it answers 405 and 406 as GraphQL over HTTP says. No
     * DB flag: the resolvers lock the tenant for their database work only (F-PCV-081). */
    {HTTP_ANY, "/graphql", serve, 0, NULL},
    {HTTP_GET | HTTP_HEAD, "/graphql/exports/{file}", pcv__download_serve, 0, NULL},
};

/* The route claim of a Bearer JWT (not verified here: the tenant it leads to verifies it). */
static const char *jwt_route(struct http_req *req)
{
    const char *h = http_req_header(req, "Authorization");
    while (h && *h == ' ')
        h++;
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return NULL;
    const char *token = h + 7 + strspn(h + 7, " ");
    const char *dot1 = strchr(token, '.');
    const char *dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
    char *payload =
        dot2 ? pcv__base64url_decode(&req->arena, dot1 + 1, (size_t)(dot2 - dot1 - 1)) : NULL;
    const cJSON *claims = payload ? http_req_own_json(req, cJSON_Parse(payload)) : NULL;
    const cJSON *route = cJSON_GetObjectItemCaseSensitive(claims, PCV__ROUTE_CLAIM);
    return cJSON_IsString(route) ? route->valuestring : NULL;
}

/* F-CTL-005: what may route a request to a created tenant when it names none: its JWT's
 * route claim, else the string values of the variables and the string literals of the query
 * (where SiRetrieveSignedJwt's tokens come), best first. */
static size_t tenant_keys(struct http_req *req, const char **keys, size_t max)
{
    size_t n = 0;
    const char *route = jwt_route(req);
    if (route && n < max)
        keys[n++] = route;
    const char *query = NULL;
    const cJSON *variables = NULL;
    int rc;
    if (req->method == HTTP_POST) {
        const cJSON *body = http_req_body_json(req);
        const cJSON *q = cJSON_GetObjectItemCaseSensitive(body, "query");
        query = cJSON_IsString(q) ? q->valuestring : NULL;
        variables = cJSON_GetObjectItemCaseSensitive(body, "variables");
    } else {
        const struct http_param *q = http_req_param(req, "query");
        const struct http_param *v = http_req_param(req, "variables");
        query = q ? q->value : NULL;
        variables = v ? http_req_parse_json(req, v->value, v->value_len, &rc) : NULL;
    }
    for (const cJSON *item = cJSON_IsObject(variables) ? variables->child : NULL;
         item && n < max; item = item->next)
        if (cJSON_IsString(item))
            keys[n++] = item->valuestring;
    /* Each literal ends at its closing quote, where the next search starts; a literal left
     * open ends the search at the query's end (and nothing past it is read). */
    for (const char *p = query ? strchr(query, '"') : NULL; p && n < max;
         p = *p ? strchr(p + 1, '"') : NULL) {
        size_t len = strcspn(p + 1, "\"\\\n");
        const char *key = p[1 + len] == '"' && len > 0 && len < STORE_CREDENTIAL_MAX
                              ? rm_arena_strndup(&req->arena, p + 1, len)
                              : NULL;
        if (key) /* NULL too when the arena is used up */
            keys[n++] = key;
        p += len + 1;
    }
    return n;
}

/* Appends the field names selected by sel to *out, comma-separated, each once: fields, and
 * the fields of inline fragments and fragment spreads (a few levels down). */
static void field_names(struct http_req *req, const struct gql_node *doc,
                        const struct gql_node *sel, int depth, char **out)
{
    for (uint32_t i = 0; sel && depth < 4 && *out && i < sel->items.count; i++) {
        const struct gql_node *n = sel->items.items[i];
        if (n->kind == GQL_KIND_FIELD) {
            if (!rm_list_has(*out, n->name.p, n->name.len))
                *out = **out ? rm_arena_printf(&req->arena, "%s,%.*s", *out, (int)n->name.len,
                                               n->name.p)
                             : rm_arena_strndup(&req->arena, n->name.p, n->name.len);
        } else if (n->kind == GQL_KIND_INLINE_FRAGMENT) {
            field_names(req, doc, n->selections, depth + 1, out);
        } else if (n->kind == GQL_KIND_FRAGMENT_SPREAD) {
            for (uint32_t k = 0; k < doc->items.count; k++) {
                const struct gql_node *d = doc->items.items[k];
                if (d->kind == GQL_KIND_FRAGMENT_DEFINITION && d->name.len == n->name.len &&
                    memcmp(d->name.p, n->name.p, n->name.len) == 0)
                    field_names(req, doc, d->selections, depth + 1, out);
            }
        }
    }
}

/* F-CTL-021: the journal's operation of a GraphQL request is the top-level field names of
 * the operation it selects (operationName, or the only one), parsed again from the query;
 * NULL (the route's pattern) when there is no query or it does not parse. */
static const char *operation(struct http_req *req)
{
    if (strcmp(req->route->pattern, "/graphql") != 0)
        return NULL;
    const char *query = NULL, *name = NULL;
    if (req->method == HTTP_POST) {
        const cJSON *body = http_req_body_json(req);
        const cJSON *q = cJSON_GetObjectItemCaseSensitive(body, "query");
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(body, "operationName");
        query = cJSON_IsString(q) ? q->valuestring : NULL;
        name = cJSON_IsString(o) && *o->valuestring ? o->valuestring : NULL;
    } else {
        const struct http_param *q = http_req_param(req, "query");
        const struct http_param *o = http_req_param(req, "operationName");
        query = q ? q->value : NULL;
        name = o && *o->value ? o->value : NULL;
    }
    if (!query)
        return NULL;
    const char *error;
    struct gql_location loc;
    struct gql_parse_options options = {.max_tokens = 20000, .max_depth = 64};
    const struct gql_node *doc =
        gql_parse(&req->arena, query, strlen(query), &options, &error, &loc);
    const struct gql_node *op = doc ? gql_operation(doc, name) : NULL;
    char *out = op ? rm_arena_strdup(&req->arena, "") : NULL;
    if (op)
        field_names(req, doc, op->selections, 0, &out);
    return out && *out ? out : NULL;
}

const struct http_api pcv_api = {
    .name = "pcvisit",
    .mount = "/graphql",
    .routes = pcv_routes,
    .nroutes = RM_ARRAY_LEN(pcv_routes),
    .error = gql_http_error,
    .tenant_keys = tenant_keys,
    .operation = operation,
    .vendor_errors = vendor_errors,
    .vendor_error_reply = vendor_error_reply,
};

cJSON *pcv__object(const char *typename)
{
    cJSON *o = cJSON_CreateObject();
    if (o && !cJSON_AddStringToObject(o, "__typename", typename)) {
        cJSON_Delete(o);
        o = NULL;
    }
    return o;
}

const cJSON *pcv__keep(const struct gql_resolve_info *info, cJSON *obj)
{
    if (!obj)
        return NULL;
    return gql_exec_keep(info->exec, obj);
}

/* F-PCV-079: domain failures are the result union's Failure at HTTP 200, with no GraphQL
 * error; comment_for_dev says what went wrong, comment_for_user stays null. */
const cJSON *pcv__failure(const struct gql_resolve_info *info, const char *error,
                          const char *comment)
{
    cJSON *f = pcv__object("Failure");
    if (f && (!cJSON_AddStringToObject(f, "error", error) ||
              !(comment ? cJSON_AddStringToObject(f, "comment_for_dev", comment)
                        : cJSON_AddNullToObject(f, "comment_for_dev")) ||
              !cJSON_AddNullToObject(f, "comment_for_user"))) {
        cJSON_Delete(f);
        f = NULL;
    }
    return pcv__keep(info, f);
}

const cJSON *pcv__internal(const struct gql_resolve_info *info)
{
    return pcv__failure(info, "InternalError", "the store failed; see rmmsim's log");
}
