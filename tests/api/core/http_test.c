/* Tests server/core over real HTTP: routing errors, body limits, chunked bodies,
 * Expect: 100-continue, HEAD, keep-alive, tenant selection. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int setup(void **state)
{
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    opts.max_body = 4096; /* small, so limit tests stay cheap */
    *state = tl_start_opts(&opts);
    return 0;
}

static int teardown(void **state)
{
    tl_stop(*state);
    return 0;
}

static void unknown_path_is_404_json(void **state)
{
    struct tl_response res;
    tl_get(*state, "/no/such/thing", &res);
    assert_int_equal(res.status, 404);
    cJSON *json = tl_json(&res);
    assert_string_equal(cJSON_GetObjectItem(json, "error")->valuestring, "Not Found");
    cJSON_Delete(json);
    tl_response_free(&res);
}

static void wrong_method_is_405_with_allow(void **state)
{
    struct tl_response res;
    struct tl_request req = { .method = "DELETE", .path = "/__admin/health" };
    tl_do(*state, &req, &res);
    assert_int_equal(res.status, 405);
    char allow[64];
    assert_non_null(tl_header(&res, "Allow", allow, sizeof allow));
    assert_string_equal(allow, "GET, HEAD");
    tl_response_free(&res);

    struct tl_request get_reset = { .method = "GET", .path = "/__admin/reset" };
    tl_do(*state, &get_reset, &res);
    assert_int_equal(res.status, 405);
    assert_string_equal(tl_header(&res, "Allow", allow, sizeof allow), "POST");
    tl_response_free(&res);
}

static char *filled(size_t n)
{
    char *s = malloc(n + 1);
    memset(s, 'a', n);
    s[n] = '\0';
    return s;
}

static void body_over_the_limit_is_413(void **state)
{
    char *big = filled(4097);
    struct tl_response res;
    struct tl_request req = { .method = "POST", .path = "/__admin/reset", .body = big };
    tl_do(*state, &req, &res);
    assert_int_equal(res.status, 413);
    cJSON *json = tl_json(&res);
    assert_int_equal(cJSON_GetObjectItem(json, "status")->valueint, 413);
    cJSON_Delete(json);
    tl_response_free(&res);

    /* Chunked: no length up front, refused once the limit is crossed. */
    struct tl_request chunked = { .method = "POST", .path = "/__admin/reset", .body = big,
                                  .chunked = 1 };
    tl_do(*state, &chunked, &res);
    assert_int_equal(res.status, 413);
    tl_response_free(&res);
    free(big);

    /* The server still serves after refusing. */
    tl_get(*state, "/__admin/health", &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
}

static void body_at_the_limit_is_read(void **state)
{
    /* 4096 bytes of valid JSON: the reset handler must see all of it. */
    char body[4097];
    int n = snprintf(body, sizeof body, "{\"fixture\":\"empty\",\"pad\":\"");
    memset(body + n, ' ', 4096 - (size_t)n - 2);
    memcpy(body + 4094, "\"}", 3);
    assert_int_equal(strlen(body), 4096);
    struct tl_response res;
    struct tl_request req = { .method = "POST", .path = "/__admin/reset", .body = body };
    tl_do(*state, &req, &res);
    assert_int_equal(res.status, 200);
    cJSON *json = tl_json(&res);
    assert_string_equal(cJSON_GetObjectItem(json, "fixture")->valuestring, "empty");
    cJSON_Delete(json);
    tl_response_free(&res);
}

static void chunked_body_is_reassembled(void **state)
{
    /* 3000 bytes in 1000-byte chunks; the handler parses the JSON, so every byte counts. */
    char body[3001];
    int n = snprintf(body, sizeof body, "{\"fixture\":\"empty\",\"pad\":\"");
    memset(body + n, 'p', 3000 - (size_t)n - 2);
    memcpy(body + 2998, "\"}", 3);
    struct tl_response res;
    struct tl_request req = { .method = "POST", .path = "/__admin/reset", .body = body,
                              .chunked = 1, .headers = { "Content-Type: application/json" } };
    tl_do(*state, &req, &res);
    assert_int_equal(res.status, 200);
    cJSON *json = tl_json(&res);
    assert_string_equal(cJSON_GetObjectItem(json, "fixture")->valuestring, "empty");
    cJSON_Delete(json);
    tl_response_free(&res);
}

/* Pins F-CORE-002. */
static void expect_100_continue_works(void **state)
{
    struct tl_response res;
    struct tl_request req = { .method = "POST", .path = "/__admin/reset",
                              .body = "{\"fixture\":\"default\"}",
                              .headers = { "Expect: 100-continue" } };
    tl_do(*state, &req, &res);
    assert_int_equal(res.status, 200);
    cJSON *json = tl_json(&res);
    assert_string_equal(cJSON_GetObjectItem(json, "fixture")->valuestring, "default");
    cJSON_Delete(json);
    tl_response_free(&res);
}

static void head_has_headers_and_no_body(void **state)
{
    struct tl_response res;
    struct tl_request req = { .method = "HEAD", .path = "/__admin/health" };
    tl_do(*state, &req, &res);
    assert_int_equal(res.status, 200);
    assert_int_equal(res.body_len, 0);
    char len[16];
    assert_string_equal(tl_header(&res, "Content-Length", len, sizeof len), "15");
    tl_response_free(&res);
}

static void connections_are_kept_alive(void **state)
{
    struct tl_response res;
    tl_get(*state, "/__admin/health", &res);
    tl_response_free(&res);
    for (int i = 0; i < 5; i++) {
        tl_get(*state, "/__admin/health", &res);
        assert_int_equal(res.status, 200);
        assert_int_equal(res.connects, 0); /* reused the open connection */
        char conn[32];
        assert_string_equal(tl_header(&res, "Connection", conn, sizeof conn), "keep-alive");
        tl_response_free(&res);
    }
}

static void unknown_tenant_is_404(void **state)
{
    struct tl_response res;
    struct tl_request by_header = { .method = "POST", .path = "/__admin/reset",
                                    .headers = { "X-Rmmsim-Tenant: nosuch" } };
    tl_do(*state, &by_header, &res);
    assert_int_equal(res.status, 404);
    assert_non_null(strstr(res.body, "Unknown tenant"));
    tl_response_free(&res);

    struct tl_request by_path = { .method = "POST", .path = "/t/nosuch/__admin/reset" };
    tl_do(*state, &by_path, &res);
    assert_int_equal(res.status, 404);
    assert_non_null(strstr(res.body, "Unknown tenant"));
    tl_response_free(&res);

    /* The default tenant by name, through the path prefix, works. */
    struct tl_request default_path = { .method = "POST", .path = "/t/default/__admin/reset" };
    tl_do(*state, &default_path, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_path_is_404_json),
        cmocka_unit_test(wrong_method_is_405_with_allow),
        cmocka_unit_test(body_over_the_limit_is_413),
        cmocka_unit_test(body_at_the_limit_is_read),
        cmocka_unit_test(chunked_body_is_reassembled),
        cmocka_unit_test(expect_100_continue_works),
        cmocka_unit_test(head_has_headers_and_no_body),
        cmocka_unit_test(connections_are_kept_alive),
        cmocka_unit_test(unknown_tenant_is_404),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
