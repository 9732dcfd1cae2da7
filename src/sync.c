/* sync.c -- "gatehouse sync": fetch the remote branch, replay the local
 * commits it lacks on top of it, move the local branch by compare-and-swap
 * and push, again from the fetch when someone else pushed first.
 *
 * Replaying is tree surgery, not a merge: each local commit's changes to
 * its first parent are put into the new base tree, path by path.  A path
 * the remote changed too is taken over only when both sides agree; else
 * the sync stops before any reference moves.
 *
 * libgit2's local transport sets the remote branch without checking its
 * old value, which could drop a record written on the host at the same
 * moment.  For a remote on this machine the objects therefore go to a
 * private reference, and the branch moves by compare-and-swap, as every
 * other writer of the repository does.  Remote hosts (ssh://) check the
 * old value themselves.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <git2.h>

#include "store.h"
#include "sync.h"

#define SYNC_ROUNDS 60		/* fetch-replay-push rounds while the remote moves */
#define SYNC_REPLAYS 200	/* replays while local writers move the branch */
#define SYNC_RACED 1		/* internal: somebody moved a branch, go again */

struct sync {
	git_repository *repo;
	git_remote *remote;
	const char *name;	/* of the remote */
	char *branch;		/* refs/heads/main */
	char *tracking;		/* refs/remotes/origin/main */
	char *path;		/* the remote repository when it is on this machine */
	char *user;		/* for ssh when the URL names nobody */
	int cred_step;		/* next credential to offer */
	git_oid pushed;		/* what the push sent */
	char *refusal;		/* why the remote refused the update */
};

static int
sync_git_fail(struct buf *err, const char *what)
{
	const git_error *e = git_error_last();

	buf_printf(err, "%s: %s", what, e && e->message ? e->message : _("unknown git error"));
	return SYNC_ERROR;
}

static int
sync_unreachable(struct sync *s, struct buf *err, const char *fmt)
{
	const git_error *e = git_error_last();
	char *msg = xstrdup(e && e->message ? e->message : _("unknown error"));
	size_t n = strlen(msg);

	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	buf_printf(err, fmt, s->name, msg);
	free(msg);
	return SYNC_UNREACHABLE;
}

/* The value of a reference, or -1 if it does not exist. */
static int
sync_ref(git_repository *repo, const char *name, git_oid *out)
{
	return git_reference_name_to_id(out, repo, name) < 0 ? -1 : 0;
}

/* ---- where the remote is ------------------------------------------------ */

/* The path of a repository named by a local URL: a path or file://. */
static char *
sync_local_path(const char *url)
{
	const char *colon, *slash;

	if (url == NULL)
		return NULL;
	if (str_startswith(url, "file://"))
		return xstrdup(url + strlen("file://"));
	if (strstr(url, "://"))
		return NULL;
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	if (colon && (slash == NULL || colon < slash))
		return NULL;	/* host:path, as scp spells it */
	return xstrdup(url);
}

static char *
sync_login(void)
{
	const char *u = getenv("USER");
	struct passwd *pw;

	if (u == NULL || !u[0])
		u = getenv("LOGNAME");
	if ((u == NULL || !u[0]) && (pw = getpwuid(getuid())) != NULL)
		u = pw->pw_name;
	return xstrdup(u && u[0] ? u : "git");
}

static char *
sync_home_file(const char *name)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if ((home == NULL || !home[0]) && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	return xasprintf("%s/.ssh/%s", home ? home : "", name);
}

/* ---- credentials: ssh-agent, then ~/.ssh/id_ed25519, ~/.ssh/id_rsa ------ */

static int
sync_key_file(git_credential **out, const char *user, const char *name)
{
	char *priv = sync_home_file(name), *pub = xasprintf("%s.pub", priv);
	int r = -1;

	if (access(priv, R_OK) == 0)
		r = git_credential_ssh_key_new(out, user, access(pub, R_OK) == 0 ? pub : NULL,
		    priv, NULL);
	free(priv);
	free(pub);
	return r;
}

static int
sync_credentials(git_credential **out, const char *url, const char *url_user,
    unsigned int allowed, void *payload)
{
	static const char *const keys[] = { "id_ed25519", "id_rsa" };
	struct sync *s = payload;
	const char *user = url_user && url_user[0] ? url_user : s->user;

	(void)url;
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user);
	if (!(allowed & GIT_CREDENTIAL_SSH_KEY)) {
		git_error_set_str(GIT_ERROR_NET,
		    _("the remote wants a password; gatehouse sync signs in with SSH keys"));
		return GIT_EAUTH;
	}
	while (s->cred_step <= (int)GH_ARRAY_SIZE(keys)) {
		int step = s->cred_step++;

		if (step == 0 && getenv("SSH_AUTH_SOCK"))
			return git_credential_ssh_key_from_agent(out, user);
		if (step > 0 && sync_key_file(out, user, keys[step - 1]) == 0)
			return 0;
	}
	git_error_set_str(GIT_ERROR_SSH,
	    _("no SSH key was accepted (tried ssh-agent, ~/.ssh/id_ed25519, ~/.ssh/id_rsa)"));
	return GIT_EAUTH;
}

static int
sync_negotiated(const git_push_update **up, size_t n, void *payload)
{
	struct sync *s = payload;

	if (n > 0)
		git_oid_cpy(&s->pushed, &up[0]->dst);
	return 0;
}

static int
sync_ref_status(const char *ref, const char *status, void *payload)
{
	struct sync *s = payload;

	(void)ref;
	if (status) {
		free(s->refusal);
		s->refusal = xstrdup(status);
	}
	return 0;
}

static void
sync_callbacks(struct sync *s, git_remote_callbacks *cb)
{
	cb->credentials = sync_credentials;
	cb->push_negotiation = sync_negotiated;
	cb->push_update_reference = sync_ref_status;
	cb->payload = s;
	s->cred_step = 0;
}

/* ---- fetch -------------------------------------------------------------- */

static int
sync_fetch(struct sync *s, struct buf *err)
{
	git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
	char *spec = xasprintf("+%s:%s", s->branch, s->tracking);
	git_strarray specs = { &spec, 1 };
	int r;

	sync_callbacks(s, &fo.callbacks);
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	r = git_remote_fetch(s->remote, &specs, &fo, "gatehouse sync: fetch");
	free(spec);
	return r < 0 ? sync_unreachable(s, err, _("could not reach %s: %s")) : 0;
}

/* ---- replay ------------------------------------------------------------- */

/* Does tree t hold (id, mode) at path?  id NULL: nothing there. */
static bool
sync_entry_is(git_tree *t, const char *path, const git_oid *id, uint16_t mode)
{
	git_tree_entry *e = NULL;
	bool same;

	if (git_tree_entry_bypath(&e, t, path) < 0)
		return id == NULL;
	same = id && git_oid_equal(git_tree_entry_id(e), id) &&
	    (uint16_t)git_tree_entry_filemode(e) == mode;
	git_tree_entry_free(e);
	return same;
}

/* Is a file in the way of a directory that path needs? */
static bool
sync_path_blocked(git_tree *t, const char *path)
{
	const char *p;
	bool blocked = false;

	for (p = strchr(path, '/'); p && !blocked; p = strchr(p + 1, '/')) {
		char *dir = xstrndup(path, (size_t)(p - path));
		git_tree_entry *e = NULL;

		blocked = git_tree_entry_bypath(&e, t, dir) == 0 &&
		    git_tree_entry_type(e) != GIT_OBJECT_TREE;
		git_tree_entry_free(e);
		free(dir);
	}
	return blocked;
}

static int
sync_conflict(struct sync *s, git_commit *c, const char *path, struct buf *err)
{
	char hex[8];

	git_oid_tostr(hex, sizeof hex, git_commit_id(c));
	buf_printf(err, _("sync stopped: %s was changed here (commit %s) and differently on %s; "
	    "nothing was changed: reconcile it by hand, then sync again"), path, hex, s->name);
	return SYNC_CONFLICT;
}

/* Carry one change of c into *tree (replaced). */
static int
sync_apply_delta(struct sync *s, git_commit *c, const git_diff_delta *d, git_tree **tree,
    struct buf *err)
{
	bool gone = d->status == GIT_DELTA_DELETED, added = d->status == GIT_DELTA_ADDED;
	const char *path = gone ? d->old_file.path : d->new_file.path;
	const git_oid *want = gone ? NULL : &d->new_file.id;
	const git_oid *was = added ? NULL : &d->old_file.id;
	git_tree *next = NULL;
	git_oid id;

	if (sync_entry_is(*tree, path, want, d->new_file.mode))
		return 0;	/* the remote has it already */
	if (!sync_entry_is(*tree, path, was, d->old_file.mode) ||
	    (want && sync_path_blocked(*tree, path)))
		return sync_conflict(s, c, path, err);
	if (store_tree_put(s->repo, *tree, path, want, d->new_file.mode, &id) < 0 ||
	    git_tree_lookup(&next, s->repo, &id) < 0)
		return sync_git_fail(err, _("replaying a local commit"));
	git_tree_free(*tree);
	*tree = next;
	return 0;
}

/* What c changed relative to its first parent. */
static int
sync_diff(struct sync *s, git_commit *c, git_diff **diff, struct buf *err)
{
	git_commit *parent = NULL;
	git_tree *old = NULL, *new = NULL;
	int r = 0;

	if (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&old, parent) < 0 ||
	    git_commit_tree(&new, c) < 0 ||
	    git_diff_tree_to_tree(diff, s->repo, old, new, NULL) < 0)
		r = sync_git_fail(err, _("reading a local commit"));
	git_tree_free(old);
	git_tree_free(new);
	git_commit_free(parent);
	return r;
}

/* Carry the changes c made to its first parent into *tree. */
static int
sync_apply(struct sync *s, git_commit *c, git_tree **tree, size_t *ndeltas,
    struct buf *err)
{
	git_diff *diff = NULL;
	size_t i;
	int r;

	if ((r = sync_diff(s, c, &diff, err)) != 0)
		return r;
	*ndeltas = git_diff_num_deltas(diff);
	for (i = 0; i < *ndeltas && r == 0; i++)
		r = sync_apply_delta(s, c, git_diff_get_delta(diff, i), tree, err);
	git_diff_free(diff);
	return r;
}

/* Rebuild c on *tip with the same author, committer and message.  A
 * commit whose changes the remote has already is left out. */
static int
sync_replay_one(struct sync *s, git_commit *c, git_oid *tip, git_tree **tree,
    size_t *count, struct buf *err)
{
	git_commit *parent = NULL;
	git_oid before, id;
	size_t ndeltas = 0;
	int r;

	git_oid_cpy(&before, git_tree_id(*tree));
	if ((r = sync_apply(s, c, tree, &ndeltas, err)) != 0)
		return r;
	if (git_oid_equal(git_tree_id(*tree), &before) &&
	    (ndeltas > 0 || git_commit_parentcount(c) > 1))
		return 0;
	if (git_commit_lookup(&parent, s->repo, tip) < 0 ||
	    git_commit_create(&id, s->repo, NULL, git_commit_author(c), git_commit_committer(c),
	    git_commit_message_encoding(c), git_commit_message_raw(c), *tree, 1,
	    (const git_commit **)&parent) < 0) {
		git_commit_free(parent);
		return sync_git_fail(err, _("replaying a local commit"));
	}
	git_commit_free(parent);
	git_oid_cpy(tip, &id);
	(*count)++;
	return 0;
}

/* Replay the first-parent commits of local that onto lacks, oldest first. */
static int
sync_replay(struct sync *s, const git_oid *local, const git_oid *onto, git_oid *out,
    size_t *count, struct buf *err)
{
	git_revwalk *walk = NULL;
	git_commit *base = NULL, *c = NULL;
	git_tree *tree = NULL;
	git_oid id, tip;
	int r = 0;

	git_oid_cpy(&tip, onto);
	if (git_revwalk_new(&walk, s->repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE) < 0 ||
	    git_revwalk_simplify_first_parent(walk) < 0 ||
	    git_revwalk_push(walk, local) < 0 || git_revwalk_hide(walk, onto) < 0 ||
	    git_commit_lookup(&base, s->repo, onto) < 0 || git_commit_tree(&tree, base) < 0) {
		r = sync_git_fail(err, _("walking the local commits"));
		goto out;
	}
	while (r == 0 && git_revwalk_next(&id, walk) == 0) {
		if (git_commit_lookup(&c, s->repo, &id) < 0) {
			r = sync_git_fail(err, _("reading a local commit"));
			break;
		}
		r = sync_replay_one(s, c, &tip, &tree, count, err);
		git_commit_free(c);
	}
	if (r == 0)
		git_oid_cpy(out, &tip);
out:
	git_tree_free(tree);
	git_commit_free(base);
	git_revwalk_free(walk);
	return r;
}

/* ---- records are append-only -------------------------------------------- */

static git_tree *
sync_subtree(git_repository *repo, git_tree *t, const char *path)
{
	git_tree_entry *e = NULL;
	git_tree *sub = NULL;

	if (t && git_tree_entry_bypath(&e, t, path) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_TREE)
		git_tree_lookup(&sub, repo, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return sub;
}

/* The first entry of a that b lacks (*gone) or holds differently, or NULL. */
static const char *
sync_lost_entry(git_tree *a, git_tree *b, bool *gone)
{
	size_t i;

	for (i = 0; i < git_tree_entrycount(a); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(a, i);
		const git_tree_entry *f = b ? git_tree_entry_byname(b, git_tree_entry_name(e)) : NULL;

		*gone = f == NULL;
		if (f == NULL || !git_oid_equal(git_tree_entry_id(e), git_tree_entry_id(f)))
			return git_tree_entry_name(e);
	}
	return NULL;
}

/* Does the tree of commit to keep every review record of commit from?  A
 * local commit that deletes or rewrites one (by hand, or "git commit -a"
 * over a stale index) is not sent on. */
static int
sync_keeps_records(struct sync *s, const git_oid *from, const git_oid *to, struct buf *err)
{
	git_commit *a = NULL, *b = NULL;
	git_tree *ta = NULL, *tb = NULL, *pa = NULL, *pb = NULL;
	const char *lost = NULL;
	bool gone = false;
	size_t i;
	int r = 0;

	if (git_commit_lookup(&a, s->repo, from) < 0 || git_commit_lookup(&b, s->repo, to) < 0 ||
	    git_commit_tree(&ta, a) < 0 || git_commit_tree(&tb, b) < 0) {
		r = sync_git_fail(err, _("reading a local commit"));
		goto out;
	}
	pa = sync_subtree(s->repo, ta, "packets");
	pb = sync_subtree(s->repo, tb, "packets");
	for (i = 0; pa && i < git_tree_entrycount(pa) && lost == NULL; i++) {
		const char *id = git_tree_entry_name(git_tree_entry_byindex(pa, i));
		char *dir = xasprintf("%s/reviews", id);
		git_tree *ra = sync_subtree(s->repo, pa, dir), *rb = sync_subtree(s->repo, pb, dir);

		if (ra && (rb == NULL || !git_oid_equal(git_tree_id(ra), git_tree_id(rb))) &&
		    (lost = sync_lost_entry(ra, rb, &gone)) != NULL) {
			buf_printf(err, gone ?
			    _("sync stopped: the local commits delete the review record "
			    "packets/%s/%s, and records are append-only; nothing was changed: "
			    "restore it, then sync again") :
			    _("sync stopped: the local commits rewrite the review record "
			    "packets/%s/%s, and records are append-only; nothing was changed: "
			    "restore it, then sync again"), dir, lost);
			r = SYNC_CONFLICT;
		}
		git_tree_free(ra);
		git_tree_free(rb);
		free(dir);
	}
out:
	git_tree_free(pa);
	git_tree_free(pb);
	git_tree_free(ta);
	git_tree_free(tb);
	git_commit_free(a);
	git_commit_free(b);
	return r;
}

/* How many commits reach from a but not from b (b may be NULL). */
static size_t
sync_count(git_repository *repo, const git_oid *a, const git_oid *b)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t n = 0;

	if (git_revwalk_new(&walk, repo) == 0 && git_revwalk_push(walk, a) == 0 &&
	    (b == NULL || git_revwalk_hide(walk, b) == 0))
		while (git_revwalk_next(&id, walk) == 0)
			n++;
	git_revwalk_free(walk);
	return n;
}

/* The new local tip: start with its new commits on top of remote. */
static int
sync_rebuild(struct sync *s, const git_oid *start, const git_oid *remote, git_oid *tip,
    size_t *fetched, size_t *ahead, struct buf *err)
{
	git_oid base;
	int r;

	*fetched = *ahead = 0;
	git_oid_cpy(tip, start);
	if (remote == NULL) {
		*ahead = sync_count(s->repo, start, NULL);
		return 0;
	}
	if (git_merge_base(&base, s->repo, start, remote) < 0) {
		buf_printf(err, _("%s and %s have no history in common"), s->branch, s->tracking);
		return SYNC_ERROR;
	}
	*fetched = sync_count(s->repo, remote, start);
	if (git_oid_equal(&base, remote))
		*ahead = sync_count(s->repo, start, remote);
	else if (git_oid_equal(&base, start))
		git_oid_cpy(tip, remote);
	else if ((r = sync_replay(s, start, remote, tip, ahead, err)) != 0)
		return r;
	return git_oid_equal(tip, remote) ? 0 : sync_keeps_records(s, remote, tip, err);
}

/* ---- the local branch and its checkout ------------------------------- */

static int
sync_move(struct sync *s, const git_oid *from, const git_oid *to, struct buf *err)
{
	git_reference *ref = NULL;
	int r;

	if (git_oid_equal(from, to))
		return 0;
	r = git_reference_create_matching(&ref, s->repo, s->branch, to, 1, from,
	    "gatehouse sync: replayed onto the remote");
	git_reference_free(ref);
	if (r == GIT_EMODIFIED || r == GIT_ELOCKED)
		return SYNC_RACED;
	return r < 0 ? sync_git_fail(err, s->branch) : 0;
}

/* What the index should do for one path the sync changed. */
struct sync_stage {
	char *path;
	bool remove;
};

/* Decide, from what the checkout left, which index entries follow the
 * branch: a file that now holds what the branch holds (or is gone with
 * it) is staged; any other is the user's uncommitted change, kept. */
static size_t
sync_stages(struct sync *s, git_diff *diff, struct sync_stage *st, struct buf *warn)
{
	const char *wd = git_repository_workdir(s->repo);
	size_t i, k = 0;

	for (i = 0; i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		bool gone = d->status == GIT_DELTA_DELETED;
		const char *path = gone ? d->old_file.path : d->new_file.path;
		char *full = xasprintf("%s%s", wd, path);
		git_oid id;
		bool ok;

		if (gone)
			ok = access(full, F_OK) != 0;
		else
			ok = git_repository_hashfile(&id, s->repo, path, GIT_OBJECT_BLOB, NULL) == 0 &&
			    git_oid_equal(&id, &d->new_file.id);
		free(full);
		if (!ok) {
			buf_printf(warn, _("kept your uncommitted change to %s; that file was not "
			    "updated\n"), path);
			continue;
		}
		st[k].path = xstrdup(path);
		st[k++].remove = gone;
	}
	return k;
}

/* Read, change and write the index in one short step, again when another
 * writer holds its lock. */
static int
sync_stage_index(struct sync *s, const struct sync_stage *st, size_t n)
{
	git_index *idx = NULL;
	size_t i;
	int r, tries = 0;

	if ((r = git_repository_index(&idx, s->repo)) < 0)
		return r;
	do {
		if (r == GIT_ELOCKED)
			usleep((useconds_t)(1000 + rand() % 5000));
		r = git_index_read(idx, 1);
		for (i = 0; i < n && r == 0; i++)
			r = st[i].remove ? git_index_remove_bypath(idx, st[i].path) :
			    git_index_add_bypath(idx, st[i].path);
		if (r == 0)
			r = git_index_write(idx);
	} while (r == GIT_ELOCKED && ++tries < 100);
	git_index_free(idx);
	return r;
}

/* Writers in one clone take turns at its checkout and index, on the lock
 * that store_append() takes too; the system drops it if a writer dies. */
static int
sync_lock_checkout(struct sync *s)
{
	char *path = xasprintf("%sgatehouse-checkout.lock", git_repository_path(s->repo));
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	free(path);
	while (fd >= 0 && flock(fd, LOCK_EX) < 0 && errno == EINTR)
		;
	return fd;
}

/* Show what the sync brought in a clone's checkout; never overwrite local
 * edits.  The baseline is the tree the branch had, so only the paths the
 * sync changed are touched.  The files are written first, without the
 * index, then the index follows in one short step, so that git itself
 * holding index.lock for a moment (git status) costs a retry of that
 * step only, never a second checkout over files already written. */
static void
sync_checkout(struct sync *s, const git_oid *from, const git_oid *to, struct buf *warn)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	git_commit *old = NULL, *c = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_diff *diff = NULL;
	struct sync_stage *st = NULL;
	size_t i, n = 0;
	int r, lock;

	if (git_repository_is_bare(s->repo) || git_oid_equal(from, to))
		return;
	lock = sync_lock_checkout(s);
	co.checkout_strategy = GIT_CHECKOUT_SAFE | GIT_CHECKOUT_ALLOW_CONFLICTS |
	    GIT_CHECKOUT_DONT_UPDATE_INDEX;
	r = git_commit_lookup(&old, s->repo, from);
	if (r == 0)
		r = git_commit_tree(&base, old);
	if (r == 0)
		r = git_commit_lookup(&c, s->repo, to);
	if (r == 0)
		r = git_commit_tree(&tree, c);
	co.baseline = base;
	if (r == 0)
		r = git_checkout_tree(s->repo, (git_object *)c, &co);
	if (r == 0)
		r = git_diff_tree_to_tree(&diff, s->repo, base, tree, NULL);
	if (r == 0) {
		st = xcalloc(git_diff_num_deltas(diff) + 1, sizeof *st);
		n = sync_stages(s, diff, st, warn);
		r = sync_stage_index(s, st, n);
	}
	if (lock >= 0)
		close(lock);
	if (r < 0) {
		const git_error *e = git_error_last();

		buf_printf(warn, _("the checkout was not updated: %s\n"),
		    e && e->message ? e->message : "?");
	}
	for (i = 0; i < n; i++)
		free(st[i].path);
	free(st);
	git_diff_free(diff);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(old);
	git_commit_free(c);
}

/* Replay the local branch onto the fetched remote tip and move it there,
 * again when a local writer moves it meanwhile.  *tip: the new tip. */
static int
sync_local(struct sync *s, const git_oid *remote, git_oid *tip, struct sync_result *res,
    struct buf *err)
{
	git_oid start;
	size_t fetched, ahead;
	int i, r = SYNC_RACED;

	for (i = 0; i < SYNC_REPLAYS && r == SYNC_RACED; i++) {
		if (sync_ref(s->repo, s->branch, &start) < 0) {
			buf_printf(err, _("%s has no commits yet; clone the remote instead"),
			    s->branch);
			return SYNC_ERROR;
		}
		r = sync_rebuild(s, &start, remote, tip, &fetched, &ahead, err);
		if (r == 0)
			r = sync_move(s, &start, tip, err);
		if (r == SYNC_RACED)
			usleep((useconds_t)(500 + rand() % 4000));
	}
	if (r == SYNC_RACED) {
		buf_puts(err, _("the local branch kept moving; nothing was changed, try again"));
		return SYNC_BUSY;
	}
	if (r == 0) {
		res->fetched += fetched;
		res->pushed = ahead;
		sync_checkout(s, &start, tip, &res->warn);
	}
	return r;
}

/* ---- push --------------------------------------------------------------- */

static int
sync_push_spec(struct sync *s, const char *spec, struct buf *err)
{
	git_push_options po = GIT_PUSH_OPTIONS_INIT;
	char *specs[1] = { (char *)spec };
	git_strarray arr = { specs, 1 };
	int r;

	sync_callbacks(s, &po.callbacks);
	free(s->refusal);
	s->refusal = NULL;
	r = git_remote_push(s->remote, &arr, &po);
	if (r == GIT_ENONFASTFORWARD || (r == 0 && s->refusal))
		return SYNC_RACED;
	return r < 0 ? sync_unreachable(s, err, _("could not push to %s: %s")) : 0;
}

/* A remote on this machine: send the objects to a private reference, then
 * move the branch from the value we replayed onto, or not at all. */
static int
sync_push_local(struct sync *s, const git_oid *remote, struct buf *err)
{
	char *tmp = xasprintf("refs/gatehouse/incoming/%ld-%d", (long)getpid(), rand() % 1000000);
	char *spec = xasprintf("+%s:%s", s->branch, tmp);
	git_repository *dst = NULL;
	git_reference *ref = NULL;
	int r;

	r = sync_push_spec(s, spec, err);
	if (r == 0 && git_repository_open(&dst, s->path) < 0)
		r = sync_unreachable(s, err, _("could not push to %s: %s"));
	if (r == 0) {
		r = git_reference_create_matching(&ref, dst, s->branch, &s->pushed,
		    remote != NULL, remote, "gatehouse sync: push");
		if (r == GIT_EMODIFIED || r == GIT_ELOCKED || r == GIT_EEXISTS)
			r = SYNC_RACED;
		else if (r < 0)
			r = sync_unreachable(s, err, _("could not push to %s: %s"));
	}
	if (dst)
		git_reference_remove(dst, tmp);
	git_reference_free(ref);
	git_repository_free(dst);
	free(spec);
	free(tmp);
	return r;
}

static int
sync_push(struct sync *s, const git_oid *remote, const git_oid *tip, struct buf *err)
{
	git_reference *ref = NULL;
	char *spec;
	int r;

	git_oid_cpy(&s->pushed, tip);
	if (s->path) {
		r = sync_push_local(s, remote, err);
	} else {
		spec = xasprintf("%s:%s", s->branch, s->branch);
		r = sync_push_spec(s, spec, err);
		free(spec);
	}
	if (r == 0 && git_reference_create(&ref, s->repo, s->tracking, &s->pushed, 1,
	    "gatehouse sync: push") == 0)
		git_reference_free(ref);
	return r;
}

/* ---- the whole thing ---------------------------------------------------- */

static int
sync_round(struct sync *s, struct sync_result *res, struct buf *err)
{
	git_oid remote, tip;
	bool have_remote;
	int r;

	if ((r = sync_fetch(s, err)) != 0)
		return r;
	have_remote = sync_ref(s->repo, s->tracking, &remote) == 0;
	if ((r = sync_local(s, have_remote ? &remote : NULL, &tip, res, err)) != 0)
		return r;
	git_oid_tostr(res->tip, sizeof res->tip, &tip);
	if (have_remote && git_oid_equal(&tip, &remote))
		return 0;
	if ((r = sync_push(s, have_remote ? &remote : NULL, &tip, err)) == 0)
		git_oid_tostr(res->tip, sizeof res->tip, &s->pushed);
	return r;
}

/* A relative path names a repository from the top of the clone (the git
 * directory of a bare one), as for git, not from where gatehouse runs. */
static int
sync_absolute(struct sync *s, const char *url, int (*set)(git_remote *, const char *))
{
	const char *top = git_repository_workdir(s->repo);
	char *path = sync_local_path(url), *abs;
	int r = 0;

	if (path && path[0] != '/' && !str_startswith(url, "file://")) {
		abs = xasprintf("%s%s", top ? top : git_repository_path(s->repo), path);
		r = set(s->remote, abs);
		free(abs);
	}
	free(path);
	return r;
}

static int
sync_open(struct sync *s, const char *repo_path, const char *remote, struct buf *err)
{
	git_reference *head = NULL;
	const char *target = NULL, *url;

	if (git_repository_open_ext(&s->repo, repo_path, 0, NULL) < 0)
		return sync_git_fail(err, repo_path);
	if (git_reference_lookup(&head, s->repo, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		target = git_reference_symbolic_target(head);
	if (target == NULL || !str_startswith(target, "refs/heads/")) {
		git_reference_free(head);
		buf_puts(err, _("HEAD is not on a branch; check out the branch to sync"));
		return SYNC_ERROR;
	}
	s->branch = xstrdup(target);
	git_reference_free(head);
	if (git_remote_lookup(&s->remote, s->repo, remote) < 0) {
		buf_printf(err, _("no remote named '%s' (see git remote -v)"), remote);
		return SYNC_ERROR;
	}
	s->name = remote;
	s->tracking = xasprintf("refs/remotes/%s/%s", remote, s->branch + strlen("refs/heads/"));
	if (sync_absolute(s, git_remote_url(s->remote), git_remote_set_instance_url) < 0 ||
	    sync_absolute(s, git_remote_pushurl(s->remote), git_remote_set_instance_pushurl) < 0)
		return sync_git_fail(err, remote);
	url = git_remote_pushurl(s->remote);
	s->path = sync_local_path(url ? url : git_remote_url(s->remote));
	s->user = sync_login();
	return 0;
}

int
sync_run(const char *repo_path, const char *remote, struct sync_result *res,
    struct buf *err)
{
	struct sync s;
	git_oid seen, now;
	bool have_seen = false;
	int r, round;

	memset(res, 0, sizeof *res);
	memset(&s, 0, sizeof s);
	git_libgit2_init();
	srand((unsigned)getpid() ^ (unsigned)time(NULL));
	r = sync_open(&s, repo_path, remote, err);
	for (round = 0; r == 0 && round < SYNC_ROUNDS; round++) {
		if ((r = sync_round(&s, res, err)) != SYNC_RACED)
			break;
		/* refused twice at the same remote tip: it was not a race */
		if (s.refusal && sync_ref(s.repo, s.tracking, &now) == 0 && have_seen &&
		    git_oid_equal(&now, &seen)) {
			buf_printf(err, _("%s refused the update of %s: %s"), remote, s.branch,
			    s.refusal);
			r = SYNC_UNREACHABLE;
			break;
		}
		have_seen = s.refusal && sync_ref(s.repo, s.tracking, &seen) == 0;
		usleep((useconds_t)(1000 + rand() % (2000 * (round + 1))));
		r = 0;
	}
	if (r == 0 && round == SYNC_ROUNDS) {
		buf_printf(err, _("%s kept moving; your records are safe here, sync again"), remote);
		r = SYNC_BUSY;
	}
	git_remote_free(s.remote);
	git_repository_free(s.repo);
	free(s.branch);
	free(s.tracking);
	free(s.path);
	free(s.user);
	free(s.refusal);
	git_libgit2_shutdown();
	return r;
}

void
sync_result_free(struct sync_result *res)
{
	buf_free(&res->warn);
}
