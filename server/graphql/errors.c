/*
 * The errors of a request as graphql-js reports them. Locations are found at the end, for
 * every error at once, in one pass over the source (gql_locations_of).
 */
#include "graphql/gql_int.h"

#include <stdlib.h>
#include <string.h>

struct gql__pending_location {
    uint32_t offset;
    struct gql_location *slot;
};

void *gql__room_for_one_more(struct rm_arena *a, void *items, uint32_t count, uint32_t *cap,
                             size_t size)
{
    if (count < *cap)
        return items;
    uint32_t grown_cap = *cap ? *cap * 2 : 8;
    void *grown = rm_arena_alloc(a, (size_t)grown_cap * size);
    if (!grown)
        return NULL;
    if (count)
        memcpy(grown, items, count * size);
    *cap = grown_cap;
    return grown;
}

bool gql__error_add(struct rm_arena *a, struct gql__errors *e, const char *message,
                    const uint32_t *at, uint32_t nat, const char *path)
{
    struct gql_error *items =
        gql__room_for_one_more(a, e->items, e->count, &e->cap, sizeof *items);
    struct gql_location *locs = nat ? rm_arena_alloc(a, nat * sizeof *locs) : NULL;
    if (!items || !message || (nat && !locs))
        return false;
    e->items = items;
    for (uint32_t i = 0; i < nat; i++) {
        struct gql__pending_location *pending =
            gql__room_for_one_more(a, e->pending, e->npending, &e->pending_cap, sizeof *pending);
        if (!pending)
            return false;
        e->pending = pending;
        e->pending[e->npending++] = (struct gql__pending_location){ at[i], &locs[i] };
    }
    e->items[e->count++] = (struct gql_error){ message, locs, nat, path };
    return true;
}

static int by_offset(const void *x, const void *y)
{
    uint32_t a = ((const struct gql__pending_location *)x)->offset;
    uint32_t b = ((const struct gql__pending_location *)y)->offset;
    return a < b ? -1 : a > b;
}

void gql__errors_locate(struct rm_arena *a, struct gql__errors *e, const char *src, size_t len)
{
    if (!e->npending)
        return;
    qsort(e->pending, e->npending, sizeof *e->pending, by_offset);
    uint32_t *offsets = rm_arena_alloc(a, e->npending * sizeof *offsets);
    struct gql_location *found = rm_arena_alloc(a, e->npending * sizeof *found);
    for (uint32_t i = 0; offsets && found && i < e->npending; i++)
        offsets[i] = e->pending[i].offset;
    if (offsets && found)
        gql_locations_of(src, len, offsets, e->npending, found);
    for (uint32_t i = 0; i < e->npending; i++)
        *e->pending[i].slot = offsets && found ? found[i] : (struct gql_location){ 0, 0 };
    e->npending = 0;
}
