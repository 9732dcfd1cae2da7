/* ui_view.h -- views of the review workstation and the state they share.
 *
 * A view is an ops table (designated initializers, tig's view_ops) and its
 * private data.  Views sit on a stack: the top one gets the keys, and
 * overlays (editor, dialogs, prompts, help) are drawn over the view below
 * them.  Input walks a chain (tig's view_driver): key -> the view's raw
 * input hook (editors) -> the view's keymap -> the generic keymap ->
 * action -> the view's handler -> the global handler.  Handlers return
 * what needs redrawing (htop's Htop_Reaction); only the main loop paints.
 */
#ifndef GH_UI_VIEW_H
#define GH_UI_VIEW_H

#include "ui_config.h"
#include "ui_draw.h"
#include "ui_model.h"
#include "ui_theme.h"

/* What a handler asks for. */
enum ui_redraw {
	UI_PASS = -1,		/* not handled here: go on along the chain */
	UI_NONE = 0,		/* nothing changed */
	UI_STATUS = 1,		/* only the status bar */
	UI_ALL = 2,		/* the whole screen */
};

struct ui;
struct ui_view;

struct ui_view_ops {
	const char *name;
	enum ui_keymap keymap;
	bool overlay;			/* drawn over the view below */
	/* Raw keys before the keymaps (text entry); UI_PASS to go on. */
	int (*input)(struct ui *ui, struct ui_view *v, int key);
	int (*action)(struct ui *ui, struct ui_view *v, enum ui_action a);
	/* Draw into body (the screen between title and status bar). */
	void (*draw)(struct ui *ui, struct ui_view *v, struct ui_rect body);
	/* The title bar's text for this view. */
	void (*title)(struct ui *ui, struct ui_view *v, struct buf *out);
	/* Actions worth a hint in the status bar, ending in UI_ACT_NONE. */
	const enum ui_action *hints;
	/* The model was loaded again: find your packet by id. */
	void (*reload)(struct ui *ui, struct ui_view *v);
	void (*free)(struct ui_view *v);
};

struct ui_view {
	const struct ui_view_ops *ops;
	void *data;
};

#define UI_STACK_MAX 16

struct ui {
	struct ui_model model;
	struct ui_config cfg;
	struct ui_theme theme;
	struct ui_view *stack[UI_STACK_MAX];
	size_t depth;
	char *msg;			/* status bar message, or NULL */
	bool msg_error;
	bool quit;
	int exit_status;
	int cursor_y, cursor_x;		/* where a text field wants the cursor, or -1 */
};

/* ---- the stack and the status bar (ui.c) ------------------------------- */

void ui_push(struct ui *ui, struct ui_view *v);
/* Remove and free the top view. */
void ui_pop(struct ui *ui);
struct ui_view *ui_top(struct ui *ui);
/* Set the status bar message (translated text, printf style). */
void ui_status(struct ui *ui, bool error, const char *fmt, ...) GH_PRINTF(3, 4);
/* Reload the model from HEAD and tell every view. */
int ui_reload(struct ui *ui);
/* Leave curses for a child process on the terminal, and come back. */
void ui_suspend(void);
void ui_resume(void);
/* Keys bound to a in keymap km (or generic) as text, for hints. */
void ui_keys_text(struct ui *ui, enum ui_keymap km, enum ui_action a, struct buf *out);

struct ui_view *ui_view_new(const struct ui_view_ops *ops, void *data);

/* ---- the views ------------------------------------------------------------ */

struct ui_view *ui_queue_new(struct ui *ui);
struct ui_view *ui_review_new(struct ui *ui, const char *packet);
struct ui_view *ui_history_new(struct ui *ui, const char *packet);
struct ui_view *ui_help_new(struct ui *ui, enum ui_keymap km);

/* ---- prompts (ui_prompt.c) ------------------------------------------------- */

typedef void (*ui_confirm_fn)(struct ui *ui, bool yes, void *arg);
typedef void (*ui_prompt_fn)(struct ui *ui, const char *text, void *arg);
/* A y/n question on the status line; done is called once with the answer
 * (no on Esc), then arg is freed with free_arg (may be NULL). */
void ui_confirm(struct ui *ui, const char *question, ui_confirm_fn done, void *arg,
    void (*free_arg)(void *));
/* A line of text on the status line; done gets NULL on Esc. */
void ui_prompt(struct ui *ui, const char *label, const char *initial, ui_prompt_fn done,
    void *arg);

/* ---- recording (ui_record.c) ------------------------------------------------ */

/* What a comment is about. */
struct ui_target {
	const char *packet;
	int kind;			/* enum gh_target_kind */
	const char *id;			/* NULL for the packet */
};

/* Start a comment (offering a kept draft back first). */
int ui_record_comment(struct ui *ui, const struct ui_target *t, bool external);
/* Offer a kept draft of packet back ("Restore unsent comment?"). */
void ui_record_offer_draft(struct ui *ui, const char *packet);
int ui_record_signoff(struct ui *ui, const char *packet);
int ui_record_decide(struct ui *ui, const char *packet);
int ui_record_sync(struct ui *ui);
int ui_record_history(struct ui *ui, const char *packet);
/* Commit a built record and reload; the status bar tells the result. */
struct record_ctx;
int ui_record_commit(struct ui *ui, const struct record_ctx *c, const char *kind,
    const char *state, const char *subject, const struct buf *y);
/* Fill c for packet, or put why not in the status bar and return -1. */
int ui_record_ctx(struct ui *ui, const char *packet, int perm, const char *verb,
    struct record_ctx *c);

/* ---- overlays for recording ------------------------------------------------- */

struct ui_view *ui_editor_new(struct ui *ui, const struct ui_target *t, const char *text);
struct ui_view *ui_signoff_new(struct ui *ui, const char *packet, const char *role);
struct ui_view *ui_decide_new(struct ui *ui, const char *packet);
/* The draft file of the editor on top, saved from signal handlers. */
void ui_editor_emergency_save(void);

#endif
