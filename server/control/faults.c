/*
 * Fault injection (docs/control-plane.md "Faults", F-CTL-030..037): faults registered with
 * /__admin/faults, or named by one request's X-Rmmsim-Fault header, make an API request fail
 * the vendor's own way, wait, or lose its connection; /__admin/errors lists the named errors.
 */
#include "control/faults.h"

#include "control/control.h"

#include <math.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define FAULT_HEADER "X-Rmmsim-Fault"
#define MAX_DELAY_MS 60000 /* a worker thread waits this long at most */
#define MAX_FAULTS 10000   /* registered at once: memory stays bounded */
#define MAX_TRUNCATE (1 << 30)

/* The keys of a fault, in the order the documentation gives them. Match and trigger keys
 * belong to POST /__admin/faults; the header carries only actions (it faults its request). */
enum key {
    K_TENANT,
    K_API,
    K_OPERATION,
    K_PATH,
    K_METHOD, /* match */
    K_COUNT,
    K_PROBABILITY,
    K_SEED, /* trigger */
    K_ERROR,
    K_COMMENT,
    K_STATUS,
    K_BODY,
    K_CONTENT_TYPE,
    K_DELAY,
    K_DROP,
    K_TRUNCATE,
    K_COUNT_ALL
};
static const char *const key_names[K_COUNT_ALL] = {
    "tenant", "api",     "operation", "path", "method",      "count", "probability", "seed",
    "error",  "comment", "status",    "body", "contentType", "delay", "drop",        "truncate",
};
#define FIRST_ACTION_KEY K_ERROR

/* What a fault does; every string is the fault's own (heap) or the request's (arena). */
enum act { ACT_NORMAL, ACT_ERROR, ACT_RAW, ACT_DROP, ACT_TRUNCATE };
struct action {
    enum act kind;       /* ACT_NORMAL: only the delay, then the normal reply */
    int64_t delay_ms;    /* waited before the rest; 0: none */
    const char *error;   /* ACT_ERROR: the vendor error's name in the request's API */
    const char *comment; /* ... its free text (pcvisit comment_for_dev, OCO SQL_ERROR) or NULL */
    int status;          /* ACT_RAW */
    const char *body;    /* ACT_RAW: NULL for none */
    const char *content_type;
    int64_t truncate; /* ACT_TRUNCATE: body bytes sent */
};

/* A parsed fault spec (body or header); strings borrowed from the parsed JSON. */
struct spec {
    const char *tenant, *api, *operation, *path, *method;
    unsigned methods;
    int64_t count; /* 0: not given */
    double probability;
    bool has_probability;
    int64_t seed;
    bool has_seed;
    struct action act;
};

/* A registered fault. The strings are one heap block each, owned here. */
struct fault {
    struct fault *next;
    char id[24];
    char *tenant;                          /* NULL: every tenant ("*") */
    char *api, *operation, *path, *method; /* NULL: any */
    unsigned methods;                      /* HTTP_* bits; 0: any */
    int64_t remaining;                     /* faulted requests still to come; -1: no limit */
    bool sampled;                          /* probability given: each match fires with it */
    double probability;
    uint64_t seed, rng; /* splitmix64: the seed, the state now */
    int64_t hits;       /* requests faulted so far */
    struct action act;
    char *owned[6]; /* error, comment, body, content type: freed with the fault */
};

struct ctl_faults {
    pthread_mutex_t lock; /* guards the list, each fault's counters and rng */
    struct fault *head;   /* oldest first: the order faults are matched in (F-CTL-030) */
    atomic_size_t n;      /* read without the lock: no faults, no work per request */
    uint64_t next_id;
};

struct ctl_faults *ctl_faults_new(void)
{
    struct ctl_faults *f = calloc(1, sizeof *f);
    if (f)
        pthread_mutex_init(&f->lock, NULL);
    return f;
}

static void fault_free(struct fault *x)
{
    if (!x)
        return;
    free(x->tenant);
    free(x->api);
    free(x->operation);
    free(x->path);
    free(x->method);
    for (size_t i = 0; i < RM_ARRAY_LEN(x->owned); i++)
        free(x->owned[i]);
    free(x);
}

void ctl_faults_free(struct ctl_faults *f)
{
    if (!f)
        return;
    for (struct fault *x = f->head, *next; x; x = next) {
        next = x->next;
        fault_free(x);
    }
    pthread_mutex_destroy(&f->lock);
    free(f);
}

/* ---- parsing a spec ---- */

/* A whole number from a JSON number or, in a header, its text. */
static bool get_int(const cJSON *v, int64_t min, int64_t max, int64_t *out)
{
    double d;
    if (cJSON_IsNumber(v)) {
        d = v->valuedouble;
    } else if (cJSON_IsString(v) && v->valuestring[0]) {
        char *end;
        d = strtod(v->valuestring, &end);
        if (*end)
            return false;
    } else {
        return false;
    }
    if (d != floor(d) || d < (double)min || d > (double)max)
        return false;
    *out = (int64_t)d;
    return true;
}

/* The API called name (not the control plane), or NULL. */
static const struct http_api *api_named(void *app, const char *name)
{
    size_t n;
    const struct http_api *const *apis = ctl_apis_of(app, &n);
    for (size_t i = 0; i < n; i++)
        if (apis[i] != &ctl_admin_api && strcmp(apis[i]->name, name) == 0)
            return apis[i];
    return NULL;
}

/* "remotepc-enterprise, remotepc-reseller, ..." (arena). */
static const char *api_list(struct http_req *req)
{
    size_t n;
    const struct http_api *const *apis = ctl_apis_of(req->app, &n);
    const char *out = "";
    for (size_t i = 0; i < n && out; i++)
        if (apis[i] != &ctl_admin_api)
            out = rm_arena_printf(&req->arena, "%s%s%s", out, *out ? ", " : "", apis[i]->name);
    return out ? out : "";
}

/* api's vendor error called name, or NULL. */
static const struct http_vendor_error *vendor_error(const struct http_api *api, const char *name)
{
    const struct http_vendor_error *errors;
    size_t n = api->vendor_errors ? api->vendor_errors(&errors) : 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(errors[i].name, name) == 0)
            return &errors[i];
    return NULL;
}

/* A problem's message (arena); a fixed one when memory ran out. */
static const char *problem_printf(struct http_req *req, const char *fmt, ...) RM_PRINTF(2, 3);
static const char *problem_printf(struct http_req *req, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    const char *msg = rm_arena_strdup(&req->arena, buf);
    return msg ? msg : "bad fault (and out of memory)";
}
#define PROBLEM(...) problem_printf(req, __VA_ARGS__)

/* Reads obj (a POST body, or a header made an object) into s. header: only action keys,
 * numbers may be text. Returns NULL, or what is wrong (arena, for a 400). */
static const char *parse_spec(struct http_req *req, const cJSON *obj, bool header, struct spec *s)
{
    const cJSON *seen[K_COUNT_ALL] = {0};
    *s = (struct spec){0};
    for (const cJSON *item = obj->child; item; item = item->next) {
        size_t k = header ? FIRST_ACTION_KEY : 0;
        while (k < K_COUNT_ALL && strcmp(key_names[k], item->string) != 0)
            k++;
        if (k == K_COUNT_ALL)
            return header ? PROBLEM("unknown key '%s' (error, comment, status, body, contentType, "
                                    "delay, drop or truncate)",
                                    item->string)
                          : PROBLEM("unknown key '%s' (tenant, api, operation, path, method, "
                                    "count, probability, seed, error, comment, status, body, "
                                    "contentType, delay, drop or truncate)",
                                    item->string);
        if (seen[k])
            return PROBLEM("%s is given twice", key_names[k]);
        seen[k] = item;
    }
    /* Strings. */
    static const enum key strings[] = {K_TENANT, K_API,     K_OPERATION, K_PATH,        K_METHOD,
                                       K_ERROR,  K_COMMENT, K_BODY,      K_CONTENT_TYPE};
    const char *str[K_COUNT_ALL] = {0};
    for (size_t i = 0; i < RM_ARRAY_LEN(strings); i++) {
        const cJSON *v = seen[strings[i]];
        if (!v)
            continue;
        if (!cJSON_IsString(v) || (!v->valuestring[0] && strings[i] != K_BODY))
            return PROBLEM("%s must be a non-empty string", key_names[strings[i]]);
        str[strings[i]] = v->valuestring;
    }
    s->tenant = str[K_TENANT];
    s->api = str[K_API];
    s->operation = str[K_OPERATION];
    s->path = str[K_PATH];
    s->method = str[K_METHOD];
    if (s->api && !api_named(req->app, s->api))
        return PROBLEM("unknown api '%s' (%s)", s->api, api_list(req));
    if (s->path && s->path[0] != '/')
        return PROBLEM("path must start with '/' (a trailing '*' matches any rest)");
    if (s->method) {
        s->methods = http_method_parse(s->method);
        if (s->methods == HTTP_OTHER || strcmp(s->method, "HEAD") == 0)
            return PROBLEM("method must be one of GET, POST, PUT, DELETE, PATCH or OPTIONS");
    }
    /* Trigger (F-CTL-034). */
    if (seen[K_COUNT] && !get_int(seen[K_COUNT], 1, 1000000000, &s->count))
        return PROBLEM("count must be a whole number from 1 (the next N matching requests)");
    if (seen[K_PROBABILITY]) {
        const cJSON *p = seen[K_PROBABILITY];
        if (!cJSON_IsNumber(p) || !(p->valuedouble >= 0 && p->valuedouble <= 1))
            return PROBLEM("probability must be a number from 0 to 1");
        s->probability = p->valuedouble;
        s->has_probability = true;
    }
    if (seen[K_SEED]) {
        if (!get_int(seen[K_SEED], 0, 9007199254740991LL, &s->seed))
            return PROBLEM("seed must be a whole number from 0 (it makes probability repeatable)");
        if (!s->has_probability)
            return PROBLEM("seed goes with probability");
        s->has_seed = true;
    }
    /* Action (F-CTL-035). */
    struct action *a = &s->act;
    int64_t v;
    if (seen[K_DELAY]) {
        if (!get_int(seen[K_DELAY], 0, MAX_DELAY_MS, &v))
            return PROBLEM("delay must be a whole number of milliseconds from 0 to %d",
                           MAX_DELAY_MS);
        a->delay_ms = v;
    }
    int actions = 0;
    if (str[K_ERROR]) {
        a->kind = ACT_ERROR;
        a->error = str[K_ERROR];
        a->comment = str[K_COMMENT];
        actions++;
    }
    if (seen[K_STATUS]) {
        if (!get_int(seen[K_STATUS], 100, 599, &v))
            return PROBLEM("status must be an HTTP status from 100 to 599");
        a->kind = ACT_RAW;
        a->status = (int)v;
        a->body = str[K_BODY];
        a->content_type = str[K_CONTENT_TYPE];
        actions++;
    }
    if (seen[K_DROP]) {
        if (!cJSON_IsTrue(seen[K_DROP]))
            return PROBLEM("drop must be true (in the header: the bare word drop)");
        a->kind = ACT_DROP;
        actions++;
    }
    if (seen[K_TRUNCATE]) {
        if (!get_int(seen[K_TRUNCATE], 0, MAX_TRUNCATE, &v))
            return PROBLEM("truncate must be a whole number of bytes from 0");
        a->kind = ACT_TRUNCATE;
        a->truncate = v;
        actions++;
    }
    if (actions > 1)
        return PROBLEM("give one of error, status, drop and truncate, not several (delay goes "
                       "with any)");
    if (seen[K_COMMENT] && !str[K_ERROR])
        return PROBLEM("comment goes with error");
    if ((seen[K_BODY] || seen[K_CONTENT_TYPE]) && !seen[K_STATUS])
        return PROBLEM("body and contentType go with status");
    /* It becomes a header line: a CR or LF would start another header (response splitting). */
    if (a->content_type && a->content_type[strcspn(a->content_type, "\r\n")])
        return PROBLEM("contentType must be one line (no CR or LF)");
    if (actions == 0 && !seen[K_DELAY])
        return PROBLEM("give an action: error, status (with body, contentType), delay, drop or "
                       "truncate");
    /* F-CTL-033: a name means something only in one API. */
    if (a->kind == ACT_ERROR && !header) {
        if (!s->api)
            return PROBLEM("error needs api: each API has its own errors (GET /__admin/errors)");
        if (!vendor_error(api_named(req->app, s->api), a->error))
            return PROBLEM("unknown error '%s' for api %s (GET /__admin/errors?api=%s lists "
                           "them)",
                           a->error, s->api, s->api);
    }
    return NULL;
}

/* The header's "key=value;key;..." as a JSON object of strings (a bare key is true); values
 * are percent-decoded, so "%3B" is a ';' inside one. NULL with *problem when malformed. */
static cJSON *header_object(struct http_req *req, const char *text, const char **problem)
{
    cJSON *obj = http_req_own_json(req, cJSON_CreateObject());
    if (!obj) {
        *problem = "out of memory";
        return NULL;
    }
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, ";");
        const char *end = p + len;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        const char *eq = memchr(p, '=', (size_t)(end - p));
        const char *kend = eq ? eq : end;
        while (kend > p && (kend[-1] == ' ' || kend[-1] == '\t'))
            kend--;
        if (kend > p) {
            char *key = rm_arena_strndup(&req->arena, p, (size_t)(kend - p));
            cJSON *value;
            if (eq) {
                size_t vlen = (size_t)(end - eq - 1);
                char *dec = rm_arena_alloc(&req->arena, vlen + 1);
                if (!dec) {
                    *problem = "out of memory";
                    return NULL;
                }
                dec[http_url_decode(dec, eq + 1, vlen, false)] = '\0';
                value = cJSON_CreateString(dec);
            } else {
                value = cJSON_CreateTrue();
            }
            if (!key || !value) {
                cJSON_Delete(value);
                *problem = "out of memory";
                return NULL;
            }
            cJSON_AddItemToObject(obj, key, value);
        } else if (p < end) {
            *problem = PROBLEM("'%.*s' names no key (want key=value;...)", (int)(end - p), p);
            return NULL;
        }
        p = *end ? end + 1 : end;
    }
    return obj;
}

/* ---- applying ---- */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static bool path_matches(const char *pattern, const char *path)
{
    size_t len = strlen(pattern);
    if (len && pattern[len - 1] == '*')
        return strncmp(pattern, path, len - 1) == 0;
    return strcmp(pattern, path) == 0;
}

/* F-CTL-032: tenant, API, method, path and operation must all fit; an absent one fits all.
 * *ops caches the request's operations (asked only if a fault names one). */
static bool matches(const struct fault *x, struct http_req *req, const char *tenant,
                    const char **ops)
{
    if ((x->tenant && strcmp(x->tenant, tenant) != 0) ||
        (x->api && strcmp(x->api, req->api->name) != 0) ||
        (x->methods && !(x->methods & req->method)) ||
        (x->path && !path_matches(x->path, req->path)))
        return false;
    if (!x->operation)
        return true;
    if (!*ops) {
        *ops = req->api->operation ? req->api->operation(req) : NULL;
        if (!*ops)
            *ops = req->route->pattern;
    }
    return rm_list_has(*ops, x->operation, strlen(x->operation));
}

/* Copies a's strings into the arena: the fault may be gone once the lock is let go. */
static void action_copy(struct http_req *req, const struct action *a, struct action *out)
{
    *out = *a;
    out->error = a->error ? rm_arena_strdup(&req->arena, a->error) : NULL;
    out->comment = a->comment ? rm_arena_strdup(&req->arena, a->comment) : NULL;
    out->body = a->body ? rm_arena_strdup(&req->arena, a->body) : NULL;
    out->content_type = a->content_type ? rm_arena_strdup(&req->arena, a->content_type) : NULL;
}

/* The first registered fault that matches and fires, counted and (when spent) removed. */
static bool take_registered(struct ctl_faults *f, struct http_req *req, struct action *out)
{
    if (atomic_load(&f->n) == 0)
        return false;
    const char *tenant = store_tenant_id(req->tenant);
    const char *ops = NULL;
    bool found = false;
    pthread_mutex_lock(&f->lock);
    for (struct fault **link = &f->head, *x; (x = *link); link = &x->next) {
        if (!matches(x, req, tenant, &ops))
            continue;
        /* F-CTL-034: a probability is drawn per matching request; a miss lets later faults
         * have their turn. 1 always fires, 0 never. */
        if (x->sampled && !((double)(splitmix64(&x->rng) >> 11) * 0x1.0p-53 < x->probability))
            continue;
        action_copy(req, &x->act, out);
        x->hits++;
        if (x->remaining > 0 && --x->remaining == 0) {
            *link = x->next;
            fault_free(x);
            atomic_fetch_sub(&f->n, 1);
        }
        found = true;
        break;
    }
    pthread_mutex_unlock(&f->lock);
    return found;
}

static void sleep_ms(int64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

/* A bad header: the control plane's JSON 400, which no vendor sends (F-CTL-031). */
static int header_problem(struct http_req *req, struct http_res *res, const char *problem)
{
    const char *msg = PROBLEM(FAULT_HEADER ": %s", problem);
    http_res_error_json(req, res, 400, msg);
    http_res_header(res, "X-Rmmsim-Error", msg);
    return 1;
}

int ctl_fault_apply(struct ctl_faults *f, struct http_req *req, struct http_res *res)
{
    if (req->api == &ctl_admin_api)
        return 0; /* F-CTL-032: the control plane stays reachable to clear faults */
    struct action act;
    /* F-CTL-031: the header wins and leaves the registered faults untouched. */
    const char *header = http_req_header(req, FAULT_HEADER);
    if (header && *header) {
        const char *problem = NULL;
        struct spec s;
        cJSON *obj = header_object(req, header, &problem);
        if (!obj || (problem = parse_spec(req, obj, true, &s)))
            return header_problem(req, res, problem);
        act = s.act;
    } else if (!take_registered(f, req, &act)) {
        return 0;
    }
    const struct http_vendor_error *e = NULL;
    if (act.kind == ACT_ERROR && !(e = vendor_error(req->api, act.error)))
        return header_problem(req, res,
                              PROBLEM("unknown error '%s' for api %s (GET "
                                      "/__admin/errors?api=%s lists them)",
                                      act.error, req->api->name, req->api->name));
    if (act.delay_ms) /* the tenant is known but nothing locked: others go on meanwhile */
        sleep_ms(act.delay_ms);
    switch (act.kind) {
    case ACT_NORMAL: return 0;
    case ACT_TRUNCATE: /* F-CTL-036: the request runs; only its reply is cut */
        res->truncated = true;
        res->body_cut = (size_t)act.truncate;
        return 0;
    case ACT_DROP:
        res->drop = true;
        /* Never sent; the journal and the log show it (civetweb wants a status). */
        http_res_set(res, 444, NULL, NULL, 0);
        return 1;
    case ACT_ERROR: req->api->vendor_error_reply(req, res, e, act.comment); return 1;
    case ACT_RAW: {
        const char *body = act.body ? act.body : "";
        const char *type = act.content_type;
        if (!type) { /* F-CTL-035: JSON when the body is JSON */
            const char *why;
            type = *body && http_json_check(body, strlen(body), HTTP_JSON_MAX_DEPTH, &why) == RM_OK
                       ? "application/json"
                       : "text/plain; charset=utf-8";
        }
        http_res_set(res, act.status, type, body, strlen(body));
        return 1;
    }
    }
    return 0;
}

/* ---- /__admin/faults ---- */

static cJSON *fault_json(const struct fault *x)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", x->id);
    cJSON_AddStringToObject(o, "tenant", x->tenant ? x->tenant : "*");
    const char *match[] = {x->api, x->operation, x->path, x->method};
    const char *names[] = {"api", "operation", "path", "method"};
    for (size_t i = 0; i < RM_ARRAY_LEN(match); i++)
        if (match[i])
            cJSON_AddStringToObject(o, names[i], match[i]);
    if (x->remaining >= 0)
        cJSON_AddNumberToObject(o, "count", (double)x->remaining);
    else
        cJSON_AddNullToObject(o, "count");
    if (x->sampled) {
        cJSON_AddNumberToObject(o, "probability", x->probability);
        cJSON_AddNumberToObject(o, "seed", (double)x->seed);
    }
    const struct action *a = &x->act;
    if (a->error)
        cJSON_AddStringToObject(o, "error", a->error);
    if (a->comment)
        cJSON_AddStringToObject(o, "comment", a->comment);
    if (a->kind == ACT_RAW)
        cJSON_AddNumberToObject(o, "status", a->status);
    if (a->body)
        cJSON_AddStringToObject(o, "body", a->body);
    if (a->content_type)
        cJSON_AddStringToObject(o, "contentType", a->content_type);
    if (a->delay_ms)
        cJSON_AddNumberToObject(o, "delay", (double)a->delay_ms);
    if (a->kind == ACT_DROP)
        cJSON_AddTrueToObject(o, "drop");
    if (a->kind == ACT_TRUNCATE)
        cJSON_AddNumberToObject(o, "truncate", (double)a->truncate);
    cJSON_AddNumberToObject(o, "hits", (double)x->hits);
    return o;
}

static char *dup_or_null(const char *s, bool *failed)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        *failed = true;
    return d;
}

/* POST /__admin/faults: registers the body's fault; 201 with it as GET lists it. */
void ctl__faults_add(struct http_req *req, struct http_res *res)
{
    struct ctl_faults *f = ctl_faults_of(req->app);
    const cJSON *body = req->body_len ? http_req_body_json(req) : NULL;
    if (!cJSON_IsObject(body)) {
        http_res_error_json(req, res, 400,
                            "body must be a JSON object like {\"api\":\"oco\",\"error\":"
                            "\"PERMISSION_DENIED\",\"count\":1}");
        return;
    }
    struct spec s;
    const char *problem = parse_spec(req, body, false, &s);
    if (problem) {
        http_res_error_json(req, res, 400, problem);
        return;
    }
    struct fault *x = calloc(1, sizeof *x);
    bool failed = !x;
    if (x) {
        /* F-CTL-032: without a tenant, the one the admin request reaches; "*" is all. */
        const char *tenant = s.tenant ? s.tenant : store_tenant_id(req->tenant);
        x->tenant = strcmp(tenant, "*") == 0 ? NULL : dup_or_null(tenant, &failed);
        x->api = dup_or_null(s.api, &failed);
        x->operation = dup_or_null(s.operation, &failed);
        x->path = dup_or_null(s.path, &failed);
        x->method = dup_or_null(s.method, &failed);
        x->methods = s.methods;
        /* F-CTL-034: no count and no probability is the next request only; a probability
         * alone lasts until deleted; both: at most count faulted requests. */
        x->remaining = s.count ? s.count : s.has_probability ? -1 : 1;
        x->sampled = s.has_probability;
        x->probability = s.probability;
        x->seed = s.has_seed ? (uint64_t)s.seed
                             : (rm_clock_mono_ns() ^ (uint64_t)(uintptr_t)x) & ((1ULL << 53) - 1);
        x->rng = x->seed;
        x->act = s.act;
        const char **strs[] = {&x->act.error, &x->act.comment, &x->act.body, &x->act.content_type};
        for (size_t i = 0; i < RM_ARRAY_LEN(strs); i++)
            *strs[i] = x->owned[i] = dup_or_null(*strs[i], &failed);
    }
    if (!failed && atomic_load(&f->n) >= MAX_FAULTS) {
        fault_free(x);
        http_res_error_json(req, res, 409, "too many faults (10000); DELETE /__admin/faults");
        return;
    }
    if (failed) {
        fault_free(x);
        http_res_error_json(req, res, 500, "out of memory");
        return;
    }
    pthread_mutex_lock(&f->lock);
    snprintf(x->id, sizeof x->id, "f%llu", (unsigned long long)++f->next_id);
    struct fault **link = &f->head;
    while (*link)
        link = &(*link)->next;
    *link = x;
    atomic_fetch_add(&f->n, 1);
    cJSON *out = fault_json(x);
    /* Once unlocked, a matching request may use the fault up and free it. */
    const char *location = rm_arena_printf(&req->arena, "/__admin/faults/%s", x->id);
    pthread_mutex_unlock(&f->lock);
    if (location)
        http_res_header(res, "Location", location);
    http_res_json_take(req, res, 201, out);
}

/* The ?tenant= filter of GET and DELETE, or NULL. */
static const char *tenant_filter(struct http_req *req)
{
    const struct http_param *p = http_req_param(req, "tenant");
    return p && p->value[0] ? p->value : NULL;
}

static bool tenant_fits(const struct fault *x, const char *tenant)
{
    return !tenant || (x->tenant ? strcmp(x->tenant, tenant) == 0 : strcmp(tenant, "*") == 0);
}

/* GET /__admin/faults[?tenant=ID]: the active faults, oldest first, with what is left. */
void ctl__faults_list(struct http_req *req, struct http_res *res)
{
    struct ctl_faults *f = ctl_faults_of(req->app);
    const char *tenant = tenant_filter(req);
    cJSON *out = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(out, "faults");
    pthread_mutex_lock(&f->lock);
    for (const struct fault *x = f->head; x; x = x->next)
        if (tenant_fits(x, tenant))
            cJSON_AddItemToArray(list, fault_json(x));
    pthread_mutex_unlock(&f->lock);
    http_res_json_take(req, res, 200, out);
}

/* Removes the faults of tenant (all when NULL) or the one called id; returns how many. */
static size_t remove_faults(struct ctl_faults *f, const char *tenant, const char *id)
{
    size_t n = 0;
    pthread_mutex_lock(&f->lock);
    for (struct fault **link = &f->head, *x; (x = *link);) {
        if (id ? strcmp(x->id, id) == 0 : tenant_fits(x, tenant)) {
            *link = x->next;
            fault_free(x);
            n++;
        } else {
            link = &x->next;
        }
    }
    atomic_fetch_sub(&f->n, n);
    pthread_mutex_unlock(&f->lock);
    return n;
}

void ctl_faults_forget_tenant(struct ctl_faults *f, const char *id)
{
    remove_faults(f, id, NULL);
}

/* DELETE /__admin/faults[?tenant=ID] */
void ctl__faults_clear(struct http_req *req, struct http_res *res)
{
    size_t n = remove_faults(ctl_faults_of(req->app), tenant_filter(req), NULL);
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "status", "ok");
    cJSON_AddNumberToObject(out, "deleted", (double)n);
    http_res_json_take(req, res, 200, out);
}

/* DELETE /__admin/faults/{id} */
void ctl__faults_delete(struct http_req *req, struct http_res *res)
{
    const char *id = req->path_params[0];
    if (remove_faults(ctl_faults_of(req->app), NULL, id) == 0) {
        http_res_error_json(req, res, 404,
                            PROBLEM("no fault '%s' (GET /__admin/faults lists them)", id));
        return;
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "status", "ok");
    cJSON_AddStringToObject(out, "deleted", id);
    http_res_json_take(req, res, 200, out);
}

/* GET /__admin/errors[?api=NAME]: every named error of each API, from the APIs' own tables
 * (F-CTL-033): name, api, the HTTP status and what the client reads. */
void ctl__errors_list(struct http_req *req, struct http_res *res)
{
    const struct http_param *only = http_req_param(req, "api");
    if (only && only->value[0] && !api_named(req->app, only->value)) {
        http_res_error_json(req, res, 404,
                            PROBLEM("unknown api '%s' (%s)", only->value, api_list(req)));
        return;
    }
    size_t napis;
    const struct http_api *const *apis = ctl_apis_of(req->app, &napis);
    cJSON *out = cJSON_CreateObject();
    cJSON *list = cJSON_AddArrayToObject(out, "errors");
    for (size_t i = 0; i < napis; i++) {
        const struct http_api *api = apis[i];
        if (!api->vendor_errors || (only && only->value[0] && strcmp(api->name, only->value)))
            continue;
        const struct http_vendor_error *errors;
        size_t n = api->vendor_errors(&errors);
        for (size_t k = 0; k < n; k++) {
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "api", api->name);
            cJSON_AddStringToObject(e, "name", errors[k].name);
            cJSON_AddNumberToObject(e, "status", errors[k].status);
            cJSON_AddStringToObject(e, "shows", errors[k].shows);
            cJSON_AddItemToArray(list, e);
        }
    }
    http_res_json_take(req, res, 200, out);
}
