/* ui_theme.h -- semantic styles and the theme files that colour them.
 *
 * Views never pick colours: they draw with a style that says what a thing
 * is (a verdict, a gate result, a hard trigger, stale, restricted ...) and
 * the theme says how that looks.  One table, UI_STYLES, gives each style
 * its key in theme files, its built-in look on a colour terminal and its
 * look without colour (NO_COLOR, vt100, the monochrome theme).
 *
 * Theme files (gatehouse-themes(5)) hold lines "key = fg bg attrs...";
 * one parser reads them and reports every bad line as file:line:col.
 */
#ifndef GH_UI_THEME_H
#define GH_UI_THEME_H

#include <stdbool.h>

#include "diag.h"

/* X(ID, key, colour look, look without colour) */
#define UI_STYLES(X) \
	X(NORMAL, "normal", "default default", "") \
	X(TITLE, "title", "black cyan", "reverse") \
	X(STATUS, "status", "default default", "") \
	X(STATUS_INFO, "status.info", "green default bold", "bold") \
	X(STATUS_ERROR, "status.error", "bright-white red bold", "reverse bold") \
	X(HINT_KEY, "hint.key", "cyan default bold", "bold") \
	X(CURSOR, "cursor", "black cyan", "reverse") \
	X(CURSOR_IDLE, "cursor.inactive", "default bright-black", "underline") \
	X(HEADER, "header", "bright-white default bold", "bold") \
	X(PANE, "pane.title", "white blue", "reverse") \
	X(PANE_ACTIVE, "pane.title.active", "black yellow bold", "reverse bold") \
	X(TAB, "tab", "default default", "") \
	X(TAB_ACTIVE, "tab.active", "black yellow bold", "reverse bold") \
	X(SEPARATOR, "separator", "blue default", "") \
	X(META, "meta", "bright-black default", "dim") \
	X(HEADING, "heading", "yellow default bold", "bold underline") \
	X(KEY, "key", "cyan default bold", "bold") \
	X(SUPPORT, "verdict.support", "green default bold", "bold") \
	X(COUNTER, "verdict.counter", "yellow default bold", "bold underline") \
	X(ESCALATE, "verdict.escalate", "red default bold", "reverse bold") \
	X(GATE_PASS, "gate.pass", "green default", "") \
	X(GATE_COND, "gate.conditional", "yellow default", "underline") \
	X(GATE_BLOCK, "gate.block", "red default bold", "bold") \
	X(GATE_ESCALATE, "gate.escalate", "magenta default bold", "reverse") \
	X(GATE_UNKNOWN, "gate.indeterminate", "cyan default", "underline") \
	X(GATE_MISSING, "gate.missing-evidence", "cyan default bold", "bold underline") \
	X(GATE_NA, "gate.not-applicable", "bright-black default", "dim") \
	X(OPT_IN_BAND, "option.in-band", "green default", "bold") \
	X(OPT_COND, "option.conditional", "yellow default", "underline") \
	X(OPT_BLOCKED, "option.blocked", "red default", "dim") \
	X(FIT_MATCH, "fit.match", "green default", "bold") \
	X(FIT_PARTIAL, "fit.partial", "yellow default", "underline") \
	X(FIT_MISMATCH, "fit.mismatch", "red default", "dim") \
	X(HARD, "hard-trigger", "bright-white red bold", "reverse bold") \
	X(STALE, "stale", "black yellow bold", "reverse") \
	X(RESTRICTED, "restricted", "magenta default", "dim underline") \
	X(MINE, "mine", "cyan default bold", "bold") \
	X(AUTHOR, "author", "cyan default", "bold") \
	X(DIALOG, "dialog", "default default", "") \
	X(DIALOG_BORDER, "dialog.border", "yellow default bold", "bold") \
	X(FIELD, "field", "default bright-black", "underline") \
	X(FIELD_ACTIVE, "field.active", "black white", "reverse")

enum ui_style {
#define UI_STYLE_ENUM(id, key, look, mono) UI_STYLE_##id,
	UI_STYLES(UI_STYLE_ENUM)
#undef UI_STYLE_ENUM
	UI_STYLE_COUNT
};

#define UI_COLOR_DEFAULT (-1)

struct ui_look {
	short fg, bg;		/* 0..255 or UI_COLOR_DEFAULT */
	unsigned attrs;		/* UI_ATTR_* */
};

enum {
	UI_ATTR_BOLD = 1u << 0,
	UI_ATTR_DIM = 1u << 1,
	UI_ATTR_UNDERLINE = 1u << 2,
	UI_ATTR_REVERSE = 1u << 3,
	UI_ATTR_STANDOUT = 1u << 4,
	UI_ATTR_ITALIC = 1u << 5,
	UI_ATTR_BLINK = 1u << 6,
};

struct ui_theme {
	char *name;
	struct ui_look look[UI_STYLE_COUNT];
};

/* The built-in looks: what themes/default-dark says, or with mono what
 * themes/monochrome says (attributes only). */
void ui_theme_defaults(struct ui_theme *t, bool mono);
void ui_theme_free(struct ui_theme *t);
/* Read theme text into t; every problem goes to d as file:line:col.
 * Returns the number of errors. */
int ui_theme_parse(struct ui_theme *t, const char *file, const char *text, struct diags *d);
/* Find theme name ($XDG_CONFIG_HOME/gatehouse/themes, then the installed
 * themes) and parse it into t.  -1 with a message in *why (caller frees)
 * when there is no such theme. */
int ui_theme_load(struct ui_theme *t, const char *name, struct diags *d, char **why);
const char *ui_style_key(enum ui_style s);

/* Whether the terminal should get colours: it has them and NO_COLOR is
 * not set.  Curses must be started; this starts its colours. */
bool ui_theme_can_color(void);
/* Set up curses colour pairs for t, fitting its colours to COLORS (256,
 * 16 or 8); without color only the attributes are used. */
void ui_theme_apply(const struct ui_theme *t, bool color);
/* The curses attributes (with colour pair) of a style. */
int ui_style_attr(enum ui_style s);

#endif
