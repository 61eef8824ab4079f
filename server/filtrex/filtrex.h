/*
 * The filtrex expression language as npm `filtrex` 3.1.0 has it (reference/pcvisit.md section
 * 2): compile an expression once, evaluate it against many records. Knows nothing of GraphQL,
 * pcvisit or the store; a record is whatever a lookup callback can read names from.
 */
#ifndef RMMSIM_FILTREX_H
#define RMMSIM_FILTREX_H

#include <stdbool.h>
#include <stddef.h>

/* Limits on hostile input; beyond them fx_compile fails with FX_ERR_LIMIT (F-FLX-004). */
#define FX_MAX_LENGTH (256 * 1024) /* bytes of expression text */
#define FX_MAX_NESTING 256         /* open parentheses, operators waiting for an operand, ... */
#define FX_SCRATCH_MAX (16u << 20) /* bytes one evaluation may allocate (strings, lists) */

/* What went wrong. The first three are compile errors, the next five runtime errors as
 * filtrex returns them; the JavaScript class each stands for is fx_error_class(). */
#define FX_ERRORS(X)                                                                              \
    X(LEXICAL, "Error", NULL)               /* "Lexical error on line 1. Unrecognized text..." */ \
    X(PARSE, "Error", NULL)                 /* "Parse error on line 1:..." */                     \
    X(SYNTAX, "SyntaxError", NULL)          /* JavaScript's: `010.5`, a bad ~= pattern */         \
    X(UNKNOWN_PROPERTY, "UnknownPropertyError", "UNKNOWN_PROPERTY")                               \
    X(UNKNOWN_FUNCTION, "UnknownFunctionError", "UNKNOWN_FUNCTION")                               \
    X(UNEXPECTED_TYPE, "UnexpectedTypeError", "UNEXPECTED_TYPE")                                  \
    X(INTERNAL, "InternalError", "INTERNAL")                                                      \
    X(UNSUPPORTED, "UnsupportedError", NULL) /* rmmsim: a ~= feature it lacks (F-FLX-006) */      \
    X(LIMIT, "LimitError", NULL)             /* rmmsim: a limit above was reached */              \
    X(NOMEM, "NoMemoryError", NULL)          /* rmmsim: malloc failed */

enum fx_error_kind {
#define FX_ERROR_ENUM(name, js_class, i18n) FX_ERR_##name,
    FX_ERRORS(FX_ERROR_ENUM)
#undef FX_ERROR_ENUM
};

/* "UnknownPropertyError", ...: filtrex's class name (rmmsim's own for the last three). */
const char *fx_error_class(enum fx_error_kind kind);
/* filtrex's I18N_STRING ("UNKNOWN_PROPERTY", ...), or NULL where filtrex has none. */
const char *fx_error_i18n(enum fx_error_kind kind);

enum fx_kind {
    FX_ABSENT = 0, /* lookup only: no such property (filtrex: UnknownPropertyError) */
    FX_UNDEFINED,  /* the property exists and is JavaScript's undefined */
    FX_NULL,
    FX_BOOL,
    FX_NUMBER,
    FX_STRING,
    FX_ARRAY,
    FX_OBJECT,
    FX_ERROR, /* a result only: the runtime error filtrex returns instead of a value */
};

struct fx_value;

/* Reads the property name[0..len) of record (name may hold NULs and is not NUL-terminated).
 * Returns the value, or a zeroed value (FX_ABSENT) when the record has no such property.
 * Strings and lists it returns must stay valid until fx_eval returns. Returning an FX_ERROR
 * value ends the evaluation with that error. */
typedef struct fx_value (*fx_lookup_fn)(const char *name, size_t len, void *record);

struct fx_value {
    enum fx_kind kind;
    union {
        bool b;   /* FX_BOOL */
        double n; /* FX_NUMBER */
        struct {
            const char *ptr; /* UTF-8, not NUL-terminated; may hold NULs */
            size_t len;
        } s; /* FX_STRING */
        struct {
            const struct fx_value *items; /* identity: two lists are one if items match */
            size_t count;
        } a; /* FX_ARRAY (F-FLX-005) */
        struct {
            fx_lookup_fn lookup; /* reads this object's properties, for `x of obj` */
            void *record;
        } o; /* FX_OBJECT */
        struct {
            enum fx_error_kind kind;
            const char *message; /* filtrex's message; NUL-terminated after len bytes */
            size_t len;
        } err; /* FX_ERROR */
    } u;
};

static inline struct fx_value fx_number(double n)
{
    return (struct fx_value){ .kind = FX_NUMBER, .u.n = n };
}
static inline struct fx_value fx_bool(bool b)
{
    return (struct fx_value){ .kind = FX_BOOL, .u.b = b };
}
static inline struct fx_value fx_string(const char *s, size_t len)
{
    return (struct fx_value){ .kind = FX_STRING, .u.s = { s, len } };
}
static inline struct fx_value fx_array(const struct fx_value *items, size_t count)
{
    return (struct fx_value){ .kind = FX_ARRAY, .u.a = { items, count } };
}
static inline struct fx_value fx_object(fx_lookup_fn lookup, void *record)
{
    return (struct fx_value){ .kind = FX_OBJECT, .u.o = { lookup, record } };
}

/* A name filtrex's `constants` option defines: a bare (unquoted) name is looked up here
 * before the record; 'quoted' names always read the record. */
struct fx_constant {
    const char *name; /* NUL-terminated; NULL ends the array */
    struct fx_value value;
};

#define FX_MESSAGE_MAX 1024

struct fx_error {
    enum fx_error_kind kind;
    size_t offset;                /* byte of the expression where it went wrong */
    char message[FX_MESSAGE_MAX]; /* filtrex's wording where it has one (F-FLX-003) */
    size_t message_len;           /* it may quote a NUL of the expression */
};

struct fx_expr;

/* Compiles text[0..len) (UTF-8; may hold NULs). constants: NULL or an array ended by a NULL
 * name; it and every string or list in it must outlive the expression. Returns the expression
 * (free with fx_free), or NULL with *err filled: FX_ERR_LEXICAL, FX_ERR_PARSE, FX_ERR_SYNTAX as
 * filtrex's compileExpression throws them, FX_ERR_LIMIT (too long, too deeply nested, not
 * UTF-8) or FX_ERR_NOMEM. */
struct fx_expr *fx_compile(const char *text, size_t len, const struct fx_constant *constants,
                           struct fx_error *err);
void fx_free(struct fx_expr *e);

/* Evaluates e against record (lookup may be NULL: a record without properties). Never fails
 * otherwise: runtime errors come back as an FX_ERROR value, as filtrex returns them. Strings,
 * lists and messages in the result point into the record or into e's scratch memory, valid
 * until the next fx_eval of e or fx_free(e). One thread at a time per expression; evaluations
 * of small expressions do not allocate. */
struct fx_value fx_eval(struct fx_expr *e, fx_lookup_fn lookup, void *record);

/* JavaScript truthiness of a result, as `records.filter(compiledExpression)` keeps rows:
 * errors, lists and objects are true; 0, NaN, "", false, null and undefined are false
 * (F-FLX-012: a caller that wants only `true` rows tests kind and value itself). */
bool fx_truthy(struct fx_value v);

/* Writes a number as JavaScript's String(n) does ("1e+21", "0.1", "NaN"); out needs 32 bytes.
 * Returns the length. */
size_t fx_number_format(double n, char out[32]);

#endif
