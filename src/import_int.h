/* import_int.h -- shared by the import modules: node-tree building and
 * the per-format parsers.  Nodes live in the import's arena. */
#ifndef GH_IMPORT_INT_H
#define GH_IMPORT_INT_H

#include "import.h"

struct import_ctx {
	struct arena *a;
	const struct import_req *q;
	struct diags *d;
	/* filled by the format's parser */
	int type;			/* enum gh_evidence_type */
	struct ynode *data;		/* the evidence's data mapping */
	struct ynode *doc;		/* generic: a whole evidence document */
	const char *id;			/* default id */
	const char *title;
	const char *summary;
	const char *system;		/* source.system */
	const char *default_link;	/* source.link when none is given */
};

/* Positioned error in the input. */
void import_error(struct import_ctx *c, struct gh_pos pos, const char *fmt, ...)
	GH_PRINTF(3, 4);
void import_warning(struct import_ctx *c, struct gh_pos pos, const char *fmt, ...)
	GH_PRINTF(3, 4);

/* Node builders: scalars are plain (numbers, dates, booleans) or strings. */
struct ynode *yb_map(struct arena *a);
struct ynode *yb_seq(struct arena *a);
struct ynode *yb_str(struct arena *a, const char *s);
struct ynode *yb_plain(struct arena *a, const char *s);
void yb_put(struct arena *a, struct ynode *map, const char *key, struct ynode *val);
void yb_add(struct arena *a, struct ynode *seq, struct ynode *item);

/* Block-style YAML for a node tree (the evidence file's body). */
void import_emit(struct buf *b, const struct ynode *map, int indent);

int import_pg(struct import_ctx *c);
int import_aws(struct import_ctx *c);
int import_generic(struct import_ctx *c);

#endif
