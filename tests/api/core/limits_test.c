/*
 * Limits and hostile inputs (issue 8, docs/reliability.md "Limits and hostile inputs"): each
 * is thrown at each API and must be refused (or served) with a clear answer in that API's
 * own format, after which a normal request of every API is still served right.
 * F-CORE-001, F-CORE-005, F-CORE-009, F-CORE-013..016, F-GQL-010..012.
 */
#include "testlib.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct rmmsim *sim;

#define RP_AUTH "Authorization: Bearer demo-enterprise-key"
#define OCO_AUTH "Authorization: Basic YWRtaW46YWRtaW4="

enum api { RP, OCO, PCV, ADMIN, NAPIS };
static const char *const api_names[NAPIS] = { "remotepc", "oco", "pcvisit", "admin" };

/* Where each API takes a JSON body, and the auth it needs. */
static const struct {
    const char *path;
    const char *auth;
} targets[NAPIS] = {
    { "/rpcnew/api/msp/user/invite", RP_AUTH },
    { "/api-client.php", OCO_AUTH },
    { "/graphql", NULL },
    { "/__admin/fixtures", NULL },
};

static void post(enum api api, const char *body, size_t len, struct tl_response *res)
{
    struct tl_request req = { .method = "POST", .path = targets[api].path, .body = body,
                              .body_len = len,
                              .headers = { "Content-Type: application/json", "Expect:" } };
    if (targets[api].auth)
        req.headers[2] = targets[api].auth;
    tl_do(sim, &req, res);
}

/* A normal request of every API still works. */
static void all_apis_still_serve(const char *after)
{
    struct tl_response res;
    struct tl_request rp = { .method = "GET", .path = "/rpcnew/api/msp/user/list",
                             .headers = { RP_AUTH } };
    tl_do(sim, &rp, &res);
    if (res.status != 200)
        fail_msg("after %s: RemotePC user/list %ld %.200s", after, res.status, res.body);
    tl_response_free(&res);
    static const char oco[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.info\","
                              "\"params\":{\"api_key\":\"demo-oco-api-key\"}}";
    post(OCO, oco, 0, &res);
    if (res.status != 200 || !strstr(res.body, "\"result\""))
        fail_msg("after %s: OCO oco.info %ld %.200s", after, res.status, res.body);
    tl_response_free(&res);
    post(PCV, "{\"query\":\"{ __typename }\"}", 0, &res);
    if (res.status != 200 || !strstr(res.body, "\"__typename\""))
        fail_msg("after %s: pcvisit %ld %.200s", after, res.status, res.body);
    tl_response_free(&res);
    tl_get(sim, "/__admin/health", &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
}

static int start(void **state)
{
    (void)state;
    sim = tl_start("default");
    return sim ? 0 : -1;
}

static int stop(void **state)
{
    (void)state;
    tl_stop(sim);
    return 0;
}

/* text with the first "@" replaced by fill (n bytes of it); malloc'd. */
static char *splice(const char *text, const char *fill, size_t n, size_t *len)
{
    const char *at = strchr(text, '@');
    size_t head = (size_t)(at - text), tail = strlen(at + 1), unit = strlen(fill);
    char *out = malloc(head + n * unit + tail + 1);
    memcpy(out, text, head);
    for (size_t i = 0; i < n; i++)
        memcpy(out + head + i * unit, fill, unit);
    memcpy(out + head + n * unit, at + 1, tail + 1);
    *len = head + n * unit + tail;
    return out;
}

struct expectation {
    long status;
    const char *needle; /* in the body; "" for an empty body */
};

static void expect_each(const char *what, const char *const bodies[NAPIS], const char *fill,
                        size_t n, const struct expectation want[NAPIS])
{
    for (int api = 0; api < NAPIS; api++) {
        size_t len;
        char *body = splice(bodies[api], fill, n, &len);
        struct tl_response res;
        post((enum api)api, body, len, &res);
        free(body);
        bool ok = res.status == want[api].status &&
                  (*want[api].needle ? strstr(res.body, want[api].needle) != NULL
                                     : res.body_len == 0);
        if (!ok)
            fail_msg("%s to %s: %ld %.300s (want %ld with '%s')", what, api_names[api],
                     res.status, res.body, want[api].status, want[api].needle);
        tl_response_free(&res);
    }
    all_apis_still_serve(what);
}

/* The bodies below put the hostile part where each API reads a value. */
static const char *const array_bodies[NAPIS] = {
    "{\"email\":[@\"x@example.com\"]}",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.info\",\"params\":{\"api_key\":"
    "\"demo-oco-api-key\",\"data\":[@0]}}",
    "{\"query\":\"{ __typename }\",\"variables\":{\"a\":[@0]}}",
    "{\"name\":\"big\",\"oco\":{\"tables\":{\"computer\":[@0]}}}",
};
static const char *const deep_bodies[NAPIS] = {
    "{\"email\":@}",
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.info\",\"params\":{\"api_key\":"
    "\"demo-oco-api-key\",\"data\":@}}",
    "{\"query\":\"{ __typename }\",\"variables\":{\"a\":@}}",
    "{\"name\":@}",
};

/* F-CORE-013: 500,000 array elements inside the body limit are parsed and judged like any
 * other value: a field's own rule refuses them, or a value nothing reads is ignored. */
static void huge_array_within_the_body_limit(void **state)
{
    (void)state;
    static const struct expectation want[NAPIS] = {
        { 400, "\"status\":\"BAD_REQUEST\"" },           /* RemotePC's own validation */
        { 200, "\"result\"" },                            /* oco.info reads no data */
        { 200, "{\"data\":{\"__typename\":\"Query\"}}" }, /* unused variables are ignored */
        { 400, "$.oco.tables.computer[0]: must be an object" },
    };
    expect_each("an array of 500000 elements", array_bodies, "0,", 500000, want);
}

/* F-CORE-014: a 900 KB string in a field is judged by the field's rules; the body limit is
 * the only other bound on string length (OCO's is its MariaDB column's, F-OCO-117). */
static void huge_string_within_the_body_limit(void **state)
{
    (void)state;
    static const char *const bodies[NAPIS] = {
        "{\"email\":[\"@@example.com\"]}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.create\",\"params\":"
        "{\"api_key\":\"demo-oco-api-key\",\"data\":{\"hostname\":\"@\"}}}",
        "{\"query\":\"{ __typename }\",\"variables\":{\"a\":\"@\"}}",
        "{\"name\":\"@\"}",
    };
    static const struct expectation want[NAPIS] = {
        { 200, "\"invalid_list\"" },
        { 200, "Data too long for column 'hostname'" },
        { 200, "{\"data\":{\"__typename\":\"Query\"}}" },
        { 400, "$.name: must be 1 to 64 letters" },
    };
    expect_each("a string of 900 KB", bodies, "x", 900000, want);
    /* ... and a 900 KB GraphQL document is parsed within F-GQL-010/011's bounds. */
    size_t len;
    char *body = splice("{\"query\":\"{ __typename @}\"}", " __typename", 80000, &len);
    struct tl_response res;
    post(PCV, body, len, &res);
    free(body);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(res.body, "Document contains more than 50000 tokens"));
    tl_response_free(&res);
}

/* F-CORE-001: a body over --max-body is 413 in the API's format. */
static void body_over_the_limit(void **state)
{
    (void)state;
    static const char *const bodies[NAPIS] = { "[\"@\"]", "[\"@\"]", "[\"@\"]", "[\"@\"]" };
    static const struct expectation want[NAPIS] = {
        { 413, "\"code\":413" },
        { 413, "" },
        { 413, "\"errors\"" },
        { 413, "\"status\":413" },
    };
    expect_each("a body of 1.1 MiB", bodies, "x", 1100000, want);
}

/* F-CORE-005: 64 levels are read; deeper is a bad body in the API's format. */
static void deep_nesting(void **state)
{
    (void)state;
    char inner[200];
    snprintf(inner, sizeof inner, "%.60s%.60s",
             "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
             "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
    static const struct expectation shallow[NAPIS] = {
        { 400, "\"status\":\"BAD_REQUEST\"" },
        { 200, "\"result\"" },
        { 200, "{\"data\":{\"__typename\":\"Query\"}}" },
        { 400, "$.name: must be a string" },
    };
    expect_each("nesting 60 levels", deep_bodies, inner, 1, shallow);
    static const struct expectation deep[NAPIS] = {
        { 400, "\"status\":\"BAD_REQUEST\"" },
        { 400, "" }, /* OCO: 400 Payload Corrupt, empty body (reference/oco.md 1, step 5) */
        { 400, "Unparsable JSON body: nested deeper than 64 levels" },
        { 400, "$: the body is not valid JSON" },
    };
    expect_each("nesting 100000 levels", deep_bodies, "[", 100000, deep);
}

/* F-CORE-015: a batch is not capped (the real OCO runs every call); the body limit bounds
 * it, and a reply that would need more than the per-request memory cap is a 413. */
static void oco_batch_of_10000_calls(void **state)
{
    (void)state;
    static const char call[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.info\","
                               "\"params\":{\"api_key\":\"demo-oco-api-key\"}}";
    size_t len;
    char fill[sizeof call + 1];
    snprintf(fill, sizeof fill, "%s,", call);
    char tmpl[sizeof call + 4];
    snprintf(tmpl, sizeof tmpl, "[@%s]", call);
    char *body = splice(tmpl, fill, 9999, &len);
    struct tl_response res;
    post(OCO, body, len, &res);
    free(body);
    assert_int_equal(res.status, 200);
    cJSON *j = tl_json(&res);
    assert_int_equal(cJSON_GetArraySize(j), 10000);
    cJSON_Delete(j);
    tl_response_free(&res);
    all_apis_still_serve("a batch of 10000 OCO calls");
}

/* F-CORE-009: a head civetweb refuses (10,000 headers; one header of 100 KB) gets rmmsim's
 * JSON error and a closed connection; nobody else notices. More headers than civetweb keeps
 * (64) but within the head limit: the request is served. */
static void too_many_and_too_large_headers(void **state)
{
    (void)state;
    const char *paths[NAPIS] = { "/rpcnew/api/msp/user/list", "/api-client.php", "/graphql",
                                 "/__admin/health" };
    for (int api = 0; api < NAPIS; api++) {
        size_t len;
        char head[128];
        snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: x\r\n@\r\n", paths[api]);
        char *request = splice(head, "X-A: b\r\n", 10000, &len);
        char *reply = tl_raw_exchange(sim, request, len);
        if (strncmp(reply, "HTTP/1.1 4", 10) != 0 || !strstr(reply, "{\"error\":"))
            fail_msg("10000 headers to %s: \"%.120s\"", api_names[api], reply);
        free(reply);
        free(request);
        snprintf(head, sizeof head, "GET %s HTTP/1.1\r\nHost: x\r\nX-Big: @\r\n\r\n", paths[api]);
        request = splice(head, "y", 100000, &len);
        reply = tl_raw_exchange(sim, request, len);
        if (strncmp(reply, "HTTP/1.1 4", 10) != 0 || !strstr(reply, "{\"error\":"))
            fail_msg("a 100 KB header to %s: \"%.120s\"", api_names[api], reply);
        free(reply);
        free(request);
    }
    size_t len;
    char *request = splice("GET /__admin/health HTTP/1.1\r\nHost: x\r\n@Connection: close\r\n\r\n",
                           "X-A: b\r\n", 100, &len);
    char *reply = tl_raw_exchange(sim, request, len);
    if (strncmp(reply, "HTTP/1.1 200", 12) != 0)
        fail_msg("100 small headers: \"%.200s\"", reply);
    free(reply);
    free(request);
    all_apis_still_serve("too many or too large headers");
}

/* F-CORE-016: more connections at once than worker threads (16 here) queue; none fails. */
#define CLIENTS 96
static void *one_client(void *arg)
{
    long *status = arg;
    struct tl_response res;
    post(PCV, "{\"query\":\"{ __typename }\"}", 0, &res);
    *status = res.status;
    tl_response_free(&res);
    tl_thread_done();
    return NULL;
}

static void more_connections_than_threads_queue(void **state)
{
    (void)state;
    /* 16 threads held by idle open connections, then 96 clients at once. */
    int idle[16];
    for (int i = 0; i < 16; i++) {
        idle[i] = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in addr = { .sin_family = AF_INET,
                                    .sin_port = htons((uint16_t)rmmsim_port(sim)) };
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        assert_int_equal(connect(idle[i], (struct sockaddr *)&addr, sizeof addr), 0);
    }
    pthread_t th[CLIENTS];
    long status[CLIENTS];
    for (int i = 0; i < CLIENTS; i++)
        assert_int_equal(pthread_create(&th[i], NULL, one_client, &status[i]), 0);
    usleep(200 * 1000);
    for (int i = 0; i < 16; i++)
        close(idle[i]); /* the threads they held go on to the queue */
    for (int i = 0; i < CLIENTS; i++) {
        pthread_join(th[i], NULL);
        if (status[i] != 200)
            fail_msg("client %d of %d: status %ld", i, CLIENTS, status[i]);
    }
    all_apis_still_serve("96 connections at once");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(huge_array_within_the_body_limit),
        cmocka_unit_test(huge_string_within_the_body_limit),
        cmocka_unit_test(body_over_the_limit),
        cmocka_unit_test(deep_nesting),
        cmocka_unit_test(oco_batch_of_10000_calls),
        cmocka_unit_test(too_many_and_too_large_headers),
        cmocka_unit_test(more_connections_than_threads_queue),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
