/* The conformance corpus (tests/conformance/corpus) as the C unit tests read it: each
 * document's text and the answer graphql-js 16.15 recorded for it. */
#ifndef RMMSIM_TEST_CORPUS_H
#define RMMSIM_TEST_CORPUS_H

#include <cjson/cJSON.h>
#include <stddef.h>

struct corpus_doc {
    const char *name;      /* "rule_ScalarLeafs_leaf_with_selection" */
    const char *source;    /* the document, byte for byte */
    size_t len;
    const cJSON *expected; /* the recorded answer: {"errors": [...]} and/or {"data": ...} */
    const cJSON *variables;     /* NAME.vars.json, or NULL */
    const char *operation_name; /* NAME.op without its line end, or NULL */
};

/* Calls check for every corpus document, sorted by name; returns how many there were. */
size_t corpus_each(void (*check)(const struct corpus_doc *doc, void *ctx), void *ctx);

/* The recorded errors when graphql-js refused the whole request (no "data"), else NULL. */
const cJSON *corpus_request_errors(const struct corpus_doc *doc);

/* The root value the corpus was executed with (tests/conformance/data.json). */
const cJSON *corpus_root_value(void);

/* The schema the corpus was recorded against (tests/conformance/schema.graphql), read into
 * a static buffer. */
const char *corpus_schema_sdl(size_t *len);

#endif
