/* The GraphQL conformance endpoint over HTTP (conformance_server.h). */
#include "conformance_server.h"

#include "conformance_resolvers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct conformance_server {
    struct gql_schema *schema;
    cJSON *root;                 /* data.json */
    struct gql_limits limits;
    struct gql_http_endpoint endpoint;
    struct http_route route;
    struct http_api api;
    const struct http_api *apis[1];
    struct http_app app;
    struct http_server *http;
    char base_url[64];
    char url[80];
};

/* The whole file, NUL-terminated (malloc); NULL when it cannot be read. */
static char *read_file(const char *dir, const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long size;
    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)size + 1)) && fread(buf, 1, (size_t)size, f) == (size_t)size) {
        buf[size] = '\0';
        *len = (size_t)size;
    } else {
        free(buf);
        buf = NULL;
    }
    if (f)
        fclose(f);
    return buf;
}

static void serve(struct http_req *req, struct http_res *res)
{
    struct conformance_server *s = req->app;
    gql_http_serve(&s->endpoint, req, res);
}

struct conformance_server *conformance_server_start(const char *dir,
                                                    const struct gql_limits *limits,
                                                    size_t max_body, char *err, size_t errlen)
{
    struct conformance_server *s = calloc(1, sizeof *s);
    size_t len;
    char *sdl = NULL, *data = NULL;
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!(sdl = read_file(dir, "schema.graphql", &len))) {
        snprintf(err, errlen, "cannot read %s/schema.graphql", dir);
        goto fail;
    }
    if (!(s->schema = gql_schema_build(sdl, len, err, errlen)))
        goto fail;
    if (conformance_resolvers_install(s->schema) != RM_OK) {
        snprintf(err, errlen, "the schema lacks a field of the resolver contract");
        goto fail;
    }
    if (!(data = read_file(dir, "data.json", &len)) ||
        !(s->root = cJSON_ParseWithLength(data, len))) {
        snprintf(err, errlen, "cannot read %s/data.json as JSON", dir);
        goto fail;
    }
    s->limits = limits ? *limits : gql_limits_default;
    s->endpoint = (struct gql_http_endpoint){ s->schema, s->root, NULL, &s->limits };
    /* Every method reaches the handler: it answers 405 itself, after the Accept check. */
    s->route = (struct http_route){ HTTP_ANY, "/graphql", serve, 0, NULL };
    s->api = (struct http_api){ .name = "graphql", .mount = "/graphql", .routes = &s->route,
                                .nroutes = 1, .error = gql_http_error };
    s->apis[0] = &s->api;
    s->app = (struct http_app){ .apis = s->apis, .napis = 1, .ctx = s };
    struct http_server_config cfg = {
        .listen = "127.0.0.1:0",
        .threads = 32, /* more than scripts/bench's 16 connections: none waits for a worker */
        .max_body = max_body ? max_body : 1u << 20,
        .arena_cap = 64u << 20,
    };
    if (http_server_start(&cfg, &s->app, &s->http, err, errlen) != RM_OK)
        goto fail;
    snprintf(s->base_url, sizeof s->base_url, "http://127.0.0.1:%d", http_server_port(s->http));
    snprintf(s->url, sizeof s->url, "%s/graphql", s->base_url);
    free(sdl);
    free(data);
    return s;
fail:
    free(sdl);
    free(data);
    conformance_server_stop(s);
    return NULL;
}

const char *conformance_server_url(const struct conformance_server *s)
{
    return s->url;
}

const char *conformance_server_base_url(const struct conformance_server *s)
{
    return s->base_url;
}

void conformance_server_stop(struct conformance_server *s)
{
    if (!s)
        return;
    http_server_stop(s->http);
    gql_schema_free(s->schema);
    cJSON_Delete(s->root);
    free(s);
}
