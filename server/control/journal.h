/*
 * The request journal (docs/control-plane.md "Request journal"): the last N requests rmmsim
 * answered, in a ring of fixed-size slots allocated once. Every field is copied with a fixed
 * bound, so memory stays flat under any load (F-CTL-024).
 */
#ifndef RMMSIM_CONTROL_JOURNAL_H
#define RMMSIM_CONTROL_JOURNAL_H

#include "core/http.h"

#include <stddef.h>
#include <stdint.h>

/* F-CTL-023: what each entry keeps at most; longer values are cut at a UTF-8 boundary. */
#define CTL_JOURNAL_BODY_MAX 4096     /* request body and response body, each */
#define CTL_JOURNAL_HEADERS_MAX 2048  /* request headers, "name\0value\0" packed */
#define CTL_JOURNAL_PATH_MAX 512      /* path and query string, each */
#define CTL_JOURNAL_OPERATION_MAX 256 /* operation names, comma-separated */
#define CTL_JOURNAL_DEFAULT_SIZE 1000
#define CTL_JOURNAL_MAX_SIZE 100000

struct ctl_journal;

/* A journal of size entries (0: one that keeps nothing), its slots allocated here and
 * freed by ctl_journal_free. NULL when memory ran out. */
struct ctl_journal *ctl_journal_new(size_t size);
void ctl_journal_free(struct ctl_journal *j);

/* Keeps a bounded copy of a request and its reply: req and res are only read (the request's
 * operation names are asked of its API, which may allocate in req's arena). Thread-safe;
 * the request's own paths (CTL_ROUTE_NO_JOURNAL) are skipped. */
void ctl_journal_record(struct ctl_journal *j, struct http_req *req, const struct http_res *res,
                        uint64_t latency_ns);

/* Provided by the embedding application: the journal behind a request's app pointer. */
struct ctl_journal *ctl_journal_of(void *app);

#endif
