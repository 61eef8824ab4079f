/*
 * The request journal: a ring of fixed-size slots behind one mutex, filled as each reply
 * is about to be sent (http_app.record), and /__admin/requests to read, count and clear it
 * (docs/control-plane.md "Request journal", F-CTL-020..026).
 */
#include "control/journal.h"

#include "control/control_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One answered request. Every text is NUL-terminated and cut at its bound (F-CTL-023). */
struct slot {
    uint64_t id;          /* 1, 2, ... in the order requests finished; 0: empty or cleared */
    int64_t time_ms;      /* the tenant's clock when the request reached it (F-CTL-022) */
    uint64_t latency_ns;  /* from the head read to the reply written */
    size_t body_size;     /* the request body's full length */
    size_t response_size; /* the response body's full length */
    int status;
    bool cached; /* the reply was reused (F-CORE-008) */
    uint8_t via; /* enum http_tenant_via */
    uint16_t body_len, response_len, headers_len;
    char tenant[64];
    char api[32];
    char method[16];
    char content_type[64];
    char operation[CTL_JOURNAL_OPERATION_MAX];
    char path[CTL_JOURNAL_PATH_MAX];
    char query[CTL_JOURNAL_PATH_MAX];
    char headers[CTL_JOURNAL_HEADERS_MAX]; /* "name\0value\0" for each header that fit */
    char body[CTL_JOURNAL_BODY_MAX + 1];   /* + 1: the bound counts bytes kept, not the NUL */
    char response[CTL_JOURNAL_BODY_MAX + 1];
};

struct ctl_journal {
    pthread_mutex_t lock; /* guards everything below; held for one bounded copy per request */
    uint64_t next_id;     /* the id the next request gets */
    size_t nslots;
    struct slot *slots; /* id N lives in slots[(N - 1) % nslots] */
};

struct ctl_journal *ctl_journal_new(size_t size)
{
    struct ctl_journal *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    /* calloc: pages are touched as the ring fills, then stay as they are (F-CTL-024). */
    if (size && !(j->slots = calloc(size, sizeof *j->slots))) {
        free(j);
        return NULL;
    }
    j->nslots = size;
    j->next_id = 1;
    pthread_mutex_init(&j->lock, NULL);
    return j;
}

void ctl_journal_free(struct ctl_journal *j)
{
    if (!j)
        return;
    pthread_mutex_destroy(&j->lock);
    free(j->slots);
    free(j);
}

/* How many of s[0..len) fit into cap - 1 bytes without splitting a UTF-8 sequence. */
static size_t cut_utf8(const char *s, size_t len, size_t cap)
{
    if (len < cap)
        return len;
    size_t n = cap - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
        n--; /* s[n] continues a sequence that started before it: leave that one out */
    return n;
}

/* Copies s[0..len) into dst[cap], cut by cut_utf8; returns the bytes kept. */
static size_t copy_text(char *dst, size_t cap, const char *s, size_t len)
{
    size_t n = s ? cut_utf8(s, len, cap) : 0;
    if (n)
        memcpy(dst, s, n);
    dst[n] = '\0';
    return n;
}

#define COPY_STR(field, s) copy_text(field, sizeof field, (s), (s) ? strlen(s) : 0)

static void copy_headers(struct slot *sl, const struct http_req *req)
{
    /* F-CORE-011: the control plane's own token is not kept (the vendor APIs' keys are: a
     * test checks what its client sent) */
    bool admin = req->api && strcmp(req->api->name, "admin") == 0;
    size_t used = 0;
    for (size_t i = 0; i < req->nheaders; i++) {
        const char *value = admin && strcasecmp(req->headers[i].name, "Authorization") == 0
                                ? "(hidden)"
                                : req->headers[i].value;
        size_t nl = strlen(req->headers[i].name), vl = strlen(value);
        if (used + nl + vl + 2 > sizeof sl->headers)
            break; /* F-CTL-023: the headers that fit, whole */
        memcpy(sl->headers + used, req->headers[i].name, nl + 1);
        used += nl + 1;
        memcpy(sl->headers + used, value, vl + 1);
        used += vl + 1;
    }
    sl->headers_len = (uint16_t)used;
}

void ctl_journal_record(struct ctl_journal *j, struct http_req *req, const struct http_res *res,
                        uint64_t latency_ns)
{
    if (!j || !j->nslots)
        return;
    /* F-CTL-020: polling the journal does not fill it. */
    if (req->route && (req->route->flags & CTL_ROUTE_NO_JOURNAL))
        return;
    /* F-CTL-021: the API names the operation (OCO methods, GraphQL fields); else the route. */
    const char *operation =
        req->api && req->api->operation && req->route ? req->api->operation(req) : NULL;
    if (!operation && req->route)
        operation = req->route->pattern;
    /* F-CTL-022: a request that never reached a tenant is timed by the process clock. */
    int64_t time_ms = req->time_ms ? req->time_ms : rm_clock_now_ms();
    size_t body_len = req->method == HTTP_HEAD ? 0 : res->body_len;

    pthread_mutex_lock(&j->lock);
    uint64_t id = j->next_id++;
    struct slot *sl = &j->slots[(id - 1) % j->nslots];
    sl->id = id;
    sl->time_ms = time_ms;
    sl->latency_ns = latency_ns;
    sl->status = res->status;
    sl->cached = req->cached;
    sl->via = (uint8_t)req->tenant_via;
    COPY_STR(sl->tenant, req->tenant_id ? req->tenant_id : "default");
    COPY_STR(sl->api, req->api ? req->api->name : "");
    COPY_STR(sl->method, req->method_name);
    COPY_STR(sl->content_type, res->content_type);
    COPY_STR(sl->operation, operation);
    COPY_STR(sl->path, req->path);
    COPY_STR(sl->query, req->query);
    copy_headers(sl, req);
    sl->body_size = req->body_len;
    sl->body_len = (uint16_t)copy_text(sl->body, sizeof sl->body, req->body, req->body_len);
    sl->response_size = body_len;
    sl->response_len = (uint16_t)copy_text(sl->response, sizeof sl->response, res->body, body_len);
    pthread_mutex_unlock(&j->lock);
}

/* ---- /__admin/requests ---- */

/* The filters of a query (F-CTL-025); NULL or 0 fields match everything. */
struct filter {
    const char *tenant, *api, *operation;
    int status; /* exact status, or 1-5 for a class "4xx" */
    bool status_set;
    int64_t since_ms;
    bool since_set;
    size_t limit;
    bool oldest_first;
};

#define LIST_DEFAULT_LIMIT 100
#define LIST_MAX_LIMIT 1000

static bool matches(const struct slot *sl, const struct filter *f)
{
    if (!sl->id)
        return false;
    if (f->tenant && strcmp(sl->tenant, f->tenant) != 0)
        return false;
    if (f->api && strcmp(sl->api, f->api) != 0)
        return false;
    if (f->operation && strcmp(sl->operation, f->operation) != 0 &&
        !rm_list_has(sl->operation, f->operation, strlen(f->operation)))
        return false;
    if (f->status_set && (f->status < 10 ? sl->status / 100 != f->status : sl->status != f->status))
        return false;
    if (f->since_set && sl->time_ms < f->since_ms)
        return false;
    return true;
}

static bool parse_status(const char *s, int *out)
{
    if (strlen(s) != 3 || s[0] < '1' || s[0] > '5')
        return false;
    if ((s[1] == 'x' || s[1] == 'X') && (s[2] == 'x' || s[2] == 'X')) {
        *out = s[0] - '0';
        return true;
    }
    if (s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9')
        return false;
    *out = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    return true;
}

static bool parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    char *end;
    if (!*s)
        return false;
    long long v = strtoll(s, &end, 10);
    if (*end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* Reads the query parameters named by allowed (a mask of the keys below) into f. Returns
 * NULL or the 400 message. */
enum {
    P_TENANT = 1,
    P_API = 2,
    P_OPERATION = 4,
    P_STATUS = 8,
    P_SINCE = 16,
    P_LIMIT = 32,
    P_ORDER = 64,
    P_FILTERS = 31,
    P_ALL = 127
};

static const char *parse_filter(struct http_req *req, unsigned allowed, struct filter *f)
{
    *f = (struct filter){.limit = LIST_DEFAULT_LIMIT};
    for (size_t i = 0; i < req->nparams; i++) {
        const char *k = req->params[i].name, *v = req->params[i].value;
        int64_t n;
        if (strcmp(k, "tenant") == 0 && (allowed & P_TENANT)) {
            f->tenant = v;
        } else if (strcmp(k, "api") == 0 && (allowed & P_API)) {
            f->api = v;
        } else if (strcmp(k, "operation") == 0 && (allowed & P_OPERATION)) {
            f->operation = v;
        } else if (strcmp(k, "status") == 0 && (allowed & P_STATUS)) {
            if (!parse_status(v, &f->status))
                return "status must be a status like 404 or a class like 4xx";
            f->status_set = true;
        } else if (strcmp(k, "since") == 0 && (allowed & P_SINCE)) {
            if (!parse_int(v, INT64_MIN / 2, INT64_MAX / 2, &f->since_ms) &&
                store_fx_parse_time(v, &f->since_ms) != RM_OK)
                return "since must be a UTC time like 2026-01-01T00:00:00Z or Unix milliseconds";
            f->since_set = true;
        } else if (strcmp(k, "limit") == 0 && (allowed & P_LIMIT)) {
            if (!parse_int(v, 1, LIST_MAX_LIMIT, &n))
                return "limit must be a whole number from 1 to 1000";
            f->limit = (size_t)n;
        } else if (strcmp(k, "order") == 0 && (allowed & P_ORDER)) {
            if (strcmp(v, "newest") != 0 && strcmp(v, "oldest") != 0)
                return "order must be newest or oldest";
            f->oldest_first = strcmp(v, "oldest") == 0;
        } else {
            const char *known = allowed & P_LIMIT    ? "tenant, api, operation, status, since, "
                                                       "limit or order"
                                : allowed & P_STATUS ? "tenant, api, operation, status or since"
                                                     : "only tenant";
            const char *msg = rm_arena_printf(&req->arena, "unknown parameter '%s' (%s)", k, known);
            return msg ? msg : "unknown parameter";
        }
    }
    return NULL;
}

/* Writes s[0..len) as a JSON string of valid UTF-8: a byte that starts no valid sequence,
 * and NUL, become U+FFFD (F-CTL-023). scratch holds 3 * len + 1 bytes. */
static void jw_text(struct http_jw *w, const char *s, size_t len, char *scratch)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80                 ? 1
                   : c >= 0xc2 && c <= 0xdf ? 2
                   : c >= 0xe0 && c <= 0xef ? 3
                   : c >= 0xf0 && c <= 0xf4 ? 4
                                            : 0;
        if (c && n && i + n <= len && (n == 1 || rm_utf8_valid(s + i, n))) {
            memcpy(scratch + o, s + i, n);
            o += n;
            i += n;
        } else {
            memcpy(scratch + o, "\xef\xbf\xbd", 3);
            o += 3;
            i++;
        }
    }
    scratch[o] = '\0';
    http_jw_string(w, scratch);
}

static const char *const via_names[] = {
    [HTTP_TENANT_DEFAULT] = "default",
    [HTTP_TENANT_PREFIX] = "prefix",
    [HTTP_TENANT_HEADER] = "header",
    [HTTP_TENANT_CREDENTIAL] = "credential",
};

/* A kept body (the request's or the response's), its full size and whether it was cut
 * (F-CTL-023). */
static void write_body(struct http_jw *w, bool response, const char *kept, size_t len, size_t size,
                       char *scratch)
{
    http_jw_key(w, response ? "responseBody" : "body");
    jw_text(w, kept, len, scratch);
    http_jw_key(w, response ? "responseSize" : "bodySize");
    http_jw_int(w, (int64_t)size);
    http_jw_key(w, response ? "responseTruncated" : "bodyTruncated");
    http_jw_bool(w, len < size);
}

/* One entry, the shape docs/control-plane.md shows. */
static void write_entry(struct http_jw *w, const struct slot *sl, char *scratch)
{
    char iso[32];
    rm_clock_format_iso(sl->time_ms, iso);
    http_jw_object(w);
    http_jw_key(w, "id");
    http_jw_int(w, (int64_t)sl->id);
    http_jw_key(w, "time");
    http_jw_string(w, iso);
    http_jw_key(w, "timeMs");
    http_jw_int(w, sl->time_ms);
    http_jw_key(w, "tenant");
    jw_text(w, sl->tenant, strlen(sl->tenant), scratch);
    http_jw_key(w, "tenantVia");
    http_jw_string(w, sl->via < RM_ARRAY_LEN(via_names) ? via_names[sl->via] : "default");
    http_jw_key(w, "api");
    http_jw_string(w, sl->api[0] ? sl->api : NULL);
    http_jw_key(w, "operation");
    if (sl->operation[0])
        jw_text(w, sl->operation, strlen(sl->operation), scratch);
    else
        http_jw_string(w, NULL);
    http_jw_key(w, "method");
    jw_text(w, sl->method, strlen(sl->method), scratch);
    http_jw_key(w, "path");
    jw_text(w, sl->path, strlen(sl->path), scratch);
    http_jw_key(w, "query");
    jw_text(w, sl->query, strlen(sl->query), scratch);
    http_jw_key(w, "headers");
    http_jw_array(w);
    for (size_t o = 0; o < sl->headers_len;) {
        const char *name = sl->headers + o;
        const char *value = name + strlen(name) + 1;
        http_jw_array(w);
        jw_text(w, name, strlen(name), scratch);
        jw_text(w, value, strlen(value), scratch);
        http_jw_array_end(w);
        o = (size_t)(value - sl->headers) + strlen(value) + 1;
    }
    http_jw_array_end(w);
    write_body(w, false, sl->body, sl->body_len, sl->body_size, scratch);
    http_jw_key(w, "status");
    http_jw_int(w, sl->status);
    http_jw_key(w, "responseContentType");
    http_jw_string(w, sl->content_type[0] ? sl->content_type : NULL);
    write_body(w, true, sl->response, sl->response_len, sl->response_size, scratch);
    http_jw_key(w, "cached");
    http_jw_bool(w, sl->cached);
    http_jw_key(w, "latencyUs");
    http_jw_int(w, (int64_t)(sl->latency_ns / 1000));
    http_jw_object_end(w);
}

/* The slot of the i-th id to visit (0-based) in the order asked, or NULL past the ring. */
static const struct slot *visit(const struct ctl_journal *j, bool oldest_first, uint64_t i)
{
    uint64_t last = j->next_id - 1;
    uint64_t first = last >= j->nslots ? last - j->nslots + 1 : 1;
    if (i > last - first || last == 0)
        return NULL;
    uint64_t id = oldest_first ? first + i : last - i;
    return &j->slots[(id - 1) % j->nslots];
}

/* GET /__admin/requests: the entries that match, newest first unless order=oldest. */
void ctl__journal_list(struct http_req *req, struct http_res *res)
{
    struct ctl_journal *j = ctl_journal_of(req->app);
    struct filter f;
    const char *problem = parse_filter(req, P_ALL, &f);
    if (problem) {
        http_res_error_json(req, res, 400, problem);
        return;
    }
    char *scratch = rm_arena_alloc(&req->arena, 3 * CTL_JOURNAL_BODY_MAX + 1);
    if (!scratch) {
        http_res_error_json(req, res, 500, "out of memory");
        return;
    }
    struct http_jw w;
    http_jw_init(&w, req);
    http_jw_object(&w);
    http_jw_key(&w, "requests");
    http_jw_array(&w);
    size_t n = 0;
    pthread_mutex_lock(&j->lock);
    const struct slot *sl;
    for (uint64_t i = 0; n < f.limit && j->nslots && (sl = visit(j, f.oldest_first, i)); i++) {
        if (matches(sl, &f)) {
            write_entry(&w, sl, scratch);
            n++;
        }
    }
    pthread_mutex_unlock(&j->lock);
    http_jw_array_end(&w);
    http_jw_object_end(&w);
    if (http_jw_reply(&w, res, 200) != RM_OK)
        http_res_error_json(req, res, 500, "out of memory");
}

/* Counts the entries that match f under the lock; forgets them too when forget is set
 * (ids go on rising: a cleared journal never reuses one). */
static int64_t sweep(struct ctl_journal *j, const struct filter *f, bool forget)
{
    int64_t n = 0;
    pthread_mutex_lock(&j->lock);
    for (size_t i = 0; i < j->nslots; i++) {
        if (matches(&j->slots[i], f)) {
            if (forget)
                j->slots[i].id = 0;
            n++;
        }
    }
    pthread_mutex_unlock(&j->lock);
    return n;
}

/* GET /__admin/requests/count (F-CTL-025) and DELETE /__admin/requests[?tenant=ID]
 * (F-CTL-026): the filter's entries counted, or forgotten. */
static void count_or_clear(struct http_req *req, struct http_res *res, bool clear)
{
    struct filter f;
    const char *problem = parse_filter(req, clear ? P_TENANT : P_FILTERS, &f);
    if (problem) {
        http_res_error_json(req, res, 400, problem);
        return;
    }
    long long n = (long long)sweep(ctl_journal_of(req->app), &f, clear);
    const char *body = clear
                           ? rm_arena_printf(&req->arena, "{\"status\":\"ok\",\"deleted\":%lld}", n)
                           : rm_arena_printf(&req->arena, "{\"count\":%lld}", n);
    if (body)
        http_res_set(res, 200, "application/json", body, strlen(body));
    else
        http_res_error_json(req, res, 500, "out of memory");
}

void ctl__journal_count(struct http_req *req, struct http_res *res)
{
    count_or_clear(req, res, false);
}

void ctl__journal_clear(struct http_req *req, struct http_res *res)
{
    count_or_clear(req, res, true);
}
