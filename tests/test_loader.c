/* test_loader.c -- the YAML loader: every class of problem it reports,
 * at its exact line and column, and the structs it builds from valid
 * files.  Single files go through repo_parse_file(); whole repositories
 * through repo_load_source() over an in-memory source (testutil.h). */
#include <config.h>

#include "testutil.h"

/* ---- helpers ------------------------------------------------------------- */

/* Replace lines first..first+count-1 (1-based) of base by text (which may
 * hold several lines, or none when ""); the result lives in t's arena. */
static const char *
edit(struct tu *t, const char *base, int first, int count, const char *text)
{
	struct buf b = BUF_INIT;
	const char *p = base, *nl;
	char *out;
	int line = 1;

	while (*p) {
		nl = strchr(p, '\n');
		nl = nl ? nl + 1 : p + strlen(p);
		if (line == first)
			buf_puts(&b, text);
		if (line < first || line >= first + count)
			buf_add(&b, p, (size_t)(nl - p));
		p = nl;
		line++;
	}
	if (first >= line)
		buf_puts(&b, text);
	out = arena_strdup(&t->a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

static const char *
min_text(int k)
{
	return tu_min_repo()[k].data;
}

/* The valid request of testutil.h, line by line:
 *  1 id: PKT-1
 *  2 title: Upgrade billing to 17
 *  3 kind: major-upgrade
 *  4 submitted: 2026-01-05
 *  5 requester:
 *  6   name: Bob
 *  7 engine:
 *  8   kind: postgresql
 *  9   current: 16
 * 10   target: 17
 * 11 services:
 * 12   - name: billing
 * 13     tier: 1
 * 14 strategy: blue-green
 * 15 window:
 * 16   start: 2026-02-01T02:00:00Z
 * 17   end: 2026-02-01T06:00:00Z
 * 18 rollback:
 * 19   mechanism: blue-green-switchback
 * 20 rationale: the version goes out of support
 */
#define REQ min_text(TU_REQUEST)

static void *
req_edit(struct tu *t, int first, int count, const char *text)
{
	return tu_parse(t, &gh_request_schema, edit(t, REQ, first, count, text));
}

/* The valid review:
 *  1 kind: comment
 *  2 author:
 *  3   name: Alice
 *  4 at: 2026-01-06T10:00:00Z
 *  5 body: Looks fine.
 */
#define REVIEW min_text(TU_REVIEW)

/* ---- repositories in memory ----------------------------------------------- */

#define LT_MAX 32

struct lt {
	struct tu t;
	struct gh_repo *r;
	struct tu_file files[LT_MAX];
	size_t n;
	struct tu_memsrc mem;
	struct repo_source src;
};

static int
lt_setup(void **state)
{
	struct lt *l = calloc(1, sizeof *l);

	if (l == NULL)
		return -1;
	tu_init(&l->t);
	memcpy(l->files, tu_min_repo(), TU_NFILES * sizeof *l->files);
	l->n = TU_NFILES;
	*state = l;
	return 0;
}

static int
lt_teardown(void **state)
{
	struct lt *l = *state;

	repo_free(l->r);
	tu_fini(&l->t);
	free(l);
	return 0;
}

/* Set (replace or add) a file; data NULL removes it. */
static void
lt_set(struct lt *l, const char *path, const char *data)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->files[i].path, path) == 0)
			break;
	if (data == NULL) {
		if (i < l->n)
			l->files[i] = l->files[--l->n];
		return;
	}
	assert_true(i < LT_MAX);
	if (i == l->n)
		l->n++;
	l->files[i].path = path;
	l->files[i].data = data;
	l->files[i].len = (size_t)-1;
}

static struct gh_repo *
lt_load(struct lt *l, const char *label)
{
	tu_memsrc_init(&l->src, &l->mem, l->files, l->n);
	repo_free(l->r);
	l->r = repo_load_source(label, &l->src, &l->t.d);
	assert_non_null(l->r);
	return l->r;
}

/* ====================================================================== */
/* YAML-level problems (ydoc.c)                                            */
/* ====================================================================== */

static void
test_yaml_syntax_error(void **state)
{
	struct tu *t = *state;

	/* a second ':' on one line: libyaml points at it */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: x: y\n"));
	TU_ERROR_AT(&t->d, "YAML syntax error: mapping values are not allowed", 2, 8);
	TU_ERRORS(&t->d, 1);
}

static void
test_yaml_syntax_error_context(void **state)
{
	struct tu *t = *state;

	/* an unclosed flow sequence: the error names where it was opened */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: [a, b\nx: 1\n"));
	TU_ERROR_AT(&t->d, "(while parsing a flow sequence at line 2, column 7)", 3, 2);
	TU_ERRORS(&t->d, 1);
}

static void
test_yaml_error_at_end_of_file(void **state)
{
	struct tu *t = *state;

	/* libyaml puts an error at the end of a file without a final line
	 * break on the line after the last; it is reported at the end of the
	 * last line instead */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: [\xc3\xa9"));
	TU_ERROR_AT(&t->d, "did not find expected ',' or ']'", 2, 9);
	tu_fini(t);
	tu_init(t);
	/* with the line break, the empty last line is a real line */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: [a\n"));
	TU_ERROR_AT(&t->d, "did not find expected ',' or ']'", 3, 1);
}

static void
test_yaml_tab_indent(void **state)
{
	struct tu *t = *state;

	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname:\n\t- x\n"));
	TU_ERROR_AT(&t->d, "YAML syntax error", 3, 1);
}

static void
test_yaml_reader_error_position(void **state)
{
	struct tu *t = *state;

	/* libyaml gives only a byte offset for control characters */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: a\001b\n"));
	TU_ERROR_AT(&t->d, "control characters are not allowed", 2, 8);
	tu_fini(t);
	tu_init(t);
	/* columns count characters, not bytes */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: \xc3\xa9\xc3\xa9\x7f\n"));
	TU_ERROR_AT(&t->d, "control characters are not allowed", 2, 9);
}

static void
test_duplicate_key(void **state)
{
	struct tu *t = *state;

	/* the tree is kept, so the rest of the file is still checked */
	assert_non_null(tu_parse(t, &gh_request_schema, edit(t, REQ, 20, 1,
	    "rationale: because\nrationale: twice\n")));
	TU_ERROR_AT(&t->d, "duplicate key 'rationale' (first defined at line 20, column 1)",
	    21, 1);
	TU_ERRORS(&t->d, 1);
}

static void
test_duplicate_key_nested_and_flow(void **state)
{
	struct tu *t = *state;

	/* three times in a nested map: each reported against the one before */
	tu_parse(t, &gh_request_schema, edit(t, REQ, 5, 2,
	    "requester:\n  name: Bob\n  team: a\n  name: Rob\n  name: Ron\n"));
	TU_ERROR_AT(&t->d, "duplicate key 'name' (first defined at line 6, column 3)", 8, 3);
	TU_ERROR_AT(&t->d, "duplicate key 'name' (first defined at line 8, column 3)", 9, 3);
	TU_ERRORS(&t->d, 2);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_request_schema, edit(t, REQ, 5, 2, "requester: {name: Bob, name: Rob}\n"));
	TU_ERROR_AT(&t->d, "duplicate key 'name' (first defined at line 5, column 13)", 5, 24);
}

static void
test_non_scalar_key(void **state)
{
	struct tu *t = *state;

	assert_non_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: x\n[a, b]: 1\n"));
	TU_ERROR_AT(&t->d, "mapping keys must be scalars", 3, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_settings_schema, "? {a: 1}\n: x\n");
	TU_ERROR_AT(&t->d, "mapping keys must be scalars", 1, 3);
}

static void
test_invalid_utf8(void **state)
{
	struct tu *t = *state;

	/* a lead byte without its continuation */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: caf\xc3\n"));
	TU_ERROR_AT(&t->d, "invalid UTF-8 (byte 0xc3 at offset 19)", 2, 10);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* a stray byte after a valid two-byte character (one column) */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: \xc3\xa9\xff\n"));
	TU_ERROR_AT(&t->d, "invalid UTF-8 (byte 0xff at offset 18)", 2, 8);
}

static void
test_invalid_utf8_forms(void **state)
{
	static const char *const bad[] = {
		"name: \xc0\x80\n",		/* overlong NUL */
		"name: \xe0\x80\xaf\n",		/* overlong '/' */
		"name: \xed\xa0\x80\n",		/* UTF-16 surrogate */
		"name: \xf4\x90\x80\x80\n",	/* beyond U+10FFFF */
		"name: \xf8\x88\x80\x80\x80\n",	/* five-byte form */
		"name: \x80\n",			/* lone continuation byte */
		"name: \xe2\x82",		/* cut off by the end of the file */
	};
	struct tu *t = *state;
	size_t i;

	for (i = 0; i < GH_ARRAY_SIZE(bad); i++) {
		tu_fini(t);
		tu_init(t);
		assert_null(tu_parse(t, &gh_settings_schema, bad[i]));
		TU_ERROR_AT(&t->d, "invalid UTF-8", 1, 7);
		TU_ERRORS(&t->d, 1);
	}
	/* and the largest valid character is fine */
	tu_fini(t);
	tu_init(t);
	assert_non_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: \xf4\x8f\xbf\xbd\n"));
	TU_CLEAN(&t->d);
}

static void
test_utf8_position_line_breaks(void **state)
{
	struct tu *t = *state;

	/* CR alone ends a line for libyaml, so it does for positions too */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\rname: \xff\r"));
	TU_ERROR_AT(&t->d, "invalid UTF-8", 2, 7);
	tu_fini(t);
	tu_init(t);
	/* CRLF is one break */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\r\nname: \xff\r\n"));
	TU_ERROR_AT(&t->d, "invalid UTF-8", 2, 7);
	tu_fini(t);
	tu_init(t);
	/* NEL (U+0085) too */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\xc2\x85name: \xff\n"));
	TU_ERROR_AT(&t->d, "invalid UTF-8", 2, 7);
}

static void
test_nul_byte(void **state)
{
	static const char text[] = "schema: 1\nna\0me: x\n";
	struct tu *t = *state;

	assert_null(tu_parse_n(t, &gh_settings_schema, text, sizeof text - 1));
	TU_ERROR_AT(&t->d, "NUL byte in file", 2, 3);
	TU_ERRORS(&t->d, 1);
}

static void
test_byte_order_mark(void **state)
{
	struct tu *t = *state;
	struct gh_settings *s;

	/* a UTF-8 BOM is allowed and takes no column */
	s = tu_parse(t, &gh_settings_schema, "\xef\xbb\xbfschema: 1\nname: x\n");
	assert_non_null(s);
	TU_CLEAN(&t->d);
	assert_int_equal(s->schema, 1);
	assert_int_equal(s->o.pos.col, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_settings_schema, "\xef\xbb\xbfschema: one\nname: x\n");
	TU_ERROR_AT(&t->d, "'schema' must be an integer, not 'one'", 1, 9);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_settings_schema, "\xef\xbb\xbfschema: \xff\n");
	TU_ERROR_AT(&t->d, "invalid UTF-8", 1, 9);
}

static void
test_oversize_file(void **state)
{
	struct tu *t = *state;
	size_t len = YDOC_MAX_BYTES + 1;
	char *big = malloc(len);

	assert_non_null(big);
	memset(big, '#', len);	/* a comment: only the size is wrong */
	assert_null(tu_parse_n(t, &gh_settings_schema, big, len));
	free(big);
	/* the whole file is at fault: no line */
	TU_ERROR_AT(&t->d, "file is 4194305 bytes, more than the limit of 4194304", 0, 0);
	TU_ERRORS(&t->d, 1);
}

static void
test_oversize_file_in_repo(void **state)
{
	struct lt *l = *state;
	size_t len = YDOC_MAX_BYTES + 10;
	char *big = malloc(len + 1);

	assert_non_null(big);
	memset(big, '#', len);
	big[len] = '\0';
	lt_set(l, "policy/calendar.yaml", big);
	lt_load(l, ".");
	free(big);
	TU_FILE_ERROR_AT(&l->t.d, "policy/calendar.yaml", "file is 4194314 bytes, more than the limit", 0, 0);
	TU_ERRORS(&l->t.d, 1);
	assert_null(l->r->policy.calendar);
}

/* The classic "billion laughs": nine levels of nine aliases each. */
static const char billion_laughs[] =
	"a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	"b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
	"f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
	"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
	"h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
	"i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n";

static void
test_alias_bomb(void **state)
{
	struct tu *t = *state;

	assert_null(tu_parse(t, &gh_settings_schema, billion_laughs));
	/* weights: a 10, b 91, c 820, d 7381, e 66430, f 597871 > 100000;
	 * f's node starts at its anchor */
	TU_ERROR_AT(&t->d, "aliases expand to more than 100000 nodes (alias bomb?)", 6, 4);
	TU_ERRORS(&t->d, 1);
	/* refused without expanding anything: the arena holds a few dozen
	 * nodes, not 597871 */
	assert_true(t->a.total < 64 * 1024);
}

/* With no limit the weights are still counted, not expanded: a node tree
 * standing for ~4.3e9 nodes costs a few kilobytes. */
static void
test_alias_weight_by_construction(void **state)
{
	struct tu *t = *state;
	struct ydoc_limits lim;
	struct ynode *root;
	size_t w = 10, k;

	ydoc_default_limits(&lim);
	lim.max_weight = SIZE_MAX;
	assert_int_equal(ydoc_parse(&t->a, "t.yaml", billion_laughs, strlen(billion_laughs),
	    &lim, &root, &t->d), 0);
	assert_non_null(root);
	TU_CLEAN(&t->d);
	for (k = 1; k < 9; k++)
		w = 1 + 9 * w;		/* weight of each level */
	/* root map: itself, 9 keys, the 9 levels */
	assert_int_equal(ydoc_map_get(root, "i")->weight, w);
	assert_int_equal(w, 435848050);
	assert_true(t->a.total < 64 * 1024);
	/* an alias is the anchored node, shared */
	assert_ptr_equal(ydoc_map_get(root, "i")->kids[0]->kids,
	    ydoc_map_get(root, "h")->kids);
}

/* The same budget bounds files without aliases, with its own message. */
static void
test_node_limit_without_aliases(void **state)
{
	struct tu *t = *state;
	struct buf b = BUF_INIT;
	int i;

	buf_puts(&b, "schema: 1\nname: x\nd: [");
	for (i = 0; i < 100000; i++)
		buf_puts(&b, "1,");
	buf_puts(&b, "1]\n");
	assert_null(tu_parse(t, &gh_settings_schema, buf_cstr(&b)));
	buf_free(&b);
	TU_ERROR_AT(&t->d, "more than 100000 values, keys and collections in one file", 3, 4);
	TU_ERRORS(&t->d, 1);
	assert_null(tu_find(&t->d, -1, NULL, "alias"));
}

static void
test_alias_in_place(void **state)
{
	struct tu *t = *state;
	struct gh_request *r;

	/* ordinary aliases load like the text they stand for */
	r = tu_parse(t, &gh_request_schema, edit(t, REQ, 5, 2,
	    "requester: &bob\n  name: Bob\nchange_record: {system: jira, id: *x}\n"));
	TU_ERROR_AT(&t->d, "unknown alias '*x' (no anchor of that name before it)", 7, 35);
	assert_null(r);
	tu_fini(t);
	tu_init(t);
	r = tu_parse(t, &gh_request_schema, edit(t, REQ, 2, 1,
	    "title: &t Upgrade\nrationale: *t\n"));
	assert_non_null(r);
	/* now rationale is there twice */
	TU_ERROR_AT(&t->d, "duplicate key 'rationale' (first defined at line 3, column 1)", 21, 1);
	assert_string_equal(r->title, "Upgrade");
}

static void
test_unknown_alias(void **state)
{
	struct tu *t = *state;

	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: *nope\n"));
	TU_ERROR_AT(&t->d, "unknown alias '*nope' (no anchor of that name before it)", 2, 7);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* an anchor cannot be used inside itself */
	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: &n [*n]\n"));
	TU_ERROR_AT(&t->d, "unknown alias '*n'", 2, 11);
}

static void
test_excessive_nesting(void **state)
{
	struct tu *t = *state;
	size_t n = 10000;
	char *deep = malloc(n + 1);
	struct buf b = BUF_INIT;
	int i;

	assert_non_null(deep);
	memset(deep, '[', n);
	deep[n] = '\0';
	assert_null(tu_parse(t, &gh_settings_schema, deep));
	free(deep);
	/* the 65th '[' is one too many */
	TU_ERROR_AT(&t->d, "nesting deeper than 64 levels", 1, 65);
	TU_ERRORS(&t->d, 1);
	/* block mappings count the same way */
	tu_fini(t);
	tu_init(t);
	for (i = 0; i < 100; i++)
		buf_printf(&b, "%*sk:\n", 2 * i, "");
	assert_null(tu_parse(t, &gh_settings_schema, buf_cstr(&b)));
	buf_free(&b);
	TU_ERROR_AT(&t->d, "nesting deeper than 64 levels", 65, 129);
	TU_ERRORS(&t->d, 1);
}

static void
test_nesting_limit_exact(void **state)
{
	struct tu *t = *state;
	struct buf b = BUF_INIT;
	struct ynode *root;
	int i;

	/* 64 levels are fine */
	for (i = 0; i < 64; i++)
		buf_putc(&b, '[');
	for (i = 0; i < 64; i++)
		buf_putc(&b, ']');
	assert_int_equal(ydoc_parse(&t->a, "t.yaml", b.s, b.len, NULL, &root, &t->d), 0);
	assert_non_null(root);
	TU_CLEAN(&t->d);
	buf_free(&b);
}

static void
test_second_document(void **state)
{
	struct tu *t = *state;

	assert_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: x\n---\nschema: 1\n"));
	TU_ERROR_AT(&t->d, "only one YAML document per file (found a second '---')", 3, 1);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* an explicit first document, then an end marker: the next start is
	 * still a second document */
	assert_null(tu_parse(t, &gh_settings_schema, "---\nschema: 1\nname: x\n...\n--- y\n"));
	TU_ERROR_AT(&t->d, "only one YAML document per file", 5, 1);
	tu_fini(t);
	tu_init(t);
	/* an explicit start and end around one document is fine */
	assert_non_null(tu_parse(t, &gh_settings_schema, "---\nschema: 1\nname: x\n...\n"));
	TU_CLEAN(&t->d);
}

static void
test_empty_file(void **state)
{
	static const char *const empties[] = { "", "\n\n", "# just a comment\n", "  \n# c\n" };
	struct tu *t = *state;
	size_t i;

	for (i = 0; i < GH_ARRAY_SIZE(empties); i++) {
		tu_fini(t);
		tu_init(t);
		assert_null(tu_parse(t, &gh_request_schema, empties[i]));
		TU_ERROR_AT(&t->d, "file is empty; expected request", 1, 1);
		TU_ERRORS(&t->d, 1);
	}
}

static void
test_root_not_mapping(void **state)
{
	struct tu *t = *state;

	assert_null(tu_parse(t, &gh_settings_schema, "- schema\n- 1\n"));
	TU_ERROR_AT(&t->d, "gatehouse.yaml must be a mapping, found a list", 1, 1);
	tu_fini(t);
	tu_init(t);
	assert_null(tu_parse(t, &gh_request_schema, "\n  just words\n"));
	TU_ERROR_AT(&t->d, "request must be a mapping, found a scalar", 2, 3);
}

/* ---- libyaml leniencies gatehouse reports itself -------------------------- */

static void
test_flow_continuation_indent(void **state)
{
	struct tu *t = *state;

	/* a flow sequence's further lines must be indented past the key */
	tu_parse(t, &gh_gates_schema, "gates:\n  - id: G\n    evidence: [backup,\n    runbook]\n");
	TU_ERROR_AT(&t->d, "must be indented by at least 5 spaces", 4, 5);
	tu_fini(t);
	tu_init(t);
	/* a quoted scalar's too */
	tu_parse(t, &gh_settings_schema, "schema: 1\nname: \"two\nlines\"\n");
	TU_ERROR_AT(&t->d, "must be indented by at least 1 space", 3, 1);
	tu_fini(t);
	tu_init(t);
	/* tabs do not count as indentation */
	tu_parse(t, &gh_settings_schema, "schema: 1\nname: 'two\n\tlines'\n");
	TU_ERROR_AT(&t->d, "must be indented by at least 1 space", 3, 1);
}

static void
test_flow_continuation_valid(void **state)
{
	struct tu *t = *state;
	struct gh_gates_file *g;

	/* indented continuation lines, blank lines, comment lines in flow
	 * collections, an indentless sequence, properties on the line
	 * before: all valid */
	g = tu_parse(t, &gh_gates_schema,
	    "parameters: !!map\n"
	    "  a: \"one\n"
	    "\n"
	    "   two\"\n"
	    "  b: {x: 1,\n"
	    "# a comment\n"
	    "    y: 2}\n"
	    "gates:\n"
	    "- id: G\n"
	    "  title: 'a\n"
	    "   b'\n"
	    "  outcome: block\n"
	    "  when: &w\n"
	    "    \"x\n"
	    "     y\"\n"
	    "  evidence: [backup, # c\n"
	    "   runbook\n"
	    "   ]\n"
	    "  description: |+\n"
	    "\n"
	    "    text\n");
	assert_non_null(g);
	TU_ERROR_AT(&t->d, "'parameters.b' must be a single value, found a mapping", 5, 6);
	TU_ERRORS(&t->d, 1);
	assert_string_equal(g->gates.v[0].title, "a b");
	assert_string_equal(g->gates.v[0].when.text, "x y");
	assert_int_equal(g->gates.v[0].evidence.n, 2);
	assert_string_equal(g->gates.v[0].description, "\ntext\n");
	assert_string_equal(g->parameters.v[0].src.text, "one\ntwo");
}

static void
test_glued_comment(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_settings_schema, "schema: 1\nname: \"x\"# comment\n");
	TU_ERROR_AT(&t->d, "a comment needs a space before '#'", 2, 10);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_gates_schema, "gates: []# comment\n");
	TU_ERROR_AT(&t->d, "a comment needs a space before '#'", 1, 10);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_settings_schema, "schema: 1\nname: >-# comment\n  x\n");
	TU_ERROR_AT(&t->d, "a comment needs a space before '#'", 2, 9);
	tu_fini(t);
	tu_init(t);
	/* in a plain scalar '#' is just a character */
	assert_non_null(tu_parse(t, &gh_settings_schema, "schema: 1\nname: C# rules #1\n"));
	TU_CLEAN(&t->d);
}

static void
test_block_scalar_leading_lines(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_settings_schema, "schema: 1\nname: x\ndescription: >\n   \n # c\n");
	TU_ERROR_AT(&t->d, "empty lines at the start of a block scalar are indented more", 5, 2);
	tu_fini(t);
	tu_init(t);
	/* fine when the block ends there, or the first line is as deep */
	assert_non_null(tu_parse(t, &gh_settings_schema,
	    "schema: 1\ndescription: >\n   \nname: x\nrestricted: |\n   \n   r\n"));
	TU_CLEAN(&t->d);
}

/* ====================================================================== */
/* Schema problems (schema.c)                                              */
/* ====================================================================== */

static void
test_wrong_type_list_for_scalar(void **state)
{
	struct tu *t = *state;

	req_edit(t, 2, 1, "title: [a, b]\n");
	TU_ERROR_AT(&t->d, "'title' must be a string, found a list", 2, 8);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 4, 1, "submitted:\n  day: 2026-01-05\n");
	TU_ERROR_AT(&t->d, "'submitted' must be a date (YYYY-MM-DD), found a mapping", 5, 3);
}

static void
test_wrong_type_scalar_for_list(void **state)
{
	struct tu *t = *state;

	req_edit(t, 11, 3, "services: billing\n");
	TU_ERROR_AT(&t->d, "'services' must be a list, found a scalar", 11, 11);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 12, 2, "  - billing\n");
	TU_ERROR_AT(&t->d, "each item of 'services' must be a mapping, found a scalar", 12, 5);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 5, 2, "requester: Bob\n");
	TU_ERROR_AT(&t->d, "'requester' must be a mapping, found a scalar", 5, 12);
	tu_fini(t);
	tu_init(t);
	/* items of a list of scalars */
	tu_parse(t, &gh_gates_schema,
	    "gates:\n  - id: G\n    title: T\n    outcome: block\n    when: x\n"
	    "    conditions: [a, [b], c]\n");
	TU_ERROR_AT(&t->d, "'conditions' must be a string, found a list", 6, 21);
	TU_ERRORS(&t->d, 1);
}

static void
test_missing_required(void **state)
{
	struct tu *t = *state;

	req_edit(t, 2, 1, "");
	TU_ERROR_AT(&t->d, "missing required key 'title' in request", 1, 1);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* nested: reported at the mapping that lacks it */
	req_edit(t, 6, 1, "  email: bob@example.com\n");
	TU_ERROR_AT(&t->d, "missing required key 'name' in person", 6, 3);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* present but empty */
	req_edit(t, 2, 1, "title:\n");
	TU_ERROR_AT(&t->d, "'title' must not be empty", 2, 7);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 2, 1, "title: ~\n");
	TU_ERROR_AT(&t->d, "'title' must not be empty", 2, 8);
	tu_fini(t);
	tu_init(t);
	/* a list that must not be empty */
	req_edit(t, 11, 3, "services: []\n");
	TU_ERROR_AT(&t->d, "'services' must have at least one item", 11, 11);
}

static void
test_every_problem_listed(void **state)
{
	struct tu *t = *state;

	/* loading goes on after the first problem */
	tu_parse(t, &gh_request_schema,
	    "id: P1\n"
	    "title: hello\n"
	    "kind: major-upgarde\n"
	    "submitted: 2026-13-01\n"
	    "requester: {name: Bob}\n"
	    "engine: {kind: postgresql, current: \"14.x\", target: 17}\n"
	    "services:\n"
	    "  - {name: checkout, tier: 0, traffic: peak-seasonal, rto: 30m}\n"
	    "  - {name: checkout, tier: 5}\n"
	    "strategy: in-place\n"
	    "window: {start: 2026-11-20T02:00:00Z, end: 2026-11-20T01:00:00Z}\n"
	    "rollback: {mechanism: snapshot-restore, checkpoint: 4x}\n"
	    "rationale: because\n"
	    "rationale: twice\n"
	    "colour: red\n");
	TU_ERROR_AT(&t->d, "unknown value 'major-upgarde' for 'kind' (did you mean 'major-upgrade'?", 3, 7);
	TU_ERROR_AT(&t->d, "invalid date for 'submitted': month out of range 01-12 ('2026-13-01')", 4, 17);
	TU_ERROR_AT(&t->d, "invalid version for 'current'", 6, 41);
	TU_ERROR_AT(&t->d, "service 'checkout' is listed twice", 9, 5);
	TU_ERROR_AT(&t->d, "'tier' must be between 0 and 3, not 5", 9, 28);
	TU_ERROR_AT(&t->d, "the window must end after it starts", 11, 44);
	TU_ERROR_AT(&t->d, "invalid duration for 'checkpoint'", 12, 54);
	TU_ERROR_AT(&t->d, "duplicate key 'rationale' (first defined at line 13, column 1)", 14, 1);
	TU_WARNING_AT(&t->d, "unknown key 'colour' in request", 15, 1);
	TU_ERRORS(&t->d, 8);
	TU_WARNINGS(&t->d, 1);
}

static void
test_unknown_key_suggestion(void **state)
{
	struct tu *t = *state;
	struct gh_request *r;

	r = req_edit(t, 20, 1, "rationale: x\nrationnale: y\n");
	assert_non_null(r);	/* a warning only */
	TU_WARNING_AT(&t->d, "unknown key 'rationnale' in request (did you mean 'rationale'?)", 21, 1);
	TU_ERRORS(&t->d, 0);
	TU_WARNINGS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* nested, and far from every key: no suggestion */
	req_edit(t, 18, 2, "rollback:\n  mechanism: pitr\n  chekpoint: 4h\n  zzzzzzzz: 1\n");
	TU_WARNING_AT(&t->d, "unknown key 'chekpoint' in rollback (did you mean 'checkpoint'?)", 20, 3);
	TU_WARNING_AT(&t->d, "unknown key 'zzzzzzzz' in rollback", 21, 3);
	assert_null(strstr(tu_find(&t->d, DIAG_WARNING, NULL, "zzzzzzzz")->msg, "did you mean"));
	TU_WARNINGS(&t->d, 2);
}

static void
test_invalid_date(void **state)
{
	struct tu *t = *state;

	req_edit(t, 4, 1, "submitted: 2026-02-30\n");
	TU_ERROR_AT(&t->d, "invalid date for 'submitted': day out of range for that month ('2026-02-30')", 4, 20);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* quoted: one more column for the quote */
	req_edit(t, 4, 1, "submitted: \"2026/01/05\"\n");
	TU_ERROR_AT(&t->d, "expected '-' after the year", 4, 17);
	tu_fini(t);
	tu_init(t);
	/* a date field takes no time of day */
	req_edit(t, 4, 1, "submitted: 2026-01-05T10:00:00Z\n");
	TU_ERROR_AT(&t->d, "unexpected text after the date", 4, 22);
}

static void
test_invalid_time(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_review_schema, edit(t, REVIEW, 4, 1, "at: 2026-01-06T10:00\n"));
	TU_ERROR_AT(&t->d, "invalid time for 'at': time needs a zone", 4, 21);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_review_schema, edit(t, REVIEW, 4, 1, "at: 2026-01-06T25:00:00Z\n"));
	TU_ERROR_AT(&t->d, "time of day out of range", 4, 16);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 16, 1, "  start: 2026-02-01 02:00:00+25:00\n");
	TU_ERROR_AT(&t->d, "invalid time for 'start': UTC offset out of range", 16, 29);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* a time that fails to parse is absent: no follow-on window error */
	req_edit(t, 16, 1, "  start: 2026-02-01T10:00:00+25:00\n");
	TU_ERROR_AT(&t->d, "UTC offset out of range", 16, 29);
	TU_ERRORS(&t->d, 1);
}

static void
test_invalid_duration(void **state)
{
	struct tu *t = *state;

	req_edit(t, 19, 1, "  mechanism: pitr\n  checkpoint: 4x\n");
	TU_ERROR_AT(&t->d, "invalid duration for 'checkpoint': unknown duration unit (use s, m, h, d or w) ('4x')", 20, 16);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 19, 1, "  mechanism: pitr\n  checkpoint: 72\n");
	TU_ERROR_AT(&t->d, "duration needs a unit", 20, 17);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 20, 1, "compatibility_window: 'PT4Y'\nrationale: x\n");
	TU_ERROR_AT(&t->d, "invalid duration for 'compatibility_window': unknown or misplaced ISO 8601", 20, 27);
}

static void
test_invalid_version(void **state)
{
	struct tu *t = *state;

	req_edit(t, 9, 1, "  current: 16.x\n");
	TU_ERROR_AT(&t->d, "invalid version for 'current': expected a version like 17, 16.4 or 42.7.4 ('16.x')", 9, 15);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 10, 1, "  target: 17.1-rc1\n");
	TU_ERROR_AT(&t->d, "unexpected character in version", 10, 15);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* a version that fails to parse is absent: no follow-on "older than" */
	req_edit(t, 10, 1, "  target: \"15.x\"\n");
	TU_ERROR_AT(&t->d, "invalid version for 'target'", 10, 15);
	TU_ERRORS(&t->d, 1);
}

static void
test_invalid_size(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_evidence_schema,
	    "title: Rehearsal\n"
	    "type: rehearsal\n"
	    "source: {system: jira, link: 'https://x'}\n"
	    "collected_at: 2026-11-01\n"
	    "sensitivity: internal\n"
	    "data:\n"
	    "  environment: staging\n"
	    "  performed_at: 2026-11-01T10:00:00Z\n"
	    "  wal_growth: 42XB\n"
	    "  result: pass\n");
	TU_ERROR_AT(&t->d, "invalid size for 'wal_growth': unknown size unit", 9, 17);
	TU_ERRORS(&t->d, 1);
}

static void
test_unknown_enum(void **state)
{
	struct tu *t = *state;

	req_edit(t, 14, 1, "strategy: blue-gren\n");
	TU_ERROR_AT(&t->d, "unknown value 'blue-gren' for 'strategy' (did you mean 'blue-green'? expected one of: in-place, blue-green, logical-replication, managed-upgrade, rolling, canary, dump-restore)", 14, 11);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* nothing close: the list only */
	req_edit(t, 14, 1, "strategy: yolo\n");
	TU_ERROR_AT(&t->d, "unknown value 'yolo' for 'strategy' (expected one of: in-place,", 14, 11);
	tu_fini(t);
	tu_init(t);
	/* in a list of enums */
	tu_parse(t, &gh_roles_schema, edit(t, min_text(TU_ROLES), 4, 1,
	    "    may: [comment, sign-off]\n"));
	TU_ERROR_AT(&t->d, "unknown value 'sign-off' for 'may' (did you mean 'signoff'?", 4, 20);
}

static void
test_integer_out_of_range(void **state)
{
	struct tu *t = *state;

	req_edit(t, 13, 1, "    tier: 4\n");
	TU_ERROR_AT(&t->d, "'tier' must be between 0 and 3, not 4", 13, 11);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 13, 1, "    tier: -1\n");
	TU_ERROR_AT(&t->d, "'tier' must be between 0 and 3, not -1", 13, 11);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 13, 1, "    tier: high\n");
	TU_ERROR_AT(&t->d, "'tier' must be an integer, not 'high'", 13, 11);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 13, 1, "    tier: 99999999999999999999\n");
	TU_ERROR_AT(&t->d, "'tier' must be an integer", 13, 11);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_authority_schema, edit(t, min_text(TU_AUTHORITY), 5, 1, "    level: 101\n"));
	TU_ERROR_AT(&t->d, "'level' must be between 0 and 100, not 101", 5, 12);
}

static void
test_number_and_bool(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_options_schema, edit(t, min_text(TU_OPTIONS), 11, 1,
	    "      customer_impact: high\n"));
	TU_ERROR_AT(&t->d, "'customer_impact' must be a number, not 'high'", 11, 24);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_options_schema, edit(t, min_text(TU_OPTIONS), 11, 1,
	    "      customer_impact: 1.5\n"));
	TU_ERROR_AT(&t->d, "'customer_impact' must be between 0 and 1", 11, 24);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_gates_schema, edit(t, min_text(TU_GATES), 6, 1,
	    "    outcome: block\n    hard: yes\n"));
	TU_ERROR_AT(&t->d, "'hard' must be true or false, not 'yes'", 7, 11);
}

static void
test_invalid_identifier(void **state)
{
	struct tu *t = *state;

	req_edit(t, 1, 1, "id: \"bad id!\"\n");
	TU_ERROR_AT(&t->d, "invalid identifier for 'id': 'bad id!'", 1, 5);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 12, 1, "  - name: -billing\n");
	TU_ERROR_AT(&t->d, "invalid identifier for 'name': '-billing'", 12, 11);
	tu_fini(t);
	tu_init(t);
	/* at most 80 characters */
	req_edit(t, 1, 1, "id: P123456789012345678901234567890123456789012345678901234567890123456789012345678901\n");
	TU_ERROR_AT(&t->d, "invalid identifier for 'id'", 1, 5);
}

static void
test_invalid_link(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_evidence_schema, edit(t, min_text(TU_EVIDENCE), 5, 1,
	    "  link: \"https://example.com/a b\"\n"));
	TU_ERROR_AT(&t->d, "invalid link for 'link': 'https://example.com/a b' (expected https://", 5, 9);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_evidence_schema, edit(t, min_text(TU_EVIDENCE), 5, 1,
	    "  link: 'https://'\n"));
	TU_ERROR_AT(&t->d, "invalid link for 'link'", 5, 9);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_evidence_schema, edit(t, min_text(TU_EVIDENCE), 5, 1,
	    "  link: 'ftp:x'\n"));
	TU_ERROR_AT(&t->d, "invalid link for 'link': 'ftp:x'", 5, 9);
	tu_fini(t);
	tu_init(t);
	/* a path in the repository is a link */
	assert_non_null(tu_parse(t, &gh_evidence_schema, edit(t, min_text(TU_EVIDENCE), 5, 1,
	    "  link: docs/backups.md\n")));
	TU_CLEAN(&t->d);
}

static void
test_variant_data(void **state)
{
	struct tu *t = *state;
	const char *ev = min_text(TU_EVIDENCE);

	/* 8 data:  9   status: healthy */
	tu_parse(t, &gh_evidence_schema, edit(t, ev, 9, 1, "  statsu: healthy\n"));
	TU_WARNING_AT(&t->d, "unknown key 'statsu' in backup data (did you mean 'status'?)", 9, 3);
	TU_ERROR_AT(&t->d, "missing required key 'status' in backup data", 9, 3);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_evidence_schema, edit(t, ev, 8, 3, "data: [1, 2]\n"));
	TU_ERROR_AT(&t->d, "'data' must be a mapping, found a list", 8, 7);
	tu_fini(t);
	tu_init(t);
	/* a link has no data */
	tu_parse(t, &gh_evidence_schema, edit(t, ev, 2, 1, "type: link\n"));
	TU_WARNING_AT(&t->d, "'data' is not used for this type", 8, 1);
	TU_ERRORS(&t->d, 0);
}

/* ====================================================================== */
/* Cross-field rules (model.c)                                             */
/* ====================================================================== */

static void
test_rule_window(void **state)
{
	struct tu *t = *state;

	req_edit(t, 17, 1, "  end: 2026-02-01T01:00:00Z\n");
	TU_ERROR_AT(&t->d, "the window must end after it starts", 17, 8);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 17, 1, "  end: 2026-02-01T04:00:00+02:00\n");	/* = start */
	TU_ERROR_AT(&t->d, "the window must end after it starts", 17, 8);
}

static void
test_rule_rollback(void **state)
{
	struct tu *t = *state;

	req_edit(t, 19, 1, "  mechanism: none\n");
	TU_ERROR_AT(&t->d, "rollback mechanism 'none' needs an explicit 'no_rollback: true' decision", 19, 14);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	req_edit(t, 19, 1, "  mechanism: none\n  no_rollback: true\n");
	TU_ERROR_AT(&t->d, "an explicit no-rollback decision needs a 'mitigation'", 19, 3);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	assert_non_null(req_edit(t, 19, 1,
	    "  mechanism: none\n  no_rollback: true\n  mitigation: forward fix\n"));
	TU_CLEAN(&t->d);
}

static void
test_rule_signoff(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_review_schema, edit(t, REVIEW, 1, 1,
	    "kind: signoff\nstate: concur-with-conditions\n"));
	TU_ERROR_AT(&t->d, "state concur-with-conditions needs at least one entry in 'conditions'", 1, 1);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_review_schema, edit(t, REVIEW, 1, 1, "kind: signoff\nstate: dissent\n"));
	TU_ERROR_AT(&t->d, "a dissent needs a 'reason'", 1, 1);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_review_schema, edit(t, REVIEW, 1, 1, "kind: signoff\n"));
	TU_ERROR_AT(&t->d, "a sign-off needs a 'state'", 1, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_review_schema, edit(t, REVIEW, 5, 1, ""));
	TU_ERROR_AT(&t->d, "a comment needs a 'body'", 1, 1);
}

static void
test_rule_decision(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_review_schema, edit(t, REVIEW, 1, 1, "kind: decision\ndecision: narrow\n"));
	TU_ERROR_AT(&t->d, "decision 'narrow' needs the 'option' it narrows to", 1, 1);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_review_schema, edit(t, REVIEW, 1, 1, "kind: decision\ndecision: escalate\n"));
	TU_ERROR_AT(&t->d, "decision 'escalate' needs the 'authority' it goes to", 1, 1);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_review_schema, edit(t, REVIEW, 1, 1, "kind: decision\n"));
	TU_ERROR_AT(&t->d, "a decision needs a 'decision'", 1, 1);
	tu_fini(t);
	tu_init(t);
	assert_non_null(tu_parse(t, &gh_review_schema, edit(t, REVIEW, 1, 1,
	    "kind: decision\ndecision: narrow\noption: counter-1\n")));
	TU_CLEAN(&t->d);
}

static void
test_rule_conditional_gate(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_gates_schema, edit(t, min_text(TU_GATES), 6, 1, "    outcome: conditional\n"));
	/* 4   - id: G-1 */
	TU_ERROR_AT(&t->d, "gate 'G-1' is conditional but lists no 'conditions'", 4, 5);
	TU_ERRORS(&t->d, 1);
}

static void
test_rule_evidence_data(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_evidence_schema, edit(t, min_text(TU_EVIDENCE), 8, 3, ""));
	TU_ERROR_AT(&t->d, "evidence of type 'backup' needs a 'data' mapping", 1, 1);
	TU_ERRORS(&t->d, 1);
}

static void
test_rule_freeze(void **state)
{
	struct tu *t = *state;

	tu_parse(t, &gh_calendar_schema,
	    "freezes:\n"
	    "  - id: F-1\n"
	    "    name: Holidays\n"
	    "    start: 2026-12-20\n"
	    "    end: 2026-12-01\n");
	TU_ERROR_AT(&t->d, "freeze 'F-1' ends before it starts", 5, 10);
	TU_ERRORS(&t->d, 1);
}

static void
test_rule_duplicate_service(void **state)
{
	struct tu *t = *state;

	req_edit(t, 13, 1, "    tier: 1\n  - name: ledger\n    tier: 2\n  - name: billing\n    tier: 0\n");
	TU_ERROR_AT(&t->d, "service 'billing' is listed twice", 16, 5);
	TU_ERRORS(&t->d, 1);
}

static void
test_rule_versions_and_schema(void **state)
{
	struct tu *t = *state;

	req_edit(t, 10, 1, "  target: 15.4\n");
	TU_ERROR_AT(&t->d, "target version 15.4 is older than the current version 16", 10, 11);
	TU_ERRORS(&t->d, 1);
	tu_fini(t);
	tu_init(t);
	/* an engine migration may go to a lower number */
	assert_non_null(tu_parse(t, &gh_request_schema, edit(t, edit(t, REQ, 10, 1,
	    "  target: 15.4\n"), 3, 1, "kind: engine-migration\n")));
	TU_CLEAN(&t->d);
	tu_fini(t);
	tu_init(t);
	tu_parse(t, &gh_settings_schema, "schema: 2\nname: x\n");
	TU_ERROR_AT(&t->d, "unsupported schema version 2 (this gatehouse reads version 1)", 1, 9);
}

/* ====================================================================== */
/* Valid files: the structs                                                */
/* ====================================================================== */

static void
test_valid_settings(void **state)
{
	struct tu *t = *state;
	struct gh_settings *s;

	s = tu_parse(t, &gh_settings_schema,
	    "schema: 1\n"
	    "name: Platform reviews\n"
	    "description: |\n"
	    "  Database upgrades.\n"
	    "restricted: ../restricted\n");
	assert_non_null(s);
	TU_CLEAN(&t->d);
	assert_int_equal(s->schema, 1);
	assert_string_equal(s->name, "Platform reviews");
	assert_string_equal(s->description, "Database upgrades.\n");
	assert_string_equal(s->restricted, "../restricted");
	assert_string_equal(s->o.file, "t.yaml");
	assert_int_equal(s->o.pos.line, 1);
}

static void
test_valid_gates(void **state)
{
	struct tu *t = *state;
	struct gh_gates_file *g;
	const struct gh_named *p;

	g = tu_parse(t, &gh_gates_schema,
	    "parameters:\n"
	    "  min_soak: 72h\n"
	    "  ratio: 0.25\n"
	    "  enabled: true\n"
	    "  freeze_day: 2026-12-01\n"
	    "  cutoff: 2026-12-01T10:00:00Z\n"
	    "  cap: 42GiB\n"
	    "  label: \"true\"\n"
	    "  word: hello\n"
	    "gates:\n"
	    "  - id: G-SOAK\n"
	    "    title: Soak too short\n"
	    "    description: >\n"
	    "      Folded\n"
	    "      text\n"
	    "    hard: true\n"
	    "    outcome: conditional\n"
	    "    applies: request.kind == \"major-upgrade\"\n"
	    "    when: 'request.soak.planned < policy.min_soak'\n"
	    "    evidence: [rehearsal, backup]\n"
	    "    conditions:\n"
	    "      - Extend the soak\n"
	    "    message: Too short\n"
	    "    rule: NS-PG-008 §7\n"
	    "  - id: G-2\n"
	    "    title: Second\n"
	    "    outcome: block\n"
	    "    when: \"false\"\n");
	assert_non_null(g);
	TU_CLEAN(&t->d);
	assert_int_equal(g->parameters.n, 8);
	p = g->parameters.v;
	assert_string_equal(p[0].name, "min_soak");
	assert_int_equal(p[0].v.t, VT_DUR);
	assert_int_equal(p[0].v.u.dur, 72 * 3600);
	assert_int_equal(p[0].o.pos.line, 2);
	assert_int_equal(p[0].src.pos.col, 13);
	assert_int_equal(p[1].v.t, VT_NUM);
	assert_true(p[1].v.u.n == 0.25);
	assert_int_equal(p[2].v.t, VT_BOOL);
	assert_true(p[2].v.u.b);
	assert_int_equal(p[3].v.t, VT_TIME);
	assert_true(p[3].v.date_only);
	assert_int_equal(p[3].v.u.time, 20788LL * 86400);
	assert_int_equal(p[4].v.t, VT_TIME);
	assert_false(p[4].v.date_only);
	assert_int_equal(p[4].v.u.time, 20788LL * 86400 + 36000);
	assert_int_equal(p[5].v.t, VT_SIZE);
	assert_int_equal(p[5].v.u.size, 42LL << 30);
	assert_int_equal(p[6].v.t, VT_STR);	/* quoted: a string, not a bool */
	assert_string_equal(p[6].v.u.s, "true");
	assert_int_equal(p[6].src.pos.col, 11);	/* inside the quotes */
	assert_int_equal(p[7].v.t, VT_STR);
	assert_int_equal(g->gates.n, 2);
	assert_string_equal(g->gates.v[0].id, "G-SOAK");
	assert_string_equal(g->gates.v[0].description, "Folded text\n");
	assert_true(g->gates.v[0].hard);
	assert_int_equal(g->gates.v[0].outcome, GATE_OUT_CONDITIONAL);
	assert_string_equal(g->gates.v[0].applies.text, "request.kind == \"major-upgrade\"");
	assert_int_equal(g->gates.v[0].applies.pos.line, 18);
	assert_int_equal(g->gates.v[0].applies.pos.col, 14);
	assert_string_equal(g->gates.v[0].when.text, "request.soak.planned < policy.min_soak");
	assert_int_equal(g->gates.v[0].when.pos.line, 19);
	assert_int_equal(g->gates.v[0].when.pos.col, 12);	/* after the quote */
	assert_int_equal(g->gates.v[0].evidence.n, 2);
	assert_int_equal(g->gates.v[0].evidence.v[0], EV_REHEARSAL);
	assert_int_equal(g->gates.v[0].evidence.v[1], EV_BACKUP);
	assert_int_equal(g->gates.v[0].conditions.n, 1);
	assert_string_equal(g->gates.v[0].conditions.v[0], "Extend the soak");
	assert_string_equal(g->gates.v[0].rule, "NS-PG-008 §7");
	/* defaults */
	assert_false(g->gates.v[1].hard);
	assert_int_equal(g->gates.v[1].outcome, GATE_OUT_BLOCK);
	assert_null(g->gates.v[1].applies.text);
	assert_null(g->gates.v[1].description);
	assert_int_equal(g->gates.v[1].evidence.n, 0);
	assert_int_equal(g->gates.v[1].o.pos.line, 25);
	assert_int_equal(g->gates.v[1].o.pos.col, 5);
}

static void
test_valid_options(void **state)
{
	struct tu *t = *state;
	struct gh_options_file *o;
	const struct gh_option *op;

	o = tu_parse(t, &gh_options_schema,
	    "weights:\n"
	    "  customer_impact: 0.4\n"
	    "  rollback_strength: 0.3\n"
	    "  deadline_risk: 0.2\n"
	    "  evidence_completeness: 0.1\n"
	    "options:\n"
	    "  - id: as-scoped\n"
	    "    title: As asked\n"
	    "    kind: as-scoped\n"
	    "    score: {customer_impact: 0.5, rollback_strength: 1, deadline_risk: 0}\n"
	    "  - id: staged\n"
	    "    title: Staged\n"
	    "    kind: counter\n"
	    "    applies: request.strategy == \"in-place\"\n"
	    "    set:\n"
	    "      strategy: '\"blue-green\"'\n"
	    "      soak.planned: 7d\n"
	    "    steps:\n"
	    "      - name: Soak\n"
	    "        duration: 7d\n"
	    "      - name: Cut over\n"
	    "        duration: 1h30m\n"
	    "        production: true\n"
	    "    conditions: [Rehearse first]\n"
	    "    score:\n"
	    "      customer_impact: 0.1\n"
	    "      rollback_strength: 0.9\n"
	    "      deadline_risk: 0.3\n");
	assert_non_null(o);
	TU_CLEAN(&t->d);
	assert_true(o->weights->customer_impact == 0.4);
	assert_true(o->weights->evidence_completeness == 0.1);
	assert_int_equal(o->options.n, 2);
	op = &o->options.v[0];
	assert_int_equal(op->kind, OPT_AS_SCOPED);
	assert_true(op->score->rollback_strength == 1);
	assert_true(op->score->deadline_risk == 0);
	assert_int_equal(op->steps.n, 0);
	op = &o->options.v[1];
	assert_string_equal(op->id, "staged");
	assert_int_equal(op->kind, OPT_COUNTER);
	assert_int_equal(op->set.n, 2);
	assert_string_equal(op->set.v[0].name, "strategy");
	assert_string_equal(op->set.v[0].src.text, "\"blue-green\"");
	assert_int_equal(op->set.v[0].src.pos.line, 16);
	assert_int_equal(op->set.v[0].src.pos.col, 18);
	assert_string_equal(op->set.v[1].name, "soak.planned");
	assert_string_equal(op->set.v[1].src.text, "7d");
	assert_int_equal(op->steps.n, 2);
	assert_string_equal(op->steps.v[0].name, "Soak");
	assert_int_equal(op->steps.v[0].duration, 7 * 86400);
	assert_false(op->steps.v[0].production);
	assert_int_equal(op->steps.v[1].duration, 5400);
	assert_true(op->steps.v[1].production);
	assert_int_equal(op->conditions.n, 1);
	assert_true(op->score->customer_impact == 0.1);
}

static void
test_valid_authority(void **state)
{
	struct tu *t = *state;
	struct gh_authority_file *a;

	a = tu_parse(t, &gh_authority_schema,
	    "delegated: dba-lead\n"
	    "authorities:\n"
	    "  - id: dba-lead\n"
	    "    name: DBA lead\n"
	    "    level: 10\n"
	    "  - id: cab\n"
	    "    name: Change board\n"
	    "    level: 50\n"
	    "    contact: cab@example.com\n"
	    "    limits: Tier 0 changes\n"
	    "routes:\n"
	    "  - id: R-TIER0\n"
	    "    when: request.tier == 0\n"
	    "    authority: cab\n"
	    "    reason: Tier 0 goes to the board\n");
	assert_non_null(a);
	TU_CLEAN(&t->d);
	assert_string_equal(a->delegated, "dba-lead");
	assert_int_equal(a->authorities.n, 2);
	assert_int_equal(a->authorities.v[0].level, 10);
	assert_null(a->authorities.v[0].contact);
	assert_int_equal(a->authorities.v[1].level, 50);
	assert_string_equal(a->authorities.v[1].limits, "Tier 0 changes");
	assert_int_equal(a->routes.n, 1);
	assert_string_equal(a->routes.v[0].authority, "cab");
	assert_string_equal(a->routes.v[0].when.text, "request.tier == 0");
	assert_int_equal(a->routes.v[0].when.pos.line, 13);
	assert_int_equal(a->routes.v[0].when.pos.col, 11);
}

static void
test_valid_calendar(void **state)
{
	struct tu *t = *state;
	struct gh_calendar_file *c;

	c = tu_parse(t, &gh_calendar_schema,
	    "freezes:\n"
	    "  - id: F-HOLIDAY\n"
	    "    name: Holidays\n"
	    "    start: 2026-12-20\n"
	    "    end: 2027-01-02\n"
	    "  - id: F-Q4\n"
	    "    name: Quarter close\n"
	    "    start: 2026-12-28\n"
	    "    end: 2026-12-28\n"
	    "    kind: soft\n"
	    "    services: [billing, ledger]\n"
	    "    reason: books close\n"
	    "releases:\n"
	    "  - {id: REL-1, name: Spring release, date: 2026-03-02}\n"
	    "patch_cycle:\n"
	    "  weekday: tuesday\n"
	    "  week: 2\n"
	    "  window: 02:00-06:00Z\n");
	assert_non_null(c);
	TU_CLEAN(&t->d);
	assert_int_equal(c->freezes.n, 2);
	assert_int_equal(c->freezes.v[0].kind, FREEZE_HARD);	/* the default */
	assert_int_equal(c->freezes.v[0].start, 20807LL * 86400);
	assert_int_equal(c->freezes.v[0].end, 20820LL * 86400);
	assert_int_equal(c->freezes.v[0].services.n, 0);
	assert_int_equal(c->freezes.v[1].kind, FREEZE_SOFT);
	assert_int_equal(c->freezes.v[1].start, c->freezes.v[1].end);	/* one day */
	assert_int_equal(c->freezes.v[1].services.n, 2);
	assert_string_equal(c->freezes.v[1].services.v[1], "ledger");
	assert_int_equal(c->releases.n, 1);
	assert_int_equal(c->releases.v[0].date, 20514LL * 86400);
	assert_int_equal(c->releases.v[0].o.pos.col, 5);
	assert_non_null(c->patch_cycle);
	assert_int_equal(c->patch_cycle->weekday, WD_TUESDAY);
	assert_int_equal(c->patch_cycle->week, 2);
	assert_string_equal(c->patch_cycle->window, "02:00-06:00Z");
}

static void
test_valid_lifecycle(void **state)
{
	struct tu *t = *state;
	struct gh_lifecycle_file *l;

	l = tu_parse(t, &gh_lifecycle_schema,
	    "versions:\n"
	    "  - engine: postgresql\n"
	    "    provider: aws-rds\n"
	    "    version: 13\n"
	    "    released: 2020-09-24\n"
	    "    community_eol: 2025-11-13\n"
	    "    standard_support_end: 2026-02-28\n"
	    "    extended_support_end: 2029-02-28\n"
	    "    confidence: verified\n"
	    "    source: https://docs.aws.amazon.com/x\n"
	    "  - engine: sqlserver\n"
	    "    provider: self-managed\n"
	    "    version: 16.0.4135.4\n"
	    "    approved: true\n");
	assert_non_null(l);
	TU_CLEAN(&t->d);
	assert_int_equal(l->versions.n, 2);
	assert_int_equal(l->versions.v[0].engine, ENGINE_POSTGRESQL);
	assert_int_equal(l->versions.v[0].version.n, 1);
	assert_int_equal(l->versions.v[0].version.part[0], 13);
	assert_int_equal(l->versions.v[0].confidence, CONF_VERIFIED);
	assert_false(l->versions.v[0].approved);
	assert_int_equal(l->versions.v[0].standard_support_end, 20512LL * 86400);
	assert_int_equal(l->versions.v[1].engine, ENGINE_SQLSERVER);
	assert_int_equal(l->versions.v[1].version.n, 4);
	assert_int_equal(l->versions.v[1].version.part[2], 4135);
	assert_string_equal(l->versions.v[1].version.text, "16.0.4135.4");
	assert_int_equal(l->versions.v[1].confidence, CONF_SECONDARY);	/* default */
	assert_true(l->versions.v[1].approved);
	assert_true(l->versions.v[1].released == GH_TIME_NONE);
	assert_null(l->versions.v[1].source);
}

static void
test_valid_roles(void **state)
{
	struct tu *t = *state;
	struct gh_roles_file *r;

	r = tu_parse(t, &gh_roles_schema,
	    "roles:\n"
	    "  - id: dba\n"
	    "    name: DBA\n"
	    "    may: [comment, signoff]\n"
	    "  - id: owner\n"
	    "    name: Service owner\n"
	    "    may: [read, decide]\n"
	    "people:\n"
	    "  - id: alice\n"
	    "    name: Alice\n"
	    "    email: alice@example.com\n"
	    "    roles: [dba, owner]\n"
	    "access:\n"
	    "  - class: incident-history\n"
	    "    readers: [dba]\n"
	    "required_signoffs: [dba]\n");
	assert_non_null(r);
	TU_CLEAN(&t->d);
	assert_int_equal(r->roles.n, 2);
	assert_int_equal(r->roles.v[0].may.n, 2);
	assert_int_equal(r->roles.v[0].may.v[0], PERM_COMMENT);
	assert_int_equal(r->roles.v[0].may.v[1], PERM_SIGNOFF);
	assert_int_equal(r->roles.v[1].may.v[0], PERM_READ);
	assert_int_equal(r->roles.v[1].may.v[1], PERM_DECIDE);
	assert_int_equal(r->people.n, 1);
	assert_int_equal(r->people.v[0].roles.n, 2);
	assert_string_equal(r->people.v[0].roles.v[1], "owner");
	assert_int_equal(r->access.n, 1);
	assert_int_equal(r->access.v[0].sensitivity, SENS_INCIDENT_HISTORY);
	assert_true(model_sensitivity_restricted(r->access.v[0].sensitivity));
	assert_false(model_sensitivity_restricted(SENS_INTERNAL));
	assert_int_equal(r->required_signoffs.n, 1);
}

static void
test_valid_request(void **state)
{
	struct tu *t = *state;
	struct gh_request *r;

	r = tu_parse(t, &gh_request_schema,
	    "id: PKT-2026-001\n"
	    "title: Upgrade orders to PostgreSQL 17\n"
	    "kind: major-upgrade\n"
	    "submitted: 2026-01-05\n"
	    "decide_by: 2026-01-20\n"
	    "requester: {name: Bob, email: bob@example.com, team: orders}\n"
	    "change_record: {system: servicenow, id: CHG0042, url: 'https://sn/CHG0042'}\n"
	    "engine:\n"
	    "  kind: postgresql\n"
	    "  provider: aws-rds\n"
	    "  current: 13.14\n"
	    "  target: v17.2\n"
	    "services:\n"
	    "  - name: orders\n"
	    "    tier: 0\n"
	    "    traffic: peak-seasonal\n"
	    "    rto: 30m\n"
	    "    owner: orders-team\n"
	    "  - name: reports\n"
	    "    tier: 2\n"
	    "strategy: blue-green\n"
	    "window:\n"
	    "  start: 2026-02-01T02:00:00Z\n"
	    "  end: 2026-02-01T06:00:00+01:00\n"
	    "rollback:\n"
	    "  mechanism: blue-green-switchback\n"
	    "  checkpoint: 72h\n"
	    "  estimated_time: 15m\n"
	    "soak:\n"
	    "  planned: P14D\n"
	    "  environment: staging\n"
	    "compatibility_window: 2w\n"
	    "drivers:\n"
	    "  - {name: pgjdbc, language: java, from: 42.2.5, to: 42.7.4}\n"
	    "app_change:\n"
	    "  schema_sensitive: true\n"
	    "  combined_with_engine: true\n"
	    "deviations:\n"
	    "  - kind: soak\n"
	    "    justification: deadline\n"
	    "rationale: |\n"
	    "  Support ends.\n"
	    "links:\n"
	    "  - {title: Plan, url: docs/plan.md}\n");
	assert_non_null(r);
	TU_CLEAN(&t->d);
	assert_string_equal(r->id, "PKT-2026-001");
	assert_int_equal(r->state, REQ_OPEN);		/* the default */
	assert_int_equal(r->kind, KIND_MAJOR_UPGRADE);
	assert_int_equal(r->submitted, 20458LL * 86400);
	assert_int_equal(r->decide_by, 20473LL * 86400);
	assert_string_equal(r->requester->team, "orders");
	assert_string_equal(r->change_record->url, "https://sn/CHG0042");
	assert_int_equal(r->engine->kind, ENGINE_POSTGRESQL);
	assert_int_equal(r->engine->current.n, 2);
	assert_int_equal(r->engine->current.part[0], 13);
	assert_int_equal(r->engine->current.part[1], 14);
	assert_int_equal(r->engine->target.part[0], 17);
	assert_int_equal(r->engine->target.part[1], 2);
	assert_string_equal(r->engine->target.text, "v17.2");
	assert_int_equal(r->services.n, 2);
	assert_int_equal(r->services.v[0].tier, 0);
	assert_int_equal(r->services.v[0].traffic, TRAFFIC_PEAK_SEASONAL);
	assert_int_equal(r->services.v[0].rto, 1800);
	assert_int_equal(r->services.v[1].traffic, -1);	/* absent enum */
	assert_true(r->services.v[1].rto == GH_DUR_NONE);
	assert_int_equal(model_request_tier(r), 0);
	assert_int_equal(r->strategy, STRAT_BLUE_GREEN);
	assert_int_equal(r->window->end - r->window->start, 3 * 3600);
	assert_int_equal(r->rollback->mechanism, RB_BLUE_GREEN_SWITCHBACK);
	assert_int_equal(r->rollback->checkpoint, 72 * 3600);
	assert_int_equal(r->rollback->estimated_time, 900);
	assert_false(r->rollback->no_rollback);
	assert_int_equal(r->soak->planned, 14 * 86400);
	assert_false(r->soak->bypassed);
	assert_int_equal(r->compatibility_window, 14 * 86400);
	assert_int_equal(r->drivers.n, 1);
	assert_int_equal(r->drivers.v[0].from.n, 3);
	assert_int_equal(r->drivers.v[0].to.part[1], 7);
	assert_true(r->app_change->schema_sensitive);
	assert_int_equal(r->app_change->ddl, DDL_NONE);	/* the default */
	assert_int_equal(r->deviations.v[0].kind, DEV_SOAK);
	assert_string_equal(r->rationale, "Support ends.\n");
	assert_string_equal(r->links.v[0].url, "docs/plan.md");
	assert_int_equal(r->links.v[0].o.pos.line, 44);
	assert_int_equal(r->links.v[0].o.pos.col, 5);
}

static void
test_valid_request_minimal_defaults(void **state)
{
	struct tu *t = *state;
	struct gh_request *r;

	r = tu_parse(t, &gh_request_schema, REQ);
	assert_non_null(r);
	TU_CLEAN(&t->d);
	assert_int_equal(r->state, REQ_OPEN);
	assert_true(r->decide_by == GH_TIME_NONE);
	assert_true(r->compatibility_window == GH_DUR_NONE);
	assert_null(r->soak);
	assert_null(r->app_change);
	assert_null(r->change_record);
	assert_int_equal(r->drivers.n, 0);
	assert_int_equal(r->rollback->checkpoint, GH_DUR_NONE);
	assert_int_equal(model_request_tier(r), 1);
	tu_fini(t);
	tu_init(t);
	r = req_edit(t, 3, 1, "state: withdrawn\nkind: config-change\n");
	assert_non_null(r);
	assert_int_equal(r->state, REQ_WITHDRAWN);
	assert_int_equal(r->kind, KIND_CONFIG_CHANGE);
}

static void
test_valid_evidence(void **state)
{
	struct tu *t = *state;
	struct gh_evidence *e;
	struct gh_ev_rehearsal *d;
	struct gh_ev_support *s;

	e = tu_parse(t, &gh_evidence_schema,
	    "title: Staging rehearsal\n"
	    "type: rehearsal\n"
	    "source: {system: jira, link: 'https://jira/REH-1'}\n"
	    "collected_at: 2026-11-01T12:00:00Z\n"
	    "sensitivity: confidential\n"
	    "data:\n"
	    "  environment: staging\n"
	    "  performed_at: 2026-11-01T10:00:00Z\n"
	    "  target: 17.2\n"
	    "  strategy: in-place\n"
	    "  lock_time: 3s\n"
	    "  runtime: 1h20m\n"
	    "  wal_growth: 42GiB\n"
	    "  replica_lag: 90s\n"
	    "  result: partial\n"
	    "  issues: [slow index rebuild]\n");
	assert_non_null(e);
	TU_CLEAN(&t->d);
	assert_null(e->id);		/* the loader takes it from the file name */
	assert_int_equal(e->type, EV_REHEARSAL);
	assert_int_equal(e->sensitivity, SENS_CONFIDENTIAL);
	assert_false(model_sensitivity_restricted(e->sensitivity));
	assert_int_equal(e->collected_at, 20758LL * 86400 + 12 * 3600);
	d = e->data;
	assert_non_null(d);
	assert_string_equal(d->environment, "staging");
	assert_int_equal(d->target.part[1], 2);
	assert_int_equal(d->strategy, STRAT_IN_PLACE);
	assert_int_equal(d->lock_time, 3);
	assert_int_equal(d->runtime, 4800);
	assert_int_equal(d->wal_growth, 42LL << 30);
	assert_int_equal(d->replica_lag, 90);
	assert_int_equal(d->result, RESULT_PARTIAL);
	assert_int_equal(d->issues.n, 1);
	assert_int_equal(d->o.pos.line, 7);
	assert_int_equal(d->o.pos.col, 3);
	tu_fini(t);
	tu_init(t);
	e = tu_parse(t, &gh_evidence_schema,
	    "id: aws-support\n"
	    "title: Support timeline\n"
	    "type: support-timeline\n"
	    "source: {system: aws, link: 'https://aws/x'}\n"
	    "collected_at: 2026-01-04\n"
	    "sensitivity: public\n"
	    "data:\n"
	    "  engine: postgresql\n"
	    "  provider: aws-rds\n"
	    "  version: 13\n"
	    "  standard_support_end: 2026-02-28\n"
	    "  extended_support_available: true\n");
	assert_non_null(e);
	TU_CLEAN(&t->d);
	assert_string_equal(e->id, "aws-support");
	assert_int_equal(e->type, EV_SUPPORT_TIMELINE);
	s = e->data;
	assert_int_equal(s->engine, ENGINE_POSTGRESQL);
	assert_int_equal(s->standard_support_end, 20512LL * 86400);
	assert_true(s->extended_support_available);
	assert_true(s->forced_upgrade == GH_TIME_NONE);
	tu_fini(t);
	tu_init(t);
	/* a link carries no data */
	e = tu_parse(t, &gh_evidence_schema,
	    "title: Ticket\ntype: link\nsource: {system: jira, link: 'https://j/1'}\n"
	    "collected_at: 2026-01-04\nsensitivity: internal\n");
	assert_non_null(e);
	TU_CLEAN(&t->d);
	assert_int_equal(e->type, EV_LINK);
	assert_null(e->data);
}

static void
test_valid_review(void **state)
{
	struct tu *t = *state;
	struct gh_review *r;

	r = tu_parse(t, &gh_review_schema,
	    "kind: signoff\n"
	    "author: {name: Alice, email: alice@example.com}\n"
	    "at: 2026-01-06T10:00:00Z\n"
	    "target: {kind: gate, id: G-SOAK}\n"
	    "state: concur-with-conditions\n"
	    "conditions:\n"
	    "  - Rehearse again\n"
	    "  - Keep the old cluster 72h\n"
	    "role: dba\n"
	    "inputs_digest: sha256:abc\n"
	    "reply_to: 20260105T090000Z-bob-ffff\n");
	assert_non_null(r);
	TU_CLEAN(&t->d);
	assert_int_equal(r->kind, REVIEW_SIGNOFF);
	assert_int_equal(r->at, 20459LL * 86400 + 36000);
	assert_int_equal(r->target->kind, TARGET_GATE);
	assert_string_equal(r->target->id, "G-SOAK");
	assert_int_equal(r->state, SIGN_CONCUR_WITH_CONDITIONS);
	assert_int_equal(r->conditions.n, 2);
	assert_string_equal(r->conditions.v[1], "Keep the old cluster 72h");
	assert_string_equal(r->role, "dba");
	assert_int_equal(r->decision, -1);
	assert_null(r->id);
}

static void
test_valid_precedent(void **state)
{
	struct tu *t = *state;
	struct gh_precedent *p;

	p = tu_parse(t, &gh_precedent_schema,
	    "id: PREC-2025-007\n"
	    "title: Orders 12 to 16\n"
	    "decided: 2025-06-01\n"
	    "service: {name: orders, tier: 0, traffic: diurnal}\n"
	    "engine: {kind: postgresql, current: 12, target: 16}\n"
	    "strategy: logical-replication\n"
	    "rollback: logical-reverse\n"
	    "driver_coupled: true\n"
	    "decision: narrow\n"
	    "decided_by: cab\n"
	    "path_taken: staged\n"
	    "outcome:\n"
	    "  result: success-with-issues\n"
	    "  incidents:\n"
	    "    - {id: INC-1, severity: sev3, summary: lag}\n"
	    "summary: Went fine.\n");
	assert_non_null(p);
	TU_CLEAN(&t->d);
	assert_int_equal(p->decided, 20240LL * 86400);
	assert_int_equal(p->service->traffic, TRAFFIC_DIURNAL);
	assert_int_equal(p->engine->target.part[0], 16);
	assert_int_equal(p->strategy, STRAT_LOGICAL_REPLICATION);
	assert_int_equal(p->rollback, RB_LOGICAL_REVERSE);
	assert_true(p->driver_coupled);
	assert_int_equal(p->decision, DECIDE_NARROW);
	assert_int_equal(p->outcome->result, OUTC_SUCCESS_WITH_ISSUES);
	assert_int_equal(p->outcome->incidents.n, 1);
	assert_int_equal(p->outcome->incidents.v[0].severity, SEV_3);
	assert_int_equal(p->links.n, 0);
}

/* Every file of the small repository is valid on its own. */
static void
test_valid_min_files(void **state)
{
	struct tu *t = *state;
	int k;

	for (k = 0; k < TU_NFILES; k++) {
		assert_non_null(tu_parse(t, tu_min_schema(k), min_text(k)));
		TU_CLEAN(&t->d);
	}
}

/* ====================================================================== */
/* Whole repositories (repo.c, repo_refs.c)                                */
/* ====================================================================== */

static void
test_repo_clean(void **state)
{
	struct lt *l = *state;
	struct gh_repo *r = lt_load(l, ".");
	const struct gh_packet *p;

	TU_CLEAN(&l->t.d);
	assert_int_equal(r->files, 11);
	assert_non_null(r->settings);
	assert_non_null(r->policy.gates);
	assert_non_null(r->policy.options);
	assert_non_null(r->policy.authority);
	assert_non_null(r->policy.calendar);
	assert_non_null(r->policy.lifecycle);
	assert_non_null(r->policy.roles);
	assert_int_equal(r->packets.n, 1);
	p = repo_packet(r, "PKT-1");
	assert_non_null(p);
	assert_null(repo_packet(r, "PKT-2"));
	assert_string_equal(p->dir, "packets/PKT-1");
	assert_non_null(p->request);
	assert_int_equal(p->errors, 0);
	assert_int_equal(p->evidence.n, 1);
	/* ids come from the file names */
	assert_string_equal(p->evidence.v[0]->id, "backup");
	assert_int_equal(p->reviews.n, 1);
	assert_string_equal(p->reviews.v[0]->id, "20260106T100000Z-alice-a1b2");
	assert_int_equal(r->precedents.n, 1);
	assert_string_equal(r->precedents.v[0]->id, "PREC-1");
	assert_string_equal(p->request->o.file, TU_REQUEST_PATH);
}

static void
test_repo_label_in_names(void **state)
{
	struct lt *l = *state;

	lt_set(l, TU_REQUEST_PATH, edit(&l->t, REQ, 2, 1, "title: [x]\n"));
	lt_load(l, "/srv/reviews");
	TU_FILE_ERROR_AT(&l->t.d, "/srv/reviews/" TU_REQUEST_PATH, "'title' must be a string", 2, 8);
	TU_ERRORS(&l->t.d, 1);
	assert_int_equal(l->r->packets.v[0].errors, 1);
}

static void
test_repo_packet_id_mismatch(void **state)
{
	struct lt *l = *state;

	lt_set(l, TU_REQUEST_PATH, edit(&l->t, REQ, 1, 1, "id: PKT-2\n"));
	lt_load(l, ".");
	TU_FILE_ERROR_AT(&l->t.d, TU_REQUEST_PATH,
	    "packet id 'PKT-2' does not match its directory 'PKT-1'", 1, 5);
	TU_ERRORS(&l->t.d, 1);
	assert_int_equal(l->r->packets.v[0].errors, 1);
}

static void
test_repo_evidence_id_mismatch(void **state)
{
	struct lt *l = *state;

	lt_set(l, TU_EVIDENCE_PATH, edit(&l->t, min_text(TU_EVIDENCE), 1, 0, "id: backups\n"));
	lt_load(l, ".");
	TU_FILE_ERROR_AT(&l->t.d, TU_EVIDENCE_PATH,
	    "id 'backups' does not match the file name 'backup.yaml'", 1, 5);
	TU_ERRORS(&l->t.d, 1);
	assert_int_equal(l->r->packets.v[0].errors, 1);
}

static void
test_repo_precedent_id_mismatch(void **state)
{
	struct lt *l = *state;

	lt_set(l, TU_PRECEDENT_PATH, edit(&l->t, min_text(TU_PRECEDENT), 1, 1, "id: PREC-9\n"));
	lt_load(l, ".");
	TU_FILE_ERROR_AT(&l->t.d, TU_PRECEDENT_PATH,
	    "id 'PREC-9' does not match the file name 'PREC-1.yaml'", 1, 5);
	TU_ERRORS(&l->t.d, 1);
}

static void
test_repo_duplicate_ids(void **state)
{
	struct lt *l = *state;

	lt_set(l, "policy/gates.yaml",
	    "gates:\n"
	    "  - id: G-1\n"
	    "    title: A\n"
	    "    outcome: block\n"
	    "    when: 'true'\n"
	    "  - id: G-2\n"
	    "    title: B\n"
	    "    outcome: block\n"
	    "    when: 'true'\n"
	    "  - id: G-1\n"
	    "    title: C\n"
	    "    outcome: block\n"
	    "    when: 'false'\n");
	lt_set(l, "policy/roles.yaml", edit(&l->t, min_text(TU_ROLES), 5, 0,
	    "  - id: dba\n    name: Second DBA\n"));
	lt_load(l, ".");
	TU_FILE_ERROR_AT(&l->t.d, "policy/gates.yaml", "duplicate gate id 'G-1' (first at line 2)", 10, 9);
	TU_FILE_ERROR_AT(&l->t.d, "policy/roles.yaml", "duplicate role id 'dba' (first at line 2)", 5, 9);
	TU_ERRORS(&l->t.d, 2);
}

static void
test_repo_unknown_authority(void **state)
{
	struct lt *l = *state;

	/* 1 delegated: cab ... 9     authority: cab */
	lt_set(l, "policy/authority.yaml", edit(&l->t, edit(&l->t, min_text(TU_AUTHORITY),
	    9, 1, "    authority: board\n"), 1, 1, "delegated: dba-lead\n"));
	lt_load(l, ".");
	TU_FILE_ERROR_AT(&l->t.d, "policy/authority.yaml", "unknown authority 'board'", 9, 16);
	TU_FILE_ERROR_AT(&l->t.d, "policy/authority.yaml", "unknown authority 'dba-lead'", 1, 12);
	TU_ERRORS(&l->t.d, 2);
}

static void
test_repo_unknown_role(void **state)
{
	struct lt *l = *state;

	lt_set(l, "policy/roles.yaml", edit(&l->t, min_text(TU_ROLES), 9, 1,
	    "    roles: [dba, sre]\n"
	    "access:\n"
	    "  - class: confidential\n"
	    "    readers:\n"
	    "      - dba\n"
	    "      - auditor\n"
	    "required_signoffs: [owner]\n"));
	lt_load(l, ".");
	/* each at the unknown item itself */
	TU_FILE_ERROR_AT(&l->t.d, "policy/roles.yaml", "unknown role 'sre'", 9, 18);
	TU_FILE_ERROR_AT(&l->t.d, "policy/roles.yaml", "unknown role 'auditor'", 14, 9);
	TU_FILE_ERROR_AT(&l->t.d, "policy/roles.yaml", "unknown role 'owner'", 15, 21);
	TU_ERRORS(&l->t.d, 3);
}

static void
test_repo_review_refs(void **state)
{
	struct lt *l = *state;

	lt_set(l, TU_REVIEW_PATH,
	    "kind: decision\n"
	    "author: {name: Alice}\n"
	    "at: 2026-01-06T10:00:00Z\n"
	    "decision: narrow\n"
	    "option: counter-9\n"
	    "authority: nobody\n"
	    "role: janitor\n");
	lt_set(l, TU_PRECEDENT_PATH, edit(&l->t, min_text(TU_PRECEDENT), 13, 1,
	    "decided_by: board\n"));
	lt_load(l, ".");
	TU_FILE_ERROR_AT(&l->t.d, TU_REVIEW_PATH, "unknown option 'counter-9'", 5, 9);
	TU_FILE_ERROR_AT(&l->t.d, TU_REVIEW_PATH, "unknown authority 'nobody'", 6, 12);
	TU_FILE_ERROR_AT(&l->t.d, TU_REVIEW_PATH, "unknown role 'janitor'", 7, 7);
	TU_FILE_ERROR_AT(&l->t.d, TU_PRECEDENT_PATH, "unknown authority 'board'", 13, 13);
	TU_ERRORS(&l->t.d, 4);
}

static void
test_repo_stray_files(void **state)
{
	struct lt *l = *state;

	lt_set(l, "policy/extra.yaml", "x: 1\n");
	lt_set(l, "packets/README.md", "hello\n");
	lt_set(l, "packets/PKT-1/notes.txt", "hello\n");
	lt_set(l, "packets/PKT-1/evidence/notes.txt", "hello\n");
	lt_set(l, "packets/PKT-1/evidence/old/a.yaml", "x: 1\n");
	lt_set(l, "precedents/draft.yml", "x: 1\n");
	lt_set(l, "packets/.hidden", "x\n");		/* hidden: not listed */
	lt_load(l, ".");
	TU_FILE_WARNING_AT(&l->t.d, "policy/extra.yaml", "not a policy file gatehouse reads", 0, 0);
	TU_FILE_WARNING_AT(&l->t.d, "packets/README.md", "packets/ holds one directory per packet", 0, 0);
	TU_FILE_WARNING_AT(&l->t.d, "packets/PKT-1/notes.txt", "not part of a packet", 0, 0);
	TU_FILE_WARNING_AT(&l->t.d, "packets/PKT-1/evidence/notes.txt", "not a .yaml file; ignored", 0, 0);
	TU_FILE_WARNING_AT(&l->t.d, "packets/PKT-1/evidence/old", "unexpected directory; ignored", 0, 0);
	TU_FILE_WARNING_AT(&l->t.d, "precedents/draft.yml", "not a .yaml file; ignored", 0, 0);
	TU_WARNINGS(&l->t.d, 6);
	TU_ERRORS(&l->t.d, 0);
	/* the stray files are not loaded */
	assert_int_equal(l->r->files, 11);
	assert_int_equal(l->r->packets.v[0].evidence.n, 1);
}

static void
test_repo_missing_files(void **state)
{
	struct lt *l = *state;

	lt_set(l, "policy/gates.yaml", NULL);
	lt_set(l, TU_REQUEST_PATH, NULL);
	lt_set(l, "packets/PKT-2/", "");		/* an empty packet directory */
	lt_load(l, ".");
	TU_FILE_ERROR_AT(&l->t.d, "policy/gates.yaml", "cannot read: no such file", 0, 0);
	TU_FILE_ERROR_AT(&l->t.d, TU_REQUEST_PATH, "cannot read: no such file", 0, 0);
	TU_FILE_ERROR_AT(&l->t.d, "packets/PKT-2/request.yaml", "cannot read: no such file", 0, 0);
	TU_ERRORS(&l->t.d, 3);
	assert_null(l->r->policy.gates);
	/* the packets are still listed */
	assert_int_equal(l->r->packets.n, 2);
	assert_null(l->r->packets.v[0].request);
	assert_int_equal(l->r->packets.v[0].evidence.n, 1);
	assert_string_equal(l->r->packets.v[1].id, "PKT-2");
}

static void
test_repo_every_file_broken(void **state)
{
	struct lt *l = *state;
	int k;

	/* one problem in each file: all eleven reported */
	for (k = 0; k < TU_NFILES; k++)
		l->files[k].data = "[unclosed\n";
	lt_load(l, ".");
	for (k = 0; k < TU_NFILES; k++)
		TU_FILE_ERROR_AT(&l->t.d, l->files[k].path, "YAML syntax error", 2, 1);
	TU_ERRORS(&l->t.d, TU_NFILES);
}

static void
test_repo_unreadable_root(void **state)
{
	struct lt *l = *state;

	l->n = 0;
	tu_memsrc_init(&l->src, &l->mem, l->files, 0);
	/* an empty table still has a top directory */
	l->r = repo_load_source(".", &l->src, &l->t.d);
	assert_non_null(l->r);
	TU_FILE_ERROR_AT(&l->t.d, "gatehouse.yaml", "cannot read: no such file", 0, 0);
	repo_free(l->r);
	l->r = repo_load("/nonexistent/gatehouse-test", &l->t.d);
	assert_null(l->r);
	TU_FILE_ERROR_AT(&l->t.d, "/nonexistent/gatehouse-test", "cannot read the repository", 0, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, tu_setup, tu_teardown)
#define R(f) cmocka_unit_test_setup_teardown(f, lt_setup, lt_teardown)
		/* YAML level */
		T(test_yaml_syntax_error),
		T(test_yaml_syntax_error_context),
		T(test_yaml_error_at_end_of_file),
		T(test_yaml_tab_indent),
		T(test_yaml_reader_error_position),
		T(test_duplicate_key),
		T(test_duplicate_key_nested_and_flow),
		T(test_non_scalar_key),
		T(test_invalid_utf8),
		T(test_invalid_utf8_forms),
		T(test_utf8_position_line_breaks),
		T(test_nul_byte),
		T(test_byte_order_mark),
		T(test_oversize_file),
		R(test_oversize_file_in_repo),
		T(test_alias_bomb),
		T(test_alias_weight_by_construction),
		T(test_node_limit_without_aliases),
		T(test_alias_in_place),
		T(test_unknown_alias),
		T(test_excessive_nesting),
		T(test_nesting_limit_exact),
		T(test_second_document),
		T(test_empty_file),
		T(test_root_not_mapping),
		T(test_flow_continuation_indent),
		T(test_flow_continuation_valid),
		T(test_glued_comment),
		T(test_block_scalar_leading_lines),
		/* schema level */
		T(test_wrong_type_list_for_scalar),
		T(test_wrong_type_scalar_for_list),
		T(test_missing_required),
		T(test_every_problem_listed),
		T(test_unknown_key_suggestion),
		T(test_invalid_date),
		T(test_invalid_time),
		T(test_invalid_duration),
		T(test_invalid_version),
		T(test_invalid_size),
		T(test_unknown_enum),
		T(test_integer_out_of_range),
		T(test_number_and_bool),
		T(test_invalid_identifier),
		T(test_invalid_link),
		T(test_variant_data),
		/* cross-field rules */
		T(test_rule_window),
		T(test_rule_rollback),
		T(test_rule_signoff),
		T(test_rule_decision),
		T(test_rule_conditional_gate),
		T(test_rule_evidence_data),
		T(test_rule_freeze),
		T(test_rule_duplicate_service),
		T(test_rule_versions_and_schema),
		/* valid files */
		T(test_valid_settings),
		T(test_valid_gates),
		T(test_valid_options),
		T(test_valid_authority),
		T(test_valid_calendar),
		T(test_valid_lifecycle),
		T(test_valid_roles),
		T(test_valid_request),
		T(test_valid_request_minimal_defaults),
		T(test_valid_evidence),
		T(test_valid_review),
		T(test_valid_precedent),
		T(test_valid_min_files),
		/* repositories */
		R(test_repo_clean),
		R(test_repo_label_in_names),
		R(test_repo_packet_id_mismatch),
		R(test_repo_evidence_id_mismatch),
		R(test_repo_precedent_id_mismatch),
		R(test_repo_duplicate_ids),
		R(test_repo_unknown_authority),
		R(test_repo_unknown_role),
		R(test_repo_review_refs),
		R(test_repo_stray_files),
		R(test_repo_missing_files),
		R(test_repo_every_file_broken),
		R(test_repo_unreadable_root),
#undef T
#undef R
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
