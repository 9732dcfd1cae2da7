/* cli_config.c -- "gatehouse config": the configuration file's problems and
 * the effective value of every setting with where it came from; and the
 * one warning of the other commands about a broken file. */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"
#include "store.h"

int (*cli_config_ui_check)(const struct config *cfg, struct diags *d);

void
cli_config_warn(void)
{
	static bool done;
	const struct config *cfg = config_global();
	struct buf out = BUF_INIT;

	if (done || cfg->diags.n == 0)
		return;
	done = true;
	diags_print_text(&cfg->diags, &out);
	fputs(buf_cstr(&out), stderr);
	buf_free(&out);
}

static void
config_help(void)
{
	printf(_("Usage: gatehouse config [--check | --path]\n"
	    "Show the effective value of every setting of the configuration file and\n"
	    "where it comes from (an environment variable, a line of the file, the\n"
	    "default); see gatehouse-config(5).\n\n"
	    "      --check   list the file's problems (settings, keys, theme); exit 1 if any\n"
	    "      --path    print the file's name\n"
	    "  -h, --help    display this help and exit\n"));
}

/* Where v came from, for the comment after it. */
static void
origin_text(const struct config *cfg, const struct config_value *v, struct buf *out)
{
	switch (v->origin) {
	case CONFIG_FROM_ENV:
		buf_printf(out, _("environment %s"), v->env);
		break;
	case CONFIG_FROM_FILE:
		buf_printf(out, "%s:%d", cfg->path, v->line);
		break;
	case CONFIG_FROM_DEFAULT:
		buf_puts(out, _("default"));
		break;
	}
}

/* The identity without a setting: git config of the repository, if any. */
static char *
git_identity(void)
{
	struct store *st = NULL;
	struct buf err = BUF_INIT;
	char *name = NULL, *email = NULL, *who = NULL;

	if (store_open(cli_repo_path(NULL), &st, &err) == 0 &&
	    store_identity(st, &name, &email, &err) == 0)
		who = xasprintf("%s <%s>", name, email);
	free(name);
	free(email);
	store_close(st);
	buf_free(&err);
	return who;
}

static void
show_values(const struct config *cfg, struct buf *out)
{
	struct config_value v;
	char *computed;
	int k;

	buf_printf(out, _("# %s (%s)\n"), cfg->path, cfg->exists ? _("read") : _("not found"));
	for (k = 0; k < CONFIG_COUNT; k++) {
		config_get(cfg, (enum config_key)k, &v);
		computed = NULL;
		if (v.value == NULL && k == CONFIG_IDENTITY)
			computed = git_identity();
		else if (v.value == NULL && k == CONFIG_INDEX)
			computed = config_xdg_path("XDG_CACHE_HOME", ".cache", NULL);
		buf_printf(out, "set %s = %s\t# ", config_table[k].name,
		    v.value ? v.value : computed ? computed : "");
		if (computed && k == CONFIG_IDENTITY)
			buf_puts(out, _("git config user.name and user.email"));
		else if (v.value == NULL && k == CONFIG_IDENTITY)
			buf_puts(out, _("not set: set git config user.name and user.email"));
		else
			origin_text(cfg, &v, out);
		buf_putc(out, '\n');
		free(computed);
	}
}

/* Every problem, the workstation's included; 0 or EXIT_PROBLEMS. */
static int
check(const struct config *cfg, struct buf *out)
{
	struct diags d;
	int rc;

	diags_init(&d);
	diags_append(&d, &cfg->diags);
	if (cli_config_ui_check)
		cli_config_ui_check(cfg, &d);
	diags_sort(&d);
	diags_print_text(&d, out);
	if (d.n == 0)
		buf_printf(out, cfg->exists ? _("%s: no problems\n") :
		    _("%s: no such file; the defaults are used\n"), cfg->path);
	rc = d.n ? EXIT_PROBLEMS : 0;
	diags_free(&d);
	return rc;
}

int
cli_config(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "check", no_argument, NULL, 'c' },
		{ "path", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const struct config *cfg = config_global();
	struct buf out = BUF_INIT;
	int c, mode = 0, rc = 0, wr;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
		case 'p': mode = c; break;
		case 'h': config_help(); return 0;
		default:
			cli_usage_error("config", _("unrecognized option '%s'"), argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_usage_error("config", "%s", _("too many arguments"));
		return EXIT_USAGE;
	}
	if (mode == 'p') {
		buf_printf(&out, "%s\n", cfg->path);
	} else if (mode == 'c') {
		rc = check(cfg, &out);
	} else {
		cli_config_warn();
		show_values(cfg, &out);
	}
	wr = cli_write(&out);
	buf_free(&out);
	return wr ? wr : rc;
}
