/* Holds the C parser to the conformance corpus that graphql-js 16.15 recorded
 * (tests/conformance/corpus): every document graphql-js rejected with a syntax error must
 * fail here with the same message at the same location, and every other document must
 * parse. Needs no Node: it reads the recorded answers only. */
#include "graphql/gql.h"
#include "testlib.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORPUS_DIR RMMSIM_SOURCE_DIR "/tests/conformance/corpus"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

/* The syntax error graphql-js recorded for NAME, or NULL when it parsed the document. A
 * request error has no "data"; a syntax error is the only one whose message says so. */
static const cJSON *recorded_syntax_error(const cJSON *expected)
{
    if (cJSON_GetObjectItemCaseSensitive(expected, "data"))
        return NULL;
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(expected, "errors");
    const cJSON *first = cJSON_GetArrayItem(errors, 0);
    const cJSON *message = cJSON_GetObjectItemCaseSensitive(first, "message");
    if (!cJSON_IsString(message) || strncmp(message->valuestring, "Syntax Error:", 13) != 0)
        return NULL;
    assert_int_equal(cJSON_GetArraySize(errors), 1); /* graphql-js stops at the first */
    return first;
}

static void check_document(const char *name, size_t *rejected, size_t *accepted)
{
    char path[1024];
    size_t source_len, expected_len;
    snprintf(path, sizeof path, "%s/%s.graphql", CORPUS_DIR, name);
    char *source = read_file(path, &source_len);
    snprintf(path, sizeof path, "%s/%s.expected.json", CORPUS_DIR, name);
    char *expected_text = read_file(path, &expected_len);
    if (!source || !expected_text)
        fail_msg("%s: cannot read the document or its recorded answer", name);
    cJSON *expected = cJSON_Parse(expected_text);
    if (!expected)
        fail_msg("%s: recorded answer is not JSON", name);

    struct rm_arena a;
    rm_arena_init(&a, 0);
    const char *error = NULL;
    struct gql_location loc = {0, 0};
    struct gql_node *doc = gql_parse(&a, source, source_len, NULL, &error, &loc);
    const cJSON *want = recorded_syntax_error(expected);
    if (want) {
        const char *message = cJSON_GetObjectItemCaseSensitive(want, "message")->valuestring;
        const cJSON *where =
            cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(want, "locations"), 0);
        int line = cJSON_GetObjectItemCaseSensitive(where, "line")->valueint;
        int column = cJSON_GetObjectItemCaseSensitive(where, "column")->valueint;
        if (doc)
            fail_msg("%s: parsed, but graphql-js said %s", name, message);
        if (strcmp(error, message) != 0 || (int)loc.line != line || (int)loc.column != column)
            fail_msg("%s:\n  want %s at %d:%d\n  got  %s at %u:%u", name, message, line,
                     column, error, loc.line, loc.column);
        ++*rejected;
    } else {
        if (!doc)
            fail_msg("%s: graphql-js parsed it, we said %s at %u:%u", name, error, loc.line,
                     loc.column);
        ++*accepted;
    }
    rm_arena_clear(&a);
    cJSON_Delete(expected);
    free(source);
    free(expected_text);
}

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void every_corpus_document_parses_as_graphql_js_did(void **state)
{
    (void)state;
    DIR *dir = opendir(CORPUS_DIR);
    assert_non_null(dir);
    char *names[1024];
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        size_t len = strlen(entry->d_name);
        const char *suffix = ".graphql";
        size_t suffix_len = strlen(suffix);
        if (len <= suffix_len || strcmp(entry->d_name + len - suffix_len, suffix) != 0)
            continue;
        assert_true(count < sizeof names / sizeof names[0]);
        names[count++] = strndup(entry->d_name, len - suffix_len);
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], by_name);

    size_t rejected = 0, accepted = 0;
    for (size_t i = 0; i < count; i++) {
        check_document(names[i], &rejected, &accepted);
        free(names[i]);
    }
    /* The corpus is large and mixed; a near-empty run would mean it went missing. */
    assert_true(rejected >= 30);
    assert_true(accepted >= 200);
    print_message("%zu rejected and %zu accepted as graphql-js did\n", rejected, accepted);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_corpus_document_parses_as_graphql_js_did),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
