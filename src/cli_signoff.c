/* cli_signoff.c -- "gatehouse signoff" and "gatehouse decide". */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "access.h"
#include "cli_record.h"

static void
signoff_help(void)
{
	printf(_("Usage: gatehouse signoff [OPTION]... PACKET STATE\n"
	    "Record your sign-off on a packet as one commit.  STATE is one of\n"
	    "concur, concur-with-conditions (needs --condition), dissent (needs\n"
	    "--reason) or recuse.  The record keeps the recommendation you saw and\n"
	    "a digest of the inputs, so it shows as stale when they change.\n\n"
	    "  -C, --repo DIR         packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -c, --condition TEXT   a condition of your concurrence (repeatable)\n"
	    "      --reason TEXT      why you dissent or recuse\n"
	    "      --role ROLE        the role you sign in (default: your first required one)\n"
	    "  -m, --message TEXT     a remark to go with it\n"
	    "      --today DATE       date for the recommendation recorded (YYYY-MM-DD)\n"
	    "  -h, --help             display this help and exit\n"));
}

static int
check_signoff_args(const struct rec_args *a, int *state)
{
	*state = a->state ? schema_enum_index(gh_signoff_states, a->state) : -1;
	if (*state < 0) {
		cli_usage_error("signoff", _("STATE must be concur, concur-with-conditions, dissent or recuse%s%s"),
		    a->state ? _(", not ") : "", a->state ? a->state : "");
		return EXIT_USAGE;
	}
	if (a->arg) {
		cli_usage_error("signoff", "%s", _("too many arguments"));
		return EXIT_USAGE;
	}
	if (*state == SIGN_CONCUR_WITH_CONDITIONS && a->conditions.n == 0) {
		cli_usage_error("signoff", "%s", _("concur-with-conditions needs at least one --condition"));
		return EXIT_USAGE;
	}
	if (*state == SIGN_DISSENT && (a->reason == NULL || !a->reason[0])) {
		cli_usage_error("signoff", "%s", _("a dissent needs --reason"));
		return EXIT_USAGE;
	}
	return 0;
}

int
cli_signoff(int argc, char **argv)
{
	struct rec_args a = { 0 };
	struct buf y = BUF_INIT;
	struct rec_ctx c;
	struct record_ctx rctx;
	struct record_signoff so;
	const char *role;
	char *subject;
	int rc, state;

	if ((rc = rec_parse("signoff", argc, argv, &a, signoff_help)) != 0 ||
	    (rc = check_signoff_args(&a, &state)) != 0) {
		rec_args_free(&a);
		return rc < 0 ? 0 : rc;
	}
	if ((rc = rec_open(&a, &c, PERM_SIGNOFF, _("sign off"))) != 0)
		goto out;
	role = access_signing_role(c.r->policy.roles, c.who, PERM_SIGNOFF, a.role);
	rec_record_ctx(&c, &a, true, &rctx);
	so.state = state;
	so.role = role;
	so.conditions = (const char *const *)a.conditions.v;
	so.nconditions = a.conditions.n;
	so.reason = a.reason;
	so.body = a.body.len ? buf_cstr(&a.body) : NULL;
	record_signoff(&rctx, &so, &y, &subject);
	rc = rec_commit(&c, "signoff", gh_signoff_states[state], subject, &y);
	free(subject);
out:
	buf_free(&y);
	rec_ctx_free(&c);
	rec_args_free(&a);
	return rc;
}

static void
decide_help(void)
{
	printf(_("Usage: gatehouse decide [OPTION]... PACKET support\n"
	    "   or: gatehouse decide [OPTION]... PACKET narrow OPTION\n"
	    "   or: gatehouse decide [OPTION]... PACKET escalate AUTHORITY\n"
	    "Record the change lead's decision on a packet as one commit: support it\n"
	    "as scoped, narrow it to an option of policy/options.yaml, or escalate it\n"
	    "to an authority of policy/authority.yaml.\n\n"
	    "  -C, --repo DIR       packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -m, --message TEXT   the rationale (repeatable)\n"
	    "  -F, --file FILE      read the rationale from FILE ('-': standard input)\n"
	    "      --today DATE     date for the recommendation recorded (YYYY-MM-DD)\n"
	    "  -h, --help           display this help and exit\n"));
}

static int
check_decide_args(const struct rec_args *a, int *decision)
{
	*decision = a->state ? schema_enum_index(gh_decisions, a->state) : -1;
	if (*decision < 0) {
		cli_usage_error("decide", "%s", _("the decision must be support, narrow OPTION or escalate AUTHORITY"));
		return EXIT_USAGE;
	}
	if ((*decision == DECIDE_SUPPORT) != (a->arg == NULL)) {
		cli_usage_error("decide", "%s", *decision == DECIDE_SUPPORT ?
		    _("support takes no further argument") :
		    _("narrow needs an OPTION and escalate an AUTHORITY"));
		return EXIT_USAGE;
	}
	return 0;
}

int
cli_decide(int argc, char **argv)
{
	struct rec_args a = { 0 };
	struct buf y = BUF_INIT;
	struct rec_ctx c;
	struct record_ctx rctx;
	struct record_decision dn;
	char *subject;
	int rc, decision;

	if ((rc = rec_parse("decide", argc, argv, &a, decide_help)) != 0 ||
	    (rc = check_decide_args(&a, &decision)) != 0) {
		rec_args_free(&a);
		return rc < 0 ? 0 : rc;
	}
	if ((rc = rec_open(&a, &c, PERM_DECIDE, _("decide"))) != 0)
		goto out;
	if (a.arg && !record_decision_target_ok(c.r, decision, a.arg)) {
		fprintf(stderr, decision == DECIDE_NARROW ?
		    _("gatehouse: no option '%s' in policy/options.yaml\n") :
		    _("gatehouse: no authority '%s' in policy/authority.yaml\n"), a.arg);
		rc = EXIT_USAGE;
		goto out;
	}
	rec_record_ctx(&c, &a, true, &rctx);
	dn.decision = decision;
	dn.arg = a.arg;
	dn.body = a.body.len ? buf_cstr(&a.body) : NULL;
	record_decision(&rctx, &dn, &y, &subject);
	rc = rec_commit(&c, "decision", gh_decisions[decision], subject, &y);
	free(subject);
out:
	buf_free(&y);
	rec_ctx_free(&c);
	rec_args_free(&a);
	return rc;
}
