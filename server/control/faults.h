/*
 * Fault injection (docs/control-plane.md "Faults"): the faults a rmmsim holds, applied to
 * every API request once its tenant is known, and the /__admin/faults and /__admin/errors
 * endpoints.
 */
#ifndef RMMSIM_CTL_FAULTS_H
#define RMMSIM_CTL_FAULTS_H

#include "core/http.h"

/* The faults registered with one rmmsim; locked inside, usable from every worker. */
struct ctl_faults;

/* A new, empty set (ctl_faults_free); NULL when memory ran out. */
struct ctl_faults *ctl_faults_new(void);
void ctl_faults_free(struct ctl_faults *f);

/* Applies the request's X-Rmmsim-Fault header, else the oldest registered fault that matches
 * it (F-CTL-030, F-CTL-031); req->tenant and req->api are set. Sleeps for a delay. Returns 0
 * when the request goes on to its handler (nothing, a delay, or a reply to cut: res->truncated
 * is set), or 1 when res holds the reply instead (a vendor error, a raw reply, a drop: res->drop,
 * or a 400 for a bad header). The control plane itself is never faulted. */
int ctl_fault_apply(struct ctl_faults *f, struct http_req *req, struct http_res *res);

/* Removes the faults registered for the tenant called id (not the all-tenant ones): the
 * tenant was deleted, and one made again with its id starts without them (F-CTL-074). */
void ctl_faults_forget_tenant(struct ctl_faults *f, const char *id);

/* Provided by the embedding application: the faults and the APIs behind a request's app. */
struct ctl_faults *ctl_faults_of(void *app);
const struct http_api *const *ctl_apis_of(void *app, size_t *n);

/* Handlers of /__admin/faults and /__admin/errors (admin.c's route table). */
void ctl__faults_add(struct http_req *req, struct http_res *res);
void ctl__faults_list(struct http_req *req, struct http_res *res);
void ctl__faults_clear(struct http_req *req, struct http_res *res);
void ctl__faults_delete(struct http_req *req, struct http_res *res);
void ctl__errors_list(struct http_req *req, struct http_res *res);

#endif
