/*
 * rmmsim: the command line. Flags and RMMSIM_* environment variables become options;
 * SIGINT/SIGTERM stop the server cleanly. Everything else lives in the library.
 */
#include "rmmsim.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_USAGE 2

static const char usage_text[] =
    "Usage: rmmsim [OPTION]...\n"
    "Fake RemotePC (Enterprise, Reseller), pcvisit (GraphQL) and OCO (JSON-RPC) APIs for\n"
    "offline integration tests, with real stored state.\n"
    "\n"
    "  --listen ADDR:PORT     address to serve on (default 127.0.0.1:8080; port 0 = any free port)\n"
    "  --db PATH|:memory:     keep the default tenant in a SQLite file that survives restarts\n"
    "                         (default :memory:)\n"
    "  --fixture NAME|PATH    data set to start from: default, empty, or a JSON file\n"
    "                         (default default)\n"
    "  --threads N            worker threads = connections served at once, 1-1024 (default 64)\n"
    "  --log-level LEVEL      debug, info (one line per request), warn, error, off (default info)\n"
    "  --max-body BYTES       largest request body accepted; larger gets 413 (default 1048576)\n"
    "  --journal-size N       requests kept for GET /__admin/requests, 0-100000; 0 records\n"
    "                         nothing (default 1000)\n"
    "  --max-tenants N        tenants POST /__admin/tenants may make besides the default one,\n"
    "                         1-100000; more get 409 (default 1000, ~1.6 MB each)\n"
    "  --no-admin             turn the control plane off: /__admin/ paths answer 404\n"
    "  --admin-token TOKEN    control-plane requests need 'Authorization: Bearer TOKEN', else\n"
    "                         401 (/__admin/health and the admin page's files stay open)\n"
    "  --help                 show this help and exit\n"
    "  --version              show the version and exit\n"
    "\n"
    "Each option can also be set by an environment variable: RMMSIM_LISTEN, RMMSIM_DB,\n"
    "RMMSIM_FIXTURE, RMMSIM_THREADS, RMMSIM_LOG_LEVEL, RMMSIM_MAX_BODY, RMMSIM_JOURNAL_SIZE,\n"
    "RMMSIM_MAX_TENANTS, RMMSIM_NO_ADMIN (1 or 0), RMMSIM_ADMIN_TOKEN. Flags win.\n"
    "\n"
    "Served paths: /rpcnew/api/msp/ (RemotePC Enterprise), /rpc-api/reseller/private/user/\n"
    "(RemotePC Reseller), /graphql (pcvisit), /api-client.php (OCO), /__admin/ (control plane).\n";

enum { OPT_LISTEN = 1, OPT_DB, OPT_FIXTURE, OPT_THREADS, OPT_LOG_LEVEL, OPT_MAX_BODY,
       OPT_JOURNAL_SIZE, OPT_MAX_TENANTS, OPT_NO_ADMIN, OPT_ADMIN_TOKEN, OPT_HELP, OPT_VERSION };

static const struct option long_options[] = {
    { "listen", required_argument, NULL, OPT_LISTEN },
    { "db", required_argument, NULL, OPT_DB },
    { "fixture", required_argument, NULL, OPT_FIXTURE },
    { "threads", required_argument, NULL, OPT_THREADS },
    { "log-level", required_argument, NULL, OPT_LOG_LEVEL },
    { "max-body", required_argument, NULL, OPT_MAX_BODY },
    { "journal-size", required_argument, NULL, OPT_JOURNAL_SIZE },
    { "max-tenants", required_argument, NULL, OPT_MAX_TENANTS },
    { "no-admin", no_argument, NULL, OPT_NO_ADMIN },
    { "admin-token", required_argument, NULL, OPT_ADMIN_TOKEN },
    { "help", no_argument, NULL, OPT_HELP },
    { "version", no_argument, NULL, OPT_VERSION },
    { NULL, 0, NULL, 0 },
};

/* The environment variable behind each option, applied before the flags. */
static const struct {
    int opt;
    const char *env;
} env_options[] = {
    { OPT_LISTEN, "RMMSIM_LISTEN" },       { OPT_DB, "RMMSIM_DB" },
    { OPT_FIXTURE, "RMMSIM_FIXTURE" },     { OPT_THREADS, "RMMSIM_THREADS" },
    { OPT_LOG_LEVEL, "RMMSIM_LOG_LEVEL" }, { OPT_MAX_BODY, "RMMSIM_MAX_BODY" },
    { OPT_JOURNAL_SIZE, "RMMSIM_JOURNAL_SIZE" }, { OPT_MAX_TENANTS, "RMMSIM_MAX_TENANTS" },
    { OPT_NO_ADMIN, "RMMSIM_NO_ADMIN" },         { OPT_ADMIN_TOKEN, "RMMSIM_ADMIN_TOKEN" },
};

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "rmmsim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage_text);
    return EXIT_USAGE;
}

static bool parse_number(const char *s, long long min, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

static bool valid_log_level(const char *s)
{
    static const char *const levels[] = { "debug", "info", "warn", "error", "off" };
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strcmp(s, levels[i]) == 0)
            return true;
    return false;
}

/* Applies one option value; returns 0 or EXIT_USAGE after printing why. */
static int apply_option(struct rmmsim_options *opts, int opt, const char *value, const char *from)
{
    long long n;
    switch (opt) {
    case OPT_LISTEN:
        if (!strchr(value, ':'))
            return usage_error("invalid listen address '%s' (want ADDR:PORT)", value);
        opts->listen = value;
        return 0;
    case OPT_DB:
        if (!*value)
            return usage_error("%s needs a path or :memory:", from);
        opts->db_path = value;
        return 0;
    case OPT_FIXTURE:
        if (!*value)
            return usage_error("%s needs a fixture name or path", from);
        opts->fixture = value;
        return 0;
    case OPT_THREADS:
        if (!parse_number(value, 1, 1024, &n))
            return usage_error("invalid thread count '%s' (want 1-1024)", value);
        opts->threads = (int)n;
        return 0;
    case OPT_LOG_LEVEL:
        if (!valid_log_level(value))
            return usage_error("invalid log level '%s' (want debug, info, warn, error, off)",
                               value);
        opts->log_level = value;
        return 0;
    case OPT_MAX_BODY:
        if (!parse_number(value, 1, 1LL << 30, &n))
            return usage_error("invalid body limit '%s' (want 1 to 1073741824 bytes)", value);
        opts->max_body = (size_t)n;
        return 0;
    case OPT_JOURNAL_SIZE:
        if (!parse_number(value, 0, 100000, &n))
            return usage_error("invalid journal size '%s' (want 0 to 100000 requests)", value);
        opts->journal_size = (size_t)n;
        return 0;
    case OPT_MAX_TENANTS:
        if (!parse_number(value, 1, 100000, &n))
            return usage_error("invalid tenant limit '%s' (want 1 to 100000 tenants)", value);
        opts->max_tenants = (size_t)n;
        return 0;
    case OPT_NO_ADMIN: /* the flag has no value; RMMSIM_NO_ADMIN is 1 or 0 */
        if (!value)
            value = "1";
        if (strcmp(value, "1") != 0 && strcmp(value, "0") != 0)
            return usage_error("invalid RMMSIM_NO_ADMIN '%s' (want 1 or 0)", value);
        opts->no_admin = value[0] == '1';
        return 0;
    case OPT_ADMIN_TOKEN:
        if (!*value)
            return usage_error("%s needs a token", from);
        for (const char *p = value; *p; p++)
            if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
                return usage_error("%s: the token must be printable ASCII without spaces", from);
        opts->admin_token = value;
        return 0;
    }
    return EXIT_USAGE;
}

/* Fills opts from the environment, then argv. Returns -1 to go on, else an exit code. */
static int parse_command_line(int argc, char **argv, struct rmmsim_options *opts)
{
    for (size_t i = 0; i < sizeof env_options / sizeof env_options[0]; i++) {
        const char *value = getenv(env_options[i].env);
        if (value && apply_option(opts, env_options[i].opt, value, env_options[i].env) != 0)
            return EXIT_USAGE;
    }
    opterr = 0; /* we word the errors ourselves */
    int opt, index = 0;
    while ((opt = getopt_long(argc, argv, "", long_options, &index)) != -1) {
        char flag[32];
        snprintf(flag, sizeof flag, "--%s", long_options[index].name);
        switch (opt) {
        case OPT_HELP:
            fputs(usage_text, stdout);
            return EXIT_SUCCESS;
        case OPT_VERSION:
            printf("rmmsim %s\n", RMMSIM_VERSION);
            return EXIT_SUCCESS;
        case '?':
            /* getopt_long sets optopt to the option's value when the option is known but
             * its argument is wrong, and to 0 for an unknown option. */
            for (const struct option *o = long_options; optopt && o->name; o++)
                if (o->val == optopt)
                    return usage_error(o->has_arg ? "option --%s needs a value"
                                                  : "option --%s takes no value",
                                       o->name);
            return usage_error("unknown option %s", argv[optind - 1]);
        default:
            if (apply_option(opts, opt, optarg, flag) != 0)
                return EXIT_USAGE;
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    return -1;
}

int main(int argc, char **argv)
{
    struct rmmsim_options opts;
    rmmsim_options_init(&opts);
    int code = parse_command_line(argc, argv, &opts);
    if (code >= 0)
        return code;

    /* Block the stop signals before any thread starts, so every server thread inherits
     * the mask and only sigwait below receives them. */
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    char err[512];
    struct rmmsim *sim = rmmsim_start(&opts, err, sizeof err);
    if (!sim) {
        fprintf(stderr, "rmmsim: %s\n", err);
        return EXIT_FAILURE;
    }
    printf("rmmsim listening on %s\n", rmmsim_base_url(sim));
    fflush(stdout);

    int sig;
    sigwait(&stop_signals, &sig);
    rmmsim_stop(sim);
    return EXIT_SUCCESS;
}
