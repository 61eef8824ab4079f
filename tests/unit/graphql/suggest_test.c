/* Tests server/graphql/suggest.c: "Did you mean" lists equal graphql-js 16.15's
 * suggestionList + didYouMean for the same input (expected values printed by graphql-js). */
#include "graphql/gql_int.h"
#include "testlib.h"

#include <string.h>

static void suggests_as_graphql_js(void **state)
{
    (void)state;
    static const struct {
        const char *input;
        const char *options[8];
        const char *plain, *with_sub;
    } cases[] = {
        { "Strin",
          { "String", "Int", "Stirng", "strin", "STRING", "Boolean" },
          " Did you mean \"STRING\", \"String\", \"strin\", or \"Stirng\"?",
          " Did you mean to use an inline fragment on \"STRING\", \"String\", \"strin\", or "
          "\"Stirng\"?" },
        { "item10", /* natural order: item01 before item1, item2 before item10 */
          { "item2", "item10", "Item1", "item1", "item20", "item01" },
          " Did you mean \"item10\", \"Item1\", \"item01\", \"item1\", or \"item20\"?",
          NULL },
        { "ab", /* transposition counts 1; at most five */
          { "ba", "abc", "b", "a", "xyz", "AB" },
          " Did you mean \"AB\", \"a\", \"abc\", \"b\", or \"ba\"?",
          NULL },
        { "Pesron",
          { "Person", "Pet", "Place", "Persons", "person", "Prison", "Pers" },
          " Did you mean \"Person\", \"person\", \"Persons\", \"Pers\", or \"Prison\"?",
          NULL },
        { "zzzz", { "Person", "Pet" }, "", "" },
    };
    struct rm_arena a;
    rm_arena_init(&a, 0);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint32_t n = 0;
        while (n < 8 && cases[c].options[n])
            n++;
        const char **found;
        uint32_t nfound = gql__suggestions(&a, cases[c].input, strlen(cases[c].input),
                                           cases[c].options, n, &found);
        assert_string_equal(gql__did_you_mean(&a, NULL, found, nfound), cases[c].plain);
        if (cases[c].with_sub)
            assert_string_equal(
                gql__did_you_mean(&a, "to use an inline fragment on", found, nfound),
                cases[c].with_sub);
    }
    rm_arena_clear(&a);
}

static void one_and_two_suggestions_read_as_graphql_js(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const char *one[] = { "Person" }, *two[] = { "Person", "Pet" };
    assert_string_equal(gql__did_you_mean(&a, NULL, one, 1), " Did you mean \"Person\"?");
    assert_string_equal(gql__did_you_mean(&a, NULL, two, 2),
                        " Did you mean \"Person\" or \"Pet\"?");
    rm_arena_clear(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(suggests_as_graphql_js),
        cmocka_unit_test(one_and_two_suggestions_read_as_graphql_js),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
