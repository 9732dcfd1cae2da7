/* ui_keys.h -- key names and keymaps.
 *
 * A key is an int: a character (its code point, controls included) or a
 * curses function key code or'ed with UI_KEY_FUNC, so that characters
 * above U+00FF never collide with KEY_* codes.  Each view has a keymap;
 * a key not bound there is looked up in the generic one (tig's chain).
 * The default bindings are config text (ui_config.c), parsed like a
 * user's file.
 */
#ifndef GH_UI_KEYS_H
#define GH_UI_KEYS_H

#include <stddef.h>

#include "ui_action.h"

#define UI_KEY_FUNC 0x40000000
#define UI_KEY_NONE (-1)	/* nothing read (timeout) */
#define UI_KEY_RESIZE (-2)	/* the terminal changed size */
#define UI_KEY_SIGNAL (-3)	/* SIGHUP/SIGTERM/SIGINT arrived */
#define UI_KEY_CTRL(c) ((c) & 0x1f)

enum ui_keymap {
	UI_KM_GENERIC,
	UI_KM_QUEUE,
	UI_KM_REVIEW,
	UI_KM_HISTORY,
	UI_KM_COUNT,
};

struct ui_binding {
	int key;
	enum ui_action action;
};

struct ui_keymaps {
	struct ui_binding *v[UI_KM_COUNT];
	size_t n[UI_KM_COUNT], cap[UI_KM_COUNT];
};

/* "Enter", "C-f", "^F", "PgDn", "F2", "j", "ü": 0 or -1. */
int ui_key_parse(const char *name, int *key);
void ui_key_name(int key, struct buf *out);
/* Map what curses returned to the key names use (13 -> Enter ...). */
int ui_key_normalize(int key);

const char *ui_keymap_name(enum ui_keymap km);
int ui_keymap_find(const char *name);	/* -1 when unknown */

/* Bind key in km to a (replacing an earlier binding of the key). */
void ui_keymaps_bind(struct ui_keymaps *k, enum ui_keymap km, int key, enum ui_action a);
/* The action of key in km itself (UI_ACT_NONE when unbound there). */
enum ui_action ui_keymaps_get(const struct ui_keymaps *k, enum ui_keymap km, int key);
/* The chain: km, then the generic keymap. */
enum ui_action ui_keymaps_lookup(const struct ui_keymaps *k, enum ui_keymap km, int key);
/* The keys bound to a in km, "j, Down"; returns how many. */
size_t ui_keymaps_keys(const struct ui_keymaps *k, enum ui_keymap km, enum ui_action a,
    struct buf *out);
void ui_keymaps_free(struct ui_keymaps *k);

#endif
