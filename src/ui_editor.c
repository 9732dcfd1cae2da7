/* ui_editor.c -- the inline comment editor.  Every keystroke saves the
 * text as a draft (ui_draft.h), so neither a dropped SSH session nor a
 * crash loses what the reviewer wrote. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <ncurses.h>

#include "model.h"
#include "record.h"
#include "ui_draft.h"
#include "ui_field.h"

struct editor {
	char *packet, *id;
	int kind;			/* enum gh_target_kind */
	struct ui_edit text;
	char *draft;			/* path of the draft file */
	int top;			/* first row shown */
	int width;			/* text width at the last paint */
	bool saved;			/* the draft on disk has the text */
};

/* The editor whose words a signal handler saves (there is at most one). */
static struct editor *live;

/* Keep the words: write the draft, or remove it when there are none. */
static void
editor_save(struct editor *ed)
{
	char *text = ui_edit_utf8(&ed->text);

	if (ui_edit_blank(&ed->text))
		ui_draft_remove(ed->draft);
	else
		ed->saved = ui_draft_save(ed->draft, text) == 0;
	free(text);
}

void
ui_editor_emergency_save(void)
{
	if (live)
		editor_save(live);
}

static void
discard(struct ui *ui, bool yes, void *arg)
{
	struct editor *ed = arg;

	if (!yes || ui_top(ui) == NULL || ui_top(ui)->data != ed)
		return;
	ui_draft_remove(ed->draft);
	ui_pop(ui);
	ui_status(ui, false, "%s", _("Comment discarded"));
}

static int
submit(struct ui *ui, struct editor *ed)
{
	struct ui_target t = { ed->packet, ed->kind, ed->id };
	struct record_ctx c;
	struct buf y = BUF_INIT;
	char *body, *subject = NULL;

	if (ui_edit_blank(&ed->text)) {
		ui_status(ui, true, "%s", _("empty comment; nothing recorded"));
		return UI_ALL;
	}
	editor_save(ed);
	if (ui_record_ctx(ui, t.packet, PERM_COMMENT, _("comment"), &c) < 0)
		return UI_ALL;
	body = ui_edit_utf8(&ed->text);
	record_comment(&c, t.kind, t.id, body, &y, &subject);
	if (ui_record_commit(ui, &c, "comment", NULL, subject, &y) == 0) {
		ui_draft_remove(ed->draft);
		ui_pop(ui);
	}
	free(body);
	free(subject);
	buf_free(&y);
	return UI_ALL;
}

static int
editor_input(struct ui *ui, struct ui_view *v, int key)
{
	struct editor *ed = v->data;
	int r;

	if (key == UI_KEY_CTRL('d') || key == (UI_KEY_FUNC | KEY_F(2)))
		return submit(ui, ed);
	if (key == 27) {
		if (ui_edit_blank(&ed->text)) {
			ui_draft_remove(ed->draft);
			ui_pop(ui);
		} else {
			ui_confirm(ui, _("Discard this comment?"), discard, ed, NULL);
		}
		return UI_ALL;
	}
	if (key == (UI_KEY_FUNC | KEY_PPAGE) || key == (UI_KEY_FUNC | KEY_NPAGE)) {
		ui_edit_vertical(&ed->text, ed->width, key == (UI_KEY_FUNC | KEY_PPAGE) ? -8 : 8);
		return UI_ALL;
	}
	r = ui_field_key(&ed->text, key, ed->width > 0 ? ed->width : 60);
	if (r == UI_FIELD_CHANGED)
		editor_save(ed);
	return r == UI_FIELD_OTHER ? UI_NONE : UI_ALL;
}

static struct ui_rect
editor_rect(struct ui_rect body)
{
	struct ui_rect r = body;

	if (body.w >= 110) {
		r.w = body.w * 2 / 3;
		r.x = (body.w - r.w) / 2;
	}
	if (body.h >= 24) {
		r.h = body.h * 2 / 3;
		r.y = body.y + (body.h - r.h) / 2;
	} else if (body.h >= 14) {
		r.y = body.y + 3;	/* the packet header stays in sight */
		r.h = body.h - 3;
	}
	return r;
}

static void
editor_draw(struct ui *ui, struct ui_view *v, struct ui_rect body)
{
	struct editor *ed = v->data;
	struct ui_rect r = editor_rect(body), text = { r.y + 1, r.x + 2, r.h - 3, r.w - 4 };
	struct buf t = BUF_INIT;

	if (ed->kind == TARGET_PACKET)
		buf_printf(&t, _("Comment on %s"), ed->packet);
	else
		buf_printf(&t, _("Comment on %s %s (%s)"), gh_target_kinds[ed->kind], ed->id,
		    ed->packet);
	ui_draw_box(r, UI_STYLE_DIALOG_BORDER, t.s);
	ed->width = text.w - 1;
	ui_field_draw(ui, text, &ed->text, true, &ed->top);
	buf_reset(&t);
	buf_printf(&t, _("Ctrl-D or F2 records · Esc cancels · Enter is a new line%s"),
	    ed->saved ? _(" · draft saved") : "");
	ui_draw_str(r.y + r.h - 2, r.x + 2, r.w - 4, UI_STYLE_META, t.s);
	buf_free(&t);
}

static void
editor_title(struct ui *ui, struct ui_view *v, struct buf *out)
{
	(void)ui;
	(void)v;
	buf_puts(out, _("comment"));
}

static void
editor_free(struct ui_view *v)
{
	struct editor *ed = v->data;

	if (live == ed)
		live = NULL;
	ui_edit_free(&ed->text);
	free(ed->packet);
	free(ed->id);
	free(ed->draft);
	free(ed);
	free(v);
}

static const struct ui_view_ops editor_ops = {
	.name = "editor",
	.keymap = UI_KM_GENERIC,
	.overlay = true,
	.input = editor_input,
	.draw = editor_draw,
	.title = editor_title,
	.free = editor_free,
};

struct ui_view *
ui_editor_new(struct ui *ui, const struct ui_target *t, const char *text)
{
	struct editor *ed = xcalloc(1, sizeof *ed);

	ed->packet = xstrdup(t->packet);
	ed->kind = t->kind;
	ed->id = t->id ? xstrdup(t->id) : NULL;
	ed->draft = ui_draft_path(ui->model.key, t->packet, t->kind, t->id);
	ui_edit_init(&ed->text, false);
	ui_edit_set(&ed->text, text ? text : "");
	ed->saved = text && text[0];
	live = ed;
	return ui_view_new(&editor_ops, ed);
}
