/* The "pcvisit" fixture section (server/store/pcvisit.c): a bad value is refused with its
 * JSON path; F-PCV-066 (the fields every query relies on are checked at load). */
#include "store/pcvisit.h"
#include "store/store.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define COMPANY "{\"customerUuid\":\"c1\",\"companyName\":\"C\"}"
#define USER "{\"id\":\"auth0|u\",\"email\":\"u@x.example\",\"companyIds\":[\"c1\"]}"
#define SESSION_BUT(extra) SESSION_OF("R2OSession", extra)
#define SESSION_OF(type, extra)                                                                    \
    "{\"id\":\"s1\",\"name\":\"n\",\"type\":\"" type "\",\"state\":\"Finished\","                  \
    "\"invoiceState\":\"Invoiced\",\"sessionCompanyUuid\":\"c1\",\"sessionCreatedAt\":1,"          \
    "\"lastUpdatedAt\":1,\"participants\":[]" extra "}"

static void bad_values_name_their_path(void **state)
{
    (void)state;
    static const struct {
        const char *section, *error;
    } cases[] = {
        {"[]", "$.pcvisit: must be an object"},
        {"{\"companies\":[{\"companyName\":\"C\"}]}", "$.pcvisit.companies[0].customerUuid"},
        {"{\"companies\":[" COMPANY "],\"users\":[{\"id\":\"auth0|u\",\"email\":\"e\","
         "\"companyIds\":[\"nope\"]}]}",
         "$.pcvisit.users[0].companyIds[0]: names no company of the fixture"},
        {"{\"companies\":[" COMPANY "],\"users\":[" USER "],\"tokenPairs\":[{"
         "\"integratorApiToken\":\"i\",\"userApiToken\":\"u\",\"user\":\"auth0|x\","
         "\"company\":\"c1\"}]}",
         "$.pcvisit.tokenPairs[0]: user or company names none of the fixture"},
        {"{\"companies\":[" COMPANY "],\"sessions\":[" SESSION_OF("Nope", "") "]}",
         "$.pcvisit.sessions[0].type: must be a value of the schema's enum"},
        {"{\"companies\":[" COMPANY "],\"sessions\":[{\"id\":\"s1\"}]}",
         "$.pcvisit.sessions[0].name"},
        {"{\"companies\":[" COMPANY
         "],\"sessions\":[" SESSION_BUT(",\"comments\":[{\"createdAt\":1}]") "]}",
         "$.pcvisit.sessions[0].comments[0].text"},
    };
    char dir[] = "/tmp/rmmsim-pcv-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/pcvisit.json", dir);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(path, "w");
        fprintf(f, "{\"pcvisit\": %s}", cases[i].section);
        fclose(f);
        struct store_options opts = {
            .default_fixture = path, .sections = store_sections, .nsections = store_nsections};
        struct store *st = NULL;
        char err[512] = "";
        if (store_open(&opts, &st, err, sizeof err) == RM_OK)
            fail_msg("case %zu loaded", i);
        if (!strstr(err, cases[i].error))
            fail_msg("case %zu: '%s' does not contain '%s'", i, err, cases[i].error);
    }
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(bad_values_name_their_path)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
