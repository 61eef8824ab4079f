/* Tests server/graphql/limits.c: what gql_doc_measure counts (fields, aliases and depth after
 * fragment expansion, once per fragment, cycles counted as nothing, unused fragments too),
 * the messages of each limit (F-GQL-010, F-GQL-011, F-GQL-012), and that the defaults let a
 * real client's introspection query through. */
#include "graphql/gql_http.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* graphql-js 16.15 getIntrospectionQuery() with every option on (white space folded). */
static const char introspection_query[] =
    "query IntrospectionQuery { __schema { description queryType { name kind } mutationType { "
    "name kind } subscriptionType { name kind } types { ...FullType } directives { name "
    "description isRepeatable locations args(includeDeprecated: true) { ...InputValue } } } } "
    "fragment FullType on __Type { kind name description specifiedByURL isOneOf "
    "fields(includeDeprecated: true) { name description args(includeDeprecated: true) { "
    "...InputValue } type { ...TypeRef } isDeprecated deprecationReason } "
    "inputFields(includeDeprecated: true) { ...InputValue } interfaces { ...TypeRef } "
    "enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } "
    "possibleTypes { ...TypeRef } } fragment InputValue on __InputValue { name description "
    "type { ...TypeRef } defaultValue isDeprecated deprecationReason } fragment TypeRef on "
    "__Type { kind name ofType { name kind ofType { name kind ofType { name kind ofType { "
    "name kind ofType { name kind ofType { name kind ofType { name kind ofType { name kind "
    "ofType { name kind } } } } } } } } } }";

static struct gql_node *parse(struct rm_arena *a, const char *text)
{
    const char *error;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(a, text, strlen(text), NULL, &error, &loc);
    if (!doc)
        fail_msg("%s: %s", text, error);
    return doc;
}

static struct gql_doc_size measure(struct rm_arena *a, const char *text)
{
    struct gql_doc_size size;
    assert_int_equal(gql_doc_measure(parse(a, text), a, &size), RM_OK);
    return size;
}

static void counts_after_fragment_expansion(void **state)
{
    (void)state;
    static const struct {
        const char *doc;
        uint64_t fields, aliases;
        uint32_t depth;
    } cases[] = {
        { "{ a }", 1, 0, 1 },
        { "{ a { b c } d: e }", 4, 1, 2 },
        { "{ ... on Q { a } }", 1, 0, 2 },
        { "{ ...F } fragment F on Q { a { b } }", 2, 0, 3 },
        /* each spread expands the fragment again: the memo counts it, not the text */
        { "{ x: a { ...F } y: a { ...F } } fragment F on Q { b c: c }", 6, 4, 3 },
        { "{ ...F ...F ...F } fragment F on Q { ...G ...G } fragment G on Q { a }", 6, 0, 3 },
        /* fragments before their use, and a spread of an unknown fragment */
        { "fragment G on Q { a } { ...G ...Nope }", 1, 0, 2 },
        /* a fragment no operation uses is validated too: it counts */
        { "{ a } fragment U on Q { b c }", 3, 0, 1 },
        /* every operation counts */
        { "query A { a } query B { b { c } }", 3, 0, 2 },
        /* cycles: a spread of a fragment being expanded counts nothing */
        { "{ ...A } fragment A on Q { a ...B } fragment B on Q { b ...A }", 2, 0, 3 },
        { "{ ...A } fragment A on Q { a ...A }", 1, 0, 2 },
        /* duplicate names: spreads expand the first; the second is validated all the same */
        { "{ ...A } fragment A on Q { a } fragment A on Q { b c d }", 4, 0, 2 },
        { "type T { a: Int }", 0, 0, 0 },
    };
    struct rm_arena a;
    rm_arena_init(&a, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gql_doc_size size = measure(&a, cases[i].doc);
        if (size.fields != cases[i].fields || size.aliases != cases[i].aliases ||
            size.depth != cases[i].depth)
            fail_msg("%s: fields %llu aliases %llu depth %u, expected %llu %llu %u", cases[i].doc,
                     (unsigned long long)size.fields, (unsigned long long)size.aliases,
                     size.depth, (unsigned long long)cases[i].fields,
                     (unsigned long long)cases[i].aliases, cases[i].depth);
    }
    rm_arena_clear(&a);
}

/* A document of n fragments, each spreading the next twice: 2^n fields, in a few KiB. */
static char *fragment_bomb(int n)
{
    size_t cap = (size_t)n * 64 + 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "{ ...F0 }");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, " fragment F%d on Q { %s%d %s%d }", i,
                                i + 1 < n ? "...F" : "a", i + 1, i + 1 < n ? "...F" : "b", i + 1);
    return text;
}

static void counts_saturate(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    char *text = fragment_bomb(30);
    struct gql_doc_size size = measure(&a, text);
    assert_int_equal(size.fields, 1ull << 30);
    assert_int_equal(size.depth, 31);
    free(text);
    text = fragment_bomb(80); /* 2^80 fields: the count stops at the largest value */
    size = measure(&a, text);
    assert_true(size.fields == UINT64_MAX);
    free(text);
    rm_arena_clear(&a);
}

/* A chain of 20000 fragments is measured without recursing through it. */
static void long_chains_cost_no_stack(void **state)
{
    (void)state;
    int n = 20000;
    size_t cap = (size_t)n * 48 + 64, len = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, cap - len, "{ ...F0 }");
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len, " fragment F%d on Q { a ...F%d }", i,
                                (i + 1) % n);
    struct rm_arena a;
    rm_arena_init(&a, 0);
    struct gql_doc_size size = measure(&a, text);
    assert_int_equal(size.fields, n);
    assert_int_equal(size.depth, n + 1);
    rm_arena_clear(&a);
    free(text);
}

static const char *check(struct rm_arena *a, const struct gql_limits *l, const char *text)
{
    const char *message = NULL;
    int rc = gql_limits_check(l, parse(a, text), a, &message);
    assert_true(rc == RM_OK || rc == RM_ELIMIT);
    return rc == RM_OK ? NULL : message;
}

/* F-GQL-010, F-GQL-011, F-GQL-012: each limit names itself and the measured value. */
static void each_limit_has_its_message(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    struct gql_limits l = { .max_bytes = 10, .max_depth = 2, .max_fields = 3, .max_aliases = 1 };
    const char *message;
    assert_int_equal(gql_limits_check_size(&l, 10, &a, &message), RM_OK);
    assert_int_equal(gql_limits_check_size(&l, 11, &a, &message), RM_ELIMIT);
    assert_string_equal(message, "Document size of 11 bytes exceeds the limit of 10 bytes.");
    assert_null(check(&a, &l, "{ a b c }"));
    assert_string_equal(check(&a, &l, "{ ...F ...F } fragment F on Q { a b }"),
                        "Document selects 4 fields after fragment expansion, more than the "
                        "limit of 3.");
    assert_string_equal(check(&a, &l, "{ x: a ...F } fragment F on Q { y: b }"),
                        "Document has 2 aliased fields after fragment expansion, more than the "
                        "limit of 1.");
    assert_string_equal(check(&a, &l, "{ ...F } fragment F on Q { a { b } }"),
                        "Document nests selections 3 levels deep after fragment expansion, more "
                        "than the limit of 2.");
    /* fields are checked first, then aliases, then depth */
    assert_string_equal(check(&a, &l, "{ x: a { y: b { c d } } }"),
                        "Document selects 4 fields after fragment expansion, more than the "
                        "limit of 3.");
    /* 0: no limit */
    struct gql_limits none = { 0 };
    assert_int_equal(gql_limits_check_size(&none, 1u << 30, &a, &message), RM_OK);
    assert_null(check(&a, &none, "{ x: a { y: b { c d } } }"));
    /* tokens and the text's nesting are the parser's, worded as graphql-js words maxTokens */
    struct gql_limits tight = { .max_tokens = 3, .max_depth = 2 };
    struct gql_parse_options options = gql_limits_parse_options(&tight);
    const char *error;
    struct gql_location loc;
    assert_null(gql_parse(&a, "{ a b }", 7, &options, &error, &loc));
    assert_string_equal(error, "Syntax Error: Document contains more than 3 tokens. Parsing "
                               "aborted.");
    tight.max_tokens = 0;
    options = gql_limits_parse_options(&tight);
    assert_null(gql_parse(&a, "{a{b{c}}}", 9, &options, &error, &loc));
    assert_string_equal(error, "Syntax Error: Document nesting is deeper than 2 levels. "
                               "Parsing aborted.");
    rm_arena_clear(&a);
}

/* F-GQL-011: the defaults let graphql-js's introspection query (every option) through. */
static void defaults_pass_the_introspection_query(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_limits *l = &gql_limits_default;
    const char *message = NULL;
    size_t len = strlen(introspection_query);
    assert_int_equal(gql_limits_check_size(l, len, &a, &message), RM_OK);
    struct gql_parse_options options = gql_limits_parse_options(l);
    const char *error;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(&a, introspection_query, len, &options, &error, &loc);
    if (!doc)
        fail_msg("%s", error);
    assert_int_equal(gql_limits_check(l, doc, &a, &message), RM_OK);
    struct gql_doc_size size;
    assert_int_equal(gql_doc_measure(doc, &a, &size), RM_OK);
    /* far from every limit: depth 18 of 32 (the fragments add a level each), 230 fields of
     * 10000 */
    assert_int_equal(size.depth, 18);
    assert_int_equal(size.fields, 230);
    assert_int_equal(size.aliases, 0);
    rm_arena_clear(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_after_fragment_expansion),
        cmocka_unit_test(counts_saturate),
        cmocka_unit_test(long_chains_cost_no_stack),
        cmocka_unit_test(each_limit_has_its_message),
        cmocka_unit_test(defaults_pass_the_introspection_query),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
