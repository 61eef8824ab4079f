/*
 * The simulated clock. Its state is an offset from real time plus an optional frozen
 * instant, kept behind a mutex: it changes only on control-plane calls, and reads are
 * a lock and two loads.
 */
#include "core/rm.h"

#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t clock_lock = PTHREAD_MUTEX_INITIALIZER;
static bool frozen;
static int64_t frozen_at_ms; /* valid while frozen */
static int64_t offset_ms;    /* added to real time while not frozen */

static int64_t real_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t rm_clock_now_ms(void)
{
    pthread_mutex_lock(&clock_lock);
    int64_t now = frozen ? frozen_at_ms : real_now_ms() + offset_ms;
    pthread_mutex_unlock(&clock_lock);
    return now;
}

void rm_clock_freeze(int64_t ms)
{
    pthread_mutex_lock(&clock_lock);
    frozen = true;
    frozen_at_ms = ms;
    pthread_mutex_unlock(&clock_lock);
}

void rm_clock_advance(int64_t delta_ms)
{
    pthread_mutex_lock(&clock_lock);
    if (frozen)
        frozen_at_ms += delta_ms;
    else
        offset_ms += delta_ms;
    pthread_mutex_unlock(&clock_lock);
}

void rm_clock_unfreeze(void)
{
    pthread_mutex_lock(&clock_lock);
    frozen = false;
    offset_ms = 0;
    pthread_mutex_unlock(&clock_lock);
}

bool rm_clock_is_frozen(void)
{
    pthread_mutex_lock(&clock_lock);
    bool f = frozen;
    pthread_mutex_unlock(&clock_lock);
    return f;
}

uint64_t rm_clock_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void rm_clock_format_iso(int64_t ms, char out[32])
{
    time_t secs = (time_t)(ms / 1000);
    int frac = (int)(ms % 1000);
    if (frac < 0) { /* before 1970: keep the fraction positive */
        frac += 1000;
        secs -= 1;
    }
    struct tm tm;
    gmtime_r(&secs, &tm);
    /* The modulos bound each field, so the compiler can see the text fits in 32 bytes. */
    snprintf(out, 32, "%04u-%02u-%02uT%02u:%02u:%02u.%03uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
             (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u,
             (unsigned)frac % 1000u);
}
