/* ui_config.h -- the workstation's configuration file.
 *
 * $XDG_CONFIG_HOME/gatehouse/config (or ~/.config/gatehouse/config) holds
 * lines of
 *
 *	bind <generic|queue|review|history> <key> <action>
 *	theme <name>
 *
 * The default bindings are the same kind of text (ui_default_config),
 * parsed by the same function first.  Every bad line is reported as
 * file:line:col: message and the binding it would have changed keeps its
 * default.
 */
#ifndef GH_UI_CONFIG_H
#define GH_UI_CONFIG_H

#include "diag.h"
#include "ui_keys.h"

struct ui_config {
	struct ui_keymaps keys;
	char *theme;		/* theme name, or NULL for the default */
	char *theme_file;	/* where the theme line was, for messages */
	struct gh_pos theme_pos;
	struct diags diags;	/* problems found in config files */
};

extern const char ui_default_config[];

/* The defaults only. */
void ui_config_init(struct ui_config *c);
void ui_config_free(struct ui_config *c);
/* Apply config text; problems go to c->diags.  Returns the error count. */
int ui_config_parse(struct ui_config *c, const char *file, const char *text);
/* Read the user's file if there is one: 0, or -1 when it exists but
 * cannot be read (also reported in c->diags). */
int ui_config_load(struct ui_config *c);
/* Where the user's file is; caller frees. */
char *ui_config_path(void);

#endif
