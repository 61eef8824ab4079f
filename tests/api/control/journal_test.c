/*
 * Tests server/control/journal.c over real HTTP: every field of a request to each API
 * (RemotePC, OCO single and batch, pcvisit, admin), errors before routing, reused replies,
 * the filters, count and delete, truncation, the ring's wrap-around and concurrent use
 * (F-CTL-020..026).
 */
#include "ctl_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RP_ENT "/rpcnew/api/msp/"
#define ENT_KEY "Authorization: Bearer demo-enterprise-key"

static const char *str(const cJSON *v, const char *a)
{
    const cJSON *s = ctl_get(v, a);
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

static long num(const cJSON *v, const char *a)
{
    const cJSON *n = ctl_get(v, a);
    assert_true(cJSON_IsNumber(n));
    return (long)n->valuedouble;
}

/* GET /__admin/requests?QUERY on sim; the "requests" array (owned by *root). */
static const cJSON *journal(struct rmmsim *sim, const char *query, cJSON **root)
{
    char path[512];
    snprintf(path, sizeof path, "/__admin/requests%s%s", *query ? "?" : "", query);
    struct tl_response res;
    tl_get(sim, path, &res);
    assert_int_equal(res.status, 200);
    *root = tl_json(&res);
    tl_response_free(&res);
    const cJSON *list = ctl_get(*root, "requests");
    assert_true(cJSON_IsArray(list));
    return list;
}

/* The count of GET /__admin/requests/count?QUERY. */
static long count(struct rmmsim *sim, const char *query)
{
    char path[512];
    snprintf(path, sizeof path, "/__admin/requests/count?%s", query);
    struct tl_response res;
    tl_get(sim, path, &res);
    assert_int_equal(res.status, 200);
    cJSON *j = tl_json(&res);
    long n = num(j, "count");
    cJSON_Delete(j);
    tl_response_free(&res);
    return n;
}

/* The value of header name in an entry's [[name, value], ...]; NULL when absent. */
static const char *entry_header(const cJSON *entry, const char *name)
{
    const cJSON *pair;
    cJSON_ArrayForEach(pair, ctl_get(entry, "headers"))
    {
        if (strcasecmp(cJSON_GetArrayItem(pair, 0)->valuestring, name) == 0)
            return cJSON_GetArrayItem(pair, 1)->valuestring;
    }
    return NULL;
}

static void new_tenant(struct ctl_tenant *t)
{
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, t), 201);
}

/* F-CTL-020, F-CTL-021, F-CTL-022: a RemotePC request, every field. */
static void remotepc_request_every_field(void **state)
{
    (void)state;
    struct ctl_tenant t;
    new_tenant(&t);
    char auth[256], path[256], q[128];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", t.ent_key);
    struct tl_request req = {.method = "GET",
                             .path = RP_ENT "computer/list?page=1",
                             .headers = {auth, "X-Journal-Test: one"}};
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    assert_int_equal(res.status, 200);
    snprintf(q, sizeof q, "tenant=%s", t.id);
    cJSON *root;
    const cJSON *list = journal(ctl_sim, q, &root);
    assert_int_equal(cJSON_GetArraySize(list), 1);
    const cJSON *e = cJSON_GetArrayItem(list, 0);
    assert_true(num(e, "id") > 0);
    long long ms = (long long)ctl_get(e, "timeMs")->valuedouble;
    long long now = (long long)time(NULL) * 1000;
    assert_true(ms <= now + 1000 && ms > now - 60000);
    assert_int_equal(strlen(str(e, "time")), 24); /* 2026-01-01T00:00:00.000Z */
    assert_string_equal(str(e, "tenant"), t.id);
    assert_string_equal(str(e, "tenantVia"), "credential");
    assert_string_equal(str(e, "api"), "remotepc-enterprise");
    assert_string_equal(str(e, "operation"), "/rpcnew/api/msp/computer/list");
    assert_string_equal(str(e, "method"), "GET");
    assert_string_equal(str(e, "path"), "/rpcnew/api/msp/computer/list");
    assert_string_equal(str(e, "query"), "page=1");
    assert_string_equal(entry_header(e, "X-Journal-Test"), "one");
    assert_string_equal(entry_header(e, "Authorization"), auth + strlen("Authorization: "));
    assert_string_equal(str(e, "body"), "");
    assert_int_equal(num(e, "bodySize"), 0);
    assert_false(cJSON_IsTrue(ctl_get(e, "bodyTruncated")));
    assert_int_equal(num(e, "status"), 200);
    assert_string_equal(str(e, "responseContentType"), "application/json");
    assert_int_equal(num(e, "responseSize"), (long)res.body_len);
    if (res.body_len <= 4096) {
        assert_string_equal(str(e, "responseBody"), res.body);
    } else { /* F-CTL-023 */
        assert_true(cJSON_IsTrue(ctl_get(e, "responseTruncated")));
        assert_int_equal(strlen(str(e, "responseBody")), 4096);
        assert_memory_equal(str(e, "responseBody"), res.body, 4096);
    }
    assert_true(num(e, "latencyUs") >= 0);
    assert_true(cJSON_IsBool(ctl_get(e, "cached")));
    (void)path;
    cJSON_Delete(root);
    tl_response_free(&res);
    ctl_tenant_delete(ctl_sim, t.id);
}

/* F-CTL-021: OCO's operation is the JSON-RPC method; a batch's lists each. */
static void oco_single_and_batch(void **state)
{
    (void)state;
    struct ctl_tenant t;
    new_tenant(&t);
    struct ctl_route by_header = {.header = t.id};
    assert_int_equal(ctl_oco(ctl_sim, by_header, t.oco_key, "oco.computer.list", "{}", NULL), 200);
    char body[1024];
    snprintf(body, sizeof body,
             "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.list\",\"params\":"
             "{\"api_key\":\"%s\",\"data\":{}}},{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":"
             "\"oco.job_container.list\",\"params\":{\"api_key\":\"%s\",\"data\":{}}}]",
             t.oco_key, t.oco_key);
    char tenant[128];
    snprintf(tenant, sizeof tenant, "X-Rmmsim-Tenant: %s", t.id);
    struct tl_request req = {.method = "POST",
                             .path = "/api-client.php",
                             .body = body,
                             .headers = {"Authorization: Basic YWRtaW46YWRtaW4=",
                                         "Content-Type: application/json", tenant}};
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    assert_int_equal(res.status, 200);

    char q[256];
    snprintf(q, sizeof q, "tenant=%s&api=oco", t.id);
    cJSON *root;
    const cJSON *list = journal(ctl_sim, q, &root);
    assert_int_equal(cJSON_GetArraySize(list), 2);
    const cJSON *batch = cJSON_GetArrayItem(list, 0), *single = cJSON_GetArrayItem(list, 1);
    assert_true(num(batch, "id") > num(single, "id")); /* F-CTL-025: newest first */
    assert_string_equal(str(single, "operation"), "oco.computer.list");
    assert_string_equal(str(batch, "operation"), "oco.computer.list,oco.job_container.list");
    assert_string_equal(str(batch, "tenantVia"), "header");
    assert_string_equal(str(batch, "method"), "POST");
    assert_string_equal(str(batch, "body"), body);
    assert_int_equal(num(batch, "bodySize"), (long)strlen(body));
    assert_int_equal(num(batch, "responseSize"), (long)res.body_len);
    const char *kept = str(batch, "responseBody");
    assert_int_equal(strlen(kept), res.body_len > 4096 ? 4096 : res.body_len);
    assert_memory_equal(kept, res.body, strlen(kept));
    assert_string_equal(entry_header(batch, "Content-Type"), "application/json");
    cJSON_Delete(root);
    /* Filtering by one method of a batch finds the batch. */
    snprintf(q, sizeof q, "tenant=%s&operation=oco.job_container.list", t.id);
    assert_int_equal(count(ctl_sim, q), 1);
    snprintf(q, sizeof q, "tenant=%s&operation=oco.computer.list", t.id);
    assert_int_equal(count(ctl_sim, q), 2);
    tl_response_free(&res);
    ctl_tenant_delete(ctl_sim, t.id);
}

/* F-CTL-021: pcvisit's operation is the selected operation's top-level fields. */
static void pcvisit_fields_of_the_selected_operation(void **state)
{
    (void)state;
    struct ctl_tenant t;
    new_tenant(&t);
    char path[128];
    snprintf(path, sizeof path, "/t/%s/graphql", t.id);
    const char *body = "{\"query\":\"query A { __typename } query B { __schema { queryType "
                       "{ name } } ...F } fragment F on Query { __typename x: __typename }\","
                       "\"operationName\":\"B\"}";
    struct tl_response res;
    tl_post_json(ctl_sim, path, body, &res);
    char q[256];
    snprintf(q, sizeof q, "tenant=%s&api=pcvisit", t.id);
    cJSON *root;
    const cJSON *list = journal(ctl_sim, q, &root);
    assert_int_equal(cJSON_GetArraySize(list), 1);
    const cJSON *e = cJSON_GetArrayItem(list, 0);
    assert_string_equal(str(e, "operation"), "__schema,__typename");
    assert_string_equal(str(e, "tenantVia"), "prefix");
    assert_string_equal(str(e, "path"), "/graphql"); /* the prefix is in tenant, not path */
    assert_int_equal(num(e, "status"), res.status);
    cJSON_Delete(root);
    snprintf(q, sizeof q, "tenant=%s&operation=__schema", t.id);
    assert_int_equal(count(ctl_sim, q), 1);
    tl_response_free(&res);
    ctl_tenant_delete(ctl_sim, t.id);
}

/* F-CTL-022: the time is the tenant's clock; the admin API is recorded, the journal's own
 * paths are not (F-CTL-020). */
static void admin_requests_and_the_tenant_clock(void **state)
{
    (void)state;
    struct ctl_tenant t;
    new_tenant(&t);
    struct ctl_route by_prefix = {.prefix = t.id};
    assert_int_equal(ctl_admin(ctl_sim, by_prefix, "POST", "/__admin/clock",
                               "{\"freeze\":\"2030-01-01T00:00:00Z\"}", NULL),
                     200);
    assert_int_equal(ctl_admin(ctl_sim, by_prefix, "GET", "/__admin/clock", NULL, NULL), 200);
    char q[256];
    snprintf(q, sizeof q, "tenant=%s&api=admin", t.id);
    cJSON *root;
    const cJSON *list = journal(ctl_sim, q, &root);
    assert_int_equal(cJSON_GetArraySize(list), 2);
    const cJSON *get = cJSON_GetArrayItem(list, 0);
    assert_string_equal(str(get, "operation"), "/__admin/clock");
    assert_string_equal(str(get, "time"), "2030-01-01T00:00:00.000Z");
    assert_int_equal((long long)ctl_get(get, "timeMs")->valuedouble, 1893456000000LL);
    assert_string_equal(str(cJSON_GetArrayItem(list, 1), "body"),
                        "{\"freeze\":\"2030-01-01T00:00:00Z\"}");
    cJSON_Delete(root);
    /* since: by the tenant's clock, as ISO or as ms */
    snprintf(q, sizeof q, "tenant=%s&since=2030-01-01T00:00:00Z", t.id);
    assert_int_equal(count(ctl_sim, q), 1);
    snprintf(q, sizeof q, "tenant=%s&since=1893456000001", t.id);
    assert_int_equal(count(ctl_sim, q), 0);
    /* Reading the journal adds nothing. */
    for (int i = 0; i < 3; i++)
        assert_int_equal(count(ctl_sim, "operation=/__admin/requests"), 0);
    assert_int_equal(count(ctl_sim, "operation=/__admin/requests/count"), 0);
    ctl_tenant_delete(ctl_sim, t.id);
}

/* F-CTL-020: errors made before routing, and unknown tenants, are recorded. */
static void errors_before_routing_are_recorded(void **state)
{
    (void)state;
    struct tl_response res;
    struct tl_request r404 = {.method = "GET", .path = "/t/jnosuch/rpcnew/api/msp/user/list"};
    tl_do(ctl_sim, &r404, &res);
    assert_int_equal(res.status, 404);
    tl_response_free(&res);
    cJSON *root;
    const cJSON *list = journal(ctl_sim, "tenant=jnosuch", &root);
    assert_int_equal(cJSON_GetArraySize(list), 1);
    const cJSON *e = cJSON_GetArrayItem(list, 0);
    assert_int_equal(num(e, "status"), 404);
    assert_string_equal(str(e, "api"), "remotepc-enterprise");
    assert_string_equal(str(e, "operation"), "/rpcnew/api/msp/user/list");
    cJSON_Delete(root);

    struct ctl_tenant t;
    new_tenant(&t);
    char p[256];
    snprintf(p, sizeof p, "/t/%s/rpcnew/api/msp/no/such/thing", t.id);
    struct tl_request nf = {.method = "GET", .path = p};
    tl_do(ctl_sim, &nf, &res);
    tl_response_free(&res);
    snprintf(p, sizeof p, "/t/%s/__admin/health", t.id);
    struct tl_request na = {.method = "DELETE", .path = p};
    tl_do(ctl_sim, &na, &res);
    assert_int_equal(res.status, 405);
    tl_response_free(&res);
    char q[256];
    snprintf(q, sizeof q, "tenant=%s&status=404", t.id);
    list = journal(ctl_sim, q, &root);
    assert_int_equal(cJSON_GetArraySize(list), 1);
    assert_true(cJSON_IsNull(ctl_get(cJSON_GetArrayItem(list, 0), "operation")));
    cJSON_Delete(root);
    snprintf(q, sizeof q, "tenant=%s&status=405", t.id);
    assert_int_equal(count(ctl_sim, q), 1);
    snprintf(q, sizeof q, "tenant=%s&status=4xx", t.id);
    assert_int_equal(count(ctl_sim, q), 2);
    snprintf(q, sizeof q, "tenant=%s&status=2xx", t.id);
    assert_int_equal(count(ctl_sim, q), 0);
    ctl_tenant_delete(ctl_sim, t.id);

    /* A request civetweb refuses itself. */
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)rmmsim_port(ctl_sim))};
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    long before = count(ctl_sim, "status=400");
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    const char bad[] = "GET / HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n";
    assert_int_equal(write(fd, bad, sizeof bad - 1), (ssize_t)(sizeof bad - 1));
    char buf[512];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    assert_true(n > 12);
    buf[n] = '\0';
    assert_non_null(strstr(buf, " 400 "));
    assert_int_equal(count(ctl_sim, "status=400"), before + 1);
}

/* F-CORE-008, F-CTL-020: a reused reply is recorded like any other, and says so. */
static void reused_replies_are_recorded(void **state)
{
    (void)state;
    struct ctl_tenant t;
    new_tenant(&t);
    struct ctl_route by_header = {.header = t.id};
    for (int i = 0; i < 3; i++)
        assert_int_equal(
            ctl_rp(ctl_sim, by_header, t.ent_key, "GET", RP_ENT "computer/list", NULL, NULL), 200);
    char q[256];
    snprintf(q, sizeof q, "tenant=%s", t.id);
    cJSON *root;
    const cJSON *list = journal(ctl_sim, q, &root);
    assert_int_equal(cJSON_GetArraySize(list), 3);
    assert_true(cJSON_IsTrue(ctl_get(cJSON_GetArrayItem(list, 0), "cached")));
    assert_false(cJSON_IsTrue(ctl_get(cJSON_GetArrayItem(list, 2), "cached")));
    assert_string_equal(str(cJSON_GetArrayItem(list, 0), "responseBody"),
                        str(cJSON_GetArrayItem(list, 2), "responseBody"));
    cJSON_Delete(root);
    ctl_tenant_delete(ctl_sim, t.id);
}

/* F-CTL-025: limit, order, api and the problems of a bad query. */
static void limit_order_and_bad_filters(void **state)
{
    (void)state;
    struct ctl_tenant t;
    new_tenant(&t);
    struct ctl_route by_header = {.header = t.id};
    for (int i = 0; i < 5; i++)
        ctl_admin(ctl_sim, by_header, "GET", "/__admin/clock", NULL, NULL);
    char q[256];
    snprintf(q, sizeof q, "tenant=%s&limit=2", t.id);
    cJSON *root;
    const cJSON *list = journal(ctl_sim, q, &root);
    assert_int_equal(cJSON_GetArraySize(list), 2);
    long newest = num(cJSON_GetArrayItem(list, 0), "id");
    assert_int_equal(num(cJSON_GetArrayItem(list, 1), "id"), newest - 1);
    cJSON_Delete(root);
    snprintf(q, sizeof q, "tenant=%s&limit=2&order=oldest", t.id);
    list = journal(ctl_sim, q, &root);
    assert_int_equal(num(cJSON_GetArrayItem(list, 0), "id"), newest - 4);
    cJSON_Delete(root);
    snprintf(q, sizeof q, "tenant=%s&api=oco", t.id);
    assert_int_equal(count(ctl_sim, q), 0);
    snprintf(q, sizeof q, "tenant=%s&api=admin&operation=/__admin/clock&status=200", t.id);
    assert_int_equal(count(ctl_sim, q), 5);
    static const char *const bad[] = {"limit=0",     "limit=1001", "status=4x",  "status=600",
                                      "since=today", "order=up",   "color=blue", NULL};
    for (const char *const *b = bad; *b; b++) {
        char path[128];
        snprintf(path, sizeof path, "/__admin/requests?%s", *b);
        struct tl_response res;
        tl_get(ctl_sim, path, &res);
        if (res.status != 400)
            fail_msg("%s: %ld", *b, res.status);
        if (strncmp(*b, "color", 5) == 0)
            assert_non_null(strstr(res.body, "unknown parameter 'color' (tenant, api,"));
        tl_response_free(&res);
    }
    ctl_tenant_delete(ctl_sim, t.id);
}

/* F-CTL-026: DELETE clears a tenant's entries, or all. */
static void delete_per_tenant_and_all(void **state)
{
    (void)state;
    struct ctl_tenant a, b;
    new_tenant(&a);
    new_tenant(&b);
    ctl_admin(ctl_sim, (struct ctl_route){.header = a.id}, "GET", "/__admin/clock", NULL, NULL);
    ctl_admin(ctl_sim, (struct ctl_route){.header = b.id}, "GET", "/__admin/clock", NULL, NULL);
    char qa[128], qb[128], path[128];
    snprintf(qa, sizeof qa, "tenant=%s", a.id);
    snprintf(qb, sizeof qb, "tenant=%s", b.id);
    assert_int_equal(count(ctl_sim, qa), 1);
    snprintf(path, sizeof path, "/__admin/requests?tenant=%s", a.id);
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, (struct ctl_route){0}, "DELETE", path, NULL, &j), 200);
    assert_int_equal(num(j, "deleted"), 1);
    cJSON_Delete(j);
    assert_int_equal(count(ctl_sim, qa), 0);
    assert_int_equal(count(ctl_sim, qb), 1);
    assert_int_equal(
        ctl_admin(ctl_sim, (struct ctl_route){0}, "DELETE", "/__admin/requests", NULL, NULL), 200);
    assert_int_equal(count(ctl_sim, "status=2xx"), 0);
    /* Ids go on rising after a clear. */
    ctl_admin(ctl_sim, (struct ctl_route){.header = b.id}, "GET", "/__admin/clock", NULL, NULL);
    cJSON *root;
    const cJSON *list = journal(ctl_sim, qb, &root);
    assert_int_equal(cJSON_GetArraySize(list), 1);
    assert_true(num(cJSON_GetArrayItem(list, 0), "id") > 2);
    cJSON_Delete(root);
    ctl_tenant_delete(ctl_sim, a.id);
    ctl_tenant_delete(ctl_sim, b.id);
}

/* F-CTL-023: bodies are kept up to 4096 bytes, cut on a UTF-8 boundary, as valid UTF-8. */
static void large_and_binary_bodies_are_cut(void **state)
{
    (void)state;
    size_t n = 10000;
    char *body = malloc(n + 1);
    memset(body, 'a', n);
    memcpy(body + 4094, "\xe2\x82\xac", 3); /* "€" straddles byte 4096: left out whole */
    body[n] = '\0';
    struct tl_request req = {.method = "POST", .path = "/t/jbig/api-client.php", .body = body};
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    tl_response_free(&res);
    cJSON *root;
    const cJSON *list = journal(ctl_sim, "tenant=jbig", &root);
    const cJSON *e = cJSON_GetArrayItem(list, 0);
    assert_int_equal(num(e, "bodySize"), 10000);
    assert_true(cJSON_IsTrue(ctl_get(e, "bodyTruncated")));
    assert_int_equal(strlen(str(e, "body")), 4094);
    assert_memory_equal(str(e, "body"), body, 4094);
    cJSON_Delete(root);
    free(body);

    /* Binary: invalid UTF-8 and NUL become U+FFFD. */
    struct tl_request bin = {.method = "POST",
                             .path = "/t/jbin/api-client.php",
                             .body = "a\xff"
                                     "b\0c",
                             .body_len = 5};
    tl_do(ctl_sim, &bin, &res);
    tl_response_free(&res);
    list = journal(ctl_sim, "tenant=jbin", &root);
    e = cJSON_GetArrayItem(list, 0);
    assert_string_equal(str(e, "body"), "a\xef\xbf\xbd"
                                        "b\xef\xbf\xbd"
                                        "c");
    assert_int_equal(num(e, "bodySize"), 5);
    cJSON_Delete(root);
}

/* F-CTL-024: a small ring keeps the newest entries only; size 0 keeps none. */
static void ring_wraps_around(void **state)
{
    (void)state;
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    assert_int_equal(opts.journal_size, 1000);
    opts.journal_size = 4;
    opts.max_body = 64;
    struct rmmsim *sim = tl_start_opts(&opts);
    struct tl_response res;
    for (int i = 0; i < 9; i++) {
        tl_get(sim, "/__admin/health", &res);
        tl_response_free(&res);
    }
    /* F-CTL-020: a body over the limit is refused before routing, and recorded. */
    char big[200];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    struct tl_request too_big = {.method = "POST", .path = "/__admin/reset", .body = big};
    tl_do(sim, &too_big, &res);
    assert_int_equal(res.status, 413);
    tl_response_free(&res);
    assert_int_equal(count(sim, "api=admin"), 4);
    cJSON *root;
    const cJSON *list = journal(sim, "limit=1000", &root);
    assert_int_equal(cJSON_GetArraySize(list), 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(num(cJSON_GetArrayItem(list, i), "id"), 10 - i);
    assert_int_equal(num(cJSON_GetArrayItem(list, 0), "status"), 413);
    assert_string_equal(str(cJSON_GetArrayItem(list, 0), "path"), "/__admin/reset");
    cJSON_Delete(root);
    tl_stop(sim);

    opts.journal_size = 0;
    sim = tl_start_opts(&opts);
    tl_get(sim, "/__admin/health", &res);
    tl_response_free(&res);
    list = journal(sim, "", &root);
    assert_int_equal(cJSON_GetArraySize(list), 0);
    cJSON_Delete(root);
    assert_int_equal(count(sim, "api=admin"), 0);
    tl_stop(sim);
}

/* Thread-safety: writers in their own tenants while another thread reads the journal. */
#define WRITERS 4
#define PER_WRITER 100

struct writer {
    struct ctl_tenant t;
};

static void *write_many(void *arg)
{
    struct writer *w = arg;
    for (int i = 0; i < PER_WRITER; i++)
        ctl_admin(ctl_sim, (struct ctl_route){.header = w->t.id}, "GET", "/__admin/clock", NULL,
                  NULL);
    tl_thread_done();
    return NULL;
}

static _Atomic bool writers_done;

static void *read_many(void *arg)
{
    (void)arg;
    while (!writers_done) {
        struct tl_response res;
        tl_get(ctl_sim, "/__admin/requests?limit=50&api=admin", &res);
        assert_int_equal(res.status, 200);
        cJSON *j = cJSON_ParseWithLength(res.body, res.body_len);
        assert_non_null(j);
        cJSON_Delete(j);
        tl_response_free(&res);
        tl_get(ctl_sim, "/__admin/requests/count?status=2xx", &res);
        tl_response_free(&res);
    }
    tl_thread_done();
    return NULL;
}

static void concurrent_writers_and_reader(void **state)
{
    (void)state;
    struct writer w[WRITERS];
    pthread_t threads[WRITERS], reader;
    for (int i = 0; i < WRITERS; i++)
        new_tenant(&w[i].t);
    writers_done = false;
    assert_int_equal(pthread_create(&reader, NULL, read_many, NULL), 0);
    for (int i = 0; i < WRITERS; i++)
        assert_int_equal(pthread_create(&threads[i], NULL, write_many, &w[i]), 0);
    for (int i = 0; i < WRITERS; i++)
        pthread_join(threads[i], NULL);
    writers_done = true;
    pthread_join(reader, NULL);
    for (int i = 0; i < WRITERS; i++) {
        char q[128];
        snprintf(q, sizeof q, "tenant=%.100s", w[i].t.id);
        assert_int_equal(count(ctl_sim, q), PER_WRITER);
        ctl_tenant_delete(ctl_sim, w[i].t.id);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(remotepc_request_every_field),
        cmocka_unit_test(oco_single_and_batch),
        cmocka_unit_test(pcvisit_fields_of_the_selected_operation),
        cmocka_unit_test(admin_requests_and_the_tenant_clock),
        cmocka_unit_test(errors_before_routing_are_recorded),
        cmocka_unit_test(reused_replies_are_recorded),
        cmocka_unit_test(limit_order_and_bad_filters),
        cmocka_unit_test(large_and_binary_bodies_are_cut),
        cmocka_unit_test(ring_wraps_around),
        cmocka_unit_test(concurrent_writers_and_reader),
        cmocka_unit_test(delete_per_tenant_and_all),
    };
    return cmocka_run_group_tests(tests, ctl_setup, ctl_teardown);
}
