/* Tests the OCO behaviour that fixture settings switch (reference/oco.md section 1):
 * the API disabled (405), an empty api key setting, ids as strings (PHP 7 servers), and
 * what civetweb does with BREW. Each test starts rmmsim on a fixture made from `empty`
 * with one setting changed. */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fixture_path[64];

/* Writes fixtures/empty.json with oco.settings[key] = value (NULL removes it) to a
 * temporary file and starts rmmsim on it. */
static struct rmmsim *start_with_setting(const char *key, const char *value)
{
    FILE *f = fopen(RMMSIM_SOURCE_DIR "/fixtures/empty.json", "rb");
    assert_non_null(f);
    char *text = malloc(1 << 20);
    size_t n = fread(text, 1, (1 << 20) - 1, f);
    fclose(f);
    text[n] = '\0';
    cJSON *doc = cJSON_Parse(text);
    free(text);
    assert_non_null(doc);
    cJSON *settings = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "oco"), "settings");
    assert_non_null(settings);
    cJSON_DeleteItemFromObject(settings, key);
    if (value)
        cJSON_AddStringToObject(settings, key, value);
    snprintf(fixture_path, sizeof fixture_path, "/tmp/rmmsim-switch-XXXXXX.json");
    int fd = mkstemps(fixture_path, 5);
    assert_true(fd >= 0);
    char *out = cJSON_Print(doc);
    assert_int_equal(write(fd, out, strlen(out)), (ssize_t)strlen(out));
    close(fd);
    free(out);
    cJSON_Delete(doc);
    return tl_start(fixture_path);
}

static void stop(struct rmmsim *sim)
{
    tl_stop(sim);
    unlink(fixture_path);
}

static void post(struct rmmsim *sim, const char *method, const char *body, struct tl_response *res)
{
    struct tl_request req = { .method = method, .path = "/api-client.php", .body = body,
                              .headers = { "Content-Type: application/json",
                                           "Authorization: Basic YWRtaW46YWRtaW4=" } };
    tl_do(sim, &req, res);
}

/* Step 1 of the transport: the setting off is 405 "API Disabled", empty body (reference 1). */
static void api_disabled_is_405(void **state)
{
    (void)state;
    struct rmmsim *sim = start_with_setting("client-api-enabled", "0");
    struct tl_response res;
    post(sim, "POST", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.info\"}", &res);
    assert_int_equal(res.status, 405);
    assert_int_equal(res.body_len, 0);
    assert_non_null(strstr(res.headers, "HTTP/1.1 405 API Disabled\r\n"));
    tl_response_free(&res);
    /* No row at all is the same as "0" (the default). */
    stop(sim);
    sim = start_with_setting("client-api-enabled", NULL);
    post(sim, "POST", "{}", &res);
    assert_int_equal(res.status, 405);
    tl_response_free(&res);
    stop(sim);
}

/* F-OCO-013: an empty key setting accepts any key, or none. */
static void empty_key_setting_accepts_anything(void **state)
{
    (void)state;
    struct rmmsim *sim = start_with_setting("client-api-key", "");
    struct tl_response res;
    post(sim, "POST",
         "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.info\",\"params\":{\"api_key\":\"x\"}},"
         "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"oco.info\"}]",
         &res);
    assert_int_equal(res.status, 200);
    cJSON *json = tl_json(&res);
    assert_int_equal(cJSON_GetArraySize(json), 2);
    for (cJSON *r = json->child; r; r = r->next)
        assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"), "success")));
    cJSON_Delete(json);
    tl_response_free(&res);
    stop(sim);
}

/* F-OCO-031: with rmmsim-ids-as-strings every number of result data is a string, as a
 * PHP 7 server sent them; the envelope's id and error codes stay as they are. */
static void ids_as_strings(void **state)
{
    (void)state;
    struct rmmsim *sim = start_with_setting("rmmsim-ids-as-strings", "1");
    struct tl_response res;
    post(sim, "POST",
         "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"oco.report.list\","
         "\"params\":{\"api_key\":\"demo-oco-api-key\",\"data\":{\"report_group_id\":1}}}",
         &res);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(res.body, "{\"jsonrpc\":\"2.0\",\"id\":7,"));
    cJSON *json = tl_json(&res);
    cJSON *reports = cJSON_GetObjectItem(
        cJSON_GetObjectItem(cJSON_GetObjectItem(json, "result"), "data"), "reports");
    assert_int_equal(cJSON_GetArraySize(reports), 14);
    for (cJSON *r = reports->child; r; r = r->next) {
        assert_true(cJSON_IsString(cJSON_GetObjectItem(r, "id")));
        assert_string_equal(cJSON_GetObjectItem(r, "report_group_id")->valuestring, "1");
    }
    cJSON_Delete(json);
    tl_response_free(&res);
    post(sim, "POST",
         "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"oco.nope\","
         "\"params\":{\"api_key\":\"demo-oco-api-key\"}}",
         &res);
    assert_non_null(strstr(res.body, "\"code\":-32001")); /* error codes stay numbers */
    tl_response_free(&res);
    stop(sim);

    /* Without the setting ids are numbers (PHP 8). */
    sim = start_with_setting("rmmsim-ids-as-strings", NULL);
    post(sim, "POST",
         "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"oco.report.list\","
         "\"params\":{\"api_key\":\"demo-oco-api-key\",\"data\":{\"report_group_id\":1}}}",
         &res);
    assert_non_null(strstr(res.body, "\"report_group_id\":1,"));
    tl_response_free(&res);
    stop(sim);
}

/* F-OCO-017: the real server answers BREW with 418; civetweb refuses the method first. */
static void brew_is_refused_by_civetweb(void **state)
{
    (void)state;
    struct rmmsim *sim = start_with_setting("client-api-enabled", "1");
    struct tl_response res;
    post(sim, "BREW", "{}", &res);
    assert_int_equal(res.status, 400);
    tl_response_free(&res);
    post(sim, "PUT", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.info\","
                     "\"params\":{\"api_key\":\"demo-oco-api-key\"}}",
         &res);
    assert_int_equal(res.status, 200); /* other methods are served (F-OCO-016) */
    tl_response_free(&res);
    stop(sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(api_disabled_is_405),
        cmocka_unit_test(empty_key_setting_accepts_anything),
        cmocka_unit_test(ids_as_strings),
        cmocka_unit_test(brew_is_refused_by_civetweb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
