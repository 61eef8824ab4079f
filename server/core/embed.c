/*
 * Lookup in the table of embedded data files.
 */
#include "core/embed.h"

#include <string.h>

const struct rm_embedded_file *rm_embed_find(const char *name)
{
    for (const struct rm_embedded_file *f = rm_embedded_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
