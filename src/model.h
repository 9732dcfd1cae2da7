/* model.h -- the packet repository as C structs.
 *
 * One struct per kind of YAML object; the schemas in model.c say which
 * key fills which member.  Everything is owned by the arena of the
 * struct gh_repo it was loaded into (repo.h).  Absent optional values
 * carry the markers of value.h (GH_TIME_NONE, GH_DUR_NONE ...), absent
 * enums are -1, absent strings and objects NULL.
 *
 * man/gatehouse-packet.5 documents the same format for people.
 */
#ifndef GH_MODEL_H
#define GH_MODEL_H

#include "schema.h"

#define GH_SCHEMA_VERSION 1

/* ---- enums (the word lists live in model.c) ------------------------- */

enum gh_engine_kind { ENGINE_POSTGRESQL, ENGINE_MONGODB, ENGINE_SQLSERVER };
enum gh_traffic { TRAFFIC_STEADY, TRAFFIC_DIURNAL, TRAFFIC_PEAK_SEASONAL,
	TRAFFIC_BURSTY, TRAFFIC_BATCH };
enum gh_strategy { STRAT_IN_PLACE, STRAT_BLUE_GREEN, STRAT_LOGICAL_REPLICATION,
	STRAT_MANAGED_UPGRADE, STRAT_ROLLING, STRAT_CANARY, STRAT_DUMP_RESTORE };
enum gh_rollback_mech { RB_BLUE_GREEN_SWITCHBACK, RB_SNAPSHOT_RESTORE, RB_PITR,
	RB_LOGICAL_REVERSE, RB_TRAFFIC, RB_BINARY_DOWNGRADE, RB_NONE };
enum gh_request_state { REQ_OPEN, REQ_DECIDED, REQ_WITHDRAWN };
enum gh_request_kind { KIND_MAJOR_UPGRADE, KIND_MINOR_PATCH, KIND_ENGINE_MIGRATION,
	KIND_CONFIG_CHANGE };
enum gh_ddl_kind { DDL_NONE, DDL_ADDITIVE, DDL_BEHAVIORAL, DDL_DESTRUCTIVE };
enum gh_deviation_kind { DEV_COMPAT_WINDOW, DEV_ROLLBACK_CHECKPOINT, DEV_SOAK,
	DEV_COMBINED_CHANGE, DEV_FREEZE_WINDOW, DEV_OTHER };
enum gh_evidence_type { EV_SUPPORT_TIMELINE, EV_COMPATIBILITY_MATRIX, EV_REHEARSAL,
	EV_BACKUP, EV_RESTORE_TEST, EV_OBSERVABILITY_BASELINE,
	EV_PERFORMANCE_REGRESSION, EV_RUNBOOK, EV_RELEASE_CALENDAR, EV_LINK,
	EV_UPGRADE_CHECK, EV_TYPE_COUNT };
enum gh_sensitivity { SENS_PUBLIC, SENS_INTERNAL, SENS_CONFIDENTIAL,
	SENS_SERVICE_TOPOLOGY, SENS_CUSTOMER_IMPACT, SENS_INCIDENT_HISTORY,
	SENS_PRIVILEGED_INFRA };
enum gh_compat_status { COMPAT_COMPATIBLE, COMPAT_UPGRADE_REQUIRED,
	COMPAT_INCOMPATIBLE, COMPAT_UNKNOWN };
enum gh_result { RESULT_PASS, RESULT_FAIL, RESULT_PARTIAL };
enum gh_health { HEALTH_HEALTHY, HEALTH_DEGRADED, HEALTH_FAILING };
enum gh_runbook_kind { RUNBOOK_MAJOR_UPGRADE, RUNBOOK_CUTOVER,
	RUNBOOK_EMERGENCY_ROLLBACK, RUNBOOK_LOCK_STORM, RUNBOOK_POST_UPGRADE_VALIDATION,
	RUNBOOK_OTHER };
enum gh_review_kind { REVIEW_COMMENT, REVIEW_SIGNOFF, REVIEW_DECISION };
enum gh_signoff_state { SIGN_CONCUR, SIGN_CONCUR_WITH_CONDITIONS, SIGN_DISSENT,
	SIGN_RECUSE };
enum gh_decision { DECIDE_SUPPORT, DECIDE_NARROW, DECIDE_ESCALATE };
enum gh_target_kind { TARGET_PACKET, TARGET_GATE, TARGET_OPTION, TARGET_EVIDENCE,
	TARGET_PRECEDENT };
enum gh_gate_outcome { GATE_OUT_BLOCK, GATE_OUT_ESCALATE, GATE_OUT_CONDITIONAL };
enum gh_option_kind { OPT_AS_SCOPED, OPT_COUNTER };
enum gh_freeze_kind { FREEZE_HARD, FREEZE_SOFT };
enum gh_weekday { WD_SUNDAY, WD_MONDAY, WD_TUESDAY, WD_WEDNESDAY, WD_THURSDAY,
	WD_FRIDAY, WD_SATURDAY };
enum gh_outcome_result { OUTC_SUCCESS, OUTC_SUCCESS_WITH_ISSUES, OUTC_FAILED,
	OUTC_ROLLED_BACK, OUTC_NOT_EXECUTED };
enum gh_severity { SEV_1, SEV_2, SEV_3, SEV_4 };
enum gh_permission { PERM_COMMENT, PERM_SIGNOFF, PERM_DECIDE, PERM_READ };
enum gh_confidence { CONF_VERIFIED, CONF_SECONDARY, CONF_UNVERIFIED };
enum gh_check_result { CHECK_OK, CHECK_WARNING, CHECK_FATAL };

extern const char *const gh_engine_kinds[], *const gh_traffic_names[],
	*const gh_strategy_names[], *const gh_rollback_names[],
	*const gh_request_states[], *const gh_request_kinds[], *const gh_ddl_kinds[],
	*const gh_deviation_kinds[], *const gh_evidence_types[],
	*const gh_sensitivities[], *const gh_compat_statuses[], *const gh_results[],
	*const gh_healths[], *const gh_runbook_kinds[], *const gh_review_kinds[],
	*const gh_signoff_states[], *const gh_decisions[], *const gh_target_kinds[],
	*const gh_gate_outcomes[], *const gh_option_kinds[], *const gh_freeze_kinds[],
	*const gh_weekdays[], *const gh_outcome_results[], *const gh_severities[],
	*const gh_permissions[], *const gh_confidences[], *const gh_check_results[];

/* ---- shared pieces --------------------------------------------------- */

struct gh_link {
	struct gh_obj o;
	const char *title;
	const char *url;
};

struct gh_person_ref {
	struct gh_obj o;
	const char *name;
	const char *email;
	const char *team;
};

struct gh_service {
	struct gh_obj o;
	const char *name;
	int64_t tier;			/* 0 (most critical) .. 3 */
	int traffic;			/* enum gh_traffic */
	gh_dur rto;			/* recovery time objective */
	const char *owner;
};

struct gh_engine {
	struct gh_obj o;
	int kind;			/* enum gh_engine_kind */
	const char *provider;		/* aws-rds, azure-flexible, self-managed ... */
	struct gh_version current;
	struct gh_version target;
};

/* ---- gatehouse.yaml -------------------------------------------------- */

struct gh_settings {
	struct gh_obj o;
	int64_t schema;
	const char *name;
	const char *description;
	const char *restricted;		/* companion repository path */
};

/* ---- policy/gates.yaml ----------------------------------------------- */

struct gh_gate {
	struct gh_obj o;
	const char *id;
	const char *title;
	const char *description;
	bool hard;			/* hard trigger: escalates, never scored */
	int outcome;			/* enum gh_gate_outcome when it fires */
	struct gh_src applies;		/* optional applicability condition */
	struct gh_src when;		/* fires when this is true */
	GH_LIST(int) evidence;		/* enum gh_evidence_type it relies on */
	GH_LIST(const char *) conditions;
	const char *message;
	const char *rule;		/* source rule, e.g. "NS-PG-008 §7" */
};

struct gh_gates_file {
	struct gh_obj o;
	GH_LIST(struct gh_named) parameters;
	GH_LIST(struct gh_gate) gates;
};

/* ---- policy/options.yaml --------------------------------------------- */

struct gh_step {
	struct gh_obj o;
	const char *name;
	gh_dur duration;
	bool production;		/* touches production: not inside a freeze */
	bool window;			/* the change window the gates check */
};

struct gh_option_score {
	struct gh_obj o;
	double customer_impact;		/* 0 (none) .. 1 (severe) */
	double rollback_strength;	/* 0 (none) .. 1 (instant switch-back) */
	double deadline_risk;		/* 0 .. 1 */
};

struct gh_option {
	struct gh_obj o;
	const char *id;
	const char *title;
	const char *description;
	int kind;			/* enum gh_option_kind */
	struct gh_src applies;
	GH_LIST(struct gh_named) set;	/* request overrides: path -> expr */
	GH_LIST(struct gh_step) steps;
	GH_LIST(const char *) conditions;
	struct gh_option_score *score;
};

struct gh_weights {
	struct gh_obj o;
	double customer_impact;
	double rollback_strength;
	double deadline_risk;
	double evidence_completeness;
};

struct gh_options_file {
	struct gh_obj o;
	struct gh_weights *weights;
	GH_LIST(struct gh_option) options;
};

/* ---- policy/authority.yaml ------------------------------------------- */

struct gh_authority {
	struct gh_obj o;
	const char *id;
	const char *name;
	int64_t level;			/* higher outranks lower */
	const char *contact;
	const char *limits;		/* what it may approve, in words */
};

struct gh_route {
	struct gh_obj o;
	const char *id;
	struct gh_src when;
	const char *authority;
	const char *reason;
};

struct gh_authority_file {
	struct gh_obj o;
	const char *delegated;		/* the authority that reviews in-band */
	GH_LIST(struct gh_authority) authorities;
	GH_LIST(struct gh_route) routes;
};

/* ---- policy/calendar.yaml -------------------------------------------- */

struct gh_freeze {
	struct gh_obj o;
	const char *id;
	const char *name;
	gh_time start;
	gh_time end;			/* inclusive last day */
	int kind;			/* enum gh_freeze_kind */
	GH_LIST(const char *) services;	/* empty: all services */
	const char *reason;
};

struct gh_release {
	struct gh_obj o;
	const char *id;
	const char *name;
	gh_time date;
};

struct gh_patch_cycle {
	struct gh_obj o;
	int weekday;			/* enum gh_weekday */
	int64_t week;			/* 1..5: n-th weekday of the month */
	const char *window;		/* "02:00-06:00Z" */
};

struct gh_calendar_file {
	struct gh_obj o;
	GH_LIST(struct gh_freeze) freezes;
	GH_LIST(struct gh_release) releases;
	struct gh_patch_cycle *patch_cycle;
};

/* ---- policy/lifecycle.yaml ------------------------------------------- */

struct gh_lifecycle {
	struct gh_obj o;
	int engine;			/* enum gh_engine_kind */
	const char *provider;
	struct gh_version version;
	gh_time released;
	gh_time community_eol;
	gh_time standard_support_end;
	gh_time extended_support_end;
	bool approved;			/* approved target (seed 002) */
	int confidence;			/* enum gh_confidence */
	const char *source;
};

struct gh_lifecycle_file {
	struct gh_obj o;
	GH_LIST(struct gh_lifecycle) versions;
};

/* ---- policy/roles.yaml ----------------------------------------------- */

struct gh_role {
	struct gh_obj o;
	const char *id;
	const char *name;
	GH_LIST(int) may;		/* enum gh_permission */
};

struct gh_person {
	struct gh_obj o;
	const char *id;
	const char *name;
	const char *email;
	GH_LIST(const char *) roles;
};

struct gh_class_access {
	struct gh_obj o;
	int sensitivity;		/* enum gh_sensitivity */
	GH_LIST(const char *) readers;	/* role ids */
};

struct gh_roles_file {
	struct gh_obj o;
	GH_LIST(struct gh_role) roles;
	GH_LIST(struct gh_person) people;
	GH_LIST(struct gh_class_access) access;
	GH_LIST(const char *) required_signoffs;	/* role ids */
};

/* ---- packets/<ID>/request.yaml --------------------------------------- */

struct gh_window {
	struct gh_obj o;
	gh_time start;
	gh_time end;
};

struct gh_rollback {
	struct gh_obj o;
	int mechanism;			/* enum gh_rollback_mech */
	gh_dur checkpoint;		/* how long the way back stays open */
	gh_dur estimated_time;		/* time to roll back */
	const char *boundary;
	bool no_rollback;		/* explicit no-rollback decision */
	const char *mitigation;
};

struct gh_soak {
	struct gh_obj o;
	gh_dur planned;
	const char *environment;
	bool bypassed;
};

struct gh_driver_change {
	struct gh_obj o;
	const char *name;
	const char *language;
	struct gh_version from;
	struct gh_version to;
};

struct gh_app_change {
	struct gh_obj o;
	bool schema_sensitive;
	int ddl;			/* enum gh_ddl_kind */
	const char *summary;
	bool combined_with_engine;
};

struct gh_deviation {
	struct gh_obj o;
	int kind;			/* enum gh_deviation_kind */
	const char *standard;
	const char *requested;
	const char *justification;
};

struct gh_change_record {
	struct gh_obj o;
	const char *system;
	const char *id;
	const char *url;
};

struct gh_request {
	struct gh_obj o;
	const char *id;
	const char *title;
	int state;			/* enum gh_request_state */
	int kind;			/* enum gh_request_kind */
	gh_time submitted;
	gh_time decide_by;
	struct gh_person_ref *requester;
	struct gh_change_record *change_record;
	struct gh_engine *engine;
	GH_LIST(struct gh_service) services;
	int strategy;			/* enum gh_strategy */
	struct gh_window *window;
	struct gh_rollback *rollback;
	struct gh_soak *soak;
	gh_dur compatibility_window;
	GH_LIST(struct gh_driver_change) drivers;
	struct gh_app_change *app_change;
	GH_LIST(struct gh_deviation) deviations;
	const char *rationale;
	GH_LIST(struct gh_link) links;
};

/* ---- packets/<ID>/evidence/<name>.yaml ------------------------------- */

struct gh_source {
	struct gh_obj o;
	const char *system;
	const char *link;
};

/* One major version in a provider's lifecycle answer (gatehouse import). */
struct gh_support_major {
	struct gh_obj o;
	struct gh_version version;
	gh_time released;		/* start of standard support */
	gh_time standard_support_end;
	gh_time extended_support_end;
};

struct gh_ev_support {
	struct gh_obj o;
	int engine;
	const char *provider;
	struct gh_version version;
	gh_time community_eol;
	gh_time standard_support_end;
	gh_time previous_standard_support_end;	/* before the provider shortened it */
	gh_time extended_support_end;
	bool extended_support_available;
	gh_time forced_upgrade;
	gh_time notice_date;
	GH_LIST(struct gh_support_major) majors;	/* every major the provider listed */
};

struct gh_compat_item {
	struct gh_obj o;
	const char *name;
	struct gh_version current;
	struct gh_version minimum;	/* lowest version supporting the target */
	struct gh_version planned;
	int status;			/* enum gh_compat_status */
	const char *notes;
};

struct gh_ev_compat {
	struct gh_obj o;
	struct gh_version engine;	/* target engine version checked */
	GH_LIST(struct gh_compat_item) extensions;
	GH_LIST(struct gh_compat_item) drivers;
};

struct gh_ev_rehearsal {
	struct gh_obj o;
	const char *environment;
	gh_time performed_at;
	struct gh_version target;
	int strategy;
	const char *data_shape;
	gh_dur lock_time;
	gh_dur runtime;
	gh_size wal_growth;
	gh_dur replica_lag;
	int result;			/* enum gh_result */
	GH_LIST(const char *) issues;
};

struct gh_ev_backup {
	struct gh_obj o;
	int status;			/* enum gh_health */
	gh_time last_success;
	bool pitr_enabled;
	gh_dur retention;
	bool snapshot_before_change;
};

struct gh_ev_restore {
	struct gh_obj o;
	gh_time performed_at;
	int result;
	gh_dur duration;
	bool data_verified;
	const char *scope;
};

struct gh_metric {
	struct gh_obj o;
	const char *name;
	double value;
	const char *unit;
};

struct gh_ev_observability {
	struct gh_obj o;
	gh_dur period;
	GH_LIST(const char *) dashboards;
	GH_LIST(struct gh_metric) metrics;
};

struct gh_query_check {
	struct gh_obj o;
	const char *name;
	double baseline_ms;
	double candidate_ms;
};

struct gh_ev_perf {
	struct gh_obj o;
	const char *query_set;
	struct gh_version baseline_version;
	struct gh_version candidate_version;
	double threshold_pct;
	double worst_regression_pct;
	int result;
	GH_LIST(struct gh_query_check) queries;
};

struct gh_ev_runbook {
	struct gh_obj o;
	int kind;			/* enum gh_runbook_kind */
	gh_time reviewed_at;
	const char *owner;
	bool tested;
};

struct gh_calendar_ref {
	struct gh_obj o;
	const char *name;
	gh_time start;
	gh_time end;
};

struct gh_ev_calendar {
	struct gh_obj o;
	const char *calendar;
	GH_LIST(struct gh_calendar_ref) entries;
};

/* A pre-upgrade check (pg_upgrade --check): every check and its result. */
struct gh_check_item {
	struct gh_obj o;
	const char *name;
	int result;			/* enum gh_check_result */
	const char *report;		/* file listing the offending objects */
	const char *message;		/* the tool's explanation */
};

struct gh_ev_upgrade_check {
	struct gh_obj o;
	const char *tool;
	bool compatible;		/* the tool's verdict */
	bool live_check;		/* run against the running old server */
	int64_t blocking;		/* checks that failed (fatal) */
	int64_t warnings;		/* checks that warned */
	const char *report_dir;
	const char *failure;		/* a fatal message no check line announced */
	GH_LIST(struct gh_check_item) checks;
};

/* How an item came in through gatehouse import. */
struct gh_import {
	struct gh_obj o;
	const char *format;		/* pg-upgrade-check, aws-lifecycle, generic */
	const char *file;		/* input file name as given, or "-" */
	const char *by;			/* "Name <email>" */
	gh_time at;			/* when it was imported */
};

struct gh_evidence {
	struct gh_obj o;
	const char *id;			/* the file name without .yaml */
	const char *title;
	int type;			/* enum gh_evidence_type */
	struct gh_source *source;
	gh_time collected_at;
	int sensitivity;		/* enum gh_sensitivity */
	const char *summary;
	void *data;			/* struct gh_ev_* chosen by type, or NULL */
	const char *digest;		/* "sha256:<hex>" of the imported bytes */
	struct gh_import *import;	/* set by gatehouse import */
	bool restricted;		/* content lives in the companion repository */
	bool redacted;			/* restricted and not readable: a placeholder */
};

/* ---- packets/<ID>/reviews/<time>-<author>-<nonce>.yaml --------------- */

struct gh_target {
	struct gh_obj o;
	int kind;			/* enum gh_target_kind */
	const char *id;
};

struct gh_review {
	struct gh_obj o;
	const char *id;			/* the file name without .yaml */
	int kind;			/* enum gh_review_kind */
	struct gh_person_ref *author;
	gh_time at;
	struct gh_target *target;
	const char *body;
	int state;			/* enum gh_signoff_state */
	GH_LIST(const char *) conditions;
	const char *reason;
	const char *role;
	const char *inputs_digest;
	const char *recommendation;	/* what the reviewer saw */
	const char *engine_version;
	int decision;			/* enum gh_decision */
	const char *option;
	const char *authority;
	const char *reply_to;
};

/* ---- precedents/<ID>.yaml -------------------------------------------- */

struct gh_incident {
	struct gh_obj o;
	const char *id;
	int severity;			/* enum gh_severity */
	const char *summary;
};

struct gh_outcome {
	struct gh_obj o;
	int result;			/* enum gh_outcome_result */
	GH_LIST(struct gh_incident) incidents;
	const char *notes;
};

struct gh_precedent {
	struct gh_obj o;
	const char *id;
	const char *title;
	gh_time decided;
	struct gh_service *service;
	struct gh_engine *engine;
	int strategy;
	int rollback;			/* enum gh_rollback_mech */
	bool driver_coupled;
	int decision;			/* enum gh_decision */
	const char *decided_by;		/* authority id */
	const char *path_taken;
	struct gh_outcome *outcome;
	const char *summary;
	GH_LIST(struct gh_link) links;
};

/* ---- schemas --------------------------------------------------------- */

extern const struct schema gh_settings_schema, gh_gates_schema, gh_options_schema,
	gh_authority_schema, gh_calendar_schema, gh_lifecycle_schema, gh_roles_schema,
	gh_request_schema, gh_evidence_schema, gh_review_schema, gh_precedent_schema;

/* Evidence data schemas by enum gh_evidence_type (NULL for link). */
extern const struct schema *const gh_evidence_data_schemas[];

/* Restricted classes live in the companion repository. */
bool model_sensitivity_restricted(int sensitivity);
/* Most critical (lowest) tier among the request's services, or -1. */
int64_t model_request_tier(const struct gh_request *r);

#endif
