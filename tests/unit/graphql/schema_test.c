/* Tests server/graphql/schema.c: a schema from SDL matches graphql-js 16.15's buildSchema
 * (type order, directives, deprecations, possible types) and bad SDL names its line. The
 * expected orders were printed by graphql-js 16.15.0 for the same SDL
 * (Object.keys(schema.getTypeMap()), schema.getDirectives()). */
#include "graphql/gql.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

static const char sample[] =
    "\"\"\"The sample schema\"\"\"\n"
    "schema { query: Root mutation: Mut }\n"
    "type Root implements Node { id: ID! search(q: String, first: Int = 10, dir: Dir = ASC): "
    "[Result!]! node(id: ID!): Node user: User }\n"
    "interface Node { id: ID! }\n"
    "interface Named implements Node { id: ID! name: String @deprecated }\n"
    "type User implements Node & Named { id: ID! name: String friends: [User] }\n"
    "type Post implements Node { id: ID! title: String! score: Float }\n"
    "union Result = User | Post\n"
    "enum Dir { ASC DESC @deprecated(reason: \"use ASC\") }\n"
    "input Filter @oneOf { text: String tag: Tag }\n"
    "input Tag { name: String! }\n"
    "scalar Date @specifiedBy(url: \"https://example.com/date\")\n"
    "type Mut { add(f: Filter, d: Date): Boolean }\n"
    "extend type User { born: Date }\n"
    "directive @tagged(name: String!) repeatable on FIELD_DEFINITION | OBJECT\n";

/* The schema's types by name, space-separated, as Object.keys(schema.getTypeMap()) lists them. */
static const char *type_order(const struct gql_schema *s, char *buf, size_t size)
{
    uint32_t n;
    struct gql_type *const *types = gql_schema_types(s, &n);
    buf[0] = '\0';
    for (uint32_t i = 0; i < n; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? " " : "", types[i]->name);
    return buf;
}

static void built_like_graphql_js(void **state)
{
    (void)state;
    char err[256];
    struct gql_schema *s = gql_schema_build(sample, strlen(sample), err, sizeof err);
    if (!s)
        fail_msg("%s", err);
    char order[1024];
    uint32_t n;
    assert_string_equal(type_order(s, order, sizeof order), "Root ID String Int Node Named User Post Float Result Dir Filter "
                               "Tag Date Mut Boolean __Schema __Type __TypeKind __Field "
                               "__InputValue __EnumValue __Directive __DirectiveLocation");
    struct gql_directive *const *dirs = gql_schema_directives(s, &n);
    char names[256] = "";
    for (uint32_t i = 0; i < n; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? " " : "",
                 dirs[i]->name);
    assert_string_equal(names, "tagged include skip deprecated specifiedBy oneOf");
    assert_true(dirs[0]->repeatable);

    assert_string_equal(gql_schema_root(s, GQL_QUERY)->name, "Root");
    assert_string_equal(gql_schema_root(s, GQL_MUTATION)->name, "Mut");
    assert_null(gql_schema_root(s, GQL_SUBSCRIPTION));
    assert_string_equal(gql_schema_description(s), "The sample schema");

    struct gql_type *user = gql_schema_type(s, "User", 4);
    assert_int_equal(user->nfields, 4); /* the extension's field is there */
    assert_string_equal(user->fields[3].name, "born");
    assert_int_equal(user->ninterfaces, 2);
    struct gql_type *node = gql_schema_type(s, "Node", 4);
    assert_int_equal(node->npossible, 3); /* Root, User, Post: objects, in type order */
    assert_string_equal(node->possible[0]->name, "Root");
    struct gql_type *named = gql_schema_type(s, "Named", 5);
    assert_string_equal(gql_type_field(named, "name", 4)->deprecation_reason,
                        "No longer supported");
    struct gql_type *dir = gql_schema_type(s, "Dir", 3);
    assert_null(dir->values[0].deprecation_reason);
    assert_string_equal(dir->values[1].deprecation_reason, "use ASC");
    assert_true(gql_schema_type(s, "Filter", 6)->one_of);
    assert_string_equal(gql_schema_type(s, "Date", 4)->specified_by_url,
                        "https://example.com/date");
    struct gql_field *search = gql_type_field(gql_schema_type(s, "Root", 4), "search", 6);
    assert_int_equal(search->nargs, 3);
    assert_int_equal(search->type->kind, GQL_TYPE_NON_NULL);
    assert_int_equal(search->type->of_type->kind, GQL_TYPE_LIST);
    assert_string_equal(gql_named_type(search->type)->name, "Result");
    /* literals are slices of the source, not C strings */
    assert_int_equal(search->args[1].default_value->text.len, 2);
    assert_memory_equal(search->args[1].default_value->text.p, "10", 2);
    /* Built-ins come from graphql-js's own printout. */
    assert_true(strncmp(gql_schema_type(s, "String", 6)->description, "The `String` scalar type",
                        24) == 0);
    assert_null(gql_schema_type(s, "Unused", 6));
    gql_schema_free(s);
}

/* The conformance oracle's schema (tests/conformance/schema.graphql) builds, in the order
 * graphql-js 16.15.0 printed for it: the differential corpus introspects this order. */
static void conformance_schema_builds_in_graphql_js_order(void **state)
{
    (void)state;
    FILE *f = fopen(RMMSIM_SOURCE_DIR "/tests/conformance/schema.graphql", "rb");
    assert_non_null(f);
    static char sdl[65536];
    size_t len = fread(sdl, 1, sizeof sdl, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof sdl);
    char err[256], order[1024];
    struct gql_schema *s = gql_schema_build(sdl, len, err, sizeof err);
    if (!s)
        fail_msg("%s", err);
    assert_string_equal(type_order(s, order, sizeof order),
                        "DateTime Direction Species Color Node ID Named String Person Int Pet "
                        "Float Place SearchResult Lists Size Item SizeInput RangeInput "
                        "FilterInput ItemInput Query Boolean Mutation Subscription __Schema "
                        "__Type __TypeKind __Field __InputValue __EnumValue __Directive "
                        "__DirectiveLocation");
    struct gql_type *node = gql_schema_type(s, "Node", 4);
    assert_int_equal(node->npossible, 3);
    assert_string_equal(node->possible[0]->name, "Person");
    assert_string_equal(node->possible[2]->name, "Place");
    assert_string_equal(gql_schema_root(s, GQL_SUBSCRIPTION)->name, "Subscription");
    gql_schema_free(s);
}

static void bad_sdl_names_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *sdl, *error;
    } cases[] = {
        { "type Query {\n  a: Foo\n}", "line 2: Unknown type \"Foo\"." },
        { "type Query { a: Int }\ntype Query { b: Int }",
          "line 2: There can be only one type named \"Query\"." },
        { "type Query { a: Int }\n\nextend type Nope { b: Int }",
          "line 3: Cannot extend type \"Nope\" because it is not defined." },
        { "type Query { a: U }\nunion U = Query | E\nenum E { X }",
          "line 2: Union type U can only include Object types, it cannot include E." },
        { "type Query implements Query { a: Int }",
          "line 1: Type Query must only implement Interface types, it cannot implement Query." },
        { "type Other { a: Int }", "Query root type must be provided." },
        { "type Query { a: Int", "line 1: Syntax Error: Expected Name, found <EOF>." },
        { "type Query { a: Int }\nquery { a }",
          "line 2: The \"OPERATION_DEFINITION\" definition is not allowed in a schema." },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char err[256] = "";
        struct gql_schema *s = gql_schema_build(cases[i].sdl, strlen(cases[i].sdl), err,
                                                sizeof err);
        if (s || strcmp(err, cases[i].error) != 0)
            fail_msg("case %zu: got %s, want %s", i, s ? "(built)" : err, cases[i].error);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(built_like_graphql_js),
        cmocka_unit_test(conformance_schema_builds_in_graphql_js_order),
        cmocka_unit_test(bad_sdl_names_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
