/*
 * AcExportSessionsHistory's documents (issue 6, deliverable 4): the formats' table, the
 * columns and how a cell is read and cleaned, the two-pass output writer, and the CSV writer.
 * XLSX and PDF are in export_xlsx.c and export_pdf.c; decisions in docs/fidelity.md F-PCV-050..
 */
#include "apis/pcvisit/export_int.h"
#include "graphql/gql.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the output writer ---- */

void pcv__ex_put(struct pcv__ex_out *o, const void *p, size_t n)
{
    if (o->failed)
        return;
    if (!o->buf) {
        if (n > SIZE_MAX - o->len)
            o->failed = true;
        else
            o->len += n;
        return;
    }
    if (n > o->cap - o->len) { /* the second pass wrote more than the first counted: a bug */
        o->failed = true;
        return;
    }
    memcpy(o->buf + o->len, p, n);
    o->len += n;
}

void pcv__ex_puts(struct pcv__ex_out *o, const char *s)
{
    pcv__ex_put(o, s, strlen(s));
}

void pcv__ex_putf(struct pcv__ex_out *o, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        o->failed = true;
        return;
    }
    pcv__ex_put(o, tmp, (size_t)n);
}

/* ---- columns and cells ---- */

/* F-PCV-050: the columns, named by their value's path in SessionProtocol. */
const struct pcv__ex_column pcv__ex_columns[PCV__EX_NCOLUMNS] = {
    { "id", "id", NULL, PCV__EX_COL_TEXT, 74, 38 },
    { "name", "name", NULL, PCV__EX_COL_TEXT, 80, 30 },
    { "type", "type", NULL, PCV__EX_COL_TEXT, 64, 26 },
    { "state", "state", NULL, PCV__EX_COL_TEXT, 60, 28 },
    { "sessionCreatedAt", "sessionCreatedAt", NULL, PCV__EX_COL_TIME, 58, 20 },
    { "sessionFinishedAt", "sessionFinishedAt", NULL, PCV__EX_COL_TIME, 58, 20 },
    { "duration", "duration", NULL, PCV__EX_COL_DURATION, 36, 10 },
    { "customDuration", "customDuration", NULL, PCV__EX_COL_DURATION, 40, 15 },
    { "invoiceState", "invoiceState", NULL, PCV__EX_COL_TEXT, 54, 18 },
    { "clientCompany.companyFolderDisplayName", "clientCompany", "companyFolderDisplayName",
      PCV__EX_COL_TEXT, 66, 28 },
    { "target.computerDisplayName", "target", "computerDisplayName", PCV__EX_COL_TEXT, 66, 24 },
    { "target.computerHostName", "target", "computerHostName", PCV__EX_COL_TEXT, 58, 24 },
    { "participants.name", "participants", NULL, PCV__EX_COL_NAMES, 68, 36 },
    { "comments", "comments", NULL, PCV__EX_COL_COMMENTS, 0, 60 },
};

/* Times are held to RM_TIME_MIN_MS..RM_TIME_MAX_MS, what every format can write (F-PCV-051). */
#define EXACT_MAX 9007199254740992.0 /* 2^53: doubles beyond are not exact integers */

uint32_t pcv__ex_utf8_next(const unsigned char *s, size_t n, size_t *used)
{
    unsigned char c = s[0];
    uint32_t cp;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c < 0x80) {
        *used = 1;
        return c;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        cp = c & 0x0F;
        lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlongs */
        hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        cp = c & 0x07;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing past U+10FFFF */
    } else {
        *used = 1;
        return 0xFFFD;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *used = i;
            return 0xFFFD;
        }
        cp = cp << 6 | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *used = need + 1;
    return cp;
}

static void scratch_put(struct pcv__ex_job *j, const char *s, size_t n)
{
    if (j->oom)
        return;
    if (n > j->scratch_cap - j->scratch_len) {
        size_t cap = j->scratch_cap ? j->scratch_cap : 256;
        while (cap - j->scratch_len < n) {
            if (cap > SIZE_MAX / 2) {
                j->oom = true;
                return;
            }
            cap *= 2;
        }
        char *grown = realloc(j->scratch, cap);
        if (!grown) {
            j->oom = true;
            return;
        }
        j->scratch = grown;
        j->scratch_cap = cap;
    }
    memcpy(j->scratch + j->scratch_len, s, n);
    j->scratch_len += n;
}

/* F-PCV-053: appends s[0..n) cleaned: ill-formed UTF-8 becomes U+FFFD, CR LF and CR become
 * LF, and what XML 1.0 forbids or a terminal would obey goes (C0 controls but TAB and LF,
 * DEL, C1 controls, U+FFFE, U+FFFF). Stops after about limit bytes, setting *cut. */
static void clean_append(struct pcv__ex_job *j, const char *s, size_t n, size_t limit,
                         bool *cut)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        if (j->scratch_len >= limit) {
            *cut = true;
            return;
        }
        /* Runs of plain ASCII are copied at once. */
        const unsigned char *q = p;
        while (q < end && *q >= 0x20 && *q < 0x7F && (size_t)(q - p) < limit - j->scratch_len)
            q++;
        if (q > p) {
            scratch_put(j, (const char *)p, (size_t)(q - p));
            p = q;
            continue;
        }
        size_t used;
        uint32_t cp = pcv__ex_utf8_next(p, (size_t)(end - p), &used);
        p += used;
        if (cp == '\r') {
            if (p < end && *p == '\n')
                p++;
            cp = '\n';
        }
        if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
            cp == 0xFFFE || cp == 0xFFFF)
            continue;
        char u[4];
        size_t len;
        if (cp < 0x80) {
            u[0] = (char)cp;
            len = 1;
        } else if (cp < 0x800) {
            u[0] = (char)(0xC0 | cp >> 6);
            u[1] = (char)(0x80 | (cp & 0x3F));
            len = 2;
        } else if (cp < 0x10000) {
            u[0] = (char)(0xE0 | cp >> 12);
            u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
            u[2] = (char)(0x80 | (cp & 0x3F));
            len = 3;
        } else {
            u[0] = (char)(0xF0 | cp >> 18);
            u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
            u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
            u[3] = (char)(0x80 | (cp & 0x3F));
            len = 4;
        }
        scratch_put(j, u, len);
    }
}

/* A scalar as text: strings cleaned, numbers as JSON writes them, booleans; else nothing. */
static void scalar_append(struct pcv__ex_job *j, const cJSON *v, size_t limit, bool *cut)
{
    char number[32];
    if (cJSON_IsString(v) && v->valuestring) {
        clean_append(j, v->valuestring, strlen(v->valuestring), limit, cut);
    } else if (cJSON_IsNumber(v)) {
        gql_js_number(v->valuedouble, number);
        clean_append(j, number, strlen(number), limit, cut);
    } else if (cJSON_IsBool(v)) {
        clean_append(j, cJSON_IsTrue(v) ? "true" : "false", cJSON_IsTrue(v) ? 4 : 5, limit, cut);
    }
}

/* F-PCV-050: the strings of list (or their member key) joined by sep, empty ones skipped. */
static void list_append(struct pcv__ex_job *j, const cJSON *list, const char *key,
                        const char *sep, size_t limit, bool *cut)
{
    const cJSON *e;
    bool first = true;
    if (!cJSON_IsArray(list))
        return;
    cJSON_ArrayForEach(e, list)
    {
        const cJSON *v = key ? cJSON_GetObjectItemCaseSensitive(e, key) : e;
        if (!cJSON_IsString(v) || !v->valuestring || !v->valuestring[0])
            continue;
        if (!first)
            clean_append(j, sep, strlen(sep), limit, cut);
        first = false;
        clean_append(j, v->valuestring, strlen(v->valuestring), limit, cut);
        if (*cut)
            return;
    }
}

void pcv__ex_cell_get(struct pcv__ex_job *j, const cJSON *row, int col, size_t limit,
                      struct pcv__ex_cell *c)
{
    const struct pcv__ex_column *k = &pcv__ex_columns[col];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, k->field);
    if (k->sub)
        v = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, k->sub) : NULL;
    memset(c, 0, sizeof *c);
    j->scratch_len = 0;
    if (cJSON_IsNumber(v) && k->kind == PCV__EX_COL_TIME &&
        v->valuedouble >= (double)RM_TIME_MIN_MS && v->valuedouble < (double)RM_TIME_MAX_MS + 1) {
        c->kind = PCV__EX_TIME; /* F-PCV-051 */
        c->ms = (int64_t)v->valuedouble;
        if ((double)c->ms > v->valuedouble) /* floor for fractions before 1970 */
            c->ms--;
        return;
    }
    if (cJSON_IsNumber(v) && k->kind == PCV__EX_COL_DURATION && v->valuedouble > -EXACT_MAX &&
        v->valuedouble < EXACT_MAX) {
        c->kind = PCV__EX_DURATION; /* F-PCV-052 */
        c->ms = (int64_t)v->valuedouble;
        return;
    }
    if (k->kind == PCV__EX_COL_NAMES)
        list_append(j, v, "name", "; ", limit, &c->cut);
    else if (k->kind == PCV__EX_COL_COMMENTS)
        list_append(j, v, NULL, "\n", limit, &c->cut);
    else
        scalar_append(j, v, limit, &c->cut); /* out-of-range times and durations too */
    if (j->scratch_len) {
        c->kind = PCV__EX_TEXT;
        c->text = j->scratch;
        c->len = j->scratch_len;
    }
}

void pcv__ex_iso(int64_t ms, char out[32])
{
    rm_clock_format_iso(ms < RM_TIME_MIN_MS   ? RM_TIME_MIN_MS
                        : ms > RM_TIME_MAX_MS ? RM_TIME_MAX_MS
                                              : ms,
                        out);
}

void pcv__ex_duration(int64_t ms, char out[32])
{
    uint64_t s = (ms < 0 ? 0 - (uint64_t)ms : (uint64_t)ms) / 1000;
    snprintf(out, 32, "%s%llu:%02u:%02u", ms <= -1000 ? "-" : "", (unsigned long long)(s / 3600),
             (unsigned)(s / 60 % 60), (unsigned)(s % 60));
}

/* ---- CSV ---- */

/* F-PCV-055: what a spreadsheet would take for a formula or a command at a cell's start. */
static bool csv_needs_guard(const char *s, size_t n)
{
    return n && strchr("=+-@\t\n", s[0]) && s[0] != '\0';
}

/* F-PCV-054: RFC 4180 quoting: a field with a comma, quote or line break is quoted, its
 * quotes doubled. */
static void csv_field(struct pcv__ex_out *o, const char *s, size_t n)
{
    bool guard = csv_needs_guard(s, n);
    bool quote = memchr(s, ',', n) || memchr(s, '"', n) || memchr(s, '\n', n) ||
                 memchr(s, '\r', n);
    if (quote)
        pcv__ex_put(o, "\"", 1);
    if (guard)
        pcv__ex_put(o, "'", 1);
    for (const char *q; quote && (q = memchr(s, '"', n)) != NULL;) {
        size_t k = (size_t)(q - s) + 1;
        pcv__ex_put(o, s, k);
        pcv__ex_put(o, "\"", 1);
        s += k;
        n -= k;
    }
    pcv__ex_put(o, s, n);
    if (quote)
        pcv__ex_put(o, "\"", 1);
}

static int csv_write(struct pcv__ex_job *j, struct pcv__ex_out *o)
{
    const cJSON *row;
    char text[32];
    pcv__ex_put(o, "\xEF\xBB\xBF", 3); /* F-PCV-054: a BOM, so Excel reads UTF-8 */
    for (int col = 0; col < j->ncols; col++) {
        if (col)
            pcv__ex_put(o, ",", 1);
        csv_field(o, pcv__ex_columns[col].header, strlen(pcv__ex_columns[col].header));
    }
    pcv__ex_put(o, "\r\n", 2);
    cJSON_ArrayForEach(row, j->rows)
    {
        for (int col = 0; col < j->ncols; col++) {
            struct pcv__ex_cell c;
            pcv__ex_cell_get(j, row, col, SIZE_MAX, &c);
            if (j->oom)
                return RM_ENOMEM;
            if (col)
                pcv__ex_put(o, ",", 1);
            if (c.kind == PCV__EX_TEXT)
                csv_field(o, c.text, c.len);
            else if (c.kind == PCV__EX_TIME)
                pcv__ex_iso(c.ms, text);
            else if (c.kind == PCV__EX_DURATION)
                pcv__ex_duration(c.ms, text);
            if (c.kind == PCV__EX_TIME || c.kind == PCV__EX_DURATION)
                csv_field(o, text, strlen(text));
        }
        pcv__ex_put(o, "\r\n", 2);
    }
    return RM_OK;
}

/* ---- the formats ---- */

static const struct pcv_format {
    const char *name;         /* the ExportOutputFormat value, also the file extension */
    const char *content_type; /* F-PCV-059 */
    int (*prepare)(struct pcv__ex_job *j);                      /* once, before the passes */
    int (*write)(struct pcv__ex_job *j, struct pcv__ex_out *o); /* one pass */
} formats[] = {
    [PCV_EXPORT_CSV] = { "csv", "text/csv; charset=utf-8", NULL, csv_write },
    [PCV_EXPORT_PDF] = { "pdf", "application/pdf", pcv__ex_pdf_prepare, pcv__ex_pdf_write },
    [PCV_EXPORT_XLSX] = { "xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          pcv__ex_xlsx_prepare, pcv__ex_xlsx_write },
};

int pcv_export_format_parse(const char *name)
{
    for (size_t i = 0; name && i < RM_ARRAY_LEN(formats); i++)
        if (strcmp(name, formats[i].name) == 0)
            return (int)i;
    return -1;
}

static const struct pcv_format *format_of(enum pcv_export_format f)
{
    return (unsigned)f < RM_ARRAY_LEN(formats) ? &formats[f] : NULL;
}

const char *pcv_export_format_name(enum pcv_export_format f)
{
    return format_of(f) ? format_of(f)->name : NULL;
}

const char *pcv_export_content_type(enum pcv_export_format f)
{
    return format_of(f) ? format_of(f)->content_type : NULL;
}

void pcv_export_file_name(enum pcv_export_format f, int64_t generated_at_ms,
                          char out[PCV_EXPORT_FILE_NAME_MAX])
{
    char iso[32];
    pcv__ex_iso(generated_at_ms, iso);
    /* F-PCV-059: "2026-11-24T11:07:04.123Z" -> "sessions-history-20261124T110704Z.csv" */
    snprintf(out, PCV_EXPORT_FILE_NAME_MAX, "sessions-history-%.4s%.2s%.2sT%.2s%.2s%.2sZ.%s", iso,
             iso + 5, iso + 8, iso + 11, iso + 14, iso + 17,
             format_of(f) ? format_of(f)->name : "bin");
}

int pcv_export_render(enum pcv_export_format f, const cJSON *rows, bool with_comments,
                      int64_t generated_at_ms, struct rm_arena *a, const unsigned char **data,
                      size_t *len)
{
    const struct pcv_format *fmt = format_of(f);
    if (!fmt || !cJSON_IsArray(rows))
        return RM_EINVAL;
    struct pcv__ex_job j = {
        .rows = rows,
        .nrows = (size_t)cJSON_GetArraySize(rows),
        .ncols = with_comments ? PCV__EX_NCOLUMNS : PCV__EX_NCOLUMNS - 1,
        .generated_at_ms = generated_at_ms < RM_TIME_MIN_MS   ? RM_TIME_MIN_MS
                           : generated_at_ms > RM_TIME_MAX_MS ? RM_TIME_MAX_MS
                                                              : generated_at_ms,
        .a = a,
    };
    struct pcv__ex_out count = { 0 }, out = { 0 };
    int rc = fmt->prepare ? fmt->prepare(&j) : RM_OK;
    if (rc == RM_OK)
        rc = fmt->write(&j, &count);
    if (rc == RM_OK && (j.oom || count.failed))
        rc = RM_ENOMEM;
    if (rc != RM_OK)
        goto out;
    rc = RM_ENOMEM;
    out.cap = count.len;
    out.buf = rm_arena_alloc(a, count.len);
    if (!out.buf)
        goto out;
    rc = fmt->write(&j, &out);
    if (rc == RM_OK && (j.oom || out.failed || out.len != count.len))
        rc = RM_ENOMEM; /* only memory can make the passes differ */
    if (rc == RM_OK) {
        *data = out.buf;
        *len = out.len;
    }
out:
    free(j.scratch);
    return rc;
}
