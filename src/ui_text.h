/* ui_text.h -- text for the terminal, measured in columns, not bytes.
 *
 * No curses here: display width (wcwidth after conversion from UTF-8),
 * truncation with "…" by columns, word wrapping, the editable text buffer
 * of the comment editor and dialogs, and lists of styled lines that the
 * detail pane, help and history views are built from.
 *
 * Ownership: functions returning char * or wchar_t * return malloc'd
 * memory the caller frees; struct ui_edit and struct ui_lines own their
 * contents (ui_edit_free, ui_lines_free).
 */
#ifndef GH_UI_TEXT_H
#define GH_UI_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "util.h"

/* A character as shown: controls and invalid bytes become '?' (a tab a
 * space); never returns a character of width < 0. */
wchar_t ui_wc_shown(wchar_t c);
/* Columns c takes when shown: 0, 1 or 2. */
int ui_wc_width(wchar_t c);

/* UTF-8 (n bytes, or up to the NUL when n is (size_t)-1) to wide
 * characters; invalid bytes become U+FFFD.  *len gets the count. */
wchar_t *ui_wcs_from_utf8(const char *s, size_t n, size_t *len);
/* Wide characters to UTF-8 (whatever the locale). */
char *ui_utf8_from_wcs(const wchar_t *w, size_t n);
void ui_utf8_put(struct buf *b, wchar_t c);

/* Columns s takes. */
int ui_str_width(const char *s);
/* s cut to at most cols columns, ending in "…" when cut; caller frees. */
char *ui_str_fit(const char *s, int cols);

/* One display row of wrapped text: characters [start, end) of the line. */
struct ui_span {
	size_t start, end;
};
/* Wrap w[0..n) at width columns, breaking after spaces where it can and
 * at newlines always.  Returns the number of rows (at least 1); *rows is
 * malloc'd. */
size_t ui_wrap(const wchar_t *w, size_t n, int width, struct ui_span **rows);
/* The same with the first row width columns wide and the others rest. */
size_t ui_wrap_hang(const wchar_t *w, size_t n, int width, int rest, struct ui_span **rows);
/* "…", or "~" where the locale cannot show it. */
wchar_t ui_ellipsis(void);
/* utf8 where the locale shows UTF-8, else ascii. */
const char *ui_glyph(const char *utf8, const char *ascii);

/* ---- editable text -------------------------------------------------- */

struct ui_edit {
	wchar_t *v;
	size_t n, cap;
	size_t cur;		/* cursor: index into v, 0..n */
	bool single;		/* one line: Enter does not insert */
};

void ui_edit_init(struct ui_edit *e, bool single);
void ui_edit_free(struct ui_edit *e);
void ui_edit_set(struct ui_edit *e, const char *utf8);
char *ui_edit_utf8(const struct ui_edit *e);	/* caller frees */
bool ui_edit_blank(const struct ui_edit *e);
void ui_edit_insert(struct ui_edit *e, wchar_t c);
bool ui_edit_backspace(struct ui_edit *e);
bool ui_edit_delete(struct ui_edit *e);
void ui_edit_left(struct ui_edit *e);
void ui_edit_right(struct ui_edit *e);
/* Home/End and Up/Down move within the rows wrapped at width. */
void ui_edit_home(struct ui_edit *e, int width);
void ui_edit_end(struct ui_edit *e, int width);
void ui_edit_vertical(struct ui_edit *e, int width, int delta);
/* Row and column of the cursor when wrapped at width. */
void ui_edit_cursor(const struct ui_edit *e, int width, int *row, int *col);

/* ---- styled lines ----------------------------------------------------- */

/* A logical line: an optional lead in its own style, then text; wrapped
 * when drawn, continuation rows indented by indent + 2. */
struct ui_line {
	int indent;
	int lead_style;		/* enum ui_style */
	char *lead;		/* NULL or text */
	int style;
	char *text;
	int hang;		/* indent of continuation rows; 0: indent + 2 */
};

struct ui_lines {
	struct ui_line *v;
	size_t n, cap;
};

void ui_lines_add(struct ui_lines *l, int indent, int style, const char *fmt, ...)
	GH_PRINTF(4, 5);
void ui_lines_lead(struct ui_lines *l, int indent, int lead_style, const char *lead,
    int style, const char *fmt, ...) GH_PRINTF(6, 7);
/* Every line of a multi-line text, each indented. */
void ui_lines_text(struct ui_lines *l, int indent, int style, const char *text);
void ui_lines_blank(struct ui_lines *l);
/* Indent the continuation rows of the last line by cols. */
void ui_lines_hang(struct ui_lines *l, int cols);
/* Continuation indent of a line. */
int ui_line_hang(const struct ui_line *ln);
void ui_lines_append(struct ui_lines *dst, const struct ui_lines *src);
void ui_lines_clear(struct ui_lines *l);
void ui_lines_free(struct ui_lines *l);
/* Rows the lines take when wrapped at width. */
int ui_lines_rows(const struct ui_lines *l, int width);

#endif
