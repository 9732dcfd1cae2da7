/* schema.c -- the generic walker from YAML nodes to structs. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

void
load_ctx_init(struct load_ctx *c, struct arena *a, const char *file, struct diags *d)
{
	c->a = a;
	c->file = file;
	c->d = d;
	c->errors = 0;
	c->companion = false;
}

void
load_error(struct load_ctx *c, struct gh_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_ERROR, c->file, pos, fmt, ap);
	va_end(ap);
	c->errors++;
}

void
load_warning(struct load_ctx *c, struct gh_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(c->d, DIAG_WARNING, c->file, pos, fmt, ap);
	va_end(ap);
}

const char *
schema_type_name(enum ftype t)
{
	switch (t) {
	case FT_STR: case FT_TEXT: return _("a string");
	case FT_ID: return _("an identifier");
	case FT_INT: return _("an integer");
	case FT_NUM: return _("a number");
	case FT_BOOL: return _("true or false");
	case FT_DATE: return _("a date (YYYY-MM-DD)");
	case FT_TIME: return _("a date or time (YYYY-MM-DDThh:mm:ssZ)");
	case FT_DUR: return _("a duration (e.g. 72h, 14d)");
	case FT_SIZE: return _("a size (e.g. 42GiB)");
	case FT_VER: return _("a version (e.g. 17, 16.4)");
	case FT_ENUM: return _("one of a fixed set of words");
	case FT_EXPR: return _("an expression");
	case FT_URL: return _("a link");
	case FT_OBJ: case FT_VARIANT: return _("a mapping");
	case FT_LIST: return _("a list");
	case FT_PARAMS: case FT_EXPRMAP: return _("a mapping");
	}
	return "?";
}

const char *
schema_enum_name(const char *const *enums, int i)
{
	int k;

	if (i < 0 || enums == NULL)
		return "";
	for (k = 0; enums[k]; k++)
		if (k == i)
			return enums[k];
	return "";
}

int
schema_enum_index(const char *const *enums, const char *word)
{
	int k;

	for (k = 0; enums && enums[k]; k++)
		if (strcmp(enums[k], word) == 0)
			return k;
	return -1;
}

/* The closest of words to word within a small edit distance. */
static const char *
suggest(const char *const *words, size_t stride, size_t count, const char *word)
{
	size_t best = SIZE_MAX, i, limit = strlen(word) < 5 ? 1 : 2 + strlen(word) / 8;
	const char *pick = NULL;

	for (i = 0; i < count; i++) {
		const char *w = *(const char *const *)((const char *)words + i * stride);
		size_t d;

		if (w == NULL)
			break;
		d = str_distance(word, w);
		if (d < best) {
			best = d;
			pick = w;
		}
	}
	return best <= limit ? pick : NULL;
}

const char *
schema_suggest(const struct schema *s, const char *key)
{
	size_t n = 0;

	while (s->fields[n].key)
		n++;
	return suggest(&s->fields[0].key, sizeof s->fields[0], n, key);
}

const char *
schema_enum_suggest(const char *const *enums, const char *word)
{
	return suggest(enums, sizeof *enums, SIZE_MAX, word);
}

const struct schema_field *
schema_field(const struct schema *s, const char *key)
{
	const struct schema_field *f;

	for (f = s->fields; f->key; f++)
		if (strcmp(f->key, key) == 0)
			return f;
	return NULL;
}

struct gh_pos
schema_pos_of(const struct gh_obj *o, const char *key)
{
	const struct ynode *n = ydoc_map_get(o->node, key);

	return n ? n->pos : o->pos;
}

/* Position of the character at offset col inside a scalar. */
static struct gh_pos
inner_pos(const struct ynode *n, int col)
{
	struct gh_pos p = n->pos;

	if (n->plain)
		p.col += col;
	else if (n->quoted)
		p.col += 1 + col;
	return p;
}

static void
enum_list(const char *const *enums, struct buf *b)
{
	int k;

	for (k = 0; enums[k]; k++)
		buf_printf(b, "%s%s", k ? ", " : "", enums[k]);
}

static bool
valid_id(const char *s)
{
	size_t i;

	if (!isalnum((unsigned char)s[0]))
		return false;
	for (i = 1; s[i]; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-", s[i]))
			return false;
	return i <= 80;
}

static bool
valid_url(const char *s)
{
	static const char *const schemes[] = {
		"https://", "http://", "ssh://", "git://", "file://", "mailto:",
		"urn:", NULL
	};
	int k;

	for (k = 0; schemes[k]; k++)
		if (str_startswith(s, schemes[k]))
			return s[strlen(schemes[k])] != '\0' && !strpbrk(s, " \t\n");
	/* a path inside the repository */
	return s[0] != '\0' && !strpbrk(s, " \t\n:") ;
}

static int
parse_int(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (!(isdigit((unsigned char)s[0]) || ((s[0] == '-' || s[0] == '+') &&
	    isdigit((unsigned char)s[1]))))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int
parse_num(const char *s, double *out)
{
	char *end;
	double v;

	if (!(isdigit((unsigned char)s[0]) || s[0] == '-' || s[0] == '+' || s[0] == '.'))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int
parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
		*out = true;
		return 0;
	}
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
		*out = false;
		return 0;
	}
	return -1;
}

/* Report a typed-scalar parse failure at the offending character. */
static void
bad_scalar(struct load_ctx *c, const struct ynode *n, const char *key,
    const char *what, const char *err, int errcol)
{
	load_error(c, inner_pos(n, errcol), _("invalid %s for '%s': %s ('%s')"),
	    what, key, _(err), n->str);
}

/* Parse a scalar node n of type t into dst. */
static int
load_scalar(struct load_ctx *c, const struct schema_field *f, enum ftype t,
    const struct ynode *n, void *dst)
{
	const char *err = NULL, *s = n->str;
	int errcol = 0;
	bool date_only;

	switch (t) {
	case FT_STR:
	case FT_TEXT:
		*(const char **)dst = s;
		return 0;
	case FT_ID:
		if (!valid_id(s)) {
			load_error(c, n->pos, _("invalid identifier for '%s': '%s' (use letters, digits, '.', '_' and '-', starting with a letter or digit)"),
			    f->key, s);
			return -1;
		}
		*(const char **)dst = s;
		return 0;
	case FT_URL:
		if (!valid_url(s)) {
			load_error(c, n->pos, _("invalid link for '%s': '%s' (expected https://... or a path in the repository)"),
			    f->key, s);
			return -1;
		}
		*(const char **)dst = s;
		return 0;
	case FT_INT:
		if (parse_int(s, dst) < 0) {
			load_error(c, n->pos, _("'%s' must be an integer, not '%s'"), f->key, s);
			return -1;
		}
		if (f->min < f->max && (*(int64_t *)dst < f->min || *(int64_t *)dst > f->max)) {
			load_error(c, n->pos, _("'%s' must be between %ld and %ld, not %s"),
			    f->key, f->min, f->max, s);
			return -1;
		}
		return 0;
	case FT_NUM:
		if (parse_num(s, dst) < 0) {
			load_error(c, n->pos, _("'%s' must be a number, not '%s'"), f->key, s);
			return -1;
		}
		return 0;
	case FT_BOOL:
		if (parse_bool(s, dst) < 0) {
			load_error(c, n->pos, _("'%s' must be true or false, not '%s'"), f->key, s);
			return -1;
		}
		return 0;
	case FT_DATE:
		if (val_parse_date(s, dst, &err, &errcol) < 0) {
			bad_scalar(c, n, f->key, _("date"), err, errcol);
			return -1;
		}
		return 0;
	case FT_TIME:
		if (val_parse_time(s, dst, &date_only, &err, &errcol) < 0) {
			bad_scalar(c, n, f->key, _("time"), err, errcol);
			return -1;
		}
		return 0;
	case FT_DUR:
		if (val_parse_duration(s, dst, &err, &errcol) < 0) {
			bad_scalar(c, n, f->key, _("duration"), err, errcol);
			return -1;
		}
		return 0;
	case FT_SIZE:
		if (val_parse_size(s, dst, &err, &errcol) < 0) {
			bad_scalar(c, n, f->key, _("size"), err, errcol);
			return -1;
		}
		return 0;
	case FT_VER:
		if (val_parse_version(s, dst, &err, &errcol) < 0) {
			bad_scalar(c, n, f->key, _("version"), err, errcol);
			return -1;
		}
		return 0;
	case FT_ENUM: {
		int i = schema_enum_index(f->enums, s);
		const char *near;
		struct buf b = BUF_INIT;

		if (i >= 0) {
			*(int *)dst = i;
			return 0;
		}
		enum_list(f->enums, &b);
		near = schema_enum_suggest(f->enums, s);
		if (near)
			load_error(c, n->pos, _("unknown value '%s' for '%s' (did you mean '%s'? expected one of: %s)"),
			    s, f->key, near, buf_cstr(&b));
		else
			load_error(c, n->pos, _("unknown value '%s' for '%s' (expected one of: %s)"),
			    s, f->key, buf_cstr(&b));
		buf_free(&b);
		return -1;
	}
	case FT_EXPR: {
		struct gh_src *src = dst;

		src->text = s;
		src->pos = inner_pos(n, 0);
		src->block = n->block;
		src->raw = n->raw;
		return 0;
	}
	default:
		return -1;
	}
}

static bool
is_scalar_type(enum ftype t)
{
	return t != FT_OBJ && t != FT_LIST && t != FT_PARAMS && t != FT_EXPRMAP &&
	    t != FT_VARIANT;
}

size_t
schema_item_size(const struct schema_field *f)
{
	switch (f->item) {
	case FT_STR: case FT_TEXT: case FT_ID: case FT_URL: return sizeof(const char *);
	case FT_INT: return sizeof(int64_t);
	case FT_NUM: return sizeof(double);
	case FT_BOOL: return sizeof(bool);
	case FT_DATE: case FT_TIME: return sizeof(gh_time);
	case FT_DUR: return sizeof(gh_dur);
	case FT_SIZE: return sizeof(gh_size);
	case FT_VER: return sizeof(struct gh_version);
	case FT_ENUM: return sizeof(int);
	case FT_EXPR: return sizeof(struct gh_src);
	case FT_OBJ: return f->sub ? f->sub->size : 0;
	default: return 0;
	}
}

static int load_value(struct load_ctx *c, const struct schema_field *f,
    enum ftype t, const struct ynode *n, void *dst);

static int
load_list(struct load_ctx *c, const struct schema_field *f, const struct ynode *n,
    struct gh_list *l)
{
	size_t i, sz = schema_item_size(f);
	int r = 0;

	if (n->kind != YN_SEQ) {
		load_error(c, n->pos, _("'%s' must be a list, found %s"), f->key,
		    ydoc_kind_name(n->kind));
		return -1;
	}
	l->n = n->n;
	l->v = n->n ? arena_alloc(c->a, n->n * sz) : NULL;
	for (i = 0; i < n->n; i++) {
		void *slot = (char *)l->v + i * sz;

		if (f->item == FT_OBJ) {
			if (n->kids[i]->kind != YN_MAP) {
				load_error(c, n->kids[i]->pos, _("each item of '%s' must be a mapping, found %s"),
				    f->key, ydoc_kind_name(n->kids[i]->kind));
				r = -1;
				continue;
			}
			if (schema_load(c, f->sub, n->kids[i], slot) < 0)
				r = -1;
		} else if (load_value(c, f, f->item, n->kids[i], slot) < 0) {
			r = -1;
		}
	}
	if ((f->flags & SF_NONEMPTY) && n->n == 0) {
		load_error(c, n->pos, _("'%s' must have at least one item"), f->key);
		r = -1;
	}
	return r;
}

void
schema_infer(const char *text, bool plain, struct gh_value *out)
{
	const char *err;
	int col;
	bool date_only;

	memset(out, 0, sizeof *out);
	if (plain && parse_bool(text, &out->u.b) == 0) {
		out->t = VT_BOOL;
	} else if (plain && parse_num(text, &out->u.n) == 0) {
		out->t = VT_NUM;
	} else if (val_parse_duration(text, &out->u.dur, &err, &col) == 0 && text[0] != 'P') {
		out->t = VT_DUR;
	} else if (val_parse_time(text, &out->u.time, &date_only, &err, &col) == 0) {
		out->t = VT_TIME;
		out->date_only = date_only;
	} else if (isdigit((unsigned char)text[0]) &&
	    val_parse_size(text, &out->u.size, &err, &col) == 0) {
		out->t = VT_SIZE;
	} else {
		out->t = VT_STR;
		out->u.s = text;
	}
}

/* A free-form mapping: every key is a name, every value a scalar. */
static int
load_named_map(struct load_ctx *c, const struct schema_field *f, const struct ynode *n,
    struct gh_list *l)
{
	struct gh_named *v;
	size_t i;
	int r = 0;

	if (n->kind != YN_MAP) {
		load_error(c, n->pos, _("'%s' must be a mapping, found %s"), f->key,
		    ydoc_kind_name(n->kind));
		return -1;
	}
	v = n->n ? arena_alloc(c->a, n->n * sizeof *v) : NULL;
	l->v = v;
	l->n = 0;
	for (i = 0; i < n->n; i++) {
		const struct ynode *k = n->kids[2 * i], *val = n->kids[2 * i + 1];
		struct gh_named *e = &v[l->n];

		if (k->kind != YN_SCALAR)
			continue;	/* ydoc reported it */
		if (val->kind != YN_SCALAR) {
			load_error(c, val->pos, _("'%s.%s' must be a single value, found %s"),
			    f->key, k->str, ydoc_kind_name(val->kind));
			r = -1;
			continue;
		}
		e->o.pos = k->pos;
		e->o.node = val;
		e->o.file = c->file;
		e->name = k->str;
		e->src.text = val->str;
		e->src.pos = inner_pos(val, 0);
		if (f->type == FT_PARAMS)
			schema_infer(val->str, val->plain, &e->v);
		l->n++;
	}
	return r;
}

static int
load_value(struct load_ctx *c, const struct schema_field *f, enum ftype t,
    const struct ynode *n, void *dst)
{
	if (is_scalar_type(t)) {
		if (n->kind != YN_SCALAR) {
			load_error(c, n->pos, _("'%s' must be %s, found %s"), f->key,
			    schema_type_name(t), ydoc_kind_name(n->kind));
			return -1;
		}
		return load_scalar(c, f, t, n, dst);
	}
	switch (t) {
	case FT_OBJ:
		if (n->kind != YN_MAP) {
			load_error(c, n->pos, _("'%s' must be a mapping, found %s"), f->key,
			    ydoc_kind_name(n->kind));
			return -1;
		}
		*(void **)dst = schema_load_new(c, f->sub, n);
		return *(void **)dst ? 0 : -1;
	case FT_LIST:
		return load_list(c, f, n, dst);
	case FT_PARAMS:
	case FT_EXPRMAP:
		return load_named_map(c, f, n, dst);
	default:
		return -1;
	}
}

/* Fill an absent field with its default (or the "absent" marker). */
static void
set_default(struct load_ctx *c, const struct schema_field *f, void *dst)
{
	const char *err;
	int col;
	bool date_only;

	switch (f->type) {
	case FT_INT: *(int64_t *)dst = f->def ? strtoll(f->def, NULL, 10) : GH_INT_NONE; break;
	case FT_NUM: *(double *)dst = f->def ? strtod(f->def, NULL) : GH_NUM_NONE; break;
	case FT_BOOL: *(bool *)dst = f->def && strcmp(f->def, "true") == 0; break;
	case FT_DATE: case FT_TIME:
		*(gh_time *)dst = GH_TIME_NONE;
		if (f->def)
			val_parse_time(f->def, dst, &date_only, &err, &col);
		break;
	case FT_DUR:
		*(gh_dur *)dst = GH_DUR_NONE;
		if (f->def)
			val_parse_duration(f->def, dst, &err, &col);
		break;
	case FT_SIZE: *(gh_size *)dst = GH_SIZE_NONE; break;
	case FT_ENUM: *(int *)dst = f->def ? schema_enum_index(f->enums, f->def) : -1; break;
	case FT_VER:
		memset(dst, 0, sizeof(struct gh_version));
		if (f->def)
			val_parse_version(arena_strdup(c->a, f->def), dst, &err, &col);
		break;
	case FT_STR: case FT_TEXT: case FT_ID: case FT_URL:
		*(const char **)dst = f->def;
		break;
	default:
		break;	/* pointers and lists stay zeroed */
	}
}

static void
load_fields(struct load_ctx *c, const struct schema *s, const struct ynode *node,
    char *out, bool *seen, bool variants)
{
	size_t i;

	for (i = 0; i < node->n; i++) {
		const struct ynode *k = node->kids[2 * i], *v = node->kids[2 * i + 1];
		const struct schema_field *f;
		const char *near;

		if (k->kind != YN_SCALAR)
			continue;
		f = schema_field(s, k->str);
		if (f == NULL) {
			if (variants)
				continue;
			near = schema_suggest(s, k->str);
			if (near)
				load_warning(c, k->pos, _("unknown key '%s' in %s (did you mean '%s'?)"),
				    k->str, s->name, near);
			else
				load_warning(c, k->pos, _("unknown key '%s' in %s"), k->str, s->name);
			continue;
		}
		if ((f->type == FT_VARIANT) != variants)
			continue;
		seen[f - s->fields] = true;
		if (ydoc_is_null(v)) {
			seen[f - s->fields] = false;
			if (f->flags & SF_REQUIRED)
				load_error(c, v->pos, _("'%s' must not be empty"), f->key);
			continue;
		}
		if (f->type == FT_VARIANT) {
			int sel = *(int *)(out + f->sel_off);
			const struct schema *sub = sel >= 0 ? f->variants[sel] : NULL;

			if (sub == NULL) {
				if (sel >= 0)
					load_warning(c, k->pos, _("'%s' is not used for this type"), f->key);
				continue;
			}
			if (v->kind != YN_MAP)
				load_error(c, v->pos, _("'%s' must be a mapping, found %s"), f->key,
				    ydoc_kind_name(v->kind));
			else
				*(void **)(out + f->off) = schema_load_new(c, sub, v);
			continue;
		}
		load_value(c, f, f->type, v, out + f->off);
	}
}

int
schema_load(struct load_ctx *c, const struct schema *s, const struct ynode *node,
    void *out)
{
	struct gh_obj *o = out;
	const struct schema_field *f;
	size_t nf = 0;
	bool *seen;
	int before = c->errors;

	while (s->fields[nf].key)
		nf++;
	o->pos = node->pos;
	o->node = node;
	o->file = c->file;
	if (node->kind != YN_MAP) {
		load_error(c, node->pos, _("%s must be a mapping, found %s"), s->name,
		    ydoc_kind_name(node->kind));
		return -1;
	}
	seen = xcalloc(nf + 1, sizeof *seen);
	for (f = s->fields; f->key; f++)
		set_default(c, f, (char *)out + f->off);
	load_fields(c, s, node, out, seen, false);
	load_fields(c, s, node, out, seen, true);
	for (f = s->fields; f->key; f++) {
		if ((f->flags & SF_REQUIRED) && !seen[f - s->fields] &&
		    ydoc_map_get(node, f->key) == NULL)
			load_error(c, node->pos, _("missing required key '%s' in %s"),
			    f->key, s->name);
	}
	free(seen);
	if (s->check)
		s->check(c, out);
	return c->errors > before ? -1 : 0;
}

void *
schema_load_new(struct load_ctx *c, const struct schema *s, const struct ynode *node)
{
	void *out;

	if (node == NULL || node->kind != YN_MAP) {
		load_error(c, node ? node->pos : (struct gh_pos){ 1, 1 },
		    _("%s must be a mapping, found %s"), s->name,
		    node ? ydoc_kind_name(node->kind) : _("an empty document"));
		return NULL;
	}
	out = arena_alloc(c->a, s->size);
	schema_load(c, s, node, out);
	return out;
}

bool
schema_get(const struct schema_field *f, const void *obj, struct gh_value *out)
{
	const char *p = (const char *)obj + f->off;

	memset(out, 0, sizeof *out);
	switch (f->type) {
	case FT_STR: case FT_TEXT: case FT_ID: case FT_URL:
		out->t = VT_STR;
		out->u.s = *(const char *const *)p;
		return out->u.s != NULL;
	case FT_EXPR:
		out->t = VT_STR;
		out->u.s = ((const struct gh_src *)p)->text;
		return out->u.s != NULL;
	case FT_INT:
		out->t = VT_NUM;
		out->u.n = (double)*(const int64_t *)p;
		return *(const int64_t *)p != GH_INT_NONE;
	case FT_NUM:
		out->t = VT_NUM;
		out->u.n = *(const double *)p;
		return out->u.n != GH_NUM_NONE;
	case FT_BOOL:
		out->t = VT_BOOL;
		out->u.b = *(const bool *)p;
		return true;
	case FT_DATE: case FT_TIME:
		out->t = VT_TIME;
		out->date_only = f->type == FT_DATE;
		out->u.time = *(const gh_time *)p;
		return out->u.time != GH_TIME_NONE;
	case FT_DUR:
		out->t = VT_DUR;
		out->u.dur = *(const gh_dur *)p;
		return out->u.dur != GH_DUR_NONE;
	case FT_SIZE:
		out->t = VT_SIZE;
		out->u.size = *(const gh_size *)p;
		return out->u.size != GH_SIZE_NONE;
	case FT_VER:
		out->t = VT_VER;
		out->u.ver = *(const struct gh_version *)p;
		return out->u.ver.n > 0;
	case FT_ENUM:
		out->t = VT_STR;
		out->u.s = schema_enum_name(f->enums, *(const int *)p);
		return *(const int *)p >= 0;
	case FT_OBJ:
		out->t = VT_OBJ;
		out->u.obj.p = *(const void *const *)p;
		out->u.obj.s = f->sub;
		return out->u.obj.p != NULL;
	case FT_VARIANT: {
		int sel = *(const int *)((const char *)obj + f->sel_off);

		out->t = VT_OBJ;
		out->u.obj.p = *(const void *const *)p;
		out->u.obj.s = sel >= 0 ? f->variants[sel] : NULL;
		return out->u.obj.p != NULL && out->u.obj.s != NULL;
	}
	case FT_LIST: case FT_PARAMS: case FT_EXPRMAP:
		out->t = VT_LIST;
		out->u.list.l = (const struct gh_list *)p;
		out->u.list.f = f;
		return true;
	}
	return false;
}
