/*
 * The GraphQL parser, following graphql-js 16 (src/language/parser.ts) function by function,
 * so documents parse the same way and syntax errors read the same. Executable and
 * type-system definitions are both accepted; validation tells them apart.
 */
#include "graphql/gql_int.h"

#include <string.h>

static const char *const kind_names[] = {
#define GQL_KIND_NAME(name) #name,
    GQL_NODE_KINDS(GQL_KIND_NAME)
#undef GQL_KIND_NAME
};

const char *gql_kind_name(enum gql_kind kind)
{
    return kind < GQL_KIND_COUNT ? kind_names[kind] : "?";
}

struct parser {
    struct gql__lexer lx;
    uint32_t tokens, max_tokens;
    uint32_t depth, max_depth;
};

/* ---- token helpers (graphql-js Parser.peek, expectToken, ...) ---- */

static struct gql_token *tok(struct parser *p)
{
    return &p->lx.token;
}

static bool failed(const struct parser *p)
{
    return p->lx.error != NULL;
}

static bool advance(struct parser *p)
{
    /* graphql-js counts every token but EOF against maxTokens. */
    if (p->max_tokens && tok(p)->kind != GQL_TOKEN_EOF && ++p->tokens > p->max_tokens) {
        gql__syntax_error(&p->lx, tok(p)->start,
                          rm_arena_printf(p->lx.arena,
                                          "Document contains more than %u tokens. Parsing "
                                          "aborted.",
                                          p->max_tokens));
        return false;
    }
    return gql__lexer_advance(&p->lx);
}

static bool peek(struct parser *p, enum gql_token_kind kind)
{
    return !failed(p) && tok(p)->kind == kind;
}

static void unexpected_at(struct parser *p, const struct gql_token *t)
{
    gql__syntax_error(&p->lx, t->start,
                      rm_arena_printf(p->lx.arena, "Unexpected %s.", gql__token_desc(&p->lx, t)));
}

static void unexpected(struct parser *p)
{
    if (!failed(p))
        unexpected_at(p, tok(p));
}

static bool expect(struct parser *p, enum gql_token_kind kind)
{
    if (failed(p))
        return false;
    if (tok(p)->kind == kind)
        return advance(p);
    gql__syntax_error(&p->lx, tok(p)->start,
                      rm_arena_printf(p->lx.arena, "Expected %s, found %s.",
                                      gql__token_kind_desc(p->lx.arena, kind),
                                      gql__token_desc(&p->lx, tok(p))));
    return false;
}

static bool expect_optional(struct parser *p, enum gql_token_kind kind)
{
    if (peek(p, kind)) {
        advance(p);
        return true;
    }
    return false;
}

static bool is_keyword(struct parser *p, const char *word)
{
    return peek(p, GQL_TOKEN_NAME) && tok(p)->value.len == strlen(word) &&
           memcmp(tok(p)->value.p, word, tok(p)->value.len) == 0;
}

static bool expect_keyword(struct parser *p, const char *word)
{
    if (failed(p))
        return false;
    if (is_keyword(p, word))
        return advance(p);
    gql__syntax_error(&p->lx, tok(p)->start,
                      rm_arena_printf(p->lx.arena, "Expected \"%s\", found %s.", word,
                                      gql__token_desc(&p->lx, tok(p))));
    return false;
}

static bool expect_optional_keyword(struct parser *p, const char *word)
{
    if (is_keyword(p, word)) {
        advance(p);
        return true;
    }
    return false;
}

static struct gql_node *node(struct parser *p, enum gql_kind kind, uint32_t start)
{
    struct gql_node *n = rm_arena_calloc(p->lx.arena, 1, sizeof *n);
    if (!n) {
        gql__syntax_error(&p->lx, start, "out of memory");
        return NULL;
    }
    n->kind = kind;
    n->start = start;
    return n;
}

/* A list being built: grows in the arena. */
struct list {
    struct gql_node **items;
    uint32_t count, cap;
};

static void push(struct parser *p, struct list *l, struct gql_node *n)
{
    if (!n || failed(p))
        return;
    if (l->count == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 4;
        struct gql_node **grown = rm_arena_alloc(p->lx.arena, cap * sizeof *grown);
        if (!grown) {
            gql__syntax_error(&p->lx, tok(p)->start, "out of memory");
            return;
        }
        if (l->count)
            memcpy(grown, l->items, l->count * sizeof *grown);
        l->items = grown;
        l->cap = cap;
    }
    l->items[l->count++] = n;
}

static struct gql_nodes done(struct list *l)
{
    return (struct gql_nodes){ l->items, l->count };
}

typedef struct gql_node *(*parse_fn)(struct parser *p);

/* graphql-js many(): open, one or more items, close. */
static struct gql_nodes many(struct parser *p, enum gql_token_kind open, parse_fn fn,
                             enum gql_token_kind close)
{
    struct list l = { 0 };
    if (expect(p, open)) {
        do
            push(p, &l, fn(p));
        while (!failed(p) && !expect_optional(p, close));
    }
    return done(&l);
}

/* graphql-js optionalMany(): nothing, or open, one or more items, close. */
static struct gql_nodes optional_many(struct parser *p, enum gql_token_kind open, parse_fn fn,
                                      enum gql_token_kind close)
{
    struct list l = { 0 };
    if (expect_optional(p, open)) {
        do
            push(p, &l, fn(p));
        while (!failed(p) && !expect_optional(p, close));
    }
    return done(&l);
}

/* graphql-js any(): open, zero or more items, close. */
static struct gql_nodes any(struct parser *p, enum gql_token_kind open, parse_fn fn,
                            enum gql_token_kind close)
{
    struct list l = { 0 };
    if (expect(p, open))
        while (!failed(p) && !expect_optional(p, close))
            push(p, &l, fn(p));
    return done(&l);
}

/* graphql-js delimitedMany(): an optional leading delimiter, then items between delimiters. */
static struct gql_nodes delimited_many(struct parser *p, enum gql_token_kind delimiter,
                                       parse_fn fn)
{
    struct list l = { 0 };
    expect_optional(p, delimiter);
    do
        push(p, &l, fn(p));
    while (!failed(p) && expect_optional(p, delimiter));
    return done(&l);
}

/* Nesting guard: selection sets, values and types recurse. */
static bool enter(struct parser *p)
{
    if (++p->depth <= p->max_depth)
        return true;
    gql__syntax_error(&p->lx, tok(p)->start,
                      rm_arena_printf(p->lx.arena,
                                      "Document nesting is deeper than %u levels. Parsing "
                                      "aborted.",
                                      p->max_depth));
    return false;
}

static void leave(struct parser *p)
{
    p->depth--;
}

/* ---- names, types, values ---- */

static struct gql_str parse_name_str(struct parser *p)
{
    struct gql_str s = tok(p)->value;
    return expect(p, GQL_TOKEN_NAME) ? s : (struct gql_str){ "", 0 };
}

static struct gql_node *parse_named_type(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_NAMED_TYPE, tok(p)->start);
    if (n)
        n->name = parse_name_str(p);
    return n;
}

static struct gql_node *parse_type_reference(struct parser *p)
{
    uint32_t start = tok(p)->start;
    struct gql_node *type;
    if (!enter(p))
        return NULL;
    if (expect_optional(p, GQL_TOKEN_BRACKET_L)) {
        struct gql_node *inner = parse_type_reference(p);
        expect(p, GQL_TOKEN_BRACKET_R);
        if ((type = node(p, GQL_KIND_LIST_TYPE, start)))
            type->type = inner;
    } else {
        type = parse_named_type(p);
    }
    if (expect_optional(p, GQL_TOKEN_BANG)) {
        struct gql_node *nn = node(p, GQL_KIND_NON_NULL_TYPE, start);
        if (nn)
            nn->type = type;
        type = nn;
    }
    leave(p);
    return failed(p) ? NULL : type;
}

static struct gql_node *parse_value(struct parser *p, bool is_const);

static struct gql_node *parse_const_value(struct parser *p)
{
    return parse_value(p, true);
}

static struct gql_node *parse_variable_value(struct parser *p)
{
    return parse_value(p, false);
}

/* `name: value`: an OBJECT_FIELD or an ARGUMENT, which read alike. */
static struct gql_node *parse_named_value(struct parser *p, enum gql_kind kind, bool is_const)
{
    struct gql_node *n = node(p, kind, tok(p)->start);
    if (!n)
        return NULL;
    n->name = parse_name_str(p);
    expect(p, GQL_TOKEN_COLON);
    n->value = parse_value(p, is_const);
    return n;
}

static struct gql_node *parse_const_object_field(struct parser *p)
{
    return parse_named_value(p, GQL_KIND_OBJECT_FIELD, true);
}

static struct gql_node *parse_variable_object_field(struct parser *p)
{
    return parse_named_value(p, GQL_KIND_OBJECT_FIELD, false);
}

static struct gql_node *parse_string_literal(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_STRING, tok(p)->start);
    if (n) {
        n->text = tok(p)->value;
        n->flag = tok(p)->kind == GQL_TOKEN_BLOCK_STRING;
        advance(p);
    }
    return n;
}

static struct gql_node *parse_variable(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_VARIABLE, tok(p)->start);
    if (n) {
        expect(p, GQL_TOKEN_DOLLAR);
        n->name = parse_name_str(p);
    }
    return n;
}

static struct gql_node *parse_value(struct parser *p, bool is_const)
{
    if (failed(p) || !enter(p))
        return NULL;
    struct gql_token t = *tok(p);
    struct gql_node *n = NULL;
    switch (t.kind) {
    case GQL_TOKEN_BRACKET_L:
        if ((n = node(p, GQL_KIND_LIST, t.start)))
            n->items = any(p, GQL_TOKEN_BRACKET_L,
                           is_const ? parse_const_value : parse_variable_value,
                           GQL_TOKEN_BRACKET_R);
        break;
    case GQL_TOKEN_BRACE_L:
        if ((n = node(p, GQL_KIND_OBJECT, t.start)))
            n->items = any(p, GQL_TOKEN_BRACE_L,
                           is_const ? parse_const_object_field : parse_variable_object_field,
                           GQL_TOKEN_BRACE_R);
        break;
    case GQL_TOKEN_INT:
    case GQL_TOKEN_FLOAT:
        if ((n = node(p, t.kind == GQL_TOKEN_INT ? GQL_KIND_INT : GQL_KIND_FLOAT, t.start))) {
            n->text = t.value;
            advance(p);
        }
        break;
    case GQL_TOKEN_STRING:
    case GQL_TOKEN_BLOCK_STRING:
        n = parse_string_literal(p);
        break;
    case GQL_TOKEN_NAME: {
        bool is_true = t.value.len == 4 && !memcmp(t.value.p, "true", 4);
        bool is_false = t.value.len == 5 && !memcmp(t.value.p, "false", 5);
        bool is_null = t.value.len == 4 && !memcmp(t.value.p, "null", 4);
        n = node(p, is_true || is_false ? GQL_KIND_BOOLEAN : is_null ? GQL_KIND_NULL : GQL_KIND_ENUM,
                 t.start);
        if (n) {
            n->flag = is_true;
            n->text = t.value;
            advance(p);
        }
        break;
    }
    case GQL_TOKEN_DOLLAR:
        if (is_const) {
            expect(p, GQL_TOKEN_DOLLAR);
            if (peek(p, GQL_TOKEN_NAME))
                gql__syntax_error(&p->lx, t.start,
                                  rm_arena_printf(p->lx.arena,
                                                  "Unexpected variable \"$%.*s\" in constant "
                                                  "value.",
                                                  (int)tok(p)->value.len, tok(p)->value.p));
            else
                unexpected_at(p, &t);
            break;
        }
        n = parse_variable(p);
        break;
    default:
        unexpected(p);
    }
    leave(p);
    return failed(p) ? NULL : n;
}

static struct gql_node *parse_const_argument(struct parser *p)
{
    return parse_named_value(p, GQL_KIND_ARGUMENT, true);
}

static struct gql_node *parse_variable_argument(struct parser *p)
{
    return parse_named_value(p, GQL_KIND_ARGUMENT, false);
}

static struct gql_nodes parse_arguments(struct parser *p, bool is_const)
{
    return optional_many(p, GQL_TOKEN_PAREN_L,
                         is_const ? parse_const_argument : parse_variable_argument,
                         GQL_TOKEN_PAREN_R);
}

static struct gql_nodes parse_directives(struct parser *p, bool is_const)
{
    struct list l = { 0 };
    while (peek(p, GQL_TOKEN_AT)) {
        struct gql_node *d = node(p, GQL_KIND_DIRECTIVE, tok(p)->start);
        if (!d)
            break;
        expect(p, GQL_TOKEN_AT);
        d->name = parse_name_str(p);
        d->args = parse_arguments(p, is_const);
        push(p, &l, d);
    }
    return done(&l);
}

/* ---- executable definitions ---- */

static struct gql_node *parse_selection_set(struct parser *p);

static struct gql_node *parse_field(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_FIELD, tok(p)->start);
    if (!n)
        return NULL;
    struct gql_str name_or_alias = parse_name_str(p);
    if (expect_optional(p, GQL_TOKEN_COLON)) {
        n->alias = name_or_alias;
        n->name = parse_name_str(p);
    } else {
        n->name = name_or_alias;
    }
    n->args = parse_arguments(p, false);
    n->directives = parse_directives(p, false);
    if (peek(p, GQL_TOKEN_BRACE_L))
        n->selections = parse_selection_set(p);
    return n;
}

/* A fragment's name: any name but "on". */
static struct gql_str parse_fragment_name(struct parser *p)
{
    if (is_keyword(p, "on")) {
        unexpected(p);
        return (struct gql_str){ "", 0 };
    }
    return parse_name_str(p);
}

static struct gql_node *parse_fragment(struct parser *p)
{
    uint32_t start = tok(p)->start;
    expect(p, GQL_TOKEN_SPREAD);
    bool has_condition = expect_optional_keyword(p, "on");
    if (!has_condition && peek(p, GQL_TOKEN_NAME)) {
        struct gql_node *n = node(p, GQL_KIND_FRAGMENT_SPREAD, start);
        if (n) {
            n->name = parse_fragment_name(p);
            n->directives = parse_directives(p, false);
        }
        return n;
    }
    struct gql_node *n = node(p, GQL_KIND_INLINE_FRAGMENT, start);
    if (n) {
        n->type = has_condition ? parse_named_type(p) : NULL;
        n->directives = parse_directives(p, false);
        n->selections = parse_selection_set(p);
    }
    return n;
}

static struct gql_node *parse_selection(struct parser *p)
{
    return peek(p, GQL_TOKEN_SPREAD) ? parse_fragment(p) : parse_field(p);
}

static struct gql_node *parse_selection_set(struct parser *p)
{
    if (!enter(p))
        return NULL;
    struct gql_node *n = node(p, GQL_KIND_SELECTION_SET, tok(p)->start);
    if (n)
        n->items = many(p, GQL_TOKEN_BRACE_L, parse_selection, GQL_TOKEN_BRACE_R);
    leave(p);
    return n;
}

static bool parse_operation_type(struct parser *p, enum gql_operation *out)
{
    struct gql_token t = *tok(p);
    if (expect(p, GQL_TOKEN_NAME)) {
        static const char *const words[] = { "query", "mutation", "subscription" };
        for (int i = 0; i < 3; i++) {
            if (t.value.len == strlen(words[i]) && !memcmp(t.value.p, words[i], t.value.len)) {
                *out = (enum gql_operation)i;
                return true;
            }
        }
        unexpected_at(p, &t);
    }
    return false;
}

/* Descriptions: graphql-js 16.15 takes them on operations, fragments and variable
 * definitions too (the 2025 spec edition), not only on the type system (F-GQL-001). */
static bool peek_description(struct parser *p)
{
    return peek(p, GQL_TOKEN_STRING) || peek(p, GQL_TOKEN_BLOCK_STRING);
}

static struct gql_node *parse_description(struct parser *p)
{
    return peek_description(p) ? parse_string_literal(p) : NULL;
}

static struct gql_node *parse_variable_definition(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_VARIABLE_DEFINITION, tok(p)->start);
    if (!n)
        return NULL;
    n->description = parse_description(p);
    struct gql_node *var = parse_variable(p);
    n->name = var ? var->name : (struct gql_str){ "", 0 };
    expect(p, GQL_TOKEN_COLON);
    n->type = parse_type_reference(p);
    if (expect_optional(p, GQL_TOKEN_EQUALS))
        n->value = parse_const_value(p);
    n->directives = parse_directives(p, true);
    return n;
}

static struct gql_node *parse_operation_definition(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_OPERATION_DEFINITION, tok(p)->start);
    if (!n)
        return NULL;
    if (peek(p, GQL_TOKEN_BRACE_L)) {
        n->operation = GQL_QUERY;
        n->selections = parse_selection_set(p);
        return n;
    }
    n->description = parse_description(p);
    if (!parse_operation_type(p, &n->operation))
        return NULL;
    if (peek(p, GQL_TOKEN_NAME))
        n->name = parse_name_str(p);
    n->args = optional_many(p, GQL_TOKEN_PAREN_L, parse_variable_definition, GQL_TOKEN_PAREN_R);
    n->directives = parse_directives(p, false);
    n->selections = parse_selection_set(p);
    return n;
}

static struct gql_node *parse_fragment_definition(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_FRAGMENT_DEFINITION, tok(p)->start);
    if (!n)
        return NULL;
    n->description = parse_description(p);
    expect_keyword(p, "fragment");
    n->name = parse_fragment_name(p);
    expect_keyword(p, "on");
    n->type = parse_named_type(p);
    n->directives = parse_directives(p, false);
    n->selections = parse_selection_set(p);
    return n;
}

/* ---- type-system definitions ---- */

/* Starts a definition: its description, then the keyword. */
static struct gql_node *definition(struct parser *p, enum gql_kind kind, const char *keyword)
{
    struct gql_node *n = node(p, kind, tok(p)->start);
    if (!n)
        return NULL;
    n->description = parse_description(p);
    expect_keyword(p, keyword);
    return n;
}

static struct gql_node *parse_operation_type_definition(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_OPERATION_TYPE_DEFINITION, tok(p)->start);
    if (!n || !parse_operation_type(p, &n->operation))
        return NULL;
    expect(p, GQL_TOKEN_COLON);
    n->type = parse_named_type(p);
    return n;
}

static struct gql_node *parse_input_value_definition(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_INPUT_VALUE_DEFINITION, tok(p)->start);
    if (!n)
        return NULL;
    n->description = parse_description(p);
    n->name = parse_name_str(p);
    expect(p, GQL_TOKEN_COLON);
    n->type = parse_type_reference(p);
    if (expect_optional(p, GQL_TOKEN_EQUALS))
        n->value = parse_const_value(p);
    n->directives = parse_directives(p, true);
    return n;
}

static struct gql_nodes parse_argument_definitions(struct parser *p)
{
    return optional_many(p, GQL_TOKEN_PAREN_L, parse_input_value_definition, GQL_TOKEN_PAREN_R);
}

static struct gql_node *parse_field_definition(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_FIELD_DEFINITION, tok(p)->start);
    if (!n)
        return NULL;
    n->description = parse_description(p);
    n->name = parse_name_str(p);
    n->args = parse_argument_definitions(p);
    expect(p, GQL_TOKEN_COLON);
    n->type = parse_type_reference(p);
    n->directives = parse_directives(p, true);
    return n;
}

static struct gql_nodes parse_implements(struct parser *p)
{
    if (expect_optional_keyword(p, "implements"))
        return delimited_many(p, GQL_TOKEN_AMP, parse_named_type);
    return (struct gql_nodes){ NULL, 0 };
}

static struct gql_nodes parse_fields_definition(struct parser *p)
{
    return optional_many(p, GQL_TOKEN_BRACE_L, parse_field_definition, GQL_TOKEN_BRACE_R);
}

static struct gql_node *parse_enum_value_definition(struct parser *p)
{
    struct gql_node *n = node(p, GQL_KIND_ENUM_VALUE_DEFINITION, tok(p)->start);
    if (!n)
        return NULL;
    n->description = parse_description(p);
    if (is_keyword(p, "true") || is_keyword(p, "false") || is_keyword(p, "null")) {
        gql__syntax_error(&p->lx, tok(p)->start,
                          rm_arena_printf(p->lx.arena,
                                          "%s is reserved and cannot be used for an enum value.",
                                          gql__token_desc(&p->lx, tok(p))));
        return NULL;
    }
    n->name = parse_name_str(p);
    n->directives = parse_directives(p, true);
    return n;
}

/* The directive locations: the spec's 19 and graphql-js 16.14's DIRECTIVE_DEFINITION. */
static const char *const directive_locations[] = {
    "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD",
    "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION",
    "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT",
    "INPUT_FIELD_DEFINITION", "DIRECTIVE_DEFINITION", /* graphql-js 16.14+ (experimental) */
};

static struct gql_node *parse_directive_location(struct parser *p)
{
    struct gql_token start = *tok(p);
    struct gql_node *n = node(p, GQL_KIND_ENUM, start.start);
    if (!n)
        return NULL;
    n->name = parse_name_str(p);
    for (size_t i = 0; !failed(p) && i < RM_ARRAY_LEN(directive_locations); i++)
        if (n->name.len == strlen(directive_locations[i]) &&
            !memcmp(n->name.p, directive_locations[i], n->name.len))
            return n;
    if (!failed(p))
        unexpected_at(p, &start);
    return NULL;
}

/* The parts that follow a type definition's name, by kind. */
static void type_body(struct parser *p, struct gql_node *n, bool is_extension)
{
    switch (n->kind) {
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
        n->directives = parse_directives(p, true);
        break;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        n->members = parse_implements(p);
        n->directives = parse_directives(p, true);
        n->items = parse_fields_definition(p);
        break;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        n->directives = parse_directives(p, true);
        if (expect_optional(p, GQL_TOKEN_EQUALS))
            n->members = delimited_many(p, GQL_TOKEN_PIPE, parse_named_type);
        break;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        n->directives = parse_directives(p, true);
        n->items = optional_many(p, GQL_TOKEN_BRACE_L, parse_enum_value_definition,
                                 GQL_TOKEN_BRACE_R);
        break;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        n->directives = parse_directives(p, true);
        n->items = optional_many(p, GQL_TOKEN_BRACE_L, parse_input_value_definition,
                                 GQL_TOKEN_BRACE_R);
        break;
    default:
        break;
    }
    /* An extension must add something (graphql-js throws unexpected()). */
    if (is_extension && !failed(p) && !n->directives.count && !n->items.count &&
        !n->members.count)
        unexpected(p);
}

static const struct {
    const char *keyword;
    enum gql_kind definition, extension;
} type_keywords[] = {
    { "scalar", GQL_KIND_SCALAR_TYPE_DEFINITION, GQL_KIND_SCALAR_TYPE_EXTENSION },
    { "type", GQL_KIND_OBJECT_TYPE_DEFINITION, GQL_KIND_OBJECT_TYPE_EXTENSION },
    { "interface", GQL_KIND_INTERFACE_TYPE_DEFINITION, GQL_KIND_INTERFACE_TYPE_EXTENSION },
    { "union", GQL_KIND_UNION_TYPE_DEFINITION, GQL_KIND_UNION_TYPE_EXTENSION },
    { "enum", GQL_KIND_ENUM_TYPE_DEFINITION, GQL_KIND_ENUM_TYPE_EXTENSION },
    { "input", GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION, GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION },
};

static bool token_is(const struct gql_token *t, const char *word)
{
    return t->kind == GQL_TOKEN_NAME && t->value.len == strlen(word) &&
           !memcmp(t->value.p, word, t->value.len);
}

static struct gql_node *parse_schema_definition(struct parser *p)
{
    struct gql_node *n = definition(p, GQL_KIND_SCHEMA_DEFINITION, "schema");
    if (n) {
        n->directives = parse_directives(p, true);
        n->items = many(p, GQL_TOKEN_BRACE_L, parse_operation_type_definition, GQL_TOKEN_BRACE_R);
    }
    return n;
}

static struct gql_node *parse_directive_definition(struct parser *p)
{
    struct gql_node *n = definition(p, GQL_KIND_DIRECTIVE_DEFINITION, "directive");
    if (!n)
        return NULL;
    expect(p, GQL_TOKEN_AT);
    n->name = parse_name_str(p);
    n->args = parse_argument_definitions(p);
    n->flag = expect_optional_keyword(p, "repeatable");
    expect_keyword(p, "on");
    n->members = delimited_many(p, GQL_TOKEN_PIPE, parse_directive_location);
    return n;
}

static struct gql_node *parse_extension(struct parser *p)
{
    const struct gql_token *keyword = gql__lexer_lookahead(&p->lx);
    if (!keyword)
        return NULL;
    uint32_t start = tok(p)->start;
    if (token_is(keyword, "schema")) {
        struct gql_node *n = node(p, GQL_KIND_SCHEMA_EXTENSION, start);
        if (!n)
            return NULL;
        expect_keyword(p, "extend");
        expect_keyword(p, "schema");
        n->directives = parse_directives(p, true);
        n->items = optional_many(p, GQL_TOKEN_BRACE_L, parse_operation_type_definition,
                                 GQL_TOKEN_BRACE_R);
        if (!failed(p) && !n->directives.count && !n->items.count)
            unexpected(p);
        return n;
    }
    for (size_t i = 0; i < RM_ARRAY_LEN(type_keywords); i++) {
        if (!token_is(keyword, type_keywords[i].keyword))
            continue;
        struct gql_node *n = node(p, type_keywords[i].extension, start);
        if (!n)
            return NULL;
        expect_keyword(p, "extend");
        expect_keyword(p, type_keywords[i].keyword);
        n->name = parse_name_str(p);
        type_body(p, n, true);
        return n;
    }
    unexpected_at(p, keyword);
    return NULL;
}

static struct gql_node *parse_definition(struct parser *p)
{
    if (peek(p, GQL_TOKEN_BRACE_L))
        return parse_operation_definition(p);
    bool has_description = peek_description(p);
    const struct gql_token *keyword = has_description ? gql__lexer_lookahead(&p->lx) : tok(p);
    if (!keyword || failed(p))
        return NULL;
    if (has_description && keyword->kind == GQL_TOKEN_BRACE_L) {
        gql__syntax_error(&p->lx, tok(p)->start,
                          "Unexpected description, descriptions are not supported on shorthand "
                          "queries.");
        return NULL;
    }
    if (keyword->kind == GQL_TOKEN_NAME) {
        if (token_is(keyword, "schema"))
            return parse_schema_definition(p);
        if (token_is(keyword, "directive"))
            return parse_directive_definition(p);
        for (size_t i = 0; i < RM_ARRAY_LEN(type_keywords); i++) {
            if (!token_is(keyword, type_keywords[i].keyword))
                continue;
            struct gql_node *n = definition(p, type_keywords[i].definition,
                                            type_keywords[i].keyword);
            if (n) {
                n->name = parse_name_str(p);
                type_body(p, n, false);
            }
            return n;
        }
        if (token_is(keyword, "query") || token_is(keyword, "mutation") ||
            token_is(keyword, "subscription"))
            return parse_operation_definition(p);
        if (token_is(keyword, "fragment"))
            return parse_fragment_definition(p);
        if (has_description) {
            gql__syntax_error(&p->lx, tok(p)->start,
                              "Unexpected description, only GraphQL definitions support "
                              "descriptions.");
            return NULL;
        }
        if (token_is(keyword, "extend"))
            return parse_extension(p);
    }
    unexpected_at(p, keyword);
    return NULL;
}

struct gql_node *gql_parse(struct rm_arena *a, const char *source, size_t len,
                           const struct gql_parse_options *options, const char **error,
                           struct gql_location *loc)
{
    struct parser p = { 0 };
    if (len > UINT32_MAX - 4)
        len = UINT32_MAX - 4; /* documents are limited long before this by the HTTP layer */
    gql__lexer_init(&p.lx, a, source, (uint32_t)len);
    p.max_tokens = options ? options->max_tokens : 0;
    p.max_depth = options && options->max_depth ? options->max_depth : 256;
    struct gql_node *doc = node(&p, GQL_KIND_DOCUMENT, 0);
    /* graphql-js: many(SOF, parseDefinition, EOF) */
    if (doc)
        doc->items = many(&p, GQL_TOKEN_SOF, parse_definition, GQL_TOKEN_EOF);
    if (failed(&p)) {
        *error = p.lx.error;
        *loc = gql_location_of(source, len, p.lx.error_at);
        return NULL;
    }
    return doc;
}
