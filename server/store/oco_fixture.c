/*
 * The "oco" fixture section (format in oco_fixture.h): a generic loader over the tables of
 * schema/oco.sql. Table and column names in the SQL it builds come from the schema itself
 * (sqlite_schema, PRAGMA table_info), never from the fixture text.
 */
#include "store/oco_fixture.h"

#include "core/embed.h"

#include <stdio.h>
#include <string.h>

#define OCO_SCHEMA "schema/oco.sql"
#define OCO_MAX_TABLES 64
#define OCO_MAX_COLUMNS 64 /* a bitmap of used columns fits in a uint64_t */
#define OCO_NAME_MAX 64

struct oco_loader {
    sqlite3 *db;
    char tables[OCO_MAX_TABLES][OCO_NAME_MAX]; /* schema order: parents before children */
    const cJSON *rows[OCO_MAX_TABLES];          /* the fixture's array per table, or NULL */
    size_t ntables;
    char columns[OCO_MAX_COLUMNS][OCO_NAME_MAX]; /* of the table being loaded */
    size_t ncolumns;
};

/* Copies the first column of each row of sql (?1 = arg, if given) into names[0..max). */
static int collect_names(sqlite3 *db, const char *sql, const char *arg,
                         char (*names)[OCO_NAME_MAX], size_t max, size_t *n)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK ? RM_OK : RM_EDB;
    *n = 0;
    if (rc == RM_OK && arg)
        sqlite3_bind_text(stmt, 1, arg, -1, SQLITE_STATIC);
    while (rc == RM_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        if (*n == max || !name || strlen(name) >= OCO_NAME_MAX)
            rc = RM_ELIMIT;
        else
            snprintf(names[(*n)++], OCO_NAME_MAX, "%s", name);
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Lists the tables schema/oco.sql creates, in creation order, by applying it to a scratch
 * database: the loader's own database also holds the other sections' tables. */
static int list_tables(struct oco_loader *l, struct store_fixture_error *err)
{
    const struct rm_embedded_file *f = rm_embed_find(OCO_SCHEMA);
    sqlite3 *scratch = NULL;
    int rc = RM_EDB;
    if (f && sqlite3_open_v2(":memory:", &scratch, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        sqlite3_exec(scratch, f->data, NULL, NULL, NULL) == SQLITE_OK)
        rc = collect_names(scratch,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                           "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                           NULL, l->tables, OCO_MAX_TABLES, &l->ntables);
    sqlite3_close(scratch);
    if (rc != RM_OK)
        return store_fx_fail(err, "$.oco", NULL, "cannot list the tables of " OCO_SCHEMA);
    return RM_OK;
}

/* The schema's spelling of table name, or NULL; *index gets its position. */
static const char *find_table(const struct oco_loader *l, const char *name, size_t *index)
{
    for (size_t i = 0; i < l->ntables; i++)
        if (strcmp(l->tables[i], name) == 0)
            return l->tables[*index = i];
    return NULL;
}

static int column_index(const struct oco_loader *l, const char *key)
{
    for (size_t i = 0; i < l->ncolumns; i++)
        if (strcmp(l->columns[i], key) == 0)
            return (int)i;
    return -1;
}

/* F-CTL-058: a BLOB (a package's payload, a family's icon) is {"base64": "..."}. */
static int bind_blob(sqlite3_stmt *stmt, int index, const cJSON *v, const char *path,
                     struct store_fixture_error *err)
{
    const cJSON *b64 = cJSON_GetObjectItemCaseSensitive(v, "base64");
    if (!cJSON_IsString(b64) || cJSON_GetArraySize(v) != 1)
        return store_fx_fail(err, path, v->string,
                             "must be a string, number, boolean, null or {\"base64\": \"...\"}");
    size_t len = strlen(b64->valuestring), n = 0;
    unsigned char *bytes = sqlite3_malloc64(len / 4 * 3 + 3);
    if (!bytes)
        return store_fx_fail(err, path, v->string, "out of memory");
    if (rm_base64_decode(b64->valuestring, len, bytes, &n) != RM_OK) {
        sqlite3_free(bytes);
        return store_fx_fail(err, path, v->string, "base64 must be valid base64");
    }
    sqlite3_bind_blob64(stmt, index, bytes, n, sqlite3_free);
    return RM_OK;
}

static int bind_value(sqlite3_stmt *stmt, int index, const cJSON *v, const char *path,
                      struct store_fixture_error *err)
{
    if (cJSON_IsObject(v))
        return bind_blob(stmt, index, v, path, err);
    if (cJSON_IsString(v))
        sqlite3_bind_text(stmt, index, v->valuestring, -1, SQLITE_STATIC);
    else if (cJSON_IsBool(v))
        sqlite3_bind_int(stmt, index, cJSON_IsTrue(v));
    else if (cJSON_IsNull(v))
        sqlite3_bind_null(stmt, index);
    else if (!cJSON_IsNumber(v))
        return store_fx_fail(err, path, v->string, "must be a string, number, boolean or null");
    else if (v->valuedouble >= -9007199254740992.0 && v->valuedouble <= 9007199254740992.0 &&
             v->valuedouble == (double)(int64_t)v->valuedouble)
        sqlite3_bind_int64(stmt, index, (int64_t)v->valuedouble);
    else
        sqlite3_bind_double(stmt, index, v->valuedouble);
    return RM_OK;
}

/* Inserts one row object: INSERT INTO "t" ("c1", ...) VALUES (?, ...) with the row's keys. */
static int insert_row(struct oco_loader *l, const char *table, const cJSON *row,
                      const char *path, struct store_fixture_error *err)
{
    if (!cJSON_IsObject(row))
        return store_fx_fail(err, path, NULL, "must be an object");
    sqlite3_str *sql = sqlite3_str_new(l->db);
    uint64_t used = 0;
    int n = 0;
    sqlite3_str_appendf(sql, "INSERT INTO \"%w\" ", table);
    for (const cJSON *v = row->child; v; v = v->next, n++) {
        int col = column_index(l, v->string);
        if (col < 0 || used & (UINT64_C(1) << col)) {
            sqlite3_free(sqlite3_str_finish(sql));
            return store_fx_fail(err, path, v->string,
                                 col < 0 ? "unknown column" : "duplicate column");
        }
        used |= UINT64_C(1) << col;
        sqlite3_str_appendf(sql, "%s\"%w\"", n ? ", " : "(", l->columns[col]);
    }
    sqlite3_str_appendall(sql, n ? ") VALUES (?" : "DEFAULT VALUES");
    for (int i = 1; i < n; i++)
        sqlite3_str_appendall(sql, ", ?");
    sqlite3_str_appendall(sql, n ? ")" : "");
    char *text = sqlite3_str_finish(sql);
    sqlite3_stmt *stmt = NULL;
    int rc = RM_OK;
    if (!text || sqlite3_prepare_v2(l->db, text, -1, &stmt, NULL) != SQLITE_OK)
        rc = store_fx_fail(err, path, NULL, text ? sqlite3_errmsg(l->db) : "out of memory");
    int i = 1;
    for (const cJSON *v = row->child; rc == RM_OK && v; v = v->next)
        rc = bind_value(stmt, i++, v, path, err);
    if (rc == RM_OK && sqlite3_step(stmt) != SQLITE_DONE)
        rc = store_fx_fail(err, path, NULL, sqlite3_errmsg(l->db));
    sqlite3_finalize(stmt);
    sqlite3_free(text);
    return rc;
}

static int load_settings(struct oco_loader *l, const cJSON *settings,
                         struct store_fixture_error *err)
{
    if (!cJSON_IsObject(settings))
        return store_fx_fail(err, "$.oco", "settings", "must be an object");
    sqlite3_stmt *stmt = NULL;
    int rc = RM_OK;
    if (sqlite3_prepare_v2(l->db, "INSERT INTO setting(key, value) VALUES (?, ?)", -1, &stmt,
                           NULL) != SQLITE_OK)
        rc = store_fx_fail(err, "$.oco", "settings", sqlite3_errmsg(l->db));
    for (const cJSON *s = settings->child; rc == RM_OK && s; s = s->next) {
        if (!cJSON_IsString(s)) {
            rc = store_fx_fail(err, "$.oco.settings", s->string, "must be a string");
            break;
        }
        sqlite3_bind_text(stmt, 1, s->string, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, s->valuestring, -1, SQLITE_STATIC);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            rc = store_fx_fail(err, "$.oco.settings", s->string, sqlite3_errmsg(l->db));
        sqlite3_reset(stmt);
    }
    sqlite3_finalize(stmt);
    return rc;
}

/* Matches the fixture's table keys to schema tables, then inserts in schema order so that
 * foreign keys (checked at once: foreign_keys is ON) find their parents. */
static int load_tables(struct oco_loader *l, const cJSON *tables, struct store_fixture_error *err)
{
    if (!cJSON_IsObject(tables))
        return store_fx_fail(err, "$.oco", "tables", "must be an object");
    for (const cJSON *item = tables->child; item; item = item->next) {
        size_t i;
        if (!find_table(l, item->string, &i))
            return store_fx_fail(err, "$.oco.tables", item->string, "unknown table");
        if (l->rows[i])
            return store_fx_fail(err, "$.oco.tables", item->string, "duplicate table");
        if (!cJSON_IsArray(item))
            return store_fx_fail(err, "$.oco.tables", item->string, "must be an array");
        l->rows[i] = item;
    }
    int rc = RM_OK;
    for (size_t i = 0; rc == RM_OK && i < l->ntables; i++) {
        const char *table = l->tables[i];
        if (!l->rows[i])
            continue;
        if (collect_names(l->db, "SELECT name FROM pragma_table_info(?1)", table, l->columns,
                          OCO_MAX_COLUMNS, &l->ncolumns) != RM_OK)
            return store_fx_fail(err, "$.oco.tables", table, "cannot read its columns");
        int n = 0;
        for (const cJSON *row = l->rows[i]->child; rc == RM_OK && row; row = row->next) {
            char path[sizeof err->path];
            snprintf(path, sizeof path, "$.oco.tables.%s[%d]", table, n++);
            rc = insert_row(l, table, row, path, err);
        }
    }
    return rc;
}

static int run(sqlite3 *db, const char *sql, const char *name, int64_t value, int64_t *out)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
        if (sqlite3_bind_parameter_count(stmt) > 1)
            sqlite3_bind_int64(stmt, 2, value);
        rc = sqlite3_step(stmt);
        if (out)
            *out = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

/* One nextIds entry: sqlite_sequence(name, seq = value - 1), the table's AUTOINCREMENT
 * counter. sqlite_sequence has no key on name, hence delete, then insert. */
static int set_next_id(sqlite3 *db, const char *table, int64_t value,
                       struct store_fixture_error *err)
{
    int64_t autoinc = 0, highest = 0;
    char *max_sql = sqlite3_mprintf(
        "SELECT max(coalesce((SELECT max(rowid) FROM \"%w\"), 0), "
        "coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?1), 0))", table);
    bool ok = max_sql &&
              run(db, "SELECT sql LIKE '%AUTOINCREMENT%' FROM sqlite_schema WHERE name = ?1",
                  table, 0, &autoinc) == RM_OK &&
              run(db, max_sql, table, 0, &highest) == RM_OK;
    sqlite3_free(max_sql);
    if (!ok)
        return store_fx_fail(err, "$.oco.nextIds", table, sqlite3_errmsg(db));
    if (!autoinc)
        return store_fx_fail(err, "$.oco.nextIds", table, "has no AUTOINCREMENT id");
    if (value - 1 < highest) {
        char msg[96];
        snprintf(msg, sizeof msg, "must be above the highest id (%lld)", (long long)highest);
        return store_fx_fail(err, "$.oco.nextIds", table, msg);
    }
    if (run(db, "DELETE FROM sqlite_sequence WHERE name = ?1", table, 0, NULL) != RM_OK ||
        run(db, "INSERT INTO sqlite_sequence(name, seq) VALUES (?1, ?2)", table, value - 1,
            NULL) != RM_OK)
        return store_fx_fail(err, "$.oco.nextIds", table, sqlite3_errmsg(db));
    return RM_OK;
}

static int load_next_ids(struct oco_loader *l, const cJSON *next, struct store_fixture_error *err)
{
    if (!cJSON_IsObject(next))
        return store_fx_fail(err, "$.oco", "nextIds", "must be an object");
    int rc = RM_OK;
    for (const cJSON *item = next->child; rc == RM_OK && item; item = item->next) {
        size_t i;
        const char *table = find_table(l, item->string, &i);
        int64_t value = 0;
        if (!table)
            return store_fx_fail(err, "$.oco.nextIds", item->string, "unknown table");
        rc = store_fx_int(next, "$.oco.nextIds", item->string, true, &value, err);
        if (rc == RM_OK)
            rc = set_next_id(l->db, table, value, err);
    }
    return rc;
}

static int load_section(sqlite3 *db, const cJSON *section, struct store_fixture_error *err)
{
    if (!cJSON_IsObject(section))
        return store_fx_fail(err, "$.oco", NULL, "must be an object");
    for (const cJSON *item = section->child; item; item = item->next)
        if (strcmp(item->string, "settings") != 0 && strcmp(item->string, "tables") != 0 &&
            strcmp(item->string, "nextIds") != 0)
            return store_fx_fail(err, "$.oco", item->string,
                                 "unknown key (settings, tables or nextIds)");
    struct oco_loader l = { .db = db };
    int rc = list_tables(&l, err);
    const cJSON *part;
    if (rc == RM_OK && (part = cJSON_GetObjectItemCaseSensitive(section, "settings")))
        rc = load_settings(&l, part, err);
    if (rc == RM_OK && (part = cJSON_GetObjectItemCaseSensitive(section, "tables")))
        rc = load_tables(&l, part, err);
    if (rc == RM_OK && (part = cJSON_GetObjectItemCaseSensitive(section, "nextIds")))
        rc = load_next_ids(&l, part, err);
    return rc;
}

/* F-CTL-003: a created tenant's own client-API key replaces the fixture's built-in one (an
 * OCO server has one key). The user keeps its name and password: the key routes. */
static int issue(sqlite3 *db, struct store_issue *iss)
{
    char key[STORE_CREDENTIAL_MAX];
    int rc = store_issue_replace(
        db, iss, "UPDATE setting SET value = ?1 WHERE key = 'client-api-key' AND value = ?2",
        "SELECT 1 FROM setting WHERE key = 'client-api-key' AND value = ?1", "demo-oco-api-key",
        "oco-api-key", key);
    if (rc == RM_ENOTFOUND)
        return RM_OK;
    if (rc != RM_OK)
        return rc;
    cJSON *c = cJSON_AddObjectToObject(iss->credentials, "oco");
    if (!c)
        return RM_ENOMEM;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, "SELECT password FROM system_user WHERE username = 'admin'", -1,
                           &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
        if (!cJSON_AddStringToObject(c, "user", "admin") ||
            !cJSON_AddStringToObject(c, "password", (const char *)sqlite3_column_text(stmt, 0)))
            rc = RM_ENOMEM;
    }
    sqlite3_finalize(stmt);
    if (rc == RM_OK && !cJSON_AddStringToObject(c, "apiKey", key))
        rc = RM_ENOMEM;
    return rc;
}

/* One column of a row as the loader takes it back (bind_value). */
static cJSON *export_value(sqlite3_stmt *s, int col)
{
    switch (sqlite3_column_type(s, col)) {
    case SQLITE_INTEGER: return cJSON_CreateNumber((double)sqlite3_column_int64(s, col));
    case SQLITE_FLOAT: return cJSON_CreateNumber(sqlite3_column_double(s, col));
    case SQLITE_TEXT: return cJSON_CreateString((const char *)sqlite3_column_text(s, col));
    case SQLITE_BLOB: {
        size_t n = (size_t)sqlite3_column_bytes(s, col);
        char *b64 = sqlite3_malloc64((n + 2) / 3 * 4 + 1);
        cJSON *o = b64 ? cJSON_CreateObject() : NULL;
        if (o) {
            rm_base64_encode(sqlite3_column_blob(s, col), n, b64);
            if (!cJSON_AddStringToObject(o, "base64", b64)) {
                cJSON_Delete(o);
                o = NULL;
            }
        }
        sqlite3_free(b64);
        return o;
    }
    default: return cJSON_CreateNull();
    }
}

/* The rows of table (schema name) as objects of every column, in storage (id) order; an
 * empty table is left out. */
static bool export_table(sqlite3 *db, const char *table, cJSON *tables)
{
    char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
    sqlite3_stmt *s = NULL;
    bool ok = sql && sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK;
    sqlite3_free(sql);
    cJSON *rows = NULL;
    int step = SQLITE_DONE;
    while (ok && (step = sqlite3_step(s)) == SQLITE_ROW) {
        cJSON *row = cJSON_CreateObject();
        if (!rows && (rows = cJSON_AddArrayToObject(tables, table)) == NULL)
            ok = false;
        if (!row || !ok || !cJSON_AddItemToArray(rows, row)) {
            cJSON_Delete(row);
            ok = false;
        }
        for (int c = 0; ok && c < sqlite3_column_count(s); c++) {
            cJSON *v = export_value(s, c);
            if (!v || !cJSON_AddItemToObject(row, sqlite3_column_name(s, c), v)) {
                cJSON_Delete(v);
                ok = false;
            }
        }
    }
    sqlite3_finalize(s);
    return ok && step == SQLITE_DONE;
}

/* F-CTL-050: settings, every non-empty table and each AUTOINCREMENT counter (nextIds), so
 * ids the API hands out next are the same after a load. */
static cJSON *export_section(sqlite3 *db, const struct store_export *ex)
{
    struct oco_loader l = {.db = db};
    struct store_fixture_error err;
    cJSON *out = cJSON_CreateObject();
    cJSON *settings = cJSON_AddObjectToObject(out, "settings");
    cJSON *tables = cJSON_AddObjectToObject(out, "tables");
    cJSON *next = cJSON_AddObjectToObject(out, "nextIds");
    sqlite3_stmt *s = NULL;
    bool ok = settings && tables && next && list_tables(&l, &err) == RM_OK &&
              sqlite3_prepare_v2(db, "SELECT key, value FROM setting ORDER BY key", -1, &s, NULL) ==
                  SQLITE_OK;
    while (ok && sqlite3_step(s) == SQLITE_ROW) {
        const char *key = (const char *)sqlite3_column_text(s, 0);
        const char *value = (const char *)sqlite3_column_text(s, 1);
        if (!key || !value) /* the schema forbids NULLs: only memory running out */
            ok = false;
        else if (strcmp(key, "client-api-key") == 0)
            value = store_export_credential(ex, value, "demo-oco-api-key", "oco-api-key");
        ok = ok && cJSON_AddStringToObject(settings, key, value) != NULL;
    }
    sqlite3_finalize(s);
    s = NULL;
    for (size_t i = 0; ok && i < l.ntables; i++)
        if (strcmp(l.tables[i], "setting") != 0)
            ok = export_table(db, l.tables[i], tables);
    ok = ok && sqlite3_prepare_v2(db, "SELECT name, seq FROM sqlite_sequence ORDER BY name", -1, &s,
                                  NULL) == SQLITE_OK;
    while (ok && sqlite3_step(s) == SQLITE_ROW) {
        size_t i;
        const char *table = find_table(&l, (const char *)sqlite3_column_text(s, 0), &i);
        /* As a double: the last id may be INT64_MAX (a fixture's), and one more overflows. */
        if (table)
            ok = cJSON_AddNumberToObject(next, table, (double)sqlite3_column_int64(s, 1) + 1) !=
                 NULL;
    }
    sqlite3_finalize(s);
    if (!ok) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

const struct store_section store_oco_section = {
    .name = "oco",
    .schema_sql = OCO_SCHEMA,
    .load = load_section,
    .load_absent = NULL,
    .issue = issue,
    .export = export_section,
};
