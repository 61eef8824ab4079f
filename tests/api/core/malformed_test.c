/* Requests civetweb itself refuses before rmmsim routes them (a malformed request line, a head
 * too large) get a well-formed reply in rmmsim's own error format, which reflects nothing of
 * the request (F-CORE-009), and so do the targets it reads but does not route (F-CORE-017);
 * both found by tests/fuzz/fuzz_http. Raw sockets: libcurl cannot send
 * such requests. */
#include "testlib.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct rmmsim *sim;

static int start(void **state)
{
    (void)state;
    sim = tl_start("empty");
    return sim ? 0 : -1;
}

static int stop(void **state)
{
    (void)state;
    tl_stop(sim);
    return 0;
}

static void assert_clean_error(const char *reply, const char *status_line, const char *body)
{
    if (strncmp(reply, status_line, strlen(status_line)) != 0)
        fail_msg("the reply begins \"%.80s\"", reply);
    assert_null(strstr(reply, "X-Secret"));
    const char *start = strstr(reply, "\r\n\r\n");
    assert_non_null(start);
    assert_string_equal(start + 4, body);
    assert_non_null(strstr(reply, "Content-Type: application/json\r\n"));
}

static void a_space_in_the_path_is_a_clean_400(void **state)
{
    (void)state;
    static const char request[] = "GET /rpcnew/api/msp/computer list HTTP/1.1\r\nHost: x\r\n"
                                  "X-Secret: do-not-echo\r\nConnection: close\r\n\r\n";
    char *reply = tl_raw_exchange(sim, request, strlen(request));
    assert_clean_error(reply, "HTTP/1.1 400 Bad Request\r\n",
                       "{\"error\":\"Bad Request\",\"status\":400}");
    free(reply);
}

static void a_request_line_of_garbage_is_a_clean_400(void **state)
{
    (void)state;
    static const char request[] = "\x01\x02 / HTTP/1.1\r\nX-Secret: do-not-echo\r\n\r\n";
    char *reply = tl_raw_exchange(sim, request, strlen(request));
    assert_clean_error(reply, "HTTP/1.1 400 Bad Request\r\n",
                       "{\"error\":\"Bad Request\",\"status\":400}");
    free(reply);
}

/* civetweb's head limit (16 KiB): its own 413 (or 431), well-formed, nothing reflected. */
static void a_head_too_large_is_refused_cleanly(void **state)
{
    (void)state;
    size_t len = 40000;
    char *request = malloc(len + 64);
    int at = sprintf(request, "GET /__admin/health HTTP/1.1\r\nX-Secret: ");
    memset(request + at, 'a', len);
    strcpy(request + at + len, "\r\n\r\n");
    char *reply = tl_raw_exchange(sim, request, strlen(request));
    if (strncmp(reply, "HTTP/1.1 4", 10) != 0)
        fail_msg("the reply begins \"%.80s\"", reply);
    assert_null(strstr(reply, "X-Secret"));
    free(reply);
    free(request);
}

#define TARGET_ERROR                                                                         \
    "{\"error\":\"Bad Request: the request target must be a path, such as /graphql (not * or "   \
    "an absolute URI)\",\"status\":400}"

/* F-CORE-017: civetweb reads a "*" or absolute-URI target and closes without a word; rmmsim
 * answers 400, once, whatever the method (found by tests/fuzz/fuzz_http). */
static void targets_civetweb_does_not_route_are_a_clean_400(void **state)
{
    (void)state;
    static const char *const requests[] = {
        "POST * HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\n\n\n\n\nn\"",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://example.com/__admin/health HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET https://127.0.0.1/graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++) {
        char *reply = tl_raw_exchange(sim, requests[i], strlen(requests[i]));
        assert_clean_error(reply, "HTTP/1.1 400 Bad Request\r\n", TARGET_ERROR);
        free(reply);
    }
}

/* After requests answered on a keep-alive connection, the 400 answers the "*" one only. */
static void a_star_target_after_keep_alive_requests(void **state)
{
    (void)state;
    static const char request[] = "GET /__admin/health HTTP/1.1\r\nHost: x\r\n\r\n"
                                  "GET /__admin/health HTTP/1.1\r\nHost: x\r\n\r\n"
                                  "GET * HTTP/1.1\r\nHost: x\r\n\r\n";
    char *reply = tl_raw_exchange(sim, request, strlen(request));
    const char *third = reply;
    for (int i = 0; i < 2; i++) {
        if (strncmp(third, "HTTP/1.1 200 OK\r\n", 17) != 0)
            fail_msg("reply %d begins \"%.80s\"", i + 1, third);
        third = strstr(third, "{\"status\":\"ok\"}");
        assert_non_null(third);
        third += strlen("{\"status\":\"ok\"}");
    }
    assert_clean_error(third, "HTTP/1.1 400 Bad Request\r\n", TARGET_ERROR);
    free(reply);
}

/* A request civetweb refuses itself is answered once, not again when the connection closes. */
static void a_refused_request_is_answered_once(void **state)
{
    (void)state;
    static const char request[] = "GET /a b HTTP/1.1\r\nHost: x\r\n\r\n";
    char *reply = tl_raw_exchange(sim, request, strlen(request));
    assert_clean_error(reply, "HTTP/1.1 400 Bad Request\r\n",
                       "{\"error\":\"Bad Request\",\"status\":400}");
    free(reply);
}

/* F-CORE-018: a Content-Length that is not digits, or two that differ, make the request
 * malformed: 400 in the API's own format, though civetweb alone would read "7-ti" as 7 and
 * take the first of two (each body below is exactly what that reading wants). Whitespace
 * around the digits is allowed. */
static void an_unsound_content_length_is_a_400(void **state)
{
    (void)state;
    static const struct {
        const char *request, *status_line, *body;
    } cases[] = {
        { "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          "Content-Length: 7-ti\r\n\r\n{\"a\":1}",
          "HTTP/1.1 400 Bad Request\r\n", "{\"errors\":[{\"message\":\"Malformed request\"}]}" },
        { "POST /api-client.php HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
          "Content-Length: 5\r\n\r\n{}",
          "HTTP/1.1 400 Bad Request\r\n", "" },
        { "POST /rpcnew/api/msp/user/invite HTTP/1.1\r\nHost: x\r\nContent-Length: +2\r\n\r\n{}",
          "HTTP/1.1 400 Bad Request\r\n",
          "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":[{\"description\":"
          "\"FAILED\"}]}" },
        { "POST /rpcnew/api/msp/user/invite HTTP/1.1\r\nHost: x\r\nContent-Length:  2 \r\n"
          "Content-Length: 02\r\n\r\n{}",
          "HTTP/1.1 401 Unauthorized\r\n", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *reply = tl_raw_exchange(sim, cases[i].request, strlen(cases[i].request));
        if (strncmp(reply, cases[i].status_line, strlen(cases[i].status_line)) != 0)
            fail_msg("case %zu: the reply begins \"%.80s\"", i, reply);
        const char *body = strstr(reply, "\r\n\r\n");
        assert_non_null(body);
        if (cases[i].body)
            assert_string_equal(body + 4, cases[i].body);
        free(reply);
    }
}

/* The server goes on serving after each of them. */
static void the_server_keeps_serving(void **state)
{
    (void)state;
    struct tl_response res;
    tl_get(sim, "/__admin/health", &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_space_in_the_path_is_a_clean_400),
        cmocka_unit_test(a_request_line_of_garbage_is_a_clean_400),
        cmocka_unit_test(a_head_too_large_is_refused_cleanly),
        cmocka_unit_test(targets_civetweb_does_not_route_are_a_clean_400),
        cmocka_unit_test(a_star_target_after_keep_alive_requests),
        cmocka_unit_test(a_refused_request_is_answered_once),
        cmocka_unit_test(an_unsound_content_length_is_a_400),
        cmocka_unit_test(the_server_keeps_serving),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
