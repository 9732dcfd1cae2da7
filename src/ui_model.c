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
row_unload(struct ui_row *r)
{
	rec_free(r->rec);
	free(r->digest);
	free(r->seen);
	repo_free(r->own);
	r->own = NULL;
	r->pk = NULL;
	r->rec = NULL;
	r->digest = r->seen = NULL;
	r->evaluated = false;
}

/* What the request says: known without evaluating (the queue's order). */
static void
row_request(struct ui_row *r)
{
	const struct gh_request *req = r->pk->request;

	free(r->title);
	r->title = req && req->title ? xstrdup(req->title) : NULL;
	r->tier = req ? model_request_tier(req) : -1;
	r->decide_by = req ? req->decide_by : GH_TIME_NONE;
}

static void
rows_free(struct ui_model *m)
{
	size_t i;

	for (i = 0; i < m->nrows; i++) {
		row_unload(&m->rows[i]);
		free(m->rows[i].id);
		free(m->rows[i].title);
	}
	free(m->rows);
	m->rows = NULL;
	m->nrows = m->pending = m->next_eval = 0;
}

/* One row per open packet of a whole load (and per packet whose request
 * did not load, so that a broken packet is still seen). */
static void
rows_build(struct ui_model *m)
{
	size_t i;

	m->rows = xcalloc(m->repo->packets.n + 1, sizeof *m->rows);
	for (i = 0; i < m->repo->packets.n; i++) {
		const struct gh_packet *pk = &m->repo->packets.v[i];
		struct ui_row *r;

		if (pk->request && pk->request->state != REQ_OPEN)
			continue;
		r = &m->rows[m->nrows++];
		r->pk = pk;
		r->id = xstrdup(pk->id);
		row_request(r);
		r->verdict = -1;
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

/* Everything at once: a plain directory, or a git repository without a
 * usable index. */
static int
load_whole(struct ui_model *m, struct buf *err)
{
	m->repo = m->st ? store_load(m->st, "HEAD", &m->d, err) : repo_load(m->path, &m->d);
	if (m->repo == NULL)
		return -1;
	m->eng = engine_new(m->repo, &m->d);
	m->who = m->email ? access_person(m->repo->policy.roles, m->email) : NULL;
	rows_build(m);
	return 0;
}

static int
load(struct ui_model *m, struct buf *err)
{
	struct buf ierr = BUF_INIT;
	int rc;

	diags_free(&m->d);
	diags_init(&m->d);
	free(m->notice);
	m->notice = NULL;
	rc = m->st && !m->idx_broken ? ui_model_load_indexed(m, &ierr) : -1;
	if (rc < 0 && m->st && !m->idx_broken) {
		/* no index: the workstation still works, only slower */
		m->idx_broken = true;
		index_close(m->idx);
		m->idx = NULL;
		m->notice = xasprintf(_("no index (%s): loading every packet"), buf_cstr(&ierr));
		ui_model_unload(m);
		diags_free(&m->d);
		diags_init(&m->d);
	}
	if (rc < 0)
		rc = load_whole(m, err);
	buf_free(&ierr);
	if (rc < 0 && err->len == 0)
		diags_print_text(&m->d, err);
	head_id(m);
	return rc;
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

void
ui_model_unload(struct ui_model *m)
{
	rows_free(m);
	engine_free(m->eng);
	repo_free(m->repo);
	m->eng = NULL;
	m->repo = NULL;
	m->who = NULL;
}

int
ui_model_reload(struct ui_model *m, struct buf *err)
{
	ui_model_unload(m);
	return load(m, err);
}

void
ui_model_close(struct ui_model *m)
{
	ui_model_unload(m);
	index_close(m->idx);
	free(m->notice);
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

/* Sign-off progress, staleness and whether the packet waits for me. */
static void
row_reviews(struct ui_model *m, struct ui_row *row)
{
	const struct gh_roles_file *rf = m->repo->policy.roles;
	bool signed_by_me = false;
	size_t i;

	row->comments = row->signoffs = row->signed_roles = 0;
	row->decided = row->stale = row->mine = false;
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
		bool done = review_role_signed(row->pk, role, row->digest, row->seen);

		row->signed_roles += done;
		if (!done && !signed_by_me && m->who && access_may(rf, m->who, PERM_SIGNOFF, role))
			row->mine = true;
	}
}

/* The summary from the packet itself, now that it is evaluated. */
static void
row_summary(struct ui_model *m, struct ui_row *row)
{
	row_request(row);
	row->verdict = row->rec ? (int)row->rec->verdict : -1;
	row_reviews(m, row);
	if (!row->summarized && m->pending > 0)
		m->pending--;
	row->summarized = true;
}

/* Index mode: read the one packet from HEAD. */
static int
row_load(struct ui_model *m, struct ui_row *row)
{
	const char *ids[1] = { row->id };
	struct buf err = BUF_INIT;
	struct diags d;

	diags_init(&d);
	row->own = store_load_packets(m->st, "HEAD", ids, 1, &d, &err);
	row->pk = row->own ? repo_packet(row->own, row->id) : NULL;
	diags_free(&d);
	buf_free(&err);
	return row->pk ? 0 : -1;
}

static void
row_eval(struct ui_model *m, struct ui_row *row)
{
	struct engine_opts opts = { m->today, 5 };
	struct buf err = BUF_INIT;
	size_t i;
	bool signoffs = false;

	if (row->evaluated || (row->pk == NULL && row_load(m, row) < 0))
		return;
	row->evaluated = true;
	if (row->pk->request)
		row->rec = engine_evaluate(m->eng, row->pk, &opts);
	row->seen = row->rec ? rec_seen(row->rec) : NULL;
	for (i = 0; i < row->pk->reviews.n; i++)
		signoffs |= row->pk->reviews.v[i]->inputs_digest != NULL;
	if (signoffs && m->st)
		row->digest = store_inputs_digest(m->st, "HEAD", row->pk->id, GH_ENGINE_VERSION,
		    &err);
	buf_free(&err);
	row_summary(m, row);
}

void
ui_model_summarize(struct ui_model *m, struct ui_row *row)
{
	if (!row->summarized)
		row_eval(m, row);
}

size_t
ui_model_eval_some(struct ui_model *m, size_t budget)
{
	for (; m->next_eval < m->nrows && budget > 0 && m->pending > 0; m->next_eval++)
		if (!m->rows[m->next_eval].summarized) {
			ui_model_summarize(m, &m->rows[m->next_eval]);
			budget--;
		}
	return m->pending;
}

void
ui_model_eval_all(struct ui_model *m)
{
	ui_model_eval_some(m, m->nrows);
}

static int
cmp_row_id(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ui_row *)elem)->id);
}

struct ui_row *
ui_model_find(struct ui_model *m, const char *packet)
{
	return packet && m->nrows ?
	    bsearch(packet, m->rows, m->nrows, sizeof *m->rows, cmp_row_id) : NULL;
}

struct ui_row *
ui_model_packet(struct ui_model *m, const char *packet)
{
	struct ui_row *row = ui_model_find(m, packet);

	if (row)
		row_eval(m, row);
	return row && row->pk ? row : NULL;
}

const struct gh_repo *
ui_model_repo_of(const struct ui_model *m, const struct ui_row *row)
{
	return row && row->own ? row->own : m->repo;
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
	const struct gh_request *r = row->pk ? row->pk->request : NULL;
	size_t i;

	if (query == NULL || !query[0] || contains(row->id, query) || contains(row->title, query))
		return true;
	if (r && (contains(r->title, query) || contains(r->rationale, query)))
		return true;
	for (i = 0; row->pk && i < row->pk->reviews.n; i++)
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
