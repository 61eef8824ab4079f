/*
 * Job containers, deployments, uninstalls, installation assignments and deployment rules
 * (reference/oco.md section 2: "job_container.deploy", "Job states", "Rule evaluation").
 * One planner decides the jobs of a (computer, package) pair for deploys and rules alike.
 */
#include "apis/oco/oco_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Job states (reference/oco.md "Job states"). */
enum {
    JOB_WAITING = 0,
    JOB_SUCCEEDED = 3,
    JOB_OS_INCOMPATIBLE = -3,
    JOB_ALREADY_INSTALLED = -5,
};

/* A growing list of planned jobs in the request arena. */
struct plan {
    struct rm_arena *arena;
    struct store_oco_job *jobs;
    size_t count, cap;
    bool failed;
};

static struct store_oco_job *plan_add(struct plan *p)
{
    if (p->count == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        struct store_oco_job *grown = rm_arena_alloc(p->arena, cap * sizeof *grown);
        if (!grown) {
            p->failed = true;
            return NULL;
        }
        if (p->count)
            memcpy(grown, p->jobs, p->count * sizeof *grown);
        p->jobs = grown;
        p->cap = cap;
    }
    struct store_oco_job *j = &p->jobs[p->count++];
    memset(j, 0, sizeof *j);
    return j;
}

/* Whether value is among the newline-separated, trimmed entries of list. */
static bool listed(const char *list, const char *value)
{
    size_t vlen = strlen(value);
    while (*list) {
        size_t len = strcspn(list, "\n");
        const char *e = list;
        size_t elen = len;
        while (elen && (*e == ' ' || *e == '\t' || *e == '\r'))
            e++, elen--;
        while (elen && (e[elen - 1] == ' ' || e[elen - 1] == '\t' || e[elen - 1] == '\r'))
            elen--;
        if (elen == vlen && strncmp(e, value, vlen) == 0)
            return true;
        list += len;
        list += *list == '\n';
    }
    return false;
}

/* Incompatible when, for os, os_version or architecture, both sides are set and the
 * computer's value is not one of the package's lines. */
static bool incompatible(const struct store_oco_computer *c, const struct store_oco_package *p)
{
    const char *pkg[] = { p->compatible_os, p->compatible_os_version, p->compatible_architecture };
    const char *cmp[] = { c->os, c->os_version, c->architecture };
    for (int i = 0; i < 3; i++)
        if (pkg[i] && *pkg[i] && cmp[i] && *cmp[i] && !listed(pkg[i], cmp[i]))
            return true;
    return false;
}

/* The install procedure with "\r\n" replaced by the package's line endings, if it sets them. */
static const char *install_procedure(struct rm_arena *a, const struct store_oco_package *p)
{
    if (!p->line_endings || !*p->line_endings)
        return p->install_procedure;
    size_t n = 0, le = strlen(p->line_endings);
    for (const char *s = p->install_procedure; (s = strstr(s, "\r\n")); s += 2)
        n++;
    char *out = rm_arena_alloc(a, strlen(p->install_procedure) + n * le + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *s = p->install_procedure; *s;) {
        if (s[0] == '\r' && s[1] == '\n') {
            memcpy(o, p->line_endings, le);
            o += le;
            s += 2;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

struct plan_args {
    const struct store_oco_computer *computer;
    const struct store_oco_package *package;
    const struct store_oco_installed *installed;
    size_t ninstalled;
    bool force_same_version; /* deploy's force_install_same_version */
    bool auto_dependency;    /* added as a dependency, not asked for */
    int post_action_timeout;
    int *sequence;           /* the computer's running sequence number */
};

/* The jobs of one computer and one package (reference/oco.md, the deploy job list). */
static int plan_pair(struct oco_call *call, struct plan *p, const struct plan_args *a)
{
    const struct store_oco_package *pkg = a->package;
    int state = JOB_WAITING;
    if (incompatible(a->computer, pkg)) {
        state = JOB_OS_INCOMPATIBLE;
    } else {
        for (size_t i = 0; i < a->ninstalled; i++) {
            if (a->installed[i].package_id != pkg->id)
                continue;
            if (a->auto_dependency)
                return RM_OK; /* an installed dependency needs no job at all */
            if (!a->force_same_version) {
                state = JOB_ALREADY_INSTALLED;
                break; /* the scan stops: no uninstall jobs */
            }
        }
        for (size_t i = 0; state == JOB_WAITING && pkg->upgrade_behavior == 2 && i < a->ninstalled;
             i++) {
            if (a->installed[i].family_id != pkg->family_id)
                continue;
            struct store_oco_package old;
            if (store_oco_package_load(call->tenant, &call->req->arena,
                                       a->installed[i].package_id, &old) != RM_OK)
                return RM_EDB;
            struct store_oco_job *u = plan_add(p);
            if (!u)
                return RM_ENOMEM;
            *u = (struct store_oco_job){
                .computer_id = a->computer->id, .package_id = old.id,
                .procedure = old.uninstall_procedure, .success_return_codes = old.uninstall_codes,
                .upgrade_behavior = 0, .is_uninstall = true,
                .download = old.download_for_uninstall && old.has_payload,
                .post_action = old.uninstall_post_action,
                .post_action_timeout = a->post_action_timeout, .sequence = (*a->sequence)++,
                .state = JOB_WAITING,
            };
        }
    }
    struct store_oco_job *j = plan_add(p);
    const char *procedure = install_procedure(&call->req->arena, pkg);
    if (!j || !procedure)
        return RM_ENOMEM;
    *j = (struct store_oco_job){
        .computer_id = a->computer->id, .package_id = pkg->id, .procedure = procedure,
        .success_return_codes = pkg->install_codes, .upgrade_behavior = pkg->upgrade_behavior,
        .is_uninstall = false, .download = pkg->has_payload,
        .post_action = pkg->install_post_action, .post_action_timeout = a->post_action_timeout,
        .sequence = (*a->sequence)++, .state = state,
    };
    return RM_OK;
}

static enum oco_err from_rc(int rc)
{
    return rc == RM_OK ? OCO_OK : rc == RM_ENOTFOUND ? OCO_E_NOT_FOUND : OCO_E_DATABASE_ERROR;
}

/* ---- deployment rules ---- */

static int evaluate_rule(struct oco_call *call, int64_t rule_id)
{
    struct store_oco_rule rule;
    int64_t *computers, *packages;
    size_t ncomputers, npackages;
    struct rm_arena *a = &call->req->arena;
    int rc = store_oco_rule_load(call->tenant, rule_id, &rule);
    if (rc == RM_OK)
        rc = store_oco_ids(call->tenant, a, STORE_OCO_COMPUTER_GROUP_MEMBERS,
                           rule.computer_group_id, &computers, &ncomputers);
    if (rc == RM_OK)
        rc = store_oco_ids(call->tenant, a, STORE_OCO_PACKAGE_GROUP_MEMBERS, rule.package_group_id,
                           &packages, &npackages);
    struct plan p = { .arena = a };
    for (size_t c = 0; rc == RM_OK && c < ncomputers; c++) {
        struct store_oco_computer computer;
        struct store_oco_installed *installed;
        size_t ninstalled;
        int sequence = 1;
        rc = store_oco_computer_load(call->tenant, a, computers[c], &computer);
        if (rc == RM_OK)
            rc = store_oco_installed(call->tenant, a, computer.id, &installed, &ninstalled);
        for (size_t k = 0; rc == RM_OK && k < npackages; k++) {
            struct store_oco_package pkg;
            rc = store_oco_package_load(call->tenant, a, packages[k], &pkg);
            struct plan_args args = { &computer, &pkg, installed, ninstalled, false, false,
                                      rule.post_action_timeout, &sequence };
            if (rc == RM_OK)
                rc = plan_pair(call, &p, &args);
        }
    }
    if (rc == RM_OK)
        rc = store_oco_rule_jobs_replace(call->tenant, a, rule_id, p.jobs, p.count);
    return rc;
}

/* Evaluates every rule a query names. */
static enum oco_err evaluate_rules(struct oco_call *call, enum store_oco_ids which, int64_t id)
{
    int64_t *rules;
    size_t n;
    int rc = store_oco_ids(call->tenant, &call->req->arena, which, id, &rules, &n);
    for (size_t i = 0; rc == RM_OK && i < n; i++)
        rc = evaluate_rule(call, rules[i]);
    return rc == RM_OK ? OCO_OK : OCO_E_DATABASE_ERROR;
}

enum oco_err oco_rules_evaluate_computer_group(struct oco_call *call, int64_t group_id)
{
    return evaluate_rules(call, STORE_OCO_RULES_OF_COMPUTER_GROUP, group_id);
}

enum oco_err oco_rules_evaluate_package_group(struct oco_call *call, int64_t group_id)
{
    return evaluate_rules(call, STORE_OCO_RULES_OF_PACKAGE_GROUP, group_id);
}

enum oco_err oco_rules_evaluate_computer(struct oco_call *call, int64_t computer_id)
{
    int64_t *groups;
    size_t n;
    int rc = store_oco_ids(call->tenant, &call->req->arena, STORE_OCO_GROUPS_OF_COMPUTER,
                           computer_id, &groups, &n);
    enum oco_err err = rc == RM_OK ? OCO_OK : OCO_E_DATABASE_ERROR;
    for (size_t i = 0; err == OCO_OK && i < n; i++)
        err = oco_rules_evaluate_computer_group(call, groups[i]);
    return err;
}

/* ---- container parameters (deploy and uninstall, validation steps 2-6) ---- */

/* The years a DATETIME column holds, 1000-01-01 to 9999-12-31, in Unix seconds. */
#define UNIX_MIN_S (-30610224000LL)
#define UNIX_MAX_S (RM_TIME_MAX_MS / 1000)

/* PHP strtotime for the forms clients send (F-OCO-080): "YYYY-MM-DD[ HH:MM[:SS]]", the same
 * with "T" and an optional "Z", "now", "@<unix>" (within DATETIME's years). *ms_out in UTC
 * milliseconds. */
static bool parse_time(const char *s, int64_t *ms_out)
{
    if (strcmp(s, "now") == 0) {
        *ms_out = rm_clock_now_ms();
        return true;
    }
    if (s[0] == '@') {
        char *end;
        errno = 0;
        long long v = strtoll(s + 1, &end, 10);
        if (end == s + 1 || *end || errno || v < UNIX_MIN_S || v > UNIX_MAX_S)
            return false;
        *ms_out = v * 1000;
        return true;
    }
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
        return false;
    const char *rest = s + n;
    if (*rest == ' ' || *rest == 'T') {
        int m = 0;
        if (sscanf(rest + 1, "%2d:%2d%n", &h, &mi, &m) != 2)
            return false;
        rest += 1 + m;
        if (*rest == ':' && sscanf(rest, ":%2d%n", &sec, &m) == 1)
            rest += m;
    }
    if (*rest == 'Z')
        rest++;
    if (*rest || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
        return false;
    char iso[32];
    snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", y % 10000, mo % 100, d % 100,
             h % 100, mi % 100, sec % 100);
    return store_fx_parse_time(iso, ms_out) == RM_OK;
}

/* "[!]address[/prefix]" for IPv4 or IPv6. */
static bool ip_range_ok(const char *s)
{
    if (*s == '!')
        s++;
    char addr[64];
    const char *slash = strchr(s, '/');
    size_t len = slash ? (size_t)(slash - s) : strlen(s);
    if (len == 0 || len >= sizeof addr)
        return false;
    memcpy(addr, s, len);
    addr[len] = '\0';
    unsigned char buf[16];
    int max = inet_pton(AF_INET, addr, buf) == 1 ? 32 : inet_pton(AF_INET6, addr, buf) == 1 ? 128 : -1;
    if (max < 0)
        return false;
    if (!slash)
        return true;
    char *end;
    long prefix = strtol(slash + 1, &end, 10);
    return end != slash + 1 && !*end && prefix >= 0 && prefix <= max;
}

/* "[DDD ]HH:MM-HH:MM" with DDD one of MON..SUN. */
static bool time_frame_ok(const char *s)
{
    static const char *const days[] = { "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN" };
    for (size_t i = 0; i < 7; i++)
        if (strncmp(s, days[i], 3) == 0 && s[3] == ' ') {
            s += 4;
            break;
        }
    int h1, m1, h2, m2, n = 0;
    return sscanf(s, "%2d:%2d-%2d:%2d%n", &h1, &m1, &h2, &m2, &n) == 4 && !s[n] && h1 >= 0 &&
           h1 <= 23 && m1 >= 0 && m1 <= 59 && h2 >= 0 && h2 <= 23 && m2 >= 0 && m2 <= 59;
}

/* An array parameter of strings checked by ok, joined with ", " (NULL when none). Not an
 * array: PHP's TypeError (OCO_FATAL). */
static enum oco_err joined_list(struct oco_call *call, const char *key, bool (*ok)(const char *),
                                enum oco_err bad, const char **out)
{
    const cJSON *v = oco_param(call, key);
    *out = NULL;
    if (!v)
        return OCO_OK;
    if (!cJSON_IsArray(v))
        return OCO_FATAL;
    size_t len = 0;
    for (const cJSON *e = v->child; e; e = e->next) {
        if (!cJSON_IsString(e) || !*e->valuestring)
            continue;
        if (!ok(e->valuestring))
            return bad;
        len += strlen(e->valuestring) + 2;
    }
    if (!len)
        return OCO_OK;
    char *joined = rm_arena_alloc(&call->req->arena, len + 1), *o = joined;
    if (!joined)
        return OCO_E_DATABASE_ERROR;
    for (const cJSON *e = v->child; e; e = e->next) {
        if (!cJSON_IsString(e) || !*e->valuestring)
            continue;
        o += sprintf(o, "%s%s", o == joined ? "" : ", ", e->valuestring);
    }
    *out = joined;
    return OCO_OK;
}

struct container_params {
    struct store_oco_container row;
    int64_t start_ms;
    bool use_wol;
    int restart_timeout;
    char start[20], end[20], created[20];
};

/* Steps 2-6 of the deploy validation, shared by uninstall. */
static enum oco_err read_container(struct oco_call *call, struct container_params *cp)
{
    memset(cp, 0, sizeof *cp);
    const char *name = oco_param_str(call, "name", "");
    const char *notes = oco_param_str(call, "description", "");
    if (!name || !notes)
        return OCO_FATAL;
    /* The trimmed name is checked, the name as given is stored (OBSERVED). */
    const char *trimmed = oco_trim(call, name);
    if (!trimmed)
        return OCO_E_DATABASE_ERROR;
    if (oco_php_empty_string(trimmed)) /* PHP empty(): "0" too (F-OCO-022) */
        return OCO_E_NAME_EMPTY;
    const cJSON *timeout = oco_param(call, "restart_timeout");
    const char *start = oco_param_str(call, "date_start", NULL);
    cp->start_ms = rm_clock_now_ms();
    if ((timeout && !oco_truthy(timeout)) || (start && !parse_time(start, &cp->start_ms)))
        return OCO_E_FILL_REQUIRED;
    cp->restart_timeout = timeout ? (int)oco_intval(timeout) : 5;
    const char *end = oco_param_str(call, "date_end", NULL);
    int64_t end_ms = 0;
    if (end && *end && (!parse_time(end, &end_ms) || end_ms <= cp->start_ms))
        return OCO_E_END_BEFORE_START;
    /* PHP 8 comparisons (F-OCO-022): "abc" is neither 0 nor 1, and "abc" > 100. */
    const cJSON *mode_v = oco_param(call, "sequence_mode");
    const cJSON *priority_v = oco_param(call, "priority");
    if ((mode_v && oco_php_compare(mode_v, 0) != 0 && oco_php_compare(mode_v, 1) != 0) ||
        (priority_v && (oco_php_compare(priority_v, -100) < 0 ||
                        oco_php_compare(priority_v, 100) > 0)))
        return OCO_E_INVALID_INPUT;
    int64_t mode = mode_v ? oco_intval(mode_v) : 0;
    int64_t priority = priority_v ? oco_intval(priority_v) : 0;
    cp->use_wol = oco_param_bool(call, "use_wol", true);
    oco_format_time(cp->start_ms, cp->start);
    if (end && *end)
        oco_format_time(end_ms, cp->end);
    oco_now(cp->created);
    cp->row = (struct store_oco_container){
        .name = name, .notes = notes, .start_time = cp->start,
        .end_time = end && *end ? cp->end : NULL,
        .wol_sent = !cp->use_wol ? -1 : cp->start_ms <= rm_clock_now_ms() ? 1 : 0,
        .shutdown_waked_after_completion =
            oco_param_bool(call, "shutdown_waked_after_completion", false),
        .sequence_mode = (int)mode, .priority = (int)priority, .created_by = call->user_id,
        .created = cp->created,
    };
    return joined_list(call, "agent_ip_ranges", ip_range_ok, OCO_E_INVALID_IP,
                       &cp->row.agent_ip_ranges);
}

/* F-OCO-117: the container's text columns fit, before it is written. */
static enum oco_err container_fits(struct oco_call *call, const struct store_oco_container *c)
{
    const struct oco_column columns[] = {{"name", c->name, 0},
                                         {"notes", c->notes, 0},
                                         {"agent_ip_ranges", c->agent_ip_ranges, 0},
                                         {"time_frames", c->time_frames, 0}};
    return oco_columns_fit(call, columns, RM_ARRAY_LEN(columns));
}

/* ---- deploy ---- */

/* An ordered id set (first occurrence wins) in the arena. */
struct idset {
    int64_t *ids;
    bool *flag; /* per id: added as a dependency */
    size_t count, cap;
};

static bool idset_has(const struct idset *s, int64_t id)
{
    for (size_t i = 0; i < s->count; i++)
        if (s->ids[i] == id)
            return true;
    return false;
}

static int idset_add(struct rm_arena *a, struct idset *s, int64_t id, bool flag)
{
    if (idset_has(s, id))
        return RM_OK;
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        int64_t *ids = rm_arena_alloc(a, cap * sizeof *ids);
        bool *flags = rm_arena_alloc(a, cap * sizeof *flags);
        if (!ids || !flags)
            return RM_ENOMEM;
        if (s->count) {
            memcpy(ids, s->ids, s->count * sizeof *ids);
            memcpy(flags, s->flag, s->count * sizeof *flags);
        }
        s->ids = ids;
        s->flag = flags;
        s->cap = cap;
    }
    s->ids[s->count] = id;
    s->flag[s->count++] = flag;
    return RM_OK;
}

/* The values of one column of a report's rows (deploy's *_report_ids). */
static enum oco_err report_column(struct oco_call *call, int64_t report_id, const char *column,
                                  struct idset *out, int (*keep)(struct oco_call *, int64_t))
{
    const char *query, *error = NULL;
    cJSON *rows = NULL;
    int rc = store_oco_report_query(call->tenant, &call->req->arena, report_id, &query);
    if (rc == RM_ENOTFOUND)
        return OCO_OK; /* nonexistent ids are skipped */
    if (rc != RM_OK)
        return OCO_E_DATABASE_ERROR;
    if (!oco_report_is_select(query))
        return OCO_E_ONLY_SELECT;
    rc = store_oco_report_run(call->tenant, &call->req->arena, query, &rows, &error);
    if (rc == RM_EINVAL) {
        call->message = error;
        return OCO_E_SQL_ERROR;
    }
    for (const cJSON *row = rows ? rows->child : NULL; rc == RM_OK && row; row = row->next) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(row, column);
        int64_t id = v ? oco_intval(v) : 0;
        if (id && keep(call, id) == RM_OK)
            rc = idset_add(&call->req->arena, out, id, false);
    }
    cJSON_Delete(rows);
    return rc == RM_OK ? OCO_OK : OCO_E_DATABASE_ERROR;
}

static int computer_exists(struct oco_call *call, int64_t id)
{
    return store_oco_computer_exists(call->tenant, id);
}

static int package_exists(struct oco_call *call, int64_t id)
{
    struct store_oco_package p;
    return store_oco_package_load(call->tenant, &call->req->arena, id, &p);
}

static enum oco_err deploy_computers(struct oco_call *call, struct idset *out)
{
    int64_t *ids;
    size_t n;
    struct rm_arena *a = &call->req->arena;
    if (oco_param_ids(call, "computer_ids", &ids, &n) != 0)
        return OCO_FATAL;
    for (size_t i = 0; i < n; i++)
        if (computer_exists(call, ids[i]) == RM_OK && idset_add(a, out, ids[i], false) != RM_OK)
            return OCO_E_DATABASE_ERROR;
    if (oco_param_ids(call, "computer_group_ids", &ids, &n) != 0)
        return OCO_FATAL;
    for (size_t i = 0; i < n; i++) {
        int64_t *members;
        size_t m;
        if (store_oco_ids(call->tenant, a, STORE_OCO_COMPUTER_GROUP_MEMBERS, ids[i], &members,
                          &m) != RM_OK)
            return OCO_E_DATABASE_ERROR;
        for (size_t k = 0; k < m; k++)
            if (idset_add(a, out, members[k], false) != RM_OK)
                return OCO_E_DATABASE_ERROR;
    }
    if (oco_param_ids(call, "computer_report_ids", &ids, &n) != 0)
        return OCO_FATAL;
    enum oco_err err = OCO_OK;
    for (size_t i = 0; err == OCO_OK && i < n; i++)
        err = report_column(call, ids[i], "computer_id", out, computer_exists);
    return err;
}

/* Adds a package preceded by its dependencies, recursively (dedupe: first wins). */
static int add_with_dependencies(struct oco_call *call, struct idset *out, int64_t id, bool dep,
                                 int depth)
{
    if (idset_has(out, id) || depth > 32) /* a dependency cycle ends here */
        return RM_OK;
    int64_t *deps;
    size_t n;
    int rc = store_oco_ids(call->tenant, &call->req->arena, STORE_OCO_PACKAGE_DEPENDENCIES, id,
                           &deps, &n);
    for (size_t i = 0; rc == RM_OK && i < n; i++)
        rc = add_with_dependencies(call, out, deps[i], true, depth + 1);
    return rc == RM_OK ? idset_add(&call->req->arena, out, id, dep) : rc;
}

static enum oco_err deploy_packages(struct oco_call *call, struct idset *out)
{
    struct idset asked = { 0 };
    int64_t *ids;
    size_t n;
    struct rm_arena *a = &call->req->arena;
    if (oco_param_ids(call, "package_ids", &ids, &n) != 0)
        return OCO_FATAL;
    for (size_t i = 0; i < n; i++)
        if (package_exists(call, ids[i]) == RM_OK && idset_add(a, &asked, ids[i], false) != RM_OK)
            return OCO_E_DATABASE_ERROR;
    if (oco_param_ids(call, "package_group_ids", &ids, &n) != 0)
        return OCO_FATAL;
    for (size_t i = 0; i < n; i++) {
        int64_t *members;
        size_t m;
        if (store_oco_ids(call->tenant, a, STORE_OCO_PACKAGE_GROUP_MEMBERS, ids[i], &members,
                          &m) != RM_OK)
            return OCO_E_DATABASE_ERROR;
        for (size_t k = 0; k < m; k++)
            if (idset_add(a, &asked, members[k], false) != RM_OK)
                return OCO_E_DATABASE_ERROR;
    }
    if (oco_param_ids(call, "package_report_ids", &ids, &n) != 0)
        return OCO_FATAL;
    enum oco_err err = OCO_OK;
    for (size_t i = 0; err == OCO_OK && i < n; i++)
        err = report_column(call, ids[i], "package_id", &asked, package_exists);
    for (size_t i = 0; err == OCO_OK && i < asked.count; i++)
        if (add_with_dependencies(call, out, asked.ids[i], false, 0) != RM_OK)
            err = OCO_E_DATABASE_ERROR;
    return err;
}

/* Seconds without a ping after which a computer counts as offline (setting, default 125). */
static int64_t offline_seconds(struct oco_call *call)
{
    const char *v;
    if (store_oco_setting(call->tenant, &call->req->arena, "computer-offline-seconds", &v) != RM_OK)
        return 125;
    /* PHP's intval, held within what a difference of two DATETIMEs can reach (strtoll
     * saturates where atoll's result would be undefined). */
    long long s = strtoll(v, NULL, 10);
    return s < -UNIX_MAX_S ? -UNIX_MAX_S : s > UNIX_MAX_S ? UNIX_MAX_S : s;
}

/* last_ping is 'YYYY-MM-DD HH:MM:SS' (any other text: offline). */
static bool offline(const struct store_oco_computer *c, int64_t limit_s)
{
    int64_t ping;
    if (!c->last_ping || strlen(c->last_ping) < 19)
        return true;
    char iso[32];
    snprintf(iso, sizeof iso, "%.10sT%.8sZ", c->last_ping, c->last_ping + 11);
    if (store_fx_parse_time(iso, &ping) != RM_OK)
        return true;
    return rm_clock_now_ms() - ping > limit_s * 1000;
}

static enum oco_err deploy(struct oco_call *call)
{
    struct container_params cp;
    enum oco_err err = read_container(call, &cp);
    struct idset computers = { 0 }, packages = { 0 };
    if (err == OCO_OK)
        err = joined_list(call, "time_frames", time_frame_ok, OCO_E_INVALID_TIME,
                          &cp.row.time_frames);
    if (err == OCO_OK)
        err = deploy_computers(call, &computers);
    if (err == OCO_OK)
        err = deploy_packages(call, &packages);
    if (err != OCO_OK)
        return err;
    if (!computers.count || !packages.count)
        return OCO_E_NO_JOBS_CREATED;
    if ((err = container_fits(call, &cp.row)) != OCO_OK)
        return err;
    /* F-OCO-051: no magic packet leaves rmmsim; wol_sent records what the server did. */
    bool force = oco_param_bool(call, "force_install_same_version", false);
    struct rm_arena *a = &call->req->arena;
    int64_t container_id;
    int rc = store_oco_container_insert(call->tenant, &cp.row, &container_id);
    struct plan p = { .arena = a };
    bool shutdown = cp.start_ms <= rm_clock_now_ms() && cp.use_wol &&
                    cp.row.shutdown_waked_after_completion;
    int64_t limit = offline_seconds(call);
    for (size_t c = 0; rc == RM_OK && c < computers.count; c++) {
        struct store_oco_computer computer;
        struct store_oco_installed *installed;
        size_t ninstalled;
        int sequence = 1;
        p.count = 0;
        rc = store_oco_computer_load(call->tenant, a, computers.ids[c], &computer);
        if (rc == RM_OK)
            rc = store_oco_installed(call->tenant, a, computer.id, &installed, &ninstalled);
        for (size_t k = 0; rc == RM_OK && k < packages.count; k++) {
            struct store_oco_package pkg;
            rc = store_oco_package_load(call->tenant, a, packages.ids[k], &pkg);
            struct plan_args args = { &computer, &pkg, installed, ninstalled, force,
                                      packages.flag[k], cp.restart_timeout, &sequence };
            if (rc == RM_OK)
                rc = plan_pair(call, &p, &args);
        }
        for (size_t j = 0; rc == RM_OK && j < p.count; j++)
            rc = store_oco_static_job_insert(call->tenant, container_id, &p.jobs[j]);
        if (rc == RM_OK && shutdown && offline(&computer, limit))
            rc = store_oco_container_shutdown_last(call->tenant, container_id, computer.id,
                                                   cp.created);
    }
    if (rc != RM_OK)
        return OCO_E_DATABASE_ERROR;
    call->result = oco_new_id(container_id);
    return OCO_OK;
}

static enum oco_err uninstall(struct oco_call *call)
{
    struct container_params cp;
    enum oco_err err = read_container(call, &cp);
    int64_t *ids;
    size_t n;
    if (err == OCO_OK && oco_param_ids(call, "installation_ids", &ids, &n) != 0)
        err = OCO_FATAL;
    if (err != OCO_OK)
        return err;
    struct rm_arena *a = &call->req->arena;
    struct plan p = { .arena = a };
    int rc = RM_OK;
    /* One job per given id, duplicates included (OBSERVED, no dedupe). */
    for (size_t i = 0; rc == RM_OK && i < n; i++) {
        int64_t computer_id, package_id;
        struct store_oco_package pkg;
        rc = store_oco_installation(call->tenant, ids[i], &computer_id, &package_id);
        if (rc == RM_ENOTFOUND) {
            rc = RM_OK;
            continue;
        }
        if (rc == RM_OK)
            rc = store_oco_package_load(call->tenant, a, package_id, &pkg);
        struct store_oco_job *j = rc == RM_OK ? plan_add(&p) : NULL;
        if (rc == RM_OK && !j)
            rc = RM_ENOMEM;
        if (rc == RM_OK)
            *j = (struct store_oco_job){
                .computer_id = computer_id, .package_id = package_id,
                .procedure = pkg.uninstall_procedure, .success_return_codes = pkg.uninstall_codes,
                .upgrade_behavior = 0, .is_uninstall = true,
                .download = pkg.download_for_uninstall && pkg.has_payload,
                .post_action = pkg.uninstall_post_action,
                .post_action_timeout = cp.restart_timeout, .sequence = 0, .state = JOB_WAITING,
            };
    }
    if (rc != RM_OK)
        return OCO_E_DATABASE_ERROR;
    if (!p.count)
        return OCO_E_NO_JOBS_CREATED;
    cp.row.time_frames = ""; /* uninstall containers store '' rather than NULL (OBSERVED) */
    enum oco_err fits = container_fits(call, &cp.row);
    if (fits != OCO_OK)
        return fits;
    int64_t container_id;
    rc = store_oco_container_insert(call->tenant, &cp.row, &container_id);
    for (size_t j = 0; rc == RM_OK && j < p.count; j++)
        rc = store_oco_static_job_insert(call->tenant, container_id, &p.jobs[j]);
    if (rc != RM_OK)
        return OCO_E_DATABASE_ERROR;
    /* The real server's uninstall returns no value: {"id": null} (OBSERVED, F-OCO-081). */
    call->result = cJSON_CreateObject();
    cJSON_AddNullToObject(call->result, "id");
    return OCO_OK;
}

/* ---- lists and removals ---- */

static enum oco_err container_list(struct oco_call *call)
{
    call->result = store_oco_containers(call->tenant);
    return call->result ? OCO_OK : OCO_E_DATABASE_ERROR;
}

static enum oco_err container_job_list(struct oco_call *call)
{
    int64_t id = oco_param_int(call, "id", 0);
    int rc = store_oco_container_exists(call->tenant, id);
    if (rc != RM_OK)
        return from_rc(rc);
    call->result = store_oco_container_jobs(call->tenant, id);
    return call->result ? OCO_OK : OCO_E_DATABASE_ERROR;
}

static enum oco_err container_remove(struct oco_call *call)
{
    int64_t id = oco_param_int(call, "id", 0);
    int rc = store_oco_container_exists(call->tenant, id);
    if (rc == RM_OK)
        rc = store_oco_container_delete(call->tenant, id);
    return from_rc(rc);
}

static enum oco_err container_job_remove(struct oco_call *call)
{
    int64_t id = oco_param_int(call, "id", 0);
    int rc = store_oco_static_job_exists(call->tenant, id);
    if (rc == RM_OK)
        rc = store_oco_static_job_delete(call->tenant, id);
    return from_rc(rc);
}

static enum oco_err remove_installation_assignment(struct oco_call *call)
{
    int64_t id = oco_param_int(call, "id", 0), computer_id, package_id;
    int rc = store_oco_installation(call->tenant, id, &computer_id, &package_id);
    if (rc == RM_OK)
        rc = store_oco_installation_delete(call->tenant, id);
    if (rc != RM_OK)
        return from_rc(rc);
    /* Rules of every group of the computer see the installation gone (reference). */
    return oco_rules_evaluate_computer(call, computer_id);
}

static enum oco_err rule_list(struct oco_call *call)
{
    call->result = store_oco_rules(call->tenant);
    return call->result ? OCO_OK : OCO_E_DATABASE_ERROR;
}

static enum oco_err rule_job_list(struct oco_call *call)
{
    int64_t id = oco_param_int(call, "id", 0);
    struct store_oco_rule rule;
    int rc = store_oco_rule_load(call->tenant, id, &rule);
    if (rc != RM_OK)
        return from_rc(rc);
    call->result = store_oco_rule_jobs(call->tenant, id);
    return call->result ? OCO_OK : OCO_E_DATABASE_ERROR;
}

const struct oco_method oco_job_methods[] = {
    { "oco.job_container.list", container_list, true },
    { "oco.job_container.job.list", container_job_list, true },
    { "oco.job_container.deploy", deploy, false },
    { "oco.job_container.uninstall", uninstall, false },
    { "oco.job_container.remove", container_remove, false },
    { "oco.job_container.job.remove", container_job_remove, false },
    { "oco.remove_installation_assignment", remove_installation_assignment, false },
    { "oco.deployment_rule.list", rule_list, true },
    { "oco.deployment_rule.job.list", rule_job_list, true },
    { NULL, NULL, false },
};
