/* test_yaml_suite.c -- every yaml-test-suite input as every file of a
 * repository.
 *
 * For each case directory of $GH_YAML_SUITE, the case's in.yaml replaces,
 * in turn, each of the eleven kinds of file of an otherwise valid
 * repository held in memory (tests/testutil.h), and the whole repository
 * is loaded with repo_load_source().  A case passes when no load crashes
 * or hangs (alarm() turns a hang into a bail-out), every problem reported
 * on the replaced file lies inside it, and -- for the cases the suite marks
 * as invalid YAML -- every load reports at least one positioned error on
 * that file.  Output is TAP, one line per case.
 */
#include <config.h>

#include <dirent.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#define TU_NO_CMOCKA
#include "testutil.h"

#define CASE_TIMEOUT 20		/* seconds, for all eleven loads of a case */

static const char *current_case = "";

static void
on_alarm(int sig)
{
	static const char msg1[] = "Bail out! yaml-test-suite case ";
	static const char msg2[] = " did not finish within 20 seconds (hang?)\n";
	ssize_t r;

	(void)sig;
	r = write(STDOUT_FILENO, msg1, sizeof msg1 - 1);
	r = write(STDOUT_FILENO, current_case, strlen(current_case));
	r = write(STDOUT_FILENO, msg2, sizeof msg2 - 1);
	(void)r;
	_exit(1);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whole file into a malloc'd buffer; NULL if it cannot be read. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, r;

	if (fp == NULL)
		return NULL;
	for (;;) {
		if (n == cap) {
			char *nb;

			cap = cap ? cap * 2 : 4096;
			nb = realloc(buf, cap + 1);
			if (nb == NULL)
				abort();
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, fp);
		n += r;
		if (r == 0)
			break;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Lines of text as libyaml counts them (CR, LF, CRLF, NEL, LS, PS). */
static int
count_lines(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	int lines = 1;
	size_t i;

	for (i = 0; i < len; i++) {
		if (u[i] == '\n' || (u[i] == '\r' && (i + 1 >= len || u[i + 1] != '\n')))
			lines++;
		else if (u[i] == 0xc2 && i + 1 < len && u[i + 1] == 0x85)
			lines++;
		else if (u[i] == 0xe2 && i + 2 < len && u[i + 1] == 0x80 &&
		    (u[i + 2] == 0xa8 || u[i + 2] == 0xa9))
			lines++;
	}
	return lines;
}

struct result {
	char why[512];
	char note[256];
	int failed;
};

/* Messages of the checks ydoc.c adds to libyaml's. */
static int
own_syntax_check(const char *msg)
{
	return strstr(msg, "must be indented by at least") != NULL ||
	    strstr(msg, "comment needs a space before") != NULL ||
	    strstr(msg, "empty lines at the start of a block scalar") != NULL;
}

static void GH_PRINTF(2, 3)
fail(struct result *res, const char *fmt, ...)
{
	size_t used = strlen(res->why);
	va_list ap;

	if (res->failed++ && used < sizeof res->why - 4) {
		strcpy(res->why + used, "; ");
		used += 2;
	}
	va_start(ap, fmt);
	vsnprintf(res->why + used, sizeof res->why - used, fmt, ap);
	va_end(ap);
}

static void
print_diags(const struct diags *d, const char *file)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < d->n; i++) {
		if (strcmp(d->v[i].file, file) != 0)
			continue;
		buf_reset(&b);
		diag_format(&d->v[i], &b);
		printf("#   %s\n", buf_cstr(&b));
	}
	buf_free(&b);
}

/* Load the repository with in.yaml as file k and check the outcome. */
static void
run_one(const char *yaml, size_t len, int k, int invalid, struct result *res,
    int verbose)
{
	struct tu_file files[TU_NFILES];
	struct repo_source src;
	struct tu_memsrc mem;
	struct gh_repo *r;
	struct diags d;
	const char *path;
	int lines = count_lines(yaml, len);
	size_t i;

	memcpy(files, tu_min_repo(), sizeof files);
	files[k].data = yaml;
	files[k].len = len;
	path = files[k].path;
	tu_memsrc_init(&src, &mem, files, TU_NFILES);
	diags_init(&d);
	r = repo_load_source(".", &src, &d);
	if (r == NULL)
		fail(res, "%s: repo_load_source returned NULL", path);
	if (invalid && tu_find(&d, DIAG_ERROR, path, NULL) == NULL)
		fail(res, "%s: invalid YAML accepted (no error)", path);
	else if (invalid) {
		for (i = 0; i < d.n; i++)
			if (d.v[i].sev == DIAG_ERROR && !strcmp(d.v[i].file, path) &&
			    d.v[i].line > 0)
				break;
		if (i == d.n)
			fail(res, "%s: error without a position", path);
	}
	for (i = 0; i < d.n; i++) {
		const struct diag *g = &d.v[i];

		if (strcmp(g->file, path) != 0)
			continue;
		/* gatehouse's own syntax checks (ydoc.c) must not reject valid
		 * YAML; libyaml's own refusals are its known limits, noted. */
		if (!invalid && g->sev == DIAG_ERROR && own_syntax_check(g->msg))
			fail(res, "%s: valid YAML rejected at %d:%d: %s", path, g->line,
			    g->col, g->msg);
		if (!invalid && k == 0 && g->sev == DIAG_ERROR &&
		    strstr(g->msg, "YAML syntax error") && !own_syntax_check(g->msg))
			snprintf(res->note, sizeof res->note, "libyaml rejects this valid input: %d:%d: %s",
			    g->line, g->col, g->msg);
		if (g->line < 0 || g->line > lines || (g->line > 0 && g->col < 1))
			fail(res, "%s: position %d:%d outside the file (%d lines): %s",
			    path, g->line, g->col, lines, g->msg);
	}
	if (verbose)
		print_diags(&d, path);
	repo_free(r);
	diags_free(&d);
}

int
main(void)
{
	const char *suite = getenv("GH_YAML_SUITE");
	const char *verbose_env = getenv("GH_YAML_SUITE_VERBOSE");
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	int failures = 0;
	DIR *dp;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (suite == NULL || suite[0] == '\0' || (dp = opendir(suite)) == NULL) {
		printf("1..0 # SKIP yaml-test-suite not found\n");
		return 0;
	}
	while ((de = readdir(dp)) != NULL) {
		char *p;

		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s/in.yaml", suite, de->d_name);
		if (file_exists(p)) {
			if (n == cap) {
				cap = cap ? cap * 2 : 512;
				names = xreallocarray(names, cap, sizeof *names);
			}
			names[n++] = xstrdup(de->d_name);
		}
		free(p);
	}
	closedir(dp);
	if (n == 0) {
		printf("1..0 # SKIP yaml-test-suite not found\n");
		free(names);
		return 0;
	}
	qsort(names, n, sizeof *names, name_cmp);
	signal(SIGALRM, on_alarm);
	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		char *in = xasprintf("%s/%s/in.yaml", suite, names[i]);
		char *err = xasprintf("%s/%s/error", suite, names[i]);
		char *tpath = xasprintf("%s/%s/title", suite, names[i]);
		int invalid = file_exists(err), verbose = 0, k;
		size_t len = 0, tlen = 0;
		char *yaml = slurp(in, &len), *title = slurp(tpath, &tlen), *nl;
		struct result res = { "", "", 0 };

		if (title && (nl = strchr(title, '\n')) != NULL)
			*nl = '\0';
		for (nl = title; nl && *nl; nl++)	/* '#' starts a TAP directive */
			if (*nl == '#')
				*nl = '_';
		if (verbose_env && strcmp(verbose_env, names[i]) == 0)
			verbose = 1;
		current_case = names[i];
		if (yaml == NULL) {
			fail(&res, "cannot read %s", in);
		} else {
			alarm(CASE_TIMEOUT);
			for (k = 0; k < TU_NFILES; k++)
				run_one(yaml, len, k, invalid, &res, verbose);
			alarm(0);
		}
		if (res.failed) {
			failures++;
			printf("not ok %zu - %s%s%s%s\n# %s\n", i + 1, names[i],
			    title ? " " : "", title ? title : "", invalid ? " (invalid)" : "",
			    res.why);
		} else {
			printf("ok %zu - %s%s%s%s\n", i + 1, names[i], title ? " " : "",
			    title ? title : "", invalid ? " (invalid)" : "");
		}
		if (res.note[0])
			printf("# %s\n", res.note);
		free(yaml);
		free(title);
		free(in);
		free(err);
		free(tpath);
		free(names[i]);
	}
	free(names);
	return failures ? 1 : 0;
}
