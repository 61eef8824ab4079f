/*
 * /api-client.php: the real server's order of checks (reference/oco.md section 1), batches,
 * the API key, method dispatch and the reply (jsonrpc, id, then result or error).
 */
#include "apis/oco/oco_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    int code;
    const char *en, *de;
} errors[] = {
#define OCO_ERR_ROW(name, code, en, de) { code, en, de },
    OCO_ERRORS(OCO_ERR_ROW)
#undef OCO_ERR_ROW
};

const char *oco_err_text(enum oco_err err, bool german)
{
    return german ? errors[err - 1].de : errors[err - 1].en;
}

int oco_err_code(enum oco_err err)
{
    return errors[err - 1].code;
}

/* ---- the HTTP-level replies (no JSON), as PHP's header() calls make them ---- */

static void reply_status(struct http_res *res, int status, const char *reason, const char *body)
{
    res->reason = reason;
    /* PHP's default content type for everything that is not a JSON-RPC reply */
    http_res_set(res, status, "text/html; charset=UTF-8", body, body ? strlen(body) : 0);
}

/* ---- step 4: HTTP Basic authentication ---- */

/* 401 texts (English, German), reference/oco.md "Basic auth" (F-OCO-011). */
enum auth_fail { AUTH_EMPTY, AUTH_UNKNOWN, AUTH_LOCKED, AUTH_FAILED, AUTH_NO_API };
static const char *const auth_texts[][2] = {
    [AUTH_EMPTY] = { "The user name cannot be empty", "Der Benutzername darf nicht leer sein" },
    [AUTH_UNKNOWN] = { "User does not exist", "Benutzer existiert nicht" },
    [AUTH_LOCKED] = { "User locked", "Benutzer gesperrt" },
    [AUTH_FAILED] = { "Login failed", "Anmeldung fehlgeschlagen" },
    [AUTH_NO_API] = { "User is not allowed to login on the API",
                      "Es ist diesem Benutzer nicht gestattet, sich an der API anzumelden" },
};

/* user and password of "Authorization: Basic ..." (arena); false when absent or empty. */
static bool basic_credentials(struct http_req *req, const char **user, const char **password)
{
    const char *auth = http_req_header(req, "Authorization");
    if (!auth || strncasecmp(auth, "Basic ", 6) != 0)
        return false;
    const char *b64 = auth + 6;
    while (*b64 == ' ')
        b64++;
    size_t len = strlen(b64);
    char *decoded = rm_arena_alloc(&req->arena, len + 1);
    size_t n;
    if (!decoded || rm_base64_decode(b64, len, (unsigned char *)decoded, &n) != RM_OK)
        return false;
    decoded[n] = '\0';
    char *colon = strchr(decoded, ':');
    if (!colon)
        return false;
    *colon = '\0';
    *user = decoded;
    *password = colon + 1;
    return **user && **password; /* PHP: empty PHP_AUTH_USER or PHP_AUTH_PW */
}

/* Returns the user id, or -1 after writing the 401. */
static int64_t authenticate(struct http_req *req, struct http_res *res, bool german)
{
    const char *user = NULL, *password = NULL;
    struct store_oco_user u;
    enum auth_fail fail = AUTH_EMPTY;
    if (basic_credentials(req, &user, &password)) {
        int rc = store_oco_user_find(req->tenant, &req->arena, user, &u);
        if (rc == RM_EDB) {
            reply_status(res, 500, NULL, NULL);
            return -1;
        }
        /* Order as the real server: existence, lock, password, API permission. */
        if (rc == RM_ENOTFOUND)
            fail = AUTH_UNKNOWN;
        else if (u.locked)
            fail = AUTH_LOCKED;
        else if (!u.password || strcmp(u.password, password) != 0)
            fail = AUTH_FAILED;
        else if (!u.client_api)
            fail = AUTH_NO_API;
        else
            return u.id;
    }
    const char *body = rm_arena_printf(&req->arena, "HTTP Basic Auth: %s", auth_texts[fail][german]);
    reply_status(res, 401, "Client Not Authorized", body);
    return -1;
}

/* ---- step 7: the envelope of one request ---- */

/* PHP's loose "2.0" == $value (F-OCO-012): numeric strings and numbers compare as numbers,
 * true equals any non-empty string. */
static bool jsonrpc_ok(const cJSON *v)
{
    if (cJSON_IsString(v)) {
        char *end;
        double d = strtod(v->valuestring, &end);
        if (end != v->valuestring && !*end)
            return d == 2.0;
        return strcmp(v->valuestring, "2.0") == 0;
    }
    if (cJSON_IsNumber(v))
        return v->valuedouble == 2.0;
    return cJSON_IsTrue(v);
}

static bool envelope_ok(const cJSON *r)
{
    if (!cJSON_IsObject(r) || !r->child)
        return false;
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(r, "method");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(r, "id");
    return jsonrpc_ok(cJSON_GetObjectItemCaseSensitive(r, "jsonrpc")) && method &&
           !cJSON_IsNull(method) && id && !cJSON_IsNull(id);
}

/* ---- step 8: key and method ---- */

static const struct oco_method *const families[] = {
    oco_computer_methods, oco_package_methods, oco_job_methods, oco_report_methods,
};

static const struct oco_method *find_method(const char *name)
{
    for (size_t f = 0; f < RM_ARRAY_LEN(families); f++)
        for (const struct oco_method *m = families[f]; m->name; m++)
            if (strcmp(m->name, name) == 0)
                return m;
    return NULL;
}

/* The key: the setting, or the setup's literal when there is no row (OBSERVED); an empty
 * setting accepts anything; otherwise a strict string comparison (F-OCO-013). */
static enum oco_err check_key(struct oco_call *call, const cJSON *params)
{
    const char *key;
    int rc = store_oco_setting(call->tenant, &call->req->arena, "client-api-key", &key);
    if (rc == RM_ENOTFOUND)
        key = "<randomly-generated-by-setup>";
    else if (rc != RM_OK)
        return OCO_E_DATABASE_ERROR;
    if (!*key)
        return OCO_OK;
    const cJSON *given = cJSON_IsObject(params) ? cJSON_GetObjectItemCaseSensitive(params, "api_key")
                                                : NULL;
    const char *text = cJSON_IsString(given) ? given->valuestring : NULL;
    if (!given || cJSON_IsNull(given))
        text = ""; /* a missing key counts as the empty string */
    return text && strcmp(text, key) == 0 ? OCO_OK : OCO_E_PERMISSION_DENIED;
}

/* F-OCO-031: a PHP 7 server sent every database value as a string; only result data.
 * Each number node becomes a string node in place (it keeps its key and position). */
static void stringify_numbers(cJSON *v)
{
    for (cJSON *c = v->child; c; c = c->next) {
        if (cJSON_IsNumber(c)) {
            char num[RM_NUMBER_TEXT_MAX];
            rm_number_text(c->valuedouble, num);
            char *text = strdup(num); /* freed by cJSON_Delete (default hooks) */
            if (text) {
                c->type = cJSON_String;
                c->valuestring = text;
            }
        } else {
            stringify_numbers(c);
        }
    }
}

/* The parts joined into one arena string (vsnprintf's %s is slow for kilobytes of data). */
static char *concat(struct rm_arena *a, const char *const *parts, size_t n)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(parts[i]);
    char *out = rm_arena_alloc(a, len + 1), *p = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(parts[i]);
        memcpy(p, parts[i], l);
        p += l;
    }
    *p = '\0';
    return out;
}

/* The reply text of one request: {"jsonrpc":"2.0","id":ID,"result":{"success":true,
 * "data":DATA}} or {"jsonrpc":"2.0","id":ID,"error":{"code":N,"message":M,"data":null}}. */
static char *reply_text(struct http_req *req, const cJSON *request, enum oco_err err,
                        const char *data_text, const char *message)
{
    /* The id as PHP writes back what it decoded (F-OCO-032): {} comes back as []. */
    cJSON *id = http_req_own_json(req,
                                  oco_php_roundtrip(cJSON_GetObjectItemCaseSensitive(request, "id")));
    const char *id_text = id ? oco_json_encode(&req->arena, id) : NULL;
    if (!id_text)
        return NULL;
    if (err == OCO_OK) {
        const char *parts[] = { "{\"jsonrpc\":\"2.0\",\"id\":", id_text,
                                ",\"result\":{\"success\":true,\"data\":", data_text, "}}" };
        return concat(&req->arena, parts, RM_ARRAY_LEN(parts));
    }
    cJSON *e = http_req_own_json(req, cJSON_CreateObject());
    if (!e)
        return NULL;
    cJSON_AddNumberToObject(e, "code", oco_err_code(err));
    cJSON_AddStringToObject(e, "message", message);
    cJSON_AddNullToObject(e, "data");
    const char *error_text = oco_json_encode(&req->arena, e);
    const char *parts[] = { "{\"jsonrpc\":\"2.0\",\"id\":", id_text, ",\"error\":",
                            error_text ? error_text : "", "}" };
    return error_text ? concat(&req->arena, parts, RM_ARRAY_LEN(parts)) : NULL;
}

/* A pure method's identity: what it was asked, in which language and number style; not the
 * JSON-RPC id, which clients change with every call (F-CORE-008). */
static int call_key(struct oco_call *call, const struct oco_method *m, bool ids_as_strings,
                    struct http_cache_key *key)
{
    char *data = cJSON_PrintUnformatted(call->data);
    if (!data || rm_arena_defer(&call->req->arena, cJSON_free, data) != RM_OK)
        return RM_ENOMEM;
    const char *parts[] = { "oco", store_tenant_id(call->tenant), m->name,
                            call->german ? "de" : "en", ids_as_strings ? "s" : "n", data };
    return http_cache_key_parts(&call->req->arena, parts, RM_ARRAY_LEN(parts), key);
}

/* Runs one request in its own transaction; returns its reply text, or NULL with *fatal set
 * when the whole HTTP reply must be a 500. */
static char *run_one(struct http_req *req, const cJSON *request, int64_t user_id, bool german,
                     bool ids_as_strings, bool *fatal)
{
    const cJSON *params = cJSON_GetObjectItemCaseSensitive(request, "params");
    const cJSON *data = cJSON_IsObject(params) ? cJSON_GetObjectItemCaseSensitive(params, "data")
                                               : NULL;
    struct oco_call call = {
        .req = req,
        .tenant = req->tenant,
        .german = german,
        .user_id = user_id,
        .data = cJSON_IsObject(data) ? data : http_req_own_json(req, cJSON_CreateObject()),
    };
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(request, "method");
    const struct oco_method *m = NULL;
    const char *data_text = NULL;
    struct http_cache_key key = { 0 };
    uint64_t generation = store_tenant_generation(req->tenant); /* under the tenant lock */
    enum oco_err err = store_begin(req->tenant, true) == RM_OK ? check_key(&call, params)
                                                                : OCO_E_DATABASE_ERROR;
    if (err == OCO_OK) {
        m = cJSON_IsString(method) ? find_method(method->valuestring) : NULL;
        err = m ? OCO_OK : OCO_E_UNKNOWN_METHOD;
    }
    /* A pure method's data, as encoded for this same call before, while nothing changed. */
    struct http_res cached = { 0 };
    if (err == OCO_OK && m->pure && req->cache &&
        call_key(&call, m, ids_as_strings, &key) == RM_OK &&
        http_cache_get(req->cache, &key, generation, req, &cached))
        data_text = cached.body;
    if (err == OCO_OK && !data_text)
        err = m->fn(&call);
    /* F-OCO-014: a failed call leaves no partial writes (the real server has none to speak
     * of: its methods check before they write). */
    if (err == OCO_OK && store_commit(req->tenant) != RM_OK)
        err = OCO_E_DATABASE_ERROR;
    if (err != OCO_OK)
        store_rollback(req->tenant);
    if (err == OCO_FATAL) {
        cJSON_Delete(call.result);
        *fatal = true;
        return NULL;
    }
    if (err == OCO_OK && !data_text) {
        cJSON *result = http_req_own_json(req, call.result ? call.result : cJSON_CreateArray());
        if (result && ids_as_strings)
            stringify_numbers(result);
        data_text = result ? oco_json_encode(&req->arena, result) : NULL;
        if (!data_text)
            err = OCO_E_DATABASE_ERROR;
        else if (m->pure && req->cache && key.key) {
            struct http_res keep = { .status = 200, .body = data_text,
                                     .body_len = strlen(data_text) };
            http_cache_put(req->cache, &key, generation, &keep);
        }
    } else if (err != OCO_OK) {
        cJSON_Delete(call.result);
    }
    const char *message = err == OCO_E_SQL_ERROR && call.message ? call.message
                          : err == OCO_OK                      ? NULL
                                                               : oco_err_text(err, german);
    return reply_text(req, request, err, data_text, message);
}

/* PHP's empty(): what json_decode gave is falsy (F-OCO-015). */
static bool php_empty(const cJSON *v)
{
    return !v || !oco_truthy(v);
}

static bool api_enabled(struct http_req *req, int *rc)
{
    const char *enabled = "0";
    *rc = store_oco_setting(req->tenant, &req->arena, "client-api-enabled", &enabled);
    return enabled[0] && strcmp(enabled, "0") != 0;
}

static bool numbers_as_strings(struct http_req *req)
{
    const char *v;
    return store_oco_setting(req->tenant, &req->arena, "rmmsim-ids-as-strings", &v) == RM_OK &&
           v[0] && strcmp(v, "0") != 0;
}

/* Runs every request of the body (steps 6-8) with the tenant locked. */
static void serve(struct http_req *req, struct http_res *res, bool german)
{
    int rc;
    if (!api_enabled(req, &rc)) { /* step 1 */
        if (rc != RM_OK && rc != RM_ENOTFOUND)
            reply_status(res, 500, NULL, NULL);
        else
            reply_status(res, 405, "API Disabled", NULL);
        return;
    }
    /* step 3: exactly this Content-Type, case and all (F-OCO-016); step 2 (BREW) never
     * reaches rmmsim: civetweb refuses unknown methods (F-OCO-017). */
    const char *type = http_req_header(req, "Content-Type");
    if (!type || strcmp(type, "application/json") != 0) {
        reply_status(res, 400, "Content Type Mismatch", NULL);
        return;
    }
    int64_t user_id = authenticate(req, res, german); /* step 4 */
    if (user_id < 0)
        return;
    char now[20];
    oco_now(now);
    /* last_login is in no client-API reply: the write does not invalidate reused replies.
     * One statement is its own transaction; store_commit_quiet keeps the generation. */
    if (store_begin(req->tenant, true) != RM_OK ||
        store_oco_user_touch(req->tenant, user_id, now) != RM_OK ||
        store_commit_quiet(req->tenant) != RM_OK) {
        store_rollback(req->tenant);
        reply_status(res, 500, NULL, NULL);
        return;
    }
    /* step 5: invalid UTF-8 fails json_decode in PHP too */
    const cJSON *body = rm_utf8_valid(req->body, req->body_len) ? http_req_body_json(req) : NULL;
    if (php_empty(body)) {
        reply_status(res, 400, "Payload Corrupt", NULL);
        return;
    }
    if (!cJSON_IsObject(body) && !cJSON_IsArray(body)) { /* step 6: a scalar is a TypeError */
        reply_status(res, 500, NULL, NULL);
        return;
    }
    bool batch = cJSON_IsArray(body);
    bool ids_as_strings = numbers_as_strings(req);
    size_t n = batch ? (size_t)cJSON_GetArraySize(body) : 1, k = 0, total = 2;
    char **texts = rm_arena_calloc(&req->arena, n + 1, sizeof *texts);
    bool fatal = !texts;
    for (const cJSON *r = batch ? body->child : body; r && !fatal; r = batch ? r->next : NULL) {
        /* step 7: one bad element turns the whole reply into 400; those before it ran and
         * keep their effects (OBSERVED, F-OCO-018). */
        if (!envelope_ok(r)) {
            reply_status(res, 400, "Payload Corrupt", NULL);
            return;
        }
        char *text = run_one(req, r, user_id, german, ids_as_strings, &fatal);
        if (!text && !fatal)
            fatal = true; /* memory ran out */
        if (text) {
            texts[k++] = text;
            total += strlen(text) + 1;
        }
    }
    char *out = fatal ? NULL : rm_arena_alloc(&req->arena, total + 1);
    if (!out) {
        reply_status(res, 500, NULL, NULL);
        return;
    }
    /* A single request's reply alone; a batch's as an array in request order. */
    size_t len = 0;
    if (batch)
        out[len++] = '[';
    for (size_t i = 0; i < k; i++) {
        if (i)
            out[len++] = ',';
        size_t l = strlen(texts[i]);
        memcpy(out + len, texts[i], l);
        len += l;
    }
    if (batch)
        out[len++] = ']';
    out[len] = '\0';
    http_res_set(res, 200, "application/json", out, len);
}

static void api_client(struct http_req *req, struct http_res *res)
{
    /* The first two characters of Accept-Language name the language file (F-OCO-019). */
    const char *lang = http_req_header(req, "Accept-Language");
    bool german = lang && strncmp(lang, "de", 2) == 0;
    store_tenant_lock(req->tenant);
    serve(req, res, german);
    store_tenant_unlock(req->tenant);
}

static const struct http_route oco_routes[] = {
    /* Any method: the real server does not look at it (OBSERVED). */
    { HTTP_ANY, "/api-client.php", api_client, 0, NULL },
};

static void oco_error(struct http_req *req, struct http_res *res, int status, const char *message)
{
    (void)req;
    (void)message;
    reply_status(res, status, NULL, NULL);
}

/* F-CTL-003: params.api_key of each call (a batch may carry several) may be a created
 * tenant's own key. Asked only when the request names no tenant. */
static size_t tenant_keys(struct http_req *req, const char **keys, size_t max)
{
    const cJSON *body = http_req_body_json(req);
    bool batch = cJSON_IsArray(body);
    size_t n = 0;
    for (const cJSON *call = batch ? body->child : body; call && n < max;
         call = batch ? call->next : NULL) {
        const cJSON *params = cJSON_GetObjectItemCaseSensitive(call, "params");
        const cJSON *key = cJSON_GetObjectItemCaseSensitive(params, "api_key");
        if (cJSON_IsString(key))
            keys[n++] = key->valuestring;
    }
    return n;
}

/* F-CTL-021: the journal's operation is the method of each call, comma-separated for a
 * batch, as the client wrote it (unknown methods too); NULL when the body names none. */
static const char *operation(struct http_req *req)
{
    const cJSON *body = http_req_body_json(req);
    bool batch = cJSON_IsArray(body);
    char *out = NULL;
    for (const cJSON *call = batch ? body->child : body; call; call = batch ? call->next : NULL) {
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(call, "method");
        if (!cJSON_IsString(m))
            continue;
        out = out ? rm_arena_printf(&req->arena, "%s,%s", out, m->valuestring)
                  : m->valuestring;
        if (!out || strlen(out) > 1024) /* the journal keeps less than that anyway */
            break;
    }
    return out;
}

/* ---- named errors for fault injection (GET /__admin/errors, F-CTL-033) ---- */

/* The HTTP-level failures of the transport (reference/oco.md section 1): status, reason
 * phrase, and the 401 text of auth_texts (-1: empty body). */
static const struct {
    const char *name;
    int status;
    const char *reason;
    int auth; /* enum auth_fail, or -1 */
} http_rows[] = {
    { "HTTP_API_DISABLED", 405, "API Disabled", -1 },
    { "HTTP_CONTENT_TYPE_MISMATCH", 400, "Content Type Mismatch", -1 },
    { "HTTP_AUTH_USER_EMPTY", 401, "Client Not Authorized", AUTH_EMPTY },
    { "HTTP_AUTH_USER_UNKNOWN", 401, "Client Not Authorized", AUTH_UNKNOWN },
    { "HTTP_AUTH_USER_LOCKED", 401, "Client Not Authorized", AUTH_LOCKED },
    { "HTTP_AUTH_LOGIN_FAILED", 401, "Client Not Authorized", AUTH_FAILED },
    { "HTTP_AUTH_NO_API", 401, "Client Not Authorized", AUTH_NO_API },
    { "HTTP_PAYLOAD_CORRUPT", 400, "Payload Corrupt", -1 },
    { "HTTP_INTERNAL_ERROR", 500, NULL, -1 }, /* a PHP fatal error or no database */
};
#define HTTP_ROW_ID 1000 /* vendor error ids from here are http_rows */

static const struct http_vendor_error rpc_errors[] = {
#define OCO_ERR_VENDOR(name, code, en, de) { #name, 200, OCO_E_##name, "JSON-RPC error " #code ": " en },
    OCO_ERRORS(OCO_ERR_VENDOR)
#undef OCO_ERR_VENDOR
};
static struct http_vendor_error all_errors[RM_ARRAY_LEN(rpc_errors) + RM_ARRAY_LEN(http_rows)];
static pthread_once_t errors_once = PTHREAD_ONCE_INIT;

static void build_errors(void)
{
    size_t n = 0;
    for (size_t i = 0; i < RM_ARRAY_LEN(rpc_errors); i++)
        all_errors[n++] = rpc_errors[i];
    for (size_t i = 0; i < RM_ARRAY_LEN(http_rows); i++)
        all_errors[n++] = (struct http_vendor_error){
            http_rows[i].name, http_rows[i].status, HTTP_ROW_ID + (int)i,
            http_rows[i].auth >= 0 ? auth_texts[http_rows[i].auth][0]
                                   : http_rows[i].reason ? http_rows[i].reason : "empty body" };
}

static size_t vendor_errors(const struct http_vendor_error **out)
{
    pthread_once(&errors_once, build_errors);
    *out = all_errors;
    return RM_ARRAY_LEN(all_errors);
}

/* An HTTP-level failure as the transport makes it; a JSON-RPC error as the reply of every
 * call of the body (each with its own id; null where it has none) at HTTP 200. SQL_ERROR's
 * text, the SQL engine's message in the real server, is the comment. */
static void vendor_error_reply(struct http_req *req, struct http_res *res,
                               const struct http_vendor_error *e, const char *comment)
{
    const char *lang = http_req_header(req, "Accept-Language");
    bool german = lang && strncmp(lang, "de", 2) == 0;
    if (e->id >= HTTP_ROW_ID) {
        int auth = http_rows[e->id - HTTP_ROW_ID].auth;
        const char *body = auth < 0 ? NULL : rm_arena_printf(&req->arena, "HTTP Basic Auth: %s",
                                                             auth_texts[auth][german]);
        reply_status(res, e->status, http_rows[e->id - HTTP_ROW_ID].reason, body);
        return;
    }
    enum oco_err err = (enum oco_err)e->id;
    const char *message = err == OCO_E_SQL_ERROR ? (comment ? comment : "")
                                                  : oco_err_text(err, german);
    const cJSON *body = rm_utf8_valid(req->body, req->body_len) ? http_req_body_json(req) : NULL;
    bool batch = cJSON_IsArray(body);
    cJSON *no_id = http_req_own_json(req, cJSON_CreateObject());
    size_t n = batch ? (size_t)cJSON_GetArraySize(body) : 1;
    const char **texts = rm_arena_calloc(&req->arena, n * 2 + 3, sizeof *texts);
    size_t k = 0;
    if (!texts || !no_id || !cJSON_AddNullToObject(no_id, "id")) {
        reply_status(res, 500, NULL, NULL);
        return;
    }
    if (batch)
        texts[k++] = "[";
    const cJSON *r = batch ? body->child : body;
    size_t i = 0;
    do {
        const cJSON *call = cJSON_GetObjectItemCaseSensitive(r, "id") ? r : no_id;
        char *text = reply_text(req, call, err, NULL, message);
        if (!text) {
            reply_status(res, 500, NULL, NULL);
            return;
        }
        if (i++)
            texts[k++] = ",";
        texts[k++] = text;
        r = batch && r ? r->next : NULL;
    } while (r);
    if (batch)
        texts[k++] = "]";
    char *out = concat(&req->arena, texts, k);
    if (!out) {
        reply_status(res, 500, NULL, NULL);
        return;
    }
    http_res_set(res, 200, "application/json", out, strlen(out));
}

const struct http_api oco_api = {
    .name = "oco",
    .mount = "/api-client.php",
    .routes = oco_routes,
    .nroutes = RM_ARRAY_LEN(oco_routes),
    .error = oco_error,
    .tenant_keys = tenant_keys,
    .operation = operation,
    .vendor_errors = vendor_errors,
    .vendor_error_reply = vendor_error_reply,
};
