/*
 * filtrex's lexer (reference/pcvisit.md section 2.1): Jison tries its rules in order and takes
 * the FIRST that matches, not the longest, so the rules below run in filtrex's order.
 * A keyword swallows the character after it: `not(t)` lexes as `not(` then `t`.
 */
#include "fx_int.h"

#include <stdlib.h>
#include <string.h>

size_t fx__utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2, v = c & 0x1f, min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3, v = c & 0x0f, min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3f);
    }
    if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return n;
}

void *fx__vec_push(struct fx__vec *v, size_t n)
{
    if (v->len + n > v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        while (cap < v->len + n)
            cap *= 2;
        void *p = realloc(v->p, cap * v->size);
        if (!p)
            return NULL;
        v->p = p;
        v->cap = cap;
    }
    void *at = (char *)v->p + v->len * v->size;
    v->len += n;
    return at;
}

bool fx__js_space(uint32_t cp)
{
    switch (cp) {
    case '\t': case '\n': case 0x0b: case '\f': case '\r': case ' ': case 0xa0: case 0x1680:
    case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000: case 0xfeff:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200a;
    }
}

unsigned fx__line_breaks(const char *s, size_t len)
{
    unsigned n = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\n') {
            n++;
        } else if (s[i] == '\r') {
            n++;
            if (i + 1 < len && s[i + 1] == '\n')
                i++;
        }
    }
    return n;
}

static bool is_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Bytes of JavaScript white space at s (one code point), or 0. */
static size_t space_at(const struct fx__lexer *lx, size_t pos)
{
    uint32_t cp;
    size_t n = fx__utf8_decode((const unsigned char *)lx->text + pos, lx->len - pos, &cp);
    return n && fx__js_space(cp) ? n : 0;
}

/* Bytes of a `[^\w]` match at pos: one character that is not a word character, or 0. A
 * character outside the BMP is two UTF-16 units in JavaScript, of which the rule takes one:
 * fx__lex takes it whole and fails at the next token, where JavaScript meets the other half.
 * Bytes that are not UTF-8 never get here. */
static size_t non_word_at(const struct fx__lexer *lx, size_t pos)
{
    uint32_t cp;
    if (pos >= lx->len || is_word((unsigned char)lx->text[pos]))
        return 0;
    return fx__utf8_decode((const unsigned char *)lx->text + pos, lx->len - pos, &cp);
}

struct keyword {
    const char *word;
    int sym;
};

/* Rule 3 in filtrex's order, after `not\s+in[^\w]`. */
static const struct keyword keywords[] = {
    { "and", FX_SYM_AND }, { "or", FX_SYM_OR },     { "not", FX_SYM_NOT },
    { "in", FX_SYM_IN },   { "of", FX_SYM_OF },     { "if", FX_SYM_IF },
    { "then", FX_SYM_THEN }, { "else", FX_SYM_ELSE }, { "mod", FX_SYM_MOD },
};

static bool starts(const struct fx__lexer *lx, size_t pos, const char *word, size_t n)
{
    return lx->len - pos >= n && memcmp(lx->text + pos, word, n) == 0;
}

/* Rule 3: the keyword at pos with the non-word character it swallows; returns its length. */
static size_t keyword_at(const struct fx__lexer *lx, size_t pos, int *sym)
{
    if (starts(lx, pos, "not", 3)) {
        size_t p = pos + 3, n;
        bool spaced = false;
        while (p < lx->len && (n = space_at(lx, p)) > 0) {
            p += n;
            spaced = true;
        }
        if (spaced && starts(lx, p, "in", 2) && (n = non_word_at(lx, p + 2)) > 0) {
            *sym = FX_SYM_NOT_IN;
            return p + 2 + n - pos;
        }
    }
    for (size_t i = 0; i < RM_ARRAY_LEN(keywords); i++) {
        size_t wlen = strlen(keywords[i].word), n;
        if (starts(lx, pos, keywords[i].word, wlen) && (n = non_word_at(lx, pos + wlen)) > 0) {
            *sym = keywords[i].sym;
            return wlen + n;
        }
    }
    return 0;
}

/* Rule 5: [0-9]+(?:\.[0-9]+)?(?![0-9\.]). Backtracking never finds a shorter match: a
 * shorter digit run is followed by a digit. */
static size_t number_at(const struct fx__lexer *lx, size_t pos, bool *bad_octal)
{
    const char *t = lx->text;
    size_t p = pos;
    while (p < lx->len && is_digit((unsigned char)t[p]))
        p++;
    size_t int_end = p;
    if (p + 1 < lx->len && t[p] == '.' && is_digit((unsigned char)t[p + 1])) {
        p += 2;
        while (p < lx->len && is_digit((unsigned char)t[p]))
            p++;
    }
    if (p < lx->len && (is_digit((unsigned char)t[p]) || t[p] == '.'))
        return 0;
    /* F-FLX-010: a legacy octal integer (0 and only octal digits) cannot take a fraction in
     * JavaScript source; filtrex pastes the token into its generated code. */
    *bad_octal = false;
    if (p > int_end && int_end - pos > 1 && t[pos] == '0') {
        *bad_octal = true;
        for (size_t i = pos; i < int_end; i++)
            if (t[i] == '8' || t[i] == '9')
                *bad_octal = false;
    }
    return p - pos;
}

static bool symbol_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' || c == '_';
}

/* Rules 7 and 8: a quoted run where only \quote and \\ may follow a backslash. */
static size_t quoted_at(const struct fx__lexer *lx, size_t pos, char quote)
{
    const char *t = lx->text;
    for (size_t p = pos + 1; p < lx->len; p++) {
        if (t[p] == quote)
            return p + 1 - pos;
        if (t[p] == '\\') {
            if (p + 1 < lx->len && (t[p + 1] == quote || t[p + 1] == '\\'))
                p++;
            else
                return 0;
        }
    }
    return 0;
}

static const char one_char_ops[] = "*/-+^(),";
static const int one_char_syms[] = { FX_SYM_STAR,   FX_SYM_SLASH,  FX_SYM_MINUS, FX_SYM_PLUS,
                                     FX_SYM_CARET,  FX_SYM_LPAREN, FX_SYM_RPAREN, FX_SYM_COMMA };

struct two_char_op {
    const char *text;
    int sym;
};
static const struct two_char_op relational_ops[] = {
    { "==", FX_SYM_EQ }, { "!=", FX_SYM_NE }, { "~=", FX_SYM_MATCH }, { ">=", FX_SYM_GE },
    { "<=", FX_SYM_LE }, { "<", FX_SYM_LT },  { ">", FX_SYM_GT },
};

/* One rule match at lx->pos: its length and symbol (-1 for white space), or 0. */
static size_t match_rule(const struct fx__lexer *lx, struct fx__token *tok)
{
    size_t pos = lx->pos, n;
    unsigned char c = (unsigned char)lx->text[pos];
    const char *op = c ? strchr(one_char_ops, c) : NULL;
    if (op) {
        tok->sym = one_char_syms[op - one_char_ops];
        return 1;
    }
    for (size_t i = 0; i < RM_ARRAY_LEN(relational_ops); i++) {
        n = strlen(relational_ops[i].text);
        if (starts(lx, pos, relational_ops[i].text, n)) {
            tok->sym = relational_ops[i].sym;
            return n;
        }
    }
    if ((n = keyword_at(lx, pos, &tok->sym)) > 0) {
        /* the swallowed character is the last; a lead byte 0xf0+ starts 4 bytes */
        tok->split = n >= 4 && (unsigned char)lx->text[pos + n - 4] >= 0xf0;
        return n;
    }
    if ((n = space_at(lx, pos)) > 0) {
        size_t p = pos;
        while (p < lx->len && (n = space_at(lx, p)) > 0)
            p += n;
        tok->sym = -1;
        return p - pos;
    }
    if (is_digit(c) && (n = number_at(lx, pos, &tok->bad_octal)) > 0) {
        tok->sym = FX_SYM_NUMBER;
        return n;
    }
    if (symbol_start(c)) {
        size_t p = pos + 1;
        while (p < lx->len && (symbol_start((unsigned char)lx->text[p]) ||
                               is_digit((unsigned char)lx->text[p]) || lx->text[p] == '.'))
            p++;
        tok->sym = FX_SYM_SYMBOL;
        return p - pos;
    }
    if (c == '\'' && (n = quoted_at(lx, pos, '\'')) > 0) {
        tok->sym = FX_SYM_SYMBOL;
        tok->quoted = true;
        return n;
    }
    if (c == '"' && (n = quoted_at(lx, pos, '"')) > 0) {
        tok->sym = FX_SYM_STRING;
        return n;
    }
    if (c == '%' || c == '?' || c == ':') {
        tok->sym = c == '%' ? FX_SYM_PERCENT : c == '?' ? FX_SYM_QUESTION : FX_SYM_COLON;
        return 1;
    }
    return 0;
}

int fx__lex(struct fx__lexer *lx, struct fx__token *tok)
{
    if (lx->split)
        return -1;
    for (;;) {
        *tok = (struct fx__token){ .start = lx->pos, .end = lx->pos };
        if (lx->pos == lx->len) {
            tok->sym = FX_SYM_EOE;
            return 0;
        }
        size_t n = match_rule(lx, tok);
        if (n == 0)
            return -1;
        lx->lines += fx__line_breaks(lx->text + lx->pos, n);
        lx->pos += n;
        tok->end = lx->pos;
        lx->split = tok->split;
        if (tok->sym >= 0)
            return 0;
    }
}
