/* What the bench tools share: a minimal HTTP/1.1 client (one reply read off a keep-alive
 * socket) and the server's resident memory. */
#ifndef RMMSIM_BENCH_RAWHTTP_H
#define RMMSIM_BENCH_RAWHTTP_H

#include <stddef.h>

/* A TCP connection to 127.0.0.1:port with Nagle off; the fd, or -1. */
int raw_connect(int port);

/* Reads one reply (its head and a Content-Length body) from fd into buf, NUL-terminated;
 * *body_out (may be NULL) points at the body. Returns the status, or -1 on a socket error, a
 * reply that is not HTTP/1.1, or one larger than size - 1 bytes. */
int raw_read_reply(int fd, char *buf, size_t size, const char **body_out);

/* VmRSS of process pid in kB (from /proc), or -1. */
long raw_rss_kb(int pid);

#endif
