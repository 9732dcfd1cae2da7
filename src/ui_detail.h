/* ui_detail.h -- the words of the review session: one line per item for
 * the panes, the detail of the selected item and its comment thread, as
 * styled lines.  The wording follows render.c (the text report), so the
 * screen and "gatehouse evaluate" say the same things.  No curses.
 */
#ifndef GH_UI_DETAIL_H
#define GH_UI_DETAIL_H

#include "ui_model.h"
#include "ui_text.h"
#include "ui_theme.h"

/* The panes of a review session; DETAIL_PACKET is the header. */
enum ui_pane {
	UI_PANE_PACKET,
	UI_PANE_EVIDENCE,
	UI_PANE_GATES,
	UI_PANE_OPTIONS,
	UI_PANE_PRECEDENTS,
	UI_PANE_COUNT,
};

enum ui_style ui_style_verdict(int verdict);
enum ui_style ui_style_gate(int result);
enum ui_style ui_style_option(int cls);
enum ui_style ui_style_fit(int match);

const char *ui_pane_title(enum ui_pane p);	/* translated */
/* Items in pane p of row (0 for the packet pane). */
size_t ui_pane_count(const struct ui_row *row, enum ui_pane p);
/* How many need attention (gates that did not pass ...). */
size_t ui_pane_attention(const struct ui_row *row, enum ui_pane p);
/* One list line of item i: lead (styled) and text. */
void ui_pane_item(const struct ui_row *row, enum ui_pane p, size_t i, enum ui_style *lead_style,
    struct buf *lead, struct buf *text);
/* What a comment on item i is about: target kind and id (NULL: packet). */
void ui_pane_target(const struct ui_row *row, enum ui_pane p, size_t i, int *kind,
    const char **id);

/* The header: "ESCALATE to ..." and the rest of the verdict line. */
void ui_detail_verdict(const struct ui_model *m, const struct ui_row *row, struct buf *verdict,
    struct buf *rest);
void ui_detail_triggers(const struct ui_row *row, struct buf *out);
void ui_detail_chosen(const struct ui_row *row, struct buf *out);

/* The detail of item i of pane p; returns where its thread reads best
 * (the packet's goes before the request's fields, others' at the end). */
size_t ui_detail_build(const struct ui_model *m, const struct ui_row *row, enum ui_pane p,
    size_t i, struct ui_lines *out);
/* The comment thread on a target; returns the number of records. */
size_t ui_detail_thread(const struct ui_row *row, int kind, const char *id,
    struct ui_lines *out);
/* Records on a target (comments, and for the packet sign-offs and
 * decisions). */
size_t ui_thread_count(const struct ui_row *row, int kind, const char *id);

#endif
