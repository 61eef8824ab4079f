/* libFuzzer target: a filtrex expression compiled and evaluated against a record holding
 * every kind of value (the shape pcvisit's session records give filters).
 * Seeds: the expressions of tests/filtrex-oracle/cases.json. */
#include "filtrex/filtrex.h"

#include <stdint.h>
#include <string.h>

static struct fx_value inner(const char *name, size_t len, void *record)
{
    (void)record;
    if (len == 1 && name[0] == 'x')
        return fx_number(5);
    return (struct fx_value){ 0 };
}

static struct fx_value lookup(const char *name, size_t len, void *record)
{
    static const struct fx_value list[] = { { .kind = FX_NUMBER, .u.n = 1 },
                                            { .kind = FX_NUMBER, .u.n = 2 },
                                            { .kind = FX_STRING, .u.s = { "b", 1 } } };
    (void)record;
#define IS(s) (len == sizeof(s) - 1 && memcmp(name, s, len) == 0)
    if (IS("a"))
        return fx_number(1);
    if (IS("b"))
        return fx_number(2.5);
    if (IS("s") || IS("name"))
        return fx_string("hello", 5);
    if (IS("t"))
        return fx_bool(true);
    if (IS("f"))
        return fx_bool(false);
    if (IS("n"))
        return (struct fx_value){ .kind = FX_NULL };
    if (IS("u"))
        return (struct fx_value){ .kind = FX_UNDEFINED };
    if (IS("arr"))
        return fx_array(list, 3);
    if (IS("o"))
        return fx_object(inner, NULL);
#undef IS
    return (struct fx_value){ 0 };
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    struct fx_error err;
    struct fx_expr *e = fx_compile((const char *)bytes, size, NULL, &err);
    if (e) {
        struct fx_value v = fx_eval(e, lookup, NULL);
        (void)fx_truthy(v);
        fx_free(e);
    }
    return 0;
}
