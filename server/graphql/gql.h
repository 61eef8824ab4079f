/*
 * A general GraphQL engine (the October 2021 spec, behaving as graphql-js 16): lexer and
 * parser for executable documents and SDL. It knows nothing of pcvisit or of the store.
 * Nodes live in an arena; names and literals point into the source text, which must
 * outlive the document.
 */
#ifndef RMMSIM_GQL_H
#define RMMSIM_GQL_H

#include "core/rm.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

/* Every node kind, declared once (libgraphqlparser's FOR_EACH_CONCRETE_TYPE idea). */
#define GQL_NODE_KINDS(X)                                                                         \
    X(DOCUMENT)                                                                                   \
    X(OPERATION_DEFINITION)                                                                       \
    X(VARIABLE_DEFINITION)                                                                        \
    X(SELECTION_SET)                                                                              \
    X(FIELD)                                                                                      \
    X(ARGUMENT)                                                                                   \
    X(FRAGMENT_SPREAD)                                                                            \
    X(INLINE_FRAGMENT)                                                                            \
    X(FRAGMENT_DEFINITION)                                                                        \
    X(VARIABLE)                                                                                   \
    X(INT)                                                                                        \
    X(FLOAT)                                                                                      \
    X(STRING)                                                                                     \
    X(BOOLEAN)                                                                                    \
    X(NULL)                                                                                       \
    X(ENUM)                                                                                       \
    X(LIST)                                                                                       \
    X(OBJECT)                                                                                     \
    X(OBJECT_FIELD)                                                                               \
    X(DIRECTIVE)                                                                                  \
    X(NAMED_TYPE)                                                                                 \
    X(LIST_TYPE)                                                                                  \
    X(NON_NULL_TYPE)                                                                              \
    X(SCHEMA_DEFINITION)                                                                          \
    X(OPERATION_TYPE_DEFINITION)                                                                  \
    X(SCALAR_TYPE_DEFINITION)                                                                     \
    X(OBJECT_TYPE_DEFINITION)                                                                     \
    X(FIELD_DEFINITION)                                                                           \
    X(INPUT_VALUE_DEFINITION)                                                                     \
    X(INTERFACE_TYPE_DEFINITION)                                                                  \
    X(UNION_TYPE_DEFINITION)                                                                      \
    X(ENUM_TYPE_DEFINITION)                                                                       \
    X(ENUM_VALUE_DEFINITION)                                                                      \
    X(INPUT_OBJECT_TYPE_DEFINITION)                                                               \
    X(DIRECTIVE_DEFINITION)                                                                       \
    X(SCHEMA_EXTENSION)                                                                           \
    X(SCALAR_TYPE_EXTENSION)                                                                      \
    X(OBJECT_TYPE_EXTENSION)                                                                      \
    X(INTERFACE_TYPE_EXTENSION)                                                                   \
    X(UNION_TYPE_EXTENSION)                                                                       \
    X(ENUM_TYPE_EXTENSION)                                                                        \
    X(INPUT_OBJECT_TYPE_EXTENSION)

enum gql_kind {
#define GQL_KIND_ENUM(name) GQL_KIND_##name,
    GQL_NODE_KINDS(GQL_KIND_ENUM)
#undef GQL_KIND_ENUM
        GQL_KIND_COUNT
};

/* graphql-js's name of a kind ("OperationDefinition"). */
const char *gql_kind_name(enum gql_kind kind);

enum gql_operation { GQL_QUERY, GQL_MUTATION, GQL_SUBSCRIPTION };

/* A slice of the source text (or of an arena buffer for decoded strings). */
struct gql_str {
    const char *p;
    uint32_t len;
};

struct gql_node;

struct gql_nodes {
    struct gql_node **items;
    uint32_t count;
};

/* One node. Each field's meaning per kind:
 *   name         the node's name: operation, field, argument, fragment, variable, directive,
 *                named type, object field, every definition; DIRECTIVE_DEFINITION locations
 *                are NAMED_TYPE-like nodes of kind ENUM in `members`
 *   alias        FIELD: its alias (len 0 when none)
 *   text         INT, FLOAT, ENUM: the literal as written; STRING: the decoded value
 *   operation    OPERATION_DEFINITION, OPERATION_TYPE_DEFINITION
 *   type         VARIABLE_DEFINITION, FIELD_DEFINITION, INPUT_VALUE_DEFINITION: the type;
 *                LIST_TYPE, NON_NULL_TYPE: the wrapped type; FRAGMENT_DEFINITION,
 *                INLINE_FRAGMENT: the type condition (NULL when absent);
 *                OPERATION_TYPE_DEFINITION: the NAMED_TYPE
 *   value        ARGUMENT, OBJECT_FIELD: the value; VARIABLE_DEFINITION,
 *                INPUT_VALUE_DEFINITION: the default value (NULL when none)
 *   description  definitions: a STRING node, or NULL
 *   args         FIELD, DIRECTIVE: ARGUMENTs; OPERATION_DEFINITION: VARIABLE_DEFINITIONs;
 *                FIELD_DEFINITION, DIRECTIVE_DEFINITION: INPUT_VALUE_DEFINITIONs
 *   directives   every node that can carry directives
 *   selections   OPERATION_DEFINITION, FIELD, INLINE_FRAGMENT, FRAGMENT_DEFINITION: the
 *                SELECTION_SET (NULL for a leaf FIELD)
 *   items        DOCUMENT: definitions; SELECTION_SET: selections; LIST: values; OBJECT:
 *                OBJECT_FIELDs; object/interface/input types: FIELD_DEFINITIONs or
 *                INPUT_VALUE_DEFINITIONs; ENUM types: ENUM_VALUE_DEFINITIONs; SCHEMA
 *                definition/extension: OPERATION_TYPE_DEFINITIONs
 *   members      OBJECT/INTERFACE types: implemented interfaces (NAMED_TYPEs); UNION types:
 *                member types; DIRECTIVE_DEFINITION: locations
 *   flag         BOOLEAN: its value; STRING: a block string; DIRECTIVE_DEFINITION: repeatable
 *   start        byte offset of the node's first token (for error locations) */
struct gql_node {
    enum gql_kind kind;
    uint32_t start;
    struct gql_str name;
    struct gql_str alias;
    struct gql_str text;
    enum gql_operation operation;
    struct gql_node *type;
    struct gql_node *value;
    struct gql_node *description;
    struct gql_node *selections;
    struct gql_nodes args;
    struct gql_nodes directives;
    struct gql_nodes items;
    struct gql_nodes members;
    bool flag;
};

/* A source location, 1-based; columns count UTF-16 code units as graphql-js does. */
struct gql_location {
    uint32_t line, column;
};

struct gql_parse_options {
    uint32_t max_tokens; /* 0: unlimited; more tokens is a syntax error (graphql-js maxTokens) */
    uint32_t max_depth;  /* 0: 256; nesting of selections, values and types */
};

/* ---- the type system (schema.c) ---- */

enum gql_type_kind {
    GQL_TYPE_SCALAR,
    GQL_TYPE_OBJECT,
    GQL_TYPE_INTERFACE,
    GQL_TYPE_UNION,
    GQL_TYPE_ENUM,
    GQL_TYPE_INPUT_OBJECT,
    GQL_TYPE_LIST,
    GQL_TYPE_NON_NULL,
};

struct gql_type;

/* How a scalar coerces: the spec's five, a custom scalar taking any value (graphql-js
 * buildSchema's default), or a custom scalar of strings only (gql_schema_string_scalar). */
enum gql_scalar { GQL_SCALAR_CUSTOM, GQL_SCALAR_INT, GQL_SCALAR_FLOAT, GQL_SCALAR_STRING,
                  GQL_SCALAR_BOOLEAN, GQL_SCALAR_ID, GQL_SCALAR_CUSTOM_STRING };

/* An argument or input field. */
struct gql_input_value {
    const char *name;
    const char *description;                 /* NULL when none */
    struct gql_type *type;
    const struct gql_node *default_value;    /* the SDL literal, or NULL */
    const char *deprecation_reason;          /* NULL: not deprecated */
};

struct gql_resolve_info;
/* A field's resolver (execute.c). Returns the field's value, NULL meaning null. The value
 * must live until the execution ends: borrow it from the parent or the root value, or hand
 * a new tree to gql_exec_keep. To fail the field, call gql_exec_fail and return NULL. */
typedef const cJSON *(*gql_resolve_fn)(const struct gql_resolve_info *info);

struct gql_field {
    const char *name;
    const char *description;
    struct gql_input_value *args;
    uint32_t nargs;
    struct gql_type *type;
    const char *deprecation_reason;
    uint32_t line;                           /* where the SDL defines it (messages) */
    gql_resolve_fn resolve;                  /* NULL: the parent's property of this name */
};

struct gql_enum_value {
    const char *name;
    const char *description;
    const char *deprecation_reason;
};

struct gql_type {
    enum gql_type_kind kind;
    const char *name;                        /* NULL for LIST and NON_NULL */
    const char *description;
    const char *specified_by_url;            /* scalars with @specifiedBy */
    struct gql_type *of_type;                /* LIST, NON_NULL: the wrapped type */
    struct gql_field *fields;                /* OBJECT, INTERFACE */
    uint32_t nfields;
    struct gql_input_value *input_fields;    /* INPUT_OBJECT */
    uint32_t ninput_fields;
    struct gql_type **interfaces;            /* OBJECT, INTERFACE: what it implements */
    uint32_t ninterfaces;
    struct gql_type **possible;              /* UNION: members; INTERFACE: implementations */
    uint32_t npossible;
    struct gql_enum_value *values;           /* ENUM */
    uint32_t nvalues;
    bool one_of;                             /* INPUT_OBJECT with @oneOf */
    bool builtin;                            /* the spec's scalars and introspection types */
    enum gql_scalar scalar;                  /* SCALAR: which one */
    struct gql_type *list_of, *non_null_of;  /* wrappers, made once */
};

/* Directive locations as bits, in the spec's order (DirectiveLocation). */
#define GQL_DIRECTIVE_LOCATIONS(X)                                                                    X(QUERY) X(MUTATION) X(SUBSCRIPTION) X(FIELD) X(FRAGMENT_DEFINITION) X(FRAGMENT_SPREAD)          X(INLINE_FRAGMENT) X(VARIABLE_DEFINITION) X(SCHEMA) X(SCALAR) X(OBJECT) X(FIELD_DEFINITION)      X(ARGUMENT_DEFINITION) X(INTERFACE) X(UNION) X(ENUM) X(ENUM_VALUE) X(INPUT_OBJECT)               X(INPUT_FIELD_DEFINITION) X(DIRECTIVE_DEFINITION)

enum gql_directive_location {
#define GQL_LOCATION_ENUM(name) GQL_LOC_##name,
    GQL_DIRECTIVE_LOCATIONS(GQL_LOCATION_ENUM)
#undef GQL_LOCATION_ENUM
        GQL_LOC_COUNT
};

struct gql_directive {
    const char *name;
    const char *description;
    struct gql_input_value *args;
    uint32_t nargs;
    uint32_t locations;                      /* 1u << GQL_LOC_* */
    uint8_t location_order[GQL_LOC_COUNT];   /* GQL_LOC_* as the definition lists them */
    uint8_t nlocations;
    bool repeatable;
    bool builtin;
};

struct gql_schema;

/* schema.c */
/* Builds a schema from SDL (plus the built-in scalars, directives and introspection types).
 * On an error: NULL, and a message naming the line in err ("line 12: Unknown type \"Foo\"."). */
struct gql_schema *gql_schema_build(const char *sdl, size_t len, char *err, size_t errlen);
void gql_schema_free(struct gql_schema *s);
/* The named type, or NULL. */
struct gql_type *gql_schema_type(const struct gql_schema *s, const char *name, size_t len);
struct gql_directive *gql_schema_directive(const struct gql_schema *s, const char *name,
                                           size_t len);
struct gql_type *gql_schema_root(const struct gql_schema *s, enum gql_operation op);
const char *gql_schema_description(const struct gql_schema *s);
/* Every named type in definition order (built-ins first); count in *n. */
struct gql_type *const *gql_schema_types(const struct gql_schema *s, uint32_t *n);
struct gql_directive *const *gql_schema_directives(const struct gql_schema *s, uint32_t *n);
/* A declared field of an object or interface type, or NULL (__typename, __schema and
 * __type are the executor's, not declared fields). */
struct gql_field *gql_type_field(const struct gql_type *t, const char *name, size_t len);
/* The field name selects on parent, as graphql-js's getFieldDef finds it: __typename on every
 * composite type, __schema and __type on the query root, else a declared field; NULL when
 * there is none (or parent is not composite). */
struct gql_field *gql_schema_field(const struct gql_schema *s, const struct gql_type *parent,
                                   const char *name, size_t len);
/* The type with wrappers stripped. */
struct gql_type *gql_named_type(struct gql_type *t);
/* Whether a value of type sub can be used where sup is expected for abstract types:
 * sub is an object type among sup's possible types (sup a union or interface). */
bool gql_type_possible(const struct gql_type *abstract, const struct gql_type *object);

/* ---- execution (execute.c) ----
 * Values are cJSON trees: the root value, what resolvers return, coerced arguments. */

struct gql_exec;

/* What a resolver sees. */
struct gql_resolve_info {
    const struct gql_type *parent_type; /* the object type whose field runs */
    const struct gql_field *field;
    const cJSON *parent;                /* the parent's value (the root value at the top) */
    const cJSON *args;                  /* coerced arguments, an object: absent arguments
                                           without a default are left out, explicit nulls kept */
    void *context;                      /* gql_exec_request.context */
    struct gql_exec *exec;
};

/* Sets the resolver of type.field (before serving). RM_ENOTFOUND when there is no such
 * field. */
int gql_schema_resolver(struct gql_schema *s, const char *type, const char *field,
                        gql_resolve_fn fn);

/* How the executor reads values, where a schema needs its own rules. */
struct gql_value_hooks {
    /* The concrete object type of a value in an abstract position; NULL when it has none.
     * NULL hook: the value's "__typename" string, as graphql-js's default type resolver. */
    const struct gql_type *(*resolve_type)(const struct gql_schema *s,
                                           const struct gql_type *abstract, const cJSON *value,
                                           void *context);
    /* A message when value stands for a failure (graphql-js: an Error as a value, also as
     * a list item), else NULL. NULL hook: no value is a failure. */
    const char *(*error_of)(const cJSON *value);
};
void gql_schema_value_hooks(struct gql_schema *s, const struct gql_value_hooks *hooks);

/* Makes the custom scalar name take and give strings only, as a server's string-like
 * scalars (Email, UUIDs) do, worded as GraphQLString words it with the scalar's name: a
 * literal or variable that is not a string is refused ("Email cannot represent a non string
 * value: 5"), and so is a result ("Email cannot represent value: 5"). RM_ENOTFOUND when
 * name is no custom scalar of s. */
int gql_schema_string_scalar(struct gql_schema *s, const char *name);

/* Hands a tree made by a resolver to the execution; it is deleted when the execution's
 * arena is cleared. Returns json, or NULL (json deleted) when that could not be arranged. */
const cJSON *gql_exec_keep(struct gql_exec *x, cJSON *json);
/* Fails the field being resolved with message (copied). */
void gql_exec_fail(const struct gql_resolve_info *info, const char *message);

/* graphql-js getOperationAST: the operation called name, or the document's only operation
 * when name is NULL; NULL when none fits. */
const struct gql_node *gql_operation(const struct gql_node *doc, const char *name);

struct gql_exec_request {
    const struct gql_schema *schema;
    const struct gql_node *document;    /* parsed and validated */
    const char *source;                 /* the document's text, for error locations */
    size_t len;
    const char *operation_name;         /* NULL: the document's only operation */
    const cJSON *variables;             /* an object, or NULL */
    const cJSON *root;                  /* the root value */
    void *context;                      /* handed to resolvers */
};

/* What a request produced: graphql-js's ExecutionResult. */
struct gql_result {
    const char *data;                   /* "data" as JSON text ("null" when the root failed);
                                           NULL when the request failed before execution */
    const struct gql_error *errors;
    uint32_t nerrors;
};

/* graphql-js execute(): operation selection, variable coercion, then the operation's
 * fields depth-first in selection order. Everything lands in a. RM_OK or RM_ENOMEM. */
int gql_execute(const struct gql_exec_request *r, struct rm_arena *a, struct gql_result *out);

/* The response body as graphql-js serialises an ExecutionResult: {"errors":[{"message",
 * "locations","path"}],"data":...}, each part only when present (arena; NULL when memory
 * ran out). */
const char *gql_result_json(struct rm_arena *a, const struct gql_result *r, size_t *len);

/* json.c */
/* A number as JavaScript's Number#toString writes it (shortest round trip: 1, 0.1, 1e+21,
 * 1e-7); what JSON.stringify writes for a finite number. */
const char *gql_js_number(double d, char out[32]);
/* JSON.stringify(v) (arena; NULL when memory ran out). */
const char *gql_json(struct rm_arena *a, const cJSON *v);

/* lexer.c */
/* The location of byte offset in source. */
struct gql_location gql_location_of(const char *source, size_t len, uint32_t offset);
/* The locations of n offsets, given in ascending order, in one pass over the source. */
void gql_locations_of(const char *source, size_t len, const uint32_t *offsets, uint32_t n,
                      struct gql_location *out);

/* print.c */
/* graphql-js print() of a value literal (what its messages quote), in a. */
const char *gql_print_value(struct rm_arena *a, const struct gql_node *value);

/* validate.c */
/* One error: graphql-js's message, the locations of the nodes it names (none for the
 * closing "Too many validation errors" error), and for field errors the response path as
 * JSON text ("[\"me\",0,\"name\"]"; NULL when none). */
struct gql_error {
    const char *message;
    const struct gql_location *locations;
    uint32_t nlocations;
    const char *path;
};

/* Validates doc (parsed from source[0..len)) against schema with the rules graphql-js 16 runs
 * by default, in its order; stops after 100 errors as graphql-js does. Returns the number of
 * errors; *errors (in a) lists them. */
uint32_t gql_validate(const struct gql_schema *schema, const struct gql_node *doc,
                      const char *source, size_t len, struct rm_arena *a,
                      const struct gql_error **errors);

/* parser.c */
/* Parses source[0..len) as an executable document or SDL (both kinds of definitions are
 * accepted; the validator rejects type-system definitions in requests). Returns the
 * DOCUMENT, or NULL with *error set to graphql-js's message ("Syntax Error: ...") and *loc
 * to where it was found. Everything is allocated in a (the message too). */
struct gql_node *gql_parse(struct rm_arena *a, const char *source, size_t len,
                           const struct gql_parse_options *options, const char **error,
                           struct gql_location *loc);

#endif
