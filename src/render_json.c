/* render_json.c -- the recommendation as JSON for tools and pipelines.
 * Keys are stable; the shape is documented in gatehouse(1). */
#include <config.h>

#include <stdlib.h>

#include "access.h"
#include "json.h"
#include "render.h"

static void
jtime(struct json *j, const char *key, gh_time t)
{
	struct buf b = BUF_INIT;

	json_key(j, key);
	if (t == GH_TIME_NONE) {
		json_null(j);
		return;
	}
	render_time(t, &b);
	json_string(j, buf_cstr(&b));
	buf_free(&b);
}

static void
jstrings(struct json *j, const char *key, const struct strlist *l)
{
	size_t i;

	json_key(j, key);
	json_begin_array(j);
	for (i = 0; i < l->n; i++)
		json_string(j, l->v[i]);
	json_end_array(j);
}

static void
jevidence(struct json *j, const struct gate_eval *g)
{
	size_t i;

	json_key(j, "evidence");
	json_begin_array(j);
	for (i = 0; i < g->evidence.n; i++) {
		const struct gh_evidence *e = g->evidence.v[i];

		json_begin_object(j);
		json_kstring(j, "id", e->id);
		json_kstring(j, "type", gh_evidence_types[e->type]);
		json_kstring(j, "link", e->source ? e->source->link : NULL);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
jgate(struct json *j, const struct gate_eval *g)
{
	size_t i;

	json_begin_object(j);
	json_kstring(j, "id", g->gate->id);
	json_kstring(j, "title", g->gate->title);
	json_kbool(j, "hard", g->gate->hard);
	json_kstring(j, "result", gate_result_name(g->result));
	json_kstring(j, "expression", g->gate->when.text);
	json_kstring(j, "explain", g->explain);
	json_kstring(j, "reason", g->reason);
	jstrings(j, "reads", &g->reads);
	jevidence(j, g);
	json_key(j, "conditions");
	json_begin_array(j);
	for (i = 0; g->result == GR_CONDITIONAL && i < g->gate->conditions.n; i++)
		json_string(j, g->gate->conditions.v[i]);
	json_end_array(j);
	json_kstring(j, "rule", g->gate->rule);
	json_end_object(j);
}

static void
joption(struct json *j, const struct option_eval *o)
{
	json_begin_object(j);
	json_kint(j, "rank", o->rank);
	json_kstring(j, "id", o->option->id);
	json_kstring(j, "title", o->option->title);
	json_kstring(j, "kind", gh_option_kinds[o->option->kind]);
	json_kstring(j, "class", option_class_name(o->cls));
	json_kbool(j, "hard_trigger", o->hard);
	json_kdouble(j, "score", o->score);
	json_kdouble(j, "evidence_completeness", o->completeness);
	jtime(j, "window_start", o->window_start);
	jtime(j, "window_end", o->window_end);
	jstrings(j, "blocked_by", &o->reasons);
	jstrings(j, "conditions", &o->conditions);
	jstrings(j, "overrides", &o->overrides);
	json_end_object(j);
}

static void
jprecedent(struct json *j, const struct precedent_fit *f)
{
	int d;

	json_begin_object(j);
	json_kstring(j, "id", f->p->id);
	json_kstring(j, "title", f->p->title);
	json_kdouble(j, "similarity", f->similarity);
	json_kbool(j, "supports_case", f->supports);
	json_kstring(j, "decision", schema_enum_name(gh_decisions, f->p->decision));
	json_kstring(j, "decided_by", f->p->decided_by);
	json_kstring(j, "outcome", f->p->outcome ? schema_enum_name(gh_outcome_results, f->p->outcome->result) : NULL);
	json_kuint(j, "incidents", f->incidents);
	json_key(j, "dimensions");
	json_begin_object(j);
	for (d = 0; d < FIT_DIMS; d++) {
		json_key(j, fit_dim_name(d));
		json_begin_object(j);
		json_kstring(j, "match", fit_match_name(f->match[d]));
		json_kstring(j, "detail", f->detail[d]);
		json_end_object(j);
	}
	json_end_object(j);
	json_end_object(j);
}

static void
jitem(struct json *j, const struct recommendation *rec, const struct gh_evidence *e)
{
	json_begin_object(j);
	json_kstring(j, "id", e->id);
	json_kstring(j, "type", gh_evidence_types[e->type]);
	json_kstring(j, "sensitivity", gh_sensitivities[e->sensitivity]);
	json_kbool(j, "restricted", e->restricted);
	json_kbool(j, "redacted", e->redacted);
	if (e->redacted) {
		char *who = access_readers(rec->roles, e->sensitivity);

		json_kstring(j, "readable_by", who);
		free(who);
	} else {
		json_kstring(j, "title", e->title);
		jtime(j, "collected_at", e->collected_at);
		json_kstring(j, "source", e->source ? e->source->system : NULL);
		json_kstring(j, "link", e->source ? e->source->link : NULL);
	}
	json_end_object(j);
}

static void
jroute(struct json *j, const struct route_eval *re)
{
	json_begin_object(j);
	json_kstring(j, "id", re->route->id);
	json_kstring(j, "authority", re->route->authority);
	json_kbool(j, "matched", re->matched);
	json_kstring(j, "explain", re->explain);
	json_kstring(j, "reason", re->reason);
	json_end_object(j);
}

static void
jhead(struct json *j, const struct recommendation *rec)
{
	json_kstring(j, "packet", rec->packet->id);
	json_kstring(j, "title", rec->packet->request ? rec->packet->request->title : NULL);
	jtime(j, "today", rec->today);
	json_kstring(j, "engine", GH_ENGINE_VERSION);
	json_kstring(j, "verdict", verdict_name(rec->verdict));
	json_kstring(j, "summary", rec->summary);
	json_kstring(j, "option", rec->chosen ? rec->chosen->option->id : NULL);
	json_kstring(j, "authority", rec->authority ? rec->authority->id : NULL);
	json_kstring(j, "route", rec->route ? rec->route->route->id : NULL);
	jstrings(j, "hard_triggers", &rec->hard_triggers);
}

void
render_json(const struct recommendation *rec, struct buf *out)
{
	struct json j;
	size_t i;

	json_init(&j, out, true);
	json_begin_object(&j);
	jhead(&j, rec);
	json_key(&j, "evidence");
	json_begin_array(&j);
	for (i = 0; i < rec->packet->evidence.n; i++)
		jitem(&j, rec, rec->packet->evidence.v[i]);
	json_end_array(&j);
	json_key(&j, "gates");
	json_begin_array(&j);
	for (i = 0; i < rec->ngates; i++)
		jgate(&j, &rec->gates[i]);
	json_end_array(&j);
	json_key(&j, "options");
	json_begin_array(&j);
	for (i = 0; i < rec->noptions; i++)
		joption(&j, &rec->options[i]);
	json_end_array(&j);
	json_key(&j, "routes");
	json_begin_array(&j);
	for (i = 0; i < rec->nroutes; i++)
		jroute(&j, &rec->routes[i]);
	json_end_array(&j);
	json_key(&j, "precedents");
	json_begin_array(&j);
	for (i = 0; i < rec->nprecedents; i++)
		jprecedent(&j, &rec->precedents[i]);
	json_end_array(&j);
	jstrings(&j, "assumptions", &rec->assumptions);
	jstrings(&j, "problems", &rec->problems);
	json_end_object(&j);
	buf_putc(out, '\n');
}
