/*
 * snapshot: loads built-in fixtures through the store, exactly as the server would, and
 * writes each one's serialized database, so the server starts by restoring them instead of
 * parsing schema and JSON (startup target: docs/benchmarks.md). Run by the build only.
 *
 *   snapshot OUTDIR NAME...     writes OUTDIR/NAME.db for each built-in fixture NAME
 */
#include "store/store.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: snapshot OUTDIR NAME...\n");
        return 2;
    }
    char err[512];
    struct store_options opts = {
        .default_fixture = argv[2],
        .sections = store_sections,
        .nsections = store_nsections,
    };
    struct store *st = NULL;
    if (store_open(&opts, &st, err, sizeof err) != RM_OK) {
        fprintf(stderr, "snapshot: %s\n", err);
        return 1;
    }
    int status = 0;
    for (int i = 2; i < argc && !status; i++) {
        const unsigned char *data;
        size_t size;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s.db", argv[1], argv[i]);
        FILE *out = NULL;
        if (store_snapshot_export(st, argv[i], &data, &size, err, sizeof err) != RM_OK) {
            fprintf(stderr, "snapshot: %s\n", err);
            status = 1;
        } else if (!(out = fopen(path, "wb")) || fwrite(data, 1, size, out) != size) {
            perror(path);
            status = 1;
        }
        if (out && fclose(out) != 0) {
            perror(path);
            status = 1;
        }
    }
    store_free(st);
    return status;
}
