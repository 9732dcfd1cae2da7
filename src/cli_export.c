/* cli_export.c -- "gatehouse export": the recommendation packet for the
 * change advisory board and the audit file, as Markdown or HTML, to
 * stdout or atomically into a file. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "export.h"

static const char *const export_formats[] = { "markdown", "html", NULL };

struct export_args {
	const char *repo;
	const char *at;
	const char *today;
	const char *output;
	int format;		/* index in export_formats */
};

static void
export_help(void)
{
	printf(_("Usage: gatehouse export [OPTION]... PACKET\n"
	    "Write PACKET's recommendation packet, self-contained, for the change\n"
	    "advisory board and the audit file: the request, the recommendation and\n"
	    "who decides, every gate with the values that decided it and its evidence,\n"
	    "the ranked options, the precedents, the assumptions, every comment,\n"
	    "sign-off and decision with its commit and stale flag, the history of the\n"
	    "recommendation, and a footer naming repository, commit and dates.\n"
	    "Restricted evidence you cannot read is shown as a placeholder only.\n\n"
	    "  -C, --repo DIR       packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -f, --format FORMAT  markdown (default) or html\n"
	    "      --at COMMIT      export the packet as of COMMIT (any git revision)\n"
	    "      --today DATE     the generation date and the date evaluated for\n"
	    "                       (YYYY-MM-DD; default $GATEHOUSE_TODAY or the clock)\n"
	    "  -o, --output FILE    write FILE (atomically) instead of standard output\n"
	    "  -h, --help           display this help and exit\n"));
}

/* 0, -1 after --help, or an exit status. */
static int
export_parse(int argc, char **argv, struct export_args *a)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'f' },
		{ "at", required_argument, NULL, 'a' },
		{ "today", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "C:f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': a->repo = optarg; break;
		case 'a': a->at = optarg; break;
		case 't': a->today = optarg; break;
		case 'o': a->output = optarg; break;
		case 'f':
			if ((a->format = cli_format("export", optarg, export_formats)) < 0)
				return EXIT_USAGE;
			break;
		case 'h': export_help(); return -1;
		default:
			cli_usage_error("export", _("unrecognized option or missing argument '%s'"),
			    argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 1) {
		cli_usage_error("export", "%s", argc - optind ? _("too many arguments") :
		    _("missing PACKET"));
		return EXIT_USAGE;
	}
	if (a->output && !a->output[0]) {
		cli_usage_error("export", "%s", _("--output needs a file name"));
		return EXIT_USAGE;
	}
	return 0;
}

static int
export_write(const struct export_args *a, struct buf *out)
{
	if (a->output == NULL)
		return cli_write(out);
	if (file_write_atomic(a->output, out->s ? out->s : "", out->len, 0666) < 0) {
		fprintf(stderr, _("gatehouse export: cannot write %s: %s\n"), a->output,
		    strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

int
cli_export(int argc, char **argv)
{
	const char *env = getenv("GATEHOUSE_TODAY");
	struct export_args a = { 0 };
	struct export_opts o = { 0 };
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct store *st = NULL;
	bool fixed;
	gh_time day;
	int rc;

	if ((rc = export_parse(argc, argv, &a)) != 0)
		return rc < 0 ? 0 : rc;
	if (cli_today(a.today, &day) < 0)
		return EXIT_USAGE;
	/* as evaluate and history: a given date holds for every commit; else
	 * HEAD is evaluated for today and an older commit for its own date */
	fixed = a.today || (env && env[0]);
	o.rev = a.at;
	o.generated = day;
	o.today = fixed || a.at == NULL ? &day : NULL;
	o.history_today = fixed ? &day : NULL;
	o.format = a.format == 1 ? DOC_HTML : DOC_MARKDOWN;
	if (store_open(cli_repo_path(a.repo), &st, &err) < 0) {
		fprintf(stderr, "gatehouse export: %s\n", buf_cstr(&err));
		rc = EXIT_USAGE;
	} else if ((rc = export_packet(st, argv[optind], &o, &out, &err)) < 0) {
		fprintf(stderr, "gatehouse export: %s\n", buf_cstr(&err));
		rc = rc == -2 ? EXIT_PROBLEMS : EXIT_USAGE;
	} else {
		rc = export_write(&a, &out);
	}
	store_close(st);
	buf_free(&out);
	buf_free(&err);
	return rc;
}
