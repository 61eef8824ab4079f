/*
 * pcvisit data access over schema/pcvisit.sql, and the "pcvisit" fixture section.
 * SQL text is static so store_stmt() caches each statement per tenant.
 */
#include "store/pcvisit.h"

#include "store/store_int.h"

#include <stdio.h>
#include <string.h>

/* ---- fixture section ---- */

struct pcv_loader {
    sqlite3 *db;
    sqlite3_stmt *company, *user, *user_company, *pair, *session, *comment;
};

static const char SQL_FX_COMPANY[] =
    "INSERT INTO pcv_company(customer_uuid, company_id, company_name, email, phone, picture, "
    "is_picture_fallback, vat_id, street, zip_code, city, country, reporting_active_since, "
    "batch_loading) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FX_USER[] =
    "INSERT INTO pcv_user(auth0_id, email, first_name, last_name, phone, picture, "
    "is_picture_fallback, email_verified, team_account, created, last_login, "
    "last_password_reset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FX_USER_COMPANY[] =
    "INSERT OR REPLACE INTO pcv_user_company(user_id, company_id, in_charge) "
    "SELECT ?, id, ? FROM pcv_company WHERE customer_uuid = ?";
static const char SQL_FX_PAIR[] =
    "INSERT INTO pcv_token_pair(integrator_token, user_token, user_id, company_id, "
    "budget_per_minute) SELECT ?, ?, u.id, c.id, ? FROM pcv_user u, pcv_company c "
    "WHERE u.auth0_id = ? AND c.customer_uuid = ?";
static const char SQL_FX_SESSION[] = "INSERT INTO pcv_session(uuid, company_id, created_at, doc) "
                                     "SELECT ?, id, ?, ? FROM pcv_company WHERE customer_uuid = ?";
static const char SQL_FX_COMMENT[] =
    "INSERT INTO pcv_session_comment(session_id, created_at, author, text) VALUES (?, ?, ?, ?)";

/* The enum values a fixture's session may use (schema/pcvisit.graphql). */
static const char *const session_types[] = {"AdHocSessionForSupporter", "DeviceAccessSession",
                                            "R2OSession", NULL};
static const char *const session_states[] = {"AwaitingAccessAsParticipant",
                                             "Canceled",
                                             "CreatingStream",
                                             "Failed",
                                             "Finished",
                                             "ServingStream",
                                             NULL};
static const char *const invoice_states[] = {"Invoiced", "NoInvoiceRequired", "NotInvoiced", NULL};

static int fx_step(sqlite3_stmt *stmt, struct store_fixture_error *err, const char *path)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc == SQLITE_DONE)
        return RM_OK;
    return store_fx_fail(err, path, NULL, sqlite3_errmsg(sqlite3_db_handle(stmt)));
}

/* An insert through a SELECT that must find its references: one row or the named error. */
static int fx_step_one(sqlite3_stmt *stmt, struct store_fixture_error *err, const char *path,
                       const char *key, const char *message)
{
    int rc = fx_step(stmt, err, path);
    if (rc == RM_OK && sqlite3_changes(sqlite3_db_handle(stmt)) != 1)
        rc = store_fx_fail(err, path, key, message);
    return rc;
}

static void bind_opt_int(sqlite3_stmt *s, int i, bool has, int64_t v)
{
    if (has)
        sqlite3_bind_int64(s, i, v);
    else
        sqlite3_bind_null(s, i);
}

static int fx_company(struct pcv_loader *l, const cJSON *c, const char *path,
                      struct store_fixture_error *err)
{
    const char *uuid = NULL, *company_id = NULL, *name = NULL, *email = "", *phone = "";
    const char *picture = "", *vat = "", *street = NULL, *zip = NULL, *city = NULL;
    const char *country = NULL;
    bool fallback = true, batch = false;
    int64_t since = 0;
    char apath[200];
    snprintf(apath, sizeof apath, "%s.address", path);
    if (!cJSON_IsObject(c))
        return store_fx_fail(err, path, NULL, "must be an object");
    const cJSON *addr = cJSON_GetObjectItemCaseSensitive(c, "address");
    if (addr && !cJSON_IsObject(addr))
        return store_fx_fail(err, path, "address", "must be an object");
    int rc = store_fx_string(c, path, "customerUuid", true, &uuid, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "companyId", false, &company_id, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "companyName", true, &name, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "email", false, &email, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "phone", false, &phone, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "picture", false, &picture, err);
    if (rc == RM_OK)
        rc = store_fx_bool(c, path, "isPictureFallback", false, &fallback, err);
    if (rc == RM_OK)
        rc = store_fx_string(c, path, "vatId", false, &vat, err);
    if (rc == RM_OK)
        rc = store_fx_int(c, path, "reportingActiveSince", false, &since, err);
    if (rc == RM_OK)
        rc = store_fx_bool(c, path, "batchLoadingIsStillActive", false, &batch, err);
    if (rc == RM_OK && addr)
        rc = store_fx_string(addr, apath, "street", false, &street, err);
    if (rc == RM_OK && addr)
        rc = store_fx_string(addr, apath, "zipCode", false, &zip, err);
    if (rc == RM_OK && addr)
        rc = store_fx_string(addr, apath, "city", false, &city, err);
    if (rc == RM_OK && addr)
        rc = store_fx_string(addr, apath, "country", false, &country, err);
    if (rc != RM_OK)
        return rc;
    sqlite3_stmt *s = l->company;
    const char *text[] = {uuid, company_id, name, email, phone, picture};
    for (int i = 0; i < 6; i++)
        store_bind_text(s, i + 1, text[i]);
    sqlite3_bind_int(s, 7, fallback);
    store_bind_text(s, 8, vat);
    store_bind_text(s, 9, street);
    store_bind_text(s, 10, zip);
    store_bind_text(s, 11, city);
    store_bind_text(s, 12, country);
    sqlite3_bind_int64(s, 13, since);
    sqlite3_bind_int(s, 14, batch);
    return fx_step(s, err, path);
}

static int fx_user_companies(struct pcv_loader *l, const cJSON *u, const char *path,
                             const char *key, int64_t user_id, bool in_charge,
                             struct store_fixture_error *err)
{
    const cJSON *list;
    int rc = store_fx_array(u, path, key, false, &list, err);
    int i = 0;
    for (const cJSON *c = list ? list->child : NULL; rc == RM_OK && c; c = c->next, i++) {
        char ipath[240];
        snprintf(ipath, sizeof ipath, "%s.%s[%d]", path, key, i);
        if (!cJSON_IsString(c))
            return store_fx_fail(err, ipath, NULL, "must be a customer uuid string");
        sqlite3_bind_int64(l->user_company, 1, user_id);
        sqlite3_bind_int(l->user_company, 2, in_charge);
        store_bind_text(l->user_company, 3, c->valuestring);
        rc = fx_step_one(l->user_company, err, ipath, NULL, "names no company of the fixture");
    }
    return rc;
}

static int fx_user(struct pcv_loader *l, const cJSON *u, const char *path,
                   struct store_fixture_error *err)
{
    const char *id = NULL, *email = NULL, *first = "", *last = "", *phone = "", *picture = "";
    bool fallback = true, verified = true, team = false;
    int64_t created = 0, login = 0, reset = 0;
    if (!cJSON_IsObject(u))
        return store_fx_fail(err, path, NULL, "must be an object");
    int rc = store_fx_string(u, path, "id", true, &id, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "email", true, &email, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "firstName", false, &first, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "lastName", false, &last, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "phone", false, &phone, err);
    if (rc == RM_OK)
        rc = store_fx_string(u, path, "picture", false, &picture, err);
    if (rc == RM_OK)
        rc = store_fx_bool(u, path, "isPictureFallback", false, &fallback, err);
    if (rc == RM_OK)
        rc = store_fx_bool(u, path, "emailVerified", false, &verified, err);
    if (rc == RM_OK)
        rc = store_fx_bool(u, path, "teamAccount", false, &team, err);
    if (rc == RM_OK)
        rc = store_fx_int(u, path, "created", false, &created, err);
    bool has_login = cJSON_GetObjectItemCaseSensitive(u, "lastLogin") != NULL;
    bool has_reset = cJSON_GetObjectItemCaseSensitive(u, "lastPasswordReset") != NULL;
    if (rc == RM_OK)
        rc = store_fx_int(u, path, "lastLogin", false, &login, err);
    if (rc == RM_OK)
        rc = store_fx_int(u, path, "lastPasswordReset", false, &reset, err);
    if (rc != RM_OK)
        return rc;
    sqlite3_stmt *s = l->user;
    const char *text[] = {id, email, first, last, phone, picture};
    for (int i = 0; i < 6; i++)
        store_bind_text(s, i + 1, text[i]);
    sqlite3_bind_int(s, 7, fallback);
    sqlite3_bind_int(s, 8, verified);
    sqlite3_bind_int(s, 9, team);
    sqlite3_bind_int64(s, 10, created);
    bind_opt_int(s, 11, has_login, login);
    bind_opt_int(s, 12, has_reset, reset);
    if ((rc = fx_step(s, err, path)) != RM_OK)
        return rc;
    int64_t user_id = sqlite3_last_insert_rowid(l->db);
    rc = fx_user_companies(l, u, path, "companyIds", user_id, false, err);
    if (rc == RM_OK)
        rc = fx_user_companies(l, u, path, "companyInChargeIds", user_id, true, err);
    return rc;
}

static int fx_pair(struct pcv_loader *l, const cJSON *p, const char *path,
                   struct store_fixture_error *err)
{
    const char *integrator = NULL, *user_token = NULL, *user = NULL, *company = NULL;
    int64_t budget = 600;
    if (!cJSON_IsObject(p))
        return store_fx_fail(err, path, NULL, "must be an object");
    int rc = store_fx_string(p, path, "integratorApiToken", true, &integrator, err);
    if (rc == RM_OK)
        rc = store_fx_string(p, path, "userApiToken", true, &user_token, err);
    if (rc == RM_OK)
        rc = store_fx_string(p, path, "user", true, &user, err);
    if (rc == RM_OK)
        rc = store_fx_string(p, path, "company", true, &company, err);
    if (rc == RM_OK)
        rc = store_fx_int(p, path, "budgetPerMinute", false, &budget, err);
    if (rc == RM_OK && budget < 1)
        rc = store_fx_fail(err, path, "budgetPerMinute", "must be at least 1");
    if (rc != RM_OK)
        return rc;
    sqlite3_stmt *s = l->pair;
    store_bind_text(s, 1, integrator);
    store_bind_text(s, 2, user_token);
    sqlite3_bind_int64(s, 3, budget);
    store_bind_text(s, 4, user);
    store_bind_text(s, 5, company);
    return fx_step_one(s, err, path, NULL, "user or company names none of the fixture");
}

static int fx_enum(const cJSON *obj, const char *path, const char *key, const char *const *values,
                   struct store_fixture_error *err)
{
    const char *v = NULL;
    int rc = store_fx_string(obj, path, key, true, &v, err);
    if (rc != RM_OK)
        return rc;
    for (size_t i = 0; values[i]; i++)
        if (strcmp(values[i], v) == 0)
            return RM_OK;
    return store_fx_fail(err, path, key, "must be a value of the schema's enum");
}

static int fx_comments(struct pcv_loader *l, const cJSON *s, const char *path, int64_t session_id,
                       struct store_fixture_error *err)
{
    const cJSON *list;
    int rc = store_fx_array(s, path, "comments", false, &list, err);
    int i = 0;
    for (const cJSON *c = list ? list->child : NULL; rc == RM_OK && c; c = c->next, i++) {
        char cpath[240];
        const char *author = "", *text = NULL;
        int64_t at = 0;
        snprintf(cpath, sizeof cpath, "%s.comments[%d]", path, i);
        if (!cJSON_IsObject(c))
            return store_fx_fail(err, cpath, NULL, "must be an object");
        rc = store_fx_int(c, cpath, "createdAt", true, &at, err);
        if (rc == RM_OK)
            rc = store_fx_string(c, cpath, "author", false, &author, err);
        if (rc == RM_OK)
            rc = store_fx_string(c, cpath, "text", true, &text, err);
        if (rc != RM_OK)
            break;
        sqlite3_bind_int64(l->comment, 1, session_id);
        sqlite3_bind_int64(l->comment, 2, at);
        store_bind_text(l->comment, 3, author);
        store_bind_text(l->comment, 4, text);
        rc = fx_step(l->comment, err, cpath);
    }
    return rc;
}

/* F-PCV-066: a protocol is kept as the SessionProtocol object the API returns; the loader
 * checks the fields every query relies on, the rest is served as the fixture wrote it. */
static int fx_session(struct pcv_loader *l, const cJSON *s, const char *path,
                      struct store_fixture_error *err)
{
    const char *id = NULL, *name = NULL, *company = NULL;
    int64_t created = 0, updated = 0;
    const cJSON *participants;
    if (!cJSON_IsObject(s))
        return store_fx_fail(err, path, NULL, "must be an object");
    int rc = store_fx_string(s, path, "id", true, &id, err);
    if (rc == RM_OK)
        rc = store_fx_string(s, path, "name", true, &name, err);
    if (rc == RM_OK)
        rc = store_fx_string(s, path, "sessionCompanyUuid", true, &company, err);
    if (rc == RM_OK)
        rc = store_fx_int(s, path, "sessionCreatedAt", true, &created, err);
    if (rc == RM_OK)
        rc = store_fx_int(s, path, "lastUpdatedAt", true, &updated, err);
    if (rc == RM_OK)
        rc = fx_enum(s, path, "type", session_types, err);
    if (rc == RM_OK)
        rc = fx_enum(s, path, "state", session_states, err);
    if (rc == RM_OK)
        rc = fx_enum(s, path, "invoiceState", invoice_states, err);
    if (rc == RM_OK)
        rc = store_fx_array(s, path, "participants", true, &participants, err);
    if (rc != RM_OK)
        return rc;
    cJSON *doc = cJSON_Duplicate(s, true);
    char *text = NULL;
    if (doc) {
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "comments");
        text = cJSON_PrintUnformatted(doc);
        cJSON_Delete(doc);
    }
    if (!text)
        return store_fx_fail(err, path, NULL, "out of memory");
    sqlite3_stmt *st = l->session;
    store_bind_text(st, 1, id);
    sqlite3_bind_int64(st, 2, created);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
    store_bind_text(st, 4, company);
    cJSON_free(text);
    rc = fx_step_one(st, err, path, "sessionCompanyUuid", "names no company of the fixture");
    if (rc == RM_OK)
        rc = fx_comments(l, s, path, sqlite3_last_insert_rowid(l->db), err);
    return rc;
}

typedef int (*fx_item_fn)(struct pcv_loader *l, const cJSON *item, const char *path,
                          struct store_fixture_error *err);

static int fx_list(struct pcv_loader *l, const cJSON *section, const char *key, fx_item_fn fn,
                   struct store_fixture_error *err)
{
    const cJSON *list;
    int rc = store_fx_array(section, "$.pcvisit", key, false, &list, err);
    int i = 0;
    for (const cJSON *item = list ? list->child : NULL; rc == RM_OK && item; item = item->next) {
        char path[128];
        snprintf(path, sizeof path, "$.pcvisit.%s[%d]", key, i++);
        rc = fn(l, item, path, err);
    }
    return rc;
}

static int load_section(sqlite3 *db, const cJSON *section, struct store_fixture_error *err)
{
    if (!cJSON_IsObject(section))
        return store_fx_fail(err, "$.pcvisit", NULL, "must be an object");
    struct pcv_loader l = {.db = db};
    struct {
        sqlite3_stmt **stmt;
        const char *sql;
    } prepare[] = {
        {&l.company, SQL_FX_COMPANY},           {&l.user, SQL_FX_USER},
        {&l.user_company, SQL_FX_USER_COMPANY}, {&l.pair, SQL_FX_PAIR},
        {&l.session, SQL_FX_SESSION},           {&l.comment, SQL_FX_COMMENT},
    };
    int rc = RM_OK;
    for (size_t i = 0; rc == RM_OK && i < RM_ARRAY_LEN(prepare); i++)
        if (sqlite3_prepare_v2(db, prepare[i].sql, -1, prepare[i].stmt, NULL) != SQLITE_OK)
            rc = store_fx_fail(err, "$.pcvisit", NULL, sqlite3_errmsg(db));
    if (rc == RM_OK)
        rc = fx_list(&l, section, "companies", fx_company, err);
    if (rc == RM_OK)
        rc = fx_list(&l, section, "users", fx_user, err);
    if (rc == RM_OK)
        rc = fx_list(&l, section, "tokenPairs", fx_pair, err);
    if (rc == RM_OK)
        rc = fx_list(&l, section, "sessions", fx_session, err);
    for (size_t i = 0; i < RM_ARRAY_LEN(prepare); i++)
        sqlite3_finalize(*prepare[i].stmt);
    return rc;
}

/* F-CTL-003: a created tenant's own token pair replaces the fixture's built-in one; either
 * token routes (the rest of the fixture's pairs stay as they are). */
static int issue(sqlite3 *db, struct store_issue *iss)
{
    static const struct {
        const char *field, *update, *exists, *builtin, *suffix;
    } tokens[] = {
        {"integratorApiToken",
         "UPDATE pcv_token_pair SET integrator_token = ?1 WHERE integrator_token = ?2",
         "SELECT 1 FROM pcv_token_pair WHERE integrator_token = ?1", "demo-integrator-token",
         "integrator-token"},
        {"userApiToken", "UPDATE pcv_token_pair SET user_token = ?1 WHERE user_token = ?2",
         "SELECT 1 FROM pcv_token_pair WHERE user_token = ?1", "demo-user-token", "user-token"},
    };
    cJSON *c = NULL;
    for (size_t i = 0; i < RM_ARRAY_LEN(tokens); i++) {
        char value[STORE_CREDENTIAL_MAX];
        int rc = store_issue_replace(db, iss, tokens[i].update, tokens[i].exists, tokens[i].builtin,
                                     tokens[i].suffix, value);
        if (rc == RM_ENOTFOUND)
            continue;
        if (rc != RM_OK)
            return rc;
        if (!c && !(c = cJSON_AddObjectToObject(iss->credentials, "pcvisit")))
            return RM_ENOMEM;
        if (!cJSON_AddStringToObject(c, tokens[i].field, value))
            return RM_ENOMEM;
    }
    /* F-CTL-005: a JWT names its tenant by a route of its own (claim "rmmsimTenant"): the
     * tokens it was made from must not travel in it. */
    if (!iss->seed)
        return RM_OK;
    char route[STORE_CREDENTIAL_MAX];
    snprintf(route, sizeof route, "%s-jwt", iss->seed);
    sqlite3_stmt *put;
    if (sqlite3_prepare_v2(db,
                           "INSERT OR REPLACE INTO rmmsim_meta(key, value) "
                           "VALUES ('pcvisit.jwt_route', ?1)",
                           -1, &put, NULL) != SQLITE_OK)
        return RM_EDB;
    sqlite3_bind_text(put, 1, route, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(put) == SQLITE_DONE ? RM_OK : RM_EDB;
    sqlite3_finalize(put);
    return rc == RM_OK ? store_issue_route(iss, route) : rc;
}

/* ---- export (F-CTL-050): the section back in the loader's format ---- */

static bool ex_int(cJSON *o, const char *key, sqlite3_stmt *s, int col)
{
    return sqlite3_column_type(s, col) == SQLITE_NULL ||
           cJSON_AddNumberToObject(o, key, (double)sqlite3_column_int64(s, col));
}

static bool ex_company(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    (void)db;
    (void)ex;
    cJSON *c = store__export_item(into);
    bool ok = c && store__export_text(c, "customerUuid", s, 0) &&
              store__export_text(c, "companyId", s, 1) &&
              store__export_text(c, "companyName", s, 2) && store__export_text(c, "email", s, 3) &&
              store__export_text(c, "phone", s, 4) && store__export_text(c, "picture", s, 5) &&
              cJSON_AddBoolToObject(c, "isPictureFallback", sqlite3_column_int(s, 6)) &&
              store__export_text(c, "vatId", s, 7) && ex_int(c, "reportingActiveSince", s, 12) &&
              cJSON_AddBoolToObject(c, "batchLoadingIsStillActive", sqlite3_column_int(s, 13));
    /* The address only when some part of it is known: without one every part is NULL. */
    bool any = false;
    for (int col = 8; col < 12; col++)
        any |= sqlite3_column_type(s, col) != SQLITE_NULL;
    cJSON *addr = ok && any ? cJSON_AddObjectToObject(c, "address") : NULL;
    if (ok && any)
        ok = addr && store__export_text(addr, "street", s, 8) &&
             store__export_text(addr, "zipCode", s, 9) && store__export_text(addr, "city", s, 10) &&
             store__export_text(addr, "country", s, 11);
    return ok;
}

static bool ex_user(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    static const char companies_sql[] =
        "SELECT c.customer_uuid FROM pcv_user_company x JOIN pcv_company c ON c.id = x.company_id "
        "WHERE x.user_id = ? AND x.in_charge = 0 ORDER BY c.id";
    static const char in_charge_sql[] =
        "SELECT c.customer_uuid FROM pcv_user_company x JOIN pcv_company c ON c.id = x.company_id "
        "WHERE x.user_id = ? AND x.in_charge <> 0 ORDER BY c.id";
    int64_t id = sqlite3_column_int64(s, 0);
    cJSON *u = store__export_item(into);
    return u && store__export_text(u, "id", s, 1) && store__export_text(u, "email", s, 2) &&
           store__export_text(u, "firstName", s, 3) && store__export_text(u, "lastName", s, 4) &&
           store__export_text(u, "phone", s, 5) && store__export_text(u, "picture", s, 6) &&
           cJSON_AddBoolToObject(u, "isPictureFallback", sqlite3_column_int(s, 7)) &&
           cJSON_AddBoolToObject(u, "emailVerified", sqlite3_column_int(s, 8)) &&
           cJSON_AddBoolToObject(u, "teamAccount", sqlite3_column_int(s, 9)) &&
           ex_int(u, "created", s, 10) && ex_int(u, "lastLogin", s, 11) &&
           ex_int(u, "lastPasswordReset", s, 12) &&
           store__export_rows(db, companies_sql, id, ex, store__export_string,
                              cJSON_AddArrayToObject(u, "companyIds")) &&
           store__export_rows(db, in_charge_sql, id, ex, store__export_string,
                              cJSON_AddArrayToObject(u, "companyInChargeIds"));
}

static bool ex_pair(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    (void)db;
    cJSON *p = store__export_item(into);
    const char *integrator = store_export_credential(ex, (const char *)sqlite3_column_text(s, 0),
                                                     "demo-integrator-token", "integrator-token");
    const char *user = store_export_credential(ex, (const char *)sqlite3_column_text(s, 1),
                                               "demo-user-token", "user-token");
    return p && cJSON_AddStringToObject(p, "integratorApiToken", integrator) &&
           cJSON_AddStringToObject(p, "userApiToken", user) &&
           store__export_text(p, "user", s, 2) && store__export_text(p, "company", s, 3) &&
           ex_int(p, "budgetPerMinute", s, 4);
}

static bool ex_comment(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    (void)db;
    (void)ex;
    cJSON *c = store__export_item(into);
    return c && ex_int(c, "createdAt", s, 0) && store__export_text(c, "author", s, 1) &&
           store__export_text(c, "text", s, 2);
}

/* F-PCV-066: the stored protocol is the session object as loaded, comments aside. */
static bool ex_session(sqlite3 *db, sqlite3_stmt *s, const struct store_export *ex, cJSON *into)
{
    static const char comments_sql[] = "SELECT created_at, author, text FROM pcv_session_comment "
                                       "WHERE session_id = ? ORDER BY id";
    cJSON *doc = cJSON_Parse((const char *)sqlite3_column_text(s, 1));
    if (!doc || !cJSON_AddItemToArray(into, doc)) {
        cJSON_Delete(doc);
        return false;
    }
    return store__export_rows(db, comments_sql, sqlite3_column_int64(s, 0), ex, ex_comment,
                              cJSON_AddArrayToObject(doc, "comments"));
}

static cJSON *export_section(sqlite3 *db, const struct store_export *ex)
{
    static const char companies_sql[] =
        "SELECT customer_uuid, company_id, company_name, email, phone, picture, "
        "is_picture_fallback, vat_id, street, zip_code, city, country, reporting_active_since, "
        "batch_loading FROM pcv_company ORDER BY id";
    static const char users_sql[] =
        "SELECT id, auth0_id, email, first_name, last_name, phone, picture, is_picture_fallback, "
        "email_verified, team_account, created, last_login, last_password_reset FROM pcv_user "
        "ORDER BY id";
    static const char pairs_sql[] =
        "SELECT p.integrator_token, p.user_token, u.auth0_id, c.customer_uuid, "
        "p.budget_per_minute FROM pcv_token_pair p JOIN pcv_user u ON u.id = p.user_id "
        "JOIN pcv_company c ON c.id = p.company_id ORDER BY p.id";
    static const char sessions_sql[] = "SELECT id, doc FROM pcv_session ORDER BY id";
    cJSON *out = cJSON_CreateObject();
    if (!out ||
        !store__export_rows(db, companies_sql, 0, ex, ex_company,
                            cJSON_AddArrayToObject(out, "companies")) ||
        !store__export_rows(db, users_sql, 0, ex, ex_user, cJSON_AddArrayToObject(out, "users")) ||
        !store__export_rows(db, pairs_sql, 0, ex, ex_pair,
                            cJSON_AddArrayToObject(out, "tokenPairs")) ||
        !store__export_rows(db, sessions_sql, 0, ex, ex_session,
                            cJSON_AddArrayToObject(out, "sessions"))) {
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

const struct store_section store_pcv_section = {
    .name = "pcvisit",
    .schema_sql = "schema/pcvisit.sql",
    .load = load_section,
    .load_absent = NULL,
    .issue = issue,
    .export = export_section,
};

/* ---- reads ---- */

int store_pcv_jwt_route(struct store_tenant *t, struct rm_arena *a, const char **route)
{
    static const char sql[] = "SELECT value FROM rmmsim_meta WHERE key = 'pcvisit.jwt_route'";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    int step = sqlite3_step(s);
    *route = step == SQLITE_ROW ? store_col_text(a, s, 0) : NULL;
    sqlite3_reset(s);
    return step == SQLITE_ROW || step == SQLITE_DONE ? RM_OK : RM_EDB;
}

/* Steps stmt expecting at most one row: RM_OK with a row, RM_ENOTFOUND, or RM_EDB. */
static int step_row(sqlite3_stmt *stmt)
{
    if (!stmt)
        return RM_EDB;
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        return RM_OK;
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? RM_ENOTFOUND : RM_EDB;
}

int store_pcv_pair_find(struct store_tenant *t, struct rm_arena *a, const char *integrator_token,
                        const char *user_token, struct store_pcv_pair *out)
{
    static const char sql[] =
        "SELECT p.id, p.budget_per_minute, u.id, u.auth0_id, u.email, c.customer_uuid "
        "FROM pcv_token_pair p JOIN pcv_user u ON u.id = p.user_id "
        "JOIN pcv_company c ON c.id = p.company_id "
        "WHERE p.integrator_token = ? AND p.user_token = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, integrator_token);
    store_bind_text(s, 2, user_token);
    int rc = step_row(s);
    if (rc != RM_OK)
        return rc;
    *out = (struct store_pcv_pair){
        .id = sqlite3_column_int64(s, 0),
        .budget_per_minute = sqlite3_column_int64(s, 1),
        .user_id = sqlite3_column_int64(s, 2),
        .auth0_id = store_col_text(a, s, 3),
        .email = store_col_text(a, s, 4),
        .customer_uuid = store_col_text(a, s, 5),
    };
    sqlite3_reset(s);
    return out->auth0_id && out->email && out->customer_uuid ? RM_OK : RM_ENOMEM;
}

int store_pcv_pair_budget(struct store_tenant *t, int64_t pair_id, int64_t *budget)
{
    static const char sql[] = "SELECT budget_per_minute FROM pcv_token_pair WHERE id = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, pair_id);
    int rc = step_row(s);
    if (rc == RM_OK) {
        *budget = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
    }
    return rc;
}

#define COMPANY_COLUMNS                                                                            \
    "id, customer_uuid, company_id, company_name, email, phone, picture, vat_id, street, "         \
    "zip_code, city, country, is_picture_fallback, reporting_active_since, batch_loading "

int store_pcv_company_find(struct store_tenant *t, struct rm_arena *a, const char *key,
                           bool by_company_id, struct store_pcv_company *out)
{
    static const char by_uuid_sql[] =
        "SELECT " COMPANY_COLUMNS "FROM pcv_company WHERE customer_uuid = ?";
    static const char by_id_sql[] =
        "SELECT " COMPANY_COLUMNS "FROM pcv_company WHERE company_id = ?";
    sqlite3_stmt *s = store_stmt(t, by_company_id ? by_id_sql : by_uuid_sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, key);
    int rc = step_row(s);
    if (rc != RM_OK)
        return rc;
    const char **text[] = {&out->customer_uuid, &out->company_id, &out->company_name, &out->email,
                           &out->phone,         &out->picture,    &out->vat_id,       &out->street,
                           &out->zip_code,      &out->city,       &out->country};
    out->id = sqlite3_column_int64(s, 0);
    for (int i = 0; i < (int)RM_ARRAY_LEN(text); i++)
        *text[i] = store_col_text(a, s, i + 1);
    out->is_picture_fallback = sqlite3_column_int(s, 12);
    out->reporting_active_since = sqlite3_column_int64(s, 13);
    out->batch_loading = sqlite3_column_int(s, 14);
    sqlite3_reset(s);
    return a->failed ? RM_ENOMEM : RM_OK;
}

#define USER_COLUMNS                                                                               \
    "id, auth0_id, email, first_name, last_name, phone, picture, is_picture_fallback, "            \
    "email_verified, team_account, created, last_login, last_password_reset "

static int user_row(sqlite3_stmt *s, struct rm_arena *a, struct store_pcv_user *out)
{
    int rc = step_row(s);
    if (rc != RM_OK)
        return rc;
    const char **text[] = {&out->auth0_id,  &out->email, &out->first_name,
                           &out->last_name, &out->phone, &out->picture};
    out->id = sqlite3_column_int64(s, 0);
    for (int i = 0; i < (int)RM_ARRAY_LEN(text); i++)
        *text[i] = store_col_text(a, s, i + 1);
    out->is_picture_fallback = sqlite3_column_int(s, 7);
    out->email_verified = sqlite3_column_int(s, 8);
    out->team_account = sqlite3_column_int(s, 9);
    out->created = sqlite3_column_int64(s, 10);
    out->has_last_login = sqlite3_column_type(s, 11) != SQLITE_NULL;
    out->last_login = sqlite3_column_int64(s, 11);
    out->has_last_password_reset = sqlite3_column_type(s, 12) != SQLITE_NULL;
    out->last_password_reset = sqlite3_column_int64(s, 12);
    sqlite3_reset(s);
    return a->failed ? RM_ENOMEM : RM_OK;
}

int store_pcv_user_by_auth0(struct store_tenant *t, struct rm_arena *a, const char *auth0_id,
                            struct store_pcv_user *out)
{
    static const char sql[] = "SELECT " USER_COLUMNS "FROM pcv_user WHERE auth0_id = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, auth0_id);
    return user_row(s, a, out);
}

int store_pcv_user_by_email(struct store_tenant *t, struct rm_arena *a, const char *email,
                            struct store_pcv_user *out)
{
    static const char sql[] = "SELECT " USER_COLUMNS "FROM pcv_user WHERE email = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, email);
    return user_row(s, a, out);
}

int store_pcv_user_companies(struct store_tenant *t, struct rm_arena *a, int64_t user_id,
                             bool in_charge, const char ***uuids_out, size_t *n_out)
{
    static const char sql[] =
        "SELECT c.customer_uuid FROM pcv_user_company uc JOIN pcv_company c "
        "ON c.id = uc.company_id WHERE uc.user_id = ? AND uc.in_charge = ? ORDER BY c.id";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    sqlite3_bind_int64(s, 1, user_id);
    sqlite3_bind_int(s, 2, in_charge);
    size_t n = 0, cap = 8;
    const char **list = rm_arena_alloc(a, cap * sizeof *list);
    int rc;
    while (list && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n + 1 == cap) {
            const char **bigger = rm_arena_alloc(a, 2 * cap * sizeof *list);
            if (bigger)
                memcpy(bigger, list, n * sizeof *list);
            list = bigger;
            cap *= 2;
            if (!list)
                break;
        }
        list[n++] = store_col_text(a, s, 0);
    }
    sqlite3_reset(s);
    if (!list || a->failed)
        return RM_ENOMEM;
    list[n] = NULL;
    *uuids_out = list;
    *n_out = n;
    return RM_OK;
}

int store_pcv_user_sees_company(struct store_tenant *t, const char *auth0_id,
                                const char *customer_uuid)
{
    static const char sql[] =
        "SELECT 1 FROM pcv_user u JOIN pcv_user_company uc ON uc.user_id = u.id "
        "JOIN pcv_company c ON c.id = uc.company_id WHERE u.auth0_id = ? AND c.customer_uuid = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, auth0_id);
    store_bind_text(s, 2, customer_uuid);
    int rc = step_row(s);
    if (rc == RM_OK)
        sqlite3_reset(s);
    return rc;
}

int store_pcv_users_share_company(struct store_tenant *t, const char *auth0_a, const char *auth0_b)
{
    static const char sql[] =
        "SELECT 1 FROM pcv_user a JOIN pcv_user_company ua ON ua.user_id = a.id "
        "JOIN pcv_user_company ub ON ub.company_id = ua.company_id "
        "JOIN pcv_user b ON b.id = ub.user_id WHERE a.auth0_id = ? AND b.auth0_id = ?";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, auth0_a);
    store_bind_text(s, 2, auth0_b);
    int rc = step_row(s);
    if (rc == RM_OK)
        sqlite3_reset(s);
    return rc;
}

int store_pcv_sessions(struct store_tenant *t, store_pcv_session_fn fn, void *ctx)
{
    static const char sql[] = "SELECT c.customer_uuid, s.doc FROM pcv_session s JOIN pcv_company c "
                              "ON c.id = s.company_id ORDER BY s.created_at DESC, s.uuid";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *uuid = (const char *)sqlite3_column_text(s, 0);
        const char *doc = (const char *)sqlite3_column_text(s, 1);
        size_t len = (size_t)sqlite3_column_bytes(s, 1);
        if (!uuid || !doc || fn(ctx, uuid, doc, len) != 0)
            break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? RM_OK : RM_EDB;
}

int store_pcv_comments(struct store_tenant *t, const char *session_uuid, store_pcv_comment_fn fn,
                       void *ctx)
{
    static const char sql[] =
        "SELECT m.created_at, m.author, m.text FROM pcv_session_comment m "
        "JOIN pcv_session s ON s.id = m.session_id WHERE s.uuid = ? ORDER BY m.created_at, m.id";
    sqlite3_stmt *s = store_stmt(t, sql);
    if (!s)
        return RM_EDB;
    store_bind_text(s, 1, session_uuid);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *author = (const char *)sqlite3_column_text(s, 1);
        const char *text = (const char *)sqlite3_column_text(s, 2);
        if (fn(ctx, sqlite3_column_int64(s, 0), author ? author : "", text ? text : "") != 0)
            break;
    }
    sqlite3_reset(s);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? RM_OK : RM_EDB;
}
