/* expr.h -- the gate language: expressions policy authors write in
 * the policy files ("when:", "applies:", route rows, option "set:" values).
 *
 * Grammar (lowest precedence first):
 *
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | cmp
 *   cmp     := add [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") add]
 *   add     := mul (("+" | "-") mul)*
 *   mul     := unary (("*" | "/") unary)*
 *   unary   := "-" unary | postfix
 *   postfix := primary ("." NAME | "[" expr "]")*
 *   primary := NUMBER | DURATION | SIZE | DATE | DATETIME | VERSION | STRING
 *            | "true" | "false" | "null"
 *            | NAME                                  root name or bound variable
 *            | NAME "(" [expr ("," expr)*] ")"       built-in function
 *            | ("any" | "all" | "count") "(" NAME "in" expr ":" expr ")"
 *            | "[" [expr ("," expr)*] "]"            list
 *            | "(" expr ")"
 *
 * Literals: 24, 0.5; 72h, 14d, 1d12h, 30m, 45s, 2w; 42GiB, 500MB;
 * 2026-11-16; 2026-11-16T02:00:00Z; v17, v16.4 (a number compared with a
 * version is read as a version from its source text, so 16.10 stays
 * 16.10); "text" or 'text'.  NAME is [A-Za-z_][A-Za-z0-9_]*; a "-" in a
 * schema key is written "_" in a path (evidence.support_timeline).
 *
 * Types: null, bool, number, string, time (dates are midnight UTC),
 * duration, size, version, list, object.  time +/- duration -> time;
 * time - time -> duration; duration +/- duration; duration * number;
 * duration / number; duration / duration -> number; numbers as usual.
 * Comparisons need both sides of one type (number vs version and string
 * vs version convert to version; date vs datetime are both times).
 * "x in list" tests membership; "s in string" tests substring.
 *
 * Evaluation never crashes and never aborts the caller: a problem makes
 * the result indeterminate with a reason (EXPR_E_*), and a path into
 * evidence that the packet lacks reports EXPR_E_NO_EVIDENCE.
 *
 * Ownership: a struct expr (the parsed tree) is allocated in the arena
 * given to expr_parse and lives as long as it.  Values produced while
 * evaluating live in the arena in struct expr_env.
 */
#ifndef GH_EXPR_H
#define GH_EXPR_H

#include "arena.h"
#include "schema.h"

struct expr;			/* opaque parsed expression */

enum expr_err {
	EXPR_OK = 0,
	EXPR_E_MISSING,		/* a field read has no value */
	EXPR_E_NO_EVIDENCE,	/* the packet has no evidence of a needed type */
	EXPR_E_TYPE,		/* operands of the wrong type */
	EXPR_E_NAME,		/* unknown root name, field or function */
	EXPR_E_ARGS,		/* wrong number or type of function arguments */
	EXPR_E_LIMIT,		/* evaluation budget exceeded */
};

/* A parse error: message and the 0-based offset inside the source text. */
struct expr_parse_error {
	char msg[256];
	int offset;
};

/* Parse src.  Returns the expression, or NULL and fills *err. */
struct expr *expr_parse(struct arena *a, const char *src, struct expr_parse_error *err);

/* Parse a gh_src from a YAML file; on error add a diagnostic pointing at
 * the exact character (line and column in the file) and return NULL.
 * NULL without a diagnostic when src->text is NULL (an absent key).  In a
 * block scalar (text with a newline) the line is exact and the column
 * counts from the start of that line; offsets in quoted scalars with
 * escapes may be off by the escapes before them. */
struct expr *expr_parse_src(struct arena *a, const struct gh_src *src, const char *file,
    struct diags *d);

/* Synthetic objects supplied by the host (the engine): a field lookup
 * callback over an opaque pointer.  Used for roots like "evidence". */
struct expr_host_obj {
	const void *p;
	/* Return EXPR_OK and *out, or an EXPR_E_* code with a reason in buf. */
	enum expr_err (*field)(const void *p, const char *name, struct gh_value *out,
	    struct buf *reason, void *host);
	const char *name;	/* for messages */
};

/* A computed list (list literals, function results). */
struct expr_array {
	const struct gh_value *v;
	size_t n;
};

/* One value read during evaluation, for explanations:
 * "request.rollback.checkpoint = 4h".  Paths are recorded whole (not
 * "request" and "request.rollback" on the way), once per path, and only
 * when they do not depend on a quantifier variable; calls and quantifiers
 * record their result.  Policy parameters show their value as written.
 * Both strings are malloc'd and owned by the env: expr_env_reset() and
 * expr_env_free() release them. */
struct expr_read {
	const char *path;	/* canonical text of the path or call */
	char *value;		/* formatted value, or "(missing)" */
};

struct expr_env {
	struct arena *a;	/* scratch for values; caller resets between runs */
	gh_time today;
	void *host;		/* passed to the callbacks */
	/* Resolve a root name (request, policy, evidence, calendar ...).
	 * Return EXPR_E_NAME for names that are not the host's; leave the
	 * reason empty to get "unknown name 'x'".  "today" falls back to
	 * the env's today when the host does not know it. */
	enum expr_err (*root)(void *host, const char *name, struct gh_value *out,
	    struct buf *reason);
	/* Domain built-ins (overlaps_freeze, has_evidence, fired ...); return
	 * EXPR_E_NAME when the function is not the host's.  With an empty
	 * reason that reads "unknown function 'x'"; a reason the host wrote
	 * (e.g. "no gate 'x'") is kept.  Called after the arguments were
	 * evaluated; the generic built-ins (present, len ...) come first. */
	enum expr_err (*call)(void *host, const char *name, const struct gh_value *args,
	    size_t nargs, struct gh_value *out, struct buf *reason);
	/* Filled by expr_eval: what was read, and evidence items touched. */
	GH_LIST(struct expr_read) reads;
	size_t reads_cap;
	GH_LIST(const void *) evidence;	/* struct gh_evidence * (host-defined) */
	size_t evidence_cap;
	bool quiet;		/* record no reads: no explanation wanted */
	size_t budget;		/* node evaluations allowed per expr_eval call
				 * (not decremented); 0 = default 100000 */
};

/* Host-only value kinds beyond schema.h's: stored in gh_value.t as these. */
#define VT_HOST ((enum gh_vtype)100)	/* u.obj.p = struct expr_host_obj * */
#define VT_ARRAY ((enum gh_vtype)101)	/* u.obj.p = struct expr_array * */

void expr_env_init(struct expr_env *env, struct arena *scratch, gh_time today);
/* Forget reads and evidence of the previous evaluation. */
void expr_env_reset(struct expr_env *env);
void expr_env_free(struct expr_env *env);
/* Note that an evidence item was relied on (hosts call this). */
void expr_env_touch(struct expr_env *env, const void *evidence);

/* Evaluate e.  Returns EXPR_OK with *out set, or an error code with a
 * human-readable reason appended to *reason (translated); on EXPR_OK
 * *reason is left as it was.  Reads and touched evidence accumulate in
 * env until expr_env_reset(). */
enum expr_err expr_eval(const struct expr *e, struct expr_env *env, struct gh_value *out,
    struct buf *reason);
/* Evaluate as a condition: like expr_eval but the result must be a bool. */
enum expr_err expr_eval_bool(const struct expr *e, struct expr_env *env, bool *out,
    struct buf *reason);

/* The expression rewritten with the values read substituted beside the
 * paths, comparison by comparison:
 * "request.rollback.checkpoint = 4h < policy.rollback_checkpoint_min = 24h".
 * Call after expr_eval with the same env. */
void expr_explain(const struct expr *e, const struct expr_env *env, struct buf *out);
/* The source text the expression was parsed from. */
const char *expr_source(const struct expr *e);

/* Format any value for people: 4h, 2026-11-16, 17.4, 42GiB, true, "x". */
void expr_format_value(const struct gh_value *v, struct buf *out);
const char *expr_type_name(enum gh_vtype t);
/* Compare two values: -1, 0, 1, or EXPR_E_TYPE when incomparable.
 * Objects are equal (0) only to themselves, otherwise 1 (unordered). */
int expr_compare(const struct gh_value *a, const struct gh_value *b);

#endif
