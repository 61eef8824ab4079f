/*
 * Tests server/control/faults.c over real HTTP: every fault action (named vendor error, raw
 * reply, delay, drop, truncation) on each of the four APIs, registered and by header;
 * count, probability and per-tenant matching; bad specs; /__admin/errors (F-CTL-030..037);
 * a deleted tenant's faults (F-CTL-074).
 */
#include "ctl_support.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct ctl_route BY_KEY = {0};

/* ---- a bare libcurl client: drops and cut replies are what these tests look at ---- */

struct reply {
    CURLcode rc; /* CURLE_GOT_NOTHING for a drop, CURLE_PARTIAL_FILE for a cut reply */
    long status;
    char *body; /* NUL-terminated; malloc */
    size_t len;
    char type[128]; /* Content-Type */
    double ms;      /* wall time of the request */
};

static size_t on_body(char *p, size_t size, size_t n, void *userdata)
{
    struct reply *r = userdata;
    char *grown = realloc(r->body, r->len + size * n + 1);
    if (!grown)
        return 0;
    r->body = grown;
    memcpy(r->body + r->len, p, size * n);
    r->len += size * n;
    r->body[r->len] = '\0';
    return size * n;
}

/* One request as an API client sends it: what to call per API. */
struct call {
    const char *api;
    const char *method;
    const char *path;
    const char *headers[4];
    const char *body;
};

#define PCV_QUERY                                                                                  \
    "{\"query\":\"{ SiRetrieveSignedJwt(integratorApiToken: \\\"demo-integrator-token\\\", "       \
    "userApiToken: \\\"demo-user-token\\\") { __typename ... on Failure { error "                  \
    "comment_for_dev comment_for_user } } }\"}"

static const struct call ENT = {
    "remotepc-enterprise",
    "GET",
    "/rpcnew/api/msp/user/list",
    {"Authorization: Bearer demo-enterprise-key", "Content-Type: application/json"},
    NULL};
static const struct call RSL = {
    "remotepc-reseller",
    "POST",
    "/rpc-api/reseller/private/user/list",
    {"Authorization: Bearer demo-reseller-key", "Content-Type: application/json"},
    "{}"};
static const struct call OCO = {
    "oco",
    "POST",
    "/api-client.php",
    {"Authorization: Basic YWRtaW46YWRtaW4=", "Content-Type: application/json"},
    "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"oco.computer.list\","
    "\"params\":{\"api_key\":\"demo-oco-api-key\",\"data\":{}}}"};
static const struct call PCV = {
    "pcvisit", "POST", "/graphql", {"Content-Type: application/json"}, PCV_QUERY};
static const struct call *const ALL[] = {&ENT, &RSL, &OCO, &PCV};

/* Sends c (with prefix "/t/ID" when not NULL and an X-Rmmsim-Fault when fault is). */
static struct reply do_call(const struct call *c, const char *prefix, const char *fault)
{
    struct reply r = {0};
    char url[512], fh[512];
    snprintf(url, sizeof url, "%s%s%s", rmmsim_base_url(ctl_sim), prefix ? prefix : "", c->path);
    CURL *h = curl_easy_init();
    struct curl_slist *headers = NULL;
    for (size_t i = 0; i < 4 && c->headers[i]; i++)
        headers = curl_slist_append(headers, c->headers[i]);
    if (fault) {
        snprintf(fh, sizeof fh, "X-Rmmsim-Fault: %s", fault);
        headers = curl_slist_append(headers, fh);
    }
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, c->method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (c->body)
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, c->body);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    r.rc = curl_easy_perform(h);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    r.ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
    char *type = NULL;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
    snprintf(r.type, sizeof r.type, "%s", type ? type : "");
    if (!r.body)
        r.body = calloc(1, 1);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    return r;
}

static void reply_free(struct reply *r)
{
    free(r->body);
}

/* The normal answer of c: 200, and no Failure in pcvisit's. */
static void expect_normal(const struct call *c, const char *prefix)
{
    struct reply r = do_call(c, prefix, NULL);
    assert_int_equal(r.rc, CURLE_OK);
    assert_int_equal(r.status, 200);
    if (strstr(r.body, "Failure") || strstr(r.body, "\"error\""))
        fail_msg("%s: not the normal reply: %s", c->api, r.body);
    reply_free(&r);
}

static void expect_body(const struct reply *r, long status, const char *body)
{
    assert_int_equal(r->rc, CURLE_OK);
    assert_int_equal(r->status, status);
    assert_string_equal(r->body, body);
}

/* POSTs a fault; returns its id (static buffer) after checking 201. */
static const char *add_fault(const char *prefix, const char *json)
{
    static char id[32];
    char path[128];
    snprintf(path, sizeof path, "%s/__admin/faults", prefix ? prefix : "");
    cJSON *j;
    long status = ctl_admin(ctl_sim, BY_KEY, "POST", path, json, &j);
    if (status != 201)
        fail_msg("POST %s -> %ld", json, status);
    snprintf(id, sizeof id, "%s", ctl_get(j, "id")->valuestring);
    cJSON_Delete(j);
    return id;
}

static void clear_faults(void)
{
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "DELETE", "/__admin/faults", NULL, NULL), 200);
}

static int setup_each(void **state)
{
    (void)state;
    clear_faults();
    return 0;
}

/* ---- named vendor errors (F-CTL-033) ---- */

static void named_error_remotepc_enterprise(void **state)
{
    (void)state;
    add_fault(NULL, "{\"api\":\"remotepc-enterprise\",\"error\":\"INVALID_USER_PLAN\"}");
    struct reply r = do_call(&ENT, NULL, NULL);
    expect_body(&r, 403,
                "{\"status\":\"FORBIDDEN\",\"code\":403,\"errorsCount\":1,\"errors\":"
                "[{\"description\":\"Invalid user plan\"}]}");
    assert_string_equal(r.type, "application/json");
    reply_free(&r);
    expect_normal(&ENT, NULL); /* F-CTL-034: count 1 by default, then spent */
}

static void named_error_remotepc_reseller(void **state)
{
    (void)state;
    add_fault(NULL, "{\"api\":\"remotepc-reseller\",\"error\":\"NOT_AUTHORIZED\"}");
    struct reply r = do_call(&RSL, NULL, NULL);
    expect_body(&r, 401,
                "{\"status\":\"UNAUTHORIZED\",\"code\":401,\"errorsCount\":1,\"errors\":"
                "[{\"description\":\"NOT_AUTHORIZED\"}]}");
    reply_free(&r);
    /* The Reseller's mixed-case 403 word (F-RP-003) comes with its errors too. */
    r = do_call(&RSL, NULL, "error=FORBIDDEN");
    expect_body(&r, 403,
                "{\"status\":\"Forbidden\",\"code\":403,\"errorsCount\":1,\"errors\":"
                "[{\"description\":\"Forbidden\"}]}");
    reply_free(&r);
    expect_normal(&RSL, NULL);
}

static void named_error_oco(void **state)
{
    (void)state;
    add_fault(NULL, "{\"api\":\"oco\",\"error\":\"PERMISSION_DENIED\"}");
    struct reply r = do_call(&OCO, NULL, NULL);
    expect_body(&r, 200,
                "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32002,\"message\":"
                "\"Permission denied. You do not have the necessary rights.\","
                "\"data\":null}}");
    reply_free(&r);
    /* HTTP-level failures as the transport answers them (reference/oco.md section 1). */
    r = do_call(&OCO, NULL, "error=HTTP_AUTH_LOGIN_FAILED");
    expect_body(&r, 401, "HTTP Basic Auth: Login failed");
    assert_string_equal(r.type, "text/html; charset=UTF-8");
    reply_free(&r);
    r = do_call(&OCO, NULL, "error=HTTP_INTERNAL_ERROR");
    expect_body(&r, 500, "");
    reply_free(&r);
    r = do_call(&OCO, NULL, "error=HTTP_PAYLOAD_CORRUPT");
    expect_body(&r, 400, "");
    reply_free(&r);
    expect_normal(&OCO, NULL);
}

static void named_error_pcvisit(void **state)
{
    (void)state;
    add_fault(NULL, "{\"api\":\"pcvisit\",\"error\":\"TimeOut\",\"comment\":\"Retry-After: 5\"}");
    struct reply r = do_call(&PCV, NULL, NULL);
    expect_body(&r, 200,
                "{\"data\":{\"SiRetrieveSignedJwt\":{\"__typename\":\"Failure\",\"error\":"
                "\"TimeOut\",\"comment_for_dev\":\"Retry-After: 5\","
                "\"comment_for_user\":null}}}");
    reply_free(&r);
    /* Without a comment TimeOut still says when to retry. */
    r = do_call(&PCV, NULL, "error=TimeOut");
    assert_non_null(strstr(r.body, "\"comment_for_dev\":\"Retry-After: 60\""));
    reply_free(&r);
    r = do_call(&PCV, NULL, "error=AccessDenied");
    expect_body(&r, 200,
                "{\"data\":{\"SiRetrieveSignedJwt\":{\"__typename\":\"Failure\",\"error\":"
                "\"AccessDenied\",\"comment_for_dev\":null,\"comment_for_user\":null}}}");
    reply_free(&r);
    expect_normal(&PCV, NULL);
}

/* F-CTL-037: a faulted write leaves no trace in the tenant's data. */
static void faulted_write_changes_nothing(void **state)
{
    (void)state;
    const char *invite = "{\"email\":[\"fault.user@example.com\"]}";
    add_fault(NULL, "{\"api\":\"remotepc-enterprise\",\"path\":\"/rpcnew/api/msp/user/invite\","
                    "\"error\":\"INTERNAL_SERVER_ERROR\"}");
    cJSON *j;
    assert_int_equal(ctl_rp(ctl_sim, BY_KEY, "demo-enterprise-key", "POST",
                            "/rpcnew/api/msp/user/invite", invite, &j),
                     500);
    cJSON_Delete(j);
    assert_int_equal(ctl_rp(ctl_sim, BY_KEY, "demo-enterprise-key", "GET",
                            "/rpcnew/api/msp/user/list?recordPerPage=1000", NULL, &j),
                     200);
    char *text = cJSON_PrintUnformatted(j);
    assert_null(strstr(text, "fault.user@example.com"));
    free(text);
    cJSON_Delete(j);
}

/* ---- raw reply, delay, drop, truncation on every API (F-CTL-035, F-CTL-036) ---- */

/* F-CTL-035 */
static void raw_status_and_body_every_api(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(ALL); i++) {
        char json[256];
        snprintf(json, sizeof json,
                 "{\"api\":\"%s\",\"status\":503,\"body\":\"{\\\"down\\\":true}\"}", ALL[i]->api);
        add_fault(NULL, json);
        struct reply r = do_call(ALL[i], NULL, NULL);
        expect_body(&r, 503, "{\"down\":true}");
        assert_string_equal(r.type, "application/json");
        reply_free(&r);
        /* The header form, with a content type and an escaped ';'. */
        r = do_call(ALL[i], NULL, "status=502;body=bad%3Bgateway;contentType=text/plain");
        expect_body(&r, 502, "bad;gateway");
        assert_string_equal(r.type, "text/plain");
        reply_free(&r);
        expect_normal(ALL[i], NULL);
    }
}

/* F-CTL-035: a delay alone, then the normal reply. */
static void delay_then_normal_every_api(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(ALL); i++) {
        char json[256];
        snprintf(json, sizeof json, "{\"api\":\"%s\",\"delay\":150}", ALL[i]->api);
        add_fault(NULL, json);
        struct reply r = do_call(ALL[i], NULL, NULL);
        assert_int_equal(r.status, 200);
        if (r.ms < 150)
            fail_msg("%s: answered after %.1f ms, before the delay", ALL[i]->api, r.ms);
        reply_free(&r);
        /* Delay before another action, by header. */
        r = do_call(ALL[i], NULL, "delay=100;status=504");
        assert_int_equal(r.status, 504);
        assert_true(r.ms >= 100);
        reply_free(&r);
    }
}

/* F-CTL-036 */
static void drop_every_api(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(ALL); i++) {
        char json[256];
        snprintf(json, sizeof json, "{\"api\":\"%s\",\"drop\":true}", ALL[i]->api);
        add_fault(NULL, json);
        struct reply r = do_call(ALL[i], NULL, NULL);
        assert_int_equal(r.rc, CURLE_GOT_NOTHING);
        reply_free(&r);
        r = do_call(ALL[i], NULL, "drop");
        assert_int_equal(r.rc, CURLE_GOT_NOTHING);
        reply_free(&r);
        expect_normal(ALL[i], NULL); /* the server keeps serving */
    }
    struct tl_response res;
    tl_get(ctl_sim, "/__admin/health", &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
}

/* F-CTL-036: the head with the whole Content-Length, then N bytes. */
static void truncate_every_api(void **state)
{
    (void)state;
    for (size_t i = 0; i < N(ALL); i++) {
        struct reply whole = do_call(ALL[i], NULL, NULL);
        assert_int_equal(whole.status, 200);
        char json[256];
        snprintf(json, sizeof json, "{\"api\":\"%s\",\"truncate\":10}", ALL[i]->api);
        add_fault(NULL, json);
        struct reply r = do_call(ALL[i], NULL, NULL);
        assert_int_equal(r.rc, CURLE_PARTIAL_FILE);
        assert_int_equal(r.len, 10);
        assert_memory_equal(r.body, whole.body, 10);
        reply_free(&r);
        r = do_call(ALL[i], NULL, "truncate=0");
        assert_int_equal(r.rc, CURLE_PARTIAL_FILE);
        assert_int_equal(r.len, 0);
        reply_free(&r);
        reply_free(&whole);
        expect_normal(ALL[i], NULL);
    }
}

/* ---- triggers and matching ---- */

/* F-CTL-034: count N faults the next N matching requests; GET shows what is left. */
static void count_runs_out(void **state)
{
    (void)state;
    const char *id = add_fault(NULL, "{\"api\":\"oco\",\"status\":500,\"count\":2}");
    char path[64];
    snprintf(path, sizeof path, "/__admin/faults");
    struct reply r = do_call(&OCO, NULL, NULL);
    assert_int_equal(r.status, 500);
    reply_free(&r);
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", path, NULL, &j), 200);
    const cJSON *f = cJSON_GetArrayItem(ctl_get(j, "faults"), 0);
    assert_string_equal(ctl_get(f, "id")->valuestring, id);
    assert_int_equal(ctl_get(f, "count")->valueint, 1);
    assert_int_equal(ctl_get(f, "hits")->valueint, 1);
    cJSON_Delete(j);
    r = do_call(&OCO, NULL, NULL);
    assert_int_equal(r.status, 500);
    reply_free(&r);
    expect_normal(&OCO, NULL);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", path, NULL, &j), 200);
    assert_int_equal(cJSON_GetArraySize(ctl_get(j, "faults")), 0);
    cJSON_Delete(j);
}

/* F-CTL-034: probability 0 never fires, 1 always; a seed repeats the same choices. */
static void probability_zero_one_and_seed(void **state)
{
    (void)state;
    add_fault(NULL, "{\"api\":\"remotepc-enterprise\",\"status\":418,\"probability\":0}");
    for (int i = 0; i < 5; i++)
        expect_normal(&ENT, NULL);
    clear_faults();
    add_fault(NULL, "{\"api\":\"remotepc-enterprise\",\"status\":418,\"probability\":1}");
    for (int i = 0; i < 5; i++) {
        struct reply r = do_call(&ENT, NULL, NULL);
        assert_int_equal(r.status, 418);
        reply_free(&r);
    }
    clear_faults();
    char first[33] = "", second[33] = "";
    for (int round = 0; round < 2; round++) {
        add_fault(NULL, "{\"api\":\"remotepc-enterprise\",\"status\":418,\"probability\":0.5,"
                        "\"seed\":42}");
        char *pattern = round ? second : first;
        for (int i = 0; i < 32; i++) {
            struct reply r = do_call(&ENT, NULL, NULL);
            pattern[i] = r.status == 418 ? 'x' : '.';
            reply_free(&r);
        }
        clear_faults();
    }
    assert_string_equal(first, second);
    assert_non_null(strchr(first, 'x'));
    assert_non_null(strchr(first, '.'));
}

/* F-CTL-032: a fault belongs to one tenant (the admin request's unless named). */
static void tenant_a_does_not_fault_b(void **state)
{
    (void)state;
    struct ctl_tenant a, b;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &b), 201);
    char pa[80], pb[80], json[160];
    snprintf(pa, sizeof pa, "/t/%s", a.id);
    snprintf(pb, sizeof pb, "/t/%s", b.id);
    /* By prefix: the fault is a's. */
    add_fault(pa, "{\"api\":\"oco\",\"error\":\"NOT_FOUND\",\"count\":5}");
    /* By name in the body. */
    snprintf(json, sizeof json, "{\"tenant\":\"%s\",\"api\":\"pcvisit\",\"drop\":true}", a.id);
    add_fault(NULL, json);
    char list[96];
    snprintf(list, sizeof list, "/__admin/faults?tenant=%s", a.id);
    cJSON *listed;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", list, NULL, &listed), 200);
    assert_int_equal(cJSON_GetArraySize(ctl_get(listed, "faults")), 2);
    assert_string_equal(
        ctl_get(cJSON_GetArrayItem(ctl_get(listed, "faults"), 0), "tenant")->valuestring, a.id);
    cJSON_Delete(listed);
    struct call oco_b = OCO;
    char body[512];
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"oco.computer.list\","
             "\"params\":{\"api_key\":\"%s\",\"data\":{}}}",
             b.oco_key);
    oco_b.body = body;
    expect_normal(&oco_b, pb);
    expect_normal(&OCO, NULL); /* the default tenant neither */
    struct reply r = do_call(&OCO, pa, NULL);
    assert_non_null(strstr(r.body, "\"code\":-32003"));
    reply_free(&r);
    r = do_call(&PCV, pb, NULL);
    assert_int_equal(r.rc, CURLE_OK);
    reply_free(&r);
    r = do_call(&PCV, pa, NULL);
    assert_int_equal(r.rc, CURLE_GOT_NOTHING);
    reply_free(&r);
    /* DELETE ?tenant= clears a's faults only. */
    add_fault(NULL, "{\"api\":\"oco\",\"status\":500,\"count\":3}");
    char path[96];
    snprintf(path, sizeof path, "/__admin/faults?tenant=%s", a.id);
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "DELETE", path, NULL, &j), 200);
    assert_int_equal(ctl_get(j, "deleted")->valueint, 1);
    cJSON_Delete(j);
    r = do_call(&OCO, NULL, NULL);
    assert_int_equal(r.status, 500); /* the default tenant's stays */
    reply_free(&r);
    ctl_tenant_delete(ctl_sim, a.id);
    ctl_tenant_delete(ctl_sim, b.id);
}

/* Number of faults GET /__admin/faults?tenant=id lists. */
static int faults_listed(const char *id)
{
    char path[128];
    snprintf(path, sizeof path, "/__admin/faults?tenant=%s", id);
    cJSON *listed;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", path, NULL, &listed), 200);
    int n = cJSON_GetArraySize(ctl_get(listed, "faults"));
    cJSON_Delete(listed);
    return n;
}

/* F-CTL-074: deleting a tenant deletes its faults (ids are never reused, so they could only
 * pile up); other tenants keep theirs. */
static void deleting_a_tenant_forgets_its_faults(void **state)
{
    (void)state;
    struct ctl_tenant gone, other;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &gone), 201);
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &other), 201);
    char prefix[80], json[160];
    snprintf(prefix, sizeof prefix, "/t/%s", gone.id);
    add_fault(prefix, "{\"api\":\"oco\",\"error\":\"NOT_FOUND\",\"count\":5}");
    snprintf(json, sizeof json, "{\"tenant\":\"%s\",\"api\":\"pcvisit\",\"drop\":true}",
             gone.id);
    add_fault(NULL, json);
    snprintf(json, sizeof json, "{\"tenant\":\"%s\",\"api\":\"oco\",\"status\":500}",
             other.id);
    add_fault(NULL, json);
    add_fault(NULL, "{\"tenant\":\"*\",\"api\":\"oco\",\"status\":500,\"path\":\"/none\"}");
    assert_int_equal(faults_listed(gone.id), 2);

    ctl_tenant_delete(ctl_sim, gone.id);
    assert_int_equal(faults_listed(gone.id), 0);
    assert_int_equal(faults_listed(other.id), 1);
    assert_int_equal(faults_listed("*"), 1); /* the all-tenant one stays */
    ctl_tenant_delete(ctl_sim, other.id);
    assert_int_equal(faults_listed(other.id), 0);
}

/* F-CTL-032: operation, method and path narrow a fault; F-CTL-030: each request takes the
 * oldest fault that matches. */
static void operation_method_and_path_match(void **state)
{
    (void)state;
    add_fault(NULL, "{\"api\":\"oco\",\"operation\":\"oco.package.list\",\"status\":500}");
    add_fault(NULL, "{\"api\":\"remotepc-enterprise\",\"method\":\"POST\",\"status\":500}");
    add_fault(NULL, "{\"api\":\"remotepc-enterprise\",\"path\":\"/rpcnew/api/msp/computer/*\","
                    "\"status\":501}");
    expect_normal(&OCO, NULL);
    expect_normal(&ENT, NULL); /* a GET of user/list: neither POST nor computer/ */
    cJSON *j;
    assert_int_equal(ctl_oco(ctl_sim, BY_KEY, "demo-oco-api-key", "oco.package.list", NULL, NULL),
                     500);
    assert_int_equal(ctl_rp(ctl_sim, BY_KEY, "demo-enterprise-key", "GET",
                            "/rpcnew/api/msp/computer/list", NULL, &j),
                     501);
    cJSON_Delete(j);
}

/* F-CTL-031: the header wins and leaves registered faults for later requests. */
static void header_wins_and_spares_registered(void **state)
{
    (void)state;
    add_fault(NULL, "{\"api\":\"pcvisit\",\"status\":500}");
    struct reply r = do_call(&PCV, NULL, "status=429;body=slow down");
    expect_body(&r, 429, "slow down");
    reply_free(&r);
    r = do_call(&PCV, NULL, NULL);
    assert_int_equal(r.status, 500);
    reply_free(&r);
    /* A bad header is a 400 naming the problem, and nothing runs. */
    r = do_call(&ENT, NULL, "error=NO_SUCH");
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "unknown error 'NO_SUCH' for api remotepc-enterprise"));
    reply_free(&r);
    r = do_call(&ENT, NULL, "drop;truncate=3");
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "X-Rmmsim-Fault: give one of error, status, drop"));
    reply_free(&r);
    r = do_call(&OCO, NULL, "count=2");
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "unknown key 'count'"));
    reply_free(&r);
}

/* Bad bodies of POST /__admin/faults: 400 naming the problem. */
static void bad_specs_are_400(void **state)
{
    (void)state;
    static const struct {
        const char *body, *needle;
    } cases[] = {
        {"[]", "body must be a JSON object"},
        {"{}", "give an action"},
        {"{\"api\":\"oco\",\"colour\":1,\"drop\":true}", "unknown key 'colour'"},
        {"{\"api\":\"nope\",\"drop\":true}", "unknown api 'nope' (remotepc-enterprise"},
        {"{\"error\":\"TimeOut\"}", "error needs api"},
        {"{\"api\":\"oco\",\"error\":\"TimeOut\"}", "unknown error 'TimeOut' for api oco"},
        {"{\"api\":\"oco\",\"status\":99}", "status must be an HTTP status from 100 to 599"},
        {"{\"api\":\"oco\",\"body\":\"x\"}", "body and contentType go with status"},
        {"{\"api\":\"oco\",\"drop\":true,\"status\":500}", "give one of error, status, drop"},
        {"{\"api\":\"oco\",\"drop\":false}", "drop must be true"},
        {"{\"api\":\"oco\",\"delay\":-1}", "delay must be a whole number of milliseconds"},
        {"{\"api\":\"oco\",\"delay\":60001}", "from 0 to 60000"},
        {"{\"api\":\"oco\",\"truncate\":1.5}", "truncate must be a whole number"},
        {"{\"api\":\"oco\",\"drop\":true,\"count\":0}", "count must be a whole number from 1"},
        {"{\"api\":\"oco\",\"drop\":true,\"probability\":1.5}", "probability must be a number"},
        {"{\"api\":\"oco\",\"drop\":true,\"seed\":3}", "seed goes with probability"},
        {"{\"api\":\"oco\",\"drop\":true,\"method\":\"BREW\"}", "method must be one of"},
        {"{\"api\":\"oco\",\"drop\":true,\"path\":\"x\"}", "path must start with '/'"},
        {"{\"api\":\"pcvisit\",\"comment\":\"x\",\"drop\":true}", "comment goes with error"},
        {"{\"api\":\"oco\",\"status\":200,\"contentType\":\"text/plain\\r\\nSet-Cookie: a=b\"}",
         "contentType must be one line (no CR or LF)"},
    };
    for (size_t i = 0; i < N(cases); i++) {
        cJSON *j;
        long status = ctl_admin(ctl_sim, BY_KEY, "POST", "/__admin/faults", cases[i].body, &j);
        const cJSON *e = ctl_get(j, "error");
        if (status != 400 || !cJSON_IsString(e) || !strstr(e->valuestring, cases[i].needle))
            fail_msg("%s -> %ld %s (want 400 with '%s')", cases[i].body, status,
                     cJSON_IsString(e) ? e->valuestring : "?", cases[i].needle);
        cJSON_Delete(j);
    }
    /* The same in the header, percent-encoded: 400, and the request does not run. */
    struct reply r = do_call(&OCO, NULL, "status=200;contentType=text/plain%0d%0aSet-Cookie:a=b");
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "contentType must be one line"));
    reply_free(&r);
}

static void delete_one_and_unknown(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof path, "/__admin/faults/%s",
             add_fault(NULL, "{\"api\":\"oco\","
                             "\"drop\":true}"));
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "DELETE", path, NULL, &j), 200);
    cJSON_Delete(j);
    expect_normal(&OCO, NULL);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "DELETE", path, NULL, &j), 404);
    assert_non_null(strstr(ctl_get(j, "error")->valuestring, "no fault"));
    cJSON_Delete(j);
}

/* F-CTL-033: /__admin/errors lists each API's errors from its own table. */
static void errors_lists_every_api(void **state)
{
    (void)state;
    static const struct {
        const char *api, *name, *shows;
        int status;
    } want[] = {
        {"remotepc-enterprise", "INVALID_USER_PLAN", "Invalid user plan", 403},
        {"remotepc-enterprise", "INVALID_USER", "Invalid user", 401},
        {"remotepc-reseller", "NOT_AUTHORIZED", "NOT_AUTHORIZED", 401},
        {"remotepc-reseller", "EMAIL_EXISTS", "EMAIL_EXISTS", 400},
        {"oco", "PERMISSION_DENIED",
         "JSON-RPC error -32002: Permission denied. You do not have the necessary rights.", 200},
        {"oco", "HTTP_AUTH_LOGIN_FAILED", "Login failed", 401},
        {"pcvisit", "TimeOut", "TimeOut", 200},
        {"pcvisit", "AccessDenied", "AccessDenied", 200},
    };
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", "/__admin/errors", NULL, &j), 200);
    const cJSON *list = ctl_get(j, "errors");
    for (size_t i = 0; i < N(want); i++) {
        bool found = false;
        const cJSON *e;
        cJSON_ArrayForEach(e, list)
        {
            if (strcmp(ctl_get(e, "api")->valuestring, want[i].api) == 0 &&
                strcmp(ctl_get(e, "name")->valuestring, want[i].name) == 0) {
                assert_string_equal(ctl_get(e, "shows")->valuestring, want[i].shows);
                assert_int_equal(ctl_get(e, "status")->valueint, want[i].status);
                found = true;
            }
        }
        if (!found)
            fail_msg("%s %s not listed", want[i].api, want[i].name);
    }
    /* NoError is no error. */
    const cJSON *e;
    cJSON_ArrayForEach(e, list) assert_string_not_equal(ctl_get(e, "name")->valuestring, "NoError");
    cJSON_Delete(j);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", "/__admin/errors?api=oco", NULL, &j), 200);
    cJSON_ArrayForEach(e, ctl_get(j, "errors"))
        assert_string_equal(ctl_get(e, "api")->valuestring, "oco");
    cJSON_Delete(j);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", "/__admin/errors?api=x", NULL, &j), 404);
    cJSON_Delete(j);
}

/* The control plane is never faulted (F-CTL-032): a fault on every API spares it. */
static void control_plane_is_never_faulted(void **state)
{
    (void)state;
    add_fault(NULL, "{\"drop\":true,\"count\":100}");
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", "/__admin/clock", NULL, &j), 200);
    cJSON_Delete(j);
    struct reply r = do_call(&ENT, NULL, NULL);
    assert_int_equal(r.rc, CURLE_GOT_NOTHING);
    reply_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(named_error_remotepc_enterprise, setup_each),
        cmocka_unit_test_setup(named_error_remotepc_reseller, setup_each),
        cmocka_unit_test_setup(named_error_oco, setup_each),
        cmocka_unit_test_setup(named_error_pcvisit, setup_each),
        cmocka_unit_test_setup(faulted_write_changes_nothing, setup_each),
        cmocka_unit_test_setup(raw_status_and_body_every_api, setup_each),
        cmocka_unit_test_setup(delay_then_normal_every_api, setup_each),
        cmocka_unit_test_setup(drop_every_api, setup_each),
        cmocka_unit_test_setup(truncate_every_api, setup_each),
        cmocka_unit_test_setup(count_runs_out, setup_each),
        cmocka_unit_test_setup(probability_zero_one_and_seed, setup_each),
        cmocka_unit_test_setup(tenant_a_does_not_fault_b, setup_each),
        cmocka_unit_test_setup(deleting_a_tenant_forgets_its_faults, setup_each),
        cmocka_unit_test_setup(operation_method_and_path_match, setup_each),
        cmocka_unit_test_setup(header_wins_and_spares_registered, setup_each),
        cmocka_unit_test_setup(bad_specs_are_400, setup_each),
        cmocka_unit_test_setup(delete_one_and_unknown, setup_each),
        cmocka_unit_test_setup(errors_lists_every_api, setup_each),
        cmocka_unit_test_setup(control_plane_is_never_faulted, setup_each),
    };
    return cmocka_run_group_tests(tests, ctl_setup, ctl_teardown);
}
