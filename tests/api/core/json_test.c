/* JSON request bodies as the vendors' servers read them (F-CORE-019): a key named twice in
 * an object keeps its first position and its last value, in every API and the control
 * plane, in small objects and in large ones (which are deduplicated by sorting). */
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct rmmsim *sim;

static int start(void **state)
{
    (void)state;
    sim = tl_start("default");
    return sim ? 0 : -1;
}

static int stop(void **state)
{
    (void)state;
    tl_stop(sim);
    return 0;
}

/* method path body with the header (may be NULL); the status, the body in *body (free it). */
static long call(const char *method, const char *path, const char *header, const char *json,
                 char **body)
{
    struct tl_request req = {.method = method,
                             .path = path,
                             .body = json,
                             .headers = {"Content-Type: application/json", header}};
    struct tl_response res;
    tl_do(sim, &req, &res);
    long status = res.status;
    *body = strdup(res.body);
    tl_response_free(&res);
    return status;
}

static void expect(const char *method, const char *path, const char *header, const char *json,
                   long status, const char *needle)
{
    char *body;
    long got = call(method, path, header, json, &body);
    if (got != status || !strstr(body, needle))
        fail_msg("%s %s %s: want %ld with %s, got %ld %.300s", method, path, json, status,
                 needle, got, body);
    free(body);
}

#define RP_KEY "Authorization: Bearer demo-enterprise-key"
#define OCO_AUTH "Authorization: Basic YWRtaW46YWRtaW4="

static void remotepc_takes_the_last_value(void **state)
{
    (void)state;
    expect("GET", "/rpcnew/api/msp/user/list", RP_KEY, "{\"pageIndex\":-1,\"pageIndex\":1}",
           200, "\"current_page_index\":1");
    expect("GET", "/rpcnew/api/msp/user/list", RP_KEY, "{\"pageIndex\":1,\"pageIndex\":-1}",
           400, "Invalid page index");
}

/* The method and a data field each named twice; and an object of more than 32 members,
 * with a key three times. */
static void oco_takes_the_last_value(void **state)
{
    (void)state;
    expect("POST", "/api-client.php", OCO_AUTH,
           "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.nope\",\"method\":\"oco.computer.create\","
           "\"params\":{\"api_key\":\"demo-oco-api-key\",\"data\":{\"hostname\":\"FIRST-PC\","
           "\"hostname\":\"LAST-PC\"}}}",
           200, "\"result\":{\"success\":true,\"data\":{\"id\":");
    char data[2048] = "";
    for (int i = 0; i < 40; i++)
        snprintf(data + strlen(data), sizeof data - strlen(data), "\"k%d\":%d,", i, i);
    char *json;
    size_t len = strlen(data) + 512;
    json = malloc(len);
    snprintf(json, len,
             "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"oco.computer.create\",\"params\":{"
             "\"api_key\":\"demo-oco-api-key\",\"data\":{\"hostname\":\"ONE-PC\",%s"
             "\"hostname\":\"TWO-PC\",\"notes\":\"n\",\"hostname\":\"THREE-PC\"}}}",
             data);
    expect("POST", "/api-client.php", OCO_AUTH, json, 200, "\"success\":true");
    free(json);
    char *list;
    assert_int_equal(call("POST", "/api-client.php", OCO_AUTH,
                          "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"oco.computer.list\","
                          "\"params\":{\"api_key\":\"demo-oco-api-key\"}}",
                          &list),
                     200);
    assert_non_null(strstr(list, "\"hostname\":\"LAST-PC\""));
    assert_non_null(strstr(list, "\"hostname\":\"THREE-PC\""));
    assert_null(strstr(list, "FIRST-PC"));
    assert_null(strstr(list, "ONE-PC"));
    assert_null(strstr(list, "TWO-PC"));
    free(list);
}

static void pcvisit_takes_the_last_value(void **state)
{
    (void)state;
    expect("POST", "/graphql", NULL, "{\"query\":\"{ nope }\",\"query\":\"{ __typename }\"}", 200,
           "{\"data\":{\"__typename\":\"Query\"}}");
}

static void the_control_plane_takes_the_last_value(void **state)
{
    (void)state;
    char *body;
    assert_int_equal(
        call("POST", "/__admin/tenants", NULL, "{\"fixture\":\"nosuch\",\"fixture\":\"empty\"}",
             &body),
        201);
    cJSON *j = cJSON_Parse(body);
    free(body);
    assert_string_equal(cJSON_GetObjectItem(j, "fixture")->valuestring, "empty");
    char path[128];
    snprintf(path, sizeof path, "/__admin/tenants/%s", cJSON_GetObjectItem(j, "id")->valuestring);
    cJSON_Delete(j);
    expect("DELETE", path, NULL, NULL, 200, "\"status\":\"ok\"");
    expect("POST", "/__admin/fixtures", NULL,
           "{\"name\":\"first.name\",\"description\":\"d\",\"name\":\"last.name\"}", 201,
           "\"fixture\":\"last.name\"");
    expect("DELETE", "/__admin/fixtures/last.name", NULL, NULL, 200, "\"deleted\":\"last.name\"");
    expect("DELETE", "/__admin/fixtures/first.name", NULL, NULL, 404, "no uploaded fixture");
}

/* The first position is kept: OCO echoes a call's id as PHP decoded it. Small objects and
 * large ones (sorted), a key twice and three times. */
static void the_first_position_is_kept(void **state)
{
    (void)state;
    expect("POST", "/api-client.php", OCO_AUTH,
           "{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1,\"b\":2,\"a\":3,\"c\":4,\"a\":5},"
           "\"method\":\"oco.computer.list\",\"params\":{\"api_key\":\"demo-oco-api-key\"}}",
           200, "\"id\":{\"a\":5,\"b\":2,\"c\":4}");
    char members[2048] = "", want[2048] = "";
    for (int i = 0; i < 40; i++) {
        snprintf(members + strlen(members), sizeof members - strlen(members), ",\"k%02d\":%d", i,
                 i);
        snprintf(want + strlen(want), sizeof want - strlen(want), ",\"k%02d\":%d", i,
                 i == 7 ? 99 : i);
    }
    char json[4096], echo[2100];
    snprintf(json, sizeof json,
             "{\"jsonrpc\":\"2.0\",\"id\":{\"z\":0%s,\"k07\":98,\"k07\":99},\"method\":"
             "\"oco.computer.list\",\"params\":{\"api_key\":\"demo-oco-api-key\"}}",
             members);
    snprintf(echo, sizeof echo, "\"id\":{\"z\":0%s}", want);
    expect("POST", "/api-client.php", OCO_AUTH, json, 200, echo);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(remotepc_takes_the_last_value),
        cmocka_unit_test(oco_takes_the_last_value),
        cmocka_unit_test(pcvisit_takes_the_last_value),
        cmocka_unit_test(the_control_plane_takes_the_last_value),
        cmocka_unit_test(the_first_position_is_kept),
    };
    return cmocka_run_group_tests(tests, start, stop);
}
