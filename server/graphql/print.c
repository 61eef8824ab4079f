/*
 * graphql-js 16's print() for value literals, which validation and execution messages quote
 * ("Int cannot represent non-integer value: \"x\""). Values never wrap in graphql-js's
 * printer, so the output is one line unless a block string holds line breaks.
 */
#include "graphql/gql_int.h"

#include <string.h>

static void put(struct rm_arena *a, struct gql__buf *b, const char *s)
{
    gql__buf_put(a, b, s, (uint32_t)strlen(s));
}

/* The code point at s (UTF-8, already valid: the lexer decoded it); *n its length. */
static unsigned long code_point(const unsigned char *s, size_t left, size_t *n)
{
    unsigned long cp = s[0];
    *n = cp < 0x80 ? 1 : cp < 0xe0 ? 2 : cp < 0xf0 ? 3 : 4;
    if (*n > left)
        *n = left;
    if (*n > 1) {
        cp &= 0xff >> (*n + 1);
        for (size_t i = 1; i < *n; i++)
            cp = (cp << 6) | (s[i] & 0x3f);
    }
    return cp;
}

/* graphql-js printString: quotes, escaping C0, ", \ and U+007F..U+009F. */
static void print_string(struct rm_arena *a, struct gql__buf *b, struct gql_str s)
{
    static const char *const short_escapes[0x20] = {
        [0x08] = "\\b", [0x09] = "\\t", [0x0a] = "\\n", [0x0c] = "\\f", [0x0d] = "\\r",
    };
    put(a, b, "\"");
    for (size_t i = 0; i < s.len;) {
        size_t n;
        unsigned long cp = code_point((const unsigned char *)s.p + i, s.len - i, &n);
        char escape[8];
        if (cp < 0x20 && short_escapes[cp])
            put(a, b, short_escapes[cp]);
        else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
            static const char hex[] = "0123456789ABCDEF";
            memcpy(escape, "\\u00", 4);
            escape[4] = hex[cp >> 4];
            escape[5] = hex[cp & 0xf];
            gql__buf_put(a, b, escape, 6);
        } else if (cp == '"')
            put(a, b, "\\\"");
        else if (cp == '\\')
            put(a, b, "\\\\");
        else
            gql__buf_put(a, b, s.p + i, (uint32_t)n);
        i += n;
    }
    put(a, b, "\"");
}

static bool is_white_space(char c)
{
    return c == ' ' || c == '\t';
}

/* The length graphql-js sees (UTF-16 units) of UTF-8 text. */
static size_t utf16_length(struct gql_str s)
{
    size_t units = 0;
    for (size_t i = 0; i < s.len;) {
        size_t n;
        code_point((const unsigned char *)s.p + i, s.len - i, &n);
        units += n == 4 ? 2 : 1;
        i += n;
    }
    return units;
}

/* graphql-js printBlockString (without its `minimize` option). */
static void print_block_string(struct rm_arena *a, struct gql__buf *b, struct gql_str value)
{
    struct gql__buf escaped = { 0 };
    gql__buf_put(a, &escaped, "", 0);
    for (uint32_t i = 0; i < value.len; i++) {
        if (i + 3 <= value.len && memcmp(value.p + i, "\"\"\"", 3) == 0) {
            put(a, &escaped, "\\\"\"\"");
            i += 2;
        } else {
            gql__buf_put(a, &escaped, value.p + i, 1);
        }
    }
    const char *e = escaped.p ? escaped.p : "";
    size_t elen = escaped.len;
    /* lines split at \r\n, \n or \r */
    bool single_line = true, later_lines_indented = true;
    for (size_t i = 0; i < elen; i++) {
        if (e[i] != '\n' && e[i] != '\r')
            continue;
        single_line = false;
        if (e[i] == '\r' && i + 1 < elen && e[i + 1] == '\n')
            i++;
        if (i + 1 < elen && e[i + 1] != '\n' && e[i + 1] != '\r' && !is_white_space(e[i + 1]))
            later_lines_indented = false;
    }
    bool force_leading = !single_line && later_lines_indented;
    bool trailing_triple = elen >= 4 && memcmp(e + elen - 4, "\\\"\"\"", 4) == 0;
    bool trailing_quote = value.len && value.p[value.len - 1] == '"' && !trailing_triple;
    bool trailing_slash = value.len && value.p[value.len - 1] == '\\';
    bool force_trailing = trailing_quote || trailing_slash;
    bool multiple_lines = !single_line || utf16_length(value) > 70 || force_trailing ||
                          force_leading || trailing_triple;
    bool skip_leading = single_line && value.len && is_white_space(value.p[0]);
    put(a, b, "\"\"\"");
    if ((multiple_lines && !skip_leading) || force_leading)
        put(a, b, "\n");
    gql__buf_put(a, b, e, (uint32_t)elen);
    if (multiple_lines || force_trailing)
        put(a, b, "\n");
    put(a, b, "\"\"\"");
}

static void print_value(struct rm_arena *a, struct gql__buf *b, const struct gql_node *v)
{
    switch (v->kind) {
    case GQL_KIND_VARIABLE:
        put(a, b, "$");
        gql__buf_put(a, b, v->name.p, v->name.len);
        return;
    case GQL_KIND_INT:
    case GQL_KIND_FLOAT:
    case GQL_KIND_ENUM:
        gql__buf_put(a, b, v->text.p, v->text.len);
        return;
    case GQL_KIND_STRING:
        if (v->flag)
            print_block_string(a, b, v->text);
        else
            print_string(a, b, v->text);
        return;
    case GQL_KIND_BOOLEAN:
        put(a, b, v->flag ? "true" : "false");
        return;
    case GQL_KIND_NULL:
        put(a, b, "null");
        return;
    case GQL_KIND_LIST:
    case GQL_KIND_OBJECT:
        put(a, b, v->kind == GQL_KIND_LIST ? "[" : "{");
        for (uint32_t i = 0; i < v->items.count; i++) {
            if (i)
                put(a, b, ", ");
            const struct gql_node *item = v->items.items[i];
            if (v->kind == GQL_KIND_OBJECT) {
                gql__buf_put(a, b, item->name.p, item->name.len);
                put(a, b, ": ");
                item = item->value;
            }
            print_value(a, b, item);
        }
        put(a, b, v->kind == GQL_KIND_LIST ? "]" : "}");
        return;
    default:
        return;
    }
}

const char *gql_print_value(struct rm_arena *a, const struct gql_node *value)
{
    struct gql__buf b = { 0 };
    gql__buf_put(a, &b, "", 0);
    print_value(a, &b, value);
    return b.failed || !b.p ? "" : b.p;
}
