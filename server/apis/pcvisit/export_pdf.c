/*
 * The PDF export (F-PCV-058): a PDF 1.4 file (ISO 32000-1 7.5: header, objects, xref table,
 * trailer) of A4 landscape pages holding the sessions as a table in the standard Helvetica
 * fonts, WinAnsiEncoding, with the text wrapped by Helvetica's metrics.
 */
#include "apis/pcvisit/export_int.h"

#include <stdio.h>
#include <string.h>

/* Advance widths (1/1000 em) of WinAnsiEncoding's codes 32..255, from Adobe's Helvetica and
 * Helvetica-Bold AFM files (as groff ships them); Helvetica-Oblique has Helvetica's. Codes
 * WinAnsi leaves undefined are 0 and never written. Rows of 16 codes from 0x20. */
/* clang-format off */
static const unsigned short HELVETICA[224] = {
     278,  278,  355,  556,  556,  889,  667,  191,  333,  333,  389,  584,  278,  333,  278,  278,
     556,  556,  556,  556,  556,  556,  556,  556,  556,  556,  278,  278,  584,  584,  584,  556,
    1015,  667,  667,  722,  722,  667,  611,  778,  722,  278,  500,  667,  556,  833,  722,  778,
     667,  778,  722,  667,  611,  722,  667,  944,  667,  667,  611,  278,  278,  278,  469,  556,
     333,  556,  556,  500,  556,  556,  278,  556,  556,  222,  222,  500,  222,  833,  556,  556,
     556,  556,  333,  500,  278,  556,  500,  722,  500,  500,  500,  334,  260,  334,  584,    0,
     556,    0,  222,  556,  333, 1000,  556,  556,  333, 1000,  667,  333, 1000,    0,  611,    0,
       0,  222,  222,  333,  333,  350,  556, 1000,  333, 1000,  500,  333,  944,    0,  500,  667,
     278,  333,  556,  556,  556,  556,  260,  556,  333,  737,  370,  556,  584,  333,  737,  333,
     400,  584,  333,  333,  333,  578,  537,  278,  333,  333,  365,  556,  834,  834,  834,  611,
     667,  667,  667,  667,  667,  667, 1000,  722,  667,  667,  667,  667,  278,  278,  278,  278,
     722,  722,  778,  778,  778,  778,  778,  584,  778,  722,  722,  722,  722,  667,  667,  611,
     556,  556,  556,  556,  556,  556,  889,  500,  556,  556,  556,  556,  278,  278,  278,  278,
     556,  556,  556,  556,  556,  556,  556,  584,  611,  556,  556,  556,  556,  500,  556,  500,
};

static const unsigned short HELVETICA_BOLD[224] = {
     278,  333,  474,  556,  556,  889,  722,  238,  333,  333,  389,  584,  278,  333,  278,  278,
     556,  556,  556,  556,  556,  556,  556,  556,  556,  556,  333,  333,  584,  584,  584,  611,
     975,  722,  722,  722,  722,  667,  611,  778,  722,  278,  556,  722,  611,  833,  722,  778,
     667,  778,  722,  667,  611,  722,  667,  944,  667,  667,  611,  333,  278,  333,  584,  556,
     333,  556,  611,  556,  611,  556,  333,  611,  611,  278,  278,  556,  278,  889,  611,  611,
     611,  611,  389,  556,  333,  611,  556,  778,  556,  556,  500,  389,  280,  389,  584,    0,
     556,    0,  278,  556,  500, 1000,  556,  556,  333, 1000,  667,  333, 1000,    0,  611,    0,
       0,  278,  278,  500,  500,  350,  556, 1000,  333, 1000,  556,  333,  944,    0,  500,  667,
     278,  333,  556,  556,  556,  556,  280,  556,  333,  737,  370,  556,  584,  333,  737,  333,
     400,  584,  333,  333,  333,  611,  556,  278,  333,  333,  365,  556,  834,  834,  834,  611,
     722,  722,  722,  722,  722,  722, 1000,  722,  667,  667,  667,  667,  278,  278,  278,  278,
     722,  722,  778,  778,  778,  778,  778,  584,  778,  722,  722,  722,  722,  667,  667,  611,
     556,  556,  556,  556,  556,  556,  889,  556,  556,  556,  556,  556,  278,  278,  278,  278,
     611,  611,  611,  611,  611,  611,  611,  584,  611,  611,  611,  611,  611,  556,  611,  556,
};

/* clang-format on */

/* The characters WinAnsiEncoding puts at 0x80..0x9F (Latin-1's C1 range). */
static const struct {
    unsigned short cp;
    unsigned char code;
} WINANSI_EXTRA[] = {
    { 0x0152, 0x8C }, { 0x0153, 0x9C }, { 0x0160, 0x8A }, { 0x0161, 0x9A }, { 0x0178, 0x9F },
    { 0x017D, 0x8E }, { 0x017E, 0x9E }, { 0x0192, 0x83 }, { 0x02C6, 0x88 }, { 0x02DC, 0x98 },
    { 0x2013, 0x96 }, { 0x2014, 0x97 }, { 0x2018, 0x91 }, { 0x2019, 0x92 }, { 0x201A, 0x82 },
    { 0x201C, 0x93 }, { 0x201D, 0x94 }, { 0x201E, 0x84 }, { 0x2020, 0x86 }, { 0x2021, 0x87 },
    { 0x2022, 0x95 }, { 0x2026, 0x85 }, { 0x2030, 0x89 }, { 0x2039, 0x8B }, { 0x203A, 0x9B },
    { 0x20AC, 0x80 }, { 0x2122, 0x99 },
};
#define ELLIPSIS 0x85

/* Page geometry in points: A4 landscape, the table 782 wide between 30 pt margins. */
#define PAGE_W 842
#define PAGE_H 595
#define LEFT 30
#define RIGHT (PAGE_W - 30)
#define TABLE_TOP 535 /* below the title and the subtitle */
#define TABLE_BOTTOM 34
#define FONT_SIZE 7
#define LEADING 9
#define PAD 2
#define HEADER_LINES 4
#define ROW_LINES 6
#define COMMENT_LINES 12
#define CELL_BYTES 1024    /* WinAnsi text kept of a table cell: more than 6 lines show */
#define COMMENT_BYTES 8192 /* ... and of the comments: more than 12 lines of 750 pt show */

/* Objects: 1 catalog, 2 page tree, 3-5 fonts, 6 info; then page, contents, length per page. */
#define OBJ_FIXED 7
#define OBJ_PAGE(p) (OBJ_FIXED + 3 * (p))

struct line {
    unsigned short start, len;
};

struct pdf_cell {
    const unsigned char *text;
    struct line lines[COMMENT_LINES];
    int nlines;
    bool ellipsis; /* the last line ends with "..." for what did not fit */
};

struct pdf_row {
    struct pdf_cell cells[PCV__EX_NCOLUMNS]; /* the last: the comments, if any */
    int height;                              /* the table row's */
    int comments_height;                     /* the comments block's below it, or 0 */
};

/* One walk over the rows: counting pages, or writing them. */
struct walk {
    struct pcv__ex_job *j;
    struct pcv__ex_out *o;
    size_t page;         /* pages begun */
    size_t stream_start; /* offset of the current page's content */
    int y;               /* top of the next row */
};

static int width_of(const unsigned short *widths, const unsigned char *s, size_t n)
{
    int w = 0;
    while (n--)
        w += widths[*s++ - 32];
    return w;
}

static bool is_break_after(unsigned char c)
{
    return c == '.' || c == '-' || c == '/' || c == '_' || c == ',' || c == ';';
}

/* F-PCV-058: greedy line breaking of t[0..n) into at most max lines no wider than limit
 * (1/1000 em): at spaces, after punctuation, inside camelCase, at line feeds; a word too long
 * is broken anywhere. What does not fit (or was cut before) ends the last line with "...". */
static int wrap(const unsigned char *t, size_t n, bool cut, const unsigned short *widths,
                int limit, struct line *lines, int max, bool *ellipsis)
{
    size_t i = 0;
    int count = 0;
    while (count < max) {
        while (i < n && t[i] == ' ')
            i++;
        if (i >= n)
            break;
        size_t start = i, end = n, next = n, brk_end = start, brk_next = start;
        int width = 0;
        for (size_t k = start; k < n; k++) {
            unsigned char c = t[k];
            if (c == '\n') {
                end = k;
                next = k + 1;
                break;
            }
            if (c == ' ' || (k > start && t[k - 1] >= 'a' && t[k - 1] <= 'z' && c >= 'A' &&
                             c <= 'Z')) {
                brk_end = k;
                brk_next = k;
            }
            width += widths[c - 32];
            if (width > limit && c != ' ') {
                if (brk_end > start)
                    end = brk_end, next = brk_next;
                else
                    end = next = k > start ? k : k + 1; /* one glyph wider than the line */
                break;
            }
            if (is_break_after(c)) {
                brk_end = k + 1;
                brk_next = k + 1;
            }
        }
        while (end > start && t[end - 1] == ' ')
            end--;
        lines[count].start = (unsigned short)start;
        lines[count].len = (unsigned short)(end - start);
        count++;
        i = next;
    }
    while (i < n && (t[i] == ' ' || t[i] == '\n'))
        i++;
    *ellipsis = count > 0 && (i < n || cut);
    if (*ellipsis) {
        struct line *l = &lines[count - 1];
        int w = width_of(widths, t + l->start, l->len) + widths[ELLIPSIS - 32];
        while (l->len && w > limit)
            w -= widths[t[l->start + --l->len] - 32];
    }
    return count;
}

/* F-PCV-058: clean UTF-8 as WinAnsi; what it lacks becomes '?', a tab a space. */
static size_t to_winansi(const char *s, size_t n, unsigned char *out, size_t max, bool *cut)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t len = 0;
    while (p < end) {
        if (len == max) {
            *cut = true;
            break;
        }
        size_t used;
        uint32_t cp = pcv__ex_utf8_next(p, (size_t)(end - p), &used);
        p += used;
        unsigned char code = '?';
        if (cp == '\n')
            code = '\n';
        else if (cp == '\t')
            code = ' ';
        else if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
            code = (unsigned char)cp;
        else
            for (size_t i = 0; i < RM_ARRAY_LEN(WINANSI_EXTRA); i++)
                if (WINANSI_EXTRA[i].cp == cp)
                    code = WINANSI_EXTRA[i].code;
        out[len++] = code;
    }
    return len;
}

/* The cell of row's column col as WinAnsi lines in buf. */
static void cell_layout(struct pcv__ex_job *j, const cJSON *row, int col, unsigned char *buf,
                        size_t max, int limit, int max_lines, struct pdf_cell *pc)
{
    struct pcv__ex_cell c;
    char text[32];
    size_t n = 0;
    bool cut = false;
    pcv__ex_cell_get(j, row, col, 4 * max, &c);
    if (c.kind == PCV__EX_TEXT) {
        cut = c.cut;
        n = to_winansi(c.text, c.len, buf, max, &cut);
    } else if (c.kind == PCV__EX_TIME) { /* F-PCV-051: "2026-11-24 11:07:04" */
        pcv__ex_iso(c.ms, text);
        text[10] = ' ';
        n = 19;
        memcpy(buf, text, n);
    } else if (c.kind == PCV__EX_DURATION) {
        pcv__ex_duration(c.ms, text);
        n = strlen(text);
        memcpy(buf, text, n);
    }
    pc->text = buf;
    pc->nlines = wrap(buf, n, cut, HELVETICA, limit, pc->lines, max_lines, &pc->ellipsis);
}

static int lines_height(int lines)
{
    return LEADING * (lines ? lines : 1) + 3;
}

/* Lays out row (NULL: the header) and sets its heights. */
static void row_layout(struct pcv__ex_job *j, const cJSON *row, struct pdf_row *r)
{
    int lines = 1;
    const int ncols = PCV__EX_NCOLUMNS - 1;
    for (int col = 0; col < ncols; col++) {
        const struct pcv__ex_column *k = &pcv__ex_columns[col];
        struct pdf_cell *pc = &r->cells[col];
        int limit = (k->pdf_width - 2 * PAD) * 1000 / FONT_SIZE;
        if (!row) {
            pc->text = (const unsigned char *)k->header;
            pc->nlines = wrap(pc->text, strlen(k->header), false, HELVETICA_BOLD, limit,
                              pc->lines, HEADER_LINES, &pc->ellipsis);
        } else {
            cell_layout(j, row, col, j->cellbuf + (size_t)col * CELL_BYTES, CELL_BYTES, limit,
                        ROW_LINES, pc);
        }
        if (pc->nlines > lines)
            lines = pc->nlines;
    }
    r->height = lines_height(lines);
    r->comments_height = 0;
    r->cells[ncols].nlines = 0;
    if (row && j->ncols == PCV__EX_NCOLUMNS) {
        int limit = (RIGHT - LEFT - pcv__ex_columns[0].pdf_width - 2 * PAD) * 1000 / FONT_SIZE;
        cell_layout(j, row, ncols, j->cellbuf + (size_t)ncols * CELL_BYTES, COMMENT_BYTES,
                    limit, COMMENT_LINES, &r->cells[ncols]);
        if (r->cells[ncols].nlines)
            r->comments_height = lines_height(r->cells[ncols].nlines);
    }
}

/* A PDF string: ( ) \ escaped, bytes past ASCII as octal, so the file stays ASCII. */
static void pdf_string(struct pcv__ex_out *o, const unsigned char *s, size_t n)
{
    const unsigned char *run = s;
    for (; n--; s++) {
        if (*s != '(' && *s != ')' && *s != '\\' && *s < 0x80)
            continue;
        pcv__ex_put(o, run, (size_t)(s - run));
        if (*s < 0x80)
            pcv__ex_putf(o, "\\%c", *s);
        else
            pcv__ex_putf(o, "\\%03o", *s);
        run = s + 1;
    }
    pcv__ex_put(o, run, (size_t)(s - run));
}

static void text_at(struct pcv__ex_out *o, int font, int size, int x, int y,
                    const unsigned char *s, size_t n, bool ellipsis)
{
    static const unsigned char dots[] = { ELLIPSIS };
    pcv__ex_putf(o, "BT /F%d %d Tf %d %d Td (", font, size, x, y);
    pdf_string(o, s, n);
    if (ellipsis)
        pdf_string(o, dots, 1);
    pcv__ex_puts(o, ") Tj ET\n");
}

static void cell_draw(struct pcv__ex_out *o, const struct pdf_cell *pc, int font, int x,
                      int top)
{
    for (int i = 0; i < pc->nlines; i++)
        text_at(o, font, FONT_SIZE, x + PAD, top - 8 - LEADING * i, pc->text + pc->lines[i].start,
                pc->lines[i].len, pc->ellipsis && i == pc->nlines - 1);
}

/* Draws r at w->y: its cells (font 1 regular, 2 bold), the comments block (3 oblique) under it
 * labelled in the first column, and a rule below. */
static void row_draw(struct walk *w, const struct pdf_row *r, int font)
{
    int x = LEFT;
    for (int col = 0; col < PCV__EX_NCOLUMNS - 1; col++) {
        cell_draw(w->o, &r->cells[col], font, x, w->y);
        x += pcv__ex_columns[col].pdf_width;
    }
    w->y -= r->height;
    if (r->comments_height) {
        static const char label[] = "comments";
        text_at(w->o, 2, FONT_SIZE, LEFT + PAD, w->y - 8, (const unsigned char *)label,
                sizeof label - 1, false);
        cell_draw(w->o, &r->cells[PCV__EX_NCOLUMNS - 1], 3, LEFT + pcv__ex_columns[0].pdf_width,
                  w->y);
        w->y -= r->comments_height;
    }
    pcv__ex_putf(w->o, "%d %d m %d %d l S\n", LEFT, w->y, RIGHT, w->y);
}

static void object_begin(struct walk *w, size_t obj)
{
    if (w->j->offsets)
        w->j->offsets[obj] = w->o->len;
    pcv__ex_putf(w->o, "%zu 0 obj\n", obj);
}

/* F-PCV-058: each page has the title, the subtitle, its number and the header row. */
static void page_begin(struct walk *w, const struct pdf_row *header)
{
    struct pcv__ex_job *j = w->j;
    size_t obj = OBJ_PAGE(w->page++);
    char iso[32], line[128];
    object_begin(w, obj);
    pcv__ex_putf(w->o, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] ", PAGE_W, PAGE_H);
    pcv__ex_putf(w->o, "/Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> ");
    pcv__ex_putf(w->o, "/Contents %zu 0 R >>\nendobj\n", obj + 1);
    object_begin(w, obj + 1);
    pcv__ex_putf(w->o, "<< /Length %zu 0 R >>\nstream\n", obj + 2);
    w->stream_start = w->o->len;
    pcv__ex_puts(w->o, "0.3 w 0.6 G\n");
    static const char title[] = "Session history";
    text_at(w->o, 2, 12, LEFT, PAGE_H - 40, (const unsigned char *)title, sizeof title - 1, false);
    pcv__ex_iso(j->generated_at_ms, iso);
    int n = snprintf(line, sizeof line,
                     "%zu session%s, exported %.10s %.8s UTC. Times are UTC, durations h:mm:ss.",
                     j->nrows, j->nrows == 1 ? "" : "s", iso, iso + 11);
    text_at(w->o, 1, FONT_SIZE, LEFT, PAGE_H - 52, (const unsigned char *)line, (size_t)n, false);
    n = snprintf(line, sizeof line, "Page %zu of %zu", w->page, j->pages);
    int width = width_of(HELVETICA, (const unsigned char *)line, (size_t)n) * FONT_SIZE;
    text_at(w->o, 1, FONT_SIZE, RIGHT - (width + 999) / 1000, 18, (const unsigned char *)line,
            (size_t)n, false);
    w->y = TABLE_TOP;
    pcv__ex_putf(w->o, "0.9 g %d %d %d %d re f 0 g\n", LEFT, w->y - header->height,
                 RIGHT - LEFT, header->height);
    row_draw(w, header, 2);
}

static void page_end(struct walk *w)
{
    size_t obj = OBJ_PAGE(w->page - 1);
    size_t length = w->o->len - w->stream_start;
    pcv__ex_puts(w->o, "\nendstream\nendobj\n");
    object_begin(w, obj + 2);
    pcv__ex_putf(w->o, "%zu\nendobj\n", length);
}

/* Lays out and draws every page; also counts them (w->page). */
static int pages_walk(struct walk *w)
{
    struct pdf_row header, r;
    const cJSON *row;
    row_layout(w->j, NULL, &header);
    page_begin(w, &header);
    cJSON_ArrayForEach(row, w->j->rows)
    {
        row_layout(w->j, row, &r);
        if (w->j->oom)
            return RM_ENOMEM;
        /* A row and its comments stay together; both fit on an empty page. */
        if (w->y - r.height - r.comments_height < TABLE_BOTTOM) {
            page_end(w);
            page_begin(w, &header);
        }
        row_draw(w, &r, 1);
    }
    if (!w->j->nrows) {
        static const char none[] = "No sessions.";
        text_at(w->o, 3, FONT_SIZE, LEFT + PAD, w->y - 8, (const unsigned char *)none,
                sizeof none - 1, false);
    }
    page_end(w);
    return RM_OK;
}

int pcv__ex_pdf_prepare(struct pcv__ex_job *j)
{
    /* A counting pass to know the pages: "Page 1 of n" and the page tree need it. */
    struct pcv__ex_out count = { 0 };
    struct walk w = { .j = j, .o = &count };
    j->cellbuf = rm_arena_alloc(j->a, (PCV__EX_NCOLUMNS - 1) * CELL_BYTES + COMMENT_BYTES);
    if (!j->cellbuf)
        return RM_ENOMEM;
    int rc = pages_walk(&w);
    if (rc != RM_OK)
        return rc;
    j->pages = w.page;
    j->offsets = rm_arena_calloc(j->a, OBJ_PAGE(j->pages), sizeof *j->offsets);
    return j->offsets ? RM_OK : RM_ENOMEM;
}

int pcv__ex_pdf_write(struct pcv__ex_job *j, struct pcv__ex_out *o)
{
    struct walk w = { .j = j, .o = o };
    char iso[32];
    static const char *const fonts[] = { "Helvetica", "Helvetica-Bold", "Helvetica-Oblique" };
    /* The comment's bytes past ASCII mark the file as binary for transfer programs. */
    pcv__ex_puts(o, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    object_begin(&w, 1);
    pcv__ex_puts(o, "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    object_begin(&w, 2);
    pcv__ex_puts(o, "<< /Type /Pages /Kids [");
    for (size_t p = 0; p < j->pages; p++)
        pcv__ex_putf(o, "%s%zu 0 R", p ? " " : "", OBJ_PAGE(p));
    pcv__ex_putf(o, "] /Count %zu >>\nendobj\n", j->pages);
    for (int f = 0; f < 3; f++) {
        object_begin(&w, 3 + (size_t)f);
        pcv__ex_putf(o, "<< /Type /Font /Subtype /Type1 /BaseFont /%s "
                        "/Encoding /WinAnsiEncoding >>\nendobj\n",
                     fonts[f]);
    }
    pcv__ex_iso(j->generated_at_ms, iso);
    object_begin(&w, 6);
    pcv__ex_putf(o, "<< /Title (Session history) /Producer (rmmsim) /CreationDate "
                    "(D:%.4s%.2s%.2s%.2s%.2s%.2sZ) >>\nendobj\n",
                 iso, iso + 5, iso + 8, iso + 11, iso + 14, iso + 17);
    int rc = pages_walk(&w);
    if (rc != RM_OK)
        return rc;
    /* The xref table: one 20-byte entry per object, 0 being the head of the free list. */
    size_t xref = o->len, size = OBJ_PAGE(j->pages);
    pcv__ex_putf(o, "xref\n0 %zu\n0000000000 65535 f \n", size);
    for (size_t obj = 1; obj < size; obj++)
        pcv__ex_putf(o, "%010zu 00000 n \n", j->offsets[obj]);
    pcv__ex_putf(o, "trailer\n<< /Size %zu /Root 1 0 R /Info 6 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                 size, xref);
    return RM_OK;
}
