/* libFuzzer target: a GraphQL request document through the whole engine, as the endpoint
 * runs it (gql_http.h's default limits, then validation, then execution) on the conformance
 * schema, data and resolvers (tests/conformance). Seeds: tests/conformance/corpus. */
#include "conformance_resolvers.h"
#include "graphql/gql_http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct gql_schema *schema;
static cJSON *root;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    rewind(f);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (text && fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    fclose(f);
    if (text) {
        text[size] = '\0';
        *len = (size_t)size;
    }
    return text;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    size_t len;
    char err[256];
    char *sdl = read_file(RMMSIM_SOURCE_DIR "/tests/conformance/schema.graphql", &len);
    schema = sdl ? gql_schema_build(sdl, len, err, sizeof err) : NULL;
    free(sdl);
    char *data = read_file(RMMSIM_SOURCE_DIR "/tests/conformance/data.json", &len);
    root = data ? cJSON_ParseWithLength(data, len) : NULL;
    free(data);
    if (!schema || !root || conformance_resolvers_install(schema) != RM_OK) {
        fprintf(stderr, "fuzz_graphql: cannot load the conformance schema and data\n");
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const char *source = (const char *)bytes;
    const struct gql_limits *limits = &gql_limits_default;
    struct rm_arena a;
    rm_arena_init(&a, 64u << 20);
    const char *message;
    if (gql_limits_check_size(limits, size, &a, &message) != RM_OK) {
        rm_arena_clear(&a);
        return 0;
    }
    struct gql_parse_options options = gql_limits_parse_options(limits);
    const char *syntax;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(&a, source, size, &options, &syntax, &loc);
    const struct gql_error *errors;
    if (doc && gql_limits_check(limits, doc, &a, &message) == RM_OK &&
        gql_validate(schema, doc, source, size, &a, &errors) == 0) {
        struct gql_exec_request request = { .schema = schema, .document = doc, .source = source,
                                            .len = size, .root = root };
        struct gql_result result;
        size_t len;
        if (gql_execute(&request, &a, &result) == RM_OK)
            gql_result_json(&a, &result, &len);
    }
    rm_arena_clear(&a);
    return 0;
}
