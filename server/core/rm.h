/*
 * Shared basics of the core: internal error codes, the arena, the log and the clock.
 * Internal functions return 0 or a negative RM_E* code; results go through out-parameters.
 */
#ifndef RMMSIM_RM_H
#define RMMSIM_RM_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RM_OK 0
#define RM_ENOMEM (-1)    /* allocation failed */
#define RM_ENOTFOUND (-2) /* the named thing does not exist */
#define RM_EINVAL (-3)    /* bad input; a message says which */
#define RM_EDB (-4)       /* SQLite failed */
#define RM_ELIMIT (-5)    /* a configured limit was reached */
#define RM_EIO (-6)       /* a file or socket failed */
#define RM_EEXIST (-7)    /* the named thing exists already */

#define RM_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Marks printf-like functions so -Wformat checks their callers. */
#define RM_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))

/* ---- arena.c: a bump allocator per request ----
 * Nothing is freed piecewise; rm_arena_clear() frees everything at once and runs the
 * deferred callbacks (newest first). Reaching the byte cap sets a sticky failure flag:
 * every later allocation returns NULL and the request ends with a limit error. */

struct rm_arena_chunk;
struct rm_arena_defer;

#define RM_ARENA_INLINE 4096

struct rm_arena {
    struct rm_arena_chunk *chunks; /* heap chunks, newest first */
    unsigned char *cur;            /* free space of the current chunk */
    size_t left;                   /* bytes left at cur */
    size_t total;                  /* bytes taken from the heap, for the cap */
    size_t cap;                    /* 0 = unlimited */
    bool failed;                   /* sticky: an allocation was refused */
    struct rm_arena_defer *defers; /* callbacks for rm_arena_clear */
    _Alignas(16) unsigned char first[RM_ARENA_INLINE]; /* first chunk, no malloc */
};

void rm_arena_init(struct rm_arena *a, size_t cap);
/* Frees every chunk and runs the deferred callbacks; the arena is reusable after. */
void rm_arena_clear(struct rm_arena *a);
/* Memory valid until rm_arena_clear, 16-byte aligned; NULL once the cap is reached. */
void *rm_arena_alloc(struct rm_arena *a, size_t size);
void *rm_arena_calloc(struct rm_arena *a, size_t count, size_t size);
/* NUL-terminated copy of the first n bytes of s (n may cover embedded NULs). */
char *rm_arena_strndup(struct rm_arena *a, const char *s, size_t n);
char *rm_arena_strdup(struct rm_arena *a, const char *s);
char *rm_arena_printf(struct rm_arena *a, const char *fmt, ...) RM_PRINTF(2, 3);
/* Calls fn(p) at rm_arena_clear. Returns RM_ENOMEM (and calls fn(p) now) on failure, so
 * the caller never leaks p. */
int rm_arena_defer(struct rm_arena *a, void (*fn)(void *), void *p);

/* ---- log.c ---- */
enum rm_log_level { RM_LOG_DEBUG, RM_LOG_INFO, RM_LOG_WARN, RM_LOG_ERROR, RM_LOG_OFF };

/* Parses "debug", "info", "warn", "error", "off". Returns RM_EINVAL for anything else. */
int rm_log_level_parse(const char *name, enum rm_log_level *out);
void rm_log_set_level(enum rm_log_level level);
bool rm_log_enabled(enum rm_log_level level);
/* One line to stderr with a UTC timestamp and the level. Thread-safe. */
void rm_log(enum rm_log_level level, const char *fmt, ...) RM_PRINTF(2, 3);

/* ---- clock.c ----
 * The one source of "now" for everything a client can see. Each tenant has its own clock
 * (F-CTL-010); the default tenant's is the process clock. The dispatcher binds a request's
 * thread to its tenant's clock (rm_clock_bind) before any handler runs, so code that runs
 * for a request calls rm_clock_now_ms() and needs no tenant: API code must never read
 * the real time itself (F-CTL-014). Outside a request (no clock bound) it reads the
 * process clock. */

/* Real time moved by an offset, or frozen at an instant. */
struct rm_clock {
    pthread_mutex_t lock; /* reads are a lock and two loads; writes come from /__admin/clock */
    bool frozen;
    int64_t frozen_at_ms; /* valid while frozen */
    int64_t offset_ms;    /* added to real time while not frozen */
};

/* A clock at real time; rm_clock_clear frees what init took. */
void rm_clock_init(struct rm_clock *c);
void rm_clock_clear(struct rm_clock *c);
/* The process clock (static storage): the default tenant's, and the one read outside requests. */
struct rm_clock *rm_clock_process(void);
/* Makes c the calling thread's clock until the next bind; NULL binds the process clock.
 * The caller keeps c alive while bound (the dispatcher: for the request's lifetime). */
void rm_clock_bind(struct rm_clock *c);
/* Milliseconds since the Unix epoch, as the calling thread's bound clock says. */
int64_t rm_clock_now_ms(void);
/* c's time now; *frozen and *offset_ms (its distance from real time) when not NULL. */
int64_t rm_clock_read(struct rm_clock *c, bool *frozen, int64_t *offset_ms);
/* c stops at ms until it is moved or set real. */
void rm_clock_set_frozen(struct rm_clock *c, int64_t ms);
/* c moves by delta_ms (negative: back), frozen or not. */
void rm_clock_move(struct rm_clock *c, int64_t delta_ms);
/* c returns to real time (no offset, not frozen). */
void rm_clock_set_real(struct rm_clock *c);
/* The same four on the process clock, for in-process tests. */
void rm_clock_freeze(int64_t ms);
void rm_clock_advance(int64_t delta_ms);
void rm_clock_unfreeze(void);
bool rm_clock_is_frozen(void);
/* A monotonic time in nanoseconds, for measuring latency; never simulated. */
uint64_t rm_clock_mono_ns(void);
/* Years 1 to 9999: the instants every API can write as a date with a four-digit year. Clocks
 * are kept within them (F-CTL-015), and times clients send are checked against them. */
#define RM_TIME_MIN_MS (-62135596800000LL) /* 0001-01-01T00:00:00.000Z */
#define RM_TIME_MAX_MS 253402300799999LL   /* 9999-12-31T23:59:59.999Z */
/* Writes "2026-11-24T11:07:04.123Z" (24 characters and a NUL) for ms. */
void rm_clock_format_iso(int64_t ms, char out[32]);

/* ---- text.c ---- */

/* Whether s[0..len) is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF). */
bool rm_utf8_valid(const char *s, size_t len);
/* Code points in a valid UTF-8 string. */
size_t rm_utf8_length(const char *s);
/* Whether name[0..len) is one of the comma-separated names in list ("a,b,c"). */
bool rm_list_has(const char *list, const char *name, size_t len);
/* An e-mail address as common backends check it (F-RP-016): ASCII only; the local part of
 * RFC 5322 atext and inner dots (at most 64); a domain of letter/digit/hyphen labels whose
 * last is 2+ letters; at most 254 bytes in all. */
bool rm_email_valid(const char *s);
/* Decodes base64 as PHP's base64_decode($s, true): white space is skipped, any other
 * character outside the alphabet, or text after the padding, is RM_EINVAL. out needs
 * len * 3 / 4 + 3 bytes; *out_len gets the decoded length. */
int rm_base64_decode(const char *s, size_t len, unsigned char *out, size_t *out_len);
/* Standard base64 with padding; out needs (len + 2) / 3 * 4 + 1 bytes (NUL-terminated). */
void rm_base64_encode(const unsigned char *in, size_t len, char *out);
/* Fills out with 2 * nbytes random hex digits and a NUL (getrandom; never blocks after boot). */
int rm_random_hex(char *out, size_t nbytes);
/* Whether v is a whole number that int64_t holds (NaN and the infinities are not); if so,
 * *out gets it. Casting any other double to an integer is undefined behaviour, and a JSON
 * number can be any double. */
bool rm_double_to_int64(double v, int64_t *out);
/* A JSON number as the backends print one they read as text: a whole number in int64_t's
 * range as an integer ("42"), any other with 17 significant digits ("1e+20"). */
#define RM_NUMBER_TEXT_MAX 32
void rm_number_text(double v, char out[RM_NUMBER_TEXT_MAX]);

#endif
