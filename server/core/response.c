/*
 * Building replies: status, headers, JSON bodies. Bodies live in the request arena (or
 * are static), so nothing here is freed by the caller.
 */
#include "core/http.h"

#include <string.h>

void http_res_set(struct http_res *res, int status, const char *content_type, const char *body,
                  size_t len)
{
    res->status = status;
    res->content_type = content_type;
    res->body = body;
    res->body_len = len;
}

void http_res_header(struct http_res *res, const char *name, const char *value)
{
    /* A value with a line break would let data write headers of its own: never sent. */
    if (!value || strpbrk(value, "\r\n"))
        return;
    if (res->nheaders < HTTP_MAX_RES_HEADERS)
        res->headers[res->nheaders++] = (struct http_header){ name, value };
}

void http_res_json(struct http_req *req, struct http_res *res, int status, const cJSON *json)
{
    char *text = cJSON_PrintUnformatted(json);
    if (!text || rm_arena_defer(&req->arena, cJSON_free, text) != RM_OK) {
        static const char oom[] = "{\"error\":\"out of memory\",\"status\":500}";
        http_res_set(res, 500, "application/json", oom, sizeof oom - 1);
        return;
    }
    http_res_set(res, status, "application/json", text, strlen(text));
}

void http_res_json_take(struct http_req *req, struct http_res *res, int status, cJSON *json)
{
    http_res_json(req, res, status, json);
    cJSON_Delete(json);
}

void http_res_error_json(struct http_req *req, struct http_res *res, int status,
                         const char *message)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "error", message);
    cJSON_AddNumberToObject(body, "status", status);
    http_res_json_take(req, res, status, body);
}

const char *http_status_text(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 417: return "Expectation Failed";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}
