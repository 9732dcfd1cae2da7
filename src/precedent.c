/* precedent.c -- how well each earlier exception fits this request.
 *
 * Five dimensions from seed 000: service tier, engine-version gap, traffic
 * profile, rollback mechanism, coupling to driver changes.  Each is a
 * match, partial or mismatch; the similarity is their weighted mean.  A
 * mismatch on a critical dimension (tier, version gap, rollback) means the
 * precedent "does not support this case" however similar it looks.
 */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static const double dim_weight[FIT_DIMS] = { 0.30, 0.25, 0.15, 0.20, 0.10 };
static const bool dim_critical[FIT_DIMS] = { true, true, false, true, false };

const char *
fit_dim_name(enum fit_dim d)
{
	static const char *const n[] = { "tier", "version-gap", "traffic", "rollback",
		"driver-coupling" };

	return n[d];
}

const char *
fit_match_name(enum fit_match m)
{
	static const char *const n[] = { "match", "partial", "mismatch" };

	return n[m];
}

/* Rollback mechanisms fall into "switch back" and "restore" families. */
static int
rollback_family(int m)
{
	switch (m) {
	case RB_BLUE_GREEN_SWITCHBACK: case RB_LOGICAL_REVERSE: case RB_TRAFFIC: return 1;
	case RB_SNAPSHOT_RESTORE: case RB_PITR: case RB_BINARY_DOWNGRADE: return 2;
	default: return 3;
	}
}

static bool
peaky(int t)
{
	return t == TRAFFIC_PEAK_SEASONAL || t == TRAFFIC_BURSTY;
}

static long
gap_of(const struct gh_engine *e)
{
	if (e == NULL || e->current.n == 0 || e->target.n == 0)
		return -1;
	return e->target.part[0] - e->current.part[0];
}

/* The request's traffic profile is that of its most critical service. */
static int
request_traffic(const struct gh_request *r)
{
	int64_t tier = model_request_tier(r);
	size_t i;

	for (i = 0; i < r->services.n; i++)
		if (r->services.v[i].tier == tier)
			return r->services.v[i].traffic;
	return -1;
}

static enum fit_match
by_distance(long d)
{
	d = d < 0 ? -d : d;
	return d == 0 ? FIT_MATCH : d == 1 ? FIT_PARTIAL : FIT_MISMATCH;
}

static void
fit_one(const struct gh_request *r, const struct gh_precedent *p, struct precedent_fit *f)
{
	int64_t tier = model_request_tier(r);
	long g = gap_of(r->engine), pg = gap_of(p->engine);
	int tr = request_traffic(r), ptr = p->service ? p->service->traffic : -1;
	int rb = r->rollback ? r->rollback->mechanism : -1;
	bool coupled = r->drivers.n > 0;
	double sum = 0;
	int d;

	f->p = p;
	f->match[FIT_TIER] = p->service ? by_distance((long)(tier - p->service->tier)) : FIT_MISMATCH;
	f->detail[FIT_TIER] = xasprintf(_("tier %lld vs %lld"), (long long)tier,
	    p->service ? (long long)p->service->tier : -1LL);
	f->match[FIT_GAP] = (r->engine && p->engine && r->engine->kind == p->engine->kind &&
	    g >= 0 && pg >= 0) ? by_distance(g - pg) : FIT_MISMATCH;
	f->detail[FIT_GAP] = xasprintf(_("%s %s→%s vs %s %s→%s"),
	    r->engine ? schema_enum_name(gh_engine_kinds, r->engine->kind) : "?",
	    r->engine && r->engine->current.text ? r->engine->current.text : "?",
	    r->engine && r->engine->target.text ? r->engine->target.text : "?",
	    p->engine ? schema_enum_name(gh_engine_kinds, p->engine->kind) : "?",
	    p->engine && p->engine->current.text ? p->engine->current.text : "?",
	    p->engine && p->engine->target.text ? p->engine->target.text : "?");
	f->match[FIT_TRAFFIC] = tr < 0 || ptr < 0 ? FIT_MISMATCH : tr == ptr ? FIT_MATCH :
	    peaky(tr) == peaky(ptr) ? FIT_PARTIAL : FIT_MISMATCH;
	f->detail[FIT_TRAFFIC] = xasprintf("%s vs %s", tr < 0 ? "?" : gh_traffic_names[tr],
	    ptr < 0 ? "?" : gh_traffic_names[ptr]);
	f->match[FIT_ROLLBACK] = rb < 0 ? FIT_MISMATCH : rb == p->rollback ? FIT_MATCH :
	    rollback_family(rb) == rollback_family(p->rollback) ? FIT_PARTIAL : FIT_MISMATCH;
	f->detail[FIT_ROLLBACK] = xasprintf("%s vs %s", rb < 0 ? "?" : gh_rollback_names[rb],
	    schema_enum_name(gh_rollback_names, p->rollback));
	f->match[FIT_DRIVER] = coupled == p->driver_coupled ? FIT_MATCH : FIT_MISMATCH;
	f->detail[FIT_DRIVER] = xasprintf("%s vs %s", coupled ? _("driver change bundled") :
	    _("no driver change"), p->driver_coupled ? _("driver change bundled") :
	    _("no driver change"));
	f->supports = true;
	for (d = 0; d < FIT_DIMS; d++) {
		sum += dim_weight[d] * (f->match[d] == FIT_MATCH ? 1.0 :
		    f->match[d] == FIT_PARTIAL ? 0.5 : 0.0);
		if (dim_critical[d] && f->match[d] == FIT_MISMATCH)
			f->supports = false;
	}
	f->similarity = sum;
	f->incidents = p->outcome ? p->outcome->incidents.n : 0;
}

static int
fit_cmp(const void *a, const void *b)
{
	const struct precedent_fit *x = a, *y = b;
	long sx = lround(x->similarity * 1e6), sy = lround(y->similarity * 1e6);

	if (sx != sy)
		return sx > sy ? -1 : 1;
	return strcmp(x->p->id, y->p->id);
}

void
precedent_rank(const struct gh_repo *r, const struct gh_request *req, size_t k,
    struct precedent_fit **out, size_t *n)
{
	struct precedent_fit *f = xcalloc(r->precedents.n + 1, sizeof *f);
	size_t i;

	for (i = 0; i < r->precedents.n; i++)
		fit_one(req, r->precedents.v[i], &f[i]);
	if (r->precedents.n)
		qsort(f, r->precedents.n, sizeof *f, fit_cmp);
	for (i = k; i < r->precedents.n; i++) {
		int d;

		for (d = 0; d < FIT_DIMS; d++)
			free(f[i].detail[d]);
	}
	*n = r->precedents.n < k ? r->precedents.n : k;
	*out = f;
}

void
precedent_fit_free(struct precedent_fit *f, size_t n)
{
	size_t i;
	int d;

	for (i = 0; f && i < n; i++)
		for (d = 0; d < FIT_DIMS; d++)
			free(f[i].detail[d]);
	free(f);
}
