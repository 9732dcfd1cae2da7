/* ui_util.h -- small helpers of the review workstation that need no
 * curses: XDG directories, atomic private files, word splitting for the
 * config and theme parsers.
 *
 * Strings returned are malloc'd; the caller frees them.
 */
#ifndef GH_UI_UTIL_H
#define GH_UI_UTIL_H

#include <stddef.h>

#include "util.h"

/* $env/gatehouse[/sub], or $HOME/fallback/gatehouse[/sub] when env is
 * unset or not absolute (XDG base directory rules). */
char *ui_xdg_path(const char *env, const char *fallback, const char *sub);
/* mkdir -p with mode for the directories it creates: 0 or -1 (errno). */
int ui_mkdirs(const char *path, unsigned mode);
/* Write text to path atomically (temp file + rename) with mode 0600. */
int ui_write_private(const char *path, const char *text, size_t len);
/* A short stable hash of s (16 hex digits). */
char *ui_hash_hex(const char *s);

/* The words of a config line with their 1-based columns; '#' at the start
 * of a word ends the line. */
struct ui_words {
	char **v;
	int *col;
	size_t n;
};
void ui_words_split(struct ui_words *w, const char *line);
void ui_words_free(struct ui_words *w);

#endif
