/* testutil.h -- shared helpers for gatehouse's tests.
 *
 * Include <config.h> first, then this file.  Everything here is static
 * inline, so a test pays only for what it uses and unused helpers raise
 * no warnings.
 *
 * Two parts:
 *   - always: an in-memory struct repo_source over a table of
 *     path -> content (tu_memsrc), and the text of a small valid
 *     repository (tu_min_repo) that tests and the YAML suite start from;
 *   - unless TU_NO_CMOCKA is defined: cmocka helpers to parse a YAML
 *     string with a schema into an arena (struct tu) and to assert that a
 *     diagnostic containing some text sits at an exact line and column.
 */
#ifndef GH_TESTUTIL_H
#define GH_TESTUTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "model.h"
#include "repo.h"

/* ---- in-memory repository source ------------------------------------- */

/* One file (or, with a path ending in '/', one empty directory).  len
 * (size_t)-1 means strlen(data). */
struct tu_file {
	const char *path;
	const char *data;
	size_t len;
};

struct tu_memsrc {
	const struct tu_file *files;
	size_t n;
	size_t reads;		/* read calls, for tests */
};

static inline size_t
tu_file_len(const struct tu_file *f)
{
	return f->len == (size_t)-1 ? strlen(f->data) : f->len;
}

static inline int
tu_dirent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct repo_dirent *)a)->name,
	    ((const struct repo_dirent *)b)->name);
}

/* Direct children of dir: the first path component after "dir/". */
static inline int
tu_mem_list(void *ctx, const char *dir, struct repo_dirent **out, size_t *n)
{
	struct tu_memsrc *m = ctx;
	size_t dl = strlen(dir), i, k, cap = 0;
	struct repo_dirent *v = NULL;
	int exists = dl == 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < m->n; i++) {
		const char *p = m->files[i].path, *rest, *slash;
		char *name;

		if (dl) {
			if (strncmp(p, dir, dl) != 0 || p[dl] != '/')
				continue;
			rest = p + dl + 1;
		} else {
			rest = p;
		}
		exists = 1;
		if (rest[0] == '\0')
			continue;	/* the "dir/" marker itself */
		slash = strchr(rest, '/');
		name = slash ? strndup(rest, (size_t)(slash - rest)) : strdup(rest);
		if (name == NULL)
			abort();
		for (k = 0; k < *n; k++)
			if (strcmp(v[k].name, name) == 0)
				break;
		if (k < *n || name[0] == '.') {
			free(name);
			continue;
		}
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			v = realloc(v, cap * sizeof *v);
			if (v == NULL)
				abort();
		}
		v[*n].name = name;
		v[*n].is_dir = slash != NULL;
		(*n)++;
	}
	if (!exists) {
		free(v);
		errno = ENOENT;
		return -1;
	}
	if (*n > 1)
		qsort(v, *n, sizeof *v, tu_dirent_cmp);
	*out = v;
	return 0;
}

static inline int
tu_mem_read(void *ctx, const char *path, size_t max, char **buf, size_t *len)
{
	struct tu_memsrc *m = ctx;
	size_t i;

	m->reads++;
	for (i = 0; i < m->n; i++) {
		const struct tu_file *f = &m->files[i];
		size_t l;

		if (strcmp(f->path, path) != 0 || f->data == NULL)
			continue;
		l = tu_file_len(f);
		*len = l;
		if (l > max)
			return -2;
		*buf = malloc(l ? l : 1);
		if (*buf == NULL)
			abort();
		memcpy(*buf, f->data, l);
		return 0;
	}
	errno = ENOENT;
	return -1;
}

static inline void
tu_memsrc_init(struct repo_source *src, struct tu_memsrc *m,
    const struct tu_file *files, size_t n)
{
	m->files = files;
	m->n = n;
	m->reads = 0;
	memset(src, 0, sizeof *src);	/* members added later stay NULL */
	src->ctx = m;
	src->list = tu_mem_list;
	src->read = tu_mem_read;
	src->base_dir = NULL;
}

/* ---- a small valid repository ------------------------------------------ */

enum {
	TU_SETTINGS, TU_GATES, TU_OPTIONS, TU_AUTHORITY, TU_CALENDAR, TU_LIFECYCLE,
	TU_ROLES, TU_REQUEST, TU_EVIDENCE, TU_REVIEW, TU_PRECEDENT, TU_NFILES
};

#define TU_REQUEST_PATH "packets/PKT-1/request.yaml"
#define TU_EVIDENCE_PATH "packets/PKT-1/evidence/backup.yaml"
#define TU_REVIEW_PATH "packets/PKT-1/reviews/20260106T100000Z-alice-a1b2.yaml"
#define TU_PRECEDENT_PATH "precedents/PREC-1.yaml"

/* The files of a small repository that loads without any problem, in
 * the order of the enum above; their schemas in tu_min_schema(). */
static inline const struct tu_file *
tu_min_repo(void)
{
	static const struct tu_file files[TU_NFILES] = {
		[TU_SETTINGS] = { "gatehouse.yaml",
		    "schema: 1\n"
		    "name: test repository\n", (size_t)-1 },
		[TU_GATES] = { "policy/gates.yaml",
		    "parameters:\n"
		    "  min_soak: 72h\n"
		    "gates:\n"
		    "  - id: G-1\n"
		    "    title: Gate one\n"
		    "    outcome: block\n"
		    "    when: request.soak.planned < policy.min_soak\n", (size_t)-1 },
		[TU_OPTIONS] = { "policy/options.yaml",
		    "weights:\n"
		    "  customer_impact: 1\n"
		    "  rollback_strength: 1\n"
		    "  deadline_risk: 1\n"
		    "  evidence_completeness: 1\n"
		    "options:\n"
		    "  - id: as-scoped\n"
		    "    title: As scoped\n"
		    "    kind: as-scoped\n"
		    "    score:\n"
		    "      customer_impact: 0.5\n"
		    "      rollback_strength: 0.5\n"
		    "      deadline_risk: 0.5\n", (size_t)-1 },
		[TU_AUTHORITY] = { "policy/authority.yaml",
		    "delegated: cab\n"
		    "authorities:\n"
		    "  - id: cab\n"
		    "    name: Change board\n"
		    "    level: 1\n"
		    "routes:\n"
		    "  - id: R-1\n"
		    "    when: 'true'\n"
		    "    authority: cab\n"
		    "    reason: default route\n", (size_t)-1 },
		[TU_CALENDAR] = { "policy/calendar.yaml",
		    "freezes: []\n", (size_t)-1 },
		[TU_LIFECYCLE] = { "policy/lifecycle.yaml",
		    "versions:\n"
		    "  - engine: postgresql\n"
		    "    provider: community\n"
		    "    version: 17\n", (size_t)-1 },
		[TU_ROLES] = { "policy/roles.yaml",
		    "roles:\n"
		    "  - id: dba\n"
		    "    name: DBA\n"
		    "    may: [comment, signoff]\n"
		    "people:\n"
		    "  - id: alice\n"
		    "    name: Alice\n"
		    "    email: alice@example.com\n"
		    "    roles: [dba]\n", (size_t)-1 },
		[TU_REQUEST] = { TU_REQUEST_PATH,
		    "id: PKT-1\n"
		    "title: Upgrade billing to 17\n"
		    "kind: major-upgrade\n"
		    "submitted: 2026-01-05\n"
		    "requester:\n"
		    "  name: Bob\n"
		    "engine:\n"
		    "  kind: postgresql\n"
		    "  current: 16\n"
		    "  target: 17\n"
		    "services:\n"
		    "  - name: billing\n"
		    "    tier: 1\n"
		    "strategy: blue-green\n"
		    "window:\n"
		    "  start: 2026-02-01T02:00:00Z\n"
		    "  end: 2026-02-01T06:00:00Z\n"
		    "rollback:\n"
		    "  mechanism: blue-green-switchback\n"
		    "rationale: the version goes out of support\n", (size_t)-1 },
		[TU_EVIDENCE] = { TU_EVIDENCE_PATH,
		    "title: Backups\n"
		    "type: backup\n"
		    "source:\n"
		    "  system: rds\n"
		    "  link: https://example.com/backups\n"
		    "collected_at: 2026-01-04\n"
		    "sensitivity: internal\n"
		    "data:\n"
		    "  status: healthy\n"
		    "  last_success: 2026-01-04T00:00:00Z\n", (size_t)-1 },
		[TU_REVIEW] = { TU_REVIEW_PATH,
		    "kind: comment\n"
		    "author:\n"
		    "  name: Alice\n"
		    "at: 2026-01-06T10:00:00Z\n"
		    "body: Looks fine.\n", (size_t)-1 },
		[TU_PRECEDENT] = { TU_PRECEDENT_PATH,
		    "id: PREC-1\n"
		    "title: Earlier upgrade\n"
		    "decided: 2025-06-01\n"
		    "service:\n"
		    "  name: billing\n"
		    "  tier: 1\n"
		    "engine:\n"
		    "  kind: postgresql\n"
		    "  current: 15\n"
		    "  target: 16\n"
		    "rollback: pitr\n"
		    "decision: support\n"
		    "decided_by: cab\n"
		    "outcome:\n"
		    "  result: success\n", (size_t)-1 },
	};

	return files;
}

static inline const struct schema *
tu_min_schema(int k)
{
	static const struct schema *const s[TU_NFILES] = {
		&gh_settings_schema, &gh_gates_schema, &gh_options_schema,
		&gh_authority_schema, &gh_calendar_schema, &gh_lifecycle_schema,
		&gh_roles_schema, &gh_request_schema, &gh_evidence_schema,
		&gh_review_schema, &gh_precedent_schema,
	};

	return s[k];
}

/* First diagnostic of severity sev (-1: any) on file (NULL: any) whose
 * message contains sub (NULL: any). */
static inline const struct diag *
tu_find(const struct diags *d, int sev, const char *file, const char *sub)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		if (sev >= 0 && (int)g->sev != sev)
			continue;
		if (file && strcmp(g->file, file) != 0)
			continue;
		if (sub && strstr(g->msg, sub) == NULL)
			continue;
		return g;
	}
	return NULL;
}

/* How many diagnostics match (same rules as tu_find). */
static inline size_t
tu_count(const struct diags *d, int sev, const char *file, const char *sub)
{
	size_t i, k = 0;

	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		if ((sev < 0 || (int)g->sev == sev) && (!file || strcmp(g->file, file) == 0) &&
		    (!sub || strstr(g->msg, sub)))
			k++;
	}
	return k;
}

#ifndef TU_NO_CMOCKA

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

/* ---- parse a YAML string with one schema ------------------------------ */

struct tu {
	struct arena a;
	struct diags d;
};

static inline void
tu_init(struct tu *t)
{
	arena_init(&t->a);
	diags_init(&t->d);
}

static inline void
tu_fini(struct tu *t)
{
	arena_free(&t->a);
	diags_free(&t->d);
}

/* cmocka group fixtures: *state is a fresh struct tu for every test, freed
 * even when the test fails. */
static inline int
tu_setup(void **state)
{
	struct tu *t = malloc(sizeof *t);

	if (t == NULL)
		return -1;
	tu_init(t);
	*state = t;
	return 0;
}

static inline int
tu_teardown(void **state)
{
	struct tu *t = *state;

	if (t) {
		tu_fini(t);
		free(t);
	}
	return 0;
}

/* Parse len bytes of yaml as file "t.yaml" with schema s. */
static inline void *
tu_parse_n(struct tu *t, const struct schema *s, const char *yaml, size_t len)
{
	return repo_parse_file(&t->a, "t.yaml", yaml, len, s, &t->d);
}

static inline void *
tu_parse(struct tu *t, const struct schema *s, const char *yaml)
{
	return tu_parse_n(t, s, yaml, strlen(yaml));
}

/* ---- assertions on diagnostics ----------------------------------------- */

static inline void
tu_dump(const struct diags *d)
{
	struct buf b = BUF_INIT;
	size_t i;

	print_message("# %zu diagnostics (%zu errors, %zu warnings):\n", d->n,
	    d->errors, d->warnings);
	for (i = 0; i < d->n; i++) {
		buf_reset(&b);
		diag_format(&d->v[i], &b);
		print_message("#   %s\n", buf_cstr(&b));
	}
	buf_free(&b);
}

static inline const struct diag *
tu_expect_at(const struct diags *d, int sev, const char *file, const char *sub,
    int line, int col, const char *srcfile, int srcline)
{
	const struct diag *g = tu_find(d, sev, file, sub);

	if (g == NULL) {
		print_error("no %s containing \"%s\"\n",
		    sev == DIAG_ERROR ? "error" : sev == DIAG_WARNING ? "warning" :
		    "diagnostic", sub ? sub : "");
		tu_dump(d);
		_fail(srcfile, srcline);
	}
	if (g->line != line || g->col != col) {
		print_error("\"%s\" at %d:%d, expected %d:%d\n", g->msg, g->line, g->col,
		    line, col);
		tu_dump(d);
		_fail(srcfile, srcline);
	}
	return g;
}

static inline void
tu_expect_count(const struct diags *d, int sev, size_t want, const char *srcfile,
    int srcline)
{
	size_t have = sev == DIAG_ERROR ? d->errors : sev == DIAG_WARNING ? d->warnings :
	    d->errors + d->warnings;

	if (have != want) {
		print_error("%zu %s, expected %zu\n", have,
		    sev == DIAG_ERROR ? "errors" : sev == DIAG_WARNING ? "warnings" :
		    "diagnostics", want);
		tu_dump(d);
		_fail(srcfile, srcline);
	}
}

/* The error (warning) containing sub is at line:col. */
#define TU_ERROR_AT(d, sub, line, col) \
	tu_expect_at((d), DIAG_ERROR, NULL, (sub), (line), (col), __FILE__, __LINE__)
#define TU_WARNING_AT(d, sub, line, col) \
	tu_expect_at((d), DIAG_WARNING, NULL, (sub), (line), (col), __FILE__, __LINE__)
/* Same, on one file of a repository. */
#define TU_FILE_ERROR_AT(d, file, sub, line, col) \
	tu_expect_at((d), DIAG_ERROR, (file), (sub), (line), (col), __FILE__, __LINE__)
#define TU_FILE_WARNING_AT(d, file, sub, line, col) \
	tu_expect_at((d), DIAG_WARNING, (file), (sub), (line), (col), __FILE__, __LINE__)
/* Exactly n errors / warnings / both. */
#define TU_ERRORS(d, n) tu_expect_count((d), DIAG_ERROR, (n), __FILE__, __LINE__)
#define TU_WARNINGS(d, n) tu_expect_count((d), DIAG_WARNING, (n), __FILE__, __LINE__)
#define TU_CLEAN(d) tu_expect_count((d), -1, 0, __FILE__, __LINE__)

#endif /* TU_NO_CMOCKA */

#endif
