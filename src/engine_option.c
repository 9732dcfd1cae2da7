/* engine_option.c -- the options: apply each template's overrides, re-run
 * every gate under them, classify (in-band / conditional / blocked), find
 * the earliest schedule that respects the freezes, score and rank. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

#define DAY 86400

static void option_evals_free_one(struct option_eval *o);

/* Evaluate the option's "set:" values in the unmodified context. */
static struct override *
make_overrides(struct engine_ctx *c, size_t oi, const struct gh_option *o,
    struct option_eval *oe, size_t *n)
{
	struct override *ov = arena_alloc(&c->perm, (o->set.n + 1) * sizeof *ov);
	struct buf reason = BUF_INIT, val = BUF_INIT;
	size_t j, k = 0;

	for (j = 0; j < o->set.n; j++) {
		const struct compiled *x = &c->eng->opt_set[oi][j];
		struct gh_value v;

		buf_reset(&reason);
		if (x->e == NULL) {
			strlist_addf(&oe->conditions, _("fix the policy: %s: %s"), o->set.v[j].name,
			    x->err ? x->err : "?");
			continue;
		}
		engine_ctx_reset(c);
		if (expr_eval(x->e, &c->env, &v, &reason) != EXPR_OK) {
			strlist_addf(&oe->conditions, _("cannot apply %s: %s"), o->set.v[j].name,
			    buf_cstr(&reason));
			continue;
		}
		/* keep the value beyond this run: strings and arrays live in
		 * scratch, so only plain scalars and copied strings survive */
		if (v.t == VT_STR)
			v.u.s = arena_strdup(&c->perm, v.u.s);
		else if (v.t == VT_ARRAY && ((const struct expr_array *)v.u.obj.p)->n == 0)
			v.u.obj.p = arena_alloc(&c->perm, sizeof(struct expr_array));
		else if (v.t == VT_ARRAY || v.t == VT_HOST)
			continue;
		ov[k].path = o->set.v[j].name;
		ov[k].v = v;
		buf_reset(&val);
		expr_format_value(&v, &val);
		strlist_addf(&oe->overrides, "%s = %s", ov[k].path, buf_cstr(&val));
		k++;
	}
	buf_free(&reason);
	buf_free(&val);
	*n = k;
	return ov;
}

static bool
offered(struct engine_ctx *c, size_t oi, const struct gh_option *o, struct option_eval *oe)
{
	struct buf reason = BUF_INIT;
	char *explain = NULL;
	enum expr_err e;
	bool v = true;

	if (o->applies.text == NULL)
		return true;
	c->option = o;
	e = engine_cond(c, &c->eng->opt_applies[oi], &v, &reason, &explain);
	c->option = NULL;
	if (e != EXPR_OK)
		strlist_addf(&oe->reasons, _("cannot tell whether it applies: %s"), buf_cstr(&reason));
	else if (!v)
		strlist_addf(&oe->reasons, _("does not apply here: %s"), explain);
	free(explain);
	buf_free(&reason);
	return e == EXPR_OK && v;
}

/* Classify from the gates re-run under the option. */
static void
classify(struct option_eval *oe)
{
	size_t i, k;

	oe->cls = oe->reasons.n ? OPT_BLOCKED : OPT_IN_BAND;
	for (k = 0; k < oe->option->conditions.n; k++)
		strlist_add(&oe->conditions, xstrdup(oe->option->conditions.v[k]));
	for (i = 0; i < oe->ngates; i++) {
		const struct gate_eval *g = &oe->gates[i];

		switch (g->result) {
		case GR_BLOCK:
		case GR_ESCALATE:
			oe->cls = OPT_BLOCKED;
			if (g->gate->hard)
				oe->hard = true;
			strlist_addf(&oe->reasons, "%s: %s%s", g->gate->id, g->gate->title,
			    g->gate->hard ? _(" (hard trigger)") : "");
			break;
		case GR_CONDITIONAL:
			if (g->gate->hard) {
				oe->hard = true;
				oe->cls = OPT_BLOCKED;
				strlist_addf(&oe->reasons, _("%s: %s (hard trigger)"), g->gate->id,
				    g->gate->title);
				break;
			}
			for (k = 0; k < g->gate->conditions.n; k++)
				strlist_addf(&oe->conditions, "%s (%s)", g->gate->conditions.v[k],
				    g->gate->id);
			break;
		case GR_MISSING_EVIDENCE:
		case GR_INDETERMINATE:
			strlist_addf(&oe->conditions, _("resolve %s: %s"), g->gate->id, g->reason);
			break;
		default:
			break;
		}
	}
	if (oe->cls == OPT_IN_BAND && oe->conditions.n)
		oe->cls = OPT_CONDITIONAL;
}

/* How long after the change window things must stay reversible and
 * watched: the longer of the rollback checkpoint and the compatibility
 * window, as the option leaves them. */
static gh_dur
hold_under(const struct engine_ctx *c)
{
	static const char *const paths[] = { "request.rollback.checkpoint",
		"request.compatibility_window" };
	gh_dur hold = 0, v;
	size_t i, k;

	for (k = 0; k < GH_ARRAY_SIZE(paths); k++) {
		v = GH_DUR_NONE;
		for (i = 0; i < c->nov; i++)
			if (strcmp(c->ov[i].path, paths[k]) == 0 && c->ov[i].v.t == VT_DUR)
				v = c->ov[i].v.u.dur;
		if (v == GH_DUR_NONE && c->req && k == 0 && c->req->rollback)
			v = c->req->rollback->checkpoint;
		if (v == GH_DUR_NONE && c->req && k == 1)
			v = c->req->compatibility_window;
		if (v != GH_DUR_NONE && v > hold)
			hold = v;
	}
	return hold;
}

/* The override of path, or NULL. */
static const struct gh_value *
override_of(const struct engine_ctx *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->nov; i++)
		if (strcmp(c->ov[i].path, path) == 0)
			return &c->ov[i].v;
	return NULL;
}

/* Production work starts at the time of day the request asked for. */
static gh_time
align(const struct engine_ctx *c, gh_time t)
{
	gh_time tod = c->req && c->req->window ? ((c->req->window->start % DAY) + DAY) % DAY :
	    2 * 3600;
	gh_time day = t - ((t % DAY) + DAY) % DAY;

	return day + tod >= t ? day + tod : day + DAY + tod;
}

/* The step the gates check as the change window: the one marked
 * "window: true", else the last production step; steps.n when none. */
static size_t
window_step(const struct gh_option *o)
{
	size_t i, last = o->steps.n;

	for (i = 0; i < o->steps.n; i++) {
		if (o->steps.v[i].window)
			return i;
		if (o->steps.v[i].production)
			last = i;
	}
	return last;
}

/* Earliest run of the steps from today: a production step and the rollback
 * checkpoint after it must stay clear of every hard freeze, and never start
 * before the window asked for (or the one the option sets). */
static void
schedule(const struct engine_ctx *c, struct option_eval *oe)
{
	const struct gh_option *o = oe->option;
	const struct gh_value *ovs = override_of(c, "request.window.start");
	gh_time from = ovs && ovs->t == VT_TIME ? ovs->u.time :
	    c->req && c->req->window ? c->req->window->start : GH_TIME_NONE;
	gh_time t = c->env.today;
	gh_dur hold = hold_under(c), len = 0;
	size_t i, guard, win;

	if (c->req && c->req->window)
		len = c->req->window->end - c->req->window->start;
	oe->window_start = oe->window_end = GH_TIME_NONE;
	if (o->kind == OPT_AS_SCOPED || o->steps.n == 0) {
		if (c->req && c->req->window) {
			oe->window_start = from;
			oe->window_end = oe->window_start + c->req->window->end -
			    c->req->window->start;
		}
		return;
	}
	win = window_step(o);
	for (i = 0; i < o->steps.n; i++) {
		const struct gh_step *s = &o->steps.v[i];
		const struct gh_freeze *f;
		gh_dur span = s->duration + (i == win ? hold : 0);

		if (s->production) {
			if (i == win && from != GH_TIME_NONE && t < from)
				t = from;	/* not before the window asked for */
			t = align(c, t);
			for (guard = 0; guard < 100 &&
			    engine_freeze_overlap(c, t, t + span, &f); guard++)
				t = align(c, f->end + DAY);
		}
		if (i == win) {
			/* the window keeps at least the length asked for */
			oe->window_start = t;
			oe->window_end = t + (s->duration > len ? s->duration : len);
		}
		t += s->duration;
	}
}

/* Gates under the option see the schedule's window unless it sets one. */
static struct override *
with_window(struct engine_ctx *c, struct override *ov, size_t *n, const struct option_eval *oe)
{
	struct override *all;

	if (oe->window_start == GH_TIME_NONE || override_of(c, "request.window.start") ||
	    oe->option->kind == OPT_AS_SCOPED)
		return ov;
	all = arena_alloc(&c->perm, (*n + 3) * sizeof *all);
	memcpy(all, ov, *n * sizeof *all);
	all[*n].path = "request.window.start";
	all[*n].v.t = VT_TIME;
	all[*n].v.u.time = oe->window_start;
	all[*n + 1].path = "request.window.end";
	all[*n + 1].v.t = VT_TIME;
	all[*n + 1].v.u.time = oe->window_end;
	*n += 2;
	return all;
}

static gh_time
support_deadline(const struct engine_ctx *c)
{
	const struct gh_evidence *e = engine_newest_evidence(c->pk, EV_SUPPORT_TIMELINE);
	const struct gh_ev_support *s = e ? e->data : NULL;

	return s ? s->standard_support_end : GH_TIME_NONE;
}

static void
score(const struct engine_ctx *c, struct option_eval *oe)
{
	const struct gh_weights *w = c->r->policy.options->weights;
	const struct gh_option_score *s = oe->option->score;
	gh_time deadline = support_deadline(c);
	double risk, sum, applicable = 0, known = 0;
	size_t i;

	for (i = 0; i < oe->ngates; i++) {
		if (oe->gates[i].result == GR_NOT_APPLICABLE)
			continue;
		applicable++;
		if (oe->gates[i].result != GR_MISSING_EVIDENCE &&
		    oe->gates[i].result != GR_INDETERMINATE)
			known++;
	}
	oe->completeness = applicable > 0 ? known / applicable : 1.0;
	if (w == NULL || s == NULL)
		return;
	risk = s->deadline_risk;
	if (deadline != GH_TIME_NONE && oe->window_end != GH_TIME_NONE &&
	    oe->window_end > deadline) {
		struct buf d = BUF_INIT;

		risk = 1.0;
		val_format_date(deadline, &d);
		strlist_addf(&oe->conditions,
		    _("finishes after the standard support deadline %s: extended support needed"),
		    buf_cstr(&d));
		buf_free(&d);
		if (oe->cls == OPT_IN_BAND)
			oe->cls = OPT_CONDITIONAL;
	}
	sum = w->customer_impact + w->rollback_strength + w->deadline_risk +
	    w->evidence_completeness;
	oe->score = sum <= 0 ? 0 : (w->customer_impact * (1 - s->customer_impact) +
	    w->rollback_strength * s->rollback_strength + w->deadline_risk * (1 - risk) +
	    w->evidence_completeness * oe->completeness) / sum;
}

static int
option_cmp(const void *a, const void *b)
{
	const struct option_eval *x = a, *y = b;

	if (x->cls != y->cls)
		return x->cls < y->cls ? -1 : 1;
	/* compare rounded scores so float noise cannot reorder equal ones */
	if (lround(x->score * 1e6) != lround(y->score * 1e6))
		return x->score > y->score ? -1 : 1;
	return strcmp(x->option->id, y->option->id);
}

/* Evaluate option oi into oe; false when the option is not offered here. */
static bool
eval_option(struct engine_ctx *c, size_t oi, struct option_eval *oe)
{
	const struct gh_option *o = &c->r->policy.options->options.v[oi];
	size_t nov;

	oe->option = o;
	oe->window_start = oe->window_end = GH_TIME_NONE;
	if (!offered(c, oi, o, oe))
		return false;
	c->ov = make_overrides(c, oi, o, oe, &nov);
	c->nov = nov;
	schedule(c, oe);
	c->ov = with_window(c, (struct override *)c->ov, &nov, oe);
	c->nov = nov;
	engine_run_gates(c, &oe->gates, &oe->ngates);
	classify(oe);
	score(c, oe);
	c->ov = NULL;
	c->nov = 0;
	return true;
}

void
engine_run_options(struct engine_ctx *c, const struct gate_eval *base, size_t nbase,
    struct option_eval **out, size_t *n)
{
	const struct gh_options_file *of = c->r->policy.options;
	size_t i, k = 0, count = of ? of->options.n : 0;
	struct option_eval *o = xcalloc(count + 1, sizeof *o);

	for (i = 0; i < count; i++) {
		if (eval_option(c, i, &o[k]))
			k++;
		else
			option_evals_free_one(&o[k]);	/* not offered: left out */
	}
	count = k;
	if (count)
		qsort(o, count, sizeof *o, option_cmp);
	for (i = 0; i < count; i++)
		o[i].rank = (int)i + 1;
	/* fired() in routes refers to the request as scoped */
	c->results = base;
	c->nresults = nbase;
	*out = o;
	*n = count;
}

static void
option_evals_free_one(struct option_eval *o)
{
	gate_evals_free(o->gates, o->ngates);
	strlist_free(&o->reasons);
	strlist_free(&o->conditions);
	strlist_free(&o->overrides);
	memset(o, 0, sizeof *o);
}

void
option_evals_free(struct option_eval *o, size_t n)
{
	size_t i;

	for (i = 0; o && i < n; i++)
		option_evals_free_one(&o[i]);
	free(o);
}
