/* ui_config.h -- the workstation's configuration file.
 *
 * The core reads the file once (config.c, gatehouse-config(5)) and hands
 * over its lines of
 *
 *	bind <generic|queue|review|history> <key> <action>
 *
 * with their line numbers; the theme is the core's "theme" setting.  The
 * default bindings are the same kind of text (ui_default_config), parsed
 * by the same function first.  Every bad line is reported as
 * file:line:col: message and the binding it would have changed keeps its
 * default.
 */
#ifndef GH_UI_CONFIG_H
#define GH_UI_CONFIG_H

#include "config.h"
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
/* Take the bind lines and the theme of cfg; returns the error count. */
int ui_config_apply(struct ui_config *c, const struct config *cfg);
/* The process-wide config (config_global): its problems, bind lines and
 * theme.  0, or -1 when the file exists but cannot be read. */
int ui_config_load(struct ui_config *c);
/* Add the problems only the workstation can see (keys, actions, a theme
 * that is not found) to d, for "gatehouse config --check".  The count. */
int ui_config_check(const struct config *cfg, struct diags *d);

#endif
