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
 * deriving its own from its parent's, which is what TypeInfo's push/pop amounts to. Rules
 * that follow fragments keep their own bounds (NoFragmentCycles: F-GQL-002;
 * OverlappingFieldsCanBeMerged: MAX_CONFLICT_DEPTH and a stack of its own).
 */
#include "graphql/gql_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* graphql-js stops after 100 errors with this one (validate's maxErrors). */
#define MAX_ERRORS 100
#define TOO_MANY_ERRORS "Too many validation errors, error limit reached. Validation aborted."
/* ... and this one when a rule has done too much work (validationAbortedError). */
#define VALIDATION_ABORTED "Validation aborted."

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
struct overlap;
struct reach_memo;

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
    struct gql__errors errors;          /* located at the end, all in one pass */
    bool aborted;
    /* per-rule state */
    uint32_t operation_count;           /* LoneAnonymousOperation */
    struct seen_set operation_names;    /* UniqueOperationNames */
    struct seen_set fragment_names;     /* UniqueFragmentNames */
    struct cycles *cycles;              /* NoFragmentCycles */
    struct introspection_depth depth;   /* MaxIntrospectionDepth */
    struct usage_list **usages;         /* by definition index, computed once */
    uint32_t definition;                /* the index of the definition being walked */
    bool has_directive_definitions;     /* (rare in a request: only then are they searched) */
    struct seen_set schema_directives;  /* UniqueDirectivesPerLocation: the schema's, */
    struct seen_set type_directives;    /* and each type's across its extensions */
    int *fragment_slots;                /* fragment definitions by name (index_fragments) */
    uint32_t fragment_slot_mask;
    struct overlap *overlap;            /* OverlappingFieldsCanBeMerged's memos */
    struct reach_memo *reaches;         /* reachable fragments, by direct spreads */
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

static bool str_eq(struct gql_str x, struct gql_str y)
{
    return x.len == y.len && memcmp(x.p, y.p, x.len) == 0;
}

/* Byte order, as JavaScript's < orders ASCII names: a prefix first. */
static int str_compare(struct gql_str x, struct gql_str y)
{
    int c = memcmp(x.p, y.p, x.len < y.len ? x.len : y.len);
    return c ? c : (x.len > y.len) - (x.len < y.len);
}

static uint32_t offset_of(const struct validator *v, struct gql_str name)
{
    return (uint32_t)(name.p - v->src);
}

/* Appends message at the given source offsets (graphql-js: one location per node). */
static void add_error(struct validator *v, const char *message, const uint32_t *at, uint32_t nat)
{
    if (!gql__error_add(v->a, &v->errors, message, at, nat, NULL))
        v->aborted = true;
}

/* Reports message at the given source offsets. After 100 errors graphql-js adds its own,
 * without locations, and aborts the validation. */
static void report(struct validator *v, const char *message, const uint32_t *at, uint32_t nat)
{
    if (v->aborted)
        return;
    if (v->errors.count == MAX_ERRORS) {
        add_error(v, TOO_MANY_ERRORS, NULL, 0);
        v->aborted = true;
        return;
    }
    add_error(v, message, at, nat);
}

/* Ends the validation as graphql-js's validate() does when a rule throws its
 * validationAbortedError: that error last, without locations, whatever the count so far. */
static void abort_validation(struct validator *v)
{
    if (!v->aborted)
        add_error(v, VALIDATION_ABORTED, NULL, 0);
    v->aborted = true;
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

/* The entry named name, or NULL. */
static const struct seen *seen_find(const struct seen_set *set, struct gql_str name)
{
    const struct seen *found = set->cap ? seen_slot(set, name) : NULL;
    return found && found->name.p ? found : NULL;
}

/* The earlier entry named name, or NULL after adding it with at (a source offset, or
 * whatever the set's user keeps there). */
static const struct seen *seen_or_add(struct validator *v, struct seen_set *set,
                                      struct gql_str name, uint32_t at)
{
    const struct seen *earlier = seen_find(set, name);
    if (earlier)
        return earlier;
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

/* A hash table keyed by a pair of pointers or indexes, for the Maps graphql-js memoizes in
 * (open addressing; cap a power of two, at most half full). Each entry holds what its user
 * needs: a pointer, or a flag. */
struct pair_entry {
    uintptr_t x, y;
    const void *value;
    bool flag;
    bool used;
};

struct pair_map {
    struct pair_entry *slots;
    uint32_t count, cap;
};

static struct pair_entry *pair_slot(const struct pair_map *m, uintptr_t x, uintptr_t y)
{
    uint64_t h = ((uint64_t)x * 0x9e3779b97f4a7c15u) ^ ((uint64_t)y * 0xc2b2ae3d27d4eb4fu);
    uint32_t i = (uint32_t)(h ^ (h >> 29)) & (m->cap - 1);
    while (m->slots[i].used && (m->slots[i].x != x || m->slots[i].y != y))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

/* The entry for (x, y), or NULL. */
static struct pair_entry *pair_find(const struct pair_map *m, uintptr_t x, uintptr_t y)
{
    struct pair_entry *e = m->cap ? pair_slot(m, x, y) : NULL;
    return e && e->used ? e : NULL;
}

/* The entry for (x, y), added empty when there is none; NULL when out of memory. It stays
 * valid until the next entry is added. */
static struct pair_entry *pair_add(struct validator *v, struct pair_map *m, uintptr_t x,
                                   uintptr_t y)
{
    struct pair_entry *e = pair_find(m, x, y);
    if (e)
        return e;
    if ((m->count + 1) * 2 > m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 16;
        struct pair_map grown = { rm_arena_calloc(v->a, cap, sizeof *grown.slots), m->count, cap };
        if (!grown.slots)
            return NULL;
        for (uint32_t i = 0; i < m->cap; i++)
            if (m->slots[i].used)
                *pair_slot(&grown, m->slots[i].x, m->slots[i].y) = m->slots[i];
        *m = grown;
    }
    e = pair_slot(m, x, y);
    *e = (struct pair_entry){ .x = x, .y = y, .used = true };
    m->count++;
    return e;
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

/* The named type a type reference ends in, or NULL when the schema has none. */
static struct gql_type *named_type_of(const struct validator *v, const struct gql_node *t)
{
    while (t->kind != GQL_KIND_NAMED_TYPE)
        t = t->type;
    return gql_schema_type(v->schema, t->name.p, t->name.len);
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
        gql__room_for_one_more(v->a, list->items, list->count, &list->cap, sizeof *items);
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

/* A reach already computed, by the set of fragment names the operations spread directly:
 * graphql-js 16.15 memoises getRecursivelyReferencedFragmentsForOperations by that set, so
 * a later operation spreading the same names in another order gets the first one's order. */
struct reach_memo {
    struct gql_str *names; /* sorted, distinct */
    uint32_t count;
    struct reach reach;
    struct reach_memo *next;
};

static int by_str(const void *x, const void *y)
{
    return str_compare(*(const struct gql_str *)x, *(const struct gql_str *)y);
}

/* The sorted, distinct names spread directly by op (or every operation when op is NULL). */
static struct gql_str *direct_spread_names(struct validator *v, const struct gql_node *op,
                                           uint32_t *count)
{
    struct node_list spreads = { 0 };
    for (uint32_t i = 0; i < v->doc->items.count; i++) {
        const struct gql_node *def = v->doc->items.items[i];
        if (op ? def == op : def->kind == GQL_KIND_OPERATION_DEFINITION)
            collect_spreads(v, def->selections, &spreads);
    }
    struct gql_str *names = rm_arena_alloc(v->a, (spreads.count + 1) * sizeof *names);
    if (!names)
        return NULL;
    for (uint32_t i = 0; i < spreads.count; i++)
        names[i] = spreads.items[i]->name;
    qsort(names, spreads.count, sizeof *names, by_str);
    uint32_t n = 0;
    for (uint32_t i = 0; i < spreads.count; i++)
        if (n == 0 || !str_eq(names[n - 1], names[i]))
            names[n++] = names[i];
    *count = n;
    return names;
}

/* From one operation, or from every one when op is NULL. False when out of memory. */
static bool reachable_fragments(struct validator *v, const struct gql_node *op, struct reach *r)
{
    uint32_t nnames;
    struct gql_str *names = direct_spread_names(v, op, &nnames);
    if (!names)
        return false;
    for (const struct reach_memo *m = v->reaches; m; m = m->next) {
        bool same = m->count == nnames;
        for (uint32_t i = 0; same && i < nnames; i++)
            same = str_eq(m->names[i], names[i]);
        if (same) {
            *r = m->reach;
            return true;
        }
    }
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
    struct reach_memo *m = rm_arena_alloc(v->a, sizeof *m);
    if (m) {
        *m = (struct reach_memo){ names, nnames, *r, v->reaches };
        v->reaches = m;
    }
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
    const char *type = gql__type_node_string(v->a, n->type);
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
                                cut(v, n->name), gql__type_node_string(v->a, n->type)),
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
                                    name, gql__type_string(v->a, sc->type)),
                    n->selections->start);
    } else if (!n->selections) {
        report1(v,
                rm_arena_printf(v->a,
                                "Field \"%s\" of type \"%s\" must have a selection of "
                                "subfields. Did you mean \"%s { ... }\"?",
                                name, gql__type_string(v->a, sc->type), name),
                n->start);
    } else if (n->selections->items.count == 0) {
        report1(v,
                rm_arena_printf(v->a,
                                "Field \"%s\" of type \"%s\" must have at least one field "
                                "selected.",
                                name, gql__type_string(v->a, sc->type)),
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
    switch (type->scalar) {
    case GQL_SCALAR_CUSTOM: /* any literal (valueFromASTUntyped) */
        return NULL;
    case GQL_SCALAR_INT: {
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
    case GQL_SCALAR_FLOAT:
        return n->kind == GQL_KIND_FLOAT || n->kind == GQL_KIND_INT
                   ? NULL
                   : rm_arena_printf(v->a, "Float cannot represent non numeric value: %s", printed);
    case GQL_SCALAR_STRING:
    case GQL_SCALAR_CUSTOM_STRING:
        return n->kind == GQL_KIND_STRING
                   ? NULL
                   : rm_arena_printf(v->a, "%s cannot represent a non string value: %s",
                                     type->name, printed);
    case GQL_SCALAR_BOOLEAN:
        return n->kind == GQL_KIND_BOOLEAN
                   ? NULL
                   : rm_arena_printf(v->a, "Boolean cannot represent a non boolean value: %s",
                                     printed);
    case GQL_SCALAR_ID:
        return n->kind == GQL_KIND_STRING || n->kind == GQL_KIND_INT
                   ? NULL
                   : rm_arena_printf(v->a,
                                     "ID cannot represent a non-string and non-integer value: %s",
                                     printed);
    }
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
                                        gql__type_string(v->a, location), printed);
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
                                        type->name, f->name, gql__type_string(v->a, f->type)),
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
                                    gql__type_string(v->a, sc->input_type)),
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
                                    gql__type_node_string(v->a, arg->type)),
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
                                    what, at, name, args[i].name, gql__type_string(v->a, args[i].type)),
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
        struct gql_type *var_type = gql__type_from_ast(v->a, v->schema, def->type);
        if (!var_type)
            continue;
        const char *name = cut(v, u->var->name);
        if (!allowed_variable_usage(var_type, def->value, u))
            report2(v,
                    rm_arena_printf(v->a,
                                    "Variable \"$%s\" of type \"%s\" used in position "
                                    "expecting type \"%s\".",
                                    name, gql__type_string(v->a, var_type), gql__type_string(v->a, u->type)),
                    def->start, u->var->start);
        if (u->parent_type && u->parent_type->kind == GQL_TYPE_INPUT_OBJECT &&
            u->parent_type->one_of && var_type->kind != GQL_TYPE_NON_NULL)
            report2(v,
                    rm_arena_printf(v->a,
                                    "Variable \"$%s\" is of type \"%s\" but must be "
                                    "non-nullable to be used for OneOf Input Object \"%s\".",
                                    name, gql__type_string(v->a, var_type), u->parent_type->name),
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

/* OverlappingFieldsCanBeMerged, as graphql-js 16.15's rule does it: the same comparisons in
 * the same order, and the same memos, for they decide how much of its complexity budget a
 * document spends; past the budget graphql-js aborts the whole validation. */
#define MAX_CONFLICT_DETAIL_LENGTH 1000 /* longer names and reasons end in "..." */
#define MAX_CONFLICT_NODES 20           /* locations of a conflict, per side */
#define MAX_COMPLEXITY_BUDGET 500000
/* Field comparisons nest once per level of subfields, through fragments too, so deeper than
 * the document. graphql-js recurses and overflows its stack near 650 levels (a chain of
 * fragment pairs), a 500 there (F-GQL-002); past this depth the validation is aborted as
 * past the budget, rather than the C stack exhausted (about 1 KiB a level). */
#define MAX_CONFLICT_DEPTH 1000

/* A field as graphql-js's collectFields records it (FieldDetails). */
struct field_detail {
    const struct gql_type *parent_type; /* the type it is selected on (NULL: unknown) */
    const struct gql_node *node;
    const struct gql_field *def;        /* NULL when parent_type declares no such field */
    bool simple_leaf;                   /* no arguments and no selections */
    struct seen_set args;               /* argument name -> its last index, once compared */
};

/* The fields of one response name, in document order. */
struct field_group {
    struct gql_str name;
    struct field_detail *fields;
    uint32_t count, cap;
};

/* graphql-js's CollectFieldsResult: a selection set's fields by response name, inline
 * fragments flattened into it, and the fragments it spreads. */
struct collected {
    struct field_group *groups; /* in first-seen order (the order of a JavaScript Map) */
    uint32_t ngroups, groups_cap;
    struct seen_set group_of;   /* response name -> index in groups */
    int *fragments;             /* each name once, as fragment_index (-1: unknown) */
    uint32_t nfragments, fragments_cap;
};

/* A conflict: the response name, why, and the fields on each side (graphql-js Conflict). */
struct conflict {
    struct gql_str name;
    const char *reason;
    struct node_list fields1, fields2;
};

struct conflict_list {
    struct conflict *items;
    uint32_t count, cap;
};

/* The response names two collections share (graphql-js getOverlappingFields). */
struct overlap_pair {
    const struct field_group *g1, *g2;
};

struct overlap_list {
    struct overlap_pair *items;
    uint32_t count, cap;
};

/* A comparison with a fragment whose own spreads are still to compare (see
 * compare_fragments). */
struct fragment_frame {
    int f1, f2;                /* the fragments compared (f1 unused against fields) */
    struct collected *c1, *c2; /* their fields; c1 NULL: fields against fragment f2 */
    uint32_t next;             /* the next spread to compare */
};

/* The rule's state for the whole document (graphql-js's ruleContext and the caches it hangs
 * on collections and fields). Fragments are known by their index: a spread of an unknown
 * fragment (-1) only spends budget on entry, whichever name it has. */
struct overlap {
    struct pair_map collected;      /* (parent type, selection set) -> struct collected */
    struct pair_map fragment_pairs; /* comparedFragmentPairs: (f1, f2) -> flag: exclusive */
    struct pair_map with_fields;    /* comparedFragments: (collected, fragment) -> likewise */
    struct pair_map overlapping;    /* (collected, collected) -> struct overlap_list */
    struct pair_map reasons;        /* fieldInfo.comparisons: (field, field) -> reason, NULL */
    struct pair_map stringified;    /* (value node, 0) -> struct gql_str (stringifyValue) */
    struct {
        struct fragment_frame *items;
        uint32_t count, cap;
    } frames;                       /* the fragment comparisons under way, all nestings */
    int64_t budget;                 /* remainingComplexityBudget */
    uint32_t depth;                 /* field comparisons nested */
};

/* graphql-js spendComplexityBudget: false (the validation aborted) once it is spent. */
static bool spend(struct validator *v, int64_t cost)
{
    v->overlap->budget -= cost;
    if (v->overlap->budget < 0)
        abort_validation(v);
    return !v->aborted;
}

/* graphql-js maybeAbbreviate (the text is ASCII: names and fixed words). */
static const char *abbreviate(struct validator *v, const char *s, size_t len)
{
    return len > MAX_CONFLICT_DETAIL_LENGTH
               ? rm_arena_printf(v->a, "%.*s...", MAX_CONFLICT_DETAIL_LENGTH, s)
               : rm_arena_strndup(v->a, s, len);
}

static bool is_object(const struct gql_type *t)
{
    return t && t->kind == GQL_TYPE_OBJECT;
}

static void add_field(struct validator *v, struct collected *c, const struct gql_type *type,
                      const struct gql_node *field)
{
    struct gql_str key = field->alias.len ? field->alias : field->name;
    struct field_group *groups =
        gql__room_for_one_more(v->a, c->groups, c->ngroups, &c->groups_cap, sizeof *groups);
    if (!groups)
        return;
    c->groups = groups;
    const struct seen *known = seen_or_add(v, &c->group_of, key, c->ngroups);
    struct field_group *g = known ? &c->groups[known->at] : &c->groups[c->ngroups++];
    if (!known)
        *g = (struct field_group){ .name = key };
    struct field_detail *fields =
        gql__room_for_one_more(v->a, g->fields, g->count, &g->cap, sizeof *fields);
    if (!fields)
        return;
    g->fields = fields;
    bool has_fields = type && (type->kind == GQL_TYPE_OBJECT || type->kind == GQL_TYPE_INTERFACE);
    g->fields[g->count++] = (struct field_detail){
        .parent_type = type,
        .node = field,
        .def = has_fields ? gql_type_field(type, field->name.p, field->name.len) : NULL,
        .simple_leaf = !field->args.count && !field->selections,
    };
}

/* graphql-js _collectFieldsImpl: no directive is looked at. */
static void collect_into(struct validator *v, struct collected *c, struct seen_set *spread,
                         const struct gql_type *type, const struct gql_node *set)
{
    for (uint32_t i = 0; i < set->items.count; i++) {
        const struct gql_node *sel = set->items.items[i];
        if (sel->kind == GQL_KIND_FIELD) {
            add_field(v, c, type, sel);
        } else if (sel->kind == GQL_KIND_INLINE_FRAGMENT) {
            collect_into(v, c, spread, sel->type ? named_type_of(v, sel->type) : type,
                         sel->selections);
        } else if (!seen_or_add(v, spread, sel->name, 0)) {
            int *fragments = gql__room_for_one_more(v->a, c->fragments, c->nfragments,
                                               &c->fragments_cap, sizeof *fragments);
            if (!fragments)
                return;
            c->fragments = fragments;
            c->fragments[c->nfragments++] = fragment_index(v, sel->name);
        }
    }
}

/* graphql-js collectFields, memoized by parent type and selection set; NULL (and the
 * validation aborted) when out of memory. */
static struct collected *collect_fields(struct validator *v, const struct gql_type *type,
                                        const struct gql_node *set)
{
    struct pair_entry *memo =
        pair_add(v, &v->overlap->collected, (uintptr_t)type, (uintptr_t)set);
    struct collected *c = memo && !memo->value ? rm_arena_calloc(v->a, 1, sizeof *c) : NULL;
    if (c) {
        struct seen_set spread = { 0 };
        collect_into(v, c, &spread, type, set);
        memo->value = c;
    }
    if (!memo || !memo->value)
        v->aborted = true;
    return memo ? (struct collected *)memo->value : NULL;
}

/* graphql-js collectFragmentFields: on the type the fragment names. */
static struct collected *fragment_fields(struct validator *v, int f)
{
    const struct gql_node *fragment = v->doc->items.items[f];
    return collect_fields(v, named_type_of(v, fragment->type), fragment->selections);
}

static void push_conflict(struct validator *v, struct conflict_list *out, struct conflict c)
{
    struct conflict *items = gql__room_for_one_more(v->a, out->items, out->count, &out->cap,
                                               sizeof *items);
    if (!items) {
        v->aborted = true;
        return;
    }
    out->items = items;
    out->items[out->count++] = c;
}

/* A conflict between two fields themselves. */
static void push_field_conflict(struct validator *v, struct conflict_list *out,
                                struct gql_str name, const char *reason,
                                const struct gql_node *n1, const struct gql_node *n2)
{
    struct conflict c = { name, reason, { 0 }, { 0 } };
    push_node(v, &c.fields1, n1);
    push_node(v, &c.fields2, n2);
    push_conflict(v, out, c);
}

static void put_part(struct validator *v, struct gql__buf *b, char tag, struct gql_str s)
{
    char head[16];
    int n = snprintf(head, sizeof head, "%c%u:", tag, s.len);
    gql__buf_put(v->a, b, head, (uint32_t)n);
    gql__buf_put(v->a, b, s.p, s.len);
}

struct sorted_field {
    const struct gql_node *field;
    uint32_t index;
};

/* By name as JavaScript's < orders ASCII, then in document order (its sort is stable). */
static int by_name(const void *x, const void *y)
{
    const struct sorted_field *a = x, *b = y;
    int c = str_compare(a->field->name, b->field->name);
    return c ? c : a->index < b->index ? -1 : a->index > b->index;
}

/* Writes value in a form equal for two values exactly when graphql-js's stringifyValue
 * JSON is: the kind and text of each node, object fields sorted by name, block strings
 * apart from others. Each part is tagged and length-prefixed, so no two values share one. */
static void stringify_into(struct validator *v, struct gql__buf *b, const struct gql_node *n)
{
    static const struct gql_str none = { "", 0 };
    switch (n->kind) {
    case GQL_KIND_LIST:
        gql__buf_put(v->a, b, "[", 1);
        for (uint32_t i = 0; i < n->items.count; i++)
            stringify_into(v, b, n->items.items[i]);
        gql__buf_put(v->a, b, "]", 1);
        return;
    case GQL_KIND_OBJECT: {
        struct sorted_field *fields =
            rm_arena_alloc(v->a, (n->items.count + 1) * sizeof *fields);
        if (!fields) {
            b->failed = true;
            return;
        }
        for (uint32_t i = 0; i < n->items.count; i++)
            fields[i] = (struct sorted_field){ n->items.items[i], i };
        qsort(fields, n->items.count, sizeof *fields, by_name);
        gql__buf_put(v->a, b, "{", 1);
        for (uint32_t i = 0; i < n->items.count; i++) {
            put_part(v, b, 'k', fields[i].field->name);
            stringify_into(v, b, fields[i].field->value);
        }
        gql__buf_put(v->a, b, "}", 1);
        return;
    }
    case GQL_KIND_VARIABLE:
        put_part(v, b, '$', n->name);
        return;
    case GQL_KIND_STRING:
        put_part(v, b, n->flag ? 'B' : 's', n->text);
        return;
    case GQL_KIND_BOOLEAN:
        put_part(v, b, n->flag ? 't' : 'f', none);
        return;
    case GQL_KIND_NULL:
        put_part(v, b, 'n', none);
        return;
    default: /* INT, FLOAT, ENUM: their text as written */
        put_part(v, b, n->kind == GQL_KIND_INT ? 'i' : n->kind == GQL_KIND_FLOAT ? 'd' : 'e',
                 n->text);
        return;
    }
}

/* graphql-js stringifyValue, memoized by node; NULL when out of memory. */
static const struct gql_str *stringify(struct validator *v, const struct gql_node *value)
{
    struct pair_entry *memo = pair_add(v, &v->overlap->stringified, (uintptr_t)value, 0);
    if (memo && !memo->value) {
        struct gql__buf b = { 0 };
        stringify_into(v, &b, value);
        struct gql_str *s = b.failed ? NULL : rm_arena_alloc(v->a, sizeof *s);
        if (s)
            *s = (struct gql_str){ b.p ? b.p : "", b.len };
        memo->value = s;
    }
    return memo ? memo->value : NULL;
}

/* graphql-js sameArguments: as many arguments, each equal to the last of its name on the
 * other field. */
static bool same_arguments(struct validator *v, struct field_detail *d1, struct field_detail *d2)
{
    const struct gql_nodes *args1 = &d1->node->args, *args2 = &d2->node->args;
    if (!args1->count || args1->count != args2->count)
        return args1->count == args2->count;
    if (!d2->args.count) /* indexed once; the last argument of a name wins */
        for (uint32_t k = args2->count; k-- > 0;)
            seen_or_add(v, &d2->args, args2->items[k]->name, k);
    for (uint32_t i = 0; i < args1->count; i++) {
        if (!spend(v, 1))
            return false;
        const struct seen *other = seen_find(&d2->args, args1->items[i]->name);
        if (!other)
            return false;
        const struct gql_str *s1 = stringify(v, args1->items[i]->value);
        const struct gql_str *s2 = stringify(v, args2->items[other->at]->value);
        if (!s1 || !s2 || !str_eq(*s1, *s2))
            return false;
    }
    return true;
}

/* Why two fields of one response name on parents that may overlap cannot merge, or NULL;
 * graphql-js memoizes it per ordered pair (fieldInfo.comparisons). */
static const char *names_or_arguments_differ(struct validator *v, struct field_detail *d1,
                                             struct field_detail *d2)
{
    struct pair_entry *memo = pair_find(&v->overlap->reasons, (uintptr_t)d1, (uintptr_t)d2);
    if (memo)
        return memo->value;
    struct gql_str name1 = d1->node->name, name2 = d2->node->name;
    const char *reason =
        !str_eq(name1, name2)
            ? rm_arena_printf(v->a, "\"%s\" and \"%s\" are different fields",
                              abbreviate(v, name1.p, name1.len), abbreviate(v, name2.p, name2.len))
        : same_arguments(v, d1, d2) ? NULL
                                    : "they have differing arguments";
    memo = pair_add(v, &v->overlap->reasons, (uintptr_t)d1, (uintptr_t)d2);
    if (memo)
        memo->value = reason;
    return reason;
}

/* Whether graphql-js finds def1?.type === def2?.type. Its schema makes wrapper types per
 * field ([Int] twice is two objects); ours makes each once, so wrappers are the same object
 * for graphql-js only when both are the same field's. */
static bool same_type_object(const struct gql_field *def1, const struct gql_field *def2)
{
    if (!def1 || !def2 || def1 == def2)
        return def1 == def2;
    return def1->type == def2->type && def1->type->name;
}

/* graphql-js doTypesConflict, spending where it does: at each level where the two are
 * different objects to it (same_field: both are one field's type). */
static bool types_conflict(struct validator *v, const struct gql_type *t1,
                           const struct gql_type *t2, bool same_field)
{
    if (t1 == t2 && (same_field || t1->name))
        return false;
    if (!spend(v, 1))
        return false;
    if (t1->kind == GQL_TYPE_LIST)
        return t2->kind != GQL_TYPE_LIST || types_conflict(v, t1->of_type, t2->of_type, same_field);
    if (t2->kind == GQL_TYPE_LIST)
        return true;
    if (t1->kind == GQL_TYPE_NON_NULL)
        return t2->kind != GQL_TYPE_NON_NULL ||
               types_conflict(v, t1->of_type, t2->of_type, same_field);
    if (t2->kind == GQL_TYPE_NON_NULL)
        return true;
    return (is_leaf(t1) || is_leaf(t2)) && t1 != t2;
}

static void find_conflict(struct validator *v, struct conflict_list *out, bool parent_exclusive,
                          struct gql_str name, struct field_detail *d1, struct field_detail *d2);

/* Every conflict between two collections' fields of the same response name (graphql-js
 * collectConflictsBetween with getOverlappingFields, memoized per ordered pair). */
static void conflicts_between(struct validator *v, struct conflict_list *out, bool exclusive,
                              struct collected *c1, struct collected *c2)
{
    if (!c1->ngroups || !c2->ngroups)
        return;
    struct pair_entry *memo = pair_add(v, &v->overlap->overlapping, (uintptr_t)c1, (uintptr_t)c2);
    struct overlap_list *pairs = memo ? (struct overlap_list *)memo->value : NULL;
    if (memo && !pairs && (pairs = rm_arena_calloc(v->a, 1, sizeof *pairs))) {
        for (uint32_t i = 0; i < c1->ngroups && spend(v, 1); i++) {
            const struct seen *other = seen_find(&c2->group_of, c1->groups[i].name);
            struct overlap_pair *items = other ? gql__room_for_one_more(v->a, pairs->items, pairs->count,
                                                                   &pairs->cap, sizeof *items)
                                               : NULL;
            if (!items)
                continue;
            pairs->items = items;
            pairs->items[pairs->count++] = (struct overlap_pair){ &c1->groups[i],
                                                                  &c2->groups[other->at] };
        }
        if (!v->aborted)
            memo->value = pairs;
    }
    for (uint32_t p = 0; pairs && p < pairs->count; p++) {
        const struct field_group *g1 = pairs->items[p].g1, *g2 = pairs->items[p].g2;
        for (uint32_t i = 0; i < g1->count; i++)
            for (uint32_t j = 0; j < g2->count && !v->aborted; j++)
                find_conflict(v, out, exclusive, g1->name, &g1->fields[i], &g2->fields[j]);
    }
}

/* One step of compare_fragments: graphql-js's work for one call, before it recurses into
 * the fragments spread; true (and frame set) when those are to be compared. */
static bool fragment_step(struct validator *v, struct conflict_list *out, bool exclusive,
                          struct collected *fields, int f1, int f2, struct fragment_frame *frame)
{
    struct overlap *o = v->overlap;
    struct pair_entry *compared;
    if (fields) { /* collectConflictsBetweenFieldsAndFragment */
        if (!spend(v, 1) || !fields->ngroups)
            return false;
        compared = pair_find(&o->with_fields, (uintptr_t)fields, (uintptr_t)f2);
        /* only a comparison as not exclusive does for both */
        if (compared && (!compared->flag || exclusive))
            return false;
        compared = pair_add(v, &o->with_fields, (uintptr_t)fields, (uintptr_t)f2);
    } else { /* collectConflictsBetweenFragments: PairSet.has in either order */
        if (!spend(v, 2) || f1 == f2)
            return false;
        const struct pair_entry *ab = pair_find(&o->fragment_pairs, (uintptr_t)f1, (uintptr_t)f2);
        const struct pair_entry *ba = pair_find(&o->fragment_pairs, (uintptr_t)f2, (uintptr_t)f1);
        if ((ab && (exclusive || !ab->flag)) || (ba && (exclusive || !ba->flag)))
            return false;
        compared = pair_add(v, &o->fragment_pairs, (uintptr_t)f1, (uintptr_t)f2);
    }
    if (!compared) {
        v->aborted = true;
        return false;
    }
    compared->flag = exclusive;
    if (f2 < 0 || (!fields && f1 < 0))
        return false;
    struct collected *c1 = fields ? fields : fragment_fields(v, f1);
    struct collected *c2 = fragment_fields(v, f2);
    if (!c1 || !c2 || c1 == c2) /* (a fragment's fields are not compared with themselves) */
        return false;
    conflicts_between(v, out, exclusive, c1, c2);
    *frame = (struct fragment_frame){ f1, f2, fields ? NULL : c1, c2, 0 };
    return true;
}

/* Compares the fields `fields` with fragment f2 (graphql-js
 * collectConflictsBetweenFieldsAndFragment), or when fields is NULL fragments f1 and f2
 * (collectConflictsBetweenFragments); then, depth first, with the fragments f2 spreads, and
 * f1's with f2. graphql-js recurses once per fragment of a chain; the chain is as long as
 * the document makes it, so here the pending comparisons wait on o->frames. Its memos mark
 * each comparison before it recurses, so every one ends. */
static void compare_fragments(struct validator *v, struct conflict_list *out, bool exclusive,
                              struct collected *fields, int f1, int f2)
{
    struct overlap *o = v->overlap;
    uint32_t base = o->frames.count;
    struct fragment_frame next;
    bool more = fragment_step(v, out, exclusive, fields, f1, f2, &next);
    while (!v->aborted) {
        if (more) {
            struct fragment_frame *frames = gql__room_for_one_more(
                v->a, o->frames.items, o->frames.count, &o->frames.cap, sizeof *frames);
            if (!frames) {
                v->aborted = true;
                break;
            }
            o->frames.items = frames;
            o->frames.items[o->frames.count++] = next;
        }
        if (o->frames.count == base)
            break;
        /* a step may nest other comparisons and move the stack: index it afresh */
        struct fragment_frame *top = &o->frames.items[o->frames.count - 1];
        uint32_t n2 = top->c2->nfragments, n1 = top->c1 ? top->c1->nfragments : 0;
        if (top->next == n2 + n1) {
            o->frames.count--;
            more = false;
            continue;
        }
        uint32_t i = top->next++;
        int a = i < n2 ? top->f1 : top->c1->fragments[i - n2];
        int b = i < n2 ? top->c2->fragments[i] : top->f2;
        more = fragment_step(v, out, exclusive, fields, a, b, &next);
    }
    o->frames.count = base;
}

/* graphql-js findConflictsBetweenSubSelectionSets. */
static void sub_selection_conflicts(struct validator *v, struct conflict_list *out,
                                    bool exclusive, const struct gql_type *t1,
                                    const struct gql_node *set1, const struct gql_type *t2,
                                    const struct gql_node *set2)
{
    struct collected *c1 = collect_fields(v, t1, set1);
    struct collected *c2 = collect_fields(v, t2, set2);
    if (!c1 || !c2)
        return;
    conflicts_between(v, out, exclusive, c1, c2);
    for (uint32_t j = 0; j < c2->nfragments && !v->aborted; j++)
        compare_fragments(v, out, exclusive, c1, -1, c2->fragments[j]);
    for (uint32_t i = 0; i < c1->nfragments && !v->aborted; i++)
        compare_fragments(v, out, exclusive, c2, -1, c1->fragments[i]);
    for (uint32_t i = 0; i < c1->nfragments && !v->aborted; i++)
        for (uint32_t j = 0; j < c2->nfragments && !v->aborted; j++)
            compare_fragments(v, out, exclusive, NULL, c1->fragments[i], c2->fragments[j]);
}

/* The nodes of one side of a conflict over subfields: the field, then from each subfield
 * conflict its nodes, the last ones when they would be too many (graphql-js
 * collectConflictNodes). */
static struct node_list conflict_nodes(struct validator *v, const struct gql_node *field,
                                       const struct conflict_list *sub, bool first_side)
{
    struct node_list nodes = { 0 };
    push_node(v, &nodes, field);
    for (uint32_t i = 0; i < sub->count && nodes.count < MAX_CONFLICT_NODES; i++) {
        const struct node_list *from = first_side ? &sub->items[i].fields1 : &sub->items[i].fields2;
        uint32_t room = MAX_CONFLICT_NODES - nodes.count;
        for (uint32_t k = from->count > room ? from->count - room : 0; k < from->count; k++)
            push_node(v, &nodes, from->items[k]);
    }
    return nodes;
}

/* graphql-js subfieldConflicts: the conflicts among two fields' subfields as one. */
static void push_subfield_conflict(struct validator *v, struct conflict_list *out,
                                   struct gql_str name, const struct conflict_list *sub,
                                   const struct gql_node *n1, const struct gql_node *n2)
{
    struct gql__buf reason = { 0 };
    for (uint32_t i = 0; i < sub->count && reason.len <= MAX_CONFLICT_DETAIL_LENGTH; i++) {
        const struct conflict *c = &sub->items[i];
        const char *part = rm_arena_printf(v->a, "%ssubfields \"%s\" conflict because %s",
                                           i ? " and " : "", abbreviate(v, c->name.p, c->name.len),
                                           c->reason);
        if (part)
            gql__buf_put(v->a, &reason, part, (uint32_t)strlen(part));
    }
    if (reason.failed || !reason.p) {
        v->aborted = true;
        return;
    }
    push_conflict(v, out,
                  (struct conflict){ name, abbreviate(v, reason.p, reason.len),
                                     conflict_nodes(v, n1, sub, true),
                                     conflict_nodes(v, n2, sub, false) });
}

/* graphql-js findConflict: whether two fields of one response name can merge, their
 * subfields compared in turn. */
static void find_conflict(struct validator *v, struct conflict_list *out, bool parent_exclusive,
                          struct gql_str name, struct field_detail *d1, struct field_detail *d2)
{
    /* Fields on two different object types never apply together: they may differ in name
     * and arguments (not in the shape of what they return). */
    bool exclusive = parent_exclusive || (d1->parent_type != d2->parent_type &&
                                          is_object(d1->parent_type) &&
                                          is_object(d2->parent_type));
    const struct gql_node *n1 = d1->node, *n2 = d2->node;
    if (!spend(v, 2))
        return;
    if (d1->simple_leaf && d2->simple_leaf && same_type_object(d1->def, d2->def) &&
        str_eq(n1->name, n2->name))
        return;
    const char *reason = exclusive ? NULL : names_or_arguments_differ(v, d1, d2);
    if (reason) {
        push_field_conflict(v, out, name, reason, n1, n2);
        return;
    }
    const struct gql_type *t1 = d1->def ? d1->def->type : NULL;
    const struct gql_type *t2 = d2->def ? d2->def->type : NULL;
    if (t1 && t2 && types_conflict(v, t1, t2, d1->def == d2->def)) {
        push_field_conflict(v, out, name,
                            rm_arena_printf(v->a,
                                            "they return conflicting types \"%s\" and \"%s\"",
                                            gql__type_string(v->a, t1), gql__type_string(v->a, t2)),
                            n1, n2);
        return;
    }
    if (!n1->selections || !n2->selections || v->aborted)
        return;
    if (v->overlap->depth == MAX_CONFLICT_DEPTH) {
        abort_validation(v);
        return;
    }
    struct conflict_list sub = { 0 };
    v->overlap->depth++;
    sub_selection_conflicts(v, &sub, exclusive, t1 ? gql_named_type((struct gql_type *)t1) : NULL,
                            n1->selections, t2 ? gql_named_type((struct gql_type *)t2) : NULL,
                            n2->selections);
    v->overlap->depth--;
    if (sub.count)
        push_subfield_conflict(v, out, name, &sub, n1, n2);
}

/* graphql-js findConflictsWithinSelectionSet: the set's own fields among themselves, then
 * with each fragment it spreads, then those fragments with one another. */
static void conflicts_within(struct validator *v, struct conflict_list *out,
                             const struct gql_type *type, const struct gql_node *set)
{
    struct collected *c = collect_fields(v, type, set);
    if (!c)
        return;
    for (uint32_t k = 0; k < c->ngroups; k++) {
        const struct field_group *g = &c->groups[k];
        for (uint32_t i = 0; i < g->count; i++)
            for (uint32_t j = i + 1; j < g->count && !v->aborted; j++)
                find_conflict(v, out, false, g->name, &g->fields[i], &g->fields[j]);
    }
    if (!c->nfragments || (!c->ngroups && c->nfragments == 1))
        return;
    for (uint32_t i = 0; i < c->nfragments && !v->aborted; i++) {
        compare_fragments(v, out, false, c, -1, c->fragments[i]);
        for (uint32_t j = i + 1; j < c->nfragments && !v->aborted; j++)
            compare_fragments(v, out, false, NULL, c->fragments[i], c->fragments[j]);
    }
}

static bool overlapping_fields_can_be_merged(struct validator *v, const struct gql_node *n,
                                             const struct scope *sc)
{
    /* an inline fragment's fields belong to the selection set around it */
    if (n->kind != GQL_KIND_SELECTION_SET || sc->parent->kind == GQL_KIND_INLINE_FRAGMENT)
        return true;
    if (n->items.count <= 1 &&
        (!n->items.count || n->items.items[0]->kind != GQL_KIND_INLINE_FRAGMENT))
        return true;
    if (!v->overlap) {
        if (!(v->overlap = rm_arena_calloc(v->a, 1, sizeof *v->overlap)))
            return true;
        v->overlap->budget = MAX_COMPLEXITY_BUDGET;
    }
    struct conflict_list found = { 0 };
    conflicts_within(v, &found, sc->parent_type, n);
    for (uint32_t i = 0; i < found.count && !v->aborted; i++) {
        const struct conflict *c = &found.items[i];
        uint32_t nat = c->fields1.count + c->fields2.count;
        uint32_t *at = rm_arena_alloc(v->a, nat * sizeof *at);
        for (uint32_t k = 0; at && k < nat; k++)
            at[k] = k < c->fields1.count ? c->fields1.items[k]->start
                                         : c->fields2.items[k - c->fields1.count]->start;
        if (at)
            report(v,
                   rm_arena_printf(v->a,
                                   "Fields \"%s\" conflict because %s. Use different aliases on "
                                   "the fields to fetch both if this was intentional.",
                                   abbreviate(v, c->name.p, c->name.len), c->reason),
                   at, nat);
    }
    return true;
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

/* specifiedRules order (all of graphql-js 16.15's). */
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
    { overlapping_fields_can_be_merged, NULL },
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
        push_input(&sc, gql__type_from_ast(v->a, v->schema, n->type), false);
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
        gql__room_for_one_more(v->a, list->items, list->count, &list->cap, sizeof *items);
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

uint32_t gql_validate(const struct gql_schema *schema, const struct gql_node *doc,
                      const char *source, size_t len, struct rm_arena *a,
                      const struct gql_error **errors)
{
    struct validator v = { .schema = schema, .doc = doc, .src = source, .len = len, .a = a };
    index_fragments(&v);
    struct walk w = { .v = &v };
    struct scope top = { 0 };
    walk_node(&w, doc, &top);
    gql__errors_locate(a, &v.errors, source, len);
    *errors = v.errors.items;
    return v.errors.count;
}
