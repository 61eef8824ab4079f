/*
 * Internals of the export documents (export.c, export_xlsx.c, export_pdf.c): the output
 * writer, the columns and the cells every format reads through.
 */
#ifndef RMMSIM_PCV_EXPORT_INT_H
#define RMMSIM_PCV_EXPORT_INT_H

#include "apis/pcvisit/export.h"

/*
 * Each document is written twice by the same code: first with buf NULL, which only counts
 * the bytes, then into one arena block of exactly that size. So a document costs its own size
 * against the arena's cap, not the slack of a growing buffer, and offsets (ZIP headers, the
 * PDF xref) are known when they are written.
 */
struct pcv__ex_out {
    unsigned char *buf; /* NULL while measuring */
    size_t len;         /* bytes written (or counted) so far */
    size_t cap;         /* size of buf */
    bool failed;        /* sticky: the count overflowed, or the write outgrew the count */
};

void pcv__ex_put(struct pcv__ex_out *o, const void *p, size_t n);
void pcv__ex_puts(struct pcv__ex_out *o, const char *s);
/* Short formatted text (up to 127 bytes). */
void pcv__ex_putf(struct pcv__ex_out *o, const char *fmt, ...) RM_PRINTF(2, 3);

/* How a column's value is read from a SessionProtocol and shown. */
enum pcv__ex_col_kind {
    PCV__EX_COL_TEXT,     /* a string (or a number or boolean shown as JSON writes it) */
    PCV__EX_COL_TIME,     /* UnixTimeMs */
    PCV__EX_COL_DURATION, /* DurationMs */
    PCV__EX_COL_NAMES,    /* participants[].name joined by "; " */
    PCV__EX_COL_COMMENTS, /* comments[] joined by "\n" */
};

struct pcv__ex_column {
    const char *header;          /* header cell: the value's path in SessionProtocol */
    const char *field;           /* the row's member */
    const char *sub;             /* that member's member, or NULL */
    enum pcv__ex_col_kind kind;
    unsigned short pdf_width;    /* points in the PDF table (0: a block below the row) */
    unsigned char xlsx_width;    /* Excel column width (characters) */
};

/* F-PCV-050: the columns in order; the last, comments, only with exportWithComments. */
extern const struct pcv__ex_column pcv__ex_columns[];
#define PCV__EX_NCOLUMNS 14

enum pcv__ex_cell_kind { PCV__EX_EMPTY, PCV__EX_TEXT, PCV__EX_TIME, PCV__EX_DURATION };

struct pcv__ex_cell {
    enum pcv__ex_cell_kind kind;
    const char *text; /* PCV__EX_TEXT: clean UTF-8 (F-PCV-053), valid until the next cell */
    size_t len;
    bool cut;         /* the text was longer than the limit asked for */
    int64_t ms;       /* PCV__EX_TIME: Unix ms in years 1..9999; PCV__EX_DURATION: ms */
};

/* One rendering: its input and the state its passes share. */
struct pcv__ex_job {
    const cJSON *rows;
    size_t nrows;
    int ncols;               /* columns written: 13, or 14 with the comments */
    int64_t generated_at_ms; /* clamped to years 1..9999 */
    struct rm_arena *a;
    char *scratch;           /* the current cell's text (malloc, freed after the rendering) */
    size_t scratch_len, scratch_cap;
    bool oom;                /* sticky: memory ran out */
    /* PDF only (export_pdf.c): */
    size_t pages;            /* pages of the document, counted before writing */
    size_t *offsets;         /* byte offset of each object (arena) */
    unsigned char *cellbuf;  /* the cells' WinAnsi text (arena) */
};

/* export.c */
/* The value of column col of row; text cells hold at most about limit bytes (cut set). */
void pcv__ex_cell_get(struct pcv__ex_job *j, const cJSON *row, int col, size_t limit,
                      struct pcv__ex_cell *c);
/* Decodes one code point of s[0..n), n >= 1, into *used bytes; an ill-formed sequence is
 * U+FFFD for each maximal subpart (Unicode 3.9, as WHATWG's decoder does). */
uint32_t pcv__ex_utf8_next(const unsigned char *s, size_t n, size_t *used);
/* "2026-11-24T11:07:04.123Z" for ms in years 1..9999. */
void pcv__ex_iso(int64_t ms, char out[32]);
/* "h:mm:ss" (hours unbounded, whole seconds rounded down, "-" before a negative one). */
void pcv__ex_duration(int64_t ms, char out[32]);

/* export_xlsx.c */
int pcv__ex_xlsx_prepare(struct pcv__ex_job *j);
int pcv__ex_xlsx_write(struct pcv__ex_job *j, struct pcv__ex_out *o);

/* export_pdf.c */
int pcv__ex_pdf_prepare(struct pcv__ex_job *j);
int pcv__ex_pdf_write(struct pcv__ex_job *j, struct pcv__ex_out *o);

#endif
