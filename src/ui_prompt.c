/* ui_prompt.c -- questions on the status line: y/n and a line of text. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <ncurses.h>

#include "ui_field.h"

struct confirm {
	char *question;
	ui_confirm_fn done;
	void *arg;
	void (*free_arg)(void *);
};

/* Pop the question, then answer: done may push or pop views itself. */
static int
confirm_answer(struct ui *ui, struct confirm *c, bool yes)
{
	ui_confirm_fn done = c->done;
	void *arg = c->arg;
	void (*free_arg)(void *) = c->free_arg;

	c->arg = NULL;
	ui_pop(ui);
	done(ui, yes, arg);
	if (free_arg)
		free_arg(arg);
	return UI_ALL;
}

static int
confirm_input(struct ui *ui, struct ui_view *v, int key)
{
	struct confirm *c = v->data;

	if (key == 'y' || key == 'Y')
		return confirm_answer(ui, c, true);
	if (key == 'n' || key == 'N' || key == 27 || key == UI_KEY_CTRL('c'))
		return confirm_answer(ui, c, false);
	return UI_NONE;
}

static void
confirm_draw(struct ui *ui, struct ui_view *v, struct ui_rect body)
{
	struct confirm *c = v->data;
	int x;

	(void)body;
	x = ui_draw_str(LINES - 1, 0, COLS, UI_STYLE_STATUS_INFO, c->question);
	ui_draw_line(LINES - 1, x, COLS - x, UI_STYLE_STATUS_INFO, _(" (y/n) "));
	ui->cursor_y = LINES - 1;
	ui->cursor_x = x + 7 < COLS ? x + 7 : COLS - 1;
}

static void
confirm_free(struct ui_view *v)
{
	struct confirm *c = v->data;

	if (c->arg && c->free_arg)
		c->free_arg(c->arg);
	free(c->question);
	free(c);
	free(v);
}

static const struct ui_view_ops confirm_ops = {
	.name = "confirm",
	.keymap = UI_KM_GENERIC,
	.overlay = true,
	.input = confirm_input,
	.draw = confirm_draw,
	.free = confirm_free,
};

void
ui_confirm(struct ui *ui, const char *question, ui_confirm_fn done, void *arg,
    void (*free_arg)(void *))
{
	struct confirm *c = xcalloc(1, sizeof *c);

	c->question = xstrdup(question);
	c->done = done;
	c->arg = arg;
	c->free_arg = free_arg;
	ui_push(ui, ui_view_new(&confirm_ops, c));
}

/* ---- a line of text ------------------------------------------------------------ */

struct prompt {
	char *label;
	struct ui_edit text;
	int top;
	ui_prompt_fn done;
	void *arg;
};

static int
prompt_finish(struct ui *ui, struct prompt *p, bool ok)
{
	char *text = ok ? ui_edit_utf8(&p->text) : NULL;
	ui_prompt_fn done = p->done;
	void *arg = p->arg;

	ui_pop(ui);
	done(ui, text, arg);
	free(text);
	return UI_ALL;
}

static int
prompt_input(struct ui *ui, struct ui_view *v, int key)
{
	struct prompt *p = v->data;

	if (key == '\n')
		return prompt_finish(ui, p, true);
	if (key == 27 || key == UI_KEY_CTRL('c') || key == UI_KEY_CTRL('g'))
		return prompt_finish(ui, p, false);
	ui_field_key(&p->text, key, COLS);
	return UI_ALL;
}

static void
prompt_draw(struct ui *ui, struct ui_view *v, struct ui_rect body)
{
	struct prompt *p = v->data;
	int x = ui_draw_str(LINES - 1, 0, COLS, UI_STYLE_STATUS, p->label);
	struct ui_rect r = { LINES - 1, x, 1, COLS - x };

	(void)body;
	ui_field_draw(ui, r, &p->text, true, &p->top);
}

static void
prompt_free(struct ui_view *v)
{
	struct prompt *p = v->data;

	ui_edit_free(&p->text);
	free(p->label);
	free(p);
	free(v);
}

static const struct ui_view_ops prompt_ops = {
	.name = "prompt",
	.keymap = UI_KM_GENERIC,
	.overlay = true,
	.input = prompt_input,
	.draw = prompt_draw,
	.free = prompt_free,
};

void
ui_prompt(struct ui *ui, const char *label, const char *initial, ui_prompt_fn done, void *arg)
{
	struct prompt *p = xcalloc(1, sizeof *p);

	p->label = xstrdup(label);
	ui_edit_init(&p->text, true);
	ui_edit_set(&p->text, initial ? initial : "");
	p->done = done;
	p->arg = arg;
	ui_push(ui, ui_view_new(&prompt_ops, p));
}
