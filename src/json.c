/* json.c -- streaming JSON writer. */
#include <config.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json.h"

void
json_init(struct json *j, struct buf *out, bool pretty)
{
	memset(j, 0, sizeof *j);
	j->out = out;
	j->pretty = pretty;
	j->first[0] = true;
}

static void
newline(struct json *j)
{
	int i;

	if (!j->pretty)
		return;
	buf_putc(j->out, '\n');
	for (i = 0; i < j->depth; i++)
		buf_puts(j->out, "  ");
}

/* Emit the separator that precedes a value or key at this level. */
static void
sep(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (!j->first[j->depth])
			buf_putc(j->out, ',');
		j->first[j->depth] = false;
		newline(j);
	}
}

static void
open_level(struct json *j, char c)
{
	sep(j);
	buf_putc(j->out, c);
	if (j->depth < JSON_MAX_DEPTH - 1)
		j->depth++;
	j->first[j->depth] = true;
}

static void
close_level(struct json *j, char c)
{
	bool empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty)
		newline(j);
	buf_putc(j->out, c);
}

void json_begin_object(struct json *j) { open_level(j, '{'); }
void json_end_object(struct json *j) { close_level(j, '}'); }
void json_begin_array(struct json *j) { open_level(j, '['); }
void json_end_array(struct json *j) { close_level(j, ']'); }

void
json_key(struct json *j, const char *key)
{
	sep(j);
	json_quote(j->out, key);
	buf_puts(j->out, j->pretty ? ": " : ":");
	j->after_key = true;
}

void
json_quote(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	buf_putc(out, '"');
	for (; *p; p++) {
		switch (*p) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				buf_printf(out, "\\u%04x", *p);
			else
				buf_putc(out, (char)*p);
		}
	}
	buf_putc(out, '"');
}

void
json_string(struct json *j, const char *s)
{
	if (s == NULL) {
		json_null(j);
		return;
	}
	sep(j);
	json_quote(j->out, s);
}

void
json_int(struct json *j, long long v)
{
	sep(j);
	buf_printf(j->out, "%lld", v);
}

void
json_uint(struct json *j, unsigned long long v)
{
	sep(j);
	buf_printf(j->out, "%llu", v);
}

void
json_double(struct json *j, double v)
{
	sep(j);
	if (!isfinite(v))
		buf_puts(j->out, "null");
	else if (v == (double)(long long)v && fabs(v) < 1e15)
		buf_printf(j->out, "%lld", (long long)v);
	else
		buf_printf(j->out, "%.6g", v);
}

void
json_bool(struct json *j, bool v)
{
	sep(j);
	buf_puts(j->out, v ? "true" : "false");
}

void
json_null(struct json *j)
{
	sep(j);
	buf_puts(j->out, "null");
}

void
json_kstring(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void
json_kint(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void
json_kuint(struct json *j, const char *key, unsigned long long v)
{
	json_key(j, key);
	json_uint(j, v);
}

void
json_kbool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void
json_kdouble(struct json *j, const char *key, double v)
{
	json_key(j, key);
	json_double(j, v);
}
