/*
 * Hostile input to /api-client.php on "oco-parity": deep nesting, huge id arrays, wrong
 * types for every parameter (F-OCO-020: PHP's TypeError is an HTTP 500 with an empty body,
 * anything else a JSON-RPC reply), SQL metacharacters stored literally, and a crash seen
 * with a reset between rule evaluations (run in a spawned process so that a crash is a test
 * failure, not the end of this program). The server must answer afterwards every time.
 */
#include "oco_support.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Hard: the server still answers (oco.info succeeds). */
static void still_alive(const char *after)
{
    struct tl_response res;
    char *body = oco_request("oco.info", NULL);
    oco_send(&(struct oco_http){ .body = body }, &res);
    if (res.status != 200)
        fail_msg("after %s: oco.info gives HTTP %ld", after, res.status);
    tl_response_free(&res);
    free(body);
}

/* Soft: the reply to body is either 200 with a valid JSON-RPC reply (object or batch array)
 * or one of the HTTP failures with an empty body (400 Payload Corrupt, 500). */
static void expect_sane(const char *body, size_t len, const char *label)
{
    struct tl_response res;
    oco_send(&(struct oco_http){ .body = body, .body_len = len }, &res);
    if (res.status == 200) {
        cJSON *j = cJSON_ParseWithLength(res.body, res.body_len);
        if (!j || (!cJSON_IsObject(j) && !cJSON_IsArray(j)))
            mismatch("%s: 200 without a JSON reply: %.200s", label, res.body);
        cJSON_Delete(j);
    } else if ((res.status != 400 && res.status != 500) || res.body_len != 0) {
        mismatch("%s: HTTP %ld %.200s", label, res.status, res.body);
    }
    tl_response_free(&res);
}

/* ------------------------------------------------------------------ nesting */

/* reference 1 step 5 and F-CORE-005: too deep a body is 400 Payload Corrupt (PHP's
 * json_decode gives null past depth 512, rmmsim's check past 64); shallow nesting inside
 * data is only a wrong type. */
static void deep_nesting(void **state)
{
    (void)state;
    const size_t depths[] = { 600, 2000, 100000 };
    for (size_t i = 0; i < 3; i++) {
        char *open = repeat("[", depths[i]), *close = repeat("]", depths[i]);
        char *body = fmt("%s%s", open, close);
        char label[80];
        snprintf(label, sizeof label, "body of %zu nested arrays", depths[i]);
        expect_http(&(struct oco_http){ .body = body }, 400, "Payload Corrupt", "", label);
        free(body);
        char *objs = repeat("{\"a\":", depths[i]), *ends = repeat("}", depths[i]);
        body = fmt("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.create\",\"params\":"
                   "{\"api_key\":\"" OCO_KEY "\",\"data\":{\"hostname\":%s1%s}}}",
                   objs, ends);
        snprintf(label, sizeof label, "hostname nested %zu deep", depths[i]);
        expect_http(&(struct oco_http){ .body = body }, 400, "Payload Corrupt", "", label);
        free(body);
        body = fmt("{\"jsonrpc\":\"2.0\",\"id\":%s1%s,\"method\":\"oco.info\"}", open, close);
        snprintf(label, sizeof label, "id nested %zu deep", depths[i]);
        expect_http(&(struct oco_http){ .body = body }, 400, "Payload Corrupt", "", label);
        free(body);
        free(open);
        free(close);
        free(objs);
        free(ends);
        still_alive(label);
    }
    /* F-CORE-005: deeper than 64 is a bad body (PHP's json_decode would take up to 512) */
    char *objs = repeat("[", 100), *ends = repeat("]", 100);
    char *data = fmt("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.create\","
                     "\"params\":{\"api_key\":\"" OCO_KEY "\",\"data\":{\"hostname\":%s\"x\"%s}}}",
                     objs, ends);
    expect_http(&(struct oco_http){ .body = data }, 400, "Payload Corrupt", "", "65+ levels");
    free(data);
    free(objs);
    free(ends);
    /* shallow nesting decodes: an array as host name is PHP's TypeError (F-OCO-020) */
    objs = repeat("[", 10);
    ends = repeat("]", 10);
    data = fmt("{\"hostname\":%s\"x\"%s}", objs, ends);
    expect_500("oco.computer.create", data);
    free(data);
    free(objs);
    free(ends);
    cJSON *d = ok("oco.computer.list", NULL);
    expect_len(d, "computers", 1, "no computer was created");
    cJSON_Delete(d);
    soft_end();
}

/* ------------------------------------------------------------------ huge arrays */

static void huge_id_arrays(void **state)
{
    (void)state;
    /* 100000 copies of computer 1 (about 200 KB): one computer after deduplication */
    char *ones = repeat("1,", 100000);
    ones[strlen(ones) - 1] = '\0';
    char *data = fmt("{\"name\":\"big\",\"computer_ids\":[%s],\"package_ids\":[%s]}", ones, ones);
    int64_t id = ok_new_id("oco.job_container.deploy", data);
    free(data);
    cJSON *jobs = okf("oco.job_container.job.list", "{\"id\":%lld}", (long long)id);
    expect_len(jobs, "", 2, "jobs of 100000 x computer 1, package 1");
    cJSON_Delete(jobs);
    /* 100000 unknown ids */
    char *many = repeat("99,", 100000);
    many[strlen(many) - 1] = '\0';
    data = fmt("{\"name\":\"none\",\"computer_ids\":[%s],\"package_ids\":[%s]}", many, many);
    expect_rpc_error("oco.job_container.deploy", data, -32001, T_NO_JOBS, NULL);
    free(data);
    /* uninstall does not deduplicate: 3000 jobs for one installation */
    char *inst = repeat("1,", 3000);
    inst[strlen(inst) - 1] = '\0';
    data = fmt("{\"name\":\"u\",\"installation_ids\":[%s]}", inst);
    cJSON *d = ok("oco.job_container.uninstall", data);
    expect_json(d, "", "{\"id\":null}", "uninstall");
    cJSON_Delete(d);
    free(data);
    jobs = okf("oco.job_container.job.list", "{\"id\":%lld}", (long long)id + 1);
    expect_len(jobs, "", 3000, "uninstall jobs");
    cJSON_Delete(jobs);
    /* a batch of 2000 requests */
    char *one = oco_request("oco.info", NULL);
    size_t len = strlen(one);
    char *batch = malloc(2000 * (len + 1) + 2);
    assert_non_null(batch);
    char *p = batch;
    *p++ = '[';
    for (int i = 0; i < 2000; i++) {
        memcpy(p, one, len);
        p += len;
        *p++ = i < 1999 ? ',' : ']';
    }
    *p = '\0';
    char *text = rpc_text(NULL, batch);
    cJSON *replies = cJSON_Parse(text);
    expect_len(replies, "", 2000, "batch of 2000");
    cJSON_Delete(replies);
    free(text);
    free(batch);
    free(one);
    free(ones);
    free(many);
    free(inst);
    still_alive("huge arrays");
    soft_end();
}

/* ------------------------------------------------------------------ wrong types */

static const struct {
    const char *method;
    const char *params[20]; /* the parameters the method reads */
} methods[] = {
    { "oco.computer.list", { "computer_group_id", NULL } },
    { "oco.computer.get", { "id", NULL } },
    { "oco.computer.create", { "hostname", "notes", NULL } },
    { "oco.computer.add_to_group", { "computer_id", "computer_group_id", NULL } },
    { "oco.computer.remove_from_group", { "computer_id", "computer_group_id", NULL } },
    { "oco.computer.wol", { "id", NULL } },
    { "oco.computer.remove", { "id", "force", NULL } },
    { "oco.package_family.list", { "show_icons", NULL } },
    { "oco.package.list", { "package_family_id", "package_group_id", NULL } },
    { "oco.package.get", { "id", "show_icons", NULL } },
    { "oco.package.add_to_group", { "package_id", "package_group_id", NULL } },
    { "oco.package.remove_from_group", { "package_id", "package_group_id", NULL } },
    { "oco.package.create",
      { "package_family_name", "version", "license_count", "description", "install_procedure",
        "install_procedure_success_return_codes", "install_procedure_post_action",
        "upgrade_behavior", "uninstall_procedure", "uninstall_procedure_success_return_codes",
        "download_for_uninstall", "uninstall_procedure_post_action", "compatible_os",
        "compatible_os_version", "compatible_architecture", "files", NULL } },
    { "oco.package.remove", { "id", "force", NULL } },
    { "oco.job_container.list", { NULL } },
    { "oco.job_container.job.list", { "id", NULL } },
    { "oco.job_container.deploy",
      { "name", "description", "computer_ids", "computer_group_ids", "computer_report_ids",
        "package_ids", "package_group_ids", "package_report_ids", "date_start", "date_end",
        "use_wol", "shutdown_waked_after_completion", "restart_timeout",
        "force_install_same_version", "sequence_mode", "priority", "agent_ip_ranges",
        "time_frames", NULL } },
    { "oco.job_container.uninstall",
      { "name", "description", "installation_ids", "date_start", "date_end", "use_wol",
        "shutdown_waked_after_completion", "restart_timeout", "sequence_mode", "priority",
        "agent_ip_ranges", NULL } },
    { "oco.job_container.remove", { "id", NULL } },
    { "oco.job_container.job.remove", { "id", NULL } },
    { "oco.remove_installation_assignment", { "id", NULL } },
    { "oco.deployment_rule.list", { NULL } },
    { "oco.deployment_rule.job.list", { "id", NULL } },
    { "oco.report.list", { "report_group_id", NULL } },
    { "oco.report.execute", { "id", NULL } },
};

/* Valid values for the other parameters of a method, so that the wrong one is reached. */
static const char *valid_value(const char *param)
{
    static const struct {
        const char *param, *value;
    } values[] = {
        { "hostname", "\"H\"" },          { "name", "\"n\"" },
        { "package_family_name", "\"F\"" }, { "version", "\"1\"" },
        { "install_procedure", "\"i\"" }, { "computer_ids", "[1]" },
        { "package_ids", "[2]" },         { "installation_ids", "[1]" },
        { "id", "1" },                    { "computer_id", "1" },
        { "computer_group_id", "3" },     { "package_id", "2" },
        { "package_group_id", "2" },      { "package_family_id", "1" },
    };
    for (size_t i = 0; i < sizeof values / sizeof *values; i++)
        if (strcmp(values[i].param, param) == 0)
            return values[i].value;
    return NULL;
}

/* F-OCO-020: no wrong type crashes or hangs the server: every reply is a JSON-RPC reply or
 * an empty 400/500. */
static void wrong_types_for_every_parameter(void **state)
{
    (void)state;
    const char *const wrong[] = { "[]",        "{}",   "[1,2]",  "{\"a\":1}", "true",
                                  "false",     "1.5",  "-1",     "1e300",     "-1e300",
                                  "\"x\"",     "\"\"", "null",   "[[1]]",     "[null]",
                                  "[\"x\",{}]", "9223372036854775807", "\"9223372036854775808\"" };
    size_t n = 0;
    for (size_t m = 0; m < sizeof methods / sizeof *methods; m++) {
        oco_use("oco-parity");
        for (size_t p = 0; methods[m].params[p]; p++) {
            for (size_t w = 0; w < sizeof wrong / sizeof *wrong; w++) {
                char data[2048];
                size_t len = (size_t)snprintf(data, sizeof data, "{");
                for (size_t q = 0; methods[m].params[q]; q++) {
                    const char *v = q == p ? wrong[w] : valid_value(methods[m].params[q]);
                    if (v)
                        len += (size_t)snprintf(data + len, sizeof data - len, "%s\"%s\":%s",
                                                data[len - 1] == '{' ? "" : ",",
                                                methods[m].params[q], v);
                }
                snprintf(data + len, sizeof data - len, "}");
                char *body = oco_request(methods[m].method, data);
                char label[2200];
                snprintf(label, sizeof label, "%s %s", methods[m].method, data);
                expect_sane(body, 0, label);
                free(body);
                n++;
            }
        }
        still_alive(methods[m].method);
    }
    print_message("%zu requests with wrong types\n", n);
    soft_end();
}

/* F-OCO-020: an array or object where a string is trimmed is PHP's TypeError (HTTP 500);
 * the IP ranges as a string are one too (OBSERVED). */
static void arrays_where_strings_are_wanted(void **state)
{
    (void)state;
    static const struct {
        const char *method, *data;
    } rows[] = {
        { "oco.computer.create", "{\"hostname\":[\"PC\"]}" },
        { "oco.computer.create", "{\"hostname\":{\"a\":\"PC\"}}" },
        { "oco.job_container.deploy", "{\"name\":[\"n\"],\"computer_ids\":[1],\"package_ids\":[2]}" },
        { "oco.job_container.uninstall", "{\"name\":{},\"installation_ids\":[1]}" },
        { "oco.job_container.deploy", "{\"name\":\"n\",\"computer_ids\":[1],\"package_ids\":[2],"
                                      "\"agent_ip_ranges\":\"10.0.0.0/8\"}" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        expect_500(rows[i].method, rows[i].data);
    /* and nothing was written */
    cJSON *d = ok("oco.computer.list", NULL);
    expect_len(d, "computers", 1, "computers");
    cJSON_Delete(d);
    ok_empty("oco.job_container.list", NULL);
    soft_end();
}

/* ------------------------------------------------------------------ SQL metacharacters */

static const char *const nasty[] = {
    "x'; DROP TABLE computer; --",
    "Robert'); DROP TABLE package;--",
    "\\\" OR \\\"1\\\"=\\\"1",
    "' OR '1'='1",
    "%",
    "_",
    "a%b_c",
    "\\\\",
    "NULL",
    "1; SELECT * FROM system_user",
    "\\u00e4\\u00f6\\u00fc \\ud83d\\ude00",
    "<script>alert(1)</script>",
    "$(reboot)",
};

/* Names with SQL metacharacters are stored and returned literally; the tables stay. */
static void sql_metacharacters_are_stored_literally(void **state)
{
    (void)state;
    size_t n = sizeof nasty / sizeof *nasty;
    for (size_t i = 0; i < n; i++) {
        char *data = fmt("{\"hostname\":\"%s\",\"notes\":\"%s\"}", nasty[i], nasty[i]);
        int64_t id = ok_new_id("oco.computer.create", data);
        free(data);
        char *want = fmt("\"%s\"", nasty[i]);
        cJSON *d = okf("oco.computer.get", "{\"id\":%lld}", (long long)id);
        expect_json(d, "general.hostname", want, nasty[i]);
        expect_json(d, "general.notes", want, nasty[i]);
        cJSON_Delete(d);
        data = fmt("{\"package_family_name\":\"%s\",\"version\":\"%s\",\"install_procedure\":"
                   "\"%s\",\"description\":\"%s\"}",
                   nasty[i], nasty[i], nasty[i], nasty[i]);
        id = ok_new_id("oco.package.create", data);
        free(data);
        d = okf("oco.package.get", "{\"id\":%lld}", (long long)id);
        expect_json(d, "general.package_family_name", want, nasty[i]);
        expect_json(d, "general.version", want, nasty[i]);
        expect_json(d, "general.install_procedure", want, nasty[i]);
        expect_json(d, "general.notes", want, nasty[i]);
        cJSON_Delete(d);
        data = fmt("{\"name\":\"%s\",\"description\":\"%s\",\"computer_ids\":[1],"
                   "\"package_ids\":[2]}",
                   nasty[i], nasty[i]);
        id = ok_new_id("oco.job_container.deploy", data);
        cJSON *c = ok("oco.job_container.list", NULL);
        expect_json(find_id(c, id), "name", want, nasty[i]);
        expect_json(find_id(c, id), "notes", want, nasty[i]);
        cJSON_Delete(c);
        free(data);
        free(want);
    }
    /* the same host names again are duplicates, not patterns */
    for (size_t i = 0; i < n; i++) {
        char *data = fmt("{\"hostname\":\"%s\"}", nasty[i]);
        expect_rpc_error("oco.computer.create", data, -32001, T_HOST_EXISTS, NULL);
        free(data);
    }
    cJSON *d = ok("oco.computer.list", NULL);
    expect_len(d, "computers", (int)n + 1, "computers after the nasty names");
    cJSON_Delete(d);
    d = ok("oco.package_family.list", NULL);
    expect_len(d, "", (int)n + 2, "families after the nasty names");
    cJSON_Delete(d);
    d = ok("oco.report.execute", "{\"id\":1000}");
    expect_len(d, "", (int)n + 1, "report 1000 after the nasty names");
    cJSON_Delete(d);
    soft_end();
}

/* F-CORE-006: "\u0000" in a request is read as U+FFFD (written back as \ufffd), in host
 * names and free text alike; nothing is cut at the NUL. (PHP would keep the NUL, and trim()
 * would strip one at the ends of a host name.) Raw text compared. */
static void nul_is_read_as_replacement_character(void **state)
{
    (void)state;
    static const struct {
        const char *data, *want;
    } rows[] = {
        { "{\"hostname\":\"mid\\u0000dle\",\"notes\":\"n\\u0000n\"}",
          "\"hostname\":\"mid\\ufffddle\"" },
        { "{\"hostname\":\"\\u0000lead\",\"notes\":\"n\\u0000n\"}",
          "\"hostname\":\"\\ufffdlead\"" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        int64_t id = ok_new_id("oco.computer.create", rows[i].data);
        char *body = fmt("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.get\","
                         "\"params\":{\"api_key\":\"" OCO_KEY "\",\"data\":{\"id\":%lld}}}",
                         (long long)id);
        char *text = rpc_text(NULL, body);
        if (!strstr(text, rows[i].want) || !strstr(text, "\"notes\":\"n\\ufffdn\""))
            mismatch("%s: want %s and notes n\\ufffdn in %.400s", rows[i].data, rows[i].want,
                     text);
        free(text);
        free(body);
    }
    soft_end();
}

/* ------------------------------------------------------------------ a crash */

/* One request to a spawned server; returns the HTTP status, 0 when it did not answer. */
static long send_to(const char *base, const char *path, const char *body, char **reply)
{
    struct tl_request req = { .method = "POST", .path = path, .body = body };
    req.headers[0] = "Content-Type: application/json";
    req.headers[1] = "Authorization: Basic YWRtaW46YWRtaW4="; /* admin:admin */
    struct tl_response res;
    /* tl_do_url fails the test on a transport error: a dead server is a failure here */
    tl_do_url(base, &req, &res);
    long status = res.status;
    *reply = res.body;
    free(res.headers);
    return status;
}

/* A rule evaluation (computer joins group 1, which rule 1 targets), a reset of the tenant,
 * the same rule evaluation again: the server must still answer. Seen crashing with SIGSEGV
 * in sqlite3_prepare_v3 of the rule-job sweep statement after a reset. */
static void reset_between_rule_evaluations_does_not_crash(void **state)
{
    (void)state;
    const char *args[] = { "--listen", "127.0.0.1:0", "--fixture", "oco-parity", "--log-level",
                           "off", NULL };
    struct tl_proc p = { 0 };
    tl_spawn(args, NULL, &p);
    char *add = oco_request("oco.computer.add_to_group",
                            "{\"computer_id\":1,\"computer_group_id\":1}");
    for (int round = 0; round < 3; round++) {
        char *reply;
        long status = send_to(p.base_url, OCO_PATH, add, &reply);
        if (status != 200 || !strstr(reply, "\"success\":true"))
            mismatch("round %d: add_to_group gives %ld %.200s", round, status, reply);
        free(reply);
        status = send_to(p.base_url, "/__admin/reset", "{}", &reply);
        if (status != 200)
            mismatch("round %d: reset gives %ld", round, status);
        free(reply);
    }
    free(add);
    assert_int_equal(tl_proc_stop(&p, SIGTERM), 0);
    soft_end();
}

/* The MariaDB message for a value too long for column (F-OCO-117; free it). */
static char *too_long(const char *column)
{
    return fmt("SQLSTATE[22001]: String data, right truncated: 1406 Data too long for column "
               "'%s' at row 1",
               column);
}

/* Soft: how many elements the list method's result.data.key holds (key NULL: data itself). */
static int count_of(const char *method, const char *key)
{
    cJSON *d = ok(method, NULL);
    int n = cJSON_GetArraySize(key ? jget(d, key) : d);
    cJSON_Delete(d);
    return n;
}

/* F-OCO-117: values longer than their MariaDB column (VARCHAR(200) counts characters, TEXT
 * holds 65,535 bytes) are the database's -32000, and nothing is written; the limits
 * themselves fit. */
static void values_longer_than_their_column(void **state)
{
    (void)state;
    char *at_limit = repeat("\u00e4", 200), *past = repeat("\u00e4", 201); /* 2 bytes each */
    char *text = repeat("x", 65535), *text_past = repeat("x", 65536);
    int computers = count_of("oco.computer.list", "computers");
    char *data = fmt("{\"hostname\":\"%s\",\"notes\":\"%s\"}", at_limit, text);
    ok_new_id("oco.computer.create", data);
    free(data);
    char *want = too_long("hostname");
    data = fmt("{\"hostname\":\"%s\"}", past);
    expect_rpc_error("oco.computer.create", data, -32000, want, want);
    free(data);
    free(want);
    want = too_long("notes");
    data = fmt("{\"hostname\":\"long-notes\",\"notes\":\"%s\"}", text_past);
    expect_rpc_error("oco.computer.create", data, -32000, want, want);
    free(data);
    free(want);
    if (count_of("oco.computer.list", "computers") != computers + 1)
        mismatch("a refused computer was created");

    /* package.create: a new family is not left behind by the package refused. */
    int families = count_of("oco.package_family.list", NULL);
    data = fmt("{\"package_family_name\":\"Long\",\"version\":\"1\",\"install_procedure\":"
               "\"%s\"}",
               text);
    ok_new_id("oco.package.create", data);
    free(data);
    static const char *const package_fields[][2] = {
        {"package_family_name", "name"},
        {"version", "version"},
        {"description", "notes"},
        {"install_procedure", "install_procedure"},
        {"uninstall_procedure", "uninstall_procedure"},
        {"compatible_os", "compatible_os"},
    };
    for (size_t i = 0; i < sizeof package_fields / sizeof *package_fields; i++) {
        /* the required fields short, and the one made too long */
        cJSON *body = cJSON_CreateObject();
        cJSON_AddStringToObject(body, "package_family_name", "Fresh");
        cJSON_AddStringToObject(body, "version", "1");
        cJSON_AddStringToObject(body, "install_procedure", "i");
        cJSON_DeleteItemFromObjectCaseSensitive(body, package_fields[i][0]);
        cJSON_AddStringToObject(body, package_fields[i][0], text_past);
        data = cJSON_PrintUnformatted(body);
        cJSON_Delete(body);
        want = too_long(package_fields[i][1]);
        expect_rpc_error("oco.package.create", data, -32000, want, want);
        free(want);
        free(data);
    }
    if (count_of("oco.package_family.list", NULL) != families + 1)
        mismatch("a refused package left its family behind");

    /* job_container.deploy: the container is not written. */
    int containers = count_of("oco.job_container.list", NULL);
    data = fmt("{\"name\":\"%s\",\"computer_ids\":[1],\"package_ids\":[2]}", text_past);
    want = too_long("name");
    expect_rpc_error("oco.job_container.deploy", data, -32000, want, want);
    free(want);
    free(data);
    data = fmt("{\"name\":\"n\",\"description\":\"%s\",\"computer_ids\":[1],"
               "\"package_ids\":[2]}",
               text_past);
    want = too_long("notes");
    expect_rpc_error("oco.job_container.deploy", data, -32000, want, want);
    free(want);
    free(data);
    if (count_of("oco.job_container.list", NULL) != containers)
        mismatch("a refused container was written");
    free(at_limit);
    free(past);
    free(text);
    free(text_past);
    soft_end();
}

int main(void)
{
    oco.fixture = "oco-parity";
    const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup(f, oco_fresh)
        T(deep_nesting),
        T(huge_id_arrays),
        T(wrong_types_for_every_parameter),
        T(arrays_where_strings_are_wanted),
        T(sql_metacharacters_are_stored_literally),
        T(nul_is_read_as_replacement_character),
        T(reset_between_rule_evaluations_does_not_crash),
        T(values_longer_than_their_column),
#undef T
    };
    return OCO_RUN(tests);
}
