/* cli_evaluate.c -- "gatehouse evaluate": the recommendation for packets. */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "engine.h"
#include "history.h"
#include "render.h"
#include "store.h"

int
cli_today(const char *arg, gh_time *out)
{
	const char *s = arg ? arg : getenv("GATEHOUSE_TODAY");
	const char *err;
	int col;

	if (arg && !arg[0]) {
		fprintf(stderr, "%s", _("gatehouse: --today needs a date (YYYY-MM-DD)\n"));
		return -1;
	}
	if (s && s[0]) {
		if (val_parse_date(s, out, &err, &col) < 0) {
			fprintf(stderr, _("gatehouse: invalid date '%s' for today: %s\n"), s, _(err));
			return -1;
		}
		return 0;
	}
	*out = (gh_time)time(NULL);
	*out -= *out % 86400;
	return 0;
}

static void
evaluate_help(void)
{
	printf(_("Usage: gatehouse evaluate [OPTION]... [PACKET]...\n"));
	printf(_("Evaluate packets against the policy and print the recommendation:\n"
	    "SUPPORT as scoped, COUNTER with a narrower path, or ESCALATE.\n"
	    "Without PACKET, every open packet is evaluated.\n\n"));
	printf(_("  -C, --repo DIR       packet repository (default $GATEHOUSE_REPO or .)\n"));
	printf(_("  -f, --format FORMAT  text (default), json or markdown\n"));
	printf(_("      --today DATE     take DATE (YYYY-MM-DD) as today\n"));
	printf(_("  -k, --precedents N   show the N closest precedents (default 5)\n"));
	printf(_("      --at REV         evaluate the repository as committed at REV, for\n"
	    "                       that commit's date unless a date is given\n"));
	printf(_("  -h, --help           display this help and exit\n"));
}

struct eval_args {
	const char *repo;
	int format;
	const char *today;
	size_t k;
	const char *at;		/* --at REV: the committed tree of REV */
};

static int
parse_args(int argc, char **argv, struct eval_args *a)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'f' },
		{ "today", required_argument, NULL, 't' },
		{ "precedents", required_argument, NULL, 'k' },
		{ "at", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "C:f:k:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': a->repo = optarg; break;
		case 't': a->today = optarg; break;
		case 'a': a->at = optarg; break;
		case 'f':
			if ((a->format = cli_format("evaluate", optarg, render_format_names)) < 0)
				return EXIT_USAGE;
			break;
		case 'k':
			a->k = strtoul(optarg, &end, 10);
			if (*end || a->k == 0 || a->k > 1000) {
				cli_usage_error("evaluate", _("invalid number of precedents '%s'"), optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h': evaluate_help(); return -1;
		default: return EXIT_USAGE;
		}
	}
	return 0;
}

/* The repository as committed at a->at and, unless --today or
 * $GATEHOUSE_TODAY gives a date, that commit's date (UTC) as today: what
 * evaluate showed on the day of the commit. */
static struct gh_repo *
load_at(const struct eval_args *a, const char *const *ids, size_t n, struct diags *d,
    gh_time *today)
{
	const char *env = getenv("GATEHOUSE_TODAY");
	char hex[HISTORY_OID_HEX];
	struct buf err = BUF_INIT;
	struct repo_source src;
	struct store *st = NULL;
	struct gh_repo *r = NULL;
	gh_time t;

	if (store_open(cli_repo_path(a->repo), &st, &err) == 0 &&
	    history_resolve(st, a->at, hex, &t, &err) == 0 &&
	    store_source(st, hex, &src, &err) == 0) {
		r = ids ? repo_load_only(cli_repo_path(a->repo), &src, ids, n, d) :
		    repo_load_source(cli_repo_path(a->repo), &src, d);
		store_source_free(&src);
		if (a->today == NULL && (env == NULL || !env[0]))
			*today = history_day(t);
	}
	if (err.len)
		fprintf(stderr, "gatehouse evaluate: %s\n", buf_cstr(&err));
	store_close(st);
	buf_free(&err);
	return r;
}

static int
evaluate_one(struct engine *eng, const struct gh_packet *p, const struct eval_args *a,
    gh_time today, bool sep, struct buf *out)
{
	struct engine_opts opts = { today, a->k };
	struct recommendation *rec;

	if (p->request == NULL) {
		fprintf(stderr, _("gatehouse: packet %s: request.yaml did not load; run 'gatehouse check'\n"),
		    p->id);
		return EXIT_PROBLEMS;
	}
	rec = engine_evaluate(eng, p, &opts);
	if (sep && a->format != RENDER_JSON)
		buf_puts(out, a->format == RENDER_MARKDOWN ? "\n---\n\n" :
		    "\n========================================================================\n\n");
	render_recommendation(rec, a->format, out);
	rec_free(rec);
	return 0;
}

int
cli_evaluate(int argc, char **argv)
{
	struct eval_args a = { NULL, RENDER_TEXT, NULL, 5, NULL };
	struct buf out = BUF_INIT;
	struct gh_repo *r;
	struct engine *eng;
	struct diags d;
	gh_time today;
	const char *const *ids;
	int rc, i, shown = 0;
	size_t k, n;

	if ((rc = parse_args(argc, argv, &a)) != 0)
		return rc < 0 ? 0 : rc;
	if (cli_today(a.today, &today) < 0)
		return EXIT_USAGE;
	diags_init(&d);
	/* packets named: load only those (a whole repository can be large) */
	ids = optind < argc ? (const char *const *)argv + optind : NULL;
	n = (size_t)(argc - optind);
	r = a.at ? load_at(&a, ids, n, &d, &today) :
	    cli_load_packets(cli_repo_path(a.repo), ids, n, &d);
	if (r == NULL) {
		diags_print_text(&d, &out);
		fputs(buf_cstr(&out), stderr);
		buf_free(&out);
		diags_free(&d);
		return EXIT_USAGE;
	}
	eng = engine_new(r, &d);
	if (d.errors)
		fprintf(stderr, _("gatehouse: %s has %zu error(s); results may be incomplete (run 'gatehouse check')\n"),
		    r->root, d.errors);
	rc = 0;
	if (a.format == RENDER_JSON && argc - optind != 1)
		buf_puts(&out, "[\n");
	for (i = optind; i < argc; i++) {
		const struct gh_packet *p = repo_packet(r, argv[i]);

		if (a.format == RENDER_JSON && shown && argc - optind != 1)
			buf_puts(&out, ",\n");
		if (p == NULL) {
			fprintf(stderr, _("gatehouse: no packet '%s' in %s\n"), argv[i], r->root);
			rc = EXIT_USAGE;
			continue;
		}
		if (evaluate_one(eng, p, &a, today, shown > 0, &out) == 0)
			shown++;
		else
			rc = EXIT_PROBLEMS;
	}
	for (k = 0; optind == argc && k < r->packets.n; k++) {
		const struct gh_packet *p = &r->packets.v[k];

		if (p->request && p->request->state != REQ_OPEN)
			continue;
		if (a.format == RENDER_JSON && shown)
			buf_puts(&out, ",\n");
		if (evaluate_one(eng, p, &a, today, shown > 0, &out) == 0)
			shown++;
		else
			rc = EXIT_PROBLEMS;
	}
	if (a.format == RENDER_JSON && argc - optind != 1)
		buf_puts(&out, "]\n");
	if (cli_write(&out) != 0)
		rc = EXIT_USAGE;
	buf_free(&out);
	engine_free(eng);
	repo_free(r);
	diags_free(&d);
	return rc;
}
