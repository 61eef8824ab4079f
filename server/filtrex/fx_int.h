/*
 * Internals of server/filtrex shared by its files: tokens, the compiled program, the
 * evaluator's state, JavaScript number conversions and the ~= regular expressions.
 */
#ifndef RMMSIM_FX_INT_H
#define RMMSIM_FX_INT_H

#include "core/rm.h"
#include "filtrex/filtrex.h"
#include "filtrex/grammar.h"

#include <stdint.h>

/* ---- utf8: decoding for positions counted as JavaScript counts them ---- */

/* Decodes the UTF-8 sequence at s[0..len) (len > 0). Returns its length in bytes, or 0 if
 * it is not well-formed (overlong, surrogate, past U+10FFFF, truncated); *cp gets the code
 * point. */
size_t fx__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* JavaScript's \s: WhiteSpace and LineTerminator code points. */
bool fx__js_space(uint32_t cp);

/* A growable array of elements of one size (compile.c's code, regex.c's program). */
struct fx__vec {
    void *p;
    size_t len, cap, size; /* elements used and allocated; bytes per element */
};

/* Room for n more elements at the end (len grows by n), or NULL when realloc fails. */
void *fx__vec_push(struct fx__vec *v, size_t n);

/* ---- lexer.c: filtrex's ordered lexer rules, first match wins ---- */

struct fx__token {
    int sym;         /* enum fx__sym */
    size_t start;    /* first byte of the token's text (after skipped white space) */
    size_t end;      /* one past its last byte; a keyword includes the character it swallowed */
    bool quoted;     /* a 'quoted' Symbol */
    bool bad_octal;  /* a Number such as 010.5, which JavaScript refuses (F-FLX-010) */
    bool split;      /* a keyword that swallowed a character outside the BMP */
};

struct fx__lexer {
    const char *text;
    size_t len;
    size_t pos;     /* next byte to read */
    unsigned lines; /* line breaks in the text consumed so far, counted token by token */
    bool split;     /* a keyword took half of a character outside the BMP: the other half
                       (a lone low surrogate in JavaScript) is unrecognized text */
};

/* Reads the next token. Returns 0, or -1 when no rule matches at lx->pos (which
 * then points at the unrecognized text). */
int fx__lex(struct fx__lexer *lx, struct fx__token *tok);
/* Line breaks in s[0..len) as Jison counts them: \r\n, \r and \n each count once. */
unsigned fx__line_breaks(const char *s, size_t len);

/* ---- the compiled program (compile.c writes it, eval.c runs it) ---- */

#define FX_OPS(X)                                                                                 \
    X(CONST)      /* push consts[a] */                                                            \
    X(PROP)       /* push the record's property names[a] */                                       \
    X(PROP_OF)    /* pop an object, push its property names[a] */                                 \
    X(POP)        /* drop the top */                                                              \
    X(NEG)        /* unary minus */                                                               \
    X(ADD) X(SUB) X(MUL) X(DIV) X(POW) X(MOD)                                                     \
    X(IN) X(NOT_IN)                                                                               \
    X(REL)        /* pop b, a; push rel[aux](a, b) */                                             \
    X(REL_KEEP)   /* pop b, a; push b, rel[aux](a, b): one link of a chain a < b < c */           \
    X(CHAIN_JUMP) /* if the top is false jump by a keeping it, else pop it */                     \
    X(CHAIN_END)  /* pop r, pop b, push r */                                                      \
    X(NOT)        /* logical not of a real boolean */                                             \
    X(BOOL)       /* the top must be a boolean (after unwrapping) and becomes it */               \
    X(AND_JUMP)   /* top to boolean; if false jump by a keeping it, else pop it */                \
    X(OR_JUMP)    /* top to boolean; if true jump by a keeping it, else pop it */                 \
    X(JUMP_UNLESS) /* pop a boolean; jump by a if it is false */                                  \
    X(JUMP)       /* jump by a */                                                                 \
    X(ARRAY)      /* pop a values, push a new list of them */                                     \
    X(CALL)       /* pop b arguments, push function aux's result (names[a] if unknown) */

enum fx__op {
#define FX_OP_ENUM(name) FX_OP_##name,
    FX_OPS(FX_OP_ENUM)
#undef FX_OP_ENUM
};

enum fx__rel { FX_REL_EQ, FX_REL_NE, FX_REL_MATCH, FX_REL_LT, FX_REL_LE, FX_REL_GE, FX_REL_GT };

/* Built-in functions (filtrex's default `functions`); FX_FN_UNKNOWN fails when called. */
enum fx__fn {
    FX_FN_ABS, FX_FN_CEIL, FX_FN_FLOOR, FX_FN_LOG, FX_FN_LOG2, FX_FN_LOG10, FX_FN_MAX,
    FX_FN_MIN, FX_FN_ROUND, FX_FN_SQRT, FX_FN_EXISTS, FX_FN_EMPTY, FX_FN_UNKNOWN
};
extern const char *const fx__fn_names[FX_FN_UNKNOWN];

struct fx__ins {
    uint16_t op;  /* enum fx__op */
    uint16_t aux; /* enum fx__rel, enum fx__fn */
    int32_t a;    /* jump distance (relative to this instruction), index, count */
    int32_t b;    /* CALL: argument count; REL with ~=: regex cache slot */
};

struct fx__name {
    const char *ptr; /* decoded (escapes resolved), in the expression's arena */
    size_t len;
};

/* One ~= site's last pattern and its compiled form, kept across evaluations. */
struct fx__regex_slot {
    char *pattern; /* malloc'd copy, NULL if none yet */
    size_t len;
    struct fx__regex *re; /* NULL if the pattern failed: then kind and message say how */
    enum fx_error_kind kind;
    char *message; /* malloc'd */
};

struct fx_expr {
    struct fx__ins *code; /* in arena */
    size_t ncode;
    struct fx_value *consts; /* numbers, strings, constants' values */
    struct fx__name *names;  /* property and function names */
    struct fx_value *stack;  /* the evaluator's value stack, max_stack deep */
    size_t max_stack;
    struct fx__regex_slot *regex; /* one per ~= in the code */
    size_t nregex;
    struct rm_arena arena;   /* everything above; freed by fx_free */
    struct rm_arena scratch; /* one evaluation's strings and lists; cleared at each fx_eval */
};

/* ---- number.c: JavaScript's number <-> string conversions ---- */

/* A digit's value in bases up to 36 ('7' is 7, 'f' and 'F' are 15), or 99 if it is none. */
int fx__digit_value(unsigned c);
/* JavaScript's StringToNumber (Number("0x1F"), Number(" 12 ")): NaN if not numeric. */
double fx__string_to_number(const char *s, size_t len);
/* The value of a Number token as JavaScript source reads it (so 010 is 8, F-FLX-010). */
double fx__literal_number(const char *s, size_t len);

/* ---- regex.c and nfa.c: JavaScript regular expressions for ~= (F-FLX-006) ---- */

/* The program: instructions with relative jumps, and the character classes they test. */
enum fx__rx_op {
    FX_RX_CHAR,   /* one code unit */
    FX_RX_ANY,    /* `.`: any unit but a line terminator */
    FX_RX_CLASS,  /* a unit in the class */
    FX_RX_SPLIT,  /* go on at both targets */
    FX_RX_JUMP,
    FX_RX_BOL,    /* `^`, no multiline flag: the subject's start */
    FX_RX_EOL,    /* `$`: the subject's end */
    FX_RX_WORDB,  /* `\b` */
    FX_RX_NWORDB, /* `\B` */
    FX_RX_MATCH,
};

struct fx__rx_ins {
    uint8_t op; /* enum fx__rx_op */
    uint16_t c; /* CHAR: the code unit */
    int32_t x;  /* CLASS: the class's index; SPLIT, JUMP: distance to the (first) target */
    int32_t y;  /* SPLIT: distance to the second target */
};

struct fx__rx_range {
    uint16_t lo, hi;
};

struct fx__rx_class {
    uint32_t first, count; /* its ranges in fx__regex.ranges */
    bool negated;
};

struct fx__regex {
    struct fx__rx_ins *code;
    size_t ncode;
    struct fx__rx_range *ranges;
    struct fx__rx_class *classes;
    /* NFA simulation state, sized for ncode, reused by every test() */
    uint32_t *clist, *nlist, *stack, *mark;
    uint32_t gen;
};

/* The text as UTF-16 code units, a byte that is not UTF-8 as U+FFFD; out needs len units.
 * Returns the count. */
size_t fx__utf16(const char *s, size_t len, uint16_t *out);
/* Compiles pattern[0..len) as RegExp(pattern) would. Returns 0, or FX_ERR_SYNTAX with
 * JavaScript's message, FX_ERR_UNSUPPORTED or FX_ERR_LIMIT with rmmsim's, in msg. */
int fx__regex_compile(const char *pattern, size_t len, struct fx__regex **out, char *msg,
                      size_t msg_size);
/* RegExp.prototype.test on s[0..len). Returns 1, 0, or -FX_ERR_LIMIT (too costly) or
 * -FX_ERR_NOMEM; scratch holds the subject's UTF-16 form. */
int fx__regex_test(struct fx__regex *re, const char *s, size_t len, struct rm_arena *scratch);
void fx__regex_free(struct fx__regex *re);

#endif
