/* test_expr.c -- the gate language: literals, operators, types, paths
 * through the real schemas, quantifiers, built-ins, limits, parse error
 * positions, reads and explanations. */
#include <config.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "model.h"
#include "repo.h"

/* ---- fixtures ------------------------------------------------------------ */

static const char request_yaml[] =
	"id: PKT-1\n"
	"title: Upgrade orders-db to PostgreSQL 17\n"
	"kind: major-upgrade\n"
	"submitted: 2026-10-01\n"
	"requester:\n"
	"  name: Ana Lima\n"
	"engine:\n"
	"  kind: postgresql\n"
	"  provider: aws-rds\n"
	"  current: 16.4\n"
	"  target: 17.2\n"
	"services:\n"
	"  - name: orders\n"
	"    tier: 0\n"
	"    traffic: peak-seasonal\n"
	"    rto: 1h\n"
	"  - name: billing\n"
	"    tier: 2\n"
	"strategy: blue-green\n"
	"window:\n"
	"  start: 2026-11-14T02:00:00Z\n"
	"  end: 2026-11-14T06:00:00Z\n"
	"rollback:\n"
	"  mechanism: blue-green-switchback\n"
	"  checkpoint: 4h\n"
	"  estimated_time: 30m\n"
	"compatibility_window: 72h\n"
	"drivers:\n"
	"  - name: pgjdbc\n"
	"    from: 42.2.5\n"
	"    to: 42.7.4\n"
	"app_change:\n"
	"  ddl: additive\n"
	"  combined_with_engine: true\n"
	"deviations:\n"
	"  - kind: rollback-checkpoint\n"
	"    justification: the release train leaves no room\n"
	"rationale: Standard support ends soon.\n";

static const char gates_yaml[] =
	"parameters:\n"
	"  rollback_checkpoint_min: 24h\n"
	"  min_soak: 72h\n"
	"  max_version_gap: 1\n"
	"  target_floor: 16.10\n"
	"  label: \"hello\"\n"
	"  freeze-start: 2026-11-20\n"
	"gates:\n"
	"  - id: rollback-checkpoint\n"
	"    title: Rollback checkpoint\n"
	"    outcome: conditional\n"
	"    conditions: [keep blue environment for 24h]\n"
	"    evidence: [rehearsal, backup]\n"
	"    when: request.rollback.checkpoint < policy.rollback_checkpoint_min\n";

static const char rehearsal_yaml[] =
	"title: Rehearsal on staging\n"
	"type: rehearsal\n"
	"source:\n"
	"  system: jira\n"
	"  link: https://jira.example/REH-1\n"
	"collected_at: 2026-10-20T10:00:00Z\n"
	"sensitivity: internal\n"
	"data:\n"
	"  environment: staging\n"
	"  performed_at: 2026-10-19T02:00:00Z\n"
	"  target: 17.2\n"
	"  lock_time: 45s\n"
	"  runtime: 2h\n"
	"  wal_growth: 42GiB\n"
	"  result: pass\n"
	"  issues: [slow vacuum, replica lag]\n";

static const char compat_yaml[] =
	"title: Compatibility matrix\n"
	"type: compatibility-matrix\n"
	"source: {system: confluence, link: https://wiki.example/compat}\n"
	"collected_at: 2026-10-21\n"
	"sensitivity: internal\n"
	"data:\n"
	"  engine: 17\n"
	"  drivers:\n"
	"    - name: pgjdbc\n"
	"      current: 42.2.5\n"
	"      minimum: 42.6.0\n"
	"      planned: 42.7.4\n"
	"      status: upgrade-required\n"
	"    - name: psycopg\n"
	"      current: 2.9.9\n"
	"      minimum: 2.9.0\n"
	"      status: compatible\n"
	"  extensions:\n"
	"    - name: postgis\n"
	"      current: 3.3\n"
	"      status: compatible\n";

/* A schema of the test's own: hyphenated keys and scalar lists. */
struct typed {
	struct gh_obj o;
	gh_dur rto_target;
	const char *plain_key;
	struct gh_list vers, durs, ints, nums, flags, days, sizes, kinds;
};

static const char *const typed_kinds[] = { "alpha", "beta-gamma", NULL };

#define S struct typed
static const struct schema_field typed_fields[] = {
	SF(S, rto_target, "rto-target", FT_DUR, 0, "hyphenated key"),
	SF(S, plain_key, "plain_key", FT_STR, 0, "underscore key"),
	SF_LIST(S, vers, "vers", FT_VER, 0, "versions"),
	SF_LIST(S, durs, "durs", FT_DUR, 0, "durations"),
	SF_LIST(S, ints, "ints", FT_INT, 0, "integers"),
	SF_LIST(S, nums, "nums", FT_NUM, 0, "numbers"),
	SF_LIST(S, flags, "flags", FT_BOOL, 0, "bools"),
	SF_LIST(S, days, "days", FT_DATE, 0, "dates"),
	SF_LIST(S, sizes, "sizes", FT_SIZE, 0, "sizes"),
	SF_ENUMLIST(S, kinds, "kinds", typed_kinds, 0, "enums"),
	SF_END
};
#undef S
static const struct schema typed_schema = { "typed", sizeof(struct typed), typed_fields,
	NULL };

static const char typed_yaml[] =
	"rto-target: 90m\n"
	"plain_key: x\n"
	"vers: [16.4, 17, 16.10]\n"
	"durs: [1h, 2d]\n"
	"ints: [3, 5]\n"
	"nums: [0.5, 2.25]\n"
	"flags: [true, false]\n"
	"days: [2026-11-16, 2026-12-24]\n"
	"sizes: [1GiB, 500MB]\n"
	"kinds: [beta-gamma, alpha]\n";

#define BIG_N 400

struct fixture {
	struct arena a;		/* files and parsed expressions */
	struct arena scratch;	/* evaluation values */
	struct diags d;
	struct gh_request *req;
	struct gh_gates_file *gates;
	struct gh_evidence *rehearsal, *compat;
	struct typed *typed;
	struct expr_host_obj evhost;
	struct expr_array big;
	struct gh_value bigv[BIG_N];
	bool host_today;	/* the host resolves "today" itself */
	struct expr_env env;
	struct buf reason;
	struct gh_value out;
};

static gh_time
day(int64_t y, unsigned m, unsigned d)
{
	return val_days_from_civil(y, m, d) * 86400;
}

static void *
load(struct fixture *f, const char *name, const char *text, const struct schema *s)
{
	size_t before = f->d.errors;
	void *obj = repo_parse_file(&f->a, name, text, strlen(text), s, &f->d);

	if (obj == NULL || f->d.errors != before) {
		struct buf b = BUF_INIT;

		diags_print_text(&f->d, &b);
		fail_msg("fixture %s does not load:\n%s", name, buf_cstr(&b));
	}
	return obj;
}

static void
value_obj(struct gh_value *out, const void *p, const struct schema *s)
{
	out->t = VT_OBJ;
	out->u.obj.p = p;
	out->u.obj.s = s;
}

static enum expr_err
t_evidence(const void *p, const char *name, struct gh_value *out, struct buf *reason,
    void *host)
{
	const struct fixture *f = p;
	struct fixture *fh = host;
	char type[64];
	size_t i;

	memset(out, 0, sizeof *out);
	if (strcmp(name, "rehearsal") == 0) {
		expr_env_touch(&fh->env, f->rehearsal);
		value_obj(out, f->rehearsal, &gh_evidence_schema);
		return EXPR_OK;
	}
	if (strcmp(name, "compatibility_matrix") == 0) {
		expr_env_touch(&fh->env, f->compat);
		value_obj(out, f->compat, &gh_evidence_schema);
		return EXPR_OK;
	}
	snprintf(type, sizeof type, "%s", name);
	for (i = 0; type[i]; i++)
		if (type[i] == '_')
			type[i] = '-';
	if (schema_enum_index(gh_evidence_types, type) >= 0) {
		buf_printf(reason, "the packet has no %s evidence", type);
		return EXPR_E_NO_EVIDENCE;
	}
	buf_printf(reason, "unknown evidence type '%s'", name);
	return EXPR_E_NAME;
}

static enum expr_err
t_root(void *host, const char *name, struct gh_value *out, struct buf *reason)
{
	struct fixture *f = host;

	(void)reason;
	memset(out, 0, sizeof *out);
	if (strcmp(name, "request") == 0) {
		value_obj(out, f->req, &gh_request_schema);
	} else if (strcmp(name, "policy") == 0) {
		schema_get(schema_field(&gh_gates_schema, "parameters"), f->gates, out);
	} else if (strcmp(name, "gates") == 0) {
		value_obj(out, f->gates, &gh_gates_schema);
	} else if (strcmp(name, "evidence") == 0) {
		out->t = VT_HOST;
		out->u.obj.p = &f->evhost;
	} else if (strcmp(name, "typed") == 0) {
		value_obj(out, f->typed, &typed_schema);
	} else if (strcmp(name, "big") == 0) {
		out->t = VT_ARRAY;
		out->u.obj.p = &f->big;
	} else if (strcmp(name, "nothing") == 0) {
		out->t = VT_NULL;
	} else if (strcmp(name, "today") == 0 && f->host_today) {
		out->t = VT_TIME;
		out->date_only = true;
		out->u.time = day(2030, 1, 1);
	} else {
		return EXPR_E_NAME;	/* no reason: expr writes "unknown name" */
	}
	return EXPR_OK;
}

static enum expr_err
t_call(void *host, const char *name, const struct gh_value *args, size_t nargs,
    struct gh_value *out, struct buf *reason)
{
	(void)host;
	memset(out, 0, sizeof *out);
	if (strcmp(name, "has_evidence") == 0) {
		if (nargs != 1 || args[0].t != VT_STR) {
			buf_puts(reason, "has_evidence() needs one string");
			return EXPR_E_ARGS;
		}
		out->t = VT_BOOL;
		out->u.b = strcmp(args[0].u.s, "rehearsal") == 0 ||
		    strcmp(args[0].u.s, "compatibility-matrix") == 0;
		return EXPR_OK;
	}
	if (strcmp(name, "echo") == 0 && nargs == 1) {
		*out = args[0];
		return EXPR_OK;
	}
	if (strcmp(name, "outcome_of") == 0) {
		buf_printf(reason, "no gate '%s'", nargs && args[0].t == VT_STR ? args[0].u.s : "?");
		return EXPR_E_NAME;
	}
	if (strcmp(name, "broken") == 0)
		return EXPR_E_MISSING;
	return EXPR_E_NAME;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	size_t i;

	arena_init(&f->a);
	arena_init(&f->scratch);
	diags_init(&f->d);
	f->req = load(f, "request.yaml", request_yaml, &gh_request_schema);
	f->gates = load(f, "gates.yaml", gates_yaml, &gh_gates_schema);
	f->rehearsal = load(f, "rehearsal.yaml", rehearsal_yaml, &gh_evidence_schema);
	f->compat = load(f, "compat.yaml", compat_yaml, &gh_evidence_schema);
	f->typed = load(f, "typed.yaml", typed_yaml, &typed_schema);
	f->evhost.p = f;
	f->evhost.field = t_evidence;
	f->evhost.name = "evidence";
	for (i = 0; i < BIG_N; i++) {
		f->bigv[i].t = VT_NUM;
		f->bigv[i].u.n = (double)i;
	}
	f->big.v = f->bigv;
	f->big.n = BIG_N;
	expr_env_init(&f->env, &f->scratch, day(2026, 11, 1));
	f->env.host = f;
	f->env.root = t_root;
	f->env.call = t_call;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	expr_env_free(&f->env);
	buf_free(&f->reason);
	diags_free(&f->d);
	arena_free(&f->scratch);
	arena_free(&f->a);
	free(f);
	return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static struct expr *
parse_ok(struct fixture *f, const char *src, int line)
{
	struct expr_parse_error err;
	struct expr *e = expr_parse(&f->a, src, &err);

	if (e == NULL)
		fail_msg("line %d: '%s' does not parse: %s at %d", line, src, err.msg, err.offset);
	return e;
}

/* Parse and evaluate src; the value is in f->out, the reason in f->reason. */
static enum expr_err
run(struct fixture *f, const char *src, int line)
{
	struct expr *e = parse_ok(f, src, line);

	buf_reset(&f->reason);
	expr_env_reset(&f->env);
	return expr_eval(e, &f->env, &f->out, &f->reason);
}

static void
expect_ok(struct fixture *f, const char *src, int line)
{
	enum expr_err r = run(f, src, line);

	if (r != EXPR_OK)
		fail_msg("line %d: '%s' failed (%d): %s", line, src, r, buf_cstr(&f->reason));
	if (f->reason.len != 0)
		fail_msg("line %d: '%s' left a reason: %s", line, src, buf_cstr(&f->reason));
}

static void
expect_fmt(struct fixture *f, const char *src, enum gh_vtype t, const char *want, int line)
{
	struct buf b = BUF_INIT;

	expect_ok(f, src, line);
	expr_format_value(&f->out, &b);
	if (f->out.t != t || strcmp(buf_cstr(&b), want) != 0)
		fail_msg("line %d: '%s' gave %s %s, want %s %s", line, src,
		    expr_type_name(f->out.t), buf_cstr(&b), expr_type_name(t), want);
	buf_free(&b);
}

static void
expect_num(struct fixture *f, const char *src, double want, int line)
{
	expect_ok(f, src, line);
	if (f->out.t != VT_NUM || fabs(f->out.u.n - want) > 1e-9)
		fail_msg("line %d: '%s' gave %s %g, want %g", line, src,
		    expr_type_name(f->out.t), f->out.u.n, want);
}

static void
expect_bool(struct fixture *f, const char *src, bool want, int line)
{
	expect_ok(f, src, line);
	if (f->out.t != VT_BOOL || f->out.u.b != want)
		fail_msg("line %d: '%s' gave %s, want %s", line, src,
		    f->out.t == VT_BOOL ? (f->out.u.b ? "true" : "false") :
		    expr_type_name(f->out.t), want ? "true" : "false");
}

/* An evaluation error with this code; the reason equals want or, when
 * want starts with '~', contains the rest. */
static void
expect_err(struct fixture *f, const char *src, enum expr_err code, const char *want, int line)
{
	enum expr_err r = run(f, src, line);
	const char *got = buf_cstr(&f->reason);
	bool match = want[0] == '~' ? strstr(got, want + 1) != NULL : strcmp(got, want) == 0;

	if (r != code || !match)
		fail_msg("line %d: '%s' gave error %d '%s', want %d '%s'", line, src, r, got,
		    code, want);
}

static void
expect_parse_err(struct fixture *f, const char *src, int offset, const char *want, int line)
{
	struct expr_parse_error err;
	struct expr *e = expr_parse(&f->a, src, &err);

	if (e != NULL)
		fail_msg("line %d: '%s' parsed but should not", line, src);
	if (err.offset != offset || strstr(err.msg, want) == NULL)
		fail_msg("line %d: '%s' gave '%s' at %d, want '%s' at %d", line, src, err.msg,
		    err.offset, want, offset);
}

#define F ((struct fixture *)*state)
#define OK(src) expect_ok(F, src, __LINE__)
#define FMT(src, t, want) expect_fmt(F, src, t, want, __LINE__)
#define NUM(src, want) expect_num(F, src, want, __LINE__)
#define TRUE_(src) expect_bool(F, src, true, __LINE__)
#define FALSE_(src) expect_bool(F, src, false, __LINE__)
#define ERR(src, code, want) expect_err(F, src, code, want, __LINE__)
#define PERR(src, off, want) expect_parse_err(F, src, off, want, __LINE__)

static const char *
read_of(struct fixture *f, const char *path)
{
	size_t i;

	for (i = 0; i < f->env.reads.n; i++)
		if (strcmp(f->env.reads.v[i].path, path) == 0)
			return f->env.reads.v[i].value;
	return NULL;
}

static char *
explain(struct fixture *f, const char *src, int line)
{
	struct expr *e = parse_ok(f, src, line);
	struct buf b = BUF_INIT;

	buf_reset(&f->reason);
	expr_env_reset(&f->env);
	expr_eval(e, &f->env, &f->out, &f->reason);
	expr_explain(e, &f->env, &b);
	return buf_detach(&b);
}

#define EXPLAIN(src, want) do { \
	char *got_ = explain(F, src, __LINE__); \
	assert_string_equal(got_, want); \
	free(got_); \
} while (0)

/* ---- literals ------------------------------------------------------------ */

static void
test_literal_numbers(void **state)
{
	NUM("24", 24);
	NUM("0.5", 0.5);
	NUM("16.10", 16.1);
	NUM("007", 7);
	NUM("123456789012", 123456789012.0);
	FMT("0.25", VT_NUM, "0.25");
	FMT("100", VT_NUM, "100");
}

static void
test_literal_durations(void **state)
{
	FMT("72h", VT_DUR, "3d");
	assert_int_equal(F->out.u.dur, 72 * 3600);
	FMT("14d", VT_DUR, "14d");
	FMT("1d12h", VT_DUR, "1d12h");
	assert_int_equal(F->out.u.dur, 36 * 3600);
	FMT("30m", VT_DUR, "30m");
	FMT("45s", VT_DUR, "45s");
	FMT("2w", VT_DUR, "14d");
	FMT("0h", VT_DUR, "0h");
}

static void
test_literal_sizes(void **state)
{
	FMT("42GiB", VT_SIZE, "42GiB");
	assert_int_equal(F->out.u.size, 42LL * 1024 * 1024 * 1024);
	FMT("500MB", VT_SIZE, "476.8MiB");
	assert_int_equal(F->out.u.size, 500000000);
	FMT("1.5GB", VT_SIZE, "1.4GiB");
	FMT("512KiB", VT_SIZE, "512KiB");
}

static void
test_literal_dates(void **state)
{
	FMT("2026-11-16", VT_TIME, "2026-11-16");
	assert_true(F->out.date_only);
	assert_int_equal(F->out.u.time, day(2026, 11, 16));
	FMT("2026-11-16T02:00:00Z", VT_TIME, "2026-11-16T02:00:00Z");
	assert_false(F->out.date_only);
	FMT("2026-11-16T02:00:00+01:00", VT_TIME, "2026-11-16T01:00:00Z");
	FMT("2026-11-16T02:30Z", VT_TIME, "2026-11-16T02:30:00Z");
}

static void
test_literal_versions(void **state)
{
	FMT("v17", VT_VER, "v17");
	assert_int_equal(F->out.u.ver.n, 1);
	assert_int_equal(F->out.u.ver.part[0], 17);
	FMT("v16.4", VT_VER, "v16.4");
	assert_int_equal(F->out.u.ver.part[1], 4);
	FMT("42.7.4", VT_VER, "42.7.4");
	assert_int_equal(F->out.u.ver.n, 3);
}

static void
test_literal_strings(void **state)
{
	FMT("\"text\"", VT_STR, "\"text\"");
	assert_string_equal(F->out.u.s, "text");
	FMT("'single'", VT_STR, "\"single\"");
	OK("\"say \\\"hi\\\"\"");
	assert_string_equal(F->out.u.s, "say \"hi\"");
	OK("'it\\'s'");
	assert_string_equal(F->out.u.s, "it's");
	OK("\"back\\\\slash\"");
	assert_string_equal(F->out.u.s, "back\\slash");
	OK("'a \"b\"'");
	assert_string_equal(F->out.u.s, "a \"b\"");
	OK("\"\"");
	assert_string_equal(F->out.u.s, "");
	FMT("\"line\\nbreak\"", VT_STR, "\"line\\nbreak\"");
}

static void
test_literal_bool_null_list(void **state)
{
	FMT("true", VT_BOOL, "true");
	FMT("false", VT_BOOL, "false");
	FMT("null", VT_NULL, "null");
	FMT("[1, 2, 3]", VT_ARRAY, "[1, 2, 3]");
	FMT("[]", VT_ARRAY, "[]");
	FMT("[\"a\", 4h, [true]]", VT_ARRAY, "[\"a\", 4h, [true]]");
}

/* ---- operators and types ------------------------------------------------- */

static void
test_arith_numbers(void **state)
{
	NUM("1 + 2 * 3", 7);
	NUM("(1 + 2) * 3", 9);
	NUM("10 / 4", 2.5);
	NUM("-3 + 5", 2);
	NUM("2 - -1", 3);
	NUM("10 - 2 - 3", 5);
	NUM("24 / 2 / 3", 4);
	NUM("--4", 4);
	FMT("0.1 + 0.2", VT_NUM, "0.3");
}

static void
test_arith_time(void **state)
{
	FMT("2026-11-16 + 1d", VT_TIME, "2026-11-17");
	assert_true(F->out.date_only);
	FMT("2026-11-16 + 2h", VT_TIME, "2026-11-16T02:00:00Z");
	assert_false(F->out.date_only);
	FMT("2026-11-16T02:00:00Z - 3h", VT_TIME, "2026-11-15T23:00:00Z");
	FMT("2d + 2026-11-16", VT_TIME, "2026-11-18");
	FMT("2026-11-16 - 2026-11-14", VT_DUR, "2d");
	FMT("2026-11-14 - 2026-11-16", VT_DUR, "-2d");
	FMT("request.window.end - request.window.start", VT_DUR, "4h");
	TRUE_("request.window.start - 14d < today");
}

static void
test_arith_durations(void **state)
{
	FMT("1h + 30m", VT_DUR, "1h30m");
	FMT("4h * 2", VT_DUR, "8h");
	FMT("2 * 4h", VT_DUR, "8h");
	FMT("24h / 2", VT_DUR, "12h");
	FMT("1d / 3", VT_DUR, "8h");
	NUM("24h / 4h", 6);
	FMT("1h - 3h", VT_DUR, "-2h");
	FMT("-72h", VT_DUR, "-3d");
	FMT("1.5 * 1h", VT_DUR, "1h30m");
}

static void
test_arith_sizes(void **state)
{
	FMT("1GiB + 512MiB", VT_SIZE, "1.5GiB");
	FMT("1GiB - 512MiB", VT_SIZE, "512MiB");
	NUM("1GiB / 512MiB", 2);
	FMT("2 * 1GiB", VT_SIZE, "2GiB");
	FMT("1GiB / 4", VT_SIZE, "256MiB");
	TRUE_("evidence.rehearsal.wal_growth > 40GiB");
}

static void
test_arith_errors(void **state)
{
	ERR("1 + 4h", EXPR_E_TYPE, "cannot apply '+' to number 1 and duration 4h");
	ERR("\"a\" + \"b\"", EXPR_E_TYPE, "cannot apply '+' to string \"a\" and string \"b\"");
	ERR("2026-11-16 + 2026-11-17", EXPR_E_TYPE,
	    "cannot apply '+' to date 2026-11-16 and date 2026-11-17");
	ERR("4h * 2h", EXPR_E_TYPE, "cannot apply '*' to duration 4h and duration 2h");
	ERR("1 / 0", EXPR_E_TYPE, "division by zero in 1 / 0");
	ERR("4h / 0", EXPR_E_TYPE, "division by zero in 4h / 0");
	ERR("4h / 0h", EXPR_E_TYPE, "division by zero in 4h / 0h");
	ERR("2 / 4h", EXPR_E_TYPE, "cannot apply '/' to number 2 and duration 4h");
	ERR("-\"x\"", EXPR_E_TYPE, "cannot negate string \"x\"");
	ERR("1GiB + 1h", EXPR_E_TYPE, "~cannot apply '+' to size 1GiB and duration 1h");
	ERR("100000000000d * 100000000", EXPR_E_TYPE, "~out of range");
}

static void
test_compare_same_types(void **state)
{
	TRUE_("1 < 2");
	TRUE_("2 <= 2");
	FALSE_("2 > 2");
	TRUE_("3 >= 2.5");
	TRUE_("\"apple\" < \"banana\"");
	TRUE_("\"b\" > \"a\" and \"a\" >= \"a\"");
	TRUE_("2026-11-16 < 2026-11-16T00:00:01Z");
	TRUE_("2026-11-16 == 2026-11-16T00:00:00Z");
	TRUE_("4h < 1d");
	TRUE_("1d == 24h");
	TRUE_("1GiB > 1000MB");
	TRUE_("v16.4 < v17");
	TRUE_("v17 == v17.0");
	TRUE_("request.engine.current < request.engine.target");
	TRUE_("request.rollback.checkpoint < policy.rollback_checkpoint_min");
}

static void
test_compare_version_coercion(void **state)
{
	/* as numbers 16.10 < 16.9; against a version it is 16.10 */
	TRUE_("16.10 < 16.9");
	TRUE_("16.10 > v16.9");
	TRUE_("v16.9 < 16.10");
	TRUE_("17 == v17");
	TRUE_("16.4 >= request.engine.current");
	TRUE_("\"16.4\" < v17");
	TRUE_("request.engine.target == \"17.2\"");
	/* a policy parameter keeps its source text too */
	TRUE_("policy.target_floor > v16.9");
	TRUE_("request.engine.current < policy.target_floor");
	ERR("\"abc\" < v17", EXPR_E_TYPE, "cannot compare string \"abc\" with version v17");
}

static void
test_compare_mismatch(void **state)
{
	ERR("request.rollback.checkpoint < 24", EXPR_E_TYPE,
	    "cannot compare duration 4h with number 24");
	ERR("4h == 4", EXPR_E_TYPE, "cannot compare duration 4h with number 4");
	ERR("\"a\" < 1", EXPR_E_TYPE, "cannot compare string \"a\" with number 1");
	ERR("true < false", EXPR_E_TYPE, "cannot compare bool true with bool false");
	ERR("2026-11-16 > 4h", EXPR_E_TYPE, "cannot compare date 2026-11-16 with duration 4h");
	ERR("request < 1", EXPR_E_TYPE, "cannot compare object (request) with number 1");
	ERR("[1] == [1]", EXPR_E_TYPE, "cannot compare list [1] with list [1]");
	ERR("null < 1", EXPR_E_TYPE, "cannot compare null with number 1");
}

static void
test_equality_null_bool(void **state)
{
	TRUE_("null == null");
	FALSE_("1 == null");
	TRUE_("null != \"x\"");
	TRUE_("true != false");
	TRUE_("true == true");
	TRUE_("\"x\" == \"x\"");
	FALSE_("\"x\" == \"y\"");
	TRUE_("request.app_change.combined_with_engine == true");
	TRUE_("request.strategy == \"blue-green\"");
	TRUE_("nothing == null");
	TRUE_("request.rollback != null");
	TRUE_("request == request");
	/* reading a missing field still errors, even against null */
	ERR("request.soak.planned == null", EXPR_E_MISSING, "request.soak has no value");
}

static void
test_precedence(void **state)
{
	TRUE_("not true or true");
	FALSE_("not (true or true)");
	TRUE_("true or false and false");
	FALSE_("(true or false) and false");
	TRUE_("1 + 2 * 3 == 7 and not false");
	NUM("-2 * 3", -6);
	NUM("2 * -3 + 1", -5);
	TRUE_("not 1 > 2");
	TRUE_("not not true");
	TRUE_("2 not in [1, 3] and 1 in [1]");
	NUM("request.services[1].tier * 2 + 1", 5);
}

static void
test_logic_short_circuit(void **state)
{
	FALSE_("false and request.nosuch");
	TRUE_("true or request.soak.planned > 1h");
	TRUE_("true or (1 < \"a\")");
	ERR("1 and true", EXPR_E_TYPE, "'and' needs true or false, not number 1");
	ERR("true and 1", EXPR_E_TYPE, "'and' needs true or false, not number 1");
	ERR("false or \"x\"", EXPR_E_TYPE, "'or' needs true or false, not string \"x\"");
	ERR("not 1", EXPR_E_TYPE, "'not' needs true or false, not number 1");
	ERR("false or request.soak.planned > 1h", EXPR_E_MISSING, "request.soak has no value");
}

/* ---- paths --------------------------------------------------------------- */

static void
test_fields_request(void **state)
{
	FMT("request.id", VT_STR, "\"PKT-1\"");
	FMT("request.rollback.checkpoint", VT_DUR, "4h");
	FMT("request.engine.kind", VT_STR, "\"postgresql\"");
	FMT("request.engine.target", VT_VER, "17.2");
	FMT("request.window.start", VT_TIME, "2026-11-14T02:00:00Z");
	FMT("request.submitted", VT_TIME, "2026-10-01");
	FMT("request.state", VT_STR, "\"open\"");	/* enum default */
	FMT("request.rollback.no_rollback", VT_BOOL, "false");
	FMT("request.services[0].tier", VT_NUM, "0");
	FMT("request.rollback", VT_OBJ, "{\xe2\x80\xa6}");
	NUM("len(request.services)", 2);
	assert_int_equal(F->out.t, VT_NUM);
}

static void
test_field_underscore_mapping(void **state)
{
	FMT("typed.rto_target", VT_DUR, "1h30m");
	FMT("typed.plain_key", VT_STR, "\"x\"");
	ERR("typed.rto-target", EXPR_E_NAME, "~has no field 'rto'");
	FMT("policy.freeze_start", VT_TIME, "2026-11-20");
	FMT("policy.rollback_checkpoint_min", VT_DUR, "1d");
	NUM("policy.max_version_gap", 1);
	FMT("policy.label", VT_STR, "\"hello\"");
	ERR("policy.nosuch", EXPR_E_NAME, "policy has no field 'nosuch'");
	ERR("policy.min_soke", EXPR_E_NAME,
	    "policy has no field 'min_soke' (did you mean 'min_soak'?)");
}

static void
test_variant_fallthrough(void **state)
{
	FMT("evidence.rehearsal.lock_time", VT_DUR, "45s");
	FMT("evidence.rehearsal.data.lock_time", VT_DUR, "45s");
	FMT("evidence.rehearsal.title", VT_STR, "\"Rehearsal on staging\"");
	FMT("evidence.rehearsal.type", VT_STR, "\"rehearsal\"");
	FMT("evidence.rehearsal.result", VT_STR, "\"pass\"");
	FMT("evidence.rehearsal.issues", VT_LIST, "[\"slow vacuum\", \"replica lag\"]");
	FMT("evidence.compatibility_matrix.engine", VT_VER, "17");
	ERR("evidence.rehearsal.lock_tim", EXPR_E_NAME,
	    "evidence.rehearsal has no field 'lock_tim' (did you mean 'lock_time'?)");
	ERR("evidence.rehearsal.replica_lag", EXPR_E_MISSING,
	    "evidence.rehearsal.replica_lag has no value");
	ERR("evidence.backup.status", EXPR_E_NO_EVIDENCE, "the packet has no backup evidence");
	ERR("evidence.bogus", EXPR_E_NAME, "unknown evidence type 'bogus'");
	assert_int_equal(F->env.evidence.n, 0);
	OK("evidence.rehearsal.runtime + evidence.rehearsal.lock_time");
	assert_int_equal(F->env.evidence.n, 1);	/* touched once, deduplicated */
	assert_ptr_equal(F->env.evidence.v[0], F->rehearsal);
}

static void
test_missing_field(void **state)
{
	ERR("request.soak.planned", EXPR_E_MISSING, "request.soak has no value");
	ERR("request.decide_by", EXPR_E_MISSING, "request.decide_by has no value");
	ERR("request.change_record.id", EXPR_E_MISSING, "request.change_record has no value");
	ERR("request.rollback.boundary", EXPR_E_MISSING, "request.rollback.boundary has no value");
	ERR("request.soak.planned < 24h", EXPR_E_MISSING, "request.soak has no value");
	ERR("nothing.x", EXPR_E_MISSING, "nothing has no value");
}

static void
test_unknown_names(void **state)
{
	ERR("nosuch.x", EXPR_E_NAME, "unknown name 'nosuch'");
	ERR("request.tittle", EXPR_E_NAME, "request has no field 'tittle' (did you mean 'title'?)");
	ERR("request.rollback.zzz", EXPR_E_NAME, "request.rollback has no field 'zzz'");
	ERR("frobnicate(1)", EXPR_E_NAME, "unknown function 'frobnicate'");
	ERR("outcome_of(\"nope\")", EXPR_E_NAME, "no gate 'nope'");
	ERR("broken()", EXPR_E_MISSING, "broken() failed");
	ERR("request.id.x", EXPR_E_TYPE, "cannot read field 'x' of string \"PKT-1\"");
	F->env.call = NULL;
	ERR("has_evidence(\"rehearsal\")", EXPR_E_NAME, "unknown function 'has_evidence'");
	F->env.root = NULL;
	ERR("request", EXPR_E_NAME, "unknown name 'request'");
}

static void
test_index(void **state)
{
	FMT("request.services[0].name", VT_STR, "\"orders\"");
	NUM("request.services[1].tier", 2);
	FMT("evidence.compatibility_matrix.drivers[1].status", VT_STR, "\"compatible\"");
	FMT("[10, 20, 30][2]", VT_NUM, "30");
	FMT("typed.vers[2]", VT_VER, "16.10");
	FMT("request.rollback[\"checkpoint\"]", VT_DUR, "4h");
	FMT("policy[\"min_soak\"]", VT_DUR, "3d");
	ERR("request.services[5]", EXPR_E_MISSING,
	    "request.services[5] has no value (the list has 2 items)");
	ERR("request.services[-1]", EXPR_E_MISSING, "~has no value");
	ERR("request.services[0.5]", EXPR_E_TYPE, "a list index must be a whole number, not number 0.5");
	ERR("request.services[\"x\"]", EXPR_E_TYPE, "~a list index must be a whole number");
	ERR("request.id[0]", EXPR_E_TYPE, "cannot index string \"PKT-1\"");
}

static void
test_scalar_lists(void **state)
{
	FMT("typed.vers", VT_LIST, "[16.4, 17, 16.10]");
	FMT("typed.durs", VT_LIST, "[1h, 2d]");
	FMT("typed.ints", VT_LIST, "[3, 5]");
	FMT("typed.nums", VT_LIST, "[0.5, 2.25]");
	FMT("typed.flags", VT_LIST, "[true, false]");
	FMT("typed.days", VT_LIST, "[2026-11-16, 2026-12-24]");
	FMT("typed.sizes", VT_LIST, "[1GiB, 476.8MiB]");
	FMT("typed.kinds", VT_LIST, "[\"beta-gamma\", \"alpha\"]");
	TRUE_("v17 in typed.vers");
	TRUE_("16.10 in typed.vers");
	TRUE_("2d in typed.durs");
	TRUE_("5 in typed.ints");
	TRUE_("false in typed.flags");
	TRUE_("2026-12-24 in typed.days");
	TRUE_("\"beta-gamma\" in typed.kinds");
	TRUE_("\"rehearsal\" in gates.gates[0].evidence");
	NUM("count(k in typed.kinds: k == \"alpha\")", 1);
	FMT("max(typed.durs)", VT_DUR, "2d");
	FMT("max(typed.vers)", VT_VER, "17");
	FMT("min(typed.vers)", VT_VER, "16.4");
}

/* ---- quantifiers and membership ------------------------------------------ */

static void
test_quantifiers(void **state)
{
	TRUE_("any(s in request.services: s.tier == 0)");
	FALSE_("all(s in request.services: s.tier == 0)");
	TRUE_("all(s in request.services: s.tier <= 2)");
	NUM("count(s in request.services: s.tier < 3)", 2);
	TRUE_("any(d in evidence.compatibility_matrix.drivers: d.status == \"upgrade-required\")");
	TRUE_("all(x in [1, 2, 3]: x > 0)");
	FALSE_("any(x in []: true)");
	TRUE_("all(x in []: false)");
	NUM("count(x in []: true)", 0);
	NUM("count(x in [1, 2, 3, 4]: x > 2)", 2);
	TRUE_("any(i in evidence.rehearsal.issues: \"lag\" in i)");
	/* short-circuit: the error on the second item is never reached */
	TRUE_("any(x in [1, \"a\"]: x == 1)");
	ERR("any(x in [1, 2]: x)", EXPR_E_TYPE,
	    "the condition of any() must be true or false, not number 1");
	ERR("all(x in 5: true)", EXPR_E_TYPE, "all() needs a list, not number 5");
	TRUE_("any(s in request.services: s.rto > 30m)");
	ERR("all(s in request.services: s.rto > 30m)", EXPR_E_MISSING, "s.rto has no value");
}

static void
test_nested_quantifiers(void **state)
{
	TRUE_("any(s in request.services: any(d in request.drivers: "
	    "d.name == \"pgjdbc\" and s.tier == 0))");
	NUM("count(x in [1, 2, 3]: any(y in [2, 3, 4]: x == y))", 2);
	/* the inner variable shadows the outer one and the root */
	TRUE_("any(x in [1]: any(x in [5]: x == 5))");
	TRUE_("any(request in [1, 2]: request == 2)");
	FMT("request.id", VT_STR, "\"PKT-1\"");	/* scope ended */
	/* the outer variable stays visible inside */
	TRUE_("all(x in [1, 2]: any(y in [10, 20]: y == x * 10))");
	NUM("count(a in [1, 2, 3]: count(b in [1, 2, 3]: b < a) == 1)", 1);
}

static void
test_in_operator(void **state)
{
	TRUE_("\"orders\" in [\"orders\", \"billing\"]");
	TRUE_("3 not in [1, 2]");
	FALSE_("2 not in [1, 2]");
	TRUE_("\"sub\" in \"substring\"");
	FALSE_("\"xyz\" in \"substring\"");
	TRUE_("\"xyz\" not in \"substring\"");
	TRUE_("request.strategy in [\"blue-green\", \"canary\"]");
	TRUE_("null in [1, null]");
	TRUE_("4h in [1h, 4h]");
	FALSE_("\"4h\" in [1h, 4h]");	/* incomparable items do not match */
	TRUE_("request.services[0] in request.services");
	ERR("1 in 2", EXPR_E_TYPE, "~cannot test number 1 in number 2");
	ERR("1 in \"abc\"", EXPR_E_TYPE, "~cannot test number 1 in string \"abc\"");
}

/* ---- built-ins ----------------------------------------------------------- */

static void
test_builtin_present(void **state)
{
	FALSE_("present(request.soak.planned)");
	FALSE_("present(request.soak)");
	TRUE_("present(request.rollback.checkpoint)");
	FALSE_("present(null)");
	FALSE_("present(nothing)");
	FALSE_("present(evidence.backup)");
	FALSE_("present(evidence.backup.status)");
	TRUE_("present(evidence.rehearsal)");
	FALSE_("present(request.services[9])");
	TRUE_("not present(request.soak) or request.soak.planned < 72h");
	/* other errors are not caught */
	ERR("present(request.tittle)", EXPR_E_NAME, "~no field 'tittle'");
	ERR("present(1 < \"a\")", EXPR_E_TYPE, "~cannot compare");
}

static void
test_builtin_coalesce(void **state)
{
	FMT("coalesce(request.soak.planned, 0h)", VT_DUR, "0h");
	FMT("coalesce(request.rollback.checkpoint, 0h)", VT_DUR, "4h");
	NUM("coalesce(null, 3)", 3);
	FMT("coalesce(policy.rollback_checkpoint_min, 1h)", VT_DUR, "1d");
}

static void
test_builtin_coalesce_more(void **state)
{
	FMT("coalesce(evidence.backup.status, \"none\")", VT_STR, "\"none\"");
	FMT("coalesce(request.soak.planned, request.decide_by, 7d)", VT_DUR, "7d");
	ERR("coalesce(request.soak.planned)", EXPR_E_MISSING, "request.soak has no value");
	FMT("coalesce(null, null)", VT_NULL, "null");
	ERR("coalesce(request.tittle, 1)", EXPR_E_NAME, "~no field 'tittle'");
}

static void
test_builtin_len(void **state)
{
	NUM("len(request.services)", 2);
	NUM("len([1, 2, 3])", 3);
	NUM("len(\"abc\")", 3);
	NUM("len(\"\xc3\xa4" "b\")", 2);
	NUM("len([])", 0);
	NUM("len(evidence.rehearsal.issues)", 2);
	ERR("len(4)", EXPR_E_ARGS, "len() needs a list or a string, not number 4");
}

static void
test_builtin_min_max(void **state)
{
	NUM("min(3, 1, 2)", 1);
	NUM("max(3, 1, 2)", 3);
	FMT("max(4h, 1d)", VT_DUR, "1d");
	FMT("min(2026-11-16, 2026-11-14T12:00:00Z)", VT_TIME, "2026-11-14T12:00:00Z");
	NUM("max([1, 5, 2])", 5);
	NUM("max(7)", 7);
	FMT("min(v16, 17.1)", VT_VER, "v16");
	FMT("max(\"pear\", \"apple\")", VT_STR, "\"pear\"");
}

static void
test_builtin_min_max_errors(void **state)
{
	ERR("min(1, \"a\")", EXPR_E_ARGS, "min() cannot compare string \"a\" with number 1");
	ERR("max([])", EXPR_E_MISSING, "max() of an empty list has no value");
	ERR("max(true, false)", EXPR_E_ARGS, "~cannot compare bool");
	ERR("min(request)", EXPR_E_ARGS, "min() cannot order object (request)");
}

static void
test_builtin_days(void **state)
{
	/* today is 2026-11-01 */
	NUM("days_until(2026-11-14)", 13);
	NUM("days_until(2026-10-30)", -2);
	NUM("days_until(request.window.start)", 13);
	NUM("days_until(today)", 0);
	FMT("age(2026-10-01)", VT_DUR, "31d");
	FMT("age(request.submitted)", VT_DUR, "31d");
	FMT("age(2026-11-03)", VT_DUR, "-2d");
	NUM("days(36h)", 1.5);
	NUM("hours(1d)", 24);
	NUM("hours(request.rollback.checkpoint)", 4);
	ERR("days(3)", EXPR_E_ARGS, "days() needs a duration, not number 3");
	ERR("days_until(4h)", EXPR_E_ARGS, "days_until() needs a time, not duration 4h");
	F->env.today = GH_TIME_NONE;
	ERR("days_until(2026-11-14)", EXPR_E_MISSING, "today is not set");
}

static void
test_builtin_versions(void **state)
{
	NUM("major(v16.4)", 16);
	NUM("major(17)", 17);
	NUM("major(\"15.2\")", 15);
	NUM("major(request.engine.target)", 17);
	NUM("version_gap(request.engine.current, request.engine.target)", 1);
	NUM("version_gap(v13, v17.1)", 4);
	TRUE_("version_gap(request.engine.current, request.engine.target) <= policy.max_version_gap");
	ERR("major(true)", EXPR_E_ARGS, "major() needs a version, not bool true");
	ERR("major(\"x\")", EXPR_E_ARGS, "major() needs a version, not string \"x\"");
}

static void
test_builtin_strings(void **state)
{
	FMT("lower(\"AbC-1\")", VT_STR, "\"abc-1\"");
	TRUE_("contains(\"abcdef\", \"cd\")");
	FALSE_("contains(\"abcdef\", \"x\")");
	TRUE_("contains([1, 2], 2)");
	TRUE_("contains(evidence.rehearsal.issues, \"replica lag\")");
	FMT("weekday(2026-11-16)", VT_STR, "\"monday\"");
	FMT("weekday(2026-11-15T23:59:59Z)", VT_STR, "\"sunday\"");
	TRUE_("weekday(request.window.start) == \"saturday\"");
	ERR("lower(1)", EXPR_E_ARGS, "lower() needs a string, not number 1");
	ERR("contains(1, 2)", EXPR_E_ARGS, "contains() needs a string, not number 1");
	ERR("weekday(\"monday\")", EXPR_E_ARGS, "weekday() needs a time, not string \"monday\"");
}

static void
test_host_call(void **state)
{
	TRUE_("has_evidence(\"rehearsal\")");
	FALSE_("has_evidence(\"backup\")");
	NUM("echo(1 + 2)", 3);
	ERR("has_evidence(1)", EXPR_E_ARGS, "has_evidence() needs one string");
	/* arguments are evaluated first: their errors win */
	ERR("has_evidence(request.soak.planned)", EXPR_E_MISSING, "request.soak has no value");
	assert_string_equal(read_of(F, "has_evidence(request.soak.planned)"), "(missing)");
}

static void
test_today(void **state)
{
	FMT("today", VT_TIME, "2026-11-01");
	assert_true(F->out.date_only);
	TRUE_("today < request.window.start");
	F->host_today = true;
	FMT("today", VT_TIME, "2030-01-01");
}

/* ---- limits -------------------------------------------------------------- */

static void
test_budget(void **state)
{
	NUM("count(x in big: x < 10)", 10);
	/* 400 x 400 inner evaluations exceed the default budget of 100000 */
	ERR("count(x in big: any(y in big: y > 1000))", EXPR_E_LIMIT,
	    "evaluation budget of 100000 steps exceeded");
	F->env.budget = 50;
	ERR("count(x in big: x < 10)", EXPR_E_LIMIT, "evaluation budget of 50 steps exceeded");
	/* present() does not swallow the limit */
	ERR("present(count(x in big: true))", EXPR_E_LIMIT, "~budget");
	F->env.budget = 5000;
	NUM("count(x in big: x < 10)", 10);
}

/* ---- reads and explanations ---------------------------------------------- */

static void
test_reads(void **state)
{
	TRUE_("request.rollback.checkpoint < policy.rollback_checkpoint_min");
	assert_int_equal(F->env.reads.n, 2);
	assert_string_equal(F->env.reads.v[0].path, "request.rollback.checkpoint");
	assert_string_equal(F->env.reads.v[0].value, "4h");
	assert_string_equal(F->env.reads.v[1].path, "policy.rollback_checkpoint_min");
	assert_string_equal(F->env.reads.v[1].value, "24h");	/* as written */
	assert_null(read_of(F, "request"));
	assert_null(read_of(F, "request.rollback"));

	TRUE_("request.rollback.checkpoint < 24h and request.rollback.checkpoint > 1h");
	assert_int_equal(F->env.reads.n, 1);	/* deduplicated */

	FALSE_("present(request.soak.planned)");
	assert_string_equal(read_of(F, "request.soak.planned"), "(missing)");
	assert_string_equal(read_of(F, "present(request.soak.planned)"), "false");

	OK("evidence.rehearsal.lock_time");
	assert_string_equal(read_of(F, "evidence.rehearsal.lock_time"), "45s");

	TRUE_("any(d in evidence.compatibility_matrix.drivers: d.status == \"upgrade-required\")");
	assert_string_equal(read_of(F, "any(d in evidence.compatibility_matrix.drivers: "
	    "d.status == \"upgrade-required\")"), "true");
	assert_non_null(read_of(F, "evidence.compatibility_matrix.drivers"));
	assert_null(read_of(F, "d.status"));

	NUM("days_until(request.window.start)", 13);
	assert_string_equal(read_of(F, "days_until(request.window.start)"), "13");
	assert_string_equal(read_of(F, "request.window.start"), "2026-11-14T02:00:00Z");

	expr_env_reset(&F->env);
	assert_int_equal(F->env.reads.n, 0);
	assert_int_equal(F->env.evidence.n, 0);
}

static void
test_explain(void **state)
{
	EXPLAIN("request.rollback.checkpoint < policy.rollback_checkpoint_min",
	    "request.rollback.checkpoint = 4h < policy.rollback_checkpoint_min = 24h");
	EXPLAIN("request.rollback.checkpoint < 24h and present(request.soak)",
	    "request.rollback.checkpoint = 4h < 24h and present(request.soak) = false");
	EXPLAIN("(request.compatibility_window < 3d or request.rollback.checkpoint < 1d) and "
	    "not has_evidence(\"backup\")",
	    "(request.compatibility_window = 3d < 3d or request.rollback.checkpoint = 4h < 1d) "
	    "and not has_evidence(\"backup\") = false");
	/* the right side of a short-circuit was never read */
	EXPLAIN("false and request.rollback.checkpoint < 1d",
	    "false and request.rollback.checkpoint < 1d");
	EXPLAIN("any(d in evidence.compatibility_matrix.drivers: d.status == 'incompatible')",
	    "any(d in evidence.compatibility_matrix.drivers: d.status == \"incompatible\") = false");
	EXPLAIN("request.soak.planned < policy.min_soak",
	    "request.soak.planned = (missing) < policy.min_soak");
	EXPLAIN("1 - (2 - 3) * -request.services[1].tier",
	    "1 - (2 - 3) * -request.services[1].tier = 2");
	EXPLAIN("evidence.rehearsal.lock_time >   30s\n",
	    "evidence.rehearsal.lock_time = 45s > 30s");
}

static void
test_explain_without_eval(void **state)
{
	struct expr *e = parse_ok(F, "not  (a.b[ 1 ]>=v17)  or x in [1,'s']", __LINE__);
	struct buf b = BUF_INIT;

	expr_explain(e, NULL, &b);
	assert_string_equal(buf_cstr(&b), "not a.b[1] >= v17 or x in [1, \"s\"]");
	assert_string_equal(expr_source(e), "not  (a.b[ 1 ]>=v17)  or x in [1,'s']");
	buf_free(&b);
}

static void
test_format_value(void **state)
{
	struct gh_value v;
	struct buf b = BUF_INIT;

	(void)state;
	memset(&v, 0, sizeof v);
	v.t = VT_NUM;
	v.u.n = 24;
	expr_format_value(&v, &b);
	v.u.n = 0.5;
	buf_putc(&b, ' ');
	expr_format_value(&v, &b);
	v.u.n = -3;
	buf_putc(&b, ' ');
	expr_format_value(&v, &b);
	v.u.n = 1e20;
	buf_putc(&b, ' ');
	expr_format_value(&v, &b);
	v.t = VT_DUR;
	v.u.dur = 3 * 86400 + 4 * 3600;
	buf_putc(&b, ' ');
	expr_format_value(&v, &b);
	v.t = VT_STR;
	v.u.s = "a\"b\\c";
	buf_putc(&b, ' ');
	expr_format_value(&v, &b);
	v.t = VT_BOOL;
	v.u.b = true;
	buf_putc(&b, ' ');
	expr_format_value(&v, &b);
	v.t = VT_VER;
	memset(&v.u.ver, 0, sizeof v.u.ver);
	v.u.ver.n = 2;
	v.u.ver.part[0] = 16;
	v.u.ver.part[1] = 4;
	buf_putc(&b, ' ');
	expr_format_value(&v, &b);
	v.t = VT_HOST;
	buf_putc(&b, ' ');
	expr_format_value(&v, &b);
	assert_string_equal(buf_cstr(&b),
	    "24 0.5 -3 1e+20 3d4h \"a\\\"b\\\\c\" true 16.4 {\xe2\x80\xa6}");
	buf_free(&b);
	expr_format_value(NULL, &b);
	assert_string_equal(buf_cstr(&b), "");
	buf_free(&b);
}

static void
test_format_truncation(void **state)
{
	FMT("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]", VT_ARRAY,
	    "[1, 2, 3, 4, 5, 6, 7, 8, \xe2\x80\xa6]");
	FMT("[1, 2, 3, 4, 5, 6, 7, 8]", VT_ARRAY, "[1, 2, 3, 4, 5, 6, 7, 8]");
	FMT("[[[[[1]]]]]", VT_ARRAY, "[[[[[\xe2\x80\xa6]]]]]");
	FMT("request.services", VT_LIST, "[{\xe2\x80\xa6}, {\xe2\x80\xa6}]");
	FMT("policy", VT_LIST, "{\xe2\x80\xa6}");
	assert_string_equal(expr_type_name(VT_ARRAY), "list");
	assert_string_equal(expr_type_name(VT_HOST), "object");
	assert_string_equal(expr_type_name(VT_DUR), "duration");
}

static void
test_expr_compare(void **state)
{
	struct gh_value a, b;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.t = b.t = VT_NUM;
	a.u.n = 1;
	b.u.n = 2;
	assert_int_equal(expr_compare(&a, &b), -1);
	assert_int_equal(expr_compare(&b, &a), 1);
	assert_int_equal(expr_compare(&a, &a), 0);
	b.t = VT_STR;
	b.u.s = "1";
	assert_int_equal(expr_compare(&a, &b), EXPR_E_TYPE);
	b.t = VT_VER;
	memset(&b.u.ver, 0, sizeof b.u.ver);
	b.u.ver.n = 1;
	b.u.ver.part[0] = 1;
	assert_int_equal(expr_compare(&a, &b), 0);
	assert_int_equal(expr_compare(NULL, &b), EXPR_E_TYPE);
}

static void
test_eval_bool(void **state)
{
	struct expr *e = parse_ok(F, "request.rollback.checkpoint", __LINE__);
	bool v = true;

	buf_reset(&F->reason);
	assert_int_equal(expr_eval_bool(e, &F->env, &v, &F->reason), EXPR_E_TYPE);
	assert_string_equal(buf_cstr(&F->reason),
	    "the condition must be true or false, not duration 4h");
	assert_false(v);
	e = parse_ok(F, "request.rollback.checkpoint < 1d", __LINE__);
	buf_reset(&F->reason);
	assert_int_equal(expr_eval_bool(e, &F->env, &v, &F->reason), EXPR_OK);
	assert_true(v);
	assert_int_equal(F->reason.len, 0);
}

/* ---- parse errors -------------------------------------------------------- */

static void
test_parse_errors(void **state)
{
	PERR("(a and b", 8, "expected ')', found the end of the expression");
	PERR("(a and b   ", 8, "expected ')'");
	PERR("a # b", 2, "unexpected character '#'");
	PERR("a b", 2, "unexpected 'b' after a complete expression");
	PERR("a)", 1, "unexpected ')' after a complete expression");
	PERR("", 0, "empty expression");
	PERR("   ", 0, "empty expression");
	PERR("a and", 5, "expected a value after 'and'");
	PERR("a and ", 5, "expected a value after 'and'");
	PERR("a or or b", 5, "expected a value, found 'or'");
	PERR("a = b", 2, "use '=='");
	PERR("a && b", 2, "use 'and'");
	PERR("!a", 0, "use 'not'");
	PERR("'abc", 0, "unterminated string");
	PERR("\"a\\qb\"", 2, "unknown escape");
	PERR("5x", 1, "invalid duration");
	PERR("2026-13-01", 5, "invalid date: month out of range");
	PERR("2026-11-16x", 10, "after the date");
	PERR("2026-11-16T25:00:00Z", 11, "time of day out of range");
	PERR("1 < 2 < 3", 6, "comparisons cannot be chained");
	PERR("a.", 2, "expected a field name after '.'");
	PERR("a.5", 2, "expected a field name after '.'");
	PERR("[1, 2", 5, "expected ']'");
	PERR("f(1,)", 4, "expected a value, found ')'");
	PERR("a[1", 3, "expected ']'");
	PERR("x \xc3\xa4", 2, "unexpected character '\xc3\xa4'");
}

static void
test_parse_errors_functions(void **state)
{
	PERR("present()", 0, "present() needs at least 1 argument(s), not 0");
	PERR("1 + present(a, b)", 4, "present() takes at most 1 argument(s), not 2");
	PERR("version_gap(v1)", 0, "version_gap() needs at least 2 argument(s)");
	PERR("any(1 in x: y)", 4, "expected a variable name after 'any(', found '1'");
	PERR("any(x of y: z)", 6, "expected 'in', found 'of'");
	PERR("all(x in y z)", 11, "expected ':', found 'z'");
	PERR("count(x in y: z", 15, "expected ')'");
	PERR("not in x", 0, "'not in' needs a value on its left");
}

static void
test_parse_limits(void **state)
{
	char buf[400];
	struct buf b = BUF_INIT;
	int i;

	/* 64 levels of parentheses parse, 65 do not */
	memset(buf, '(', 64);
	buf[64] = 'x';
	memset(buf + 65, ')', 64);
	buf[129] = '\0';
	parse_ok(F, buf, __LINE__);
	memset(buf, '(', 65);
	buf[65] = 'x';
	memset(buf + 66, ')', 65);
	buf[131] = '\0';
	PERR(buf, 64, "nested too deeply (more than 64 levels)");
	/* deep "not" and "-" chains are bounded too */
	for (i = 0; i < 100; i++)
		buf_puts(&b, "not ");
	buf_puts(&b, "true");
	PERR(buf_cstr(&b), 256, "nested too deeply");
	buf_reset(&b);
	for (i = 0; i < 100; i++)
		buf_puts(&b, "-");
	buf_puts(&b, "1");
	PERR(buf_cstr(&b), 64, "nested too deeply");
	/* long flat chains are bounded by the tree height */
	buf_reset(&b);
	buf_puts(&b, "1");
	for (i = 0; i < 200; i++)
		buf_puts(&b, " + 1");
	PERR(buf_cstr(&b), 0, "expression too complex");
	buf_reset(&b);
	buf_puts(&b, "a");
	for (i = 0; i < 200; i++)
		buf_puts(&b, ".b");
	PERR(buf_cstr(&b), 0, "expression too complex");
	/* overall length */
	buf_reset(&b);
	for (i = 0; i < 5000; i++)
		buf_puts(&b, "1 ");
	PERR(buf_cstr(&b), 8192, "expression too long");
	buf_free(&b);
}

/* Parse a gates file and return the diagnostic for gate i's "when". */
static const struct diag *
src_diag(struct fixture *f, const char *yaml, size_t i)
{
	struct gh_gates_file *g = load(f, "gates.yaml", yaml, &gh_gates_schema);
	size_t before = f->d.n;

	assert_true(i < g->gates.n);
	assert_null(expr_parse_src(&f->a, &g->gates.v[i].when, "gates.yaml", &f->d));
	assert_int_equal(f->d.n, before + 1);
	return &f->d.v[f->d.n - 1];
}

/* A folded (>-) expression: its lines are joined with spaces, yet the
 * error must point at the line and column in the file. */
static void
test_parse_src_folded(void **state)
{
	static const char yaml[] =
	    "gates:\n"
	    "  - id: a\n"
	    "    title: A\n"
	    "    outcome: block\n"
	    "    when: >-\n"
	    "      request.x and\n"
	    "      (b or = c)\n";
	const struct diag *g = src_diag(*state, yaml, 0);

	assert_int_equal(g->line, 7);
	assert_int_equal(g->col, 6 + 7);	/* the '=' of "(b or = c)" */
}

static void
test_parse_src_positions(void **state)
{
	static const char yaml[] =
		"gates:\n"
		"  - id: a\n"
		"    title: A\n"
		"    outcome: block\n"
		"    when: request.x and (b\n"
		"  - id: b\n"
		"    title: B\n"
		"    outcome: block\n"
		"    when: \"c or = d\"\n"
		"  - id: c\n"
		"    title: C\n"
		"    outcome: block\n"
		"    when: |\n"
		"      x and\n"
		"      (y\n"
		"  - id: d\n"
		"    title: D\n"
		"    outcome: block\n"
		"    when: ok\n";
	const struct diag *g;
	struct gh_gates_file *gf;

	g = src_diag(F, yaml, 0);
	assert_string_equal(g->file, "gates.yaml");
	assert_int_equal(g->line, 5);
	assert_int_equal(g->col, 11 + 16);
	assert_string_equal(g->msg, "invalid expression: expected ')', found the end of the "
	    "expression (at column 17 of the expression)");
	g = src_diag(F, yaml, 1);
	assert_int_equal(g->line, 9);
	assert_int_equal(g->col, 12 + 5);	/* after the opening quote */
	assert_string_equal(g->msg, "invalid expression: unexpected '='; use '==' to compare "
	    "(at column 6 of the expression)");
	g = src_diag(F, yaml, 2);
	assert_int_equal(g->line, 15);		/* the line of "(y" */
	assert_int_equal(g->col, 6 + 3);	/* its indentation counts: a file column */
	assert_string_equal(g->msg, "invalid expression: expected ')', found the end of the "
	    "expression (at line 2, column 3 of the expression)");
	gf = load(F, "gates.yaml", yaml, &gh_gates_schema);
	assert_non_null(expr_parse_src(&F->a, &gf->gates.v[3].when, "gates.yaml", &F->d));
	assert_null(expr_parse_src(&F->a, &gf->gates.v[3].applies, "gates.yaml", &F->d));
}

/* ---- robustness ---------------------------------------------------------- */

static void
test_null_safety(void **state)
{
	struct expr_parse_error err;
	struct buf b = BUF_INIT;
	struct gh_value v;
	bool x;

	assert_null(expr_parse(&F->a, NULL, &err));
	assert_null(expr_parse(NULL, "1", &err));
	assert_null(expr_parse(&F->a, "(", NULL));
	assert_null(expr_parse_src(&F->a, NULL, "f", &F->d));
	assert_int_not_equal(expr_eval(NULL, &F->env, &v, &b), EXPR_OK);
	assert_int_not_equal(expr_eval(parse_ok(F, "1", __LINE__), NULL, &v, NULL), EXPR_OK);
	assert_int_not_equal(expr_eval_bool(NULL, &F->env, &x, NULL), EXPR_OK);
	assert_int_equal(expr_eval(parse_ok(F, "1 < 2", __LINE__), &F->env, NULL, NULL), EXPR_OK);
	expr_explain(NULL, &F->env, &b);
	assert_string_equal(expr_source(NULL), "");
	expr_env_reset(NULL);
	expr_env_free(NULL);
	expr_env_touch(NULL, F);
	buf_free(&b);
}

/* Random input never crashes the parser or the evaluator. */
static void
test_random_input(void **state)
{
	static const char *const words[] = { "request", ".", "rollback", "checkpoint", "(",
		")", "[", "]", "and", "or", "not", "in", "<", "==", "+", "-", "*", "/", "1",
		"0", "4h", "v17", "2026-11-16", "\"s\"", "any", "x", ":", ",", "present",
		"len", "null", "true", "big", "services", "0.5", "'", "\\", "#", "evidence",
		"rehearsal", "policy", "min_soak", "max", "days_until", "1GiB", "count" };
	struct buf b = BUF_INIT;
	unsigned seed = 12345;
	int i, k, parsed = 0;

	for (i = 0; i < 3000; i++) {
		struct expr_parse_error err;
		struct expr *e;
		struct gh_value v;
		int n;

		buf_reset(&b);
		seed = seed * 1103515245u + 12345u;
		n = 1 + (int)(seed >> 16) % 12;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			buf_puts(&b, words[(seed >> 16) % GH_ARRAY_SIZE(words)]);
			if ((seed >> 8) & 1)
				buf_putc(&b, ' ');
		}
		e = expr_parse(&F->a, buf_cstr(&b), &err);
		if (e == NULL) {
			assert_true(err.offset >= 0 && (size_t)err.offset <= b.len);
			assert_true(err.msg[0] != '\0');
			continue;
		}
		parsed++;
		buf_reset(&F->reason);
		expr_env_reset(&F->env);
		expr_eval(e, &F->env, &v, &F->reason);
		buf_reset(&F->reason);
		expr_explain(e, &F->env, &F->reason);
	}
	assert_true(parsed > 100);
	buf_free(&b);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_literal_numbers),
		T(test_literal_durations),
		T(test_literal_sizes),
		T(test_literal_dates),
		T(test_literal_versions),
		T(test_literal_strings),
		T(test_literal_bool_null_list),
		T(test_arith_numbers),
		T(test_arith_time),
		T(test_arith_durations),
		T(test_arith_sizes),
		T(test_arith_errors),
		T(test_compare_same_types),
		T(test_compare_version_coercion),
		T(test_compare_mismatch),
		T(test_equality_null_bool),
		T(test_precedence),
		T(test_logic_short_circuit),
		T(test_fields_request),
		T(test_field_underscore_mapping),
		T(test_variant_fallthrough),
		T(test_missing_field),
		T(test_unknown_names),
		T(test_index),
		T(test_scalar_lists),
		T(test_quantifiers),
		T(test_nested_quantifiers),
		T(test_in_operator),
		T(test_builtin_present),
		T(test_builtin_coalesce),
		T(test_builtin_coalesce_more),
		T(test_builtin_len),
		T(test_builtin_min_max),
		T(test_builtin_min_max_errors),
		T(test_builtin_days),
		T(test_builtin_versions),
		T(test_builtin_strings),
		T(test_host_call),
		T(test_today),
		T(test_budget),
		T(test_reads),
		T(test_explain),
		T(test_explain_without_eval),
		T(test_format_value),
		T(test_format_truncation),
		T(test_expr_compare),
		T(test_eval_bool),
		T(test_parse_errors),
		T(test_parse_errors_functions),
		T(test_parse_limits),
		T(test_parse_src_positions),
		T(test_parse_src_folded),
		T(test_null_safety),
		T(test_random_input),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
