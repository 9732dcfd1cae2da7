/* store.h -- the packet repository in git (libgit2).
 *
 * Git is the source of truth.  Review records are appended as new files,
 * one commit each, built directly from trees: no index and no working tree
 * are needed, so the same code writes to a bare repository on a shared
 * host and to a clone.  The branch moves by compare-and-swap; when another
 * writer got there first the commit is rebuilt on the new tip and tried
 * again, so no acknowledged record is ever lost.
 *
 * Errors: functions return 0 or -1 and append a message to err.
 */
#ifndef GH_STORE_H
#define GH_STORE_H

#include "repo.h"

struct store;

/* Open the repository containing path (a work tree or a bare repository). */
int store_open(const char *path, struct store **out, struct buf *err);
void store_close(struct store *s);
bool store_is_bare(const struct store *s);
const char *store_path(const struct store *s);	/* git dir */
const char *store_workdir(const struct store *s);	/* NULL when bare */

/* Create a packet repository at path ("gatehouse init"): git init (bare or
 * not, branch main), then one commit with gatehouse.yaml and the policy
 * files read from policy_dir. */
int store_init(const char *path, bool bare, const char *policy_dir, const char *name,
    struct buf *err);
/* Make the directory at path (not yet a git repository) one: every file
 * in it in one commit on main, by name <email>, with message. */
int store_import(const char *path, const char *name, const char *email, const char *message,
    struct buf *err);

/* A repo_source reading the tree of rev ("HEAD", a branch, a commit id).
 * The source holds a reference to s; free it with store_source_free(). */
int store_source(struct store *s, const char *rev, struct repo_source *src, struct buf *err);
void store_source_free(struct repo_source *src);
/* Load the whole repository as of rev. */
struct gh_repo *store_load(struct store *s, const char *rev, struct diags *d,
    struct buf *err);
/* Load rev with only the packets named in ids (n may be 0): settings,
 * policy and precedents as always.  What one review session needs, at a
 * cost that does not grow with the number of packets.  Ids that are not
 * packets at rev are left out. */
struct gh_repo *store_load_packets(struct store *s, const char *rev, const char *const *ids,
    size_t n, struct diags *d, struct buf *err);

/* The identity that signs records: $GATEHOUSE_AUTHOR ("Name <email>"),
 * else git config user.name / user.email.  Caller frees both. */
int store_identity(struct store *s, char **name, char **email, struct buf *err);

struct store_record {
	const char *packet;	/* packet id */
	const char *kind;	/* comment, signoff, decision */
	const char *state;	/* trailer value: concur ..., or NULL */
	const char *subject;	/* first line of the commit message */
	const char *text;	/* the YAML record */
	const char *slug;	/* author part of the file name */
};

/* Append rec as packets/<packet>/reviews/<time>-<slug>-<nonce>.yaml in one
 * new commit on the current branch.  *file_out (if not NULL) gets the
 * path, *commit_out (if not NULL) the commit id in hex; caller frees. */
int store_append(struct store *s, const struct store_record *rec, char **file_out,
    char **commit_out, struct buf *err);

/* One file put at path in one new commit on the current branch, moved by
 * compare-and-swap like store_append(); the packet must exist at the tip.
 * Used by "gatehouse import" for evidence.  Returns 0 (*commit_out, if not
 * NULL, gets the commit id in hex; caller frees), STORE_EXISTS when the
 * path is taken and replace is false (nothing written), or -1 with err. */
struct store_file {
	const char *packet;
	const char *path;
	const char *text;
	size_t len;
	bool replace;
	const char *subject;	/* first line of the commit message */
	const char *trailers;	/* more "Key: value\n" lines after Gatehouse-Packet, or NULL */
};
#define STORE_EXISTS 1
int store_put(struct store *s, const struct store_file *f, char **commit_out,
    struct buf *err);

/* Digest of what a sign-off is made against: the packet's files without
 * its reviews, the policy, and the engine version (hex, caller frees). */
char *store_inputs_digest(struct store *s, const char *rev, const char *packet,
    const char *engine_version, struct buf *err);
/* The same digest from ids already at hand (hex): the packet's tree and
 * the policy tree (NULL when the repository has none).  For the index,
 * which knows both without resolving a revision per packet. */
char *store_inputs_digest_ids(struct store *s, const char *packet_tree,
    const char *policy_tree, const char *engine_version, struct buf *err);

/* Tree surgery for replaying commits ("gatehouse sync"): *out gets the id
 * of tree base (NULL: empty) with path set to object id with the git file
 * mode, or removed when id is NULL (a directory left empty goes too).
 * Missing directories are created; an entry in the way of one is
 * replaced, so callers check for that first.  Returns 0 or a libgit2 error. */
struct git_repository;
struct git_tree;
struct git_oid;
int store_tree_put(struct git_repository *repo, struct git_tree *base, const char *path,
    const struct git_oid *id, unsigned int mode, struct git_oid *out);

#endif
