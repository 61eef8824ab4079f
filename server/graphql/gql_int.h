/*
 * Shared by the files of server/graphql: tokens and the lexer (graphql-js 16 lexer.ts).
 */
#ifndef RMMSIM_GQL_INT_H
#define RMMSIM_GQL_INT_H

#include "graphql/gql.h"

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
void gql__buf_put(struct rm_arena *a, struct gql__buf *b, const char *s, uint32_t n);
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
