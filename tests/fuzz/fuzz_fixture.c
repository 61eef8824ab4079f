/* libFuzzer target: a fixture document through the store's loaders, as POST
 * /__admin/fixtures gives it to them: the JSON checked strictly (core/json.c), then every
 * section validated and loaded into a fresh database (store_fixture_upload). Seeds: the
 * small built-in fixtures (empty, oco-parity). */
#include "core/http.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>

static struct store *store;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    struct store_options opts = { .default_fixture = "empty",
                                  .sections = store_sections,
                                  .nsections = store_nsections };
    char err[256];
    if (store_open(&opts, &store, err, sizeof err) != RM_OK) {
        fprintf(stderr, "fuzz_fixture: %s\n", err);
        exit(1);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const char *why;
    if (http_json_check((const char *)bytes, size, HTTP_JSON_MAX_DEPTH, &why) != RM_OK)
        return 0;
    cJSON *doc = cJSON_ParseWithLength((const char *)bytes, size);
    if (!doc)
        return 0;
    /* always the same name: each upload replaces the last, so memory stays bounded */
    if (cJSON_IsObject(doc)) {
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "name");
        cJSON_AddStringToObject(doc, "name", "fuzz");
    }
    const char *name;
    bool replaced;
    struct store_fixture_error ferr;
    store_fixture_upload(store, doc, &name, &replaced, &ferr);
    cJSON_Delete(doc);
    return 0;
}
