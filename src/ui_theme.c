/* ui_theme.c -- theme files ("key = fg bg attrs") and curses colours. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <ncurses.h>

#include "cli.h"
#include "config.h"
#include "ui_theme.h"
#include "ui_util.h"

static const struct {
	const char *key, *look, *mono;
} styles[] = {
#define UI_STYLE_ROW(id, key, look, mono) { key, look, mono },
	UI_STYLES(UI_STYLE_ROW)
#undef UI_STYLE_ROW
};

static const char *const color_names[] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", NULL
};

static const struct {
	const char *name;
	unsigned bit;
} attr_names[] = {
	{ "bold", UI_ATTR_BOLD }, { "dim", UI_ATTR_DIM }, { "underline", UI_ATTR_UNDERLINE },
	{ "reverse", UI_ATTR_REVERSE }, { "standout", UI_ATTR_STANDOUT },
	{ "italic", UI_ATTR_ITALIC }, { "blink", UI_ATTR_BLINK }, { "normal", 0 },
};

const char *
ui_style_key(enum ui_style s)
{
	return s < UI_STYLE_COUNT ? styles[s].key : "?";
}

/* "red", "bright-red", "default", "color123", "123": 0..255 or -1; -2 bad. */
static int
parse_color(const char *w)
{
	const char *num = w;
	char *end;
	long v;
	int i;

	if (strcmp(w, "default") == 0)
		return UI_COLOR_DEFAULT;
	if (strcmp(w, "gray") == 0 || strcmp(w, "grey") == 0)
		return 8;
	for (i = 0; color_names[i]; i++) {
		if (strcmp(w, color_names[i]) == 0)
			return i;
		if (str_startswith(w, "bright-") && strcmp(w + 7, color_names[i]) == 0)
			return i + 8;
	}
	if (str_startswith(w, "color"))
		num = w + 5;
	else if (str_startswith(w, "colour"))
		num = w + 6;
	if (!isdigit((unsigned char)num[0]))
		return -2;
	v = strtol(num, &end, 10);
	return *end || v > 255 ? -2 : (int)v;
}

static int
parse_attr(const char *w, unsigned *bits)
{
	size_t i;

	for (i = 0; i < GH_ARRAY_SIZE(attr_names); i++)
		if (strcmp(w, attr_names[i].name) == 0) {
			*bits |= attr_names[i].bit;
			return 0;
		}
	return -1;
}

static int
style_find(const char *key)
{
	int i;

	for (i = 0; i < UI_STYLE_COUNT; i++)
		if (strcmp(styles[i].key, key) == 0)
			return i;
	return -1;
}

/* Parse "fg bg attrs..." (the words of a value) into l. */
static int
parse_look(struct ui_words *w, size_t first, struct ui_look *l, const char *file, int line,
    struct diags *d)
{
	size_t i;
	int c, errors = 0;

	l->fg = l->bg = UI_COLOR_DEFAULT;
	l->attrs = 0;
	for (i = first; i < w->n; i++) {
		struct gh_pos pos = { line, w->col[i] };

		if (i < first + 2 && (c = parse_color(w->v[i])) != -2) {
			if (i == first)
				l->fg = (short)c;
			else
				l->bg = (short)c;
		} else if (parse_attr(w->v[i], &l->attrs) < 0) {
			diag_add(d, DIAG_ERROR, file, pos, i < first + 2 ?
			    _("unknown colour '%s' (black, red, green, yellow, blue, magenta, cyan, white, bright-NAME, default or 0-255)") :
			    _("unknown attribute '%s' (bold, dim, underline, reverse, standout, italic, blink)"),
			    w->v[i]);
			errors++;
		}
	}
	return errors;
}

/* One line "key = fg bg attrs": 0 or the number of errors. */
static int
parse_line(struct ui_theme *t, const char *text, const char *file, int line, struct diags *d)
{
	struct ui_words w;
	struct ui_look look;
	struct gh_pos pos = { line, 1 };
	int s, errors = 0;

	ui_words_split(&w, text);
	if (w.n == 0)
		goto out;
	pos.col = w.col[0];
	if ((s = style_find(w.v[0])) < 0) {
		diag_add(d, DIAG_ERROR, file, pos, _("unknown style '%s'"), w.v[0]);
		errors++;
	} else if (w.n < 3 || strcmp(w.v[1], "=") != 0) {
		diag_add(d, DIAG_ERROR, file, pos, "%s", _("expected 'style = fg bg [attribute]...'"));
		errors++;
	} else if ((errors = parse_look(&w, 2, &look, file, line, d)) == 0) {
		t->look[s] = look;
	}
out:
	ui_words_free(&w);
	return errors;
}

int
ui_theme_parse(struct ui_theme *t, const char *file, const char *text, struct diags *d)
{
	const char *p = text, *nl;
	int line = 0, errors = 0;

	while (p && *p) {
		char *one;

		nl = strchr(p, '\n');
		one = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		line++;
		errors += parse_line(t, one, file, line, d);
		free(one);
		p = nl ? nl + 1 : NULL;
	}
	return errors;
}

void
ui_theme_defaults(struct ui_theme *t, bool mono)
{
	struct diags d;
	int i;

	diags_init(&d);
	memset(t->look, 0, sizeof t->look);
	for (i = 0; i < UI_STYLE_COUNT; i++) {
		char *line = xasprintf("%s = %s%s", styles[i].key, mono ? "default default " : "",
		    mono ? styles[i].mono : styles[i].look);

		parse_line(t, line, "(built-in)", i + 1, &d);
		free(line);
	}
	diags_free(&d);
	free(t->name);
	t->name = xstrdup(mono ? "monochrome" : "default-dark");
}

void
ui_theme_free(struct ui_theme *t)
{
	free(t->name);
	t->name = NULL;
}

int
ui_theme_load(struct ui_theme *t, const char *name, struct diags *d, char **why)
{
	char *dirs[4], *data = cli_datadir(), *text = NULL, *path = NULL;
	size_t i, len;
	int rc = -1;

	*why = NULL;
	/* the user's, the data directory's (installed: pkgdatadir/themes),
	 * a source tree's themes/ beside its data/, the installed ones */
	dirs[0] = ui_xdg_path("XDG_CONFIG_HOME", ".config", "themes");
	dirs[1] = xasprintf("%s/themes", data);
	dirs[2] = str_endswith(data, "/data") ? xasprintf("%s/../themes", data) : NULL;
	dirs[3] = xstrdup(GH_DATADIR "/themes");
	for (i = 0; config_name_ok(name) && i < GH_ARRAY_SIZE(dirs) && rc < 0; i++) {
		if (dirs[i] == NULL)
			continue;
		free(path);
		path = xasprintf("%s/%s", dirs[i], name);
		if (file_read_all(path, 1 << 20, &text, &len) == 0) {
			ui_theme_parse(t, path, text, d);
			free(t->name);
			t->name = xstrdup(name);
			free(text);
			rc = 0;
		}
	}
	if (rc < 0)
		*why = xasprintf(_("no theme '%s' (looked in %s and %s)"), name, dirs[0], dirs[1]);
	for (i = 0; i < GH_ARRAY_SIZE(dirs); i++)
		free(dirs[i]);
	free(path);
	free(data);
	return rc;
}

/* ---- curses ------------------------------------------------------------ */

static int style_attrs[UI_STYLE_COUNT];

bool
ui_theme_can_color(void)
{
	const char *nc = getenv("NO_COLOR");

	if (!has_colors() || (nc && nc[0]) || start_color() == ERR)
		return false;
	return COLORS >= 8 && COLOR_PAIRS > UI_STYLE_COUNT;
}

/* The closest of the 16 basic colours to colour c of the xterm palette. */
static short
nearest16(int c)
{
	static const unsigned char basic[16][3] = {
		{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 }, { 0, 0, 238 },
		{ 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 }, { 127, 127, 127 },
		{ 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 }, { 92, 92, 255 },
		{ 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
	};
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };
	int rgb[3], i, best = 0;
	long bestd = -1;

	if (c >= 232) {
		rgb[0] = rgb[1] = rgb[2] = 8 + 10 * (c - 232);
	} else {
		rgb[0] = level[(c - 16) / 36];
		rgb[1] = level[((c - 16) / 6) % 6];
		rgb[2] = level[(c - 16) % 6];
	}
	for (i = 0; i < 16; i++) {
		long dr = rgb[0] - basic[i][0], dg = rgb[1] - basic[i][1], db = rgb[2] - basic[i][2];
		long dist = dr * dr + dg * dg + db * db;

		if (bestd < 0 || dist < bestd) {
			bestd = dist;
			best = i;
		}
	}
	return (short)best;
}

/* Colour c as this terminal can show it; *bright when a bright foreground
 * had to become bold on an 8-colour terminal. */
static short
fit_color(short c, bool *bright)
{
	if (c < 0 || c < COLORS)
		return c;
	if (c >= 16)
		c = nearest16(c);
	if (c >= COLORS && c >= 8) {
		*bright = true;
		c = (short)(c - 8);
	}
	return c;
}

static int
curses_attrs(unsigned a)
{
	int r = 0;

	r |= a & UI_ATTR_BOLD ? (int)A_BOLD : 0;
	r |= a & UI_ATTR_DIM ? (int)A_DIM : 0;
	r |= a & UI_ATTR_UNDERLINE ? (int)A_UNDERLINE : 0;
	r |= a & UI_ATTR_REVERSE ? (int)A_REVERSE : 0;
	r |= a & UI_ATTR_STANDOUT ? (int)A_STANDOUT : 0;
	r |= a & UI_ATTR_ITALIC ? (int)A_ITALIC : 0;
	r |= a & UI_ATTR_BLINK ? (int)A_BLINK : 0;
	return r;
}

void
ui_theme_apply(const struct ui_theme *t, bool color)
{
	bool defaults = false;
	int i;

	if (color)
		defaults = use_default_colors() == OK;
	for (i = 0; i < UI_STYLE_COUNT; i++) {
		const struct ui_look *l = &t->look[i];
		bool bright = false;
		short fg, bg;

		style_attrs[i] = curses_attrs(l->attrs);
		if (!color)
			continue;
		fg = fit_color(l->fg, &bright);
		bg = fit_color(l->bg, &(bool){ false });
		if (!defaults) {
			fg = fg < 0 ? COLOR_WHITE : fg;
			bg = bg < 0 ? COLOR_BLACK : bg;
		}
		init_pair((short)(i + 1), fg, bg);
		style_attrs[i] |= (int)COLOR_PAIR(i + 1) | (bright ? (int)A_BOLD : 0);
	}
}

int
ui_style_attr(enum ui_style s)
{
	return s < UI_STYLE_COUNT ? style_attrs[s] : 0;
}
