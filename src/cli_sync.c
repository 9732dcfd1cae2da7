/* cli_sync.c -- "gatehouse sync": exchange review records with the shared
 * repository. */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "sync.h"

static void
sync_help(void)
{
	printf(_("Usage: gatehouse sync [OPTION]... [REMOTE]\n"
	    "Exchange review records with REMOTE (default origin): fetch its copy of\n"
	    "the current branch, replay the local commits it lacks on top of it, and\n"
	    "push.  Records are new files, so they never conflict; a file edited\n"
	    "differently on both sides stops the sync with nothing changed.\n\n"
	    "  -C, --repo DIR   packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -h, --help       display this help and exit\n"));
}

/* Each line of warn as a warning on standard error. */
static void
sync_warn(struct buf *warn)
{
	char *line, *save = NULL;

	if (warn->len == 0)
		return;
	for (line = strtok_r(warn->s, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		fprintf(stderr, _("gatehouse: warning: %s\n"), line);
}

int
cli_sync(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *repo = NULL, *remote = "origin";
	struct sync_result res;
	struct buf err = BUF_INIT, out = BUF_INIT;
	int c, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': repo = optarg; break;
		case 'h': sync_help(); return 0;
		default:
			cli_usage_error("sync", _("unrecognized option '%s'"), argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		remote = argv[optind++];
	if (optind < argc) {
		cli_usage_error("sync", "%s", _("too many arguments"));
		return EXIT_USAGE;
	}
	r = sync_run(cli_repo_path(repo), remote, &res, &err);
	sync_warn(&res.warn);
	if (r == SYNC_OK) {
		buf_printf(&out, _("synced with %s: fetched %zu, pushed %zu record(s), now at %.7s\n"),
		    remote, res.fetched, res.pushed, res.tip);
		r = cli_write(&out);
	} else {
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
		r = r == SYNC_ERROR ? EXIT_USAGE : EXIT_PROBLEMS;
	}
	sync_result_free(&res);
	buf_free(&out);
	buf_free(&err);
	return r;
}
