/* expr_ops.c -- the gate language's operators: comparison, membership,
 * arithmetic on numbers, times, durations and sizes, and, or, not. */
#include <config.h>

#include <math.h>
#include <string.h>

#include "expr_int.h"

static enum expr_err
need_bool(struct ctx *c, const char *what, const struct ev *v)
{
	if (v->v.t == VT_BOOL)
		return EXPR_OK;
	return ex_fault(c, EXPR_E_TYPE, _("%s needs true or false, not %s"), what,
	    ex_desc(c, &v->v));
}

static enum expr_err
compare_op(struct ctx *c, int op, const struct ev *a, const struct ev *b, struct ev *out)
{
	int r;

	if ((op == OP_EQ || op == OP_NE) && (a->v.t == VT_NULL || b->v.t == VT_NULL)) {
		ex_set_bool(out, (a->v.t == b->v.t) == (op == OP_EQ));
		return EXPR_OK;
	}
	r = ex_compare_text(&a->v, a->text, &b->v, b->text);
	if (op != OP_EQ && op != OP_NE && (a->v.t == VT_BOOL || a->v.t == VT_NULL ||
	    a->v.t == VT_OBJ || a->v.t == VT_HOST))
		r = 2;
	if (r == 2)
		return ex_fault(c, EXPR_E_TYPE, _("cannot compare %s with %s"), ex_desc(c, &a->v),
		    ex_desc(c, &b->v));
	switch (op) {
	case OP_EQ: ex_set_bool(out, r == 0); break;
	case OP_NE: ex_set_bool(out, r != 0); break;
	case OP_LT: ex_set_bool(out, r < 0); break;
	case OP_LE: ex_set_bool(out, r <= 0); break;
	case OP_GT: ex_set_bool(out, r > 0); break;
	default: ex_set_bool(out, r >= 0); break;
	}
	return EXPR_OK;
}

/* x in list (by equality), or substring in string. */
bool
ex_member(const struct ev *x, const struct gh_value *l)
{
	size_t i, n = ex_seq_len(l);
	struct gh_value item;
	const char *text;

	for (i = 0; i < n; i++) {
		ex_seq_get(l, i, &item, &text);
		if (x->v.t == VT_NULL || item.t == VT_NULL) {
			if (x->v.t == item.t)
				return true;
			continue;
		}
		if (ex_compare_text(&x->v, x->text, &item, text) == 0)
			return true;
	}
	return false;
}

static enum expr_err
in_op(struct ctx *c, int op, const struct ev *a, const struct ev *b, struct ev *out)
{
	bool found;

	if (ex_is_seq(&b->v))
		found = ex_member(a, &b->v);
	else if (b->v.t == VT_STR && a->v.t == VT_STR && a->v.u.s && b->v.u.s)
		found = strstr(b->v.u.s, a->v.u.s) != NULL;
	else
		return ex_fault(c, EXPR_E_TYPE, _("cannot test %s in %s (needs a list, or a string in a string)"),
		    ex_desc(c, &a->v), ex_desc(c, &b->v));
	ex_set_bool(out, found == (op == OP_IN));
	return EXPR_OK;
}

/* a + b or a - b on 64-bit integers, refusing overflow. */
bool
ex_add64(int64_t a, int64_t b, bool sub, int64_t *out)
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
		return ex_fault(c, EXPR_E_TYPE, _("cannot apply '%s' to %s and %s"), ex_op_text[op],
		    ex_desc(c, &a->v), ex_desc(c, &b->v));
	ok = ex_add64(x, y, sub, &out->v.u.dur);
	if (out->v.t == VT_TIME) {
		out->v.u.time = out->v.u.dur;
		out->v.date_only = (ta == VT_TIME ? a->v.date_only && y % DAY == 0 :
		    b->v.date_only && x % DAY == 0);
	}
	if (!ok)
		return ex_fault(c, EXPR_E_TYPE, _("%s %s %s is out of range"), ex_desc(c, &a->v),
		    ex_op_text[op], ex_desc(c, &b->v));
	return EXPR_OK;
}

static enum expr_err
mul_op(struct ctx *c, const struct ev *a, const struct ev *b, struct ev *out)
{
	const struct ev *q = a->v.t == VT_NUM ? b : a, *k = a->v.t == VT_NUM ? a : b;

	if (k->v.t != VT_NUM || (q->v.t != VT_DUR && q->v.t != VT_SIZE))
		return ex_fault(c, EXPR_E_TYPE, _("cannot apply '%s' to %s and %s"), "*",
		    ex_desc(c, &a->v), ex_desc(c, &b->v));
	out->v.t = q->v.t;
	if (!scale64(q->v.u.dur, k->v.u.n, 1.0, &out->v.u.dur))
		return ex_fault(c, EXPR_E_TYPE, _("%s * %s is out of range"), ex_desc(c, &a->v),
		    ex_desc(c, &b->v));
	return EXPR_OK;
}

static enum expr_err
div_op(struct ctx *c, const struct expr *n, const struct ev *a, const struct ev *b,
    struct ev *out)
{
	enum gh_vtype ta = a->v.t, tb = b->v.t;
	bool zero = tb == VT_NUM ? b->v.u.n == 0 : b->v.u.dur == 0;

	if (!((ta == VT_DUR || ta == VT_SIZE) && (tb == ta || tb == VT_NUM)))
		return ex_fault(c, EXPR_E_TYPE, _("cannot apply '%s' to %s and %s"), "/",
		    ex_desc(c, &a->v), ex_desc(c, &b->v));
	if (zero)
		return ex_fault(c, EXPR_E_TYPE, _("division by zero in %s"), ex_path_of(c, n));
	if (tb == ta) {
		ex_set_num(out, (double)a->v.u.dur / (double)b->v.u.dur);
		return EXPR_OK;
	}
	out->v.t = ta;
	if (!scale64(a->v.u.dur, 1.0, b->v.u.n, &out->v.u.dur))
		return ex_fault(c, EXPR_E_TYPE, _("%s / %s is out of range"), ex_desc(c, &a->v),
		    ex_desc(c, &b->v));
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
			return ex_fault(c, EXPR_E_TYPE, _("division by zero in %s"), ex_path_of(c, n));
		r = x / y;
		break;
	}
	if (!isfinite(r))
		return ex_fault(c, EXPR_E_TYPE, _("%s is not a finite number"), ex_path_of(c, n));
	ex_set_num(out, r);
	return EXPR_OK;
}

enum expr_err
ex_eval_bin(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct ev a, b;
	enum expr_err r;

	if ((r = ex_eval(c, n->a, &a, false)) != EXPR_OK || (r = ex_eval(c, n->b, &b, false)) != EXPR_OK)
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

enum expr_err
ex_eval_logic(struct ctx *c, const struct expr *n, struct ev *out)
{
	const char *what = n->k == N_AND ? "'and'" : "'or'";
	struct ev a;
	enum expr_err r;

	if ((r = ex_eval(c, n->a, &a, false)) != EXPR_OK || (r = need_bool(c, what, &a)) != EXPR_OK)
		return r;
	if (a.v.u.b == (n->k == N_OR)) {
		*out = a;
		return EXPR_OK;
	}
	if ((r = ex_eval(c, n->b, out, false)) != EXPR_OK)
		return r;
	return need_bool(c, what, out);
}

enum expr_err
ex_eval_unary(struct ctx *c, const struct expr *n, struct ev *out)
{
	enum expr_err r = ex_eval(c, n->a, out, false);

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
	return ex_fault(c, EXPR_E_TYPE, _("cannot negate %s"), ex_desc(c, &out->v));
}
