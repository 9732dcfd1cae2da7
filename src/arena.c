/* arena.c -- chunked bump allocator. */
#include <config.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "util.h"

#define ARENA_CHUNK (64 * 1024)
#define ARENA_ALIGN (_Alignof(max_align_t))

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	_Alignas(max_align_t) unsigned char data[];
};

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

static struct arena_chunk *
chunk_new(size_t size)
{
	struct arena_chunk *c = xmalloc(sizeof *c + size);

	c->next = NULL;
	c->used = 0;
	c->size = size;
	return c;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	void *p;

	n = (n + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
	if (n == 0)
		n = ARENA_ALIGN;
	if (c == NULL || c->size - c->used < n) {
		/* Big requests get their own chunk behind the head so the
		 * head's free space is not wasted. */
		if (n > ARENA_CHUNK / 4 && c != NULL) {
			struct arena_chunk *big = chunk_new(n);

			big->next = c->next;
			c->next = big;
			big->used = n;
			a->total += n;
			memset(big->data, 0, n);
			return big->data;
		}
		c = chunk_new(n > ARENA_CHUNK ? n : ARENA_CHUNK);
		c->next = a->head;
		a->head = c;
	}
	p = c->data + c->used;
	c->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char *tmp, *s;

	va_start(ap, fmt);
	tmp = xvasprintf(fmt, ap);
	va_end(ap);
	s = arena_strdup(a, tmp);
	free(tmp);
	return s;
}

void
arena_reset(struct arena *a)
{
	struct arena_chunk *keep = a->head, *c, *n;

	if (keep == NULL)
		return;
	for (c = keep->next; c; c = n) {
		n = c->next;
		free(c);
	}
	keep->next = NULL;
	keep->used = 0;
	a->total = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head, *n;

	while (c) {
		n = c->next;
		free(c);
		c = n;
	}
	a->head = NULL;
	a->total = 0;
}
