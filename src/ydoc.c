/* ydoc.c -- libyaml event stream to a positioned node tree.
 *
 * Completed nodes are pushed on one value stack; a container remembers
 * the stack height at its start and takes the slice above it when it
 * ends.  This keeps the builder linear in the input and free of
 * recursion, so deep nesting cannot overflow the C stack.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ydoc.h"

struct anchor {
	const char *name;
	struct ynode *node;
};

struct frame {
	struct ynode *node;
	size_t base;		/* value-stack height when the container opened */
	const char *anchor;
};

struct builder {
	struct arena *a;
	const char *file;
	struct diags *d;
	const struct ydoc_limits *lim;
	struct ynode **stack;	/* completed nodes awaiting their parent */
	size_t sn, scap;
	struct frame *frames;
	size_t fn, fcap;
	struct anchor *anchors;	/* open-addressing hash by name */
	size_t acap, an;
	int failed;		/* some error was reported */
	int fatal;		/* the tree is incomplete */
};

void
ydoc_default_limits(struct ydoc_limits *lim)
{
	lim->max_bytes = YDOC_MAX_BYTES;
	lim->max_depth = YDOC_MAX_DEPTH;
	lim->max_weight = YDOC_MAX_WEIGHT;
}

const char *
ydoc_kind_name(enum ynode_kind k)
{
	switch (k) {
	case YN_SCALAR: return _("a scalar");
	case YN_SEQ: return _("a list");
	case YN_MAP: return _("a mapping");
	}
	return "?";
}

static struct gh_pos
mark_pos(yaml_mark_t m)
{
	struct gh_pos p = { (int)m.line + 1, (int)m.column + 1 };

	return p;
}

static size_t
hash_str(const char *s)
{
	size_t h = 1469598103934665603u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211u;
	return h;
}

static void
anchor_put(struct builder *b, const char *name, struct ynode *node)
{
	size_t i;

	if (b->an * 2 >= b->acap) {
		struct anchor *old = b->anchors;
		size_t oldcap = b->acap, k;

		b->acap = b->acap ? b->acap * 2 : 16;
		b->anchors = xcalloc(b->acap, sizeof *b->anchors);
		b->an = 0;
		for (k = 0; k < oldcap; k++)
			if (old[k].name)
				anchor_put(b, old[k].name, old[k].node);
		free(old);
	}
	for (i = hash_str(name) & (b->acap - 1); b->anchors[i].name;
	    i = (i + 1) & (b->acap - 1)) {
		if (strcmp(b->anchors[i].name, name) == 0) {
			b->anchors[i].node = node;	/* redefinition wins */
			return;
		}
	}
	b->anchors[i].name = name;
	b->anchors[i].node = node;
	b->an++;
}

static struct ynode *
anchor_get(struct builder *b, const char *name)
{
	size_t i;

	if (b->acap == 0)
		return NULL;
	for (i = hash_str(name) & (b->acap - 1); b->anchors[i].name;
	    i = (i + 1) & (b->acap - 1))
		if (strcmp(b->anchors[i].name, name) == 0)
			return b->anchors[i].node;
	return NULL;
}

static size_t
add_weight(size_t x, size_t y)
{
	return x > SIZE_MAX - y ? SIZE_MAX : x + y;
}

static void
push_value(struct builder *b, struct ynode *n)
{
	if (b->sn == b->scap) {
		b->scap = b->scap ? b->scap * 2 : 64;
		b->stack = xreallocarray(b->stack, b->scap, sizeof *b->stack);
	}
	b->stack[b->sn++] = n;
}

static struct ynode *
node_new(struct builder *b, enum ynode_kind kind, yaml_mark_t m, yaml_char_t *tag)
{
	struct ynode *n = arena_alloc(b->a, sizeof *n);

	n->kind = kind;
	n->pos = mark_pos(m);
	n->weight = 1;
	if (tag)
		n->tag = arena_strdup(b->a, (const char *)tag);
	return n;
}

static void
error_at(struct builder *b, struct gh_pos pos, const char *fmt, const char *arg)
{
	diag_add(b->d, DIAG_ERROR, b->file, pos, fmt, arg);
	b->failed = 1;
	b->fatal = 1;
}

/* A problem that leaves the tree usable (bad or duplicate keys). */
static void
soft_error_at(struct builder *b, struct gh_pos pos, const char *msg)
{
	diag_add(b->d, DIAG_ERROR, b->file, pos, "%s", msg);
	b->failed = 1;
}

/* Record an anchor, then hand the finished node to its parent. */
static void
finish_node(struct builder *b, struct ynode *n, const char *anchor)
{
	if (anchor)
		anchor_put(b, anchor, n);
	push_value(b, n);
}

static int
key_cmp(const void *x, const void *y)
{
	const struct ynode *a = *(struct ynode *const *)x, *c = *(struct ynode *const *)y;
	size_t n = a->len < c->len ? a->len : c->len;
	int r = memcmp(a->str, c->str, n);

	if (r == 0 && a->len != c->len)
		r = a->len < c->len ? -1 : 1;
	if (r == 0)	/* equal keys: order by position so we report the later one */
		r = a->pos.line != c->pos.line ? (a->pos.line < c->pos.line ? -1 : 1) :
		    (a->pos.col < c->pos.col ? -1 : a->pos.col > c->pos.col);
	return r;
}

/* Duplicate keys by sorting a copy: O(n log n) even for huge maps. */
static void
check_map_keys(struct builder *b, struct ynode *map)
{
	struct ynode **keys;
	size_t i, k = 0;

	if (map->n < 2) {
		if (map->n == 1 && map->kids[0]->kind != YN_SCALAR)
			soft_error_at(b, map->kids[0]->pos,
			    _("mapping keys must be scalars, not lists or mappings"));
		return;
	}
	keys = xcalloc(map->n, sizeof *keys);
	for (i = 0; i < map->n; i++) {
		struct ynode *key = map->kids[2 * i];

		if (key->kind != YN_SCALAR)
			soft_error_at(b, key->pos,
			    _("mapping keys must be scalars, not lists or mappings"));
		else
			keys[k++] = key;
	}
	qsort(keys, k, sizeof *keys, key_cmp);
	for (i = 1; i < k; i++) {
		if (keys[i]->len == keys[i - 1]->len &&
		    memcmp(keys[i]->str, keys[i - 1]->str, keys[i]->len) == 0) {
			diag_add(b->d, DIAG_ERROR, b->file, keys[i]->pos,
			    _("duplicate key '%s' (first defined at line %d, column %d)"),
			    keys[i]->str, keys[i - 1]->pos.line, keys[i - 1]->pos.col);
			b->failed = 1;
		}
	}
	free(keys);
}

static int
open_container(struct builder *b, enum ynode_kind kind, yaml_event_t *ev,
    yaml_char_t *anchor, yaml_char_t *tag)
{
	struct frame *f;

	if ((int)b->fn >= b->lim->max_depth) {
		diag_add(b->d, DIAG_ERROR, b->file, mark_pos(ev->start_mark),
		    _("nesting deeper than %d levels"), b->lim->max_depth);
		b->failed = b->fatal = 1;
		return -1;
	}
	if (b->fn == b->fcap) {
		b->fcap = b->fcap ? b->fcap * 2 : 16;
		b->frames = xreallocarray(b->frames, b->fcap, sizeof *b->frames);
	}
	f = &b->frames[b->fn++];
	f->node = node_new(b, kind, ev->start_mark, tag);
	f->base = b->sn;
	f->anchor = anchor ? arena_strdup(b->a, (const char *)anchor) : NULL;
	return 0;
}

static int
close_container(struct builder *b)
{
	struct frame *f = &b->frames[--b->fn];
	struct ynode *n = f->node;
	size_t count = b->sn - f->base, i;

	if (count) {
		n->kids = arena_alloc(b->a, count * sizeof *n->kids);
		memcpy(n->kids, b->stack + f->base, count * sizeof *n->kids);
	}
	for (i = 0; i < count; i++)
		n->weight = add_weight(n->weight, n->kids[i]->weight);
	b->sn = f->base;
	n->n = n->kind == YN_MAP ? count / 2 : count;
	if (n->kind == YN_MAP)
		check_map_keys(b, n);
	if (n->weight > b->lim->max_weight) {
		diag_add(b->d, DIAG_ERROR, b->file, n->pos,
		    _("aliases expand to more than %zu nodes (alias bomb?)"),
		    b->lim->max_weight);
		b->failed = b->fatal = 1;
		return -1;
	}
	finish_node(b, n, f->anchor);
	return 0;
}

static int
on_alias(struct builder *b, yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct ynode *target = anchor_get(b, name);
	struct ynode *ref;

	if (target == NULL) {
		error_at(b, mark_pos(ev->start_mark), _("unknown alias '*%s' (no anchor of that name before it)"), name);
		return -1;
	}
	/* A reference node: same content, its own position, full weight. */
	ref = arena_alloc(b->a, sizeof *ref);
	*ref = *target;
	ref->pos = mark_pos(ev->start_mark);
	push_value(b, ref);
	return 0;
}

static void
on_scalar(struct builder *b, yaml_event_t *ev)
{
	struct ynode *n = node_new(b, YN_SCALAR, ev->start_mark, ev->data.scalar.tag);

	n->len = ev->data.scalar.length;
	n->str = arena_strndup(b->a, (const char *)ev->data.scalar.value, n->len);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.plain_implicit;
	n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	finish_node(b, n, ev->data.scalar.anchor ?
	    arena_strdup(b->a, (const char *)ev->data.scalar.anchor) : NULL);
}

static void
syntax_error(struct builder *b, yaml_parser_t *p)
{
	struct gh_pos pos = mark_pos(p->problem_mark);
	const char *problem = p->problem ? p->problem : "unknown problem";

	if (p->error == YAML_MEMORY_ERROR) {
		error_at(b, pos, "%s", _("YAML parser ran out of memory"));
	} else if (p->context) {
		diag_add(b->d, DIAG_ERROR, b->file, pos,
		    _("YAML syntax error: %s (%s at line %d, column %d)"), problem,
		    p->context, (int)p->context_mark.line + 1,
		    (int)p->context_mark.column + 1);
	} else {
		diag_add(b->d, DIAG_ERROR, b->file, pos, _("YAML syntax error: %s"), problem);
	}
	b->failed = b->fatal = 1;
}

/* Handle one event; returns 1 at stream end, 0 to go on, -1 to stop. */
static int
on_event(struct builder *b, yaml_event_t *ev, int *docs)
{
	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 1;
	case YAML_DOCUMENT_START_EVENT:
		if (++*docs > 1) {
			error_at(b, mark_pos(ev->start_mark), "%s",
			    _("only one YAML document per file (found a second '---')"));
			return -1;
		}
		return 0;
	case YAML_SCALAR_EVENT:
		on_scalar(b, ev);
		return 0;
	case YAML_ALIAS_EVENT:
		return on_alias(b, ev);
	case YAML_SEQUENCE_START_EVENT:
		return open_container(b, YN_SEQ, ev, ev->data.sequence_start.anchor,
		    ev->data.sequence_start.tag);
	case YAML_MAPPING_START_EVENT:
		return open_container(b, YN_MAP, ev, ev->data.mapping_start.anchor,
		    ev->data.mapping_start.tag);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return b->fn ? close_container(b) : -1;
	default:
		return 0;
	}
}

int
ydoc_check_utf8(const char *file, const char *buf, size_t len, struct diags *d)
{
	const unsigned char *s = (const unsigned char *)buf;
	struct gh_pos pos = { 1, 1 };
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t need;
		unsigned cp, min;

		if (c == 0) {
			diag_add(d, DIAG_ERROR, file, pos, "%s", _("NUL byte in file"));
			return -1;
		}
		if (c < 0x80) {
			if (c == '\n') {
				pos.line++;
				pos.col = 1;
			} else {
				pos.col++;
			}
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0)
			need = 1, cp = c & 0x1f, min = 0x80;
		else if ((c & 0xf0) == 0xe0)
			need = 2, cp = c & 0x0f, min = 0x800;
		else if ((c & 0xf8) == 0xf0)
			need = 3, cp = c & 0x07, min = 0x10000;
		else
			goto bad;
		for (size_t k = 1; k <= need; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto bad;
		i += need + 1;
		pos.col++;
	}
	return 0;
bad:
	diag_add(d, DIAG_ERROR, file, pos,
	    _("invalid UTF-8 (byte 0x%02x at offset %zu); files must be UTF-8"),
	    s[i], i);
	return -1;
}

int
ydoc_parse(struct arena *a, const char *file, const char *buf, size_t len,
    const struct ydoc_limits *lim, struct ynode **root, struct diags *d)
{
	struct ydoc_limits deflim;
	struct builder b = { 0 };
	yaml_parser_t parser;
	yaml_event_t ev;
	int docs = 0, r = 0;

	*root = NULL;
	if (lim == NULL) {
		ydoc_default_limits(&deflim);
		lim = &deflim;
	}
	if (len > lim->max_bytes) {
		struct gh_pos p0 = { 0, 0 };

		diag_add(d, DIAG_ERROR, file, p0,
		    _("file is %zu bytes, more than the limit of %zu"), len, lim->max_bytes);
		return -1;
	}
	if (ydoc_check_utf8(file, buf, len, d) < 0)
		return -1;
	b.a = a;
	b.file = file;
	b.d = d;
	b.lim = lim;
	if (!yaml_parser_initialize(&parser)) {
		struct gh_pos p0 = { 0, 0 };

		diag_add(d, DIAG_ERROR, file, p0, "%s", _("cannot initialise the YAML parser"));
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&b, &parser);
			break;
		}
		r = on_event(&b, &ev, &docs);
		yaml_event_delete(&ev);
		if (r != 0)
			break;
	}
	yaml_parser_delete(&parser);
	if (!b.fatal && b.sn == 1)
		*root = b.stack[0];
	free(b.stack);
	free(b.frames);
	free(b.anchors);
	return b.failed ? -1 : 0;
}

struct ynode *
ydoc_map_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != YN_MAP)
		return NULL;
	for (i = 0; i < map->n; i++) {
		const struct ynode *k = map->kids[2 * i];

		if (k->kind == YN_SCALAR && strcmp(k->str, key) == 0)
			return map->kids[2 * i + 1];
	}
	return NULL;
}

bool
ydoc_is_null(const struct ynode *n)
{
	if (n == NULL)
		return true;
	if (n->kind != YN_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
	    strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}
