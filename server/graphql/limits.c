/*
 * Limits against hostile documents (issue 5, deliverable 7): size and tokens before and
 * during parsing, fields, aliases and depth after fragment expansion before validation.
 * The measure never recurses across fragments, so a chain of thousands costs no stack.
 */
#include "graphql/gql_http.h"

#include <inttypes.h>
#include <string.h>

/* F-GQL-010, F-GQL-011, F-GQL-012: the defaults, documented in docs/fidelity.md. */
const struct gql_limits gql_limits_default = GQL_LIMITS_DEFAULT_INIT;

#define NO_FRAGMENT UINT32_MAX

/* A fragment spread inside a definition: which fragment, at which depth (its selections
 * are one deeper). */
struct spread {
    uint32_t target; /* index in frags, or NO_FRAGMENT when the name is unknown */
    uint32_t depth;
};

/* An operation or a fragment: first its own counts, then (fragments) expanded in place. */
struct def {
    uint64_t fields, aliases;
    uint32_t depth;
    uint32_t first, nspreads; /* its spreads in measure.spreads */
    uint8_t state;            /* fragments: 0 not expanded, 1 being expanded, 2 done */
    bool reached;             /* fragments: an operation spreads it, directly or not */
};

struct measure {
    struct rm_arena *a;
    struct def *frags;
    uint32_t nfrags;
    const struct gql_node **frag_nodes;
    uint32_t *table; /* fragment names: index + 1, 0 empty; open addressing */
    uint32_t mask;
    struct spread *spreads;
    uint32_t nspreads, cap;
    bool nomem;
};

static uint64_t sat_add(uint64_t x, uint64_t y)
{
    return x > UINT64_MAX - y ? UINT64_MAX : x + y;
}

static uint32_t sat_add32(uint32_t x, uint32_t y)
{
    return x > UINT32_MAX - y ? UINT32_MAX : x + y;
}

static uint32_t name_hash(struct gql_str s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (uint32_t i = 0; i < s.len; i++)
        h = (h ^ (unsigned char)s.p[i]) * 16777619u;
    return h;
}

static bool same_name(struct gql_str x, struct gql_str y)
{
    return x.len == y.len && memcmp(x.p, y.p, x.len) == 0;
}

/* The index of the first fragment called name, or NO_FRAGMENT. */
static uint32_t fragment_find(const struct measure *m, struct gql_str name)
{
    for (uint32_t h = name_hash(name) & m->mask;; h = (h + 1) & m->mask) {
        uint32_t slot = m->table[h];
        if (!slot)
            return NO_FRAGMENT;
        if (same_name(m->frag_nodes[slot - 1]->name, name))
            return slot - 1;
    }
}

static void fragment_add(struct measure *m, uint32_t index)
{
    struct gql_str name = m->frag_nodes[index]->name;
    for (uint32_t h = name_hash(name) & m->mask;; h = (h + 1) & m->mask) {
        if (!m->table[h]) {
            m->table[h] = index + 1;
            return;
        }
        if (same_name(m->frag_nodes[m->table[h] - 1]->name, name))
            return; /* a duplicate: the first one counts, validation reports the rest */
    }
}

static void spread_push(struct measure *m, uint32_t target, uint32_t depth)
{
    if (m->nspreads == m->cap) {
        uint32_t cap = m->cap ? m->cap * 2 : 64;
        struct spread *grown = cap > m->cap ? rm_arena_alloc(m->a, (size_t)cap * sizeof *grown)
                                            : NULL;
        if (!grown) {
            m->nomem = true;
            return;
        }
        if (m->nspreads)
            memcpy(grown, m->spreads, m->nspreads * sizeof *grown);
        m->spreads = grown;
        m->cap = cap;
    }
    m->spreads[m->nspreads++] = (struct spread){ target, depth };
}

/* The definition's own fields, aliases and depth, and its spreads. A selection at depth
 * nests its own selections one level deeper: a field's, an inline fragment's, and a
 * fragment's through a spread. Recursion follows the text's nesting only, which the parser
 * bounds. */
static void walk(struct measure *m, struct def *d, const struct gql_node *set, uint32_t depth)
{
    if (!set)
        return;
    for (uint32_t i = 0; i < set->items.count && !m->nomem; i++) {
        const struct gql_node *sel = set->items.items[i];
        if (depth > d->depth)
            d->depth = depth;
        switch (sel->kind) {
        case GQL_KIND_FIELD:
            d->fields = sat_add(d->fields, 1);
            if (sel->alias.len)
                d->aliases = sat_add(d->aliases, 1);
            walk(m, d, sel->selections, depth + 1);
            break;
        case GQL_KIND_INLINE_FRAGMENT:
            walk(m, d, sel->selections, depth + 1);
            break;
        case GQL_KIND_FRAGMENT_SPREAD:
            spread_push(m, fragment_find(m, sel->name), depth);
            break;
        default:
            break;
        }
    }
}

static void walk_definition(struct measure *m, struct def *d, const struct gql_node *n)
{
    d->first = m->nspreads;
    walk(m, d, n->selections, 1);
    d->nspreads = m->nspreads - d->first;
}

/* Adds the expansions of d's spreads to d's own counts. A fragment still being expanded
 * (a cycle) or unknown adds nothing. */
static void expand(struct measure *m, struct def *d)
{
    for (uint32_t i = 0; i < d->nspreads; i++) {
        const struct spread *s = &m->spreads[d->first + i];
        if (s->target == NO_FRAGMENT || m->frags[s->target].state != 2)
            continue;
        const struct def *t = &m->frags[s->target];
        d->fields = sat_add(d->fields, t->fields);
        d->aliases = sat_add(d->aliases, t->aliases);
        uint32_t depth = sat_add32(s->depth, t->depth);
        if (depth > d->depth)
            d->depth = depth;
    }
}

/* Expands every fragment after the ones it spreads: a depth-first walk with an explicit
 * stack of (index, phase) entries, so fragment chains cost no C stack. While a fragment is
 * being expanded, only its ancestors in the walk are in state 1. */
static int expand_fragments(struct measure *m)
{
    size_t size = (size_t)m->nfrags * 2 + m->nspreads + 1;
    uint32_t *stack = rm_arena_alloc(m->a, size * sizeof *stack);
    if (!stack)
        return RM_ENOMEM;
    for (uint32_t root = 0; root < m->nfrags; root++) {
        size_t top = 0;
        stack[top++] = root << 1;
        while (top) {
            uint32_t e = stack[--top];
            struct def *f = &m->frags[e >> 1];
            if (e & 1) {
                expand(m, f);
                f->state = 2;
                continue;
            }
            if (f->state != 0)
                continue;
            f->state = 1;
            stack[top++] = e | 1;
            for (uint32_t i = 0; i < f->nspreads; i++) {
                uint32_t t = m->spreads[f->first + i].target;
                if (t != NO_FRAGMENT && m->frags[t].state == 0)
                    stack[top++] = t << 1;
            }
        }
    }
    return RM_OK;
}

/* Marks the fragments d reaches, transitively. */
static void mark_reached(struct measure *m, const struct def *d, uint32_t *stack)
{
    size_t top = 0;
    for (uint32_t i = 0; i < d->nspreads; i++)
        if (m->spreads[d->first + i].target != NO_FRAGMENT)
            stack[top++] = m->spreads[d->first + i].target;
    while (top) {
        struct def *f = &m->frags[stack[--top]];
        if (f->reached)
            continue;
        f->reached = true;
        for (uint32_t i = 0; i < f->nspreads; i++)
            if (m->spreads[f->first + i].target != NO_FRAGMENT &&
                !m->frags[m->spreads[f->first + i].target].reached)
                stack[top++] = m->spreads[f->first + i].target;
    }
}

static void add_to(struct gql_doc_size *out, const struct def *d)
{
    out->fields = sat_add(out->fields, d->fields);
    out->aliases = sat_add(out->aliases, d->aliases);
    if (d->depth > out->depth)
        out->depth = d->depth;
}

int gql_doc_measure(const struct gql_node *doc, struct rm_arena *a, struct gql_doc_size *out)
{
    memset(out, 0, sizeof *out);
    struct measure m = { .a = a };
    uint32_t nops = 0;
    for (uint32_t i = 0; i < doc->items.count; i++) {
        enum gql_kind kind = doc->items.items[i]->kind;
        m.nfrags += kind == GQL_KIND_FRAGMENT_DEFINITION;
        nops += kind == GQL_KIND_OPERATION_DEFINITION;
    }
    uint32_t slots = 16;
    while (slots < m.nfrags * 2u)
        slots *= 2;
    m.mask = slots - 1;
    m.table = rm_arena_calloc(a, slots, sizeof *m.table);
    m.frags = rm_arena_calloc(a, m.nfrags + 1, sizeof *m.frags);
    m.frag_nodes = rm_arena_calloc(a, m.nfrags + 1, sizeof *m.frag_nodes);
    struct def *ops = rm_arena_calloc(a, nops + 1, sizeof *ops);
    if (!m.table || !m.frags || !m.frag_nodes || !ops)
        return RM_ENOMEM;
    uint32_t nf = 0, no = 0;
    for (uint32_t i = 0; i < doc->items.count; i++)
        if (doc->items.items[i]->kind == GQL_KIND_FRAGMENT_DEFINITION) {
            m.frag_nodes[nf] = doc->items.items[i];
            fragment_add(&m, nf++);
        }
    /* Fragments first, operations after: each definition's spreads stay contiguous. */
    for (uint32_t i = 0; i < m.nfrags; i++)
        walk_definition(&m, &m.frags[i], m.frag_nodes[i]);
    for (uint32_t i = 0; i < doc->items.count; i++)
        if (doc->items.items[i]->kind == GQL_KIND_OPERATION_DEFINITION)
            walk_definition(&m, &ops[no++], doc->items.items[i]);
    if (m.nomem || expand_fragments(&m) != RM_OK)
        return RM_ENOMEM;
    uint32_t *stack = rm_arena_alloc(a, ((size_t)m.nspreads + 1) * sizeof *stack);
    if (!stack)
        return RM_ENOMEM;
    for (uint32_t i = 0; i < nops; i++) {
        expand(&m, &ops[i]);
        add_to(out, &ops[i]);
        mark_reached(&m, &ops[i], stack);
    }
    /* Validation visits fragments that no operation uses too: they count as well. */
    for (uint32_t i = 0; i < m.nfrags; i++)
        if (!m.frags[i].reached)
            add_to(out, &m.frags[i]);
    return RM_OK;
}

struct gql_parse_options gql_limits_parse_options(const struct gql_limits *l)
{
    return (struct gql_parse_options){ .max_tokens = l->max_tokens, .max_depth = l->max_depth };
}

int gql_limits_check_size(const struct gql_limits *l, size_t len, struct rm_arena *a,
                          const char **message)
{
    /* F-GQL-010: the text is refused before the lexer reads a byte of it. */
    if (!l->max_bytes || len <= l->max_bytes)
        return RM_OK;
    *message = rm_arena_printf(a, "Document size of %zu bytes exceeds the limit of %" PRIu32
                               " bytes.", len, l->max_bytes);
    return *message ? RM_ELIMIT : RM_ENOMEM;
}

int gql_limits_check(const struct gql_limits *l, const struct gql_node *doc, struct rm_arena *a,
                     const char **message)
{
    struct gql_doc_size size;
    int rc = gql_doc_measure(doc, a, &size);
    if (rc != RM_OK)
        return rc;
    /* F-GQL-012: fields and aliases after expansion; F-GQL-011: depth after expansion, as
     * the validator and the executor recurse (the parser bounded the text's nesting). */
    if (l->max_fields && size.fields > l->max_fields)
        *message = rm_arena_printf(a, "Document selects %" PRIu64 " fields after fragment "
                                   "expansion, more than the limit of %" PRIu32 ".",
                                   size.fields, l->max_fields);
    else if (l->max_aliases && size.aliases > l->max_aliases)
        *message = rm_arena_printf(a, "Document has %" PRIu64 " aliased fields after fragment "
                                   "expansion, more than the limit of %" PRIu32 ".",
                                   size.aliases, l->max_aliases);
    else if (l->max_depth && size.depth > l->max_depth)
        *message = rm_arena_printf(a, "Document nests selections %" PRIu32 " levels deep "
                                   "after fragment expansion, more than the limit of %" PRIu32
                                   ".", size.depth, l->max_depth);
    else
        return RM_OK;
    return *message ? RM_ELIMIT : RM_ENOMEM;
}
