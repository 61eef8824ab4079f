/*
 * Serving a schema over HTTP: GraphQL over HTTP as graphql-http 1.23.1 serves it
 * (reference/pcvisit.md 3.6 and 3.8), and the limits a document must keep to before it is
 * validated and executed. Used by the APIs that mount a GraphQL endpoint.
 */
#ifndef RMMSIM_GQL_HTTP_H
#define RMMSIM_GQL_HTTP_H

#include "core/http.h"
#include "graphql/gql.h"

#include <stddef.h>
#include <stdint.h>

/* ---- limits.c ---- */

/* What one request's document may hold. A member of 0 means no limit, except max_depth,
 * where 0 leaves the parser its own bound (256, deeper than a worker's stack allows). */
struct gql_limits {
    uint32_t max_bytes;   /* the document's size in bytes (F-GQL-010) */
    uint32_t max_tokens;  /* tokens, counted and worded as graphql-js's maxTokens (F-GQL-011) */
    uint32_t max_depth;   /* nesting in the text, and of selections after fragment expansion
                             (gql_doc_size.depth) (F-GQL-011) */
    uint32_t max_fields;  /* field selections after fragment expansion (F-GQL-012) */
    uint32_t max_aliases; /* aliased fields after fragment expansion (F-GQL-012) */
};

/* The defaults: above what real clients send (graphql-js's getIntrospectionQuery() with every
 * option is 18 levels deep and selects 230 fields), below what costs a worker real time or
 * its stack: civetweb's workers have 100 KiB, which validation outgrows past ~76 levels
 * under AddressSanitizer (F-GQL-011). */
#define GQL_LIMITS_DEFAULT_INIT                                                                   \
    { .max_bytes = 1u << 20, .max_tokens = 50000, .max_depth = 32, .max_fields = 10000,        \
      .max_aliases = 1000 }
extern const struct gql_limits gql_limits_default;

/* What the limits measure in a parsed document. Counts saturate instead of wrapping. */
struct gql_doc_size {
    uint64_t fields;  /* field selections of every operation after fragment expansion, plus
                         those of fragments no operation reaches (validation visits them) */
    uint64_t aliases; /* the aliased ones among them */
    uint32_t depth;   /* the deepest nesting of selections: { a { b } } is 2, and so are
                         { ... on Query { a } } and { ...F } with fragment F { a } */
};

/* Measures doc without recursing across fragments: each fragment is expanded once
 * (memoised), and a spread of a fragment that is being expanded counts nothing (the
 * validator reports the cycle). Scratch memory comes from a. RM_OK or RM_ENOMEM. */
int gql_doc_measure(const struct gql_node *doc, struct rm_arena *a, struct gql_doc_size *out);

/* The parse options that enforce l's token and nesting limits. */
struct gql_parse_options gql_limits_parse_options(const struct gql_limits *l);

/* Whether a document of len bytes may be parsed. RM_OK, or RM_ELIMIT with *message (a)
 * naming the limit and the size, or RM_ENOMEM. */
int gql_limits_check_size(const struct gql_limits *l, size_t len, struct rm_arena *a,
                          const char **message);

/* Checks a parsed document against l's field, alias and depth limits. RM_OK, RM_ELIMIT with
 * *message (a) naming the first limit passed and the measured value, or RM_ENOMEM. Runs
 * before validation, whose cost it bounds. */
int gql_limits_check(const struct gql_limits *l, const struct gql_node *doc, struct rm_arena *a,
                     const char **message);

/* ---- http.c ---- */

/* One schema served over HTTP. Borrowed for one call of gql_http_serve: an API whose
 * resolvers need per-request state (a tenant, a caller) builds one per request. */
struct gql_http_endpoint {
    const struct gql_schema *schema;
    const cJSON *root;               /* the root value of every operation, or NULL */
    void *context;                   /* handed to resolvers (gql_resolve_info.context) */
    const struct gql_limits *limits; /* NULL: gql_limits_default */
};

/* Answers one GraphQL-over-HTTP request: the Accept check (406), the method (405), the
 * parameters of a GET query string or a POST application/json body (415, 400), then the
 * size limit, parsing, the document limits, validation, operation selection, the refusal
 * of mutations over GET (405), and execution. Everything lands in the request's arena. */
void gql_http_serve(const struct gql_http_endpoint *ep, struct http_req *req,
                    struct http_res *res);

/* An http_api's error writer for a GraphQL endpoint: {"errors":[{"message"}]} as
 * application/json, for the errors core makes itself (404, 413, 500). */
void gql_http_error(struct http_req *req, struct http_res *res, int status, const char *message);

#endif
