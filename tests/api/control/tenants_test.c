/*
 * Tests server/control/tenants.c and the tenant choice of server/rmmsim.c over real HTTP:
 * create, list, show, delete and reset; routing by header, prefix and a tenant's own
 * credentials (F-CTL-001..004); eight tenants driven in parallel stay apart; the tenant
 * limit (F-CTL-075).
 */
#include "ctl_support.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RP_ENT "/rpcnew/api/msp/"
#define RSL "/rpc-api/reseller/private/user/"

static const struct ctl_route BY_KEY = {0};

static const char *str(const cJSON *v, const char *a)
{
    const cJSON *s = ctl_get(v, a);
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

/* The error message of a control-plane error reply (and its status field). */
static void expect_error(const cJSON *j, long status, const char *needle)
{
    assert_non_null(j);
    assert_int_equal((long)ctl_get(j, "status")->valuedouble, status);
    const char *msg = str(j, "error");
    assert_non_null(msg);
    if (!strstr(msg, needle))
        fail_msg("error '%s' lacks '%s'", msg, needle);
}

/* pagination.total_records of RemotePC's user/list for key, routed as asked. */
static int user_count(struct ctl_route route, const char *key)
{
    cJSON *j;
    long status = ctl_rp(ctl_sim, route, key, "GET", RP_ENT "user/list", NULL, &j);
    int n = status == 200
                ? ctl_get(ctl_get(ctl_get(j, "message"), "pagination"), "total_records")->valueint
                : -(int)status;
    cJSON_Delete(j);
    return n;
}

/* F-CTL-001, F-CTL-003: the answer to a create, credentials for every API. */
static void create_answers_id_base_url_and_credentials(void **state)
{
    (void)state;
    cJSON *j;
    struct tl_request req = {
        .method = "POST", .path = "/__admin/tenants", .body = "{\"fixture\":\"default\"}"};
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    assert_int_equal(res.status, 201);
    j = tl_json(&res);
    const char *id = str(j, "id");
    assert_non_null(id);
    assert_true(id[0] == 't');
    char want[256], location[128];
    snprintf(want, sizeof want, "%s/t/%s", rmmsim_base_url(ctl_sim), id);
    assert_string_equal(str(j, "baseUrl"), want);
    assert_string_equal(str(j, "fixture"), "default");
    snprintf(want, sizeof want, "/__admin/tenants/%s", id);
    assert_string_equal(tl_header(&res, "Location", location, sizeof location), want);
    const cJSON *c = ctl_get(j, "credentials");
    const char *ent = str(ctl_get(c, "remotepc-enterprise"), "apiKey");
    assert_non_null(ent);
    snprintf(want, sizeof want, "%s-", id);
    assert_true(strncmp(ent, want, strlen(want)) == 0); /* "<id>-<16 hex>-enterprise-key" */
    assert_int_equal(strlen(ent), strlen(id) + 1 + 16 + strlen("-enterprise-key"));
    snprintf(want, sizeof want, "Bearer %s", ent);
    assert_string_equal(str(ctl_get(c, "remotepc-enterprise"), "authorization"), want);
    assert_non_null(strstr(str(ctl_get(c, "remotepc-reseller"), "apiKey"), "-reseller-key"));
    assert_string_equal(str(ctl_get(c, "oco"), "user"), "admin");
    assert_string_equal(str(ctl_get(c, "oco"), "password"), "admin");
    assert_non_null(strstr(str(ctl_get(c, "oco"), "apiKey"), "-oco-api-key"));
    assert_non_null(strstr(str(ctl_get(c, "pcvisit"), "integratorApiToken"), "-integrator-token"));
    assert_non_null(strstr(str(ctl_get(c, "pcvisit"), "userApiToken"), "-user-token"));
    ctl_tenant_delete(ctl_sim, id);
    cJSON_Delete(j);
    tl_response_free(&res);
}

static void create_takes_no_body_or_another_fixture(void **state)
{
    (void)state;
    struct ctl_tenant a, b;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    assert_int_equal(ctl_tenant_create(ctl_sim, "{\"fixture\":\"empty\"}", &b), 201);
    assert_string_not_equal(a.id, b.id);
    assert_string_not_equal(a.ent_key, b.ent_key);
    cJSON *j;
    char path[128];
    snprintf(path, sizeof path, "/__admin/tenants/%s", b.id);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", path, NULL, &j), 200);
    assert_string_equal(str(j, "fixture"), "empty");
    assert_string_equal(str(j, "id"), b.id);
    cJSON_Delete(j);
    snprintf(path, sizeof path, "/__admin/tenants/%s", a.id);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", path, NULL, &j), 200);
    assert_string_equal(str(j, "fixture"), "default");
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, a.id);
    ctl_tenant_delete(ctl_sim, b.id);
}

static void create_refuses_bad_bodies_and_unknown_fixtures(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        long status;
        const char *needle;
    } cases[] = {
        {"{\"fixture\":\"nosuch\"}", 404, "unknown fixture 'nosuch'"},
        {"not json", 400, "body must be a JSON object"},
        {"[]", 400, "body must be a JSON object"},
        {"{\"fixture\":1}", 400, "fixture must be a string"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *j;
        long status = ctl_admin(ctl_sim, BY_KEY, "POST", "/__admin/tenants", cases[i].body, &j);
        if (status != cases[i].status)
            fail_msg("%s: status %ld", cases[i].body, status);
        expect_error(j, cases[i].status, cases[i].needle);
        cJSON_Delete(j);
    }
}

static void list_shows_default_first_then_created(void **state)
{
    (void)state;
    struct ctl_tenant a;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", "/__admin/tenants", NULL, &j), 200);
    const cJSON *list = ctl_get(j, "tenants");
    assert_true(cJSON_GetArraySize(list) >= 2);
    const cJSON *first = cJSON_GetArrayItem(list, 0);
    assert_string_equal(str(first, "id"), "default");
    assert_string_equal(str(first, "baseUrl"), rmmsim_base_url(ctl_sim));
    /* The default tenant shows the built-in credentials. */
    assert_string_equal(
        str(ctl_get(ctl_get(first, "credentials"), "remotepc-enterprise"), "apiKey"),
        "demo-enterprise-key");
    assert_string_equal(str(ctl_get(ctl_get(first, "credentials"), "oco"), "apiKey"),
                        "demo-oco-api-key");
    bool found = false;
    const cJSON *t;
    cJSON_ArrayForEach(t, list) if (strcmp(str(t, "id"), a.id) == 0) found =
        strcmp(str(ctl_get(ctl_get(t, "credentials"), "remotepc-enterprise"), "apiKey"),
               a.ent_key) == 0;
    assert_true(found);
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, a.id);
}

static void show_and_reset_of_unknown_tenant_are_404(void **state)
{
    (void)state;
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", "/__admin/tenants/t999", NULL, &j), 404);
    expect_error(j, 404, "no tenant 't999'");
    cJSON_Delete(j);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "POST", "/__admin/tenants/t999/reset", NULL, &j),
                     404);
    expect_error(j, 404, "no tenant 't999'");
    cJSON_Delete(j);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "DELETE", "/__admin/tenants/t999", NULL, &j), 404);
    expect_error(j, 404, "no tenant 't999'");
    cJSON_Delete(j);
    /* 405 with Allow for a method the path does not take. */
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "PUT", "/__admin/tenants", NULL, NULL), 405);
}

/* F-CTL-001: the default tenant always exists. */
static void default_tenant_cannot_be_deleted(void **state)
{
    (void)state;
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "DELETE", "/__admin/tenants/default", NULL, &j),
                     409);
    expect_error(j, 409, "the default tenant cannot be deleted");
    cJSON_Delete(j);
    assert_int_equal(user_count(BY_KEY, "demo-enterprise-key") > 0, 1);
}

/* F-CTL-004: a deleted tenant is unknown to every API, each in its own format. */
static void deleted_tenant_is_gone_everywhere(void **state)
{
    (void)state;
    struct ctl_tenant a;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    struct ctl_route hdr = {.header = a.id}, pfx = {.prefix = a.id};
    assert_true(user_count(hdr, a.ent_key) > 0);
    char path[128];
    snprintf(path, sizeof path, "/__admin/tenants/%s", a.id);
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "DELETE", path, NULL, &j), 200);
    assert_string_equal(str(j, "deleted"), a.id);
    cJSON_Delete(j);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", path, NULL, NULL), 404);
    /* RemotePC: its JSON envelope. */
    assert_int_equal(ctl_rp(ctl_sim, hdr, a.ent_key, "GET", RP_ENT "user/list", NULL, &j), 404);
    assert_non_null(j);
    char *text = cJSON_PrintUnformatted(j);
    assert_non_null(strstr(text, "Unknown tenant"));
    cJSON_free(text);
    cJSON_Delete(j);
    /* OCO: an HTTP-level failure, as the real server's are; the header says why. */
    char want[128];
    snprintf(want, sizeof want, "/t/%s/api-client.php", a.id);
    struct tl_request req = {.method = "POST",
                             .path = want,
                             .body = "{}",
                             .headers = {"Content-Type: application/json"}};
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    assert_int_equal(res.status, 404);
    char why[256];
    assert_non_null(tl_header(&res, "X-Rmmsim-Error", why, sizeof why));
    snprintf(want, sizeof want, "Unknown tenant '%s'", a.id);
    assert_non_null(strstr(why, want));
    tl_response_free(&res);
    /* The control plane: its JSON error. */
    assert_int_equal(ctl_admin(ctl_sim, pfx, "GET", "/__admin/clock", NULL, &j), 404);
    expect_error(j, 404, "Unknown tenant");
    cJSON_Delete(j);
    /* Its key leads nowhere now: the default tenant does not know it. */
    assert_int_equal(user_count(BY_KEY, a.ent_key), -401);
}

static void reset_restores_the_fixture_and_keeps_credentials(void **state)
{
    (void)state;
    struct ctl_tenant a;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    int before = user_count(BY_KEY, a.ent_key);
    assert_true(before > 0);
    assert_int_equal(ctl_rp(ctl_sim, BY_KEY, a.ent_key, "POST", RP_ENT "user/invite",
                            "{\"email\":[\"reset.me@example.com\"]}", NULL),
                     200);
    assert_int_equal(user_count(BY_KEY, a.ent_key), before + 1);
    char path[128];
    snprintf(path, sizeof path, "/__admin/tenants/%s/reset", a.id);
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "POST", path, NULL, &j), 200);
    assert_string_equal(str(j, "tenant"), a.id);
    assert_string_equal(str(j, "fixture"), "default");
    cJSON_Delete(j);
    /* F-CTL-003: the tenant's own key still works (and still leads to it) after a reset. */
    assert_int_equal(user_count(BY_KEY, a.ent_key), before);
    /* Another fixture; a bad one is refused and the body is checked as on create. */
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "POST", path, "{\"fixture\":\"empty\"}", &j), 200);
    assert_string_equal(str(j, "fixture"), "empty");
    cJSON_Delete(j);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "POST", path, "{\"fixture\":\"nosuch\"}", &j), 404);
    expect_error(j, 404, "unknown fixture");
    cJSON_Delete(j);
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "POST", path, "{\"fixture\":[]}", &j), 400);
    expect_error(j, 400, "fixture must be a string");
    cJSON_Delete(j);
    /* The default tenant was never touched. */
    assert_int_equal(user_count(BY_KEY, "demo-enterprise-key"), before);
    ctl_tenant_delete(ctl_sim, a.id);
}

/* F-CTL-002, F-CTL-003: header, prefix and credential, and which wins. */
static void requests_reach_their_tenant_every_way(void **state)
{
    (void)state;
    struct ctl_tenant a, b;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &b), 201);
    int base = user_count(BY_KEY, "demo-enterprise-key");
    /* One write into a, by its key only. */
    assert_int_equal(ctl_rp(ctl_sim, BY_KEY, a.ent_key, "POST", RP_ENT "user/invite",
                            "{\"email\":[\"only.in.a@example.com\"]}", NULL),
                     200);
    struct ctl_route hdr_a = {.header = a.id}, pfx_a = {.prefix = a.id};
    struct ctl_route hdr_b = {.header = b.id}, pfx_b = {.prefix = b.id};
    assert_int_equal(user_count(BY_KEY, a.ent_key), base + 1);
    assert_int_equal(user_count(hdr_a, a.ent_key), base + 1);
    assert_int_equal(user_count(pfx_a, a.ent_key), base + 1);
    assert_int_equal(user_count(BY_KEY, b.ent_key), base);
    assert_int_equal(user_count(BY_KEY, "demo-enterprise-key"), base);
    /* A tenant's keys replace the built-in ones: in a, the demo key is unknown (401). */
    assert_int_equal(user_count(hdr_a, "demo-enterprise-key"), -401);
    /* A name beats a key: b's key in a is not a's key. */
    assert_int_equal(user_count(hdr_a, b.ent_key), -401);
    assert_int_equal(user_count(pfx_b, a.ent_key), -401);
    /* The prefix beats the header. */
    struct ctl_route both = {.header = b.id, .prefix = a.id};
    assert_int_equal(user_count(both, a.ent_key), base + 1);
    /* A named tenant that does not exist is 404 even with a good key. */
    struct ctl_route nosuch = {.header = "nosuch"};
    assert_int_equal(user_count(nosuch, a.ent_key), -404);
    /* An empty header names no tenant. */
    struct ctl_route empty = {.header = ""};
    assert_int_equal(user_count(empty, a.ent_key), base + 1);
    /* The Reseller key leads to the tenant too. */
    cJSON *j;
    assert_int_equal(ctl_rp(ctl_sim, BY_KEY, a.rsl_key, "POST", RSL "add",
                            "{\"firstName\":\"N\",\"lastName\":\"A\",\"password\":\"Passw0rd!\","
                            "\"invitedUserEmailId\":\"new.in.a@example.com\"}",
                            &j),
                     200);
    cJSON_Delete(j);
    assert_int_equal(ctl_rp(ctl_sim, hdr_b, b.rsl_key, "POST", RSL "add",
                            "{\"firstName\":\"N\",\"lastName\":\"A\",\"password\":\"Passw0rd!\","
                            "\"invitedUserEmailId\":\"new.in.a@example.com\"}",
                            NULL),
                     200); /* not taken in b */
    /* OCO: params.api_key leads to the tenant; the built-in key is refused there. */
    assert_int_equal(ctl_oco(ctl_sim, BY_KEY, a.oco_key, "oco.computer.create",
                             "{\"hostname\":\"ONLY-IN-A\"}", &j),
                     200);
    assert_non_null(ctl_get(j, "result"));
    cJSON_Delete(j);
    assert_int_equal(ctl_oco(ctl_sim, hdr_a, "demo-oco-api-key", "oco.computer.list", NULL, &j),
                     200);
    assert_non_null(ctl_get(j, "error")); /* Permission denied: a's key is its own */
    cJSON_Delete(j);
    assert_int_equal(ctl_oco(ctl_sim, hdr_b, b.oco_key, "oco.computer.list", NULL, &j), 200);
    char *text = cJSON_PrintUnformatted(ctl_get(j, "result"));
    assert_non_null(text);
    assert_null(strstr(text, "ONLY-IN-A"));
    cJSON_free(text);
    cJSON_Delete(j);
    assert_int_equal(ctl_oco(ctl_sim, pfx_a, a.oco_key, "oco.computer.list", NULL, &j), 200);
    text = cJSON_PrintUnformatted(ctl_get(j, "result"));
    assert_non_null(strstr(text, "ONLY-IN-A"));
    cJSON_free(text);
    cJSON_Delete(j);
    /* A batch: any call's key leads to the tenant. */
    char batch[512];
    snprintf(batch, sizeof batch,
             "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.info\",\"params\":{}},"
             "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"oco.computer.list\","
             "\"params\":{\"api_key\":\"%s\",\"data\":{}}}]",
             a.oco_key);
    struct tl_request req = {
        .method = "POST",
        .path = "/api-client.php",
        .body = batch,
        .headers = {"Authorization: Basic YWRtaW46YWRtaW4=", "Content-Type: application/json"}};
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(res.body, "ONLY-IN-A"));
    tl_response_free(&res);
    ctl_tenant_delete(ctl_sim, a.id);
    ctl_tenant_delete(ctl_sim, b.id);
}

/* A sign-in link made in a tenant reached by its key leads back to that tenant. */
static void links_carry_the_tenant(void **state)
{
    (void)state;
    struct ctl_tenant a;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    cJSON *j;
    assert_int_equal(ctl_rp(ctl_sim, BY_KEY, a.rsl_key, "POST", RSL "signin",
                            "{\"username\":\"active.user@demo-reseller.example\","
                            "\"password\":\"Passw0rd!\"}",
                            &j),
                     200);
    const char *url = str(ctl_get(j, "message"), "rpc_redirect_link");
    assert_non_null(url);
    char want[128];
    snprintf(want, sizeof want, "/t/%s/rpcnew/process/autologin/", a.id);
    const char *path = strstr(url, want);
    assert_non_null(path);
    struct tl_request req = {.method = "GET", .path = path};
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, a.id);
}

/* ---- eight tenants in parallel ---- */

#define NWORKERS 8
#define ROUNDS 5

struct worker {
    int index;
    char error[256]; /* "" when every check held */
};

/* pcvisit, F-CTL-005: SiRetrieveSignedJwt reaches the tenant by its own tokens (literals or
 * variables), and the JWT it gets then reaches it alone, by the route claim it carries: the
 * "empty" tenant's company has no sessions, the default tenant's has 320. */
static long pcv_post(const char *json, const char *jwt, cJSON **out)
{
    char auth[2048];
    struct tl_request req = { .method = "POST", .path = "/graphql", .body = json,
                              .headers = { "Content-Type: application/json" } };
    if (jwt) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", jwt);
        req.headers[1] = auth;
    }
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    *out = tl_json(&res);
    long status = res.status;
    tl_response_free(&res);
    return status;
}

static char *jwt_for(const char *integrator, const char *user, bool by_variables)
{
    char body[1024];
    if (by_variables)
        snprintf(body, sizeof body,
                 "{\"query\":\"query($i: IntegratorApiToken!, $u: UserApiToken!) { "
                 "SiRetrieveSignedJwt(integratorApiToken: $i, userApiToken: $u) { ... on "
                 "SignedJwtWasRetrieved { token } } }\",\"variables\":{\"i\":\"%s\",\"u\":\"%s\"}}",
                 integrator, user);
    else
        snprintf(body, sizeof body,
                 "{\"query\":\"{ SiRetrieveSignedJwt(integratorApiToken: \\\"%s\\\", "
                 "userApiToken: \\\"%s\\\") { ... on SignedJwtWasRetrieved { token } } }\"}",
                 integrator, user);
    cJSON *j;
    assert_int_equal(pcv_post(body, NULL, &j), 200);
    const cJSON *token = ctl_get(ctl_get(ctl_get(j, "data"), "SiRetrieveSignedJwt"), "token");
    if (!cJSON_IsString(token))
        fail_msg("no token for %s / %s", integrator, user);
    char *copy = strdup(token->valuestring);
    cJSON_Delete(j);
    return copy;
}

static int sessions_seen(const char *jwt)
{
    cJSON *j;
    assert_int_equal(pcv_post("{\"query\":\"{ AcQuerySessionsHistory(company: "
                              "\\\"c0ffee00-0000-4000-8000-000000000001\\\") { ... on "
                              "SessionProtocolEdge { totalCount } } }\"}",
                              jwt, &j),
                     200);
    const cJSON *n = ctl_get(ctl_get(ctl_get(j, "data"), "AcQuerySessionsHistory"), "totalCount");
    int count = cJSON_IsNumber(n) ? n->valueint : -1;
    cJSON_Delete(j);
    return count;
}

static void pcvisit_reaches_its_tenant_by_tokens_and_jwt(void **state)
{
    (void)state;
    struct ctl_tenant t;
    assert_int_equal(ctl_tenant_create(ctl_sim, "{\"fixture\":\"empty\"}", &t), 201);
    char *by_literals = jwt_for(t.pcv_integrator, t.pcv_user, false);
    char *by_variables = jwt_for(t.pcv_integrator, t.pcv_user, true);
    char *builtin = jwt_for("demo-integrator-token", "demo-user-token", false);
    assert_int_equal(sessions_seen(by_literals), 0);
    assert_int_equal(sessions_seen(by_variables), 0);
    assert_int_equal(sessions_seen(builtin), 320);
    free(by_literals);
    free(by_variables);
    free(builtin);
    ctl_tenant_delete(ctl_sim, t.id);
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct ctl_tenant t;
    if (ctl_tenant_create(ctl_sim, NULL, &t) != 201) {
        snprintf(w->error, sizeof w->error, "create failed");
        tl_thread_done();
        return NULL;
    }
    struct ctl_route routes[] = {BY_KEY, {.header = t.id}, {.prefix = t.id}};
    int base = user_count(BY_KEY, t.ent_key);
    /* Each worker writes a different number of users and computers: counts tell them apart. */
    int writes = ROUNDS + w->index;
    for (int i = 0; i < writes && !w->error[0]; i++) {
        char body[256];
        struct ctl_route r = routes[i % 3];
        snprintf(body, sizeof body, "{\"email\":[\"w%d.u%d@iso.example\"]}", w->index, i);
        long s1 = ctl_rp(ctl_sim, r, t.ent_key, "POST", RP_ENT "user/invite", body, NULL);
        snprintf(body, sizeof body, "{\"hostname\":\"ISO-W%d-C%d\"}", w->index, i);
        cJSON *j;
        long s2 = ctl_oco(ctl_sim, r, t.oco_key, "oco.computer.create", body, &j);
        if (s1 != 200 || s2 != 200 || !ctl_get(j, "result"))
            snprintf(w->error, sizeof w->error, "worker %d write %d: %ld %ld", w->index, i, s1, s2);
        cJSON_Delete(j);
    }
    int users = user_count(BY_KEY, t.ent_key);
    if (!w->error[0] && users != base + writes)
        snprintf(w->error, sizeof w->error, "worker %d sees %d users, want %d", w->index, users,
                 base + writes);
    cJSON *j;
    if (!w->error[0] && ctl_oco(ctl_sim, BY_KEY, t.oco_key, "oco.computer.list", NULL, &j) == 200) {
        int mine = 0, others = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, ctl_get(ctl_get(ctl_get(j, "result"), "data"), "computers"))
        {
            const char *host = str(c, "hostname");
            char prefix[32];
            snprintf(prefix, sizeof prefix, "ISO-W%d-", w->index);
            if (host && strncmp(host, prefix, strlen(prefix)) == 0)
                mine++;
            else if (host && strncmp(host, "ISO-", 4) == 0)
                others++;
        }
        if (mine != writes || others != 0)
            snprintf(w->error, sizeof w->error, "worker %d sees %d own and %d other computers",
                     w->index, mine, others);
        cJSON_Delete(j);
    }
    ctl_tenant_delete(ctl_sim, t.id);
    tl_thread_done();
    return NULL;
}

static void eight_tenants_in_parallel_stay_apart(void **state)
{
    (void)state;
    int default_users = user_count(BY_KEY, "demo-enterprise-key");
    pthread_t threads[NWORKERS];
    struct worker workers[NWORKERS];
    for (int i = 0; i < NWORKERS; i++) {
        workers[i] = (struct worker){.index = i};
        assert_int_equal(pthread_create(&threads[i], NULL, work, &workers[i]), 0);
    }
    for (int i = 0; i < NWORKERS; i++)
        pthread_join(threads[i], NULL);
    for (int i = 0; i < NWORKERS; i++)
        if (workers[i].error[0])
            fail_msg("%s", workers[i].error);
    /* Nothing leaked into the default tenant. */
    assert_int_equal(user_count(BY_KEY, "demo-enterprise-key"), default_users);
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "GET", "/__admin/tenants", NULL, &j), 200);
    assert_int_equal(cJSON_GetArraySize(ctl_get(j, "tenants")), 1);
    cJSON_Delete(j);
}

/* F-CTL-005: the string literals of a query route it, but only those inside it. A query
 * that ends in an open quote was read on past its end, into memory the worker's earlier
 * request left behind, and a token quoted there routed the request to that token's tenant
 * (found by fuzz_http). One worker thread, so both requests use the same memory. */
static void query_ending_in_a_quote_routes_by_itself_only(void **state)
{
    (void)state;
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    opts.threads = 1;
    struct rmmsim *sim = tl_start_opts(&opts);
    struct ctl_tenant t;
    assert_int_equal(ctl_tenant_create(sim, "{\"fixture\":\"empty\"}", &t), 201);
    /* The second query: 30 spaces, then "{ a(x: " and an open quote; 38 characters, in a
     * buffer of its 108 percent-encoded ones. The first lies at the same place in the same
     * memory, with the tenant's token quoted just past the second's end. */
    const char *second = "/graphql?query=%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20%20"
                         "%20%20%20%20%20%20%20%20%20%20%20%20%20%20%7B%20a(x%3A%20%22";
    char first[256];
    snprintf(first, sizeof first, "/graphql?query=%039d%%22%s%%22", 0, t.pcv_integrator);
    struct tl_response res;
    tl_get(sim, first, &res);
    tl_response_free(&res);
    tl_get(sim, second, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    cJSON *j;
    assert_int_equal(ctl_admin(sim, BY_KEY, "GET", "/__admin/requests?limit=1&api=pcvisit", NULL,
                               &j),
                     200);
    const cJSON *entry = cJSON_GetArrayItem(ctl_get(j, "requests"), 0);
    assert_string_equal(str(entry, "path"), "/graphql");
    assert_string_equal(str(entry, "tenant"), "default");
    cJSON_Delete(j);
    tl_stop(sim);
}

/* A fixture path that is a FIFO or a device is refused at once: reading it would block (a
 * FIFO's open waits for a writer) while the store is locked, and every request with it. */
static void fixture_paths_must_be_regular_files(void **state)
{
    (void)state;
    char fifo[] = "/tmp/rmmsim-fifo-XXXXXX";
    assert_non_null(mkdtemp(fifo));
    char path[64], body[128];
    snprintf(path, sizeof path, "%s/f.json", fifo);
    assert_int_equal(mkfifo(path, 0600), 0);
    const char *paths[] = {path, "/dev/zero"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(body, sizeof body, "{\"fixture\":\"%s\"}", paths[i]);
        cJSON *j;
        assert_int_equal(ctl_admin(ctl_sim, BY_KEY, "POST", "/__admin/tenants", body, &j), 500);
        char want[128];
        snprintf(want, sizeof want, "cannot read fixture %s: not a regular file", paths[i]);
        expect_error(j, 500, want);
        cJSON_Delete(j);
    }
    unlink(path);
    rmdir(fifo);
}

/* A create against sim: its status (201 or the error's). */
static long create_status(struct rmmsim *sim)
{
    cJSON *j;
    long status = ctl_admin(sim, BY_KEY, "POST", "/__admin/tenants", NULL, &j);
    if (status == 409)
        expect_error(j, 409, "(--max-tenants): delete those you are done with");
    cJSON_Delete(j);
    return status;
}

struct racer {
    struct rmmsim *sim;
    long status;
};

static void *race_create(void *arg)
{
    struct racer *r = arg;
    r->status = create_status(r->sim);
    tl_thread_done();
    return NULL;
}

/* F-CTL-075: at most max_tenants besides the default one; more is 409 and nothing else
 * changes; a delete makes room; creates racing each other never pass the limit. */
static void tenant_limit_refuses_then_makes_room(void **state)
{
    (void)state;
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    opts.max_tenants = 2;
    struct rmmsim *sim = tl_start_opts(&opts);
    struct ctl_tenant a, b;
    assert_int_equal(ctl_tenant_create(sim, NULL, &a), 201);
    assert_int_equal(ctl_tenant_create(sim, NULL, &b), 201);
    cJSON *j;
    assert_int_equal(ctl_admin(sim, BY_KEY, "POST", "/__admin/tenants", NULL, &j), 409);
    expect_error(j, 409,
                 "2 tenants exist besides the default one, the most rmmsim keeps "
                 "(--max-tenants): delete those you are done with (DELETE /__admin/tenants/{id})");
    cJSON_Delete(j);
    assert_int_equal(ctl_admin(sim, BY_KEY, "GET", "/__admin/tenants", NULL, &j), 200);
    assert_int_equal(cJSON_GetArraySize(ctl_get(j, "tenants")), 3);
    cJSON_Delete(j);
    cJSON *users;
    assert_int_equal(ctl_rp(sim, BY_KEY, a.ent_key, "GET", RP_ENT "user/list", NULL, &users), 200);
    cJSON_Delete(users);

    ctl_tenant_delete(sim, a.id);
    struct ctl_tenant c;
    assert_int_equal(ctl_tenant_create(sim, NULL, &c), 201);
    assert_int_equal(create_status(sim), 409);

    ctl_tenant_delete(sim, b.id);
    ctl_tenant_delete(sim, c.id);
    struct racer racers[8];
    pthread_t threads[8];
    for (int i = 0; i < 8; i++) {
        racers[i] = (struct racer){.sim = sim};
        assert_int_equal(pthread_create(&threads[i], NULL, race_create, &racers[i]), 0);
    }
    int made = 0, refused = 0;
    for (int i = 0; i < 8; i++) {
        pthread_join(threads[i], NULL);
        made += racers[i].status == 201;
        refused += racers[i].status == 409;
    }
    assert_int_equal(made, 2);
    assert_int_equal(refused, 6);
    tl_stop(sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(create_answers_id_base_url_and_credentials),
        cmocka_unit_test(create_takes_no_body_or_another_fixture),
        cmocka_unit_test(create_refuses_bad_bodies_and_unknown_fixtures),
        cmocka_unit_test(list_shows_default_first_then_created),
        cmocka_unit_test(show_and_reset_of_unknown_tenant_are_404),
        cmocka_unit_test(default_tenant_cannot_be_deleted),
        cmocka_unit_test(deleted_tenant_is_gone_everywhere),
        cmocka_unit_test(reset_restores_the_fixture_and_keeps_credentials),
        cmocka_unit_test(requests_reach_their_tenant_every_way),
        cmocka_unit_test(links_carry_the_tenant),
        cmocka_unit_test(pcvisit_reaches_its_tenant_by_tokens_and_jwt),
        cmocka_unit_test(eight_tenants_in_parallel_stay_apart),
        cmocka_unit_test(tenant_limit_refuses_then_makes_room),
        cmocka_unit_test(query_ending_in_a_quote_routes_by_itself_only),
        cmocka_unit_test(fixture_paths_must_be_regular_files),
    };
    return cmocka_run_group_tests(tests, ctl_setup, ctl_teardown);
}
