/*
 * Test support: an embedded rmmsim on port 0 and a libcurl client that returns status,
 * headers and body, plus small JSON helpers. Every test speaks real HTTP through these.
 */
#ifndef RMMSIM_TESTLIB_H
#define RMMSIM_TESTLIB_H

#include "rmmsim.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

struct tl_response {
    long status;
    char *body;      /* NUL-terminated; malloc */
    size_t body_len;
    char *headers;   /* raw header block of the final response; malloc */
    long connects;   /* new connections curl opened for this request */
};

/* A request; unset fields mean: GET, no extra headers, no body. */
struct tl_request {
    const char *method;
    const char *path;          /* appended to the base URL */
    const char *body;
    size_t body_len;           /* 0 with a body: strlen(body) */
    const char *headers[16];   /* "Name: value", NULL-terminated */
    int chunked;               /* send the body with Transfer-Encoding: chunked */
};

/* Starts rmmsim on 127.0.0.1:0 with fixture and logging off; fails the test on error. */
struct rmmsim *tl_start(const char *fixture);
/* Same with full options (listen, log level are forced to test values if NULL). */
struct rmmsim *tl_start_opts(struct rmmsim_options *opts);
void tl_stop(struct rmmsim *sim);

/* Performs req against sim; fails the test on a transport error. Keeps one curl handle per
 * thread so keep-alive can be observed. */
void tl_do(struct rmmsim *sim, const struct tl_request *req, struct tl_response *res);
/* Shorthands. */
void tl_get(struct rmmsim *sim, const char *path, struct tl_response *res);
void tl_post_json(struct rmmsim *sim, const char *path, const char *json, struct tl_response *res);
void tl_response_free(struct tl_response *res);
/* Sends raw bytes to sim on a new connection, half-closes it and returns everything the
 * server answers before closing, up to 64 KiB, NUL-terminated (malloc'd; free it). For
 * what an HTTP client library would not send. */
char *tl_raw_exchange(struct rmmsim *sim, const char *request, size_t len);
/* The body parsed as JSON (the test fails if it is not); cJSON_Delete it. */
cJSON *tl_json(const struct tl_response *res);
/* Value of a response header (case-insensitive), copied into buf; NULL when absent. */
const char *tl_header(const struct tl_response *res, const char *name, char *buf, size_t size);
/* Frees the calling thread's curl handle (call at the end of worker threads). */
void tl_thread_done(void);

/* Same against any base URL ("http://127.0.0.1:PORT"), e.g. a spawned rmmsim process. */
void tl_do_url(const char *base_url, const struct tl_request *req, struct tl_response *res);

/* Runs a command line with /bin/sh; returns its exit status, stdout and stderr in out. */
int tl_run(const char *command, char **out);

/* A spawned rmmsim process (the real binary, as users run it). */
struct tl_proc {
    int pid;
    int out_fd;              /* its stdout */
    char base_url[128];      /* from its "rmmsim listening on URL" line */
    const char *stderr_path; /* set before tl_spawn to send its stderr to this file */
};
/* Starts the rmmsim binary with args (NULL-terminated, without argv[0]) and extra
 * environment entries ("NAME=value", NULL-terminated, may be NULL); waits for the
 * listening line. Fails the test if it does not come within 10 s. */
void tl_spawn(const char *const *args, const char *const *env, struct tl_proc *p);
/* Sends sig and waits; returns the exit status (128 + signal when killed by one). */
int tl_proc_stop(struct tl_proc *p, int sig);

#endif
