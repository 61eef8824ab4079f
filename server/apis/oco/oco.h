/*
 * The OCO server client API: JSON-RPC 2.0 at /api-client.php, as the real v1.2.2 server
 * behaves (seed 003, reference/oco.md; the observed behaviour wins over the document).
 */
#ifndef RMMSIM_OCO_H
#define RMMSIM_OCO_H

#include "core/http.h"

extern const struct http_api oco_api;

#endif
