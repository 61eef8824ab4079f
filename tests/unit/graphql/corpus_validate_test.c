/* Holds the validator to the conformance corpus graphql-js 16.15 recorded: on the corpus
 * schema, every document graphql-js's validation refused gets exactly its errors (messages,
 * locations, order), and every other one none (F-GQL-001). */
#include "corpus.h"
#include "graphql/gql.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

struct run {
    struct gql_schema *schema;
    size_t refused, valid;
    size_t failed; /* documents whose errors differ (all are printed before the test fails) */
};

/* Whether graphql-js refused the document after validating it: op_ documents fail the
 * operation's selection and var_ documents the variables' coercion (gql_execute's errors,
 * corpus_execute_test.c), and graphql-js found each of them valid. */
static bool refused_after_validation(const struct corpus_doc *d)
{
    return strncmp(d->name, "op_", 3) == 0 || strncmp(d->name, "var_", 4) == 0;
}

/* Whether our error equals graphql-js's recorded one (message and locations). */
static bool same_error(const struct gql_error *ours, const cJSON *theirs)
{
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(theirs, "message");
    if (!cJSON_IsString(message) || strcmp(message->valuestring, ours->message) != 0)
        return false;
    const cJSON *locations = cJSON_GetObjectItemCaseSensitive(theirs, "locations");
    if ((uint32_t)cJSON_GetArraySize(locations) != ours->nlocations)
        return false;
    for (uint32_t i = 0; i < ours->nlocations; i++) {
        const cJSON *l = cJSON_GetArrayItem(locations, (int)i);
        if (cJSON_GetObjectItemCaseSensitive(l, "line")->valueint !=
                (int)ours->locations[i].line ||
            cJSON_GetObjectItemCaseSensitive(l, "column")->valueint !=
                (int)ours->locations[i].column)
            return false;
    }
    return true;
}

static void dump(const char *name, const struct gql_error *errors, uint32_t n, const cJSON *want)
{
    char *text = want ? cJSON_Print(want) : NULL;
    fprintf(stderr, "%s: graphql-js said\n%s\nwe said\n", name, text ? text : "(nothing)");
    for (uint32_t i = 0; i < n; i++)
        fprintf(stderr, "  %s at %u:%u\n", errors[i].message,
                errors[i].nlocations ? errors[i].locations[0].line : 0,
                errors[i].nlocations ? errors[i].locations[0].column : 0);
    cJSON_free(text);
}

static void check_document(const struct corpus_doc *d, void *ctx)
{
    struct run *run = ctx;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const char *syntax_error;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(&a, d->source, d->len, NULL, &syntax_error, &loc);
    if (!doc) { /* corpus_syntax_test holds these */
        rm_arena_clear(&a);
        return;
    }
    const struct gql_error *errors;
    uint32_t n = gql_validate(run->schema, doc, d->source, d->len, &a, &errors);
    const cJSON *want = corpus_request_errors(d);
    uint32_t nwant = (uint32_t)cJSON_GetArraySize(want);

    if (!want || refused_after_validation(d)) {
        if (n) {
            dump(d->name, errors, n, NULL);
            fail_msg("%s: graphql-js found it valid", d->name);
        }
        run->valid++;
    } else {
        bool same = n == nwant;
        for (uint32_t i = 0; same && i < n; i++)
            same = same_error(&errors[i], cJSON_GetArrayItem(want, (int)i));
        if (!same) {
            dump(d->name, errors, n, want);
            run->failed++;
        }
        run->refused++;
    }
    rm_arena_clear(&a);
}

static void corpus_validates_as_graphql_js_did(void **state)
{
    (void)state;
    size_t len;
    const char *sdl = corpus_schema_sdl(&len);
    char err[256];
    struct run run = { .schema = gql_schema_build(sdl, len, err, sizeof err) };
    if (!run.schema)
        fail_msg("%s", err);
    corpus_each(check_document, &run);
    gql_schema_free(run.schema);
    if (run.failed)
        fail_msg("%zu documents differ from graphql-js", run.failed);
    assert_true(run.refused >= 100);
    assert_true(run.valid >= 100);
    print_message("%zu refused exactly as graphql-js did, %zu valid\n", run.refused, run.valid);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(corpus_validates_as_graphql_js_did),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
