/* ui_decide.c -- the decision dialog: support as scoped, narrow to an
 * option of the policy, or escalate to an authority; with a rationale. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <ncurses.h>

#include "model.h"
#include "record.h"
#include "ui_field.h"

enum { F_DECISION, F_TARGET, F_RATIONALE, F_COUNT };

struct decide {
	char *packet;
	int decision;			/* enum gh_decision */
	int field;
	size_t sel[3], top;		/* the choice in each decision's list */
	struct ui_edit body;
	int btop, width;
};

/* The choices for a decision: option or authority ids and titles. */
static size_t
choices(struct ui *ui, int decision, size_t i, const char **id, const char **title)
{
	const struct gh_policy *p = &ui->model.repo->policy;

	if (decision == DECIDE_NARROW && p->options) {
		if (i < p->options->options.n) {
			*id = p->options->options.v[i].id;
			*title = p->options->options.v[i].title;
		}
		return p->options->options.n;
	}
	if (decision == DECIDE_ESCALATE && p->authority) {
		if (i < p->authority->authorities.n) {
			*id = p->authority->authorities.v[i].id;
			*title = p->authority->authorities.v[i].name;
		}
		return p->authority->authorities.n;
	}
	return 0;
}

static int
submit(struct ui *ui, struct decide *d)
{
	struct record_decision dn = { d->decision, NULL, NULL };
	const char *title = NULL;
	struct record_ctx c;
	struct buf y = BUF_INIT;
	char *body = ui_edit_utf8(&d->body), *subject = NULL;

	if (d->decision != DECIDE_SUPPORT &&
	    choices(ui, d->decision, d->sel[d->decision], &dn.arg, &title) == 0) {
		ui_status(ui, true, "%s", _("nothing to choose from in the policy; nothing recorded"));
		free(body);
		return UI_ALL;
	}
	dn.body = ui_edit_blank(&d->body) ? NULL : body;
	if (ui_record_ctx(ui, d->packet, PERM_DECIDE, _("decide"), &c) == 0) {
		record_decision(&c, &dn, &y, &subject);
		if (ui_record_commit(ui, &c, "decision", gh_decisions[d->decision], subject, &y) == 0)
			ui_pop(ui);
	}
	free(subject);
	free(body);
	buf_free(&y);
	return UI_ALL;
}

static int
list_key(struct ui *ui, struct decide *d, int key)
{
	const char *id, *title;
	size_t n = choices(ui, d->decision, 0, &id, &title), *sel = &d->sel[d->decision];

	if (d->field == F_DECISION) {
		if (key == (UI_KEY_FUNC | KEY_UP) || key == 'k')
			d->decision = d->decision ? d->decision - 1 : 0;
		else if (key == (UI_KEY_FUNC | KEY_DOWN) || key == 'j')
			d->decision = d->decision < DECIDE_ESCALATE ? d->decision + 1 : DECIDE_ESCALATE;
		else if (key == '\n' || key == ' ')
			d->field = d->decision == DECIDE_SUPPORT ? F_RATIONALE : F_TARGET;
		return UI_ALL;
	}
	if ((key == (UI_KEY_FUNC | KEY_UP) || key == 'k') && *sel > 0)
		(*sel)--;
	else if ((key == (UI_KEY_FUNC | KEY_DOWN) || key == 'j') && *sel + 1 < n)
		(*sel)++;
	else if (key == '\n' || key == ' ')
		d->field = F_RATIONALE;
	return UI_ALL;
}

static int
decide_input(struct ui *ui, struct ui_view *v, int key)
{
	struct decide *d = v->data;
	int r;

	if (key == UI_KEY_CTRL('d') || key == (UI_KEY_FUNC | KEY_F(2)))
		return submit(ui, d);
	if (key == 27) {
		ui_pop(ui);
		ui_status(ui, false, "%s", _("Decision cancelled; nothing recorded"));
		return UI_ALL;
	}
	if (key == '\t' || key == (UI_KEY_FUNC | KEY_BTAB)) {
		d->field = (d->field + (key == '\t' ? 1 : F_COUNT - 1)) % F_COUNT;
		if (d->field == F_TARGET && d->decision == DECIDE_SUPPORT)
			d->field = key == '\t' ? F_RATIONALE : F_DECISION;
		return UI_ALL;
	}
	if (d->field != F_RATIONALE)
		return list_key(ui, d, key);
	r = ui_field_key(&d->body, key, d->width);
	return r == UI_FIELD_OTHER ? UI_NONE : UI_ALL;
}

static void
draw_choices(struct ui *ui, struct decide *d, int y, int x, int w, int h)
{
	const char *id = NULL, *title = NULL;
	size_t n = choices(ui, d->decision, 0, &id, &title), i, sel = d->sel[d->decision];
	struct buf t = BUF_INIT;

	if (d->decision == DECIDE_SUPPORT)
		ui_draw_str(y, x, w, UI_STYLE_META, _("(support as scoped needs no choice)"));
	if (sel >= d->top + (size_t)h)
		d->top = sel - (size_t)h + 1;
	if (sel < d->top)
		d->top = sel;
	for (i = d->top; i < n && i < d->top + (size_t)h; i++) {
		choices(ui, d->decision, i, &id, &title);
		buf_reset(&t);
		buf_printf(&t, "%s %s — %s", i == sel ? ">" : " ", id, title ? title : "");
		ui_draw_line(y + (int)(i - d->top), x, w, i == sel ? d->field == F_TARGET ?
		    UI_STYLE_CURSOR : UI_STYLE_CURSOR_IDLE : UI_STYLE_DIALOG, t.s);
	}
	buf_free(&t);
}

static void
decide_draw(struct ui *ui, struct ui_view *v, struct ui_rect body)
{
	static const char *const labels[] = { N_("support as scoped"),
		N_("narrow to an option"), N_("escalate to an authority") };
	struct decide *d = v->data;
	int w = body.w - 4 < 76 ? body.w - 4 : 76, h = body.h < 20 ? body.h : 20;
	struct ui_rect r = { body.y + (body.h - h) / 2, (body.w - w) / 2, h, w };
	int x = r.x + 2, y = r.y + 1, cw = w - 4, i, lh = h - 13 > 1 ? h - 13 : 1;
	struct ui_rect text;
	struct buf t = BUF_INIT;

	buf_printf(&t, _("Decide %s"), d->packet);
	ui_draw_box(r, UI_STYLE_DIALOG_BORDER, t.s);
	ui_draw_str(y++, x, cw, d->field == F_DECISION ? UI_STYLE_KEY : UI_STYLE_DIALOG,
	    _("Decision:"));
	for (i = 0; i <= DECIDE_ESCALATE; i++) {
		buf_reset(&t);
		buf_printf(&t, "%s %s", i == d->decision ? "(*)" : "( )", _(labels[i]));
		ui_draw_line(y++, x, cw, i == d->decision ? d->field == F_DECISION ?
		    UI_STYLE_CURSOR : UI_STYLE_CURSOR_IDLE : UI_STYLE_DIALOG, t.s);
	}
	ui_draw_str(y++, x, cw, d->field == F_TARGET ? UI_STYLE_KEY : UI_STYLE_DIALOG,
	    d->decision == DECIDE_ESCALATE ? _("Authority:") : _("Option:"));
	draw_choices(ui, d, y, x, cw, lh);
	y += lh;
	ui_draw_str(y++, x, cw, d->field == F_RATIONALE ? UI_STYLE_KEY : UI_STYLE_DIALOG,
	    _("Rationale:"));
	text = (struct ui_rect){ y, x, r.y + r.h - 3 - y, cw };
	d->width = cw - 1;
	ui_field_draw(ui, text, &d->body, d->field == F_RATIONALE, &d->btop);
	ui_draw_str(r.y + r.h - 2, x, cw, UI_STYLE_META,
	    _("Tab next field · Ctrl-D or F2 records · Esc cancels"));
	buf_free(&t);
}

static void
decide_free(struct ui_view *v)
{
	struct decide *d = v->data;

	ui_edit_free(&d->body);
	free(d->packet);
	free(d);
	free(v);
}

static const struct ui_view_ops decide_ops = {
	.name = "decide",
	.keymap = UI_KM_GENERIC,
	.overlay = true,
	.input = decide_input,
	.draw = decide_draw,
	.free = decide_free,
};

/* Start on what the engine recommends: its verdict, option and authority. */
static void
preselect(struct ui *ui, struct decide *d)
{
	const struct ui_row *row = ui_model_packet(&ui->model, d->packet);
	const char *id, *title;
	size_t i, n;

	if (row == NULL || row->rec == NULL)
		return;
	d->decision = row->rec->verdict == VERDICT_SUPPORT ? DECIDE_SUPPORT :
	    row->rec->verdict == VERDICT_COUNTER ? DECIDE_NARROW : DECIDE_ESCALATE;
	n = choices(ui, DECIDE_NARROW, 0, &id, &title);
	for (i = 0; row->rec->chosen && i < n; i++)
		if (choices(ui, DECIDE_NARROW, i, &id, &title) && !strcmp(id, row->rec->chosen->option->id))
			d->sel[DECIDE_NARROW] = i;
	n = choices(ui, DECIDE_ESCALATE, 0, &id, &title);
	for (i = 0; row->rec->authority && i < n; i++)
		if (choices(ui, DECIDE_ESCALATE, i, &id, &title) && !strcmp(id, row->rec->authority->id))
			d->sel[DECIDE_ESCALATE] = i;
}

struct ui_view *
ui_decide_new(struct ui *ui, const char *packet)
{
	struct decide *d = xcalloc(1, sizeof *d);

	d->packet = xstrdup(packet);
	ui_edit_init(&d->body, false);
	preselect(ui, d);
	return ui_view_new(&decide_ops, d);
}
