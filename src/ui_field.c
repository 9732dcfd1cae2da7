/* ui_field.c -- editing keys and drawing of text fields (ui_field.h). */
#include <config.h>

#include <stdlib.h>
#include <ncurses.h>

#include "ui_field.h"

int
ui_field_key(struct ui_edit *e, int key, int width)
{
	switch (key) {
	case UI_KEY_FUNC | KEY_BACKSPACE:
		return ui_edit_backspace(e) ? UI_FIELD_CHANGED : UI_FIELD_MOVED;
	case UI_KEY_FUNC | KEY_DC:
		return ui_edit_delete(e) ? UI_FIELD_CHANGED : UI_FIELD_MOVED;
	case UI_KEY_FUNC | KEY_LEFT: ui_edit_left(e); return UI_FIELD_MOVED;
	case UI_KEY_FUNC | KEY_RIGHT: ui_edit_right(e); return UI_FIELD_MOVED;
	case UI_KEY_FUNC | KEY_UP: ui_edit_vertical(e, width, -1); return UI_FIELD_MOVED;
	case UI_KEY_FUNC | KEY_DOWN: ui_edit_vertical(e, width, 1); return UI_FIELD_MOVED;
	case UI_KEY_FUNC | KEY_HOME: case UI_KEY_CTRL('a'):
		ui_edit_home(e, width);
		return UI_FIELD_MOVED;
	case UI_KEY_FUNC | KEY_END: case UI_KEY_CTRL('e'):
		ui_edit_end(e, width);
		return UI_FIELD_MOVED;
	case '\n':
		if (e->single)
			return UI_FIELD_OTHER;
		ui_edit_insert(e, L'\n');
		return UI_FIELD_CHANGED;
	}
	if (key >= 0x20 && key != 0x7f && !(key & UI_KEY_FUNC)) {
		ui_edit_insert(e, (wchar_t)key);
		return UI_FIELD_CHANGED;
	}
	return UI_FIELD_OTHER;
}

void
ui_field_draw(struct ui *ui, struct ui_rect r, const struct ui_edit *e, bool active, int *top)
{
	enum ui_style st = active ? UI_STYLE_FIELD_ACTIVE : UI_STYLE_FIELD;
	struct ui_span *rows;
	size_t nr, i;
	int crow, ccol;

	if (r.h <= 0 || r.w <= 1)
		return;
	ui_draw_fill(r, st);
	nr = ui_wrap(e->v, e->n, r.w - 1, &rows);
	ui_edit_cursor(e, r.w - 1, &crow, &ccol);
	if (crow < *top)
		*top = crow;
	if (crow >= *top + r.h)
		*top = crow - r.h + 1;
	for (i = (size_t)*top; i < nr && (int)i < *top + r.h; i++)
		ui_draw_wcs(r.y + (int)i - *top, r.x, e->v + rows[i].start,
		    rows[i].end - rows[i].start, st);
	if (active) {
		ui->cursor_y = r.y + crow - *top;
		ui->cursor_x = r.x + (ccol < r.w ? ccol : r.w - 1);
	}
	free(rows);
}
