/*
 * pcvisit AcExportSessionsHistory's documents (issue 6, deliverable 4): the session protocols
 * a query selected, written as CSV, PDF or XLSX (every ExportOutputFormat value, F-PCV-027).
 * Layout decisions: docs/fidelity.md "pcvisit export" (F-PCV-050..059).
 */
#ifndef RMMSIM_PCV_EXPORT_H
#define RMMSIM_PCV_EXPORT_H

#include "core/rm.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The GraphQL enum ExportOutputFormat's values, in its order. */
enum pcv_export_format { PCV_EXPORT_CSV, PCV_EXPORT_PDF, PCV_EXPORT_XLSX };

/* Data rows of an XLSX sheet: Excel's 1,048,576 rows less the header row (F-PCV-057). */
#define PCV_EXPORT_XLSX_MAX_ROWS 1048575
/* Room pcv_export_file_name needs, NUL included. */
#define PCV_EXPORT_FILE_NAME_MAX 48

/* "csv", "pdf" or "xlsx" (the enum values' names) -> the format; -1 for anything else. */
int pcv_export_format_parse(const char *name);
/* The enum value's name, which is also the file extension ("csv"). Static strings. */
const char *pcv_export_format_name(enum pcv_export_format f);
/* The Content-Type to serve the document with ("text/csv; charset=utf-8", ...). Static. */
const char *pcv_export_content_type(enum pcv_export_format f);
/* "sessions-history-20261124T110704Z.csv" for the UTC time generated_at_ms (F-PCV-059); ASCII
 * without spaces or quotes, so it goes into Content-Disposition as it is. */
void pcv_export_file_name(enum pcv_export_format f, int64_t generated_at_ms,
                          char out[PCV_EXPORT_FILE_NAME_MAX]);

/*
 * Writes rows as a document of format f. rows is a cJSON array of SessionProtocol objects as
 * the GraphQL type shapes them (field names as in the SDL, UnixTimeMs and DurationMs as
 * numbers), each with an optional "comments": [string, ...]; they are written in the order
 * given. with_comments adds the comments column (InputSessionExportOptions.exportWithComments).
 * generated_at_ms dates the document (PDF title and metadata, XLSX entry times); the bytes
 * depend on nothing else, so equal arguments give equal documents.
 * Any content is safe: invalid UTF-8, control characters, wrong JSON types and huge strings
 * are cleaned up or cut as docs/fidelity.md says, never an error.
 * On RM_OK *data (arena a, valid until rm_arena_clear) holds *len bytes. Errors (nothing
 * set): RM_EINVAL when rows is not an array or f is unknown; RM_ENOMEM when malloc failed or
 * a's cap was reached (a's sticky failure flag is then set, as for any refused allocation);
 * RM_ELIMIT for an XLSX of more than PCV_EXPORT_XLSX_MAX_ROWS rows or past ZIP's 4 GiB.
 */
int pcv_export_render(enum pcv_export_format f, const cJSON *rows, bool with_comments,
                      int64_t generated_at_ms, struct rm_arena *a, const unsigned char **data,
                      size_t *len);

#endif
