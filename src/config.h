/* config.h -- the user's configuration file, for the CLI and the workstation.
 *
 * $GATEHOUSE_CONFIG, else $XDG_CONFIG_HOME/gatehouse/config, else
 * ~/.config/gatehouse/config holds lines of
 *
 *	set <name> = <value>		a setting of config_table (below)
 *	bind <keymap> <key> <action>	handed to the workstation (ui_config.c)
 *	theme <name>			the old spelling of "set theme = <name>"
 *
 * The file is read once.  Every bad entry becomes a warning
 * file:line:col: message in config.diags and the setting keeps its
 * default: a broken file never stops a command.
 *
 * Precedence, highest first: a command-line option (the caller's business)
 * > gatehouse's own environment variable (GATEHOUSE_REPO ...) > the file >
 * generic variables that only shape a default (VISUAL, EDITOR; the XDG
 * directories) > the built-in default.  config_get() applies all but the
 * first, so the order lives in one place.
 *
 * The process-wide config (config_global) is loaded on first use and never
 * changes afterwards: it is read deep in the core the way the environment
 * is (store_identity, index_default_path), with the same precedence.
 */
#ifndef GH_CONFIG_H
#define GH_CONFIG_H

#include "diag.h"

enum config_key {
	CONFIG_REPOSITORY,	/* path: the default repository */
	CONFIG_IDENTITY,	/* "Name <email>": who records */
	CONFIG_THEME,		/* theme name of the workstation */
	CONFIG_EDITOR,		/* shell command for external editing */
	CONFIG_INDEX,		/* path: index directory, or file ending in .sqlite */
	CONFIG_COUNT
};

enum config_type {
	CONFIG_PATH,		/* absolute or ~/...; ~ expanded */
	CONFIG_IDENT,		/* Name <email> */
	CONFIG_NAME,		/* letters, digits, '.', '_', '-' */
	CONFIG_COMMAND,		/* any non-empty text */
};

/* One row of the option table: loading, validation, "gatehouse config"
 * and gatehouse-config(5) all follow it. */
struct config_option {
	const char *name;
	enum config_type type;
	const char *env;	/* gatehouse's variable: beats the file */
	const char *env_after[3];	/* generic variables below the file, NULL-ended */
	const char *fallback;	/* built-in default, NULL when computed elsewhere */
	const char *help;	/* N_() */
};

extern const struct config_option config_table[CONFIG_COUNT];

/* A setting as written in the file. */
struct config_entry {
	char *value;		/* expanded; NULL when the file does not set it */
	int line, col;		/* of the value */
};

/* A line for the workstation ("bind ..."), with its position. */
struct config_line {
	char *text;		/* the whole line, so columns stay right */
	int line;
};

struct config {
	char *path;		/* the file (read or not); owned */
	bool exists;		/* it was there and readable */
	struct config_entry set[CONFIG_COUNT];
	struct config_line *ui;	/* bind lines in file order */
	size_t n_ui;
	struct diags diags;	/* problems (warnings) */
};

enum config_origin {
	CONFIG_FROM_DEFAULT,	/* value is fallback, or NULL: the caller's default */
	CONFIG_FROM_ENV,	/* env names the variable */
	CONFIG_FROM_FILE,	/* line of path */
};

struct config_value {
	const char *value;	/* NULL: not set anywhere, use the caller's default */
	enum config_origin origin;
	const char *env;	/* CONFIG_FROM_ENV: which variable */
	int line;		/* CONFIG_FROM_FILE: where */
};

void config_init(struct config *c);
void config_free(struct config *c);
/* Apply the text of file (its name for messages); returns the problem count. */
int config_parse(struct config *c, const char *file, const char *text);
/* Read path; a missing file is fine (0); an unreadable one is a problem
 * in c->diags and returns -1. */
int config_read(struct config *c, const char *path);
/* Where the user's file is; caller frees. */
char *config_path(void);
/* $env/gatehouse/sub if env is absolute, else ~/fallback/gatehouse/sub
 * (sub may be NULL or ""); caller frees. */
char *config_xdg_path(const char *env, const char *fallback, const char *sub);

/* The effective value of k: environment, file, then defaults. */
void config_get(const struct config *c, enum config_key k, struct config_value *out);
/* The value only (NULL: the caller's default). */
const char *config_str(const struct config *c, enum config_key k);

/* "Name <email>" -> its parts (caller frees both); -1 if malformed. */
int config_parse_identity(const char *s, char **name, char **email);
/* A theme name or other NAME value is acceptable. */
bool config_name_ok(const char *s);

/* The process-wide configuration, read from config_path() on first use. */
const struct config *config_global(void);

#endif
