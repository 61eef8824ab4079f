/*
 * RemotePC Reseller API (seed 001_9a8501fd347b87e5.txt, /rpc-api/reseller/private/user/...)
 * over real HTTP against the "default" fixture: every documented description string reached
 * by a real request, the reply envelope, the sign-in link, state shared with the Enterprise
 * API, and bad input. Each test that pins a decision of docs/fidelity.md names its id.
 *
 * Every reply goes through rp_envelope(): Content-Type application/json, keys status, code,
 * message / errorsCount, errors in that order, code == HTTP status, errorsCount == number of
 * errors, and the Reseller 403 status word "Forbidden" (F-RP-003). The request helpers are
 * in rp_support.h, shared with enterprise_test.c. One server per file; the fixture is
 * restored before every test.
 */
#include "rp_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ Reseller specifics */

#define R "/rpc-api/reseller/private/user/"
#define RKEY "demo-reseller-key"
#define ENT "/rpcnew/api/msp/"
#define EKEY "demo-enterprise-key"
#define DOM "@demo-reseller.example"
#define ACTIVE "active.user" DOM
#define INVITED "invited.user" DOM
#define CANCELLED "cancelled.user" DOM
#define SUSPENDED "suspended.user" DOM
#define BLOCKED "blocked.user" DOM
#define JOHN "john.doe@demo-enterprise.example"
#define OTHER_USER "other.reseller.user@other-reseller.example"
#define PASSWORD "Passw0rd!"
#define SUCCESS "{\"status\":\"OK\",\"code\":200,\"message\":\"SUCCESS\"}"
#define INVALID_REQUEST                                                                            \
    "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":[{\"description\":"     \
    "\"INVALID_REQUEST\"}]}"
#define NOT_AUTHORIZED                                                                             \
    "{\"status\":\"UNAUTHORIZED\",\"code\":401,\"errorsCount\":1,\"errors\":[{\"description\":"    \
    "\"NOT_AUTHORIZED\"}]}"
#define FORBIDDEN                                                                                  \
    "{\"status\":\"Forbidden\",\"code\":403,\"errorsCount\":1,\"errors\":[{\"description\":"       \
    "\"Forbidden\"}]}"

static const struct endpoint {
    const char *path, *body; /* a body that is well-formed for the endpoint */
} endpoints[] = {
    {R "add", "{}"},
    {R "invite", "[]"},
    {R "signin", "{}"},
    {R "list", "{}"},
};
#define NENDPOINTS (sizeof endpoints / sizeof endpoints[0])

/* The reseller list's entries (a copy; cJSON_Delete it). */
static cJSON *users_of(const char *key)
{
    cJSON *m = ok_message("POST", R "list", key, "{}");
    expect_keys(m, ERRS("resellerUsersList"), "list message");
    cJSON *users = cJSON_DetachItemFromObject(m, "resellerUsersList");
    cJSON_Delete(m);
    assert_true(cJSON_IsArray(users));
    return users;
}

/* The list entry of username in Demo Reseller (a copy), or NULL. */
static cJSON *entry(const char *username)
{
    cJSON *users = users_of(RKEY);
    cJSON *e = find_by(users, "username", username);
    e = e ? cJSON_Duplicate(e, 1) : NULL;
    cJSON_Delete(users);
    return e;
}

static int count_users(const char *key)
{
    cJSON *users = users_of(key);
    int n = cJSON_GetArraySize(users);
    cJSON_Delete(users);
    return n;
}

static int number(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsNumber(v))
        fail_msg("%s is not a number", name);
    return v->valueint;
}

static int utilized(const char *username)
{
    cJSON *e = entry(username);
    if (!e)
        fail_msg("%s not in the reseller list", username);
    int n = number(e, "utilized_computers");
    cJSON_Delete(e);
    return n;
}

/* MM-DD-YYYY with a plausible month and day. */
static int is_mm_dd_yyyy(const char *s)
{
    if (strlen(s) != 10 || s[2] != '-' || s[5] != '-')
        return 0;
    for (size_t i = 0; i < 10; i++)
        if (i != 2 && i != 5 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int month = (s[0] - '0') * 10 + (s[1] - '0'), day = (s[3] - '0') * 10 + (s[4] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static const char *const ENTRY_KEYS[] = {"alloted_computers",  "created_date", "isActive",
                                         "utilized_computers", "username",     NULL};

static void check_entry(const cJSON *e)
{
    expect_keys(e, ENTRY_KEYS, "resellerUsersList entry (seed sample keys and order)");
    const char *who = cJSON_GetObjectItem(e, "username")->valuestring;
    if (!cJSON_IsNumber(cJSON_GetObjectItem(e, "alloted_computers")) ||
        !cJSON_IsNumber(cJSON_GetObjectItem(e, "utilized_computers")) ||
        !cJSON_IsBool(cJSON_GetObjectItem(e, "isActive")) ||
        !cJSON_IsString(cJSON_GetObjectItem(e, "created_date")))
        fail_msg("entry %s has a member of the wrong type", who);
    if (!is_mm_dd_yyyy(cJSON_GetObjectItem(e, "created_date")->valuestring))
        fail_msg("entry %s: created_date \"%s\" is not MM-DD-YYYY", who,
                 cJSON_GetObjectItem(e, "created_date")->valuestring);
}

/* Signs username in; returns the link's path on this server (malloc). */
static char *signin_path(const char *username, const char *password)
{
    char *body = fmt("{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
    cJSON *m = ok_message("POST", R "signin", RKEY, body);
    free(body);
    expect_keys(m, ERRS("rpc_redirect_link"), "signin message");
    const char *link = cJSON_GetObjectItem(m, "rpc_redirect_link")->valuestring;
    const char *base = rmmsim_base_url(rp.sim);
    char *prefix = fmt("%s/rpcnew/process/autologin/", base);
    if (strncmp(link, prefix, strlen(prefix)) != 0 || strlen(link) == strlen(prefix))
        fail_msg("rpc_redirect_link %s is not a link under %s", link, prefix);
    free(prefix);
    char *path = strdup(link + strlen(base));
    cJSON_Delete(m);
    return path;
}

/* Follows a link: its status, and the X-Rmmsim-Username header into user (may be NULL). */
static long follow(const char *path, char *user, size_t size)
{
    struct tl_response res;
    tl_get(rp.sim, path, &res);
    long status = res.status;
    if (user && !tl_header(&res, "X-Rmmsim-Username", user, size))
        user[0] = '\0';
    tl_response_free(&res);
    return status;
}

/* ------------------------------------------------------------------ auth and routing */

/* F-RP-002: a missing, malformed or unknown key, or an Enterprise key, is 401 NOT_AUTHORIZED
 * (the list: UNAUTHORIZED_ACCESS), whatever the body. */
static void missing_or_bad_key_is_401(void **state)
{
    (void)state;
    static const char *const auths[] = {
        NULL,
        "Authorization: Bearer",
        "Authorization: Bearer ",
        "Authorization: Basic x",
        "Authorization: demo-reseller-key",
        "Authorization: Bearer no-such-key",
        "Authorization: Bearer demo-reseller-key2",
        "Authorization: Bearer demo-enterprise-key",
        "Authorization: Bearer demo-enterprise-sso-key",
        "Authorization: Bearer demo-enterprise-ipallowed-key",
    };
    static const char list_want[] =
        "{\"status\":\"UNAUTHORIZED\",\"code\":401,\"errorsCount\":1,\"errors\":[{"
        "\"description\":\"UNAUTHORIZED_ACCESS\"}]}";
    for (size_t e = 0; e < NENDPOINTS; e++) {
        const char *want = strcmp(endpoints[e].path, R "list") == 0 ? list_want : NOT_AUTHORIZED;
        for (size_t a = 0; a < sizeof auths / sizeof auths[0]; a++) {
            const char *bodies[] = {endpoints[e].body, "not json"};
            for (size_t b = 0; b < 2; b++) {
                long status;
                char *raw = rp_raw("POST", endpoints[e].path, auths[a], bodies[b], &status);
                if (status != 401 || strcmp(raw, want) != 0)
                    rp_mismatch("POST %s %s with [%s]: %ld %s", endpoints[e].path, bodies[b],
                                auths[a] ? auths[a] : "no Authorization", status, raw);
                free(raw);
            }
        }
    }
    /* the reverse: a Reseller key on the Enterprise API */
    rp.forbidden_word = "FORBIDDEN";
    expect_raw("GET", ENT "user/list", RKEY, NULL, 401,
               "{\"status\":\"UNAUTHORIZED\",\"code\":401,\"errorsCount\":1,\"errors\":[{"
               "\"description\":\"Invalid user\"}]}");
    rp.forbidden_word = "Forbidden";
    soft_end();
}

/* F-RP-003: outside the allowlist, exactly the seed's Forbidden body; X-Forwarded-For is
 * ignored; checked after the key and before the body. */
static void ip_allowlist(void **state)
{
    (void)state;
    for (size_t e = 0; e < NENDPOINTS; e++) {
        expect_raw("POST", endpoints[e].path, "demo-reseller-iplocked-key", endpoints[e].body, 403,
                   FORBIDDEN);
        expect_raw("POST", endpoints[e].path, "demo-reseller-iplocked-key", "not json", 403,
                   FORBIDDEN);
    }
    struct tl_response res;
    rp_http("POST", R "list", "Authorization: Bearer demo-reseller-iplocked-key",
            "X-Forwarded-For: 203.0.113.10", "{}", 0, &res);
    cJSON_Delete(rp_envelope(&res, "X-Forwarded-For"));
    assert_int_equal(res.status, 403);
    assert_string_equal(res.body, FORBIDDEN);
    tl_response_free(&res);
    /* nothing was added through the locked key */
    expect_raw("POST", R "add", "demo-reseller-iplocked-key",
               "{\"firstName\":\"Lock\",\"lastName\":\"Ed\",\"invitedUserEmailId\":"
               "\"lock.ed@example.com\",\"password\":\"Secret1!\"}",
               403, FORBIDDEN);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* F-CORE-004, F-RP-008; reference 4.2 (route, method, key, allowlist, body). */
static void routing_errors(void **state)
{
    (void)state;
    static const char *const unknown[] = {
        R "nope", R "List", R "list/extra", R "delete", R "add/", R,
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *keys[] = {RKEY, NULL};
        for (size_t k = 0; k < 2; k++) {
            long status;
            cJSON *j = call("POST", unknown[i], keys[k], "{}", &status);
            if (status != 404)
                rp_mismatch("POST %s (%s): want 404, got %ld", unknown[i],
                            keys[k] ? "key" : "no key", status);
            cJSON_Delete(j);
        }
    }
    static const char *const posts[] = {R "add", R "invite", R "signin", R "list"};
    for (size_t i = 0; i < 4; i++) {
        struct tl_response res;
        rp_http("GET", posts[i], NULL, NULL, NULL, 0, &res);
        cJSON_Delete(rp_envelope(&res, posts[i]));
        char allow[64];
        assert_int_equal(res.status, 405);
        assert_non_null(tl_header(&res, "Allow", allow, sizeof allow));
        assert_string_equal(allow, "POST");
        tl_response_free(&res);
    }
    expect_errors("POST", R "add", NULL, "not json", 401, ERRS("NOT_AUTHORIZED"));
    soft_end();
}

/* ------------------------------------------------------------------ add */

/* Seed 001 section 1: SUCCESS, then listed (F-RP-067 list); the new user can sign in. */
static void add_user(void **state)
{
    (void)state;
    expect_raw("POST", R "add", RKEY,
               "{\n\"firstName\": \"firstname\",\n\"lastName\": \"lastname\",\n"
               "\"invitedUserEmailId\": \"shane@idrive.example\",\n\"password\": \"password\",\n"
               "\"allotedComputers\": 1,\n\"sendEmailToUser\": true\n}",
               200, SUCCESS);
    cJSON *e = entry("shane@idrive.example");
    assert_non_null(e);
    check_entry(e);
    assert_int_equal(number(e, "alloted_computers"), 1);
    assert_int_equal(number(e, "utilized_computers"), 0);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "isActive")));
    cJSON_Delete(e);
    assert_int_equal(count_users(RKEY), 11);
    assert_int_equal(count_users("demo-reseller-other-key"), 1);

    char *path = signin_path("shane@idrive.example", "password");
    char user[256];
    assert_int_equal(follow(path, user, sizeof user), 200);
    assert_string_equal(user, "shane@idrive.example");
    free(path);

    /* optional fields: default 0, numeric strings (F-RP-007), boolean spellings */
    static const struct {
        const char *email, *extra;
        int alloted;
    } ok[] = {
        {"opt1@example.com", "", 0},
        {"opt2@example.com", ",\"allotedComputers\":\"3\"", 3},
        {"opt3@example.com", ",\"allotedComputers\":0,\"sendEmailToUser\":false", 0},
        {"opt4@example.com", ",\"sendEmailToUser\":\"true\"", 0},
        {"opt5@example.com", ",\"sendEmailToUser\":\"false\"", 0},
        {"opt6@example.com", ",\"sendEmailToUser\":1", 0},
        {"opt7@example.com", ",\"sendEmailToUser\":0,\"allotedComputers\":425", 425},
        {"Opt8.Mixed@Example.COM", ",\"unknownField\":[1]", 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char *body = fmt("{\"firstName\":\"Opt\",\"lastName\":\"Ional\",\"invitedUserEmailId\":"
                         "\"%s\",\"password\":\"abc123\"%s}",
                         ok[i].email, ok[i].extra);
        expect_raw("POST", R "add", RKEY, body, 200, SUCCESS);
        free(body);
    }
    cJSON *users = users_of(RKEY);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        const cJSON *u = find_by(users, "username", ok[i].email); /* as stored (4.4) */
        if (!u)
            fail_msg("%s not listed", ok[i].email);
        check_entry(u);
        assert_int_equal(number(u, "alloted_computers"), ok[i].alloted);
    }
    assert_int_equal(cJSON_GetArraySize(users), 11 + (int)(sizeof ok / sizeof ok[0]));
    cJSON_Delete(users);
    soft_end();
}

/* Seed 001 section 1; F-RP-010 (all rules, field order), F-RP-060 (password rule),
 * F-RP-061 (optional fields), reference 4.1 (null or white space is missing). */
static void add_rules(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *errs[6];
    } rules[] = {
        {"{}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"firstName\":\"\",\"lastName\":\"\",\"invitedUserEmailId\":\"\",\"password\":\"\"}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"firstName\":null,\"lastName\":null,\"invitedUserEmailId\":null,\"password\":null}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"firstName\":\"  \",\"lastName\":\"\\t\",\"invitedUserEmailId\":\" \",\"password\":\"  "
         " \"}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        /* the Enterprise field names are not the Reseller's */
        {"{\"firstname\":\"A\",\"lastname\":\"B\",\"username\":\"ab@example.com\",\"password\":"
         "\"Secret1!\"}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED")},
        {"{\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\",\"password\":\"Secret1!\"}",
         E("FIRSTNAME_REQUIRED")},
        {"{\"firstName\":\"A\",\"invitedUserEmailId\":\"ab@example.com\",\"password\":\"Secret1!"
         "\"}",
         E("LASTNAME_REQUIRED")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"password\":\"Secret1!\"}",
         E("EMAILID_REQUIRED")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\"}",
         E("PASSWORD_REQUIRED")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"bad\",\"password\":"
         "\"Secret1!\"}",
         E("ENTER_VALID_EMAIL")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"shane@myworld\","
         "\"password\":\"Secret1!\"}",
         E("ENTER_VALID_EMAIL")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"a "
         "b@example.com\",\"password\":\"Secret1!\"}",
         E("ENTER_VALID_EMAIL")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"'; DROP TABLE "
         "rp_reseller_user; --\",\"password\":\"Secret1!\"}",
         E("ENTER_VALID_EMAIL")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abcde\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abcdefghij0123456789X\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abc:defg\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abc defg\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abc\\\\defg\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"p\xc3\xa4sswort\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"\",\"lastName\":\"B\",\"invitedUserEmailId\":\"bad\",\"password\":"
         "\"abc\"}",
         E("FIRSTNAME_REQUIRED", "ENTER_VALID_EMAIL", "INVALID_PASSWORD")},
        /* F-RP-061 */
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":-1}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":\"abc\"}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":1.5}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":[1]}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":1e300}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"sendEmailToUser\":\"yes\"}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"sendEmailToUser\":2}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"sendEmailToUser\":{}}",
         E("INVALID_REQUEST")},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        expect_errors("POST", R "add", RKEY, rules[i].body, 400, rules[i].errs);
    expect_raw("POST", R "add", RKEY,
               "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
               "\"password\":\"abc\"}",
               400,
               "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":[{"
               "\"description\":\"INVALID_PASSWORD\"}]}");
    assert_int_equal(count_users(RKEY), 10);
    assert_null(entry("ab@example.com"));
    /* both ends of the password length are allowed */
    expect_raw("POST", R "add", RKEY,
               "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"six@example.com\","
               "\"password\":\"abc123\"}",
               200, SUCCESS);
    expect_raw(
        "POST", R "add", RKEY,
        "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"twenty@example.com\","
        "\"password\":\"~`!@#$%^&*()-_+={}|[\"}",
        200, SUCCESS);
    expect_raw(
        "POST", R "add", RKEY,
        "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"quotes@example.com\","
        "\"password\":\"];'\\\"<>,.?/x\"}",
        200, SUCCESS);
    assert_int_equal(count_users(RKEY), 13);
    soft_end();
}

/* Seed 001 section 1: EMAIL_EXISTS, also in another letter case. */
static void add_email_exists(void **state)
{
    (void)state;
    static const char *const taken[] = {ACTIVE, "ACTIVE.USER@Demo-Reseller.Example", JOHN,
                                        "John.Doe@DEMO-ENTERPRISE.EXAMPLE"};
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++) {
        char *body = fmt("{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"%s\","
                         "\"password\":\"Secret1!\"}",
                         taken[i]);
        expect_raw("POST", R "add", RKEY, body, 400,
                   "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":[{"
                   "\"description\":\"EMAIL_EXISTS\"}]}");
        free(body);
    }
    const char *body = "{\"firstName\":\"New\",\"lastName\":\"Person\",\"invitedUserEmailId\":"
                       "\"new.person@example.com\",\"password\":\"Secret1!\"}";
    expect_raw("POST", R "add", RKEY, body, 200, SUCCESS);
    expect_errors("POST", R "add", RKEY, body, 400, ERRS("EMAIL_EXISTS"));
    expect_errors("POST", R "add", RKEY,
                  "{\"firstName\":\"New\",\"lastName\":\"Person\",\"invitedUserEmailId\":"
                  "\"NEW.Person@Example.com\",\"password\":\"Secret1!\"}",
                  400, ERRS("EMAIL_EXISTS"));
    assert_int_equal(count_users(RKEY), 11);
    cJSON *e = entry(ACTIVE);
    assert_int_equal(number(e, "alloted_computers"), 5); /* the refused add changed nothing */
    cJSON_Delete(e);
    soft_end();
}

/* ------------------------------------------------------------------ invite */

/* Seed 001 section 2; F-RP-062, F-RP-063. */
static void invite_users(void **state)
{
    (void)state;
    expect_raw("POST", R "invite", RKEY,
               "[{\"invitedUserEmailId\":\"new.one@example.com\",\"allotedComputers\":10},"
               "{\"invitedUserEmailId\":\"" INVITED "\"},"
               "{\"invitedUserEmailId\":\"" ACTIVE "\",\"allotedComputers\":2},"
               "{\"invitedUserEmailId\":\"not-an-address\"}]",
               200,
               "{\"status\":\"OK\",\"code\":200,\"message\":["
               "{\"username\":\"new.one@example.com\",\"status\":\"INVITED\"},"
               "{\"username\":\"" INVITED "\",\"status\":\"ALREADY_INVITED\"},"
               "{\"username\":\"" ACTIVE "\",\"status\":\"EXISTS\"},"
               "{\"username\":\"not-an-address\",\"status\":\"INVALID_EMAIL\"}]}");
    cJSON *users = users_of(RKEY);
    assert_int_equal(cJSON_GetArraySize(users), 11);
    const cJSON *u = find_by(users, "username", "new.one@example.com");
    assert_non_null(u);
    check_entry(u);
    assert_int_equal(number(u, "alloted_computers"), 10);
    assert_int_equal(number(u, "utilized_computers"), 0);
    assert_null(find_by(users, "username", "not-an-address"));
    assert_int_equal(number(find_by(users, "username", ACTIVE), "alloted_computers"), 5);
    cJSON_Delete(users);

    /* other letter case; again; the default allotment */
    cJSON *m = ok_message("POST", R "invite", RKEY,
                          "[{\"invitedUserEmailId\":\"NEW.ONE@example.com\"},"
                          "{\"invitedUserEmailId\":\"Invited.User@Demo-Reseller.Example\"},"
                          "{\"invitedUserEmailId\":\"ACTIVE.USER@demo-reseller.example\"},"
                          "{\"invitedUserEmailId\":\"second.new@example.com\"}]");
    static const char *const want[] = {"ALREADY_INVITED", "ALREADY_INVITED", "EXISTS", "INVITED"};
    assert_int_equal(cJSON_GetArraySize(m), 4);
    for (int i = 0; i < 4; i++) {
        const cJSON *item = cJSON_GetArrayItem(m, i);
        expect_keys(item, ERRS("username", "status"), "invite item");
        assert_string_equal(cJSON_GetObjectItem(item, "status")->valuestring, want[i]);
    }
    cJSON_Delete(m);
    cJSON *e = entry("second.new@example.com");
    assert_non_null(e);
    assert_int_equal(number(e, "alloted_computers"), 0);
    cJSON_Delete(e);
    /* F-RP-064: an invited user cannot sign in */
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"new.one@example.com\",\"password\":\"Passw0rd!\"}", 400,
                  ERRS("USERNAME_DOES_NOT_EXIST"));

    static const struct {
        const char *body;
        const char *errs[6];
    } refused[] = {
        {"{\"invitedUserEmailId\":\"obj@example.com\",\"allotedComputers\":10}",
         E("INVALID_REQUEST")},
        {"[]", E("EMAILID_REQUIRED")},
        {"[{}]", E("EMAILID_REQUIRED")},
        {"[{\"allotedComputers\":1}]", E("EMAILID_REQUIRED")},
        {"[{\"invitedUserEmailId\":\"ok1@example.com\"},{\"invitedUserEmailId\":\"\"}]",
         E("EMAILID_REQUIRED")},
        {"[{\"invitedUserEmailId\":\"ok2@example.com\"},{\"allotedComputers\":3}]",
         E("EMAILID_REQUIRED")},
        {"[{\"invitedUserEmailId\":\"ok3@example.com\",\"allotedComputers\":-1}]",
         E("INVALID_REQUEST")},
        {"[{\"invitedUserEmailId\":\"ok4@example.com\",\"allotedComputers\":\"many\"}]",
         E("INVALID_REQUEST")},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        expect_errors("POST", R "invite", RKEY, refused[i].body, 400, refused[i].errs);
    expect_raw("POST", R "invite", RKEY, "{\"invitedUserEmailId\":\"obj@example.com\"}", 400,
               INVALID_REQUEST);
    static const char *const wrong_items[] = {"[1]", "[\"a@example.com\"]", "[null]", "[[{}]]",
                                              "[{\"invitedUserEmailId\":{\"a\":1}}]"};
    for (size_t i = 0; i < sizeof wrong_items / sizeof wrong_items[0]; i++) {
        long status;
        cJSON *j = call("POST", R "invite", RKEY, wrong_items[i], &status);
        if (status != 400)
            rp_mismatch("invite %s: want 400, got %ld", wrong_items[i], status);
        cJSON_Delete(j);
    }
    users = users_of(RKEY);
    assert_int_equal(cJSON_GetArraySize(users), 12);
    for (int i = 1; i <= 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "ok%d@example.com", i);
        if (find_by(users, "username", name))
            fail_msg("%s was invited by a refused request", name);
    }
    assert_null(find_by(users, "username", "obj@example.com"));
    cJSON_Delete(users);
    soft_end();
}

/* F-RP-009: more than 1000 items is refused, and nobody is invited. */
static void invite_huge_array(void **state)
{
    (void)state;
    size_t cap = 1001 * 48 + 4, len = 0;
    char *body = malloc(cap);
    body[len++] = '[';
    for (int i = 0; i < 1001; i++)
        len +=
            (size_t)snprintf(body + len, cap - len,
                             "%s{\"invitedUserEmailId\":\"u%04d@example.com\"}", i ? "," : "", i);
    snprintf(body + len, cap - len, "]");
    long status;
    cJSON *j = call("POST", R "invite", RKEY, body, &status);
    assert_int_equal(status, 400);
    cJSON_Delete(j);
    free(body);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* ------------------------------------------------------------------ sign-in */

/* Seed 001 section 3; F-RP-050 (a link on rmmsim's own host), F-RP-051 (once, then 410). */
static void signin_link(void **state)
{
    (void)state;
    long status;
    char *raw = rp_raw("POST", R "signin", "Authorization: Bearer " RKEY,
                       "{\"username\":\"" ACTIVE "\",\"password\":\"" PASSWORD "\"}", &status);
    assert_int_equal(status, 200);
    char *prefix = fmt("{\"status\":\"OK\",\"code\":200,\"message\":{\"rpc_redirect_link\":\"%s"
                       "/rpcnew/process/autologin/",
                       rmmsim_base_url(rp.sim));
    if (strncmp(raw, prefix, strlen(prefix)) != 0)
        fail_msg("signin reply %s does not start with %s", raw, prefix);
    free(prefix);
    free(raw);

    char *path = signin_path(ACTIVE, PASSWORD);
    char user[256];
    assert_int_equal(follow(path, user, sizeof user), 200);
    assert_string_equal(user, ACTIVE);
    assert_int_equal(follow(path, NULL, 0), 410);
    assert_int_equal(follow(path, NULL, 0), 410);
    free(path);

    /* the username compares without case; the link signs in the stored user */
    path = signin_path("Active.User@DEMO-RESELLER.example", PASSWORD);
    assert_int_equal(follow(path, user, sizeof user), 200);
    assert_string_equal(user, ACTIVE);
    free(path);
    path = signin_path(JOHN, PASSWORD);
    assert_int_equal(follow(path, user, sizeof user), 200);
    assert_string_equal(user, JOHN);
    free(path);

    /* the link names the host the client used */
    struct tl_response res;
    rp_http("POST", R "signin", "Authorization: Bearer " RKEY, "Host: rmmsim.example:9999",
            "{\"username\":\"" ACTIVE "\",\"password\":\"" PASSWORD "\"}", 0, &res);
    cJSON *j = rp_envelope(&res, "signin with Host");
    assert_int_equal(res.status, 200);
    const char *link =
        cJSON_GetObjectItem(cJSON_GetObjectItem(j, "message"), "rpc_redirect_link")->valuestring;
    const char *want = "http://rmmsim.example:9999/rpcnew/process/autologin/";
    if (strncmp(link, want, strlen(want)) != 0)
        fail_msg("link %s ignores the Host header", link);
    assert_int_equal(follow(link + strlen("http://rmmsim.example:9999"), NULL, 0), 200);
    cJSON_Delete(j);
    tl_response_free(&res);

    assert_int_equal(follow("/rpcnew/process/autologin/no-such-token", NULL, 0), 404);
    assert_int_equal(follow("/rpcnew/process/autologin/eyJhbGciOiJIUzUxMiJ9", NULL, 0), 404);
    soft_end();
}

/* Seed 001 section 3; F-RP-064 (invited, other reseller's), F-RP-066 (state before password). */
static void signin_states(void **state)
{
    (void)state;
    static const struct {
        const char *user, *desc;
    } states[] = {
        {"nobody@example.com", "USERNAME_DOES_NOT_EXIST"},
        {INVITED, "USERNAME_DOES_NOT_EXIST"},
        {OTHER_USER, "USERNAME_DOES_NOT_EXIST"},
        {"jane.smith@demo-enterprise.example", "USERNAME_DOES_NOT_EXIST"},
        {"locked.user@ip-locked-reseller.example", "USERNAME_DOES_NOT_EXIST"},
        {SUSPENDED, "ACTION_PARENT_ACCOUNT_SUSPENDED"},
        {"Suspended.User@demo-reseller.example", "ACTION_PARENT_ACCOUNT_SUSPENDED"},
        {BLOCKED, "IP_ADDRESS_BLOCKED"},
        {CANCELLED, "CANCELLED_ACCOUNT"},
    };
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        const char *passwords[] = {PASSWORD, "Wrong-pass1"};
        for (size_t p = 0; p < 2; p++) {
            char *body =
                fmt("{\"username\":\"%s\",\"password\":\"%s\"}", states[i].user, passwords[p]);
            char *want = fmt("{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,"
                             "\"errors\":[{\"description\":\"%s\"}]}",
                             states[i].desc);
            expect_raw("POST", R "signin", RKEY, body, 400, want);
            free(want);
            free(body);
        }
    }
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"" ACTIVE "\",\"password\":\"Wrong-pass1\"}", 400,
                  ERRS("INVALID_PASSWORD"));
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"" ACTIVE "\",\"password\":\"passw0rd!\"}", 400,
                  ERRS("INVALID_PASSWORD"));
    /* the other reseller signs in its own user */
    cJSON *m = ok_message("POST", R "signin", "demo-reseller-other-key",
                          "{\"username\":\"" OTHER_USER "\",\"password\":\"" PASSWORD "\"}");
    assert_non_null(cJSON_GetObjectItem(m, "rpc_redirect_link"));
    cJSON_Delete(m);
    soft_end();
}

/* F-RP-065: which of the four field codes applies. */
static void signin_rules(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *errs[6];
    } rules[] = {
        {"{\"password\":\"" PASSWORD "\"}", E("USERNAME_REQUIRED")},
        {"{\"username\":\"\",\"password\":\"" PASSWORD "\"}", E("EMAILID_REQUIRED")},
        {"{\"username\":\"nope\",\"password\":\"" PASSWORD "\"}", E("INVALID_EMAIL")},
        {"{\"username\":\"shane@myworld\",\"password\":\"" PASSWORD "\"}", E("INVALID_EMAIL")},
        {"{\"username\":\"' OR 1=1 --\",\"password\":\"x\"}", E("INVALID_EMAIL")},
        {"{\"username\":\"" ACTIVE "\"}", E("PASSWORD_REQUIRED")},
        {"{\"username\":\"" ACTIVE "\",\"password\":\"\"}", E("PASSWORD_REQUIRED")},
        {"{}", E("USERNAME_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"username\":\"\",\"password\":\"\"}", E("EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"username\":\"nope\"}", E("INVALID_EMAIL", "PASSWORD_REQUIRED")},
        {"{\"Username\":\"" ACTIVE "\",\"Password\":\"" PASSWORD "\"}",
         E("USERNAME_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"username\":\"" ACTIVE "\\u0000x\",\"password\":\"" PASSWORD "\"}", E("INVALID_EMAIL")},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        expect_errors("POST", R "signin", RKEY, rules[i].body, 400, rules[i].errs);
    expect_raw("POST", R "signin", RKEY, "{\"password\":\"x\"}", 400,
               "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":[{"
               "\"description\":\"USERNAME_REQUIRED\"}]}");
    soft_end();
}

/* ------------------------------------------------------------------ list */

/* Seed 001 section 4; F-RP-067 (the body is ignored). */
static void list_users(void **state)
{
    (void)state;
    cJSON *users = users_of(RKEY);
    assert_int_equal(cJSON_GetArraySize(users), 10);
    const cJSON *e;
    cJSON_ArrayForEach(e, users) check_entry(e);
    char *printed = cJSON_PrintUnformatted(find_by(users, "username", ACTIVE));
    assert_string_equal(printed, "{\"alloted_computers\":5,\"created_date\":\"01-13-2026\","
                                 "\"isActive\":true,\"utilized_computers\":0,"
                                 "\"username\":\"" ACTIVE "\"}");
    free(printed);
    static const char *const all[] = {ACTIVE,
                                      INVITED,
                                      CANCELLED,
                                      SUSPENDED,
                                      BLOCKED,
                                      JOHN,
                                      "grace.hopper" DOM,
                                      "oliver.brandt" DOM,
                                      "chloe.dubois" DOM,
                                      "samuel.okafor" DOM};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!find_by(users, "username", all[i]))
            fail_msg("%s not listed", all[i]);
    assert_int_equal(number(find_by(users, "username", INVITED), "alloted_computers"), 10);
    assert_int_equal(number(find_by(users, "username", "grace.hopper" DOM), "alloted_computers"),
                     25);
    assert_null(find_by(users, "username", OTHER_USER));
    cJSON_Delete(users);

    /* the same reply whatever the body */
    long status;
    char *ref = rp_raw("POST", R "list", "Authorization: Bearer " RKEY, "{}", &status);
    assert_int_equal(status, 200);
    static const char *const bodies[] = {NULL, "", "{\"pageIndex\":2,\"recordPerPage\":1}", "[]",
                                         "not json"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct tl_request req = {.method = "POST",
                                 .path = R "list",
                                 .body = bodies[i],
                                 .headers = {"Authorization: Bearer " RKEY}};
        struct tl_response res;
        tl_do(rp.sim, &req, &res);
        cJSON_Delete(rp_envelope(&res, "list with a body"));
        if (res.status != 200 || strcmp(res.body, ref) != 0)
            rp_mismatch("list with body [%s]: %ld %.300s", bodies[i] ? bodies[i] : "none",
                        res.status, res.body);
        tl_response_free(&res);
    }
    free(ref);

    users = users_of("demo-reseller-other-key");
    assert_int_equal(cJSON_GetArraySize(users), 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(users, 0), "username")->valuestring,
                        OTHER_USER);
    cJSON_Delete(users);
    expect_raw("POST", R "list", "no-such-key", "{}", 401,
               "{\"status\":\"UNAUTHORIZED\",\"code\":401,\"errorsCount\":1,\"errors\":[{"
               "\"description\":\"UNAUTHORIZED_ACCESS\"}]}");
    soft_end();
}

/* F-RP-030: utilized_computers of john.doe follows his Enterprise assignments. */
static void list_follows_enterprise_assignments(void **state)
{
    (void)state;
    rp.forbidden_word = "FORBIDDEN";
    assert_int_equal(utilized(JOHN), 5);
    assert_int_equal(utilized(ACTIVE), 0);
    expect_raw("POST", ENT "computer/assign", EKEY,
               "{\"username\":\"" JOHN
               "\",\"computer_names\":[\"Offline-PC-01\",\"Offline-PC-02\"]}",
               200, SUCCESS);
    assert_int_equal(utilized(JOHN), 7);
    expect_raw("POST", ENT "computer/unassign", EKEY,
               "{\"username\":\"" JOHN "\",\"computer_names\":[\"Computer B\"]}", 200, SUCCESS);
    assert_int_equal(utilized(JOHN), 6);
    /* removing an assigned (offline) computer counts too */
    expect_raw("POST", ENT "computer/remove", EKEY, "{\"computer_names\":[\"Offline-PC-01\"]}", 200,
               SUCCESS);
    assert_int_equal(utilized(JOHN), 5);
    /* a refused assignment changes nothing */
    expect_errors("POST", ENT "computer/assign", EKEY,
                  "{\"username\":\"" JOHN
                  "\",\"computer_names\":[\"Offline-PC-03\",\"No-Such-PC\"]}",
                  400, ERRS("Computer(s) not found"));
    assert_int_equal(utilized(JOHN), 5);
    /* the Enterprise user gone, nothing is assigned to that name */
    cJSON_Delete(ok_message("POST", ENT "user/delete", EKEY,
                            "{\"sub_ids\":[\"" JOHN "\"],\"invited_ids\":[]}"));
    assert_int_equal(utilized(JOHN), 0);
    rp.forbidden_word = "Forbidden";
    assert_int_equal(utilized(ACTIVE), 0);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* ------------------------------------------------------------------ bad input */

/* F-RP-005, F-RP-006: INVALID_REQUEST in the envelope, never a crash. */
static void bad_bodies(void **state)
{
    (void)state;
    static const char *const both[] = {
        "not json",
        "null",
        "\"string\"",
        "42",
        "true",
        "{",
        "[",
        "{\"firstName\":\"A\",}",
        "[{\"invitedUserEmailId\":\"a@example.com\"},]",
        "{'firstName':'A'}",
        "{\"firstName\":\"\xff\"}",
        "[{\"invitedUserEmailId\":\"a\xc3@example.com\"}]",
        "{\"firstName\":\"\xed\xa0\x80\"}",
        "{\"firstName\":\"\\ud800\"}",
        "{\"firstName\":\"Jo\x01hn\"}", /* raw control characters are not JSON */
        "{\"firstName\":\"Jo\nhn\"}",
        "{\"a\":1}{\"b\":2}",
        "[] x",
        "{\"x\":01}",
    };
    static const char *const objects_only[] = {"[]", "[{\"firstName\":\"A\"}]"};
    for (size_t i = 0; i < sizeof both / sizeof both[0]; i++) {
        expect_raw("POST", R "add", RKEY, both[i], 400, INVALID_REQUEST);
        expect_raw("POST", R "signin", RKEY, both[i], 400, INVALID_REQUEST);
        expect_raw("POST", R "invite", RKEY, both[i], 400, INVALID_REQUEST);
    }
    for (size_t i = 0; i < sizeof objects_only / sizeof objects_only[0]; i++) {
        expect_raw("POST", R "add", RKEY, objects_only[i], 400, INVALID_REQUEST);
        expect_raw("POST", R "signin", RKEY, objects_only[i], 400, INVALID_REQUEST);
    }
    /* an empty body reads as {}: the four fields are missing; for invite it is an object */
    expect_errors(
        "POST", R "add", RKEY, "", 400,
        ERRS("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED"));
    expect_errors("POST", R "signin", RKEY, "", 400,
                  ERRS("USERNAME_REQUIRED", "PASSWORD_REQUIRED"));
    expect_raw("POST", R "invite", RKEY, "", 400, INVALID_REQUEST);
    /* the seed's own add sample, obfuscated address and all, is valid JSON but no address */
    expect_errors("POST", R "add", RKEY,
                  "{\n\"firstName\": \"firstname\",\n\"lastName\": \"lastname\",\n"
                  "\"invitedUserEmailId\": \"[email protected]\",\n\"password\": \"password\",\n"
                  "\"allotedComputers\": 1,\n\"sendEmailToUser\": true\n}",
                  400, ERRS("ENTER_VALID_EMAIL"));
    /* a NUL byte in the body */
    struct tl_response res;
    rp_http("POST", R "add", "Authorization: Bearer " RKEY, NULL, "{\"firstName\":\"A\0B\"}", 19,
            &res);
    cJSON_Delete(rp_envelope(&res, "NUL byte"));
    if (res.status != 400 || strcmp(res.body, INVALID_REQUEST) != 0)
        rp_mismatch("POST add with a NUL byte in a string: %ld %.300s", res.status, res.body);
    tl_response_free(&res);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* Wrong types, NUL characters and SQL text: 400 where a rule applies, data intact. */
static void wrong_types_and_odd_text(void **state)
{
    (void)state;
    static const char *const wrong[] = {
        "{\"firstName\":{},\"lastName\":\"B\",\"invitedUserEmailId\":\"wt1@example.com\","
        "\"password\":\"Secret1!\"}",
        "{\"firstName\":\"A\",\"lastName\":[\"B\"],\"invitedUserEmailId\":\"wt2@example.com\","
        "\"password\":\"Secret1!\"}",
        "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":[\"wt3@example.com\"],"
        "\"password\":\"Secret1!\"}",
        "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"wt4@example.com\","
        "\"password\":{\"p\":1}}",
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        long status;
        cJSON *j = call("POST", R "add", RKEY, wrong[i], &status);
        if (status != 400)
            rp_mismatch("add %s: want 400, got %ld", wrong[i], status);
        cJSON_Delete(j);
    }
    long status;
    cJSON *j = call("POST", R "signin", RKEY,
                    "{\"username\":[\"" ACTIVE "\"],\"password\":\"" PASSWORD "\"}", &status);
    if (status != 400)
        rp_mismatch("signin with an array username: %ld", status);
    cJSON_Delete(j);
    /* "\u0000" must not cut a value short */
    expect_errors("POST", R "add", RKEY,
                  "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":"
                  "\"nul@example.com\\u0000 x\",\"password\":\"Secret1!\"}",
                  400, ERRS("ENTER_VALID_EMAIL"));
    expect_errors("POST", R "add", RKEY,
                  "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":"
                  "\"nul2@example.com\",\"password\":\"Secret1!\\u0000 :\"}",
                  400, ERRS("INVALID_PASSWORD"));
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"" ACTIVE "\",\"password\":\"" PASSWORD "\\u0000garbage\"}", 400,
                  ERRS("INVALID_PASSWORD"));
    /* SQL text is data: no documented name rule on this API, so it is stored */
    expect_raw(
        "POST", R "add", RKEY,
        "{\"firstName\":\"Robert'); DROP TABLE rp_reseller_user;--\",\"lastName\":\"Tables\","
        "\"invitedUserEmailId\":\"bobby.tables@example.com\",\"password\":\"x');DROP--\"}",
        200, SUCCESS);
    char *path = signin_path("bobby.tables@example.com", "x');DROP--");
    assert_int_equal(follow(path, NULL, 0), 200);
    free(path);
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"bobby.tables@example.com\",\"password\":\"' OR '1'='1\"}", 400,
                  ERRS("INVALID_PASSWORD"));
    cJSON *users = users_of(RKEY);
    if (cJSON_GetArraySize(users) != 11)
        rp_mismatch("%d reseller users, want 11 (10 + bobby.tables)", cJSON_GetArraySize(users));
    for (int i = 1; i <= 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "wt%d@example.com", i);
        assert_null(find_by(users, "username", name));
    }
    if (find_by(users, "username", "nul@example.com") ||
        find_by(users, "username", "nul2@example.com"))
        rp_mismatch("a refused add with \\u0000 in a field created a user");
    cJSON_Delete(users);
    soft_end();
}

/* F-RP-005: deeply nested arrays are a bad body, not a crash (spawned rmmsim). */
static void deep_nesting(void **state)
{
    (void)state;
    deep_nesting_on("POST", R "add", "Authorization: Bearer " RKEY, INVALID_REQUEST);
    deep_nesting_on("POST", R "invite", "Authorization: Bearer " RKEY, INVALID_REQUEST);
    soft_end();
}

/* F-CORE-001, F-RP-008: a body over the 1 MiB limit is 413 in the envelope. */
static void body_too_large(void **state)
{
    (void)state;
    size_t n = 1024 * 1024 + 16;
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    memcpy(big, "{\"firstName\":\"", 14);
    memcpy(big + n - 2, "\"}", 2);
    big[n] = '\0';
    long status;
    cJSON *j = call("POST", R "add", RKEY, big, &status);
    assert_int_equal(status, 413);
    cJSON_Delete(j);
    free(big);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* Uniqueness (seed 001 sections 1, 2) and single use (F-RP-051) under concurrency. */
static void concurrent_requests(void **state)
{
    (void)state;
    enum { N = 8 };
    long st[N];
    char *raw[N];
    race("POST", R "add", "Authorization: Bearer " RKEY,
         "{\"firstName\":\"Race\",\"lastName\":\"Condition\",\"invitedUserEmailId\":"
         "\"race@example.com\",\"password\":\"Secret1!\"}",
         N, st, raw);
    size_t won = race_count(N, st, raw, 200, SUCCESS);
    size_t lost =
        race_count(N, st, raw, 400,
                   "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":"
                   "[{\"description\":\"EMAIL_EXISTS\"}]}");
    for (size_t i = 0; i < N; i++)
        free(raw[i]);
    if (won != 1 || lost != N - 1)
        fail_msg("8 simultaneous adds of one address: %zu SUCCESS, %zu EMAIL_EXISTS", won, lost);

    race("POST", R "invite", "Authorization: Bearer " RKEY,
         "[{\"invitedUserEmailId\":\"race.invite@example.com\"}]", N, st, raw);
    won = race_count(N, st, raw, 200,
                     "{\"status\":\"OK\",\"code\":200,\"message\":[{\"username\":"
                     "\"race.invite@example.com\",\"status\":\"INVITED\"}]}");
    lost = race_count(N, st, raw, 200,
                      "{\"status\":\"OK\",\"code\":200,\"message\":[{\"username\":"
                      "\"race.invite@example.com\",\"status\":\"ALREADY_INVITED\"}]}");
    for (size_t i = 0; i < N; i++)
        free(raw[i]);
    if (won != 1 || lost != N - 1)
        fail_msg("8 simultaneous invites of one address: %zu INVITED, %zu ALREADY_INVITED", won,
                 lost);
    assert_int_equal(count_users(RKEY), 12);

    char *path = signin_path(ACTIVE, PASSWORD);
    race("GET", path, NULL, NULL, N, st, raw);
    won = race_count(N, st, raw, 200, NULL);
    lost = race_count(N, st, raw, 410, NULL);
    for (size_t i = 0; i < N; i++)
        free(raw[i]);
    free(path);
    if (won != 1 || lost != N - 1)
        fail_msg("8 simultaneous follows of one sign-in link: %zu 200, %zu 410", won, lost);
    soft_end();
}

int main(void)
{
    rp.api_forbidden_word = "Forbidden";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(missing_or_bad_key_is_401, rp_fresh),
        cmocka_unit_test_setup(ip_allowlist, rp_fresh),
        cmocka_unit_test_setup(routing_errors, rp_fresh),
        cmocka_unit_test_setup(add_user, rp_fresh),
        cmocka_unit_test_setup(add_rules, rp_fresh),
        cmocka_unit_test_setup(add_email_exists, rp_fresh),
        cmocka_unit_test_setup(invite_users, rp_fresh),
        cmocka_unit_test_setup(invite_huge_array, rp_fresh),
        cmocka_unit_test_setup(signin_link, rp_fresh),
        cmocka_unit_test_setup(signin_states, rp_fresh),
        cmocka_unit_test_setup(signin_rules, rp_fresh),
        cmocka_unit_test_setup(list_users, rp_fresh),
        cmocka_unit_test_setup(list_follows_enterprise_assignments, rp_fresh),
        cmocka_unit_test_setup(bad_bodies, rp_fresh),
        cmocka_unit_test_setup(wrong_types_and_odd_text, rp_fresh),
        cmocka_unit_test_setup(deep_nesting, rp_fresh),
        cmocka_unit_test_setup(body_too_large, rp_fresh),
        cmocka_unit_test_setup(concurrent_requests, rp_fresh),
    };
    return cmocka_run_group_tests(tests, rp_group_setup, rp_group_teardown);
}
