/* The GraphQL conformance endpoint over HTTP: tests/conformance/schema.graphql, data.json as
 * the root value and the resolver contract (conformance_resolvers.c), served at /graphql by
 * gql_http_serve on rmmsim's HTTP core, on a free loopback port. The conformance program
 * (ctest runs the Node.js oracle against it) and the HTTP tests start it. */
#ifndef RMMSIM_CONFORMANCE_SERVER_H
#define RMMSIM_CONFORMANCE_SERVER_H

#include "graphql/gql_http.h"

#include <stddef.h>

struct conformance_server;

/* Starts serving dir/schema.graphql with dir/data.json on 127.0.0.1:0. limits: NULL for
 * the defaults (copied); max_body: 0 for 1 MiB. NULL on failure, with a reason in err. */
struct conformance_server *conformance_server_start(const char *dir,
                                                    const struct gql_limits *limits,
                                                    size_t max_body, char *err, size_t errlen);
/* "http://127.0.0.1:PORT/graphql", valid until the server stops. */
const char *conformance_server_url(const struct conformance_server *s);
/* "http://127.0.0.1:PORT" (for clients that append the path). */
const char *conformance_server_base_url(const struct conformance_server *s);
/* Stops serving and frees everything; NULL is a no-op. */
void conformance_server_stop(struct conformance_server *s);

#endif
