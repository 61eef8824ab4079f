/*
 * The session history (seed 002: AcQuerySessionsHistory, AcExportSessionsHistory): one
 * pipeline selects a company's protocols by time frame, search and filtrex filter, sorts
 * them, then pages them (query) or renders them as a document (export). The parsed
 * protocols of a tenant are kept per data generation, so a request parses nothing.
 */
#include "apis/pcvisit/pcv_int.h"

#include "apis/pcvisit/export.h"
#include "filtrex/filtrex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_DEFAULT 50
#define PAGE_MAX 500
#define HASH_SIZE_DEFAULT 15 /* Sort.hashSize's documented default */
#define HASH_SIZE_MAX 1024
#define SORT_MAX 8 /* sort criteria per request */

/* A record as filtrex reads it. */
struct fx_rec {
    const cJSON *json;
    struct rm_arena *a;
};

static struct fx_value fx_lookup(const char *name, size_t len, void *record);

static struct fx_value fx_nomem(void)
{
    static const char msg[] = "out of memory";
    return (struct fx_value){.kind = FX_ERROR, .u.err = {FX_ERR_NOMEM, msg, sizeof msg - 1}};
}

/* A JSON value as a filtrex value: objects readable with `of`, arrays as lists. */
static struct fx_value fx_of_json(const cJSON *v, struct rm_arena *a)
{
    if (cJSON_IsString(v))
        return fx_string(v->valuestring, strlen(v->valuestring));
    if (cJSON_IsNumber(v))
        return fx_number(v->valuedouble);
    if (cJSON_IsBool(v))
        return fx_bool(cJSON_IsTrue(v));
    if (cJSON_IsObject(v)) {
        struct fx_rec *r = rm_arena_alloc(a, sizeof *r);
        if (!r)
            return fx_nomem();
        *r = (struct fx_rec){v, a};
        return fx_object(fx_lookup, r);
    }
    if (cJSON_IsArray(v)) {
        size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
        struct fx_value *items = rm_arena_calloc(a, n ? n : 1, sizeof *items);
        if (!items)
            return fx_nomem();
        for (const cJSON *c = v->child; c; c = c->next)
            items[i++] = fx_of_json(c, a);
        return fx_array(items, n);
    }
    return (struct fx_value){.kind = FX_NULL};
}

/* F-PCV-063: the record's GraphQL field names; a dotted name that is no field walks the
 * nested objects (filtrex's useDotAccessOperator); `x of y` reads nested objects too. */
static struct fx_value fx_lookup(const char *name, size_t len, void *record)
{
    struct fx_rec *r = record;
    const cJSON *v = pcv__json_child(r->json, name, len);
    if (!v && memchr(name, '.', len)) {
        const char *end = name + len, *p = name;
        v = r->json;
        for (;;) { /* a segment per dot, and the last one */
            const char *dot = memchr(p, '.', (size_t)(end - p));
            v = pcv__json_child(v, p, (size_t)((dot ? dot : end) - p));
            if (!v || !dot)
                break;
            p = dot + 1;
        }
    }
    if (!v)
        return (struct fx_value){.kind = FX_ABSENT};
    return fx_of_json(v, r->a);
}

/* filtrex's constants pcvisit is assumed to define (reference/pcvisit.md 2.1). */
static const struct fx_constant fx_constants[] = {
    {"true", {.kind = FX_BOOL, .u.b = true}},
    {"false", {.kind = FX_BOOL, .u.b = false}},
    {"null", {.kind = FX_NULL}},
    {NULL, {.kind = FX_ABSENT}},
};

/* ---- the selection ---- */

struct sort_key {
    const char *path;
    bool desc;
    uint32_t hash_size;
    const cJSON *map; /* mapToIndex: an array of strings, or NULL */
};

struct selection {
    const char *company;
    bool has_start, has_end;
    double start, end;
    const char *needle;     /* lower-case; NULL: no search */
    struct fx_expr *filter; /* NULL: no filter */
    struct sort_key sort[SORT_MAX];
    size_t nsort;
    struct pcv__rec **rows; /* the selected records, in order */
    size_t n;
};

/* Checks a sort path against SessionProtocol's fields: a chain of object fields ending in
 * a scalar or enum, no lists. NULL when fine, else why not (arena). */
static const char *sort_path_error(const struct pcv__ctx *ctx, struct rm_arena *a, const char *path)
{
    const struct gql_type *t = gql_schema_type(ctx->schema, "SessionProtocol", 15);
    const char *p = path;
    for (;;) {
        size_t len = strcspn(p, ".");
        struct gql_field *f = t ? gql_type_field(t, p, len) : NULL;
        if (!f)
            return rm_arena_printf(a, "sort path \"%s\": %s has no field \"%.*s\"", path,
                                   t ? t->name : "a leaf", (int)len, p);
        const struct gql_type *ft = f->type;
        if (ft->kind == GQL_TYPE_NON_NULL)
            ft = ft->of_type;
        if (ft->kind == GQL_TYPE_LIST)
            return rm_arena_printf(a, "sort path \"%s\": \"%.*s\" is a list", path, (int)len, p);
        if (!p[len]) {
            if (ft->kind == GQL_TYPE_OBJECT)
                return rm_arena_printf(a, "sort path \"%s\" names an object, not a value", path);
            return NULL;
        }
        if (ft->kind != GQL_TYPE_OBJECT)
            return rm_arena_printf(a, "sort path \"%s\": \"%.*s\" has no fields", path, (int)len,
                                   p);
        t = ft;
        p += len + 1;
    }
}

/* Reads the arguments; NULL when fine, else the InvalidParameter comment (arena). */
static const char *selection_args(const struct gql_resolve_info *info, struct selection *s)
{
    struct pcv__ctx *ctx = info->context;
    struct rm_arena *a = &ctx->req->arena;
    const cJSON *args = info->args;
    const cJSON *tf = cJSON_GetObjectItemCaseSensitive(args, "timeFrame");
    const char *bounds[] = {"startDate", "endDate"};
    for (int i = 0; i < 2 && cJSON_IsObject(tf); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(tf, bounds[i]);
        if (!v || cJSON_IsNull(v))
            continue;
        if (!cJSON_IsNumber(v))
            return rm_arena_printf(a, "timeFrame.%s must be a UnixTimeMs number", bounds[i]);
        *(i ? &s->has_end : &s->has_start) = true;
        *(i ? &s->end : &s->start) = v->valuedouble;
    }
    if (s->has_start && s->has_end && s->start > s->end)
        return "timeFrame.startDate is after timeFrame.endDate";
    const cJSON *search = cJSON_GetObjectItemCaseSensitive(args, "search");
    const cJSON *input = cJSON_GetObjectItemCaseSensitive(search, "input");
    if (cJSON_IsString(input) && input->valuestring[0]) {
        char *needle = rm_arena_strdup(a, input->valuestring);
        if (!needle)
            return "out of memory";
        for (char *p = needle; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p + 32);
        s->needle = needle;
    }
    const cJSON *sorts = cJSON_GetObjectItemCaseSensitive(args, "sort");
    int i = 0;
    for (const cJSON *k = cJSON_IsArray(sorts) ? sorts->child : NULL; k; k = k->next, i++) {
        if (s->nsort == SORT_MAX)
            return rm_arena_printf(a, "sort: at most %d criteria", SORT_MAX);
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(k, "path");
        const cJSON *dir = cJSON_GetObjectItemCaseSensitive(k, "direction");
        const cJSON *hash = cJSON_GetObjectItemCaseSensitive(k, "hashSize");
        const cJSON *map = cJSON_GetObjectItemCaseSensitive(k, "mapToIndex");
        struct sort_key *key = &s->sort[s->nsort++];
        *key = (struct sort_key){.path = cJSON_IsString(path) ? path->valuestring : "",
                                 .hash_size = HASH_SIZE_DEFAULT};
        key->desc = cJSON_IsString(dir) && strcmp(dir->valuestring, "Desc") == 0;
        const char *why = sort_path_error(ctx, a, key->path);
        if (why)
            return rm_arena_printf(a, "sort[%d]: %s", i, why);
        if (cJSON_IsNumber(hash)) {
            if (hash->valuedouble < 1 || hash->valuedouble > HASH_SIZE_MAX)
                return rm_arena_printf(a, "sort[%d].hashSize must be between 1 and %d", i,
                                       HASH_SIZE_MAX);
            key->hash_size = (uint32_t)hash->valuedouble;
        }
        if (cJSON_IsArray(map))
            key->map = map;
    }
    const cJSON *filter = cJSON_GetObjectItemCaseSensitive(args, "filter");
    const cJSON *expr = cJSON_GetObjectItemCaseSensitive(filter, "input");
    if (cJSON_IsString(expr)) {
        struct fx_error err;
        s->filter = fx_compile(expr->valuestring, strlen(expr->valuestring), fx_constants, &err);
        if (!s->filter)
            return rm_arena_printf(a, "filter: %s: %.*s", fx_error_class(err.kind),
                                   (int)err.message_len, err.message);
        if (rm_arena_defer(a, (void (*)(void *))fx_free, s->filter) != RM_OK)
            return "out of memory";
    }
    return NULL;
}

static bool selected(const struct selection *s, const struct pcv__rec *r, struct rm_arena *a)
{
    if (strcmp(r->company, s->company) != 0)
        return false;
    /* F-PCV-069: both bounds inclusive, on sessionCreatedAt. */
    if ((s->has_start && r->created < s->start) || (s->has_end && r->created > s->end))
        return false;
    if (s->needle && !strstr(r->haystack, s->needle))
        return false;
    if (s->filter) {
        struct fx_rec fr = {r->doc, a};
        struct fx_value v = fx_eval(s->filter, fx_lookup, &fr);
        /* reference/pcvisit.md 2.4: only an exact true keeps the record. */
        if (v.kind != FX_BOOL || !v.u.b)
            return false;
    }
    return true;
}

/* ---- ordering (F-PCV-065) ---- */

struct keyed {
    struct pcv__rec *rec;
    size_t pos;           /* position in the default order */
    const cJSON **values; /* one per sort key */
    long *ranks;          /* one per sort key: the value's mapToIndex position, if it has one */
};

static _Thread_local const struct selection *sorting;

static int type_rank(const cJSON *v)
{
    return cJSON_IsBool(v) ? 0 : cJSON_IsNumber(v) ? 1 : cJSON_IsString(v) ? 2 : 3;
}

static long map_index(const cJSON *map, const cJSON *v)
{
    long i = 0;
    for (const cJSON *m = map->child; m; m = m->next, i++)
        if (cJSON_IsString(m) && cJSON_IsString(v) && !strcmp(m->valuestring, v->valuestring))
            return i;
    return i; /* values the map does not name come after those it does */
}

static int compare_values(const struct sort_key *k, const cJSON *x, const cJSON *y, long xrank,
                          long yrank)
{
    bool xnull = !x || cJSON_IsNull(x), ynull = !y || cJSON_IsNull(y);
    if (xnull || ynull)
        return xnull == ynull ? 0 : xnull ? 2 : -2; /* nulls last in both directions */
    int c;
    if (k->map) {
        c = xrank < yrank ? -1 : xrank > yrank;
    } else if (type_rank(x) != type_rank(y)) {
        c = type_rank(x) < type_rank(y) ? -1 : 1;
    } else if (cJSON_IsNumber(x)) {
        c = x->valuedouble < y->valuedouble ? -1 : x->valuedouble > y->valuedouble;
    } else if (cJSON_IsString(x)) {
        c = strncmp(x->valuestring, y->valuestring, k->hash_size);
    } else {
        c = cJSON_IsTrue(x) - cJSON_IsTrue(y);
    }
    return k->desc ? -c : c;
}

static int compare_keyed(const void *pa, const void *pb)
{
    const struct keyed *a = pa, *b = pb;
    for (size_t i = 0; i < sorting->nsort; i++) {
        int c = compare_values(&sorting->sort[i], a->values[i], b->values[i], a->ranks[i],
                               b->ranks[i]);
        if (c)
            return c;
    }
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int sort_rows(struct selection *s, struct rm_arena *a)
{
    if (!s->nsort || s->n < 2)
        return RM_OK;
    struct keyed *k = rm_arena_calloc(a, s->n, sizeof *k);
    const cJSON **values = rm_arena_calloc(a, s->n * s->nsort, sizeof *values);
    long *ranks = rm_arena_calloc(a, s->n * s->nsort, sizeof *ranks);
    if (!k || !values || !ranks)
        return RM_ENOMEM;
    /* Keys are read (and mapToIndex positions found) once per row, not per comparison. */
    for (size_t i = 0; i < s->n; i++) {
        k[i] = (struct keyed){s->rows[i], i, values + i * s->nsort, ranks + i * s->nsort};
        for (size_t j = 0; j < s->nsort; j++) {
            k[i].values[j] = pcv__json_path(s->rows[i]->doc, s->sort[j].path);
            if (s->sort[j].map)
                k[i].ranks[j] = map_index(s->sort[j].map, k[i].values[j]);
        }
    }
    sorting = s;
    qsort(k, s->n, sizeof *k, compare_keyed);
    sorting = NULL;
    for (size_t i = 0; i < s->n; i++)
        s->rows[i] = k[i].rec;
    return RM_OK;
}

/* The whole pipeline. NULL when s->rows holds the result, else the Failure to return. */
static const cJSON *select_rows(const struct gql_resolve_info *info, struct selection *s,
                                struct store_pcv_company *company, bool export)
{
    const cJSON *failure;
    const struct pcv__caller *caller = pcv__authorize(info, &failure);
    if (!caller)
        return failure;
    struct pcv__ctx *ctx = info->context;
    struct rm_arena *a = &ctx->req->arena;
    const cJSON *arg = cJSON_GetObjectItemCaseSensitive(info->args, "company");
    s->company = cJSON_IsString(arg) ? arg->valuestring : "";
    /* F-PCV-070: only the caller's companies; an unknown one looks the same. */
    int rc = store_pcv_user_sees_company(ctx->tenant, caller->sub, s->company);
    if (rc == RM_OK)
        rc = store_pcv_company_find(ctx->tenant, a, s->company, false, company);
    if (rc == RM_ENOTFOUND)
        return pcv__failure(
            info, "AccessDenied",
            rm_arena_printf(a, "company %s is not one of the caller's companies", s->company));
    if (rc != RM_OK)
        return pcv__internal(info);
    struct pcv__list *l = pcv__list_acquire(ctx);
    if (!l)
        return pcv__internal(info);
    /* The list is immutable and referenced: the rest runs without the tenant's lock. */
    if (!export)
        pcv__unlock(ctx);
    const char *key = pcv__memo_key(info->args, a);
    if (key && pcv__memo_get(l, key, a, &s->rows, &s->n))
        return NULL;
    const char *why = selection_args(info, s);
    if (why)
        return pcv__failure(info, "InvalidParameter", why);
    if (!(s->rows = rm_arena_calloc(a, l->n ? l->n : 1, sizeof *s->rows)))
        return NULL;
    for (size_t i = 0; i < l->n; i++)
        if (selected(s, &l->recs[i], a))
            s->rows[s->n++] = &l->recs[i];
    if (a->failed || sort_rows(s, a) != RM_OK)
        return NULL;
    if (key)
        pcv__memo_put(l, key, s->rows, s->n);
    return NULL;
}

/* ---- AcQuerySessionsHistory ---- */

/* F-PCV-067: a cursor is base64 of "idx:<index>". Returns the index, or -1. */
static long cursor_decode(const char *c)
{
    unsigned char buf[48];
    size_t n = 0, len = strlen(c);
    if (len == 0 || len > 40 || rm_base64_decode(c, len, buf, &n) != RM_OK || n < 5 ||
        memcmp(buf, "idx:", 4) != 0)
        return -1;
    long v = 0;
    for (size_t i = 4; i < n; i++) {
        if (buf[i] < '0' || buf[i] > '9' || v > 100000000)
            return -1;
        v = v * 10 + (buf[i] - '0');
    }
    return v;
}

static const char *pagination_args(const cJSON *args, struct rm_arena *a, long *first, long *start)
{
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(args, "pagination");
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(p, "first");
    const cJSON *after = cJSON_GetObjectItemCaseSensitive(p, "after");
    *first = PAGE_DEFAULT;
    *start = 0;
    if (cJSON_IsNumber(f)) {
        if (f->valuedouble < 1 || f->valuedouble > PAGE_MAX)
            return rm_arena_printf(a, "pagination.first must be between 1 and %d, not %d", PAGE_MAX,
                                   f->valueint);
        *first = (long)f->valuedouble;
    }
    if (cJSON_IsString(after)) {
        long idx = cursor_decode(after->valuestring);
        if (idx < 0)
            return "pagination.after is not a cursor of AcQuerySessionsHistory";
        *start = idx + 1;
    }
    return NULL;
}

const cJSON *pcv__ac_query_sessions_history(const struct gql_resolve_info *info)
{
    struct pcv__ctx *ctx = info->context;
    struct rm_arena *a = &ctx->req->arena;
    struct selection s = {0};
    struct store_pcv_company company;
    long first, start;
    const char *why = pagination_args(info->args, a, &first, &start);
    const cJSON *failure = select_rows(info, &s, &company, false);
    if (failure || !s.rows)
        return failure;
    if (why)
        return pcv__failure(info, "InvalidParameter", why);
    cJSON *edge = pcv__object("SessionProtocolEdge");
    cJSON *nodes = edge ? cJSON_AddArrayToObject(edge, "nodes") : NULL;
    if (!nodes) {
        cJSON_Delete(edge);
        return NULL;
    }
    /* F-PCV-068: the company's flag and start of reporting, from the fixture. */
    cJSON_AddBoolToObject(edge, "batchLoadingIsStillActive", company.batch_loading);
    cJSON_AddNumberToObject(edge, "reportingActiveSince", (double)company.reporting_active_since);
    cJSON_AddNumberToObject(edge, "totalCount", (double)s.n);
    for (size_t i = (size_t)start; i < s.n && i < (size_t)start + (size_t)first; i++) {
        char text[32], cursor[48];
        int len = snprintf(text, sizeof text, "idx:%zu", i);
        rm_base64_encode((const unsigned char *)text, (size_t)len, cursor);
        cJSON *node = cJSON_CreateObject();
        cJSON_AddItemToArray(nodes, node);
        cJSON_AddStringToObject(node, "cursor", cursor);
        cJSON_AddNumberToObject(node, "index", (double)i);
        /* Borrowed from the tenant's list, which the request keeps alive. */
        cJSON_AddItemToObject(node, "value", cJSON_CreateObjectReference(s.rows[i]->doc->child));
    }
    return pcv__keep(info, edge);
}

/* ---- AcExportSessionsHistory ---- */

struct comment_list {
    cJSON *list;
};

static int add_comment(void *p, int64_t created_at, const char *author, const char *text)
{
    struct comment_list *c = p;
    char when[32], *line;
    rm_clock_format_iso(created_at, when);
    size_t n = strlen(when) + strlen(author) + strlen(text) + 4;
    if (!(line = malloc(n)))
        return -1;
    snprintf(line, n, "%s %s: %s", when, author, text);
    cJSON_AddItemToArray(c->list, cJSON_CreateString(line));
    free(line);
    return 0;
}

/* The selected rows as export.h wants them: the protocols, with their comments. */
static cJSON *export_rows(struct pcv__ctx *ctx, const struct selection *s, bool with_comments)
{
    cJSON *rows = cJSON_CreateArray();
    for (size_t i = 0; rows && i < s->n; i++) {
        const cJSON *doc = s->rows[i]->doc;
        cJSON *row =
            with_comments ? cJSON_Duplicate(doc, true) : cJSON_CreateObjectReference(doc->child);
        if (!row) {
            cJSON_Delete(rows);
            return NULL;
        }
        cJSON_AddItemToArray(rows, row);
        if (!with_comments)
            continue;
        struct comment_list c = {cJSON_AddArrayToObject(row, "comments")};
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(doc, "id");
        if (!c.list || !cJSON_IsString(id) ||
            store_pcv_comments(ctx->tenant, id->valuestring, add_comment, &c) != RM_OK) {
            cJSON_Delete(rows);
            return NULL;
        }
    }
    return rows;
}

/* F-PCV-072: every selected row, in the query's order, no paging. */
const cJSON *pcv__ac_export_sessions_history(const struct gql_resolve_info *info)
{
    struct pcv__ctx *ctx = info->context;
    struct rm_arena *a = &ctx->req->arena;
    struct selection s = {0};
    struct store_pcv_company company;
    const cJSON *failure = select_rows(info, &s, &company, true);
    if (failure || !s.rows)
        return failure;
    const cJSON *options = cJSON_GetObjectItemCaseSensitive(info->args, "options");
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(options, "outputFileFormat");
    bool with_comments =
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(options, "exportWithComments"));
    int format = cJSON_IsString(fmt) ? pcv_export_format_parse(fmt->valuestring) : -1;
    if (format < 0)
        return pcv__failure(info, "InvalidParameter", "options.outputFileFormat is unknown");
    cJSON *rows = export_rows(ctx, &s, with_comments);
    pcv__unlock(ctx); /* the rest is rendering */
    if (!rows)
        return pcv__internal(info);
    const unsigned char *data = NULL;
    size_t len = 0;
    int64_t now = rm_clock_now_ms();
    int rc =
        pcv_export_render((enum pcv_export_format)format, rows, with_comments, now, a, &data, &len);
    cJSON_Delete(rows);
    if (rc == RM_ELIMIT)
        return pcv__failure(info, "Ac_ServiceSupplyExceeded",
                            "the export has more rows than its format can hold");
    if (rc != RM_OK)
        return pcv__failure(
            info, "InternalError",
            rm_arena_printf(a, "the %s document could not be written (%d)", fmt->valuestring, rc));
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return NULL;
    memcpy(copy, data, len);
    const char *file = pcv__download_put(a, store_tenant_id(ctx->tenant), format, copy, len, now);
    if (!file)
        return NULL;
    /* The link names the host the client used, and the tenant when it is not the default. */
    const char *host = http_req_header(ctx->req, "Host");
    if (!host || !*host || strpbrk(host, "/\\ \"<>"))
        host = "localhost";
    const char *tenant = ctx->req->tenant_id;
    const char *link =
        tenant && strcmp(tenant, STORE_DEFAULT_TENANT) != 0
            ? rm_arena_printf(a, "http://%s/t/%s/graphql/exports/%s", host, tenant, file)
            : rm_arena_printf(a, "http://%s/graphql/exports/%s", host, file);
    cJSON *res = link ? pcv__object("ExportSummary") : NULL;
    if (res && !cJSON_AddStringToObject(res, "exportDocumentDownloadLink", link)) {
        cJSON_Delete(res);
        res = NULL;
    }
    return pcv__keep(info, res);
}
