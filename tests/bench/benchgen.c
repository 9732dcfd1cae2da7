/* benchgen.c -- generate a large packet repository for benchmarks from
 * the demo: same policy, many copies of one packet, many precedents. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "benchgen.h"
#include "repo.h"

double
bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

long
bench_peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int
mkdirs(const char *path)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	mkdir(p, 0755);
	free(p);
	return 0;
}

static int
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

/* Replace every occurrence of from with to. */
static char *
replace(const char *s, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	size_t lf = strlen(from);
	const char *p;

	while ((p = strstr(s, from)) != NULL) {
		buf_add(&b, s, (size_t)(p - s));
		buf_puts(&b, to);
		s = p + lf;
	}
	buf_puts(&b, s);
	return buf_detach(&b);
}

static char *
slurp(const char *path)
{
	char *buf;
	size_t len;

	if (file_read_all(path, 1 << 24, &buf, &len) < 0)
		return NULL;
	return buf;
}

static int
copy_dir_files(const char *from, const char *to, const char *old_id, const char *new_id)
{
	struct repo_source src;
	struct repo_dirent *ents;
	size_t n, i;

	repo_fs_source(&src, from);
	if (src.list(src.ctx, "", &ents, &n) < 0) {
		repo_fs_source_free(&src);
		return 0;
	}
	mkdirs(to);
	for (i = 0; i < n; i++) {
		char *in = xasprintf("%s/%s", from, ents[i].name);
		char *out = xasprintf("%s/%s", to, ents[i].name);
		char *text = ents[i].is_dir ? NULL : slurp(in);

		if (text) {
			char *t = old_id ? replace(text, old_id, new_id) : xstrdup(text);

			write_file(out, t);
			free(t);
			free(text);
		}
		free(in);
		free(out);
		free(ents[i].name);
	}
	free(ents);
	repo_fs_source_free(&src);
	return 0;
}

static const char *
first_packet(const char *demo, char *id, size_t len)
{
	struct repo_source src;
	struct repo_dirent *ents;
	size_t n, i;
	char *dir = xasprintf("%s/packets", demo);

	id[0] = '\0';
	repo_fs_source(&src, dir);
	if (src.list(src.ctx, "", &ents, &n) == 0) {
		/* prefer the seed-000 case: it exercises the most gates */
		for (i = 0; i < n; i++)
			if (strcmp(ents[i].name, "CHG-2026-0412") == 0 || id[0] == '\0')
				snprintf(id, len, "%s", ents[i].name);
		for (i = 0; i < n; i++)
			free(ents[i].name);
		free(ents);
	}
	repo_fs_source_free(&src);
	free(dir);
	return id[0] ? id : NULL;
}

static int
gen_precedents(const char *demo, const char *dir, size_t count)
{
	struct repo_source src;
	struct repo_dirent *ents;
	size_t n, i;
	char *from = xasprintf("%s/precedents", demo), *to = xasprintf("%s/precedents", dir);

	repo_fs_source(&src, from);
	mkdirs(to);
	if (src.list(src.ctx, "", &ents, &n) == 0 && n > 0) {
		for (i = 0; i < count; i++) {
			const char *name = ents[i % n].name;
			char *old = xstrndup(name, strlen(name) - 5);
			char *new_id = xasprintf("PB-%04zu", i + 1);
			char *in = xasprintf("%s/%s", from, name);
			char *out = xasprintf("%s/%s.yaml", to, new_id);
			char *text = slurp(in), *t;

			t = text ? replace(text, old, new_id) : NULL;
			if (t)
				write_file(out, t);
			free(t), free(text), free(in), free(out), free(new_id), free(old);
		}
		for (i = 0; i < n; i++)
			free(ents[i].name);
		free(ents);
	}
	repo_fs_source_free(&src);
	free(from);
	free(to);
	return 0;
}

int
benchgen_repo(const char *demo, const char *dir, size_t packets, size_t precedents)
{
	char tmpl[256], *stamp = xasprintf("%s/.complete-%zu-%zu", dir, packets, precedents);
	char *from, *to;
	struct stat st;
	size_t i;

	if (stat(stamp, &st) == 0) {
		free(stamp);
		return 0;
	}
	if (first_packet(demo, tmpl, sizeof tmpl) == NULL) {
		fprintf(stderr, "benchgen: no packet in %s\n", demo);
		free(stamp);
		return -1;
	}
	mkdirs(dir);
	from = xasprintf("%s/gatehouse.yaml", demo);
	to = xasprintf("%s/gatehouse.yaml", dir);
	{
		char *t = slurp(from);

		if (t)
			write_file(to, t);
		free(t);
	}
	free(from), free(to);
	from = xasprintf("%s/policy", demo);
	to = xasprintf("%s/policy", dir);
	copy_dir_files(from, to, NULL, NULL);
	free(from), free(to);
	for (i = 0; i < packets; i++) {
		char id[32], *sub;

		snprintf(id, sizeof id, "BENCH-%05zu", i + 1);
		from = xasprintf("%s/packets/%s", demo, tmpl);
		to = xasprintf("%s/packets/%s", dir, id);
		copy_dir_files(from, to, tmpl, id);
		sub = xasprintf("%s/evidence", from);
		free(to);
		to = xasprintf("%s/packets/%s/evidence", dir, id);
		copy_dir_files(sub, to, tmpl, id);
		free(sub), free(from), free(to);
	}
	gen_precedents(demo, dir, precedents);
	write_file(stamp, "ok\n");
	free(stamp);
	return 0;
}
