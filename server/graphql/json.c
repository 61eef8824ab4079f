/*
 * Values as JavaScript shows them: JSON.stringify for responses (numbers as Number#toString
 * writes them) and graphql-js's inspect() for messages that quote a value. The engine's
 * values are cJSON trees; a number is a double, as in JavaScript.
 */
#include "graphql/gql_int.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *gql_js_number(double d, char out[32])
{
    if (isnan(d) || isinf(d)) {
        strcpy(out, isnan(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        return out;
    }
    if (d == 0) { /* -0 too: Number#toString drops the sign */
        strcpy(out, "0");
        return out;
    }
    if (d == floor(d) && fabs(d) < 9007199254740992.0) { /* integers below 2^53: exact */
        uint64_t n = (uint64_t)fabs(d);
        char digits[24], *p = digits + sizeof digits;
        do
            *--p = (char)('0' + n % 10);
        while ((n /= 10) > 0);
        char *o = out;
        if (d < 0)
            *o++ = '-';
        size_t len = (size_t)(digits + sizeof digits - p);
        memcpy(o, p, len);
        o[len] = '\0';
        return out;
    }
    /* The shortest digits that read back as d (ECMAScript Number::toString, step 5). When
     * 15 significant digits read back, rounding to 15 gives the shortest digits followed by
     * zeros (a double carries more than 15 digits), which are dropped below; subnormals
     * carry fewer, so they try every length. */
    char sci[40];
    for (int precision = fabs(d) < DBL_MIN ? 1 : 15; precision <= 17; precision++) {
        snprintf(sci, sizeof sci, "%.*e", precision - 1, d);
        if (strtod(sci, NULL) == d)
            break;
    }
    char digits[20];
    int k = 0;
    const char *p = sci;
    bool negative = *p == '-';
    if (negative)
        p++;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[k++] = *p;
    while (k > 1 && digits[k - 1] == '0')
        k--;
    int n = atoi(p + 1) + 1; /* the decimal point sits after n digits */
    char *o = out;
    if (negative)
        *o++ = '-';
    if (k <= n && n <= 21) {
        memcpy(o, digits, (size_t)k);
        o += k;
        for (int i = k; i < n; i++)
            *o++ = '0';
    } else if (0 < n && n <= 21) {
        memcpy(o, digits, (size_t)n);
        o += n;
        *o++ = '.';
        memcpy(o, digits + n, (size_t)(k - n));
        o += k - n;
    } else if (-6 < n && n <= 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = n; i < 0; i++)
            *o++ = '0';
        memcpy(o, digits, (size_t)k);
        o += k;
    } else {
        *o++ = digits[0];
        if (k > 1) {
            *o++ = '.';
            memcpy(o, digits + 1, (size_t)(k - 1));
            o += k - 1;
        }
        o += sprintf(o, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
    }
    *o = '\0';
    return out;
}

void gql__json_string(struct rm_arena *a, struct gql__buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    gql__buf_put(a, b, "\"", 1);
    size_t run = 0; /* bytes written as they are, put in one go */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        gql__buf_put(a, b, s + run, (uint32_t)(i - run));
        run = i + 1;
        char escape[7] = { '\\', 0 };
        uint32_t n = 2;
        switch (c) {
        case '"': escape[1] = '"'; break;
        case '\\': escape[1] = '\\'; break;
        case '\b': escape[1] = 'b'; break;
        case '\f': escape[1] = 'f'; break;
        case '\n': escape[1] = 'n'; break;
        case '\r': escape[1] = 'r'; break;
        case '\t': escape[1] = 't'; break;
        default:
            memcpy(escape + 1, "u00", 3);
            escape[4] = hex[c >> 4];
            escape[5] = hex[c & 0xf];
            n = 6;
        }
        gql__buf_put(a, b, escape, n);
    }
    gql__buf_put(a, b, s + run, (uint32_t)(len - run));
    gql__buf_put(a, b, "\"", 1);
}

static void put(struct rm_arena *a, struct gql__buf *b, const char *s)
{
    gql__buf_put(a, b, s, (uint32_t)strlen(s));
}

void gql__json_value(struct rm_arena *a, struct gql__buf *b, const cJSON *v)
{
    char number[32];
    if (!v || cJSON_IsNull(v)) {
        put(a, b, "null");
    } else if (cJSON_IsBool(v)) {
        put(a, b, cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsNumber(v)) {
        /* JSON.stringify writes NaN and the infinities as null */
        put(a, b, isfinite(v->valuedouble) ? gql_js_number(v->valuedouble, number) : "null");
    } else if (cJSON_IsString(v)) {
        gql__json_string(a, b, v->valuestring, strlen(v->valuestring));
    } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        bool object = cJSON_IsObject(v);
        put(a, b, object ? "{" : "[");
        for (const cJSON *item = v->child; item; item = item->next) {
            if (item != v->child)
                put(a, b, ",");
            if (object) {
                gql__json_string(a, b, item->string, strlen(item->string));
                put(a, b, ":");
            }
            gql__json_value(a, b, item);
        }
        put(a, b, object ? "}" : "]");
    } else {
        put(a, b, "null");
    }
}

const char *gql_json(struct rm_arena *a, const cJSON *v)
{
    struct gql__buf b = { 0 };
    gql__json_value(a, &b, v);
    return b.failed ? NULL : b.p;
}

/* graphql-js inspect(): formatValue with its limits (10 array items, depth 2). */
static void inspect(struct rm_arena *a, struct gql__buf *b, const cJSON *v, int depth)
{
    enum { MAX_ARRAY_LENGTH = 10, MAX_RECURSIVE_DEPTH = 2 };
    char number[32];
    if (cJSON_IsString(v)) {
        gql__json_string(a, b, v->valuestring, strlen(v->valuestring));
    } else if (cJSON_IsNumber(v)) {
        put(a, b, gql_js_number(v->valuedouble, number));
    } else if (cJSON_IsArray(v) || cJSON_IsObject(v)) {
        bool object = cJSON_IsObject(v);
        if (!v->child) {
            put(a, b, object ? "{}" : "[]");
            return;
        }
        if (depth + 1 > MAX_RECURSIVE_DEPTH) {
            put(a, b, object ? "[Object]" : "[Array]");
            return;
        }
        put(a, b, object ? "{ " : "[");
        int count = 0, total = cJSON_GetArraySize(v);
        for (const cJSON *item = v->child; item; item = item->next, count++) {
            if (!object && count == MAX_ARRAY_LENGTH)
                break;
            if (count)
                put(a, b, ", ");
            if (object) {
                put(a, b, item->string);
                put(a, b, ": ");
            }
            inspect(a, b, item, depth + 1);
        }
        if (!object && total > MAX_ARRAY_LENGTH) {
            int remaining = total - MAX_ARRAY_LENGTH;
            char more[48];
            snprintf(more, sizeof more, ", ... %d more item%s", remaining, remaining > 1 ? "s" : "");
            put(a, b, more);
        }
        put(a, b, object ? " }" : "]");
    } else {
        put(a, b, cJSON_IsTrue(v) ? "true" : cJSON_IsFalse(v) ? "false" : "null");
    }
}

const char *gql__inspect(struct rm_arena *a, const cJSON *v)
{
    struct gql__buf b = { 0 };
    inspect(a, &b, v, 0);
    return b.failed ? "" : b.p ? b.p : "";
}
