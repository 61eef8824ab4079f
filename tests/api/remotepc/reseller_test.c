/*
 * RemotePC Reseller API (seed 001_9a8501fd347b87e5.txt, /rpc-api/reseller/private/user/...)
 * over real HTTP against the "default" fixture: every documented description string reached
 * by a real request, the reply envelope, the sign-in link, state shared with the Enterprise
 * API, and bad input. Each test that pins a decision of docs/fidelity.md names its id.
 *
 * Every reply goes through rp_envelope(): Content-Type application/json, keys status, code,
 * message / errorsCount, errors in that order, code == HTTP status, errorsCount == number of
 * errors, and the Reseller 403 status word "Forbidden" (F-RP-003). The request helpers are
 * the same as in enterprise_test.c (each test file is one translation unit).
 */
#include "testlib.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ request helpers
 * (the same in enterprise_test.c and reseller_test.c) */

/* The server all tests of a file talk to (started once per group, reset per test). */
static struct rmmsim *sim;

/* The status word of a 403 differs between the APIs (F-RP-003). */
static const char *rp_forbidden_word = "FORBIDDEN";

#define RP_UNUSED __attribute__((unused))
#define ERRS(...) ((const char *const[]){__VA_ARGS__, NULL})
/* The same inside static tables (fields of type const char *[6]). */
#define E(...)                                                                                     \
    {                                                                                              \
        __VA_ARGS__                                                                                \
    }

/* Soft mode: between soft_begin() (each test's setup) and soft_end() (each test's last
 * statement), a mismatch found by expect_raw/expect_errors/rp_mismatch is printed and counted
 * instead of ending the test, so one run reports every wrong row of a table. A hard assertion
 * still ends the test at once; the mismatches before it are already printed. */
static int rp_soft_on;
static size_t rp_soft_count;

static RP_UNUSED void soft_begin(void)
{
    rp_soft_on = 1;
    rp_soft_count = 0;
}

static RP_UNUSED void soft_end(void)
{
    rp_soft_on = 0;
    if (rp_soft_count)
        fail_msg("%zu mismatch(es), each printed above", rp_soft_count);
}

static RP_UNUSED void rp_mismatch(const char *format, ...) __attribute__((format(printf, 1, 2)));
static RP_UNUSED void rp_mismatch(const char *format, ...)
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

struct rp_buf {
    char *data;
    size_t len;
};

static RP_UNUSED size_t rp_sink(char *p, size_t size, size_t n, void *userdata)
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

static RP_UNUSED size_t rp_header_sink(char *p, size_t size, size_t n, void *userdata)
{
    struct rp_buf *b = userdata;
    if (size * n > 5 && strncmp(p, "HTTP/", 5) == 0)
        b->len = 0; /* keep only the final response's headers */
    return rp_sink(p, size, n, userdata);
}

/* GET with a JSON body, as curl -X GET -d sends it. tl_do would turn a GET with a body into
 * a POST (it sets CURLOPT_POSTFIELDS without CURLOPT_CUSTOMREQUEST for GET). */
static RP_UNUSED void rp_get_with_body(const char *path, const char *const *headers,
                                       const char *body, struct tl_response *res)
{
    CURL *c = curl_easy_init();
    assert_non_null(c);
    char url[4096];
    snprintf(url, sizeof url, "%s%s", rmmsim_base_url(sim), path);
    struct curl_slist *list = NULL;
    for (size_t i = 0; headers[i]; i++)
        list = curl_slist_append(list, headers[i]);
    struct rp_buf b = {0}, h = {0};
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "GET");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, rp_sink);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, rp_header_sink);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &h);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(list);
    if (rc != CURLE_OK)
        fail_msg("GET %s with body: %s", path, curl_easy_strerror(rc));
    memset(res, 0, sizeof *res);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
    curl_easy_cleanup(c);
    res->body = b.data ? b.data : strdup("");
    res->body_len = b.len;
    res->headers = h.data ? h.data : strdup("");
}

/* One request. auth is a whole "Authorization: ..." line (NULL: none); extra one more
 * header line (NULL: none). A body is sent as application/json. */
static RP_UNUSED void rp_http(const char *method, const char *path, const char *auth,
                              const char *extra, const char *body, size_t body_len,
                              struct tl_response *res)
{
    const char *headers[4] = {0};
    size_t n = 0;
    if (auth)
        headers[n++] = auth;
    if (extra)
        headers[n++] = extra;
    if (body && !(extra && strncasecmp(extra, "Content-Type:", 13) == 0))
        headers[n++] = "Content-Type: application/json";
    if (body && strcmp(method, "GET") == 0) {
        rp_get_with_body(path, headers, body, res);
        return;
    }
    struct tl_request req = {.method = method, .path = path, .body = body, .body_len = body_len};
    for (size_t i = 0; i < n; i++)
        req.headers[i] = headers[i];
    tl_do(sim, &req, res);
}

static RP_UNUSED const char *rp_status_word(long status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "BAD_REQUEST";
    case 401: return "UNAUTHORIZED";
    case 403: return rp_forbidden_word;
    case 404: return "NOT_FOUND";
    case 405: return "METHOD_NOT_ALLOWED";
    case 413: return "PAYLOAD_TOO_LARGE";
    default: return "INTERNAL_SERVER_ERROR";
    }
}

/* The checks every RemotePC reply must pass; returns the parsed body. */
static RP_UNUSED cJSON *rp_envelope(const struct tl_response *res, const char *what)
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

/* A request whose reply must be a RemotePC envelope: returns the raw body (free it). */
static RP_UNUSED char *rp_raw(const char *method, const char *path, const char *auth,
                              const char *body, long *status)
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

/* Same with "Authorization: Bearer key" (NULL: no header); returns the parsed body. */
static RP_UNUSED cJSON *call(const char *method, const char *path, const char *key,
                             const char *body, long *status)
{
    char auth[512];
    if (key)
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", key);
    char *raw = rp_raw(method, path, key ? auth : NULL, body, status);
    cJSON *j = cJSON_Parse(raw);
    free(raw);
    return j;
}

/* The raw body must be exactly want. */
static RP_UNUSED void expect_raw(const char *method, const char *path, const char *key,
                                 const char *body, long want_status, const char *want)
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

/* j is an error envelope with HTTP want_status and exactly the descriptions descs, in order. */
static RP_UNUSED void expect_errors_in(const cJSON *j, long status, long want_status,
                                       const char *const *descs, const char *label)
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

static RP_UNUSED void expect_errors(const char *method, const char *path, const char *key,
                                    const char *body, long want_status, const char *const *descs)
{
    long status;
    cJSON *j = call(method, path, key, body, &status);
    char label[600];
    snprintf(label, sizeof label, "%s %s %.400s", method, path, body ? body : "");
    expect_errors_in(j, status, want_status, descs, label);
    cJSON_Delete(j);
}

/* The reply is 200 and its message is returned (a detached copy; cJSON_Delete it). */
static RP_UNUSED cJSON *ok_message(const char *method, const char *path, const char *key,
                                   const char *body)
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

/* The element of array whose string member key equals value (exactly), or NULL. */
static RP_UNUSED cJSON *find_by(const cJSON *array, const char *key, const char *value)
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

/* The object's keys are exactly keys (NULL-terminated), in that order. */
static RP_UNUSED void expect_keys(const cJSON *obj, const char *const *keys, const char *label)
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

/* n copies of unit, concatenated (malloc). */
static RP_UNUSED char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = malloc(len * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

/* printf into a malloc'd string. */
static RP_UNUSED char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
static RP_UNUSED char *fmt(const char *format, ...)
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

/* depth nested arrays: [[[...]]] */
static RP_UNUSED char *nested_arrays(size_t depth)
{
    char *s = malloc(2 * depth + 1);
    memset(s, '[', depth);
    memset(s + depth, ']', depth);
    s[2 * depth] = '\0';
    return s;
}

/* One request to a spawned rmmsim (base URL): unlike tl_do_url, a dead server is a result
 * (the curl error), not a failure, so the caller can report how the server ended. */
static RP_UNUSED CURLcode rp_send_to(const char *base, const char *method, const char *path,
                                     const char *auth, const char *body, long *status, char **raw)
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

/* Sends nested arrays (at several depths) to method path of a freshly spawned rmmsim, as
 * the whole body and as the value of an unknown field. The whole body must get want (the
 * API's bad-body reply) or the reply to the shallow "[[]]" (depth must not change the
 * answer); inside an object, the reply must be want or the reply to "{}"
 * (unknown fields are ignored, F-RP-007; refusing very deep JSON is also fine). Either way
 * the server must answer afterwards. A crash is a mismatch (with the exit status) rather
 * than the end of this test program. */
static RP_UNUSED void deep_nesting_on(const char *method, const char *path, const char *auth,
                                      const char *want)
{
    static const size_t depths[] = {100, 500, 799, 800, 999, 1000, 1001, 100000};
    const char *args[] = {"--listen", "127.0.0.1:0", "--log-level", "off", NULL};
    struct tl_proc p = { 0 };
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

/* n copies of one request sent at the same moment from n threads (each with its own curl
 * handle); statuses and bodies per thread (free the bodies). A transport error is status 0. */
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
    if (rp_send_to(rmmsim_base_url(sim), r->method, r->path, r->auth, r->body, &r->status,
                   &r->raw) != CURLE_OK)
        r->status = 0;
    return NULL;
}

static RP_UNUSED void race(const char *method, const char *path, const char *auth, const char *body,
                           size_t n, long *statuses, char **raws)
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

/* How many of the n race results are (status, body). */
static RP_UNUSED size_t race_count(size_t n, const long *statuses, char *const *raws, long status,
                                   const char *body)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += statuses[i] == status && (!body || strcmp(raws[i], body) == 0);
    return k;
}

/* ------------------------------------------------------------------ Reseller specifics */

#define R "/rpc-api/reseller/private/user/"
#define RKEY "demo-reseller-key"
#define ENT "/rpcnew/api/msp/"
#define EKEY "demo-enterprise-key"
#define DOM "@demo-reseller.example"
#define ACTIVE "active.user" DOM
#define INVITED "invited.user" DOM
#define CANCELLED "cancelled.user" DOM
#define SUSPENDED "suspended.user" DOM
#define BLOCKED "blocked.user" DOM
#define JOHN "john.doe@demo-enterprise.example"
#define OTHER_USER "other.reseller.user@other-reseller.example"
#define PASSWORD "Passw0rd!"
#define SUCCESS "{\"status\":\"OK\",\"code\":200,\"message\":\"SUCCESS\"}"
#define INVALID_REQUEST                                                                            \
    "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":[{\"description\":"     \
    "\"INVALID_REQUEST\"}]}"
#define NOT_AUTHORIZED                                                                             \
    "{\"status\":\"UNAUTHORIZED\",\"code\":401,\"errorsCount\":1,\"errors\":[{\"description\":"    \
    "\"NOT_AUTHORIZED\"}]}"
#define FORBIDDEN                                                                                  \
    "{\"status\":\"Forbidden\",\"code\":403,\"errorsCount\":1,\"errors\":[{\"description\":"       \
    "\"Forbidden\"}]}"

static const struct endpoint {
    const char *path, *body; /* a body that is well-formed for the endpoint */
} endpoints[] = {
    {R "add", "{}"},
    {R "invite", "[]"},
    {R "signin", "{}"},
    {R "list", "{}"},
};
#define NENDPOINTS (sizeof endpoints / sizeof endpoints[0])

static int group_setup(void **state)
{
    (void)state;
    sim = tl_start("default");
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    tl_stop(sim);
    return 0;
}

static int fresh(void **state)
{
    (void)state;
    soft_begin(); /* mismatches of one test are collected, see soft_end() */
    rp_forbidden_word = "Forbidden";
    char err[256];
    if (rmmsim_reset(sim, "default", err, sizeof err) != 0) {
        fprintf(stderr, "reset: %s\n", err);
        return -1;
    }
    return 0;
}

/* The reseller list's entries (a copy; cJSON_Delete it). */
static cJSON *users_of(const char *key)
{
    cJSON *m = ok_message("POST", R "list", key, "{}");
    expect_keys(m, ERRS("resellerUsersList"), "list message");
    cJSON *users = cJSON_DetachItemFromObject(m, "resellerUsersList");
    cJSON_Delete(m);
    assert_true(cJSON_IsArray(users));
    return users;
}

/* The list entry of username in Demo Reseller (a copy), or NULL. */
static cJSON *entry(const char *username)
{
    cJSON *users = users_of(RKEY);
    cJSON *e = find_by(users, "username", username);
    e = e ? cJSON_Duplicate(e, 1) : NULL;
    cJSON_Delete(users);
    return e;
}

static int count_users(const char *key)
{
    cJSON *users = users_of(key);
    int n = cJSON_GetArraySize(users);
    cJSON_Delete(users);
    return n;
}

static int number(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!cJSON_IsNumber(v))
        fail_msg("%s is not a number", name);
    return v->valueint;
}

static int utilized(const char *username)
{
    cJSON *e = entry(username);
    if (!e)
        fail_msg("%s not in the reseller list", username);
    int n = number(e, "utilized_computers");
    cJSON_Delete(e);
    return n;
}

/* MM-DD-YYYY with a plausible month and day. */
static int is_mm_dd_yyyy(const char *s)
{
    if (strlen(s) != 10 || s[2] != '-' || s[5] != '-')
        return 0;
    for (size_t i = 0; i < 10; i++)
        if (i != 2 && i != 5 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int month = (s[0] - '0') * 10 + (s[1] - '0'), day = (s[3] - '0') * 10 + (s[4] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static const char *const ENTRY_KEYS[] = {"alloted_computers",  "created_date", "isActive",
                                         "utilized_computers", "username",     NULL};

static void check_entry(const cJSON *e)
{
    expect_keys(e, ENTRY_KEYS, "resellerUsersList entry (seed sample keys and order)");
    const char *who = cJSON_GetObjectItem(e, "username")->valuestring;
    if (!cJSON_IsNumber(cJSON_GetObjectItem(e, "alloted_computers")) ||
        !cJSON_IsNumber(cJSON_GetObjectItem(e, "utilized_computers")) ||
        !cJSON_IsBool(cJSON_GetObjectItem(e, "isActive")) ||
        !cJSON_IsString(cJSON_GetObjectItem(e, "created_date")))
        fail_msg("entry %s has a member of the wrong type", who);
    if (!is_mm_dd_yyyy(cJSON_GetObjectItem(e, "created_date")->valuestring))
        fail_msg("entry %s: created_date \"%s\" is not MM-DD-YYYY", who,
                 cJSON_GetObjectItem(e, "created_date")->valuestring);
}

/* Signs username in; returns the link's path on this server (malloc). */
static char *signin_path(const char *username, const char *password)
{
    char *body = fmt("{\"username\":\"%s\",\"password\":\"%s\"}", username, password);
    cJSON *m = ok_message("POST", R "signin", RKEY, body);
    free(body);
    expect_keys(m, ERRS("rpc_redirect_link"), "signin message");
    const char *link = cJSON_GetObjectItem(m, "rpc_redirect_link")->valuestring;
    const char *base = rmmsim_base_url(sim);
    char *prefix = fmt("%s/rpcnew/process/autologin/", base);
    if (strncmp(link, prefix, strlen(prefix)) != 0 || strlen(link) == strlen(prefix))
        fail_msg("rpc_redirect_link %s is not a link under %s", link, prefix);
    free(prefix);
    char *path = strdup(link + strlen(base));
    cJSON_Delete(m);
    return path;
}

/* Follows a link: its status, and the X-Rmmsim-Username header into user (may be NULL). */
static long follow(const char *path, char *user, size_t size)
{
    struct tl_response res;
    tl_get(sim, path, &res);
    long status = res.status;
    if (user && !tl_header(&res, "X-Rmmsim-Username", user, size))
        user[0] = '\0';
    tl_response_free(&res);
    return status;
}

/* ------------------------------------------------------------------ auth and routing */

/* F-RP-002: a missing, malformed or unknown key, or an Enterprise key, is 401 NOT_AUTHORIZED
 * (the list: UNAUTHORIZED_ACCESS), whatever the body. */
static void missing_or_bad_key_is_401(void **state)
{
    (void)state;
    static const char *const auths[] = {
        NULL,
        "Authorization: Bearer",
        "Authorization: Bearer ",
        "Authorization: Basic x",
        "Authorization: demo-reseller-key",
        "Authorization: Bearer no-such-key",
        "Authorization: Bearer demo-reseller-key2",
        "Authorization: Bearer demo-enterprise-key",
        "Authorization: Bearer demo-enterprise-sso-key",
        "Authorization: Bearer demo-enterprise-ipallowed-key",
    };
    static const char list_want[] =
        "{\"status\":\"UNAUTHORIZED\",\"code\":401,\"errorsCount\":1,\"errors\":[{"
        "\"description\":\"UNAUTHORIZED_ACCESS\"}]}";
    for (size_t e = 0; e < NENDPOINTS; e++) {
        const char *want = strcmp(endpoints[e].path, R "list") == 0 ? list_want : NOT_AUTHORIZED;
        for (size_t a = 0; a < sizeof auths / sizeof auths[0]; a++) {
            const char *bodies[] = {endpoints[e].body, "not json"};
            for (size_t b = 0; b < 2; b++) {
                long status;
                char *raw = rp_raw("POST", endpoints[e].path, auths[a], bodies[b], &status);
                if (status != 401 || strcmp(raw, want) != 0)
                    rp_mismatch("POST %s %s with [%s]: %ld %s", endpoints[e].path, bodies[b],
                                auths[a] ? auths[a] : "no Authorization", status, raw);
                free(raw);
            }
        }
    }
    /* the reverse: a Reseller key on the Enterprise API */
    rp_forbidden_word = "FORBIDDEN";
    expect_raw("GET", ENT "user/list", RKEY, NULL, 401,
               "{\"status\":\"UNAUTHORIZED\",\"code\":401,\"errorsCount\":1,\"errors\":[{"
               "\"description\":\"Invalid user\"}]}");
    rp_forbidden_word = "Forbidden";
    soft_end();
}

/* F-RP-003: outside the allowlist, exactly the seed's Forbidden body; X-Forwarded-For is
 * ignored; checked after the key and before the body. */
static void ip_allowlist(void **state)
{
    (void)state;
    for (size_t e = 0; e < NENDPOINTS; e++) {
        expect_raw("POST", endpoints[e].path, "demo-reseller-iplocked-key", endpoints[e].body, 403,
                   FORBIDDEN);
        expect_raw("POST", endpoints[e].path, "demo-reseller-iplocked-key", "not json", 403,
                   FORBIDDEN);
    }
    struct tl_response res;
    rp_http("POST", R "list", "Authorization: Bearer demo-reseller-iplocked-key",
            "X-Forwarded-For: 203.0.113.10", "{}", 0, &res);
    cJSON_Delete(rp_envelope(&res, "X-Forwarded-For"));
    assert_int_equal(res.status, 403);
    assert_string_equal(res.body, FORBIDDEN);
    tl_response_free(&res);
    /* nothing was added through the locked key */
    expect_raw("POST", R "add", "demo-reseller-iplocked-key",
               "{\"firstName\":\"Lock\",\"lastName\":\"Ed\",\"invitedUserEmailId\":"
               "\"lock.ed@example.com\",\"password\":\"Secret1!\"}",
               403, FORBIDDEN);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* F-CORE-004, F-RP-008; reference 4.2 (route, method, key, allowlist, body). */
static void routing_errors(void **state)
{
    (void)state;
    static const char *const unknown[] = {
        R "nope", R "List", R "list/extra", R "delete", R "add/", R,
    };
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        const char *keys[] = {RKEY, NULL};
        for (size_t k = 0; k < 2; k++) {
            long status;
            cJSON *j = call("POST", unknown[i], keys[k], "{}", &status);
            if (status != 404)
                rp_mismatch("POST %s (%s): want 404, got %ld", unknown[i],
                            keys[k] ? "key" : "no key", status);
            cJSON_Delete(j);
        }
    }
    static const char *const posts[] = {R "add", R "invite", R "signin", R "list"};
    for (size_t i = 0; i < 4; i++) {
        struct tl_response res;
        rp_http("GET", posts[i], NULL, NULL, NULL, 0, &res);
        cJSON_Delete(rp_envelope(&res, posts[i]));
        char allow[64];
        assert_int_equal(res.status, 405);
        assert_non_null(tl_header(&res, "Allow", allow, sizeof allow));
        assert_string_equal(allow, "POST");
        tl_response_free(&res);
    }
    expect_errors("POST", R "add", NULL, "not json", 401, ERRS("NOT_AUTHORIZED"));
    soft_end();
}

/* ------------------------------------------------------------------ add */

/* Seed 001 section 1: SUCCESS, then listed (F-RP-067 list); the new user can sign in. */
static void add_user(void **state)
{
    (void)state;
    expect_raw("POST", R "add", RKEY,
               "{\n\"firstName\": \"firstname\",\n\"lastName\": \"lastname\",\n"
               "\"invitedUserEmailId\": \"shane@idrive.example\",\n\"password\": \"password\",\n"
               "\"allotedComputers\": 1,\n\"sendEmailToUser\": true\n}",
               200, SUCCESS);
    cJSON *e = entry("shane@idrive.example");
    assert_non_null(e);
    check_entry(e);
    assert_int_equal(number(e, "alloted_computers"), 1);
    assert_int_equal(number(e, "utilized_computers"), 0);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(e, "isActive")));
    cJSON_Delete(e);
    assert_int_equal(count_users(RKEY), 11);
    assert_int_equal(count_users("demo-reseller-other-key"), 1);

    char *path = signin_path("shane@idrive.example", "password");
    char user[256];
    assert_int_equal(follow(path, user, sizeof user), 200);
    assert_string_equal(user, "shane@idrive.example");
    free(path);

    /* optional fields: default 0, numeric strings (F-RP-007), boolean spellings */
    static const struct {
        const char *email, *extra;
        int alloted;
    } ok[] = {
        {"opt1@example.com", "", 0},
        {"opt2@example.com", ",\"allotedComputers\":\"3\"", 3},
        {"opt3@example.com", ",\"allotedComputers\":0,\"sendEmailToUser\":false", 0},
        {"opt4@example.com", ",\"sendEmailToUser\":\"true\"", 0},
        {"opt5@example.com", ",\"sendEmailToUser\":\"false\"", 0},
        {"opt6@example.com", ",\"sendEmailToUser\":1", 0},
        {"opt7@example.com", ",\"sendEmailToUser\":0,\"allotedComputers\":425", 425},
        {"Opt8.Mixed@Example.COM", ",\"unknownField\":[1]", 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        char *body = fmt("{\"firstName\":\"Opt\",\"lastName\":\"Ional\",\"invitedUserEmailId\":"
                         "\"%s\",\"password\":\"abc123\"%s}",
                         ok[i].email, ok[i].extra);
        expect_raw("POST", R "add", RKEY, body, 200, SUCCESS);
        free(body);
    }
    cJSON *users = users_of(RKEY);
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        const cJSON *u = find_by(users, "username", ok[i].email); /* as stored (4.4) */
        if (!u)
            fail_msg("%s not listed", ok[i].email);
        check_entry(u);
        assert_int_equal(number(u, "alloted_computers"), ok[i].alloted);
    }
    assert_int_equal(cJSON_GetArraySize(users), 11 + (int)(sizeof ok / sizeof ok[0]));
    cJSON_Delete(users);
    soft_end();
}

/* Seed 001 section 1; F-RP-010 (all rules, field order), F-RP-060 (password rule),
 * F-RP-061 (optional fields), reference 4.1 (null or white space is missing). */
static void add_rules(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *errs[6];
    } rules[] = {
        {"{}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"firstName\":\"\",\"lastName\":\"\",\"invitedUserEmailId\":\"\",\"password\":\"\"}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"firstName\":null,\"lastName\":null,\"invitedUserEmailId\":null,\"password\":null}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"firstName\":\"  \",\"lastName\":\"\\t\",\"invitedUserEmailId\":\" \",\"password\":\"  "
         " \"}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        /* the Enterprise field names are not the Reseller's */
        {"{\"firstname\":\"A\",\"lastname\":\"B\",\"username\":\"ab@example.com\",\"password\":"
         "\"Secret1!\"}",
         E("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED")},
        {"{\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\",\"password\":\"Secret1!\"}",
         E("FIRSTNAME_REQUIRED")},
        {"{\"firstName\":\"A\",\"invitedUserEmailId\":\"ab@example.com\",\"password\":\"Secret1!"
         "\"}",
         E("LASTNAME_REQUIRED")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"password\":\"Secret1!\"}",
         E("EMAILID_REQUIRED")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\"}",
         E("PASSWORD_REQUIRED")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"bad\",\"password\":"
         "\"Secret1!\"}",
         E("ENTER_VALID_EMAIL")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"shane@myworld\","
         "\"password\":\"Secret1!\"}",
         E("ENTER_VALID_EMAIL")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"a "
         "b@example.com\",\"password\":\"Secret1!\"}",
         E("ENTER_VALID_EMAIL")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"'; DROP TABLE "
         "rp_reseller_user; --\",\"password\":\"Secret1!\"}",
         E("ENTER_VALID_EMAIL")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abcde\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abcdefghij0123456789X\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abc:defg\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abc defg\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"abc\\\\defg\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"p\xc3\xa4sswort\"}",
         E("INVALID_PASSWORD")},
        {"{\"firstName\":\"\",\"lastName\":\"B\",\"invitedUserEmailId\":\"bad\",\"password\":"
         "\"abc\"}",
         E("FIRSTNAME_REQUIRED", "ENTER_VALID_EMAIL", "INVALID_PASSWORD")},
        /* F-RP-061 */
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":-1}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":\"abc\"}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":1.5}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":[1]}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"allotedComputers\":1e300}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"sendEmailToUser\":\"yes\"}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"sendEmailToUser\":2}",
         E("INVALID_REQUEST")},
        {"{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
         "\"password\":\"Secret1!\",\"sendEmailToUser\":{}}",
         E("INVALID_REQUEST")},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        expect_errors("POST", R "add", RKEY, rules[i].body, 400, rules[i].errs);
    expect_raw("POST", R "add", RKEY,
               "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"ab@example.com\","
               "\"password\":\"abc\"}",
               400,
               "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":[{"
               "\"description\":\"INVALID_PASSWORD\"}]}");
    assert_int_equal(count_users(RKEY), 10);
    assert_null(entry("ab@example.com"));
    /* both ends of the password length are allowed */
    expect_raw("POST", R "add", RKEY,
               "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"six@example.com\","
               "\"password\":\"abc123\"}",
               200, SUCCESS);
    expect_raw(
        "POST", R "add", RKEY,
        "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"twenty@example.com\","
        "\"password\":\"~`!@#$%^&*()-_+={}|[\"}",
        200, SUCCESS);
    expect_raw(
        "POST", R "add", RKEY,
        "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"quotes@example.com\","
        "\"password\":\"];'\\\"<>,.?/x\"}",
        200, SUCCESS);
    assert_int_equal(count_users(RKEY), 13);
    soft_end();
}

/* Seed 001 section 1: EMAIL_EXISTS, also in another letter case. */
static void add_email_exists(void **state)
{
    (void)state;
    static const char *const taken[] = {ACTIVE, "ACTIVE.USER@Demo-Reseller.Example", JOHN,
                                        "John.Doe@DEMO-ENTERPRISE.EXAMPLE"};
    for (size_t i = 0; i < sizeof taken / sizeof taken[0]; i++) {
        char *body = fmt("{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"%s\","
                         "\"password\":\"Secret1!\"}",
                         taken[i]);
        expect_raw("POST", R "add", RKEY, body, 400,
                   "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":[{"
                   "\"description\":\"EMAIL_EXISTS\"}]}");
        free(body);
    }
    const char *body = "{\"firstName\":\"New\",\"lastName\":\"Person\",\"invitedUserEmailId\":"
                       "\"new.person@example.com\",\"password\":\"Secret1!\"}";
    expect_raw("POST", R "add", RKEY, body, 200, SUCCESS);
    expect_errors("POST", R "add", RKEY, body, 400, ERRS("EMAIL_EXISTS"));
    expect_errors("POST", R "add", RKEY,
                  "{\"firstName\":\"New\",\"lastName\":\"Person\",\"invitedUserEmailId\":"
                  "\"NEW.Person@Example.com\",\"password\":\"Secret1!\"}",
                  400, ERRS("EMAIL_EXISTS"));
    assert_int_equal(count_users(RKEY), 11);
    cJSON *e = entry(ACTIVE);
    assert_int_equal(number(e, "alloted_computers"), 5); /* the refused add changed nothing */
    cJSON_Delete(e);
    soft_end();
}

/* ------------------------------------------------------------------ invite */

/* Seed 001 section 2; F-RP-062, F-RP-063. */
static void invite_users(void **state)
{
    (void)state;
    expect_raw("POST", R "invite", RKEY,
               "[{\"invitedUserEmailId\":\"new.one@example.com\",\"allotedComputers\":10},"
               "{\"invitedUserEmailId\":\"" INVITED "\"},"
               "{\"invitedUserEmailId\":\"" ACTIVE "\",\"allotedComputers\":2},"
               "{\"invitedUserEmailId\":\"not-an-address\"}]",
               200,
               "{\"status\":\"OK\",\"code\":200,\"message\":["
               "{\"username\":\"new.one@example.com\",\"status\":\"INVITED\"},"
               "{\"username\":\"" INVITED "\",\"status\":\"ALREADY_INVITED\"},"
               "{\"username\":\"" ACTIVE "\",\"status\":\"EXISTS\"},"
               "{\"username\":\"not-an-address\",\"status\":\"INVALID_EMAIL\"}]}");
    cJSON *users = users_of(RKEY);
    assert_int_equal(cJSON_GetArraySize(users), 11);
    const cJSON *u = find_by(users, "username", "new.one@example.com");
    assert_non_null(u);
    check_entry(u);
    assert_int_equal(number(u, "alloted_computers"), 10);
    assert_int_equal(number(u, "utilized_computers"), 0);
    assert_null(find_by(users, "username", "not-an-address"));
    assert_int_equal(number(find_by(users, "username", ACTIVE), "alloted_computers"), 5);
    cJSON_Delete(users);

    /* other letter case; again; the default allotment */
    cJSON *m = ok_message("POST", R "invite", RKEY,
                          "[{\"invitedUserEmailId\":\"NEW.ONE@example.com\"},"
                          "{\"invitedUserEmailId\":\"Invited.User@Demo-Reseller.Example\"},"
                          "{\"invitedUserEmailId\":\"ACTIVE.USER@demo-reseller.example\"},"
                          "{\"invitedUserEmailId\":\"second.new@example.com\"}]");
    static const char *const want[] = {"ALREADY_INVITED", "ALREADY_INVITED", "EXISTS", "INVITED"};
    assert_int_equal(cJSON_GetArraySize(m), 4);
    for (int i = 0; i < 4; i++) {
        const cJSON *item = cJSON_GetArrayItem(m, i);
        expect_keys(item, ERRS("username", "status"), "invite item");
        assert_string_equal(cJSON_GetObjectItem(item, "status")->valuestring, want[i]);
    }
    cJSON_Delete(m);
    cJSON *e = entry("second.new@example.com");
    assert_non_null(e);
    assert_int_equal(number(e, "alloted_computers"), 0);
    cJSON_Delete(e);
    /* F-RP-064: an invited user cannot sign in */
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"new.one@example.com\",\"password\":\"Passw0rd!\"}", 400,
                  ERRS("USERNAME_DOES_NOT_EXIST"));

    static const struct {
        const char *body;
        const char *errs[6];
    } refused[] = {
        {"{\"invitedUserEmailId\":\"obj@example.com\",\"allotedComputers\":10}",
         E("INVALID_REQUEST")},
        {"[]", E("EMAILID_REQUIRED")},
        {"[{}]", E("EMAILID_REQUIRED")},
        {"[{\"allotedComputers\":1}]", E("EMAILID_REQUIRED")},
        {"[{\"invitedUserEmailId\":\"ok1@example.com\"},{\"invitedUserEmailId\":\"\"}]",
         E("EMAILID_REQUIRED")},
        {"[{\"invitedUserEmailId\":\"ok2@example.com\"},{\"allotedComputers\":3}]",
         E("EMAILID_REQUIRED")},
        {"[{\"invitedUserEmailId\":\"ok3@example.com\",\"allotedComputers\":-1}]",
         E("INVALID_REQUEST")},
        {"[{\"invitedUserEmailId\":\"ok4@example.com\",\"allotedComputers\":\"many\"}]",
         E("INVALID_REQUEST")},
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        expect_errors("POST", R "invite", RKEY, refused[i].body, 400, refused[i].errs);
    expect_raw("POST", R "invite", RKEY, "{\"invitedUserEmailId\":\"obj@example.com\"}", 400,
               INVALID_REQUEST);
    static const char *const wrong_items[] = {"[1]", "[\"a@example.com\"]", "[null]", "[[{}]]",
                                              "[{\"invitedUserEmailId\":{\"a\":1}}]"};
    for (size_t i = 0; i < sizeof wrong_items / sizeof wrong_items[0]; i++) {
        long status;
        cJSON *j = call("POST", R "invite", RKEY, wrong_items[i], &status);
        if (status != 400)
            rp_mismatch("invite %s: want 400, got %ld", wrong_items[i], status);
        cJSON_Delete(j);
    }
    users = users_of(RKEY);
    assert_int_equal(cJSON_GetArraySize(users), 12);
    for (int i = 1; i <= 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "ok%d@example.com", i);
        if (find_by(users, "username", name))
            fail_msg("%s was invited by a refused request", name);
    }
    assert_null(find_by(users, "username", "obj@example.com"));
    cJSON_Delete(users);
    soft_end();
}

/* F-RP-009: more than 1000 items is refused, and nobody is invited. */
static void invite_huge_array(void **state)
{
    (void)state;
    size_t cap = 1001 * 48 + 4, len = 0;
    char *body = malloc(cap);
    body[len++] = '[';
    for (int i = 0; i < 1001; i++)
        len +=
            (size_t)snprintf(body + len, cap - len,
                             "%s{\"invitedUserEmailId\":\"u%04d@example.com\"}", i ? "," : "", i);
    snprintf(body + len, cap - len, "]");
    long status;
    cJSON *j = call("POST", R "invite", RKEY, body, &status);
    assert_int_equal(status, 400);
    cJSON_Delete(j);
    free(body);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* ------------------------------------------------------------------ sign-in */

/* Seed 001 section 3; F-RP-050 (a link on rmmsim's own host), F-RP-051 (once, then 410). */
static void signin_link(void **state)
{
    (void)state;
    long status;
    char *raw = rp_raw("POST", R "signin", "Authorization: Bearer " RKEY,
                       "{\"username\":\"" ACTIVE "\",\"password\":\"" PASSWORD "\"}", &status);
    assert_int_equal(status, 200);
    char *prefix = fmt("{\"status\":\"OK\",\"code\":200,\"message\":{\"rpc_redirect_link\":\"%s"
                       "/rpcnew/process/autologin/",
                       rmmsim_base_url(sim));
    if (strncmp(raw, prefix, strlen(prefix)) != 0)
        fail_msg("signin reply %s does not start with %s", raw, prefix);
    free(prefix);
    free(raw);

    char *path = signin_path(ACTIVE, PASSWORD);
    char user[256];
    assert_int_equal(follow(path, user, sizeof user), 200);
    assert_string_equal(user, ACTIVE);
    assert_int_equal(follow(path, NULL, 0), 410);
    assert_int_equal(follow(path, NULL, 0), 410);
    free(path);

    /* the username compares without case; the link signs in the stored user */
    path = signin_path("Active.User@DEMO-RESELLER.example", PASSWORD);
    assert_int_equal(follow(path, user, sizeof user), 200);
    assert_string_equal(user, ACTIVE);
    free(path);
    path = signin_path(JOHN, PASSWORD);
    assert_int_equal(follow(path, user, sizeof user), 200);
    assert_string_equal(user, JOHN);
    free(path);

    /* the link names the host the client used */
    struct tl_response res;
    rp_http("POST", R "signin", "Authorization: Bearer " RKEY, "Host: rmmsim.example:9999",
            "{\"username\":\"" ACTIVE "\",\"password\":\"" PASSWORD "\"}", 0, &res);
    cJSON *j = rp_envelope(&res, "signin with Host");
    assert_int_equal(res.status, 200);
    const char *link =
        cJSON_GetObjectItem(cJSON_GetObjectItem(j, "message"), "rpc_redirect_link")->valuestring;
    const char *want = "http://rmmsim.example:9999/rpcnew/process/autologin/";
    if (strncmp(link, want, strlen(want)) != 0)
        fail_msg("link %s ignores the Host header", link);
    assert_int_equal(follow(link + strlen("http://rmmsim.example:9999"), NULL, 0), 200);
    cJSON_Delete(j);
    tl_response_free(&res);

    assert_int_equal(follow("/rpcnew/process/autologin/no-such-token", NULL, 0), 404);
    assert_int_equal(follow("/rpcnew/process/autologin/eyJhbGciOiJIUzUxMiJ9", NULL, 0), 404);
    soft_end();
}

/* Seed 001 section 3; F-RP-064 (invited, other reseller's), F-RP-066 (state before password). */
static void signin_states(void **state)
{
    (void)state;
    static const struct {
        const char *user, *desc;
    } states[] = {
        {"nobody@example.com", "USERNAME_DOES_NOT_EXIST"},
        {INVITED, "USERNAME_DOES_NOT_EXIST"},
        {OTHER_USER, "USERNAME_DOES_NOT_EXIST"},
        {"jane.smith@demo-enterprise.example", "USERNAME_DOES_NOT_EXIST"},
        {"locked.user@ip-locked-reseller.example", "USERNAME_DOES_NOT_EXIST"},
        {SUSPENDED, "ACTION_PARENT_ACCOUNT_SUSPENDED"},
        {"Suspended.User@demo-reseller.example", "ACTION_PARENT_ACCOUNT_SUSPENDED"},
        {BLOCKED, "IP_ADDRESS_BLOCKED"},
        {CANCELLED, "CANCELLED_ACCOUNT"},
    };
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++) {
        const char *passwords[] = {PASSWORD, "Wrong-pass1"};
        for (size_t p = 0; p < 2; p++) {
            char *body =
                fmt("{\"username\":\"%s\",\"password\":\"%s\"}", states[i].user, passwords[p]);
            char *want = fmt("{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,"
                             "\"errors\":[{\"description\":\"%s\"}]}",
                             states[i].desc);
            expect_raw("POST", R "signin", RKEY, body, 400, want);
            free(want);
            free(body);
        }
    }
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"" ACTIVE "\",\"password\":\"Wrong-pass1\"}", 400,
                  ERRS("INVALID_PASSWORD"));
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"" ACTIVE "\",\"password\":\"passw0rd!\"}", 400,
                  ERRS("INVALID_PASSWORD"));
    /* the other reseller signs in its own user */
    cJSON *m = ok_message("POST", R "signin", "demo-reseller-other-key",
                          "{\"username\":\"" OTHER_USER "\",\"password\":\"" PASSWORD "\"}");
    assert_non_null(cJSON_GetObjectItem(m, "rpc_redirect_link"));
    cJSON_Delete(m);
    soft_end();
}

/* F-RP-065: which of the four field codes applies. */
static void signin_rules(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *errs[6];
    } rules[] = {
        {"{\"password\":\"" PASSWORD "\"}", E("USERNAME_REQUIRED")},
        {"{\"username\":\"\",\"password\":\"" PASSWORD "\"}", E("EMAILID_REQUIRED")},
        {"{\"username\":\"nope\",\"password\":\"" PASSWORD "\"}", E("INVALID_EMAIL")},
        {"{\"username\":\"shane@myworld\",\"password\":\"" PASSWORD "\"}", E("INVALID_EMAIL")},
        {"{\"username\":\"' OR 1=1 --\",\"password\":\"x\"}", E("INVALID_EMAIL")},
        {"{\"username\":\"" ACTIVE "\"}", E("PASSWORD_REQUIRED")},
        {"{\"username\":\"" ACTIVE "\",\"password\":\"\"}", E("PASSWORD_REQUIRED")},
        {"{}", E("USERNAME_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"username\":\"\",\"password\":\"\"}", E("EMAILID_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"username\":\"nope\"}", E("INVALID_EMAIL", "PASSWORD_REQUIRED")},
        {"{\"Username\":\"" ACTIVE "\",\"Password\":\"" PASSWORD "\"}",
         E("USERNAME_REQUIRED", "PASSWORD_REQUIRED")},
        {"{\"username\":\"" ACTIVE "\\u0000x\",\"password\":\"" PASSWORD "\"}", E("INVALID_EMAIL")},
    };
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        expect_errors("POST", R "signin", RKEY, rules[i].body, 400, rules[i].errs);
    expect_raw("POST", R "signin", RKEY, "{\"password\":\"x\"}", 400,
               "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":[{"
               "\"description\":\"USERNAME_REQUIRED\"}]}");
    soft_end();
}

/* ------------------------------------------------------------------ list */

/* Seed 001 section 4; F-RP-067 (the body is ignored). */
static void list_users(void **state)
{
    (void)state;
    cJSON *users = users_of(RKEY);
    assert_int_equal(cJSON_GetArraySize(users), 10);
    const cJSON *e;
    cJSON_ArrayForEach(e, users) check_entry(e);
    char *printed = cJSON_PrintUnformatted(find_by(users, "username", ACTIVE));
    assert_string_equal(printed, "{\"alloted_computers\":5,\"created_date\":\"01-13-2026\","
                                 "\"isActive\":true,\"utilized_computers\":0,"
                                 "\"username\":\"" ACTIVE "\"}");
    free(printed);
    static const char *const all[] = {ACTIVE,
                                      INVITED,
                                      CANCELLED,
                                      SUSPENDED,
                                      BLOCKED,
                                      JOHN,
                                      "grace.hopper" DOM,
                                      "oliver.brandt" DOM,
                                      "chloe.dubois" DOM,
                                      "samuel.okafor" DOM};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (!find_by(users, "username", all[i]))
            fail_msg("%s not listed", all[i]);
    assert_int_equal(number(find_by(users, "username", INVITED), "alloted_computers"), 10);
    assert_int_equal(number(find_by(users, "username", "grace.hopper" DOM), "alloted_computers"),
                     25);
    assert_null(find_by(users, "username", OTHER_USER));
    cJSON_Delete(users);

    /* the same reply whatever the body */
    long status;
    char *ref = rp_raw("POST", R "list", "Authorization: Bearer " RKEY, "{}", &status);
    assert_int_equal(status, 200);
    static const char *const bodies[] = {NULL, "", "{\"pageIndex\":2,\"recordPerPage\":1}", "[]",
                                         "not json"};
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        struct tl_request req = {.method = "POST",
                                 .path = R "list",
                                 .body = bodies[i],
                                 .headers = {"Authorization: Bearer " RKEY}};
        struct tl_response res;
        tl_do(sim, &req, &res);
        cJSON_Delete(rp_envelope(&res, "list with a body"));
        if (res.status != 200 || strcmp(res.body, ref) != 0)
            rp_mismatch("list with body [%s]: %ld %.300s", bodies[i] ? bodies[i] : "none",
                        res.status, res.body);
        tl_response_free(&res);
    }
    free(ref);

    users = users_of("demo-reseller-other-key");
    assert_int_equal(cJSON_GetArraySize(users), 1);
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(users, 0), "username")->valuestring,
                        OTHER_USER);
    cJSON_Delete(users);
    expect_raw("POST", R "list", "no-such-key", "{}", 401,
               "{\"status\":\"UNAUTHORIZED\",\"code\":401,\"errorsCount\":1,\"errors\":[{"
               "\"description\":\"UNAUTHORIZED_ACCESS\"}]}");
    soft_end();
}

/* F-RP-030: utilized_computers of john.doe follows his Enterprise assignments. */
static void list_follows_enterprise_assignments(void **state)
{
    (void)state;
    rp_forbidden_word = "FORBIDDEN";
    assert_int_equal(utilized(JOHN), 5);
    assert_int_equal(utilized(ACTIVE), 0);
    expect_raw("POST", ENT "computer/assign", EKEY,
               "{\"username\":\"" JOHN
               "\",\"computer_names\":[\"Offline-PC-01\",\"Offline-PC-02\"]}",
               200, SUCCESS);
    assert_int_equal(utilized(JOHN), 7);
    expect_raw("POST", ENT "computer/unassign", EKEY,
               "{\"username\":\"" JOHN "\",\"computer_names\":[\"Computer B\"]}", 200, SUCCESS);
    assert_int_equal(utilized(JOHN), 6);
    /* removing an assigned (offline) computer counts too */
    expect_raw("POST", ENT "computer/remove", EKEY, "{\"computer_names\":[\"Offline-PC-01\"]}", 200,
               SUCCESS);
    assert_int_equal(utilized(JOHN), 5);
    /* a refused assignment changes nothing */
    expect_errors("POST", ENT "computer/assign", EKEY,
                  "{\"username\":\"" JOHN
                  "\",\"computer_names\":[\"Offline-PC-03\",\"No-Such-PC\"]}",
                  400, ERRS("Computer(s) not found"));
    assert_int_equal(utilized(JOHN), 5);
    /* the Enterprise user gone, nothing is assigned to that name */
    cJSON_Delete(ok_message("POST", ENT "user/delete", EKEY,
                            "{\"sub_ids\":[\"" JOHN "\"],\"invited_ids\":[]}"));
    assert_int_equal(utilized(JOHN), 0);
    rp_forbidden_word = "Forbidden";
    assert_int_equal(utilized(ACTIVE), 0);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* ------------------------------------------------------------------ bad input */

/* F-RP-005, F-RP-006: INVALID_REQUEST in the envelope, never a crash. */
static void bad_bodies(void **state)
{
    (void)state;
    static const char *const both[] = {
        "not json",
        "null",
        "\"string\"",
        "42",
        "true",
        "{",
        "[",
        "{\"firstName\":\"A\",}",
        "[{\"invitedUserEmailId\":\"a@example.com\"},]",
        "{'firstName':'A'}",
        "{\"firstName\":\"\xff\"}",
        "[{\"invitedUserEmailId\":\"a\xc3@example.com\"}]",
        "{\"firstName\":\"\xed\xa0\x80\"}",
        "{\"firstName\":\"\\ud800\"}",
        "{\"firstName\":\"Jo\x01hn\"}", /* raw control characters are not JSON */
        "{\"firstName\":\"Jo\nhn\"}",
        "{\"a\":1}{\"b\":2}",
        "[] x",
        "{\"x\":01}",
    };
    static const char *const objects_only[] = {"[]", "[{\"firstName\":\"A\"}]"};
    for (size_t i = 0; i < sizeof both / sizeof both[0]; i++) {
        expect_raw("POST", R "add", RKEY, both[i], 400, INVALID_REQUEST);
        expect_raw("POST", R "signin", RKEY, both[i], 400, INVALID_REQUEST);
        expect_raw("POST", R "invite", RKEY, both[i], 400, INVALID_REQUEST);
    }
    for (size_t i = 0; i < sizeof objects_only / sizeof objects_only[0]; i++) {
        expect_raw("POST", R "add", RKEY, objects_only[i], 400, INVALID_REQUEST);
        expect_raw("POST", R "signin", RKEY, objects_only[i], 400, INVALID_REQUEST);
    }
    /* an empty body reads as {}: the four fields are missing; for invite it is an object */
    expect_errors(
        "POST", R "add", RKEY, "", 400,
        ERRS("FIRSTNAME_REQUIRED", "LASTNAME_REQUIRED", "EMAILID_REQUIRED", "PASSWORD_REQUIRED"));
    expect_errors("POST", R "signin", RKEY, "", 400,
                  ERRS("USERNAME_REQUIRED", "PASSWORD_REQUIRED"));
    expect_raw("POST", R "invite", RKEY, "", 400, INVALID_REQUEST);
    /* the seed's own add sample, obfuscated address and all, is valid JSON but no address */
    expect_errors("POST", R "add", RKEY,
                  "{\n\"firstName\": \"firstname\",\n\"lastName\": \"lastname\",\n"
                  "\"invitedUserEmailId\": \"[email protected]\",\n\"password\": \"password\",\n"
                  "\"allotedComputers\": 1,\n\"sendEmailToUser\": true\n}",
                  400, ERRS("ENTER_VALID_EMAIL"));
    /* a NUL byte in the body */
    struct tl_response res;
    rp_http("POST", R "add", "Authorization: Bearer " RKEY, NULL, "{\"firstName\":\"A\0B\"}", 19,
            &res);
    cJSON_Delete(rp_envelope(&res, "NUL byte"));
    if (res.status != 400 || strcmp(res.body, INVALID_REQUEST) != 0)
        rp_mismatch("POST add with a NUL byte in a string: %ld %.300s", res.status, res.body);
    tl_response_free(&res);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* Wrong types, NUL characters and SQL text: 400 where a rule applies, data intact. */
static void wrong_types_and_odd_text(void **state)
{
    (void)state;
    static const char *const wrong[] = {
        "{\"firstName\":{},\"lastName\":\"B\",\"invitedUserEmailId\":\"wt1@example.com\","
        "\"password\":\"Secret1!\"}",
        "{\"firstName\":\"A\",\"lastName\":[\"B\"],\"invitedUserEmailId\":\"wt2@example.com\","
        "\"password\":\"Secret1!\"}",
        "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":[\"wt3@example.com\"],"
        "\"password\":\"Secret1!\"}",
        "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":\"wt4@example.com\","
        "\"password\":{\"p\":1}}",
    };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        long status;
        cJSON *j = call("POST", R "add", RKEY, wrong[i], &status);
        if (status != 400)
            rp_mismatch("add %s: want 400, got %ld", wrong[i], status);
        cJSON_Delete(j);
    }
    long status;
    cJSON *j = call("POST", R "signin", RKEY,
                    "{\"username\":[\"" ACTIVE "\"],\"password\":\"" PASSWORD "\"}", &status);
    if (status != 400)
        rp_mismatch("signin with an array username: %ld", status);
    cJSON_Delete(j);
    /* "\u0000" must not cut a value short */
    expect_errors("POST", R "add", RKEY,
                  "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":"
                  "\"nul@example.com\\u0000 x\",\"password\":\"Secret1!\"}",
                  400, ERRS("ENTER_VALID_EMAIL"));
    expect_errors("POST", R "add", RKEY,
                  "{\"firstName\":\"A\",\"lastName\":\"B\",\"invitedUserEmailId\":"
                  "\"nul2@example.com\",\"password\":\"Secret1!\\u0000 :\"}",
                  400, ERRS("INVALID_PASSWORD"));
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"" ACTIVE "\",\"password\":\"" PASSWORD "\\u0000garbage\"}", 400,
                  ERRS("INVALID_PASSWORD"));
    /* SQL text is data: no documented name rule on this API, so it is stored */
    expect_raw(
        "POST", R "add", RKEY,
        "{\"firstName\":\"Robert'); DROP TABLE rp_reseller_user;--\",\"lastName\":\"Tables\","
        "\"invitedUserEmailId\":\"bobby.tables@example.com\",\"password\":\"x');DROP--\"}",
        200, SUCCESS);
    char *path = signin_path("bobby.tables@example.com", "x');DROP--");
    assert_int_equal(follow(path, NULL, 0), 200);
    free(path);
    expect_errors("POST", R "signin", RKEY,
                  "{\"username\":\"bobby.tables@example.com\",\"password\":\"' OR '1'='1\"}", 400,
                  ERRS("INVALID_PASSWORD"));
    cJSON *users = users_of(RKEY);
    if (cJSON_GetArraySize(users) != 11)
        rp_mismatch("%d reseller users, want 11 (10 + bobby.tables)", cJSON_GetArraySize(users));
    for (int i = 1; i <= 4; i++) {
        char name[32];
        snprintf(name, sizeof name, "wt%d@example.com", i);
        assert_null(find_by(users, "username", name));
    }
    if (find_by(users, "username", "nul@example.com") ||
        find_by(users, "username", "nul2@example.com"))
        rp_mismatch("a refused add with \\u0000 in a field created a user");
    cJSON_Delete(users);
    soft_end();
}

/* F-RP-005: deeply nested arrays are a bad body, not a crash (spawned rmmsim). */
static void deep_nesting(void **state)
{
    (void)state;
    deep_nesting_on("POST", R "add", "Authorization: Bearer " RKEY, INVALID_REQUEST);
    deep_nesting_on("POST", R "invite", "Authorization: Bearer " RKEY, INVALID_REQUEST);
    soft_end();
}

/* F-CORE-001, F-RP-008: a body over the 1 MiB limit is 413 in the envelope. */
static void body_too_large(void **state)
{
    (void)state;
    size_t n = 1024 * 1024 + 16;
    char *big = malloc(n + 1);
    memset(big, 'a', n);
    memcpy(big, "{\"firstName\":\"", 14);
    memcpy(big + n - 2, "\"}", 2);
    big[n] = '\0';
    long status;
    cJSON *j = call("POST", R "add", RKEY, big, &status);
    assert_int_equal(status, 413);
    cJSON_Delete(j);
    free(big);
    assert_int_equal(count_users(RKEY), 10);
    soft_end();
}

/* Uniqueness (seed 001 sections 1, 2) and single use (F-RP-051) under concurrency. */
static void concurrent_requests(void **state)
{
    (void)state;
    enum { N = 8 };
    long st[N];
    char *raw[N];
    race("POST", R "add", "Authorization: Bearer " RKEY,
         "{\"firstName\":\"Race\",\"lastName\":\"Condition\",\"invitedUserEmailId\":"
         "\"race@example.com\",\"password\":\"Secret1!\"}",
         N, st, raw);
    size_t won = race_count(N, st, raw, 200, SUCCESS);
    size_t lost =
        race_count(N, st, raw, 400,
                   "{\"status\":\"BAD_REQUEST\",\"code\":400,\"errorsCount\":1,\"errors\":"
                   "[{\"description\":\"EMAIL_EXISTS\"}]}");
    for (size_t i = 0; i < N; i++)
        free(raw[i]);
    if (won != 1 || lost != N - 1)
        fail_msg("8 simultaneous adds of one address: %zu SUCCESS, %zu EMAIL_EXISTS", won, lost);

    race("POST", R "invite", "Authorization: Bearer " RKEY,
         "[{\"invitedUserEmailId\":\"race.invite@example.com\"}]", N, st, raw);
    won = race_count(N, st, raw, 200,
                     "{\"status\":\"OK\",\"code\":200,\"message\":[{\"username\":"
                     "\"race.invite@example.com\",\"status\":\"INVITED\"}]}");
    lost = race_count(N, st, raw, 200,
                      "{\"status\":\"OK\",\"code\":200,\"message\":[{\"username\":"
                      "\"race.invite@example.com\",\"status\":\"ALREADY_INVITED\"}]}");
    for (size_t i = 0; i < N; i++)
        free(raw[i]);
    if (won != 1 || lost != N - 1)
        fail_msg("8 simultaneous invites of one address: %zu INVITED, %zu ALREADY_INVITED", won,
                 lost);
    assert_int_equal(count_users(RKEY), 12);

    char *path = signin_path(ACTIVE, PASSWORD);
    race("GET", path, NULL, NULL, N, st, raw);
    won = race_count(N, st, raw, 200, NULL);
    lost = race_count(N, st, raw, 410, NULL);
    for (size_t i = 0; i < N; i++)
        free(raw[i]);
    free(path);
    if (won != 1 || lost != N - 1)
        fail_msg("8 simultaneous follows of one sign-in link: %zu 200, %zu 410", won, lost);
    soft_end();
}

int main(void)
{
    rp_forbidden_word = "Forbidden";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(missing_or_bad_key_is_401, fresh),
        cmocka_unit_test_setup(ip_allowlist, fresh),
        cmocka_unit_test_setup(routing_errors, fresh),
        cmocka_unit_test_setup(add_user, fresh),
        cmocka_unit_test_setup(add_rules, fresh),
        cmocka_unit_test_setup(add_email_exists, fresh),
        cmocka_unit_test_setup(invite_users, fresh),
        cmocka_unit_test_setup(invite_huge_array, fresh),
        cmocka_unit_test_setup(signin_link, fresh),
        cmocka_unit_test_setup(signin_states, fresh),
        cmocka_unit_test_setup(signin_rules, fresh),
        cmocka_unit_test_setup(list_users, fresh),
        cmocka_unit_test_setup(list_follows_enterprise_assignments, fresh),
        cmocka_unit_test_setup(bad_bodies, fresh),
        cmocka_unit_test_setup(wrong_types_and_odd_text, fresh),
        cmocka_unit_test_setup(deep_nesting, fresh),
        cmocka_unit_test_setup(body_too_large, fresh),
        cmocka_unit_test_setup(concurrent_requests, fresh),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
