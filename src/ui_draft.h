/* ui_draft.h -- unsent comments, kept on disk so no words are ever lost.
 *
 * The editor saves its text on every keystroke to
 * $XDG_STATE_HOME/gatehouse/drafts/<repo>-<packet>-<target>.txt (or
 * ~/.local/state/...), atomically and readable by the user only; the file
 * goes away when the comment is recorded or deliberately discarded, and
 * is offered back the next time the packet is opened.  No curses.
 */
#ifndef GH_UI_DRAFT_H
#define GH_UI_DRAFT_H

#include "util.h"

/* Path of the draft for a target (kind: enum gh_target_kind); caller frees. */
char *ui_draft_path(const char *repo_key, const char *packet, int kind, const char *id);
/* Save text (creating the directory, mode 0700): 0 or -1 (errno). */
int ui_draft_save(const char *path, const char *text);
/* The draft's text, or NULL when there is none; caller frees. */
char *ui_draft_load(const char *path);
void ui_draft_remove(const char *path);
/* The first draft kept for packet: 1 with *kind and *id (caller frees
 * *id; NULL for the packet itself), or 0. */
int ui_draft_find(const char *repo_key, const char *packet, int *kind, char **id);

#endif
