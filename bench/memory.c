/*
 * rmmsim-memory: issue 7's memory check: the server's resident memory after 1,000,000
 * requests is at most 10 % above what it was after 10,000. Drives a mix of requests over
 * keep-alive connections (raw sockets, one thread each): health with a changing query
 * string, RemotePC computer/list (a reused reply), OCO computer.get, a pcvisit GraphQL
 * query, an unknown path (404); every one lands in the request journal, whose ring is
 * full long before the first reading (default 1000 entries).
 *
 * Usage: rmmsim-memory [-n TOTAL] [-w WARM] [-c CONNECTIONS] -p PID http://127.0.0.1:PORT
 * Prints one line: "memory kB: after WARM A, after TOTAL B (+P%) in S s: PASS|MISS".
 * Exits 1 if a request fails or the PID's /proc/PID/status cannot be read.
 */
#include "rawhttp.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE (1 << 20)

static int port;
static atomic_long issued; /* requests handed out so far */
static long phase_end;     /* the requests of the current phase */
static atomic_int failures;

/* Request number i of the mix, written into out; returns its length. */
static int make_request(long i, char *out, size_t size)
{
    static const char oco[] = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.get\","
                              "\"params\":{\"api_key\":\"demo-oco-api-key\",\"data\":{\"id\":1}}}";
    static const char gql[] = "{\"query\":\"{ __typename }\"}";
    switch (i % 5) {
    case 0:
        return snprintf(out, size, "GET /__admin/health?n=%ld HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                        i);
    case 1:
        return snprintf(out, size,
                        "GET /rpcnew/api/msp/computer/list HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Authorization: Bearer demo-enterprise-key\r\n\r\n");
    case 2:
        return snprintf(
            out, size,
            "POST /api-client.php HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Authorization: Basic YWRtaW46YWRtaW4=\r\nContent-Type: application/json\r\n"
            "Content-Length: %zu\r\n\r\n%s",
            sizeof oco - 1, oco);
    case 3:
        return snprintf(out, size,
                        "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                        sizeof gql - 1, gql);
    default:
        return snprintf(out, size, "GET /no/such/path/%ld HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", i);
    }
}

/* Sends req and reads one reply; returns its status or -1. */
static int exchange(int fd, const char *req, int len, char *buf)
{
    if (send(fd, req, (size_t)len, MSG_NOSIGNAL) != len)
        return -1;
    return raw_read_reply(fd, buf, BUF_SIZE, NULL);
}

static void *drive(void *arg)
{
    int *fd = arg;
    char *buf = malloc(BUF_SIZE);
    char req[1024];
    long i;
    while (buf && (i = atomic_fetch_add(&issued, 1)) < phase_end) {
        int len = make_request(i, req, sizeof req);
        int status = exchange(*fd, req, len, buf);
        if (status < 200 || (status >= 300 && i % 5 != 4)) {
            if (atomic_fetch_add(&failures, 1) == 0)
                fprintf(stderr, "rmmsim-memory: request %ld answered %d\n", i, status);
            break;
        }
    }
    free(buf);
    return NULL;
}

/* Runs requests up to end on the connections. Returns 0, or -1 when one failed. */
static int run_phase(int *fds, int n, long end)
{
    pthread_t threads[64];
    phase_end = end;
    for (int i = 0; i < n; i++)
        pthread_create(&threads[i], NULL, drive, &fds[i]);
    for (int i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
    atomic_store(&issued, end);
    return atomic_load(&failures) ? -1 : 0;
}

int main(int argc, char **argv)
{
    long total = 1000000, warm = 10000;
    int conns = 8, pid = 0, opt;
    while ((opt = getopt(argc, argv, "n:w:c:p:")) != -1) {
        if (opt == 'n')
            total = atol(optarg);
        else if (opt == 'w')
            warm = atol(optarg);
        else if (opt == 'c')
            conns = atoi(optarg);
        else if (opt == 'p')
            pid = atoi(optarg);
        else
            return 2;
    }
    const char *url = optind < argc ? argv[optind] : NULL;
    const char *colon = url ? strrchr(url, ':') : NULL;
    if (!colon || !pid || conns < 1 || conns > 64 || warm < 1 || total <= warm) {
        fprintf(stderr, "usage: rmmsim-memory [-n TOTAL] [-w WARM] [-c CONNS] -p PID URL\n");
        return 2;
    }
    port = atoi(colon + 1);
    int fds[64];
    for (int i = 0; i < conns; i++) {
        if ((fds[i] = raw_connect(port)) < 0) {
            fprintf(stderr, "rmmsim-memory: cannot connect to %s\n", url);
            return 1;
        }
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (run_phase(fds, conns, warm) != 0)
        return 1;
    long before = raw_rss_kb(pid);
    if (run_phase(fds, conns, total) != 0)
        return 1;
    long after = raw_rss_kb(pid);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (before <= 0 || after <= 0) {
        fprintf(stderr, "rmmsim-memory: cannot read VmRSS of process %d\n", pid);
        return 1;
    }
    double growth = 100.0 * (double)(after - before) / (double)before;
    printf("memory kB: after %ld %ld, after %ld %ld (%+.1f%%) in %.1f s: %s\n", warm, before, total,
           after, growth, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
           growth <= 10.0 ? "PASS" : "MISS");
    for (int i = 0; i < conns; i++)
        close(fds[i]);
    return 0;
}
