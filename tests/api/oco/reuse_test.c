/* Pins F-CORE-008 for OCO: the data of pure-read methods is reused only while it is still
 * true, and never with another call's id, language or number style; reports (which read the
 * clock) are never reused. */
#include "core/rm.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

static struct rmmsim *sim;

static int setup(void **state)
{
    (void)state;
    sim = tl_start("oco-parity");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_clock_unfreeze();
    tl_stop(sim);
    return 0;
}

/* One JSON-RPC call; returns the reply body (caller frees res). */
static void rpc(const char *id, const char *method, const char *data, const char *lang,
                struct tl_response *res)
{
    char body[1024];
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"%s\",\"params\":{\"api_key\":"
             "\"demo-oco-api-key\",\"data\":%s}}",
             id, method, data);
    char language[64];
    snprintf(language, sizeof language, "Accept-Language: %s", lang);
    struct tl_request req = { .method = "POST", .path = "/api-client.php", .body = body,
                              .headers = { "Content-Type: application/json",
                                           "Authorization: Basic YWRtaW46YWRtaW4=", language } };
    tl_do(sim, &req, res);
    assert_int_equal(res->status, 200);
}

/* The reply after its "id" member: what must be equal between reused calls. */
static const char *after_id(const char *body)
{
    const char *p = strstr(body, ",\"result\":");
    assert_non_null(p);
    return p;
}

static void each_call_keeps_its_own_id(void **state)
{
    (void)state;
    struct tl_response a, b, c;
    rpc("1", "oco.computer.get", "{\"id\":1}", "en", &a);
    rpc("\"two\"", "oco.computer.get", "{\"id\":1}", "en", &b);
    rpc("{\"x\":3}", "oco.computer.get", "{\"id\":1}", "en", &c);
    assert_true(strncmp(a.body, "{\"jsonrpc\":\"2.0\",\"id\":1,", 24) == 0);
    assert_true(strncmp(b.body, "{\"jsonrpc\":\"2.0\",\"id\":\"two\",", 28) == 0);
    assert_true(strncmp(c.body, "{\"jsonrpc\":\"2.0\",\"id\":{\"x\":3},", 30) == 0);
    assert_string_equal(after_id(a.body), after_id(b.body));
    assert_string_equal(after_id(a.body), after_id(c.body));
    tl_response_free(&a);
    tl_response_free(&b);
    tl_response_free(&c);
}

static void language_is_part_of_the_identity(void **state)
{
    (void)state;
    struct tl_response en, de;
    rpc("1", "oco.info", "{}", "en", &en);
    rpc("1", "oco.info", "{}", "de-DE", &de);
    assert_non_null(strstr(en.body, "\"license_company\":\"NOT REGISTERED\""));
    assert_non_null(strstr(de.body, "\"license_company\":\"Nicht registriert\""));
    tl_response_free(&en);
    tl_response_free(&de);
    rpc("1", "oco.report.list", "{\"report_group_id\":1}", "de", &de);
    assert_non_null(strstr(de.body, "Vordefiniert"));
    tl_response_free(&de);
}

static void writes_are_seen_by_the_next_read(void **state)
{
    (void)state;
    struct tl_response res;
    rpc("1", "oco.computer.list", "{}", "en", &res);
    assert_null(strstr(res.body, "REUSE-PC"));
    tl_response_free(&res);
    rpc("2", "oco.computer.create", "{\"hostname\":\"REUSE-PC\"}", "en", &res);
    tl_response_free(&res);
    rpc("3", "oco.computer.list", "{}", "en", &res);
    assert_non_null(strstr(res.body, "\"hostname\":\"REUSE-PC\""));
    tl_response_free(&res);
    /* Group membership shows in computer.get of SEED-PC after add_to_group. */
    rpc("4", "oco.computer.get", "{\"id\":1}", "en", &res);
    assert_null(strstr(res.body, "\"name\":\"Lab\""));
    tl_response_free(&res);
    rpc("5", "oco.computer.add_to_group", "{\"computer_id\":1,\"computer_group_id\":3}", "en",
        &res);
    tl_response_free(&res);
    rpc("6", "oco.computer.get", "{\"id\":1}", "en", &res);
    assert_non_null(strstr(res.body, "\"name\":\"Lab\""));
    tl_response_free(&res);
    /* A reset is seen too. */
    char err[256];
    assert_int_equal(rmmsim_reset(sim, "oco-parity", err, sizeof err), 0);
    rpc("7", "oco.computer.list", "{}", "en", &res);
    assert_null(strstr(res.body, "REUSE-PC"));
    tl_response_free(&res);
}

static void reports_follow_the_clock(void **state)
{
    (void)state;
    /* Report 8 (7 days without agent contact) depends on "now": SEED-PC last pinged
     * 2024-01-01, so it is listed in 2026 and not on 2024-01-02. */
    struct tl_response res;
    rm_clock_freeze(1704196800000); /* 2024-01-02 12:00:00 UTC */
    rpc("1", "oco.report.execute", "{\"id\":8}", "en", &res);
    assert_null(strstr(res.body, "SEED-PC"));
    tl_response_free(&res);
    rm_clock_advance(30LL * 24 * 3600 * 1000);
    rpc("1", "oco.report.execute", "{\"id\":8}", "en", &res);
    assert_non_null(strstr(res.body, "SEED-PC"));
    tl_response_free(&res);
    rm_clock_unfreeze();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_call_keeps_its_own_id),
        cmocka_unit_test(language_is_part_of_the_identity),
        cmocka_unit_test(writes_are_seen_by_the_next_read),
        cmocka_unit_test(reports_follow_the_clock),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
