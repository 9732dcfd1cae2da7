/* diag.h -- positioned problem reports ("file:line:column: message").
 *
 * Parsers never print: they add every problem they find to a struct diags
 * (tmux cfg_add_cause style) and the caller decides how to show them.
 * The list owns all its strings.
 */
#ifndef GH_DIAG_H
#define GH_DIAG_H

#include <stddef.h>

#include "util.h"

enum diag_sev {
	DIAG_ERROR,
	DIAG_WARNING,
};

/* A position in an input file; line and col are 1-based, 0 = unknown. */
struct gh_pos {
	int line;
	int col;
};

struct diag {
	enum diag_sev sev;
	char *file;
	int line;
	int col;
	char *msg;
	size_t seq;		/* insertion order, the sort's tie-break */
};

struct diags {
	struct diag *v;
	size_t n, cap;
	size_t errors, warnings;
	size_t max;		/* stop recording after this many (0 = 10000) */
	size_t dropped;
};

void diags_init(struct diags *d);
void diags_free(struct diags *d);
void diag_add(struct diags *d, enum diag_sev sev, const char *file,
    struct gh_pos pos, const char *fmt, ...) GH_PRINTF(5, 6);
void diag_vadd(struct diags *d, enum diag_sev sev, const char *file,
    struct gh_pos pos, const char *fmt, va_list ap) GH_PRINTF(5, 0);
/* Add a copy of every problem of from to to. */
void diags_append(struct diags *to, const struct diags *from);
/* Sort by file, line, column (stable) so output is deterministic. */
void diags_sort(struct diags *d);
/* "file:line:col: error: message" (line/col left out when unknown). */
void diag_format(const struct diag *g, struct buf *out);
void diags_print_text(const struct diags *d, struct buf *out);
void diags_print_json(const struct diags *d, struct buf *out);

#endif
