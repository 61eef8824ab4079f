/*
 * /__admin/clock: read, freeze, move or release the clock of the request's tenant
 * (docs/control-plane.md "Clock", F-CTL-010..014).
 */
#include "control/control_int.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

/* No clock moves further than this in one call (about 110 years): keeps sums in range. */
#define MAX_SHIFT_MS (40000LL * 24 * 3600 * 1000)
/* F-CTL-015: a clock is never set outside RM_TIME_MIN_MS..RM_TIME_MAX_MS. */
#define OUT_OF_RANGE "the clock must stay from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z"

/* {"tenant", "now", "nowMs", "frozen", "offsetMs"} of the request's tenant. */
static void reply_clock(struct http_req *req, struct http_res *res)
{
    bool frozen;
    int64_t offset;
    int64_t now = rm_clock_read(store_tenant_clock(req->tenant), &frozen, &offset);
    char iso[32];
    rm_clock_format_iso(now, iso);
    cJSON *out = cJSON_CreateObject();
    cJSON_AddStringToObject(out, "tenant", store_tenant_id(req->tenant));
    cJSON_AddStringToObject(out, "now", iso);
    cJSON_AddNumberToObject(out, "nowMs", (double)now);
    cJSON_AddBoolToObject(out, "frozen", frozen);
    cJSON_AddNumberToObject(out, "offsetMs", (double)offset);
    http_res_json_take(req, res, 200, out);
}

void ctl__clock_get(struct http_req *req, struct http_res *res)
{
    reply_clock(req, res);
}

/* An ISO 8601 duration to milliseconds (F-CTL-013): an optional '-', 'P', then weeks
 * ("P2W") or days and a time part ("P1DT2H30M", "PT0.5S"); only seconds take a fraction.
 * Years and months have no fixed length and are refused. RM_EINVAL when malformed. */
static int parse_duration(const char *s, int64_t *ms_out)
{
    static const struct {
        char unit;
        bool time; /* after 'T' */
        int64_t ms;
    } units[] = {
        {'W', false, 7 * 86400000LL}, {'D', false, 86400000LL}, {'H', true, 3600000LL},
        {'M', true, 60000LL},         {'S', true, 1000LL},
    };
    bool negative = *s == '-';
    s += negative;
    if (*s++ != 'P' || !*s)
        return RM_EINVAL;
    bool in_time = false;
    size_t next = 0; /* units must come in table order */
    int64_t total = 0;
    while (*s) {
        if (*s == 'T' && !in_time) {
            in_time = true;
            if (!*++s)
                return RM_EINVAL;
            continue;
        }
        if (!isdigit((unsigned char)*s))
            return RM_EINVAL;
        int64_t whole = 0, frac_ms = 0;
        int digits = 0;
        for (; isdigit((unsigned char)*s); s++)
            if (++digits > 9 || (whole = whole * 10 + (*s - '0')) < 0)
                return RM_EINVAL;
        bool fraction = *s == '.' || *s == ',';
        if (fraction) {
            int64_t scale = 100;
            if (!isdigit((unsigned char)*++s))
                return RM_EINVAL;
            for (; isdigit((unsigned char)*s); s++, scale /= 10)
                frac_ms += (*s - '0') * scale; /* past milliseconds the digits add 0 */
        }
        size_t u = next;
        while (u < RM_ARRAY_LEN(units) && (units[u].unit != *s || units[u].time != in_time))
            u++;
        if (u == RM_ARRAY_LEN(units) || (fraction && units[u].unit != 'S'))
            return RM_EINVAL;
        total += whole * units[u].ms + frac_ms;
        if (total > MAX_SHIFT_MS)
            return RM_EINVAL;
        next = u + 1;
        s++;
    }
    if (next == 0)
        return RM_EINVAL;
    *ms_out = negative ? -total : total;
    return RM_OK;
}

/* Moves c by delta_ms (at most MAX_SHIFT_MS, so the sum cannot overflow) unless that leaves
 * the range; NULL, or the message for the 400. */
static const char *move_within_range(struct rm_clock *c, int64_t delta_ms)
{
    int64_t to = rm_clock_read(c, NULL, NULL) + delta_ms;
    if (to < RM_TIME_MIN_MS || to > RM_TIME_MAX_MS)
        return OUT_OF_RANGE;
    rm_clock_move(c, delta_ms);
    return NULL;
}

/* The one operation a POST body asks for. */
enum op { OP_FREEZE, OP_ADVANCE, OP_ADVANCE_MS, OP_REAL };
static const char *const op_names[] = {"freeze", "advance", "advanceMs", "real"};

/* Applies op with value v to c; on bad input returns the message for the 400. */
static const char *apply(struct rm_clock *c, enum op op, const cJSON *v)
{
    int64_t ms;
    switch (op) {
    case OP_FREEZE: /* F-CTL-012 */
        if (cJSON_IsTrue(v)) {
            rm_clock_set_frozen(c, rm_clock_read(c, NULL, NULL));
            return NULL;
        }
        if (!cJSON_IsString(v) || store_fx_parse_time(v->valuestring, &ms) != RM_OK)
            return "freeze must be a UTC time like \"2026-01-01T00:00:00Z\" (or true: stop the "
                   "clock where it is)";
        if (ms < RM_TIME_MIN_MS || ms > RM_TIME_MAX_MS)
            return OUT_OF_RANGE;
        rm_clock_set_frozen(c, ms);
        return NULL;
    case OP_ADVANCE:
        if (!cJSON_IsString(v) || parse_duration(v->valuestring, &ms) != RM_OK)
            return "advance must be an ISO 8601 duration in weeks, days, hours, minutes and "
                   "seconds like \"PT1H\", \"P1DT12H\" or \"-PT30S\" (years and months have no "
                   "fixed length: use days)";
        return move_within_range(c, ms);
    case OP_ADVANCE_MS:
        if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
            fabs(v->valuedouble) > (double)MAX_SHIFT_MS)
            return "advanceMs must be a whole number of milliseconds (negative goes back)";
        return move_within_range(c, (int64_t)v->valuedouble);
    case OP_REAL:
        if (!cJSON_IsTrue(v))
            return "real must be true";
        rm_clock_set_real(c);
        return NULL;
    }
    return "unknown operation";
}

/* POST /__admin/clock with exactly one of {"freeze": TIME|true}, {"advance": DURATION},
 * {"advanceMs": N}, {"real": true}; answers the clock as it is after. */
void ctl__clock_set(struct http_req *req, struct http_res *res)
{
    const cJSON *body = req->body_len ? http_req_body_json(req) : NULL;
    if (!cJSON_IsObject(body)) {
        http_res_error_json(req, res, 400,
                            "body must be a JSON object like {\"advance\":\"PT1H\"}, "
                            "{\"freeze\":\"2026-01-01T00:00:00Z\"} or {\"real\":true}");
        return;
    }
    const cJSON *value = NULL;
    enum op op = OP_REAL;
    for (const cJSON *item = body->child; item; item = item->next) {
        size_t i = 0;
        while (i < RM_ARRAY_LEN(op_names) && strcmp(op_names[i], item->string) != 0)
            i++;
        if (i == RM_ARRAY_LEN(op_names)) {
            const char *msg = rm_arena_printf(
                &req->arena, "unknown key '%s' (freeze, advance, advanceMs or real)", item->string);
            http_res_error_json(req, res, 400, msg ? msg : "unknown key");
            return;
        }
        if (value) {
            http_res_error_json(req, res, 400,
                                "give one of freeze, advance, advanceMs and real, not several");
            return;
        }
        value = item;
        op = (enum op)i;
    }
    if (!value) {
        http_res_error_json(req, res, 400, "give one of freeze, advance, advanceMs or real");
        return;
    }
    const char *problem = apply(store_tenant_clock(req->tenant), op, value);
    if (problem) {
        http_res_error_json(req, res, 400, problem);
        return;
    }
    reply_clock(req, res);
}
