/*
 * OCO data access (schema/oco.sql). Functions work on a tenant the caller has locked, inside
 * the call's transaction. JSON results follow OCO's object shapes (reference/oco.md section 2,
 * "Object shapes"): keys in the real server's order, values typed as PHP 8 sends them.
 * Returned cJSON trees belong to the caller. Ids are OCO's integer ids.
 */
#ifndef RMMSIM_STORE_OCO_H
#define RMMSIM_STORE_OCO_H

#include "store/store.h"

struct store_oco_user {
    int64_t id;
    const char *password; /* arena; NULL for none */
    bool locked;
    bool client_api;      /* the role allows the client API */
};

/* ---- settings and users ---- */
/* The setting's value (arena), RM_ENOTFOUND when there is no row. */
int store_oco_setting(struct store_tenant *t, struct rm_arena *a, const char *key,
                      const char **value);
int store_oco_user_find(struct store_tenant *t, struct rm_arena *a, const char *username,
                        struct store_oco_user *out);
int store_oco_user_touch(struct store_tenant *t, int64_t user_id, const char *now);

/* ---- computers ---- */
/* All computers by hostname (group 0), or the direct members of a group. */
cJSON *store_oco_computers(struct store_tenant *t, int64_t group_id);
/* Child groups of parent (0: the root groups), by name. */
cJSON *store_oco_computer_groups(struct store_tenant *t, int64_t parent_id);
/* The group's name (arena); RM_ENOTFOUND. */
int store_oco_computer_group_name(struct store_tenant *t, struct rm_arena *a, int64_t id,
                                  const char **name);
/* computer.get's object: general, groups, logins, networks, screens, printers, filesystems,
 * recognised_software, installed_packages, pending_jobs. NULL with *rc RM_ENOTFOUND or RM_EDB. */
cJSON *store_oco_computer_details(struct store_tenant *t, int64_t id, int *rc);
int store_oco_computer_exists(struct store_tenant *t, int64_t id);
/* RM_OK when a computer has this hostname (case- and trailing-space-insensitive). */
int store_oco_computer_hostname_taken(struct store_tenant *t, const char *hostname);
int store_oco_computer_insert(struct store_tenant *t, const char *hostname, const char *notes,
                              int64_t user_id, const char *now, int64_t *id_out);
int store_oco_computer_delete(struct store_tenant *t, int64_t id);
/* Number of pending (state 0, 1, 2) static and dynamic jobs of a computer. */
int store_oco_computer_pending_jobs(struct store_tenant *t, int64_t id, int64_t *count);
/* Usable MAC addresses (not empty, "-" or "?"). */
int store_oco_computer_macs(struct store_tenant *t, int64_t id, int64_t *count);
int store_oco_computer_group_add(struct store_tenant *t, int64_t computer_id, int64_t group_id);
int store_oco_computer_group_remove(struct store_tenant *t, int64_t computer_id,
                                    int64_t group_id);
/* Number of computers, for the free licence (20). */
int store_oco_computer_count(struct store_tenant *t, int64_t *count);

/* ---- packages ---- */
/* PackageFamily objects by name; with_icons: icon as base64 text, else null. */
cJSON *store_oco_families(struct store_tenant *t, bool with_icons);
/* Packages of a family (id order) or of a group (group sequence, with the sequence). */
cJSON *store_oco_family_packages(struct store_tenant *t, int64_t family_id);
cJSON *store_oco_group_packages(struct store_tenant *t, int64_t group_id);
cJSON *store_oco_package_groups(struct store_tenant *t, int64_t parent_id);
int store_oco_family_name(struct store_tenant *t, struct rm_arena *a, int64_t id,
                          const char **name);
int store_oco_package_group_name(struct store_tenant *t, struct rm_arena *a, int64_t id,
                                 const char **name);
/* package.get's object; NULL with *rc RM_ENOTFOUND or RM_EDB. */
cJSON *store_oco_package_details(struct store_tenant *t, int64_t id, int *rc);
int store_oco_package_group_add(struct store_tenant *t, int64_t package_id, int64_t group_id);
/* Removes the membership and renumbers the group's sequence 1..n. */
int store_oco_package_group_remove(struct store_tenant *t, int64_t package_id, int64_t group_id);
/* The family of this name (no case, no trailing spaces); RM_ENOTFOUND. */
int store_oco_family_find(struct store_tenant *t, const char *name, int64_t *id_out);
int store_oco_family_insert(struct store_tenant *t, const char *name, int64_t *id_out);
/* RM_OK when the family already has this version (no case, no trailing spaces). */
int store_oco_package_version_taken(struct store_tenant *t, int64_t family_id,
                                    const char *version);
struct store_oco_package_in {
    int64_t family_id;
    const char *version, *notes, *install_procedure, *install_codes, *uninstall_procedure,
        *uninstall_codes, *line_endings, *compatible_os, *compatible_os_version,
        *compatible_architecture, *created;
    int install_post_action, upgrade_behavior, download_for_uninstall, uninstall_post_action;
    bool has_license_count;
    int64_t license_count, created_by;
    const char *payload; /* the files as stored, or NULL */
};
int store_oco_package_insert(struct store_tenant *t, const struct store_oco_package_in *p,
                             int64_t *id_out);
int store_oco_package_delete(struct store_tenant *t, int64_t id);
/* Pending (0-2) static and dynamic jobs of a package; packages depending on it. */
int store_oco_package_pending_jobs(struct store_tenant *t, int64_t id, int64_t *count);
int store_oco_package_dependents(struct store_tenant *t, int64_t id, int64_t *count);

/* ---- jobs: what the planner needs (reference/oco.md "job_container.deploy") ---- */

/* A package as the job planner sees it. Strings are arena copies. */
struct store_oco_package {
    int64_t id, family_id;
    const char *install_procedure, *install_codes, *uninstall_procedure, *uninstall_codes;
    const char *line_endings;                         /* NULL: keep the procedure's */
    const char *compatible_os, *compatible_os_version, *compatible_architecture; /* NULL/"" */
    int install_post_action, upgrade_behavior, uninstall_post_action;
    bool download_for_uninstall, has_payload;
};

struct store_oco_computer {
    int64_t id;
    const char *os, *os_version, *architecture; /* arena */
    const char *last_ping;                      /* NULL: never */
};

/* An installation (computer_package row) with its package's family. */
struct store_oco_installed {
    int64_t id, package_id, family_id;
};

/* One job to write, static (job container) or dynamic (deployment rule). */
struct store_oco_job {
    int64_t computer_id, package_id;
    const char *procedure, *success_return_codes;
    int upgrade_behavior, post_action, post_action_timeout, sequence, state;
    bool is_uninstall, download;
};

int store_oco_package_load(struct store_tenant *t, struct rm_arena *a, int64_t id,
                           struct store_oco_package *out);
int store_oco_computer_load(struct store_tenant *t, struct rm_arena *a, int64_t id,
                            struct store_oco_computer *out);
/* The computer's installations (arena array). */
int store_oco_installed(struct store_tenant *t, struct rm_arena *a, int64_t computer_id,
                        struct store_oco_installed **out, size_t *count);
/* Ids from a one-column query bound to id (arena array): group members, package group
 * members in sequence order, dependencies, rules of a group. */
enum store_oco_ids {
    STORE_OCO_COMPUTER_GROUP_MEMBERS, /* computer ids of a computer group, hostname order */
    STORE_OCO_PACKAGE_GROUP_MEMBERS,  /* package ids of a package group, sequence order */
    STORE_OCO_PACKAGE_DEPENDENCIES,   /* packages a package depends on */
    STORE_OCO_RULES_OF_COMPUTER_GROUP,
    STORE_OCO_RULES_OF_PACKAGE_GROUP,
    STORE_OCO_GROUPS_OF_COMPUTER,
};
int store_oco_ids(struct store_tenant *t, struct rm_arena *a, enum store_oco_ids which,
                  int64_t id, int64_t **out, size_t *count);

struct store_oco_rule {
    int64_t id, computer_group_id, package_group_id;
    int post_action_timeout;
};
int store_oco_rule_load(struct store_tenant *t, int64_t id, struct store_oco_rule *out);
/* Writes the rule's jobs (reference "Rule evaluation"): existing rows of the same
 * (computer, package, is_uninstall) are updated, a succeeded job stays 3 when the new state
 * is -5, a failed or running one is not reset to 0; rows not in jobs are deleted. */
int store_oco_rule_jobs_replace(struct store_tenant *t, struct rm_arena *a, int64_t rule_id,
                                const struct store_oco_job *jobs, size_t count);

/* A job container to insert (deploy, uninstall). */
struct store_oco_container {
    const char *name, *notes, *start_time, *end_time; /* end_time NULL: none */
    const char *agent_ip_ranges, *time_frames;        /* NULL: none */
    int wol_sent, shutdown_waked_after_completion, sequence_mode, priority;
    int64_t created_by;
    const char *created;
};
int store_oco_container_insert(struct store_tenant *t, const struct store_oco_container *c,
                               int64_t *id_out);
int store_oco_static_job_insert(struct store_tenant *t, int64_t container_id,
                                const struct store_oco_job *j);
/* deploy's shutdown rule: the computer's last job (highest sequence) of the container with
 * post_action 0 or 3 gets post_action 2 and wol_shutdown_set now. */
int store_oco_container_shutdown_last(struct store_tenant *t, int64_t container_id,
                                      int64_t computer_id, const char *now);
/* All containers as JobContainer objects (execution_finished over their jobs). */
cJSON *store_oco_containers(struct store_tenant *t);
/* StaticJob objects of a container, by computer and sequence. */
cJSON *store_oco_container_jobs(struct store_tenant *t, int64_t container_id);
int store_oco_container_exists(struct store_tenant *t, int64_t id);
int store_oco_container_delete(struct store_tenant *t, int64_t id);
int store_oco_static_job_exists(struct store_tenant *t, int64_t id);
int store_oco_static_job_delete(struct store_tenant *t, int64_t id);
/* An installation with its computer and package present; RM_ENOTFOUND otherwise. */
int store_oco_installation(struct store_tenant *t, int64_t id, int64_t *computer_id,
                           int64_t *package_id);
int store_oco_installation_delete(struct store_tenant *t, int64_t id);
/* DeploymentRule objects, and a rule's DynamicJob objects. */
cJSON *store_oco_rules(struct store_tenant *t);
cJSON *store_oco_rule_jobs(struct store_tenant *t, int64_t rule_id);

/* ---- reports ---- */
/* Reports of a group (0: all reports) as {id, report_group_id, name, notes, query}. */
cJSON *store_oco_reports(struct store_tenant *t, int64_t group_id);
cJSON *store_oco_report_groups(struct store_tenant *t, int64_t parent_id);
int store_oco_report_group_name(struct store_tenant *t, struct rm_arena *a, int64_t id,
                                const char **name);
/* The stored query of a report (arena); RM_ENOTFOUND. */
int store_oco_report_query(struct store_tenant *t, struct rm_arena *a, int64_t id,
                           const char **query);
/* Runs a report's SELECT read-only (an authorizer refuses every write, ATTACH and PRAGMA)
 * inside a savepoint that is always rolled back. *rows gets the result; on an SQL error
 * RM_EINVAL and *error the engine's message (arena). */
int store_oco_report_run(struct store_tenant *t, struct rm_arena *a, const char *query,
                         cJSON **rows, const char **error);

#endif
