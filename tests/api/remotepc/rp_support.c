/*
 * Request and assertion helpers shared by the RemotePC API tests; see rp_support.h for what
 * each one asserts and returns, and who frees what.
 */
#include "rp_support.h"

#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct rp_context rp;

/* ------------------------------------------------------------------ cmocka fixtures */

int rp_group_setup(void **state)
{
    (void)state;
    rp.sim = tl_start("default");
    return 0;
}

int rp_group_teardown(void **state)
{
    (void)state;
    tl_stop(rp.sim);
    return 0;
}

int rp_fresh(void **state)
{
    (void)state;
    soft_begin(); /* mismatches of one test are collected, see soft_end() */
    rp.forbidden_word = rp.api_forbidden_word;
    char err[256];
    if (rmmsim_reset(rp.sim, "default", err, sizeof err) != 0) {
        fprintf(stderr, "reset: %s\n", err);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ soft mismatches */

/* On between soft_begin() and soft_end(); the mismatches counted meanwhile. */
static int rp_soft_on;
static size_t rp_soft_count;

void soft_begin(void)
{
    rp_soft_on = 1;
    rp_soft_count = 0;
}

void soft_end(void)
{
    rp_soft_on = 0;
    if (rp_soft_count)
        fail_msg("%zu mismatch(es), each printed above", rp_soft_count);
}

void rp_mismatch(const char *format, ...)
{
    char msg[900]; /* cmocka prints at most 1024 bytes per message */
    va_list ap;
    va_start(ap, format);
    vsnprintf(msg, sizeof msg, format, ap);
    va_end(ap);
    if (!rp_soft_on)
        fail_msg("%s", msg);
    print_error("mismatch: %s\n", msg);
    rp_soft_count++;
}

/* ------------------------------------------------------------------ requests to rp.sim */

void rp_http(const char *method, const char *path, const char *auth, const char *extra,
             const char *body, size_t body_len, struct tl_response *res)
{
    const char *headers[4] = {0};
    size_t n = 0;
    if (auth)
        headers[n++] = auth;
    if (extra)
        headers[n++] = extra;
    if (body && !(extra && strncasecmp(extra, "Content-Type:", 13) == 0))
        headers[n++] = "Content-Type: application/json";
    /* An explicit method: tl_do sends a GET with a body as a GET (as curl -X GET -d). */
    struct tl_request req = {.method = method, .path = path, .body = body, .body_len = body_len};
    for (size_t i = 0; i < n; i++)
        req.headers[i] = headers[i];
    tl_do(rp.sim, &req, res);
}

/* The "status" word rp_envelope() expects with an HTTP status. */
static const char *rp_status_word(long status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "BAD_REQUEST";
    case 401: return "UNAUTHORIZED";
    case 403: return rp.forbidden_word;
    case 404: return "NOT_FOUND";
    case 405: return "METHOD_NOT_ALLOWED";
    case 413: return "PAYLOAD_TOO_LARGE";
    default: return "INTERNAL_SERVER_ERROR";
    }
}

cJSON *rp_envelope(const struct tl_response *res, const char *what)
{
    char type[128];
    if (!tl_header(res, "Content-Type", type, sizeof type) ||
        strncmp(type, "application/json", 16) != 0 || (type[16] && type[16] != ';'))
        fail_msg("%s: Content-Type is %s, not application/json", what,
                 tl_header(res, "Content-Type", type, sizeof type) ? type : "(none)");
    cJSON *j = cJSON_ParseWithLength(res->body, res->body_len);
    if (!j || !cJSON_IsObject(j))
        fail_msg("%s: HTTP %ld body is not a JSON object: %.300s", what, res->status, res->body);
    const cJSON *k = j->child;
    if (!k || strcmp(k->string, "status") != 0 || !cJSON_IsString(k))
        fail_msg("%s: first key is not \"status\": %.300s", what, res->body);
    if (strcmp(k->valuestring, rp_status_word(res->status)) != 0)
        fail_msg("%s: HTTP %ld with status \"%s\" (want \"%s\")", what, res->status, k->valuestring,
                 rp_status_word(res->status));
    k = k->next;
    if (!k || strcmp(k->string, "code") != 0 || !cJSON_IsNumber(k) ||
        k->valuedouble != (double)res->status)
        fail_msg("%s: second key is not \"code\":%ld: %.300s", what, res->status, res->body);
    k = k->next;
    if (res->status == 200) {
        if (!k || strcmp(k->string, "message") != 0 || k->next)
            fail_msg("%s: a success must end with \"message\" alone: %.300s", what, res->body);
        return j;
    }
    if (!k || strcmp(k->string, "errorsCount") != 0 || !cJSON_IsNumber(k))
        fail_msg("%s: third key is not \"errorsCount\": %.300s", what, res->body);
    const cJSON *errors = k->next;
    if (!errors || strcmp(errors->string, "errors") != 0 || !cJSON_IsArray(errors) || errors->next)
        fail_msg("%s: \"errors\" must be the last key, an array: %.300s", what, res->body);
    if (k->valueint < 1 || cJSON_GetArraySize(errors) != k->valueint)
        fail_msg("%s: errorsCount %d for %d errors", what, k->valueint, cJSON_GetArraySize(errors));
    const cJSON *e;
    cJSON_ArrayForEach(e, errors)
    {
        if (!cJSON_IsObject(e) || !e->child || strcmp(e->child->string, "description") != 0 ||
            !cJSON_IsString(e->child) || e->child->next)
            fail_msg("%s: an error is not {\"description\":string}: %.300s", what, res->body);
    }
    return j;
}

char *rp_raw(const char *method, const char *path, const char *auth, const char *body, long *status)
{
    struct tl_response res;
    rp_http(method, path, auth, NULL, body, 0, &res);
    char what[300];
    snprintf(what, sizeof what, "%s %.200s", method, path);
    cJSON_Delete(rp_envelope(&res, what));
    *status = res.status;
    char *raw = res.body;
    free(res.headers);
    return raw;
}

cJSON *call(const char *method, const char *path, const char *key, const char *body, long *status)
{
    char auth[512];
    if (key)
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
    char *raw = rp_raw(method, path, key ? auth : NULL, body, status);
    cJSON *j = cJSON_Parse(raw);
    free(raw);
    return j;
}

void expect_raw(const char *method, const char *path, const char *key, const char *body,
                long want_status, const char *want)
{
    char auth[512];
    if (key)
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
    long status;
    char *raw = rp_raw(method, path, key ? auth : NULL, body, &status);
    if (status != want_status || strcmp(raw, want) != 0)
        rp_mismatch("%s %s %.200s\n      want %ld %s\n      got  %ld %.600s", method, path,
                    body ? body : "", want_status, want, status, raw);
    free(raw);
}

void expect_errors_in(const cJSON *j, long status, long want_status, const char *const *descs,
                      const char *label)
{
    char got[2048];
    char *printed = cJSON_PrintUnformatted(j);
    snprintf(got, sizeof got, "%ld %.500s", status, printed ? printed : "?");
    free(printed);
    if (status != want_status) {
        rp_mismatch("%s: want HTTP %ld, got %s", label, want_status, got);
        return;
    }
    const cJSON *errors = cJSON_GetObjectItemCaseSensitive(j, "errors");
    const cJSON *count = cJSON_GetObjectItemCaseSensitive(j, "errorsCount");
    size_t n = 0;
    while (descs[n])
        n++;
    if (!errors || !count || cJSON_GetArraySize(errors) != (int)n || count->valueint != (int)n) {
        rp_mismatch("%s: want %zu error(s) (first \"%s\"), got %s", label, n, descs[0], got);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        const cJSON *d =
            cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(errors, (int)i), "description");
        if (strcmp(d->valuestring, descs[i]) != 0) {
            rp_mismatch("%s: errors[%zu] want \"%s\", got %s", label, i, descs[i], got);
            return;
        }
    }
}

void expect_errors(const char *method, const char *path, const char *key, const char *body,
                   long want_status, const char *const *descs)
{
    long status;
    cJSON *j = call(method, path, key, body, &status);
    char label[600];
    snprintf(label, sizeof label, "%s %s %.400s", method, path, body ? body : "");
    expect_errors_in(j, status, want_status, descs, label);
    cJSON_Delete(j);
}

cJSON *ok_message(const char *method, const char *path, const char *key, const char *body)
{
    long status;
    cJSON *j = call(method, path, key, body, &status);
    if (status != 200) {
        char *p = cJSON_PrintUnformatted(j);
        fail_msg("%s %s %.300s: want 200, got %ld %s", method, path, body ? body : "", status, p);
    }
    cJSON *m = cJSON_DetachItemFromObjectCaseSensitive(j, "message");
    cJSON_Delete(j);
    return m;
}

/* ------------------------------------------------------------------ JSON and strings */

cJSON *find_by(const cJSON *array, const char *key, const char *value)
{
    cJSON *e;
    cJSON_ArrayForEach(e, array)
    {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);
        if (cJSON_IsString(v) && strcmp(v->valuestring, value) == 0)
            return e;
    }
    return NULL;
}

void expect_keys(const cJSON *obj, const char *const *keys, const char *label)
{
    const cJSON *k = obj ? obj->child : NULL;
    for (size_t i = 0; keys[i]; i++, k = k->next) {
        if (!k || strcmp(k->string, keys[i]) != 0) {
            char *p = cJSON_PrintUnformatted(obj);
            fail_msg("%s: key %zu want \"%s\": %.400s", label, i, keys[i], p);
        }
    }
    if (k) {
        char *p = cJSON_PrintUnformatted(obj);
        fail_msg("%s: extra key \"%s\": %.400s", label, k->string, p);
    }
}

char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = malloc(len * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

char *fmt(const char *format, ...)
{
    va_list ap, ap2;
    va_start(ap, format);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, format, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, format, ap2);
    va_end(ap2);
    return s;
}

/* ------------------------------------------------------------------ raw curl, no failure */

/* A growing response body (rp_send_to's curl write callback). */
struct rp_buf {
    char *data;
    size_t len;
};

static size_t rp_sink(char *p, size_t size, size_t n, void *userdata)
{
    struct rp_buf *b = userdata;
    size_t len = size * n;
    char *grown = realloc(b->data, b->len + len + 1);
    if (!grown)
        return 0;
    memcpy(grown + b->len, p, len);
    b->len += len;
    grown[b->len] = '\0';
    b->data = grown;
    return len;
}

/* depth nested arrays: [[[...]]] */
static char *nested_arrays(size_t depth)
{
    char *s = malloc(2 * depth + 1);
    memset(s, '[', depth);
    memset(s + depth, ']', depth);
    s[2 * depth] = '\0';
    return s;
}

CURLcode rp_send_to(const char *base, const char *method, const char *path, const char *auth,
                    const char *body, long *status, char **raw)
{
    CURL *c = curl_easy_init();
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base, path);
    struct curl_slist *list = NULL;
    if (auth)
        list = curl_slist_append(list, auth);
    list = curl_slist_append(list, "Content-Type: application/json");
    struct rp_buf b = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, rp_sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, status);
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    *raw = b.data ? b.data : strdup("");
    return rc;
}

void deep_nesting_on(const char *method, const char *path, const char *auth, const char *want)
{
    static const size_t depths[] = {100, 500, 799, 800, 999, 1000, 1001, 100000};
    const char *args[] = {"--listen", "127.0.0.1:0", "--log-level", "off", NULL};
    struct tl_proc p = {0};
    tl_spawn(args, NULL, &p);
    long status = 0;
    char *empty_reply, *shallow_reply;
    assert_int_equal(rp_send_to(p.base_url, method, path, auth, "{}", &status, &empty_reply),
                     CURLE_OK);
    assert_int_equal(rp_send_to(p.base_url, method, path, auth, "[[]]", &status, &shallow_reply),
                     CURLE_OK);
    for (size_t i = 0; i < sizeof depths / sizeof depths[0]; i++) {
        char *arrays = nested_arrays(depths[i]);
        char *in_object = fmt("{\"x\":%s}", arrays);
        const char *bodies[] = {arrays, in_object};
        for (size_t b = 0; b < 2; b++) {
            char *raw;
            CURLcode rc = rp_send_to(p.base_url, method, path, auth, bodies[b], &status, &raw);
            if (rc != CURLE_OK) {
                int exit_status = tl_proc_stop(&p, SIGKILL);
                rp_mismatch("%s %s with %zu nested arrays%s: no reply (%s); rmmsim ended with "
                            "status %d (%s)",
                            method, path, depths[i], b ? " as a field value" : "",
                            curl_easy_strerror(rc), exit_status,
                            exit_status == 128 + SIGSEGV ? "SIGSEGV"
                                                         : "an abnormal exit, e.g. a sanitizer's");
                free(raw);
                free(in_object);
                free(arrays);
                free(empty_reply);
                free(shallow_reply);
                return;
            }
            int ok = b == 0 ? status == 400 &&
                                  (strcmp(raw, want) == 0 || strcmp(raw, shallow_reply) == 0)
                            : strcmp(raw, want) == 0 || strcmp(raw, empty_reply) == 0;
            if (!ok)
                rp_mismatch("%s %s with %zu nested arrays%s: %ld %.300s", method, path, depths[i],
                            b ? " as a field value" : "", status, raw);
            free(raw);
        }
        free(in_object);
        free(arrays);
    }
    free(empty_reply);
    free(shallow_reply);
    char *raw;
    assert_int_equal(rp_send_to(p.base_url, "GET", "/__admin/health", NULL, NULL, &status, &raw),
                     CURLE_OK);
    assert_int_equal(status, 200);
    free(raw);
    assert_int_equal(tl_proc_stop(&p, SIGTERM), 0);
}

/* One thread of race(): its request and, after the join, its result. */
struct rp_race {
    const char *method, *path, *auth, *body;
    pthread_barrier_t *start;
    long status;
    char *raw;
};

static void *rp_race_worker(void *arg)
{
    struct rp_race *r = arg;
    pthread_barrier_wait(r->start);
    if (rp_send_to(rmmsim_base_url(rp.sim), r->method, r->path, r->auth, r->body, &r->status,
                   &r->raw) != CURLE_OK)
        r->status = 0;
    return NULL;
}

void race(const char *method, const char *path, const char *auth, const char *body, size_t n,
          long *statuses, char **raws)
{
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)n);
    struct rp_race r[16];
    pthread_t t[16];
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        r[i] = (struct rp_race){method, path, auth, body, &start, 0, NULL};
        assert_int_equal(pthread_create(&t[i], NULL, rp_race_worker, &r[i]), 0);
    }
    for (size_t i = 0; i < n; i++) {
        pthread_join(t[i], NULL);
        statuses[i] = r[i].status;
        raws[i] = r[i].raw;
    }
    pthread_barrier_destroy(&start);
}

size_t race_count(size_t n, const long *statuses, char *const *raws, long status, const char *body)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += statuses[i] == status && (!body || strcmp(raws[i], body) == 0);
    return k;
}
