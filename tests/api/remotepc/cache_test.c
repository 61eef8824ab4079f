/* Pins F-CORE-008: RemotePC list replies are reused only while they are still true. Every
 * way a list reply could go stale or reach the wrong caller is tried: writes, resets, other
 * keys (accounts, IP allowlists), other pages, bodies and query strings. */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

static struct rmmsim *sim;

static int setup(void **state)
{
    (void)state;
    sim = tl_start("default");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tl_stop(sim);
    return 0;
}

static int reset(void **state)
{
    (void)state;
    char err[256];
    return rmmsim_reset(sim, "default", err, sizeof err);
}

/* GET path with key and body; returns the status and the body (caller frees res). */
static long list(const char *path, const char *key, const char *body, struct tl_response *res)
{
    char auth[128];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
    struct tl_request req = { .method = "GET", .path = path, .body = body,
                              .headers = { auth, "Content-Type: application/json" } };
    tl_do(sim, &req, res);
    return res->status;
}

static int total_records(const char *path, const char *key, const char *body)
{
    struct tl_response res;
    assert_int_equal(list(path, key, body, &res), 200);
    cJSON *json = tl_json(&res);
    int total = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(json, "message"),
                                                        "pagination"),
                                    "total_records")
                    ->valueint;
    cJSON_Delete(json);
    tl_response_free(&res);
    return total;
}

static void post(const char *path, const char *body)
{
    struct tl_request req = { .method = "POST", .path = path, .body = body,
                              .headers = { "Authorization: Bearer demo-enterprise-key",
                                           "Content-Type: application/json" } };
    struct tl_response res;
    tl_do(sim, &req, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
}

#define LIST "/rpcnew/api/msp/computer/list"

static void repeated_reads_are_identical(void **state)
{
    (void)state;
    struct tl_response a, b;
    list(LIST, "demo-enterprise-key", "{\"recordPerPage\":30}", &a);
    list(LIST, "demo-enterprise-key", "{\"recordPerPage\":30}", &b);
    assert_int_equal(a.body_len, b.body_len);
    assert_memory_equal(a.body, b.body, a.body_len);
    tl_response_free(&a);
    tl_response_free(&b);
}

static void a_write_is_seen_by_the_next_read(void **state)
{
    (void)state;
    const char *body = "{\"recordPerPage\":500}";
    assert_int_equal(total_records(LIST, "demo-enterprise-key", body), 130);
    assert_int_equal(total_records(LIST, "demo-enterprise-key", body), 130); /* reused */
    post("/rpcnew/api/msp/computer/remove", "{\"computer_names\":[\"Offline-PC-01\"]}");
    assert_int_equal(total_records(LIST, "demo-enterprise-key", body), 129);
    /* A comment shows in the next read of the same page. */
    post("/rpcnew/api/msp/computer/comments/add",
         "{\"computer_name\":\"Computer A\",\"comment_desc\":\"cached? never\"}");
    struct tl_response res;
    list(LIST, "demo-enterprise-key", body, &res);
    assert_non_null(strstr(res.body, "cached? never"));
    tl_response_free(&res);
    /* user/list after a create */
    int users = total_records("/rpcnew/api/msp/user/list", "demo-enterprise-key", "");
    post("/rpcnew/api/msp/user/create", "{\"firstname\":\"Cache\",\"lastname\":\"Test\","
                                        "\"username\":\"cache.test@example.com\","
                                        "\"password\":\"Secret1!\"}");
    assert_int_equal(total_records("/rpcnew/api/msp/user/list", "demo-enterprise-key", ""),
                     users + 1);
}

static void a_reset_is_seen_by_the_next_read(void **state)
{
    (void)state;
    assert_int_equal(total_records(LIST, "demo-enterprise-key", ""), 130);
    char err[256];
    assert_int_equal(rmmsim_reset(sim, "empty", err, sizeof err), 0);
    assert_int_equal(total_records(LIST, "demo-enterprise-key", ""), 0);
}

static void other_callers_never_get_a_reply_made_for_someone_else(void **state)
{
    (void)state;
    assert_int_equal(total_records(LIST, "demo-enterprise-key", ""), 130);
    /* Another account's key on the same path and body: its own computers. */
    assert_int_equal(total_records(LIST, "demo-enterprise-ipallowed-key", ""), 2);
    /* Keys that must be refused are refused, whatever was stored for the path. */
    struct tl_response res;
    assert_int_equal(list(LIST, "demo-enterprise-iplocked-key", "", &res), 403);
    tl_response_free(&res);
    assert_int_equal(list(LIST, "demo-enterprise-subadmin-key", "", &res), 403);
    tl_response_free(&res);
    assert_int_equal(list(LIST, "no-such-key", "", &res), 401);
    tl_response_free(&res);
    assert_int_equal(total_records(LIST, "demo-enterprise-key", ""), 130);
}

static void pages_bodies_and_queries_are_told_apart(void **state)
{
    (void)state;
    struct tl_response p1, p2, q2;
    list(LIST, "demo-enterprise-key", "{\"pageIndex\":1,\"recordPerPage\":2}", &p1);
    list(LIST, "demo-enterprise-key", "{\"pageIndex\":2,\"recordPerPage\":2}", &p2);
    list(LIST "?pageIndex=2&recordPerPage=2", "demo-enterprise-key", "", &q2);
    assert_string_not_equal(p1.body, p2.body);
    assert_string_equal(p2.body, q2.body); /* the same page, asked for either way */
    assert_non_null(strstr(p1.body, "\"current_page_index\":1"));
    assert_non_null(strstr(q2.body, "\"current_page_index\":2"));
    tl_response_free(&p1);
    tl_response_free(&p2);
    tl_response_free(&q2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(repeated_reads_are_identical, reset),
        cmocka_unit_test_setup(a_write_is_seen_by_the_next_read, reset),
        cmocka_unit_test_setup(a_reset_is_seen_by_the_next_read, reset),
        cmocka_unit_test_setup(other_callers_never_get_a_reply_made_for_someone_else, reset),
        cmocka_unit_test_setup(pages_bodies_and_queries_are_told_apart, reset),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
