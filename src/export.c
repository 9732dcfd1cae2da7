/* export.c -- the audit export (see export.h): the request, the
 * recommendation as render.c writes it, the review records with the
 * commits that added them, the history of the recommendation and a
 * footer, through one document writer for Markdown and HTML. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "history.h"
#include "render.h"

/* One review record as of the exported commit. */
struct export_review {
	const struct history_change *ch;	/* its latest version */
	const struct history_commit *added;	/* the commit that added it */
	const struct history_commit *changed;	/* the last that changed it, or NULL */
	const struct history_commit *removed;	/* the one that removed it, or NULL */
};

struct export_ctx {
	struct store *st;
	const char *packet;
	const struct export_opts *o;
	struct history_point pt;
	struct history *h;		/* up to the exported commit */
	size_t oldest;			/* index of the packet's first commit in h */
	char *digest;			/* inputs digest at the exported commit */
	char *seen;			/* rec_seen() there */
	struct export_review *reviews;	/* in the order they were added */
	size_t nreviews;
	struct doc d;
};

/* ---- gathering -------------------------------------------------------- */

static struct export_review *
review_slot(struct export_ctx *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->nreviews; i++)
		if (strcmp(c->reviews[i].ch->path, path) == 0)
			return &c->reviews[i];
	c->reviews = xreallocarray(c->reviews, c->nreviews + 1, sizeof *c->reviews);
	memset(&c->reviews[c->nreviews], 0, sizeof *c->reviews);
	return &c->reviews[c->nreviews++];
}

/* Every review record the packet ever had up to the commit, oldest commit
 * first, with where it was added, changed and removed. */
static void
collect_reviews(struct export_ctx *c)
{
	size_t i, k;

	for (i = c->h->n; i-- > 0;) {
		const struct history_commit *hc = &c->h->commits[i];

		for (k = 0; k < hc->nchanges; k++) {
			const struct history_change *ch = &hc->changes[k];
			struct export_review *r;

			if (ch->what != HW_REVIEW)
				continue;
			r = review_slot(c, ch->path);
			if (r->ch == NULL || ch->status == HS_ADDED) {
				r->added = hc;
				r->changed = r->removed = NULL;
			} else if (ch->status == HS_CHANGED) {
				r->changed = hc;
			} else {
				r->removed = hc;
			}
			if (ch->status != HS_REMOVED || r->ch == NULL)
				r->ch = ch;
		}
	}
}

static int
gather(struct export_ctx *c, struct buf *err)
{
	const char *rev = c->o->rev ? c->o->rev : "HEAD";
	struct history_opts ho = { NULL, c->packet, false, true };

	if (history_point_load(c->st, rev, c->packet, c->o->today, &c->pt, err) < 0)
		return -1;
	if (c->pt.packet == NULL) {
		buf_printf(err, _("no packet '%s' at commit %.12s"), c->packet, c->pt.commit);
		return -1;
	}
	if (c->pt.rec == NULL) {
		buf_printf(err, _("packet %s: request.yaml did not load at commit %.12s; run 'gatehouse check'"),
		    c->packet, c->pt.commit);
		return -2;
	}
	ho.rev = c->pt.commit;
	if (history_walk(c->st, &ho, &c->h, err) < 0)
		return -1;
	if (!history_oldest(c->h, &c->oldest))
		c->oldest = c->h->n ? c->h->n - 1 : 0;
	c->h->n = c->h->n ? c->oldest + 1 : 0;
	history_recommend(c->st, c->h, c->packet, c->o->history_today);
	c->digest = store_inputs_digest(c->st, c->pt.commit, c->packet, GH_ENGINE_VERSION, err);
	buf_reset(err);		/* without a digest nothing is stale; not an error */
	c->seen = rec_seen(c->pt.rec);
	collect_reviews(c);
	return 0;
}

static void
ctx_free(struct export_ctx *c)
{
	history_point_free(&c->pt);
	history_free(c->h);
	free(c->digest);
	free(c->seen);
	free(c->reviews);
}

/* ---- the request ------------------------------------------------------ */

static void
field(struct doc *d, const char *label)
{
	doc_row(d);
	doc_cell(d);
	doc_text(d, label);
	doc_cell(d);
}

static void
put_dur(struct doc *d, gh_dur v)
{
	struct buf b = BUF_INIT;

	if (v == GH_DUR_NONE)
		buf_puts(&b, "-");
	else
		val_format_duration(v, &b);
	doc_text(d, buf_cstr(&b));
	buf_free(&b);
}

static void
put_version(struct doc *d, const struct gh_version *v)
{
	struct buf b = BUF_INIT;

	if (v->n)
		val_format_version(v, &b);
	else
		buf_puts(&b, "?");
	doc_text(d, buf_cstr(&b));
	buf_free(&b);
}

static const char *
or_dash(const char *s)
{
	return s && s[0] ? s : "-";
}

static void
request_people(struct doc *d, const struct gh_request *r)
{
	if (r->requester) {
		field(d, _("Requester"));
		doc_printf(d, "%s (%s)", or_dash(r->requester->name), or_dash(r->requester->email));
		if (r->requester->team)
			doc_printf(d, ", %s", r->requester->team);
	}
	field(d, _("Submitted"));
	render_doc_time(d, r->submitted);
	field(d, _("Decide by"));
	render_doc_time(d, r->decide_by);
	if (r->change_record) {
		field(d, _("Change record"));
		doc_printf(d, "%s %s", or_dash(r->change_record->system),
		    or_dash(r->change_record->id));
		if (r->change_record->url) {
			doc_break(d);
			doc_link(d, r->change_record->url, NULL);
		}
	}
}

static void
request_services(struct doc *d, const struct gh_request *r)
{
	size_t i;

	field(d, _("Services"));
	for (i = 0; i < r->services.n; i++) {
		const struct gh_service *s = &r->services.v[i];

		if (i)
			doc_break(d);
		doc_printf(d, _("%s: tier %lld, %s traffic, RTO "), or_dash(s->name),
		    (long long)s->tier, schema_enum_name(gh_traffic_names, s->traffic));
		put_dur(d, s->rto);
		if (s->owner)
			doc_printf(d, _(", owned by %s"), s->owner);
	}
	field(d, _("Tier"));
	doc_printf(d, _("%lld (the most critical service)"), (long long)model_request_tier(r));
	if (r->engine) {
		field(d, _("Engine"));
		doc_printf(d, "%s (%s) ", schema_enum_name(gh_engine_kinds, r->engine->kind),
		    or_dash(r->engine->provider));
		put_version(d, &r->engine->current);
		doc_text(d, " → ");
		put_version(d, &r->engine->target);
	}
	field(d, _("Strategy"));
	doc_text(d, or_dash(schema_enum_name(gh_strategy_names, r->strategy)));
	if (r->window) {
		field(d, _("Window"));
		render_doc_time(d, r->window->start);
		doc_text(d, " – ");
		render_doc_time(d, r->window->end);
	}
}

static void
request_rollback(struct doc *d, const struct gh_request *r)
{
	const struct gh_rollback *rb = r->rollback;

	if (rb) {
		field(d, _("Rollback"));
		if (rb->no_rollback)
			doc_text(d, _("explicit no-rollback decision; "));
		doc_printf(d, "%s, ", or_dash(schema_enum_name(gh_rollback_names, rb->mechanism)));
		doc_text(d, _("checkpoint "));
		put_dur(d, rb->checkpoint);
		doc_text(d, _(", estimated rollback time "));
		put_dur(d, rb->estimated_time);
		if (rb->boundary) {
			doc_break(d);
			doc_text(d, rb->boundary);
		}
		if (rb->mitigation) {
			doc_break(d);
			doc_printf(d, _("Mitigation: %s"), rb->mitigation);
		}
	}
	if (r->soak) {
		field(d, _("Soak"));
		put_dur(d, r->soak->planned);
		if (r->soak->environment)
			doc_printf(d, _(" in %s"), r->soak->environment);
		if (r->soak->bypassed)
			doc_text(d, _(", bypassed"));
	}
	field(d, _("Compatibility window"));
	put_dur(d, r->compatibility_window);
}

static void
request_changes(struct doc *d, const struct gh_request *r)
{
	const struct gh_app_change *a = r->app_change;
	size_t i;

	field(d, _("Drivers"));
	if (r->drivers.n == 0)
		doc_text(d, _("no driver change"));
	for (i = 0; i < r->drivers.n; i++) {
		const struct gh_driver_change *dc = &r->drivers.v[i];

		if (i)
			doc_break(d);
		doc_printf(d, "%s (%s) ", or_dash(dc->name), or_dash(dc->language));
		put_version(d, &dc->from);
		doc_text(d, " → ");
		put_version(d, &dc->to);
	}
	if (a) {
		field(d, _("Application change"));
		doc_printf(d, _("DDL %s%s%s"), or_dash(schema_enum_name(gh_ddl_kinds, a->ddl)),
		    a->schema_sensitive ? _(", schema-sensitive") : "",
		    a->combined_with_engine ? _(", combined with the engine change") : "");
		if (a->summary) {
			doc_break(d);
			doc_text(d, a->summary);
		}
	}
}

static void
request_deviations(struct doc *d, const struct gh_request *r)
{
	const char *const heads[] = { _("Deviation"), _("Standard"), _("Requested"),
		_("Justification") };
	size_t i;

	doc_heading(d, 3, _("Requested deviations"));
	if (r->deviations.n == 0) {
		doc_para(d);
		doc_text(d, _("None requested."));
		doc_end(d);
		return;
	}
	doc_table(d, 4, heads);
	for (i = 0; i < r->deviations.n; i++) {
		const struct gh_deviation *dv = &r->deviations.v[i];

		doc_row(d);
		doc_cell(d);
		doc_text(d, or_dash(schema_enum_name(gh_deviation_kinds, dv->kind)));
		doc_cell(d);
		doc_text(d, or_dash(dv->standard));
		doc_cell(d);
		doc_text(d, or_dash(dv->requested));
		doc_cell(d);
		doc_text(d, or_dash(dv->justification));
	}
	doc_table_end(d);
}

static void
request_section(struct export_ctx *c)
{
	const struct gh_request *r = c->pt.rec->packet->request;
	const char *const heads[] = { _("Field"), _("Value") };
	struct doc *d = &c->d;
	size_t i;

	doc_heading(d, 2, _("Request"));
	doc_table(d, 2, heads);
	field(d, _("Packet"));
	doc_code(d, c->packet);
	field(d, _("Title"));
	doc_text(d, or_dash(r->title));
	field(d, _("State"));
	doc_printf(d, "%s, %s", or_dash(schema_enum_name(gh_request_states, r->state)),
	    or_dash(schema_enum_name(gh_request_kinds, r->kind)));
	request_people(d, r);
	request_services(d, r);
	request_rollback(d, r);
	request_changes(d, r);
	doc_table_end(d);
	request_deviations(d, r);
	doc_heading(d, 3, _("Rationale"));
	doc_para(d);
	doc_text(d, or_dash(r->rationale));
	doc_end(d);
	if (r->links.n)
		doc_heading(d, 3, _("Links"));
	for (i = 0; i < r->links.n; i++) {
		doc_item(d, 1);
		if (r->links.v[i].url)
			doc_link(d, r->links.v[i].url, r->links.v[i].title);
		else
			doc_text(d, or_dash(r->links.v[i].title));
		doc_end(d);
	}
}

/* Who decides, and what the delegated authority is. */
static void
authority_section(struct export_ctx *c)
{
	const struct recommendation *rec = c->pt.rec;
	const struct gh_authority_file *af = c->pt.repo->policy.authority;
	const struct gh_authority *a = rec->authority;
	struct doc *d = &c->d;

	doc_heading(d, 2, _("Decision authority"));
	doc_item(d, 1);
	doc_printf(d, _("Recommendation: %s"), verdict_name(rec->verdict));
	doc_end(d);
	doc_item(d, 1);
	if (a) {
		doc_printf(d, _("Decided by: %s (level %lld)"), or_dash(a->name), (long long)a->level);
		doc_text(d, " ");
		doc_code(d, or_dash(a->id));
	} else {
		doc_text(d, _("Decided by: no authority named by the approval matrix"));
	}
	doc_end(d);
	if (a && a->contact) {
		doc_item(d, 2);
		doc_printf(d, _("contact: %s"), a->contact);
		doc_end(d);
	}
	if (a && a->limits) {
		doc_item(d, 2);
		doc_printf(d, _("may approve: %s"), a->limits);
		doc_end(d);
	}
	if (rec->route) {
		doc_item(d, 1);
		doc_text(d, _("Escalation route: "));
		doc_code(d, rec->route->route->id);
		doc_printf(d, " — %s", or_dash(rec->route->route->reason));
		doc_end(d);
	}
	if (af && af->delegated) {
		doc_item(d, 1);
		doc_printf(d, _("Delegated authority of the review group: %s"), af->delegated);
		doc_end(d);
	}
}

/* ---- reviews ------------------------------------------------------------ */

/* "sign-off concur-with-conditions on gate:x" and the like. */
static void
review_what(struct doc *d, const struct gh_review *rv)
{
	if (rv->kind == REVIEW_SIGNOFF)
		doc_printf(d, _("sign-off: %s"), schema_enum_name(gh_signoff_states, rv->state));
	else if (rv->kind == REVIEW_DECISION)
		doc_printf(d, _("decision: %s%s%s"), schema_enum_name(gh_decisions, rv->decision),
		    rv->option || rv->authority ? " " : "",
		    rv->option ? rv->option : rv->authority ? rv->authority : "");
	else
		doc_text(d, _("comment"));
	if (rv->target && rv->target->kind > TARGET_PACKET && rv->target->id)
		doc_printf(d, _(" on %s:%s"), gh_target_kinds[rv->target->kind], rv->target->id);
}

static void
review_who(struct doc *d, const struct gh_review *rv, const struct history_commit *hc)
{
	if (rv->author && rv->author->name)
		doc_printf(d, "%s (%s)", rv->author->name, or_dash(rv->author->email));
	else
		doc_printf(d, "%s (%s)", hc->author, hc->email);
	if (rv->role) {
		doc_break(d);
		doc_printf(d, _("role: %s"), rv->role);
	}
}

static void
review_text(struct doc *d, const struct gh_review *rv)
{
	bool any = false;
	size_t i;

	if (rv->body) {
		doc_text(d, rv->body);
		any = true;
	}
	for (i = 0; i < rv->conditions.n; i++, any = true) {
		if (any)
			doc_break(d);
		doc_printf(d, _("Condition: %s"), rv->conditions.v[i]);
	}
	if (rv->reason) {
		if (any)
			doc_break(d);
		doc_printf(d, _("Reason: %s"), rv->reason);
		any = true;
	}
	if (rv->recommendation) {
		if (any)
			doc_break(d);
		doc_printf(d, _("Saw: %s"), rv->recommendation);
	}
}

static void
review_commit(struct doc *d, const struct export_review *r)
{
	doc_code(d, r->added->id);
	if (r->changed) {
		doc_break(d);
		doc_printf(d, _("changed after it was made, in %.12s"), r->changed->id);
	}
	if (r->removed) {
		doc_break(d);
		doc_printf(d, _("removed in %.12s"), r->removed->id);
	}
}

static void
review_row(struct export_ctx *c, const struct export_review *r)
{
	const struct gh_review *rv = r->ch->review;
	struct doc *d = &c->d;

	doc_row(d);
	doc_cell(d);
	render_doc_time(d, rv && rv->at != GH_TIME_NONE ? rv->at : r->added->author_time);
	doc_cell(d);
	if (rv)
		review_what(d, rv);
	else
		doc_printf(d, _("record that does not parse: %s"), or_dash(r->ch->problem));
	doc_cell(d);
	if (rv)
		review_who(d, rv, r->added);
	else
		doc_printf(d, "%s (%s)", r->added->author, r->added->email);
	doc_cell(d);
	review_commit(d, r);
	doc_cell(d);
	if (rv == NULL || rv->kind == REVIEW_COMMENT || r->removed)
		doc_text(d, "—");
	else if (review_stale(rv, c->digest, c->seen)) {
		doc_strong(d, true);
		doc_text(d, _("STALE"));
		doc_strong(d, false);
	} else
		doc_text(d, _("current"));
	doc_cell(d);
	if (rv)
		review_text(d, rv);
}

static void
reviews_section(struct export_ctx *c)
{
	const char *const heads[] = { _("When"), _("Record"), _("Author"), _("Commit"),
		_("Stale"), _("Text") };
	struct doc *d = &c->d;
	size_t i;

	doc_heading(d, 2, _("Comments, sign-offs and decisions"));
	doc_para(d);
	if (c->nreviews == 0) {
		doc_text(d, _("No review records at this commit."));
		doc_end(d);
		return;
	}
	doc_text(d, _("Oldest first.  A sign-off or decision is STALE when the inputs it was made against changed and the recommendation moved since."));
	doc_end(d);
	doc_table(d, 6, heads);
	for (i = 0; i < c->nreviews; i++)
		review_row(c, &c->reviews[i]);
	doc_table_end(d);
}

/* ---- history -------------------------------------------------------------- */

/* One line per review record; other changes of one kind and status share
 * a line ("evidence added: backup, restore-test").  Returns the index
 * after the changes written. */
static size_t
change_line(struct doc *d, const struct history_commit *hc, size_t i)
{
	const struct history_change *ch = &hc->changes[i];
	const struct gh_review *rv = ch->review;
	size_t k;

	doc_text(d, history_change_label(ch->what, ch->status));
	if (ch->what == HW_REQUEST)
		return i + 1;
	doc_text(d, ": ");
	if (ch->what == HW_REVIEW) {
		if (rv && ch->status == HS_ADDED)
			review_what(d, rv);
		else
			doc_text(d, ch->path);
		if (rv && rv->author && rv->author->name)
			doc_printf(d, _(" by %s"), rv->author->name);
		return i + 1;
	}
	for (k = i; k < hc->nchanges && hc->changes[k].what == ch->what &&
	    hc->changes[k].status == ch->status; k++)
		doc_printf(d, "%s%s", k > i ? ", " : "", ch->what == HW_EVIDENCE ?
		    hc->changes[k].name : hc->changes[k].path);
	return k;
}

static void
history_row(struct doc *d, const struct history_commit *hc, const char *prev)
{
	char *short_id;
	size_t k;

	doc_row(d);
	doc_cell(d);
	short_id = xstrndup(hc->id, 12);
	doc_code(d, short_id);
	free(short_id);
	doc_cell(d);
	render_doc_time(d, hc->time);
	doc_cell(d);
	doc_text(d, hc->author);
	doc_cell(d);
	doc_text(d, hc->subject);
	for (k = 0; k < hc->nchanges;) {
		doc_break(d);
		k = change_line(d, hc, k);
	}
	doc_cell(d);
	if (hc->rec.seen == NULL) {
		doc_printf(d, _("none (%s)"), or_dash(hc->rec.problem));
	} else if (hc->rec.flipped) {
		doc_strong(d, true);
		doc_text(d, _("flipped"));
		doc_strong(d, false);
		doc_printf(d, ": %s → %s", prev, hc->rec.seen);
	} else {
		doc_text(d, hc->rec.seen);
	}
}

static void
history_section(struct export_ctx *c)
{
	const char *const heads[] = { _("Commit"), _("Date"), _("Author"), _("Changes"),
		_("Recommendation") };
	struct doc *d = &c->d;
	const char *prev = NULL;
	struct buf b = BUF_INIT;
	size_t i;

	doc_heading(d, 2, _("History of the recommendation"));
	doc_para(d);
	if (c->o->history_today) {
		val_format_date(*c->o->history_today, &b);
		doc_printf(d, _("Every commit that changed the packet or the policy, oldest first, each evaluated with its own policy for %s."),
		    buf_cstr(&b));
	} else {
		doc_text(d, _("Every commit that changed the packet or the policy, oldest first, each evaluated with its own policy for the date it was committed (UTC)."));
	}
	doc_end(d);
	buf_free(&b);
	doc_table(d, 5, heads);
	for (i = c->h->n; i-- > 0;) {
		history_row(d, &c->h->commits[i], prev);
		if (c->h->commits[i].rec.seen)
			prev = c->h->commits[i].rec.seen;
	}
	doc_table_end(d);
}

/* ---- the footer ------------------------------------------------------------ */

static void
footer(struct export_ctx *c)
{
	const struct gh_settings *s = c->pt.repo->settings;
	struct doc *d = &c->d;

	doc_rule(d);
	doc_para(d);
	doc_printf(d, _("Repository: %s"), s && s->name ? s->name : store_path(c->st));
	doc_break(d);
	doc_text(d, _("Commit exported: "));
	doc_code(d, c->pt.commit);
	doc_text(d, _(", committed "));
	render_doc_time(d, c->pt.time);
	doc_break(d);
	doc_text(d, _("Recommendation evaluated for: "));
	render_doc_time(d, c->pt.today);
	doc_break(d);
	doc_text(d, _("Generated: "));
	render_doc_time(d, c->o->generated);
	doc_break(d);
	doc_printf(d, _("Engine: %s (gatehouse %s)"), GH_ENGINE_VERSION, PACKAGE_VERSION);
	doc_break(d);
	doc_text(d, _("gatehouse advises; it never approves a change.  The decision is the named authority's."));
	doc_end(d);
}

static void
write_document(struct export_ctx *c, struct buf *out)
{
	const struct recommendation *rec = c->pt.rec;
	char *title = NULL;

	if (c->o->format == DOC_HTML) {
		title = xasprintf("%s — %s", c->packet, or_dash(rec->packet->request->title));
		/* TRANSLATORS: the language code of this translation, for HTML's lang */
		export_html_begin(out, _("en"), title);
		free(title);
	}
	doc_init(&c->d, c->o->format, out);
	render_header(rec, &c->d);
	request_section(c);
	authority_section(c);
	render_body(rec, &c->d, RENDER_EXPLAIN_ALL);
	reviews_section(c);
	history_section(c);
	footer(c);
	doc_finish(&c->d);
	if (c->o->format == DOC_HTML)
		export_html_end(out);
}

int
export_packet(struct store *st, const char *packet, const struct export_opts *o,
    struct buf *out, struct buf *err)
{
	struct export_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.st = st;
	c.packet = packet;
	c.o = o;
	rc = gather(&c, err);
	if (rc == 0)
		write_document(&c, out);
	ctx_free(&c);
	return rc;
}
