/* cli.c -- subcommand dispatch, --help and --version. */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"

static int cli_help(int argc, char **argv);
static int cli_version(int argc, char **argv);

static const struct cli_command commands[] = {
	{ "check", cli_check, N_("[--format text|json] [REPO]"),
	  N_("validate every file of a packet repository and list all problems") },
	{ "evaluate", cli_evaluate, N_("[--repo DIR] [--format text|json|markdown] [--today DATE] [PACKET]..."),
	  N_("evaluate packets and print the recommendation") },
	{ "init", cli_init, N_("[--bare] [--name NAME] [DIR]"),
	  N_("create a packet repository with the default policy pack") },
	{ "comment", cli_comment, N_("[-m TEXT] [--on KIND:ID] PACKET"),
	  N_("record a comment on a packet or one of its items") },
	{ "signoff", cli_signoff, N_("[--condition TEXT]... [--reason TEXT] PACKET STATE"),
	  N_("record your sign-off on a packet") },
	{ "decide", cli_decide, N_("PACKET support | narrow OPTION | escalate AUTHORITY"),
	  N_("record the change lead's decision") },
	{ "log", cli_log, N_("[-C DIR] [--format text|json] [--today DATE] [PACKET]"),
	  N_("list review records, newest first, marking stale sign-offs") },
	{ "history", cli_history, N_("[-C DIR] [--format text|json] [--today DATE] PACKET"),
	  N_("show the commits that changed a packet and where its recommendation flipped") },
	{ "diff", cli_diff, N_("[-C DIR] [--format text|json] [--today DATE] PACKET A B"),
	  N_("show how and why the recommendation changed between two commits") },
	{ "export", cli_export, N_("[-C DIR] [--format markdown|html] [--at COMMIT] [--today DATE] [-o FILE] PACKET"),
	  N_("write the recommendation packet for the change board and the audit file") },
	{ "sync", cli_sync, N_("[-C DIR] [REMOTE]"),
	  N_("exchange review records with the shared repository") },
	{ "search", cli_search, N_("[-C DIR] [--format text|json] QUERY..."),
	  N_("search requests, evidence titles and review texts (from the index)") },
	{ "queue", cli_queue, N_("[-C DIR] [--format text|json] [--state S] [--verdict V] [--tier N] [--mine] [--stale] [--due-before DATE] [--sort KEY]"),
	  N_("list packets by deadline, tier or verdict (from the index)") },
	{ "reindex", cli_reindex, N_("[-C DIR]"),
	  N_("delete the per-user index and build it again from git") },
	{ "import", cli_import, N_("[-C DIR] [--type FORMAT] [--id NAME] [--source TEXT] [--collected-at TIME] [--force] PACKET FILE|-"),
	  N_("turn a tool's output (pg_upgrade --check, AWS lifecycle JSON, JSON/YAML) into evidence") },
	{ "config", cli_config, N_("[--check | --path]"),
	  N_("show the settings in effect and where each comes from; --check lists the config file's problems") },
	{ "help", cli_help, N_("[COMMAND]"), N_("show help for gatehouse or a command") },
	{ "version", cli_version, "", N_("show version information") },
};

void
cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "gatehouse%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	fprintf(stderr, _("Try 'gatehouse --help' for more information.\n"));
}

int
cli_write(struct buf *b)
{
	if (b->len && fwrite(b->s, 1, b->len, stdout) != b->len)
		return EXIT_USAGE;
	if (fflush(stdout) != 0) {
		fprintf(stderr, _("gatehouse: cannot write output: %s\n"), strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

const char *
cli_repo_path(const char *arg)
{
	/* the option, else $GATEHOUSE_REPO, the file's setting or "." */
	return arg ? arg : config_str(config_global(), CONFIG_REPOSITORY);
}

int
cli_format(const char *cmd, const char *value, const char *const *names)
{
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(value, names[i]) == 0)
			return i;
	cli_usage_error(cmd, _("unknown format '%s'"), value);
	return -1;
}

static void
print_help(FILE *fp)
{
	size_t i;

	fprintf(fp, _("Usage: gatehouse [OPTION]... COMMAND [ARG]...\n"));
	fprintf(fp, _("  or:  gatehouse [--demo]   (the review workstation; see gatehouse(1))\n"));
	fprintf(fp, _("Review change-exception requests against policy, evidence and precedent.\n"));
	fprintf(fp, _("gatehouse advises; it never approves a change or touches infrastructure.\n\n"));
	fprintf(fp, _("Commands:\n"));
	for (i = 0; i < GH_ARRAY_SIZE(commands); i++)
		fprintf(fp, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
	fprintf(fp, _("\nOptions:\n"));
	fprintf(fp, _("  -h, --help     display this help and exit\n"));
	fprintf(fp, _("  -V, --version  output version information and exit\n"));
	fprintf(fp, _("      --demo     open a private copy of the demo in the review workstation\n"));
	fprintf(fp, _("      --keys     list the key bindings of the review workstation\n"));
	fprintf(fp, _("\nEnvironment:\n"));
	fprintf(fp, _("  GATEHOUSE_REPO   repository used when none is given\n"));
	fprintf(fp, _("  GATEHOUSE_TODAY  the date taken as today (YYYY-MM-DD)\n"));
	fprintf(fp, _("  GATEHOUSE_CONFIG the configuration file (see gatehouse-config(5))\n"));
	fprintf(fp, _("\nRun 'gatehouse help COMMAND' for a command's options; see gatehouse(1).\n"));
	fprintf(fp, _("Report bugs to: %s\n"), PACKAGE_BUGREPORT);
}

static const struct cli_command *
find_command(const char *name)
{
	size_t i;

	for (i = 0; i < GH_ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static int
cli_help(int argc, char **argv)
{
	const struct cli_command *c;

	if (argc < 2) {
		print_help(stdout);
		return 0;
	}
	c = find_command(argv[1]);
	if (c == NULL) {
		cli_usage_error("help", _("unknown command '%s'"), argv[1]);
		return EXIT_USAGE;
	}
	printf(_("Usage: gatehouse %s %s\n"), c->name, c->args[0] ? _(c->args) : "");
	printf("%s\n", _(c->summary));
	return 0;
}

static int
cli_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("gatehouse %s\n", PACKAGE_VERSION);
	printf(_("Copyright (C) 2026 The gatehouse authors.\n"));
	printf(_("License: MIT <https://opensource.org/license/mit>.\n"));
	printf(_("This is free software: you are free to change and redistribute it.\n"));
	printf(_("There is NO WARRANTY, to the extent permitted by law.\n"));
	return 0;
}

int
cli_main(int argc, char **argv)
{
	const struct cli_command *c;

	if (argc < 2) {
		cli_usage_error(NULL, "%s", _("missing command"));
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cli_version(argc - 1, argv + 1);
	if (argv[1][0] == '-') {
		cli_usage_error(NULL, _("unrecognized option '%s'"), argv[1]);
		return EXIT_USAGE;
	}
	c = find_command(argv[1]);
	if (c == NULL) {
		cli_usage_error(NULL, _("unknown command '%s'"), argv[1]);
		return EXIT_USAGE;
	}
	if (c->run != cli_config)
		cli_config_warn();	/* a broken config file: warned about, never fatal */
	if (c->run == NULL) {
		cli_usage_error(NULL, _("command '%s' is not available in this build"), c->name);
		return EXIT_USAGE;
	}
	return c->run(argc - 1, argv + 1);
}
