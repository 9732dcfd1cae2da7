/* sync.h -- exchange review records with a shared repository ("gatehouse
 * sync").
 *
 * Fetch the remote branch, replay the local commits that it lacks on top
 * of it (review records are new files with unique names, so they never
 * conflict), move the local branch by compare-and-swap and push.  A local
 * commit that changed a file the remote changed differently stops the
 * sync before anything moves.  Transport is libgit2's (local paths,
 * file:// and ssh://); nothing is ever overwritten on either side.
 */
#ifndef GH_SYNC_H
#define GH_SYNC_H

#include "util.h"

enum sync_status {
	SYNC_OK = 0,
	SYNC_ERROR = -1,	/* not a repository, no such remote ... */
	SYNC_UNREACHABLE = -2,	/* the remote could not be fetched from or pushed to */
	SYNC_CONFLICT = -3,	/* both sides changed a file differently */
	SYNC_BUSY = -4,		/* the remote kept moving */
};

struct sync_result {
	size_t fetched;		/* commits that came from the remote */
	size_t pushed;		/* local commits that went to the remote */
	char tip[41];		/* the branch afterwards (hex) */
	struct buf warn;	/* non-fatal: the checkout was not fully updated */
};

/* Sync the current branch of the repository at repo_path with the same
 * branch of remote.  Returns a sync_status; err says why it failed.  On
 * any failure the local records are all still on the local branch. */
int sync_run(const char *repo_path, const char *remote, struct sync_result *res,
    struct buf *err);
void sync_result_free(struct sync_result *res);

#endif
