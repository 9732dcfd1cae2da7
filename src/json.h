/* json.h -- a small streaming JSON writer into a struct buf.
 *
 * The writer tracks nesting to place commas; with pretty set it indents
 * two spaces per level.  Output is deterministic byte for byte.
 */
#ifndef GH_JSON_H
#define GH_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

#define JSON_MAX_DEPTH 64

struct json {
	struct buf *out;
	bool pretty;
	int depth;
	bool first[JSON_MAX_DEPTH];
	bool after_key;
};

void json_init(struct json *j, struct buf *out, bool pretty);
void json_begin_object(struct json *j);
void json_end_object(struct json *j);
void json_begin_array(struct json *j);
void json_end_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);	/* NULL -> null */
void json_int(struct json *j, long long v);
void json_uint(struct json *j, unsigned long long v);
void json_double(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* Escape s as a JSON string literal (with quotes) into out. */
void json_quote(struct buf *out, const char *s);

#endif
