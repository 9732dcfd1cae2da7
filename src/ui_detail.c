/* ui_detail.c -- pane lines, item details and comment threads. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "render.h"
#include "ui_detail.h"

/* ---- styles of results ---------------------------------------------------- */

enum ui_style
ui_style_verdict(int verdict)
{
	return verdict == VERDICT_SUPPORT ? UI_STYLE_SUPPORT : verdict == VERDICT_COUNTER ?
	    UI_STYLE_COUNTER : UI_STYLE_ESCALATE;
}

enum ui_style
ui_style_gate(int result)
{
	static const enum ui_style s[] = {
		[GR_PASS] = UI_STYLE_GATE_PASS, [GR_CONDITIONAL] = UI_STYLE_GATE_COND,
		[GR_BLOCK] = UI_STYLE_GATE_BLOCK, [GR_ESCALATE] = UI_STYLE_GATE_ESCALATE,
		[GR_INDETERMINATE] = UI_STYLE_GATE_UNKNOWN,
		[GR_MISSING_EVIDENCE] = UI_STYLE_GATE_MISSING,
		[GR_NOT_APPLICABLE] = UI_STYLE_GATE_NA,
	};

	return result >= 0 && (size_t)result < GH_ARRAY_SIZE(s) ? s[result] : UI_STYLE_NORMAL;
}

enum ui_style
ui_style_option(int cls)
{
	return cls == OPT_IN_BAND ? UI_STYLE_OPT_IN_BAND : cls == OPT_CONDITIONAL ?
	    UI_STYLE_OPT_COND : UI_STYLE_OPT_BLOCKED;
}

enum ui_style
ui_style_fit(int match)
{
	return match == FIT_MATCH ? UI_STYLE_FIT_MATCH : match == FIT_PARTIAL ?
	    UI_STYLE_FIT_PARTIAL : UI_STYLE_FIT_MISMATCH;
}

/* ---- panes -------------------------------------------------------------------- */

const char *
ui_pane_title(enum ui_pane p)
{
	static const char *const t[UI_PANE_COUNT] = {
		N_("Packet"), N_("Evidence"), N_("Gates"), N_("Options"), N_("Precedents"),
	};

	return p < UI_PANE_COUNT ? _(t[p]) : "?";
}

size_t
ui_pane_count(const struct ui_row *row, enum ui_pane p)
{
	const struct recommendation *rec = row->rec;

	switch (p) {
	case UI_PANE_EVIDENCE: return row->pk->evidence.n;
	case UI_PANE_GATES: return rec ? rec->ngates : 0;
	case UI_PANE_OPTIONS: return rec ? rec->noptions : 0;
	case UI_PANE_PRECEDENTS: return rec ? rec->nprecedents : 0;
	default: return 0;
	}
}

size_t
ui_pane_attention(const struct ui_row *row, enum ui_pane p)
{
	size_t i, n = 0;

	for (i = 0; row->rec && p == UI_PANE_GATES && i < row->rec->ngates; i++)
		n += row->rec->gates[i].result != GR_PASS &&
		    row->rec->gates[i].result != GR_NOT_APPLICABLE;
	for (i = 0; p == UI_PANE_EVIDENCE && i < row->pk->evidence.n; i++)
		n += row->pk->evidence.v[i]->redacted;
	for (i = 0; row->rec && p == UI_PANE_PRECEDENTS && i < row->rec->nprecedents; i++)
		n += !row->rec->precedents[i].supports;
	for (i = 0; row->rec && p == UI_PANE_OPTIONS && i < row->rec->noptions; i++)
		n += row->rec->options[i].cls == OPT_BLOCKED;
	return n;
}

/* s padded with spaces to cols columns (never cut). */
static void
pad_to(struct buf *b, const char *s, int cols)
{
	int w = ui_str_width(s);

	buf_puts(b, s);
	while (w++ < cols)
		buf_putc(b, ' ');
}

/* Columns of the widest gate result label (translations differ). */
static int
gate_label_width(void)
{
	int g, w, max = 0;

	for (g = GR_PASS; g <= GR_NOT_APPLICABLE; g++)
		if ((w = ui_str_width(gate_result_label((enum gate_result)g))) > max)
			max = w;
	return max;
}

void
ui_pane_target(const struct ui_row *row, enum ui_pane p, size_t i, int *kind, const char **id)
{
	*kind = TARGET_PACKET;
	*id = NULL;
	if (i >= ui_pane_count(row, p))
		return;
	switch (p) {
	case UI_PANE_EVIDENCE:
		*kind = TARGET_EVIDENCE;
		*id = row->pk->evidence.v[i]->id;
		break;
	case UI_PANE_GATES:
		*kind = TARGET_GATE;
		*id = row->rec->gates[i].gate->id;
		break;
	case UI_PANE_OPTIONS:
		*kind = TARGET_OPTION;
		*id = row->rec->options[i].option->id;
		break;
	case UI_PANE_PRECEDENTS:
		*kind = TARGET_PRECEDENT;
		*id = row->rec->precedents[i].p->id;
		break;
	default:
		break;
	}
}

static void
item_evidence(const struct gh_evidence *e, enum ui_style *ls, struct buf *lead,
    struct buf *text)
{
	if (e->redacted) {
		*ls = UI_STYLE_RESTRICTED;
		buf_printf(lead, _("[restricted: %s] "), gh_sensitivities[e->sensitivity]);
		buf_printf(text, "%s (%s)", e->id, gh_evidence_types[e->type]);
		return;
	}
	*ls = e->restricted ? UI_STYLE_RESTRICTED : UI_STYLE_META;
	buf_puts(lead, e->restricted ? _("[restricted] ") : "");
	buf_printf(text, "%s — %s", e->id, e->title ? e->title : gh_evidence_types[e->type]);
}

void
ui_pane_item(const struct ui_row *row, enum ui_pane p, size_t i, enum ui_style *ls,
    struct buf *lead, struct buf *text)
{
	const struct recommendation *rec = row->rec;

	*ls = UI_STYLE_NORMAL;
	if (p == UI_PANE_EVIDENCE) {
		item_evidence(row->pk->evidence.v[i], ls, lead, text);
	} else if (p == UI_PANE_GATES) {
		const struct gate_eval *g = &rec->gates[i];

		*ls = ui_style_gate((int)g->result);
		pad_to(lead, gate_result_label(g->result), gate_label_width() + 1);
		buf_printf(text, "%s%s — %s", g->gate->hard ? _("HARD ") : "", g->gate->id,
		    g->gate->title ? g->gate->title : "");
	} else if (p == UI_PANE_OPTIONS) {
		const struct option_eval *o = &rec->options[i];

		*ls = ui_style_option((int)o->cls);
		buf_printf(lead, "%d. [%s] ", o->rank, option_class_name(o->cls));
		buf_printf(text, _("%s — %s  score %.2f"), o->option->id,
		    o->option->title ? o->option->title : "", o->score);
	} else if (p == UI_PANE_PRECEDENTS) {
		const struct precedent_fit *f = &rec->precedents[i];

		*ls = f->supports ? UI_STYLE_FIT_MATCH : UI_STYLE_FIT_MISMATCH;
		buf_printf(lead, "%.2f %s ", f->similarity, f->supports ? _("comparable") :
		    _("no support"));
		buf_printf(text, "%s — %s", f->p->id, f->p->title ? f->p->title : "");
	}
}

/* ---- header -------------------------------------------------------------------- */

void
ui_detail_verdict(const struct ui_model *m, const struct ui_row *row, struct buf *verdict,
    struct buf *rest)
{
	const struct recommendation *rec = row->rec;
	const struct gh_request *r = row->pk->request;

	if (rec == NULL) {
		buf_puts(verdict, _("no recommendation: request.yaml did not load"));
		return;
	}
	buf_puts(verdict, verdict_name(rec->verdict));
	if (rec->verdict == VERDICT_ESCALATE && rec->authority)
		buf_printf(verdict, _(" to %s"), rec->authority->name);
	else if (rec->authority)
		buf_printf(rest, _("  within delegated authority: %s"), rec->authority->name);
	if (rec->route)
		buf_printf(rest, _("  route %s"), rec->route->route->id);
	if (r && r->decide_by != GH_TIME_NONE) {
		buf_puts(rest, _(" · decide by "));
		render_time(r->decide_by, rest);
	}
	buf_printf(rest, _(" · sign-offs %d/%d"), row->signed_roles, ui_model_required(m));
	if (r && model_request_tier(r) >= 0)
		buf_printf(rest, _(" · tier %lld"), (long long)model_request_tier(r));
	if (row->stale)
		buf_puts(rest, _(" · STALE sign-off"));
}

void
ui_detail_triggers(const struct ui_row *row, struct buf *out)
{
	size_t i;

	if (row->rec == NULL || row->rec->hard_triggers.n == 0) {
		buf_puts(out, _("No hard trigger fired"));
		return;
	}
	buf_printf(out, _("Hard triggers (%zu): "), row->rec->hard_triggers.n);
	for (i = 0; i < row->rec->hard_triggers.n; i++)
		buf_printf(out, "%s%s", i ? "; " : "", row->rec->hard_triggers.v[i]);
}

void
ui_detail_chosen(const struct ui_row *row, struct buf *out)
{
	const struct recommendation *rec = row->rec;

	if (rec == NULL || rec->chosen == NULL)
		return;
	buf_printf(out, "%s%s — %s [%s]", rec->verdict == VERDICT_ESCALATE ?
	    _("Narrower path to put to the authority: ") : _("Option: "),
	    rec->chosen->option->id, rec->chosen->option->title ? rec->chosen->option->title : "",
	    option_class_name(rec->chosen->cls));
}

/* ---- threads -------------------------------------------------------------------- */

static bool
on_target(const struct gh_review *rv, int kind, const char *id)
{
	if (kind == TARGET_PACKET)
		return rv->target == NULL || rv->target->kind <= TARGET_PACKET ||
		    rv->kind != REVIEW_COMMENT;
	return rv->kind == REVIEW_COMMENT && rv->target && rv->target->kind == kind &&
	    rv->target->id && id && strcmp(rv->target->id, id) == 0;
}

size_t
ui_thread_count(const struct ui_row *row, int kind, const char *id)
{
	size_t i, n = 0;

	for (i = 0; i < row->pk->reviews.n; i++)
		n += on_target(row->pk->reviews.v[i], kind, id);
	return n;
}

/* "Zoë Lambert · 2026-11-21T10:02:11Z · sign-off concur-with-conditions as dba" */
static void
thread_head(const struct ui_row *row, const struct gh_review *rv, struct ui_lines *out)
{
	struct buf b = BUF_INIT;
	const char *who = rv->author && rv->author->name ? rv->author->name : _("(unknown)");

	buf_puts(&b, " · ");
	render_time(rv->at, &b);
	if (rv->kind == REVIEW_COMMENT)
		buf_puts(&b, _(" · comment"));
	else if (rv->kind == REVIEW_SIGNOFF)
		buf_printf(&b, _(" · sign-off %s as %s"), schema_enum_name(gh_signoff_states,
		    rv->state), rv->role ? rv->role : "?");
	else if (rv->kind == REVIEW_DECISION)
		buf_printf(&b, _(" · decision %s%s%s"), schema_enum_name(gh_decisions, rv->decision),
		    rv->option || rv->authority ? " " : "",
		    rv->option ? rv->option : rv->authority ? rv->authority : "");
	if (rv->target && rv->target->kind > TARGET_PACKET && rv->target->id)
		buf_printf(&b, _(" · on %s %s"), gh_target_kinds[rv->target->kind], rv->target->id);
	ui_lines_lead(out, 0, UI_STYLE_AUTHOR, who, UI_STYLE_META, "%s", buf_cstr(&b));
	if (ui_model_review_stale(row, rv))
		ui_lines_add(out, 2, UI_STYLE_STALE, _("STALE: the inputs changed and the recommendation moved since (saw %s, now %s)"),
		    rv->recommendation ? rv->recommendation : "?", row->seen ? row->seen : "?");
	buf_free(&b);
}

size_t
ui_detail_thread(const struct ui_row *row, int kind, const char *id, struct ui_lines *out)
{
	size_t i, n = 0, k;

	for (i = 0; i < row->pk->reviews.n; i++) {
		const struct gh_review *rv = row->pk->reviews.v[i];

		if (!on_target(rv, kind, id))
			continue;
		if (n++)
			ui_lines_blank(out);
		thread_head(row, rv, out);
		for (k = 0; k < rv->conditions.n; k++)
			ui_lines_add(out, 2, UI_STYLE_NORMAL, _("condition: %s"), rv->conditions.v[k]);
		if (rv->reason)
			ui_lines_add(out, 2, UI_STYLE_NORMAL, _("reason: %s"), rv->reason);
		if (rv->body)
			ui_lines_text(out, 2, UI_STYLE_NORMAL, rv->body);
		if (rv->recommendation && rv->kind != REVIEW_COMMENT)
			ui_lines_add(out, 2, UI_STYLE_META, _("saw: %s"), rv->recommendation);
	}
	if (n == 0)
		ui_lines_add(out, 0, UI_STYLE_META, "%s", _("No comments yet."));
	return n;
}
