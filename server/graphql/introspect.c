/*
 * Introspection (__schema, __type) as graphql-js 16.15 answers it. The schema is turned once,
 * at build, into a cJSON model shaped like the introspection types (__Schema, __Type,
 * __Field, __InputValue, __EnumValue, __Directive), and the executor reads it like any other
 * value: each field is the property of its name. A named type's object exists once; every
 * mention of it is a cJSON reference to it, so the model holds the schema's cycles without
 * copying. Only the fields with an includeDeprecated argument have resolvers, which filter.
 */
#include "graphql/gql_int.h"

#include <stdio.h>
#include <string.h>

struct model {
    struct gql_schema *s;
    struct rm_arena *a; /* for printing default values */
    cJSON *types;       /* name -> the __Type object */
    bool failed;
};

static cJSON *checked(struct model *m, cJSON *v)
{
    if (!v)
        m->failed = true;
    return v;
}

static void set(struct model *m, cJSON *object, const char *key, cJSON *value)
{
    if (!value || !cJSON_AddItemToObject(object, key, value)) {
        cJSON_Delete(value);
        m->failed = true;
    }
}

static cJSON *string_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static void set_deprecation(struct model *m, cJSON *object, const char *reason)
{
    set(m, object, "isDeprecated", cJSON_CreateBool(reason != NULL));
    set(m, object, "deprecationReason", string_or_null(reason));
}

/* A mention of t: a reference to a named type's object, or a wrapper's own object. */
static cJSON *type_ref(struct model *m, const struct gql_type *t)
{
    if (t->name) {
        const cJSON *named = cJSON_GetObjectItemCaseSensitive(m->types, t->name);
        return named ? checked(m, cJSON_CreateObjectReference(named->child))
                     : checked(m, cJSON_CreateNull());
    }
    cJSON *w = checked(m, cJSON_CreateObject());
    if (!w)
        return NULL;
    set(m, w, "kind", cJSON_CreateString(t->kind == GQL_TYPE_LIST ? "LIST" : "NON_NULL"));
    static const char *const nulls[] = { "name",          "description", "specifiedByURL",
                                         "fields",        "interfaces",  "possibleTypes",
                                         "enumValues",    "inputFields" };
    for (size_t i = 0; i < sizeof nulls / sizeof *nulls; i++)
        set(m, w, nulls[i], cJSON_CreateNull());
    set(m, w, "ofType", type_ref(m, t->of_type));
    set(m, w, "isOneOf", cJSON_CreateNull());
    return w;
}

static cJSON *type_refs(struct model *m, struct gql_type *const *types, uint32_t n)
{
    cJSON *list = checked(m, cJSON_CreateArray());
    for (uint32_t i = 0; list && i < n; i++) {
        cJSON *ref = type_ref(m, types[i]);
        if (!ref || !cJSON_AddItemToArray(list, ref)) {
            cJSON_Delete(ref);
            m->failed = true;
        }
    }
    return list;
}

/* ---- default values: graphql-js print(astFromValue(value, type)) ---- */

static struct gql_node *ast_node(struct model *m, enum gql_kind kind)
{
    struct gql_node *n = rm_arena_calloc(m->a, 1, sizeof *n);
    if (!n)
        m->failed = true;
    else
        n->kind = kind;
    return n;
}

static struct gql_str ast_text(struct model *m, const char *s)
{
    char *copy = rm_arena_strdup(m->a, s);
    if (!copy)
        m->failed = true;
    return (struct gql_str){ copy ? copy : "", copy ? (uint32_t)strlen(copy) : 0 };
}

static bool add_ast(struct model *m, struct gql_nodes *list, struct gql_node *n, uint32_t cap)
{
    if (!list->items) {
        list->items = rm_arena_alloc(m->a, (cap ? cap : 1) * sizeof *list->items);
        if (!list->items)
            return m->failed = true, false;
    }
    list->items[list->count++] = n;
    return true;
}

static bool integer_string(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        return s[1] == '\0';
    if (*s < '1' || *s > '9')
        return false;
    while (*s >= '0' && *s <= '9')
        s++;
    return *s == '\0';
}

/* graphql-js astFromValue; NULL for its null (nothing to print). */
static struct gql_node *ast_from_value(struct model *m, const cJSON *value,
                                       const struct gql_type *type)
{
    if (type->kind == GQL_TYPE_NON_NULL) {
        struct gql_node *n = ast_from_value(m, value, type->of_type);
        return n && n->kind == GQL_KIND_NULL ? NULL : n;
    }
    if (!value)
        return NULL;
    if (cJSON_IsNull(value))
        return ast_node(m, GQL_KIND_NULL);
    if (type->kind == GQL_TYPE_LIST) {
        if (!cJSON_IsArray(value))
            return ast_from_value(m, value, type->of_type);
        struct gql_node *list = ast_node(m, GQL_KIND_LIST);
        uint32_t n = (uint32_t)cJSON_GetArraySize(value);
        for (const cJSON *item = value->child; list && item; item = item->next) {
            struct gql_node *node = ast_from_value(m, item, type->of_type);
            if (node)
                add_ast(m, &list->items, node, n);
        }
        return list;
    }
    if (type->kind == GQL_TYPE_INPUT_OBJECT) {
        if (!cJSON_IsObject(value))
            return NULL;
        struct gql_node *object = ast_node(m, GQL_KIND_OBJECT);
        for (uint32_t i = 0; object && i < type->ninput_fields; i++) {
            const struct gql_input_value *f = &type->input_fields[i];
            struct gql_node *v = ast_from_value(
                m, cJSON_GetObjectItemCaseSensitive(value, f->name), f->type);
            struct gql_node *field = v ? ast_node(m, GQL_KIND_OBJECT_FIELD) : NULL;
            if (field) {
                field->name = ast_text(m, f->name);
                field->value = v;
                add_ast(m, &object->items, field, type->ninput_fields);
            }
        }
        return object;
    }
    cJSON *made;
    const char *error = NULL;
    const cJSON *serialized = gql__serialize(m->a, type, value, &made, &error);
    struct gql_node *n = NULL;
    char number[32];
    if (cJSON_IsBool(serialized)) {
        if ((n = ast_node(m, GQL_KIND_BOOLEAN)))
            n->flag = cJSON_IsTrue(serialized);
    } else if (cJSON_IsNumber(serialized)) {
        gql_js_number(serialized->valuedouble, number);
        if ((n = ast_node(m, integer_string(number) ? GQL_KIND_INT : GQL_KIND_FLOAT)))
            n->text = ast_text(m, number);
    } else if (cJSON_IsString(serialized)) {
        bool id_int = type->scalar == GQL_SCALAR_ID &&
                      integer_string(serialized->valuestring);
        enum gql_kind kind = type->kind == GQL_TYPE_ENUM ? GQL_KIND_ENUM
                             : id_int                    ? GQL_KIND_INT
                                                         : GQL_KIND_STRING;
        if ((n = ast_node(m, kind)))
            n->text = ast_text(m, serialized->valuestring);
    }
    /* else graphql-js throws "Cannot convert value to AST"; the model shows null */
    cJSON_Delete(made);
    return n;
}

static cJSON *default_value(struct model *m, const struct gql_input_value *v)
{
    if (!v->default_value)
        return cJSON_CreateNull();
    cJSON *value = gql__value_from_ast(v->default_value, v->type, NULL);
    struct gql_node *ast = ast_from_value(m, value, v->type);
    cJSON_Delete(value);
    const char *printed = ast ? gql_print_value(m->a, ast) : NULL;
    return string_or_null(printed);
}

/* ---- the introspection objects ---- */

static cJSON *input_values(struct model *m, const struct gql_input_value *values, uint32_t n)
{
    cJSON *list = checked(m, cJSON_CreateArray());
    for (uint32_t i = 0; list && i < n; i++) {
        const struct gql_input_value *v = &values[i];
        cJSON *o = checked(m, cJSON_CreateObject());
        if (!o || !cJSON_AddItemToArray(list, o)) {
            cJSON_Delete(o);
            m->failed = true;
            break;
        }
        set(m, o, "name", cJSON_CreateString(v->name));
        set(m, o, "description", string_or_null(v->description));
        set(m, o, "type", type_ref(m, v->type));
        set(m, o, "defaultValue", default_value(m, v));
        set_deprecation(m, o, v->deprecation_reason);
    }
    return list;
}

static cJSON *fields(struct model *m, const struct gql_type *t)
{
    cJSON *list = checked(m, cJSON_CreateArray());
    for (uint32_t i = 0; list && i < t->nfields; i++) {
        const struct gql_field *f = &t->fields[i];
        cJSON *o = checked(m, cJSON_CreateObject());
        if (!o || !cJSON_AddItemToArray(list, o)) {
            cJSON_Delete(o);
            m->failed = true;
            break;
        }
        set(m, o, "name", cJSON_CreateString(f->name));
        set(m, o, "description", string_or_null(f->description));
        set(m, o, "args", input_values(m, f->args, f->nargs));
        set(m, o, "type", type_ref(m, f->type));
        set_deprecation(m, o, f->deprecation_reason);
    }
    return list;
}

static cJSON *enum_values(struct model *m, const struct gql_type *t)
{
    cJSON *list = checked(m, cJSON_CreateArray());
    for (uint32_t i = 0; list && i < t->nvalues; i++) {
        cJSON *o = checked(m, cJSON_CreateObject());
        if (!o || !cJSON_AddItemToArray(list, o)) {
            cJSON_Delete(o);
            m->failed = true;
            break;
        }
        set(m, o, "name", cJSON_CreateString(t->values[i].name));
        set(m, o, "description", string_or_null(t->values[i].description));
        set_deprecation(m, o, t->values[i].deprecation_reason);
    }
    return list;
}

static const char *const kind_names[] = {
    [GQL_TYPE_SCALAR] = "SCALAR", [GQL_TYPE_OBJECT] = "OBJECT",
    [GQL_TYPE_INTERFACE] = "INTERFACE", [GQL_TYPE_UNION] = "UNION",
    [GQL_TYPE_ENUM] = "ENUM", [GQL_TYPE_INPUT_OBJECT] = "INPUT_OBJECT",
};

/* The first pass: each named type's object with the members that mention no other type;
 * "kind" comes first, so references made later see every member. */
static void describe_type(struct model *m, const struct gql_type *t)
{
    cJSON *o = checked(m, cJSON_CreateObject());
    if (!o || !cJSON_AddItemToObject(m->types, t->name, o)) {
        cJSON_Delete(o);
        m->failed = true;
        return;
    }
    set(m, o, "kind", cJSON_CreateString(kind_names[t->kind]));
    set(m, o, "name", cJSON_CreateString(t->name));
    set(m, o, "description", string_or_null(t->description));
    set(m, o, "specifiedByURL",
        string_or_null(t->kind == GQL_TYPE_SCALAR ? t->specified_by_url : NULL));
}

/* The second pass: the members that mention types, null where the kind has none. */
static void link_type(struct model *m, const struct gql_type *t)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(m->types, t->name);
    bool has_fields = t->kind == GQL_TYPE_OBJECT || t->kind == GQL_TYPE_INTERFACE;
    bool abstract = t->kind == GQL_TYPE_INTERFACE || t->kind == GQL_TYPE_UNION;
    bool input = t->kind == GQL_TYPE_INPUT_OBJECT;
    set(m, o, "fields", has_fields ? fields(m, t) : cJSON_CreateNull());
    set(m, o, "interfaces",
        has_fields ? type_refs(m, t->interfaces, t->ninterfaces) : cJSON_CreateNull());
    set(m, o, "possibleTypes",
        abstract ? type_refs(m, t->possible, t->npossible) : cJSON_CreateNull());
    set(m, o, "enumValues", t->kind == GQL_TYPE_ENUM ? enum_values(m, t) : cJSON_CreateNull());
    set(m, o, "inputFields",
        input ? input_values(m, t->input_fields, t->ninput_fields) : cJSON_CreateNull());
    set(m, o, "ofType", cJSON_CreateNull());
    set(m, o, "isOneOf", input ? cJSON_CreateBool(t->one_of) : cJSON_CreateNull());
}

static cJSON *directive(struct model *m, const struct gql_directive *d)
{
    static const char *const location_names[] = {
#define GQL_LOCATION_NAME(name) #name,
        GQL_DIRECTIVE_LOCATIONS(GQL_LOCATION_NAME)
#undef GQL_LOCATION_NAME
    };
    cJSON *o = checked(m, cJSON_CreateObject());
    if (!o)
        return NULL;
    set(m, o, "name", cJSON_CreateString(d->name));
    set(m, o, "description", string_or_null(d->description));
    set(m, o, "isRepeatable", cJSON_CreateBool(d->repeatable));
    cJSON *locations = checked(m, cJSON_CreateArray());
    for (int i = 0; locations && i < d->nlocations; i++)
        cJSON_AddItemToArray(locations,
                             checked(m, cJSON_CreateString(location_names[d->location_order[i]])));
    set(m, o, "locations", locations);
    set(m, o, "args", input_values(m, d->args, d->nargs));
    set_deprecation(m, o, NULL);
    return o;
}

/* ---- the resolvers of the fields with an includeDeprecated argument ---- */

/* The parent's list named after the field, without its deprecated items unless
 * includeDeprecated is true. */
static const cJSON *without_deprecated(const struct gql_resolve_info *info)
{
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(info->parent, info->field->name);
    if (!cJSON_IsArray(all) ||
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(info->args, "includeDeprecated")))
        return all;
    cJSON *kept = cJSON_CreateArray();
    const cJSON *item;
    cJSON_ArrayForEach(item, all)
    {
        if (kept &&
            !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(item, "isDeprecated")))
            cJSON_AddItemToArray(kept, cJSON_CreateObjectReference(item->child));
    }
    return gql_exec_keep(info->exec, kept);
}

cJSON *gql__introspection_model(struct gql_schema *s)
{
    struct rm_arena a;
    rm_arena_init(&a, 0);
    cJSON *model = cJSON_CreateObject();
    struct model m = { s, &a, cJSON_AddObjectToObject(model, "types"), model == NULL };
    uint32_t ntypes, ndirectives;
    struct gql_type *const *types = gql_schema_types(s, &ntypes);
    struct gql_directive *const *directives = gql_schema_directives(s, &ndirectives);
    if (!m.types)
        m.failed = true;
    for (uint32_t i = 0; !m.failed && i < ntypes; i++)
        describe_type(&m, types[i]);
    for (uint32_t i = 0; !m.failed && i < ntypes; i++)
        link_type(&m, types[i]);

    cJSON *schema = m.failed ? NULL : cJSON_AddObjectToObject(model, "schema");
    if (schema) {
        set(&m, schema, "description", string_or_null(gql_schema_description(s)));
        set(&m, schema, "types", type_refs(&m, types, ntypes));
        static const char *const roots[] = { "queryType", "mutationType", "subscriptionType" };
        for (int op = GQL_QUERY; op <= GQL_SUBSCRIPTION; op++) {
            struct gql_type *root = gql_schema_root(s, op);
            set(&m, schema, roots[op], root ? type_ref(&m, root) : cJSON_CreateNull());
        }
        cJSON *list = checked(&m, cJSON_CreateArray());
        for (uint32_t i = 0; list && i < ndirectives; i++) {
            cJSON *d = directive(&m, directives[i]);
            if (!d || !cJSON_AddItemToArray(list, d)) {
                cJSON_Delete(d);
                m.failed = true;
            }
        }
        set(&m, schema, "directives", list);
    }
    static const struct {
        const char *type, *field;
    } filtered[] = {
        { "__Schema", "directives" }, { "__Type", "fields" },     { "__Type", "enumValues" },
        { "__Type", "inputFields" },  { "__Field", "args" },      { "__Directive", "args" },
    };
    for (size_t i = 0; i < sizeof filtered / sizeof *filtered; i++)
        if (gql_schema_resolver(s, filtered[i].type, filtered[i].field, without_deprecated) != RM_OK)
            m.failed = true;
    rm_arena_clear(&a);
    if (m.failed || !schema) {
        cJSON_Delete(model);
        return NULL;
    }
    return model;
}
