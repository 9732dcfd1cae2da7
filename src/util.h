/* util.h -- allocation wrappers, growable buffers and small string helpers.
 *
 * The x* allocators abort on out-of-memory (tmux style): callers never
 * check them.  A struct buf owns its bytes; buf_free() releases them and
 * buf_detach() hands ownership to the caller.
 */
#ifndef GH_UTIL_H
#define GH_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libintl.h>
#define _(s) gettext(s)
#define N_(s) (s)

#define GH_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define GH_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define GH_NORETURN __attribute__((noreturn))
#else
#define GH_PRINTF(f, a)
#define GH_NORETURN
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) GH_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap) GH_PRINTF(1, 0);

/* A growable, always NUL-terminated byte buffer. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};
#define BUF_INIT { NULL, 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) GH_PRINTF(2, 3);
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) GH_PRINTF(2, 0);
void buf_reset(struct buf *b);
char *buf_detach(struct buf *b);	/* caller frees; b is reset */
const char *buf_cstr(struct buf *b);	/* never NULL */
void buf_free(struct buf *b);

/* Edit distance between two short strings (for "did you mean"). */
size_t str_distance(const char *a, const char *b);
bool str_endswith(const char *s, const char *suffix);
bool str_startswith(const char *s, const char *prefix);

/* Read a whole file into a malloc'd buffer of at most max bytes.
 * Returns 0, -1 with errno set, or -2 if the file is larger than max
 * (then *len holds the real size). */
int file_read_all(const char *path, size_t max, char **out, size_t *len);
/* Write len bytes to path atomically: a temporary file next to it, then
 * rename, so readers see the old file or the whole new one and a failure
 * leaves nothing behind.  mode is reduced by the umask.  0 or -1 (errno). */
int file_write_atomic(const char *path, const char *text, size_t len, unsigned mode);

#endif
