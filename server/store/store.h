/*
 * The store: tenants, each one SQLite database holding the state of all four APIs, filled
 * from fixtures. A loaded fixture is kept as a serialized database (a snapshot), so making
 * or resetting a tenant is a memory copy, not a reload (DESIGN.md "State, tenants, fixtures").
 */
#ifndef RMMSIM_STORE_H
#define RMMSIM_STORE_H

#include <cjson/cJSON.h>
#include "core/rm.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STORE_DEFAULT_TENANT "default"
#define STORE_TENANT_ID_MAX 64
#define STORE_FIXTURE_NAME_MAX 256 /* a fixture's name or path, NUL included (longer is cut) */

/* Where a fixture loader reports what is wrong: the JSON path and a message. */
struct store_fixture_error {
    char path[256];    /* "$.remotepc.accounts[2].apiKey" */
    char message[256]; /* "must be a string" */
};

#define STORE_ISSUE_ROUTES_MAX 8
#define STORE_CREDENTIAL_MAX 128

/* What the sections issue to a tenant (store_section.issue, F-CTL-003). */
struct store_issue {
    const char *seed;   /* unique and unguessable per created tenant ("t3-9f2c4e7a1b3d5f60");
                           NULL for the default tenant: describe its credentials only */
    cJSON *credentials; /* what the tenant accepts, one member per API, named as the API */
    char routes[STORE_ISSUE_ROUTES_MAX][STORE_CREDENTIAL_MAX]; /* values that lead to it */
    size_t nroutes;
};

/* What a section's export is told about the tenant (store_section.export). */
struct store_export {
    const char *seed; /* the tenant's credential seed (store_issue.seed); NULL for default */
};

/* A fixture section: a top-level key of the fixture document and the code that loads it.
 * The API modules each provide one; the store knows none of them by name. */
struct store_section {
    const char *name;       /* top-level key, e.g. "remotepc" */
    const char *schema_sql; /* name of the embedded DDL it needs, e.g. "schema/remotepc.sql" */
    /* Loads the section's JSON (borrowed) into db inside the loader's transaction. Returns 0,
     * or a negative RM_E* code with err filled (path relative to "$"). */
    int (*load)(sqlite3 *db, const cJSON *section, struct store_fixture_error *err);
    /* Fills a section when the fixture document lacks it (may be NULL). */
    int (*load_absent)(sqlite3 *db, struct store_fixture_error *err);
    /* Gives a tenant credentials of its own (may be NULL). With iss->seed: replaces the
     * fixture's built-in credentials in db by values made from the seed (the same seed makes
     * the same values: it runs again after every reset) and names each that should route a
     * request to the tenant (store_issue_route). Either way adds what the tenant accepts to
     * iss->credentials. Runs in a transaction on db; 0 or a negative RM_E* code. */
    int (*issue)(sqlite3 *db, struct store_issue *iss);
    /* F-CTL-050: the section's data in db as the JSON load takes, so that loading it gives
     * the same state; a new object (cJSON_Delete), NULL on failure. Runs in a read
     * transaction. Credentials issued to the tenant are written back as the built-in ones
     * they replaced (store_export_credential, F-CTL-051). */
    cJSON *(*export)(sqlite3 *db, const struct store_export *ex);
};

/* A fixture's database built ahead of time (at build time, by tools/snapshot.c). */
struct store_prebuilt {
    const char *fixture;       /* its name: "default" */
    const unsigned char *data; /* sqlite3_serialize output; static storage */
    size_t size;
};

struct store_options {
    const char *db_path;        /* NULL or ":memory:" for memory; a file keeps the default tenant */
    const char *default_fixture; /* name of an embedded fixture or a path to a JSON file */
    const struct store_section *const *sections; /* borrowed; must outlive the store */
    size_t nsections;
    const struct store_prebuilt *prebuilt; /* built-in fixtures already loaded, or NULL */
    size_t nprebuilt;
    size_t max_tenants; /* tenants besides the default one at once; 0 = STORE_MAX_TENANTS */
};

#define STORE_MAX_TENANTS 1000 /* the default cap: ~1.6 GB of tenants of the default fixture */

/* sections.c: every API's section, in load order. */
extern const struct store_section *const store_sections[];
extern const size_t store_nsections;

struct store;
struct store_tenant;

/* ---- store.c ---- */

/* Opens the store and its default tenant. A new --db file is filled from the fixture; an
 * existing one keeps its state. On failure: negative RM_E* and a one-line reason. */
int store_open(const struct store_options *opts, struct store **out, char *err, size_t errlen);
/* Frees every tenant. No request may be running. NULL is a no-op. */
void store_free(struct store *st);

/* The tenant called id (NULL = default), with a reference the caller gives back with
 * store_tenant_release. NULL when there is none. */
struct store_tenant *store_tenant_acquire(struct store *st, const char *id);
void store_tenant_release(struct store_tenant *t);
/* The tenant's id; valid while the caller holds a reference. */
const char *store_tenant_id(const struct store_tenant *t);
/* Copies the name of the fixture the tenant was last filled from into out (a reset may
 * change it at any time, so it is read under the tenant's lock). Returns out. */
const char *store_tenant_fixture(struct store_tenant *t, char out[STORE_FIXTURE_NAME_MAX]);

/* The tenant that was issued value as a routing credential (store_issue_route), with a
 * reference as from store_tenant_acquire; NULL when none was. */
struct store_tenant *store_tenant_acquire_by_credential(struct store *st, const char *value);
/* Whether any tenant holds routing credentials (when none does, a lookup is pointless). */
bool store_has_credentials(struct store *st);
/* The tenant's credentials as a JSON object text (store_issue.credentials). Valid while
 * referenced. */
const char *store_tenant_credentials(const struct store_tenant *t);
/* The tenant's clock (F-CTL-010): the process clock for the default tenant, its own for
 * others. Valid while referenced. */
struct rm_clock *store_tenant_clock(struct store_tenant *t);
/* Adds value to iss->routes; RM_ELIMIT when full or too long. */
int store_issue_route(struct store_issue *iss, const char *value);
/* For section issue functions: writes into value the credential that stands for builtin,
 * "<seed>-<suffix>" (builtin itself without a seed). With a seed, first runs update_sql (?1
 * the new value, ?2 builtin). Then exists_sql (?1 the value): RM_OK when it gives a row
 * (with a seed the value is also a route), RM_ENOTFOUND when the tenant lacks it. */
int store_issue_replace(sqlite3 *db, struct store_issue *iss, const char *update_sql,
                        const char *exists_sql, const char *builtin, const char *suffix,
                        char value[STORE_CREDENTIAL_MAX]);

/* For section export functions: builtin when value is the credential issue made for it
 * ("<seed>-<suffix>"), else value itself (F-CTL-051). */
const char *store_export_credential(const struct store_export *ex, const char *value,
                                    const char *builtin, const char *suffix);

/* Creates a memory tenant filled from fixture, with credentials of its own (store_section
 * .issue); writes its new id into id_out. RM_ELIMIT, with err saying so, when max_tenants
 * exist besides the default one. */
int store_tenant_create(struct store *st, const char *fixture, char id_out[STORE_TENANT_ID_MAX],
                        char *err, size_t errlen);
/* Removes a tenant (not the default one): RM_ENOTFOUND, RM_EINVAL for the default. Requests
 * holding a reference finish first; the database is freed with the last reference. */
int store_tenant_delete(struct store *st, const char *id);
/* Ids of all tenants, default first; the caller frees the array and each string. */
int store_tenant_list(struct store *st, char ***ids_out, size_t *count_out);

/* A number that changes whenever the tenant's data may have: each committed write
 * transaction and each reset. Equal numbers mean equal data (reply caches rely on it), also
 * across tenants: no two tenants of the process ever share a number. */
uint64_t store_tenant_generation(const struct store_tenant *t);

/* A number that changes with each reset of the tenant and no other way; like generations,
 * no two tenants of the process (a deleted one and its namesake included) share one. State
 * an API keeps for a tenant outside its database, keyed by it, starts afresh with the data. */
uint64_t store_tenant_epoch(const struct store_tenant *t);

/* Restores a tenant from fixture (NULL = the one it was filled from). Takes the tenant's
 * lock itself; must not be called while holding it. */
int store_tenant_reset(struct store_tenant *t, const char *fixture, char *err, size_t errlen);

/* Locks the tenant for database work and returns its connection; every statement on it
 * happens between lock and unlock. The first lock after a reset writes the tenant's own
 * credentials again (store_section.issue). */
sqlite3 *store_tenant_lock(struct store_tenant *t);
void store_tenant_unlock(struct store_tenant *t);

/* Fixture reading helpers for section loaders. path is the JSON path of obj ("$.remotepc
 * .enterprise[0]"); on a missing or mistyped value they fill err with "path.key" and a
 * message and return RM_EINVAL. A NULL *_or_null / absent optional value keeps the default. */
int store_fx_string(const cJSON *obj, const char *path, const char *key, bool required,
                    const char **out, struct store_fixture_error *err);
int store_fx_int(const cJSON *obj, const char *path, const char *key, bool required,
                 int64_t *out, struct store_fixture_error *err);
int store_fx_bool(const cJSON *obj, const char *path, const char *key, bool required, bool *out,
                  struct store_fixture_error *err);
/* The array at key (absent: *out = NULL unless required). */
int store_fx_array(const cJSON *obj, const char *path, const char *key, bool required,
                   const cJSON **out, struct store_fixture_error *err);
/* "2026-01-15T09:30:00Z" (or with milliseconds) to Unix milliseconds. RM_EINVAL if malformed. */
int store_fx_parse_time(const char *text, int64_t *ms_out);
/* Fills err with a path and message; returns RM_EINVAL. */
int store_fx_fail(struct store_fixture_error *err, const char *path, const char *key,
                  const char *message);

/* The serialized database of a fixture (loading it if needed); borrowed, valid for the
 * store's lifetime. Used by the build to make prebuilt snapshots. */
int store_snapshot_export(struct store *st, const char *fixture, const unsigned char **data,
                          size_t *size, char *err, size_t errlen);

/* Names of the fixtures rmmsim carries ("default", "empty", ...); static storage. */
size_t store_fixture_names(const char *const **names_out);

/* ---- fixture.c: uploaded fixtures (F-CTL-052..055) ---- */

/* Adds the fixture document doc (borrowed) under its "name": checked by the same loaders as
 * the built-in ones and kept as a snapshot that tenants and resets can name. A name already
 * uploaded is replaced (tenants filled from the old one keep their data). RM_EINVAL with
 * ferr (path and message) when the document is invalid, RM_EEXIST for a built-in's name;
 * *name_out points into doc; *replaced tells whether the name was uploaded before. */
int store_fixture_upload(struct store *st, const cJSON *doc, const char **name_out,
                         bool *replaced, struct store_fixture_error *ferr);
/* Forgets the uploaded fixture name: RM_ENOTFOUND when no upload has it, RM_EEXIST for a
 * built-in's name. Tenants filled from it keep their data; a restore reading it finishes. */
int store_fixture_delete(struct store *st, const char *name);
/* {"fixtures": [every name, built-in first], "uploaded": [uploaded names, in upload order]};
 * NULL when memory ran out. */
cJSON *store_fixture_list(struct store *st);

/* ---- export.c ---- */

/* The tenant's state as a fixture document ("name", "description", one member per section)
 * that loads back to the same state (F-CTL-050); NULL when memory ran out or a query
 * failed. Takes the tenant's lock itself. */
cJSON *store_tenant_export(struct store_tenant *t);

/* ---- db.c: statements and transactions on a locked tenant ---- */

/* A prepared statement for sql (static storage: its address is the cache key), reset and
 * unbound, cached per tenant. Borrowed: never finalize it. NULL on error (logged). */
sqlite3_stmt *store_stmt(struct store_tenant *t, const char *sql);
/* Runs SQL text with no parameters (BEGIN, COMMIT, DDL). Returns 0 or RM_EDB. */
int store_exec(sqlite3 *db, const char *sql);
/* sqlite3_step expecting completion: RM_OK on SQLITE_DONE, else RM_EDB (logged). The
 * statement is reset either way. */
int store_step_done(sqlite3_stmt *stmt);
/* Column text copied into the arena; NULL for SQL NULL (or when memory ran out). */
const char *store_col_text(struct rm_arena *a, sqlite3_stmt *stmt, int col);
/* Text binding of arena or static strings (SQLITE_STATIC: they outlive the statement use). */
void store_bind_text(sqlite3_stmt *stmt, int index, const char *text);
/* The remaining rows of stmt (bound by the caller) as a JSON array of objects keyed by the
 * column names, in column order; integers and reals become numbers, text strings, NULL and
 * BLOB null (the shape PHP 8 with mysqlnd gives). Resets stmt. NULL on error (logged). */
cJSON *store_rows_json(sqlite3_stmt *stmt);
/* The same, failing (NULL, *over true) past max_rows rows or max_bytes of values (text and
 * blobs by their length, other values 8 bytes each). */
cJSON *store_rows_json_max(sqlite3_stmt *stmt, size_t max_rows, size_t max_bytes, bool *over);
int store_begin(struct store_tenant *t, bool write);
int store_commit(struct store_tenant *t);
/* Commits without moving the data generation: only for writes no reply of any API can show
 * (OCO's last_login). */
int store_commit_quiet(struct store_tenant *t);
void store_rollback(struct store_tenant *t);

#endif
