/* render.c -- a recommendation as plain text, Markdown or HTML.  The
 * sections are written once, through the document writer (doc.h), which
 * decides the markup and the escaping of each format. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "render.h"

const char *const render_format_names[] = { "text", "json", "markdown", NULL };

void
render_time(gh_time t, struct buf *out)
{
	if (t == GH_TIME_NONE)
		buf_puts(out, "-");
	else
		val_format_time(t, t % 86400 == 0, out);
}

void
render_doc_time(struct doc *d, gh_time t)
{
	struct buf b = BUF_INIT;

	render_time(t, &b);
	doc_text(d, buf_cstr(&b));
	buf_free(&b);
}

/* A link, or "-" when there is none. */
static void
link_or_dash(struct doc *d, const char *url)
{
	if (url)
		doc_link(d, url, NULL);
	else
		doc_text(d, "-");
}

static void
header_route(const struct recommendation *rec, struct doc *d)
{
	if (rec->route) {
		doc_item(d, 1);
		doc_text(d, _("Route: "));
		doc_code(d, rec->route->route->id);
		doc_printf(d, " (%s:%d): %s", rec->route->route->o.file,
		    rec->route->route->o.pos.line, rec->route->route->reason);
	} else if (rec->verdict == VERDICT_ESCALATE) {
		doc_item(d, 1);
		doc_text(d, _("Route: no rule row matched; one level above the delegated authority"));
	} else if (rec->authority) {
		doc_item(d, 1);
		doc_printf(d, _("Decided within delegated authority: %s"), rec->authority->name);
	}
	doc_end(d);
}

void
render_header(const struct recommendation *rec, struct doc *d)
{
	const struct gh_request *r = rec->packet->request;
	bool to = rec->verdict == VERDICT_ESCALATE && rec->authority;
	char *title = xasprintf("%s  %s", rec->packet->id, r && r->title ? r->title : "");
	size_t i;

	doc_title(d, title);
	free(title);
	doc_para(d);
	doc_strong(d, true);
	doc_printf(d, _("Recommendation: %s%s%s"), verdict_name(rec->verdict),
	    to ? _(" to ") : "", to ? rec->authority->name : "");
	doc_strong(d, false);
	doc_end(d);
	header_route(rec, d);
	if (rec->hard_triggers.n) {
		doc_item(d, 1);
		doc_printf(d, _("Hard triggers (%zu): "), rec->hard_triggers.n);
		for (i = 0; i < rec->hard_triggers.n; i++)
			doc_printf(d, "%s%s", i ? "; " : "", rec->hard_triggers.v[i]);
		doc_text(d, _(" (escalation is required; scores cannot outweigh it)"));
		doc_end(d);
	}
	if (rec->chosen) {
		doc_item(d, 1);
		doc_text(d, rec->verdict == VERDICT_ESCALATE ?
		    _("Narrower path to put to the authority: ") : _("Option: "));
		doc_code(d, rec->chosen->option->id);
		doc_printf(d, " — %s [%s]", rec->chosen->option->title,
		    option_class_name(rec->chosen->cls));
		doc_end(d);
	}
}

static void
evidence_line(const struct gh_evidence *e, struct doc *d)
{
	doc_item(d, 2);
	doc_text(d, _("evidence "));
	doc_code(d, e->id);
	doc_printf(d, " (%s): ", gh_evidence_types[e->type]);
	link_or_dash(d, e->source ? e->source->link : NULL);
	doc_end(d);
}

static void
sub_line(struct doc *d, const char *fmt, const char *s)
{
	doc_item(d, 2);
	doc_printf(d, fmt, s);
	doc_end(d);
}

static void
sub_code(struct doc *d, const char *s)
{
	doc_item(d, 2);
	doc_code(d, s);
	doc_end(d);
}

/* One gate; with RENDER_EXPLAIN_ALL a passing gate shows its expression,
 * the values it read and its rule too (the audit export). */
static void
gate_block(const struct gate_eval *g, struct doc *d, unsigned flags)
{
	bool fired = g->result != GR_PASS && g->result != GR_NOT_APPLICABLE;
	bool all = flags & RENDER_EXPLAIN_ALL;
	size_t i;

	doc_item(d, 1);
	doc_printf(d, "%-16s %-4s ", gate_result_name(g->result), g->gate->hard ? _("HARD") : "");
	doc_code(d, g->gate->id);
	doc_printf(d, "  %s", g->gate->title);
	doc_end(d);
	if (g->explain && (fired || all))
		sub_code(d, g->explain);
	if (g->reason)
		sub_line(d, _("why: %s"), g->reason);
	if (g->result == GR_CONDITIONAL)
		for (i = 0; i < g->gate->conditions.n; i++)
			sub_line(d, _("condition: %s"), g->gate->conditions.v[i]);
	if ((g->result == GR_BLOCK || g->result == GR_ESCALATE || g->result == GR_CONDITIONAL) &&
	    g->gate->message)
		sub_line(d, "%s", g->gate->message);
	for (i = 0; i < g->reads.n && (g->result != GR_PASS || all); i++)
		sub_line(d, _("read: %s"), g->reads.v[i]);
	for (i = 0; i < g->evidence.n; i++)
		evidence_line(g->evidence.v[i], d);
	if (g->gate->rule && (fired || all)) {
		doc_item(d, 2);
		doc_printf(d, _("rule: %s (%s:%d)"), g->gate->rule, g->gate->o.file,
		    g->gate->o.pos.line);
		doc_end(d);
	}
}

static void
gates_section(const struct recommendation *rec, struct doc *d, unsigned flags)
{
	char title[128];
	size_t i, fired = 0;

	for (i = 0; i < rec->ngates; i++)
		fired += rec->gates[i].result != GR_PASS && rec->gates[i].result != GR_NOT_APPLICABLE;
	snprintf(title, sizeof title, _("Policy checks (%zu gates, %zu need attention)"),
	    rec->ngates, fired);
	doc_heading(d, 2, title);
	for (i = 0; i < rec->ngates; i++)
		gate_block(&rec->gates[i], d, flags);
}

static void
strlist_lines(const struct strlist *l, const char *label, struct doc *d)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		doc_item(d, 2);
		doc_printf(d, "%s%s", label, l->v[i]);
		doc_end(d);
	}
}

static void
options_section(const struct recommendation *rec, struct doc *d)
{
	size_t i;

	doc_heading(d, 2, _("Options (ranked)"));
	for (i = 0; i < rec->noptions; i++) {
		const struct option_eval *o = &rec->options[i];

		doc_item(d, 1);
		doc_printf(d, "%d. ", o->rank);
		doc_code(d, o->option->id);
		doc_printf(d, _(" — %s [%s] score %.2f, evidence %.0f%%"), o->option->title,
		    option_class_name(o->cls), o->score, o->completeness * 100);
		if (o->window_start != GH_TIME_NONE) {
			doc_text(d, _(", window "));
			render_doc_time(d, o->window_start);
			doc_text(d, " – ");
			render_doc_time(d, o->window_end);
		}
		doc_end(d);
		strlist_lines(&o->reasons, _("blocked by "), d);
		strlist_lines(&o->conditions, _("needs "), d);
		strlist_lines(&o->overrides, _("changes "), d);
	}
}

static void
precedents_section(const struct recommendation *rec, struct doc *d)
{
	size_t i;
	int k;

	doc_heading(d, 2, _("Precedents (closest first)"));
	if (rec->nprecedents == 0) {
		doc_item(d, 1);
		doc_text(d, _("no precedents in this repository"));
		doc_end(d);
	}
	for (i = 0; i < rec->nprecedents; i++) {
		const struct precedent_fit *f = &rec->precedents[i];
		const struct gh_precedent *p = f->p;

		doc_item(d, 1);
		doc_code(d, p->id);
		doc_printf(d, _("  similarity %.2f  %s — %s, decision %s by %s, outcome %s, %zu incident(s)"),
		    f->similarity, f->supports ? _("comparable") : _("does not support this case"),
		    p->title, schema_enum_name(gh_decisions, p->decision),
		    p->decided_by ? p->decided_by : "?",
		    p->outcome ? schema_enum_name(gh_outcome_results, p->outcome->result) : "?",
		    f->incidents);
		doc_end(d);
		for (k = 0; k < FIT_DIMS; k++) {
			doc_item(d, 2);
			doc_printf(d, "%-15s %-8s %s", fit_dim_name(k), fit_match_name(f->match[k]),
			    f->detail[k]);
			doc_end(d);
		}
	}
}

/* Every item of the packet; a placeholder shows only id, type, class and
 * who may read it -- never anything from the companion repository. */
static void
evidence_item(const struct recommendation *rec, const struct gh_evidence *e, struct doc *d)
{
	doc_item(d, 1);
	doc_code(d, e->id);
	if (e->redacted) {
		char *who = access_readers(rec->roles, e->sensitivity);

		doc_printf(d, _(" (%s) [restricted: %s; readable by %s]"),
		    gh_evidence_types[e->type], gh_sensitivities[e->sensitivity], who);
		free(who);
		doc_end(d);
		return;
	}
	doc_printf(d, " (%s, %s, ", gh_evidence_types[e->type], gh_sensitivities[e->sensitivity]);
	render_doc_time(d, e->collected_at);
	doc_printf(d, ")%s %s", e->restricted ? _(" [restricted]") : "", e->title ? e->title : "");
	doc_end(d);
	if (e->source && e->source->link) {
		doc_item(d, 2);
		doc_printf(d, "%s: ", e->source->system ? e->source->system : "");
		doc_link(d, e->source->link, NULL);
		doc_end(d);
	}
}

static void
evidence_section(const struct recommendation *rec, struct doc *d)
{
	size_t i;

	doc_heading(d, 2, _("Evidence"));
	for (i = 0; i < rec->packet->evidence.n; i++)
		evidence_item(rec, rec->packet->evidence.v[i], d);
}

static void
routes_section(const struct recommendation *rec, struct doc *d)
{
	size_t i;

	doc_heading(d, 2, _("Approval matrix rows"));
	for (i = 0; i < rec->nroutes; i++) {
		const struct route_eval *re = &rec->routes[i];

		doc_item(d, 1);
		doc_printf(d, "[%s] ", re->reason ? "?" : re->matched ? "x" : " ");
		doc_code(d, re->route->id);
		doc_printf(d, " → %s: %s", re->authority ? re->authority->name :
		    re->route->authority, re->route->reason);
		doc_end(d);
		if (re->reason)
			sub_line(d, _("why undecided: %s"), re->reason);
		else if (re->matched && re->explain)
			sub_code(d, re->explain);
	}
}

void
render_body(const struct recommendation *rec, struct doc *d, unsigned flags)
{
	size_t i;

	for (i = 0; i < rec->problems.n; i++) {
		doc_item(d, 1);
		doc_printf(d, _("policy problem: %s"), rec->problems.v[i]);
		doc_end(d);
	}
	evidence_section(rec, d);
	gates_section(rec, d, flags);
	options_section(rec, d);
	routes_section(rec, d);
	precedents_section(rec, d);
	doc_heading(d, 2, _("Assumptions"));
	for (i = 0; i < rec->assumptions.n; i++) {
		doc_item(d, 1);
		doc_text(d, rec->assumptions.v[i]);
		doc_end(d);
	}
}

void
render_recommendation(const struct recommendation *rec, enum render_format f, struct buf *out)
{
	struct doc d;

	if (f == RENDER_JSON) {
		render_json(rec, out);
		return;
	}
	doc_init(&d, f == RENDER_MARKDOWN ? DOC_MARKDOWN : DOC_TEXT, out);
	render_header(rec, &d);
	render_body(rec, &d, 0);
	doc_finish(&d);
}
