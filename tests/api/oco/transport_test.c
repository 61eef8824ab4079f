/*
 * OCO client API transport (/api-client.php) over real HTTP on the "oco-parity" fixture:
 * the real server's order of checks (reference/oco.md section 1), the Basic-auth replies,
 * the JSON-RPC envelope, the API key, languages, batches and the reply encoding. Each test
 * that pins a decision of docs/fidelity.md names its id.
 */
#include "oco_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REQ(method, params)                                                                       \
    "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" method "\",\"params\":" params "}"
#define INFO REQ("oco.info", "{\"api_key\":\"" OCO_KEY "\"}")

/* ------------------------------------------------------------------ step 1: API disabled */

static void set_enabled(cJSON *oco_section, const char *value)
{
    cJSON *settings = cJSON_GetObjectItemCaseSensitive(oco_section, "settings");
    cJSON_DeleteItemFromObjectCaseSensitive(settings, "client-api-enabled");
    if (value)
        cJSON_AddStringToObject(settings, "client-api-enabled", value);
}
static void enabled_zero(cJSON *s) { set_enabled(s, "0"); }
static void enabled_empty(cJSON *s) { set_enabled(s, ""); }
static void enabled_absent(cJSON *s) { set_enabled(s, NULL); }

/* reference 1 step 1: the setting client-api-enabled must be truthy (default 0 without a
 * row); 405 "API Disabled" with an empty body comes before every other check. There is no
 * API to change settings: the tenant is reset to a fixture file with the setting changed. */
static void api_disabled_is_405_before_everything(void **state)
{
    (void)state;
    void (*const edits[])(cJSON *) = { enabled_zero, enabled_empty, enabled_absent };
    const char *const names[] = { "\"0\"", "\"\"", "absent" };
    for (size_t i = 0; i < 3; i++) {
        oco_use(oco_fixture_variant("oco-parity", edits[i]));
        char label[200];
        snprintf(label, sizeof label, "client-api-enabled %s, valid request", names[i]);
        expect_http(&(struct oco_http){ .body = INFO }, 405, "API Disabled", "", label);
        snprintf(label, sizeof label, "client-api-enabled %s, bad type, no auth, bad body",
                 names[i]);
        expect_http(&(struct oco_http){ .auth = "", .ctype = "text/plain", .body = "x" }, 405,
                    "API Disabled", "", label);
    }
    soft_end();
}

/* ------------------------------------------------------------------ step 3: Content-Type */

/* F-OCO-016: exactly application/json, case-sensitive, no parameters; checked before auth. */
static void content_type_must_be_exact(void **state)
{
    (void)state;
    const char *const types[] = {
        "",                      /* none at all */
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "Application/JSON",
        "APPLICATION/JSON",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonx",
        "application/json-rpc",
        "text/json",
    };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        char label[200];
        snprintf(label, sizeof label, "Content-Type \"%s\"", types[i]);
        expect_http(&(struct oco_http){ .ctype = types[i], .body = INFO }, 400,
                    "Content Type Mismatch", "", label);
        snprintf(label, sizeof label, "Content-Type \"%s\" without credentials", types[i]);
        expect_http(&(struct oco_http){ .ctype = types[i], .auth = "", .body = INFO }, 400,
                    "Content Type Mismatch", "", label);
    }
    soft_end();
}

/* ------------------------------------------------------------------ step 4: Basic auth */

static const struct auth_row {
    const char *auth;     /* user:password, "" for no header */
    const char *raw_auth; /* or a whole header line */
    const char *en, *de;
} auth_rows[] = {
    { "", NULL, "The user name cannot be empty", "Der Benutzername darf nicht leer sein" },
    { ":admin", NULL, "The user name cannot be empty", "Der Benutzername darf nicht leer sein" },
    { "admin:", NULL, "The user name cannot be empty", "Der Benutzername darf nicht leer sein" },
    { ":", NULL, "The user name cannot be empty", "Der Benutzername darf nicht leer sein" },
    { NULL, "Authorization: Bearer demo-oco-api-key", "The user name cannot be empty",
      "Der Benutzername darf nicht leer sein" },
    { "nobody:admin", NULL, "User does not exist", "Benutzer existiert nicht" },
    { "admin2:admin", NULL, "User does not exist", "Benutzer existiert nicht" },
    { "locked:locked", NULL, "User locked", "Benutzer gesperrt" },
    { "locked:wrong", NULL, "User locked", "Benutzer gesperrt" }, /* lock before password */
    { "admin:wrong", NULL, "Login failed", "Anmeldung fehlgeschlagen" },
    { "admin:ADMIN", NULL, "Login failed", "Anmeldung fehlgeschlagen" },
    { "admin:admin ", NULL, "Login failed", "Anmeldung fehlgeschlagen" },
    { "noapi:wrong", NULL, "Login failed", "Anmeldung fehlgeschlagen" }, /* password first */
    { "noapi:noapi", NULL, "User is not allowed to login on the API",
      "Es ist diesem Benutzer nicht gestattet, sich an der API anzumelden" },
};

/* F-OCO-011: 401 "Client Not Authorized", body "HTTP Basic Auth: <text>" in the request's
 * language, text/html, no WWW-Authenticate; order empty, unknown, locked, password, API. */
static void basic_auth_failures(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof auth_rows / sizeof *auth_rows; i++) {
        const struct auth_row *r = &auth_rows[i];
        for (int german = 0; german <= 1; german++) {
            char label[300], body[300];
            snprintf(label, sizeof label, "auth \"%s\" (%s)", r->auth ? r->auth : r->raw_auth,
                     german ? "de" : "en");
            snprintf(body, sizeof body, "HTTP Basic Auth: %s", german ? r->de : r->en);
            expect_http(&(struct oco_http){ .auth = r->auth, .raw_auth = r->raw_auth,
                                            .lang = german ? GERMAN : NULL, .body = INFO },
                        401, "Client Not Authorized", body, label);
        }
    }
    soft_end();
}

/* reference 1 step 4 before step 5: a bad body with bad credentials is a 401. */
static void auth_is_checked_before_the_body(void **state)
{
    (void)state;
    expect_http(&(struct oco_http){ .auth = "admin:wrong", .body = "not json" }, 401,
                "Client Not Authorized", "HTTP Basic Auth: Login failed", "bad auth, bad body");
    expect_http(&(struct oco_http){ .auth = "admin:wrong", .body = "\"abc\"" }, 401,
                "Client Not Authorized", "HTTP Basic Auth: Login failed", "bad auth, scalar");
    soft_end();
}

/* reference 1 "Basic auth": the user is looked up with MariaDB's case-insensitive
 * collation; the password is compared exactly. */
static void user_name_is_case_insensitive(void **state)
{
    (void)state;
    struct tl_response res;
    oco_send(&(struct oco_http){ .auth = "ADMIN:admin", .body = INFO }, &res);
    if (res.status != 200)
        mismatch("ADMIN:admin: want 200 (user names compare without case), got %ld %.200s",
                 res.status, res.body);
    tl_response_free(&res);
    soft_end();
}

/* ------------------------------------------------------------------ steps 5-7: the body */

/* F-OCO-015: what PHP's empty() calls empty after json_decode is 400 Payload Corrupt. */
static void empty_or_invalid_body_is_payload_corrupt(void **state)
{
    (void)state;
    const char *const bodies[] = {
        "not json", "{", "{\"jsonrpc\":\"2.0\"", "{}", "[]", "null", "0", "\"\"", "\"0\"",
        "false", "0.0", " ", "{\"a\":1,}", "[1,]", "{'jsonrpc':'2.0'}",
        "\xff\xfe", /* invalid UTF-8: json_decode fails */
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.info\",\"params\":{\"api_key\":\"\xc3\"}}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        char label[300];
        snprintf(label, sizeof label, "body %.200s", bodies[i]);
        expect_http(&(struct oco_http){ .body = bodies[i] }, 400, "Payload Corrupt", "", label);
    }
    /* no body at all */
    expect_http(&(struct oco_http){ .body = NULL }, 400, "Payload Corrupt", "", "no body");
    soft_end();
}

/* F-OCO-015, reference 1 step 6: any other scalar is a PHP TypeError: 500, empty body. */
static void scalar_body_is_500(void **state)
{
    (void)state;
    const char *const bodies[] = { "\"abc\"", "123", "true", "-1", "1.5", "\"0.0\"", "\" \"" };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        struct tl_response res;
        oco_send(&(struct oco_http){ .body = bodies[i] }, &res);
        if (res.status != 500 || res.body_len != 0)
            mismatch("body %s: want 500 with an empty body, got %ld %.200s", bodies[i],
                     res.status, res.body);
        tl_response_free(&res);
    }
    soft_end();
}

/* reference 1 step 7: a request without method, without or with a null id, or with a
 * jsonrpc other than (loosely) "2.0" is 400 Payload Corrupt. */
static void bad_envelope_is_payload_corrupt(void **state)
{
    (void)state;
    const char *const bodies[] = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"params\":{\"api_key\":\"" OCO_KEY "\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null,\"params\":{}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"oco.info\",\"params\":{\"api_key\":\"" OCO_KEY "\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"oco.info\"}",
        "{\"id\":1,\"method\":\"oco.info\",\"params\":{\"api_key\":\"" OCO_KEY "\"}}",
        "{\"jsonrpc\":null,\"id\":1,\"method\":\"oco.info\"}",
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"oco.info\"}",
        "{\"jsonrpc\":\"2.1\",\"id\":1,\"method\":\"oco.info\"}",
        "{\"jsonrpc\":\"two\",\"id\":1,\"method\":\"oco.info\"}",
        "{\"jsonrpc\":3,\"id\":1,\"method\":\"oco.info\"}",
        "{\"jsonrpc\":false,\"id\":1,\"method\":\"oco.info\"}",
        "{\"jsonrpc\":\"\",\"id\":1,\"method\":\"oco.info\"}",
        "{\"JSONRPC\":\"2.0\",\"ID\":1,\"METHOD\":\"oco.info\"}",
        "{\"foo\":1}",
    };
    for (size_t i = 0; i < sizeof bodies / sizeof *bodies; i++) {
        char label[300];
        snprintf(label, sizeof label, "body %.250s", bodies[i]);
        expect_http(&(struct oco_http){ .body = bodies[i] }, 400, "Payload Corrupt", "", label);
    }
    soft_end();
}

/* F-OCO-012: PHP's loose "2.0" == $v lets "2", 2, 2.0, "2.00" and true through; the reply
 * always says "2.0". */
static void jsonrpc_is_compared_loosely(void **state)
{
    (void)state;
    const char *const values[] = { "\"2.0\"", "\"2\"", "2", "2.0", "\"2.00\"", "true" };
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        char *body = fmt("{\"jsonrpc\":%s,\"id\":1,\"method\":\"oco.info\",\"params\":"
                         "{\"api_key\":\"" OCO_KEY "\"}}",
                         values[i]);
        struct tl_response res;
        oco_send(&(struct oco_http){ .body = body }, &res);
        if (res.status != 200)
            mismatch("jsonrpc %s: want 200, got %ld", values[i], res.status);
        else {
            cJSON *j = tl_json(&res);
            oco_envelope(j, NULL, body);
            if (!cJSON_GetObjectItemCaseSensitive(j, "result"))
                mismatch("jsonrpc %s: want a result: %.300s", values[i], res.body);
            cJSON_Delete(j);
        }
        tl_response_free(&res);
        free(body);
    }
    soft_end();
}

/* F-OCO-016, reference 1: no HTTP method check (PUT was OBSERVED to work). */
static void any_http_method_is_served(void **state)
{
    (void)state;
    const char *const verbs[] = { "POST", "PUT", "GET", "DELETE", "PATCH" };
    for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
        struct tl_response res;
        oco_send(&(struct oco_http){ .verb = verbs[i], .body = INFO }, &res);
        if (res.status != 200 || !strstr(res.body, "\"success\":true"))
            mismatch("%s with a body: want 200 success, got %ld %.200s", verbs[i], res.status,
                     res.body);
        tl_response_free(&res);
    }
    soft_end();
}

/* reference 1: the id is echoed unchanged, whatever its type (only null is refused). */
static void id_is_echoed_unchanged(void **state)
{
    (void)state;
    /* F-OCO-032: {} decodes to an empty PHP array, which json_encode writes as [] (reference
     * 1 step 5: objects become associative arrays) */
    static const struct {
        const char *id, *echo;
    } ids[] = { { "1", "1" },         { "0", "0" },         { "-7", "-7" },
                { "123456789", "123456789" }, { "1.5", "1.5" }, { "\"abc\"", "\"abc\"" },
                { "\"\"", "\"\"" },   { "\"a/b \\u00e4\"", "\"a/b \\u00e4\"" },
                { "{\"a\":[1,\"x\"]}", "{\"a\":[1,\"x\"]}" }, { "[1,2]", "[1,2]" },
                { "false", "false" }, { "true", "true" }, { "{}", "[]" } };
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        char *body = fmt("{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"oco.info\",\"params\":"
                         "{\"api_key\":\"" OCO_KEY "\"}}",
                         ids[i].id);
        struct tl_response res;
        oco_send(&(struct oco_http){ .body = body }, &res);
        if (res.status != 200) {
            mismatch("id %s: want 200, got %ld", ids[i].id, res.status);
        } else {
            cJSON *want = cJSON_Parse(ids[i].echo);
            cJSON *j = tl_json(&res);
            if (!cJSON_Compare(cJSON_GetObjectItemCaseSensitive(j, "id"), want, 1))
                mismatch("id %s: want it echoed as %s: %.300s", ids[i].id, ids[i].echo, res.body);
            else
                oco_envelope(j, want, body);
            cJSON_Delete(j);
            cJSON_Delete(want);
        }
        tl_response_free(&res);
        free(body);
    }
    /* an unknown method's error echoes it too */
    struct tl_response res;
    oco_send(&(struct oco_http){ .body = "{\"jsonrpc\":\"2.0\",\"id\":\"x-9\",\"method\":\"nope\"}" },
             &res);
    const char *want = "{\"jsonrpc\":\"2.0\",\"id\":\"x-9\",\"error\":{\"code\":-32002,\"message\":"
                       "\"Permission denied. You do not have the necessary rights.\",\"data\":null}}";
    if (res.status != 200 || strcmp(res.body, want) != 0)
        mismatch("error reply: want %s\n      got  %ld %s", want, res.status, res.body);
    tl_response_free(&res);
    soft_end();
}

/* ------------------------------------------------------------------ the reply */

/* reference 1, F-OCO-030: key order jsonrpc, id, result/error; success {"success":true,
 * "data":...}; error data null; Content-Type exactly application/json. Raw text compared. */
static void reply_text_is_exact(void **state)
{
    (void)state;
    static const struct {
        const char *body, *want;
    } rows[] = {
        { REQ("oco.computer.add_to_group",
              "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"computer_id\":1,\"computer_group_id\":3}}"),
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"success\":true,\"data\":[]}}" },
        { REQ("oco.deployment_rule.job.list", "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"id\":1}}"),
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"success\":true,\"data\":[]}}" },
        { REQ("oco.no.such", "{\"api_key\":\"" OCO_KEY "\"}"),
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,\"message\":\"Unknown "
          "Method\",\"data\":null}}" },
        { REQ("oco.computer.get", "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"id\":99}}"),
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32003,\"message\":\"Not "
          "found\",\"data\":null}}" },
        { REQ("oco.report.execute", "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"id\":1000}}"),
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"success\":true,\"data\":[{\"computer_id\":"
          "1,\"hostname\":\"SEED-PC\"}]}}" },
        /* 8 GiB of RAM: an integral float without a fraction (F-OCO-030) */
        { REQ("oco.report.execute", "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"id\":10}}"),
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"success\":true,\"data\":[{\"Total RAM "
          "(GiB)\":8}]}}" },
        { REQ("oco.computer.create",
              "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"hostname\":\"NEW-PC\"}}"),
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"success\":true,\"data\":{\"id\":\"2\"}}}" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char *text = rpc_text(NULL, rows[i].body);
        if (strcmp(text, rows[i].want) != 0)
            mismatch("%s\n      want %s\n      got  %.600s", rows[i].body, rows[i].want, text);
        free(text);
    }
    soft_end();
}

/* F-OCO-030: "/" as "\/", non-ASCII as lowercase \uXXXX (surrogate pairs beyond the BMP). */
static void replies_escape_slash_and_non_ascii(void **state)
{
    (void)state;
    int64_t id = ok_new_id("oco.computer.create",
                           "{\"hostname\":\"x/y\",\"notes\":\"a/b \xc3\xa4 \xe2\x82\xac "
                           "\xf0\x9f\x98\x80\"}");
    char *body = fmt("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.get\",\"params\":"
                     "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"id\":%lld}}}",
                     (long long)id);
    char *text = rpc_text(NULL, body);
    const char *const wants[] = { "\"hostname\":\"x\\/y\"",
                                  "\"notes\":\"a\\/b \\u00e4 \\u20ac \\ud83d\\ude00\"" };
    for (size_t i = 0; i < 2; i++)
        if (!strstr(text, wants[i]))
            mismatch("computer.get raw text lacks %s: %.700s", wants[i], text);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        if (*p >= 0x80) {
            mismatch("raw byte 0x%02x in the reply (non-ASCII must be \\uXXXX)", *p);
            break;
        }
    free(text);
    free(body);
    /* German error texts are escaped too */
    text = rpc_text(GERMAN, REQ("oco.job_container.deploy",
                                "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"name\":\"x\","
                                "\"sequence_mode\":7}}"));
    if (!strstr(text, "\"message\":\"Ung\\u00fcltiger Wert. Bitte pr\\u00fcfen Sie Ihre "
                      "Eingaben.\""))
        mismatch("German error raw text: %.400s", text);
    free(text);
    soft_end();
}

static void invalid_utf8_notes(cJSON *s)
{
    cJSON *c = cJSON_GetArrayItem(jget(s, "tables.computer"), 0);
    cJSON_ReplaceItemInObjectCaseSensitive(c, "notes", cJSON_CreateString("bad \xff byte"));
}

/* F-OCO-030: an invalid UTF-8 string in the data becomes null (JSON_PARTIAL_OUTPUT_ON_ERROR),
 * the rest of the reply stays. The bytes come from a fixture (a request body cannot hold
 * them: json_decode refuses it). */
static void invalid_utf8_in_data_becomes_null(void **state)
{
    (void)state;
    oco_use(oco_fixture_variant("oco-parity", invalid_utf8_notes));
    char *text = rpc_text(NULL, REQ("oco.computer.get",
                                    "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"id\":1}}"));
    if (!strstr(text, "\"notes\":null") || !strstr(text, "\"hostname\":\"SEED-PC\""))
        mismatch("want notes null and the rest intact: %.500s", text);
    free(text);
    soft_end();
}

/* ------------------------------------------------------------------ errors */

/* F-OCO-010: unknown method -32001 in both languages; names are exact and case-sensitive. */
static void unknown_method(void **state)
{
    (void)state;
    const char *const methods[] = { "oco.nothing", "OCO.INFO", "oco.info ", "oco.computer",
                                    "oco.computer.list.x", "", "oco.Computer.list" };
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        expect_rpc_error(methods[i], "{}", -32001, T_UNKNOWN_METHOD, T_UNKNOWN_METHOD_DE);
    /* a method that is not a string matches no method either */
    const char *const bodies[] = {
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5,\"params\":{\"api_key\":\"" OCO_KEY "\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":[\"oco.info\"],\"params\":{\"api_key\":\"" OCO_KEY
        "\"}}",
    };
    for (size_t i = 0; i < 2; i++) {
        struct tl_response res;
        oco_send(&(struct oco_http){ .body = bodies[i] }, &res);
        if (res.status == 200) {
            cJSON *j = tl_json(&res);
            oco_envelope(j, NULL, bodies[i]);
            expect_error_in(j, -32001, T_UNKNOWN_METHOD, bodies[i]);
            cJSON_Delete(j);
        } else if (res.status != 500) {
            mismatch("%s: want an Unknown Method error (or PHP's 500), got %ld", bodies[i],
                     res.status);
        }
        tl_response_free(&res);
    }
    soft_end();
}

static const struct key_row {
    const char *params; /* the "params" value */
    bool accepted;
} key_rows[] = {
    { "{\"api_key\":\"" OCO_KEY "\"}", true },
    { "{\"api_key\":\"" OCO_KEY "\",\"data\":5}", true },    /* non-object data: no values */
    { "{\"api_key\":\"" OCO_KEY "\",\"data\":null}", true },
    { "{\"api_key\":\"wrong\"}", false },
    { "{\"api_key\":\"DEMO-OCO-API-KEY\"}", false },
    { "{\"api_key\":\"" OCO_KEY " \"}", false },
    { "{\"api_key\":\" " OCO_KEY "\"}", false },
    { "{\"api_key\":\"demo-oco-api-ke\"}", false },
    { "{\"api_key\":\"\"}", false },
    { "{\"api_key\":null}", false },
    { "{\"api_key\":12345}", false },
    { "{\"api_key\":true}", false }, /* strict comparison: no PHP juggling */
    { "{\"api_key\":[\"" OCO_KEY "\"]}", false },
    { "{\"API_KEY\":\"" OCO_KEY "\"}", false },
    { "{}", false },
    { "[]", false },
    { "null", false },
    { "\"" OCO_KEY "\"", false },
    { NULL, false }, /* no params at all */
};

static void expect_key_result(const char *method, const char *params, bool accepted)
{
    char *body = params ? fmt("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":%s}",
                              method, params)
                        : fmt("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\"}", method);
    for (int german = 0; german <= 1; german++) {
        struct tl_response res;
        oco_send(&(struct oco_http){ .body = body, .lang = german ? GERMAN : NULL }, &res);
        if (res.status != 200) {
            mismatch("%s: HTTP %ld", body, res.status);
        } else {
            cJSON *j = tl_json(&res);
            oco_envelope(j, NULL, body);
            if (accepted && !cJSON_GetObjectItemCaseSensitive(j, "result"))
                mismatch("%s: want the key accepted, got %.300s", body, res.body);
            if (!accepted)
                expect_error_in(j, -32002, german ? T_DENIED_DE : T_DENIED, body);
            cJSON_Delete(j);
        }
        tl_response_free(&res);
    }
    free(body);
}

/* F-OCO-013, reference 1 "API key": strict string comparison with the setting; a missing
 * key is the empty string; -32002 with the generic permission text in both languages. */
static void api_key_is_compared_strictly(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof key_rows / sizeof *key_rows; i++)
        expect_key_result("oco.info", key_rows[i].params, key_rows[i].accepted);
    /* the key comes before the method: an unknown method with a bad key is -32002 */
    expect_key_result("oco.nothing", "{\"api_key\":\"wrong\"}", false);
    soft_end();
}

static void set_key(cJSON *oco_section, const char *value)
{
    cJSON *settings = cJSON_GetObjectItemCaseSensitive(oco_section, "settings");
    cJSON_DeleteItemFromObjectCaseSensitive(settings, "client-api-key");
    if (value)
        cJSON_AddStringToObject(settings, "client-api-key", value);
}
static void key_numeric(cJSON *s) { set_key(s, "12345"); }
static void key_empty(cJSON *s) { set_key(s, ""); }
static void key_absent(cJSON *s) { set_key(s, NULL); }

/* F-OCO-013: the number 12345 never matches the setting "12345"; an empty setting accepts
 * any or no key; without a row the setup's literal is the key (all OBSERVED). */
static void api_key_setting_variants(void **state)
{
    (void)state;
    oco_use(oco_fixture_variant("oco-parity", key_numeric));
    expect_key_result("oco.info", "{\"api_key\":\"12345\"}", true);
    expect_key_result("oco.info", "{\"api_key\":12345}", false);
    expect_key_result("oco.info", "{\"api_key\":12345.0}", false);
    expect_key_result("oco.info", "{\"api_key\":\"" OCO_KEY "\"}", false);

    oco_use(oco_fixture_variant("oco-parity", key_empty));
    expect_key_result("oco.info", "{\"api_key\":\"anything\"}", true);
    expect_key_result("oco.info", "{}", true);
    expect_key_result("oco.info", NULL, true);
    expect_key_result("oco.info", "{\"api_key\":12345}", true);

    oco_use(oco_fixture_variant("oco-parity", key_absent));
    expect_key_result("oco.info", "{\"api_key\":\"<randomly-generated-by-setup>\"}", true);
    expect_key_result("oco.info", "{\"api_key\":\"" OCO_KEY "\"}", false);
    expect_key_result("oco.info", "{}", false);
    soft_end();
}

/* F-OCO-010: not found is -32003 in both languages. */
static void not_found_texts(void **state)
{
    (void)state;
    expect_rpc_error("oco.computer.get", "{\"id\":99}", -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    expect_rpc_error("oco.package.get", "{\"id\":99}", -32003, T_NOT_FOUND, T_NOT_FOUND_DE);
    soft_end();
}

/* F-OCO-019: the first two characters of Accept-Language pick the language. */
static void language_is_the_first_two_characters(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        bool german;
    } rows[] = {
        { "de", true },          { "de-DE,de;q=0.9", true }, { "de-AT", true },
        { "deutsch", true },     { "de;q=0.1, en", true },   { "DE", false },
        { "De-de", false },      { "en-US,en;q=0.9", false }, { "fr-FR", false },
        { "en, de", false },     { "d", false },             { "", false },
        { "*", false },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        cJSON *j = rpc_lang(rows[i].header, "oco.nothing", "{}", NULL);
        char label[200];
        snprintf(label, sizeof label, "Accept-Language \"%s\"", rows[i].header);
        expect_error_in(j, -32001, rows[i].german ? T_UNKNOWN_METHOD_DE : T_UNKNOWN_METHOD, label);
        cJSON_Delete(j);
    }
    soft_end();
}

/* ------------------------------------------------------------------ batches */

#define ELEM(id, method, data)                                                                    \
    "{\"jsonrpc\":\"2.0\",\"id\":" id ",\"method\":\"" method "\",\"params\":{\"api_key\":\"" OCO_KEY \
    "\",\"data\":" data "}}"

/* reference 1 step 6: a list is a batch; replies come as an array in request order, each
 * with its own id, successes and errors mixed, each element with its own key check. */
static void batch_replies_in_order(void **state)
{
    (void)state;
    const char *body =
        "[" ELEM("\"a\"", "oco.computer.create", "{\"hostname\":\"B1\"}") ","
        ELEM("2", "oco.computer.get", "{\"id\":99}") ","
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"oco.info\",\"params\":{\"api_key\":\"bad\"}},"
        ELEM("4", "oco.nothing", "{}") ","
        ELEM("{\"k\":5}", "oco.computer.create", "{\"hostname\":\"b1\"}") ","
        ELEM("6", "oco.computer.create", "{\"hostname\":\"B2\"}") "]";
    char *text = rpc_text(NULL, body);
    const char *want =
        "[{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":{\"success\":true,\"data\":{\"id\":\"2\"}}},"
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"code\":-32003,\"message\":\"Not found\","
        "\"data\":null}},"
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32002,\"message\":\"" T_DENIED "\","
        "\"data\":null}},"
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"error\":{\"code\":-32001,\"message\":\"Unknown Method\","
        "\"data\":null}},"
        "{\"jsonrpc\":\"2.0\",\"id\":{\"k\":5},\"error\":{\"code\":-32001,\"message\":\""
        T_HOST_EXISTS "\",\"data\":null}},"
        "{\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{\"success\":true,\"data\":{\"id\":\"3\"}}}]";
    if (strcmp(text, want) != 0)
        mismatch("batch\n      want %s\n      got  %.1500s", want, text);
    free(text);
    /* a batch of one is still an array */
    text = rpc_text(NULL, "[" ELEM("1", "oco.deployment_rule.job.list", "{\"id\":1}") "]");
    if (strcmp(text, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"success\":true,\"data\":[]}}]"))
        mismatch("batch of one: %.300s", text);
    free(text);
    soft_end();
}

/* F-OCO-018: a malformed element turns the whole reply into 400 Payload Corrupt; elements
 * before it have run and keep their effects; elements after it do not run. */
static void batch_bad_element_is_400_and_keeps_earlier_effects(void **state)
{
    (void)state;
    const char *const bad[] = {
        "{\"jsonrpc\":\"2.0\",\"method\":\"oco.info\"}",           /* no id */
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"oco.info\"}", /* null id */
        "{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"oco.info\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":2}",
        "{}",
        "[]",
        "1",
        "\"x\"",
        "null",
        "[" ELEM("2", "oco.info", "{}") "]", /* a nested batch is not a request */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        oco_use("oco-parity");
        char *body = fmt("[" ELEM("1", "oco.computer.create", "{\"hostname\":\"BEFORE\"}")
                         ",%s," ELEM("3", "oco.computer.create", "{\"hostname\":\"AFTER\"}") "]",
                         bad[i]);
        char label[300];
        snprintf(label, sizeof label, "batch with bad element %s", bad[i]);
        expect_http(&(struct oco_http){ .body = body }, 400, "Payload Corrupt", "", label);
        free(body);
        cJSON *list = ok("oco.computer.list", "{}");
        const cJSON *c;
        bool before = false, after = false;
        cJSON_ArrayForEach(c, jget(list, "computers"))
        {
            const char *h = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(c, "hostname"));
            before |= h && strcmp(h, "BEFORE") == 0;
            after |= h && strcmp(h, "AFTER") == 0;
        }
        if (!before || after)
            mismatch("%s: want BEFORE created and AFTER not (before %d, after %d)", label, before,
                     after);
        cJSON_Delete(list);
        /* the id of BEFORE was 2; AFTER never ran, so the next is 3 */
        int64_t next = ok_new_id("oco.computer.create", "{\"hostname\":\"NEXT\"}");
        if (next != 3)
            mismatch("%s: next computer id %lld, want 3", label, (long long)next);
    }
    soft_end();
}

/* F-OCO-014: a request that ends in an error leaves no partial writes (deploy with a bad IP
 * range fails while the container is inserted: no container, no jobs, the id is not used). */
static void failed_request_leaves_no_writes(void **state)
{
    (void)state;
    expect_rpc_error("oco.job_container.deploy",
                     "{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[2],"
                     "\"agent_ip_ranges\":[\"not-an-ip\"]}",
                     -32000, T_BAD_IP, T_BAD_IP_DE);
    ok_empty("oco.job_container.list", NULL);
    int64_t id = ok_new_id("oco.job_container.deploy",
                           "{\"name\":\"x\",\"computer_ids\":[1],\"package_ids\":[2]}");
    if (id != 1)
        mismatch("container id after a failed deploy: %lld, want 1", (long long)id);
    cJSON *jobs = ok("oco.job_container.job.list", "{\"id\":1}");
    expect_len(jobs, "", 1, "jobs of the only container");
    expect_num(jobs, "0.id", 1, "first job id");
    cJSON_Delete(jobs);
    soft_end();
}

int main(void)
{
    oco.fixture = "oco-parity";
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, oco_fresh)
        T(api_disabled_is_405_before_everything),
        T(content_type_must_be_exact),
        T(basic_auth_failures),
        T(auth_is_checked_before_the_body),
        T(user_name_is_case_insensitive),
        T(empty_or_invalid_body_is_payload_corrupt),
        T(scalar_body_is_500),
        T(bad_envelope_is_payload_corrupt),
        T(jsonrpc_is_compared_loosely),
        T(any_http_method_is_served),
        T(id_is_echoed_unchanged),
        T(reply_text_is_exact),
        T(replies_escape_slash_and_non_ascii),
        T(invalid_utf8_in_data_becomes_null),
        T(unknown_method),
        T(api_key_is_compared_strictly),
        T(api_key_setting_variants),
        T(not_found_texts),
        T(language_is_the_first_two_characters),
        T(batch_replies_in_order),
        T(batch_bad_element_is_400_and_keeps_earlier_effects),
        T(failed_request_leaves_no_writes),
#undef T
    };
    return OCO_RUN(tests);
}
