/*
 * The per-token-pair rate limit (reference/pcvisit.md 1.4, "Rate limiting"; F-PCV-077):
 * fixed windows of one minute of rmmsim's clock, counted in memory for the process. A
 * reset of the tenant starts its counts afresh, as it does the tenant's data and clock.
 */
#include "apis/pcvisit/pcv_int.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define WINDOW_MS 60000
#define MAX_PAIRS 256 /* pairs counted at once; beyond, a pair of a new window is not limited */

struct budget_use {
    char tenant[STORE_TENANT_ID_MAX]; /* "" = a free slot */
    int64_t pair_id;
    uint64_t tenant_epoch; /* store_tenant_epoch when counted: another means a reset since */
    int64_t window;        /* the minute counted, in minutes since 1970 */
    int64_t used;
};

static struct budget_use uses[MAX_PAIRS];
static pthread_mutex_t uses_lock = PTHREAD_MUTEX_INITIALIZER;

/* The slot of tenant + pair, else a free or stale one (reset); NULL when all are in use
 * this window. Under uses_lock. */
static struct budget_use *slot_of(const char *tenant, int64_t pair_id, int64_t window)
{
    struct budget_use *spare = NULL;
    for (size_t i = 0; i < MAX_PAIRS; i++) {
        struct budget_use *u = &uses[i];
        if (u->tenant[0] && u->pair_id == pair_id && strcmp(u->tenant, tenant) == 0)
            return u;
        if (!spare && (!u->tenant[0] || u->window != window))
            spare = u;
    }
    if (spare) {
        snprintf(spare->tenant, sizeof spare->tenant, "%s", tenant);
        spare->pair_id = pair_id;
        spare->window = window;
        spare->used = 0;
    }
    return spare;
}

int pcv__ratelimit_take(const struct store_tenant *tenant, int64_t pair_id, int64_t budget)
{
    const char *tenant_id = store_tenant_id(tenant);
    uint64_t epoch = store_tenant_epoch(tenant);
    int64_t now = rm_clock_now_ms();
    int64_t window = now >= 0 ? now / WINDOW_MS : (now - WINDOW_MS + 1) / WINDOW_MS;
    int retry = 0;
    pthread_mutex_lock(&uses_lock);
    struct budget_use *u = slot_of(tenant_id, pair_id, window);
    if (u && (u->window != window || u->tenant_epoch != epoch)) {
        u->window = window;
        u->tenant_epoch = epoch;
        u->used = 0;
    }
    if (u && u->used >= budget) {
        int64_t left_ms = (window + 1) * WINDOW_MS - now;
        retry = (int)((left_ms + 999) / 1000);
    } else if (u) {
        u->used++;
    }
    pthread_mutex_unlock(&uses_lock);
    return retry;
}
