#include "rmmsim.h"
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

static int setup(void **state)
{
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    opts.listen = "127.0.0.1:0";     /* any free port */
    opts.log_level = "off";
    char err[256];
    *state = rmmsim_start(&opts, err, sizeof err);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    rmmsim_stop(*state);
    return 0;
}

static void lists_computers(void **state)
{
    char err[256];
    assert_int_equal(rmmsim_reset(*state, "default", err, sizeof err), 0); /* clean state */
    const char *base = rmmsim_base_url(*state); /* "http://127.0.0.1:PORT" */
    /* ... send GET base + "/rpcnew/api/msp/computer/list" with your client under test ... */
    (void)base;
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(lists_computers) };
    return cmocka_run_group_tests(tests, setup, teardown);
}
