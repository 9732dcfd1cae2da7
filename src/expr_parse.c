/* expr_parse.c -- the gate language's recursive-descent parser: the tree,
 * its canonical texts, and parse errors placed in the policy file. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr_int.h"

static struct expr *
node(struct parser *p, enum nkind k, int off)
{
	struct expr *n = arena_alloc(p->a, sizeof *n);

	n->k = k;
	n->off = off;
	n->src = p->s;
	n->slot = -1;
	return n;
}

static void
absorb(struct expr *n, const struct expr *kid, int own)
{
	if (kid == NULL)
		return;
	if (kid->height + 1 > n->height)
		n->height = kid->height + 1;
	if (kid->free_slot < own && kid->free_slot < n->free_slot)
		n->free_slot = kid->free_slot;
}

/* Finish a node: height, dependence on outer variables (a quantifier's
 * own variable is not free in it), canonical text. */
static struct expr *
finish(struct parser *p, struct expr *n)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (p->failed)
		return NULL;
	n->height = 1;
	n->free_slot = n->k == N_VAR ? n->slot : NO_SLOT;
	absorb(n, n->a, NO_SLOT);
	absorb(n, n->b, n->k == N_QUANT ? n->slot : NO_SLOT);
	for (i = 0; i < n->nargs; i++)
		absorb(n, n->args[i], NO_SLOT);
	if (n->height > EXPR_MAX_HEIGHT) {
		ex_fail(p, n->off, _("expression too complex (more than %d levels)"),
		    EXPR_MAX_HEIGHT);
		return NULL;
	}
	if (n->free_slot == NO_SLOT && (n->k == N_ROOT || n->k == N_FIELD || n->k == N_INDEX ||
	    n->k == N_CALL || n->k == N_QUANT)) {
		ex_render(n, NULL, &b, 0);
		n->text = arena_strdup(p->a, buf_cstr(&b));
		buf_free(&b);
	}
	return n;
}

static bool
enter(struct parser *p, int off)
{
	if (++p->depth > EXPR_MAX_DEPTH) {
		ex_fail(p, off, _("expression nested too deeply (more than %d levels)"),
		    EXPR_MAX_DEPTH);
		return false;
	}
	return true;
}

static struct expr *parse_or(struct parser *p);

/* A nested expression (parentheses, brackets, arguments). */
static struct expr *
parse_nested(struct parser *p, int off)
{
	struct expr *e = NULL;

	if (enter(p, off))
		e = parse_or(p);
	p->depth--;
	return e;
}

static struct expr *
binary(struct parser *p, enum nkind k, int op, struct expr *a, struct expr *b)
{
	struct expr *n;

	if (p->failed || a == NULL || b == NULL)
		return NULL;
	n = node(p, k, a->off);
	n->op = op;
	n->a = a;
	n->b = b;
	return finish(p, n);
}

/* Comma-separated expressions up to the closing token. */
static bool
parse_items(struct parser *p, enum tk close, const char *what, struct expr *n)
{
	GH_LIST(struct expr *) v = { NULL, 0 };
	size_t cap = 0;
	bool ok = true;

	while (!p->failed && (v.n > 0 || p->t.k != close)) {
		struct expr *e = parse_nested(p, p->t.off);

		if (e == NULL) {
			ok = false;
			break;
		}
		if (v.n == cap) {
			cap = cap ? cap * 2 : 4;
			v.v = xreallocarray(v.v, cap, sizeof *v.v);
		}
		v.v[v.n++] = e;
		if (p->t.k != T_COMMA)
			break;
		ex_next(p);
	}
	if (ok && v.n) {
		n->args = arena_alloc(p->a, v.n * sizeof *n->args);
		memcpy(n->args, v.v, v.n * sizeof *n->args);
		n->nargs = v.n;
	}
	free(v.v);
	return ok && ex_expect(p, close, what);
}

static struct expr *
parse_call(struct parser *p, const struct tok *name)
{
	struct expr *n = node(p, N_CALL, name->off);
	int bi = ex_builtin_index(name->text);

	n->name = name->text;
	n->op = bi;
	ex_next(p);	/* ( */
	if (!parse_items(p, T_RP, "')'", n))
		return NULL;
	if (bi >= 0 && (int)n->nargs < ex_builtins[bi].min) {
		ex_fail(p, name->off, _("%s() needs at least %d argument(s), not %zu"),
		    n->name, ex_builtins[bi].min, n->nargs);
		return NULL;
	}
	if (bi >= 0 && ex_builtins[bi].max >= 0 && (int)n->nargs > ex_builtins[bi].max) {
		ex_fail(p, name->off, _("%s() takes at most %d argument(s), not %zu"),
		    n->name, ex_builtins[bi].max, n->nargs);
		return NULL;
	}
	return finish(p, n);
}

/* any(x in list: cond), all(...), count(...) */
static struct expr *
parse_quant(struct parser *p, const struct tok *name, int q)
{
	struct expr *n = node(p, N_QUANT, name->off);

	n->op = q;
	ex_next(p);	/* ( */
	if (p->t.k != T_NAME) {
		ex_fail(p, p->t.off, _("expected a variable name after '%s(', found %s"),
		    name->text, ex_tok_desc(p, &p->t));
		return NULL;
	}
	n->name = p->t.text;
	ex_next(p);
	if (!ex_expect(p, T_IN, "'in'") || !(n->a = parse_nested(p, p->t.off)) ||
	    !ex_expect(p, T_COLON, "':'"))
		return NULL;
	n->slot = p->nscope;
	p->scope[p->nscope++] = n->name;
	n->b = parse_nested(p, p->t.off);
	p->nscope--;
	if (n->b == NULL || !ex_expect(p, T_RP, "')'"))
		return NULL;
	return finish(p, n);
}

static struct expr *
parse_name(struct parser *p)
{
	struct tok name = p->t;
	struct expr *n;
	int k;

	if (ex_peek2(p) == T_LP) {
		ex_next(p);
		for (k = 0; ex_quant_names[k]; k++)
			if (strcmp(ex_quant_names[k], name.text) == 0)
				return parse_quant(p, &name, k);
		return parse_call(p, &name);
	}
	ex_next(p);
	for (k = p->nscope - 1; k >= 0; k--) {
		if (strcmp(p->scope[k], name.text) == 0) {
			n = node(p, N_VAR, name.off);
			n->name = name.text;
			n->slot = k;
			return finish(p, n);
		}
	}
	n = node(p, N_ROOT, name.off);
	n->name = name.text;
	return finish(p, n);
}

static struct expr *
parse_primary(struct parser *p)
{
	struct tok t = p->t;
	struct expr *n;

	switch (t.k) {
	case T_NUM: case T_DUR: case T_SIZE: case T_TIME: case T_VER: case T_STR:
	case T_TRUE: case T_FALSE: case T_NULL:
		n = node(p, N_LIT, t.off);
		n->v = t.v;
		n->lit = t.text;
		ex_next(p);
		return finish(p, n);
	case T_NAME:
		return parse_name(p);
	case T_LB:
		n = node(p, N_LIST, t.off);
		ex_next(p);
		return parse_items(p, T_RB, "']'", n) ? finish(p, n) : NULL;
	case T_LP:
		ex_next(p);
		n = parse_nested(p, t.off);
		return n && ex_expect(p, T_RP, "')'") ? n : NULL;
	default:
		break;
	}
	if (t.k == T_END && p->prev_end == 0)
		ex_fail(p, 0, "%s", _("empty expression"));
	else if (t.k == T_END)
		ex_fail(p, t.off, _("expected a value after '%.*s'"), p->prev_end - p->prev_off,
		    p->s + p->prev_off);
	else
		ex_fail(p, t.off, _("expected a value, found %s"), ex_tok_desc(p, &t));
	return NULL;
}

static struct expr *
parse_postfix(struct parser *p)
{
	struct expr *e = parse_primary(p), *n;

	while (e && !p->failed) {
		int off = p->t.off;

		if (p->t.k == T_DOT) {
			ex_next(p);
			if (p->t.k < T_NAME || p->t.k > T_IN) {
				ex_fail(p, p->t.off, _("expected a field name after '.', found %s"),
				    ex_tok_desc(p, &p->t));
				return NULL;
			}
			n = node(p, N_FIELD, e->off);
			n->a = e;
			n->name = p->t.text;
			ex_next(p);
		} else if (p->t.k == T_LB) {
			ex_next(p);
			n = node(p, N_INDEX, e->off);
			n->a = e;
			n->b = parse_nested(p, off);
			if (n->b == NULL || !ex_expect(p, T_RB, "']'"))
				return NULL;
		} else {
			break;
		}
		e = finish(p, n);
	}
	return p->failed ? NULL : e;
}

static struct expr *
parse_unary(struct parser *p)
{
	struct expr *n;
	int off = p->t.off;

	if (p->t.k != T_MINUS)
		return parse_postfix(p);
	ex_next(p);
	n = node(p, N_NEG, off);
	if (enter(p, off))
		n->a = parse_unary(p);
	p->depth--;
	return n->a ? finish(p, n) : NULL;
}

static struct expr *
parse_mul(struct parser *p)
{
	struct expr *e = parse_unary(p);

	while (e && (p->t.k == T_STAR || p->t.k == T_SLASH)) {
		int op = p->t.k == T_STAR ? OP_MUL : OP_DIV;

		ex_next(p);
		e = binary(p, N_BIN, op, e, parse_unary(p));
	}
	return e;
}

static struct expr *
parse_add(struct parser *p)
{
	struct expr *e = parse_mul(p);

	while (e && (p->t.k == T_PLUS || p->t.k == T_MINUS)) {
		int op = p->t.k == T_PLUS ? OP_ADD : OP_SUB;

		ex_next(p);
		e = binary(p, N_BIN, op, e, parse_mul(p));
	}
	return e;
}

/* The comparison operator at the current token, or -1. */
static int
cmp_op(struct parser *p)
{
	switch (p->t.k) {
	case T_EQ: return OP_EQ;
	case T_NE: return OP_NE;
	case T_LT: return OP_LT;
	case T_LE: return OP_LE;
	case T_GT: return OP_GT;
	case T_GE: return OP_GE;
	case T_IN: return OP_IN;
	case T_NOT: return ex_peek2(p) == T_IN ? OP_NOTIN : -1;
	default: return -1;
	}
}

static struct expr *
parse_cmp(struct parser *p)
{
	struct expr *e = parse_add(p);
	int op = e ? cmp_op(p) : -1;

	if (op < 0)
		return e;
	ex_next(p);
	if (op == OP_NOTIN)
		ex_next(p);
	e = binary(p, N_BIN, op, e, parse_add(p));
	if (e && cmp_op(p) >= 0)
		ex_fail(p, p->t.off, "%s", _("comparisons cannot be chained; join them with 'and'"));
	return p->failed ? NULL : e;
}

static struct expr *
parse_not(struct parser *p)
{
	struct expr *n;
	int off = p->t.off;

	if (p->t.k != T_NOT)
		return parse_cmp(p);
	if (ex_peek2(p) == T_IN) {
		ex_fail(p, off, "%s", _("'not in' needs a value on its left"));
		return NULL;
	}
	ex_next(p);
	n = node(p, N_NOT, off);
	if (enter(p, off))
		n->a = parse_not(p);
	p->depth--;
	return n->a ? finish(p, n) : NULL;
}

static struct expr *
parse_and(struct parser *p)
{
	struct expr *e = parse_not(p);

	while (e && p->t.k == T_AND) {
		ex_next(p);
		e = binary(p, N_AND, 0, e, parse_not(p));
	}
	return e;
}

static struct expr *
parse_or(struct parser *p)
{
	struct expr *e = parse_and(p);

	while (e && p->t.k == T_OR) {
		ex_next(p);
		e = binary(p, N_OR, 0, e, parse_and(p));
	}
	return e;
}

struct expr *
expr_parse(struct arena *a, const char *src, struct expr_parse_error *err)
{
	struct expr_parse_error dummy;
	struct parser p;
	struct expr *e;
	size_t len;

	if (err == NULL)
		err = &dummy;
	memset(err, 0, sizeof *err);
	if (a == NULL || src == NULL) {
		snprintf(err->msg, sizeof err->msg, "%s", _("empty expression"));
		return NULL;
	}
	len = strlen(src);
	if (len > EXPR_MAX_LEN) {
		snprintf(err->msg, sizeof err->msg, _("expression too long (%zu bytes, limit %d)"),
		    len, EXPR_MAX_LEN);
		err->offset = EXPR_MAX_LEN;
		return NULL;
	}
	memset(&p, 0, sizeof p);
	p.a = a;
	p.s = arena_strndup(a, src, len);
	p.err = err;
	ex_next(&p);
	p.prev_off = p.prev_end = 0;
	e = parse_or(&p);
	if (e && !p.failed && p.t.k != T_END)
		ex_fail(&p, p.t.off, _("unexpected %s after a complete expression"),
		    ex_tok_desc(&p, &p.t));
	return p.failed ? NULL : e;
}

const char *
expr_source(const struct expr *e)
{
	return e ? e->src : "";
}

/* Where offset lies in a YAML scalar that starts at pos.  Text with a
 * newline is a block scalar (| or >): its first line is the one after the
 * indicator, and columns count from the start of the line because the
 * scalar does not say how deep it was indented. */
/* Map offset in the value of a block scalar back to the file by walking
 * its lines as written: each non-blank line contributes its text after the
 * block's indentation and one separator (a space when folded, a newline
 * when literal); a blank line adds a newline to a literal block only. */
static bool
block_position(const struct gh_src *src, int offset, struct gh_pos *pos)
{
	const char *r = src->raw;
	size_t indent = (size_t)-1;
	int line = 0, p = 0;

	for (; *r; line++) {
		const char *eol = strchr(r, '\n');
		size_t n = eol ? (size_t)(eol - r) : strlen(r), ind = 0;

		while (ind < n && r[ind] == ' ')
			ind++;
		if (ind < n) {
			if (indent == (size_t)-1)
				indent = ind;
			ind = ind < indent ? ind : indent;
			if (offset <= p + (int)(n - ind)) {
				pos->line = src->pos.line + 1 + line;
				pos->col = (int)ex_utf8_count(r, ind + (size_t)(offset - p)) + 1;
				return true;
			}
			p += (int)(n - ind) + 1;
		} else if (src->block == '|') {
			p += 1;
		}
		if (eol == NULL)
			break;
		r = eol + 1;
	}
	return false;
}

static void
src_position(const struct gh_src *src, int offset, struct gh_pos *pos, int *eline,
    int *ecol)
{
	const char *t = src->text;
	int i, nl = 0, start = 0;
	bool block = strchr(t, '\n') != NULL;

	for (i = 0; i < offset && t[i]; i++) {
		if (t[i] == '\n') {
			nl++;
			start = i + 1;
		}
	}
	*eline = nl + 1;
	*ecol = ex_utf8_count(t + start, (size_t)(offset - start)) + 1;
	if (src->raw && src->pos.line && block_position(src, offset, pos))
		return;
	pos->line = src->pos.line ? src->pos.line + nl + (block ? 1 : 0) : 0;
	pos->col = 0;
	if (src->pos.line && (block || nl))
		pos->col = *ecol;
	else if (src->pos.line && src->pos.col)
		pos->col = src->pos.col + *ecol - 1;
}

struct expr *
expr_parse_src(struct arena *a, const struct gh_src *src, const char *file,
    struct diags *d)
{
	struct expr_parse_error err;
	struct expr *e;
	struct gh_pos pos;
	int line, col;

	if (src == NULL || src->text == NULL)
		return NULL;
	e = expr_parse(a, src->text, &err);
	if (e || d == NULL)
		return e;
	if (err.offset < 0 || (size_t)err.offset > strlen(src->text))
		err.offset = 0;
	src_position(src, err.offset, &pos, &line, &col);
	if (line > 1)
		diag_add(d, DIAG_ERROR, file, pos,
		    _("invalid expression: %s (at line %d, column %d of the expression)"),
		    err.msg, line, col);
	else
		diag_add(d, DIAG_ERROR, file, pos,
		    _("invalid expression: %s (at column %d of the expression)"), err.msg, col);
	return NULL;
}
