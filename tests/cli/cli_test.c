/* Tests server/main.c through the real binary: flags, environment, exit codes, the
 * listening line, clean shutdown on signals, and --db state across a restart. */
#include "testlib.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Runs rmmsim with args; checks the exit code and that the output contains needle. */
static void expect_exit(const char *args, int code, const char *needle)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s %s", RMMSIM_BIN, args);
    char *out;
    int got = tl_run(cmd, &out);
    if (got != code || !strstr(out, needle))
        fail_msg("`rmmsim %s` exited %d (want %d), output:\n%s\n(wanted '%s')", args, got, code,
                 out, needle);
    free(out);
}

static void help_and_version(void **state)
{
    (void)state;
    expect_exit("--help", 0, "Usage: rmmsim [OPTION]...");
    expect_exit("--help", 0, "RMMSIM_LISTEN");
    expect_exit("--help", 0, "--journal-size N"); /* F-CTL-024 */
    expect_exit("--help", 0, "RMMSIM_JOURNAL_SIZE");
    expect_exit("--help", 0, "--no-admin"); /* F-CORE-011 */
    expect_exit("--help", 0, "--admin-token TOKEN");
    expect_exit("--help", 0, "RMMSIM_ADMIN_TOKEN");
    expect_exit("--help", 0, "--max-tenants N"); /* F-CTL-075 */
    expect_exit("--help", 0, "RMMSIM_MAX_TENANTS");
    expect_exit("--version", 0, "rmmsim " RMMSIM_VERSION);
}

static void bad_flags_and_values_exit_2_with_usage(void **state)
{
    (void)state;
    expect_exit("--bogus", 2, "unknown option --bogus");
    expect_exit("--bogus", 2, "Usage: rmmsim");
    expect_exit("--listen", 2, "option --listen needs a value");
    expect_exit("--help=yes", 2, "option --help takes no value");
    expect_exit("stray", 2, "unexpected argument 'stray'");
    expect_exit("--threads 0", 2, "invalid thread count '0'");
    expect_exit("--threads 5000", 2, "invalid thread count");
    expect_exit("--threads 12x", 2, "invalid thread count");
    expect_exit("--log-level loud", 2, "invalid log level 'loud'");
    expect_exit("--max-body -1", 2, "invalid body limit");
    expect_exit("--journal-size 100001", 2, "invalid journal size '100001'");
    expect_exit("--journal-size -1", 2, "invalid journal size");
    expect_exit("--max-tenants 0", 2, "invalid tenant limit '0' (want 1 to 100000 tenants)");
    expect_exit("--max-tenants 100001", 2, "invalid tenant limit '100001'");
    expect_exit("--listen 8080", 2, "invalid listen address '8080'");
    expect_exit("--db ''", 2, "--db needs a path");
    expect_exit("--admin-token ''", 2, "--admin-token needs a token");
    expect_exit("--admin-token 'a b'", 2, "printable ASCII without spaces");
    expect_exit("--admin-token", 2, "option --admin-token needs a value");
    expect_exit("--no-admin=1", 2, "option --no-admin takes no value");
}

/* F-CORE-011 through the binary: the flag and the environment variables. */
static void admin_guard_flags_over_http(void **state)
{
    (void)state;
    char *out;
    int code = tl_run("RMMSIM_NO_ADMIN=yes " RMMSIM_BIN " --version", &out);
    assert_int_equal(code, 2);
    assert_non_null(strstr(out, "invalid RMMSIM_NO_ADMIN 'yes'"));
    free(out);

    struct tl_response res;
    struct tl_request health = { .method = "GET", .path = "/__admin/health" };
    struct tl_request tenants = { .method = "GET", .path = "/__admin/tenants" };
    struct tl_request tenants_auth = { .method = "GET", .path = "/__admin/tenants",
                                       .headers = { "Authorization: Bearer tok-1" } };

    struct tl_proc p = { 0 };
    const char *args[] = { "--listen", "127.0.0.1:0", "--log-level", "off", "--no-admin", NULL };
    tl_spawn(args, NULL, &p);
    tl_do_url(p.base_url, &health, &res);
    assert_int_equal(res.status, 404);
    assert_non_null(strstr(res.body, "\"error\":\"Not Found\""));
    tl_response_free(&res);
    tl_thread_done();
    assert_int_equal(tl_proc_stop(&p, SIGTERM), 0);

    struct tl_proc q = { 0 };
    const char *args2[] = { "--listen", "127.0.0.1:0", "--log-level", "off", "--admin-token",
                            "tok-1", NULL };
    tl_spawn(args2, NULL, &q);
    tl_do_url(q.base_url, &health, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    tl_do_url(q.base_url, &tenants, &res);
    assert_int_equal(res.status, 401);
    tl_response_free(&res);
    tl_do_url(q.base_url, &tenants_auth, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    tl_thread_done();
    assert_int_equal(tl_proc_stop(&q, SIGTERM), 0);

    struct tl_proc r = { 0 };
    const char *args3[] = { NULL };
    const char *env[] = { "RMMSIM_LISTEN=127.0.0.1:0", "RMMSIM_LOG_LEVEL=off",
                          "RMMSIM_ADMIN_TOKEN=tok-1", NULL };
    tl_spawn(args3, env, &r);
    tl_do_url(r.base_url, &tenants, &res);
    assert_int_equal(res.status, 401);
    tl_response_free(&res);
    tl_do_url(r.base_url, &tenants_auth, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    tl_thread_done();
    assert_int_equal(tl_proc_stop(&r, SIGTERM), 0);
}

static void environment_values_are_validated(void **state)
{
    (void)state;
    char *out;
    int code = tl_run("RMMSIM_THREADS=abc " RMMSIM_BIN, &out);
    assert_int_equal(code, 2);
    assert_non_null(strstr(out, "invalid thread count 'abc'"));
    free(out);
    code = tl_run("RMMSIM_LOG_LEVEL=verbose " RMMSIM_BIN " --version", &out);
    assert_int_equal(code, 2);
    free(out);
}

static void runtime_failures_exit_1_with_one_message(void **state)
{
    (void)state;
    expect_exit("--listen 127.0.0.1:0 --fixture /nonexistent/fixture.json", 1,
                "rmmsim: cannot read fixture /nonexistent/fixture.json");
    expect_exit("--listen 127.0.0.1:0 --fixture nosuch", 1, "unknown fixture 'nosuch'");
    expect_exit("--listen 127.0.0.1:0 --db /nonexistent/dir/state.db", 1,
                "rmmsim: cannot open database /nonexistent/dir/state.db");
    expect_exit("--listen 999.1.1.1:80", 1, "invalid listen address '999.1.1.1:80'");

    /* A port in use: hold one with a running rmmsim, then start a second on it. */
    struct tl_proc first = { 0 };
    const char *args[] = { "--listen", "127.0.0.1:0", "--log-level", "off", NULL };
    tl_spawn(args, NULL, &first);
    char cmd[512];
    const char *port = strrchr(first.base_url, ':') + 1;
    snprintf(cmd, sizeof cmd, "--listen 127.0.0.1:%s --log-level off", port);
    char want[128];
    snprintf(want, sizeof want, "rmmsim: cannot listen on 127.0.0.1:%s", port);
    expect_exit(cmd, 1, want);
    assert_int_equal(tl_proc_stop(&first, SIGTERM), 0);
}

static void serves_then_stops_cleanly_on_signals(void **state)
{
    (void)state;
    int signals[] = { SIGTERM, SIGINT };
    for (size_t i = 0; i < 2; i++) {
        struct tl_proc p = { 0 };
        const char *args[] = { "--listen", "127.0.0.1:0", "--log-level", "off", NULL };
        tl_spawn(args, NULL, &p);
        assert_non_null(strstr(p.base_url, "http://127.0.0.1:"));
        struct tl_response res;
        struct tl_request req = { .path = "/__admin/health" };
        tl_do_url(p.base_url, &req, &res);
        assert_int_equal(res.status, 200);
        tl_response_free(&res);
        tl_thread_done();
        assert_int_equal(tl_proc_stop(&p, signals[i]), 0);
    }
}

static void one_access_log_line_per_request(void **state)
{
    (void)state;
    char log[] = "/tmp/rmmsim-log-XXXXXX";
    int fd = mkstemp(log);
    assert_true(fd >= 0);
    close(fd);
    struct tl_proc p = { .stderr_path = log };
    const char *args[] = { "--listen", "127.0.0.1:0", "--log-level", "info", NULL };
    tl_spawn(args, NULL, &p);
    struct tl_response res;
    struct tl_request health = { .path = "/__admin/health?probe=1" };
    struct tl_request missing = { .path = "/no/such" };
    tl_do_url(p.base_url, &health, &res);
    tl_response_free(&res);
    tl_do_url(p.base_url, &missing, &res);
    tl_response_free(&res);
    tl_thread_done();
    assert_int_equal(tl_proc_stop(&p, SIGTERM), 0);
    char cmd[128], *out;
    snprintf(cmd, sizeof cmd, "cat %s", log);
    tl_run(cmd, &out);
    unlink(log);
    /* Exactly one line per request, with method, path, query and status. */
    assert_non_null(strstr(out, "\"GET /__admin/health?probe=1\" 200 15 "));
    assert_non_null(strstr(out, "\"GET /no/such\" 404 "));
    size_t lines = 0;
    for (const char *c = out; (c = strstr(c, " info  127.0.0.1 \"")); c++)
        lines++;
    assert_int_equal(lines, 2);
    free(out);
}

static void environment_sets_options(void **state)
{
    (void)state;
    struct tl_proc p = { 0 };
    const char *args[] = { NULL };
    const char *env[] = { "RMMSIM_LISTEN=127.0.0.1:0", "RMMSIM_LOG_LEVEL=off",
                          "RMMSIM_FIXTURE=empty", "RMMSIM_MAX_BODY=10",
                          "RMMSIM_JOURNAL_SIZE=1", "RMMSIM_MAX_TENANTS=1", NULL };
    tl_spawn(args, env, &p);
    struct tl_response res;
    struct tl_request reset = { .method = "POST", .path = "/__admin/reset" };
    tl_do_url(p.base_url, &reset, &res);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(res.body, "\"fixture\":\"empty\"")); /* from RMMSIM_FIXTURE */
    tl_response_free(&res);
    struct tl_request big = { .method = "POST", .path = "/__admin/reset",
                              .body = "{\"fixture\":\"default\"}" };
    tl_do_url(p.base_url, &big, &res);
    assert_int_equal(res.status, 413); /* RMMSIM_MAX_BODY=10 */
    tl_response_free(&res);
    struct tl_request count = { .method = "GET", .path = "/__admin/requests/count" };
    tl_do_url(p.base_url, &count, &res);
    assert_string_equal(res.body, "{\"count\":1}"); /* RMMSIM_JOURNAL_SIZE=1 (F-CTL-024) */
    tl_response_free(&res);
    struct tl_request create = { .method = "POST", .path = "/__admin/tenants" };
    tl_do_url(p.base_url, &create, &res);
    assert_int_equal(res.status, 201);
    tl_response_free(&res);
    tl_do_url(p.base_url, &create, &res);
    assert_int_equal(res.status, 409); /* RMMSIM_MAX_TENANTS=1 (F-CTL-075) */
    tl_response_free(&res);
    tl_thread_done();
    assert_int_equal(tl_proc_stop(&p, SIGTERM), 0);
}

/* The tenant's fixture as the server reports it after an empty reset. */
static char *current_fixture(const char *base_url)
{
    struct tl_response res;
    struct tl_request reset = { .method = "POST", .path = "/__admin/reset" };
    tl_do_url(base_url, &reset, &res);
    assert_int_equal(res.status, 200);
    cJSON *json = tl_json(&res);
    char *fixture = strdup(cJSON_GetObjectItem(json, "fixture")->valuestring);
    cJSON_Delete(json);
    tl_response_free(&res);
    return fixture;
}

static void db_file_state_survives_a_restart(void **state)
{
    (void)state;
    char dir[] = "/tmp/rmmsim-cli-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[256];
    snprintf(db, sizeof db, "%s/state.db", dir);
    const char *args[] = { "--listen", "127.0.0.1:0", "--log-level", "off", "--db", db,
                           "--fixture", "default", NULL };
    struct tl_proc p = { 0 };
    tl_spawn(args, NULL, &p);
    struct tl_response res;
    struct tl_request to_empty = { .method = "POST", .path = "/__admin/reset",
                                   .body = "{\"fixture\":\"empty\"}" };
    tl_do_url(p.base_url, &to_empty, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    tl_thread_done();
    assert_int_equal(tl_proc_stop(&p, SIGTERM), 0);

    /* Restarted with --fixture default, the existing file keeps the state it had. */
    tl_spawn(args, NULL, &p);
    char *fixture = current_fixture(p.base_url);
    assert_string_equal(fixture, "empty");
    free(fixture);
    tl_thread_done();
    assert_int_equal(tl_proc_stop(&p, SIGINT), 0);

    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(help_and_version),
        cmocka_unit_test(bad_flags_and_values_exit_2_with_usage),
        cmocka_unit_test(environment_values_are_validated),
        cmocka_unit_test(runtime_failures_exit_1_with_one_message),
        cmocka_unit_test(serves_then_stops_cleanly_on_signals),
        cmocka_unit_test(one_access_log_line_per_request),
        cmocka_unit_test(environment_sets_options),
        cmocka_unit_test(admin_guard_flags_over_http),
        cmocka_unit_test(db_file_state_survives_a_restart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
