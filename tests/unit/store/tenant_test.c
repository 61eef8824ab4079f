/* Tests server/store: tenants, isolation, reset from snapshots, fixture errors, --db files. */
#include "store/oco_fixture.h"
#include "store/remotepc.h"
#include "store/store.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct store *open_store(const char *db_path, const char *fixture)
{
    /* Every API's section (sections.c): the built-in fixtures hold them all. */
    struct store_options opts = { .db_path = db_path, .default_fixture = fixture,
                                  .sections = store_sections, .nsections = store_nsections };
    struct store *st = NULL;
    char err[512];
    if (store_open(&opts, &st, err, sizeof err) != RM_OK)
        fail_msg("store_open: %s", err);
    return st;
}

/* Writes a marker row into a tenant, as an API write would. */
static void put(struct store_tenant *t, const char *key, const char *value)
{
    sqlite3 *db = store_tenant_lock(t);
    sqlite3_stmt *stmt;
    assert_int_equal(sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO rmmsim_meta VALUES (?, ?)", -1,
                                        &stmt, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
    store_tenant_unlock(t);
}

/* The marker's value, or NULL; the caller frees it. */
static char *get(struct store_tenant *t, const char *key)
{
    static const char sql[] = "SELECT value FROM rmmsim_meta WHERE key = ?";
    store_tenant_lock(t);
    sqlite3_stmt *stmt = store_stmt(t, sql); /* through the statement cache */
    assert_non_null(stmt);
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    char *v = NULL;
    if (sqlite3_step(stmt) == SQLITE_ROW)
        v = strdup((const char *)sqlite3_column_text(stmt, 0));
    sqlite3_reset(stmt);
    store_tenant_unlock(t);
    return v;
}

static void assert_marker(struct store_tenant *t, const char *key, const char *expected)
{
    char *v = get(t, key);
    if (expected) {
        assert_non_null(v);
        assert_string_equal(v, expected);
    } else {
        assert_null(v);
    }
    free(v);
}

static void tenants_do_not_see_each_others_writes(void **state)
{
    (void)state;
    struct store *st = open_store(NULL, "default");
    char id1[STORE_TENANT_ID_MAX], id2[STORE_TENANT_ID_MAX], err[256];
    assert_int_equal(store_tenant_create(st, "default", id1, err, sizeof err), RM_OK);
    assert_int_equal(store_tenant_create(st, "empty", id2, err, sizeof err), RM_OK);
    assert_string_not_equal(id1, id2);
    struct store_tenant *def = store_tenant_acquire(st, NULL);
    struct store_tenant *t1 = store_tenant_acquire(st, id1);
    struct store_tenant *t2 = store_tenant_acquire(st, id2);
    assert_non_null(def);
    assert_non_null(t1);
    assert_non_null(t2);
    put(t1, "marker", "one");
    put(t2, "marker", "two");
    assert_marker(t1, "marker", "one");
    assert_marker(t2, "marker", "two");
    assert_marker(def, "marker", NULL);
    assert_marker(t2, "fixture", "empty");

    /* Reset restores one tenant and leaves the others alone. */
    assert_int_equal(store_tenant_reset(t1, NULL, err, sizeof err), RM_OK);
    assert_marker(t1, "marker", NULL);
    assert_marker(t2, "marker", "two");
    /* Reset to another fixture changes what the tenant was filled from. */
    assert_int_equal(store_tenant_reset(t1, "empty", err, sizeof err), RM_OK);
    char fixture[STORE_FIXTURE_NAME_MAX];
    assert_string_equal(store_tenant_fixture(t1, fixture), "empty");
    assert_marker(t1, "fixture", "empty");

    store_tenant_release(def);
    store_tenant_release(t1);
    store_tenant_release(t2);
    store_free(st);
}

static void deleted_tenant_lives_until_its_last_user_leaves(void **state)
{
    (void)state;
    struct store *st = open_store(NULL, "empty");
    char id[STORE_TENANT_ID_MAX], err[256];
    assert_int_equal(store_tenant_create(st, NULL, id, err, sizeof err), RM_OK);
    struct store_tenant *t = store_tenant_acquire(st, id);
    assert_int_equal(store_tenant_delete(st, id), RM_OK);
    assert_null(store_tenant_acquire(st, id));
    put(t, "still", "usable"); /* the request holding it finishes normally */
    assert_marker(t, "still", "usable");
    store_tenant_release(t);
    assert_int_equal(store_tenant_delete(st, id), RM_ENOTFOUND);
    assert_int_equal(store_tenant_delete(st, "default"), RM_EINVAL);
    char **ids;
    size_t n;
    assert_int_equal(store_tenant_list(st, &ids, &n), RM_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], "default");
    free(ids[0]);
    free(ids);
    store_free(st);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void expect_open_error(const char *db, const char *fixture, const char *needle)
{
    struct store_options opts = { .db_path = db, .default_fixture = fixture,
                                  .sections = store_sections, .nsections = store_nsections };
    struct store *st = NULL;
    char err[512] = "";
    assert_int_not_equal(store_open(&opts, &st, err, sizeof err), RM_OK);
    assert_null(st);
    if (!strstr(err, needle))
        fail_msg("error '%s' does not contain '%s'", err, needle);
}

static void bad_fixtures_are_refused_with_a_clear_reason(void **state)
{
    (void)state;
    char dir[] = "/tmp/rmmsim-fx-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    expect_open_error(NULL, "nosuch", "unknown fixture 'nosuch'");
    snprintf(path, sizeof path, "%s/missing.json", dir);
    expect_open_error(NULL, path, "cannot read fixture");
    snprintf(path, sizeof path, "%s/broken.json", dir);
    write_file(path, "{\"name\": \"x\",\n  oops}");
    expect_open_error(NULL, path, "invalid JSON near byte");
    write_file(path, "[1, 2]");
    expect_open_error(NULL, path, "a fixture must be a JSON object");
    write_file(path, "{\"name\": \"x\", \"bogus\": {}}");
    expect_open_error(NULL, path, "$.bogus: unknown section");
    write_file(path, "{\"name\": 7}");
    expect_open_error(NULL, path, "$.name: must be a string");
    /* A section loader names the exact path of a bad value. */
    write_file(path, "{\"remotepc\": {\"enterprise\": [{\"name\": \"x\", \"keys\": "
                     "[{\"key\": 5}]}]}}");
    expect_open_error(NULL, path, "$.remotepc.enterprise[0].keys[0].key: must be a string");
    write_file(path, "{\"remotepc\": {\"enterprise\": [{\"name\": \"x\", \"keys\": [], "
                     "\"computers\": [{\"machineId\": \"M\", \"hostName\": \"h\", "
                     "\"osText\": \"Windows\", \"assignedTo\": [\"nobody@x.example\"]}]}]}}");
    expect_open_error(NULL, path, "$.remotepc.enterprise[0].computers[0].assignedTo: names a user");
    write_file(path, "{\"name\": \"custom\"}");
    struct store *st = open_store(NULL, path); /* a valid file fixture loads */
    store_free(st);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void db_file_keeps_state_across_reopen(void **state)
{
    (void)state;
    char dir[] = "/tmp/rmmsim-db-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/state.db", dir);

    struct store *st = open_store(path, "default"); /* new file: filled from the fixture */
    struct store_tenant *t = store_tenant_acquire(st, NULL);
    assert_marker(t, "fixture", "default");
    put(t, "written", "before restart");
    store_tenant_release(t);
    store_free(st);

    st = open_store(path, "empty"); /* existing file: keeps its state, ignores the fixture */
    t = store_tenant_acquire(st, NULL);
    assert_marker(t, "written", "before restart");
    assert_marker(t, "fixture", "default");
    /* Reset of a file tenant restores in place and stays a WAL file. */
    char err[256];
    assert_int_equal(store_tenant_reset(t, "empty", err, sizeof err), RM_OK);
    assert_marker(t, "written", NULL);
    sqlite3 *db = store_tenant_lock(t);
    sqlite3_stmt *stmt;
    sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, NULL);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "wal");
    sqlite3_finalize(stmt);
    store_tenant_unlock(t);
    store_tenant_release(t);
    store_free(st);

    st = open_store(path, "default");
    t = store_tenant_acquire(st, NULL);
    assert_marker(t, "fixture", "empty"); /* the reset was durable too */
    store_tenant_release(t);
    store_free(st);

    /* A file of another program is never overwritten; an unwritable place is an error. */
    snprintf(path, sizeof path, "%s/other.db", dir);
    sqlite3 *other;
    sqlite3_open(path, &other);
    sqlite3_exec(other, "CREATE TABLE x(a)", NULL, NULL, NULL);
    sqlite3_close(other);
    expect_open_error(path, "default", "not an rmmsim database");
    snprintf(path, sizeof path, "%s/garbage.db", dir);
    write_file(path, "this is not a database file at all, just text that is long enough........"
                     "..................................................................");
    expect_open_error(path, "default", "garbage.db");
    snprintf(path, sizeof path, "%s/no/such/dir/x.db", dir);
    expect_open_error(path, "default", "cannot open database");

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tenants_do_not_see_each_others_writes),
        cmocka_unit_test(deleted_tenant_lives_until_its_last_user_leaves),
        cmocka_unit_test(bad_fixtures_are_refused_with_a_clear_reason),
        cmocka_unit_test(db_file_keeps_state_across_reopen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
