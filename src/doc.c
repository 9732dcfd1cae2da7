/* doc.c -- one document, three markups (see doc.h).  Every text goes
 * through put_text() or put_code(), which escape for the format and the
 * place; markup is only ever written from the literals in this file. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc.h"

void
doc_init(struct doc *d, enum doc_format f, struct buf *out)
{
	memset(d, 0, sizeof *d);
	d->fmt = f;
	d->out = out;
	d->cell = -1;
}

static bool
in_cell(const struct doc *d)
{
	return d->cell >= 0 && d->row;
}

/* What a line break inside the current block continues with. */
static const char *
indent(const struct doc *d)
{
	if (d->item == 1)
		return "\n  ";
	if (d->item >= 2)
		return d->fmt == DOC_TEXT ? "\n      " : "\n    ";
	return "\n";
}

static void
put_html(struct buf *out, const char *s, bool code)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(out, "&amp;"); break;
		case '<': buf_puts(out, "&lt;"); break;
		case '>': buf_puts(out, "&gt;"); break;
		case '"': buf_puts(out, "&quot;"); break;
		case '\'': buf_puts(out, "&#39;"); break;
		case '\r': break;
		case '\n': buf_puts(out, code ? " " : "<br>\n"); break;
		default: buf_putc(out, *s);
		}
	}
}

/* Markdown text: '<' and '&' cannot start HTML or an entity; in a table
 * cell '|' cannot end it and a newline cannot end the row. */
static void
put_md(struct doc *d, const char *s)
{
	bool cell = in_cell(d);

	for (; *s; s++) {
		if (*s == '&')
			buf_puts(d->out, "&amp;");
		else if (*s == '<')
			buf_puts(d->out, "&lt;");
		else if (*s == '|' && cell)
			buf_puts(d->out, "\\|");
		else if (*s == '\n')
			buf_puts(d->out, cell ? "<br>" : indent(d));
		else if (*s != '\r')
			buf_putc(d->out, *s);
	}
}

static void
put_text(struct doc *d, const char *s)
{
	switch (d->fmt) {
	case DOC_HTML:
		put_html(d->out, s, false);
		break;
	case DOC_MARKDOWN:
		put_md(d, s);
		break;
	case DOC_TEXT:
		for (; *s; s++)
			if (*s == '\n')
				buf_puts(d->out, indent(d));
			else
				buf_putc(d->out, *s);
		break;
	}
}

/* Markdown code span: a fence longer than any run of backticks inside,
 * a space where the content starts or ends with one. */
static void
put_md_code(struct doc *d, const char *s)
{
	size_t run = 0, longest = 0, len = strlen(s), i;
	bool pad;

	for (i = 0; i < len; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	pad = len && (s[0] == '`' || s[len - 1] == '`');
	for (i = 0; i <= longest; i++)
		buf_putc(d->out, '`');
	if (pad)
		buf_putc(d->out, ' ');
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r')
			buf_putc(d->out, ' ');
		else if (*s == '|' && in_cell(d))
			buf_puts(d->out, "\\|");
		else
			buf_putc(d->out, *s);
	}
	if (pad)
		buf_putc(d->out, ' ');
	for (i = 0; i <= longest; i++)
		buf_putc(d->out, '`');
}

void
doc_code(struct doc *d, const char *s)
{
	switch (d->fmt) {
	case DOC_HTML:
		buf_puts(d->out, "<code>");
		put_html(d->out, s, true);
		buf_puts(d->out, "</code>");
		break;
	case DOC_MARKDOWN:
		put_md_code(d, s);
		break;
	case DOC_TEXT:
		buf_puts(d->out, s);
		break;
	}
}

void
doc_text(struct doc *d, const char *s)
{
	put_text(d, s);
}

void
doc_printf(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	put_text(d, s);
	free(s);
}

void
doc_strong(struct doc *d, bool on)
{
	if (d->fmt == DOC_MARKDOWN)
		buf_puts(d->out, "**");
	else if (d->fmt == DOC_HTML)
		buf_puts(d->out, on ? "<strong>" : "</strong>");
}

void
doc_break(struct doc *d)
{
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "<br>\n");
	else if (d->fmt == DOC_MARKDOWN && in_cell(d))
		buf_puts(d->out, "<br>");
	else if (d->fmt == DOC_MARKDOWN)
		buf_printf(d->out, "\\%s", indent(d));
	else
		buf_puts(d->out, indent(d));
}

bool
doc_url_safe(const char *url)
{
	return strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0 ||
	    strncasecmp(url, "mailto:", 7) == 0;
}

/* A URL in Markdown: what would end it or the table cell is
 * percent-encoded. */
static void
put_md_url(struct doc *d, const char *url, bool bracketed)
{
	for (; *url; url++) {
		unsigned char c = (unsigned char)*url;

		if (c <= ' ' || c == '<' || c == '>' || c == '"' || c == '`' || c == '|' ||
		    c == 0x7f || (bracketed && (c == '(' || c == ')')))
			buf_printf(d->out, "%%%02X", c);
		else
			buf_putc(d->out, (char)c);
	}
}

void
doc_link(struct doc *d, const char *url, const char *label)
{
	bool safe = doc_url_safe(url);

	if (d->fmt == DOC_HTML && safe) {
		/* a label hides the URL: class "ref" prints it after the label */
		buf_puts(d->out, label ? "<a class=\"ref\" href=\"" : "<a href=\"");
		put_html(d->out, url, true);
		buf_puts(d->out, "\">");
		put_html(d->out, label ? label : url, false);
		buf_puts(d->out, "</a>");
	} else if (d->fmt == DOC_MARKDOWN && safe && label) {
		buf_putc(d->out, '[');
		for (; *label; label++) {
			char one[2] = { *label, '\0' };

			if (strchr("[]\\", *label))
				buf_putc(d->out, '\\');
			put_md(d, one);
		}
		buf_puts(d->out, "](");
		put_md_url(d, url, true);
		buf_putc(d->out, ')');
	} else if (d->fmt == DOC_MARKDOWN && safe) {
		put_md_url(d, url, false);
	} else if (label) {
		put_text(d, label);
		put_text(d, " (");
		put_text(d, url);
		put_text(d, ")");
	} else {
		put_text(d, url);
	}
}

/* ---- blocks ------------------------------------------------------------- */

static void
close_lists(struct doc *d)
{
	for (; d->lists > 0; d->lists--)
		buf_puts(d->out, "</li>\n</ul>\n");
}

/* Before a block that is not a list item. */
static void
block_start(struct doc *d)
{
	doc_end(d);
	if (d->cell >= 0)
		doc_table_end(d);
	if (d->fmt == DOC_HTML)
		close_lists(d);
	if (d->fmt == DOC_MARKDOWN && (d->after_list || d->blank))
		buf_putc(d->out, '\n');
	d->after_list = d->blank = false;
}

void
doc_title(struct doc *d, const char *text)
{
	block_start(d);
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "<h1>");
	else if (d->fmt == DOC_MARKDOWN)
		buf_puts(d->out, "# ");
	put_text(d, text);
	buf_puts(d->out, d->fmt == DOC_HTML ? "</h1>\n" : d->fmt == DOC_MARKDOWN ? "\n\n" : "\n");
}

/* Columns a UTF-8 string takes on a terminal (umlauts are one column). */
static size_t
display_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

void
doc_heading(struct doc *d, int level, const char *text)
{
	size_t n;

	doc_end(d);
	d->after_list = d->blank = false;	/* a heading brings its own blank line */
	block_start(d);
	switch (d->fmt) {
	case DOC_HTML:
		buf_printf(d->out, "<h%d>", level);
		put_text(d, text);
		buf_printf(d->out, "</h%d>\n", level);
		break;
	case DOC_MARKDOWN:
		buf_printf(d->out, "\n%s ", level <= 2 ? "##" : "###");
		put_text(d, text);
		buf_puts(d->out, "\n\n");
		break;
	case DOC_TEXT:
		buf_printf(d->out, "\n%s\n", text);
		for (n = display_width(text); n > 0; n--)
			buf_putc(d->out, level <= 2 ? '-' : '~');
		buf_putc(d->out, '\n');
		break;
	}
}

void
doc_para(struct doc *d)
{
	block_start(d);
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "<p>");
	d->para = true;
}

void
doc_item(struct doc *d, int level)
{
	doc_end(d);
	if (d->cell >= 0)
		doc_table_end(d);
	if (level < 1)
		level = 1;
	switch (d->fmt) {
	case DOC_HTML:
		if (d->lists >= level) {
			for (; d->lists > level; d->lists--)
				buf_puts(d->out, "</li>\n</ul>\n");
			buf_puts(d->out, "</li>\n<li>");
		} else {
			for (; d->lists < level; d->lists++)
				buf_puts(d->out, "\n<ul>\n<li>");
		}
		break;
	case DOC_MARKDOWN:
		if (d->blank)
			buf_putc(d->out, '\n');
		buf_puts(d->out, level == 1 ? "- " : "  - ");
		d->after_list = true;
		d->blank = false;
		break;
	case DOC_TEXT:
		buf_puts(d->out, level == 1 ? "  " : "      ");
		break;
	}
	d->item = level;
}

void
doc_end(struct doc *d)
{
	if (d->para) {
		buf_puts(d->out, d->fmt == DOC_HTML ? "</p>\n" : "\n");
		d->blank = d->fmt == DOC_MARKDOWN;
	} else if (d->item && d->fmt != DOC_HTML)
		buf_putc(d->out, '\n');
	d->para = false;
	d->item = 0;
}

void
doc_rule(struct doc *d)
{
	block_start(d);
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "<hr>\n");
	else if (d->fmt == DOC_MARKDOWN)
		buf_puts(d->out, "---\n");
	else
		buf_puts(d->out, "\n------------------------------------------------------------------------\n");
	d->blank = d->fmt == DOC_MARKDOWN;
}

/* ---- tables ------------------------------------------------------------- */

void
doc_table(struct doc *d, size_t ncols, const char *const *headers)
{
	size_t i;

	block_start(d);
	d->ncols = ncols;
	d->cell = 0;
	d->row = true;		/* the header row escapes like a body row */
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "<table>\n<thead><tr>");
	for (i = 0; i < ncols; i++) {
		if (d->fmt == DOC_HTML)
			buf_puts(d->out, "<th>");
		else if (d->fmt == DOC_MARKDOWN)
			buf_puts(d->out, i ? " " : "| ");
		else if (i)
			buf_puts(d->out, " | ");
		put_text(d, headers[i]);
		buf_puts(d->out, d->fmt == DOC_HTML ? "</th>" : d->fmt == DOC_MARKDOWN ? " |" : "");
	}
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "</tr></thead>\n<tbody>\n");
	else if (d->fmt == DOC_MARKDOWN)
		for (i = 0; i <= ncols; i++)
			buf_puts(d->out, i == 0 ? "\n|" : i == ncols ? " --- |\n" : " --- |");
	else
		buf_putc(d->out, '\n');
	d->row = false;
}

static void
end_cell(struct doc *d)
{
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "</td>");
	else if (d->fmt == DOC_MARKDOWN)
		buf_puts(d->out, " |");
}

static void
end_row(struct doc *d)
{
	if (d->cell > 0)
		end_cell(d);
	for (; (size_t)d->cell < d->ncols; d->cell++)
		buf_puts(d->out, d->fmt == DOC_HTML ? "<td></td>" : d->fmt == DOC_MARKDOWN ?
		    "  |" : " | ");
	buf_puts(d->out, d->fmt == DOC_HTML ? "</tr>\n" : "\n");
	d->row = false;
}

void
doc_row(struct doc *d)
{
	if (d->cell < 0)
		return;
	if (d->row)
		end_row(d);
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "<tr>");
	else if (d->fmt == DOC_MARKDOWN)
		buf_putc(d->out, '|');
	d->row = true;
	d->cell = 0;
}

void
doc_cell(struct doc *d)
{
	if (d->cell < 0)
		return;
	if (!d->row)
		doc_row(d);
	if (d->cell > 0) {
		end_cell(d);
		if (d->fmt == DOC_TEXT)
			buf_puts(d->out, " | ");
	}
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "<td>");
	else if (d->fmt == DOC_MARKDOWN)
		buf_putc(d->out, ' ');
	d->cell++;
}

void
doc_table_end(struct doc *d)
{
	if (d->cell < 0)
		return;
	if (d->row)
		end_row(d);
	if (d->fmt == DOC_HTML)
		buf_puts(d->out, "</tbody>\n</table>\n");
	d->blank = d->fmt == DOC_MARKDOWN;
	d->cell = -1;
}

void
doc_finish(struct doc *d)
{
	doc_end(d);
	doc_table_end(d);
	if (d->fmt == DOC_HTML)
		close_lists(d);
}
