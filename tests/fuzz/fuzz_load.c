/* fuzz_load.c -- libFuzzer harness for the YAML loader.
 *
 * The first byte picks one of the eleven file schemas, the rest is the
 * file.  Besides the sanitizers' own checks it asserts what the loader
 * promises: every problem has a sane position inside the input, and a
 * file that yields no struct has at least one error saying why.
 *
 * Build: make fuzz (clang); run: see tests/fuzz/README.
 */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "repo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct schema *const schemas[] = {
	&gh_settings_schema, &gh_gates_schema, &gh_options_schema,
	&gh_authority_schema, &gh_calendar_schema, &gh_lifecycle_schema,
	&gh_roles_schema, &gh_request_schema, &gh_evidence_schema,
	&gh_review_schema, &gh_precedent_schema,
};

/* Lines as libyaml counts them: CR, LF, CRLF, NEL, LS and PS end one. */
static int
count_lines(const unsigned char *s, size_t len)
{
	int lines = 1;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= len || s[i + 1] != '\n')))
			lines++;
		else if (s[i] == 0xc2 && i + 1 < len && s[i + 1] == 0x85)
			lines++;
		else if (s[i] == 0xe2 && i + 2 < len && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))
			lines++;
	}
	return lines;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct schema *s;
	struct buf b = BUF_INIT;
	struct arena a;
	struct diags d;
	void *obj;
	size_t i;
	int lines;

	if (size < 1)
		return 0;
	s = schemas[data[0] % GH_ARRAY_SIZE(schemas)];
	data++;
	size--;
	lines = count_lines(data, size);
	arena_init(&a);
	diags_init(&d);
	obj = repo_parse_file(&a, "fuzz.yaml", (const char *)data, size, s, &d);
	if (obj == NULL && d.errors == 0) {
		fprintf(stderr, "no struct and no error\n");
		abort();
	}
	for (i = 0; i < d.n; i++) {
		const struct diag *g = &d.v[i];

		buf_reset(&b);
		diag_format(g, &b);
		if (g->line < 0 || g->col < 0 || g->line > lines ||
		    (g->line > 0 && g->col == 0)) {
			fprintf(stderr, "position out of the input (%d lines): %s\n", lines,
			    buf_cstr(&b));
			abort();
		}
	}
	buf_free(&b);
	diags_free(&d);
	arena_free(&a);
	return 0;
}
