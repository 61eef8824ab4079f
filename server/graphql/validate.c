/*
 * Validation as graphql-js 16's validate(schema, document, specifiedRules) does it: one walk
 * over the document, keeping the type information graphql-js's TypeInfo keeps, and at every
 * node calling each rule's enter (and later leave) hook in specifiedRules order. Errors thus
 * come in graphql-js's order: document order, the rules interleaved.
 *
 * As in graphql-js's visitInParallel, a rule's enter hook may answer false to skip the
 * node's subtree for that rule alone (its leave hook is then not called for the node).
 * The walk recurses; the parser bounds nesting (gql_parse_options.max_depth), so the stack
 * is bounded too. The type information lives in a `struct scope` on that stack, each node
 * deriving its own from its parent's, which is what TypeInfo's push/pop amounts to.
 */
#include "graphql/gql_int.h"

#include <stdlib.h>
#include <string.h>

/* graphql-js stops after 100 errors with this one (validate's maxErrors). */
#define MAX_ERRORS 100
#define TOO_MANY_ERRORS "Too many validation errors, error limit reached. Validation aborted."

/* What TypeInfo knows at a node. */
struct scope {
    struct gql_type *type;        /* getType: the output type here */
    struct gql_type *parent_type; /* getParentType: the composite type selected from */
    struct gql_field *field;      /* getFieldDef */
    struct gql_type *input_type;           /* getInputType */
    struct gql_type *parent_input_type;    /* getParentInputType */
    bool has_default;                      /* getDefaultValue() !== undefined */
    struct gql_directive *directive;       /* getDirective: inside a directive */
    const struct gql_node *defined_directive; /* the document's own definition of it */
    struct gql_input_value *argument;      /* getArgument: inside an argument */
    const struct gql_node *node, *parent;  /* the node, and the one it hangs from */
    const struct gql_node *grandparent;
    bool in_sdl;                           /* inside a type-system definition or extension */
};

/* A name seen before, with the node it came from (for the first of two locations). */
struct seen {
    struct gql_str name;
    uint32_t at;
};

/* An open-addressing table of names (cap a power of two, at most half full). */
struct seen_set {
    struct seen *slots; /* name.p NULL: empty */
    uint32_t count, cap;
};

struct cycles;

/* An error location known by its source offset until the validation ends: then all are
 * computed in one pass over the source (a message naming thousands of places must not cost
 * a pass each). */
struct pending_location {
    uint32_t offset;
    struct gql_location *slot;
};

struct introspection_depth {
    int *visited, *checked, *exceeded;
    uint32_t *touched, ntouched; /* the visited entries to clear before the next check */
};

struct validator {
    const struct gql_schema *schema;
    const struct gql_node *doc;
    const char *src;
    size_t len;
    struct rm_arena *a;
    struct gql_error *errors;
    uint32_t nerrors, cap;
    bool aborted;
    /* per-rule state */
    uint32_t operation_count;           /* LoneAnonymousOperation */
    struct seen_set operation_names;    /* UniqueOperationNames */
    struct seen_set fragment_names;     /* UniqueFragmentNames */
    struct cycles *cycles;              /* NoFragmentCycles */
    struct introspection_depth depth;   /* MaxIntrospectionDepth */
    struct usage_list **usages;         /* by definition index, computed once */
    struct pending_location *pending;   /* error locations still to compute */
    uint32_t npending, pending_cap;
    uint32_t definition;                /* the index of the definition being walked */
    bool has_directive_definitions;     /* (rare in a request: only then are they searched) */
    struct seen_set schema_directives;  /* UniqueDirectivesPerLocation: the schema's, */
    struct seen_set type_directives;    /* and each type's across its extensions */
    int *fragment_slots;                /* fragment definitions by name (index_fragments) */
    uint32_t fragment_slot_mask;
};

/* A variable's use, with what TypeInfo knew there (graphql-js getVariableUsages). */
struct usage {
    const struct gql_node *var;
    struct gql_type *type;        /* the input type expected there, or NULL */
    struct gql_type *parent_type; /* the parent input type (an input object for its fields) */
    bool has_default;             /* the position has a default value */
};

struct usage_list {
    struct usage *items;
    uint32_t count, cap;
};

/* The variable usages in definition def (an operation or fragment), in visiting order. */
static const struct usage_list *usages_of(struct validator *v, uint32_t def);

/* ---- helpers ---- */

/* The arena array items (count used of *cap) with room for one more: items itself, or a
 * copy twice as large (the old block stays in the arena until the request ends); NULL when
 * out of memory. */
static void *room_for_one_more(struct rm_arena *a, void *items, uint32_t count, uint32_t *cap,
                               size_t size)
{
    if (count < *cap)
        return items;
    uint32_t grown_cap = *cap ? *cap * 2 : 8;
    void *grown = rm_arena_alloc(a, (size_t)grown_cap * size);
    if (!grown)
        return NULL;
    if (count)
        memcpy(grown, items, count * size);
    *cap = grown_cap;
    return grown;
}

static bool str_eq(struct gql_str x, struct gql_str y)
{
    return x.len == y.len && memcmp(x.p, y.p, x.len) == 0;
}

static uint32_t offset_of(const struct validator *v, struct gql_str name)
{
    return (uint32_t)(name.p - v->src);
}

/* Reports message at the given source offsets (graphql-js: one location per node). After 100
 * errors graphql-js adds its own, without locations, and aborts the validation. */
static void report(struct validator *v, const char *message, const uint32_t *at, uint32_t nat)
{
    if (v->aborted)
        return;
    if (v->nerrors == MAX_ERRORS) {
        message = TOO_MANY_ERRORS;
        nat = 0;
        v->aborted = true;
    }
    struct gql_error *errors =
        room_for_one_more(v->a, v->errors, v->nerrors, &v->cap, sizeof *errors);
    if (!errors) {
        v->aborted = true;
        return;
    }
    v->errors = errors;
    struct gql_location *locs = nat ? rm_arena_alloc(v->a, nat * sizeof *locs) : NULL;
    for (uint32_t i = 0; locs && i < nat; i++) { /* located at the end, all in one pass */
        struct pending_location *pending = room_for_one_more(v->a, v->pending, v->npending,
                                                             &v->pending_cap, sizeof *pending);
        if (!pending) {
            locs = NULL;
            break;
        }
        v->pending = pending;
        v->pending[v->npending++] = (struct pending_location){ at[i], &locs[i] };
    }
    v->errors[v->nerrors++] = (struct gql_error){ message, locs, locs ? nat : 0, NULL };
}

static void report1(struct validator *v, const char *message, uint32_t at)
{
    report(v, message, &at, 1);
}

static void report2(struct validator *v, const char *message, uint32_t first, uint32_t second)
{
    uint32_t at[2] = { first, second };
    report(v, message, at, 2);
}

static uint32_t name_hash(struct gql_str name)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (uint32_t i = 0; i < name.len; i++)
        h = (h ^ (unsigned char)name.p[i]) * 16777619u;
    return h;
}

static struct seen *seen_slot(const struct seen_set *set, struct gql_str name)
{
    uint32_t h = name_hash(name) & (set->cap - 1);
    while (set->slots[h].name.p && !str_eq(set->slots[h].name, name))
        h = (h + 1) & (set->cap - 1);
    return &set->slots[h];
}

/* The earlier entry named name, or NULL after adding it with its offset. */
static const struct seen *seen_or_add(struct validator *v, struct seen_set *set,
                                      struct gql_str name, uint32_t at)
{
    if (set->cap && seen_slot(set, name)->name.p)
        return seen_slot(set, name);
    if ((set->count + 1) * 2 > set->cap) { /* grow and rehash */
        struct seen_set grown = { rm_arena_calloc(v->a, set->cap ? set->cap * 2 : 16,
                                                  sizeof *grown.slots),
                                  set->count, set->cap ? set->cap * 2 : 16 };
        if (!grown.slots)
            return NULL;
        for (uint32_t i = 0; i < set->cap; i++)
            if (set->slots[i].name.p)
                *seen_slot(&grown, set->slots[i].name) = set->slots[i];
        *set = grown;
    }
    *seen_slot(set, name) = (struct seen){ name, at };
    set->count++;
    return NULL;
}

/* name as a C string (for messages). */
static const char *cut(struct validator *v, struct gql_str s)
{
    return rm_arena_strndup(v->a, s.p, s.len);
}

/* graphql-js's didYouMean(sub, suggestionList(input, names)): "" when no name is close
 * (or names is NULL, out of memory). */
static const char *did_you_mean(struct validator *v, const char *sub, const char *input,
                                size_t len, const char *const *names, uint32_t n)
{
    const char **found = NULL;
    uint32_t nfound = names ? gql__suggestions(v->a, input, len, names, n, &found) : 0;
    return gql__did_you_mean(v->a, sub, found, nfound);
}

/* Reports format (with the name) at both places when name was seen before in set; else
 * remembers it (the Unique*Names rules). */
static void report_if_seen(struct validator *v, struct seen_set *set, struct gql_str name,
                           const char *format)
{
    const struct seen *first = seen_or_add(v, set, name, offset_of(v, name));
    if (first)
        report2(v, rm_arena_printf(v->a, format, cut(v, name)), first->at, offset_of(v, name));
}

/* graphql-js print() of a type reference: Int, [Int!], ... */
static const char *print_type_node(struct rm_arena *a, const struct gql_node *t)
{
    switch (t->kind) {
    case GQL_KIND_LIST_TYPE:
        return rm_arena_printf(a, "[%s]", print_type_node(a, t->type));
    case GQL_KIND_NON_NULL_TYPE:
        return rm_arena_printf(a, "%s!", print_type_node(a, t->type));
    default:
        return rm_arena_strndup(a, t->name.p, t->name.len);
    }
}

/* graphql-js inspect() of a schema type. */
static const char *print_type(struct rm_arena *a, const struct gql_type *t)
{
    switch (t->kind) {
    case GQL_TYPE_LIST:
        return rm_arena_printf(a, "[%s]", print_type(a, t->of_type));
    case GQL_TYPE_NON_NULL:
        return rm_arena_printf(a, "%s!", print_type(a, t->of_type));
    default:
        return t->name;
    }
}

/* The named type a type reference ends in, or NULL when the schema has none. */
static struct gql_type *named_type_of(const struct validator *v, const struct gql_node *t)
{
    while (t->kind != GQL_KIND_NAMED_TYPE)
        t = t->type;
    return gql_schema_type(v->schema, t->name.p, t->name.len);
}

/* graphql-js typeFromAST: the schema type a reference names, wrappers made in the request's
 * arena (the schema is shared and stays read-only); NULL when the named type is unknown. */
static struct gql_type *type_from_ast(struct validator *v, const struct gql_node *t)
{
    if (t->kind == GQL_KIND_NAMED_TYPE)
        return gql_schema_type(v->schema, t->name.p, t->name.len);
    struct gql_type *inner = type_from_ast(v, t->type);
    struct gql_type *w = inner ? rm_arena_calloc(v->a, 1, sizeof *w) : NULL;
    if (w) {
        w->kind = t->kind == GQL_KIND_LIST_TYPE ? GQL_TYPE_LIST : GQL_TYPE_NON_NULL;
        w->of_type = inner;
    }
    return w;
}

static bool is_composite(const struct gql_type *t)
{
    return t && (t->kind == GQL_TYPE_OBJECT || t->kind == GQL_TYPE_INTERFACE ||
                 t->kind == GQL_TYPE_UNION);
}

static bool is_leaf(const struct gql_type *t)
{
    return t && (t->kind == GQL_TYPE_SCALAR || t->kind == GQL_TYPE_ENUM);
}

static bool is_input(const struct gql_type *t)
{
    t = t ? gql_named_type((struct gql_type *)t) : NULL;
    return t && (is_leaf(t) || t->kind == GQL_TYPE_INPUT_OBJECT);
}

static bool is_abstract(const struct gql_type *t)
{
    return t->kind == GQL_TYPE_INTERFACE || t->kind == GQL_TYPE_UNION;
}

/* graphql-js schema.isSubType(abstract, t): t is among abstract's possible types, or an
 * interface implementing it. */
static bool is_sub_type(const struct gql_type *abstract, const struct gql_type *t)
{
    if (t->kind == GQL_TYPE_OBJECT)
        return gql_type_possible(abstract, t);
    for (uint32_t i = 0; t->kind == GQL_TYPE_INTERFACE && i < t->ninterfaces; i++)
        if (t->interfaces[i] == abstract)
            return true;
    return false;
}

/* graphql-js doTypesOverlap: some object type could be both. */
static bool types_overlap(const struct gql_type *x, const struct gql_type *y)
{
    if (x == y)
        return true;
    if (is_abstract(x) && is_abstract(y)) {
        for (uint32_t i = 0; i < x->npossible; i++)
            if (is_sub_type(y, x->possible[i]))
                return true;
        return false;
    }
    if (is_abstract(x))
        return is_sub_type(x, y);
    if (is_abstract(y))
        return is_sub_type(y, x);
    return false;
}

/* graphql-js isTypeSubTypeOf, structurally (request wrappers are not the schema's). */
static bool is_type_sub_type_of(const struct gql_type *sub, const struct gql_type *super)
{
    if (sub == super)
        return true;
    if (super->kind == GQL_TYPE_NON_NULL)
        return sub->kind == GQL_TYPE_NON_NULL && is_type_sub_type_of(sub->of_type, super->of_type);
    if (sub->kind == GQL_TYPE_NON_NULL)
        return is_type_sub_type_of(sub->of_type, super);
    if (super->kind == GQL_TYPE_LIST)
        return sub->kind == GQL_TYPE_LIST && is_type_sub_type_of(sub->of_type, super->of_type);
    if (sub->kind == GQL_TYPE_LIST)
        return false;
    return is_abstract(super) &&
           (sub->kind == GQL_TYPE_INTERFACE || sub->kind == GQL_TYPE_OBJECT) &&
           is_sub_type(super, sub);
}

static bool is_executable(const struct gql_node *n)
{
    return n->kind == GQL_KIND_OPERATION_DEFINITION || n->kind == GQL_KIND_FRAGMENT_DEFINITION;
}

/* Indexes the document's fragments by name once (and notes directive definitions), so that
 * each lookup is constant time however many fragments a hostile document defines. */
static void index_fragments(struct validator *v)
{
    uint32_t cap = 16;
    while (cap < v->doc->items.count * 2)
        cap *= 2;
    v->fragment_slots = rm_arena_alloc(v->a, cap * sizeof *v->fragment_slots);
    if (!v->fragment_slots)
        return;
    memset(v->fragment_slots, 0xff, cap * sizeof *v->fragment_slots); /* -1: empty */
    v->fragment_slot_mask = cap - 1;
    for (uint32_t i = 0; i < v->doc->items.count; i++) {
        const struct gql_node *def = v->doc->items.items[i];
        v->has_directive_definitions |= def->kind == GQL_KIND_DIRECTIVE_DEFINITION;
        if (def->kind != GQL_KIND_FRAGMENT_DEFINITION)
            continue;
        uint32_t h = name_hash(def->name) & v->fragment_slot_mask;
        while (v->fragment_slots[h] >= 0 &&
               !str_eq(v->doc->items.items[v->fragment_slots[h]]->name, def->name))
            h = (h + 1) & v->fragment_slot_mask;
        v->fragment_slots[h] = (int)i; /* a later definition replaces an earlier one */
    }
}

/* The fragment named name (graphql-js getFragment: the last definition of that name), as
 * its index in the document, or -1. */
static int fragment_index(const struct validator *v, struct gql_str name)
{
    if (!v->fragment_slots)
        return -1;
    uint32_t h = name_hash(name) & v->fragment_slot_mask;
    while (v->fragment_slots[h] >= 0) {
        if (str_eq(v->doc->items.items[v->fragment_slots[h]]->name, name))
            return v->fragment_slots[h];
        h = (h + 1) & v->fragment_slot_mask;
    }
    return -1;
}

/* The directive definition the document itself gives for name (the last one), or NULL:
 * graphql-js's rules take it over the schema's directive of that name. */
static const struct gql_node *document_directive(const struct validator *v, struct gql_str name)
{
    const struct gql_node *defined = NULL;
    for (uint32_t i = 0; v->has_directive_definitions && i < v->doc->items.count; i++)
        if (v->doc->items.items[i]->kind == GQL_KIND_DIRECTIVE_DEFINITION &&
            str_eq(v->doc->items.items[i]->name, name))
            defined = v->doc->items.items[i];
    return defined;
}

/* The fragments reachable from operations, in graphql-js's order
 * (getRecursivelyReferencedFragments): flags by definition index, and the order reached. */
struct reach {
    bool *reached;
    uint32_t *order;
    uint32_t count;
};

struct node_list {
    const struct gql_node **items;
    uint32_t count, cap;
};

static void push_node(struct validator *v, struct node_list *list, const struct gql_node *n)
{
    const struct gql_node **items =
        room_for_one_more(v->a, list->items, list->count, &list->cap, sizeof *items);
    if (!items)
        return;
    list->items = items;
    list->items[list->count++] = n;
}

/* The spreads in set, in graphql-js getFragmentSpreads's order: a set's own spreads first,
 * then its nested sets, the last one first (it keeps them on a stack). */
static void collect_spreads(struct validator *v, const struct gql_node *set,
                            struct node_list *out)
{
    if (!set)
        return;
    for (uint32_t i = 0; i < set->items.count; i++)
        if (set->items.items[i]->kind == GQL_KIND_FRAGMENT_SPREAD)
            push_node(v, out, set->items.items[i]);
    for (uint32_t i = set->items.count; i-- > 0;)
        if (set->items.items[i]->kind != GQL_KIND_FRAGMENT_SPREAD)
            collect_spreads(v, set->items.items[i]->selections, out);
}

static void add_spreads(struct validator *v, const struct gql_node *set, struct reach *r)
{
    struct node_list spreads = { 0 };
    collect_spreads(v, set, &spreads);
    for (uint32_t i = 0; i < spreads.count; i++) {
        int f = fragment_index(v, spreads.items[i]->name);
        if (f >= 0 && !r->reached[f]) {
            r->reached[f] = true;
            r->order[r->count++] = (uint32_t)f;
        }
    }
}

/* From one operation, or from every one when op is NULL. False when out of memory. */
static bool reachable_fragments(struct validator *v, const struct gql_node *op, struct reach *r)
{
    uint32_t n = v->doc->items.count;
    r->reached = rm_arena_calloc(v->a, n ? n : 1, sizeof *r->reached);
    r->order = rm_arena_alloc(v->a, (n ? n : 1) * sizeof *r->order);
    r->count = 0;
    if (!r->reached || !r->order)
        return false;
    for (uint32_t i = 0; i < n; i++) {
        const struct gql_node *def = v->doc->items.items[i];
        if (op ? def == op : def->kind == GQL_KIND_OPERATION_DEFINITION)
            add_spreads(v, def->selections, r);
    }
    for (uint32_t head = 0; head < r->count; head++)
        add_spreads(v, v->doc->items.items[r->order[head]]->selections, r);
    return true;
}

/* Calls fn for every variable used in n, in graphql-js's visiting order, until it answers
 * true (then answers true itself). Variable definitions are skipped, as graphql-js's
 * getVariableUsages skips them. */
static bool each_variable(const struct gql_node *n,
                          bool (*fn)(const struct gql_node *var, void *ctx), void *ctx)
{
    if (!n || n->kind == GQL_KIND_VARIABLE_DEFINITION)
        return false;
    if (n->kind == GQL_KIND_VARIABLE)
        return fn(n, ctx);
    const struct gql_nodes *lists[] = { &n->args, &n->directives, &n->items };
    for (size_t l = 0; l < 3; l++)
        for (uint32_t i = 0; i < lists[l]->count; i++)
            if (each_variable(lists[l]->items[i], fn, ctx))
                return true;
    return each_variable(n->value, fn, ctx) || each_variable(n->selections, fn, ctx);
}

static bool is_named(const struct gql_node *var, void *name)
{
    return str_eq(var->name, *(const struct gql_str *)name);
}

/* Whether operation op uses the variable, itself or through the fragments it reaches. */
static bool uses_variable(const struct validator *v, const struct gql_node *op,
                          const struct reach *r, struct gql_str name)
{
    if (each_variable(op, is_named, &name))
        return true;
    for (uint32_t f = 0; f < r->count; f++)
        if (each_variable(v->doc->items.items[r->order[f]], is_named, &name))
            return true;
    return false;
}

/* ---- the rules, in specifiedRules order ---- */

static bool executable_definitions(struct validator *v, const struct gql_node *n,
                                   const struct scope *sc)
{
    (void)sc;
    if (n->kind != GQL_KIND_DOCUMENT)
        return true;
    for (uint32_t i = 0; i < n->items.count; i++) {
        const struct gql_node *def = n->items.items[i];
        if (is_executable(def))
            continue;
        bool schema = def->kind == GQL_KIND_SCHEMA_DEFINITION ||
                      def->kind == GQL_KIND_SCHEMA_EXTENSION;
        report1(v,
                schema ? "The schema definition is not executable."
                       : rm_arena_printf(v->a, "The \"%s\" definition is not executable.",
                                         cut(v, def->name)),
                def->start);
    }
    return false;
}

static bool unique_operation_names(struct validator *v, const struct gql_node *n,
                                   const struct scope *sc)
{
    (void)sc;
    if (n->kind == GQL_KIND_FRAGMENT_DEFINITION)
        return false;
    if (n->kind != GQL_KIND_OPERATION_DEFINITION)
        return true;
    if (n->name.len)
        report_if_seen(v, &v->operation_names, n->name,
                       "There can be only one operation named \"%s\".");
    return false;
}

static bool lone_anonymous_operation(struct validator *v, const struct gql_node *n,
                                     const struct scope *sc)
{
    (void)sc;
    if (n->kind == GQL_KIND_DOCUMENT) {
        for (uint32_t i = 0; i < n->items.count; i++)
            v->operation_count += n->items.items[i]->kind == GQL_KIND_OPERATION_DEFINITION;
    } else if (n->kind == GQL_KIND_OPERATION_DEFINITION && !n->name.len &&
               v->operation_count > 1) {
        report1(v, "This anonymous operation must be the only defined operation.", n->start);
    }
    return true;
}

static bool is_type_definition(const struct gql_node *n)
{
    switch (n->kind) {
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
        return true;
    default:
        return false;
    }
}

/* SingleFieldSubscriptions runs graphql-js's collectFields on the subscription root with
 * no variables: fields grouped by response name, in first-seen order. */
struct field_groups {
    struct gql_str *keys;
    struct node_list *nodes;
    uint32_t count;
    bool *visited;  /* fragments already spread, by definition index */
};

/* @skip/@include with a literal `if` (no variables exist here: graphql-js then finds no
 * value, so only literals decide). */
static bool included(const struct gql_node *n)
{
    for (uint32_t i = 0; i < n->directives.count; i++) {
        const struct gql_node *d = n->directives.items[i];
        bool skip = d->name.len == 4 && !memcmp(d->name.p, "skip", 4);
        bool include = d->name.len == 7 && !memcmp(d->name.p, "include", 7);
        for (uint32_t k = 0; (skip || include) && k < d->args.count; k++) {
            const struct gql_node *arg = d->args.items[k];
            if (arg->name.len == 2 && !memcmp(arg->name.p, "if", 2) &&
                arg->value->kind == GQL_KIND_BOOLEAN && arg->value->flag == skip)
                return false;
        }
    }
    return true;
}

/* graphql-js doesFragmentConditionMatch. */
static bool condition_matches(const struct validator *v, const struct gql_node *condition,
                              const struct gql_type *type)
{
    if (!condition)
        return true;
    const struct gql_type *t = named_type_of(v, condition);
    if (t == type)
        return true;
    return t && is_abstract(t) && is_sub_type(t, type);
}

static void group_fields(struct validator *v, struct field_groups *g, const struct gql_type *type,
                         const struct gql_node *set)
{
    for (uint32_t i = 0; set && i < set->items.count; i++) {
        const struct gql_node *sel = set->items.items[i];
        if (!included(sel))
            continue;
        if (sel->kind == GQL_KIND_FIELD) {
            struct gql_str key = sel->alias.len ? sel->alias : sel->name;
            uint32_t k = 0;
            while (k < g->count && !str_eq(g->keys[k], key))
                k++;
            if (k == g->count) {
                g->keys[k] = key;
                g->nodes[k] = (struct node_list){ 0 };
                g->count++;
            }
            push_node(v, &g->nodes[k], sel);
        } else if (sel->kind == GQL_KIND_INLINE_FRAGMENT) {
            if (condition_matches(v, sel->type, type))
                group_fields(v, g, type, sel->selections);
        } else {
            int f = fragment_index(v, sel->name);
            if (f < 0 || g->visited[f])
                continue;
            g->visited[f] = true;
            const struct gql_node *frag = v->doc->items.items[f];
            if (condition_matches(v, frag->type, type))
                group_fields(v, g, type, frag->selections);
        }
    }
}

/* The number of fields in a selection set, fragments included (a bound for the groups). */
static uint32_t count_fields(const struct validator *v, const struct gql_node *set)
{
    uint32_t n = 0;
    for (uint32_t i = 0; set && i < set->items.count; i++)
        n += set->items.items[i]->kind == GQL_KIND_FIELD ? 1
             : set->items.items[i]->kind == GQL_KIND_INLINE_FRAGMENT
                 ? count_fields(v, set->items.items[i]->selections)
                 : 0;
    return n;
}

static bool single_field_subscriptions(struct validator *v, const struct gql_node *n,
                                       const struct scope *sc)
{
    (void)sc;
    const struct gql_type *root = gql_schema_root(v->schema, GQL_SUBSCRIPTION);
    if (n->kind != GQL_KIND_OPERATION_DEFINITION || n->operation != GQL_SUBSCRIPTION || !root)
        return true;
    /* every field of the document bounds the groups (fragments are spread at most once) */
    uint32_t bound = count_fields(v, n->selections) + 1;
    for (uint32_t i = 0; i < v->doc->items.count; i++)
        if (v->doc->items.items[i]->kind == GQL_KIND_FRAGMENT_DEFINITION)
            bound += count_fields(v, v->doc->items.items[i]->selections);
    struct field_groups g = {
        .keys = rm_arena_alloc(v->a, bound * sizeof *g.keys),
        .nodes = rm_arena_alloc(v->a, bound * sizeof *g.nodes),
        .visited = rm_arena_calloc(v->a, v->doc->items.count + 1, sizeof *g.visited),
    };
    if (!g.keys || !g.nodes || !g.visited)
        return true;
    group_fields(v, &g, root, n->selections);
    const char *who = n->name.len ? rm_arena_printf(v->a, "Subscription \"%s\"", cut(v, n->name))
                                  : "Anonymous Subscription";
    if (g.count > 1) {
        struct node_list extra = { 0 };
        for (uint32_t k = 1; k < g.count; k++)
            for (uint32_t i = 0; i < g.nodes[k].count; i++)
                push_node(v, &extra, g.nodes[k].items[i]);
        uint32_t *at = rm_arena_alloc(v->a, extra.count * sizeof *at);
        for (uint32_t i = 0; at && i < extra.count; i++)
            at[i] = extra.items[i]->start;
        if (at)
            report(v, rm_arena_printf(v->a, "%s must select only one top level field.", who), at,
                   extra.count);
    }
    for (uint32_t k = 0; k < g.count; k++) {
        const struct gql_node *first = g.nodes[k].items[0];
        if (first->name.len < 2 || memcmp(first->name.p, "__", 2) != 0)
            continue;
        uint32_t *at = rm_arena_alloc(v->a, g.nodes[k].count * sizeof *at);
        for (uint32_t i = 0; at && i < g.nodes[k].count; i++)
            at[i] = g.nodes[k].items[i]->start;
        if (at)
            report(v,
                   rm_arena_printf(v->a,
                                   "%s must not select an introspection top level field.", who),
                   at, g.nodes[k].count);
    }
    return true;
}

static bool is_type_extension(const struct gql_node *n)
{
    switch (n->kind) {
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        return true;
    default:
        return false;
    }
}

static bool known_type_names(struct validator *v, const struct gql_node *n,
                             const struct scope *sc)
{
    static const char *const standard[] = {
        "String", "Int", "Float", "Boolean", "ID", "__Schema", "__Directive",
        "__DirectiveLocation", "__Type", "__Field", "__InputValue", "__EnumValue", "__TypeKind",
    };
    if (n->kind != GQL_KIND_NAMED_TYPE || gql_schema_type(v->schema, n->name.p, n->name.len))
        return true;
    /* inside type-system definitions graphql-js takes the standard names as known */
    for (size_t i = 0; sc->in_sdl && i < RM_ARRAY_LEN(standard); i++)
        if (n->name.len == strlen(standard[i]) && !memcmp(n->name.p, standard[i], n->name.len))
            return true;
    /* The names to suggest: the schema's types, then those the document defines (which
     * also count as known, though a request never gets further with them). */
    uint32_t ntypes;
    struct gql_type *const *types = gql_schema_types(v->schema, &ntypes);
    const char **names = rm_arena_alloc(
        v->a, (RM_ARRAY_LEN(standard) + ntypes + v->doc->items.count) * sizeof *names);
    if (!names)
        return true;
    uint32_t nnames = 0;
    for (size_t i = 0; sc->in_sdl && i < RM_ARRAY_LEN(standard); i++)
        names[nnames++] = standard[i];
    for (uint32_t i = 0; i < ntypes; i++)
        names[nnames++] = types[i]->name;
    for (uint32_t i = 0; i < v->doc->items.count; i++) {
        const struct gql_node *def = v->doc->items.items[i];
        if (!is_type_definition(def))
            continue;
        if (str_eq(def->name, n->name))
            return true;
        names[nnames++] = cut(v, def->name);
    }
    report1(v,
            rm_arena_printf(v->a, "Unknown type \"%s\".%s", cut(v, n->name),
                            did_you_mean(v, NULL, n->name.p, n->name.len, names, nnames)),
            n->start);
    return true;
}

static bool fragments_on_composite_types(struct validator *v, const struct gql_node *n,
                                         const struct scope *sc)
{
    (void)sc;
    if ((n->kind != GQL_KIND_INLINE_FRAGMENT && n->kind != GQL_KIND_FRAGMENT_DEFINITION) ||
        !n->type)
        return true;
    struct gql_type *t = named_type_of(v, n->type);
    if (!t || is_composite(t))
        return true;
    const char *type = print_type_node(v->a, n->type);
    report1(v,
            n->kind == GQL_KIND_INLINE_FRAGMENT
                ? rm_arena_printf(v->a, "Fragment cannot condition on non composite type \"%s\".",
                                  type)
                : rm_arena_printf(v->a,
                                  "Fragment \"%s\" cannot condition on non composite type "
                                  "\"%s\".",
                                  cut(v, n->name), type),
            n->type->start);
    return true;
}

static bool variables_are_input_types(struct validator *v, const struct gql_node *n,
                                      const struct scope *sc)
{
    (void)sc;
    if (n->kind != GQL_KIND_VARIABLE_DEFINITION)
        return true;
    struct gql_type *t = named_type_of(v, n->type);
    if (t && !is_input(t))
        report1(v,
                rm_arena_printf(v->a, "Variable \"$%s\" cannot be non-input type \"%s\".",
                                cut(v, n->name), print_type_node(v->a, n->type)),
                n->type->start);
    return true;
}

static bool scalar_leafs(struct validator *v, const struct gql_node *n, const struct scope *sc)
{
    if (n->kind != GQL_KIND_FIELD || !sc->type)
        return true;
    if (is_leaf(gql_named_type(sc->type)) && !n->selections)
        return true; /* the common cases: nothing to say, nothing to allocate */
    if (!is_leaf(gql_named_type(sc->type)) && n->selections && n->selections->items.count)
        return true;
    const char *name = cut(v, n->name);
    if (is_leaf(gql_named_type(sc->type))) {
        if (n->selections)
            report1(v,
                    rm_arena_printf(v->a,
                                    "Field \"%s\" must not have a selection since type \"%s\" "
                                    "has no subfields.",
                                    name, print_type(v->a, sc->type)),
                    n->selections->start);
    } else if (!n->selections) {
        report1(v,
                rm_arena_printf(v->a,
                                "Field \"%s\" of type \"%s\" must have a selection of "
                                "subfields. Did you mean \"%s { ... }\"?",
                                name, print_type(v->a, sc->type), name),
                n->start);
    } else if (n->selections->items.count == 0) {
        report1(v,
                rm_arena_printf(v->a,
                                "Field \"%s\" of type \"%s\" must have at least one field "
                                "selected.",
                                name, print_type(v->a, sc->type)),
                n->start);
    }
    return true;
}

struct type_usage {
    const struct gql_type *type;
    uint32_t count;
};

/* graphql-js getSuggestedTypeNames's order: most used first, super types before their sub
 * types, then naturalCompare. */
static bool comes_before(const struct type_usage *x, const struct type_usage *y)
{
    if (x->count != y->count)
        return x->count > y->count;
    if (x->type->kind == GQL_TYPE_INTERFACE && is_sub_type(x->type, y->type))
        return true;
    if (y->type->kind == GQL_TYPE_INTERFACE && is_sub_type(y->type, x->type))
        return false;
    return gql__natural_compare(x->type->name, y->type->name) < 0;
}

/* The types a field could be selected on through an inline fragment, when parent is
 * abstract (graphql-js getSuggestedTypeNames). */
static uint32_t suggested_types(struct validator *v, const struct gql_type *parent,
                                struct gql_str field, const char ***out)
{
    *out = NULL;
    if (parent->kind != GQL_TYPE_INTERFACE && parent->kind != GQL_TYPE_UNION)
        return 0;
    uint32_t cap = 1;
    for (uint32_t i = 0; i < parent->npossible; i++)
        cap += 1 + parent->possible[i]->ninterfaces;
    struct type_usage *found = rm_arena_alloc(v->a, cap * sizeof *found);
    const char **names = rm_arena_alloc(v->a, cap * sizeof *names);
    if (!found || !names)
        return 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < parent->npossible; i++) {
        const struct gql_type *object = parent->possible[i];
        if (!gql_type_field(object, field.p, field.len))
            continue;
        found[n++] = (struct type_usage){ object, 1 };
        for (uint32_t k = 0; k < object->ninterfaces; k++) {
            const struct gql_type *iface = object->interfaces[k];
            if (!gql_type_field(iface, field.p, field.len))
                continue;
            uint32_t j = 0;
            while (j < n && found[j].type != iface)
                j++;
            if (j == n)
                found[n++] = (struct type_usage){ iface, 0 };
            found[j].count++;
        }
    }
    /* a stable insertion sort, as JavaScript's sort is stable */
    for (uint32_t i = 1; i < n; i++) {
        struct type_usage t = found[i];
        uint32_t j = i;
        for (; j > 0 && comes_before(&t, &found[j - 1]); j--)
            found[j] = found[j - 1];
        found[j] = t;
    }
    for (uint32_t i = 0; i < n; i++)
        names[i] = found[i].type->name;
    *out = names;
    return n;
}

static bool fields_on_correct_type(struct validator *v, const struct gql_node *n,
                                   const struct scope *sc)
{
    if (n->kind != GQL_KIND_FIELD || !sc->parent_type || sc->field)
        return true;
    const struct gql_type *parent = sc->parent_type;
    const char **names;
    uint32_t count = suggested_types(v, parent, n->name, &names);
    const char *suggestion = gql__did_you_mean(v->a, "to use an inline fragment on", names, count);
    if (!*suggestion && parent->kind != GQL_TYPE_UNION) {
        const char **fields = rm_arena_alloc(v->a, (parent->nfields + 1) * sizeof *fields);
        for (uint32_t i = 0; fields && i < parent->nfields; i++)
            fields[i] = parent->fields[i].name;
        suggestion = did_you_mean(v, NULL, n->name.p, n->name.len, fields, parent->nfields);
    }
    report1(v,
            rm_arena_printf(v->a, "Cannot query field \"%s\" on type \"%s\".%s",
                            cut(v, n->name), parent->name, suggestion),
            n->start);
    return true;
}

static bool unique_fragment_names(struct validator *v, const struct gql_node *n,
                                  const struct scope *sc)
{
    (void)sc;
    if (n->kind == GQL_KIND_OPERATION_DEFINITION)
        return false;
    if (n->kind != GQL_KIND_FRAGMENT_DEFINITION)
        return true;
    report_if_seen(v, &v->fragment_names, n->name,
                   "There can be only one fragment named \"%s\".");
    return false;
}

static bool known_fragment_names(struct validator *v, const struct gql_node *n,
                                 const struct scope *sc)
{
    (void)sc;
    if (n->kind != GQL_KIND_FRAGMENT_SPREAD)
        return true;
    if (fragment_index(v, n->name) < 0)
        report1(v, rm_arena_printf(v->a, "Unknown fragment \"%s\".", cut(v, n->name)),
                offset_of(v, n->name));
    return true;
}

/* Reports every name given more than once in list (arguments or variable definitions),
 * once per name, with all its locations, in the order the names first appear (groupBy). */
static void report_repeated_names(struct validator *v, const struct gql_nodes *list,
                                  const char *format)
{
    for (uint32_t i = 0; i < list->count; i++) {
        struct gql_str name = list->items[i]->name;
        bool first = true;
        uint32_t count = 0;
        for (uint32_t j = 0; j < list->count; j++) {
            if (!str_eq(list->items[j]->name, name))
                continue;
            if (j < i)
                first = false;
            count++;
        }
        if (!first || count < 2)
            continue;
        uint32_t *at = rm_arena_alloc(v->a, count * sizeof *at);
        if (!at)
            return;
        for (uint32_t j = 0, k = 0; j < list->count; j++)
            if (str_eq(list->items[j]->name, name))
                at[k++] = offset_of(v, list->items[j]->name);
        report(v, rm_arena_printf(v->a, format, cut(v, name)), at, count);
    }
}

static bool possible_fragment_spreads(struct validator *v, const struct gql_node *n,
                                      const struct scope *sc)
{
    const struct gql_type *frag = NULL, *parent = sc->parent_type;
    if (n->kind == GQL_KIND_INLINE_FRAGMENT)
        frag = is_composite(sc->type) ? sc->type : NULL;
    else if (n->kind == GQL_KIND_FRAGMENT_SPREAD) {
        int f = fragment_index(v, n->name);
        if (f >= 0) {
            struct gql_type *t = named_type_of(v, v->doc->items.items[f]->type);
            frag = is_composite(t) ? t : NULL;
        }
    }
    if (!frag || !parent || types_overlap(frag, parent))
        return true;
    const char *names = rm_arena_printf(v->a,
                                        "cannot be spread here as objects of type \"%s\" can "
                                        "never be of type \"%s\".",
                                        parent->name, frag->name);
    report1(v,
            n->kind == GQL_KIND_INLINE_FRAGMENT
                ? rm_arena_printf(v->a, "Fragment %s", names)
                : rm_arena_printf(v->a, "Fragment \"%s\" %s", cut(v, n->name), names),
            n->start);
    return true;
}

/* NoFragmentCycles's depth-first search (graphql-js detectCycleRecursive). It recurses once
 * per fragment of a chain; the endpoint's document limits bound that, where graphql-js would
 * overflow its own stack (F-GQL-002). */
struct cycles {
    struct validator *v;
    bool *visited;          /* by fragment index */
    int *path_index;        /* by fragment index: its place in path, or -1 */
    struct node_list path;  /* the spreads followed */
};

/* "\"A\", \"B\"": the names of the nodes, quoted and joined, built in one pass (a cycle
 * through thousands of fragments must not cost quadratic memory). */
static const char *join_names(struct validator *v, const struct gql_node *const *nodes,
                              uint32_t n)
{
    size_t len = 1;
    for (uint32_t i = 0; i < n; i++)
        len += nodes[i]->name.len + 4;
    char *out = rm_arena_alloc(v->a, len), *p = out;
    for (uint32_t i = 0; out && i < n; i++) {
        if (i) {
            *p++ = ',';
            *p++ = ' ';
        }
        *p++ = '"';
        memcpy(p, nodes[i]->name.p, nodes[i]->name.len);
        p += nodes[i]->name.len;
        *p++ = '"';
    }
    if (out)
        *p = '\0';
    return out;
}

static void detect_cycles(struct cycles *c, const struct gql_node *fragment)
{
    struct validator *v = c->v;
    int self = fragment_index(v, fragment->name);
    if (self < 0 || c->visited[self])
        return;
    c->visited[self] = true;
    struct node_list spreads = { 0 };
    collect_spreads(v, fragment->selections, &spreads);
    if (!spreads.count)
        return;
    c->path_index[self] = (int)c->path.count;
    for (uint32_t i = 0; i < spreads.count && !v->aborted; i++) {
        const struct gql_node *spread = spreads.items[i];
        int target = fragment_index(v, spread->name);
        push_node(v, &c->path, spread);
        if (target >= 0 && c->path_index[target] < 0) {
            detect_cycles(c, v->doc->items.items[target]);
        } else if (target >= 0) {
            uint32_t from = (uint32_t)c->path_index[target], n = c->path.count - from;
            const char *via = join_names(v, c->path.items + from, n - 1);
            uint32_t *at = rm_arena_alloc(v->a, n * sizeof *at);
            for (uint32_t k = 0; at && k < n; k++)
                at[k] = c->path.items[from + k]->start;
            if (at)
                report(v,
                       rm_arena_printf(v->a, "Cannot spread fragment \"%s\" within itself%s%s.",
                                       cut(v, spread->name), n > 1 ? " via " : "",
                                       via ? via : ""),
                       at, n);
        }
        c->path.count--;
    }
    c->path_index[self] = -1;
}

static bool no_fragment_cycles(struct validator *v, const struct gql_node *n,
                               const struct scope *sc)
{
    (void)sc;
    if (n->kind == GQL_KIND_OPERATION_DEFINITION)
        return false;
    if (n->kind != GQL_KIND_FRAGMENT_DEFINITION)
        return true;
    if (!v->cycles) {
        uint32_t count = v->doc->items.count;
        v->cycles = rm_arena_calloc(v->a, 1, sizeof *v->cycles);
        if (!v->cycles)
            return false;
        v->cycles->v = v;
        v->cycles->visited = rm_arena_calloc(v->a, count, sizeof *v->cycles->visited);
        v->cycles->path_index = rm_arena_alloc(v->a, count * sizeof *v->cycles->path_index);
        if (!v->cycles->visited || !v->cycles->path_index)
            return false;
        for (uint32_t i = 0; i < count; i++)
            v->cycles->path_index[i] = -1;
    }
    if (v->cycles->visited && v->cycles->path_index)
        detect_cycles(v->cycles, n);
    return false;
}

static bool no_unused_fragments(struct validator *v, const struct gql_node *n,
                                const struct scope *sc)
{
    (void)v, (void)sc;
    return n->kind != GQL_KIND_OPERATION_DEFINITION && n->kind != GQL_KIND_FRAGMENT_DEFINITION;
}

static void no_unused_fragments_leave(struct validator *v, const struct gql_node *n,
                                      const struct scope *sc)
{
    (void)sc;
    if (n->kind != GQL_KIND_DOCUMENT)
        return;
    struct reach r;
    if (!reachable_fragments(v, NULL, &r))
        return;
    for (uint32_t i = 0; i < n->items.count; i++) {
        const struct gql_node *def = n->items.items[i];
        /* a fragment counts as used when one of its name is: the last is the one reached */
        if (def->kind == GQL_KIND_FRAGMENT_DEFINITION && !r.reached[fragment_index(v, def->name)])
            report1(v,
                    rm_arena_printf(v->a, "Fragment \"%s\" is never used.", cut(v, def->name)),
                    def->start);
    }
}

static bool unique_variable_names(struct validator *v, const struct gql_node *n,
                                  const struct scope *sc)
{
    (void)sc;
    if (n->kind == GQL_KIND_OPERATION_DEFINITION)
        report_repeated_names(v, &n->args, "There can be only one variable named \"$%s\".");
    return true;
}

struct undefined_check {
    struct validator *v;
    const struct gql_node *op;
};

static bool report_if_undefined(const struct gql_node *var, void *ctx)
{
    struct undefined_check *c = ctx;
    for (uint32_t i = 0; i < c->op->args.count; i++)
        if (str_eq(c->op->args.items[i]->name, var->name))
            return false;
    struct validator *v = c->v;
    report2(v,
            c->op->name.len
                ? rm_arena_printf(v->a, "Variable \"$%s\" is not defined by operation \"%s\".",
                                  cut(v, var->name), cut(v, c->op->name))
                : rm_arena_printf(v->a, "Variable \"$%s\" is not defined.", cut(v, var->name)),
            var->start, c->op->start);
    return false;
}

static void no_undefined_variables_leave(struct validator *v, const struct gql_node *n,
                                         const struct scope *sc)
{
    (void)sc;
    struct reach r;
    if (n->kind != GQL_KIND_OPERATION_DEFINITION || !reachable_fragments(v, n, &r))
        return;
    struct undefined_check check = { v, n };
    each_variable(n, report_if_undefined, &check);
    for (uint32_t f = 0; f < r.count; f++)
        each_variable(v->doc->items.items[r.order[f]], report_if_undefined, &check);
}

static void no_unused_variables_leave(struct validator *v, const struct gql_node *n,
                                      const struct scope *sc)
{
    (void)sc;
    if (n->kind != GQL_KIND_OPERATION_DEFINITION || !n->args.count)
        return;
    struct reach r;
    if (!reachable_fragments(v, n, &r))
        return;
    for (uint32_t i = 0; i < n->args.count; i++) {
        struct gql_str name = n->args.items[i]->name;
        if (uses_variable(v, n, &r, name))
            continue;
        report1(v,
                n->name.len ? rm_arena_printf(v->a,
                                              "Variable \"$%s\" is never used in operation "
                                              "\"%s\".",
                                              cut(v, name), cut(v, n->name))
                            : rm_arena_printf(v->a, "Variable \"$%s\" is never used.",
                                              cut(v, name)),
                n->args.items[i]->start);
    }
}

/* Where a directive on n stands (graphql-js getDirectiveLocationForASTPath), for the nodes
 * a request walks. */
static enum gql_directive_location directive_location(const struct gql_node *n,
                                                      const struct gql_node *grandparent)
{
    switch (n->kind) {
    case GQL_KIND_OPERATION_DEFINITION:
        return n->operation == GQL_QUERY      ? GQL_LOC_QUERY
               : n->operation == GQL_MUTATION ? GQL_LOC_MUTATION
                                              : GQL_LOC_SUBSCRIPTION;
    case GQL_KIND_FIELD:
        return GQL_LOC_FIELD;
    case GQL_KIND_FRAGMENT_SPREAD:
        return GQL_LOC_FRAGMENT_SPREAD;
    case GQL_KIND_INLINE_FRAGMENT:
        return GQL_LOC_INLINE_FRAGMENT;
    case GQL_KIND_FRAGMENT_DEFINITION:
        return GQL_LOC_FRAGMENT_DEFINITION;
    case GQL_KIND_SCHEMA_DEFINITION:
    case GQL_KIND_SCHEMA_EXTENSION:
        return GQL_LOC_SCHEMA;
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
        return GQL_LOC_SCALAR;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
        return GQL_LOC_OBJECT;
    case GQL_KIND_FIELD_DEFINITION:
        return GQL_LOC_FIELD_DEFINITION;
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        return GQL_LOC_INTERFACE;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        return GQL_LOC_UNION;
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
        return GQL_LOC_ENUM;
    case GQL_KIND_ENUM_VALUE_DEFINITION:
        return GQL_LOC_ENUM_VALUE;
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
        return GQL_LOC_INPUT_OBJECT;
    case GQL_KIND_INPUT_VALUE_DEFINITION:
        /* graphql-js checks for the definition only: fields of an input extension read as
         * arguments */
        return grandparent && grandparent->kind == GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION
                   ? GQL_LOC_INPUT_FIELD_DEFINITION
                   : GQL_LOC_ARGUMENT_DEFINITION;
    case GQL_KIND_DIRECTIVE_DEFINITION:
        return GQL_LOC_DIRECTIVE_DEFINITION;
    default:
        return GQL_LOC_VARIABLE_DEFINITION;
    }
}

static const char *const location_names[] = {
#define GQL_LOCATION_NAME(name) #name,
    GQL_DIRECTIVE_LOCATIONS(GQL_LOCATION_NAME)
#undef GQL_LOCATION_NAME
};

static bool known_directives(struct validator *v, const struct gql_node *n,
                             const struct scope *sc)
{
    if (n->kind != GQL_KIND_DIRECTIVE)
        return true;
    /* a directive the document defines counts, with the locations it gives */
    const struct gql_node *defined = sc->defined_directive;
    if (!sc->directive && !defined) {
        report1(v, rm_arena_printf(v->a, "Unknown directive \"@%s\".", cut(v, n->name)),
                n->start);
        return true;
    }
    enum gql_directive_location where = directive_location(sc->parent, sc->grandparent);
    uint32_t locations = defined ? 0 : sc->directive->locations;
    for (uint32_t i = 0; defined && i < defined->members.count; i++)
        for (uint32_t l = 0; l < GQL_LOC_COUNT; l++)
            if (defined->members.items[i]->name.len == strlen(location_names[l]) &&
                !memcmp(defined->members.items[i]->name.p, location_names[l],
                        defined->members.items[i]->name.len))
                locations |= 1u << l;
    if (!(locations & (1u << where)))
        report1(v,
                rm_arena_printf(v->a, "Directive \"@%s\" may not be used on %s.",
                                cut(v, n->name), location_names[where]),
                n->start);
    return true;
}

/* Whether a directive may appear once per location: the schema's says so unless the
 * document defines its own of that name (graphql-js uniqueDirectiveMap). */
static bool is_unique_directive(struct validator *v, struct gql_str name)
{
    const struct gql_node *defined = document_directive(v, name);
    if (defined)
        return !defined->flag;
    const struct gql_directive *d = gql_schema_directive(v->schema, name.p, name.len);
    return d && !d->repeatable;
}

static bool unique_directives_per_location(struct validator *v, const struct gql_node *n,
                                           const struct scope *sc)
{
    (void)sc;
    if (!n->directives.count)
        return true;
    /* The schema's definition and extensions share one location, and so do a type's; any
     * other node is a location of its own. Keys are "Type.directive" for types. */
    bool schema = n->kind == GQL_KIND_SCHEMA_DEFINITION || n->kind == GQL_KIND_SCHEMA_EXTENSION;
    bool type = is_type_definition(n) || is_type_extension(n);
    struct seen_set local = { 0 };
    struct seen_set *seen = schema ? &v->schema_directives
                            : type ? &v->type_directives
                                   : &local;
    for (uint32_t i = 0; i < n->directives.count; i++) {
        const struct gql_node *d = n->directives.items[i];
        if (!is_unique_directive(v, d->name))
            continue;
        struct gql_str key = d->name;
        if (type) {
            const char *k = rm_arena_printf(v->a, "%s.%s", cut(v, n->name), cut(v, d->name));
            if (!k)
                continue;
            key = (struct gql_str){ k, (uint32_t)strlen(k) };
        }
        const struct seen *first = seen_or_add(v, seen, key, d->start);
        if (first)
            report2(v,
                    rm_arena_printf(v->a,
                                    "The directive \"@%s\" can only be used once at this "
                                    "location.",
                                    cut(v, d->name)),
                    first->at, d->start);
    }
    return true;
}

/* The names of arguments or input fields, for suggestions. */
static const char **input_value_names(struct validator *v, const struct gql_input_value *args,
                              uint32_t n)
{
    const char **names = rm_arena_alloc(v->a, (n ? n : 1) * sizeof *names);
    for (uint32_t i = 0; names && i < n; i++)
        names[i] = args[i].name;
    return names;
}

/* The names of argument definitions the document gives (INPUT_VALUE_DEFINITION nodes). */
static const char **arg_node_names(struct validator *v, const struct gql_nodes *args)
{
    const char **names = rm_arena_alloc(v->a, (args->count ? args->count : 1) * sizeof *names);
    for (uint32_t i = 0; names && i < args->count; i++)
        names[i] = cut(v, args->items[i]->name);
    return names;
}

static void report_unknown_argument(struct validator *v, const struct gql_node *arg,
                                    const char **names, uint32_t nnames, const char *on)
{
    report1(v,
            rm_arena_printf(v->a, "Unknown argument \"%s\" on %s.%s", cut(v, arg->name), on,
                            did_you_mean(v, NULL, arg->name.p, arg->name.len, names, nnames)),
            arg->start);
}

static bool in_names(const char **names, uint32_t n, struct gql_str name)
{
    for (uint32_t i = 0; names && i < n; i++)
        if (strlen(names[i]) == name.len && !memcmp(names[i], name.p, name.len))
            return true;
    return false;
}

static bool known_argument_names(struct validator *v, const struct gql_node *n,
                                 const struct scope *sc)
{
    if (n->kind == GQL_KIND_DIRECTIVE) {
        const struct gql_node *defined = sc->defined_directive;
        const struct gql_directive *d = sc->directive;
        if (!defined && !d)
            return false;
        uint32_t nnames = defined ? defined->args.count : d->nargs;
        const char **names = defined ? arg_node_names(v, &defined->args)
                                     : input_value_names(v, d->args, d->nargs);
        for (uint32_t i = 0; i < n->args.count; i++)
            if (!in_names(names, nnames, n->args.items[i]->name))
                report_unknown_argument(v, n->args.items[i], names, nnames,
                                        rm_arena_printf(v->a, "directive \"@%s\"",
                                                        cut(v, n->name)));
        return false;
    }
    if (n->kind == GQL_KIND_ARGUMENT && !sc->argument && sc->field && sc->parent_type)
        report_unknown_argument(v, n, input_value_names(v, sc->field->args, sc->field->nargs),
                                sc->field->nargs,
                                rm_arena_printf(v->a, "field \"%s.%s\"", sc->parent_type->name,
                                                sc->field->name));
    return true;
}

/* Whether args (ARGUMENT nodes) name name. */
static bool provides(const struct gql_nodes *args, const char *name)
{
    for (uint32_t i = 0; i < args->count; i++)
        if (args->items[i]->name.len == strlen(name) &&
            !memcmp(args->items[i]->name.p, name, args->items[i]->name.len))
            return true;
    return false;
}

/* The message graphql-js's parseLiteral throws for a leaf literal, or NULL when the literal
 * is valid for type (a scalar or enum). printed is graphql-js's print of the literal. */
static const char *leaf_literal_error(struct validator *v, const struct gql_type *type,
                                      const struct gql_node *n, const char *printed)
{
    if (type->kind == GQL_TYPE_ENUM) {
        bool is_enum = n->kind == GQL_KIND_ENUM;
        for (uint32_t i = 0; is_enum && i < type->nvalues; i++)
            if (strlen(type->values[i].name) == n->text.len &&
                !memcmp(type->values[i].name, n->text.p, n->text.len))
                return NULL;
        const char **names = rm_arena_alloc(v->a, (type->nvalues + 1) * sizeof *names);
        for (uint32_t i = 0; names && i < type->nvalues; i++)
            names[i] = type->values[i].name;
        const char *hint =
            did_you_mean(v, "the enum value", printed, strlen(printed), names, type->nvalues);
        return is_enum ? rm_arena_printf(v->a, "Value \"%s\" does not exist in \"%s\" enum.%s",
                                         printed, type->name, hint)
                       : rm_arena_printf(v->a,
                                         "Enum \"%s\" cannot represent non-enum value: %s.%s",
                                         type->name, printed, hint);
    }
    if (!type->builtin) /* custom scalars take any literal (valueFromASTUntyped) */
        return NULL;
    if (!strcmp(type->name, "Int")) {
        if (n->kind != GQL_KIND_INT)
            return rm_arena_printf(v->a, "Int cannot represent non-integer value: %s", printed);
        /* graphql-js parseInt: outside 32 bits is an error, whatever the length */
        const char *digits = n->text.p + (n->text.p[0] == '-');
        uint32_t ndigits = n->text.len - (uint32_t)(n->text.p[0] == '-');
        bool in_range = ndigits < 10 || (ndigits == 10 && memcmp(digits, n->text.p[0] == '-'
                                                                              ? "2147483648"
                                                                              : "2147483647",
                                                                 10) <= 0);
        return in_range ? NULL
                        : rm_arena_printf(v->a,
                                          "Int cannot represent non 32-bit signed integer value: "
                                          "%s",
                                          cut(v, n->text));
    }
    if (!strcmp(type->name, "Float"))
        return n->kind == GQL_KIND_FLOAT || n->kind == GQL_KIND_INT
                   ? NULL
                   : rm_arena_printf(v->a, "Float cannot represent non numeric value: %s", printed);
    if (!strcmp(type->name, "String"))
        return n->kind == GQL_KIND_STRING
                   ? NULL
                   : rm_arena_printf(v->a, "String cannot represent a non string value: %s",
                                     printed);
    if (!strcmp(type->name, "Boolean"))
        return n->kind == GQL_KIND_BOOLEAN
                   ? NULL
                   : rm_arena_printf(v->a, "Boolean cannot represent a non boolean value: %s",
                                     printed);
    if (!strcmp(type->name, "ID"))
        return n->kind == GQL_KIND_STRING || n->kind == GQL_KIND_INT
                   ? NULL
                   : rm_arena_printf(v->a,
                                     "ID cannot represent a non-string and non-integer value: %s",
                                     printed);
    return NULL;
}

/* graphql-js isValidValueNode. */
static void check_value(struct validator *v, const struct gql_node *n,
                        const struct gql_type *location)
{
    if (!location)
        return;
    const struct gql_type *type = gql_named_type((struct gql_type *)location);
    const char *printed = gql_print_value(v->a, n);
    const char *error =
        is_leaf(type) ? leaf_literal_error(v, type, n, printed)
                      : rm_arena_printf(v->a, "Expected value of type \"%s\", found %s.",
                                        print_type(v->a, location), printed);
    if (error)
        report1(v, error, n->start);
}

static bool values_of_correct_type(struct validator *v, const struct gql_node *n,
                                   const struct scope *sc)
{
    switch (n->kind) {
    case GQL_KIND_LIST: {
        const struct gql_type *list = sc->parent_input_type;
        if (list && list->kind == GQL_TYPE_NON_NULL)
            list = list->of_type;
        if (list && list->kind == GQL_TYPE_LIST)
            return true;
        check_value(v, n, sc->input_type);
        return false;
    }
    case GQL_KIND_OBJECT: {
        const struct gql_type *type = sc->input_type ? gql_named_type(sc->input_type) : NULL;
        if (!type || type->kind != GQL_TYPE_INPUT_OBJECT) {
            check_value(v, n, sc->input_type);
            return false;
        }
        for (uint32_t i = 0; i < type->ninput_fields; i++) {
            const struct gql_input_value *f = &type->input_fields[i];
            if (f->type->kind == GQL_TYPE_NON_NULL && !f->default_value &&
                !provides(&n->items, f->name))
                report1(v,
                        rm_arena_printf(v->a,
                                        "Field \"%s.%s\" of required type \"%s\" was not "
                                        "provided.",
                                        type->name, f->name, print_type(v->a, f->type)),
                        n->start);
        }
        if (type->one_of) {
            /* graphql-js keyMap: each name once, the last field of a name wins */
            uint32_t keys = 0;
            const struct gql_node *last = NULL;
            for (uint32_t i = 0; i < n->items.count; i++) {
                bool repeated = false;
                for (uint32_t k = i + 1; k < n->items.count && !repeated; k++)
                    repeated = str_eq(n->items.items[k]->name, n->items.items[i]->name);
                if (!repeated)
                    keys++, last = n->items.items[i];
            }
            if (keys != 1)
                report1(v,
                        rm_arena_printf(v->a,
                                        "OneOf Input Object \"%s\" must specify exactly one key.",
                                        type->name),
                        n->start);
            else if (!last->value || last->value->kind == GQL_KIND_NULL)
                report1(v,
                        rm_arena_printf(v->a, "Field \"%s.%s\" must be non-null.", type->name,
                                        cut(v, last->name)),
                        n->start);
        }
        return true;
    }
    case GQL_KIND_OBJECT_FIELD: {
        const struct gql_type *parent =
            sc->parent_input_type ? gql_named_type(sc->parent_input_type) : NULL;
        if (sc->input_type || !parent || parent->kind != GQL_TYPE_INPUT_OBJECT)
            return true;
        const char **names = input_value_names(v, parent->input_fields, parent->ninput_fields);
        report1(v,
                rm_arena_printf(v->a, "Field \"%s\" is not defined by type \"%s\".%s",
                                cut(v, n->name), parent->name,
                                did_you_mean(v, NULL, n->name.p, n->name.len, names,
                                             parent->ninput_fields)),
                n->start);
        return true;
    }
    case GQL_KIND_NULL:
        if (sc->input_type && sc->input_type->kind == GQL_TYPE_NON_NULL)
            report1(v,
                    rm_arena_printf(v->a, "Expected value of type \"%s\", found null.",
                                    print_type(v->a, sc->input_type)),
                    n->start);
        return true;
    case GQL_KIND_ENUM:
    case GQL_KIND_INT:
    case GQL_KIND_FLOAT:
    case GQL_KIND_STRING:
    case GQL_KIND_BOOLEAN:
        check_value(v, n, sc->input_type);
        return true;
    default:
        return true;
    }
}

static void provided_required_arguments_leave(struct validator *v, const struct gql_node *n,
                                              const struct scope *sc)
{
    const struct gql_input_value *args;
    uint32_t nargs;
    const char *what, *at, *name; /* "Field \"f\"" or "Directive \"@d\"" */
    if (n->kind == GQL_KIND_FIELD && sc->field) {
        args = sc->field->args, nargs = sc->field->nargs;
        what = "Field", at = "", name = sc->field->name;
    } else if (n->kind == GQL_KIND_DIRECTIVE && sc->defined_directive) {
        const struct gql_nodes *defs = &sc->defined_directive->args;
        for (uint32_t i = 0; i < defs->count; i++) {
            const struct gql_node *arg = defs->items[i];
            if (arg->type->kind != GQL_KIND_NON_NULL_TYPE || arg->value ||
                provides(&n->args, cut(v, arg->name)))
                continue;
            report1(v,
                    rm_arena_printf(v->a,
                                    "Directive \"@%s\" argument \"%s\" of type \"%s\" is "
                                    "required, but it was not provided.",
                                    cut(v, n->name), cut(v, arg->name),
                                    print_type_node(v->a, arg->type)),
                    n->start);
        }
        return;
    } else if (n->kind == GQL_KIND_DIRECTIVE && sc->directive) {
        args = sc->directive->args, nargs = sc->directive->nargs;
        what = "Directive", at = "@", name = sc->directive->name;
    } else {
        return;
    }
    for (uint32_t i = 0; i < nargs; i++) {
        bool required = args[i].type->kind == GQL_TYPE_NON_NULL && !args[i].default_value;
        if (required && !provides(&n->args, args[i].name))
            report1(v,
                    rm_arena_printf(v->a,
                                    "%s \"%s%s\" argument \"%s\" of type \"%s\" is required, "
                                    "but it was not provided.",
                                    what, at, name, args[i].name, print_type(v->a, args[i].type)),
                    n->start);
    }
}

static bool unique_argument_names(struct validator *v, const struct gql_node *n,
                                  const struct scope *sc)
{
    (void)sc;
    if (n->kind == GQL_KIND_FIELD || n->kind == GQL_KIND_DIRECTIVE)
        report_repeated_names(v, &n->args, "There can be only one argument named \"%s\".");
    return true;
}

/* graphql-js allowedVariableUsage. */
static bool allowed_variable_usage(const struct gql_type *var_type, const struct gql_node *var_default,
                                   const struct usage *u)
{
    if (u->type->kind == GQL_TYPE_NON_NULL && var_type->kind != GQL_TYPE_NON_NULL) {
        bool non_null_default = var_default && var_default->kind != GQL_KIND_NULL;
        if (!non_null_default && !u->has_default)
            return false;
        return is_type_sub_type_of(var_type, u->type->of_type);
    }
    return is_type_sub_type_of(var_type, u->type);
}

static void check_variable_positions(struct validator *v, const struct gql_node *op,
                                     const struct usage_list *usages)
{
    for (uint32_t i = 0; usages && i < usages->count && !v->aborted; i++) {
        const struct usage *u = &usages->items[i];
        const struct gql_node *def = NULL;
        for (uint32_t k = op->args.count; k-- > 0 && !def;) /* the last definition wins */
            if (str_eq(op->args.items[k]->name, u->var->name))
                def = op->args.items[k];
        if (!def || !u->type)
            continue;
        struct gql_type *var_type = type_from_ast(v, def->type);
        if (!var_type)
            continue;
        const char *name = cut(v, u->var->name);
        if (!allowed_variable_usage(var_type, def->value, u))
            report2(v,
                    rm_arena_printf(v->a,
                                    "Variable \"$%s\" of type \"%s\" used in position "
                                    "expecting type \"%s\".",
                                    name, print_type(v->a, var_type), print_type(v->a, u->type)),
                    def->start, u->var->start);
        if (u->parent_type && u->parent_type->kind == GQL_TYPE_INPUT_OBJECT &&
            u->parent_type->one_of && var_type->kind != GQL_TYPE_NON_NULL)
            report2(v,
                    rm_arena_printf(v->a,
                                    "Variable \"$%s\" is of type \"%s\" but must be "
                                    "non-nullable to be used for OneOf Input Object \"%s\".",
                                    name, print_type(v->a, var_type), u->parent_type->name),
                    def->start, u->var->start);
    }
}

static void variables_in_allowed_position_leave(struct validator *v, const struct gql_node *n,
                                                const struct scope *sc)
{
    (void)sc;
    struct reach r;
    if (n->kind != GQL_KIND_OPERATION_DEFINITION || !reachable_fragments(v, n, &r))
        return;
    check_variable_positions(v, n, usages_of(v, v->definition));
    for (uint32_t f = 0; f < r.count; f++)
        check_variable_positions(v, n, usages_of(v, r.order[f]));
}

static bool unique_input_field_names(struct validator *v, const struct gql_node *n,
                                     const struct scope *sc)
{
    (void)sc;
    if (n->kind != GQL_KIND_OBJECT)
        return true;
    /* Each object value has its own names; nested objects are checked when entered. */
    struct seen_set names = { 0 };
    for (uint32_t i = 0; i < n->items.count; i++)
        report_if_seen(v, &names, n->items.items[i]->name,
                       "There can be only one input field named \"%s\".");
    return true;
}

/* MaxIntrospectionDepth (graphql-js's recommendedRules, part of specifiedRules since 16.9):
 * nested introspection lists at most 3 deep, fragments followed. Entry depths by fragment
 * index, -1 for none: per check (visited) and for the whole document (checked, exceeded). */
#define MAX_LISTS_DEPTH 3

static bool is_list_field(struct gql_str name)
{
    static const char *const lists[] = { "fields", "interfaces", "possibleTypes", "inputFields" };
    for (size_t i = 0; i < RM_ARRAY_LEN(lists); i++)
        if (name.len == strlen(lists[i]) && !memcmp(name.p, lists[i], name.len))
            return true;
    return false;
}

static bool depth_exceeded(struct validator *v, struct introspection_depth *d,
                           const struct gql_node *n, int depth)
{
    if (n->kind == GQL_KIND_FRAGMENT_SPREAD) {
        int f = fragment_index(v, n->name);
        if (f < 0)
            return false;
        if (d->exceeded[f] >= 0 && d->exceeded[f] <= depth)
            return true;
        /* at equal or shallower entry depths, revisits are skipped (this breaks cycles) */
        if (d->visited[f] >= depth || d->checked[f] >= depth)
            return false;
        if (d->visited[f] < 0)
            d->touched[d->ntouched++] = (uint32_t)f;
        d->visited[f] = depth;
        if (depth_exceeded(v, d, v->doc->items.items[f], depth)) {
            d->exceeded[f] = depth;
            return true;
        }
        d->checked[f] = depth;
        return false;
    }
    if (n->kind == GQL_KIND_FIELD && is_list_field(n->name) && ++depth >= MAX_LISTS_DEPTH)
        return true;
    for (uint32_t i = 0; n->selections && i < n->selections->items.count; i++)
        if (depth_exceeded(v, d, n->selections->items.items[i], depth))
            return true;
    return false;
}

static int *depth_table(struct validator *v)
{
    uint32_t n = v->doc->items.count ? v->doc->items.count : 1;
    int *t = rm_arena_alloc(v->a, n * sizeof *t);
    for (uint32_t i = 0; t && i < n; i++)
        t[i] = -1;
    return t;
}

static bool max_introspection_depth(struct validator *v, const struct gql_node *n,
                                    const struct scope *sc)
{
    (void)sc;
    static const struct gql_str schema = { "__schema", 8 }, type = { "__type", 6 };
    if (n->kind != GQL_KIND_FIELD || (!str_eq(n->name, schema) && !str_eq(n->name, type)))
        return true;
    struct introspection_depth *d = &v->depth;
    if (!d->checked) {
        d->checked = depth_table(v);
        d->exceeded = depth_table(v);
        d->visited = depth_table(v);
        d->touched = rm_arena_alloc(v->a, (v->doc->items.count + 1) * sizeof *d->touched);
    }
    if (!d->checked || !d->exceeded || !d->visited || !d->touched)
        return true;
    while (d->ntouched) /* each check starts with nothing visited, as graphql-js's does */
        d->visited[d->touched[--d->ntouched]] = -1;
    if (!depth_exceeded(v, &v->depth, n, 0))
        return true;
    report1(v, "Maximum introspection depth exceeded", n->start);
    return false;
}

/* A rule's hooks: enter answers false to skip the node's subtree for this rule. */
struct rule {
    bool (*enter)(struct validator *v, const struct gql_node *n, const struct scope *sc);
    void (*leave)(struct validator *v, const struct gql_node *n, const struct scope *sc);
};

static bool no_enter(struct validator *v, const struct gql_node *n, const struct scope *sc)
{
    (void)v, (void)n, (void)sc;
    return true;
}

/* specifiedRules order; the rules not yet here are listed in the issue's note. */
static const struct rule rules[] = {
    { executable_definitions, NULL },
    { unique_operation_names, NULL },
    { lone_anonymous_operation, NULL },
    { single_field_subscriptions, NULL },
    { known_type_names, NULL },
    { fragments_on_composite_types, NULL },
    { variables_are_input_types, NULL },
    { scalar_leafs, NULL },
    { fields_on_correct_type, NULL },
    { unique_fragment_names, NULL },
    { known_fragment_names, NULL },
    { no_unused_fragments, no_unused_fragments_leave },
    { possible_fragment_spreads, NULL },
    { no_fragment_cycles, NULL },
    { unique_variable_names, NULL },
    { no_enter, no_undefined_variables_leave },
    { no_enter, no_unused_variables_leave },
    { known_directives, NULL },
    { unique_directives_per_location, NULL },
    { known_argument_names, NULL },
    { unique_argument_names, NULL },
    { values_of_correct_type, NULL },
    { no_enter, provided_required_arguments_leave },
    { no_enter, variables_in_allowed_position_leave },
    { unique_input_field_names, NULL },
    { max_introspection_depth, NULL },
};
#define NRULES (sizeof rules / sizeof rules[0])

/* ---- the walk ---- */

struct walk {
    struct validator *v;
    const struct gql_node *skipping[NRULES];
    struct usage_list *usages; /* set: only collect variable usages, run no rule */
};

static bool is_input_type(const struct gql_type *t)
{
    return t && is_input(t);
}

/* Moves the scope's input type to t (TypeInfo's input type stack: the old top becomes the
 * parent input type). */
static void push_input(struct scope *sc, struct gql_type *t, bool has_default)
{
    sc->parent_input_type = sc->input_type;
    sc->input_type = is_input_type(t) ? t : NULL;
    sc->has_default = has_default;
}

/* TypeInfo.enter: the scope inside n, from the scope around it. */
static struct scope enter_scope(const struct validator *v, const struct gql_node *n,
                                const struct scope *outer)
{
    struct scope sc = *outer;
    sc.node = n;
    sc.parent = outer->node;
    sc.grandparent = outer->parent;
    if (outer->node && outer->node->kind == GQL_KIND_DOCUMENT)
        sc.in_sdl = !is_executable(n);
    switch (n->kind) {
    case GQL_KIND_DIRECTIVE:
        sc.directive = gql_schema_directive(v->schema, n->name.p, n->name.len);
        sc.defined_directive = document_directive(v, n->name);
        break;
    case GQL_KIND_ARGUMENT: {
        struct gql_input_value *args = sc.directive ? sc.directive->args
                                       : sc.field   ? sc.field->args
                                                    : NULL;
        uint32_t nargs = sc.directive ? sc.directive->nargs : sc.field ? sc.field->nargs : 0;
        sc.argument = NULL;
        for (uint32_t i = 0; i < nargs; i++)
            if (strlen(args[i].name) == n->name.len &&
                !memcmp(args[i].name, n->name.p, n->name.len))
                sc.argument = &args[i];
        push_input(&sc, sc.argument ? sc.argument->type : NULL,
                   sc.argument && sc.argument->default_value);
        break;
    }
    case GQL_KIND_VARIABLE_DEFINITION:
        push_input(&sc, type_from_ast((struct validator *)v, n->type), false);
        sc.has_default = outer->has_default; /* TypeInfo pushes no default here */
        break;
    case GQL_KIND_LIST: {
        struct gql_type *list = outer->input_type;
        if (list && list->kind == GQL_TYPE_NON_NULL)
            list = list->of_type;
        push_input(&sc, list && list->kind == GQL_TYPE_LIST ? list->of_type : list, false);
        break;
    }
    case GQL_KIND_OBJECT_FIELD: {
        struct gql_type *object = outer->input_type ? gql_named_type(outer->input_type) : NULL;
        const struct gql_input_value *field = NULL;
        for (uint32_t i = 0; object && object->kind == GQL_TYPE_INPUT_OBJECT &&
                             i < object->ninput_fields;
             i++)
            if (strlen(object->input_fields[i].name) == n->name.len &&
                !memcmp(object->input_fields[i].name, n->name.p, n->name.len))
                field = &object->input_fields[i];
        push_input(&sc, field ? field->type : NULL, field && field->default_value);
        break;
    }
    case GQL_KIND_SELECTION_SET: {
        struct gql_type *named = outer->type ? gql_named_type(outer->type) : NULL;
        sc.parent_type = is_composite(named) ? named : NULL;
        break;
    }
    case GQL_KIND_FIELD: {
        sc.field = gql_schema_field(v->schema, outer->parent_type, n->name.p, n->name.len);
        sc.type = sc.field ? sc.field->type : NULL;
        break;
    }
    case GQL_KIND_OPERATION_DEFINITION:
        sc.type = gql_schema_root(v->schema, n->operation);
        break;
    case GQL_KIND_INLINE_FRAGMENT:
    case GQL_KIND_FRAGMENT_DEFINITION: {
        struct gql_type *t = n->type ? named_type_of(v, n->type)
                                     : (outer->type ? gql_named_type(outer->type) : NULL);
        sc.type = t && t->kind != GQL_TYPE_INPUT_OBJECT ? t : NULL;
        break;
    }
    default:
        break;
    }
    return sc;
}

static void walk_node(struct walk *w, const struct gql_node *n, const struct scope *outer);

static void walk_list(struct walk *w, const struct gql_nodes *list, const struct scope *sc)
{
    for (uint32_t i = 0; i < list->count && !w->v->aborted; i++)
        walk_node(w, list->items[i], sc);
}

static void walk_children(struct walk *w, const struct gql_node *n, const struct scope *sc)
{
    /* graphql-js's QueryDocumentKeys order; names are not nodes here. */
    switch (n->kind) {
    case GQL_KIND_DOCUMENT:
        for (uint32_t i = 0; i < n->items.count && !w->v->aborted; i++) {
            w->v->definition = i;
            walk_node(w, n->items.items[i], sc);
        }
        return;
    case GQL_KIND_SELECTION_SET:
    case GQL_KIND_LIST:
    case GQL_KIND_OBJECT:
        walk_list(w, &n->items, sc);
        return;
    case GQL_KIND_OPERATION_DEFINITION:
        walk_list(w, &n->args, sc);
        walk_list(w, &n->directives, sc);
        if (n->selections)
            walk_node(w, n->selections, sc);
        return;
    case GQL_KIND_VARIABLE_DEFINITION:
        walk_node(w, n->type, sc);
        if (n->value)
            walk_node(w, n->value, sc);
        walk_list(w, &n->directives, sc);
        return;
    case GQL_KIND_FIELD:
        walk_list(w, &n->args, sc);
        walk_list(w, &n->directives, sc);
        if (n->selections)
            walk_node(w, n->selections, sc);
        return;
    case GQL_KIND_ARGUMENT:
    case GQL_KIND_OBJECT_FIELD:
        walk_node(w, n->value, sc);
        return;
    case GQL_KIND_FRAGMENT_SPREAD:
        walk_list(w, &n->directives, sc);
        return;
    case GQL_KIND_INLINE_FRAGMENT:
    case GQL_KIND_FRAGMENT_DEFINITION:
        if (n->type)
            walk_node(w, n->type, sc);
        walk_list(w, &n->directives, sc);
        if (n->selections)
            walk_node(w, n->selections, sc);
        return;
    case GQL_KIND_DIRECTIVE:
        walk_list(w, &n->args, sc);
        return;
    case GQL_KIND_LIST_TYPE:
    case GQL_KIND_NON_NULL_TYPE:
        walk_node(w, n->type, sc);
        return;
    case GQL_KIND_SCHEMA_DEFINITION:
    case GQL_KIND_SCHEMA_EXTENSION:
    case GQL_KIND_ENUM_TYPE_DEFINITION:
    case GQL_KIND_ENUM_TYPE_EXTENSION:
    case GQL_KIND_INPUT_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_INPUT_OBJECT_TYPE_EXTENSION:
    case GQL_KIND_SCALAR_TYPE_DEFINITION:
    case GQL_KIND_SCALAR_TYPE_EXTENSION:
    case GQL_KIND_ENUM_VALUE_DEFINITION:
        walk_list(w, &n->directives, sc);
        walk_list(w, &n->items, sc);
        return;
    case GQL_KIND_OBJECT_TYPE_DEFINITION:
    case GQL_KIND_OBJECT_TYPE_EXTENSION:
    case GQL_KIND_INTERFACE_TYPE_DEFINITION:
    case GQL_KIND_INTERFACE_TYPE_EXTENSION:
        walk_list(w, &n->members, sc); /* interfaces */
        walk_list(w, &n->directives, sc);
        walk_list(w, &n->items, sc);
        return;
    case GQL_KIND_UNION_TYPE_DEFINITION:
    case GQL_KIND_UNION_TYPE_EXTENSION:
        walk_list(w, &n->directives, sc);
        walk_list(w, &n->members, sc);
        return;
    case GQL_KIND_OPERATION_TYPE_DEFINITION:
        walk_node(w, n->type, sc);
        return;
    case GQL_KIND_FIELD_DEFINITION:
        walk_list(w, &n->args, sc);
        walk_node(w, n->type, sc);
        walk_list(w, &n->directives, sc);
        return;
    case GQL_KIND_INPUT_VALUE_DEFINITION:
        walk_node(w, n->type, sc);
        if (n->value)
            walk_node(w, n->value, sc);
        walk_list(w, &n->directives, sc);
        return;
    case GQL_KIND_DIRECTIVE_DEFINITION:
        walk_list(w, &n->args, sc); /* its locations are names, not nodes graphql-js visits */
        return;
    default:
        return;
    }
}

static void push_usage(struct validator *v, struct usage_list *list, struct usage u)
{
    struct usage *items =
        room_for_one_more(v->a, list->items, list->count, &list->cap, sizeof *items);
    if (!items)
        return;
    list->items = items;
    list->items[list->count++] = u;
}

static void walk_node(struct walk *w, const struct gql_node *n, const struct scope *outer)
{
    struct scope sc = enter_scope(w->v, n, outer);
    if (w->usages) { /* graphql-js getVariableUsages: VariableDefinition => false */
        if (n->kind == GQL_KIND_VARIABLE)
            push_usage(w->v, w->usages,
                       (struct usage){ n, sc.input_type, sc.parent_input_type, sc.has_default });
        else if (n->kind != GQL_KIND_VARIABLE_DEFINITION)
            walk_children(w, n, &sc);
        return;
    }
    for (size_t i = 0; i < NRULES && !w->v->aborted; i++)
        if (!w->skipping[i] && !rules[i].enter(w->v, n, &sc))
            w->skipping[i] = n;
    walk_children(w, n, &sc);
    for (size_t i = 0; i < NRULES && !w->v->aborted; i++) {
        if (w->skipping[i] == n)
            w->skipping[i] = NULL;
        else if (!w->skipping[i] && rules[i].leave)
            rules[i].leave(w->v, n, &sc);
    }
}

static const struct usage_list *usages_of(struct validator *v, uint32_t def)
{
    if (!v->usages && !(v->usages = rm_arena_calloc(v->a, v->doc->items.count, sizeof(void *))))
        return NULL;
    if (!v->usages[def] && (v->usages[def] = rm_arena_calloc(v->a, 1, sizeof *v->usages[def]))) {
        struct walk w = { .v = v, .usages = v->usages[def] };
        struct scope top = { 0 };
        walk_node(&w, v->doc->items.items[def], &top);
    }
    return v->usages[def];
}

static int by_offset(const void *x, const void *y)
{
    uint32_t a = ((const struct pending_location *)x)->offset;
    uint32_t b = ((const struct pending_location *)y)->offset;
    return a < b ? -1 : a > b;
}

static void locate_errors(struct validator *v)
{
    if (!v->npending)
        return;
    qsort(v->pending, v->npending, sizeof *v->pending, by_offset);
    uint32_t *offsets = rm_arena_alloc(v->a, v->npending * sizeof *offsets);
    struct gql_location *found = rm_arena_alloc(v->a, v->npending * sizeof *found);
    for (uint32_t i = 0; offsets && found && i < v->npending; i++)
        offsets[i] = v->pending[i].offset;
    if (offsets && found)
        gql_locations_of(v->src, v->len, offsets, v->npending, found);
    for (uint32_t i = 0; i < v->npending; i++)
        *v->pending[i].slot = offsets && found ? found[i] : (struct gql_location){ 0, 0 };
}

uint32_t gql_validate(const struct gql_schema *schema, const struct gql_node *doc,
                      const char *source, size_t len, struct rm_arena *a,
                      const struct gql_error **errors)
{
    struct validator v = { .schema = schema, .doc = doc, .src = source, .len = len, .a = a };
    index_fragments(&v);
    struct walk w = { .v = &v };
    struct scope top = { 0 };
    walk_node(&w, doc, &top);
    locate_errors(&v);
    *errors = v.errors;
    return v.nerrors;
}
