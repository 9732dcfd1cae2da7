/* engine.c -- compile the policy, run the gates, route escalations and
 * reach the verdict.  Hard triggers escalate explicitly; scores only rank
 * options among what the hard gates allow (seed 000). */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "engine_int.h"

#define DAY 86400

/* ---- names ------------------------------------------------------------- */

const char *
gate_result_name(enum gate_result g)
{
	static const char *const n[] = { "pass", "conditional", "block", "escalate",
		"indeterminate", "missing-evidence", "not-applicable" };

	return n[g];
}

const char *
gate_result_label(enum gate_result g)
{
	switch (g) {
	case GR_PASS: return _("pass");
	case GR_CONDITIONAL: return _("conditional");
	case GR_BLOCK: return _("block");
	case GR_ESCALATE: return _("escalate");
	case GR_INDETERMINATE: return _("indeterminate");
	case GR_MISSING_EVIDENCE: return _("missing evidence");
	case GR_NOT_APPLICABLE: return _("not applicable");
	}
	return "?";
}

const char *
option_class_name(enum option_class c)
{
	static const char *const n[] = { "in-band", "conditional", "blocked" };

	return n[c];
}

const char *
verdict_name(enum verdict v)
{
	static const char *const n[] = { "SUPPORT", "COUNTER", "ESCALATE" };

	return n[v];
}

/* ---- string lists ------------------------------------------------------ */

void
strlist_add(struct strlist *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	l->v[l->n++] = s;
}

void
strlist_addf(struct strlist *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strlist_add(l, xvasprintf(fmt, ap));
	va_end(ap);
}

void
strlist_free(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* ---- compiling the policy ---------------------------------------------- */

static void
compile(struct engine *e, const struct gh_src *src, const char *file, struct diags *d,
    struct compiled *out)
{
	struct expr_parse_error pe;

	out->e = NULL;
	out->err = NULL;
	if (src->text == NULL)
		return;
	out->e = expr_parse(&e->arena, src->text, &pe);
	if (out->e)
		return;
	out->err = arena_printf(&e->arena, _("%s:%d:%d: invalid expression: %s"), file,
	    src->pos.line, src->pos.col, pe.msg);
	if (d)
		expr_parse_src(&e->arena, src, file, d);
}

static struct compiled *
compiled_array(struct engine *e, size_t n)
{
	return arena_alloc(&e->arena, (n + 1) * sizeof(struct compiled));
}

struct engine *
engine_new(const struct gh_repo *r, struct diags *d)
{
	struct engine *e = xcalloc(1, sizeof *e);
	const struct gh_policy *p = &r->policy;
	size_t i, j;

	e->r = r;
	arena_init(&e->arena);
	if (p->gates) {
		const char *f = p->gates->o.file;

		e->gate_applies = compiled_array(e, p->gates->gates.n);
		e->gate_when = compiled_array(e, p->gates->gates.n);
		for (i = 0; i < p->gates->gates.n; i++) {
			compile(e, &p->gates->gates.v[i].applies, f, d, &e->gate_applies[i]);
			compile(e, &p->gates->gates.v[i].when, f, d, &e->gate_when[i]);
		}
	}
	if (p->options) {
		size_t n = p->options->options.n;

		e->opt_applies = compiled_array(e, n);
		e->opt_set = arena_alloc(&e->arena, (n + 1) * sizeof *e->opt_set);
		for (i = 0; i < n; i++) {
			const struct gh_option *o = &p->options->options.v[i];

			compile(e, &o->applies, p->options->o.file, d, &e->opt_applies[i]);
			e->opt_set[i] = compiled_array(e, o->set.n);
			for (j = 0; j < o->set.n; j++)
				compile(e, &o->set.v[j].src, p->options->o.file, d, &e->opt_set[i][j]);
		}
	}
	if (p->authority) {
		e->route_when = compiled_array(e, p->authority->routes.n);
		for (i = 0; i < p->authority->routes.n; i++)
			compile(e, &p->authority->routes.v[i].when, p->authority->o.file, d,
			    &e->route_when[i]);
	}
	return e;
}

void
engine_free(struct engine *e)
{
	if (e == NULL)
		return;
	arena_free(&e->arena);
	free(e);
}

/* ---- gates ------------------------------------------------------------- */

static void
copy_trace(struct engine_ctx *c, struct gate_eval *g)
{
	size_t i;

	/* plain paths only: calls and their values are in the explanation */
	for (i = 0; i < c->env.reads.n; i++)
		if (strchr(c->env.reads.v[i].path, '(') == NULL)
			strlist_addf(&g->reads, "%s = %s", c->env.reads.v[i].path,
			    c->env.reads.v[i].value);
	for (i = 0; i < c->env.evidence.n; i++) {
		const struct gh_evidence *ev = c->env.evidence.v[i];
		size_t k;

		for (k = 0; k < g->evidence.n && g->evidence.v[k] != ev; k++)
			;
		if (k < g->evidence.n)
			continue;
		if (g->evidence.n == g->evidence_cap) {
			g->evidence_cap = g->evidence_cap ? g->evidence_cap * 2 : 4;
			g->evidence.v = xreallocarray(g->evidence.v, g->evidence_cap,
			    sizeof *g->evidence.v);
		}
		g->evidence.v[g->evidence.n++] = ev;
	}
}

static enum gate_result
fired_result(const struct gh_gate *gate)
{
	switch (gate->outcome) {
	case GATE_OUT_BLOCK: return GR_BLOCK;
	case GATE_OUT_ESCALATE: return GR_ESCALATE;
	default: return GR_CONDITIONAL;
	}
}

static bool
missing_evidence(struct engine_ctx *c, const struct gh_gate *gate, struct gate_eval *g)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < gate->evidence.n; i++) {
		int t = gate->evidence.v[i];

		if (engine_has_evidence(c->pk, t))
			continue;
		if (b.len)
			buf_puts(&b, "; ");
		engine_no_evidence_reason(c, t, &b);
	}
	if (b.len == 0)
		return false;
	g->result = GR_MISSING_EVIDENCE;
	g->reason = buf_detach(&b);
	return true;
}

static void
eval_gate(struct engine_ctx *c, size_t idx, struct gate_eval *g)
{
	const struct gh_gate *gate = &c->r->policy.gates->gates.v[idx];
	struct buf reason = BUF_INIT;
	enum expr_err e;
	bool v;

	g->gate = gate;
	if (gate->applies.text) {
		e = engine_cond(c, &c->eng->gate_applies[idx], &v, &reason, NULL);
		if (e != EXPR_OK || !v) {
			g->result = e == EXPR_OK ? GR_NOT_APPLICABLE :
			    e == EXPR_E_NO_EVIDENCE ? GR_MISSING_EVIDENCE : GR_INDETERMINATE;
			if (e != EXPR_OK)
				g->reason = buf_detach(&reason);
			buf_free(&reason);
			return;
		}
	}
	if (missing_evidence(c, gate, g)) {
		buf_free(&reason);
		return;
	}
	e = engine_cond(c, &c->eng->gate_when[idx], &v, &reason,
	    c->trace ? &g->explain : NULL);
	if (c->trace)
		copy_trace(c, g);
	if (e == EXPR_OK)
		g->result = v ? fired_result(gate) : GR_PASS;
	else {
		g->result = e == EXPR_E_NO_EVIDENCE ? GR_MISSING_EVIDENCE : GR_INDETERMINATE;
		g->reason = buf_detach(&reason);
	}
	buf_free(&reason);
}

void
engine_run_gates(struct engine_ctx *c, struct gate_eval **out, size_t *n)
{
	const struct gh_gates_file *gf = c->r->policy.gates;
	size_t i, count = gf ? gf->gates.n : 0;
	struct gate_eval *g = xcalloc(count + 1, sizeof *g);

	c->results = g;
	for (i = 0; i < count; i++) {
		eval_gate(c, i, &g[i]);
		c->nresults = i + 1;	/* later gates may ask fired() of earlier ones */
	}
	*out = g;
	*n = count;
}

void
gate_evals_free(struct gate_eval *g, size_t n)
{
	size_t i;

	for (i = 0; g && i < n; i++) {
		free(g[i].explain);
		free(g[i].reason);
		strlist_free(&g[i].reads);
		free(g[i].evidence.v);
	}
	free(g);
}

/* ---- routing ----------------------------------------------------------- */

static const struct gh_authority *
authority_by_id(const struct gh_repo *r, const char *id)
{
	size_t i;

	for (i = 0; id && r->policy.authority && i < r->policy.authority->authorities.n; i++)
		if (strcmp(r->policy.authority->authorities.v[i].id, id) == 0)
			return &r->policy.authority->authorities.v[i];
	return NULL;
}

static void
run_routes(struct engine_ctx *c, struct recommendation *rec)
{
	const struct gh_authority_file *af = c->r->policy.authority;
	struct buf reason = BUF_INIT;
	size_t i;

	if (af == NULL)
		return;
	rec->routes = xcalloc(af->routes.n + 1, sizeof *rec->routes);
	rec->nroutes = af->routes.n;
	/* the approval matrix judges the path put forward: the request as
	 * asked when it escalates, else the option recommended */
	c->results = rec->gates;
	c->nresults = rec->ngates;
	if (rec->verdict != VERDICT_ESCALATE && rec->chosen && rec->chosen->gates) {
		c->results = rec->chosen->gates;
		c->nresults = rec->chosen->ngates;
	}
	for (i = 0; i < af->routes.n; i++) {
		struct route_eval *re = &rec->routes[i];
		bool v;

		re->route = &af->routes.v[i];
		re->authority = authority_by_id(c->r, re->route->authority);
		buf_reset(&reason);
		if (engine_cond(c, &c->eng->route_when[i], &v, &reason, &re->explain) != EXPR_OK)
			re->reason = xstrdup(buf_cstr(&reason));
		else
			re->matched = v;
	}
	buf_free(&reason);
}

/* A matching row of the approval matrix means the path is outside the
 * delegated authority's limits, however good it looks. */
static void
escalate_by_matrix(struct recommendation *rec)
{
	size_t i;

	for (i = 0; rec->verdict != VERDICT_ESCALATE && i < rec->nroutes; i++)
		if (rec->routes[i].matched)
			rec->verdict = VERDICT_ESCALATE;
}

/* Expressions of the policy that did not parse, for every output. */
static void
note_policy_problems(const struct engine *e, struct recommendation *rec)
{
	const struct gh_policy *p = &e->r->policy;
	size_t i;

	for (i = 0; p->gates && i < p->gates->gates.n; i++) {
		if (e->gate_when[i].err)
			strlist_addf(&rec->problems, _("gate %s: %s"), p->gates->gates.v[i].id,
			    e->gate_when[i].err);
		if (e->gate_applies[i].err)
			strlist_addf(&rec->problems, _("gate %s: %s"), p->gates->gates.v[i].id,
			    e->gate_applies[i].err);
	}
	for (i = 0; p->authority && i < p->authority->routes.n; i++)
		if (e->route_when[i].err)
			strlist_addf(&rec->problems, _("route %s: %s"), p->authority->routes.v[i].id,
			    e->route_when[i].err);
}

/* Who decides: the delegated authority, or for an escalation the highest
 * authority among the matching rows (first row wins a tie), or one level
 * above the delegated authority when no row matches. */
static void
pick_authority(const struct gh_repo *r, struct recommendation *rec)
{
	const struct gh_authority_file *af = r->policy.authority;
	const struct gh_authority *deleg = af ? authority_by_id(r, af->delegated) : NULL;
	size_t i;

	rec->authority = deleg;
	if (rec->verdict != VERDICT_ESCALATE || af == NULL)
		return;
	rec->authority = NULL;
	for (i = 0; i < rec->nroutes; i++) {
		const struct route_eval *re = &rec->routes[i];

		if (re->matched && re->authority &&
		    (rec->authority == NULL || re->authority->level > rec->authority->level)) {
			rec->authority = re->authority;
			rec->route = re;
		}
	}
	if (rec->authority)
		return;
	for (i = 0; i < af->authorities.n; i++) {
		const struct gh_authority *a = &af->authorities.v[i];

		if ((deleg == NULL || a->level > deleg->level) &&
		    (rec->authority == NULL || a->level < rec->authority->level))
			rec->authority = a;
	}
}

/* ---- verdict ----------------------------------------------------------- */

/* The best option that is not blocked (the as-scoped one only when no
 * hard trigger fires), or NULL. */
static const struct option_eval *
best_unblocked(const struct recommendation *rec)
{
	size_t i;

	for (i = 0; i < rec->noptions; i++) {
		const struct option_eval *o = &rec->options[i];

		if (o->cls != OPT_BLOCKED &&
		    (rec->hard_triggers.n == 0 || o->option->kind != OPT_AS_SCOPED))
			return o;
	}
	return NULL;
}

/* For an escalation with nothing unblocked, the best counter that at least
 * clears the hard triggers: the authority should see the narrower path. */
static const struct option_eval *
best_without_hard(const struct recommendation *rec)
{
	size_t i;

	for (i = 0; i < rec->noptions; i++)
		if (!rec->options[i].hard && rec->options[i].option->kind != OPT_AS_SCOPED)
			return &rec->options[i];
	return NULL;
}

/* A hard gate escalates when it fires, and also when it cannot be ruled
 * out (indeterminate or missing evidence): a trigger nobody could check is
 * not a trigger that is absent. */
static void
collect_hard_triggers(struct recommendation *rec)
{
	size_t i;

	for (i = 0; i < rec->ngates; i++) {
		const struct gate_eval *g = &rec->gates[i];

		if (!g->gate->hard)
			continue;
		if (g->result == GR_ESCALATE || g->result == GR_BLOCK || g->result == GR_CONDITIONAL)
			strlist_add(&rec->hard_triggers, xstrdup(g->gate->title));
		else if (g->result == GR_INDETERMINATE || g->result == GR_MISSING_EVIDENCE)
			strlist_addf(&rec->hard_triggers, _("%s (could not be ruled out: %s)"),
			    g->gate->title, g->reason ? g->reason : "?");
	}
}

/* SUPPORT when the request as scoped is not blocked and no counter is in a
 * strictly better class; COUNTER with the best unblocked option; ESCALATE
 * on a hard trigger or when nothing stays within delegated limits. */
static void
decide(struct recommendation *rec)
{
	const struct option_eval *as_scoped = NULL, *best;
	size_t i;

	collect_hard_triggers(rec);
	for (i = 0; i < rec->noptions && as_scoped == NULL; i++)
		if (rec->options[i].option->kind == OPT_AS_SCOPED)
			as_scoped = &rec->options[i];
	best = best_unblocked(rec);
	if (rec->hard_triggers.n > 0) {
		rec->verdict = VERDICT_ESCALATE;
		rec->chosen = best ? best : best_without_hard(rec);
	} else if (as_scoped && as_scoped->cls != OPT_BLOCKED &&
	    (best == NULL || as_scoped->cls <= best->cls)) {
		rec->verdict = VERDICT_SUPPORT;
		rec->chosen = as_scoped;
	} else if (best) {
		rec->verdict = best == as_scoped ? VERDICT_SUPPORT : VERDICT_COUNTER;
		rec->chosen = best;
	} else {
		rec->verdict = VERDICT_ESCALATE;
		rec->chosen = best_without_hard(rec);
	}
}

/* ---- assumptions ------------------------------------------------------- */

static void
assume_evidence_age(const struct engine_ctx *c, struct recommendation *rec)
{
	const struct gh_value *max = engine_param(c->r, "evidence_max_age");
	size_t i;

	for (i = 0; max && max->t == VT_DUR && i < c->pk->evidence.n; i++) {
		const struct gh_evidence *e = c->pk->evidence.v[i];
		struct buf d = BUF_INIT;

		if (e->collected_at == GH_TIME_NONE || rec->today - e->collected_at <= max->u.dur)
			continue;
		val_format_date(e->collected_at, &d);
		strlist_addf(&rec->assumptions,
		    _("evidence %s (%s) was collected %s, %lld days ago, beyond the %lld-day limit: treated as an assumption, not a fact"),
		    e->id, e->title, buf_cstr(&d), (long long)((rec->today - e->collected_at) / DAY),
		    (long long)(max->u.dur / DAY));
		buf_free(&d);
	}
}

static void
assume(const struct engine_ctx *c, struct recommendation *rec)
{
	struct buf d = BUF_INIT;
	size_t i;

	val_format_date(rec->today, &d);
	strlist_addf(&rec->assumptions, _("today is taken as %s"), buf_cstr(&d));
	buf_free(&d);
	assume_evidence_age(c, rec);
	for (i = 0; i < rec->ngates; i++) {
		const struct gate_eval *g = &rec->gates[i];

		if (g->result == GR_MISSING_EVIDENCE)
			strlist_addf(&rec->assumptions, _("gate %s not evaluated: %s"),
			    g->gate->id, g->reason);
		else if (g->result == GR_INDETERMINATE)
			strlist_addf(&rec->assumptions, _("gate %s could not be decided: %s"),
			    g->gate->id, g->reason);
	}
}

static void
summarise(struct recommendation *rec)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s", verdict_name(rec->verdict));
	if (rec->verdict == VERDICT_ESCALATE && rec->authority)
		buf_printf(&b, _(" to %s"), rec->authority->name);
	if (rec->route)
		buf_printf(&b, _(" (route %s)"), rec->route->route->id);
	if (rec->hard_triggers.n)
		buf_printf(&b, _(": %zu hard trigger(s)"), rec->hard_triggers.n);
	if (rec->chosen)
		buf_printf(&b, rec->verdict == VERDICT_ESCALATE ? _("; narrower path to table: %s") :
		    _("; option: %s"), rec->chosen->option->id);
	rec->summary = buf_detach(&b);
}

struct recommendation *
engine_evaluate(struct engine *eng, const struct gh_packet *p, const struct engine_opts *opts)
{
	struct recommendation *rec = xcalloc(1, sizeof *rec);
	struct engine_ctx c;

	rec->packet = p;
	rec->roles = eng->r->policy.roles;
	rec->today = opts->today;
	engine_ctx_init(&c, eng, p, opts->today);
	if (eng->r->policy.gates == NULL)
		strlist_addf(&rec->problems, "%s", _("policy/gates.yaml did not load: no gate was evaluated"));
	c.trace = true;
	engine_run_gates(&c, &rec->gates, &rec->ngates);
	c.trace = false;	/* gates re-run under options only classify */
	engine_run_options(&c, rec->gates, rec->ngates, &rec->options, &rec->noptions);
	decide(rec);
	run_routes(&c, rec);
	escalate_by_matrix(rec);
	pick_authority(eng->r, rec);
	note_policy_problems(eng, rec);
	if (p->request)
		precedent_rank(eng->r, p->request, opts->precedents_k ? opts->precedents_k : 5,
		    &rec->precedents, &rec->nprecedents);
	assume(&c, rec);
	summarise(rec);
	engine_ctx_free(&c);
	return rec;
}

char *
rec_seen(const struct recommendation *rec)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, verdict_name(rec->verdict));
	if (rec->chosen)
		buf_printf(&b, " %s", rec->chosen->option->id);
	if (rec->authority)
		buf_printf(&b, " %s", rec->authority->id);
	return buf_detach(&b);
}

bool
review_stale(const struct gh_review *rv, const char *digest, const char *seen)
{
	if (rv->kind == REVIEW_COMMENT || rv->inputs_digest == NULL || digest == NULL)
		return false;
	return strcmp(rv->inputs_digest, digest) != 0 &&
	    (rv->recommendation == NULL || seen == NULL || strcmp(rv->recommendation, seen) != 0);
}

bool
review_role_signed(const struct gh_packet *p, const char *role, const char *digest,
    const char *seen)
{
	size_t i;

	for (i = 0; i < p->reviews.n; i++) {
		const struct gh_review *rv = p->reviews.v[i];

		if (rv->kind == REVIEW_SIGNOFF && rv->role && strcmp(rv->role, role) == 0 &&
		    rv->state != SIGN_RECUSE && !review_stale(rv, digest, seen))
			return true;
	}
	return false;
}

int
review_signed_roles(const struct gh_roles_file *rf, const struct gh_packet *p,
    const char *digest, const char *seen)
{
	size_t i;
	int n = 0;

	for (i = 0; rf && i < rf->required_signoffs.n; i++)
		n += review_role_signed(p, rf->required_signoffs.v[i], digest, seen);
	return n;
}

void
rec_free(struct recommendation *rec)
{
	size_t i;

	if (rec == NULL)
		return;
	gate_evals_free(rec->gates, rec->ngates);
	option_evals_free(rec->options, rec->noptions);
	for (i = 0; i < rec->nroutes; i++) {
		free(rec->routes[i].explain);
		free(rec->routes[i].reason);
	}
	free(rec->routes);
	precedent_fit_free(rec->precedents, rec->nprecedents);
	strlist_free(&rec->assumptions);
	strlist_free(&rec->hard_triggers);
	strlist_free(&rec->problems);
	free(rec->summary);
	free(rec);
}
