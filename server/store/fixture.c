/*
 * Fixtures: a JSON document per data set, loaded by one loader into a fresh database whose
 * sections (remotepc, oco, pcvisit, ...) are handed to the API modules' loaders. The result
 * is serialized once and kept; tenants are filled by restoring that snapshot.
 */
#include "core/embed.h"
#include "store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Fixtures larger than this are refused rather than read into memory. */
#define FIXTURE_MAX_BYTES (64u << 20)

/* The built-in fixtures are the embedded fixtures/NAME.json files, in their table order. */
static const char *builtin_names[16];
static size_t nbuiltin;
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void collect_names(void)
{
    static char names[16][64];
    for (const struct rm_embedded_file *f = rm_embedded_files; f->name; f++) {
        size_t len = strlen(f->name);
        if (strncmp(f->name, "fixtures/", 9) != 0 || len < 14 ||
            strcmp(f->name + len - 5, ".json") != 0 || nbuiltin == RM_ARRAY_LEN(names))
            continue;
        snprintf(names[nbuiltin], sizeof names[0], "%.*s", (int)(len - 14), f->name + 9);
        builtin_names[nbuiltin] = names[nbuiltin];
        nbuiltin++;
    }
}

size_t store_fixture_names(const char *const **names_out)
{
    pthread_once(&names_once, collect_names);
    *names_out = builtin_names;
    return nbuiltin;
}

/* A name with a slash or a .json ending is a file path; anything else names a fixture
 * compiled into the binary. */
static bool is_path(const char *name)
{
    size_t len = strlen(name);
    return strchr(name, '/') || (len > 5 && strcmp(name + len - 5, ".json") == 0);
}

/* The fixture's JSON text: embedded (static) or read from a file (*owned set, free it). */
static int fixture_text(const char *name, const char **text, char **owned, char *err,
                        size_t errlen)
{
    *owned = NULL;
    if (!is_path(name)) {
        char key[128];
        snprintf(key, sizeof key, "fixtures/%s.json", name);
        const struct rm_embedded_file *f = rm_embed_find(key);
        if (!f) {
            snprintf(err, errlen, "unknown fixture '%s' (see GET /__admin/fixtures; or a path "
                     "to a .json file)", name);
            return RM_ENOTFOUND;
        }
        *text = f->data;
        return RM_OK;
    }
    /* Regular files only: a FIFO or a device (/dev/stdin) would block the read, and the
     * store with it. O_NONBLOCK keeps even the open of a FIFO from waiting for a writer. */
    int fd = open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot read fixture %s: %s", name,
                 fd < 0 ? strerror(errno) : "not a regular file");
        if (fd >= 0)
            close(fd);
        return RM_EIO;
    }
    FILE *fp = fdopen(fd, "rb");
    if (!fp) {
        snprintf(err, errlen, "cannot read fixture %s: %s", name, strerror(errno));
        close(fd);
        return RM_EIO;
    }
    char *buf = malloc(FIXTURE_MAX_BYTES + 1);
    size_t len = buf ? fread(buf, 1, FIXTURE_MAX_BYTES + 1, fp) : 0;
    int failed = ferror(fp);
    fclose(fp);
    if (!buf || failed || len > FIXTURE_MAX_BYTES) {
        snprintf(err, errlen, "cannot read fixture %s: %s", name,
                 !buf ? "out of memory" : failed ? "read error" : "larger than 64 MiB");
        free(buf);
        return RM_EIO;
    }
    buf[len] = '\0';
    *text = *owned = buf;
    return RM_OK;
}

static int apply_schema(sqlite3 *db, const char *file, char *err, size_t errlen)
{
    const struct rm_embedded_file *f = rm_embed_find(file);
    if (!f) {
        snprintf(err, errlen, "schema %s is not built in", file);
        return RM_ENOTFOUND;
    }
    char *msg = NULL;
    if (sqlite3_exec(db, f->data, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s: %s", file, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return RM_EDB;
    }
    return RM_OK;
}

static int put_meta(sqlite3 *db, const char *key, const char *value)
{
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO rmmsim_meta(key, value) VALUES (?, ?)",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
        rc = sqlite3_step(stmt);
    }
    sqlite3_finalize(stmt);
    return rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

static const struct store_section *find_section(const struct store *st, const char *name)
{
    for (size_t i = 0; i < st->nsections; i++)
        if (strcmp(st->sections[i]->name, name) == 0)
            return st->sections[i];
    return NULL;
}

/* Top-level keys every fixture may have besides the sections. */
static bool is_header_key(const char *key)
{
    return strcmp(key, "description") == 0 || strcmp(key, "name") == 0;
}

/* Loads the document into db (schema already applied), inside one transaction. */
static int load_document(struct store *st, sqlite3 *db, const char *name, const cJSON *doc,
                         char *err, size_t errlen, struct store_fixture_error *ferr_out)
{
    struct store_fixture_error ferr = { "$", "" };
    int rc = RM_EINVAL;
    if (!cJSON_IsObject(doc)) {
        snprintf(ferr.message, sizeof ferr.message, "a fixture must be a JSON object");
        goto out;
    }
    for (const cJSON *item = doc->child; item; item = item->next) {
        if (is_header_key(item->string)) {
            if (!cJSON_IsString(item)) {
                snprintf(ferr.path, sizeof ferr.path, "$.%s", item->string);
                snprintf(ferr.message, sizeof ferr.message, "must be a string");
                goto out;
            }
        } else if (!find_section(st, item->string)) {
            snprintf(ferr.path, sizeof ferr.path, "$.%.200s", item->string);
            snprintf(ferr.message, sizeof ferr.message, "unknown section");
            goto out;
        }
    }
    if ((rc = store_exec(db, "BEGIN")) != RM_OK)
        goto out;
    rc = put_meta(db, "schema_version", STORE_SCHEMA_VERSION);
    if (rc == RM_OK)
        rc = put_meta(db, "fixture", name);
    for (size_t i = 0; rc == RM_OK && i < st->nsections; i++) {
        const struct store_section *sec = st->sections[i];
        const cJSON *json = cJSON_GetObjectItemCaseSensitive(doc, sec->name);
        snprintf(ferr.path, sizeof ferr.path, "$.%s", sec->name);
        if (json)
            rc = sec->load(db, json, &ferr);
        else if (sec->load_absent)
            rc = sec->load_absent(db, &ferr);
    }
    if (rc == RM_OK)
        rc = store_exec(db, "COMMIT");
    else
        store_exec(db, "ROLLBACK");
out:
    if (rc != RM_OK && !ferr.message[0])
        snprintf(ferr.message, sizeof ferr.message, "cannot be loaded");
    if (rc != RM_OK && !err[0])
        snprintf(err, errlen, "fixture %s: %s: %s", name, ferr.path, ferr.message);
    if (ferr_out)
        *ferr_out = ferr;
    return rc;
}

/* Opens an empty in-memory database with every schema applied. */
static int open_schema_db(const struct store *st, sqlite3 **out, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        snprintf(err, errlen, "cannot open an in-memory database");
        sqlite3_close(db);
        return RM_EDB;
    }
    int rc = store_exec(db, "PRAGMA foreign_keys=ON");
    if (rc == RM_OK)
        rc = apply_schema(db, "schema/core.sql", err, errlen);
    for (size_t i = 0; rc == RM_OK && i < st->nsections; i++)
        if (st->sections[i]->schema_sql)
            rc = apply_schema(db, st->sections[i]->schema_sql, err, errlen);
    if (rc != RM_OK) {
        sqlite3_close(db);
        return rc;
    }
    *out = db;
    return RM_OK;
}

/* Loads doc into a fresh database and serializes it as the snapshot called name. On an
 * invalid document RM_EINVAL, with ferr (when given) naming the path. */
static int snapshot_from_doc(struct store *st, const char *name, const cJSON *doc,
                             struct store__snapshot **out, char *err, size_t errlen,
                             struct store_fixture_error *ferr)
{
    sqlite3 *db = NULL;
    struct store__snapshot *snap = NULL;
    int rc = open_schema_db(st, &db, err, errlen);
    if (rc != RM_OK)
        goto out;
    if ((rc = load_document(st, db, name, doc, err, errlen, ferr)) != RM_OK)
        goto out;
    rc = RM_ENOMEM;
    snap = calloc(1, sizeof *snap);
    if (!snap || !(snap->name = strdup(name)))
        goto out;
    snap->bytes = sqlite3_serialize(db, "main", &snap->size, 0);
    if (!snap->bytes)
        goto out;
    *out = snap;
    snap = NULL;
    rc = RM_OK;
out:
    if (rc == RM_ENOMEM && !err[0])
        snprintf(err, errlen, "out of memory loading fixture %s", name);
    if (snap)
        free(snap->name);
    free(snap);
    sqlite3_close(db);
    return rc;
}

static int snapshot_build(struct store *st, const char *name, struct store__snapshot **out,
                          char *err, size_t errlen)
{
    const char *text;
    char *owned = NULL;
    cJSON *doc = NULL;
    struct store__snapshot *snap = NULL;
    int rc = fixture_text(name, &text, &owned, err, errlen);
    if (rc != RM_OK)
        goto out;
    const char *parse_end = NULL;
    doc = cJSON_ParseWithOpts(text, &parse_end, 1);
    if (!doc) {
        size_t offset = parse_end ? (size_t)(parse_end - text) : 0;
        snprintf(err, errlen, "fixture %s: invalid JSON near byte %zu", name, offset);
        rc = RM_EINVAL;
        goto out;
    }
    rc = snapshot_from_doc(st, name, doc, &snap, err, errlen, NULL);
out:
    cJSON_Delete(doc);
    free(owned);
    if (rc == RM_OK)
        *out = snap;
    return rc;
}

int store__snapshot_get(struct store *st, const char *name, const struct store__snapshot **out,
                        char *err, size_t errlen)
{
    err[0] = '\0';
    pthread_mutex_lock(&st->lock);
    struct store__snapshot *snap = st->snapshots;
    while (snap && strcmp(snap->name, name) != 0)
        snap = snap->next;
    int rc = RM_OK;
    /* A fixture built ahead of time is used as it is (no copy: the bytes are static). */
    for (size_t i = 0; !snap && i < st->nprebuilt; i++) {
        if (strcmp(st->prebuilt[i].fixture, name) != 0)
            continue;
        snap = calloc(1, sizeof *snap);
        if (!snap || !(snap->name = strdup(name))) {
            free(snap);
            snap = NULL;
            rc = RM_ENOMEM;
            snprintf(err, errlen, "out of memory");
            break;
        }
        snap->bytes = (unsigned char *)st->prebuilt[i].data;
        snap->size = (sqlite3_int64)st->prebuilt[i].size;
        snap->prebuilt = true;
        snap->next = st->snapshots;
        st->snapshots = snap;
    }
    /* Built under the store lock: a fixture is loaded once, however many tenants ask. */
    if (!snap && rc == RM_OK && (rc = snapshot_build(st, name, &snap, err, errlen)) == RM_OK) {
        snap->next = st->snapshots;
        st->snapshots = snap;
    }
    if (snap)
        snap->users++;
    pthread_mutex_unlock(&st->lock);
    *out = snap;
    return rc;
}

static void snapshot_free(struct store__snapshot *snap)
{
    if (!snap->prebuilt)
        sqlite3_free(snap->bytes);
    free(snap->name);
    free(snap);
}

void store__snapshot_put(struct store *st, const struct store__snapshot *snap)
{
    pthread_mutex_lock(&st->lock);
    struct store__snapshot *done = NULL;
    if (--((struct store__snapshot *)snap)->users == 0 && snap->retired) {
        for (struct store__snapshot **p = &st->retired; *p; p = &(*p)->next) {
            if (*p == snap) {
                done = *p;
                *p = done->next;
                break;
            }
        }
    }
    pthread_mutex_unlock(&st->lock);
    if (done)
        snapshot_free(done);
}

void store__snapshots_free(struct store *st)
{
    struct store__snapshot *lists[] = { st->snapshots, st->retired };
    for (size_t i = 0; i < RM_ARRAY_LEN(lists); i++) {
        while (lists[i]) {
            struct store__snapshot *snap = lists[i];
            lists[i] = snap->next;
            snapshot_free(snap);
        }
    }
    st->snapshots = st->retired = NULL;
}

/* F-CTL-052: an uploaded fixture's name is one a tenant create can take as a name (not a
 * file path) and that reads well in a URL or a log. */
static bool upload_name_ok(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > 64 || is_path(name))
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '.' || *c == '_' || *c == '-'))
            return false;
    return true;
}

/* Takes the uploaded fixture name out of the list, if there is one; a restore already
 * reading its snapshot finishes with it (store__snapshot_put frees it then). Under the
 * store lock. */
static bool forget_upload(struct store *st, const char *name)
{
    for (struct store__snapshot **p = &st->snapshots; *p; p = &(*p)->next) {
        struct store__snapshot *old = *p;
        if (!old->uploaded || strcmp(old->name, name) != 0)
            continue;
        *p = old->next;
        if (old->users) {
            old->retired = true;
            old->next = st->retired;
            st->retired = old;
        } else {
            snapshot_free(old);
        }
        return true;
    }
    return false;
}

static bool is_builtin(const char *name)
{
    const char *const *builtin;
    size_t n = store_fixture_names(&builtin);
    for (size_t i = 0; i < n; i++)
        if (strcmp(builtin[i], name) == 0)
            return true;
    return false;
}

int store_fixture_upload(struct store *st, const cJSON *doc, const char **name_out,
                         bool *replaced, struct store_fixture_error *ferr)
{
    *replaced = false;
    *ferr = (struct store_fixture_error){ "$", "" };
    const char *name = NULL;
    if (!cJSON_IsObject(doc))
        return store_fx_fail(ferr, "$", NULL, "a fixture must be a JSON object");
    int rc = store_fx_string(doc, "$", "name", true, &name, ferr);
    if (rc != RM_OK)
        return rc;
    if (!upload_name_ok(name))
        return store_fx_fail(ferr, "$", "name",
                             "must be 1 to 64 letters, digits, '.', '_' or '-' (and not end in "
                             ".json)");
    *name_out = name;
    if (is_builtin(name)) {
        store_fx_fail(ferr, "$", "name", "is the name of a built-in fixture");
        return RM_EEXIST;
    }
    /* Loaded outside the store lock: a big upload does not hold up tenant creates. */
    char err[512] = "";
    struct store__snapshot *snap = NULL;
    rc = snapshot_from_doc(st, name, doc, &snap, err, sizeof err, ferr);
    if (rc != RM_OK) {
        if (rc != RM_EINVAL)
            store_fx_fail(ferr, "$", NULL, err);
        return rc;
    }
    /* F-CTL-053: the same name again replaces the fixture. */
    pthread_mutex_lock(&st->lock);
    *replaced = forget_upload(st, name);
    snap->uploaded = ++st->uploads;
    snap->next = st->snapshots;
    st->snapshots = snap;
    pthread_mutex_unlock(&st->lock);
    return RM_OK;
}

int store_fixture_delete(struct store *st, const char *name)
{
    if (is_builtin(name))
        return RM_EEXIST;
    pthread_mutex_lock(&st->lock);
    bool found = forget_upload(st, name);
    pthread_mutex_unlock(&st->lock);
    return found ? RM_OK : RM_ENOTFOUND;
}

cJSON *store_fixture_list(struct store *st)
{
    const char *const *builtin;
    size_t n = store_fixture_names(&builtin);
    cJSON *out = cJSON_CreateObject();
    cJSON *all = cJSON_CreateStringArray(builtin, (int)n);
    cJSON *uploaded = cJSON_CreateArray();
    bool ok = out && all && uploaded && cJSON_AddItemToObject(out, "fixtures", all);
    if (!ok)
        cJSON_Delete(all);
    ok = ok && cJSON_AddItemToObject(out, "uploaded", uploaded);
    if (!ok) {
        cJSON_Delete(uploaded);
        cJSON_Delete(out);
        return NULL;
    }
    pthread_mutex_lock(&st->lock);
    /* In upload order: each upload goes to the front of the list, so the list read from its
     * end. */
    size_t count = 0;
    for (const struct store__snapshot *snap = st->snapshots; snap; snap = snap->next)
        count += snap->uploaded != 0;
    const char **names = malloc((count ? count : 1) * sizeof *names);
    ok = names != NULL;
    size_t at = count;
    for (const struct store__snapshot *snap = st->snapshots; ok && snap; snap = snap->next)
        if (snap->uploaded)
            names[--at] = snap->name;
    for (size_t i = 0; ok && i < count; i++)
        ok = cJSON_AddItemToArray(all, cJSON_CreateString(names[i])) &&
             cJSON_AddItemToArray(uploaded, cJSON_CreateString(names[i]));
    pthread_mutex_unlock(&st->lock);
    free(names);
    if (!ok) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

static int deserialize_copy(const struct store__snapshot *snap, sqlite3 *db)
{
    unsigned char *copy = sqlite3_malloc64((sqlite3_uint64)snap->size);
    if (!copy)
        return RM_ENOMEM;
    memcpy(copy, snap->bytes, (size_t)snap->size);
    int rc = sqlite3_deserialize(db, "main", copy, snap->size, snap->size,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    return rc == SQLITE_OK ? RM_OK : RM_EDB; /* on failure SQLite freed the copy */
}

int store__snapshot_restore(const struct store__snapshot *snap, sqlite3 *db, bool file_backed,
                            char *err, size_t errlen)
{
    if (!file_backed) {
        int rc = deserialize_copy(snap, db);
        if (rc != RM_OK)
            snprintf(err, errlen, "cannot restore fixture %s: %s", snap->name,
                     rc == RM_ENOMEM ? "out of memory" : sqlite3_errmsg(db));
        return rc;
    }
    /* A file must stay a file (and in WAL mode): copy the pages over with the backup API
     * from a memory database holding the snapshot. */
    sqlite3 *mem = NULL;
    int rc = RM_EDB;
    if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        deserialize_copy(snap, mem) == RM_OK) {
        sqlite3_backup *b = sqlite3_backup_init(db, "main", mem, "main");
        if (b) {
            int step = sqlite3_backup_step(b, -1);
            rc = (sqlite3_backup_finish(b) == SQLITE_OK && step == SQLITE_DONE) ? RM_OK : RM_EDB;
        }
    }
    if (rc != RM_OK)
        snprintf(err, errlen, "cannot restore fixture %s: %s", snap->name, sqlite3_errmsg(db));
    sqlite3_close(mem);
    return rc;
}

int store_fx_fail(struct store_fixture_error *err, const char *path, const char *key,
                  const char *message)
{
    if (key)
        snprintf(err->path, sizeof err->path, "%s.%s", path, key);
    else
        snprintf(err->path, sizeof err->path, "%s", path);
    snprintf(err->message, sizeof err->message, "%s", message);
    return RM_EINVAL;
}

/* The item at key; *absent tells a missing key (or JSON null) from a present one. */
static const cJSON *fx_item(const cJSON *obj, const char *key, bool *absent)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    *absent = !item || cJSON_IsNull(item);
    return item;
}

int store_fx_string(const cJSON *obj, const char *path, const char *key, bool required,
                    const char **out, struct store_fixture_error *err)
{
    bool absent;
    const cJSON *item = fx_item(obj, key, &absent);
    if (absent)
        return required ? store_fx_fail(err, path, key, "is required (a string)") : RM_OK;
    if (!cJSON_IsString(item))
        return store_fx_fail(err, path, key, "must be a string");
    *out = item->valuestring;
    return RM_OK;
}

int store_fx_int(const cJSON *obj, const char *path, const char *key, bool required,
                 int64_t *out, struct store_fixture_error *err)
{
    bool absent;
    const cJSON *item = fx_item(obj, key, &absent);
    if (absent)
        return required ? store_fx_fail(err, path, key, "is required (an integer)") : RM_OK;
    double v = cJSON_IsNumber(item) ? item->valuedouble : 0.5;
    /* the range first: converting a double outside int64_t's range is undefined */
    if (v > 9007199254740992.0 || v < -9007199254740992.0 || v != (double)(int64_t)v)
        return store_fx_fail(err, path, key, "must be an integer");
    *out = (int64_t)v;
    return RM_OK;
}

int store_fx_bool(const cJSON *obj, const char *path, const char *key, bool required, bool *out,
                  struct store_fixture_error *err)
{
    bool absent;
    const cJSON *item = fx_item(obj, key, &absent);
    if (absent)
        return required ? store_fx_fail(err, path, key, "is required (true or false)") : RM_OK;
    if (!cJSON_IsBool(item))
        return store_fx_fail(err, path, key, "must be true or false");
    *out = cJSON_IsTrue(item);
    return RM_OK;
}

int store_fx_array(const cJSON *obj, const char *path, const char *key, bool required,
                   const cJSON **out, struct store_fixture_error *err)
{
    bool absent;
    const cJSON *item = fx_item(obj, key, &absent);
    *out = NULL;
    if (absent)
        return required ? store_fx_fail(err, path, key, "is required (an array)") : RM_OK;
    if (!cJSON_IsArray(item))
        return store_fx_fail(err, path, key, "must be an array");
    *out = item;
    return RM_OK;
}

int store_fx_parse_time(const char *text, int64_t *ms_out)
{
    int y, mo, d, h, mi, s, ms = 0, n = 0;
    if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6)
        return RM_EINVAL;
    const char *rest = text + n;
    if (*rest == '.') {
        int digits = 0;
        if (sscanf(rest, ".%3d%n", &ms, &digits) != 1 || digits != 4)
            return RM_EINVAL;
        rest += digits;
    }
    if (strcmp(rest, "Z") != 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        s > 60)
        return RM_EINVAL;
    /* Days from civil (Howard Hinnant's algorithm): timegm without the TZ environment. */
    y -= mo <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (unsigned)((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    int64_t days = (int64_t)era * 146097 + (int64_t)doe - 719468;
    *ms_out = ((days * 24 + h) * 60 + mi) * 60000 + (int64_t)s * 1000 + ms;
    return RM_OK;
}

int store_snapshot_export(struct store *st, const char *fixture, const unsigned char **data,
                          size_t *size, char *err, size_t errlen)
{
    const struct store__snapshot *snap;
    int rc = store__snapshot_get(st, fixture, &snap, err, errlen);
    if (rc == RM_OK) {
        *data = snap->bytes;
        *size = (size_t)snap->size;
        store__snapshot_put(st, snap); /* built-in ones are never replaced */
    }
    return rc;
}
