/* expr.c -- the gate language: lexer, recursive-descent parser, evaluator,
 * built-in functions, value formatting and explanations.
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
 */
#include <config.h>

#include <ctype.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

#define EXPR_MAX_LEN 8192
#define EXPR_MAX_DEPTH 64
#define EXPR_MAX_HEIGHT 128
#define EXPR_DEFAULT_BUDGET 100000
#define EXPR_MAX_READS 256
#define FMT_MAX_ITEMS 8
#define FMT_MAX_STR 120
#define FMT_MAX_NEST 4
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
static const char *const op_text[] = { "==", "!=", "<", "<=", ">", ">=", "in", "not in",
	"+", "-", "*", "/" };

enum quant { Q_ANY, Q_ALL, Q_COUNT };
static const char *const quant_names[] = { "any", "all", "count", NULL };

enum builtin { BI_PRESENT, BI_COALESCE, BI_LEN, BI_MIN, BI_MAX, BI_DAYS_UNTIL, BI_AGE,
	BI_MAJOR, BI_VERSION_GAP, BI_DAYS, BI_HOURS, BI_LOWER, BI_CONTAINS, BI_WEEKDAY };
static const struct {
	const char *name;
	int min, max;		/* argument count; max < 0: unbounded */
} builtins[] = {
	[BI_PRESENT] = { "present", 1, 1 },
	[BI_COALESCE] = { "coalesce", 1, -1 },
	[BI_LEN] = { "len", 1, 1 },
	[BI_MIN] = { "min", 1, -1 },
	[BI_MAX] = { "max", 1, -1 },
	[BI_DAYS_UNTIL] = { "days_until", 1, 1 },
	[BI_AGE] = { "age", 1, 1 },
	[BI_MAJOR] = { "major", 1, 1 },
	[BI_VERSION_GAP] = { "version_gap", 2, 2 },
	[BI_DAYS] = { "days", 1, 1 },
	[BI_HOURS] = { "hours", 1, 1 },
	[BI_LOWER] = { "lower", 1, 1 },
	[BI_CONTAINS] = { "contains", 2, 2 },
	[BI_WEEKDAY] = { "weekday", 1, 1 },
};

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

/* ---- small helpers ------------------------------------------------------- */

/* Cut b back to len bytes (drop a reason that was caught). */
static void
buf_cut(struct buf *b, size_t len)
{
	if (b->s && len <= b->len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

/* Number of UTF-8 characters in s[0..n). */
static int
utf8_count(const char *s, size_t n)
{
	int c = 0;
	size_t i;

	for (i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Bytes of the UTF-8 character starting at s (at least 1, NUL-safe). */
static int
utf8_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, i;

	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return i;
	return n;
}

/* A schema key matches a path name when '_' in the name stands for '-'. */
static bool
key_match(const char *key, const char *name)
{
	for (; *key && *name; key++, name++)
		if (*key != *name && !(*name == '_' && *key == '-'))
			return false;
	return *key == '\0' && *name == '\0';
}

static const struct schema_field *
find_key(const struct schema *s, const char *name)
{
	const struct schema_field *f;

	for (f = s->fields; f->key; f++)
		if (key_match(f->key, name))
			return f;
	return NULL;
}

static bool
is_seq(const struct gh_value *v)
{
	return v->t == VT_LIST || v->t == VT_ARRAY;
}

static bool
is_named_list(const struct gh_value *v)
{
	return v->t == VT_LIST && v->u.list.f &&
	    (v->u.list.f->type == FT_PARAMS || v->u.list.f->type == FT_EXPRMAP);
}

/* ---- formatting ---------------------------------------------------------- */

/* printf %g honours LC_NUMERIC; the language always writes '.'. */
static void
fix_decimal_point(char *s)
{
	const struct lconv *lc = localeconv();
	char dp = lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';

	if (dp == '.')
		return;
	for (; *s; s++)
		if (*s == dp)
			*s = '.';
}

static void
fmt_num(double n, struct buf *out)
{
	char tmp[64];

	if (n == 0)
		n = 0;		/* no "-0" */
	if (isfinite(n) && n == trunc(n) && fabs(n) < 1e15)
		snprintf(tmp, sizeof tmp, "%.0f", n);
	else
		snprintf(tmp, sizeof tmp, "%.15g", n);
	fix_decimal_point(tmp);
	buf_puts(out, tmp);
}

/* A string in double quotes with escapes; cut after max bytes (0: never). */
static void
fmt_str(const char *s, size_t max, struct buf *out)
{
	size_t i;

	buf_putc(out, '"');
	for (i = 0; s && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (max && i >= max && (c & 0xC0) != 0x80) {
			buf_puts(out, "\xe2\x80\xa6");	/* … */
			break;
		}
		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c == '\n')
			buf_puts(out, "\\n");
		else if (c == '\t')
			buf_puts(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(out, "\\x%02x", c);
		else
			buf_putc(out, (char)c);
	}
	buf_putc(out, '"');
}

static void fmt_value(const struct gh_value *v, struct buf *out, int nest);
static size_t seq_len(const struct gh_value *v);
static void seq_get(const struct gh_value *v, size_t i, struct gh_value *out,
    const char **text);

static void
fmt_list(const struct gh_value *v, struct buf *out, int nest)
{
	size_t i, n = seq_len(v);
	struct gh_value item;

	if (nest >= FMT_MAX_NEST) {
		buf_puts(out, "[\xe2\x80\xa6]");
		return;
	}
	buf_putc(out, '[');
	for (i = 0; i < n; i++) {
		if (i)
			buf_puts(out, ", ");
		if (i == FMT_MAX_ITEMS) {
			buf_puts(out, "\xe2\x80\xa6");
			break;
		}
		seq_get(v, i, &item, NULL);
		fmt_value(&item, out, nest + 1);
	}
	buf_putc(out, ']');
}

static void
fmt_value(const struct gh_value *v, struct buf *out, int nest)
{
	switch ((int)v->t) {
	case VT_NULL: buf_puts(out, "null"); break;
	case VT_BOOL: buf_puts(out, v->u.b ? "true" : "false"); break;
	case VT_NUM: fmt_num(v->u.n, out); break;
	case VT_STR: fmt_str(v->u.s, FMT_MAX_STR, out); break;
	case VT_TIME: val_format_time(v->u.time, v->date_only, out); break;
	case VT_DUR: val_format_duration(v->u.dur, out); break;
	case VT_SIZE: val_format_size(v->u.size, out); break;
	case VT_VER:
		if (v->u.ver.text)
			buf_puts(out, v->u.ver.text);
		else
			val_format_version(&v->u.ver, out);
		break;
	case VT_LIST:
		if (is_named_list(v))
			buf_puts(out, "{\xe2\x80\xa6}");
		else
			fmt_list(v, out, nest);
		break;
	case VT_ARRAY: fmt_list(v, out, nest); break;
	case VT_OBJ: case VT_HOST: buf_puts(out, "{\xe2\x80\xa6}"); break;
	default: buf_puts(out, "?"); break;
	}
}

void
expr_format_value(const struct gh_value *v, struct buf *out)
{
	if (v == NULL || out == NULL)
		return;
	fmt_value(v, out, 0);
}

const char *
expr_type_name(enum gh_vtype t)
{
	switch ((int)t) {
	case VT_NULL: return "null";
	case VT_BOOL: return "bool";
	case VT_NUM: return "number";
	case VT_STR: return "string";
	case VT_TIME: return "time";
	case VT_DUR: return "duration";
	case VT_SIZE: return "size";
	case VT_VER: return "version";
	case VT_LIST: case VT_ARRAY: return "list";
	case VT_OBJ: case VT_HOST: return "object";
	}
	return "?";
}

/* "duration 4h", "date 2026-11-16", "null": a value for error messages. */
static void
describe(const struct gh_value *v, struct buf *out)
{
	if (v->t == VT_NULL) {
		buf_puts(out, "null");
		return;
	}
	if (v->t == VT_OBJ && v->u.obj.s) {
		buf_printf(out, "object (%s)", v->u.obj.s->name);
		return;
	}
	if (v->t == VT_HOST) {
		const struct expr_host_obj *h = v->u.obj.p;

		buf_printf(out, "object (%s)", h && h->name ? h->name : "?");
		return;
	}
	buf_puts(out, v->t == VT_TIME && v->date_only ? "date" : expr_type_name(v->t));
	buf_putc(out, ' ');
	fmt_value(v, out, FMT_MAX_NEST - 1);
}

/* ---- lists: schema lists, named maps and computed arrays ----------------- */

static size_t
seq_len(const struct gh_value *v)
{
	if (v->t == VT_ARRAY) {
		const struct expr_array *a = v->u.obj.p;

		return a && (a->v || a->n == 0) ? a->n : 0;
	}
	if (v->t != VT_LIST || v->u.list.l == NULL || v->u.list.f == NULL)
		return 0;
	if (v->u.list.l->v == NULL)
		return 0;
	if (!is_named_list(v) && schema_item_size(v->u.list.f) == 0)
		return 0;
	return v->u.list.l->n;
}

/* Item i (< seq_len) as a value; *text gets a policy parameter's source
 * text (numbers compare as versions by it, reads show it as written). */
static void
seq_get(const struct gh_value *v, size_t i, struct gh_value *out, const char **text)
{
	const struct schema_field *f = v->u.list.f;
	const char *p;
	struct schema_field tmp;

	memset(out, 0, sizeof *out);
	if (text)
		*text = NULL;
	if (v->t == VT_ARRAY) {
		*out = ((const struct expr_array *)v->u.obj.p)->v[i];
		return;
	}
	if (is_named_list(v)) {
		const struct gh_named *e = (const struct gh_named *)v->u.list.l->v + i;

		if (f->type == FT_PARAMS) {
			*out = e->v;
			if (text && e->v.t != VT_STR)
				*text = e->src.text;
		} else {
			out->t = VT_STR;
			out->u.s = e->src.text;
		}
		return;
	}
	p = (const char *)v->u.list.l->v + i * schema_item_size(f);
	if (f->item == FT_OBJ) {
		out->t = VT_OBJ;
		out->u.obj.p = p;
		out->u.obj.s = f->sub;
		return;
	}
	memset(&tmp, 0, sizeof tmp);
	tmp.key = f->key;
	tmp.type = f->item;
	tmp.enums = f->enums;
	if (!schema_get(&tmp, p, out))
		memset(out, 0, sizeof *out);	/* absent marker: null */
}

/* ---- comparison ---------------------------------------------------------- */

/* The version a value stands for: versions, numbers (from their source
 * text when known, so 16.10 stays 16.10) and strings like "16.4". */
static bool
to_version(const struct gh_value *v, const char *numtext, struct gh_version *out)
{
	const char *err;
	int col;
	char tmp[64];

	switch (v->t) {
	case VT_VER:
		*out = v->u.ver;
		return out->n > 0;
	case VT_NUM:
		if (!isfinite(v->u.n) || v->u.n < 0)
			return false;
		if (numtext == NULL) {
			snprintf(tmp, sizeof tmp, v->u.n == trunc(v->u.n) ? "%.0f" : "%.15g",
			    v->u.n);
			fix_decimal_point(tmp);
			numtext = tmp;
		}
		if (val_parse_version(numtext, out, &err, &col) < 0)
			return false;
		out->text = numtext == tmp ? NULL : numtext;
		return true;
	case VT_STR:
		return v->u.s && val_parse_version(v->u.s, out, &err, &col) == 0;
	default:
		return false;
	}
}

static int
sign64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Compare with the numbers' source texts; -1, 0, 1, or 2 (incomparable).
 * Objects compare equal only to themselves (1 otherwise, unordered). */
static int
compare_text(const struct gh_value *a, const char *at, const struct gh_value *b,
    const char *bt)
{
	struct gh_version va, vb;

	if (a->t == VT_VER || b->t == VT_VER) {
		if (!to_version(a, at, &va) || !to_version(b, bt, &vb))
			return 2;
		return val_version_cmp(&va, &vb);
	}
	if (a->t != b->t)
		return 2;
	switch ((int)a->t) {
	case VT_NULL: return 0;
	case VT_BOOL: return (int)a->u.b - (int)b->u.b;
	case VT_NUM:
		if (isnan(a->u.n) || isnan(b->u.n))
			return 2;
		return a->u.n < b->u.n ? -1 : a->u.n > b->u.n;
	case VT_STR: {
		int r;

		if (a->u.s == NULL || b->u.s == NULL)
			return 2;
		r = strcmp(a->u.s, b->u.s);
		return r < 0 ? -1 : r > 0;
	}
	case VT_TIME: return sign64(a->u.time, b->u.time);
	case VT_DUR: return sign64(a->u.dur, b->u.dur);
	case VT_SIZE: return sign64(a->u.size, b->u.size);
	case VT_OBJ:
		return a->u.obj.p == b->u.obj.p && a->u.obj.s == b->u.obj.s ? 0 : 1;
	case VT_HOST:
		return a->u.obj.p == b->u.obj.p ? 0 : 1;
	default:
		return 2;
	}
}

int
expr_compare(const struct gh_value *a, const struct gh_value *b)
{
	int r = a && b ? compare_text(a, NULL, b, NULL) : 2;

	return r == 2 ? EXPR_E_TYPE : r;
}

/* ---- lexer --------------------------------------------------------------- */

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

static void fail(struct parser *p, int off, const char *fmt, ...) GH_PRINTF(3, 4);

static void
fail(struct parser *p, int off, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	p->err->offset = off;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
	va_end(ap);
}

static bool
is_date_at(const char *s)
{
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '-' &&
	    isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6]) && s[7] == '-' &&
	    isdigit((unsigned char)s[8]) && isdigit((unsigned char)s[9]);
}

static bool
is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* A date or date-time literal starting at i. */
static void
lex_time(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s, *err;
	int j = i + 10, col;
	bool date_only;

	if ((s[j] == 'T' || s[j] == 't') && isdigit((unsigned char)s[j + 1])) {
		for (j++; isdigit((unsigned char)s[j]) || s[j] == ':' || s[j] == '.'; j++)
			;
		if (s[j] == 'Z' || s[j] == 'z') {
			j++;
		} else if ((s[j] == '+' || s[j] == '-') && isdigit((unsigned char)s[j + 1]) &&
		    isdigit((unsigned char)s[j + 2]) && s[j + 3] == ':') {
			for (j++; isdigit((unsigned char)s[j]) || s[j] == ':'; j++)
				;
		}
	}
	if (is_word_char(s[j]) || s[j] == '.') {
		fail(p, j, _("unexpected '%.*s' after the date"), utf8_len(s + j), s + j);
		return;
	}
	t->k = T_TIME;
	t->end = j;
	t->text = arena_strndup(p->a, s + i, (size_t)(j - i));
	if (val_parse_time(t->text, &t->v.u.time, &date_only, &err, &col) < 0) {
		fail(p, i + col, _("invalid date: %s"), _(err));
		return;
	}
	t->v.t = VT_TIME;
	t->v.date_only = date_only;
}

/* Decimal digits (and one '.') to a double without strtod's locale. */
static double
decimal_value(const char *s, int n)
{
	uint64_t m = 0;
	int exp = 0, digits = 0, k;
	bool frac = false;

	for (k = 0; k < n; k++) {
		if (s[k] == '.') {
			frac = true;
			continue;
		}
		if (m == 0 && s[k] == '0') {
			exp -= frac;
			continue;
		}
		if (digits < 19) {
			m = m * 10 + (uint64_t)(s[k] - '0');
			digits++;
			exp -= frac;
		} else if (!frac) {
			exp++;
		}
	}
	if (exp < 0)
		return (double)m / pow(10, -exp);
	return (double)m * pow(10, exp);
}

static bool
is_size_unit(const char *u)
{
	static const char *const units[] = { "B", "KB", "MB", "GB", "TB", "KiB", "MiB",
		"GiB", "TiB", NULL };
	int k;

	for (k = 0; units[k]; k++)
		if (strcmp(u, units[k]) == 0)
			return true;
	return false;
}

/* A literal with a unit after its number: a size or a duration. */
static void
lex_unit(struct parser *p, int i, int unit, struct tok *t)
{
	const char *err;
	int col;

	if (is_size_unit(t->text + (unit - i))) {
		t->k = T_SIZE;
		t->v.t = VT_SIZE;
		if (val_parse_size(t->text, &t->v.u.size, &err, &col) < 0)
			fail(p, i + col, _("invalid size: %s"), _(err));
		return;
	}
	t->k = T_DUR;
	t->v.t = VT_DUR;
	if (val_parse_duration(t->text, &t->v.u.dur, &err, &col) < 0)
		fail(p, i + col, _("invalid duration: %s"), _(err));
}

/* Numbers, durations, sizes, versions with two dots, dates and times. */
static void
lex_number(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s, *err;
	int j = i, dots = 0, unit = 0, col;

	if (is_date_at(s + i)) {
		lex_time(p, i, t);
		return;
	}
	while (isdigit((unsigned char)s[j]))
		j++;
	while (s[j] == '.' && isdigit((unsigned char)s[j + 1])) {
		dots++;
		for (j++; isdigit((unsigned char)s[j]); j++)
			;
	}
	if (is_word_char(s[j])) {
		unit = j;
		while (is_word_char(s[j]))
			j++;
	}
	t->end = j;
	t->text = arena_strndup(p->a, s + i, (size_t)(j - i));
	if (unit && dots > 1) {
		fail(p, unit, _("unexpected '%.*s' after the version"), utf8_len(s + unit), s + unit);
	} else if (unit) {
		lex_unit(p, i, unit, t);
	} else if (dots > 1) {
		t->k = T_VER;
		t->v.t = VT_VER;
		if (val_parse_version(t->text, &t->v.u.ver, &err, &col) < 0)
			fail(p, i + col, _("invalid version: %s"), _(err));
	} else {
		t->k = T_NUM;
		t->v.t = VT_NUM;
		t->v.u.n = decimal_value(t->text, j - i);
		if (!isfinite(t->v.u.n))
			fail(p, i, "%s", _("number too large"));
	}
}

static void
lex_version(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s, *err;
	int j = i + 1, col;

	while (isdigit((unsigned char)s[j]) || (s[j] == '.' && isdigit((unsigned char)s[j + 1])))
		j++;
	if (is_word_char(s[j])) {
		fail(p, j, _("unexpected '%.*s' in the version"), utf8_len(s + j), s + j);
		return;
	}
	t->k = T_VER;
	t->end = j;
	t->text = arena_strndup(p->a, s + i, (size_t)(j - i));
	t->v.t = VT_VER;
	if (val_parse_version(t->text, &t->v.u.ver, &err, &col) < 0)
		fail(p, i + col, _("invalid version: %s"), _(err));
}

static void
lex_string(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s;
	char q = s[i];
	struct buf b = BUF_INIT;
	int j;

	for (j = i + 1; s[j] && s[j] != q; j++) {
		if (s[j] != '\\') {
			buf_putc(&b, s[j]);
			continue;
		}
		switch (s[j + 1]) {
		case '\\': case '"': case '\'': buf_putc(&b, s[j + 1]); break;
		case 'n': buf_putc(&b, '\n'); break;
		case 't': buf_putc(&b, '\t'); break;
		case '\0': continue;	/* unterminated: reported below */
		default:
			fail(p, j, _("unknown escape '\\%.*s' in a string (use \\\\, \\\" or \\')"),
			    utf8_len(s + j + 1), s + j + 1);
			buf_free(&b);
			return;
		}
		j++;
	}
	if (s[j] != q) {
		fail(p, i, "%s", _("unterminated string"));
		buf_free(&b);
		return;
	}
	t->k = T_STR;
	t->end = j + 1;
	t->v.t = VT_STR;
	t->v.u.s = arena_strndup(p->a, buf_cstr(&b), b.len);
	t->text = t->v.u.s;
	buf_free(&b);
}

static void
lex_word(struct parser *p, int i, struct tok *t)
{
	static const struct { const char *w; enum tk k; } kw[] = {
		{ "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "in", T_IN },
		{ "true", T_TRUE }, { "false", T_FALSE }, { "null", T_NULL },
	};
	const char *s = p->s;
	int j = i;
	size_t k;

	while (is_word_char(s[j]))
		j++;
	t->k = T_NAME;
	t->end = j;
	t->text = arena_strndup(p->a, s + i, (size_t)(j - i));
	for (k = 0; k < GH_ARRAY_SIZE(kw); k++)
		if (strcmp(t->text, kw[k].w) == 0)
			t->k = kw[k].k;
	t->v.t = t->k == T_TRUE || t->k == T_FALSE ? VT_BOOL : VT_NULL;
	t->v.u.b = t->k == T_TRUE;
}

/* Operators; returns false (and fails) on a character that is none. */
static bool
lex_op(struct parser *p, int i, struct tok *t)
{
	static const struct { const char *op; enum tk k; } ops[] = {
		{ "==", T_EQ }, { "!=", T_NE }, { "<=", T_LE }, { ">=", T_GE }, { "<", T_LT },
		{ ">", T_GT }, { "+", T_PLUS }, { "-", T_MINUS }, { "*", T_STAR },
		{ "/", T_SLASH }, { "(", T_LP }, { ")", T_RP }, { "[", T_LB }, { "]", T_RB },
		{ ",", T_COMMA }, { ":", T_COLON }, { ".", T_DOT },
	};
	const char *s = p->s + i;
	size_t k, n;

	for (k = 0; k < GH_ARRAY_SIZE(ops); k++) {
		n = strlen(ops[k].op);
		if (strncmp(s, ops[k].op, n) == 0) {
			t->k = ops[k].k;
			t->end = i + (int)n;
			return true;
		}
	}
	if (s[0] == '=')
		fail(p, i, "%s", _("unexpected '='; use '==' to compare"));
	else if (s[0] == '!')
		fail(p, i, "%s", _("unexpected '!'; use 'not' or '!='"));
	else if (strncmp(s, "&&", 2) == 0)
		fail(p, i, "%s", _("unexpected '&&'; use 'and'"));
	else if (strncmp(s, "||", 2) == 0)
		fail(p, i, "%s", _("unexpected '||'; use 'or'"));
	else
		fail(p, i, _("unexpected character '%.*s'"), utf8_len(s), s);
	return false;
}

/* The token at byte i, without moving the parser. */
static void
lex_at(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	memset(t, 0, sizeof *t);
	t->off = t->end = i;
	if (s[i] == '\0') {
		t->k = T_END;	/* located right after the last token */
		while (t->off > 0 && strchr(" \t\n\r", s[t->off - 1]))
			t->off--;
	} else if (isdigit((unsigned char)s[i]))
		lex_number(p, i, t);
	else if ((s[i] == 'v' || s[i] == 'V') && isdigit((unsigned char)s[i + 1]))
		lex_version(p, i, t);
	else if (isalpha((unsigned char)s[i]) || s[i] == '_')
		lex_word(p, i, t);
	else if (s[i] == '"' || s[i] == '\'')
		lex_string(p, i, t);
	else
		lex_op(p, i, t);
	if (p->failed)
		t->k = T_END;
}

static void
next(struct parser *p)
{
	p->prev_off = p->t.off;
	p->prev_end = p->t.end;
	lex_at(p, p->pos, &p->t);
	p->pos = p->t.end;
}

static enum tk
peek2(struct parser *p)
{
	struct tok t;

	lex_at(p, p->pos, &t);
	return t.k;
}

/* "'foo'" or "the end of the expression", for messages. */
static const char *
tok_desc(struct parser *p, const struct tok *t)
{
	int n = t->end - t->off;

	if (t->k == T_END)
		return _("the end of the expression");
	if (n > 24)
		n = 24;
	return arena_printf(p->a, "'%.*s'", n, p->s + t->off);
}

static bool
expect(struct parser *p, enum tk k, const char *what)
{
	if (p->failed)
		return false;
	if (p->t.k != k) {
		fail(p, p->t.off, _("expected %s, found %s"), what, tok_desc(p, &p->t));
		return false;
	}
	next(p);
	return true;
}

/* ---- parser -------------------------------------------------------------- */

static void render(const struct expr *n, const struct expr_env *env, struct buf *out,
    int prec);

static struct expr *
node(struct parser *p, enum nkind k, int off)
{
	struct expr *n = arena_alloc(p->a, sizeof *n);

	n->k = k;
	n->off = off;
	n->src = p->s;
	n->slot = -1;
	return n;
}

static void
absorb(struct expr *n, const struct expr *kid, int own)
{
	if (kid == NULL)
		return;
	if (kid->height + 1 > n->height)
		n->height = kid->height + 1;
	if (kid->free_slot < own && kid->free_slot < n->free_slot)
		n->free_slot = kid->free_slot;
}

/* Finish a node: height, dependence on outer variables (a quantifier's
 * own variable is not free in it), canonical text. */
static struct expr *
finish(struct parser *p, struct expr *n)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (p->failed)
		return NULL;
	n->height = 1;
	n->free_slot = n->k == N_VAR ? n->slot : NO_SLOT;
	absorb(n, n->a, NO_SLOT);
	absorb(n, n->b, n->k == N_QUANT ? n->slot : NO_SLOT);
	for (i = 0; i < n->nargs; i++)
		absorb(n, n->args[i], NO_SLOT);
	if (n->height > EXPR_MAX_HEIGHT) {
		fail(p, n->off, _("expression too complex (more than %d levels)"),
		    EXPR_MAX_HEIGHT);
		return NULL;
	}
	if (n->free_slot == NO_SLOT && (n->k == N_ROOT || n->k == N_FIELD || n->k == N_INDEX ||
	    n->k == N_CALL || n->k == N_QUANT)) {
		render(n, NULL, &b, 0);
		n->text = arena_strdup(p->a, buf_cstr(&b));
		buf_free(&b);
	}
	return n;
}

static bool
enter(struct parser *p, int off)
{
	if (++p->depth > EXPR_MAX_DEPTH) {
		fail(p, off, _("expression nested too deeply (more than %d levels)"),
		    EXPR_MAX_DEPTH);
		return false;
	}
	return true;
}

static struct expr *parse_or(struct parser *p);

/* A nested expression (parentheses, brackets, arguments). */
static struct expr *
parse_nested(struct parser *p, int off)
{
	struct expr *e = NULL;

	if (enter(p, off))
		e = parse_or(p);
	p->depth--;
	return e;
}

static struct expr *
binary(struct parser *p, enum nkind k, int op, struct expr *a, struct expr *b)
{
	struct expr *n;

	if (p->failed || a == NULL || b == NULL)
		return NULL;
	n = node(p, k, a->off);
	n->op = op;
	n->a = a;
	n->b = b;
	return finish(p, n);
}

/* Comma-separated expressions up to the closing token. */
static bool
parse_items(struct parser *p, enum tk close, const char *what, struct expr *n)
{
	GH_LIST(struct expr *) v = { NULL, 0 };
	size_t cap = 0;
	bool ok = true;

	while (!p->failed && (v.n > 0 || p->t.k != close)) {
		struct expr *e = parse_nested(p, p->t.off);

		if (e == NULL) {
			ok = false;
			break;
		}
		if (v.n == cap) {
			cap = cap ? cap * 2 : 4;
			v.v = xreallocarray(v.v, cap, sizeof *v.v);
		}
		v.v[v.n++] = e;
		if (p->t.k != T_COMMA)
			break;
		next(p);
	}
	if (ok && v.n) {
		n->args = arena_alloc(p->a, v.n * sizeof *n->args);
		memcpy(n->args, v.v, v.n * sizeof *n->args);
		n->nargs = v.n;
	}
	free(v.v);
	return ok && expect(p, close, what);
}

static int
builtin_index(const char *name)
{
	size_t k;

	for (k = 0; k < GH_ARRAY_SIZE(builtins); k++)
		if (strcmp(builtins[k].name, name) == 0)
			return (int)k;
	return -1;
}

static struct expr *
parse_call(struct parser *p, const struct tok *name)
{
	struct expr *n = node(p, N_CALL, name->off);
	int bi = builtin_index(name->text);

	n->name = name->text;
	n->op = bi;
	next(p);	/* ( */
	if (!parse_items(p, T_RP, "')'", n))
		return NULL;
	if (bi >= 0 && (int)n->nargs < builtins[bi].min) {
		fail(p, name->off, _("%s() needs at least %d argument(s), not %zu"),
		    n->name, builtins[bi].min, n->nargs);
		return NULL;
	}
	if (bi >= 0 && builtins[bi].max >= 0 && (int)n->nargs > builtins[bi].max) {
		fail(p, name->off, _("%s() takes at most %d argument(s), not %zu"),
		    n->name, builtins[bi].max, n->nargs);
		return NULL;
	}
	return finish(p, n);
}

/* any(x in list: cond), all(...), count(...) */
static struct expr *
parse_quant(struct parser *p, const struct tok *name, int q)
{
	struct expr *n = node(p, N_QUANT, name->off);

	n->op = q;
	next(p);	/* ( */
	if (p->t.k != T_NAME) {
		fail(p, p->t.off, _("expected a variable name after '%s(', found %s"),
		    name->text, tok_desc(p, &p->t));
		return NULL;
	}
	n->name = p->t.text;
	next(p);
	if (!expect(p, T_IN, "'in'") || !(n->a = parse_nested(p, p->t.off)) ||
	    !expect(p, T_COLON, "':'"))
		return NULL;
	n->slot = p->nscope;
	p->scope[p->nscope++] = n->name;
	n->b = parse_nested(p, p->t.off);
	p->nscope--;
	if (n->b == NULL || !expect(p, T_RP, "')'"))
		return NULL;
	return finish(p, n);
}

static struct expr *
parse_name(struct parser *p)
{
	struct tok name = p->t;
	struct expr *n;
	int k;

	if (peek2(p) == T_LP) {
		next(p);
		for (k = 0; quant_names[k]; k++)
			if (strcmp(quant_names[k], name.text) == 0)
				return parse_quant(p, &name, k);
		return parse_call(p, &name);
	}
	next(p);
	for (k = p->nscope - 1; k >= 0; k--) {
		if (strcmp(p->scope[k], name.text) == 0) {
			n = node(p, N_VAR, name.off);
			n->name = name.text;
			n->slot = k;
			return finish(p, n);
		}
	}
	n = node(p, N_ROOT, name.off);
	n->name = name.text;
	return finish(p, n);
}

static struct expr *
parse_primary(struct parser *p)
{
	struct tok t = p->t;
	struct expr *n;

	switch (t.k) {
	case T_NUM: case T_DUR: case T_SIZE: case T_TIME: case T_VER: case T_STR:
	case T_TRUE: case T_FALSE: case T_NULL:
		n = node(p, N_LIT, t.off);
		n->v = t.v;
		n->lit = t.text;
		next(p);
		return finish(p, n);
	case T_NAME:
		return parse_name(p);
	case T_LB:
		n = node(p, N_LIST, t.off);
		next(p);
		return parse_items(p, T_RB, "']'", n) ? finish(p, n) : NULL;
	case T_LP:
		next(p);
		n = parse_nested(p, t.off);
		return n && expect(p, T_RP, "')'") ? n : NULL;
	default:
		break;
	}
	if (t.k == T_END && p->prev_end == 0)
		fail(p, 0, "%s", _("empty expression"));
	else if (t.k == T_END)
		fail(p, t.off, _("expected a value after '%.*s'"), p->prev_end - p->prev_off,
		    p->s + p->prev_off);
	else
		fail(p, t.off, _("expected a value, found %s"), tok_desc(p, &t));
	return NULL;
}

static struct expr *
parse_postfix(struct parser *p)
{
	struct expr *e = parse_primary(p), *n;

	while (e && !p->failed) {
		int off = p->t.off;

		if (p->t.k == T_DOT) {
			next(p);
			if (p->t.k < T_NAME || p->t.k > T_IN) {
				fail(p, p->t.off, _("expected a field name after '.', found %s"),
				    tok_desc(p, &p->t));
				return NULL;
			}
			n = node(p, N_FIELD, e->off);
			n->a = e;
			n->name = p->t.text;
			next(p);
		} else if (p->t.k == T_LB) {
			next(p);
			n = node(p, N_INDEX, e->off);
			n->a = e;
			n->b = parse_nested(p, off);
			if (n->b == NULL || !expect(p, T_RB, "']'"))
				return NULL;
		} else {
			break;
		}
		e = finish(p, n);
	}
	return p->failed ? NULL : e;
}

static struct expr *
parse_unary(struct parser *p)
{
	struct expr *n;
	int off = p->t.off;

	if (p->t.k != T_MINUS)
		return parse_postfix(p);
	next(p);
	n = node(p, N_NEG, off);
	if (enter(p, off))
		n->a = parse_unary(p);
	p->depth--;
	return n->a ? finish(p, n) : NULL;
}

static struct expr *
parse_mul(struct parser *p)
{
	struct expr *e = parse_unary(p);

	while (e && (p->t.k == T_STAR || p->t.k == T_SLASH)) {
		int op = p->t.k == T_STAR ? OP_MUL : OP_DIV;

		next(p);
		e = binary(p, N_BIN, op, e, parse_unary(p));
	}
	return e;
}

static struct expr *
parse_add(struct parser *p)
{
	struct expr *e = parse_mul(p);

	while (e && (p->t.k == T_PLUS || p->t.k == T_MINUS)) {
		int op = p->t.k == T_PLUS ? OP_ADD : OP_SUB;

		next(p);
		e = binary(p, N_BIN, op, e, parse_mul(p));
	}
	return e;
}

/* The comparison operator at the current token, or -1. */
static int
cmp_op(struct parser *p)
{
	switch (p->t.k) {
	case T_EQ: return OP_EQ;
	case T_NE: return OP_NE;
	case T_LT: return OP_LT;
	case T_LE: return OP_LE;
	case T_GT: return OP_GT;
	case T_GE: return OP_GE;
	case T_IN: return OP_IN;
	case T_NOT: return peek2(p) == T_IN ? OP_NOTIN : -1;
	default: return -1;
	}
}

static struct expr *
parse_cmp(struct parser *p)
{
	struct expr *e = parse_add(p);
	int op = e ? cmp_op(p) : -1;

	if (op < 0)
		return e;
	next(p);
	if (op == OP_NOTIN)
		next(p);
	e = binary(p, N_BIN, op, e, parse_add(p));
	if (e && cmp_op(p) >= 0)
		fail(p, p->t.off, "%s", _("comparisons cannot be chained; join them with 'and'"));
	return p->failed ? NULL : e;
}

static struct expr *
parse_not(struct parser *p)
{
	struct expr *n;
	int off = p->t.off;

	if (p->t.k != T_NOT)
		return parse_cmp(p);
	if (peek2(p) == T_IN) {
		fail(p, off, "%s", _("'not in' needs a value on its left"));
		return NULL;
	}
	next(p);
	n = node(p, N_NOT, off);
	if (enter(p, off))
		n->a = parse_not(p);
	p->depth--;
	return n->a ? finish(p, n) : NULL;
}

static struct expr *
parse_and(struct parser *p)
{
	struct expr *e = parse_not(p);

	while (e && p->t.k == T_AND) {
		next(p);
		e = binary(p, N_AND, 0, e, parse_not(p));
	}
	return e;
}

static struct expr *
parse_or(struct parser *p)
{
	struct expr *e = parse_and(p);

	while (e && p->t.k == T_OR) {
		next(p);
		e = binary(p, N_OR, 0, e, parse_and(p));
	}
	return e;
}

struct expr *
expr_parse(struct arena *a, const char *src, struct expr_parse_error *err)
{
	struct expr_parse_error dummy;
	struct parser p;
	struct expr *e;
	size_t len;

	if (err == NULL)
		err = &dummy;
	memset(err, 0, sizeof *err);
	if (a == NULL || src == NULL) {
		snprintf(err->msg, sizeof err->msg, "%s", _("empty expression"));
		return NULL;
	}
	len = strlen(src);
	if (len > EXPR_MAX_LEN) {
		snprintf(err->msg, sizeof err->msg, _("expression too long (%zu bytes, limit %d)"),
		    len, EXPR_MAX_LEN);
		err->offset = EXPR_MAX_LEN;
		return NULL;
	}
	memset(&p, 0, sizeof p);
	p.a = a;
	p.s = arena_strndup(a, src, len);
	p.err = err;
	next(&p);
	p.prev_off = p.prev_end = 0;
	e = parse_or(&p);
	if (e && !p.failed && p.t.k != T_END)
		fail(&p, p.t.off, _("unexpected %s after a complete expression"),
		    tok_desc(&p, &p.t));
	return p.failed ? NULL : e;
}

const char *
expr_source(const struct expr *e)
{
	return e ? e->src : "";
}

/* Where offset lies in a YAML scalar that starts at pos.  Text with a
 * newline is a block scalar (| or >): its first line is the one after the
 * indicator, and columns count from the start of the line because the
 * scalar does not say how deep it was indented. */
static void
src_position(const struct gh_src *src, int offset, struct gh_pos *pos, int *eline,
    int *ecol)
{
	const char *t = src->text;
	int i, nl = 0, start = 0;
	bool block = strchr(t, '\n') != NULL;

	for (i = 0; i < offset && t[i]; i++) {
		if (t[i] == '\n') {
			nl++;
			start = i + 1;
		}
	}
	*eline = nl + 1;
	*ecol = utf8_count(t + start, (size_t)(offset - start)) + 1;
	pos->line = src->pos.line ? src->pos.line + nl + (block ? 1 : 0) : 0;
	pos->col = 0;
	if (src->pos.line && (block || nl))
		pos->col = *ecol;
	else if (src->pos.line && src->pos.col)
		pos->col = src->pos.col + *ecol - 1;
}

struct expr *
expr_parse_src(struct arena *a, const struct gh_src *src, const char *file,
    struct diags *d)
{
	struct expr_parse_error err;
	struct expr *e;
	struct gh_pos pos;
	int line, col;

	if (src == NULL || src->text == NULL)
		return NULL;
	e = expr_parse(a, src->text, &err);
	if (e || d == NULL)
		return e;
	if (err.offset < 0 || (size_t)err.offset > strlen(src->text))
		err.offset = 0;
	src_position(src, err.offset, &pos, &line, &col);
	if (line > 1)
		diag_add(d, DIAG_ERROR, file, pos,
		    _("invalid expression: %s (at line %d, column %d of the expression)"),
		    err.msg, line, col);
	else
		diag_add(d, DIAG_ERROR, file, pos,
		    _("invalid expression: %s (at column %d of the expression)"), err.msg, col);
	return NULL;
}

/* ---- rendering and explanations ----------------------------------------- */

static int
prec_of(const struct expr *n)
{
	switch (n->k) {
	case N_OR: return 1;
	case N_AND: return 2;
	case N_NOT: return 3;
	case N_BIN: return n->op <= OP_NOTIN ? 4 : n->op <= OP_SUB ? 5 : 6;
	case N_NEG: return 7;
	default: return 8;
	}
}

static const struct expr_read *
find_read(const struct expr_env *env, const char *path)
{
	size_t i;

	for (i = 0; env && path && i < env->reads.n; i++)
		if (strcmp(env->reads.v[i].path, path) == 0)
			return &env->reads.v[i];
	return NULL;
}

static void
render_list(const struct expr *n, const struct expr_env *env, struct buf *out)
{
	size_t i;

	for (i = 0; i < n->nargs; i++) {
		if (i)
			buf_puts(out, ", ");
		render(n->args[i], env, out, 0);
	}
}

static void
render_inner(const struct expr *n, const struct expr_env *env, struct buf *out)
{
	int p = prec_of(n);

	switch (n->k) {
	case N_LIT:
		if (n->v.t == VT_STR)
			fmt_str(n->v.u.s, 0, out);
		else
			buf_puts(out, n->lit);
		break;
	case N_VAR: case N_ROOT: buf_puts(out, n->name); break;
	case N_FIELD:
		render(n->a, env, out, 8);
		buf_printf(out, ".%s", n->name);
		break;
	case N_INDEX:
		render(n->a, env, out, 8);
		buf_putc(out, '[');
		render(n->b, env, out, 0);
		buf_putc(out, ']');
		break;
	case N_CALL: case N_LIST:
		buf_puts(out, n->k == N_CALL ? n->name : "");
		buf_putc(out, n->k == N_CALL ? '(' : '[');
		render_list(n, env, out);
		buf_putc(out, n->k == N_CALL ? ')' : ']');
		break;
	case N_QUANT:
		buf_printf(out, "%s(%s in ", quant_names[n->op], n->name);
		render(n->a, env, out, 0);
		buf_puts(out, ": ");
		render(n->b, env, out, 0);
		buf_putc(out, ')');
		break;
	case N_NEG: buf_putc(out, '-'); render(n->a, env, out, 7); break;
	case N_NOT: buf_puts(out, "not "); render(n->a, env, out, 3); break;
	case N_AND: case N_OR: case N_BIN:
		render(n->a, env, out, p == 4 ? 5 : p);
		buf_printf(out, " %s ", n->k == N_AND ? "and" : n->k == N_OR ? "or" :
		    op_text[n->op]);
		render(n->b, env, out, p + 1);
		break;
	}
}

/* n in canonical form; with env, paths and calls carry "= value". */
static void
render(const struct expr *n, const struct expr_env *env, struct buf *out, int prec)
{
	const struct expr_read *r;
	bool paren = prec_of(n) < prec;

	if (n->text) {
		buf_puts(out, n->text);
		if ((r = find_read(env, n->text)) != NULL)
			buf_printf(out, " = %s", r->value);
		return;
	}
	if (paren)
		buf_putc(out, '(');
	render_inner(n, env, out);
	if (paren)
		buf_putc(out, ')');
}

void
expr_explain(const struct expr *e, const struct expr_env *env, struct buf *out)
{
	if (e == NULL || out == NULL)
		return;
	render(e, env, out, 0);
}

/* ---- the environment ----------------------------------------------------- */

void
expr_env_init(struct expr_env *env, struct arena *scratch, gh_time today)
{
	memset(env, 0, sizeof *env);
	env->a = scratch;
	env->today = today;
}

void
expr_env_reset(struct expr_env *env)
{
	size_t i;

	if (env == NULL)
		return;
	for (i = 0; i < env->reads.n; i++) {
		free((char *)env->reads.v[i].path);
		free(env->reads.v[i].value);
	}
	env->reads.n = 0;
	env->evidence.n = 0;
}

void
expr_env_free(struct expr_env *env)
{
	if (env == NULL)
		return;
	expr_env_reset(env);
	free(env->reads.v);
	free(env->evidence.v);
	env->reads.v = NULL;
	env->evidence.v = NULL;
	env->reads_cap = env->evidence_cap = 0;
}

void
expr_env_touch(struct expr_env *env, const void *evidence)
{
	size_t i;

	if (env == NULL || evidence == NULL)
		return;
	for (i = 0; i < env->evidence.n; i++)
		if (env->evidence.v[i] == evidence)
			return;
	if (env->evidence.n == env->evidence_cap) {
		env->evidence_cap = env->evidence_cap ? env->evidence_cap * 2 : 8;
		env->evidence.v = xreallocarray(env->evidence.v, env->evidence_cap,
		    sizeof *env->evidence.v);
	}
	env->evidence.v[env->evidence.n++] = evidence;
}

/* Record path = value (as written when text is known; v NULL: missing). */
static void
add_read(struct expr_env *env, const char *path, const struct gh_value *v,
    const char *text)
{
	struct buf b = BUF_INIT;
	struct expr_read *r;

	if (env->quiet || find_read(env, path) || env->reads.n >= EXPR_MAX_READS)
		return;
	if (env->reads.n == env->reads_cap) {
		env->reads_cap = env->reads_cap ? env->reads_cap * 2 : 8;
		env->reads.v = xreallocarray(env->reads.v, env->reads_cap, sizeof *env->reads.v);
	}
	if (v && text && v->t != VT_STR)
		buf_puts(&b, text);
	else if (v)
		fmt_value(v, &b, 0);
	else
		buf_puts(&b, _("(missing)"));
	r = &env->reads.v[env->reads.n++];
	r->path = xstrdup(path);
	r->value = buf_detach(&b);
	if (r->value == NULL)
		r->value = xstrdup("");
}

/* ---- evaluation ---------------------------------------------------------- */

/* An evaluated value and, for literals and policy parameters, its
 * source text. */
struct ev {
	struct gh_value v;
	const char *text;
};

struct ctx {
	struct expr_env *env;
	struct buf *reason;
	size_t steps, limit;
	struct ev vars[EXPR_MAX_DEPTH + 1];
};

static enum expr_err eval(struct ctx *c, const struct expr *n, struct ev *out,
    bool as_base);

static enum expr_err fault(struct ctx *c, enum expr_err e, const char *fmt, ...)
	GH_PRINTF(3, 4);

/* Set the reason and return the error code. */
static enum expr_err
fault(struct ctx *c, enum expr_err e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(c->reason, fmt, ap);
	va_end(ap);
	return e;
}

/* describe() into the scratch arena, for messages. */
static const char *
desc(struct ctx *c, const struct gh_value *v)
{
	struct buf b = BUF_INIT;
	const char *s;

	describe(v, &b);
	s = arena_strdup(c->env->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The text of a node for messages: its canonical text or a rendering. */
static const char *
path_of(struct ctx *c, const struct expr *n)
{
	struct buf b = BUF_INIT;
	const char *s;

	if (n->text)
		return n->text;
	render(n, NULL, &b, 0);
	s = arena_strdup(c->env->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static bool
is_soft(enum expr_err e)
{
	return e == EXPR_E_MISSING || e == EXPR_E_NO_EVIDENCE;
}

static void
set_bool(struct ev *out, bool b)
{
	memset(out, 0, sizeof *out);
	out->v.t = VT_BOOL;
	out->v.u.b = b;
}

static void
set_num(struct ev *out, double n)
{
	memset(out, 0, sizeof *out);
	out->v.t = VT_NUM;
	out->v.u.n = n;
}

static enum expr_err
need_bool(struct ctx *c, const char *what, const struct ev *v)
{
	if (v->v.t == VT_BOOL)
		return EXPR_OK;
	return fault(c, EXPR_E_TYPE, _("%s needs true or false, not %s"), what,
	    desc(c, &v->v));
}

/* " (did you mean 'x'?)" for an unknown key of s, or "". */
static const char *
suggestion(struct ctx *c, const struct schema *s, const char *name)
{
	const char *near = s ? schema_suggest(s, name) : NULL;
	char *q, *w;

	if (near == NULL)
		return "";
	w = arena_strdup(c->env->a, near);
	for (q = w; *q; q++)
		if (*q == '-')
			*q = '_';
	return arena_printf(c->env->a, _(" (did you mean '%s'?)"), w);
}

/* A field of a schema object, looking into its variant ("data") when the
 * object itself has no such key.  base and path are the nodes of the
 * object and of the field, named in messages only. */
static enum expr_err
obj_field(struct ctx *c, const struct gh_value *b, const char *name,
    const struct expr *base, const struct expr *path, struct ev *out)
{
	const struct schema *s = b->u.obj.s;
	const struct schema_field *f;
	struct gh_value var;

	if (s == NULL || b->u.obj.p == NULL)
		return fault(c, EXPR_E_MISSING, _("%s has no value"), path_of(c, base));
	if ((f = find_key(s, name)) != NULL) {
		if (!schema_get(f, b->u.obj.p, &out->v))
			return fault(c, EXPR_E_MISSING, _("%s has no value"), path_of(c, path));
		return EXPR_OK;
	}
	for (f = s->fields; f->key; f++) {
		if (f->type != FT_VARIANT)
			continue;
		if (!schema_get(f, b->u.obj.p, &var))
			return fault(c, EXPR_E_MISSING, _("%s has no value (%s has no '%s')"),
			    path_of(c, path), path_of(c, base), f->key);
		if (var.u.obj.s && find_key(var.u.obj.s, name))
			return obj_field(c, &var, name, base, path, out);
		return fault(c, EXPR_E_NAME, _("%s has no field '%s'%s"), path_of(c, base),
		    name, suggestion(c, var.u.obj.s, name));
	}
	return fault(c, EXPR_E_NAME, _("%s has no field '%s'%s"), path_of(c, base), name,
	    suggestion(c, s, name));
}

/* An entry of a free-form map (policy parameters, option "set"). */
static enum expr_err
named_field(struct ctx *c, const struct gh_value *b, const char *name,
    const struct expr *base, struct ev *out)
{
	size_t i, n = seq_len(b), best = SIZE_MAX, d;
	const struct gh_named *v = b->u.list.l ? b->u.list.l->v : NULL;
	const char *near = NULL;

	for (i = 0; i < n; i++) {
		if (v[i].name && key_match(v[i].name, name)) {
			seq_get(b, i, &out->v, &out->text);
			return EXPR_OK;
		}
	}
	for (i = 0; i < n; i++) {
		if (v[i].name && (d = str_distance(v[i].name, name)) < best) {
			best = d;
			near = v[i].name;
		}
	}
	if (near && best <= (strlen(name) < 5 ? 1 : 2 + strlen(name) / 8))
		return fault(c, EXPR_E_NAME, _("%s has no field '%s' (did you mean '%s'?)"),
		    path_of(c, base), name, near);
	return fault(c, EXPR_E_NAME, _("%s has no field '%s'"), path_of(c, base), name);
}

static enum expr_err
get_field(struct ctx *c, const struct gh_value *b, const char *name,
    const struct expr *base, const struct expr *path, struct ev *out)
{
	const struct expr_host_obj *h;
	size_t mark = c->reason->len;
	enum expr_err r;

	memset(out, 0, sizeof *out);
	switch ((int)b->t) {
	case VT_OBJ:
		return obj_field(c, b, name, base, path, out);
	case VT_HOST:
		h = b->u.obj.p;
		if (h == NULL || h->field == NULL)
			return fault(c, EXPR_E_NAME, _("%s has no field '%s'"),
			    path_of(c, base), name);
		r = h->field(h->p, name, &out->v, c->reason, c->env->host);
		if (r == EXPR_E_NAME && c->reason->len == mark)
			return fault(c, r, _("%s has no field '%s'"), path_of(c, base), name);
		if (r != EXPR_OK && c->reason->len == mark)
			return fault(c, r, _("%s has no value"), path_of(c, path));
		return r;
	case VT_NULL:
		return fault(c, EXPR_E_MISSING, _("%s has no value"), path_of(c, base));
	default:
		if (is_named_list(b))
			return named_field(c, b, name, base, out);
		return fault(c, EXPR_E_TYPE, _("cannot read field '%s' of %s"), name,
		    desc(c, b));
	}
}

static enum expr_err
eval_field(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct ev b;
	enum expr_err r = eval(c, n->a, &b, true);

	if (r != EXPR_OK)
		return r;
	return get_field(c, &b.v, n->name, n->a, n, out);
}

static enum expr_err
eval_index(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct ev b, i;
	enum expr_err r;
	size_t len;
	double k;

	if ((r = eval(c, n->a, &b, true)) != EXPR_OK || (r = eval(c, n->b, &i, false)) != EXPR_OK)
		return r;
	if (i.v.t == VT_STR && (b.v.t == VT_OBJ || b.v.t == VT_HOST || is_named_list(&b.v)))
		return get_field(c, &b.v, i.v.u.s, n->a, n, out);
	if (!is_seq(&b.v) || is_named_list(&b.v))
		return fault(c, EXPR_E_TYPE, _("cannot index %s"), desc(c, &b.v));
	k = i.v.u.n;
	if (i.v.t != VT_NUM || k != trunc(k))
		return fault(c, EXPR_E_TYPE, _("a list index must be a whole number, not %s"),
		    desc(c, &i.v));
	len = seq_len(&b.v);
	if (k < 0 || k >= (double)len)
		return fault(c, EXPR_E_MISSING, _("%s has no value (the list has %zu items)"),
		    path_of(c, n), len);
	memset(out, 0, sizeof *out);
	seq_get(&b.v, (size_t)k, &out->v, &out->text);
	return EXPR_OK;
}

static enum expr_err
eval_root(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct expr_env *env = c->env;
	size_t mark = c->reason->len;
	enum expr_err r = EXPR_E_NAME;

	memset(out, 0, sizeof *out);
	if (env->root)
		r = env->root(env->host, n->name, &out->v, c->reason);
	if (r == EXPR_E_NAME && strcmp(n->name, "today") == 0) {
		buf_cut(c->reason, mark);
		if (env->today == GH_TIME_NONE)
			return fault(c, EXPR_E_MISSING, "%s", _("today is not set"));
		memset(out, 0, sizeof *out);
		out->v.t = VT_TIME;
		out->v.date_only = true;
		out->v.u.time = env->today;
		return EXPR_OK;
	}
	if (r != EXPR_OK && c->reason->len == mark)
		return fault(c, r, r == EXPR_E_NAME ? _("unknown name '%s'") :
		    _("%s has no value"), n->name);
	return r;
}

/* ---- operators ----------------------------------------------------------- */

static enum expr_err
compare_op(struct ctx *c, int op, const struct ev *a, const struct ev *b, struct ev *out)
{
	int r;

	if ((op == OP_EQ || op == OP_NE) && (a->v.t == VT_NULL || b->v.t == VT_NULL)) {
		set_bool(out, (a->v.t == b->v.t) == (op == OP_EQ));
		return EXPR_OK;
	}
	r = compare_text(&a->v, a->text, &b->v, b->text);
	if (op != OP_EQ && op != OP_NE && (a->v.t == VT_BOOL || a->v.t == VT_NULL ||
	    a->v.t == VT_OBJ || a->v.t == VT_HOST))
		r = 2;
	if (r == 2)
		return fault(c, EXPR_E_TYPE, _("cannot compare %s with %s"), desc(c, &a->v),
		    desc(c, &b->v));
	switch (op) {
	case OP_EQ: set_bool(out, r == 0); break;
	case OP_NE: set_bool(out, r != 0); break;
	case OP_LT: set_bool(out, r < 0); break;
	case OP_LE: set_bool(out, r <= 0); break;
	case OP_GT: set_bool(out, r > 0); break;
	default: set_bool(out, r >= 0); break;
	}
	return EXPR_OK;
}

/* x in list (by equality), or substring in string. */
static bool
member(const struct ev *x, const struct gh_value *l)
{
	size_t i, n = seq_len(l);
	struct gh_value item;
	const char *text;

	for (i = 0; i < n; i++) {
		seq_get(l, i, &item, &text);
		if (x->v.t == VT_NULL || item.t == VT_NULL) {
			if (x->v.t == item.t)
				return true;
			continue;
		}
		if (compare_text(&x->v, x->text, &item, text) == 0)
			return true;
	}
	return false;
}

static enum expr_err
in_op(struct ctx *c, int op, const struct ev *a, const struct ev *b, struct ev *out)
{
	bool found;

	if (is_seq(&b->v))
		found = member(a, &b->v);
	else if (b->v.t == VT_STR && a->v.t == VT_STR && a->v.u.s && b->v.u.s)
		found = strstr(b->v.u.s, a->v.u.s) != NULL;
	else
		return fault(c, EXPR_E_TYPE, _("cannot test %s in %s (needs a list, or a string in a string)"),
		    desc(c, &a->v), desc(c, &b->v));
	set_bool(out, found == (op == OP_IN));
	return EXPR_OK;
}

/* a + b or a - b on 64-bit integers, refusing overflow. */
static bool
add64(int64_t a, int64_t b, bool sub, int64_t *out)
{
	if (a == INT64_MIN || b == INT64_MIN)
		return false;
	return sub ? !__builtin_sub_overflow(a, b, out) : !__builtin_add_overflow(a, b, out);
}

/* A duration or size times mul / div, rounded, refusing overflow. */
static bool
scale64(int64_t a, double mul, double div, int64_t *out)
{
	double r = (double)a * mul / div;

	if (!isfinite(r) || fabs(r) >= 9.2e18)
		return false;
	*out = (int64_t)llround(r);
	return true;
}

/* time/duration/size +/- : the integer-valued kinds. */
static enum expr_err
add_op(struct ctx *c, int op, const struct ev *a, const struct ev *b, struct ev *out)
{
	enum gh_vtype ta = a->v.t, tb = b->v.t;
	bool sub = op == OP_SUB, ok;
	int64_t x = a->v.u.dur, y = b->v.u.dur;	/* all int64 members */

	if (ta == VT_TIME && tb == VT_TIME && sub)
		out->v.t = VT_DUR;
	else if (ta == VT_TIME && tb == VT_DUR)
		out->v.t = VT_TIME;
	else if (ta == VT_DUR && tb == VT_TIME && !sub)
		out->v.t = VT_TIME;
	else if ((ta == VT_DUR || ta == VT_SIZE) && ta == tb)
		out->v.t = ta;
	else
		return fault(c, EXPR_E_TYPE, _("cannot apply '%s' to %s and %s"), op_text[op],
		    desc(c, &a->v), desc(c, &b->v));
	ok = add64(x, y, sub, &out->v.u.dur);
	if (out->v.t == VT_TIME) {
		out->v.u.time = out->v.u.dur;
		out->v.date_only = (ta == VT_TIME ? a->v.date_only && y % DAY == 0 :
		    b->v.date_only && x % DAY == 0);
	}
	if (!ok)
		return fault(c, EXPR_E_TYPE, _("%s %s %s is out of range"), desc(c, &a->v),
		    op_text[op], desc(c, &b->v));
	return EXPR_OK;
}

static enum expr_err
mul_op(struct ctx *c, const struct ev *a, const struct ev *b, struct ev *out)
{
	const struct ev *q = a->v.t == VT_NUM ? b : a, *k = a->v.t == VT_NUM ? a : b;

	if (k->v.t != VT_NUM || (q->v.t != VT_DUR && q->v.t != VT_SIZE))
		return fault(c, EXPR_E_TYPE, _("cannot apply '%s' to %s and %s"), "*",
		    desc(c, &a->v), desc(c, &b->v));
	out->v.t = q->v.t;
	if (!scale64(q->v.u.dur, k->v.u.n, 1.0, &out->v.u.dur))
		return fault(c, EXPR_E_TYPE, _("%s * %s is out of range"), desc(c, &a->v),
		    desc(c, &b->v));
	return EXPR_OK;
}

static enum expr_err
div_op(struct ctx *c, const struct expr *n, const struct ev *a, const struct ev *b,
    struct ev *out)
{
	enum gh_vtype ta = a->v.t, tb = b->v.t;
	bool zero = tb == VT_NUM ? b->v.u.n == 0 : b->v.u.dur == 0;

	if (!((ta == VT_DUR || ta == VT_SIZE) && (tb == ta || tb == VT_NUM)))
		return fault(c, EXPR_E_TYPE, _("cannot apply '%s' to %s and %s"), "/",
		    desc(c, &a->v), desc(c, &b->v));
	if (zero)
		return fault(c, EXPR_E_TYPE, _("division by zero in %s"), path_of(c, n));
	if (tb == ta) {
		set_num(out, (double)a->v.u.dur / (double)b->v.u.dur);
		return EXPR_OK;
	}
	out->v.t = ta;
	if (!scale64(a->v.u.dur, 1.0, b->v.u.n, &out->v.u.dur))
		return fault(c, EXPR_E_TYPE, _("%s / %s is out of range"), desc(c, &a->v),
		    desc(c, &b->v));
	return EXPR_OK;
}

static enum expr_err
num_op(struct ctx *c, const struct expr *n, const struct ev *a, const struct ev *b,
    struct ev *out)
{
	double x = a->v.u.n, y = b->v.u.n, r;

	switch (n->op) {
	case OP_ADD: r = x + y; break;
	case OP_SUB: r = x - y; break;
	case OP_MUL: r = x * y; break;
	default:
		if (y == 0)
			return fault(c, EXPR_E_TYPE, _("division by zero in %s"), path_of(c, n));
		r = x / y;
		break;
	}
	if (!isfinite(r))
		return fault(c, EXPR_E_TYPE, _("%s is not a finite number"), path_of(c, n));
	set_num(out, r);
	return EXPR_OK;
}

static enum expr_err
eval_bin(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct ev a, b;
	enum expr_err r;

	if ((r = eval(c, n->a, &a, false)) != EXPR_OK || (r = eval(c, n->b, &b, false)) != EXPR_OK)
		return r;
	memset(out, 0, sizeof *out);
	if (n->op <= OP_GE)
		return compare_op(c, n->op, &a, &b, out);
	if (n->op <= OP_NOTIN)
		return in_op(c, n->op, &a, &b, out);
	if (a.v.t == VT_NUM && b.v.t == VT_NUM)
		return num_op(c, n, &a, &b, out);
	if (n->op == OP_MUL)
		return mul_op(c, &a, &b, out);
	if (n->op == OP_DIV)
		return div_op(c, n, &a, &b, out);
	return add_op(c, n->op, &a, &b, out);
}

static enum expr_err
eval_logic(struct ctx *c, const struct expr *n, struct ev *out)
{
	const char *what = n->k == N_AND ? "'and'" : "'or'";
	struct ev a;
	enum expr_err r;

	if ((r = eval(c, n->a, &a, false)) != EXPR_OK || (r = need_bool(c, what, &a)) != EXPR_OK)
		return r;
	if (a.v.u.b == (n->k == N_OR)) {
		*out = a;
		return EXPR_OK;
	}
	if ((r = eval(c, n->b, out, false)) != EXPR_OK)
		return r;
	return need_bool(c, what, out);
}

static enum expr_err
eval_unary(struct ctx *c, const struct expr *n, struct ev *out)
{
	enum expr_err r = eval(c, n->a, out, false);

	if (r != EXPR_OK)
		return r;
	out->text = NULL;
	if (n->k == N_NOT) {
		if ((r = need_bool(c, "'not'", out)) == EXPR_OK)
			out->v.u.b = !out->v.u.b;
		return r;
	}
	if (out->v.t == VT_NUM) {
		out->v.u.n = -out->v.u.n;
		return EXPR_OK;
	}
	if (out->v.t == VT_DUR && out->v.u.dur != INT64_MIN) {
		out->v.u.dur = -out->v.u.dur;
		return EXPR_OK;
	}
	return fault(c, EXPR_E_TYPE, _("cannot negate %s"), desc(c, &out->v));
}

/* ---- quantifiers and list literals --------------------------------------- */

static enum expr_err
eval_quant(struct ctx *c, const struct expr *n, struct ev *out)
{
	const char *name = quant_names[n->op];
	struct ev l, cond;
	enum expr_err r;
	size_t i, len, count = 0;
	bool result = n->op == Q_ALL;

	if ((r = eval(c, n->a, &l, false)) != EXPR_OK)
		return r;
	if (!is_seq(&l.v))
		return fault(c, EXPR_E_TYPE, _("%s() needs a list, not %s"), name, desc(c, &l.v));
	len = seq_len(&l.v);
	for (i = 0; i < len; i++) {
		struct ev *x = &c->vars[n->slot];

		seq_get(&l.v, i, &x->v, &x->text);
		if ((r = eval(c, n->b, &cond, false)) != EXPR_OK)
			return r;
		if (cond.v.t != VT_BOOL)
			return fault(c, EXPR_E_TYPE, _("the condition of %s() must be true or false, not %s"),
			    name, desc(c, &cond.v));
		if (cond.v.u.b)
			count++;
		if (n->op == Q_ANY && cond.v.u.b) {
			result = true;
			break;
		}
		if (n->op == Q_ALL && !cond.v.u.b) {
			result = false;
			break;
		}
	}
	if (n->op == Q_COUNT)
		set_num(out, (double)count);
	else
		set_bool(out, result);
	return EXPR_OK;
}

static enum expr_err
eval_list(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct expr_array *arr = arena_alloc(c->env->a, sizeof *arr);
	struct gh_value *v = arena_alloc(c->env->a, (n->nargs + 1) * sizeof *v);
	struct ev item;
	enum expr_err r;
	size_t i;

	for (i = 0; i < n->nargs; i++) {
		if ((r = eval(c, n->args[i], &item, false)) != EXPR_OK)
			return r;
		v[i] = item.v;
	}
	arr->v = v;
	arr->n = n->nargs;
	memset(out, 0, sizeof *out);
	out->v.t = VT_ARRAY;
	out->v.u.obj.p = arr;
	return EXPR_OK;
}

/* ---- built-in functions -------------------------------------------------- */

static enum expr_err
bi_present(struct ctx *c, const struct expr *n, struct ev *out)
{
	size_t mark = c->reason->len;
	enum expr_err r = eval(c, n->args[0], out, false);

	if (is_soft(r)) {
		buf_cut(c->reason, mark);
		set_bool(out, false);
		return EXPR_OK;
	}
	if (r == EXPR_OK)
		set_bool(out, out->v.t != VT_NULL);
	return r;
}

static enum expr_err
bi_coalesce(struct ctx *c, const struct expr *n, struct ev *out)
{
	size_t i, mark = c->reason->len;
	enum expr_err r = EXPR_OK;

	for (i = 0; i < n->nargs; i++) {
		buf_cut(c->reason, mark);
		r = eval(c, n->args[i], out, false);
		if (r == EXPR_OK && out->v.t != VT_NULL)
			return EXPR_OK;
		if (r != EXPR_OK && !is_soft(r))
			return r;
	}
	return r;
}

/* The arguments of a call, evaluated in order. */
static enum expr_err
eval_args(struct ctx *c, const struct expr *n, struct ev *args)
{
	enum expr_err r;
	size_t i;

	for (i = 0; i < n->nargs; i++)
		if ((r = eval(c, n->args[i], &args[i], false)) != EXPR_OK)
			return r;
	return EXPR_OK;
}

static enum expr_err
bi_len(struct ctx *c, const struct ev *x, struct ev *out)
{
	if (is_seq(&x->v))
		set_num(out, (double)seq_len(&x->v));
	else if (x->v.t == VT_STR && x->v.u.s)
		set_num(out, utf8_count(x->v.u.s, strlen(x->v.u.s)));
	else
		return fault(c, EXPR_E_ARGS, _("len() needs a list or a string, not %s"),
		    desc(c, &x->v));
	return EXPR_OK;
}

/* min/max over the arguments, or over the items of a single list. */
static enum expr_err
bi_minmax(struct ctx *c, const char *name, bool max, const struct ev *args, size_t nargs,
    struct ev *out)
{
	bool list = nargs == 1 && is_seq(&args[0].v);
	size_t i, n = list ? seq_len(&args[0].v) : nargs;
	struct ev x;

	if (n == 0)
		return fault(c, EXPR_E_MISSING, _("%s() of an empty list has no value"), name);
	for (i = 0; i < n; i++) {
		int r;

		if (list)
			seq_get(&args[0].v, i, &x.v, &x.text);
		else
			x = args[i];
		if (i == 0) {
			*out = x;
			continue;
		}
		r = compare_text(&x.v, x.text, &out->v, out->text);
		if (r == 2 || x.v.t == VT_BOOL || x.v.t == VT_NULL || x.v.t == VT_OBJ ||
		    x.v.t == VT_HOST || is_seq(&x.v))
			return fault(c, EXPR_E_ARGS, _("%s() cannot compare %s with %s"), name,
			    desc(c, &x.v), desc(c, &out->v));
		if ((max && r > 0) || (!max && r < 0))
			*out = x;
	}
	if (n == 1 && (out->v.t == VT_BOOL || out->v.t == VT_NULL || out->v.t == VT_OBJ ||
	    out->v.t == VT_HOST))
		return fault(c, EXPR_E_ARGS, _("%s() cannot order %s"), name, desc(c, &out->v));
	return EXPR_OK;
}

static enum expr_err
need_type(struct ctx *c, const char *fn, const struct ev *x, enum gh_vtype t)
{
	if (x->v.t == t)
		return EXPR_OK;
	return fault(c, EXPR_E_ARGS, _("%s() needs a %s, not %s"), fn, expr_type_name(t),
	    desc(c, &x->v));
}

static enum expr_err
bi_major(struct ctx *c, const char *fn, const struct ev *x, long *out)
{
	struct gh_version v;

	if (!to_version(&x->v, x->text, &v))
		return fault(c, EXPR_E_ARGS, _("%s() needs a version, not %s"), fn,
		    desc(c, &x->v));
	*out = v.part[0];
	return EXPR_OK;
}

/* Built-ins on times: days_until, age, weekday. */
static enum expr_err
bi_time(struct ctx *c, int bi, const struct ev *x, struct ev *out)
{
	static const char *const days[] = { "sunday", "monday", "tuesday", "wednesday",
		"thursday", "friday", "saturday" };
	gh_time today = c->env->today;
	enum expr_err r;

	if ((r = need_type(c, builtins[bi].name, x, VT_TIME)) != EXPR_OK)
		return r;
	if (bi == BI_WEEKDAY) {
		memset(out, 0, sizeof *out);
		out->v.t = VT_STR;
		out->v.u.s = days[val_weekday(x->v.u.time)];
		return EXPR_OK;
	}
	if (today == GH_TIME_NONE)
		return fault(c, EXPR_E_MISSING, "%s", _("today is not set"));
	if (bi == BI_DAYS_UNTIL) {
		set_num(out, floor(((double)x->v.u.time - (double)today) / DAY));
		return EXPR_OK;
	}
	memset(out, 0, sizeof *out);
	out->v.t = VT_DUR;
	if (!add64(today, x->v.u.time, true, &out->v.u.dur))
		return fault(c, EXPR_E_TYPE, "%s", _("age() is out of range"));
	return EXPR_OK;
}

static enum expr_err
bi_string(struct ctx *c, int bi, const struct ev *a, struct ev *out)
{
	char *s, *q;
	enum expr_err r;

	if (bi == BI_CONTAINS) {
		if (is_seq(&a[0].v)) {
			set_bool(out, member(&a[1], &a[0].v));
			return EXPR_OK;
		}
		if ((r = need_type(c, "contains", &a[0], VT_STR)) != EXPR_OK ||
		    (r = need_type(c, "contains", &a[1], VT_STR)) != EXPR_OK)
			return r;
		set_bool(out, a[0].v.u.s && a[1].v.u.s && strstr(a[0].v.u.s, a[1].v.u.s));
		return EXPR_OK;
	}
	if ((r = need_type(c, "lower", &a[0], VT_STR)) != EXPR_OK)
		return r;
	s = arena_strdup(c->env->a, a[0].v.u.s ? a[0].v.u.s : "");
	for (q = s; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	memset(out, 0, sizeof *out);
	out->v.t = VT_STR;
	out->v.u.s = s;
	return EXPR_OK;
}

static enum expr_err
bi_plain(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct ev a[2];
	long m1, m2;
	enum expr_err r;
	int bi = n->op;

	if (bi == BI_MIN || bi == BI_MAX) {
		struct ev *args = arena_alloc(c->env->a, n->nargs * sizeof *args);

		if ((r = eval_args(c, n, args)) != EXPR_OK)
			return r;
		return bi_minmax(c, n->name, bi == BI_MAX, args, n->nargs, out);
	}
	if ((r = eval_args(c, n, a)) != EXPR_OK)
		return r;
	switch (bi) {
	case BI_LEN: return bi_len(c, &a[0], out);
	case BI_DAYS_UNTIL: case BI_AGE: case BI_WEEKDAY: return bi_time(c, bi, &a[0], out);
	case BI_MAJOR:
		if ((r = bi_major(c, n->name, &a[0], &m1)) == EXPR_OK)
			set_num(out, (double)m1);
		return r;
	case BI_VERSION_GAP:
		if ((r = bi_major(c, n->name, &a[0], &m1)) == EXPR_OK &&
		    (r = bi_major(c, n->name, &a[1], &m2)) == EXPR_OK)
			set_num(out, (double)m2 - (double)m1);
		return r;
	case BI_DAYS: case BI_HOURS:
		if ((r = need_type(c, n->name, &a[0], VT_DUR)) == EXPR_OK)
			set_num(out, (double)a[0].v.u.dur / (bi == BI_DAYS ? DAY : 3600));
		return r;
	default:
		return bi_string(c, bi, a, out);
	}
}

/* A domain function of the host. */
static enum expr_err
host_call(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct expr_env *env = c->env;
	struct ev *args = arena_alloc(env->a, (n->nargs + 1) * sizeof *args);
	struct gh_value *v = arena_alloc(env->a, (n->nargs + 1) * sizeof *v);
	size_t i, mark = c->reason->len;
	enum expr_err r;

	if ((r = eval_args(c, n, args)) != EXPR_OK)
		return r;
	for (i = 0; i < n->nargs; i++)
		v[i] = args[i].v;
	memset(out, 0, sizeof *out);
	r = env->call ? env->call(env->host, n->name, v, n->nargs, &out->v, c->reason) :
	    EXPR_E_NAME;
	if (r == EXPR_E_NAME && c->reason->len == mark)
		return fault(c, r, _("unknown function '%s'"), n->name);
	if (r != EXPR_OK && c->reason->len == mark)
		return fault(c, r, _("%s failed"), path_of(c, n));
	return r;
}

static enum expr_err
eval_call(struct ctx *c, const struct expr *n, struct ev *out)
{
	if (n->op == BI_PRESENT)
		return bi_present(c, n, out);
	if (n->op == BI_COALESCE)
		return bi_coalesce(c, n, out);
	if (n->op >= 0)
		return bi_plain(c, n, out);
	return host_call(c, n, out);
}

/* ---- the evaluator -------------------------------------------------------- */

static enum expr_err
eval_kind(struct ctx *c, const struct expr *n, struct ev *out)
{
	switch (n->k) {
	case N_LIT:
		out->v = n->v;
		out->text = n->v.t == VT_NUM ? n->lit : NULL;
		return EXPR_OK;
	case N_VAR: *out = c->vars[n->slot]; return EXPR_OK;
	case N_ROOT: return eval_root(c, n, out);
	case N_FIELD: return eval_field(c, n, out);
	case N_INDEX: return eval_index(c, n, out);
	case N_CALL: return eval_call(c, n, out);
	case N_QUANT: return eval_quant(c, n, out);
	case N_LIST: return eval_list(c, n, out);
	case N_NEG: case N_NOT: return eval_unary(c, n, out);
	case N_AND: case N_OR: return eval_logic(c, n, out);
	case N_BIN: return eval_bin(c, n, out);
	}
	return fault(c, EXPR_E_TYPE, "%s", _("invalid expression tree"));
}

/* Evaluate n; record what paths and calls gave for explanations.  A path
 * that is the base of a longer path (request in request.soak) is not
 * recorded on its own. */
static enum expr_err
eval(struct ctx *c, const struct expr *n, struct ev *out, bool as_base)
{
	enum expr_err r;

	memset(out, 0, sizeof *out);
	if (++c->steps > c->limit)
		return fault(c, EXPR_E_LIMIT, _("evaluation budget of %zu steps exceeded"),
		    c->limit);
	r = eval_kind(c, n, out);
	if (n->text && !(as_base && n->k != N_CALL && n->k != N_QUANT)) {
		if (r == EXPR_OK)
			add_read(c->env, n->text, &out->v, out->text);
		else if (is_soft(r))
			add_read(c->env, n->text, NULL, NULL);
	}
	return r;
}

enum expr_err
expr_eval(const struct expr *e, struct expr_env *env, struct gh_value *out,
    struct buf *reason)
{
	struct buf dummy = BUF_INIT;
	struct ctx *c;
	struct ev v;
	enum expr_err r;
	size_t mark;

	if (reason == NULL)
		reason = &dummy;
	mark = reason->len;
	if (out)
		memset(out, 0, sizeof *out);
	if (e == NULL || env == NULL || env->a == NULL) {
		buf_puts(reason, _("no expression to evaluate"));
		buf_free(&dummy);
		return EXPR_E_NAME;
	}
	c = xcalloc(1, sizeof *c);
	c->env = env;
	c->reason = reason;
	c->limit = env->budget ? env->budget : EXPR_DEFAULT_BUDGET;
	r = eval(c, e, &v, false);
	free(c);
	if (r == EXPR_OK) {
		buf_cut(reason, mark);
		if (out)
			*out = v.v;
	}
	buf_free(&dummy);
	return r;
}

enum expr_err
expr_eval_bool(const struct expr *e, struct expr_env *env, bool *out, struct buf *reason)
{
	struct buf dummy = BUF_INIT;
	struct gh_value v;
	enum expr_err r;

	if (reason == NULL)
		reason = &dummy;
	if (out)
		*out = false;
	r = expr_eval(e, env, &v, reason);
	if (r == EXPR_OK && v.t != VT_BOOL) {
		struct buf b = BUF_INIT;

		describe(&v, &b);
		buf_printf(reason, _("the condition must be true or false, not %s"), buf_cstr(&b));
		buf_free(&b);
		r = EXPR_E_TYPE;
	} else if (r == EXPR_OK && out) {
		*out = v.u.b;
	}
	buf_free(&dummy);
	return r;
}
