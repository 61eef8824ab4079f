/*
 * JavaScript regular expressions for filtrex's `a ~= b`, which runs RegExp(b).test(a): no
 * flags, so the syntax is ECMA-262 with Annex B's web-compatibility rules, and matching is on
 * UTF-16 code units, case-sensitive. test() only asks whether a match exists, so a Thompson
 * NFA answers it in time linear in the subject, without backtracking and without recursion.
 * Back-references and look-arounds are not regular: they are an UNSUPPORTED error (F-FLX-006).
 */
#include "fx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RX_MAX_CODE 20000 /* instructions of one compiled pattern */

/* ---- the parser ---- */

/* What a quantifier would repeat. A lookahead is dropped (zero width); one that a quantifier
 * allows to match zero times (B.1.2: `(?=e)*`) is no assertion at all, so only the others are
 * UNSUPPORTED. */
enum rx_atom { ATOM_NONE, ATOM_OK, ATOM_ASSERTION, ATOM_LOOKAHEAD, ATOM_LOOKBEHIND };

struct group {
    size_t start;    /* code index of the group's body */
    size_t alt_base; /* its alternatives' starts in parser.alts */
    enum { G_PLAIN, G_LOOKAHEAD, G_LOOKBEHIND } kind;
    size_t name_start, name_len; /* a named group's name in parser.u; name_len 0 if none */
};

/* A group's name, or a \k<name> reference to check once all groups are known. */
struct name {
    size_t start, len; /* in parser.u */
    bool reference;
};

struct parser {
    const uint16_t *u; /* the pattern as UTF-16 code units */
    size_t n, i;
    struct fx__vec code, ranges, classes, groups, alts, names;
    size_t captures;      /* capturing groups in the whole pattern (counted first) */
    bool named;           /* the pattern has a named group: \k is then a reference */
    enum rx_atom atom;    /* what a quantifier here would repeat */
    size_t atom_start;    /* its first instruction */
    const char *error;    /* JavaScript's SyntaxError text, first one wins */
    const char *unsupported;
    bool nomem;
};

static void unsupported(struct parser *ps, const char *what);

/* Room for n more instructions, or NULL: out of memory, or past RX_MAX_CODE (then the
 * pattern is UNSUPPORTED, and parsing goes on only to find syntax errors). */
static struct fx__rx_ins *grow(struct parser *ps, size_t n)
{
    if (ps->code.len + n > RX_MAX_CODE) {
        unsupported(ps, "pattern too large");
        return NULL;
    }
    struct fx__rx_ins *at = fx__vec_push(&ps->code, n);
    if (!at)
        ps->nomem = true;
    return at;
}

static struct fx__rx_ins *emit(struct parser *ps, enum fx__rx_op op, uint16_t c, int32_t x,
                               int32_t y)
{
    struct fx__rx_ins *ins = grow(ps, 1);
    if (ins)
        *ins = (struct fx__rx_ins){ (uint8_t)op, c, x, y };
    return ins;
}

static void fail(struct parser *ps, const char *message)
{
    if (!ps->error)
        ps->error = message;
}

static void unsupported(struct parser *ps, const char *what)
{
    if (!ps->unsupported)
        ps->unsupported = what;
}

/* n hex digits at ps->i; advances past them on success. */
static int hex_escape(struct parser *ps, int n)
{
    if (ps->n - ps->i < (size_t)n)
        return -1;
    int v = 0;
    for (int k = 0; k < n; k++) {
        int d = fx__digit_value(ps->u[ps->i + k]);
        if (d >= 16)
            return -1;
        v = v * 16 + d;
    }
    ps->i += n;
    return v;
}

/* B.1.2 LegacyOctalEscapeSequence at ps->i (the first digit is 0-7). */
static uint16_t octal_escape(struct parser *ps)
{
    uint16_t first = ps->u[ps->i++] - '0';
    int max_digits = first <= 3 ? 3 : 2;
    uint16_t v = first;
    for (int k = 1; k < max_digits && ps->i < ps->n && ps->u[ps->i] >= '0' && ps->u[ps->i] <= '7';
         k++)
        v = v * 8 + (ps->u[ps->i++] - '0');
    return v;
}

/* ---- character classes ---- */

static const struct fx__rx_range digit_ranges[] = { { '0', '9' } };
static const struct fx__rx_range word_ranges[] = { { '0', '9' }, { 'A', 'Z' }, { '_', '_' },
                                               { 'a', 'z' } };
static const struct fx__rx_range space_ranges[] = {
    { 0x09, 0x0d }, { 0x20, 0x20 },     { 0xa0, 0xa0 },     { 0x1680, 0x1680 },
    { 0x2000, 0x200a }, { 0x2028, 0x2029 }, { 0x202f, 0x202f }, { 0x205f, 0x205f },
    { 0x3000, 0x3000 }, { 0xfeff, 0xfeff },
};

static bool add_range(struct parser *ps, uint16_t lo, uint16_t hi)
{
    struct fx__rx_range *r = fx__vec_push(&ps->ranges, 1);
    if (!r) {
        ps->nomem = true;
        return false;
    }
    *r = (struct fx__rx_range){ lo, hi };
    return true;
}

/* Adds \d \w \s (or their complement) as ranges. */
static void add_set(struct parser *ps, uint16_t letter)
{
    const struct fx__rx_range *set;
    size_t n;
    switch (letter | 0x20) {
    case 'd': set = digit_ranges, n = RM_ARRAY_LEN(digit_ranges); break;
    case 'w': set = word_ranges, n = RM_ARRAY_LEN(word_ranges); break;
    default: set = space_ranges, n = RM_ARRAY_LEN(space_ranges); break;
    }
    if (letter >= 'a') {
        for (size_t k = 0; k < n; k++)
            add_range(ps, set[k].lo, set[k].hi);
        return;
    }
    uint32_t next = 0;
    for (size_t k = 0; k < n; k++) {
        if (set[k].lo > next)
            add_range(ps, (uint16_t)next, set[k].lo - 1);
        next = set[k].hi + 1u;
    }
    if (next <= 0xffff)
        add_range(ps, (uint16_t)next, 0xffff);
}

static bool is_set_letter(uint16_t c)
{
    return c == 'd' || c == 'D' || c == 'w' || c == 'W' || c == 's' || c == 'S';
}

/* One ClassAtom at ps->i: returns its code unit, or -1 for a set escape (added already). */
static int32_t class_atom(struct parser *ps)
{
    uint16_t c = ps->u[ps->i++];
    if (c != '\\')
        return c;
    if (ps->i == ps->n) {
        fail(ps, "\\ at end of pattern");
        return '\\';
    }
    c = ps->u[ps->i++];
    int v;
    switch (c) {
    case 'b': return 0x08;
    case 'f': return 0x0c;
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return 0x0b;
    case 'c':
        /* B.1.2 ClassControlLetter: a letter, a digit or _; otherwise a literal backslash. */
        if (ps->i < ps->n) {
            uint16_t l = ps->u[ps->i];
            if ((l | 0x20) >= 'a' && (l | 0x20) <= 'z') {
                ps->i++;
                return l % 32;
            }
            if ((l >= '0' && l <= '9') || l == '_') {
                ps->i++;
                return l % 32;
            }
        }
        ps->i--;
        return '\\';
    case 'x':
        return (v = hex_escape(ps, 2)) >= 0 ? v : 'x';
    case 'u':
        return (v = hex_escape(ps, 4)) >= 0 ? v : 'u';
    default:
        if (is_set_letter(c)) {
            add_set(ps, c);
            return -1;
        }
        if (c >= '0' && c <= '7') {
            ps->i--;
            return octal_escape(ps);
        }
        return c;
    }
}

/* Emits a match of the class whose ranges were added since cls.first. */
static void emit_class(struct parser *ps, struct fx__rx_class cls)
{
    cls.count = (uint32_t)(ps->ranges.len - cls.first);
    struct fx__rx_class *slot = fx__vec_push(&ps->classes, 1);
    if (!slot) {
        ps->nomem = true;
        return;
    }
    *slot = cls;
    emit(ps, FX_RX_CLASS, 0, (int32_t)(ps->classes.len - 1), 0);
}

/* [ ... ] with ps->i after the [. */
static void parse_class(struct parser *ps)
{
    struct fx__rx_class cls = { (uint32_t)ps->ranges.len, 0, false };
    if (ps->i < ps->n && ps->u[ps->i] == '^') {
        cls.negated = true;
        ps->i++;
    }
    for (;;) {
        if (ps->i >= ps->n) {
            fail(ps, "Unterminated character class");
            break;
        }
        if (ps->u[ps->i] == ']') {
            ps->i++;
            break;
        }
        int32_t lo = class_atom(ps);
        if (ps->i + 1 < ps->n && ps->u[ps->i] == '-' && ps->u[ps->i + 1] != ']') {
            ps->i++;
            int32_t hi = class_atom(ps);
            if (lo < 0 || hi < 0) {
                /* B.1.2: a set on either side makes the hyphen literal. */
                if (lo >= 0)
                    add_range(ps, (uint16_t)lo, (uint16_t)lo);
                add_range(ps, '-', '-');
                if (hi >= 0)
                    add_range(ps, (uint16_t)hi, (uint16_t)hi);
            } else if (lo > hi) {
                fail(ps, "Range out of order in character class");
            } else {
                add_range(ps, (uint16_t)lo, (uint16_t)hi);
            }
        } else if (lo >= 0) {
            add_range(ps, (uint16_t)lo, (uint16_t)lo);
        }
    }
    emit_class(ps, cls);
}

/* A set escape outside a class becomes a class of its own. */
static void emit_set(struct parser *ps, uint16_t letter)
{
    struct fx__rx_class cls = { (uint32_t)ps->ranges.len, 0, false };
    add_set(ps, letter);
    emit_class(ps, cls);
}

/* ---- names of groups ---- */

static bool name_unit(uint16_t c, bool first)
{
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
        return true;
    if (c == '$' || c == '_' || c >= 0x80)
        return true; /* non-ASCII: letters accepted loosely (F-FLX-006) */
    return !first && c >= '0' && c <= '9';
}

/* A group name and its closing > at ps->i; returns false if malformed. */
static bool group_name(struct parser *ps, size_t *start, size_t *len)
{
    *start = ps->i;
    while (ps->i < ps->n && ps->u[ps->i] != '>') {
        if (!name_unit(ps->u[ps->i], ps->i == *start))
            return false;
        ps->i++;
    }
    if (ps->i >= ps->n || ps->i == *start)
        return false;
    *len = ps->i - *start;
    ps->i++;
    return true;
}

static bool same_name(const struct parser *ps, struct name a, size_t start, size_t len)
{
    return a.len == len && memcmp(ps->u + a.start, ps->u + start, len * sizeof(uint16_t)) == 0;
}

/* Counts capturing groups and notes whether any is named, before parsing (as V8 does):
 * a decimal escape is a back-reference only up to that count. */
static void scan_captures(struct parser *ps)
{
    bool in_class = false;
    for (size_t i = 0; i < ps->n; i++) {
        uint16_t c = ps->u[i];
        if (c == '\\') {
            i++;
        } else if (in_class) {
            in_class = c != ']';
        } else if (c == '[') {
            in_class = true;
        } else if (c == '(') {
            if (i + 1 < ps->n && ps->u[i + 1] == '?') {
                if (i + 3 < ps->n && ps->u[i + 2] == '<' && ps->u[i + 3] != '=' &&
                    ps->u[i + 3] != '!') {
                    ps->captures++;
                    ps->named = true;
                }
            } else {
                ps->captures++;
            }
        }
    }
}

/* ---- atoms, quantifiers, alternatives ---- */

static void atom_begin(struct parser *ps, enum rx_atom kind)
{
    ps->atom = kind;
    ps->atom_start = ps->code.len;
}

/* An escape outside a class, ps->i after the backslash. */
static void parse_escape(struct parser *ps)
{
    if (ps->i >= ps->n) {
        fail(ps, "\\ at end of pattern");
        return;
    }
    uint16_t c = ps->u[ps->i++];
    int v;
    atom_begin(ps, ATOM_OK);
    switch (c) {
    case 'b': atom_begin(ps, ATOM_ASSERTION); emit(ps, FX_RX_WORDB, 0, 0, 0); return;
    case 'B': atom_begin(ps, ATOM_ASSERTION); emit(ps, FX_RX_NWORDB, 0, 0, 0); return;
    case 'f': emit(ps, FX_RX_CHAR, 0x0c, 0, 0); return;
    case 'n': emit(ps, FX_RX_CHAR, '\n', 0, 0); return;
    case 'r': emit(ps, FX_RX_CHAR, '\r', 0, 0); return;
    case 't': emit(ps, FX_RX_CHAR, '\t', 0, 0); return;
    case 'v': emit(ps, FX_RX_CHAR, 0x0b, 0, 0); return;
    case 'c':
        if (ps->i < ps->n && (ps->u[ps->i] | 0x20) >= 'a' && (ps->u[ps->i] | 0x20) <= 'z') {
            emit(ps, FX_RX_CHAR, ps->u[ps->i++] % 32, 0, 0);
        } else {
            ps->i--; /* B.1.2: \c without a letter is a literal backslash, then c */
            emit(ps, FX_RX_CHAR, '\\', 0, 0);
        }
        return;
    case 'x':
        emit(ps, FX_RX_CHAR, (uint16_t)((v = hex_escape(ps, 2)) >= 0 ? v : 'x'), 0, 0);
        return;
    case 'u':
        emit(ps, FX_RX_CHAR, (uint16_t)((v = hex_escape(ps, 4)) >= 0 ? v : 'u'), 0, 0);
        return;
    case 'k':
        if (ps->named) {
            size_t start, len;
            if (ps->i >= ps->n || ps->u[ps->i] != '<' || (ps->i++, !group_name(ps, &start, &len))) {
                fail(ps, "Invalid named reference");
                return;
            }
            struct name *ref = fx__vec_push(&ps->names, 1);
            if (!ref) {
                ps->nomem = true;
                return;
            }
            *ref = (struct name){ start, len, true };
            unsupported(ps, "back-references");
            return;
        }
        emit(ps, FX_RX_CHAR, 'k', 0, 0);
        return;
    case '0':
        if (ps->i < ps->n && ps->u[ps->i] >= '0' && ps->u[ps->i] <= '9') {
            ps->i--;
            emit(ps, FX_RX_CHAR, octal_escape(ps), 0, 0);
        } else {
            emit(ps, FX_RX_CHAR, 0, 0, 0);
        }
        return;
    default:
        break;
    }
    if (is_set_letter(c)) {
        emit_set(ps, c);
        return;
    }
    if (c >= '1' && c <= '9') {
        size_t j = ps->i - 1;
        uint64_t number = 0;
        while (j < ps->n && ps->u[j] >= '0' && ps->u[j] <= '9' && number <= ps->captures)
            number = number * 10 + (ps->u[j++] - '0');
        if (number <= ps->captures) {
            ps->i = j;
            unsupported(ps, "back-references");
            return;
        }
        if (c >= '8') {
            emit(ps, FX_RX_CHAR, c, 0, 0); /* B.1.2: \8 and \9 are the digits */
            return;
        }
        ps->i--;
        emit(ps, FX_RX_CHAR, octal_escape(ps), 0, 0);
        return;
    }
    emit(ps, FX_RX_CHAR, c, 0, 0); /* identity escape */
}

/* {n}, {n,}, {n,m} at ps->i (on the brace); advances past it and returns true if it is one. */
static bool brace_quantifier(struct parser *ps, uint32_t *min, uint32_t *max)
{
    size_t j = ps->i + 1;
    uint64_t v[2] = { 0, 0 };
    int part = 0;
    bool digits[2] = { false, false }, comma = false;
    for (; j < ps->n; j++) {
        uint16_t c = ps->u[j];
        if (c >= '0' && c <= '9') {
            v[part] = v[part] * 10 + (c - '0');
            if (v[part] > INT32_MAX)
                v[part] = INT32_MAX; /* V8 clamps too */
            digits[part] = true;
        } else if (c == ',' && !comma) {
            comma = true;
            part = 1;
        } else if (c == '}') {
            break;
        } else {
            return false;
        }
    }
    if (j >= ps->n || !digits[0])
        return false;
    *min = (uint32_t)v[0];
    *max = !comma ? (uint32_t)v[0] : digits[1] ? (uint32_t)v[1] : UINT32_MAX;
    ps->i = j + 1;
    return true;
}

/* A malloc'd copy of code[start..start + len), or NULL (out of memory, noted). */
static struct fx__rx_ins *copy_code(struct parser *ps, size_t start, size_t len)
{
    struct fx__rx_ins *copy = malloc((len ? len : 1) * sizeof *copy);
    if (!copy) {
        ps->nomem = true;
        return NULL;
    }
    if (len) /* an empty body: the code may never have been allocated */
        memcpy(copy, (struct fx__rx_ins *)ps->code.p + start, len * sizeof *copy);
    return copy;
}

/* Appends n copies of the len instructions at atom (relative jumps stay valid). */
static void append_copies(struct parser *ps, const struct fx__rx_ins *atom, size_t len, uint64_t n)
{
    for (uint64_t k = 0; k < n && len > 0; k++) {
        struct fx__rx_ins *dst = grow(ps, len);
        if (!dst)
            return;
        memcpy(dst, atom, len * sizeof *atom);
    }
}

/* Rewrites the atom code[atom_start..) as repeated min..max times (max UINT32_MAX: no bound):
 * min copies, then atom* or (max - min) times atom?. */
static void repeat(struct parser *ps, uint32_t min, uint32_t max)
{
    size_t start = ps->atom_start, len = ps->code.len - start;
    uint64_t optional = max == UINT32_MAX ? 1 : (uint64_t)max - min;
    if (len > 0 && start + ((uint64_t)min + optional) * (len + 2) > RX_MAX_CODE) {
        unsupported(ps, "pattern too large");
        ps->code.len = start;
        return;
    }
    struct fx__rx_ins *atom = copy_code(ps, start, len);
    if (!atom)
        return;
    ps->code.len = start;
    int32_t l = (int32_t)len;
    append_copies(ps, atom, len, min);
    if (max == UINT32_MAX) { /* split over the atom, jump back to the split */
        if (emit(ps, FX_RX_SPLIT, 0, 1, l + 2)) {
            append_copies(ps, atom, len, 1);
            emit(ps, FX_RX_JUMP, 0, -(l + 1), 0);
        }
    } else {
        for (uint64_t k = 0; k < optional && len > 0; k++) {
            if (!emit(ps, FX_RX_SPLIT, 0, 1, l + 1))
                break;
            append_copies(ps, atom, len, 1);
        }
    }
    free(atom);
}

/* A quantifier at ps->i, if any, applied to the atom before it. */
static void parse_quantifier(struct parser *ps)
{
    uint16_t c = ps->u[ps->i];
    uint32_t min, max;
    if (c == '*') {
        min = 0, max = UINT32_MAX, ps->i++;
    } else if (c == '+') {
        min = 1, max = UINT32_MAX, ps->i++;
    } else if (c == '?') {
        min = 0, max = 1, ps->i++;
    } else if (c != '{' || !brace_quantifier(ps, &min, &max)) {
        return;
    }
    if (ps->atom == ATOM_NONE || ps->atom == ATOM_ASSERTION) {
        fail(ps, "Nothing to repeat");
    } else if (ps->atom == ATOM_LOOKBEHIND) {
        fail(ps, "Invalid quantifier");
    } else if (min > max) {
        fail(ps, "numbers out of order in {} quantifier");
    } else if (ps->atom == ATOM_LOOKAHEAD) {
        if (min > 0)
            unsupported(ps, "lookahead");
    } else {
        repeat(ps, min, max);
    }
    if (ps->i < ps->n && ps->u[ps->i] == '?')
        ps->i++; /* lazy: the same matches exist */
    ps->atom = ATOM_NONE;
}

/* Joins the alternatives of the group (or pattern) whose body starts at code index start:
 * each but the last becomes split(next alternative) alternative jump(end). */
static void join_alternatives(struct parser *ps, size_t start, size_t alt_base)
{
    size_t k = ps->alts.len - alt_base + 1;
    size_t end = ps->code.len, body_len = end - start;
    ps->alts.len = alt_base;
    if (k < 2)
        return;
    /* only now: with no alternatives the list may never have been allocated */
    const size_t *alts = (const size_t *)ps->alts.p + alt_base;
    struct fx__rx_ins *body = copy_code(ps, start, body_len);
    if (!body)
        return;
    if (grow(ps, 2 * (k - 1))) {
        struct fx__rx_ins *code = ps->code.p;
        size_t out = start, total = body_len + 2 * (k - 1);
        for (size_t a = 0; a < k; a++) {
            size_t from = a == 0 ? start : alts[a - 1], to = a + 1 < k ? alts[a] : end;
            int32_t l = (int32_t)(to - from);
            if (a + 1 < k)
                code[out++] = (struct fx__rx_ins){ FX_RX_SPLIT, 0, 1, l + 2 };
            memcpy(code + out, body + (from - start), (size_t)l * sizeof *body);
            out += (size_t)l;
            if (a + 1 < k) {
                code[out] = (struct fx__rx_ins){ FX_RX_JUMP, 0, (int32_t)(start + total - out), 0 };
                out++;
            }
        }
    }
    free(body);
}

static void open_group(struct parser *ps)
{
    struct group g = { .start = ps->code.len, .alt_base = ps->alts.len, .kind = G_PLAIN };
    if (ps->i < ps->n && ps->u[ps->i] == '?') {
        uint16_t c = ps->i + 1 < ps->n ? ps->u[ps->i + 1] : 0;
        uint16_t d = ps->i + 2 < ps->n ? ps->u[ps->i + 2] : 0;
        if (c == ':') {
            ps->i += 2;
        } else if (c == '=' || c == '!') {
            ps->i += 2;
            g.kind = G_LOOKAHEAD;
        } else if (c == '<' && (d == '=' || d == '!')) {
            ps->i += 3;
            g.kind = G_LOOKBEHIND;
        } else if (c == '<') {
            ps->i += 2;
            if (!group_name(ps, &g.name_start, &g.name_len))
                fail(ps, "Invalid capture group name");
        } else {
            fail(ps, "Invalid group");
        }
    }
    struct group *slot = fx__vec_push(&ps->groups, 1);
    if (!slot) {
        ps->nomem = true;
        return;
    }
    *slot = g;
    ps->atom = ATOM_NONE;
}

static void close_group(struct parser *ps)
{
    struct group g = ((struct group *)ps->groups.p)[--ps->groups.len];
    join_alternatives(ps, g.start, g.alt_base);
    if (g.name_len > 0) { /* V8 finds a duplicate name when the second group closes */
        for (size_t k = 0; k < ps->names.len; k++)
            if (!((struct name *)ps->names.p)[k].reference &&
                same_name(ps, ((struct name *)ps->names.p)[k], g.name_start, g.name_len))
                fail(ps, "Duplicate capture group name");
        struct name *slot = fx__vec_push(&ps->names, 1);
        if (!slot) {
            ps->nomem = true;
            return;
        }
        *slot = (struct name){ g.name_start, g.name_len, false };
    }
    ps->atom_start = g.start;
    if (g.kind == G_PLAIN) {
        ps->atom = ATOM_OK;
        return;
    }
    ps->code.len = g.start;
    /* B.1.2: a lookahead may take a quantifier, a lookbehind may not. */
    if (g.kind == G_LOOKBEHIND)
        unsupported(ps, "lookbehind");
    ps->atom = g.kind == G_LOOKAHEAD ? ATOM_LOOKAHEAD : ATOM_LOOKBEHIND;
}

static void parse(struct parser *ps)
{
    scan_captures(ps);
    ps->atom = ATOM_NONE;
    while (ps->i < ps->n && !ps->error && !ps->nomem) {
        uint16_t c = ps->u[ps->i++];
        switch (c) {
        case '|': {
            size_t *alt = fx__vec_push(&ps->alts, 1);
            if (!alt) {
                ps->nomem = true;
                return;
            }
            *alt = ps->code.len;
            ps->atom = ATOM_NONE;
            continue;
        }
        case '(':
            open_group(ps);
            continue;
        case ')':
            if (ps->groups.len == 0) {
                fail(ps, "Unmatched ')'");
                return;
            }
            close_group(ps);
            break;
        case '^': atom_begin(ps, ATOM_ASSERTION); emit(ps, FX_RX_BOL, 0, 0, 0); break;
        case '$': atom_begin(ps, ATOM_ASSERTION); emit(ps, FX_RX_EOL, 0, 0, 0); break;
        case '.': atom_begin(ps, ATOM_OK); emit(ps, FX_RX_ANY, 0, 0, 0); break;
        case '[': atom_begin(ps, ATOM_OK); parse_class(ps); break;
        case '\\': parse_escape(ps); break;
        case '*': case '+': case '?':
            fail(ps, "Nothing to repeat");
            return;
        case '{': {
            uint32_t min, max;
            ps->i--;
            if (brace_quantifier(ps, &min, &max)) {
                fail(ps, "Nothing to repeat");
                return;
            }
            ps->i++;
            atom_begin(ps, ATOM_OK);
            emit(ps, FX_RX_CHAR, '{', 0, 0); /* B.1.2: not a quantifier, so a literal */
            break;
        }
        default:
            atom_begin(ps, ATOM_OK);
            emit(ps, FX_RX_CHAR, c, 0, 0);
            break;
        }
        if (ps->i < ps->n && !ps->error)
            parse_quantifier(ps);
        if (ps->atom == ATOM_LOOKAHEAD)
            unsupported(ps, "lookahead");
    }
    if (ps->error || ps->nomem)
        return;
    if (ps->groups.len > 0) {
        fail(ps, "Unterminated group");
        return;
    }
    join_alternatives(ps, 0, 0);
    /* References to names that no group has (checked once all names are known). */
    const struct name *names = ps->names.p;
    for (size_t k = 0; k < ps->names.len; k++) {
        if (!names[k].reference)
            continue;
        bool found = false;
        for (size_t m = 0; m < ps->names.len && !found; m++)
            found = !names[m].reference && same_name(ps, names[m], names[k].start, names[k].len);
        if (!found)
            fail(ps, "Invalid named capture referenced");
    }
    emit(ps, FX_RX_MATCH, 0, 0, 0);
}

int fx__regex_compile(const char *pattern, size_t len, struct fx__regex **out, char *msg,
                      size_t msg_size)
{
    int rc = FX_ERR_NOMEM;
    struct parser ps = {
        .code.size = sizeof(struct fx__rx_ins),
        .ranges.size = sizeof(struct fx__rx_range),
        .classes.size = sizeof(struct fx__rx_class),
        .groups.size = sizeof(struct group),
        .alts.size = sizeof(size_t),
        .names.size = sizeof(struct name),
    };
    uint16_t *units = malloc((len ? len : 1) * sizeof *units);
    struct fx__regex *re = calloc(1, sizeof *re);
    *out = NULL;
    snprintf(msg, msg_size, "out of memory");
    if (!units || !re)
        goto out;
    ps.u = units;
    ps.n = fx__utf16(pattern, len, units);
    parse(&ps);
    if (ps.nomem)
        goto out;
    if (ps.error) {
        rc = FX_ERR_SYNTAX;
        snprintf(msg, msg_size, "Invalid regular expression: /%.*s/: %s", (int)len, pattern,
                 ps.error);
        goto out;
    }
    if (ps.unsupported) {
        rc = FX_ERR_UNSUPPORTED;
        snprintf(msg, msg_size, "Unsupported regular expression: /%.*s/: %s", (int)len, pattern,
                 ps.unsupported);
        goto out;
    }
    re->ncode = ps.code.len;
    re->code = ps.code.p;
    re->ranges = ps.ranges.p;
    re->classes = ps.classes.p;
    ps.code.p = ps.ranges.p = ps.classes.p = NULL;
    re->clist = malloc(re->ncode * sizeof(uint32_t));
    re->nlist = malloc(re->ncode * sizeof(uint32_t));
    re->stack = malloc(re->ncode * sizeof(uint32_t));
    re->mark = calloc(re->ncode, sizeof(uint32_t));
    if (!re->clist || !re->nlist || !re->stack || !re->mark)
        goto out;
    *out = re;
    re = NULL;
    rc = 0;
out:
    fx__regex_free(re);
    free(units);
    free(ps.code.p);
    free(ps.ranges.p);
    free(ps.classes.p);
    free(ps.groups.p);
    free(ps.alts.p);
    free(ps.names.p);
    return rc;
}
