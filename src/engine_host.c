/* engine_host.c -- what the gate language can see: the roots (request,
 * packet, policy, evidence, calendar, lifecycle, option) and the domain
 * functions (freezes, evidence, gate results).  Option overrides are
 * applied here, by path, so gates re-run under an option read the
 * changed request without copying it. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "engine_int.h"

#define DAY 86400

/* ---- request paths with overrides -------------------------------------- */

struct req_node {
	const void *p;			/* struct, or NULL when absent */
	const struct schema *s;
	const char *path;
};

static enum expr_err req_field(const void *p, const char *name, struct gh_value *out,
    struct buf *reason, void *host);

/* A key matches a path name when '-' and '_' are taken as equal. */
static const struct schema_field *
field_by_name(const struct schema *s, const char *name)
{
	const struct schema_field *f;

	for (f = s->fields; f->key; f++) {
		const char *a = f->key, *b = name;

		while (*a && (*a == *b || (*a == '-' && *b == '_')))
			a++, b++;
		if (*a == '\0' && *b == '\0')
			return f;
	}
	return NULL;
}

static bool
override_below(const struct engine_ctx *c, const char *path)
{
	size_t i, n = strlen(path);

	for (i = 0; i < c->nov; i++)
		if (strncmp(c->ov[i].path, path, n) == 0 && c->ov[i].path[n] == '.')
			return true;
	return false;
}

static void
wrap_node(struct engine_ctx *c, const void *p, const struct schema *s, const char *path,
    struct gh_value *out)
{
	struct req_node *n = arena_alloc(&c->scratch, sizeof *n);
	struct expr_host_obj *h = arena_alloc(&c->scratch, sizeof *h);

	n->p = p;
	n->s = s;
	n->path = path;
	h->p = n;
	h->field = req_field;
	h->name = path;
	memset(out, 0, sizeof *out);
	out->t = VT_HOST;
	out->u.obj.p = h;
}

static enum expr_err
req_field(const void *p, const char *name, struct gh_value *out, struct buf *reason,
    void *host)
{
	const struct req_node *n = p;
	struct engine_ctx *c = host;
	const char *path = arena_printf(&c->scratch, "%s.%s", n->path, name);
	const struct schema_field *f;
	size_t i;
	bool has;

	for (i = 0; i < c->nov; i++) {
		if (strcmp(c->ov[i].path, path) == 0) {
			*out = c->ov[i].v;
			return EXPR_OK;
		}
	}
	f = field_by_name(n->s, name);
	if (f == NULL) {
		buf_printf(reason, _("%s has no field '%s'"), n->path, name);
		return EXPR_E_NAME;
	}
	has = n->p != NULL && schema_get(f, n->p, out);
	if (f->type == FT_OBJ && (has || override_below(c, path))) {
		wrap_node(c, has ? out->u.obj.p : NULL, f->sub, path, out);
		return EXPR_OK;
	}
	if (!has) {
		buf_printf(reason, _("%s has no value"), path);
		return EXPR_E_MISSING;
	}
	return EXPR_OK;
}

/* ---- packet, evidence, lifecycle -------------------------------------- */

static void
host_value(struct engine_ctx *c, const void *p, const char *name,
    enum expr_err (*field)(const void *, const char *, struct gh_value *, struct buf *, void *),
    struct gh_value *out)
{
	struct expr_host_obj *h = arena_alloc(&c->scratch, sizeof *h);

	h->p = p;
	h->field = field;
	h->name = name;
	memset(out, 0, sizeof *out);
	out->t = VT_HOST;
	out->u.obj.p = h;
}

static void
evidence_value(const struct gh_evidence *e, struct gh_value *out)
{
	memset(out, 0, sizeof *out);
	out->t = VT_OBJ;
	out->u.obj.p = e;
	out->u.obj.s = &gh_evidence_schema;
}

/* Evidence type from a path name ("support_timeline") or a string. */
static int
evidence_type(const char *name)
{
	char *t = xstrdup(name), *q;
	int i;

	for (q = t; *q; q++)
		if (*q == '_')
			*q = '-';
	i = schema_enum_index(gh_evidence_types, t);
	free(t);
	return i;
}

/* Newest readable item of a type.  A redacted placeholder has no date, so
 * any readable item wins over it; with only placeholders there is none. */
const struct gh_evidence *
engine_newest_evidence(const struct gh_packet *pk, int type)
{
	const struct gh_evidence *best = NULL;
	size_t i;

	for (i = 0; i < pk->evidence.n; i++) {
		const struct gh_evidence *e = pk->evidence.v[i];

		if (e->type == type && !e->redacted &&
		    (best == NULL || e->collected_at > best->collected_at))
			best = e;
	}
	return best;
}

const struct gh_evidence *
engine_redacted_evidence(const struct gh_packet *pk, int type)
{
	size_t i;

	for (i = 0; i < pk->evidence.n; i++)
		if (pk->evidence.v[i]->type == type && pk->evidence.v[i]->redacted)
			return pk->evidence.v[i];
	return NULL;
}

void
engine_no_evidence_reason(const struct engine_ctx *c, int type, struct buf *reason)
{
	const struct gh_evidence *ph = engine_redacted_evidence(c->pk, type);
	char *who;

	if (ph == NULL) {
		buf_printf(reason, _("the packet has no %s evidence"), gh_evidence_types[type]);
		return;
	}
	who = access_readers(c->r->policy.roles, ph->sensitivity);
	buf_printf(reason, _("the packet's %s evidence '%s' is restricted (%s) and you cannot read it; readable by %s"),
	    gh_evidence_types[type], ph->id, gh_sensitivities[ph->sensitivity], who);
	free(who);
}

bool
engine_has_evidence(const struct gh_packet *pk, int type)
{
	return engine_newest_evidence(pk, type) != NULL;
}

static enum expr_err
evidence_field(const void *p, const char *name, struct gh_value *out, struct buf *reason,
    void *host)
{
	struct engine_ctx *c = host;
	int type = evidence_type(name);
	const struct gh_evidence *e;

	(void)p;
	if (type < 0) {
		buf_printf(reason, _("unknown evidence type '%s'"), name);
		return EXPR_E_NAME;
	}
	e = engine_newest_evidence(c->pk, type);
	if (e == NULL) {
		engine_no_evidence_reason(c, type, reason);
		return EXPR_E_NO_EVIDENCE;
	}
	expr_env_touch(&c->env, e);
	evidence_value(e, out);
	return EXPR_OK;
}

static void
evidence_array(struct engine_ctx *c, int type, struct gh_value *out)
{
	struct expr_array *arr = arena_alloc(&c->scratch, sizeof *arr);
	struct gh_value *v = arena_alloc(&c->scratch,
	    (c->pk->evidence.n + 1) * sizeof *v);
	size_t i, n = 0;

	for (i = 0; i < c->pk->evidence.n; i++) {
		const struct gh_evidence *e = c->pk->evidence.v[i];

		if ((type >= 0 && e->type != type) || e->redacted)
			continue;
		if (type >= 0)
			expr_env_touch(&c->env, e);
		evidence_value(e, &v[n++]);
	}
	arr->v = v;
	arr->n = n;
	memset(out, 0, sizeof *out);
	out->t = VT_ARRAY;
	out->u.obj.p = arr;
}

static enum expr_err
packet_field(const void *p, const char *name, struct gh_value *out, struct buf *reason,
    void *host)
{
	struct engine_ctx *c = host;

	(void)p;
	memset(out, 0, sizeof *out);
	if (strcmp(name, "id") == 0) {
		out->t = VT_STR;
		out->u.s = c->pk->id;
	} else if (strcmp(name, "tier") == 0) {
		int64_t t = c->req ? model_request_tier(c->req) : -1;

		if (t < 0) {
			buf_puts(reason, _("packet.tier has no value (no services)"));
			return EXPR_E_MISSING;
		}
		out->t = VT_NUM;
		out->u.n = (double)t;
	} else if (strcmp(name, "evidence") == 0) {
		evidence_array(c, -1, out);
	} else {
		buf_printf(reason, _("packet has no field '%s'"), name);
		return EXPR_E_NAME;
	}
	return EXPR_OK;
}

/* A lifecycle entry matches when its version's parts prefix the asked one. */
static const struct gh_lifecycle *
lifecycle_find(const struct gh_repo *r, const struct gh_engine *eng,
    const struct gh_version *v)
{
	const struct gh_lifecycle_file *lf = r->policy.lifecycle;
	const struct gh_lifecycle *fallback = NULL;
	size_t i;
	int k;

	for (i = 0; lf && i < lf->versions.n; i++) {
		const struct gh_lifecycle *l = &lf->versions.v[i];

		if (l->engine != eng->kind || l->version.n > v->n)
			continue;
		for (k = 0; k < l->version.n && l->version.part[k] == v->part[k]; k++)
			;
		if (k < l->version.n)
			continue;
		if (eng->provider && l->provider && strcmp(l->provider, eng->provider) == 0)
			return l;
		if (l->provider && strcmp(l->provider, "community") == 0)
			fallback = l;
	}
	return fallback;
}

static enum expr_err
lifecycle_field(const void *p, const char *name, struct gh_value *out, struct buf *reason,
    void *host)
{
	struct engine_ctx *c = host;
	const struct gh_version *v;
	const struct gh_lifecycle *l;

	(void)p;
	if (c->req == NULL || c->req->engine == NULL) {
		buf_puts(reason, _("the request names no engine"));
		return EXPR_E_MISSING;
	}
	if (strcmp(name, "current") == 0) {
		v = &c->req->engine->current;
	} else if (strcmp(name, "target") == 0) {
		v = &c->req->engine->target;
	} else {
		buf_printf(reason, _("lifecycle has no field '%s' (use current or target)"), name);
		return EXPR_E_NAME;
	}
	l = lifecycle_find(c->r, c->req->engine, v);
	if (l == NULL) {
		buf_printf(reason, _("policy/lifecycle.yaml has no entry for %s %s on %s"),
		    schema_enum_name(gh_engine_kinds, c->req->engine->kind),
		    v->text ? v->text : "?", c->req->engine->provider ? c->req->engine->provider : "?");
		return EXPR_E_MISSING;
	}
	memset(out, 0, sizeof *out);
	out->t = VT_OBJ;
	out->u.obj.p = l;
	out->u.obj.s = schema_field(&gh_lifecycle_schema, "versions")->sub;
	return EXPR_OK;
}

static enum expr_err
root(void *host, const char *name, struct gh_value *out, struct buf *reason)
{
	struct engine_ctx *c = host;
	const struct gh_policy *pol = &c->r->policy;

	memset(out, 0, sizeof *out);
	if (strcmp(name, "request") == 0) {
		if (c->req == NULL) {
			buf_puts(reason, _("the packet's request.yaml did not load"));
			return EXPR_E_MISSING;
		}
		wrap_node(c, c->req, &gh_request_schema, "request", out);
	} else if (strcmp(name, "policy") == 0) {
		if (pol->gates == NULL) {
			buf_puts(reason, _("policy/gates.yaml did not load"));
			return EXPR_E_MISSING;
		}
		out->t = VT_LIST;
		out->u.list.l = (const struct gh_list *)&pol->gates->parameters;
		out->u.list.f = schema_field(&gh_gates_schema, "parameters");
	} else if (strcmp(name, "packet") == 0) {
		host_value(c, NULL, "packet", packet_field, out);
	} else if (strcmp(name, "evidence") == 0) {
		host_value(c, NULL, "evidence", evidence_field, out);
	} else if (strcmp(name, "lifecycle") == 0) {
		host_value(c, NULL, "lifecycle", lifecycle_field, out);
	} else if (strcmp(name, "calendar") == 0 && pol->calendar) {
		out->t = VT_OBJ;
		out->u.obj.p = pol->calendar;
		out->u.obj.s = &gh_calendar_schema;
	} else if (strcmp(name, "option") == 0 && c->option) {
		out->t = VT_OBJ;
		out->u.obj.p = c->option;
		out->u.obj.s = schema_field(&gh_options_schema, "options")->sub;
	} else {
		buf_printf(reason, _("unknown name '%s'"), name);
		return EXPR_E_NAME;
	}
	return EXPR_OK;
}

/* ---- freezes ----------------------------------------------------------- */

static bool
freeze_applies(const struct engine_ctx *c, const struct gh_freeze *f)
{
	size_t i, j;

	if (f->kind != FREEZE_HARD || f->start == GH_TIME_NONE || f->end == GH_TIME_NONE)
		return false;
	if (f->services.n == 0 || c->req == NULL)
		return true;
	for (i = 0; i < f->services.n; i++)
		for (j = 0; j < c->req->services.n; j++)
			if (c->req->services.v[j].name &&
			    strcmp(f->services.v[i], c->req->services.v[j].name) == 0)
				return true;
	return false;
}

bool
engine_freeze_overlap(const struct engine_ctx *c, gh_time start, gh_time end,
    const struct gh_freeze **which)
{
	const struct gh_calendar_file *cal = c->r->policy.calendar;
	size_t i;

	for (i = 0; cal && i < cal->freezes.n; i++) {
		const struct gh_freeze *f = &cal->freezes.v[i];

		if (freeze_applies(c, f) && start < f->end + DAY && end >= f->start) {
			if (which)
				*which = f;
			return true;
		}
	}
	return false;
}

gh_time
engine_next_free_day(const struct engine_ctx *c, gh_time t)
{
	const struct gh_freeze *f;
	gh_time day = t - ((t % DAY) + DAY) % DAY;
	size_t guard = 0;

	while (engine_freeze_overlap(c, day, day + DAY - 1, &f) && guard++ < 1000)
		day = f->end + DAY;
	return day;
}

const struct gh_value *
engine_param(const struct gh_repo *r, const char *name)
{
	size_t i;

	for (i = 0; r->policy.gates && i < r->policy.gates->parameters.n; i++)
		if (strcmp(r->policy.gates->parameters.v[i].name, name) == 0)
			return &r->policy.gates->parameters.v[i].v;
	return NULL;
}

/* ---- domain functions -------------------------------------------------- */

static enum expr_err
want(const struct gh_value *args, size_t nargs, size_t n, enum gh_vtype t,
    const char *fn, struct buf *reason)
{
	size_t i;

	if (nargs != n) {
		buf_printf(reason, _("%s() takes %zu argument(s), not %zu"), fn, n, nargs);
		return EXPR_E_ARGS;
	}
	for (i = 0; i < n; i++) {
		if (args[i].t != t) {
			buf_printf(reason, _("%s() argument %zu must be %s, not %s"), fn, i + 1,
			    expr_type_name(t), expr_type_name(args[i].t));
			return EXPR_E_ARGS;
		}
	}
	return EXPR_OK;
}

static const struct gate_eval *
result_of(const struct engine_ctx *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->nresults; i++)
		if (strcmp(c->results[i].gate->id, id) == 0)
			return &c->results[i];
	return NULL;
}

static bool
gate_fired(enum gate_result g)
{
	return g == GR_CONDITIONAL || g == GR_BLOCK || g == GR_ESCALATE;
}

static bool
policy_has_gate(const struct gh_repo *r, const char *id)
{
	size_t i;

	for (i = 0; r->policy.gates && i < r->policy.gates->gates.n; i++)
		if (strcmp(r->policy.gates->gates.v[i].id, id) == 0)
			return true;
	return false;
}

static enum expr_err
call_gate(struct engine_ctx *c, const char *name, const struct gh_value *args,
    size_t nargs, struct gh_value *out, struct buf *reason)
{
	const struct gate_eval *g;
	enum expr_err e;
	size_t i;

	if (strcmp(name, "hard_fired") == 0) {
		if ((e = want(args, nargs, 0, VT_STR, name, reason)))
			return e;
		out->t = VT_BOOL;
		for (i = 0; i < c->nresults; i++)
			if (c->results[i].gate->hard && gate_fired(c->results[i].result))
				out->u.b = true;
		return EXPR_OK;
	}
	if ((e = want(args, nargs, 1, VT_STR, name, reason)))
		return e;
	g = result_of(c, args[0].u.s);
	if (g == NULL && !policy_has_gate(c->r, args[0].u.s)) {
		buf_printf(reason, _("no gate '%s' in policy/gates.yaml"), args[0].u.s);
		return EXPR_E_NAME;
	}
	if (strcmp(name, "fired") == 0) {
		out->t = VT_BOOL;
		out->u.b = g && gate_fired(g->result);
	} else {
		out->t = VT_STR;
		out->u.s = g ? gate_result_name(g->result) : "not-evaluated";
	}
	return EXPR_OK;
}

static enum expr_err
call(void *host, const char *name, const struct gh_value *args, size_t nargs,
    struct gh_value *out, struct buf *reason)
{
	struct engine_ctx *c = host;
	enum expr_err e;
	int type;

	memset(out, 0, sizeof *out);
	if (strcmp(name, "overlaps_freeze") == 0) {
		if ((e = want(args, nargs, 2, VT_TIME, name, reason)))
			return e;
		out->t = VT_BOOL;
		out->u.b = engine_freeze_overlap(c, args[0].u.time, args[1].u.time, NULL);
	} else if (strcmp(name, "in_freeze") == 0) {
		if ((e = want(args, nargs, 1, VT_TIME, name, reason)))
			return e;
		out->t = VT_BOOL;
		out->u.b = engine_freeze_overlap(c, args[0].u.time, args[0].u.time, NULL);
	} else if (strcmp(name, "next_free_day") == 0) {
		if ((e = want(args, nargs, 1, VT_TIME, name, reason)))
			return e;
		out->t = VT_TIME;
		out->date_only = true;
		out->u.time = engine_next_free_day(c, args[0].u.time);
	} else if (strcmp(name, "has_evidence") == 0 || strcmp(name, "evidence_of") == 0) {
		if ((e = want(args, nargs, 1, VT_STR, name, reason)))
			return e;
		if ((type = evidence_type(args[0].u.s)) < 0) {
			buf_printf(reason, _("unknown evidence type '%s'"), args[0].u.s);
			return EXPR_E_ARGS;
		}
		if (name[0] == 'h') {
			out->t = VT_BOOL;
			out->u.b = engine_has_evidence(c->pk, type);
		} else {
			evidence_array(c, type, out);
		}
	} else if (!strcmp(name, "fired") || !strcmp(name, "hard_fired") ||
	    !strcmp(name, "outcome_of")) {
		return call_gate(c, name, args, nargs, out, reason);
	} else {
		return EXPR_E_NAME;
	}
	return EXPR_OK;
}

/* ---- context ----------------------------------------------------------- */

void
engine_ctx_init(struct engine_ctx *c, const struct engine *eng, const struct gh_packet *pk,
    gh_time today)
{
	memset(c, 0, sizeof *c);
	c->eng = eng;
	c->r = eng->r;
	c->pk = pk;
	c->req = pk->request;
	arena_init(&c->perm);
	arena_init(&c->scratch);
	expr_env_init(&c->env, &c->scratch, today);
	c->env.host = c;
	c->env.root = root;
	c->env.call = call;
}

void
engine_ctx_reset(struct engine_ctx *c)
{
	expr_env_reset(&c->env);
	arena_reset(&c->scratch);
}

void
engine_ctx_free(struct engine_ctx *c)
{
	expr_env_free(&c->env);
	arena_free(&c->scratch);
	arena_free(&c->perm);
}

enum expr_err
engine_cond(struct engine_ctx *c, const struct compiled *x, bool *out, struct buf *reason,
    char **explain)
{
	struct buf b = BUF_INIT;
	enum expr_err e;

	*out = false;
	if (explain)
		*explain = NULL;
	if (x->e == NULL) {
		buf_puts(reason, x->err ? x->err : _("no expression"));
		return EXPR_E_NAME;
	}
	engine_ctx_reset(c);
	c->env.quiet = explain == NULL;
	e = expr_eval_bool(x->e, &c->env, out, reason);
	if (explain) {
		expr_explain(x->e, &c->env, &b);
		*explain = buf_detach(&b);
	}
	return e;
}
