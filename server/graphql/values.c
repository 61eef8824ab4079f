/*
 * Values crossing the schema's edge, as graphql-js 16 converts them: literals to values
 * (valueFromAST, valueFromASTUntyped), JSON variables to values (coerceInputValue), and
 * resolved values to results (the built-in scalars' and enums' serialize). Values are cJSON
 * trees; NULL stands for JavaScript's undefined (absent, or invalid).
 */
#include "graphql/gql_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INT 2147483647.0
#define MIN_INT (-2147483648.0)

const cJSON *gql__object_get(const cJSON *object, const char *name, size_t len)
{
    if (!cJSON_IsObject(object))
        return NULL;
    for (const cJSON *item = object->child; item; item = item->next)
        if (strncmp(item->string, name, len) == 0 && item->string[len] == '\0')
            return item;
    return NULL;
}

static bool add(cJSON *object, const char *name, cJSON *value)
{
    if (!value)
        return false;
    if (!cJSON_AddItemToObject(object, name, value)) {
        cJSON_Delete(value);
        return false;
    }
    return true;
}

static bool append(cJSON *array, cJSON *value)
{
    if (!value)
        return false;
    if (!cJSON_AddItemToArray(array, value)) {
        cJSON_Delete(value);
        return false;
    }
    return true;
}

static cJSON *string_n(const char *s, size_t len)
{
    char small[64];
    char *copy = len < sizeof small ? small : malloc(len + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, len);
    copy[len] = '\0';
    cJSON *v = cJSON_CreateString(copy);
    if (copy != small)
        free(copy);
    return v;
}

/* ---- literals ---- */

cJSON *gql__value_from_ast_untyped(const struct gql_node *node, const cJSON *vars)
{
    switch (node->kind) {
    case GQL_KIND_NULL:
        return cJSON_CreateNull();
    case GQL_KIND_INT:
    case GQL_KIND_FLOAT:
        return cJSON_CreateNumber(strtod(node->text.p, NULL));
    case GQL_KIND_STRING:
    case GQL_KIND_ENUM:
        return string_n(node->text.p, node->text.len);
    case GQL_KIND_BOOLEAN:
        return cJSON_CreateBool(node->flag);
    case GQL_KIND_LIST: {
        cJSON *list = cJSON_CreateArray();
        for (uint32_t i = 0; list && i < node->items.count; i++) {
            cJSON *item = gql__value_from_ast_untyped(node->items.items[i], vars);
            /* undefined in an array: JSON.stringify writes null */
            if (!append(list, item ? item : cJSON_CreateNull())) {
                cJSON_Delete(list);
                return NULL;
            }
        }
        return list;
    }
    case GQL_KIND_OBJECT: {
        cJSON *object = cJSON_CreateObject();
        for (uint32_t i = 0; object && i < node->items.count; i++) {
            const struct gql_node *field = node->items.items[i];
            cJSON *value = gql__value_from_ast_untyped(field->value, vars);
            if (!value) /* undefined: the key is left out */
                continue;
            char *name = strndup(field->name.p, field->name.len);
            bool ok = name && add(object, name, value);
            free(name);
            if (!ok) {
                cJSON_Delete(object);
                return NULL;
            }
        }
        return object;
    }
    case GQL_KIND_VARIABLE: {
        const cJSON *v = gql__object_get(vars, node->name.p, node->name.len);
        return v ? cJSON_Duplicate(v, true) : NULL;
    }
    default:
        return NULL;
    }
}

static bool is_missing_variable(const struct gql_node *node, const cJSON *vars)
{
    return node->kind == GQL_KIND_VARIABLE && !gql__object_get(vars, node->name.p, node->name.len);
}

static cJSON *leaf_from_ast(const struct gql_node *node, const struct gql_type *type,
                            const cJSON *vars)
{
    if (type->kind == GQL_TYPE_ENUM) {
        if (node->kind != GQL_KIND_ENUM)
            return NULL;
        for (uint32_t i = 0; i < type->nvalues; i++)
            if (strlen(type->values[i].name) == node->text.len &&
                memcmp(type->values[i].name, node->text.p, node->text.len) == 0)
                return cJSON_CreateString(type->values[i].name);
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_CUSTOM) /* buildSchema's parseLiteral is untyped */
        return gql__value_from_ast_untyped(node, vars);
    if (type->scalar == GQL_SCALAR_INT) {
        if (node->kind != GQL_KIND_INT)
            return NULL;
        double d = strtod(node->text.p, NULL);
        return d > MAX_INT || d < MIN_INT ? NULL : cJSON_CreateNumber(d);
    }
    if (type->scalar == GQL_SCALAR_FLOAT)
        return node->kind == GQL_KIND_INT || node->kind == GQL_KIND_FLOAT
                   ? cJSON_CreateNumber(strtod(node->text.p, NULL))
                   : NULL;
    if (type->scalar == GQL_SCALAR_STRING || type->scalar == GQL_SCALAR_CUSTOM_STRING)
        return node->kind == GQL_KIND_STRING ? string_n(node->text.p, node->text.len) : NULL;
    if (type->scalar == GQL_SCALAR_BOOLEAN)
        return node->kind == GQL_KIND_BOOLEAN ? cJSON_CreateBool(node->flag) : NULL;
    if (type->scalar == GQL_SCALAR_ID)
        return node->kind == GQL_KIND_STRING || node->kind == GQL_KIND_INT
                   ? string_n(node->text.p, node->text.len)
                   : NULL;
    return gql__value_from_ast_untyped(node, vars);
}

cJSON *gql__value_from_ast(const struct gql_node *node, const struct gql_type *type,
                           const cJSON *vars)
{
    if (!node)
        return NULL;
    if (node->kind == GQL_KIND_VARIABLE) {
        const cJSON *v = gql__object_get(vars, node->name.p, node->name.len);
        if (!v || (cJSON_IsNull(v) && type->kind == GQL_TYPE_NON_NULL))
            return NULL;
        return cJSON_Duplicate(v, true);
    }
    if (type->kind == GQL_TYPE_NON_NULL)
        return node->kind == GQL_KIND_NULL ? NULL : gql__value_from_ast(node, type->of_type, vars);
    if (node->kind == GQL_KIND_NULL)
        return cJSON_CreateNull();
    if (type->kind == GQL_TYPE_LIST) {
        const struct gql_type *item_type = type->of_type;
        if (node->kind != GQL_KIND_LIST) {
            cJSON *item = gql__value_from_ast(node, item_type, vars);
            cJSON *list = item ? cJSON_CreateArray() : NULL;
            if (list && !append(list, item)) {
                cJSON_Delete(list);
                return NULL;
            }
            if (!list)
                cJSON_Delete(item);
            return list;
        }
        cJSON *list = cJSON_CreateArray();
        for (uint32_t i = 0; list && i < node->items.count; i++) {
            const struct gql_node *item_node = node->items.items[i];
            cJSON *item;
            if (is_missing_variable(item_node, vars))
                item = item_type->kind == GQL_TYPE_NON_NULL ? NULL : cJSON_CreateNull();
            else
                item = gql__value_from_ast(item_node, item_type, vars);
            if (!append(list, item)) {
                cJSON_Delete(list);
                return NULL;
            }
        }
        return list;
    }
    if (type->kind == GQL_TYPE_INPUT_OBJECT) {
        if (node->kind != GQL_KIND_OBJECT)
            return NULL;
        cJSON *object = cJSON_CreateObject();
        for (uint32_t i = 0; object && i < type->ninput_fields; i++) {
            const struct gql_input_value *field = &type->input_fields[i];
            const struct gql_node *field_node = NULL;
            for (uint32_t j = 0; j < node->items.count; j++) { /* keyMap: the last one wins */
                const struct gql_node *f = node->items.items[j];
                if (f->name.len == strlen(field->name) &&
                    memcmp(f->name.p, field->name, f->name.len) == 0)
                    field_node = f;
            }
            cJSON *value;
            if (!field_node || is_missing_variable(field_node->value, vars)) {
                if (field->default_value)
                    value = gql__value_from_ast(field->default_value, field->type, NULL);
                else if (field->type->kind == GQL_TYPE_NON_NULL)
                    value = NULL;
                else
                    continue;
            } else {
                value = gql__value_from_ast(field_node->value, field->type, vars);
            }
            if (!add(object, field->name, value)) {
                cJSON_Delete(object);
                return NULL;
            }
        }
        if (object && type->one_of &&
            (cJSON_GetArraySize(object) != 1 || cJSON_IsNull(object->child))) {
            cJSON_Delete(object);
            return NULL;
        }
        return object;
    }
    return leaf_from_ast(node, type, vars);
}

/* ---- JSON input (variables) ---- */

/* Where in a variable's value: a chain of keys and indexes (graphql-js Path). */
struct input_path {
    const struct input_path *prev;
    const char *key; /* NULL: index */
    int index;
};

struct coercion {
    struct rm_arena *a;
    void (*on_error)(void *ctx, const char *path, const cJSON *invalid, const char *message);
    void *ctx;
};

/* graphql-js printPathArray: ".f.ranges[1].min" */
static void print_path(struct rm_arena *a, struct gql__buf *b, const struct input_path *p)
{
    if (!p)
        return;
    print_path(a, b, p->prev);
    char index[16];
    if (p->key) {
        gql__buf_put(a, b, ".", 1);
        gql__buf_put(a, b, p->key, (uint32_t)strlen(p->key));
    } else {
        int n = snprintf(index, sizeof index, "[%d]", p->index);
        gql__buf_put(a, b, index, (uint32_t)n);
    }
}

static void input_error(const struct coercion *c, const struct input_path *path,
                        const cJSON *invalid, const char *message)
{
    struct gql__buf b = { 0 };
    print_path(c->a, &b, path);
    c->on_error(c->ctx, b.p ? b.p : "", invalid, message);
}

const char *gql__type_string(struct rm_arena *a, const struct gql_type *t)
{
    if (t->kind == GQL_TYPE_NON_NULL)
        return rm_arena_printf(a, "%s!", gql__type_string(a, t->of_type));
    if (t->kind == GQL_TYPE_LIST)
        return rm_arena_printf(a, "[%s]", gql__type_string(a, t->of_type));
    return t->name;
}

const char *gql__type_node_string(struct rm_arena *a, const struct gql_node *t)
{
    if (t->kind == GQL_KIND_NON_NULL_TYPE)
        return rm_arena_printf(a, "%s!", gql__type_node_string(a, t->type));
    if (t->kind == GQL_KIND_LIST_TYPE)
        return rm_arena_printf(a, "[%s]", gql__type_node_string(a, t->type));
    return rm_arena_strndup(a, t->name.p, t->name.len);
}

/* graphql-js didYouMeanEnumValue */
const char *gql__did_you_mean_enum(struct rm_arena *a, const struct gql_type *t,
                                   const char *unknown)
{
    const char **names = rm_arena_alloc(a, (t->nvalues + 1) * sizeof *names);
    if (!names)
        return "";
    for (uint32_t i = 0; i < t->nvalues; i++)
        names[i] = t->values[i].name;
    const char **suggested;
    uint32_t n = gql__suggestions(a, unknown, strlen(unknown), names, t->nvalues, &suggested);
    return gql__did_you_mean(a, "the enum value", suggested, n);
}

static bool is_integer(const cJSON *v)
{
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) && floor(v->valuedouble) == v->valuedouble;
}

/* A leaf type's parseValue; NULL with *error set when the value does not fit. */
static cJSON *parse_leaf(struct rm_arena *a, const struct gql_type *type, const cJSON *v,
                         const char **error)
{
    char number[32];
    if (type->kind == GQL_TYPE_ENUM) {
        if (!cJSON_IsString(v)) {
            const char *shown = gql__inspect(a, v);
            *error = rm_arena_printf(a, "Enum \"%s\" cannot represent non-string value: %s.%s",
                                     type->name, shown, gql__did_you_mean_enum(a, type, shown));
            return NULL;
        }
        for (uint32_t i = 0; i < type->nvalues; i++)
            if (strcmp(type->values[i].name, v->valuestring) == 0)
                return cJSON_CreateString(v->valuestring);
        *error = rm_arena_printf(a, "Value \"%s\" does not exist in \"%s\" enum.%s",
                                 v->valuestring, type->name,
                                 gql__did_you_mean_enum(a, type, v->valuestring));
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_CUSTOM)
        return cJSON_Duplicate(v, true);
    if (type->scalar == GQL_SCALAR_INT) {
        if (!is_integer(v))
            *error = rm_arena_printf(a, "Int cannot represent non-integer value: %s",
                                     gql__inspect(a, v));
        else if (v->valuedouble > MAX_INT || v->valuedouble < MIN_INT)
            *error = rm_arena_printf(a, "Int cannot represent non 32-bit signed integer value: %s",
                                     gql_js_number(v->valuedouble, number));
        else
            return cJSON_Duplicate(v, true);
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_FLOAT) {
        if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
            return cJSON_Duplicate(v, true);
        *error = rm_arena_printf(a, "Float cannot represent non numeric value: %s",
                                 gql__inspect(a, v));
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_STRING || type->scalar == GQL_SCALAR_CUSTOM_STRING) {
        if (cJSON_IsString(v))
            return cJSON_Duplicate(v, true);
        *error = rm_arena_printf(a, "%s cannot represent a non string value: %s", type->name,
                                 gql__inspect(a, v));
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_BOOLEAN) {
        if (cJSON_IsBool(v))
            return cJSON_Duplicate(v, true);
        *error = rm_arena_printf(a, "Boolean cannot represent a non boolean value: %s",
                                 gql__inspect(a, v));
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_ID) {
        if (cJSON_IsString(v))
            return cJSON_Duplicate(v, true);
        if (is_integer(v))
            return cJSON_CreateString(gql_js_number(v->valuedouble, number));
        *error = rm_arena_printf(a, "ID cannot represent value: %s", gql__inspect(a, v));
        return NULL;
    }
    return cJSON_Duplicate(v, true);
}

static cJSON *coerce(const struct coercion *c, const cJSON *v, const struct gql_type *type,
                     const struct input_path *path)
{
    if (type->kind == GQL_TYPE_NON_NULL) {
        if (!cJSON_IsNull(v))
            return coerce(c, v, type->of_type, path);
        input_error(c, path, v,
                    rm_arena_printf(c->a, "Expected non-nullable type \"%s\" not to be null.",
                                    gql__type_string(c->a, type)));
        return NULL;
    }
    if (cJSON_IsNull(v))
        return cJSON_CreateNull();
    if (type->kind == GQL_TYPE_LIST) {
        cJSON *list = cJSON_CreateArray();
        if (!list)
            return NULL;
        if (!cJSON_IsArray(v)) {
            cJSON *item = coerce(c, v, type->of_type, path);
            if (!append(list, item ? item : cJSON_CreateNull())) {
                cJSON_Delete(list);
                return NULL;
            }
            return list;
        }
        int index = 0;
        for (const cJSON *item = v->child; item; item = item->next, index++) {
            struct input_path item_path = { path, NULL, index };
            cJSON *coerced = coerce(c, item, type->of_type, &item_path);
            append(list, coerced ? coerced : cJSON_CreateNull());
        }
        return list;
    }
    if (type->kind == GQL_TYPE_INPUT_OBJECT) {
        if (!cJSON_IsObject(v)) {
            input_error(c, path, v,
                        rm_arena_printf(c->a, "Expected type \"%s\" to be an object.", type->name));
            return NULL;
        }
        cJSON *object = cJSON_CreateObject();
        if (!object)
            return NULL;
        for (uint32_t i = 0; i < type->ninput_fields; i++) {
            const struct gql_input_value *field = &type->input_fields[i];
            const cJSON *field_value = cJSON_GetObjectItemCaseSensitive(v, field->name);
            if (!field_value) {
                if (field->default_value)
                    add(object, field->name,
                        gql__value_from_ast(field->default_value, field->type, NULL));
                else if (field->type->kind == GQL_TYPE_NON_NULL)
                    input_error(c, path, v,
                                rm_arena_printf(c->a,
                                                "Field \"%s\" of required type \"%s\" was not "
                                                "provided.",
                                                field->name, gql__type_string(c->a, field->type)));
                continue;
            }
            struct input_path field_path = { path, field->name, 0 };
            cJSON *coerced = coerce(c, field_value, field->type, &field_path);
            add(object, field->name, coerced ? coerced : cJSON_CreateNull());
        }
        const char **names = rm_arena_alloc(c->a, (type->ninput_fields + 1) * sizeof *names);
        for (uint32_t i = 0; names && i < type->ninput_fields; i++)
            names[i] = type->input_fields[i].name;
        for (const cJSON *item = v->child; names && item; item = item->next) {
            bool defined = false;
            for (uint32_t i = 0; i < type->ninput_fields && !defined; i++)
                defined = strcmp(names[i], item->string) == 0;
            if (defined)
                continue;
            const char **suggested;
            uint32_t n = gql__suggestions(c->a, item->string, strlen(item->string), names,
                                          type->ninput_fields, &suggested);
            input_error(c, path, v,
                        rm_arena_printf(c->a, "Field \"%s\" is not defined by type \"%s\".%s",
                                        item->string, type->name,
                                        gql__did_you_mean(c->a, NULL, suggested, n)));
        }
        if (type->one_of) {
            if (cJSON_GetArraySize(object) != 1)
                input_error(c, path, v,
                            rm_arena_printf(c->a,
                                            "Exactly one key must be specified for OneOf type "
                                            "\"%s\".",
                                            type->name));
            const cJSON *only = object->child;
            if (only && cJSON_IsNull(only)) {
                struct input_path key_path = { path, only->string, 0 };
                input_error(c, &key_path, only,
                            rm_arena_printf(c->a, "Field \"%s\" must be non-null.", only->string));
            }
        }
        return object;
    }
    const char *error = NULL;
    cJSON *parsed = parse_leaf(c->a, type, v, &error);
    if (!parsed && error)
        input_error(c, path, v, error);
    return parsed;
}

cJSON *gql__coerce_input(struct rm_arena *a, const cJSON *v, const struct gql_type *type,
                         void (*on_error)(void *ctx, const char *path, const cJSON *invalid,
                                          const char *message),
                         void *ctx)
{
    struct coercion c = { a, on_error, ctx };
    return coerce(&c, v, type, NULL);
}

/* ---- results (serialize) ---- */

static bool js_space(const unsigned char *s, size_t *n)
{
    static const char *const spaces[] = { "\xc2\xa0", "\xef\xbb\xbf", "\xe1\x9a\x80",
                                          "\xe2\x80\xa8", "\xe2\x80\xa9", "\xe2\x80\xaf",
                                          "\xe2\x81\x9f", "\xe3\x80\x80" };
    if (*s == ' ' || (*s >= '\t' && *s <= '\r')) {
        *n = 1;
        return true;
    }
    if (s[0] == 0xe2 && s[1] == 0x80 && s[2] >= 0x80 && s[2] <= 0x8a) { /* U+2000..U+200A */
        *n = 3;
        return true;
    }
    for (size_t i = 0; i < sizeof spaces / sizeof *spaces; i++) {
        size_t len = strlen(spaces[i]);
        if (memcmp(s, spaces[i], len) == 0) {
            *n = len;
            return true;
        }
    }
    return false;
}

/* JavaScript's Number(string): NaN when the text is not a number. */
static double js_number_of(const char *text)
{
    const unsigned char *s = (const unsigned char *)text, *end = s + strlen(text);
    size_t n;
    while (s < end && js_space(s, &n))
        s += n;
    while (end > s) { /* trailing white space, found by trying each start */
        const unsigned char *p = end - 1;
        while (p > s && (*p & 0xc0) == 0x80)
            p--;
        if (!js_space(p, &n) || p + n != end)
            break;
        end = p;
    }
    size_t len = (size_t)(end - s);
    if (len == 0)
        return 0;
    char *copy = strndup((const char *)s, len);
    if (!copy)
        return NAN;
    double result = NAN;
    char *stop;
    int base = len > 2 && copy[0] == '0' ? (copy[1] == 'x' || copy[1] == 'X'   ? 16
                                            : copy[1] == 'o' || copy[1] == 'O' ? 8
                                            : copy[1] == 'b' || copy[1] == 'B' ? 2
                                                                               : 0)
                                         : 0;
    if (base) {
        result = 0;
        for (const char *p = copy + 2; *p; p++) {
            int digit = *p >= '0' && *p <= '9'   ? *p - '0'
                        : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
                        : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10
                                                 : 99;
            if (digit >= base) {
                result = NAN;
                break;
            }
            result = result * base + digit;
        }
    } else {
        const char *p = copy + (copy[0] == '+' || copy[0] == '-');
        if (strcmp(p, "Infinity") == 0)
            result = copy[0] == '-' ? -INFINITY : INFINITY;
        else if ((*p >= '0' && *p <= '9') || (*p == '.' && p[1] >= '0' && p[1] <= '9')) {
            /* strtod also takes hex, inf and nan, which only reach here without a digit */
            double d = strtod(copy, &stop);
            if (*stop == '\0' && !strpbrk(copy, "xXnN"))
                result = d;
        }
    }
    free(copy);
    return result;
}

const cJSON *gql__serialize(struct rm_arena *a, const struct gql_type *type, const cJSON *v,
                            cJSON **made, const char **error)
{
    *made = NULL;
    if (type->kind == GQL_TYPE_ENUM) {
        for (uint32_t i = 0; cJSON_IsString(v) && i < type->nvalues; i++)
            if (strcmp(type->values[i].name, v->valuestring) == 0)
                return v;
        *error = rm_arena_printf(a, "Enum \"%s\" cannot represent value: %s", type->name,
                                 gql__inspect(a, v));
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_CUSTOM)
        return v;
    if (type->scalar == GQL_SCALAR_CUSTOM_STRING) {
        if (cJSON_IsString(v))
            return v;
        *error = rm_arena_printf(a, "%s cannot represent value: %s", type->name,
                                 gql__inspect(a, v));
        return NULL;
    }
    char number[32];
    bool is_int = type->scalar == GQL_SCALAR_INT;
    if (is_int || type->scalar == GQL_SCALAR_FLOAT) {
        /* serializeInt/serializeFloat: booleans count as 1 and 0, non-empty strings go
         * through Number(); anything else is not a number */
        bool numeric = cJSON_IsBool(v) || cJSON_IsNumber(v) ||
                       (cJSON_IsString(v) && v->valuestring[0]);
        double d = cJSON_IsBool(v)     ? cJSON_IsTrue(v)
                   : cJSON_IsNumber(v) ? v->valuedouble
                   : numeric           ? js_number_of(v->valuestring)
                                       : NAN;
        if (is_int && (!numeric || !isfinite(d) || floor(d) != d))
            *error = rm_arena_printf(a, "Int cannot represent non-integer value: %s",
                                     gql__inspect(a, v));
        else if (is_int && (d > MAX_INT || d < MIN_INT))
            *error = rm_arena_printf(a, "Int cannot represent non 32-bit signed integer value: %s",
                                     gql__inspect(a, v));
        else if (!is_int && (!numeric || !isfinite(d)))
            *error = rm_arena_printf(a, "Float cannot represent non numeric value: %s",
                                     gql__inspect(a, v));
        else
            return cJSON_IsNumber(v) ? v : (*made = cJSON_CreateNumber(d));
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_STRING) {
        if (cJSON_IsString(v))
            return v;
        if (cJSON_IsBool(v))
            return *made = cJSON_CreateString(cJSON_IsTrue(v) ? "true" : "false");
        if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
            return *made = cJSON_CreateString(gql_js_number(v->valuedouble, number));
        *error = rm_arena_printf(a, "String cannot represent value: %s", gql__inspect(a, v));
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_BOOLEAN) {
        if (cJSON_IsBool(v))
            return v;
        if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
            return *made = cJSON_CreateBool(v->valuedouble != 0);
        *error = rm_arena_printf(a, "Boolean cannot represent a non boolean value: %s",
                                 gql__inspect(a, v));
        return NULL;
    }
    if (type->scalar == GQL_SCALAR_ID) {
        if (cJSON_IsString(v))
            return v;
        if (is_integer(v))
            return *made = cJSON_CreateString(gql_js_number(v->valuedouble, number));
        *error = rm_arena_printf(a, "ID cannot represent value: %s", gql__inspect(a, v));
        return NULL;
    }
    return v;
}

struct gql_type *gql__type_from_ast(struct rm_arena *a, const struct gql_schema *s,
                                    const struct gql_node *t)
{
    if (t->kind == GQL_KIND_NAMED_TYPE)
        return gql_schema_type(s, t->name.p, t->name.len);
    struct gql_type *inner = gql__type_from_ast(a, s, t->type);
    struct gql_type *w = inner ? rm_arena_calloc(a, 1, sizeof *w) : NULL;
    if (w) {
        w->kind = t->kind == GQL_KIND_LIST_TYPE ? GQL_TYPE_LIST : GQL_TYPE_NON_NULL;
        w->of_type = inner;
    }
    return w;
}
