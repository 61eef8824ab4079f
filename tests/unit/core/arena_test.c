/* Tests server/core/arena.c: alignment, growth, the byte cap, deferred callbacks. */
#include "core/rm.h"
#include "testlib.h"

#include <stdint.h>
#include <string.h>

static void alloc_is_aligned_and_grows_past_the_inline_chunk(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    for (int i = 0; i < 1000; i++) {
        char *p = rm_arena_alloc(&a, (size_t)(i % 37) + 1);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        memset(p, 'x', (size_t)(i % 37) + 1);
    }
    char *big = rm_arena_alloc(&a, 100000); /* larger than a chunk */
    assert_non_null(big);
    memset(big, 0, 100000);
    assert_true(a.total >= 100000);
    rm_arena_clear(&a);
    assert_int_equal(a.total, 0);
}

static void cap_makes_failure_sticky(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 20000);
    assert_non_null(rm_arena_alloc(&a, 10000));
    assert_null(rm_arena_alloc(&a, 30000));
    assert_true(a.failed);
    assert_null(rm_arena_alloc(&a, 8)); /* sticky, though 8 bytes would fit */
    rm_arena_clear(&a);
    assert_false(a.failed);
    assert_non_null(rm_arena_alloc(&a, 8));
    rm_arena_clear(&a);
}

static void calloc_refuses_overflowing_sizes(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    assert_null(rm_arena_calloc(&a, SIZE_MAX / 2, 4));
    assert_true(a.failed);
    rm_arena_clear(&a);
}

static int order[4];
static int norder;
static void record(void *p)
{
    order[norder++] = *(int *)p;
}

static void defers_run_newest_first_at_clear(void **state)
{
    (void)state;
    static int one = 1, two = 2, three = 3;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    norder = 0;
    assert_int_equal(rm_arena_defer(&a, record, &one), RM_OK);
    assert_int_equal(rm_arena_defer(&a, record, &two), RM_OK);
    assert_int_equal(rm_arena_defer(&a, record, &three), RM_OK);
    assert_int_equal(norder, 0);
    rm_arena_clear(&a);
    assert_int_equal(norder, 3);
    assert_int_equal(order[0], 3);
    assert_int_equal(order[2], 1);
}

static void defer_on_a_full_arena_runs_the_callback_at_once(void **state)
{
    (void)state;
    static int seven = 7;
    struct rm_arena a;
    rm_arena_init(&a, 1);
    assert_null(rm_arena_alloc(&a, RM_ARENA_INLINE + 1));
    norder = 0;
    assert_int_equal(rm_arena_defer(&a, record, &seven), RM_ENOMEM);
    assert_int_equal(norder, 1); /* the caller's object was not leaked */
    rm_arena_clear(&a);
}

static void strings(void **state)
{
    (void)state;
    struct rm_arena a;
    rm_arena_init(&a, 0);
    assert_string_equal(rm_arena_strndup(&a, "abcdef", 3), "abc");
    assert_string_equal(rm_arena_printf(&a, "%d-%s", 42, "x"), "42-x");
    rm_arena_clear(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(alloc_is_aligned_and_grows_past_the_inline_chunk),
        cmocka_unit_test(cap_makes_failure_sticky),
        cmocka_unit_test(calloc_refuses_overflowing_sizes),
        cmocka_unit_test(defers_run_newest_first_at_clear),
        cmocka_unit_test(defer_on_a_full_arena_runs_the_callback_at_once),
        cmocka_unit_test(strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
