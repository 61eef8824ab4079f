/*
 * rmmsim-tenants: how long a test waits for a clean world of its own. Over one keep-alive
 * connection (raw sockets, as a CI client with a connection pool), each run times
 * POST /__admin/tenants {"fixture":F} and then POST /__admin/tenants/{id}/reset, and
 * deletes the tenant untimed. Times are client-side: loopback HTTP included. It also times
 * the first API request after the reset (RemotePC user/list with the tenant's own key):
 * that one loads the restored database's schema and writes the tenant's keys again.
 *
 * Usage: rmmsim-tenants [-n RUNS] [-f FIXTURE] http://127.0.0.1:PORT
 * Prints one line: "tenants ms: create+reset median M min A max B; create median C; reset
 * median R; first request after reset median F (N runs)". Exits 1 if a request fails.
 */
#include "rawhttp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WARMUP_RUNS 20

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sends one request and reads its reply into buf (NUL-terminated body at *body). Returns
 * the status, or -1 on a socket or protocol error. */
static int request(int fd, const char *method, const char *path, const char *body,
                   const char *header, char *buf, size_t size, const char **body_out)
{
    char head[768];
    size_t blen = body ? strlen(body) : 0;
    int n =
        snprintf(head, sizeof head,
                 "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "%s%sContent-Length: %zu\r\n\r\n%s",
                 method, path, header ? header : "", header ? "\r\n" : "", blen, body ? body : "");
    if (n < 0 || (size_t)n >= sizeof head || send(fd, head, (size_t)n, MSG_NOSIGNAL) != n)
        return -1;
    return raw_read_reply(fd, buf, size, body_out);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One run: create, reset, first request (timed), delete. Returns 0, or -1 after printing
 * why. */
static int run_once(int fd, const char *create_body, double ms[3])
{
    static char buf[65536];
    const char *body;
    long long t0 = now_ns();
    int status = request(fd, "POST", "/__admin/tenants", create_body, NULL, buf, sizeof buf, &body);
    long long t1 = now_ns();
    const char *id = status == 201 ? strstr(body, "\"id\":\"") : NULL;
    const char *key = status == 201 ? strstr(body, "\"apiKey\":\"") : NULL; /* Enterprise's */
    if (!id || !key) {
        fprintf(stderr, "rmmsim-tenants: create answered %d: %.200s\n", status, buf);
        return -1;
    }
    char auth[256];
    snprintf(auth, sizeof auth, "Authorization: Bearer %.*s", (int)strcspn(key + 10, "\""),
             key + 10);
    char path[128];
    snprintf(path, sizeof path, "/__admin/tenants/%.*s", (int)strcspn(id + 6, "\""), id + 6);
    char reset[160];
    snprintf(reset, sizeof reset, "%s/reset", path);
    long long t2 = now_ns();
    status = request(fd, "POST", reset, NULL, NULL, buf, sizeof buf, &body);
    long long t3 = now_ns();
    int first = status == 200 ? request(fd, "GET", "/rpcnew/api/msp/user/list", NULL, auth, buf,
                                        sizeof buf, &body)
                              : -1;
    long long t4 = now_ns();
    if (first != 200 || request(fd, "DELETE", path, NULL, NULL, buf, sizeof buf, &body) != 200) {
        fprintf(stderr, "rmmsim-tenants: reset, first request or delete failed: %.200s\n", buf);
        return -1;
    }
    ms[0] = (double)(t1 - t0) / 1e6;
    ms[1] = (double)(t3 - t2) / 1e6;
    ms[2] = (double)(t4 - t3) / 1e6;
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 200, opt, port = 0;
    const char *fixture = "default";
    while ((opt = getopt(argc, argv, "n:f:")) != -1) {
        if (opt == 'n')
            runs = atoi(optarg);
        else if (opt == 'f')
            fixture = optarg;
        else
            runs = 0;
    }
    if (runs < 1 || runs > 100000 || optind != argc - 1 ||
        sscanf(argv[optind], "http://127.0.0.1:%d", &port) != 1) {
        fprintf(stderr, "usage: rmmsim-tenants [-n RUNS] [-f FIXTURE] http://127.0.0.1:PORT\n");
        return 2;
    }
    int fd = raw_connect(port);
    double *create = calloc((size_t)runs, sizeof *create);
    double *reset = calloc((size_t)runs, sizeof *reset);
    double *first = calloc((size_t)runs, sizeof *first);
    double *sum = calloc((size_t)runs, sizeof *sum);
    char body[256];
    snprintf(body, sizeof body, "{\"fixture\":\"%s\"}", fixture);
    int rc = fd >= 0 && create && reset && first && sum ? 0 : 1;
    if (rc)
        fprintf(stderr, "rmmsim-tenants: cannot connect to port %d\n", port);
    double ms[3];
    /* The first runs load the snapshot and warm the allocator: not what a CI run waits for. */
    for (int i = 0; rc == 0 && i < WARMUP_RUNS; i++)
        rc = run_once(fd, body, ms) ? 1 : 0;
    for (int i = 0; rc == 0 && i < runs; i++) {
        rc = run_once(fd, body, ms) ? 1 : 0;
        create[i] = ms[0];
        reset[i] = ms[1];
        first[i] = ms[2];
        sum[i] = ms[0] + ms[1];
    }
    if (rc == 0) {
        double m = median(sum, runs);
        printf("tenants ms: create+reset median %.3f min %.3f max %.3f; create median %.3f; "
               "reset median %.3f; first request after reset median %.3f (%d runs)\n",
               m, sum[0], sum[runs - 1], median(create, runs), median(reset, runs),
               median(first, runs), runs);
    }
    if (fd >= 0)
        close(fd);
    free(create);
    free(reset);
    free(first);
    free(sum);
    return rc;
}
