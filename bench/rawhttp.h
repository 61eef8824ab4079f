/* A minimal HTTP/1.1 client for the bench tools: one reply read off a keep-alive socket. */
#ifndef RMMSIM_BENCH_RAWHTTP_H
#define RMMSIM_BENCH_RAWHTTP_H

#include <stddef.h>

/* Reads one reply (its head and a Content-Length body) from fd into buf, NUL-terminated;
 * *body_out (may be NULL) points at the body. Returns the status, or -1 on a socket error, a
 * reply that is not HTTP/1.1, or one larger than size - 1 bytes. */
int raw_read_reply(int fd, char *buf, size_t size, const char **body_out);

#endif
