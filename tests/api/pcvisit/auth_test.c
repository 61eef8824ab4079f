/* The pcvisit API's authentication, company and user queries and rate limit over HTTP
 * (server/apis/pcvisit/auth.c, company.c, ratelimit.c). Pins F-PCV-060, F-PCV-061,
 * F-PCV-062, F-PCV-073, F-PCV-074, F-PCV-075, F-PCV-076, F-PCV-077, F-PCV-078, F-PCV-079,
 * F-PCV-080. */
#include "core/rm.h"
#include "pcv_support.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct rmmsim *sim;

static int setup(void **state)
{
    (void)state;
    sim = tl_start("default");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_clock_unfreeze();
    tl_stop(sim);
    return 0;
}

static const char company_query[] =
    "query($id: CompanyIdOrCustomerUuid!) { CaRetrievePublicCompanyData(id: $id) { "
    "__typename ... on Imprint { companyId companyName customerUuid vatId address { city "
    "country } } ... on Failure { error comment_for_dev } } }";

/* F-PCV-062: the built-in pair gets an HS256 JWT; F-PCV-061: its claims and lifetime. */
static void good_pair_gets_a_jwt(void **state)
{
    (void)state;
    int64_t now = rm_clock_now_ms() / 1000;
    cJSON *reply = pcv_gql(sim, NULL,
                           "{ SiRetrieveSignedJwt(integratorApiToken: \"demo-integrator-token\", "
                           "userApiToken: \"demo-user-token\") { __typename "
                           "... on SignedJwtWasRetrieved { customerUuid token } } }",
                           NULL);
    const cJSON *r = pcv_field(reply, "SiRetrieveSignedJwt", "SignedJwtWasRetrieved");
    assert_string_equal(cJSON_GetObjectItem(r, "customerUuid")->valuestring, PCV_DEMO_COMPANY);
    const char *token = cJSON_GetObjectItem(r, "token")->valuestring;
    /* header.payload.signature, the header {"alg":"HS256","typ":"JWT"} */
    assert_int_equal(strncmp(token, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", 37), 0);
    const char *dot2 = strchr(token + 37, '.');
    assert_non_null(dot2);
    char b64[1024];
    size_t n = (size_t)(dot2 - token - 37);
    memcpy(b64, token + 37, n);
    for (size_t i = 0; i < n; i++)
        b64[i] = b64[i] == '-' ? '+' : b64[i] == '_' ? '/' : b64[i];
    while (n % 4)
        b64[n++] = '=';
    unsigned char payload[1024];
    size_t plen;
    assert_int_equal(rm_base64_decode(b64, n, payload, &plen), RM_OK);
    payload[plen] = '\0';
    cJSON *claims = cJSON_Parse((char *)payload);
    assert_string_equal(cJSON_GetObjectItem(claims, "sub")->valuestring, "auth0|demo-user");
    double iat = cJSON_GetObjectItem(claims, "iat")->valuedouble;
    assert_true(iat >= (double)now && iat <= (double)now + 5);
    assert_true(cJSON_GetObjectItem(claims, "exp")->valuedouble == iat + 3600);
    cJSON_Delete(claims);
    cJSON_Delete(reply);
}

/* in as base64url without padding, appended to out at *len. */
static void put_base64url(const unsigned char *in, size_t n, char *out, size_t *len)
{
    char b64[2048];
    assert_true(n <= sizeof b64 / 4 * 3 - 3);
    rm_base64_encode(in, n, b64);
    for (char *c = b64; *c && *c != '='; c++)
        out[(*len)++] = *c == '+' ? '-' : *c == '/' ? '_' : *c;
    out[*len] = '\0';
}

/* A JWT of the claims, signed with rmmsim's public test key as rmmsim signs (F-PCV-061):
 * what anyone can make. Static storage. */
static const char *forge_jwt(const char *claims)
{
    static char jwt[2048];
    static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    static const char key[] = "rmmsim-pcvisit-hs256-test-secret";
    size_t len = 0;
    put_base64url((const unsigned char *)header, strlen(header), jwt, &len);
    jwt[len++] = '.';
    put_base64url((const unsigned char *)claims, strlen(claims), jwt, &len);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned mac_len = 0;
    assert_non_null(HMAC(EVP_sha256(), key, (int)strlen(key), (const unsigned char *)jwt, len,
                         mac, &mac_len));
    jwt[len++] = '.';
    put_base64url(mac, mac_len, jwt, &len);
    return jwt;
}

/* F-PCV-061: the test key is public, so a token's claims are hostile input: an exp or pair
 * that is no whole number, or an exp past year 9999, is AccessDenied (casting such a
 * number to an integer was undefined behaviour). */
static void forged_claims_are_access_denied(void **state)
{
    (void)state;
    int64_t now = rm_clock_now_ms() / 1000;
    const char *claims = "{\"sub\":\"auth0|demo-user\",\"customerUuid\":\"" PCV_DEMO_COMPANY
                         "\",\"pair\":1,\"exp\":%s}";
    char text[512], exp[64];
    /* Forged but sound: rmmsim accepts what it would have issued itself. */
    snprintf(exp, sizeof exp, "%lld", (long long)now + 100);
    snprintf(text, sizeof text, claims, exp);
    cJSON *reply = pcv_gql(sim, forge_jwt(text), company_query, "{\"id\":\"10001\"}");
    pcv_field(reply, "CaRetrievePublicCompanyData", "Imprint");
    cJSON_Delete(reply);

    const char *const bad_exp[] = {"-1e300", "1e300", "1.5e19", "-9.3e18", "253402300800",
                                   "1e999", "\"9999999999\"", "null"};
    for (size_t i = 0; i < RM_ARRAY_LEN(bad_exp); i++) {
        snprintf(text, sizeof text, claims, bad_exp[i]);
        reply = pcv_gql(sim, forge_jwt(text), company_query, "{\"id\":\"10001\"}");
        const char *why = pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "AccessDenied");
        if (!strstr(why, "lacks the claims"))
            fail_msg("exp %s: %s", bad_exp[i], why);
        cJSON_Delete(reply);
    }
    const char *const bad_pair[] = {"1e300", "-1e300", "1.5", "9.3e18"};
    for (size_t i = 0; i < RM_ARRAY_LEN(bad_pair); i++) {
        snprintf(exp, sizeof exp, "%lld", (long long)now + 100);
        snprintf(text, sizeof text,
                 "{\"sub\":\"auth0|demo-user\",\"customerUuid\":\"" PCV_DEMO_COMPANY
                 "\",\"pair\":%s,\"exp\":%s}",
                 bad_pair[i], exp);
        reply = pcv_gql(sim, forge_jwt(text), company_query, "{\"id\":\"10001\"}");
        const char *why = pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "AccessDenied");
        if (!strstr(why, "lacks the claims"))
            fail_msg("pair %s: %s", bad_pair[i], why);
        cJSON_Delete(reply);
    }
}

/* F-PCV-062: any other pair is AccessDenied. */
static void bad_pair_is_access_denied(void **state)
{
    (void)state;
    const char *pairs[][2] = {{"demo-integrator-token", "wrong"},
                              {"wrong", "demo-user-token"},
                              {"demo-integrator-token", "other-user-token"},
                              {"", ""}};
    for (size_t i = 0; i < 4; i++) {
        char vars[256];
        snprintf(vars, sizeof vars, "{\"i\":\"%s\",\"u\":\"%s\"}", pairs[i][0], pairs[i][1]);
        cJSON *reply = pcv_gql(sim, NULL,
                               "query($i: IntegratorApiToken!, $u: UserApiToken!) { "
                               "SiRetrieveSignedJwt(integratorApiToken: $i, userApiToken: $u) { "
                               "__typename ... on Failure { error comment_for_dev } } }",
                               vars);
        const char *why = pcv_expect_failure(reply, "SiRetrieveSignedJwt", "AccessDenied");
        assert_non_null(strstr(why, "token pair"));
        cJSON_Delete(reply);
    }
}

/* F-PCV-078: the token scalars take strings only (a GraphQL error, not a Failure). */
static void token_scalars_take_strings(void **state)
{
    (void)state;
    cJSON *reply = pcv_gql(sim, NULL,
                           "{ SiRetrieveSignedJwt(integratorApiToken: 5, userApiToken: \"x\") "
                           "{ __typename } }",
                           NULL);
    const cJSON *errors = cJSON_GetObjectItem(reply, "errors");
    assert_true(cJSON_IsArray(errors));
    assert_non_null(strstr(cJSON_GetArrayItem(errors, 0)->child->valuestring,
                           "IntegratorApiToken cannot represent a non string value: 5"));
    cJSON_Delete(reply);
}

/* F-PCV-060: missing, malformed and forged tokens are AccessDenied at HTTP 200. */
static void missing_or_forged_token_is_access_denied(void **state)
{
    (void)state;
    char vars[128];
    snprintf(vars, sizeof vars, "{\"id\":\"%s\"}", PCV_DEMO_COMPANY);
    cJSON *reply = pcv_gql(sim, NULL, company_query, vars);
    assert_non_null(strstr(pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "AccessDenied"),
                           "Authorization"));
    cJSON_Delete(reply);

    char forged[1024];
    snprintf(forged, sizeof forged, "%s", pcv_demo_jwt(sim));
    char *last = forged + strlen(forged) - 2;
    *last = *last == 'A' ? 'B' : 'A';
    const char *bad[] = {forged, "not-a-jwt", "a.b.c", "eyJhbGciOiJub25lIn0.e30."};
    for (size_t i = 0; i < RM_ARRAY_LEN(bad); i++) {
        reply = pcv_gql(sim, bad[i], company_query, vars);
        pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "AccessDenied");
        cJSON_Delete(reply);
    }
    /* The scheme is matched in any case. */
    char header[1100];
    snprintf(header, sizeof header, "Authorization: bEaReR %s", pcv_demo_jwt(sim));
    char body[512];
    snprintf(body, sizeof body,
             "{\"query\":\"{ CaRetrievePublicCompanyData(id: \\\"10001\\\") { __typename } }\"}");
    struct tl_request req = {.method = "POST",
                             .path = "/graphql",
                             .body = body,
                             .headers = {"Content-Type: application/json", header}};
    struct tl_response res;
    tl_do(sim, &req, &res);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(res.body, "\"Imprint\""));
    tl_response_free(&res);
}

/* F-PCV-061: a JWT expires 3600 s after rmmsim's clock issued it: TokenExpired. */
static void expired_token_is_token_expired(void **state)
{
    (void)state;
    rm_clock_freeze(rm_clock_now_ms());
    char jwt[1024];
    snprintf(jwt, sizeof jwt, "%s", pcv_demo_jwt(sim));
    rm_clock_advance(3599 * 1000);
    cJSON *reply = pcv_gql(sim, jwt, company_query, "{\"id\":\"10001\"}");
    pcv_field(reply, "CaRetrievePublicCompanyData", "Imprint");
    cJSON_Delete(reply);
    rm_clock_advance(1000);
    reply = pcv_gql(sim, jwt, company_query, "{\"id\":\"10001\"}");
    assert_non_null(strstr(pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "TokenExpired"),
                           "expired"));
    cJSON_Delete(reply);
    rm_clock_unfreeze();
}

/* F-PCV-060: __typename and introspection need no token; the six queries are there. */
static void introspection_needs_no_token(void **state)
{
    (void)state;
    cJSON *reply =
        pcv_gql(sim, NULL, "{ __typename __schema { queryType { fields { name } } } }", NULL);
    const cJSON *data = cJSON_GetObjectItem(reply, "data");
    assert_string_equal(cJSON_GetObjectItem(data, "__typename")->valuestring, "Query");
    const cJSON *fields = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(data, "__schema"), "queryType"), "fields");
    const char *want[] = {"AcExportSessionsHistory",     "AcQuerySessionsHistory",
                          "CaRetrievePublicCompanyData", "SiFindUserByMail",
                          "SiRetrieveSignedJwt",         "SiRetrieveSignedTokenPayload"};
    assert_int_equal(cJSON_GetArraySize(fields), 6);
    for (int i = 0; i < 6; i++)
        assert_string_equal(cJSON_GetArrayItem(fields, i)->child->valuestring, want[i]);
    cJSON_Delete(reply);
}

/* F-PCV-073: any company by customer uuid or company id; unknown ones NotFound. */
static void company_data_by_either_id(void **state)
{
    (void)state;
    const char *jwt = pcv_demo_jwt(sim);
    const cJSON *fx =
        cJSON_GetArrayItem(cJSON_GetObjectItem(pcv_fixture("default"), "companies"), 1);
    const char *ids[] = {PCV_OTHER_COMPANY, "10002"};
    for (int i = 0; i < 2; i++) {
        cJSON *reply = pcv_gql_var(sim, jwt, company_query, "id", ids[i]);
        const cJSON *imprint = pcv_field(reply, "CaRetrievePublicCompanyData", "Imprint");
        assert_string_equal(cJSON_GetObjectItem(imprint, "companyName")->valuestring,
                            cJSON_GetObjectItem(fx, "companyName")->valuestring);
        assert_string_equal(cJSON_GetObjectItem(imprint, "customerUuid")->valuestring,
                            PCV_OTHER_COMPANY);
        assert_string_equal(cJSON_GetObjectItem(imprint, "vatId")->valuestring,
                            cJSON_GetObjectItem(fx, "vatId")->valuestring);
        const cJSON *addr = cJSON_GetObjectItem(imprint, "address");
        assert_string_equal(cJSON_GetObjectItem(addr, "country")->valuestring, "AT");
        cJSON_Delete(reply);
    }
    const char *unknown[] = {"no-such-company", "' OR 1=1 --", ""};
    for (size_t i = 0; i < RM_ARRAY_LEN(unknown); i++) {
        cJSON *reply = pcv_gql_var(sim, jwt, company_query, "id", unknown[i]);
        pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "NotFound");
        cJSON_Delete(reply);
    }
}

static cJSON *find_user(const char *jwt, const char *email)
{
    return pcv_gql_var(sim, jwt,
                       "query($e: Email!) { SiFindUserByMail(email: $e) { __typename ... on User { "
                       "id email company_ids company_in_charge_ids firstName lastLogin "
                       "loginPoliciesOfCompanies { customer_uuid } } "
                       "... on Failure { error comment_for_dev } } }",
                       "e", email);
}

/* F-PCV-074, F-PCV-075: users of the caller's companies by e-mail, team accounts refused. */
static void find_user_by_mail(void **state)
{
    (void)state;
    const char *jwt = pcv_demo_jwt(sim);
    cJSON *reply = find_user(jwt, "COLLEAGUE@demo-support.example");
    const cJSON *u = pcv_field(reply, "SiFindUserByMail", "User");
    assert_string_equal(cJSON_GetObjectItem(u, "id")->valuestring, "auth0|colleague");
    assert_string_equal(cJSON_GetObjectItem(u, "email")->valuestring,
                        "colleague@demo-support.example");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(u, "company_ids"), 0)->valuestring,
                        PCV_DEMO_COMPANY);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(u, "company_in_charge_ids")), 0);
    cJSON_Delete(reply);

    reply = find_user(jwt, "team@demo-support.example");
    assert_non_null(strstr(pcv_expect_failure(reply, "SiFindUserByMail", "FunctionNotAvailable"),
                           "team accounts"));
    cJSON_Delete(reply);
    reply = find_user(jwt, "other.user@other-customer.example");
    pcv_expect_failure(reply, "SiFindUserByMail", "NotFound");
    cJSON_Delete(reply);
    reply = find_user(jwt, "nobody@demo-support.example");
    pcv_expect_failure(reply, "SiFindUserByMail", "NotFound");
    cJSON_Delete(reply);
    reply = find_user(jwt, "not-an-email");
    pcv_expect_failure(reply, "SiFindUserByMail", "InvalidParameter");
    cJSON_Delete(reply);
}

static cJSON *token_payload(const char *jwt, const char *id)
{
    return pcv_gql_var(
        sim, jwt,
        "query($id: Auth0Uuid!) { SiRetrieveSignedTokenPayload(id: $id) { __typename "
        "... on SignedTokenPayload { base64 payload signature } "
        "... on Failure { error } } }",
        "id", id);
}

/* F-PCV-076: a user's claims, their base64url and its signature. */
static void signed_token_payload(void **state)
{
    (void)state;
    const char *jwt = pcv_demo_jwt(sim);
    cJSON *reply = token_payload(jwt, "auth0|colleague");
    const cJSON *p = pcv_field(reply, "SiRetrieveSignedTokenPayload", "SignedTokenPayload");
    cJSON *claims = cJSON_Parse(cJSON_GetObjectItem(p, "payload")->valuestring);
    assert_string_equal(cJSON_GetObjectItem(claims, "sub")->valuestring, "auth0|colleague");
    assert_string_equal(cJSON_GetObjectItem(claims, "email")->valuestring,
                        "colleague@demo-support.example");
    cJSON_Delete(claims);
    /* base64 is the payload in base64url */
    const char *b64 = cJSON_GetObjectItem(p, "base64")->valuestring;
    char std[1024];
    size_t n = strlen(b64);
    for (size_t i = 0; i < n; i++)
        std[i] = b64[i] == '-' ? '+' : b64[i] == '_' ? '/' : b64[i];
    while (n % 4)
        std[n++] = '=';
    unsigned char dec[1024];
    size_t dlen;
    assert_int_equal(rm_base64_decode(std, n, dec, &dlen), RM_OK);
    assert_memory_equal(dec, cJSON_GetObjectItem(p, "payload")->valuestring, dlen);
    assert_int_equal(strlen(cJSON_GetObjectItem(p, "signature")->valuestring), 43);
    cJSON_Delete(reply);

    reply = token_payload(jwt, "auth0|nobody");
    pcv_expect_failure(reply, "SiRetrieveSignedTokenPayload", "NotFound");
    cJSON_Delete(reply);
    reply = token_payload(jwt, "auth0|other-user");
    pcv_expect_failure(reply, "SiRetrieveSignedTokenPayload", "NotFound");
    cJSON_Delete(reply);
}

/* F-PCV-077, F-PCV-080: the limited pair may make 5 calls a minute of rmmsim's clock; the
 * sixth is TimeOut with the seconds left in the minute; the next minute refills. */
static void rate_limit_per_token_pair(void **state)
{
    (void)state;
    int64_t minute = (rm_clock_now_ms() / 60000 + 1) * 60000;
    rm_clock_freeze(minute + 10000); /* 50 s left in the window */
    char jwt[1024];
    snprintf(jwt, sizeof jwt, "%s",
             pcv_jwt(sim, "limited-integrator-token", "limited-user-token")); /* call 1 */
    for (int i = 2; i <= 5; i++) {
        cJSON *reply = pcv_gql(sim, jwt, company_query, "{\"id\":\"10001\"}");
        pcv_field(reply, "CaRetrievePublicCompanyData", "Imprint");
        cJSON_Delete(reply);
    }
    cJSON *reply = pcv_gql(sim, jwt, company_query, "{\"id\":\"10001\"}");
    assert_string_equal(pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "TimeOut"),
                        "Retry-After: 50");
    cJSON_Delete(reply);
    /* Another pair is not affected. */
    reply = pcv_gql(sim, pcv_demo_jwt(sim), company_query, "{\"id\":\"10001\"}");
    pcv_field(reply, "CaRetrievePublicCompanyData", "Imprint");
    cJSON_Delete(reply);
    rm_clock_advance(49500);
    reply = pcv_gql(sim, jwt, company_query, "{\"id\":\"10001\"}");
    assert_string_equal(pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "TimeOut"),
                        "Retry-After: 1");
    cJSON_Delete(reply);
    rm_clock_advance(500);
    reply = pcv_gql(sim, jwt, company_query, "{\"id\":\"10001\"}");
    pcv_field(reply, "CaRetrievePublicCompanyData", "Imprint");
    cJSON_Delete(reply);
    rm_clock_unfreeze();
}

/* Calls company_query with jwt until the limited pair's budget of 5 is used up: the
 * number of calls that were answered. */
static int calls_until_time_out(const char *jwt)
{
    for (int answered = 0; answered < 10; answered++) {
        cJSON *reply = pcv_gql(sim, jwt, company_query, "{\"id\":\"10001\"}");
        const cJSON *result = pcv_field(reply, "CaRetrievePublicCompanyData", NULL);
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItem(result, "__typename"));
        bool timed_out = type && strcmp(type, "Failure") == 0;
        if (timed_out)
            pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "TimeOut");
        cJSON_Delete(reply);
        if (timed_out)
            return answered;
    }
    return -1;
}

/* F-PCV-077: a reset of the tenant starts its rate-limit counts afresh, within the same
 * minute: a test that resets between cases is not limited by the one before. */
static void rate_limit_starts_afresh_after_a_reset(void **state)
{
    (void)state;
    int64_t instant = (rm_clock_now_ms() / 60000 + 1) * 60000 + 10000;
    rm_clock_freeze(instant);
    char jwt[1024];
    snprintf(jwt, sizeof jwt, "%s",
             pcv_jwt(sim, "limited-integrator-token", "limited-user-token")); /* call 1 */
    assert_int_equal(calls_until_time_out(jwt), 4);

    struct tl_response res;
    tl_post_json(sim, "/__admin/reset", "{}", &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    rm_clock_freeze(instant); /* the reset set the clock to real time: the same minute again */
    assert_int_equal(calls_until_time_out(jwt), 5);
    rm_clock_unfreeze();
}

/* F-PCV-080: the other built-in fixtures have the built-in pair and its company only. */
static void empty_fixture_has_the_builtin_pair(void **state)
{
    (void)state;
    const char *fixtures[] = {"empty", "oco-parity"};
    struct rmmsim *saved = sim;
    for (size_t i = 0; i < RM_ARRAY_LEN(fixtures); i++) {
        sim = tl_start(fixtures[i]);
        const char *jwt = pcv_demo_jwt(sim);
        cJSON *reply = pcv_gql(sim, jwt, company_query, "{\"id\":\"10001\"}");
        pcv_field(reply, "CaRetrievePublicCompanyData", "Imprint");
        cJSON_Delete(reply);
        reply = pcv_gql(sim, jwt, company_query, "{\"id\":\"10002\"}");
        pcv_expect_failure(reply, "CaRetrievePublicCompanyData", "NotFound");
        cJSON_Delete(reply);
        tl_stop(sim);
    }
    sim = saved;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_pair_gets_a_jwt),
        cmocka_unit_test(bad_pair_is_access_denied),
        cmocka_unit_test(token_scalars_take_strings),
        cmocka_unit_test(missing_or_forged_token_is_access_denied),
        cmocka_unit_test(forged_claims_are_access_denied),
        cmocka_unit_test(expired_token_is_token_expired),
        cmocka_unit_test(introspection_needs_no_token),
        cmocka_unit_test(company_data_by_either_id),
        cmocka_unit_test(find_user_by_mail),
        cmocka_unit_test(signed_token_payload),
        cmocka_unit_test(rate_limit_per_token_pair),
        cmocka_unit_test(rate_limit_starts_afresh_after_a_reset),
        cmocka_unit_test(empty_fixture_has_the_builtin_pair),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
