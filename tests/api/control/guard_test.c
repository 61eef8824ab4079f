/* F-CORE-011: --no-admin and --admin-token over HTTP, through the embedding options (the
 * flags themselves: tests/cli/cli_test.c). */
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

static void expect(struct rmmsim *sim, const char *method, const char *path, const char *auth,
                   long status, const char *needle)
{
    struct tl_request req = { .method = method, .path = path };
    if (auth)
        req.headers[0] = auth;
    struct tl_response res;
    tl_do(sim, &req, &res);
    if (res.status != status || (needle && !strstr(res.body, needle)))
        fail_msg("%s %s (%s): %ld %s (want %ld, '%s')", method, path, auth ? auth : "no auth",
                 res.status, res.body, status, needle ? needle : "");
    tl_response_free(&res);
}

static void no_admin_answers_404_everywhere_under_admin(void **state)
{
    (void)state;
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    opts.no_admin = 1;
    struct rmmsim *sim = tl_start_opts(&opts);
    const char *paths[] = { "/__admin/", "/__admin", "/__admin/health", "/__admin/tenants",
                            "/__admin/requests", "/__admin/assets/admin.js", "/__admin/nosuch",
                            "/t/x/__admin/health" };
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        expect(sim, "GET", paths[i], NULL, 404, "\"error\":\"Not Found\"");
        expect(sim, "POST", paths[i], NULL, 404, "\"status\":404");
    }
    expect(sim, "POST", "/__admin/reset", "Authorization: Bearer x", 404, "Not Found");
    /* X-Rmmsim-Fault belongs to the control plane: ignored. */
    expect(sim, "GET", "/rpcnew/api/msp/user/list", "X-Rmmsim-Fault: status=503;body=down", 401,
           NULL); /* RemotePC's own answer without a key, not the fault */
    /* The APIs are served as before (OCO's own answer to an empty call). */
    expect(sim, "POST", "/api-client.php", NULL, 400, NULL);
    tl_stop(sim);
}

static void admin_token_guards_all_but_health_and_the_page(void **state)
{
    (void)state;
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    opts.admin_token = "s3cret-token";
    struct rmmsim *sim = tl_start_opts(&opts);
    /* Open: liveness probes, the page and its static files (they carry no data). */
    expect(sim, "GET", "/__admin/health", NULL, 200, "\"status\":\"ok\"");
    expect(sim, "GET", "/__admin/", NULL, 200, "<");
    expect(sim, "GET", "/__admin/assets/admin.js", NULL, 200, "Bearer");
    /* Everything else: 401 in the control plane's JSON, with or without a wrong token. */
    const char *guarded[][2] = { { "GET", "/__admin/tenants" },   { "POST", "/__admin/reset" },
                                 { "GET", "/__admin/requests" },  { "GET", "/__admin/state" },
                                 { "POST", "/__admin/fixtures" }, { "DELETE", "/__admin/faults" },
                                 { "GET", "/t/default/__admin/clock" } };
    for (size_t i = 0; i < sizeof guarded / sizeof guarded[0]; i++) {
        expect(sim, guarded[i][0], guarded[i][1], NULL, 401, "Authorization: Bearer TOKEN");
        expect(sim, guarded[i][0], guarded[i][1], "Authorization: Bearer wrong", 401,
               "\"status\":401");
        expect(sim, guarded[i][0], guarded[i][1], "Authorization: Bearer s3cret-token-longer",
               401, "wrong");
        expect(sim, guarded[i][0], guarded[i][1], "Authorization: Basic czNjcmV0LXRva2Vu", 401,
               "wrong");
        expect(sim, guarded[i][0], guarded[i][1], "X-Rmmsim-Admin-Token: s3cret-token", 401,
               "Bearer");
    }
    struct tl_request req = { .method = "GET", .path = "/__admin/tenants" };
    struct tl_response res;
    tl_do(sim, &req, &res);
    char buf[128];
    assert_non_null(tl_header(&res, "WWW-Authenticate", buf, sizeof buf));
    tl_response_free(&res);
    /* With the token: served. */
    expect(sim, "GET", "/__admin/tenants", "Authorization: Bearer s3cret-token", 200, "default");
    expect(sim, "GET", "/__admin/tenants", "authorization: bearer s3cret-token", 200, "default");
    expect(sim, "POST", "/__admin/reset", "Authorization: Bearer s3cret-token", 200, "fixture");
    /* F-CORE-011: the journal keeps no copy of the token */
    struct tl_request journal = { .method = "GET",
                                  .path = "/__admin/requests?api=admin&status=200",
                                  .headers = { "Authorization: Bearer s3cret-token" } };
    tl_do(sim, &journal, &res);
    assert_int_equal(res.status, 200);
    assert_null(strstr(res.body, "s3cret-token"));
    assert_non_null(strstr(res.body, "(hidden)"));
    tl_response_free(&res);
    /* The vendor APIs never need it; X-Rmmsim-Fault still faults the request carrying it. */
    expect(sim, "GET", "/rpcnew/api/msp/user/list", "X-Rmmsim-Fault: status=503;body=down", 503,
           "down");
    expect(sim, "GET", "/rpcnew/api/msp/computer/list", NULL, 401, NULL); /* RemotePC's own */
    tl_stop(sim);
}

static void empty_token_means_open(void **state)
{
    (void)state;
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    opts.admin_token = "";
    struct rmmsim *sim = tl_start_opts(&opts);
    expect(sim, "GET", "/__admin/tenants", NULL, 200, "default");
    tl_stop(sim);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_admin_answers_404_everywhere_under_admin),
        cmocka_unit_test(admin_token_guards_all_but_health_and_the_page),
        cmocka_unit_test(empty_token_means_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
