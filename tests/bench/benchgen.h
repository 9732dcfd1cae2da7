/* benchgen.h -- generate a large packet repository for benchmarks. */
#ifndef GH_BENCHGEN_H
#define GH_BENCHGEN_H

#include <stddef.h>

/* Make dir (if missing or incomplete) from the demo repository: its
 * policy, `packets` copies of its first packet under new ids
 * ("BENCH-00001" ...) with tiers and windows varied, and `precedents`
 * precedents made from the demo's.  Returns 0 or -1 with a message. */
int benchgen_repo(const char *demo, const char *dir, size_t packets, size_t precedents);

double bench_now(void);		/* monotonic seconds */
long bench_peak_rss_kb(void);	/* peak resident set of this process */

#endif
