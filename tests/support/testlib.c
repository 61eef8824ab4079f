/*
 * Test support implementation: libcurl as the client, one easy handle per thread.
 */
#include "testlib.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static _Thread_local CURL *thread_curl;
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct tl_request_buffers {
    char *data;
    size_t len;
};

static size_t collect(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct tl_request_buffers *b = userdata;
    size_t n = size * nmemb;
    char *grown = realloc(b->data, b->len + n + 1);
    if (!grown)
        return 0;
    memcpy(grown + b->len, ptr, n);
    b->len += n;
    grown[b->len] = '\0';
    b->data = grown;
    return n;
}

/* Keeps only the last header block (after a 100 Continue, the final response's). */
static size_t collect_headers(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct tl_request_buffers *b = userdata;
    if (size * nmemb > 5 && strncmp(ptr, "HTTP/", 5) == 0)
        b->len = 0;
    return collect(ptr, size, nmemb, userdata);
}

struct upload {
    const char *data;
    size_t len, pos;
};

static size_t send_chunk(char *buf, size_t size, size_t nitems, void *userdata)
{
    struct upload *u = userdata;
    size_t n = size * nitems;
    if (n > 1000)
        n = 1000; /* many small chunks exercise the chunked decoder */
    if (n > u->len - u->pos)
        n = u->len - u->pos;
    memcpy(buf, u->data + u->pos, n);
    u->pos += n;
    return n;
}

struct rmmsim *tl_start_opts(struct rmmsim_options *opts)
{
    if (!opts->listen || strcmp(opts->listen, "127.0.0.1:8080") == 0)
        opts->listen = "127.0.0.1:0";
    if (!getenv("RMMSIM_TEST_LOG"))
        opts->log_level = "off";
    opts->threads = opts->threads ? opts->threads : 16;
    char err[512];
    struct rmmsim *sim = rmmsim_start(opts, err, sizeof err);
    if (!sim)
        fail_msg("rmmsim_start: %s", err);
    return sim;
}

struct rmmsim *tl_start(const char *fixture)
{
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    opts.fixture = fixture;
    opts.threads = 16;
    return tl_start_opts(&opts);
}

void tl_stop(struct rmmsim *sim)
{
    tl_thread_done(); /* connections to this server are dead after it stops */
    rmmsim_stop(sim);
}

void tl_thread_done(void)
{
    if (thread_curl) {
        curl_easy_cleanup(thread_curl);
        thread_curl = NULL;
    }
}

void tl_do(struct rmmsim *sim, const struct tl_request *req, struct tl_response *res)
{
    tl_do_url(rmmsim_base_url(sim), req, res);
}

void tl_do_url(const char *base_url, const struct tl_request *req, struct tl_response *res)
{
    pthread_once(&curl_once, curl_init_once);
    if (!thread_curl)
        thread_curl = curl_easy_init();
    CURL *c = thread_curl;
    curl_easy_reset(c);
    char url[1024];
    snprintf(url, sizeof url, "%s%s", base_url, req->path);
    struct tl_request_buffers body = { 0 }, headers = { 0 };
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < 16 && req->headers[i]; i++)
        list = curl_slist_append(list, req->headers[i]);
    struct upload up = { req->body, req->body ? (req->body_len ? req->body_len : strlen(req->body)) : 0, 0 };
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_headers);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &headers);
    /* RMMSIM_TEST_TIMEOUT: seconds a request may take (30); scripts/valgrind raises it, as
     * memcheck runs the in-process server some 30 times slower. */
    const char *timeout = getenv("RMMSIM_TEST_TIMEOUT");
    long seconds = timeout ? strtol(timeout, NULL, 10) : 0;
    curl_easy_setopt(c, CURLOPT_TIMEOUT, seconds > 0 ? seconds : 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    const char *method = req->method ? req->method : (req->body ? "POST" : "GET");
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (req->body && req->chunked) {
        curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, send_chunk);
        curl_easy_setopt(c, CURLOPT_READDATA, &up);
        list = curl_slist_append(list, "Transfer-Encoding: chunked");
    } else if (req->body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)up.len);
    }
    /* An explicit method always wins: curl would turn a GET with a body into a POST. */
    if (strcmp(method, "HEAD") != 0 && (req->method || strcmp(method, "GET") != 0))
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(list);
    if (rc != CURLE_OK) {
        free(body.data);
        free(headers.data);
        fail_msg("%s %s: %s", method, url, curl_easy_strerror(rc));
    }
    memset(res, 0, sizeof *res);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
    curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &res->connects);
    res->body = body.data ? body.data : strdup("");
    res->body_len = body.len;
    res->headers = headers.data ? headers.data : strdup("");
}

void tl_get(struct rmmsim *sim, const char *path, struct tl_response *res)
{
    struct tl_request req = { .path = path };
    tl_do(sim, &req, res);
}

void tl_post_json(struct rmmsim *sim, const char *path, const char *json, struct tl_response *res)
{
    struct tl_request req = { .method = "POST", .path = path, .body = json,
                              .headers = { "Content-Type: application/json" } };
    tl_do(sim, &req, res);
}

void tl_response_free(struct tl_response *res)
{
    free(res->body);
    free(res->headers);
    memset(res, 0, sizeof *res);
}

cJSON *tl_json(const struct tl_response *res)
{
    cJSON *json = cJSON_ParseWithLength(res->body, res->body_len);
    if (!json)
        fail_msg("response is not JSON (status %ld): %.300s", res->status, res->body);
    return json;
}

const char *tl_header(const struct tl_response *res, const char *name, char *buf, size_t size)
{
    size_t nlen = strlen(name);
    for (const char *line = res->headers; line && *line;) {
        const char *end = strstr(line, "\r\n");
        size_t len = end ? (size_t)(end - line) : strlen(line);
        if (len > nlen && strncasecmp(line, name, nlen) == 0 && line[nlen] == ':') {
            const char *v = line + nlen + 1;
            while (*v == ' ')
                v++;
            size_t vlen = (size_t)(line + len - v);
            snprintf(buf, size, "%.*s", (int)vlen, v);
            return buf;
        }
        line = end ? end + 2 : NULL;
    }
    return NULL;
}

int tl_run(const char *command, char **out)
{
    char full[4096];
    snprintf(full, sizeof full, "%s 2>&1", command);
    FILE *p = popen(full, "r");
    if (!p)
        fail_msg("popen %s", command);
    struct tl_request_buffers b = { 0 };
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        collect(buf, 1, n, &b);
    int status = pclose(p);
    *out = b.data ? b.data : strdup("");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void tl_spawn(const char *const *args, const char *const *env, struct tl_proc *p)
{
    int fds[2];
    if (pipe(fds) != 0)
        fail_msg("pipe");
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork");
    if (pid == 0) {
        /* cmocka's handlers would turn a crash here into a fake test result in the child. */
        signal(SIGSEGV, SIG_DFL);
        signal(SIGABRT, SIG_DFL);
        signal(SIGBUS, SIG_DFL);
        if (p->stderr_path) {
            FILE *err = fopen(p->stderr_path, "w");
            if (err)
                dup2(fileno(err), STDERR_FILENO);
        }
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        for (size_t i = 0; env && env[i]; i++)
            putenv((char *)env[i]);
        const char *argv[32] = { RMMSIM_BIN };
        for (size_t i = 0; args[i] && i < 30; i++)
            argv[i + 1] = args[i];
        execv(RMMSIM_BIN, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    p->pid = pid;
    p->out_fd = fds[0];
    char line[256];
    size_t len = 0;
    struct pollfd pfd = { .fd = fds[0], .events = POLLIN };
    while (len < sizeof line - 1 && !memchr(line, '\n', len)) {
        if (poll(&pfd, 1, 10000) <= 0)
            fail_msg("rmmsim printed no listening line within 10 s");
        ssize_t n = read(fds[0], line + len, sizeof line - 1 - len);
        if (n <= 0) {
            int status;
            waitpid(pid, &status, 0);
            fail_msg("rmmsim exited (status %d) before listening", WEXITSTATUS(status));
        }
        len += (size_t)n;
    }
    line[len] = '\0';
    if (sscanf(line, "rmmsim listening on %127s", p->base_url) != 1)
        fail_msg("unexpected first line: %s", line);
}

int tl_proc_stop(struct tl_proc *p, int sig)
{
    kill(p->pid, sig);
    int status;
    waitpid(p->pid, &status, 0);
    close(p->out_fd);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

char *tl_raw_exchange(struct rmmsim *sim, const char *request, size_t len)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)rmmsim_port(sim)) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    size_t sent = 0;
    while (sent < len) {
        ssize_t n = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
        if (n <= 0)
            break; /* the server may answer and close before reading everything */
        sent += (size_t)n;
    }
    shutdown(fd, SHUT_WR);
    size_t cap = 65536, got = 0;
    char *reply = malloc(cap);
    assert_non_null(reply);
    ssize_t n;
    while (got < cap - 1 && (n = recv(fd, reply + got, cap - 1 - got, 0)) > 0)
        got += (size_t)n;
    reply[got] = '\0';
    close(fd);
    return reply;
}
