/*
 * rmmsim-startup: how long a server takes from fork to its first "200" on
 * GET /__admin/health. Each run picks a free loopback port, replaces every "{port}" in the
 * command line with it, forks and execs the command (stdout and stderr to /dev/null),
 * polls the port with raw sockets every ~0.2 ms, stops the child with SIGTERM and reaps it.
 *
 * Usage: rmmsim-startup [-n RUNS] [-p PATH] COMMAND [ARG...]
 *   rmmsim-startup -n 20 build/bench/rmmsim --listen 127.0.0.1:{port} --log-level off
 * Prints one line: "startup ms: median M min A max B (N runs)". Exits 1 if a run fails.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUN_TIMEOUT_NS (10 * 1000000000LL) /* a server slower than this has failed */
#define POLL_SLEEP_NS 200000L

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static struct sockaddr_in loopback(int port)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

/* A port nobody listens on right now: bind port 0, read what the kernel chose, close. */
static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in addr = loopback(0);
    socklen_t len = sizeof addr;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        getsockname(fd, (struct sockaddr *)&addr, &len) == 0)
        port = ntohs(addr.sin_port);
    close(fd);
    return port;
}

/* One probe: 1 when the server answered 200, 0 when it is not ready yet (refused, closed,
 * other status). */
static int probe(int port, const char *request, size_t request_len)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    /* A listener that accepts but never answers must not hang the run. */
    struct timeval tv = { .tv_sec = 2 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct sockaddr_in addr = loopback(port);
    int ok = 0;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) == 0 &&
        send(fd, request, request_len, MSG_NOSIGNAL) == (ssize_t)request_len) {
        char buf[64];
        size_t len = 0;
        ssize_t n;
        /* "HTTP/1.1 200" is all that is needed of the status line. */
        while (len < 12 && (n = recv(fd, buf + len, sizeof buf - len, 0)) > 0)
            len += (size_t)n;
        ok = len >= 12 && memcmp(buf, "HTTP/1.", 7) == 0 && memcmp(buf + 8, " 200", 4) == 0;
    }
    close(fd);
    return ok;
}

static void free_args(char **args)
{
    for (char **a = args; a && *a; a++)
        free(*a);
    free(args);
}

/* argv with every "{port}" replaced by port; NULL when memory ran out. */
static char **with_port(char **argv, int argc, int port)
{
    char **out = calloc((size_t)argc + 1, sizeof *out);
    if (!out)
        return NULL;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        size_t size = strlen(arg) + 1; /* "{port}" becomes at most 5 digits: never longer */
        char *s = malloc(size);
        if (!s) {
            free_args(out);
            return NULL;
        }
        size_t len = 0;
        while (*arg) {
            if (strncmp(arg, "{port}", 6) == 0) {
                len += (size_t)snprintf(s + len, size - len, "%d", port);
                arg += 6;
            } else {
                s[len++] = *arg++;
            }
        }
        s[len] = '\0';
        out[i] = s;
    }
    return out;
}

/* One start: returns milliseconds from fork to the first 200, or a negative value. */
static double run_once(char **argv, int argc, const char *path)
{
    int port = free_port();
    char **args = port > 0 ? with_port(argv, argc, port) : NULL;
    if (!args) {
        fprintf(stderr, "rmmsim-startup: no free port or out of memory\n");
        return -1;
    }
    char request[512];
    int request_len = snprintf(request, sizeof request,
                               "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n\r\n",
                               path, port);
    if (request_len < 0 || (size_t)request_len >= sizeof request) {
        fprintf(stderr, "rmmsim-startup: path too long\n");
        free_args(args);
        return -1;
    }

    long long start = now_ns();
    pid_t pid = fork();
    if (pid < 0) {
        perror("rmmsim-startup: fork");
        free_args(args);
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execvp(args[0], args);
        _exit(127);
    }

    double ms = -1;
    const struct timespec pause = { .tv_nsec = POLL_SLEEP_NS };
    for (;;) {
        if (probe(port, request, (size_t)request_len)) {
            ms = (double)(now_ns() - start) / 1e6;
            break;
        }
        int status;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            fprintf(stderr, "rmmsim-startup: %s exited (status %d) before answering 200\n",
                    args[0], WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
            free_args(args);
            return -1;
        }
        if (now_ns() - start > RUN_TIMEOUT_NS) {
            fprintf(stderr, "rmmsim-startup: no 200 from port %d within 10 s\n", port);
            break;
        }
        nanosleep(&pause, NULL);
    }
    kill(pid, SIGTERM);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
        ;
    free_args(args);
    return ms;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    int runs = 20;
    const char *path = "/__admin/health";
    int opt;
    while ((opt = getopt(argc, argv, "+n:p:")) != -1) {
        switch (opt) {
        case 'n':
            runs = atoi(optarg);
            break;
        case 'p':
            path = optarg;
            break;
        default:
            runs = 0;
        }
    }
    if (runs < 1 || runs > 10000 || optind >= argc || path[0] != '/') {
        fprintf(stderr, "usage: rmmsim-startup [-n RUNS] [-p PATH] COMMAND [ARG...]\n"
                        "  every {port} in the arguments becomes a free loopback port\n");
        return 2;
    }
    double *ms = calloc((size_t)runs, sizeof *ms);
    if (!ms)
        return 1;
    for (int i = 0; i < runs; i++) {
        ms[i] = run_once(argv + optind, argc - optind, path);
        if (ms[i] < 0)
            return 1;
    }
    qsort(ms, (size_t)runs, sizeof *ms, compare);
    double median = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
    printf("startup ms: median %.2f min %.2f max %.2f (%d runs)\n", median, ms[0], ms[runs - 1],
           runs);
    free(ms);
    return 0;
}
