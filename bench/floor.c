/*
 * rmmsim-floor: the cheapest server civetweb can be, the floor rmmsim's benchmarks are
 * measured against. Same civetweb options as server/core/server.c, one handler on "/",
 * and GET /__admin/health answered with the bytes rmmsim sends, in one mg_write.
 *
 * Usage: rmmsim-floor [LISTEN [THREADS]]   LISTEN is civetweb's listening_ports value
 *        (default 127.0.0.1:0, any free port), THREADS its num_threads (default 64).
 * Prints "floor listening on http://127.0.0.1:PORT" when ready; SIGINT/SIGTERM stop it.
 */
#include <arpa/inet.h>
#include <civetweb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BODY "{\"status\":\"ok\"}"
#define JSON_HEAD(status, len)                                                             \
    "HTTP/1.1 " status "\r\nContent-Length: " #len                                         \
    "\r\nConnection: keep-alive\r\nContent-Type: application/json\r\n\r\n"

static const char health_reply[] = JSON_HEAD("200 OK", 15) BODY;
static const char not_found_reply[] = JSON_HEAD("404 Not Found", 21) "{\"error\":\"Not Found\"}";

static int handle(struct mg_connection *conn, void *cbdata)
{
    (void)cbdata;
    const struct mg_request_info *ri = mg_get_request_info(conn);
    if (strcmp(ri->request_method, "GET") == 0 && strcmp(ri->local_uri, "/__admin/health") == 0) {
        mg_write(conn, health_reply, sizeof health_reply - 1);
        return 200;
    }
    mg_write(conn, not_found_reply, sizeof not_found_reply - 1);
    return 404;
}

static atomic_bool stopped;

static void *stop_thread(void *ctx)
{
    mg_stop(ctx);
    atomic_store(&stopped, true);
    return NULL;
}

/* civetweb's listener polls for two seconds before it sees the stop flag: connect to it
 * while mg_stop runs, as server.c does, so the floor stops in milliseconds. */
static void stop(struct mg_context *ctx, int port)
{
    pthread_t thread;
    if (pthread_create(&thread, NULL, stop_thread, ctx) != 0) {
        mg_stop(ctx);
        return;
    }
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    while (!atomic_load(&stopped)) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0) {
            connect(fd, (struct sockaddr *)&addr, sizeof addr);
            close(fd);
        }
        usleep(2000);
    }
    pthread_join(thread, NULL);
}

int main(int argc, char **argv)
{
    if (argc > 3 || (argc > 1 && argv[1][0] == '-')) {
        fprintf(stderr, "usage: rmmsim-floor [LISTEN [THREADS]]\n");
        return 2;
    }
    const char *options[] = {
        "listening_ports", argc > 1 ? argv[1] : "127.0.0.1:0",
        "num_threads", argc > 2 ? argv[2] : "64",
        "tcp_nodelay", "1",
        "enable_keep_alive", "yes",
        "keep_alive_timeout_ms", "30000",
        "request_timeout_ms", "30000",
        NULL,
    };

    /* Only sigwait below receives the stop signals: block them before threads start. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    mg_init_library(0);
    struct mg_callbacks callbacks = { 0 };
    struct mg_context *ctx = mg_start(&callbacks, NULL, options);
    if (!ctx) {
        fprintf(stderr, "rmmsim-floor: cannot listen on %s\n", options[1]);
        return 1;
    }
    mg_set_request_handler(ctx, "/", handle, NULL);
    struct mg_server_port port;
    if (mg_get_server_ports(ctx, 1, &port) < 1) {
        fprintf(stderr, "rmmsim-floor: no listening port\n");
        mg_stop(ctx);
        return 1;
    }
    printf("floor listening on http://127.0.0.1:%d\n", port.port);
    fflush(stdout);

    int sig;
    sigwait(&stop_signals, &sig);
    stop(ctx, port.port);
    mg_exit_library();
    return 0;
}
