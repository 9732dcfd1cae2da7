/* value.h -- typed scalars of the packet format: dates, durations,
 * versions, sizes, and the tagged value the gate language computes with.
 *
 * Parsers take a NUL-terminated string and return 0 on success or -1 with
 * *err set to a static, untranslated-at-source (N_) reason and *errcol to
 * the 0-based offset of the offending character.
 */
#ifndef GH_VALUE_H
#define GH_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "util.h"

/* Seconds since 1970-01-01T00:00:00Z.  Dates are midnight UTC. */
typedef int64_t gh_time;
#define GH_TIME_NONE INT64_MIN

/* Durations in seconds; never negative in files. */
typedef int64_t gh_dur;
#define GH_DUR_NONE INT64_MIN

/* Sizes in bytes. */
typedef int64_t gh_size;
#define GH_SIZE_NONE INT64_MIN

#define GH_NUM_NONE (-1e308)
#define GH_INT_NONE INT64_MIN

#define GH_VERSION_PARTS 4
struct gh_version {
	int n;				/* number of numeric parts; 0 = absent */
	long part[GH_VERSION_PARTS];
	const char *text;		/* as written, e.g. "17.4" */
};

int val_parse_date(const char *s, gh_time *out, const char **err, int *errcol);
/* Accepts a date, or date + 'T' + hh:mm[:ss] + 'Z' or +hh:mm offset. */
int val_parse_time(const char *s, gh_time *out, bool *date_only,
    const char **err, int *errcol);
/* "72h", "14d", "1d12h", "90m", "2w", "30s"; also ISO "PT4H", "P14D". */
int val_parse_duration(const char *s, gh_dur *out, const char **err, int *errcol);
/* "17", "16.4", "42.7.4", "16.0.4135.4"; a leading "v" is accepted. */
int val_parse_version(const char *s, struct gh_version *out, const char **err,
    int *errcol);
/* "42GiB", "500MB", "1.5GB", "1024" (bytes). */
int val_parse_size(const char *s, gh_size *out, const char **err, int *errcol);

int val_version_cmp(const struct gh_version *a, const struct gh_version *b);

void val_format_date(gh_time t, struct buf *out);	/* 2026-11-12 */
void val_format_time(gh_time t, bool date_only, struct buf *out);
void val_format_duration(gh_dur d, struct buf *out);	/* 3d4h */
void val_format_size(gh_size s, struct buf *out);	/* 42GiB */
void val_format_version(const struct gh_version *v, struct buf *out);

/* Days from civil date (Howard Hinnant's algorithm); no libc time zone. */
int64_t val_days_from_civil(int64_t y, unsigned m, unsigned d);
void val_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);
/* 0 = Sunday ... 6 = Saturday */
int val_weekday(gh_time t);

#endif
