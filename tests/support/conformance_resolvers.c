/* The conformance schema's resolvers (conformance_resolvers.h; README.md of
 * tests/conformance, "Resolver contract"). */
#include "conformance_resolvers.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rule 3: {"__error": "message"} stands for a failure, as a field's value or a list item. */
static const char *error_marker(const cJSON *value)
{
    const cJSON *message = cJSON_IsObject(value) ? cJSON_GetObjectItemCaseSensitive(value, "__error")
                                                 : NULL;
    return cJSON_IsString(message) ? message->valuestring : NULL;
}

static const cJSON *arg(const struct gql_resolve_info *info, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(info->args, name);
}

static const cJSON *nodes(const struct gql_resolve_info *info)
{
    (void)info;
    return cJSON_GetObjectItemCaseSensitive(info->parent, "nodes");
}

/* Query.node(id): the first of data.nodes with that id. */
static const cJSON *resolve_node(const struct gql_resolve_info *info)
{
    const char *id = arg(info, "id")->valuestring;
    const cJSON *node;
    cJSON_ArrayForEach(node, nodes(info))
    {
        const cJSON *node_id = cJSON_GetObjectItemCaseSensitive(node, "id");
        if (cJSON_IsString(node_id) && strcmp(node_id->valuestring, id) == 0)
            return node;
    }
    return NULL;
}

/* Query.search(filter): the nodes whose name contains filter.text, at most filter.first. */
static const cJSON *resolve_search(const struct gql_resolve_info *info)
{
    const cJSON *filter = arg(info, "filter");
    bool given = cJSON_IsObject(filter);
    const cJSON *text = given ? cJSON_GetObjectItemCaseSensitive(filter, "text") : NULL;
    const char *needle = cJSON_IsString(text) ? text->valuestring : "";
    const cJSON *first = given ? cJSON_GetObjectItemCaseSensitive(filter, "first") : NULL;
    double limit = !given ? 10 : cJSON_IsNumber(first) ? fmax(first->valuedouble, 0) : INFINITY;
    cJSON *hits = cJSON_CreateArray();
    const cJSON *node;
    cJSON_ArrayForEach(node, nodes(info))
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(node, "name");
        if (hits && cJSON_GetArraySize(hits) < limit && cJSON_IsString(name) &&
            strstr(name->valuestring, needle))
            cJSON_AddItemToArray(hits, cJSON_CreateObjectReference(node->child));
    }
    return gql_exec_keep(info->exec, hits);
}

/* Query.echo(value, times): value times times; null when times is null. */
static const cJSON *resolve_echo(const struct gql_resolve_info *info)
{
    const cJSON *times = arg(info, "times");
    if (!cJSON_IsNumber(times))
        return NULL;
    const char *value = arg(info, "value")->valuestring;
    size_t len = strlen(value), n = times->valuedouble > 0 ? (size_t)times->valuedouble : 0;
    if (len && n > ((1u << 29) - 24) / len) { /* V8's longest string, in UTF-16 units */
        gql_exec_fail(info, "Invalid string length");
        return NULL;
    }
    char *text = malloc(len * n + 1);
    if (!text)
        return NULL;
    for (size_t i = 0; i < n; i++)
        memcpy(text + i * len, value, len);
    text[len * n] = '\0';
    cJSON *result = cJSON_CreateString(text);
    free(text);
    return gql_exec_keep(info->exec, result);
}

/* Query.add(a, b): the exact sum, which the Int result then refuses outside 32 bits. */
static const cJSON *resolve_add(const struct gql_resolve_info *info)
{
    return gql_exec_keep(info->exec, cJSON_CreateNumber(arg(info, "a")->valuedouble +
                                                        arg(info, "b")->valuedouble));
}

static int by_key(const void *x, const void *y)
{
    return strcmp((*(cJSON *const *)x)->string, (*(cJSON *const *)y)->string);
}

/* Sorts the keys of every object in v, in place (names are ASCII: strcmp is UTF-16 order). */
static void sort_keys(cJSON *v)
{
    int n = cJSON_GetArraySize(v);
    for (cJSON *item = v ? v->child : NULL; item; item = item->next)
        sort_keys(item);
    if (!cJSON_IsObject(v) || n < 2)
        return;
    cJSON **items = malloc((size_t)n * sizeof *items);
    if (!items)
        return;
    int i = 0;
    for (cJSON *item = v->child; item; item = item->next)
        items[i++] = item;
    qsort(items, (size_t)n, sizeof *items, by_key);
    for (i = 0; i < n; i++) {
        items[i]->prev = i ? items[i - 1] : items[n - 1];
        items[i]->next = i + 1 < n ? items[i + 1] : NULL;
    }
    v->child = items[0];
    free(items);
}

/* Query.args(...): JSON.stringify of the coerced arguments, keys sorted at every depth. */
static const cJSON *resolve_args(const struct gql_resolve_info *info)
{
    cJSON *sorted = cJSON_Duplicate(info->args, true);
    if (!sorted)
        return NULL;
    sort_keys(sorted);
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const char *text = gql_json(&a, sorted);
    cJSON *result = text ? cJSON_CreateString(text) : NULL;
    rm_arena_clear(&a);
    cJSON_Delete(sorted);
    return gql_exec_keep(info->exec, result);
}

/* Mutation.addItem(input): the input plus "id": "item-" + input.name. */
static const cJSON *resolve_add_item(const struct gql_resolve_info *info)
{
    const cJSON *input = arg(info, "input");
    cJSON *item = cJSON_Duplicate(input, true);
    const char *name = cJSON_GetObjectItemCaseSensitive(input, "name")->valuestring;
    char *id = malloc(strlen(name) + 6);
    if (item && id) {
        strcpy(id, "item-");
        strcat(id, name);
        cJSON_AddStringToObject(item, "id", id);
    }
    free(id);
    return gql_exec_keep(info->exec, item);
}

int conformance_resolvers_install(struct gql_schema *s)
{
    static const struct {
        const char *type, *field;
        gql_resolve_fn fn;
    } special[] = {
        { "Query", "node", resolve_node },     { "Query", "search", resolve_search },
        { "Query", "echo", resolve_echo },     { "Query", "add", resolve_add },
        { "Query", "args", resolve_args },     { "Mutation", "addItem", resolve_add_item },
    };
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
        int rc = gql_schema_resolver(s, special[i].type, special[i].field, special[i].fn);
        if (rc != RM_OK)
            return rc;
    }
    gql_schema_value_hooks(s, &(struct gql_value_hooks){ .error_of = error_marker });
    return RM_OK;
}
