/*
 * JSON as the real OCO server writes it: PHP 8's json_encode with JSON_PARTIAL_OUTPUT_ON_ERROR
 * (reference/oco.md section 1): "/" escaped as "\/", every non-ASCII character as \uXXXX
 * (surrogate pairs above U+FFFF), strings that are not valid UTF-8 as null, integral numbers
 * without a fraction. cJSON writes none of these the PHP way, hence this writer.
 */
#include "apis/oco/oco_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing buffer with a sticky failure flag (checked once at the end). */
struct out {
    char *buf;
    size_t len, cap;
    bool failed;
};

static void put(struct out *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 1024;
        while (cap < o->len + n + 1)
            cap *= 2;
        char *grown = realloc(o->buf, cap);
        if (!grown) {
            o->failed = true;
            return;
        }
        o->buf = grown;
        o->cap = cap;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

/* Decodes one UTF-8 sequence of a string already known to be valid. */
static unsigned decode(const unsigned char **p)
{
    const unsigned char *s = *p;
    unsigned cp;
    if (s[0] < 0xe0) {
        cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
        *p += 2;
    } else if (s[0] < 0xf0) {
        cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
        *p += 3;
    } else {
        cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) |
             (s[3] & 0x3fu);
        *p += 4;
    }
    return cp;
}

static void put_u(struct out *o, unsigned unit)
{
    char esc[8];
    snprintf(esc, sizeof esc, "\\u%04x", unit & 0xffffu);
    put(o, esc, 6);
}

static void put_string(struct out *o, const char *str)
{
    if (!rm_utf8_valid(str, strlen(str))) {
        puts_(o, "null");
        return;
    }
    put(o, "\"", 1);
    const unsigned char *p = (const unsigned char *)str;
    while (*p) {
        unsigned c = *p;
        const char *esc = NULL;
        switch (c) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '/': esc = "\\/"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        }
        if (esc) {
            puts_(o, esc);
            p++;
        } else if (c < 0x20) {
            put_u(o, c);
            p++;
        } else if (c < 0x80) {
            put(o, (const char *)p++, 1);
        } else {
            unsigned cp = decode(&p);
            if (cp >= 0x10000) {
                cp -= 0x10000;
                put_u(o, 0xd800 + (cp >> 10));
                put_u(o, 0xdc00 + (cp & 0x3ff));
            } else {
                put_u(o, cp);
            }
        }
    }
    put(o, "\"", 1);
}

/* PHP (serialize_precision = -1): integral values as integers, others in the shortest form
 * that reads back the same. */
static void put_number(struct out *o, double v)
{
    char num[40];
    if (v == trunc(v) && fabs(v) < 9007199254740992.0) {
        snprintf(num, sizeof num, "%.0f", v);
    } else if (!isfinite(v)) {
        snprintf(num, sizeof num, "0"); /* json_encode fails on INF/NAN; partial output: 0 */
    } else {
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(num, sizeof num, "%.*g", prec, v);
            if (strtod(num, NULL) == v)
                break;
        }
    }
    puts_(o, num);
}

static void put_value(struct out *o, const cJSON *v)
{
    if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
        bool obj = cJSON_IsObject(v);
        put(o, obj ? "{" : "[", 1);
        for (const cJSON *c = v->child; c; c = c->next) {
            if (c != v->child)
                put(o, ",", 1);
            if (obj) {
                put_string(o, c->string);
                put(o, ":", 1);
            }
            put_value(o, c);
        }
        put(o, obj ? "}" : "]", 1);
    } else if (cJSON_IsString(v)) {
        put_string(o, v->valuestring);
    } else if (cJSON_IsNumber(v)) {
        put_number(o, v->valuedouble);
    } else if (cJSON_IsTrue(v)) {
        puts_(o, "true");
    } else if (cJSON_IsFalse(v)) {
        puts_(o, "false");
    } else {
        puts_(o, "null");
    }
}

static void free_buf(void *p)
{
    free(p);
}

char *oco_json_encode(struct rm_arena *a, const cJSON *json)
{
    struct out o = { 0 };
    put_value(&o, json);
    put(&o, "", 1); /* the terminating NUL */
    if (o.failed || rm_arena_defer(a, free_buf, o.buf) != RM_OK) {
        if (o.failed)
            free(o.buf);
        return NULL;
    }
    return o.buf;
}
