/* bench_engine.c -- "make bench": evaluate every packet of a generated
 * repository and compare engine time with the time to load the same files.
 *
 *   bench_engine DEMO_DIR OUT_DIR [PACKETS] [PRECEDENTS]
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "benchgen.h"
#include "engine.h"
#include "repo.h"

int
main(int argc, char **argv)
{
	size_t packets = argc > 3 ? strtoul(argv[3], NULL, 10) : 10000;
	size_t precs = argc > 4 ? strtoul(argv[4], NULL, 10) : 20;
	struct engine_opts opts = { 0, 5 };
	const char *err;
	double t0, t_load, t_eng, t_gen;
	struct gh_repo *r;
	struct engine *eng;
	struct diags d;
	size_t i, verdicts[3] = { 0, 0, 0 };
	int col;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_engine DEMO_DIR OUT_DIR [PACKETS] [PRECEDENTS]\n");
		return 2;
	}
	val_parse_date("2026-11-21", &opts.today, &err, &col);
	t0 = bench_now();
	if (benchgen_repo(argv[1], argv[2], packets, precs) < 0)
		return 1;
	t_gen = bench_now() - t0;
	diags_init(&d);
	t0 = bench_now();
	r = repo_load(argv[2], &d);
	t_load = bench_now() - t0;
	if (r == NULL || r->packets.n == 0) {
		fprintf(stderr, "bench_engine: nothing loaded from %s\n", argv[2]);
		return 1;
	}
	t0 = bench_now();
	eng = engine_new(r, NULL);
	for (i = 0; i < r->packets.n; i++) {
		struct recommendation *rec = engine_evaluate(eng, &r->packets.v[i], &opts);

		verdicts[rec->verdict]++;
		rec_free(rec);
	}
	t_eng = bench_now() - t0;
	printf("engine benchmark: %zu packets, %zu precedents each considered\n",
	    r->packets.n, r->precedents.n);
	printf("  generate repository   %8.2f s (cached after the first run)\n", t_gen);
	printf("  load all files        %8.3f s  %7.1f us/packet  (%zu files, %zu problems)\n",
	    t_load, t_load * 1e6 / (double)r->packets.n, r->files, d.errors + d.warnings);
	printf("  evaluate all packets  %8.3f s  %7.1f us/packet\n", t_eng,
	    t_eng * 1e6 / (double)r->packets.n);
	printf("  ratio engine / load   %8.2f  (aim: <= 1.0)\n", t_eng / t_load);
	printf("  verdicts              SUPPORT %zu, COUNTER %zu, ESCALATE %zu\n",
	    verdicts[0], verdicts[1], verdicts[2]);
	printf("  peak RSS              %8ld KiB\n", bench_peak_rss_kb());
	engine_free(eng);
	repo_free(r);
	diags_free(&d);
	return 0;
}
