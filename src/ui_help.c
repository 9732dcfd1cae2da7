/* ui_help.c -- the help overlay, generated from the action table and the
 * keymaps in use, so it always shows the keys that really work. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "ui_view.h"

struct help {
	struct ui_lines lines;
	int top, rows, page;
};

/* Every action bound in km, with its keys. */
static void
section(struct ui *ui, struct ui_lines *l, enum ui_keymap km, const char *title)
{
	struct buf keys = BUF_INIT, lead = BUF_INIT;
	int a, w;

	ui_lines_add(l, 0, UI_STYLE_HEADING, "%s", title);
	for (a = 1; a < UI_ACT_COUNT; a++) {
		buf_reset(&keys);
		if (ui_keymaps_keys(&ui->cfg.keys, km, (enum ui_action)a, &keys) == 0)
			continue;
		buf_reset(&lead);
		buf_puts(&lead, keys.s);
		for (w = ui_str_width(keys.s); w < 18; w++)
			buf_putc(&lead, ' ');
		ui_lines_lead(l, 2, UI_STYLE_KEY, buf_cstr(&lead), UI_STYLE_NORMAL, " %s (%s)",
		    ui_action_help((enum ui_action)a), ui_action_name((enum ui_action)a));
		ui_lines_hang(l, 2 + (w > 18 ? w : 18) + 1);
	}
	ui_lines_blank(l);
	buf_free(&keys);
	buf_free(&lead);
}

static void
fixed_keys(struct ui_lines *l)
{
	static const char *const rows[][2] = {
		{ "Ctrl-D, F2", N_("record the comment, sign-off or decision") },
		{ "Esc", N_("cancel (the editor asks first when there is text)") },
		{ "Tab, BackTab", N_("next or previous field of a dialog") },
		{ "Enter", N_("a new line in the editor and in the conditions") },
		{ "↑ ↓ ← →, Home, End", N_("move the cursor; Backspace and Delete erase") },
	};
	size_t i;

	ui_lines_add(l, 0, UI_STYLE_HEADING, "%s", _("In the comment editor and the dialogs"));
	for (i = 0; i < GH_ARRAY_SIZE(rows); i++)
		ui_lines_lead(l, 2, UI_STYLE_KEY, rows[i][0], UI_STYLE_NORMAL, "  %s", _(rows[i][1]));
	ui_lines_blank(l);
	ui_lines_add(l, 0, UI_STYLE_META, "%s", _("Drafts of comments are saved on every keystroke and offered back."));
	ui_lines_add(l, 0, UI_STYLE_META, "%s", _("Rebind keys in ~/.config/gatehouse/config: bind KEYMAP KEY ACTION (see gatehouse(1))."));
}

static int
help_action(struct ui *ui, struct ui_view *v, enum ui_action a)
{
	struct help *h = v->data;
	int page = h->page > 2 ? h->page - 1 : 1, max = h->rows - h->page > 0 ? h->rows - h->page : 0;

	switch (a) {
	case UI_ACT_MOVE_UP: h->top--; break;
	case UI_ACT_MOVE_DOWN: h->top++; break;
	case UI_ACT_PAGE_UP: h->top -= page; break;
	case UI_ACT_PAGE_DOWN: h->top += page; break;
	case UI_ACT_MOVE_FIRST: h->top = 0; break;
	case UI_ACT_MOVE_LAST: h->top = max; break;
	case UI_ACT_HELP: case UI_ACT_BACK: case UI_ACT_ENTER:
		ui_pop(ui);
		return UI_ALL;
	default:
		return UI_PASS;
	}
	h->top = h->top < 0 ? 0 : h->top > max ? max : h->top;
	return UI_ALL;
}

static void
help_draw(struct ui *ui, struct ui_view *v, struct ui_rect body)
{
	struct help *h = v->data;
	int w = body.w - 2 < 100 ? body.w - 2 : 100;
	struct ui_rect r = { body.y, (body.w - w) / 2, body.h, w };
	struct ui_rect in = { r.y + 1, r.x + 2, r.h - 2, r.w - 4 };

	(void)ui;
	ui_draw_box(r, UI_STYLE_DIALOG_BORDER, _("Help: keys (q or Esc closes)"));
	h->rows = ui_lines_rows(&h->lines, in.w);
	h->page = in.h;
	if (h->top > h->rows - h->page)
		h->top = h->rows - h->page > 0 ? h->rows - h->page : 0;
	ui_draw_scroll(r.y, r.x, r.w, UI_STYLE_DIALOG_BORDER, h->top, in.h, h->rows);
	ui_draw_lines(in, &h->lines, h->top);
}

static void
help_free(struct ui_view *v)
{
	struct help *h = v->data;

	ui_lines_free(&h->lines);
	free(h);
	free(v);
}

static const struct ui_view_ops help_ops = {
	.name = "help",
	.keymap = UI_KM_GENERIC,
	.overlay = true,
	.action = help_action,
	.draw = help_draw,
	.free = help_free,
};

struct ui_view *
ui_help_new(struct ui *ui, enum ui_keymap km)
{
	struct help *h = xcalloc(1, sizeof *h);
	char *title;

	if (km != UI_KM_GENERIC) {
		title = xasprintf(_("Keys of the %s view"), ui_keymap_name(km));
		section(ui, &h->lines, km, title);
		free(title);
	}
	section(ui, &h->lines, UI_KM_GENERIC, _("Keys everywhere (generic)"));
	fixed_keys(&h->lines);
	return ui_view_new(&help_ops, h);
}
