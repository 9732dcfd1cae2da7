/* ui_history.c -- the packet's history: every commit that changed it, who
 * recorded what, and the recommendation as of each commit (history.h).
 * A plain directory has no history: its review records are listed. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "render.h"
#include "ui_view.h"

struct hist {
	char *packet;
	struct ui_lines lines;
	int top, rows, page;
};

/* One review record: kind, state, target, author, STALE; then its words. */
static void
review_line(const struct ui_row *row, const struct gh_review *rv, int indent,
    struct ui_lines *l)
{
	struct buf b = BUF_INIT;
	const char *text = rv->kind == REVIEW_SIGNOFF && rv->reason ? rv->reason : rv->body;
	bool stale = row && ui_model_review_stale(row, rv);

	buf_puts(&b, schema_enum_name(gh_review_kinds, rv->kind));
	if (rv->kind == REVIEW_SIGNOFF)
		buf_printf(&b, " %s%s%s", schema_enum_name(gh_signoff_states, rv->state),
		    rv->role ? _(" as ") : "", rv->role ? rv->role : "");
	if (rv->kind == REVIEW_DECISION)
		buf_printf(&b, " %s %s", schema_enum_name(gh_decisions, rv->decision),
		    rv->option ? rv->option : rv->authority ? rv->authority : "");
	if (rv->target && rv->target->kind > TARGET_PACKET && rv->target->id)
		buf_printf(&b, _(" on %s:%s"), gh_target_kinds[rv->target->kind], rv->target->id);
	buf_printf(&b, _(" by %s"), rv->author && rv->author->name ? rv->author->name : "?");
	ui_lines_lead(l, indent, stale ? UI_STYLE_STALE : UI_STYLE_NORMAL, stale ? _("STALE ") : "",
	    UI_STYLE_NORMAL, "%s", buf_cstr(&b));
	if (text && text[0])
		ui_lines_text(l, indent + 4, UI_STYLE_META, text);
	buf_free(&b);
}

static bool
review_added(const struct history_change *ch)
{
	return ch->what == HW_REVIEW && ch->review && ch->status == HS_ADDED && !ch->problem;
}

/* A line per review record; other changes of one kind and status share a
 * line ("evidence added: backup, restore-test"), as "gatehouse history". */
static void
changes(const struct ui_row *row, const struct history_commit *hc, struct ui_lines *l)
{
	struct buf b = BUF_INIT;
	size_t i, k;

	for (i = 0; i < hc->nchanges; i = k) {
		const struct history_change *ch = &hc->changes[i];

		k = i + 1;
		if (review_added(ch)) {
			review_line(row, ch->review, 4, l);
			continue;
		}
		buf_reset(&b);
		buf_printf(&b, "%s: ", history_change_label(ch->what, ch->status));
		if (ch->problem) {
			buf_printf(&b, "%s — %s", ch->path, ch->problem);
		} else {
			for (k = i; k < hc->nchanges && hc->changes[k].what == ch->what &&
			    hc->changes[k].status == ch->status && !hc->changes[k].problem &&
			    !review_added(&hc->changes[k]); k++)
				buf_printf(&b, "%s%s", k > i ? ", " : "", hc->changes[k].name ?
				    hc->changes[k].name : hc->changes[k].path);
		}
		ui_lines_add(l, 4, UI_STYLE_NORMAL, "%s", buf_cstr(&b));
	}
	buf_free(&b);
}

static void
commit_lines(const struct ui_row *row, const struct history_commit *hc, const char *prev,
    struct ui_lines *l)
{
	struct buf b = BUF_INIT;
	size_t k, reviews = 0;

	for (k = 0; k < hc->nchanges; k++)
		reviews += hc->changes[k].what == HW_REVIEW;
	val_format_time(hc->time, false, &b);
	buf_printf(&b, "  %.7s", hc->id);
	ui_lines_lead(l, 0, UI_STYLE_KEY, buf_cstr(&b), UI_STYLE_AUTHOR, "  %s <%s>%s", hc->author,
	    hc->email, hc->trailers || reviews == 0 ? "" : _("  (not written by gatehouse)"));
	ui_lines_add(l, 2, UI_STYLE_HEADER, "%s", hc->subject ? hc->subject : "");
	changes(row, hc, l);
	buf_reset(&b);
	render_time(hc->rec.today, &b);
	if (hc->rec.seen && hc->rec.flipped)
		ui_lines_add(l, 4, UI_STYLE_STALE, _("recommendation (as of %s): %s → %s  ← flipped"),
		    buf_cstr(&b), prev ? prev : "?", hc->rec.seen);
	else
		ui_lines_add(l, 4, UI_STYLE_META, _("recommendation (as of %s): %s"), buf_cstr(&b),
		    hc->rec.seen ? hc->rec.seen : hc->rec.problem ? hc->rec.problem : "?");
	ui_lines_blank(l);
	buf_free(&b);
}

/* The commits that changed the packet, newest first. */
static void
from_git(struct ui *ui, struct hist *h, const struct ui_row *row)
{
	struct history_opts o = { "HEAD", h->packet, false, false };
	const char *env = getenv("GATEHOUSE_TODAY");
	struct buf err = BUF_INIT;
	struct history *hs = NULL;
	size_t i, k;

	if (history_walk(ui->model.st, &o, &hs, &err) < 0) {
		ui_lines_add(&h->lines, 0, UI_STYLE_STATUS_ERROR, "%s", buf_cstr(&err));
		buf_free(&err);
		return;
	}
	history_recommend(ui->model.st, hs, h->packet, env && env[0] ? &ui->model.today : NULL);
	ui_lines_add(&h->lines, 0, UI_STYLE_HEADING, _("%s: %zu commit(s) changed the packet, newest first"),
	    h->packet, hs->n);
	ui_lines_blank(&h->lines);
	for (i = 0; i < hs->n; i++) {
		const char *prev = NULL;

		for (k = i + 1; k < hs->n && prev == NULL; k++)
			prev = hs->commits[k].rec.seen;
		commit_lines(row, &hs->commits[i], prev, &h->lines);
	}
	history_free(hs);
	buf_free(&err);
}

/* Without git: the review records as they are on disk. */
static void
from_files(struct hist *h, const struct ui_row *row)
{
	struct buf b = BUF_INIT;
	size_t i;

	ui_lines_add(&h->lines, 0, UI_STYLE_HEADING, _("%s: %zu review record(s) (not a git repository: no commits)"),
	    h->packet, row ? row->pk->reviews.n : 0);
	for (i = row ? row->pk->reviews.n : 0; i-- > 0;) {
		const struct gh_review *rv = row->pk->reviews.v[i];

		buf_reset(&b);
		render_time(rv->at, &b);
		ui_lines_add(&h->lines, 0, UI_STYLE_KEY, "%s  %s", buf_cstr(&b), rv->id);
		review_line(row, rv, 2, &h->lines);
	}
	buf_free(&b);
}

static void
build(struct ui *ui, struct hist *h)
{
	struct ui_row *row = ui_model_packet(&ui->model, h->packet);

	ui_lines_clear(&h->lines);
	if (ui->model.st)
		from_git(ui, h, row);
	else
		from_files(h, row);
}

static int
hist_action(struct ui *ui, struct ui_view *v, enum ui_action a)
{
	struct hist *h = v->data;
	int page = h->page > 2 ? h->page - 1 : 1, max = h->rows - h->page > 0 ? h->rows - h->page : 0;

	(void)ui;
	switch (a) {
	case UI_ACT_MOVE_UP: h->top--; break;
	case UI_ACT_MOVE_DOWN: h->top++; break;
	case UI_ACT_PAGE_UP: h->top -= page; break;
	case UI_ACT_PAGE_DOWN: h->top += page; break;
	case UI_ACT_MOVE_FIRST: h->top = 0; break;
	case UI_ACT_MOVE_LAST: h->top = max; break;
	default: return UI_PASS;
	}
	h->top = h->top < 0 ? 0 : h->top > max ? max : h->top;
	return UI_ALL;
}

static void
hist_draw(struct ui *ui, struct ui_view *v, struct ui_rect body)
{
	struct hist *h = v->data;
	struct ui_rect in = { body.y, 1, body.h, body.w - 2 };

	(void)ui;
	h->rows = ui_lines_rows(&h->lines, in.w);
	h->page = in.h;
	if (h->top > h->rows - h->page)
		h->top = h->rows - h->page > 0 ? h->rows - h->page : 0;
	ui_draw_lines(in, &h->lines, h->top);
}

static void
hist_title(struct ui *ui, struct ui_view *v, struct buf *out)
{
	struct hist *h = v->data;

	(void)ui;
	buf_printf(out, _("history %s"), h->packet);
	if (h->rows > h->page)
		buf_printf(out, " %d-%d/%d", h->top + 1, h->top + h->page < h->rows ?
		    h->top + h->page : h->rows, h->rows);
}

static void
hist_reload(struct ui *ui, struct ui_view *v)
{
	build(ui, v->data);
}

static void
hist_free(struct ui_view *v)
{
	struct hist *h = v->data;

	ui_lines_free(&h->lines);
	free(h->packet);
	free(h);
	free(v);
}

static const enum ui_action hist_hints[] = {
	UI_ACT_PAGE_DOWN, UI_ACT_PAGE_UP, UI_ACT_HELP, UI_ACT_BACK, UI_ACT_NONE,
};

static const struct ui_view_ops hist_ops = {
	.name = "history",
	.keymap = UI_KM_HISTORY,
	.action = hist_action,
	.draw = hist_draw,
	.title = hist_title,
	.hints = hist_hints,
	.reload = hist_reload,
	.free = hist_free,
};

struct ui_view *
ui_history_new(struct ui *ui, const char *packet)
{
	struct hist *h = xcalloc(1, sizeof *h);

	h->packet = xstrdup(packet);
	build(ui, h);
	return ui_view_new(&hist_ops, h);
}
