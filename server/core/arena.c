/*
 * The request arena (STYLE.md section 6): a chunked bump allocator whose first chunk
 * lives inside the struct, so small requests never call malloc.
 */
#include "core/rm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16
#define CHUNK_MIN 16384

struct rm_arena_chunk {
    struct rm_arena_chunk *next;
    _Alignas(ALIGN) unsigned char data[];
};

struct rm_arena_defer {
    struct rm_arena_defer *next;
    void (*fn)(void *);
    void *p;
};

static size_t align_up(size_t n)
{
    return (n + (ALIGN - 1)) & ~(size_t)(ALIGN - 1);
}

void rm_arena_init(struct rm_arena *a, size_t cap)
{
    a->chunks = NULL;
    a->cur = a->first;
    a->left = sizeof a->first;
    a->total = 0;
    a->cap = cap;
    a->failed = false;
    a->defers = NULL;
}

void rm_arena_clear(struct rm_arena *a)
{
    /* Defers first: they may free heap objects whose pointers live in chunks. */
    while (a->defers) {
        struct rm_arena_defer *d = a->defers;
        a->defers = d->next;
        d->fn(d->p);
    }
    while (a->chunks) {
        struct rm_arena_chunk *c = a->chunks;
        a->chunks = c->next;
        free(c);
    }
    rm_arena_init(a, a->cap);
}

static void *grow(struct rm_arena *a, size_t size)
{
    size_t want = size > CHUNK_MIN ? size : CHUNK_MIN;
    if (size > SIZE_MAX / 2 || (a->cap && a->total + want > a->cap)) {
        /* Near the cap a smaller chunk that just fits may still be allowed. */
        if (size > SIZE_MAX / 2 || (a->cap && a->total + size > a->cap)) {
            a->failed = true;
            return NULL;
        }
        want = size;
    }
    struct rm_arena_chunk *c = malloc(sizeof *c + want);
    if (!c) {
        a->failed = true;
        return NULL;
    }
    c->next = a->chunks;
    a->chunks = c;
    a->total += want;
    a->cur = c->data + size;
    a->left = want - size;
    return c->data;
}

void *rm_arena_alloc(struct rm_arena *a, size_t size)
{
    if (a->failed)
        return NULL;
    size = align_up(size ? size : 1);
    if (size <= a->left) {
        void *p = a->cur;
        a->cur += size;
        a->left -= size;
        return p;
    }
    return grow(a, size);
}

void *rm_arena_calloc(struct rm_arena *a, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) {
        a->failed = true;
        return NULL;
    }
    void *p = rm_arena_alloc(a, count * size);
    if (p)
        memset(p, 0, count * size);
    return p;
}

char *rm_arena_strndup(struct rm_arena *a, const char *s, size_t n)
{
    char *p = rm_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *rm_arena_strdup(struct rm_arena *a, const char *s)
{
    return rm_arena_strndup(a, s, strlen(s));
}

char *rm_arena_printf(struct rm_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = rm_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int rm_arena_defer(struct rm_arena *a, void (*fn)(void *), void *p)
{
    struct rm_arena_defer *d = rm_arena_alloc(a, sizeof *d);
    if (!d) {
        fn(p);
        return RM_ENOMEM;
    }
    d->fn = fn;
    d->p = p;
    d->next = a->defers;
    a->defers = d;
    return RM_OK;
}
