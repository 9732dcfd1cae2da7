/* repo.c -- read every file of a packet repository and check how the
 * files refer to each other. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "repo.h"

/* ---- filesystem source ------------------------------------------------ */

static char *
fs_path(void *ctx, const char *rel)
{
	return rel[0] ? xasprintf("%s/%s", (const char *)ctx, rel) : xstrdup(ctx);
}

static int
dirent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct repo_dirent *)a)->name,
	    ((const struct repo_dirent *)b)->name);
}

static int
fs_list(void *ctx, const char *dir, struct repo_dirent **out, size_t *n)
{
	char *path = fs_path(ctx, dir);
	struct repo_dirent *v = NULL;
	size_t cap = 0;
	struct dirent *de;
	DIR *dp = opendir(path);

	*out = NULL;
	*n = 0;
	if (dp == NULL) {
		free(path);
		return -1;
	}
	while ((de = readdir(dp)) != NULL) {
		struct stat st;
		char *full;

		if (de->d_name[0] == '.')
			continue;
		full = xasprintf("%s/%s", path, de->d_name);
		if (stat(full, &st) < 0) {
			free(full);
			continue;
		}
		free(full);
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[*n].name = xstrdup(de->d_name);
		v[*n].is_dir = S_ISDIR(st.st_mode);
		(*n)++;
	}
	closedir(dp);
	free(path);
	if (*n)
		qsort(v, *n, sizeof *v, dirent_cmp);
	*out = v;
	return 0;
}

static int
fs_read(void *ctx, const char *rel, size_t max, char **buf, size_t *len)
{
	char *path = fs_path(ctx, rel);
	int r = file_read_all(path, max, buf, len);

	free(path);
	return r;
}

void
repo_fs_source(struct repo_source *src, const char *root)
{
	src->ctx = xstrdup(root);
	src->list = fs_list;
	src->read = fs_read;
	src->base_dir = src->ctx;
}

void
repo_fs_source_free(struct repo_source *src)
{
	free(src->ctx);
	src->ctx = NULL;
}

static void
dirents_free(struct repo_dirent *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* ---- loading ---------------------------------------------------------- */

struct loader {
	struct gh_repo *r;
	const struct repo_source *src;
	const char *label;
	struct diags *d;
};

static const struct gh_pos nopos = { 0, 0 };

/* Name shown in messages: the path the user gave plus the file. */
static const char *
display_name(struct loader *l, const char *rel)
{
	if (strcmp(l->label, ".") == 0)
		return arena_strdup(&l->r->arena, rel);
	return arena_printf(&l->r->arena, "%s/%s", l->label, rel);
}

void *
repo_parse_file(struct arena *a, const char *file, const char *buf, size_t len,
    const struct schema *s, struct diags *d)
{
	struct ynode *root = NULL;
	struct load_ctx c;

	size_t before = d->errors;

	if (ydoc_parse(a, file, buf, len, NULL, &root, d) < 0 && root == NULL)
		return NULL;
	if (root == NULL && d->errors == before) {
		diag_add(d, DIAG_ERROR, file, (struct gh_pos){ 1, 1 },
		    _("file is empty; expected %s"), s->name);
		return NULL;
	}
	if (root == NULL)
		return NULL;
	load_ctx_init(&c, a, file, d);
	return schema_load_new(&c, s, root);
}

/* Read and load rel as schema s; NULL if it is missing or broken.
 * *errors counts the problems found (for per-packet status). */
static void *
load_file(struct loader *l, const char *rel, const struct schema *s, bool required,
    int *errors)
{
	const char *name = display_name(l, rel);
	size_t before = l->d->errors, len = 0;
	char *buf = NULL;
	void *obj = NULL;
	int r;

	r = l->src->read(l->src->ctx, rel, YDOC_MAX_BYTES, &buf, &len);
	if (r == -2) {
		diag_add(l->d, DIAG_ERROR, name, nopos,
		    _("file is %zu bytes, more than the limit of %u"), len, YDOC_MAX_BYTES);
	} else if (r < 0) {
		if (required || errno != ENOENT)
			diag_add(l->d, DIAG_ERROR, name, nopos, _("cannot read: %s"),
			    errno == ENOENT ? _("no such file") : strerror(errno));
	} else {
		l->r->files++;
		obj = repo_parse_file(&l->r->arena, name, buf, len, s, l->d);
		free(buf);
	}
	if (errors)
		*errors += (int)(l->d->errors - before);
	return obj;
}

static char *
stem(const char *name)
{
	return xstrndup(name, strlen(name) - strlen(".yaml"));
}

/* Report a file that does not belong where it is. */
static void
stray(struct loader *l, const char *dir, const char *name, const char *why)
{
	char *rel = xasprintf("%s/%s", dir, name);

	diag_add(l->d, DIAG_WARNING, display_name(l, rel), nopos, "%s", why);
	free(rel);
}

static void
load_policy(struct loader *l)
{
	static const struct {
		const char *file;
		const struct schema *s;
		size_t off;
	} files[] = {
		{ "gates.yaml", &gh_gates_schema, offsetof(struct gh_policy, gates) },
		{ "options.yaml", &gh_options_schema, offsetof(struct gh_policy, options) },
		{ "authority.yaml", &gh_authority_schema, offsetof(struct gh_policy, authority) },
		{ "calendar.yaml", &gh_calendar_schema, offsetof(struct gh_policy, calendar) },
		{ "lifecycle.yaml", &gh_lifecycle_schema, offsetof(struct gh_policy, lifecycle) },
		{ "roles.yaml", &gh_roles_schema, offsetof(struct gh_policy, roles) },
	};
	struct repo_dirent *ents;
	size_t n, i, k;

	for (k = 0; k < GH_ARRAY_SIZE(files); k++) {
		char *rel = xasprintf("policy/%s", files[k].file);

		*(void **)((char *)&l->r->policy + files[k].off) =
		    load_file(l, rel, files[k].s, true, NULL);
		free(rel);
	}
	if (l->src->list(l->src->ctx, "policy", &ents, &n) < 0)
		return;
	for (i = 0; i < n; i++) {
		for (k = 0; k < GH_ARRAY_SIZE(files); k++)
			if (strcmp(ents[i].name, files[k].file) == 0)
				break;
		if (k == GH_ARRAY_SIZE(files))
			stray(l, "policy", ents[i].name,
			    _("not a policy file gatehouse reads (expected gates, options, authority, calendar, lifecycle or roles .yaml)"));
	}
	dirents_free(ents, n);
}

/* The file name is an item's identity; an explicit id must agree. */
static void
check_file_id(struct loader *l, void *obj, size_t id_off, const char *file, int *errors)
{
	const char **idp = (const char **)((char *)obj + id_off);
	struct gh_obj *o = obj;
	char *st = stem(file);

	if (*idp == NULL) {
		*idp = arena_strdup(&l->r->arena, st);
	} else if (strcmp(*idp, st) != 0) {
		diag_add(l->d, DIAG_ERROR, o->file, schema_pos_of(o, "id"),
		    _("id '%s' does not match the file name '%s'"), *idp, file);
		if (errors)
			(*errors)++;
	}
	free(st);
}

/* Load every *.yaml of dir as schema s into a malloc'd pointer vector. */
static void **
load_dir(struct loader *l, const char *dir, const struct schema *s, size_t id_off,
    size_t *count, int *errors)
{
	struct repo_dirent *ents;
	void **v = NULL;
	size_t n, i;

	*count = 0;
	if (l->src->list(l->src->ctx, dir, &ents, &n) < 0)
		return NULL;
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		char *rel;
		void *obj;

		if (ents[i].is_dir || !str_endswith(ents[i].name, ".yaml")) {
			stray(l, dir, ents[i].name, ents[i].is_dir ?
			    _("unexpected directory; ignored") :
			    _("not a .yaml file; ignored"));
			continue;
		}
		rel = xasprintf("%s/%s", dir, ents[i].name);
		obj = load_file(l, rel, s, true, errors);
		free(rel);
		if (obj == NULL)
			continue;
		check_file_id(l, obj, id_off, ents[i].name, errors);
		v[(*count)++] = obj;
	}
	dirents_free(ents, n);
	return v;
}

/* Copy a malloc'd pointer vector into the arena as a GH_LIST. */
static void
to_list(struct loader *l, void **v, size_t n, struct gh_list *out)
{
	out->n = n;
	out->v = n ? arena_alloc(&l->r->arena, n * sizeof *v) : NULL;
	if (n)
		memcpy(out->v, v, n * sizeof *v);
	free(v);
}

static void
load_packet(struct loader *l, const char *id, struct gh_packet *p)
{
	char *rel = xasprintf("packets/%s/request.yaml", id), *sub;
	struct repo_dirent *ents;
	void **v;
	size_t n, i;

	p->id = arena_strdup(&l->r->arena, id);
	p->dir = arena_printf(&l->r->arena, "packets/%s", id);
	p->request = load_file(l, rel, &gh_request_schema, true, &p->errors);
	free(rel);
	if (p->request && p->request->id && strcmp(p->request->id, id) != 0) {
		diag_add(l->d, DIAG_ERROR, p->request->o.file,
		    schema_pos_of(&p->request->o, "id"),
		    _("packet id '%s' does not match its directory '%s'"), p->request->id, id);
		p->errors++;
	}
	sub = xasprintf("packets/%s/evidence", id);
	v = load_dir(l, sub, &gh_evidence_schema, offsetof(struct gh_evidence, id), &n, &p->errors);
	to_list(l, v, n, (struct gh_list *)&p->evidence);
	free(sub);
	sub = xasprintf("packets/%s/reviews", id);
	v = load_dir(l, sub, &gh_review_schema, offsetof(struct gh_review, id), &n, &p->errors);
	to_list(l, v, n, (struct gh_list *)&p->reviews);
	free(sub);
	sub = xasprintf("packets/%s", id);
	if (l->src->list(l->src->ctx, sub, &ents, &n) == 0) {
		for (i = 0; i < n; i++)
			if (strcmp(ents[i].name, "request.yaml") && strcmp(ents[i].name, "evidence") &&
			    strcmp(ents[i].name, "reviews"))
				stray(l, sub, ents[i].name,
				    _("not part of a packet (expected request.yaml, evidence/ and reviews/); ignored"));
		dirents_free(ents, n);
	}
	free(sub);
}

static void
load_packets(struct loader *l)
{
	struct repo_dirent *ents;
	size_t n, i, k = 0;

	if (l->src->list(l->src->ctx, "packets", &ents, &n) < 0)
		return;
	l->r->packets.v = n ? arena_alloc(&l->r->arena, n * sizeof *l->r->packets.v) : NULL;
	for (i = 0; i < n; i++) {
		if (!ents[i].is_dir) {
			stray(l, "packets", ents[i].name,
			    _("packets/ holds one directory per packet; ignored"));
			continue;
		}
		load_packet(l, ents[i].name, &l->r->packets.v[k++]);
	}
	l->r->packets.n = k;
	dirents_free(ents, n);
}

struct gh_repo *
repo_load_source(const char *label, const struct repo_source *src, struct diags *d)
{
	struct gh_repo *r = xcalloc(1, sizeof *r);
	struct loader l = { r, src, label, d };
	struct repo_dirent *ents;
	size_t n;
	void **v;

	arena_init(&r->arena);
	r->root = arena_strdup(&r->arena, label);
	if (src->list(src->ctx, "", &ents, &n) < 0) {
		diag_add(d, DIAG_ERROR, label, nopos, _("cannot read the repository: %s"),
		    strerror(errno));
		repo_free(r);
		return NULL;
	}
	dirents_free(ents, n);
	r->settings = load_file(&l, "gatehouse.yaml", &gh_settings_schema, true, NULL);
	load_policy(&l);
	load_packets(&l);
	repo_merge_restricted(r, src->base_dir, d);
	v = load_dir(&l, "precedents", &gh_precedent_schema,
	    offsetof(struct gh_precedent, id), &n, NULL);
	to_list(&l, v, n, (struct gh_list *)&r->precedents);
	repo_check_refs(r, d);
	return r;
}

struct gh_repo *
repo_load(const char *root, struct diags *d)
{
	struct repo_source src;
	struct gh_repo *r;

	repo_fs_source(&src, root);
	r = repo_load_source(root, &src, d);
	repo_fs_source_free(&src);
	return r;
}

/* A source that lists only some packets: the rest of packets/ is never
 * read, so loading them costs the same whatever the size of the
 * repository. */
struct only_src {
	const struct repo_source *in;
	const char *const *ids;
	size_t n;
};

static int
only_list(void *ctx, const char *dir, struct repo_dirent **out, size_t *n)
{
	struct only_src *o = ctx;
	struct repo_dirent *sub;
	size_t i, k = 0, ns;

	if (strcmp(dir, "packets") != 0)
		return o->in->list(o->in->ctx, dir, out, n);
	*out = xcalloc(o->n + 1, sizeof **out);
	for (i = 0; i < o->n; i++) {
		char *path = xasprintf("packets/%s", o->ids[i]);

		/* a packet is a directory right under packets/ */
		if (o->ids[i][0] && o->ids[i][0] != '.' && strchr(o->ids[i], '/') == NULL &&
		    o->in->list(o->in->ctx, path, &sub, &ns) == 0) {
			dirents_free(sub, ns);
			(*out)[k].name = xstrdup(o->ids[i]);
			(*out)[k++].is_dir = true;
		}
		free(path);
	}
	qsort(*out, k, sizeof **out, dirent_cmp);
	*n = k;
	return 0;
}

static int
only_read(void *ctx, const char *path, size_t max, char **buf, size_t *len)
{
	struct only_src *o = ctx;

	return o->in->read(o->in->ctx, path, max, buf, len);
}

struct gh_repo *
repo_load_only(const char *label, const struct repo_source *src, const char *const *ids,
    size_t n, struct diags *d)
{
	struct only_src o = { src, ids, n };
	struct repo_source only = { &o, only_list, only_read, src->base_dir };

	return repo_load_source(label, &only, d);
}

void
repo_free(struct gh_repo *r)
{
	if (r == NULL)
		return;
	arena_free(&r->arena);
	free(r);
}

const struct gh_packet *
repo_packet(const struct gh_repo *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->packets.n; i++)
		if (strcmp(r->packets.v[i].id, id) == 0)
			return &r->packets.v[i];
	return NULL;
}
