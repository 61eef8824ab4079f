/* Holds the executor to the conformance corpus graphql-js 16.15 recorded: every document
 * that parses and validates is executed on the corpus schema and data (with the resolver
 * contract of tests/conformance/README.md), and the response must equal graphql-js's:
 * data with its key order, errors with message, locations and path, errors first. */
#include "conformance_resolvers.h"
#include "corpus.h"
#include "graphql/gql.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

struct run {
    struct gql_schema *schema;
    size_t executed, failed;
};

/* Deep equality with object keys in the same order (data follows selection order). */
static bool same_json(const cJSON *x, const cJSON *y)
{
    if (!x || !y)
        return x == y;
    if ((x->type & 0xff) != (y->type & 0xff))
        return false;
    if (cJSON_IsNumber(x))
        return x->valuedouble == y->valuedouble;
    if (cJSON_IsString(x))
        return strcmp(x->valuestring, y->valuestring) == 0;
    if (!cJSON_IsArray(x) && !cJSON_IsObject(x))
        return true;
    const cJSON *a = x->child, *b = y->child;
    for (; a && b; a = a->next, b = b->next)
        if ((cJSON_IsObject(x) && strcmp(a->string, b->string) != 0) || !same_json(a, b))
            return false;
    return !a && !b;
}

/* The parts of a response check.mjs compares: errors (message, locations, path), data. */
static cJSON *comparable(const cJSON *response)
{
    cJSON *out = cJSON_CreateObject();
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(response, "errors");
    if (errors) {
        cJSON *list = cJSON_AddArrayToObject(out, "errors");
        const cJSON *e;
        cJSON_ArrayForEach(e, errors)
        {
            cJSON *copy = cJSON_CreateObject();
            static const char *const keys[] = { "message", "locations", "path" };
            for (size_t i = 0; i < 3; i++) {
                const cJSON *part = cJSON_GetObjectItemCaseSensitive(e, keys[i]);
                if (part)
                    cJSON_AddItemToObject(copy, keys[i], cJSON_Duplicate(part, true));
            }
            cJSON_AddItemToArray(list, copy);
        }
    }
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(response, "data");
    if (data)
        cJSON_AddItemToObject(out, "data", cJSON_Duplicate(data, true));
    return out;
}

static void check_document(const struct corpus_doc *d, void *ctx)
{
    struct run *run = ctx;
    if (corpus_request_errors(d) && strncmp(d->name, "var_", 4) != 0 &&
        strncmp(d->name, "op_", 3) != 0)
        return; /* refused by parse or validation: their own tests hold those */
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const char *syntax_error;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(&a, d->source, d->len, NULL, &syntax_error, &loc);
    const struct gql_error *errors;
    if (!doc || gql_validate(run->schema, doc, d->source, d->len, &a, &errors) != 0) {
        rm_arena_clear(&a);
        return;
    }
    struct gql_exec_request request = {
        .schema = run->schema,
        .document = doc,
        .source = d->source,
        .len = d->len,
        .operation_name = d->operation_name,
        .variables = d->variables,
        .root = corpus_root_value(),
    };
    struct gql_result result;
    assert_int_equal(gql_execute(&request, &a, &result), RM_OK);
    size_t len;
    const char *body = gql_result_json(&a, &result, &len);
    assert_non_null(body);
    cJSON *response = cJSON_ParseWithLength(body, len);
    cJSON *ours = response ? comparable(response) : NULL;
    cJSON *theirs = comparable(d->expected);
    run->executed++;
    if (!ours || !same_json(ours, theirs)) {
        /* both printed from the first difference on (with some context before it) */
        char *want = cJSON_PrintUnformatted(theirs);
        char *got = ours ? cJSON_PrintUnformatted(ours) : strdup(body);
        size_t at = 0;
        while (want[at] && want[at] == got[at])
            at++;
        at = at > 300 ? at - 300 : 0;
        fprintf(stderr, "%s (from byte %zu):\n  graphql-js: %.1200s\n  rmmsim:     %.1200s\n",
                d->name, at, want + at, got + at);
        cJSON_free(want);
        cJSON_free(got);
        run->failed++;
    }
    cJSON_Delete(theirs);
    cJSON_Delete(ours);
    cJSON_Delete(response);
    rm_arena_clear(&a);
}

static void corpus_documents_execute_as_graphql_js_does(void **state)
{
    (void)state;
    size_t sdl_len;
    const char *sdl = corpus_schema_sdl(&sdl_len);
    char err[256];
    struct run run = { gql_schema_build(sdl, sdl_len, err, sizeof err), 0, 0 };
    assert_non_null(run.schema);
    assert_int_equal(conformance_resolvers_install(run.schema), RM_OK);
    corpus_each(check_document, &run);
    fprintf(stderr, "executed %zu corpus documents, %zu differ\n", run.executed, run.failed);
    assert_true(run.executed >= 150);
    assert_int_equal(run.failed, 0);
    gql_schema_free(run.schema);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_documents_execute_as_graphql_js_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
