/*
 * A schema from SDL, as graphql-js 16's buildSchema makes it: the built-in scalars,
 * directives and introspection types (schema/graphql-builtins.graphql, printed by graphql-js
 * itself), the SDL's types with their extensions, resolved references, interface
 * implementations, root types, and graphql-js's order of types for introspection.
 */
#include "core/embed.h"
#include "graphql/gql_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gql_schema {
    struct rm_arena arena;           /* everything the schema owns, freed at once */
    struct gql_type **types;         /* graphql-js's order (after build) */
    uint32_t ntypes, captypes;
    struct gql_directive **directives;
    uint32_t ndirectives, capdirectives;
    struct gql_type *roots[3];
    const char *description;
    uint32_t *index;                 /* open addressing by name: type position + 1 */
    uint32_t index_cap;              /* a power of two */
    struct gql_field meta[3];        /* __schema, __type, __typename (graphql-js's meta-fields) */
    struct gql_field specified_by_url_15; /* __Type.specifiedByUrl, hidden (F-GQL-030) */
    struct gql_input_value type_name_arg;
    struct gql_value_hooks hooks;
    cJSON *model;                    /* introspection's view of the schema (introspect.c) */
};

/* Where a build error is reported: the source the node came from. */
struct build {
    struct gql_schema *s;
    const char *src;                 /* the SDL being processed (user SDL for errors) */
    size_t len;
    char *err;
    size_t errlen;
    bool failed;
    /* the definition nodes behind each type (by position in s->types), and extensions */
    const struct gql_node **defs;
    struct gql_nodes *extensions;
    const char **def_src;            /* the source each definition came from */
    size_t *def_len;
};

static void fail(struct build *b, const char *src, size_t len, const struct gql_node *n,
                 const char *fmt, const char *a1, const char *a2)
{
    if (b->failed)
        return;
    b->failed = true;
    char message[512];
    snprintf(message, sizeof message, fmt, a1, a2 ? a2 : "");
    if (n && src) {
        struct gql_location loc = gql_location_of(src, len, n->start);
        snprintf(b->err, b->errlen, "line %u: %s", loc.line, message);
    } else {
        snprintf(b->err, b->errlen, "%s", message);
    }
}

static const char *dup(struct gql_schema *s, struct gql_str str)
{
    return rm_arena_strndup(&s->arena, str.p, str.len);
}

static uint32_t hash(const char *p, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

static void index_rebuild(struct gql_schema *s)
{
    uint32_t cap = 64;
    while (cap < s->ntypes * 2)
        cap *= 2;
    s->index = rm_arena_calloc(&s->arena, cap, sizeof *s->index);
    s->index_cap = s->index ? cap : 0;
    for (uint32_t i = 0; s->index && i < s->ntypes; i++) {
        const char *name = s->types[i]->name;
        uint32_t h = hash(name, strlen(name)) & (cap - 1);
        while (s->index[h])
            h = (h + 1) & (cap - 1);
        s->index[h] = i + 1;
    }
}

struct gql_type *gql_schema_type(const struct gql_schema *s, const char *name, size_t len)
{
    if (!s->index_cap)
        return NULL;
    uint32_t h = hash(name, len) & (s->index_cap - 1);
    while (s->index[h]) {
        struct gql_type *t = s->types[s->index[h] - 1];
        if (strlen(t->name) == len && memcmp(t->name, name, len) == 0)
            return t;
        h = (h + 1) & (s->index_cap - 1);
    }
    return NULL;
}

struct gql_directive *gql_schema_directive(const struct gql_schema *s, const char *name,
                                           size_t len)
{
    for (uint32_t i = 0; i < s->ndirectives; i++)
        if (strlen(s->directives[i]->name) == len && !memcmp(s->directives[i]->name, name, len))
            return s->directives[i];
    return NULL;
}

struct gql_type *gql_schema_root(const struct gql_schema *s, enum gql_operation op)
{
    return s->roots[op];
}

const char *gql_schema_description(const struct gql_schema *s)
{
    return s->description;
}

struct gql_type *const *gql_schema_types(const struct gql_schema *s, uint32_t *n)
{
    *n = s->ntypes;
    return s->types;
}

struct gql_directive *const *gql_schema_directives(const struct gql_schema *s, uint32_t *n)
{
    *n = s->ndirectives;
    return s->directives;
}

struct gql_field *gql_type_field(const struct gql_type *t, const char *name, size_t len)
{
    for (uint32_t i = 0; i < t->nfields; i++)
        if (strlen(t->fields[i].name) == len && !memcmp(t->fields[i].name, name, len))
            return &t->fields[i];
    return NULL;
}

struct gql_type *gql_named_type(struct gql_type *t)
{
    while (t && (t->kind == GQL_TYPE_LIST || t->kind == GQL_TYPE_NON_NULL))
        t = t->of_type;
    return t;
}

bool gql_type_possible(const struct gql_type *abstract, const struct gql_type *object)
{
    for (uint32_t i = 0; i < abstract->npossible; i++)
        if (abstract->possible[i] == object)
            return true;
    return false;
}

/* ---- building ---- */

static bool add_type(struct build *b, struct gql_type *t, const struct gql_node *def,
                     const char *src, size_t len)
{
    struct gql_schema *s = b->s;
    if (s->ntypes == s->captypes) {
        uint32_t cap = s->captypes ? s->captypes * 2 : 64;
        struct gql_type **types = rm_arena_alloc(&s->arena, cap * sizeof *types);
        const struct gql_node **defs = rm_arena_alloc(&s->arena, cap * sizeof *defs);
        struct gql_nodes *ext = rm_arena_calloc(&s->arena, cap, sizeof *ext);
        const char **dsrc = rm_arena_alloc(&s->arena, cap * sizeof *dsrc);
        size_t *dlen = rm_arena_alloc(&s->arena, cap * sizeof *dlen);
        if (!types || !defs || !ext || !dsrc || !dlen)
            return false;
        if (s->ntypes) {
            memcpy(types, s->types, s->ntypes * sizeof *types);
            memcpy(defs, b->defs, s->ntypes * sizeof *defs);
            memcpy(ext, b->extensions, s->ntypes * sizeof *ext);
            memcpy(dsrc, b->def_src, s->ntypes * sizeof *dsrc);
            memcpy(dlen, b->def_len, s->ntypes * sizeof *dlen);
        }
        s->types = types, b->defs = defs, b->extensions = ext, b->def_src = dsrc;
        b->def_len = dlen;
        s->captypes = cap;
    }
    b->defs[s->ntypes] = def;
    b->def_src[s->ntypes] = src;
    b->def_len[s->ntypes] = len;
    s->types[s->ntypes++] = t;
    index_rebuild(s);
    return s->index != NULL;
}

static int type_position(const struct gql_schema *s, const struct gql_type *t)
{
    for (uint32_t i = 0; i < s->ntypes; i++)
        if (s->types[i] == t)
            return (int)i;
    return -1;
}

static const struct {
    enum gql_kind def, ext;
    enum gql_type_kind kind;
} kinds[] = {
    { GQL_KIND_SCALAR_TYPE_DEFINITION, GQL_KIND_SCALAR_TYPE_EXTENSION, GQL_TYPE_SCALAR },
    { GQL_KIND_OBJECT_TYPE_DEFINITION, GQL_KIND_OBJECT_TYPE_EXTENSION, GQL_TYPE_OBJECT },
    { GQL_KIND_INTERFACE_TYPE_DEFINITION, GQL_KIND_INTERFACE_TYPE_EXTENSION, GQL_TYPE_INTERFACE },
    { GQL_KIND_UNION_TYPE_DEFINITION, GQL_KIND_UNION_TYPE_EXTENSION, GQL_TYPE_UNION },
    { GQL_KIND_ENUM_TYPE_DEFINITION, GQL_KIND_ENUM_TYPE_EXTENSION, GQL_TYPE_ENUM },
    { GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION, GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION,
      GQL_TYPE_INPUT_OBJECT },
};

/* The wrapper of inner, made once. */
static struct gql_type *wrap(struct gql_schema *s, struct gql_type *inner, enum gql_type_kind k);

/* graphql-js 15 spelled __Type.specifiedByURL "specifiedByUrl"; its clients' introspection
 * query asks for that (F-GQL-030). */
static const cJSON *specified_by_url_15(const struct gql_resolve_info *info)
{
    return cJSON_GetObjectItemCaseSensitive(info->parent, "specifiedByURL");
}

/* graphql-js's SchemaMetaFieldDef, TypeMetaFieldDef and TypeNameMetaFieldDef. */
static void make_meta_fields(struct gql_schema *s)
{
    struct gql_type *string = gql_schema_type(s, "String", 6);
    struct gql_type *schema_type = gql_schema_type(s, "__Schema", 8);
    struct gql_type *type_type = gql_schema_type(s, "__Type", 6);
    s->type_name_arg = (struct gql_input_value){ .name = "name", .type = wrap(s, string,
                                                                           GQL_TYPE_NON_NULL) };
    s->meta[0] = (struct gql_field){
        .name = "__schema",
        .description = "Access the current type schema of this server.",
        .type = wrap(s, schema_type, GQL_TYPE_NON_NULL),
    };
    s->meta[1] = (struct gql_field){
        .name = "__type",
        .description = "Request the type information of a single type.",
        .args = &s->type_name_arg,
        .nargs = 1,
        .type = type_type,
    };
    s->meta[2] = (struct gql_field){
        .name = "__typename",
        .description = "The name of the current Object type at runtime.",
        .type = wrap(s, string, GQL_TYPE_NON_NULL),
    };
    s->specified_by_url_15 = (struct gql_field){
        .name = "specifiedByUrl",
        .type = string,
        .resolve = specified_by_url_15,
    };
}

static struct gql_type *wrap(struct gql_schema *s, struct gql_type *inner, enum gql_type_kind k)
{
    struct gql_type **slot = k == GQL_TYPE_LIST ? &inner->list_of : &inner->non_null_of;
    if (!*slot && (*slot = rm_arena_calloc(&s->arena, 1, sizeof **slot))) {
        (*slot)->kind = k;
        (*slot)->of_type = inner;
    }
    return *slot;
}

static struct gql_type *resolve(struct build *b, const struct gql_node *ref, const char *src,
                                size_t len)
{
    if (!ref || b->failed)
        return NULL;
    if (ref->kind == GQL_KIND_NAMED_TYPE) {
        struct gql_type *t = gql_schema_type(b->s, ref->name.p, ref->name.len);
        if (!t)
            fail(b, src, len, ref, "Unknown type \"%s\".%s", dup(b->s, ref->name), NULL);
        return t;
    }
    struct gql_type *inner = resolve(b, ref->type, src, len);
    return inner ? wrap(b->s, inner, ref->kind == GQL_KIND_LIST_TYPE ? GQL_TYPE_LIST
                                                                      : GQL_TYPE_NON_NULL)
                 : NULL;
}

static const char *description(struct gql_schema *s, const struct gql_node *n)
{
    return n && n->description ? dup(s, n->description->text) : NULL;
}

/* @deprecated(reason:) on a node: its reason, the default one, or NULL when absent. */
static const char *deprecation(struct gql_schema *s, const struct gql_nodes *directives)
{
    for (uint32_t i = 0; i < directives->count; i++) {
        const struct gql_node *d = directives->items[i];
        if (d->name.len != 10 || memcmp(d->name.p, "deprecated", 10))
            continue;
        for (uint32_t k = 0; k < d->args.count; k++) {
            const struct gql_node *a = d->args.items[k];
            if (a->name.len == 6 && !memcmp(a->name.p, "reason", 6) &&
                a->value->kind == GQL_KIND_STRING)
                return dup(s, a->value->text);
        }
        return "No longer supported";
    }
    return NULL;
}

/* The string argument arg of directive name on a node, or NULL. */
static const char *directive_string(struct gql_schema *s, const struct gql_nodes *directives,
                                    const char *name, const char *arg)
{
    for (uint32_t i = 0; i < directives->count; i++) {
        const struct gql_node *d = directives->items[i];
        if (d->name.len != strlen(name) || memcmp(d->name.p, name, d->name.len))
            continue;
        for (uint32_t k = 0; k < d->args.count; k++) {
            const struct gql_node *a = d->args.items[k];
            if (a->name.len == strlen(arg) && !memcmp(a->name.p, arg, a->name.len) &&
                a->value->kind == GQL_KIND_STRING)
                return dup(s, a->value->text);
        }
        return "";
    }
    return NULL;
}

static bool has_directive(const struct gql_nodes *directives, const char *name)
{
    for (uint32_t i = 0; i < directives->count; i++)
        if (directives->items[i]->name.len == strlen(name) &&
            !memcmp(directives->items[i]->name.p, name, directives->items[i]->name.len))
            return true;
    return false;
}

static struct gql_input_value *input_values(struct build *b, const struct gql_node *const *items,
                                            uint32_t n, const char *src, size_t len)
{
    struct gql_input_value *v = rm_arena_calloc(&b->s->arena, n + 1, sizeof *v);
    for (uint32_t i = 0; v && i < n; i++) {
        const struct gql_node *d = items[i];
        v[i] = (struct gql_input_value){
            .name = dup(b->s, d->name),
            .description = description(b->s, d),
            .type = resolve(b, d->type, src, len),
            .default_value = d->value,
            .deprecation_reason = deprecation(b->s, &d->directives),
        };
    }
    return v;
}

/* A definition's items together with its extensions' (fields, values, input fields). */
static const struct gql_node **all_items(struct build *b, uint32_t pos, uint32_t *n,
                                         bool members)
{
    const struct gql_node *def = b->defs[pos];
    const struct gql_nodes *own = members ? &def->members : &def->items;
    uint32_t total = own->count;
    for (uint32_t e = 0; e < b->extensions[pos].count; e++) {
        const struct gql_node *x = b->extensions[pos].items[e];
        total += members ? x->members.count : x->items.count;
    }
    const struct gql_node **out = rm_arena_alloc(&b->s->arena, (total + 1) * sizeof *out);
    uint32_t k = 0;
    for (uint32_t i = 0; out && i < own->count; i++)
        out[k++] = own->items[i];
    for (uint32_t e = 0; out && e < b->extensions[pos].count; e++) {
        const struct gql_node *x = b->extensions[pos].items[e];
        const struct gql_nodes *more = members ? &x->members : &x->items;
        for (uint32_t i = 0; i < more->count; i++)
            out[k++] = more->items[i];
    }
    *n = k;
    return out;
}

static void fill_type(struct build *b, uint32_t pos)
{
    struct gql_type *t = b->s->types[pos];
    const struct gql_node *def = b->defs[pos];
    const char *src = b->def_src[pos];
    size_t len = b->def_len[pos];
    uint32_t n;
    const struct gql_node **items = all_items(b, pos, &n, false);
    switch (t->kind) {
    case GQL_TYPE_SCALAR:
        t->specified_by_url = directive_string(b->s, &def->directives, "specifiedBy", "url");
        break;
    case GQL_TYPE_OBJECT:
    case GQL_TYPE_INTERFACE:
        t->fields = rm_arena_calloc(&b->s->arena, n + 1, sizeof *t->fields);
        t->nfields = n;
        for (uint32_t i = 0; t->fields && i < n; i++) {
            const struct gql_node *f = items[i];
            t->fields[i] = (struct gql_field){
                .name = dup(b->s, f->name),
                .description = description(b->s, f),
                .args = input_values(b, (const struct gql_node *const *)f->args.items,
                                     f->args.count, src, len),
                .nargs = f->args.count,
                .type = resolve(b, f->type, src, len),
                .deprecation_reason = deprecation(b->s, &f->directives),
                .line = gql_location_of(src, len, f->start).line,
            };
        }
        break;
    case GQL_TYPE_ENUM:
        t->values = rm_arena_calloc(&b->s->arena, n + 1, sizeof *t->values);
        t->nvalues = n;
        for (uint32_t i = 0; t->values && i < n; i++)
            t->values[i] = (struct gql_enum_value){ dup(b->s, items[i]->name),
                                                    description(b->s, items[i]),
                                                    deprecation(b->s, &items[i]->directives) };
        break;
    case GQL_TYPE_INPUT_OBJECT:
        t->input_fields = input_values(b, items, n, src, len);
        t->ninput_fields = n;
        t->one_of = has_directive(&def->directives, "oneOf");
        break;
    default:
        break;
    }
    const struct gql_node **members = all_items(b, pos, &n, true);
    if (t->kind == GQL_TYPE_UNION || t->kind == GQL_TYPE_OBJECT || t->kind == GQL_TYPE_INTERFACE) {
        struct gql_type **list = rm_arena_calloc(&b->s->arena, n + 1, sizeof *list);
        for (uint32_t i = 0; list && i < n; i++) {
            list[i] = resolve(b, members[i], src, len);
            enum gql_type_kind want = t->kind == GQL_TYPE_UNION ? GQL_TYPE_OBJECT : GQL_TYPE_INTERFACE;
            if (list[i] && list[i]->kind != want)
                fail(b, src, len, members[i],
                     t->kind == GQL_TYPE_UNION
                         ? "Union type %s can only include Object types, it cannot include %s."
                         : "Type %s must only implement Interface types, it cannot implement %s.",
                     t->name, list[i]->name);
        }
        if (t->kind == GQL_TYPE_UNION)
            t->possible = list, t->npossible = n;
        else
            t->interfaces = list, t->ninterfaces = n;
    }
}

/* The directive's locations as bits, and in the order the definition lists them. */
static uint32_t location_bits(const struct gql_node *def, uint8_t *order, uint8_t *n)
{
    static const char *const names[] = {
#define GQL_LOCATION_NAME(name) #name,
        GQL_DIRECTIVE_LOCATIONS(GQL_LOCATION_NAME)
#undef GQL_LOCATION_NAME
    };
    uint32_t bits = 0;
    for (uint32_t i = 0; i < def->members.count; i++)
        for (uint32_t k = 0; k < RM_ARRAY_LEN(names); k++)
            if (def->members.items[i]->name.len == strlen(names[k]) &&
                !memcmp(def->members.items[i]->name.p, names[k], strlen(names[k])) &&
                !(bits & (1u << k))) {
                bits |= 1u << k;
                order[(*n)++] = (uint8_t)k;
            }
    return bits;
}

static enum gql_scalar scalar_of(const char *name)
{
    static const char *const names[] = { [GQL_SCALAR_INT] = "Int", [GQL_SCALAR_FLOAT] = "Float",
                                         [GQL_SCALAR_STRING] = "String",
                                         [GQL_SCALAR_BOOLEAN] = "Boolean", [GQL_SCALAR_ID] = "ID" };
    for (int i = GQL_SCALAR_INT; i <= GQL_SCALAR_ID; i++)
        if (strcmp(name, names[i]) == 0)
            return (enum gql_scalar)i;
    return GQL_SCALAR_CUSTOM;
}

/* Collects the definitions of one parsed document (built-ins or the user's SDL). */
static void collect(struct build *b, const struct gql_node *doc, const char *src, size_t len,
                    bool builtin, const struct gql_node **schema_def,
                    struct gql_nodes *directive_defs, const char **directive_src)
{
    for (uint32_t i = 0; !b->failed && i < doc->items.count; i++) {
        const struct gql_node *d = doc->items.items[i];
        if (d->kind == GQL_KIND_SCHEMA_DEFINITION) {
            if (*schema_def)
                fail(b, src, len, d, "Must provide only one schema definition.%s", "", NULL);
            *schema_def = d;
            continue;
        }
        if (d->kind == GQL_KIND_DIRECTIVE_DEFINITION) {
            directive_defs->items[directive_defs->count] = (struct gql_node *)d;
            directive_src[directive_defs->count++] = src;
            continue;
        }
        for (size_t k = 0; k < RM_ARRAY_LEN(kinds); k++) {
            if (d->kind != kinds[k].def)
                continue;
            if (gql_schema_type(b->s, d->name.p, d->name.len)) {
                fail(b, src, len, d, "There can be only one type named \"%s\".",
                     dup(b->s, d->name), NULL);
                break;
            }
            struct gql_type *t = rm_arena_calloc(&b->s->arena, 1, sizeof *t);
            if (t) {
                t->kind = kinds[k].kind;
                t->name = dup(b->s, d->name);
                t->description = description(b->s, d);
                t->builtin = builtin;
                t->scalar = builtin && t->kind == GQL_TYPE_SCALAR ? scalar_of(t->name)
                                                                  : GQL_SCALAR_CUSTOM;
            }
            if (!t || !t->name || !add_type(b, t, d, src, len)) {
                fail(b, NULL, 0, NULL, "out of memory%s", "", NULL);
                break;
            }
        }
        if (d->kind <= GQL_KIND_FRAGMENT_DEFINITION && d->kind != GQL_KIND_DOCUMENT)
            fail(b, src, len, d, "The \"%s\" definition is not allowed in a schema.",
                 gql_kind_name(d->kind), NULL);
    }
}

/* Adds each extension to its type's list (after every definition is known). */
static void apply_extensions(struct build *b, const struct gql_node *doc, const char *src,
                             size_t len)
{
    for (uint32_t i = 0; !b->failed && i < doc->items.count; i++) {
        const struct gql_node *x = doc->items.items[i];
        for (size_t k = 0; k < RM_ARRAY_LEN(kinds); k++) {
            if (x->kind != kinds[k].ext)
                continue;
            struct gql_type *t = gql_schema_type(b->s, x->name.p, x->name.len);
            if (!t || t->kind != kinds[k].kind) {
                fail(b, src, len, x, "Cannot extend type \"%s\" because it is not defined.",
                     dup(b->s, x->name), NULL);
                return;
            }
            int pos = type_position(b->s, t);
            struct gql_nodes *list = &b->extensions[pos];
            struct gql_node **grown =
                rm_arena_alloc(&b->s->arena, (list->count + 1) * sizeof *grown);
            if (!grown)
                return;
            if (list->count)
                memcpy(grown, list->items, list->count * sizeof *grown);
            grown[list->count] = (struct gql_node *)x;
            list->items = grown;
            list->count++;
        }
    }
}

/* graphql-js collectReferencedTypes, with (re)insertion order as a sequence number. */
static void collect_referenced(struct gql_type *t, uint64_t *seq, uint64_t *order,
                               const struct gql_schema *s)
{
    t = gql_named_type(t);
    int pos = type_position(s, t);
    if (pos < 0 || order[pos])
        return;
    order[pos] = ++*seq;
    if (t->kind == GQL_TYPE_UNION) {
        for (uint32_t i = 0; i < t->npossible; i++)
            collect_referenced(t->possible[i], seq, order, s);
    } else if (t->kind == GQL_TYPE_OBJECT || t->kind == GQL_TYPE_INTERFACE) {
        for (uint32_t i = 0; i < t->ninterfaces; i++)
            collect_referenced(t->interfaces[i], seq, order, s);
        for (uint32_t i = 0; i < t->nfields; i++) {
            collect_referenced(t->fields[i].type, seq, order, s);
            for (uint32_t k = 0; k < t->fields[i].nargs; k++)
                collect_referenced(t->fields[i].args[k].type, seq, order, s);
        }
    } else if (t->kind == GQL_TYPE_INPUT_OBJECT) {
        for (uint32_t i = 0; i < t->ninput_fields; i++)
            collect_referenced(t->input_fields[i].type, seq, order, s);
    }
}

/* qsort has no context argument: schemas are built at start-up, one at a time. */
static const struct gql_schema *sort_schema;
static const uint64_t *sort_order;

static int by_order(const void *x, const void *y)
{
    int a = type_position(sort_schema, *(struct gql_type *const *)x);
    int b = type_position(sort_schema, *(struct gql_type *const *)y);
    return (sort_order[a] > sort_order[b]) - (sort_order[a] < sort_order[b]);
}

/* The GraphQLSchema constructor's order: the SDL's types, each deleted and re-collected,
 * then the roots, the directives' argument types and __Schema. Types never reached (unused
 * built-in scalars) are left out, as graphql-js leaves them out. */
static void order_types(struct gql_schema *s, uint32_t first_user)
{
    uint64_t *order = calloc(s->ntypes + 1, sizeof *order), seq = 0;
    if (!order)
        return;
    for (uint32_t i = first_user; i < s->ntypes; i++)
        order[i] = ++seq; /* new Set(config.types) */
    for (uint32_t i = first_user; i < s->ntypes; i++) {
        order[i] = 0;     /* delete, then collect again: moves it to the end */
        collect_referenced(s->types[i], &seq, order, s);
    }
    for (int r = 0; r < 3; r++)
        if (s->roots[r])
            collect_referenced(s->roots[r], &seq, order, s);
    for (uint32_t d = 0; d < s->ndirectives; d++)
        for (uint32_t k = 0; k < s->directives[d]->nargs; k++)
            collect_referenced(s->directives[d]->args[k].type, &seq, order, s);
    collect_referenced(gql_schema_type(s, "__Schema", 8), &seq, order, s);
    /* Keep only what was reached, in reach order. */
    struct gql_type **kept = rm_arena_alloc(&s->arena, (s->ntypes + 1) * sizeof *kept);
    uint32_t n = 0;
    for (uint32_t i = 0; kept && i < s->ntypes; i++)
        if (order[i])
            kept[n++] = s->types[i];
    if (kept) {
        sort_schema = s;
        sort_order = order;
        qsort(kept, n, sizeof *kept, by_order);
        s->types = kept;
        s->ntypes = n;
        index_rebuild(s);
    }
    free(order);
}

struct gql_schema *gql_schema_build(const char *sdl, size_t len, char *err, size_t errlen)
{
    struct gql_schema *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    rm_arena_init(&s->arena, 0);
    struct build b = { .s = s, .err = err, .errlen = errlen };
    const struct rm_embedded_file *builtins = rm_embed_find("schema/graphql-builtins.graphql");
    char *user = rm_arena_strndup(&s->arena, sdl, len); /* nodes point into it */
    const char *perr;
    struct gql_location ploc;
    struct gql_node *bdoc = builtins ? gql_parse(&s->arena, builtins->data, builtins->len, NULL,
                                                 &perr, &ploc)
                                     : NULL;
    if (!bdoc || !user) {
        snprintf(err, errlen, "the built-in GraphQL definitions cannot be read");
        gql_schema_free(s);
        return NULL;
    }
    struct gql_node *udoc = gql_parse(&s->arena, user, len, NULL, &perr, &ploc);
    if (!udoc) {
        snprintf(err, errlen, "line %u: %s", ploc.line, perr);
        gql_schema_free(s);
        return NULL;
    }
    const struct gql_node *schema_def = NULL, *builtin_schema = NULL;
    uint32_t ndefs = bdoc->items.count + udoc->items.count;
    struct gql_nodes directive_defs = { rm_arena_alloc(&s->arena, (ndefs + 1) * sizeof(void *)), 0 };
    const char **directive_src = rm_arena_alloc(&s->arena, (ndefs + 1) * sizeof *directive_src);
    if (!directive_defs.items || !directive_src) {
        gql_schema_free(s);
        return NULL;
    }
    collect(&b, bdoc, builtins->data, builtins->len, true, &builtin_schema, &directive_defs,
            directive_src);
    uint32_t nbuiltin_directives = directive_defs.count;
    uint32_t first_user = s->ntypes;
    collect(&b, udoc, user, len, false, &schema_def, &directive_defs, directive_src);
    apply_extensions(&b, udoc, user, len);
    for (uint32_t i = 0; !b.failed && i < s->ntypes; i++)
        fill_type(&b, i);
    /* Interfaces list their object implementations in type order (getPossibleTypes). */
    for (uint32_t i = 0; !b.failed && i < s->ntypes; i++) {
        struct gql_type *o = s->types[i];
        if (o->kind != GQL_TYPE_OBJECT)
            continue;
        for (uint32_t k = 0; k < o->ninterfaces; k++) {
            struct gql_type *iface = o->interfaces[k];
            struct gql_type **grown =
                rm_arena_alloc(&s->arena, (iface->npossible + 1) * sizeof *grown);
            if (!grown)
                break;
            if (iface->npossible)
                memcpy(grown, iface->possible, iface->npossible * sizeof *grown);
            grown[iface->npossible++] = o;
            iface->possible = grown;
        }
    }
    /* Directives: the SDL's first, then the built-ins it does not redefine (buildASTSchema). */
    s->directives = rm_arena_alloc(&s->arena, (directive_defs.count + 1) * sizeof(void *));
    for (uint32_t pass = 0; !b.failed && s->directives && pass < 2; pass++) {
        for (uint32_t i = 0; i < directive_defs.count; i++) {
            bool builtin = i < nbuiltin_directives;
            if (builtin != (pass == 1))
                continue;
            const struct gql_node *d = directive_defs.items[i];
            if (gql_schema_directive(s, d->name.p, d->name.len)) {
                if (builtin)
                    continue; /* redefined by the SDL */
                fail(&b, user, len, d, "There can be only one directive named \"@%s\".",
                     dup(s, d->name), NULL);
                break;
            }
            struct gql_directive *dir = rm_arena_calloc(&s->arena, 1, sizeof *dir);
            if (!dir)
                break;
            const char *dsrc = directive_src[i];
            size_t dlen = builtin ? builtins->len : len;
            *dir = (struct gql_directive){
                .name = dup(s, d->name),
                .description = description(s, d),
                .args = input_values(&b, (const struct gql_node *const *)d->args.items,
                                     d->args.count, dsrc, dlen),
                .nargs = d->args.count,
                .repeatable = d->flag,
                .builtin = builtin,
            };
            dir->locations = location_bits(d, dir->location_order, &dir->nlocations);
            s->directives[s->ndirectives++] = dir;
        }
    }
    /* Root types: the schema definition's, else the conventional names. */
    static const char *const root_names[] = { "Query", "Mutation", "Subscription" };
    if (schema_def) {
        s->description = description(s, schema_def);
        for (uint32_t i = 0; i < schema_def->items.count; i++) {
            const struct gql_node *op = schema_def->items.items[i];
            s->roots[op->operation] = resolve(&b, op->type, user, len);
        }
    } else {
        for (int r = 0; r < 3; r++) {
            struct gql_type *t = gql_schema_type(s, root_names[r], strlen(root_names[r]));
            s->roots[r] = t && !t->builtin ? t : NULL;
        }
    }
    if (!b.failed && (!s->roots[GQL_QUERY] || s->roots[GQL_QUERY]->kind != GQL_TYPE_OBJECT))
        fail(&b, NULL, 0, NULL, "Query root type must be provided.%s", "", NULL);
    if (b.failed) {
        gql_schema_free(s);
        return NULL;
    }
    order_types(s, first_user);
    make_meta_fields(s);
    s->model = gql__introspection_model(s);
    if (!s->model) {
        snprintf(err, errlen, "out of memory");
        gql_schema_free(s);
        return NULL;
    }
    return s;
}

int gql_schema_resolver(struct gql_schema *s, const char *type, const char *field,
                        gql_resolve_fn fn)
{
    struct gql_type *t = gql_schema_type(s, type, strlen(type));
    struct gql_field *f = t ? gql_type_field(t, field, strlen(field)) : NULL;
    if (!f)
        return RM_ENOTFOUND;
    f->resolve = fn;
    return RM_OK;
}

int gql_schema_string_scalar(struct gql_schema *s, const char *name)
{
    struct gql_type *t = gql_schema_type(s, name, strlen(name));
    if (!t || t->kind != GQL_TYPE_SCALAR || t->builtin)
        return RM_ENOTFOUND;
    t->scalar = GQL_SCALAR_CUSTOM_STRING;
    return RM_OK;
}

void gql_schema_value_hooks(struct gql_schema *s, const struct gql_value_hooks *hooks)
{
    s->hooks = *hooks;
}

const struct gql_value_hooks *gql__schema_hooks(const struct gql_schema *s)
{
    return &s->hooks;
}

const cJSON *gql__schema_model(const struct gql_schema *s)
{
    return s->model;
}

struct gql_field *gql_schema_field(const struct gql_schema *s, const struct gql_type *parent,
                                   const char *name, size_t len)
{
    if (!parent || (parent->kind != GQL_TYPE_OBJECT && parent->kind != GQL_TYPE_INTERFACE &&
                    parent->kind != GQL_TYPE_UNION))
        return NULL;
    bool is_root = parent == s->roots[GQL_QUERY];
    if (len == 8 && !memcmp(name, "__schema", 8) && is_root)
        return (struct gql_field *)&s->meta[0];
    if (len == 6 && !memcmp(name, "__type", 6) && is_root)
        return (struct gql_field *)&s->meta[1];
    if (len == 10 && !memcmp(name, "__typename", 10))
        return (struct gql_field *)&s->meta[2];
    if (len == 14 && !memcmp(name, "specifiedByUrl", 14) && parent->builtin &&
        strcmp(parent->name, "__Type") == 0)
        return (struct gql_field *)&s->specified_by_url_15;
    return parent->kind == GQL_TYPE_UNION ? NULL : gql_type_field(parent, name, len);
}

void gql_schema_free(struct gql_schema *s)
{
    if (!s)
        return;
    cJSON_Delete(s->model);
    rm_arena_clear(&s->arena);
    free(s);
}
