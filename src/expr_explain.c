/* expr_explain.c -- the gate language in canonical form: the text of a
 * node, and explanations that show what each path read. */
#include <config.h>

#include <string.h>

#include "expr_int.h"

/* By enum binop. */
const char *const ex_op_text[] = { "==", "!=", "<", "<=", ">", ">=", "in", "not in",
	"+", "-", "*", "/" };

/* By enum quant, then NULL. */
const char *const ex_quant_names[] = { "any", "all", "count", NULL };

static int
prec_of(const struct expr *n)
{
	switch (n->k) {
	case N_OR: return 1;
	case N_AND: return 2;
	case N_NOT: return 3;
	case N_BIN: return n->op <= OP_NOTIN ? 4 : n->op <= OP_SUB ? 5 : 6;
	case N_NEG: return 7;
	default: return 8;
	}
}

const struct expr_read *
ex_find_read(const struct expr_env *env, const char *path)
{
	size_t i;

	for (i = 0; env && path && i < env->reads.n; i++)
		if (strcmp(env->reads.v[i].path, path) == 0)
			return &env->reads.v[i];
	return NULL;
}

static void
render_list(const struct expr *n, const struct expr_env *env, struct buf *out)
{
	size_t i;

	for (i = 0; i < n->nargs; i++) {
		if (i)
			buf_puts(out, ", ");
		ex_render(n->args[i], env, out, 0);
	}
}

static void
render_inner(const struct expr *n, const struct expr_env *env, struct buf *out)
{
	int p = prec_of(n);

	switch (n->k) {
	case N_LIT:
		if (n->v.t == VT_STR)
			ex_fmt_str(n->v.u.s, 0, out);
		else
			buf_puts(out, n->lit);
		break;
	case N_VAR: case N_ROOT: buf_puts(out, n->name); break;
	case N_FIELD:
		ex_render(n->a, env, out, 8);
		buf_printf(out, ".%s", n->name);
		break;
	case N_INDEX:
		ex_render(n->a, env, out, 8);
		buf_putc(out, '[');
		ex_render(n->b, env, out, 0);
		buf_putc(out, ']');
		break;
	case N_CALL: case N_LIST:
		buf_puts(out, n->k == N_CALL ? n->name : "");
		buf_putc(out, n->k == N_CALL ? '(' : '[');
		render_list(n, env, out);
		buf_putc(out, n->k == N_CALL ? ')' : ']');
		break;
	case N_QUANT:
		buf_printf(out, "%s(%s in ", ex_quant_names[n->op], n->name);
		ex_render(n->a, env, out, 0);
		buf_puts(out, ": ");
		ex_render(n->b, env, out, 0);
		buf_putc(out, ')');
		break;
	case N_NEG: buf_putc(out, '-'); ex_render(n->a, env, out, 7); break;
	case N_NOT: buf_puts(out, "not "); ex_render(n->a, env, out, 3); break;
	case N_AND: case N_OR: case N_BIN:
		ex_render(n->a, env, out, p == 4 ? 5 : p);
		buf_printf(out, " %s ", n->k == N_AND ? "and" : n->k == N_OR ? "or" :
		    ex_op_text[n->op]);
		ex_render(n->b, env, out, p + 1);
		break;
	}
}

/* n in canonical form; with env, paths and calls carry "= value". */
void
ex_render(const struct expr *n, const struct expr_env *env, struct buf *out, int prec)
{
	const struct expr_read *r;
	bool paren = prec_of(n) < prec;

	if (n->text) {
		buf_puts(out, n->text);
		if ((r = ex_find_read(env, n->text)) != NULL)
			buf_printf(out, " = %s", r->value);
		return;
	}
	if (paren)
		buf_putc(out, '(');
	render_inner(n, env, out);
	if (paren)
		buf_putc(out, ')');
}

void
expr_explain(const struct expr *e, const struct expr_env *env, struct buf *out)
{
	if (e == NULL || out == NULL)
		return;
	ex_render(e, env, out, 0);
}
