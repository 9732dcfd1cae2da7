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
		json_key(j, "id");
		json_string(j, e->id);
		json_key(j, "type");
		json_string(j, gh_evidence_types[e->type]);
		json_key(j, "link");
		json_string(j, e->source ? e->source->link : NULL);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
jgate(struct json *j, const struct gate_eval *g)
{
	size_t i;

	json_begin_object(j);
	json_key(j, "id");
	json_string(j, g->gate->id);
	json_key(j, "title");
	json_string(j, g->gate->title);
	json_key(j, "hard");
	json_bool(j, g->gate->hard);
	json_key(j, "result");
	json_string(j, gate_result_name(g->result));
	json_key(j, "expression");
	json_string(j, g->gate->when.text);
	json_key(j, "explain");
	json_string(j, g->explain);
	json_key(j, "reason");
	json_string(j, g->reason);
	jstrings(j, "reads", &g->reads);
	jevidence(j, g);
	json_key(j, "conditions");
	json_begin_array(j);
	for (i = 0; g->result == GR_CONDITIONAL && i < g->gate->conditions.n; i++)
		json_string(j, g->gate->conditions.v[i]);
	json_end_array(j);
	json_key(j, "rule");
	json_string(j, g->gate->rule);
	json_end_object(j);
}

static void
joption(struct json *j, const struct option_eval *o)
{
	json_begin_object(j);
	json_key(j, "rank");
	json_int(j, o->rank);
	json_key(j, "id");
	json_string(j, o->option->id);
	json_key(j, "title");
	json_string(j, o->option->title);
	json_key(j, "kind");
	json_string(j, gh_option_kinds[o->option->kind]);
	json_key(j, "class");
	json_string(j, option_class_name(o->cls));
	json_key(j, "hard_trigger");
	json_bool(j, o->hard);
	json_key(j, "score");
	json_double(j, o->score);
	json_key(j, "evidence_completeness");
	json_double(j, o->completeness);
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
	json_key(j, "id");
	json_string(j, f->p->id);
	json_key(j, "title");
	json_string(j, f->p->title);
	json_key(j, "similarity");
	json_double(j, f->similarity);
	json_key(j, "supports_case");
	json_bool(j, f->supports);
	json_key(j, "decision");
	json_string(j, schema_enum_name(gh_decisions, f->p->decision));
	json_key(j, "decided_by");
	json_string(j, f->p->decided_by);
	json_key(j, "outcome");
	json_string(j, f->p->outcome ? schema_enum_name(gh_outcome_results, f->p->outcome->result) : NULL);
	json_key(j, "incidents");
	json_uint(j, f->incidents);
	json_key(j, "dimensions");
	json_begin_object(j);
	for (d = 0; d < FIT_DIMS; d++) {
		json_key(j, fit_dim_name(d));
		json_begin_object(j);
		json_key(j, "match");
		json_string(j, fit_match_name(f->match[d]));
		json_key(j, "detail");
		json_string(j, f->detail[d]);
		json_end_object(j);
	}
	json_end_object(j);
	json_end_object(j);
}

static void
jitem(struct json *j, const struct recommendation *rec, const struct gh_evidence *e)
{
	json_begin_object(j);
	json_key(j, "id");
	json_string(j, e->id);
	json_key(j, "type");
	json_string(j, gh_evidence_types[e->type]);
	json_key(j, "sensitivity");
	json_string(j, gh_sensitivities[e->sensitivity]);
	json_key(j, "restricted");
	json_bool(j, e->restricted);
	json_key(j, "redacted");
	json_bool(j, e->redacted);
	if (e->redacted) {
		char *who = access_readers(rec->roles, e->sensitivity);

		json_key(j, "readable_by");
		json_string(j, who);
		free(who);
	} else {
		json_key(j, "title");
		json_string(j, e->title);
		jtime(j, "collected_at", e->collected_at);
		json_key(j, "source");
		json_string(j, e->source ? e->source->system : NULL);
		json_key(j, "link");
		json_string(j, e->source ? e->source->link : NULL);
	}
	json_end_object(j);
}

static void
jroute(struct json *j, const struct route_eval *re)
{
	json_begin_object(j);
	json_key(j, "id");
	json_string(j, re->route->id);
	json_key(j, "authority");
	json_string(j, re->route->authority);
	json_key(j, "matched");
	json_bool(j, re->matched);
	json_key(j, "explain");
	json_string(j, re->explain);
	json_key(j, "reason");
	json_string(j, re->reason);
	json_end_object(j);
}

static void
jhead(struct json *j, const struct recommendation *rec)
{
	json_key(j, "packet");
	json_string(j, rec->packet->id);
	json_key(j, "title");
	json_string(j, rec->packet->request ? rec->packet->request->title : NULL);
	jtime(j, "today", rec->today);
	json_key(j, "engine");
	json_string(j, GH_ENGINE_VERSION);
	json_key(j, "verdict");
	json_string(j, verdict_name(rec->verdict));
	json_key(j, "summary");
	json_string(j, rec->summary);
	json_key(j, "option");
	json_string(j, rec->chosen ? rec->chosen->option->id : NULL);
	json_key(j, "authority");
	json_string(j, rec->authority ? rec->authority->id : NULL);
	json_key(j, "route");
	json_string(j, rec->route ? rec->route->route->id : NULL);
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
