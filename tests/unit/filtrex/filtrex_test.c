/*
 * server/filtrex against npm filtrex 3.1.0: replays every case tests/filtrex-oracle recorded in
 * expected.json (value and JavaScript type, or error class and message) without Node, then
 * hand-written cases for hostile input and for the lookup callback contract.
 */
#include "testlib.h"

#include "filtrex/filtrex.h"
#include "filtrex/fx_int.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPECTED_JSON RMMSIM_SOURCE_DIR "/tests/filtrex-oracle/expected.json"

/* ---- records from JSON ---- */

/* Lists are converted once per JSON node, so a property read twice is the same list (its
 * items pointer is its identity, F-FLX-005). */
struct converted {
    const cJSON *node;
    struct fx_value *items;
};
static struct converted converted[4096];
static size_t nconverted;

static struct fx_value json_value(const cJSON *j);

static struct fx_value json_lookup(const char *name, size_t len, void *record)
{
    const cJSON *obj = record;
    if (memchr(name, '\0', len))
        return (struct fx_value){ 0 }; /* cJSON keys cannot hold a NUL */
    for (const cJSON *c = obj->child; c; c = c->next)
        if (strlen(c->string) == len && memcmp(c->string, name, len) == 0)
            return json_value(c);
    return (struct fx_value){ 0 };
}

static struct fx_value json_value(const cJSON *j)
{
    if (cJSON_IsNumber(j))
        return fx_number(j->valuedouble);
    if (cJSON_IsString(j))
        return fx_string(j->valuestring, strlen(j->valuestring));
    if (cJSON_IsBool(j))
        return fx_bool(cJSON_IsTrue(j));
    if (cJSON_IsNull(j))
        return (struct fx_value){ .kind = FX_NULL };
    if (cJSON_IsArray(j)) {
        for (size_t i = 0; i < nconverted; i++)
            if (converted[i].node == j)
                return fx_array(converted[i].items, (size_t)cJSON_GetArraySize(j));
        size_t n = (size_t)cJSON_GetArraySize(j), i = 0;
        struct fx_value *items = calloc(n ? n : 1, sizeof *items);
        assert_non_null(items);
        assert_true(nconverted < RM_ARRAY_LEN(converted));
        converted[nconverted++] = (struct converted){ j, items };
        for (const cJSON *c = j->child; c; c = c->next)
            items[i++] = json_value(c);
        return fx_array(items, n);
    }
    const cJSON *undef = cJSON_GetObjectItemCaseSensitive(j, "$undefined");
    if (undef && cJSON_GetArraySize(j) == 1)
        return (struct fx_value){ .kind = FX_UNDEFINED };
    return fx_object(json_lookup, (void *)j);
}

static void converted_free(void)
{
    for (size_t i = 0; i < nconverted; i++)
        free(converted[i].items);
    nconverted = 0;
}

/* ---- reading expected.json ---- */

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* obj.key, or obj.key_base64 decoded (record.mjs writes texts holding a NUL that way). The
 * caller frees *out. */
static bool text_field(const cJSON *obj, const char *key, char **out, size_t *len)
{
    char b64_key[64];
    const cJSON *plain = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsString(plain)) {
        *len = strlen(plain->valuestring);
        *out = strdup(plain->valuestring);
        return true;
    }
    snprintf(b64_key, sizeof b64_key, "%s_base64", key);
    const cJSON *b64 = cJSON_GetObjectItemCaseSensitive(obj, b64_key);
    if (!cJSON_IsString(b64))
        return false;
    size_t n = strlen(b64->valuestring);
    *out = malloc(n * 3 / 4 + 4);
    assert_int_equal(rm_base64_decode(b64->valuestring, n, (unsigned char *)*out, len), 0);
    return true;
}

static void number_text(double n, char out[32])
{
    if (n == 0 && signbit(n))
        strcpy(out, "-0");
    else
        fx_number_format(n, out);
}

/* Compares a result with its recorded typed form; writes what differs into why. */
static bool same_value(struct fx_value v, const cJSON *want, char *why, size_t why_size)
{
    const char *type = cJSON_GetObjectItemCaseSensitive(want, "type")->valuestring;
    static const char *const kind_types[] = {
        [FX_ABSENT] = "absent", [FX_UNDEFINED] = "undefined", [FX_NULL] = "null",
        [FX_BOOL] = "boolean",  [FX_NUMBER] = "number",       [FX_STRING] = "string",
        [FX_ARRAY] = "array",   [FX_OBJECT] = "object",       [FX_ERROR] = "error",
    };
    if (strcmp(kind_types[v.kind], type) != 0) {
        snprintf(why, why_size, "got a %s, want a %s", kind_types[v.kind], type);
        return false;
    }
    if (v.kind == FX_NUMBER) {
        char got[32];
        const char *value = cJSON_GetObjectItemCaseSensitive(want, "value")->valuestring;
        number_text(v.u.n, got);
        if (strcmp(got, value) != 0) {
            snprintf(why, why_size, "got %s, want %s", got, value);
            return false;
        }
    } else if (v.kind == FX_BOOL) {
        if (v.u.b != cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(want, "value"))) {
            snprintf(why, why_size, "got %s", v.u.b ? "true" : "false");
            return false;
        }
    } else if (v.kind == FX_STRING) {
        char *s;
        size_t len;
        assert_true(text_field(want, "value", &s, &len));
        bool same = len == v.u.s.len && memcmp(s, v.u.s.ptr, len) == 0;
        if (!same)
            snprintf(why, why_size, "got \"%.*s\", want \"%s\"", (int)v.u.s.len, v.u.s.ptr, s);
        free(s);
        return same;
    } else if (v.kind == FX_ARRAY) {
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(want, "items");
        if ((size_t)cJSON_GetArraySize(items) != v.u.a.count) {
            snprintf(why, why_size, "got %zu items", v.u.a.count);
            return false;
        }
        size_t i = 0;
        for (const cJSON *c = items->child; c; c = c->next, i++)
            if (!same_value(v.u.a.items[i], c, why, why_size))
                return false;
    }
    return true;
}

static bool same_error(enum fx_error_kind kind, const char *msg, size_t len, const cJSON *want,
                       char *why, size_t why_size)
{
    const char *cls = cJSON_GetObjectItemCaseSensitive(want, "class")->valuestring;
    const cJSON *i18n = cJSON_GetObjectItemCaseSensitive(want, "i18n");
    const char *my_i18n = fx_error_i18n(kind);
    char *text;
    size_t text_len;
    assert_true(text_field(want, "message", &text, &text_len));
    bool same = strcmp(fx_error_class(kind), cls) == 0 &&
                (cJSON_IsNull(i18n) ? my_i18n == NULL
                                    : my_i18n && strcmp(my_i18n, i18n->valuestring) == 0) &&
                text_len == len && memcmp(text, msg, len) == 0;
    if (!same)
        snprintf(why, why_size, "got %s \"%.*s\", want %s \"%s\"", fx_error_class(kind), (int)len,
                 msg, cls, text);
    free(text);
    return same;
}

/* Cases where rmmsim answers otherwise on purpose, each with its fidelity row. */
struct difference {
    const char *expr;
    enum fx_error_kind kind; /* what rmmsim returns instead */
    const char *row;
};
static const struct difference differences[] = {
    /* F-FLX-006: look-arounds and back-references are not regular; the NFA lacks them. */
    { "s ~= \"(?<=h)e\"", FX_ERR_UNSUPPORTED, "F-FLX-006" },
    { "s ~= \"h(?=e)\"", FX_ERR_UNSUPPORTED, "F-FLX-006" },
    { "s ~= \"h(?!x)\"", FX_ERR_UNSUPPORTED, "F-FLX-006" },
    { "s ~= \"(l)\\\\1\"", FX_ERR_UNSUPPORTED, "F-FLX-006" },
    { "s ~= \"(?<a>l)\\\\k<a>\"", FX_ERR_UNSUPPORTED, "F-FLX-006" },
};

static const struct difference *known_difference(const char *expr)
{
    for (size_t i = 0; i < RM_ARRAY_LEN(differences); i++)
        if (strcmp(differences[i].expr, expr) == 0)
            return &differences[i];
    return NULL;
}

/* The case's constants option as an fx_constant array (values from JSON). */
static struct fx_constant *case_constants(const cJSON *json)
{
    if (!json)
        return NULL;
    size_t n = (size_t)cJSON_GetArraySize(json), i = 0;
    struct fx_constant *k = calloc(n + 1, sizeof *k);
    for (const cJSON *c = json->child; c; c = c->next, i++)
        k[i] = (struct fx_constant){ c->string, json_value(c) };
    return k;
}

/* Runs one recorded case; returns 1 if it matched, 0 (with a message) if not, 2 if it is a
 * documented difference that behaved as documented. */
static int run_case(const cJSON *c, const cJSON *records)
{
    char *expr, why[3072] = "";
    size_t len;
    assert_true(text_field(c, "expr", &expr, &len));
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(c, "data");
    if (!data) {
        const char *name = cJSON_GetObjectItemCaseSensitive(c, "record")->valuestring;
        data = cJSON_GetObjectItemCaseSensitive(records, name);
    }
    struct fx_constant *constants =
        case_constants(cJSON_GetObjectItemCaseSensitive(c, "constants"));
    const cJSON *compile_error = cJSON_GetObjectItemCaseSensitive(c, "compile_error");
    const cJSON *error = cJSON_GetObjectItemCaseSensitive(c, "error");
    const cJSON *result = cJSON_GetObjectItemCaseSensitive(c, "result");
    const struct difference *diff = known_difference(expr);
    struct fx_error err;
    struct fx_expr *e = fx_compile(expr, len, constants, &err);
    int ok = 0;
    if (!e) {
        if (compile_error)
            ok = same_error(err.kind, err.message, err.message_len, compile_error, why,
                            sizeof why);
        else
            snprintf(why, sizeof why, "compile error %s \"%s\"", fx_error_class(err.kind),
                     err.message);
    } else {
        struct fx_value v = fx_eval(e, json_lookup, (void *)data);
        if (diff) {
            ok = v.kind == FX_ERROR && v.u.err.kind == diff->kind ? 2 : 0;
            snprintf(why, sizeof why, "not the difference %s documents", diff->row);
        } else if (compile_error) {
            snprintf(why, sizeof why, "compiled, want compile error %s",
                     cJSON_GetObjectItemCaseSensitive(compile_error, "message")->valuestring);
        } else if (error) {
            if (v.kind == FX_ERROR)
                ok = same_error(v.u.err.kind, v.u.err.message, v.u.err.len, error, why,
                                sizeof why);
            else
                snprintf(why, sizeof why, "no error");
        } else if (v.kind == FX_ERROR) {
            snprintf(why, sizeof why, "error %s \"%s\"", fx_error_class(v.u.err.kind),
                     v.u.err.message);
        } else {
            ok = same_value(v, result, why, sizeof why);
        }
        fx_free(e);
    }
    if (!ok)
        print_message("  [%s] %s: %s\n",
                      cJSON_GetObjectItemCaseSensitive(c, "group")->valuestring, expr, why);
    free(constants);
    free(expr);
    return ok;
}

/* Every recorded case answers as filtrex 3.1.0 did (F-FLX-001), compile errors in Jison's
 * words (F-FLX-003), unknown functions at run time (F-FLX-002), Math functions through libm
 * (F-FLX-007), `%` and `? :` (F-FLX-008), dotted and quoted names and constants (F-FLX-009),
 * octal literals as JavaScript reads them (F-FLX-010), null and lists typed "undefined" in
 * type errors (F-FLX-011). */
static void recorded_cases(void **state)
{
    (void)state;
    char *text = read_file(EXPECTED_JSON);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(root, "filtrex")->valuestring, "3.1.0");
    const cJSON *records = cJSON_GetObjectItemCaseSensitive(root, "records");
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(root, "cases");
    int total = 0, matched = 0, documented = 0;
    for (const cJSON *c = cases->child; c; c = c->next) {
        int rc = run_case(c, records);
        total++;
        matched += rc == 1;
        documented += rc == 2;
    }
    print_message("filtrex oracle: %d cases, %d as recorded, %d documented differences\n", total,
                  matched, documented);
    assert_true(total >= 150);
    assert_int_equal(documented, (int)RM_ARRAY_LEN(differences));
    assert_int_equal(matched + documented, total);
    converted_free();
    cJSON_Delete(root);
    free(text);
}

/* ---- hand-written cases ---- */

static struct fx_value eval_text(const char *text, size_t len, fx_lookup_fn lookup, void *record,
                                 struct fx_expr **keep)
{
    struct fx_error err;
    struct fx_expr *e = fx_compile(text, len, NULL, &err);
    if (!e)
        fail_msg("%s: %s", text, err.message);
    struct fx_value v = fx_eval(e, lookup, record);
    *keep = e;
    return v;
}

/* A string literal's text and length (it may hold NULs). */
#define COMPILE(literal, constants, err) fx_compile(literal, sizeof(literal) - 1, constants, err)
#define EVAL(literal, lookup, record, keep) \
    eval_text(literal, sizeof(literal) - 1, lookup, record, keep)

static char *repeat_text(const char *head, const char *unit, size_t n, const char *tail,
                         size_t *len)
{
    size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
    char *s = malloc(hl + ul * n + tl + 1);
    assert_non_null(s);
    memcpy(s, head, hl);
    for (size_t i = 0; i < n; i++)
        memcpy(s + hl + i * ul, unit, ul);
    memcpy(s + hl + n * ul, tail, tl + 1);
    *len = hl + ul * n + tl;
    return s;
}

/* Evaluates text (and frees it) without a record: it must give the number n. */
static void expect_number_free(char *text, size_t len, double n)
{
    struct fx_expr *e;
    struct fx_value v = eval_text(text, len, NULL, NULL, &e);
    assert_int_equal(v.kind, FX_NUMBER);
    assert_true(v.u.n == n);
    fx_free(e);
    free(text);
}

static void expect_limit(const char *text, size_t len, const char *message)
{
    struct fx_error err;
    assert_null(fx_compile(text, len, NULL, &err));
    assert_int_equal(err.kind, FX_ERR_LIMIT);
    assert_string_equal(err.message, message);
}

/* F-FLX-004: nesting is bounded at compile time; nothing recurses on the expression. */
static void deep_nesting_is_a_compile_error(void **state)
{
    (void)state;
    static const struct {
        const char *head, *unit, *tail;
    } shapes[] = {
        { "", "(", "1" }, { "", "- ", "1" }, { "", "not ", "t" }, { "1", " ^ 2", "" },
        { "", "if t then ", "1" }, { "", "abs(", "1" }, { "", "x of ", "o" },
    };
    for (size_t i = 0; i < RM_ARRAY_LEN(shapes); i++) {
        size_t len;
        char *s = repeat_text(shapes[i].head, shapes[i].unit, 10000, shapes[i].tail, &len);
        expect_limit(s, len, "expression too deeply nested");
        free(s);
    }
    /* 256 levels of parentheses are allowed. */
    size_t len;
    char *open = repeat_text("", "(", FX_MAX_NESTING, "1", &len);
    char *s = repeat_text(open, ")", FX_MAX_NESTING, "", &len);
    expect_number_free(s, len, 1);
    free(open);
}

/* Long flat expressions are not nesting: a 50000-term sum compiles and evaluates. */
static void long_flat_expressions_work(void **state)
{
    (void)state;
    size_t len;
    char *s = repeat_text("0", "+1", 50000, "", &len);
    expect_number_free(s, len, 50000);
    struct fx_expr *e;
    s = repeat_text("(0", ",1", 20000, ")", &len);
    struct fx_value v = eval_text(s, len, NULL, NULL, &e);
    assert_int_equal(v.kind, FX_ARRAY);
    assert_int_equal(v.u.a.count, 20001);
    fx_free(e);
    free(s);
    /* Jison's grammar makes a chain a < b < c right-recursive: its links wait on the stack. */
    s = repeat_text("1", " < 2 == t", 100, "", &len);
    v = eval_text(s, len, NULL, NULL, &e);
    assert_int_equal(v.kind, FX_ERROR); /* t is not a property of no record */
    fx_free(e);
    free(s);
    s = repeat_text("1", " < 2", 3000, "", &len);
    expect_limit(s, len, "expression too deeply nested");
    free(s);
}

/* F-FLX-004: a 1 MB expression is refused before it is read. */
static void huge_expression_is_refused(void **state)
{
    (void)state;
    size_t len;
    char *s = repeat_text("1", "+1", 512 * 1024, "", &len);
    expect_limit(s, len, "expression too long (over 262144 bytes)");
    free(s);
}

/* F-FLX-004: text that is not UTF-8 is a LIMIT error at its byte. */
static void invalid_utf8_is_refused(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t len, offset;
    } bad[] = {
        { "\xff", 1, 0 },           { "1 + \"\xc3\"", 8, 5 },     { "'\xc0\xaf'", 4, 1 },
        { "\"\xed\xa0\x80\"", 5, 1 }, { "s ~= \"\xf4\x90\x80\x80\"", 11, 6 }, { "a\x80", 2, 1 },
    };
    for (size_t i = 0; i < RM_ARRAY_LEN(bad); i++) {
        struct fx_error err;
        assert_null(fx_compile(bad[i].text, bad[i].len, NULL, &err));
        assert_int_equal(err.kind, FX_ERR_LIMIT);
        assert_int_equal(err.offset, bad[i].offset);
        assert_non_null(strstr(err.message, "not valid UTF-8"));
    }
    /* Strings from a record need not be UTF-8: ~= reads a bad byte as U+FFFD. */
    struct fx_expr *e = COMPILE("x ~= \"^.$\"", NULL, NULL);
    assert_non_null(e);
    fx_free(e);
}

/* NUL bytes are characters: inside quotes they are kept, elsewhere a lexical error whose
 * message quotes them (message_len counts past the NUL). */
static void nul_bytes(void **state)
{
    (void)state;
    struct fx_error err;
    assert_null(COMPILE("1\0", NULL, &err));
    assert_int_equal(err.kind, FX_ERR_LEXICAL);
    assert_int_equal(err.offset, 1);
    assert_int_equal(err.message_len, strlen("Lexical error on line 1. Unrecognized text.\n1") +
                                          1 + strlen("\n-^"));
    assert_memory_equal(err.message + err.message_len - 4, "\0\n-^", 4);
    struct fx_expr *e;
    struct fx_value v = EVAL("\"a\0b\" + \"\0\"", NULL, NULL, &e);
    assert_int_equal(v.kind, FX_STRING);
    assert_int_equal(v.u.s.len, 4);
    assert_memory_equal(v.u.s.ptr, "a\0b\0", 4);
    fx_free(e);
}

/* Hostile regular expressions: linear time, no recursion, bounded size (F-FLX-006). */
static struct fx_value subject_lookup(const char *name, size_t len, void *record)
{
    (void)name;
    (void)len;
    const char *s = record;
    return fx_string(s, strlen(s));
}

static void hostile_patterns(void **state)
{
    (void)state;
    size_t n = 1 << 20;
    char *subject = malloc(n + 1);
    memset(subject, 'a', n);
    subject[n] = '\0';
    struct fx_expr *e;
    struct fx_value v = EVAL("s ~= \"(a*)*b\"", subject_lookup, subject, &e);
    assert_int_equal(v.kind, FX_BOOL);
    assert_false(v.u.b);
    fx_free(e);
    v = EVAL("s ~= \"a{100000}\"", subject_lookup, subject, &e);
    assert_int_equal(v.kind, FX_ERROR);
    assert_int_equal(v.u.err.kind, FX_ERR_UNSUPPORTED);
    fx_free(e);
    free(subject);

    size_t len;
    char *open = repeat_text("", "(", 100000, "a", &len);
    char *pattern = repeat_text(open, ")", 100000, "", &len);
    v = EVAL("s ~= s", subject_lookup, pattern, &e);
    assert_int_equal(v.kind, FX_BOOL); /* 100000 nested groups, matched iteratively */
    fx_free(e);
    free(pattern);
    free(open);
    pattern = repeat_text("", "(", 100000, "a", &len);
    v = EVAL("s ~= s", subject_lookup, pattern, &e);
    assert_int_equal(v.kind, FX_ERROR);
    assert_int_equal(v.u.err.kind, FX_ERR_SYNTAX);
    fx_free(e);
    free(pattern);
}

/* F-FLX-004: one evaluation's memory is capped; s + s + ... with a 1 MB s hits the cap. */
static void scratch_memory_is_capped(void **state)
{
    (void)state;
    size_t n = 1 << 20, len;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[n] = '\0';
    char *text = repeat_text("s", " + s", 40, "", &len);
    struct fx_expr *e;
    struct fx_value v = eval_text(text, len, subject_lookup, big, &e);
    assert_int_equal(v.kind, FX_ERROR);
    assert_int_equal(v.u.err.kind, FX_ERR_LIMIT);
    /* The expression is still usable: the next evaluation starts afresh. */
    v = fx_eval(e, subject_lookup, "y");
    assert_int_equal(v.kind, FX_STRING);
    assert_int_equal(v.u.s.len, 41);
    fx_free(e);
    free(text);
    free(big);
}

/* ---- the lookup callback contract ---- */

struct spy {
    char names[16][32];
    size_t lens[16];
    int calls;
    struct fx_value answer;
    struct fx_value list_items[2];
};

static struct fx_value spy_lookup(const char *name, size_t len, void *record)
{
    struct spy *spy = record;
    if (spy->calls < 16) {
        memcpy(spy->names[spy->calls], name, len < 31 ? len : 31);
        spy->lens[spy->calls] = len;
    }
    spy->calls++;
    if (len == 4 && memcmp(name, "list", 4) == 0)
        return fx_array(spy->list_items, 2);
    if (len == 5 && memcmp(name, "other", 5) == 0)
        return fx_array(spy->list_items, 2);
    if (len == 4 && memcmp(name, "copy", 4) == 0)
        return fx_array(spy->list_items + 0, 2) /* same storage: the same list */;
    if (len == 3 && memcmp(name, "obj", 3) == 0)
        return fx_object(spy_lookup, record);
    if (len == 3 && memcmp(name, "err", 3) == 0)
        return (struct fx_value){ .kind = FX_ERROR,
                                  .u.err = { FX_ERR_INTERNAL, "store failed", 12 } };
    if (len == 3 && memcmp(name, "bad", 3) == 0)
        return (struct fx_value){ .kind = (enum fx_kind)42 };
    if (len == 7 && memcmp(name, "missing", 7) == 0)
        return (struct fx_value){ 0 };
    return spy->answer;
}

static void lookup_gets_exact_names(void **state)
{
    (void)state;
    struct spy spy = { .answer = fx_number(2) };
    struct fx_expr *e;
    /* 'quoted' names are unescaped; names are not NUL-terminated: the length counts. */
    struct fx_value v = EVAL("a.b + 'it\\'s' + 'a\0b' * x", spy_lookup, &spy, &e);
    assert_int_equal(v.kind, FX_NUMBER);
    assert_true(v.u.n == 8);
    assert_int_equal(spy.calls, 4);
    assert_int_equal(spy.lens[0], 3);
    assert_memory_equal(spy.names[0], "a.b", 3);
    assert_int_equal(spy.lens[1], 4);
    assert_memory_equal(spy.names[1], "it's", 4);
    assert_int_equal(spy.lens[2], 3);
    assert_memory_equal(spy.names[2], "a\0b", 3);
    fx_free(e);
}

static void lookup_answers_shape_the_result(void **state)
{
    (void)state;
    struct spy spy = { .answer = fx_number(1) };
    struct fx_expr *e;
    struct fx_value v;
    /* Absent: UnknownPropertyError with the name. */
    v = EVAL("missing", spy_lookup, &spy, &e);
    assert_int_equal(v.kind, FX_ERROR);
    assert_int_equal(v.u.err.kind, FX_ERR_UNKNOWN_PROPERTY);
    assert_string_equal(v.u.err.message, "Property \u201cmissing\u201d does not exist.");
    fx_free(e);
    /* An error answer ends the evaluation with it. */
    v = EVAL("1 + err", spy_lookup, &spy, &e);
    assert_int_equal(v.kind, FX_ERROR);
    assert_string_equal(v.u.err.message, "store failed");
    fx_free(e);
    /* A value of no known kind is an internal error, not a crash. */
    v = EVAL("bad", spy_lookup, &spy, &e);
    assert_int_equal(v.kind, FX_ERROR);
    assert_int_equal(v.u.err.kind, FX_ERR_INTERNAL);
    fx_free(e);
    /* No lookup at all: a record without properties. */
    v = EVAL("x", NULL, NULL, &e);
    assert_int_equal(v.u.err.kind, FX_ERR_UNKNOWN_PROPERTY);
    fx_free(e);
    /* F-FLX-005: lists are one list when their items are; objects read through their lookup. */
    spy.list_items[0] = fx_number(1);
    spy.list_items[1] = fx_number(2);
    v = EVAL("list == copy and list == list and (1, 2) != list", spy_lookup, &spy, &e);
    assert_int_equal(v.kind, FX_BOOL);
    assert_true(v.u.b);
    fx_free(e);
    v = EVAL("x of obj", spy_lookup, &spy, &e);
    assert_int_equal(v.kind, FX_NUMBER);
    fx_free(e);
}

static void lookup_is_skipped_by_short_circuits(void **state)
{
    (void)state;
    struct spy spy = { .answer = fx_bool(true) };
    struct fx_expr *e;
    struct fx_value v = EVAL("x or y or z", spy_lookup, &spy, &e);
    assert_true(v.kind == FX_BOOL && v.u.b);
    assert_int_equal(spy.calls, 1);
    fx_free(e);
    spy.calls = 0;
    v = EVAL("if x then y else z", spy_lookup, &spy, &e);
    assert_int_equal(spy.calls, 2);
    fx_free(e);
    spy.calls = 0;
    spy.answer = fx_number(5);
    v = EVAL("x > 6 < y", spy_lookup, &spy, &e); /* false: y is never read */
    assert_true(v.kind == FX_BOOL && !v.u.b);
    assert_int_equal(spy.calls, 1);
    fx_free(e);
}

/* Constants: bare names never reach the lookup; 'quoted' ones always do. */
static void constants_come_before_the_record(void **state)
{
    (void)state;
    static const struct fx_constant constants[] = {
        { "true", { .kind = FX_BOOL, .u.b = true } },
        { "null", { .kind = FX_NULL } },
        { NULL, { 0 } },
    };
    struct spy spy = { .answer = fx_number(3) };
    struct fx_error err;
    struct fx_expr *e = COMPILE("true and 'true' == 3 and exists(null) == false", constants, &err);
    assert_non_null(e);
    struct fx_value v = fx_eval(e, spy_lookup, &spy);
    assert_int_equal(v.kind, FX_BOOL); /* false is not a constant here: a property, 3 */
    assert_false(v.u.b);
    assert_int_equal(spy.calls, 2);
    assert_memory_equal(spy.names[0], "true", 4);
    assert_memory_equal(spy.names[1], "false", 5);
    fx_free(e);
}

/* Results point into the record or into the expression, valid until the next evaluation;
 * the same expression evaluates many records, and small ones allocate nothing. */
static void results_and_reuse(void **state)
{
    (void)state;
    struct fx_expr *e;
    const char *record = "abc";
    struct fx_value v = EVAL("s", subject_lookup, (void *)record, &e);
    assert_ptr_equal(v.u.s.ptr, record);
    fx_free(e);
    static const char *const subjects[] = { "hello", "help", "world", "he" };
    e = COMPILE("s ~= \"^hel\" and s + \"!\" != \"help!\"", NULL, NULL);
    assert_non_null(e);
    for (int round = 0; round < 1000; round++) {
        const char *s = subjects[round % 4];
        v = fx_eval(e, subject_lookup, (void *)s);
        assert_int_equal(v.kind, FX_BOOL);
        assert_int_equal(v.u.b, strcmp(s, "hello") == 0);
        assert_null(e->scratch.chunks); /* everything fit in the inline chunk */
    }
    fx_free(e);
    /* A pattern that changes per record is recompiled; a bad one is an error each time. */
    e = COMPILE("\"abc\" ~= s", NULL, NULL);
    for (int round = 0; round < 10; round++) {
        v = fx_eval(e, subject_lookup, round % 2 ? "(" : "b");
        assert_int_equal(v.kind, round % 2 ? FX_ERROR : FX_BOOL);
    }
    fx_free(e);
    fx_free(NULL);
}

/* F-FLX-012: fx_truthy is JavaScript's ToBoolean, errors included. */
static void truthiness(void **state)
{
    (void)state;
    struct fx_value items[1];
    assert_true(fx_truthy(fx_bool(true)));
    assert_false(fx_truthy(fx_bool(false)));
    assert_false(fx_truthy(fx_number(0)));
    assert_false(fx_truthy(fx_number(-0.0)));
    assert_false(fx_truthy(fx_number(NAN)));
    assert_true(fx_truthy(fx_number(-1)));
    assert_false(fx_truthy(fx_string("", 0)));
    assert_true(fx_truthy(fx_string("0", 1)));
    assert_true(fx_truthy(fx_array(items, 0)));
    assert_true(fx_truthy(fx_object(NULL, NULL)));
    assert_false(fx_truthy((struct fx_value){ .kind = FX_NULL }));
    assert_false(fx_truthy((struct fx_value){ .kind = FX_UNDEFINED }));
    assert_true(fx_truthy((struct fx_value){ .kind = FX_ERROR }));
}

static void number_format(void **state)
{
    (void)state;
    static const struct {
        double n;
        const char *text;
    } cases[] = {
        { 1e21, "1e+21" }, { 1e20, "100000000000000000000" }, { 1e-7, "1e-7" },
        { 1e-6, "0.000001" }, { 123.456, "123.456" }, { -0.0, "0" }, { 5e-324, "5e-324" },
        { 1.7976931348623157e308, "1.7976931348623157e+308" }, { 0.1, "0.1" }, { 100, "100" },
        { -1.5, "-1.5" }, { 1.0 / 3, "0.3333333333333333" }, { 123e-20, "1.23e-18" },
        { INFINITY, "Infinity" }, { -INFINITY, "-Infinity" }, { NAN, "NaN" },
    };
    for (size_t i = 0; i < RM_ARRAY_LEN(cases); i++) {
        char out[32];
        fx_number_format(cases[i].n, out);
        assert_string_equal(out, cases[i].text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recorded_cases),
        cmocka_unit_test(deep_nesting_is_a_compile_error),
        cmocka_unit_test(long_flat_expressions_work),
        cmocka_unit_test(huge_expression_is_refused),
        cmocka_unit_test(invalid_utf8_is_refused),
        cmocka_unit_test(nul_bytes),
        cmocka_unit_test(hostile_patterns),
        cmocka_unit_test(scratch_memory_is_capped),
        cmocka_unit_test(lookup_gets_exact_names),
        cmocka_unit_test(lookup_answers_shape_the_result),
        cmocka_unit_test(lookup_is_skipped_by_short_circuits),
        cmocka_unit_test(constants_come_before_the_record),
        cmocka_unit_test(results_and_reuse),
        cmocka_unit_test(truthiness),
        cmocka_unit_test(number_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
