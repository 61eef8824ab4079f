/*
 * Reuse of read replies. A route marked HTTP_ROUTE_CACHE promises its reply depends only on
 * the tenant's data and on the request's identity (method, path, query, body, the headers
 * the app names, the caller's address). A stored reply is served again while the data
 * generation it was made at is still current; any committed write moves the generation on.
 * Fixed size, replaced by position: memory stays bounded.
 */
#include "core/http.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_SLOTS 512
#define CACHE_MAX_BODY (256u << 10) /* larger replies are not kept */

struct slot {
    uint64_t hash;
    uint64_t generation;
    char *key; /* malloc: the full identity, compared on a hit */
    size_t key_len;
    char *body; /* malloc */
    size_t body_len;
    int status;
    const char *content_type; /* static */
};

struct http_cache {
    pthread_mutex_t lock;
    struct slot slots[CACHE_SLOTS];
};

struct http_cache *http_cache_new(void)
{
    struct http_cache *c = calloc(1, sizeof *c);
    if (c)
        pthread_mutex_init(&c->lock, NULL);
    return c;
}

void http_cache_free(struct http_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        free(c->slots[i].key);
        free(c->slots[i].body);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* FNV-1a over the identity: only picks the slot; the key itself is compared. */
static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

int http_cache_key_parts(struct rm_arena *a, const char *const *parts, size_t n,
                         struct http_cache_key *out)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += strlen(parts[i]) + 1;
    char *key = rm_arena_alloc(a, len + 1), *p = key;
    if (!key)
        return RM_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(parts[i]) + 1;
        memcpy(p, parts[i], l);
        p += l;
    }
    out->key = key;
    out->len = len;
    out->hash = hash(key, len);
    return RM_OK;
}

int http_cache_key(struct http_req *req, const char *scope, const char *const *headers,
                   struct http_cache_key *out)
{
    /* scope NUL method NUL path NUL query NUL addr NUL header-values... NUL body */
    const char *parts[8 + 8];
    size_t n = 0;
    parts[n++] = scope;
    parts[n++] = req->method_name;
    parts[n++] = req->path;
    parts[n++] = req->query;
    parts[n++] = req->remote_addr;
    for (size_t i = 0; headers && headers[i] && n < 14; i++) {
        const char *v = http_req_header(req, headers[i]);
        parts[n++] = v ? v : "";
    }
    size_t len = req->body_len;
    for (size_t i = 0; i < n; i++)
        len += strlen(parts[i]) + 1;
    char *key = rm_arena_alloc(&req->arena, len);
    if (!key)
        return RM_ENOMEM;
    char *p = key;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(parts[i]) + 1;
        memcpy(p, parts[i], l);
        p += l;
    }
    memcpy(p, req->body, req->body_len);
    out->key = key;
    out->len = len;
    out->hash = hash(key, len);
    return RM_OK;
}

bool http_cache_get(struct http_cache *c, const struct http_cache_key *k, uint64_t generation,
                    struct http_req *req, struct http_res *res)
{
    struct slot *s = &c->slots[k->hash % CACHE_SLOTS];
    bool hit = false;
    pthread_mutex_lock(&c->lock);
    if (s->key && s->hash == k->hash && s->generation == generation && s->key_len == k->len &&
        memcmp(s->key, k->key, k->len) == 0) {
        char *body = rm_arena_alloc(&req->arena, s->body_len + 1);
        if (body) {
            memcpy(body, s->body, s->body_len);
            body[s->body_len] = '\0';
            http_res_set(res, s->status, s->content_type, body, s->body_len);
            hit = true;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return hit;
}

void http_cache_put(struct http_cache *c, const struct http_cache_key *k, uint64_t generation,
                    const struct http_res *res)
{
    if (res->body_len > CACHE_MAX_BODY || res->nheaders)
        return; /* extra headers are not kept: such replies are not reused */
    char *key = malloc(k->len), *body = malloc(res->body_len + 1);
    if (!key || !body) {
        free(key);
        free(body);
        return;
    }
    memcpy(key, k->key, k->len);
    if (res->body_len)
        memcpy(body, res->body, res->body_len);
    struct slot *s = &c->slots[k->hash % CACHE_SLOTS];
    pthread_mutex_lock(&c->lock);
    free(s->key);
    free(s->body);
    *s = (struct slot){ k->hash, generation, key, k->len, body, res->body_len, res->status,
                        res->content_type };
    pthread_mutex_unlock(&c->lock);
}
