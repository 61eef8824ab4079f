/* Reads tests/conformance/corpus for the C unit tests (see corpus.h). */
#include "corpus.h"
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONFORMANCE_DIR RMMSIM_SOURCE_DIR "/tests/conformance"
#define CORPUS_DIR CONFORMANCE_DIR "/corpus"

static char *read_whole(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap + 1);
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

static int by_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

size_t corpus_each(void (*check)(const struct corpus_doc *doc, void *ctx), void *ctx)
{
    DIR *dir = opendir(CORPUS_DIR);
    assert_non_null(dir);
    static char *names[2048];
    size_t count = 0;
    const char *suffix = ".graphql";
    size_t suffix_len = strlen(suffix);
    struct dirent *entry;
    while ((entry = readdir(dir))) {
        size_t len = strlen(entry->d_name);
        if (len <= suffix_len || strcmp(entry->d_name + len - suffix_len, suffix) != 0)
            continue;
        assert_true(count < sizeof names / sizeof names[0]);
        names[count++] = strndup(entry->d_name, len - suffix_len);
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], by_name);

    for (size_t i = 0; i < count; i++) {
        char path[1024];
        size_t source_len, expected_len;
        snprintf(path, sizeof path, "%s/%s.graphql", CORPUS_DIR, names[i]);
        char *source = read_whole(path, &source_len);
        snprintf(path, sizeof path, "%s/%s.expected.json", CORPUS_DIR, names[i]);
        char *expected_text = read_whole(path, &expected_len);
        cJSON *expected = expected_text ? cJSON_Parse(expected_text) : NULL;
        if (!source || !expected)
            fail_msg("%s: cannot read the document or its recorded answer", names[i]);
        snprintf(path, sizeof path, "%s/%s.vars.json", CORPUS_DIR, names[i]);
        size_t vars_len, op_len;
        char *vars_text = read_whole(path, &vars_len);
        cJSON *variables = vars_text ? cJSON_Parse(vars_text) : NULL;
        snprintf(path, sizeof path, "%s/%s.op", CORPUS_DIR, names[i]);
        char *op = read_whole(path, &op_len);
        while (op && op_len && (op[op_len - 1] == '\n' || op[op_len - 1] == '\r'))
            op[--op_len] = '\0';
        struct corpus_doc doc = { names[i], source, source_len, expected, variables, op };
        check(&doc, ctx);
        cJSON_Delete(variables);
        free(vars_text);
        free(op);
        cJSON_Delete(expected);
        free(expected_text);
        free(source);
        free(names[i]);
    }
    return count;
}

const cJSON *corpus_request_errors(const struct corpus_doc *doc)
{
    if (cJSON_GetObjectItemCaseSensitive(doc->expected, "data"))
        return NULL;
    return cJSON_GetObjectItemCaseSensitive(doc->expected, "errors");
}

const cJSON *corpus_root_value(void)
{
    static cJSON *root;
    if (!root) {
        size_t len;
        char *text = read_whole(CONFORMANCE_DIR "/data.json", &len);
        root = text ? cJSON_Parse(text) : NULL;
        free(text);
    }
    assert_non_null(root);
    return root;
}

const char *corpus_schema_sdl(size_t *len)
{
    static char *sdl;
    static size_t sdl_len;
    if (!sdl)
        sdl = read_whole(CONFORMANCE_DIR "/schema.graphql", &sdl_len);
    assert_non_null(sdl);
    *len = sdl_len;
    return sdl;
}
