/* Tests server/graphql/validate.c beyond the corpus (corpus_validate_test.c holds the rules
 * to graphql-js's recorded answers): the error limit, and what the corpus cannot show. */
#include "corpus.h"
#include "graphql/gql.h"
#include "testlib.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct gql_schema *schema;

static int setup(void **state)
{
    (void)state;
    size_t len;
    const char *sdl = corpus_schema_sdl(&len);
    char err[256];
    schema = gql_schema_build(sdl, len, err, sizeof err);
    return schema ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    gql_schema_free(schema);
    return 0;
}

/* Validates against the schema built from sdl until restore_schema (tests of features the
 * corpus schema lacks, such as @oneOf). Returns the schema to restore. */
static struct gql_schema *use_schema(const char *sdl)
{
    char err[256];
    struct gql_schema *other = gql_schema_build(sdl, strlen(sdl), err, sizeof err);
    if (!other)
        fail_msg("%s", err);
    struct gql_schema *saved = schema;
    schema = other;
    return saved;
}

static void restore_schema(struct gql_schema *saved)
{
    gql_schema_free(schema);
    schema = saved;
}

static uint32_t validate(struct rm_arena *a, const char *src, const struct gql_error **errors)
{
    const char *syntax;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(a, src, strlen(src), NULL, &syntax, &loc);
    if (!doc)
        fail_msg("%s", syntax);
    return gql_validate(schema, doc, src, strlen(src), a, errors);
}

/* graphql-js 16.15 memoises the fragments an operation reaches by the set of names it spreads
 * directly: B spreads the same two as A, in the other order, and gets A's order ($x first). */
static void operations_spreading_the_same_fragments_share_their_order(void **state)
{
    (void)state;
    static const char src[] = "query A { ...X ...Y } query B { ...Y ...X } "
                              "fragment X on Query { a: echo(value: $x) } "
                              "fragment Y on Query { b: echo(value: $y) }";
    static const struct {
        const char *message;
        uint32_t column, operation_column;
    } want[] = {
        { "Variable \"$x\" is not defined by operation \"A\".", 82, 1 },
        { "Variable \"$y\" is not defined by operation \"A\".", 125, 1 },
        { "Variable \"$x\" is not defined by operation \"B\".", 82, 23 },
        { "Variable \"$y\" is not defined by operation \"B\".", 125, 23 },
    };
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a, src, &errors), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(errors[i].message, want[i].message);
        assert_int_equal(errors[i].locations[0].column, want[i].column);
        assert_int_equal(errors[i].locations[1].column, want[i].operation_column);
    }
    rm_arena_clear(&a);
}

/* graphql-js 16.15: 120 anonymous operations give 100 errors, then its own without
 * locations ("Too many validation errors..."), and nothing after it. */
static void stops_after_one_hundred_errors(void **state)
{
    (void)state;
    static char src[120 * 10 + 1];
    for (int i = 0; i < 120; i++)
        strcat(src, "{ hello }\n");
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a, src, &errors), 101);
    assert_string_equal(errors[99].message,
                        "This anonymous operation must be the only defined operation.");
    assert_int_equal(errors[99].locations[0].line, 100);
    assert_string_equal(errors[100].message,
                        "Too many validation errors, error limit reached. Validation aborted.");
    assert_int_equal(errors[100].nlocations, 0);
    rm_arena_clear(&a);
}

/* A fragment counts as used when it is reached through other fragments (graphql-js
 * 16.15 answers exactly this one error for the document). */
static void fragments_used_through_other_fragments(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a,
                              "{ ...A }\nfragment A on Query { ...B }\n"
                              "fragment B on Query { hello }\n"
                              "fragment C on Query { hello }",
                              &errors),
                     1);
    assert_string_equal(errors[0].message, "Fragment \"C\" is never used.");
    assert_int_equal(errors[0].locations[0].line, 4);
    rm_arena_clear(&a);
}

/* Suggested types: most used first, a super type before its sub types (Node before Named),
 * then natural order; graphql-js 16.15 answers these three messages for the document. */
static void suggested_inline_fragment_types_in_graphql_js_order(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a, "{ search { id name species } }", &errors), 3);
    assert_string_equal(errors[0].message,
                        "Cannot query field \"id\" on type \"SearchResult\". Did you mean to "
                        "use an inline fragment on \"Node\", \"Named\", \"Person\", \"Pet\", "
                        "or \"Place\"?");
    assert_string_equal(errors[1].message,
                        "Cannot query field \"name\" on type \"SearchResult\". Did you mean to "
                        "use an inline fragment on \"Named\", \"Person\", \"Pet\", or "
                        "\"Place\"?");
    assert_string_equal(errors[2].message,
                        "Cannot query field \"species\" on type \"SearchResult\". Did you mean "
                        "to use an inline fragment on \"Pet\"?");
    rm_arena_clear(&a);
}

/* Introspection lists nested 3 deep through a fragment: each __schema field is checked on its
 * own (graphql-js 16.15 reports both), and 2 deep is allowed. */
static void introspection_depth_through_fragments(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a,
                              "{ a: __schema { ...F } b: __schema { ...F } }\n"
                              "fragment F on __Schema { types { fields { type { fields { type { "
                              "fields { name } } } } } } }",
                              &errors),
                     2);
    assert_string_equal(errors[0].message, "Maximum introspection depth exceeded");
    assert_int_equal(errors[0].locations[0].column, 3);
    assert_int_equal(errors[1].locations[0].column, 24);
    assert_int_equal(validate(&a,
                              "{ a: __schema { ...F } b: __schema { ...F } }\n"
                              "fragment F on __Schema { types { fields { type { fields { name } } "
                              "} } }",
                              &errors),
                     0);
    rm_arena_clear(&a);
}

/* Subscription fields are grouped as graphql-js's collectFields groups them: through
 * fragments and inline fragments, @skip(if: true) dropped, first-seen order; graphql-js 16.15
 * answers exactly these two errors. */
static void subscription_fields_collected_as_graphql_js(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a,
                              "subscription S { tick ...F ... on Subscription { news } t2: tick "
                              "@skip(if: true) }\nfragment F on Subscription { __typename tick }",
                              &errors),
                     2);
    assert_string_equal(errors[0].message,
                        "Subscription \"S\" must select only one top level field.");
    assert_int_equal(errors[0].nlocations, 2);
    assert_int_equal(errors[0].locations[0].line, 2);
    assert_int_equal(errors[0].locations[0].column, 30);
    assert_int_equal(errors[0].locations[1].line, 1);
    assert_int_equal(errors[0].locations[1].column, 50);
    assert_string_equal(errors[1].message,
                        "Subscription \"S\" must not select an introspection top level field.");
    assert_int_equal(errors[1].locations[0].column, 30);
    rm_arena_clear(&a);
}

/* A nullable variable for a @oneOf field (graphql-js 16.15 answers exactly this error; the
 * corpus schema has no @oneOf input). */
static void oneof_fields_need_non_null_variables(void **state)
{
    (void)state;
    struct gql_schema *saved = use_schema("input One @oneOf { a: Int b: String }\n"
                                          "type Query { f(o: One): Int }");
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a, "query($a: Int) { f(o: {a: $a}) }", &errors), 1);
    assert_string_equal(errors[0].message,
                        "Variable \"$a\" is of type \"Int\" but must be non-nullable to be used "
                        "for OneOf Input Object \"One\".");
    assert_int_equal(errors[0].nlocations, 2);
    assert_int_equal(errors[0].locations[0].column, 7);
    assert_int_equal(errors[0].locations[1].column, 27);
    assert_int_equal(validate(&a, "query($a: Int!) { f(o: {a: $a}) }", &errors), 0);
    rm_arena_clear(&a);
    restore_schema(saved);
}

/* A cycle through 5000 fragments: one error naming every spread on the cycle, each at its
 * place (the error's message and locations are built in linear time and memory). graphql-js
 * 16.15 answers the same shape for 1000 fragments, and overflows its stack at 5000
 * (F-GQL-002). */
static void long_fragment_cycles_are_reported_whole(void **state)
{
    (void)state;
    enum { N = 5000 };
    size_t cap = (size_t)N * 48 + 64, used = 0;
    char *src = malloc(cap);
    assert_non_null(src);
    used += (size_t)snprintf(src + used, cap - used, "{ ...Q0 }\n");
    for (int i = 0; i < N; i++)
        used += (size_t)snprintf(src + used, cap - used, "fragment Q%d on Query { ...Q%d }\n", i,
                                 (i + 1) % N);
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a, src, &errors), 1);
    assert_int_equal(errors[0].nlocations, N);
    assert_true(strncmp(errors[0].message,
                        "Cannot spread fragment \"Q0\" within itself via \"Q1\", \"Q2\", ", 51) == 0);
    assert_true(strstr(errors[0].message, ", \"Q4999\".") != NULL);
    assert_int_equal(errors[0].locations[0].line, 2);   /* ...Q1 in Q0 */
    assert_int_equal(errors[0].locations[0].column, 24);
    assert_int_equal(errors[0].locations[N - 1].line, N + 1); /* ...Q0 in Q4999 */
    rm_arena_clear(&a);
    free(src);
}

/* Type-system definitions in a request are refused, and graphql-js 16.15 still walks them:
 * the document's own directives and types count, standard names are known inside them, and
 * the fields of an input extension read as arguments (its quirk). Exactly its 7 errors. */
static void type_system_definitions_are_walked_as_graphql_js_walks_them(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a,
                              "directive @d on FIELD_DEFINITION | INPUT_FIELD_DEFINITION\n"
                              "type T { a: Int @d b: Strin }\n"
                              "extend input SizeInput { f: Int @d }\n"
                              "input In { g: __Type @d }\n"
                              "{ hello @d }",
                              &errors),
                     7);
    assert_string_equal(errors[0].message, "The \"d\" definition is not executable.");
    assert_string_equal(errors[3].message, "The \"In\" definition is not executable.");
    assert_string_equal(errors[4].message,
                        "Unknown type \"Strin\". Did you mean \"String\" or \"In\"?");
    assert_int_equal(errors[4].locations[0].column, 23);
    assert_string_equal(errors[5].message,
                        "Directive \"@d\" may not be used on ARGUMENT_DEFINITION.");
    assert_int_equal(errors[5].locations[0].line, 3);
    assert_string_equal(errors[6].message, "Directive \"@d\" may not be used on FIELD.");
    assert_int_equal(errors[6].locations[0].line, 5);
    rm_arena_clear(&a);
}

/* Literal checks the corpus does not reach: the Int range at both ends, enum suggestions,
 * @oneOf key counts (graphql-js 16.15 answers exactly these errors). */
static void literal_values_checked_as_graphql_js(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a,
                              "{ a: add(a: 2147483647, b: -2147483648) b: add(a: 2147483648, b: "
                              "-2147483649) c: add(a: 0, b: 99999999999) }",
                              &errors),
                     3);
    assert_string_equal(errors[0].message,
                        "Int cannot represent non 32-bit signed integer value: 2147483648");
    assert_int_equal(errors[0].locations[0].column, 51);
    assert_string_equal(errors[1].message,
                        "Int cannot represent non 32-bit signed integer value: -2147483649");
    assert_string_equal(errors[2].message,
                        "Int cannot represent non 32-bit signed integer value: 99999999999");

    struct gql_schema *saved = use_schema("input One @oneOf { a: Int b: String }\n"
                                          "enum Color { RED GREEN }\n"
                                          "type Query { f(o: One, c: Color): Int }");
    assert_int_equal(validate(&a,
                              "{ a: f(o: {a: 1, b: \"x\"}) b: f(o: {a: null}) c: f(o: {}) d: "
                              "f(c: \"RED\") e: f(c: GREN) }",
                              &errors),
                     5);
    assert_string_equal(errors[0].message,
                        "OneOf Input Object \"One\" must specify exactly one key.");
    assert_string_equal(errors[1].message, "Field \"One.a\" must be non-null.");
    assert_int_equal(errors[1].locations[0].column, 35);
    assert_string_equal(errors[2].message,
                        "OneOf Input Object \"One\" must specify exactly one key.");
    assert_string_equal(errors[3].message,
                        "Enum \"Color\" cannot represent non-enum value: \"RED\". Did you mean "
                        "the enum value \"RED\" or \"GREEN\"?");
    assert_string_equal(errors[4].message,
                        "Value \"GREN\" does not exist in \"Color\" enum. Did you mean the enum "
                        "value \"GREEN\" or \"RED\"?");
    assert_int_equal(errors[4].locations[0].column, 81);
    restore_schema(saved);
    rm_arena_clear(&a);
}

/* A type and its extensions are one location for directives, and so are the schema's
 * extensions; the document's own definitions decide what may repeat. graphql-js 16.15 adds
 * exactly these two errors to its six "not executable" ones. */
static void directives_unique_across_extensions(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a,
                              "{ hello }\n"
                              "directive @r repeatable on OBJECT | SCHEMA\n"
                              "directive @u on OBJECT | SCHEMA\n"
                              "type T @u @r { a: Int }\n"
                              "extend type T @u @r @r\n"
                              "extend schema @u\n"
                              "extend schema @u",
                              &errors),
                     8);
    assert_string_equal(errors[6].message,
                        "The directive \"@u\" can only be used once at this location.");
    assert_int_equal(errors[6].locations[0].line, 4);
    assert_int_equal(errors[6].locations[0].column, 8);
    assert_int_equal(errors[6].locations[1].line, 5);
    assert_int_equal(errors[6].locations[1].column, 15);
    assert_int_equal(errors[7].locations[0].line, 6);
    assert_int_equal(errors[7].locations[1].line, 7);
    rm_arena_clear(&a);
}

/* A directive the document defines itself: its arguments decide what is known and what is
 * required (graphql-js 16.15 answers exactly these five errors). */
static void document_directive_definitions_decide_arguments(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a,
                              "{ hello @d(x: 1) @skip(if: true, iff: 2) @include }\n"
                              "directive @d(y: Int!, z: [Int]! = [], why: String) on FIELD",
                              &errors),
                     5);
    assert_string_equal(errors[1].message,
                        "Unknown argument \"x\" on directive \"@d\". Did you mean \"y\" or "
                        "\"z\"?");
    assert_int_equal(errors[1].locations[0].column, 12);
    assert_string_equal(errors[2].message,
                        "Directive \"@d\" argument \"y\" of type \"Int!\" is required, but it "
                        "was not provided.");
    assert_int_equal(errors[2].locations[0].column, 9);
    assert_string_equal(errors[3].message,
                        "Unknown argument \"iff\" on directive \"@skip\". Did you mean \"if\"?");
    assert_string_equal(errors[4].message,
                        "Directive \"@include\" argument \"if\" of type \"Boolean!\" is "
                        "required, but it was not provided.");
    rm_arena_clear(&a);
}

/* Our errors as text, "message @ line:column ..." a line (without " @" when there are no
 * locations): the form graphql-js 16.15's answers are quoted in below. The caller frees. */
static char *errors_text(const struct gql_error *errors, uint32_t n)
{
    size_t cap = 1, used = 0;
    for (uint32_t i = 0; i < n; i++)
        cap += strlen(errors[i].message) + 4 + errors[i].nlocations * 24;
    char *text = malloc(cap);
    assert_non_null(text);
    text[0] = '\0';
    for (uint32_t i = 0; i < n; i++) {
        used += (size_t)snprintf(text + used, cap - used, "%s%s", errors[i].message,
                                 errors[i].nlocations ? " @" : "");
        for (uint32_t k = 0; k < errors[i].nlocations; k++)
            used += (size_t)snprintf(text + used, cap - used, " %u:%u",
                                     errors[i].locations[k].line, errors[i].locations[k].column);
        used += (size_t)snprintf(text + used, cap - used, "\n");
    }
    return text;
}

/* Validates src and expects exactly the errors in text form. */
static void expect_errors(const char *src, const char *expected)
{
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    uint32_t n = validate(&a, src, &errors);
    char *text = errors_text(errors, n);
    assert_string_equal(text, expected);
    free(text);
    rm_arena_clear(&a);
}

/* OverlappingFieldsCanBeMerged through fragments on both sides: a set's fields with the
 * fragments it spreads and theirs, and fragments with one another; each pair once
 * (graphql-js 16.15 answers exactly these five). */
static void overlapping_fields_through_fragments(void **state)
{
    (void)state;
    expect_errors(
        "{ me { x: email ...A ...B } }\n"
        "fragment A on Person { ...C }\n"
        "fragment B on Person { ...D x: email }\n"
        "fragment C on Person { x: name }\n"
        "fragment D on Person { x: age }",
        "Fields \"x\" conflict because \"email\" and \"name\" are different fields. Use "
        "different aliases on the fields to fetch both if this was intentional. @ 1:8 4:24\n"
        "Fields \"x\" conflict because \"name\" and \"age\" are different fields. Use "
        "different aliases on the fields to fetch both if this was intentional. @ 4:24 5:24\n"
        "Fields \"x\" conflict because \"name\" and \"email\" are different fields. Use "
        "different aliases on the fields to fetch both if this was intentional. @ 4:24 3:29\n"
        "Fields \"x\" conflict because \"email\" and \"age\" are different fields. Use "
        "different aliases on the fields to fetch both if this was intentional. @ 1:8 5:24\n"
        "Fields \"x\" conflict because \"email\" and \"age\" are different fields. Use "
        "different aliases on the fields to fetch both if this was intentional. @ 3:29 5:24\n");
}

/* Conflicts among subfields make one, their reasons joined with "and", nested ones
 * inside, and the locations of every field involved (graphql-js 16.15's answer). */
static void overlapping_subfields_join_their_reasons(void **state)
{
    (void)state;
    expect_errors(
        "{ me { best { name: id age: name friends { id } } best { name: email age friends { "
        "id: name } } } }",
        "Fields \"best\" conflict because subfields \"name\" conflict because \"id\" and "
        "\"email\" are different fields and subfields \"age\" conflict because \"name\" and "
        "\"age\" are different fields and subfields \"friends\" conflict because subfields "
        "\"id\" conflict because \"id\" and \"name\" are different fields. Use different "
        "aliases on the fields to fetch both if this was intentional. @ 1:8 1:15 1:24 1:34 "
        "1:44 1:51 1:58 1:70 1:74 1:84\n");
}

/* Arguments compare as graphql-js 16.15's stringifyValue does: object fields in any order,
 * the same variable, and the same arguments in another order are equal; a block string
 * differs from a string of the same value. Exactly these two errors. */
static void overlapping_fields_compare_arguments(void **state)
{
    (void)state;
    expect_errors(
        "query($v: String!) { a: args(o: {min: 1, max: 2}) a: args(o: {max: 2, min: 1}) b: "
        "args(o: {min: 1, max: 2}) b: args(o: {min: 1, max: 3}) c: echo(value: \"x\") c: "
        "echo(value: \"\"\"x\"\"\") d: echo(value: $v) d: echo(value: $v) e: echo(value: "
        "\"x\", times: 2) e: echo(times: 2, value: \"x\") }",
        "Fields \"b\" conflict because they have differing arguments. Use different aliases "
        "on the fields to fetch both if this was intentional. @ 1:80 1:109\n"
        "Fields \"c\" conflict because they have differing arguments. Use different aliases "
        "on the fields to fetch both if this was intentional. @ 1:138 1:158\n");
}

/* On two different object types fields may differ in name, but not in the shape of what
 * they return: a leaf type, list or non-null wrapper, here and among subfields (graphql-js
 * 16.15 answers these four; z and f's visitors are fine). */
static void overlapping_fields_on_exclusive_types_need_one_shape(void **state)
{
    (void)state;
    expect_errors(
        "{ everything { ... on Person { x: age y: tags z: name n: name f: friends { name } } "
        "... on Pet { x: name z: name } ... on Place { y: coords n: name f: visitors { name: "
        "id } } } }",
        "Fields \"x\" conflict because they return conflicting types \"Int\" and "
        "\"String!\". Use different aliases on the fields to fetch both if this was "
        "intentional. @ 1:32 1:98\n"
        "Fields \"y\" conflict because they return conflicting types \"[String!]\" and "
        "\"[Float!]\". Use different aliases on the fields to fetch both if this was "
        "intentional. @ 1:39 1:131\n"
        "Fields \"n\" conflict because they return conflicting types \"String!\" and "
        "\"String\". Use different aliases on the fields to fetch both if this was "
        "intentional. @ 1:55 1:141\n"
        "Fields \"f\" conflict because subfields \"name\" conflict because they return "
        "conflicting types \"String!\" and \"ID!\". Use different aliases on the fields to "
        "fetch both if this was intentional. @ 1:63 1:76 1:149 1:163\n");
}

/* A fragment spread twice counts once: alone it is not compared at all, beside a field
 * it conflicts once (graphql-js 16.15's one error). */
static void overlapping_fields_with_a_fragment_spread_twice(void **state)
{
    (void)state;
    expect_errors("{ me { ...A ...A } best: me { ...A name: email ...A } }\n"
                  "fragment A on Person { name }",
                  "Fields \"name\" conflict because \"email\" and \"name\" are different "
                  "fields. Use different aliases on the fields to fetch both if this was "
                  "intentional. @ 1:36 2:24\n");
}

/* Fragments spreading themselves, directly and through another: the comparisons end, and
 * the errors are graphql-js 16.15's, interleaved with NoFragmentCycles' in its order. */
static void overlapping_fields_in_fragment_cycles(void **state)
{
    (void)state;
    expect_errors("{ me { ...A name: email } }\n"
                  "fragment A on Person { name ...A best { ...A ...B } }\n"
                  "fragment B on Person { best { name: id ...A } ...A }",
                  "Fields \"name\" conflict because \"email\" and \"name\" are different "
                  "fields. Use different aliases on the fields to fetch both if this was "
                  "intentional. @ 1:13 2:24\n"
                  "Cannot spread fragment \"A\" within itself. @ 2:29\n"
                  "Cannot spread fragment \"A\" within itself. @ 2:41\n"
                  "Cannot spread fragment \"A\" within itself via \"B\". @ 2:46 3:47\n"
                  "Cannot spread fragment \"A\" within itself via \"B\". @ 2:46 3:40\n"
                  "Fields \"best\" conflict because subfields \"name\" conflict because \"id\" "
                  "and \"name\" are different fields. Use different aliases on the fields to "
                  "fetch both if this was intentional. @ 2:34 3:31 3:24 2:24\n");
}

/* A test's generated document, in a growing malloc'd buffer. */
struct text {
    char *p;
    size_t len, cap;
};

static void put(struct text *t, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(NULL, 0, format, ap);
    va_end(ap);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = (t->len + (size_t)n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        assert_non_null(t->p);
    }
    va_start(ap, format);
    vsnprintf(t->p + t->len, t->cap - t->len, format, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* "{ name name ... }" with n fields. */
static struct text sibling_fields(int n, const char *name)
{
    struct text t = { 0 };
    put(&t, "{");
    for (int i = 0; i < n; i++)
        put(&t, " %s", name);
    put(&t, " }");
    return t;
}

/* The rule's work is bounded as graphql-js 16.15 bounds it: 707 sibling fields of one name
 * are 249571 comparisons, within its budget of 500000 units (2 each); 708, or 2000 unknown
 * ones, exceed it and the validation ends with "Validation aborted." alone, as graphql-js's
 * does; past 100 errors too, for that error is not counted. */
static void overlapping_fields_work_is_bounded(void **state)
{
    (void)state;
    struct text t = sibling_fields(707, "hello");
    expect_errors(t.p, "");
    free(t.p);
    t = sibling_fields(708, "hello");
    expect_errors(t.p, "Validation aborted.\n");
    free(t.p);
    t = sibling_fields(2000, "a");
    expect_errors(t.p, "Validation aborted.\n");
    free(t.p);

    t = (struct text){ 0 };
    for (int i = 0; i < 100; i++)
        put(&t, "{ hello hello }\n");
    struct text q = sibling_fields(2000, "hello");
    put(&t, "query Q %s", q.p);
    free(q.p);
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a, t.p, &errors), 101);
    assert_string_equal(errors[99].message,
                        "This anonymous operation must be the only defined operation.");
    assert_string_equal(errors[100].message, "Validation aborted.");
    assert_int_equal(errors[100].nlocations, 0);
    rm_arena_clear(&a);
    free(t.p);
}

/* A chain of fragments each spreading the next, the last conflicting with the operation's
 * field: followed to its end without recursion. graphql-js 16.15 answers this error for 200
 * fragments, and overflows its stack at 5000 (F-GQL-002). */
static void overlapping_fields_through_long_fragment_chains(void **state)
{
    (void)state;
    static const int lengths[] = { 200, 5000 };
    for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
        int n = lengths[k];
        struct text t = { 0 };
        put(&t, "{ ...F0 hello }\n");
        for (int i = 0; i < n; i++)
            put(&t, "fragment F%d on Query { ...F%d }\n", i, i + 1);
        put(&t, "fragment F%d on Query { hello: maybe }", n);
        char expected[256];
        snprintf(expected, sizeof expected,
                 "Fields \"hello\" conflict because \"hello\" and \"maybe\" are different "
                 "fields. Use different aliases on the fields to fetch both if this was "
                 "intentional. @ 1:9 %d:%d\n",
                 n + 2, n < 1000 ? 26 : 27);
        expect_errors(t.p, expected);
        free(t.p);
    }
}

/* Two chains of n fragments pairs, each level one more "subfields" deep, differing at the
 * end. */
static struct text subfield_chain(int n)
{
    struct text t = { 0 };
    put(&t, "{ me { best { ...F1 } best { ...G1 } } }\n");
    for (int i = 1; i < n; i++)
        put(&t, "fragment F%d on Person { best { ...F%d } }\nfragment G%d on Person { best { "
                "...G%d } }\n", i, i + 1, i, i + 1);
    put(&t, "fragment F%d on Person { best { name } }\nfragment G%d on Person { best { name: "
            "email } }", n, n);
    return t;
}

/* A conflict 30 levels deep: its reason is cut after 1000 characters ("..."), and each side
 * keeps its field and the 19 deepest ones (graphql-js 16.15's maxima). A thousand levels
 * abort the validation: graphql-js overflows its stack near 650 (F-GQL-002). */
static void overlapping_fields_deep_conflicts_are_bounded(void **state)
{
    (void)state;
    struct text t = subfield_chain(30);
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const struct gql_error *errors;
    assert_int_equal(validate(&a, t.p, &errors), 1);
    assert_int_equal(strlen(errors[0].message), 1110);
    assert_true(strncmp(errors[0].message,
                        "Fields \"best\" conflict because subfields \"best\" conflict because "
                        "subfields \"best\"",
                        80) == 0);
    assert_non_null(strstr(errors[0].message,
                           "subfields \"bes.... Use different aliases on the fields to fetch "
                           "both if this was intentional."));
    assert_int_equal(errors[0].nlocations, 40);
    static const struct gql_location want[] = {
        [0] = { 1, 8 }, [1] = { 26, 26 }, [18] = { 60, 26 }, [19] = { 60, 33 },
        [20] = { 1, 23 }, [21] = { 27, 26 }, [39] = { 61, 33 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        if (!want[i].line)
            continue;
        assert_int_equal(errors[0].locations[i].line, want[i].line);
        assert_int_equal(errors[0].locations[i].column, want[i].column);
    }
    rm_arena_clear(&a);
    free(t.p);

    t = subfield_chain(1000);
    expect_errors(t.p, "Validation aborted.\n");
    free(t.p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stops_after_one_hundred_errors),
        cmocka_unit_test(operations_spreading_the_same_fragments_share_their_order),
        cmocka_unit_test(fragments_used_through_other_fragments),
        cmocka_unit_test(suggested_inline_fragment_types_in_graphql_js_order),
        cmocka_unit_test(introspection_depth_through_fragments),
        cmocka_unit_test(subscription_fields_collected_as_graphql_js),
        cmocka_unit_test(oneof_fields_need_non_null_variables),
        cmocka_unit_test(long_fragment_cycles_are_reported_whole),
        cmocka_unit_test(type_system_definitions_are_walked_as_graphql_js_walks_them),
        cmocka_unit_test(literal_values_checked_as_graphql_js),
        cmocka_unit_test(directives_unique_across_extensions),
        cmocka_unit_test(document_directive_definitions_decide_arguments),
        cmocka_unit_test(overlapping_fields_through_fragments),
        cmocka_unit_test(overlapping_subfields_join_their_reasons),
        cmocka_unit_test(overlapping_fields_compare_arguments),
        cmocka_unit_test(overlapping_fields_on_exclusive_types_need_one_shape),
        cmocka_unit_test(overlapping_fields_with_a_fragment_spread_twice),
        cmocka_unit_test(overlapping_fields_in_fragment_cycles),
        cmocka_unit_test(overlapping_fields_work_is_bounded),
        cmocka_unit_test(overlapping_fields_through_long_fragment_chains),
        cmocka_unit_test(overlapping_fields_deep_conflicts_are_bounded),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
