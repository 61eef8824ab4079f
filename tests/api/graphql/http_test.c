/*
 * Tests server/graphql/http.c over real HTTP: the conformance schema served at /graphql
 * (tests/support/conformance_server.c). GET and POST, Accept negotiation, 405, 406, 415,
 * malformed bodies and parameters with graphql-http 1.23.1's messages, the status codes of
 * each media type, every limit with its message, and hostile bodies.
 */
#include "conformance_server.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON "application/json; charset=utf-8"
#define GR "application/graphql-response+json; charset=utf-8"
#define GR_ACCEPT "application/graphql-response+json"
#define HELLO "{\"data\":{\"hello\":\"world\"}}"
#define HELLO_BODY "{\"query\":\"{ hello }\"}"

static struct conformance_server *srv;   /* the default limits */
static struct conformance_server *tight; /* small limits and a 4 KiB body cap */

/* One request. Unset: POST when there is a body (else GET), path /graphql, Content-Type
 * application/json on a POST, Accept application/json; "" leaves a header out. */
struct call {
    struct conformance_server *server; /* NULL: srv */
    const char *method;
    const char *path;
    const char *content_type;
    const char *accept;
    const char *body;
    size_t body_len;
};

static void send_call(const struct call *c, struct tl_response *res)
{
    char ct[256], accept[256];
    const char *method = c->method ? c->method : c->body ? "POST" : "GET";
    const char *type = c->content_type ? c->content_type
                       : strcmp(method, "POST") == 0 ? "application/json" : "";
    /* curl adds an Accept of any type and a form Content-Type itself: "Name:" removes them */
    snprintf(ct, sizeof ct, "Content-Type:%s%s", *type ? " " : "", type);
    const char *acc = c->accept ? c->accept : "application/json";
    snprintf(accept, sizeof accept, "Accept:%s%s", *acc ? " " : "", acc);
    struct tl_request req = {
        .method = method,
        .path = c->path ? c->path : "/graphql",
        .body = c->body,
        .body_len = c->body_len,
        .headers = { ct, accept },
    };
    tl_do_url(conformance_server_base_url(c->server ? c->server : srv), &req, res);
}

static const char *label_of(const struct call *c)
{
    return c->body ? c->body : c->path ? c->path : c->method;
}

/* The reply must have this status, Content-Type (NULL: none) and body (NULL: any). */
static void expect(const struct call *c, long status, const char *content_type, const char *body)
{
    struct tl_response res;
    send_call(c, &res);
    char buf[256];
    const char *ct = tl_header(&res, "Content-Type", buf, sizeof buf);
    bool type_ok = content_type ? ct && strcmp(ct, content_type) == 0 : !ct;
    if (res.status != status || !type_ok || (body && strcmp(res.body, body) != 0))
        fail_msg("%.200s: got %ld [%s] %.300s; expected %ld [%s] %s", label_of(c), res.status,
                 ct ? ct : "no Content-Type", res.body, status,
                 content_type ? content_type : "no Content-Type", body ? body : "(any body)");
    tl_response_free(&res);
}

/* A reply of one GraphQL error with this message (and no data). */
static void expect_message(const struct call *c, long status, const char *content_type,
                           const char *message)
{
    struct tl_response res;
    send_call(c, &res);
    char buf[256];
    const char *ct = tl_header(&res, "Content-Type", buf, sizeof buf);
    cJSON *json = cJSON_ParseWithLength(res.body, res.body_len);
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(json, "errors");
    const cJSON *first = cJSON_GetArrayItem(errors, 0);
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(first, "message");
    if (res.status != status || !ct || strcmp(ct, content_type) != 0 || !cJSON_IsString(text) ||
        strcmp(text->valuestring, message) != 0 || cJSON_GetArraySize(errors) != 1 ||
        cJSON_GetObjectItemCaseSensitive(json, "data"))
        fail_msg("%.200s: got %ld [%s] %.300s; expected %ld [%s] message %s", label_of(c),
                 res.status, ct ? ct : "no Content-Type", res.body, status, content_type, message);
    cJSON_Delete(json);
    tl_response_free(&res);
}

/* A body and the one message its reply must carry. */
struct refusal {
    const char *body, *message;
};

/* Each body gets its message: json_status with application/json and gr_status with
 * application/graphql-response+json, each in its own media type. */
static void expect_refusals(struct conformance_server *server, const struct refusal *cases,
                            size_t n, long json_status, long gr_status)
{
    for (size_t i = 0; i < n; i++) {
        expect_message(&(struct call){ .server = server, .body = cases[i].body }, json_status,
                       JSON, cases[i].message);
        expect_message(&(struct call){ .server = server, .body = cases[i].body,
                                       .accept = GR_ACCEPT },
                       gr_status, GR, cases[i].message);
    }
}

/* "/graphql?name=value&..." with the values percent-encoded; free() it. */
static char *get_path(const char *const *pairs)
{
    size_t cap = 64;
    for (size_t i = 0; pairs[i]; i += 2)
        cap += strlen(pairs[i]) + 3 * strlen(pairs[i + 1]) + 2;
    char *path = malloc(cap);
    assert_non_null(path);
    size_t n = (size_t)snprintf(path, cap, "/graphql");
    for (size_t i = 0; pairs[i]; i += 2) {
        n += (size_t)snprintf(path + n, cap - n, "%c%s=", i ? '&' : '?', pairs[i]);
        for (const unsigned char *v = (const unsigned char *)pairs[i + 1]; *v; v++) {
            if ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
                (*v >= '0' && *v <= '9') || strchr("-_.~", *v))
                path[n++] = (char)*v;
            else
                n += (size_t)snprintf(path + n, cap - n, "%%%02X", *v);
        }
        path[n] = '\0';
    }
    return path;
}

static void expect_get(const char *const *pairs, const char *accept, long status,
                       const char *content_type, const char *body)
{
    char *path = get_path(pairs);
    expect(&(struct call){ .path = path, .accept = accept }, status, content_type, body);
    free(path);
}

static void expect_get_message(const char *const *pairs, long status, const char *message)
{
    char *path = get_path(pairs);
    expect_message(&(struct call){ .path = path }, status, JSON, message);
    free(path);
}

/* ---------------------------------------------------------------- GET and POST */

static void post_and_get_answer(void **state)
{
    (void)state;
    expect(&(struct call){ .body = HELLO_BODY }, 200, JSON, HELLO);
    expect_get((const char *[]){ "query", "{ hello }", NULL }, NULL, 200, JSON, HELLO);
    /* a form-encoded query string: '+' is a space */
    expect(&(struct call){ .path = "/graphql?query=%7B+hello+%7D" }, 200, JSON, HELLO);
    /* variables, operationName and extensions by GET ... */
    const char *doc = "query A($v: String!) { echo(value: $v) } query B { hello }";
    expect_get((const char *[]){ "query", doc, "variables", "{\"v\":\"hi\"}", "operationName",
                                 "A", "extensions", "{\"x\":1}", NULL },
               NULL, 200, JSON, "{\"data\":{\"echo\":\"hi\"}}");
    /* ... and by POST, null members being absent ones */
    expect(&(struct call){ .body = "{\"query\":\"query A($v: String!) { echo(value: $v) } query B"
                                   " { hello }\",\"variables\":{\"v\":\"hi\"},\"operationName\":"
                                   "\"B\",\"extensions\":null}" },
           200, JSON, HELLO);
    expect(&(struct call){ .body = "{\"query\":\"{ hello }\",\"variables\":null,"
                                   "\"operationName\":null,\"extensions\":{\"a\":[1]}}" },
           200, JSON, HELLO);
    /* a repeated member: the last one counts, as JSON.parse keeps it */
    expect(&(struct call){ .body = "{\"query\":1,\"query\":\"{ hello }\"}" }, 200, JSON, HELLO);
    /* the first of repeated query parameters counts, as URLSearchParams.get finds it */
    expect(&(struct call){ .path = "/graphql?query=%7Bhello%7D&query=%7B" }, 200, JSON, HELLO);
    /* a path under /graphql that is not the endpoint: a 404 in GraphQL's format */
    expect(&(struct call){ .path = "/graphql/x" }, 404, JSON,
           "{\"errors\":[{\"message\":\"Not Found\"}]}");
}

/* F-GQL-016: in a query string, empty variables and operationName are absent ones; bad
 * JSON in variables or extensions is graphql-http's "Unparsable URL". */
static void get_parameters(void **state)
{
    (void)state;
    expect_get((const char *[]){ "query", "{ hello }", "operationName", "", "variables", "",
                                 "extensions", "", NULL },
               NULL, 200, JSON, HELLO);
    expect_get((const char *[]){ "query", "{ hello }", "variables", "null", NULL }, NULL, 200,
               JSON, HELLO);
    expect_get((const char *[]){ "query", "query A { hello }", "operationName", "B", NULL }, NULL,
               200, JSON, "{\"errors\":[{\"message\":\"Unknown operation named \\\"B\\\".\"}]}");
    expect_get_message((const char *[]){ "variables", "{}", NULL }, 400, "Missing query");
    expect_get_message((const char *[]){ "query", "{ hello }", "variables", "{", NULL }, 400,
                       "Unparsable URL");
    expect_get_message((const char *[]){ "query", "{ hello }", "extensions", "[1,", NULL }, 400,
                       "Unparsable URL");
    expect_get_message((const char *[]){ "query", "{ hello }", "variables", "5", NULL }, 400,
                       "Invalid variables");
    expect_get_message((const char *[]){ "query", "{ hello }", "variables", "[]", NULL }, 400,
                       "Invalid variables");
    expect_get_message((const char *[]){ "query", "{ hello }", "extensions", "\"x\"", NULL }, 400,
                       "Invalid extensions");
    /* a syntax error is a GraphQL error: 200 with application/json */
    expect_get((const char *[]){ "query", "{", NULL }, NULL, 200, JSON,
               "{\"errors\":[{\"message\":\"Syntax Error: Expected Name, found <EOF>.\","
               "\"locations\":[{\"line\":1,\"column\":2}]}]}");
}

/* ---------------------------------------------------------------- media types and methods */

/* F-GQL-014: graphql-http's media ranges and charsets, weighed by q. */
static void accept_negotiation(void **state)
{
    (void)state;
    static const struct {
        const char *accept;
        const char *type; /* NULL: 406 */
    } cases[] = {
        { "", JSON }, /* no Accept header */
        { "*/*", JSON },
        { "application/*", JSON },
        { "application/json", JSON },
        { "Application/JSON; Charset=UTF8", JSON },
        { GR_ACCEPT, GR },
        { GR_ACCEPT "; charset=utf-8", GR },
        { "text/html, " GR_ACCEPT, GR },
        /* a tie goes to the type listed first; else the higher weight wins */
        { "application/json, " GR_ACCEPT, JSON },
        { GR_ACCEPT ", application/json", GR },
        { GR_ACCEPT ";q=0.9, application/json", JSON },
        { "application/json;q=0.5, " GR_ACCEPT, GR },
        { "application/json;q=0, " GR_ACCEPT ";q=0.1", GR },
        { "text/html;q=1, */*;q=0.1", JSON },
        { "text/html", NULL },
        { "application/xml, text/*", NULL },
        { "application/json;q=0", NULL },
        { "application/json; charset=latin1", NULL },
        { GR_ACCEPT "; charset=utf8", NULL }, /* graphql-http takes only utf-8 there */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct call c = { .body = HELLO_BODY, .accept = cases[i].accept };
        if (cases[i].type) {
            expect(&c, 200, cases[i].type, HELLO);
            continue;
        }
        struct tl_response res;
        send_call(&c, &res);
        char buf[256];
        if (res.status != 406 || res.body_len != 0 ||
            tl_header(&res, "Content-Type", buf, sizeof buf))
            fail_msg("Accept: %s: got %ld %.200s, expected 406 without a body", cases[i].accept,
                     res.status, res.body);
        assert_string_equal(tl_header(&res, "Accept", buf, sizeof buf),
                            GR ", " JSON);
        tl_response_free(&res);
    }
    /* the Accept check comes first, before the method's and the body's */
    struct tl_response res;
    send_call(&(struct call){ .method = "PUT", .accept = "text/html" }, &res);
    assert_int_equal(res.status, 406);
    tl_response_free(&res);
}

/* F-GQL-018: 405 with Allow, and a message graphql-http does not send. */
static void other_methods_are_405(void **state)
{
    (void)state;
    const char *methods[] = { "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "HEAD" };
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        struct tl_response res;
        send_call(&(struct call){ .method = methods[i], .path = "/graphql?query=%7Bhello%7D" },
                  &res);
        char buf[64];
        if (res.status != 405 || !tl_header(&res, "Allow", buf, sizeof buf) ||
            strcmp(buf, "GET, POST") != 0)
            fail_msg("%s: got %ld", methods[i], res.status);
        if (strcmp(methods[i], "HEAD") != 0)
            assert_string_equal(res.body, "{\"errors\":[{\"message\":\"Only GET and POST requests "
                                          "are served\"}]}");
        tl_response_free(&res);
    }
}

/* graphql-over-http: a mutation over GET is 405 with Allow: POST, whatever Accept says
 * (F-GQL-018: with a Content-Type). */
static void mutations_over_get_are_405(void **state)
{
    (void)state;
    const char *refused = "{\"errors\":[{\"message\":\"Cannot perform mutations over GET\"}]}";
    const char *mutation[] = { "query", "mutation { hello }", NULL };
    expect_get(mutation, NULL, 405, JSON, refused);
    expect_get(mutation, GR_ACCEPT, 405, GR, refused);
    struct tl_response res;
    char *path = get_path(mutation);
    send_call(&(struct call){ .path = path }, &res);
    char buf[64];
    assert_string_equal(tl_header(&res, "Allow", buf, sizeof buf), "POST");
    tl_response_free(&res);
    free(path);
    /* the operation that runs decides */
    const char *both = "query Q { hello } mutation M { hello }";
    expect_get((const char *[]){ "query", both, "operationName", "Q", NULL }, NULL, 200, JSON,
               HELLO);
    expect_get((const char *[]){ "query", both, "operationName", "M", NULL }, NULL, 405, JSON,
               refused);
    /* by POST it runs */
    expect(&(struct call){ .body = "{\"query\":\"mutation { hello }\"}" }, 200, JSON, HELLO);
    /* subscriptions are not served at all (graphql-http's words) */
    expect(&(struct call){ .body = "{\"query\":\"subscription { tick }\"}" }, 200, JSON,
           "{\"errors\":[{\"message\":\"Subscriptions are not supported\"}]}");
    expect(&(struct call){ .body = "{\"query\":\"subscription { tick }\"}", .accept = GR_ACCEPT },
           400, GR, "{\"errors\":[{\"message\":\"Subscriptions are not supported\"}]}");
}

/* F-GQL-019: a POST body must be application/json, UTF-8 if a charset is named. */
static void unsupported_media_types_are_415(void **state)
{
    (void)state;
    const char *refused = "{\"errors\":[{\"message\":\"Unsupported Media Type: the body must be "
                          "application/json (UTF-8)\"}]}";
    const char *types[] = { "", "text/plain", "application/x-www-form-urlencoded",
                            "application/json; charset=latin1", "application/jsonx",
                            "application/graphql" };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        expect(&(struct call){ .body = HELLO_BODY, .content_type = types[i] }, 415, JSON,
               refused);
    expect(&(struct call){ .body = HELLO_BODY, .content_type = "Application/JSON;Charset=UTF-8" },
           200, JSON, HELLO);
    expect(&(struct call){ .body = HELLO_BODY, .content_type = "application/json; boundary=x" },
           200, JSON, HELLO);
    /* a GET's Content-Type does not matter */
    expect(&(struct call){ .path = "/graphql?query=%7Bhello%7D", .content_type = "text/plain" },
           200, JSON, HELLO);
}

/* ---------------------------------------------------------------- malformed requests */

/* F-GQL-015: malformed requests are 400 with graphql-http's message, in the negotiated type. */
static void malformed_json_is_400(void **state)
{
    (void)state;
    static const struct refusal cases[] = {
        { "", "Unparsable JSON body" },
        { "{", "Unparsable JSON body" },
        { "{\"query\":\"{ hello }\"} x", "Unparsable JSON body" },
        { "{\"query\":\"{ hello }\",}", "Unparsable JSON body" },
        { "{'query':'{ hello }'}", "Unparsable JSON body" },
        { "{\"query\":\"\x01\"}", "Unparsable JSON body" },
        { "\xef\xbb\xbf" HELLO_BODY, "Unparsable JSON body" }, /* JSON.parse refuses a BOM */
        { "\"x\"", "JSON body must be an object" },
        { "1", "JSON body must be an object" },
        { "null", "JSON body must be an object" },
        { "[]", "Missing query" }, /* graphql-http's isObject takes arrays */
        { "[{\"query\":\"{ hello }\"}]", "Missing query" },
    };
    expect_refusals(NULL, cases, sizeof cases / sizeof cases[0], 400, 400);
}

/* F-GQL-015: every member with a wrong type, in graphql-http's order of checks. */
static void wrong_member_types_are_400(void **state)
{
    (void)state;
    static const struct refusal cases[] = {
        { "{}", "Missing query" },
        { "{\"query\":null}", "Missing query" },
        { "{\"query\":1}", "Invalid query" },
        { "{\"query\":true}", "Invalid query" },
        { "{\"query\":{\"a\":1}}", "Invalid query" },
        { "{\"query\":[\"{ hello }\"]}", "Invalid query" },
        { "{\"query\":\"{ hello }\",\"variables\":\"{}\"}", "Invalid variables" },
        { "{\"query\":\"{ hello }\",\"variables\":0}", "Invalid variables" },
        { "{\"query\":\"{ hello }\",\"variables\":false}", "Invalid variables" },
        { "{\"query\":\"{ hello }\",\"variables\":[]}", "Invalid variables" },
        { "{\"query\":\"{ hello }\",\"operationName\":1}", "Invalid operationName" },
        { "{\"query\":\"{ hello }\",\"operationName\":{}}", "Invalid operationName" },
        { "{\"query\":\"{ hello }\",\"operationName\":false}", "Invalid operationName" },
        { "{\"query\":\"{ hello }\",\"operationName\":[\"A\"]}", "Invalid operationName" },
        { "{\"query\":\"{ hello }\",\"extensions\":\"x\"}", "Invalid extensions" },
        { "{\"query\":\"{ hello }\",\"extensions\":0}", "Invalid extensions" },
        { "{\"query\":\"{ hello }\",\"extensions\":[]}", "Invalid extensions" },
        /* the order: query, variables, operationName, extensions */
        { "{\"extensions\":1,\"operationName\":1,\"variables\":1,\"query\":1}", "Invalid query" },
        { "{\"extensions\":1,\"operationName\":1,\"variables\":1,\"query\":\"{a}\"}",
          "Invalid variables" },
        { "{\"extensions\":1,\"operationName\":1,\"query\":\"{a}\"}", "Invalid operationName" },
    };
    expect_refusals(NULL, cases, sizeof cases / sizeof cases[0], 400, 400);
}

/* F-GQL-015: application/json is 200 for every well-formed request;
 * application/graphql-response+json is 400 when there is no "data" (graphql-http 1.23.1
 * answers 200 to a variable coercion error there, against the spec). */
static void status_follows_the_media_type(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        long gr_status;
        const char *answer;
    } cases[] = {
        { "{\"query\":\"{\"}", 400,
          "{\"errors\":[{\"message\":\"Syntax Error: Expected Name, found <EOF>.\","
          "\"locations\":[{\"line\":1,\"column\":2}]}]}" },
        { "{\"query\":\"{ nope }\"}", 400,
          "{\"errors\":[{\"message\":\"Cannot query field \\\"nope\\\" on type \\\"Query\\\". "
          "Did you mean \\\"node\\\" or \\\"nodes\\\"?\",\"locations\":[{\"line\":1,"
          "\"column\":3}]}]}" },
        { "{\"query\":\"query($a: Int!) { add(a: $a, b: 1) }\",\"variables\":{\"a\":\"x\"}}", 400,
          "{\"errors\":[{\"message\":\"Variable \\\"$a\\\" got invalid value \\\"x\\\"; Int "
          "cannot represent non-integer value: \\\"x\\\"\",\"locations\":[{\"line\":1,"
          "\"column\":7}]}]}" },
        { "{\"query\":\"query A { hello } query B { hello }\"}", 400,
          "{\"errors\":[{\"message\":\"Must provide operation name if query contains multiple "
          "operations.\"}]}" },
        /* data, even null, is 200 in both */
        { "{\"query\":\"{ nn }\"}", 200,
          "{\"errors\":[{\"message\":\"nn is broken\",\"locations\":[{\"line\":1,\"column\":3}],"
          "\"path\":[\"nn\"]}],\"data\":null}" },
        { "{\"query\":\"{ hello maybe }\"}", 200,
          "{\"data\":{\"hello\":\"world\",\"maybe\":null}}" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        expect(&(struct call){ .body = cases[i].body }, 200, JSON, cases[i].answer);
        expect(&(struct call){ .body = cases[i].body, .accept = GR_ACCEPT }, cases[i].gr_status,
               GR, cases[i].answer);
    }
}

/* ---------------------------------------------------------------- limits */

static const char repeated_a[] =
    "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a "
    "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a ";

/* F-GQL-010, F-GQL-011, F-GQL-012: each limit names itself and the value; F-GQL-013: as a
 * request error. */
static void limits_refuse_with_their_message(void **state)
{
    (void)state;
    char size[400], tokens[200];
    /* a document of 301 bytes, and one of 62 tokens */
    snprintf(size, sizeof size, "{\"query\":\"{ hello%*s}\"}", 301 - 8, "");
    snprintf(tokens, sizeof tokens, "{\"query\":\"{%.*s}\"}", 60 * 2, repeated_a);
    const struct refusal cases[] = {
        { size, "Document size of 301 bytes exceeds the limit of 300 bytes." },
        { tokens, "Syntax Error: Document contains more than 60 tokens. Parsing aborted." },
        { "{\"query\":\"{ me { friends { friends { friends { name } } } } }\"}",
          "Syntax Error: Document nesting is deeper than 4 levels. Parsing aborted." },
        { "{\"query\":\"{ me { ...A } } fragment A on Person { friends { ...B } } "
          "fragment B on Person { name }\"}",
          "Document nests selections 5 levels deep after fragment expansion, more than the "
          "limit of 4." },
        { "{\"query\":\"{ ...F ...F } fragment F on Query { hello count ratio flag maybe big }\"}",
          "Document selects 12 fields after fragment expansion, more than the limit of 10." },
        { "{\"query\":\"{ a: hello b: hello c: hello }\"}",
          "Document has 3 aliased fields after fragment expansion, more than the limit of 2." },
    };
    expect_refusals(tight, cases, sizeof cases / sizeof cases[0], 200, 400);
    /* at the limits, it runs */
    expect(&(struct call){ .server = tight, .body = "{\"query\":\"{ a: hello b: hello }\"}" }, 200,
           JSON, "{\"data\":{\"a\":\"world\",\"b\":\"world\"}}");
    expect(&(struct call){ .server = tight,
                           .body = "{\"query\":\"{ me { friends { friends { name } } } }\"}" },
           200, JSON,
           "{\"data\":{\"me\":{\"friends\":[{\"friends\":[{\"name\":\"Ada\"}]},null,"
           "{\"friends\":null}]}}}");
    /* a body past the server's cap: core's 413, worded as a GraphQL error */
    char body[5000];
    memset(body, ' ', sizeof body - 1);
    body[sizeof body - 1] = '\0';
    memcpy(body, HELLO_BODY, strlen(HELLO_BODY));
    expect(&(struct call){ .server = tight, .body = body }, 413, JSON,
           "{\"errors\":[{\"message\":\"Request body exceeds the limit of --max-body\"}]}");
}

/* ---------------------------------------------------------------- hostile input */

static char *repeat(const char *s, int n)
{
    size_t len = strlen(s);
    char *out = malloc(len * (size_t)n + 1);
    assert_non_null(out);
    for (int i = 0; i < n; i++)
        memcpy(out + len * (size_t)i, s, len);
    out[len * (size_t)n] = '\0';
    return out;
}

static void deep_json_is_refused(void **state)
{
    (void)state;
    /* F-CORE-005, F-GQL-018: nesting past 64 in the body or a JSON parameter */
    char *open = repeat("[", 70), *close = repeat("]", 70);
    size_t cap = 256;
    char *body = malloc(cap);
    snprintf(body, cap, "{\"query\":\"{ hello }\",\"variables\":{\"a\":%s%s}}", open, close);
    expect_message(&(struct call){ .body = body }, 400, JSON,
                   "Unparsable JSON body: nested deeper than 64 levels");
    char vars[160];
    snprintf(vars, sizeof vars, "{\"a\":%s%s}", open, close);
    expect_get_message((const char *[]){ "query", "{ hello }", "variables", vars, NULL }, 400,
                       "Unparsable URL: JSON nested deeper than 64 levels");
    free(open);
    free(close);
    /* 100000 levels: refused without a stack to match */
    open = repeat("{\"a\":", 100000);
    expect_message(&(struct call){ .body = open }, 400, JSON,
                   "Unparsable JSON body: nested deeper than 64 levels");
    free(open);
    free(body);
}

/* F-GQL-017: bytes that are not UTF-8 read as U+FFFD, one per maximal invalid subpart, as
 * Node's decoder reads them; a "\u0000" in the query reaches the lexer as U+0000. */
static void text_reads_as_node_reads_it(void **state)
{
    (void)state;
    /* 0xff; 0xe2 0x82 cut short; 0xed 0xa0 0x80 a surrogate (three subparts); 0xc0 0xaf an
     * overlong (two) */
    expect(&(struct call){ .body = "{\"query\":\"{ echo(value: \\\"\xff|\xe2\x82|\xed\xa0\x80|"
                                   "\xc0\xaf|\xc3\xa9\\\") }\"}" },
           200, JSON,
           "{\"data\":{\"echo\":\"\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
           "\xef\xbf\xbd\xef\xbf\xbd|\xc3\xa9\"}}");
    expect(&(struct call){ .path = "/graphql?query=%7Becho(value:%22%FF%22)%7D" }, 200, JSON,
           "{\"data\":{\"echo\":\"\xef\xbf\xbd\"}}");
    expect(&(struct call){ .body = "{\"query\":\"{ hello \\u0000 }\"}" }, 200, JSON,
           "{\"errors\":[{\"message\":\"Syntax Error: Unexpected character: U+0000.\","
           "\"locations\":[{\"line\":1,\"column\":9}]}]}");
    /* the raw decoding keeps everything else of the query and takes the last member */
    expect(&(struct call){ .body = "{\"query\":\"x\",\"a\":[\"}\",{\"q\":\"\\\"\"}],\"query\":"
                                   "\"{ echo(value: \\\"\\u00e9\\ud83d\\ude00\\\\\\\"\\t\\\")"
                                   "\\n\\u0000\"}" },
           200, JSON,
           "{\"errors\":[{\"message\":\"Syntax Error: Unexpected character: U+0000.\","
           "\"locations\":[{\"line\":2,\"column\":1}]}]}");
    /* elsewhere a "\u0000" is U+FFFD (F-CORE-006) */
    expect(&(struct call){ .body = "{\"query\":\"query($v: String!) { echo(value: $v) }\","
                                   "\"variables\":{\"v\":\"a\\u0000b\"}}" },
           200, JSON, "{\"data\":{\"echo\":\"a\xef\xbf\xbd" "b\"}}");
    /* a lone surrogate escape: cJSON cannot hold it */
    expect_message(&(struct call){ .body = "{\"query\":\"{ echo(value: \\\"\\ud800\\\") }\"}" },
                   400, JSON, "Unparsable JSON body");
}

/* {"query": "{ ...F0 } fragment F0 on Query { ...F1 ...F1 } ... fragment Fn-1 ... { last }"}
 * with spreads spreads of the next fragment in each (the last: of F0 when last is NULL). */
static char *fragments(int n, int spreads, const char *last)
{
    size_t cap = (size_t)n * 64 + 64, len = 0;
    char *q = malloc(cap);
    assert_non_null(q);
    len += (size_t)snprintf(q + len, cap - len, "{\"query\":\"{ ...F0 }");
    for (int i = 0; i < n; i++) {
        len += (size_t)snprintf(q + len, cap - len, " fragment F%d on Query {", i);
        if (i + 1 == n && last)
            len += (size_t)snprintf(q + len, cap - len, " %s", last);
        else
            for (int k = 0; k < spreads; k++)
                len += (size_t)snprintf(q + len, cap - len, " ...F%d", (i + 1) % n);
        len += (size_t)snprintf(q + len, cap - len, " }");
    }
    snprintf(q + len, cap - len, "\"}");
    return q;
}

/* Documents whose cost is in the expansion, not the text: refused before validation. */
static void expansion_bombs_are_refused(void **state)
{
    (void)state;
    char *q = fragments(80, 2, "hello"); /* 2^79 fields */
    expect_message(&(struct call){ .body = q }, 200, JSON,
                   "Document selects 18446744073709551615 fields after fragment expansion, more "
                   "than the limit of 10000.");
    free(q);
    q = fragments(15, 2, "hello"); /* 2^14 */
    expect_message(&(struct call){ .body = q }, 200, JSON,
                   "Document selects 16384 fields after fragment expansion, more than the limit "
                   "of 10000.");
    free(q);
    q = fragments(9, 2, "a: hello b: hello c: hello d: hello"); /* 1024 fields, all aliased */
    expect_message(&(struct call){ .body = q }, 200, JSON,
                   "Document has 1024 aliased fields after fragment expansion, more than the "
                   "limit of 1000.");
    free(q);
    /* a cycle through 3000 fragments, and a chain as long: refused by depth, no recursion */
    q = fragments(3000, 1, NULL);
    expect_message(&(struct call){ .body = q }, 200, JSON,
                   "Document nests selections 3001 levels deep after fragment expansion, more "
                   "than the limit of 32.");
    free(q);
    q = fragments(3000, 1, "hello");
    expect_message(&(struct call){ .body = q }, 200, JSON,
                   "Document nests selections 3001 levels deep after fragment expansion, more "
                   "than the limit of 32.");
    free(q);
    /* nesting in the text stops the parser at 32, for selections, values and types alike */
    static const char *const shapes[][5] = {
        { "{ me ", "{ friends ", "{ name }", " }", " }" },
        { "{ ", "... on Query { ", "hello", " }", " }" },
        { "{ args(l: ", "[", "1", "]", ") }" },
        { "{ args(o: ", "{min: ", "1", "}", ") }" },
        { "query($v: ", "[", "Int", "]", ") { hello }" },
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char *open = repeat(shapes[i][1], 5000), *close = repeat(shapes[i][3], 5000);
        size_t n = strlen(open) + strlen(close) + 64;
        char *body = malloc(n);
        snprintf(body, n, "{\"query\":\"%s%s%s%s%s\"}", shapes[i][0], open, shapes[i][2], close,
                 shapes[i][4]);
        struct tl_response res;
        send_call(&(struct call){ .body = body }, &res);
        if (res.status != 200 || !strstr(res.body, "Syntax Error: Document nesting is deeper "
                                                   "than 32 levels. Parsing aborted."))
            fail_msg("%s...: %ld %.200s", shapes[i][0], res.status, res.body);
        tl_response_free(&res);
        free(open);
        free(close);
        free(body);
    }
    /* and the server still answers */
    expect(&(struct call){ .body = HELLO_BODY }, 200, JSON, HELLO);
}

static int setup(void **state)
{
    (void)state;
    char err[512];
    srv = conformance_server_start(RMMSIM_SOURCE_DIR "/tests/conformance", NULL, 0, err,
                                   sizeof err);
    if (!srv)
        fail_msg("conformance server: %s", err);
    struct gql_limits limits = { .max_bytes = 300, .max_tokens = 60, .max_depth = 4,
                                 .max_fields = 10, .max_aliases = 2 };
    tight = conformance_server_start(RMMSIM_SOURCE_DIR "/tests/conformance", &limits, 4096, err,
                                     sizeof err);
    if (!tight)
        fail_msg("conformance server: %s", err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tl_thread_done();
    conformance_server_stop(srv);
    conformance_server_stop(tight);
    return 0;
}

int main(void)
{
    rm_log_set_level(RM_LOG_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(post_and_get_answer),
        cmocka_unit_test(get_parameters),
        cmocka_unit_test(accept_negotiation),
        cmocka_unit_test(other_methods_are_405),
        cmocka_unit_test(mutations_over_get_are_405),
        cmocka_unit_test(unsupported_media_types_are_415),
        cmocka_unit_test(malformed_json_is_400),
        cmocka_unit_test(wrong_member_types_are_400),
        cmocka_unit_test(status_follows_the_media_type),
        cmocka_unit_test(limits_refuse_with_their_message),
        cmocka_unit_test(deep_json_is_refused),
        cmocka_unit_test(text_reads_as_node_reads_it),
        cmocka_unit_test(expansion_bombs_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
