/*
 * fx_compile: filtrex's own LALR(1) table (grammar.c, generated from its Jison parser) drives
 * an explicit-stack parser, so the language, precedence and "Expecting ..." messages are
 * filtrex 3.1.0's exactly (F-FLX-001; reference/pcvisit.md sections 2.2 and 2.4). Each
 * reduction emits stack-machine code for eval.c; jumps are relative, so code moves freely when
 * an operator inserts a jump between its operands.
 */
#include "fx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parser's stack bound: each nesting level (an open parenthesis and the operand and
 * operator before it) takes up to two entries, F-FLX-004. */
#define LR_STACK_MAX (2 * FX_MAX_NESTING + 8)

struct item {
    int state;
    int32_t code; /* where the symbol's code starts */
    int32_t n;    /* Arguments: how many */
    int32_t aux;  /* token: constant or name index; RelationalOperator: enum fx__rel;
                     Relation: its first link in compiler.links */
    bool quoted;  /* Symbol: 'quoted' */
};

/* One operand of a chain a < b <= c: where its code starts and the operator after it. */
struct link {
    int32_t code;
    int32_t rel;
    int32_t next; /* -1 at the last operand */
};

struct compiler {
    const char *text;
    size_t len;
    const struct fx_constant *constants;
    struct fx_expr *e;
    struct fx__lexer lx;
    struct fx__vec code, consts, names, links;
    size_t nregex;
    size_t bad_octal; /* offset + 1 of the first Number JavaScript refuses, or 0 */
    struct fx_error *err;
    bool nomem;
};

static void *vec_push(struct compiler *c, struct fx__vec *v, size_t n)
{
    void *at = fx__vec_push(v, n);
    if (!at)
        c->nomem = true;
    return at;
}

static struct fx__ins *code(struct compiler *c)
{
    return c->code.p;
}

static int32_t code_len(const struct compiler *c)
{
    return (int32_t)c->code.len;
}

static void emit(struct compiler *c, enum fx__op op, int aux, int32_t a, int32_t b)
{
    struct fx__ins *ins = vec_push(c, &c->code, 1);
    if (ins)
        *ins = (struct fx__ins){ (uint16_t)op, (uint16_t)aux, a, b };
}

/* Opens room for n instructions at pos, moving the code after it (whose jumps are relative
 * and stay inside it). Returns false on failure. */
static bool insert(struct compiler *c, int32_t pos, size_t n)
{
    size_t tail = c->code.len - (size_t)pos;
    if (!vec_push(c, &c->code, n))
        return false;
    memmove(code(c) + pos + n, code(c) + pos, tail * sizeof(struct fx__ins));
    return true;
}

static void set(struct compiler *c, int32_t pos, enum fx__op op, int aux, int32_t a, int32_t b)
{
    code(c)[pos] = (struct fx__ins){ (uint16_t)op, (uint16_t)aux, a, b };
}

/* ---- error messages ---- */

static void error_set(struct compiler *c, enum fx_error_kind kind, size_t offset, const char *msg,
                      size_t len)
{
    if (len >= FX_MESSAGE_MAX)
        len = FX_MESSAGE_MAX - 1;
    c->err->kind = kind;
    c->err->offset = offset;
    memcpy(c->err->message, msg, len);
    c->err->message[len] = '\0';
    c->err->message_len = len;
}

/* A message under construction; text past FX_MESSAGE_MAX is dropped. */
struct msg {
    char buf[FX_MESSAGE_MAX];
    size_t len;
};

static void msg_add(struct msg *m, const char *s, size_t n)
{
    if (n > sizeof m->buf - m->len)
        n = sizeof m->buf - m->len;
    memcpy(m->buf + m->len, s, n);
    m->len += n;
}

static void msg_str(struct msg *m, const char *s)
{
    msg_add(m, s, strlen(s));
}

/* The code points of text[from..to) as JavaScript string units: their UTF-16 lengths. */
static size_t cp_units(const struct compiler *c, size_t at, size_t *bytes)
{
    uint32_t cp;
    *bytes = fx__utf8_decode((const unsigned char *)c->text + at, c->len - at, &cp);
    return cp >= 0x10000 ? 2 : 1;
}

static size_t units(const struct compiler *c, size_t from, size_t to)
{
    size_t n = 0, bytes;
    for (size_t at = from; at < to; at += bytes)
        n += cp_units(c, at, &bytes);
    return n;
}

/* Appends text[from..to) without \n, as `.replace(/\n/g, "")` does; returns its units. */
static size_t msg_text(struct msg *m, const struct compiler *c, size_t from, size_t to)
{
    size_t n = 0, bytes;
    for (size_t at = from; at < to; at += bytes) {
        size_t u = cp_units(c, at, &bytes);
        if (c->text[at] != '\n') {
            msg_add(m, c->text + at, bytes);
            n += u;
        }
    }
    return n;
}

/* The byte where the first (or, from the end, last) `count` units of text[from..to) end (or
 * start). A character split in two by JavaScript's 20-unit cut is kept whole here. */
static size_t unit_offset(const struct compiler *c, size_t from, size_t to, size_t count,
                          bool from_end)
{
    if (!from_end) {
        size_t at = from, n = 0, bytes;
        while (at < to && n < count) {
            n += cp_units(c, at, &bytes);
            at += bytes;
        }
        return at;
    }
    size_t total = units(c, from, to), at = from, n = 0, bytes;
    while (at < to && total - n > count) {
        n += cp_units(c, at, &bytes);
        at += bytes;
    }
    return at;
}

/* Jison's lexer.showPosition(): 20 units before the token, the token and what follows it up
 * to 20 units, a line of dashes and a caret under the token. */
static void show_position(struct msg *m, const struct compiler *c, size_t start, size_t end)
{
    /* After a split character the other half is upcoming in JavaScript: one dash fewer. */
    size_t past = units(c, 0, start), dashes = c->lx.split && start == c->lx.pos ? (size_t)-1 : 0;
    if (past > 20) {
        msg_str(m, "...");
        dashes = 3;
    }
    dashes += msg_text(m, c, unit_offset(c, 0, start, 20, true), start);
    if (units(c, start, end) < 20) {
        msg_text(m, c, start, unit_offset(c, start, c->len, 20, false));
    } else {
        msg_text(m, c, start, unit_offset(c, start, end, 20, false));
        if (units(c, start, end) > 20)
            msg_str(m, "...");
    }
    msg_str(m, "\n");
    for (size_t i = 0; i < dashes; i++)
        msg_str(m, "-");
    msg_str(m, "^");
}

static void lexical_error(struct compiler *c)
{
    struct msg m = { .len = 0 };
    char head[64];
    snprintf(head, sizeof head, "Lexical error on line %u. Unrecognized text.\n", c->lx.lines + 1);
    msg_str(&m, head);
    show_position(&m, c, c->lx.pos, c->lx.pos);
    error_set(c, FX_ERR_LEXICAL, c->lx.pos, m.buf, m.len);
}

/* Jison's "Expecting" list: the state's terminals in symbol order. */
static void parse_error(struct compiler *c, int state, const struct fx__token *tok,
                        unsigned lines)
{
    struct msg m = { .len = 0 };
    char head[64];
    snprintf(head, sizeof head, "Parse error on line %u:\n", lines + 1);
    msg_str(&m, head);
    show_position(&m, c, tok->start, tok->end);
    msg_str(&m, "\nExpecting ");
    bool first = true;
    for (int sym = FX_SYM_ERROR + 1; sym < FX_LR_SYMBOLS; sym++) {
        if (!fx__lr[state][sym] || !fx__sym_name[sym])
            continue;
        msg_str(&m, first ? "'" : ", '");
        msg_str(&m, fx__sym_name[sym]);
        msg_str(&m, "'");
        first = false;
    }
    msg_str(&m, ", got '");
    msg_str(&m, fx__sym_name[tok->sym]);
    msg_str(&m, "'");
    error_set(c, FX_ERR_PARSE, tok->start, m.buf, m.len);
}

static void limit_error(struct compiler *c, size_t offset, const char *text)
{
    error_set(c, FX_ERR_LIMIT, offset, text, strlen(text));
}

/* ---- token values ---- */

/* A quoted token's text without the quotes, \quote and \\ resolved; in the arena. */
static char *unquote(struct compiler *c, const struct fx__token *tok, size_t *len)
{
    const char *s = c->text + tok->start + 1;
    size_t n = tok->end - tok->start - 2, o = 0;
    char *out = rm_arena_alloc(&c->e->arena, n + 1);
    if (!out) {
        c->nomem = true;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\')
            i++;
        out[o++] = s[i];
    }
    out[o] = '\0';
    *len = o;
    return out;
}

static int32_t add_const(struct compiler *c, struct fx_value v)
{
    struct fx_value *slot = vec_push(c, &c->consts, 1);
    if (!slot)
        return 0;
    *slot = v;
    return (int32_t)(c->consts.len - 1);
}

static int32_t add_name(struct compiler *c, const char *ptr, size_t len)
{
    struct fx__name *slot = vec_push(c, &c->names, 1);
    if (!slot)
        return 0;
    *slot = (struct fx__name){ ptr, len };
    return (int32_t)(c->names.len - 1);
}

static const int rel_of_sym[] = {
    [FX_SYM_EQ] = FX_REL_EQ, [FX_SYM_NE] = FX_REL_NE, [FX_SYM_MATCH] = FX_REL_MATCH,
    [FX_SYM_LT] = FX_REL_LT, [FX_SYM_LE] = FX_REL_LE, [FX_SYM_GE] = FX_REL_GE,
    [FX_SYM_GT] = FX_REL_GT,
};

/* The value a shifted token carries. */
static void token_value(struct compiler *c, const struct fx__token *tok, struct item *it)
{
    size_t len = tok->end - tok->start;
    const char *s = c->text + tok->start;
    char *str;
    it->quoted = tok->quoted;
    switch (tok->sym) {
    case FX_SYM_NUMBER:
        if (tok->bad_octal && !c->bad_octal)
            c->bad_octal = tok->start + 1;
        it->aux = add_const(c, fx_number(fx__literal_number(s, len)));
        break;
    case FX_SYM_STRING:
        if ((str = unquote(c, tok, &len)) != NULL)
            it->aux = add_const(c, fx_string(str, len));
        break;
    case FX_SYM_SYMBOL:
        if (tok->quoted) {
            if ((str = unquote(c, tok, &len)) != NULL)
                it->aux = add_name(c, str, len);
        } else if ((str = rm_arena_strndup(&c->e->arena, s, len)) != NULL) {
            it->aux = add_name(c, str, len);
        } else {
            c->nomem = true;
        }
        break;
    default:
        if (tok->sym >= FX_SYM_EQ)
            it->aux = rel_of_sym[tok->sym];
        break;
    }
}

/* The constants' entry for a bare name, or NULL. Names are never split at dots: `a.b` is the
 * property "a.b", as without filtrex's customProp option (F-FLX-009). */
static const struct fx_constant *constant(const struct compiler *c, const struct item *sym)
{
    const struct fx__name *name = (const struct fx__name *)c->names.p + sym->aux;
    if (sym->quoted || !c->constants)
        return NULL;
    for (const struct fx_constant *k = c->constants; k->name; k++)
        if (strlen(k->name) == name->len && memcmp(k->name, name->ptr, name->len) == 0)
            return k;
    return NULL;
}

static enum fx__fn function(const struct compiler *c, int32_t name_index)
{
    const struct fx__name *name = (const struct fx__name *)c->names.p + name_index;
    for (int fn = 0; fn < FX_FN_UNKNOWN; fn++)
        if (strlen(fx__fn_names[fn]) == name->len &&
            memcmp(fx__fn_names[fn], name->ptr, name->len) == 0)
            return (enum fx__fn)fn;
    return FX_FN_UNKNOWN;
}

/* ---- code for each production ---- */

static int32_t regex_slot(struct compiler *c, int rel)
{
    return rel == FX_REL_MATCH ? (int32_t)c->nregex++ : 0;
}

/* `a op b op c ...`: ops['op'](a, tmp0 = b) && ops['op'](tmp0, tmp1 = c) && ...; a false link
 * skips the operands after it. */
static void emit_relation(struct compiler *c, int32_t first)
{
    const struct link *links = c->links.p;
    size_t k = 0;
    for (int32_t l = first; l >= 0; l = links[l].next)
        k++;
    if (k == 2) {
        emit(c, FX_OP_REL, links[first].rel, 0, regex_slot(c, links[first].rel));
        return;
    }
    int32_t start = links[first].code, end = code_len(c);
    size_t body_len = (size_t)(end - start);
    struct fx__ins *body = malloc((body_len ? body_len : 1) * sizeof *body);
    if (!body || !vec_push(c, &c->code, 2 * k - 2)) {
        free(body);
        c->nomem = true;
        return;
    }
    memcpy(body, code(c) + start, body_len * sizeof *body);
    int32_t out = start, finish = end + (int32_t)(2 * k - 2) - 1; /* the CHAIN_END */
    int prev_rel = 0;
    for (int32_t l = first, i = 0; l >= 0; l = links[l].next, i++) {
        int32_t from = links[l].code, to = links[l].next >= 0 ? links[links[l].next].code : end;
        memcpy(code(c) + out, body + (from - start), (size_t)(to - from) * sizeof *body);
        out += to - from;
        if (i > 0) {
            set(c, out, FX_OP_REL_KEEP, prev_rel, 0, regex_slot(c, prev_rel));
            out++;
            if (links[l].next >= 0) {
                set(c, out, FX_OP_CHAIN_JUMP, 0, finish - out, 0);
                out++;
            }
        }
        prev_rel = links[l].rel;
    }
    set(c, out, FX_OP_CHAIN_END, 0, 0, 0);
    free(body);
}

static int32_t new_link(struct compiler *c, int32_t code_start, int32_t rel, int32_t next)
{
    struct link *l = vec_push(c, &c->links, 1);
    if (!l)
        return -1;
    *l = (struct link){ code_start, rel, next };
    return (int32_t)(c->links.len - 1);
}

/* F-FLX-008: the deprecated `%` is `mod` (and `? :` is `if`), minus filtrex's console warning. */
static const enum fx__op binary_ops[] = {
    [FX_PROD_ADD] = FX_OP_ADD, [FX_PROD_SUB] = FX_OP_SUB, [FX_PROD_MUL] = FX_OP_MUL,
    [FX_PROD_DIV] = FX_OP_DIV, [FX_PROD_POW] = FX_OP_POW, [FX_PROD_MOD] = FX_OP_MOD,
    [FX_PROD_PERCENT] = FX_OP_MOD, [FX_PROD_IN] = FX_OP_IN, [FX_PROD_NOT_IN] = FX_OP_NOT_IN,
};

/* `if c then a else b` and `c ? a : b`: c; JUMP_UNLESS else; a; JUMP end; else: b. */
static void emit_conditional(struct compiler *c, int32_t then_at, int32_t else_at)
{
    int32_t end = code_len(c);
    if (!insert(c, then_at, 1) || !insert(c, else_at + 1, 1))
        return;
    set(c, then_at, FX_OP_JUMP_UNLESS, 0, else_at + 2 - then_at, 0);
    set(c, else_at + 1, FX_OP_JUMP, 0, end + 2 - (else_at + 1), 0);
}

/* `a and b`: a; AND_JUMP end; b; BOOL. */
static void emit_logical(struct compiler *c, enum fx__op op, int32_t right_at)
{
    int32_t end = code_len(c);
    if (!insert(c, right_at, 1))
        return;
    set(c, right_at, op, 0, end + 2 - right_at, 0);
    emit(c, FX_OP_BOOL, 0, 0, 0);
}

/* Emits the code of production p, whose right-hand side is rhs[0..); fills *lhs's value. */
static void reduce(struct compiler *c, int p, const struct item *rhs, struct item *lhs)
{
    const struct fx_constant *k;
    lhs->code = fx__prod_len[p] ? rhs[0].code : code_len(c);
    switch (p) {
    case FX_PROD_NEG: emit(c, FX_OP_NEG, 0, 0, 0); break;
    case FX_PROD_ADD: case FX_PROD_SUB: case FX_PROD_MUL: case FX_PROD_DIV: case FX_PROD_POW:
    case FX_PROD_MOD: case FX_PROD_PERCENT: case FX_PROD_IN: case FX_PROD_NOT_IN:
        emit(c, binary_ops[p], 0, 0, 0);
        break;
    case FX_PROD_AND: emit_logical(c, FX_OP_AND_JUMP, rhs[2].code); break;
    case FX_PROD_OR: emit_logical(c, FX_OP_OR_JUMP, rhs[2].code); break;
    case FX_PROD_NOT: emit(c, FX_OP_NOT, 0, 0, 0); break;
    case FX_PROD_IF: emit_conditional(c, rhs[3].code, rhs[5].code); break;
    case FX_PROD_TERNARY: emit_conditional(c, rhs[2].code, rhs[4].code); break;
    case FX_PROD_ARRAY: emit(c, FX_OP_ARRAY, 0, rhs[1].n + 1, 0); break;
    case FX_PROD_NUMBER: case FX_PROD_STRING: emit(c, FX_OP_CONST, 0, rhs[0].aux, 0); break;
    case FX_PROD_SYMBOL:
        if ((k = constant(c, &rhs[0])) != NULL)
            emit(c, FX_OP_CONST, 0, add_const(c, k->value), 0);
        else
            emit(c, FX_OP_PROP, 0, rhs[0].aux, 0);
        break;
    case FX_PROD_OF:
        /* prop() answers a constant before it looks at the object, which is still evaluated */
        if ((k = constant(c, &rhs[0])) != NULL) {
            emit(c, FX_OP_POP, 0, 0, 0);
            emit(c, FX_OP_CONST, 0, add_const(c, k->value), 0);
        } else {
            emit(c, FX_OP_PROP_OF, 0, rhs[0].aux, 0);
        }
        break;
    case FX_PROD_CALL0: emit(c, FX_OP_CALL, function(c, rhs[0].aux), rhs[0].aux, 0); break;
    case FX_PROD_CALL:
        emit(c, FX_OP_CALL, function(c, rhs[0].aux), rhs[0].aux, rhs[2].n);
        break;
    case FX_PROD_RELATION: emit_relation(c, rhs[0].aux); break;
    case FX_PROD_REL_EQ: case FX_PROD_REL_NE: case FX_PROD_REL_MATCH: case FX_PROD_REL_LT:
    case FX_PROD_REL_LE: case FX_PROD_REL_GE: case FX_PROD_REL_GT:
        lhs->aux = rhs[0].aux;
        break;
    case FX_PROD_CHAIN: lhs->aux = new_link(c, rhs[0].code, rhs[1].aux, rhs[2].aux); break;
    case FX_PROD_PAIR:
        lhs->aux = new_link(c, rhs[0].code, rhs[1].aux, new_link(c, rhs[2].code, 0, -1));
        break;
    case FX_PROD_ARG_FIRST: lhs->n = 1; break;
    case FX_PROD_ARG_NEXT: lhs->n = rhs[0].n + 1; break;
    default: break; /* GROUP, ACCEPT: the code is there already */
    }
}

/* Jison's parse loop (parser.mjs `parse`): shift, reduce, or report what was expected. */
static bool parse(struct compiler *c)
{
    struct item stack[LR_STACK_MAX];
    size_t top = 0;
    struct fx__token tok;
    bool have_token = false;
    unsigned shifted_lines = 0; /* the parser reports the line of the last shifted token */
    stack[0] = (struct item){ .state = 0 };
    while (!c->nomem) {
        int state = stack[top].state, action;
        if (fx__lr_default[state]) {
            action = -fx__lr_default[state];
        } else {
            if (!have_token) {
                if (fx__lex(&c->lx, &tok) != 0) {
                    lexical_error(c);
                    return false;
                }
                have_token = true;
            }
            action = fx__lr[state][tok.sym];
        }
        if (action == 0) {
            parse_error(c, state, &tok, shifted_lines);
            return false;
        }
        if (action > 0 && action != FX_LR_ACCEPT) {
            if (top + 1 >= LR_STACK_MAX) {
                limit_error(c, tok.start, "expression too deeply nested");
                return false;
            }
            stack[++top] = (struct item){ .state = action - 1, .code = code_len(c) };
            token_value(c, &tok, &stack[top]);
            shifted_lines = c->lx.lines;
            have_token = false;
            continue;
        }
        int p = action == FX_LR_ACCEPT ? FX_PROD_ACCEPT : -action;
        size_t len = fx__prod_len[p];
        struct item lhs = { 0 };
        reduce(c, p, &stack[top + 1 - len], &lhs);
        if (p == FX_PROD_ACCEPT)
            return !c->nomem;
        top -= len;
        lhs.state = fx__lr[stack[top].state][fx__prod_lhs[p]] - 1;
        stack[++top] = lhs;
    }
    return false;
}

/* ---- the evaluator's stack depth ---- */

/* Walks the code once; every jump is forward, and the depth at its target is the depth it
 * leaves. Returns the most values the stack ever holds. */
static size_t stack_need(const struct fx__ins *code, size_t n, int32_t *at)
{
    int32_t depth = 0, max = 1;
    bool dead = false;
    for (size_t i = 0; i <= n; i++)
        at[i] = -1;
    for (size_t pc = 0; pc < n; pc++) {
        const struct fx__ins *ins = &code[pc];
        if (at[pc] >= 0 && (dead || at[pc] > depth))
            depth = at[pc];
        dead = false;
        switch ((enum fx__op)ins->op) {
        case FX_OP_CONST: case FX_OP_PROP: depth++; break;
        case FX_OP_PROP_OF: case FX_OP_NEG: case FX_OP_NOT: case FX_OP_BOOL:
        case FX_OP_REL_KEEP:
            break;
        case FX_OP_CHAIN_JUMP: case FX_OP_AND_JUMP: case FX_OP_OR_JUMP:
            at[pc + (size_t)ins->a] = depth;
            depth--;
            break;
        case FX_OP_JUMP_UNLESS:
            depth--;
            at[pc + (size_t)ins->a] = depth;
            break;
        case FX_OP_JUMP:
            at[pc + (size_t)ins->a] = depth;
            dead = true;
            break;
        case FX_OP_ARRAY: depth -= ins->a - 1; break;
        case FX_OP_CALL: depth -= ins->b - 1; break;
        default: depth--; break; /* the binary operators, POP, CHAIN_END */
        }
        if (depth > max)
            max = depth;
    }
    return (size_t)max;
}

/* ---- the public entry points ---- */

static void *arena_copy(struct compiler *c, const struct fx__vec *v)
{
    void *p = rm_arena_alloc(&c->e->arena, v->len * v->size + 1);
    if (!p) {
        c->nomem = true;
        return NULL;
    }
    if (v->len)
        memcpy(p, v->p, v->len * v->size);
    return p;
}

static bool finish(struct compiler *c)
{
    struct fx_expr *e = c->e;
    e->ncode = c->code.len;
    e->code = arena_copy(c, &c->code);
    e->consts = arena_copy(c, &c->consts);
    e->names = arena_copy(c, &c->names);
    int32_t *at = malloc((e->ncode + 1) * sizeof *at);
    if (!at || c->nomem) {
        free(at);
        return false;
    }
    e->max_stack = stack_need(e->code, e->ncode, at);
    free(at);
    e->stack = rm_arena_calloc(&e->arena, e->max_stack, sizeof *e->stack);
    e->nregex = c->nregex;
    e->regex = rm_arena_calloc(&e->arena, e->nregex + 1, sizeof *e->regex);
    return e->stack && e->regex;
}

static bool valid_utf8(struct compiler *c)
{
    uint32_t cp;
    for (size_t at = 0, n; at < c->len; at += n) {
        n = fx__utf8_decode((const unsigned char *)c->text + at, c->len - at, &cp);
        if (n == 0) {
            char msg[80];
            snprintf(msg, sizeof msg, "expression is not valid UTF-8 (byte %zu)", at);
            limit_error(c, at, msg);
            return false;
        }
    }
    return true;
}

struct fx_expr *fx_compile(const char *text, size_t len, const struct fx_constant *constants,
                           struct fx_error *err)
{
    struct fx_expr *e = NULL;
    struct fx_error ignored;
    if (!err)
        err = &ignored;
    err->kind = FX_ERR_NOMEM;
    err->offset = 0;
    err->message[0] = '\0';
    err->message_len = 0;
    struct compiler c = {
        .text = text ? text : "",
        .len = text ? len : 0,
        .constants = constants,
        .code.size = sizeof(struct fx__ins),
        .consts.size = sizeof(struct fx_value),
        .names.size = sizeof(struct fx__name),
        .links.size = sizeof(struct link),
        .err = err,
    };
    c.lx = (struct fx__lexer){ .text = c.text, .len = c.len };
    bool ok = false;
    if (c.len > FX_MAX_LENGTH) {
        char msg[80];
        snprintf(msg, sizeof msg, "expression too long (over %d bytes)", FX_MAX_LENGTH);
        limit_error(&c, FX_MAX_LENGTH, msg);
        goto out;
    }
    if (!valid_utf8(&c))
        goto out;
    e = calloc(1, sizeof *e);
    if (!e) {
        c.nomem = true;
        goto out;
    }
    rm_arena_init(&e->arena, 0);
    rm_arena_init(&e->scratch, FX_SCRATCH_MAX);
    c.e = e;
    if (!parse(&c))
        goto out;
    if (c.bad_octal) { /* F-FLX-010: only once the parse succeeded, as new Function() fails */
        error_set(&c, FX_ERR_SYNTAX, c.bad_octal - 1, "Unexpected number", 17);
        goto out;
    }
    ok = finish(&c);
out:
    if (!ok && err->message_len == 0)
        error_set(&c, FX_ERR_NOMEM, 0, "out of memory", 13);
    free(c.code.p);
    free(c.consts.p);
    free(c.names.p);
    free(c.links.p);
    if (!ok) {
        fx_free(e);
        return NULL;
    }
    return e;
}

void fx_free(struct fx_expr *e)
{
    if (!e)
        return;
    for (size_t i = 0; i < e->nregex && e->regex; i++) {
        fx__regex_free(e->regex[i].re);
        free(e->regex[i].pattern);
        free(e->regex[i].message);
    }
    rm_arena_clear(&e->scratch);
    rm_arena_clear(&e->arena);
    free(e);
}
