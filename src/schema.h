/* schema.h -- table-driven mapping from YAML nodes to C structs.
 *
 * Each file kind of the packet repository is described by a struct schema:
 * a table of fields with their key, type, flags and offset in the C struct.
 * One generic walker (schema_load) turns a node tree into the struct and
 * reports every problem with its position: wrong types, missing required
 * keys, unknown keys (a warning with "did you mean"), bad dates, durations,
 * versions and enum values.  The same tables drive the gate language's
 * field paths and the documentation, so the format has one definition.
 *
 * Every struct described by a schema starts with a struct gh_obj.
 */
#ifndef GH_SCHEMA_H
#define GH_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"
#include "value.h"
#include "ydoc.h"

/* Header of every loaded object: where it is and its YAML node. */
struct gh_obj {
	struct gh_pos pos;
	const struct ynode *node;
	const char *file;
};

#define GH_LIST(T) struct { T *v; size_t n; }
struct gh_list {
	void *v;
	size_t n;
};

/* An expression or other source text with the position of its first
 * character, so errors inside it can point into the YAML file. */
struct gh_src {
	const char *text;
	struct gh_pos pos;
	char block;		/* '|' or '>' when written as a block scalar */
	const char *raw;	/* then its lines as written, for positions */
};

/* A scalar whose type is inferred from its text (policy parameters). */
enum gh_vtype {
	VT_NULL,
	VT_BOOL,
	VT_NUM,
	VT_STR,
	VT_TIME,
	VT_DUR,
	VT_VER,
	VT_SIZE,
	VT_LIST,
	VT_OBJ,
};

struct schema;
struct schema_field;

struct gh_value {
	enum gh_vtype t;
	bool date_only;			/* VT_TIME written as a plain date */
	union {
		bool b;
		double n;
		const char *s;
		gh_time time;
		gh_dur dur;
		gh_size size;
		struct gh_version ver;
		struct {		/* VT_LIST */
			const struct gh_list *l;
			const struct schema_field *f;
		} list;
		struct {		/* VT_OBJ */
			const void *p;
			const struct schema *s;
		} obj;
	} u;
};

/* A named, typed entry of a free-form map (FT_PARAMS / FT_EXPRMAP). */
struct gh_named {
	struct gh_obj o;
	const char *name;
	struct gh_src src;	/* the value as written */
	struct gh_value v;	/* FT_PARAMS: inferred value */
};

enum ftype {
	FT_STR,		/* const char *, one line */
	FT_TEXT,	/* const char *, free text */
	FT_ID,		/* const char *, [A-Za-z0-9][A-Za-z0-9._-]* */
	FT_INT,		/* int64_t, GH_INT_NONE when absent */
	FT_NUM,		/* double, GH_NUM_NONE when absent */
	FT_BOOL,	/* bool, default from .def or false */
	FT_DATE,	/* gh_time, a date */
	FT_TIME,	/* gh_time, a date or date-time */
	FT_DUR,		/* gh_dur */
	FT_SIZE,	/* gh_size */
	FT_VER,		/* struct gh_version */
	FT_ENUM,	/* int, index into .enums, -1 when absent */
	FT_EXPR,	/* struct gh_src */
	FT_URL,		/* const char *, http(s):// or a repository path */
	FT_OBJ,		/* pointer to a struct of .sub, NULL when absent */
	FT_LIST,	/* struct gh_list of .item (objects: contiguous structs) */
	FT_PARAMS,	/* GH_LIST(struct gh_named): map of inferred scalars */
	FT_EXPRMAP,	/* GH_LIST(struct gh_named): map of key -> expression */
	FT_VARIANT,	/* pointer; schema chosen by the enum at .sel_off */
};

#define SF_REQUIRED 0x1u	/* must be present and not null */
#define SF_NONEMPTY 0x2u	/* lists: at least one item */

struct schema_field {
	const char *key;
	enum ftype type;
	unsigned flags;
	size_t off;
	const struct schema *sub;		/* FT_OBJ, FT_LIST of FT_OBJ */
	enum ftype item;			/* FT_LIST item type */
	const char *const *enums;		/* FT_ENUM (and lists of them) */
	const char *def;			/* default text for absent scalars */
	size_t sel_off;				/* FT_VARIANT: offset of the enum */
	const struct schema *const *variants;	/* FT_VARIANT: by enum index */
	long min, max;				/* FT_INT bounds when min < max */
	const char *doc;			/* one line for manuals */
};

struct load_ctx;

struct schema {
	const char *name;		/* for messages: "request", "gate" */
	size_t size;
	const struct schema_field *fields;
	/* Cross-field checks after the fields are loaded; may be NULL. */
	void (*check)(struct load_ctx *c, void *obj);
};

struct load_ctx {
	struct arena *a;
	const char *file;
	struct diags *d;
	int errors;		/* errors reported through this context */
	bool companion;		/* loading the restricted companion repository */
};

void load_ctx_init(struct load_ctx *c, struct arena *a, const char *file,
    struct diags *d);
void load_error(struct load_ctx *c, struct gh_pos pos, const char *fmt, ...)
	GH_PRINTF(3, 4);
void load_warning(struct load_ctx *c, struct gh_pos pos, const char *fmt, ...)
	GH_PRINTF(3, 4);

/* Load node into out (a zeroed struct of s->size bytes).  Returns 0, or -1
 * if any error was reported; out is still filled as far as possible. */
int schema_load(struct load_ctx *c, const struct schema *s,
    const struct ynode *node, void *out);
/* Allocate a struct in the arena and load it; NULL only if node is not a
 * mapping. */
void *schema_load_new(struct load_ctx *c, const struct schema *s,
    const struct ynode *node);

const struct schema_field *schema_field(const struct schema *s, const char *key);
/* Bytes one item of a FT_LIST field takes, 0 for an unknown item type. */
size_t schema_item_size(const struct schema_field *f);
/* The closest key of s to key, or NULL when nothing is close. */
const char *schema_suggest(const struct schema *s, const char *key);
const char *schema_enum_suggest(const char *const *enums, const char *word);
const char *schema_type_name(enum ftype t);
/* Position of key's value inside an object's node, or the object's own. */
struct gh_pos schema_pos_of(const struct gh_obj *o, const char *key);

/* Read a field of a loaded object as a value (used by the gate language).
 * Returns false when the field is absent. */
bool schema_get(const struct schema_field *f, const void *obj, struct gh_value *out);
/* Infer the type of a scalar written in a policy parameter. */
void schema_infer(const char *text, bool plain, struct gh_value *out);

/* Enum helper: the text of value i, or "" when out of range. */
const char *schema_enum_name(const char *const *enums, int i);
int schema_enum_index(const char *const *enums, const char *word);

/* Field definition shorthands: F(struct, member, key, type, flags, doc). */
#define SF(st, m, k, t, fl, d) \
	{ .key = (k), .type = (t), .flags = (fl), .off = offsetof(st, m), .doc = (d) }
#define SF_OBJ(st, m, k, sch, fl, d) \
	{ .key = (k), .type = FT_OBJ, .flags = (fl), .off = offsetof(st, m), \
	  .sub = (sch), .doc = (d) }
#define SF_OBJLIST(st, m, k, sch, fl, d) \
	{ .key = (k), .type = FT_LIST, .flags = (fl), .off = offsetof(st, m), \
	  .item = FT_OBJ, .sub = (sch), .doc = (d) }
#define SF_LIST(st, m, k, it, fl, d) \
	{ .key = (k), .type = FT_LIST, .flags = (fl), .off = offsetof(st, m), \
	  .item = (it), .doc = (d) }
#define SF_ENUM(st, m, k, en, fl, d) \
	{ .key = (k), .type = FT_ENUM, .flags = (fl), .off = offsetof(st, m), \
	  .enums = (en), .doc = (d) }
#define SF_ENUMLIST(st, m, k, en, fl, d) \
	{ .key = (k), .type = FT_LIST, .flags = (fl), .off = offsetof(st, m), \
	  .item = FT_ENUM, .enums = (en), .doc = (d) }
#define SF_BOOL(st, m, k, dflt, d) \
	{ .key = (k), .type = FT_BOOL, .off = offsetof(st, m), .def = (dflt), .doc = (d) }
#define SF_INT(st, m, k, fl, lo, hi, d) \
	{ .key = (k), .type = FT_INT, .flags = (fl), .off = offsetof(st, m), \
	  .min = (lo), .max = (hi), .doc = (d) }
#define SF_END { .key = NULL }

#endif
