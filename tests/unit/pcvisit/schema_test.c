/* pcvisit's SDL (schema/pcvisit.graphql) against its API reference (../shared/seeds/002_...):
 * the embedded copy must build, and introspection (gql_parse, gql_validate, gql_execute, as a
 * client asks) must show the six queries, every type of the reference and each enum and
 * union as docs/fidelity.md's "pcvisit schema" rows decide them (F-PCV-0NN next to the
 * assertion that pins each). */
#include "core/embed.h"
#include "graphql/gql.h"
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#define TYPE_REF "kind name ofType { kind name ofType { kind name ofType { kind name } } }"

static const char introspection[] =
    "query PcvisitSchema { __schema {\n"
    "  queryType { name } mutationType { name } subscriptionType { name }\n"
    "  types { kind name description specifiedByURL\n"
    "    fields(includeDeprecated: true) { name description\n"
    "      args { name description defaultValue type { " TYPE_REF " } }\n"
    "      type { " TYPE_REF " } }\n"
    "    inputFields { name description defaultValue type { " TYPE_REF " } }\n"
    "    enumValues(includeDeprecated: true) { name description }\n"
    "    possibleTypes { name } } } }";

static struct gql_schema *schema;
static cJSON *response; /* the introspection's response body */
static const cJSON *types; /* __schema.types */

static int build_and_introspect(void **state)
{
    (void)state;
    const struct rm_embedded_file *f = rm_embed_find("schema/pcvisit.graphql");
    if (!f)
        return -1;
    char err[512];
    schema = gql_schema_build(f->data, f->len, err, sizeof err);
    if (!schema) {
        fprintf(stderr, "schema/pcvisit.graphql: %s\n", err);
        return -1;
    }
    struct rm_arena a;
    rm_arena_init(&a, 0);
    int rc = -1;
    const char *syntax;
    struct gql_location loc;
    struct gql_node *doc = gql_parse(&a, introspection, strlen(introspection), NULL, &syntax,
                                     &loc);
    const struct gql_error *errors;
    if (!doc || gql_validate(schema, doc, introspection, strlen(introspection), &a, &errors))
        goto out;
    struct gql_exec_request request = { .schema = schema, .document = doc,
                                        .source = introspection, .len = strlen(introspection) };
    struct gql_result result;
    if (gql_execute(&request, &a, &result) != RM_OK || result.nerrors)
        goto out;
    size_t len;
    const char *body = gql_result_json(&a, &result, &len);
    response = body ? cJSON_Parse(body) : NULL;
    types = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(response, "data"),
                                         "__schema"),
        "types");
    rc = cJSON_IsArray(types) ? 0 : -1;
out:
    rm_arena_clear(&a);
    return rc;
}

static int free_all(void **state)
{
    (void)state;
    cJSON_Delete(response);
    gql_schema_free(schema);
    return 0;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The element of a list of objects whose "name" is name, or NULL. */
static const cJSON *named(const cJSON *list, const char *name)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, list) {
        const char *n = str(item, "name");
        if (n && strcmp(n, name) == 0)
            return item;
    }
    return NULL;
}

static const cJSON *type_of(const char *name)
{
    const cJSON *t = named(types, name);
    if (!t)
        fail_msg("type %s is not in the schema", name);
    return t;
}

static const cJSON *member(const char *type, const char *list, const char *name)
{
    const cJSON *m = named(cJSON_GetObjectItemCaseSensitive(type_of(type), list), name);
    if (!m)
        fail_msg("%s has no %s %s", type, list, name);
    return m;
}

/* An introspected type reference as SDL writes it: "[Sort!]!". */
static const char *sdl_type(const cJSON *ref, char *buf, size_t size)
{
    const char *kind = str(ref, "kind");
    const cJSON *of = cJSON_GetObjectItemCaseSensitive(ref, "ofType");
    char inner[128];
    if (kind && strcmp(kind, "NON_NULL") == 0)
        snprintf(buf, size, "%s!", sdl_type(of, inner, sizeof inner));
    else if (kind && strcmp(kind, "LIST") == 0)
        snprintf(buf, size, "[%s]", sdl_type(of, inner, sizeof inner));
    else
        snprintf(buf, size, "%s", str(ref, "name") ? str(ref, "name") : "?");
    return buf;
}

/* assert_string_equal that takes a NULL (JSON null) as a failure, not a crash. */
static void assert_text(const char *got, const char *want)
{
    if (!got || strcmp(got, want) != 0)
        fail_msg("want \"%s\", got %s%s%s", want, got ? "\"" : "", got ? got : "null",
                 got ? "\"" : "");
}

static void assert_type_ref(const cJSON *holder, const char *want, const char *what)
{
    char buf[128];
    const char *got = sdl_type(cJSON_GetObjectItemCaseSensitive(holder, "type"), buf, sizeof buf);
    if (strcmp(got, want) != 0)
        fail_msg("%s: want type %s, got %s", what, want, got);
}

/* Asserts that the objects of list are named want[0..], which ends at a NULL or at max;
 * returns how many there are. what and id name the assertion in a failure. */
static int assert_names(const cJSON *list, const char *const *want, int max, const char *what,
                        const char *id)
{
    int n = 0;
    while (n < max && want[n])
        n++;
    if (cJSON_GetArraySize(list) != n)
        fail_msg("%s (%s): want %d names, got %d", what, id, n, cJSON_GetArraySize(list));
    for (int k = 0; k < n; k++) {
        const char *got = str(cJSON_GetArrayItem(list, k), "name");
        if (!got || strcmp(got, want[k]) != 0)
            fail_msg("%s (%s): name %d: want %s, got %s", what, id, k, want[k],
                     got ? got : "null");
    }
    return n;
}

/* ---- the six queries (F-PCV-002) ---- */

static const struct {
    const char *name, *description, *returns;
    const char *args[7][2]; /* name, type; ends at a NULL name */
} queries[] = {
    { "AcExportSessionsHistory", NULL, "AcExportSessionsHistoryResult",
      { { "company", "CustomerUuid!" }, { "filter", "Filter" },
        { "options", "InputSessionExportOptions!" }, { "search", "Search" },
        { "sort", "[Sort!]" }, { "timeFrame", "TimeFrame" } } },
    { "AcQuerySessionsHistory", NULL, "AcQuerySessionsHistoryResult",
      { { "company", "CustomerUuid!" }, { "filter", "Filter" }, { "pagination", "Pagination" },
        { "search", "Search" }, { "sort", "[Sort!]" }, { "timeFrame", "TimeFrame" } } },
    { "CaRetrievePublicCompanyData", NULL, "CaRetrievePublicCompanyDataResult",
      { { "id", "CompanyIdOrCustomerUuid!" } } },
    { "SiFindUserByMail",
      "returns a user identified by its email teamaccounts can't be requested this way!!",
      "SiFindUserByMailResult", { { "email", "Email!" } } },
    { "SiRetrieveSignedJwt",
      "retrieves a new signed JWT for integrator communication based on provided API tokens",
      "SiRetrieveSignedJwtResult!",
      { { "integratorApiToken", "IntegratorApiToken!" }, { "userApiToken", "UserApiToken!" } } },
    { "SiRetrieveSignedTokenPayload",
      "retrieves a payload for a certain user which can be added to a JWT to use foreign JWTs "
      "as allowed identifiers",
      "SiRetrieveSignedTokenPayloadResult!", { { "id", "Auth0Uuid!" } } },
};

/* F-PCV-002: exactly the documented queries, arguments, types and return types; no
 * mutations or subscriptions. */
static void query_has_exactly_the_six_documented_queries(void **state)
{
    (void)state;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(response, "data"), "__schema");
    assert_text(str(cJSON_GetObjectItemCaseSensitive(s, "queryType"), "name"), "Query");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s, "mutationType")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s, "subscriptionType")));

    const cJSON *fields = cJSON_GetObjectItemCaseSensitive(type_of("Query"), "fields");
    size_t nq = sizeof queries / sizeof queries[0];
    assert_int_equal(cJSON_GetArraySize(fields), nq);
    for (size_t i = 0; i < nq; i++) {
        const cJSON *f = cJSON_GetArrayItem(fields, (int)i);
        assert_text(str(f, "name"), queries[i].name);
        assert_type_ref(f, queries[i].returns, queries[i].name);
        if (queries[i].description)
            assert_text(str(f, "description"), queries[i].description);
        else
            assert_null(str(f, "description"));
        const cJSON *args = cJSON_GetObjectItemCaseSensitive(f, "args");
        int n = 0;
        while (n < 7 && queries[i].args[n][0])
            n++;
        if (cJSON_GetArraySize(args) != n)
            fail_msg("%s: want %d arguments, got %d", queries[i].name, n,
                     cJSON_GetArraySize(args));
        for (int k = 0; k < n; k++) {
            const cJSON *arg = cJSON_GetArrayItem(args, k);
            assert_text(str(arg, "name"), queries[i].args[k][0]);
            assert_type_ref(arg, queries[i].args[k][1], queries[i].args[k][0]);
            /* the reference documents no argument descriptions and no defaults */
            assert_null(str(arg, "description"));
            assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(arg, "defaultValue")));
        }
    }
}

/* ---- every type of the reference ---- */

/* The reference's "Types" section, in its order: name and kind (OBJECT where it lists
 * fields, INPUT_OBJECT for input fields, ENUM for values, UNION for union types, SCALAR for
 * the rest). */
static const struct {
    const char *name, *kind;
} reference_types[] = {
    { "AcExportSessionsHistoryResult", "UNION" }, { "AcQuerySessionsHistoryResult", "UNION" },
    { "AccessRightsPolicy", "ENUM" }, { "ActiveSessionsOfComputer", "OBJECT" },
    { "Address", "OBJECT" }, { "AgentCapabilities", "OBJECT" }, { "AssetAccessRights", "ENUM" },
    { "AssetConfiguration_V1", "OBJECT" }, { "AssetType", "ENUM" }, { "AssetUuid", "SCALAR" },
    { "Auth0Uuid", "SCALAR" }, { "Boolean", "SCALAR" },
    { "CaRetrievePublicCompanyDataResult", "UNION" }, { "ChallengeChannel", "ENUM" },
    { "ClientCompany", "OBJECT" }, { "CompanyClientReferenceSign", "SCALAR" },
    { "CompanyId", "SCALAR" }, { "CompanyIdOrCustomerUuid", "SCALAR" }, { "Computer", "OBJECT" },
    { "ComputerAccessPolicy", "ENUM" }, { "ComputerManageAccess", "OBJECT" },
    { "ComputerRecordingStartPolicy", "ENUM" }, { "ComputerUpdateBehaviour", "ENUM" },
    { "ComputerUserType", "ENUM" }, { "Contact", "OBJECT" }, { "Country", "ENUM" },
    { "Cursor", "SCALAR" }, { "CustomerId", "SCALAR" }, { "CustomerUuid", "SCALAR" },
    { "Description", "SCALAR" }, { "Device", "OBJECT" }, { "DeviceGroup", "ENUM" },
    { "DeviceType", "ENUM" }, { "Domain", "SCALAR" }, { "DurationMs", "SCALAR" },
    { "Email", "SCALAR" }, { "EmailOrSpecialAccessGroups", "SCALAR" }, { "ErrorIDs", "ENUM" },
    { "ExportOutputFormat", "ENUM" }, { "ExportSummary", "OBJECT" }, { "Failure", "OBJECT" },
    { "FilePath", "SCALAR" }, { "Filter", "INPUT_OBJECT" }, { "GroupIdentity", "OBJECT" },
    { "GroupName", "SCALAR" }, { "HomeConnected", "ENUM" }, { "IP", "SCALAR" },
    { "Identity", "OBJECT" }, { "ImageURL", "SCALAR" }, { "Imprint", "OBJECT" },
    { "InputSessionExportOptions", "INPUT_OBJECT" }, { "Int", "SCALAR" },
    { "IntegratorApiToken", "SCALAR" }, { "IoDevicesPolicySettingsForComputer", "OBJECT" },
    { "JWT", "SCALAR" }, { "LifeSignOfOsSession", "ENUM" }, { "LoggedOnUser", "OBJECT" },
    { "LoginPolicy", "OBJECT" }, { "LoginPolicyOfCompanyRole", "OBJECT" },
    { "LoginPolicyRole", "ENUM" }, { "LoginType", "ENUM" }, { "Mac", "SCALAR" },
    { "Name", "SCALAR" }, { "NetworkAdapter", "OBJECT" }, { "NoteId", "SCALAR" },
    { "OnlineState", "ENUM" }, { "Os", "ENUM" }, { "Os_Role", "ENUM" },
    { "Pagination", "INPUT_OBJECT" }, { "Password", "SCALAR" }, { "PhoneNumber", "SCALAR" },
    { "Port", "SCALAR" }, { "PostSessionBehavior", "ENUM" },
    { "ProtocolConfigurationRdp", "OBJECT" }, { "ProtocolConfigurationSftp", "OBJECT" },
    { "ProtocolConfigurationVnc", "OBJECT" }, { "R2O_AccessRole", "ENUM" },
    { "RdpProperties", "OBJECT" }, { "RemoteAppProperties", "OBJECT" },
    { "RemoteHostServiceInstance", "OBJECT" }, { "ResourcePath", "SCALAR" }, { "Salt", "SCALAR" },
    { "Search", "INPUT_OBJECT" }, { "SerialNumber", "SCALAR" }, { "ServiceProperty", "OBJECT" },
    { "ServiceProtocol", "ENUM" }, { "ServiceType", "ENUM" }, { "SessionName", "SCALAR" },
    { "SessionProtocol", "OBJECT" }, { "SessionProtocolEdge", "OBJECT" },
    { "SessionProtocolMainTarget", "OBJECT" }, { "SessionProtocolNode", "OBJECT" },
    { "SessionProtocolParticipant", "OBJECT" }, { "SessionState", "ENUM" },
    { "SessionToAsset", "OBJECT" }, { "SessionType", "ENUM" }, { "SessionUuid", "SCALAR" },
    { "SftpProperties", "OBJECT" }, { "SiFindUserByMailResult", "UNION" },
    { "SiRetrieveSignedJwtResult", "UNION" }, { "SiRetrieveSignedTokenPayloadResult", "UNION" },
    { "SignedJwtWasRetrieved", "OBJECT" }, { "SignedTokenPayload", "OBJECT" },
    { "Sort", "INPUT_OBJECT" }, { "SortDirection", "ENUM" }, { "String", "SCALAR" },
    { "SubnetId", "SCALAR" }, { "TaskInvoiceStatus", "ENUM" }, { "TaskUuid", "SCALAR" },
    { "TermsAndConditionsRequestState", "ENUM" }, { "TimeFrame", "INPUT_OBJECT" },
    { "UacLevelState", "ENUM" }, { "UnixTimeMs", "SCALAR" }, { "Url", "SCALAR" },
    { "UsageRightByPerson", "OBJECT" }, { "User", "OBJECT" }, { "UserApiToken", "SCALAR" },
    { "UserIdentity", "SCALAR" }, { "UserOrGroup", "UNION" }, { "VATID", "SCALAR" },
    { "Version", "SCALAR" }, { "VncProperties", "OBJECT" },
};

static void every_reference_type_is_in_the_schema(void **state)
{
    (void)state;
    size_t n = sizeof reference_types / sizeof reference_types[0];
    assert_int_equal(n, 122);
    for (size_t i = 0; i < n; i++) {
        const cJSON *t = type_of(reference_types[i].name);
        if (strcmp(str(t, "kind"), reference_types[i].kind) != 0)
            fail_msg("%s: want kind %s, got %s", reference_types[i].name,
                     reference_types[i].kind, str(t, "kind"));
    }
    /* and nothing else but Query and the introspection types */
    const cJSON *t;
    cJSON_ArrayForEach(t, types) {
        const char *name = str(t, "name");
        if (strncmp(name, "__", 2) == 0 || strcmp(name, "Query") == 0)
            continue;
        size_t i = 0;
        while (i < n && strcmp(reference_types[i].name, name) != 0)
            i++;
        if (i == n)
            fail_msg("type %s is not in the reference", name);
    }
}

/* The types the queries reach whose fields the reference documents, as it lists them
 * ("name: Type" each): names, types and nullability exactly. */
static const struct {
    const char *name, *fields;
} documented_fields[] = {
    { "ClientCompany",
      "clientId: CustomerId companyFolderDisplayName: Name! companyFolderId: AssetUuid!" },
    { "ExportSummary",
      "exportDocumentDownloadLink: Url!" },
    { "Filter",
      "input: String!" },
    { "Imprint",
      "address: Address! companyId: CompanyId companyName: String! customerUuid: CustomerUuid! "
      "email: Email! isPictureFallback: Boolean! phone: PhoneNumber! picture: Url! vatId: VATID!" },
    { "InputSessionExportOptions",
      "exportWithComments: Boolean! outputFileFormat: ExportOutputFormat!" },
    { "LoginPolicy",
      "allowRememberBrowser: Boolean challengeChannel: ChallengeChannel "
      "companyMayChangePhoneNumber: Boolean! type: LoginType!" },
    { "LoginPolicyOfCompanyRole",
      "customer_uuid: CustomerUuid! loginPolicy: LoginPolicy! role: LoginPolicyRole!" },
    { "Search",
      "input: String!" },
    { "SessionProtocol",
      "clientCompany: ClientCompany commentsLink: Url customDuration: DurationMs "
      "duration: DurationMs id: TaskUuid! invoiceState: TaskInvoiceStatus! "
      "lastUpdatedAt: UnixTimeMs! name: SessionName! "
      "participants: [SessionProtocolParticipant!]! sessionCompanyUuid: CustomerUuid! "
      "sessionCreatedAt: UnixTimeMs! sessionFinishedAt: UnixTimeMs state: SessionState! "
      "target: SessionProtocolMainTarget type: SessionType!" },
    { "SessionProtocolEdge",
      "batchLoadingIsStillActive: Boolean! nodes: [SessionProtocolNode!]! "
      "reportingActiveSince: UnixTimeMs! totalCount: Int!" },
    { "SessionProtocolMainTarget",
      "computerDisplayName: Name! computerHostName: Name computerId: AssetUuid! "
      "computerMacAddress: Mac computerTeamViewerId: String computerUserDisplayName: Name "
      "termsAndConditionsNameUsedForAccepting: Name "
      "termsAndConditionsRequestState: TermsAndConditionsRequestState!" },
    { "SessionProtocolNode",
      "cursor: Cursor! index: Int! value: SessionProtocol!" },
    { "SignedJwtWasRetrieved",
      "customerUuid: CustomerUuid! token: JWT!" },
    { "Sort",
      "direction: SortDirection! hashSize: Int mapToIndex: [String!] path: String!" },
    { "TimeFrame",
      "endDate: UnixTimeMs startDate: UnixTimeMs" },
    { "User",
      "company_ids: [CustomerUuid!]! company_in_charge_ids: [CustomerUuid!]! "
      "created: UnixTimeMs! email: Email! email_verified: Boolean! firstName: Name! "
      "id: Auth0Uuid! isPictureFallback: Boolean! lastLogin: UnixTimeMs lastName: Name! "
      "lastPasswordReset: UnixTimeMs loginPoliciesOfCompanies: [LoginPolicyOfCompanyRole!]! "
      "phone: PhoneNumber! picture: ImageURL! strongestActiveLoginPolicy: LoginPolicy" },
};

static void documented_fields_are_as_documented(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof documented_fields / sizeof documented_fields[0]; i++) {
        const cJSON *t = type_of(documented_fields[i].name);
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(t, "fields");
        if (!cJSON_IsArray(list))
            list = cJSON_GetObjectItemCaseSensitive(t, "inputFields");
        char got[1024] = "", ref[128];
        const cJSON *f;
        cJSON_ArrayForEach(f, list) {
            size_t used = strlen(got);
            snprintf(got + used, sizeof got - used, "%s%s: %s", used ? " " : "", str(f, "name"),
                     sdl_type(cJSON_GetObjectItemCaseSensitive(f, "type"), ref, sizeof ref));
        }
        if (strcmp(got, documented_fields[i].fields) != 0)
            fail_msg("%s:\n  want %s\n  got  %s", documented_fields[i].name,
                     documented_fields[i].fields, got);
    }
}

/* F-PCV-001: the SDL declares fields, input fields, arguments, enum values and union
 * members in the order the reference lists them, which is ASCII order. */
static void declarations_follow_the_references_order(void **state)
{
    (void)state;
    static const char *const lists[] = { "fields", "inputFields", "enumValues",
                                         "possibleTypes" };
    const cJSON *t;
    cJSON_ArrayForEach(t, types) {
        if (strncmp(str(t, "name"), "__", 2) == 0)
            continue;
        for (size_t l = 0; l < sizeof lists / sizeof lists[0]; l++) {
            const cJSON *list = cJSON_GetObjectItemCaseSensitive(t, lists[l]);
            const char *prev = NULL;
            const cJSON *item;
            cJSON_ArrayForEach(item, list) {
                if (prev && strcmp(prev, str(item, "name")) >= 0)
                    fail_msg("%s.%s: %s before %s", str(t, "name"), lists[l], prev,
                             str(item, "name"));
                prev = str(item, "name");
                const cJSON *args = cJSON_GetObjectItemCaseSensitive(item, "args");
                const char *prev_arg = NULL;
                const cJSON *arg;
                cJSON_ArrayForEach(arg, args) {
                    if (prev_arg && strcmp(prev_arg, str(arg, "name")) >= 0)
                        fail_msg("%s.%s: argument %s before %s", str(t, "name"), prev,
                                 prev_arg, str(arg, "name"));
                    prev_arg = str(arg, "name");
                }
            }
        }
    }
}

/* ---- unions ---- */

static const struct {
    const char *name, *id;
    const char *members[3];
} unions[] = {
    /* F-PCV-003: the members are the `... on` fragments of each query's Example; the union's
     * Example, where it survived, names the first */
    { "AcExportSessionsHistoryResult", "F-PCV-003", { "ExportSummary", "Failure" } },
    { "AcQuerySessionsHistoryResult", "F-PCV-003", { "Failure", "SessionProtocolEdge" } },
    { "CaRetrievePublicCompanyDataResult", "F-PCV-003", { "Failure", "Imprint" } },
    { "SiFindUserByMailResult", "F-PCV-003", { "Failure", "User" } },
    { "SiRetrieveSignedJwtResult", "F-PCV-003", { "Failure", "SignedJwtWasRetrieved" } },
    { "SiRetrieveSignedTokenPayloadResult", "F-PCV-003", { "Failure", "SignedTokenPayload" } },
    /* F-PCV-004: the Example names GroupIdentity; Identity is the user half */
    { "UserOrGroup", "F-PCV-004", { "GroupIdentity", "Identity" } },
};

static void unions_have_their_members(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof unions / sizeof unions[0]; i++) {
        const cJSON *possible = cJSON_GetObjectItemCaseSensitive(type_of(unions[i].name),
                                                                 "possibleTypes");
        assert_names(possible, unions[i].members, 3, unions[i].name, unions[i].id);
    }
}

/* ---- enums ---- */

/* Every enum: the reference's Example (its first value, F-PCV-012), the number of rows of
 * its table (F-PCV-013), the row deciding its values, and the values as declared. */
static const struct {
    const char *name, *example;
    int rows;
    const char *id;
    const char *values[32];
} enums[] = {
    { "AccessRightsPolicy", "AllowAudio", 11, "F-PCV-017",
      { "AllowAudio", "AllowClipboard", "AllowDriveMapping", "AllowFileTransfer", "AllowInput",
        "AllowPrinting", "AllowRecording", "AllowRemoteControl", "AllowScreenView",
        "AllowSmartCard", "AllowUsb" } },
    { "AssetAccessRights", "CanAccess", 3, "F-PCV-018",
      { "CanAccess", "CanConfigure", "OnlyWithPassword" } },
    { "AssetType", "AdHocComputer", 7, "F-PCV-019",
      { "AdHocComputer", "CompanyFolder", "Computer", "Device", "Folder", "Subnet", "Unknown" } },
    { "ChallengeChannel", "google_authenticator", 2, "F-PCV-020",
      { "google_authenticator", "sms" } },
    { "ComputerAccessPolicy", "WithPassword", 2, "F-PCV-021",
      { "WithPassword", "WithoutPassword" } },
    { "ComputerRecordingStartPolicy", "AlwaysStart", 4, "F-PCV-022",
      { "AlwaysStart", "InheritFromParentFolder", "NeverStart", "UseGlobalSetting" } },
    { "ComputerUpdateBehaviour", "AutomaticUpdate", 3, "F-PCV-023",
      { "AutomaticUpdate", "ManualUpdate", "ScheduledUpdate" } },
    { "ComputerUserType", "ConsoleUser", 4, "F-PCV-024",
      { "ConsoleUser", "RdpUser", "ServiceUser", "Unknown" } },
    { "Country", "AR", 28, "F-PCV-016",
      { "AR", "AT", "BE", "BG", "BR", "CA", "CH", "CZ", "DE", "DK", "ES", "FR", "GB", "HR", "IE",
        "IT", "JP", "LI", "LT", "LU", "NL", "PL", "RO", "RS", "SI", "SK", "US", "ZA" } },
    { "DeviceGroup", "AudioAndVideo", 8, "F-PCV-025",
      { "AudioAndVideo", "Computer", "IoT", "Mobile", "Network", "Printing", "Security",
        "Unknown" } },
    { "DeviceType", "Alarm", 103, "F-PCV-026",
      { "Alarm", "Camera", "Desktop", "Firewall", "Laptop", "NAS", "Phone", "Printer", "Router",
        "Server", "Switch", "TV", "Tablet", "Unknown", "VirtualMachine" } },
    { "ErrorIDs", "Ac_ServiceSupplyExceeded", 95, "F-PCV-015",
      { "Ac_ServiceSupplyExceeded", "AccessDenied", "AgentNotInstalled", "FunctionNotAvailable",
        "InternalError", "InvalidParameter", "NoError", "NotAllServicesAvailable", "NotFound",
        "ServiceNotRunning", "ServiceNotSupported", "SharingViolation", "TimeOut", "TokenExpired",
        "TryAgainLater", "UnsupportedVersionUsed" } },
    { "ExportOutputFormat", "csv", 3, "F-PCV-027",
      { "csv", "pdf", "xlsx" } },
    { "HomeConnected", "HOME_OFFLINE", 2, "F-PCV-028",
      { "HOME_OFFLINE", "HOME_ONLINE" } },
    { "LifeSignOfOsSession", "ConnectionLost", 9, "F-PCV-029",
      { "ConnectionLost", "Disconnected", "Locked", "LoggedOff", "ScreenOff", "ScreenSaverActive",
        "Standby", "Unknown", "Unlocked" } },
    { "LoginPolicyRole", "r2oCustomer", 2, "F-PCV-030",
      { "r2oCustomer", "supporter" } },
    { "LoginType", "email_password", 2, "F-PCV-031",
      { "email_password", "email_password_2fa" } },
    { "OnlineState", "ActiveSession", 7, "F-PCV-032",
      { "ActiveSession", "AgentNotInstalled", "Offline", "Online", "Standby", "Unknown",
        "Updating" } },
    { "Os", "osAndroid", 13, "F-PCV-033",
      { "osAndroid", "osChromeOS", "osFreeBSD", "osIOS", "osIPadOS", "osLinux", "osMacOS",
        "osUnknown", "osWindows" } },
    { "Os_Role", "Client", 4, "F-PCV-034",
      { "Client", "DomainController", "Server", "Unknown" } },
    { "PostSessionBehavior", "Default", 4, "F-PCV-035",
      { "Default", "LockComputer", "LogOffUser", "Shutdown" } },
    { "R2O_AccessRole", "customer", 3, "F-PCV-036",
      { "customer", "teammember", "unknown" } },
    { "ServiceProtocol", "tcp", 2, "F-PCV-037",
      { "tcp", "udp" } },
    { "ServiceType", "EPMAP", 10, "F-PCV-038",
      { "EPMAP", "FTP", "HTTP", "HTTPS", "RDP", "SMB", "SSH", "Telnet", "Unknown", "VNC" } },
    { "SessionState", "AwaitingAccessAsParticipant", 6, "F-PCV-039",
      { "AwaitingAccessAsParticipant", "Canceled", "CreatingStream", "Failed", "Finished",
        "ServingStream" } },
    { "SessionType", "AdHocSessionForSupporter", 3, "F-PCV-040",
      { "AdHocSessionForSupporter", "DeviceAccessSession", "R2OSession" } },
    { "SortDirection", "Asc", 2, "F-PCV-041",
      { "Asc", "Desc" } },
    { "TaskInvoiceStatus", "Invoiced", 3, "F-PCV-042",
      { "Invoiced", "NoInvoiceRequired", "NotInvoiced" } },
    { "TermsAndConditionsRequestState", "Accepted", 3, "F-PCV-043",
      { "Accepted", "Declined", "NotRequested" } },
    { "UacLevelState", "AdminRights_Active", 6, "F-PCV-044",
      { "AdminRights_Active", "AdminRights_Available", "AdminRights_NotAvailable", "UAC_Disabled",
        "Unknown", "UserRights_Active" } },
};

static void enums_have_their_values(void **state)
{
    (void)state;
    size_t n = sizeof enums / sizeof enums[0];
    assert_int_equal(n, 30);
    for (size_t i = 0; i < n; i++) {
        const cJSON *values = cJSON_GetObjectItemCaseSensitive(type_of(enums[i].name),
                                                               "enumValues");
        /* F-PCV-012: the first value is the one the reference's Example shows */
        assert_text(str(cJSON_GetArrayItem(values, 0), "name"), enums[i].example);
        int want = assert_names(values, enums[i].values, 32, enums[i].name, enums[i].id);
        /* F-PCV-013: as many values as the reference's table has rows, except where rmmsim
         * names fewer: ErrorIDs (95), DeviceType (103), Os (13) */
        if (strcmp(enums[i].name, "ErrorIDs") != 0 && strcmp(enums[i].name, "DeviceType") != 0 &&
            strcmp(enums[i].name, "Os") != 0)
            assert_int_equal(want, enums[i].rows);
        else
            assert_true(want < enums[i].rows);
    }
}

/* Values the reference names outside the enums' own tables. */
static const struct {
    const char *type, *value, *id;
} known_values[] = {
    /* F-PCV-014: the codes RdpProperties.status lists, and the two with descriptions */
    { "ErrorIDs", "NoError", "F-PCV-014" },
    { "ErrorIDs", "UnsupportedVersionUsed", "F-PCV-014" },
    { "ErrorIDs", "FunctionNotAvailable", "F-PCV-014" },
    { "ErrorIDs", "AgentNotInstalled", "F-PCV-014" },
    { "ErrorIDs", "SharingViolation", "F-PCV-014" },
    { "ErrorIDs", "ServiceNotSupported", "F-PCV-014" },
    { "ErrorIDs", "ServiceNotRunning", "F-PCV-014" },
    { "ErrorIDs", "NotAllServicesAvailable", "F-PCV-014" },
    { "ErrorIDs", "Ac_ServiceSupplyExceeded", "F-PCV-014" },
    { "ErrorIDs", "TimeOut", "F-PCV-014" },
    { "ErrorIDs", "TryAgainLater", "F-PCV-014" },
    /* F-PCV-015: reference/pcvisit.md 1.4's proposals */
    { "ErrorIDs", "InvalidParameter", "F-PCV-015" },
    { "ErrorIDs", "AccessDenied", "F-PCV-015" },
    { "ErrorIDs", "TokenExpired", "F-PCV-015" },
    { "ErrorIDs", "NotFound", "F-PCV-015" },
    { "ErrorIDs", "InternalError", "F-PCV-015" },
    /* F-PCV-032: Filter.input's example and Computer.agentSetupDownload's description */
    { "OnlineState", "Online", "F-PCV-032" },
    { "OnlineState", "AgentNotInstalled", "F-PCV-032" },
    /* F-PCV-019: Filter.input's example */
    { "AssetType", "Folder", "F-PCV-019" },
};

static void values_the_reference_names_are_there(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof known_values / sizeof known_values[0]; i++)
        member(known_values[i].type, "enumValues", known_values[i].value);
}

/* F-PCV-016: Country's codes are the ISO 3166 codes of its documented descriptions; the
 * three rows without one are AT, CH and DE. */
static void country_codes_carry_the_references_descriptions(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        { "AR", "Argentinien" }, { "AT", NULL }, { "BE", "Belgien" }, { "CH", NULL },
        { "DE", NULL }, { "GB", "Great Britain" }, { "RO", "Rumänien" },
        { "ZA", "Südafrika" },
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        const char *d = str(member("Country", "enumValues", pairs[i][0]), "description");
        if (pairs[i][1])
            assert_text(d, pairs[i][1]);
        else
            assert_null(d);
    }
}

/* ---- fields the reference lost ---- */

static const struct {
    const char *type, *list, *field, *sdl_type, *default_value, *id;
} lost_fields[] = {
    /* F-PCV-007: names from the Example, types from its values; nullable but error */
    { "Failure", "fields", "comment_for_dev", "String", NULL, "F-PCV-007" },
    { "Failure", "fields", "comment_for_user", "String", NULL, "F-PCV-007" },
    { "Failure", "fields", "error", "ErrorIDs!", NULL, "F-PCV-007" },
    { "LoggedOnUser", "fields", "displayName", "Name", NULL, "F-PCV-007" },
    { "LoggedOnUser", "fields", "isInWindowsConsoleSession", "Boolean", NULL, "F-PCV-007" },
    { "LoggedOnUser", "fields", "logonName", "Name", NULL, "F-PCV-007" },
    { "LoggedOnUser", "fields", "logonUserDomain", "Domain", NULL, "F-PCV-007" },
    { "LoggedOnUser", "fields", "screenState", "LifeSignOfOsSession", NULL, "F-PCV-007" },
    { "LoggedOnUser", "fields", "windowsSessionId", "Int", NULL, "F-PCV-007" },
    { "NetworkAdapter", "fields", "description", "Description", NULL, "F-PCV-007" },
    { "NetworkAdapter", "fields", "gatewayAddress", "IP", NULL, "F-PCV-007" },
    { "NetworkAdapter", "fields", "gatewayHardwareAdress", "Mac", NULL, "F-PCV-007" },
    { "NetworkAdapter", "fields", "hardwareAdress", "Mac", NULL, "F-PCV-007" },
    { "NetworkAdapter", "fields", "id", "SubnetId", NULL, "F-PCV-007" },
    { "NetworkAdapter", "fields", "ip", "IP", NULL, "F-PCV-007" },
    { "NetworkAdapter", "fields", "name", "Name", NULL, "F-PCV-007" },
    { "NetworkAdapter", "fields", "subnetMask", "IP", NULL, "F-PCV-007" },
    { "SignedTokenPayload", "fields", "base64", "String", NULL, "F-PCV-007" },
    { "SignedTokenPayload", "fields", "payload", "String", NULL, "F-PCV-007" },
    { "SignedTokenPayload", "fields", "signature", "String", NULL, "F-PCV-007" },
    /* F-PCV-008: Relay-style forward paging */
    { "Pagination", "inputFields", "after", "Cursor", NULL, "F-PCV-008" },
    { "Pagination", "inputFields", "first", "Int", "50", "F-PCV-008" },
    /* F-PCV-009 */
    { "Address", "fields", "city", "String", NULL, "F-PCV-009" },
    { "Address", "fields", "country", "Country", NULL, "F-PCV-009" },
    { "Address", "fields", "street", "String", NULL, "F-PCV-009" },
    { "Address", "fields", "zipCode", "String", NULL, "F-PCV-009" },
    /* F-PCV-010 */
    { "SessionProtocolParticipant", "fields", "computerName", "Name", NULL, "F-PCV-010" },
    { "SessionProtocolParticipant", "fields", "joinedAt", "UnixTimeMs", NULL, "F-PCV-010" },
    { "SessionProtocolParticipant", "fields", "leftAt", "UnixTimeMs", NULL, "F-PCV-010" },
    { "SessionProtocolParticipant", "fields", "loggedOnUser", "LoggedOnUser", NULL, "F-PCV-010" },
    { "SessionProtocolParticipant", "fields", "name", "Name", NULL, "F-PCV-010" },
    { "SessionProtocolParticipant", "fields", "networkAdapters", "[NetworkAdapter!]", NULL,
      "F-PCV-010" },
    { "SessionProtocolParticipant", "fields", "onlineState", "OnlineState", NULL, "F-PCV-010" },
    { "SessionProtocolParticipant", "fields", "os", "Os", NULL, "F-PCV-010" },
};

static void lost_field_lists_are_filled_in(void **state)
{
    (void)state;
    size_t n = sizeof lost_fields / sizeof lost_fields[0];
    for (size_t i = 0; i < n; i++) {
        const cJSON *f = member(lost_fields[i].type, lost_fields[i].list, lost_fields[i].field);
        char what[128];
        snprintf(what, sizeof what, "%s.%s (%s)", lost_fields[i].type, lost_fields[i].field,
                 lost_fields[i].id);
        assert_type_ref(f, lost_fields[i].sdl_type, what);
        if (strcmp(lost_fields[i].list, "inputFields") == 0) {
            const char *d = str(f, "defaultValue");
            if (lost_fields[i].default_value)
                assert_text(d, lost_fields[i].default_value);
            else
                assert_null(d);
        }
    }
    /* nothing more than the table lists */
    static const char *const filled[] = { "Failure", "LoggedOnUser", "NetworkAdapter",
                                          "SignedTokenPayload", "Pagination", "Address",
                                          "SessionProtocolParticipant" };
    for (size_t k = 0; k < sizeof filled / sizeof filled[0]; k++) {
        int want = 0;
        for (size_t i = 0; i < n; i++)
            want += strcmp(lost_fields[i].type, filled[k]) == 0;
        const cJSON *t = type_of(filled[k]);
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(t, "fields");
        if (!cJSON_IsArray(list))
            list = cJSON_GetObjectItemCaseSensitive(t, "inputFields");
        assert_int_equal(cJSON_GetArraySize(list), want);
    }
}

/* F-PCV-008: a client sending {offset, limit} fails validation, as graphql-js words it. */
static void other_pagination_shapes_fail_validation(void **state)
{
    (void)state;
    static const char query[] = "{ AcQuerySessionsHistory(company: \"c\", pagination: "
                                "{offset: 0, limit: 10}) { __typename } }";
    static const char ok[] = "{ AcQuerySessionsHistory(company: \"c\", pagination: "
                             "{first: 10, after: \"x\"}) { __typename } }";
    struct rm_arena a;
    rm_arena_init(&a, 0);
    const char *syntax;
    struct gql_location loc;
    const struct gql_error *errors;
    struct gql_node *doc = gql_parse(&a, query, strlen(query), NULL, &syntax, &loc);
    assert_non_null(doc);
    assert_int_equal(gql_validate(schema, doc, query, strlen(query), &a, &errors), 2);
    assert_text(errors[0].message, "Field \"offset\" is not defined by type \"Pagination\".");
    assert_text(errors[1].message, "Field \"limit\" is not defined by type \"Pagination\". "
                                   "Did you mean \"first\"?");
    doc = gql_parse(&a, ok, strlen(ok), NULL, &syntax, &loc);
    assert_non_null(doc);
    assert_int_equal(gql_validate(schema, doc, ok, strlen(ok), &a, &errors), 0);
    rm_arena_clear(&a);
}

/* ---- descriptions and scalars ---- */

/* F-PCV-005: descriptions are the reference's, verbatim (typos and the rendering's joins
 * included); where it has none there is none. */
static void descriptions_are_the_references(void **state)
{
    (void)state;
    assert_text(str(type_of("Failure"), "description"),
                        "Following here this failure strategy: "
                        "https://blog.apollographql.com/full-stack-error-handling-with-graphql-"
                        "apollo-5c12da407210 Each mutate or request returns ALWAYS the expect "
                        "result OR an Failure. So, the network layer on client side itself (in "
                        "case the network to the server is down) and the whole server has to "
                        "ensure this behaviour.");
    assert_text(str(member("Filter", "inputFields", "input"), "description"),
                        "see https://www.npmjs.com/package/ filtrex i.e. \"onlineState == "
                        "\"Online\" or typeName == \"Folder\"\"");
    assert_text(str(member("ComputerRecordingStartPolicy", "enumValues", "AlwaysStart"),
                            "description"),
                        "always tart recording");
    assert_text(str(member("SessionProtocolEdge", "fields", "totalCount"),
                            "description"),
                        "the total number of protocols in the result independent from paging");
    assert_text(str(type_of("Email"), "description"), "Email.");
    assert_text(str(type_of("Name"), "description"), "FirstName + LastName");
    assert_null(str(type_of("Description"), "description"));
    assert_null(str(member("SessionProtocolEdge", "fields", "nodes"), "description"));
    assert_null(str(type_of("SessionProtocol"), "description"));
    /* the built-in scalars keep graphql-js's own words */
    assert_text(str(type_of("Boolean"), "description"),
                        "The `Boolean` scalar type represents `true` or `false`.");
    /* F-PCV-014: TimeOut's description, which the rendering cut at "Retry-After: */
    assert_text(str(member("ErrorIDs", "enumValues", "TimeOut"), "description"),
                        "TimeOut: Used for rate limiting and timeout scenarios. When this error "
                        "occurs due to rate limiting, the comment_for_dev field contains "
                        "HTTP-style Retry-After information in the format: \"Retry-After: "
                        "<seconds>\"");
}

/* F-PCV-006: custom scalars are plain (no @specifiedBy). */
static void scalars_are_plain(void **state)
{
    (void)state;
    int custom = 0;
    const cJSON *t;
    cJSON_ArrayForEach(t, types) {
        if (strcmp(str(t, "kind"), "SCALAR") != 0)
            continue;
        assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(t, "specifiedByURL")));
        custom++;
    }
    assert_int_equal(custom, 41); /* 38 custom ones, Boolean, Int, String */
}

/* F-PCV-011: Sort.hashSize has no default in the schema; "Default is 15" (its description)
 * is the server's to apply. */
static void sort_hash_size_has_no_schema_default(void **state)
{
    (void)state;
    const cJSON *f = member("Sort", "inputFields", "hashSize");
    assert_type_ref(f, "Int", "Sort.hashSize");
    assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(f, "defaultValue")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(query_has_exactly_the_six_documented_queries),
        cmocka_unit_test(every_reference_type_is_in_the_schema),
        cmocka_unit_test(documented_fields_are_as_documented),
        cmocka_unit_test(declarations_follow_the_references_order),
        cmocka_unit_test(unions_have_their_members),
        cmocka_unit_test(enums_have_their_values),
        cmocka_unit_test(values_the_reference_names_are_there),
        cmocka_unit_test(country_codes_carry_the_references_descriptions),
        cmocka_unit_test(lost_field_lists_are_filled_in),
        cmocka_unit_test(other_pagination_shapes_fail_validation),
        cmocka_unit_test(descriptions_are_the_references),
        cmocka_unit_test(scalars_are_plain),
        cmocka_unit_test(sort_hash_size_has_no_schema_default),
    };
    return cmocka_run_group_tests(tests, build_and_introspect, free_all);
}
