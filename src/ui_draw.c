/* ui_draw.c -- column-exact text, titles, boxes and wrapped lines. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <ncurses.h>

#include "ui_draw.h"

/* Draw n wide characters as shown, in style st. */
static void
draw_run(int y, int x, const wchar_t *w, size_t n, enum ui_style st)
{
	wchar_t small[256], *buf = n < GH_ARRAY_SIZE(small) ? small :
	    xreallocarray(NULL, n + 1, sizeof *buf);
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = ui_wc_shown(w[i]);
	buf[n] = L'\0';
	attrset(ui_style_attr(st));
	mvaddnwstr(y, x, buf, (int)n);
	if (buf != small)
		free(buf);
}

void
ui_draw_wcs(int y, int x, const wchar_t *w, size_t n, enum ui_style st)
{
	draw_run(y, x, w, n, st);
}

/* How many of w[0..n) fit in cols columns (with room for "…" when they
 * do not all fit): *used gets their width, *cut whether some were left. */
static size_t
fit(const wchar_t *w, size_t n, int cols, int *used, bool *cut)
{
	size_t i, k = 0;
	int total = 0, c = 0;

	for (i = 0; i < n; i++)
		total += ui_wc_width(w[i]);
	*cut = total > cols;
	for (i = 0; i < n; i++) {
		int cw = ui_wc_width(w[i]);

		if (c + cw > (*cut ? cols - 1 : cols))
			break;
		c += cw;
		k = i + 1;
	}
	*used = c;
	return k;
}

int
ui_draw_str(int y, int x, int cols, enum ui_style st, const char *s)
{
	size_t n, k;
	wchar_t *w, ell;
	int used;
	bool cut;

	if (cols <= 0 || s == NULL)
		return 0;
	w = ui_wcs_from_utf8(s, (size_t)-1, &n);
	k = fit(w, n, cols, &used, &cut);
	draw_run(y, x, w, k, st);
	if (cut) {
		ell = ui_ellipsis();
		draw_run(y, x + used, &ell, 1, st);
		used++;
	}
	free(w);
	return used;
}

void
ui_draw_line(int y, int x, int cols, enum ui_style st, const char *s)
{
	int used = ui_draw_str(y, x, cols, st, s);

	if (cols > used) {
		attrset(ui_style_attr(st));
		mvhline(y, x + used, ' ', cols - used);
	}
}

void
ui_draw_fill(struct ui_rect r, enum ui_style st)
{
	int i;

	attrset(ui_style_attr(st));
	for (i = 0; i < r.h && r.w > 0; i++)
		mvhline(r.y + i, r.x, ' ', r.w);
}

void
ui_draw_title(int y, int x, int cols, enum ui_style st, const char *title)
{
	struct ui_rect r = { y, x, 1, cols };
	char *t = xasprintf(" %s ", title);

	ui_draw_fill(r, st);
	ui_draw_str(y, x, cols, st, t);
	free(t);
}

void
ui_draw_vline(int y, int x, int rows, enum ui_style st)
{
	if (rows > 0)
		mvvline(y, x, ACS_VLINE | (chtype)ui_style_attr(st), rows);
}

void
ui_draw_box(struct ui_rect r, enum ui_style st, const char *title)
{
	chtype a = (chtype)ui_style_attr(st);
	struct ui_rect in = { r.y + 1, r.x + 1, r.h - 2, r.w - 2 };

	if (r.h < 2 || r.w < 2)
		return;
	ui_draw_fill(in, UI_STYLE_DIALOG);
	mvhline(r.y, r.x + 1, ACS_HLINE | a, r.w - 2);
	mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE | a, r.w - 2);
	mvvline(r.y + 1, r.x, ACS_VLINE | a, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE | a, r.h - 2);
	mvaddch(r.y, r.x, ACS_ULCORNER | a);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER | a);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER | a);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER | a);
	if (title) {
		char *t = xasprintf(" %s ", title);

		ui_draw_str(r.y, r.x + 2, r.w - 4, st, t);
		free(t);
	}
}

/* Draw one wrapped row of a line: the lead's characters in its style. */
static void
draw_row(int y, int x, const wchar_t *w, struct ui_span sp, size_t lead,
    const struct ui_line *ln)
{
	size_t mid = lead > sp.end ? sp.end : lead < sp.start ? sp.start : lead;
	int cx = x;
	size_t i;

	if (mid > sp.start) {
		draw_run(y, cx, w + sp.start, mid - sp.start, ln->lead_style);
		for (i = sp.start; i < mid; i++)
			cx += ui_wc_width(w[i]);
	}
	if (sp.end > mid)
		draw_run(y, cx, w + mid, sp.end - mid, ln->style);
}

int
ui_draw_lines(struct ui_rect r, const struct ui_lines *l, int top)
{
	struct buf b = BUF_INIT;
	int row = 0;
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		const struct ui_line *ln = &l->v[i];
		struct ui_span *rows;
		size_t n, nr, lead;
		wchar_t *w;

		buf_reset(&b);
		buf_puts(&b, ln->lead ? ln->lead : "");
		free(ui_wcs_from_utf8(b.s, b.len, &lead));
		buf_puts(&b, ln->text);
		w = ui_wcs_from_utf8(b.s, b.len, &n);
		nr = ui_wrap_hang(w, n, r.w - ln->indent, r.w - ui_line_hang(ln), &rows);
		for (k = 0; k < nr; k++, row++)
			if (row >= top && row < top + r.h)
				draw_row(r.y + row - top, r.x + (k ? ui_line_hang(ln) : ln->indent), w,
				    rows[k], lead, ln);
		free(rows);
		free(w);
	}
	buf_free(&b);
	return row;
}

void
ui_draw_scroll(int y, int x, int cols, enum ui_style st, int top, int shown, int total)
{
	char t[48];
	int n;

	if (total <= shown || cols < 12)
		return;
	n = snprintf(t, sizeof t, " %d-%d/%d ", top + 1, top + shown < total ? top + shown : total,
	    total);
	ui_draw_str(y, x + cols - n - 1, n, st, t);
}
