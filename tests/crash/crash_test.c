/*
 * Crash safety (issue 8): the real rmmsim binary with --db PATH (the default tenant in a
 * SQLite file, WAL) takes a write load from a few connections (OCO computer.create and
 * RemotePC user/invite, each a unique name; every write whose acknowledgement arrived is
 * recorded), is killed with SIGKILL at a random moment, and restarted on the same file.
 * After each kill the file (with its WAL, copied as the next start would find it) passes
 * PRAGMA integrity_check, and after each restart every acknowledged write of every round
 * so far is listed by the APIs (RemotePC user/list, OCO computer.list).
 */
#include "testlib.h"
#include "../../bench/rawhttp.h"

#include <pthread.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 3
#define WRITERS 4
#define MAX_WRITES 20000 /* per writer and round */
#define BUF_SIZE (1 << 20)

struct writer {
    int port, round, id;
    long acked_computers, acked_invites; /* sequence numbers 0.. of acknowledged writes */
    unsigned char acked[MAX_WRITES];     /* [seq]: 1 when acknowledged */
    char error[300];                     /* a reply that was neither an ack nor a cut */
};

static struct writer writers[ROUNDS][WRITERS];

/* Writes until the server goes away: even sequence numbers create an OCO computer
 * "cr{round}w{id}n{seq}", odd ones invite "cr{round}w{id}n{seq}@crash.example". */
static void *write_until_killed(void *arg)
{
    struct writer *w = arg;
    char *buf = malloc(BUF_SIZE), body[512], req[1024];
    int fd = raw_connect(w->port);
    for (long seq = 0; buf && fd >= 0 && seq < MAX_WRITES; seq++) {
        const char *reply = NULL;
        if (seq % 2 == 0)
            snprintf(body, sizeof body,
                     "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.create\","
                     "\"params\":{\"api_key\":\"demo-oco-api-key\",\"data\":"
                     "{\"hostname\":\"cr%dw%dn%ld\"}}}",
                     w->round, w->id, seq);
        else
            snprintf(body, sizeof body, "{\"email\":[\"cr%dw%dn%ld@crash.example\"]}", w->round,
                     w->id, seq);
        int len = snprintf(req, sizeof req,
                           "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n"
                           "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                           seq % 2 == 0 ? "/api-client.php" : "/rpcnew/api/msp/user/invite",
                           seq % 2 == 0 ? "Authorization: Basic YWRtaW46YWRtaW4="
                                        : "Authorization: Bearer demo-enterprise-key",
                           strlen(body), body);
        if (send(fd, req, (size_t)len, MSG_NOSIGNAL) != len)
            break;
        int status = raw_read_reply(fd, buf, BUF_SIZE, &reply);
        if (status < 0)
            break; /* killed: this write's outcome is unknown, so it is not counted */
        int ok = status == 200 && reply &&
                 (seq % 2 == 0 ? strstr(reply, "\"success\":true") != NULL
                               : strstr(reply, "crash.example\"]") != NULL);
        if (!ok) {
            snprintf(w->error, sizeof w->error, "write %ld answered %d: %.200s", seq, status,
                     reply ? reply : "");
            break;
        }
        w->acked[seq] = 1;
        if (seq % 2 == 0)
            w->acked_computers++;
        else
            w->acked_invites++;
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    return NULL;
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(out);
    char chunk[65536];
    size_t n;
    while (in && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
        assert_int_equal(fwrite(chunk, 1, n, out), n);
    if (in)
        fclose(in);
    fclose(out);
}

/* PRAGMA integrity_check on a copy of db and its WAL, as the next start would open them. */
static void check_integrity(const char *db, const char *dir)
{
    char from[512], copy[512];
    snprintf(copy, sizeof copy, "%s/copy.db", dir);
    copy_file(db, copy);
    snprintf(from, sizeof from, "%s-wal", db);
    char copy_wal[520];
    snprintf(copy_wal, sizeof copy_wal, "%s-wal", copy);
    if (access(from, F_OK) == 0)
        copy_file(from, copy_wal);
    else
        unlink(copy_wal);
    sqlite3 *s = NULL;
    assert_int_equal(sqlite3_open(copy, &s), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(s, "PRAGMA integrity_check", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(s);
    unlink(copy);
    unlink(copy_wal);
    char shm[520];
    snprintf(shm, sizeof shm, "%s-shm", copy);
    unlink(shm);
}

/* Whether list (a JSON array) has an object whose field is name. */
static int has(const cJSON *list, const char *field, const char *name, int *cursor)
{
    int n = cJSON_GetArraySize(list);
    for (int k = 0; k < n; k++) {
        int i = (*cursor + k) % n;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list, i), field);
        if (cJSON_IsString(v) && strcmp(v->valuestring, name) == 0) {
            *cursor = i + 1;
            return 1;
        }
    }
    return 0;
}

/* Every acknowledged write of rounds 0..last is listed; returns how many were checked. */
static long check_acknowledged(const char *base_url, int last)
{
    struct tl_response res;
    struct tl_request computers = {
        .method = "POST", .path = "/api-client.php",
        .headers = { "Authorization: Basic YWRtaW46YWRtaW4=", "Content-Type: application/json" },
        .body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"oco.computer.list\","
                "\"params\":{\"api_key\":\"demo-oco-api-key\",\"data\":{}}}" };
    tl_do_url(base_url, &computers, &res);
    assert_int_equal(res.status, 200);
    cJSON *oco = tl_json(&res);
    tl_response_free(&res);
    const cJSON *hosts = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(oco, "result"), "data"),
        "computers");
    assert_true(cJSON_IsArray(hosts));

    cJSON *users = cJSON_CreateArray();
    for (int page = 1, pages = 1; page <= pages; page++) {
        char body[128];
        snprintf(body, sizeof body, "{\"pageIndex\":%d,\"recordPerPage\":500}", page);
        struct tl_request list = { .method = "GET", .path = "/rpcnew/api/msp/user/list",
                                   .headers = { "Authorization: Bearer demo-enterprise-key",
                                                "Content-Type: application/json" },
                                   .body = body };
        tl_do_url(base_url, &list, &res);
        assert_int_equal(res.status, 200);
        cJSON *root = tl_json(&res);
        tl_response_free(&res);
        cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "message");
        pages = cJSON_GetObjectItemCaseSensitive(
                    cJSON_GetObjectItemCaseSensitive(m, "pagination"), "total_page_count")
                    ->valueint;
        cJSON *u;
        cJSON *page_users = cJSON_DetachItemFromObjectCaseSensitive(m, "users");
        while ((u = cJSON_DetachItemFromArray(page_users, 0)))
            cJSON_AddItemToArray(users, u);
        cJSON_Delete(page_users);
        cJSON_Delete(root);
    }

    long checked = 0;
    int c_cursor = 0, u_cursor = 0;
    for (int r = 0; r <= last; r++)
        for (int w = 0; w < WRITERS; w++)
            for (long seq = 0; seq < MAX_WRITES; seq++) {
                if (!writers[r][w].acked[seq])
                    continue;
                char name[96];
                if (seq % 2 == 0) {
                    snprintf(name, sizeof name, "cr%dw%dn%ld", r, w, seq);
                    if (!has(hosts, "hostname", name, &c_cursor))
                        fail_msg("acknowledged computer %s is missing", name);
                } else {
                    snprintf(name, sizeof name, "cr%dw%dn%ld@crash.example", r, w, seq);
                    if (!has(users, "username", name, &u_cursor))
                        fail_msg("acknowledged invite %s is missing", name);
                }
                checked++;
            }
    cJSON_Delete(users);
    cJSON_Delete(oco);
    tl_thread_done();
    return checked;
}

static int port_of(const char *base_url)
{
    const char *colon = strrchr(base_url, ':');
    return colon ? atoi(colon + 1) : 0;
}

static void acknowledged_writes_survive_kill_9(void **state)
{
    (void)state;
    char dir[] = "/tmp/rmmsim-crash-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[256];
    snprintf(db, sizeof db, "%s/state.db", dir);
    const char *args[] = { "--listen", "127.0.0.1:0", "--log-level", "off", "--db", db,
                           "--fixture", "default", NULL };
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    struct tl_proc p = { 0 };
    tl_spawn(args, NULL, &p);
    for (int r = 0; r < ROUNDS; r++) {
        pthread_t threads[WRITERS];
        for (int w = 0; w < WRITERS; w++) {
            writers[r][w] = (struct writer){ .port = port_of(p.base_url), .round = r, .id = w };
            pthread_create(&threads[w], NULL, write_until_killed, &writers[r][w]);
        }
        unsigned ms = 300 + (unsigned)(rand() % 1200); /* a random moment in the load */
        usleep(ms * 1000);
        assert_int_equal(tl_proc_stop(&p, SIGKILL), 128 + SIGKILL);
        long computers = 0, invites = 0;
        for (int w = 0; w < WRITERS; w++) {
            pthread_join(threads[w], NULL);
            if (writers[r][w].error[0])
                fail_msg("round %d writer %d: %s", r + 1, w, writers[r][w].error);
            computers += writers[r][w].acked_computers;
            invites += writers[r][w].acked_invites;
        }
        check_integrity(db, dir);
        tl_spawn(args, NULL, &p);
        long checked = check_acknowledged(p.base_url, r);
        printf("crash round %d: SIGKILL after %u ms, %ld computers + %ld invites acknowledged; "
               "integrity ok; all %ld acknowledged writes so far present after restart\n",
               r + 1, ms, computers, invites, checked);
        assert_true(computers + invites > 0);
    }
    assert_int_equal(tl_proc_stop(&p, SIGTERM), 0);
    check_integrity(db, dir);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(acknowledged_writes_survive_kill_9),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
