/*
 * Request and assertion helpers shared by the OCO client API tests (the *_test.c files beside it).
 * Everything goes through real HTTP to /api-client.php of one embedded rmmsim per test
 * program (oco.sim).
 *
 * Every JSON-RPC reply fetched through rpc() and the helpers built on it is checked by
 * oco_envelope(): HTTP 200, Content-Type exactly application/json, keys exactly jsonrpc
 * ("2.0"), id (echoed unchanged), then result ({"success":true,"data":...}) or error
 * ({"code":N,"message":"...","data":null}), in that order (reference/oco.md section 1,
 * F-OCO-010, F-OCO-030).
 *
 * Ownership: a returned char * is malloc'd (free it); a returned cJSON * is the caller's
 * (cJSON_Delete it), except jget() and find_id(), which point into their argument.
 */
#ifndef RMMSIM_TESTS_OCO_SUPPORT_H
#define RMMSIM_TESTS_OCO_SUPPORT_H

#include "testlib.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OCO_PATH "/api-client.php"
#define OCO_KEY "demo-oco-api-key"
#define GERMAN "de-DE,de;q=0.9"

/* A NULL-terminated list of strings: KEYS("id", "name"). */
#define KEYS(...) ((const char *const[]){ __VA_ARGS__, NULL })

struct oco_context {
    struct rmmsim *sim;
    /* The fixture oco_fresh() restores before every test; main() sets it. */
    const char *fixture;
};
extern struct oco_context oco;

/* ------------------------------------------------------------------ cmocka fixtures */

/* Group setup: starts oco.sim on oco.fixture. */
int oco_group_setup(void **state);
/* Group teardown: stops oco.sim, unfreezes the clock, removes temporary fixture files. */
int oco_group_teardown(void **state);
/* Per-test setup: soft_begin(), clock unfrozen, oco.sim reset to oco.fixture. */
int oco_fresh(void **state);
/* Runs the group with oco_group_setup/teardown; the environment variable OCO_TEST_FILTER
 * (a cmocka pattern, e.g. "batch*") runs only the matching tests. */
#define OCO_RUN(tests) oco_run_group((tests), sizeof(tests) / sizeof *(tests))
int oco_run_group(const struct CMUnitTest *tests, size_t n);
/* Hard: resets oco.sim now to fixture (a name or a path). */
void oco_use(const char *fixture);

/* A temporary fixture file: fixtures/<base>.json of the source tree, passed through edit
 * (which gets the "oco" section; may be NULL), written to a new file under /tmp that
 * oco_group_teardown() removes. Returns its path (static storage of the support file,
 * valid until teardown). */
const char *oco_fixture_variant(const char *base, void (*edit)(cJSON *oco_section));

/* The simulated clock of the embedded server (it runs in this process). */
void oco_freeze_clock(const char *utc_datetime); /* "YYYY-MM-DD HH:MM:SS" */
void oco_unfreeze_clock(void);

/* ------------------------------------------------------------------ soft mismatches
 * Between soft_begin() (each test's setup) and soft_end() (each test's last statement), a
 * mismatch is printed and counted instead of ending the test. A hard assertion still ends
 * the test at once. */
void soft_begin(void);
void soft_end(void);
void mismatch(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* ------------------------------------------------------------------ raw HTTP */

struct oco_http {
    const char *verb;  /* NULL: POST */
    const char *auth;  /* "user:password" sent as Basic; NULL: admin:admin; "" none */
    const char *raw_auth; /* a whole "Authorization: ..." line instead of auth */
    const char *ctype; /* NULL: application/json; "" no Content-Type at all */
    const char *lang;  /* Accept-Language, NULL: none */
    const char *body;  /* NULL: none */
    size_t body_len;   /* 0: strlen(body) */
};

/* Sends h; fails the test on a transport error. res is the caller's. */
void oco_send(const struct oco_http *h, struct tl_response *res);
/* The reason phrase of res's status line, copied into buf ("" when none). */
const char *oco_reason(const struct tl_response *res, char *buf, size_t size);
/* Soft: the reply to h is HTTP status with this reason phrase, exactly this body, the
 * text/html; charset=UTF-8 Content-Type of PHP's non-JSON replies and no WWW-Authenticate. */
void expect_http(const struct oco_http *h, long status, const char *reason, const char *body,
                 const char *label);

/* ------------------------------------------------------------------ JSON-RPC */

/* {"jsonrpc":"2.0","id":1,"method":M,"params":{"api_key":KEY,"data":DATA}}; data NULL:
 * no "data" key. */
char *oco_request(const char *method, const char *data_json);

/* Hard: reply (parsed) is a JSON-RPC reply object with the id want_id (NULL: 1) in the key
 * order above. what names it in messages. */
void oco_envelope(const cJSON *reply, const cJSON *want_id, const char *what);

/* Sends body as admin with lang (NULL: none). Hard: HTTP 200, Content-Type exactly
 * application/json. Returns the raw text (free it). */
char *rpc_text(const char *lang, const char *body);

/* One request (oco_request(method, data_json)) as admin in English. When the reply is
 * HTTP 200 it must pass oco_envelope() and the parsed reply is returned; otherwise NULL.
 * *http_status gets the status (may be NULL: then anything but 200 fails the test). */
cJSON *rpc(const char *method, const char *data_json, long *http_status);
/* The same with Accept-Language lang. */
cJSON *rpc_lang(const char *lang, const char *method, const char *data_json, long *http_status);

/* Hard: the call succeeds; returns its result.data, detached (cJSON_Delete it). */
cJSON *ok(const char *method, const char *data_json);
/* ok() with printf-style data. */
cJSON *okf(const char *method, const char *data_format, ...)
    __attribute__((format(printf, 2, 3)));
/* ok() whose data must be [] (empty JSON array, not {}). */
void ok_empty(const char *method, const char *data_json);
/* Hard: a create/deploy call; data must be exactly {"id":"<digits>"} (a string, F-OCO-010
 * reference "insert ids are strings"). Returns the number. */
int64_t ok_new_id(const char *method, const char *data_json);

/* Soft: the call gives the JSON-RPC error code with exactly en (English, no
 * Accept-Language) and de (Accept-Language GERMAN), data null, HTTP 200. de NULL: only
 * English is asked. */
void expect_rpc_error(const char *method, const char *data_json, int code, const char *en,
                      const char *de);
/* Soft: reply is an error object with code and message. */
void expect_error_in(const cJSON *reply, int code, const char *message, const char *label);
/* Soft: the reply to the call is HTTP 500 with an empty body (PHP's TypeError, F-OCO-020). */
void expect_500(const char *method, const char *data_json);

/* ------------------------------------------------------------------ JSON */

/* The value at a dotted path ("result.data.0.id"; numbers index arrays), or NULL. */
cJSON *jget(const cJSON *v, const char *path);
/* The element of array whose number "id" equals id, or NULL. */
cJSON *find_id(const cJSON *array, int64_t id);
/* Soft: the value at path is (printed unformatted, keys in order) exactly want_json. */
void expect_json(const cJSON *v, const char *path, const char *want_json, const char *label);
/* Soft: obj's keys are exactly keys, in that order. */
void expect_keys(const cJSON *obj, const char *const *keys, const char *label);
/* Soft: every element of array passes expect_keys. */
void expect_keys_each(const cJSON *array, const char *const *keys, const char *label);
/* Soft: the number at path equals want (and is a JSON number, not a string). */
void expect_num(const cJSON *v, const char *path, double want, const char *label);
/* Soft: the string at path equals want (NULL: must be JSON null). */
void expect_str(const cJSON *v, const char *path, const char *want, const char *label);
/* Soft: the array at path has n elements. */
void expect_len(const cJSON *v, const char *path, int n, const char *label);

/* printf into a new string (free it). */
char *fmt(const char *format, ...) __attribute__((format(printf, 1, 2)));
/* n copies of unit (free it). */
char *repeat(const char *unit, size_t n);
/* Standard base64 of data (free it). */
char *b64(const void *data, size_t len);

/* ------------------------------------------------------------------ object shapes
 * reference/oco.md "Object shapes" (JSON key order = PHP model property order). */
extern const char *const COMPUTER_KEYS[];          /* computer.list element */
extern const char *const COMPUTER_GET_KEYS[];      /* computer.get general (same keys) */
extern const char *const COMPUTER_GROUP_KEYS[];
extern const char *const PACKAGE_GROUP_KEYS[];
extern const char *const REPORT_GROUP_KEYS[];
extern const char *const PACKAGE_KEYS[];           /* package.list element */
extern const char *const PACKAGE_GET_KEYS[];       /* + updated_by_system_user_username */
extern const char *const FAMILY_KEYS[];
extern const char *const COMPUTER_PACKAGE_KEYS[];
extern const char *const STATIC_JOB_KEYS[];
extern const char *const DYNAMIC_JOB_KEYS[];
extern const char *const CONTAINER_KEYS[];
extern const char *const RULE_KEYS[];
extern const char *const REPORT_KEYS[];

/* ------------------------------------------------------------------ texts (reference/oco.md 1) */
#define T_UNKNOWN_METHOD "Unknown Method"
#define T_UNKNOWN_METHOD_DE "Unbekannte Methode"
#define T_DENIED "Permission denied. You do not have the necessary rights."
#define T_DENIED_DE "Zugriff verweigert. Sie besitzen nicht die notwendigen Rechte."
#define T_NOT_FOUND "Not found"
#define T_NOT_FOUND_DE "Nicht gefunden"
#define T_HOST_EMPTY "The host name cannot be empty"
#define T_HOST_EMPTY_DE "Der Hostname darf nicht leer sein"
#define T_HOST_EXISTS "This hostname already exists"
#define T_HOST_EXISTS_DE "Der angegebene Hostname existiert bereits"
#define T_NAME_EMPTY "The name cannot be empty"
#define T_NAME_EMPTY_DE "Der Name darf nicht leer sein"
#define T_FILL "Please fill the required fields"
#define T_FILL_DE "Bitte f\xc3\xbcllen Sie die erforderlichen Felder aus"
#define T_PKG_EXISTS "A package with this name already exists with this version."
#define T_PKG_EXISTS_DE "Es existiert bereits ein Paket mit diesem Namen und dieser Version."
#define T_PAYLOAD "Payload corrupt"
#define T_PAYLOAD_DE "Payload fehlerhaft"
#define T_END_BEFORE "The end time cannot be before the start time."
#define T_END_BEFORE_DE "Die Endzeit darf nicht vor der Startzeit liegen."
#define T_INVALID "Invalid Value. Please check your input."
#define T_INVALID_DE "Ung\xc3\xbcltiger Wert. Bitte pr\xc3\xbc" "fen Sie Ihre Eingaben."
#define T_NO_JOBS                                                                                 \
    "Your request did not produced any jobs. Please check if you have at least one computer and " \
    "one package selected."
#define T_NO_JOBS_DE                                                                              \
    "Ihre Anfrage erzeugte keine Jobs. Bitte pr\xc3\xbc" "fen Sie, ob Sie mindestens einen "      \
    "Computer und ein Paket ausgew\xc3\xa4hlt haben."
#define T_ACTIVE_JOBS                                                                             \
    "The object could not be deleted because there are still active jobs referencing this "       \
    "object. Please delete the corresponding jobs first, then try again."
#define T_ACTIVE_JOBS_DE                                                                          \
    "Das Objekt konnte nicht gel\xc3\xb6scht werden, da noch aktive Jobs vorhanden sind, die auf " \
    "dieses Objekt verweisen. Bitte l\xc3\xb6schen Sie zuerst die entsprechenden Jobs und "        \
    "versuchen Sie es erneut."
#define T_DEPENDENT                                                                               \
    "The package could not be deleted because there are still dependent packages which are "      \
    "referenced to this package."
#define T_DEPENDENT_DE                                                                            \
    "Das Paket konnte nicht gel\xc3\xb6scht werden, da noch von diesem Pakete abh\xc3\xa4ngige "   \
    "Pakete zugeordnet sind."
#define T_FAMILY_OR_GROUP "package_family_id or package_group_id is required"
#define T_ONLY_SELECT "Only SELECT queries are allowed in reports"
#define T_NO_MAC                                                                                  \
    "No WOL packet could be sent because no MAC address of this computer is known. Please "       \
    "connect a network adapter to the computer and run the agent so that the MAC address is "     \
    "reported to the server."
#define T_NO_MAC_DE                                                                               \
    "Es konnte kein WOL-Paket gesendet werden, da keine MAC-Adresse dieses Rechners bekannt "     \
    "ist. Bitte schlie\xc3\x9f" "en Sie einen Netzwerkadapter an den Rechner an und f\xc3\xbc"    \
    "hren Sie den Agenten aus, damit die MAC-Adresse an den Server gemeldet wird."
#define T_BAD_IP "Invalid IP address"
#define T_BAD_IP_DE "Ung\xc3\xbcltige IP-Adresse"
#define T_BAD_TIME "Invalid time input"
#define T_BAD_TIME_DE "Ung\xc3\xbcltige Zeiteingabe"
#define T_LICENSE "Your license is invalid. Please upload a new license in the settings."
#define T_LICENSE_DE                                                                              \
    "Ihre Lizenz ist ung\xc3\xbcltig. Bitte laden Sie eine neue Lizenz in den Einstellungen."

#endif
