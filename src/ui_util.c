/* ui_util.c -- XDG paths, private atomic files, word splitting. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ui_util.h"

char *
ui_xdg_path(const char *env, const char *fallback, const char *sub)
{
	return config_xdg_path(env, fallback, sub);
}

int
ui_mkdirs(const char *path, unsigned mode)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		{
			char c = *s;

			*s = '\0';
			if (mkdir(p, (mode_t)mode) < 0 && errno != EEXIST)
				rc = -1;
			*s = c;
		}
		if (*s == '\0')
			break;
	}
	free(p);
	return rc;
}

int
ui_write_private(const char *path, const char *text, size_t len)
{
	return file_write_atomic(path, text, len, 0600);
}

char *
ui_hash_hex(const char *s)
{
	uint64_t h = 1469598103934665603ull;	/* FNV-1a */

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return xasprintf("%016llx", (unsigned long long)h);
}

void
ui_words_split(struct ui_words *w, const char *line)
{
	const char *p = line;
	size_t cap = 0;
	int col = 1;

	memset(w, 0, sizeof *w);
	while (*p) {
		const char *start;
		int startcol;

		while (*p == ' ' || *p == '\t' || *p == '\r') {
			p++;
			col++;
		}
		if (*p == '\0' || *p == '#')
			break;
		start = p;
		startcol = col;
		if (*p == '=') {
			p++;
			col++;
		}
		while (p == start || (*p && *p != ' ' && *p != '\t' && *p != '\r' && *p != '=' &&
		    start[0] != '=')) {
			col += ((unsigned char)*p & 0xc0) != 0x80;
			p++;
		}
		if (w->n == cap) {
			cap = cap ? cap * 2 : 8;
			w->v = xreallocarray(w->v, cap, sizeof *w->v);
			w->col = xreallocarray(w->col, cap, sizeof *w->col);
		}
		w->v[w->n] = xstrndup(start, (size_t)(p - start));
		w->col[w->n++] = startcol;
	}
}

void
ui_words_free(struct ui_words *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	free(w->col);
	memset(w, 0, sizeof *w);
}
