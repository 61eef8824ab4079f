/* Helpers of the pcvisit API tests: GraphQL requests over HTTP, JWTs, the fixture's data. */
#ifndef RMMSIM_PCV_SUPPORT_H
#define RMMSIM_PCV_SUPPORT_H

#include "testlib.h"

#define PCV_DEMO_COMPANY "c0ffee00-0000-4000-8000-000000000001"
#define PCV_OTHER_COMPANY "c0ffee00-0000-4000-8000-000000000002"

/* POSTs {"query","variables"} (variables: JSON text or NULL) to /graphql with the JWT (NULL:
 * no Authorization header); asserts HTTP 200 and returns the parsed body (cJSON_Delete it). */
cJSON *pcv_gql(struct rmmsim *sim, const char *jwt, const char *query, const char *variables);
/* pcv_gql with the variables {name: value} (value any string, escaped as JSON needs). */
cJSON *pcv_gql_var(struct rmmsim *sim, const char *jwt, const char *query, const char *name,
                   const char *value);
/* The JWT of a token pair (asserts SiRetrieveSignedJwt succeeds); static storage, valid
 * until the next call. */
const char *pcv_jwt(struct rmmsim *sim, const char *integrator, const char *user);
/* The built-in pair's JWT. */
const char *pcv_demo_jwt(struct rmmsim *sim);
/* data.<field> of a reply, asserting it is an object with __typename typename when that is
 * not NULL. */
const cJSON *pcv_field(const cJSON *reply, const char *field, const char *typename);
/* Asserts data.<field> is a Failure with that error; returns comment_for_dev. */
const char *pcv_expect_failure(const cJSON *reply, const char *field, const char *error);
/* The "pcvisit" section of fixtures/<name>.json (parsed once; do not free). */
const cJSON *pcv_fixture(const char *name);

#endif
