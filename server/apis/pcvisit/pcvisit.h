/*
 * The pcvisit GraphQL API (seed 002, reference/pcvisit.md 1) at /graphql: the schema of
 * schema/pcvisit.graphql with resolvers over the store, JWT authentication, and the
 * download of exported session histories under /graphql/exports/.
 */
#ifndef RMMSIM_PCVISIT_H
#define RMMSIM_PCVISIT_H

#include "core/http.h"

/* The API's routes. Its schema is built on the first request (and kept for the process). */
extern const struct http_api pcv_api;

#endif
