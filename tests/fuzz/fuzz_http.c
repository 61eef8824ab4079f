/* libFuzzer target: a whole HTTP request through rmmsim as a client sends it, into the
 * default tenant: civetweb's parsing, the router, every API's handlers and the store.
 * rmmsim runs in this process on a loopback port; each input becomes one request:
 *
 *     METHOD SP PATH LF        (the first line; PATH as sent, query string included)
 *     Name: value LF ...       (headers, up to an empty line; CR and NUL dropped, and the
 *                              target's own Content-Length, Connection, Transfer-Encoding)
 *     body                     (the rest; Content-Length is set to its size)
 *
 * A reply that is not HTTP, or a 5xx, is a finding: the target aborts so libFuzzer keeps the
 * input; unless a fault asked for it. An input may carry X-Rmmsim-Fault (its answer is then
 * whatever the fault says; one that delays is dropped, as a delay of up to 60 s would only
 * trip libFuzzer's timeout), and it may register faults through /__admin/faults: those are
 * cleared after every input that could have reached the control plane, and looked for
 * before an answer is called a finding. The tenant is reset every 1000 inputs, so state from
 * writes stays bounded. Seeds: tests/fuzz/seeds/http (one request per API area). */
#include "rmmsim.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

static struct rmmsim *sim;
static unsigned long runs;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    opts.listen = "127.0.0.1:0";
    opts.log_level = "off";
    opts.threads = 4;
    /* Inputs may make tenants and never delete them: a few reach the limit (and its 409)
     * soon, and keep memory far below libFuzzer's 2 GB. */
    opts.max_tenants = 8;
    char err[256];
    /* libFuzzer's timeout alarm (SIGALRM) goes to any thread that does not block it; rmmsim's
     * threads inherit this mask, so only the harness's thread is interrupted. */
    sigset_t alarm, old;
    sigemptyset(&alarm);
    sigaddset(&alarm, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &alarm, &old);
    sim = rmmsim_start(&opts, err, sizeof err);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (!sim) {
        fprintf(stderr, "fuzz_http: %s\n", err);
        exit(1);
    }
    return 0;
}

/* Appends n bytes of s to the request, dropping CR and LF (they would end the line). */
static size_t put_line_part(char *out, size_t at, size_t cap, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n && at < cap; i++)
        if (s[i] != '\r' && s[i] != '\n')
            out[at++] = (char)s[i];
    return at;
}

static size_t put(char *out, size_t at, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (at + n > cap)
        n = cap - at;
    memcpy(out + at, s, n);
    return at + n;
}

/* recv() and send() that go on after a signal: libFuzzer's timeout alarm interrupts them
 * (its handler has no SA_RESTART), and an interrupted recv read as the end of the reply
 * made an empty answer out of a good one. */
static ssize_t recv_some(int fd, void *buf, size_t n)
{
    ssize_t got;
    while ((got = recv(fd, buf, n, 0)) < 0 && errno == EINTR)
        ;
    return got;
}

static ssize_t send_some(int fd, const void *buf, size_t n)
{
    ssize_t sent;
    while ((sent = send(fd, buf, n, MSG_NOSIGNAL)) < 0 && errno == EINTR)
        ;
    return sent;
}

/* A connection to rmmsim; a failure here is the harness's, not an input's, so it exits
 * (not abort(): libFuzzer would keep the input as a crash). */
static int connect_to_sim(void)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)rmmsim_port(sim)) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int error = 0;
    for (int attempt = 0; attempt < 50; attempt++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0)
            return fd;
        error = errno;
        if (fd >= 0)
            close(fd);
        if (error != EADDRNOTAVAIL && error != EAGAIN && error != ECONNREFUSED && error != EINTR)
            break;
        usleep(100 * 1000);
    }
    fprintf(stderr, "fuzz_http: cannot connect to rmmsim: %s\n", strerror(error));
    exit(2);
}

/* Whether needle occurs in the n bytes at s, ignoring ASCII case. */
static bool contains(const uint8_t *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (strncasecmp((const char *)s + i, needle, k) == 0)
            return true;
    return false;
}

/* The name of header line as civetweb reads it: leading and trailing blanks dropped, up to
 * the colon (truncated to size - 1; "" without a colon). */
static void header_name(const char *line, char *name, size_t size)
{
    const char *colon = strchr(line, ':');
    size_t n = 0;
    if (colon) {
        while (line < colon && (*line == ' ' || *line == '\t'))
            line++;
        const char *end = colon;
        while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        n = (size_t)(end - line) < size - 1 ? (size_t)(end - line) : size - 1;
        memcpy(name, line, n);
    }
    name[n] = '\0';
}

/* The status of a bodiless request to rmmsim; the first bytes of the reply in reply. */
static int simple_request(const char *method, const char *path, char *reply, size_t cap)
{
    int fd = connect_to_sim();
    char request[256];
    int len = snprintf(request, sizeof request,
                       "%s %s HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n", method, path);
    size_t got = 0;
    ssize_t n;
    if (send_some(fd, request, (size_t)len) == len)
        while (got < cap - 1 && (n = recv_some(fd, reply + got, cap - 1 - got)) > 0)
            got += (size_t)n;
    close(fd);
    reply[got] = '\0';
    int status = 0;
    return sscanf(reply, "HTTP/1.%*c %d", &status) == 1 ? status : 0;
}

/* Removes every registered fault; whether there was one. */
static bool clear_faults(void)
{
    char reply[4096];
    if (simple_request("GET", "/__admin/faults", reply, sizeof reply) != 200) {
        fprintf(stderr, "fuzz_http: GET /__admin/faults failed\n");
        exit(2);
    }
    const char *body = strstr(reply, "\r\n\r\n");
    bool any = body && strstr(body, "\"id\"");
    if (any && simple_request("DELETE", "/__admin/faults", reply, sizeof reply) != 200) {
        fprintf(stderr, "fuzz_http: DELETE /__admin/faults failed\n");
        exit(2);
    }
    return any;
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (++runs % 1000 == 0) {
        char err[256];
        rmmsim_reset(sim, NULL, err, sizeof err);
    }
    bool faulted = false; /* the input carries X-Rmmsim-Fault */
    /* the first line: method and path */
    const uint8_t *end = memchr(bytes, '\n', size);
    size_t first = end ? (size_t)(end - bytes) : size;
    const uint8_t *space = memchr(bytes, ' ', first);
    if (!space || space == bytes)
        return 0;
    size_t cap = size + 512, at = 0;
    char *request = malloc(cap);
    if (!request)
        return 0;
    at = put_line_part(request, at, cap, bytes, (size_t)(space - bytes) + 1);
    at = put_line_part(request, at, cap, space + 1, first - (size_t)(space + 1 - bytes));
    at = put(request, at, cap, " HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n");
    /* headers until an empty line; Content-Length and Connection are the target's own */
    size_t pos = end ? first + 1 : size;
    while (pos < size) {
        const uint8_t *nl = memchr(bytes + pos, '\n', size - pos);
        size_t len = nl ? (size_t)(nl - (bytes + pos)) : size - pos;
        if (len == 0) {
            pos++;
            break;
        }
        /* The line as it will be sent, and the header name civetweb will see. CR and NUL are
         * dropped: either could hide a Content-Length from the check below, and the request
         * would wait for a body that never comes. */
        char *line = malloc(len + 1);
        if (!line)
            break;
        size_t line_len = 0;
        for (size_t i = 0; i < len; i++)
            if (bytes[pos + i] != '\r' && bytes[pos + i] != '\0')
                line[line_len++] = (char)bytes[pos + i];
        line[line_len] = '\0';
        char name[32];
        header_name(line, name, sizeof name);
        bool fault_header = strcasecmp(name, "x-rmmsim-fault") == 0;
        bool own = strcasecmp(name, "content-length") == 0 || strcasecmp(name, "connection") == 0 ||
                   strcasecmp(name, "transfer-encoding") == 0 ||
                   (fault_header && contains((const uint8_t *)line, line_len, "delay"));
        if (!own && strchr(line, ':')) {
            faulted = faulted || fault_header;
            at = put(request, at, cap, line);
            at = put(request, at, cap, "\r\n");
        }
        free(line);
        pos += len + (nl != NULL);
    }
    size_t body = size > pos ? size - pos : 0;
    char length[48];
    snprintf(length, sizeof length, "Content-Length: %zu\r\n\r\n", body);
    at = put(request, at, cap, length);
    char *whole = realloc(request, at + body);
    if (!whole) {
        free(request);
        return 0;
    }
    memcpy(whole + at, bytes + pos, body);

    int fd = connect_to_sim();
    size_t sent = 0, total = at + body;
    while (sent < total) {
        ssize_t n = send_some(fd, whole + sent, total - sent);
        if (n <= 0)
            break; /* the server may answer (413) and close before the body is read */
        sent += (size_t)n;
    }
    /* Nothing more comes: a request that claims a longer body (a Content-Length hidden from
     * the check above in a way not thought of) meets the end of input, not a 30 s wait. */
    shutdown(fd, SHUT_WR);
    char reply[64];
    size_t got = 0;
    ssize_t n;
    while (got < sizeof reply - 1 && (n = recv_some(fd, reply + got, sizeof reply - 1 - got)) > 0)
        got += (size_t)n;
    char drain[4096];
    while (recv_some(fd, drain, sizeof drain) > 0)
        ;
    /* An abortive close (RST): neither end keeps the connection in TIME_WAIT, which at
     * thousands of inputs a second would use up the loopback's ephemeral ports in a minute. */
    struct linger abortive = { .l_onoff = 1, .l_linger = 0 };
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    close(fd);
    free(whole);
    reply[got] = '\0';
    int status = 0;
    /* percent-encoding can spell "admin" in a path, but not without a '%' */
    bool faults_set = (contains(bytes, size, "admin") || memchr(bytes, '%', size)) && clear_faults();
    bool bad = sscanf(reply, "HTTP/1.%*c %d", &status) != 1 || status < 100 || status >= 500;
    /* a fault registered by a path this check missed is cleared here, and excuses the answer */
    if (bad && !faulted && !faults_set && !clear_faults()) {
        fprintf(stderr, "fuzz_http: the reply begins \"%.40s\"\n", reply);
        abort();
    }
    return 0;
}
