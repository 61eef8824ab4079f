/*
 * Job containers, deployments, uninstalls, installation assignments and deployment rules
 * (reference/oco.md section 2, "Job states" and "Rule evaluation").
 */
#include "apis/oco/oco_int.h"

/* In progress: rule evaluation lands with the job engine. */
enum oco_err oco_rules_evaluate_computer_group(struct oco_call *call, int64_t group_id)
{
    (void)call, (void)group_id;
    return OCO_OK;
}

enum oco_err oco_rules_evaluate_package_group(struct oco_call *call, int64_t group_id)
{
    (void)call, (void)group_id;
    return OCO_OK;
}

enum oco_err oco_rules_evaluate_computer(struct oco_call *call, int64_t computer_id)
{
    (void)call, (void)computer_id;
    return OCO_OK;
}

const struct oco_method oco_job_methods[] = {
    { NULL, NULL },
};
