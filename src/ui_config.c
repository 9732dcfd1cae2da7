/* ui_config.c -- "bind" lines, defaults included, and the theme setting of
 * the core's config (config.c). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ui_config.h"
#include "ui_theme.h"
#include "ui_util.h"

/* The default key bindings, in the format of the user's file. */
const char ui_default_config[] =
	"# gatehouse default configuration (the same format as ~/.config/gatehouse/config)\n"
	"bind generic Up move-up\n"
	"bind generic k move-up\n"
	"bind generic Down move-down\n"
	"bind generic j move-down\n"
	"bind generic PgUp page-up\n"
	"bind generic C-b page-up\n"
	"bind generic PgDn page-down\n"
	"bind generic C-f page-down\n"
	"bind generic Home move-first\n"
	"bind generic g move-first\n"
	"bind generic End move-last\n"
	"bind generic G move-last\n"
	"bind generic Enter enter\n"
	"bind generic q back\n"
	"bind generic Esc back\n"
	"bind generic Q quit\n"
	"bind generic ? help\n"
	"bind generic F1 help\n"
	"bind generic C-l redraw\n"
	"bind generic R reload\n"
	"bind queue s sort\n"
	"bind queue f filter\n"
	"bind queue / search\n"
	"bind queue c comment\n"
	"bind queue E comment-editor\n"
	"bind queue S signoff\n"
	"bind queue D decide\n"
	"bind queue y sync\n"
	"bind queue H history\n"
	"bind review Tab next-pane\n"
	"bind review BackTab prev-pane\n"
	"bind review l next-pane\n"
	"bind review Right next-pane\n"
	"bind review h prev-pane\n"
	"bind review Left prev-pane\n"
	"bind review 0 view-packet\n"
	"bind review 1 view-evidence\n"
	"bind review 2 view-gates\n"
	"bind review 3 view-options\n"
	"bind review 4 view-precedents\n"
	"bind review J scroll-detail-down\n"
	"bind review C-e scroll-detail-down\n"
	"bind review K scroll-detail-up\n"
	"bind review C-y scroll-detail-up\n"
	"bind review c comment\n"
	"bind review E comment-editor\n"
	"bind review S signoff\n"
	"bind review D decide\n"
	"bind review y sync\n"
	"bind review H history\n"
	"bind history Space page-down\n"
	"bind history b page-up\n";

void
ui_config_init(struct ui_config *c)
{
	memset(c, 0, sizeof *c);
	diags_init(&c->diags);
	ui_config_parse(c, "(defaults)", ui_default_config);
}

void
ui_config_free(struct ui_config *c)
{
	ui_keymaps_free(&c->keys);
	free(c->theme);
	free(c->theme_file);
	diags_free(&c->diags);
}

static int
parse_bind(struct ui_config *c, const struct ui_words *w, const char *file, int line)
{
	struct gh_pos pos = { line, w->col[0] };
	int km, key, act;

	if (w->n != 4) {
		diag_add(&c->diags, DIAG_ERROR, file, pos, "%s",
		    _("expected 'bind KEYMAP KEY ACTION'"));
		return 1;
	}
	pos.col = w->col[1];
	if ((km = ui_keymap_find(w->v[1])) < 0) {
		diag_add(&c->diags, DIAG_ERROR, file, pos,
		    _("unknown keymap '%s' (generic, queue, review or history)"), w->v[1]);
		return 1;
	}
	pos.col = w->col[2];
	if (ui_key_parse(w->v[2], &key) < 0) {
		diag_add(&c->diags, DIAG_ERROR, file, pos, _("unknown key '%s'"), w->v[2]);
		return 1;
	}
	pos.col = w->col[3];
	if ((act = ui_action_find(w->v[3])) < 0) {
		diag_add(&c->diags, DIAG_ERROR, file, pos, _("unknown action '%s'"), w->v[3]);
		return 1;
	}
	ui_keymaps_bind(&c->keys, (enum ui_keymap)km, key, (enum ui_action)act);
	return 0;
}

static int
parse_line(struct ui_config *c, const char *text, const char *file, int line)
{
	struct ui_words w;
	struct gh_pos pos = { line, 1 };
	int errors = 0;

	ui_words_split(&w, text);
	if (w.n == 0) {
		ui_words_free(&w);
		return 0;
	}
	pos.col = w.col[0];
	if (strcmp(w.v[0], "bind") == 0) {
		errors = parse_bind(c, &w, file, line);
	} else {
		/* the core's config_parse() hands over bind lines only */
		diag_add(&c->diags, DIAG_ERROR, file, pos, _("unknown command '%s' (bind)"), w.v[0]);
		errors = 1;
	}
	ui_words_free(&w);
	return errors;
}

int
ui_config_parse(struct ui_config *c, const char *file, const char *text)
{
	const char *p = text, *nl;
	int line = 0, errors = 0;

	while (p && *p) {
		char *one;

		nl = strchr(p, '\n');
		one = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		errors += parse_line(c, one, file, ++line);
		free(one);
		p = nl ? nl + 1 : NULL;
	}
	return errors;
}

/* The theme of cfg: where it was set, for a message when it is not found. */
static void
take_theme(struct ui_config *c, const struct config *cfg)
{
	struct config_value v;

	config_get(cfg, CONFIG_THEME, &v);
	free(c->theme);
	free(c->theme_file);
	c->theme = c->theme_file = NULL;
	memset(&c->theme_pos, 0, sizeof c->theme_pos);
	if (v.origin == CONFIG_FROM_DEFAULT)
		return;		/* the workstation picks its default */
	c->theme = xstrdup(v.value);
	if (v.origin == CONFIG_FROM_FILE) {
		c->theme_file = xstrdup(cfg->path);
		c->theme_pos.line = cfg->set[CONFIG_THEME].line;
		c->theme_pos.col = cfg->set[CONFIG_THEME].col;
	} else {
		c->theme_file = xasprintf("$%s", v.env);
	}
}

int
ui_config_apply(struct ui_config *c, const struct config *cfg)
{
	size_t i;
	int errors = 0;

	for (i = 0; i < cfg->n_ui; i++)
		errors += parse_line(c, cfg->ui[i].text, cfg->path, cfg->ui[i].line);
	take_theme(c, cfg);
	return errors;
}

int
ui_config_load(struct ui_config *c)
{
	const struct config *cfg = config_global();

	/* the core's problems first, then the key bindings' own */
	diags_append(&c->diags, &cfg->diags);
	ui_config_apply(c, cfg);
	return cfg->exists || cfg->diags.n == 0 ? 0 : -1;
}

int
ui_config_check(const struct config *cfg, struct diags *d)
{
	struct ui_config c;
	struct ui_theme t;
	char *why = NULL;
	int n;

	ui_config_init(&c);
	ui_config_apply(&c, cfg);
	if (c.theme) {
		memset(&t, 0, sizeof t);
		ui_theme_defaults(&t, false);
		if (ui_theme_load(&t, c.theme, &c.diags, &why) < 0)
			diag_add(&c.diags, DIAG_ERROR, c.theme_file, c.theme_pos, "%s", why);
		ui_theme_free(&t);
		free(why);
	}
	diags_append(d, &c.diags);
	n = (int)c.diags.n;
	ui_config_free(&c);
	return n;
}
