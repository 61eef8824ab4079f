/*
 * Shared by the files of server/graphql: tokens and the lexer (graphql-js 16 lexer.ts).
 */
#ifndef RMMSIM_GQL_INT_H
#define RMMSIM_GQL_INT_H

#include "graphql/gql.h"

#include <string.h>

/* Token kinds with graphql-js's descriptions (getTokenKindDesc); punctuators are quoted. */
#define GQL_TOKEN_KINDS(X)                                                                        \
    X(SOF, "<SOF>", false)                                                                        \
    X(EOF, "<EOF>", false)                                                                        \
    X(BANG, "!", true)                                                                            \
    X(DOLLAR, "$", true)                                                                          \
    X(AMP, "&", true)                                                                             \
    X(PAREN_L, "(", true)                                                                         \
    X(PAREN_R, ")", true)                                                                         \
    X(SPREAD, "...", true)                                                                        \
    X(COLON, ":", true)                                                                           \
    X(EQUALS, "=", true)                                                                          \
    X(AT, "@", true)                                                                              \
    X(BRACKET_L, "[", true)                                                                       \
    X(BRACKET_R, "]", true)                                                                       \
    X(BRACE_L, "{", true)                                                                         \
    X(PIPE, "|", true)                                                                            \
    X(BRACE_R, "}", true)                                                                         \
    X(NAME, "Name", false)                                                                        \
    X(INT, "Int", false)                                                                          \
    X(FLOAT, "Float", false)                                                                      \
    X(STRING, "String", false)                                                                    \
    X(BLOCK_STRING, "BlockString", false)

enum gql_token_kind {
#define GQL_TOKEN_ENUM(name, desc, punct) GQL_TOKEN_##name,
    GQL_TOKEN_KINDS(GQL_TOKEN_ENUM)
#undef GQL_TOKEN_ENUM
};

struct gql_token {
    enum gql_token_kind kind;
    uint32_t start, end; /* byte offsets in the source */
    struct gql_str value; /* NAME, INT, FLOAT: the text; STRING, BLOCK_STRING: decoded */
};

struct gql__lexer {
    struct rm_arena *arena;
    const char *src;
    uint32_t len;
    struct gql_token token;  /* the current token */
    struct gql_token ahead;  /* the next one, once looked at */
    bool has_ahead;
    const char *error;       /* first syntax error (arena), sticky */
    uint32_t error_at;
};

/* A growing text buffer in an arena, always NUL-terminated; once an allocation fails it
 * stays failed (and keeps what it had). */
struct gql__buf {
    char *p;
    uint32_t len, cap;
    bool failed;
};

/* lexer.c */
/* Appends s[0..n) to b. */
void gql__buf_grow_put(struct rm_arena *a, struct gql__buf *b, const char *s, uint32_t n);
static inline void gql__buf_put(struct rm_arena *a, struct gql__buf *b, const char *s,
                                uint32_t n)
{
    if (b->len + n < b->cap && !b->failed) { /* the common case: room left */
        memcpy(b->p + b->len, s, n);
        b->len += n;
        b->p[b->len] = '\0';
        return;
    }
    gql__buf_grow_put(a, b, s, n);
}
void gql__lexer_init(struct gql__lexer *lx, struct rm_arena *a, const char *src, uint32_t len);
/* Moves to the next token (skipping comments); false once an error is set. */
bool gql__lexer_advance(struct gql__lexer *lx);
/* The token after the current one (read once), or NULL after an error. */
const struct gql_token *gql__lexer_lookahead(struct gql__lexer *lx);
/* Sets the sticky error "Syntax Error: <message>" at offset (the first one wins). */
void gql__syntax_error(struct gql__lexer *lx, uint32_t at, const char *message);
/* graphql-js getTokenDesc: `Name "x"`, `"{"`, `<EOF>` (arena). */
const char *gql__token_desc(struct gql__lexer *lx, const struct gql_token *t);
/* graphql-js getTokenKindDesc. */
const char *gql__token_kind_desc(struct rm_arena *a, enum gql_token_kind kind);

/* errors.c */
struct gql__pending_location;
/* A request's errors, in the order they happened. */
struct gql__errors {
    struct gql_error *items;
    uint32_t count, cap;
    struct gql__pending_location *pending; /* locations still to find */
    uint32_t npending, pending_cap;
};
/* The arena array items (count used of *cap) with room for one more: items itself, or a
 * copy twice as large (the old block stays in the arena until the request ends); NULL when
 * out of memory. */
void *gql__room_for_one_more(struct rm_arena *a, void *items, uint32_t count, uint32_t *cap,
                             size_t size);
/* Adds an error located at the nodes starting at the source offsets at[0..nat) (graphql-js:
 * one location per node), with path as JSON text or NULL. false when out of memory. */
bool gql__error_add(struct rm_arena *a, struct gql__errors *e, const char *message,
                    const uint32_t *at, uint32_t nat, const char *path);
/* Finds every pending location in src. */
void gql__errors_locate(struct rm_arena *a, struct gql__errors *e, const char *src, size_t len);

/* json.c */
/* JSON.stringify of a string or a value (numbers as Number#toString writes them). */
void gql__json_string(struct rm_arena *a, struct gql__buf *b, const char *s, size_t len);
void gql__json_value(struct rm_arena *a, struct gql__buf *b, const cJSON *v);
/* graphql-js inspect(v) (arena). */
const char *gql__inspect(struct rm_arena *a, const cJSON *v);

/* values.c: values as cJSON trees, NULL standing for JavaScript's undefined */
/* The member of object called name[0..len), or NULL. */
const cJSON *gql__object_get(const cJSON *object, const char *name, size_t len);
/* graphql-js valueFromAST: a new tree, or NULL when node is not a valid type (or a
 * variable in it is missing where that makes it invalid). vars: coerced variables. */
cJSON *gql__value_from_ast(const struct gql_node *node, const struct gql_type *type,
                           const cJSON *vars);
/* graphql-js valueFromASTUntyped (custom scalars' literals). */
cJSON *gql__value_from_ast_untyped(const struct gql_node *node, const cJSON *vars);
/* graphql-js coerceInputValue of a JSON value: a new tree; each problem goes to on_error
 * with its path (".f.ranges[1]", "" at the top), the offending value and the message. */
cJSON *gql__coerce_input(struct rm_arena *a, const cJSON *v, const struct gql_type *type,
                         void (*on_error)(void *ctx, const char *path, const cJSON *invalid,
                                          const char *message),
                         void *ctx);
/* A leaf type's serialize(v): v itself, a new value in *made (the caller deletes it), or
 * NULL with *error set (arena). */
const cJSON *gql__serialize(struct rm_arena *a, const struct gql_type *type, const cJSON *v,
                            cJSON **made, const char **error);
/* graphql-js inspect(type): "[Int!]!" (arena). */
const char *gql__type_string(struct rm_arena *a, const struct gql_type *t);
/* graphql-js print(typeNode): "[Int!]!" (arena). */
const char *gql__type_node_string(struct rm_arena *a, const struct gql_node *t);
/* graphql-js didYouMeanEnumValue. */
const char *gql__did_you_mean_enum(struct rm_arena *a, const struct gql_type *t,
                                   const char *unknown);
/* graphql-js typeFromAST; wrappers made in a (the schema stays read-only); NULL when the
 * named type is unknown. */
struct gql_type *gql__type_from_ast(struct rm_arena *a, const struct gql_schema *s,
                                    const struct gql_node *t);

/* schema.c */
const struct gql_value_hooks *gql__schema_hooks(const struct gql_schema *s);
/* The introspection model (introspect.c) the schema made at build. */
const cJSON *gql__schema_model(const struct gql_schema *s);

/* introspect.c */
/* Introspection's view of s as cJSON: {"schema": the __Schema object, "types": {name: the
 * __Type object}}, wrapper types included, references shared (cJSON references); the
 * resolvers of the introspection types that take arguments are set on s. NULL: no memory. */
cJSON *gql__introspection_model(struct gql_schema *s);

/* suggest.c */
/* graphql-js suggestionList: the options close enough to input, closest first; *out (a)
 * holds them, the count is returned. */
uint32_t gql__suggestions(struct rm_arena *a, const char *input, size_t len,
                          const char *const *options, uint32_t n, const char ***out);
/* graphql-js naturalCompare: like strcmp, but runs of digits compare as numbers. */
int gql__natural_compare(const char *x, const char *y);
/* graphql-js didYouMean: "" for none, else " Did you mean [sub ]"A", "B", or "C"?" with at
 * most five suggestions. */
const char *gql__did_you_mean(struct rm_arena *a, const char *sub,
                              const char *const *suggestions, uint32_t n);

#endif
