/* store.c -- read packet repositories from git trees and append review
 * records as commits built directly from trees, moving the branch by
 * compare-and-swap. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <git2.h>

#include "config.h"
#include "store.h"

struct store {
	git_repository *repo;
	char *branch;		/* "refs/heads/main" */
};

static int
git_fail(struct buf *err, const char *what)
{
	const git_error *e = git_error_last();

	buf_printf(err, "%s: %s", what, e && e->message ? e->message : _("unknown git error"));
	return -1;
}

static char *
head_branch(git_repository *repo)
{
	git_reference *head = NULL;
	char *name;

	if (git_reference_lookup(&head, repo, "HEAD") == 0 &&
	    git_reference_type(head) == GIT_REFERENCE_SYMBOLIC)
		name = xstrdup(git_reference_symbolic_target(head));
	else
		name = xstrdup("refs/heads/main");
	git_reference_free(head);
	return name;
}

int
store_open(const char *path, struct store **out, struct buf *err)
{
	struct store *s;
	git_repository *repo;

	*out = NULL;
	git_libgit2_init();
	if (git_repository_open_ext(&repo, path, 0, NULL) < 0)
		return git_fail(err, path);
	s = xcalloc(1, sizeof *s);
	s->repo = repo;
	s->branch = head_branch(repo);
	*out = s;
	return 0;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	git_repository_free(s->repo);
	free(s->branch);
	free(s);
	git_libgit2_shutdown();
}

bool
store_is_bare(const struct store *s)
{
	return git_repository_is_bare(s->repo);
}

const char *
store_path(const struct store *s)
{
	return git_repository_path(s->repo);
}

const char *
store_workdir(const struct store *s)
{
	return git_repository_workdir(s->repo);
}

/* ---- reading trees ---------------------------------------------------- */

struct tree_src {
	git_repository *repo;
	git_tree *tree;
	char *dir;		/* the directory read from last, and its tree */
	git_tree *dir_tree;
};

static int
dirent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct repo_dirent *)a)->name,
	    ((const struct repo_dirent *)b)->name);
}

static int
tree_at(struct tree_src *t, const char *dir, git_tree **out)
{
	git_tree_entry *e = NULL;
	int r;

	if (dir[0] == '\0')
		return git_tree_dup(out, t->tree);
	if (git_tree_entry_bypath(&e, t->tree, dir) < 0)
		return -1;
	r = git_tree_entry_type(e) == GIT_OBJECT_TREE ?
	    git_tree_lookup(out, t->repo, git_tree_entry_id(e)) : -1;
	git_tree_entry_free(e);
	return r;
}

static int
tree_list(void *ctx, const char *dir, struct repo_dirent **out, size_t *n)
{
	struct tree_src *t = ctx;
	git_tree *tree;
	size_t i, count, k = 0;

	*out = NULL;
	*n = 0;
	if (tree_at(t, dir, &tree) < 0) {
		errno = ENOENT;
		return -1;
	}
	count = git_tree_entrycount(tree);
	*out = xcalloc(count + 1, sizeof **out);
	for (i = 0; i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);

		if (name[0] == '.')
			continue;
		(*out)[k].name = xstrdup(name);
		(*out)[k].is_dir = git_tree_entry_type(e) == GIT_OBJECT_TREE;
		k++;
	}
	git_tree_free(tree);
	*n = k;
	qsort(*out, k, sizeof **out, dirent_cmp);
	return 0;
}

static int
tree_read(void *ctx, const char *path, size_t max, char **buf, size_t *len)
{
	struct tree_src *t = ctx;
	const char *slash = strrchr(path, '/');
	size_t dl = slash ? (size_t)(slash - path) : 0;
	const git_tree_entry *e;
	git_blob *blob = NULL;
	size_t size;

	*buf = NULL;
	*len = 0;
	/* Look each directory up once, not once per file: libgit2 does not
	 * cache trees over 4 KiB, so git_tree_entry_bypath() re-read and
	 * re-inflated a big reviews/ or packets/ tree for every file in it,
	 * and loading n files of one directory cost O(n^2). */
	if (t->dir == NULL || strlen(t->dir) != dl || strncmp(t->dir, path, dl) != 0) {
		git_tree_free(t->dir_tree);
		t->dir_tree = NULL;
		free(t->dir);
		t->dir = xstrndup(path, dl);
		if (tree_at(t, t->dir, &t->dir_tree) < 0)
			t->dir_tree = NULL;
	}
	e = t->dir_tree ? git_tree_entry_byname(t->dir_tree, slash ? slash + 1 : path) : NULL;
	if (e == NULL || git_tree_entry_type(e) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, t->repo, git_tree_entry_id(e)) < 0) {
		errno = ENOENT;
		return -1;
	}
	size = (size_t)git_blob_rawsize(blob);
	if (size > max) {
		*len = size;
		git_blob_free(blob);
		return -2;
	}
	*buf = xmalloc(size + 1);
	memcpy(*buf, git_blob_rawcontent(blob), size);
	(*buf)[size] = '\0';
	*len = size;
	git_blob_free(blob);
	return 0;
}

static int
resolve_tree(git_repository *repo, const char *rev, git_tree **out, struct buf *err)
{
	git_object *obj = NULL;
	int r;

	if (git_revparse_single(&obj, repo, rev) < 0)
		return git_fail(err, rev);
	r = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
	git_object_free(obj);
	return r < 0 ? git_fail(err, rev) : 0;
}

int
store_source(struct store *s, const char *rev, struct repo_source *src, struct buf *err)
{
	struct tree_src *t = xcalloc(1, sizeof *t);

	t->repo = s->repo;
	if (resolve_tree(s->repo, rev, &t->tree, err) < 0) {
		free(t);
		return -1;
	}
	src->ctx = t;
	src->list = tree_list;
	src->read = tree_read;
	/* a bare repository's companion path is relative to the git dir */
	src->base_dir = git_repository_workdir(s->repo) ? git_repository_workdir(s->repo) :
	    git_repository_path(s->repo);
	return 0;
}

void
store_source_free(struct repo_source *src)
{
	struct tree_src *t = src->ctx;

	if (t) {
		git_tree_free(t->tree);
		git_tree_free(t->dir_tree);
		free(t->dir);
		free(t);
	}
	src->ctx = NULL;
}

struct gh_repo *
store_load(struct store *s, const char *rev, struct diags *d, struct buf *err)
{
	struct repo_source src;
	struct gh_repo *r;

	if (store_source(s, rev, &src, err) < 0)
		return NULL;
	r = repo_load_source(".", &src, d);
	store_source_free(&src);
	return r;
}

struct gh_repo *
store_load_packets(struct store *s, const char *rev, const char *const *ids, size_t n,
    struct diags *d, struct buf *err)
{
	struct repo_source src;
	struct gh_repo *r;

	if (store_source(s, rev, &src, err) < 0)
		return NULL;
	r = repo_load_only(".", &src, ids, n, d);
	store_source_free(&src);
	return r;
}

/* ---- identity --------------------------------------------------------- */

int
store_identity(struct store *s, char **name, char **email, struct buf *err)
{
	struct config_value v;
	git_config *cfg = NULL;
	git_buf n = { 0 }, e = { 0 };
	int r = -1;

	*name = *email = NULL;
	/* $GATEHOUSE_AUTHOR, else the config file's identity (checked when
	 * read), else git's */
	config_get(config_global(), CONFIG_IDENTITY, &v);
	if (v.value) {
		if (config_parse_identity(v.value, name, email) == 0)
			return 0;
		buf_printf(err, _("%s must look like 'Name <email>', not '%s'"),
		    v.env ? v.env : "identity", v.value);
		return -1;
	}
	if (git_repository_config_snapshot(&cfg, s->repo) < 0)
		return git_fail(err, _("reading git config"));
	if (git_config_get_string_buf(&n, cfg, "user.name") == 0 &&
	    git_config_get_string_buf(&e, cfg, "user.email") == 0) {
		*name = xstrdup(n.ptr);
		*email = xstrdup(e.ptr);
		r = 0;
	} else {
		buf_puts(err, _("who are you? set git config user.name and user.email, GATEHOUSE_AUTHOR='Name <email>' or 'set identity' in the config file"));
	}
	git_buf_dispose(&n);
	git_buf_dispose(&e);
	git_config_free(cfg);
	return r;
}

/* ---- writing trees ---------------------------------------------------- */

static int
tree_put(git_repository *repo, git_tree *base, const char *path, const git_oid *id,
    git_filemode_t mode, git_oid *out, bool *empty)
{
	const char *slash = strchr(path, '/');
	git_treebuilder *tb = NULL;
	int r;

	if (git_treebuilder_new(&tb, repo, base) < 0)
		return -1;
	if (slash == NULL) {
		if (id)
			r = git_treebuilder_insert(NULL, tb, path, id, mode);
		else
			r = git_treebuilder_get(tb, path) ? git_treebuilder_remove(tb, path) : 0;
	} else {
		char *dir = xstrndup(path, (size_t)(slash - path));
		const git_tree_entry *e = base ? git_tree_entry_byname(base, dir) : NULL;
		git_tree *sub = NULL;
		git_oid sub_id;
		bool sub_empty = false;

		r = 0;
		if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE)
			r = git_tree_lookup(&sub, repo, git_tree_entry_id(e));
		if (r == 0 && (id || sub))
			r = tree_put(repo, sub, slash + 1, id, mode, &sub_id, &sub_empty);
		if (r == 0 && id)
			r = git_treebuilder_insert(NULL, tb, dir, &sub_id, GIT_FILEMODE_TREE);
		else if (r == 0 && sub && sub_empty)
			r = git_treebuilder_remove(tb, dir);
		else if (r == 0 && sub)
			r = git_treebuilder_insert(NULL, tb, dir, &sub_id, GIT_FILEMODE_TREE);
		git_tree_free(sub);
		free(dir);
	}
	*empty = git_treebuilder_entrycount(tb) == 0;
	if (r == 0)
		r = git_treebuilder_write(out, tb);
	git_treebuilder_free(tb);
	return r;
}

int
store_tree_put(git_repository *repo, git_tree *base, const char *path, const git_oid *id,
    unsigned int mode, git_oid *out)
{
	bool empty;

	return tree_put(repo, base, path, id, (git_filemode_t)mode, out, &empty);
}

/* Return in *out the tree base (may be NULL) with blob placed at path. */
static int
tree_with(git_repository *repo, git_tree *base, const char *path, const git_oid *blob,
    git_oid *out)
{
	return store_tree_put(repo, base, path, blob, GIT_FILEMODE_BLOB, out);
}

static char *
record_name(const char *slug)
{
	unsigned char rnd[3] = { 0, 0, 0 };
	char stamp[32], clean[48];
	time_t now = time(NULL);
	struct tm tm;
	size_t i, k = 0;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (read(fd, rnd, sizeof rnd) != (ssize_t)sizeof rnd)
			rnd[0] ^= (unsigned char)getpid();
		close(fd);
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	for (i = 0; slug[i] && k < sizeof clean - 1; i++)
		if ((slug[i] >= 'a' && slug[i] <= 'z') || (slug[i] >= '0' && slug[i] <= '9') ||
		    slug[i] == '-')
			clean[k++] = slug[i];
		else if (slug[i] >= 'A' && slug[i] <= 'Z')
			clean[k++] = (char)(slug[i] - 'A' + 'a');
	clean[k] = '\0';
	return xasprintf("%s-%s-%02x%02x%02x", stamp, k ? clean : "anon", rnd[0], rnd[1], rnd[2]);
}

static char *
commit_message(const struct store_record *rec)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s\n\n", rec->subject);
	buf_printf(&b, "Gatehouse-Packet: %s\n", rec->packet);
	buf_printf(&b, "Gatehouse-Record: %s\n", rec->kind);
	if (rec->state)
		buf_printf(&b, "Gatehouse-State: %s\n", rec->state);
	return buf_detach(&b);
}

/* One attempt: commit on the current tip and swap the branch to it.
 * Returns 0, GIT_EMODIFIED/GIT_ELOCKED/GIT_EEXISTS to retry, or -1. */
static int
commit_once(struct store *s, const char *packet, const char *subject, bool replace,
    const char *path, const git_oid *blob, const git_signature *sig, const char *msg,
    git_oid *commit, git_oid *base_id, struct buf *err)
{
	git_reference *ref = NULL, *newref = NULL;
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_oid tree_id;
	char *req = xasprintf("packets/%s/request.yaml", packet);
	git_tree_entry *e = NULL;
	int r = -1;

	if (git_reference_lookup(&ref, s->repo, s->branch) == 0) {
		if (git_commit_lookup(&parent, s->repo, git_reference_target(ref)) < 0 ||
		    git_commit_tree(&base, parent) < 0) {
			git_fail(err, s->branch);
			goto out;
		}
	}
	if (base == NULL || git_tree_entry_bypath(&e, base, req) < 0) {
		buf_printf(err, _("no packet '%s' in this repository"), packet);
		goto out;
	}
	git_tree_entry_free(e);
	e = NULL;
	if (!replace && git_tree_entry_bypath(&e, base, path) == 0) {
		r = GIT_EEXISTS;	/* the name is taken: never replace a record */
		goto out;
	}
	git_oid_cpy(base_id, git_tree_id(base));
	if (tree_with(s->repo, base, path, blob, &tree_id) < 0 ||
	    git_tree_lookup(&tree, s->repo, &tree_id) < 0 ||
	    git_commit_create(commit, s->repo, NULL, sig, sig, "UTF-8", msg, tree, 1,
	    (const git_commit **)&parent) < 0) {
		git_fail(err, _("writing the commit"));
		goto out;
	}
	r = git_reference_create_matching(&newref, s->repo, s->branch, commit, 1,
	    git_reference_target(ref), subject);
	if (r == GIT_EMODIFIED || r == GIT_ELOCKED || r == GIT_EEXISTS)
		goto out;
	if (r < 0)
		git_fail(err, s->branch);
out:
	git_tree_entry_free(e);
	free(req);
	git_reference_free(newref);
	git_reference_free(ref);
	git_commit_free(parent);
	git_tree_free(base);
	git_tree_free(tree);
	return r;
}

/* A clone's checkout shows the new file; never overwrites local edits.
 * The baseline is the tree the commit was built on, so the checkout sees
 * exactly one added file. */
static void
update_checkout(struct store *s, const char *path, const git_oid *base_id,
    const git_oid *commit, struct buf *err)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	char *paths[1] = { (char *)path };
	git_tree *base = NULL;
	git_commit *c = NULL;
	char *lock;
	int r, fd, tries;

	if (git_repository_is_bare(s->repo))
		return;
	/* A checkout reads the index, adds the file and writes the index back:
	 * two writers in one clone at once would lose each other's entries (or
	 * find index.lock taken), so they take turns on a lock of their own,
	 * which the system releases even when a writer is killed. */
	lock = xasprintf("%sgatehouse-checkout.lock", git_repository_path(s->repo));
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	free(lock);
	while (fd >= 0 && flock(fd, LOCK_EX) < 0 && errno == EINTR)
		;
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.paths.strings = paths;
	co.paths.count = 1;
	r = git_tree_lookup(&base, s->repo, base_id);
	if (r == 0)
		r = git_commit_lookup(&c, s->repo, commit);
	co.baseline = base;
	if (r == 0)
		r = git_checkout_tree(s->repo, (git_object *)c, &co);
	/* git itself may hold index.lock for a moment (git status) */
	for (tries = 0; r == GIT_ELOCKED && tries < 100; tries++) {
		usleep(10000);
		r = git_checkout_tree(s->repo, (git_object *)c, &co);
	}
	if (fd >= 0)
		close(fd);
	git_tree_free(base);
	git_commit_free(c);
	if (r < 0) {
		const git_error *e = git_error_last();

		buf_printf(err, _("recorded, but the checkout was not updated: %s"),
		    e && e->message ? e->message : "?");
	}
}

/* A record that would not load back (invalid UTF-8, a YAML or schema
 * error) would stay broken forever in an append-only history: refuse it. */
static int
record_loads(const char *text, struct buf *err)
{
	struct arena a;
	struct diags d;
	int r = 0;

	arena_init(&a);
	diags_init(&d);
	if (repo_parse_file(&a, "record", text, strlen(text), &gh_review_schema, &d) == NULL ||
	    d.errors) {
		buf_puts(err, _("the record would not load back"));
		if (d.n)
			buf_printf(err, ": %s", d.v[0].msg);
		r = -1;
	}
	arena_free(&a);
	diags_free(&d);
	return r;
}

int
store_append(struct store *s, const struct store_record *rec, char **file_out,
    char **commit_out, struct buf *err)
{
	char *name = NULL, *email = NULL, *file = NULL, *path = NULL, *msg;
	git_signature *sig = NULL;
	git_oid blob, commit, base_id;
	int r = -1, attempt;
	/* every writer its own jitter: with rand()'s one default seed, writers
	 * that collided would wait alike and collide again */
	unsigned seed = (unsigned)getpid() ^ (unsigned)time(NULL);

	if (record_loads(rec->text, err) < 0 || store_identity(s, &name, &email, err) < 0)
		return -1;
	msg = commit_message(rec);
	if (git_signature_now(&sig, name, email) < 0 ||
	    git_blob_create_from_buffer(&blob, s->repo, rec->text, strlen(rec->text)) < 0) {
		git_fail(err, _("writing the record"));
		goto out;
	}
	for (attempt = 0; attempt < 1000; attempt++) {
		/* a fresh name each time, so a taken one is never retried */
		free(file);
		free(path);
		file = record_name(rec->slug ? rec->slug : name);
		path = xasprintf("packets/%s/reviews/%s.yaml", rec->packet, file);
		r = commit_once(s, rec->packet, rec->subject, false, path, &blob, sig, msg,
		    &commit, &base_id, err);
		if (r != GIT_EMODIFIED && r != GIT_ELOCKED && r != GIT_EEXISTS)
			break;
		/* someone else moved the branch: back off a little, rebuild */
		usleep((useconds_t)(500 + (rand_r(&seed) % 4000) * (attempt < 20 ? 1 : 4)));
	}
	if (r != 0) {
		if (err->len == 0)
			buf_puts(err, _("the branch kept moving; nothing was recorded, try again"));
		r = -1;
		goto out;
	}
	update_checkout(s, path, &base_id, &commit, err);
	if (file_out)
		*file_out = xstrdup(path);
	if (commit_out) {
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, sizeof hex, &commit);
		*commit_out = xstrdup(hex);
	}
out:
	git_signature_free(sig);
	free(name);
	free(email);
	free(file);
	free(path);
	free(msg);
	return r;
}

/* ---- one file in one commit (gatehouse import) -------------------------- */

int
store_put(struct store *s, const struct store_file *f, char **commit_out, struct buf *err)
{
	char *name = NULL, *email = NULL;
	struct buf msg = BUF_INIT;
	git_signature *sig = NULL;
	git_oid blob, commit, base_id;
	int r = -1, attempt;
	unsigned seed = (unsigned)getpid() ^ (unsigned)time(NULL);

	if (store_identity(s, &name, &email, err) < 0)
		return -1;
	buf_printf(&msg, "%s\n\nGatehouse-Packet: %s\n%s", f->subject, f->packet,
	    f->trailers ? f->trailers : "");
	if (git_signature_now(&sig, name, email) < 0 ||
	    git_blob_create_from_buffer(&blob, s->repo, f->text, f->len) < 0) {
		git_fail(err, f->path);
		goto out;
	}
	for (attempt = 0; attempt < 1000; attempt++) {
		r = commit_once(s, f->packet, f->subject, f->replace, f->path, &blob, sig,
		    buf_cstr(&msg), &commit, &base_id, err);
		if (r != GIT_EMODIFIED && r != GIT_ELOCKED)
			break;
		usleep((useconds_t)(500 + (rand_r(&seed) % 4000) * (attempt < 20 ? 1 : 4)));
	}
	if (r == GIT_EEXISTS) {
		r = STORE_EXISTS;
		goto out;
	}
	if (r != 0) {
		if (err->len == 0)
			buf_puts(err, _("the branch kept moving; nothing was recorded, try again"));
		r = -1;
		goto out;
	}
	update_checkout(s, f->path, &base_id, &commit, err);
	if (commit_out) {
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, sizeof hex, &commit);
		*commit_out = xstrdup(hex);
	}
out:
	git_signature_free(sig);
	buf_free(&msg);
	free(name);
	free(email);
	return r;
}

/* ---- inputs digest ------------------------------------------------------ */

char *
store_inputs_digest(struct store *s, const char *rev, const char *packet,
    const char *engine_version, struct buf *err)
{
	struct buf in = BUF_INIT;
	git_tree *root = NULL, *pk = NULL;
	git_tree_entry *e = NULL;
	char hex[GIT_OID_HEXSZ + 1], *dir = xasprintf("packets/%s", packet);
	char *out = NULL;
	git_oid id;
	size_t i;

	if (resolve_tree(s->repo, rev, &root, err) < 0)
		goto done;
	buf_puts(&in, "gatehouse-inputs/1\n");
	if (git_tree_entry_bypath(&e, root, dir) == 0 &&
	    git_tree_lookup(&pk, s->repo, git_tree_entry_id(e)) == 0) {
		for (i = 0; i < git_tree_entrycount(pk); i++) {
			const git_tree_entry *pe = git_tree_entry_byindex(pk, i);

			if (strcmp(git_tree_entry_name(pe), "reviews") == 0)
				continue;
			git_oid_tostr(hex, sizeof hex, git_tree_entry_id(pe));
			buf_printf(&in, "packet %s %s\n", git_tree_entry_name(pe), hex);
		}
	}
	git_tree_entry_free(e);
	e = NULL;
	if (git_tree_entry_bypath(&e, root, "policy") == 0) {
		git_oid_tostr(hex, sizeof hex, git_tree_entry_id(e));
		buf_printf(&in, "policy %s\n", hex);
	}
	buf_printf(&in, "engine %s\n", engine_version);
	if (git_odb_hash(&id, in.s, in.len, GIT_OBJECT_BLOB) == 0) {
		git_oid_tostr(hex, sizeof hex, &id);
		out = xstrdup(hex);
	}
done:
	git_tree_entry_free(e);
	git_tree_free(pk);
	git_tree_free(root);
	buf_free(&in);
	free(dir);
	return out;
}

char *
store_inputs_digest_ids(struct store *s, const char *packet_tree, const char *policy_tree,
    const char *engine_version, struct buf *err)
{
	struct buf in = BUF_INIT;
	git_tree *pk = NULL;
	git_oid id;
	char hex[GIT_OID_HEXSZ + 1], *out = NULL;
	size_t i;

	/* keep in step with store_inputs_digest() above: same lines, same order */
	buf_puts(&in, "gatehouse-inputs/1\n");
	if (git_oid_fromstr(&id, packet_tree) < 0 || git_tree_lookup(&pk, s->repo, &id) < 0) {
		git_fail(err, packet_tree);
		goto done;
	}
	for (i = 0; i < git_tree_entrycount(pk); i++) {
		const git_tree_entry *pe = git_tree_entry_byindex(pk, i);

		if (strcmp(git_tree_entry_name(pe), "reviews") == 0)
			continue;
		git_oid_tostr(hex, sizeof hex, git_tree_entry_id(pe));
		buf_printf(&in, "packet %s %s\n", git_tree_entry_name(pe), hex);
	}
	if (policy_tree)
		buf_printf(&in, "policy %s\n", policy_tree);
	buf_printf(&in, "engine %s\n", engine_version);
	if (git_odb_hash(&id, in.s, in.len, GIT_OBJECT_BLOB) == 0) {
		git_oid_tostr(hex, sizeof hex, &id);
		out = xstrdup(hex);
	}
done:
	git_tree_free(pk);
	buf_free(&in);
	return out;
}
