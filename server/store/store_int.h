/*
 * Internals shared by the files of store/: the tenant and store structs and the
 * fixture snapshot cache.
 */
#ifndef RMMSIM_STORE_INT_H
#define RMMSIM_STORE_INT_H

#include "core/rm.h"
#include "store/store.h"

#include <pthread.h>
#include <stdatomic.h>

/* Bumped whenever a change to the SQL in schema/ makes older --db files unreadable. */
#define STORE_SCHEMA_VERSION "2"

struct store__cached_stmt {
    const char *sql; /* static storage: the address is the key */
    sqlite3_stmt *stmt;
};

struct store_tenant {
    struct store *st;
    char id[STORE_TENANT_ID_MAX];
    char fixture[STORE_FIXTURE_NAME_MAX]; /* what it was last filled from; under lock */
    sqlite3 *db;                /* only touched between store_tenant_lock/unlock */
    bool file_backed;           /* the default tenant with --db PATH */
    pthread_mutex_t lock;       /* serialises all database work on this tenant */
    atomic_int refs;            /* the registry's reference plus one per request */
    atomic_uint_fast64_t generation; /* bumped by every committed write and every reset */
    atomic_uint_fast64_t epoch;      /* the generation the last reset (or the creation) began */
    int64_t changes_at_begin;   /* sqlite3_total_changes when the transaction began */
    struct store__cached_stmt *stmts; /* prepared statement cache, under lock */
    size_t nstmts, capstmts;
    char seed[STORE_TENANT_ID_MAX + 24]; /* what its credentials are made from; "" for default */
    char *credentials;          /* JSON object text (malloc), set once before it is listed */
    bool issue_pending;         /* reset since the credentials were written; under lock */
    struct rm_clock own_clock;  /* a created tenant's clock */
    struct rm_clock *clock;     /* own_clock, or the process clock for the default tenant */
};

/* An entry of the credential index: a routing value and its tenant. */
struct store__route {
    char *value;
    struct store_tenant *tenant; /* the registry's tenant; entries go before it leaves */
    struct store__route *next;
};

#define STORE__ROUTE_BUCKETS 1024

/* A fixture loaded once and kept serialized. Immutable once made. */
struct store__snapshot {
    char *name;            /* as asked for: "default" or a path */
    unsigned char *bytes;  /* sqlite3_serialize output (sqlite3_free), or prebuilt data */
    bool prebuilt;         /* bytes are static: never freed */
    sqlite3_int64 size;
    struct store__snapshot *next;
    unsigned uploaded;     /* POST /__admin/fixtures order (1, 2, ...); 0 for the others */
    bool retired;          /* replaced by a new upload: freed when users reaches 0 */
    int users;             /* store__snapshot_get calls not yet put back; under store lock */
};

struct store {
    const struct store_section *const *sections;
    size_t nsections;
    const struct store_prebuilt *prebuilt;
    size_t nprebuilt;
    pthread_mutex_t lock;            /* guards tenants[] and snapshots */
    struct store_tenant **tenants;   /* [0] is the default tenant */
    size_t ntenants, captenants;
    size_t creating;                 /* tenants being made, counted against max_tenants */
    size_t max_tenants;              /* store_options.max_tenants */
    unsigned next_tenant;            /* for generated ids */
    struct store__route *routes[STORE__ROUTE_BUCKETS]; /* credential index, under lock */
    atomic_size_t nroutes;           /* entries in routes */
    struct store__snapshot *snapshots;
    struct store__snapshot *retired; /* replaced uploads still being restored from */
    unsigned uploads;                /* uploads so far (store__snapshot.uploaded) */
};

/* fixture.c */
/* The snapshot of fixture name (loading it on first use), in use until store__snapshot_put
 * (an upload of the same name may replace it meanwhile, F-CTL-053). */
int store__snapshot_get(struct store *st, const char *name, const struct store__snapshot **out,
                        char *err, size_t errlen);
void store__snapshot_put(struct store *st, const struct store__snapshot *snap);
void store__snapshots_free(struct store *st);
/* Replaces the contents of db with snap: deserialize for memory, backup for files. */
int store__snapshot_restore(const struct store__snapshot *snap, sqlite3 *db, bool file_backed,
                            char *err, size_t errlen);

/* export.c: helpers of the section exports (store_section.export) */
typedef bool (*store__export_row_fn)(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex,
                                     cJSON *into);
/* Runs sql (bound to id when it has a parameter) and calls fn for each row with into (NULL:
 * fails, so a failed cJSON_Add... can be passed straight in); false on any failure. */
bool store__export_rows(sqlite3 *db, const char *sql, int64_t id, const struct store_export *ex,
                        store__export_row_fn fn, cJSON *into);
/* A new object appended to the array into (which owns it); NULL when memory ran out. */
cJSON *store__export_item(cJSON *into);
/* Column col as a string member; SQL NULL is left out (every loader's default). */
bool store__export_text(cJSON *o, const char *key, sqlite3_stmt *s, int col);
/* A row function: column 0 as a string appended to into. */
bool store__export_string(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex,
                          cJSON *into);

/* db.c */
void store__stmts_clear(struct store_tenant *t);
/* Cached statement sql bound to up to two integers (a, b; only as many as sql has). */
sqlite3_stmt *store__prepare_ids(struct store_tenant *t, const char *sql, int64_t a, int64_t b);
/* Its rows as JSON (store_rows_json); NULL on error. */
cJSON *store__rows(struct store_tenant *t, const char *sql, int64_t a, int64_t b);
/* The first column of its first row as an integer (text copied to the arena for
 * store__text); RM_ENOTFOUND without a row. */
int store__int(struct store_tenant *t, const char *sql, int64_t a, int64_t b, int64_t *out);
int store__text(struct store_tenant *t, struct rm_arena *a, const char *sql, int64_t id,
                const char **out);
/* Column col of the current row copied to the arena into *out (NULL for SQL NULL):
 * SQLITE_ROW, or SQLITE_NOMEM when the arena is used up (never a NULL for a value). */
int store__col_text_or_null(struct rm_arena *a, sqlite3_stmt *s, int col, const char **out);
/* Runs it to completion (UPDATE, DELETE, INSERT). */
int store__exec(struct store_tenant *t, const char *sql, int64_t a, int64_t b);

#endif
