/* The executor beyond the corpus: result coercion of every built-in scalar from every kind
 * of value, abstract types resolved wrongly, lists that are not lists, an operation the
 * schema has no root for (answers taken from graphql-js 16.15 by
 * tests/conformance/execute-cases.mjs), and the C API: resolvers that fail, the type hook,
 * the variable error limit, graphql-js 15's specifiedByUrl, numbers as JavaScript writes them. */
#include "graphql/gql.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

static const char sdl[] = "scalar Json\n"
                          "interface Thing { id: ID }\n"
                          "type A implements Thing { id: ID }\n"
                          "type B { id: ID }\n"
                          "union AB = A | B\n"
                          "type Query { i: Int, f: Float, s: String, b: Boolean, id: ID, j: Json,\n"
                          "  thing: Thing, things: [Thing!], boom: String, e: E, list: [Int!],\n"
                          "  ab: AB, n(x: Int!): Int }\n"
                          "enum E { X Y }\n";

static struct gql_schema *schema;

static int build_schema(void **state)
{
    (void)state;
    char err[256];
    schema = gql_schema_build(sdl, strlen(sdl), err, sizeof err);
    return schema ? 0 : -1;
}

static int free_schema(void **state)
{
    (void)state;
    gql_schema_free(schema);
    return 0;
}

/* Parses, validates (must pass) and executes query on root (JSON text) with variables
 * (JSON text or NULL); returns the response body (in a). */
static const char *run(struct rm_arena *a, const char *query, const char *root,
                       const char *variables)
{
    const char *syntax;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(a, query, strlen(query), NULL, &syntax, &loc);
    assert_non_null(doc);
    const struct gql_error *errors;
    assert_int_equal(gql_validate(schema, doc, query, strlen(query), a, &errors), 0);
    cJSON *root_value = cJSON_Parse(root);
    cJSON *vars = variables ? cJSON_Parse(variables) : NULL;
    struct gql_exec_request request = { .schema = schema, .document = doc, .source = query,
                                        .len = strlen(query), .variables = vars,
                                        .root = root_value };
    struct gql_result result;
    assert_int_equal(gql_execute(&request, a, &result), RM_OK);
    size_t len;
    const char *body = gql_result_json(a, &result, &len);
    assert_non_null(body);
    assert_int_equal(strlen(body), len);
    cJSON_Delete(root_value);
    cJSON_Delete(vars);
    return body;
}

#define LOC "\"locations\":[{\"line\":1,\"column\":3}]"

/* execute-cases.mjs: query, root value, graphql-js's response. */
static const struct {
    const char *query, *root, *response;
} cases[] = {
    { "{ i }", "{\"i\":\" 12 \"}", "{\"data\":{\"i\":12}}" },
    { "{ i }", "{\"i\":\"0x10\"}", "{\"data\":{\"i\":16}}" },
    { "{ i }", "{\"i\":\"1e3\"}", "{\"data\":{\"i\":1000}}" },
    { "{ i }", "{\"i\":\"\"}",
      "{\"errors\":[{\"message\":\"Int cannot represent non-integer value: \\\"\\\"\"," LOC
      ",\"path\":[\"i\"]}],\"data\":{\"i\":null}}" },
    { "{ i }", "{\"i\":\"abc\"}",
      "{\"errors\":[{\"message\":\"Int cannot represent non-integer value: \\\"abc\\\"\"," LOC
      ",\"path\":[\"i\"]}],\"data\":{\"i\":null}}" },
    { "{ i }", "{\"i\":true}", "{\"data\":{\"i\":1}}" },
    { "{ i }", "{\"i\":2.5}",
      "{\"errors\":[{\"message\":\"Int cannot represent non-integer value: 2.5\"," LOC
      ",\"path\":[\"i\"]}],\"data\":{\"i\":null}}" },
    { "{ i }", "{\"i\":3000000000}",
      "{\"errors\":[{\"message\":\"Int cannot represent non 32-bit signed integer value: "
      "3000000000\"," LOC ",\"path\":[\"i\"]}],\"data\":{\"i\":null}}" },
    { "{ i }", "{\"i\":\"  \"}", "{\"data\":{\"i\":0}}" },
    { "{ i }", "{\"i\":{\"a\":1}}",
      "{\"errors\":[{\"message\":\"Int cannot represent non-integer value: { a: 1 }\"," LOC
      ",\"path\":[\"i\"]}],\"data\":{\"i\":null}}" },
    { "{ i }", "{\"i\":[1]}",
      "{\"errors\":[{\"message\":\"Int cannot represent non-integer value: [1]\"," LOC
      ",\"path\":[\"i\"]}],\"data\":{\"i\":null}}" },
    { "{ f }", "{\"f\":\"1.5\"}", "{\"data\":{\"f\":1.5}}" },
    { "{ f }", "{\"f\":\"x\"}",
      "{\"errors\":[{\"message\":\"Float cannot represent non numeric value: \\\"x\\\"\"," LOC
      ",\"path\":[\"f\"]}],\"data\":{\"f\":null}}" },
    { "{ f }", "{\"f\":false}", "{\"data\":{\"f\":0}}" },
    { "{ s }", "{\"s\":1e+21}", "{\"data\":{\"s\":\"1e+21\"}}" },
    { "{ s }", "{\"s\":0.1}", "{\"data\":{\"s\":\"0.1\"}}" },
    { "{ s }", "{\"s\":true}", "{\"data\":{\"s\":\"true\"}}" },
    { "{ s }", "{\"s\":{\"a\":[1,{\"b\":{\"c\":1}}]}}",
      "{\"errors\":[{\"message\":\"String cannot represent value: { a: [1, [Object]] }\"," LOC
      ",\"path\":[\"s\"]}],\"data\":{\"s\":null}}" },
    { "{ b }", "{\"b\":0}", "{\"data\":{\"b\":false}}" },
    { "{ b }", "{\"b\":\"true\"}",
      "{\"errors\":[{\"message\":\"Boolean cannot represent a non boolean value: "
      "\\\"true\\\"\"," LOC ",\"path\":[\"b\"]}],\"data\":{\"b\":null}}" },
    { "{ id }", "{\"id\":5}", "{\"data\":{\"id\":\"5\"}}" },
    { "{ id }", "{\"id\":5.5}",
      "{\"errors\":[{\"message\":\"ID cannot represent value: 5.5\"," LOC
      ",\"path\":[\"id\"]}],\"data\":{\"id\":null}}" },
    { "{ j }", "{\"j\":{\"z\":1,\"a\":[1.0,1e-7,1e+21,\"x\"]}}",
      "{\"data\":{\"j\":{\"z\":1,\"a\":[1,1e-7,1e+21,\"x\"]}}}" },
    { "{ thing { id } }", "{\"thing\":{\"id\":1}}",
      "{\"errors\":[{\"message\":\"Abstract type \\\"Thing\\\" must resolve to an Object type at "
      "runtime for field \\\"Query.thing\\\". Either the \\\"Thing\\\" type should provide a "
      "\\\"resolveType\\\" function or each possible type should provide an \\\"isTypeOf\\\" "
      "function.\"," LOC ",\"path\":[\"thing\"]}],\"data\":{\"thing\":null}}" },
    { "{ thing { id } }", "{\"thing\":{\"__typename\":\"Nope\",\"id\":1}}",
      "{\"errors\":[{\"message\":\"Abstract type \\\"Thing\\\" was resolved to a type "
      "\\\"Nope\\\" that does not exist inside the schema.\"," LOC
      ",\"path\":[\"thing\"]}],\"data\":{\"thing\":null}}" },
    { "{ thing { id } }", "{\"thing\":{\"__typename\":\"B\",\"id\":1}}",
      "{\"errors\":[{\"message\":\"Runtime Object type \\\"B\\\" is not a possible type for "
      "\\\"Thing\\\".\"," LOC ",\"path\":[\"thing\"]}],\"data\":{\"thing\":null}}" },
    { "{ thing { id } }", "{\"thing\":{\"__typename\":\"Thing\",\"id\":1}}",
      "{\"errors\":[{\"message\":\"Abstract type \\\"Thing\\\" was resolved to a non-object type "
      "\\\"Thing\\\".\"," LOC ",\"path\":[\"thing\"]}],\"data\":{\"thing\":null}}" },
    { "{ things { id } }",
      "{\"things\":[{\"__typename\":\"A\",\"id\":1},null,{\"__typename\":\"A\",\"id\":3}]}",
      "{\"errors\":[{\"message\":\"Cannot return null for non-nullable field Query.things.\"," LOC
      ",\"path\":[\"things\",1]}],\"data\":{\"things\":null}}" },
    { "{ e }", "{\"e\":\"Z\"}",
      "{\"errors\":[{\"message\":\"Enum \\\"E\\\" cannot represent value: \\\"Z\\\"\"," LOC
      ",\"path\":[\"e\"]}],\"data\":{\"e\":null}}" },
    { "{ list }", "{\"list\":5}",
      "{\"errors\":[{\"message\":\"Expected Iterable, but did not find one for field "
      "\\\"Query.list\\\".\"," LOC ",\"path\":[\"list\"]}],\"data\":{\"list\":null}}" },
    { "{ list }", "{\"list\":\"abc\"}",
      "{\"errors\":[{\"message\":\"Expected Iterable, but did not find one for field "
      "\\\"Query.list\\\".\"," LOC ",\"path\":[\"list\"]}],\"data\":{\"list\":null}}" },
    { "mutation { x }", "{}",
      "{\"errors\":[{\"message\":\"Schema is not configured to execute mutation operation.\","
      "\"locations\":[{\"line\":1,\"column\":1}]}],\"data\":null}" },
};

static void values_complete_as_graphql_js_completes_them(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rm_arena a;
        rm_arena_init(&a, 0);
        const char *body = run(&a, cases[i].query, cases[i].root, NULL);
        if (strcmp(body, cases[i].response) != 0)
            fail_msg("%s on %s:\n  want %s\n  got  %s", cases[i].query, cases[i].root,
                     cases[i].response, body);
        rm_arena_clear(&a);
    }
}

/* A resolver's failure is a field error at its field, and the field becomes null. */
static const cJSON *failing(const struct gql_resolve_info *info)
{
    gql_exec_fail(info, "the resolver said no");
    return NULL;
}

static void a_failing_resolver_is_a_field_error(void **state)
{
    (void)state;
    assert_int_equal(gql_schema_resolver(schema, "Query", "boom", failing), RM_OK);
    assert_int_equal(gql_schema_resolver(schema, "Query", "nothing", failing), RM_ENOTFOUND);
    assert_int_equal(gql_schema_resolver(schema, "Nope", "boom", failing), RM_ENOTFOUND);
    struct rm_arena a;
    rm_arena_init(&a, 0);
    assert_string_equal(run(&a, "{ i boom s }", "{\"i\":1,\"s\":\"x\"}", NULL),
                        "{\"errors\":[{\"message\":\"the resolver said no\",\"locations\":"
                        "[{\"line\":1,\"column\":5}],\"path\":[\"boom\"]}],"
                        "\"data\":{\"i\":1,\"boom\":null,\"s\":\"x\"}}");
    rm_arena_clear(&a);
    assert_int_equal(gql_schema_resolver(schema, "Query", "boom", NULL), RM_OK);
}

/* The type hook decides the concrete type of abstract values. */
static const struct gql_type *always_b(const struct gql_schema *s, const struct gql_type *abstract,
                                       const cJSON *value, void *context)
{
    (void)abstract, (void)value, (void)context;
    return gql_schema_type(s, "B", 1);
}

static void the_type_hook_picks_the_concrete_type(void **state)
{
    (void)state;
    gql_schema_value_hooks(schema, &(struct gql_value_hooks){ .resolve_type = always_b });
    struct rm_arena a;
    rm_arena_init(&a, 0);
    assert_string_equal(run(&a, "{ ab { __typename ... on B { id } } }",
                            "{\"ab\":{\"__typename\":\"A\",\"id\":7}}", NULL),
                        "{\"data\":{\"ab\":{\"__typename\":\"B\",\"id\":\"7\"}}}");
    gql_schema_value_hooks(schema, &(struct gql_value_hooks){ 0 });
    assert_string_equal(run(&a, "{ ab { __typename ... on B { id } } }",
                            "{\"ab\":{\"__typename\":\"A\",\"id\":7}}", NULL),
                        "{\"data\":{\"ab\":{\"__typename\":\"A\"}}}");
    rm_arena_clear(&a);
}

/* graphql-js stops after 50 variable errors with one more that says so. */
static void variable_errors_stop_at_fifty(void **state)
{
    (void)state;
    char query[8192] = "query(", vars[4096] = "{";
    for (int i = 0; i < 60; i++) {
        char part[64];
        snprintf(part, sizeof part, "$v%d: Int! ", i);
        strcat(query, part);
        snprintf(part, sizeof part, "%s\"v%d\":\"x\"", i ? "," : "", i);
        strcat(vars, part);
    }
    strcat(query, ") { i ");
    for (int i = 0; i < 60; i++) {
        char part[64];
        snprintf(part, sizeof part, "n%d: n(x: $v%d) ", i, i);
        strcat(query, part);
    }
    strcat(query, "}");
    strcat(vars, "}");
    struct rm_arena a;
    rm_arena_init(&a, 0);
    cJSON *response = cJSON_Parse(run(&a, query, "{}", vars));
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(response, "errors");
    assert_int_equal(cJSON_GetArraySize(errors), 51);
    assert_null(cJSON_GetObjectItemCaseSensitive(response, "data"));
    assert_string_equal(cJSON_GetArrayItem(errors, 0)->child->valuestring,
                        "Variable \"$v0\" got invalid value \"x\"; Int cannot represent "
                        "non-integer value: \"x\"");
    assert_string_equal(cJSON_GetArrayItem(errors, 50)->child->valuestring,
                        "Too many errors processing variables, error limit reached. Execution "
                        "aborted.");
    cJSON_Delete(response);
    rm_arena_clear(&a);
}

/* graphql-js 15's introspection query spells specifiedByURL "specifiedByUrl" (F-GQL-030). */
static void graphql_js_15_spelling_of_specified_by_url_is_answered(void **state)
{
    (void)state;
    static const char with_url[] = "scalar D @specifiedBy(url: \"https://example.com/d\")\n"
                                   "type Query { d: D }\n";
    char err[256];
    struct gql_schema *saved = schema;
    schema = gql_schema_build(with_url, strlen(with_url), err, sizeof err);
    assert_non_null(schema);
    struct rm_arena a;
    rm_arena_init(&a, 0);
    assert_string_equal(run(&a, "{ __type(name: \"D\") { specifiedByUrl specifiedByURL } }", "{}",
                            NULL),
                        "{\"data\":{\"__type\":{\"specifiedByUrl\":\"https://example.com/d\","
                        "\"specifiedByURL\":\"https://example.com/d\"}}}");
    /* hidden from introspection of __Type itself, as in graphql-js 16 */
    const char *fields = run(&a, "{ __type(name: \"__Type\") { fields { name } } }", "{}", NULL);
    assert_null(strstr(fields, "specifiedByUrl"));
    assert_non_null(strstr(fields, "specifiedByURL"));
    rm_arena_clear(&a);
    gql_schema_free(schema);
    schema = saved;
}

/* A custom scalar of strings only refuses anything else in a literal, a variable and a
 * result, worded as graphql-js words it for a scalar whose parseLiteral, parseValue and
 * serialize throw GraphQLString's errors with its own name (checked with graphql-js 16.15). */
static void string_scalars_take_and_give_strings_only(void **state)
{
    (void)state;
    static const char email_sdl[] = "scalar Email\ntype Query { f(e: Email): Email, g: Email }\n";
    char err[256];
    struct gql_schema *saved = schema;
    schema = gql_schema_build(email_sdl, strlen(email_sdl), err, sizeof err);
    assert_non_null(schema);
    assert_int_equal(gql_schema_string_scalar(schema, "String"), RM_ENOTFOUND);
    assert_int_equal(gql_schema_string_scalar(schema, "Nope"), RM_ENOTFOUND);
    assert_int_equal(gql_schema_string_scalar(schema, "Email"), RM_OK);
    struct rm_arena a;
    rm_arena_init(&a, 0);
    static const char literal[] = "{ f(e: 5) }";
    const char *syntax;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(&a, literal, strlen(literal), NULL, &syntax, &loc);
    const struct gql_error *errors;
    assert_int_equal(gql_validate(schema, doc, literal, strlen(literal), &a, &errors), 1);
    assert_string_equal(errors[0].message, "Email cannot represent a non string value: 5");
    assert_int_equal(errors[0].locations[0].column, 8);
    assert_string_equal(run(&a, "query($e: Email) { f(e: $e) }", "{}", "{\"e\":5}"),
                        "{\"errors\":[{\"message\":\"Variable \\\"$e\\\" got invalid value 5; Email "
                        "cannot represent a non string value: 5\",\"locations\":[{\"line\":1,"
                        "\"column\":7}]}]}");
    assert_string_equal(run(&a, "{ g }", "{\"g\":7}", NULL),
                        "{\"errors\":[{\"message\":\"Email cannot represent value: 7\","
                        "\"locations\":[{\"line\":1,\"column\":3}],\"path\":[\"g\"]}],"
                        "\"data\":{\"g\":null}}");
    assert_string_equal(run(&a, "{ g }", "{\"g\":\"x\"}", NULL), "{\"data\":{\"g\":\"x\"}}");
    rm_arena_clear(&a);
    gql_schema_free(schema);
    schema = saved;
}

/* An empty operation name names no operation, as in graphql-js (not the anonymous one). */
static void an_empty_operation_name_selects_nothing(void **state)
{
    (void)state;
    static const char query[] = "{ i }";
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const char *syntax;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(&a, query, strlen(query), NULL, &syntax, &loc);
    assert_non_null(doc);
    assert_null(gql_operation(doc, ""));
    assert_non_null(gql_operation(doc, NULL));
    cJSON *root = cJSON_Parse("{\"i\":1}");
    struct gql_exec_request request = { .schema = schema, .document = doc, .source = query,
                                        .len = strlen(query), .operation_name = "",
                                        .root = root };
    struct gql_result result;
    assert_int_equal(gql_execute(&request, &a, &result), RM_OK);
    size_t len;
    assert_string_equal(gql_result_json(&a, &result, &len),
                        "{\"errors\":[{\"message\":\"Unknown operation named \\\"\\\".\"}]}");
    cJSON_Delete(root);
    rm_arena_clear(&a);
}

static void numbers_are_written_as_javascript_writes_them(void **state)
{
    (void)state;
    static const struct {
        double d;
        const char *js;
    } numbers[] = {
        { 0, "0" },         { -0.0, "0" },          { 1, "1" },
        { -1.5, "-1.5" },   { 0.1, "0.1" },         { 0.1 + 0.2, "0.30000000000000004" },
        { 1e21, "1e+21" },  { 1e20, "100000000000000000000" },
        { 1e-7, "1e-7" },   { 1.5e-7, "1.5e-7" },   { 0.000001, "0.000001" },
        { 123456789012345680000.0, "123456789012345680000" },
        { 1.7976931348623157e308, "1.7976931348623157e+308" },
        { 5e-324, "5e-324" }, { 2147483647, "2147483647" }, { 6.02e23, "6.02e+23" },
    };
    for (size_t i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
        char out[32];
        assert_string_equal(gql_js_number(numbers[i].d, out), numbers[i].js);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_complete_as_graphql_js_completes_them),
        cmocka_unit_test(a_failing_resolver_is_a_field_error),
        cmocka_unit_test(the_type_hook_picks_the_concrete_type),
        cmocka_unit_test(variable_errors_stop_at_fifty),
        cmocka_unit_test(graphql_js_15_spelling_of_specified_by_url_is_answered),
        cmocka_unit_test(string_scalars_take_and_give_strings_only),
        cmocka_unit_test(an_empty_operation_name_selects_nothing),
        cmocka_unit_test(numbers_are_written_as_javascript_writes_them),
    };
    return cmocka_run_group_tests(tests, build_schema, free_schema);
}
