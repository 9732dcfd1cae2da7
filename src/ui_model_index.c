/* ui_model_index.c -- the queue's rows from the SQLite index (ui_model.h).
 *
 * The index already holds what each queue row shows, evaluated against
 * HEAD and today; reading it is what makes the first frame of a large
 * repository fast.  The packets themselves are loaded one by one when a
 * review session opens them (ui_model_packet). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "index.h"
#include "ui_model.h"

struct fill {
	struct ui_model *m;
	size_t cap;
};

static int
parse_verdict(const char *s)
{
	int v;

	for (v = VERDICT_SUPPORT; s && v <= VERDICT_ESCALATE; v++)
		if (strcmp(s, verdict_name((enum verdict)v)) == 0)
			return v;
	return -1;
}

static int
add_row(void *arg, const struct index_packet *p)
{
	struct fill *f = arg;
	struct ui_model *m = f->m;
	struct ui_row *r;

	/* an open packet, or one whose request did not load (seen as broken) */
	if (p->state && strcmp(p->state, "open") != 0)
		return 0;
	if (m->nrows == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 256;
		m->rows = xreallocarray(m->rows, f->cap + 1, sizeof *m->rows);
	}
	r = &m->rows[m->nrows++];
	memset(r, 0, sizeof *r);
	r->id = xstrdup(p->id);
	r->title = p->title && p->state ? xstrdup(p->title) : NULL;
	r->tier = p->tier;
	r->decide_by = p->decide_by;
	r->verdict = parse_verdict(p->verdict);
	r->signed_roles = ui_model_required(m) ? (int)p->signed_roles : 0;
	r->comments = (int)p->comments;
	r->signoffs = (int)p->signoffs;
	r->stale = p->stale > 0;
	r->decided = p->decision != NULL;
	r->summarized = true;
	return 0;
}

static int
mark_mine(void *arg, const struct index_packet *p)
{
	struct ui_row *r = ui_model_find(arg, p->id);

	if (r)
		r->mine = true;
	return 0;
}

static int
rows_from_index(struct ui_model *m, struct buf *err)
{
	struct index_filter all = INDEX_FILTER_INIT, mine = INDEX_FILTER_INIT;
	struct fill f = { m, 0 };

	if (index_queue(m->idx, &all, INDEX_SORT_ID, add_row, &f, err) < 0)
		return -1;
	if (m->rows == NULL)
		m->rows = xcalloc(1, sizeof *m->rows);
	mine.mine = m->email;
	if (m->who && index_queue(m->idx, &mine, INDEX_SORT_ID, mark_mine, m, err) < 0)
		return -1;
	return 0;
}

int
ui_model_load_indexed(struct ui_model *m, struct buf *err)
{
	char *notice = NULL;

	if (m->idx == NULL && index_open(m->st, NULL, &m->idx, err) < 0) {
		m->idx = NULL;
		return -1;
	}
	if (index_update(m->idx, m->st, m->today, &notice, err) < 0)
		return -1;
	m->notice = notice;
	m->repo = store_load_packets(m->st, "HEAD", NULL, 0, &m->d, err);
	if (m->repo == NULL)
		return -1;
	m->eng = engine_new(m->repo, &m->d);
	m->who = m->email ? access_person(m->repo->policy.roles, m->email) : NULL;
	return rows_from_index(m, err);
}
