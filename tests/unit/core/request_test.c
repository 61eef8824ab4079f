/* Tests server/core/request.c and dispatch.c route matching without sockets. */
#include "core/http.h"
#include "testlib.h"

#include <string.h>

static void url_decode(void **state)
{
    (void)state;
    char out[64];
    assert_int_equal(http_url_decode(out, "a%20b+c", 7, true), 5);
    assert_string_equal(out, "a b c");
    http_url_decode(out, "a+b", 3, false);
    assert_string_equal(out, "a+b");
    /* Broken escapes are kept as sent, never read past the end. */
    http_url_decode(out, "100%", 4, true);
    assert_string_equal(out, "100%");
    http_url_decode(out, "%zz%4", 5, true);
    assert_string_equal(out, "%zz%4");
    assert_int_equal(http_url_decode(out, "a%00b", 5, true), 3); /* NUL kept, length says so */
}

static void query_parameters(void **state)
{
    (void)state;
    struct http_req req = { 0 };
    rm_arena_init(&req.arena, 0);
    assert_int_equal(http_req_parse_query(&req, "pageIndex=2&&recordPerPage=30&flag&e=%C3%A4"),
                     RM_OK);
    assert_int_equal(req.nparams, 4);
    assert_string_equal(http_req_param(&req, "pageIndex")->value, "2");
    assert_string_equal(http_req_param(&req, "recordPerPage")->value, "30");
    assert_string_equal(http_req_param(&req, "flag")->value, "");
    assert_string_equal(http_req_param(&req, "e")->value, "\xc3\xa4");
    assert_null(http_req_param(&req, "missing"));
    rm_arena_clear(&req.arena);
}

static void handler(struct http_req *req, struct http_res *res)
{
    (void)req;
    (void)res;
}

static const struct http_route routes[] = {
    { HTTP_GET | HTTP_DELETE, "/x/items/{id}", handler, 0, NULL },
    { HTTP_POST, "/x/items/{id}/reset", handler, 0, NULL },
    { HTTP_POST, "/x/items", handler, 0, NULL },
    { HTTP_ANY, "/x/files/", handler, HTTP_ROUTE_PREFIX, NULL },
};
static const struct http_api api = { .name = "x", .mount = "/x", .routes = routes,
                                     .nroutes = RM_ARRAY_LEN(routes) };

static int match(const char *method, const char *path, unsigned *allowed, struct http_req *req)
{
    memset(req, 0, sizeof *req);
    rm_arena_init(&req->arena, 0);
    req->method = http_method_parse(method);
    req->path = path;
    int rc = http_route_match(req, &api, allowed);
    return rc;
}

static void route_matching(void **state)
{
    (void)state;
    struct http_req req;
    unsigned allowed;
    assert_int_equal(match("GET", "/x/items/42", &allowed, &req), RM_OK);
    assert_ptr_equal(req.route, &routes[0]);
    assert_int_equal(req.npath_params, 1);
    assert_string_equal(req.path_params[0], "42");
    rm_arena_clear(&req.arena);

    assert_int_equal(match("POST", "/x/items/abc/reset", &allowed, &req), RM_OK);
    assert_string_equal(req.path_params[0], "abc");
    rm_arena_clear(&req.arena);

    assert_int_equal(match("PUT", "/x/items/42", &allowed, &req), RM_EINVAL);
    assert_int_equal(allowed, HTTP_GET | HTTP_DELETE);
    char list[64];
    http_methods_format(allowed, list, sizeof list);
    assert_string_equal(list, "GET, DELETE");

    assert_int_equal(match("GET", "/x/items/", &allowed, &req), RM_ENOTFOUND); /* empty {id} */
    assert_int_equal(match("GET", "/x/items/1/2", &allowed, &req), RM_ENOTFOUND);
    assert_int_equal(match("BREW", "/x/files/a/b", &allowed, &req), RM_OK); /* any method */
    rm_arena_clear(&req.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(url_decode),
        cmocka_unit_test(query_parameters),
        cmocka_unit_test(route_matching),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
