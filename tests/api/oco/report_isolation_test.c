/*
 * OCO oco.report.execute cannot write, or read outside its tenant (issue 8, F-OCO-070,
 * F-CORE-012). Reports cannot be created through the OCO API, so the way in is a fixture:
 * the hostile reports below arrive the way any client could send them, by POST
 * /__admin/fixtures, and run in a tenant made from that upload, beside a second tenant with
 * data of its own. Each tenant is a database of its own (no ATTACH, no shared cache), so
 * "the other tenant" is unreachable by construction; the test shows it.
 */
#include "testlib.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LEAK_FILE "/tmp/rmmsim-report-isolation.db"

static struct rmmsim *sim;
static char tenant_a[32], key_a[128], tenant_b[32], key_b[128];

static const struct {
    int id;
    const char *query;
} reports[] = {
    { 3000, "SELECT hostname FROM computer ORDER BY id" },
    { 3001, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name" },
    { 3002, "SELECT name FROM pragma_database_list" },
    { 3003, "SELECT * FROM pragma_table_info('computer')" },
    { 3004, "SELECT 1 AS a; ATTACH DATABASE '" LEAK_FILE "' AS x; CREATE TABLE x.t (a)" },
    { 3005, "SELECT * FROM x.sqlite_master" },
    { 3006, "SELECT * FROM temp.sqlite_master" },
    { 3007, "SELECT load_extension('libc.so.6')" },
    { 3008, "SELECT sqlite_compileoption_used('ENABLE_LOAD_EXTENSION') AS x" },
    { 3009, "SELECT fts3_tokenizer('simple')" },
    { 3010, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c" },
    { 3017, "SELECT x FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
            "SELECT x FROM c)" },
    { 3018, "SELECT count(*) AS n FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
            "SELECT x + 1 FROM c) SELECT x FROM c)" },
    { 3019, "SELECT x FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
            "LIMIT 100000) SELECT x FROM c)" },
    /* five values of 16 MB each: every one within its own limit, 80 MB together */
    { 3020, "SELECT v FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
            "LIMIT 5) SELECT printf('%.*c', 16000000, 'x') AS v FROM c)" },
    { 3011, "SELECT length(zeroblob(2000000000)) AS n" },
    { 3012, "SELECT length(printf('%.*c', 500000000, 'x')) AS n" },
    { 3013, "SELECT count(*) AS n FROM computer a, computer b, computer c, package d, package e, "
            "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 100000000) "
            "SELECT x FROM c)" },
    { 3014, "SELECT 1 AS a; PRAGMA writable_schema = ON; DELETE FROM sqlite_master" },
    { 3015, "SELECT 1 AS a WHERE (SELECT count(*) FROM main.computer) >= 0; VACUUM INTO '"
            LEAK_FILE "'" },
    { 3016, "select * from (select 1 as a) ; insert into computer (hostname) values ('x')" },
};

static void request(const char *tenant, const char *method, const char *path, const char *body,
                    struct tl_response *res)
{
    char th[64];
    snprintf(th, sizeof th, "X-Rmmsim-Tenant: %s", tenant ? tenant : "default");
    struct tl_request req = { .method = method, .path = path, .body = body,
                              .headers = { th, "Content-Type: application/json", "Expect:",
                                           "Authorization: Basic YWRtaW46YWRtaW4=" } };
    tl_do(sim, &req, &res[0]);
}

/* One report of tenant; the reply's JSON (caller frees). */
static cJSON *execute(const char *tenant, const char *key, int id)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.report.execute\","
             "\"params\":{\"api_key\":\"%s\",\"data\":{\"id\":%d}}}",
             key, id);
    struct tl_response res;
    request(tenant, "POST", "/api-client.php", body, &res);
    assert_int_equal(res.status, 200);
    cJSON *j = tl_json(&res);
    tl_response_free(&res);
    return j;
}

static char *execute_text(const char *tenant, const char *key, int id)
{
    cJSON *j = execute(tenant, key, id);
    char *p = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return p;
}

static void expect_reply(const char *tenant, const char *key, int id, const char *want)
{
    char *got = execute_text(tenant, key, id);
    if (!strstr(got, want))
        fail_msg("report %d in %s: got %.400s, want %s", id, tenant, got, want);
    free(got);
}

static void new_tenant(const char *fixture, char *id, char *key)
{
    char body[96];
    snprintf(body, sizeof body, "{\"fixture\":\"%s\"}", fixture);
    struct tl_response res;
    request(NULL, "POST", "/__admin/tenants", body, &res);
    assert_int_equal(res.status, 201);
    cJSON *j = tl_json(&res);
    snprintf(id, 32, "%s", cJSON_GetObjectItem(j, "id")->valuestring);
    cJSON *oco = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "credentials"), "oco");
    snprintf(key, 128, "%s", cJSON_GetObjectItem(oco, "apiKey")->valuestring);
    cJSON_Delete(j);
    tl_response_free(&res);
}

static int setup(void **state)
{
    (void)state;
    unlink(LEAK_FILE);
    sim = tl_start("oco-parity");
    /* The oco-parity fixture plus the hostile reports, uploaded as any client could. */
    char path[512];
    snprintf(path, sizeof path, "%s/fixtures/oco-parity.json", RMMSIM_SOURCE_DIR);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char text[1 << 20];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    cJSON *doc = cJSON_Parse(text);
    assert_non_null(doc);
    cJSON_ReplaceItemInObject(doc, "name", cJSON_CreateString("hostile-reports"));
    cJSON *oco = cJSON_GetObjectItem(doc, "oco");
    cJSON *table = cJSON_GetObjectItem(cJSON_GetObjectItem(oco, "tables"), "report");
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddNumberToObject(r, "id", reports[i].id);
        cJSON_AddNumberToObject(r, "report_group_id", 2);
        cJSON_AddStringToObject(r, "name", "hostile");
        cJSON_AddStringToObject(r, "notes", "");
        cJSON_AddStringToObject(r, "query", reports[i].query);
        cJSON_AddItemToArray(table, r);
    }
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(oco, "nextIds"), "report",
                              cJSON_CreateNumber(4000));
    char *upload = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    struct tl_response res;
    request(NULL, "POST", "/__admin/fixtures", upload, &res);
    free(upload);
    if (res.status != 201 && res.status != 200)
        fail_msg("upload: %ld %s", res.status, res.body);
    tl_response_free(&res);
    new_tenant("hostile-reports", tenant_a, key_a);
    new_tenant("default", tenant_b, key_b); /* the neighbour: other data, other reports */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    tl_stop(sim);
    unlink(LEAK_FILE);
    return 0;
}

/* What each hostile report gets: a substring of the reply. */
static const struct {
    int id;
    const char *want;
} answers[] = {
    { 3000, "\"data\":[{\"hostname\":\"SEED-PC\"}]" },    /* its own rows only */
    { 3001, "{\"name\":\"computer\"}" },                   /* its own schema */
    { 3002, "\"code\":-32000,\"message\":\"not authorized\"" }, /* PRAGMA functions */
    { 3003, "\"code\":-32000,\"message\":\"not authorized\"" },
    { 3004, "\"data\":[{\"a\":1}]" },                      /* only the first statement */
    { 3005, "no such table: x.sqlite_master" },
    { 3006, "\"data\":[]" },
    { 3007, "\"code\":-32000,\"message\":\"not authorized\"" }, /* extensions stay off */
    { 3009, "null" },                                     /* no tokenizer pointer games */
    { 3010, "\"code\":-32001" },                           /* the SELECT guard */
    { 3011, "string or blob too big" },                    /* F-CORE-012: 16 MiB a value */
    { 3012, "\"data\":[{\"n\":null}]" },
    { 3013, "ran longer than 5000 ms" },                  /* F-CORE-012: 5 s */
    { 3014, "\"data\":[{\"a\":1}]" },
    { 3015, "\"data\":[{\"a\":1}]" },
    { 3016, "\"data\":[{\"a\":1}]" },
    { 3017, "at most 100000 rows" },                      /* F-CORE-012: 100,000 rows */
    { 3018, "ran longer than 5000 ms" },
    { 3019, "{\"x\":100000}]" },                           /* the limit itself is allowed */
    { 3020, "at most 100000 rows and 64 MiB" },           /* F-CORE-012: 64 MiB in all */
};

static char *rpc_text(const char *tenant, const char *key, const char *method)
{
    char body[256];
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":{\"api_key\":\"%s\"}}",
             method, key);
    struct tl_response res;
    request(tenant, "POST", "/api-client.php", body, &res);
    assert_int_equal(res.status, 200);
    char *text = strdup(res.body);
    tl_response_free(&res);
    return text;
}

static void hostile_reports_stay_in_their_tenant(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof answers / sizeof answers[0]; i++)
        expect_reply(tenant_a, key_a, answers[i].id, answers[i].want);
    /* Nothing was written: tenant A's rows and reports are as uploaded. */
    char *computers = rpc_text(tenant_a, key_a, "oco.computer.list");
    assert_non_null(strstr(computers, "\"hostname\":\"SEED-PC\""));
    free(computers);
    expect_reply(tenant_a, key_a, 1001, "\"result\"");
    /* Tenant B's rows never show in A, and A's reports do not exist in B. */
    char *b = rpc_text(tenant_b, key_b, "oco.computer.list");
    cJSON *bj = cJSON_Parse(b);
    free(b);
    cJSON *list = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(bj, "result"),
                                                          "data"), "computers");
    assert_true(cJSON_GetArraySize(list) > 0);
    char *a_rows = execute_text(tenant_a, key_a, 3000);
    cJSON *c;
    cJSON_ArrayForEach(c, list) {
        const char *h = cJSON_GetStringValue(cJSON_GetObjectItem(c, "hostname"));
        if (h && strstr(a_rows, h) && strcmp(h, "SEED-PC") != 0)
            fail_msg("tenant %s's computer %s shows in tenant %s's report", tenant_b, h, tenant_a);
    }
    free(a_rows);
    cJSON_Delete(bj);
    expect_reply(tenant_b, key_b, 3000, "\"code\":-32003");
    /* No file was attached or written. */
    assert_int_equal(access(LEAK_FILE, F_OK), -1);
}

static atomic_int slow_report_answered;

static void *run_slow_report(void *arg)
{
    (void)arg;
    expect_reply(tenant_a, key_a, 3018, "ran longer than 5000 ms");
    atomic_store(&slow_report_answered, 1);
    tl_thread_done();
    return NULL;
}

/* A runaway report stops after its time; meanwhile other tenants are served: tenant B's
 * answer arrives while A's report still runs (an order, not a timing). */
static void runaway_report_does_not_stall_others(void **state)
{
    (void)state;
    /* B's first call opens its database, many times slower under valgrind, and not what is
     * measured: without it, B could miss A's 5 s there (it did, on a loaded machine). The
     * call measured is another, so that no cached reply answers it. */
    free(rpc_text(tenant_b, key_b, "oco.computer.list"));
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, run_slow_report, NULL), 0);
    usleep(300 * 1000);
    char *b = rpc_text(tenant_b, key_b, "oco.package_family.list");
    int answered_first = !atomic_load(&slow_report_answered);
    assert_non_null(strstr(b, "\"success\":true"));
    free(b);
    if (!answered_first)
        fail_msg("tenant %s was answered only after tenant %s's 5 s report", tenant_b, tenant_a);
    pthread_join(th, NULL);
    expect_reply(tenant_a, key_a, 3000, "SEED-PC"); /* A serves again */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hostile_reports_stay_in_their_tenant),
        cmocka_unit_test(runaway_report_does_not_stall_others),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
