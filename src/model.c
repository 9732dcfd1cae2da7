/* model.c -- schemas of the packet repository files and their
 * cross-field rules.  The field tables are the format's definition:
 * keep man/gatehouse-packet.5 in step with them. */
#include <config.h>

#include <string.h>

#include "model.h"

const char *const gh_engine_kinds[] = { "postgresql", "mongodb", "sqlserver", NULL };
const char *const gh_traffic_names[] = { "steady", "diurnal", "peak-seasonal", "bursty",
	"batch", NULL };
const char *const gh_strategy_names[] = { "in-place", "blue-green", "logical-replication",
	"managed-upgrade", "rolling", "canary", "dump-restore", NULL };
const char *const gh_rollback_names[] = { "blue-green-switchback", "snapshot-restore",
	"pitr", "logical-reverse", "traffic", "binary-downgrade", "none", NULL };
const char *const gh_request_states[] = { "open", "decided", "withdrawn", NULL };
const char *const gh_request_kinds[] = { "major-upgrade", "minor-patch",
	"engine-migration", "config-change", NULL };
const char *const gh_ddl_kinds[] = { "none", "additive", "behavioral", "destructive", NULL };
const char *const gh_deviation_kinds[] = { "compatibility-window", "rollback-checkpoint",
	"soak", "combined-change", "freeze-window", "other", NULL };
const char *const gh_evidence_types[] = { "support-timeline", "compatibility-matrix",
	"rehearsal", "backup", "restore-test", "observability-baseline",
	"performance-regression", "runbook", "release-calendar", "link", "upgrade-check",
	NULL };
const char *const gh_sensitivities[] = { "public", "internal", "confidential",
	"service-topology", "customer-impact", "incident-history",
	"privileged-infrastructure", NULL };
const char *const gh_compat_statuses[] = { "compatible", "upgrade-required",
	"incompatible", "unknown", NULL };
const char *const gh_results[] = { "pass", "fail", "partial", NULL };
const char *const gh_healths[] = { "healthy", "degraded", "failing", NULL };
const char *const gh_runbook_kinds[] = { "major-upgrade", "cutover", "emergency-rollback",
	"lock-storm", "post-upgrade-validation", "other", NULL };
const char *const gh_review_kinds[] = { "comment", "signoff", "decision", NULL };
const char *const gh_signoff_states[] = { "concur", "concur-with-conditions", "dissent",
	"recuse", NULL };
const char *const gh_decisions[] = { "support", "narrow", "escalate", NULL };
const char *const gh_target_kinds[] = { "packet", "gate", "option", "evidence",
	"precedent", NULL };
const char *const gh_gate_outcomes[] = { "block", "escalate", "conditional", NULL };
const char *const gh_option_kinds[] = { "as-scoped", "counter", NULL };
const char *const gh_freeze_kinds[] = { "hard", "soft", NULL };
const char *const gh_weekdays[] = { "sunday", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", NULL };
const char *const gh_outcome_results[] = { "success", "success-with-issues", "failed",
	"rolled-back", "not-executed", NULL };
const char *const gh_severities[] = { "sev1", "sev2", "sev3", "sev4", NULL };
const char *const gh_permissions[] = { "comment", "signoff", "decide", "read", NULL };
const char *const gh_confidences[] = { "verified", "secondary", "unverified", NULL };
const char *const gh_check_results[] = { "ok", "warning", "fatal", NULL };

/* ---- shared pieces --------------------------------------------------- */

#define S struct gh_link
static const struct schema_field link_fields[] = {
	SF(S, title, "title", FT_STR, 0, N_("what the link points to")),
	SF(S, url, "url", FT_URL, SF_REQUIRED, N_("https:// address or repository path")),
	SF_END
};
#undef S
static const struct schema link_schema = { "link", sizeof(struct gh_link), link_fields, NULL };

#define S struct gh_person_ref
static const struct schema_field person_ref_fields[] = {
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("full name")),
	SF(S, email, "email", FT_STR, 0, N_("e-mail address")),
	SF(S, team, "team", FT_STR, 0, N_("team")),
	SF_END
};
#undef S
static const struct schema person_ref_schema = { "person", sizeof(struct gh_person_ref),
	person_ref_fields, NULL };

#define S struct gh_service
static const struct schema_field service_fields[] = {
	SF(S, name, "name", FT_ID, SF_REQUIRED, N_("service name")),
	SF_INT(S, tier, "tier", SF_REQUIRED, 0, 3, N_("criticality tier, 0 (most critical) to 3")),
	SF_ENUM(S, traffic, "traffic", gh_traffic_names, 0, N_("traffic profile")),
	SF(S, rto, "rto", FT_DUR, 0, N_("recovery time objective")),
	SF(S, owner, "owner", FT_STR, 0, N_("owning team")),
	SF_END
};
#undef S
static const struct schema service_schema = { "service", sizeof(struct gh_service),
	service_fields, NULL };

#define S struct gh_engine
static const struct schema_field engine_fields[] = {
	SF_ENUM(S, kind, "kind", gh_engine_kinds, SF_REQUIRED, N_("database engine")),
	SF(S, provider, "provider", FT_ID, 0, N_("managed service or self-managed")),
	SF(S, current, "current", FT_VER, SF_REQUIRED, N_("version running now")),
	SF(S, target, "target", FT_VER, SF_REQUIRED, N_("version asked for")),
	SF_END
};
#undef S
static const struct schema engine_schema = { "engine", sizeof(struct gh_engine),
	engine_fields, NULL };

/* ---- gatehouse.yaml -------------------------------------------------- */

static void
check_settings(struct load_ctx *c, void *obj)
{
	struct gh_settings *s = obj;

	if (s->schema != GH_INT_NONE && s->schema != GH_SCHEMA_VERSION)
		load_error(c, schema_pos_of(&s->o, "schema"),
		    _("unsupported schema version %lld (this gatehouse reads version %d)"),
		    (long long)s->schema, GH_SCHEMA_VERSION);
}

#define S struct gh_settings
static const struct schema_field settings_fields[] = {
	SF_INT(S, schema, "schema", SF_REQUIRED, 0, 0, N_("format version, 1")),
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("repository name")),
	SF(S, description, "description", FT_TEXT, 0, N_("what this repository reviews")),
	SF(S, restricted, "restricted", FT_STR, 0, N_("path of the restricted companion repository")),
	SF_END
};
#undef S
const struct schema gh_settings_schema = { "gatehouse.yaml", sizeof(struct gh_settings),
	settings_fields, check_settings };

/* ---- policy/gates.yaml ----------------------------------------------- */

static void
check_gate(struct load_ctx *c, void *obj)
{
	struct gh_gate *g = obj;

	if (g->outcome == GATE_OUT_CONDITIONAL && g->conditions.n == 0)
		load_error(c, g->o.pos, _("gate '%s' is conditional but lists no 'conditions'"),
		    g->id ? g->id : "?");
}

#define S struct gh_gate
static const struct schema_field gate_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("unique gate identifier")),
	SF(S, title, "title", FT_STR, SF_REQUIRED, N_("one-line name")),
	SF(S, description, "description", FT_TEXT, 0, N_("longer explanation")),
	SF_BOOL(S, hard, "hard", "false", N_("hard trigger: forces escalation, never scored")),
	SF_ENUM(S, outcome, "outcome", gh_gate_outcomes, SF_REQUIRED, N_("result when the gate fires")),
	SF(S, applies, "applies", FT_EXPR, 0, N_("condition under which the gate applies")),
	SF(S, when, "when", FT_EXPR, SF_REQUIRED, N_("the gate fires when this is true")),
	SF_ENUMLIST(S, evidence, "evidence", gh_evidence_types, 0, N_("evidence types it relies on")),
	SF_LIST(S, conditions, "conditions", FT_STR, 0, N_("conditions attached when conditional")),
	SF(S, message, "message", FT_TEXT, 0, N_("explanation shown when it fires")),
	SF(S, rule, "rule", FT_STR, 0, N_("source rule, e.g. NS-PG-008 section 7")),
	SF_END
};
#undef S
static const struct schema gate_schema = { "gate", sizeof(struct gh_gate), gate_fields,
	check_gate };

#define S struct gh_gates_file
static const struct schema_field gates_fields[] = {
	{ .key = "parameters", .type = FT_PARAMS, .off = offsetof(S, parameters),
	  .doc = N_("named policy values: policy.NAME in expressions") },
	SF_OBJLIST(S, gates, "gates", &gate_schema, SF_REQUIRED, N_("the gates")),
	SF_END
};
#undef S
const struct schema gh_gates_schema = { "policy/gates.yaml", sizeof(struct gh_gates_file),
	gates_fields, NULL };

/* ---- policy/options.yaml --------------------------------------------- */

#define S struct gh_step
static const struct schema_field step_fields[] = {
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("what happens in this step")),
	SF(S, duration, "duration", FT_DUR, SF_REQUIRED, N_("how long it takes")),
	SF_BOOL(S, production, "production", "false", N_("touches production (not in a freeze)")),
	SF_BOOL(S, window, "window", "false", N_("the change window the gates check (default: the last production step)")),
	SF_END
};
#undef S
static const struct schema step_schema = { "step", sizeof(struct gh_step), step_fields, NULL };

static void
check_unit_interval(struct load_ctx *c, const struct gh_obj *o, const char *key, double v)
{
	if (v != GH_NUM_NONE && (v < 0 || v > 1))
		load_error(c, schema_pos_of(o, key), _("'%s' must be between 0 and 1"), key);
}

static void
check_score(struct load_ctx *c, void *obj)
{
	struct gh_option_score *s = obj;

	check_unit_interval(c, &s->o, "customer_impact", s->customer_impact);
	check_unit_interval(c, &s->o, "rollback_strength", s->rollback_strength);
	check_unit_interval(c, &s->o, "deadline_risk", s->deadline_risk);
}

#define S struct gh_option_score
static const struct schema_field score_fields[] = {
	SF(S, customer_impact, "customer_impact", FT_NUM, SF_REQUIRED, N_("0 none .. 1 severe")),
	SF(S, rollback_strength, "rollback_strength", FT_NUM, SF_REQUIRED, N_("0 none .. 1 instant")),
	SF(S, deadline_risk, "deadline_risk", FT_NUM, SF_REQUIRED, N_("0 none .. 1 certain miss")),
	SF_END
};
#undef S
static const struct schema score_schema = { "score", sizeof(struct gh_option_score),
	score_fields, check_score };

#define S struct gh_option
static const struct schema_field option_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("unique option identifier")),
	SF(S, title, "title", FT_STR, SF_REQUIRED, N_("one-line name")),
	SF(S, description, "description", FT_TEXT, 0, N_("what the option does")),
	SF_ENUM(S, kind, "kind", gh_option_kinds, SF_REQUIRED, N_("as-scoped or counter")),
	SF(S, applies, "applies", FT_EXPR, 0, N_("offered only when this is true")),
	{ .key = "set", .type = FT_EXPRMAP, .off = offsetof(S, set),
	  .doc = N_("request fields this option changes: path -> expression") },
	SF_OBJLIST(S, steps, "steps", &step_schema, 0, N_("schedule, in order")),
	SF_LIST(S, conditions, "conditions", FT_STR, 0, N_("conditions it always carries")),
	SF_OBJ(S, score, "score", &score_schema, SF_REQUIRED, N_("scoring profile")),
	SF_END
};
#undef S
static const struct schema option_schema = { "option", sizeof(struct gh_option),
	option_fields, NULL };

#define S struct gh_weights
static const struct schema_field weights_fields[] = {
	SF(S, customer_impact, "customer_impact", FT_NUM, SF_REQUIRED, N_("weight")),
	SF(S, rollback_strength, "rollback_strength", FT_NUM, SF_REQUIRED, N_("weight")),
	SF(S, deadline_risk, "deadline_risk", FT_NUM, SF_REQUIRED, N_("weight")),
	SF(S, evidence_completeness, "evidence_completeness", FT_NUM, SF_REQUIRED, N_("weight")),
	SF_END
};
#undef S
static const struct schema weights_schema = { "weights", sizeof(struct gh_weights),
	weights_fields, NULL };

#define S struct gh_options_file
static const struct schema_field options_fields[] = {
	SF_OBJ(S, weights, "weights", &weights_schema, SF_REQUIRED, N_("score weights")),
	SF_OBJLIST(S, options, "options", &option_schema, SF_REQUIRED | SF_NONEMPTY, N_("option templates")),
	SF_END
};
#undef S
const struct schema gh_options_schema = { "policy/options.yaml",
	sizeof(struct gh_options_file), options_fields, NULL };

/* ---- policy/authority.yaml ------------------------------------------- */

#define S struct gh_authority
static const struct schema_field authority_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("unique authority identifier")),
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("display name")),
	SF_INT(S, level, "level", SF_REQUIRED, 0, 100, N_("rank; higher outranks lower")),
	SF(S, contact, "contact", FT_STR, 0, N_("how to reach it")),
	SF(S, limits, "limits", FT_TEXT, 0, N_("what it may approve")),
	SF_END
};
#undef S
static const struct schema authority_schema = { "authority", sizeof(struct gh_authority),
	authority_fields, NULL };

#define S struct gh_route
static const struct schema_field route_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("rule row identifier")),
	SF(S, when, "when", FT_EXPR, SF_REQUIRED, N_("the row applies when this is true")),
	SF(S, authority, "authority", FT_ID, SF_REQUIRED, N_("authority the case goes to")),
	SF(S, reason, "reason", FT_TEXT, SF_REQUIRED, N_("why, in words")),
	SF_END
};
#undef S
static const struct schema route_schema = { "route", sizeof(struct gh_route),
	route_fields, NULL };

#define S struct gh_authority_file
static const struct schema_field authority_file_fields[] = {
	SF(S, delegated, "delegated", FT_ID, SF_REQUIRED, N_("authority that decides in-band cases")),
	SF_OBJLIST(S, authorities, "authorities", &authority_schema, SF_REQUIRED | SF_NONEMPTY, N_("authorities")),
	SF_OBJLIST(S, routes, "routes", &route_schema, SF_REQUIRED, N_("the approval matrix rows, in order")),
	SF_END
};
#undef S
const struct schema gh_authority_schema = { "policy/authority.yaml",
	sizeof(struct gh_authority_file), authority_file_fields, NULL };

/* ---- policy/calendar.yaml -------------------------------------------- */

static void
check_freeze(struct load_ctx *c, void *obj)
{
	struct gh_freeze *f = obj;

	if (f->start != GH_TIME_NONE && f->end != GH_TIME_NONE && f->end < f->start)
		load_error(c, schema_pos_of(&f->o, "end"),
		    _("freeze '%s' ends before it starts"), f->id ? f->id : "?");
}

#define S struct gh_freeze
static const struct schema_field freeze_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("unique freeze identifier")),
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("display name")),
	SF(S, start, "start", FT_DATE, SF_REQUIRED, N_("first day")),
	SF(S, end, "end", FT_DATE, SF_REQUIRED, N_("last day (inclusive)")),
	{ .key = "kind", .type = FT_ENUM, .off = offsetof(S, kind), .enums = gh_freeze_kinds,
	  .def = "hard", .doc = N_("hard or soft") },
	SF_LIST(S, services, "services", FT_ID, 0, N_("services it covers; empty: all")),
	SF(S, reason, "reason", FT_TEXT, 0, N_("why")),
	SF_END
};
#undef S
static const struct schema freeze_schema = { "freeze", sizeof(struct gh_freeze),
	freeze_fields, check_freeze };

#define S struct gh_release
static const struct schema_field release_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("release identifier")),
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("display name")),
	SF(S, date, "date", FT_DATE, SF_REQUIRED, N_("release day")),
	SF_END
};
#undef S
static const struct schema release_schema = { "release", sizeof(struct gh_release),
	release_fields, NULL };

#define S struct gh_patch_cycle
static const struct schema_field patch_fields[] = {
	SF_ENUM(S, weekday, "weekday", gh_weekdays, SF_REQUIRED, N_("day of the week")),
	SF_INT(S, week, "week", SF_REQUIRED, 1, 5, N_("n-th such day of the month")),
	SF(S, window, "window", FT_STR, 0, N_("time window, e.g. 02:00-06:00Z")),
	SF_END
};
#undef S
static const struct schema patch_schema = { "patch_cycle", sizeof(struct gh_patch_cycle),
	patch_fields, NULL };

#define S struct gh_calendar_file
static const struct schema_field calendar_fields[] = {
	SF_OBJLIST(S, freezes, "freezes", &freeze_schema, 0, N_("release freezes")),
	SF_OBJLIST(S, releases, "releases", &release_schema, 0, N_("release dates")),
	SF_OBJ(S, patch_cycle, "patch_cycle", &patch_schema, 0, N_("monthly patch cycle")),
	SF_END
};
#undef S
const struct schema gh_calendar_schema = { "policy/calendar.yaml",
	sizeof(struct gh_calendar_file), calendar_fields, NULL };

/* ---- policy/lifecycle.yaml ------------------------------------------- */

#define S struct gh_lifecycle
static const struct schema_field lifecycle_fields[] = {
	SF_ENUM(S, engine, "engine", gh_engine_kinds, SF_REQUIRED, N_("database engine")),
	SF(S, provider, "provider", FT_ID, SF_REQUIRED, N_("community or a managed service")),
	SF(S, version, "version", FT_VER, SF_REQUIRED, N_("major version")),
	SF(S, released, "released", FT_DATE, 0, N_("general availability")),
	SF(S, community_eol, "community_eol", FT_DATE, 0, N_("community end of life")),
	SF(S, standard_support_end, "standard_support_end", FT_DATE, 0, N_("end of standard support")),
	SF(S, extended_support_end, "extended_support_end", FT_DATE, 0, N_("end of paid extended support")),
	SF_BOOL(S, approved, "approved", "false", N_("an approved target version")),
	{ .key = "confidence", .type = FT_ENUM, .off = offsetof(S, confidence),
	  .enums = gh_confidences, .def = "secondary", .doc = N_("verified, secondary or unverified") },
	SF(S, source, "source", FT_URL, 0, N_("where the dates come from")),
	SF_END
};
#undef S
static const struct schema lifecycle_schema = { "lifecycle entry",
	sizeof(struct gh_lifecycle), lifecycle_fields, NULL };

#define S struct gh_lifecycle_file
static const struct schema_field lifecycle_file_fields[] = {
	SF_OBJLIST(S, versions, "versions", &lifecycle_schema, SF_REQUIRED, N_("engine versions")),
	SF_END
};
#undef S
const struct schema gh_lifecycle_schema = { "policy/lifecycle.yaml",
	sizeof(struct gh_lifecycle_file), lifecycle_file_fields, NULL };

/* ---- policy/roles.yaml ----------------------------------------------- */

#define S struct gh_role
static const struct schema_field role_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("role identifier")),
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("display name")),
	SF_ENUMLIST(S, may, "may", gh_permissions, 0, N_("comment, signoff, decide, read")),
	SF_END
};
#undef S
static const struct schema role_schema = { "role", sizeof(struct gh_role), role_fields, NULL };

#define S struct gh_person
static const struct schema_field person_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("short identity")),
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("full name")),
	SF(S, email, "email", FT_STR, SF_REQUIRED, N_("e-mail, matched against git identities")),
	SF_LIST(S, roles, "roles", FT_ID, SF_REQUIRED | SF_NONEMPTY, N_("role identifiers")),
	SF_END
};
#undef S
static const struct schema person_schema = { "person", sizeof(struct gh_person),
	person_fields, NULL };

#define S struct gh_class_access
static const struct schema_field access_fields[] = {
	SF_ENUM(S, sensitivity, "class", gh_sensitivities, SF_REQUIRED, N_("sensitivity class")),
	SF_LIST(S, readers, "readers", FT_ID, SF_REQUIRED, N_("roles that may read it")),
	SF_END
};
#undef S
static const struct schema access_schema = { "access rule", sizeof(struct gh_class_access),
	access_fields, NULL };

#define S struct gh_roles_file
static const struct schema_field roles_fields[] = {
	SF_OBJLIST(S, roles, "roles", &role_schema, SF_REQUIRED | SF_NONEMPTY, N_("roles")),
	SF_OBJLIST(S, people, "people", &person_schema, SF_REQUIRED, N_("people and their roles")),
	SF_OBJLIST(S, access, "access", &access_schema, 0, N_("who may read each sensitivity class")),
	SF_LIST(S, required_signoffs, "required_signoffs", FT_ID, 0, N_("roles whose sign-off a packet needs")),
	SF_END
};
#undef S
const struct schema gh_roles_schema = { "policy/roles.yaml", sizeof(struct gh_roles_file),
	roles_fields, NULL };

/* ---- request.yaml ---------------------------------------------------- */

static void
check_window(struct load_ctx *c, void *obj)
{
	struct gh_window *w = obj;

	if (w->start != GH_TIME_NONE && w->end != GH_TIME_NONE && w->end <= w->start)
		load_error(c, schema_pos_of(&w->o, "end"), "%s",
		    _("the window must end after it starts"));
}

#define S struct gh_window
static const struct schema_field window_fields[] = {
	SF(S, start, "start", FT_TIME, SF_REQUIRED, N_("start of the change window (UTC)")),
	SF(S, end, "end", FT_TIME, SF_REQUIRED, N_("end of the change window (UTC)")),
	SF_END
};
#undef S
static const struct schema window_schema = { "window", sizeof(struct gh_window),
	window_fields, check_window };

static void
check_rollback(struct load_ctx *c, void *obj)
{
	struct gh_rollback *r = obj;

	if (r->mechanism == RB_NONE && !r->no_rollback)
		load_error(c, schema_pos_of(&r->o, "mechanism"), "%s",
		    _("rollback mechanism 'none' needs an explicit 'no_rollback: true' decision"));
	if (r->no_rollback && (r->mitigation == NULL || !r->mitigation[0]))
		load_error(c, r->o.pos, "%s",
		    _("an explicit no-rollback decision needs a 'mitigation'"));
}

#define S struct gh_rollback
static const struct schema_field rollback_fields[] = {
	SF_ENUM(S, mechanism, "mechanism", gh_rollback_names, SF_REQUIRED, N_("how the change is undone")),
	SF(S, checkpoint, "checkpoint", FT_DUR, 0, N_("how long the way back stays open")),
	SF(S, estimated_time, "estimated_time", FT_DUR, 0, N_("time to roll back")),
	SF(S, boundary, "boundary", FT_TEXT, 0, N_("the state that can still be reversed")),
	SF_BOOL(S, no_rollback, "no_rollback", "false", N_("explicit no-rollback decision")),
	SF(S, mitigation, "mitigation", FT_TEXT, 0, N_("mitigation for a no-rollback change")),
	SF_END
};
#undef S
static const struct schema rollback_schema = { "rollback", sizeof(struct gh_rollback),
	rollback_fields, check_rollback };

#define S struct gh_soak
static const struct schema_field soak_fields[] = {
	SF(S, planned, "planned", FT_DUR, SF_REQUIRED, N_("pre-production soak planned")),
	SF(S, environment, "environment", FT_STR, 0, N_("where it soaks")),
	SF_BOOL(S, bypassed, "bypassed", "false", N_("the standard soak is skipped")),
	SF_END
};
#undef S
static const struct schema soak_schema = { "soak", sizeof(struct gh_soak), soak_fields, NULL };

#define S struct gh_driver_change
static const struct schema_field driver_change_fields[] = {
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("driver, e.g. pgjdbc")),
	SF(S, language, "language", FT_STR, 0, N_("client language")),
	SF(S, from, "from", FT_VER, SF_REQUIRED, N_("version now")),
	SF(S, to, "to", FT_VER, SF_REQUIRED, N_("version after the change")),
	SF_END
};
#undef S
static const struct schema driver_change_schema = { "driver change",
	sizeof(struct gh_driver_change), driver_change_fields, NULL };

#define S struct gh_app_change
static const struct schema_field app_change_fields[] = {
	SF_BOOL(S, schema_sensitive, "schema_sensitive", "false", N_("application change depends on schema")),
	{ .key = "ddl", .type = FT_ENUM, .off = offsetof(S, ddl), .enums = gh_ddl_kinds,
	  .def = "none", .doc = N_("none, additive, behavioral or destructive") },
	SF(S, summary, "summary", FT_TEXT, 0, N_("what changes")),
	SF_BOOL(S, combined_with_engine, "combined_with_engine", "false", N_("shipped in the same window as the engine upgrade")),
	SF_END
};
#undef S
static const struct schema app_change_schema = { "application change",
	sizeof(struct gh_app_change), app_change_fields, NULL };

#define S struct gh_deviation
static const struct schema_field deviation_fields[] = {
	SF_ENUM(S, kind, "kind", gh_deviation_kinds, SF_REQUIRED, N_("which standard is bent")),
	SF(S, standard, "standard", FT_STR, 0, N_("what the standard asks")),
	SF(S, requested, "requested", FT_STR, 0, N_("what is asked instead")),
	SF(S, justification, "justification", FT_TEXT, SF_REQUIRED, N_("why")),
	SF_END
};
#undef S
static const struct schema deviation_schema = { "deviation", sizeof(struct gh_deviation),
	deviation_fields, NULL };

#define S struct gh_change_record
static const struct schema_field change_record_fields[] = {
	SF(S, system, "system", FT_STR, SF_REQUIRED, N_("change management system")),
	SF(S, id, "id", FT_STR, SF_REQUIRED, N_("change record number")),
	SF(S, url, "url", FT_URL, 0, N_("link to the record")),
	SF_END
};
#undef S
static const struct schema change_record_schema = { "change record",
	sizeof(struct gh_change_record), change_record_fields, NULL };

static void
check_request(struct load_ctx *c, void *obj)
{
	struct gh_request *r = obj;
	size_t i, j;

	for (i = 0; i < r->services.n; i++)
		for (j = 0; j < i; j++)
			if (r->services.v[i].name && r->services.v[j].name &&
			    strcmp(r->services.v[i].name, r->services.v[j].name) == 0)
				load_error(c, r->services.v[i].o.pos,
				    _("service '%s' is listed twice"), r->services.v[i].name);
	if (r->engine && r->engine->current.n && r->engine->target.n &&
	    val_version_cmp(&r->engine->target, &r->engine->current) < 0 &&
	    r->kind != KIND_ENGINE_MIGRATION)
		load_error(c, schema_pos_of(&r->engine->o, "target"),
		    _("target version %s is older than the current version %s"),
		    r->engine->target.text, r->engine->current.text);
}

#define S struct gh_request
static const struct schema_field request_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("packet identifier, same as its directory")),
	SF(S, title, "title", FT_STR, SF_REQUIRED, N_("one-line summary")),
	{ .key = "state", .type = FT_ENUM, .off = offsetof(S, state), .enums = gh_request_states,
	  .def = "open", .doc = N_("open, decided or withdrawn") },
	SF_ENUM(S, kind, "kind", gh_request_kinds, SF_REQUIRED, N_("kind of change")),
	SF(S, submitted, "submitted", FT_DATE, SF_REQUIRED, N_("day the request was filed")),
	SF(S, decide_by, "decide_by", FT_DATE, 0, N_("day a recommendation is needed")),
	SF_OBJ(S, requester, "requester", &person_ref_schema, SF_REQUIRED, N_("who asks")),
	SF_OBJ(S, change_record, "change_record", &change_record_schema, 0, N_("the change record")),
	SF_OBJ(S, engine, "engine", &engine_schema, SF_REQUIRED, N_("engine and versions")),
	SF_OBJLIST(S, services, "services", &service_schema, SF_REQUIRED | SF_NONEMPTY, N_("services on the database")),
	SF_ENUM(S, strategy, "strategy", gh_strategy_names, SF_REQUIRED, N_("upgrade strategy")),
	SF_OBJ(S, window, "window", &window_schema, SF_REQUIRED, N_("planned change window")),
	SF_OBJ(S, rollback, "rollback", &rollback_schema, SF_REQUIRED, N_("rollback story")),
	SF_OBJ(S, soak, "soak", &soak_schema, 0, N_("pre-production soak")),
	SF(S, compatibility_window, "compatibility_window", FT_DUR, 0, N_("compatibility window asked for")),
	SF_OBJLIST(S, drivers, "drivers", &driver_change_schema, 0, N_("client driver changes bundled in")),
	SF_OBJ(S, app_change, "app_change", &app_change_schema, 0, N_("application change bundled in")),
	SF_OBJLIST(S, deviations, "deviations", &deviation_schema, 0, N_("requested deviations from standard")),
	SF(S, rationale, "rationale", FT_TEXT, SF_REQUIRED, N_("the service owner's case")),
	SF_OBJLIST(S, links, "links", &link_schema, 0, N_("further links")),
	SF_END
};
#undef S
const struct schema gh_request_schema = { "request", sizeof(struct gh_request),
	request_fields, check_request };

/* ---- evidence -------------------------------------------------------- */

#define S struct gh_source
static const struct schema_field source_fields[] = {
	SF(S, system, "system", FT_STR, SF_REQUIRED, N_("source system the item came from")),
	SF(S, link, "link", FT_URL, SF_REQUIRED, N_("link to the item in that system")),
	SF_END
};
#undef S
static const struct schema source_schema = { "source", sizeof(struct gh_source),
	source_fields, NULL };

#define S struct gh_import
static const struct schema_field import_fields[] = {
	SF(S, format, "format", FT_ID, SF_REQUIRED, N_("input format (gatehouse import --type)")),
	SF(S, file, "file", FT_STR, 0, N_("input file name as given, '-' for standard input")),
	SF(S, by, "by", FT_STR, 0, N_("who imported it, 'Name <email>'")),
	SF(S, at, "at", FT_TIME, 0, N_("when it was imported")),
	SF_END
};
#undef S
static const struct schema import_schema = { "import", sizeof(struct gh_import),
	import_fields, NULL };

/* "sha256:" and 64 lowercase hex digits, as sha256sum prints them. */
static bool
valid_digest(const char *s)
{
	size_t i;

	if (strncmp(s, "sha256:", 7) != 0)
		return false;
	for (i = 7; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 7 + 64;
}

#define S struct gh_support_major
static const struct schema_field support_major_fields[] = {
	SF(S, version, "version", FT_VER, SF_REQUIRED, N_("major version")),
	SF(S, released, "released", FT_DATE, 0, N_("start of standard support")),
	SF(S, standard_support_end, "standard_support_end", FT_DATE, 0, N_("end of standard support")),
	SF(S, extended_support_end, "extended_support_end", FT_DATE, 0, N_("end of paid extended support")),
	SF_END
};
#undef S
static const struct schema support_major_schema = { "major version",
	sizeof(struct gh_support_major), support_major_fields, NULL };

#define S struct gh_ev_support
static const struct schema_field ev_support_fields[] = {
	SF_ENUM(S, engine, "engine", gh_engine_kinds, SF_REQUIRED, N_("database engine")),
	SF(S, provider, "provider", FT_ID, SF_REQUIRED, N_("community or managed service")),
	SF(S, version, "version", FT_VER, SF_REQUIRED, N_("version the timeline is for")),
	SF(S, community_eol, "community_eol", FT_DATE, 0, N_("community end of life")),
	SF(S, standard_support_end, "standard_support_end", FT_DATE, SF_REQUIRED, N_("end of standard support")),
	SF(S, previous_standard_support_end, "previous_standard_support_end", FT_DATE, 0, N_("end of standard support before the provider changed it")),
	SF(S, extended_support_end, "extended_support_end", FT_DATE, 0, N_("end of paid extended support")),
	SF_BOOL(S, extended_support_available, "extended_support_available", "false", N_("extended support can be bought")),
	SF(S, forced_upgrade, "forced_upgrade", FT_DATE, 0, N_("provider's automatic upgrade date")),
	SF(S, notice_date, "notice_date", FT_DATE, 0, N_("day of the provider's notice")),
	SF_OBJLIST(S, majors, "majors", &support_major_schema, 0, N_("every major version the provider listed, with its support dates")),
	SF_END
};
#undef S
static const struct schema ev_support_schema = { "support-timeline data",
	sizeof(struct gh_ev_support), ev_support_fields, NULL };

#define S struct gh_compat_item
static const struct schema_field compat_item_fields[] = {
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("extension or driver")),
	SF(S, current, "current", FT_VER, 0, N_("version in use")),
	SF(S, minimum, "minimum", FT_VER, 0, N_("lowest version that supports the target")),
	SF(S, planned, "planned", FT_VER, 0, N_("version planned for the change")),
	SF_ENUM(S, status, "status", gh_compat_statuses, SF_REQUIRED, N_("compatibility with the target")),
	SF(S, notes, "notes", FT_TEXT, 0, N_("details")),
	SF_END
};
#undef S
static const struct schema compat_item_schema = { "compatibility entry",
	sizeof(struct gh_compat_item), compat_item_fields, NULL };

#define S struct gh_ev_compat
static const struct schema_field ev_compat_fields[] = {
	SF(S, engine, "engine", FT_VER, SF_REQUIRED, N_("target engine version checked")),
	SF_OBJLIST(S, extensions, "extensions", &compat_item_schema, 0, N_("extensions")),
	SF_OBJLIST(S, drivers, "drivers", &compat_item_schema, 0, N_("client drivers and ORMs")),
	SF_END
};
#undef S
static const struct schema ev_compat_schema = { "compatibility-matrix data",
	sizeof(struct gh_ev_compat), ev_compat_fields, NULL };

#define S struct gh_ev_rehearsal
static const struct schema_field ev_rehearsal_fields[] = {
	SF(S, environment, "environment", FT_STR, SF_REQUIRED, N_("where it was rehearsed")),
	SF(S, performed_at, "performed_at", FT_TIME, SF_REQUIRED, N_("when")),
	SF(S, target, "target", FT_VER, 0, N_("target version rehearsed")),
	{ .key = "strategy", .type = FT_ENUM, .off = offsetof(S, strategy),
	  .enums = gh_strategy_names, .doc = N_("strategy rehearsed") },
	SF(S, data_shape, "data_shape", FT_TEXT, 0, N_("size, skew and indexes of the data")),
	SF(S, lock_time, "lock_time", FT_DUR, 0, N_("longest lock held")),
	SF(S, runtime, "runtime", FT_DUR, 0, N_("total runtime")),
	SF(S, wal_growth, "wal_growth", FT_SIZE, 0, N_("WAL generated")),
	SF(S, replica_lag, "replica_lag", FT_DUR, 0, N_("worst replica lag")),
	SF_ENUM(S, result, "result", gh_results, SF_REQUIRED, N_("pass, fail or partial")),
	SF_LIST(S, issues, "issues", FT_STR, 0, N_("problems found")),
	SF_END
};
#undef S
static const struct schema ev_rehearsal_schema = { "rehearsal data",
	sizeof(struct gh_ev_rehearsal), ev_rehearsal_fields, NULL };

#define S struct gh_ev_backup
static const struct schema_field ev_backup_fields[] = {
	SF_ENUM(S, status, "status", gh_healths, SF_REQUIRED, N_("healthy, degraded or failing")),
	SF(S, last_success, "last_success", FT_TIME, SF_REQUIRED, N_("last good backup")),
	SF_BOOL(S, pitr_enabled, "pitr_enabled", "false", N_("point-in-time recovery on")),
	SF(S, retention, "retention", FT_DUR, 0, N_("how long backups are kept")),
	SF_BOOL(S, snapshot_before_change, "snapshot_before_change", "false", N_("a snapshot is taken before the change")),
	SF_END
};
#undef S
static const struct schema ev_backup_schema = { "backup data",
	sizeof(struct gh_ev_backup), ev_backup_fields, NULL };

#define S struct gh_ev_restore
static const struct schema_field ev_restore_fields[] = {
	SF(S, performed_at, "performed_at", FT_TIME, SF_REQUIRED, N_("when the restore was tested")),
	SF_ENUM(S, result, "result", gh_results, SF_REQUIRED, N_("pass, fail or partial")),
	SF(S, duration, "duration", FT_DUR, 0, N_("time the restore took")),
	SF_BOOL(S, data_verified, "data_verified", "false", N_("restored data checked")),
	SF(S, scope, "scope", FT_STR, 0, N_("what was restored")),
	SF_END
};
#undef S
static const struct schema ev_restore_schema = { "restore-test data",
	sizeof(struct gh_ev_restore), ev_restore_fields, NULL };

#define S struct gh_metric
static const struct schema_field metric_fields[] = {
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("metric")),
	SF(S, value, "value", FT_NUM, SF_REQUIRED, N_("baseline value")),
	SF(S, unit, "unit", FT_STR, 0, N_("unit")),
	SF_END
};
#undef S
static const struct schema metric_schema = { "metric", sizeof(struct gh_metric),
	metric_fields, NULL };

#define S struct gh_ev_observability
static const struct schema_field ev_obs_fields[] = {
	SF(S, period, "period", FT_DUR, 0, N_("baseline period")),
	SF_LIST(S, dashboards, "dashboards", FT_URL, 0, N_("dashboards open during the change")),
	SF_OBJLIST(S, metrics, "metrics", &metric_schema, 0, N_("baseline metrics")),
	SF_END
};
#undef S
static const struct schema ev_obs_schema = { "observability-baseline data",
	sizeof(struct gh_ev_observability), ev_obs_fields, NULL };

#define S struct gh_query_check
static const struct schema_field query_fields[] = {
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("query")),
	SF(S, baseline_ms, "baseline_ms", FT_NUM, SF_REQUIRED, N_("time on the current version")),
	SF(S, candidate_ms, "candidate_ms", FT_NUM, SF_REQUIRED, N_("time on the target version")),
	SF_END
};
#undef S
static const struct schema query_schema = { "query", sizeof(struct gh_query_check),
	query_fields, NULL };

#define S struct gh_ev_perf
static const struct schema_field ev_perf_fields[] = {
	SF(S, query_set, "query_set", FT_STR, 0, N_("critical query set used")),
	SF(S, baseline_version, "baseline_version", FT_VER, 0, N_("version measured as baseline")),
	SF(S, candidate_version, "candidate_version", FT_VER, 0, N_("version measured as candidate")),
	SF(S, threshold_pct, "threshold_pct", FT_NUM, 0, N_("allowed regression in percent")),
	SF(S, worst_regression_pct, "worst_regression_pct", FT_NUM, SF_REQUIRED, N_("worst regression measured, percent")),
	SF_ENUM(S, result, "result", gh_results, SF_REQUIRED, N_("pass, fail or partial")),
	SF_OBJLIST(S, queries, "queries", &query_schema, 0, N_("per-query timings")),
	SF_END
};
#undef S
static const struct schema ev_perf_schema = { "performance-regression data",
	sizeof(struct gh_ev_perf), ev_perf_fields, NULL };

#define S struct gh_ev_runbook
static const struct schema_field ev_runbook_fields[] = {
	SF_ENUM(S, kind, "kind", gh_runbook_kinds, SF_REQUIRED, N_("which runbook")),
	SF(S, reviewed_at, "reviewed_at", FT_DATE, 0, N_("last review")),
	SF(S, owner, "owner", FT_STR, 0, N_("owner")),
	SF_BOOL(S, tested, "tested", "false", N_("exercised in a rehearsal")),
	SF_END
};
#undef S
static const struct schema ev_runbook_schema = { "runbook data",
	sizeof(struct gh_ev_runbook), ev_runbook_fields, NULL };

#define S struct gh_calendar_ref
static const struct schema_field calendar_ref_fields[] = {
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("calendar entry")),
	SF(S, start, "start", FT_DATE, SF_REQUIRED, N_("first day")),
	SF(S, end, "end", FT_DATE, 0, N_("last day")),
	SF_END
};
#undef S
static const struct schema calendar_ref_schema = { "calendar entry",
	sizeof(struct gh_calendar_ref), calendar_ref_fields, NULL };

#define S struct gh_ev_calendar
static const struct schema_field ev_calendar_fields[] = {
	SF(S, calendar, "calendar", FT_STR, 0, N_("calendar name")),
	SF_OBJLIST(S, entries, "entries", &calendar_ref_schema, SF_REQUIRED, N_("entries")),
	SF_END
};
#undef S
static const struct schema ev_calendar_schema = { "release-calendar data",
	sizeof(struct gh_ev_calendar), ev_calendar_fields, NULL };

#define S struct gh_check_item
static const struct schema_field check_item_fields[] = {
	SF(S, name, "name", FT_STR, SF_REQUIRED, N_("what was checked")),
	SF_ENUM(S, result, "result", gh_check_results, SF_REQUIRED, N_("ok, warning or fatal")),
	SF(S, report, "report", FT_STR, 0, N_("file the tool wrote the offending objects to")),
	SF(S, message, "message", FT_TEXT, 0, N_("the tool's explanation")),
	SF_END
};
#undef S
static const struct schema check_item_schema = { "check", sizeof(struct gh_check_item),
	check_item_fields, NULL };

#define S struct gh_ev_upgrade_check
static const struct schema_field ev_upgrade_check_fields[] = {
	SF(S, tool, "tool", FT_STR, 0, N_("the checking tool, e.g. pg_upgrade")),
	{ .key = "compatible", .type = FT_BOOL, .flags = SF_REQUIRED,
	  .off = offsetof(S, compatible), .doc = N_("the tool's verdict: the upgrade can run") },
	SF_BOOL(S, live_check, "live_check", "false", N_("checked against the running old server")),
	SF_INT(S, blocking, "blocking", 0, 0, 1000000, N_("number of checks that failed")),
	SF_INT(S, warnings, "warnings", 0, 0, 1000000, N_("number of checks that warned")),
	SF(S, report_dir, "report_dir", FT_STR, 0, N_("directory of the tool's reports")),
	SF(S, failure, "failure", FT_TEXT, 0, N_("a fatal message not tied to one check")),
	SF_OBJLIST(S, checks, "checks", &check_item_schema, 0, N_("every check in the order run")),
	SF_END
};
#undef S
static const struct schema ev_upgrade_check_schema = { "upgrade-check data",
	sizeof(struct gh_ev_upgrade_check), ev_upgrade_check_fields, NULL };

const struct schema *const gh_evidence_data_schemas[] = {
	[EV_SUPPORT_TIMELINE] = &ev_support_schema,
	[EV_COMPATIBILITY_MATRIX] = &ev_compat_schema,
	[EV_REHEARSAL] = &ev_rehearsal_schema,
	[EV_BACKUP] = &ev_backup_schema,
	[EV_RESTORE_TEST] = &ev_restore_schema,
	[EV_OBSERVABILITY_BASELINE] = &ev_obs_schema,
	[EV_PERFORMANCE_REGRESSION] = &ev_perf_schema,
	[EV_RUNBOOK] = &ev_runbook_schema,
	[EV_RELEASE_CALENDAR] = &ev_calendar_schema,
	[EV_LINK] = NULL,
	[EV_UPGRADE_CHECK] = &ev_upgrade_check_schema,
};

/* A placeholder for restricted evidence says only what it is, never what
 * it contains: the content lives in the companion repository. */
static void
check_placeholder(struct load_ctx *c, struct gh_evidence *e)
{
	static const char *const allowed[] = { "id", "type", "sensitivity", "restricted" };
	size_t i, k;

	for (i = 0; i < e->o.node->n; i++) {
		const struct ynode *key = e->o.node->kids[2 * i];

		for (k = 0; k < GH_ARRAY_SIZE(allowed) && strcmp(key->str, allowed[k]); k++)
			;
		if (k == GH_ARRAY_SIZE(allowed))
			load_error(c, key->pos, _("a restricted placeholder carries only id, type and sensitivity; '%s' belongs in the restricted companion repository"),
			    key->str);
	}
	if (e->sensitivity >= 0 && !model_sensitivity_restricted(e->sensitivity))
		load_error(c, schema_pos_of(&e->o, "sensitivity"),
		    _("'restricted: true' is only for the restricted classes (service-topology, customer-impact, incident-history, privileged-infrastructure), not '%s'"),
		    gh_sensitivities[e->sensitivity]);
}

static void
check_evidence(struct load_ctx *c, void *obj)
{
	static const char *const needed[] = { "title", "source", "collected_at" };
	struct gh_evidence *e = obj;
	size_t k;

	if (e->restricted) {
		check_placeholder(c, e);
		return;
	}
	for (k = 0; k < GH_ARRAY_SIZE(needed); k++)
		if (ydoc_map_get(e->o.node, needed[k]) == NULL)
			load_error(c, e->o.pos, _("missing required key '%s' in evidence"), needed[k]);
	if (e->sensitivity >= 0 && model_sensitivity_restricted(e->sensitivity) &&
	    !c->companion)
		load_error(c, schema_pos_of(&e->o, "sensitivity"),
		    _("%s evidence must not be stored in this repository: put it in the restricted companion repository and leave a placeholder here ('restricted: true')"),
		    gh_sensitivities[e->sensitivity]);
	if (e->digest && !valid_digest(e->digest))
		load_error(c, schema_pos_of(&e->o, "digest"),
		    _("invalid digest '%s' (expected 'sha256:' and 64 lowercase hex digits)"),
		    e->digest);
	if (e->type >= 0 && gh_evidence_data_schemas[e->type] && e->data == NULL &&
	    ydoc_map_get(e->o.node, "data") == NULL)
		load_error(c, e->o.pos, _("evidence of type '%s' needs a 'data' mapping"),
		    gh_evidence_types[e->type]);
}

#define S struct gh_evidence
static const struct schema_field evidence_fields[] = {
	SF(S, id, "id", FT_ID, 0, N_("identifier; defaults to the file name")),
	SF(S, title, "title", FT_STR, 0, N_("one-line description (required unless restricted)")),
	SF_ENUM(S, type, "type", gh_evidence_types, SF_REQUIRED, N_("kind of evidence")),
	SF_OBJ(S, source, "source", &source_schema, 0, N_("source system and link (required unless restricted)")),
	SF(S, collected_at, "collected_at", FT_TIME, 0, N_("when it was collected (required unless restricted)")),
	SF_ENUM(S, sensitivity, "sensitivity", gh_sensitivities, SF_REQUIRED, N_("sensitivity class")),
	SF(S, summary, "summary", FT_TEXT, 0, N_("what it shows")),
	SF_BOOL(S, restricted, "restricted", "false", N_("a placeholder: the item lives in the restricted companion repository")),
	{ .key = "data", .type = FT_VARIANT, .off = offsetof(S, data),
	  .sel_off = offsetof(S, type), .variants = gh_evidence_data_schemas,
	  .doc = N_("typed content; its keys depend on the type") },
	SF(S, digest, "digest", FT_STR, 0, N_("sha256 of the bytes the item was imported from")),
	SF_OBJ(S, import, "import", &import_schema, 0, N_("how gatehouse import brought the item in")),
	SF_END
};
#undef S
const struct schema gh_evidence_schema = { "evidence", sizeof(struct gh_evidence),
	evidence_fields, check_evidence };

/* ---- reviews --------------------------------------------------------- */

#define S struct gh_target
static const struct schema_field target_fields[] = {
	SF_ENUM(S, kind, "kind", gh_target_kinds, SF_REQUIRED, N_("what is commented on")),
	SF(S, id, "id", FT_ID, 0, N_("its identifier (not for the packet)")),
	SF_END
};
#undef S
static const struct schema target_schema = { "target", sizeof(struct gh_target),
	target_fields, NULL };

static void
check_review(struct load_ctx *c, void *obj)
{
	struct gh_review *r = obj;

	switch (r->kind) {
	case REVIEW_COMMENT:
		if (r->body == NULL || !r->body[0])
			load_error(c, r->o.pos, "%s", _("a comment needs a 'body'"));
		break;
	case REVIEW_SIGNOFF:
		if (r->state < 0)
			load_error(c, r->o.pos, "%s", _("a sign-off needs a 'state'"));
		if (r->state == SIGN_CONCUR_WITH_CONDITIONS && r->conditions.n == 0)
			load_error(c, r->o.pos, "%s",
			    _("state concur-with-conditions needs at least one entry in 'conditions'"));
		if (r->state == SIGN_DISSENT && (r->reason == NULL || !r->reason[0]))
			load_error(c, r->o.pos, "%s", _("a dissent needs a 'reason'"));
		break;
	case REVIEW_DECISION:
		if (r->decision < 0)
			load_error(c, r->o.pos, "%s", _("a decision needs a 'decision'"));
		if (r->decision == DECIDE_NARROW && r->option == NULL)
			load_error(c, r->o.pos, "%s", _("decision 'narrow' needs the 'option' it narrows to"));
		if (r->decision == DECIDE_ESCALATE && r->authority == NULL)
			load_error(c, r->o.pos, "%s", _("decision 'escalate' needs the 'authority' it goes to"));
		break;
	}
}

#define S struct gh_review
static const struct schema_field review_fields[] = {
	SF_ENUM(S, kind, "kind", gh_review_kinds, SF_REQUIRED, N_("comment, signoff or decision")),
	SF_OBJ(S, author, "author", &person_ref_schema, SF_REQUIRED, N_("who wrote it")),
	SF(S, at, "at", FT_TIME, SF_REQUIRED, N_("when (UTC)")),
	SF_OBJ(S, target, "target", &target_schema, 0, N_("what it is about; default the packet")),
	SF(S, body, "body", FT_TEXT, 0, N_("the reviewer's words")),
	SF_ENUM(S, state, "state", gh_signoff_states, 0, N_("sign-off state")),
	SF_LIST(S, conditions, "conditions", FT_STR, 0, N_("conditions of a concurrence")),
	SF(S, reason, "reason", FT_TEXT, 0, N_("reason for a dissent or recusal")),
	SF(S, role, "role", FT_ID, 0, N_("role signed in")),
	SF(S, inputs_digest, "inputs_digest", FT_STR, 0, N_("digest of packet, policy and engine")),
	SF(S, recommendation, "recommendation", FT_STR, 0, N_("recommendation the reviewer saw")),
	SF(S, engine_version, "engine_version", FT_STR, 0, N_("gatehouse version that computed it")),
	SF_ENUM(S, decision, "decision", gh_decisions, 0, N_("support, narrow or escalate")),
	SF(S, option, "option", FT_ID, 0, N_("option narrowed to")),
	SF(S, authority, "authority", FT_ID, 0, N_("authority escalated to")),
	SF(S, reply_to, "reply_to", FT_ID, 0, N_("review record answered")),
	SF_END
};
#undef S
const struct schema gh_review_schema = { "review record", sizeof(struct gh_review),
	review_fields, check_review };

/* ---- precedents ------------------------------------------------------ */

#define S struct gh_incident
static const struct schema_field incident_fields[] = {
	SF(S, id, "id", FT_STR, SF_REQUIRED, N_("incident number")),
	SF_ENUM(S, severity, "severity", gh_severities, SF_REQUIRED, N_("sev1 .. sev4")),
	SF(S, summary, "summary", FT_TEXT, 0, N_("what happened")),
	SF_END
};
#undef S
static const struct schema incident_schema = { "incident", sizeof(struct gh_incident),
	incident_fields, NULL };

#define S struct gh_outcome
static const struct schema_field outcome_fields[] = {
	SF_ENUM(S, result, "result", gh_outcome_results, SF_REQUIRED, N_("how the change went")),
	SF_OBJLIST(S, incidents, "incidents", &incident_schema, 0, N_("incidents caused")),
	SF(S, notes, "notes", FT_TEXT, 0, N_("lessons")),
	SF_END
};
#undef S
static const struct schema outcome_schema = { "outcome", sizeof(struct gh_outcome),
	outcome_fields, NULL };

#define S struct gh_precedent
static const struct schema_field precedent_fields[] = {
	SF(S, id, "id", FT_ID, SF_REQUIRED, N_("identifier, same as the file name")),
	SF(S, title, "title", FT_STR, SF_REQUIRED, N_("one-line summary")),
	SF(S, decided, "decided", FT_DATE, SF_REQUIRED, N_("day of the decision")),
	SF_OBJ(S, service, "service", &service_schema, SF_REQUIRED, N_("service, tier and traffic")),
	SF_OBJ(S, engine, "engine", &engine_schema, SF_REQUIRED, N_("engine and versions")),
	SF_ENUM(S, strategy, "strategy", gh_strategy_names, 0, N_("upgrade strategy")),
	SF_ENUM(S, rollback, "rollback", gh_rollback_names, SF_REQUIRED, N_("rollback mechanism")),
	SF_BOOL(S, driver_coupled, "driver_coupled", "false", N_("driver change shipped with it")),
	SF_ENUM(S, decision, "decision", gh_decisions, SF_REQUIRED, N_("support, narrow or escalate")),
	SF(S, decided_by, "decided_by", FT_ID, SF_REQUIRED, N_("authority that decided")),
	SF(S, path_taken, "path_taken", FT_STR, 0, N_("the path that was approved")),
	SF_OBJ(S, outcome, "outcome", &outcome_schema, SF_REQUIRED, N_("what happened after")),
	SF(S, summary, "summary", FT_TEXT, 0, N_("the case in words")),
	SF_OBJLIST(S, links, "links", &link_schema, 0, N_("further links")),
	SF_END
};
#undef S
const struct schema gh_precedent_schema = { "precedent", sizeof(struct gh_precedent),
	precedent_fields, NULL };

bool
model_sensitivity_restricted(int s)
{
	return s == SENS_SERVICE_TOPOLOGY || s == SENS_CUSTOMER_IMPACT ||
	    s == SENS_INCIDENT_HISTORY || s == SENS_PRIVILEGED_INFRA;
}

int64_t
model_request_tier(const struct gh_request *r)
{
	int64_t best = -1;
	size_t i;

	for (i = 0; i < r->services.n; i++)
		if (r->services.v[i].tier != GH_INT_NONE &&
		    (best < 0 || r->services.v[i].tier < best))
			best = r->services.v[i].tier;
	return best;
}
