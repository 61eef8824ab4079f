/*
 * JavaScript's number conversions that filtrex results depend on: Number::toString for
 * "a" + 1, StringToNumber for the Math functions' arguments (abs("3") is 3), and how the
 * generated JavaScript source reads a Number token (ECMA-262 sections 6.1.6.1.20, 7.1.4.1.1,
 * B.1.1).
 */
#include "fx_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The shortest decimal digits that read back as n (n finite, > 0), as %.*e tried from 1 to
 * 17 digits gives them; *exp10 gets the exponent of the first digit. Returns the count. */
static int shortest_digits(double n, char digits[18], int *exp10)
{
    char buf[40];
    int prec;
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, n);
        if (strtod(buf, NULL) == n)
            break;
    }
    int count = 0;
    const char *p = buf;
    for (; *p != 'e'; p++)
        if (*p != '.')
            digits[count++] = *p;
    *exp10 = atoi(p + 1);
    while (count > 1 && digits[count - 1] == '0')
        count--;
    digits[count] = '\0';
    return count;
}

size_t fx_number_format(double n, char out[32])
{
    if (isnan(n))
        return (size_t)snprintf(out, 32, "NaN");
    if (isinf(n))
        return (size_t)snprintf(out, 32, n < 0 ? "-Infinity" : "Infinity");
    if (n == 0)
        return (size_t)snprintf(out, 32, "0");
    char digits[18], *o = out;
    if (n < 0) {
        *o++ = '-';
        n = -n;
    }
    int exp10, k = shortest_digits(n, digits, &exp10);
    int point = exp10 + 1; /* ECMA-262's n: digits times 10^(point - k) */
    if (k <= point && point <= 21) {
        memcpy(o, digits, (size_t)k);
        memset(o + k, '0', (size_t)(point - k));
        o += point;
    } else if (0 < point && point <= 21) {
        memcpy(o, digits, (size_t)point);
        o[point] = '.';
        memcpy(o + point + 1, digits + point, (size_t)(k - point));
        o += k + 1;
    } else if (-6 < point && point <= 0) {
        memcpy(o, "0.", 2);
        memset(o + 2, '0', (size_t)-point);
        memcpy(o + 2 - point, digits, (size_t)k);
        o += 2 - point + k;
    } else {
        *o++ = digits[0];
        if (k > 1) {
            *o++ = '.';
            memcpy(o, digits + 1, (size_t)(k - 1));
            o += k - 1;
        }
        o += snprintf(o, 12, "e%c%d", point - 1 < 0 ? '-' : '+', abs(point - 1));
    }
    *o = '\0';
    return (size_t)(o - out);
}

int fx__digit_value(unsigned c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

/* Digits of one radix, at least one and nothing else; NaN otherwise. */
static double radix_value(const char *s, size_t len, int radix)
{
    if (len == 0)
        return NAN;
    double v = 0;
    for (size_t i = 0; i < len; i++) {
        int d = fx__digit_value((unsigned char)s[i]);
        if (d >= radix)
            return NAN;
        v = v * radix + d;
    }
    return v;
}

static size_t skip_digits(const char *s, size_t i, size_t len)
{
    while (i < len && s[i] >= '0' && s[i] <= '9')
        i++;
    return i;
}

/* StrDecimalLiteral: [+-] (Infinity | digits [. [digits]] | . digits) [(e|E) [+-] digits]. */
static double decimal_value(const char *s, size_t len)
{
    size_t i = 0;
    bool negative = false;
    if (i < len && (s[i] == '+' || s[i] == '-'))
        negative = s[i++] == '-';
    if (len - i == 8 && memcmp(s + i, "Infinity", 8) == 0)
        return negative ? -INFINITY : INFINITY;
    size_t int_start = i;
    i = skip_digits(s, i, len);
    size_t mantissa_digits = i - int_start;
    if (i < len && s[i] == '.') {
        size_t frac_start = ++i;
        i = skip_digits(s, i, len);
        mantissa_digits += i - frac_start;
    }
    if (mantissa_digits == 0)
        return NAN;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t exp_start = i;
        i = skip_digits(s, i, len);
        if (i == exp_start)
            return NAN;
    }
    if (i != len)
        return NAN;
    char stack_buf[128];
    char *buf = len < sizeof stack_buf ? stack_buf : malloc(len + 1);
    if (!buf)
        return NAN;
    memcpy(buf, s, len);
    buf[len] = '\0';
    double v = strtod(buf, NULL);
    if (buf != stack_buf)
        free(buf);
    return v;
}

double fx__string_to_number(const char *s, size_t len)
{
    uint32_t cp;
    size_t n;
    /* Trim JavaScript white space at both ends. */
    while (len > 0 && (n = fx__utf8_decode((const unsigned char *)s, len, &cp)) > 0 &&
           fx__js_space(cp)) {
        s += n;
        len -= n;
    }
    while (len > 0) {
        size_t back = 1;
        while (back < len && back < 4 && ((unsigned char)s[len - back] & 0xc0) == 0x80)
            back++;
        n = fx__utf8_decode((const unsigned char *)s + len - back, back, &cp);
        if (n != back || !fx__js_space(cp))
            break;
        len -= back;
    }
    if (len == 0)
        return 0;
    if (len > 2 && s[0] == '0') {
        char x = s[1];
        if (x == 'x' || x == 'X')
            return radix_value(s + 2, len - 2, 16);
        if (x == 'o' || x == 'O')
            return radix_value(s + 2, len - 2, 8);
        if (x == 'b' || x == 'B')
            return radix_value(s + 2, len - 2, 2);
    }
    return decimal_value(s, len);
}

double fx__literal_number(const char *s, size_t len)
{
    /* B.1.1: 0 followed by octal digits only is a legacy octal integer; with an 8 or 9 it is
     * decimal. The lexer already refused a fraction after a legacy octal. */
    if (len > 1 && s[0] == '0' && memchr(s, '.', len) == NULL) {
        double octal = radix_value(s + 1, len - 1, 8);
        if (!isnan(octal))
            return octal;
    }
    return decimal_value(s, len);
}
