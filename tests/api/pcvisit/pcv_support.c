/* Helpers of the pcvisit API tests (pcv_support.h). */
#include "pcv_support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cJSON *pcv_gql(struct rmmsim *sim, const char *jwt, const char *query, const char *variables)
{
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "query", query);
    if (variables)
        cJSON_AddItemToObject(body, "variables", cJSON_Parse(variables));
    char *text = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    char auth[2048];
    struct tl_request req = {.method = "POST",
                             .path = "/graphql",
                             .body = text,
                             .headers = {"Content-Type: application/json"}};
    if (jwt) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", jwt);
        req.headers[1] = auth;
    }
    struct tl_response res;
    tl_do(sim, &req, &res);
    free(text);
    if (res.status != 200)
        fprintf(stderr, "pcv_gql: HTTP %ld: %s\n", res.status, res.body);
    assert_int_equal(res.status, 200);
    cJSON *json = tl_json(&res);
    tl_response_free(&res);
    return json;
}

cJSON *pcv_gql_var(struct rmmsim *sim, const char *jwt, const char *query, const char *name,
                   const char *value)
{
    cJSON *vars = cJSON_CreateObject();
    cJSON_AddStringToObject(vars, name, value);
    char *text = cJSON_PrintUnformatted(vars);
    cJSON_Delete(vars);
    cJSON *reply = pcv_gql(sim, jwt, query, text);
    free(text);
    return reply;
}

const char *pcv_jwt(struct rmmsim *sim, const char *integrator, const char *user)
{
    static char jwt[1024];
    char query[512];
    snprintf(query, sizeof query,
             "{ SiRetrieveSignedJwt(integratorApiToken: \"%s\", userApiToken: \"%s\") "
             "{ ... on SignedJwtWasRetrieved { token } ... on Failure { error } } }",
             integrator, user);
    cJSON *reply = pcv_gql(sim, NULL, query, NULL);
    const cJSON *token =
        cJSON_GetObjectItem(pcv_field(reply, "SiRetrieveSignedJwt", NULL), "token");
    assert_true(cJSON_IsString(token));
    snprintf(jwt, sizeof jwt, "%s", token->valuestring);
    cJSON_Delete(reply);
    return jwt;
}

const char *pcv_demo_jwt(struct rmmsim *sim)
{
    return pcv_jwt(sim, "demo-integrator-token", "demo-user-token");
}

const cJSON *pcv_field(const cJSON *reply, const char *field, const char *typename)
{
    if (cJSON_GetObjectItem(reply, "errors")) {
        char *text = cJSON_Print(reply);
        fprintf(stderr, "unexpected errors: %s\n", text);
        free(text);
    }
    assert_null(cJSON_GetObjectItem(reply, "errors"));
    const cJSON *v = cJSON_GetObjectItem(cJSON_GetObjectItem(reply, "data"), field);
    assert_true(cJSON_IsObject(v));
    if (typename) {
        const cJSON *t = cJSON_GetObjectItem(v, "__typename");
        assert_true(cJSON_IsString(t));
        if (strcmp(t->valuestring, typename) != 0) {
            char *text = cJSON_Print(v);
            fprintf(stderr, "expected %s: %s\n", typename, text);
            free(text);
        }
        assert_string_equal(t->valuestring, typename);
    }
    return v;
}

const char *pcv_expect_failure(const cJSON *reply, const char *field, const char *error)
{
    const cJSON *f = pcv_field(reply, field, "Failure");
    assert_string_equal(cJSON_GetObjectItem(f, "error")->valuestring, error);
    const cJSON *c = cJSON_GetObjectItem(f, "comment_for_dev");
    return cJSON_IsString(c) ? c->valuestring : "";
}

const cJSON *pcv_fixture(const char *name)
{
    static cJSON *docs[4];
    static const char *names[4];
    for (int i = 0; i < 4; i++) {
        if (names[i] && strcmp(names[i], name) == 0)
            return cJSON_GetObjectItem(docs[i], "pcvisit");
        if (!names[i]) {
            char path[1024];
            snprintf(path, sizeof path, "%s/fixtures/%s.json", RMMSIM_SOURCE_DIR, name);
            FILE *f = fopen(path, "rb");
            assert_non_null(f);
            fseek(f, 0, SEEK_END);
            long size = ftell(f);
            fseek(f, 0, SEEK_SET);
            char *buf = malloc((size_t)size + 1);
            assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
            buf[size] = '\0';
            fclose(f);
            docs[i] = cJSON_Parse(buf);
            free(buf);
            assert_non_null(docs[i]);
            names[i] = name;
            return cJSON_GetObjectItem(docs[i], "pcvisit");
        }
    }
    fail_msg("too many fixtures");
    return NULL;
}
