/*
 * oco.package_family.list and oco.package.* (reference/oco.md section 2).
 */
#include "apis/oco/oco_int.h"

const struct oco_method oco_package_methods[] = {
    { NULL, NULL },
};
