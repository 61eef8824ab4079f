/*
 * Tests server/control/state.c and the section exports of server/store/ over real HTTP:
 * GET /__admin/state loads back to the same state for every built-in fixture after writes
 * through each API (F-CTL-050, F-CTL-051, F-CTL-056..058); POST /__admin/fixtures checks
 * documents with the fixture loaders and names the bad path (F-CTL-052..055).
 */
#include "ctl_support.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RP_ENT "/rpcnew/api/msp/"

static const struct ctl_route NONE = {0};

static const char *str(const cJSON *v, const char *a)
{
    const cJSON *s = ctl_get(v, a);
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

/* GET /__admin/state of tenant id (prefix route); asserts 200. */
static cJSON *export_state(const char *id)
{
    cJSON *j;
    long status =
        ctl_admin(ctl_sim, (struct ctl_route){.prefix = id}, "GET", "/__admin/state", NULL, &j);
    assert_int_equal(status, 200);
    assert_non_null(j);
    return j;
}

/* POSTs doc (printed) to /__admin/fixtures; the status, the reply in *reply if asked. */
static long upload(const cJSON *doc, cJSON **reply)
{
    char *text = cJSON_PrintUnformatted(doc);
    long status = ctl_admin(ctl_sim, NONE, "POST", "/__admin/fixtures", text, reply);
    cJSON_free(text);
    return status;
}

static long upload_text(const char *text, cJSON **reply)
{
    return ctl_admin(ctl_sim, NONE, "POST", "/__admin/fixtures", text, reply);
}

/* A RemotePC GET's whole reply text, by prefix and key ("" when the tenant has none). */
static char *rp_get(const struct ctl_tenant *t, const char *path)
{
    if (!t->ent_key[0])
        return strdup("");
    cJSON *j;
    long status =
        ctl_rp(ctl_sim, (struct ctl_route){.prefix = t->id}, t->ent_key, "GET", path, NULL, &j);
    assert_int_equal(status, 200);
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return text;
}

/* An OCO call's "result" as text ("null" for an error), by prefix and key. */
static char *oco_result(const struct ctl_tenant *t, const char *method, const char *data)
{
    cJSON *j;
    ctl_oco(ctl_sim, (struct ctl_route){.prefix = t->id}, t->oco_key, method, data, &j);
    const cJSON *r = ctl_get(j, "result");
    char *text = r ? cJSON_PrintUnformatted(r) : strdup("null");
    cJSON_Delete(j);
    return text;
}

/* result.data.id of an OCO create; 0 when it failed. */
static int oco_try_id(const struct ctl_tenant *t, const char *method, const char *data)
{
    char *r = oco_result(t, method, data);
    cJSON *j = cJSON_Parse(r);
    const cJSON *id = ctl_get(ctl_get(j, "data"), "id");
    int n = cJSON_IsString(id) ? atoi(id->valuestring) : cJSON_IsNumber(id) ? id->valueint : 0;
    cJSON_Delete(j);
    free(r);
    return n;
}

/* The same, asserting it succeeded. */
static int oco_new_id(const struct ctl_tenant *t, const char *method, const char *data)
{
    int id = oco_try_id(t, method, data);
    if (id <= 0)
        fail_msg("%s %s failed", method, data);
    return id;
}

/* pcvisit AcQuerySessionsHistory totalCount of the built-in pair's company, by prefix and the
 * tenant's own tokens; -1 without a pair. */
static int pcv_total(const struct ctl_tenant *t, const char *company)
{
    if (!t->pcv_integrator[0] || !company)
        return -1;
    char path[128], body[1024], auth[1024];
    snprintf(path, sizeof path, "/t/%s/graphql", t->id);
    snprintf(body, sizeof body,
             "{\"query\":\"{ SiRetrieveSignedJwt(integratorApiToken: \\\"%s\\\", userApiToken: "
             "\\\"%s\\\") { ... on SignedJwtWasRetrieved { token } } }\"}",
             t->pcv_integrator, t->pcv_user);
    struct tl_request req = {.method = "POST", .path = path, .body = body};
    req.headers[0] = "Content-Type: application/json";
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    cJSON *j = tl_json(&res);
    const char *token = str(ctl_get(ctl_get(j, "data"), "SiRetrieveSignedJwt"), "token");
    assert_non_null(token);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    cJSON_Delete(j);
    tl_response_free(&res);
    snprintf(body, sizeof body,
             "{\"query\":\"query($c: CustomerUuid!) { AcQuerySessionsHistory(company: $c) { ... on "
             "SessionProtocolEdge { totalCount } } }\",\"variables\":{\"c\":\"%s\"}}",
             company);
    req.headers[1] = auth;
    tl_do(ctl_sim, &req, &res);
    j = tl_json(&res);
    const cJSON *n = ctl_get(ctl_get(ctl_get(j, "data"), "AcQuerySessionsHistory"), "totalCount");
    int total = cJSON_IsNumber(n) ? n->valueint : -2;
    cJSON_Delete(j);
    tl_response_free(&res);
    return total;
}

/* The company of the export's built-in pcvisit pair (F-CTL-051: written as the built-in). */
static const char *pcv_company(const cJSON *doc)
{
    const cJSON *pair;
    cJSON_ArrayForEach(pair, ctl_get(ctl_get(doc, "pcvisit"),
                                     "tokenPairs")) if (strcmp(str(pair, "integratorApiToken"),
                                                               "demo-integrator-token") ==
                                                        0) return str(pair, "company");
    return NULL;
}

/* What the APIs answer for reads the writes touched, concatenated. */
static char *reads(const struct ctl_tenant *t, const char *company)
{
    char *parts[] = {
        rp_get(t, RP_ENT "computer/list"),
        rp_get(t, RP_ENT "user/list"),
        oco_result(t, "oco.computer.list", NULL),
        oco_result(t, "oco.package.list", NULL),
        oco_result(t, "oco.job_container.list", NULL),
    };
    size_t len = 64;
    for (size_t i = 0; i < 5; i++)
        len += strlen(parts[i]) + 1;
    char *all = malloc(len);
    int n = snprintf(all, len, "pcvisit %d|", pcv_total(t, company));
    for (size_t i = 0; i < 5; i++) {
        n += snprintf(all + n, len - (size_t)n, "%s|", parts[i]);
        free(parts[i]);
    }
    return all;
}

/* Writes through each API the tenant has: RemotePC invites a user and removes a computer;
 * OCO creates a computer and a package (with a payload: a BLOB) and deploys one to the
 * other. pcvisit has no writes. Returns whether a package was made. */
static bool write_through_apis(const struct ctl_tenant *t, const cJSON *before)
{
    bool made = false;
    struct ctl_route r = {.prefix = t->id};
    if (t->ent_key[0]) {
        cJSON *j;
        assert_int_equal(ctl_rp(ctl_sim, r, t->ent_key, "POST", RP_ENT "user/invite",
                                "{\"email\":[\"state.round.trip@example.com\"]}", &j),
                         200);
        cJSON_Delete(j);
        const cJSON *acct =
            cJSON_GetArrayItem(ctl_get(ctl_get(before, "remotepc"), "enterprise"), 0);
        const cJSON *pc = cJSON_GetArrayItem(ctl_get(acct, "computers"), 0);
        if (pc) {
            char body[256];
            snprintf(body, sizeof body, "{\"computer_names\":[\"%s\"]}", str(pc, "hostName"));
            assert_int_equal(
                ctl_rp(ctl_sim, r, t->ent_key, "POST", RP_ENT "computer/remove", body, &j), 200);
            cJSON_Delete(j);
        }
    }
    if (t->oco_key[0]) {
        int pc = oco_new_id(t, "oco.computer.create", "{\"hostname\":\"STATE-RT\"}");
        int id = oco_try_id(t, "oco.package.create",
                            "{\"package_family_name\":\"State RT\",\"version\":\"1.0\","
                            "\"install_procedure\":\"setup.exe\",\"files\":[{\"name\":"
                            "\"a.txt\",\"content\":\"aGVsbG8=\"}]}");
        if (id > 0) { /* a fixture over the free licence refuses packages (F-OCO-050) */
            char data[256];
            snprintf(data, sizeof data,
                     "{\"name\":\"state-rt\",\"computer_ids\":[%d],\"package_ids\":[%d]}", pc, id);
            oco_new_id(t, "oco.job_container.deploy", data);
            made = true;
        }
    }
    return made;
}

/* Asserts the sections of two exports are the same text (F-CTL-050: byte for byte). */
static void expect_same_sections(const cJSON *a, const cJSON *b)
{
    const cJSON *sec;
    int n = 0;
    cJSON_ArrayForEach(sec, a)
    {
        if (!cJSON_IsObject(sec))
            continue;
        n++;
        char *x = cJSON_PrintUnformatted(sec);
        char *y = cJSON_PrintUnformatted(ctl_get(b, sec->string));
        assert_non_null(y);
        if (strcmp(x, y) != 0)
            fail_msg("section %s differs after the round trip", sec->string);
        free(x);
        free(y);
    }
    assert_int_equal(n, 3); /* remotepc, oco, pcvisit: every section is written */
}

/* F-CTL-050, F-CTL-051, F-CTL-056, F-CTL-058: for each built-in fixture, writes, export,
 * upload, a tenant from it: the same export and the same answers. */
static void round_trip_keeps_every_api_state(void **state)
{
    (void)state;
    static const char *const fixtures[] = {"default", "empty", "oco-parity"};
    int packages = 0;
    for (size_t f = 0; f < sizeof fixtures / sizeof fixtures[0]; f++) {
        char body[128];
        struct ctl_tenant t1, t2;
        snprintf(body, sizeof body, "{\"fixture\":\"%s\"}", fixtures[f]);
        assert_int_equal(ctl_tenant_create(ctl_sim, body, &t1), 201);
        cJSON *before = export_state(t1.id);
        bool made = write_through_apis(&t1, before);
        packages += made;
        cJSON *first = export_state(t1.id);
        /* F-CTL-056: a name an upload takes as it is */
        char want[96];
        snprintf(want, sizeof want, "state-%s", t1.id);
        assert_string_equal(str(first, "name"), want);
        assert_non_null(strstr(str(first, "description"), fixtures[f]));
        /* F-CTL-051: the tenant's own credentials go out as the built-in ones */
        char *text = cJSON_PrintUnformatted(first);
        char seed[96];
        snprintf(seed, sizeof seed, "%s-", t1.id);
        if (t1.oco_key[0]) {
            assert_null(strstr(text, t1.oco_key));
            assert_non_null(strstr(text, "\"client-api-key\":\"demo-oco-api-key\""));
        }
        if (t1.ent_key[0]) {
            assert_null(strstr(text, t1.ent_key));
            assert_non_null(strstr(text, "\"key\":\"demo-enterprise-key\""));
        }
        if (t1.pcv_integrator[0])
            assert_null(strstr(text, t1.pcv_integrator));
        if (made) /* F-CTL-058: the package's payload is a BLOB */
            assert_non_null(strstr(text, "\"payload\":{\"base64\":\""));
        free(text);

        snprintf(want, sizeof want, "rt-%s", fixtures[f]);
        cJSON_ReplaceItemInObjectCaseSensitive(first, "name", cJSON_CreateString(want));
        cJSON *reply;
        long status = upload(first, &reply);
        if (status != 201 && status != 200)
            fail_msg("upload %s: %ld %s", want, status, str(reply, "error"));
        cJSON_Delete(reply);
        snprintf(body, sizeof body, "{\"fixture\":\"%s\"}", want);
        assert_int_equal(ctl_tenant_create(ctl_sim, body, &t2), 201);
        /* the new tenant has credentials of its own, not t1's */
        assert_string_not_equal(t1.oco_key, t2.oco_key);
        assert_int_equal(t1.ent_key[0] != 0, t2.ent_key[0] != 0);
        assert_int_equal(t1.pcv_integrator[0] != 0, t2.pcv_integrator[0] != 0);

        cJSON *second = export_state(t2.id);
        expect_same_sections(first, second);

        /* the same answers through each API */
        const char *company = pcv_company(first);
        char *a = reads(&t1, company), *b = reads(&t2, company);
        assert_string_equal(a, b);
        if (company)
            assert_true(strncmp(a, "pcvisit -", 9) != 0); /* the pcvisit count was read */
        free(a);
        free(b);
        /* nextIds: the next OCO id is the same in both */
        if (t1.oco_key[0])
            assert_int_equal(oco_new_id(&t1, "oco.computer.create", "{\"hostname\":\"N1\"}"),
                             oco_new_id(&t2, "oco.computer.create", "{\"hostname\":\"N1\"}"));
        cJSON_Delete(before);
        cJSON_Delete(first);
        cJSON_Delete(second);
        ctl_tenant_delete(ctl_sim, t1.id);
        ctl_tenant_delete(ctl_sim, t2.id);
    }
    assert_true(packages > 0);
}

/* F-CTL-050: the default tenant exports too (by no route), with its built-in keys. */
static void default_tenant_exports_its_builtin_credentials(void **state)
{
    (void)state;
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, NONE, "GET", "/__admin/state", NULL, &j), 200);
    assert_string_equal(str(j, "name"), "state-default");
    const cJSON *acct = cJSON_GetArrayItem(ctl_get(ctl_get(j, "remotepc"), "enterprise"), 0);
    assert_string_equal(str(cJSON_GetArrayItem(ctl_get(acct, "keys"), 0), "key"),
                        "demo-enterprise-key");
    cJSON_Delete(j);
    /* an unknown tenant: the control plane's 404 */
    assert_int_equal(ctl_admin(ctl_sim, (struct ctl_route){.header = "t999"}, "GET",
                               "/__admin/state", NULL, NULL),
                     404);
}

/* F-CTL-051: a created tenant's key is exported as the built-in one, sorted among the
 * account's other keys, here between two (this was a 500: Debian's cJSON refuses to insert
 * inside an array). */
static void issued_key_sorts_between_others(void **state)
{
    (void)state;
    cJSON *j;
    assert_int_equal(
        upload_text("{\"name\":\"three.keys\",\"remotepc\":{\"enterprise\":[{\"name\":\"K\","
                    "\"keys\":[{\"key\":\"demo-enterprise-key\"},{\"key\":\"demo-a\"},"
                    "{\"key\":\"demo-z\"}]}]}}",
                    &j),
        201);
    cJSON_Delete(j);
    struct ctl_tenant t;
    assert_int_equal(ctl_tenant_create(ctl_sim, "{\"fixture\":\"three.keys\"}", &t), 201);
    struct ctl_route r = {.prefix = t.id};
    assert_int_equal(ctl_admin(ctl_sim, r, "GET", "/__admin/state", NULL, &j), 200);
    const cJSON *acct = cJSON_GetArrayItem(ctl_get(ctl_get(j, "remotepc"), "enterprise"), 0);
    char *keys = cJSON_PrintUnformatted(ctl_get(acct, "keys"));
    assert_non_null(strstr(keys, "[{\"key\":\"demo-a\",\"owner\":true},{\"key\":"
                                 "\"demo-enterprise-key\",\"owner\":true},{\"key\":\"demo-z\""));
    free(keys);
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, t.id);
    assert_int_equal(ctl_admin(ctl_sim, NONE, "DELETE", "/__admin/fixtures/three.keys", NULL, NULL),
                     200);
}

/* Fixture rows at the edges: a setting without a key is refused as MariaDB's primary keys
 * are NOT NULL (its export dereferenced it), and the last id int64_t holds exports its
 * next id without overflowing. */
static void oco_rows_at_the_edges(void **state)
{
    (void)state;
    cJSON *j;
    assert_int_equal(upload_text("{\"name\":\"edge.a\",\"oco\":{\"tables\":{\"setting\":"
                                 "[{\"key\":null,\"value\":\"v\"}]}}}",
                                 &j),
                     400);
    assert_string_equal(str(j, "error"),
                        "$.oco.tables.setting[0]: NOT NULL constraint failed: setting.key");
    cJSON_Delete(j);
    assert_int_equal(upload_text("{\"name\":\"edge.b\",\"oco\":{\"tables\":{\"report_group\":"
                                 "[{\"id\":\"9223372036854775807\",\"name\":\"g\"}]}}}",
                                 &j),
                     201);
    cJSON_Delete(j);
    struct ctl_tenant t;
    assert_int_equal(ctl_tenant_create(ctl_sim, "{\"fixture\":\"edge.b\"}", &t), 201);
    struct ctl_route r = {.prefix = t.id};
    assert_int_equal(ctl_admin(ctl_sim, r, "GET", "/__admin/state", NULL, &j), 200);
    const cJSON *next = ctl_get(ctl_get(ctl_get(j, "oco"), "nextIds"), "report_group");
    assert_true(cJSON_IsNumber(next) && next->valuedouble >= 9223372036854775807.0);
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, t.id);
    assert_int_equal(ctl_admin(ctl_sim, NONE, "DELETE", "/__admin/fixtures/edge.b", NULL, NULL),
                     200);
}

/* F-CTL-057: what is not a fixture's stays out: served links, the pcvisit JWT route, the
 * clock. A tenant from the export runs at real time with links of its own. */
static void export_leaves_out_links_clock_and_routes(void **state)
{
    (void)state;
    struct ctl_tenant t1, t2;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &t1), 201);
    struct ctl_route r = {.prefix = t1.id};
    assert_int_equal(ctl_admin(ctl_sim, r, "POST", "/__admin/clock",
                               "{\"freeze\":\"2030-01-01T00:00:00Z\"}", NULL),
                     200);
    cJSON *j;
    assert_int_equal(ctl_rp(ctl_sim, r, t1.rsl_key, "POST", "/rpc-api/reseller/private/user/signin",
                            "{\"username\":\"active.user@demo-reseller.example\","
                            "\"password\":\"Passw0rd!\"}",
                            &j),
                     200);
    const char *link = str(ctl_get(j, "message"), "rpc_redirect_link");
    assert_non_null(link);
    const char *token = strrchr(link, '/') + 1;
    cJSON *doc = export_state(t1.id);
    char *text = cJSON_PrintUnformatted(doc);
    assert_null(strstr(text, token));
    assert_null(strstr(text, "-jwt"));
    assert_null(strstr(text, "2030-01-01"));
    free(text);
    cJSON_Delete(j);
    cJSON_ReplaceItemInObjectCaseSensitive(doc, "name", cJSON_CreateString("no-links"));
    assert_int_equal(upload(doc, NULL), 201);
    cJSON_Delete(doc);
    assert_int_equal(ctl_tenant_create(ctl_sim, "{\"fixture\":\"no-links\"}", &t2), 201);
    assert_int_equal(
        ctl_admin(ctl_sim, (struct ctl_route){.prefix = t2.id}, "GET", "/__admin/clock", NULL, &j),
        200);
    assert_false(cJSON_IsTrue(ctl_get(j, "frozen")));
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, t1.id);
    ctl_tenant_delete(ctl_sim, t2.id);
}

/* F-CTL-055: a broken document is 400 naming the JSON path of the first problem. */
static void invalid_documents_name_the_path(void **state)
{
    (void)state;
    static const struct {
        const char *doc, *path, *message;
    } cases[] = {
        {"[1]", "$", "must be a JSON object"},
        {"{\"name\":", "$", "not valid JSON"},
        {"{\"description\":\"no name\"}", "$.name", "is required"},
        {"{\"name\":7}", "$.name", "must be a string"},
        {"{\"name\":\"a/b\"}", "$.name", "letters, digits"},
        {"{\"name\":\"x.json\"}", "$.name", "letters, digits"},
        {"{\"name\":\"bad\",\"nosuch\":{}}", "$.nosuch", "unknown section"},
        {"{\"name\":\"bad\",\"remotepc\":[]}", "$.remotepc", "must be an object"},
        {"{\"name\":\"bad\",\"remotepc\":{\"enterprise\":[{\"name\":\"E\",\"keys\":[{\"key\":5}]}]}"
         "}",
         "$.remotepc.enterprise[0].keys[0].key", "must be a string"},
        {"{\"name\":\"bad\",\"remotepc\":{\"enterprise\":[{\"name\":\"E\",\"keys\":[],"
         "\"computers\":[{\"machineId\":\"m\",\"osText\":\"w\"}]}]}}",
         "$.remotepc.enterprise[0].computers[0].hostName", "is required"},
        {"{\"name\":\"bad\",\"remotepc\":{\"reseller\":[{\"name\":\"R\",\"keys\":[],\"users\":"
         "[{\"username\":\"u\",\"state\":\"gone\"}]}]}}",
         "$.remotepc.reseller[0].users[0].state", "must be active"},
        {"{\"name\":\"bad\",\"oco\":{\"tables\":{\"computer\":[{\"hostnme\":\"x\"}]}}}",
         "$.oco.tables.computer[0].hostnme", "unknown column"},
        {"{\"name\":\"bad\",\"oco\":{\"tables\":{\"nosuch\":[]}}}", "$.oco.tables.nosuch",
         "unknown table"},
        {"{\"name\":\"bad\",\"oco\":{\"nextIds\":{\"computer\":\"x\"}}}", "$.oco.nextIds.computer",
         "must be an integer"},
        /* found by tests/fuzz/fuzz_fixture: a number past int64 was converted before the
         * range check (undefined behaviour) */
        {"{\"name\":\"bad\",\"oco\":{\"nextIds\":{\"computer\":1.07778e32}}}",
         "$.oco.nextIds.computer", "must be an integer"},
        {"{\"name\":\"bad\",\"oco\":{\"settings\":{\"k\":1}}}", "$.oco.settings.k",
         "must be a string"},
        {"{\"name\":\"bad\",\"oco\":{\"tables\":{\"package_family\":[{\"name\":\"f\",\"icon\":"
         "{\"base64\":\"@@\"}}]}}}",
         "$.oco.tables.package_family[0].icon", "valid base64"},
        {"{\"name\":\"bad\",\"pcvisit\":{\"companies\":[{\"customerUuid\":\"c\"}]}}",
         "$.pcvisit.companies[0].companyName", "is required"},
        {"{\"name\":\"bad\",\"pcvisit\":{\"tokenPairs\":[{\"integratorApiToken\":\"i\","
         "\"userApiToken\":\"u\",\"user\":\"nobody\",\"company\":\"none\"}]}}",
         "$.pcvisit.tokenPairs[0]", "names none"},
        {"{\"name\":\"bad\",\"pcvisit\":{\"sessions\":[{\"id\":\"s\"}]}}",
         "$.pcvisit.sessions[0].name", "is required"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *j;
        long status = upload_text(cases[i].doc, &j);
        if (status != 400 || !str(j, "path") || strcmp(str(j, "path"), cases[i].path) != 0 ||
            !strstr(str(j, "error"), cases[i].message))
            fail_msg("%s: %ld path %s error %s", cases[i].doc, status, str(j, "path"),
                     str(j, "error"));
        assert_int_equal(ctl_get(j, "status")->valueint, 400);
        /* the error starts with the path */
        assert_true(strncmp(str(j, "error"), cases[i].path, strlen(cases[i].path)) == 0);
        cJSON_Delete(j);
    }
    /* nothing invalid was kept */
    cJSON *list;
    assert_int_equal(ctl_admin(ctl_sim, NONE, "GET", "/__admin/fixtures", NULL, &list), 200);
    const cJSON *name;
    cJSON_ArrayForEach(name, ctl_get(list, "fixtures"))
        assert_string_not_equal(name->valuestring, "bad");
    cJSON_Delete(list);
}

/* F-CTL-052..054: an upload becomes a fixture tenants and resets name; listed as uploaded;
 * the same name again replaces it; a built-in's name is 409. */
static void uploaded_fixture_fills_tenants_and_is_replaced(void **state)
{
    (void)state;
    static const char one[] =
        "{\"name\":\"tiny.world_1\",\"description\":\"one user\",\"remotepc\":{\"enterprise\":"
        "[{\"name\":\"Tiny\",\"keys\":[{\"key\":\"demo-enterprise-key\"}],\"users\":["
        "{\"username\":\"a@tiny.example\"}]}]}}";
    static const char two[] =
        "{\"name\":\"tiny.world_1\",\"remotepc\":{\"enterprise\":[{\"name\":\"Tiny\",\"keys\":"
        "[{\"key\":\"demo-enterprise-key\"}],\"users\":[{\"username\":\"a@tiny.example\"},"
        "{\"username\":\"b@tiny.example\"}]}]}}";
    cJSON *j;
    assert_int_equal(upload_text(one, &j), 201);
    assert_string_equal(str(j, "fixture"), "tiny.world_1");
    assert_false(cJSON_IsTrue(ctl_get(j, "replaced")));
    cJSON_Delete(j);

    assert_int_equal(ctl_admin(ctl_sim, NONE, "GET", "/__admin/fixtures", NULL, &j), 200);
    char *text = cJSON_PrintUnformatted(ctl_get(j, "uploaded"));
    assert_non_null(strstr(text, "\"tiny.world_1\""));
    assert_null(strstr(text, "\"default\""));
    free(text);
    text = cJSON_PrintUnformatted(ctl_get(j, "fixtures"));
    assert_true(strncmp(text, "[\"default\",\"empty\",\"oco-parity\"", 31) == 0);
    assert_non_null(strstr(text, "\"tiny.world_1\""));
    free(text);
    cJSON_Delete(j);

    struct ctl_tenant t;
    assert_int_equal(ctl_tenant_create(ctl_sim, "{\"fixture\":\"tiny.world_1\"}", &t), 201);
    assert_true(t.ent_key[0]);  /* F-CTL-003 works on an uploaded fixture too */
    assert_false(t.oco_key[0]); /* no OCO section: no OCO key */
    cJSON *list;
    struct ctl_route r = {.prefix = t.id};
    assert_int_equal(ctl_rp(ctl_sim, r, t.ent_key, "GET", RP_ENT "user/list", NULL, &list), 200);
    const cJSON *pg = ctl_get(ctl_get(list, "message"), "pagination");
    assert_int_equal(ctl_get(pg, "total_records")->valueint, 1);
    cJSON_Delete(list);

    /* F-CTL-053: replaced; the tenant keeps its data until it is reset */
    assert_int_equal(upload_text(two, &j), 200);
    assert_true(cJSON_IsTrue(ctl_get(j, "replaced")));
    cJSON_Delete(j);
    assert_int_equal(ctl_rp(ctl_sim, r, t.ent_key, "GET", RP_ENT "user/list", NULL, &list), 200);
    pg = ctl_get(ctl_get(list, "message"), "pagination");
    assert_int_equal(ctl_get(pg, "total_records")->valueint, 1);
    cJSON_Delete(list);
    assert_int_equal(ctl_admin(ctl_sim, r, "POST", "/__admin/reset", NULL, NULL), 200);
    assert_int_equal(ctl_rp(ctl_sim, r, t.ent_key, "GET", RP_ENT "user/list", NULL, &list), 200);
    pg = ctl_get(ctl_get(list, "message"), "pagination");
    assert_int_equal(ctl_get(pg, "total_records")->valueint, 2);
    cJSON_Delete(list);
    /* a reset to another tenant's world by name, and back */
    assert_int_equal(
        ctl_admin(ctl_sim, r, "POST", "/__admin/reset", "{\"fixture\":\"empty\"}", NULL), 200);
    assert_int_equal(
        ctl_admin(ctl_sim, r, "POST", "/__admin/reset", "{\"fixture\":\"tiny.world_1\"}", NULL),
        200);
    ctl_tenant_delete(ctl_sim, t.id);

    /* F-CTL-055: a built-in fixture's name is taken */
    assert_int_equal(upload_text("{\"name\":\"default\"}", &j), 409);
    assert_string_equal(str(j, "path"), "$.name");
    assert_non_null(strstr(str(j, "error"), "built-in"));
    cJSON_Delete(j);
}

/* The "uploaded" list of GET /__admin/fixtures as compact JSON text (free it). */
static char *uploaded_names(void)
{
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, NONE, "GET", "/__admin/fixtures", NULL, &j), 200);
    char *text = cJSON_PrintUnformatted(ctl_get(j, "uploaded"));
    cJSON_Delete(j);
    return text;
}

/* F-CTL-059: DELETE /__admin/fixtures/{name} forgets an upload; the others keep their order,
 * tenants filled from it keep their data, and naming it again is 404 until it is uploaded
 * again. Built-in fixtures cannot be deleted. */
static void deleted_upload_is_forgotten(void **state)
{
    (void)state;
    static const char *const names[] = {"gone.a", "gone.b", "gone.c"};
    char doc[256];
    cJSON *j;
    for (size_t i = 0; i < 3; i++) {
        snprintf(doc, sizeof doc, "{\"name\":\"%s\"}", names[i]);
        assert_int_equal(upload_text(doc, &j), 201);
        cJSON_Delete(j);
    }
    struct ctl_tenant t;
    assert_int_equal(ctl_tenant_create(ctl_sim, "{\"fixture\":\"gone.b\"}", &t), 201);

    assert_int_equal(ctl_admin(ctl_sim, NONE, "DELETE", "/__admin/fixtures/gone.b", NULL, &j),
                     200);
    char *text = cJSON_PrintUnformatted(j);
    assert_string_equal(text, "{\"status\":\"ok\",\"deleted\":\"gone.b\"}");
    free(text);
    cJSON_Delete(j);
    text = uploaded_names();
    assert_non_null(strstr(text, "\"gone.a\",\"gone.c\""));
    assert_null(strstr(text, "gone.b"));
    free(text);

    /* The tenant keeps its data; what names the fixture again is 404. */
    struct ctl_route r = {.prefix = t.id};
    assert_int_equal(ctl_admin(ctl_sim, r, "GET", "/__admin/clock", NULL, NULL), 200);
    assert_int_equal(ctl_admin(ctl_sim, r, "POST", "/__admin/reset", NULL, &j), 404);
    assert_non_null(strstr(str(j, "error"), "gone.b"));
    cJSON_Delete(j);
    assert_int_equal(ctl_tenant_create(ctl_sim, "{\"fixture\":\"gone.b\"}", NULL), 404);
    assert_int_equal(ctl_admin(ctl_sim, NONE, "DELETE", "/__admin/fixtures/gone.b", NULL, &j),
                     404);
    assert_string_equal(str(j, "error"),
                        "no uploaded fixture 'gone.b' (GET /__admin/fixtures lists them)");
    cJSON_Delete(j);
    assert_int_equal(ctl_admin(ctl_sim, NONE, "DELETE", "/__admin/fixtures/default", NULL, &j),
                     409);
    assert_string_equal(str(j, "error"), "'default' is a built-in fixture and cannot be deleted");
    cJSON_Delete(j);

    /* Uploaded again: new, and last in upload order. */
    assert_int_equal(upload_text("{\"name\":\"gone.b\"}", &j), 201);
    assert_false(cJSON_IsTrue(ctl_get(j, "replaced")));
    cJSON_Delete(j);
    text = uploaded_names();
    assert_non_null(strstr(text, "\"gone.a\",\"gone.c\",\"gone.b\"]"));
    free(text);
    assert_int_equal(ctl_admin(ctl_sim, r, "POST", "/__admin/reset", NULL, NULL), 200);
    ctl_tenant_delete(ctl_sim, t.id);
    for (size_t i = 0; i < 3; i++) {
        char path[64];
        snprintf(path, sizeof path, "/__admin/fixtures/%s", names[i]);
        assert_int_equal(ctl_admin(ctl_sim, NONE, "DELETE", path, NULL, NULL), 200);
    }
}

/* F-CTL-055: the body limit of the server bounds an upload (413 from core). */
static void upload_larger_than_the_body_limit_is_413(void **state)
{
    (void)state;
    struct rmmsim_options opts = {.fixture = "empty", .max_body = 65536};
    struct rmmsim *small = tl_start_opts(&opts);
    size_t size = 70000;
    char *doc = malloc(size);
    int n = snprintf(doc, size, "{\"name\":\"big\",\"description\":\"");
    memset(doc + n, 'x', size - (size_t)n - 3);
    memcpy(doc + size - 3, "\"}", 3);
    struct tl_request req = {.method = "POST", .path = "/__admin/fixtures", .body = doc};
    struct tl_response res;
    tl_do(small, &req, &res);
    assert_int_equal(res.status, 413);
    tl_response_free(&res);
    free(doc);
    /* the empty fixture's own export fits and loads back */
    tl_get(small, "/__admin/state", &res);
    assert_int_equal(res.status, 200);
    cJSON *exported = tl_json(&res);
    tl_response_free(&res);
    cJSON_ReplaceItemInObjectCaseSensitive(exported, "name", cJSON_CreateString("again"));
    char *text = cJSON_PrintUnformatted(exported);
    cJSON_Delete(exported);
    assert_true(strlen(text) < 65536);
    tl_post_json(small, "/__admin/fixtures", text, &res);
    free(text);
    assert_int_equal(res.status, 201);
    tl_response_free(&res);
    tl_stop(small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_keeps_every_api_state),
        cmocka_unit_test(default_tenant_exports_its_builtin_credentials),
        cmocka_unit_test(issued_key_sorts_between_others),
        cmocka_unit_test(oco_rows_at_the_edges),
        cmocka_unit_test(export_leaves_out_links_clock_and_routes),
        cmocka_unit_test(invalid_documents_name_the_path),
        cmocka_unit_test(uploaded_fixture_fills_tenants_and_is_replaced),
        cmocka_unit_test(deleted_upload_is_forgotten),
        cmocka_unit_test(upload_larger_than_the_body_limit_is_413),
    };
    return cmocka_run_group_tests(tests, ctl_setup, ctl_teardown);
}
