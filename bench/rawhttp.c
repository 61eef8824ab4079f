/* See rawhttp.h. */
#include "rawhttp.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int raw_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int raw_read_reply(int fd, char *buf, size_t size, const char **body_out)
{
    size_t len = 0;
    char *end = NULL;
    buf[0] = '\0';
    while (!(end = strstr(buf, "\r\n\r\n"))) {
        ssize_t got = recv(fd, buf + len, size - 1 - len, 0);
        if (got <= 0)
            return -1;
        len += (size_t)got;
        buf[len] = '\0';
    }
    const char *cl = strstr(buf, "Content-Length: ");
    size_t want = (size_t)(end + 4 - buf) + (cl ? strtoul(cl + 16, NULL, 10) : 0);
    if (want >= size)
        return -1;
    while (len < want) {
        ssize_t got = recv(fd, buf + len, size - 1 - len, 0);
        if (got <= 0)
            return -1;
        len += (size_t)got;
    }
    buf[want] = '\0';
    if (body_out)
        *body_out = end + 4;
    return strncmp(buf, "HTTP/1.1 ", 9) == 0 ? atoi(buf + 9) : -1;
}

long raw_rss_kb(int pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}
