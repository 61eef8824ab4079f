/*
 * Helpers of the control-plane API tests: create tenants, call RemotePC and OCO the way a
 * client does (by key, header or path prefix). Usable from several threads at once.
 */
#ifndef RMMSIM_CTL_SUPPORT_H
#define RMMSIM_CTL_SUPPORT_H

#include "testlib.h"

/* A tenant as POST /__admin/tenants describes it. */
struct ctl_tenant {
    char id[64];
    char base_url[160];
    char ent_key[160];                       /* RemotePC Enterprise API key */
    char rsl_key[160];                       /* RemotePC Reseller API key */
    char oco_key[160];                       /* OCO params.api_key */
    char pcv_integrator[160], pcv_user[160]; /* pcvisit token pair */
};

/* How a call names its tenant: only by its key (both NULL), by X-Rmmsim-Tenant (header),
 * or by the /t/{id}/ prefix (prefix). */
struct ctl_route {
    const char *header;
    const char *prefix;
};

/* The rmmsim the tests of a file talk to: ctl_setup starts it (fixture default, a cmocka
 * group setup), ctl_teardown stops it. */
extern struct rmmsim *ctl_sim;
int ctl_setup(void **state);
int ctl_teardown(void **state);
/* Member a of v; NULL when v is not an object or has no such member. */
const cJSON *ctl_get(const cJSON *v, const char *a);

/* POSTs body (NULL: none) to /__admin/tenants and fills t; returns the status (201 expected),
 * or the error reply's status with t untouched. */
long ctl_tenant_create(struct rmmsim *sim, const char *body, struct ctl_tenant *t);
void ctl_tenant_delete(struct rmmsim *sim, const char *id);

/* A RemotePC call with Authorization: Bearer key; returns the status and the reply (parsed
 * into *json when json is not NULL; cJSON_Delete it; NULL when not JSON). */
long ctl_rp(struct rmmsim *sim, struct ctl_route route, const char *key, const char *method,
            const char *path, const char *body, cJSON **json);
/* An OCO JSON-RPC call as admin:admin with params {"api_key": key, "data": data_json}. */
long ctl_oco(struct rmmsim *sim, struct ctl_route route, const char *key, const char *method,
             const char *data_json, cJSON **json);
/* A control-plane call (body may be NULL); same conventions. */
long ctl_admin(struct rmmsim *sim, struct ctl_route route, const char *method, const char *path,
               const char *body, cJSON **json);

#endif
