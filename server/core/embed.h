/*
 * Data files compiled into the binary by tools/embed.c (schema/, fixtures/, ...).
 */
#ifndef RMMSIM_EMBED_H
#define RMMSIM_EMBED_H

#include <stddef.h>

struct rm_embedded_file {
    const char *name; /* path relative to the source root: "fixtures/default.json" */
    const char *data; /* NUL-terminated; static storage */
    size_t len;       /* without the terminating NUL */
};

/* The table, ended by an entry whose name is NULL. Generated at build time. */
extern const struct rm_embedded_file rm_embedded_files[];
/* The fixtures' prebuilt databases ("snapshots/default.db"), linked into the server only
 * (the tool that makes them cannot contain them). */
extern const struct rm_embedded_file rm_embedded_snapshots[];

/* embed.c */
/* The file called NAME, or NULL. Static storage, never freed. */
const struct rm_embedded_file *rm_embed_find(const char *name);

#endif
