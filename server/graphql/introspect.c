/*
 * Introspection (__schema, __type): the schema as a cJSON model, read by the executor like
 * any other value. (Work in progress.)
 */
#include "graphql/gql_int.h"

cJSON *gql__introspection_model(struct gql_schema *s)
{
    (void)s;
    return cJSON_CreateObject();
}
