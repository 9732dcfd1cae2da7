/* test_import.c -- the parsers of "gatehouse import": real-looking
 * pg_upgrade --check output and AWS lifecycle JSON become evidence that
 * loads back with the loader's schema; truncated, garbage, empty, NUL,
 * huge and wrongly shaped input is refused with its exact position. */
#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "import.h"
#include "repo.h"
#include "sha256.h"

static char *
slurp(const char *name, size_t *len)
{
	const char *src = getenv("GH_SRCDIR");
	char *path = xasprintf("%s/tests/data/import/%s", src ? src : ".", name), *data = NULL;

	if (file_read_all(path, 1 << 22, &data, len) < 0)
		fail_msg("cannot read %s", path);
	free(path);
	return data;
}

/* A request on RDS PostgreSQL 14.20 -> 17.11, as the demo packet has. */
static struct gh_request *
request(void)
{
	static struct gh_engine eng;
	static struct gh_request req;
	const char *err;
	int col;

	memset(&eng, 0, sizeof eng);
	eng.kind = ENGINE_POSTGRESQL;
	eng.provider = "aws-rds";
	assert_int_equal(val_parse_version("14.20", &eng.current, &err, &col), 0);
	assert_int_equal(val_parse_version("17.11", &eng.target, &err, &col), 0);
	memset(&req, 0, sizeof req);
	req.engine = &eng;
	return &req;
}

static void
req_init(struct import_req *q, const char *file, const char *data, size_t len)
{
	memset(q, 0, sizeof *q);
	q->file = file;
	q->data = data;
	q->len = len;
	q->format = q->evidence_type = q->sensitivity = -1;
	q->collected_at = q->file_time = GH_TIME_NONE;
	q->imported_at = 1795000000;	/* 2026-11-18 */
	q->by = "Test Importer <test@example.com>";
	q->request = request();
}

/* Import and load the result back as the repository loader would. */
static struct gh_evidence *
import_ok(struct arena *a, const struct import_req *q, struct import_result *res)
{
	struct diags d;
	struct gh_evidence *e;

	diags_init(&d);
	if (import_evidence(q, res, &d) < 0)
		fail_msg("import failed: %s", d.n ? d.v[0].msg : "?");
	assert_int_equal(d.errors, 0);
	diags_free(&d);
	diags_init(&d);
	e = repo_parse_file(a, "ev.yaml", res->text, strlen(res->text), &gh_evidence_schema, &d);
	assert_non_null(e);
	assert_int_equal(d.n, 0);
	diags_free(&d);
	return e;
}

/* The import fails with a diagnostic containing want at line:col. */
static void
import_fails(const struct import_req *q, int line, int col, const char *want)
{
	struct import_result res;
	struct diags d;
	size_t i;

	diags_init(&d);
	assert_int_equal(import_evidence(q, &res, &d), -1);
	assert_null(res.text);
	assert_true(d.errors > 0);
	for (i = 0; i < d.n; i++)
		if (d.v[i].line == line && d.v[i].col == col && strstr(d.v[i].msg, want))
			break;
	if (i == d.n)
		fail_msg("no error '%s' at %d:%d; first: %d:%d %s", want, line, col,
		    d.n ? d.v[0].line : 0, d.n ? d.v[0].col : 0, d.n ? d.v[0].msg : "");
	diags_free(&d);
}

static void
test_sha256(void **state)
{
	char hex[SHA256_HEX_LEN + 1];
	char *big = xmalloc(1000000);

	(void)state;
	sha256_buf_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha256_buf_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_buf_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(big, 'a', 1000000);
	sha256_buf_hex(big, 1000000, hex);
	assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(big);
}

static void
test_pg_compatible(void **state)
{
	struct import_req q;
	struct import_result res;
	struct arena a;
	size_t len;
	char *data = slurp("pg-upgrade-check-ok.txt", &len), hex[SHA256_HEX_LEN + 1];
	struct gh_evidence *e;
	struct gh_ev_upgrade_check *u;

	(void)state;
	arena_init(&a);
	req_init(&q, "ok.txt", data, len);
	assert_int_equal(import_detect(data, len), IMPORT_PG_UPGRADE_CHECK);
	e = import_ok(&a, &q, &res);
	assert_int_equal(e->type, EV_UPGRADE_CHECK);
	assert_string_equal(res.id, "pg-upgrade-check");
	u = e->data;
	assert_true(u->compatible);
	assert_false(u->live_check);
	assert_int_equal(u->blocking, 0);
	assert_int_equal(u->checks.n, 10);
	assert_string_equal(u->checks.v[0].name, "Checking cluster versions");
	assert_int_equal(u->checks.v[9].result, CHECK_OK);
	sha256_buf_hex(data, len, hex);
	assert_string_equal(e->digest + 7, hex);
	assert_string_equal(e->import->format, "pg-upgrade-check");
	assert_string_equal(e->import->by, "Test Importer <test@example.com>");
	assert_int_equal(e->collected_at, q.imported_at);
	import_result_free(&res);
	arena_free(&a);
	free(data);
}

static void
test_pg_fatal(void **state)
{
	struct import_req q;
	struct import_result res;
	struct arena a;
	size_t len;
	char *data = slurp("pg-upgrade-check-reg.txt", &len);
	struct gh_ev_upgrade_check *u;

	(void)state;
	arena_init(&a);
	req_init(&q, "reg.txt", data, len);
	u = import_ok(&a, &q, &res)->data;
	assert_false(u->compatible);
	assert_true(u->live_check);
	assert_int_equal(u->blocking, 1);
	assert_int_equal(u->checks.n, 6);
	assert_string_equal(u->checks.v[5].name, "Checking for reg* data types in user tables");
	assert_int_equal(u->checks.v[5].result, CHECK_FATAL);
	assert_string_equal(u->checks.v[5].report,
	    "/var/lib/postgresql/16/main/pg_upgrade_output.d/20261115T184210.337/tables_using_reg.txt");
	assert_non_null(strstr(u->checks.v[5].message, "reg* data types"));
	/* the sentence announcing the report file stays whole */
	assert_non_null(strstr(u->checks.v[5].message, "is in the file:"));
	assert_string_equal(u->report_dir,
	    "/var/lib/postgresql/16/main/pg_upgrade_output.d/20261115T184210.337");
	import_result_free(&res);
	arena_free(&a);
	free(data);
}

static void
test_pg_dots_and_datatypes(void **state)
{
	struct import_req q;
	struct import_result res;
	struct arena a;
	size_t len;
	char *data = slurp("pg-upgrade-check-postfix.txt", &len);
	struct gh_ev_upgrade_check *u;

	(void)state;
	arena_init(&a);
	req_init(&q, "postfix.txt", data, len);
	u = import_ok(&a, &q, &res)->data;
	assert_int_equal(u->blocking, 1);
	assert_string_equal(u->checks.v[7].name, "Checking for user-defined postfix operators");
	assert_non_null(strstr(u->checks.v[7].report, "postfix_ops.txt"));
	import_result_free(&res);
	free(data);

	/* PostgreSQL 17: "failed check:" lines, reports in the same order */
	data = slurp("pg-upgrade-check-datatypes.txt", &len);
	req_init(&q, "datatypes.txt", data, len);
	u = import_ok(&a, &q, &res)->data;
	assert_false(u->compatible);
	assert_int_equal(u->blocking, 2);
	assert_string_equal(u->checks.v[6].name, "Checking for reg* data types in user tables");
	assert_non_null(strstr(u->checks.v[6].report, "tables_using_reg.txt"));
	assert_string_equal(u->checks.v[7].name, "Checking for incompatible \"aclitem\" data type");
	assert_non_null(strstr(u->checks.v[7].report, "tables_using_aclitem.txt"));
	assert_null(u->checks.v[5].report);
	import_result_free(&res);
	free(data);

	data = slurp("pg-upgrade-check-warning.txt", &len);
	req_init(&q, "warning.txt", data, len);
	u = import_ok(&a, &q, &res)->data;
	assert_true(u->compatible);
	assert_int_equal(u->warnings, 1);
	assert_int_equal(u->checks.v[3].result, CHECK_WARNING);
	assert_non_null(strstr(u->checks.v[3].message, "hash indexes"));
	import_result_free(&res);
	arena_free(&a);
	free(data);
}

static void
test_pg_bad(void **state)
{
	static const char nul[] = "Performing Consistency Checks\n---\nChecking cluster v\0ersions ok\n";
	struct import_req q;
	size_t len, i;
	char *data = slurp("pg-upgrade-check-truncated.txt", &len), *huge;

	(void)state;
	req_init(&q, "cut.txt", data, len);
	import_fails(&q, 7, 65, "cut short");
	q.format = IMPORT_PG_UPGRADE_CHECK;
	req_init(&q, "empty.txt", "", 0);
	q.format = IMPORT_PG_UPGRADE_CHECK;
	import_fails(&q, 1, 1, "not pg_upgrade --check output");
	req_init(&q, "empty.txt", "", 0);
	import_fails(&q, 1, 1, "cannot tell the input's format");
	req_init(&q, "garbage.txt", "\x01\x02 hello: [\n", 11);
	q.format = IMPORT_PG_UPGRADE_CHECK;
	import_fails(&q, 1, 1, "not pg_upgrade --check output");
	req_init(&q, "nul.txt", nul, sizeof nul - 1);
	import_fails(&q, 3, 19, "NUL byte");
	req_init(&q, "upgrade.txt", "Performing Consistency Checks\n---\nChecking cluster versions   ok\n"
	    "Performing Upgrade\n", 91);
	q.len = strlen(q.data);
	import_fails(&q, 4, 1, "not of pg_upgrade --check");
	req_init(&q, "norez.txt", "Performing Consistency Checks\nChecking a\nChecking b   ok\n"
	    "*Clusters are compatible*\n", 0);
	q.len = strlen(q.data);
	import_fails(&q, 2, 1, "no result");
	free(data);

	/* a 3 MiB line: handled, kept short in the item */
	len = 3u << 20;
	huge = xmalloc(len + 200);
	strcpy(huge, "Performing Consistency Checks\nChecking x   fatal\n");
	i = strlen(huge);
	memset(huge + i, 'x', len);
	strcpy(huge + i + len, "\nFailure, exiting\n");
	{
		struct import_result res;
		struct arena a;
		struct gh_ev_upgrade_check *u;

		arena_init(&a);
		req_init(&q, "huge.txt", huge, strlen(huge));
		u = import_ok(&a, &q, &res)->data;
		assert_true(strlen(u->checks.v[0].message) <= 4096);
		import_result_free(&res);
		arena_free(&a);
	}
	free(huge);
	/* over the limit */
	huge = xcalloc(IMPORT_MAX_BYTES + 1, 1);
	req_init(&q, "toobig.txt", huge, IMPORT_MAX_BYTES + 1);
	import_fails(&q, 0, 0, "more than");
	free(huge);
}

static void
test_aws(void **state)
{
	struct import_req q;
	struct import_result res;
	struct arena a;
	size_t len;
	char *data = slurp("aws-rds-postgres.json", &len);
	struct gh_evidence *e;
	struct gh_ev_support *s;
	struct buf b = BUF_INIT;

	(void)state;
	arena_init(&a);
	req_init(&q, "aws.json", data, len);
	assert_int_equal(import_detect(data, len), IMPORT_AWS_LIFECYCLE);
	e = import_ok(&a, &q, &res);
	assert_int_equal(e->type, EV_SUPPORT_TIMELINE);
	s = e->data;
	assert_int_equal(s->engine, ENGINE_POSTGRESQL);
	assert_string_equal(s->provider, "aws-rds");
	assert_string_equal(s->version.text, "14");
	val_format_date(s->standard_support_end, &b);
	assert_string_equal(buf_cstr(&b), "2027-02-28");
	buf_reset(&b);
	val_format_date(s->extended_support_end, &b);
	assert_string_equal(buf_cstr(&b), "2030-02-28");
	assert_true(s->extended_support_available);
	assert_int_equal(s->majors.n, 8);
	buf_reset(&b);
	val_format_date(s->majors.v[6].standard_support_end, &b);
	assert_string_equal(buf_cstr(&b), "2030-02-28");	/* 17 */
	buf_reset(&b);
	val_format_date(s->majors.v[5].released, &b);
	assert_string_equal(buf_cstr(&b), "2023-11-17");	/* 16 */
	buf_free(&b);
	import_result_free(&res);
	arena_free(&a);
	free(data);
}

static void
test_aws_bad(void **state)
{
	struct import_req q;
	size_t len;
	char *data;

	(void)state;
	data = slurp("aws-wrong-shape.json", &len);
	req_init(&q, "shape.json", data, len);
	import_fails(&q, 6, 42, "\"SupportedEngineLifecycles\" must be a list");
	free(data);
	data = slurp("aws-truncated.json", &len);
	req_init(&q, "cut.json", data, len);
	import_fails(&q, 65, 13, "YAML syntax error");
	free(data);
	req_init(&q, "list.json", "[1, 2]", 6);
	q.format = IMPORT_AWS_LIFECYCLE;
	import_fails(&q, 1, 1, "expected a JSON object");
	req_init(&q, "date.json", "{\"DBMajorEngineVersions\": [{\"Engine\": \"postgres\",\n"
	    " \"MajorEngineVersion\": \"14\", \"SupportedEngineLifecycles\": [\n"
	    "  {\"LifecycleSupportName\": \"open-source-rds-standard-support\",\n"
	    "   \"LifecycleSupportStartDate\": \"2022-02-03T00:00:00+00:00\",\n"
	    "   \"LifecycleSupportEndDate\": \"2027-13-28T23:59:59.999000+00:00\"}]}]}\n", 0);
	q.len = strlen(q.data);
	import_fails(&q, 5, 37, "invalid date '2027-13-28T23:59:59.999000+00:00'");
	req_init(&q, "other.json", "{\"DBMajorEngineVersions\": [{\"Engine\": \"postgres\", "
	    "\"MajorEngineVersion\": \"15\"}]}", 0);
	q.len = strlen(q.data);
	import_fails(&q, 1, 27, "no entry for postgresql 14.20");
	req_init(&q, "nover.json", "{\"DBMajorEngineVersions\": [{\"Engine\": \"postgres\"}]}", 0);
	q.len = strlen(q.data);
	import_fails(&q, 1, 28, "missing \"MajorEngineVersion\"");
}

static void
test_generic(void **state)
{
	struct import_req q;
	struct import_result res;
	struct arena a;
	size_t len;
	char *data = slurp("generic-rehearsal.yaml", &len);
	struct gh_evidence *e;

	(void)state;
	arena_init(&a);
	req_init(&q, "dir/generic-rehearsal.yaml", data, len);
	e = import_ok(&a, &q, &res);
	assert_int_equal(e->type, EV_REHEARSAL);
	assert_string_equal(res.id, "generic-rehearsal");
	assert_string_equal(e->source->system, "Jenkins (db-rehearsal pipeline)");
	assert_int_equal(((struct gh_ev_rehearsal *)e->data)->result, RESULT_PASS);
	import_result_free(&res);
	free(data);

	data = slurp("generic-backup-data.json", &len);
	req_init(&q, "backup.json", data, len);
	import_fails(&q, 1, 1, "--evidence-type");
	q.evidence_type = EV_BACKUP;
	q.id = "backup-2";
	e = import_ok(&a, &q, &res);
	assert_int_equal(e->type, EV_BACKUP);
	assert_string_equal(res.id, "backup-2");
	assert_true(((struct gh_ev_backup *)e->data)->pitr_enabled);
	import_result_free(&res);
	free(data);

	data = slurp("generic-bad-data.json", &len);
	req_init(&q, "bad.json", data, len);
	q.evidence_type = EV_BACKUP;
	import_fails(&q, 5, 17, "retention");
	free(data);

	req_init(&q, "ph.yaml", "type: link\nsensitivity: customer-impact\ntitle: x\n", 0);
	q.len = strlen(q.data);
	import_fails(&q, 2, 14, "must not be stored in this repository");
	req_init(&q, "unk.yaml", "type: link\ntitle: x\nsurprise: 1\n", 0);
	q.len = strlen(q.data);
	import_fails(&q, 3, 1, "surprise");
	req_init(&q, "id.yaml", "id: one\ntype: link\ntitle: x\n", 0);
	q.len = strlen(q.data);
	q.id = "two";
	import_fails(&q, 1, 5, "is not the --id");
	req_init(&q, "seq.yaml", "- a\n- b\n", 0);
	q.len = strlen(q.data);
	q.format = IMPORT_GENERIC;
	import_fails(&q, 1, 1, "expected a mapping");
	arena_free(&a);
}

static void
test_valid_id(void **state)
{
	(void)state;
	assert_true(import_valid_id("pg-upgrade-check"));
	assert_true(import_valid_id("a.b_c-1"));
	assert_false(import_valid_id(""));
	assert_false(import_valid_id(".hidden"));
	assert_false(import_valid_id("../x"));
	assert_false(import_valid_id("a/b"));
	assert_false(import_valid_id("a b"));
	assert_false(import_valid_id("-x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_pg_compatible),
		cmocka_unit_test(test_pg_fatal),
		cmocka_unit_test(test_pg_dots_and_datatypes),
		cmocka_unit_test(test_pg_bad),
		cmocka_unit_test(test_aws),
		cmocka_unit_test(test_aws_bad),
		cmocka_unit_test(test_generic),
		cmocka_unit_test(test_valid_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
