/* doc.h -- a small document writer: the same calls become plain text,
 * GitHub-flavoured Markdown or HTML.
 *
 * The renderers (render.c, export.c) say what they write -- a heading, a
 * list item, a code span, a link, a table cell -- and the writer chooses
 * the markup and escapes every text it is given for the format and the
 * place (a Markdown table cell escapes '|' and newlines, HTML escapes
 * everything).  No caller builds markup out of strings it did not write,
 * so a comment saying "<script>" stays text in every format.
 *
 * Blocks are line-shaped: a paragraph or a list item is begun, filled
 * with inline calls and ended with doc_end().  List items have a level (1
 * or 2); the writer opens and closes the HTML lists as levels come and
 * go.  Tables are begun with their headers, filled row by row, cell by
 * cell, and ended with doc_table_end().  doc_finish() closes whatever is
 * open.
 *
 * Links become <a href> in HTML only for http, https and mailto; any
 * other scheme is shown as text, never followed.
 *
 * Ownership: the writer appends to the caller's buffer and owns nothing.
 */
#ifndef GH_DOC_H
#define GH_DOC_H

#include "util.h"

enum doc_format {
	DOC_TEXT,
	DOC_MARKDOWN,
	DOC_HTML,
};

struct doc {
	enum doc_format fmt;
	struct buf *out;
	int lists;		/* HTML: <ul> levels open (each with an open <li>) */
	int item;		/* level of the list item being written, 0 = none */
	bool para;		/* a paragraph is being written */
	bool after_list;	/* Markdown: the last block was a list item */
	bool blank;		/* Markdown: a blank line is owed before the next block */
	int cell;		/* cells begun in this table row; -1 = no table */
	size_t ncols;
	bool row;		/* a table row is open */
};

void doc_init(struct doc *d, enum doc_format f, struct buf *out);

/* Blocks. */
void doc_title(struct doc *d, const char *text);		/* the one top heading */
void doc_heading(struct doc *d, int level, const char *text);	/* 2 or 3 */
void doc_para(struct doc *d);					/* begin a paragraph */
void doc_item(struct doc *d, int level);			/* begin a list item */
void doc_end(struct doc *d);					/* end paragraph or item */
void doc_rule(struct doc *d);					/* a horizontal rule */

/* Inline, inside a paragraph, item or cell. */
void doc_text(struct doc *d, const char *s);
void doc_printf(struct doc *d, const char *fmt, ...) GH_PRINTF(2, 3);
void doc_code(struct doc *d, const char *s);
void doc_strong(struct doc *d, bool on);
/* A link showing label (or, when label is NULL, the URL itself). */
void doc_link(struct doc *d, const char *url, const char *label);
void doc_break(struct doc *d);					/* a line break */

/* Tables. */
void doc_table(struct doc *d, size_t ncols, const char *const *headers);
void doc_row(struct doc *d);
void doc_cell(struct doc *d);
void doc_table_end(struct doc *d);

/* Close every open list, paragraph and table. */
void doc_finish(struct doc *d);

/* Is url one the HTML writer links to (http, https, mailto)? */
bool doc_url_safe(const char *url);

#endif
