/* import_aws.c -- the JSON of "aws rds describe-db-major-engine-versions"
 * as support-timeline evidence.
 *
 *   {"DBMajorEngineVersions": [{"Engine": "postgres", "MajorEngineVersion": "14",
 *     "SupportedEngineLifecycles": [{"LifecycleSupportName":
 *       "open-source-rds-standard-support", "LifecycleSupportStartDate": ...,
 *       "LifecycleSupportEndDate": "2027-02-28T23:59:59.999000+00:00"}, ...]}]}
 *
 * JSON is YAML flow syntax, so the loader's YAML parser reads it and every
 * problem has a line and column.  The item describes the packet's current
 * major version (what the gates read: evidence.support_timeline.*) and
 * lists every major of the same engine with its dates under 'majors'.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "import_int.h"

#define LC_STANDARD "open-source-rds-standard-support"
#define LC_EXTENDED "open-source-rds-extended-support"

struct aws_major {
	const struct ynode *node;
	const char *text;		/* MajorEngineVersion */
	struct gh_version version;
	int engine;			/* enum gh_engine_kind */
	const char *provider;
	gh_time released, standard_end, extended_end;
};

static const struct {
	const char *name;
	int engine;
	const char *provider;
} aws_engines[] = {
	{ "postgres", ENGINE_POSTGRESQL, "aws-rds" },
	{ "aurora-postgresql", ENGINE_POSTGRESQL, "aws-aurora" },
	{ "sqlserver-ee", ENGINE_SQLSERVER, "aws-rds" },
	{ "sqlserver-se", ENGINE_SQLSERVER, "aws-rds" },
	{ "sqlserver-ex", ENGINE_SQLSERVER, "aws-rds" },
	{ "sqlserver-web", ENGINE_SQLSERVER, "aws-rds" },
};

/* A member that must be a scalar, or NULL after an error. */
static const struct ynode *
member(struct import_ctx *c, const struct ynode *obj, const char *key)
{
	const struct ynode *n = ydoc_map_get(obj, key);

	if (n == NULL) {
		import_error(c, obj->pos, _("missing \"%s\""), key);
		return NULL;
	}
	if (n->kind != YN_SCALAR || ydoc_is_null(n)) {
		import_error(c, n->pos, _("\"%s\" must be a string, not %s"), key,
		    n->kind == YN_SCALAR ? "null" : ydoc_kind_name(n->kind));
		return NULL;
	}
	return n;
}

/* "2027-02-28T23:59:59.999000+00:00" -> the day it falls on in UTC. */
static int
aws_date(struct import_ctx *c, const struct ynode *n, gh_time *out)
{
	char *s = xstrdup(n->str), *t = strchr(s, 'T'), *dot = t ? strchr(t, '.') : NULL;
	const char *err = NULL;
	size_t cut = 0;
	bool date_only;
	int col = 0, r;

	if (dot) {	/* fractions of a second: not part of a day */
		for (cut = 1; dot[cut] >= '0' && dot[cut] <= '9'; cut++)
			;
		memmove(dot, dot + cut, strlen(dot + cut) + 1);
	}
	r = val_parse_time(s, out, &date_only, &err, &col);
	if (r < 0) {
		struct gh_pos p = n->pos;

		if (dot && s + col >= dot)
			col += (int)cut;
		p.col += (n->quoted ? 1 : 0) + col;
		import_error(c, p, _("invalid date '%s': %s"), n->str, _(err));
	} else {
		*out -= ((*out % 86400) + 86400) % 86400;
	}
	free(s);
	return r;
}

static void
lifecycle(struct import_ctx *c, const struct ynode *lc, struct aws_major *m)
{
	const struct ynode *name, *start, *end;
	gh_time from = GH_TIME_NONE, to = GH_TIME_NONE;

	if (lc->kind != YN_MAP) {
		import_error(c, lc->pos, _("a lifecycle must be an object, not %s"),
		    ydoc_kind_name(lc->kind));
		return;
	}
	if ((name = member(c, lc, "LifecycleSupportName")) == NULL ||
	    (start = member(c, lc, "LifecycleSupportStartDate")) == NULL ||
	    (end = member(c, lc, "LifecycleSupportEndDate")) == NULL ||
	    aws_date(c, start, &from) < 0 || aws_date(c, end, &to) < 0)
		return;
	if (strcmp(name->str, LC_STANDARD) == 0) {
		m->released = from;
		m->standard_end = to;
	} else if (strcmp(name->str, LC_EXTENDED) == 0) {
		m->extended_end = to;
	} else {
		import_warning(c, name->pos, _("unknown lifecycle '%s' left out"), name->str);
	}
}

/* One entry of DBMajorEngineVersions; false for engines gatehouse does not
 * model (mysql, oracle ...), which are skipped. */
static bool
major(struct import_ctx *c, const struct ynode *it, struct aws_major *m)
{
	const struct ynode *eng, *ver, *lcs;
	const char *err;
	size_t k;
	int col;

	memset(m, 0, sizeof *m);
	m->node = it;
	m->released = m->standard_end = m->extended_end = GH_TIME_NONE;
	if (it->kind != YN_MAP) {
		import_error(c, it->pos, _("an engine version must be an object, not %s"),
		    ydoc_kind_name(it->kind));
		return false;
	}
	if ((eng = member(c, it, "Engine")) == NULL ||
	    (ver = member(c, it, "MajorEngineVersion")) == NULL)
		return false;
	for (k = 0; k < GH_ARRAY_SIZE(aws_engines) && strcmp(eng->str, aws_engines[k].name); k++)
		;
	if (k == GH_ARRAY_SIZE(aws_engines))
		return false;
	m->engine = aws_engines[k].engine;
	m->provider = aws_engines[k].provider;
	m->text = ver->str;
	if (val_parse_version(ver->str, &m->version, &err, &col) < 0) {
		struct gh_pos p = ver->pos;

		p.col += (ver->quoted ? 1 : 0) + col;
		import_error(c, p, _("invalid version '%s': %s"), ver->str, _(err));
		return false;
	}
	lcs = ydoc_map_get(it, "SupportedEngineLifecycles");
	if (lcs && lcs->kind != YN_SEQ) {
		import_error(c, lcs->pos, _("\"%s\" must be a list, not %s"),
		    "SupportedEngineLifecycles", ydoc_kind_name(lcs->kind));
		return false;
	}
	for (k = 0; lcs && k < lcs->n; k++)
		lifecycle(c, lcs->kids[k], m);
	return true;
}

/* Does major m (e.g. 14, or 9.6) cover version v (14.20)? */
static bool
covers(const struct gh_version *m, const struct gh_version *v)
{
	int k;

	if (m->n > v->n)
		return false;
	for (k = 0; k < m->n; k++)
		if (m->part[k] != v->part[k])
			return false;
	return true;
}

static struct ynode *
date_node(struct arena *a, gh_time t)
{
	struct buf b = BUF_INIT;
	struct ynode *n;

	val_format_date(t, &b);
	n = yb_plain(a, buf_cstr(&b));
	buf_free(&b);
	return n;
}

static struct ynode *
major_node(struct arena *a, const struct aws_major *m)
{
	struct ynode *n = yb_map(a);

	n->pos = m->node->pos;
	yb_put(a, n, "version", yb_str(a, m->text));
	if (m->released != GH_TIME_NONE)
		yb_put(a, n, "released", date_node(a, m->released));
	if (m->standard_end != GH_TIME_NONE)
		yb_put(a, n, "standard_support_end", date_node(a, m->standard_end));
	if (m->extended_end != GH_TIME_NONE)
		yb_put(a, n, "extended_support_end", date_node(a, m->extended_end));
	return n;
}

static void
build_data(struct import_ctx *c, const struct aws_major *v, size_t n, const struct aws_major *cur)
{
	struct arena *a = c->a;
	struct ynode *d = yb_map(a), *majors = yb_seq(a);
	struct buf sum = BUF_INIT, day = BUF_INIT;
	size_t i;

	yb_put(a, d, "engine", yb_plain(a, gh_engine_kinds[cur->engine]));
	yb_put(a, d, "provider", yb_plain(a, cur->provider));
	yb_put(a, d, "version", yb_str(a, cur->text));
	yb_put(a, d, "standard_support_end", date_node(a, cur->standard_end));
	if (cur->extended_end != GH_TIME_NONE)
		yb_put(a, d, "extended_support_end", date_node(a, cur->extended_end));
	yb_put(a, d, "extended_support_available",
	    yb_plain(a, cur->extended_end != GH_TIME_NONE ? "true" : "false"));
	for (i = 0; i < n; i++)
		yb_add(a, majors, major_node(a, &v[i]));
	yb_put(a, d, "majors", majors);
	c->data = d;
	c->type = EV_SUPPORT_TIMELINE;
	c->id = "aws-lifecycle";
	c->system = "aws rds describe-db-major-engine-versions";
	c->title = arena_printf(a, _("%s %s support timeline on %s (from the provider's lifecycle API)"),
	    gh_engine_kinds[cur->engine], cur->text, cur->provider);
	val_format_date(cur->standard_end, &day);
	buf_printf(&sum, _("Standard support for %s %s on %s ends on %s."),
	    gh_engine_kinds[cur->engine], cur->text, cur->provider, buf_cstr(&day));
	if (cur->extended_end != GH_TIME_NONE) {
		buf_reset(&day);
		val_format_date(cur->extended_end, &day);
		buf_printf(&sum, _(" Paid extended support runs to %s."), buf_cstr(&day));
	}
	buf_printf(&sum, _(" The provider listed %zu major versions."), n);
	c->summary = arena_strdup(a, buf_cstr(&sum));
	buf_free(&sum);
	buf_free(&day);
}

/* The entries for the packet's engine and provider, and its current major. */
static int
select_current(struct import_ctx *c, const struct ynode *list, struct aws_major *v, size_t *n,
    const struct aws_major **cur)
{
	const struct gh_engine *e = c->q->request ? c->q->request->engine : NULL;
	size_t i, k = 0;

	*cur = NULL;
	if (e == NULL || e->current.n == 0) {
		import_error(c, list->pos, "%s",
		    _("the packet's request names no engine and current version: cannot tell which major the lifecycle is for"));
		return -1;
	}
	for (i = 0; i < *n; i++)
		if (v[i].engine == e->kind && e->provider && strcmp(v[i].provider, e->provider) == 0)
			v[k++] = v[i];
	*n = k;
	if (k == 0) {
		import_error(c, list->pos, _("no %s versions on %s in the input (the packet's engine)"),
		    gh_engine_kinds[e->kind], e->provider ? e->provider : "?");
		return -1;
	}
	for (i = 0; i < k; i++)
		if (covers(&v[i].version, &e->current) && (*cur == NULL || v[i].version.n > (*cur)->version.n))
			*cur = &v[i];
	if (*cur == NULL) {
		import_error(c, list->pos, _("no entry for %s %s, the packet's current version"),
		    gh_engine_kinds[e->kind], e->current.text ? e->current.text : "?");
		return -1;
	}
	if ((*cur)->standard_end == GH_TIME_NONE) {
		import_error(c, (*cur)->node->pos, _("%s %s has no \"%s\" lifecycle"),
		    gh_engine_kinds[e->kind], (*cur)->text, LC_STANDARD);
		return -1;
	}
	return 0;
}

int
import_aws(struct import_ctx *c)
{
	struct ynode *root = NULL, *list;
	struct aws_major *v;
	const struct aws_major *cur;
	size_t i, n = 0, before = c->d->errors;

	if (ydoc_parse(c->a, c->q->file, c->q->data, c->q->len, NULL, &root, c->d) < 0)
		return -1;
	if (root == NULL || root->kind != YN_MAP) {
		import_error(c, root ? root->pos : (struct gh_pos){ 1, 1 }, "%s",
		    _("expected a JSON object with \"DBMajorEngineVersions\" (aws rds describe-db-major-engine-versions --output json)"));
		return -1;
	}
	if ((list = ydoc_map_get(root, "DBMajorEngineVersions")) == NULL) {
		import_error(c, root->pos, _("missing \"%s\""), "DBMajorEngineVersions");
		return -1;
	}
	if (list->kind != YN_SEQ) {
		import_error(c, list->pos, _("\"%s\" must be a list, not %s"),
		    "DBMajorEngineVersions", ydoc_kind_name(list->kind));
		return -1;
	}
	v = xcalloc(list->n + 1, sizeof *v);
	for (i = 0; i < list->n; i++)
		if (major(c, list->kids[i], &v[n]))
			n++;
	if (c->d->errors == before && select_current(c, list, v, &n, &cur) == 0)
		build_data(c, v, n, cur);
	free(v);
	return c->d->errors == before ? 0 : -1;
}
