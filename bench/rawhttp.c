/* See rawhttp.h. */
#include "rawhttp.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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
