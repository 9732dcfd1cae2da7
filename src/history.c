/* history.c -- first-parent history of packets by tree ids, and the
 * recommendation as of any commit. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <git2.h>

#include "history.h"
#include "ydoc.h"

static int
git_fail(struct buf *err, const char *what)
{
	const git_error *e = git_error_last();

	buf_printf(err, "%s: %s", what, e && e->message ? e->message : _("unknown git error"));
	return -1;
}

/* A handle of our own on the store's repository: the store keeps its
 * git_repository private, and a second handle costs one config read. */
static int
open_repo(struct store *s, git_repository **repo, struct buf *err)
{
	if (git_repository_open_ext(repo, store_path(s), GIT_REPOSITORY_OPEN_NO_SEARCH,
	    NULL) < 0)
		return git_fail(err, store_path(s));
	return 0;
}

static int
resolve_commit(git_repository *repo, const char *rev, git_commit **out, struct buf *err)
{
	git_object *obj = NULL;
	int r;

	*out = NULL;
	if (git_revparse_single(&obj, repo, rev) < 0) {
		buf_printf(err, _("unknown revision '%s'"), rev);
		return -1;
	}
	r = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (r < 0) {
		buf_printf(err, _("'%s' does not name a commit"), rev);
		return -1;
	}
	return 0;
}

gh_time
history_day(gh_time t)
{
	return t - (((t % 86400) + 86400) % 86400);
}

const char *
history_status_name(enum history_status st)
{
	static const char *const names[] = { "added", "changed", "removed" };

	return names[st];
}

const char *
history_what_name(enum history_what w)
{
	static const char *const names[] = { "review", "evidence", "request", "other",
		"policy" };

	return names[w];
}

/* ---- reading trees ---------------------------------------------------- */

/* libgit2 keeps no tree larger than 4 KiB in its object cache, and the
 * trees that change on every step of a walk (packets/, a busy reviews/)
 * are larger: the tree a step reads as the parent's is the next step's
 * current one, so keeping the last few read halves the reading. */
#define TREE_CACHE 16

struct walker {
	git_repository *repo;
	const struct history_opts *o;
	bool skip_reviews;		/* history_diff: inputs only */
	struct arena *a;		/* where this commit's results go */
	struct history_change *v;	/* this commit's changes (malloc'd) */
	size_t n, cap;
	git_tree *cache[TREE_CACHE];	/* the trees read last, round robin */
	size_t next;
};

/* The tree id, or NULL when the id is zero or the tree cannot be read (a
 * shallow or damaged clone: it then counts as empty).  The caller frees
 * the reference it gets. */
static git_tree *
walker_tree(struct walker *w, const git_oid *id)
{
	git_tree *t = NULL;
	size_t i;

	if (git_oid_is_zero(id))
		return NULL;
	for (i = 0; i < TREE_CACHE; i++)
		if (w->cache[i] && git_oid_equal(git_tree_id(w->cache[i]), id))
			return git_tree_dup(&t, w->cache[i]) < 0 ? NULL : t;
	if (git_tree_lookup(&t, w->repo, id) < 0)
		return NULL;
	git_tree_free(w->cache[w->next]);
	if (git_tree_dup(&w->cache[w->next], t) < 0)
		w->cache[w->next] = NULL;
	w->next = (w->next + 1) % TREE_CACHE;
	return t;
}

static void
walker_free(struct walker *w)
{
	size_t i;

	for (i = 0; i < TREE_CACHE; i++)
		git_tree_free(w->cache[i]);
	free(w->v);
	git_repository_free(w->repo);
}

/* ---- tree ids of one commit ------------------------------------------- */

/* What a commit's tree looks like at the levels the walk compares.  The
 * packet's id is read only when the packets/ ids differ, and kept: the
 * parent's snapshot becomes the next step's current one. */
struct snap {
	git_oid root, packets, policy, packet;
	bool packet_known;
};

static void
entry_tree_id(const git_tree_entry *e, git_oid *out)
{
	memset(out, 0, sizeof *out);
	if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_oid_cpy(out, git_tree_entry_id(e));
}

static void
snap_of(struct walker *w, const git_commit *c, struct snap *sn)
{
	git_tree *t;

	memset(sn, 0, sizeof *sn);
	if (c == NULL)
		return;
	git_oid_cpy(&sn->root, git_commit_tree_id(c));
	if ((t = walker_tree(w, &sn->root)) == NULL)
		return;
	entry_tree_id(git_tree_entry_byname(t, "packets"), &sn->packets);
	entry_tree_id(git_tree_entry_byname(t, "policy"), &sn->policy);
	git_tree_free(t);
}

static const git_oid *
snap_packet(struct walker *w, struct snap *sn, const char *packet)
{
	git_tree *t;

	if (sn->packet_known)
		return &sn->packet;
	sn->packet_known = true;
	memset(&sn->packet, 0, sizeof sn->packet);
	if ((t = walker_tree(w, &sn->packets)) != NULL) {
		entry_tree_id(git_tree_entry_byname(t, packet), &sn->packet);
		git_tree_free(t);
	}
	return &sn->packet;
}

/* ---- comparing trees -------------------------------------------------- */

/* One directory being compared: which packet, where, and what its files are. */
struct dirdiff {
	struct walker *w;
	const char *packet;
	const char *dir;
	enum history_what what;
};

typedef void (*entry_fn)(struct dirdiff *dd, const char *name, const git_tree_entry *old,
    const git_tree_entry *new);

/* Call fn for every entry that differs between trees a and b (a zero id is
 * an empty tree), in one pass over both: tree entries are sorted, and a
 * busy reviews/ directory has thousands of them. */
static void
diff_trees(struct dirdiff *dd, const git_oid *a, const git_oid *b, entry_fn fn)
{
	git_tree *ta = walker_tree(dd->w, a), *tb = walker_tree(dd->w, b);
	size_t i = 0, j = 0, na = ta ? git_tree_entrycount(ta) : 0;
	size_t nb = tb ? git_tree_entrycount(tb) : 0;

	while (i < na || j < nb) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(ta, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(tb, j) : NULL;
		int c = ea == NULL ? 1 : eb == NULL ? -1 : git_tree_entry_cmp(ea, eb);

		if (c < 0)
			fn(dd, git_tree_entry_name(ea), ea, NULL);
		else if (c > 0)
			fn(dd, git_tree_entry_name(eb), NULL, eb);
		else if (!git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
			fn(dd, git_tree_entry_name(eb), ea, eb);
		i += c <= 0;
		j += c >= 0;
	}
	git_tree_free(ta);
	git_tree_free(tb);
}

/* Compare the subdirectory name of dd's directory. */
static void
diff_sub(struct dirdiff *dd, enum history_what what, const char *name,
    const git_tree_entry *old, const git_tree_entry *new, entry_fn fn)
{
	struct dirdiff sub = { dd->w, dd->packet, NULL, what };
	git_oid a, b;
	char *dir = xasprintf("%s/%s", dd->dir, name);

	sub.dir = dir;
	entry_tree_id(old, &a);
	entry_tree_id(new, &b);
	diff_trees(&sub, &a, &b, fn);
	free(dir);
}

/* The first error of d, as one line, into the arena. */
static const char *
first_problem(struct arena *a, const struct diags *d)
{
	struct buf b = BUF_INIT;
	const char *s;
	size_t i;

	for (i = 0; i < d->n && d->v[i].sev != DIAG_ERROR; i++)
		;
	if (i == d->n)
		return NULL;
	diag_format(&d->v[i], &b);
	while (b.len && b.s[b.len - 1] == '\n')
		b.s[--b.len] = '\0';
	s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* Read and parse a review record from its blob; a record that does not
 * parse keeps whatever loaded and says why. */
static void
parse_review(struct walker *w, struct history_change *ch, const git_oid *blob_id)
{
	git_blob *blob = NULL;
	struct gh_review *rv = NULL;
	struct diags d;
	size_t len;
	char *text;

	diags_init(&d);
	if (git_blob_lookup(&blob, w->repo, blob_id) < 0) {
		ch->problem = arena_printf(w->a, _("%s: cannot read the record"), ch->path);
	} else if ((len = (size_t)git_blob_rawsize(blob)) > YDOC_MAX_BYTES) {
		ch->problem = arena_printf(w->a, _("%s: file is %zu bytes, more than the limit of %u"),
		    ch->path, len, YDOC_MAX_BYTES);
	} else {
		text = xmalloc(len + 1);
		memcpy(text, git_blob_rawcontent(blob), len);
		text[len] = '\0';
		rv = repo_parse_file(w->a, ch->path, text, len, &gh_review_schema, &d);
		free(text);
		ch->problem = first_problem(w->a, &d);
	}
	if (rv && rv->id == NULL)
		rv->id = ch->name;
	ch->review = rv;
	git_blob_free(blob);
	diags_free(&d);
}

static void
add_change(struct dirdiff *dd, const char *name, const git_tree_entry *old,
    const git_tree_entry *new)
{
	struct walker *w = dd->w;
	struct history_change *ch;
	size_t stem = strlen(name);

	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->v = xreallocarray(w->v, w->cap, sizeof *w->v);
	}
	ch = &w->v[w->n++];
	memset(ch, 0, sizeof *ch);
	ch->what = dd->what;
	ch->status = old == NULL ? HS_ADDED : new == NULL ? HS_REMOVED : HS_CHANGED;
	ch->packet = dd->packet ? arena_strdup(w->a, dd->packet) : NULL;
	ch->path = arena_printf(w->a, "%s/%s", dd->dir, name);
	if (str_endswith(name, ".yaml"))
		stem -= strlen(".yaml");
	ch->name = arena_strndup(w->a, name, stem);
	/* a removed record is read from the parent, to say whose it was */
	if (dd->what == HW_REVIEW)
		parse_review(w, ch, git_tree_entry_id(new ? new : old));
}

static bool
entry_is_tree(const git_tree_entry *old, const git_tree_entry *new)
{
	return git_tree_entry_type(new ? new : old) == GIT_OBJECT_TREE;
}

/* A file of reviews/, evidence/ or policy/.  The loader reads only the
 * .yaml files of the first two, so only those count there; any file of
 * policy/ is part of the inputs digest, so every one counts. */
static void
file_entry(struct dirdiff *dd, const char *name, const git_tree_entry *old,
    const git_tree_entry *new)
{
	if (dd->what == HW_POLICY) {
		if (entry_is_tree(old, new))
			diff_sub(dd, HW_POLICY, name, old, new, file_entry);
		else
			add_change(dd, name, old, new);
		return;
	}
	if (!entry_is_tree(old, new) && str_endswith(name, ".yaml"))
		add_change(dd, name, old, new);
}

/* An entry of packets/<ID>/. */
static void
packet_entry(struct dirdiff *dd, const char *name, const git_tree_entry *old,
    const git_tree_entry *new)
{
	struct dirdiff file = *dd;

	if (strcmp(name, "reviews") == 0) {
		if (!dd->w->skip_reviews)
			diff_sub(dd, HW_REVIEW, name, old, new, file_entry);
	} else if (dd->w->o->reviews_only) {
		return;
	} else if (strcmp(name, "evidence") == 0) {
		diff_sub(dd, HW_EVIDENCE, name, old, new, file_entry);
	} else {
		file.what = strcmp(name, "request.yaml") == 0 ? HW_REQUEST : HW_OTHER;
		add_change(&file, name, old, new);
	}
}

static void
diff_packet(struct walker *w, const char *packet, const git_oid *a, const git_oid *b)
{
	char *dir = xasprintf("packets/%s", packet);
	struct dirdiff dd = { w, packet, dir, HW_OTHER };

	diff_trees(&dd, a, b, packet_entry);
	free(dir);
}

/* An entry of packets/: one packet directory. */
static void
packets_entry(struct dirdiff *dd, const char *name, const git_tree_entry *old,
    const git_tree_entry *new)
{
	git_oid a, b;

	if (!entry_is_tree(old, new))
		return;
	entry_tree_id(old, &a);
	entry_tree_id(new, &b);
	diff_packet(dd->w, name, &a, &b);
}

/* Everything that differs between snapshots a (older) and b. */
static void
diff_snaps(struct walker *w, struct snap *a, struct snap *b)
{
	struct dirdiff dd = { w, NULL, "policy", HW_POLICY };
	const char *pk = w->o->packet;

	if (w->o->policy && !git_oid_equal(&a->policy, &b->policy))
		diff_trees(&dd, &a->policy, &b->policy, file_entry);
	if (git_oid_equal(&a->packets, &b->packets))
		return;
	if (pk == NULL) {
		dd.dir = "packets";
		dd.what = HW_OTHER;
		diff_trees(&dd, &a->packets, &b->packets, packets_entry);
	} else if (!git_oid_equal(snap_packet(w, a, pk), snap_packet(w, b, pk))) {
		diff_packet(w, pk, &a->packet, &b->packet);
	}
}

static int
change_cmp(const void *x, const void *y)
{
	return strcmp(((const struct history_change *)x)->path,
	    ((const struct history_change *)y)->path);
}

/* ---- the walk --------------------------------------------------------- */

static bool
has_gatehouse_trailer(const char *msg)
{
	git_message_trailer_array arr = { 0 };
	bool found = false;
	size_t i;

	if (msg == NULL || git_message_trailers(&arr, msg) < 0)
		return false;
	for (i = 0; i < arr.count; i++)
		found |= strcasecmp(arr.trailers[i].key, "Gatehouse-Record") == 0;
	git_message_trailer_array_free(&arr);
	return found;
}

static void
commit_info(struct walker *w, git_commit *c, struct history_commit *hc)
{
	const git_signature *sig = git_commit_author(c);
	const char *subject = git_commit_summary(c);

	memset(hc, 0, sizeof *hc);
	git_oid_tostr(hc->id, sizeof hc->id, git_commit_id(c));
	hc->time = (gh_time)git_commit_time(c);
	hc->author_time = sig ? (gh_time)sig->when.time : hc->time;
	hc->author = arena_strdup(w->a, sig && sig->name ? sig->name : "");
	hc->email = arena_strdup(w->a, sig && sig->email ? sig->email : "");
	hc->subject = arena_strdup(w->a, subject ? subject : "");
	hc->trailers = has_gatehouse_trailer(git_commit_message(c));
	hc->merge = git_commit_parentcount(c) > 1;
}

/* Compare commit c with its first parent; call fn when something changed. */
static int
visit(struct walker *w, git_commit *c, struct snap *sc, struct snap *sp, history_fn fn,
    void *arg)
{
	struct history_commit hc;

	w->n = 0;
	diff_snaps(w, sp, sc);
	if (w->n == 0)
		return 0;
	commit_info(w, c, &hc);
	qsort(w->v, w->n, sizeof *w->v, change_cmp);
	hc.changes = arena_alloc(w->a, w->n * sizeof *w->v);
	memcpy(hc.changes, w->v, w->n * sizeof *w->v);
	hc.nchanges = w->n;
	return fn(arg, &hc);
}

/* The first parent, or NULL for a root commit -- and for a parent that is
 * not in the repository (a shallow clone's boundary), which is then
 * treated as the start of history rather than as an error. */
static git_commit *
first_parent(git_commit *c)
{
	git_commit *p = NULL;

	if (git_commit_parentcount(c) == 0 || git_commit_parent(&p, c, 0) < 0)
		return NULL;
	return p;
}

/* The walk; results go to keep when given (never reset), else to a
 * scratch arena reset after every commit.
 *
 * Objects are read without hashing them again, as git log reads them
 * (zlib still checks each one; git fsck verifies a repository): with
 * libgit2's default verification more than half of a long walk goes into
 * hashing the same large trees again.  The option is process-wide, so it
 * is back to libgit2's default before the walk returns. */
static long
walk(struct store *s, const struct history_opts *o, struct arena *keep, history_fn fn,
    void *arg, struct buf *err)
{
	struct walker w = { 0 };
	struct arena scratch;
	git_commit *cur = NULL, *par;
	struct snap sc, sp;
	long walked = -1;
	int stop = 0;

	if (open_repo(s, &w.repo, err) < 0)
		return -1;
	if (resolve_commit(w.repo, o->rev ? o->rev : "HEAD", &cur, err) < 0)
		goto out;
	arena_init(&scratch);
	w.o = o;
	w.a = keep ? keep : &scratch;
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	snap_of(&w, cur, &sc);
	for (walked = 0; cur && !stop; walked++) {
		par = first_parent(cur);
		snap_of(&w, par, &sp);
		if (!git_oid_equal(&sc.root, &sp.root))
			stop = visit(&w, cur, &sc, &sp, fn, arg);
		if (keep == NULL)
			arena_reset(&scratch);
		git_commit_free(cur);
		cur = par;
		sc = sp;
	}
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	git_commit_free(cur);
	arena_free(&scratch);
out:
	walker_free(&w);
	return walked;
}

long
history_each(struct store *s, const struct history_opts *o, history_fn fn, void *arg,
    struct buf *err)
{
	return walk(s, o, NULL, fn, arg, err);
}

static int
keep_commit(void *arg, const struct history_commit *c)
{
	struct history *h = arg;
	size_t i;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 32;
		h->commits = xreallocarray(h->commits, h->cap, sizeof *h->commits);
	}
	h->commits[h->n++] = *c;
	for (i = 0; i < c->nchanges; i++)
		h->problems += c->changes[i].problem != NULL;
	return 0;
}

int
history_walk(struct store *s, const struct history_opts *o, struct history **out,
    struct buf *err)
{
	struct history *h = xcalloc(1, sizeof *h);
	long walked;

	arena_init(&h->arena);
	walked = walk(s, o, &h->arena, keep_commit, h, err);
	if (walked < 0) {
		history_free(h);
		*out = NULL;
		return -1;
	}
	h->walked = (size_t)walked;
	*out = h;
	return 0;
}

void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	arena_free(&h->arena);
	free(h->commits);
	free(h);
}

/* ---- the recommendation at a commit ----------------------------------- */

int
history_resolve(struct store *s, const char *rev, char *hex, gh_time *time, struct buf *err)
{
	git_repository *repo = NULL;
	git_commit *c = NULL;
	int r = -1;

	if (open_repo(s, &repo, err) < 0)
		return -1;
	if (resolve_commit(repo, rev, &c, err) == 0) {
		git_oid_tostr(hex, HISTORY_OID_HEX, git_commit_id(c));
		*time = (gh_time)git_commit_time(c);
		r = 0;
	}
	git_commit_free(c);
	git_repository_free(repo);
	return r;
}

/* A commit's tree showing one packet and none of its review records: what
 * the recommendation depends on (the engine reads neither other packets nor
 * reviews), so evaluating one packet of an auditor's repository does not
 * read its thousands of packets and records. */
struct only_src {
	struct repo_source tree;
	const char *packet;
	char *reviews;			/* "packets/<ID>/reviews" */
};

static int
only_list(void *ctx, const char *dir, struct repo_dirent **out, size_t *n)
{
	struct only_src *o = ctx;
	size_t i, k = 0;

	if (strcmp(dir, o->reviews) == 0) {
		*out = NULL;
		*n = 0;
		errno = ENOENT;
		return -1;
	}
	if (o->tree.list(o->tree.ctx, dir, out, n) < 0)
		return -1;
	if (strcmp(dir, "packets") != 0)
		return 0;
	for (i = 0; i < *n; i++) {
		if (strcmp((*out)[i].name, o->packet) == 0)
			(*out)[k++] = (*out)[i];
		else
			free((*out)[i].name);
	}
	*n = k;
	return 0;
}

static int
only_read(void *ctx, const char *path, size_t max, char **buf, size_t *len)
{
	struct only_src *o = ctx;

	return o->tree.read(o->tree.ctx, path, max, buf, len);
}

static struct gh_repo *
load_packet_only(struct store *s, const char *commit, const char *packet, struct diags *d,
    struct buf *err)
{
	struct only_src o = { .packet = packet };
	struct repo_source src = { .ctx = &o, .list = only_list, .read = only_read };
	struct gh_repo *r;

	if (store_source(s, commit, &o.tree, err) < 0)
		return NULL;
	/* restricted evidence as evaluate and a sign-off see it */
	src.base_dir = o.tree.base_dir;
	o.reviews = xasprintf("packets/%s/reviews", packet);
	r = repo_load_source(".", &src, d);
	store_source_free(&o.tree);
	free(o.reviews);
	return r;
}

int
history_point_load(struct store *s, const char *rev, const char *packet,
    const gh_time *today, struct history_point *pt, struct buf *err)
{
	struct engine_opts opts = { 0, 0 };

	memset(pt, 0, sizeof *pt);
	diags_init(&pt->d);
	if (history_resolve(s, rev, pt->commit, &pt->time, err) < 0)
		return -1;
	pt->today = today ? *today : history_day(pt->time);
	pt->repo = load_packet_only(s, pt->commit, packet, &pt->d, err);
	if (pt->repo == NULL)
		return -1;
	pt->packet = repo_packet(pt->repo, packet);
	if (pt->packet == NULL || pt->packet->request == NULL)
		return 0;
	pt->eng = engine_new(pt->repo, &pt->d);
	opts.today = pt->today;
	pt->rec = engine_evaluate(pt->eng, pt->packet, &opts);
	return 0;
}

void
history_point_free(struct history_point *pt)
{
	rec_free(pt->rec);
	engine_free(pt->eng);
	repo_free(pt->repo);
	diags_free(&pt->d);
	memset(pt, 0, sizeof *pt);
	diags_init(&pt->d);
}

/* Why a point has no recommendation, or NULL when it has one. */
static const char *
point_problem(const struct history_point *pt)
{
	if (pt->packet == NULL)
		return _("the packet is not in this commit");
	if (pt->rec == NULL)
		return _("request.yaml did not load");
	return NULL;
}

static void
seen_of(struct arena *a, const struct history_point *pt, struct history_seen *out)
{
	const char *problem = point_problem(pt);
	char *seen;

	out->today = pt->today;
	if (problem) {
		out->problem = arena_strdup(a, problem);
		return;
	}
	seen = rec_seen(pt->rec);
	out->seen = arena_strdup(a, seen);
	free(seen);
	out->verdict = verdict_name(pt->rec->verdict);
	if (pt->rec->chosen)
		out->option = arena_strdup(a, pt->rec->chosen->option->id);
	if (pt->rec->authority)
		out->authority = arena_strdup(a, pt->rec->authority->id);
}

/* The recommendation at one commit, or a copy of prev's when the inputs
 * digest and the date are the same (a commit that only added reviews):
 * *key is prev's "digest date" on entry and c's on return. */
static void
recommend_one(struct store *s, struct history *h, struct history_commit *c,
    const struct history_commit *prev, const char *packet, const gh_time *today, char **key)
{
	gh_time day = today ? *today : history_day(c->time);
	struct history_point pt;
	struct buf err = BUF_INIT;
	char *digest = store_inputs_digest(s, c->id, packet, GH_ENGINE_VERSION, &err);
	char *k = digest ? xasprintf("%s %lld", digest, (long long)day) : NULL;

	free(digest);
	if (prev && k && *key && strcmp(k, *key) == 0) {
		c->rec = prev->rec;
	} else if (history_point_load(s, c->id, packet, &day, &pt, &err) < 0) {
		c->rec.today = day;
		c->rec.problem = arena_strdup(&h->arena, buf_cstr(&err));
		history_point_free(&pt);
	} else {
		seen_of(&h->arena, &pt, &c->rec);
		history_point_free(&pt);
	}
	c->rec.flipped = false;
	free(*key);
	*key = k;
	buf_free(&err);
}

void
history_recommend(struct store *s, struct history *h, const char *packet,
    const gh_time *today)
{
	const char *last = NULL;
	char *key = NULL;
	size_t i;

	for (i = h->n; i-- > 0;) {
		struct history_commit *c = &h->commits[i];

		recommend_one(s, h, c, i + 1 < h->n ? c + 1 : NULL, packet, today, &key);
		if (c->rec.seen == NULL)
			continue;
		c->rec.flipped = last && strcmp(last, c->rec.seen) != 0;
		last = c->rec.seen;
	}
	free(key);
}

/* ---- comparing two commits -------------------------------------------- */

static const struct gate_eval *
find_gate(const struct recommendation *rec, const char *id)
{
	size_t i;

	for (i = 0; rec && i < rec->ngates; i++)
		if (strcmp(rec->gates[i].gate->id, id) == 0)
			return &rec->gates[i];
	return NULL;
}

static void
add_gate(struct history_diff *d, const struct gh_gate *gate, int before,
    const struct gate_eval *after)
{
	struct history_gate_delta *g = &d->gates.v[d->gates.n++];

	g->id = arena_strdup(&d->arena, gate->id);
	g->title = gate->title ? arena_strdup(&d->arena, gate->title) : NULL;
	g->before = before;
	g->after = after ? (int)after->result : -1;
	if (after && after->explain)
		g->explain = arena_strdup(&d->arena, after->explain);
	if (after && after->reason)
		g->reason = arena_strdup(&d->arena, after->reason);
	if (after && gate->message && (after->result == GR_BLOCK ||
	    after->result == GR_ESCALATE || after->result == GR_CONDITIONAL))
		g->message = arena_strdup(&d->arena, gate->message);
}

static void
diff_gates(struct history_diff *d, const struct recommendation *a,
    const struct recommendation *b)
{
	size_t na = a ? a->ngates : 0, nb = b ? b->ngates : 0, i;

	d->gates.v = arena_alloc(&d->arena, (na + nb + 1) * sizeof *d->gates.v);
	for (i = 0; i < nb; i++) {
		const struct gate_eval *gb = &b->gates[i], *ga = find_gate(a, gb->gate->id);

		if (ga == NULL || ga->result != gb->result)
			add_gate(d, gb->gate, ga ? (int)ga->result : -1, gb);
	}
	for (i = 0; i < na; i++)
		if (find_gate(b, a->gates[i].gate->id) == NULL)
			add_gate(d, a->gates[i].gate, (int)a->gates[i].result, NULL);
}

static const struct option_eval *
find_option(const struct recommendation *rec, const char *id)
{
	size_t i;

	for (i = 0; rec && i < rec->noptions; i++)
		if (strcmp(rec->options[i].option->id, id) == 0)
			return &rec->options[i];
	return NULL;
}

static void
add_option(struct history_diff *d, const char *id, const struct option_eval *a,
    const struct option_eval *b)
{
	struct history_option_delta *o = &d->options.v[d->options.n++];

	o->id = arena_strdup(&d->arena, id);
	o->cls_before = a ? (int)a->cls : -1;
	o->cls_after = b ? (int)b->cls : -1;
	o->rank_before = a ? a->rank : 0;
	o->rank_after = b ? b->rank : 0;
}

static void
diff_options(struct history_diff *d, const struct recommendation *a,
    const struct recommendation *b)
{
	size_t na = a ? a->noptions : 0, nb = b ? b->noptions : 0, i;

	d->options.v = arena_alloc(&d->arena, (na + nb + 1) * sizeof *d->options.v);
	for (i = 0; i < nb; i++) {
		const struct option_eval *ob = &b->options[i];
		const struct option_eval *oa = find_option(a, ob->option->id);

		if (oa == NULL || oa->cls != ob->cls || oa->rank != ob->rank)
			add_option(d, ob->option->id, oa, ob);
	}
	for (i = 0; i < na; i++)
		if (find_option(b, a->options[i].option->id) == NULL)
			add_option(d, a->options[i].option->id, &a->options[i], NULL);
}

static bool
strlist_has(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

/* The hard triggers of a that b lacks, into out (arena). */
static void
triggers_minus(struct arena *ar, const struct recommendation *a,
    const struct recommendation *b, struct gh_list *out)
{
	static const struct strlist none = { NULL, 0, 0 };
	const struct strlist *la = a ? &a->hard_triggers : &none;
	const struct strlist *lb = b ? &b->hard_triggers : &none;
	const char **v = arena_alloc(ar, (la->n + 1) * sizeof *v);
	size_t i;

	out->n = 0;
	for (i = 0; i < la->n; i++)
		if (!strlist_has(lb, la->v[i]))
			v[out->n++] = arena_strdup(ar, la->v[i]);
	out->v = v;
}

static struct history_diff *
diff_new(const struct history_point *pa, const struct history_point *pb)
{
	struct history_diff *d = xcalloc(1, sizeof *d);

	arena_init(&d->arena);
	memcpy(d->a, pa->commit, sizeof d->a);
	memcpy(d->b, pb->commit, sizeof d->b);
	d->time_a = pa->time;
	d->time_b = pb->time;
	seen_of(&d->arena, pa, &d->rec_a);
	seen_of(&d->arena, pb, &d->rec_b);
	d->rec_b.flipped = d->rec_a.seen && d->rec_b.seen &&
	    strcmp(d->rec_a.seen, d->rec_b.seen) != 0;
	diff_gates(d, pa->rec, pb->rec);
	diff_options(d, pa->rec, pb->rec);
	triggers_minus(&d->arena, pb->rec, pa->rec, (struct gh_list *)&d->triggers_added);
	triggers_minus(&d->arena, pa->rec, pb->rec, (struct gh_list *)&d->triggers_removed);
	return d;
}

/* The packet's input files and the policy files that differ between the
 * two commits, by the same tree comparison as the walk (reviews left out:
 * they are not inputs). */
static int
diff_files(struct store *s, struct history_diff *d, const char *packet, struct buf *err)
{
	struct history_opts o = { NULL, packet, false, true };
	struct walker w = { 0 };
	git_commit *ca = NULL, *cb = NULL;
	struct snap sa, sb;
	int r = -1;

	if (open_repo(s, &w.repo, err) < 0)
		return -1;
	if (resolve_commit(w.repo, d->a, &ca, err) == 0 &&
	    resolve_commit(w.repo, d->b, &cb, err) == 0) {
		w.o = &o;
		w.skip_reviews = true;
		w.a = &d->arena;
		snap_of(&w, ca, &sa);
		snap_of(&w, cb, &sb);
		diff_snaps(&w, &sa, &sb);
		if (w.n)
			qsort(w.v, w.n, sizeof *w.v, change_cmp);
		d->files.v = arena_alloc(&d->arena, (w.n + 1) * sizeof *w.v);
		if (w.n)
			memcpy(d->files.v, w.v, w.n * sizeof *w.v);
		d->files.n = w.n;
		r = 0;
	}
	git_commit_free(ca);
	git_commit_free(cb);
	walker_free(&w);
	return r;
}

int
history_diff(struct store *s, const char *packet, const char *rev_a, const char *rev_b,
    const gh_time *today, struct history_diff **out, struct buf *err)
{
	struct history_point pa, pb;
	struct history_diff *d;
	int r = -1;

	*out = NULL;
	memset(&pb, 0, sizeof pb);
	diags_init(&pb.d);
	if (history_point_load(s, rev_a, packet, today, &pa, err) < 0 ||
	    history_point_load(s, rev_b, packet, today, &pb, err) < 0)
		goto out;
	if (pa.packet == NULL && pb.packet == NULL) {
		buf_printf(err, _("no packet '%s' at %s or at %s"), packet, rev_a, rev_b);
		goto out;
	}
	d = diff_new(&pa, &pb);
	if (diff_files(s, d, packet, err) < 0) {
		history_diff_free(d);
		goto out;
	}
	*out = d;
	r = 0;
out:
	history_point_free(&pa);
	history_point_free(&pb);
	return r;
}

void
history_diff_free(struct history_diff *d)
{
	if (d == NULL)
		return;
	arena_free(&d->arena);
	free(d);
}

/* "evidence added", "policy changed" ...: one change in words. */
const char *
history_change_label(enum history_what w, enum history_status st)
{
	static const char *const labels[][3] = {
		[HW_REVIEW] = { N_("review record added"), N_("review record changed"),
			N_("review record removed") },
		[HW_EVIDENCE] = { N_("evidence added"), N_("evidence changed"),
			N_("evidence removed") },
		[HW_REQUEST] = { N_("request added"), N_("request changed"),
			N_("request removed") },
		[HW_OTHER] = { N_("file added"), N_("file changed"), N_("file removed") },
		[HW_POLICY] = { N_("policy added"), N_("policy changed"), N_("policy removed") },
	};

	return _(labels[w][st]);
}

/* The oldest commit worth listing: the packet's first appearance.  Policy
 * commits from before the packet existed say nothing about it.  Returns
 * false when the packet never appears. */
bool
history_oldest(const struct history *h, size_t *oldest)
{
	size_t i, k;

	for (i = h->n; i-- > 0;)
		for (k = 0; k < h->commits[i].nchanges; k++)
			if (h->commits[i].changes[k].packet) {
				*oldest = i;
				return true;
			}
	return false;
}
