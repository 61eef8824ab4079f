/*
 * Internals shared by the files of control/: the handlers admin.c's route table names.
 */
#ifndef RMMSIM_CONTROL_INT_H
#define RMMSIM_CONTROL_INT_H

#include "control/control.h"

/* tenants.c: /__admin/tenants (docs/control-plane.md "Tenants") */
void ctl__tenant_create(struct http_req *req, struct http_res *res);
void ctl__tenant_list(struct http_req *req, struct http_res *res);
void ctl__tenant_show(struct http_req *req, struct http_res *res);
void ctl__tenant_delete(struct http_req *req, struct http_res *res);
/* POST /__admin/tenants/{id}/reset */
void ctl__tenant_reset_named(struct http_req *req, struct http_res *res);
/* Restores t (borrowed) to the body's optional {"fixture": NAME} and answers; also returns
 * its clock to real time (F-CTL-011). POST /__admin/reset uses it on the request's tenant. */
void ctl__tenant_reset(struct http_req *req, struct http_res *res, struct store_tenant *t);

/* state.c: /__admin/fixtures and /__admin/state (docs/control-plane.md "Fixtures", "State") */
void ctl__fixture_list(struct http_req *req, struct http_res *res);
void ctl__fixture_upload(struct http_req *req, struct http_res *res);
void ctl__fixture_delete(struct http_req *req, struct http_res *res);
void ctl__state_get(struct http_req *req, struct http_res *res);

/* clock.c: /__admin/clock (docs/control-plane.md "Clock") */
void ctl__clock_get(struct http_req *req, struct http_res *res);
void ctl__clock_set(struct http_req *req, struct http_res *res);

/* journal.c: /__admin/requests (docs/control-plane.md "Request journal") */
void ctl__journal_list(struct http_req *req, struct http_res *res);
void ctl__journal_count(struct http_req *req, struct http_res *res);
void ctl__journal_clear(struct http_req *req, struct http_res *res);

/* page.c: the admin page, /__admin/ (docs/control-plane.md "Admin page") */
void ctl__page_index(struct http_req *req, struct http_res *res);
void ctl__page_asset(struct http_req *req, struct http_res *res);
void ctl__page_redirect(struct http_req *req, struct http_res *res);

#endif
