/*
 * Matching for ~= (F-FLX-006): regex.c compiles a JavaScript pattern into a program (fx_int.h), a
 * Thompson NFA over UTF-16 code units, and fx__regex_test runs it on a set of states: one pass
 * over the subject, no backtracking, no recursion, a bounded number of state visits.
 */
#include "fx_int.h"

#include <stdlib.h>
#include <string.h>

#define RX_BUDGET (50u * 1000 * 1000) /* NFA state visits one test() may make */

static bool is_word_unit(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

size_t fx__utf16(const char *s, size_t len, uint16_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = fx__utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (k == 0) {
            cp = 0xfffd;
            k = 1;
        }
        i += k;
        if (cp >= 0x10000) {
            out[n++] = (uint16_t)(0xd800 + ((cp - 0x10000) >> 10));
            out[n++] = (uint16_t)(0xdc00 + ((cp - 0x10000) & 0x3ff));
        } else {
            out[n++] = (uint16_t)cp;
        }
    }
    return n;
}

void fx__regex_free(struct fx__regex *re)
{
    if (!re)
        return;
    free(re->code);
    free(re->ranges);
    free(re->classes);
    free(re->clist);
    free(re->nlist);
    free(re->stack);
    free(re->mark);
    free(re);
}

/* ---- matching ---- */

struct sim {
    struct fx__regex *re;
    const uint16_t *s;
    size_t n;
    uint64_t visits;
    bool matched;
};

static bool class_has(const struct fx__regex *re, const struct fx__rx_class *cls, uint16_t c)
{
    bool in = false;
    for (uint32_t k = 0; k < cls->count && !in; k++)
        in = re->ranges[cls->first + k].lo <= c && c <= re->ranges[cls->first + k].hi;
    return in != cls->negated;
}

/* Adds pc and every state reachable from it without reading a unit, at subject position pos,
 * to list; marks record what this generation has seen. */
static void add_state(struct sim *sim, uint32_t *list, size_t *count, uint32_t pc, size_t pos)
{
    struct fx__regex *re = sim->re;
    size_t top = 0;
    if (re->mark[pc] == re->gen)
        return;
    re->mark[pc] = re->gen;
    re->stack[top++] = pc;
    while (top > 0) {
        const struct fx__rx_ins *ins = &re->code[pc = re->stack[--top]];
        uint32_t next[2];
        int nnext = 0;
        sim->visits++;
        switch (ins->op) {
        case FX_RX_JUMP: next[nnext++] = pc + (uint32_t)ins->x; break;
        case FX_RX_SPLIT:
            next[nnext++] = pc + (uint32_t)ins->y;
            next[nnext++] = pc + (uint32_t)ins->x;
            break;
        case FX_RX_BOL:
            if (pos == 0)
                next[nnext++] = pc + 1;
            break;
        case FX_RX_EOL:
            if (pos == sim->n)
                next[nnext++] = pc + 1;
            break;
        case FX_RX_WORDB:
        case FX_RX_NWORDB: {
            bool before = pos > 0 && is_word_unit(sim->s[pos - 1]);
            bool after = pos < sim->n && is_word_unit(sim->s[pos]);
            if ((before != after) == (ins->op == FX_RX_WORDB))
                next[nnext++] = pc + 1;
            break;
        }
        case FX_RX_MATCH: sim->matched = true; break;
        default: list[(*count)++] = pc; break;
        }
        for (int k = 0; k < nnext; k++) {
            if (re->mark[next[k]] != re->gen) {
                re->mark[next[k]] = re->gen;
                re->stack[top++] = next[k];
            }
        }
    }
}

static bool consumes(const struct fx__regex *re, const struct fx__rx_ins *ins, uint16_t c)
{
    switch (ins->op) {
    case FX_RX_CHAR: return ins->c == c;
    case FX_RX_ANY: return c != '\n' && c != '\r' && c != 0x2028 && c != 0x2029;
    case FX_RX_CLASS: return class_has(re, &re->classes[ins->x], c);
    default: return false;
    }
}

/* A new generation of marks; restarts them all when the counter wraps. */
static void next_generation(struct fx__regex *re)
{
    if (++re->gen == 0) {
        memset(re->mark, 0, re->ncode * sizeof *re->mark);
        re->gen = 1;
    }
}

int fx__regex_test(struct fx__regex *re, const char *s, size_t len, struct rm_arena *scratch)
{
    uint16_t *units = rm_arena_alloc(scratch, (len ? len : 1) * sizeof *units);
    if (!units)
        return scratch->failed ? -FX_ERR_LIMIT : -FX_ERR_NOMEM;
    struct sim sim = { re, units, fx__utf16(s, len, units), 0, false };
    size_t ccount = 0, ncount;
    next_generation(re);
    add_state(&sim, re->clist, &ccount, 0, 0);
    for (size_t pos = 0; !sim.matched && pos < sim.n; pos++) {
        if (sim.visits > RX_BUDGET)
            return -FX_ERR_LIMIT;
        next_generation(re);
        ncount = 0;
        for (size_t k = 0; k < ccount; k++) {
            uint32_t pc = re->clist[k];
            if (consumes(re, &re->code[pc], units[pos]))
                add_state(&sim, re->nlist, &ncount, pc + 1, pos + 1);
        }
        add_state(&sim, re->nlist, &ncount, 0, pos + 1); /* a match may start anywhere */
        uint32_t *swap = re->clist;
        re->clist = re->nlist;
        re->nlist = swap;
        ccount = ncount;
    }
    return sim.matched;
}
