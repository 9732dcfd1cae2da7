/* ui_model.h -- what the review workstation shows: the repository as of
 * HEAD, one row per open packet.
 *
 * No curses.  Two ways in, one shape out:
 *
 *  - A git repository is read through its SQLite index (index.h): the
 *    queue's rows come from the index, and a packet is loaded from HEAD
 *    (store_load_packets) only when it is opened.  So the first frame costs
 *    a few reads, not a load of every packet -- on 10,000 packets that is
 *    the difference between milliseconds and half a minute.
 *  - A plain directory (read-only), or a git repository whose index cannot
 *    be opened, is loaded whole (repo_load / store_load) and its rows are
 *    evaluated on demand: the rows on screen first, the rest while the
 *    user is idle.
 *
 * Ownership: the model owns the store, the repository, the engine and
 * every row (its strings, its packet's repository, its recommendation);
 * ui_model_reload() replaces them all, so views keep packet ids, never
 * pointers, across a reload.
 */
#ifndef GH_UI_MODEL_H
#define GH_UI_MODEL_H

#include "engine.h"
#include "store.h"

struct ui_row {
	/* The summary the queue shows: known once summarized. */
	char *id;
	char *title;			/* NULL: the request did not load */
	int64_t tier;			/* most critical service tier, -1 unknown */
	gh_time decide_by;		/* GH_TIME_NONE if absent */
	int verdict;			/* enum verdict, -1 unknown */
	int signed_roles;		/* required roles with a current sign-off */
	int comments;
	int signoffs;
	bool summarized;
	bool mine;			/* waiting for my sign-off in a required role */
	bool stale;			/* some sign-off is stale */
	bool decided;			/* a decision is recorded */
	/* The packet itself: ui_model_packet() loads and evaluates it. */
	struct gh_repo *own;		/* its own load (index mode), or NULL */
	const struct gh_packet *pk;	/* NULL until loaded */
	struct recommendation *rec;	/* NULL until evaluated, or request broken */
	char *digest;			/* inputs digest at HEAD (sign-offs only) */
	char *seen;			/* rec_seen() */
	bool evaluated;
};

struct ui_model {
	char *path;			/* as given */
	char *key;			/* stable id of the repository (drafts) */
	struct store *st;		/* NULL: a plain directory, read-only */
	struct gh_repo *repo;		/* index mode: settings, policy, precedents */
	struct engine *eng;
	struct diags d;			/* problems of the last load */
	gh_time today;
	char *name, *email;		/* who I am, or NULL */
	char *ident_error;		/* why I am nobody */
	const struct gh_person *who;	/* me in policy/roles.yaml, or NULL */
	struct ui_row *rows;		/* open packets, by id */
	size_t nrows;
	size_t pending;			/* rows not summarized yet */
	size_t next_eval;		/* where the idle evaluation goes on */
	char head[13];			/* HEAD, abbreviated; "" if none */
	struct index *idx;		/* the SQLite index, NULL when not in use */
	bool idx_broken;		/* it could not be opened: whole loads */
	char *notice;			/* one-line news of the last load, or NULL */
};

/* Open the repository at path (a git repository or a plain directory). */
int ui_model_open(struct ui_model *m, const char *path, gh_time today, struct buf *err);
/* Load HEAD again (after a commit, a sync or on request). */
int ui_model_reload(struct ui_model *m, struct buf *err);
void ui_model_close(struct ui_model *m);
/* Drop rows, repository and engine (the store and index stay open). */
void ui_model_unload(struct ui_model *m);
/* Index mode (ui_model_index.c): bring the index up to HEAD, take the rows
 * from it and load settings, policy and precedents only.  -1 (err) when
 * there is no usable index. */
int ui_model_load_indexed(struct ui_model *m, struct buf *err);

/* Make sure the queue's summary of row is known. */
void ui_model_summarize(struct ui_model *m, struct ui_row *row);
/* Summarize up to budget pending rows; returns how many are still pending. */
size_t ui_model_eval_some(struct ui_model *m, size_t budget);
void ui_model_eval_all(struct ui_model *m);

/* The open packet's row, NULL if there is none. */
struct ui_row *ui_model_find(struct ui_model *m, const char *packet);
/* The same with the packet loaded and evaluated (row->pk set): NULL when
 * there is no such open packet or it cannot be read at HEAD. */
struct ui_row *ui_model_packet(struct ui_model *m, const char *packet);
/* The repository a record on row is built against (policy and packet). */
const struct gh_repo *ui_model_repo_of(const struct ui_model *m, const struct ui_row *row);
/* Number of required sign-off roles (policy/roles.yaml). */
int ui_model_required(const struct ui_model *m);
/* Why I may not perform perm (translated, caller frees), or NULL. */
char *ui_model_refusal(const struct ui_model *m, int perm, const char *verb);
/* Is review rv (of row) a stale sign-off or decision? */
bool ui_model_review_stale(const struct ui_row *row, const struct gh_review *rv);
/* Does the packet match query (id, title; rationale and comment bodies
 * when loaded)? */
bool ui_model_match(const struct ui_row *row, const char *query);
/* Packets the full-text index finds for query (FTS5 syntax or plain
 * words), sorted by id: their count, or -1 (err) when there is no index
 * (a plain directory, or it cannot be opened).  *ids is malloc'd, each id
 * too. */
long ui_model_search(struct ui_model *m, const char *query, char ***ids, struct buf *err);
/* Display name of a repository. */
const char *ui_model_label(const struct ui_model *m);

#endif
