/* config.c -- read the configuration file once; settings, their types and
 * their precedence. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

const struct config_option config_table[CONFIG_COUNT] = {
	[CONFIG_REPOSITORY] = { "repository", CONFIG_PATH, "GATEHOUSE_REPO", { NULL }, ".",
	    N_("the repository used when no option or argument names one") },
	[CONFIG_IDENTITY] = { "identity", CONFIG_IDENT, "GATEHOUSE_AUTHOR", { NULL }, NULL,
	    N_("who records comments, sign-offs and decisions (default: git config user.name and user.email)") },
	[CONFIG_THEME] = { "theme", CONFIG_NAME, "GATEHOUSE_THEME", { NULL }, "default-dark",
	    N_("the colour theme of the review workstation") },
	[CONFIG_EDITOR] = { "editor", CONFIG_COMMAND, "GATEHOUSE_EDITOR", { "VISUAL", "EDITOR", NULL },
	    "vi", N_("the editor for comments and reasons") },
	[CONFIG_INDEX] = { "index", CONFIG_PATH, "GATEHOUSE_INDEX", { NULL }, NULL,
	    N_("the index: a directory, or a file ending in .sqlite (default: $XDG_CACHE_HOME/gatehouse)") },
};

void
config_init(struct config *c)
{
	memset(c, 0, sizeof *c);
	diags_init(&c->diags);
}

void
config_free(struct config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < CONFIG_COUNT; i++)
		free(c->set[i].value);
	for (i = 0; i < c->n_ui; i++)
		free(c->ui[i].text);
	free(c->ui);
	free(c->path);
	diags_free(&c->diags);
	memset(c, 0, sizeof *c);
}

/* ---- values ------------------------------------------------------------ */

static const char *
home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if ((home == NULL || home[0] != '/') && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	return home && home[0] == '/' ? home : NULL;
}

char *
config_xdg_path(const char *env, const char *fallback, const char *sub)
{
	const char *base = getenv(env), *home = getenv("HOME");
	const char *sep = sub && sub[0] ? "/" : "";

	if (sub == NULL)
		sub = "";
	/* the XDG spec: a relative value is invalid and ignored */
	if (base && base[0] == '/')
		return xasprintf("%s/gatehouse%s%s", base, sep, sub);
	return xasprintf("%s/%s/gatehouse%s%s", home && home[0] ? home : ".", fallback, sep, sub);
}

char *
config_path(void)
{
	const char *env = getenv("GATEHOUSE_CONFIG");

	if (env && env[0])
		return xstrdup(env);
	return config_xdg_path("XDG_CONFIG_HOME", ".config", "config");
}

int
config_parse_identity(const char *s, char **name, char **email)
{
	const char *lt = strchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	size_t n;

	*name = *email = NULL;
	if (lt == NULL || gt == NULL || gt == lt + 1 || strchr(gt + 1, '<'))
		return -1;
	for (n = (size_t)(lt - s); n > 0 && s[n - 1] == ' '; n--)
		;
	if (n == 0)
		return -1;
	*name = xstrndup(s, n);
	*email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return 0;
}

bool
config_name_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return false;
	return i > 0 && s[0] != '.';
}

/* A checked value of type t, or NULL with *why (translated). */
static char *
value_check(enum config_type t, const char *v, const char **why)
{
	const char *home;
	char *n, *e;

	switch (t) {
	case CONFIG_PATH:
		if (v[0] == '/')
			return xstrdup(v);
		if (v[0] == '~' && (v[1] == '/' || v[1] == '\0')) {
			if ((home = home_dir()) == NULL) {
				*why = _("cannot expand '~': HOME is not set");
				return NULL;
			}
			return xasprintf("%s%s", home, v + 1);
		}
		*why = _("expected an absolute path or one starting with ~/");
		return NULL;
	case CONFIG_IDENT:
		if (config_parse_identity(v, &n, &e) < 0) {
			*why = _("expected 'Name <email>'");
			return NULL;
		}
		free(n);
		free(e);
		return xstrdup(v);
	case CONFIG_NAME:
		if (!config_name_ok(v)) {
			*why = _("expected a name of letters, digits, '.', '_' and '-'");
			return NULL;
		}
		return xstrdup(v);
	case CONFIG_COMMAND:
		return xstrdup(v);
	}
	return NULL;
}

/* ---- parsing ----------------------------------------------------------- */

/* A cursor over one line that counts columns in characters. */
struct cur {
	const char *p;
	int col;
};

static void
cur_skip(struct cur *c)
{
	while (*c->p == ' ' || *c->p == '\t' || *c->p == '\r') {
		c->p++;
		c->col++;
	}
}

/* The next word of letters, digits and '-' (may be empty); caller frees. */
static char *
cur_word(struct cur *c)
{
	const char *s = c->p;

	while (*c->p && (isalnum((unsigned char)*c->p) || *c->p == '-' || *c->p == '_')) {
		c->p++;
		c->col++;
	}
	return xstrndup(s, (size_t)(c->p - s));
}

/* The value after '=': up to a '#' after a blank or the end, trimmed, or
 * a "double-quoted" text (for a value holding " #"). */
static char *
cur_value(struct cur *c, bool *unterminated)
{
	const char *s = c->p, *e;

	*unterminated = false;
	if (*s == '"') {
		e = strchr(s + 1, '"');
		if (e == NULL) {
			*unterminated = true;
			return NULL;
		}
		return xstrndup(s + 1, (size_t)(e - s - 1));
	}
	for (e = s; *e && !(*e == '#' && (e == s || e[-1] == ' ' || e[-1] == '\t')); e++)
		;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

static int
find_option(const char *name)
{
	int i;

	for (i = 0; i < CONFIG_COUNT; i++)
		if (strcmp(config_table[i].name, name) == 0)
			return i;
	return -1;
}

static void
unknown_setting(struct config *c, const char *file, struct gh_pos pos, const char *name)
{
	size_t best = 3, d;
	int i, near = -1;

	for (i = 0; i < CONFIG_COUNT; i++)
		if ((d = str_distance(name, config_table[i].name)) < best) {
			best = d;
			near = i;
		}
	if (near >= 0)
		diag_add(&c->diags, DIAG_WARNING, file, pos,
		    _("unknown setting '%s'; did you mean '%s'?"), name, config_table[near].name);
	else
		diag_add(&c->diags, DIAG_WARNING, file, pos,
		    _("unknown setting '%s' (repository, identity, theme, editor or index)"), name);
}

/* Store a checked value of k found at pos. */
static int
apply(struct config *c, const char *file, struct gh_pos pos, int k, const char *raw)
{
	const char *why = NULL;
	char *v;

	if (raw[0] == '\0') {
		diag_add(&c->diags, DIAG_WARNING, file, pos, _("missing value for '%s'"),
		    config_table[k].name);
		return 1;
	}
	if ((v = value_check(config_table[k].type, raw, &why)) == NULL) {
		diag_add(&c->diags, DIAG_WARNING, file, pos, _("bad %s '%s': %s"),
		    config_table[k].name, raw, why);
		return 1;
	}
	free(c->set[k].value);
	c->set[k].value = v;
	c->set[k].line = pos.line;
	c->set[k].col = pos.col;
	return 0;
}

/* "set NAME = VALUE", the cursor after "set". */
static int
parse_set(struct config *c, const char *file, int line, struct cur *cu)
{
	struct gh_pos pos = { line, 0 };
	char *name, *value;
	bool open;
	int k, rc;

	cur_skip(cu);
	pos.col = cu->col;
	name = cur_word(cu);
	if (name[0] == '\0') {
		diag_add(&c->diags, DIAG_WARNING, file, pos, "%s", _("expected 'set NAME = VALUE'"));
		free(name);
		return 1;
	}
	if ((k = find_option(name)) < 0) {
		unknown_setting(c, file, pos, name);
		free(name);
		return 1;
	}
	cur_skip(cu);
	pos.col = cu->col;
	if (*cu->p != '=') {
		diag_add(&c->diags, DIAG_WARNING, file, pos, _("expected '=' after '%s'"), name);
		free(name);
		return 1;
	}
	cu->p++;
	cu->col++;
	cur_skip(cu);
	pos.col = cu->col;
	value = cur_value(cu, &open);
	if (open) {
		diag_add(&c->diags, DIAG_WARNING, file, pos, "%s", _("missing closing '\"'"));
		rc = 1;
	} else {
		rc = apply(c, file, pos, k, value);
	}
	free(value);
	free(name);
	return rc;
}

/* "theme NAME": what "set theme = NAME" says, kept from the first format. */
static int
parse_theme(struct config *c, const char *file, int line, struct cur *cu)
{
	struct gh_pos pos = { line, 0 };
	char *name;
	int rc;

	cur_skip(cu);
	pos.col = cu->col;
	name = cur_word(cu);
	cur_skip(cu);
	if (name[0] == '\0' || (*cu->p && *cu->p != '#')) {
		diag_add(&c->diags, DIAG_WARNING, file, pos, "%s", _("expected 'theme NAME'"));
		rc = 1;
	} else {
		rc = apply(c, file, pos, CONFIG_THEME, name);
	}
	free(name);
	return rc;
}

static int
parse_line(struct config *c, const char *file, int line, const char *text)
{
	struct cur cu = { text, 1 };
	struct gh_pos pos = { line, 0 };
	char *cmd;
	int rc = 0;

	cur_skip(&cu);
	if (*cu.p == '\0' || *cu.p == '#')
		return 0;
	pos.col = cu.col;
	cmd = cur_word(&cu);
	if (strcmp(cmd, "set") == 0) {
		rc = parse_set(c, file, line, &cu);
	} else if (strcmp(cmd, "theme") == 0) {
		rc = parse_theme(c, file, line, &cu);
	} else if (strcmp(cmd, "bind") == 0) {
		c->ui = xreallocarray(c->ui, c->n_ui + 1, sizeof *c->ui);
		c->ui[c->n_ui].text = xstrdup(text);
		c->ui[c->n_ui++].line = line;
	} else {
		/* a word of punctuation is shown whole */
		int n = cmd[0] ? (int)strlen(cmd) : (int)strcspn(cu.p, " \t");

		diag_add(&c->diags, DIAG_WARNING, file, pos,
		    _("unknown command '%.*s' (set, bind or theme)"), n, cmd[0] ? cmd : cu.p);
		rc = 1;
	}
	free(cmd);
	return rc;
}

int
config_parse(struct config *c, const char *file, const char *text)
{
	const char *p = text, *nl;
	int line = 0, problems = 0;

	while (p && *p) {
		char *one;

		nl = strchr(p, '\n');
		one = xstrndup(p, nl ? (size_t)(nl - p) : strlen(p));
		problems += parse_line(c, file, ++line, one);
		free(one);
		p = nl ? nl + 1 : NULL;
	}
	return problems;
}

int
config_read(struct config *c, const char *path)
{
	struct gh_pos pos = { 0, 0 };
	char *text = NULL;
	size_t len;
	int r;

	free(c->path);
	c->path = xstrdup(path);
	r = file_read_all(path, 1 << 20, &text, &len);
	if (r == 0) {
		c->exists = true;
		if (memchr(text, '\0', len))
			diag_add(&c->diags, DIAG_WARNING, path, pos, "%s",
			    _("not a text file (holds a NUL byte); ignored"));
		else
			config_parse(c, path, text);
		free(text);
		return 0;
	}
	if (r == -1 && errno == ENOENT)
		return 0;
	if (r == -2)
		diag_add(&c->diags, DIAG_WARNING, path, pos, "%s", _("larger than 1 MiB; ignored"));
	else
		diag_add(&c->diags, DIAG_WARNING, path, pos, _("cannot read: %s"), strerror(errno));
	return -1;
}

/* ---- precedence -------------------------------------------------------- */

void
config_get(const struct config *c, enum config_key k, struct config_value *out)
{
	const struct config_option *o = &config_table[k];
	const char *v;
	size_t i;

	memset(out, 0, sizeof *out);
	if (o->env && (v = getenv(o->env)) != NULL && v[0]) {
		out->value = v;
		out->origin = CONFIG_FROM_ENV;
		out->env = o->env;
		return;
	}
	if (c && c->set[k].value) {
		out->value = c->set[k].value;
		out->origin = CONFIG_FROM_FILE;
		out->line = c->set[k].line;
		return;
	}
	for (i = 0; o->env_after[i]; i++)
		if ((v = getenv(o->env_after[i])) != NULL && v[0]) {
			out->value = v;
			out->origin = CONFIG_FROM_ENV;
			out->env = o->env_after[i];
			return;
		}
	out->value = o->fallback;
	out->origin = CONFIG_FROM_DEFAULT;
}

const char *
config_str(const struct config *c, enum config_key k)
{
	struct config_value v;

	config_get(c, k, &v);
	return v.value;
}

static struct config global;
static bool global_loaded;

static void
global_free(void)
{
	config_free(&global);
}

const struct config *
config_global(void)
{
	char *path;

	if (!global_loaded) {
		global_loaded = true;
		config_init(&global);
		path = config_path();
		config_read(&global, path);
		free(path);
		atexit(global_free);
	}
	return &global;
}
