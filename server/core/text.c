/*
 * Text checks every API needs: UTF-8 well-formedness and length, e-mail syntax, random
 * tokens for links and ids, and JSON numbers as whole numbers and as text.
 */
#include "core/rm.h"

#include <stdio.h>
#include <string.h>
#include <sys/random.h>

bool rm_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned min, cp;
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1, min = 0x80, cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2, min = 0x800, cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3, min = 0x10000, cp = c & 0x07;
        } else {
            return false; /* continuation byte first, or 0xc0/0xc1/0xf5+ */
        }
        if (len - i <= n)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

bool rm_list_has(const char *list, const char *name, size_t len)
{
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        if (n == len && strncmp(p, name, len) == 0)
            return true;
        p += n + (p[n] == ',');
    }
    return false;
}

size_t rm_utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* The local part: RFC 5322 "atext" and dots, not at either end nor doubled. */
static bool local_part_ok(const char *s, size_t len)
{
    static const char atext_symbols[] = "!#$%&'*+-/=?^_`{|}~";
    if (len == 0 || len > 64 || s[0] == '.' || s[len - 1] == '.')
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  (c == '.' && s[i + 1] != '.') || (c && strchr(atext_symbols, c));
        if (!ok)
            return false;
    }
    return true;
}

/* The domain: dot-separated labels of letters, digits and inner hyphens, at least two,
 * the last (the TLD) of two or more letters. */
static bool domain_ok(const char *s)
{
    size_t labels = 0, tld_letters = 0;
    while (*s) {
        size_t len = strcspn(s, ".");
        if (len == 0 || len > 63 || s[0] == '-' || s[len - 1] == '-')
            return false;
        tld_letters = 0;
        for (size_t i = 0; i < len; i++) {
            char c = s[i];
            bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!letter && !(c >= '0' && c <= '9') && c != '-')
                return false;
            tld_letters += letter;
        }
        if (tld_letters != len)
            tld_letters = 0; /* a TLD is letters only */
        labels++;
        s += len;
        if (*s == '.' && !*++s)
            return false; /* a trailing dot */
    }
    return labels >= 2 && tld_letters >= 2;
}

bool rm_email_valid(const char *s)
{
    const char *at = strchr(s, '@');
    return at && strlen(s) <= 254 && local_part_ok(s, (size_t)(at - s)) && domain_ok(at + 1);
}

int rm_random_hex(char *out, size_t nbytes)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char buf[64];
    if (nbytes > sizeof buf || getrandom(buf, nbytes, 0) != (ssize_t)nbytes)
        return RM_EIO;
    for (size_t i = 0; i < nbytes; i++) {
        out[2 * i] = hex[buf[i] >> 4];
        out[2 * i + 1] = hex[buf[i] & 15];
    }
    out[2 * nbytes] = '\0';
    return RM_OK;
}

int rm_base64_decode(const char *s, size_t len, unsigned char *out, size_t *out_len)
{
    unsigned bits = 0, nbits = 0;
    size_t n = 0, symbols = 0, padding = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int v;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue; /* PHP's strict mode skips white space */
        if (c == '=') {
            padding++;
            continue;
        }
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+')
            v = 62;
        else if (c == '/')
            v = 63;
        else
            return RM_EINVAL;
        if (padding)
            return RM_EINVAL; /* data after "=" */
        symbols++;
        bits = (bits << 6) | (unsigned)v;
        nbits += 6;
        if (nbits >= 8) {
            nbits -= 8;
            out[n++] = (unsigned char)(bits >> nbits);
            bits &= (1u << nbits) - 1;
        }
    }
    /* PHP strict: a lone symbol in the last quantum, or padding that does not complete one,
     * is invalid; missing padding is accepted. */
    if (symbols % 4 == 1 || (padding && (padding > 2 || (symbols + padding) % 4 != 0)))
        return RM_EINVAL;
    *out_len = n;
    return RM_OK;
}

void rm_base64_encode(const unsigned char *in, size_t len, char *out)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)in[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)in[i + 1] << 8;
        if (i + 2 < len)
            v |= in[i + 2];
        out[o++] = alphabet[(v >> 18) & 63];
        out[o++] = alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < len ? alphabet[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? alphabet[v & 63] : '=';
    }
    out[o] = '\0';
}

bool rm_double_to_int64(double v, int64_t *out)
{
    /* -2^63 is exact as a double; 2^63 is the first double past the range. */
    if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0))
        return false;
    int64_t whole = (int64_t)v;
    if ((double)whole != v)
        return false;
    *out = whole;
    return true;
}

void rm_number_text(double v, char out[RM_NUMBER_TEXT_MAX])
{
    int64_t whole;
    if (rm_double_to_int64(v, &whole))
        snprintf(out, RM_NUMBER_TEXT_MAX, "%lld", (long long)whole);
    else
        snprintf(out, RM_NUMBER_TEXT_MAX, "%.17g", v);
}
