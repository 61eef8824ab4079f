/* Tests server/control/admin.c over real HTTP: health, reset, fixtures. */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

static int setup(void **state)
{
    *state = tl_start("default");
    return 0;
}

static int teardown(void **state)
{
    tl_stop(*state);
    return 0;
}

static void health_is_ok(void **state)
{
    struct tl_response res;
    tl_get(*state, "/__admin/health", &res);
    assert_int_equal(res.status, 200);
    assert_string_equal(res.body, "{\"status\":\"ok\"}");
    char type[64];
    assert_string_equal(tl_header(&res, "Content-Type", type, sizeof type), "application/json");
    tl_response_free(&res);
}

static long long sqlite_memory(void *sim)
{
    struct tl_response res;
    tl_get(sim, "/__admin/stats", &res);
    assert_int_equal(res.status, 200);
    cJSON *stats = tl_json(&res);
    tl_response_free(&res);
    const cJSON *used = cJSON_GetObjectItemCaseSensitive(stats, "sqliteMemoryBytes");
    const cJSON *high = cJSON_GetObjectItemCaseSensitive(stats, "sqliteMemoryHighwaterBytes");
    assert_true(cJSON_IsNumber(used) && cJSON_IsNumber(high));
    assert_true(used->valuedouble > 0 && high->valuedouble >= used->valuedouble);
    long long bytes = (long long)used->valuedouble;
    cJSON_Delete(stats);
    return bytes;
}

/* /__admin/stats follows SQLite's heap: a new tenant (a database of its own) adds to it and
 * deleting the tenant gives it back. */
static void stats_follow_the_sqlite_heap(void **state)
{
    long long before = sqlite_memory(*state);
    struct tl_response res;
    tl_post_json(*state, "/__admin/tenants", "{\"fixture\":\"default\"}", &res);
    assert_int_equal(res.status, 201);
    cJSON *tenant = tl_json(&res);
    tl_response_free(&res);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(tenant, "id");
    assert_true(cJSON_IsString(id));
    char path[128];
    snprintf(path, sizeof path, "/__admin/tenants/%s", id->valuestring);
    cJSON_Delete(tenant);
    long long with_tenant = sqlite_memory(*state);
    assert_true(with_tenant > before + 10000);
    struct tl_request del = { .method = "DELETE", .path = path };
    tl_do(*state, &del, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    assert_true(sqlite_memory(*state) < with_tenant);
}

static void fixtures_are_listed(void **state)
{
    struct tl_response res;
    tl_get(*state, "/__admin/fixtures", &res);
    assert_int_equal(res.status, 200);
    /* F-CTL-054: every name, and which of them were uploaded */
    assert_string_equal(res.body,
                        "{\"fixtures\":[\"default\",\"empty\",\"oco-parity\"],\"uploaded\":[]}");
    tl_response_free(&res);
}

static void reset_without_body_keeps_the_fixture(void **state)
{
    struct tl_response res;
    tl_post_json(*state, "/__admin/reset", "{\"fixture\":\"empty\"}", &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    struct tl_request req = { .method = "POST", .path = "/__admin/reset" };
    tl_do(*state, &req, &res);
    assert_int_equal(res.status, 200);
    assert_string_equal(res.body, "{\"status\":\"ok\",\"tenant\":\"default\",\"fixture\":\"empty\"}");
    tl_response_free(&res);
}

static void reset_rejects_bad_bodies(void **state)
{
    static const struct {
        const char *body;
        long status;
        const char *needle;
    } cases[] = {
        { "not json", 400, "JSON object" },
        { "[\"empty\"]", 400, "JSON object" },
        { "{\"fixture\": 5}", 400, "fixture must be a string" },
        { "{\"fixture\": \"nosuch\"}", 404, "unknown fixture 'nosuch'" },
        { "{\"fixture\": \"/nonexistent/x.json\"}", 500, "cannot read fixture" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tl_response res;
        tl_post_json(*state, "/__admin/reset", cases[i].body, &res);
        assert_int_equal(res.status, cases[i].status);
        if (!strstr(res.body, cases[i].needle))
            fail_msg("%s -> %s", cases[i].body, res.body);
        tl_response_free(&res);
    }
}

static void embedding_api_reset(void **state)
{
    char err[256];
    assert_int_equal(rmmsim_reset(*state, "default", err, sizeof err), 0);
    assert_int_equal(rmmsim_reset(*state, "nosuch", err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown fixture"));
    struct tl_response res;
    tl_post_json(*state, "/__admin/reset", "", &res);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(res.body, "\"fixture\":\"default\""));
    tl_response_free(&res);
}

/* F-CTL-070, F-CTL-071: the page and its assets, embedded, typed, revalidated, and
 * allowed to load nothing from elsewhere. */
static void admin_page_is_served(void **state)
{
    static const struct {
        const char *path;
        const char *type;
        const char *needle;
    } assets[] = {
        { "/__admin/", "text/html; charset=utf-8", "<title>rmmsim admin</title>" },
        { "/__admin/assets/admin.css", "text/css; charset=utf-8", "visually-hidden" },
        { "/__admin/assets/admin.js", "text/javascript; charset=utf-8", "textContent" },
    };
    char buf[256];
    for (size_t i = 0; i < sizeof assets / sizeof assets[0]; i++) {
        struct tl_response res;
        tl_get(*state, assets[i].path, &res);
        assert_int_equal(res.status, 200);
        assert_string_equal(tl_header(&res, "Content-Type", buf, sizeof buf), assets[i].type);
        assert_string_equal(tl_header(&res, "Cache-Control", buf, sizeof buf), "no-cache");
        assert_non_null(strstr(tl_header(&res, "Content-Security-Policy", buf, sizeof buf),
                               "default-src 'none'; script-src 'self'"));
        assert_non_null(strstr(res.body, assets[i].needle));
        /* no external assets: nothing is loaded from another origin */
        assert_null(strstr(res.body, "src=\"http"));
        assert_null(strstr(res.body, "href=\"http"));
        tl_response_free(&res);
    }
    static const char *const missing[] = { "/__admin/assets/nope.js", "/__admin/assets/index.txt",
                                           "/__admin/assets/..%2Fschema%2Fcore.sql" };
    for (size_t i = 0; i < sizeof missing / sizeof missing[0]; i++) {
        struct tl_response res;
        tl_get(*state, missing[i], &res);
        assert_int_equal(res.status, 404);
        tl_response_free(&res);
    }
}

/* F-CTL-072: /__admin leads to /__admin/ (relative, so a /t/{id} prefix stays), and the
 * page's own loads are not journaled. */
static void admin_page_redirects_and_is_not_journaled(void **state)
{
    struct tl_response res;
    struct tl_request del = { .method = "DELETE", .path = "/__admin/requests" };
    tl_do(*state, &del, &res);
    tl_response_free(&res);
    tl_get(*state, "/__admin", &res);
    assert_int_equal(res.status, 301);
    char buf[64];
    assert_string_equal(tl_header(&res, "Location", buf, sizeof buf), "__admin/");
    tl_response_free(&res);
    tl_get(*state, "/__admin/", &res);
    tl_response_free(&res);
    tl_get(*state, "/__admin/assets/admin.js", &res);
    tl_response_free(&res);
    tl_get(*state, "/__admin/requests/count", &res);
    assert_string_equal(res.body, "{\"count\":0}");
    tl_response_free(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(health_is_ok),
        cmocka_unit_test(stats_follow_the_sqlite_heap),
        cmocka_unit_test(fixtures_are_listed),
        cmocka_unit_test(reset_without_body_keeps_the_fixture),
        cmocka_unit_test(reset_rejects_bad_bodies),
        cmocka_unit_test(embedding_api_reset),
        cmocka_unit_test(admin_page_is_served),
        cmocka_unit_test(admin_page_redirects_and_is_not_journaled),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
