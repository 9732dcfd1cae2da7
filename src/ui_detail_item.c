/* ui_detail_item.c -- the detail pane: everything known about the selected
 * evidence item, gate, option, precedent or the packet itself, worded as
 * render.c words it. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "render.h"
#include "ui_detail.h"

/* ---- fields of any loaded object, by its schema ------------------------------ */

static void
scalar_text(const struct gh_value *v, struct buf *out)
{
	switch (v->t) {
	case VT_STR: buf_puts(out, v->u.s); break;
	case VT_BOOL: buf_puts(out, v->u.b ? "true" : "false"); break;
	case VT_NUM: buf_printf(out, "%g", v->u.n); break;
	case VT_TIME: val_format_time(v->u.time, v->date_only, out); break;
	case VT_DUR: val_format_duration(v->u.dur, out); break;
	case VT_SIZE: val_format_size(v->u.size, out); break;
	case VT_VER: val_format_version(&v->u.ver, out); break;
	default: buf_puts(out, "…"); break;
	}
}

/* One list item of objects on one line: "name: pg_partman, status: ...". */
static void
object_inline(const struct schema *s, const void *obj, struct buf *out)
{
	const struct schema_field *f;
	struct gh_value v;
	bool first = true;

	for (f = s->fields; f->key; f++) {
		if (f->type == FT_LIST || f->type == FT_OBJ || f->type == FT_VARIANT ||
		    f->type == FT_PARAMS || f->type == FT_EXPRMAP || !schema_get(f, obj, &v))
			continue;
		buf_printf(out, "%s%s: ", first ? "" : ", ", f->key);
		scalar_text(&v, out);
		first = false;
	}
}

static void fields(struct ui_lines *l, int indent, const struct schema *s, const void *obj);

static void
list_field(struct ui_lines *l, int indent, const struct schema_field *f, const void *obj)
{
	const struct gh_list *list = (const struct gh_list *)((const char *)obj + f->off);
	size_t i, size = schema_item_size(f);
	struct buf b = BUF_INIT;

	if (list->n == 0)
		return;
	ui_lines_add(l, indent, UI_STYLE_META, "%s:", f->key);
	for (i = 0; i < list->n; i++) {
		const char *item = (const char *)list->v + i * size;

		buf_reset(&b);
		if (f->item == FT_OBJ && f->sub)
			object_inline(f->sub, item, &b);
		else if (f->item == FT_ENUM)
			buf_puts(&b, schema_enum_name(f->enums, *(const int *)item));
		else if (f->item == FT_STR || f->item == FT_TEXT || f->item == FT_ID ||
		    f->item == FT_URL)
			buf_puts(&b, *(const char *const *)item ? *(const char *const *)item : "");
		else
			continue;
		ui_lines_add(l, indent + 2, UI_STYLE_NORMAL, "- %s", buf_cstr(&b));
	}
	buf_free(&b);
}

/* Every field of obj that is set, as "key: value" lines. */
static void
fields(struct ui_lines *l, int indent, const struct schema *s, const void *obj)
{
	const struct schema_field *f;
	struct buf b = BUF_INIT;
	struct gh_value v;

	for (f = s->fields; f->key; f++) {
		if (f->type == FT_LIST) {
			list_field(l, indent, f, obj);
			continue;
		}
		if (f->type == FT_PARAMS || f->type == FT_EXPRMAP || !schema_get(f, obj, &v))
			continue;
		if (v.t == VT_OBJ) {
			ui_lines_add(l, indent, UI_STYLE_META, "%s:", f->key);
			fields(l, indent + 2, v.u.obj.s, v.u.obj.p);
			continue;
		}
		buf_reset(&b);
		scalar_text(&v, &b);
		if (strchr(buf_cstr(&b), '\n')) {
			ui_lines_add(l, indent, UI_STYLE_META, "%s:", f->key);
			ui_lines_text(l, indent + 2, UI_STYLE_NORMAL, buf_cstr(&b));
		} else {
			ui_lines_lead(l, indent, UI_STYLE_META, f->key, UI_STYLE_NORMAL, ": %s",
			    buf_cstr(&b));
		}
	}
	buf_free(&b);
}

static void
heading(struct ui_lines *l, const char *title)
{
	ui_lines_blank(l);
	ui_lines_add(l, 0, UI_STYLE_HEADING, "%s", title);
}

/* ---- evidence ----------------------------------------------------------------- */

static void
evidence_used_by(const struct recommendation *rec, const struct gh_evidence *e,
    struct ui_lines *l)
{
	size_t i, k;
	bool any = false;

	for (i = 0; rec && i < rec->ngates; i++)
		for (k = 0; k < rec->gates[i].evidence.n; k++)
			if (rec->gates[i].evidence.v[k] == e) {
				if (!any)
					heading(l, _("Gates relying on it"));
				any = true;
				ui_lines_lead(l, 2, ui_style_gate((int)rec->gates[i].result),
				    gate_result_label(rec->gates[i].result), UI_STYLE_NORMAL, "  %s",
				    rec->gates[i].gate->id);
			}
}

static void
detail_evidence(const struct ui_model *m, const struct ui_row *row, const struct gh_evidence *e,
    struct ui_lines *l)
{
	struct buf b = BUF_INIT;

	if (e->redacted) {
		char *who = access_readers(m->repo->policy.roles, e->sensitivity);

		ui_lines_add(l, 0, UI_STYLE_HEADER, "%s (%s)", e->id, gh_evidence_types[e->type]);
		ui_lines_add(l, 0, UI_STYLE_RESTRICTED, _("[restricted: %s; readable by %s]"),
		    gh_sensitivities[e->sensitivity], who);
		ui_lines_add(l, 0, UI_STYLE_META, "%s", _("The content lives in the restricted companion repository; gatehouse shows only this placeholder."));
		free(who);
		evidence_used_by(row->rec, e, l);
		return;
	}
	ui_lines_add(l, 0, UI_STYLE_HEADER, "%s", e->title ? e->title : e->id);
	render_time(e->collected_at, &b);
	ui_lines_add(l, 0, UI_STYLE_META, _("%s (%s, %s, collected %s)%s"), e->id,
	    gh_evidence_types[e->type], gh_sensitivities[e->sensitivity], buf_cstr(&b),
	    e->restricted ? _(" [restricted]") : "");
	if (e->source)
		ui_lines_add(l, 0, UI_STYLE_NORMAL, "%s: %s", e->source->system ? e->source->system : "",
		    e->source->link ? e->source->link : "-");
	if (e->summary)
		ui_lines_text(l, 0, UI_STYLE_NORMAL, e->summary);
	if (e->data && e->type >= 0 && e->type < EV_TYPE_COUNT && gh_evidence_data_schemas[e->type]) {
		heading(l, _("Data"));
		fields(l, 2, gh_evidence_data_schemas[e->type], e->data);
	}
	evidence_used_by(row->rec, e, l);
	buf_free(&b);
}

/* ---- gates ------------------------------------------------------------------- */

static void
detail_gate(const struct gate_eval *g, struct ui_lines *l)
{
	size_t i;

	ui_lines_lead(l, 0, ui_style_gate((int)g->result), gate_result_label(g->result),
	    UI_STYLE_HEADER, "  %s", g->gate->title ? g->gate->title : g->gate->id);
	ui_lines_add(l, 0, g->gate->hard ? UI_STYLE_HARD : UI_STYLE_META, "%s%s",
	    g->gate->hard ? _("HARD trigger: escalates, never scored · ") : "", g->gate->id);
	if (g->gate->description)
		ui_lines_text(l, 0, UI_STYLE_NORMAL, g->gate->description);
	if (g->gate->when.text)
		ui_lines_lead(l, 0, UI_STYLE_META, _("when: "), UI_STYLE_NORMAL, "%s",
		    g->gate->when.text);
	if (g->explain)
		ui_lines_lead(l, 0, UI_STYLE_META, _("explain: "), UI_STYLE_KEY, "%s", g->explain);
	if (g->reason)
		ui_lines_add(l, 0, UI_STYLE_GATE_UNKNOWN, _("why: %s"), g->reason);
	if (g->result == GR_CONDITIONAL)
		for (i = 0; i < g->gate->conditions.n; i++)
			ui_lines_add(l, 0, UI_STYLE_NORMAL, _("condition: %s"), g->gate->conditions.v[i]);
	if (g->gate->message && g->result != GR_PASS && g->result != GR_NOT_APPLICABLE)
		ui_lines_text(l, 0, UI_STYLE_NORMAL, g->gate->message);
	for (i = 0; i < g->reads.n; i++)
		ui_lines_add(l, 0, UI_STYLE_META, _("read: %s"), g->reads.v[i]);
	for (i = 0; i < g->evidence.n; i++)
		ui_lines_add(l, 0, UI_STYLE_NORMAL, _("evidence %s (%s): %s"), g->evidence.v[i]->id,
		    gh_evidence_types[g->evidence.v[i]->type], g->evidence.v[i]->source &&
		    g->evidence.v[i]->source->link ? g->evidence.v[i]->source->link : "-");
	if (g->gate->rule)
		ui_lines_add(l, 0, UI_STYLE_META, _("rule: %s (%s:%d)"), g->gate->rule,
		    g->gate->o.file, g->gate->o.pos.line);
}

/* ---- options ------------------------------------------------------------------- */

static void
strlist_lines(struct ui_lines *l, const struct strlist *s, const char *label)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		ui_lines_add(l, 0, UI_STYLE_NORMAL, "%s%s", label, s->v[i]);
}

static void
detail_option(const struct option_eval *o, struct ui_lines *l)
{
	struct buf b = BUF_INIT;
	size_t i;

	ui_lines_lead(l, 0, ui_style_option((int)o->cls), option_class_name(o->cls),
	    UI_STYLE_HEADER, _("  %d. %s — %s"), o->rank, o->option->id,
	    o->option->title ? o->option->title : "");
	buf_printf(&b, _("score %.2f, evidence %.0f%%"), o->score, o->completeness * 100);
	if (o->window_start != GH_TIME_NONE) {
		buf_puts(&b, _(", window "));
		render_time(o->window_start, &b);
		buf_puts(&b, " – ");
		render_time(o->window_end, &b);
	}
	ui_lines_add(l, 0, UI_STYLE_META, "%s", buf_cstr(&b));
	if (o->hard)
		ui_lines_add(l, 0, UI_STYLE_HARD, "%s", _("a hard trigger still fires under this option"));
	if (o->option->description)
		ui_lines_text(l, 0, UI_STYLE_NORMAL, o->option->description);
	strlist_lines(l, &o->reasons, _("blocked by "));
	strlist_lines(l, &o->conditions, _("needs "));
	strlist_lines(l, &o->overrides, _("changes "));
	for (i = 0; i < o->option->steps.n; i++) {
		buf_reset(&b);
		val_format_duration(o->option->steps.v[i].duration, &b);
		ui_lines_add(l, 2, UI_STYLE_NORMAL, _("step %zu: %s (%s)%s"), i + 1,
		    o->option->steps.v[i].name, buf_cstr(&b), o->option->steps.v[i].production ?
		    _(", touches production") : "");
	}
	for (i = 0; i < o->ngates; i++)
		if (o->gates[i].result != GR_PASS && o->gates[i].result != GR_NOT_APPLICABLE)
			ui_lines_lead(l, 2, ui_style_gate((int)o->gates[i].result),
			    gate_result_label(o->gates[i].result), UI_STYLE_NORMAL, "  %s",
			    o->gates[i].gate->id);
	buf_free(&b);
}

/* ---- precedents ------------------------------------------------------------------ */

static void
detail_precedent(const struct precedent_fit *f, struct ui_lines *l)
{
	const struct gh_precedent *p = f->p;
	struct buf b = BUF_INIT;
	size_t i;
	int d;

	ui_lines_add(l, 0, UI_STYLE_HEADER, "%s — %s", p->id, p->title ? p->title : "");
	ui_lines_lead(l, 0, f->supports ? UI_STYLE_FIT_MATCH : UI_STYLE_FIT_MISMATCH,
	    f->supports ? _("comparable") : _("does not support this case"), UI_STYLE_META,
	    _(" · similarity %.2f"), f->similarity);
	render_time(p->decided, &b);
	ui_lines_add(l, 0, UI_STYLE_NORMAL, _("decided %s: %s by %s, outcome %s, %zu incident(s)"),
	    buf_cstr(&b), schema_enum_name(gh_decisions, p->decision),
	    p->decided_by ? p->decided_by : "?",
	    p->outcome ? schema_enum_name(gh_outcome_results, p->outcome->result) : "?",
	    f->incidents);
	if (p->path_taken)
		ui_lines_add(l, 0, UI_STYLE_NORMAL, _("path taken: %s"), p->path_taken);
	heading(l, _("Fit, dimension by dimension"));
	for (d = 0; d < FIT_DIMS; d++) {
		buf_reset(&b);
		buf_printf(&b, "%-15s %-9s", fit_dim_name(d), fit_match_name(f->match[d]));
		ui_lines_lead(l, 2, ui_style_fit((int)f->match[d]), buf_cstr(&b), UI_STYLE_NORMAL,
		    " %s", f->detail[d] ? f->detail[d] : "");
	}
	if (p->summary) {
		heading(l, _("Summary"));
		ui_lines_text(l, 0, UI_STYLE_NORMAL, p->summary);
	}
	for (i = 0; p->outcome && i < p->outcome->incidents.n; i++)
		ui_lines_add(l, 0, UI_STYLE_NORMAL, _("incident %s (%s): %s"),
		    p->outcome->incidents.v[i].id, schema_enum_name(gh_severities,
		    p->outcome->incidents.v[i].severity), p->outcome->incidents.v[i].summary ?
		    p->outcome->incidents.v[i].summary : "");
	buf_free(&b);
}

/* ---- the packet ------------------------------------------------------------------ */

static void
packet_routes(const struct recommendation *rec, struct ui_lines *l)
{
	size_t i;

	heading(l, _("Approval matrix rows"));
	for (i = 0; i < rec->nroutes; i++) {
		const struct route_eval *re = &rec->routes[i];

		ui_lines_lead(l, 2, re->matched ? UI_STYLE_KEY : UI_STYLE_META, re->reason ? "[?] " :
		    re->matched ? "[x] " : "[ ] ", UI_STYLE_NORMAL, "%s → %s: %s", re->route->id,
		    re->authority ? re->authority->name : re->route->authority,
		    re->route->reason ? re->route->reason : "");
		if (re->reason)
			ui_lines_add(l, 6, UI_STYLE_META, _("why undecided: %s"), re->reason);
		else if (re->matched && re->explain)
			ui_lines_add(l, 6, UI_STYLE_META, "%s", re->explain);
	}
}

static void
packet_signoffs(const struct ui_model *m, const struct ui_row *row, struct ui_lines *l)
{
	const struct gh_roles_file *rf = m->repo->policy.roles;
	size_t i;

	heading(l, _("Sign-offs"));
	ui_lines_add(l, 2, UI_STYLE_NORMAL, _("%d of %d required role(s) signed; %d sign-off record(s), %d comment(s)"),
	    row->signed_roles, ui_model_required(m), row->signoffs, row->comments);
	for (i = 0; rf && i < rf->required_signoffs.n; i++)
		ui_lines_add(l, 2, UI_STYLE_META, _("required: %s"), rf->required_signoffs.v[i]);
	if (row->mine)
		ui_lines_add(l, 2, UI_STYLE_MINE, "%s", _("waiting for your sign-off"));
}

static size_t
detail_packet(const struct ui_model *m, const struct ui_row *row, struct ui_lines *l)
{
	const struct recommendation *rec = row->rec;
	struct buf v = BUF_INIT, rest = BUF_INIT;
	size_t i, split;

	ui_detail_verdict(m, row, &v, &rest);
	ui_lines_lead(l, 0, rec ? ui_style_verdict((int)rec->verdict) : UI_STYLE_GATE_UNKNOWN,
	    buf_cstr(&v), UI_STYLE_NORMAL, "%s", buf_cstr(&rest));
	if (rec && rec->route)
		ui_lines_add(l, 0, UI_STYLE_NORMAL, _("Route: %s (%s:%d): %s"), rec->route->route->id,
		    rec->route->route->o.file, rec->route->route->o.pos.line,
		    rec->route->route->reason ? rec->route->route->reason : "");
	buf_reset(&v);
	ui_detail_triggers(row, &v);
	ui_lines_add(l, 0, rec && rec->hard_triggers.n ? UI_STYLE_HARD : UI_STYLE_META, "%s",
	    buf_cstr(&v));
	buf_reset(&v);
	ui_detail_chosen(row, &v);
	if (v.len)
		ui_lines_add(l, 0, UI_STYLE_NORMAL, "%s", buf_cstr(&v));
	for (i = 0; rec && i < rec->problems.n; i++)
		ui_lines_add(l, 0, UI_STYLE_STATUS_ERROR, _("policy problem: %s"), rec->problems.v[i]);
	if (rec && rec->summary)
		ui_lines_add(l, 0, UI_STYLE_META, "%s", rec->summary);
	packet_signoffs(m, row, l);
	split = l->n;
	if (row->pk->request) {
		heading(l, _("Request"));
		fields(l, 2, &gh_request_schema, row->pk->request);
	}
	if (rec)
		packet_routes(rec, l);
	heading(l, _("Assumptions"));
	for (i = 0; rec && i < rec->assumptions.n; i++)
		ui_lines_add(l, 2, UI_STYLE_NORMAL, "- %s", rec->assumptions.v[i]);
	buf_free(&v);
	buf_free(&rest);
	return split;
}

size_t
ui_detail_build(const struct ui_model *m, const struct ui_row *row, enum ui_pane p, size_t i,
    struct ui_lines *out)
{
	if (p == UI_PANE_PACKET || i >= ui_pane_count(row, p))
		return detail_packet(m, row, out);
	if (p == UI_PANE_EVIDENCE)
		detail_evidence(m, row, row->pk->evidence.v[i], out);
	else if (p == UI_PANE_GATES)
		detail_gate(&row->rec->gates[i], out);
	else if (p == UI_PANE_OPTIONS)
		detail_option(&row->rec->options[i], out);
	else
		detail_precedent(&row->rec->precedents[i], out);
	return out->n;
}
