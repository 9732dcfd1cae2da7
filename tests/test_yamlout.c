/* test_yamlout.c -- round-trip property test for the review-record YAML
 * writer (src/yamlout.c).
 *
 * Every string of a corpus (hand-picked awkward cases plus a few hundred
 * generated ones: random UTF-8 with multi-byte characters, control
 * characters, CR, tabs, leading and trailing spaces and newlines, YAML
 * indicators and words a YAML reader would turn into something else) is
 * written with yout_str, yout_text and yout_item at several indentations,
 * between two sentinel keys, and parsed back with ydoc_parse: the scalar
 * read back must be byte-identical, the sentinels intact, and a plain
 * scalar must never be one that a YAML 1.1 or 1.2 reader resolves to null,
 * a boolean or a number.  Finally whole review records go through
 * repo_parse_file with the review schema, as the loader reads them.
 *
 * The generator is seeded (GH_TEST_SEED overrides the fixed default) and
 * failing inputs are printed C-escaped, so a failure can be replayed.
 */
#include <config.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "diag.h"
#include "model.h"
#include "repo.h"
#include "yamlout.h"
#include "ydoc.h"

/* ---- the corpus ---------------------------------------------------------- */

static const char *const hand_picked[] = {
	"",
	" ",
	"  ",
	"\t",
	"\n",
	"\n\n",
	"\r",
	"\r\n",
	"a\r\nb",
	"plain",
	"Plain-word_1.2@x",
	"true", "false", "null", "~", "yes", "no", "on", "off",
	"True", "False", "Null", "Yes", "No", "On", "Off",
	"TRUE", "FALSE", "NULL", "YES", "NO", "ON", "OFF",
	"y", "n", "Y", "N", "yEs", "nULL",
	"17", "-17", "+17", "0x1F", "0o17", "017", "1e3", "1_000", "3.14", ".5",
	".inf", "-.inf", ".nan", ".NaN", "1:20", "2026-01-01", "2026-01-01T00:00:00Z",
	"=", "<<", "-", "?", ":", ",", "[", "]", "{", "}", "#", "&", "*", "!", "|", ">",
	"'", "\"", "%", "@", "`", "\\",
	"- item", "-item", "? key", ": value", "a: b", "a:b", "a #b", "a# b", "#comment",
	"[1, 2]", "{a: 1}", "&anchor", "*alias", "!tag", "!!str x", "|", "|-", ">+",
	"'single'", "\"double\"", "it's", "say \"hi\"", "back\\slash", "\\n",
	"%YAML 1.2", "@handle", "`tick`",
	"---", "...", "--- x", "... x", "a\n---\nb", "a\n...\nb", "---\n", "a\n--- \n",
	" leading", "trailing ", "  both  ", "\tleading tab", "trailing tab\t",
	"line one\nline two", "line one\nline two\n", "line one\nline two\n\n",
	"line one\n\n\nline two", "\nleading newline", "\n\nleading newlines\n",
	" indented\nnot", "  indented\n    more\n", "a\n  b\n", "a\n b\n  c",
	"   \nb", "a\n  ", "a\n  \n", "a\n\t\n", "a\n \n", " \n", "  \n  ",
	"\ta\n\tb", "a\tb\n\tc\t", "tabs\t\t\n\t",
	"true\nfalse", "- item\n- item", "key: value\nother: x", "# not a comment\n#",
	"a\n# b\n", "a: |\n  b\n", "\"quoted\nacross\"", "'x\ny'",
	"Jürgen Weiß", "Björn Åkesson", "Zoë", "Siobhán Ní Bhriain",
	"日本語のテキスト", "中文 評論：這是測試", "한국어", "emoji 😀🎉", "😀",
	"mixed ä\nß 日本\n😀\n",
	"\xc2\xa0nbsp\xc2\xa0",			/* U+00A0 */
	"a\xc2\x85" "b",			/* U+0085 NEL: a line break to YAML 1.1 */
	"a\xe2\x80\xa8" "b",			/* U+2028 LINE SEPARATOR */
	"a\xe2\x80\xa9" "b",			/* U+2029 PARAGRAPH SEPARATOR */
	"x\n a\xe2\x80\xa8" "b",
	"x\ny\xc2\x85z\n",
	"\xef\xbb\xbf" "bom",			/* U+FEFF */
	"mid\xef\xbb\xbf" "bom",
	"\xc2\x80", "\xc2\x9f", "c1 \xc2\x90 x\ny",	/* C1 controls */
	"\xef\xbf\xbe", "\xef\xbf\xbf",		/* noncharacters U+FFFE, U+FFFF */
	"\xef\xbf\xbd", "\xf4\x8f\xbf\xbf",	/* U+FFFD, U+10FFFF */
	"\xed\x9f\xbf\xee\x80\x80",		/* U+D7FF U+E000 */
	"\x01", "\x1b[31mred\x1b[0m", "bell\a", "del\x7f", "nul-ish \x01\x02\x03",
	"a\x0b" "b\x0c" "c", "multi\nline\x1b with escape\n",
	"body: true", "true\n", " true", "null\n", "17\n",
};

struct corpus {
	char **v;
	size_t n, cap;
};

static struct corpus corpus;
static size_t n_generated;

static void
corpus_add(const char *s, size_t len)
{
	char *c = malloc(len + 1);

	if (c == NULL)
		abort();
	memcpy(c, s, len);
	c[len] = '\0';
	if (corpus.n == corpus.cap) {
		corpus.cap = corpus.cap ? corpus.cap * 2 : 256;
		corpus.v = realloc(corpus.v, corpus.cap * sizeof *corpus.v);
		if (corpus.v == NULL)
			abort();
	}
	corpus.v[corpus.n++] = c;
}

static uint64_t rng_state;

static uint64_t
rng(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static size_t
rnd(size_t n)
{
	return (size_t)(rng() % n);
}

/* Encode one code point as UTF-8 into out (4 bytes room); returns length. */
static size_t
utf8_put(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A random valid code point (no NUL, no surrogates), biased towards the
 * ranges where YAML has opinions. */
static uint32_t
random_cp(void)
{
	static const uint32_t special[] = { 0x85, 0xa0, 0xad, 0x2028, 0x2029, 0xfeff,
		0xfffe, 0xffff, 0xfffd, 0x80, 0x9f, 0x200b, 0x10ffff, 0xd7ff, 0xe000 };
	uint32_t cp;

	switch (rnd(8)) {
	case 0: return (uint32_t)(1 + rnd(0x1f));			/* C0 control */
	case 1: return special[rnd(GH_ARRAY_SIZE(special))];
	case 2: return (uint32_t)(0x80 + rnd(0x780));			/* 2 bytes */
	case 3: return (uint32_t)(0x3040 + rnd(0x6000));		/* kana, CJK */
	case 4: return (uint32_t)(0x1f300 + rnd(0x300));		/* emoji */
	default:
		do
			cp = (uint32_t)(1 + rnd(0x10ffff));
		while (cp >= 0xd800 && cp <= 0xdfff);
		return cp;
	}
}

static void
generate_one(struct buf *b)
{
	static const char *const atoms[] = {
		" ", "  ", "\t", "\n", "\n", "\n\n", "\r", "\r\n", "- ", "? ", ": ", ",", "[", "]",
		"{", "}", "#", " #", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`", "\\",
		"true", "false", "null", "NULL", "Yes", "~", "17", "0x1F", "---", "...", "-",
		"word", "Wörter", "日本", "😀", "\x7f", "\xc2\x85", "\xe2\x80\xa8",
		"\xef\xbb\xbf", "ß", "é", "\\n", "\\x41", "\"\\",
	};
	size_t n, i;
	char u[4];

	buf_reset(b);
	switch (rnd(10)) {
	case 0: buf_puts(b, " "); break;
	case 1: buf_puts(b, "\n"); break;
	case 2: buf_puts(b, "  "); break;
	default: break;
	}
	n = rnd(5) == 0 ? 1 + rnd(3) : rnd(40);
	for (i = 0; i < n; i++) {
		switch (rnd(4)) {
		case 0:
			buf_puts(b, atoms[rnd(GH_ARRAY_SIZE(atoms))]);
			break;
		case 1:
			buf_add(b, u, utf8_put(u, random_cp()));
			break;
		default:
			buf_putc(b, (char)(0x20 + rnd(0x5f)));	/* printable ASCII */
			break;
		}
	}
	switch (rnd(6)) {
	case 0: buf_puts(b, "\n"); break;
	case 1: buf_puts(b, "\n\n\n"); break;
	case 2: buf_puts(b, " "); break;
	case 3: buf_puts(b, " \n"); break;
	default: break;
	}
}

/* Long ones: one very long line, many lines, a long line among short. */
static void
generate_long(struct buf *b, int kind)
{
	size_t i;

	buf_reset(b);
	for (i = 0; i < 3000; i++) {
		if (kind == 0)
			buf_puts(b, i % 7 ? "x" : "ü ");
		else if (kind == 1)
			buf_puts(b, i % 11 ? "word " : "\n");
		else
			buf_puts(b, i == 1500 ? "\n" : "日本 #: ");
	}
	if (kind == 1)
		buf_puts(b, "\n");
}

static int
group_setup(void **state)
{
	const char *seed_env = getenv("GH_TEST_SEED");
	struct buf b = BUF_INIT;
	size_t i;
	int k;

	(void)state;
	rng_state = seed_env && seed_env[0] ? strtoull(seed_env, NULL, 0) : 0x9e3779b97f4a7c15ull;
	if (rng_state == 0)
		rng_state = 1;
	printf("# yamlout corpus seed %llu (set GH_TEST_SEED to replay)\n",
	    (unsigned long long)rng_state);
	for (i = 0; i < GH_ARRAY_SIZE(hand_picked); i++)
		corpus_add(hand_picked[i], strlen(hand_picked[i]));
	for (i = 0; i < 600; i++) {
		generate_one(&b);
		corpus_add(b.s ? b.s : "", b.len);
	}
	for (k = 0; k < 3; k++) {
		generate_long(&b, k);
		corpus_add(b.s, b.len);
	}
	n_generated = corpus.n - GH_ARRAY_SIZE(hand_picked);
	printf("# %zu strings: %zu hand-picked, %zu generated\n", corpus.n,
	    GH_ARRAY_SIZE(hand_picked), n_generated);
	buf_free(&b);
	return 0;
}

static int
group_teardown(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < corpus.n; i++)
		free(corpus.v[i]);
	free(corpus.v);
	memset(&corpus, 0, sizeof corpus);
	return 0;
}

/* ---- checking ------------------------------------------------------------- */

/* s C-escaped (for messages), truncated. */
static void
escape(struct buf *out, const char *s, size_t len)
{
	size_t i;

	buf_putc(out, '"');
	for (i = 0; i < len && i < 200; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			buf_printf(out, "\\%c", c);
		else if (c == '\n')
			buf_puts(out, "\\n");
		else if (c < 0x20 || c >= 0x7f)
			buf_printf(out, "\\x%02x", c);
		else
			buf_putc(out, (char)c);
	}
	buf_puts(out, i < len ? "\"..." : "\"");
}

static size_t failures;

static void
report(const char *how, const char *s, const char *doc, const char *why)
{
	struct buf m = BUF_INIT;

	failures++;
	if (failures > 12)
		return;
	escape(&m, s, strlen(s));
	buf_printf(&m, " via %s: %s\n--- document:\n%s---", how, why, doc);
	print_error("%s\n", buf_cstr(&m));
	buf_free(&m);
}

/* Would some YAML reader resolve this plain scalar to a non-string?
 * YAML 1.1 (PyYAML, libyaml users, Go yaml.v2) and 1.2 core schema. */
static bool
plain_is_typed(const char *s)
{
	static const char *const words[] = { "y", "n", "yes", "no", "on", "off", "true",
		"false", "null", "~", "", NULL };
	size_t i;

	for (i = 0; words[i]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return true;
	if (strchr("0123456789+-.", s[0]) || s[0] == '=' || strcmp(s, "<<") == 0)
		return true;
	return false;
}

enum emitter { E_STR, E_TEXT, E_ITEM };
static const char *const emitter_names[] = { "yout_str", "yout_text", "yout_item" };

/* Write s with emitter e at indentation indent (0, 2 or 4: nested under
 * parent keys), between sentinel keys, and check it reads back. */
static void
roundtrip(const char *s, enum emitter e, int indent)
{
	struct buf doc = BUF_INIT, how = BUF_INIT;
	struct arena a;
	struct diags d;
	struct ynode *root = NULL, *m, *v, *z;
	const char *doctext;
	int rc, lvl;

	arena_init(&a);
	diags_init(&d);
	buf_printf(&how, "%s at indent %d", emitter_names[e], indent);
	for (lvl = 0; lvl < indent; lvl += 2)
		yout_key(&doc, lvl, lvl == 0 ? "outer" : "inner");
	yout_str(&doc, indent, "aa", "start");
	switch (e) {
	case E_STR:
		yout_str(&doc, indent, "v", s);
		break;
	case E_TEXT:
		yout_text(&doc, indent, "v", s);
		break;
	case E_ITEM:
		yout_key(&doc, indent, "v");
		yout_item(&doc, indent + 2, s);
		yout_item(&doc, indent + 2, "second");
		break;
	}
	yout_str(&doc, indent, "zz", "end");
	doctext = buf_cstr(&doc);

	rc = ydoc_parse(&a, "t.yaml", doctext, doc.len, NULL, &root, &d);
	if (rc != 0 || root == NULL || d.errors) {
		report(buf_cstr(&how), s, doctext, d.n ? d.v[0].msg : "parse failed");
		goto out;
	}
	m = root;
	for (lvl = 0; lvl < indent && m; lvl += 2)
		m = ydoc_map_get(m, lvl == 0 ? "outer" : "inner");
	if (m == NULL || m->kind != YN_MAP || m->n != 3) {
		report(buf_cstr(&how), s, doctext, "the mapping does not have exactly 3 keys");
		goto out;
	}
	v = ydoc_map_get(m, "v");
	z = ydoc_map_get(m, "zz");
	if (z == NULL || z->kind != YN_SCALAR || strcmp(z->str, "end") != 0) {
		report(buf_cstr(&how), s, doctext, "the sentinel after it changed");
		goto out;
	}
	if (e == E_ITEM) {
		if (v == NULL || v->kind != YN_SEQ || v->n != 2 ||
		    v->kids[1]->kind != YN_SCALAR || strcmp(v->kids[1]->str, "second") != 0) {
			report(buf_cstr(&how), s, doctext, "not a list of two items");
			goto out;
		}
		v = v->kids[0];
	}
	if (v == NULL || v->kind != YN_SCALAR) {
		report(buf_cstr(&how), s, doctext, "no scalar read back");
		goto out;
	}
	if (v->len != strlen(s) || memcmp(v->str, s, v->len) != 0) {
		struct buf got = BUF_INIT;

		buf_puts(&got, "read back ");
		escape(&got, v->str, v->len);
		report(buf_cstr(&how), s, doctext, buf_cstr(&got));
		buf_free(&got);
		goto out;
	}
	if (v->plain && (ydoc_is_null(v) || plain_is_typed(v->str)))
		report(buf_cstr(&how), s, doctext,
		    "written plain, but YAML readers resolve it to null, a boolean or a number");
	if (e != E_TEXT && strchr(s, '\n') == NULL) {
		/* one line stays one line */
		size_t lines = 0;
		const char *p;

		for (p = doctext; *p; p++)
			lines += *p == '\n';
		if (lines != (size_t)(indent / 2) + 3 + (e == E_ITEM ? 2 : 0))
			report(buf_cstr(&how), s, doctext, "a one-line value took several lines");
	}
out:
	buf_free(&how);
	buf_free(&doc);
	arena_free(&a);
	diags_free(&d);
}

static void
run_corpus(enum emitter e, size_t from, size_t to)
{
	size_t i;
	int indent;

	failures = 0;
	for (i = from; i < to; i++)
		for (indent = 0; indent <= 4; indent += 2)
			roundtrip(corpus.v[i], e, indent);
	if (failures)
		print_error("%zu of %zu round trips failed\n", failures, (to - from) * 3);
	assert_int_equal(failures, 0);
}

#define N_HAND GH_ARRAY_SIZE(hand_picked)

static void
test_str_hand_picked(void **state)
{
	(void)state;
	run_corpus(E_STR, 0, N_HAND);
}

static void
test_text_hand_picked(void **state)
{
	(void)state;
	run_corpus(E_TEXT, 0, N_HAND);
}

static void
test_item_hand_picked(void **state)
{
	(void)state;
	run_corpus(E_ITEM, 0, N_HAND);
}

static void
test_str_generated(void **state)
{
	(void)state;
	run_corpus(E_STR, N_HAND, corpus.n);
}

static void
test_text_generated(void **state)
{
	(void)state;
	run_corpus(E_TEXT, N_HAND, corpus.n);
}

static void
test_item_generated(void **state)
{
	(void)state;
	run_corpus(E_ITEM, N_HAND, corpus.n);
}

/* yout_quote alone, as a flow scalar in a flow sequence. */
static void
test_quote_in_flow(void **state)
{
	size_t i;

	(void)state;
	failures = 0;
	for (i = 0; i < corpus.n; i++) {
		struct buf doc = BUF_INIT;
		struct arena a;
		struct diags d;
		struct ynode *root = NULL, *v;

		arena_init(&a);
		diags_init(&d);
		buf_puts(&doc, "v: [");
		yout_quote(&doc, corpus.v[i]);
		buf_puts(&doc, ", ");
		yout_quote(&doc, corpus.v[i]);
		buf_puts(&doc, "]\n");
		if (ydoc_parse(&a, "t.yaml", doc.s, doc.len, NULL, &root, &d) != 0 || !root ||
		    (v = ydoc_map_get(root, "v")) == NULL || v->kind != YN_SEQ || v->n != 2 ||
		    v->kids[0]->kind != YN_SCALAR || v->kids[1]->kind != YN_SCALAR ||
		    v->kids[0]->len != strlen(corpus.v[i]) ||
		    memcmp(v->kids[0]->str, corpus.v[i], v->kids[0]->len) != 0 ||
		    strcmp(v->kids[1]->str, corpus.v[i]) != 0 || !v->kids[0]->quoted)
			report("yout_quote in a flow list", corpus.v[i], buf_cstr(&doc),
			    d.n ? d.v[0].msg : "not read back");
		else if (strchr(buf_cstr(&doc), '\n') != buf_cstr(&doc) + doc.len - 1)
			report("yout_quote", corpus.v[i], buf_cstr(&doc), "a raw line break");
		buf_free(&doc);
		arena_free(&a);
		diags_free(&d);
	}
	assert_int_equal(failures, 0);
}

/* Whole review records through the loader's own entry point: every text
 * field of a sign-off carries s and must come back as s. */
static void
test_review_records(void **state)
{
	size_t i;

	(void)state;
	failures = 0;
	for (i = 0; i < corpus.n; i++) {
		const char *s = corpus.v[i];
		struct buf doc = BUF_INIT;
		struct gh_review *r;
		struct arena a;
		struct diags d;

		arena_init(&a);
		diags_init(&d);
		yout_str(&doc, 0, "kind", "signoff");
		yout_key(&doc, 0, "author");
		yout_str(&doc, 2, "name", s);
		yout_str(&doc, 2, "email", "zoe.lambert@northwind.example");
		yout_str(&doc, 0, "at", "2026-10-01T10:00:00Z");
		yout_str(&doc, 0, "role", "sre");
		yout_str(&doc, 0, "state", "concur-with-conditions");
		yout_key(&doc, 0, "conditions");
		yout_item(&doc, 2, s);
		yout_item(&doc, 2, s);
		yout_text(&doc, 0, "reason", s);
		yout_text(&doc, 0, "body", s);
		yout_str(&doc, 0, "recommendation", s);
		r = repo_parse_file(&a, "r.yaml", doc.s, doc.len, &gh_review_schema, &d);
		if (r == NULL || d.errors || d.warnings)
			report("a review record", s, buf_cstr(&doc), d.n ? d.v[0].msg : "no record");
		else if (r->author == NULL || !r->author->name || strcmp(r->author->name, s) ||
		    r->conditions.n != 2 || !r->conditions.v[0] || strcmp(r->conditions.v[0], s) ||
		    !r->conditions.v[1] || strcmp(r->conditions.v[1], s) ||
		    !r->reason || strcmp(r->reason, s) || !r->body || strcmp(r->body, s) ||
		    !r->recommendation || strcmp(r->recommendation, s))
			report("a review record", s, buf_cstr(&doc), "a field did not read back");
		buf_free(&doc);
		arena_free(&a);
		diags_free(&d);
	}
	assert_int_equal(failures, 0);
}

/* The output stays readable: identifiers plain, multi-line text as a
 * literal block, one-line values on one line. */
static void
test_readable(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	yout_str(&b, 0, "role", "sre");
	yout_str(&b, 2, "email", "zoe.lambert@northwind.example");
	yout_str(&b, 0, "state", "concur-with-conditions");
	assert_string_equal(buf_cstr(&b), "role: sre\n  email: zoe.lambert@northwind.example\n"
	    "state: concur-with-conditions\n");
	buf_reset(&b);
	yout_text(&b, 0, "body", "First line.\n\nSecond: with # and \"quotes\".\n");
	assert_string_equal(buf_cstr(&b),
	    "body: |\n  First line.\n\n  Second: with # and \"quotes\".\n");
	buf_reset(&b);
	yout_text(&b, 0, "body", "no newline at the end\nsee");
	assert_string_equal(buf_cstr(&b), "body: |-\n  no newline at the end\n  see\n");
	buf_reset(&b);
	yout_text(&b, 0, "body", "two\n\n");
	assert_string_equal(buf_cstr(&b), "body: |+\n  two\n\n");
	buf_reset(&b);
	yout_text(&b, 2, "body", " indented\nnext\n");
	assert_string_equal(buf_cstr(&b), "  body: |2\n     indented\n    next\n");
	buf_reset(&b);
	yout_str(&b, 0, "body", "true");
	assert_string_equal(buf_cstr(&b), "body: \"true\"\n");
	buf_reset(&b);
	yout_str(&b, 0, "body", "NULL");
	assert_string_equal(buf_cstr(&b), "body: \"NULL\"\n");
	buf_reset(&b);
	yout_item(&b, 2, "- item");
	assert_string_equal(buf_cstr(&b), "  - \"- item\"\n");
	buf_reset(&b);
	yout_text(&b, 0, "v", NULL);
	yout_str(&b, 0, "v", NULL);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

int
main(void)
{
#define T(f) cmocka_unit_test(f)
	const struct CMUnitTest tests[] = {
		T(test_readable),
		T(test_str_hand_picked),
		T(test_text_hand_picked),
		T(test_item_hand_picked),
		T(test_str_generated),
		T(test_text_generated),
		T(test_item_generated),
		T(test_quote_in_flow),
		T(test_review_records),
	};
#undef T
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
