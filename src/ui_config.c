/* ui_config.c -- "bind" and "theme" lines, defaults included. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ui_config.h"
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
	} else if (strcmp(w.v[0], "theme") == 0 && w.n == 2) {
		free(c->theme);
		free(c->theme_file);
		c->theme = xstrdup(w.v[1]);
		c->theme_file = xstrdup(file);
		c->theme_pos.line = line;
		c->theme_pos.col = w.col[1];
	} else {
		diag_add(&c->diags, DIAG_ERROR, file, pos, strcmp(w.v[0], "theme") == 0 ?
		    _("expected 'theme NAME'") : _("unknown command '%s' (bind or theme)"), w.v[0]);
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

char *
ui_config_path(void)
{
	return ui_xdg_path("XDG_CONFIG_HOME", ".config", "config");
}

int
ui_config_load(struct ui_config *c)
{
	char *path = ui_config_path(), *text = NULL;
	struct gh_pos pos = { 0, 0 };
	size_t len;
	int rc = 0;

	if (file_read_all(path, 1 << 20, &text, &len) == 0) {
		ui_config_parse(c, path, text);
	} else if (errno != ENOENT) {
		diag_add(&c->diags, DIAG_ERROR, path, pos, _("cannot read: %s"), strerror(errno));
		rc = -1;
	}
	free(text);
	free(path);
	return rc;
}
