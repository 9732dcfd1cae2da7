/* ydoc.h -- YAML text to a positioned node tree, with hard limits.
 *
 * One file is one document.  Every node records where it starts (1-based
 * line and column, columns in characters as libyaml counts them).  Nodes
 * and strings live in the caller's arena.  Aliases share the anchored node
 * instead of copying it; the "weight" of every node counts what a full
 * expansion would visit, so alias bombs are refused in linear time.
 */
#ifndef GH_YDOC_H
#define GH_YDOC_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "diag.h"

enum ynode_kind {
	YN_SCALAR,
	YN_SEQ,
	YN_MAP,
};

struct ynode {
	enum ynode_kind kind;
	struct gh_pos pos;
	const char *tag;	/* explicit tag, or NULL */
	bool plain;		/* scalar written without quotes or block style */
	bool quoted;		/* scalar in single or double quotes */
	char block;		/* '|' or '>' for block scalars, else 0 */
	const char *raw;	/* block scalars: their lines as written */
	const char *str;	/* scalar text, NUL-terminated */
	size_t len;		/* scalar length (may contain NULs only if escaped) */
	struct ynode **kids;	/* seq: items; map: key, value, key, value ... */
	size_t n;		/* seq: items; map: pairs */
	size_t weight;		/* nodes a full alias expansion would visit */
};

struct ydoc_limits {
	size_t max_bytes;	/* larger files are refused */
	int max_depth;		/* deeper nesting is refused */
	size_t max_weight;	/* alias expansion budget, in nodes */
};

#define YDOC_MAX_BYTES (4u * 1024 * 1024)
#define YDOC_MAX_DEPTH 64
#define YDOC_MAX_WEIGHT 100000u

void ydoc_default_limits(struct ydoc_limits *lim);

/* Parse buf (len bytes, need not be NUL-terminated).  Returns 0 when no
 * error was found, else -1 with positioned errors added to d.  *root is the
 * document's root node, NULL for an empty file, and also NULL after a fatal
 * error (syntax, limits).  Duplicate or non-scalar keys are errors that
 * keep the tree, so callers can go on and report the rest of the file. */
int ydoc_parse(struct arena *a, const char *file, const char *buf, size_t len,
    const struct ydoc_limits *lim, struct ynode **root, struct diags *d);

/* Check buf is valid UTF-8 without NUL bytes; on failure report where. */
int ydoc_check_utf8(const char *file, const char *buf, size_t len, struct diags *d);

/* Map lookup by key (linear; maps in packet files are small). */
struct ynode *ydoc_map_get(const struct ynode *map, const char *key);

/* A plain scalar that YAML reads as null: "", "~", "null", "Null", "NULL". */
bool ydoc_is_null(const struct ynode *n);
const char *ydoc_kind_name(enum ynode_kind k);

#endif
