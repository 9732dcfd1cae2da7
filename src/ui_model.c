/* ui_model.c -- the repository as the workstation sees it (ui_model.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "access.h"
#include "history.h"
#include "index.h"
#include "ui_model.h"
#include "ui_util.h"

static void
rows_free(struct ui_model *m)
{
	size_t i;

	for (i = 0; i < m->nrows; i++) {
		rec_free(m->rows[i].rec);
		free(m->rows[i].digest);
		free(m->rows[i].seen);
	}
	free(m->rows);
	m->rows = NULL;
	m->nrows = m->pending = m->next_eval = 0;
}

/* One row per open packet (and per packet whose request did not load,
 * so that a broken packet is still seen). */
static void
rows_build(struct ui_model *m)
{
	size_t i;

	m->rows = xcalloc(m->repo->packets.n + 1, sizeof *m->rows);
	for (i = 0; i < m->repo->packets.n; i++) {
		const struct gh_packet *pk = &m->repo->packets.v[i];

		if (pk->request && pk->request->state != REQ_OPEN)
			continue;
		m->rows[m->nrows++].pk = pk;
	}
	m->pending = m->nrows;
}

static void
head_id(struct ui_model *m)
{
	char hex[HISTORY_OID_HEX];
	struct buf err = BUF_INIT;
	gh_time t;

	m->head[0] = '\0';
	if (m->st && history_resolve(m->st, "HEAD", hex, &t, &err) == 0)
		snprintf(m->head, sizeof m->head, "%.7s", hex);
	buf_free(&err);
}

static int
load(struct ui_model *m, struct buf *err)
{
	diags_free(&m->d);
	diags_init(&m->d);
	m->repo = m->st ? store_load(m->st, "HEAD", &m->d, err) : repo_load(m->path, &m->d);
	if (m->repo == NULL) {
		if (err->len == 0)
			diags_print_text(&m->d, err);
		return -1;
	}
	m->eng = engine_new(m->repo, &m->d);
	m->who = m->email ? access_person(m->repo->policy.roles, m->email) : NULL;
	rows_build(m);
	head_id(m);
	return 0;
}

/* A packet directory inside some other git work tree (data/demo in a
 * source checkout) is a plain directory, not that repository. */
static bool
foreign_repo(struct store *st, const char *path)
{
	char *wd = store_workdir(st) ? realpath(store_workdir(st), NULL) : NULL;
	char *abs = realpath(path, NULL), *settings = xasprintf("%s/gatehouse.yaml", path);
	struct stat sb;
	bool foreign = wd && abs && strcmp(wd, abs) != 0 && stat(settings, &sb) == 0;

	free(wd);
	free(abs);
	free(settings);
	return foreign;
}

int
ui_model_open(struct ui_model *m, const char *path, gh_time today, struct buf *err)
{
	struct buf ierr = BUF_INIT;
	struct stat sb;
	char *abs;

	memset(m, 0, sizeof *m);
	diags_init(&m->d);
	m->path = xstrdup(path);
	m->today = today;
	if (store_open(path, &m->st, &ierr) == 0 && foreign_repo(m->st, path)) {
		store_close(m->st);
		m->st = NULL;
	}
	if (m->st == NULL) {
		if (stat(path, &sb) < 0 || !S_ISDIR(sb.st_mode)) {
			buf_printf(err, "%s", buf_cstr(&ierr));
			buf_free(&ierr);
			return -1;
		}
	} else if (store_identity(m->st, &m->name, &m->email, &ierr) < 0) {
		m->ident_error = xstrdup(buf_cstr(&ierr));
	}
	buf_free(&ierr);
	abs = realpath(m->st ? store_path(m->st) : path, NULL);
	m->key = ui_hash_hex(abs ? abs : path);
	free(abs);
	return load(m, err);
}

int
ui_model_reload(struct ui_model *m, struct buf *err)
{
	rows_free(m);
	engine_free(m->eng);
	repo_free(m->repo);
	m->eng = NULL;
	m->repo = NULL;
	m->who = NULL;
	return load(m, err);
}

void
ui_model_close(struct ui_model *m)
{
	rows_free(m);
	engine_free(m->eng);
	repo_free(m->repo);
	index_close(m->idx);
	store_close(m->st);
	diags_free(&m->d);
	free(m->path);
	free(m->key);
	free(m->name);
	free(m->email);
	free(m->ident_error);
	memset(m, 0, sizeof *m);
}

static bool
same_email(const struct gh_review *rv, const char *email)
{
	return email && rv->author && rv->author->email &&
	    strcasecmp(rv->author->email, email) == 0;
}

/* Is the required role covered by a current sign-off (not a recusal)? */
static bool
role_signed(const struct ui_row *row, const char *role)
{
	size_t i;

	for (i = 0; i < row->pk->reviews.n; i++) {
		const struct gh_review *rv = row->pk->reviews.v[i];

		if (rv->kind == REVIEW_SIGNOFF && rv->role && strcmp(rv->role, role) == 0 &&
		    rv->state != SIGN_RECUSE && !ui_model_review_stale(row, rv))
			return true;
	}
	return false;
}

/* Sign-off progress, staleness and whether the packet waits for me. */
static void
row_reviews(struct ui_model *m, struct ui_row *row)
{
	const struct gh_roles_file *rf = m->repo->policy.roles;
	bool signed_by_me = false;
	size_t i;

	for (i = 0; i < row->pk->reviews.n; i++) {
		const struct gh_review *rv = row->pk->reviews.v[i];
		bool stale = ui_model_review_stale(row, rv);

		row->comments += rv->kind == REVIEW_COMMENT;
		row->signoffs += rv->kind == REVIEW_SIGNOFF;
		row->decided |= rv->kind == REVIEW_DECISION;
		row->stale |= rv->kind == REVIEW_SIGNOFF && stale;
		signed_by_me |= rv->kind == REVIEW_SIGNOFF && !stale && same_email(rv, m->email);
	}
	for (i = 0; rf && i < rf->required_signoffs.n; i++) {
		const char *role = rf->required_signoffs.v[i];
		bool done = role_signed(row, role);

		row->signed_roles += done;
		if (!done && !signed_by_me && m->who && access_may(rf, m->who, PERM_SIGNOFF, role))
			row->mine = true;
	}
}

void
ui_model_eval(struct ui_model *m, struct ui_row *row)
{
	struct engine_opts opts = { m->today, 5 };
	struct buf err = BUF_INIT;
	size_t i;
	bool signoffs = false;

	if (row->evaluated)
		return;
	row->evaluated = true;
	m->pending--;
	if (row->pk->request)
		row->rec = engine_evaluate(m->eng, row->pk, &opts);
	row->seen = row->rec ? rec_seen(row->rec) : NULL;
	for (i = 0; i < row->pk->reviews.n; i++)
		signoffs |= row->pk->reviews.v[i]->inputs_digest != NULL;
	if (signoffs && m->st)
		row->digest = store_inputs_digest(m->st, "HEAD", row->pk->id, GH_ENGINE_VERSION,
		    &err);
	buf_free(&err);
	row_reviews(m, row);
}

size_t
ui_model_eval_some(struct ui_model *m, size_t budget)
{
	for (; m->next_eval < m->nrows && budget > 0 && m->pending > 0; m->next_eval++)
		if (!m->rows[m->next_eval].evaluated) {
			ui_model_eval(m, &m->rows[m->next_eval]);
			budget--;
		}
	return m->pending;
}

void
ui_model_eval_all(struct ui_model *m)
{
	ui_model_eval_some(m, m->nrows);
}

struct ui_row *
ui_model_find(struct ui_model *m, const char *packet)
{
	size_t i;

	for (i = 0; packet && i < m->nrows; i++)
		if (strcmp(m->rows[i].pk->id, packet) == 0)
			return &m->rows[i];
	return NULL;
}

int
ui_model_required(const struct ui_model *m)
{
	const struct gh_roles_file *rf = m->repo ? m->repo->policy.roles : NULL;

	return rf ? (int)rf->required_signoffs.n : 0;
}

char *
ui_model_refusal(const struct ui_model *m, int perm, const char *verb)
{
	const struct gh_roles_file *rf = m->repo->policy.roles;

	if (m->st == NULL)
		return xasprintf(_("read-only: %s is not a git repository, so nothing can be recorded"),
		    m->path);
	if (m->email == NULL)
		return xasprintf(_("cannot %s: %s"), verb, m->ident_error ? m->ident_error : "?");
	if (m->who == NULL)
		return xasprintf(_("%s <%s> may not %s: not listed in policy/roles.yaml"),
		    m->name, m->email, verb);
	if (!access_may(rf, m->who, perm, NULL))
		return xasprintf(_("%s <%s> holds no role that may %s (policy/roles.yaml)"),
		    m->name, m->email, verb);
	return NULL;
}

bool
ui_model_review_stale(const struct ui_row *row, const struct gh_review *rv)
{
	return rv->kind != REVIEW_COMMENT && review_stale(rv, row->digest, row->seen);
}

static bool
contains(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

bool
ui_model_match(const struct ui_row *row, const char *query)
{
	const struct gh_request *r = row->pk->request;
	size_t i;

	if (query == NULL || !query[0] || contains(row->pk->id, query))
		return true;
	if (r && (contains(r->title, query) || contains(r->rationale, query)))
		return true;
	for (i = 0; i < row->pk->reviews.n; i++)
		if (contains(row->pk->reviews.v[i]->body, query) ||
		    contains(row->pk->reviews.v[i]->reason, query))
			return true;
	return false;
}

const char *
ui_model_label(const struct ui_model *m)
{
	if (m->repo && m->repo->settings && m->repo->settings->name)
		return m->repo->settings->name;
	return m->path;
}

struct hits {
	char **ids;
	size_t n;
};

static int
add_hit(void *arg, const struct index_hit *h)
{
	struct hits *hs = arg;
	size_t i;

	for (i = 0; i < hs->n; i++)
		if (strcmp(hs->ids[i], h->packet) == 0)
			return 0;
	hs->ids = xreallocarray(hs->ids, hs->n + 1, sizeof *hs->ids);
	hs->ids[hs->n++] = xstrdup(h->packet);
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

long
ui_model_search(struct ui_model *m, const char *query, char ***ids, struct buf *err)
{
	struct hits hs = { NULL, 0 };
	char *notice = NULL;

	*ids = NULL;
	if (m->st == NULL || m->idx_broken)
		return -1;
	if (m->idx == NULL && index_open(m->st, NULL, &m->idx, err) < 0) {
		m->idx = NULL;
		m->idx_broken = true;
		return -1;
	}
	if (index_update(m->idx, m->st, m->today, &notice, err) < 0 ||
	    index_search(m->idx, query, 0, add_hit, &hs, err) < 0) {
		free(notice);
		while (hs.n)
			free(hs.ids[--hs.n]);
		free(hs.ids);
		return -1;
	}
	free(notice);
	qsort(hs.ids, hs.n, sizeof *hs.ids, cmp_str);
	*ids = hs.ids;
	return (long)hs.n;
}
