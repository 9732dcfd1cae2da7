/* ydoc.c -- libyaml event stream to a positioned node tree.
 *
 * Completed nodes are pushed on one value stack; a container remembers
 * the stack height at its start and takes the slice above it when it
 * ends.  This keeps the builder linear in the input and free of
 * recursion, so deep nesting cannot overflow the C stack.
 */
#include <config.h>

#include <stdint.h>
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
	bool block;		/* block style (else flow) */
	int col;		/* block: 0-based column of its keys or dashes */
	bool flow_root;		/* flow collection right inside block context */
	int need;		/* flow_root: spaces its further lines need */
	size_t line;		/* flow_root: 0-based line it starts on */
};

/* The input text, for the checks libyaml leaves out (see below). */
struct text {
	const unsigned char *s;
	size_t len;
	uint32_t *lines;	/* byte offset of each line's start, built lazily */
	size_t nlines;
	size_t cline, ccol, coff;	/* last position looked up */
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
	struct text txt;
	struct gh_pos end;	/* just after the last character */
	size_t aliases;		/* alias events seen */
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

static size_t utf8_walk(const unsigned char *s, size_t len, size_t stop,
    struct gh_pos *pos, int *why);

/* A libyaml mark as a 1-based position.  At the end of a file without a
 * final line break libyaml counts one line more than there is: such
 * marks become the end of the last line. */
static struct gh_pos
mark_pos(const struct builder *b, yaml_mark_t m)
{
	struct gh_pos p = { (int)m.line + 1, (int)m.column + 1 };

	if (p.line > b->end.line)
		p = b->end;
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
	n->pos = mark_pos(b, m);
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

/* ---- checks libyaml leaves out -------------------------------------------
 *
 * libyaml accepts a few inputs that YAML forbids; gatehouse reports them so
 * that no invalid file loads silently:
 *   - further lines of a quoted scalar or flow collection in block context
 *     indented no deeper than the enclosing block collection;
 *   - a comment glued to a quoted scalar, a flow collection's end or a
 *     block scalar header ("value"# ..., >#...);
 *   - leading empty lines of a block scalar with more spaces than its
 *     first non-empty line.
 * Positions map to bytes through a lazily built line table and a cursor,
 * so the checks stay linear in the input as events arrive in order. */

static size_t
utf8_width(unsigned char c)
{
	return c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
}

/* Length of the line break at offset i, 0 if none. */
static size_t
break_len(const struct text *t, size_t i)
{
	const unsigned char *s = t->s;

	if (i >= t->len)
		return 0;
	if (s[i] == '\n')
		return 1;
	if (s[i] == '\r')
		return i + 1 < t->len && s[i + 1] == '\n' ? 2 : 1;
	if (s[i] == 0xc2 && i + 1 < t->len && s[i + 1] == 0x85)
		return 2;
	if (s[i] == 0xe2 && i + 2 < t->len && s[i + 1] == 0x80 &&
	    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))
		return 3;
	return 0;
}

static void
text_index(struct text *t)
{
	size_t i = 0, cap = 64, k;

	if (t->lines)
		return;
	t->lines = xreallocarray(NULL, cap, sizeof *t->lines);
	t->lines[t->nlines++] = 0;
	while (i < t->len) {
		if ((k = break_len(t, i)) == 0) {
			i += utf8_width(t->s[i]);
			continue;
		}
		i += k;
		if (t->nlines == cap) {
			cap *= 2;
			t->lines = xreallocarray(t->lines, cap, sizeof *t->lines);
		}
		t->lines[t->nlines++] = (uint32_t)i;
	}
}

/* Byte offset of the character at 0-based line and column; the end of
 * the line (a break or the end of input) when the line is shorter. */
static size_t
text_off(struct text *t, size_t line, size_t col)
{
	size_t off, c;

	text_index(t);
	if (line >= t->nlines)
		return t->len;
	if (line == t->cline && col >= t->ccol && t->lines) {
		off = t->coff;
		c = t->ccol;
	} else {
		off = t->lines[line];
		c = 0;
	}
	while (c < col && off < t->len && break_len(t, off) == 0) {
		off += utf8_width(t->s[off]);
		c++;
	}
	t->cline = line;
	t->ccol = c;
	t->coff = off;
	return off;
}

static int
text_char(struct text *t, size_t line, size_t col)
{
	size_t off = text_off(t, line, col);

	return off < t->len ? t->s[off] : -1;
}

/* Spaces before the first other character of line; *blank when the line
 * holds only spaces and tabs, *hash when its first such character is '#'. */
static size_t
line_indent(struct text *t, size_t line, bool *blank, bool *hash)
{
	size_t off = t->lines[line], sp = 0;

	while (off < t->len && t->s[off] == ' ') {
		off++;
		sp++;
	}
	while (off < t->len && t->s[off] == '\t')
		off++;
	*blank = off >= t->len || break_len(t, off) > 0;
	*hash = off < t->len && t->s[off] == '#';
	return sp;
}

/* Innermost block collection's column, -1 at the top level; NULL *flow
 * when directly inside block context (or at the top). */
static int
block_col(const struct builder *b, bool *in_flow)
{
	size_t i = b->fn;

	*in_flow = b->fn > 0 && !b->frames[b->fn - 1].block;
	while (i > 0) {
		i--;
		if (b->frames[i].block)
			return b->frames[i].col;
	}
	return -1;
}

/* Lines first+1 .. last (0-based) of a flow node must start with need
 * spaces; blank lines (and comment lines in flow collections) are free. */
static void
check_flow_lines(struct builder *b, size_t first, size_t last, int need,
    bool comments)
{
	size_t line, sp;
	bool blank, hash;

	if (need <= 0 || last <= first)
		return;
	text_index(&b->txt);
	for (line = first + 1; line <= last && line < b->txt.nlines; line++) {
		sp = line_indent(&b->txt, line, &blank, &hash);
		if (blank || (comments && hash) || sp >= (size_t)need)
			continue;
		diag_add(b->d, DIAG_ERROR, b->file,
		    (struct gh_pos){ (int)line + 1, (int)sp + 1 },
		    ngettext("YAML syntax error: this line continues a value and must be indented by at least %d space",
		    "YAML syntax error: this line continues a value and must be indented by at least %d spaces",
		    (unsigned long)need), need);
		b->failed = 1;
		return;
	}
}

/* A '#' right after a token is not a comment in YAML. */
static void
check_glued_comment(struct builder *b, yaml_mark_t at)
{
	if (text_char(&b->txt, at.line, at.column) != '#')
		return;
	soft_error_at(b, mark_pos(b, at),
	    _("YAML syntax error: a comment needs a space before '#'"));
}

/* Header of a block scalar ("|", ">-", "|2+" ...) and its leading empty
 * lines. */
static void
check_block_scalar(struct builder *b, yaml_event_t *ev)
{
	struct text *t = &b->txt;
	size_t line = ev->start_mark.line, col = ev->start_mark.column, k, sp, max = 0;
	bool explicit_indent = false, blank, hash;
	int c, parent;

	/* skip the properties (&anchor, !tag) in front of the indicator */
	for (;;) {
		c = text_char(t, line, col);
		if (c == -1 || break_len(t, text_off(t, line, col)) > 0) {
			if (++line >= t->nlines)
				return;
			col = 0;
		} else if (c == '&' || c == '!') {
			while ((c = text_char(t, line, col)) > ' ' &&
			    break_len(t, text_off(t, line, col)) == 0)
				col++;
		} else if (c == ' ' || c == '\t') {
			col++;
		} else {
			break;
		}
	}
	if (c != '|' && c != '>')
		return;
	col++;
	for (k = 0; k < 2; k++) {
		c = text_char(t, line, col);
		if (c >= '1' && c <= '9')
			explicit_indent = true;
		else if (c != '+' && c != '-')
			break;
		col++;
	}
	if (text_char(t, line, col) == '#') {
		soft_error_at(b, (struct gh_pos){ (int)line + 1, (int)col + 1 },
		    _("YAML syntax error: a comment needs a space before '#'"));
		return;
	}
	if (explicit_indent)
		return;
	parent = block_col(b, &blank);
	for (line++; line < t->nlines; line++) {
		sp = line_indent(t, line, &blank, &hash);
		if (!blank)
			break;
		if (sp > max)
			max = sp;
	}
	if (line < t->nlines && (int)sp > parent && sp < max)
		soft_error_at(b, (struct gh_pos){ (int)line + 1, (int)sp + 1 },
		    _("YAML syntax error: the empty lines at the start of a block scalar are indented more than its first line"));
}

/* Called for every scalar event before it becomes a node. */
static void
check_scalar(struct builder *b, yaml_event_t *ev)
{
	yaml_scalar_style_t st = ev->data.scalar.style;
	bool in_flow;
	int col;

	if (st == YAML_LITERAL_SCALAR_STYLE || st == YAML_FOLDED_SCALAR_STYLE) {
		text_index(&b->txt);
		check_block_scalar(b, ev);
		return;
	}
	if (st != YAML_SINGLE_QUOTED_SCALAR_STYLE && st != YAML_DOUBLE_QUOTED_SCALAR_STYLE)
		return;
	check_glued_comment(b, ev->end_mark);
	col = block_col(b, &in_flow);
	if (!in_flow)
		check_flow_lines(b, ev->start_mark.line, ev->end_mark.line, col + 1, false);
}

static int
open_container(struct builder *b, enum ynode_kind kind, yaml_event_t *ev,
    yaml_char_t *anchor, yaml_char_t *tag)
{
	struct frame *f;

	if ((int)b->fn >= b->lim->max_depth) {
		diag_add(b->d, DIAG_ERROR, b->file, mark_pos(b, ev->start_mark),
		    _("nesting deeper than %d levels"), b->lim->max_depth);
		b->failed = b->fatal = 1;
		return -1;
	}
	if (b->fn == b->fcap) {
		b->fcap = b->fcap ? b->fcap * 2 : 16;
		b->frames = xreallocarray(b->frames, b->fcap, sizeof *b->frames);
	}
	f = &b->frames[b->fn];
	f->block = kind == YN_SEQ ?
	    ev->data.sequence_start.style == YAML_BLOCK_SEQUENCE_STYLE :
	    ev->data.mapping_start.style == YAML_BLOCK_MAPPING_STYLE;
	f->flow_root = false;
	f->need = 0;
	f->line = ev->start_mark.line;
	if (f->block) {
		/* The event ends at the first key or dash, after any properties;
		 * an indentless sequence's ends just after its dash. */
		f->col = (int)ev->end_mark.column;
		if (kind == YN_SEQ && f->col > 0 &&
		    text_char(&b->txt, ev->end_mark.line, ev->end_mark.column) != '-')
			f->col--;
	} else {
		bool in_flow;
		int col = block_col(b, &in_flow);

		f->col = col;
		f->flow_root = !in_flow;
		f->need = col + 1;
	}
	b->fn++;
	f->node = node_new(b, kind, ev->start_mark, tag);
	f->base = b->sn;
	f->anchor = anchor ? arena_strdup(b->a, (const char *)anchor) : NULL;
	return 0;
}

static int
close_container(struct builder *b, yaml_event_t *ev)
{
	struct frame *f = &b->frames[--b->fn];
	struct ynode *n = f->node;
	size_t count = b->sn - f->base, i;

	if (!f->block) {
		check_glued_comment(b, ev->end_mark);
		if (f->flow_root)
			check_flow_lines(b, f->line, ev->start_mark.line, f->need, true);
	}

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
		if (b->aliases)
			diag_add(b->d, DIAG_ERROR, b->file, n->pos,
			    _("aliases expand to more than %zu nodes (alias bomb?)"),
			    b->lim->max_weight);
		else
			diag_add(b->d, DIAG_ERROR, b->file, n->pos,
			    _("more than %zu values, keys and collections in one file"),
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

	b->aliases++;
	if (target == NULL) {
		error_at(b, mark_pos(b, ev->start_mark), _("unknown alias '*%s' (no anchor of that name before it)"), name);
		return -1;
	}
	/* A reference node: same content, its own position, full weight. */
	ref = arena_alloc(b->a, sizeof *ref);
	*ref = *target;
	ref->pos = mark_pos(b, ev->start_mark);
	push_value(b, ref);
	return 0;
}

static void keep_block_lines(struct builder *b, struct ynode *n, const yaml_event_t *ev);

static void
on_scalar(struct builder *b, yaml_event_t *ev)
{
	struct ynode *n;

	check_scalar(b, ev);
	n = node_new(b, YN_SCALAR, ev->start_mark, ev->data.scalar.tag);

	n->len = ev->data.scalar.length;
	n->str = arena_strndup(b->a, (const char *)ev->data.scalar.value, n->len);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ev->data.scalar.plain_implicit;
	n->quoted = ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	if (ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
	    ev->data.scalar.style == YAML_FOLDED_SCALAR_STYLE)
		keep_block_lines(b, n, ev);
	finish_node(b, n, ev->data.scalar.anchor ?
	    arena_strdup(b->a, (const char *)ev->data.scalar.anchor) : NULL);
}

/* Keep a block scalar's lines as written, so that a position inside its
 * value (an expression error, say) can be mapped back to the file. */
static void
keep_block_lines(struct builder *b, struct ynode *n, const yaml_event_t *ev)
{
	size_t first = ev->start_mark.line + 1, last = ev->end_mark.line, from, to;

	n->block = ev->data.scalar.style == YAML_LITERAL_SCALAR_STYLE ? '|' : '>';
	text_index(&b->txt);
	if (first >= b->txt.nlines)
		return;
	from = b->txt.lines[first];
	to = ev->end_mark.column > 0 && last + 1 < b->txt.nlines ? b->txt.lines[last + 1] :
	    last < b->txt.nlines ? b->txt.lines[last] : b->txt.len;
	if (to > from)
		n->raw = arena_strndup(b->a, (const char *)b->txt.s + from, to - from);
}

static void
syntax_error(struct builder *b, yaml_parser_t *p, const char *buf, size_t len)
{
	struct gh_pos pos = mark_pos(b, p->problem_mark);
	const char *problem = p->problem ? p->problem : "unknown problem";
	int why;

	/* The reader (control characters ...) sets only a byte offset. */
	if (p->error == YAML_READER_ERROR)
		utf8_walk((const unsigned char *)buf, len, p->problem_offset, &pos, &why);
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
			error_at(b, mark_pos(b, ev->start_mark), "%s",
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
		return b->fn ? close_container(b, ev) : -1;
	default:
		return 0;
	}
}

#define UTF8_BOM "\xef\xbb\xbf"

/* Walk UTF-8 text from offset 0 up to stop (or the first bad byte),
 * keeping pos in step with libyaml's marks: columns count characters,
 * and CR, LF, CRLF, NEL, LS and PS end a line.  A leading byte order mark
 * takes no column.  Returns the offset reached; *why says why it stopped
 * early: 0 at stop, 1 at a NUL byte, 2 at invalid UTF-8. */
static size_t
utf8_walk(const unsigned char *s, size_t len, size_t stop, struct gh_pos *pos,
    int *why)
{
	size_t i = 0;

	pos->line = 1;
	pos->col = 1;
	*why = 0;
	if (len >= 3 && memcmp(s, UTF8_BOM, 3) == 0 && stop >= 3)
		i = 3;
	while (i < len && i < stop) {
		unsigned c = s[i];
		size_t need;
		unsigned cp, min;

		if (c == 0) {
			*why = 1;
			return i;
		}
		if (c < 0x80) {
			if (c == '\n' || (c == '\r' && (i + 1 >= len || s[i + 1] != '\n'))) {
				pos->line++;
				pos->col = 1;
			} else if (c != '\r') {
				pos->col++;
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
		if (cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
			pos->line++;
			pos->col = 1;
		} else {
			pos->col++;
		}
	}
	return i;
bad:
	*why = 2;
	return i;
}

/* ydoc_check_utf8, also giving the position just after the last
 * character. */
static int
check_utf8_end(const char *file, const char *buf, size_t len, struct diags *d,
    struct gh_pos *end)
{
	const unsigned char *s = (const unsigned char *)buf;
	struct gh_pos pos;
	int why;
	size_t i = utf8_walk(s, len, len, &pos, &why);

	*end = pos;

	if (why == 1) {
		diag_add(d, DIAG_ERROR, file, pos, "%s", _("NUL byte in file"));
		return -1;
	}
	if (why == 2) {
		diag_add(d, DIAG_ERROR, file, pos,
		    _("invalid UTF-8 (byte 0x%02x at offset %zu); files must be UTF-8"),
		    s[i], i);
		return -1;
	}
	return 0;
}

int
ydoc_check_utf8(const char *file, const char *buf, size_t len, struct diags *d)
{
	struct gh_pos end;

	return check_utf8_end(file, buf, len, d, &end);
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
	if (check_utf8_end(file, buf, len, d, &b.end) < 0)
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
	/* libyaml keeps a byte order mark when the encoding is given and then
	 * reads the first line one column to the right: drop it here. */
	if (len >= 3 && memcmp(buf, UTF8_BOM, 3) == 0) {
		buf += 3;
		len -= 3;
	}
	b.txt.s = (const unsigned char *)buf;
	b.txt.len = len;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
	for (;;) {
		if (!yaml_parser_parse(&parser, &ev)) {
			syntax_error(&b, &parser, buf, len);
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
	free(b.txt.lines);
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
