/* render.c -- a recommendation as plain text or Markdown.  Both are built
 * from the same sections; a style table decides the markup. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "render.h"

const char *const render_format_names[] = { "text", "json", "markdown", NULL };

struct style {
	bool md;
	const char *h1, *h2;		/* heading prefixes */
	const char *item;		/* list bullet */
	const char *sub;		/* indented detail prefix */
};

static const struct style text_style = { false, "", "", "  ", "      " };
static const struct style md_style = { true, "# ", "## ", "- ", "  - " };

void
render_time(gh_time t, struct buf *out)
{
	if (t == GH_TIME_NONE)
		buf_puts(out, "-");
	else
		val_format_time(t, t % 86400 == 0, out);
}

/* Columns a UTF-8 string takes on a terminal (umlauts are one column). */
static size_t
display_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static void
heading(const struct style *s, struct buf *out, const char *title)
{
	if (s->md) {
		buf_printf(out, "\n%s%s\n\n", s->h2, title);
	} else {
		size_t n = display_width(title);

		buf_printf(out, "\n%s\n", title);
		while (n--)
			buf_putc(out, '-');
		buf_putc(out, '\n');
	}
}

static const char *
code(const struct style *s)
{
	return s->md ? "`" : "";
}

static void
header(const struct recommendation *rec, const struct style *s, struct buf *out)
{
	const struct gh_request *r = rec->packet->request;

	buf_printf(out, "%s%s  %s\n", s->h1, rec->packet->id, r && r->title ? r->title : "");
	if (s->md)
		buf_putc(out, '\n');
	buf_printf(out, _("%sRecommendation: %s%s%s"), s->md ? "**" : "",
	    verdict_name(rec->verdict), rec->verdict == VERDICT_ESCALATE && rec->authority ?
	    _(" to ") : "", rec->verdict == VERDICT_ESCALATE && rec->authority ?
	    rec->authority->name : "");
	buf_puts(out, s->md ? "**\n\n" : "\n");
	if (rec->route)
		buf_printf(out, _("%sRoute: %s%s%s (%s:%d): %s\n"), s->item, code(s),
		    rec->route->route->id, code(s), rec->route->route->o.file,
		    rec->route->route->o.pos.line, rec->route->route->reason);
	else if (rec->verdict == VERDICT_ESCALATE)
		buf_printf(out, _("%sRoute: no rule row matched; one level above the delegated authority\n"),
		    s->item);
	else if (rec->authority)
		buf_printf(out, _("%sDecided within delegated authority: %s\n"), s->item,
		    rec->authority->name);
	if (rec->hard_triggers.n) {
		size_t i;

		buf_printf(out, _("%sHard triggers (%zu): "), s->item, rec->hard_triggers.n);
		for (i = 0; i < rec->hard_triggers.n; i++)
			buf_printf(out, "%s%s", i ? "; " : "", rec->hard_triggers.v[i]);
		buf_puts(out, _(" (escalation is required; scores cannot outweigh it)\n"));
	}
	if (rec->chosen)
		buf_printf(out, "%s%s%s%s%s — %s [%s]\n", s->item,
		    rec->verdict == VERDICT_ESCALATE ? _("Narrower path to put to the authority: ") :
		    _("Option: "), code(s), rec->chosen->option->id, code(s),
		    rec->chosen->option->title, option_class_name(rec->chosen->cls));
}

static void
evidence_line(const struct gh_evidence *e, const struct style *s, struct buf *out)
{
	buf_printf(out, _("%sevidence %s%s%s (%s): %s\n"), s->sub, code(s), e->id, code(s),
	    gh_evidence_types[e->type], e->source && e->source->link ? e->source->link : "-");
}

static void
gate_block(const struct gate_eval *g, const struct style *s, struct buf *out)
{
	size_t i;

	buf_printf(out, "%s%-16s %-4s %s%s%s  %s\n", s->item, gate_result_name(g->result),
	    g->gate->hard ? _("HARD") : "", code(s), g->gate->id, code(s), g->gate->title);
	if (g->explain && g->result != GR_PASS && g->result != GR_NOT_APPLICABLE)
		buf_printf(out, "%s%s%s%s\n", s->sub, code(s), g->explain, code(s));
	if (g->reason)
		buf_printf(out, _("%swhy: %s\n"), s->sub, g->reason);
	if (g->result == GR_CONDITIONAL)
		for (i = 0; i < g->gate->conditions.n; i++)
			buf_printf(out, _("%scondition: %s\n"), s->sub, g->gate->conditions.v[i]);
	if ((g->result == GR_BLOCK || g->result == GR_ESCALATE || g->result == GR_CONDITIONAL) &&
	    g->gate->message)
		buf_printf(out, "%s%s\n", s->sub, g->gate->message);
	for (i = 0; i < g->reads.n && g->result != GR_PASS; i++)
		buf_printf(out, _("%sread: %s\n"), s->sub, g->reads.v[i]);
	for (i = 0; i < g->evidence.n; i++)
		evidence_line(g->evidence.v[i], s, out);
	if (g->gate->rule && g->result != GR_PASS && g->result != GR_NOT_APPLICABLE)
		buf_printf(out, _("%srule: %s (%s:%d)\n"), s->sub, g->gate->rule, g->gate->o.file,
		    g->gate->o.pos.line);
}

static void
gates_section(const struct recommendation *rec, const struct style *s, struct buf *out)
{
	char title[128];
	size_t i, fired = 0;

	for (i = 0; i < rec->ngates; i++)
		fired += rec->gates[i].result != GR_PASS && rec->gates[i].result != GR_NOT_APPLICABLE;
	snprintf(title, sizeof title, _("Policy checks (%zu gates, %zu need attention)"),
	    rec->ngates, fired);
	heading(s, out, title);
	for (i = 0; i < rec->ngates; i++)
		gate_block(&rec->gates[i], s, out);
}

static void
strlist_lines(const struct strlist *l, const char *label, const struct style *s,
    struct buf *out)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		buf_printf(out, "%s%s%s\n", s->sub, label, l->v[i]);
}

static void
options_section(const struct recommendation *rec, const struct style *s, struct buf *out)
{
	size_t i;

	heading(s, out, _("Options (ranked)"));
	for (i = 0; i < rec->noptions; i++) {
		const struct option_eval *o = &rec->options[i];

		buf_printf(out, _("%s%d. %s%s%s — %s [%s] score %.2f, evidence %.0f%%"), s->item,
		    o->rank, code(s), o->option->id, code(s), o->option->title,
		    option_class_name(o->cls), o->score, o->completeness * 100);
		if (o->window_start != GH_TIME_NONE) {
			buf_puts(out, _(", window "));
			render_time(o->window_start, out);
			buf_puts(out, " – ");
			render_time(o->window_end, out);
		}
		buf_putc(out, '\n');
		strlist_lines(&o->reasons, _("blocked by "), s, out);
		strlist_lines(&o->conditions, _("needs "), s, out);
		strlist_lines(&o->overrides, _("changes "), s, out);
	}
}

static void
precedents_section(const struct recommendation *rec, const struct style *s, struct buf *out)
{
	size_t i;
	int d;

	heading(s, out, _("Precedents (closest first)"));
	if (rec->nprecedents == 0)
		buf_printf(out, _("%sno precedents in this repository\n"), s->item);
	for (i = 0; i < rec->nprecedents; i++) {
		const struct precedent_fit *f = &rec->precedents[i];
		const struct gh_precedent *p = f->p;

		buf_printf(out, _("%s%s%s%s  similarity %.2f  %s — %s, decision %s by %s, outcome %s, %zu incident(s)\n"),
		    s->item, code(s), p->id, code(s), f->similarity,
		    f->supports ? _("comparable") : _("does not support this case"), p->title,
		    schema_enum_name(gh_decisions, p->decision), p->decided_by ? p->decided_by : "?",
		    p->outcome ? schema_enum_name(gh_outcome_results, p->outcome->result) : "?",
		    f->incidents);
		for (d = 0; d < FIT_DIMS; d++)
			buf_printf(out, "%s%-15s %-8s %s\n", s->sub, fit_dim_name(d),
			    fit_match_name(f->match[d]), f->detail[d]);
	}
}

/* Every item of the packet; a placeholder shows only id, type, class and
 * who may read it -- never anything from the companion repository. */
static void
evidence_section(const struct recommendation *rec, const struct style *s, struct buf *out)
{
	size_t i;

	heading(s, out, _("Evidence"));
	for (i = 0; i < rec->packet->evidence.n; i++) {
		const struct gh_evidence *e = rec->packet->evidence.v[i];

		if (e->redacted) {
			char *who = access_readers(rec->roles, e->sensitivity);

			buf_printf(out, _("%s%s%s%s (%s) [restricted: %s; readable by %s]\n"), s->item,
			    code(s), e->id, code(s), gh_evidence_types[e->type],
			    gh_sensitivities[e->sensitivity], who);
			free(who);
			continue;
		}
		buf_printf(out, "%s%s%s%s (%s, %s, ", s->item, code(s), e->id, code(s),
		    gh_evidence_types[e->type], gh_sensitivities[e->sensitivity]);
		render_time(e->collected_at, out);
		buf_printf(out, ")%s %s\n", e->restricted ? _(" [restricted]") : "",
		    e->title ? e->title : "");
		if (e->source && e->source->link)
			buf_printf(out, "%s%s: %s\n", s->sub, e->source->system ? e->source->system : "",
			    e->source->link);
	}
}

static void
routes_section(const struct recommendation *rec, const struct style *s, struct buf *out)
{
	size_t i;

	heading(s, out, _("Approval matrix rows"));
	for (i = 0; i < rec->nroutes; i++) {
		const struct route_eval *re = &rec->routes[i];

		buf_printf(out, "%s[%s] %s%s%s → %s: %s\n", s->item, re->reason ? "?" :
		    re->matched ? "x" : " ", code(s), re->route->id, code(s),
		    re->authority ? re->authority->name : re->route->authority, re->route->reason);
		if (re->reason)
			buf_printf(out, _("%swhy undecided: %s\n"), s->sub, re->reason);
		else if (re->matched && re->explain)
			buf_printf(out, "%s%s%s%s\n", s->sub, code(s), re->explain, code(s));
	}
}

void
render_recommendation(const struct recommendation *rec, enum render_format f, struct buf *out)
{
	const struct style *s = f == RENDER_MARKDOWN ? &md_style : &text_style;
	size_t i;

	if (f == RENDER_JSON) {
		render_json(rec, out);
		return;
	}
	header(rec, s, out);
	for (i = 0; i < rec->problems.n; i++)
		buf_printf(out, _("%spolicy problem: %s\n"), s->item, rec->problems.v[i]);
	evidence_section(rec, s, out);
	gates_section(rec, s, out);
	options_section(rec, s, out);
	routes_section(rec, s, out);
	precedents_section(rec, s, out);
	heading(s, out, _("Assumptions"));
	for (i = 0; i < rec->assumptions.n; i++)
		buf_printf(out, "%s%s\n", s->item, rec->assumptions.v[i]);
}
