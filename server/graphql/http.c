/*
 * GraphQL over HTTP (reference/pcvisit.md 3.8 and 3.6): graphql-http 1.23.1's order of
 * checks and wording (lib/handler.js), the GraphQL-over-HTTP spec's status codes, and the
 * limits of limits.c before validation. Issue 5, deliverable 6.
 */
#include "graphql/gql_http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum media { MEDIA_NONE, MEDIA_JSON, MEDIA_GRAPHQL_RESPONSE };

static const char *const content_types[] = {
    [MEDIA_NONE] = NULL,
    [MEDIA_JSON] = "application/json; charset=utf-8",
    [MEDIA_GRAPHQL_RESPONSE] = "application/graphql-response+json; charset=utf-8",
};

#define XSTR(x) STR(x)
#define STR(x) #x

/* Every message of a malformed request: graphql-http's words where it has some
 * (F-GQL-015, F-GQL-018). */
#define GQL_HTTP_ERRORS(X)                                                                        \
    X(E_UNPARSABLE_JSON, "Unparsable JSON body")                                                  \
    X(E_JSON_TOO_DEEP,                                                                            \
      "Unparsable JSON body: nested deeper than " XSTR(HTTP_JSON_MAX_DEPTH) " levels")            \
    X(E_NOT_AN_OBJECT, "JSON body must be an object")                                             \
    X(E_UNPARSABLE_URL, "Unparsable URL")                                                         \
    X(E_URL_TOO_DEEP,                                                                             \
      "Unparsable URL: JSON nested deeper than " XSTR(HTTP_JSON_MAX_DEPTH) " levels")             \
    X(E_MISSING_QUERY, "Missing query")                                                           \
    X(E_INVALID_QUERY, "Invalid query")                                                           \
    X(E_INVALID_VARIABLES, "Invalid variables")                                                   \
    X(E_INVALID_OPERATION_NAME, "Invalid operationName")                                          \
    X(E_INVALID_EXTENSIONS, "Invalid extensions")                                                 \
    X(E_METHOD, "Only GET and POST requests are served")                                          \
    X(E_MEDIA_TYPE, "Unsupported Media Type: the body must be application/json (UTF-8)")          \
    X(E_MUTATION_OVER_GET, "Cannot perform mutations over GET")                                   \
    X(E_SUBSCRIPTION, "Subscriptions are not supported")                                          \
    X(E_NO_MEMORY, "Out of memory")

enum http_err {
    E_NONE,
#define GQL_HTTP_ERR_ENUM(name, text) name,
    GQL_HTTP_ERRORS(GQL_HTTP_ERR_ENUM)
#undef GQL_HTTP_ERR_ENUM
};

static const char *const err_texts[] = {
#define GQL_HTTP_ERR_TEXT(name, text) [name] = text,
    GQL_HTTP_ERRORS(GQL_HTTP_ERR_TEXT)
#undef GQL_HTTP_ERR_TEXT
};

/* The GraphQL request as the parameters give it. */
struct params {
    const char *query; /* may hold NULs (a "\u0000" escape): query_len counts */
    size_t query_len;
    const char *operation_name; /* NULL: absent */
    const cJSON *variables;     /* NULL: absent or null */
};

/* ---- replies ---- */

static void reply_result(struct http_req *req, struct http_res *res, int status, enum media m,
                         const struct gql_result *r)
{
    size_t len;
    const char *body = gql_result_json(&req->arena, r, &len);
    if (!body) {
        /* The arena is spent; the dispatcher turns this into its 413. */
        static const char oom[] = "{\"errors\":[{\"message\":\"Out of memory\"}]}";
        http_res_set(res, 500, content_types[MEDIA_JSON], oom, sizeof oom - 1);
        return;
    }
    http_res_set(res, status, content_types[m], body, len);
}

static void reply_errors(struct http_req *req, struct http_res *res, int status, enum media m,
                         const struct gql_error *errors, uint32_t n)
{
    struct gql_result r = { .data = NULL, .errors = errors, .nerrors = n };
    reply_result(req, res, status, m, &r);
}

static void reply_message(struct http_req *req, struct http_res *res, int status, enum media m,
                          const char *message)
{
    struct gql_error e = { .message = message };
    reply_errors(req, res, status, m, &e, 1);
}

/* The status of a GraphQL response (F-GQL-015): application/json is 200 whenever the
 * request was well-formed; application/graphql-response+json is 400 without "data". */
static int graphql_status(enum media m, bool has_data)
{
    return has_data || m == MEDIA_JSON ? 200 : 400;
}

void gql_http_error(struct http_req *req, struct http_res *res, int status, const char *message)
{
    reply_message(req, res, status, MEDIA_JSON, message);
}

/* ---- headers ---- */

/* s[0..len) without white space and lower-cased into out, as graphql-http reads Accept and
 * Content-Type. False when it does not fit. */
static bool squeeze(const char *s, size_t len, char *out, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t')
            continue;
        if (n + 1 >= size)
            return false;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    out[n] = '\0';
    return true;
}

/* One media range of Accept: what it accepts and its weight. */
static enum media media_range(const char *s, size_t len, double *q)
{
    char buf[256];
    if (!squeeze(s, len, buf, sizeof buf))
        return MEDIA_NONE;
    const char *charset = NULL;
    char *save;
    *q = 1;
    char *type = strtok_r(buf, ";", &save);
    if (!type)
        return MEDIA_NONE;
    for (char *param = strtok_r(NULL, ";", &save); param; param = strtok_r(NULL, ";", &save)) {
        if (strncmp(param, "q=", 2) == 0) {
            char *end;
            double v = strtod(param + 2, &end);
            if (end != param + 2 && !*end && v >= 0 && v <= 1)
                *q = v;
        } else if (strncmp(param, "charset=", 8) == 0) {
            charset = param + 8;
        }
    }
    if (strcmp(type, "application/graphql-response+json") == 0)
        return !charset || strcmp(charset, "utf-8") == 0 ? MEDIA_GRAPHQL_RESPONSE : MEDIA_NONE;
    if (strcmp(type, "application/json") == 0 || strcmp(type, "application/*") == 0 ||
        strcmp(type, "*/*") == 0)
        return !charset || strcmp(charset, "utf-8") == 0 || strcmp(charset, "utf8") == 0
                   ? MEDIA_JSON
                   : MEDIA_NONE;
    return MEDIA_NONE;
}

/* F-GQL-014: graphql-http's media ranges, weighed by q: q=0 refuses a type, the highest
 * weight wins, a tie goes to the range listed first. No Accept header means application/json. */
static enum media negotiate(const char *accept)
{
    if (!accept || !*accept)
        return MEDIA_JSON;
    enum media best = MEDIA_NONE;
    double best_q = 0;
    for (const char *p = accept; *p;) {
        size_t len = strcspn(p, ",");
        double q;
        enum media m = media_range(p, len, &q);
        if (m != MEDIA_NONE && q > best_q) {
            best = m;
            best_q = q;
        }
        p += len + (p[len] == ',');
    }
    return best;
}

/* F-GQL-019: application/json, with no charset or UTF-8's; other parameters are ignored. */
static bool json_content_type(const char *value)
{
    char buf[256], *save;
    if (!value || !squeeze(value, strlen(value), buf, sizeof buf))
        return false;
    char *type = strtok_r(buf, ";", &save);
    if (!type || strcmp(type, "application/json") != 0)
        return false;
    for (char *param = strtok_r(NULL, ";", &save); param; param = strtok_r(NULL, ";", &save))
        if (strncmp(param, "charset=", 8) == 0 && strcmp(param + 8, "utf-8") != 0 &&
            strcmp(param + 8, "\"utf-8\"") != 0)
            return false;
    return true;
}

/* ---- text ---- */

/* F-GQL-017: s as UTF-8 the way Node reads a request (a WHATWG decoder): s itself when it
 * is valid, else a copy in a where each maximal invalid subpart is U+FFFD. NULL: no memory. */
static const char *utf8_whatwg(struct rm_arena *a, const char *s, size_t len, size_t *out_len)
{
    *out_len = len;
    if (rm_utf8_valid(s, len))
        return s;
    if (len > (SIZE_MAX - 1) / 3)
        return NULL;
    char *out = rm_arena_alloc(a, len * 3 + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, o = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t need = 0;
        unsigned lo = 0x80, hi = 0xbf;
        if (c < 0x80) {
            out[o++] = (char)c;
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            lo = c == 0xe0 ? 0xa0 : 0x80; /* no overlongs */
            hi = c == 0xed ? 0x9f : 0xbf; /* no surrogates */
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            lo = c == 0xf0 ? 0x90 : 0x80;
            hi = c == 0xf4 ? 0x8f : 0xbf; /* nothing past U+10FFFF */
        }
        size_t k = 1;
        while (need && k <= need && i + k < len && p[i + k] >= lo && p[i + k] <= hi) {
            lo = 0x80, hi = 0xbf;
            k++;
        }
        if (need && k == need + 1) {
            memcpy(out + o, p + i, k);
            o += k;
        } else {
            memcpy(out + o, "\xef\xbf\xbd", 3); /* the byte that broke it is read again */
            o += 3;
        }
        i += k;
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* ---- a JSON string kept whole ----
 * cJSON ends a string at a "\u0000" escape and the core reads one as U+FFFD (F-CORE-006),
 * but a GraphQL document must reach the lexer as sent, NUL included (F-GQL-017). For a body
 * that has such an escape, the query is decoded again from the text, which passed the
 * strict check. */

static const char *skip_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static const char *skip_string(const char *p, const char *end)
{
    for (p++; p < end; p++) {
        if (*p == '\\')
            p++;
        else if (*p == '"')
            return p + 1;
    }
    return end;
}

static const char *skip_value(const char *p, const char *end)
{
    if (p < end && *p == '"')
        return skip_string(p, end);
    if (p < end && (*p == '{' || *p == '[')) {
        int depth = 0;
        while (p < end) {
            if (*p == '"') {
                p = skip_string(p, end);
                continue;
            }
            depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
            p++;
            if (depth == 0)
                break;
        }
        return p;
    }
    while (p < end && !strchr(",}] \t\r\n", *p))
        p++;
    return p;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xc0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xe0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3f));
        out[2] = (char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3f));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* Whether the JSON text has a "\u0000" escape (or what looks like one). */
static bool has_nul_escape(const char *text, size_t len)
{
    for (const char *p = text, *end = text + len; (p = memchr(p, '\\', (size_t)(end - p)));) {
        if (end - p >= 6 && memcmp(p, "\\u0000", 6) == 0)
            return true;
        p += 2 <= end - p ? 2 : 1;
    }
    return false;
}

/* Decodes the checked JSON string at p (its opening quote) into a (NUL-terminated; the
 * length counts embedded NULs). NULL: no memory. */
static char *decode_string(struct rm_arena *a, const char *p, const char *end, size_t *len)
{
    const char *close = skip_string(p, end);
    char *out = rm_arena_alloc(a, (size_t)(close - p) + 1); /* decoding never grows text */
    size_t n = 0;
    if (!out)
        return NULL;
    for (p++; p < close - 1; p++) {
        if (*p != '\\') {
            out[n++] = *p;
            continue;
        }
        char e = *++p;
        if (e != 'u') {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            out[n++] = to[strchr(from, e) - from];
            continue;
        }
        unsigned cp = (unsigned)hex4(p + 1);
        p += 4;
        if (cp >= 0xd800 && cp <= 0xdbff && close - p > 6 && p[1] == '\\' && p[2] == 'u') {
            unsigned low = (unsigned)hex4(p + 3);
            if (low >= 0xdc00 && low <= 0xdfff) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                p += 6;
            }
        }
        if (cp >= 0xd800 && cp <= 0xdfff)
            cp = 0xfffd; /* a lone surrogate: cJSON refused the body before this runs */
        n += put_utf8(out + n, cp);
    }
    out[n] = '\0';
    *len = n;
    return out;
}

/* The last top-level member called key of the object text (as JavaScript's JSON.parse
 * keeps the last), when it is a string. RM_OK, RM_ENOTFOUND or RM_ENOMEM. */
static int raw_string_member(struct rm_arena *a, const char *text, size_t len, const char *key,
                             const char **out, size_t *out_len)
{
    const char *end = text + len, *found = NULL;
    const char *p = skip_ws(text, end);
    if (p == end || *p != '{')
        return RM_ENOTFOUND;
    for (p = skip_ws(p + 1, end); p < end && *p == '"'; p = skip_ws(p, end)) {
        size_t klen;
        const char *name = decode_string(a, p, end, &klen);
        if (!name)
            return RM_ENOMEM;
        p = skip_ws(skip_string(p, end), end) + 1; /* past ':' */
        p = skip_ws(p, end);
        if (klen == strlen(key) && memcmp(name, key, klen) == 0 && p < end && *p == '"')
            found = p;
        p = skip_ws(skip_value(p, end), end);
        if (p < end && *p == ',')
            p++;
    }
    if (!found)
        return RM_ENOTFOUND;
    *out = decode_string(a, found, end, out_len);
    return *out ? RM_OK : RM_ENOMEM;
}

/* ---- parameters ---- */

/* The member called name, the last one when repeated (JSON.parse keeps the last). */
static const cJSON *member(const cJSON *obj, const char *name)
{
    const cJSON *found = NULL;
    for (const cJSON *c = obj->child; c; c = c->next)
        if (c->string && strcmp(c->string, name) == 0)
            found = c;
    return found;
}

/* graphql-http's checks of the parameters, in its order. */
static enum http_err check_members(const cJSON *query, const cJSON *variables,
                                   const cJSON *operation_name, const cJSON *extensions)
{
    if (!query || cJSON_IsNull(query))
        return E_MISSING_QUERY;
    if (!cJSON_IsString(query))
        return E_INVALID_QUERY;
    if (variables && !cJSON_IsNull(variables) && !cJSON_IsObject(variables))
        return E_INVALID_VARIABLES;
    if (operation_name && !cJSON_IsNull(operation_name) && !cJSON_IsString(operation_name))
        return E_INVALID_OPERATION_NAME;
    if (extensions && !cJSON_IsNull(extensions) && !cJSON_IsObject(extensions))
        return E_INVALID_EXTENSIONS;
    return E_NONE;
}

static enum http_err read_post(struct http_req *req, struct params *p)
{
    size_t len;
    const char *body = utf8_whatwg(&req->arena, req->body, req->body_len, &len);
    int rc = RM_ENOMEM;
    cJSON *json = body ? http_req_parse_json(req, body, len, &rc) : NULL;
    if (!json)
        return rc == RM_ELIMIT   ? E_JSON_TOO_DEEP
               : rc == RM_ENOMEM ? E_NO_MEMORY
                                 : E_UNPARSABLE_JSON;
    /* graphql-http's isObject takes arrays too: they then have no query */
    if (!cJSON_IsObject(json) && !cJSON_IsArray(json))
        return E_NOT_AN_OBJECT;
    const cJSON *query = member(json, "query");
    const cJSON *variables = member(json, "variables");
    const cJSON *operation_name = member(json, "operationName");
    enum http_err e = check_members(query, variables, operation_name,
                                    member(json, "extensions"));
    if (e != E_NONE)
        return e;
    p->query = query->valuestring;
    p->query_len = strlen(query->valuestring);
    p->variables = cJSON_IsObject(variables) ? variables : NULL;
    p->operation_name = cJSON_IsString(operation_name) ? operation_name->valuestring : NULL;
    if (has_nul_escape(body, len) &&
        raw_string_member(&req->arena, body, len, "query", &p->query, &p->query_len) == RM_ENOMEM)
        return E_NO_MEMORY;
    return E_NONE;
}

/* A JSON parameter of a GET (variables, extensions); an empty one is absent. */
static enum http_err get_json(struct http_req *req, const char *name, cJSON **out)
{
    const struct http_param *param = http_req_param(req, name);
    *out = NULL;
    if (!param || !param->value_len)
        return E_NONE;
    size_t len;
    const char *text = utf8_whatwg(&req->arena, param->value, param->value_len, &len);
    int rc = RM_ENOMEM;
    *out = text ? http_req_parse_json(req, text, len, &rc) : NULL;
    if (*out)
        return E_NONE;
    return rc == RM_ELIMIT   ? E_URL_TOO_DEEP
           : rc == RM_ENOMEM ? E_NO_MEMORY
                             : E_UNPARSABLE_URL;
}

/* A text parameter of a GET, as UTF-8 (F-GQL-017); NULL when absent. */
static enum http_err get_text(struct http_req *req, const char *name, const char **out,
                              size_t *len)
{
    const struct http_param *param = http_req_param(req, name);
    *out = NULL;
    *len = 0;
    if (!param)
        return E_NONE;
    *out = utf8_whatwg(&req->arena, param->value, param->value_len, len);
    return *out ? E_NONE : E_NO_MEMORY;
}

static enum http_err read_get(struct http_req *req, struct params *p)
{
    cJSON *variables, *extensions;
    const char *operation_name;
    size_t name_len;
    enum http_err e;
    if ((e = get_text(req, "query", &p->query, &p->query_len)) != E_NONE ||
        (e = get_text(req, "operationName", &operation_name, &name_len)) != E_NONE ||
        (e = get_json(req, "variables", &variables)) != E_NONE ||
        (e = get_json(req, "extensions", &extensions)) != E_NONE)
        return e;
    if (!p->query)
        return E_MISSING_QUERY;
    if (variables && !cJSON_IsNull(variables) && !cJSON_IsObject(variables))
        return E_INVALID_VARIABLES;
    if (extensions && !cJSON_IsNull(extensions) && !cJSON_IsObject(extensions))
        return E_INVALID_EXTENSIONS;
    p->variables = cJSON_IsObject(variables) ? variables : NULL;
    /* F-GQL-016: in a query string an empty operationName is an absent one. */
    p->operation_name = name_len ? operation_name : NULL;
    return E_NONE;
}

/* ---- the GraphQL request ---- */

/* Parse, limits, validation, operation checks, execution. */
static void run(const struct gql_http_endpoint *ep, struct http_req *req, struct http_res *res,
                enum media m, const struct params *p)
{
    struct rm_arena *a = &req->arena;
    const struct gql_limits *limits = ep->limits ? ep->limits : &gql_limits_default;
    const char *message = NULL;
    /* F-GQL-013: a document over a limit is a request error, like a syntax error. */
    int rc = gql_limits_check_size(limits, p->query_len, a, &message);
    if (rc != RM_OK) {
        if (rc == RM_ELIMIT)
            reply_message(req, res, graphql_status(m, false), m, message);
        return;
    }
    struct gql_parse_options options = gql_limits_parse_options(limits);
    const char *syntax;
    struct gql_location loc;
    const struct gql_node *doc = gql_parse(a, p->query, p->query_len, &options, &syntax, &loc);
    if (!doc) {
        struct gql_error e = { .message = syntax, .locations = &loc, .nlocations = 1 };
        if (!a->failed)
            reply_errors(req, res, graphql_status(m, false), m, &e, 1);
        return;
    }
    /* Before validation, whose OverlappingFieldsCanBeMerged is quadratic. */
    rc = gql_limits_check(limits, doc, a, &message);
    if (rc != RM_OK) {
        if (rc == RM_ELIMIT)
            reply_message(req, res, graphql_status(m, false), m, message);
        return;
    }
    const struct gql_error *errors;
    uint32_t n = gql_validate(ep->schema, doc, p->query, p->query_len, a, &errors);
    if (a->failed)
        return;
    if (n) {
        reply_errors(req, res, graphql_status(m, false), m, errors, n);
        return;
    }
    /* No operation fits: gql_execute words the error as graphql-js does. */
    const struct gql_node *op = gql_operation(doc, p->operation_name);
    if (op && op->operation == GQL_SUBSCRIPTION) {
        reply_message(req, res, graphql_status(m, false), m, err_texts[E_SUBSCRIPTION]);
        return;
    }
    if (op && op->operation == GQL_MUTATION && req->method == HTTP_GET) {
        reply_message(req, res, 405, m, err_texts[E_MUTATION_OVER_GET]);
        http_res_header(res, "Allow", "POST");
        return;
    }
    struct gql_exec_request r = {
        .schema = ep->schema,
        .document = doc,
        .source = p->query,
        .len = p->query_len,
        .operation_name = p->operation_name,
        .variables = p->variables,
        .root = ep->root,
        .context = ep->context,
    };
    struct gql_result result;
    if (gql_execute(&r, a, &result) != RM_OK) {
        if (!a->failed) /* else the dispatcher answers its 413 */
            gql_http_error(req, res, 500, err_texts[E_NO_MEMORY]);
        return;
    }
    reply_result(req, res, graphql_status(m, result.data != NULL), m, &result);
}

void gql_http_serve(const struct gql_http_endpoint *ep, struct http_req *req,
                    struct http_res *res)
{
    enum media m = negotiate(http_req_header(req, "Accept"));
    if (m == MEDIA_NONE) {
        /* The client takes neither type: no body it could read (F-GQL-014). */
        http_res_set(res, 406, NULL, "", 0);
        http_res_header(res, "Accept", "application/graphql-response+json; charset=utf-8, "
                                       "application/json; charset=utf-8");
        return;
    }
    if (req->method != HTTP_GET && req->method != HTTP_POST) {
        reply_message(req, res, 405, m, err_texts[E_METHOD]);
        http_res_header(res, "Allow", "GET, POST");
        return;
    }
    if (req->method == HTTP_POST && !json_content_type(http_req_header(req, "Content-Type"))) {
        reply_message(req, res, 415, m, err_texts[E_MEDIA_TYPE]);
        return;
    }
    struct params p = { 0 };
    enum http_err e = req->method == HTTP_GET ? read_get(req, &p) : read_post(req, &p);
    if (e == E_NO_MEMORY) {
        if (!req->arena.failed)
            gql_http_error(req, res, 500, err_texts[E_NO_MEMORY]);
        return;
    }
    if (e != E_NONE) {
        reply_message(req, res, 400, m, err_texts[e]);
        return;
    }
    run(ep, req, res, m, &p);
}
