/* engine.h -- from a loaded repository and one packet to a recommendation.
 *
 * Pure: no I/O, no clock, no curses, no git.  "today" is an input and the
 * same inputs give the same struct, field for field.  Every result keeps
 * what explains it: the expression, the values read, the evidence used.
 *
 * Ownership: engine_evaluate() returns a struct recommendation that owns
 * everything it points to except the repository's own structs, which it
 * borrows (the repository must outlive it).  Free with rec_free().
 */
#ifndef GH_ENGINE_H
#define GH_ENGINE_H

#include "expr.h"
#include "repo.h"

#define GH_ENGINE_VERSION "gatehouse-engine/1"

enum gate_result {
	GR_PASS,
	GR_CONDITIONAL,
	GR_BLOCK,
	GR_ESCALATE,
	GR_INDETERMINATE,
	GR_MISSING_EVIDENCE,
	GR_NOT_APPLICABLE,
};

struct strlist {
	char **v;
	size_t n, cap;
};

struct gate_eval {
	const struct gh_gate *gate;
	enum gate_result result;
	char *explain;			/* expression with the values it read */
	char *reason;			/* why indeterminate / missing, or NULL */
	struct strlist reads;		/* "path = value" */
	GH_LIST(const struct gh_evidence *) evidence;	/* relied on */
	size_t evidence_cap;
};

enum option_class {
	OPT_IN_BAND,
	OPT_CONDITIONAL,
	OPT_BLOCKED,
};

struct option_eval {
	const struct gh_option *option;
	enum option_class cls;
	bool hard;			/* a hard trigger still fires under it */
	struct gate_eval *gates;	/* the gates re-run with its overrides */
	size_t ngates;
	struct strlist reasons;		/* why blocked */
	struct strlist conditions;	/* what it needs */
	struct strlist overrides;	/* "request.x = value" applied */
	double score;			/* weighted, 0..1 */
	double completeness;		/* evidence completeness, 0..1 */
	gh_time window_start;		/* earliest schedule, GH_TIME_NONE */
	gh_time window_end;
	int rank;			/* 1 = best */
};

enum fit_dim {
	FIT_TIER,
	FIT_GAP,
	FIT_TRAFFIC,
	FIT_ROLLBACK,
	FIT_DRIVER,
	FIT_DIMS,
};

enum fit_match {
	FIT_MATCH,
	FIT_PARTIAL,
	FIT_MISMATCH,
};

struct precedent_fit {
	const struct gh_precedent *p;
	enum fit_match match[FIT_DIMS];
	char *detail[FIT_DIMS];		/* "tier 0 vs 3" */
	double similarity;		/* 0..1 */
	bool supports;			/* no mismatch on a critical dimension */
	size_t incidents;
};

struct route_eval {
	const struct gh_route *route;
	bool matched;
	char *explain;
	char *reason;			/* evaluation problem, or NULL */
	const struct gh_authority *authority;
};

enum verdict {
	VERDICT_SUPPORT,
	VERDICT_COUNTER,
	VERDICT_ESCALATE,
};

struct recommendation {
	const struct gh_packet *packet;
	const struct gh_roles_file *roles;	/* for restricted placeholders */
	gh_time today;
	enum verdict verdict;
	const struct option_eval *chosen;	/* into options, or NULL */
	const struct gh_authority *authority;	/* who decides */
	const struct route_eval *route;		/* the row that sent it there */
	struct gate_eval *gates;		/* as scoped, in policy order */
	size_t ngates;
	struct option_eval *options;		/* ranked, best first */
	size_t noptions;
	struct route_eval *routes;		/* in policy order */
	size_t nroutes;
	struct precedent_fit *precedents;	/* best first */
	size_t nprecedents;
	struct strlist assumptions;
	struct strlist hard_triggers;		/* titles of hard gates that fired */
	struct strlist problems;		/* policy errors (bad expressions) */
	char *summary;				/* one line */
};

struct engine_opts {
	gh_time today;
	size_t precedents_k;	/* best k precedents kept; 0 = 5 */
};

struct engine;			/* the repository's policy, compiled */

/* Compile every expression of r's policy once.  Parse errors are added to
 * d (may be NULL) with their position in the YAML file; a gate whose
 * expression does not parse evaluates as indeterminate.  Never NULL. */
struct engine *engine_new(const struct gh_repo *r, struct diags *d);
void engine_free(struct engine *e);

/* Evaluate packet p (of the engine's repository).  Never NULL. */
struct recommendation *engine_evaluate(struct engine *e, const struct gh_packet *p,
    const struct engine_opts *opts);
void rec_free(struct recommendation *rec);

/* "VERDICT option authority": what a sign-off records it saw; caller frees. */
char *rec_seen(const struct recommendation *rec);
/* A sign-off is stale when the inputs it was made against changed and the
 * recommendation moved since: digest and seen are the current values. */
bool review_stale(const struct gh_review *rv, const char *digest, const char *seen);
/* Is role covered on p by a current sign-off (not stale, not a recusal)? */
bool review_role_signed(const struct gh_packet *p, const char *role, const char *digest,
    const char *seen);
/* How many of the required roles of rf are covered so (0 without rf). */
int review_signed_roles(const struct gh_roles_file *rf, const struct gh_packet *p,
    const char *digest, const char *seen);

const char *gate_result_name(enum gate_result g);	/* "pass", "block" ... */
const char *gate_result_label(enum gate_result g);	/* translated */
const char *option_class_name(enum option_class c);
const char *verdict_name(enum verdict v);		/* SUPPORT ... */
const char *fit_dim_name(enum fit_dim d);
const char *fit_match_name(enum fit_match m);

void strlist_add(struct strlist *l, char *s);		/* takes ownership */
void strlist_addf(struct strlist *l, const char *fmt, ...) GH_PRINTF(2, 3);
void strlist_free(struct strlist *l);

/* Precedent fit (precedent.c). */
void precedent_rank(const struct gh_repo *r, const struct gh_request *req,
    size_t k, struct precedent_fit **out, size_t *n);
void precedent_fit_free(struct precedent_fit *f, size_t n);

#endif
