/* repo_restricted.c -- restricted evidence lives in a companion repository
 * whose access the operating system controls (seed 000; DESIGN principle
 * 6).  The main repository keeps a placeholder per item (id, type, class).
 * Whoever can read the companion gets the item; anyone else keeps the
 * placeholder, and no restricted byte is ever read into memory for them. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "repo.h"

/* Parse one companion file as evidence, restricted classes allowed. */
static struct gh_evidence *
load_item(struct gh_repo *r, const char *path, struct diags *d)
{
	struct ynode *root = NULL;
	struct load_ctx c;
	size_t len;
	char *buf;
	struct gh_evidence *e = NULL;
	const char *name = arena_strdup(&r->arena, path);

	if (file_read_all(path, YDOC_MAX_BYTES, &buf, &len) < 0)
		return NULL;
	if (ydoc_parse(&r->arena, name, buf, len, NULL, &root, d) == 0 || root) {
		load_ctx_init(&c, &r->arena, name, d);
		c.companion = true;
		if (root)
			e = schema_load_new(&c, &gh_evidence_schema, root);
	}
	free(buf);
	return e;
}

static void
merge_one(struct gh_repo *r, const char *dir, const struct gh_packet *pk, size_t i,
    struct diags *d)
{
	struct gh_evidence *ph = pk->evidence.v[i], *e;
	char *path = xasprintf("%s/packets/%s/evidence/%s.yaml", dir, pk->id, ph->id);

	ph->redacted = true;
	if (access(path, R_OK) != 0) {
		/* no access is normal; a readable companion missing the item is not */
		if (errno == ENOENT && access(dir, R_OK | X_OK) == 0)
			diag_add(d, DIAG_WARNING, ph->o.file, ph->o.pos,
			    _("restricted item '%s' is not in the companion repository %s"),
			    ph->id, dir);
		free(path);
		return;
	}
	e = load_item(r, path, d);
	free(path);
	if (e == NULL || e->restricted)
		return;
	if (e->type != ph->type || e->sensitivity != ph->sensitivity) {
		diag_add(d, DIAG_ERROR, e->o.file, e->o.pos,
		    _("restricted item '%s' differs in type or class from its placeholder %s"),
		    ph->id, ph->o.file);
		return;
	}
	e->id = ph->id;
	e->restricted = true;
	e->redacted = false;
	pk->evidence.v[i] = e;
}

void
repo_merge_restricted(struct gh_repo *r, const char *base_dir, struct diags *d)
{
	const char *rel = r->settings ? r->settings->restricted : NULL;
	char *dir;
	size_t p, i;

	if (rel == NULL || base_dir == NULL)
		return;
	dir = rel[0] == '/' ? xstrdup(rel) : xasprintf("%s/%s", base_dir, rel);
	for (p = 0; p < r->packets.n; p++)
		for (i = 0; i < r->packets.v[p].evidence.n; i++)
			if (r->packets.v[p].evidence.v[i]->restricted)
				merge_one(r, dir, &r->packets.v[p], i, d);
	free(dir);
}
