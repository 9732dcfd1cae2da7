/* ui_keys.c -- the action table, key names and keymaps. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ncurses.h>

#include "ui_keys.h"
#include "ui_text.h"

static const struct {
	const char *name, *label, *help;
} actions[] = {
#define UI_ACTION_ROW(id, name, label, help) { name, label, help },
	UI_ACTIONS(UI_ACTION_ROW)
#undef UI_ACTION_ROW
};

const char *
ui_action_name(enum ui_action a)
{
	return a < UI_ACT_COUNT ? actions[a].name : "?";
}

const char *
ui_action_label(enum ui_action a)
{
	return a < UI_ACT_COUNT ? _(actions[a].label) : "?";
}

const char *
ui_action_help(enum ui_action a)
{
	return a < UI_ACT_COUNT ? _(actions[a].help) : "?";
}

int
ui_action_find(const char *name)
{
	int i;

	for (i = 0; i < UI_ACT_COUNT; i++)
		if (strcmp(actions[i].name, name) == 0)
			return i;
	return -1;
}

static const struct {
	const char *name;
	int key;
} named[] = {
	{ "Enter", '\n' }, { "Esc", 27 }, { "Tab", '\t' }, { "Space", ' ' },
	{ "Hash", '#' }, { "Equals", '=' },
	{ "BackTab", UI_KEY_FUNC | KEY_BTAB }, { "Backspace", UI_KEY_FUNC | KEY_BACKSPACE },
	{ "Delete", UI_KEY_FUNC | KEY_DC }, { "Insert", UI_KEY_FUNC | KEY_IC },
	{ "Up", UI_KEY_FUNC | KEY_UP }, { "Down", UI_KEY_FUNC | KEY_DOWN },
	{ "Left", UI_KEY_FUNC | KEY_LEFT }, { "Right", UI_KEY_FUNC | KEY_RIGHT },
	{ "PgUp", UI_KEY_FUNC | KEY_PPAGE }, { "PgDn", UI_KEY_FUNC | KEY_NPAGE },
	{ "PageUp", UI_KEY_FUNC | KEY_PPAGE }, { "PageDown", UI_KEY_FUNC | KEY_NPAGE },
	{ "Home", UI_KEY_FUNC | KEY_HOME }, { "End", UI_KEY_FUNC | KEY_END },
};

int
ui_key_parse(const char *name, int *key)
{
	size_t i, n;
	wchar_t *w;
	char *end;
	long f;

	for (i = 0; i < GH_ARRAY_SIZE(named); i++)
		if (strcasecmp(name, named[i].name) == 0) {
			*key = named[i].key;
			return 0;
		}
	if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
		f = strtol(name + 1, &end, 10);
		if (*end == '\0' && f >= 1 && f <= 12) {
			*key = UI_KEY_FUNC | KEY_F(f);
			return 0;
		}
	}
	if (((name[0] == 'C' || name[0] == 'c') && name[1] == '-' && name[2] && !name[3]) ||
	    (name[0] == '^' && name[1] && !name[2])) {
		char c = name[name[0] == '^' ? 1 : 2];

		if ((c >= 'a' && c <= 'z') || (c >= '@' && c <= '_')) {
			*key = UI_KEY_CTRL(c);
			return 0;
		}
		return -1;
	}
	w = ui_wcs_from_utf8(name, (size_t)-1, &n);
	*key = n == 1 && w[0] > L' ' && w[0] != 0x7f && w[0] != 0xfffd ? (int)w[0] : -1;
	free(w);
	return *key < 0 ? -1 : 0;
}

void
ui_key_name(int key, struct buf *out)
{
	size_t i;

	for (i = 0; i < GH_ARRAY_SIZE(named); i++)
		if (named[i].key == key && strcmp(named[i].name, "PageUp") &&
		    strcmp(named[i].name, "PageDown") && strcmp(named[i].name, "Hash") &&
		    strcmp(named[i].name, "Equals")) {
			buf_puts(out, named[i].name);
			return;
		}
	if (key & UI_KEY_FUNC) {
		int code = key & ~UI_KEY_FUNC;

		if (code >= KEY_F(1) && code <= KEY_F(12))
			buf_printf(out, "F%d", code - KEY_F(0));
		else
			buf_printf(out, "key%d", code);
	} else if (key > 0 && key < 0x20) {
		buf_printf(out, "C-%c", key + 'a' - 1);
	} else {
		ui_utf8_put(out, (wchar_t)key);
	}
}

int
ui_key_normalize(int key)
{
	if (key == '\r' || key == (UI_KEY_FUNC | KEY_ENTER))
		return '\n';
	if (key == 0x7f || key == 8)
		return UI_KEY_FUNC | KEY_BACKSPACE;
	return key;
}

static const char *const keymap_names[UI_KM_COUNT] = {
	[UI_KM_GENERIC] = "generic",
	[UI_KM_QUEUE] = "queue",
	[UI_KM_REVIEW] = "review",
	[UI_KM_HISTORY] = "history",
};

const char *
ui_keymap_name(enum ui_keymap km)
{
	return km < UI_KM_COUNT ? keymap_names[km] : "?";
}

int
ui_keymap_find(const char *name)
{
	int i;

	for (i = 0; i < UI_KM_COUNT; i++)
		if (strcmp(keymap_names[i], name) == 0)
			return i;
	return -1;
}

void
ui_keymaps_bind(struct ui_keymaps *k, enum ui_keymap km, int key, enum ui_action a)
{
	size_t i;

	for (i = 0; i < k->n[km]; i++)
		if (k->v[km][i].key == key) {
			k->v[km][i].action = a;
			return;
		}
	if (k->n[km] == k->cap[km]) {
		k->cap[km] = k->cap[km] ? k->cap[km] * 2 : 32;
		k->v[km] = xreallocarray(k->v[km], k->cap[km], sizeof *k->v[km]);
	}
	k->v[km][k->n[km]].key = key;
	k->v[km][k->n[km]++].action = a;
}

enum ui_action
ui_keymaps_get(const struct ui_keymaps *k, enum ui_keymap km, int key)
{
	size_t i;

	for (i = 0; i < k->n[km]; i++)
		if (k->v[km][i].key == key)
			return k->v[km][i].action;
	return UI_ACT_NONE;
}

enum ui_action
ui_keymaps_lookup(const struct ui_keymaps *k, enum ui_keymap km, int key)
{
	size_t i;

	for (i = 0; i < k->n[km]; i++)
		if (k->v[km][i].key == key)
			return k->v[km][i].action;	/* NONE here unbinds */
	return ui_keymaps_get(k, UI_KM_GENERIC, key);
}

size_t
ui_keymaps_keys(const struct ui_keymaps *k, enum ui_keymap km, enum ui_action a,
    struct buf *out)
{
	size_t i, found = 0;

	for (i = 0; i < k->n[km]; i++) {
		if (k->v[km][i].action != a)
			continue;
		if (found++)
			buf_puts(out, ", ");
		ui_key_name(k->v[km][i].key, out);
	}
	return found;
}

void
ui_keymaps_free(struct ui_keymaps *k)
{
	int i;

	for (i = 0; i < UI_KM_COUNT; i++)
		free(k->v[i]);
	memset(k, 0, sizeof *k);
}
