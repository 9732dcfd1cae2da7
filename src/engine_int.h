/* engine_int.h -- shared between the engine's files; not for views. */
#ifndef GH_ENGINE_INT_H
#define GH_ENGINE_INT_H

#include "engine.h"

/* A request path overridden by an option's "set:". */
struct override {
	const char *path;		/* "request.rollback.checkpoint" */
	struct gh_value v;
};

/* The policy's expressions, parsed once per repository.  An entry is NULL
 * when the source is absent or did not parse (then *_err says why). */
struct compiled {
	struct expr *e;
	char *err;
};

struct engine {
	const struct gh_repo *r;
	struct arena arena;
	struct compiled *gate_applies, *gate_when;	/* by gate index */
	struct compiled *opt_applies;			/* by option index */
	struct compiled **opt_set;			/* [option][set entry] */
	struct compiled *route_when;			/* by route index */
};

/* Everything one evaluation needs; the expr host. */
struct engine_ctx {
	const struct engine *eng;
	const struct gh_repo *r;
	const struct gh_packet *pk;
	const struct gh_request *req;
	struct arena scratch;		/* values of one expression run */
	struct arena perm;		/* override values of the current option */
	struct expr_env env;
	const struct override *ov;
	size_t nov;
	const struct gate_eval *results;	/* for fired() */
	size_t nresults;
	const struct gh_option *option;
	bool trace;			/* keep explanations and reads */
};

void engine_ctx_init(struct engine_ctx *c, const struct engine *eng,
    const struct gh_packet *pk, gh_time today);
void engine_ctx_free(struct engine_ctx *c);
/* Start a fresh expression run: scratch, reads and evidence cleared. */
void engine_ctx_reset(struct engine_ctx *c);

/* Evaluate a compiled condition in the current context.  Returns EXPR_OK
 * and *out, or an error with the reason in *reason.  Fills *explain. */
enum expr_err engine_cond(struct engine_ctx *c, const struct compiled *x, bool *out,
    struct buf *reason, char **explain);

/* Evidence helpers. */
const struct gh_evidence *engine_newest_evidence(const struct gh_packet *pk, int type);
bool engine_has_evidence(const struct gh_packet *pk, int type);
/* A placeholder of that type the reader cannot open, or NULL. */
const struct gh_evidence *engine_redacted_evidence(const struct gh_packet *pk, int type);
/* Why there is no readable evidence of a type (absent, or restricted). */
void engine_no_evidence_reason(const struct engine_ctx *c, int type, struct buf *reason);

/* Freeze arithmetic over the calendar's hard freezes that cover one of the
 * request's services.  Times in seconds; freeze ends are inclusive days. */
bool engine_freeze_overlap(const struct engine_ctx *c, gh_time start, gh_time end,
    const struct gh_freeze **which);
gh_time engine_next_free_day(const struct engine_ctx *c, gh_time t);

/* Policy parameter by name, or NULL. */
const struct gh_value *engine_param(const struct gh_repo *r, const char *name);

/* Gates (engine.c) and options (engine_option.c). */
void engine_run_gates(struct engine_ctx *c, struct gate_eval **out, size_t *n);
void gate_evals_free(struct gate_eval *g, size_t n);
void engine_run_options(struct engine_ctx *c, const struct gate_eval *base, size_t nbase,
    struct option_eval **out, size_t *n);
void option_evals_free(struct option_eval *o, size_t n);

#endif
