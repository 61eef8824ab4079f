/*
 * A strict RFC 8259 check run on every request body before cJSON parses it. cJSON is
 * lenient (trailing data, raw control characters in strings, leading zeros) and recursive
 * (deep nesting overflows a worker's stack), and it turns "\u0000" into a C string's end.
 * This scanner is iterative, bounded by max_depth, and refuses all of those.
 */
#include "core/http.h"

#include <string.h>

const char http_json_nul[] = "a NUL character (\\u0000) inside a string";

struct scan {
    const char *p, *end;
    const char *why; /* first problem found */
    char *nul_fix;   /* where to rewrite "\u0000" as "\ufffd" (the text, writable), or NULL */
    const char *base;
};

static void skip_ws(struct scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

static bool fail(struct scan *s, const char *why)
{
    if (!s->why)
        s->why = why;
    return false;
}

static int hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static bool scan_string(struct scan *s)
{
    s->p++; /* the opening quote */
    while (s->p < s->end) {
        unsigned char c = (unsigned char)*s->p++;
        if (c == '"')
            return true;
        if (c < 0x20)
            return fail(s, "a control character inside a string");
        if (c != '\\')
            continue;
        if (s->p >= s->end)
            break;
        char e = *s->p++;
        if (e == 'u') {
            if (s->end - s->p < 4 || !hex(s->p[0]) || !hex(s->p[1]) || !hex(s->p[2]) ||
                !hex(s->p[3]))
                return fail(s, "a bad \\u escape");
            if (strncmp(s->p, "0000", 4) == 0) {
                if (!s->nul_fix)
                    return fail(s, http_json_nul);
                memcpy(s->nul_fix + (s->p - s->base), "fffd", 4);
            }
            s->p += 4;
        } else if (!strchr("\"\\/bfnrt", e) || !e) {
            return fail(s, "a bad escape inside a string");
        }
    }
    return fail(s, "an unterminated string");
}

static bool scan_number(struct scan *s)
{
    if (s->p < s->end && *s->p == '-')
        s->p++;
    if (s->p >= s->end || *s->p < '0' || *s->p > '9')
        return fail(s, "a bad number");
    if (*s->p == '0' && s->p + 1 < s->end && s->p[1] >= '0' && s->p[1] <= '9')
        return fail(s, "a number with a leading zero");
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
        s->p++;
    if (s->p < s->end && *s->p == '.') {
        s->p++;
        if (s->p >= s->end || *s->p < '0' || *s->p > '9')
            return fail(s, "a bad number");
        while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
            s->p++;
    }
    if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
        s->p++;
        if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
            s->p++;
        if (s->p >= s->end || *s->p < '0' || *s->p > '9')
            return fail(s, "a bad number");
        while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
            s->p++;
    }
    return true;
}

static bool scan_literal(struct scan *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || strncmp(s->p, word, n) != 0)
        return fail(s, "not JSON");
    s->p += n;
    return true;
}

/* One scalar value at s->p. */
static bool scan_scalar(struct scan *s)
{
    switch (*s->p) {
    case '"': return scan_string(s);
    case 't': return scan_literal(s, "true");
    case 'f': return scan_literal(s, "false");
    case 'n': return scan_literal(s, "null");
    default: return scan_number(s);
    }
}

static int check(const char *text, char *nul_fix, size_t len, int max_depth, const char **why)
{
    struct scan s = { text, text + len, NULL, nul_fix, text };
    /* The open containers as a bit stack: 1 = object, 0 = array. Enough for any depth the
     * limit allows (rmmsim's limits are far below 512). */
    unsigned char kinds[64] = { 0 };
    int depth = 0;
    if (max_depth > (int)sizeof kinds * 8)
        max_depth = (int)sizeof kinds * 8;
    skip_ws(&s);
    /* The state machine: expecting a value, or what follows a value or an opener. */
    for (;;) {
        if (s.p >= s.end) {
            fail(&s, "unexpected end of input");
            break;
        }
        char c = *s.p;
        if (c == '{' || c == '[') {
            if (++depth > max_depth) {
                *why = "nesting deeper than rmmsim allows";
                return RM_ELIMIT;
            }
            if (c == '{')
                kinds[(depth - 1) / 8] |= (unsigned char)(1u << ((depth - 1) % 8));
            else
                kinds[(depth - 1) / 8] &= (unsigned char)~(1u << ((depth - 1) % 8));
            s.p++;
            skip_ws(&s);
            if (s.p < s.end && *s.p == (c == '{' ? '}' : ']')) {
                s.p++;
                depth--;
                goto after_value;
            }
            if (c == '{')
                goto object_key;
            continue; /* an array's first value */
        }
        if (!scan_scalar(&s))
            break;
    after_value:
        skip_ws(&s);
        if (depth == 0) {
            if (s.p != s.end)
                fail(&s, "data after the JSON value");
            break;
        }
        {
            bool in_object = kinds[(depth - 1) / 8] & (1u << ((depth - 1) % 8));
            if (s.p < s.end && *s.p == ',') {
                s.p++;
                skip_ws(&s);
                if (in_object)
                    goto object_key;
                continue;
            }
            if (s.p < s.end && *s.p == (in_object ? '}' : ']')) {
                s.p++;
                depth--;
                goto after_value;
            }
            fail(&s, in_object ? "expected ',' or '}'" : "expected ',' or ']'");
            break;
        }
    object_key:
        if (s.p >= s.end || *s.p != '"') {
            fail(&s, "expected a quoted key");
            break;
        }
        if (!scan_string(&s))
            break;
        skip_ws(&s);
        if (s.p >= s.end || *s.p != ':') {
            fail(&s, "expected ':'");
            break;
        }
        s.p++;
        skip_ws(&s);
    }
    *why = s.why;
    return s.why ? RM_EINVAL : RM_OK;
}

int http_json_check(const char *text, size_t len, int max_depth, const char **why)
{
    return check(text, NULL, len, max_depth, why);
}

int http_json_check_fix_nul(char *text, size_t len, int max_depth, const char **why)
{
    return check(text, text, len, max_depth, why);
}
