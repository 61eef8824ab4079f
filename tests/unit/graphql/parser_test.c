/* Tests server/graphql/lexer.c and parser.c: documents parse into the expected nodes, and
 * every kind of syntax error reads exactly as graphql-js 16 words it, at its location. */
#include "graphql/gql.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct gql_node *parse_ok(struct rm_arena *a, const char *src)
{
    const char *error = NULL;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(a, src, strlen(src), NULL, &error, &loc);
    if (!doc)
        fail_msg("%s: %s at %u:%u", src, error, loc.line, loc.column);
    return doc;
}

static bool str_is(struct gql_str s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.p, want, s.len) == 0;
}

static void operations_fields_and_fragments(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    struct gql_node *doc = parse_ok(&a, "query Q($id: ID! = \"x\", $n: [Int!]) @d {\n"
                                        "  a: node(id: $id) { ...F ... on User @include(if: "
                                        "true) { name } }\n"
                                        "}\nfragment F on Node { id }\n{ __typename }");
    assert_int_equal(doc->items.count, 3);
    struct gql_node *op = doc->items.items[0];
    assert_int_equal(op->kind, GQL_KIND_OPERATION_DEFINITION);
    assert_int_equal(op->operation, GQL_QUERY);
    assert_true(str_is(op->name, "Q"));
    assert_int_equal(op->args.count, 2);
    struct gql_node *v = op->args.items[0];
    assert_true(str_is(v->name, "id"));
    assert_int_equal(v->type->kind, GQL_KIND_NON_NULL_TYPE);
    assert_true(str_is(v->type->type->name, "ID"));
    assert_int_equal(v->value->kind, GQL_KIND_STRING);
    assert_true(str_is(v->value->text, "x"));
    assert_int_equal(op->args.items[1]->type->kind, GQL_KIND_LIST_TYPE);
    assert_int_equal(op->directives.count, 1);
    struct gql_node *field = op->selections->items.items[0];
    assert_true(str_is(field->alias, "a"));
    assert_true(str_is(field->name, "node"));
    assert_int_equal(field->args.items[0]->value->kind, GQL_KIND_VARIABLE);
    assert_int_equal(field->selections->items.items[0]->kind, GQL_KIND_FRAGMENT_SPREAD);
    struct gql_node *inl = field->selections->items.items[1];
    assert_int_equal(inl->kind, GQL_KIND_INLINE_FRAGMENT);
    assert_true(str_is(inl->type->name, "User"));
    assert_int_equal(inl->directives.items[0]->args.items[0]->value->kind, GQL_KIND_BOOLEAN);
    assert_true(inl->directives.items[0]->args.items[0]->value->flag);
    assert_int_equal(doc->items.items[1]->kind, GQL_KIND_FRAGMENT_DEFINITION);
    assert_int_equal(doc->items.items[2]->kind, GQL_KIND_OPERATION_DEFINITION); /* shorthand */
    rm_arena_clear(&a);
}

static void values_and_strings(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    struct gql_node *doc = parse_ok(&a, "{ f(a: [1, -2.5e3, \"\\u00e4\\n\\u{1F600}\\uD83D\\uDE00\", "
                                        "ASC, null, {x: {y: []}}], b: \"\"\"\n    first\n"
                                        "      second \\\"\"\"\n\n  \"\"\") }");
    struct gql_node *list = doc->items.items[0]->selections->items.items[0]->args.items[0]->value;
    assert_int_equal(list->kind, GQL_KIND_LIST);
    assert_int_equal(list->items.count, 6);
    assert_true(str_is(list->items.items[0]->text, "1"));
    assert_int_equal(list->items.items[1]->kind, GQL_KIND_FLOAT);
    assert_true(str_is(list->items.items[2]->text,
                       "\xc3\xa4\n\xf0\x9f\x98\x80\xf0\x9f\x98\x80"));
    assert_int_equal(list->items.items[3]->kind, GQL_KIND_ENUM);
    assert_int_equal(list->items.items[4]->kind, GQL_KIND_NULL);
    assert_int_equal(list->items.items[5]->kind, GQL_KIND_OBJECT);
    struct gql_node *block =
        doc->items.items[0]->selections->items.items[0]->args.items[1]->value;
    assert_true(block->flag);
    /* the spec's BlockStringValue: common indent and blank edge lines removed */
    assert_true(str_is(block->text, "first\n  second \"\"\""));
    rm_arena_clear(&a);
}

static void type_system_definitions(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    struct gql_node *doc =
        parse_ok(&a, "\"\"\"The schema\"\"\" schema { query: Q mutation: M }\n"
                     "\"A scalar\" scalar Date @specifiedBy(url: \"https://x\")\n"
                     "type Q implements & A & B @d { f(x: Int = 5 @deprecated): [String!]! "
                     "g: E }\n"
                     "interface A implements B { id: ID! }\n"
                     "union U = | X | Y\n"
                     "enum E { ONE @deprecated(reason: \"no\") TWO }\n"
                     "input I { a: Int = 1, b: [I!] }\n"
                     "directive @d(x: Int) repeatable on FIELD_DEFINITION | OBJECT\n"
                     "extend type Q { h: Int }\nextend schema @d\n");
    assert_int_equal(doc->items.count, 10);
    assert_int_equal(doc->items.items[0]->kind, GQL_KIND_SCHEMA_DEFINITION);
    assert_true(str_is(doc->items.items[0]->description->text, "The schema"));
    assert_int_equal(doc->items.items[0]->items.count, 2);
    struct gql_node *q = doc->items.items[2];
    assert_int_equal(q->kind, GQL_KIND_OBJECT_TYPE_DEFINITION);
    assert_int_equal(q->members.count, 2);
    assert_int_equal(q->items.count, 2);
    assert_true(str_is(q->items.items[0]->args.items[0]->value->text, "5"));
    assert_int_equal(doc->items.items[4]->members.count, 2);
    assert_int_equal(doc->items.items[5]->items.count, 2);
    struct gql_node *dir = doc->items.items[7];
    assert_true(dir->flag);
    assert_int_equal(dir->members.count, 2);
    assert_int_equal(doc->items.items[8]->kind, GQL_KIND_OBJECT_TYPE_EXTENSION);
    assert_int_equal(doc->items.items[9]->kind, GQL_KIND_SCHEMA_EXTENSION);
    rm_arena_clear(&a);
}

/* graphql-js 16's messages and locations (reference/pcvisit.md 3.2 and graphql-js tests). */
/* graphql-js 16.15 (after the 2025 spec edition) keeps descriptions on executable
 * definitions and variable definitions; they must land in the tree, not be dropped. */
static void descriptions_on_executable_definitions(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    struct gql_node *doc = parse_ok(&a, "\"op\" query Q(\"\"\"var\"\"\" $v: Int) { a }\n"
                                        "\"frag\" fragment F on T { a }");
    struct gql_node *op = doc->items.items[0];
    assert_true(str_is(op->description->text, "op"));
    assert_true(str_is(op->args.items[0]->description->text, "var"));
    assert_true(str_is(doc->items.items[1]->description->text, "frag"));
    rm_arena_clear(&a);
}

static void syntax_errors_read_as_graphql_js(void **state)
{
    (void)state;
    static const struct {
        const char *src;
        const char *message;
        unsigned line, column;
    } cases[] = {
        { "", "Syntax Error: Unexpected <EOF>.", 1, 1 },
        { "{", "Syntax Error: Expected Name, found <EOF>.", 1, 2 },
        { "{ a(b: 01) }", "Syntax Error: Invalid number, unexpected digit after 0: \"1\".", 1, 9 },
        { "{ a(b: 8f31) }", "Syntax Error: Invalid number, expected digit but got: \"f\".", 1, 9 },
        { "{ a(b: 1.) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10 },
        { "{ a(b: -) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 9 },
        { "{ a(b: 1e) }", "Syntax Error: Invalid number, expected digit but got: \")\".", 1, 10 },
        { "{ a(b: \"x) }", "Syntax Error: Unterminated string.", 1, 13 },
        { "{ a(b: \"\\q\") }", "Syntax Error: Invalid character escape sequence: \"\\q\".", 1, 9 },
        { "{ a(b: \"\\u12G4\") }", "Syntax Error: Invalid Unicode escape sequence: \"\\u12G4\".",
          1, 9 },
        { "{ a(b: \"\\uD83D\") }",
          "Syntax Error: Invalid Unicode escape sequence: \"\\uD83D\".", 1, 9 },
        { "{ a ? }", "Syntax Error: Unexpected character: \"?\".", 1, 5 },
        { "{ a 'b' }",
          "Syntax Error: Unexpected single quote character ('), did you mean to use a double "
          "quote (\")?",
          1, 5 },
        { "{ a .. }", "Syntax Error: Unexpected character: \".\".", 1, 5 },
        { "{ a(b: $v) }\nquery { x(y: [1 }", "Syntax Error: Unexpected \"}\".", 2, 17 },
        { "query Q($v: Int = $w) { a }",
          "Syntax Error: Unexpected variable \"$w\" in constant value.", 1, 19 },
        { "fragment on on X { a }", "Syntax Error: Unexpected Name \"on\".", 1, 10 },
        { "notakeyword { a }", "Syntax Error: Unexpected Name \"notakeyword\".", 1, 1 },
        { "\"desc\" { a }",
          "Syntax Error: Unexpected description, descriptions are not supported on shorthand "
          "queries.",
          1, 1 },
        { "\"desc\" extend type X { a: Int }",
          "Syntax Error: Unexpected description, only GraphQL definitions support descriptions.",
          1, 1 },
        { "{ a: }", "Syntax Error: Expected Name, found \"}\".", 1, 6 },
        { "query Q(: Int) { a }", "Syntax Error: Expected \"$\", found \":\".", 1, 9 },
        { "enum E { true }",
          "Syntax Error: Name \"true\" is reserved and cannot be used for an enum value.", 1, 10 },
        { "directive @d on NOWHERE", "Syntax Error: Unexpected Name \"NOWHERE\".", 1, 17 },
        { "extend type T", "Syntax Error: Unexpected <EOF>.", 1, 14 },
        { "type T { f: [Int }", "Syntax Error: Expected \"]\", found \"}\".", 1, 18 },
        /* columns count UTF-16 units: the emoji (4 bytes) is 2 */
        { "{ a(b: \"\xf0\x9f\x98\x80\") ! }", "Syntax Error: Expected Name, found \"!\".", 1, 14 },
        { "#c\r\n\r{ ) }", "Syntax Error: Expected Name, found \")\".", 3, 3 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct rm_arena a;
        rm_arena_init(&a, 0);
        const char *error = NULL;
        struct gql_location loc = { 0, 0 };
        struct gql_node *doc =
            gql_parse(&a, cases[i].src, strlen(cases[i].src), NULL, &error, &loc);
        if (doc || strcmp(error, cases[i].message) != 0 || loc.line != cases[i].line ||
            loc.column != cases[i].column)
            fail_msg("case %zu %s: got %s at %u:%u, want %s at %u:%u", i, cases[i].src,
                     doc ? "(parsed)" : error, loc.line, loc.column, cases[i].message,
                     cases[i].line, cases[i].column);
        rm_arena_clear(&a);
    }
}

static void limits_refuse_hostile_documents(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const char *error;
    struct gql_location loc;
    struct gql_parse_options opts = { .max_tokens = 5 };
    const char *src = "{ a b c d e f }";
    assert_null(gql_parse(&a, src, strlen(src), &opts, &error, &loc));
    assert_string_equal(error, "Syntax Error: Document contains more than 5 tokens. Parsing "
                               "aborted.");
    /* Deep nesting is refused without recursing past the limit. */
    size_t depth = 100000;
    char *deep = malloc(depth * 2 + 1);
    memset(deep, '[', depth);
    memset(deep + depth, ']', depth);
    deep[2 * depth] = '\0';
    char *q = malloc(depth * 2 + 16);
    sprintf(q, "{ a(b: %s) }", deep);
    assert_null(gql_parse(&a, q, strlen(q), NULL, &error, &loc));
    assert_non_null(strstr(error, "nesting is deeper than 256"));
    free(deep);
    free(q);
    rm_arena_clear(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(operations_fields_and_fragments),
        cmocka_unit_test(values_and_strings),
        cmocka_unit_test(type_system_definitions),
        cmocka_unit_test(descriptions_on_executable_definitions),
        cmocka_unit_test(syntax_errors_read_as_graphql_js),
        cmocka_unit_test(limits_refuse_hostile_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
