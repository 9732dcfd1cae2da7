/* ui_queue.c -- the queue: every open packet, sorted, filtered, searched. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "render.h"
#include "ui_detail.h"
#include "ui_view.h"

enum { SORT_DEADLINE, SORT_TIER, SORT_ID, SORT_VERDICT, SORT_COUNT };
enum { FILTER_ALL, FILTER_ESCALATE, FILTER_COUNTER, FILTER_SUPPORT, FILTER_MINE,
	FILTER_STALE, FILTER_COUNT };

static const char *const sort_names[SORT_COUNT] = {
	N_("deadline"), N_("tier"), N_("id"), N_("verdict"),
};
static const char *const filter_names[FILTER_COUNT] = {
	N_("all"), N_("escalate"), N_("counter"), N_("support"), N_("mine"), N_("stale"),
};

struct queue {
	size_t *order;		/* rows shown, as indexes into the model's rows */
	size_t n;
	size_t sel, top;
	int sort, filter;
	char *query;		/* search, or NULL */
	char **hits;		/* packets the full-text index found, sorted */
	size_t nhits;
	int page;		/* rows on screen at the last paint */
	int idw;		/* columns of the widest packet id */
};

static const enum ui_action queue_hints[] = {
	UI_ACT_ENTER, UI_ACT_SORT, UI_ACT_FILTER, UI_ACT_SEARCH, UI_ACT_SIGNOFF, UI_ACT_HISTORY,
	UI_ACT_HELP, UI_ACT_BACK, UI_ACT_NONE,
};

/* ---- order ------------------------------------------------------------------ */

static const struct ui_model *sort_model;	/* qsort has no context argument */

static int64_t
row_tier(const struct ui_row *r)
{
	return r->tier < 0 ? 99 : r->tier;
}

static gh_time
row_due(const struct ui_row *r)
{
	return r->decide_by == GH_TIME_NONE ? INT64_MAX : r->decide_by;
}

static int
verdict_rank(const struct ui_row *r)
{
	static const int rank[] = { [VERDICT_ESCALATE] = 0, [VERDICT_COUNTER] = 1,
		[VERDICT_SUPPORT] = 2 };

	return r->verdict >= 0 ? rank[r->verdict] : 3;
}

static int
cmp3(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int
cmp_rows(int sort, const struct ui_row *a, const struct ui_row *b)
{
	int c = 0;

	if (sort == SORT_TIER)
		c = cmp3(row_tier(a), row_tier(b));
	else if (sort == SORT_VERDICT)
		c = cmp3(verdict_rank(a), verdict_rank(b));
	if (c == 0 && sort != SORT_ID)
		c = cmp3(row_due(a), row_due(b));
	return c ? c : strcmp(a->id, b->id);
}

static int sort_key;

static int
cmp_index(const void *pa, const void *pb)
{
	const size_t *a = pa, *b = pb;

	return cmp_rows(sort_key, &sort_model->rows[*a], &sort_model->rows[*b]);
}

static int
cmp_id(const void *key, const void *elem)
{
	return strcmp(key, *(char *const *)elem);
}

/* A search matches the index's hits, or the text itself (a part of a
 * word, which full-text search does not find). */
static bool
found(const struct queue *q, const struct ui_row *r)
{
	return ui_model_match(r, q->query) ||
	    (q->nhits && bsearch(r->id, q->hits, q->nhits, sizeof *q->hits, cmp_id));
}

static bool
row_passes(const struct queue *q, const struct ui_row *r)
{
	int filter = q->filter;
	bool ok = true;

	switch (filter) {
	case FILTER_ESCALATE: ok = r->verdict == VERDICT_ESCALATE; break;
	case FILTER_COUNTER: ok = r->verdict == VERDICT_COUNTER; break;
	case FILTER_SUPPORT: ok = r->verdict == VERDICT_SUPPORT; break;
	case FILTER_MINE: ok = r->mine; break;
	case FILTER_STALE: ok = r->stale; break;
	}
	return ok && found(q, r);
}

/* Filter and sort again, keeping the selected packet selected. */
static void
queue_rebuild(struct ui *ui, struct queue *q)
{
	struct ui_model *m = &ui->model;
	const char *keep = q->n && q->sel < q->n && q->order[q->sel] < m->nrows ?
	    m->rows[q->order[q->sel]].id : NULL;
	char *sel = keep ? xstrdup(keep) : NULL;
	size_t i;

	if (q->filter != FILTER_ALL || q->sort == SORT_VERDICT)
		ui_model_eval_all(m);	/* these need every verdict */
	free(q->order);
	q->order = xcalloc(m->nrows + 1, sizeof *q->order);
	for (q->n = 0, i = 0; i < m->nrows; i++)
		if (row_passes(q, &m->rows[i]))
			q->order[q->n++] = i;
	sort_model = m;
	sort_key = q->sort;
	qsort(q->order, q->n, sizeof *q->order, cmp_index);
	for (q->sel = 0, i = 0; sel && i < q->n; i++)
		if (strcmp(m->rows[q->order[i]].id, sel) == 0)
			q->sel = i;
	free(sel);
	for (q->idw = 8, i = 0; i < m->nrows; i++)
		if (ui_str_width(m->rows[i].id) > q->idw)
			q->idw = ui_str_width(m->rows[i].id);
}

/* ---- drawing ------------------------------------------------------------------ */

struct cols {
	int id, verdict, tier, due, sign, flags, title;
};

static struct cols
columns(const struct queue *q, int width)
{
	struct cols c = { 13, 9, 2, 11, 5, 8, 0 };

	c.id = q->idw + 2 > 24 ? 24 : q->idw + 2;
	c.title = width - 1 - c.id - c.verdict - c.tier - c.due - c.sign - c.flags;
	return c;
}

static void
draw_header(int y, int width, const struct cols *c)
{
	const char *labels[] = { _("Packet"), _("Verdict"), _("T"), _("Decide by"), _("Sign"),
		_("Flags"), _("Title") };
	int widths[] = { c->id, c->verdict, c->tier, c->due, c->sign, c->flags, c->title };
	size_t i;
	int x = 1;

	ui_draw_line(y, 0, width, UI_STYLE_PANE, "");
	for (i = 0; i < GH_ARRAY_SIZE(labels); i++) {
		ui_draw_str(y, x, widths[i] - 1, UI_STYLE_PANE, labels[i]);
		x += widths[i];
	}
}

/* The cells of one packet row, each in its semantic style (or all in
 * the cursor style when selected). */
static void
draw_row(struct ui *ui, const struct ui_row *r, int y, int width, const struct cols *c,
    bool cursor)
{
	struct buf b = BUF_INIT;
	enum ui_style base = cursor ? UI_STYLE_CURSOR : UI_STYLE_NORMAL;
	int x = 1;

	ui_draw_line(y, 0, width, base, "");
	ui_draw_str(y, x, c->id - 1, base, r->id);
	x += c->id;
	ui_draw_str(y, x, c->verdict - 1, cursor ? base : r->verdict >= 0 ?
	    ui_style_verdict(r->verdict) : UI_STYLE_META,
	    r->verdict >= 0 ? verdict_name((enum verdict)r->verdict) : r->summarized ? "?" : "…");
	x += c->verdict;
	buf_printf(&b, "%lld", (long long)r->tier);
	ui_draw_str(y, x, c->tier - 1, base, r->tier >= 0 ? b.s : "-");
	x += c->tier;
	buf_reset(&b);
	render_time(r->decide_by, &b);
	ui_draw_str(y, x, c->due - 1, base, b.s);
	x += c->due;
	buf_reset(&b);
	if (r->summarized)
		buf_printf(&b, "%d/%d", r->signed_roles, ui_model_required(&ui->model));
	ui_draw_str(y, x, c->sign - 1, base, r->summarized ? b.s : "…");
	x += c->sign;
	if (r->mine)
		ui_draw_str(y, x, 2, cursor ? base : UI_STYLE_MINE, ui_glyph("●", "*"));
	if (r->stale)
		ui_draw_str(y, x + 2, c->flags - 3, cursor ? base : UI_STYLE_STALE, _("STALE"));
	x += c->flags;
	ui_draw_str(y, x, c->title, base, r->title ? r->title :
	    r->summarized ? _("(request.yaml did not load)") : "…");
	buf_free(&b);
}

static void
queue_draw(struct ui *ui, struct ui_view *v, struct ui_rect body)
{
	struct queue *q = v->data;
	struct ui_model *m = &ui->model;
	struct cols c = columns(q, body.w);
	int i;

	q->page = body.h - 1 > 1 ? body.h - 1 : 1;
	if (q->sel >= q->top + (size_t)q->page)
		q->top = q->sel - (size_t)q->page + 1;
	if (q->sel < q->top)
		q->top = q->sel;
	draw_header(body.y, body.w, &c);
	if (q->n == 0)
		ui_draw_str(body.y + 2, 2, body.w - 4, UI_STYLE_META,
		    m->nrows ? _("No packet matches the filter or search.") :
		    _("No open packets in this repository."));
	for (i = 0; i < q->page && q->top + (size_t)i < q->n; i++) {
		struct ui_row *r = &m->rows[q->order[q->top + (size_t)i]];

		ui_model_summarize(m, r);
		draw_row(ui, r, body.y + 1 + i, body.w, &c, q->top + (size_t)i == q->sel);
	}
}

static void
queue_title(struct ui *ui, struct ui_view *v, struct buf *out)
{
	struct queue *q = v->data;

	buf_printf(out, _("queue %zu/%zu · by %s · %s"), q->n, ui->model.nrows,
	    _(sort_names[q->sort]), _(filter_names[q->filter]));
	if (q->query)
		buf_printf(out, " · /%s", q->query);
	if (ui->model.pending)
		buf_printf(out, _(" · evaluating %zu"), ui->model.pending);
}

/* ---- actions -------------------------------------------------------------------- */

static const char *
selected(struct ui *ui, struct queue *q)
{
	if (q->n == 0 || q->sel >= q->n) {
		ui_status(ui, true, "%s", _("no packet selected"));
		return NULL;
	}
	return ui->model.rows[q->order[q->sel]].id;
}

static void
hits_free(struct queue *q)
{
	while (q->nhits)
		free(q->hits[--q->nhits]);
	free(q->hits);
	q->hits = NULL;
}

static void
search_done(struct ui *ui, const char *text, void *arg)
{
	struct queue *q = arg;
	struct buf err = BUF_INIT;
	long n = 0;

	if (text == NULL)
		return;
	free(q->query);
	hits_free(q);
	q->query = text[0] ? xstrdup(text) : NULL;
	if (q->query && (n = ui_model_search(&ui->model, q->query, &q->hits, &err)) > 0)
		q->nhits = (size_t)n;
	queue_rebuild(ui, q);
	if (q->query)
		ui_status(ui, false, n < 0 ? _("%zu packet(s) match \"%s\" (text search, no index)") :
		    _("%zu packet(s) match \"%s\""), q->n, q->query);
	buf_free(&err);
}

static int
queue_move(struct queue *q, enum ui_action a)
{
	size_t page = q->page > 1 ? (size_t)q->page - 1 : 1, last = q->n ? q->n - 1 : 0;

	switch (a) {
	case UI_ACT_MOVE_UP: q->sel = q->sel ? q->sel - 1 : 0; break;
	case UI_ACT_MOVE_DOWN: q->sel = q->sel < last ? q->sel + 1 : last; break;
	case UI_ACT_PAGE_UP: q->sel = q->sel > page ? q->sel - page : 0; break;
	case UI_ACT_PAGE_DOWN: q->sel = q->sel + page < last ? q->sel + page : last; break;
	case UI_ACT_MOVE_FIRST: q->sel = 0; break;
	case UI_ACT_MOVE_LAST: q->sel = last; break;
	default: return UI_PASS;
	}
	return UI_ALL;
}

static int
queue_open(struct ui *ui, struct queue *q)
{
	const char *id = selected(ui, q);

	if (id == NULL)
		return UI_STATUS;
	ui_push(ui, ui_review_new(ui, id));
	ui_record_offer_draft(ui, id);
	return UI_ALL;
}

static int
queue_action(struct ui *ui, struct ui_view *v, enum ui_action a)
{
	struct queue *q = v->data;
	struct ui_target t = { NULL, TARGET_PACKET, NULL };
	int r;

	if ((r = queue_move(q, a)) != UI_PASS)
		return r;
	switch (a) {
	case UI_ACT_ENTER:
		return queue_open(ui, q);
	case UI_ACT_SORT:
		q->sort = (q->sort + 1) % SORT_COUNT;
		queue_rebuild(ui, q);
		return UI_ALL;
	case UI_ACT_FILTER:
		q->filter = (q->filter + 1) % FILTER_COUNT;
		queue_rebuild(ui, q);
		return UI_ALL;
	case UI_ACT_SEARCH:
		ui_prompt(ui, "/", NULL, search_done, q);
		return UI_ALL;
	case UI_ACT_BACK:
		if (q->query == NULL)
			return UI_PASS;
		search_done(ui, "", q);
		return UI_ALL;
	case UI_ACT_COMMENT: case UI_ACT_COMMENT_EDITOR:
		if ((t.packet = selected(ui, q)) == NULL)
			return UI_STATUS;
		return ui_record_comment(ui, &t, a == UI_ACT_COMMENT_EDITOR);
	case UI_ACT_SIGNOFF: case UI_ACT_DECIDE: case UI_ACT_HISTORY:
		if ((t.packet = selected(ui, q)) == NULL)
			return UI_STATUS;
		return a == UI_ACT_SIGNOFF ? ui_record_signoff(ui, t.packet) :
		    a == UI_ACT_DECIDE ? ui_record_decide(ui, t.packet) :
		    ui_record_history(ui, t.packet);
	case UI_ACT_SYNC:
		return ui_record_sync(ui);
	default:
		return UI_PASS;
	}
}

static void
queue_reload(struct ui *ui, struct ui_view *v)
{
	struct queue *q = v->data;
	size_t keep = q->sel;

	q->n = 0;		/* the old row indexes mean nothing now */
	queue_rebuild(ui, q);
	q->sel = keep < q->n ? keep : q->n ? q->n - 1 : 0;
}

static void
queue_free(struct ui_view *v)
{
	struct queue *q = v->data;

	free(q->order);
	free(q->query);
	hits_free(q);
	free(q);
	free(v);
}

static const struct ui_view_ops queue_ops = {
	.name = "queue",
	.keymap = UI_KM_QUEUE,
	.action = queue_action,
	.draw = queue_draw,
	.title = queue_title,
	.hints = queue_hints,
	.reload = queue_reload,
	.free = queue_free,
};

struct ui_view *
ui_queue_new(struct ui *ui)
{
	struct queue *q = xcalloc(1, sizeof *q);

	queue_rebuild(ui, q);
	return ui_view_new(&queue_ops, q);
}
