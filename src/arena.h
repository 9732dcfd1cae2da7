/* arena.h -- bump allocator for everything loaded from one repository.
 *
 * A loaded repository owns one arena; every node, string and struct made
 * while loading lives in it and dies with arena_free().  Memory use is
 * proportional to the input.
 */
#ifndef GH_ARENA_H
#define GH_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t total;		/* bytes handed out, for limits and benchmarks */
};

void arena_init(struct arena *a);
void *arena_alloc(struct arena *a, size_t n);	/* zeroed, max-aligned */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Forget everything allocated but keep one chunk for reuse. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

#endif
