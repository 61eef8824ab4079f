/*
 * RemotePC Enterprise and Reseller APIs (seeds 000 and 001, reference/remotepc.md).
 * remotepc_int.h holds what the files of this module share; this header is what the
 * application wires in.
 */
#ifndef RMMSIM_REMOTEPC_H
#define RMMSIM_REMOTEPC_H

#include "core/http.h"

/* Enterprise: /rpcnew/api/msp/... (13 endpoints). */
extern const struct http_api rp_enterprise_api;
/* Reseller: /rpc-api/reseller/private/user/... (4 endpoints). */
extern const struct http_api rp_reseller_api;
/* Links rmmsim hands out and serves: sign-in links and web-viewer connect URLs. */
extern const struct http_api rp_links_api;

#endif
