/*
 * The session history's data (F-PCV-082): the protocols of a tenant parsed once per data
 * generation and shared by its requests, with the selections recently made over them.
 */
#include "apis/pcvisit/pcv_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LISTS_MAX 16 /* tenants whose protocols are kept parsed */

/* ---- the parsed protocols of a tenant ---- */

static struct pcv__list *lists[LISTS_MAX];
static pthread_mutex_t lists_lock = PTHREAD_MUTEX_INITIALIZER;

static void list_free(struct pcv__list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++)
        free(l->recs[i].haystack);
    for (size_t i = 0; i < PCV__MEMO_MAX; i++) {
        free(l->memos[i].key);
        free(l->memos[i].rows);
    }
    pthread_mutex_destroy(&l->memo_lock);
    free(l->recs);
    cJSON_Delete(l->root);
    free(l);
}

static void list_release(void *p)
{
    struct pcv__list *l = p;
    pthread_mutex_lock(&lists_lock);
    bool last = --l->refs == 0;
    pthread_mutex_unlock(&lists_lock);
    if (last)
        list_free(l);
}

const cJSON *pcv__json_path(const cJSON *o, const char *path);

/* F-PCV-064: the text fields search looks at. */
static const char *const searched[] = {
    "name",
    "id",
    "clientCompany.companyFolderDisplayName",
    "clientCompany.clientId",
    "target.computerDisplayName",
    "target.computerHostName",
    "target.computerUserDisplayName",
};
static const char *const searched_participant[] = {"name", "computerName"};

static void hay_add(char **buf, size_t *len, size_t *cap, const cJSON *v)
{
    if (!cJSON_IsString(v) || !*buf)
        return;
    size_t n = strlen(v->valuestring);
    if (*len + n + 2 > *cap) {
        *cap = (*len + n + 2) * 2;
        char *bigger = realloc(*buf, *cap);
        if (!bigger) {
            free(*buf);
            *buf = NULL;
            return;
        }
        *buf = bigger;
    }
    char *p = *buf + *len;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)v->valuestring[i];
        p[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    p[n] = '\x1f';
    *len += n + 1;
    (*buf)[*len] = '\0';
}

static char *haystack_of(const cJSON *doc)
{
    size_t len = 0, cap = 256;
    char *buf = malloc(cap);
    if (buf)
        buf[0] = '\0';
    for (size_t i = 0; i < RM_ARRAY_LEN(searched); i++)
        hay_add(&buf, &len, &cap, pcv__json_path(doc, searched[i]));
    const cJSON *parts = cJSON_GetObjectItemCaseSensitive(doc, "participants");
    for (const cJSON *p = cJSON_IsArray(parts) ? parts->child : NULL; p; p = p->next)
        for (size_t i = 0; i < RM_ARRAY_LEN(searched_participant); i++)
            hay_add(&buf, &len, &cap, cJSON_GetObjectItemCaseSensitive(p, searched_participant[i]));
    return buf;
}

static int collect(void *ctx, const char *customer_uuid, const char *doc, size_t len)
{
    (void)customer_uuid; /* the document names its company */
    cJSON *root = ctx;
    cJSON *item = cJSON_ParseWithLength(doc, len);
    if (!item)
        return -1;
    cJSON_AddItemToArray(root, item);
    return 0;
}

/* Reads the tenant's protocols (the request holds its lock). NULL on failure. */
static struct pcv__list *list_build(struct pcv__ctx *ctx)
{
    struct pcv__list *l = calloc(1, sizeof *l);
    if (l)
        pthread_mutex_init(&l->memo_lock, NULL);
    if (!l || !(l->root = cJSON_CreateArray()) ||
        store_pcv_sessions(ctx->tenant, collect, l->root) != RM_OK)
        goto fail;
    size_t n = (size_t)cJSON_GetArraySize(l->root);
    if (n && !(l->recs = calloc(n, sizeof *l->recs)))
        goto fail;
    for (const cJSON *d = l->root->child; d; d = d->next) {
        struct pcv__rec *r = &l->recs[l->n++];
        const cJSON *company = cJSON_GetObjectItemCaseSensitive(d, "sessionCompanyUuid");
        const cJSON *created = cJSON_GetObjectItemCaseSensitive(d, "sessionCreatedAt");
        r->doc = d;
        r->company = cJSON_IsString(company) ? company->valuestring : "";
        r->created = cJSON_IsNumber(created) ? created->valuedouble : 0;
        if (!(r->haystack = haystack_of(d)))
            goto fail;
    }
    snprintf(l->tenant, sizeof l->tenant, "%s", store_tenant_id(ctx->tenant));
    l->generation = ctx->generation;
    l->refs = 1;
    return l;
fail:
    list_free(l);
    return NULL;
}

/* The tenant's protocols at the request's data generation, released with the request. */
struct pcv__list *pcv__list_acquire(struct pcv__ctx *ctx)
{
    const char *tenant = store_tenant_id(ctx->tenant);
    uint64_t generation = ctx->generation;
    struct pcv__list *found = NULL;
    pthread_mutex_lock(&lists_lock);
    for (size_t i = 0; i < LISTS_MAX && !found; i++)
        if (lists[i] && lists[i]->generation == generation && !strcmp(lists[i]->tenant, tenant))
            (found = lists[i])->refs++;
    pthread_mutex_unlock(&lists_lock);
    if (!found) {
        /* Built outside lists_lock: the tenant's own lock keeps its requests in line. */
        if (!(found = list_build(ctx)))
            return NULL;
        struct pcv__list *old = NULL;
        pthread_mutex_lock(&lists_lock);
        size_t slot = LISTS_MAX;
        for (size_t i = 0; i < LISTS_MAX && slot == LISTS_MAX; i++)
            if (lists[i] && !strcmp(lists[i]->tenant, tenant))
                slot = i;
        for (size_t i = 0; i < LISTS_MAX && slot == LISTS_MAX; i++)
            if (!lists[i])
                slot = i;
        if (slot == LISTS_MAX)
            slot = (size_t)(generation % LISTS_MAX); /* full: any entry makes room */
        old = lists[slot];
        lists[slot] = found;
        found->refs++;
        bool free_old = old && --old->refs == 0;
        pthread_mutex_unlock(&lists_lock);
        if (free_old)
            list_free(old);
    }
    if (rm_arena_defer(&ctx->req->arena, list_release, found) != RM_OK)
        return NULL;
    return found;
}

/* ---- reading records ---- */

/* The child called name[0..len) of o, or NULL. */
const cJSON *pcv__json_child(const cJSON *o, const char *name, size_t len)
{
    if (len == 0 || memchr(name, '\0', len))
        return NULL; /* keys are never empty nor hold NULs; strncmp below relies on it */
    for (const cJSON *c = cJSON_IsObject(o) ? o->child : NULL; c; c = c->next)
        if (c->string && c->string[0] == name[0] && strncmp(c->string, name, len) == 0 &&
            c->string[len] == '\0')
            return c;
    return NULL;
}

/* The value at "x.y.z" under o, or NULL. */
const cJSON *pcv__json_path(const cJSON *o, const char *path)
{
    while (o) {
        size_t len = strcspn(path, ".");
        o = pcv__json_child(o, path, len);
        if (!path[len])
            return o;
        path += len + 1;
    }
    return NULL;
}

/* ---- remembered selections (F-PCV-082) ---- */

/* What a selection depends on besides the data: every argument but pagination and the
 * export options, as JSON text (arena); NULL when memory ran out. */
const char *pcv__memo_key(const cJSON *args, struct rm_arena *a)
{
    static const char *const names[] = {"company", "filter", "search", "sort", "timeFrame"};
    cJSON *key = cJSON_CreateArray();
    for (size_t i = 0; key && i < RM_ARRAY_LEN(names); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(args, names[i]);
        cJSON *copy = v ? cJSON_Duplicate(v, true) : cJSON_CreateNull();
        if (!copy || !cJSON_AddItemToArray(key, copy)) {
            cJSON_Delete(copy);
            cJSON_Delete(key);
            key = NULL;
        }
    }
    char *text = key ? cJSON_PrintUnformatted(key) : NULL;
    cJSON_Delete(key);
    char *out = text ? rm_arena_strdup(a, text) : NULL;
    cJSON_free(text);
    return out;
}

/* Fills s->rows from a remembered selection of key; false when there is none. */
bool pcv__memo_get(struct pcv__list *l, const char *key, struct rm_arena *a,
                   struct pcv__rec ***rows_out, size_t *n_out)
{
    bool hit = false;
    pthread_mutex_lock(&l->memo_lock);
    for (size_t i = 0; i < PCV__MEMO_MAX && !hit; i++) {
        struct pcv__memo *m = &l->memos[i];
        if (!m->key || strcmp(m->key, key) != 0)
            continue;
        hit = true;
        m->used = ++l->memo_clock;
        struct pcv__rec **rows = rm_arena_calloc(a, m->n ? m->n : 1, sizeof *rows);
        if (rows)
            for (size_t j = 0; j < m->n; j++)
                rows[j] = &l->recs[m->rows[j]];
        *rows_out = rows;
        *n_out = rows ? m->n : 0;
    }
    pthread_mutex_unlock(&l->memo_lock);
    return hit;
}

/* Remembers s's rows under key in the least recently used slot (nothing when malloc fails). */
void pcv__memo_put(struct pcv__list *l, const char *key, struct pcv__rec *const *sel, size_t n)
{
    char *k = strdup(key);
    uint32_t *rows = malloc((n ? n : 1) * sizeof *rows);
    if (!k || !rows) {
        free(k);
        free(rows);
        return;
    }
    for (size_t i = 0; i < n; i++)
        rows[i] = (uint32_t)(sel[i] - l->recs);
    pthread_mutex_lock(&l->memo_lock);
    struct pcv__memo *slot = &l->memos[0];
    for (size_t i = 1; i < PCV__MEMO_MAX; i++)
        if (l->memos[i].used < slot->used)
            slot = &l->memos[i];
    char *old_key = slot->key;
    uint32_t *old_rows = slot->rows;
    *slot = (struct pcv__memo){k, rows, n, ++l->memo_clock};
    pthread_mutex_unlock(&l->memo_lock);
    free(old_key);
    free(old_rows);
}
