/*
 * Tests server/apis/pcvisit/export*.c: the CSV bytes exactly, the XLSX package read back
 * through its ZIP directory (CRCs checked), the PDF's xref read back, hostile content and
 * the arena's cap. Run as "export_test --write DIR" it writes sample documents for
 * check_export.py, which reads them with Python's csv, zipfile and XML parser.
 */
#include "apis/pcvisit/export.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENERATED_AT 1764000000123LL /* 2025-11-24T16:00:00.123Z */

/* Three rows: plain; quoting, line breaks, Unicode and lists; formula injection, control
 * characters, ill-formed UTF-8 and values of the wrong type. */
static const char FIXTURE[] =
    "["
    "{\"id\":\"7c9e6679-7425-40de-944b-e07fc1f90ae7\",\"name\":\"Remote support\","
    "\"type\":\"AdHocSessionForSupporter\",\"state\":\"Finished\","
    "\"sessionCreatedAt\":1764000000000,\"sessionFinishedAt\":1764003723456,"
    "\"duration\":3723456,\"customDuration\":3600000,\"invoiceState\":\"Invoiced\","
    "\"clientCompany\":{\"clientId\":\"K-1\",\"companyFolderDisplayName\":\"M\xc3\xbcller GmbH\","
    "\"companyFolderId\":\"f1\"},"
    "\"target\":{\"computerDisplayName\":\"FRONTDESK-01\",\"computerHostName\":"
    "\"frontdesk01.local\",\"computerId\":\"c1\",\"termsAndConditionsRequestState\":\"Accepted\"},"
    "\"participants\":[{\"name\":\"Anna Schmidt\"},{\"name\":\"Bob\"}],"
    "\"comments\":[\"Printer fixed.\"]},"
    "{\"id\":\"b2\",\"name\":\"Update, \\\"urgent\\\"\\r\\nsecond line\","
    "\"type\":\"DeviceAccessSession\",\"state\":\"ServingStream\","
    "\"sessionCreatedAt\":1764003723456,\"sessionFinishedAt\":null,\"duration\":null,"
    "\"invoiceState\":\"NotInvoiced\","
    "\"clientCompany\":{\"companyFolderDisplayName\":\"Zo\xc3\xab & Co <AG>\"},"
    "\"target\":{\"computerDisplayName\":\"\xc5\x81ukasz's PC \xf0\x9f\x98\x80\","
    "\"computerHostName\":null},"
    "\"participants\":[{\"name\":\"\xc5\x81ukasz\"},{\"name\":\"\"},{\"name\":null},"
    "{\"computerName\":\"X\"},{\"name\":\"Eve\"}],"
    "\"comments\":[\"first\",\"line1\\r\\nline2\\rline3\",5,\"\"]},"
    "{\"id\":\"+1\",\"name\":\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\","
    "\"type\":\"R2OSession\",\"state\":\"Failed\",\"sessionCreatedAt\":0,"
    "\"sessionFinishedAt\":\"soon\",\"duration\":-5000,\"customDuration\":1e300,"
    "\"invoiceState\":\"NoInvoiceRequired\","
    "\"clientCompany\":{\"companyFolderDisplayName\":\"@SUM(A1)\"},"
    "\"target\":{\"computerDisplayName\":\"-2+3\",\"computerHostName\":\"\\tTAB\"},"
    "\"participants\":[{\"name\":\"\\u001b[31mred\\u0007\"}],"
    "\"comments\":[\"=cmd|' /C calc'!A0\",\"bad \xff\xc3( bytes \x7f\xc2\x85\x65nd\"]}"
    "]";

#define HEADER_NO_COMMENTS                                                                     \
    "id,name,type,state,sessionCreatedAt,sessionFinishedAt,duration,customDuration,"           \
    "invoiceState,clientCompany.companyFolderDisplayName,target.computerDisplayName,"          \
    "target.computerHostName,participants.name"

/* F-PCV-050..055: the columns, times, durations, clean-up, RFC 4180 and the guard. */
static const char CSV_WITH_COMMENTS[] =
    "\xEF\xBB\xBF" HEADER_NO_COMMENTS ",comments\r\n"
    "7c9e6679-7425-40de-944b-e07fc1f90ae7,Remote support,AdHocSessionForSupporter,Finished,"
    "2025-11-24T16:00:00.000Z,2025-11-24T17:02:03.456Z,1:02:03,1:00:00,Invoiced,"
    "M\xc3\xbcller GmbH,FRONTDESK-01,frontdesk01.local,Anna Schmidt; Bob,Printer fixed.\r\n"
    "b2,\"Update, \"\"urgent\"\"\nsecond line\",DeviceAccessSession,ServingStream,"
    "2025-11-24T17:02:03.456Z,,,,NotInvoiced,Zo\xc3\xab & Co <AG>,"
    "\xc5\x81ukasz's PC \xf0\x9f\x98\x80,,\xc5\x81ukasz; Eve,\"first\nline1\nline2\nline3\"\r\n"
    "'+1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",R2OSession,Failed,"
    "1970-01-01T00:00:00.000Z,soon,'-0:00:05,1e+300,NoInvoiceRequired,'@SUM(A1),'-2+3,"
    "'\tTAB,[31mred,\"'=cmd|' /C calc'!A0\nbad \xef\xbf\xbd\xef\xbf\xbd( bytes end\"\r\n";

static const char CSV_WITHOUT_COMMENTS[] =
    "\xEF\xBB\xBF" HEADER_NO_COMMENTS "\r\n"
    "7c9e6679-7425-40de-944b-e07fc1f90ae7,Remote support,AdHocSessionForSupporter,Finished,"
    "2025-11-24T16:00:00.000Z,2025-11-24T17:02:03.456Z,1:02:03,1:00:00,Invoiced,"
    "M\xc3\xbcller GmbH,FRONTDESK-01,frontdesk01.local,Anna Schmidt; Bob\r\n"
    "b2,\"Update, \"\"urgent\"\"\nsecond line\",DeviceAccessSession,ServingStream,"
    "2025-11-24T17:02:03.456Z,,,,NotInvoiced,Zo\xc3\xab & Co <AG>,"
    "\xc5\x81ukasz's PC \xf0\x9f\x98\x80,,\xc5\x81ukasz; Eve\r\n"
    "'+1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",R2OSession,Failed,"
    "1970-01-01T00:00:00.000Z,soon,'-0:00:05,1e+300,NoInvoiceRequired,'@SUM(A1),'-2+3,"
    "'\tTAB,[31mred\r\n";

static cJSON *parse(const char *text)
{
    cJSON *rows = cJSON_Parse(text);
    assert_non_null(rows);
    return rows;
}

/* Renders rows and returns the document as a malloc'd NUL-terminated copy. */
static unsigned char *render(enum pcv_export_format f, const cJSON *rows, bool comments,
                             size_t *len)
{
    struct rm_arena a;
    const unsigned char *data = NULL;
    rm_arena_init(&a, 0);
    assert_int_equal(pcv_export_render(f, rows, comments, GENERATED_AT, &a, &data, len), RM_OK);
    unsigned char *copy = malloc(*len + 1);
    assert_non_null(copy);
    memcpy(copy, data, *len);
    copy[*len] = '\0';
    rm_arena_clear(&a);
    return copy;
}

static void formats_names_and_types(void **state)
{
    (void)state;
    char name[PCV_EXPORT_FILE_NAME_MAX];
    /* F-PCV-027: every ExportOutputFormat value; F-PCV-059: types and file names. */
    assert_int_equal(pcv_export_format_parse("csv"), PCV_EXPORT_CSV);
    assert_int_equal(pcv_export_format_parse("pdf"), PCV_EXPORT_PDF);
    assert_int_equal(pcv_export_format_parse("xlsx"), PCV_EXPORT_XLSX);
    assert_int_equal(pcv_export_format_parse("CSV"), -1);
    assert_int_equal(pcv_export_format_parse("xls"), -1);
    assert_int_equal(pcv_export_format_parse(NULL), -1);
    assert_string_equal(pcv_export_content_type(PCV_EXPORT_CSV), "text/csv; charset=utf-8");
    assert_string_equal(pcv_export_content_type(PCV_EXPORT_PDF), "application/pdf");
    assert_string_equal(pcv_export_content_type(PCV_EXPORT_XLSX),
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_string_equal(pcv_export_format_name(PCV_EXPORT_XLSX), "xlsx");
    assert_null(pcv_export_content_type((enum pcv_export_format)7));
    pcv_export_file_name(PCV_EXPORT_CSV, GENERATED_AT, name);
    assert_string_equal(name, "sessions-history-20251124T160000Z.csv");
    pcv_export_file_name(PCV_EXPORT_XLSX, 0, name);
    assert_string_equal(name, "sessions-history-19700101T000000Z.xlsx");
    pcv_export_file_name(PCV_EXPORT_PDF, INT64_MAX, name); /* clamped to 9999 */
    assert_string_equal(name, "sessions-history-99991231T235959Z.pdf");
}

static void csv_is_exact(void **state)
{
    (void)state;
    size_t len;
    cJSON *rows = parse(FIXTURE);
    /* F-PCV-050, F-PCV-051, F-PCV-052, F-PCV-053, F-PCV-054, F-PCV-055 */
    unsigned char *csv = render(PCV_EXPORT_CSV, rows, true, &len);
    assert_int_equal(len, sizeof CSV_WITH_COMMENTS - 1);
    assert_memory_equal(csv, CSV_WITH_COMMENTS, len);
    free(csv);
    csv = render(PCV_EXPORT_CSV, rows, false, &len);
    assert_int_equal(len, sizeof CSV_WITHOUT_COMMENTS - 1);
    assert_memory_equal(csv, CSV_WITHOUT_COMMENTS, len);
    free(csv);
    cJSON_Delete(rows);
}

static void empty_exports_have_the_header(void **state)
{
    (void)state;
    size_t len;
    cJSON *rows = cJSON_CreateArray();
    unsigned char *doc = render(PCV_EXPORT_CSV, rows, false, &len);
    assert_string_equal((char *)doc, "\xEF\xBB\xBF" HEADER_NO_COMMENTS "\r\n");
    free(doc);
    doc = render(PCV_EXPORT_PDF, rows, true, &len);
    assert_non_null(strstr((char *)doc, "(No sessions.) Tj")); /* F-PCV-058 */
    assert_non_null(strstr((char *)doc, "(0 sessions, exported 2025-11-24 16:00:00 UTC."));
    free(doc);
    cJSON_Delete(rows);
}

/* ---- reading a ZIP back ---- */

static uint32_t rd16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
    return rd16(p) | rd16(p + 2) << 16;
}

/* Bit by bit, independent of the table the code under test uses. */
static uint32_t crc32_bitwise(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    while (n--) {
        crc ^= *p++;
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
    return ~crc;
}

struct zip_part {
    char name[64];
    const unsigned char *data;
    size_t size;
};

/* Walks the central directory from the end record; checks each local header against it and
 * each entry's CRC. Returns the number of entries. */
static int zip_read(const unsigned char *z, size_t n, struct zip_part *parts, int max)
{
    assert_true(n >= 22);
    const unsigned char *eocd = z + n - 22;
    assert_int_equal(rd32(eocd), 0x06054b50);
    int count = (int)rd16(eocd + 10);
    assert_int_equal(rd16(eocd + 8), count);
    size_t cd_size = rd32(eocd + 12), cd = rd32(eocd + 16);
    assert_int_equal(cd + cd_size, n - 22);
    assert_true(count <= max);
    const unsigned char *p = z + cd;
    for (int i = 0; i < count; i++) {
        assert_int_equal(rd32(p), 0x02014b50);
        assert_int_equal(rd16(p + 10), 0); /* stored */
        uint32_t crc = rd32(p + 16), csize = rd32(p + 20), usize = rd32(p + 24);
        size_t nl = rd16(p + 28), el = rd16(p + 30), cl = rd16(p + 32);
        size_t local = rd32(p + 42);
        assert_int_equal(csize, usize);
        assert_true(nl < sizeof parts[i].name);
        memcpy(parts[i].name, p + 46, nl);
        parts[i].name[nl] = '\0';
        const unsigned char *l = z + local;
        assert_int_equal(rd32(l), 0x04034b50);
        assert_int_equal(rd32(l + 14), crc);
        assert_int_equal(rd32(l + 18), csize);
        assert_int_equal(rd32(l + 22), usize);
        assert_int_equal(rd16(l + 26), nl);
        assert_memory_equal(l + 30, parts[i].name, nl);
        parts[i].data = l + 30 + nl + rd16(l + 28);
        parts[i].size = usize;
        assert_true(parts[i].data + usize <= z + cd);
        assert_int_equal(crc32_bitwise(parts[i].data, usize), crc);
        p += 46 + nl + el + cl;
    }
    assert_ptr_equal(p, z + cd + cd_size);
    return count;
}

/* The part's text, NUL-terminated (malloc). */
static char *zip_text(const struct zip_part *parts, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(parts[i].name, name) == 0) {
            char *s = malloc(parts[i].size + 1);
            assert_non_null(s);
            memcpy(s, parts[i].data, parts[i].size);
            s[parts[i].size] = '\0';
            return s;
        }
    fail_msg("no part %s", name);
    return NULL;
}

static void xlsx_is_a_workbook(void **state)
{
    (void)state;
    size_t len;
    struct zip_part parts[8];
    cJSON *rows = parse(FIXTURE);
    unsigned char *z = render(PCV_EXPORT_XLSX, rows, true, &len);
    /* F-PCV-056: the package's parts, in this order, stored. */
    int n = zip_read(z, len, parts, 8);
    static const char *const names[] = { "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                         "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                         "xl/worksheets/sheet1.xml" };
    assert_int_equal(n, 6);
    for (int i = 0; i < n; i++)
        assert_string_equal(parts[i].name, names[i]);
    /* MS-DOS time of 2025-11-24 16:00:00 in every header. */
    assert_int_equal(rd16(z + 10), 16u << 11);
    assert_int_equal(rd16(z + 12), (2025u - 1980) << 9 | 11u << 5 | 24u);
    char *workbook = zip_text(parts, n, "xl/workbook.xml");
    assert_non_null(strstr(workbook, "<sheet name=\"Sessions\" sheetId=\"1\" r:id=\"rId1\"/>"));
    free(workbook);
    char *sheet = zip_text(parts, n, "xl/worksheets/sheet1.xml");
    static const char *const cells[] = {
        "<dimension ref=\"A1:N4\"/>",
        "state=\"frozen\"",
        "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>id</t></is></c>",
        "<c r=\"N1\" s=\"1\" t=\"inlineStr\"><is><t>comments</t></is></c>",
        "<c r=\"B2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Remote support</t></is></c>",
        /* F-PCV-051, F-PCV-052: dates and durations are numbers of days */
        "<c r=\"E2\" s=\"2\"><v>45985.66666666667</v></c>",
        "<c r=\"F2\" s=\"2\"><v>45985.70976222222</v></c>",
        "<c r=\"G2\" s=\"3\"><v>0.043095555555555554</v></c>",
        "<c r=\"H2\" s=\"3\"><v>0.041666666666666664</v></c>",
        "<c r=\"M2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Anna Schmidt; Bob</t></is></c>",
        "<c r=\"N2\" s=\"4\" t=\"inlineStr\"><is><t xml:space=\"preserve\">Printer fixed.</t>",
        "<t xml:space=\"preserve\">Update, \"urgent\"\nsecond line</t>",
        "<t xml:space=\"preserve\">Zo\xc3\xab &amp; Co &lt;AG&gt;</t>",
        "<c r=\"E4\" s=\"2\"><v>25569</v></c>",
        /* F-PCV-055: no guard in XLSX, where inline strings are never formulas */
        "<c r=\"B4\" t=\"inlineStr\"><is><t>=HYPERLINK(",
        "<c r=\"G4\" t=\"inlineStr\"><is><t>-0:00:05</t></is></c>",
        "<c r=\"L4\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\tTAB</t></is></c>",
        "<t>[31mred</t>",
    };
    for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
        if (!strstr(sheet, cells[i]))
            fail_msg("sheet1.xml lacks %s", cells[i]);
    /* Row 3 has no finish time, duration, custom duration or host name: no cells. */
    assert_null(strstr(sheet, "r=\"F3\""));
    assert_null(strstr(sheet, "r=\"L3\""));
    free(sheet);
    free(z);
    /* Without comments: 13 columns. */
    z = render(PCV_EXPORT_XLSX, rows, false, &len);
    n = zip_read(z, len, parts, 8);
    sheet = zip_text(parts, n, "xl/worksheets/sheet1.xml");
    assert_non_null(strstr(sheet, "<dimension ref=\"A1:M4\"/>"));
    assert_null(strstr(sheet, "comments"));
    free(sheet);
    free(z);
    cJSON_Delete(rows);
}

/* ---- reading a PDF back ---- */

/* Checks header, xref (each offset at "N 0 obj"), trailer and end; returns /Size. */
static size_t pdf_read(const char *pdf, size_t len)
{
    assert_true(len > 32);
    assert_memory_equal(pdf, "%PDF-1.4\n", 9);
    assert_memory_equal(pdf + len - 6, "%%EOF\n", 6);
    const char *sx = NULL;
    for (const char *p = pdf; (p = strstr(p, "startxref\n")) != NULL; p++)
        sx = p;
    assert_non_null(sx);
    size_t xref = strtoul(sx + 10, NULL, 10);
    assert_true(xref < len);
    assert_memory_equal(pdf + xref, "xref\n0 ", 7);
    char *end;
    size_t size = strtoul(pdf + xref + 7, &end, 10);
    assert_int_equal(*end, '\n');
    const char *entry = end + 1;
    assert_memory_equal(entry, "0000000000 65535 f \n", 20);
    for (size_t obj = 1; obj < size; obj++) {
        const char *e = entry + 20 * obj;
        char head[32];
        assert_memory_equal(e + 10, " 00000 n \n", 10);
        size_t off = strtoul(e, NULL, 10);
        int n = snprintf(head, sizeof head, "%zu 0 obj\n", obj);
        assert_true(off + (size_t)n < len);
        assert_memory_equal(pdf + off, head, (size_t)n);
    }
    char trailer[64];
    snprintf(trailer, sizeof trailer, "trailer\n<< /Size %zu /Root 1 0 R", size);
    assert_memory_equal(entry + 20 * size, trailer, strlen(trailer));
    /* Every stream's /Length object says its length exactly. */
    for (const char *p = pdf; (p = strstr(p, "/Length ")) != NULL; p++) {
        size_t obj = strtoul(p + 8, NULL, 10);
        const char *data = strstr(p, ">>\nstream\n") + 10;
        const char *stop = strstr(data, "\nendstream\n");
        const char *e = entry + 20 * obj;
        const char *lobj = pdf + strtoul(e, NULL, 10);
        const char *nl = strchr(lobj, '\n');
        assert_int_equal(strtoul(nl + 1, NULL, 10), (size_t)(stop - data));
    }
    return size;
}

static size_t count_of(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static void pdf_is_valid_and_holds_the_rows(void **state)
{
    (void)state;
    size_t len;
    cJSON *rows = parse(FIXTURE);
    char *pdf = (char *)render(PCV_EXPORT_PDF, rows, true, &len);
    assert_int_equal(strlen(pdf), len); /* ASCII but the binary marker: no NUL */
    assert_int_equal(pdf_read(pdf, len), 7 + 3 * 1);
    /* F-PCV-058: one page, the fonts, the texts in WinAnsi, wrapped by Helvetica's widths. */
    assert_non_null(strstr(pdf, "/Type /Pages /Kids [7 0 R] /Count 1"));
    assert_non_null(strstr(pdf, "/BaseFont /Helvetica /Encoding /WinAnsiEncoding"));
    assert_non_null(strstr(pdf, "/CreationDate (D:20251124160000Z)"));
    assert_non_null(strstr(pdf, "(Session history) Tj"));
    assert_non_null(strstr(pdf, "(Page 1 of 1) Tj"));
    assert_non_null(strstr(pdf, "(3 sessions, exported 2025-11-24 16:00:00 UTC."));
    assert_non_null(strstr(pdf, "(Remote support) Tj"));
    assert_non_null(strstr(pdf, "(M\\374ller GmbH) Tj"));
    assert_non_null(strstr(pdf, "(Anna Schmidt; Bob) Tj"));
    assert_non_null(strstr(pdf, "(?ukasz's PC ?) Tj")); /* no L-stroke in WinAnsi */
    assert_non_null(strstr(pdf, "(=HYPERLINK\\(\"http://x\",) Tj")); /* broken after the comma */
    assert_non_null(strstr(pdf, "(\"y\"\\)) Tj"));
    /* F-PCV-051, F-PCV-052: times on two lines, durations h:mm:ss */
    assert_non_null(strstr(pdf, " (2025-11-24) Tj"));
    assert_non_null(strstr(pdf, " (16:00:00) Tj"));
    assert_non_null(strstr(pdf, " (1:02:03) Tj"));
    assert_non_null(strstr(pdf, " (-0:00:05) Tj"));
    /* header labels wrapped after the dot and inside camelCase, in bold */
    assert_non_null(strstr(pdf, "/F2 7 Tf 556 527 Td (clientCompany.) Tj"));
    /* F-PCV-050: the comments below their row, one per line, in oblique */
    assert_non_null(strstr(pdf, "(comments) Tj"));
    assert_non_null(strstr(pdf, "/F3 7 Tf"));
    assert_non_null(strstr(pdf, "(line1) Tj"));
    assert_non_null(strstr(pdf, "(line3) Tj"));
    assert_non_null(strstr(pdf, "(bad ??\\( bytes end) Tj"));
    free(pdf);
    pdf = (char *)render(PCV_EXPORT_PDF, rows, false, &len);
    pdf_read(pdf, len);
    assert_null(strstr(pdf, "(comments) Tj"));
    assert_null(strstr(pdf, "(line1) Tj"));
    free(pdf);
    cJSON_Delete(rows);
}

static cJSON *many_rows(int n, const char *name)
{
    cJSON *rows = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        char id[32];
        snprintf(id, sizeof id, "row-%05d", i);
        cJSON *row = cJSON_CreateObject();
        cJSON_AddStringToObject(row, "id", id);
        cJSON_AddStringToObject(row, "name", name);
        cJSON_AddNumberToObject(row, "sessionCreatedAt", 1764000000000.0 + i * 60000.0);
        cJSON_AddNumberToObject(row, "duration", i * 1000.0);
        cJSON *comments = cJSON_AddArrayToObject(row, "comments");
        if (i % 7 == 0)
            cJSON_AddItemToArray(comments, cJSON_CreateString("a comment\nand another"));
        cJSON_AddItemToArray(rows, row);
    }
    return rows;
}

static void pdf_paginates(void **state)
{
    (void)state;
    size_t len;
    cJSON *rows = many_rows(250, "Support");
    char *pdf = (char *)render(PCV_EXPORT_PDF, rows, true, &len);
    size_t size = pdf_read(pdf, len);
    size_t pages = (size - 7) / 3;
    assert_true(pages >= 4);
    char s[64];
    snprintf(s, sizeof s, "] /Count %zu >>", pages);
    assert_non_null(strstr(pdf, s));
    assert_int_equal(count_of(pdf, "/Type /Page /Parent"), pages);
    /* F-PCV-058: each page repeats the header; every row is there once, in order. */
    assert_int_equal(count_of(pdf, "(sessionCreated) Tj"), pages);
    snprintf(s, sizeof s, "(Page %zu of %zu) Tj", pages, pages);
    assert_non_null(strstr(pdf, s));
    const char *prev = pdf;
    for (int i = 0; i < 250; i++) {
        snprintf(s, sizeof s, "(row-%05d) Tj", i);
        const char *at = strstr(pdf, s);
        assert_non_null(at);
        assert_true(at > prev);
        prev = at;
    }
    free(pdf);
    cJSON_Delete(rows);
}

static void long_and_hostile_text_is_contained(void **state)
{
    (void)state;
    size_t len, n = 1 << 20;
    /* 1 MiB: é, a stray continuation byte, a tab and a NUL-free control character, repeated. */
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = "\xc3\xa9\x80 \t\x01 word"[i % 11];
    big[n] = '\0';
    cJSON *rows = many_rows(2, big);
    free(big);
    /* F-PCV-053: CSV keeps it all, cleaned. */
    unsigned char *doc = render(PCV_EXPORT_CSV, rows, true, &len);
    assert_true(len > n);
    assert_null(memchr(doc, '\x01', len));
    assert_non_null(strstr((char *)doc, "\xc3\xa9\xef\xbf\xbd \t word"));
    free(doc);
    /* F-PCV-057: XLSX cuts a cell at 32767 UTF-16 units. */
    struct zip_part parts[8];
    doc = render(PCV_EXPORT_XLSX, rows, false, &len);
    int nparts = zip_read(doc, len, parts, 8);
    char *sheet = zip_text(parts, nparts, "xl/worksheets/sheet1.xml");
    char *t = strstr(sheet, "<c r=\"B2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">");
    assert_non_null(t);
    t = strchr(t, '>') + 1;
    t = strstr(t, "preserve\">") + 10;
    size_t units = 0;
    for (char *p = t; *p != '<'; p++)
        units += ((unsigned char)*p & 0xC0) != 0x80;
    assert_int_equal(units, 32767);
    free(sheet);
    free(doc);
    /* F-PCV-058: PDF cells end after 6 lines with an ellipsis. */
    doc = render(PCV_EXPORT_PDF, rows, true, &len);
    pdf_read((char *)doc, len);
    assert_non_null(strstr((char *)doc, "\\205) Tj"));
    assert_true(len < 64 * 1024);
    free(doc);
    cJSON_Delete(rows);
}

static void wrong_shapes_are_not_errors(void **state)
{
    (void)state;
    size_t len;
    cJSON *rows = parse(
        "[null, 5, \"x\", [], {\"id\":{},\"name\":[1],\"sessionCreatedAt\":1e300,"
        "\"sessionFinishedAt\":-1e300,\"duration\":\"long\",\"customDuration\":true,"
        "\"clientCompany\":\"c\",\"target\":[],\"participants\":{},\"comments\":\"c\"},"
        "{\"sessionCreatedAt\":-1.5,\"participants\":[1,null,{\"name\":2}]}]");
    static const char expect[] =
        "\xEF\xBB\xBF" HEADER_NO_COMMENTS ",comments\r\n"
        ",,,,,,,,,,,,,\r\n"
        ",,,,,,,,,,,,,\r\n"
        ",,,,,,,,,,,,,\r\n"
        ",,,,,,,,,,,,,\r\n"
        ",,,,1e+300,'-1e+300,long,true,,,,,,\r\n"
        ",,,,1969-12-31T23:59:59.998Z,,,,,,,,,\r\n";
    unsigned char *doc = render(PCV_EXPORT_CSV, rows, true, &len);
    assert_string_equal((char *)doc, expect);
    free(doc);
    doc = render(PCV_EXPORT_PDF, rows, true, &len);
    pdf_read((char *)doc, len);
    free(doc);
    struct zip_part parts[8];
    doc = render(PCV_EXPORT_XLSX, rows, true, &len);
    zip_read(doc, len, parts, 8);
    free(doc);
    cJSON_Delete(rows);

    struct rm_arena a;
    const unsigned char *data = NULL;
    rm_arena_init(&a, 0);
    cJSON *obj = cJSON_CreateObject();
    assert_int_equal(pcv_export_render(PCV_EXPORT_CSV, obj, false, 0, &a, &data, &len),
                     RM_EINVAL);
    assert_int_equal(pcv_export_render(PCV_EXPORT_CSV, NULL, false, 0, &a, &data, &len),
                     RM_EINVAL);
    assert_int_equal(pcv_export_render((enum pcv_export_format)3, obj, false, 0, &a, &data, &len),
                     RM_EINVAL);
    assert_null(data);
    cJSON_Delete(obj);
    rm_arena_clear(&a);
}

static void same_input_same_bytes(void **state)
{
    (void)state;
    cJSON *rows = parse(FIXTURE);
    for (int f = PCV_EXPORT_CSV; f <= PCV_EXPORT_XLSX; f++) {
        size_t l1, l2;
        unsigned char *d1 = render((enum pcv_export_format)f, rows, true, &l1);
        unsigned char *d2 = render((enum pcv_export_format)f, rows, true, &l2);
        assert_int_equal(l1, l2);
        assert_memory_equal(d1, d2, l1);
        free(d1);
        free(d2);
    }
    cJSON_Delete(rows);
}

/* Every cap either fits or fails cleanly with RM_ENOMEM and the arena's flag set. */
static void the_arena_cap_is_respected(void **state)
{
    (void)state;
    cJSON *rows = many_rows(300, "A session with a name");
    for (int f = PCV_EXPORT_CSV; f <= PCV_EXPORT_XLSX; f++) {
        bool failed = false, fitted = false;
        for (size_t cap = 1; cap < (1u << 22); cap = cap * 3 / 2 + 1) {
            struct rm_arena a;
            const unsigned char *data = NULL;
            size_t len = 0;
            rm_arena_init(&a, cap);
            int rc = pcv_export_render((enum pcv_export_format)f, rows, true, 0, &a, &data, &len);
            if (rc == RM_ENOMEM) {
                assert_true(a.failed);
                assert_null(data);
                failed = true;
            } else {
                assert_int_equal(rc, RM_OK);
                assert_true(a.total <= cap);
                assert_true(len <= cap);
                fitted = true;
            }
            rm_arena_clear(&a);
        }
        assert_true(failed && fitted);
    }
    cJSON_Delete(rows);
}

static void xlsx_refuses_more_rows_than_excel_holds(void **state)
{
    (void)state;
    struct rm_arena a;
    const unsigned char *data = NULL;
    size_t len;
    cJSON *rows = cJSON_CreateArray();
    /* F-PCV-057: one row more than a sheet holds under its header. */
    for (int i = 0; i < PCV_EXPORT_XLSX_MAX_ROWS + 1; i++)
        cJSON_AddItemToArray(rows, cJSON_CreateNull());
    rm_arena_init(&a, 0);
    assert_int_equal(pcv_export_render(PCV_EXPORT_XLSX, rows, false, 0, &a, &data, &len),
                     RM_ELIMIT);
    rm_arena_clear(&a);
    cJSON_Delete(rows);
}

/* --write DIR: sample documents for check_export.py. */
static int write_samples(const char *dir)
{
    static const struct {
        const char *file;
        enum pcv_export_format f;
        bool comments;
        int many; /* 0: the fixture; else that many generated rows */
    } samples[] = {
        { "fixture.csv", PCV_EXPORT_CSV, true, 0 },
        { "fixture.xlsx", PCV_EXPORT_XLSX, true, 0 },
        { "fixture.pdf", PCV_EXPORT_PDF, true, 0 },
        { "many.xlsx", PCV_EXPORT_XLSX, false, 400 },
        { "many.pdf", PCV_EXPORT_PDF, true, 400 },
        { "empty.xlsx", PCV_EXPORT_XLSX, false, -1 },
    };
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        cJSON *rows = samples[i].many > 0   ? many_rows(samples[i].many, "Support")
                      : samples[i].many < 0 ? cJSON_CreateArray()
                                            : cJSON_Parse(FIXTURE);
        struct rm_arena a;
        const unsigned char *data;
        size_t len;
        char path[4096];
        rm_arena_init(&a, 0);
        int rc = pcv_export_render(samples[i].f, rows, samples[i].comments, GENERATED_AT, &a,
                                   &data, &len);
        snprintf(path, sizeof path, "%s/%s", dir, samples[i].file);
        FILE *fp = rc == RM_OK ? fopen(path, "wb") : NULL;
        bool ok = fp && fwrite(data, 1, len, fp) == len;
        if (fp && fclose(fp) != 0)
            ok = false;
        rm_arena_clear(&a);
        cJSON_Delete(rows);
        if (!ok) {
            fprintf(stderr, "export_test: cannot write %s (rc %d)\n", path, rc);
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--write") == 0)
        return write_samples(argv[2]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_names_and_types),
        cmocka_unit_test(csv_is_exact),
        cmocka_unit_test(empty_exports_have_the_header),
        cmocka_unit_test(xlsx_is_a_workbook),
        cmocka_unit_test(pdf_is_valid_and_holds_the_rows),
        cmocka_unit_test(pdf_paginates),
        cmocka_unit_test(long_and_hostile_text_is_contained),
        cmocka_unit_test(wrong_shapes_are_not_errors),
        cmocka_unit_test(same_input_same_bytes),
        cmocka_unit_test(the_arena_cap_is_respected),
        cmocka_unit_test(xlsx_refuses_more_rows_than_excel_holds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
