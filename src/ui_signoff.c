/* ui_signoff.c -- the sign-off dialog: a state, its conditions or reason,
 * and a remark.  It refuses to record a concurrence with conditions that
 * names none, or a dissent without a reason. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <ncurses.h>

#include "model.h"
#include "record.h"
#include "ui_field.h"

enum { F_STATE, F_CONDITIONS, F_REASON, F_REMARK, F_COUNT };

struct signoff {
	char *packet, *role;
	int state;			/* enum gh_signoff_state */
	int field;
	struct ui_edit text[F_COUNT];	/* F_STATE unused */
	int top[F_COUNT];
	int width;
};

static const char *const state_help[] = {
	N_("concur: support the recommendation as it stands"),
	N_("concur-with-conditions: support it if the conditions are met"),
	N_("dissent: disagree, with a reason"),
	N_("recuse: take no part, with a reason if you like"),
};

/* Non-blank lines of the conditions field; the strings are malloc'd. */
static size_t
conditions(struct signoff *so, char ***out)
{
	char *all = ui_edit_utf8(&so->text[F_CONDITIONS]), *line, *save = NULL;
	size_t n = 0;

	*out = NULL;
	for (line = strtok_r(all, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		line += strspn(line, " \t");
		if (!line[0])
			continue;
		*out = xreallocarray(*out, n + 1, sizeof **out);
		(*out)[n++] = xstrdup(line);
	}
	free(all);
	return n;
}

static int
commit(struct ui *ui, struct signoff *so, char **conds, size_t n, const char *reason)
{
	struct record_signoff s = { so->state, so->role, (const char *const *)conds, n,
		reason[0] ? reason : NULL, NULL };
	struct record_ctx c;
	struct buf y = BUF_INIT;
	char *remark = ui_edit_utf8(&so->text[F_REMARK]), *subject = NULL;
	int rc = -1;

	s.body = ui_edit_blank(&so->text[F_REMARK]) ? NULL : remark;
	if (ui_record_ctx(ui, so->packet, PERM_SIGNOFF, _("sign off"), &c) == 0) {
		record_signoff(&c, &s, &y, &subject);
		rc = ui_record_commit(ui, &c, "signoff", gh_signoff_states[so->state], subject, &y);
	}
	free(subject);
	free(remark);
	buf_free(&y);
	return rc;
}

static int
submit(struct ui *ui, struct signoff *so)
{
	char **conds, *reason = ui_edit_utf8(&so->text[F_REASON]);
	size_t n = conditions(so, &conds), i;
	const char *why = record_signoff_problem(so->state, n, reason);

	if (why) {
		ui_status(ui, true, _("%s; nothing recorded"), why);
		so->field = so->state == SIGN_DISSENT ? F_REASON : F_CONDITIONS;
	} else if (commit(ui, so, conds, n, ui_edit_blank(&so->text[F_REASON]) ? "" : reason) == 0) {
		ui_pop(ui);
	}
	for (i = 0; i < n; i++)
		free(conds[i]);
	free(conds);
	free(reason);
	return UI_ALL;
}

static int
state_key(struct signoff *so, int key)
{
	if (key == (UI_KEY_FUNC | KEY_UP) || key == 'k')
		so->state = so->state > 0 ? so->state - 1 : 0;
	else if (key == (UI_KEY_FUNC | KEY_DOWN) || key == 'j')
		so->state = so->state < SIGN_RECUSE ? so->state + 1 : SIGN_RECUSE;
	else if (key >= '1' && key <= '4')
		so->state = key - '1';
	else if (key == '\n' || key == ' ')
		so->field = so->state == SIGN_CONCUR_WITH_CONDITIONS ? F_CONDITIONS :
		    so->state == SIGN_CONCUR ? F_REMARK : F_REASON;
	return UI_ALL;
}

static int
signoff_input(struct ui *ui, struct ui_view *v, int key)
{
	struct signoff *so = v->data;
	int r;

	if (key == UI_KEY_CTRL('d') || key == (UI_KEY_FUNC | KEY_F(2)))
		return submit(ui, so);
	if (key == 27) {
		ui_pop(ui);
		ui_status(ui, false, "%s", _("Sign-off cancelled; nothing recorded"));
		return UI_ALL;
	}
	if (key == '\t' || key == (UI_KEY_FUNC | KEY_BTAB)) {
		so->field = (so->field + (key == '\t' ? 1 : F_COUNT - 1)) % F_COUNT;
		return UI_ALL;
	}
	if (so->field == F_STATE)
		return state_key(so, key);
	if (key == '\n' && so->field != F_CONDITIONS) {
		so->field = (so->field + 1) % F_COUNT;
		return UI_ALL;
	}
	r = ui_field_key(&so->text[so->field], key, so->width);
	return r == UI_FIELD_OTHER ? UI_NONE : UI_ALL;
}

/* A label row, then the field under it; returns the next free row. */
static int
draw_field(struct ui *ui, struct signoff *so, int f, int y, int x, int w, int h,
    const char *label)
{
	struct ui_rect r = { y + 1, x, h, w };

	ui_draw_str(y, x, w, so->field == f ? UI_STYLE_KEY : UI_STYLE_DIALOG, label);
	ui_field_draw(ui, r, &so->text[f], so->field == f, &so->top[f]);
	return y + 1 + h;
}

static void
signoff_draw(struct ui *ui, struct ui_view *v, struct ui_rect body)
{
	struct signoff *so = v->data;
	int w = body.w - 4 < 76 ? body.w - 4 : 76, h = body.h < 19 ? body.h : 19;
	struct ui_rect r = { body.y + (body.h - h) / 2, (body.w - w) / 2, h, w };
	int x = r.x + 2, y = r.y + 1, cw = w - 4, s, small = h < 19;
	struct buf t = BUF_INIT;

	buf_printf(&t, _("Sign off %s as %s"), so->packet, so->role ? so->role : "?");
	ui_draw_box(r, UI_STYLE_DIALOG_BORDER, t.s);
	so->width = cw - 1;
	ui_draw_str(y++, x, cw, so->field == F_STATE ? UI_STYLE_KEY : UI_STYLE_DIALOG,
	    _("State (↑/↓ or 1-4):"));
	for (s = 0; s <= SIGN_RECUSE; s++) {
		buf_reset(&t);
		buf_printf(&t, "%s %s", s == so->state ? "(*)" : "( )", _(state_help[s]));
		ui_draw_line(y++, x, cw, s == so->state ? so->field == F_STATE ?
		    UI_STYLE_CURSOR : UI_STYLE_CURSOR_IDLE : UI_STYLE_DIALOG, t.s);
	}
	y = draw_field(ui, so, F_CONDITIONS, y, x, cw, small ? 2 : 3,
	    _("Conditions, one per line (needed for concur-with-conditions):"));
	y = draw_field(ui, so, F_REASON, y, x, cw, small ? 1 : 2, _("Reason (needed for dissent):"));
	y = draw_field(ui, so, F_REMARK, y, x, cw, small ? 1 : 2, _("Remark (optional):"));
	ui_draw_str(r.y + r.h - 2, x, cw, UI_STYLE_META,
	    _("Tab next field · Ctrl-D or F2 records · Esc cancels"));
	buf_free(&t);
}

static void
signoff_free(struct ui_view *v)
{
	struct signoff *so = v->data;
	int f;

	for (f = 0; f < F_COUNT; f++)
		ui_edit_free(&so->text[f]);
	free(so->packet);
	free(so->role);
	free(so);
	free(v);
}

static const struct ui_view_ops signoff_ops = {
	.name = "signoff",
	.keymap = UI_KM_GENERIC,
	.overlay = true,
	.input = signoff_input,
	.draw = signoff_draw,
	.free = signoff_free,
};

struct ui_view *
ui_signoff_new(struct ui *ui, const char *packet, const char *role)
{
	struct signoff *so = xcalloc(1, sizeof *so);
	int f;

	(void)ui;
	so->packet = xstrdup(packet);
	so->role = role ? xstrdup(role) : NULL;
	so->state = SIGN_CONCUR;
	for (f = 0; f < F_COUNT; f++)
		ui_edit_init(&so->text[f], f != F_CONDITIONS);
	return ui_view_new(&signoff_ops, so);
}
