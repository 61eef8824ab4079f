/*
 * Tenants: the registry, their lifetimes (reference counted, so a tenant deleted while a
 * request uses it lives until that request ends), locking, reset, and the file-backed
 * default tenant of --db PATH.
 */
#include "store/sql_mysql.h"
#include "store/store_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

static void tenant_free(struct store_tenant *t)
{
    store__stmts_clear(t);
    free(t->stmts);
    sqlite3_close(t->db);
    pthread_mutex_destroy(&t->lock);
    rm_clock_clear(&t->own_clock);
    free(t->credentials);
    free(t);
}

static struct store_tenant *tenant_new(struct store *st, const char *id)
{
    struct store_tenant *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->st = st;
    snprintf(t->id, sizeof t->id, "%s", id);
    /* Adaptive: a waiter spins briefly before it sleeps. Tenant critical sections are
     * microseconds long, and sleeping waiters cost a context switch each (bench). */
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
    pthread_mutex_init(&t->lock, &attr);
    pthread_mutexattr_destroy(&attr);
    atomic_init(&t->refs, 1);
    /* Each tenant starts its generations in its own range, so a number names data across
     * every tenant of every store in the process (a cache keyed by tenant id and generation
     * cannot mistake a recreated tenant, or another rmmsim's, for this one). */
    static atomic_uint_fast64_t next_base;
    atomic_init(&t->generation, atomic_fetch_add(&next_base, 1) << 32);
    atomic_init(&t->epoch, atomic_load(&t->generation));
    rm_clock_init(&t->own_clock);
    t->clock = strcmp(id, STORE_DEFAULT_TENANT) == 0 ? rm_clock_process() : &t->own_clock;
    return t;
}

/* Fills the tenant from a fixture's snapshot; caller holds the tenant lock or is its sole
 * owner. */
static int tenant_fill(struct store_tenant *t, const char *fixture, char *err, size_t errlen)
{
    const struct store__snapshot *snap;
    int rc = store__snapshot_get(t->st, fixture, &snap, err, errlen);
    if (rc != RM_OK)
        return rc;
    /* Cached statements belong to the old database content. */
    store__stmts_clear(t);
    rc = store__snapshot_restore(snap, t->db, t->file_backed, err, errlen);
    store__snapshot_put(t->st, snap);
    if (rc == RM_OK)
        snprintf(t->fixture, sizeof t->fixture, "%s", fixture);
    return rc;
}

int store_issue_route(struct store_issue *iss, const char *value)
{
    if (iss->nroutes == STORE_ISSUE_ROUTES_MAX || strlen(value) >= STORE_CREDENTIAL_MAX)
        return RM_ELIMIT;
    snprintf(iss->routes[iss->nroutes++], STORE_CREDENTIAL_MAX, "%s", value);
    return RM_OK;
}

/* Runs sql with text parameters a and b (b may be NULL); *row tells whether it gave one. */
static int run_text(sqlite3 *db, const char *sql, const char *a, const char *b, bool *row)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, a, -1, SQLITE_STATIC);
        if (b)
            sqlite3_bind_text(stmt, 2, b, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    *row = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

int store_issue_replace(sqlite3 *db, struct store_issue *iss, const char *update_sql,
                        const char *exists_sql, const char *builtin, const char *suffix,
                        char value[STORE_CREDENTIAL_MAX])
{
    bool row;
    snprintf(value, STORE_CREDENTIAL_MAX, "%s", builtin);
    if (iss->seed) {
        snprintf(value, STORE_CREDENTIAL_MAX, "%s-%s", iss->seed, suffix);
        if (run_text(db, update_sql, value, builtin, &row) != RM_OK)
            return RM_EDB;
    }
    if (run_text(db, exists_sql, value, NULL, &row) != RM_OK)
        return RM_EDB;
    if (!row)
        return RM_ENOTFOUND;
    return iss->seed ? store_issue_route(iss, value) : RM_OK;
}

/* Runs every section's issue on the tenant (caller holds its lock or is its sole owner);
 * iss->credentials is the caller's to delete, also on failure. */
static int tenant_issue(struct store_tenant *t, struct store_issue *iss)
{
    *iss = (struct store_issue){ .seed = t->seed[0] ? t->seed : NULL,
                                 .credentials = cJSON_CreateObject() };
    if (!iss->credentials)
        return RM_ENOMEM;
    int rc = store_exec(t->db, "BEGIN");
    for (size_t i = 0; rc == RM_OK && i < t->st->nsections; i++)
        if (t->st->sections[i]->issue)
            rc = t->st->sections[i]->issue(t->db, iss);
    if (rc == RM_OK)
        rc = store_exec(t->db, "COMMIT");
    if (rc != RM_OK)
        store_exec(t->db, "ROLLBACK");
    return rc;
}

/* Issues the tenant's credentials and keeps their description. */
static int tenant_issue_first(struct store_tenant *t, struct store_issue *iss, char *err,
                              size_t errlen)
{
    int rc = tenant_issue(t, iss);
    if (rc == RM_OK && !(t->credentials = cJSON_PrintUnformatted(iss->credentials)))
        rc = RM_ENOMEM;
    cJSON_Delete(iss->credentials);
    iss->credentials = NULL;
    if (rc != RM_OK)
        snprintf(err, errlen, "cannot issue the tenant's credentials");
    return rc;
}

static size_t route_bucket(const char *value)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return (size_t)(h % STORE__ROUTE_BUCKETS);
}

/* Adds the tenant's routes to the index; caller holds st->lock. */
static int routes_add(struct store *st, struct store_tenant *t, const struct store_issue *iss)
{
    for (size_t i = 0; i < iss->nroutes; i++) {
        struct store__route *r = malloc(sizeof *r);
        if (!r || !(r->value = strdup(iss->routes[i]))) {
            free(r);
            return RM_ENOMEM;
        }
        size_t b = route_bucket(r->value);
        r->tenant = t;
        r->next = st->routes[b];
        st->routes[b] = r;
        atomic_fetch_add(&st->nroutes, 1);
    }
    return RM_OK;
}

/* Removes the tenant's routes (all of them when t is NULL); caller holds st->lock. */
static void routes_remove(struct store *st, const struct store_tenant *t)
{
    for (size_t b = 0; b < STORE__ROUTE_BUCKETS; b++) {
        for (struct store__route **p = &st->routes[b]; *p;) {
            struct store__route *r = *p;
            if (t && r->tenant != t) {
                p = &r->next;
                continue;
            }
            *p = r->next;
            free(r->value);
            free(r);
            atomic_fetch_sub(&st->nroutes, 1);
        }
    }
}

static int open_memory_db(sqlite3 **db)
{
    /* NOMUTEX: the tenant lock already serialises every use of the connection. */
    int rc = sqlite3_open_v2(":memory:", db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(*db, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
    /* Once per connection: registering functions again would expire every cached
     * statement. They survive restores (they belong to the connection). */
    if (rc == SQLITE_OK && store_mysql_functions(*db) != RM_OK)
        rc = SQLITE_ERROR;
    return rc == SQLITE_OK ? RM_OK : RM_EDB;
}

static int meta_value(sqlite3 *db, const char *key, char *out, size_t size)
{
    sqlite3_stmt *stmt = NULL;
    int rc = RM_ENOTFOUND;
    if (sqlite3_prepare_v2(db, "SELECT value FROM rmmsim_meta WHERE key = ?", -1, &stmt, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            snprintf(out, size, "%s", (const char *)sqlite3_column_text(stmt, 0));
            rc = RM_OK;
        }
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* The default tenant of --db PATH: a WAL file; new files are filled from the fixture,
 * existing ones keep their state (after a schema version check). */
static int open_file_tenant(struct store_tenant *t, const char *path, const char *fixture,
                            char *err, size_t errlen)
{
    t->file_backed = true;
    int rc = sqlite3_open_v2(path, &t->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, errlen, "cannot open database %s: %s", path,
                 t->db ? sqlite3_errmsg(t->db) : sqlite3_errstr(rc));
        return RM_EIO;
    }
    if (sqlite3_db_readonly(t->db, "main") == 1) {
        snprintf(err, errlen, "cannot open database %s: it is not writable", path);
        return RM_EIO;
    }
    sqlite3_busy_timeout(t->db, 5000);
    /* synchronous=FULL: a commit acknowledged to a client survives a crash or power loss. */
    char *msg = NULL;
    if (sqlite3_exec(t->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                            "PRAGMA foreign_keys=ON;", NULL, NULL,
                     &msg) != SQLITE_OK) {
        snprintf(err, errlen, "cannot use database %s: %s", path, msg ? msg : "unknown error");
        sqlite3_free(msg);
        return RM_EIO;
    }
    if (store_mysql_functions(t->db) != RM_OK) {
        snprintf(err, errlen, "cannot use database %s: SQL functions", path);
        return RM_EDB;
    }
    char version[32];
    if (meta_value(t->db, "schema_version", version, sizeof version) == RM_OK) {
        if (strcmp(version, STORE_SCHEMA_VERSION) != 0) {
            snprintf(err, errlen, "database %s has schema version %s; this rmmsim needs %s "
                     "(remove the file to start afresh)", path, version, STORE_SCHEMA_VERSION);
            return RM_EINVAL;
        }
        if (meta_value(t->db, "fixture", t->fixture, sizeof t->fixture) != RM_OK)
            snprintf(t->fixture, sizeof t->fixture, "%s", fixture);
        return RM_OK;
    }
    /* A database with tables but no rmmsim_meta is someone else's file: never overwrite it. */
    sqlite3_stmt *stmt = NULL;
    int tables = -1;
    if (sqlite3_prepare_v2(t->db, "SELECT count(*) FROM sqlite_schema", -1, &stmt, NULL) ==
            SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        tables = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    if (tables != 0) {
        snprintf(err, errlen, "database %s is %s", path,
                 tables < 0 ? sqlite3_errmsg(t->db) : "not an rmmsim database");
        return RM_EINVAL;
    }
    rc = tenant_fill(t, fixture, err, errlen);
    if (rc == RM_OK && store_exec(t->db, "PRAGMA journal_mode=WAL") != RM_OK)
        rc = RM_EDB;
    return rc;
}

int store_open(const struct store_options *opts, struct store **out, char *err, size_t errlen)
{
    err[0] = '\0';
    struct store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return RM_ENOMEM;
    }
    st->sections = opts->sections;
    st->nsections = opts->nsections;
    st->prebuilt = opts->prebuilt;
    st->nprebuilt = opts->nprebuilt;
    st->max_tenants = opts->max_tenants ? opts->max_tenants : STORE_MAX_TENANTS;
    pthread_mutex_init(&st->lock, NULL);
    int rc = RM_ENOMEM;
    st->captenants = 8;
    st->tenants = calloc(st->captenants, sizeof *st->tenants);
    struct store_tenant *t = st->tenants ? tenant_new(st, STORE_DEFAULT_TENANT) : NULL;
    if (!t)
        goto fail;
    st->tenants[st->ntenants++] = t;
    const char *fixture = opts->default_fixture ? opts->default_fixture : "default";
    bool memory = !opts->db_path || strcmp(opts->db_path, ":memory:") == 0;
    if (memory) {
        rc = open_memory_db(&t->db);
        if (rc == RM_OK)
            rc = tenant_fill(t, fixture, err, errlen);
    } else {
        rc = open_file_tenant(t, opts->db_path, fixture, err, errlen);
    }
    struct store_issue iss;
    if (rc == RM_OK)
        rc = tenant_issue_first(t, &iss, err, errlen);
    if (rc != RM_OK)
        goto fail;
    *out = st;
    return RM_OK;
fail:
    if (!err[0])
        snprintf(err, errlen, "cannot open the store");
    store_free(st);
    return rc;
}

void store_free(struct store *st)
{
    if (!st)
        return;
    routes_remove(st, NULL);
    for (size_t i = 0; i < st->ntenants; i++)
        tenant_free(st->tenants[i]);
    free(st->tenants);
    store__snapshots_free(st);
    pthread_mutex_destroy(&st->lock);
    free(st);
}

struct store_tenant *store_tenant_acquire(struct store *st, const char *id)
{
    if (!id)
        id = STORE_DEFAULT_TENANT;
    struct store_tenant *found = NULL;
    pthread_mutex_lock(&st->lock);
    for (size_t i = 0; i < st->ntenants; i++) {
        if (strcmp(st->tenants[i]->id, id) == 0) {
            found = st->tenants[i];
            atomic_fetch_add(&found->refs, 1);
            break;
        }
    }
    pthread_mutex_unlock(&st->lock);
    return found;
}

void store_tenant_release(struct store_tenant *t)
{
    if (t && atomic_fetch_sub(&t->refs, 1) == 1)
        tenant_free(t);
}

struct store_tenant *store_tenant_acquire_by_credential(struct store *st, const char *value)
{
    struct store_tenant *found = NULL;
    size_t b = route_bucket(value);
    pthread_mutex_lock(&st->lock);
    for (const struct store__route *r = st->routes[b]; r; r = r->next) {
        if (strcmp(r->value, value) == 0) {
            found = r->tenant;
            atomic_fetch_add(&found->refs, 1);
            break;
        }
    }
    pthread_mutex_unlock(&st->lock);
    return found;
}

bool store_has_credentials(struct store *st)
{
    return atomic_load(&st->nroutes) > 0;
}

const char *store_tenant_credentials(const struct store_tenant *t)
{
    return t->credentials ? t->credentials : "{}";
}

struct rm_clock *store_tenant_clock(struct store_tenant *t)
{
    return t->clock;
}

const char *store_tenant_id(const struct store_tenant *t)
{
    return t->id;
}

const char *store_tenant_fixture(struct store_tenant *t, char out[STORE_FIXTURE_NAME_MAX])
{
    pthread_mutex_lock(&t->lock);
    memcpy(out, t->fixture, STORE_FIXTURE_NAME_MAX);
    pthread_mutex_unlock(&t->lock);
    return out;
}

/* The body of store_tenant_create: tenant number n, filled from fixture and listed. */
static int make_tenant(struct store *st, unsigned n, const char *fixture,
                       char id_out[STORE_TENANT_ID_MAX], char *err, size_t errlen)
{
    char id[STORE_TENANT_ID_MAX];
    snprintf(id, sizeof id, "t%u", n);
    unsigned char rnd[8];
    if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
        snprintf(err, errlen, "no random bytes for the tenant's credentials");
        return RM_EIO;
    }
    struct store_tenant *t = tenant_new(st, id);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return RM_ENOMEM;
    }
    /* The id keeps the credentials readable in logs; the random part makes them unique
     * across restarts and unguessable from the id. */
    snprintf(t->seed, sizeof t->seed, "%s-%02x%02x%02x%02x%02x%02x%02x%02x", id, rnd[0], rnd[1],
             rnd[2], rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);
    struct store_issue iss;
    int rc = open_memory_db(&t->db);
    if (rc == RM_OK)
        rc = tenant_fill(t, fixture ? fixture : "default", err, errlen);
    if (rc == RM_OK)
        rc = tenant_issue_first(t, &iss, err, errlen);
    if (rc == RM_OK) {
        pthread_mutex_lock(&st->lock);
        if (st->ntenants == st->captenants) {
            size_t cap = st->captenants * 2;
            struct store_tenant **grown = realloc(st->tenants, cap * sizeof *grown);
            if (grown) {
                st->tenants = grown;
                st->captenants = cap;
            }
        }
        if (st->ntenants == st->captenants || routes_add(st, t, &iss) != RM_OK) {
            routes_remove(st, t);
            rc = RM_ENOMEM;
        } else {
            st->tenants[st->ntenants++] = t;
        }
        pthread_mutex_unlock(&st->lock);
    }
    if (rc != RM_OK) {
        if (!err[0])
            snprintf(err, errlen, "out of memory");
        tenant_free(t);
        return rc;
    }
    snprintf(id_out, STORE_TENANT_ID_MAX, "%s", id);
    return RM_OK;
}

int store_tenant_create(struct store *st, const char *fixture, char id_out[STORE_TENANT_ID_MAX],
                        char *err, size_t errlen)
{
    err[0] = '\0';
    pthread_mutex_lock(&st->lock);
    /* Counted with the ones being made, so that creates racing each other stay within it. */
    bool full = st->ntenants - 1 + st->creating >= st->max_tenants;
    unsigned n = full ? 0 : ++st->next_tenant;
    st->creating += !full;
    pthread_mutex_unlock(&st->lock);
    if (full) {
        snprintf(err, errlen,
                 "%zu tenants exist besides the default one, the most rmmsim keeps "
                 "(--max-tenants): delete those you are done with (DELETE /__admin/tenants/{id})",
                 st->max_tenants);
        return RM_ELIMIT;
    }
    int rc = make_tenant(st, n, fixture, id_out, err, errlen);
    pthread_mutex_lock(&st->lock);
    st->creating--;
    pthread_mutex_unlock(&st->lock);
    return rc;
}

int store_tenant_delete(struct store *st, const char *id)
{
    if (strcmp(id, STORE_DEFAULT_TENANT) == 0)
        return RM_EINVAL;
    struct store_tenant *found = NULL;
    pthread_mutex_lock(&st->lock);
    for (size_t i = 0; i < st->ntenants; i++) {
        if (strcmp(st->tenants[i]->id, id) == 0) {
            found = st->tenants[i];
            st->tenants[i] = st->tenants[--st->ntenants];
            routes_remove(st, found);
            break;
        }
    }
    pthread_mutex_unlock(&st->lock);
    if (!found)
        return RM_ENOTFOUND;
    store_tenant_release(found); /* the registry's reference */
    return RM_OK;
}

int store_tenant_list(struct store *st, char ***ids_out, size_t *count_out)
{
    pthread_mutex_lock(&st->lock);
    size_t n = st->ntenants;
    char **ids = calloc(n ? n : 1, sizeof *ids);
    int rc = ids ? RM_OK : RM_ENOMEM;
    for (size_t i = 0; rc == RM_OK && i < n; i++)
        if (!(ids[i] = strdup(st->tenants[i]->id)))
            rc = RM_ENOMEM;
    pthread_mutex_unlock(&st->lock);
    if (rc != RM_OK) {
        for (size_t i = 0; ids && i < n; i++)
            free(ids[i]);
        free(ids);
        return rc;
    }
    *ids_out = ids;
    *count_out = n;
    return RM_OK;
}

int store_tenant_reset(struct store_tenant *t, const char *fixture, char *err, size_t errlen)
{
    pthread_mutex_lock(&t->lock);
    char name[sizeof t->fixture];
    snprintf(name, sizeof name, "%s", fixture ? fixture : t->fixture);
    int rc = tenant_fill(t, name, err, errlen);
    /* The fixture's built-in credentials are back: the tenant's own replace them again
     * before the next statement (store_tenant_lock). Not now: the first statement after a
     * restore loads the schema (~0.3 ms), which that request would pay anyway. */
    t->issue_pending = rc == RM_OK && t->seed[0];
    /* Even a failed restore may have changed data. */
    atomic_store(&t->epoch, atomic_fetch_add(&t->generation, 1) + 1);
    pthread_mutex_unlock(&t->lock);
    return rc;
}

uint64_t store_tenant_generation(const struct store_tenant *t)
{
    return atomic_load(&((struct store_tenant *)t)->generation);
}

uint64_t store_tenant_epoch(const struct store_tenant *t)
{
    return atomic_load(&((struct store_tenant *)t)->epoch);
}

sqlite3 *store_tenant_lock(struct store_tenant *t)
{
    pthread_mutex_lock(&t->lock);
    if (t->issue_pending) {
        struct store_issue iss;
        if (tenant_issue(t, &iss) == RM_OK)
            t->issue_pending = false;
        else
            rm_log(RM_LOG_ERROR, "tenant %s: cannot issue its credentials", t->id);
        cJSON_Delete(iss.credentials);
    }
    return t->db;
}

void store_tenant_unlock(struct store_tenant *t)
{
    pthread_mutex_unlock(&t->lock);
}
