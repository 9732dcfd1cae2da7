/* ui_model.h -- what the review workstation shows: the repository as of
 * HEAD, one row per open packet, evaluated lazily.
 *
 * No curses.  A git repository is read from HEAD (store_load) and may be
 * written to; a plain directory is read from the files (repo_load) and is
 * read-only.  Rows are evaluated on demand (the rows on screen first, the
 * rest while the user is idle), so the first frame does not wait for the
 * engine to run over every packet.
 *
 * Ownership: the model owns the store, the repository, the engine and
 * every row's recommendation; ui_model_reload() replaces them all, so
 * views keep packet ids, never pointers, across a reload.
 */
#ifndef GH_UI_MODEL_H
#define GH_UI_MODEL_H

#include "engine.h"
#include "store.h"

struct ui_row {
	const struct gh_packet *pk;
	struct recommendation *rec;	/* NULL until evaluated, or request broken */
	char *digest;			/* inputs digest at HEAD (sign-offs only) */
	char *seen;			/* rec_seen() */
	int signed_roles;		/* required roles with a current sign-off */
	int comments;
	int signoffs;
	bool evaluated;
	bool mine;			/* waiting for my sign-off in a required role */
	bool stale;			/* some sign-off is stale */
	bool decided;			/* a decision is recorded */
};

struct ui_model {
	char *path;			/* as given */
	char *key;			/* stable id of the repository (drafts) */
	struct store *st;		/* NULL: a plain directory, read-only */
	struct gh_repo *repo;
	struct engine *eng;
	struct diags d;			/* problems of the last load */
	gh_time today;
	char *name, *email;		/* who I am, or NULL */
	char *ident_error;		/* why I am nobody */
	const struct gh_person *who;	/* me in policy/roles.yaml, or NULL */
	struct ui_row *rows;		/* open packets, by id */
	size_t nrows;
	size_t pending;			/* rows not evaluated yet */
	size_t next_eval;		/* where the idle evaluation goes on */
	char head[13];			/* HEAD, abbreviated; "" if none */
	struct index *idx;		/* the SQLite search index, opened on demand */
	bool idx_broken;		/* it could not be opened: substring search only */
};

/* Open the repository at path (a git repository or a plain directory). */
int ui_model_open(struct ui_model *m, const char *path, gh_time today, struct buf *err);
/* Load HEAD again (after a commit, a sync or on request). */
int ui_model_reload(struct ui_model *m, struct buf *err);
void ui_model_close(struct ui_model *m);

void ui_model_eval(struct ui_model *m, struct ui_row *row);
/* Evaluate up to budget pending rows; returns how many are still pending. */
size_t ui_model_eval_some(struct ui_model *m, size_t budget);
void ui_model_eval_all(struct ui_model *m);

struct ui_row *ui_model_find(struct ui_model *m, const char *packet);
/* Number of required sign-off roles (policy/roles.yaml). */
int ui_model_required(const struct ui_model *m);
/* Why I may not perform perm (translated, caller frees), or NULL. */
char *ui_model_refusal(const struct ui_model *m, int perm, const char *verb);
/* Is review rv (of row) a stale sign-off or decision? */
bool ui_model_review_stale(const struct ui_row *row, const struct gh_review *rv);
/* Does the packet match query (id, title, rationale, comment bodies)? */
bool ui_model_match(const struct ui_row *row, const char *query);
/* Packets the full-text index finds for query (FTS5 syntax or plain
 * words), sorted by id: their count, or -1 (err) when there is no index
 * (a plain directory, or it cannot be opened).  *ids is malloc'd, each id
 * too. */
long ui_model_search(struct ui_model *m, const char *query, char ***ids, struct buf *err);
/* Display name of a repository. */
const char *ui_model_label(const struct ui_model *m);

#endif
