/*
 * Execution as graphql-js 16's execute() does it for synchronous resolvers: operation
 * selection, variable coercion, then the fields depth-first in selection order.
 *
 * The data is written as JSON text while it is computed. A field error travels up as a
 * THROWN result to the nearest nullable position (graphql-js's handleFieldError), which
 * cuts the text back to where its value started and writes null instead; later siblings
 * are never run, earlier ones keep their errors, as in graphql-js.
 */
#include "graphql/gql_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* graphql-js getVariableValues's maxErrors */
#define MAX_VARIABLE_ERRORS 50

/* The field nodes collected under one response key (graphql-js collectFields's Map). */
struct group {
    struct gql_str key;
    const struct gql_node **nodes;
    uint32_t count, cap;
};

struct groups {
    struct group *items;
    uint32_t count, cap;
};

/* One step of the response path: a response key, or a list index. */
struct step {
    struct gql_str key;
    int32_t index; /* < 0: a key */
};

/* The error propagating to the nearest nullable position. */
struct thrown {
    const char *message;
    const uint32_t *at; /* its own nodes; none: the catching field's nodes */
    uint32_t nat;
    const char *path;   /* set once located (graphql-js locatedError) */
};

struct gql_exec {
    const struct gql_exec_request *r;
    const struct gql_schema *s;
    const struct gql_value_hooks *hooks;
    struct rm_arena *a;
    const struct gql_node *operation;
    const struct gql_node **fragments;
    uint32_t nfragments;
    cJSON *vars;                /* the coerced variable values */
    cJSON *no_args;             /* the arguments of fields that take none */
    struct gql__buf out;        /* the data */
    struct gql__errors errors;
    struct step *path;
    uint32_t depth, path_cap;
    struct thrown thrown;
    const char *failure;        /* gql_exec_fail's message for the running resolver */
    bool out_of_memory;
};

enum completion { COMPLETED, COMPLETED_NULL, THROWN };

/* What the value being completed belongs to: graphql-js's info and fieldNodes. */
struct field_run {
    const struct gql_type *parent_type;
    const struct gql_field *field;
    const struct group *group;
};

static void delete_json(void *p)
{
    cJSON_Delete(p);
}

const cJSON *gql_exec_keep(struct gql_exec *x, cJSON *json)
{
    if (!json)
        return NULL;
    if (rm_arena_defer(x->a, delete_json, json) != RM_OK) {
        x->out_of_memory = true;
        return NULL;
    }
    return json;
}

void gql_exec_fail(const struct gql_resolve_info *info, const char *message)
{
    struct gql_exec *x = info->exec;
    x->failure = rm_arena_strdup(x->a, message);
    if (!x->failure)
        x->out_of_memory = true;
}

static bool str_is(struct gql_str s, const char *text)
{
    return s.len == strlen(text) && memcmp(s.p, text, s.len) == 0;
}

static void put(struct gql_exec *x, const char *s, size_t n)
{
    gql__buf_put(x->a, &x->out, s, (uint32_t)n);
}

/* ---- errors ---- */

static enum completion throw_at(struct gql_exec *x, const char *message, const uint32_t *at,
                                uint32_t nat)
{
    if (!message)
        x->out_of_memory = true;
    x->thrown = (struct thrown){ message ? message : "out of memory", at, nat, NULL };
    return THROWN;
}

static enum completion throw(struct gql_exec *x, const char *message)
{
    return throw_at(x, message, NULL, 0);
}

static enum completion throw_node(struct gql_exec *x, const char *message,
                                  const struct gql_node *node)
{
    uint32_t *at = rm_arena_alloc(x->a, sizeof *at);
    if (!at)
        return throw(x, NULL);
    *at = node->start;
    return throw_at(x, message, at, 1);
}

/* The response path as JSON text: ["people",0,"name"]. */
static const char *path_json(struct gql_exec *x)
{
    struct gql__buf b = { 0 };
    gql__buf_put(x->a, &b, "[", 1);
    for (uint32_t i = 0; i < x->depth; i++) {
        if (i)
            gql__buf_put(x->a, &b, ",", 1);
        if (x->path[i].index < 0) {
            gql__json_string(x->a, &b, x->path[i].key.p, x->path[i].key.len);
        } else {
            char index[16];
            int n = snprintf(index, sizeof index, "%d", (int)x->path[i].index);
            gql__buf_put(x->a, &b, index, (uint32_t)n);
        }
    }
    gql__buf_put(x->a, &b, "]", 1);
    return b.failed ? NULL : b.p;
}

/* graphql-js locatedError: an error keeps the path and nodes it has; one without gets the
 * current path and the field's nodes. */
static void locate(struct gql_exec *x, const struct group *g)
{
    if (x->thrown.path)
        return;
    x->thrown.path = path_json(x);
    if (x->thrown.nat == 0) {
        uint32_t *at = rm_arena_alloc(x->a, g->count * sizeof *at);
        for (uint32_t i = 0; at && i < g->count; i++)
            at[i] = g->nodes[i]->start;
        x->thrown.at = at;
        x->thrown.nat = at ? g->count : 0;
    }
}

static void record(struct gql_exec *x, const char *message, const uint32_t *at, uint32_t nat,
                   const char *path)
{
    if (!gql__error_add(x->a, &x->errors, message, at, nat, path))
        x->out_of_memory = true;
}

/* graphql-js handleFieldError after locatedError: a non-null position passes the error on;
 * a nullable one records it and becomes null (the text written since mark is dropped). */
static enum completion handle_field_error(struct gql_exec *x, const struct group *g,
                                          const struct gql_type *type, uint32_t mark)
{
    locate(x, g);
    if (type->kind == GQL_TYPE_NON_NULL)
        return THROWN;
    record(x, x->thrown.message, x->thrown.at, x->thrown.nat, x->thrown.path);
    if (!x->out.failed) {
        x->out.len = mark;
        put(x, "null", 4);
    }
    return COMPLETED_NULL;
}

static bool push(struct gql_exec *x, struct gql_str key, int32_t index)
{
    struct step *path =
        gql__room_for_one_more(x->a, x->path, x->depth, &x->path_cap, sizeof *path);
    if (!path) {
        x->out_of_memory = true;
        return false;
    }
    x->path = path;
    x->path[x->depth++] = (struct step){ key, index };
    return true;
}

/* ---- arguments (graphql-js getArgumentValues) ---- */

static const struct gql_node *argument_node(const struct gql_node *node, const char *name)
{
    const struct gql_node *found = NULL;
    for (uint32_t i = 0; i < node->args.count; i++) /* keyMap: the last one wins */
        if (str_is(node->args.items[i]->name, name))
            found = node->args.items[i];
    return found;
}

/* The coerced arguments of node (a field or directive) for the definitions defs; NULL after
 * throwing. */
static const cJSON *argument_values(struct gql_exec *x, const struct gql_input_value *defs,
                                    uint32_t ndefs, const struct gql_node *node)
{
    if (ndefs == 0)
        return x->no_args;
    cJSON *values = (cJSON *)gql_exec_keep(x, cJSON_CreateObject());
    for (uint32_t i = 0; values && i < ndefs; i++) {
        const struct gql_input_value *def = &defs[i];
        const struct gql_node *arg = argument_node(node, def->name);
        const struct gql_node *value = arg ? arg->value : NULL;
        bool non_null = def->type->kind == GQL_TYPE_NON_NULL;
        bool missing_variable = value && value->kind == GQL_KIND_VARIABLE &&
                                !gql__object_get(x->vars, value->name.p, value->name.len);
        if (!value || missing_variable) {
            if (def->default_value) {
                cJSON *d = gql__value_from_ast(def->default_value, def->type, NULL);
                if (!d || !cJSON_AddItemToObject(values, def->name, d))
                    goto no_memory;
            } else if (non_null && !value) {
                throw_node(x,
                           rm_arena_printf(x->a,
                                           "Argument \"%s\" of required type \"%s\" was not "
                                           "provided.",
                                           def->name, gql__type_string(x->a, def->type)),
                           node);
                return NULL;
            } else if (non_null) {
                throw_node(x,
                           rm_arena_printf(x->a,
                                           "Argument \"%s\" of required type \"%s\" was provided "
                                           "the variable \"$%.*s\" which was not provided a "
                                           "runtime value.",
                                           def->name, gql__type_string(x->a, def->type),
                                           (int)value->name.len, value->name.p),
                           value);
                return NULL;
            }
            continue;
        }
        bool is_null = value->kind == GQL_KIND_NULL;
        if (value->kind == GQL_KIND_VARIABLE)
            is_null = cJSON_IsNull(gql__object_get(x->vars, value->name.p, value->name.len));
        if (is_null && non_null) {
            throw_node(x,
                       rm_arena_printf(x->a,
                                       "Argument \"%s\" of non-null type \"%s\" must not be null.",
                                       def->name, gql__type_string(x->a, def->type)),
                       value);
            return NULL;
        }
        cJSON *coerced = gql__value_from_ast(value, def->type, x->vars);
        if (!coerced) {
            throw_node(x,
                       rm_arena_printf(x->a, "Argument \"%s\" has invalid value %s.", def->name,
                                       gql_print_value(x->a, value)),
                       value);
            return NULL;
        }
        if (!cJSON_AddItemToObject(values, def->name, coerced)) {
            cJSON_Delete(coerced);
            goto no_memory;
        }
    }
    if (values)
        return values;
no_memory:
    throw(x, NULL);
    return NULL;
}

/* ---- collecting fields (graphql-js collectFields) ---- */

static const struct gql_node *directive_node(const struct gql_node *node, const char *name)
{
    for (uint32_t i = 0; i < node->directives.count; i++)
        if (str_is(node->directives.items[i]->name, name))
            return node->directives.items[i];
    return NULL;
}

/* @skip and @include: 1 include, 0 leave out, -1 thrown. */
static int should_include(struct gql_exec *x, const struct gql_node *node)
{
    static const char *const names[2] = { "skip", "include" };
    for (int i = 0; i < 2; i++) {
        const struct gql_node *d = directive_node(node, names[i]);
        if (!d)
            continue;
        const struct gql_directive *def = gql_schema_directive(x->s, names[i], strlen(names[i]));
        const cJSON *args = argument_values(x, def->args, def->nargs, d);
        if (!args)
            return -1;
        const cJSON *condition = cJSON_GetObjectItemCaseSensitive(args, "if");
        if (i == 0 ? cJSON_IsTrue(condition) : cJSON_IsFalse(condition))
            return 0;
    }
    return 1;
}

static bool fragment_matches(struct gql_exec *x, const struct gql_node *type_condition,
                             const struct gql_type *type)
{
    if (!type_condition)
        return true;
    const struct gql_type *condition =
        gql_schema_type(x->s, type_condition->name.p, type_condition->name.len);
    if (condition == type)
        return true;
    return condition &&
           (condition->kind == GQL_TYPE_UNION || condition->kind == GQL_TYPE_INTERFACE) &&
           gql_type_possible(condition, type);
}

static const struct gql_node *fragment_named(const struct gql_exec *x, struct gql_str name)
{
    for (uint32_t i = x->nfragments; i-- > 0;) /* a later definition wins, as in graphql-js */
        if (x->fragments[i]->name.len == name.len &&
            memcmp(x->fragments[i]->name.p, name.p, name.len) == 0)
            return x->fragments[i];
    return NULL;
}

struct visited {
    struct gql_str *names;
    uint32_t count, cap;
};

static bool was_visited(const struct visited *v, struct gql_str name)
{
    for (uint32_t i = 0; i < v->count; i++)
        if (v->names[i].len == name.len && memcmp(v->names[i].p, name.p, name.len) == 0)
            return true;
    return false;
}

static bool add_to_group(struct gql_exec *x, struct groups *gs, const struct gql_node *field)
{
    struct gql_str key = field->alias.len ? field->alias : field->name;
    struct group *g = NULL;
    for (uint32_t i = 0; i < gs->count && !g; i++)
        if (gs->items[i].key.len == key.len && memcmp(gs->items[i].key.p, key.p, key.len) == 0)
            g = &gs->items[i];
    if (!g) {
        struct group *items =
            gql__room_for_one_more(x->a, gs->items, gs->count, &gs->cap, sizeof *items);
        if (!items)
            return false;
        gs->items = items;
        g = &gs->items[gs->count++];
        *g = (struct group){ key, NULL, 0, 0 };
    }
    const struct gql_node **nodes =
        gql__room_for_one_more(x->a, g->nodes, g->count, &g->cap, sizeof *nodes);
    if (!nodes)
        return false;
    g->nodes = nodes;
    g->nodes[g->count++] = field;
    return true;
}

/* Adds the fields of selection_set that apply to type to gs; false after throwing. */
static bool collect(struct gql_exec *x, const struct gql_type *type,
                    const struct gql_node *selection_set, struct groups *gs,
                    struct visited *visited)
{
    for (uint32_t i = 0; i < selection_set->items.count; i++) {
        const struct gql_node *sel = selection_set->items.items[i];
        int include;
        switch (sel->kind) {
        case GQL_KIND_FIELD:
            include = should_include(x, sel);
            if (include < 0)
                return false;
            if (include && !add_to_group(x, gs, sel))
                return throw(x, NULL), false;
            break;
        case GQL_KIND_INLINE_FRAGMENT:
            include = should_include(x, sel);
            if (include < 0)
                return false;
            if (include && fragment_matches(x, sel->type, type) &&
                !collect(x, type, sel->selections, gs, visited))
                return false;
            break;
        case GQL_KIND_FRAGMENT_SPREAD: {
            if (was_visited(visited, sel->name))
                break;
            include = should_include(x, sel);
            if (include < 0)
                return false;
            if (!include)
                break;
            struct gql_str *names = gql__room_for_one_more(x->a, visited->names, visited->count,
                                                           &visited->cap, sizeof *names);
            if (!names)
                return throw(x, NULL), false;
            visited->names = names;
            visited->names[visited->count++] = sel->name;
            const struct gql_node *fragment = fragment_named(x, sel->name);
            if (fragment && fragment_matches(x, fragment->type, type) &&
                !collect(x, type, fragment->selections, gs, visited))
                return false;
            break;
        }
        default:
            break;
        }
    }
    return true;
}

/* ---- completing values ---- */

static enum completion execute_fields(struct gql_exec *x, const struct gql_type *type,
                                      const cJSON *value, const struct groups *gs);

static enum completion complete_value(struct gql_exec *x, const struct field_run *run,
                                      const struct gql_type *type, const cJSON *value);

static enum completion complete_list(struct gql_exec *x, const struct field_run *run,
                                     const struct gql_type *type, const cJSON *value)
{
    if (!cJSON_IsArray(value))
        return throw(x, rm_arena_printf(x->a,
                                        "Expected Iterable, but did not find one for field "
                                        "\"%s.%s\".",
                                        run->parent_type->name, run->field->name));
    put(x, "[", 1);
    int32_t index = 0;
    for (const cJSON *item = value->child; item; item = item->next, index++) {
        if (index)
            put(x, ",", 1);
        if (!push(x, (struct gql_str){ 0 }, index))
            return throw(x, NULL);
        uint32_t mark = x->out.len;
        enum completion c = complete_value(x, run, type->of_type, item);
        if (c == THROWN)
            c = handle_field_error(x, run->group, type->of_type, mark);
        x->depth--;
        if (c == THROWN)
            return THROWN;
    }
    put(x, "]", 1);
    return COMPLETED;
}

static enum completion complete_leaf(struct gql_exec *x, const struct gql_type *type,
                                     const cJSON *value)
{
    cJSON *made;
    const char *error = NULL;
    const cJSON *result = gql__serialize(x->a, type, value, &made, &error);
    if (!result)
        return throw(x, error);
    gql__json_value(x->a, &x->out, result);
    cJSON_Delete(made);
    return COMPLETED;
}

/* graphql-js's default type resolver: the value's "__typename" string. */
static const struct gql_type *typename_of(const struct gql_schema *s, const cJSON *value,
                                          const char **name)
{
    const cJSON *typename = cJSON_GetObjectItemCaseSensitive(value, "__typename");
    if (!cJSON_IsString(typename))
        return NULL;
    *name = typename->valuestring;
    return gql_schema_type(s, typename->valuestring, strlen(typename->valuestring));
}

/* graphql-js completeAbstractValue with ensureValidRuntimeType. */
static enum completion complete_abstract(struct gql_exec *x, const struct field_run *run,
                                         const struct gql_type *type, const cJSON *value)
{
    const char *name = NULL;
    const struct gql_type *runtime =
        x->hooks->resolve_type ? x->hooks->resolve_type(x->s, type, value, x->r->context)
                               : typename_of(x->s, value, &name);
    if (!runtime && !name)
        return throw(x, rm_arena_printf(x->a,
                                        "Abstract type \"%s\" must resolve to an Object type at "
                                        "runtime for field \"%s.%s\". Either the \"%s\" type "
                                        "should provide a \"resolveType\" function or each "
                                        "possible type should provide an \"isTypeOf\" function.",
                                        type->name, run->parent_type->name, run->field->name,
                                        type->name));
    if (!runtime)
        return throw(x, rm_arena_printf(x->a,
                                        "Abstract type \"%s\" was resolved to a type \"%s\" that "
                                        "does not exist inside the schema.",
                                        type->name, name));
    if (runtime->kind != GQL_TYPE_OBJECT)
        return throw(x, rm_arena_printf(x->a,
                                        "Abstract type \"%s\" was resolved to a non-object type "
                                        "\"%s\".",
                                        type->name, runtime->name));
    if (!gql_type_possible(type, runtime))
        return throw(x, rm_arena_printf(x->a,
                                        "Runtime Object type \"%s\" is not a possible type for "
                                        "\"%s\".",
                                        runtime->name, type->name));
    return complete_value(x, run, runtime, value);
}

/* graphql-js completeObjectValue: the sub-selections of every field node, collected for
 * type, executed on value. */
static enum completion complete_object(struct gql_exec *x, const struct field_run *run,
                                       const struct gql_type *type, const cJSON *value)
{
    struct groups gs = { 0 };
    struct visited visited = { 0 };
    for (uint32_t i = 0; i < run->group->count; i++) {
        const struct gql_node *selections = run->group->nodes[i]->selections;
        if (selections && !collect(x, type, selections, &gs, &visited))
            return THROWN;
    }
    return execute_fields(x, type, value, &gs);
}

static enum completion complete_value(struct gql_exec *x, const struct field_run *run,
                                      const struct gql_type *type, const cJSON *value)
{
    const char *failure = value && x->hooks->error_of ? x->hooks->error_of(value) : NULL;
    if (failure)
        return throw(x, failure);
    if (type->kind == GQL_TYPE_NON_NULL) {
        enum completion c = complete_value(x, run, type->of_type, value);
        if (c != COMPLETED_NULL)
            return c;
        return throw(x, rm_arena_printf(x->a,
                                        "Cannot return null for non-nullable field %s.%s.",
                                        run->parent_type->name, run->field->name));
    }
    if (!value || cJSON_IsNull(value)) {
        put(x, "null", 4);
        return COMPLETED_NULL;
    }
    switch (type->kind) {
    case GQL_TYPE_LIST:
        return complete_list(x, run, type, value);
    case GQL_TYPE_SCALAR:
    case GQL_TYPE_ENUM:
        return complete_leaf(x, type, value);
    case GQL_TYPE_INTERFACE:
    case GQL_TYPE_UNION:
        return complete_abstract(x, run, type, value);
    default:
        return complete_object(x, run, type, value);
    }
}

/* ---- fields ---- */

/* The value of field on parent_value: the meta-fields' own, a resolver's, or the parent's
 * property of the field's name (graphql-js defaultFieldResolver). NULL after throwing. */
static bool resolve(struct gql_exec *x, const struct field_run *run, const cJSON *parent_value,
                    const cJSON **value)
{
    const struct gql_field *field = run->field;
    const struct group *g = run->group;
    const cJSON *args = argument_values(x, field->args, field->nargs, g->nodes[0]);
    if (!args)
        return false;
    const cJSON *model = gql__schema_model(x->s);
    if (field->name[0] == '_' && field->name[1] == '_' &&
        field == gql_schema_field(x->s, run->parent_type, field->name, strlen(field->name))) {
        if (strcmp(field->name, "__schema") == 0) {
            *value = cJSON_GetObjectItemCaseSensitive(model, "schema");
            return true;
        }
        if (strcmp(field->name, "__type") == 0) {
            const cJSON *name = cJSON_GetObjectItemCaseSensitive(args, "name");
            *value = cJSON_GetObjectItemCaseSensitive(
                cJSON_GetObjectItemCaseSensitive(model, "types"), name->valuestring);
            return true;
        }
    }
    if (!field->resolve) {
        *value = cJSON_IsObject(parent_value)
                     ? cJSON_GetObjectItemCaseSensitive(parent_value, field->name)
                     : NULL;
        return true;
    }
    struct gql_resolve_info info = { run->parent_type, field, parent_value, args,
                                     x->r->context, x };
    x->failure = NULL;
    *value = field->resolve(&info);
    if (x->failure)
        return throw(x, x->failure), false;
    return true;
}

/* graphql-js executeField. */
static enum completion execute_field(struct gql_exec *x, const struct field_run *run,
                                     const cJSON *parent_value)
{
    uint32_t mark = x->out.len;
    enum completion c;
    if (run->field->name[0] == '_' &&
        run->field == gql_schema_field(x->s, run->parent_type, "__typename", 10)) {
        gql__json_string(x->a, &x->out, run->parent_type->name, strlen(run->parent_type->name));
        return COMPLETED;
    }
    const cJSON *value = NULL;
    c = resolve(x, run, parent_value, &value) ? complete_value(x, run, run->field->type, value)
                                              : THROWN;
    if (c == THROWN)
        c = handle_field_error(x, run->group, run->field->type, mark);
    return c;
}

static enum completion execute_fields(struct gql_exec *x, const struct gql_type *type,
                                      const cJSON *value, const struct groups *gs)
{
    put(x, "{", 1);
    bool first = true;
    for (uint32_t i = 0; i < gs->count; i++) {
        const struct group *g = &gs->items[i];
        const struct gql_node *node = g->nodes[0];
        const struct gql_field *field = gql_schema_field(x->s, type, node->name.p, node->name.len);
        if (!field) /* graphql-js leaves a field it cannot find out of the result */
            continue;
        if (!first)
            put(x, ",", 1);
        first = false;
        gql__json_string(x->a, &x->out, g->key.p, g->key.len);
        put(x, ":", 1);
        if (!push(x, g->key, -1))
            return throw(x, NULL);
        struct field_run run = { type, field, g };
        enum completion c = execute_field(x, &run, value);
        x->depth--;
        if (c == THROWN)
            return THROWN;
        if (x->out_of_memory)
            return throw(x, NULL);
    }
    put(x, "}", 1);
    return COMPLETED;
}

/* ---- operation and variables ---- */

const struct gql_node *gql_operation(const struct gql_node *doc, const char *name)
{
    const struct gql_node *found = NULL;
    for (uint32_t i = 0; i < doc->items.count; i++) {
        const struct gql_node *d = doc->items.items[i];
        if (d->kind != GQL_KIND_OPERATION_DEFINITION)
            continue;
        if (!name) {
            if (found)
                return NULL;
            found = d;
        } else if (d->name.len && str_is(d->name, name)) { /* "" names no operation */
            found = d;
        }
    }
    return found;
}

struct variable_errors {
    struct gql_exec *x;
    const struct gql_node *definition;
    bool aborted;
};

static void request_error(struct gql_exec *x, const char *message, const struct gql_node *at)
{
    uint32_t offset = at ? at->start : 0;
    record(x, message ? message : "out of memory", at ? &offset : NULL, at ? 1 : 0, NULL);
}

/* graphql-js getVariableValues's onError with its maxErrors. */
static void variable_error(struct variable_errors *ve, const char *message)
{
    if (ve->aborted)
        return;
    if (ve->x->errors.count >= MAX_VARIABLE_ERRORS) {
        request_error(ve->x,
                      "Too many errors processing variables, error limit reached. Execution "
                      "aborted.",
                      NULL);
        ve->aborted = true;
        return;
    }
    request_error(ve->x, message, ve->definition);
}

static void on_input_error(void *ctx, const char *path, const cJSON *invalid, const char *message)
{
    struct variable_errors *ve = ctx;
    struct gql_exec *x = ve->x;
    const struct gql_node *def = ve->definition;
    const char *prefix = rm_arena_printf(x->a, "Variable \"$%.*s\" got invalid value %s",
                                         (int)def->name.len, def->name.p,
                                         gql__inspect(x->a, invalid));
    if (path[0])
        prefix = rm_arena_printf(x->a, "%s at \"%.*s%s\"", prefix, (int)def->name.len,
                                 def->name.p, path);
    variable_error(ve, rm_arena_printf(x->a, "%s; %s", prefix, message));
}

/* graphql-js coerceVariableValues; false when any variable was refused. */
static bool coerce_variables(struct gql_exec *x)
{
    const cJSON *inputs = cJSON_IsObject(x->r->variables) ? x->r->variables : NULL;
    x->vars = (cJSON *)gql_exec_keep(x, cJSON_CreateObject());
    if (!x->vars)
        return false;
    struct variable_errors ve = { x, NULL, false };
    for (uint32_t i = 0; i < x->operation->args.count && !ve.aborted; i++) {
        const struct gql_node *def = x->operation->args.items[i];
        struct gql_str name = def->name;
        ve.definition = def;
        const struct gql_type *type = gql__type_from_ast(x->a, x->s, def->type);
        const struct gql_type *named = type ? gql_named_type((struct gql_type *)type) : NULL;
        if (!named || !(named->kind == GQL_TYPE_SCALAR || named->kind == GQL_TYPE_ENUM ||
                        named->kind == GQL_TYPE_INPUT_OBJECT)) {
            ve.definition = def->type;
            variable_error(&ve, rm_arena_printf(x->a,
                                                "Variable \"$%.*s\" expected value of type \"%s\" "
                                                "which cannot be used as an input type.",
                                                (int)name.len, name.p,
                                                gql__type_node_string(x->a, def->type)));
            continue;
        }
        char *key = rm_arena_strndup(x->a, name.p, name.len);
        const cJSON *input = gql__object_get(inputs, name.p, name.len);
        cJSON *coerced = NULL;
        if (!input) {
            if (def->value) /* the default value */
                coerced = gql__value_from_ast(def->value, type, NULL);
            else if (type->kind == GQL_TYPE_NON_NULL)
                variable_error(&ve, rm_arena_printf(x->a,
                                                    "Variable \"$%.*s\" of required type \"%s\" "
                                                    "was not provided.",
                                                    (int)name.len, name.p,
                                                    gql__type_string(x->a, type)));
        } else if (cJSON_IsNull(input) && type->kind == GQL_TYPE_NON_NULL) {
            variable_error(&ve, rm_arena_printf(x->a,
                                                "Variable \"$%.*s\" of non-null type \"%s\" must "
                                                "not be null.",
                                                (int)name.len, name.p,
                                                gql__type_string(x->a, type)));
        } else {
            coerced = gql__coerce_input(x->a, input, type, on_input_error, &ve);
        }
        if (coerced && (!key || !cJSON_AddItemToObject(x->vars, key, coerced))) {
            cJSON_Delete(coerced);
            x->out_of_memory = true;
        }
    }
    return x->errors.count == 0;
}

/* graphql-js buildExecutionContext's operation selection and fragment map. */
static bool select_operation(struct gql_exec *x)
{
    const struct gql_node *doc = x->r->document;
    const char *name = x->r->operation_name;
    x->fragments = rm_arena_alloc(x->a, (doc->items.count + 1) * sizeof *x->fragments);
    if (!x->fragments)
        return false;
    for (uint32_t i = 0; i < doc->items.count; i++) {
        const struct gql_node *d = doc->items.items[i];
        if (d->kind == GQL_KIND_FRAGMENT_DEFINITION) {
            x->fragments[x->nfragments++] = d;
        } else if (d->kind == GQL_KIND_OPERATION_DEFINITION) {
            if (!name) {
                if (x->operation) {
                    request_error(x,
                                  "Must provide operation name if query contains multiple "
                                  "operations.",
                                  NULL);
                    return false;
                }
                x->operation = d;
            } else if (d->name.len && str_is(d->name, name)) {
                x->operation = d;
            }
        }
    }
    if (x->operation)
        return true;
    request_error(x,
                  name ? rm_arena_printf(x->a, "Unknown operation named \"%s\".", name)
                       : "Must provide an operation.",
                  NULL);
    return false;
}

static void execute_operation(struct gql_exec *x, struct gql_result *out)
{
    static const char *const operation_names[] = { "query", "mutation", "subscription" };
    const struct gql_type *root = gql_schema_root(x->s, x->operation->operation);
    struct groups gs = { 0 };
    struct visited visited = { 0 };
    enum completion c;
    if (!root)
        c = throw_node(x,
                       rm_arena_printf(x->a, "Schema is not configured to execute %s operation.",
                                       operation_names[x->operation->operation]),
                       x->operation);
    else if (!collect(x, root, x->operation->selections, &gs, &visited))
        c = THROWN;
    else
        c = execute_fields(x, root, x->r->root, &gs); /* mutations: in order, as they are */
    if (c == THROWN) { /* graphql-js executeImpl: the error as it is, and data null */
        record(x, x->thrown.message, x->thrown.at, x->thrown.nat, x->thrown.path);
        out->data = "null";
    } else {
        out->data = x->out.failed ? NULL : x->out.p;
    }
}

int gql_execute(const struct gql_exec_request *r, struct rm_arena *a, struct gql_result *out)
{
    memset(out, 0, sizeof *out);
    struct gql_exec *x = rm_arena_calloc(a, 1, sizeof *x);
    if (!x)
        return RM_ENOMEM;
    x->r = r;
    x->s = r->schema;
    x->hooks = gql__schema_hooks(r->schema);
    x->a = a;
    x->no_args = (cJSON *)gql_exec_keep(x, cJSON_CreateObject());
    x->out.p = rm_arena_alloc(a, 4096); /* most responses fit: no doubling on the way */
    x->out.cap = x->out.p ? 4096 : 0;
    if (select_operation(x) && coerce_variables(x))
        execute_operation(x, out);
    gql__errors_locate(a, &x->errors, r->source, r->len);
    out->errors = x->errors.items;
    out->nerrors = x->errors.count;
    return x->out_of_memory || (out->data == NULL && x->out.failed) ? RM_ENOMEM : RM_OK;
}

/* ---- the response ---- */

const char *gql_result_json(struct rm_arena *a, const struct gql_result *r, size_t *len)
{
    struct gql__buf b = { 0 };
    gql__buf_put(a, &b, "{", 1);
    if (r->nerrors) {
        gql__buf_put(a, &b, "\"errors\":[", 10);
        for (uint32_t i = 0; i < r->nerrors; i++) {
            const struct gql_error *e = &r->errors[i];
            if (i)
                gql__buf_put(a, &b, ",", 1);
            gql__buf_put(a, &b, "{\"message\":", 11);
            gql__json_string(a, &b, e->message, strlen(e->message));
            if (e->nlocations) {
                gql__buf_put(a, &b, ",\"locations\":[", 14);
                for (uint32_t j = 0; j < e->nlocations; j++) {
                    char loc[64];
                    int n = snprintf(loc, sizeof loc, "%s{\"line\":%u,\"column\":%u}",
                                     j ? "," : "", e->locations[j].line, e->locations[j].column);
                    gql__buf_put(a, &b, loc, (uint32_t)n);
                }
                gql__buf_put(a, &b, "]", 1);
            }
            if (e->path) {
                gql__buf_put(a, &b, ",\"path\":", 8);
                gql__buf_put(a, &b, e->path, (uint32_t)strlen(e->path));
            }
            gql__buf_put(a, &b, "}", 1);
        }
        gql__buf_put(a, &b, "]", 1);
    }
    if (r->data) {
        gql__buf_put(a, &b, r->nerrors ? ",\"data\":" : "\"data\":", r->nerrors ? 8 : 7);
        gql__buf_put(a, &b, r->data, (uint32_t)strlen(r->data));
    }
    gql__buf_put(a, &b, "}", 1);
    if (b.failed)
        return NULL;
    *len = b.len;
    return b.p;
}
