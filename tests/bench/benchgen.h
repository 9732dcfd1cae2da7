/* benchgen.h -- generate a large packet repository for benchmarks. */
#ifndef GH_BENCHGEN_H
#define GH_BENCHGEN_H

#include <stdbool.h>
#include <stddef.h>

/* Make dir (if missing or incomplete) from the demo repository: its
 * policy, `packets` copies of its first packet under new ids
 * ("BENCH-00001" ...) with tiers and windows varied, and `precedents`
 * precedents made from the demo's.  Returns 0 or -1 with a message. */
int benchgen_repo(const char *demo, const char *dir, size_t packets, size_t precedents);

struct benchgen_git_info {
	bool generated;		/* made now, not found complete */
	char busy_packet[32];	/* the packet with the most review records */
	size_t commits;
};

/* Make dir (if missing or incomplete) a bare git repository from the demo:
 * its policy and precedents in a first commit, then `packets` copies of
 * its seed packet ("BENCH-00001" ...), one commit each, with `reviews`
 * review commits (comment, sign-off, decision, with gatehouse's trailers)
 * spread over recently submitted packets.  Deterministic; written as one
 * packfile (benchgen_git.c).  Returns 0 or -1 with a message. */
int benchgen_git(const char *demo, const char *dir, size_t packets, size_t reviews,
    struct benchgen_git_info *info);

double bench_now(void);		/* monotonic seconds */
long bench_peak_rss_kb(void);	/* peak resident set of this process */

#endif
