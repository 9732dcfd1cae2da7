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
/* "key": value in one call, the usual shape of an object member. */
void json_kstring(struct json *j, const char *key, const char *s);
void json_kint(struct json *j, const char *key, long long v);
void json_kuint(struct json *j, const char *key, unsigned long long v);
void json_kbool(struct json *j, const char *key, bool v);
void json_kdouble(struct json *j, const char *key, double v);
/* Escape s as a JSON string literal (with quotes) into out. */
void json_quote(struct buf *out, const char *s);

#endif
