/*
 * A JSON writer for large replies (STYLE.md section 6): appends to one growing buffer with
 * a sticky failure flag, commas placed by a small state stack, no tree and no allocation
 * per value. The buffer is freed with the request arena.
 */
#include "core/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void jw_free(void *p)
{
    free(p);
}

void http_jw_init(struct http_jw *w, struct http_req *req)
{
    memset(w, 0, sizeof *w);
    w->req = req;
}

static void grow_put(struct http_jw *w, const char *s, size_t n);

/* The common case inline: room in the buffer. */
static inline void put(struct http_jw *w, const char *s, size_t n)
{
    if (w->len + n + 1 <= w->cap && !w->failed) {
        memcpy(w->buf + w->len, s, n);
        w->len += n;
        return;
    }
    grow_put(w, s, n);
}

static void grow_put(struct http_jw *w, const char *s, size_t n)
{
    if (w->failed)
        return;
    if (w->len + n + 1 > w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 4096;
        while (cap < w->len + n + 1)
            cap *= 2;
        char *grown = realloc(w->buf, cap);
        if (!grown) {
            w->failed = true;
            return;
        }
        w->buf = grown;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

/* A comma before every value but the first of its container; keys carry their own. */
static void sep(struct http_jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth && w->count[w->depth - 1]++)
        put(w, ",", 1);
}

static void open_(struct http_jw *w, char c)
{
    sep(w);
    put(w, &c, 1);
    if (w->depth == HTTP_JW_MAX_DEPTH) {
        w->failed = true;
        return;
    }
    w->count[w->depth++] = 0;
}

static void close_(struct http_jw *w, char c)
{
    put(w, &c, 1);
    if (w->depth)
        w->depth--;
}

void http_jw_object(struct http_jw *w)
{
    open_(w, '{');
}

void http_jw_object_end(struct http_jw *w)
{
    close_(w, '}');
}

void http_jw_array(struct http_jw *w)
{
    open_(w, '[');
}

void http_jw_array_end(struct http_jw *w)
{
    close_(w, ']');
}

/* Bytes a JSON string cannot hold as they are: control characters, '"' and '\\'. */
static bool needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

static void put_string(struct http_jw *w, const char *s)
{
    put(w, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!needs_escape(c))
            continue;
        put(w, run, (size_t)(s - run));
        char esc[8];
        switch (c) {
        case '"': put(w, "\\\"", 2); break;
        case '\\': put(w, "\\\\", 2); break;
        case '\n': put(w, "\\n", 2); break;
        case '\r': put(w, "\\r", 2); break;
        case '\t': put(w, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(w, esc, 6);
        }
        run = s + 1;
    }
    put(w, run, (size_t)(s - run));
    put(w, "\"", 1);
}

void http_jw_key(struct http_jw *w, const char *key)
{
    sep(w);
    put_string(w, key);
    put(w, ":", 1);
    w->after_key = true;
}

void http_jw_string(struct http_jw *w, const char *s)
{
    sep(w);
    if (s)
        put_string(w, s);
    else
        put(w, "null", 4);
}

void http_jw_int(struct http_jw *w, int64_t v)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%lld", (long long)v);
    sep(w);
    put(w, num, (size_t)n);
}

void http_jw_bool(struct http_jw *w, bool v)
{
    sep(w);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void http_jw_raw(struct http_jw *w, const char *json)
{
    sep(w);
    put(w, json, strlen(json));
}

int http_jw_reply(struct http_jw *w, struct http_res *res, int status)
{
    put(w, "", 1); /* the NUL, not counted in the reply */
    if (w->failed || w->depth || rm_arena_defer(&w->req->arena, jw_free, w->buf) != RM_OK) {
        if (w->failed || w->depth)
            free(w->buf);
        w->buf = NULL;
        return RM_ENOMEM;
    }
    http_res_set(res, status, "application/json", w->buf, w->len - 1);
    w->buf = NULL;
    return RM_OK;
}

void http_jw_discard(struct http_jw *w)
{
    free(w->buf);
    w->buf = NULL;
}
