/* cli_history.c -- the auditor's commands: "gatehouse log", "history" and
 * "diff".  They read git history through history.h and print; they never
 * write to the repository. */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine.h"
#include "history.h"
#include "json.h"
#include "store.h"

enum { FMT_TEXT, FMT_JSON };
static const char *const hist_formats[] = { "text", "json", NULL };

/* Flush the output every this many bytes, so a long log streams. */
#define HIST_FLUSH (64 * 1024)
#define HIST_LINE_MAX 100	/* bytes of a record's first line shown */

struct hist_args {
	const char *repo;
	int format;
	const char *today;
	bool fixed;		/* --today or $GATEHOUSE_TODAY: one date for all */
	gh_time day;
	char **argv;		/* operands */
	int argc;
};

static const struct option hist_longopts[] = {
	{ "repo", required_argument, NULL, 'C' },
	{ "format", required_argument, NULL, 'f' },
	{ "today", required_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* Options shared by the three commands; -1 after --help, or an exit status. */
static int
hist_parse(const char *cmd, int argc, char **argv, struct hist_args *a, void (*help)(void))
{
	const char *env = getenv("GATEHOUSE_TODAY");
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "C:f:h", hist_longopts, NULL)) != -1) {
		switch (c) {
		case 'C': a->repo = optarg; break;
		case 't': a->today = optarg; break;
		case 'f':
			if ((a->format = cli_format(cmd, optarg, hist_formats)) < 0)
				return EXIT_USAGE;
			break;
		case 'h': help(); return -1;
		default:
			cli_usage_error(cmd, _("unrecognized option '%s'"), argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	a->fixed = a->today || (env && env[0]);
	if (cli_today(a->today, &a->day) < 0)
		return EXIT_USAGE;
	a->argv = argv + optind;
	a->argc = argc - optind;
	return 0;
}

static int
hist_open(const char *cmd, const struct hist_args *a, struct store **st)
{
	struct buf err = BUF_INIT;
	int rc = 0;

	if (store_open(cli_repo_path(a->repo), st, &err) < 0) {
		fprintf(stderr, "gatehouse %s: %s\n", cmd, buf_cstr(&err));
		rc = EXIT_USAGE;
	}
	buf_free(&err);
	return rc;
}

static void
put_time(struct buf *out, gh_time t)
{
	val_format_time(t, false, out);
}

static void
put_date(struct buf *out, gh_time t)
{
	val_format_date(t, out);
}

/* The first line of text, cut at HIST_LINE_MAX bytes on a character
 * boundary, appended to out. */
static void
put_first_line(struct buf *out, const char *text)
{
	size_t n = strcspn(text, "\n");
	bool cut = n > HIST_LINE_MAX;

	if (cut)
		for (n = HIST_LINE_MAX; n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80; n--)
			;
	buf_add(out, text, n);
	if (cut)
		buf_puts(out, "…");
}

/* What a record says, in its own words: a dissent's reason, else the body. */
static const char *
review_text(const struct gh_review *rv)
{
	if (rv == NULL)
		return NULL;
	if (rv->kind == REVIEW_SIGNOFF && rv->reason)
		return rv->reason;
	return rv->body ? rv->body : rv->reason;
}

static const char *
review_kind(const struct gh_review *rv)
{
	return rv && rv->kind >= 0 ? gh_review_kinds[rv->kind] : "?";
}

/* "concur", "narrow staged-after-freeze", "escalate vp-engineering" or "". */
static void
put_state(struct buf *out, const struct gh_review *rv)
{
	if (rv == NULL)
		return;
	if (rv->kind == REVIEW_SIGNOFF && rv->state >= 0)
		buf_puts(out, gh_signoff_states[rv->state]);
	if (rv->kind != REVIEW_DECISION || rv->decision < 0)
		return;
	buf_puts(out, gh_decisions[rv->decision]);
	if (rv->decision == DECIDE_NARROW && rv->option)
		buf_printf(out, " %s", rv->option);
	if (rv->decision == DECIDE_ESCALATE && rv->authority)
		buf_printf(out, " %s", rv->authority);
}

static const char *
review_author(const struct gh_review *rv, const struct history_commit *c)
{
	return rv && rv->author && rv->author->name ? rv->author->name : c->author;
}

static const char *
review_email(const struct gh_review *rv, const struct history_commit *c)
{
	return rv && rv->author && rv->author->email ? rv->author->email : c->email;
}

/* When the record says it was made, else when it was committed. */
static gh_time
review_time(const struct gh_review *rv, const struct history_commit *c)
{
	return rv && rv->at != GH_TIME_NONE ? rv->at : c->author_time;
}

static void
json_person(struct json *j, const char *key, const char *name, const char *email)
{
	json_key(j, key);
	json_begin_object(j);
	json_kstring(j, "name", name);
	json_kstring(j, "email", email);
	json_end_object(j);
}

static void
json_time(struct json *j, const char *key, gh_time t, bool date_only)
{
	struct buf b = BUF_INIT;

	val_format_time(t, date_only, &b);
	json_key(j, key);
	json_string(j, buf_cstr(&b));
	buf_free(&b);
}

/* ---- log -------------------------------------------------------------- */

static void
log_help(void)
{
	printf(_("Usage: gatehouse log [OPTION]... [PACKET]\n"
	    "List the review records (comments, sign-offs, decisions) of PACKET, or of\n"
	    "every packet, newest first, following the branch's first parents.\n"
	    "Records added with git rather than gatehouse are listed too.  A sign-off\n"
	    "or decision is marked STALE when the inputs it was made against changed\n"
	    "and the recommendation moved since.\n\n"
	    "  -C, --repo DIR       packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -f, --format FORMAT  text (default) or json\n"
	    "      --today DATE     date for the current recommendation (YYYY-MM-DD)\n"
	    "  -h, --help           display this help and exit\n"));
}

/* The inputs digest and recommendation of one packet at HEAD. */
struct log_head {
	char *packet;
	char *digest;
	char *seen;
};

struct log_ctx {
	struct store *st;
	const struct hist_args *a;
	struct log_head *heads;
	size_t nheads;
	struct buf out;
	struct json j;
	size_t events;
	int rc;
};

static char *
head_seen(struct log_ctx *c, const char *packet)
{
	struct history_point pt;
	struct buf err = BUF_INIT;
	char *seen = NULL;

	if (history_point_load(c->st, "HEAD", packet, &c->a->day, &pt, &err) == 0 && pt.rec)
		seen = rec_seen(pt.rec);
	history_point_free(&pt);
	buf_free(&err);
	return seen;
}

static const struct log_head *
log_head_of(struct log_ctx *c, const char *packet)
{
	struct buf err = BUF_INIT;
	struct log_head *h;
	size_t i;

	for (i = 0; i < c->nheads; i++)
		if (strcmp(c->heads[i].packet, packet) == 0)
			return &c->heads[i];
	c->heads = xreallocarray(c->heads, c->nheads + 1, sizeof *c->heads);
	h = &c->heads[c->nheads++];
	h->packet = xstrdup(packet);
	h->digest = store_inputs_digest(c->st, "HEAD", packet, GH_ENGINE_VERSION, &err);
	h->seen = head_seen(c, packet);
	buf_free(&err);
	return h;
}

static bool
log_stale(struct log_ctx *c, const struct history_change *ch)
{
	const struct log_head *h;

	if (ch->review == NULL || ch->review->kind == REVIEW_COMMENT || ch->status == HS_REMOVED)
		return false;
	h = log_head_of(c, ch->packet);
	return review_stale(ch->review, h->digest, h->seen);
}

static void
log_text(struct log_ctx *c, const struct history_commit *hc, const struct history_change *ch,
    bool stale)
{
	const struct gh_review *rv = ch->review;
	const char *text = review_text(rv);
	struct buf *out = &c->out;

	put_time(out, review_time(rv, hc));
	buf_printf(out, "  %.12s  %s  %s", hc->id, ch->packet, review_kind(rv));
	if (rv && (rv->kind == REVIEW_SIGNOFF || rv->kind == REVIEW_DECISION)) {
		buf_putc(out, ' ');
		put_state(out, rv);
	}
	if (rv && rv->target && rv->target->kind > TARGET_PACKET && rv->target->id)
		buf_printf(out, _(" on %s:%s"), gh_target_kinds[rv->target->kind], rv->target->id);
	buf_printf(out, "  %s", review_author(rv, hc));
	if (stale)
		buf_printf(out, "  %s", _("STALE"));
	if (ch->status != HS_ADDED)
		buf_printf(out, "  (%s)", ch->status == HS_CHANGED ?
		    _("record changed after it was made") : _("record removed"));
	buf_putc(out, '\n');
	if (ch->problem)
		buf_printf(out, "    %s\n", ch->problem);
	if (text && text[0]) {
		buf_puts(out, "    ");
		put_first_line(out, text);
		buf_putc(out, '\n');
	}
}

static void
json_review_target(struct json *j, const struct gh_review *rv)
{
	struct buf b = BUF_INIT;

	json_key(j, "target");
	if (rv == NULL || rv->target == NULL || rv->target->kind <= TARGET_PACKET) {
		json_string(j, "packet");
		return;
	}
	buf_printf(&b, "%s:%s", gh_target_kinds[rv->target->kind],
	    rv->target->id ? rv->target->id : "");
	json_string(j, buf_cstr(&b));
	buf_free(&b);
}

static void
json_review_fields(struct json *j, const struct gh_review *rv)
{
	struct buf b = BUF_INIT;
	const char *text = review_text(rv);

	json_kstring(j, "kind", rv ? review_kind(rv) : NULL);
	put_state(&b, rv);
	json_kstring(j, "state", b.len ? buf_cstr(&b) : NULL);
	json_review_target(j, rv);
	buf_reset(&b);
	if (text)
		put_first_line(&b, text);
	json_kstring(j, "summary", text ? buf_cstr(&b) : NULL);
	json_kstring(j, "recommendation_seen", rv ? rv->recommendation : NULL);
	buf_free(&b);
}

static void
log_json(struct log_ctx *c, const struct history_commit *hc, const struct history_change *ch,
    bool stale)
{
	struct json *j = &c->j;

	json_begin_object(j);
	json_time(j, "date", review_time(ch->review, hc), false);
	json_kstring(j, "commit", hc->id);
	json_kstring(j, "packet", ch->packet);
	json_kstring(j, "file", ch->path);
	json_kstring(j, "status", history_status_name(ch->status));
	json_review_fields(j, ch->review);
	json_person(j, "author", review_author(ch->review, hc), review_email(ch->review, hc));
	json_person(j, "committed_by", hc->author, hc->email);
	json_kbool(j, "stale", stale);
	json_kbool(j, "trailers", hc->trailers);
	json_kstring(j, "problem", ch->problem);
	json_end_object(j);
}

/* Newest first: a commit's records in reverse order of their file names,
 * which start with the time they were made. */
static int
log_commit(void *arg, const struct history_commit *hc)
{
	struct log_ctx *c = arg;
	size_t i;

	for (i = hc->nchanges; i-- > 0;) {
		const struct history_change *ch = &hc->changes[i];
		bool stale;

		if (ch->what != HW_REVIEW)
			continue;
		stale = log_stale(c, ch);
		if (c->a->format == FMT_JSON)
			log_json(c, hc, ch, stale);
		else
			log_text(c, hc, ch, stale);
		c->events++;
	}
	if (c->out.len > HIST_FLUSH) {
		if (cli_write(&c->out) != 0)
			return c->rc = EXIT_USAGE;
		buf_reset(&c->out);
	}
	return 0;
}

/* Whether packets/<id> exists at HEAD. */
static bool
packet_at_head(struct store *st, const char *packet)
{
	struct repo_source src;
	struct repo_dirent *ents = NULL;
	struct buf err = BUF_INIT;
	char *dir = xasprintf("packets/%s", packet);
	size_t n = 0, i;
	bool found = false;

	if (store_source(st, "HEAD", &src, &err) == 0) {
		found = src.list(src.ctx, dir, &ents, &n) == 0;
		for (i = 0; i < n; i++)
			free(ents[i].name);
		free(ents);
		store_source_free(&src);
	}
	buf_free(&err);
	free(dir);
	return found;
}

static void
log_ctx_free(struct log_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nheads; i++) {
		free(c->heads[i].packet);
		free(c->heads[i].digest);
		free(c->heads[i].seen);
	}
	free(c->heads);
	buf_free(&c->out);
	store_close(c->st);
}

static int
log_run(struct log_ctx *c, const char *packet)
{
	struct history_opts o = { "HEAD", packet, true, false };
	struct buf err = BUF_INIT;
	long walked;

	json_init(&c->j, &c->out, true);
	if (c->a->format == FMT_JSON)
		json_begin_array(&c->j);
	walked = history_each(c->st, &o, log_commit, c, &err);
	if (walked < 0) {
		fprintf(stderr, "gatehouse log: %s\n", buf_cstr(&err));
		c->rc = EXIT_USAGE;
	} else if (packet && c->events == 0 && !packet_at_head(c->st, packet)) {
		fprintf(stderr, _("gatehouse log: no packet '%s' in this repository\n"), packet);
		c->rc = EXIT_USAGE;
	}
	if (c->a->format == FMT_JSON) {
		json_end_array(&c->j);
		buf_putc(&c->out, '\n');
	}
	buf_free(&err);
	return c->rc;
}

int
cli_log(int argc, char **argv)
{
	struct hist_args a = { 0 };
	struct log_ctx c;
	int rc;

	if ((rc = hist_parse("log", argc, argv, &a, log_help)) != 0)
		return rc < 0 ? 0 : rc;
	if (a.argc > 1) {
		cli_usage_error("log", "%s", _("too many arguments"));
		return EXIT_USAGE;
	}
	memset(&c, 0, sizeof c);
	c.a = &a;
	if ((rc = hist_open("log", &a, &c.st)) == 0)
		rc = log_run(&c, a.argc ? a.argv[0] : NULL);
	if (rc == 0 && cli_write(&c.out) != 0)
		rc = EXIT_USAGE;
	log_ctx_free(&c);
	return rc;
}

/* ---- history ---------------------------------------------------------- */

static void
history_help(void)
{
	printf(_("Usage: gatehouse history [OPTION]... PACKET\n"
	    "Show, oldest first, every commit that changed PACKET or the policy: who,\n"
	    "when, what changed (evidence, request, policy files, review records) and\n"
	    "the recommendation as of that commit, marking where it flipped.  Each\n"
	    "commit is evaluated with its own policy for the date it was committed\n"
	    "(UTC), unless --today or $GATEHOUSE_TODAY fixes one date for all.\n\n"
	    "  -C, --repo DIR       packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -f, --format FORMAT  text (default) or json\n"
	    "      --today DATE     evaluate every commit for DATE (YYYY-MM-DD)\n"
	    "  -h, --help           display this help and exit\n"));
}

/* "sign-off by Zoë Lambert: concur" and the like. */
static void
put_review_change(struct buf *out, const struct history_change *ch,
    const struct history_commit *hc)
{
	const struct gh_review *rv = ch->review;
	const char *who = review_author(rv, hc);

	if (ch->problem) {
		buf_printf(out, "%s: %s", history_change_label(ch->what, ch->status), ch->problem);
		return;
	}
	if (rv == NULL || ch->status != HS_ADDED || rv->kind < 0) {
		buf_printf(out, "%s: %s", history_change_label(ch->what, ch->status), ch->path);
	} else if (rv->kind == REVIEW_COMMENT) {
		buf_printf(out, _("comment by %s"), who);
	} else {
		buf_printf(out, rv->kind == REVIEW_SIGNOFF ? _("sign-off by %s: ") :
		    _("decision by %s: "), who);
		put_state(out, rv);
	}
}

/* One line per review record; other changes of one kind and status share
 * a line ("evidence added: backup, restore-test"). */
static void
put_changes(struct buf *out, const struct history_commit *hc)
{
	size_t i, k;

	for (i = 0; i < hc->nchanges; i = k) {
		const struct history_change *ch = &hc->changes[i];

		buf_puts(out, "    ");
		if (ch->what == HW_REVIEW) {
			put_review_change(out, ch, hc);
			buf_putc(out, '\n');
			k = i + 1;
			continue;
		}
		buf_puts(out, history_change_label(ch->what, ch->status));
		if (ch->what == HW_REQUEST) {
			buf_putc(out, '\n');
			k = i + 1;
			continue;
		}
		buf_puts(out, ": ");
		for (k = i; k < hc->nchanges && hc->changes[k].what == ch->what &&
		    hc->changes[k].status == ch->status; k++)
			buf_printf(out, "%s%s", k > i ? ", " : "", ch->what == HW_EVIDENCE ?
			    hc->changes[k].name : hc->changes[k].path);
		buf_putc(out, '\n');
	}
}

static void
put_seen(struct buf *out, const struct history_seen *rs, const char *prev)
{
	buf_printf(out, _("    recommendation (as of "));
	put_date(out, rs->today);
	buf_puts(out, "): ");
	if (rs->seen == NULL)
		buf_printf(out, _("none (%s)"), rs->problem ? rs->problem : "?");
	else if (rs->flipped)
		buf_printf(out, _("%s → %s  ← flipped"), prev, rs->seen);
	else
		buf_puts(out, rs->seen);
	buf_putc(out, '\n');
}

static void
history_text(const struct history *h, size_t oldest, const char *packet, struct buf *out)
{
	const char *prev = NULL;
	size_t i;

	buf_printf(out, _("%s: %zu commits changed the packet or the policy (first parent, oldest first)\n"),
	    packet, oldest + 1);
	for (i = oldest + 1; i-- > 0;) {
		const struct history_commit *hc = &h->commits[i];

		buf_putc(out, '\n');
		put_time(out, hc->time);
		buf_printf(out, "  %.12s  %s <%s>", hc->id, hc->author, hc->email);
		if (hc->merge)
			buf_printf(out, _("  (merge, compared with its first parent)"));
		buf_printf(out, "\n    %s\n", hc->subject);
		put_changes(out, hc);
		put_seen(out, &hc->rec, prev);
		if (hc->rec.seen)
			prev = hc->rec.seen;
	}
}

static void
json_change(struct json *j, const struct history_change *ch, const struct history_commit *hc)
{
	json_begin_object(j);
	json_kstring(j, "what", history_what_name(ch->what));
	json_kstring(j, "status", history_status_name(ch->status));
	json_kstring(j, "path", ch->path);
	json_kstring(j, "name", ch->name);
	if (ch->what == HW_REVIEW) {
		json_review_fields(j, ch->review);
		if (hc)
			json_person(j, "author", review_author(ch->review, hc),
			    review_email(ch->review, hc));
		json_kstring(j, "problem", ch->problem);
	}
	json_end_object(j);
}

static void
json_seen(struct json *j, const char *key, const struct history_seen *rs)
{
	json_key(j, key);
	json_begin_object(j);
	json_kstring(j, "seen", rs->seen);
	json_kstring(j, "verdict", rs->verdict);
	json_kstring(j, "option", rs->option);
	json_kstring(j, "authority", rs->authority);
	json_time(j, "today", rs->today, true);
	json_kbool(j, "flipped", rs->flipped);
	json_kstring(j, "problem", rs->problem);
	json_end_object(j);
}

static void
history_json_commit(struct json *j, const struct history_commit *hc)
{
	size_t k;

	json_begin_object(j);
	json_kstring(j, "commit", hc->id);
	json_time(j, "date", hc->time, false);
	json_person(j, "author", hc->author, hc->email);
	json_kstring(j, "subject", hc->subject);
	json_kbool(j, "merge", hc->merge);
	json_kbool(j, "trailers", hc->trailers);
	json_key(j, "changes");
	json_begin_array(j);
	for (k = 0; k < hc->nchanges; k++)
		json_change(j, &hc->changes[k], hc);
	json_end_array(j);
	json_seen(j, "recommendation", &hc->rec);
	json_end_object(j);
}

static void
history_json(const struct history *h, size_t oldest, const char *packet, struct buf *out)
{
	struct json j;
	size_t i;

	json_init(&j, out, true);
	json_begin_object(&j);
	json_kstring(&j, "packet", packet);
	json_key(&j, "commits");
	json_begin_array(&j);
	for (i = oldest + 1; i-- > 0;)
		history_json_commit(&j, &h->commits[i]);
	json_end_array(&j);
	json_end_object(&j);
	buf_putc(out, '\n');
}

static int
history_run(struct store *st, const struct hist_args *a, const char *packet, struct buf *out)
{
	struct history_opts o = { "HEAD", packet, false, true };
	struct buf err = BUF_INIT;
	struct history *h = NULL;
	size_t oldest;
	int rc = 0;

	if (history_walk(st, &o, &h, &err) < 0) {
		fprintf(stderr, "gatehouse history: %s\n", buf_cstr(&err));
		rc = EXIT_USAGE;
	} else if (!history_oldest(h, &oldest)) {
		fprintf(stderr, _("gatehouse history: no packet '%s' in the history of HEAD\n"), packet);
		rc = EXIT_USAGE;
	} else {
		h->n = oldest + 1;	/* no need to evaluate what is not shown */
		history_recommend(st, h, packet, a->fixed ? &a->day : NULL);
		if (a->format == FMT_JSON)
			history_json(h, oldest, packet, out);
		else
			history_text(h, oldest, packet, out);
	}
	history_free(h);
	buf_free(&err);
	return rc;
}

int
cli_history(int argc, char **argv)
{
	struct hist_args a = { 0 };
	struct buf out = BUF_INIT;
	struct store *st = NULL;
	int rc;

	if ((rc = hist_parse("history", argc, argv, &a, history_help)) != 0)
		return rc < 0 ? 0 : rc;
	if (a.argc != 1) {
		cli_usage_error("history", "%s", a.argc ? _("too many arguments") : _("missing PACKET"));
		return EXIT_USAGE;
	}
	if ((rc = hist_open("history", &a, &st)) != 0)
		return rc;
	rc = history_run(st, &a, a.argv[0], &out);
	if (rc == 0)
		rc = cli_write(&out);
	buf_free(&out);
	store_close(st);
	return rc;
}

/* ---- diff ------------------------------------------------------------- */

static void
diff_help(void)
{
	printf(_("Usage: gatehouse diff [OPTION]... PACKET A B\n"
	    "Show how the recommendation for PACKET changed between the commits A and B\n"
	    "(any git revision) and why: verdict, option and authority before and after,\n"
	    "the gates whose outcome changed, hard triggers added or removed, options\n"
	    "whose class or rank changed, evidence and policy files that differ.  Each\n"
	    "side is evaluated for the date of its commit unless --today or\n"
	    "$GATEHOUSE_TODAY fixes one.\n\n"
	    "  -C, --repo DIR       packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -f, --format FORMAT  text (default) or json\n"
	    "      --today DATE     evaluate both sides for DATE (YYYY-MM-DD)\n"
	    "  -h, --help           display this help and exit\n"));
}

static const char *
gate_name_or(int g, const char *none)
{
	return g < 0 ? none : gate_result_name((enum gate_result)g);
}

static const char *
class_name_or(int c, const char *none)
{
	return c < 0 ? none : option_class_name((enum option_class)c);
}

static void
diff_text_field(struct buf *out, const char *label, const char *a, const char *b)
{
	const char *none = _("(none)");

	buf_printf(out, "  %-10s %s", label, a ? a : none);
	if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0))
		buf_printf(out, " → %s", b ? b : none);
	else
		buf_printf(out, _(" (unchanged)"));
	buf_putc(out, '\n');
}

static void
diff_text_head(const struct history_diff *d, const char *packet, struct buf *out)
{
	const struct history_seen *ra = &d->rec_a, *rb = &d->rec_b;

	buf_printf(out, "%s: %.12s (", packet, d->a);
	put_time(out, d->time_a);
	buf_printf(out, ") → %.12s (", d->b);
	put_time(out, d->time_b);
	buf_puts(out, _(")\nRecommendation (as of "));
	put_date(out, ra->today);
	if (rb->today != ra->today) {
		buf_puts(out, " / ");
		put_date(out, rb->today);
	}
	buf_puts(out, "): ");
	buf_puts(out, ra->seen ? ra->seen : ra->problem);
	if (rb->flipped || !ra->seen || !rb->seen)
		buf_printf(out, " → %s", rb->seen ? rb->seen : rb->problem);
	buf_puts(out, rb->flipped ? _("  ← flipped\n") : _("  (unchanged)\n"));
	diff_text_field(out, _("verdict"), ra->verdict, rb->verdict);
	diff_text_field(out, _("option"), ra->option, rb->option);
	diff_text_field(out, _("authority"), ra->authority, rb->authority);
}

static void
diff_text_gates(const struct history_diff *d, struct buf *out)
{
	size_t i;

	if (d->gates.n)
		buf_printf(out, _("\nGates changed (%zu)\n"), d->gates.n);
	for (i = 0; i < d->gates.n; i++) {
		const struct history_gate_delta *g = &d->gates.v[i];

		buf_printf(out, "  %s: %s → %s", g->id, gate_name_or(g->before, _("(absent)")),
		    gate_name_or(g->after, _("(absent)")));
		if (g->title)
			buf_printf(out, "  %s", g->title);
		buf_putc(out, '\n');
		if (g->explain)
			buf_printf(out, "      %s\n", g->explain);
		if (g->reason)
			buf_printf(out, "      %s\n", g->reason);
		if (g->message)
			buf_printf(out, "      %s\n", g->message);
	}
}

static void
diff_text_list(struct buf *out, const char *title, const char *const *v, size_t n)
{
	size_t i;

	if (n)
		buf_printf(out, "\n%s (%zu)\n", title, n);
	for (i = 0; i < n; i++)
		buf_printf(out, "  %s\n", v[i]);
}

static void
diff_text_options(const struct history_diff *d, struct buf *out)
{
	size_t i;

	if (d->options.n)
		buf_printf(out, _("\nOptions changed (%zu)\n"), d->options.n);
	for (i = 0; i < d->options.n; i++) {
		const struct history_option_delta *o = &d->options.v[i];

		buf_printf(out, "  %s: %s", o->id, class_name_or(o->cls_before, _("(absent)")));
		if (o->rank_before)
			buf_printf(out, " #%d", o->rank_before);
		buf_printf(out, " → %s", class_name_or(o->cls_after, _("(absent)")));
		if (o->rank_after)
			buf_printf(out, " #%d", o->rank_after);
		buf_putc(out, '\n');
	}
}

static void
diff_text_files(const struct history_diff *d, struct buf *out)
{
	size_t i;

	if (d->files.n)
		buf_printf(out, _("\nFiles changed (%zu)\n"), d->files.n);
	for (i = 0; i < d->files.n; i++) {
		const struct history_change *ch = &d->files.v[i];

		if (ch->what == HW_REQUEST)
			buf_printf(out, "  %s\n", history_change_label(ch->what, ch->status));
		else
			buf_printf(out, "  %s: %s\n", history_change_label(ch->what, ch->status),
			    ch->what == HW_EVIDENCE ? ch->name : ch->path);
	}
}

static void
diff_text(const struct history_diff *d, const char *packet, struct buf *out)
{
	diff_text_head(d, packet, out);
	diff_text_gates(d, out);
	diff_text_list(out, _("Hard triggers added"), d->triggers_added.v, d->triggers_added.n);
	diff_text_list(out, _("Hard triggers removed"), d->triggers_removed.v,
	    d->triggers_removed.n);
	diff_text_options(d, out);
	diff_text_files(d, out);
	if (!d->gates.n && !d->triggers_added.n && !d->triggers_removed.n && !d->options.n &&
	    !d->files.n)
		buf_puts(out, _("\nNo gate, option, evidence or policy file changed.\n"));
}

static void
json_side(struct json *j, const char *key, const char *commit, gh_time t,
    const struct history_seen *rs)
{
	json_key(j, key);
	json_begin_object(j);
	json_kstring(j, "commit", commit);
	json_time(j, "date", t, false);
	json_seen(j, "recommendation", rs);
	json_end_object(j);
}

static void
json_strings(struct json *j, const char *key, const char *const *v, size_t n)
{
	size_t i;

	json_key(j, key);
	json_begin_array(j);
	for (i = 0; i < n; i++)
		json_string(j, v[i]);
	json_end_array(j);
}

static void
diff_json_gates(struct json *j, const struct history_diff *d)
{
	size_t i;

	json_key(j, "gates");
	json_begin_array(j);
	for (i = 0; i < d->gates.n; i++) {
		const struct history_gate_delta *g = &d->gates.v[i];

		json_begin_object(j);
		json_kstring(j, "id", g->id);
		json_kstring(j, "title", g->title);
		json_kstring(j, "before", gate_name_or(g->before, NULL));
		json_kstring(j, "after", gate_name_or(g->after, NULL));
		json_kstring(j, "explain", g->explain);
		json_kstring(j, "reason", g->reason);
		json_kstring(j, "message", g->message);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
diff_json_options(struct json *j, const struct history_diff *d)
{
	size_t i;

	json_key(j, "options");
	json_begin_array(j);
	for (i = 0; i < d->options.n; i++) {
		const struct history_option_delta *o = &d->options.v[i];

		json_begin_object(j);
		json_kstring(j, "id", o->id);
		json_kstring(j, "class_before", class_name_or(o->cls_before, NULL));
		json_kstring(j, "class_after", class_name_or(o->cls_after, NULL));
		json_kint(j, "rank_before", o->rank_before);
		json_kint(j, "rank_after", o->rank_after);
		json_end_object(j);
	}
	json_end_array(j);
}

static void
diff_json(const struct history_diff *d, const char *packet, struct buf *out)
{
	struct json j;
	size_t i;

	json_init(&j, out, true);
	json_begin_object(&j);
	json_kstring(&j, "packet", packet);
	json_side(&j, "a", d->a, d->time_a, &d->rec_a);
	json_side(&j, "b", d->b, d->time_b, &d->rec_b);
	json_kbool(&j, "flipped", d->rec_b.flipped);
	diff_json_gates(&j, d);
	json_strings(&j, "hard_triggers_added", d->triggers_added.v, d->triggers_added.n);
	json_strings(&j, "hard_triggers_removed", d->triggers_removed.v, d->triggers_removed.n);
	diff_json_options(&j, d);
	json_key(&j, "files");
	json_begin_array(&j);
	for (i = 0; i < d->files.n; i++)
		json_change(&j, &d->files.v[i], NULL);
	json_end_array(&j);
	json_end_object(&j);
	buf_putc(out, '\n');
}

int
cli_diff(int argc, char **argv)
{
	struct hist_args a = { 0 };
	struct buf out = BUF_INIT, err = BUF_INIT;
	struct history_diff *d = NULL;
	struct store *st = NULL;
	int rc;

	if ((rc = hist_parse("diff", argc, argv, &a, diff_help)) != 0)
		return rc < 0 ? 0 : rc;
	if (a.argc != 3) {
		cli_usage_error("diff", "%s", a.argc > 3 ? _("too many arguments") :
		    _("need PACKET A B"));
		return EXIT_USAGE;
	}
	if ((rc = hist_open("diff", &a, &st)) != 0)
		return rc;
	if (history_diff(st, a.argv[0], a.argv[1], a.argv[2], a.fixed ? &a.day : NULL, &d,
	    &err) < 0) {
		fprintf(stderr, "gatehouse diff: %s\n", buf_cstr(&err));
		rc = EXIT_USAGE;
	} else {
		if (a.format == FMT_JSON)
			diff_json(d, a.argv[0], &out);
		else
			diff_text(d, a.argv[0], &out);
		rc = cli_write(&out);
	}
	history_diff_free(d);
	buf_free(&out);
	buf_free(&err);
	store_close(st);
	return rc;
}
