/* record.c -- build review records and commit them (see record.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record.h"
#include "yamlout.h"

void
record_head(struct buf *y, const char *kind, const char *name, const char *email)
{
	struct buf t = BUF_INIT;

	yout_str(y, 0, "kind", kind);
	yout_key(y, 0, "author");
	yout_str(y, 2, "name", name);
	yout_str(y, 2, "email", email);
	val_format_time((gh_time)time(NULL), false, &t);
	yout_str(y, 0, "at", buf_cstr(&t));
	buf_free(&t);
}

/* What the reviewer sees now: the recommendation and the digest of the
 * inputs it was made from, so a later change marks the record stale. */
void
record_basis(struct buf *y, const struct record_ctx *c)
{
	struct engine_opts opts = { c->today, 5 };
	struct buf err = BUF_INIT;
	struct recommendation *rec;
	struct engine *eng;
	char *digest, *seen;

	eng = engine_new(c->r, NULL);
	rec = engine_evaluate(eng, c->pk, &opts);
	seen = rec_seen(rec);
	digest = store_inputs_digest(c->st, "HEAD", c->pk->id, GH_ENGINE_VERSION, &err);
	yout_str(y, 0, "inputs_digest", digest);
	yout_str(y, 0, "recommendation", seen);
	yout_str(y, 0, "engine_version", GH_ENGINE_VERSION);
	free(digest);
	free(seen);
	rec_free(rec);
	engine_free(eng);
	buf_free(&err);
}

void
record_comment(const struct record_ctx *c, int target_kind, const char *target_id,
    const char *body, struct buf *y, char **subject)
{
	record_head(y, "comment", c->name, c->email);
	if (target_kind != TARGET_PACKET) {
		yout_key(y, 0, "target");
		yout_str(y, 2, "kind", gh_target_kinds[target_kind]);
		yout_str(y, 2, "id", target_id);
	}
	yout_text(y, 0, "body", body);
	*subject = target_kind == TARGET_PACKET ?
	    xasprintf("comment(%s): by %s", c->pk->id, c->name) :
	    xasprintf("comment(%s): on %s %s by %s", c->pk->id, gh_target_kinds[target_kind],
	    target_id, c->name);
}

void
record_signoff(const struct record_ctx *c, const struct record_signoff *s, struct buf *y,
    char **subject)
{
	size_t i;

	record_head(y, "signoff", c->name, c->email);
	yout_str(y, 0, "role", s->role);
	yout_str(y, 0, "state", gh_signoff_states[s->state]);
	if (s->nconditions) {
		yout_key(y, 0, "conditions");
		for (i = 0; i < s->nconditions; i++)
			yout_item(y, 2, s->conditions[i]);
	}
	yout_text(y, 0, "reason", s->reason);
	if (s->body && s->body[0])
		yout_text(y, 0, "body", s->body);
	record_basis(y, c);
	*subject = xasprintf("signoff(%s): %s by %s as %s", c->pk->id,
	    gh_signoff_states[s->state], c->name, s->role ? s->role : "?");
}

void
record_decision(const struct record_ctx *c, const struct record_decision *dn, struct buf *y,
    char **subject)
{
	record_head(y, "decision", c->name, c->email);
	yout_str(y, 0, "decision", gh_decisions[dn->decision]);
	if (dn->decision == DECIDE_NARROW)
		yout_str(y, 0, "option", dn->arg);
	if (dn->decision == DECIDE_ESCALATE)
		yout_str(y, 0, "authority", dn->arg);
	if (dn->body && dn->body[0])
		yout_text(y, 0, "body", dn->body);
	record_basis(y, c);
	*subject = xasprintf("decision(%s): %s%s%s by %s", c->pk->id, gh_decisions[dn->decision],
	    dn->arg ? " " : "", dn->arg ? dn->arg : "", c->name);
}

int
record_commit(const struct record_ctx *c, const char *kind, const char *state,
    const char *subject, const struct buf *y, char **file, char **commit, struct buf *err)
{
	struct store_record sr = { c->pk->id, kind, state, subject, y->s ? y->s : "",
		c->who ? c->who->id : NULL };

	*file = NULL;
	*commit = NULL;
	return store_append(c->st, &sr, file, commit, err);
}

bool
record_target_exists(const struct record_ctx *c, int kind, const char *id)
{
	const struct gh_repo *r = c->r;
	bool found = false;
	size_t i;

	if (kind == TARGET_PACKET)
		return true;
	for (i = 0; kind == TARGET_GATE && r->policy.gates && i < r->policy.gates->gates.n; i++)
		found |= strcmp(r->policy.gates->gates.v[i].id, id) == 0;
	for (i = 0; kind == TARGET_OPTION && r->policy.options && i < r->policy.options->options.n; i++)
		found |= strcmp(r->policy.options->options.v[i].id, id) == 0;
	for (i = 0; kind == TARGET_EVIDENCE && i < c->pk->evidence.n; i++)
		found |= strcmp(c->pk->evidence.v[i]->id, id) == 0;
	for (i = 0; kind == TARGET_PRECEDENT && i < r->precedents.n; i++)
		found |= strcmp(r->precedents.v[i]->id, id) == 0;
	return found;
}

bool
record_decision_target_ok(const struct gh_repo *r, int decision, const char *arg)
{
	size_t i;

	if (decision == DECIDE_NARROW && r->policy.options)
		for (i = 0; i < r->policy.options->options.n; i++)
			if (strcmp(r->policy.options->options.v[i].id, arg) == 0)
				return true;
	if (decision == DECIDE_ESCALATE && r->policy.authority)
		for (i = 0; i < r->policy.authority->authorities.n; i++)
			if (strcmp(r->policy.authority->authorities.v[i].id, arg) == 0)
				return true;
	return false;
}

static bool
blank(const char *s)
{
	return s == NULL || s[strspn(s, " \t\r\n")] == '\0';
}

const char *
record_signoff_problem(int state, size_t nconditions, const char *reason)
{
	if (state < 0)
		return _("choose a sign-off state");
	if (state == SIGN_CONCUR_WITH_CONDITIONS && nconditions == 0)
		return _("concur-with-conditions needs at least one condition");
	if (state == SIGN_DISSENT && blank(reason))
		return _("a dissent needs a reason");
	return NULL;
}
