/* record.h -- review records: what a comment, a sign-off and a decision
 * hold, as the YAML file and commit subject that store_append() writes.
 *
 * The one place that knows a record's shape, shared by the command line
 * ("gatehouse comment", "signoff", "decide") and the review workstation.
 * Nothing here prints or asks: callers check permissions and arguments,
 * then build and commit.
 *
 * Ownership: everything in struct record_ctx is borrowed; the YAML goes
 * into the caller's buffer, subjects, file names and commit ids are
 * malloc'd and freed by the caller.
 */
#ifndef GH_RECORD_H
#define GH_RECORD_H

#include "engine.h"
#include "store.h"

/* Who records what on which packet, as of HEAD. */
struct record_ctx {
	struct store *st;
	const struct gh_repo *r;	/* HEAD as loaded */
	const struct gh_packet *pk;
	const struct gh_person *who;	/* the identity in policy/roles.yaml */
	const char *name, *email;	/* store_identity() */
	gh_time today;			/* for the recommendation recorded */
};

struct record_signoff {
	int state;			/* enum gh_signoff_state */
	const char *role;		/* the role signed in, or NULL */
	const char *const *conditions;
	size_t nconditions;
	const char *reason;		/* NULL or text */
	const char *body;		/* a remark, or NULL */
};

struct record_decision {
	int decision;			/* enum gh_decision */
	const char *arg;		/* option (narrow) or authority (escalate) */
	const char *body;		/* rationale, or NULL */
};

/* "kind", "author" and "at" (now, UTC). */
void record_head(struct buf *y, const char *kind, const char *name, const char *email);
/* The recommendation the reviewer sees now and the inputs digest. */
void record_basis(struct buf *y, const struct record_ctx *c);

/* Build a record into y and its commit subject into *subject. */
void record_comment(const struct record_ctx *c, int target_kind, const char *target_id,
    const char *body, struct buf *y, char **subject);
void record_signoff(const struct record_ctx *c, const struct record_signoff *s,
    struct buf *y, char **subject);
void record_decision(const struct record_ctx *c, const struct record_decision *dn,
    struct buf *y, char **subject);

/* Append the record as one commit.  0 with *file (path in the tree) and
 * *commit (hex), or -1 with err; err may hold a warning on success too. */
int record_commit(const struct record_ctx *c, const char *kind, const char *state,
    const char *subject, const struct buf *y, char **file, char **commit, struct buf *err);

/* Does target kind:id name something of c's packet and policy? */
bool record_target_exists(const struct record_ctx *c, int kind, const char *id);
/* Does the option (narrow) or authority (escalate) exist in the policy? */
bool record_decision_target_ok(const struct gh_repo *r, int decision, const char *arg);

/* Why a sign-off cannot be recorded as given (translated), or NULL. */
const char *record_signoff_problem(int state, size_t nconditions, const char *reason);

#endif
