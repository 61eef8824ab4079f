/*
 * The GraphQL lexer, following graphql-js 16 (src/language/lexer.ts) closely: the same
 * scanning order (so the same first error is found) and the same messages. Offsets are
 * bytes of UTF-8; locations convert to graphql-js's UTF-16 columns when an error is reported.
 */
#include "graphql/gql_int.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *desc;
    bool punctuator;
} token_kinds[] = {
#define GQL_TOKEN_ROW(name, desc, punct) { desc, punct },
    GQL_TOKEN_KINDS(GQL_TOKEN_ROW)
#undef GQL_TOKEN_ROW
};

const char *gql__token_kind_desc(struct rm_arena *a, enum gql_token_kind kind)
{
    if (!token_kinds[kind].punctuator)
        return token_kinds[kind].desc;
    return rm_arena_printf(a, "\"%s\"", token_kinds[kind].desc);
}

const char *gql__token_desc(struct gql__lexer *lx, const struct gql_token *t)
{
    const char *kind = gql__token_kind_desc(lx->arena, t->kind);
    bool has_value = t->kind == GQL_TOKEN_NAME || t->kind == GQL_TOKEN_INT ||
                     t->kind == GQL_TOKEN_FLOAT || t->kind == GQL_TOKEN_STRING ||
                     t->kind == GQL_TOKEN_BLOCK_STRING;
    if (!has_value)
        return kind;
    return rm_arena_printf(lx->arena, "%s \"%.*s\"", kind, (int)t->value.len, t->value.p);
}

void gql__syntax_error(struct gql__lexer *lx, uint32_t at, const char *message)
{
    if (lx->error)
        return;
    lx->error = rm_arena_printf(lx->arena, "Syntax Error: %s", message ? message : "");
    if (!lx->error)
        lx->error = "Syntax Error: out of memory";
    lx->error_at = at;
}

void gql_locations_of(const char *src, size_t len, const uint32_t *offsets, uint32_t n,
                      struct gql_location *out)
{
    struct gql_location loc = { 1, 1 };
    uint32_t column_units = 0, k = 0;
    for (size_t i = 0; k < n; ) {
        while (k < n && (i >= len || i >= offsets[k])) {
            out[k++] = (struct gql_location){ loc.line, column_units + 1 };
        }
        if (k == n)
            break;
        unsigned char c = (unsigned char)src[i];
        if (c == '\n' || c == '\r') {
            i += (c == '\r' && i + 1 < len && src[i + 1] == '\n') ? 2 : 1;
            loc.line++;
            column_units = 0;
            continue;
        }
        /* UTF-16 units: one per code point below U+10000, two above (4-byte sequences). */
        size_t step = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        column_units += step == 4 ? 2 : 1;
        i += step;
    }
}

struct gql_location gql_location_of(const char *src, size_t len, uint32_t offset)
{
    struct gql_location loc;
    gql_locations_of(src, len, &offset, 1, &loc);
    return loc;
}

/* The code point at offset, decoding UTF-8 (invalid bytes read as themselves); *n gets its
 * byte length. -1 at the end. */
static long code_at(const struct gql__lexer *lx, uint32_t at, uint32_t *n)
{
    if (at >= lx->len) {
        *n = 0;
        return -1;
    }
    const unsigned char *s = (const unsigned char *)lx->src + at;
    uint32_t left = lx->len - at;
    if (s[0] < 0x80 || left < 2) {
        *n = 1;
        return s[0];
    }
    if (s[0] >= 0xc0 && s[0] < 0xe0) {
        *n = 2;
        return ((s[0] & 0x1fL) << 6) | (s[1] & 0x3f);
    }
    if (s[0] >= 0xe0 && s[0] < 0xf0 && left >= 3) {
        *n = 3;
        return ((s[0] & 0x0fL) << 12) | ((s[1] & 0x3fL) << 6) | (s[2] & 0x3f);
    }
    if (s[0] >= 0xf0 && left >= 4) {
        *n = 4;
        return ((s[0] & 0x07L) << 18) | ((s[1] & 0x3fL) << 12) | ((s[2] & 0x3fL) << 6) |
               (s[3] & 0x3f);
    }
    *n = 1;
    return s[0];
}

/* graphql-js printCodePointAt: "x", '"', U+XXXX, or <EOF>. */
static const char *print_code_point(struct gql__lexer *lx, uint32_t at)
{
    uint32_t n;
    long code = code_at(lx, at, &n);
    if (code < 0)
        return "<EOF>";
    if (code >= 0x20 && code <= 0x7e)
        return code == '"' ? "'\"'" : rm_arena_printf(lx->arena, "\"%c\"", (int)code);
    return rm_arena_printf(lx->arena, "U+%04lX", code);
}

static void fail_at(struct gql__lexer *lx, uint32_t at, const char *fmt, const char *arg)
{
    gql__syntax_error(lx, at, rm_arena_printf(lx->arena, fmt, arg));
}

static int byte_at(const struct gql__lexer *lx, uint32_t at)
{
    return at < lx->len ? (unsigned char)lx->src[at] : -1;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static bool is_name_start(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_continue(int c)
{
    return is_name_start(c) || is_digit(c);
}

static void make(struct gql__lexer *lx, enum gql_token_kind kind, uint32_t start, uint32_t end,
                 struct gql_token *out)
{
    *out = (struct gql_token){ kind, start, end, { lx->src + start, end - start } };
}

/* Digits at pos; the position after them, or UINT32_MAX after an error. */
static uint32_t read_digits(struct gql__lexer *lx, uint32_t pos)
{
    if (!is_digit(byte_at(lx, pos))) {
        fail_at(lx, pos, "Invalid number, expected digit but got: %s.", print_code_point(lx, pos));
        return UINT32_MAX;
    }
    while (is_digit(byte_at(lx, pos)))
        pos++;
    return pos;
}

static bool read_number(struct gql__lexer *lx, uint32_t start, struct gql_token *out)
{
    uint32_t pos = start;
    bool is_float = false;
    if (byte_at(lx, pos) == '-')
        pos++;
    if (byte_at(lx, pos) == '0') {
        pos++;
        if (is_digit(byte_at(lx, pos))) {
            fail_at(lx, pos, "Invalid number, unexpected digit after 0: %s.",
                    print_code_point(lx, pos));
            return false;
        }
    } else if ((pos = read_digits(lx, pos)) == UINT32_MAX) {
        return false;
    }
    if (byte_at(lx, pos) == '.') {
        is_float = true;
        if ((pos = read_digits(lx, pos + 1)) == UINT32_MAX)
            return false;
    }
    if (byte_at(lx, pos) == 'e' || byte_at(lx, pos) == 'E') {
        is_float = true;
        pos++;
        if (byte_at(lx, pos) == '+' || byte_at(lx, pos) == '-')
            pos++;
        if ((pos = read_digits(lx, pos)) == UINT32_MAX)
            return false;
    }
    if (byte_at(lx, pos) == '.' || is_name_start(byte_at(lx, pos))) {
        fail_at(lx, pos, "Invalid number, expected digit but got: %s.", print_code_point(lx, pos));
        return false;
    }
    make(lx, is_float ? GQL_TOKEN_FLOAT : GQL_TOKEN_INT, start, pos, out);
    return true;
}

/* A growing decoded-string buffer in the arena. */
void gql__buf_grow_put(struct rm_arena *a, struct gql__buf *b, const char *s, uint32_t n)
{
    if (b->failed || n == 0)
        return;
    if (b->len + n + 1 > b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = rm_arena_alloc(a, cap);
        if (!grown) {
            b->failed = true;
            return;
        }
        if (b->len)
            memcpy(grown, b->p, b->len);
        b->p = grown;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_code_point(struct rm_arena *a, struct gql__buf *b, unsigned long cp)
{
    char u[4];
    uint32_t n;
    if (cp < 0x80) {
        u[0] = (char)cp, n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xc0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xe0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        u[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
    } else {
        u[0] = (char)(0xf0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
    }
    gql__buf_put(a, b, u, n);
}

static int hex_digit(int c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static long hex4(const struct gql__lexer *lx, uint32_t at)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hex_digit(byte_at(lx, at + (uint32_t)i));
        if (d < 0)
            return -1;
        v = (v << 4) | d;
    }
    return v;
}

static bool scalar_value(long cp)
{
    return (cp >= 0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0x10ffff);
}

/* The text of an escape for messages: source[at .. at + n), clipped to the source. */
static const char *slice(struct gql__lexer *lx, uint32_t at, uint32_t n)
{
    if (at + n > lx->len)
        n = lx->len - at;
    return rm_arena_strndup(lx->arena, lx->src + at, n);
}

/* One escape sequence at pos (the backslash): appends its value, returns its length, or 0
 * after an error. */
static uint32_t read_escape(struct gql__lexer *lx, uint32_t pos, struct gql__buf *b)
{
    int c = byte_at(lx, pos + 1);
    if (c == 'u' && byte_at(lx, pos + 2) == '{') {
        long point = 0;
        uint32_t size = 3;
        while (size < 12) {
            int d = byte_at(lx, pos + size++);
            if (d == '}') {
                if (size < 5 || !scalar_value(point))
                    break;
                buf_code_point(lx->arena, b, (unsigned long)point);
                return size;
            }
            int h = hex_digit(d);
            if (h < 0)
                break;
            point = (point << 4) | h;
        }
        fail_at(lx, pos, "Invalid Unicode escape sequence: \"%s\".", slice(lx, pos, size));
        return 0;
    }
    if (c == 'u') {
        long code = hex4(lx, pos + 2);
        if (scalar_value(code)) {
            buf_code_point(lx->arena, b, (unsigned long)code);
            return 6;
        }
        /* A JSON-style surrogate pair is allowed when it forms a valid pair. */
        if (code >= 0xd800 && code <= 0xdbff && byte_at(lx, pos + 6) == '\\' &&
            byte_at(lx, pos + 7) == 'u') {
            long trail = hex4(lx, pos + 8);
            if (trail >= 0xdc00 && trail <= 0xdfff) {
                buf_code_point(lx->arena, b,
                               0x10000 + (((unsigned long)code - 0xd800) << 10) +
                                   ((unsigned long)trail - 0xdc00));
                return 12;
            }
        }
        fail_at(lx, pos, "Invalid Unicode escape sequence: \"%s\".", slice(lx, pos, 6));
        return 0;
    }
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *hit = c > 0 ? strchr(from, c) : NULL;
    if (hit && *hit) {
        gql__buf_put(lx->arena, b, &to[hit - from], 1);
        return 2;
    }
    fail_at(lx, pos, "Invalid character escape sequence: \"%s\".", slice(lx, pos, 2));
    return 0;
}

static bool read_string(struct gql__lexer *lx, uint32_t start, struct gql_token *out)
{
    uint32_t pos = start + 1, chunk = pos;
    struct gql__buf b = { 0 };
    gql__buf_put(lx->arena, &b, "", 0);
    while (pos < lx->len) {
        int c = byte_at(lx, pos);
        if (c == '"') {
            gql__buf_put(lx->arena, &b, lx->src + chunk, pos - chunk);
            *out = (struct gql_token){ GQL_TOKEN_STRING, start, pos + 1,
                                       { b.p ? b.p : "", b.len } };
            return !b.failed;
        }
        if (c == '\\') {
            gql__buf_put(lx->arena, &b, lx->src + chunk, pos - chunk);
            uint32_t n = read_escape(lx, pos, &b);
            if (!n)
                return false;
            pos += n;
            chunk = pos;
            continue;
        }
        if (c == '\n' || c == '\r')
            break;
        uint32_t n;
        code_at(lx, pos, &n);
        pos += n;
    }
    gql__syntax_error(lx, pos, "Unterminated string.");
    return false;
}

/* The spec's BlockStringValue (graphql-js dedentBlockStringLines), then lines joined by \n. */
static bool block_value(struct gql__lexer *lx, struct gql_str *lines, uint32_t n,
                        struct gql_str *out)
{
    uint32_t common = UINT32_MAX, first = UINT32_MAX, last = 0;
    bool any = false;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t indent = 0;
        while (indent < lines[i].len && (lines[i].p[indent] == ' ' || lines[i].p[indent] == '\t'))
            indent++;
        if (indent == lines[i].len)
            continue; /* blank line */
        if (first == UINT32_MAX)
            first = i;
        last = i;
        any = true;
        if (i != 0 && indent < common)
            common = indent;
    }
    struct gql__buf b = { 0 };
    gql__buf_put(lx->arena, &b, "", 0);
    if (any) {
        for (uint32_t i = first; i <= last; i++) {
            const char *p = lines[i].p;
            uint32_t len = lines[i].len;
            if (i != 0) {
                uint32_t cut = common < len ? common : len;
                p += cut;
                len -= cut;
            }
            if (i != first)
                gql__buf_put(lx->arena, &b, "\n", 1);
            gql__buf_put(lx->arena, &b, p, len);
        }
    }
    *out = (struct gql_str){ b.p ? b.p : "", b.len };
    return !b.failed;
}

static bool read_block_string(struct gql__lexer *lx, uint32_t start, struct gql_token *out)
{
    uint32_t pos = start + 3, chunk = pos, nlines = 0, cap = 16;
    struct gql_str *lines = rm_arena_alloc(lx->arena, cap * sizeof *lines);
    struct gql__buf line = { 0 };
    gql__buf_put(lx->arena, &line, "", 0);
    while (lines && pos < lx->len) {
        int c = byte_at(lx, pos);
        bool close = c == '"' && byte_at(lx, pos + 1) == '"' && byte_at(lx, pos + 2) == '"';
        bool newline = c == '\n' || c == '\r';
        if (close || newline) {
            gql__buf_put(lx->arena, &line, lx->src + chunk, pos - chunk);
            if (nlines == cap) {
                struct gql_str *grown = rm_arena_alloc(lx->arena, 2 * cap * sizeof *grown);
                if (!grown)
                    return false;
                memcpy(grown, lines, nlines * sizeof *lines);
                lines = grown;
                cap *= 2;
            }
            lines[nlines++] = (struct gql_str){ line.p ? line.p : "", line.len };
            if (close) {
                struct gql_str value;
                if (!block_value(lx, lines, nlines, &value) || line.failed)
                    return false;
                *out = (struct gql_token){ GQL_TOKEN_BLOCK_STRING, start, pos + 3, value };
                return true;
            }
            pos += (c == '\r' && byte_at(lx, pos + 1) == '\n') ? 2 : 1;
            line = (struct gql__buf){ 0 };
            gql__buf_put(lx->arena, &line, "", 0);
            chunk = pos;
            continue;
        }
        /* \""" is an escaped triple quote; the backslash is dropped. */
        if (c == '\\' && byte_at(lx, pos + 1) == '"' && byte_at(lx, pos + 2) == '"' &&
            byte_at(lx, pos + 3) == '"') {
            gql__buf_put(lx->arena, &line, lx->src + chunk, pos - chunk);
            chunk = pos + 1;
            pos += 4;
            continue;
        }
        uint32_t n;
        code_at(lx, pos, &n);
        pos += n;
    }
    gql__syntax_error(lx, pos, "Unterminated string.");
    return false;
}

/* The next token from pos (comments included), or false after an error. */
static bool read_token(struct gql__lexer *lx, uint32_t pos, struct gql_token *out)
{
    while (pos < lx->len) {
        int c = byte_at(lx, pos);
        /* Ignored: BOM (EF BB BF), tab, space, comma, line terminators. */
        if (c == 0xef && byte_at(lx, pos + 1) == 0xbb && byte_at(lx, pos + 2) == 0xbf) {
            pos += 3;
            continue;
        }
        if (c == '\t' || c == ' ' || c == ',' || c == '\n' || c == '\r') {
            pos++;
            continue;
        }
        if (c == '#') { /* a comment runs to the end of the line */
            while (pos < lx->len && byte_at(lx, pos) != '\n' && byte_at(lx, pos) != '\r')
                pos++;
            continue;
        }
        static const struct {
            char c;
            enum gql_token_kind kind;
        } punct[] = {
            { '!', GQL_TOKEN_BANG },      { '$', GQL_TOKEN_DOLLAR },    { '&', GQL_TOKEN_AMP },
            { '(', GQL_TOKEN_PAREN_L },   { ')', GQL_TOKEN_PAREN_R },   { ':', GQL_TOKEN_COLON },
            { '=', GQL_TOKEN_EQUALS },    { '@', GQL_TOKEN_AT },        { '[', GQL_TOKEN_BRACKET_L },
            { ']', GQL_TOKEN_BRACKET_R }, { '{', GQL_TOKEN_BRACE_L },   { '|', GQL_TOKEN_PIPE },
            { '}', GQL_TOKEN_BRACE_R },
        };
        for (size_t i = 0; i < RM_ARRAY_LEN(punct); i++) {
            if (c == punct[i].c) {
                make(lx, punct[i].kind, pos, pos + 1, out);
                return true;
            }
        }
        if (c == '.' && byte_at(lx, pos + 1) == '.' && byte_at(lx, pos + 2) == '.') {
            make(lx, GQL_TOKEN_SPREAD, pos, pos + 3, out);
            return true;
        }
        if (c == '"')
            return byte_at(lx, pos + 1) == '"' && byte_at(lx, pos + 2) == '"'
                       ? read_block_string(lx, pos, out)
                       : read_string(lx, pos, out);
        if (is_digit(c) || c == '-')
            return read_number(lx, pos, out);
        if (is_name_start(c)) {
            uint32_t end = pos + 1;
            while (is_name_continue(byte_at(lx, end)))
                end++;
            make(lx, GQL_TOKEN_NAME, pos, end, out);
            return true;
        }
        if (c == '\'')
            gql__syntax_error(lx, pos, "Unexpected single quote character ('), did you mean to "
                                       "use a double quote (\")?");
        else
            fail_at(lx, pos, "Unexpected character: %s.", print_code_point(lx, pos));
        return false;
    }
    make(lx, GQL_TOKEN_EOF, lx->len, lx->len, out);
    return true;
}

void gql__lexer_init(struct gql__lexer *lx, struct rm_arena *a, const char *src, uint32_t len)
{
    *lx = (struct gql__lexer){ .arena = a, .src = src, .len = len };
    lx->token = (struct gql_token){ GQL_TOKEN_SOF, 0, 0, { src, 0 } };
}

bool gql__lexer_advance(struct gql__lexer *lx)
{
    if (lx->error)
        return false;
    if (lx->has_ahead) {
        lx->token = lx->ahead;
        lx->has_ahead = false;
        return true;
    }
    if (lx->token.kind == GQL_TOKEN_EOF)
        return true;
    return read_token(lx, lx->token.end, &lx->token);
}

const struct gql_token *gql__lexer_lookahead(struct gql__lexer *lx)
{
    if (lx->error)
        return NULL;
    if (!lx->has_ahead) {
        if (lx->token.kind == GQL_TOKEN_EOF)
            lx->ahead = lx->token;
        else if (!read_token(lx, lx->token.end, &lx->ahead))
            return NULL;
        lx->has_ahead = true;
    }
    return &lx->ahead;
}
