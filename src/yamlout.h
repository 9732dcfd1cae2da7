/* yamlout.h -- write the YAML of review records so that any YAML reader,
 * and a person reading `git show`, gets back exactly the words written. */
#ifndef GH_YAMLOUT_H
#define GH_YAMLOUT_H

#include "util.h"

/* key: value, the value quoted unless it is a plain identifier. */
void yout_str(struct buf *b, int indent, const char *key, const char *val);
/* key: | block for multi-line text (double-quoted when it cannot be). */
void yout_text(struct buf *b, int indent, const char *key, const char *text);
/* key: (a nested mapping or list follows) */
void yout_key(struct buf *b, int indent, const char *key);
/* - value (list item) */
void yout_item(struct buf *b, int indent, const char *val);
/* Can s be written plain and still read back as the same string? */
bool yout_plain_ok(const char *s);
/* A YAML double-quoted scalar for s. */
void yout_quote(struct buf *b, const char *s);

#endif
