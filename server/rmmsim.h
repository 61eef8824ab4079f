/*
 * rmmsim embedding API: run the simulator inside a test process.
 *
 *     struct rmmsim_options opts;
 *     rmmsim_options_init(&opts);
 *     opts.listen = "127.0.0.1:0";            // ephemeral port
 *     char err[256];
 *     struct rmmsim *sim = rmmsim_start(&opts, err, sizeof err);
 *     ... talk HTTP to rmmsim_base_url(sim) ...
 *     rmmsim_reset(sim, "empty");              // fresh state between tests
 *     rmmsim_stop(sim);
 *
 * Thread-safe: requests are served on rmmsim's own threads; reset may be called at any
 * time from the test's thread.
 */
#ifndef RMMSIM_H
#define RMMSIM_H

#include <stddef.h>

#define RMMSIM_VERSION "0.1.0"

struct rmmsim;

struct rmmsim_options {
    const char *listen;    /* "HOST:PORT"; port 0 picks a free port. Default "127.0.0.1:8080" */
    const char *db_path;   /* ":memory:" (default) or a file that keeps the default tenant */
    const char *fixture;   /* built-in fixture name or path to a JSON file. Default "default" */
    int threads;           /* worker threads = connections served at once. Default 64 */
    const char *log_level; /* "debug", "info" (default: one line per request), "warn", "error", "off" */
    size_t max_body;       /* request bodies larger than this get 413. Default 1 MiB */
    size_t journal_size;   /* requests /__admin/requests keeps, 0-100000 (0: none). Default 1000 */
    size_t max_tenants;    /* tenants POST /__admin/tenants may make besides the default one,
                            * 1-100000; beyond, 409. 0 or unset: 1000 */
    int no_admin;          /* non-zero: no control plane; /__admin/ paths get 404. Default 0 */
    const char *admin_token; /* non-NULL, non-empty: /__admin/ requests (all but /__admin/health
                              * and the page's static files) need "Authorization: Bearer TOKEN",
                              * else 401. Default NULL (open) */
};

/* Fills opts with the defaults above. */
void rmmsim_options_init(struct rmmsim_options *opts);

/* Starts the server; returns when it accepts connections. NULL on failure, with a one-line
 * reason in err. The options and their strings are copied. */
struct rmmsim *rmmsim_start(const struct rmmsim_options *opts, char *err, size_t errlen);

/* The bound port (the chosen one when asked for port 0). */
int rmmsim_port(const struct rmmsim *sim);

/* "http://127.0.0.1:PORT", valid until rmmsim_stop. */
const char *rmmsim_base_url(const struct rmmsim *sim);

/* Restores the default tenant to fixture (NULL: the one it was filled from). Returns 0, or
 * -1 with the reason in err. */
int rmmsim_reset(struct rmmsim *sim, const char *fixture, char *err, size_t errlen);

/* Stops serving (waiting for requests in flight) and frees everything. NULL is a no-op. */
void rmmsim_stop(struct rmmsim *sim);

#endif
