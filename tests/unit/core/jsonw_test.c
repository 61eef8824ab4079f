/* Tests server/core/jsonw.c: commas, nesting, escaping, and failure handling. */
#include "core/http.h"
#include "testlib.h"

#include <string.h>

static void writes_valid_compact_json(void **state)
{
    (void)state;
    struct http_req req = { 0 };
    struct http_res res = { 0 };
    rm_arena_init(&req.arena, 0);
    struct http_jw w;
    http_jw_init(&w, &req);
    http_jw_object(&w);
    http_jw_key(&w, "a");
    http_jw_array(&w);
    http_jw_int(&w, -5);
    http_jw_string(&w, "q\"\\\n\t\x01/\xc3\xa4");
    http_jw_string(&w, NULL);
    http_jw_bool(&w, true);
    http_jw_object(&w);
    http_jw_object_end(&w);
    http_jw_array_end(&w);
    http_jw_key(&w, "b");
    http_jw_raw(&w, "{\"x\":1}");
    http_jw_object_end(&w);
    assert_int_equal(http_jw_reply(&w, &res, 200), RM_OK);
    assert_string_equal(res.body,
                        "{\"a\":[-5,\"q\\\"\\\\\\n\\t\\u0001/\xc3\xa4\",null,true,{}],\"b\":{\"x\":1}}");
    assert_int_equal(res.body_len, strlen(res.body));
    assert_int_equal(res.status, 200);
    /* What it wrote parses as JSON. */
    cJSON *back = cJSON_Parse(res.body);
    assert_non_null(back);
    cJSON_Delete(back);
    rm_arena_clear(&req.arena);
}

static void unclosed_or_too_deep_is_refused(void **state)
{
    (void)state;
    struct http_req req = { 0 };
    struct http_res res = { 0 };
    rm_arena_init(&req.arena, 0);
    struct http_jw w;
    http_jw_init(&w, &req);
    http_jw_object(&w);
    assert_int_equal(http_jw_reply(&w, &res, 200), RM_ENOMEM); /* still open */
    assert_int_equal(res.status, 0);
    http_jw_init(&w, &req);
    for (int i = 0; i < HTTP_JW_MAX_DEPTH + 1; i++)
        http_jw_array(&w);
    assert_true(w.failed);
    http_jw_discard(&w);
    rm_arena_clear(&req.arena);
}

static void large_output_grows(void **state)
{
    (void)state;
    struct http_req req = { 0 };
    struct http_res res = { 0 };
    rm_arena_init(&req.arena, 0);
    struct http_jw w;
    http_jw_init(&w, &req);
    http_jw_array(&w);
    for (int i = 0; i < 20000; i++)
        http_jw_string(&w, "abcdefghij");
    http_jw_array_end(&w);
    assert_int_equal(http_jw_reply(&w, &res, 200), RM_OK);
    assert_int_equal(res.body_len, 2 + 20000 * 13 - 1); /* "abcdefghij", = 13 bytes */
    rm_arena_clear(&req.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(writes_valid_compact_json),
        cmocka_unit_test(unclosed_or_too_deep_is_refused),
        cmocka_unit_test(large_output_grows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
