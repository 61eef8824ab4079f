/*
 * Shared by the files of apis/oco: the error table (English and German, reference/oco.md
 * section 1), one JSON-RPC call's context, the method table and PHP-like parameter readers.
 */
#ifndef RMMSIM_OCO_INT_H
#define RMMSIM_OCO_INT_H

#include "apis/oco/oco.h"
#include "store/oco.h"

#include <stdint.h>

/* JSON-RPC errors: name, code, English, German (OBSERVED texts, F-OCO-010). */
#define OCO_ERRORS(X)                                                                             \
    X(UNKNOWN_METHOD, -32001, "Unknown Method", "Unbekannte Methode")                             \
    X(PERMISSION_DENIED, -32002, "Permission denied. You do not have the necessary rights.",      \
      "Zugriff verweigert. Sie besitzen nicht die notwendigen Rechte.")                           \
    X(NOT_FOUND, -32003, "Not found", "Nicht gefunden")                                           \
    X(HOSTNAME_EMPTY, -32001, "The host name cannot be empty", "Der Hostname darf nicht leer sein") \
    X(HOSTNAME_EXISTS, -32001, "This hostname already exists",                                    \
      "Der angegebene Hostname existiert bereits")                                                \
    X(NAME_EMPTY, -32001, "The name cannot be empty", "Der Name darf nicht leer sein")            \
    X(FILL_REQUIRED, -32001, "Please fill the required fields",                                   \
      "Bitte f\xc3\xbcllen Sie die erforderlichen Felder aus")                                    \
    X(PACKAGE_EXISTS, -32001, "A package with this name already exists with this version.",      \
      "Es existiert bereits ein Paket mit diesem Namen und dieser Version.")                      \
    X(PAYLOAD_CORRUPT, -32001, "Payload corrupt", "Payload fehlerhaft")                           \
    X(END_BEFORE_START, -32001, "The end time cannot be before the start time.",                  \
      "Die Endzeit darf nicht vor der Startzeit liegen.")                                         \
    X(INVALID_INPUT, -32001, "Invalid Value. Please check your input.",                           \
      "Ung\xc3\xbcltiger Wert. Bitte pr\xc3\xbc" "fen Sie Ihre Eingaben.")                        \
    X(NO_JOBS_CREATED, -32001,                                                                    \
      "Your request did not produced any jobs. Please check if you have at least one computer "   \
      "and one package selected.",                                                                \
      "Ihre Anfrage erzeugte keine Jobs. Bitte pr\xc3\xbc" "fen Sie, ob Sie mindestens einen "    \
      "Computer und ein Paket ausgew\xc3\xa4hlt haben.")                                          \
    X(DELETE_FAILED_ACTIVE_JOBS, -32001,                                                          \
      "The object could not be deleted because there are still active jobs referencing this "     \
      "object. Please delete the corresponding jobs first, then try again.",                      \
      "Das Objekt konnte nicht gel\xc3\xb6scht werden, da noch aktive Jobs vorhanden sind, die "  \
      "auf dieses Objekt verweisen. Bitte l\xc3\xb6schen Sie zuerst die entsprechenden Jobs und " \
      "versuchen Sie es erneut.")                                                                 \
    X(DELETE_FAILED_DEPENDENT_PACKAGES, -32001,                                                   \
      "The package could not be deleted because there are still dependent packages which are "    \
      "referenced to this package.",                                                              \
      "Das Paket konnte nicht gel\xc3\xb6scht werden, da noch von diesem Pakete abh\xc3\xa4ngige " \
      "Pakete zugeordnet sind.")                                                                  \
    X(FAMILY_OR_GROUP_REQUIRED, -32001, "package_family_id or package_group_id is required",      \
      "package_family_id or package_group_id is required")                                        \
    X(ONLY_SELECT, -32001, "Only SELECT queries are allowed in reports",                          \
      "Only SELECT queries are allowed in reports")                                               \
    X(NO_MAC, -32000,                                                                             \
      "No WOL packet could be sent because no MAC address of this computer is known. Please "     \
      "connect a network adapter to the computer and run the agent so that the MAC address is "   \
      "reported to the server.",                                                                  \
      "Es konnte kein WOL-Paket gesendet werden, da keine MAC-Adresse dieses Rechners bekannt "   \
      "ist. Bitte schlie\xc3\x9f" "en Sie einen Netzwerkadapter an den Rechner an und f\xc3\xbc"  \
      "hren Sie den Agenten aus, damit die MAC-Adresse an den Server gemeldet wird.")             \
    X(INVALID_IP, -32000, "Invalid IP address", "Ung\xc3\xbcltige IP-Adresse")                    \
    X(INVALID_TIME, -32000, "Invalid time input", "Ung\xc3\xbcltige Zeiteingabe")                 \
    X(LICENSE_INVALID, -32000,                                                                    \
      "Your license is invalid. Please upload a new license in the settings.",                    \
      "Ihre Lizenz ist ung\xc3\xbcltig. Bitte laden Sie eine neue Lizenz in den Einstellungen.")  \
    X(UNKNOWN_ERROR, -32000, "Unknown Error", "Unbekannter Fehler")                               \
    X(DATABASE_ERROR, -32000, "Database error. Please check logfiles.",                           \
      "Datenbankfehler. Bitte Logdateien pr\xc3\xbc" "fen.")                                      \
    X(SQL_ERROR, -32000, "", "") /* the text is the SQL engine's message */

enum oco_err {
    OCO_OK = 0,
#define OCO_ERR_ENUM(name, code, en, de) OCO_E_##name,
    OCO_ERRORS(OCO_ERR_ENUM)
#undef OCO_ERR_ENUM
        OCO_ERR_COUNT,
    /* Not a JSON-RPC error: PHP would die with a TypeError, the reply is HTTP 500. */
    OCO_FATAL,
};

/* One JSON-RPC request (one batch element). */
struct oco_call {
    struct http_req *req;
    struct store_tenant *tenant;
    bool german;           /* Accept-Language starts with "de" */
    int64_t user_id;       /* the authenticated system user */
    const cJSON *data;     /* params.data; an empty object when absent or not an object */
    cJSON *result;         /* the method's data on success (taken by the transport) */
    const char *message;   /* OCO_E_SQL_ERROR's text (arena) */
};

typedef enum oco_err (*oco_method_fn)(struct oco_call *call);

struct oco_method {
    const char *name; /* "oco.computer.list" */
    oco_method_fn fn;
    bool pure;        /* result depends only on the data, the parameters and the language:
                         reused until the tenant's next change (F-CORE-008) */
};

/* Method families (computers.c, packages.c, jobs.c, reports.c), each ended by { NULL }. */
extern const struct oco_method oco_computer_methods[];
extern const struct oco_method oco_package_methods[];
extern const struct oco_method oco_job_methods[];
extern const struct oco_method oco_report_methods[];

/* computers.c */
/* {"id": "<id>"}: new ids are strings (PDO's lastInsertId, OBSERVED). */
cJSON *oco_new_id(int64_t id);
/* PHP's trim() into the arena. */
const char *oco_trim(struct oco_call *call, const char *s);
/* The "force" parameter: absent or null is true, else PHP truthiness (OBSERVED). */
bool oco_force(struct oco_call *call);

/* reports.c */
/* The v1.2.1+ guard: after leading white space, the whole word SELECT in any case. */
bool oco_report_is_select(const char *query);

/* jobs.c */
/* Recomputes the jobs of every deployment rule that targets the computer group, or the
 * package group, or every group the computer is in (reference/oco.md "Rule evaluation"). */
enum oco_err oco_rules_evaluate_computer_group(struct oco_call *call, int64_t group_id);
enum oco_err oco_rules_evaluate_package_group(struct oco_call *call, int64_t group_id);
enum oco_err oco_rules_evaluate_computer(struct oco_call *call, int64_t computer_id);

/* transport.c */
const char *oco_err_text(enum oco_err err, bool german);
int oco_err_code(enum oco_err err);

/* params.c: PHP's view of JSON values (F-OCO-020) */

/* data[key], or NULL when absent or JSON null (PHP's isset). */
const cJSON *oco_param(const struct oco_call *call, const char *key);
/* PHP truthiness: null, false, 0, 0.0, "", "0" and [] are false. */
bool oco_truthy(const cJSON *v);
/* PHP's empty() of a string: "" and "0". */
bool oco_php_empty_string(const char *s);
/* PHP 8's loose comparison of a decoded JSON value with a number: -1, 0 or 1. Numbers and
 * numeric strings compare as numbers; other strings compare as text with the number's text
 * ("abc" > 100); booleans and null as booleans. */
int oco_php_compare(const cJSON *v, double n);
/* A decoded value as PHP would write it back: json_decode(..., true) turns objects into
 * arrays, so {} becomes [] and {"0":a,"1":b} becomes [a,b]. New tree (cJSON_Delete). */
cJSON *oco_php_roundtrip(const cJSON *v);
/* PHP intval(): numbers truncated, strings by their leading integer ("12abc" -> 12), true 1. */
int64_t oco_intval(const cJSON *v);
/* intval of data[key], def when absent. */
int64_t oco_param_int(const struct oco_call *call, const char *key, int64_t def);
/* data[key] as PHP would make it a string (numbers printed, true "1", false ""), def when
 * absent. Arrays and objects give NULL (a PHP TypeError or "Array" in the real server). */
const char *oco_param_str(struct oco_call *call, const char *key, const char *def);
/* A value about to be written to a column: max_chars is the n of a VARCHAR(n), 0 for TEXT
 * (65,535 bytes); a NULL value is written as NULL. */
struct oco_column {
    const char *name, *value;
    size_t max_chars;
};
/* F-OCO-117: MariaDB in strict mode refuses a value longer than its column, and PDO's
 * message reaches the client as -32000. Checks the n columns in order: OCO_OK, or
 * OCO_E_SQL_ERROR for the first that does not fit, with call->message set. */
enum oco_err oco_columns_fit(struct oco_call *call, const struct oco_column *columns, size_t n);
/* Whether data[key] is truthy, def when absent or null. */
bool oco_param_bool(const struct oco_call *call, const char *key, bool def);
/* The ids of a list parameter (JSON array of ints or numeric strings), intval'd; absent is
 * empty. Arena array. Returns -1 when the value is not an array (the caller decides). */
int oco_param_ids(struct oco_call *call, const char *key, int64_t **ids, size_t *count);
/* ms (UTC) as 'YYYY-MM-DD HH:MM:SS', the form of the server's DATETIME columns. */
void oco_format_time(int64_t ms, char out[20]);
/* Now as 'YYYY-MM-DD HH:MM:SS' (the simulated clock; UTC stands in for server local time). */
void oco_now(char out[20]);

/* phpjson.c */
/* json as PHP 8's json_encode(..., JSON_PARTIAL_OUTPUT_ON_ERROR) writes it: "/" as "\/",
 * non-ASCII as \uXXXX, invalid UTF-8 strings as null (F-OCO-030). Arena text. */
char *oco_json_encode(struct rm_arena *a, const cJSON *json);

#endif
