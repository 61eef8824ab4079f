/*
 * The control plane under /__admin: rmmsim's own endpoints for tests and people
 * (health, reset, fixtures, tenants, the clock; the journal and faults as they arrive).
 */
#ifndef RMMSIM_CONTROL_H
#define RMMSIM_CONTROL_H

#include "core/http.h"
#include "store/store.h"

/* Route flag: the endpoint needs no tenant (health, fixture list). */
#define CTL_ROUTE_NO_TENANT (1u << 8)
/* Route flag: requests to it are not recorded in the journal (F-CTL-020). */
#define CTL_ROUTE_NO_JOURNAL (1u << 12)
/* Route flag: served without the admin token of --admin-token (health, the page's static
 * files: F-CORE-011). */
#define CTL_ROUTE_OPEN (1u << 13)

/* admin.c */
/* The control plane's API; its handlers find the store through ctl_store_of(req->app). */
extern const struct http_api ctl_admin_api;

/* Provided by the embedding application: the store behind a request's app pointer. */
struct store *ctl_store_of(void *app);

#endif
