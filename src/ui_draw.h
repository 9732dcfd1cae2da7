/* ui_draw.h -- drawing primitives on the curses screen.
 *
 * Everything is measured in columns: text is converted from UTF-8, cut
 * with "…" where it does not fit and never split inside a character.
 * Styles are semantic (ui_theme.h).  Only the ui_* modules draw.
 */
#ifndef GH_UI_DRAW_H
#define GH_UI_DRAW_H

#include "ui_text.h"
#include "ui_theme.h"

struct ui_rect {
	int y, x, h, w;
};

/* Draw s at y, x in at most cols columns; returns the columns used. */
int ui_draw_str(int y, int x, int cols, enum ui_style st, const char *s);
/* Draw n wide characters (as shown) at y, x. */
void ui_draw_wcs(int y, int x, const wchar_t *w, size_t n, enum ui_style st);
/* The same, then spaces in style st up to cols. */
void ui_draw_line(int y, int x, int cols, enum ui_style st, const char *s);
void ui_draw_fill(struct ui_rect r, enum ui_style st);
/* A pane's title row: " title " over a line in style st. */
void ui_draw_title(int y, int x, int cols, enum ui_style st, const char *title);
void ui_draw_vline(int y, int x, int rows, enum ui_style st);
/* A framed box with a title in the top border. */
void ui_draw_box(struct ui_rect r, enum ui_style st, const char *title);
/* Wrapped lines from row top (of all rows) on; returns the total rows. */
int ui_draw_lines(struct ui_rect r, const struct ui_lines *l, int top);
/* A scroll position hint ("12/40") at the right end of a title row. */
void ui_draw_scroll(int y, int x, int cols, enum ui_style st, int top, int shown, int total);

#endif
