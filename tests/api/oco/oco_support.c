/*
 * Request and assertion helpers shared by the OCO client API tests; see oco_support.h for
 * what each one asserts and returns, and who frees what.
 */
#include "oco_support.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

/* The simulated clock of rmmsim's core (server/core/clock.c), linked into this program
 * with the embedded server. */
int64_t rm_clock_now_ms(void);
void rm_clock_freeze(int64_t ms);
void rm_clock_unfreeze(void);

struct oco_context oco;

/* ------------------------------------------------------------------ object shapes */

#define JOB_PART                                                                                  \
    "id", "computer_id", "package_id", "procedure", "success_return_codes", "upgrade_behavior",   \
        "is_uninstall", "download", "post_action", "post_action_timeout", "sequence", "state",    \
        "download_progress", "return_code", "message", "wol_shutdown_set", "download_started",    \
        "execution_started", "execution_finished", "computer_hostname", "package_family_name",    \
        "package_version"
#define COMPUTER_PART                                                                             \
    "id", "uid", "hostname", "os", "os_version", "os_license", "os_locale", "kernel_version",     \
        "architecture", "cpu", "gpu", "ram", "agent_version", "remote_address", "serial",         \
        "manufacturer", "model", "bios_version", "battery_level", "battery_status", "uptime",     \
        "boot_type", "domain", "secure_boot", "last_ping", "last_update", "force_update",         \
        "notes", "agent_key", "server_key", "created", "created_by_system_user_id",               \
        "software_id", "software_name", "software_version", "computer_network_mac",               \
        "created_by_system_user_username", "agent_timestamp"
#define PACKAGE_PART                                                                              \
    "id", "version", "notes", "install_procedure", "install_procedure_success_return_codes",      \
        "install_procedure_post_action", "upgrade_behavior", "uninstall_procedure",               \
        "uninstall_procedure_success_return_codes", "download_for_uninstall",                     \
        "uninstall_procedure_post_action", "line_endings", "compatible_os",                       \
        "compatible_os_version", "compatible_architecture", "license_count", "created",           \
        "created_by_system_user_id", "updated", "updated_by_system_user_id",                      \
        "package_group_member_sequence", "package_family_id", "package_family_name",              \
        "package_family_icon", "created_by_system_user_username", "install_count"

const char *const COMPUTER_KEYS[] = { COMPUTER_PART, NULL };
const char *const COMPUTER_GET_KEYS[] = { COMPUTER_PART, NULL };
const char *const COMPUTER_GROUP_KEYS[] = { "id", "parent_computer_group_id", "name", NULL };
const char *const PACKAGE_GROUP_KEYS[] = { "id", "parent_package_group_id", "name", NULL };
const char *const REPORT_GROUP_KEYS[] = { "id", "parent_report_group_id", "name", NULL };
const char *const PACKAGE_KEYS[] = { PACKAGE_PART, NULL };
const char *const PACKAGE_GET_KEYS[] = { PACKAGE_PART, "updated_by_system_user_username", NULL };
const char *const FAMILY_KEYS[] = { "id", "name", "license_count", "notes", "icon",
                                    "package_count", "install_count", "newest_package_created",
                                    "oldest_package_created", NULL };
const char *const COMPUTER_PACKAGE_KEYS[] = {
    "id", "computer_id", "package_id", "installed_procedure", "installed_by_system_user_id",
    "installed_by_domain_user_id", "installed", "computer_hostname", "package_family_id",
    "package_family_name", "package_version", "installed_by_system_user_username",
    "installed_by_domain_user_username", NULL
};
const char *const STATIC_JOB_KEYS[] = {
    JOB_PART, "job_container_id", "job_container_start_time",
    "job_container_created_by_system_user_id", "job_container_created_by_domain_user_id",
    "job_container_enabled", "job_container_sequence_mode", "job_container_priority",
    "job_container_agent_ip_ranges", "job_container_time_frames", "job_container_self_service",
    NULL
};
const char *const DYNAMIC_JOB_KEYS[] = {
    JOB_PART, "deployment_rule_id", "deployment_rule_name",
    "deployment_rule_created_by_system_user_id", "deployment_rule_enabled",
    "deployment_rule_sequence_mode", "deployment_rule_priority", NULL
};
const char *const CONTAINER_KEYS[] = {
    "id", "name", "enabled", "start_time", "end_time", "notes", "wol_sent",
    "shutdown_waked_after_completion", "sequence_mode", "priority", "agent_ip_ranges",
    "time_frames", "self_service", "created", "created_by_system_user_id",
    "created_by_domain_user_id", "created_by_system_user_username",
    "created_by_domain_user_username", "execution_finished", NULL
};
const char *const RULE_KEYS[] = { "id", "name", "notes", "enabled", "computer_group_id",
                                  "package_group_id", "sequence_mode", "priority",
                                  "post_action_timeout", "created", "created_by_system_user_id",
                                  "created_by_system_user_username", NULL };
const char *const REPORT_KEYS[] = { "id", "report_group_id", "name", "notes", "query", NULL };

/* ------------------------------------------------------------------ soft mismatches */

static int soft_on;
static size_t soft_count;

void soft_begin(void)
{
    soft_on = 1;
    soft_count = 0;
}

void soft_end(void)
{
    soft_on = 0;
    if (soft_count)
        fail_msg("%zu mismatch(es), each printed above", soft_count);
}

void mismatch(const char *format, ...)
{
    char msg[900]; /* cmocka prints at most 1024 bytes per message */
    va_list ap;
    va_start(ap, format);
    vsnprintf(msg, sizeof msg, format, ap);
    va_end(ap);
    if (!soft_on)
        fail_msg("%s", msg);
    print_error("mismatch: %s\n", msg);
    soft_count++;
}

/* ------------------------------------------------------------------ strings */

char *fmt(const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(NULL, 0, format, ap);
    va_end(ap);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    va_start(ap, format);
    vsnprintf(s, (size_t)n + 1, format, ap);
    va_end(ap);
    return s;
}

char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = malloc(len * n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

char *b64(const void *data, size_t len)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const unsigned char *p = data;
    char *out = malloc((len + 2) / 3 * 4 + 1), *o = out;
    assert_non_null(out);
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)p[i + 1] << 8;
        if (i + 2 < len)
            v |= p[i + 2];
        *o++ = abc[v >> 18 & 63];
        *o++ = abc[v >> 12 & 63];
        *o++ = i + 1 < len ? abc[v >> 6 & 63] : '=';
        *o++ = i + 2 < len ? abc[v & 63] : '=';
    }
    *o = '\0';
    return out;
}

/* ------------------------------------------------------------------ fixtures and clock */

#define MAX_TEMP_FIXTURES 32
static char temp_fixtures[MAX_TEMP_FIXTURES][64];
static size_t ntemp_fixtures;

int oco_group_setup(void **state)
{
    (void)state;
    oco.sim = tl_start(oco.fixture ? oco.fixture : "oco-parity");
    return 0;
}

int oco_group_teardown(void **state)
{
    (void)state;
    tl_stop(oco.sim);
    oco.sim = NULL;
    rm_clock_unfreeze();
    for (size_t i = 0; i < ntemp_fixtures; i++)
        unlink(temp_fixtures[i]);
    ntemp_fixtures = 0;
    return 0;
}

int oco_fresh(void **state)
{
    (void)state;
    soft_begin();
    rm_clock_unfreeze();
    char err[256];
    if (rmmsim_reset(oco.sim, oco.fixture, err, sizeof err) != 0) {
        fprintf(stderr, "reset to %s: %s\n", oco.fixture, err);
        return -1;
    }
    return 0;
}

int oco_run_group(const struct CMUnitTest *tests, size_t n)
{
    const char *filter = getenv("OCO_TEST_FILTER");
    if (filter && *filter)
        cmocka_set_test_filter(filter);
    const char *skip = getenv("OCO_SKIP_FILTER");
    if (skip && *skip)
        cmocka_set_skip_filter(skip);
    return _cmocka_run_group_tests("oco", tests, n, oco_group_setup, oco_group_teardown);
}

void oco_use(const char *fixture)
{
    char err[512];
    if (rmmsim_reset(oco.sim, fixture, err, sizeof err) != 0)
        fail_msg("reset to %s: %s", fixture, err);
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

const char *oco_fixture_variant(const char *base, void (*edit)(cJSON *oco_section))
{
    char *path = fmt("%s/fixtures/%s.json", RMMSIM_SOURCE_DIR, base);
    char *text = read_file(path);
    free(path);
    cJSON *root = cJSON_Parse(text);
    free(text);
    assert_non_null(root);
    cJSON *section = cJSON_GetObjectItemCaseSensitive(root, "oco");
    assert_non_null(section);
    if (edit)
        edit(section);
    char *out = cJSON_Print(root);
    cJSON_Delete(root);
    assert_true(ntemp_fixtures < MAX_TEMP_FIXTURES);
    char *name = temp_fixtures[ntemp_fixtures];
    snprintf(name, sizeof temp_fixtures[0], "/tmp/rmmsim-oco-test-XXXXXX.json");
    int fd = mkstemps(name, 5);
    if (fd < 0)
        fail_msg("mkstemps failed");
    size_t len = strlen(out);
    assert_int_equal(write(fd, out, len), (ssize_t)len);
    close(fd);
    free(out);
    ntemp_fixtures++;
    return name;
}

void oco_freeze_clock(const char *utc)
{
    struct tm tm = { 0 };
    if (sscanf(utc, "%d-%d-%d %d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
               &tm.tm_min, &tm.tm_sec) != 6)
        fail_msg("bad time %s", utc);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    rm_clock_freeze((int64_t)timegm(&tm) * 1000);
}

void oco_unfreeze_clock(void)
{
    rm_clock_unfreeze();
}

/* ------------------------------------------------------------------ raw HTTP */

void oco_send(const struct oco_http *h, struct tl_response *res)
{
    struct tl_request req = { .method = h->verb ? h->verb : "POST",
                              .path = OCO_PATH,
                              .body = h->body,
                              .body_len = h->body_len };
    size_t n = 0;
    char auth[600], ctype[300], lang[300];
    if (h->raw_auth) {
        req.headers[n++] = h->raw_auth;
    } else if (!h->auth || *h->auth) {
        const char *cred = h->auth ? h->auth : "admin:admin";
        char *enc = b64(cred, strlen(cred));
        snprintf(auth, sizeof auth, "Authorization: Basic %s", enc);
        free(enc);
        req.headers[n++] = auth;
    }
    /* "Content-Type:" with nothing after it makes curl send no Content-Type at all. */
    snprintf(ctype, sizeof ctype, "Content-Type:%s%s", h->ctype && !*h->ctype ? "" : " ",
             h->ctype ? h->ctype : "application/json");
    req.headers[n++] = ctype;
    if (h->lang) {
        snprintf(lang, sizeof lang, "Accept-Language: %s", h->lang);
        req.headers[n++] = lang;
    }
    req.headers[n++] = "Expect:"; /* no 100-continue dance for big bodies */
    tl_do(oco.sim, &req, res);
}

const char *oco_reason(const struct tl_response *res, char *buf, size_t size)
{
    buf[0] = '\0';
    const char *line = res->headers;
    if (!line || strncmp(line, "HTTP/", 5) != 0)
        return buf;
    const char *sp = strchr(line, ' ');
    if (!sp)
        return buf;
    sp = strchr(sp + 1, ' '); /* after the status code */
    if (!sp)
        return buf;
    sp++;
    size_t len = strcspn(sp, "\r\n");
    if (len >= size)
        len = size - 1;
    memcpy(buf, sp, len);
    buf[len] = '\0';
    return buf;
}

void expect_http(const struct oco_http *h, long status, const char *reason, const char *body,
                 const char *label)
{
    struct tl_response res;
    oco_send(h, &res);
    char got_reason[200], type[200], challenge[200];
    oco_reason(&res, got_reason, sizeof got_reason);
    if (res.status != status || strcmp(got_reason, reason) != 0 || strcmp(res.body, body) != 0)
        mismatch("%s: want %ld \"%s\" body \"%s\"\n      got  %ld \"%s\" body \"%.400s\"", label,
                 status, reason, body, res.status, got_reason, res.body);
    if (!tl_header(&res, "Content-Type", type, sizeof type) ||
        strcmp(type, "text/html; charset=UTF-8") != 0)
        mismatch("%s: Content-Type %s, want text/html; charset=UTF-8", label,
                 tl_header(&res, "Content-Type", type, sizeof type) ? type : "(none)");
    if (tl_header(&res, "WWW-Authenticate", challenge, sizeof challenge))
        mismatch("%s: WWW-Authenticate %s sent (the real server sends none)", label, challenge);
    tl_response_free(&res);
}

/* ------------------------------------------------------------------ JSON-RPC */

char *oco_request(const char *method, const char *data_json)
{
    if (!data_json)
        return fmt("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":{\"api_key\":\"%s\"}}",
                   method, OCO_KEY);
    return fmt("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\",\"params\":{\"api_key\":\"%s\","
               "\"data\":%s}}",
               method, OCO_KEY, data_json);
}

void oco_envelope(const cJSON *reply, const cJSON *want_id, const char *what)
{
    char *printed = cJSON_PrintUnformatted(reply);
    if (!cJSON_IsObject(reply))
        fail_msg("%s: reply is not an object: %.300s", what, printed);
    const cJSON *k = reply->child;
    if (!k || strcmp(k->string, "jsonrpc") != 0 || !cJSON_IsString(k) ||
        strcmp(k->valuestring, "2.0") != 0)
        fail_msg("%s: first key is not \"jsonrpc\":\"2.0\": %.300s", what, printed);
    k = k->next;
    cJSON *one = cJSON_CreateNumber(1);
    if (!k || strcmp(k->string, "id") != 0 || !cJSON_Compare(k, want_id ? want_id : one, 1))
        fail_msg("%s: second key is not the request's id: %.300s", what, printed);
    cJSON_Delete(one);
    k = k->next;
    if (!k || k->next)
        fail_msg("%s: want exactly three keys: %.300s", what, printed);
    if (strcmp(k->string, "result") == 0) {
        const cJSON *s = k->child;
        if (!cJSON_IsObject(k) || !s || strcmp(s->string, "success") != 0 || !cJSON_IsTrue(s) ||
            !s->next || strcmp(s->next->string, "data") != 0 || s->next->next)
            fail_msg("%s: result is not {\"success\":true,\"data\":...}: %.300s", what, printed);
    } else if (strcmp(k->string, "error") == 0) {
        const cJSON *c = k->child;
        if (!cJSON_IsObject(k) || !c || strcmp(c->string, "code") != 0 || !cJSON_IsNumber(c) ||
            !c->next || strcmp(c->next->string, "message") != 0 || !cJSON_IsString(c->next) ||
            !c->next->next || strcmp(c->next->next->string, "data") != 0 ||
            !cJSON_IsNull(c->next->next) || c->next->next->next)
            fail_msg("%s: error is not {\"code\":N,\"message\":\"...\",\"data\":null}: %.300s",
                     what, printed);
    } else {
        fail_msg("%s: third key is neither result nor error: %.300s", what, printed);
    }
    free(printed);
}

static void expect_json_type(const struct tl_response *res, const char *what)
{
    char type[200];
    if (!tl_header(res, "Content-Type", type, sizeof type) || strcmp(type, "application/json") != 0)
        fail_msg("%s: Content-Type is %s, want exactly application/json", what,
                 tl_header(res, "Content-Type", type, sizeof type) ? type : "(none)");
}

char *rpc_text(const char *lang, const char *body)
{
    struct oco_http h = { .lang = lang, .body = body };
    struct tl_response res;
    oco_send(&h, &res);
    if (res.status != 200)
        fail_msg("HTTP %ld (want 200) for %.300s: %.300s", res.status, body, res.body);
    expect_json_type(&res, body);
    char *text = res.body;
    free(res.headers);
    return text;
}

cJSON *rpc_lang(const char *lang, const char *method, const char *data_json, long *http_status)
{
    char *body = oco_request(method, data_json);
    struct oco_http h = { .lang = lang, .body = body };
    struct tl_response res;
    oco_send(&h, &res);
    char what[400];
    snprintf(what, sizeof what, "%s %.300s", method, data_json ? data_json : "");
    free(body);
    if (http_status)
        *http_status = res.status;
    if (res.status != 200) {
        if (!http_status)
            fail_msg("%s: HTTP %ld (want 200): %.300s", what, res.status, res.body);
        tl_response_free(&res);
        return NULL;
    }
    expect_json_type(&res, what);
    cJSON *j = cJSON_ParseWithLength(res.body, res.body_len);
    if (!j)
        fail_msg("%s: reply is not JSON: %.300s", what, res.body);
    tl_response_free(&res);
    oco_envelope(j, NULL, what);
    return j;
}

cJSON *rpc(const char *method, const char *data_json, long *http_status)
{
    return rpc_lang(NULL, method, data_json, http_status);
}

cJSON *ok(const char *method, const char *data_json)
{
    cJSON *j = rpc(method, data_json, NULL);
    cJSON *result = cJSON_GetObjectItemCaseSensitive(j, "result");
    if (!result) {
        char *p = cJSON_PrintUnformatted(j);
        fail_msg("%s %.300s: want success, got %.400s", method, data_json ? data_json : "", p);
    }
    cJSON *data = cJSON_DetachItemFromObjectCaseSensitive(result, "data");
    cJSON_Delete(j);
    return data;
}

cJSON *okf(const char *method, const char *data_format, ...)
{
    va_list ap;
    va_start(ap, data_format);
    int n = vsnprintf(NULL, 0, data_format, ap);
    va_end(ap);
    char *data = malloc((size_t)n + 1);
    assert_non_null(data);
    va_start(ap, data_format);
    vsnprintf(data, (size_t)n + 1, data_format, ap);
    va_end(ap);
    cJSON *r = ok(method, data);
    free(data);
    return r;
}

void ok_empty(const char *method, const char *data_json)
{
    cJSON *d = ok(method, data_json);
    if (!cJSON_IsArray(d) || cJSON_GetArraySize(d) != 0) {
        char *p = cJSON_PrintUnformatted(d);
        mismatch("%s %s: data must be [] (reference 2 Conventions), got %.300s", method,
                 data_json ? data_json : "", p);
        free(p);
    }
    cJSON_Delete(d);
}

int64_t ok_new_id(const char *method, const char *data_json)
{
    cJSON *d = ok(method, data_json);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(d, "id");
    char *p = cJSON_PrintUnformatted(d);
    if (!cJSON_IsObject(d) || !id || id->next || d->child != id || !cJSON_IsString(id) ||
        !id->valuestring[0] || strspn(id->valuestring, "0123456789") != strlen(id->valuestring))
        fail_msg("%s: data must be {\"id\":\"<digits>\"} (a string id), got %.300s", method, p);
    free(p);
    int64_t v = strtoll(id->valuestring, NULL, 10);
    cJSON_Delete(d);
    return v;
}

void expect_error_in(const cJSON *reply, int code, const char *message, const char *label)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(reply, "error");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "message");
    if (!e || !cJSON_IsNumber(c) || c->valueint != code || !cJSON_IsString(m) ||
        strcmp(m->valuestring, message) != 0) {
        char *p = cJSON_PrintUnformatted(reply);
        mismatch("%s\n      want error %d \"%s\"\n      got  %.600s", label, code, message, p);
        free(p);
    }
}

void expect_rpc_error(const char *method, const char *data_json, int code, const char *en,
                      const char *de)
{
    for (int german = 0; german <= (de ? 1 : 0); german++) {
        long status;
        cJSON *j = rpc_lang(german ? GERMAN : NULL, method, data_json, &status);
        char label[600];
        snprintf(label, sizeof label, "%s %.400s (%s)", method, data_json ? data_json : "",
                 german ? "de" : "en");
        if (!j)
            mismatch("%s: HTTP %ld, want 200 with error %d", label, status, code);
        else
            expect_error_in(j, code, german ? de : en, label);
        cJSON_Delete(j);
    }
}

void expect_500(const char *method, const char *data_json)
{
    char *body = oco_request(method, data_json);
    struct oco_http h = { .body = body };
    struct tl_response res;
    oco_send(&h, &res);
    if (res.status != 500 || res.body_len != 0)
        mismatch("%s %.300s: want HTTP 500 with an empty body (F-OCO-020), got %ld %.300s", method,
                 data_json, res.status, res.body);
    tl_response_free(&res);
    free(body);
}

/* ------------------------------------------------------------------ JSON */

cJSON *jget(const cJSON *v, const char *path)
{
    char part[128];
    while (v && *path) {
        size_t len = strcspn(path, ".");
        if (len >= sizeof part)
            return NULL;
        memcpy(part, path, len);
        part[len] = '\0';
        path += len + (path[len] == '.');
        if (cJSON_IsArray(v) && part[0] >= '0' && part[0] <= '9')
            v = cJSON_GetArrayItem(v, atoi(part));
        else
            v = cJSON_GetObjectItemCaseSensitive(v, part);
    }
    return (cJSON *)v;
}

cJSON *find_id(const cJSON *array, int64_t id)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, array)
    {
        const cJSON *i = cJSON_GetObjectItemCaseSensitive(e, "id");
        if (cJSON_IsNumber(i) && (int64_t)i->valuedouble == id)
            return (cJSON *)e;
    }
    return NULL;
}

void expect_json(const cJSON *v, const char *path, const char *want_json, const char *label)
{
    const cJSON *got = *path ? jget(v, path) : v;
    cJSON *want = cJSON_Parse(want_json);
    if (!want)
        fail_msg("%s: bad want JSON %s", label, want_json);
    char *w = cJSON_PrintUnformatted(want);
    char *g = got ? cJSON_PrintUnformatted(got) : strdup("(absent)");
    if (strcmp(w, g) != 0)
        mismatch("%s: %s\n      want %.400s\n      got  %.400s", label, path, w, g);
    free(w);
    free(g);
    cJSON_Delete(want);
}

void expect_keys(const cJSON *obj, const char *const *keys, const char *label)
{
    const cJSON *k = obj ? obj->child : NULL;
    size_t i = 0;
    for (; keys[i] && k; i++, k = k->next)
        if (!k->string || strcmp(k->string, keys[i]) != 0)
            break;
    if (!cJSON_IsObject(obj) || keys[i] || k) {
        char *p = obj ? cJSON_PrintUnformatted(obj) : strdup("(absent)");
        mismatch("%s: keys differ at position %zu: want \"%s\", got \"%s\" in %.500s", label, i,
                 keys[i] ? keys[i] : "(end)", k && k->string ? k->string : "(end)", p);
        free(p);
    }
}

void expect_keys_each(const cJSON *array, const char *const *keys, const char *label)
{
    if (!cJSON_IsArray(array)) {
        mismatch("%s: not an array", label);
        return;
    }
    const cJSON *e;
    int i = 0;
    cJSON_ArrayForEach(e, array)
    {
        char l[300];
        snprintf(l, sizeof l, "%s[%d]", label, i++);
        expect_keys(e, keys, l);
    }
}

void expect_num(const cJSON *v, const char *path, double want, const char *label)
{
    const cJSON *got = jget(v, path);
    if (!cJSON_IsNumber(got) || got->valuedouble != want) {
        char *g = got ? cJSON_PrintUnformatted(got) : strdup("(absent)");
        mismatch("%s: %s want number %.17g, got %s", label, path, want, g);
        free(g);
    }
}

void expect_str(const cJSON *v, const char *path, const char *want, const char *label)
{
    const cJSON *got = jget(v, path);
    bool good = want ? cJSON_IsString(got) && strcmp(got->valuestring, want) == 0
                     : cJSON_IsNull(got);
    if (!good) {
        char *g = got ? cJSON_PrintUnformatted(got) : strdup("(absent)");
        mismatch("%s: %s want %s%s%s, got %.300s", label, path, want ? "\"" : "",
                 want ? want : "null", want ? "\"" : "", g);
        free(g);
    }
}

void expect_len(const cJSON *v, const char *path, int n, const char *label)
{
    const cJSON *got = *path ? jget(v, path) : v;
    if (!cJSON_IsArray(got) || cJSON_GetArraySize(got) != n) {
        char *g = got ? cJSON_PrintUnformatted(got) : strdup("(absent)");
        mismatch("%s: %s want an array of %d, got %.400s", label, path, n, g);
        free(g);
    }
}
