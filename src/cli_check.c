/* cli_check.c -- "gatehouse check": validate a whole repository. */
#include <config.h>

#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "engine.h"
#include "repo.h"

static const char *const formats[] = { "text", "json", NULL };

static void
summary(const struct diags *d, const struct gh_repo *r, const char *root, struct buf *out)
{
	if (d->errors == 0 && d->warnings == 0) {
		buf_printf(out, _("%s: clean: %zu files, %zu packets, %zu precedents\n"),
		    root, r ? r->files : 0, r ? r->packets.n : 0, r ? r->precedents.n : 0);
		return;
	}
	buf_printf(out, _("%s: %zu errors, %zu warnings in %zu files\n"), root, d->errors,
	    d->warnings, r ? r->files : 0);
}

int
cli_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct buf out = BUF_INIT;
	struct gh_repo *r;
	struct diags d;
	const char *root;
	int fmt = 0, c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if ((fmt = cli_format("check", optarg, formats)) < 0)
				return EXIT_USAGE;
			break;
		case 'h':
			printf(_("Usage: gatehouse check [--format text|json] [REPO]\n"));
			printf(_("Validate every file of a packet repository and list all problems.\n"));
			printf(_("Exit status: 0 clean, 1 problems found, 2 usage error.\n"));
			return 0;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		cli_usage_error("check", "%s", _("too many arguments"));
		return EXIT_USAGE;
	}
	root = cli_repo_path(optind < argc ? argv[optind] : NULL);
	diags_init(&d);
	r = cli_load_repo(root, &d);
	if (r)
		engine_free(engine_new(r, &d));	/* reports bad expressions */
	diags_sort(&d);
	if (fmt == 1) {
		diags_print_json(&d, &out);
	} else {
		diags_print_text(&d, &out);
		summary(&d, r, root, &out);
	}
	rc = cli_write(&out);
	if (rc == 0)
		rc = r == NULL ? EXIT_USAGE : (d.errors || d.warnings) ? EXIT_PROBLEMS : 0;
	buf_free(&out);
	diags_free(&d);
	repo_free(r);
	return rc;
}
