/* expr_int.h -- shared between the gate language's files (expr_*.c); the
 * rest of the program uses expr.h.
 *
 * The parser turns the source into a tree allocated in the caller's arena.
 * Every node knows the offset of its first character and, when it is a path
 * or a call that does not depend on a quantifier variable, its canonical
 * text ("request.rollback.checkpoint"): that text is the key under which
 * the evaluator records what it read and under which expr_explain finds the
 * value again.  Quantifier variables are resolved while parsing, so a name
 * is either a variable slot or a root for the host to resolve.
 *
 * Hostile input is bounded three ways: the source length (EXPR_MAX_LEN),
 * the parser's nesting (EXPR_MAX_DEPTH, which bounds the C stack while
 * parsing) and the tree height (EXPR_MAX_HEIGHT, which bounds it while
 * evaluating and rendering).  Evaluation is further bounded by a budget of
 * node evaluations, so nested quantifiers over big lists stop early.
 *
 * The files: expr_value.c (helpers, formatting, lists, comparison),
 * expr_lex.c and expr_parse.c (source to tree), expr_explain.c (tree to
 * text), expr_eval.c (the environment and the evaluator), expr_ops.c
 * (operators) and expr_builtin.c (built-in functions).  Names shared
 * between them carry the ex_ prefix; everything else is static.
 */
#ifndef GH_EXPR_INT_H
#define GH_EXPR_INT_H

#include <limits.h>

#include "expr.h"

#define EXPR_MAX_LEN 8192
#define EXPR_MAX_DEPTH 64
#define EXPR_MAX_HEIGHT 128
#define EXPR_DEFAULT_BUDGET 100000
#define EXPR_MAX_READS 256
#define DAY 86400
#define NO_SLOT INT_MAX

/* ---- the tree ------------------------------------------------------------ */

enum nkind {
	N_LIT,		/* v, lit */
	N_VAR,		/* quantifier variable: name, slot */
	N_ROOT,		/* root name resolved by the host: name */
	N_FIELD,	/* a.name */
	N_INDEX,	/* a[b] */
	N_CALL,		/* name(args); op = built-in or -1 for the host */
	N_QUANT,	/* op(name in a: b); op = Q_* */
	N_LIST,		/* [args] */
	N_NEG,		/* -a */
	N_NOT,		/* not a */
	N_AND,		/* a and b */
	N_OR,		/* a or b */
	N_BIN,		/* a op b; op = OP_* */
};

enum binop { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_NOTIN, OP_ADD, OP_SUB,
	OP_MUL, OP_DIV };
extern const char *const ex_op_text[];		/* by enum binop */

enum quant { Q_ANY, Q_ALL, Q_COUNT };
extern const char *const ex_quant_names[];	/* by enum quant, then NULL */

enum builtin { BI_PRESENT, BI_COALESCE, BI_LEN, BI_MIN, BI_MAX, BI_DAYS_UNTIL, BI_AGE,
	BI_MAJOR, BI_VERSION_GAP, BI_DAYS, BI_HOURS, BI_LOWER, BI_CONTAINS, BI_WEEKDAY };
struct ex_builtin {
	const char *name;
	int min, max;		/* argument count; max < 0: unbounded */
};
extern const struct ex_builtin ex_builtins[];	/* by enum builtin */

struct expr {
	enum nkind k;
	int op;
	int off;		/* offset of the first character in src */
	int height;
	int slot;		/* N_VAR, N_QUANT: variable slot */
	int free_slot;		/* lowest slot of a variable bound outside the
				 * node that it reads, NO_SLOT if none */
	const char *src;	/* the whole source text */
	const char *name;
	const char *text;	/* canonical text of a path or call, or NULL */
	const char *lit;	/* N_LIT: as written */
	struct gh_value v;	/* N_LIT: the value */
	struct expr *a, *b;
	struct expr **args;
	size_t nargs;
};

/* ---- values: expr_value.c ------------------------------------------------ */

/* Small helpers. */
void ex_buf_cut(struct buf *b, size_t len);
int ex_utf8_count(const char *s, size_t n);
int ex_utf8_len(const char *s);
bool ex_key_match(const char *key, const char *name);
const struct schema_field *ex_find_key(const struct schema *s, const char *name);
bool ex_is_seq(const struct gh_value *v);
bool ex_is_named_list(const struct gh_value *v);
/* Values as the language writes them, appended to out; ex_describe adds
 * the type ("duration 4h") for messages. */
void ex_fmt_str(const char *s, size_t max, struct buf *out);
void ex_fmt_value(const struct gh_value *v, struct buf *out, int nest);
void ex_describe(const struct gh_value *v, struct buf *out);
/* Items of schema lists, named maps and computed arrays; *text (may be
 * NULL) gets a policy parameter's source text. */
size_t ex_seq_len(const struct gh_value *v);
void ex_seq_get(const struct gh_value *v, size_t i, struct gh_value *out,
    const char **text);
/* Versions and comparison, by the numbers' source texts when known;
 * ex_compare_text gives -1, 0, 1, or 2 (incomparable). */
bool ex_to_version(const struct gh_value *v, const char *numtext, struct gh_version *out);
int ex_compare_text(const struct gh_value *a, const char *at, const struct gh_value *b,
    const char *bt);

/* ---- the lexer: expr_lex.c ----------------------------------------------- */

enum tk {
	T_END, T_NUM, T_DUR, T_SIZE, T_TIME, T_VER, T_STR, T_NAME, T_TRUE, T_FALSE, T_NULL,
	T_AND, T_OR, T_NOT, T_IN, T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_PLUS, T_MINUS,
	T_STAR, T_SLASH, T_LP, T_RP, T_LB, T_RB, T_COMMA, T_COLON, T_DOT,
};

struct tok {
	enum tk k;
	int off, end;
	struct gh_value v;	/* literals */
	const char *text;	/* names and literals as written */
};

struct parser {
	struct arena *a;
	const char *s;		/* the source (arena copy) */
	int pos;		/* lexer position */
	struct tok t;		/* current token */
	int prev_off, prev_end;	/* the token before it */
	struct expr_parse_error *err;
	bool failed;
	int depth;
	const char *scope[EXPR_MAX_DEPTH + 1];
	int nscope;
};

/* The first error wins; ex_tok_desc's text lives in the parser's arena. */
void ex_fail(struct parser *p, int off, const char *fmt, ...) GH_PRINTF(3, 4);
void ex_next(struct parser *p);
enum tk ex_peek2(struct parser *p);
const char *ex_tok_desc(struct parser *p, const struct tok *t);
bool ex_expect(struct parser *p, enum tk k, const char *what);

/* ---- rendering: expr_explain.c ------------------------------------------- */

/* n in canonical form; with env, paths and calls carry "= value". */
void ex_render(const struct expr *n, const struct expr_env *env, struct buf *out,
    int prec);
const struct expr_read *ex_find_read(const struct expr_env *env, const char *path);

/* ---- evaluation: expr_eval.c --------------------------------------------- */

/* An evaluated value and, for literals and policy parameters, its
 * source text. */
struct ev {
	struct gh_value v;
	const char *text;
};

/* The state of one expr_eval: variables by slot, the step budget. */
struct ctx {
	struct expr_env *env;
	struct buf *reason;
	size_t steps, limit;
	struct ev vars[EXPR_MAX_DEPTH + 1];
};

/* ex_desc and ex_path_of return text in the scratch arena (c->env->a). */
enum expr_err ex_eval(struct ctx *c, const struct expr *n, struct ev *out, bool as_base);
enum expr_err ex_fault(struct ctx *c, enum expr_err e, const char *fmt, ...)
	GH_PRINTF(3, 4);
const char *ex_desc(struct ctx *c, const struct gh_value *v);
const char *ex_path_of(struct ctx *c, const struct expr *n);
bool ex_is_soft(enum expr_err e);
void ex_set_bool(struct ev *out, bool b);
void ex_set_num(struct ev *out, double n);

/* ---- operators: expr_ops.c ----------------------------------------------- */

enum expr_err ex_eval_bin(struct ctx *c, const struct expr *n, struct ev *out);
enum expr_err ex_eval_logic(struct ctx *c, const struct expr *n, struct ev *out);
enum expr_err ex_eval_unary(struct ctx *c, const struct expr *n, struct ev *out);
bool ex_member(const struct ev *x, const struct gh_value *l);
bool ex_add64(int64_t a, int64_t b, bool sub, int64_t *out);

/* ---- built-in functions: expr_builtin.c ---------------------------------- */

/* Index in ex_builtins, or -1 for a host function. */
int ex_builtin_index(const char *name);
enum expr_err ex_eval_call(struct ctx *c, const struct expr *n, struct ev *out);

#endif
