/* Tests server/graphql/print.c: value literals print exactly as graphql-js 16.15's print()
 * prints them (the expected texts were printed by graphql-js for the same literals). */
#include "graphql/gql.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

static void values_print_as_graphql_js(void **state)
{
    (void)state;
    static const struct {
        const char *literal, *printed;
    } cases[] = {
        { "1",
          "1" },
        { "-0.5e10",
          "-0.5e10" },
        { "\"plain\"",
          "\"plain\"" },
        { "\"q\\\"uote \\\\ back\"",
          "\"q\\\"uote \\\\ back\"" },
        { "\"tab\\tnl\\ncr\\rbs\\bff\\f\"",
          "\"tab\\tnl\\ncr\\rbs\\bff\\f\"" },
        { "\"\\u0001\\u001f\\u007f\\u0085\\u009f\\u00a0\"",
          "\"\\u0001\\u001F\\u007F\\u0085\\u009F\xc2""\xa0""\"" },
        { "\"emoji \\uD83D\\uDE00 \xc3""\xa9""\"",
          "\"emoji \xf0""\x9f""\x98""\x80"" \xc3""\xa9""\"" },
        { "true",
          "true" },
        { "null",
          "null" },
        { "ENUM_X",
          "ENUM_X" },
        { "$var",
          "$var" },
        { "[1, \"a\", [true, null]]",
          "[1, \"a\", [true, null]]" },
        { "{a: 1, b: {c: [X]}}",
          "{a: 1, b: {c: [X]}}" },
        { "[]",
          "[]" },
        { "{}",
          "{}" },
        { "\"\"\"block\"\"\"",
          "\"\"\"block\"\"\"" },
        { "\"\"\"  leading space\"\"\"",
          "\"\"\"  leading space\"\"\"" },
        { "\"\"\"two\n  lines\"\"\"",
          "\"\"\"\ntwo\nlines\n\"\"\"" },
        { "\"\"\"quote\" inside\"\"\"",
          "\"\"\"quote\" inside\"\"\"" },
        { "\"\"\"a \\ b\"\"\"",
          "\"\"\"a \\ b\"\"\"" },
        { "\"\"\"has \\\"\"\" triple\"\"\"",
          "\"\"\"has \\\"\"\" triple\"\"\"" },
        { "\"\"\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"\"\"",
          "\"\"\"\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n\"\"\"" },
        { "\"\"\"line\n\n  indented\n   all\"\"\"",
          "\"\"\"\nline\n\nindented\n all\n\"\"\"" },
        { "\"\"\"a\nb\"\"\"",
          "\"\"\"\na\nb\n\"\"\"" },
        { "\"\"\"\\\"\"\"end\"\"\"",
          "\"\"\"\\\"\"\"end\"\"\"" },
    };
    struct rm_arena a;
    rm_arena_init(&a, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char src[256];
        snprintf(src, sizeof src, "{ f(a: %s) }", cases[i].literal);
        const char *error;
        struct gql_location loc;
        struct gql_node *doc = gql_parse(&a, src, strlen(src), NULL, &error, &loc);
        if (!doc)
            fail_msg("%s: %s", cases[i].literal, error);
        const struct gql_node *field = doc->items.items[0]->selections->items.items[0];
        assert_string_equal(gql_print_value(&a, field->args.items[0]->value), cases[i].printed);
    }
    rm_arena_clear(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_print_as_graphql_js),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
