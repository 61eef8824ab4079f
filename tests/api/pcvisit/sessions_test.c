/* AcQuerySessionsHistory and AcExportSessionsHistory over HTTP (server/apis/pcvisit/
 * sessions.c, downloads.c), the expected rows computed from fixtures/default.json. Pins
 * F-PCV-063, F-PCV-064, F-PCV-065, F-PCV-066, F-PCV-067, F-PCV-068, F-PCV-069, F-PCV-070,
 * F-PCV-071, F-PCV-072, F-PCV-081, F-PCV-082. */
#include "core/rm.h"
#include "pcv_support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct rmmsim *sim;
static char jwt[1024];

static int setup(void **state)
{
    (void)state;
    sim = tl_start("default");
    snprintf(jwt, sizeof jwt, "%s", pcv_demo_jwt(sim));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_clock_unfreeze();
    tl_stop(sim);
    return 0;
}

static const char query[] =
    "query($c: CustomerUuid!, $f: Filter, $s: Search, $o: [Sort!], $t: TimeFrame, "
    "$p: Pagination) { AcQuerySessionsHistory(company: $c, filter: $f, search: $s, sort: $o, "
    "timeFrame: $t, pagination: $p) { __typename ... on SessionProtocolEdge { totalCount "
    "batchLoadingIsStillActive reportingActiveSince nodes { cursor index value { id name type "
    "state duration sessionCreatedAt target { computerDisplayName } } } } "
    "... on Failure { error comment_for_dev } } }";

/* Runs the query with the arguments (a JSON object's members, without braces). */
static cJSON *run(const char *args)
{
    size_t size = strlen(args) + 128;
    char *vars = malloc(size);
    snprintf(vars, size, "{\"c\":\"%s\"%s%s}", PCV_DEMO_COMPANY, *args ? "," : "", args);
    cJSON *reply = pcv_gql(sim, jwt, query, vars);
    free(vars);
    return reply;
}

static const cJSON *edge_of(const cJSON *reply)
{
    return pcv_field(reply, "AcQuerySessionsHistory", "SessionProtocolEdge");
}

/* The demo company's protocols in the default order: newest first, then by id. */
static int by_default_order(const void *pa, const void *pb)
{
    const cJSON *a = *(const cJSON *const *)pa, *b = *(const cJSON *const *)pb;
    double x = cJSON_GetObjectItem(a, "sessionCreatedAt")->valuedouble;
    double y = cJSON_GetObjectItem(b, "sessionCreatedAt")->valuedouble;
    if (x != y)
        return x > y ? -1 : 1;
    return strcmp(cJSON_GetObjectItem(a, "id")->valuestring,
                  cJSON_GetObjectItem(b, "id")->valuestring);
}

typedef bool (*pred_fn)(const cJSON *s, const void *arg);

/* The fixture's demo protocols that pred keeps, in the default order; count in *n. */
static const cJSON **expected(pred_fn pred, const void *arg, size_t *n)
{
    const cJSON *sessions = cJSON_GetObjectItem(pcv_fixture("default"), "sessions");
    const cJSON **out = calloc((size_t)cJSON_GetArraySize(sessions), sizeof *out);
    *n = 0;
    for (const cJSON *s = sessions->child; s; s = s->next)
        if (!strcmp(cJSON_GetObjectItem(s, "sessionCompanyUuid")->valuestring, PCV_DEMO_COMPANY) &&
            (!pred || pred(s, arg)))
            out[(*n)++] = s;
    qsort(out, *n, sizeof *out, by_default_order);
    return out;
}

static bool all(const cJSON *s, const void *arg)
{
    (void)s, (void)arg;
    return true;
}

/* Checks a page's ids against want[from..] */
static void check_page(const cJSON *edge, const cJSON **want, size_t total, size_t from,
                       size_t size)
{
    assert_int_equal(cJSON_GetObjectItem(edge, "totalCount")->valueint, (int)total);
    const cJSON *nodes = cJSON_GetObjectItem(edge, "nodes");
    size_t expect = from >= total ? 0 : total - from < size ? total - from : size;
    assert_int_equal(cJSON_GetArraySize(nodes), (int)expect);
    size_t i = from;
    for (const cJSON *node = nodes->child; node; node = node->next, i++) {
        assert_int_equal(cJSON_GetObjectItem(node, "index")->valueint, (int)i);
        const cJSON *value = cJSON_GetObjectItem(node, "value");
        assert_string_equal(cJSON_GetObjectItem(value, "id")->valuestring,
                            cJSON_GetObjectItem(want[i], "id")->valuestring);
    }
}

/* F-PCV-067, F-PCV-068: pages of 50 by default; cursors lead through every protocol. */
static void pages_through_every_protocol(void **state)
{
    (void)state;
    size_t total;
    const cJSON **want = expected(all, NULL, &total);
    assert_true(total >= 300);
    cJSON *reply = run("");
    const cJSON *edge = edge_of(reply);
    check_page(edge, want, total, 0, 50);
    const cJSON *fx =
        cJSON_GetArrayItem(cJSON_GetObjectItem(pcv_fixture("default"), "companies"), 0);
    assert_true(cJSON_GetObjectItem(edge, "reportingActiveSince")->valuedouble ==
                cJSON_GetObjectItem(fx, "reportingActiveSince")->valuedouble);
    assert_false(cJSON_IsTrue(cJSON_GetObjectItem(edge, "batchLoadingIsStillActive")));
    cJSON_Delete(reply);
    char after[64] = "";
    for (size_t from = 0; from <= total; from += 120) {
        char args[256];
        if (after[0])
            snprintf(args, sizeof args, "\"p\":{\"first\":120,\"after\":\"%s\"}", after);
        else
            snprintf(args, sizeof args, "\"p\":{\"first\":120}");
        reply = run(args);
        edge = edge_of(reply);
        check_page(edge, want, total, from, 120);
        const cJSON *nodes = cJSON_GetObjectItem(edge, "nodes");
        int n = cJSON_GetArraySize(nodes);
        if (n)
            snprintf(after, sizeof after, "%s",
                     cJSON_GetObjectItem(cJSON_GetArrayItem(nodes, n - 1), "cursor")->valuestring);
        cJSON_Delete(reply);
        if (!n)
            break;
    }
    free(want);
}

struct type_state {
    const char *type, *state;
};

static bool type_and_state(const cJSON *s, const void *arg)
{
    const struct type_state *ts = arg;
    return !strcmp(cJSON_GetObjectItem(s, "type")->valuestring, ts->type) &&
           !strcmp(cJSON_GetObjectItem(s, "state")->valuestring, ts->state);
}

static bool display_name_is(const cJSON *s, const void *arg)
{
    return !strcmp(
        cJSON_GetObjectItem(cJSON_GetObjectItem(s, "target"), "computerDisplayName")->valuestring,
        arg);
}

static bool has_three_participants(const cJSON *s, const void *arg)
{
    (void)arg;
    return cJSON_GetArraySize(cJSON_GetObjectItem(s, "participants")) == 3;
}

/* F-PCV-063: filtrex on the field names, `of` and dotted names for nested objects, only an
 * exact true keeps a record. */
static void filters_with_filtrex(void **state)
{
    (void)state;
    size_t total;
    struct type_state ts = {"R2OSession", "Finished"};
    const cJSON **want = expected(type_and_state, &ts, &total);
    assert_true(total > 0);
    cJSON *reply = run("\"f\":{\"input\":\"type == \\\"R2OSession\\\" and state == "
                       "\\\"Finished\\\"\"},\"p\":{\"first\":500}");
    check_page(edge_of(reply), want, total, 0, 500);
    cJSON_Delete(reply);
    free(want);

    const char *name = "BÄCKEREI-01";
    want = expected(display_name_is, name, &total);
    assert_true(total > 0);
    const char *forms[] = {
        "\"f\":{\"input\":\"computerDisplayName of target == \\\"BÄCKEREI-01\\\"\"}",
        "\"f\":{\"input\":\"target.computerDisplayName == \\\"BÄCKEREI-01\\\"\"}",
    };
    for (int i = 0; i < 2; i++) {
        reply = run(forms[i]);
        check_page(edge_of(reply), want, total, 0, 50);
        cJSON_Delete(reply);
    }
    free(want);

    /* Lists: the participants' names as a filtrex list. */
    want = expected(has_three_participants, NULL, &total);
    reply = run("\"f\":{\"input\":\"exists(participants) and sessionFinishedAt == null or "
                "sessionFinishedAt != null\"},\"p\":{\"first\":1}");
    assert_int_equal(cJSON_GetObjectItem(edge_of(reply), "totalCount")->valueint, 320);
    cJSON_Delete(reply);
    free(want);

    /* Results that are not exactly true drop the record: a number, a runtime error. */
    const char *none[] = {"\"f\":{\"input\":\"1\"}", "\"f\":{\"input\":\"noSuchField == 1\"}",
                          "\"f\":{\"input\":\"name < 3\"}"};
    for (size_t i = 0; i < RM_ARRAY_LEN(none); i++) {
        reply = run(none[i]);
        assert_int_equal(cJSON_GetObjectItem(edge_of(reply), "totalCount")->valueint, 0);
        cJSON_Delete(reply);
    }
}

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s + 32);
}

static bool text_has(const cJSON *v, const char *needle)
{
    if (!cJSON_IsString(v))
        return false;
    char buf[512];
    snprintf(buf, sizeof buf, "%s", v->valuestring);
    lower(buf);
    return strstr(buf, needle) != NULL;
}

static bool matches_search(const cJSON *s, const void *arg)
{
    const char *needle = arg;
    const cJSON *cc = cJSON_GetObjectItem(s, "clientCompany");
    const cJSON *t = cJSON_GetObjectItem(s, "target");
    if (text_has(cJSON_GetObjectItem(s, "name"), needle) ||
        text_has(cJSON_GetObjectItem(s, "id"), needle) ||
        text_has(cJSON_GetObjectItem(cc, "companyFolderDisplayName"), needle) ||
        text_has(cJSON_GetObjectItem(cc, "clientId"), needle) ||
        text_has(cJSON_GetObjectItem(t, "computerDisplayName"), needle) ||
        text_has(cJSON_GetObjectItem(t, "computerHostName"), needle) ||
        text_has(cJSON_GetObjectItem(t, "computerUserDisplayName"), needle))
        return true;
    const cJSON *parts = cJSON_GetObjectItem(s, "participants");
    for (const cJSON *p = parts->child; p; p = p->next)
        if (text_has(cJSON_GetObjectItem(p, "name"), needle) ||
            text_has(cJSON_GetObjectItem(p, "computerName"), needle))
            return true;
    return false;
}

/* F-PCV-064: case-insensitive substring over the documented text fields. */
static void searches_text_fields(void **state)
{
    (void)state;
    const char *needles[] = {"kanzlei", "anna", "k-1003", "müller"};
    const char *sent[] = {"KANZLEI", "Anna", "k-1003", "Müller"};
    for (int i = 0; i < 4; i++) {
        size_t total;
        const cJSON **want = expected(matches_search, needles[i], &total);
        assert_true(total > 0);
        char args[256];
        snprintf(args, sizeof args, "\"s\":{\"input\":\"%s\"},\"p\":{\"first\":500}", sent[i]);
        cJSON *reply = run(args);
        check_page(edge_of(reply), want, total, 0, 500);
        cJSON_Delete(reply);
        free(want);
    }
    /* SQL metacharacters are text like any other. */
    cJSON *reply = run("\"s\":{\"input\":\"'; DROP TABLE pcv_session; --\"}");
    assert_int_equal(cJSON_GetObjectItem(edge_of(reply), "totalCount")->valueint, 0);
    cJSON_Delete(reply);
    reply = run("");
    assert_true(cJSON_GetObjectItem(edge_of(reply), "totalCount")->valueint >= 300);
    cJSON_Delete(reply);
}

struct window {
    double start, end;
};

static bool in_window(const cJSON *s, const void *arg)
{
    const struct window *w = arg;
    double t = cJSON_GetObjectItem(s, "sessionCreatedAt")->valuedouble;
    return t >= w->start && t <= w->end;
}

/* F-PCV-069: inclusive bounds on sessionCreatedAt, combined with a filter. */
static void time_frame_and_filter(void **state)
{
    (void)state;
    size_t total;
    const cJSON **every = expected(all, NULL, &total);
    /* bounds exactly on two protocols' times: both are in */
    struct window w = {cJSON_GetObjectItem(every[200], "sessionCreatedAt")->valuedouble,
                       cJSON_GetObjectItem(every[100], "sessionCreatedAt")->valuedouble};
    free(every);
    const cJSON **want = expected(in_window, &w, &total);
    assert_int_equal(total, 101);
    char args[256];
    snprintf(args, sizeof args, "\"t\":{\"startDate\":%.0f,\"endDate\":%.0f},\"p\":{\"first\":500}",
             w.start, w.end);
    cJSON *reply = run(args);
    check_page(edge_of(reply), want, total, 0, 500);
    cJSON_Delete(reply);
    free(want);
    snprintf(args, sizeof args,
             "\"t\":{\"startDate\":%.0f},\"f\":{\"input\":\"type == "
             "\\\"DeviceAccessSession\\\"\"},\"p\":{\"first\":500}",
             w.start);
    reply = run(args);
    int n = cJSON_GetObjectItem(edge_of(reply), "totalCount")->valueint;
    assert_true(n > 0 && n < 201);
    for (const cJSON *node = cJSON_GetObjectItem(edge_of(reply), "nodes")->child; node;
         node = node->next)
        assert_string_equal(
            cJSON_GetObjectItem(cJSON_GetObjectItem(node, "value"), "type")->valuestring,
            "DeviceAccessSession");
    cJSON_Delete(reply);
}

/* F-PCV-065: sort paths with directions, nulls last, mapToIndex, hashSize. */
static void sorts_by_paths(void **state)
{
    (void)state;
    cJSON *reply = run("\"o\":[{\"path\":\"duration\",\"direction\":\"Asc\"}],"
                       "\"p\":{\"first\":500}");
    const cJSON *nodes = cJSON_GetObjectItem(edge_of(reply), "nodes");
    double last = -1;
    bool seen_null = false;
    for (const cJSON *node = nodes->child; node; node = node->next) {
        const cJSON *d = cJSON_GetObjectItem(cJSON_GetObjectItem(node, "value"), "duration");
        if (cJSON_IsNull(d)) {
            seen_null = true;
            continue;
        }
        assert_false(seen_null); /* nulls last */
        assert_true(d->valuedouble >= last);
        last = d->valuedouble;
    }
    assert_true(seen_null);
    cJSON_Delete(reply);

    reply = run("\"o\":[{\"path\":\"target.computerDisplayName\",\"direction\":\"Desc\"},"
                "{\"path\":\"sessionCreatedAt\",\"direction\":\"Asc\"}],\"p\":{\"first\":500}");
    nodes = cJSON_GetObjectItem(edge_of(reply), "nodes");
    const cJSON *prev = NULL;
    for (const cJSON *node = nodes->child; node; node = node->next) {
        const cJSON *v = cJSON_GetObjectItem(node, "value");
        if (prev) {
            const char *a =
                cJSON_GetObjectItem(cJSON_GetObjectItem(prev, "target"), "computerDisplayName")
                    ->valuestring;
            const char *b =
                cJSON_GetObjectItem(cJSON_GetObjectItem(v, "target"), "computerDisplayName")
                    ->valuestring;
            int c = strncmp(a, b, 15);
            assert_true(c >= 0);
            if (c == 0)
                assert_true(cJSON_GetObjectItem(prev, "sessionCreatedAt")->valuedouble <=
                            cJSON_GetObjectItem(v, "sessionCreatedAt")->valuedouble);
        }
        prev = v;
    }
    cJSON_Delete(reply);

    /* mapToIndex orders enum values as listed; the rest after them. */
    reply = run("\"o\":[{\"path\":\"state\",\"direction\":\"Asc\",\"mapToIndex\":[\"Failed\","
                "\"Finished\"]}],\"p\":{\"first\":500}");
    nodes = cJSON_GetObjectItem(edge_of(reply), "nodes");
    int rank_prev = 0;
    for (const cJSON *node = nodes->child; node; node = node->next) {
        const char *st =
            cJSON_GetObjectItem(cJSON_GetObjectItem(node, "value"), "state")->valuestring;
        int rank = !strcmp(st, "Failed") ? 0 : !strcmp(st, "Finished") ? 1 : 2;
        assert_true(rank >= rank_prev);
        rank_prev = rank;
    }
    assert_int_equal(rank_prev, 2);
    cJSON_Delete(reply);

    /* hashSize 1: names compare by their first byte only; ties keep the default order. */
    reply = run("\"o\":[{\"path\":\"name\",\"direction\":\"Asc\",\"hashSize\":1}],"
                "\"p\":{\"first\":500}");
    size_t total;
    const cJSON **every = expected(all, NULL, &total);
    nodes = cJSON_GetObjectItem(edge_of(reply), "nodes");
    prev = NULL;
    for (const cJSON *node = nodes->child; node; node = node->next) {
        const cJSON *v = cJSON_GetObjectItem(node, "value");
        if (prev && cJSON_GetObjectItem(prev, "name")->valuestring[0] ==
                        cJSON_GetObjectItem(v, "name")->valuestring[0])
            assert_true(cJSON_GetObjectItem(prev, "sessionCreatedAt")->valuedouble >=
                        cJSON_GetObjectItem(v, "sessionCreatedAt")->valuedouble);
        prev = v;
    }
    free(every);
    cJSON_Delete(reply);
}

/* Each bad argument is InvalidParameter saying what is wrong; F-PCV-070 for the company. */
static void bad_arguments_are_failures(void **state)
{
    (void)state;
    static const struct {
        const char *args, *error, *says;
    } cases[] = {
        {"\"f\":{\"input\":\"not(t)\"}", "InvalidParameter", "Parse error"},
        {"\"f\":{\"input\":\"a = 1\"}", "InvalidParameter", "Lexical error"},
        {"\"o\":[{\"path\":\"nope\",\"direction\":\"Asc\"}]", "InvalidParameter",
         "SessionProtocol has no field \"nope\""},
        {"\"o\":[{\"path\":\"participants.name\",\"direction\":\"Asc\"}]", "InvalidParameter",
         "is a list"},
        {"\"o\":[{\"path\":\"target\",\"direction\":\"Asc\"}]", "InvalidParameter",
         "names an object"},
        {"\"o\":[{\"path\":\"name\",\"direction\":\"Asc\",\"hashSize\":0}]", "InvalidParameter",
         "hashSize"},
        {"\"p\":{\"first\":0}", "InvalidParameter", "pagination.first"},
        {"\"p\":{\"first\":501}", "InvalidParameter", "pagination.first"},
        {"\"p\":{\"after\":\"bm9wZQ==\"}", "InvalidParameter", "pagination.after"},
        {"\"t\":{\"startDate\":\"yesterday\"}", "InvalidParameter", "timeFrame.startDate"},
        {"\"t\":{\"startDate\":2,\"endDate\":1}", "InvalidParameter", "timeFrame"},
    };
    for (size_t i = 0; i < RM_ARRAY_LEN(cases); i++) {
        cJSON *reply = run(cases[i].args);
        const char *why = pcv_expect_failure(reply, "AcQuerySessionsHistory", cases[i].error);
        if (!strstr(why, cases[i].says))
            fail_msg("case %zu: \"%s\" does not say \"%s\"", i, why, cases[i].says);
        cJSON_Delete(reply);
    }
    const char *companies[] = {PCV_OTHER_COMPANY, "no-such-company", "' OR 1=1 --"};
    for (size_t i = 0; i < RM_ARRAY_LEN(companies); i++) {
        cJSON *reply = pcv_gql_var(sim, jwt, query, "c", companies[i]);
        pcv_expect_failure(reply, "AcQuerySessionsHistory", "AccessDenied");
        cJSON_Delete(reply);
    }
    /* Without a token: AccessDenied, not data. */
    cJSON *reply = pcv_gql(sim, NULL, query, "{\"c\":\"" PCV_DEMO_COMPANY "\"}");
    pcv_expect_failure(reply, "AcQuerySessionsHistory", "AccessDenied");
    cJSON_Delete(reply);
}

/* Hostile input gets clean answers: long and deep filters, a body past the limit. */
static void hostile_inputs(void **state)
{
    (void)state;
    size_t len = 300 * 1024;
    char *f = malloc(len + 64);
    memset(f, 'a', len);
    f[len] = '\0';
    char *args = malloc(len + 128);
    snprintf(args, len + 128, "\"f\":{\"input\":\"%s\"}", f);
    cJSON *reply = run(args);
    pcv_expect_failure(reply, "AcQuerySessionsHistory", "InvalidParameter");
    cJSON_Delete(reply);
    size_t depth = 20000;
    for (size_t i = 0; i < depth; i++)
        f[i] = '(';
    snprintf(f + depth, 64, "1");
    snprintf(args, len + 128, "\"f\":{\"input\":\"%s\"}", f);
    reply = run(args);
    pcv_expect_failure(reply, "AcQuerySessionsHistory", "InvalidParameter");
    cJSON_Delete(reply);
    free(args);
    free(f);
    /* A mapToIndex of 40 000 values is read once per row, not per comparison. */
    size_t nmap = 40000;
    char *map = malloc(nmap * 12 + 256);
    size_t at = (size_t)snprintf(map, 64, "\"o\":[{\"path\":\"name\",\"direction\":\"Asc\","
                                          "\"mapToIndex\":[");
    for (size_t i = 0; i < nmap; i++)
        at += (size_t)snprintf(map + at, 16, "%s\"v%zu\"", i ? "," : "", i);
    snprintf(map + at, 64, "]}],\"p\":{\"first\":500}");
    uint64_t t0 = rm_clock_mono_ns();
    reply = run(map);
    assert_true(cJSON_GetObjectItem(edge_of(reply), "totalCount")->valueint >= 300);
    assert_true(rm_clock_mono_ns() - t0 < 20000000000ull); /* seconds, not minutes */
    cJSON_Delete(reply);
    free(map);
    /* 1 MB of filter: more than the body limit, a clean 413. */
    size_t big = 1u << 20;
    char *body = malloc(big + 256);
    int n = snprintf(body, big + 256,
                     "{\"query\":\"{ AcQuerySessionsHistory(company: \\\"x\\\", "
                     "filter: {input: \\\"");
    memset(body + n, 'a', big);
    snprintf(body + n + big, 64, "\\\"}) { __typename } }\"}");
    struct tl_request req = {.method = "POST",
                             .path = "/graphql",
                             .body = body,
                             .headers = {"Content-Type: application/json"}};
    struct tl_response res;
    tl_do(sim, &req, &res);
    assert_int_equal(res.status, 413);
    tl_response_free(&res);
    free(body);
}

static const char export_query[] =
    "query($c: CustomerUuid!, $o: InputSessionExportOptions!, $f: Filter, $x: [Sort!]) { "
    "AcExportSessionsHistory(company: $c, options: $o, filter: $f, sort: $x) { __typename "
    "... on ExportSummary { exportDocumentDownloadLink } ... on Failure { error "
    "comment_for_dev } } }";

/* Exports with the options; returns the link's path (after the host) in path. */
static void export_link(const char *format, bool comments, const char *filter, char *path,
                        size_t size)
{
    char vars[1024];
    snprintf(vars, sizeof vars,
             "{\"c\":\"%s\",\"o\":{\"outputFileFormat\":\"%s\",\"exportWithComments\":%s}%s%s}",
             PCV_DEMO_COMPANY, format, comments ? "true" : "false", filter ? "," : "",
             filter ? filter : "");
    cJSON *reply = pcv_gql(sim, jwt, export_query, vars);
    const cJSON *summary = pcv_field(reply, "AcExportSessionsHistory", "ExportSummary");
    const char *link = cJSON_GetObjectItem(summary, "exportDocumentDownloadLink")->valuestring;
    /* absolute, on the host the client used */
    char base[128];
    snprintf(base, sizeof base, "%s/graphql/exports/", rmmsim_base_url(sim));
    assert_int_equal(strncmp(link, base, strlen(base)), 0);
    snprintf(path, size, "%s", link + strlen(rmmsim_base_url(sim)));
    cJSON_Delete(reply);
}

/* F-PCV-071, F-PCV-072: each format downloads with its type; the rows are the query's. */
static void exports_download_in_each_format(void **state)
{
    (void)state;
    static const struct {
        const char *format, *type, *magic;
    } formats[] = {
        {"csv", "text/csv", NULL},
        {"pdf", "application/pdf", "%PDF-"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "PK"},
    };
    for (size_t i = 0; i < RM_ARRAY_LEN(formats); i++) {
        char path[256], type[256];
        export_link(formats[i].format, false, NULL, path, sizeof path);
        assert_non_null(strstr(path, formats[i].format));
        struct tl_response res;
        tl_get(sim, path, &res);
        assert_int_equal(res.status, 200);
        assert_non_null(tl_header(&res, "Content-Type", type, sizeof type));
        assert_int_equal(strncmp(type, formats[i].type, strlen(formats[i].type)), 0);
        assert_true(res.body_len > 500);
        if (formats[i].magic)
            assert_memory_equal(res.body, formats[i].magic, strlen(formats[i].magic));
        tl_response_free(&res);
    }
    /* CSV: the filtered rows, and comments only when asked for. */
    size_t total;
    struct type_state ts = {"AdHocSessionForSupporter", "Finished"};
    const cJSON **want = expected(type_and_state, &ts, &total);
    const char *filter = "\"f\":{\"input\":\"type == \\\"AdHocSessionForSupporter\\\" and "
                         "state == \\\"Finished\\\"\"}";
    char path[256];
    export_link("csv", false, filter, path, sizeof path);
    struct tl_response res;
    tl_get(sim, path, &res);
    for (size_t i = 0; i < total; i++)
        assert_non_null(strstr(res.body, cJSON_GetObjectItem(want[i], "id")->valuestring));
    size_t lines = 0;
    for (const char *p = res.body; (p = strstr(p, "AdHocSessionForSupporter")); p++)
        lines++;
    assert_int_equal(lines, total);
    assert_null(strstr(res.body, "Kunde ruft zurück"));
    tl_response_free(&res);
    free(want);
    export_link("csv", true, NULL, path, sizeof path);
    tl_get(sim, path, &res);
    assert_int_equal(res.status, 200);
    assert_non_null(strstr(res.body, "Kunde ruft zurück"));
    tl_response_free(&res);
    /* HEAD works; after an hour of rmmsim's clock the document is gone. */
    rm_clock_freeze(rm_clock_now_ms());
    export_link("pdf", false, NULL, path, sizeof path);
    struct tl_request head = {.method = "HEAD", .path = path};
    tl_do(sim, &head, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    rm_clock_advance(3599 * 1000);
    tl_get(sim, path, &res);
    assert_int_equal(res.status, 200);
    tl_response_free(&res);
    rm_clock_advance(1000);
    tl_get(sim, path, &res);
    assert_int_equal(res.status, 404);
    tl_response_free(&res);
    rm_clock_unfreeze();
    /* Unknown documents are 404. */
    tl_get(sim, "/graphql/exports/00000000000000000000000000000000.csv", &res);
    assert_int_equal(res.status, 404);
    tl_response_free(&res);
}

/* F-PCV-066: the fixture's protocols come back as written. */
static void protocols_come_back_as_the_fixture_has_them(void **state)
{
    (void)state;
    size_t total;
    const cJSON **want = expected(all, NULL, &total);
    cJSON *reply = pcv_gql(sim, jwt,
                           "query($c: CustomerUuid!) { AcQuerySessionsHistory(company: $c, "
                           "pagination: {first: 1}) { ... on SessionProtocolEdge { nodes { value "
                           "{ id name participants { name os joinedAt loggedOnUser { logonName } } "
                           "clientCompany { clientId } invoiceState } } } } }",
                           "{\"c\":\"" PCV_DEMO_COMPANY "\"}");
    const cJSON *value = cJSON_GetObjectItem(
        cJSON_GetArrayItem(
            cJSON_GetObjectItem(pcv_field(reply, "AcQuerySessionsHistory", NULL), "nodes"), 0),
        "value");
    assert_string_equal(cJSON_GetObjectItem(value, "name")->valuestring,
                        cJSON_GetObjectItem(want[0], "name")->valuestring);
    const cJSON *p0 = cJSON_GetArrayItem(cJSON_GetObjectItem(value, "participants"), 0);
    const cJSON *w0 = cJSON_GetArrayItem(cJSON_GetObjectItem(want[0], "participants"), 0);
    assert_string_equal(cJSON_GetObjectItem(p0, "os")->valuestring,
                        cJSON_GetObjectItem(w0, "os")->valuestring);
    assert_true(cJSON_GetObjectItem(p0, "joinedAt")->valuedouble ==
                cJSON_GetObjectItem(w0, "joinedAt")->valuedouble);
    cJSON_Delete(reply);
    free(want);
}

static int total_of(const char *args)
{
    cJSON *reply = run(args);
    int n = cJSON_GetObjectItem(edge_of(reply), "totalCount")->valueint;
    cJSON_Delete(reply);
    return n;
}

/* F-PCV-082: a remembered selection follows the tenant's data across resets. */
static void selections_follow_the_data(void **state)
{
    (void)state;
    const char *args = "\"f\":{\"input\":\"state == \\\"Failed\\\"\"}";
    size_t total;
    const cJSON **every = expected(all, NULL, &total);
    size_t failed = 0;
    for (size_t i = 0; i < total; i++)
        failed += !strcmp(cJSON_GetObjectItem(every[i], "state")->valuestring, "Failed");
    free(every);
    assert_int_equal(total_of(args), (int)failed);
    assert_int_equal(total_of(args), (int)failed); /* the remembered selection */
    char err[256];
    assert_int_equal(rmmsim_reset(sim, "empty", err, sizeof err), 0);
    snprintf(jwt, sizeof jwt, "%s", pcv_demo_jwt(sim));
    assert_int_equal(total_of(args), 0);
    assert_int_equal(rmmsim_reset(sim, "default", err, sizeof err), 0);
    snprintf(jwt, sizeof jwt, "%s", pcv_demo_jwt(sim));
    assert_int_equal(total_of(args), (int)failed);
    /* Another rmmsim in the process has its own "default" tenant and data. */
    struct rmmsim *saved = sim, *other = tl_start("empty");
    char saved_jwt[sizeof jwt];
    memcpy(saved_jwt, jwt, sizeof jwt);
    sim = other;
    snprintf(jwt, sizeof jwt, "%s", pcv_demo_jwt(sim));
    assert_int_equal(total_of(args), 0);
    sim = saved;
    memcpy(jwt, saved_jwt, sizeof jwt);
    tl_stop(other);
    assert_int_equal(total_of(args), (int)failed);
}

struct worker {
    pthread_t thread;
    int matches; /* replies with the expected totalCount */
};

static void *work(void *p)
{
    struct worker *w = p;
    for (int i = 0; i < 20; i++) {
        char args[128];
        snprintf(args, sizeof args,
                 "\"p\":{\"first\":%d},\"o\":[{\"path\":\"name\","
                 "\"direction\":\"Asc\"}]",
                 1 + i);
        if (total_of(args) == 320)
            w->matches++;
    }
    tl_thread_done();
    return NULL;
}

/* F-PCV-081: requests run in parallel and each sees the whole data. */
static void parallel_queries_agree(void **state)
{
    (void)state;
    struct worker w[4] = {0};
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&w[i].thread, NULL, work, &w[i]), 0);
    for (int i = 0; i < 4; i++) {
        pthread_join(w[i].thread, NULL);
        assert_int_equal(w[i].matches, 20);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pages_through_every_protocol),
        cmocka_unit_test(filters_with_filtrex),
        cmocka_unit_test(searches_text_fields),
        cmocka_unit_test(time_frame_and_filter),
        cmocka_unit_test(sorts_by_paths),
        cmocka_unit_test(bad_arguments_are_failures),
        cmocka_unit_test(hostile_inputs),
        cmocka_unit_test(exports_download_in_each_format),
        cmocka_unit_test(protocols_come_back_as_the_fixture_has_them),
        cmocka_unit_test(selections_follow_the_data),
        cmocka_unit_test(parallel_queries_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
