/* libFuzzer target: a whole HTTP request through rmmsim as a client sends it, into the
 * default tenant: civetweb's parsing, the router, every API's handlers and the store.
 * rmmsim runs in this process on a loopback port; each input becomes one request:
 *
 *     METHOD SP PATH LF        (the first line; PATH as sent, query string included)
 *     Name: value LF ...       (headers, up to an empty line)
 *     body                     (the rest; Content-Length is set to its size)
 *
 * A reply that is not HTTP, or a 5xx (no fault injection happens here), is a finding: the
 * target aborts so libFuzzer keeps the input. The tenant is reset every 1000 inputs, so
 * state from writes stays bounded. Seeds: tests/fuzz/seeds/http (one request per API area). */
#include "rmmsim.h"

#include <arpa/inet.h>
#include <netinet/in.h>
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
    char err[256];
    sim = rmmsim_start(&opts, err, sizeof err);
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

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    if (++runs % 1000 == 0) {
        char err[256];
        rmmsim_reset(sim, NULL, err, sizeof err);
    }
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
        bool own = (len >= 15 && strncasecmp((const char *)bytes + pos, "content-length:", 15) == 0) ||
                   (len >= 11 && strncasecmp((const char *)bytes + pos, "connection:", 11) == 0) ||
                   (len >= 18 && strncasecmp((const char *)bytes + pos, "transfer-encoding:", 18) == 0);
        if (!own && memchr(bytes + pos, ':', len)) {
            at = put_line_part(request, at, cap, bytes + pos, len);
            at = put(request, at, cap, "\r\n");
        }
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

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)rmmsim_port(sim)) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        fprintf(stderr, "fuzz_http: cannot connect\n");
        abort();
    }
    size_t sent = 0, total = at + body;
    while (sent < total) {
        ssize_t n = send(fd, whole + sent, total - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break; /* the server may answer (413) and close before the body is read */
        sent += (size_t)n;
    }
    char reply[64];
    size_t got = 0;
    ssize_t n;
    while (got < sizeof reply - 1 && (n = recv(fd, reply + got, sizeof reply - 1 - got, 0)) > 0)
        got += (size_t)n;
    char drain[4096];
    while (recv(fd, drain, sizeof drain, 0) > 0)
        ;
    close(fd);
    free(whole);
    reply[got] = '\0';
    int status = 0;
    if (sscanf(reply, "HTTP/1.%*c %d", &status) != 1 || status < 100 || status >= 500) {
        fprintf(stderr, "fuzz_http: the reply begins \"%.40s\"\n", reply);
        abort();
    }
    return 0;
}
