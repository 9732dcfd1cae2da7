/* ui_review.c -- the review session of one packet: a header, the Evidence,
 * Gates, Options and Precedents panes, the detail of the selected item and
 * its comment thread.  At 160x40 and more the panes sit in a 2x2 grid next
 * to the detail; smaller terminals show one pane at a time (Tab, 0-4) over
 * the detail. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui_detail.h"
#include "ui_view.h"

#define GRID_MIN_COLS 160
#define GRID_MIN_ROWS 40

struct pane_pos {
	size_t sel, top;
};

struct review {
	char *packet;
	struct ui_row *row;		/* NULL when the packet is gone */
	enum ui_pane focus;
	struct pane_pos pos[UI_PANE_COUNT];
	bool zoom;			/* the detail fills the screen */
	int dtop;			/* detail scroll, in rows */
	int drows, dpage;		/* detail rows and rows shown at the last paint */
	struct ui_lines detail, thread;
	size_t split;			/* where the thread goes into the detail */
	bool built;			/* detail and thread match the selection */
	int page;			/* list rows shown at the last paint */
};

struct layout {
	bool grid;
	struct ui_rect header;
	struct ui_rect tabs;			/* stacked only */
	struct ui_rect list[UI_PANE_COUNT];	/* with their title row in the grid */
	struct ui_rect detail;			/* with its title row */
	struct ui_rect thread;			/* grid only */
};

static const enum ui_action review_hints[] = {
	UI_ACT_NEXT_PANE, UI_ACT_ENTER, UI_ACT_COMMENT, UI_ACT_SIGNOFF, UI_ACT_DECIDE,
	UI_ACT_HISTORY, UI_ACT_HELP, UI_ACT_BACK, UI_ACT_NONE,
};

/* ---- layout ------------------------------------------------------------------- */

static void
layout_grid(struct layout *L, struct ui_rect body)
{
	int lw = body.w * 3 / 5, qw = lw / 2, h = body.h - 4, qh = h / 2, dh = h * 3 / 5;
	int i;

	L->grid = true;
	L->header = (struct ui_rect){ body.y, 0, 4, body.w };
	for (i = 0; i < 4; i++)
		L->list[i + 1] = (struct ui_rect){ body.y + 4 + (i / 2) * qh, (i % 2) * (qw + 1),
			i / 2 ? h - qh : qh, i % 2 ? lw - qw - 1 : qw };
	L->detail = (struct ui_rect){ body.y + 4, lw + 1, dh, body.w - lw - 1 };
	L->thread = (struct ui_rect){ body.y + 4 + dh, lw + 1, h - dh, body.w - lw - 1 };
}

static void
layout_stacked(struct layout *L, struct ui_rect body, const struct review *rv)
{
	int rest = body.h - 4, lh = rest * 2 / 5;
	int i;

	L->header = (struct ui_rect){ body.y, 0, 3, body.w };
	L->tabs = (struct ui_rect){ body.y + 3, 0, 1, body.w };
	if (lh < 3)
		lh = 3;
	if (rv->focus == UI_PANE_PACKET || rv->zoom)
		lh = 0;
	for (i = 1; i < UI_PANE_COUNT; i++)
		L->list[i] = (struct ui_rect){ body.y + 4, 0, lh, body.w };
	L->detail = (struct ui_rect){ body.y + 4 + lh, 0, rest - lh, body.w };
}

static void
layout(struct layout *L, struct ui_rect body, const struct review *rv)
{
	memset(L, 0, sizeof *L);
	if (body.w >= GRID_MIN_COLS && body.h + 2 >= GRID_MIN_ROWS && !rv->zoom)
		layout_grid(L, body);
	else
		layout_stacked(L, body, rv);
	if (rv->zoom)
		L->detail = (struct ui_rect){ body.y + 3, 0, body.h - 3, body.w };
}

/* ---- content ------------------------------------------------------------------ */

static void
target_of(const struct review *rv, int *kind, const char **id)
{
	ui_pane_target(rv->row, rv->focus, rv->pos[rv->focus].sel, kind, id);
}

static void
build(struct ui *ui, struct review *rv)
{
	int kind;
	const char *id;

	if (rv->built || rv->row == NULL)
		return;
	ui_lines_clear(&rv->detail);
	ui_lines_clear(&rv->thread);
	rv->split = ui_detail_build(&ui->model, rv->row, rv->focus, rv->pos[rv->focus].sel,
	    &rv->detail);
	target_of(rv, &kind, &id);
	ui_detail_thread(rv->row, kind, id, &rv->thread);
	rv->built = true;
	rv->dtop = 0;
}

static void
thread_title(const struct review *rv, struct buf *out)
{
	int kind;
	const char *id;

	target_of(rv, &kind, &id);
	if (kind == TARGET_PACKET)
		buf_printf(out, _("Comments and sign-offs on %s (%zu)"), rv->packet,
		    ui_thread_count(rv->row, kind, id));
	else
		buf_printf(out, _("Comments on %s %s (%zu)"), gh_target_kinds[kind], id,
		    ui_thread_count(rv->row, kind, id));
}

/* ---- drawing -------------------------------------------------------------------- */

static void
draw_header(struct ui *ui, struct review *rv, const struct layout *L)
{
	const struct gh_request *r = rv->row->pk->request;
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct ui_rect h = L->header;
	int x;

	buf_printf(&a, "%s  %s", rv->packet, r && r->title ? r->title : "");
	ui_draw_line(h.y, 0, h.w, rv->focus == UI_PANE_PACKET && L->grid ? UI_STYLE_PANE_ACTIVE :
	    UI_STYLE_HEADER, buf_cstr(&a));
	buf_reset(&a);
	ui_detail_verdict(&ui->model, rv->row, &a, &b);
	x = ui_draw_str(h.y + 1, 1, h.w - 1, rv->row->rec ?
	    ui_style_verdict((int)rv->row->rec->verdict) : UI_STYLE_GATE_UNKNOWN, buf_cstr(&a));
	ui_draw_str(h.y + 1, 1 + x, h.w - 1 - x, UI_STYLE_NORMAL, buf_cstr(&b));
	buf_reset(&a);
	ui_detail_triggers(rv->row, &a);
	ui_draw_str(h.y + 2, 1, h.w - 1, rv->row->rec && rv->row->rec->hard_triggers.n ?
	    UI_STYLE_HARD : UI_STYLE_META, buf_cstr(&a));
	if (h.h > 3) {
		buf_reset(&a);
		ui_detail_chosen(rv->row, &a);
		ui_draw_str(h.y + 3, 1, h.w - 1, UI_STYLE_NORMAL, buf_cstr(&a));
	}
	buf_free(&a);
	buf_free(&b);
}

static void
pane_label(const struct review *rv, enum ui_pane p, struct buf *out)
{
	size_t n = ui_pane_count(rv->row, p), att = ui_pane_attention(rv->row, p);

	buf_printf(out, "%d %s", (int)p, ui_pane_title(p));
	if (p == UI_PANE_GATES && att)
		buf_printf(out, " %zu!/%zu", att, n);
	else if (p != UI_PANE_PACKET)
		buf_printf(out, " %zu", n);
}

static void
draw_tabs(struct review *rv, struct ui_rect r)
{
	struct buf b = BUF_INIT;
	int x = 0, p;

	ui_draw_line(r.y, 0, r.w, UI_STYLE_TAB, "");
	for (p = 0; p < UI_PANE_COUNT && x < r.w; p++) {
		buf_reset(&b);
		buf_putc(&b, ' ');
		pane_label(rv, (enum ui_pane)p, &b);
		buf_putc(&b, ' ');
		x += ui_draw_str(r.y, x, r.w - x, p == (int)rv->focus ? UI_STYLE_TAB_ACTIVE :
		    UI_STYLE_TAB, buf_cstr(&b));
		x += ui_draw_str(r.y, x, r.w - x, UI_STYLE_SEPARATOR, p < UI_PANE_COUNT - 1 ? "│" : "");
	}
	buf_free(&b);
}

/* One item line: the lead in its semantic style, or all of it in the
 * cursor style when selected. */
static void
draw_item(struct review *rv, enum ui_pane p, size_t i, int y, struct ui_rect r, bool focused)
{
	struct buf lead = BUF_INIT, text = BUF_INIT;
	bool sel = i == rv->pos[p].sel;
	enum ui_style ls, base = sel ? focused ? UI_STYLE_CURSOR : UI_STYLE_CURSOR_IDLE :
	    UI_STYLE_NORMAL;
	int x, kind, cw = 0;
	const char *id;
	size_t n;

	ui_pane_item(rv->row, p, i, &ls, &lead, &text);
	ui_pane_target(rv->row, p, i, &kind, &id);
	ui_draw_line(y, r.x, r.w, base, "");
	if ((n = ui_thread_count(rv->row, kind, id)) > 0) {
		char count[32];

		snprintf(count, sizeof count, " %s%zu", ui_glyph("✎", "#"), n);
		cw = ui_str_width(count);
		ui_draw_str(y, r.x + r.w - cw, cw, sel ? base : UI_STYLE_AUTHOR, count);
	}
	x = ui_draw_str(y, r.x + 1, r.w - 1 - cw, sel ? base : ls, buf_cstr(&lead));
	ui_draw_str(y, r.x + 1 + x, r.w - 1 - x - cw, base, buf_cstr(&text));
	buf_free(&lead);
	buf_free(&text);
}

static void
draw_list(struct review *rv, enum ui_pane p, struct ui_rect r, bool titled)
{
	struct pane_pos *pp = &rv->pos[p];
	size_t n = ui_pane_count(rv->row, p);
	bool focused = rv->focus == p;
	int rows = r.h - titled, i;

	if (titled) {
		struct buf b = BUF_INIT;

		pane_label(rv, p, &b);
		ui_draw_title(r.y, r.x, r.w, focused ? UI_STYLE_PANE_ACTIVE : UI_STYLE_PANE, b.s);
		ui_draw_scroll(r.y, r.x, r.w, focused ? UI_STYLE_PANE_ACTIVE : UI_STYLE_PANE,
		    (int)pp->top, rows, (int)n);
		buf_free(&b);
	}
	if (focused)
		rv->page = rows > 1 ? rows : 1;
	if (pp->sel >= pp->top + (size_t)(rows > 0 ? rows : 1))
		pp->top = pp->sel - (size_t)rows + 1;
	if (pp->sel < pp->top)
		pp->top = pp->sel;
	if (n == 0 && rows > 0)
		ui_draw_str(r.y + titled, r.x + 2, r.w - 2, UI_STYLE_META, rv->row->rec ?
		    _("(none)") : _("(no recommendation: request.yaml did not load)"));
	for (i = 0; i < rows && pp->top + (size_t)i < n; i++)
		draw_item(rv, p, pp->top + (size_t)i, r.y + titled + i, r, focused);
}

/* Lines in r under a title row, scrolled to *top (kept in range). */
static int
draw_text(struct ui_rect r, enum ui_style st, const char *title, const struct ui_lines *l,
    int *top)
{
	struct ui_rect in = { r.y + 1, r.x + 1, r.h - 1, r.w - 2 };
	int total = ui_lines_rows(l, in.w);

	if (*top > total - in.h)
		*top = total - in.h > 0 ? total - in.h : 0;
	ui_draw_title(r.y, r.x, r.w, st, title);
	ui_draw_scroll(r.y, r.x, r.w, st, *top, in.h, total);
	ui_draw_lines(in, l, *top);
	return total;
}

/* The detail with the thread where it reads best, for one scrolled pane. */
static void
combine(const struct review *rv, struct ui_lines *all)
{
	struct ui_lines head = { rv->detail.v, rv->split, 0 };
	struct ui_lines tail = { rv->detail.v + rv->split, rv->detail.n - rv->split, 0 };
	struct buf t = BUF_INIT;

	ui_lines_append(all, &head);
	ui_lines_blank(all);
	thread_title(rv, &t);
	ui_lines_add(all, 0, UI_STYLE_HEADING, "%s", t.s);
	ui_lines_append(all, &rv->thread);
	ui_lines_append(all, &tail);
	buf_free(&t);
}

static void
draw_detail(struct review *rv, const struct layout *L)
{
	struct ui_lines all = { NULL, 0, 0 };
	struct buf t = BUF_INIT;
	int kind, zero = 0;
	const char *id;

	target_of(rv, &kind, &id);
	buf_printf(&t, _("Detail: %s %s"), kind == TARGET_PACKET ? _("packet") :
	    gh_target_kinds[kind], kind == TARGET_PACKET ? rv->packet : id);
	if (L->grid) {
		rv->drows = draw_text(L->detail, UI_STYLE_PANE, t.s, &rv->detail, &rv->dtop);
		buf_reset(&t);
		thread_title(rv, &t);
		draw_text(L->thread, UI_STYLE_PANE, t.s, &rv->thread, &zero);
	} else {
		combine(rv, &all);
		buf_reset(&t);
		if (kind == TARGET_PACKET)
			buf_printf(&t, _("Detail: packet %s · %zu record(s)"), rv->packet,
			    ui_thread_count(rv->row, kind, id));
		else
			buf_printf(&t, _("Detail: %s %s · %zu comment(s)"), gh_target_kinds[kind], id,
			    ui_thread_count(rv->row, kind, id));
		rv->drows = draw_text(L->detail, rv->zoom ? UI_STYLE_PANE_ACTIVE : UI_STYLE_PANE, t.s,
		    &all, &rv->dtop);
		ui_lines_free(&all);
	}
	rv->dpage = L->detail.h - 1;
	buf_free(&t);
}

static void
review_draw(struct ui *ui, struct ui_view *v, struct ui_rect body)
{
	struct review *rv = v->data;
	struct layout L;
	int p;

	if (rv->row == NULL) {
		ui_draw_str(body.y + 1, 2, body.w - 4, UI_STYLE_STATUS_ERROR,
		    _("This packet is no longer open at HEAD."));
		return;
	}
	build(ui, rv);
	layout(&L, body, rv);
	draw_header(ui, rv, &L);
	if (L.grid) {
		for (p = 1; p < UI_PANE_COUNT; p++)
			draw_list(rv, (enum ui_pane)p, L.list[p], true);
		ui_draw_vline(L.list[1].y, L.detail.x - 1, body.h - 4, UI_STYLE_SEPARATOR);
	} else {
		draw_tabs(rv, L.tabs);
		if (rv->focus != UI_PANE_PACKET && L.list[rv->focus].h > 0)
			draw_list(rv, rv->focus, L.list[rv->focus], false);
	}
	draw_detail(rv, &L);
}

static void
review_title(struct ui *ui, struct ui_view *v, struct buf *out)
{
	struct review *rv = v->data;

	(void)ui;
	buf_printf(out, _("review %s"), rv->packet);
	if (rv->zoom)
		buf_puts(out, _(" · detail"));
}

/* ---- actions ---------------------------------------------------------------------- */

static int
scroll_detail(struct review *rv, int delta)
{
	rv->dtop += delta;
	if (rv->dtop > rv->drows - rv->dpage)
		rv->dtop = rv->drows - rv->dpage;
	if (rv->dtop < 0)
		rv->dtop = 0;
	return UI_ALL;
}

static int
move(struct review *rv, enum ui_action a)
{
	struct pane_pos *pp = &rv->pos[rv->focus];
	size_t n = ui_pane_count(rv->row, rv->focus), last = n ? n - 1 : 0;
	size_t page = rv->page > 1 ? (size_t)rv->page - 1 : 1, old = pp->sel;
	int dpage = rv->dpage > 2 ? rv->dpage - 2 : 1;

	if (rv->zoom || rv->focus == UI_PANE_PACKET) {
		switch (a) {
		case UI_ACT_MOVE_UP: return scroll_detail(rv, -1);
		case UI_ACT_MOVE_DOWN: return scroll_detail(rv, 1);
		case UI_ACT_PAGE_UP: return scroll_detail(rv, -dpage);
		case UI_ACT_PAGE_DOWN: return scroll_detail(rv, dpage);
		case UI_ACT_MOVE_FIRST: return scroll_detail(rv, -rv->drows);
		case UI_ACT_MOVE_LAST: return scroll_detail(rv, rv->drows);
		default: return UI_PASS;
		}
	}
	switch (a) {
	case UI_ACT_MOVE_UP: pp->sel = pp->sel ? pp->sel - 1 : 0; break;
	case UI_ACT_MOVE_DOWN: pp->sel = pp->sel < last ? pp->sel + 1 : last; break;
	case UI_ACT_PAGE_UP: pp->sel = pp->sel > page ? pp->sel - page : 0; break;
	case UI_ACT_PAGE_DOWN: pp->sel = pp->sel + page < last ? pp->sel + page : last; break;
	case UI_ACT_MOVE_FIRST: pp->sel = 0; break;
	case UI_ACT_MOVE_LAST: pp->sel = last; break;
	default: return UI_PASS;
	}
	rv->built &= pp->sel == old;
	return UI_ALL;
}

static int
focus(struct review *rv, int p)
{
	p = (p + UI_PANE_COUNT) % UI_PANE_COUNT;
	if ((enum ui_pane)p != rv->focus) {
		rv->focus = (enum ui_pane)p;
		rv->built = false;
		rv->zoom = false;
	}
	return UI_ALL;
}

static int
record(struct ui *ui, struct review *rv, enum ui_action a)
{
	struct ui_target t = { rv->packet, TARGET_PACKET, NULL };

	switch (a) {
	case UI_ACT_COMMENT: case UI_ACT_COMMENT_EDITOR:
		target_of(rv, &t.kind, &t.id);
		return ui_record_comment(ui, &t, a == UI_ACT_COMMENT_EDITOR);
	case UI_ACT_SIGNOFF: return ui_record_signoff(ui, rv->packet);
	case UI_ACT_DECIDE: return ui_record_decide(ui, rv->packet);
	case UI_ACT_SYNC: return ui_record_sync(ui);
	case UI_ACT_HISTORY: return ui_record_history(ui, rv->packet);
	default: return UI_PASS;
	}
}

static int
review_action(struct ui *ui, struct ui_view *v, enum ui_action a)
{
	struct review *rv = v->data;
	int r;

	if (rv->row == NULL)
		return UI_PASS;
	if ((r = move(rv, a)) != UI_PASS || (r = record(ui, rv, a)) != UI_PASS)
		return r;
	switch (a) {
	case UI_ACT_NEXT_PANE: return focus(rv, (int)rv->focus + 1);
	case UI_ACT_PREV_PANE: return focus(rv, (int)rv->focus - 1);
	case UI_ACT_VIEW_PACKET: case UI_ACT_VIEW_EVIDENCE: case UI_ACT_VIEW_GATES:
	case UI_ACT_VIEW_OPTIONS: case UI_ACT_VIEW_PRECEDENTS:
		return focus(rv, (int)(a - UI_ACT_VIEW_PACKET));
	case UI_ACT_DETAIL_DOWN: return scroll_detail(rv, rv->dpage > 2 ? rv->dpage / 2 : 1);
	case UI_ACT_DETAIL_UP: return scroll_detail(rv, -(rv->dpage > 2 ? rv->dpage / 2 : 1));
	case UI_ACT_ENTER:
		rv->zoom = !rv->zoom;
		return UI_ALL;
	case UI_ACT_BACK:
		if (!rv->zoom)
			return UI_PASS;
		rv->zoom = false;
		return UI_ALL;
	default:
		return UI_PASS;
	}
}

static void
clamp(struct review *rv)
{
	int p;

	for (p = 0; p < UI_PANE_COUNT; p++) {
		size_t n = ui_pane_count(rv->row, (enum ui_pane)p);

		if (rv->pos[p].sel >= n)
			rv->pos[p].sel = n ? n - 1 : 0;
	}
}

static void
review_reload(struct ui *ui, struct ui_view *v)
{
	struct review *rv = v->data;
	int keep = rv->dtop;

	rv->row = ui_model_packet(&ui->model, rv->packet);
	rv->built = false;
	if (rv->row == NULL)
		return;
	clamp(rv);
	build(ui, rv);
	rv->dtop = keep;
}

static void
review_free(struct ui_view *v)
{
	struct review *rv = v->data;

	ui_lines_free(&rv->detail);
	ui_lines_free(&rv->thread);
	free(rv->packet);
	free(rv);
	free(v);
}

static const struct ui_view_ops review_ops = {
	.name = "review",
	.keymap = UI_KM_REVIEW,
	.action = review_action,
	.draw = review_draw,
	.title = review_title,
	.hints = review_hints,
	.reload = review_reload,
	.free = review_free,
};

struct ui_view *
ui_review_new(struct ui *ui, const char *packet)
{
	struct review *rv = xcalloc(1, sizeof *rv);

	rv->packet = xstrdup(packet);
	rv->row = ui_model_packet(&ui->model, packet);
	rv->focus = UI_PANE_PACKET;
	return ui_view_new(&review_ops, rv);
}
