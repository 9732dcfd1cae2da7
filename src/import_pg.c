/* import_pg.c -- PostgreSQL "pg_upgrade --check" console output as
 * upgrade-check evidence.
 *
 * What pg_upgrade prints (src/bin/pg_upgrade/check.c, util.c): a banner
 * "Performing Consistency Checks" (or "... on Old Live Server"), then one
 * line per check, its name padded to a fixed width and its status at the
 * end ("ok", "fatal", "warning", "notice").  A failing check is followed by
 * an explanation ending in "... is in the file:" and the indented path of
 * a report under pg_upgrade_output.d; since PostgreSQL 17 the data type
 * checks print "failed check: <name>" lines instead.  The run ends with
 * "*Clusters are compatible*" or, after a fatal problem, "Failure,
 * exiting".  Output without either verdict is cut short and refused.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

#define PG_MAX_MESSAGE 4096	/* bytes of explanation kept per check */

struct pg_check {
	const char *name;
	int result;		/* enum gh_check_result, -1 while running */
	const char *report;
	struct buf msg;
	struct gh_pos pos;
	bool umbrella;		/* "Checking data type usage": its parts failed */
};

struct pg_run {
	struct import_ctx *c;
	struct pg_check *v;
	size_t n, cap;
	bool header, live, verdict, compatible, want_path;
	struct buf msg;		/* explanation lines not yet given to a check */
	struct buf failure;	/* a fatal message no check announced */
	const char *report_dir;
	struct gh_pos end;	/* just after the last character */
};

struct pg_line {
	const char *s;		/* without leading blanks and the line end */
	size_t len;
	bool indented;
	struct gh_pos pos;	/* of s */
};

static void
add_text(struct buf *b, const char *s, size_t len)
{
	if (b->len >= PG_MAX_MESSAGE)
		return;
	if (b->len)
		buf_putc(b, '\n');
	buf_add(b, s, len > PG_MAX_MESSAGE ? PG_MAX_MESSAGE : len);
}

static struct pg_check *
add_check(struct pg_run *p, const char *name, size_t len, int result, struct gh_pos pos)
{
	struct pg_check *k;

	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 32;
		p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
	}
	k = &p->v[p->n++];
	memset(k, 0, sizeof *k);
	k->name = arena_strndup(p->c->a, name, len);
	k->result = result;
	k->pos = pos;
	return k;
}

static struct pg_check *
running(struct pg_run *p)
{
	return p->n && p->v[p->n - 1].result < 0 ? &p->v[p->n - 1] : NULL;
}

/* The check an explanation or report belongs to: the first problem that
 * has none yet (reports come in the order the checks failed), else the
 * last problem. */
static struct pg_check *
problem_for(struct pg_run *p, bool report)
{
	struct pg_check *last = NULL;
	size_t i;

	for (i = 0; i < p->n; i++) {
		struct pg_check *k = &p->v[i];

		if (k->result == CHECK_OK || k->umbrella)
			continue;
		if (report ? k->report == NULL : k->msg.len == 0)
			return k;
		last = k;
	}
	return last;
}

static void
flush_message(struct pg_run *p)
{
	struct pg_check *k;

	if (p->msg.len == 0)
		return;
	k = problem_for(p, false);
	if (k && k->msg.len == 0)
		buf_add(&k->msg, p->msg.s, p->msg.len);
	else if (k == NULL)
		add_text(&p->failure, p->msg.s, p->msg.len);
	buf_reset(&p->msg);
}

static int
result_word(const char *w, size_t n)
{
	if (n == 2 && memcmp(w, "ok", 2) == 0)
		return CHECK_OK;
	if ((n == 5 && memcmp(w, "fatal", 5) == 0) || (n == 6 && memcmp(w, "failed", 6) == 0))
		return CHECK_FATAL;
	if ((n == 7 && memcmp(w, "warning", 7) == 0) || (n == 6 && memcmp(w, "notice", 6) == 0))
		return CHECK_WARNING;
	return -1;
}

/* "failed check: NAME" (PostgreSQL 17 data type checks), alone or after
 * the "Checking data type usage" it belongs to on the same line. */
static void
failed_check(struct pg_run *p, const char *name, size_t len, struct gh_pos pos)
{
	struct pg_check *k = running(p);

	if (k == NULL && p->n && p->v[p->n - 1].umbrella)
		k = &p->v[p->n - 1];
	if (k) {
		k->result = CHECK_FATAL;
		k->umbrella = true;
	}
	add_check(p, name, len, CHECK_FATAL, pos);
}

/* "Checking for prepared transactions        ok": the name without its
 * padding (blanks or dots) and the status word, or -1 while it runs. */
static void
check_line(struct pg_run *p, const struct pg_line *l)
{
	size_t w = l->len, name, i;
	int result;

	for (i = 0; i + 14 <= l->len; i++) {
		if (memcmp(l->s + i, "failed check: ", 14) == 0) {
			struct pg_line head = *l;

			head.len = i;
			check_line(p, &head);
			failed_check(p, l->s + i + 14, l->len - i - 14,
			    (struct gh_pos){ l->pos.line, l->pos.col + (int)i });
			return;
		}
	}
	while (w > 0 && ((l->s[w - 1] >= 'a' && l->s[w - 1] <= 'z')))
		w--;
	result = w > 0 && (l->s[w - 1] == ' ' || l->s[w - 1] == '.' || l->s[w - 1] == '\t') ?
	    result_word(l->s + w, l->len - w) : -1;
	name = result >= 0 ? w : l->len;
	while (name > 0 && strchr(" .\t", l->s[name - 1]))
		name--;
	if (running(p)) {
		struct pg_check *k = running(p);

		import_error(p->c, k->pos, _("check '%s' has no result before the next one starts (expected ok, warning or fatal at the end of its line)"),
		    k->name);
	}
	flush_message(p);
	add_check(p, l->s, name, result, l->pos);
}

static void
report_path(struct pg_run *p, const struct pg_line *l)
{
	struct pg_check *k = problem_for(p, true);
	const char *path = arena_strndup(p->c->a, l->s, l->len);
	const char *d = strstr(path, "pg_upgrade_output.d/");

	if (k && k->report == NULL) {
		k->report = path;
		if (k->msg.len == 0)
			buf_add(&k->msg, p->msg.s, p->msg.len);
	} else {
		add_text(&p->failure, p->msg.s, p->msg.len);
		add_text(&p->failure, l->s, l->len);
	}
	buf_reset(&p->msg);
	if (p->report_dir == NULL && d && strrchr(path, '/') > d)
		p->report_dir = arena_strndup(p->c->a, path, (size_t)(strrchr(path, '/') - path));
	p->want_path = false;
}

static bool
starts(const struct pg_line *l, const char *word)
{
	size_t n = strlen(word);

	return l->len >= n && memcmp(l->s, word, n) == 0;
}

/* Lines are not NUL-terminated: search within the line only. */
static bool
contains(const struct pg_line *l, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; i + n <= l->len; i++)
		if (memcmp(l->s + i, word, n) == 0)
			return true;
	return false;
}

static bool
is(const struct pg_line *l, const char *word)
{
	return l->len == strlen(word) && starts(l, word);
}

static void
verdict(struct pg_run *p, bool compatible, const struct pg_line *l)
{
	struct pg_check *k = running(p);

	p->verdict = true;
	p->compatible = compatible;
	if (k && compatible)
		import_error(p->c, k->pos, _("check '%s' has no result"), k->name);
	else if (k)
		k->result = CHECK_FATAL;	/* pg_fatal() stopped it mid-line */
	flush_message(p);
	(void)l;
}

/* One line after the banner. */
static void
body_line(struct pg_run *p, const struct pg_line *l)
{
	static const char dt_prefix[] = "Data type checks failed:";

	if (starts(l, "Checking ")) {
		check_line(p, l);
	} else if (starts(l, "failed check: ")) {
		failed_check(p, l->s + 14, l->len - 14, l->pos);
	} else if (is(l, "*Clusters are compatible*")) {
		verdict(p, true, l);
	} else if (is(l, "Failure, exiting")) {
		verdict(p, false, l);
	} else if (starts(l, "Performing Upgrade")) {
		import_error(p->c, l->pos, "%s",
		    _("this is the log of an upgrade, not of pg_upgrade --check"));
		p->verdict = true;
	} else if (l->len == 0 || starts(l, "---") || starts(l, "Performing Consistency Checks")) {
		/* layout */
	} else if (p->want_path && l->indented) {
		report_path(p, l);
	} else if (l->len >= 13 && memcmp(l->s + l->len - 13, " in the file:", 13) == 0) {
		/* kept in the message: pg_upgrade may wrap this sentence, and a
		 * message ending in "A list of" would say nothing */
		add_text(&p->msg, l->s, l->len);
		p->want_path = true;
	} else if (starts(l, dt_prefix)) {
		size_t k = sizeof dt_prefix - 1;

		while (k < l->len && l->s[k] == ' ')
			k++;
		if (k < l->len)
			add_text(&p->msg, l->s + k, l->len - k);
	} else {
		add_text(&p->msg, l->s, l->len);
	}
}

static void
scan(struct pg_run *p, const char *data, size_t len)
{
	size_t i = 0;
	int no = 0;

	while (i < len && !p->verdict) {
		struct pg_line l;
		size_t start = i, e;

		no++;
		while (i < len && data[i] != '\n')
			i++;
		for (e = i; e > start && (data[e - 1] == '\r' || data[e - 1] == ' ' ||
		    data[e - 1] == '\t'); e--)
			;
		l.s = data + start;
		while (l.s < data + e && (*l.s == ' ' || *l.s == '\t'))
			l.s++;
		l.indented = l.s > data + start;
		l.len = (size_t)(data + e - l.s);
		l.pos = (struct gh_pos){ no, (int)(l.s - (data + start)) + 1 };
		p->end = (struct gh_pos){ no, (int)(i - start) + 1 };
		if (i < len)
			i++;
		if (!p->header && starts(&l, "Performing Consistency Checks")) {
			p->header = true;
			p->live = contains(&l, "Live Server");
		} else if (p->header) {
			body_line(p, &l);
		}
	}
}

static struct ynode *
count_node(struct arena *a, size_t n)
{
	char num[32];

	snprintf(num, sizeof num, "%zu", n);
	return yb_plain(a, num);
}

static struct ynode *
check_node(struct arena *a, const struct pg_check *k)
{
	struct ynode *m = yb_map(a), *name = yb_str(a, k->name);

	m->pos = name->pos = k->pos;
	yb_put(a, m, "name", name);
	yb_put(a, m, "result", yb_plain(a, gh_check_results[k->result]));
	if (k->report)
		yb_put(a, m, "report", yb_str(a, k->report));
	if (k->msg.len)
		yb_put(a, m, "message", yb_str(a, buf_cstr((struct buf *)&k->msg)));
	return m;
}

static void
summarize(struct pg_run *p, size_t blocking, size_t warnings)
{
	struct import_ctx *c = p->c;
	struct buf b = BUF_INIT;
	size_t i;
	int pass;

	c->title = p->compatible ?
	    arena_printf(c->a, _("pg_upgrade --check: clusters are compatible (%zu checks)"), p->n) :
	    arena_printf(c->a, _("pg_upgrade --check: not compatible (%zu blocking)"), blocking);
	for (pass = CHECK_FATAL; pass >= CHECK_WARNING; pass--) {
		bool first = true;

		for (i = 0; i < p->n; i++) {
			if (p->v[i].result != pass || p->v[i].umbrella)
				continue;
			if (first)
				buf_printf(&b, "%s%s", b.len ? " " : "",
				    pass == CHECK_FATAL ? _("Blocking:") : _("Warnings:"));
			buf_printf(&b, "%s %s", first ? "" : ";", p->v[i].name);
			first = false;
		}
		if (!first)
			buf_putc(&b, '.');
	}
	if (blocking == 0 && warnings == 0)
		buf_printf(&b, p->compatible ? _("All %zu checks passed.") :
		    _("pg_upgrade stopped (%zu checks ran)."), p->n);
	c->summary = arena_strdup(c->a, buf_cstr(&b));
	buf_free(&b);
}

static void
build_data(struct pg_run *p)
{
	struct import_ctx *c = p->c;
	struct arena *a = c->a;
	struct ynode *d = yb_map(a), *checks = yb_seq(a);
	size_t i, blocking = 0, warnings = 0;

	for (i = 0; i < p->n; i++) {
		blocking += p->v[i].result == CHECK_FATAL && !p->v[i].umbrella;
		warnings += p->v[i].result == CHECK_WARNING;
		yb_add(a, checks, check_node(a, &p->v[i]));
	}
	yb_put(a, d, "tool", yb_str(a, "pg_upgrade"));
	yb_put(a, d, "compatible", yb_plain(a, p->compatible ? "true" : "false"));
	yb_put(a, d, "live_check", yb_plain(a, p->live ? "true" : "false"));
	yb_put(a, d, "blocking", count_node(a, blocking));
	yb_put(a, d, "warnings", count_node(a, warnings));
	if (p->report_dir)
		yb_put(a, d, "report_dir", yb_str(a, p->report_dir));
	if (p->failure.len)
		yb_put(a, d, "failure", yb_str(a, buf_cstr(&p->failure)));
	yb_put(a, d, "checks", checks);
	c->data = d;
	summarize(p, blocking, warnings);
}

int
import_pg(struct import_ctx *c)
{
	struct pg_run p;
	size_t before = c->d->errors, i;

	memset(&p, 0, sizeof p);
	p.c = c;
	p.end = (struct gh_pos){ 1, 1 };
	scan(&p, c->q->data, c->q->len);
	if (!p.header)
		import_error(c, (struct gh_pos){ 1, 1 }, "%s",
		    _("no 'Performing Consistency Checks' line: this is not pg_upgrade --check output"));
	else if (!p.verdict)
		import_error(c, p.end, "%s",
		    _("the output ends before pg_upgrade's verdict ('*Clusters are compatible*' or 'Failure, exiting'): it is cut short"));
	else if (p.compatible && p.n == 0)
		import_error(c, p.end, "%s", _("pg_upgrade reported no checks"));
	if (c->d->errors == before) {
		c->type = EV_UPGRADE_CHECK;
		c->id = "pg-upgrade-check";
		c->system = "pg_upgrade --check";
		build_data(&p);
	}
	for (i = 0; i < p.n; i++)
		buf_free(&p.v[i].msg);
	free(p.v);
	buf_free(&p.msg);
	buf_free(&p.failure);
	return c->d->errors == before ? 0 : -1;
}
