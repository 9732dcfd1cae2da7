/* bench_index.c -- "make bench": the SQLite index on a repository with a
 * long history, against the git CLI doing the same job.
 *
 *   bench_index DEMO_DIR OUT_DIR [PACKETS] [REVIEWS]
 *
 * Every measurement runs in a child process, so each gets its own peak
 * resident set (wait4's rusage, as for the git commands) and none inherits
 * the caches of another.  Times are medians; ratios are reported, never
 * judged: a benchmark has no pass or fail.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchgen.h"
#include "index.h"

#define RUNS 5
#define TODAY "2026-11-21"

struct bench {
	const char *demo;
	char *repo, *work, *bare, *db, *out;
	size_t packets, reviews;
	struct benchgen_git_info info;
	gh_time today;
};

/* What a child reports: up to 8 numbers. */
struct result {
	double v[8];
	long maxrss_kb;
	int status;
};

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Run fn in a child; its numbers come back through a pipe. */
static int
in_child(int (*fn)(struct bench *, double *), struct bench *b, struct result *r)
{
	struct rusage ru;
	int fd[2], st;
	pid_t pid;
	ssize_t n;

	memset(r, 0, sizeof *r);
	if (pipe(fd) < 0)
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		double v[8] = { 0 };
		int rc = fn(b, v);

		close(fd[0]);
		if (write(fd[1], v, sizeof v) != (ssize_t)sizeof v)
			rc = 1;
		_exit(rc ? 1 : 0);
	}
	close(fd[1]);
	n = read(fd[0], r->v, sizeof r->v);
	close(fd[0]);
	if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
		return -1;
	r->maxrss_kb = ru.ru_maxrss;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	return n == (ssize_t)sizeof r->v && r->status == 0 ? 0 : -1;
}

/* Run a command (stdout to out, or /dev/null); its time and rusage. */
static int
run_cmd(char *const argv[], const char *cwd, const char *out, double *secs, long *maxrss)
{
	struct rusage ru;
	double t0 = bench_now();
	int st;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		int fd = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (fd < 0 || dup2(fd, 1) < 0 || (cwd && chdir(cwd) < 0))
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
		return -1;
	*secs = bench_now() - t0;
	if (maxrss && ru.ru_maxrss > *maxrss)
		*maxrss = ru.ru_maxrss;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1;
}

static size_t
count_lines(const char *path)
{
	FILE *fp = fopen(path, "r");
	size_t n = 0;
	int c;

	if (fp == NULL)
		return 0;
	while ((c = getc(fp)) != EOF)
		n += c == '\n';
	fclose(fp);
	return n;
}

static void
fail(const char *what, const struct buf *err)
{
	fprintf(stderr, "bench_index: %s: %s\n", what, err && err->s ? err->s : "failed");
}

/* ---- the phases (each in a child) ------------------------------------------ */

static int
phase_generate(struct bench *b, double *v)
{
	struct benchgen_git_info info;
	double t0 = bench_now();

	if (benchgen_git(b->demo, b->repo, b->packets, b->reviews, &info) < 0)
		return 1;
	v[0] = bench_now() - t0;
	v[1] = info.generated;
	return 0;
}

static int
open_update(struct bench *b, struct store **s, struct index **idx)
{
	struct buf err = BUF_INIT;
	char *notice = NULL;
	int r = -1;

	if (store_open(b->repo, s, &err) < 0 || index_open(*s, b->db, idx, &err) < 0 ||
	    index_update(*idx, *s, b->today, &notice, &err) < 0)
		fail(b->repo, &err);
	else
		r = 0;
	free(notice);
	buf_free(&err);
	return r;
}

static int
phase_cold(struct bench *b, double *v)
{
	const struct index_stats *st;
	struct store *s = NULL;
	struct index *idx = NULL;
	double t0;
	char *wal = xasprintf("%s-wal", b->db), *shm = xasprintf("%s-shm", b->db);
	struct stat sb;

	unlink(b->db), unlink(wal), unlink(shm);
	t0 = bench_now();
	if (open_update(b, &s, &idx) < 0)
		return 1;
	v[0] = bench_now() - t0;
	st = index_last_stats(idx);
	v[1] = (double)st->packets;
	v[2] = (double)st->reviews;
	v[3] = (double)st->commits;
	index_close(idx);
	store_close(s);
	v[4] = stat(b->db, &sb) == 0 ? (double)sb.st_size : 0;
	free(wal);
	free(shm);
	return 0;
}

static int
count_row(void *arg, const struct index_packet *p)
{
	(void)p;
	(*(size_t *)arg)++;
	return 0;
}

static int
phase_warm(struct bench *b, double *v)
{
	struct index_filter f = INDEX_FILTER_INIT;
	double t[RUNS];
	size_t rows = 0;
	int i;

	for (i = 0; i < RUNS; i++) {
		struct store *s;
		struct index *idx;
		struct buf err = BUF_INIT;
		double t0 = bench_now();

		if (open_update(b, &s, &idx) < 0)
			return 1;
		rows = 0;
		if (index_queue(idx, &f, INDEX_SORT_DEADLINE, count_row, &rows, &err) < 0) {
			fail("queue", &err);
			return 1;
		}
		t[i] = bench_now() - t0;
		index_close(idx);
		store_close(s);
		buf_free(&err);
	}
	v[0] = median(t, RUNS);
	v[1] = (double)rows;
	return 0;
}

static int
count_event(void *arg, const struct index_event *e)
{
	(void)e;
	(*(size_t *)arg)++;
	return 0;
}

/* What "gatehouse log PACKET" costs with the index: open, no-op update,
 * the query; and the query alone. */
static int
phase_log_index(struct bench *b, double *v)
{
	double t[RUNS], q[RUNS];
	size_t events = 0;
	int i;

	for (i = 0; i < RUNS; i++) {
		struct store *s;
		struct index *idx;
		struct buf err = BUF_INIT;
		double t0 = bench_now(), t1;

		if (open_update(b, &s, &idx) < 0)
			return 1;
		events = 0;
		t1 = bench_now();
		if (index_log(idx, b->info.busy_packet, count_event, &events, &err) < 0) {
			fail("log", &err);
			return 1;
		}
		q[i] = bench_now() - t1;
		t[i] = bench_now() - t0;
		index_close(idx);
		store_close(s);
		buf_free(&err);
	}
	v[0] = median(t, RUNS);
	v[1] = median(q, RUNS);
	v[2] = (double)events;
	return 0;
}

static const char record[] =
	"kind: signoff\n"
	"author:\n"
	"  name: \"Zo\xc3\xab Lambert\"\n"
	"  email: zoe.lambert@northwind.example\n"
	"at: \"2026-11-21T10:00:00Z\"\n"
	"role: sre\n"
	"state: concur\n"
	"inputs_digest: 0000000000000000000000000000000000000000\n"
	"recommendation: \"ESCALATE staged-after-freeze vp-engineering\"\n"
	"engine_version: \"gatehouse-engine/1\"\n";

/* One sign-off through the store, in the repository at path. */
static int
append_runs(struct bench *b, const char *path, double *v)
{
	struct store_record rec = { b->info.busy_packet, "signoff", "concur",
		"signoff(bench): concur by Zoe Lambert as sre", record, "zlambert" };
	double t[RUNS], a[RUNS];
	int i;

	setenv("GATEHOUSE_AUTHOR", "Zo\xc3\xab Lambert <zoe.lambert@northwind.example>", 1);
	for (i = 0; i < RUNS; i++) {
		struct buf err = BUF_INIT;
		struct store *s;
		double t0 = bench_now(), t1;

		if (store_open(path, &s, &err) < 0) {
			fail(path, &err);
			return 1;
		}
		t1 = bench_now();
		if (store_append(s, &rec, NULL, NULL, &err) < 0) {
			fail("store_append", &err);
			return 1;
		}
		a[i] = bench_now() - t1;
		store_close(s);
		t[i] = bench_now() - t0;
		if (err.len)
			fail("store_append warning", &err);
		buf_free(&err);
		sleep(1);	/* record names carry the second */
	}
	v[0] = median(t, RUNS);
	v[1] = median(a, RUNS);
	return 0;
}

/* On the clone with a work tree, as the git CLI needs one. */
static int
phase_append(struct bench *b, double *v)
{
	return append_runs(b, b->work, v);
}

/* On a bare repository, as on a shared host: no checkout to update. */
static int
phase_append_bare(struct bench *b, double *v)
{
	return append_runs(b, b->bare, v);
}

/* The index of the cold build, copied for the clone (whose HEAD is the
 * bare repository's plus the commits made above), updated: then one more
 * sign-off, and the update that follows it. */
static int
phase_incremental(struct bench *b, double *v)
{
	struct store_record rec = { b->info.busy_packet, "signoff", "concur",
		"signoff(bench): concur by Zoe Lambert as sre", record, "zlambert" };
	char *db = xasprintf("%s/index-work.sqlite", b->out), *cmd;
	const struct index_stats *st;
	struct buf err = BUF_INIT;
	struct index *idx;
	struct store *s;
	double t0;
	int r = 1;

	cmd = xasprintf("cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", b->db, db, db, db);
	if (system(cmd) != 0 || store_open(b->work, &s, &err) < 0 ||
	    index_open(s, db, &idx, &err) < 0)
		goto out;
	t0 = bench_now();
	if (index_update(idx, s, b->today, NULL, &err) < 0)
		goto out;
	v[0] = bench_now() - t0;
	st = index_last_stats(idx);
	v[1] = (double)st->commits;
	v[2] = (double)st->reindexed;
	setenv("GATEHOUSE_AUTHOR", "Zo\xc3\xab Lambert <zoe.lambert@northwind.example>", 1);
	if (store_append(s, &rec, NULL, NULL, &err) < 0)
		goto out;
	t0 = bench_now();
	if (index_update(idx, s, b->today, NULL, &err) < 0)
		goto out;
	v[3] = bench_now() - t0;
	st = index_last_stats(idx);
	v[4] = (double)st->commits;
	v[5] = (double)st->reindexed;
	index_close(idx);
	store_close(s);
	r = 0;
out:
	if (r)
		fail("incremental update", &err);
	buf_free(&err);
	free(cmd);
	free(db);
	return r;
}

/* ---- the git CLI ------------------------------------------------------------ */

static int
git_log(struct bench *b, double *secs, size_t *lines, long *maxrss)
{
	char *path = xasprintf("packets/%s", b->info.busy_packet);
	char *gitdir = xasprintf("--git-dir=%s", b->repo);
	char *out = xasprintf("%s/git-log.txt", b->out);
	char *argv[] = { "git", gitdir, "log", "--oneline", "--", path, NULL };
	double t[3];
	int i, r = 0;

	for (i = 0; i < 3 && r == 0; i++)
		r = run_cmd(argv, NULL, out, &t[i], maxrss);
	*secs = r == 0 ? median(t, 3) : 0;
	*lines = count_lines(out);
	free(out);
	free(gitdir);
	free(path);
	return r;
}

/* The same record as a file in the work tree, then git add, git commit. */
static int
git_commit(struct bench *b, double *secs, long *maxrss)
{
	double t[RUNS];
	int i, r = 0;

	for (i = 0; i < RUNS && r == 0; i++) {
		char *rel = xasprintf("packets/%s/reviews/20261121T1000%02dZ-zlambert-git%d%ld.yaml",
		    b->info.busy_packet, i, i, (long)getpid());
		char *abs = xasprintf("%s/%s", b->work, rel);
		char *add[] = { "git", "add", "--", rel, NULL };
		char *ci[] = { "git", "-c", "user.name=Zoe Lambert", "-c",
			"user.email=zoe.lambert@northwind.example", "commit", "-q", "-m",
			"signoff(bench): concur by Zoe Lambert as sre", NULL };
		double ta = 0, tc = 0;
		FILE *fp = fopen(abs, "w");

		if (fp == NULL || fputs(record, fp) < 0 || fclose(fp) != 0) {
			r = -1;
		} else {
			r = run_cmd(add, b->work, NULL, &ta, maxrss);
			if (r == 0)
				r = run_cmd(ci, b->work, NULL, &tc, maxrss);
		}
		t[i] = ta + tc;
		free(rel);
		free(abs);
	}
	*secs = r == 0 ? median(t, RUNS) : 0;
	return r;
}

/* A clone of the generated repository (sharing its objects), made once. */
static int
make_clone(const char *repo, const char *dir, bool bare, const char *marker)
{
	char *argv[] = { "git", "clone", "-q", "--shared", (char *)repo, (char *)dir, NULL,
		NULL };
	char *m = xasprintf("%s/%s", dir, marker);
	struct stat st;
	double secs;
	int r = 0;

	if (bare) {
		memmove(argv + 4, argv + 3, 4 * sizeof *argv);
		argv[3] = "--bare";
	}
	if (stat(m, &st) != 0) {
		char *cmd = xasprintf("rm -rf '%s'", dir);

		fprintf(stderr, "bench_index: cloning %s\n", dir);
		r = system(cmd) == 0 ? run_cmd(argv, NULL, NULL, &secs, NULL) : -1;
		free(cmd);
	}
	free(m);
	return r;
}

/* ---- main ------------------------------------------------------------------- */

static void
report(struct bench *b)
{
	struct result gen, cold, warm, logi, app, bare, inc;
	double t_gitlog = 0, t_gitci = 0;
	size_t git_lines = 0;
	long rss_log = 0, rss_ci = 0;

	if (in_child(phase_generate, b, &gen) < 0 ||
	    benchgen_git(b->demo, b->repo, b->packets, b->reviews, &b->info) < 0) {
		fprintf(stderr, "bench_index: could not generate %s\n", b->repo);
		exit(1);
	}
	printf("index benchmark: %zu packets, %zu review commits (%zu commits in all)\n",
	    b->packets, b->reviews, b->info.commits);
	printf("  repository                %s\n", b->repo);
	printf("  generate repository    %9.2f s  peak %8ld KiB%s\n", gen.v[0], gen.maxrss_kb,
	    gen.v[1] ? "" : "  (cached)");
	if (in_child(phase_cold, b, &cold) < 0 || in_child(phase_warm, b, &warm) < 0 ||
	    in_child(phase_log_index, b, &logi) < 0)
		exit(1);
	printf("  cold index build       %9.2f s  peak %8ld KiB  (%.0f packets, %.0f reviews,"
	    " %.0f commits walked; %.0f MiB)\n", cold.v[0], cold.maxrss_kb, cold.v[1], cold.v[2],
	    cold.v[3], cold.v[4] / 1048576);
	printf("  warm open to queue     %9.4f s  peak %8ld KiB  (%.0f rows; median of %d)\n",
	    warm.v[0], warm.maxrss_kb, warm.v[1], RUNS);
	printf("  log %s: index  %9.4f s  peak %8ld KiB  (open+update+query; query alone"
	    " %.5f s; %.0f commits)\n", b->info.busy_packet, logi.v[0], logi.maxrss_kb,
	    logi.v[1], logi.v[2]);
	if (git_log(b, &t_gitlog, &git_lines, &rss_log) < 0)
		fprintf(stderr, "bench_index: git log failed\n");
	printf("  log %s: git CLI%9.4f s  peak %8ld KiB  (git log --oneline -- packets/%s;"
	    " %zu commits; median of 3)\n", b->info.busy_packet, t_gitlog, rss_log,
	    b->info.busy_packet, git_lines);
	printf("  ratio git log / index  %9.1fx (aim: >= 10x)\n",
	    logi.v[0] > 0 ? t_gitlog / logi.v[0] : 0);
	if (make_clone(b->repo, b->work, false, ".git/index") < 0 ||
	    make_clone(b->repo, b->bare, true, "HEAD") < 0 ||
	    in_child(phase_append, b, &app) < 0 || in_child(phase_append_bare, b, &bare) < 0 ||
	    git_commit(b, &t_gitci, &rss_ci) < 0) {
		fprintf(stderr, "bench_index: the commit comparison failed\n");
		exit(1);
	}
	printf("  sign-off: store_append %9.4f s  peak %8ld KiB  (clone with work tree:"
	    " open+append+close; append alone %.4f s; median of %d)\n", app.v[0],
	    app.maxrss_kb, app.v[1], RUNS);
	printf("  sign-off: git add+commit%8.4f s  peak %8ld KiB  (same clone; two git"
	    " processes; median of %d)\n", t_gitci, rss_ci, RUNS);
	printf("  ratio git CLI / store  %9.1fx (aim: >= 2x)\n",
	    app.v[0] > 0 ? t_gitci / app.v[0] : 0);
	printf("  sign-off: store_append %9.4f s  peak %8ld KiB  (bare repository, as on a"
	    " shared host; append alone %.4f s)\n", bare.v[0], bare.maxrss_kb, bare.v[1]);
	printf("  ratio git CLI / bare   %9.1fx\n", bare.v[0] > 0 ? t_gitci / bare.v[0] : 0);
	if (in_child(phase_incremental, b, &inc) < 0)
		exit(1);
	printf("  incremental update     %9.4f s  peak %8ld KiB  (clone's new commits: %.0f"
	    " walked, %.0f packets re-indexed)\n", inc.v[0], inc.maxrss_kb, inc.v[1], inc.v[2]);
	printf("  ... after one sign-off %9.4f s  (%.0f commit walked, %.0f packet"
	    " re-indexed)\n", inc.v[3], inc.v[4], inc.v[5]);
}

int
main(int argc, char **argv)
{
	struct bench b;
	const char *err;
	int col;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_index DEMO_DIR OUT_DIR [PACKETS] [REVIEWS]\n");
		return 2;
	}
	memset(&b, 0, sizeof b);
	b.demo = argv[1];
	b.out = argv[2];
	b.packets = argc > 3 ? strtoul(argv[3], NULL, 10) : 10000;
	b.reviews = argc > 4 ? strtoul(argv[4], NULL, 10) : 100000;
	b.repo = xasprintf("%s/git-%zu-%zu.git", b.out, b.packets, b.reviews);
	b.work = xasprintf("%s/work-%zu-%zu", b.out, b.packets, b.reviews);
	b.bare = xasprintf("%s/bare-%zu-%zu.git", b.out, b.packets, b.reviews);
	b.db = xasprintf("%s/index-%zu-%zu.sqlite", b.out, b.packets, b.reviews);
	val_parse_date(TODAY, &b.today, &err, &col);
	mkdir(b.out, 0755);
	setenv("GATEHOUSE_TODAY", TODAY, 1);
	report(&b);
	free(b.repo);
	free(b.work);
	free(b.bare);
	free(b.db);
	return 0;
}
