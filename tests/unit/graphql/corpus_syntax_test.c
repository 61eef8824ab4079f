/* Holds the C parser to the conformance corpus that graphql-js 16.15 recorded
 * (tests/conformance/corpus): every document graphql-js rejected with a syntax error must
 * fail here with the same message at the same location, and every other document must
 * parse (F-GQL-001: graphql-js, not the 2021 spec, is the reference). Needs no Node: it
 * reads the recorded answers only. */
#include "corpus.h"
#include "graphql/gql.h"
#include "testlib.h"

#include <string.h>

struct tally {
    size_t rejected, accepted;
};

/* The syntax error graphql-js recorded, or NULL when it parsed the document: a syntax error
 * is the only request error whose message says so, and graphql-js stops at the first. */
static const cJSON *recorded_syntax_error(const struct corpus_doc *doc)
{
    const cJSON *first = cJSON_GetArrayItem(corpus_request_errors(doc), 0);
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(first, "message");
    if (!cJSON_IsString(message) || strncmp(message->valuestring, "Syntax Error:", 13) != 0)
        return NULL;
    assert_int_equal(cJSON_GetArraySize(corpus_request_errors(doc)), 1);
    return first;
}

static void check_document(const struct corpus_doc *d, void *ctx)
{
    struct tally *tally = ctx;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const char *error = NULL;
    struct gql_location loc = { 0, 0 };
    struct gql_node *doc = gql_parse(&a, d->source, d->len, NULL, &error, &loc);
    const cJSON *want = recorded_syntax_error(d);
    if (want) {
        const char *message = cJSON_GetObjectItemCaseSensitive(want, "message")->valuestring;
        const cJSON *where =
            cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(want, "locations"), 0);
        int line = cJSON_GetObjectItemCaseSensitive(where, "line")->valueint;
        int column = cJSON_GetObjectItemCaseSensitive(where, "column")->valueint;
        if (doc)
            fail_msg("%s: parsed, but graphql-js said %s", d->name, message);
        if (strcmp(error, message) != 0 || (int)loc.line != line || (int)loc.column != column)
            fail_msg("%s:\n  want %s at %d:%d\n  got  %s at %u:%u", d->name, message, line,
                     column, error, loc.line, loc.column);
        tally->rejected++;
    } else {
        if (!doc)
            fail_msg("%s: graphql-js parsed it, we said %s at %u:%u", d->name, error, loc.line,
                     loc.column);
        tally->accepted++;
    }
    rm_arena_clear(&a);
}

static void every_corpus_document_parses_as_graphql_js_did(void **state)
{
    (void)state;
    struct tally tally = { 0, 0 };
    corpus_each(check_document, &tally);
    /* The corpus is large and mixed; a near-empty run would mean it went missing. */
    assert_true(tally.rejected >= 30);
    assert_true(tally.accepted >= 200);
    print_message("%zu rejected and %zu accepted as graphql-js did\n", tally.rejected,
                  tally.accepted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_corpus_document_parses_as_graphql_js_did),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
