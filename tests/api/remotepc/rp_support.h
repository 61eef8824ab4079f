/*
 * Request and assertion helpers shared by the RemotePC API tests (enterprise_test.c,
 * reseller_test.c). Every reply fetched through rp_raw() and the helpers built on it goes
 * through rp_envelope(): Content-Type application/json, keys status, code, message /
 * errorsCount, errors in that order, code == HTTP status, errorsCount == number of errors.
 *
 * One server per test program (rp.sim), started by rp_group_setup() and restored to the
 * "default" fixture before every test by rp_fresh().
 *
 * Ownership: a returned char * is malloc'd (free it); a returned cJSON * is the caller's
 * (cJSON_Delete it), except find_by(), which points into its argument.
 */
#ifndef RMMSIM_TESTS_RP_SUPPORT_H
#define RMMSIM_TESTS_RP_SUPPORT_H

#include "testlib.h"

#include <curl/curl.h>
#include <stddef.h>

/* What differs between the test programs. */
struct rp_context {
    /* The server all tests of a program talk to (rp_group_setup starts it). */
    struct rmmsim *sim;
    /* The status word of a 403 of the program's own API (F-RP-003: "FORBIDDEN" for
     * Enterprise, "Forbidden" for Reseller); set once in main() before the group runs. */
    const char *api_forbidden_word;
    /* The one rp_envelope() expects now: a test that calls the other API switches it and
     * back; rp_fresh() resets it to api_forbidden_word before every test. */
    const char *forbidden_word;
};
extern struct rp_context rp;

/* A NULL-terminated list of strings, e.g. ERRS("a", "b") for expect_errors. */
#define ERRS(...) ((const char *const[]){__VA_ARGS__, NULL})
/* The same inside static tables (fields of type const char *[6]). */
#define E(...)                                                                                     \
    {                                                                                              \
        __VA_ARGS__                                                                                \
    }

/* ------------------------------------------------------------------ cmocka fixtures */

/* Group setup: starts rp.sim on the "default" fixture (the test fails if it cannot). */
int rp_group_setup(void **state);
/* Group teardown: stops rp.sim. */
int rp_group_teardown(void **state);
/* Per-test setup: soft_begin(), rp.forbidden_word = rp.api_forbidden_word, and a reset of
 * rp.sim to the "default" fixture; returns -1 (the test is not run) if the reset fails. */
int rp_fresh(void **state);

/* ------------------------------------------------------------------ soft mismatches
 * Between soft_begin() (each test's setup) and soft_end() (each test's last statement), a
 * mismatch found by expect_raw/expect_errors/rp_mismatch is printed and counted instead of
 * ending the test, so one run reports every wrong row of a table. A hard assertion still
 * ends the test at once; the mismatches before it are already printed. */

/* Starts collecting: clears the count. */
void soft_begin(void);
/* Stops collecting; fails the test if any mismatch was counted since soft_begin(). */
void soft_end(void);
/* One mismatch (printf format, cut at 900 bytes): fails the test at once outside soft mode,
 * otherwise prints it and counts it. */
void rp_mismatch(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------------ requests to rp.sim */

/* One request to rp.sim, method sent as given (a GET with a body stays a GET). auth is a
 * whole "Authorization: ..." line (NULL: none); extra one more header line (NULL: none). A
 * body is sent with Content-Type: application/json unless extra is a Content-Type line;
 * body_len 0 means strlen(body). Fails the test on a transport error; res is the caller's
 * (tl_response_free it). Asserts nothing about the reply. */
void rp_http(const char *method, const char *path, const char *auth, const char *extra,
             const char *body, size_t body_len, struct tl_response *res);

/* Fails the test unless res is a RemotePC envelope (see the top of this file; the 403 status
 * word is rp.forbidden_word). what names the request in the message. Returns the parsed body
 * (cJSON_Delete it). */
cJSON *rp_envelope(const struct tl_response *res, const char *what);

/* rp_http without extra header whose reply must pass rp_envelope(); the HTTP status goes to
 * *status. Returns the raw body (free it). */
char *rp_raw(const char *method, const char *path, const char *auth, const char *body,
             long *status);

/* rp_raw with "Authorization: Bearer key" (key NULL: no header). Returns the parsed body
 * (cJSON_Delete it). */
cJSON *call(const char *method, const char *path, const char *key, const char *body, long *status);

/* Soft: the reply (as call() sends it) must be want_status with exactly the raw body want. */
void expect_raw(const char *method, const char *path, const char *key, const char *body,
                long want_status, const char *want);

/* Soft: the parsed envelope j (HTTP status) must be want_status with exactly the error
 * descriptions descs (NULL-terminated), in order. label names it in the message. */
void expect_errors_in(const cJSON *j, long status, long want_status, const char *const *descs,
                      const char *label);

/* Soft: expect_errors_in() on the reply to the request (as call() sends it). */
void expect_errors(const char *method, const char *path, const char *key, const char *body,
                   long want_status, const char *const *descs);

/* Hard: the reply (as call() sends it) must be 200. Returns its "message", detached
 * (cJSON_Delete it). */
cJSON *ok_message(const char *method, const char *path, const char *key, const char *body);

/* ------------------------------------------------------------------ JSON and strings */

/* The element of array whose string member key equals value (exactly), or NULL. Points into
 * array (do not free). */
cJSON *find_by(const cJSON *array, const char *key, const char *value);

/* Hard: obj's keys are exactly keys (NULL-terminated), in that order. */
void expect_keys(const cJSON *obj, const char *const *keys, const char *label);

/* n copies of unit, concatenated (free it). */
char *repeat(const char *unit, size_t n);

/* printf into a new string (free it). */
char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------------ raw curl, no failure */

/* One request to any base URL (e.g. a spawned rmmsim) with Content-Type: application/json,
 * auth a whole header line or NULL, body NULL for none. Unlike tl_do_url, a dead server is a
 * result (the curl error is returned), not a failure. *status is the HTTP status (0 without a
 * reply); *raw the body, always set (free it). */
CURLcode rp_send_to(const char *base, const char *method, const char *path, const char *auth,
                    const char *body, long *status, char **raw);

/* Soft: sends nested arrays (at several depths) to method path of a freshly spawned rmmsim,
 * as the whole body and as the value of an unknown field. The whole body must get 400 with
 * want (the API's bad-body reply) or the reply to the shallow "[[]]" (depth must not change
 * the answer); inside an object, the reply must be want or the reply to "{}" (unknown fields
 * are ignored, F-RP-007; refusing very deep JSON is also fine). A crash is a mismatch (with
 * the exit status) rather than the end of the test program. Hard: the server must answer
 * /__admin/health afterwards and exit 0 on SIGTERM. */
void deep_nesting_on(const char *method, const char *path, const char *auth, const char *want);

/* n (at most 16) copies of one request to rp.sim sent at the same moment from n threads,
 * each with its own curl handle. statuses[i] is thread i's status (0: a transport error),
 * raws[i] its body (the caller frees each). */
void race(const char *method, const char *path, const char *auth, const char *body, size_t n,
          long *statuses, char **raws);

/* How many of the n race results are (status, body); body NULL: any body. */
size_t race_count(size_t n, const long *statuses, char *const *raws, long status, const char *body);

#endif
