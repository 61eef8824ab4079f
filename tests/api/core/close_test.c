/* A large reply on a connection the client asks to close arrives whole (F-CORE-010): with
 * civetweb's linger_timeout_ms at 0 the close was a reset, and the kernel threw away what
 * was still in the send buffer (a 0.8 MiB reply arrived as 128 or 196 KiB). */
#include "testlib.h"

#include <string.h>

static void large_replies_survive_connection_close(void **state)
{
    (void)state;
    struct rmmsim *sim = tl_start("default");
    for (int i = 0; i < 20; i++) {
        struct tl_request req = { .path = "/__admin/state", .headers = { "Connection: close" } };
        struct tl_response res;
        tl_do(sim, &req, &res);
        assert_int_equal(res.status, 200);
        assert_true(res.body_len > 500000);
        cJSON *json = tl_json(&res); /* whole JSON: nothing cut off */
        assert_non_null(json);
        cJSON_Delete(json);
        tl_response_free(&res);
    }
    tl_stop(sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(large_replies_survive_connection_close),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
