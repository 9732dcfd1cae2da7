/* import.c -- one evidence item from a tool's output: format detection,
 * the evidence document around the parsed data, validation with the
 * loader's schema code, and the YAML written. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "repo.h"
#include "yamlout.h"

const char *const import_formats[] = { "pg-upgrade-check", "aws-lifecycle", "generic",
	NULL };

void
import_error(struct import_ctx *c, struct gh_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_ERROR, c->q->file, pos, fmt, ap);
	va_end(ap);
}

void
import_warning(struct import_ctx *c, struct gh_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_WARNING, c->q->file, pos, fmt, ap);
	va_end(ap);
}

bool
import_valid_id(const char *id)
{
	size_t i;

	if (id == NULL || !((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z') ||
	    (id[0] >= '0' && id[0] <= '9')))
		return false;
	for (i = 1; id[i]; i++)
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= 'A' && id[i] <= 'Z') ||
		    (id[i] >= '0' && id[i] <= '9') || strchr("._-", id[i])))
			return false;
	return i <= 80;
}

/* ---- building node trees ------------------------------------------------ */

static struct ynode *
yb_node(struct arena *a, enum ynode_kind k)
{
	struct ynode *n = arena_alloc(a, sizeof *n);

	n->kind = k;
	return n;
}

struct ynode *
yb_map(struct arena *a)
{
	return yb_node(a, YN_MAP);
}

struct ynode *
yb_seq(struct arena *a)
{
	return yb_node(a, YN_SEQ);
}

struct ynode *
yb_str(struct arena *a, const char *s)
{
	struct ynode *n = yb_node(a, YN_SCALAR);

	n->str = arena_strdup(a, s);
	n->len = strlen(s);
	n->quoted = true;
	return n;
}

struct ynode *
yb_plain(struct arena *a, const char *s)
{
	struct ynode *n = yb_str(a, s);

	n->quoted = false;
	n->plain = true;
	return n;
}

/* Kids grow by doubling; an arena never frees, so old arrays just stay. */
static void
yb_push(struct arena *a, struct ynode *n, size_t used, struct ynode *kid)
{
	size_t cap;

	for (cap = 4; cap < used; cap *= 2)
		;
	if (used == 0 || used == cap) {
		struct ynode **v = arena_alloc(a, (used ? 2 * cap : cap) * sizeof *v);

		if (used)
			memcpy(v, n->kids, used * sizeof *v);
		n->kids = v;
	}
	n->kids[used] = kid;
}

void
yb_put(struct arena *a, struct ynode *map, const char *key, struct ynode *val)
{
	yb_push(a, map, 2 * map->n, yb_str(a, key));
	yb_push(a, map, 2 * map->n + 1, val);
	map->n++;
}

void
yb_add(struct arena *a, struct ynode *seq, struct ynode *item)
{
	yb_push(a, seq, seq->n, item);
	seq->n++;
}

/* ---- writing YAML --------------------------------------------------------- */

static void
pad(struct buf *b, int indent)
{
	while (indent-- > 0)
		buf_putc(b, ' ');
}

/* A plain scalar as read stays plain (its YAML type is kept: 17, true,
 * 2026-11-20); anything that would not read back the same is quoted. */
static bool
keep_plain(const struct ynode *n)
{
	const char *s = n->str;
	size_t len = strlen(s);

	if (!n->plain || n->tag || len != n->len || len == 0)
		return false;
	if (strchr("-?:,[]{}#&*!|>'\"%@`", s[0]) && !(s[0] == '-' && s[1] && s[1] != ' '))
		return false;
	return !strpbrk(s, "\n\r\t") && !strstr(s, ": ") && !strstr(s, " #") &&
	    s[0] != ' ' && s[len - 1] != ' ' && s[len - 1] != ':';
}

static void
emit_scalar(struct buf *b, const struct ynode *n)
{
	if (ydoc_is_null(n))
		buf_puts(b, "null");
	else if (keep_plain(n) || (!n->plain && yout_plain_ok(n->str) && n->len == strlen(n->str)))
		buf_puts(b, n->str);
	else
		yout_quote(b, n->str);
}

static void emit_value(struct buf *b, const char *key, const struct ynode *v, int indent);

static void
emit_seq(struct buf *b, const struct ynode *seq, int indent)
{
	size_t i, k;

	for (i = 0; i < seq->n; i++) {
		const struct ynode *it = seq->kids[i];

		pad(b, indent);
		buf_puts(b, "- ");
		if (it->kind == YN_SCALAR) {
			emit_scalar(b, it);
			buf_putc(b, '\n');
		} else if (it->n == 0) {
			buf_puts(b, it->kind == YN_MAP ? "{}\n" : "[]\n");
		} else if (it->kind == YN_SEQ) {
			buf_putc(b, '\n');
			emit_seq(b, it, indent + 2);
		} else {
			/* the first pair goes on the dash's line */
			struct buf first = BUF_INIT;

			emit_value(&first, it->kids[0]->str, it->kids[1], indent + 2);
			buf_puts(b, buf_cstr(&first) + indent + 2);
			buf_free(&first);
			for (k = 1; k < it->n; k++)
				emit_value(b, it->kids[2 * k]->str, it->kids[2 * k + 1], indent + 2);
		}
	}
}

static void
emit_value(struct buf *b, const char *key, const struct ynode *v, int indent)
{
	if (v->kind == YN_SCALAR && !ydoc_is_null(v) && strchr(v->str, '\n') &&
	    v->len == strlen(v->str)) {
		yout_text(b, indent, key, v->str);
		return;
	}
	pad(b, indent);
	if (yout_plain_ok(key))
		buf_puts(b, key);
	else
		yout_quote(b, key);
	buf_putc(b, ':');
	if (v->kind == YN_SCALAR) {
		buf_putc(b, ' ');
		emit_scalar(b, v);
		buf_putc(b, '\n');
	} else if (v->n == 0) {
		buf_puts(b, v->kind == YN_MAP ? " {}\n" : " []\n");
	} else if (v->kind == YN_SEQ) {
		buf_putc(b, '\n');
		emit_seq(b, v, indent + 2);
	} else {
		buf_putc(b, '\n');
		import_emit(b, v, indent + 2);
	}
}

void
import_emit(struct buf *b, const struct ynode *map, int indent)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		emit_value(b, map->kids[2 * i]->str, map->kids[2 * i + 1], indent);
}

/* ---- detection ------------------------------------------------------------ */

static bool
has_line_starting(const char *data, size_t len, const char *word)
{
	size_t wl = strlen(word), i = 0;

	while (i < len) {
		while (i < len && (data[i] == ' ' || data[i] == '\t'))
			i++;
		if (len - i >= wl && memcmp(data + i, word, wl) == 0)
			return true;
		while (i < len && data[i] != '\n')
			i++;
		i++;
	}
	return false;
}

static bool
json_like(const char *data, size_t len)
{
	size_t i = 0;

	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	return i < len && (data[i] == '{' || data[i] == '[');
}

static bool
has_text(const char *data, size_t len, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(data + i, word, n) == 0)
			return true;
	return false;
}

int
import_detect(const char *data, size_t len)
{
	struct arena a;
	struct diags d;
	struct ynode *root = NULL;
	int r = -1;

	if (has_line_starting(data, len, "Performing Consistency Checks") ||
	    has_line_starting(data, len, "Checking cluster versions"))
		return IMPORT_PG_UPGRADE_CHECK;
	arena_init(&a);
	diags_init(&d);
	if (ydoc_parse(&a, "-", data, len, NULL, &root, &d) == 0 && root &&
	    root->kind == YN_MAP)
		r = ydoc_map_get(root, "DBMajorEngineVersions") ? IMPORT_AWS_LIFECYCLE :
		    IMPORT_GENERIC;
	else if (root == NULL && json_like(data, len))	/* broken JSON: let the parser say where */
		r = has_text(data, len, "\"DBMajorEngineVersions\"") ? IMPORT_AWS_LIFECYCLE :
		    IMPORT_GENERIC;
	diags_free(&d);
	arena_free(&a);
	return r;
}

/* ---- generic: an evidence document or its data ------------------------------ */

/* The input file's name without directory and extension, if it is a
 * usable id ("rehearsal-2.json" -> "rehearsal-2"). */
static const char *
file_stem(struct import_ctx *c)
{
	const char *base = strrchr(c->q->file, '/'), *dot;
	char *s;

	base = base ? base + 1 : c->q->file;
	dot = strrchr(base, '.');
	s = arena_strndup(c->a, base, dot && dot > base ? (size_t)(dot - base) : strlen(base));
	return import_valid_id(s) ? s : NULL;
}

int
import_generic(struct import_ctx *c)
{
	const struct import_req *q = c->q;
	struct ynode *root = NULL, *t, *id;

	if (ydoc_parse(c->a, q->file, q->data, q->len, NULL, &root, c->d) < 0)
		return -1;
	if (root == NULL || root->kind != YN_MAP) {
		import_error(c, root ? root->pos : (struct gh_pos){ 1, 1 }, "%s",
		    _("expected a mapping: an evidence document or the 'data' of one"));
		return -1;
	}
	if ((t = ydoc_map_get(root, "type")) != NULL) {
		c->doc = root;
		c->type = t->kind == YN_SCALAR ? schema_enum_index(gh_evidence_types, t->str) : -1;
		id = ydoc_map_get(root, "id");
		if (id && id->kind == YN_SCALAR && q->id && strcmp(id->str, q->id) != 0) {
			import_error(c, id->pos, _("the document's id '%s' is not the --id '%s'"),
			    id->str, q->id);
			return -1;
		}
		if (id && id->kind == YN_SCALAR)
			c->id = id->str;
	} else if (q->evidence_type < 0) {
		import_error(c, root->pos, "%s",
		    _("not a whole evidence document (no 'type' key); say what the data is with --evidence-type"));
		return -1;
	} else if (gh_evidence_data_schemas[q->evidence_type] == NULL) {
		import_error(c, root->pos, _("evidence of type '%s' has no data"),
		    gh_evidence_types[q->evidence_type]);
		return -1;
	} else {
		c->type = q->evidence_type;
		c->data = root;
	}
	if (c->id == NULL)
		c->id = file_stem(c);
	if (c->id == NULL && c->type >= 0)
		c->id = gh_evidence_types[c->type];
	c->title = arena_printf(c->a, _("%s imported from %s"),
	    c->type >= 0 ? gh_evidence_types[c->type] : _("evidence"), q->file);
	c->system = "gatehouse import";
	return 0;
}

/* ---- the evidence document ------------------------------------------------ */

static struct ynode *
doc_get(const struct import_ctx *c, const char *key)
{
	return c->doc ? ydoc_map_get(c->doc, key) : NULL;
}

static struct ynode *
time_node(struct arena *a, gh_time t)
{
	struct buf b = BUF_INIT;
	struct ynode *n;

	val_format_time(t, false, &b);
	n = yb_plain(a, buf_cstr(&b));
	buf_free(&b);
	return n;
}

static struct ynode *
source_node(struct import_ctx *c)
{
	const struct import_req *q = c->q;
	struct ynode *src = doc_get(c, "source"), *sys = NULL, *n;

	if (src && q->link == NULL)
		return src;
	if (src && src->kind == YN_MAP)
		sys = ydoc_map_get(src, "system");
	n = yb_map(c->a);
	yb_put(c->a, n, "system", sys ? sys : yb_str(c->a, c->system));
	yb_put(c->a, n, "link", yb_str(c->a, q->link ? q->link : c->default_link));
	return n;
}

static struct ynode *
import_node(struct import_ctx *c, int format)
{
	struct ynode *n = yb_map(c->a);

	yb_put(c->a, n, "format", yb_str(c->a, import_formats[format]));
	yb_put(c->a, n, "file", yb_str(c->a, c->q->file));
	if (c->q->by)
		yb_put(c->a, n, "by", yb_str(c->a, c->q->by));
	yb_put(c->a, n, "at", time_node(c->a, c->q->imported_at));
	return n;
}

/* Keys the importer sets itself; the rest of a document is kept. */
static bool
managed_key(const char *k)
{
	static const char *const keys[] = { "id", "title", "type", "source", "collected_at",
		"sensitivity", "summary", "digest", "import", "data", NULL };
	int i;

	for (i = 0; keys[i]; i++)
		if (strcmp(k, keys[i]) == 0)
			return true;
	return false;
}

static struct ynode *
assemble(struct import_ctx *c, int format, const char *digest)
{
	const struct import_req *q = c->q;
	struct arena *a = c->a;
	struct ynode *root = yb_map(a), *n;
	size_t i;

	n = doc_get(c, "title");
	yb_put(a, root, "title", q->title ? yb_str(a, q->title) : n ? n : yb_str(a, c->title));
	n = doc_get(c, "type");
	yb_put(a, root, "type", n ? n : yb_plain(a, gh_evidence_types[c->type]));
	yb_put(a, root, "source", source_node(c));
	n = doc_get(c, "collected_at");
	yb_put(a, root, "collected_at", q->collected_at != GH_TIME_NONE ?
	    time_node(a, q->collected_at) : n ? n : time_node(a,
	    q->file_time != GH_TIME_NONE ? q->file_time : q->imported_at));
	n = doc_get(c, "sensitivity");
	yb_put(a, root, "sensitivity", q->sensitivity >= 0 ?
	    yb_plain(a, gh_sensitivities[q->sensitivity]) : n ? n : yb_plain(a, "internal"));
	if ((n = doc_get(c, "summary")) != NULL)
		yb_put(a, root, "summary", n);
	else if (c->summary)
		yb_put(a, root, "summary", yb_str(a, c->summary));
	yb_put(a, root, "digest", yb_plain(a, digest));
	yb_put(a, root, "import", import_node(c, format));
	if ((n = c->data ? c->data : doc_get(c, "data")) != NULL)
		yb_put(a, root, "data", n);
	for (i = 0; c->doc && i < c->doc->n; i++)
		if (!managed_key(c->doc->kids[2 * i]->str)) {
			/* the input's own key node, so problems point into the input */
			yb_put(a, root, c->doc->kids[2 * i]->str, c->doc->kids[2 * i + 1]);
			root->kids[2 * root->n - 2] = c->doc->kids[2 * i];
		}
	return root;
}

/* The written file must load back exactly as the repository loader reads
 * it; anything else is a bug here, never something to commit. */
static int
loads_back(const struct import_ctx *c, const char *id, const char *text)
{
	struct arena a;
	struct diags d;
	char *name = xasprintf("evidence/%s.yaml", id);
	int r = 0;

	arena_init(&a);
	diags_init(&d);
	if (repo_parse_file(&a, name, text, strlen(text), &gh_evidence_schema, &d) == NULL ||
	    d.n) {
		diag_add(c->d, DIAG_ERROR, c->q->file, (struct gh_pos){ 0, 0 },
		    _("internal error: the evidence would not load back (%s)"),
		    d.n ? d.v[0].msg : "?");
		r = -1;
	}
	free(name);
	arena_free(&a);
	diags_free(&d);
	return r;
}

static int
parse_format(struct import_ctx *c, int format)
{
	switch (format) {
	case IMPORT_PG_UPGRADE_CHECK: return import_pg(c);
	case IMPORT_AWS_LIFECYCLE: return import_aws(c);
	default: return import_generic(c);
	}
}

static int
build(struct import_ctx *c, int format, struct import_result *out)
{
	const struct import_req *q = c->q;
	struct load_ctx lc;
	struct ynode *root;
	struct buf b = BUF_INIT;
	size_t before;
	const char *id;

	if (parse_format(c, format) < 0 || c->d->errors)
		return -1;
	before = c->d->errors + c->d->warnings;
	id = q->id ? q->id : c->id;
	if (!import_valid_id(id)) {
		import_error(c, (struct gh_pos){ 0, 0 },
		    _("'%s' is not a safe evidence name; give one with --id (letters, digits, '.', '_' and '-')"),
		    id ? id : "");
		return -1;
	}
	root = assemble(c, format, out->digest);
	/* the loader's own schema code; its warnings (unknown keys ...) would
	 * make "gatehouse check" fail afterwards, so they refuse too */
	load_ctx_init(&lc, c->a, q->file, c->d);
	if (schema_load_new(&lc, &gh_evidence_schema, root) == NULL ||
	    c->d->errors + c->d->warnings > before) {
		if (c->d->errors == 0)
			import_error(c, (struct gh_pos){ 0, 0 }, "%s",
			    _("the item would not pass 'gatehouse check' cleanly (see the warnings)"));
		return -1;
	}
	import_emit(&b, root, 0);
	if (loads_back(c, id, buf_cstr(&b)) < 0) {
		buf_free(&b);
		return -1;
	}
	out->type = schema_enum_index(gh_evidence_types, ydoc_map_get(root, "type")->str);
	out->format = format;
	out->id = xstrdup(id);
	out->text = buf_detach(&b);
	return 0;
}

int
import_evidence(const struct import_req *q, struct import_result *out, struct diags *d)
{
	struct import_ctx c;
	struct arena a;
	char hex[SHA256_HEX_LEN + 1];
	int format = q->format, r;

	memset(out, 0, sizeof *out);
	if (q->len > IMPORT_MAX_BYTES) {
		diag_add(d, DIAG_ERROR, q->file, (struct gh_pos){ 0, 0 },
		    _("input is %zu bytes, more than the %u an import takes"), q->len,
		    IMPORT_MAX_BYTES);
		return -1;
	}
	sha256_buf_hex(q->data, q->len, hex);
	snprintf(out->digest, sizeof out->digest, "sha256:%s", hex);
	if (ydoc_check_utf8(q->file, q->data, q->len, d) < 0)
		return -1;
	if (format < 0 && (format = import_detect(q->data, q->len)) < 0) {
		diag_add(d, DIAG_ERROR, q->file, (struct gh_pos){ 1, 1 }, "%s",
		    _("cannot tell the input's format (not pg_upgrade --check output, AWS lifecycle JSON, or a JSON/YAML mapping); give --type"));
		return -1;
	}
	memset(&c, 0, sizeof c);
	arena_init(&a);
	c.a = &a;
	c.q = q;
	c.d = d;
	c.type = -1;
	c.default_link = q->file_link ? q->file_link : arena_printf(&a, "urn:sha256:%s", hex);
	r = build(&c, format, out);
	arena_free(&a);
	if (r < 0)
		import_result_free(out);
	return r;
}

void
import_result_free(struct import_result *r)
{
	free(r->id);
	free(r->text);
	r->id = r->text = NULL;
}
