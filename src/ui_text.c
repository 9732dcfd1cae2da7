/* ui_text.c -- display width, wrapping, the edit buffer, styled lines. */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_text.h"

wchar_t
ui_wc_shown(wchar_t c)
{
	if (c == L'\t')
		return L' ';
	if (c < 0x20 || (c >= 0x7f && c < 0xa0))
		return L'?';
	if (c >= 0x80 && wcwidth(c) < 0)
		return MB_CUR_MAX > 1 ? 0xfffd : L'?';
	return c;
}

int
ui_wc_width(wchar_t c)
{
	int w = wcwidth(ui_wc_shown(c));

	return w < 0 ? 1 : w > 2 ? 2 : w;
}

wchar_t
ui_ellipsis(void)
{
	return MB_CUR_MAX > 1 ? 0x2026 : L'~';
}

const char *
ui_glyph(const char *utf8, const char *ascii)
{
	return MB_CUR_MAX > 1 ? utf8 : ascii;
}

/* Decode one UTF-8 sequence at p (at most n bytes): its length, *c the
 * code point; an invalid byte is one U+FFFD. */
static size_t
utf8_decode(const unsigned char *p, size_t n, wchar_t *c)
{
	size_t len, i;
	unsigned long v;

	if (p[0] < 0x80) {
		*c = p[0];
		return 1;
	}
	len = p[0] >= 0xf0 && p[0] < 0xf5 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
	if (len == 0 || len > n || (p[0] >= 0xf0 && len != 4))
		goto bad;
	v = p[0] & (0x7fu >> len);
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (p[i] & 0x3fu);
	}
	if ((len == 3 && (v < 0x800 || (v >= 0xd800 && v < 0xe000))) ||
	    (len == 4 && (v < 0x10000 || v > 0x10ffff)))
		goto bad;
	*c = (wchar_t)v;
	return len;
bad:
	*c = 0xfffd;
	return 1;
}

wchar_t *
ui_wcs_from_utf8(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	wchar_t *w;
	size_t i = 0, k = 0;

	if (n == (size_t)-1)
		n = strlen((const char *)p);
	w = xreallocarray(NULL, n + 1, sizeof *w);
	while (i < n)
		i += utf8_decode(p + i, n - i, &w[k++]);
	w[k] = L'\0';
	*len = k;
	return w;
}

void
ui_utf8_put(struct buf *b, wchar_t c)
{
	unsigned long v = (unsigned long)c;
	char t[4];

	if (v >= 0xd800 && (v < 0xe000 || v > 0x10ffff))
		v = 0xfffd;
	if (v < 0x80) {
		buf_putc(b, (char)v);
	} else if (v < 0x800) {
		t[0] = (char)(0xc0 | (v >> 6));
		t[1] = (char)(0x80 | (v & 0x3f));
		buf_add(b, t, 2);
	} else if (v < 0x10000) {
		t[0] = (char)(0xe0 | (v >> 12));
		t[1] = (char)(0x80 | ((v >> 6) & 0x3f));
		t[2] = (char)(0x80 | (v & 0x3f));
		buf_add(b, t, 3);
	} else {
		t[0] = (char)(0xf0 | (v >> 18));
		t[1] = (char)(0x80 | ((v >> 12) & 0x3f));
		t[2] = (char)(0x80 | ((v >> 6) & 0x3f));
		t[3] = (char)(0x80 | (v & 0x3f));
		buf_add(b, t, 4);
	}
}

char *
ui_utf8_from_wcs(const wchar_t *w, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		ui_utf8_put(&b, w[i]);
	buf_puts(&b, "");
	return buf_detach(&b);
}

int
ui_str_width(const char *s)
{
	size_t n, i;
	wchar_t *w = ui_wcs_from_utf8(s, (size_t)-1, &n);
	int cols = 0;

	for (i = 0; i < n; i++)
		cols += ui_wc_width(w[i]);
	free(w);
	return cols;
}

char *
ui_str_fit(const char *s, int cols)
{
	size_t n, i, k;
	wchar_t *w = ui_wcs_from_utf8(s, (size_t)-1, &n);
	char *out;
	int used = 0;

	for (i = 0; i < n; i++)
		used += ui_wc_width(w[i]);
	if (used <= cols) {
		free(w);
		return xstrdup(s);
	}
	for (i = 0, used = 0, k = 0; cols > 0 && i < n; i++) {
		if (used + ui_wc_width(w[i]) > cols - 1)
			break;
		used += ui_wc_width(w[i]);
		k = i + 1;
	}
	if (cols > 0)
		w[k++] = ui_ellipsis();
	out = ui_utf8_from_wcs(w, k);
	free(w);
	return out;
}

static void
span_push(struct ui_span **rows, size_t *nr, size_t *cap, size_t start, size_t end)
{
	if (*nr == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*rows = xreallocarray(*rows, *cap, sizeof **rows);
	}
	(*rows)[*nr].start = start;
	(*rows)[(*nr)++].end = end;
}

size_t
ui_wrap_hang(const wchar_t *w, size_t n, int width, int rest, struct ui_span **rows)
{
	size_t nr = 0, cap = 0, start = 0, i = 0, space = (size_t)-1;
	int col = 0, lim = width > 0 ? width : 1;

	*rows = NULL;
	while (i < n) {
		int cw = ui_wc_width(w[i]);

		if (w[i] == L'\n') {
			span_push(rows, &nr, &cap, start, i);
			start = ++i;
			col = 0;
			space = (size_t)-1;
			lim = rest > 0 ? rest : 1;
			continue;
		}
		if (col + cw > lim && i > start) {
			size_t brk = space != (size_t)-1 && space >= start ? space + 1 : i;

			span_push(rows, &nr, &cap, start, brk);
			for (start = brk, col = 0; brk < i; brk++)
				col += ui_wc_width(w[brk]);
			space = (size_t)-1;
			lim = rest > 0 ? rest : 1;
			continue;
		}
		if (w[i] == L' ')
			space = i;
		col += cw;
		i++;
	}
	span_push(rows, &nr, &cap, start, n);
	return nr;
}

size_t
ui_wrap(const wchar_t *w, size_t n, int width, struct ui_span **rows)
{
	return ui_wrap_hang(w, n, width, width, rows);
}

/* ---- editable text -------------------------------------------------- */

void
ui_edit_init(struct ui_edit *e, bool single)
{
	memset(e, 0, sizeof *e);
	e->single = single;
}

void
ui_edit_free(struct ui_edit *e)
{
	free(e->v);
	e->v = NULL;
	e->n = e->cap = e->cur = 0;
}

void
ui_edit_set(struct ui_edit *e, const char *utf8)
{
	size_t n;

	free(e->v);
	e->v = ui_wcs_from_utf8(utf8 ? utf8 : "", (size_t)-1, &n);
	e->n = n;
	e->cap = n + 1;
	e->cur = n;
}

char *
ui_edit_utf8(const struct ui_edit *e)
{
	return ui_utf8_from_wcs(e->v, e->n);
}

bool
ui_edit_blank(const struct ui_edit *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (e->v[i] != L' ' && e->v[i] != L'\n' && e->v[i] != L'\t' && e->v[i] != L'\r')
			return false;
	return true;
}

void
ui_edit_insert(struct ui_edit *e, wchar_t c)
{
	if (e->single && c == L'\n')
		return;
	if (e->n + 1 >= e->cap) {
		e->cap = e->cap ? e->cap * 2 : 64;
		e->v = xreallocarray(e->v, e->cap, sizeof *e->v);
	}
	memmove(e->v + e->cur + 1, e->v + e->cur, (e->n - e->cur) * sizeof *e->v);
	e->v[e->cur++] = c;
	e->n++;
	e->v[e->n] = L'\0';
}

bool
ui_edit_delete(struct ui_edit *e)
{
	if (e->cur >= e->n)
		return false;
	memmove(e->v + e->cur, e->v + e->cur + 1, (e->n - e->cur - 1) * sizeof *e->v);
	e->n--;
	e->v[e->n] = L'\0';
	return true;
}

bool
ui_edit_backspace(struct ui_edit *e)
{
	if (e->cur == 0)
		return false;
	e->cur--;
	return ui_edit_delete(e);
}

void
ui_edit_left(struct ui_edit *e)
{
	if (e->cur > 0)
		e->cur--;
}

void
ui_edit_right(struct ui_edit *e)
{
	if (e->cur < e->n)
		e->cur++;
}

/* The row the cursor is on: the last row starting at or before it. */
static size_t
cursor_row(const struct ui_edit *e, const struct ui_span *rows, size_t nr)
{
	size_t r = 0;

	while (r + 1 < nr && rows[r + 1].start <= e->cur)
		r++;
	return r;
}

/* The last cursor position of a row: before its newline, or before the
 * first character of the next row when it was wrapped. */
static size_t
row_last(const struct ui_edit *e, const struct ui_span *rows, size_t nr, size_t r)
{
	if (r + 1 == nr || (rows[r].end < e->n && e->v[rows[r].end] == L'\n'))
		return rows[r].end;
	return rows[r].end > rows[r].start ? rows[r].end - 1 : rows[r].end;
}

void
ui_edit_cursor(const struct ui_edit *e, int width, int *row, int *col)
{
	struct ui_span *rows;
	size_t nr = ui_wrap(e->v, e->n, width, &rows), r = cursor_row(e, rows, nr), i;

	*row = (int)r;
	*col = 0;
	for (i = rows[r].start; i < e->cur; i++)
		*col += ui_wc_width(e->v[i]);
	free(rows);
}

void
ui_edit_home(struct ui_edit *e, int width)
{
	struct ui_span *rows;
	size_t nr = ui_wrap(e->v, e->n, width, &rows);

	e->cur = rows[cursor_row(e, rows, nr)].start;
	free(rows);
}

void
ui_edit_end(struct ui_edit *e, int width)
{
	struct ui_span *rows;
	size_t nr = ui_wrap(e->v, e->n, width, &rows);

	e->cur = row_last(e, rows, nr, cursor_row(e, rows, nr));
	free(rows);
}

void
ui_edit_vertical(struct ui_edit *e, int width, int delta)
{
	struct ui_span *rows;
	size_t nr = ui_wrap(e->v, e->n, width, &rows), r = cursor_row(e, rows, nr), i, last;
	long to = (long)r + delta;
	int col = 0, c = 0;

	for (i = rows[r].start; i < e->cur; i++)
		col += ui_wc_width(e->v[i]);
	if (to < 0 || to >= (long)nr) {
		e->cur = to < 0 ? 0 : e->n;
		free(rows);
		return;
	}
	last = row_last(e, rows, nr, (size_t)to);
	for (i = rows[to].start; i < last && c + ui_wc_width(e->v[i]) <= col; i++)
		c += ui_wc_width(e->v[i]);
	e->cur = i;
	free(rows);
}

/* ---- styled lines ----------------------------------------------------- */

static struct ui_line *
line_new(struct ui_lines *l)
{
	struct ui_line *ln;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 32;
		l->v = xreallocarray(l->v, l->cap, sizeof *l->v);
	}
	ln = &l->v[l->n++];
	memset(ln, 0, sizeof *ln);
	return ln;
}

void
ui_lines_add(struct ui_lines *l, int indent, int style, const char *fmt, ...)
{
	struct ui_line *ln = line_new(l);
	va_list ap;

	va_start(ap, fmt);
	ln->text = xvasprintf(fmt, ap);
	va_end(ap);
	ln->indent = indent;
	ln->style = style;
}

void
ui_lines_lead(struct ui_lines *l, int indent, int lead_style, const char *lead, int style,
    const char *fmt, ...)
{
	struct ui_line *ln = line_new(l);
	va_list ap;

	va_start(ap, fmt);
	ln->text = xvasprintf(fmt, ap);
	va_end(ap);
	ln->indent = indent;
	ln->lead = lead ? xstrdup(lead) : NULL;
	ln->lead_style = lead_style;
	ln->style = style;
}

void
ui_lines_text(struct ui_lines *l, int indent, int style, const char *text)
{
	const char *p = text ? text : "", *nl;

	do {
		nl = strchr(p, '\n');
		ui_lines_add(l, indent, style, "%.*s", nl ? (int)(nl - p) : (int)strlen(p), p);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

void
ui_lines_blank(struct ui_lines *l)
{
	ui_lines_add(l, 0, 0, "%s", "");
}

void
ui_lines_hang(struct ui_lines *l, int cols)
{
	if (l->n)
		l->v[l->n - 1].hang = cols;
}

int
ui_line_hang(const struct ui_line *ln)
{
	return ln->hang > 0 ? ln->hang : ln->indent + 2;
}

void
ui_lines_append(struct ui_lines *dst, const struct ui_lines *src)
{
	size_t i;

	for (i = 0; i < src->n; i++) {
		struct ui_line *ln = line_new(dst);

		*ln = src->v[i];
		ln->text = xstrdup(src->v[i].text);
		ln->lead = src->v[i].lead ? xstrdup(src->v[i].lead) : NULL;
	}
}

void
ui_lines_clear(struct ui_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].text);
		free(l->v[i].lead);
	}
	l->n = 0;
}

void
ui_lines_free(struct ui_lines *l)
{
	ui_lines_clear(l);
	free(l->v);
	l->v = NULL;
	l->cap = 0;
}

int
ui_lines_rows(const struct ui_lines *l, int width)
{
	struct buf b = BUF_INIT;
	struct ui_span *rows;
	size_t i, n;
	wchar_t *w;
	int total = 0;

	for (i = 0; i < l->n; i++) {
		const struct ui_line *ln = &l->v[i];

		buf_reset(&b);
		buf_printf(&b, "%s%s", ln->lead ? ln->lead : "", ln->text);
		w = ui_wcs_from_utf8(b.s, b.len, &n);
		total += (int)ui_wrap_hang(w, n, width - ln->indent, width - ui_line_hang(ln), &rows);
		free(rows);
		free(w);
	}
	buf_free(&b);
	return total;
}
