/*
 * Logging: one line per event on stderr, "TIMESTAMP LEVEL message". The line is formatted
 * into one buffer and written with a single write(2), so lines from many threads never
 * interleave and no lock is needed.
 */
#include "core/rm.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static _Atomic int current_level = RM_LOG_INFO;

static const char *const level_names[] = {
    [RM_LOG_DEBUG] = "debug", [RM_LOG_INFO] = "info",   [RM_LOG_WARN] = "warn",
    [RM_LOG_ERROR] = "error", [RM_LOG_OFF] = "off",
};

int rm_log_level_parse(const char *name, enum rm_log_level *out)
{
    for (size_t i = 0; i < RM_ARRAY_LEN(level_names); i++) {
        if (strcmp(name, level_names[i]) == 0) {
            *out = (enum rm_log_level)i;
            return RM_OK;
        }
    }
    return RM_EINVAL;
}

void rm_log_set_level(enum rm_log_level level)
{
    atomic_store(&current_level, (int)level);
}

bool rm_log_enabled(enum rm_log_level level)
{
    return level != RM_LOG_OFF && (int)level >= atomic_load(&current_level);
}

void rm_log(enum rm_log_level level, const char *fmt, ...)
{
    if (!rm_log_enabled(level))
        return;
    char line[2048];
    /* Log lines carry the real wall time: they are for people reading the log, and a
     * frozen simulated clock would make every line look simultaneous. */
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    char stamp[32];
    rm_clock_format_iso((int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, stamp);
    int n = snprintf(line, sizeof line, "%s %-5s ", stamp, level_names[level]);
    va_list ap;
    va_start(ap, fmt);
    int m = vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
    va_end(ap);
    size_t len = (size_t)n + (m < 0 ? 0 : (size_t)m);
    if (len > sizeof line - 2)
        len = sizeof line - 2; /* truncated: keep the newline */
    line[len++] = '\n';
    ssize_t ignored = write(STDERR_FILENO, line, len);
    (void)ignored;
}
