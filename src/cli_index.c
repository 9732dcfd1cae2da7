/* cli_index.c -- "gatehouse search", "queue" and "reindex": the commands
 * answered from the per-user index, which each brings up to date first. */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "index.h"
#include "json.h"

enum { FMT_TEXT, FMT_JSON };
static const char *const formats[] = { "text", "json", NULL };

struct ix_args {
	const char *repo;
	const char *today;
	int format;
};

/* The repository and its index, up to date; prints why not. */
struct ix_ctx {
	struct store *st;
	struct index *idx;
	gh_time today;
};

static void
ix_notice(char *n)
{
	if (n)
		fprintf(stderr, "gatehouse: %s\n", n);
	free(n);
}

static int
ix_open(const struct ix_args *a, struct ix_ctx *c, bool update)
{
	struct buf err = BUF_INIT;
	char *notice = NULL;
	int rc = EXIT_USAGE;

	memset(c, 0, sizeof *c);
	if (cli_today(a->today, &c->today) < 0)
		return EXIT_USAGE;
	if (store_open(cli_repo_path(a->repo), &c->st, &err) < 0 ||
	    index_open(c->st, NULL, &c->idx, &err) < 0 ||
	    (update && index_update(c->idx, c->st, c->today, &notice, &err) < 0)) {
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
		goto out;
	}
	ix_notice(notice);
	rc = 0;
out:
	buf_free(&err);
	return rc;
}

static void
ix_close(struct ix_ctx *c)
{
	index_close(c->idx);
	store_close(c->st);
}

/* A query found the file damaged: start over once. */
static bool
ix_repair(struct ix_ctx *c, int r)
{
	struct buf err = BUF_INIT;
	bool ok;

	if (r != INDEX_ECORRUPT)
		return false;
	ok = index_rebuild(c->idx, c->st, c->today, &err) == 0;
	fprintf(stderr, ok ? _("gatehouse: index %s was damaged; rebuilt it from git\n") :
	    _("gatehouse: index %s was damaged and could not be rebuilt\n"),
	    index_path(c->idx));
	buf_free(&err);
	return ok;
}

static void
put_text(struct buf *out, const char *s)
{
	/* one line per field: newlines in titles and snippets become spaces */
	for (; s && *s; s++)
		buf_putc(out, *s == '\n' || *s == '\t' ? ' ' : *s);
}

/* ---- search ------------------------------------------------------------- */

static void
search_help(void)
{
	printf(_("Usage: gatehouse search [OPTION]... QUERY...\n"
	    "Search request titles and rationales, evidence titles and summaries, and\n"
	    "the text of comments, sign-offs and decisions, best match first.\n"
	    "QUERY is FTS5 syntax (words, \"phrases\", AND, OR, NOT, prefix*); what\n"
	    "is not valid FTS5 is searched as plain words.  Restricted evidence is\n"
	    "never indexed.  Exit status 1 when nothing matches.\n\n"
	    "  -C, --repo DIR       packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -f, --format FORMAT  text (default) or json\n"
	    "  -n, --limit N        at most N results (default: all)\n"
	    "      --today DATE     date recommendations are evaluated for\n"
	    "  -h, --help           display this help and exit\n"));
}

struct search_out {
	struct buf *out;
	struct json j;
	int format;
};

static int
search_hit(void *arg, const struct index_hit *h)
{
	struct search_out *o = arg;

	if (o->format == FMT_JSON) {
		json_begin_object(&o->j);
		json_key(&o->j, "packet");
		json_string(&o->j, h->packet);
		json_key(&o->j, "kind");
		json_string(&o->j, h->kind);
		json_key(&o->j, "ref");
		json_string(&o->j, h->ref);
		json_key(&o->j, "title");
		json_string(&o->j, h->title);
		json_key(&o->j, "snippet");
		json_string(&o->j, h->snippet);
		json_key(&o->j, "rank");
		json_double(&o->j, h->rank);
		json_end_object(&o->j);
		return 0;
	}
	buf_printf(o->out, "%s  %s  ", h->packet, h->kind);
	put_text(o->out, strcmp(h->kind, "request") == 0 || h->title == NULL ? h->ref : h->title);
	buf_puts(o->out, "\n    ");
	put_text(o->out, h->snippet);
	buf_putc(o->out, '\n');
	return 0;
}

static int
parse_limit(const char *cmd, const char *s, size_t *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*s == '\0' || *end || s[0] == '-' || v > 1000000) {
		cli_usage_error(cmd, _("invalid number '%s'"), s);
		return -1;
	}
	*out = v;
	return 0;
}

static int
search_parse(int argc, char **argv, struct ix_args *a, size_t *limit)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'f' },
		{ "limit", required_argument, NULL, 'n' },
		{ "today", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "C:f:n:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': a->repo = optarg; break;
		case 't': a->today = optarg; break;
		case 'f':
			if ((a->format = cli_format("search", optarg, formats)) < 0)
				return EXIT_USAGE;
			break;
		case 'n':
			if (parse_limit("search", optarg, limit) < 0)
				return EXIT_USAGE;
			break;
		case 'h': search_help(); return -1;
		default:
			cli_usage_error("search", _("unrecognized option '%s'"), argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_usage_error("search", "%s", _("missing QUERY"));
		return EXIT_USAGE;
	}
	return 0;
}

static char *
join_args(int argc, char **argv)
{
	struct buf b = BUF_INIT;
	int i;

	for (i = 0; i < argc; i++)
		buf_printf(&b, "%s%s", i ? " " : "", argv[i]);
	return buf_detach(&b);
}

int
cli_search(int argc, char **argv)
{
	struct ix_args a = { NULL, NULL, FMT_TEXT };
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct search_out o = { &out, { 0 }, FMT_TEXT };
	struct ix_ctx c;
	size_t limit = 0;
	char *query;
	long hits;
	int rc;

	if ((rc = search_parse(argc, argv, &a, &limit)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = ix_open(&a, &c, true)) != 0) {
		ix_close(&c);
		return rc;
	}
	query = join_args(argc - optind, argv + optind);
	o.format = a.format;
	do {
		buf_reset(&out);
		buf_reset(&err);
		json_init(&o.j, &out, true);
		if (a.format == FMT_JSON)
			json_begin_array(&o.j);
		hits = index_search(c.idx, query, limit, search_hit, &o, &err);
	} while (hits < 0 && ix_repair(&c, (int)hits));
	if (hits < 0) {
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
		rc = EXIT_USAGE;
	} else {
		if (a.format == FMT_JSON) {
			json_end_array(&o.j);
			buf_putc(&out, '\n');
		}
		rc = cli_write(&out);
		if (rc == 0 && hits == 0)
			rc = EXIT_PROBLEMS;
	}
	free(query);
	buf_free(&out);
	buf_free(&err);
	ix_close(&c);
	return rc;
}

/* ---- queue -------------------------------------------------------------- */

static void
queue_help(void)
{
	printf(_("Usage: gatehouse queue [OPTION]...\n"
	    "List packets with their recommendation, deadline and sign-offs, from the\n"
	    "index (brought up to date with HEAD first).\n\n"
	    "  -C, --repo DIR         packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -f, --format FORMAT    text (default) or json\n"
	    "      --state STATE      open, decided or withdrawn\n"
	    "      --verdict VERDICT  SUPPORT, COUNTER or ESCALATE\n"
	    "      --decision WHAT    the decision recorded: support, narrow, escalate\n"
	    "      --tier N           the most critical service is of tier N\n"
	    "      --mine             open packets waiting for your sign-off\n"
	    "      --stale            packets with a stale sign-off\n"
	    "      --due-before DATE  decide-by date on or before DATE\n"
	    "      --due-after DATE   decide-by date on or after DATE\n"
	    "      --sort KEY         deadline (default), tier, id or verdict\n"
	    "      --today DATE       date recommendations are evaluated for\n"
	    "  -h, --help             display this help and exit\n"));
}

static const char *const sort_names[] = { "deadline", "tier", "id", "verdict", NULL };

struct queue_args {
	struct ix_args a;
	struct index_filter f;
	enum index_sort sort;
	bool mine;
};

static int
parse_date_opt(const char *opt, const char *s, gh_time *out)
{
	const char *why;
	int col;

	if (val_parse_date(s, out, &why, &col) < 0) {
		cli_usage_error("queue", _("invalid date '%s' for %s: %s"), s, opt, _(why));
		return -1;
	}
	return 0;
}

static int
check_word(const char *opt, const char *s, const char *const *names, bool nocase)
{
	size_t i;

	for (i = 0; names[i]; i++)
		if (nocase ? strcasecmp(s, names[i]) == 0 : strcmp(s, names[i]) == 0)
			return 0;
	cli_usage_error("queue", _("invalid value '%s' for %s"), s, opt);
	return -1;
}

static int
queue_opt(int c, const char *arg, struct queue_args *q)
{
	static const char *const verdicts[] = { "SUPPORT", "COUNTER", "ESCALATE", NULL };
	char *end;

	switch (c) {
	case 'C': q->a.repo = arg; return 0;
	case 't': q->a.today = arg; return 0;
	case 'f': return (q->a.format = cli_format("queue", arg, formats)) < 0 ? -1 : 0;
	case 's': q->f.state = arg; return check_word("--state", arg, gh_request_states, false);
	case 'v': q->f.verdict = arg; return check_word("--verdict", arg, verdicts, true);
	case 'd': q->f.decision = arg; return check_word("--decision", arg, gh_decisions, true);
	case 'm': q->mine = true; return 0;
	case 'S': q->f.stale = true; return 0;
	case 'b': return parse_date_opt("--due-before", arg, &q->f.due_before);
	case 'a': return parse_date_opt("--due-after", arg, &q->f.due_after);
	case 'o':
		if (check_word("--sort", arg, sort_names, false) < 0)
			return -1;
		q->sort = (enum index_sort)schema_enum_index(sort_names, arg);
		return 0;
	case 'T':
		q->f.tier = strtol(arg, &end, 10);
		if (*arg == '\0' || *end || q->f.tier < 0 || q->f.tier > 99) {
			cli_usage_error("queue", _("invalid value '%s' for %s"), arg, "--tier");
			return -1;
		}
		return 0;
	}
	return -1;
}

static int
queue_parse(int argc, char **argv, struct queue_args *q)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, 'f' },
		{ "state", required_argument, NULL, 's' },
		{ "verdict", required_argument, NULL, 'v' },
		{ "decision", required_argument, NULL, 'd' },
		{ "tier", required_argument, NULL, 'T' },
		{ "mine", no_argument, NULL, 'm' },
		{ "stale", no_argument, NULL, 'S' },
		{ "due-before", required_argument, NULL, 'b' },
		{ "due-after", required_argument, NULL, 'a' },
		{ "sort", required_argument, NULL, 'o' },
		{ "today", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "C:f:h", longopts, NULL)) != -1) {
		if (c == 'h') {
			queue_help();
			return -1;
		}
		if (c == '?' || c == ':') {
			cli_usage_error("queue", _("unrecognized option '%s'"), argv[optind - 1]);
			return EXIT_USAGE;
		}
		if (queue_opt(c, optarg, q) < 0)
			return EXIT_USAGE;
	}
	if (optind < argc) {
		cli_usage_error("queue", "%s", _("too many arguments"));
		return EXIT_USAGE;
	}
	return 0;
}

struct queue_out {
	struct buf *out;
	struct json j;
	int format;
	size_t rows;
	size_t width;			/* title column: code points, 0 = all */
};

static void
json_time(struct json *j, const char *key, gh_time t, bool date_only)
{
	struct buf b = BUF_INIT;

	json_key(j, key);
	if (t == GH_TIME_NONE) {
		json_null(j);
		return;
	}
	val_format_time(t, date_only, &b);
	json_string(j, buf_cstr(&b));
	buf_free(&b);
}

static void
json_str_key(struct json *j, const char *key, const char *v)
{
	json_key(j, key);
	json_string(j, v);
}

static void
queue_json(struct json *j, const struct index_packet *p)
{
	json_begin_object(j);
	json_str_key(j, "id", p->id);
	json_str_key(j, "title", p->title);
	json_str_key(j, "state", p->state);
	json_str_key(j, "kind", p->kind);
	json_key(j, "tier");
	if (p->tier < 0)
		json_null(j);
	else
		json_int(j, p->tier);
	json_str_key(j, "engine", p->engine);
	json_str_key(j, "current", p->current);
	json_str_key(j, "target", p->target);
	json_time(j, "window_start", p->window_start, false);
	json_time(j, "decide_by", p->decide_by, true);
	json_str_key(j, "verdict", p->verdict);
	json_str_key(j, "option", p->option);
	json_str_key(j, "authority", p->authority);
	json_str_key(j, "seen", p->seen);
	json_str_key(j, "summary", p->summary);
	json_str_key(j, "decision", p->decision);
	json_kint(j, "signoffs", p->signoffs);
	json_kint(j, "stale_signoffs", p->stale);
	json_kint(j, "comments", p->comments);
	json_kint(j, "errors", p->errors);
	json_end_object(j);
}

/* At most width code points of s (all when width is 0). */
static void
put_clipped(struct buf *out, const char *s, size_t width)
{
	size_t n = 0;
	const char *p;

	for (p = s ? s : ""; *p; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80 && width && ++n > width)
			break;
		buf_putc(out, *p == '\n' || *p == '\t' ? ' ' : *p);
	}
}

static int
queue_row(void *arg, const struct index_packet *p)
{
	struct queue_out *o = arg;
	struct buf due = BUF_INIT;
	char tier[8], sign[32];

	if (o->format == FMT_JSON) {
		queue_json(&o->j, p);
		return 0;
	}
	if (o->rows++ == 0)
		buf_printf(o->out, "%-16s %-4s %-10s %-9s %-6s %s\n", _("PACKET"), _("TIER"),
		    _("DUE"), _("VERDICT"), _("SIGNED"), _("TITLE"));
	if (p->decide_by != GH_TIME_NONE)
		val_format_date(p->decide_by, &due);
	snprintf(tier, sizeof tier, p->tier < 0 ? "-" : "%lld", (long long)p->tier);
	snprintf(sign, sizeof sign, p->stale ? "%lld!%lld" : "%lld", (long long)p->signoffs,
	    (long long)p->stale);
	buf_printf(o->out, "%-16s %-4s %-10s %-9s %-6s ", p->id, tier,
	    due.len ? buf_cstr(&due) : "-", p->verdict ? p->verdict : "?", sign);
	put_clipped(o->out, p->title ? p->title : _("(request did not load)"), o->width);
	buf_putc(o->out, '\n');
	buf_free(&due);
	return 0;
}

/* The e-mail of whoever runs this, for --mine. */
static int
queue_identity(struct ix_ctx *c, char **email)
{
	struct buf err = BUF_INIT;
	char *name = NULL;
	int r = store_identity(c->st, &name, email, &err);

	if (r < 0)
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
	free(name);
	buf_free(&err);
	return r;
}

static size_t
title_width(void)
{
	const char *cols = getenv("COLUMNS");
	long w = cols ? strtol(cols, NULL, 10) : 0;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (w <= 0)
		w = 80;
	return w > 50 ? (size_t)w - 50 : 10;
}

int
cli_queue(int argc, char **argv)
{
	struct queue_args q = { { NULL, NULL, FMT_TEXT }, INDEX_FILTER_INIT, INDEX_SORT_DEADLINE,
		false };
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct queue_out o = { &out, { 0 }, FMT_TEXT, 0, 0 };
	struct ix_ctx c;
	char *email = NULL;
	int rc, r;

	if ((rc = queue_parse(argc, argv, &q)) != 0)
		return rc < 0 ? 0 : rc;
	if ((rc = ix_open(&q.a, &c, true)) != 0 ||
	    (q.mine && (rc = queue_identity(&c, &email) < 0 ? EXIT_USAGE : 0)) != 0) {
		ix_close(&c);
		return rc;
	}
	q.f.mine = email;
	o.format = q.a.format;
	o.width = title_width();
	do {
		buf_reset(&out);
		buf_reset(&err);
		o.rows = 0;
		json_init(&o.j, &out, true);
		if (o.format == FMT_JSON)
			json_begin_array(&o.j);
		r = index_queue(c.idx, &q.f, q.sort, queue_row, &o, &err);
	} while (r < 0 && ix_repair(&c, r));
	if (r < 0) {
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
		rc = EXIT_USAGE;
	} else {
		if (o.format == FMT_JSON) {
			json_end_array(&o.j);
			buf_putc(&out, '\n');
		} else if (o.rows == 0) {
			buf_puts(&out, _("No packets match.\n"));
		}
		rc = cli_write(&out);
	}
	free(email);
	buf_free(&out);
	buf_free(&err);
	ix_close(&c);
	return rc;
}

/* ---- reindex ------------------------------------------------------------ */

static void
reindex_help(void)
{
	printf(_("Usage: gatehouse reindex [OPTION]...\n"
	    "Delete the index of a packet repository and build it again from git.\n"
	    "The index is a cache in $XDG_CACHE_HOME/gatehouse; nothing is lost.\n\n"
	    "  -C, --repo DIR     packet repository (default $GATEHOUSE_REPO or .)\n"
	    "      --today DATE   date recommendations are evaluated for\n"
	    "  -h, --help         display this help and exit\n"));
}

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
cli_reindex(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "today", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ix_args a = { NULL, NULL, FMT_TEXT };
	struct buf err = BUF_INIT;
	const struct index_stats *st;
	struct ix_ctx c;
	double t0;
	int ch, rc;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "C:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'C': a.repo = optarg; break;
		case 't': a.today = optarg; break;
		case 'h': reindex_help(); return 0;
		default:
			cli_usage_error("reindex", _("unrecognized option '%s'"), argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_usage_error("reindex", "%s", _("too many arguments"));
		return EXIT_USAGE;
	}
	if ((rc = ix_open(&a, &c, false)) != 0) {
		ix_close(&c);
		return rc;
	}
	ix_notice(index_take_notice(c.idx));
	t0 = now_seconds();
	if (index_rebuild(c.idx, c.st, c.today, &err) < 0) {
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
		rc = EXIT_USAGE;
	} else {
		st = index_last_stats(c.idx);
		printf(_("Rebuilt the index %s: %zu packets, %zu review records, %zu commits in %.2f s\n"),
		    index_path(c.idx), st->packets, st->reviews, st->commits, now_seconds() - t0);
	}
	buf_free(&err);
	ix_close(&c);
	return rc;
}
