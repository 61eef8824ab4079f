/*
 * Tests server/control/clock.c over real HTTP: each tenant's clock (F-CTL-010) read,
 * frozen (F-CTL-012), moved (F-CTL-013) and released; bad input; reset returns it to real
 * time (F-CTL-011); RemotePC link expiry and OCO timestamps follow it (F-CTL-014); its
 * range (F-CTL-015).
 */
#include "ctl_support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const struct ctl_route DEFAULT = {0};

/* POST /__admin/clock body for route; expects 200 and returns the clock as answered. */
static cJSON *set(struct ctl_route route, const char *body)
{
    cJSON *j;
    long status = ctl_admin(ctl_sim, route, "POST", "/__admin/clock", body, &j);
    if (status != 200)
        fail_msg("POST /__admin/clock %s: %ld", body, status);
    return j;
}

static cJSON *read_clock(struct ctl_route route)
{
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, route, "GET", "/__admin/clock", NULL, &j), 200);
    return j;
}

static int64_t now_ms(const cJSON *clock)
{
    return (int64_t)ctl_get(clock, "nowMs")->valuedouble;
}

static int64_t real_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void clock_reads_real_time_at_first(void **state)
{
    (void)state;
    cJSON *j = read_clock(DEFAULT);
    assert_string_equal(ctl_get(j, "tenant")->valuestring, "default");
    assert_false(cJSON_IsTrue(ctl_get(j, "frozen")));
    assert_true(llabs(now_ms(j) - real_ms()) < 5000);
    assert_true(fabs(ctl_get(j, "offsetMs")->valuedouble) < 5000);
    assert_int_equal(strlen(ctl_get(j, "now")->valuestring), 24); /* 2026-11-24T11:07:04.123Z */
    cJSON_Delete(j);
}

/* F-CTL-012, F-CTL-013: freeze, advance (ISO 8601 and milliseconds), go back, real. */
static void freeze_advance_and_release(void **state)
{
    (void)state;
    cJSON *j = set(DEFAULT, "{\"freeze\":\"2026-01-01T00:00:00Z\"}");
    assert_true(cJSON_IsTrue(ctl_get(j, "frozen")));
    assert_string_equal(ctl_get(j, "now")->valuestring, "2026-01-01T00:00:00.000Z");
    assert_true(ctl_get(j, "offsetMs")->valuedouble < 0);
    cJSON_Delete(j);
    static const struct {
        const char *body;
        const char *now;
    } steps[] = {
        {"{\"advance\":\"PT1H\"}", "2026-01-01T01:00:00.000Z"},
        {"{\"advance\":\"P1DT30M\"}", "2026-01-02T01:30:00.000Z"},
        {"{\"advance\":\"PT0.25S\"}", "2026-01-02T01:30:00.250Z"},
        {"{\"advance\":\"-PT30M0.25S\"}", "2026-01-02T01:00:00.000Z"},
        {"{\"advance\":\"P2W\"}", "2026-01-16T01:00:00.000Z"},
        {"{\"advanceMs\":3600000}", "2026-01-16T02:00:00.000Z"},
        {"{\"advanceMs\":-7200000}", "2026-01-16T00:00:00.000Z"},
        {"{\"freeze\":\"2026-03-04T05:06:07.890Z\"}", "2026-03-04T05:06:07.890Z"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        j = set(DEFAULT, steps[i].body);
        if (strcmp(ctl_get(j, "now")->valuestring, steps[i].now) != 0)
            fail_msg("%s: now %s, want %s", steps[i].body, ctl_get(j, "now")->valuestring,
                     steps[i].now);
        cJSON_Delete(j);
    }
    /* Frozen means frozen: a later read gives the same instant. */
    j = read_clock(DEFAULT);
    assert_string_equal(ctl_get(j, "now")->valuestring, "2026-03-04T05:06:07.890Z");
    cJSON_Delete(j);
    j = set(DEFAULT, "{\"real\":true}");
    assert_false(cJSON_IsTrue(ctl_get(j, "frozen")));
    assert_true(llabs(now_ms(j) - real_ms()) < 5000);
    cJSON_Delete(j);
    /* A running clock moves by an offset and keeps running. */
    j = set(DEFAULT, "{\"advance\":\"P1D\"}");
    assert_false(cJSON_IsTrue(ctl_get(j, "frozen")));
    assert_true(llabs((int64_t)ctl_get(j, "offsetMs")->valuedouble - 86400000) < 5000);
    cJSON_Delete(j);
    /* freeze true stops it where it is. */
    j = set(DEFAULT, "{\"freeze\":true}");
    assert_true(cJSON_IsTrue(ctl_get(j, "frozen")));
    assert_true(llabs(now_ms(j) - real_ms() - 86400000) < 5000);
    cJSON_Delete(j);
    cJSON_Delete(set(DEFAULT, "{\"real\":true}"));
}

static void bad_input_is_400_naming_the_problem(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *needle;
    } cases[] = {
        {NULL, "body must be a JSON object"},
        {"[1]", "body must be a JSON object"},
        {"{}", "give one of freeze, advance, advanceMs or real"},
        {"{\"speed\":2}", "unknown key 'speed'"},
        {"{\"freeze\":true,\"real\":true}", "not several"},
        {"{\"freeze\":\"tomorrow\"}", "freeze must be a UTC time"},
        {"{\"freeze\":\"2026-01-01T00:00:00+02:00\"}", "freeze must be a UTC time"},
        {"{\"freeze\":false}", "freeze must be a UTC time"},
        {"{\"advance\":\"1H\"}", "advance must be an ISO 8601 duration"},
        {"{\"advance\":\"PT\"}", "advance must be an ISO 8601 duration"},
        {"{\"advance\":\"P\"}", "advance must be an ISO 8601 duration"},
        {"{\"advance\":\"P1M\"}", "years and months have no fixed length"},
        {"{\"advance\":\"P1Y\"}", "advance must be an ISO 8601 duration"},
        {"{\"advance\":\"PT1H1H\"}", "advance must be an ISO 8601 duration"},
        {"{\"advance\":\"PT1.5H\"}", "advance must be an ISO 8601 duration"},
        {"{\"advance\":\"P99999999999D\"}", "advance must be an ISO 8601 duration"},
        {"{\"advance\":3600}", "advance must be an ISO 8601 duration"},
        {"{\"advanceMs\":1.5}", "advanceMs must be a whole number"},
        {"{\"advanceMs\":\"60000\"}", "advanceMs must be a whole number"},
        {"{\"advanceMs\":1e300}", "advanceMs must be a whole number"},
        {"{\"real\":false}", "real must be true"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *j;
        long status = ctl_admin(ctl_sim, DEFAULT, "POST", "/__admin/clock", cases[i].body, &j);
        if (status != 400)
            fail_msg("%s: status %ld", cases[i].body ? cases[i].body : "(no body)", status);
        const char *msg = ctl_get(j, "error")->valuestring;
        if (!strstr(msg, cases[i].needle))
            fail_msg("%s: '%s' lacks '%s'", cases[i].body, msg, cases[i].needle);
        cJSON_Delete(j);
    }
    /* Nothing was changed by the refusals. */
    cJSON *j = read_clock(DEFAULT);
    assert_false(cJSON_IsTrue(ctl_get(j, "frozen")));
    cJSON_Delete(j);
}

/* F-CTL-010: each tenant moves only its own time. */
static void each_tenant_has_its_own_clock(void **state)
{
    (void)state;
    struct ctl_tenant a, b;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &b), 201);
    struct ctl_route ra = {.header = a.id}, rb = {.prefix = b.id};
    cJSON_Delete(set(ra, "{\"freeze\":\"2030-01-01T00:00:00Z\"}"));
    cJSON_Delete(set(rb, "{\"advance\":\"-P1D\"}"));
    cJSON *j = read_clock(ra);
    assert_string_equal(ctl_get(j, "tenant")->valuestring, a.id);
    assert_string_equal(ctl_get(j, "now")->valuestring, "2030-01-01T00:00:00.000Z");
    cJSON_Delete(j);
    j = read_clock(rb);
    assert_false(cJSON_IsTrue(ctl_get(j, "frozen")));
    assert_true(llabs(now_ms(j) - (real_ms() - 86400000)) < 5000);
    cJSON_Delete(j);
    j = read_clock(DEFAULT);
    assert_false(cJSON_IsTrue(ctl_get(j, "frozen")));
    assert_true(fabs(ctl_get(j, "offsetMs")->valuedouble) < 5000);
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, a.id);
    ctl_tenant_delete(ctl_sim, b.id);
}

/* F-CTL-011: a reset over HTTP gives back real time too. */
static void reset_returns_the_clock_to_real_time(void **state)
{
    (void)state;
    struct ctl_tenant a;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    struct ctl_route ra = {.header = a.id};
    cJSON_Delete(set(ra, "{\"freeze\":\"2030-01-01T00:00:00Z\"}"));
    char path[128];
    snprintf(path, sizeof path, "/__admin/tenants/%s/reset", a.id);
    assert_int_equal(ctl_admin(ctl_sim, DEFAULT, "POST", path, NULL, NULL), 200);
    cJSON *j = read_clock(ra);
    assert_false(cJSON_IsTrue(ctl_get(j, "frozen")));
    cJSON_Delete(j);
    /* The same through POST /__admin/reset on the request's tenant. */
    cJSON_Delete(set(ra, "{\"advance\":\"P1D\"}"));
    assert_int_equal(ctl_admin(ctl_sim, ra, "POST", "/__admin/reset", NULL, NULL), 200);
    j = read_clock(ra);
    assert_true(fabs(ctl_get(j, "offsetMs")->valuedouble) < 5000);
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, a.id);
}

/* F-CTL-014: a Reseller sign-in link lives 5 minutes of its tenant's clock. */
static void remotepc_signin_link_expires_by_the_tenant_clock(void **state)
{
    (void)state;
    struct ctl_tenant a;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    struct ctl_route ra = {.prefix = a.id};
    cJSON_Delete(set(ra, "{\"freeze\":true}"));
    cJSON *j;
    assert_int_equal(ctl_rp(ctl_sim, DEFAULT, a.rsl_key, "POST",
                            "/rpc-api/reseller/private/user/signin",
                            "{\"username\":\"active.user@demo-reseller.example\","
                            "\"password\":\"Passw0rd!\"}",
                            &j),
                     200);
    const char *url = ctl_get(ctl_get(j, "message"), "rpc_redirect_link")->valuestring;
    char path[256];
    snprintf(path, sizeof path, "%s", strstr(url, "/t/"));
    cJSON_Delete(j);
    struct tl_request head = {.method = "HEAD", .path = path};
    struct tl_response res;
    cJSON_Delete(set(ra, "{\"advance\":\"PT4M59.999S\"}"));
    tl_do(ctl_sim, &head, &res);
    assert_int_equal(res.status, 200); /* the last millisecond still counts */
    tl_response_free(&res);
    /* Another tenant's clock (the default's) moving changes nothing here. */
    cJSON_Delete(set(DEFAULT, "{\"advance\":\"P1D\"}"));
    tl_do(ctl_sim, &head, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    cJSON_Delete(set(DEFAULT, "{\"real\":true}"));
    cJSON_Delete(set(ra, "{\"advanceMs\":1}"));
    struct tl_request follow = {.method = "GET", .path = path};
    tl_do(ctl_sim, &follow, &res);
    assert_int_equal(res.status, 410);
    tl_response_free(&res);
    ctl_tenant_delete(ctl_sim, a.id);
}

/* The id in the reply of oco.computer.create ({"data": {"id": "19"}}). */
static int created_id(const cJSON *reply)
{
    const cJSON *id = ctl_get(ctl_get(ctl_get(reply, "result"), "data"), "id");
    assert_non_null(id);
    return cJSON_IsString(id) ? atoi(id->valuestring) : id->valueint;
}

/* F-CTL-014: OCO's dates (a computer's "created") come from the tenant's clock. */
static void oco_timestamps_follow_the_tenant_clock(void **state)
{
    (void)state;
    struct ctl_tenant a;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    struct ctl_route ra = {.header = a.id};
    cJSON_Delete(set(ra, "{\"freeze\":\"2030-05-06T07:08:09Z\"}"));
    cJSON *j;
    assert_int_equal(ctl_oco(ctl_sim, DEFAULT, a.oco_key, "oco.computer.create",
                             "{\"hostname\":\"CLOCK-PC\"}", &j),
                     200);
    int id = created_id(j);
    cJSON_Delete(j);
    char data[64];
    snprintf(data, sizeof data, "{\"id\":%d}", id);
    assert_int_equal(ctl_oco(ctl_sim, DEFAULT, a.oco_key, "oco.computer.get", data, &j), 200);
    const cJSON *general = ctl_get(ctl_get(ctl_get(j, "result"), "data"), "general");
    assert_string_equal(ctl_get(general, "created")->valuestring, "2030-05-06 07:08:09");
    cJSON_Delete(j);
    /* An hour later by the tenant's clock. */
    cJSON_Delete(set(ra, "{\"advance\":\"PT1H\"}"));
    assert_int_equal(ctl_oco(ctl_sim, DEFAULT, a.oco_key, "oco.computer.create",
                             "{\"hostname\":\"CLOCK-PC2\"}", &j),
                     200);
    id = created_id(j);
    cJSON_Delete(j);
    snprintf(data, sizeof data, "{\"id\":%d}", id);
    assert_int_equal(ctl_oco(ctl_sim, DEFAULT, a.oco_key, "oco.computer.get", data, &j), 200);
    general = ctl_get(ctl_get(ctl_get(j, "result"), "data"), "general");
    assert_string_equal(ctl_get(general, "created")->valuestring, "2030-05-06 08:08:09");
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, a.id);
}

/* The message of a refused POST /__admin/clock in route (asserts 400). */
static void expect_refused(struct ctl_route route, const char *body, const char *needle)
{
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, route, "POST", "/__admin/clock", body, &j), 400);
    const char *msg = ctl_get(j, "error")->valuestring;
    if (!strstr(msg, needle))
        fail_msg("%s: '%s' lacks '%s'", body, msg, needle);
    cJSON_Delete(j);
}

/* F-CTL-015: a clock stays within 0001-01-01 and 9999-12-31, whatever the sum of moves; at
 * the very end the APIs still write their times (OCO's DATETIME text among them), and an
 * OCO "@unix" time past DATETIME's years is no time. */
static void clock_stays_within_four_digit_years(void **state)
{
    (void)state;
    struct ctl_tenant a;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    struct ctl_route ra = {.header = a.id};
    static const char range[] =
        "the clock must stay from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z";
    cJSON_Delete(set(ra, "{\"freeze\":\"9999-12-31T23:59:59Z\"}"));
    expect_refused(ra, "{\"advance\":\"PT1S\"}", range);
    expect_refused(ra, "{\"advanceMs\":3456000000000}", range);
    cJSON_Delete(set(ra, "{\"advance\":\"PT0.999S\"}"));
    cJSON *j;
    assert_int_equal(ctl_oco(ctl_sim, DEFAULT, a.oco_key, "oco.computer.create",
                             "{\"hostname\":\"LAST-PC\"}", &j),
                     200);
    char data[64];
    snprintf(data, sizeof data, "{\"id\":%d}", created_id(j));
    cJSON_Delete(j);
    assert_int_equal(ctl_oco(ctl_sim, DEFAULT, a.oco_key, "oco.computer.get", data, &j), 200);
    const cJSON *general = ctl_get(ctl_get(ctl_get(j, "result"), "data"), "general");
    assert_string_equal(ctl_get(general, "created")->valuestring, "9999-12-31 23:59:59");
    cJSON_Delete(j);
    assert_int_equal(ctl_oco(ctl_sim, DEFAULT, a.oco_key, "oco.job_container.deploy",
                             "{\"name\":\"late\",\"computer_ids\":[1],\"package_ids\":[1],"
                             "\"date_start\":\"@9300000000000000\"}",
                             &j),
                     200);
    /* Past DATETIME's years a time is taken as none, so the date is missing (F-OCO-080). */
    assert_int_equal(ctl_get(ctl_get(j, "error"), "code")->valueint, -32001);
    assert_string_equal(ctl_get(ctl_get(j, "error"), "message")->valuestring,
                        "Please fill the required fields");
    cJSON_Delete(j);

    cJSON_Delete(set(ra, "{\"freeze\":\"0001-01-01T00:00:00Z\"}"));
    expect_refused(ra, "{\"advance\":\"-PT0.001S\"}", range);
    expect_refused(ra, "{\"freeze\":\"0000-12-31T23:59:59Z\"}", range);
    j = read_clock(ra);
    assert_string_equal(ctl_get(j, "now")->valuestring, "0001-01-01T00:00:00.000Z");
    cJSON_Delete(j);
    ctl_tenant_delete(ctl_sim, a.id);
}

/* The company query of pcvisit with a Bearer JWT in tenant t: its reply body (malloc). */
static char *pcv_company(struct ctl_route route, const char *jwt)
{
    char auth[1200], path[128];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", jwt);
    snprintf(path, sizeof path, "/t/%s/graphql", route.header);
    struct tl_request req = {.method = "POST",
                             .path = path,
                             .body = "{\"query\":\"{ CaRetrievePublicCompanyData(id: "
                                     "\\\"10001\\\") { __typename ... on Failure { error } } }\"}",
                             .headers = {"Content-Type: application/json", auth}};
    struct tl_response res;
    tl_do(ctl_sim, &req, &res);
    assert_int_equal(res.status, 200);
    char *body = strdup(res.body);
    tl_response_free(&res);
    return body;
}

/* F-CTL-014: a pcvisit JWT is issued and expires (3600 s, F-PCV-061) by the tenant's clock:
 * made at a frozen 2030 it is good for exactly an hour of that clock. */
static void pcvisit_jwt_follows_the_tenant_clock(void **state)
{
    (void)state;
    struct ctl_tenant a;
    assert_int_equal(ctl_tenant_create(ctl_sim, NULL, &a), 201);
    struct ctl_route ra = {.header = a.id};
    cJSON_Delete(set(ra, "{\"freeze\":\"2030-01-01T00:00:00Z\"}"));
    char body[512];
    snprintf(body, sizeof body,
             "{\"query\":\"{ SiRetrieveSignedJwt(integratorApiToken: \\\"%s\\\", userApiToken: "
             "\\\"%s\\\") { ... on SignedJwtWasRetrieved { token } } }\"}",
             a.pcv_integrator, a.pcv_user);
    cJSON *j;
    assert_int_equal(ctl_admin(ctl_sim, ra, "POST", "/graphql", body, &j), 200);
    const cJSON *token = ctl_get(ctl_get(ctl_get(j, "data"), "SiRetrieveSignedJwt"), "token");
    assert_true(cJSON_IsString(token));
    char jwt[1024];
    snprintf(jwt, sizeof jwt, "%s", token->valuestring);
    cJSON_Delete(j);
    cJSON_Delete(set(ra, "{\"advance\":\"PT59M59S\"}"));
    char *reply = pcv_company(ra, jwt);
    assert_non_null(strstr(reply, "\"Imprint\""));
    free(reply);
    cJSON_Delete(set(ra, "{\"advance\":\"PT1S\"}"));
    reply = pcv_company(ra, jwt);
    assert_non_null(strstr(reply, "TokenExpired"));
    free(reply);
    ctl_tenant_delete(ctl_sim, a.id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clock_reads_real_time_at_first),
        cmocka_unit_test(freeze_advance_and_release),
        cmocka_unit_test(bad_input_is_400_naming_the_problem),
        cmocka_unit_test(each_tenant_has_its_own_clock),
        cmocka_unit_test(reset_returns_the_clock_to_real_time),
        cmocka_unit_test(remotepc_signin_link_expires_by_the_tenant_clock),
        cmocka_unit_test(oco_timestamps_follow_the_tenant_clock),
        cmocka_unit_test(clock_stays_within_four_digit_years),
        cmocka_unit_test(pcvisit_jwt_follows_the_tenant_clock),
    };
    return cmocka_run_group_tests(tests, ctl_setup, ctl_teardown);
}
