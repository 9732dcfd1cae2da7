/* expr_lex.c -- the gate language's lexer: literals, names, keywords and
 * operators, read on demand by the parser (expr_parse.c). */
#include <config.h>

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "expr_int.h"

void
ex_fail(struct parser *p, int off, const char *fmt, ...)
{
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	p->err->offset = off;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof p->err->msg, fmt, ap);
	va_end(ap);
}

static bool
is_date_at(const char *s)
{
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) && s[4] == '-' &&
	    isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6]) && s[7] == '-' &&
	    isdigit((unsigned char)s[8]) && isdigit((unsigned char)s[9]);
}

static bool
is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* A date or date-time literal starting at i. */
static void
lex_time(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s, *err;
	int j = i + 10, col;
	bool date_only;

	if ((s[j] == 'T' || s[j] == 't') && isdigit((unsigned char)s[j + 1])) {
		for (j++; isdigit((unsigned char)s[j]) || s[j] == ':' || s[j] == '.'; j++)
			;
		if (s[j] == 'Z' || s[j] == 'z') {
			j++;
		} else if ((s[j] == '+' || s[j] == '-') && isdigit((unsigned char)s[j + 1]) &&
		    isdigit((unsigned char)s[j + 2]) && s[j + 3] == ':') {
			for (j++; isdigit((unsigned char)s[j]) || s[j] == ':'; j++)
				;
		}
	}
	if (is_word_char(s[j]) || s[j] == '.') {
		ex_fail(p, j, _("unexpected '%.*s' after the date"), ex_utf8_len(s + j), s + j);
		return;
	}
	t->k = T_TIME;
	t->end = j;
	t->text = arena_strndup(p->a, s + i, (size_t)(j - i));
	if (val_parse_time(t->text, &t->v.u.time, &date_only, &err, &col) < 0) {
		ex_fail(p, i + col, _("invalid date: %s"), _(err));
		return;
	}
	t->v.t = VT_TIME;
	t->v.date_only = date_only;
}

/* Decimal digits (and one '.') to a double without strtod's locale. */
static double
decimal_value(const char *s, int n)
{
	uint64_t m = 0;
	int exp = 0, digits = 0, k;
	bool frac = false;

	for (k = 0; k < n; k++) {
		if (s[k] == '.') {
			frac = true;
			continue;
		}
		if (m == 0 && s[k] == '0') {
			exp -= frac;
			continue;
		}
		if (digits < 19) {
			m = m * 10 + (uint64_t)(s[k] - '0');
			digits++;
			exp -= frac;
		} else if (!frac) {
			exp++;
		}
	}
	if (exp < 0)
		return (double)m / pow(10, -exp);
	return (double)m * pow(10, exp);
}

static bool
is_size_unit(const char *u)
{
	static const char *const units[] = { "B", "KB", "MB", "GB", "TB", "KiB", "MiB",
		"GiB", "TiB", NULL };
	int k;

	for (k = 0; units[k]; k++)
		if (strcmp(u, units[k]) == 0)
			return true;
	return false;
}

/* A literal with a unit after its number: a size or a duration. */
static void
lex_unit(struct parser *p, int i, int unit, struct tok *t)
{
	const char *err;
	int col;

	if (is_size_unit(t->text + (unit - i))) {
		t->k = T_SIZE;
		t->v.t = VT_SIZE;
		if (val_parse_size(t->text, &t->v.u.size, &err, &col) < 0)
			ex_fail(p, i + col, _("invalid size: %s"), _(err));
		return;
	}
	t->k = T_DUR;
	t->v.t = VT_DUR;
	if (val_parse_duration(t->text, &t->v.u.dur, &err, &col) < 0)
		ex_fail(p, i + col, _("invalid duration: %s"), _(err));
}

/* Numbers, durations, sizes, versions with two dots, dates and times. */
static void
lex_number(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s, *err;
	int j = i, dots = 0, unit = 0, col;

	if (is_date_at(s + i)) {
		lex_time(p, i, t);
		return;
	}
	while (isdigit((unsigned char)s[j]))
		j++;
	while (s[j] == '.' && isdigit((unsigned char)s[j + 1])) {
		dots++;
		for (j++; isdigit((unsigned char)s[j]); j++)
			;
	}
	if (is_word_char(s[j])) {
		unit = j;
		while (is_word_char(s[j]))
			j++;
	}
	t->end = j;
	t->text = arena_strndup(p->a, s + i, (size_t)(j - i));
	if (unit && dots > 1) {
		ex_fail(p, unit, _("unexpected '%.*s' after the version"), ex_utf8_len(s + unit), s + unit);
	} else if (unit) {
		lex_unit(p, i, unit, t);
	} else if (dots > 1) {
		t->k = T_VER;
		t->v.t = VT_VER;
		if (val_parse_version(t->text, &t->v.u.ver, &err, &col) < 0)
			ex_fail(p, i + col, _("invalid version: %s"), _(err));
	} else {
		t->k = T_NUM;
		t->v.t = VT_NUM;
		t->v.u.n = decimal_value(t->text, j - i);
		if (!isfinite(t->v.u.n))
			ex_fail(p, i, "%s", _("number too large"));
	}
}

static void
lex_version(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s, *err;
	int j = i + 1, col;

	while (isdigit((unsigned char)s[j]) || (s[j] == '.' && isdigit((unsigned char)s[j + 1])))
		j++;
	if (is_word_char(s[j])) {
		ex_fail(p, j, _("unexpected '%.*s' in the version"), ex_utf8_len(s + j), s + j);
		return;
	}
	t->k = T_VER;
	t->end = j;
	t->text = arena_strndup(p->a, s + i, (size_t)(j - i));
	t->v.t = VT_VER;
	if (val_parse_version(t->text, &t->v.u.ver, &err, &col) < 0)
		ex_fail(p, i + col, _("invalid version: %s"), _(err));
}

static void
lex_string(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s;
	char q = s[i];
	struct buf b = BUF_INIT;
	int j;

	for (j = i + 1; s[j] && s[j] != q; j++) {
		if (s[j] != '\\') {
			buf_putc(&b, s[j]);
			continue;
		}
		switch (s[j + 1]) {
		case '\\': case '"': case '\'': buf_putc(&b, s[j + 1]); break;
		case 'n': buf_putc(&b, '\n'); break;
		case 't': buf_putc(&b, '\t'); break;
		case '\0': continue;	/* unterminated: reported below */
		default:
			ex_fail(p, j, _("unknown escape '\\%.*s' in a string (use \\\\, \\\" or \\')"),
			    ex_utf8_len(s + j + 1), s + j + 1);
			buf_free(&b);
			return;
		}
		j++;
	}
	if (s[j] != q) {
		ex_fail(p, i, "%s", _("unterminated string"));
		buf_free(&b);
		return;
	}
	t->k = T_STR;
	t->end = j + 1;
	t->v.t = VT_STR;
	t->v.u.s = arena_strndup(p->a, buf_cstr(&b), b.len);
	t->text = t->v.u.s;
	buf_free(&b);
}

static void
lex_word(struct parser *p, int i, struct tok *t)
{
	static const struct { const char *w; enum tk k; } kw[] = {
		{ "and", T_AND }, { "or", T_OR }, { "not", T_NOT }, { "in", T_IN },
		{ "true", T_TRUE }, { "false", T_FALSE }, { "null", T_NULL },
	};
	const char *s = p->s;
	int j = i;
	size_t k;

	while (is_word_char(s[j]))
		j++;
	t->k = T_NAME;
	t->end = j;
	t->text = arena_strndup(p->a, s + i, (size_t)(j - i));
	for (k = 0; k < GH_ARRAY_SIZE(kw); k++)
		if (strcmp(t->text, kw[k].w) == 0)
			t->k = kw[k].k;
	t->v.t = t->k == T_TRUE || t->k == T_FALSE ? VT_BOOL : VT_NULL;
	t->v.u.b = t->k == T_TRUE;
}

/* Operators; returns false (and fails) on a character that is none. */
static bool
lex_op(struct parser *p, int i, struct tok *t)
{
	static const struct { const char *op; enum tk k; } ops[] = {
		{ "==", T_EQ }, { "!=", T_NE }, { "<=", T_LE }, { ">=", T_GE }, { "<", T_LT },
		{ ">", T_GT }, { "+", T_PLUS }, { "-", T_MINUS }, { "*", T_STAR },
		{ "/", T_SLASH }, { "(", T_LP }, { ")", T_RP }, { "[", T_LB }, { "]", T_RB },
		{ ",", T_COMMA }, { ":", T_COLON }, { ".", T_DOT },
	};
	const char *s = p->s + i;
	size_t k, n;

	for (k = 0; k < GH_ARRAY_SIZE(ops); k++) {
		n = strlen(ops[k].op);
		if (strncmp(s, ops[k].op, n) == 0) {
			t->k = ops[k].k;
			t->end = i + (int)n;
			return true;
		}
	}
	if (s[0] == '=')
		ex_fail(p, i, "%s", _("unexpected '='; use '==' to compare"));
	else if (s[0] == '!')
		ex_fail(p, i, "%s", _("unexpected '!'; use 'not' or '!='"));
	else if (strncmp(s, "&&", 2) == 0)
		ex_fail(p, i, "%s", _("unexpected '&&'; use 'and'"));
	else if (strncmp(s, "||", 2) == 0)
		ex_fail(p, i, "%s", _("unexpected '||'; use 'or'"));
	else
		ex_fail(p, i, _("unexpected character '%.*s'"), ex_utf8_len(s), s);
	return false;
}

/* The token at byte i, without moving the parser. */
static void
lex_at(struct parser *p, int i, struct tok *t)
{
	const char *s = p->s;

	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	memset(t, 0, sizeof *t);
	t->off = t->end = i;
	if (s[i] == '\0') {
		t->k = T_END;	/* located right after the last token */
		while (t->off > 0 && strchr(" \t\n\r", s[t->off - 1]))
			t->off--;
	} else if (isdigit((unsigned char)s[i]))
		lex_number(p, i, t);
	else if ((s[i] == 'v' || s[i] == 'V') && isdigit((unsigned char)s[i + 1]))
		lex_version(p, i, t);
	else if (isalpha((unsigned char)s[i]) || s[i] == '_')
		lex_word(p, i, t);
	else if (s[i] == '"' || s[i] == '\'')
		lex_string(p, i, t);
	else
		lex_op(p, i, t);
	if (p->failed)
		t->k = T_END;
}

void
ex_next(struct parser *p)
{
	p->prev_off = p->t.off;
	p->prev_end = p->t.end;
	lex_at(p, p->pos, &p->t);
	p->pos = p->t.end;
}

enum tk
ex_peek2(struct parser *p)
{
	struct tok t;

	lex_at(p, p->pos, &t);
	return t.k;
}

/* "'foo'" or "the end of the expression", for messages. */
const char *
ex_tok_desc(struct parser *p, const struct tok *t)
{
	int n = t->end - t->off;

	if (t->k == T_END)
		return _("the end of the expression");
	if (n > 24)
		n = 24;
	return arena_printf(p->a, "'%.*s'", n, p->s + t->off);
}

bool
ex_expect(struct parser *p, enum tk k, const char *what)
{
	if (p->failed)
		return false;
	if (p->t.k != k) {
		ex_fail(p, p->t.off, _("expected %s, found %s"), what, ex_tok_desc(p, &p->t));
		return false;
	}
	ex_next(p);
	return true;
}
