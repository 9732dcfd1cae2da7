/* diag.c -- collect and print positioned problem reports. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "json.h"

void
diags_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
}

void
diags_free(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

void
diags_append(struct diags *to, const struct diags *from)
{
	size_t i;

	for (i = 0; i < from->n; i++) {
		const struct diag *g = &from->v[i];
		struct gh_pos pos = { g->line, g->col };

		diag_add(to, g->sev, g->file, pos, "%s", g->msg);
	}
}

void
diag_vadd(struct diags *d, enum diag_sev sev, const char *file,
    struct gh_pos pos, const char *fmt, va_list ap)
{
	struct diag *g;
	size_t max = d->max ? d->max : 10000;

	if (sev == DIAG_ERROR)
		d->errors++;
	else
		d->warnings++;
	/* A hostile file can produce a problem per byte; keep the counts
	 * but bound what is stored. */
	if (d->n >= max) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->v = xreallocarray(d->v, d->cap, sizeof *d->v);
	}
	g = &d->v[d->n++];
	g->sev = sev;
	g->file = xstrdup(file ? file : "");
	g->line = pos.line;
	g->col = pos.col;
	g->msg = xvasprintf(fmt, ap);
	g->seq = d->n - 1;
}

void
diag_add(struct diags *d, enum diag_sev sev, const char *file,
    struct gh_pos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(d, sev, file, pos, fmt, ap);
	va_end(ap);
}

static int
diag_cmp(const void *a, const void *b)
{
	const struct diag *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

void
diags_sort(struct diags *d)
{
	if (d->n > 1)
		qsort(d->v, d->n, sizeof *d->v, diag_cmp);
}

static const char *
sev_name(enum diag_sev sev)
{
	return sev == DIAG_ERROR ? _("error") : _("warning");
}

void
diag_format(const struct diag *g, struct buf *out)
{
	if (g->file[0])
		buf_printf(out, "%s:", g->file);
	if (g->line > 0)
		buf_printf(out, "%d:%d:", g->line, g->col > 0 ? g->col : 1);
	buf_printf(out, "%s%s: %s", g->file[0] ? " " : "", sev_name(g->sev), g->msg);
}

void
diags_print_text(const struct diags *d, struct buf *out)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		diag_format(&d->v[i], out);
		buf_putc(out, '\n');
	}
	if (d->dropped)
		buf_printf(out, _("gatehouse: %zu further problems not shown\n"), d->dropped);
}

void
diags_print_json(const struct diags *d, struct buf *out)
{
	struct json j;
	size_t i;

	json_init(&j, out, true);
	json_begin_object(&j);
	json_kuint(&j, "errors", d->errors);
	json_kuint(&j, "warnings", d->warnings);
	json_kuint(&j, "not_shown", d->dropped);
	json_key(&j, "problems");
	json_begin_array(&j);
	for (i = 0; i < d->n; i++) {
		const struct diag *g = &d->v[i];

		json_begin_object(&j);
		json_kstring(&j, "file", g->file);
		json_kint(&j, "line", g->line);
		json_kint(&j, "column", g->col);
		json_kstring(&j, "severity", g->sev == DIAG_ERROR ? "error" : "warning");
		json_kstring(&j, "message", g->msg);
		json_end_object(&j);
	}
	json_end_array(&j);
	json_end_object(&j);
	buf_putc(out, '\n');
}
