/* The resolvers of the GraphQL conformance schema (tests/conformance/schema.graphql), as the
 * resolver contract in tests/conformance/README.md gives them: graphql-js runs the same
 * contract (resolvers.mjs), so both answer every corpus document alike. */
#ifndef RMMSIM_CONFORMANCE_RESOLVERS_H
#define RMMSIM_CONFORMANCE_RESOLVERS_H

#include "graphql/gql.h"

/* Sets the special fields' resolvers and the {"__error": "..."} value hook on s (built
 * from schema.graphql). The root value is data.json. RM_OK, or RM_ENOTFOUND when s lacks
 * one of the fields. */
int conformance_resolvers_install(struct gql_schema *s);

#endif
