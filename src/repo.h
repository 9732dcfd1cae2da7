/* repo.h -- load a whole packet repository from a directory tree.
 *
 * The result owns one arena holding every struct and string; repo_free()
 * releases it all.  Loading never stops at the first problem: every file
 * is read, every problem is added to the caller's diags, and whatever
 * could be loaded is returned (a packet whose request is broken is kept
 * with request == NULL so callers can still list it).
 *
 * Reading goes through struct repo_source so the same loader reads a
 * working tree or, later, a git tree at any commit.
 */
#ifndef GH_REPO_H
#define GH_REPO_H

#include "model.h"

struct repo_dirent {
	char *name;
	bool is_dir;
};

struct repo_source {
	void *ctx;
	/* Entries of dir ("" is the top), sorted by name, hidden ones left out.
	 * Returns 0, or -1 if dir does not exist or cannot be read. */
	int (*list)(void *ctx, const char *dir, struct repo_dirent **out, size_t *n);
	/* Read a file of at most max bytes: 0, -1 (errno) or -2 (too large). */
	int (*read)(void *ctx, const char *path, size_t max, char **buf, size_t *len);
	/* Directory a relative 'restricted:' companion path starts from, or
	 * NULL to leave restricted evidence as placeholders. */
	const char *base_dir;
};

struct gh_packet {
	const char *id;				/* directory name */
	const char *dir;			/* "packets/<id>" */
	struct gh_request *request;		/* NULL when it failed to load */
	GH_LIST(struct gh_evidence *) evidence;	/* sorted by file name */
	GH_LIST(struct gh_review *) reviews;	/* sorted by file name = time */
	int errors;				/* problems found in its files */
};

struct gh_policy {
	struct gh_gates_file *gates;
	struct gh_options_file *options;
	struct gh_authority_file *authority;
	struct gh_calendar_file *calendar;
	struct gh_lifecycle_file *lifecycle;
	struct gh_roles_file *roles;
};

struct gh_repo {
	struct arena arena;
	const char *root;			/* as given by the caller */
	struct gh_settings *settings;
	struct gh_policy policy;
	GH_LIST(struct gh_packet) packets;	/* sorted by id */
	GH_LIST(struct gh_precedent *) precedents;
	size_t files;				/* files read */
};

void repo_fs_source(struct repo_source *src, const char *root);
void repo_fs_source_free(struct repo_source *src);

/* Load the repository at root.  Returns the repository (never NULL unless
 * the root itself cannot be read, which is reported in d).  The caller
 * frees it with repo_free(). */
struct gh_repo *repo_load(const char *root, struct diags *d);
struct gh_repo *repo_load_source(const char *label, const struct repo_source *src,
    struct diags *d);
/* The same with only the packets named in ids (n may be 0): settings,
 * policy and precedents as always, at a cost that does not grow with the
 * number of packets.  Ids that are not packets are left out. */
struct gh_repo *repo_load_only(const char *label, const struct repo_source *src,
    const char *const *ids, size_t n, struct diags *d);
void repo_free(struct gh_repo *r);

/* Parse one file's bytes as the given schema (used by tests and fuzzers). */
void *repo_parse_file(struct arena *a, const char *file, const char *buf, size_t len,
    const struct schema *s, struct diags *d);

/* Replace restricted placeholders by the companion repository's items
 * where the operating system lets us read them (repo_restricted.c). */
void repo_merge_restricted(struct gh_repo *r, const char *base_dir, struct diags *d);

/* Cross-file checks: ids unique, references resolve (repo_refs.c). */
void repo_check_refs(const struct gh_repo *r, struct diags *d);

const struct gh_packet *repo_packet(const struct gh_repo *r, const char *id);

#endif
