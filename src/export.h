/* export.h -- the audit export: one self-contained recommendation packet
 * that a change lead takes to the change advisory board and an auditor
 * files ("gatehouse export").
 *
 * It holds, as of one commit: the request, the recommendation with its
 * route and deciding authority, every gate with the expression and values
 * that decided it, the ranked options, the precedent comparison, the
 * assumptions, every review record with the commit that added it and its
 * stale flag, the history of the recommendation up to that commit, and a
 * footer naming repository, commit, dates and engine version.
 *
 * Built from history.h (history_point_load, history_walk,
 * history_recommend) and render.h; the markup is doc.h's, so every text
 * is escaped for Markdown or HTML.  Restricted evidence is loaded the way
 * evaluate loads it: whoever cannot read the companion repository gets
 * the placeholder, and nothing of the item reaches the export.
 *
 * Same inputs (repository, commit, dates), same bytes.  Nothing prints;
 * errors go into the caller's struct buf.
 */
#ifndef GH_EXPORT_H
#define GH_EXPORT_H

#include "doc.h"
#include "store.h"

struct export_opts {
	const char *rev;		/* the commit exported; NULL = "HEAD" */
	gh_time generated;		/* the date in the footer ("today") */
	const gh_time *today;		/* evaluate the exported commit for this
					 * date; NULL: the date it was committed */
	const gh_time *history_today;	/* the same for each commit of the
					 * history; NULL: each its own date */
	enum doc_format format;		/* DOC_MARKDOWN or DOC_HTML */
};

/* Append the export of packet to out.  Returns 0; -1 with err when the
 * revision names no commit or the packet is not in it; -2 with err when
 * the packet's request does not load.  On error out is left as it was. */
int export_packet(struct store *st, const char *packet, const struct export_opts *o,
    struct buf *out, struct buf *err);

/* HTML around the document (export_html.c): the head with its inline
 * style sheet, and the end.  title is escaped. */
void export_html_begin(struct buf *out, const char *lang, const char *title);
void export_html_end(struct buf *out);

#endif
