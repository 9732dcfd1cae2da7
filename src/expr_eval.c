/* expr_eval.c -- the gate language's evaluator: the environment and what
 * it records, paths and fields, quantifiers and list literals, and the
 * entry points.  Operators are in expr_ops.c, built-ins in expr_builtin.c. */
#include <config.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr_int.h"

/* ---- the environment ----------------------------------------------------- */

void
expr_env_init(struct expr_env *env, struct arena *scratch, gh_time today)
{
	memset(env, 0, sizeof *env);
	env->a = scratch;
	env->today = today;
}

void
expr_env_reset(struct expr_env *env)
{
	size_t i;

	if (env == NULL)
		return;
	for (i = 0; i < env->reads.n; i++) {
		free((char *)env->reads.v[i].path);
		free(env->reads.v[i].value);
	}
	env->reads.n = 0;
	env->evidence.n = 0;
}

void
expr_env_free(struct expr_env *env)
{
	if (env == NULL)
		return;
	expr_env_reset(env);
	free(env->reads.v);
	free(env->evidence.v);
	env->reads.v = NULL;
	env->evidence.v = NULL;
	env->reads_cap = env->evidence_cap = 0;
}

void
expr_env_touch(struct expr_env *env, const void *evidence)
{
	size_t i;

	if (env == NULL || evidence == NULL)
		return;
	for (i = 0; i < env->evidence.n; i++)
		if (env->evidence.v[i] == evidence)
			return;
	if (env->evidence.n == env->evidence_cap) {
		env->evidence_cap = env->evidence_cap ? env->evidence_cap * 2 : 8;
		env->evidence.v = xreallocarray(env->evidence.v, env->evidence_cap,
		    sizeof *env->evidence.v);
	}
	env->evidence.v[env->evidence.n++] = evidence;
}

/* Record path = value (as written when text is known; v NULL: missing). */
static void
add_read(struct expr_env *env, const char *path, const struct gh_value *v,
    const char *text)
{
	struct buf b = BUF_INIT;
	struct expr_read *r;

	if (env->quiet || ex_find_read(env, path) || env->reads.n >= EXPR_MAX_READS)
		return;
	if (env->reads.n == env->reads_cap) {
		env->reads_cap = env->reads_cap ? env->reads_cap * 2 : 8;
		env->reads.v = xreallocarray(env->reads.v, env->reads_cap, sizeof *env->reads.v);
	}
	if (v && text && v->t != VT_STR)
		buf_puts(&b, text);
	else if (v)
		ex_fmt_value(v, &b, 0);
	else
		buf_puts(&b, _("(missing)"));
	r = &env->reads.v[env->reads.n++];
	r->path = xstrdup(path);
	r->value = buf_detach(&b);
	if (r->value == NULL)
		r->value = xstrdup("");
}

/* ---- evaluation ---------------------------------------------------------- */

/* Set the reason and return the error code. */
enum expr_err
ex_fault(struct ctx *c, enum expr_err e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(c->reason, fmt, ap);
	va_end(ap);
	return e;
}

/* ex_describe() into the scratch arena, for messages. */
const char *
ex_desc(struct ctx *c, const struct gh_value *v)
{
	struct buf b = BUF_INIT;
	const char *s;

	ex_describe(v, &b);
	s = arena_strdup(c->env->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* The text of a node for messages: its canonical text or a rendering. */
const char *
ex_path_of(struct ctx *c, const struct expr *n)
{
	struct buf b = BUF_INIT;
	const char *s;

	if (n->text)
		return n->text;
	ex_render(n, NULL, &b, 0);
	s = arena_strdup(c->env->a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

bool
ex_is_soft(enum expr_err e)
{
	return e == EXPR_E_MISSING || e == EXPR_E_NO_EVIDENCE;
}

void
ex_set_bool(struct ev *out, bool b)
{
	memset(out, 0, sizeof *out);
	out->v.t = VT_BOOL;
	out->v.u.b = b;
}

void
ex_set_num(struct ev *out, double n)
{
	memset(out, 0, sizeof *out);
	out->v.t = VT_NUM;
	out->v.u.n = n;
}

/* " (did you mean 'x'?)" for an unknown key of s, or "". */
static const char *
suggestion(struct ctx *c, const struct schema *s, const char *name)
{
	const char *near = s ? schema_suggest(s, name) : NULL;
	char *q, *w;

	if (near == NULL)
		return "";
	w = arena_strdup(c->env->a, near);
	for (q = w; *q; q++)
		if (*q == '-')
			*q = '_';
	return arena_printf(c->env->a, _(" (did you mean '%s'?)"), w);
}

/* A field of a schema object, looking into its variant ("data") when the
 * object itself has no such key.  base and path are the nodes of the
 * object and of the field, named in messages only. */
static enum expr_err
obj_field(struct ctx *c, const struct gh_value *b, const char *name,
    const struct expr *base, const struct expr *path, struct ev *out)
{
	const struct schema *s = b->u.obj.s;
	const struct schema_field *f;
	struct gh_value var;

	if (s == NULL || b->u.obj.p == NULL)
		return ex_fault(c, EXPR_E_MISSING, _("%s has no value"), ex_path_of(c, base));
	if ((f = ex_find_key(s, name)) != NULL) {
		if (!schema_get(f, b->u.obj.p, &out->v))
			return ex_fault(c, EXPR_E_MISSING, _("%s has no value"), ex_path_of(c, path));
		return EXPR_OK;
	}
	for (f = s->fields; f->key; f++) {
		if (f->type != FT_VARIANT)
			continue;
		if (!schema_get(f, b->u.obj.p, &var))
			return ex_fault(c, EXPR_E_MISSING, _("%s has no value (%s has no '%s')"),
			    ex_path_of(c, path), ex_path_of(c, base), f->key);
		if (var.u.obj.s && ex_find_key(var.u.obj.s, name))
			return obj_field(c, &var, name, base, path, out);
		return ex_fault(c, EXPR_E_NAME, _("%s has no field '%s'%s"), ex_path_of(c, base),
		    name, suggestion(c, var.u.obj.s, name));
	}
	return ex_fault(c, EXPR_E_NAME, _("%s has no field '%s'%s"), ex_path_of(c, base), name,
	    suggestion(c, s, name));
}

/* An entry of a free-form map (policy parameters, option "set"). */
static enum expr_err
named_field(struct ctx *c, const struct gh_value *b, const char *name,
    const struct expr *base, struct ev *out)
{
	size_t i, n = ex_seq_len(b), best = SIZE_MAX, d;
	const struct gh_named *v = b->u.list.l ? b->u.list.l->v : NULL;
	const char *near = NULL;

	for (i = 0; i < n; i++) {
		if (v[i].name && ex_key_match(v[i].name, name)) {
			ex_seq_get(b, i, &out->v, &out->text);
			return EXPR_OK;
		}
	}
	for (i = 0; i < n; i++) {
		if (v[i].name && (d = str_distance(v[i].name, name)) < best) {
			best = d;
			near = v[i].name;
		}
	}
	if (near && best <= (strlen(name) < 5 ? 1 : 2 + strlen(name) / 8))
		return ex_fault(c, EXPR_E_NAME, _("%s has no field '%s' (did you mean '%s'?)"),
		    ex_path_of(c, base), name, near);
	return ex_fault(c, EXPR_E_NAME, _("%s has no field '%s'"), ex_path_of(c, base), name);
}

static enum expr_err
get_field(struct ctx *c, const struct gh_value *b, const char *name,
    const struct expr *base, const struct expr *path, struct ev *out)
{
	const struct expr_host_obj *h;
	size_t mark = c->reason->len;
	enum expr_err r;

	memset(out, 0, sizeof *out);
	switch ((int)b->t) {
	case VT_OBJ:
		return obj_field(c, b, name, base, path, out);
	case VT_HOST:
		h = b->u.obj.p;
		if (h == NULL || h->field == NULL)
			return ex_fault(c, EXPR_E_NAME, _("%s has no field '%s'"),
			    ex_path_of(c, base), name);
		r = h->field(h->p, name, &out->v, c->reason, c->env->host);
		if (r == EXPR_E_NAME && c->reason->len == mark)
			return ex_fault(c, r, _("%s has no field '%s'"), ex_path_of(c, base), name);
		if (r != EXPR_OK && c->reason->len == mark)
			return ex_fault(c, r, _("%s has no value"), ex_path_of(c, path));
		return r;
	case VT_NULL:
		return ex_fault(c, EXPR_E_MISSING, _("%s has no value"), ex_path_of(c, base));
	default:
		if (ex_is_named_list(b))
			return named_field(c, b, name, base, out);
		return ex_fault(c, EXPR_E_TYPE, _("cannot read field '%s' of %s"), name,
		    ex_desc(c, b));
	}
}

static enum expr_err
eval_field(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct ev b;
	enum expr_err r = ex_eval(c, n->a, &b, true);

	if (r != EXPR_OK)
		return r;
	return get_field(c, &b.v, n->name, n->a, n, out);
}

static enum expr_err
eval_index(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct ev b, i;
	enum expr_err r;
	size_t len;
	double k;

	if ((r = ex_eval(c, n->a, &b, true)) != EXPR_OK || (r = ex_eval(c, n->b, &i, false)) != EXPR_OK)
		return r;
	if (i.v.t == VT_STR && (b.v.t == VT_OBJ || b.v.t == VT_HOST || ex_is_named_list(&b.v)))
		return get_field(c, &b.v, i.v.u.s, n->a, n, out);
	if (!ex_is_seq(&b.v) || ex_is_named_list(&b.v))
		return ex_fault(c, EXPR_E_TYPE, _("cannot index %s"), ex_desc(c, &b.v));
	k = i.v.u.n;
	if (i.v.t != VT_NUM || k != trunc(k))
		return ex_fault(c, EXPR_E_TYPE, _("a list index must be a whole number, not %s"),
		    ex_desc(c, &i.v));
	len = ex_seq_len(&b.v);
	if (k < 0 || k >= (double)len)
		return ex_fault(c, EXPR_E_MISSING, _("%s has no value (the list has %zu items)"),
		    ex_path_of(c, n), len);
	memset(out, 0, sizeof *out);
	ex_seq_get(&b.v, (size_t)k, &out->v, &out->text);
	return EXPR_OK;
}

static enum expr_err
eval_root(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct expr_env *env = c->env;
	size_t mark = c->reason->len;
	enum expr_err r = EXPR_E_NAME;

	memset(out, 0, sizeof *out);
	if (env->root)
		r = env->root(env->host, n->name, &out->v, c->reason);
	if (r == EXPR_E_NAME && strcmp(n->name, "today") == 0) {
		ex_buf_cut(c->reason, mark);
		if (env->today == GH_TIME_NONE)
			return ex_fault(c, EXPR_E_MISSING, "%s", _("today is not set"));
		memset(out, 0, sizeof *out);
		out->v.t = VT_TIME;
		out->v.date_only = true;
		out->v.u.time = env->today;
		return EXPR_OK;
	}
	if (r != EXPR_OK && c->reason->len == mark)
		return ex_fault(c, r, r == EXPR_E_NAME ? _("unknown name '%s'") :
		    _("%s has no value"), n->name);
	return r;
}

/* ---- quantifiers and list literals --------------------------------------- */

static enum expr_err
eval_quant(struct ctx *c, const struct expr *n, struct ev *out)
{
	const char *name = ex_quant_names[n->op];
	struct ev l, cond;
	enum expr_err r;
	size_t i, len, count = 0;
	bool result = n->op == Q_ALL;

	if ((r = ex_eval(c, n->a, &l, false)) != EXPR_OK)
		return r;
	if (!ex_is_seq(&l.v))
		return ex_fault(c, EXPR_E_TYPE, _("%s() needs a list, not %s"), name, ex_desc(c, &l.v));
	len = ex_seq_len(&l.v);
	for (i = 0; i < len; i++) {
		struct ev *x = &c->vars[n->slot];

		ex_seq_get(&l.v, i, &x->v, &x->text);
		if ((r = ex_eval(c, n->b, &cond, false)) != EXPR_OK)
			return r;
		if (cond.v.t != VT_BOOL)
			return ex_fault(c, EXPR_E_TYPE, _("the condition of %s() must be true or false, not %s"),
			    name, ex_desc(c, &cond.v));
		if (cond.v.u.b)
			count++;
		if (n->op == Q_ANY && cond.v.u.b) {
			result = true;
			break;
		}
		if (n->op == Q_ALL && !cond.v.u.b) {
			result = false;
			break;
		}
	}
	if (n->op == Q_COUNT)
		ex_set_num(out, (double)count);
	else
		ex_set_bool(out, result);
	return EXPR_OK;
}

static enum expr_err
eval_list(struct ctx *c, const struct expr *n, struct ev *out)
{
	struct expr_array *arr = arena_alloc(c->env->a, sizeof *arr);
	struct gh_value *v = arena_alloc(c->env->a, (n->nargs + 1) * sizeof *v);
	struct ev item;
	enum expr_err r;
	size_t i;

	for (i = 0; i < n->nargs; i++) {
		if ((r = ex_eval(c, n->args[i], &item, false)) != EXPR_OK)
			return r;
		v[i] = item.v;
	}
	arr->v = v;
	arr->n = n->nargs;
	memset(out, 0, sizeof *out);
	out->v.t = VT_ARRAY;
	out->v.u.obj.p = arr;
	return EXPR_OK;
}

/* ---- the evaluator -------------------------------------------------------- */

static enum expr_err
eval_kind(struct ctx *c, const struct expr *n, struct ev *out)
{
	switch (n->k) {
	case N_LIT:
		out->v = n->v;
		out->text = n->v.t == VT_NUM ? n->lit : NULL;
		return EXPR_OK;
	case N_VAR: *out = c->vars[n->slot]; return EXPR_OK;
	case N_ROOT: return eval_root(c, n, out);
	case N_FIELD: return eval_field(c, n, out);
	case N_INDEX: return eval_index(c, n, out);
	case N_CALL: return ex_eval_call(c, n, out);
	case N_QUANT: return eval_quant(c, n, out);
	case N_LIST: return eval_list(c, n, out);
	case N_NEG: case N_NOT: return ex_eval_unary(c, n, out);
	case N_AND: case N_OR: return ex_eval_logic(c, n, out);
	case N_BIN: return ex_eval_bin(c, n, out);
	}
	return ex_fault(c, EXPR_E_TYPE, "%s", _("invalid expression tree"));
}

/* Evaluate n; record what paths and calls gave for explanations.  A path
 * that is the base of a longer path (request in request.soak) is not
 * recorded on its own. */
enum expr_err
ex_eval(struct ctx *c, const struct expr *n, struct ev *out, bool as_base)
{
	enum expr_err r;

	memset(out, 0, sizeof *out);
	if (++c->steps > c->limit)
		return ex_fault(c, EXPR_E_LIMIT, _("evaluation budget of %zu steps exceeded"),
		    c->limit);
	r = eval_kind(c, n, out);
	if (n->text && !(as_base && n->k != N_CALL && n->k != N_QUANT)) {
		if (r == EXPR_OK)
			add_read(c->env, n->text, &out->v, out->text);
		else if (ex_is_soft(r))
			add_read(c->env, n->text, NULL, NULL);
	}
	return r;
}

enum expr_err
expr_eval(const struct expr *e, struct expr_env *env, struct gh_value *out,
    struct buf *reason)
{
	struct buf dummy = BUF_INIT;
	struct ctx *c;
	struct ev v;
	enum expr_err r;
	size_t mark;

	if (reason == NULL)
		reason = &dummy;
	mark = reason->len;
	if (out)
		memset(out, 0, sizeof *out);
	if (e == NULL || env == NULL || env->a == NULL) {
		buf_puts(reason, _("no expression to evaluate"));
		buf_free(&dummy);
		return EXPR_E_NAME;
	}
	c = xcalloc(1, sizeof *c);
	c->env = env;
	c->reason = reason;
	c->limit = env->budget ? env->budget : EXPR_DEFAULT_BUDGET;
	r = ex_eval(c, e, &v, false);
	free(c);
	if (r == EXPR_OK) {
		ex_buf_cut(reason, mark);
		if (out)
			*out = v.v;
	}
	buf_free(&dummy);
	return r;
}

enum expr_err
expr_eval_bool(const struct expr *e, struct expr_env *env, bool *out, struct buf *reason)
{
	struct buf dummy = BUF_INIT;
	struct gh_value v;
	enum expr_err r;

	if (reason == NULL)
		reason = &dummy;
	if (out)
		*out = false;
	r = expr_eval(e, env, &v, reason);
	if (r == EXPR_OK && v.t != VT_BOOL) {
		struct buf b = BUF_INIT;

		ex_describe(&v, &b);
		buf_printf(reason, _("the condition must be true or false, not %s"), buf_cstr(&b));
		buf_free(&b);
		r = EXPR_E_TYPE;
	} else if (r == EXPR_OK && out) {
		*out = v.u.b;
	}
	buf_free(&dummy);
	return r;
}
