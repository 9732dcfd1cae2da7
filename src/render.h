/* render.h -- a recommendation as text, JSON, Markdown or (through doc.h) HTML.
 *
 * Output is deterministic: the same recommendation gives the same bytes.
 * The JSON shape is documented in gatehouse(1) under "JSON OUTPUT".
 */
#ifndef GH_RENDER_H
#define GH_RENDER_H

#include "doc.h"
#include "engine.h"

enum render_format {
	RENDER_TEXT,
	RENDER_JSON,
	RENDER_MARKDOWN,
};

extern const char *const render_format_names[];	/* "text", "json", "markdown" */

void render_recommendation(const struct recommendation *rec, enum render_format f,
    struct buf *out);
void render_json(const struct recommendation *rec, struct buf *out);

/* The pieces, for documents built around a recommendation (export.c):
 * the title with the verdict, route, hard triggers and chosen option; then
 * evidence, gates, options, approval matrix rows, precedents and
 * assumptions.  flags: RENDER_EXPLAIN_ALL shows every gate's expression,
 * values and rule, passing gates' too. */
#define RENDER_EXPLAIN_ALL 1u
void render_header(const struct recommendation *rec, struct doc *d);
void render_body(const struct recommendation *rec, struct doc *d, unsigned flags);

/* Shared small formatters. */
void render_time(gh_time t, struct buf *out);	/* date, or date+time when not midnight */
void render_doc_time(struct doc *d, gh_time t);	/* the same, as document text */

#endif
