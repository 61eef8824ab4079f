/*
 * The XLSX export (F-PCV-056, F-PCV-057): an Office Open XML workbook of one sheet (ECMA-376
 * Part 1, SpreadsheetML), packed as a ZIP of stored entries (PKWARE APPNOTE 6.3, 4.3) by hand.
 */
#include "apis/pcvisit/export_int.h"
#include "graphql/gql.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* Excel's limit on a cell's text, in UTF-16 code units (F-PCV-057). */
#define XLSX_CELL_MAX 32767
/* Days from Excel's 1899-12-30 epoch to 1970-01-01; dates before 1900-03-01 (serial 61) fall
 * in Excel's fictitious 1900-02-29 and are written as text. */
#define EXCEL_UNIX_EPOCH 25569
#define EXCEL_MS_MIN (-2203891200000LL)
#define DAY_MS 86400000.0

/* Cell styles: indexes into styles.xml's cellXfs. */
enum { XF_DEFAULT, XF_HEADER, XF_DATE, XF_DURATION, XF_WRAP };

static const char XML_DECL[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define CT_OOXML "application/vnd.openxmlformats-officedocument.spreadsheetml."

static const char CONTENT_TYPES[] =
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package."
    "relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" CT_OOXML "sheet.main+xml\"/>"
    "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" CT_OOXML
    "worksheet+xml\"/>"
    "<Override PartName=\"/xl/styles.xml\" ContentType=\"" CT_OOXML "styles+xml\"/>"
    "</Types>";

static const char ROOT_RELS[] =
    "<Relationships xmlns=\"" NS_PKG_REL "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
    "</Relationships>";

/* F-PCV-056: one sheet, "Sessions". */
static const char WORKBOOK[] =
    "<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">"
    "<sheets><sheet name=\"Sessions\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
    "</workbook>";

static const char WORKBOOK_RELS[] =
    "<Relationships xmlns=\"" NS_PKG_REL "\">"
    "<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
    "</Relationships>";

/* F-PCV-056: a bold header, UTC dates, [h]:mm:ss durations, wrapped comments. The first two
 * fills are the ones Excel insists on. */
static const char STYLES[] =
    "<styleSheet xmlns=\"" NS_MAIN "\">"
    "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm:ss\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"[h]:mm:ss\"/></numFmts>"
    "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
    "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
    "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
    "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
    "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/>"
    "</cellStyleXfs>"
    "<cellXfs count=\"5\">"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
    "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" "
    "applyNumberFormat=\"1\"/>"
    "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
    "<alignment vertical=\"top\" wrapText=\"1\"/></xf>"
    "</cellXfs>"
    "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    "</styleSheet>";

int pcv__ex_xlsx_prepare(struct pcv__ex_job *j)
{
    return j->nrows > PCV_EXPORT_XLSX_MAX_ROWS ? RM_ELIMIT : RM_OK; /* F-PCV-057 */
}

/* "A", "B", ... "Z", "AA": the column letters of 0-based col. */
static void column_name(int col, char out[8])
{
    char tmp[8];
    int n = 0;
    for (col++; col > 0 && n < 7; col = (col - 1) / 26)
        tmp[n++] = (char)('A' + (col - 1) % 26);
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* Text content escaped for XML, cut at XLSX_CELL_MAX UTF-16 units (F-PCV-057). The text is
 * clean already (F-PCV-053): nothing XML forbids is left. */
static void xml_text(struct pcv__ex_out *o, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n, *run = p;
    size_t units = 0;
    while (p < end) {
        size_t used;
        uint32_t cp = pcv__ex_utf8_next(p, (size_t)(end - p), &used);
        units += cp > 0xFFFF ? 2 : 1;
        if (units > XLSX_CELL_MAX)
            break;
        const char *esc = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : NULL;
        if (esc) {
            pcv__ex_put(o, run, (size_t)(p - run));
            pcv__ex_puts(o, esc);
            run = p + used;
        }
        p += used;
    }
    pcv__ex_put(o, run, (size_t)(p - run));
}

static void cell_text(struct pcv__ex_out *o, const char *ref, int xf, const char *s, size_t n)
{
    pcv__ex_putf(o, "<c r=\"%s\"", ref);
    if (xf)
        pcv__ex_putf(o, " s=\"%d\"", xf);
    /* Readers may trim or fold white space unless told not to; text without any needs no
     * xml:space, which keeps big sheets smaller. */
    bool preserve = memchr(s, ' ', n) || memchr(s, '\t', n) || memchr(s, '\n', n);
    pcv__ex_puts(o, preserve ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">"
                             : " t=\"inlineStr\"><is><t>");
    xml_text(o, s, n);
    pcv__ex_puts(o, "</t></is></c>");
}

static void cell_number(struct pcv__ex_out *o, const char *ref, int xf, double v)
{
    char number[32];
    pcv__ex_putf(o, "<c r=\"%s\" s=\"%d\"><v>%s</v></c>", ref, xf, gql_js_number(v, number));
}

static int sheet_write(struct pcv__ex_job *j, struct pcv__ex_out *o)
{
    char col_name[8], ref[24], text[32];
    const cJSON *row;
    pcv__ex_puts(o, XML_DECL);
    column_name(j->ncols - 1, col_name);
    pcv__ex_puts(o, "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">");
    pcv__ex_putf(o, "<dimension ref=\"A1:%s%zu\"/>", col_name, j->nrows + 1);
    /* F-PCV-056: the header row stays in view while scrolling. */
    pcv__ex_puts(o, "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" "
                    "topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                    "<selection pane=\"bottomLeft\"/></sheetView></sheetViews>"
                    "<sheetFormatPr defaultRowHeight=\"15\"/><cols>");
    for (int col = 0; col < j->ncols; col++)
        pcv__ex_putf(o, "<col min=\"%d\" max=\"%d\" width=\"%u\" customWidth=\"1\"/>", col + 1,
                     col + 1, pcv__ex_columns[col].xlsx_width);
    pcv__ex_puts(o, "</cols><sheetData><row r=\"1\">");
    for (int col = 0; col < j->ncols; col++) {
        column_name(col, col_name);
        snprintf(ref, sizeof ref, "%s1", col_name);
        cell_text(o, ref, XF_HEADER, pcv__ex_columns[col].header,
                  strlen(pcv__ex_columns[col].header));
    }
    pcv__ex_puts(o, "</row>");
    size_t r = 1;
    cJSON_ArrayForEach(row, j->rows)
    {
        pcv__ex_putf(o, "<row r=\"%zu\">", ++r);
        for (int col = 0; col < j->ncols; col++) {
            struct pcv__ex_cell c;
            /* A UTF-16 unit takes at most 3 bytes of UTF-8: enough to know where to cut. */
            pcv__ex_cell_get(j, row, col, 3 * (size_t)XLSX_CELL_MAX + 4, &c);
            if (j->oom)
                return RM_ENOMEM;
            column_name(col, col_name);
            snprintf(ref, sizeof ref, "%s%zu", col_name, r);
            if (c.kind == PCV__EX_TEXT) {
                cell_text(o, ref, pcv__ex_columns[col].kind == PCV__EX_COL_COMMENTS ? XF_WRAP : 0,
                          c.text, c.len);
            } else if (c.kind == PCV__EX_TIME && c.ms >= EXCEL_MS_MIN) { /* F-PCV-051 */
                cell_number(o, ref, XF_DATE, EXCEL_UNIX_EPOCH + (double)c.ms / DAY_MS);
            } else if (c.kind == PCV__EX_TIME) {
                pcv__ex_iso(c.ms, text);
                cell_text(o, ref, 0, text, strlen(text));
            } else if (c.kind == PCV__EX_DURATION && c.ms >= 0) { /* F-PCV-052 */
                cell_number(o, ref, XF_DURATION, (double)c.ms / DAY_MS);
            } else if (c.kind == PCV__EX_DURATION) {
                pcv__ex_duration(c.ms, text);
                cell_text(o, ref, 0, text, strlen(text));
            }
        }
        pcv__ex_puts(o, "</row>");
    }
    pcv__ex_puts(o, "</sheetData></worksheet>");
    return RM_OK;
}

/* ---- the ZIP container ---- */

struct zip_entry {
    const char *name;
    const char *text; /* the part, or NULL for the sheet */
    uint32_t crc, size, offset;
};

static void put16(struct pcv__ex_out *o, unsigned v)
{
    unsigned char b[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
    pcv__ex_put(o, b, 2);
}

static void put32(struct pcv__ex_out *o, uint32_t v)
{
    unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };
    pcv__ex_put(o, b, 4);
}

static void patch32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

/* CRC-32 of ZIP (ISO 3309, reflected 0xEDB88320), over a table made for each document: 256
 * entries cost less than a lock or a static initialiser shared between threads. */
static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    uint32_t crc = 0xFFFFFFFFu;
    while (n--)
        crc = table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

/* MS-DOS time and date of the document's UTC time, clamped to 1980..2107 (F-PCV-056). */
static void dos_time(int64_t ms, unsigned *time_out, unsigned *date_out)
{
    struct tm tm;
    time_t secs = (time_t)(ms / 1000 - (ms % 1000 < 0));
    gmtime_r(&secs, &tm);
    if (tm.tm_year < 80) {
        *time_out = 0;
        *date_out = 1 << 5 | 1; /* 1980-01-01 */
        return;
    }
    if (tm.tm_year > 207) {
        *time_out = 23u << 11 | 59u << 5 | 29u;
        *date_out = 127u << 9 | 12u << 5 | 31u;
        return;
    }
    *time_out = (unsigned)tm.tm_hour << 11 | (unsigned)tm.tm_min << 5 | (unsigned)tm.tm_sec / 2;
    *date_out = (unsigned)(tm.tm_year - 80) << 9 | (unsigned)(tm.tm_mon + 1) << 5 |
                (unsigned)tm.tm_mday;
}

/* The fields local and central headers share: version 2.0, no flags, stored, no extra. */
static void header_common(struct pcv__ex_out *o, const struct zip_entry *e, unsigned t,
                          unsigned d)
{
    put16(o, 20);
    put16(o, 0);
    put16(o, 0);
    put16(o, t);
    put16(o, d);
    put32(o, e->crc);
    put32(o, e->size);
    put32(o, e->size);
    put16(o, (unsigned)strlen(e->name));
    put16(o, 0);
}

int pcv__ex_xlsx_write(struct pcv__ex_job *j, struct pcv__ex_out *o)
{
    struct zip_entry entries[] = {
        { "[Content_Types].xml", CONTENT_TYPES, 0, 0, 0 },
        { "_rels/.rels", ROOT_RELS, 0, 0, 0 },
        { "xl/workbook.xml", WORKBOOK, 0, 0, 0 },
        { "xl/_rels/workbook.xml.rels", WORKBOOK_RELS, 0, 0, 0 },
        { "xl/styles.xml", STYLES, 0, 0, 0 },
        { "xl/worksheets/sheet1.xml", NULL, 0, 0, 0 },
    };
    unsigned t, d;
    dos_time(j->generated_at_ms, &t, &d);
    for (size_t i = 0; i < RM_ARRAY_LEN(entries); i++) {
        struct zip_entry *e = &entries[i];
        size_t header = o->len;
        e->offset = (uint32_t)header;
        put32(o, 0x04034b50);
        header_common(o, e, t, d); /* crc and sizes are patched in below */
        pcv__ex_puts(o, e->name);
        size_t start = o->len;
        if (e->text) {
            pcv__ex_puts(o, XML_DECL);
            pcv__ex_puts(o, e->text);
        } else {
            int rc = sheet_write(j, o);
            if (rc != RM_OK)
                return rc;
        }
        if (o->len - start > UINT32_MAX || o->len > UINT32_MAX)
            return RM_ELIMIT; /* F-PCV-057: no ZIP64 */
        e->size = (uint32_t)(o->len - start);
        if (o->buf && !o->failed) {
            e->crc = crc32_of(o->buf + start, e->size);
            patch32(o->buf + header + 14, e->crc);
            patch32(o->buf + header + 18, e->size);
            patch32(o->buf + header + 22, e->size);
        }
    }
    size_t directory = o->len;
    for (size_t i = 0; i < RM_ARRAY_LEN(entries); i++) {
        put32(o, 0x02014b50);
        put16(o, 20); /* made by: MS-DOS attributes, version 2.0 */
        header_common(o, &entries[i], t, d);
        put16(o, 0); /* comment length */
        put16(o, 0); /* disk */
        put16(o, 0); /* internal attributes */
        put32(o, 0); /* external attributes */
        put32(o, entries[i].offset);
        pcv__ex_puts(o, entries[i].name);
    }
    size_t end = o->len;
    if (end > UINT32_MAX)
        return RM_ELIMIT;
    put32(o, 0x06054b50);
    put16(o, 0);
    put16(o, 0);
    put16(o, RM_ARRAY_LEN(entries));
    put16(o, RM_ARRAY_LEN(entries));
    put32(o, (uint32_t)(end - directory));
    put32(o, (uint32_t)directory);
    put16(o, 0);
    return RM_OK;
}
