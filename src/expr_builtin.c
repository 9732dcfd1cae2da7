/* expr_builtin.c -- the gate language's built-in functions, and calls of
 * the host's domain functions. */
#include <config.h>

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "expr_int.h"

/* By enum builtin. */
const struct ex_builtin ex_builtins[] = {
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

int
ex_builtin_index(const char *name)
{
	size_t k;

	for (k = 0; k < GH_ARRAY_SIZE(ex_builtins); k++)
		if (strcmp(ex_builtins[k].name, name) == 0)
			return (int)k;
	return -1;
}

static enum expr_err
bi_present(struct ctx *c, const struct expr *n, struct ev *out)
{
	size_t mark = c->reason->len;
	enum expr_err r = ex_eval(c, n->args[0], out, false);

	if (ex_is_soft(r)) {
		ex_buf_cut(c->reason, mark);
		ex_set_bool(out, false);
		return EXPR_OK;
	}
	if (r == EXPR_OK)
		ex_set_bool(out, out->v.t != VT_NULL);
	return r;
}

static enum expr_err
bi_coalesce(struct ctx *c, const struct expr *n, struct ev *out)
{
	size_t i, mark = c->reason->len;
	enum expr_err r = EXPR_OK;

	for (i = 0; i < n->nargs; i++) {
		ex_buf_cut(c->reason, mark);
		r = ex_eval(c, n->args[i], out, false);
		if (r == EXPR_OK && out->v.t != VT_NULL)
			return EXPR_OK;
		if (r != EXPR_OK && !ex_is_soft(r))
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
		if ((r = ex_eval(c, n->args[i], &args[i], false)) != EXPR_OK)
			return r;
	return EXPR_OK;
}

static enum expr_err
bi_len(struct ctx *c, const struct ev *x, struct ev *out)
{
	if (ex_is_seq(&x->v))
		ex_set_num(out, (double)ex_seq_len(&x->v));
	else if (x->v.t == VT_STR && x->v.u.s)
		ex_set_num(out, ex_utf8_count(x->v.u.s, strlen(x->v.u.s)));
	else
		return ex_fault(c, EXPR_E_ARGS, _("len() needs a list or a string, not %s"),
		    ex_desc(c, &x->v));
	return EXPR_OK;
}

/* min/max over the arguments, or over the items of a single list. */
static enum expr_err
bi_minmax(struct ctx *c, const char *name, bool max, const struct ev *args, size_t nargs,
    struct ev *out)
{
	bool list = nargs == 1 && ex_is_seq(&args[0].v);
	size_t i, n = list ? ex_seq_len(&args[0].v) : nargs;
	struct ev x;

	if (n == 0)
		return ex_fault(c, EXPR_E_MISSING, _("%s() of an empty list has no value"), name);
	for (i = 0; i < n; i++) {
		int r;

		if (list)
			ex_seq_get(&args[0].v, i, &x.v, &x.text);
		else
			x = args[i];
		if (i == 0) {
			*out = x;
			continue;
		}
		r = ex_compare_text(&x.v, x.text, &out->v, out->text);
		if (r == 2 || x.v.t == VT_BOOL || x.v.t == VT_NULL || x.v.t == VT_OBJ ||
		    x.v.t == VT_HOST || ex_is_seq(&x.v))
			return ex_fault(c, EXPR_E_ARGS, _("%s() cannot compare %s with %s"), name,
			    ex_desc(c, &x.v), ex_desc(c, &out->v));
		if ((max && r > 0) || (!max && r < 0))
			*out = x;
	}
	if (n == 1 && (out->v.t == VT_BOOL || out->v.t == VT_NULL || out->v.t == VT_OBJ ||
	    out->v.t == VT_HOST))
		return ex_fault(c, EXPR_E_ARGS, _("%s() cannot order %s"), name, ex_desc(c, &out->v));
	return EXPR_OK;
}

static enum expr_err
need_type(struct ctx *c, const char *fn, const struct ev *x, enum gh_vtype t)
{
	if (x->v.t == t)
		return EXPR_OK;
	return ex_fault(c, EXPR_E_ARGS, _("%s() needs a %s, not %s"), fn, expr_type_name(t),
	    ex_desc(c, &x->v));
}

static enum expr_err
bi_major(struct ctx *c, const char *fn, const struct ev *x, long *out)
{
	struct gh_version v;

	if (!ex_to_version(&x->v, x->text, &v))
		return ex_fault(c, EXPR_E_ARGS, _("%s() needs a version, not %s"), fn,
		    ex_desc(c, &x->v));
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

	if ((r = need_type(c, ex_builtins[bi].name, x, VT_TIME)) != EXPR_OK)
		return r;
	if (bi == BI_WEEKDAY) {
		memset(out, 0, sizeof *out);
		out->v.t = VT_STR;
		out->v.u.s = days[val_weekday(x->v.u.time)];
		return EXPR_OK;
	}
	if (today == GH_TIME_NONE)
		return ex_fault(c, EXPR_E_MISSING, "%s", _("today is not set"));
	if (bi == BI_DAYS_UNTIL) {
		ex_set_num(out, floor(((double)x->v.u.time - (double)today) / DAY));
		return EXPR_OK;
	}
	memset(out, 0, sizeof *out);
	out->v.t = VT_DUR;
	if (!ex_add64(today, x->v.u.time, true, &out->v.u.dur))
		return ex_fault(c, EXPR_E_TYPE, "%s", _("age() is out of range"));
	return EXPR_OK;
}

static enum expr_err
bi_string(struct ctx *c, int bi, const struct ev *a, struct ev *out)
{
	char *s, *q;
	enum expr_err r;

	if (bi == BI_CONTAINS) {
		if (ex_is_seq(&a[0].v)) {
			ex_set_bool(out, ex_member(&a[1], &a[0].v));
			return EXPR_OK;
		}
		if ((r = need_type(c, "contains", &a[0], VT_STR)) != EXPR_OK ||
		    (r = need_type(c, "contains", &a[1], VT_STR)) != EXPR_OK)
			return r;
		ex_set_bool(out, a[0].v.u.s && a[1].v.u.s && strstr(a[0].v.u.s, a[1].v.u.s));
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
			ex_set_num(out, (double)m1);
		return r;
	case BI_VERSION_GAP:
		if ((r = bi_major(c, n->name, &a[0], &m1)) == EXPR_OK &&
		    (r = bi_major(c, n->name, &a[1], &m2)) == EXPR_OK)
			ex_set_num(out, (double)m2 - (double)m1);
		return r;
	case BI_DAYS: case BI_HOURS:
		if ((r = need_type(c, n->name, &a[0], VT_DUR)) == EXPR_OK)
			ex_set_num(out, (double)a[0].v.u.dur / (bi == BI_DAYS ? DAY : 3600));
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
		return ex_fault(c, r, _("unknown function '%s'"), n->name);
	if (r != EXPR_OK && c->reason->len == mark)
		return ex_fault(c, r, _("%s failed"), ex_path_of(c, n));
	return r;
}

enum expr_err
ex_eval_call(struct ctx *c, const struct expr *n, struct ev *out)
{
	if (n->op == BI_PRESENT)
		return bi_present(c, n, out);
	if (n->op == BI_COALESCE)
		return bi_coalesce(c, n, out);
	if (n->op >= 0)
		return bi_plain(c, n, out);
	return host_call(c, n, out);
}
