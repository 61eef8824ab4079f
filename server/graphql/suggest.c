/*
 * "Did you mean" as graphql-js 16 words it: suggestionList (options within a lexical distance
 * of the input, closest first, ties in naturalCompare order) and didYouMean (at most five,
 * quoted, joined with "or"). GraphQL names are ASCII, so bytes are graphql-js's UTF-16 units.
 */
#include "graphql/gql_int.h"

#include <stdlib.h>
#include <string.h>

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static bool equal_ignoring_case(const char *x, size_t xlen, const char *y, size_t ylen)
{
    if (xlen != ylen)
        return false;
    for (size_t i = 0; i < xlen; i++)
        if (lower((unsigned char)x[i]) != lower((unsigned char)y[i]))
            return false;
    return true;
}

/* graphql-js LexicalDistance.measure: the Damerau-Levenshtein distance of the lower-cased
 * strings (a case change alone counts 1), or -1 when over threshold. */
static int lexical_distance(const char *input, size_t ilen, const char *option, size_t olen,
                            size_t threshold, int *rows)
{
    if (ilen == olen && memcmp(input, option, ilen) == 0)
        return 0;
    if (equal_ignoring_case(input, ilen, option, olen))
        return 1;
    const char *a = option, *b = input;
    size_t alen = olen, blen = ilen;
    if (alen < blen) {
        a = input, b = option;
        alen = ilen, blen = olen;
    }
    if (alen - blen > threshold)
        return -1;
    int *row[3] = { rows, rows + blen + 1, rows + 2 * (blen + 1) };
    for (size_t j = 0; j <= blen; j++)
        row[0][j] = (int)j;
    for (size_t i = 1; i <= alen; i++) {
        int *up = row[(i - 1) % 3], *cur = row[i % 3];
        int smallest = cur[0] = (int)i;
        for (size_t j = 1; j <= blen; j++) {
            int ai = lower((unsigned char)a[i - 1]), bj = lower((unsigned char)b[j - 1]);
            int cell = up[j] + 1;
            if (cur[j - 1] + 1 < cell)
                cell = cur[j - 1] + 1;
            if (up[j - 1] + (ai != bj) < cell)
                cell = up[j - 1] + (ai != bj);
            if (i > 1 && j > 1 && ai == lower((unsigned char)b[j - 2]) &&
                lower((unsigned char)a[i - 2]) == bj && row[(i - 2) % 3][j - 2] + 1 < cell)
                cell = row[(i - 2) % 3][j - 2] + 1;
            if (cell < smallest)
                smallest = cell;
            cur[j] = cell;
        }
        if ((size_t)smallest > threshold)
            return -1;
    }
    int distance = row[alen % 3][blen];
    return (size_t)distance <= threshold ? distance : -1;
}

static bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

/* graphql-js naturalCompare: digit runs compare as numbers. */
int gql__natural_compare(const char *x, const char *y)
{
    size_t xi = 0, yi = 0, xlen = strlen(x), ylen = strlen(y);
    while (xi < xlen && yi < ylen) {
        int xc = (unsigned char)x[xi], yc = (unsigned char)y[yi];
        if (is_digit(xc) && is_digit(yc)) {
            /* graphql-js stops a run after a leading zero (aNum > 0 in its loop) */
            unsigned long long xn = 0, yn = 0;
            do {
                xn = xn * 10 + (unsigned)(xc - '0');
                xc = ++xi < xlen ? (unsigned char)x[xi] : 0;
            } while (is_digit(xc) && xn > 0);
            do {
                yn = yn * 10 + (unsigned)(yc - '0');
                yc = ++yi < ylen ? (unsigned char)y[yi] : 0;
            } while (is_digit(yc) && yn > 0);
            if (xn != yn)
                return xn < yn ? -1 : 1;
        } else {
            if (xc != yc)
                return xc < yc ? -1 : 1;
            xi++, yi++;
        }
    }
    return (int)xlen - (int)ylen;
}

struct candidate {
    const char *name;
    int distance;
};

static int by_distance(const void *p, const void *q)
{
    const struct candidate *x = p, *y = q;
    if (x->distance != y->distance)
        return x->distance - y->distance;
    return gql__natural_compare(x->name, y->name);
}

uint32_t gql__suggestions(struct rm_arena *a, const char *input, size_t len,
                          const char *const *options, uint32_t n, const char ***out)
{
    *out = NULL;
    size_t threshold = len * 4 / 10 + 1; /* Math.floor(input.length * 0.4) + 1 */
    int *rows = rm_arena_alloc(a, 3 * (len + 1) * sizeof *rows);
    struct candidate *found = rm_arena_alloc(a, (n ? n : 1) * sizeof *found);
    if (!rows || !found)
        return 0;
    uint32_t nfound = 0;
    for (uint32_t i = 0; i < n; i++) {
        bool seen = false; /* graphql-js keys an object by option: each name once */
        for (uint32_t k = 0; k < nfound && !seen; k++)
            seen = strcmp(found[k].name, options[i]) == 0;
        int d = seen ? -1 : lexical_distance(input, len, options[i], strlen(options[i]),
                                             threshold, rows);
        if (d >= 0)
            found[nfound++] = (struct candidate){ options[i], d };
    }
    qsort(found, nfound, sizeof *found, by_distance);
    const char **names = rm_arena_alloc(a, (nfound ? nfound : 1) * sizeof *names);
    if (!names)
        return 0;
    for (uint32_t i = 0; i < nfound; i++)
        names[i] = found[i].name;
    *out = names;
    return nfound;
}

const char *gql__did_you_mean(struct rm_arena *a, const char *sub,
                              const char *const *suggestions, uint32_t n)
{
    if (n == 0)
        return "";
    const char *lead = sub ? rm_arena_printf(a, " Did you mean %s ", sub) : " Did you mean ";
    if (n == 1)
        return rm_arena_printf(a, "%s\"%s\"?", lead, suggestions[0]);
    if (n == 2)
        return rm_arena_printf(a, "%s\"%s\" or \"%s\"?", lead, suggestions[0], suggestions[1]);
    if (n > 5)
        n = 5;
    const char *list = "";
    for (uint32_t i = 0; i + 1 < n; i++)
        list = rm_arena_printf(a, "%s\"%s\", ", list, suggestions[i]);
    return rm_arena_printf(a, "%s%sor \"%s\"?", lead, list, suggestions[n - 1]);
}
