/*
 * Statements and transactions on a locked tenant. Prepared statements are cached per
 * tenant by the address of their SQL text, so a handler names its SQL once, as a static
 * string, and pays for preparing it once per tenant.
 */
#include "store/store_int.h"

#include <stdlib.h>

sqlite3_stmt *store_stmt(struct store_tenant *t, const char *sql)
{
    for (size_t i = 0; i < t->nstmts; i++) {
        if (t->stmts[i].sql == sql) {
            sqlite3_stmt *stmt = t->stmts[i].stmt;
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
            return stmt;
        }
    }
    if (t->nstmts == t->capstmts) {
        size_t cap = t->capstmts ? t->capstmts * 2 : 32;
        struct store__cached_stmt *grown = realloc(t->stmts, cap * sizeof *grown);
        if (!grown)
            return NULL;
        t->stmts = grown;
        t->capstmts = cap;
    }
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3(t->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
        rm_log(RM_LOG_ERROR, "store: cannot prepare \"%s\": %s", sql, sqlite3_errmsg(t->db));
        sqlite3_finalize(stmt);
        return NULL;
    }
    t->stmts[t->nstmts++] = (struct store__cached_stmt){ sql, stmt };
    return stmt;
}

void store__stmts_clear(struct store_tenant *t)
{
    for (size_t i = 0; i < t->nstmts; i++)
        sqlite3_finalize(t->stmts[i].stmt);
    t->nstmts = 0;
}

int store_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        rm_log(RM_LOG_ERROR, "store: %s: %s", sql, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return RM_EDB;
    }
    return RM_OK;
}

int store_step_done(sqlite3_stmt *stmt)
{
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE)
        rm_log(RM_LOG_ERROR, "store: \"%s\": %s", sqlite3_sql(stmt),
               sqlite3_errmsg(sqlite3_db_handle(stmt)));
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

const char *store_col_text(struct rm_arena *a, sqlite3_stmt *stmt, int col)
{
    const unsigned char *text = sqlite3_column_text(stmt, col);
    if (!text)
        return NULL;
    return rm_arena_strndup(a, (const char *)text, (size_t)sqlite3_column_bytes(stmt, col));
}

void store_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text)
        sqlite3_bind_text(stmt, index, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, index);
}

static cJSON *column_json(sqlite3_stmt *stmt, int col)
{
    switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_INTEGER: return cJSON_CreateNumber((double)sqlite3_column_int64(stmt, col));
    case SQLITE_FLOAT: return cJSON_CreateNumber(sqlite3_column_double(stmt, col));
    case SQLITE_TEXT: return cJSON_CreateString((const char *)sqlite3_column_text(stmt, col));
    default: return cJSON_CreateNull();
    }
}

cJSON *store_rows_json(sqlite3_stmt *stmt)
{
    return store_rows_json_max(stmt, SIZE_MAX, SIZE_MAX, NULL);
}

cJSON *store_rows_json_max(sqlite3_stmt *stmt, size_t max_rows, size_t max_bytes, bool *over)
{
    cJSON *rows = cJSON_CreateArray();
    int ncols = sqlite3_column_count(stmt);
    int rc = SQLITE_DONE;
    size_t nrows = 0, bytes = 0;
    if (over)
        *over = false;
    while (rows && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        /* Counted only when bounded: every list of every API comes through here. Text and
         * blobs by their length (asking a number its bytes converts it to text). */
        for (int i = 0; max_bytes != SIZE_MAX && i < ncols; i++) {
            int type = sqlite3_column_type(stmt, i);
            bytes += type == SQLITE_TEXT || type == SQLITE_BLOB
                         ? (size_t)sqlite3_column_bytes(stmt, i)
                         : 8;
        }
        if (nrows++ == max_rows || bytes > max_bytes) {
            if (over)
                *over = true;
            cJSON_Delete(rows);
            sqlite3_reset(stmt);
            return NULL;
        }
        cJSON *row = cJSON_CreateObject();
        for (int i = 0; row && i < ncols; i++)
            cJSON_AddItemToObject(row, sqlite3_column_name(stmt, i), column_json(stmt, i));
        cJSON_AddItemToArray(rows, row);
    }
    if (!rows || rc != SQLITE_DONE) {
        rm_log(RM_LOG_ERROR, "store: \"%s\": %s", sqlite3_sql(stmt),
               sqlite3_errmsg(sqlite3_db_handle(stmt)));
        cJSON_Delete(rows);
        rows = NULL;
    }
    sqlite3_reset(stmt);
    return rows;
}

/* Transaction control through the statement cache: parsed once per tenant, not per request. */
static int run_cached(struct store_tenant *t, const char *sql)
{
    sqlite3_stmt *stmt = store_stmt(t, sql);
    return stmt ? store_step_done(stmt) : RM_EDB;
}

int store_begin(struct store_tenant *t, bool write)
{
    /* One connection per tenant under its own lock: IMMEDIATE only matters for a file
     * shared with other processes, where it takes the write lock up front. */
    static const char begin_write[] = "BEGIN IMMEDIATE", begin_read[] = "BEGIN";
    t->changes_at_begin = sqlite3_total_changes64(t->db);
    return run_cached(t, write ? begin_write : begin_read);
}

static int commit(struct store_tenant *t, bool counts)
{
    static const char sql[] = "COMMIT";
    bool changed = sqlite3_total_changes64(t->db) != t->changes_at_begin;
    int rc = run_cached(t, sql);
    /* Bumped after the data is committed, and only if rows changed: a reader that sees the
     * new number sees the new data; one that still sees the old number may reuse a reply
     * made from the old data, which was current when its request arrived. */
    if (changed && counts)
        atomic_fetch_add(&t->generation, 1);
    return rc;
}

int store_commit(struct store_tenant *t)
{
    return commit(t, true);
}

int store_commit_quiet(struct store_tenant *t)
{
    return commit(t, false);
}

void store_rollback(struct store_tenant *t)
{
    static const char rollback[] = "ROLLBACK";
    if (!sqlite3_get_autocommit(t->db))
        run_cached(t, rollback);
}

sqlite3_stmt *store__prepare_ids(struct store_tenant *t, const char *sql, int64_t a, int64_t b)
{
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return NULL;
    int n = sqlite3_bind_parameter_count(s);
    if (n >= 1)
        sqlite3_bind_int64(s, 1, a);
    if (n >= 2)
        sqlite3_bind_int64(s, 2, b);
    return s;
}

cJSON *store__rows(struct store_tenant *t, const char *sql, int64_t a, int64_t b)
{
    sqlite3_stmt *s = store__prepare_ids(t, sql, a, b);
    return s ? store_rows_json(s) : NULL;
}

int store__int(struct store_tenant *t, const char *sql, int64_t a, int64_t b, int64_t *out)
{
    sqlite3_stmt *s = store__prepare_ids(t, sql, a, b);
    if (!s)
        return RM_EDB;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store__text(struct store_tenant *t, struct rm_arena *a, const char *sql, int64_t id,
                const char **out)
{
    sqlite3_stmt *s = store__prepare_ids(t, sql, id, 0);
    if (!s)
        return RM_EDB;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        rc = store__col_text_or_null(a, s, 0, out);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? RM_OK : rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store__col_text_or_null(struct rm_arena *a, sqlite3_stmt *s, int col, const char **out)
{
    *out = store_col_text(a, s, col);
    return *out || sqlite3_column_type(s, col) == SQLITE_NULL ? SQLITE_ROW : SQLITE_NOMEM;
}

int store__exec(struct store_tenant *t, const char *sql, int64_t a, int64_t b)
{
    sqlite3_stmt *s = store__prepare_ids(t, sql, a, b);
    return s ? store_step_done(s) : RM_EDB;
}
