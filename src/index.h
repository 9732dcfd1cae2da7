/* index.h -- the per-user SQLite cache of a packet repository.
 *
 * Git is the source of truth; the index only makes the queue, search and
 * history fast.  It holds nothing that is not in git (and never the content
 * of restricted evidence), lives in the user's cache directory with mode
 * 0600, and may be deleted at any time: index_update() rebuilds whatever
 * is missing.  A corrupt, unreadable or too old index file is deleted and
 * built again; the caller gets a one-line notice saying so.
 *
 * Updates are incremental: a packet is indexed again only when the id of
 * its packets/<ID> tree changed, everything when the policy, precedents,
 * settings or engine version changed (recommendations depend on them);
 * when only the date changed, every packet is evaluated again but its
 * texts are left as they are.  When HEAD is the commit indexed last and
 * nothing else changed, an update costs one ref lookup and a few reads.
 *
 * Errors: functions return 0 or -1 and append a message to err; -2
 * (INDEX_ECORRUPT) means the database file is damaged -- index_rebuild()
 * starts over.
 */
#ifndef GH_INDEX_H
#define GH_INDEX_H

#include "store.h"
#include "value.h"

#define INDEX_SCHEMA_VERSION 3
#define INDEX_ECORRUPT (-2)

struct index;

/* What the last index_update() did. */
struct index_stats {
	size_t packets;		/* packets in the index afterwards */
	size_t reindexed;	/* packets (re)indexed */
	size_t reevaluated;	/* unchanged packets evaluated for a new date */
	size_t removed;		/* packets gone from HEAD, dropped */
	size_t reviews;		/* review records written */
	size_t commits;		/* commits walked for the history */
	bool unchanged;		/* HEAD and every input as indexed: nothing done */
	bool full;		/* everything re-indexed (policy, date ... changed) */
	bool history_rebuilt;	/* the branch was rewritten: history walked anew */
	bool busy;		/* another process was writing: not updated */
	char as_of[16];		/* with busy: the commit the index shows */
};

/* The default location: $XDG_CACHE_HOME/gatehouse/<hash>.sqlite (or
 * ~/.cache/...), hash of the repository's absolute git dir; the "index"
 * setting ($GATEHOUSE_INDEX or the config file) moves it: a value ending
 * in .sqlite is the file, any other the directory.  Caller frees. */
char *index_default_path(struct store *s, struct buf *err);

/* Open (creating it if needed) the index of s at path, or at the default
 * location when path is NULL. */
int index_open(struct store *s, const char *path, struct index **out, struct buf *err);
void index_close(struct index *idx);
const char *index_path(const struct index *idx);
/* The one-line notice of index_open() (rebuilt a corrupt file ...) if not
 * yet handed out by index_update(); caller frees; NULL if none. */
char *index_take_notice(struct index *idx);

/* Bring the index up to date with HEAD of s, evaluating with today.
 * *notice (if not NULL) gets a one-line notice for the user or NULL;
 * caller frees. */
int index_update(struct index *idx, struct store *s, gh_time today, char **notice,
    struct buf *err);
/* Delete everything and index HEAD again. */
int index_rebuild(struct index *idx, struct store *s, gh_time today, struct buf *err);
const struct index_stats *index_last_stats(const struct index *idx);

/* ---- queries ----------------------------------------------------------- */

struct index_packet {
	const char *id;
	const char *title;
	const char *state;		/* open, decided, withdrawn; NULL if broken */
	const char *kind;
	int64_t tier;			/* most critical service tier, -1 unknown */
	const char *engine;		/* postgresql ... */
	const char *current;		/* versions as written */
	const char *target;
	gh_time window_start;		/* GH_TIME_NONE if absent */
	gh_time decide_by;		/* GH_TIME_NONE if absent */
	const char *verdict;		/* SUPPORT, COUNTER, ESCALATE; NULL if broken */
	const char *option;		/* chosen option id */
	const char *authority;		/* who decides */
	const char *seen;		/* rec_seen() */
	const char *summary;
	const char *decision;		/* last decision recorded: support ..., or NULL */
	int64_t signoffs;		/* sign-off records */
	int64_t stale;			/* of them stale */
	int64_t comments;
	int64_t errors;			/* problems loading its files */
	int64_t signed_roles;		/* required roles with a current sign-off
					 * (not a recusal) */
};

enum index_sort {
	INDEX_SORT_DEADLINE,		/* decide_by, undated last */
	INDEX_SORT_TIER,		/* most critical first */
	INDEX_SORT_ID,
	INDEX_SORT_VERDICT,		/* ESCALATE, COUNTER, SUPPORT */
};

struct index_filter {
	const char *state;		/* NULL: any */
	const char *verdict;		/* SUPPORT ...; case does not matter */
	const char *decision;		/* support, narrow, escalate recorded */
	int64_t tier;			/* -1: any */
	gh_time due_before;		/* decide_by on or before; GH_TIME_NONE: any */
	gh_time due_after;		/* decide_by on or after */
	const char *mine;		/* e-mail: open packets waiting for this
					 * person's sign-off: a required role they
					 * may sign is not covered yet, and they
					 * have no current sign-off on it */
	bool stale;			/* only packets with a stale sign-off */
};
#define INDEX_FILTER_INIT { NULL, NULL, NULL, -1, GH_TIME_NONE, GH_TIME_NONE, NULL, false }

/* Callbacks see rows that live until they return; nonzero stops. */
typedef int (*index_packet_fn)(void *arg, const struct index_packet *p);
int index_queue(struct index *idx, const struct index_filter *f, enum index_sort sort,
    index_packet_fn fn, void *arg, struct buf *err);

struct index_hit {
	const char *packet;
	const char *kind;		/* request, evidence, comment, signoff, decision */
	const char *ref;		/* evidence id or review file; packet id */
	const char *title;
	const char *snippet;		/* matches between [ and ] */
	double rank;			/* bm25: lower is better */
};
typedef int (*index_hit_fn)(void *arg, const struct index_hit *h);
/* Full-text search (FTS5 syntax; plain words when the query is not valid
 * FTS5), best first; at most limit hits (0: all).  Returns the number of
 * hits or -1. */
long index_search(struct index *idx, const char *query, size_t limit, index_hit_fn fn,
    void *arg, struct buf *err);

struct index_event {
	const char *packet;
	const char *commit;		/* hex */
	gh_time at;			/* author time */
	const char *author;
	const char *email;
	const char *kind;		/* comment, signoff, decision (trailers), else
					 * create, change, remove */
	const char *state;		/* Gatehouse-State trailer or NULL */
	const char *subject;
	const char *file;		/* the review record it added, or NULL */
};
typedef int (*index_event_fn)(void *arg, const struct index_event *e);
/* Commits that changed packets/<packet>, newest first, following first
 * parents.  Returns the number of events or -1. */
long index_log(struct index *idx, const char *packet, index_event_fn fn, void *arg,
    struct buf *err);

#endif
