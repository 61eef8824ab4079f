/*
 * rmmsim-load: issue 8's load and soak check. Creates TENANTS tenants (fixture default),
 * then drives all four APIs at once from CONNS keep-alive connections (raw sockets, one
 * thread each; connection c belongs to tenant c % TENANTS), 17 reads in 20 requests
 * (RemotePC computer/list, Reseller user/list, OCO computer.get, pcvisit
 * AcQuerySessionsHistory with a JWT) and 3 writes (RemotePC user/invite of a unique email,
 * OCO computer.create of a unique hostname, OCO job_container.deploy of a unique name).
 *
 * Phase 1, load (SECONDS): each write whose acknowledgement arrived is recorded; afterwards
 * every one must be found through the APIs (RemotePC user/list, OCO computer.list and
 * job_container.list). Memory grows with the stored data here, so it is only reported.
 * Phase 2, soak (SOAK seconds; 0: none): the same mix, but each write is undone as soon as it
 * is acknowledged (user/delete, computer.remove, job_container.remove), so the data stays the
 * same size. Memory must stay flat: from the warm-up to the end, the server's VmRSS growth less
 * the growth of SQLite's heap (GET /__admin/stats) may be at most 10 % of the VmRSS after the
 * warm-up. Afterwards no soak write may still be listed and every load write must be.
 * In both phases no reply may be a 5xx or an unexpected error (no faults are injected).
 *
 * -r: reads only (the writes' slots send OCO computer.get).
 * Usage: rmmsim-load [-r] [-s SECONDS] [-S SOAK] [-w WARMUP] [-c CONNS] [-t TENANTS] -p PID
 *                    http://127.0.0.1:PORT
 * Prints a report; exits 0 when every check passes, 1 otherwise, 2 on bad usage.
 */
#include "rawhttp.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE (4 << 20)
#define MAX_CONNS 256
#define MAX_TENANTS 64
#define MAX_SEQ (1 << 18)  /* writes of one kind per connection */
#define HIST_US 10000000   /* latency histogram: 1 us buckets up to 10 s */

enum api { RP_ENT, RP_RES, OCO, PCV, N_API };
static const char *const api_names[N_API] = { "RemotePC Enterprise", "RemotePC Reseller",
                                              "OCO JSON-RPC", "pcvisit GraphQL" };
enum kind { INVITE, COMPUTER, DEPLOY, N_KIND };
static const char *const kind_names[N_KIND] = { "RemotePC user/invite", "OCO computer.create",
                                                "OCO job_container.deploy" };

struct tenant {
    char id[32], ent[128], res[128], oco[128], jwt[2048];
};

static int port, n_conns = 64, n_tenants = 8, reads_only;
/* The soak phase: each write is undone at once (user/delete, computer.remove,
 * job_container.remove), so the stored data stays the same size and memory must stay flat. */
static atomic_int churn;
static long churn_seq[MAX_CONNS];
static atomic_long undone;
static struct tenant tenants[MAX_TENANTS];
static atomic_int stop;
static atomic_long requests[N_API], errors[N_API], server_errors[N_API];
static _Atomic uint32_t *hist[N_API]; /* HIST_US + 1 buckets each */
static unsigned char *acked[MAX_CONNS][N_KIND]; /* [seq] = 1 when acknowledged */
static long next_seq[MAX_CONNS][N_KIND];
static atomic_int first_error_printed;

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Sends a request (headers is "" or lines ending in \r\n) on *fd (reconnecting when it is
 * -1) and reads the reply into buf; returns the status or -1 (the socket is then closed). */
static int exchange(int *fd, const char *method, const char *path, const char *headers,
                    const char *body, char *buf, const char **reply_body)
{
    static __thread char req[16384];
    if (*fd < 0 && (*fd = raw_connect(port)) < 0)
        return -1;
    size_t blen = body ? strlen(body) : 0;
    int len = snprintf(req, sizeof req,
                       "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%s", method, path, headers,
                       body ? "Content-Type: application/json\r\n" : "");
    if (body)
        len += snprintf(req + len, sizeof req - (size_t)len, "Content-Length: %zu\r\n\r\n%s",
                        blen, body);
    else
        len += snprintf(req + len, sizeof req - (size_t)len, "\r\n");
    int status = -1;
    if (len < (int)sizeof req && send(*fd, req, (size_t)len, MSG_NOSIGNAL) == len)
        status = raw_read_reply(*fd, buf, BUF_SIZE, reply_body);
    if (status < 0) {
        close(*fd);
        *fd = -1;
    }
    return status;
}

/* Copies the JSON string value that follows key (e.g. "\"id\":\"") in s into out. */
static int json_str_after(const char *s, const char *key, char *out, size_t size)
{
    const char *p = s ? strstr(s, key) : NULL;
    if (!p)
        return -1;
    p += strlen(key);
    const char *e = strchr(p, '"');
    if (!e || (size_t)(e - p) >= size)
        return -1;
    memcpy(out, p, (size_t)(e - p));
    out[e - p] = '\0';
    return 0;
}

static int make_tenant(struct tenant *t, char *buf)
{
    int fd = -1;
    const char *body;
    int st = exchange(&fd, "POST", "/__admin/tenants", "", "{\"fixture\":\"default\"}", buf,
                      &body);
    if (st != 201 || json_str_after(body, "\"id\":\"", t->id, sizeof t->id) ||
        json_str_after(body, "\"remotepc-enterprise\":{\"apiKey\":\"", t->ent, sizeof t->ent) ||
        json_str_after(body, "\"remotepc-reseller\":{\"apiKey\":\"", t->res, sizeof t->res) ||
        json_str_after(strstr(body, "\"oco\":"), "\"apiKey\":\"", t->oco, sizeof t->oco)) {
        fprintf(stderr, "rmmsim-load: tenant create answered %d\n", st);
        return -1;
    }
    /* The bench token pair (budget 10^9 a minute: never rate-limited) inside the tenant. */
    char headers[128];
    snprintf(headers, sizeof headers, "X-Rmmsim-Tenant: %.31s\r\n", t->id);
    st = exchange(&fd, "POST", "/graphql", headers,
                  "{\"query\":\"{ SiRetrieveSignedJwt(integratorApiToken: "
                  "\\\"bench-integrator-token\\\", userApiToken: \\\"bench-user-token\\\") "
                  "{ ... on SignedJwtWasRetrieved { token } } }\"}",
                  buf, &body);
    if (fd >= 0)
        close(fd);
    if (st != 200 || json_str_after(body, "\"token\":\"", t->jwt, sizeof t->jwt)) {
        fprintf(stderr, "rmmsim-load: no pcvisit JWT for %s (%d)\n", t->id, st);
        return -1;
    }
    return 0;
}

static void note_error(enum api a, int status, const char *what, const char *body)
{
    atomic_fetch_add(&errors[a], 1);
    if (status >= 500)
        atomic_fetch_add(&server_errors[a], 1);
    if (atomic_fetch_add(&first_error_printed, 1) < 5)
        fprintf(stderr, "rmmsim-load: %s answered %d: %.200s\n", what, status,
                body ? body : "(no reply)");
}

/* exchange(), counted as a request of API a with its latency. */
static int timed_exchange(enum api a, int *fd, const char *method, const char *path,
                          const char *headers, const char *body, char *buf, const char **reply)
{
    double t0 = now_s();
    int status = exchange(fd, method, path, headers, body, buf, reply);
    long us = (long)((now_s() - t0) * 1e6);
    atomic_fetch_add(&requests[a], 1);
    atomic_fetch_add(&hist[a][us < HIST_US ? us : HIST_US], 1);
    return status;
}

/* The soak's second half of a write: removes what reply (the write's answer) made. */
static void undo(int *fd, const struct tenant *t, enum kind kind, const char *unique,
                 const char *reply, char *buf)
{
    char headers[256], body[512], id[32];
    const char *path = "/api-client.php", *expect = "\"success\":true", *name;
    enum api a = OCO;
    if (kind == INVITE) {
        a = RP_ENT, path = "/rpcnew/api/msp/user/delete", expect = "\"SUCCESS\"";
        name = "user/delete";
        snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n", t->ent);
        snprintf(body, sizeof body, "{\"sub_ids\":[],\"invited_ids\":[\"%s\"]}", unique);
    } else {
        name = kind == COMPUTER ? "oco.computer.remove" : "oco.job_container.remove";
        if (json_str_after(reply, "\"id\":\"", id, sizeof id) != 0) {
            note_error(a, 200, kind_names[kind], reply);
            return;
        }
        snprintf(headers, sizeof headers, "Authorization: Basic YWRtaW46YWRtaW4=\r\n");
        snprintf(body, sizeof body,
                 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\","
                 "\"params\":{\"api_key\":\"%s\",\"data\":{\"id\":%s}}}",
                 name, t->oco, id);
    }
    const char *answer = NULL;
    int status = timed_exchange(a, fd, "POST", path, headers, body, buf, &answer);
    if (status != 200 || !answer || !strstr(answer, expect))
        note_error(a, status, name, status < 0 ? NULL : answer);
    else
        atomic_fetch_add(&undone, 1);
}

static void *drive(void *arg)
{
    int c = (int)(intptr_t)arg, fd = -1;
    const struct tenant *t = &tenants[c % n_tenants];
    char *buf = malloc(BUF_SIZE);
    if (!buf)
        return NULL;
    char h_ent[256], h_res[256], h_oco[256], h_pcv[2300], body[1024];
    snprintf(h_ent, sizeof h_ent, "Authorization: Bearer %s\r\n", t->ent);
    snprintf(h_res, sizeof h_res, "Authorization: Bearer %s\r\n", t->res);
    snprintf(h_oco, sizeof h_oco, "Authorization: Basic YWRtaW46YWRtaW4=\r\n");
    snprintf(h_pcv, sizeof h_pcv, "Authorization: Bearer %s\r\n", t->jwt);
    for (unsigned long i = (unsigned long)c * 7; !atomic_load(&stop); i++) {
        const char *reply = NULL, *method = "POST", *path = "/api-client.php", *headers = h_oco;
        const char *expect = "\"success\":true", *name = "";
        enum api a = OCO;
        int kind = -1;
        long seq = 0;
        char unique[64] = "";
        /* 3 writes in 20 requests; the rest reads of all four APIs */
        static const int mix[20] = { 0, 1, 2, 3, 4, 5, 6, 3, 0, 5, 2, 3, 0, 5, 0, 3, 5, 2, 0, 3 };
        int slot = mix[i % 20], churning = atomic_load(&churn);
        char prefix = churning ? 's' : 'l';
        if (reads_only && (slot == 1 || slot == 4 || slot == 6))
            slot = 3;
        switch (slot) {
        case 0: /* RemotePC computer list, page 1 of 30 */
            a = RP_ENT, method = "GET", path = "/rpcnew/api/msp/computer/list", headers = h_ent;
            expect = "\"status\":\"OK\"", name = "computer/list";
            body[0] = '\0';
            break;
        case 1: /* write: invite a unique address */
            a = RP_ENT, path = "/rpcnew/api/msp/user/invite", headers = h_ent, kind = INVITE;
            expect = "\"status\":\"OK\"";
            seq = churning ? churn_seq[c]++ : next_seq[c][kind]++;
            snprintf(unique, sizeof unique, "z%c%dn%ld@load.example", prefix, c, seq);
            snprintf(body, sizeof body, "{\"email\":[\"%s\"]}", unique);
            name = "user/invite";
            break;
        case 2: /* Reseller user list */
            a = RP_RES, path = "/rpc-api/reseller/private/user/list", headers = h_res;
            expect = "\"status\":\"OK\"", name = "reseller user/list";
            snprintf(body, sizeof body, "{}");
            break;
        case 3:
            snprintf(body, sizeof body,
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.get\","
                     "\"params\":{\"api_key\":\"%s\",\"data\":{\"id\":%lu}}}",
                     t->oco, 1 + i % 3);
            name = "oco.computer.get";
            break;
        case 4: /* write: a computer with a unique hostname */
            kind = COMPUTER;
            seq = churning ? churn_seq[c]++ : next_seq[c][kind]++;
            snprintf(unique, sizeof unique, "z%cc%dn%ld", prefix, c, seq);
            snprintf(body, sizeof body,
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.create\","
                     "\"params\":{\"api_key\":\"%s\",\"data\":{\"hostname\":\"%s\"}}}",
                     t->oco, unique);
            name = "oco.computer.create";
            break;
        case 6: /* write: a deployment with a unique name */
            kind = DEPLOY;
            seq = churning ? churn_seq[c]++ : next_seq[c][kind]++;
            snprintf(unique, sizeof unique, "z%cd%dn%ld", prefix, c, seq);
            snprintf(body, sizeof body,
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.job_container.deploy\","
                     "\"params\":{\"api_key\":\"%s\",\"data\":{\"name\":\"%s\","
                     "\"computer_ids\":[1],\"package_ids\":[2]}}}",
                     t->oco, unique);
            name = "oco.job_container.deploy";
            break;
        default: /* 5: pcvisit sessions history, 20 nodes, sorted */
            a = PCV, path = "/graphql", headers = h_pcv, expect = "SessionProtocolEdge";
            name = "AcQuerySessionsHistory";
            snprintf(body, sizeof body,
                     "{\"query\":\"query H($company: CustomerUuid!) { AcQuerySessionsHistory("
                     "company: $company, sort: [{path: \\\"target.computerDisplayName\\\", "
                     "direction: Asc}], pagination: {first: 20}) { __typename ... on "
                     "SessionProtocolEdge { totalCount nodes { index value { id name state "
                     "target { computerDisplayName } } } } ... on Failure { error } } }\","
                     "\"variables\":{\"company\":\"c0ffee00-0000-4000-8000-000000000001\"}}");
            break;
        }
        if (kind >= 0 && !churning && seq >= MAX_SEQ)
            continue; /* this connection's record of writes is full: reads only */
        int status = timed_exchange(a, &fd, method, path, headers, body[0] ? body : NULL, buf,
                                    &reply);
        if (status != 200 || !reply || !strstr(reply, expect) ||
            (kind == INVITE && !strstr(reply, unique))) {
            note_error(a, status, name, status < 0 ? NULL : reply);
            continue;
        }
        if (kind >= 0 && churning)
            undo(&fd, t, (enum kind)kind, unique, reply, buf);
        else if (kind >= 0)
            acked[c][kind][seq] = 1;
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

/* SQLite's heap in the server (every in-memory tenant's rows), in kB; -1 if unreadable. */
static long sqlite_kb(char *buf)
{
    int fd = -1;
    const char *reply;
    int st = exchange(&fd, "GET", "/__admin/stats", "", NULL, buf, &reply);
    if (fd >= 0)
        close(fd);
    const char *used = st == 200 ? strstr(reply, "\"sqliteMemoryBytes\":") : NULL;
    return used ? strtol(used + 20, NULL, 10) / 1024 : -1;
}

static double p99_ms(enum api a)
{
    long total = atomic_load(&requests[a]), want = total - total / 100, seen = 0;
    for (long us = 0; us <= HIST_US; us++)
        if ((seen += hist[a][us]) >= want && total)
            return (double)us / 1000.0;
    return 0;
}

/* Marks in seen[kind] every name of this run found in body: the names after pattern
 * ("\"zl" ... ) scanned with fmt into connection and sequence. */
static void mark_seen(const char *body, const char *pattern, const char *fmt,
                      unsigned char *seen[MAX_CONNS])
{
    for (const char *p = body; (p = strstr(p, pattern)); p++) {
        int c;
        long seq;
        if (sscanf(p, fmt, &c, &seq) == 2 && c >= 0 && c < n_conns && seq >= 0 && seq < MAX_SEQ)
            seen[c][seq] = 1;
    }
}

static long count_of(const char *s, const char *needle)
{
    long n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* Reads every write of the run back through the APIs: marks the load's names in seen and
 * counts the soak's names still listed in *left (each was removed again). Returns 0, or -1
 * on a failed read. */
static int verify(unsigned char *seen[N_KIND][MAX_CONNS], long *left, char *buf)
{
    *left = 0;
    int fd = -1;
    for (int ti = 0; ti < n_tenants; ti++) {
        const struct tenant *t = &tenants[ti];
        const char *reply;
        char headers[256], body[512];
        snprintf(headers, sizeof headers, "Authorization: Bearer %s\r\n", t->ent);
        for (int page = 1, pages = 1; page <= pages; page++) {
            snprintf(body, sizeof body, "{\"pageIndex\":%d,\"recordPerPage\":500}", page);
            int st = exchange(&fd, "GET", "/rpcnew/api/msp/user/list", headers, body, buf,
                              &reply);
            const char *tp = st == 200 ? strstr(reply, "\"total_page_count\":") : NULL;
            if (!tp) {
                fprintf(stderr, "rmmsim-load: user/list of %s answered %d\n", t->id, st);
                return -1;
            }
            pages = atoi(tp + 19);
            mark_seen(reply, "\"zl", "\"zl%dn%ld@", seen[INVITE]);
            *left += count_of(reply, "\"zs");
        }
        static const char *const methods[] = { "oco.computer.list", "oco.job_container.list" };
        for (int m = 0; m < 2; m++) {
            snprintf(body, sizeof body,
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"%s\","
                     "\"params\":{\"api_key\":\"%s\",\"data\":{}}}",
                     methods[m], t->oco);
            int st = exchange(&fd, "POST", "/api-client.php",
                              "Authorization: Basic YWRtaW46YWRtaW4=\r\n", body, buf, &reply);
            if (st != 200 || !strstr(reply, "\"success\":true")) {
                fprintf(stderr, "rmmsim-load: %s of %s answered %d\n", methods[m], t->id, st);
                return -1;
            }
            if (m == 0)
                mark_seen(reply, "\"zlc", "\"zlc%dn%ld\"", seen[COMPUTER]);
            else
                mark_seen(reply, "\"zld", "\"zld%dn%ld\"", seen[DEPLOY]);
            *left += count_of(reply, "\"zs");
        }
    }
    if (fd >= 0)
        close(fd);
    return 0;
}

/* Prints, per kind, the load's acknowledged writes and how many of them seen holds;
 * 1 when every one is there (and, unless reads only, there was at least one). */
static int writes_verified(unsigned char *seen[N_KIND][MAX_CONNS])
{
    int ok = 1;
    printf("%-26s %12s %10s %8s\n", "writes", "acknowledged", "verified", "missing");
    for (int k = 0; k < N_KIND; k++) {
        long ack = 0, ver = 0;
        for (int c = 0; c < n_conns; c++)
            for (long s = 0; s < next_seq[c][k] && s < MAX_SEQ; s++)
                if (acked[c][k][s]) {
                    ack++;
                    ver += seen[k][c][s];
                }
        printf("%-26s %12ld %10ld %8ld\n", kind_names[k], ack, ver, ack - ver);
        if (ack != ver || (ack == 0 && !reads_only))
            ok = 0;
    }
    return ok;
}

struct phase {
    const char *name;
    double seconds, warmup;
    long rss[2], sqlite[2];  /* after the warm-up, at the end (kB) */
    long requests_failed;    /* errors and 5xx */
};

/* Drives every connection for p->seconds, samples memory after p->warmup and at the end,
 * and prints the phase's table. */
static void run_phase(struct phase *p, int pid, char *buf)
{
    for (int a = 0; a < N_API; a++) {
        atomic_store(&requests[a], 0);
        atomic_store(&errors[a], 0);
        atomic_store(&server_errors[a], 0);
        for (long us = 0; us <= HIST_US; us++)
            atomic_store(&hist[a][us], 0);
    }
    atomic_store(&stop, 0);
    pthread_t threads[MAX_CONNS];
    double t0 = now_s();
    for (int c = 0; c < n_conns; c++)
        pthread_create(&threads[c], NULL, drive, (void *)(intptr_t)c);
    usleep((useconds_t)(p->warmup * 1e6));
    p->rss[0] = raw_rss_kb(pid), p->sqlite[0] = sqlite_kb(buf);
    long req_at_warm = 0;
    for (int a = 0; a < N_API; a++)
        req_at_warm += atomic_load(&requests[a]);
    while (now_s() - t0 < p->seconds)
        usleep(100000);
    atomic_store(&stop, 1);
    for (int c = 0; c < n_conns; c++)
        pthread_join(threads[c], NULL);
    double elapsed = now_s() - t0;
    p->rss[1] = raw_rss_kb(pid), p->sqlite[1] = sqlite_kb(buf);

    printf("%s: %d connections, %d tenants, %.1f s (memory sampled after %.0f s, %ld requests, "
           "and at the end)\n\n",
           p->name, n_conns, n_tenants, elapsed, p->warmup, req_at_warm);
    printf("%-22s %10s %9s %8s %8s %9s\n", "API", "requests", "req/s", "errors", "5xx",
           "p99 ms");
    long total = 0, total_err = 0, total_5xx = 0;
    for (int a = 0; a < N_API; a++) {
        long r = atomic_load(&requests[a]), e = atomic_load(&errors[a]),
             s = atomic_load(&server_errors[a]);
        total += r, total_err += e, total_5xx += s;
        printf("%-22s %10ld %9.0f %8ld %8ld %9.2f\n", api_names[a], r, (double)r / elapsed, e, s,
               p99_ms((enum api)a));
    }
    printf("%-22s %10ld %9.0f %8ld %8ld\n\n", "all", total, (double)total / elapsed, total_err,
           total_5xx);
    p->requests_failed = total_err + total_5xx;
}

int main(int argc, char **argv)
{
    double seconds = 60, warmup = 5, soak = 60;
    int pid = 0, opt;
    while ((opt = getopt(argc, argv, "rs:S:w:c:t:p:")) != -1) {
        if (opt == 's')
            seconds = atof(optarg);
        else if (opt == 'S')
            soak = atof(optarg);
        else if (opt == 'w')
            warmup = atof(optarg);
        else if (opt == 'c')
            n_conns = atoi(optarg);
        else if (opt == 't')
            n_tenants = atoi(optarg);
        else if (opt == 'p')
            pid = atoi(optarg);
        else if (opt == 'r')
            reads_only = 1;
        else
            return 2;
    }
    const char *url = optind < argc ? argv[optind] : NULL;
    const char *colon = url ? strrchr(url, ':') : NULL;
    if (!colon || !pid || n_conns < 1 || n_conns > MAX_CONNS || n_tenants < 1 ||
        n_tenants > MAX_TENANTS || seconds <= warmup || warmup < 0 ||
        (soak != 0 && soak <= warmup)) {
        fprintf(stderr, "usage: rmmsim-load [-r] [-s SECONDS] [-S SOAK] [-w WARMUP] [-c CONNS] "
                        "[-t TENANTS] -p PID URL\n");
        return 2;
    }
    port = atoi(colon + 1);
    char *buf = malloc(BUF_SIZE);
    static unsigned char *seen[N_KIND][MAX_CONNS];
    for (int a = 0; a < N_API; a++)
        hist[a] = calloc(HIST_US + 1, sizeof *hist[a]);
    for (int c = 0; c < n_conns; c++)
        for (int k = 0; k < N_KIND; k++) {
            acked[c][k] = calloc(MAX_SEQ, 1);
            seen[k][c] = calloc(MAX_SEQ, 1);
            if (!acked[c][k] || !seen[k][c])
                return 1;
        }
    for (int ti = 0; ti < n_tenants; ti++)
        if (!buf || make_tenant(&tenants[ti], buf) != 0)
            return 1;

    /* Phase 1, load: the data grows with every write, and memory with it (reported). */
    struct phase load = { .name = "load", .seconds = seconds, .warmup = warmup };
    run_phase(&load, pid, buf);
    long left = 0;
    int ok = verify(seen, &left, buf) == 0;
    ok = writes_verified(seen) && ok;
    long all_acked = 0;
    for (int k = 0; k < N_KIND; k++)
        for (int c = 0; c < n_conns; c++)
            for (long s = 0; s < next_seq[c][k] && s < MAX_SEQ; s++)
                all_acked += acked[c][k][s];
    printf("\nserver VmRSS kB: %ld after warm-up, %ld at the end (%+ld; %.0f bytes per "
           "acknowledged write); SQLite heap kB: %ld, %ld (%+ld)\n",
           load.rss[0], load.rss[1], load.rss[1] - load.rss[0],
           all_acked ? 1024.0 * (double)(load.rss[1] - load.rss[0]) / (double)all_acked : 0.0,
           load.sqlite[0], load.sqlite[1], load.sqlite[1] - load.sqlite[0]);
    ok = ok && load.requests_failed == 0;

    /* Phase 2, soak: the same mix, each write undone at once; memory must stay flat. */
    if (soak > 0) {
        atomic_store(&churn, 1);
        struct phase flat = { .name = "soak", .seconds = soak, .warmup = warmup };
        run_phase(&flat, pid, buf);
        for (int k = 0; k < N_KIND; k++)
            for (int c = 0; c < n_conns; c++)
                memset(seen[k][c], 0, MAX_SEQ);
        int read_ok = verify(seen, &left, buf) == 0;
        printf("the load's writes after the soak:\n");
        read_ok = writes_verified(seen) && read_ok;
        long unexplained = (flat.rss[1] - flat.rss[0]) - (flat.sqlite[1] - flat.sqlite[0]);
        double growth = flat.rss[0] > 0 ? 100.0 * (double)unexplained / (double)flat.rss[0] : 0;
        int mem_ok = flat.rss[0] > 0 && flat.rss[1] > 0 && flat.sqlite[0] >= 0 &&
                     flat.sqlite[1] >= 0 && growth <= 10.0;
        printf("soak writes undone: %ld; still listed: %ld: %s\n", atomic_load(&undone), left, read_ok && left == 0 ? "PASS" : "MISS");
        printf("server VmRSS kB: %ld after warm-up, %ld at the end (%+ld); SQLite heap kB: "
               "%ld, %ld (%+ld)\n",
               flat.rss[0], flat.rss[1], flat.rss[1] - flat.rss[0], flat.sqlite[0],
               flat.sqlite[1], flat.sqlite[1] - flat.sqlite[0]);
        printf("growth not held by SQLite: %+ld kB (%+.1f%% of the warm-up VmRSS, at most 10%%): "
               "%s\n\n",
               unexplained, growth, mem_ok ? "PASS" : "MISS");
        ok = ok && read_ok && left == 0 && mem_ok && flat.requests_failed == 0 &&
             (reads_only || atomic_load(&undone) > 0);
    }
    printf("load: %s\n", ok ? "PASS" : "FAIL");
    return ok ? 0 : 1;
}
