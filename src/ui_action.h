/* ui_action.h -- every action of the review workstation, in one table.
 *
 * UI_ACTIONS gives each action its enum, the name used by "bind" lines in
 * the config file, a short label for the status bar hints and a help line.
 * The help overlay, the status bar, the config parser and "gatehouse
 * --keys" (which man/gatehouse.1's KEYS section is checked against) are
 * all generated from it, so help never drifts from the keys.
 */
#ifndef GH_UI_ACTION_H
#define GH_UI_ACTION_H

#include "util.h"

/* X(ID, config name, hint label, help line) */
#define UI_ACTIONS(X) \
	X(NONE, "none", N_("none"), N_("Do nothing (unbinds a key)")) \
	X(MOVE_UP, "move-up", N_("up"), N_("Move the cursor up one line")) \
	X(MOVE_DOWN, "move-down", N_("down"), N_("Move the cursor down one line")) \
	X(PAGE_UP, "page-up", N_("page up"), N_("Move up one page")) \
	X(PAGE_DOWN, "page-down", N_("page down"), N_("Move down one page")) \
	X(MOVE_FIRST, "move-first", N_("first"), N_("Jump to the first line")) \
	X(MOVE_LAST, "move-last", N_("last"), N_("Jump to the last line")) \
	X(ENTER, "enter", N_("open"), N_("Open the selected packet, or zoom into the detail")) \
	X(BACK, "back", N_("back"), N_("Close this view and go back (quits from the queue)")) \
	X(QUIT, "quit", N_("quit"), N_("Quit gatehouse")) \
	X(HELP, "help", N_("help"), N_("Show the keys of this view")) \
	X(REDRAW, "redraw", N_("redraw"), N_("Redraw the screen")) \
	X(RELOAD, "reload", N_("reload"), N_("Load the repository again from HEAD")) \
	X(SORT, "sort", N_("sort"), N_("Sort the queue by deadline, tier, id or verdict")) \
	X(FILTER, "filter", N_("filter"), N_("Show all, escalate, counter, support, mine or stale packets")) \
	X(SEARCH, "search", N_("search"), N_("Search ids, titles, rationales and comments")) \
	X(NEXT_PANE, "next-pane", N_("next pane"), N_("Focus the next pane")) \
	X(PREV_PANE, "prev-pane", N_("prev pane"), N_("Focus the previous pane")) \
	X(VIEW_PACKET, "view-packet", N_("packet"), N_("Focus the packet header and its thread")) \
	X(VIEW_EVIDENCE, "view-evidence", N_("evidence"), N_("Focus the evidence pane")) \
	X(VIEW_GATES, "view-gates", N_("gates"), N_("Focus the gates pane")) \
	X(VIEW_OPTIONS, "view-options", N_("options"), N_("Focus the options pane")) \
	X(VIEW_PRECEDENTS, "view-precedents", N_("precedents"), N_("Focus the precedents pane")) \
	X(DETAIL_DOWN, "scroll-detail-down", N_("scroll"), N_("Scroll the detail pane down")) \
	X(DETAIL_UP, "scroll-detail-up", N_("scroll up"), N_("Scroll the detail pane up")) \
	X(COMMENT, "comment", N_("comment"), N_("Comment on the packet or the selected item")) \
	X(COMMENT_EDITOR, "comment-editor", N_("$EDITOR"), N_("Write the comment in $VISUAL or $EDITOR")) \
	X(SIGNOFF, "signoff", N_("sign off"), N_("Record your sign-off on the packet")) \
	X(DECIDE, "decide", N_("decide"), N_("Record the decision: support, narrow or escalate")) \
	X(SYNC, "sync", N_("sync"), N_("Exchange review records with the shared repository")) \
	X(HISTORY, "history", N_("history"), N_("Show the packet's review records and commits"))

enum ui_action {
#define UI_ACTION_ENUM(id, name, label, help) UI_ACT_##id,
	UI_ACTIONS(UI_ACTION_ENUM)
#undef UI_ACTION_ENUM
	UI_ACT_COUNT
};

const char *ui_action_name(enum ui_action a);	/* "move-up" */
const char *ui_action_label(enum ui_action a);	/* translated */
const char *ui_action_help(enum ui_action a);	/* translated */
/* The action of a config name, or -1. */
int ui_action_find(const char *name);

#endif
