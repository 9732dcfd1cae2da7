/* history.h -- what happened to a packet, commit by commit: the auditor's
 * view of the packet repository.
 *
 * The walk follows the branch's first parents (a merge counts as one step
 * against its first parent, as "git log --first-parent" does) and looks at
 * each commit's tree ids before anything else: a commit whose packet and
 * policy subtrees have the same ids as its parent's costs two tree reads
 * and no diff.  Only where an id differs are the entries compared, and only
 * review records that were added or changed are read and parsed.  Nothing
 * here loads a whole repository except history_point_load(), which the
 * caller uses only where it needs the recommendation.
 *
 * Records count whether gatehouse wrote them (commit trailers) or someone
 * added the file with the git CLI: the tree says what was added, the
 * trailers are only reported.
 *
 * Results are plain structs owned by one object each (struct history,
 * struct history_point, struct history_diff) and freed by its _free
 * function.  Nothing prints; errors go into the caller's struct buf.
 */
#ifndef GH_HISTORY_H
#define GH_HISTORY_H

#include "engine.h"
#include "store.h"

#define HISTORY_OID_HEX 41	/* 40 hex digits and the NUL */

enum history_what {
	HW_REVIEW,		/* packets/<ID>/reviews/<file>.yaml */
	HW_EVIDENCE,		/* packets/<ID>/evidence/<file>.yaml */
	HW_REQUEST,		/* packets/<ID>/request.yaml */
	HW_OTHER,		/* another file in the packet directory */
	HW_POLICY,		/* a file under policy/ */
};

enum history_status {
	HS_ADDED,
	HS_CHANGED,
	HS_REMOVED,
};

struct history_change {
	enum history_what what;
	enum history_status status;
	const char *packet;		/* NULL for policy */
	const char *path;		/* in the tree: "packets/X/evidence/backup.yaml" */
	const char *name;		/* file name without .yaml: evidence or review id */
	const struct gh_review *review;	/* HW_REVIEW: the record parsed (for a removed
					 * one, as it was), or NULL */
	const char *problem;		/* why the record did not parse, else NULL */
};

/* The recommendation at one commit, as history_recommend() fills it. */
struct history_seen {
	const char *seen;		/* rec_seen(): "VERDICT option authority", or NULL */
	const char *verdict;		/* "SUPPORT" ..., NULL with seen */
	const char *option;		/* chosen option id, or NULL */
	const char *authority;		/* authority id, or NULL */
	const char *problem;		/* why there is none: packet absent, request broken */
	gh_time today;			/* the date it was evaluated for */
	bool flipped;			/* seen differs from the previous commit listed */
};

struct history_commit {
	char id[HISTORY_OID_HEX];
	gh_time time;			/* committer time (UTC seconds) */
	gh_time author_time;
	const char *author;		/* commit author name and e-mail */
	const char *email;
	const char *subject;		/* first line of the message */
	bool trailers;			/* written by gatehouse (Gatehouse-Record: trailer) */
	bool merge;			/* more than one parent; compared to the first */
	struct history_change *changes;	/* sorted by path */
	size_t nchanges;
	struct history_seen rec;	/* only after history_recommend() */
};

struct history {
	struct arena arena;		/* every string and array below */
	struct history_commit *commits;	/* newest first */
	size_t n, cap;
	size_t walked;			/* commits visited */
	size_t problems;		/* records that did not parse */
};

struct history_opts {
	const char *rev;		/* where to start; NULL = "HEAD" */
	const char *packet;		/* NULL = every packet */
	bool reviews_only;		/* only review records (log): no evidence/request */
	bool policy;			/* also list commits that changed policy/ */
};

/* Called for each commit that changed what o asks for, newest first.  c
 * and everything it points to live only until the callback returns, so a
 * walk over any number of commits needs the memory of one.  A nonzero
 * return stops the walk. */
typedef int (*history_fn)(void *arg, const struct history_commit *c);

/* Walk from o->rev back to the root.  Returns the number of commits
 * visited, or -1 (err) only when the repository or the revision cannot be
 * read; a record that does not parse is passed on with its problem. */
long history_each(struct store *s, const struct history_opts *o, history_fn fn, void *arg,
    struct buf *err);
/* The same walk, keeping the commits in *out (newest first). */
int history_walk(struct store *s, const struct history_opts *o, struct history **out,
    struct buf *err);
void history_free(struct history *h);
/* The index of the oldest commit worth listing for a packet walk: the
 * packet's first appearance (policy commits from before it existed say
 * nothing about it).  false when the packet never appears. */
bool history_oldest(const struct history *h, size_t *oldest);

/* Fill each commit's rec for packet: the recommendation as of that commit,
 * evaluated with that commit's policy for *today, or (today == NULL) for
 * the UTC date of the commit's committer time -- what the reviewers saw
 * that day.  Commits whose inputs (packet without reviews, policy,
 * precedents, settings) and date equal the previous one's reuse its
 * result instead of loading the repository again. */
void history_recommend(struct store *s, struct history *h, const char *packet,
    const gh_time *today);

/* The commit rev names: its id in hex (HISTORY_OID_HEX bytes) and its
 * committer time.  -1 with err when rev names no commit. */
int history_resolve(struct store *s, const char *rev, char *hex, gh_time *time,
    struct buf *err);

/* A repository loaded at one commit with one packet evaluated.  Only what
 * the recommendation depends on is loaded: the policy, the precedents, the
 * settings and that packet without its review records. */
struct history_point {
	char commit[HISTORY_OID_HEX];
	gh_time time;			/* committer time */
	gh_time today;			/* the date evaluated for */
	struct gh_repo *repo;
	struct engine *eng;
	const struct gh_packet *packet;	/* NULL when absent at that commit */
	struct recommendation *rec;	/* NULL when absent or its request is broken */
	struct diags d;			/* problems loading that commit */
};

/* Load rev and evaluate packet there (today as for history_recommend).
 * Returns -1 (err) when rev does not name a commit; a missing packet is
 * not an error here (pt->packet == NULL). */
int history_point_load(struct store *s, const char *rev, const char *packet,
    const gh_time *today, struct history_point *pt, struct buf *err);
void history_point_free(struct history_point *pt);

/* How the recommendation changed between two commits, and why. */
struct history_gate_delta {
	const char *id;
	const char *title;
	int before, after;		/* enum gate_result, -1 = gate absent */
	const char *explain;		/* the after side's explanation, or NULL */
	const char *reason;		/* the after side's reason, or NULL */
	const char *message;		/* the gate's message when it fires after */
};

struct history_option_delta {
	const char *id;
	int cls_before, cls_after;	/* enum option_class, -1 = absent */
	int rank_before, rank_after;	/* 0 = absent */
};

struct history_diff {
	struct arena arena;		/* every string and array below */
	char a[HISTORY_OID_HEX], b[HISTORY_OID_HEX];
	gh_time time_a, time_b;		/* committer times */
	struct history_seen rec_a, rec_b;	/* flipped: seen_a != seen_b */
	GH_LIST(struct history_gate_delta) gates;	/* b's policy order, then removed */
	GH_LIST(struct history_option_delta) options;
	GH_LIST(const char *) triggers_added;
	GH_LIST(const char *) triggers_removed;
	GH_LIST(struct history_change) files;	/* evidence, request, policy; by path */
};

/* Compare packet between rev_a and rev_b (today as for history_recommend,
 * per side).  -1 with err when a revision is unknown or the packet exists
 * on neither side. */
int history_diff(struct store *s, const char *packet, const char *rev_a, const char *rev_b,
    const gh_time *today, struct history_diff **out, struct buf *err);
void history_diff_free(struct history_diff *d);

const char *history_status_name(enum history_status st);	/* "added" ... */
const char *history_what_name(enum history_what w);		/* "evidence" ... */
/* The UTC date (midnight) of t. */
gh_time history_day(gh_time t);

/* What one change did, in words (translated). */
const char *history_change_label(enum history_what w, enum history_status st);

#endif
