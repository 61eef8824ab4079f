/* Tests server/core/json.c: the strict check every request body passes before cJSON. */
#include "core/http.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

static int check(const char *text)
{
    const char *why;
    return http_json_check(text, strlen(text), HTTP_JSON_MAX_DEPTH, &why);
}

static void accepts_json(void **state)
{
    (void)state;
    static const char *const good[] = {
        "{}", "[]", " {\"a\": [1, -2.5e+3, true, false, null, \"x\\u00e4\\n\"]} ", "0", "\"s\"",
        "[[[]]]", "{\"a\":{\"b\":{}}}", "-0", "1E5", "[\"\\/\\\\\\\"\"]",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        if (check(good[i]) != RM_OK)
            fail_msg("refused: %s", good[i]);
}

/* Pins F-CORE-005. */
static void refuses_what_cjson_would_let_through(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{\"a\":1}{\"b\":2}", "{} x", "[] x", "{\"x\":01}", "[\"a\tb\"]", "[\"a\nb\"]", "[1,]",
        "{\"a\":1,}", "[1 2]", "{\"a\" 1}", "{a:1}", "[tru]", "[\"\\x\"]", "[\"\\u12\"]", "",
        "   ", "[", "{\"a\":", "[\"unterminated]", "[.5]", "[1.]", "[1e]", "[+1]", "[NaN]",
        "{\"email\":[\"a\"]\"x\":[]}", /* the docs' missing comma */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (check(bad[i]) == RM_OK)
            fail_msg("accepted: %s", bad[i]);
    /* A raw NUL byte inside the text */
    const char nul[] = "[\"a\0b\"]";
    const char *why;
    assert_int_equal(http_json_check(nul, sizeof nul - 1, 8, &why), RM_EINVAL);
}

/* Pins F-CORE-005. */
static void depth_is_bounded_without_recursion(void **state)
{
    (void)state;
    size_t n = 100000; /* far deeper than any stack would survive recursively */
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    const char *why;
    assert_int_equal(http_json_check(deep, 2 * n, HTTP_JSON_MAX_DEPTH, &why), RM_ELIMIT);
    /* exactly at the limit passes, one more does not */
    size_t lim = HTTP_JSON_MAX_DEPTH;
    memset(deep, '[', lim);
    memset(deep + lim, ']', lim);
    assert_int_equal(http_json_check(deep, 2 * lim, HTTP_JSON_MAX_DEPTH, &why), RM_OK);
    memset(deep, '[', lim + 1);
    memset(deep + lim + 1, ']', lim + 1);
    assert_int_equal(http_json_check(deep, 2 * lim + 2, HTTP_JSON_MAX_DEPTH, &why), RM_ELIMIT);
    free(deep);
}

/* Pins F-CORE-006. */
static void nul_escapes_are_reported_or_repaired(void **state)
{
    (void)state;
    const char *why;
    char text[] = "{\"a\":\"x\\u0000y\",\"b\":\"\\\\u0000\"}";
    assert_int_equal(http_json_check(text, strlen(text), 8, &why), RM_EINVAL);
    assert_ptr_equal(why, http_json_nul);
    assert_int_equal(http_json_check_fix_nul(text, strlen(text), 8, &why), RM_OK);
    /* the escape became U+FFFD; an escaped backslash followed by "u0000" is left alone */
    assert_string_equal(text, "{\"a\":\"x\\ufffdy\",\"b\":\"\\\\u0000\"}");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_json),
        cmocka_unit_test(refuses_what_cjson_would_let_through),
        cmocka_unit_test(depth_is_bounded_without_recursion),
        cmocka_unit_test(nul_escapes_are_reported_or_repaired),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
