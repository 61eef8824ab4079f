/*
 * Runs a compiled filtrex expression: a loop over the program with a value stack sized at
 * compile time, no recursion. Semantics are filtrex 3.1.0's dist/esnext/filtrex.mjs and
 * utils.mjs (reference/pcvisit.md section 2.3); a JavaScript exception ends the evaluation and
 * becomes the FX_ERROR result, as compileExpression's wrapper returns it.
 */
#include "fx_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *const fx__fn_names[FX_FN_UNKNOWN] = {
    "abs", "ceil", "floor", "log",  "log2",   "log10",
    "max", "min",  "round", "sqrt", "exists", "empty",
};

#define FX_CLASS_NAME(name, js_class, i18n) js_class,
#define FX_I18N_NAME(name, js_class, i18n) i18n,
static const char *const error_classes[] = { FX_ERRORS(FX_CLASS_NAME) };
static const char *const error_i18n[] = { FX_ERRORS(FX_I18N_NAME) };

const char *fx_error_class(enum fx_error_kind kind)
{
    return (size_t)kind < RM_ARRAY_LEN(error_classes) ? error_classes[kind] : "Error";
}

const char *fx_error_i18n(enum fx_error_kind kind)
{
    return (size_t)kind < RM_ARRAY_LEN(error_i18n) ? error_i18n[kind] : NULL;
}

struct vm {
    struct fx_expr *e;
    struct fx_value record; /* the data object: lookup and record */
    struct fx_value error;  /* set once something threw */
};

static const struct fx_value scratch_full = {
    .kind = FX_ERROR,
    .u.err = { FX_ERR_LIMIT, "expression needs too much memory for one evaluation", 51 },
};
static const struct fx_value out_of_memory = {
    .kind = FX_ERROR,
    .u.err = { FX_ERR_NOMEM, "out of memory", 13 },
};

/* The scratch arena refused: its cap (F-FLX-004), or rarely malloc, which it does not tell. */
static struct fx_value no_scratch(const struct vm *vm)
{
    (void)vm;
    return scratch_full;
}

/* Throws: the message is the concatenation of the given (pointer, length) parts. */
static bool throw_parts(struct vm *vm, enum fx_error_kind kind, int nparts, ...)
{
    va_list ap;
    size_t len = 0;
    va_start(ap, nparts);
    for (int i = 0; i < nparts; i++) {
        (void)va_arg(ap, const char *);
        len += va_arg(ap, size_t);
    }
    va_end(ap);
    char *msg = rm_arena_alloc(&vm->e->scratch, len + 1);
    if (!msg) {
        vm->error = no_scratch(vm);
        return false;
    }
    char *o = msg;
    va_start(ap, nparts);
    for (int i = 0; i < nparts; i++) {
        const char *p = va_arg(ap, const char *);
        size_t n = va_arg(ap, size_t);
        if (n > 0)
            memcpy(o, p, n);
        o += n;
    }
    va_end(ap);
    *o = '\0';
    vm->error = (struct fx_value){ .kind = FX_ERROR, .u.err = { kind, msg, len } };
    return false;
}

#define LIT(s) s, sizeof(s) - 1
#define STR(s) s, strlen(s)

static bool throw_unknown_property(struct vm *vm, const struct fx__name *name)
{
    return throw_parts(vm, FX_ERR_UNKNOWN_PROPERTY, 3, LIT("Property \u201c"), name->ptr,
                       name->len, LIT("\u201d does not exist."));
}

/* ---- filtrex's coercions (utils.mjs) ---- */

/* unwrap(): a one-element list gives its element; unbox() then returns nothing for anything
 * of typeof "object", so null, lists and objects become undefined (F-FLX-011). */
static struct fx_value unwrap(struct fx_value v)
{
    if (v.kind == FX_ARRAY && v.u.a.count == 1)
        v = v.u.a.items[0];
    if (v.kind == FX_NULL || v.kind == FX_ARRAY || v.kind == FX_OBJECT)
        v.kind = FX_UNDEFINED;
    return v;
}

/* prettyType() of an unwrapped value. */
static const char *pretty_type(struct fx_value v)
{
    switch (v.kind) {
    case FX_BOOL: return v.u.b ? "true" : "false";
    case FX_NUMBER: return "number";
    case FX_STRING: return "text";
    default: return "undefined";
    }
}

static bool throw_type(struct vm *vm, const char *expected, struct fx_value got)
{
    const char *type = pretty_type(got);
    return throw_parts(vm, FX_ERR_UNEXPECTED_TYPE, 5, LIT("Expected a "), STR(expected),
                       LIT(", but got a "), STR(type), LIT(" instead."));
}

/* num(), str(), numstr(), bool(): the unwrapped value, or a throw. */
static bool coerce(struct vm *vm, struct fx_value v, enum fx_kind want, struct fx_value *out)
{
    *out = unwrap(v);
    if (out->kind == want)
        return true;
    if (want == FX_NUMBER)
        return throw_type(vm, "number", *out);
    if (want == FX_STRING)
        return throw_type(vm, "text", *out);
    return throw_type(vm, "logical value (\u201ctrue\u201d or \u201cfalse\u201d)", *out);
}

static bool num_or_str(struct vm *vm, struct fx_value v, struct fx_value *out)
{
    *out = unwrap(v);
    return out->kind == FX_NUMBER || out->kind == FX_STRING ||
           throw_type(vm, "text or number", *out);
}

/* ---- JavaScript semantics ---- */

static bool strict_equal(struct fx_value a, struct fx_value b, bool nan_equal)
{
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case FX_BOOL: return a.u.b == b.u.b;
    case FX_NUMBER: return a.u.n == b.u.n || (nan_equal && isnan(a.u.n) && isnan(b.u.n));
    case FX_STRING:
        return a.u.s.len == b.u.s.len &&
               (a.u.s.len == 0 || memcmp(a.u.s.ptr, b.u.s.ptr, a.u.s.len) == 0);
    /* F-FLX-005: lists and objects are equal only to themselves. */
    case FX_ARRAY: return a.u.a.items == b.u.a.items && a.u.a.count == b.u.a.count;
    case FX_OBJECT: return a.u.o.lookup == b.u.o.lookup && a.u.o.record == b.u.o.record;
    default: return true; /* undefined, null */
    }
}

/* ToNumber of a list: ToPrimitive gives its join(","), which is "" when it is empty and holds
 * a comma (NaN) when it has two or more elements; one element gives its own ToString, where
 * null and undefined are "" and true is "true" (NaN). */
static double list_to_number(struct fx_value v)
{
    for (int depth = 0; depth < 10000; depth++) {
        if (v.u.a.count != 1)
            return v.u.a.count == 0 ? 0 : NAN;
        v = v.u.a.items[0];
        switch (v.kind) {
        case FX_ARRAY: continue;
        case FX_NULL: case FX_UNDEFINED: return 0;
        case FX_NUMBER: return v.u.n == 0 ? 0 : v.u.n; /* String(-0) is "0" */
        case FX_STRING: return fx__string_to_number(v.u.s.ptr, v.u.s.len);
        default: return NAN;
        }
    }
    return 0; /* a cycle of one-element lists: join() gives "" for it */
}

/* ToNumber, as Math.abs("3") applies it to its argument. */
static double to_number(struct fx_value v)
{
    switch (v.kind) {
    case FX_NULL: return 0;
    case FX_BOOL: return v.u.b;
    case FX_NUMBER: return v.u.n;
    case FX_STRING: return fx__string_to_number(v.u.s.ptr, v.u.s.len);
    case FX_ARRAY: return list_to_number(v);
    default: return NAN; /* undefined, an object */
    }
}

static double js_round(double x)
{
    if (!isfinite(x) || x == 0)
        return x;
    double r = floor(x);
    if (x - r >= 0.5)
        r += 1;
    return r == 0 && x < 0 ? -0.0 : r;
}

static double js_pow(double a, double b)
{
    if (isnan(b) || (fabs(a) == 1 && isinf(b)))
        return NAN; /* C's pow says 1 */
    return pow(a, b);
}

static double js_mod(double a, double b)
{
    return fmod(fmod(a, b) + b, b); /* filtrex's mod(): ((a % b) + b) % b */
}

static double max_or_min(const struct fx_value *args, int32_t n, bool max)
{
    double r = max ? -INFINITY : INFINITY;
    bool nan = false;
    for (int32_t i = 0; i < n; i++) {
        double x = to_number(args[i]);
        if (isnan(x))
            nan = true;
        else if (max ? (x > r || (x == 0 && r == 0 && signbit(r))) :
                       (x < r || (x == 0 && r == 0 && signbit(x))))
            r = x;
    }
    return nan ? NAN : r;
}

static struct fx_value call(enum fx__fn fn, const struct fx_value *args, int32_t n)
{
    struct fx_value arg = n > 0 ? args[0] : (struct fx_value){ .kind = FX_UNDEFINED };
    double x = fn <= FX_FN_SQRT && fn != FX_FN_MAX && fn != FX_FN_MIN ? to_number(arg) : 0;
    switch (fn) {
    case FX_FN_ABS: return fx_number(fabs(x));
    case FX_FN_CEIL: return fx_number(ceil(x));
    case FX_FN_FLOOR: return fx_number(floor(x));
    case FX_FN_LOG: return fx_number(log(x)); /* F-FLX-007: libm, not V8's fdlibm */
    case FX_FN_LOG2: return fx_number(log2(x));
    case FX_FN_LOG10: return fx_number(log10(x));
    case FX_FN_MAX: return fx_number(max_or_min(args, n, true));
    case FX_FN_MIN: return fx_number(max_or_min(args, n, false));
    case FX_FN_ROUND: return fx_number(js_round(x));
    case FX_FN_SQRT: return fx_number(sqrt(x));
    case FX_FN_EXISTS: return fx_bool(arg.kind != FX_UNDEFINED && arg.kind != FX_NULL);
    default: /* FX_FN_EMPTY */
        return fx_bool(arg.kind == FX_UNDEFINED || arg.kind == FX_NULL ||
                       (arg.kind == FX_STRING && arg.u.s.len == 0) ||
                       (arg.kind == FX_ARRAY && arg.u.a.count == 0));
    }
}

/* hasOwnProperty(obj, name) ? obj[name] : throw UnknownPropertyError. */
static bool prop(struct vm *vm, struct fx_value obj, const struct fx__name *name,
                 struct fx_value *out)
{
    if (obj.kind == FX_OBJECT && obj.u.o.lookup) {
        *out = obj.u.o.lookup(name->ptr, name->len, obj.u.o.record);
        if (out->kind == FX_ABSENT)
            return throw_unknown_property(vm, name);
        if (out->kind == FX_ERROR) {
            vm->error = *out;
            return false;
        }
        if ((unsigned)out->kind > FX_ERROR)
            return throw_parts(vm, FX_ERR_INTERNAL, 1, LIT("lookup returned an invalid value"));
        return true;
    }
    if (obj.kind == FX_ARRAY) { /* a list's own properties: its indexes and length */
        if (name->len == 6 && memcmp(name->ptr, "length", 6) == 0) {
            *out = fx_number((double)obj.u.a.count);
            return true;
        }
        size_t index = 0, i;
        for (i = 0; i < name->len && i < 16; i++) {
            char c = name->ptr[i];
            if (c < '0' || c > '9' || (i == 1 && name->ptr[0] == '0'))
                break;
            index = index * 10 + (size_t)(c - '0');
        }
        if (name->len > 0 && i == name->len && index < obj.u.a.count) {
            *out = obj.u.a.items[index];
            return true;
        }
    }
    return throw_unknown_property(vm, name);
}

/* "a" + 1: both sides as strings, numbers as String(n) writes them. */
static bool concat(struct vm *vm, struct fx_value a, struct fx_value b, struct fx_value *out)
{
    char abuf[32], bbuf[32];
    const char *ap = a.u.s.ptr, *bp = b.u.s.ptr;
    size_t alen = a.u.s.len, blen = b.u.s.len;
    if (a.kind == FX_NUMBER)
        alen = fx_number_format(a.u.n, abuf), ap = abuf;
    if (b.kind == FX_NUMBER)
        blen = fx_number_format(b.u.n, bbuf), bp = bbuf;
    char *s = rm_arena_alloc(&vm->e->scratch, alen + blen + 1);
    if (!s) {
        vm->error = no_scratch(vm);
        return false;
    }
    if (alen)
        memcpy(s, ap, alen);
    if (blen)
        memcpy(s + alen, bp, blen);
    s[alen + blen] = '\0';
    *out = fx_string(s, alen + blen);
    return true;
}

/* RegExp(str(b)).test(str(a)), with the compiled pattern kept per ~= site. */
static bool match(struct vm *vm, struct fx_value a, struct fx_value b, int32_t slot_index,
                  bool *out)
{
    struct fx_value pa, pb;
    if (!coerce(vm, b, FX_STRING, &pb))
        return false;
    struct fx__regex_slot *slot = &vm->e->regex[slot_index];
    if (!slot->pattern || slot->len != pb.u.s.len ||
        (pb.u.s.len && memcmp(slot->pattern, pb.u.s.ptr, pb.u.s.len) != 0)) {
        char msg[FX_MESSAGE_MAX];
        fx__regex_free(slot->re);
        free(slot->pattern);
        free(slot->message);
        *slot = (struct fx__regex_slot){ 0 };
        slot->kind = fx__regex_compile(pb.u.s.ptr, pb.u.s.len, &slot->re, msg, sizeof msg);
        slot->message = slot->kind ? strdup(msg) : NULL;
        slot->pattern = malloc(pb.u.s.len + 1);
        if (!slot->pattern || (slot->kind && !slot->message)) {
            free(slot->pattern);
            slot->pattern = NULL;
            vm->error = out_of_memory;
            return false;
        }
        memcpy(slot->pattern, pb.u.s.ptr, pb.u.s.len);
        slot->len = pb.u.s.len;
    }
    if (slot->kind)
        return throw_parts(vm, slot->kind, 1, STR(slot->message));
    if (!coerce(vm, a, FX_STRING, &pa))
        return false;
    int rc = fx__regex_test(slot->re, pa.u.s.ptr, pa.u.s.len, &vm->e->scratch);
    if (rc == -FX_ERR_LIMIT)
        return throw_parts(vm, FX_ERR_LIMIT, 1, LIT("regular expression too costly"));
    if (rc < 0) {
        vm->error = out_of_memory;
        return false;
    }
    *out = rc == 1;
    return true;
}

static bool relation(struct vm *vm, const struct fx__ins *ins, struct fx_value a,
                     struct fx_value b, bool *out)
{
    struct fx_value na, nb;
    switch (ins->aux) {
    case FX_REL_EQ: *out = strict_equal(a, b, false); return true;
    case FX_REL_NE: *out = !strict_equal(a, b, false); return true;
    case FX_REL_MATCH: return match(vm, a, b, ins->b, out);
    default: break;
    }
    if (!coerce(vm, a, FX_NUMBER, &na) || !coerce(vm, b, FX_NUMBER, &nb))
        return false;
    switch (ins->aux) {
    case FX_REL_LT: *out = na.u.n < nb.u.n; break;
    case FX_REL_LE: *out = na.u.n <= nb.u.n; break;
    case FX_REL_GE: *out = na.u.n >= nb.u.n; break;
    default: *out = na.u.n > nb.u.n; break;
    }
    return true;
}

/* std.isSubset(a, b): every element of arr(a) is in arr(b) (SameValueZero). */
static bool subset(struct vm *vm, struct fx_value a, struct fx_value b, bool *out)
{
    if (a.kind == FX_UNDEFINED || a.kind == FX_NULL || b.kind == FX_UNDEFINED ||
        b.kind == FX_NULL) {
        /* arr() throws for the first of them that is null or undefined */
        return throw_type(vm, "list", (struct fx_value){ .kind = FX_UNDEFINED });
    }
    const struct fx_value *as = a.kind == FX_ARRAY ? a.u.a.items : &a;
    const struct fx_value *bs = b.kind == FX_ARRAY ? b.u.a.items : &b;
    size_t an = a.kind == FX_ARRAY ? a.u.a.count : 1, bn = b.kind == FX_ARRAY ? b.u.a.count : 1;
    *out = true;
    for (size_t i = 0; i < an && *out; i++) {
        bool found = false;
        for (size_t j = 0; j < bn && !found; j++)
            found = strict_equal(as[i], bs[j], true);
        *out = found;
    }
    return true;
}

static bool arithmetic(struct vm *vm, enum fx__op op, struct fx_value a, struct fx_value b,
                       struct fx_value *out)
{
    struct fx_value na, nb;
    if (op == FX_OP_ADD) {
        if (!num_or_str(vm, a, &na) || !num_or_str(vm, b, &nb))
            return false;
        if (na.kind == FX_STRING || nb.kind == FX_STRING)
            return concat(vm, na, nb, out);
        *out = fx_number(na.u.n + nb.u.n);
        return true;
    }
    if (op == FX_OP_SUB && b.kind == FX_UNDEFINED) {
        /* ops['-'] is also unary minus: a - undefined is -a */
        if (!coerce(vm, a, FX_NUMBER, &na))
            return false;
        *out = fx_number(-na.u.n);
        return true;
    }
    if (!coerce(vm, a, FX_NUMBER, &na) || !coerce(vm, b, FX_NUMBER, &nb))
        return false;
    double x = na.u.n, y = nb.u.n;
    switch (op) {
    case FX_OP_SUB: *out = fx_number(x - y); break;
    case FX_OP_MUL: *out = fx_number(x * y); break;
    case FX_OP_DIV: *out = fx_number(x / y); break;
    case FX_OP_POW: *out = fx_number(js_pow(x, y)); break;
    default: *out = fx_number(js_mod(x, y)); break;
    }
    return true;
}

/* Runs the program; false once vm->error is set. The stack holds sp values. */
static bool run(struct vm *vm, struct fx_value *result)
{
    const struct fx_expr *e = vm->e;
    struct fx_value *st = e->stack, v;
    size_t sp = 0;
    bool flag;
    for (size_t pc = 0; pc < e->ncode; pc++) {
        const struct fx__ins *ins = &e->code[pc];
        switch ((enum fx__op)ins->op) {
        case FX_OP_CONST: st[sp++] = e->consts[ins->a]; break;
        case FX_OP_PROP:
            if (!prop(vm, vm->record, &e->names[ins->a], &st[sp]))
                return false;
            sp++;
            break;
        case FX_OP_PROP_OF:
            if (!prop(vm, st[sp - 1], &e->names[ins->a], &st[sp - 1]))
                return false;
            break;
        case FX_OP_POP: sp--; break;
        case FX_OP_NEG:
            if (!coerce(vm, st[sp - 1], FX_NUMBER, &v))
                return false;
            st[sp - 1] = fx_number(-v.u.n);
            break;
        case FX_OP_ADD: case FX_OP_SUB: case FX_OP_MUL: case FX_OP_DIV: case FX_OP_POW:
        case FX_OP_MOD:
            if (!arithmetic(vm, (enum fx__op)ins->op, st[sp - 2], st[sp - 1], &st[sp - 2]))
                return false;
            sp--;
            break;
        case FX_OP_IN: case FX_OP_NOT_IN:
            if (!subset(vm, st[sp - 2], st[sp - 1], &flag))
                return false;
            st[sp - 2] = fx_bool(flag == (ins->op == FX_OP_IN));
            sp--;
            break;
        case FX_OP_REL:
            if (!relation(vm, ins, st[sp - 2], st[sp - 1], &flag))
                return false;
            st[sp - 2] = fx_bool(flag);
            sp--;
            break;
        case FX_OP_REL_KEEP:
            if (!relation(vm, ins, st[sp - 2], st[sp - 1], &flag))
                return false;
            st[sp - 2] = st[sp - 1];
            st[sp - 1] = fx_bool(flag);
            break;
        case FX_OP_CHAIN_JUMP:
            if (!st[sp - 1].u.b)
                pc += (size_t)ins->a - 1;
            else
                sp--;
            break;
        case FX_OP_CHAIN_END:
            st[sp - 2] = st[sp - 1];
            sp--;
            break;
        case FX_OP_NOT: case FX_OP_BOOL:
            if (!coerce(vm, st[sp - 1], FX_BOOL, &v))
                return false;
            st[sp - 1] = fx_bool(ins->op == FX_OP_NOT ? !v.u.b : v.u.b);
            break;
        case FX_OP_AND_JUMP: case FX_OP_OR_JUMP:
            if (!coerce(vm, st[sp - 1], FX_BOOL, &v))
                return false;
            if (v.u.b == (ins->op == FX_OP_OR_JUMP)) {
                st[sp - 1] = v;
                pc += (size_t)ins->a - 1;
            } else {
                sp--;
            }
            break;
        case FX_OP_JUMP_UNLESS:
            if (!coerce(vm, st[--sp], FX_BOOL, &v))
                return false;
            if (!v.u.b)
                pc += (size_t)ins->a - 1;
            break;
        case FX_OP_JUMP: pc += (size_t)ins->a - 1; break;
        case FX_OP_ARRAY: {
            size_t n = (size_t)ins->a;
            struct fx_value *items = rm_arena_alloc(&vm->e->scratch, n * sizeof *items);
            if (!items) {
                vm->error = no_scratch(vm);
                return false;
            }
            sp -= n;
            memcpy(items, &st[sp], n * sizeof *items);
            st[sp++] = fx_array(items, n);
            break;
        }
        case FX_OP_CALL:
            sp -= (size_t)ins->b;
            if (ins->aux == FX_FN_UNKNOWN) /* F-FLX-002: a runtime error, after the arguments */
                return throw_parts(vm, FX_ERR_UNKNOWN_FUNCTION, 3, LIT("Unknown function: "),
                                   e->names[ins->a].ptr, e->names[ins->a].len, LIT("()"));
            st[sp] = call((enum fx__fn)ins->aux, &st[sp], ins->b);
            sp++;
            break;
        }
    }
    *result = st[0];
    return true;
}

struct fx_value fx_eval(struct fx_expr *e, fx_lookup_fn lookup, void *record)
{
    struct vm vm = { e, fx_object(lookup, record), { 0 } };
    struct fx_value result;
    rm_arena_clear(&e->scratch);
    if (!run(&vm, &result))
        return vm.error;
    return result;
}

bool fx_truthy(struct fx_value v)
{
    switch (v.kind) {
    case FX_BOOL: return v.u.b;
    case FX_NUMBER: return v.u.n != 0 && !isnan(v.u.n);
    case FX_STRING: return v.u.s.len > 0;
    case FX_ARRAY: case FX_OBJECT: case FX_ERROR: return true;
    default: return false;
    }
}
