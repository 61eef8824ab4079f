/*
 * The simulated clocks: one per tenant plus the process clock (the default tenant's).
 * A clock is an offset from real time plus an optional frozen instant, behind a mutex:
 * it changes only on control-plane calls. Each request thread reads the clock the
 * dispatcher bound to it (F-CTL-010).
 */
#include "core/rm.h"

#include <stdio.h>
#include <time.h>

static struct rm_clock process_clock = { .lock = PTHREAD_MUTEX_INITIALIZER };
/* The clock of the request this thread serves; NULL: the process clock. */
static _Thread_local struct rm_clock *bound;

static int64_t real_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void rm_clock_init(struct rm_clock *c)
{
    *c = (struct rm_clock){ .frozen = false };
    pthread_mutex_init(&c->lock, NULL);
}

void rm_clock_clear(struct rm_clock *c)
{
    pthread_mutex_destroy(&c->lock);
}

struct rm_clock *rm_clock_process(void)
{
    return &process_clock;
}

void rm_clock_bind(struct rm_clock *c)
{
    bound = c;
}

int64_t rm_clock_read(struct rm_clock *c, bool *frozen, int64_t *offset_ms)
{
    int64_t real = real_now_ms();
    pthread_mutex_lock(&c->lock);
    int64_t now = c->frozen ? c->frozen_at_ms : real + c->offset_ms;
    if (frozen)
        *frozen = c->frozen;
    pthread_mutex_unlock(&c->lock);
    if (offset_ms)
        *offset_ms = now - real;
    return now;
}

int64_t rm_clock_now_ms(void)
{
    return rm_clock_read(bound ? bound : &process_clock, NULL, NULL);
}

void rm_clock_set_frozen(struct rm_clock *c, int64_t ms)
{
    pthread_mutex_lock(&c->lock);
    c->frozen = true;
    c->frozen_at_ms = ms;
    pthread_mutex_unlock(&c->lock);
}

void rm_clock_move(struct rm_clock *c, int64_t delta_ms)
{
    pthread_mutex_lock(&c->lock);
    if (c->frozen)
        c->frozen_at_ms += delta_ms;
    else
        c->offset_ms += delta_ms;
    pthread_mutex_unlock(&c->lock);
}

void rm_clock_set_real(struct rm_clock *c)
{
    pthread_mutex_lock(&c->lock);
    c->frozen = false;
    c->offset_ms = 0;
    pthread_mutex_unlock(&c->lock);
}

void rm_clock_freeze(int64_t ms)
{
    rm_clock_set_frozen(&process_clock, ms);
}

void rm_clock_advance(int64_t delta_ms)
{
    rm_clock_move(&process_clock, delta_ms);
}

void rm_clock_unfreeze(void)
{
    rm_clock_set_real(&process_clock);
}

bool rm_clock_is_frozen(void)
{
    bool f;
    rm_clock_read(&process_clock, &f, NULL);
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
