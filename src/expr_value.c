/* expr_value.c -- the gate language's values: small helpers, formatting
 * for messages and explanations, access to lists, comparison. */
#include <config.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "expr_int.h"

#define FMT_MAX_ITEMS 8
#define FMT_MAX_STR 120
#define FMT_MAX_NEST 4

/* ---- small helpers ------------------------------------------------------- */

/* Cut b back to len bytes (drop a reason that was caught). */
void
ex_buf_cut(struct buf *b, size_t len)
{
	if (b->s && len <= b->len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

/* Number of UTF-8 characters in s[0..n). */
int
ex_utf8_count(const char *s, size_t n)
{
	int c = 0;
	size_t i;

	for (i = 0; i < n && s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

/* Bytes of the UTF-8 character starting at s (at least 1, NUL-safe). */
int
ex_utf8_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, i;

	for (i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			return i;
	return n;
}

/* A schema key matches a path name when '_' in the name stands for '-'. */
bool
ex_key_match(const char *key, const char *name)
{
	for (; *key && *name; key++, name++)
		if (*key != *name && !(*name == '_' && *key == '-'))
			return false;
	return *key == '\0' && *name == '\0';
}

const struct schema_field *
ex_find_key(const struct schema *s, const char *name)
{
	const struct schema_field *f;

	for (f = s->fields; f->key; f++)
		if (ex_key_match(f->key, name))
			return f;
	return NULL;
}

bool
ex_is_seq(const struct gh_value *v)
{
	return v->t == VT_LIST || v->t == VT_ARRAY;
}

bool
ex_is_named_list(const struct gh_value *v)
{
	return v->t == VT_LIST && v->u.list.f &&
	    (v->u.list.f->type == FT_PARAMS || v->u.list.f->type == FT_EXPRMAP);
}

/* ---- formatting ---------------------------------------------------------- */

/* printf %g honours LC_NUMERIC; the language always writes '.'. */
static void
fix_decimal_point(char *s)
{
	const struct lconv *lc = localeconv();
	char dp = lc && lc->decimal_point && lc->decimal_point[0] ? lc->decimal_point[0] : '.';

	if (dp == '.')
		return;
	for (; *s; s++)
		if (*s == dp)
			*s = '.';
}

static void
fmt_num(double n, struct buf *out)
{
	char tmp[64];

	if (n == 0)
		n = 0;		/* no "-0" */
	if (isfinite(n) && n == trunc(n) && fabs(n) < 1e15)
		snprintf(tmp, sizeof tmp, "%.0f", n);
	else
		snprintf(tmp, sizeof tmp, "%.15g", n);
	fix_decimal_point(tmp);
	buf_puts(out, tmp);
}

/* A string in double quotes with escapes; cut after max bytes (0: never). */
void
ex_fmt_str(const char *s, size_t max, struct buf *out)
{
	size_t i;

	buf_putc(out, '"');
	for (i = 0; s && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (max && i >= max && (c & 0xC0) != 0x80) {
			buf_puts(out, "\xe2\x80\xa6");	/* … */
			break;
		}
		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c == '\n')
			buf_puts(out, "\\n");
		else if (c == '\t')
			buf_puts(out, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(out, "\\x%02x", c);
		else
			buf_putc(out, (char)c);
	}
	buf_putc(out, '"');
}


static void
fmt_list(const struct gh_value *v, struct buf *out, int nest)
{
	size_t i, n = ex_seq_len(v);
	struct gh_value item;

	if (nest >= FMT_MAX_NEST) {
		buf_puts(out, "[\xe2\x80\xa6]");
		return;
	}
	buf_putc(out, '[');
	for (i = 0; i < n; i++) {
		if (i)
			buf_puts(out, ", ");
		if (i == FMT_MAX_ITEMS) {
			buf_puts(out, "\xe2\x80\xa6");
			break;
		}
		ex_seq_get(v, i, &item, NULL);
		ex_fmt_value(&item, out, nest + 1);
	}
	buf_putc(out, ']');
}

void
ex_fmt_value(const struct gh_value *v, struct buf *out, int nest)
{
	switch ((int)v->t) {
	case VT_NULL: buf_puts(out, "null"); break;
	case VT_BOOL: buf_puts(out, v->u.b ? "true" : "false"); break;
	case VT_NUM: fmt_num(v->u.n, out); break;
	case VT_STR: ex_fmt_str(v->u.s, FMT_MAX_STR, out); break;
	case VT_TIME: val_format_time(v->u.time, v->date_only, out); break;
	case VT_DUR: val_format_duration(v->u.dur, out); break;
	case VT_SIZE: val_format_size(v->u.size, out); break;
	case VT_VER:
		if (v->u.ver.text)
			buf_puts(out, v->u.ver.text);
		else
			val_format_version(&v->u.ver, out);
		break;
	case VT_LIST:
		if (ex_is_named_list(v))
			buf_puts(out, "{\xe2\x80\xa6}");
		else
			fmt_list(v, out, nest);
		break;
	case VT_ARRAY: fmt_list(v, out, nest); break;
	case VT_OBJ: case VT_HOST: buf_puts(out, "{\xe2\x80\xa6}"); break;
	default: buf_puts(out, "?"); break;
	}
}

void
expr_format_value(const struct gh_value *v, struct buf *out)
{
	if (v == NULL || out == NULL)
		return;
	ex_fmt_value(v, out, 0);
}

const char *
expr_type_name(enum gh_vtype t)
{
	switch ((int)t) {
	case VT_NULL: return "null";
	case VT_BOOL: return "bool";
	case VT_NUM: return "number";
	case VT_STR: return "string";
	case VT_TIME: return "time";
	case VT_DUR: return "duration";
	case VT_SIZE: return "size";
	case VT_VER: return "version";
	case VT_LIST: case VT_ARRAY: return "list";
	case VT_OBJ: case VT_HOST: return "object";
	}
	return "?";
}

/* "duration 4h", "date 2026-11-16", "null": a value for error messages. */
void
ex_describe(const struct gh_value *v, struct buf *out)
{
	if (v->t == VT_NULL) {
		buf_puts(out, "null");
		return;
	}
	if (v->t == VT_OBJ && v->u.obj.s) {
		buf_printf(out, "object (%s)", v->u.obj.s->name);
		return;
	}
	if (v->t == VT_HOST) {
		const struct expr_host_obj *h = v->u.obj.p;

		buf_printf(out, "object (%s)", h && h->name ? h->name : "?");
		return;
	}
	buf_puts(out, v->t == VT_TIME && v->date_only ? "date" : expr_type_name(v->t));
	buf_putc(out, ' ');
	ex_fmt_value(v, out, FMT_MAX_NEST - 1);
}

/* ---- lists: schema lists, named maps and computed arrays ----------------- */

size_t
ex_seq_len(const struct gh_value *v)
{
	if (v->t == VT_ARRAY) {
		const struct expr_array *a = v->u.obj.p;

		return a && (a->v || a->n == 0) ? a->n : 0;
	}
	if (v->t != VT_LIST || v->u.list.l == NULL || v->u.list.f == NULL)
		return 0;
	if (v->u.list.l->v == NULL)
		return 0;
	if (!ex_is_named_list(v) && schema_item_size(v->u.list.f) == 0)
		return 0;
	return v->u.list.l->n;
}

/* Item i (< seq_len) as a value; *text gets a policy parameter's source
 * text (numbers compare as versions by it, reads show it as written). */
void
ex_seq_get(const struct gh_value *v, size_t i, struct gh_value *out, const char **text)
{
	const struct schema_field *f = v->u.list.f;
	const char *p;
	struct schema_field tmp;

	memset(out, 0, sizeof *out);
	if (text)
		*text = NULL;
	if (v->t == VT_ARRAY) {
		*out = ((const struct expr_array *)v->u.obj.p)->v[i];
		return;
	}
	if (ex_is_named_list(v)) {
		const struct gh_named *e = (const struct gh_named *)v->u.list.l->v + i;

		if (f->type == FT_PARAMS) {
			*out = e->v;
			if (text && e->v.t != VT_STR)
				*text = e->src.text;
		} else {
			out->t = VT_STR;
			out->u.s = e->src.text;
		}
		return;
	}
	p = (const char *)v->u.list.l->v + i * schema_item_size(f);
	if (f->item == FT_OBJ) {
		out->t = VT_OBJ;
		out->u.obj.p = p;
		out->u.obj.s = f->sub;
		return;
	}
	memset(&tmp, 0, sizeof tmp);
	tmp.key = f->key;
	tmp.type = f->item;
	tmp.enums = f->enums;
	if (!schema_get(&tmp, p, out))
		memset(out, 0, sizeof *out);	/* absent marker: null */
}

/* ---- comparison ---------------------------------------------------------- */

/* The version a value stands for: versions, numbers (from their source
 * text when known, so 16.10 stays 16.10) and strings like "16.4". */
bool
ex_to_version(const struct gh_value *v, const char *numtext, struct gh_version *out)
{
	const char *err;
	int col;
	char tmp[64];

	switch (v->t) {
	case VT_VER:
		*out = v->u.ver;
		return out->n > 0;
	case VT_NUM:
		if (!isfinite(v->u.n) || v->u.n < 0)
			return false;
		if (numtext == NULL) {
			snprintf(tmp, sizeof tmp, v->u.n == trunc(v->u.n) ? "%.0f" : "%.15g",
			    v->u.n);
			fix_decimal_point(tmp);
			numtext = tmp;
		}
		if (val_parse_version(numtext, out, &err, &col) < 0)
			return false;
		out->text = numtext == tmp ? NULL : numtext;
		return true;
	case VT_STR:
		return v->u.s && val_parse_version(v->u.s, out, &err, &col) == 0;
	default:
		return false;
	}
}

static int
sign64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

/* Compare with the numbers' source texts; -1, 0, 1, or 2 (incomparable).
 * Objects compare equal only to themselves (1 otherwise, unordered). */
int
ex_compare_text(const struct gh_value *a, const char *at, const struct gh_value *b,
    const char *bt)
{
	struct gh_version va, vb;

	if (a->t == VT_VER || b->t == VT_VER) {
		if (!ex_to_version(a, at, &va) || !ex_to_version(b, bt, &vb))
			return 2;
		return val_version_cmp(&va, &vb);
	}
	if (a->t != b->t)
		return 2;
	switch ((int)a->t) {
	case VT_NULL: return 0;
	case VT_BOOL: return (int)a->u.b - (int)b->u.b;
	case VT_NUM:
		if (isnan(a->u.n) || isnan(b->u.n))
			return 2;
		return a->u.n < b->u.n ? -1 : a->u.n > b->u.n;
	case VT_STR: {
		int r;

		if (a->u.s == NULL || b->u.s == NULL)
			return 2;
		r = strcmp(a->u.s, b->u.s);
		return r < 0 ? -1 : r > 0;
	}
	case VT_TIME: return sign64(a->u.time, b->u.time);
	case VT_DUR: return sign64(a->u.dur, b->u.dur);
	case VT_SIZE: return sign64(a->u.size, b->u.size);
	case VT_OBJ:
		return a->u.obj.p == b->u.obj.p && a->u.obj.s == b->u.obj.s ? 0 : 1;
	case VT_HOST:
		return a->u.obj.p == b->u.obj.p ? 0 : 1;
	default:
		return 2;
	}
}

int
expr_compare(const struct gh_value *a, const struct gh_value *b)
{
	int r = a && b ? ex_compare_text(a, NULL, b, NULL) : 2;

	return r == 2 ? EXPR_E_TYPE : r;
}
