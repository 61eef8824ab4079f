/* Pins F-RP-050 and F-RP-051: the sign-in and connect links rmmsim hands out expire after
 * five minutes of the simulated clock, work once, and can be looked at with HEAD. */
#include "core/rm.h"
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
    rm_clock_unfreeze();
    tl_stop(sim);
    return 0;
}

/* POSTs body to path with key; returns the link in the reply (arena-free copy in buf). */
static void link_from(const char *path, const char *key, const char *body, const char *field,
                      char *buf, size_t size)
{
    char auth[128];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
    struct tl_request req = { .method = "POST", .path = path, .body = body,
                              .headers = { auth, "Content-Type: application/json" } };
    struct tl_response res;
    tl_do(sim, &req, &res);
    assert_int_equal(res.status, 200);
    cJSON *json = tl_json(&res);
    cJSON *message = cJSON_GetObjectItem(json, "message");
    const char *url = field ? cJSON_GetObjectItem(message, field)->valuestring
                            : message->valuestring;
    /* Keep only the path: the host is the one the test client used. */
    const char *p = strstr(url, "/rpcnew/");
    assert_non_null(p);
    snprintf(buf, size, "%s", p);
    cJSON_Delete(json);
    tl_response_free(&res);
}

static long follow(const char *method, const char *path)
{
    struct tl_request req = { .method = method, .path = path };
    struct tl_response res;
    tl_do(sim, &req, &res);
    long status = res.status;
    tl_response_free(&res);
    return status;
}

static void signin_link_expires_after_five_minutes(void **state)
{
    (void)state;
    char path[256];
    rm_clock_freeze(rm_clock_now_ms());
    link_from("/rpc-api/reseller/private/user/signin", "demo-reseller-key",
              "{\"username\":\"active.user@demo-reseller.example\",\"password\":\"Passw0rd!\"}",
              "rpc_redirect_link", path, sizeof path);
    assert_int_equal(follow("HEAD", path), 200); /* looking does not use it up */
    rm_clock_advance(5 * 60 * 1000 - 1);
    assert_int_equal(follow("HEAD", path), 200); /* the last millisecond still counts */
    rm_clock_advance(1);
    assert_int_equal(follow("GET", path), 410); /* expired: never followed, still gone */

    /* A fresh link followed in time works once. */
    link_from("/rpc-api/reseller/private/user/signin", "demo-reseller-key",
              "{\"username\":\"active.user@demo-reseller.example\",\"password\":\"Passw0rd!\"}",
              "rpc_redirect_link", path, sizeof path);
    rm_clock_advance(60 * 1000);
    assert_int_equal(follow("GET", path), 200);
    assert_int_equal(follow("GET", path), 410);
    rm_clock_unfreeze();
}

static void connect_url_expires_too(void **state)
{
    (void)state;
    char path[256];
    rm_clock_freeze(rm_clock_now_ms());
    /* john.doe has Computer A; its machine id from the device list. */
    struct tl_request req = { .method = "GET", .path = "/rpcnew/api/msp/computer/list/"
                                                      "john.doe@demo-enterprise.example",
                              .headers = { "Authorization: Bearer demo-enterprise-key" } };
    struct tl_response res;
    tl_do(sim, &req, &res);
    cJSON *json = tl_json(&res);
    const char *machine = cJSON_GetObjectItem(
        cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(json, "message"), "devices"),
                           0),
        "machine_id")->valuestring;
    char body[256];
    snprintf(body, sizeof body,
             "{\"machine_id\":\"%s\",\"username\":\"john.doe@demo-enterprise.example\"}", machine);
    cJSON_Delete(json);
    tl_response_free(&res);
    link_from("/rpcnew/api/msp/computer/get/connectUrl", "demo-enterprise-key", body, NULL, path,
              sizeof path);
    rm_clock_advance(5 * 60 * 1000);
    assert_int_equal(follow("GET", path), 410);
    rm_clock_unfreeze();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(signin_link_expires_after_five_minutes),
        cmocka_unit_test(connect_url_expires_too),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
