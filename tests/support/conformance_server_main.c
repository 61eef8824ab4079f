/* The GraphQL conformance server: what tests/conformance's check.mjs, audit.mjs and
 * roundtrip.mjs run against (tests/support/conformance.sh starts it for ctest).
 * Usage: rmmsim-conformance-server [DIR]   DIR holds schema.graphql and data.json (default:
 * the source tree's tests/conformance). Prints "listening on URL" when it accepts
 * connections; stops on SIGINT or SIGTERM. */
#include "conformance_server.h"

#include <signal.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : RMMSIM_SOURCE_DIR "/tests/conformance";
    if (argc > 2) {
        fprintf(stderr, "usage: %s [DIR]\n", argv[0]);
        return 2;
    }
    rm_log_set_level(RM_LOG_WARN);
    /* Blocked before the server's threads start, so they inherit the mask and sigwait
     * below is the one place the signals arrive. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    char err[512];
    struct conformance_server *s = conformance_server_start(dir, NULL, 0, err, sizeof err);
    if (!s) {
        fprintf(stderr, "rmmsim-conformance-server: %s\n", err);
        return 1;
    }
    printf("listening on %s\n", conformance_server_url(s));
    fflush(stdout);
    int sig;
    sigwait(&stop, &sig);
    conformance_server_stop(s);
    return 0;
}
