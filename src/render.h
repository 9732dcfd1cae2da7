/* render.h -- a recommendation as text, JSON or Markdown.
 *
 * Output is deterministic: the same recommendation gives the same bytes.
 * The JSON shape is documented in gatehouse(1) under "JSON OUTPUT".
 */
#ifndef GH_RENDER_H
#define GH_RENDER_H

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

/* Shared small formatters. */
void render_time(gh_time t, struct buf *out);	/* date, or date+time when not midnight */

#endif
